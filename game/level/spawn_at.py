"""Play from here: Naruto starts at a spot the designer picks instead of the map's Spawn.

Tiled's project commands know the selected object's id (`%objectid`) but not the cursor, so
the spot is an object: `python -m game play MAP --spawn-at-object ID` puts Naruto's feet on
that object (a point, or a rectangle's bottom-centre, as for a Spawn); `--spawn-at X,Y` takes
pixels. Everything else about the level stays as the map says. Such a run is marked
(`Level.spawn_moved`) and keeps no records: it is a test, not a run of the map.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable

from game.level.model import Level, MapError
from game.level.properties import MapObject, hitbox_trouble
from game.sim.pools import NARUTO_H, NARUTO_W

# What Tiled leaves in the arguments when no object is selected: it replaces the variable only
# when there is a current object.
UNREPLACED_OBJECT_ID = "%objectid"
MAX_OBJECT_ID = 2**31 - 1


@dataclasses.dataclass(frozen=True)
class SpawnChoice:
    """Where a run starts instead of the Spawn: an object of the map, or a pixel point."""

    object_id: int | None = None
    point: tuple[int, int] | None = None


def parse_object_id(text: str) -> int:
    """`--spawn-at-object`'s value; ValueError (one line) for anything but an object id."""
    value = text.strip().strip('"')
    if value == UNREPLACED_OBJECT_ID:
        raise ValueError(
            "--spawn-at-object got no object id: select one object in Tiled, then run the "
            "command again"
        )
    if not (value.isascii() and value.isdigit()) or not 0 < int(value) <= MAX_OBJECT_ID:
        raise ValueError(f"--spawn-at-object expects an object id (a whole number), got {text!r}")
    return int(value)


def parse_point(text: str) -> tuple[int, int]:
    """`--spawn-at X,Y` (Naruto's feet, pixels); ValueError (one line) otherwise."""
    x, sep, y = text.partition(",")
    try:
        point = (float(x), float(y)) if sep else None
    except ValueError:
        point = None
    if point is None or not all(math.isfinite(v) and abs(v) < 1e7 for v in point):
        raise ValueError(f"--spawn-at expects X,Y in pixels (Naruto's feet), got {text[:40]!r}")
    return round(point[0]), round(point[1])


def object_feet(obj: MapObject) -> tuple[int, int]:
    """Where Naruto's feet go on the object: a point itself, else its bottom-centre (a tile
    object's too: the reader keeps every object's top-left corner)."""
    if obj.is_point or obj.shape in ("polygon", "polyline"):  # their x, y is their first point
        return round(obj.x), round(obj.y)
    return round(obj.x + obj.w / 2), round(obj.y + obj.h)


def resolve(map_path: str, choice: SpawnChoice) -> tuple[tuple[int, int], MapObject | None]:
    """The feet the choice stands for, and the object it names (None for a point)."""
    if choice.point is not None:
        return choice.point, None
    from game.level.tiled import map_objects

    found = [obj for obj in map_objects(map_path) if obj.id == choice.object_id]
    if not found:
        raise MapError(
            map_path,
            f"no object has id {choice.object_id} (Tiled shows an object's ID in its Properties)",
        )
    return object_feet(found[0]), found[0]


def moved_spawn(level: Level, choice: SpawnChoice) -> Level:
    """`level` with Naruto starting at `choice`, marked as such. A spot where Naruto's hitbox
    would be in rock or outside the map is a MapError (one line)."""
    feet, obj = resolve(level.path, choice)
    trouble = hitbox_trouble(feet, NARUTO_W, NARUTO_H, level.flags, level.tile_size)
    if trouble:
        reason = trouble.partition(";")[0]  # the advice to move the object is not for here
        message = f"Naruto {reason}; pick another spot"
        if obj is None:
            raise MapError(level.path, f"--spawn-at {feet[0]},{feet[1]}: {message}")
        raise MapError(level.path, message, obj.id, obj.label)
    section = dataclasses.replace(level.sections[0], spawn=feet)
    return dataclasses.replace(level, spawn=feet, sections=[section], spawn_moved=True)


def play_loader(chain: bool, choice: SpawnChoice | None) -> Callable[[str], Level]:
    """How the played map loads, at the start and on every save: the run of its chain, or the
    map alone, with Naruto moved to `choice` when there is one."""
    from game.level.chain import load_run
    from game.level.tiled import load_level

    if choice is None:
        return load_run if chain else load_level
    if chain:
        raise ValueError("--spawn-at-object and --spawn-at play one map: leave out --chain")
    return lambda path: moved_spawn(load_level(path), choice)
