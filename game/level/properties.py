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

import dataclasses
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import numpy as np

from game.level.model import (
    FOLK_LOOKS,
    TRIGGER_EVENTS,
    BrazierSpec,
    CampSpec,
    ChamberSpec,
    ChasmSpec,
    CrackZoneSpec,
    CrateSpec,
    FolkSpec,
    GuardSpec,
    MapError,
    MinerSpec,
    Rect,
    SplitSpec,
    TriggerSpec,
)
from game.sim.constants import BREAKABLE, BURNABLE, ONE_WAY, SOLID
from game.sim.pools import CRATE_H, CRATE_W, GUARD_H, GUARD_W, MINER_H, MINER_W, NARUTO_H, NARUTO_W

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
    "collapse_seconds": Prop(int, 240, 0, 3600),  # 0: no collapse timer (the town)
    "seed": Prop(int, 1, 0, 2**31 - 1),
    "quota": Prop(int, 0, 0),  # at most the number of miners, checked with the roster
    "dark": Prop(bool, False),
    "intro": Prop(str, ""),  # a dialogue line shown when the level starts
    "par_seconds": Prop(int, 180, 10, 3600),  # the time a good run takes, for the rank
    "next_map": Prop(str, ""),  # the next map of the chain, relative to this one
    "chain_name": Prop(str, ""),  # the title's name for the chain starting here
    "music": Prop(str, "mine"),  # MUSIC_CHOICES: which loop and ambience play
    "ambient_light": Prop(int, 100, 0, 100),  # how bright a non-dark map is drawn, percent
    "reinforce_seconds": Prop(int, 0, 0, 600),  # guards grow stronger this often; 0 = never
}
MUSIC_CHOICES = ("mine", "town")
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
    "says": Prop(str, ""),  # shown in a dialogue box when the miner is rescued
}
CRACK_ZONE_PROPERTIES = {
    "rate": Prop(int, 100, 0, 6000),
    "fall_speed": Prop(int, 0, 0, 600),  # px/s; 0 = free fall
}
CHAMBER_PROPERTIES = {"air_seconds": Prop(int, 120, 10, 3600)}
BRAZIER_PROPERTIES = {"lit": Prop(bool, False), "radius": Prop(int, 96, 16, 512)}
SPLIT_PROPERTIES = {"order": Prop(int, 0, 0, 999)}
GUARD_PROPERTIES = {
    "strength": Prop(int, 3, 1, 50),  # clones pushing at once that walk the guard aside
    "commander": Prop(bool, False),
    "says": Prop(str, ""),  # shown in a dialogue box when the guard steps aside
}
TOWNSFOLK_PROPERTIES = {
    "look": Prop(str, "folk"),  # one of FOLK_LOOKS
    "says": Prop(str, ""),  # a speech bubble when the clones first come near
}
TRIGGER_PROPERTIES = {
    "event": Prop(str, ""),
    "text": Prop(str, ""),
    "target": Prop(int, 0, 0),  # an object property in Tiled: the rectangle acted on
    "count": Prop(int, 0, 0, 1000),  # clones a multi_clone trigger pours out
}

RUBBLE_NAME = "rubble"
SEAL_NAME = "rock"  # the tile a "seal" Trigger fills the mine mouth with


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """' (did you mean 'x'?)' for a near miss, else ''."""
    import difflib  # only a map with a mistake needs it: loading a good one starts faster

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
                f"{_type_name(value)} {_clipped(repr(value))} (in Tiled, right-click it in the "
                f"Properties panel: Convert To > {want})"
            )
            value = prop.default
        elif prop.kind is int and isinstance(value, int) and not _in_range(value, prop):
            report(f"{noun} '{key}' is {_clipped(str(value))}, {_range_text(prop)}")
            value = prop.default
        values[key] = value
    for key in raw:
        if key not in schema:
            hint = did_you_mean(key, schema)
            if hint:
                report(f"unknown {noun} '{key}'{hint}")
    return values


def int_value(value: object) -> int:
    """An int property from `read_properties`, which has checked its type (never a bool)."""
    assert isinstance(value, int), value
    return value


def _clipped(text: str, limit: int = 60) -> str:
    """A value from the map, short enough for a message line (a map may hold a huge one)."""
    return text if len(text) <= limit else text[:limit] + "..."


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


