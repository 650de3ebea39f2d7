"""A map's digest: a fingerprint of everything the simulation reads from a `Level`.

It is taken over the loaded level, not the file's bytes, so re-saving a map in Tiled with
nothing changed (attribute order, encoding, compression) keeps the digest, while changing
anything that can change a run (one tile's flags, one miner's property) changes it.
Pictures, layer names and properties only the renderer reads are left out on purpose.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
from pathlib import Path

import numpy as np

from game.level.model import Level

DIGEST_VERSION = 1  # part of the digested text: bump when the fields below change


def _plain(specs: list) -> list[dict]:
    return [dataclasses.asdict(spec) for spec in specs]


def _sim_view(level: Level) -> dict:
    """Everything in `level` that game/sim/ reads, as plain JSON-able values."""
    rubble_flags = level.tile_flags.get(level.rubble_gid, 0) if level.rubble_gid else 0
    seal_gid = level.seal_gid or level.rubble_gid
    seal_flags = level.tile_flags.get(seal_gid, 0) if seal_gid else 0
    return {
        "digest_version": DIGEST_VERSION,
        "grid": list(level.flags.shape),
        "rocks_settle": bool(level.rubble_gid),
        "rubble_flags": rubble_flags,
        "seal_flags": seal_flags,
        "spawn": list(level.spawn),
        "exits": [dataclasses.asdict(rect) for rect in level.exits],
        "miners": _plain(level.miners),
        "crack_zones": _plain(level.crack_zones),
        "chambers": _plain(level.chambers),
        "braziers": _plain(level.braziers),
        "triggers": _plain(level.triggers),
        "chasms": _plain(level.chasms),
        "splits": _plain(level.splits),
        "collapse_seconds": level.collapse_seconds,
        "seed": level.seed,
        "quota": level.quota,
        "intro": level.intro,
        **_town_view(level),
    }


def _town_view(level: Level) -> dict:
    """What the simulation reads of the town objects and of a chain's sections, only where a
    level has them: a mine map's digest (and every replay made on it) stays as it was."""
    view: dict[str, object] = {}
    for name in ("crates", "camps", "guards", "townsfolk"):
        specs = getattr(level, name)
        if specs:
            view[name] = _plain(specs)
    if level.reinforce_seconds:
        view["reinforce_seconds"] = level.reinforce_seconds
    if len(level.sections) > 1 or level.passages:
        view["sections"] = [
            {
                "rect": dataclasses.asdict(section.rect),
                "spawn": list(section.spawn),
                "intro": section.intro,
                "first_split": section.first_split,
                "seed": section.seed,
            }
            for section in level.sections
        ]
        view["passages"] = _plain(level.passages)
        view["collapse_section"] = level.collapse_section
    return view


def map_digest(level: Level) -> str:
    """A hex digest of the level as the simulation sees it (see the module docstring)."""
    h = hashlib.sha256()
    h.update(json.dumps(_sim_view(level), sort_keys=True, separators=(",", ":")).encode())
    h.update(np.ascontiguousarray(level.flags, dtype=np.uint8).tobytes())
    return h.hexdigest()


# --- runs of several maps (game/level/chain.py) ---------------------------------------------
CHAIN_SUFFIX = ".chain"  # a chained run's id: its first map's stem + this ("boulder_town.chain")


def is_chain(level: Level) -> bool:
    """True for a run stitched from several maps (`next_map`), False for one map alone."""
    return len(level.chain_paths) > 1


def run_id(level: Level) -> str:
    """What names a run in replays, personal bests, ghosts and practice: the map file's stem
    for one map; for a chain, the first map's stem + ".chain", so the Full Rescue never
    shares a record with Boulder Town alone."""
    stem = Path(level.path).stem
    return stem + CHAIN_SUFFIX if is_chain(level) else stem


_chain_cache: dict[int, tuple[Level, tuple[tuple[str, str], ...]]] = {}


def chain_digests(level: Level) -> tuple[tuple[str, str], ...]:
    """(map id, map digest) of every map of a chained run, in order; () for one map. Each is
    the digest of that map loaded alone, as a one-map replay of it would name it. Loads the
    maps again (once per level object: a restart costs nothing)."""
    if not is_chain(level):
        return ()
    cached = _chain_cache.get(id(level))
    if cached is not None and cached[0] is level:
        return cached[1]
    from game.level.tiled import load_level

    digests = tuple(
        (Path(path).stem, map_digest(load_level(os.fspath(path)))) for path in level.chain_paths
    )
    if len(_chain_cache) > 8:  # hot reloads make new levels: keep only the latest few
        _chain_cache.clear()
    _chain_cache[id(level)] = (level, digests)
    return digests
