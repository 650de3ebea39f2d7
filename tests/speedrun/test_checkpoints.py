"""Replays keep checkpoints of the world (part hashes every 600 ticks and at the end) and a
per-tick trail, read back exactly; replays of format 1, which have neither, still verify."""

import dataclasses
import json
import zlib
from pathlib import Path

import pytest

from game.level.tiled import load_level
from game.sim.fingerprint import BASE_PARTS, part_hashes, part_names, trail_byte
from game.sim.world import World
from game.speedrun import recorder as recorder_module
from game.speedrun.recorder import RunRecorder, record_script
from game.speedrun.replay import (
    _LENGTH,
    _PREFIX,
    _SECTION,
    CHECKPOINT_EVERY,
    FORMAT_VERSION,
    MAGIC,
    ReplayError,
    dumps,
    encode_inputs,
    loads,
)
from game.speedrun.verify import check_replay_file, verify_replay
from game.tas import load_input_script

ROOT = Path(__file__).resolve().parent.parent.parent
TUTORIAL = ROOT / "maps" / "tutorial.tmx"
DEMO = ROOT / "maps" / "demos" / "tutorial.inputs"


@pytest.fixture(scope="module")
def level():
    return load_level(TUTORIAL)


@pytest.fixture(scope="module")
def demo(level):
    return record_script(TUTORIAL, level, load_input_script(DEMO), "all")


def _world_at(level, inputs, tick):
    world = World(level)
    for mask in inputs[:tick]:
        world.step(mask)
    return world


def version_1_bytes(replay) -> bytes:
    """The replay as the game wrote it before checkpoints: header and inputs, nothing after."""
    blob = json.dumps(replay.header(), sort_keys=True, separators=(",", ":")).encode()
    raw = encode_inputs(replay.inputs)
    return _PREFIX.pack(MAGIC, 1, len(blob)) + blob + _LENGTH.pack(len(raw)) + zlib.compress(raw)


def test_a_recording_keeps_a_checkpoint_every_600_ticks_and_at_the_end(level, demo):
    ticks = [tick for tick, _ in demo.checkpoints]
    assert CHECKPOINT_EVERY == 600 and demo.final_tick == 1756
    assert ticks == [600, 1200, 1756]
    assert demo.parts == BASE_PARTS == part_names(level)  # the tutorial has no town
    for tick, hashes in demo.checkpoints:
        world = _world_at(level, demo.inputs, tick)
        assert hashes == tuple(part_hashes(world)[name] for name in demo.parts)


def test_the_trail_holds_one_byte_per_part_for_every_tick(level, demo):
    trail = demo.trail
    assert (trail.first_tick, trail.stride, trail.samples) == (1, 1, demo.final_tick)
    world = _world_at(level, demo.inputs, 777)
    expected = tuple(trail_byte(part_hashes(world)[name]) for name in demo.parts)
    assert trail.bytes_at(777) == expected
    assert trail.bytes_at(0) is None and trail.bytes_at(demo.final_tick + 1) is None


def test_checkpoints_and_trail_survive_the_file_round_trip(demo):
    data = dumps(demo)
    assert data[8] == FORMAT_VERSION == 2
    again = loads(data)
    assert again == demo
    assert again.checkpoints == demo.checkpoints and again.trail == demo.trail


def test_the_locator_costs_a_few_kilobytes_for_the_tutorial_run(demo):
    bare = dataclasses.replace(demo, parts=(), checkpoints=(), trail=None)
    # about 4.6 bytes a tick of trail (random bytes do not compress), 24 per checkpoint part set
    assert len(dumps(bare)) < 1_000
    assert len(dumps(demo)) - len(dumps(bare)) < 6 * demo.final_tick


def test_a_version_1_replay_still_reads_and_verifies(level, demo):
    old = loads(version_1_bytes(demo))
    assert old.checkpoints == () and old.trail is None and old.parts == ()
    assert old.inputs == demo.inputs
    verdict = verify_replay(old, level)
    assert verdict.ok and verdict.located == []


def test_a_version_1_replay_that_differs_says_it_cannot_be_located(level, demo, tmp_path):
    path = tmp_path / "old.gmr"
    path.write_bytes(version_1_bytes(dataclasses.replace(demo, rescued=demo.rescued - 1)))
    report = check_replay_file(str(path), str(TUTORIAL))
    assert report.verdict == "mismatch"
    assert report.located == [
        "the replay has no checkpoints (format 1): the desync cannot be located"
    ]


def test_bytes_after_a_version_1_replay_are_refused(demo):
    with pytest.raises(ReplayError, match="unexpected bytes after the inputs"):
        loads(version_1_bytes(demo) + b"CHKP")