def check_seal_rock(flags: int, report: Report) -> None:
    """A seal closes the way behind Naruto: rock that does not stop him would close nothing."""
    if not flags & SOLID:
        report(f"the tile named '{SEAL_NAME}' must have 'solid' set (seal Triggers fill with it)")


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
    chambers: list[ChamberSpec] = field(default_factory=list)
    braziers: list[BrazierSpec] = field(default_factory=list)
    triggers: list[TriggerSpec] = field(default_factory=list)
    chasms: list[ChasmSpec] = field(default_factory=list)
    splits: list[SplitSpec] = field(default_factory=list)
    crates: list[CrateSpec] = field(default_factory=list)
    camps: list[CampSpec] = field(default_factory=list)
    guards: list[GuardSpec] = field(default_factory=list)
    townsfolk: list[FolkSpec] = field(default_factory=list)
    # (trigger index, trigger object, target object id), resolved once every object is read
    trigger_targets: list[tuple[int, MapObject, int]] = field(default_factory=list)
    read_ids: set[int] = field(default_factory=set)  # the objects read into the roster


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
            says=str(values["says"]),
        )
    )


def _add_crack_zone(obj: MapObject, roster: Roster, problems: Problems) -> None:
    values = read_properties(obj.properties, CRACK_ZONE_PROPERTIES, problems.reporter("", obj))
    if _needs_rect(obj, problems):
        rate, fall_speed = int_value(values["rate"]), int_value(values["fall_speed"])
        spec = CrackZoneSpec(obj.id, obj.name, _rect(obj), rate, fall_speed)
        roster.crack_zones.append(spec)


def _add_chamber(obj: MapObject, roster: Roster, problems: Problems) -> None:
    values = read_properties(obj.properties, CHAMBER_PROPERTIES, problems.reporter("", obj))
    if not _needs_rect(obj, problems):
        return
    if not obj.name:
        # Miners join their chamber by its name; a nameless one could never be joined.
        problems.add("a Chamber needs a name: Miner objects name their chamber with it", obj)
        return
    spec = ChamberSpec(obj.id, obj.name, _rect(obj), int_value(values["air_seconds"]))
    roster.chambers.append(spec)


def _add_brazier(obj: MapObject, roster: Roster, problems: Problems) -> None:
    values = read_properties(obj.properties, BRAZIER_PROPERTIES, problems.reporter("", obj))
    if not _needs_point_or_rect(obj, problems):
        return
    x, y = _feet(obj)  # a brazier stands on the ground like a person
    lit, radius = bool(values["lit"]), int_value(values["radius"])
    roster.braziers.append(BrazierSpec(obj.id, obj.name, x, y, lit, radius))


def _add_trigger(obj: MapObject, roster: Roster, problems: Problems) -> None:
    values = read_properties(obj.properties, TRIGGER_PROPERTIES, problems.reporter("", obj))
    if not _needs_rect(obj, problems):
        return
    event, text = str(values["event"]), str(values["text"])
    known = ", ".join(TRIGGER_EVENTS)
    if not event:
        problems.add(f"a Trigger needs the string property 'event', one of: {known}", obj)
    elif event not in TRIGGER_EVENTS:
        hint = did_you_mean(event, TRIGGER_EVENTS)
        problems.add(f"unknown event '{event}'{hint}; known events: {known}", obj)
    elif event == "dialogue" and not text.strip():
        problems.add("a dialogue Trigger needs the string property 'text': the line to show", obj)
    elif event == "hint" and not text.strip():
        problems.add("a hint Trigger needs the string property 'text': the prompt to show", obj)
    elif event == "multi_clone" and not int_value(values["count"]):
        problems.add("a multi_clone Trigger needs the int property 'count' (1..1000)", obj)
    else:
        count = int_value(values["count"])
        roster.triggers.append(TriggerSpec(obj.id, obj.name, _rect(obj), event, text, count=count))
        if values["target"]:
            roster.trigger_targets.append(
                (len(roster.triggers) - 1, obj, int_value(values["target"]))
            )


def _add_area(obj: MapObject, roster: Roster, problems: Problems) -> None:
    """A plain rectangle other objects point at (a Trigger's `target`)."""
    _needs_rect(obj, problems)


def _resolve_targets(roster: Roster, by_id: dict[int, MapObject], problems: Problems) -> None:
    """Point each Trigger with a `target` at that object's rectangle."""
    for index, obj, target_id in roster.trigger_targets:
        target = by_id.get(target_id)
        if target is None:
            problems.add(f"its 'target' is object {target_id}, which is not in the map", obj)
        elif target.is_point or target.w <= 0 or target.h <= 0:
            problems.add(f"its 'target' (object {target_id}) must be a rectangle", obj)
        else:
            trigger = roster.triggers[index]
            roster.triggers[index] = dataclasses.replace(trigger, target=_rect(target))


