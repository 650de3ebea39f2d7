"""The map vocabulary: what the game reads from a Tiled map, and the rules each part must follow.

Nothing here knows about XML or pytmx. `tiled.py` reads a file into `MapObject`s, property
dicts and a flag grid, hands them to the functions below and builds the `Level`; every rule a
designer can break lives here, once, and reports to a `Problems` collector. The loader raises
the first problem, the checker (`validate.py`) lists them all: both share this single pass.

Properties are typed in Tiled (bool, int, string). A value of the wrong type is an error, not
a guess: "10" typed as a string is the usual slip, and the message says how to fix it. An
unknown property that is a near miss of a known one ("injred") is reported with a
did-you-mean; other extra properties are allowed, so designers can keep notes on objects.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import numpy as np

from game.level.model import CrackZoneSpec, MapError, MinerSpec, Rect
from game.sim.constants import BREAKABLE, BURNABLE, ONE_WAY, SOLID
from game.sim.pools import MINER_H, MINER_W, NARUTO_H, NARUTO_W

Report = Callable[[str], None]


class Problems:
    """Every problem found in one map, in the order found."""

    def __init__(self, path: str):
        self.path = path
        self.errors: list[MapError] = []

    def add(self, message: str, obj: MapObject | None = None) -> None:
        if obj is None:
            self.errors.append(MapError(self.path, message))
        else:
            self.errors.append(MapError(self.path, message, obj.id, obj.label))

    def add_for(self, obj_id: int, obj_name: str, message: str) -> None:
        self.errors.append(MapError(self.path, message, obj_id, obj_name or "unnamed"))

    def reporter(self, prefix: str, obj: MapObject | None = None) -> Report:
        """A one-argument `report` for property readers, prefixing where the problem is."""
        return lambda message: self.add(prefix + message, obj)

    def raise_first(self) -> None:
        if self.errors:
            raise self.errors[0]


@dataclass(frozen=True)
class MapObject:
    """One object of an object layer, templates already applied. Pixels, top-left origin."""

    id: int
    name: str
    cls: str  # Tiled's "class" (1.9) or "type" (1.8, 1.10+); "" for a designer's note
    x: float
    y: float
    w: float
    h: float
    shape: str  # rectangle, point, ellipse, polygon, polyline, text, tile
    rotation: float = 0.0
    properties: dict[str, object] = field(default_factory=dict)

    @property
    def label(self) -> str:
        """How error lines name it: its name, else its `name` property (miners), else class."""
        named = self.properties.get("name")
        return self.name or (named if isinstance(named, str) else "") or self.cls or "unnamed"

    @property
    def is_point(self) -> bool:
        # Tiled makes a 0x0 rectangle when the rectangle tool is clicked without dragging.
        return self.shape == "point" or (self.shape == "rectangle" and self.w == 0 == self.h)


# --- typed properties -------------------------------------------------------------------------


@dataclass(frozen=True)
class Prop:
    """One property the game reads: its Tiled type, default and allowed range."""

    kind: type  # bool, int or str
    default: object
    low: int | None = None
    high: int | None = None


TILED_TYPE_NAMES = {bool: "bool", int: "int", float: "float", str: "string"}

MAP_PROPERTIES = {
    "name": Prop(str, ""),  # "" means: from the file name
    "collapse_seconds": Prop(int, 240, 10, 3600),
    "seed": Prop(int, 1, 0, 2**31 - 1),
    "quota": Prop(int, 0, 0),  # at most the number of miners, checked with the roster
}
TILE_PROPERTIES = {
    "solid": Prop(bool, False),
    "one_way": Prop(bool, False),
    "breakable": Prop(bool, False),
    "burnable": Prop(bool, False),
    "name": Prop(str, ""),
}
TILE_FLAG_BITS = {"solid": SOLID, "one_way": ONE_WAY, "breakable": BREAKABLE, "burnable": BURNABLE}
MINER_PROPERTIES = {
    "name": Prop(str, ""),  # "" means: the object's name, else "Miner"
    "injured": Prop(bool, False),
    "last_out": Prop(bool, False),
    "carrier": Prop(bool, False),
    "chamber": Prop(str, ""),
}
CRACK_ZONE_PROPERTIES = {"rate": Prop(int, 100, 0, 6000)}

RUBBLE_NAME = "rubble"


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """' (did you mean 'x'?)' for a near miss, else ''."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.7)
    if not close and word.lower() in {c.lower() for c in choices}:
        close = [c for c in choices if c.lower() == word.lower()]
    return f" (did you mean '{close[0]}'?)" if close else ""


def _type_name(value: object) -> str:
    return TILED_TYPE_NAMES.get(type(value), type(value).__name__)


def _is_kind(value: object, kind: type) -> bool:
    # bool is a subclass of int in Python, but not in Tiled.
    return isinstance(value, kind) and (kind is bool or not isinstance(value, bool))


