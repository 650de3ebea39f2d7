"""The TAS controls on the play screen, driven through the screen with key events and a fake
clock: frame advance, fast-forward, rewind and go-to, breakpoints and asserts, live reload
of the script, and TAS mode from the pause menu (no PB, no replay)."""

import time

import pygame
import pytest
from fake_clock import FakeClock
from speedrun_level import RUN, make_speedrun_level

from game.app import App
from game.input import Action, MenuAction
from game.sim.constants import RIGHT
from game.sim.world import World
from game.speedrun.recorder import replays_dir
from game.speedrun.replay import read_replay
from game.store import Settings
from game.tas import load_input_script, parse_input_script
from game.ui.play import PlayScene
from game.ui.tas_control import MAX_BUDGET_SECONDS, POLL_SECONDS

SCRIPT_TEXT = "0 -\n11 jump\n12 right\n150 -\n"
PAUSE = MenuAction(Action.PAUSE, "keyboard")
CONFIRM = MenuAction(Action.CONFIRM, "keyboard")
RESTART = MenuAction(Action.RESTART, "keyboard")


class TasNav:
    """The app as the play screen sees it: default settings, a fake clock, held buttons."""

    def __init__(self, clock, lockstep=True):
        self.settings = Settings(category="any")
        self.personal_bests = None
        self.seen_intros = set()
        self.clock = clock
        self.lockstep = lockstep
        self.mask = 0
        self.results = None

    def sample_input(self):
        return self.mask

    def set_paused(self, paused):
        pass

    def show_results(self, world, renderer, chart=None):
        self.results = world

    def show_notice(self, text, seconds):
        pass

    def show_title(self):
        pass

    def show_scene(self, scene):
        pass

    def update_settings(self, **changes):
        self.settings = self.settings.replace(**changes)


@pytest.fixture
def level(tmp_path):
    return make_speedrun_level(tmp_path)


def key(scene, code):
    return scene.on_event(pygame.event.Event(pygame.KEYDOWN, key=code, mod=0))


def fresh_hash(level, script, ticks):
    world = World(level)
    for tick in range(ticks):
        world.step(script.mask(tick))
    return world.state_hash()


def scripted(tmp_path, level, sprites, text=SCRIPT_TEXT, clock=None):
    path = tmp_path / "run.inputs"
    path.write_text(text)
    nav = TasNav(clock or FakeClock())
    scene = PlayScene(nav, level, sprites, load_input_script(path), script_path=path)
    return scene, nav, path


def test_frame_advance_runs_exactly_one_tick(tmp_path, level, sprites):
    scene, _, _ = scripted(tmp_path, level, sprites)
    for _ in range(40):
        scene.tick()
    assert key(scene, pygame.K_SLASH)  # pause
    scene.tick()
    assert scene.world.tick == 40 and not scene.tas.playing
    assert key(scene, pygame.K_PERIOD)
    assert scene.world.tick == 41
    for _ in range(5):
        scene.tick()  # paused: the loop's ticks run nothing
    assert scene.world.tick == 41
    assert scene.world.state_hash() == fresh_hash(level, RUN, 41)
    assert scene.tas.last_mask == RUN.mask(40)  # the panel's buttons: the tick shown


@pytest.mark.parametrize(
    "speed_key, per_tick", [(pygame.K_F5, 1), (pygame.K_F6, 2), (pygame.K_F7, 4)]
)
def test_fast_forward_runs_that_many_ticks_a_game_tick(
    tmp_path, level, sprites, speed_key, per_tick
):
    scene, _, _ = scripted(tmp_path, level, sprites)
    key(scene, speed_key)
    scene.tick()
    scene.tick()
    assert scene.world.tick == 2 * per_tick
    assert scene.world.state_hash() == fresh_hash(level, RUN, 2 * per_tick)


def test_full_speed_steps_until_the_frame_budget_is_spent(tmp_path, level, sprites):
    clock = FakeClock()

    def ticking_clock():
        clock.now += 0.001  # every reading: a millisecond later
        return clock.now

    scene, _, _ = scripted(tmp_path, level, sprites, clock=ticking_clock)
    key(scene, pygame.K_F8)
    scene.tick()  # the loop's ticks run nothing at full speed...
    assert scene.world.tick == 0
    ran = scene.frame_burst()  # ...the frame spends its budget instead
    assert ran == round(MAX_BUDGET_SECONDS / 0.001)
    assert scene.world.tick == ran


def test_fast_forward_in_the_app_steps_several_ticks_and_draws_once(tmp_path, monkeypatch):
    level = make_speedrun_level(tmp_path)
    monkeypatch.setattr(App, "_load_level", staticmethod(lambda *args, **kwargs: level))
    script = tmp_path / "run.inputs"
    script.write_text(SCRIPT_TEXT)
    app = App("any.tmx", inputs_path=str(script), exit_after=1000)  # lockstep: a tick a frame
    app.open_window()
    try:
        app.step_frame()
        assert app.scene.world.tick == 1
        pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_F7, mod=0))
        draws = app.draws
        app.step_frame()  # one game tick of the loop: four of the world, one picture
        assert app.scene.world.tick == 5 and app.draws == draws + 1
    finally:
        pygame.quit()


