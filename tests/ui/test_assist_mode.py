"""Assist mode as the player meets it: the Assist screen saves each change at once, the game
speed runs fewer ticks a real second (the ticks themselves unchanged), and an assisted run is
marked ASSIST on the HUD and the results."""

import pygame
import pytest
from fake_clock import FakeClock
from play_nav import Nav, QuietNav

from game.input import Action, MenuAction
from game.loop import FixedStepLoop
from game.render.hud import ASSIST
from game.ui.assists import AssistScreen
from game.ui.mouse import Pointer
from game.ui.results import ResultsScreen


def press(screen, action):
    screen.on_action(MenuAction(action, "keyboard"))


class Back:
    """The screen the Assist screen was opened from."""

    def draw(self, canvas):
        canvas.fill((40, 40, 40))


def test_every_change_is_saved_through_the_apps_settings_path():
    nav = QuietNav()
    saved = []
    nav.update_settings = lambda **changes: (
        saved.append(changes),
        QuietNav.update_settings(nav, **changes),
    )
    back = Back()
    screen = AssistScreen(nav, back)
    screen.on_key(pygame.K_LEFT)  # game speed 100 -> 90
    screen.on_key(pygame.K_LEFT)
    assert nav.settings.assist_speed == 80
    for _ in range(5):
        screen.on_key(pygame.K_LEFT)
    assert nav.settings.assist_speed == 50, "no slower than 50%"
    press(screen, Action.DOWN)
    press(screen, Action.CONFIRM)
    assert nav.settings.assist_infinite_chakra
    press(screen, Action.DOWN)
    screen.on_key(pygame.K_RIGHT)
    assert nav.settings.assist_no_stun
    press(screen, Action.DOWN)
    press(screen, Action.CONFIRM)
    assert nav.settings.assist_slow_collapse
    assert {key for change in saved for key in change} == {
        "assist_speed",
        "assist_infinite_chakra",
        "assist_no_stun",
        "assist_slow_collapse",
    }
    press(screen, Action.BACK)
    assert nav.scene is back


def test_the_mouse_clicks_rows_the_screen_drew():
    pygame.display.init()
    nav = QuietNav(assist_no_stun=True, assist_speed=70)
    screen = AssistScreen(nav, Back())
    canvas = pygame.Surface((640, 360))
    screen.draw(canvas)
    assert len(screen.mouse_rows) == 5
    speed = screen.mouse_rows.rect_of(0)
    screen.on_mouse(Pointer("click", speed.center, 1))  # the speed row: one step faster
    assert nav.settings.assist_speed == 80
    stun = screen.mouse_rows.rect_of(2)
    screen.on_mouse(Pointer("click", stun.center, 1))  # a switch: toggled
    assert not nav.settings.assist_no_stun and screen.selected == 2


@pytest.mark.parametrize("speed", [100, 70, 50])
def test_the_game_speed_runs_that_share_of_the_ticks_each_real_second(speed):
    clock = FakeClock(1000.0)
    ticks = []
    loop = FixedStepLoop(lambda: ticks.append(1), clock)
    loop.speed = speed
    for _ in range(600):  # ten seconds of 60 Hz frames
        clock.now += 1 / 60
        loop.advance()
    assert len(ticks) == 6 * speed
    assert loop.seconds_to_next_tick() <= 100 / speed / 60 + 1e-9


def test_the_hud_and_the_results_mark_an_assisted_run(tmp_path):
    from play_nav import play
    from speedrun_level import RUN, make_speedrun_level

    from game.render.pixelart import build_sprites
    from game.ui.play import PlayScene

    pygame.display.init()
    level = make_speedrun_level(tmp_path)
    nav = Nav(tmp_path, assist_infinite_chakra=True)
    scene = PlayScene(nav, level, build_sprites())
    canvas = pygame.Surface((640, 360))
    scene.draw(canvas)
    assert scene.hud.assisted
    mark = canvas.subsurface((140, 38, 80, 12))
    assert any(mark.get_at((x, y))[:3] == ASSIST for x in range(80) for y in range(12)), (
        "ASSIST is drawn beside the chakra bar"
    )
    play(scene, nav, RUN, RUN.last_change + 600)
    world, renderer, chart = nav.results
    results = ResultsScreen(nav, world, renderer, chart)
    assert results.assists == ("infinite_chakra",)
    results.draw(canvas)
    colours = {canvas.get_at((x, 50))[:3] for x in range(200, 440)}
    assert ASSIST in colours, "the ASSIST tag crosses the panel's top edge"
    plain = ResultsScreen(nav, world, renderer, None)
    plain.draw(canvas)
    assert ASSIST not in {canvas.get_at((x, 50))[:3] for x in range(200, 440)}