def read_properties(
    raw: dict[str, object], schema: dict[str, Prop], report: Report, noun: str = "property"
) -> dict[str, object]:
    """The schema's properties from `raw`, typed and defaulted; every mistake goes to `report`,
    the property called `noun` ("map property") in the message."""
    values: dict[str, object] = {}
    for key, prop in schema.items():
        value = raw.get(key, prop.default)
        if not _is_kind(value, prop.kind):
            want = TILED_TYPE_NAMES[prop.kind]
            report(
                f"{noun} '{key}' must be of type {want}, but it is "
                f"{_type_name(value)} {value!r} (change its type in Tiled)"
            )
            value = prop.default
        elif prop.kind is int and not _in_range(value, prop):
            report(f"{noun} '{key}' is {value}, {_range_text(prop)}")
            value = prop.default
        values[key] = value
    for key in raw:
        if key not in schema:
            hint = did_you_mean(key, schema)
            if hint:
                report(f"unknown {noun} '{key}'{hint}")
    return values


def _in_range(value: int, prop: Prop) -> bool:
    return (prop.low is None or value >= prop.low) and (prop.high is None or value <= prop.high)


def _range_text(prop: Prop) -> str:
    if prop.high is None:
        return f"must be at least {prop.low}"
    return f"must be between {prop.low} and {prop.high}"


def tile_flags(raw: dict[str, object], report: Report) -> tuple[int, str]:
    """A tile's (flags, name) from its properties."""
    values = read_properties(raw, TILE_PROPERTIES, report)
    flags = 0
    for key, bit in TILE_FLAG_BITS.items():
        if values[key]:
            flags |= bit
    return flags, str(values["name"])


def check_rubble(flags: int, report: Report) -> None:
    """Rocks settle as rubble: it must stop them (solid) and Rasengan must clear it (breakable),
    or a rock landing in a doorway could seal the exit for good."""
    if flags & (SOLID | BREAKABLE) != SOLID | BREAKABLE:
        report(f"the tile named '{RUBBLE_NAME}' must have both 'solid' and 'breakable' set")


def map_title(file_stem: str) -> str:
    """'great_mine' -> 'Great Mine': the default map name."""
    return " ".join(file_stem.replace("-", " ").replace("_", " ").split()).title()


# --- object classes --------------------------------------------------------------------------


@dataclass
class Roster:
    """The game objects of a map, as the object classes below read them."""

    spawns: list[tuple[MapObject, tuple[int, int]]] = field(default_factory=list)
    exits: list[Rect] = field(default_factory=list)
    miners: list[MinerSpec] = field(default_factory=list)
    crack_zones: list[CrackZoneSpec] = field(default_factory=list)


def _feet(obj: MapObject) -> tuple[int, int]:
    """A character's feet: the point itself, or a rectangle's bottom-centre."""
    if obj.is_point:
        return round(obj.x), round(obj.y)
    return round(obj.x + obj.w / 2), round(obj.y + obj.h)


def _rect(obj: MapObject) -> Rect:
    return Rect(round(obj.x), round(obj.y), round(obj.w), round(obj.h))


def _a(word: str) -> str:
    return f"{'an' if word[:1].lower() in 'aeiou' else 'a'} {word}"


def _needs_point_or_rect(obj: MapObject, problems: Problems) -> bool:
    if obj.shape in ("point", "rectangle", "tile"):
        return True
    problems.add(f"{_a(obj.cls)} must be a point or a rectangle, not {_a(obj.shape)}", obj)
    return False


def _needs_rect(obj: MapObject, problems: Problems) -> bool:
    what = _a(obj.cls)
    if obj.shape not in ("rectangle", "tile"):
        problems.add(f"{what} must be a rectangle, not {_a(obj.shape)}", obj)
    elif obj.w <= 0 or obj.h <= 0:
        problems.add(f"{what} needs a width and a height (it is {obj.w:g}x{obj.h:g})", obj)
    elif obj.rotation:
        problems.add(f"{what} must not be rotated (it is rotated {obj.rotation:g} degrees)", obj)
    else:
        return True
    return False


def _add_spawn(obj: MapObject, roster: Roster, problems: Problems) -> None:
    if _needs_point_or_rect(obj, problems):
        roster.spawns.append((obj, _feet(obj)))


def _add_exit(obj: MapObject, roster: Roster, problems: Problems) -> None:
    if _needs_rect(obj, problems):
        roster.exits.append(_rect(obj))


def _add_miner(obj: MapObject, roster: Roster, problems: Problems) -> None:
    values = read_properties(obj.properties, MINER_PROPERTIES, problems.reporter("", obj))
    if not _needs_point_or_rect(obj, problems):
        return
    x, y = _feet(obj)
    name = str(values["name"]) or obj.name or "Miner"
    roster.miners.append(
        MinerSpec(
            obj_id=obj.id,
            name=name,
            x=x,
            y=y,
            injured=bool(values["injured"]),
            last_out=bool(values["last_out"]),
            carrier=bool(values["carrier"]),
            chamber=str(values["chamber"]),
        )
    )