def _add_split(obj: MapObject, roster: Roster, problems: Problems) -> None:
    values = read_properties(obj.properties, SPLIT_PROPERTIES, problems.reporter("", obj))
    if not _needs_rect(obj, problems):
        return
    if not obj.name:
        problems.add("a Split needs a name: runners see it in their splits", obj)
        return
    roster.splits.append(SplitSpec(obj.id, obj.name, _rect(obj), int_value(values["order"])))


def _add_chasm(obj: MapObject, roster: Roster, problems: Problems) -> None:
    if _needs_rect(obj, problems):
        roster.chasms.append(ChasmSpec(obj.id, obj.name, _rect(obj)))


def _add_crate(obj: MapObject, roster: Roster, problems: Problems) -> None:
    if _needs_point_or_rect(obj, problems):
        x, y = _feet(obj)
        roster.crates.append(CrateSpec(obj.id, obj.name, x, y))


def _add_camp(obj: MapObject, roster: Roster, problems: Problems) -> None:
    if _needs_rect(obj, problems):
        roster.camps.append(CampSpec(obj.id, obj.name, _rect(obj)))


def _add_guard(obj: MapObject, roster: Roster, problems: Problems) -> None:
    values = read_properties(obj.properties, GUARD_PROPERTIES, problems.reporter("", obj))
    if not _needs_point_or_rect(obj, problems):
        return
    x, y = _feet(obj)
    strength = int_value(values["strength"])
    spec = GuardSpec(
        obj.id, obj.name, x, y, strength, bool(values["commander"]), str(values["says"])
    )
    roster.guards.append(spec)


def _add_townsfolk(obj: MapObject, roster: Roster, problems: Problems) -> None:
    values = read_properties(obj.properties, TOWNSFOLK_PROPERTIES, problems.reporter("", obj))
    if not _needs_point_or_rect(obj, problems):
        return
    look = str(values["look"])
    if look not in FOLK_LOOKS:
        hint = did_you_mean(look, FOLK_LOOKS)
        known = ", ".join(FOLK_LOOKS)
        problems.add(f"unknown look '{_clipped(look)}'{hint}; known looks: {known}", obj)
        return
    x, y = _feet(obj)
    roster.townsfolk.append(FolkSpec(obj.id, obj.name, x, y, look, str(values["says"])))


OBJECT_CLASSES: dict[str, Callable[[MapObject, Roster, Problems], None]] = {
    "Spawn": _add_spawn,
    "Exit": _add_exit,
    "Miner": _add_miner,
    "CrackZone": _add_crack_zone,
    "Chamber": _add_chamber,
    "Brazier": _add_brazier,
    "Trigger": _add_trigger,
    "Chasm": _add_chasm,
    "Area": _add_area,
    "Split": _add_split,
    "SupplyCrate": _add_crate,
    "Camp": _add_camp,
    "Guard": _add_guard,
    "Townsfolk": _add_townsfolk,
}


def read_objects(
    objects: Iterable[MapObject], map_w: int, map_h: int, problems: Problems
) -> Roster:
    """Sort the map's objects into a roster. Objects with no class are notes and are skipped."""
    roster = Roster()
    by_id: dict[int, MapObject] = {}
    listed = False  # the known classes are listed once per map, on the first unknown class
    for obj in objects:
        by_id[obj.id] = obj
        if not obj.cls:
            continue
        add = OBJECT_CLASSES.get(obj.cls)
        if add is None:
            hint = did_you_mean(obj.cls, OBJECT_CLASSES)
            known = "; known classes: " + ", ".join(OBJECT_CLASSES)
            problems.add(f"unknown class '{obj.cls}'{hint}{'' if listed else known}", obj)
            listed = True
            continue
        if _outside(obj, map_w, map_h):
            span = f"x {obj.x:g}..{obj.x + obj.w:g}, y {obj.y:g}..{obj.y + obj.h:g}"
            problems.add(f"lies outside the map ({map_w}x{map_h} px): it spans {span}", obj)
            continue
        add(obj, roster, problems)
        roster.read_ids.add(obj.id)
    _resolve_targets(roster, by_id, problems)
    return roster


def _outside(obj: MapObject, map_w: int, map_h: int) -> bool:
    return obj.x < 0 or obj.y < 0 or obj.x + obj.w > map_w or obj.y + obj.h > map_h


# --- rules over the whole map ----------------------------------------------------------------


def _objects_left_out(roster: Roster, problems: Problems) -> int:
    """How many objects already reported were left out of the roster (an unknown class, a
    missing template, outside the map). Each may be a miner: a quota they would make up is not
    reported again as a second problem; it is checked once those are fixed."""
    return len(
        {
            error.obj_id
            for error in problems.errors
            if error.obj_id is not None and error.obj_id not in roster.read_ids
        }
    )


