"""The replay file: a small JSON header that says what the run claims, then every tick's
input, run-length encoded and zlib-compressed, then what verify needs to say *where* a run
went another way, and optionally the map itself.

Layout (all integers little-endian):

    8 bytes   magic b"GMREPLAY"
    1 byte    format version (FORMAT_VERSION; version 1 files are still read)
    4 bytes   header length H
    H bytes   header: UTF-8 JSON object (see `Replay`)
    4 bytes   length of the decompressed inputs
    ...       zlib stream of (mask, run length) pairs, each an unsigned LEB128 varint
    rest      version 2 only: sections, each
                4 bytes  tag: b"CHKP", b"TRAL" or b"MAPS", in that order, each at most once
                4 bytes  decompressed length
                4 bytes  compressed length C
                C bytes  zlib stream

Version 1 ends with the inputs' zlib stream. The sections (varints are LEB128):

- CHKP, checkpoints (`Replay.checkpoints`): the part names (1 byte count, then each as 1 byte
  length + ASCII), a varint count, then per checkpoint a varint tick and one 32-bit part hash
  (game.sim.fingerprint) per part. The recorder takes one every CHECKPOINT_EVERY ticks and one
  at the final tick.
- TRAL, the trail (`Replay.trail`): the part names as above, varints stride, first tick and
  sample count N, then per part N bytes, one per sampled tick (`fingerprint.trail_byte`):
  enough for `verify --bisect` to find the first tick that differs without the original run.
- MAPS, the embedded map (`Replay.embedded`, see game/speedrun/embed.py): the files a run's
  map needs to load, so a replay of a map nobody else has still verifies.

Reading is strict, because a replay may come from anyone: the size, every header field,
every compressed stream (decompressed with a cap, so a zlib bomb cannot eat memory), the sum
of the runs and every section's counts are all checked, and every problem is one
`ReplayError` line.
"""

from __future__ import annotations

import json
import struct
import zlib
from dataclasses import dataclass, field, fields
from pathlib import Path

from game import files
from game.sim import assists as assist_names
from game.speedrun.splits import CATEGORIES
from game.speedrun.varint import ByteReader, put_varint

# game.speedrun.embed is imported where a MAPS section is met: most replays carry no map, and
# reading one (`verify`) starts faster without it.

MAGIC = b"GMREPLAY"
FORMAT_VERSION = 2
READABLE_VERSIONS = (1, 2)
CHECKPOINT_EVERY = 600  # ticks (10 s) between checkpoints
MAX_FILE_BYTES = 4 * 1024 * 1024
MAX_HEADER_BYTES = 64 * 1024
MAX_TICKS = 60 * 60 * 60 * 10  # ten hours: anything longer is a broken file, not a run
MAX_MASK = (1 << 9) - 1  # nine buttons (game/sim/constants.py)
# A run of one tick costs at most 2 bytes of mask + 1 of length; nothing honest is longer.
_MAX_RAW_PER_TICK = 3
_PREFIX = struct.Struct("<8sBI")
_LENGTH = struct.Struct("<I")
_SECTION = struct.Struct("<4sII")  # tag, decompressed length, compressed length
SECTION_TAGS = (b"CHKP", b"TRAL", b"MAPS")  # in the order they are written
MAX_PARTS = 16
# The trail may take this much of the file, compressed; a longer run's trail is thinned (every
# 2nd, 4th, ... tick) to fit. About 2 hours of a busy run fit at every tick.
TRAIL_BUDGET = 2 * 1024 * 1024


class ReplayError(Exception):
    """A replay that cannot be used; str() is one line naming the file and the problem."""

    def __init__(self, source: str, message: str):
        self.source = source
        self.message = message
        super().__init__(f"{source}: {message}")


@dataclass(frozen=True)
class Trail:
    """One byte per part for every `stride`-th tick from `first_tick` on: `columns[i][k]` is
    part `i`'s `fingerprint.trail_byte` after tick `first_tick + k * stride`."""

    first_tick: int
    stride: int
    columns: tuple[bytes, ...]  # one per part, in `Replay.parts` order, all the same length

    @property
    def samples(self) -> int:
        return len(self.columns[0]) if self.columns else 0

    @property
    def last_tick(self) -> int:
        return self.first_tick + (self.samples - 1) * self.stride

    def bytes_at(self, tick: int) -> tuple[int, ...] | None:
        """Each part's byte after `tick`, or None when the trail has no sample there."""
        offset = tick - self.first_tick
        if offset < 0 or offset % self.stride:
            return None
        index = offset // self.stride
        if index >= self.samples:
            return None
        return tuple(column[index] for column in self.columns)


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
    # --- after the inputs (format version 2), never in the header
    parts: tuple[str, ...] = ()  # the part names of the checkpoints and trail
    # (tick, one 32-bit hash per part) every CHECKPOINT_EVERY ticks and at the final tick
    checkpoints: tuple[tuple[int, tuple[int, ...]], ...] = field(default=(), repr=False)
    trail: Trail | None = field(default=None, repr=False)
    # the map's files (name, bytes), when the run carries its map (replay record --embed-map)
    embedded: tuple[tuple[str, bytes], ...] = field(default=(), repr=False)

    @property
    def time_ticks(self) -> int:
        """The run's time in its own category, -1 when it did not finish that category."""
        return self.times.get(self.category, -1)

    def header(self) -> dict:
        data = {f.name: getattr(self, f.name) for f in fields(self) if f.name not in _BODY_FIELDS}
        data["times"] = dict(self.times)
        data["split_ticks"] = list(self.split_ticks)
        data["assists"] = list(self.assists)
        if self.chain:
            data["chain"] = [{"map_id": m, "map_digest": d} for m, d in self.chain]
        else:
            del data["chain"]  # a one-map replay's bytes stay exactly as they were
        return data


