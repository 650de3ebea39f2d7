"""The replay file: a small JSON header that says what the run claims, then every tick's
input, run-length encoded and zlib-compressed.

Layout (all integers little-endian):

    8 bytes   magic b"GMREPLAY"
    1 byte    format version (FORMAT_VERSION)
    4 bytes   header length H
    H bytes   header: UTF-8 JSON object (see `Replay`)
    4 bytes   length of the decompressed inputs
    rest      zlib stream of (mask, run length) pairs, each an unsigned LEB128 varint

Reading is strict, because a replay may come from anyone: the size, every header field,
the compressed stream (decompressed with a cap, so a zlib bomb cannot eat memory) and the
sum of the runs are all checked, and every problem is one `ReplayError` line.
"""

from __future__ import annotations

import json
import struct
import zlib
from dataclasses import asdict, dataclass, field
from pathlib import Path

from game import files
from game.sim import assists as assist_names
from game.speedrun.splits import CATEGORIES

MAGIC = b"GMREPLAY"
FORMAT_VERSION = 1
MAX_FILE_BYTES = 4 * 1024 * 1024
MAX_HEADER_BYTES = 64 * 1024
MAX_TICKS = 60 * 60 * 60 * 10  # ten hours: anything longer is a broken file, not a run
MAX_MASK = (1 << 9) - 1  # nine buttons (game/sim/constants.py)
# A run of one tick costs at most 2 bytes of mask + 1 of length; nothing honest is longer.
_MAX_RAW_PER_TICK = 3
_PREFIX = struct.Struct("<8sBI")
_LENGTH = struct.Struct("<I")


class ReplayError(Exception):
    """A replay that cannot be used; str() is one line naming the file and the problem."""

    def __init__(self, source: str, message: str):
        self.source = source
        self.message = message
        super().__init__(f"{source}: {message}")


@dataclass(frozen=True)
class Replay:
    """One run. Times are in ticks of in-game time (60 a second); -1 means not reached."""

    game: str
    game_version: str
    sim_version: int
    map_id: str  # the map file's stem: great_mine
    map_digest: str  # speedrun.digest.map_digest of the level played
    seed: int
    category: str  # "any" | "all"
    final_tick: int  # ticks simulated, == len(inputs)
    game_ticks: int  # the world's in-game time when the run ended
    times: dict[str, int]  # category -> that category's time for this run, -1 if none
    final_hash: str  # World.state_hash() after the last tick
    split_ticks: tuple[int, ...]
    quota_tick: int
    rescued: int
    lost: int
    total: int
    result: str = ""  # "rescued" | "collapsed" | "" (reset before the end)
    practice: bool = False
    # Assist mode (game.sim.assists): the run's assists, its game speed ("speed_70") included;
    # verify re-simulates the others. Empty for an unassisted run.
    assists: tuple[str, ...] = ()
    recorded_at: str = ""  # local ISO time the run was saved, for people; never verified
    inputs: tuple[int, ...] = field(default=(), repr=False)
    # A chained run (`--chain`, the Full Rescue): (map id, map digest) of every map of the
    # chain, in order; `map_id` is then the run's id ("boulder_town.chain") and `map_digest`
    # the stitched level's. Empty for one map, whose header has no `chain` at all.
    chain: tuple[tuple[str, str], ...] = ()

    @property
    def time_ticks(self) -> int:
        """The run's time in its own category, -1 when it did not finish that category."""
        return self.times.get(self.category, -1)

    def header(self) -> dict:
        data = asdict(self)
        del data["inputs"]
        data["split_ticks"] = list(self.split_ticks)
        data["assists"] = list(self.assists)
        if self.chain:
            data["chain"] = [{"map_id": m, "map_digest": d} for m, d in self.chain]
        else:
            del data["chain"]  # a one-map replay's bytes stay exactly as they were
        return data


# --- inputs: run-length encoding -----------------------------------------------------------------
def put_varint(value: int, out: bytearray) -> None:
    """Append `value` as an unsigned LEB128 varint."""
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return


def encode_inputs(inputs: tuple[int, ...] | list[int]) -> bytes:
    out = bytearray()
    i, n = 0, len(inputs)
    while i < n:
        mask, start = inputs[i], i
        while i < n and inputs[i] == mask:
            i += 1
        put_varint(mask, out)
        put_varint(i - start, out)
    return bytes(out)