def test_rewind_and_go_to_give_the_world_of_a_run_from_the_start(tmp_path, level, sprites):
    scene, _, _ = scripted(tmp_path, level, sprites)
    for _ in range(130):
        scene.tick()
    key(scene, pygame.K_COMMA)
    assert scene.world.tick == 129 and not scene.tas.playing
    assert scene.world.state_hash() == fresh_hash(level, RUN, 129)
    key(scene, pygame.K_PAGEUP)
    assert scene.world.tick == 69
    assert scene.world.state_hash() == fresh_hash(level, RUN, 69)
    for code in (pygame.K_F9, pygame.K_1, pygame.K_0, pygame.K_7, pygame.K_RETURN):
        assert key(scene, code)  # every key is taken while the tick is typed
    assert scene.world.tick == 107
    assert scene.world.state_hash() == fresh_hash(level, RUN, 107)
    key(scene, pygame.K_HOME)
    assert scene.world.tick == 0


def test_a_breakpoint_stops_playback_at_the_next_input_lines_tick(tmp_path, level, sprites):
    text = "0 -\n11 jump\n# breakpoint\n12 right\n60 right\n# breakpoint\n70 -\n"
    scene, _, _ = scripted(tmp_path, level, sprites, text)
    key(scene, pygame.K_F7)  # x4 runs past no breakpoint
    for _ in range(10):
        scene.tick()
    assert scene.world.tick == 12 and not scene.tas.playing
    assert "breakpoint at tick 12" in scene.tas.note
    key(scene, pygame.K_SLASH)
    for _ in range(30):
        scene.tick()
    assert scene.world.tick == 70


def test_a_failed_assert_stops_playback_and_says_so(tmp_path, level, sprites):
    text = SCRIPT_TEXT + "assert 30 naruto_x<0\nassert 20 tick==20\n"
    scene, _, path = scripted(tmp_path, level, sprites, text)
    for _ in range(40):
        scene.tick()
    assert scene.world.tick == 30 and not scene.tas.playing
    note = scene.tas.note
    assert note.startswith("run.inputs:5: assert at tick 30 failed: naruto_x<0 (naruto_x is ")


def test_saving_the_script_re_runs_it_to_the_same_tick(tmp_path, level, sprites):
    clock = FakeClock()
    scene, _, path = scripted(tmp_path, level, sprites, clock=clock)
    for _ in range(120):
        scene.tick()
    key(scene, pygame.K_SLASH)  # paused, and it stays so
    edited = "0 -\n11 jump\n12 right\n80 left\n150 -\n"
    path.write_text(edited)
    clock.now += POLL_SECONDS
    scene.tick()  # the poll: back to the last snapshot before tick 80...
    assert scene.world.tick == 60 and "re-running from tick 80 to 120" in scene.tas.note
    scene.frame_burst()  # ...and re-run a frame at a time (the fake clock stands still)
    assert scene.world.tick == 120 and not scene.tas.playing
    new = parse_input_script(edited)
    assert scene.world.state_hash() == fresh_hash(level, new, 120)
    assert scene.world.state_hash() != fresh_hash(level, RUN, 120)
    assert "re-ran from tick 80 to 120" in scene.tas.note


def test_a_broken_save_keeps_the_old_script(tmp_path, level, sprites):
    clock = FakeClock()
    scene, _, path = scripted(tmp_path, level, sprites, clock=clock)
    for _ in range(50):
        scene.tick()
    path.write_text("0 -\n11 jump\n12 moonwalk\n")
    clock.now += POLL_SECONDS
    scene.tick()  # the poll, then a tick of the old script
    assert scene.tas.note.startswith("not reloaded: ") and "moonwalk" in scene.tas.note
    assert "\n" not in scene.tas.note
    assert scene.world.state_hash() == fresh_hash(level, RUN, 51)


