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
    }


def map_digest(level: Level) -> str:
    """A hex digest of the level as the simulation sees it (see the module docstring)."""
    h = hashlib.sha256()
    h.update(json.dumps(_sim_view(level), sort_keys=True, separators=(",", ":")).encode())
    h.update(np.ascontiguousarray(level.flags, dtype=np.uint8).tobytes())
    return h.hexdigest()
