"""Part hashes of a world: a cheap 32-bit checksum for each part of it, so a replay can say
*where* a re-simulation went another way, not only that it did.

`World.state_hash` answers "equal or not" for the whole world; these answer it for Naruto, the
clones, the miners, the rocks, the tiles, the clocks and, on a map with a town, the town. They
read the same values `state_hash` does, through the same `digest_bytes` and `digest_into`
(so a field hashed only when set there is hashed only when set here too), folded with
zlib.crc32 instead of blake2b: a checkpoint is a diagnosis, not a proof, and crc32 over a few
kilobytes costs microseconds.

Reading only: nothing here changes the world.
"""

from __future__ import annotations

import zlib

import numpy as np

from game.sim import assists as assist_names

# Every part, in the order replays store them. "town" is there only for a map with supply
# crates, guards or townsfolk (see `part_names`).
PARTS = ("naruto", "clones", "miners", "rocks", "tiles", "timers", "town")
BASE_PARTS = PARTS[:-1]


class _Crc:
    """A hashlib-like object (`update(bytes)`) that folds everything into one crc32, so the
    pools' own `digest_into` feeds it exactly what it feeds `state_hash`."""

    __slots__ = ("value",)

    def __init__(self) -> None:
        self.value = 0

    def update(self, data) -> None:
        self.value = zlib.crc32(data, self.value)


def _ints(*values: int) -> bytes:
    return np.array(values, dtype=np.int64).tobytes()


def has_town(level) -> bool:
    """A map with supply crates, guards or townsfolk: its worlds have a "town" part."""
    return bool(level.crates or level.guards or level.townsfolk)


def part_names(level) -> tuple[str, ...]:
    """The parts `part_hashes` gives for a world of `level`, in storage order."""
    return PARTS if has_town(level) else BASE_PARTS


def part_hashes(world) -> dict[str, int]:
    """Each part of `world` as a 32-bit crc (see the module docstring)."""
    hashes = {
        "naruto": zlib.crc32(world.naruto.digest_bytes()),
        "clones": _pool(world.clones, _ints(world.clone_burst)),
        "miners": _pool(
            world.miners,
            _ints(world.rescued, world.lost, world.quota_tick)
            + np.array(world.rescued_order, dtype=np.int32).tobytes(),
        ),
        "rocks": _pool(world.rocks, b""),
        "tiles": _tiles(world),
        "timers": _timers(world),
    }
    if has_town(world.level):
        crc = _Crc()
        crc.update(
            _ints(world.total_crates, world.crates_delivered, world.crates_lost)
            + world.folk_cheer_tick.tobytes()
        )
        world.crates.digest_into(crc)
        world.guards.digest_into(crc)
        hashes["town"] = crc.value
    return hashes


def _pool(pool, extra: bytes) -> int:
    crc = _Crc()
    crc.update(extra)
    pool.digest_into(crc)
    return crc.value


def _tiles(world) -> int:
    value = zlib.crc32(_ints(world.tiles_version))
    value = zlib.crc32(world.flags.tobytes(), value)
    value = zlib.crc32(world.terrain.tobytes(), value)
    return zlib.crc32(world.braziers_lit.tobytes(), value)


def _timers(world) -> int:
    """The clocks and the state of the run: tick, in-game time, the collapse, the air, the
    random numbers, dialogue, triggers, splits and the map Naruto is in."""
    head = _ints(
        world.tick,
        world.game_ticks,
        int(world.started),
        int(world.finished),
        world.rng.state,
        world.collapse_ticks_left,
        world.collapse_stage,
        len(world.dialogue_queue),
        world.dialogue_age,
        world.section,
    )
    value = zlib.crc32(head)
    value = zlib.crc32(world.air.tobytes(), value)
    value = zlib.crc32(world.triggers_fired.tobytes(), value)
    value = zlib.crc32(np.array(world.split_ticks, dtype=np.int64).tobytes(), value)
    text = "\0".join((world.result, world.dialogue, *assist_names.ordered(world.assists)))
    return zlib.crc32(text.encode(), value)


def trail_byte(value: int) -> int:
    """One byte standing for a 32-bit part hash in the per-tick trail: all four bytes folded,
    so any change of the hash changes it with odds 255 in 256."""
    value ^= value >> 16
    return (value ^ (value >> 8)) & 0xFF