_BODY_FIELDS = frozenset({"inputs", "parts", "checkpoints", "trail", "embedded"})


# --- inputs: run-length encoding -----------------------------------------------------------------
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


# --- sections after the inputs (format version 2) -----------------------------------------------
def _put_names(names: tuple[str, ...], out: bytearray) -> None:
    out.append(len(names))
    for name in names:
        raw = name.encode("ascii")
        out.append(len(raw))
        out += raw


def encode_checkpoints(parts: tuple[str, ...], checkpoints) -> bytes:
    out = bytearray()
    _put_names(parts, out)
    put_varint(len(checkpoints), out)
    for tick, hashes in checkpoints:
        put_varint(tick, out)
        out += struct.pack(f"<{len(parts)}I", *hashes)
    return bytes(out)


def encode_trail(parts: tuple[str, ...], trail: Trail) -> bytes:
    out = bytearray()
    _put_names(parts, out)
    for value in (trail.stride, trail.first_tick, trail.samples):
        put_varint(value, out)
    for column in trail.columns:
        out += column
    return bytes(out)


def _sections(replay: Replay) -> list[tuple[bytes, bytes]]:
    """(tag, raw bytes) of each section the replay has, in the order they are written."""
    found = []
    if replay.checkpoints:
        found.append((b"CHKP", encode_checkpoints(replay.parts, replay.checkpoints)))
    if replay.trail is not None and replay.trail.samples:
        found.append((b"TRAL", encode_trail(replay.parts, replay.trail)))
    if replay.embedded:
        from game.speedrun import embed

        found.append((b"MAPS", embed.encode_bundle(replay.embedded)))
    return found


class _Reader(ByteReader):
    """Reads a section's raw bytes front to back; running off the end is a ValueError."""

    def __init__(self, data: bytes, what: str):
        super().__init__(data, f"the {what} end early", f"the {what} hold an overlong number")
        self.what = what

    def names(self) -> tuple[str, ...]:
        count = self.byte()
        if not 1 <= count <= MAX_PARTS:
            raise ValueError(f"the {self.what} name {count} parts (1 to {MAX_PARTS})")
        names = []
        for _ in range(count):
            raw = self.take(self.byte())
            if not raw or not raw.isascii() or not raw.decode().replace("_", "").isalnum():
                raise ValueError(f"the {self.what} name a part {raw[:20]!r}")
            names.append(raw.decode())
        if len(set(names)) != len(names):
            raise ValueError(f"the {self.what} name a part twice")
        return tuple(names)

    def done(self) -> None:
        if not self.at_end:
            raise ValueError(f"unexpected bytes after the {self.what}")


def decode_checkpoints(raw: bytes, final_tick: int):
    reader = _Reader(raw, "checkpoints")
    parts = reader.names()
    count = reader.varint()
    if count > final_tick // CHECKPOINT_EVERY + 1:
        raise ValueError(f"{count} checkpoints are too many for {final_tick} ticks")
    unpack = struct.Struct(f"<{len(parts)}I").unpack
    checkpoints, last = [], 0
    for _ in range(count):
        tick = reader.varint()
        if not last < tick <= final_tick:
            raise ValueError(f"a checkpoint at tick {tick} is out of order or past the end")
        checkpoints.append((tick, unpack(reader.take(4 * len(parts)))))
        last = tick
    reader.done()
    return parts, tuple(checkpoints)


def decode_trail(raw: bytes, final_tick: int) -> tuple[tuple[str, ...], Trail]:
    reader = _Reader(raw, "trail")
    parts = reader.names()
    stride, first, samples = reader.varint(), reader.varint(), reader.varint()
    if not 1 <= stride <= max(1, final_tick) or not 1 <= first <= final_tick:
        raise ValueError("the trail's stride or first tick is out of range")
    if samples < 1 or first + (samples - 1) * stride > final_tick:
        raise ValueError(f"the trail runs past the final tick {final_tick}")
    columns = tuple(reader.take(samples) for _ in parts)
    reader.done()
    return parts, Trail(first, stride, columns)