def test_tas_mode_from_the_pause_menu_keeps_no_pb_and_no_replay_of_the_tas_part(
    tmp_path, level, sprites, monkeypatch
):
    monkeypatch.setenv("GREAT_MINE_RESCUE_HOME", str(tmp_path / "home"))
    nav = TasNav(time.perf_counter, lockstep=False)
    scene = PlayScene(nav, level, sprites)
    for _ in range(30):
        nav.mask = RUN.mask(scene.world.tick)
        scene.tick()
    scene.on_action(PAUSE)
    labels = [entry.label for entry in scene.pause_entries()]
    scene.pause_row = labels.index("TAS mode")
    scene.on_action(CONFIRM)
    assert scene.tas is not None and scene.tas.live and not scene.paused
    assert not scene.tas.playing  # it starts paused
    for _ in range(20):  # frame advance with the buttons held
        nav.mask = RUN.mask(scene.world.tick)
        key(scene, pygame.K_PERIOD)
    assert scene.world.tick == 50
    key(scene, pygame.K_PAGEUP)  # back to where TAS mode began: no further
    assert scene.world.tick == 30
    assert scene.world.state_hash() == fresh_hash(level, RUN, 30)
    key(scene, pygame.K_PAGEDOWN)  # forward again through what it recorded
    assert scene.world.state_hash() == fresh_hash(level, RUN, 50)
    key(scene, pygame.K_SLASH)  # play on to the end with the script's buttons
    for _ in range(2000):
        nav.mask = RUN.mask(scene.world.tick)
        scene.tick()
        if not scene.tas.playing:
            break
    assert scene.tas.over and "the run is over" in scene.tas.note
    key(scene, pygame.K_SLASH)
    for _ in range(200):
        scene.tick()
    assert nav.results is not None  # on to the results...
    saved = list(replays_dir().iterdir())  # ...and the one replay is the attempt before TAS
    assert len(saved) == 1 and len(read_replay(saved[0]).inputs) == 30
    assert not any(scene.session.bests.get(scene.session.board, "any").pb_rows)  # no PB
    scene.on_action(RESTART)  # the next run is an attempt again
    assert scene.tas is None and scene.session.recorder is not None


def test_held_buttons_show_in_the_panel(tmp_path, level, sprites):
    from game.ui.tas_panel import draw_tas_panel

    scene, _, _ = scripted(tmp_path, level, sprites)
    for _ in range(20):
        scene.tick()
    canvas = pygame.Surface((640, 360))
    key(scene, pygame.K_F1)
    panel = draw_tas_panel(canvas, scene.tas)
    assert scene.tas.last_mask == RIGHT
    assert panel.height > 60  # the key list is open


def test_a_long_re_run_is_spread_over_frames_and_a_second_save_keeps_its_goal(
    tmp_path, level, sprites
):
    clock = FakeClock()
    scene, _, path = scripted(tmp_path, level, sprites, clock=clock)
    for _ in range(300):
        scene.tick()
    key(scene, pygame.K_SLASH)
    path.write_text("0 -\n11 jump\n12 right\n80 left\n150 -\n")
    clock.now += POLL_SECONDS
    scene.tick()
    readings = []

    def slow_clock():  # a millisecond a reading: the frame budget runs out
        clock.now += 0.001
        readings.append(clock.now)
        return clock.now

    scene.tas.clock = slow_clock
    scene.frame_burst()
    assert 60 < scene.world.tick < 300  # part of the way, within the frame's budget
    path.write_text("0 -\n11 jump\n12 right\n70 left\n150 -\n")  # saved again meanwhile
    clock.now += POLL_SECONDS
    scene.tick()
    frames = 0
    while scene.tas.catch_up is not None:
        scene.frame_burst()
        frames += 1
    assert frames > 1 and scene.world.tick == 300
    new = parse_input_script(path.read_text())
    assert scene.world.state_hash() == fresh_hash(level, new, 300)


def test_holding_comma_rewinds_a_tick_a_game_tick_cheaply(tmp_path, level, sprites, monkeypatch):
    scene, _, _ = scripted(tmp_path, level, sprites)
    for _ in range(130):
        scene.tick()
    expected = {}
    world = World(level)
    for tick in range(131):
        expected[tick] = world.state_hash()
        world.step(RUN.mask(tick))
    steps = []
    real_step = World.step
    monkeypatch.setattr(World, "step", lambda self, mask: (steps.append(1), real_step(self, mask)))
    key(scene, pygame.K_COMMA)  # one tick back at once...
    assert scene.world.tick == 129
    for _ in range(19):
        scene.tick()  # ...then nothing while it is only held...
    assert scene.world.tick == 129
    for _ in range(40):
        scene.tick()  # ...then a tick back every game tick
        assert scene.world.state_hash() == expected[scene.world.tick]
    assert scene.world.tick == 89
    assert len(steps) < 120  # re-run from a snapshot once a second, not once a tick
    scene.on_event(pygame.event.Event(pygame.KEYUP, key=pygame.K_COMMA, mod=0))
    scene.tick()
    assert scene.world.tick == 89


def test_holding_period_advances_a_tick_a_game_tick(tmp_path, level, sprites):
    scene, _, _ = scripted(tmp_path, level, sprites)
    key(scene, pygame.K_SLASH)
    key(scene, pygame.K_PERIOD)
    for _ in range(25):
        scene.tick()
    assert scene.world.tick == 1 + 25 - 19
    scene.on_focus_lost()  # a key-up lost with the focus: no endless repeat
    assert scene.paused
    scene.on_action(PAUSE)  # back from the pause menu
    for _ in range(3):
        scene.tick()
    assert scene.world.tick == 7