def check_roster(
    roster: Roster,
    flags: np.ndarray,
    tile: int,
    quota: int,
    problems: Problems,
    seal_gid: int = 0,
) -> None:
    """Rules that need every object at once, the collision grid and the seal tile's gid."""
    if not roster.spawns:
        problems.add("no Spawn object: add one point where Naruto starts")
    for obj, _ in roster.spawns[1:]:
        first = roster.spawns[0][0]
        problems.add(f"a second Spawn (the first is object {first.id}); keep exactly one", obj)
    if not roster.exits:
        problems.add("no Exit object: add at least one rectangle where miners are safe")
    if not (roster.miners or roster.crates or roster.guards):
        problems.add(
            "no Miner object: add at least one miner to rescue (a town map may hold "
            "SupplyCrate and Guard objects instead)"
        )
    if roster.crates and not roster.camps:
        crate = roster.crates[0]
        problems.add_for(
            crate.obj_id,
            crate.name or "SupplyCrate",
            "SupplyCrate objects need a Camp rectangle to be delivered to; add one",
        )
    if quota > len(roster.miners) + _objects_left_out(roster, problems):
        count = len(roster.miners)
        problems.add(
            f"map property 'quota' is {quota}, but the map has only {count} "
            f"miner{'' if count == 1 else 's'}"
        )
    for obj, feet in roster.spawns:
        trouble = hitbox_trouble(feet, NARUTO_W, NARUTO_H, flags, tile)
        if trouble:
            problems.add(f"Naruto {trouble}", obj)
    for miner in roster.miners:
        trouble = hitbox_trouble((miner.x, miner.y), MINER_W, MINER_H, flags, tile)
        if trouble:
            problems.add_for(miner.obj_id, miner.name, f"the miner {trouble}")
    # (id, name, what, width, height, feet) of everyone and everything that stands
    standing: list[tuple[int, str, str, int, int, tuple[int, int]]] = [
        *(
            (c.obj_id, c.name or "SupplyCrate", "the crate", CRATE_W, CRATE_H, (c.x, c.y))
            for c in roster.crates
        ),
        *(
            (g.obj_id, g.name or "Guard", "the guard", GUARD_W, GUARD_H, (g.x, g.y))
            for g in roster.guards
        ),
        *(
            (f.obj_id, f.name or "Townsfolk", "the townsperson", MINER_W, MINER_H, (f.x, f.y))
            for f in roster.townsfolk
        ),
    ]
    for obj_id, name, what, w, h, feet in standing:
        trouble = hitbox_trouble(feet, w, h, flags, tile) or _floor_trouble(*feet, flags, tile)
        if trouble:
            problems.add_for(obj_id, name, f"{what} {trouble}")
    _check_last_out(roster.miners, problems)
    _check_chambers(roster, problems)
    _check_splits(sorted(roster.splits, key=lambda s: (s.order, s.obj_id)), problems)
    _check_triggers(roster.triggers, flags, tile, seal_gid, problems)
    for brazier in roster.braziers:
        trouble = brazier_trouble(brazier, flags, tile)
        if trouble:
            problems.add_for(brazier.obj_id, brazier.name or "Brazier", trouble)


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


def _floor_trouble(x: int, y: int, flags: np.ndarray, tile: int) -> str | None:
    """Why feet at (x, y) do not rest on a floor (the cell just below solid or one-way)."""
    rows, cols = flags.shape
    row, col = y // tile, min(max(x // tile, 0), cols - 1)
    if row < rows and flags[row, col] & (SOLID | ONE_WAY):
        return None
    return (
        f"would float: its feet (x {x}, y {y}) are not on a floor; move it down until its "
        "feet rest on a solid or one-way tile"
    )


