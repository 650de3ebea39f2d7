"""Assisted runs (assist mode): the replay names its assists and verifies with them (and not
without them), and an assisted run keeps records of its own, never a PB on the unassisted
boards."""

import dataclasses
import io
import re
from pathlib import Path

import pytest
from speedrun_level import RUN, RUN_ANY_TICKS, make_speedrun_level

import game.speedrun.session as session_module
from game.level.tiled import load_level
from game.sim.world import World
from game.speedrun.pbstore import PersonalBests, board_id
from game.speedrun.recorder import RunRecorder, record_script, save_replay
from game.speedrun.replay import ReplayError, dumps, loads, read_replay
from game.speedrun.splits import Record
from game.speedrun.verify import EXIT_MISMATCH, EXIT_OK, EXIT_UNREADABLE, run_verify, verify_replay
from game.tas import load_input_script
from game.ui.play import PlayScene
from tests.ui.play_nav import Nav, play

ROOT = Path(__file__).resolve().parents[2]
GREAT_MINE = ROOT / "maps" / "great_mine.tmx"
DEMO = ROOT / "maps" / "demos" / "great_mine.inputs"
ASSISTS = ("infinite_chakra", "no_stun", "slow_collapse", "speed_70")


@pytest.fixture
def level(tmp_path):
    return make_speedrun_level(tmp_path)


# --- the replay --------------------------------------------------------------------------------
def test_an_assisted_replay_names_its_assists_and_verifies(level):
    replay = record_script(level.path, level, RUN, "any", assists=ASSISTS)
    assert replay.assists == ASSISTS
    assert replay.times["any"] == RUN_ANY_TICKS  # the run itself is the same run
    again = loads(dumps(replay))
    assert again.assists == ASSISTS and again == replay
    assert verify_replay(again, level).ok


def test_without_its_assists_the_same_inputs_do_not_verify(level):
    replay = record_script(level.path, level, RUN, "any", assists=("slow_collapse",))
    stripped = dataclasses.replace(replay, assists=())
    verdict = verify_replay(stripped, level)
    assert not verdict.ok
    assert any(line.startswith("final state hash") for line in verdict.mismatches)
    # ...and an unassisted run claimed as an assisted one does not verify either.
    plain = record_script(level.path, level, RUN, "any")
    assert verify_replay(plain, level).ok
    assert not verify_replay(dataclasses.replace(plain, assists=("no_stun",)), level).ok


def test_the_game_speed_is_recorded_but_changes_nothing_verify_checks(level):
    slowed = record_script(level.path, level, RUN, "any", assists=("speed_50",))
    plain = record_script(level.path, level, RUN, "any")
    assert slowed.assists == ("speed_50",)
    assert slowed.final_hash == plain.final_hash  # presentation only: the same ticks
    assert verify_replay(dataclasses.replace(slowed, assists=()), level).ok


def _assisted_great_mine_replay(ticks: int, assists=ASSISTS):
    """A Great Mine run reset after `ticks` ticks, recorded as the play screen records it."""
    level = load_level(GREAT_MINE)
    script = load_input_script(DEMO)
    recorder = RunRecorder(GREAT_MINE, level, "any", assists=assists)
    world = World(level, assists=assists)
    for tick in range(ticks):
        recorder.record(script.mask(tick))
        world.step(script.mask(tick))
    return recorder.finish(world)


def test_verify_re_simulates_an_assisted_replay_file(tmp_path):
    replay = _assisted_great_mine_replay(900)
    path = save_replay(replay, tmp_path)
    assert re.fullmatch(r"great_mine_any_assisted_dnf_.*\.gmr", path.name)
    assert read_replay(path).assists == ASSISTS
    out = io.StringIO()
    assert run_verify(str(path), out=out) == EXIT_OK
    assert "assisted run: infinite_chakra, no_stun, slow_collapse, speed_70" in out.getvalue()
    stripped = tmp_path / "stripped.gmr"
    stripped.write_bytes(dumps(dataclasses.replace(replay, assists=())))
    out = io.StringIO()
    assert run_verify(str(stripped), out=out) == EXIT_MISMATCH
    assert "MISMATCH final state hash" in out.getvalue()