def decode_inputs(raw: bytes, final_tick: int) -> tuple[int, ...]:
    """The per-tick masks; ValueError when the pairs are broken or do not add up."""
    values, value, shift = [], 0, 0
    for byte in raw:
        value |= (byte & 0x7F) << shift
        if byte & 0x80:
            shift += 7
            if shift > 28:
                raise ValueError("the inputs hold an overlong number")
            continue
        values.append(value)
        value, shift = 0, 0
    if shift or len(values) % 2:
        raise ValueError("the inputs end in the middle of a run")
    masks: list[int] = []
    for mask, run in zip(values[::2], values[1::2], strict=True):
        if mask > MAX_MASK:
            raise ValueError(f"the inputs hold an impossible button mask {mask}")
        if run == 0 or len(masks) + run > final_tick:
            raise ValueError(f"the inputs do not add up to the final tick {final_tick}")
        masks.extend([mask] * run)
    if len(masks) != final_tick:
        raise ValueError(
            f"the inputs do not add up to the final tick {final_tick} (they cover {len(masks)})"
        )
    return tuple(masks)


# --- whole file ----------------------------------------------------------------------------------
def dumps(replay: Replay) -> bytes:
    header = json.dumps(replay.header(), sort_keys=True, separators=(",", ":")).encode()
    raw = encode_inputs(replay.inputs)
    return b"".join(
        (
            _PREFIX.pack(MAGIC, FORMAT_VERSION, len(header)),
            header,
            _LENGTH.pack(len(raw)),
            zlib.compress(raw, 9),
        )
    )


def loads(data: bytes, source: str = "<replay>") -> Replay:
    """A Replay from file bytes; every problem is a ReplayError naming `source`."""
    try:
        return _loads(data)
    except ValueError as error:
        raise ReplayError(source, str(error)) from None


def read_replay(path: str | Path) -> Replay:
    """A replay file through the reading gate (a regular file, the size cap checked before
    reading), then `loads`."""
    try:
        data = files.read_bytes(path, MAX_FILE_BYTES, "replay file")
    except files.UnreadableFile as error:
        problem = error.problem
        if "bytes; a replay file is at most" in problem:
            problem = f"too large for a replay ({problem.removeprefix('is ')})"
        raise ReplayError(str(path), problem) from None
    return loads(data, str(path))


def _loads(data: bytes) -> Replay:
    if not data:
        raise ValueError("empty file, not a replay")
    if len(data) > MAX_FILE_BYTES:
        raise ValueError(f"too large for a replay (over {MAX_FILE_BYTES} bytes)")
    if len(data) < _PREFIX.size or not data.startswith(MAGIC):
        raise ValueError("not a Great Mine Rescue replay (wrong magic bytes)")
    _, version, header_len = _PREFIX.unpack_from(data)
    if version != FORMAT_VERSION:
        raise ValueError(
            f"replay format version {version}; this game reads version {FORMAT_VERSION}"
        )
    if header_len > MAX_HEADER_BYTES:
        raise ValueError(f"header of {header_len} bytes is too large")
    body_at = _PREFIX.size + header_len + _LENGTH.size
    if len(data) < body_at:
        raise ValueError("truncated: the file ends inside the header")
    fields = _header_fields(data[_PREFIX.size : _PREFIX.size + header_len])
    (raw_len,) = _LENGTH.unpack_from(data, body_at - _LENGTH.size)
    final_tick = fields["final_tick"]
    if raw_len > _MAX_RAW_PER_TICK * final_tick:
        raise ValueError(f"declares {raw_len} bytes of inputs, too many for {final_tick} ticks")
    raw = _inflate(data[body_at:], raw_len)
    return Replay(**fields, inputs=decode_inputs(raw, final_tick))


def _inflate(compressed: bytes, expected: int) -> bytes:
    """Decompress at most `expected` bytes: a zlib bomb stops at the cap, not at the RAM."""
    inflater = zlib.decompressobj()
    try:
        raw = inflater.decompress(compressed, expected + 1)
    except zlib.error as error:
        raise ValueError(f"the inputs are damaged ({error})") from None
    if len(raw) > expected or inflater.unconsumed_tail:
        raise ValueError("the inputs decompress to more than the header declares")
    if not inflater.eof:
        raise ValueError("truncated: the inputs end early")
    if inflater.unused_data:
        raise ValueError("unexpected bytes after the inputs")
    if len(raw) != expected:
        raise ValueError("the inputs decompress to less than the header declares")
    return raw


# --- header validation -------------------------------------------------------------------------
def _int(data: dict, key: str, low: int, high: int) -> int:
    value = data.get(key)
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"header field '{key}' must be a whole number, got {value!r:.40}")
    if not low <= value <= high:
        raise ValueError(f"header field '{key}' is {value}, outside {low}..{high}")
    return value


