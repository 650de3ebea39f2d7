"""The Options screen: every option saved at once, read back from settings.json, and applied
(the mixer, the world's brightness, the speedrun HUD, the window's mode, flashing); no display
is one line and exit 1."""

import os
import subprocess
import sys

import numpy as np
import pygame
import pytest
from play_nav import Nav

from game import window
from game.app import App
from game.input import Action, MenuAction
from game.level.tiled import load_level
from game.render import effects as fx
from game.render.pixelart import build_sprites
from game.sim import events as ev
from game.store import Settings, load_settings
from game.ui import play as play_module
from game.ui.options import OptionsScreen
from game.ui.play import PlayScene

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


@pytest.fixture(scope="module")
def sprites():
    pygame.display.init()
    pygame.display.set_mode((640, 360))
    return build_sprites()


@pytest.fixture(scope="module")
def level():
    return load_level("maps/great_mine.tmx")


@pytest.fixture(autouse=True)
def own_home(tmp_path, monkeypatch):
    """Each test its own settings.json, starting from the defaults."""
    monkeypatch.setenv("GREAT_MINE_RESCUE_HOME", str(tmp_path / "home"))


class FakeMixer:
    """The app's audio director as the options see it: what it was told."""

    def __init__(self):
        self.settings = None

    def apply_settings(self, settings):
        self.settings = settings

    @property
    def music_level(self):
        return 0.0 if self.settings.muted else self.settings.music_volume


def options_on(app, back=None) -> OptionsScreen:
    screen = OptionsScreen(app, back, max_scale=4)
    app.scene = screen
    return screen


def select(screen: OptionsScreen, key: str) -> None:
    screen.selected = [row.key for row in screen.rows].index(key)


def test_every_option_is_saved_at_once_and_read_back(monkeypatch):
    app = App()
    app.audio = FakeMixer()
    screen = options_on(app)
    changes = {
        "music_volume": ("right", 0.8),
        "effects_volume": ("left", 0.7),
        "muted": ("confirm", True),
        "screen_shake": ("confirm", False),
        "flashing": ("left", False),
        "brightness": ("right", 10),
        "smooth_scaling": ("right", True),
        "speedrun_hud": ("right", "full"),
        "scale": ("right", 3),
    }
    for key, (press, expected) in changes.items():
        select(screen, key)
        if press == "confirm":
            screen.on_action(MenuAction(Action.CONFIRM, "keyboard"))
        else:
            screen.on_key(pygame.K_RIGHT if press == "right" else pygame.K_LEFT)
        saved = load_settings()  # straight from settings.json, after every single change
        assert getattr(saved, key) == expected, key
    assert load_settings() == app.settings
    # fullscreen last: it asks the window for a new mode (none is open here)
    select(screen, "fullscreen")
    screen.on_action(MenuAction(Action.CONFIRM, "keyboard"))
    assert load_settings().fullscreen is True


def test_volume_and_mute_reach_the_mixer():
    app = App()
    app.audio = FakeMixer()
    screen = options_on(app)
    select(screen, "music_volume")
    for _ in range(3):
        screen.on_key(pygame.K_LEFT)
    assert app.audio.music_level == pytest.approx(0.4)
    select(screen, "muted")
    screen.on_action(MenuAction(Action.CONFIRM, "gamepad"))
    assert app.audio.music_level == 0.0


def test_the_pad_and_the_mouse_change_values_too():
    app = App()
    app.audio = FakeMixer()
    screen = options_on(app)
    select(screen, "brightness")
    right = pygame.event.Event(
        pygame.CONTROLLERBUTTONDOWN, button=pygame.CONTROLLER_BUTTON_DPAD_RIGHT, instance_id=0
    )
    assert screen.on_event(right) is True
    stick = pygame.event.Event(
        pygame.CONTROLLERAXISMOTION, axis=pygame.CONTROLLER_AXIS_LEFTX, value=30000, instance_id=0
    )
    screen.on_event(stick)
    screen.on_event(stick)  # held: one step, not two
    assert app.settings.brightness == 20
    canvas = pygame.Surface((640, 360))
    screen.draw(canvas)
    bar = screen._bars[screen.selected]
    from game.ui.mouse import CLICK, Pointer

    screen.on_mouse(Pointer(CLICK, (bar.right - 1, bar.centery), button=1))
    assert app.settings.brightness == 100


def test_back_returns_to_the_screen_it_came_from():
    app = App()
    app.audio = FakeMixer()
    back = object()
    screen = options_on(app, back)
    screen.on_action(MenuAction(Action.BACK, "gamepad"))
    assert app.scene is back
    screen = options_on(app, back)
    select(screen, "back")
    screen.on_action(MenuAction(Action.CONFIRM, "keyboard"))
    assert app.scene is back


def _world_and_hud(level, sprites, tmp_path, brightness):
    nav = Nav(tmp_path, brightness=brightness, speedrun_hud="timer")
    scene = PlayScene(nav, level, sprites)
    for _ in range(5):
        scene.tick()
    canvas = pygame.Surface((640, 360)).convert()
    scene.draw(canvas)
    return pygame.surfarray.array3d(canvas).astype(int)


