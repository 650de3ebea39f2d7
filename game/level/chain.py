"""Runs of several maps: a map's `next_map` property names the map that follows it, and the
chain of them plays as one run (Boulder Town, then the Great Mine: the Full Rescue).

`load_run` follows the chain from its first map and stitches the maps side by side into one
`Level`: each map becomes a section (`Level.sections`) with a wall of rock between them, and
the Exit of every map but the last becomes a passage into the next one (`Level.passages`).
One Level means one World: the next map is loaded before the run starts, so crossing into it
costs no frame; clones, chakra and the timer simply carry on; and a replay of the whole run
verifies exactly as a one-map replay does.

What a chain takes from its maps: the intro of each (shown on arrival); each map's seed (the
random numbers restart from it when Naruto arrives); the collapse timer of
the first map that has one (it starts when Naruto gets there, as do that map's rocks, air and
miners, and the later maps'); every split of every map in order, with each crossing a split
named after the map it leaves; the Any% quota is the sum of the maps' quotas.
"""

from __future__ import annotations

import dataclasses
import os

import numpy as np

from game.level.model import (
    ChamberSpec,
    Level,
    MapError,
    MinerSpec,
    PassageSpec,
    Rect,
    SectionSpec,
    SplitSpec,
    TileSource,
)
from game.level.tiled import load_level
from game.sim.constants import SOLID, TILE

MAX_MAPS = 16  # a longer chain is surely a mistake
GAP_TILES = 2  # columns of rock between two maps of a run


def chain_of(path: str | os.PathLike) -> list[str]:
    """The maps of the run starting at `path`, in order (just `path` when it names no next
    map). Raises MapError naming the map whose `next_map` is missing or loops."""
    return [level.path for level in _load_chain(os.fspath(path))]


def load_run(path: str | os.PathLike) -> Level:
    """The map at `path`, with every map its `next_map` chain names stitched after it."""
    levels = _load_chain(os.fspath(path))
    return levels[0] if len(levels) == 1 else stitch(levels)


def next_map_path(level: Level) -> str:
    """The file a level's `next_map` property names, resolved beside the level's own file."""
    return os.path.normpath(os.path.join(os.path.dirname(level.path), level.next_map))


def _load_chain(first: str) -> list[Level]:
    levels = [load_level(first)]
    seen = {os.path.realpath(first)}
    while levels[-1].next_map:
        current = levels[-1]
        following = next_map_path(current)
        where = f"map property 'next_map' is '{current.next_map}'"
        if not os.path.isfile(following):
            raise MapError(current.path, f"{where}, but there is no such map beside it")
        if os.path.realpath(following) in seen:
            raise MapError(current.path, f"{where}, which leads back into the chain: a loop")
        if len(levels) >= MAX_MAPS:
            raise MapError(first, f"the chain of next_map goes on past {MAX_MAPS} maps")
        seen.add(os.path.realpath(following))
        levels.append(load_level(following))
    return levels