def brazier_trouble(brazier: BrazierSpec, flags: np.ndarray, tile: int) -> str | None:
    """Why a brazier's base (its point, or its rectangle's bottom-centre) is not standing on a
    floor, or None if it is: the cell just below the base must be solid or one-way, the cell
    just above it not solid."""
    rows, cols = flags.shape
    x, y = brazier.x, brazier.y
    col = min(max(x // tile, 0), cols - 1)
    where = f"its base (x {x}, y {y})"
    if y > 0 and flags[min((y - 1) // tile, rows - 1), col] & SOLID:
        return (
            f"a Brazier stands inside rock: {where} is in a solid tile (row {(y - 1) // tile}, "
            f"column {col}); move it up so its base rests on the top of the floor"
        )
    row = y // tile
    if row < rows and flags[row, col] & (SOLID | ONE_WAY):
        return None
    below = [r for r in range(row, rows) if flags[r, col] & (SOLID | ONE_WAY)]
    fix = (
        f"move it down {below[0] * tile - y} px to y {below[0] * tile}"
        if below
        else "move it onto a floor"
    )
    return f"a Brazier floats: no floor under {where}; {fix} so its base rests on the floor"


def _repeats(items, key):
    """Each item whose `key` an earlier item already had, with that earlier item."""
    first_by_key: dict = {}
    for item in items:
        first = first_by_key.setdefault(key(item), item)
        if first is not item:
            yield item, first


def _check_last_out(miners: list[MinerSpec], problems: Problems) -> None:
    # Two miners who each wait for everyone else in the chamber would wait forever.
    last_out = [miner for miner in miners if miner.last_out]
    for miner, first in _repeats(last_out, lambda m: m.chamber):
        where = f"chamber '{miner.chamber}'" if miner.chamber else "the map"
        problems.add_for(
            miner.obj_id,
            miner.name,
            f"a second last_out miner in {where} (the first is object {first.obj_id}, "
            f"{first.name}); they would wait for each other forever",
        )


def _check_splits(splits: list[SplitSpec], problems: Problems) -> None:
    """Splits are taken in `order`; two with one order leave the runner's route ambiguous.
    Whether the route can take them in that order is `reachability.split_route`'s question."""
    for split, first in _repeats(splits, lambda s: s.order):
        problems.add_for(
            split.obj_id,
            split.name,
            f"has order {split.order}, like split {first.obj_id} ({first.name}): "
            "give each split its own order, in the order the route reaches them",
        )


def _check_chambers(roster: Roster, problems: Problems) -> None:
    """Chamber names are unique, and a miner's chamber is a Chamber it stands in. A map with no
    Chamber objects uses chamber names only to group miners (Natasha's last_out): fine."""
    for chamber, first in _repeats(roster.chambers, lambda c: c.name):
        problems.add_for(
            chamber.obj_id,
            chamber.name,
            f"a second Chamber named '{chamber.name}' (the first is object {first.obj_id}); "
            "give each chamber its own name",
        )
    by_name: dict[str, ChamberSpec] = {}
    for chamber in roster.chambers:
        by_name.setdefault(chamber.name, chamber)
    if not by_name:
        return
    known = ", ".join(by_name)
    for miner in roster.miners:
        if not miner.chamber:
            continue
        chamber = by_name.get(miner.chamber)
        if chamber is None:
            hint = did_you_mean(miner.chamber, by_name)
            problems.add_for(
                miner.obj_id,
                miner.name,
                f"chamber '{miner.chamber}' names no Chamber object{hint}; known chambers: {known}",
            )
        elif not _overlaps(
            chamber.rect, miner.x - MINER_W // 2, miner.y - MINER_H, MINER_W, MINER_H
        ):
            problems.add_for(
                miner.obj_id,
                miner.name,
                f"the miner's chamber is '{miner.chamber}', but it stands outside that Chamber "
                f"(object {chamber.obj_id}); move it inside or change its 'chamber'",
            )


def _overlaps(rect: Rect, x: int, y: int, w: int, h: int) -> bool:
    return x < rect.x + rect.w and rect.x < x + w and y < rect.y + rect.h and rect.y < y + h


def _check_triggers(
    triggers: list[TriggerSpec], flags: np.ndarray, tile: int, seal_gid: int, problems: Problems
) -> None:
    for trigger in triggers:
        if trigger.event == "seal" and not seal_gid:
            problems.add_for(
                trigger.obj_id,
                trigger.name or "Trigger",
                f"a seal Trigger needs a tile to fill with: give one tile the string property "
                f"'name' = '{SEAL_NAME}'",
            )
        if trigger.event == "floor_collapse" and not _covers_solid(trigger.area, flags, tile):
            problems.add_for(
                trigger.obj_id,
                trigger.name or "Trigger",
                "a floor_collapse Trigger covers no solid tile, so no floor would fall; "
                "stretch it over the floor",
            )


def _covers_solid(rect: Rect, flags: np.ndarray, tile: int) -> bool:
    """Whether any solid tile overlaps the rectangle (objects were checked to lie in the map)."""
    r0, r1 = rect.y // tile, (rect.y + rect.h - 1) // tile
    c0, c1 = rect.x // tile, (rect.x + rect.w - 1) // tile
    return bool((flags[r0 : r1 + 1, c0 : c1 + 1] & SOLID).any())