def _section_cap(tag: bytes, final_tick: int) -> int:
    """The most raw bytes an honest section of this kind can hold for `final_tick` ticks."""
    names = 1 + MAX_PARTS * 256
    if tag == b"CHKP":
        return names + 5 + (final_tick // CHECKPOINT_EVERY + 1) * (5 + 4 * MAX_PARTS)
    if tag == b"TRAL":
        return names + 15 + MAX_PARTS * final_tick
    from game.speedrun import embed

    return embed.MAX_BUNDLE_BYTES


def _read_sections(rest: bytes, final_tick: int) -> dict[bytes, bytes]:
    found: dict[bytes, bytes] = {}
    at = 0
    while at < len(rest):
        if len(rest) - at < _SECTION.size:
            raise ValueError("truncated: the file ends inside a section header")
        tag, raw_len, packed_len = _SECTION.unpack_from(rest, at)
        at += _SECTION.size
        if tag not in SECTION_TAGS:
            raise ValueError(f"unknown section {tag!r:.20}")
        if any(SECTION_TAGS.index(tag) <= SECTION_TAGS.index(seen) for seen in found):
            raise ValueError(f"section {tag.decode()} is repeated or out of order")
        if raw_len > _section_cap(tag, final_tick):
            raise ValueError(f"section {tag.decode()} declares {raw_len} bytes, too many")
        if packed_len > len(rest) - at:
            raise ValueError(f"truncated: section {tag.decode()} ends early")
        raw, extra = _inflate(rest[at : at + packed_len], raw_len, f"section {tag.decode()}")
        if extra:
            raise ValueError(f"unexpected bytes inside section {tag.decode()}")
        found[tag] = raw
        at += packed_len
    return found


def _body_fields(rest: bytes, final_tick: int) -> dict:
    sections = _read_sections(rest, final_tick)
    out: dict = {}
    parts: tuple[str, ...] = ()
    if b"CHKP" in sections:
        parts, out["checkpoints"] = decode_checkpoints(sections[b"CHKP"], final_tick)
    if b"TRAL" in sections:
        trail_parts, out["trail"] = decode_trail(sections[b"TRAL"], final_tick)
        if parts and trail_parts != parts:
            raise ValueError("the trail and the checkpoints name different parts")
        parts = trail_parts
    if b"MAPS" in sections:
        from game.speedrun import embed

        out["embedded"] = embed.decode_bundle(sections[b"MAPS"])
    out["parts"] = parts
    return out


# --- whole file ----------------------------------------------------------------------------------
def dumps(replay: Replay) -> bytes:
    header = json.dumps(replay.header(), sort_keys=True, separators=(",", ":")).encode()
    raw = encode_inputs(replay.inputs)
    chunks = [
        _PREFIX.pack(MAGIC, FORMAT_VERSION, len(header)),
        header,
        _LENGTH.pack(len(raw)),
        zlib.compress(raw, 9),
    ]
    for tag, section in _sections(replay):
        packed = zlib.compress(section, 9)
        chunks += [_SECTION.pack(tag, len(section), len(packed)), packed]
    return b"".join(chunks)


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
    if version not in READABLE_VERSIONS:
        raise ValueError(
            f"replay format version {version}; this game reads version {FORMAT_VERSION} and older"
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
    raw, rest = _inflate(data[body_at:], raw_len, "the inputs")
    if rest and version == 1:
        raise ValueError("unexpected bytes after the inputs")
    body = _body_fields(rest, final_tick) if rest else {}
    return Replay(**fields, inputs=decode_inputs(raw, final_tick), **body)


def _inflate(compressed: bytes, expected: int, what: str) -> tuple[bytes, bytes]:
    """Decompress one zlib stream to at most `expected` bytes (a zlib bomb stops at the cap,
    not at the RAM); the bytes after the stream come back beside it. `what` is "the inputs"
    or a section's name ("section CHKP"), for the messages."""
    inputs = what == "the inputs"
    verb, declared = ("decompress", "the header") if inputs else ("decompresses", "its header")
    inflater = zlib.decompressobj()
    try:
        raw = inflater.decompress(compressed, expected + 1)
    except zlib.error as error:
        raise ValueError(f"{what} {'are' if inputs else 'is'} damaged ({error})") from None
    if len(raw) > expected or inflater.unconsumed_tail:
        raise ValueError(f"{what} {verb} to more than {declared} declares")
    if not inflater.eof:
        raise ValueError(f"truncated: {what} end{'' if inputs else 's'} early")
    if len(raw) != expected:
        raise ValueError(f"{what} {verb} to less than {declared} declares")
    return raw, inflater.unused_data


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