def stitch(levels: list[Level]) -> Level:
    """One Level holding `levels` side by side, left to right."""
    height = max(level.height for level in levels)
    width = sum(level.width for level in levels) + GAP_TILES * (len(levels) - 1)
    flags = np.full((height, width), SOLID, dtype=np.uint8)
    terrain = np.zeros((height, width), dtype=np.int32)
    layers = max(len(level.background) for level in levels)
    background = [np.zeros((height, width), dtype=np.int32) for _ in range(layers)]
    layers = max(len(level.foreground) for level in levels)
    foreground = [np.zeros((height, width), dtype=np.int32) for _ in range(layers)]
    tiles: dict[int, TileSource] = {}
    tile_flags: dict[int, int] = {}
    rubble_gid = seal_gid = 0
    parts: dict[str, list] = {name: [] for name in _OBJECT_LISTS}
    exits: list[Rect] = []
    splits: list[SplitSpec] = []
    sections: list[SectionSpec] = []
    passages: list[PassageSpec] = []
    col = gid_base = 0
    for index, level in enumerate(levels):
        dx = col * TILE
        shift = _Shift(dx, index)
        rows = slice(0, level.height)
        cols = slice(col, col + level.width)
        flags[rows, cols] = level.flags
        terrain[rows, cols] = _regid(level.terrain, gid_base)
        for stack, own in ((background, level.background), (foreground, level.foreground)):
            for layer, grid in zip(stack, own, strict=False):
                layer[rows, cols] = _regid(grid, gid_base)
        tiles.update({gid + gid_base: source for gid, source in level.tiles.items()})
        tile_flags.update({gid + gid_base: bits for gid, bits in level.tile_flags.items()})
        rubble_gid = rubble_gid or (level.rubble_gid and level.rubble_gid + gid_base)
        seal_gid = seal_gid or (level.seal_gid and level.seal_gid + gid_base)
        for name in _OBJECT_LISTS:
            parts[name] += [shift.spec(spec) for spec in getattr(level, name)]
        own_exits = [shift.rect(rect) for rect in level.exits]
        exits += own_exits
        first_split = len(splits)
        splits += [dataclasses.replace(s, rect=shift.rect(s.rect)) for s in level.splits]
        last = index == len(levels) - 1
        if not last:
            passages += [PassageSpec(rect, index + 1) for rect in own_exits]
            # The crossing is a split, named after the map left behind.
            splits.append(SplitSpec(obj_id=0, name=level.name, rect=own_exits[0]))
        sections.append(
            dataclasses.replace(
                level.sections[0],
                rect=Rect(dx, 0, level.width * TILE, level.height * TILE),
                spawn=(level.spawn[0] + dx, level.spawn[1]),
                first_split=first_split,
            )
        )
        col += level.width + GAP_TILES
        gid_base = max(tiles, default=gid_base)
    first = levels[0]
    timed = [i for i, level in enumerate(levels) if level.collapse_seconds]
    collapse_section = timed[0] if timed else 0
    names = " + ".join(level.name for level in levels)
    chain_name = str(first.properties.get("chain_name") or "") or names
    par = sum(_par(level) for level in levels)
    return Level(
        path=first.path,
        name=chain_name,
        width=width,
        height=height,
        tile_size=TILE,
        flags=flags,
        terrain=terrain,
        background=background,
        foreground=foreground,
        tiles=tiles,
        tile_flags=tile_flags,
        spawn=first.spawn,
        exits=exits,
        crack_zones=parts["crack_zones"],
        miners=parts["miners"],
        collapse_seconds=levels[collapse_section].collapse_seconds,
        seed=first.seed,
        quota=sum(level.quota or len(level.miners) for level in levels),
        rubble_gid=rubble_gid,
        seal_gid=seal_gid,
        chambers=parts["chambers"],
        braziers=parts["braziers"],
        triggers=parts["triggers"],
        chasms=parts["chasms"],
        splits=splits,
        dark=first.dark,
        intro=first.intro,
        properties={**first.properties, "par_seconds": par, "chain": names},
        crates=parts["crates"],
        camps=parts["camps"],
        guards=parts["guards"],
        townsfolk=parts["townsfolk"],
        reinforce_seconds=first.reinforce_seconds,
        sections=sections,
        passages=passages,
        chain_paths=[level.path for level in levels],
        collapse_section=collapse_section,
    )


# The Level lists of map objects a chain carries over, each moved to its map's place.
_OBJECT_LISTS = (
    "miners",
    "crack_zones",
    "chambers",
    "braziers",
    "triggers",
    "chasms",
    "crates",
    "camps",
    "guards",
    "townsfolk",
)


def _par(level: Level) -> int:
    par = level.properties.get("par_seconds", 180)
    return par if isinstance(par, int) else 180


def _regid(grid: np.ndarray, base: int) -> np.ndarray:
    return np.where(grid > 0, grid + base, 0).astype(np.int32)


class _Shift:
    """Moves one map's objects `dx` pixels right; keeps chamber names apart between maps."""

    def __init__(self, dx: int, index: int):
        self.dx = dx
        self.index = index

    def rect(self, rect: Rect) -> Rect:
        return Rect(rect.x + self.dx, rect.y, rect.w, rect.h)

    def spec(self, spec):
        changes: dict[str, object] = {}
        for field in dataclasses.fields(spec):
            value = getattr(spec, field.name)
            if field.name == "x":
                changes["x"] = value + self.dx
            elif isinstance(value, Rect):
                changes[field.name] = self.rect(value)
        # Miners join their chamber by name, and two maps may both have a chamber "A".
        if isinstance(spec, MinerSpec) and spec.chamber:
            changes["chamber"] = f"{self.index}:{spec.chamber}"
        if isinstance(spec, ChamberSpec):
            changes["name"] = f"{self.index}:{spec.name}"
        return dataclasses.replace(spec, **changes)
