"""Title (with attract mode), play, pause and results respond the way a player expects."""

import pygame
import pytest
from play_nav import QuietNav
from synthetic_level import make_level

from game.input import Action, MenuAction
from game.sim.constants import RIGHT
from game.ui.play import FINISH_HOLD_TICKS, PlayScene
from game.ui.results import ResultsScreen, headline
from game.ui.title import ATTRACT_AFTER_TICKS, TitleScreen


class FakeNav(QuietNav):
    def __init__(self):
        super().__init__()
        self.calls = []
        self.paused = False
        self.mask = 0

    def sample_input(self):
        return self.mask

    def set_paused(self, paused):
        self.paused = paused

    def start_play(self):
        self.calls.append("play")

    def show_title(self):
        self.calls.append("title")

    def show_results(self, world, renderer, chart=None):
        self.calls.append("results")

    def quit(self):
        self.calls.append("quit")


def key(action, device="keyboard"):
    return MenuAction(action, device)


@pytest.fixture
def level(tmp_path):
    return make_level(tmp_path)


@pytest.fixture
def demo(tmp_path):
    path = tmp_path / "demo.inputs"
    path.write_text("0 right\n40 -\n")
    return path


def canvas():
    return pygame.Surface((640, 360))


# --- title ------------------------------------------------------------------------------------
def test_enter_on_the_title_starts_the_game(level, sprites):
    nav = FakeNav()
    title = TitleScreen(nav, level, sprites)
    title.on_action(key(Action.CONFIRM))
    assert nav.calls == ["play"]


def test_start_on_a_pad_starts_but_escape_on_the_keyboard_asks_to_quit(level, sprites):
    nav = FakeNav()
    title = TitleScreen(nav, level, sprites)
    title.on_action(key(Action.PAUSE, "gamepad"))
    title.on_action(key(Action.PAUSE, "keyboard"))
    assert nav.calls == ["play"] and title.confirm is not None  # "Quit the game?"
    title.on_action(key(Action.UP))  # onto Yes
    title.on_action(key(Action.CONFIRM))
    assert nav.calls == ["play", "quit"]


def test_an_idle_title_plays_the_demo_behind_the_menu(level, sprites, demo):
    title = TitleScreen(FakeNav(), level, sprites, demo)
    for _ in range(ATTRACT_AFTER_TICKS - 1):
        title.tick()
    assert not title.in_demo
    title.tick()
    assert title.in_demo
    start_x = title.demo_world.naruto.x
    for _ in range(30):
        title.tick()
    assert title.demo_world.naruto.x > start_x  # the script's "right" moves him
    title.draw(canvas())


def test_any_key_stops_the_demo_and_goes_on_to_act(level, sprites, demo):
    title = TitleScreen(FakeNav(), level, sprites, demo)
    title.start_demo()
    assert title.on_activity() is False  # the demo stops, and the key still acts
    assert not title.in_demo
    assert title.on_activity() is False


def test_no_demo_file_means_no_attract_mode(level, sprites, tmp_path):
    title = TitleScreen(FakeNav(), level, sprites, tmp_path / "missing.inputs")
    for _ in range(ATTRACT_AFTER_TICKS + 10):
        title.tick()
    assert not title.in_demo
    title.draw(canvas())


def test_the_demo_loops_when_it_is_over(level, sprites, demo):
    title = TitleScreen(FakeNav(), level, sprites, demo)
    title.start_demo()
    first = title.demo_world
    first.finished = True
    for _ in range(5 * 60):
        title.tick()
    assert title.in_demo and title.demo_world is not first


# --- play and pause ---------------------------------------------------------------------------
def test_play_feeds_the_sampled_input_to_the_world(level, sprites):
    nav = FakeNav()
    play = PlayScene(nav, level, sprites)
    nav.mask = RIGHT
    x = play.world.naruto.x
    for _ in range(20):
        play.tick()
    assert play.world.tick == 20
    assert play.world.naruto.x > x


def test_pause_freezes_the_world_and_resumes(level, sprites):
    nav = FakeNav()
    play = PlayScene(nav, level, sprites)
    play.on_action(key(Action.PAUSE))
    assert play.paused and nav.paused
    play.tick()
    assert play.world.tick == 0
    play.draw(canvas())
    play.on_action(key(Action.PAUSE))
    play.tick()
    assert not nav.paused and play.world.tick == 1


def test_losing_focus_pauses(level, sprites):
    nav = FakeNav()
    play = PlayScene(nav, level, sprites)
    play.on_focus_lost()
    assert play.paused and nav.paused


def test_back_from_the_pause_menu_goes_to_the_title(level, sprites):
    nav = FakeNav()
    play = PlayScene(nav, level, sprites)
    play.on_action(key(Action.BACK))
    assert nav.calls == []  # not while playing
    play.on_action(key(Action.PAUSE))
    play.on_action(key(Action.BACK))
    assert nav.calls == ["title"]


def test_restart_is_instant_and_starts_a_fresh_world(level, sprites):
    nav = FakeNav()
    play = PlayScene(nav, level, sprites)
    nav.mask = RIGHT
    for _ in range(30):
        play.tick()
    old = play.world
    play.on_action(key(Action.RESTART))
    assert play.world is not old
    assert play.world.tick == 0 and play.world.game_ticks == 0


def test_a_script_replaces_live_input(level, sprites, demo):
    from game.tas import load_input_script

    nav = FakeNav()
    play = PlayScene(nav, level, sprites, load_input_script(demo))
    nav.mask = 0  # nobody touches the keyboard
    x = play.world.naruto.x
    for _ in range(20):
        play.tick()
    assert play.world.naruto.x > x


def test_a_finished_run_goes_to_the_results_after_a_moment(level, sprites):
    nav = FakeNav()
    play = PlayScene(nav, level, sprites)
    play.world.finished = True
    for _ in range(FINISH_HOLD_TICKS - 1):
        play.tick()
    assert nav.calls == []
    play.tick()
    assert nav.calls == ["results"]


# --- results ----------------------------------------------------------------------------------
def test_results_offer_retry_and_title(level, sprites):
    nav = FakeNav()
    play = PlayScene(nav, level, sprites)
    results = ResultsScreen(nav, play.world, play.renderer)
    for _ in range(120):
        results.tick()
    results.draw(canvas())
    results.on_action(key(Action.RESTART))
    results.on_action(key(Action.CONFIRM))
    assert nav.calls == ["play", "title"]


def test_the_headline_says_whether_everyone_got_out(level):
    class Outcome:
        def __init__(self, rescued, lost, result):
            self.rescued, self.lost, self.result, self.total_miners = rescued, lost, result, 3

    assert headline(Outcome(3, 0, "rescued"))[0] == "EVERYONE IS OUT"
    assert headline(Outcome(1, 2, "collapsed"))[0] == "THE MINE CAME DOWN"