def _add_crack_zone(obj: MapObject, roster: Roster, problems: Problems) -> None:
    values = read_properties(obj.properties, CRACK_ZONE_PROPERTIES, problems.reporter("", obj))
    if _needs_rect(obj, problems):
        spec = CrackZoneSpec(obj.id, obj.name, _rect(obj), int(values["rate"]))
        roster.crack_zones.append(spec)


OBJECT_CLASSES: dict[str, Callable[[MapObject, Roster, Problems], None]] = {
    "Spawn": _add_spawn,
    "Exit": _add_exit,
    "Miner": _add_miner,
    "CrackZone": _add_crack_zone,
}


def read_objects(
    objects: Iterable[MapObject], map_w: int, map_h: int, problems: Problems
) -> Roster:
    """Sort the map's objects into a roster. Objects with no class are notes and are skipped."""
    roster = Roster()
    for obj in objects:
        if not obj.cls:
            continue
        add = OBJECT_CLASSES.get(obj.cls)
        if add is None:
            hint = did_you_mean(obj.cls, OBJECT_CLASSES)
            known = ", ".join(OBJECT_CLASSES)
            problems.add(f"unknown class '{obj.cls}'{hint}; known classes: {known}", obj)
            continue
        if _outside(obj, map_w, map_h):
            span = f"x {obj.x:g}..{obj.x + obj.w:g}, y {obj.y:g}..{obj.y + obj.h:g}"
            problems.add(f"lies outside the map ({map_w}x{map_h} px): it spans {span}", obj)
            continue
        add(obj, roster, problems)
    return roster


def _outside(obj: MapObject, map_w: int, map_h: int) -> bool:
    return obj.x < 0 or obj.y < 0 or obj.x + obj.w > map_w or obj.y + obj.h > map_h


# --- rules over the whole map ----------------------------------------------------------------


def check_roster(
    roster: Roster, flags: np.ndarray, tile: int, quota: int, problems: Problems
) -> None:
    """Rules that need every object at once, and the collision grid."""
    if not roster.spawns:
        problems.add("no Spawn object: add one point where Naruto starts")
    for obj, _ in roster.spawns[1:]:
        first = roster.spawns[0][0]
        problems.add(f"a second Spawn (the first is object {first.id}); keep exactly one", obj)
    if not roster.exits:
        problems.add("no Exit object: add at least one rectangle where miners are safe")
    if not roster.miners:
        problems.add("no Miner object: add at least one miner to rescue")
    if quota > len(roster.miners):
        problems.add(
            f"map property 'quota' is {quota}, but the map has only {len(roster.miners)} miners"
        )
    for obj, feet in roster.spawns:
        trouble = hitbox_trouble(feet, NARUTO_W, NARUTO_H, flags, tile)
        if trouble:
            problems.add(f"Naruto {trouble}", obj)
    for miner in roster.miners:
        trouble = hitbox_trouble((miner.x, miner.y), MINER_W, MINER_H, flags, tile)
        if trouble:
            problems.add_for(miner.obj_id, miner.name, f"the miner {trouble}")
    _check_last_out(roster.miners, problems)


def hitbox_trouble(
    feet: tuple[int, int], w: int, h: int, flags: np.ndarray, tile: int
) -> str | None:
    """Why a w x h hitbox standing on `feet` cannot start there, or None if it can."""
    left, top = feet[0] - w // 2, feet[1] - h
    right, bottom = left + w, feet[1]  # exclusive
    rows, cols = flags.shape
    if left < 0 or top < 0 or right > cols * tile or bottom > rows * tile:
        return f"would stick out of the map: the {w}x{h} px hitbox needs room above the feet"
    r0, r1 = top // tile, (bottom - 1) // tile
    c0, c1 = left // tile, (right - 1) // tile
    solid = np.argwhere(flags[r0 : r1 + 1, c0 : c1 + 1] & SOLID)
    if len(solid):
        row, col = int(solid[0][0]) + r0, int(solid[0][1]) + c0
        return (
            f"would start inside a solid tile (row {row}, column {col}, counting from 0); "
            "move the object so its feet rest on the ground"
        )
    return None


def _check_last_out(miners: list[MinerSpec], problems: Problems) -> None:
    # Two miners who each wait for everyone else in the chamber would wait forever.
    seen: dict[str, MinerSpec] = {}
    for miner in miners:
        if not miner.last_out:
            continue
        first = seen.setdefault(miner.chamber, miner)
        if first is not miner:
            where = f"chamber '{miner.chamber}'" if miner.chamber else "the map"
            problems.add_for(
                miner.obj_id,
                miner.name,
                f"a second last_out miner in {where} (the first is object {first.obj_id}, "
                f"{first.name}); they would wait for each other forever",
            )