def test_the_play_screen_pattern_leaves_the_skipped_intro_out_of_the_trail(level, demo):
    """The intro skip records before its steps (no world); the play screen after each step
    (with the world). The trail starts after the skipped ticks, and still verifies."""
    recorder = RunRecorder(TUTORIAL, level, "all")
    world = World(level)
    for tick, mask in enumerate(demo.inputs):
        if tick < 40:
            recorder.record(mask)  # as close_opening_boxes does
            world.step(mask)
        else:
            world.step(mask)
            recorder.record(mask, world)
    replay = recorder.finish(world)
    assert replay.trail.first_tick == 41 and replay.trail.samples == demo.final_tick - 40
    assert replay.checkpoints == demo.checkpoints
    assert loads(dumps(replay)).trail == replay.trail


def test_a_recorder_never_shown_the_world_keeps_only_the_final_checkpoint(level, demo):
    recorder = RunRecorder(TUTORIAL, level, "all")
    world = World(level)
    for mask in demo.inputs[:700]:
        recorder.record(mask)
        world.step(mask)
    replay = recorder.finish(world)
    assert [tick for tick, _ in replay.checkpoints] == [700] and replay.trail is None


def test_a_trail_too_large_for_its_budget_is_thinned(level, demo, monkeypatch):
    monkeypatch.setattr(recorder_module, "TRAIL_BUDGET", 3000)
    recorder = RunRecorder(TUTORIAL, level, "all")
    world = World(level)
    for mask in demo.inputs:
        world.step(mask)
        recorder.record(mask, world)
    replay = recorder.finish(world)
    trail = replay.trail
    assert trail.stride > 1 and trail.samples == len(range(1, demo.final_tick + 1, trail.stride))
    for tick in range(1, demo.final_tick + 1, trail.stride):  # the very bytes of the full trail
        assert trail.bytes_at(tick) == demo.trail.bytes_at(tick)
    assert trail.bytes_at(2) is None
    assert loads(dumps(replay)) == replay


def test_no_room_left_under_the_size_cap_means_no_trail(level, demo, monkeypatch):
    monkeypatch.setattr(recorder_module, "MAX_FILE_BYTES", 100)
    recorder = RunRecorder(TUTORIAL, level, "all")
    world = World(level)
    for mask in demo.inputs[:100]:
        world.step(mask)
        recorder.record(mask, world)
    assert recorder.finish(world).trail is None


# --- hostile sections ----------------------------------------------------------------------------
def _with_sections(demo, *sections: tuple[bytes, bytes, int | None]) -> bytes:
    """The replay's header and inputs, then `sections` as (tag, raw, declared length)."""
    out = version_1_bytes(demo)
    out = out[:8] + bytes([2]) + out[9:]
    for tag, raw, declared in sections:
        packed = zlib.compress(raw)
        length = len(raw) if declared is None else declared
        out += _SECTION.pack(tag, length, len(packed)) + packed
    return out


def _problem(data: bytes) -> str:
    with pytest.raises(ReplayError) as caught:
        loads(data, "run.gmr")
    message = str(caught.value)
    assert message.startswith("run.gmr: ") and "\n" not in message
    return message


def _checkpoint_raw(ticks, parts=("naruto",)) -> bytes:
    out = bytearray([len(parts)])
    for name in parts:
        out += bytes([len(name)]) + name.encode()
    out.append(len(ticks))
    for tick in ticks:
        out += bytes([tick & 0x7F | 0x80, tick >> 7]) + b"\0\0\0\0"
    return bytes(out)


def test_hostile_sections_are_refused_with_one_line(demo):
    good = _checkpoint_raw([600])
    assert loads(_with_sections(demo, (b"CHKP", good, None))).checkpoints == ((600, (0,)),)
    cases = {
        "unknown section": [(b"EVIL", b"x", None)],
        "repeated or out of order": [(b"CHKP", good, None), (b"CHKP", good, None)],
        "out of order or past the end": [(b"CHKP", _checkpoint_raw([1200, 600]), None)],
        "past the end": [(b"CHKP", _checkpoint_raw([9000]), None)],
        "name a part": [(b"CHKP", _checkpoint_raw([600], ("../x",)), None)],
        "too many": [(b"TRAL", b"\x01", 50_000_000)],
        "to less than its header declares": [(b"CHKP", good, len(good) + 1)],
    }
    for expected, sections in cases.items():
        assert expected in _problem(_with_sections(demo, *sections)), expected
    bomb = zlib.compress(bytes(16 * 1024 * 1024))
    data = _with_sections(demo)
    data += _SECTION.pack(b"CHKP", 200, len(bomb)) + bomb
    assert "section CHKP decompresses to more than its header" in _problem(data)
    garbage = _with_sections(demo) + _SECTION.pack(b"CHKP", 10, 8) + b"notzlib!"
    assert "section CHKP is damaged" in _problem(garbage)
    assert "ends inside a section header" in _problem(_with_sections(demo) + b"CHK")