def _str(data: dict, key: str, limit: int = 200) -> str:
    value = data.get(key)
    if not isinstance(value, str) or len(value) > limit:
        raise ValueError(f"header field '{key}' must be a short text, got {value!r:.40}")
    return value


def _map_id(data: dict, key: str = "map_id") -> str:
    # verify looks for maps/<map_id>.tmx: a name that could climb out of maps/ is refused
    map_id = _str(data, key, 100)
    if not map_id or map_id.startswith(".") or any(c in map_id for c in "/\\:\0"):
        raise ValueError(f"header field '{key}' is not a map name: {map_id!r:.40}")
    return map_id


MAX_CHAIN_MAPS = 16  # as game/level/chain.py MAX_MAPS


def _chain(data: dict) -> tuple[tuple[str, str], ...]:
    """The optional `chain`: a list of {"map_id", "map_digest"}, two maps or more."""
    if "chain" not in data:
        return ()
    chain = data["chain"]
    if not isinstance(chain, list) or not 2 <= len(chain) <= MAX_CHAIN_MAPS:
        raise ValueError(
            f"header field 'chain' must list 2 to {MAX_CHAIN_MAPS} maps, got {chain!r:.40}"
        )
    maps = []
    for item in chain:
        if not isinstance(item, dict):
            raise ValueError("header field 'chain' must hold objects with map_id and map_digest")
        maps.append((_map_id(item, "map_id"), _str(item, "map_digest")))
    return tuple(maps)


def _header_fields(blob: bytes) -> dict:
    try:
        data = files.parse_json(files.decode_text(blob, "header"), "header")
    except files.UnreadableFile as error:
        raise ValueError(f"the header {error.problem}") from None
    if not isinstance(data, dict):
        raise ValueError("the header is not a JSON object")
    final_tick = _int(data, "final_tick", 0, MAX_TICKS)
    category = _str(data, "category")
    if category not in CATEGORIES:
        raise ValueError(f"unknown category '{category}' (known: any, all)")
    times = data.get("times")
    if not isinstance(times, dict) or set(times) != set(CATEGORIES):
        raise ValueError("header field 'times' must give a time for 'any' and 'all'")
    splits = data.get("split_ticks")
    if not isinstance(splits, list) or len(splits) > 1000:
        raise ValueError("header field 'split_ticks' must be a list of ticks")
    assists = data.get("assists", [])
    if not isinstance(assists, list) or not all(isinstance(a, str) for a in assists):
        raise ValueError("header field 'assists' must be a list of names")
    if len(assists) > len(assist_names.SIMULATED) + 1 or len(set(assists)) != len(assists):
        raise ValueError("header field 'assists' lists too many assists")
    unknown = assist_names.unknown(assists)
    if unknown:
        raise ValueError(f"header field 'assists' names an unknown assist {unknown[0]!r:.40}")
    practice = data.get("practice", False)
    if not isinstance(practice, bool):
        raise ValueError("header field 'practice' must be true or false")
    total = _int(data, "total", 0, 100_000)
    return {
        "game": _str(data, "game"),
        "game_version": _str(data, "game_version"),
        "sim_version": _int(data, "sim_version", 0, 1_000_000),
        "map_id": _map_id(data),
        "map_digest": _str(data, "map_digest"),
        "seed": _int(data, "seed", -(2**63), 2**64),
        "category": category,
        "final_tick": final_tick,
        "game_ticks": _int(data, "game_ticks", 0, final_tick),
        "times": {key: _int(times, key, -1, final_tick) for key in CATEGORIES},
        "final_hash": _str(data, "final_hash"),
        "split_ticks": tuple(
            _int({"split_ticks": s}, "split_ticks", 0, final_tick) for s in splits
        ),
        "quota_tick": _int(data, "quota_tick", -1, final_tick),
        "rescued": _int(data, "rescued", 0, total),
        "lost": _int(data, "lost", 0, total),
        "total": total,
        "result": _str(data, "result"),
        "practice": practice,
        "assists": tuple(assists),
        "recorded_at": _str(data, "recorded_at") if "recorded_at" in data else "",
        "chain": _chain(data),
    }


def export_script(replay: Replay) -> str:
    """The replay's inputs as a TAS input script (see game/tas.py), with a header comment."""
    from game.tas import script_from_masks

    head = (
        f"# {replay.game} {replay.game_version}, map {_maps_named(replay)}, "
        f"category {replay.category}, {replay.final_tick} ticks\n"
    )
    return head + script_from_masks(list(replay.inputs))


def _maps_named(replay: Replay) -> str:
    """The map, or the chain's maps joined with " + " (for people, in comments)."""
    return " + ".join(m for m, _ in replay.chain) if replay.chain else replay.map_id