def test_a_replay_naming_an_unknown_assist_is_unreadable(tmp_path, level, capsys):
    replay = record_script(level.path, level, RUN, "any")
    data = dumps(dataclasses.replace(replay, assists=("god_mode",)))
    with pytest.raises(ReplayError, match="unknown assist 'god_mode'"):
        loads(data, "run.gmr")
    path = tmp_path / "run.gmr"
    path.write_bytes(data)
    assert run_verify(str(path), str(level.path)) == EXIT_UNREADABLE
    assert "unknown assist" in capsys.readouterr().err


# --- personal bests ----------------------------------------------------------------------------


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("GREAT_MINE_RESCUE_HOME", str(tmp_path))  # replays and ghosts go here
    monkeypatch.setattr(session_module, "_split_snapshots", {})
    monkeypatch.setattr(session_module, "_pb_snapshots", {})
    return tmp_path


def _finish(home, level, sprites, **settings) -> Nav:
    nav = Nav(home, **settings)
    scene = PlayScene(nav, level, sprites)
    play(scene, nav, RUN, RUN.last_change + 600)
    assert nav.results is not None, "the run should finish"
    return nav


def test_an_assisted_run_never_becomes_an_unassisted_pb(home, level, sprites):
    nav = _finish(home, level, sprites, assist_infinite_chakra=True, assist_speed=80)
    chart = nav.results[2]
    assert chart.assists == ("infinite_chakra", "speed_80")
    bests = PersonalBests(home / "pb.json")
    assert bests.get("synthetic", "any") == Record(), "no PB on the unassisted board"
    assisted = bests.get("synthetic.assisted", "any")
    assert assisted.pb_rows[-1] == RUN_ANY_TICKS, "it keeps its own record"
    assert board_id("synthetic", chart.assists) == "synthetic.assisted"
    assert (home / "ghosts" / "synthetic.assisted_any.ghost").is_file()
    assert not (home / "ghosts" / "synthetic_any.ghost").exists()
    saved = sorted((home / "replays").glob("synthetic_any_assisted_*.gmr"))
    assert len(saved) == 1 and read_replay(saved[0]).assists == chart.assists


def test_the_unassisted_board_and_the_assisted_board_stay_apart(home, level, sprites):
    _finish(home, level, sprites)  # a normal run first: the unassisted PB
    bests = PersonalBests(home / "pb.json")
    plain = bests.get("synthetic", "any")
    assert plain.pb_rows[-1] == RUN_ANY_TICKS
    _finish(home, level, sprites, assist_no_stun=True)  # the same time, assisted
    bests = PersonalBests(home / "pb.json")
    assert bests.get("synthetic", "any") == plain, "the unassisted board is untouched"
    assert bests.get("synthetic.assisted", "any").pb_rows[-1] == RUN_ANY_TICKS
    # The ghost of each board is its own.
    nav = Nav(home, assist_no_stun=True)
    scene = PlayScene(nav, level, sprites)
    assert scene.session.board == "synthetic.assisted" and scene.session.ghost is not None
    assert PlayScene(Nav(home), level, sprites).session.board == "synthetic"


def test_assists_changed_mid_run_apply_from_the_next_run(home, level, sprites):
    nav = Nav(home)
    scene = PlayScene(nav, level, sprites)
    play(scene, nav, RUN, 60)
    nav.update_settings(assist_slow_collapse=True, assist_speed=60)
    assert scene.world.assists == frozenset() and scene.game_speed == 100, "this run: none"
    assert not scene.hud.assisted
    play(scene, nav, RUN, 1)
    scene.restart()  # R
    assert scene.world.assists == {"slow_collapse"} and scene.game_speed == 60
    assert scene.session.attempt.assists == ("slow_collapse", "speed_60")


def test_practice_from_an_assisted_pb_re_simulates_it_with_its_assists(home, level, sprites):
    _finish(home, level, sprites, assist_slow_collapse=True)
    session_module._split_snapshots.clear()  # a new session: only the PB's replay is left
    session_module._pb_snapshots.clear()
    nav = Nav(home, assist_slow_collapse=True)
    scene = PlayScene(nav, level, sprites)
    for _ in range(10):
        scene.prepare_practice(1.0)
    assert scene.practice_state(1) == "ready"
    assert scene.start_practice(1)
    assert scene.world.assists == {"slow_collapse"}
    # The unassisted board has no PB, so no practice from it.
    plain = PlayScene(Nav(home), level, sprites)
    for _ in range(10):
        plain.prepare_practice(1.0)
    assert plain.practice_state(1) == "unavailable"
