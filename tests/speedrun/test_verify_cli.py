"""`verify` and `replay`: anyone can confirm a run; tampering and hostile files are named."""

import dataclasses
import os
import struct
import subprocess
import sys
from pathlib import Path

import pytest

from game.__main__ import main
from game.level.tiled import load_level
from game.sim.constants import LEFT
from game.sim.world import World
from game.speedrun.recorder import RunRecorder
from game.speedrun.replay import dumps, read_replay
from game.tas import load_input_script, script_from_masks

ROOT = Path(__file__).resolve().parent.parent.parent
GREAT_MINE = ROOT / "maps" / "great_mine.tmx"
DEMO = ROOT / "maps" / "demos" / "great_mine.inputs"
SHORT_RUN_TICKS = 900  # tampering needs no full run: a run reset after 15 s verifies fast


@pytest.fixture(scope="module")
def short_replay():
    """The demo's first 15 seconds, saved as a run reset there would be."""
    level = load_level(GREAT_MINE)
    script = load_input_script(DEMO)
    recorder = RunRecorder(GREAT_MINE, level)
    world = World(level)
    for tick in range(SHORT_RUN_TICKS):
        recorder.record(script.mask(tick))
        world.step(script.mask(tick))
    return recorder.finish(world)


def _save(tmp_path, replay, name="run.gmr") -> Path:
    path = tmp_path / name
    path.write_bytes(dumps(replay))
    return path


@pytest.mark.slow
def test_the_demo_records_verifies_and_exports_back_to_its_script(tmp_path, capsys):
    run = tmp_path / "demo.gmr"
    assert main(["replay", "record", str(GREAT_MINE), str(DEMO), "-o", str(run)]) == 0
    assert capsys.readouterr().out.strip() == str(run)

    assert main(["verify", str(run)]) == 0
    report = capsys.readouterr().out
    # Without --category, a recording is in the game's default category, All Rescued.
    assert "map: great_mine" in report and "category: All Rescued" in report
    replay = read_replay(run)
    assert replay.category == "all"
    assert f"verified time: 1:10.35 ({replay.game_ticks} ticks)" in report
    assert "rescued: 18 of 18, lost 0" in report and "OK" in report

    assert main(["replay", "export", str(run)]) == 0
    exported = capsys.readouterr().out
    demo = load_input_script(DEMO)
    expected = script_from_masks([demo.mask(t) for t in range(replay.final_tick)])
    assert [line for line in exported.splitlines() if not line.startswith("#")] == (
        expected.splitlines()
    )


def test_an_honest_short_run_verifies(tmp_path, capsys, short_replay):
    path = _save(tmp_path, short_replay)
    assert main(["verify", str(path)]) == 0
    assert "verified time: none (the run did not reach the quota)" in capsys.readouterr().out


def test_one_flipped_input_is_caught(tmp_path, capsys, short_replay):
    replay = short_replay
    inputs = list(replay.inputs)
    inputs[400] = LEFT  # the demo runs right here
    path = _save(tmp_path, dataclasses.replace(replay, inputs=tuple(inputs)))
    assert main(["verify", str(path)]) == 1
    captured = capsys.readouterr()
    assert "MISMATCH final state hash: replay says" in captured.out
    assert captured.err.startswith(f"{path}: not verified") and captured.err.count("\n") == 1


def test_an_edited_time_in_the_header_is_caught(tmp_path, capsys, short_replay):
    replay = short_replay
    path = _save(tmp_path, dataclasses.replace(replay, game_ticks=replay.game_ticks - 60))
    assert main(["verify", str(path)]) == 1
    out = capsys.readouterr().out
    claimed, actual = replay.game_ticks - 60, replay.game_ticks
    assert f"MISMATCH game time: replay says {claimed}, re-simulation gives {actual}" in out


def test_a_replay_of_another_version_of_the_map_is_caught(tmp_path, capsys, short_replay):
    maps = tmp_path / "maps"
    maps.mkdir()
    (tmp_path / "assets").symlink_to(ROOT / "assets")
    old, new = (
        'name="collapse_seconds" type="int" value="360"',
        'name="collapse_seconds" type="int" value="300"',
    )
    text = GREAT_MINE.read_text().replace(old, new)
    (maps / "great_mine.tmx").write_text(text)
    path = _save(tmp_path, short_replay)
    assert main(["verify", str(path), "--map", str(maps / "great_mine.tmx")]) == 1
    assert "MISMATCH map digest: the replay was made on another version" in capsys.readouterr().out


def _refused(tmp_path, capsys, data: bytes, expect: str, *extra: str) -> None:
    path = tmp_path / "hostile.gmr"
    path.write_bytes(data)
    assert main(["verify", str(path), *extra]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith(str(path)) and expect in err, err


def test_hostile_files_get_one_line_and_exit_2(tmp_path, capsys, short_replay):
    good = dumps(short_replay)
    _refused(tmp_path, capsys, b"", "empty file")
    _refused(tmp_path, capsys, os.urandom(3000), "not a Great Mine Rescue replay")
    _refused(tmp_path, capsys, good[: len(good) // 2], "truncated")
    _refused(tmp_path, capsys, good[:8] + b"\x07" + good[9:], "format version 7")
    absurd = good.replace(b'"final_tick":900', b'"final_tick":9999999')
    absurd = absurd[:9] + struct.pack("<I", int.from_bytes(good[9:13], "little") + 4) + absurd[13:]
    _refused(tmp_path, capsys, absurd, "final_tick")
    _refused(tmp_path, capsys, good + bytes(5 * 1024 * 1024), "too large")
    newer = dumps(dataclasses.replace(short_replay, sim_version=99))
    _refused(tmp_path, capsys, newer, "simulation version 99")


def test_a_missing_map_or_replay_exits_2(tmp_path, capsys, short_replay):
    path = _save(tmp_path, short_replay)
    assert main(["verify", str(path), "--map", str(tmp_path / "nowhere.tmx")]) == 2
    assert "nowhere.tmx: no such map file" in capsys.readouterr().err
    assert main(["verify", str(tmp_path / "none.gmr")]) == 2
    assert main(["replay", "export", str(tmp_path / "none.gmr")]) == 2
    assert "none.gmr: no such replay file" in capsys.readouterr().err


def test_a_garbage_replay_never_shows_a_traceback(tmp_path):
    path = tmp_path / "garbage.gmr"
    path.write_bytes(b"GMREPLAY\x01\xff\xff\xff\xff" + os.urandom(100))
    done = subprocess.run(
        [sys.executable, "-m", "game", "verify", str(path)], capture_output=True, text=True
    )
    assert done.returncode == 2
    assert "Traceback" not in done.stderr and done.stderr.count("\n") == 1
