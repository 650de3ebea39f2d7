"""The replay file: compact, exact, and refused with one clear line when it is not sound."""

import dataclasses
import json
import zlib

import pytest

from game.speedrun.replay import (
    _LENGTH,
    _PREFIX,
    FORMAT_VERSION,
    MAGIC,
    MAX_TICKS,
    Replay,
    ReplayError,
    dumps,
    encode_inputs,
    loads,
    read_replay,
)


def _replay(inputs: tuple[int, ...], **changes) -> Replay:
    n = len(inputs)
    fields = dict(
        game="Great Mine Rescue",
        game_version="0.1.0",
        sim_version=1,
        map_id="great_mine",
        map_digest="ab" * 32,
        seed=7,
        category="any",
        final_tick=n,
        game_ticks=max(0, n - 10),
        times={"any": max(0, n - 20), "all": -1},
        final_hash="cd" * 16,
        split_ticks=(5, 9),
        quota_tick=max(0, n - 20),
        rescued=3,
        lost=1,
        total=4,
        result="collapsed",
        recorded_at="2026-11-25T13:04:00",
        inputs=inputs,
    )
    fields.update(changes)
    return Replay(**fields)


def _busy_inputs(ticks: int) -> tuple[int, ...]:
    """A frantic run: the held buttons change every 1 to 8 ticks, drawn from what a runner
    mashes (a small LCG, so the test is the same everywhere)."""
    combos = [0, 1, 2, 18, 17, 34, 66, 4, 6, 20, 130, 8, 72, 32, 256, 22]
    state, inputs = 12345, []
    while len(inputs) < ticks:
        state = (state * 1103515245 + 12345) % 2**31
        inputs += [combos[(state >> 8) % len(combos)]] * (1 + (state >> 20) % 8)
    return tuple(inputs[:ticks])


def _file(header: dict, raw: bytes, compressed: bytes | None = None, version=FORMAT_VERSION):
    blob = json.dumps(header).encode()
    body = zlib.compress(raw) if compressed is None else compressed
    return _PREFIX.pack(MAGIC, version, len(blob)) + blob + _LENGTH.pack(len(raw)) + body


def _header(replay: Replay) -> dict:
    return replay.header()


def test_a_replay_survives_the_round_trip_tick_for_tick():
    replay = _replay(_busy_inputs(5000), practice=True, category="all")
    again = loads(dumps(replay))
    assert again == replay
    assert again.inputs == replay.inputs and again.time_ticks == -1


def test_a_five_minute_busy_run_is_under_20_kb():
    inputs = _busy_inputs(5 * 60 * 60)
    assert sum(a != b for a, b in zip(inputs, inputs[1:], strict=False)) > 3000  # it really is busy
    assert len(dumps(_replay(inputs))) < 20_000


def _problem(data: bytes) -> str:
    with pytest.raises(ReplayError) as caught:
        loads(data, "run.gmr")
    line = str(caught.value)
    assert line.startswith("run.gmr: ") and "\n" not in line
    return line


def test_empty_and_garbage_files_are_refused():
    assert "empty" in _problem(b"")
    assert "not a Great Mine Rescue replay" in _problem(b"PK\x03\x04 a zip, not a replay")


def test_every_truncation_of_a_replay_is_refused():
    data = dumps(_replay(_busy_inputs(600)))
    for cut in range(len(data)):
        _problem(data[:cut])


def test_another_format_version_is_refused_by_name():
    header = _header(_replay(()))
    assert f"this game reads version {FORMAT_VERSION}" in _problem(_file(header, b"", version=9))


def test_an_absurd_tick_count_is_refused():
    header = _header(_replay(())) | {"final_tick": MAX_TICKS + 1}
    assert "final_tick" in _problem(_file(header, encode_inputs([0] * 10)))


def test_inputs_that_do_not_add_up_to_the_final_tick_are_refused():
    header = _header(_replay(tuple([0] * 100)))
    assert "final tick" in _problem(_file(header, encode_inputs([0] * 60)))
    assert "final tick" in _problem(_file(header, encode_inputs([0] * 160)))


def test_a_zlib_bomb_stops_at_the_declared_size():
    header = _header(_replay(tuple([0] * 100)))
    bomb = zlib.compress(bytes(50_000_000), 9)  # 50 MB of zeros in about 50 KB
    assert "more than the header declares" in _problem(
        _file(header, encode_inputs([0] * 100), bomb)
    )


def test_a_header_with_wrong_types_is_refused():
    raw = encode_inputs([0] * 100)
    header = _header(_replay(tuple([0] * 100))) | {"rescued": "all of them"}
    assert "rescued" in _problem(_file(header, raw))
    header = _header(_replay(tuple([0] * 100))) | {"map_id": "../../etc/passwd"}
    assert "map_id" in _problem(_file(header, raw))
    header = _header(_replay(tuple([0] * 100))) | {"split_ticks": [5, 500]}
    assert "split_ticks" in _problem(_file(header, raw))


def test_read_replay_caps_the_file_size(tmp_path):
    huge = tmp_path / "huge.gmr"
    with huge.open("wb") as out:
        out.truncate(64 * 1024 * 1024)  # sparse: costs no disk
    with pytest.raises(ReplayError, match="too large"):
        read_replay(huge)
    with pytest.raises(ReplayError, match="no such replay file"):
        read_replay(tmp_path / "missing.gmr")


def test_header_edits_survive_only_as_what_they_claim():
    replay = _replay(_busy_inputs(300))
    edited = dataclasses.replace(replay, game_ticks=100)
    assert loads(dumps(edited)).game_ticks == 100
