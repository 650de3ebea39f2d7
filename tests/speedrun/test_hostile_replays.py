"""Replays nobody should trust, handed to `verify`, `replay export` and the practice lookup:
one line naming the file and exit 2, never a traceback."""

import dataclasses
import json
import os
import struct
import zlib
from pathlib import Path

import pytest

from game.__main__ import main
from game.level.tiled import load_level
from game.speedrun.practice import find_pb_replay
from game.speedrun.recorder import record_script, replay_file_name, time_label
from game.speedrun.replay import MAGIC, dumps, encode_inputs
from game.tas import load_input_script

ROOT = Path(__file__).resolve().parent.parent.parent
TUTORIAL = ROOT / "maps" / "tutorial.tmx"
DEMO = ROOT / "maps" / "demos" / "tutorial.inputs"


@pytest.fixture(scope="module")
def demo_replay():
    level = load_level(TUTORIAL)
    return record_script(TUTORIAL, level, load_input_script(DEMO), "all")


def _with_header(replay, header_text: str) -> bytes:
    """A replay file with its header swapped for `header_text`, inputs intact."""
    header = header_text.encode("utf-8")
    raw = encode_inputs(replay.inputs)
    return (
        struct.pack("<8sBI", MAGIC, 1, len(header))
        + header
        + struct.pack("<I", len(raw))
        + zlib.compress(raw)
    )


def _header_text(replay, **changes) -> str:
    header = {**replay.header(), **changes}
    return json.dumps(header, sort_keys=True)


def _exit_and_err(capsys, argv) -> tuple[int, str]:
    code = main(argv)
    return code, capsys.readouterr().err


def _one_line_naming(err: str, path: Path) -> None:
    assert err.count("\n") == 1 and err.startswith(str(path)) and "Traceback" not in err, err


def test_a_60kb_header_nested_2000_deep_is_unreadable_for_verify_and_export(
    tmp_path, capsys, demo_replay
):
    deep = "[" * 2000 + "]" * 2000
    text = _header_text(demo_replay, recorded_at="x")[:-1] + f', "junk": {deep}' + "}"
    text += " " * (60_000 - len(text))
    path = tmp_path / "deep.gmr"
    path.write_bytes(_with_header(demo_replay, text))
    for argv in (["verify", str(path)], ["replay", "export", str(path)]):
        code, err = _exit_and_err(capsys, argv)
        assert code == 2
        _one_line_naming(err, path)
        assert "nested deeper than" in err


@pytest.mark.parametrize("field", ["map_id", "game", "map_digest"])
def test_a_lone_surrogate_in_the_header_is_unreadable_and_named(
    tmp_path, capsys, demo_replay, field
):
    text = _header_text(demo_replay, **{field: "tut\ud800"})
    path = tmp_path / f"{field}.gmr"
    path.write_bytes(_with_header(demo_replay, text))
    code, err = _exit_and_err(capsys, ["verify", str(path)])
    assert code == 2
    _one_line_naming(err, path)
    assert "surrogate" in err


def test_a_map_digest_that_is_simply_wrong_is_a_mismatch_not_unreadable(
    tmp_path, capsys, demo_replay
):
    path = tmp_path / "digest.gmr"
    path.write_bytes(dumps(dataclasses.replace(demo_replay, map_digest="not a digest at all")))
    assert main(["verify", str(path)]) == 1
    assert "MISMATCH map digest" in capsys.readouterr().out


def test_a_5000_digit_number_in_the_header_is_unreadable(tmp_path, capsys, demo_replay):
    text = _header_text(demo_replay)[:-1] + ', "seed_note": ' + "9" * 5000 + "}"
    path = tmp_path / "digits.gmr"
    path.write_bytes(_with_header(demo_replay, text))
    code, err = _exit_and_err(capsys, ["verify", str(path)])
    assert code == 2 and "5,000 digits" in err
    _one_line_naming(err, path)


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="POSIX devices")
def test_a_device_or_fifo_as_a_replay_is_refused_at_once(tmp_path, capsys):
    fifo = tmp_path / "fifo.gmr"
    os.mkfifo(fifo)
    zero = tmp_path / "zero.gmr"
    zero.symlink_to("/dev/zero")
    for path in (fifo, zero):
        code, err = _exit_and_err(capsys, ["verify", str(path)])
        assert code == 2
        _one_line_naming(err, path)


def test_a_hostile_replay_under_the_pbs_name_is_passed_over_by_practice(
    tmp_path, capsys, demo_replay
):
    """The pause menu looks up the PB's replay by name: a deep-nested file in its place once
    crashed the running game."""
    folder = tmp_path / "replays"
    folder.mkdir()
    name = replay_file_name(demo_replay) + ".gmr"
    deep = _header_text(demo_replay)[:-1] + ', "x": ' + "[" * 3000 + "]" * 3000 + "}"
    (folder / name).write_bytes(_with_header(demo_replay, deep))
    level = load_level(TUTORIAL)
    pb_rows = (*demo_replay.split_ticks, demo_replay.times["all"])
    assert time_label(pb_rows[-1]) in name
    assert find_pb_replay(folder, level, "tutorial", "all", pb_rows) is None
    (folder / name).write_bytes(dumps(demo_replay))  # the real one is found again
    assert find_pb_replay(folder, level, "tutorial", "all", pb_rows) == demo_replay
