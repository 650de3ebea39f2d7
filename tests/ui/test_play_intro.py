"""The opening dialogue on the play screen: shown on the session's first start, skipped by
recorded inputs on every restart (or always, with `skip_intro`), and the replay of a run
that skipped it still verifies."""

import json

import pygame
import pytest
from play_nav import Nav, play
from speedrun_level import RUN, make_speedrun_level

from game.input import Action, MenuAction
from game.sim.constants import JUMP, RIGHT
from game.sim.dialogue import MIN_OPEN_TICKS
from game.speedrun.recorder import replays_dir
from game.speedrun.replay import read_replay
from game.speedrun.verify import verify_replay
from game.store import parse_settings
from game.ui.play import PlayScene

RESTART = MenuAction(Action.RESTART, "keyboard")
SKIP_INPUTS = [0] * (MIN_OPEN_TICKS - 1) + [JUMP]


@pytest.fixture
def level(tmp_path, monkeypatch):
    monkeypatch.setenv("GREAT_MINE_RESCUE_HOME", str(tmp_path))  # replays land here
    return make_speedrun_level(tmp_path)


def shows_intro(scene) -> bool:
    return bool(scene.world.dialogue) and scene.world.tick == 0


def skipped_intro(scene) -> bool:
    world = scene.world
    return not world.dialogue and world.tick == MIN_OPEN_TICKS and world.game_ticks == 0


def test_the_first_start_shows_the_intro_and_r_skips_it(tmp_path, level, sprites):
    nav = Nav(tmp_path)
    scene = PlayScene(nav, level, sprites)
    assert shows_intro(scene)
    scene.on_action(RESTART)
    assert skipped_intro(scene)
    assert scene.session.recorder.inputs == SKIP_INPUTS  # in the replay like any other input
    scene.draw(pygame.Surface((640, 360)))  # the first frame shown: no box on it


def test_a_restarted_runs_replay_verifies_with_the_skip_in_it(tmp_path, level, sprites):
    nav = Nav(tmp_path)
    scene = PlayScene(nav, level, sprites)
    scene.on_action(RESTART)
    play(scene, nav, RUN, 120)  # RUN's own inputs from tick 12 on: through three splits
    scene.on_action(RESTART)  # the abandoned run is saved
    (path,) = replays_dir().glob("synthetic_any_dnf_*.gmr")
    replay = read_replay(path)
    assert list(replay.inputs[:MIN_OPEN_TICKS]) == SKIP_INPUTS
    assert replay.split_ticks == (29, 72, 115)  # the same ticks as the run that read it
    assert verify_replay(replay, level).ok


def test_skipping_costs_no_time(tmp_path, level, sprites):
    """The same inputs after a skipped intro reach every split on the same tick as the
    run that read it and closed it by hand."""
    nav = Nav(tmp_path)
    read = PlayScene(nav, level, sprites)
    play(read, nav, RUN, 200)
    skipped = PlayScene(nav, level, sprites)  # back from the title: seen this session
    assert skipped_intro(skipped)
    play(skipped, nav, RUN, 200 - MIN_OPEN_TICKS)
    assert skipped.world.split_ticks == read.world.split_ticks == [29, 72, 115]
    assert skipped.world.state_hash() == read.world.state_hash()


def test_skip_intro_on_skips_it_on_the_first_start_too(tmp_path, level, sprites):
    scene = PlayScene(Nav(tmp_path, skip_intro=True), level, sprites)
    assert skipped_intro(scene)


def test_script_playback_never_skips(tmp_path, level, sprites):
    nav = Nav(tmp_path, skip_intro=True)
    watched = PlayScene(nav, level, sprites, script=RUN)  # the script closes the box itself
    assert shows_intro(watched)
    watched.on_action(RESTART)
    assert shows_intro(watched)
    play(watched, nav, RUN, 60)
    assert watched.world.split_ticks == [29]


def test_a_held_button_across_the_restart_starts_the_run_at_once(tmp_path, level, sprites):
    """The runner holding right through R: the first tick after the skip starts the clock."""
    nav = Nav(tmp_path)
    scene = PlayScene(nav, level, sprites)
    nav.mask = RIGHT
    scene.on_action(RESTART)
    scene.tick()
    assert scene.world.started and scene.world.game_ticks == 1


@pytest.mark.parametrize("value", ["yes", 1, None])
def test_the_skip_intro_setting_must_be_true_or_false(value):
    settings, problems = parse_settings({"skip_intro": value})
    assert settings.skip_intro is False
    assert problems == [f"skip_intro must be true or false, got {json.dumps(value)}"]


def test_the_skip_intro_setting_is_read():
    settings, problems = parse_settings({"skip_intro": True})
    assert settings.skip_intro is True and problems == []
