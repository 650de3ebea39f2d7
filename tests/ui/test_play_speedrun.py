"""The runner's view while playing: a finished run becomes the PB on disk, R is instant and
saves the abandoned run, the toggles work, the title switches the category."""

import pygame
import pytest
from play_nav import Nav, play

from game.input import Action, MenuAction
from game.level import tiled
from game.level.tiled import load_level
from game.render.ghost import naruto_feet
from game.sim.dialogue import MIN_OPEN_TICKS
from game.speedrun.pbstore import PersonalBests
from game.speedrun.replay import read_replay
from game.tas import load_input_script
from game.ui.play import PlayScene
from game.ui.results import ResultsScreen
from game.ui.title import TitleScreen

RESTART = MenuAction(Action.RESTART, "keyboard")


@pytest.fixture(scope="module")
def level():
    return load_level("maps/great_mine.tmx")


@pytest.fixture(scope="module")
def demo():
    return load_input_script("maps/demos/great_mine.inputs")


@pytest.mark.slow
def test_a_finished_any_percent_run_is_the_pb_and_the_results_chart_it(
    tmp_path, level, sprites, demo
):
    nav = Nav(tmp_path)
    scene = PlayScene(nav, level, sprites)
    play(scene, nav, demo, 2100)
    assert scene.session.attempt.final == 1932  # the quota tick: the timer stopped there
    assert scene.world.game_ticks == 1932  # and the world with it
    record = PersonalBests(tmp_path / "pb.json").get("great_mine", "any")
    assert record.pb_rows == (428, 1159, 1600, None, None, 1932)
    world, renderer, chart = nav.results
    screen = ResultsScreen(nav, world, renderer, chart)
    assert screen.rank == "S"  # 0:32.20 against the Any% par of 1:20, the others inside
    canvas = pygame.Surface((640, 360))
    screen.ticks = 1000
    screen.draw(canvas)  # the chart part draws without error, past its reveal


def test_a_practice_run_never_sets_a_pb(tmp_path, level, sprites, demo):
    nav = Nav(tmp_path)
    scene = PlayScene(nav, level, sprites, practice=True)
    play(scene, nav, demo, 2000)
    assert scene.session.attempt.final == 1932
    assert PersonalBests(tmp_path / "pb.json").get("great_mine", "any").pb_rows == ()


def test_restart_is_instant_and_keeps_the_abandoned_runs_golds(
    tmp_path, monkeypatch, level, sprites, demo
):
    """R starts the new run from the level in memory, on the very next frame, the abandoned
    run's replay and best segments saved first. (How long that takes: `python -m game bench`,
    `restart_ms`.)"""
    monkeypatch.setenv("GREAT_MINE_RESCUE_HOME", str(tmp_path))
    nav = Nav(tmp_path, category="all")
    scene = PlayScene(nav, level, sprites)
    play(scene, nav, demo, 500)  # past the first split
    abandoned = scene.world

    def no_loading(*args, **kwargs):
        raise AssertionError("R loaded the map again")

    monkeypatch.setattr(tiled, "load_level", no_loading)
    canvas = pygame.Surface((640, 360))
    scene.on_action(RESTART)
    assert scene.world is not abandoned and scene.world.level is level  # no file read
    scene.draw(canvas)  # the next frame is the new run's first
    (replay,) = (tmp_path / "replays").glob("*.gmr")
    assert read_replay(replay).final_tick == abandoned.tick  # saved, every tick of it
    assert scene.world.tick == MIN_OPEN_TICKS and not scene.world.dialogue  # intro skipped
    assert not scene.world.started and scene.world.game_ticks == 0
    record = PersonalBests(tmp_path / "pb.json").get("great_mine", "all")
    assert record.pb_rows == () and record.best_segments[0] == 428


def test_t_toggles_real_time_and_tab_the_splits_panel(tmp_path, level, sprites):
    nav = Nav(tmp_path)
    scene = PlayScene(nav, level, sprites)
    scene.on_key(pygame.K_t)
    assert nav.settings.show_real_time is False
    scene.on_key(pygame.K_t)
    assert nav.settings.show_real_time is True
    shown = scene.show_splits
    scene.on_key(pygame.K_TAB)
    assert scene.show_splits is not shown


def test_c_on_the_title_switches_the_category(tmp_path, level, sprites):
    nav = Nav(tmp_path)
    title = TitleScreen(nav, level, sprites)
    title.on_key(pygame.K_c)
    assert nav.settings.category == "all"
    title.on_key(pygame.K_c)
    assert nav.settings.category == "any"


@pytest.mark.slow
def test_a_pb_leaves_a_ghost_that_the_next_run_draws_and_g_hides(
    tmp_path, monkeypatch, level, sprites, demo
):
    monkeypatch.setenv("GREAT_MINE_RESCUE_HOME", str(tmp_path))
    nav = Nav(tmp_path)
    scene = PlayScene(nav, level, sprites)
    feet = {}
    for _ in range(2000):
        nav.mask = demo.mask(scene.world.tick)
        scene.tick()
        n = scene.world.naruto
        feet.setdefault(scene.world.game_ticks, (n.x, n.y))
    assert (tmp_path / "ghosts" / "great_mine_any.ghost").is_file()
    again = PlayScene(Nav(tmp_path), level, sprites)
    for ticks in (1, 500, 1932):
        x, y = feet[ticks]
        expected = naruto_feet(type("N", (), {"x": x, "y": y})())
        assert again.session.ghost.at(ticks)[:2] == expected
    assert again.show_ghost
    again.on_key(pygame.K_g)
    assert not again.show_ghost


def test_a_broken_ghost_means_no_ghost_not_a_crash(tmp_path, monkeypatch, level, sprites, capsys):
    monkeypatch.setenv("GREAT_MINE_RESCUE_HOME", str(tmp_path))
    (tmp_path / "ghosts").mkdir()
    (tmp_path / "ghosts" / "great_mine_any.ghost").write_text('{"version": 1, "points": "!!"}')
    scene = PlayScene(Nav(tmp_path), level, sprites)
    assert scene.session.ghost is None
    assert capsys.readouterr().err.count("\n") == 1


@pytest.mark.slow
def test_practice_starts_from_a_split_from_the_pause_menu_and_never_sets_a_pb(
    tmp_path, level, sprites, demo
):
    nav = Nav(tmp_path)
    scene = PlayScene(nav, level, sprites)
    play(scene, nav, demo, 1300)  # through the first two splits
    split_two = scene.world.split_ticks[1]
    scene.on_action(MenuAction(Action.PAUSE, "keyboard"))
    scene.draw(pygame.Surface((640, 360)))  # the pause menu lists the practice splits
    scene.on_key(pygame.K_2)
    assert not scene.paused and scene.session.practice
    assert scene.world.split_ticks == [428, 1159] and scene.world.game_ticks == split_two
    scene.on_action(RESTART)  # R in practice: back to the same split
    assert scene.world.game_ticks == split_two
    play(scene, nav, demo, 900)
    assert scene.session.attempt.final == 1932
    assert PersonalBests(tmp_path / "pb.json").get("great_mine", "any").pb_rows == ()
