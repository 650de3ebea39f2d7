"""Practice from any split the personal best reached, in a session that has reached none:
the pause menu builds the PB's snapshots a slice per frame, never at start or on R."""

import pygame
import pytest
from play_nav import Nav, play
from speedrun_level import RUN, RUN_ANY_TICKS, make_speedrun_level

import game.speedrun.practice as practice_module
import game.speedrun.session as session_module
from game.input import Action, MenuAction
from game.speedrun.pbstore import PersonalBests
from game.ui.play import PRACTICE_PREPARING, PRACTICE_READY, PRACTICE_UNAVAILABLE, PlayScene

RESTART = MenuAction(Action.RESTART, "keyboard")
PAUSE = MenuAction(Action.PAUSE, "keyboard")
PB_ROWS = (29, 72, 115, None, RUN_ANY_TICKS)


@pytest.fixture
def level(tmp_path, monkeypatch):
    monkeypatch.setenv("GREAT_MINE_RESCUE_HOME", str(tmp_path))  # replays and ghosts go here
    return make_speedrun_level(tmp_path)


@pytest.fixture
def new_session(monkeypatch):
    """Forget what this process has seen, as a newly started game would."""

    def start():
        monkeypatch.setattr(session_module, "_split_snapshots", {})
        monkeypatch.setattr(session_module, "_pb_snapshots", {})

    start()
    return start


def set_pb(tmp_path, level, sprites) -> dict[int, str]:
    """Play RUN to its Any% finish in a session of its own; returns the state hash of the
    world at each split, as that session kept it."""
    nav = Nav(tmp_path)
    scene = PlayScene(nav, level, sprites)
    play(scene, nav, RUN, 700)
    assert nav.results is not None
    assert PersonalBests(tmp_path / "pb.json").get("synthetic", "any").pb_rows == PB_ROWS
    kept = session_module._split_snapshots[level.path]
    return {index: world.state_hash() for index, world in kept.items()}


def states(scene) -> list[str]:
    return [scene.practice_state(i) for i in range(len(scene.level.splits))]


def test_a_new_session_practises_from_the_pbs_splits(
    tmp_path, level, sprites, new_session, monkeypatch
):
    pb_hashes = set_pb(tmp_path, level, sprites)
    new_session()
    looked = []
    find = practice_module.find_pb_replay
    monkeypatch.setattr(practice_module, "find_pb_replay", lambda *a: looked.append(a) or find(*a))
    nav = Nav(tmp_path)
    scene = PlayScene(nav, level, sprites)
    scene.on_action(RESTART)
    assert looked == []  # neither the start nor R touch the replays
    scene.on_action(PAUSE)
    assert states(scene) == [PRACTICE_PREPARING] * 3 + [PRACTICE_UNAVAILABLE]
    scene.on_key(pygame.K_2)
    assert scene.paused and not scene.session.practice  # not ready yet: nothing happens
    canvas = pygame.Surface((640, 360))
    for _ in range(200):  # paused frames, each with its slice of re-simulation
        scene.draw(canvas)
        if PRACTICE_PREPARING not in states(scene):
            break
    assert len(looked) == 1
    assert states(scene) == [PRACTICE_READY] * 3 + [PRACTICE_UNAVAILABLE]
    scene.on_key(pygame.K_4)
    assert scene.paused and not scene.session.practice  # nobody ever reached the far wall
    scene.on_key(pygame.K_2)
    assert scene.session.practice and not scene.paused
    assert scene.world.split_ticks == [29, 72] and scene.world.state_hash() == pb_hashes[1]
    scene.on_action(RESTART)  # R in practice: the same split again
    assert scene.world.state_hash() == pb_hashes[1]
    play(scene, nav, RUN, 600)
    assert scene.session.attempt.final == RUN_ANY_TICKS  # a finished practice run...
    record = PersonalBests(tmp_path / "pb.json").get("synthetic", "any")
    assert record.pb_rows == PB_ROWS  # ...is never a PB


def test_without_a_pb_every_split_is_unavailable(tmp_path, level, sprites, new_session):
    scene = PlayScene(Nav(tmp_path), level, sprites)
    scene.on_action(PAUSE)
    scene.draw(pygame.Surface((640, 360)))
    assert states(scene) == [PRACTICE_UNAVAILABLE] * 4
    assert not scene.start_practice(0)


def test_a_split_this_session_reached_needs_no_pb(tmp_path, level, sprites, new_session):
    nav = Nav(tmp_path)
    scene = PlayScene(nav, level, sprites)
    play(scene, nav, RUN, 60)  # the first split only, no PB anywhere
    assert states(scene) == [PRACTICE_READY] + [PRACTICE_UNAVAILABLE] * 3
    assert scene.start_practice(0) and scene.world.split_ticks == [29]