def test_brightness_lifts_the_world_but_not_the_hud(level, sprites, tmp_path):
    dark = _world_and_hud(level, sprites, tmp_path / "a", 0)
    lit = _world_and_hud(level, sprites, tmp_path / "b", 60)
    world = (slice(120, 520), slice(100, 340))  # the middle of the view: no HUD there
    assert lit[world].mean() > dark[world].mean() * 1.4
    # The HUD's own pixels (the chakra bar's fill, the timer's white) are drawn after the lift.
    for colour in ((86, 170, 255), (244, 240, 228)):
        drawn = np.all(dark[:200, :60] == colour, axis=-1)
        assert drawn.sum() > 10
        assert np.all(lit[:200, :60][drawn] == colour)


@pytest.mark.parametrize(
    "mode, timer, real_time, splits",
    [("off", False, False, False), ("timer", True, False, False), ("full", True, True, True)],
)
def test_the_speedrun_hud_setting(
    level, sprites, tmp_path, monkeypatch, mode, timer, real_time, splits
):
    panels = []
    monkeypatch.setattr(play_module, "draw_splits_panel", lambda *args: panels.append(args))
    nav = Nav(tmp_path, speedrun_hud=mode, show_real_time=True)
    scene = PlayScene(nav, level, sprites)
    timers = []
    original = scene.hud._draw_timer
    scene.hud._draw_timer = lambda *a: timers.append(a) or original(*a)
    scene.draw(pygame.Surface((640, 360)))
    assert bool(timers) == timer
    assert bool(scene.hud.category) == real_time  # the category and real time: the full HUD
    assert bool(panels) == splits


def test_a_new_player_gets_the_timer_alone():
    assert Settings().speedrun_hud == "timer"


def test_fullscreen_and_scale_ask_the_window_for_their_mode(monkeypatch):
    asked = []
    monkeypatch.setattr(
        pygame.display, "set_mode", lambda size, flags=0: asked.append((size, flags))
    )
    app = App()
    app.audio = FakeMixer()
    pygame.display.init()
    app.update_settings(scale=3)
    app.update_settings(fullscreen=True)
    app.update_settings(fullscreen=False)
    assert asked == [
        ((1920, 1080), pygame.RESIZABLE),
        ((0, 0), pygame.FULLSCREEN),
        ((1920, 1080), pygame.RESIZABLE),
    ]
    assert load_settings().scale == 3 and not load_settings().fullscreen


def test_f11_toggles_fullscreen_and_saves_it(monkeypatch):
    asked = []
    monkeypatch.setattr(
        pygame.display, "set_mode", lambda size, flags=0: asked.append((size, flags))
    )
    app = App()
    app.audio = FakeMixer()
    pygame.display.init()
    pygame.event.clear()
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_F11, mod=0, unicode=""))
    app.handle_events()
    assert asked == [((0, 0), pygame.FULLSCREEN)] and load_settings().fullscreen


def test_smooth_scaling_fills_the_window_letterboxed_and_sharp_stays_whole():
    assert window.placement((1366, 768), smooth=False) == (pygame.Rect(43, 24, 1280, 720), False)
    rect, smooth = window.placement((1366, 768), smooth=True)
    assert smooth and rect.size == (1365, 768)
    rect, smooth = window.placement((480, 270), smooth=False)  # under 1x: scaled down, legible
    assert smooth and rect.size == (480, 270)
    assert window.placement((1280, 720), smooth=True) == (pygame.Rect(0, 0, 1280, 720), False)
    # 960x540 would be 1x with tiny text in a wide black frame: it is smoothed to fill
    rect, smooth = window.placement((960, 540), smooth=False)
    assert smooth and rect.size == (960, 540)
    assert window.placement((700, 400), smooth=False)[1] is False  # barely over 1x: sharp 1x


def test_the_max_scale_fits_the_desktop():
    assert window.max_scale((1920, 1080)) == 3
    assert window.max_scale((1366, 768)) == 2
    assert window.max_scale((800, 600)) == 1


def test_flashing_off_softens_the_fire_burst(sprites):
    bursts = fx.Effects(sprites)
    bursts.observe([(ev.FIRE, 100, 100)])
    assert fx.FIRE_BURST in bursts.kind[bursts.alive]
    soft = fx.Effects(sprites)
    soft.flashing = False
    soft.observe([(ev.FIRE, 100, 100)])
    kinds = soft.kind[soft.alive]
    assert fx.FIRE_BURST not in kinds and fx.SOFT_FIRE_BURST in kinds


def test_the_window_icon_is_32_pixels():
    pygame.display.init()
    assert window.icon().get_size() == (32, 32)


def test_no_display_is_one_line_and_exit_1():
    env = {k: v for k, v in os.environ.items() if k not in ("SDL_VIDEODRIVER", "WAYLAND_DISPLAY")}
    env["DISPLAY"] = ""
    result = subprocess.run(
        [sys.executable, "-m", "game"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "no display" in lines[0] and "Traceback" not in result.stderr
