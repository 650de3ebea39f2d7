"""The designer's reference, generated from `properties.py` so it can never drift from the loader.

`python -m game.level.project` writes three things:

- `maps/great_mine.tiled-project`: a Tiled project whose custom types are one class per object
  class the game reads (members typed, with the loader's own defaults) and an enum for the
  Trigger `event`. Tiled 1.9+ then offers the classes in an object's Class list and shows
  every property with its default.
- `maps/objecttypes.xml`: the same classes as Tiled 1.8 "Object Types" (Tiled 1.8 reads the
  project's enums but cannot give objects a class from it). That format has no enums, so the
  Trigger `event` is a plain string there.
- the reference tables in `maps/README.md`, between the `GENERATED` markers: every object
  class, map property and tile property with its type, default, range and meaning.

A test regenerates them and fails when the committed files differ, and another fails when
`properties.py` gains a class or property this module has no words for.

Defaults in the project equal the loader's defaults on purpose: Tiled does not save a
property whose value equals its class default, so the loader must read the missing property
as that same value.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from xml.etree import ElementTree

from game.level.model import FOLK_LOOKS, TRIGGER_EVENTS
from game.level.properties import (
    BRAZIER_PROPERTIES,
    CHAMBER_PROPERTIES,
    CRACK_ZONE_PROPERTIES,
    GUARD_PROPERTIES,
    MAP_PROPERTIES,
    MINER_PROPERTIES,
    SPLIT_PROPERTIES,
    TILE_FLAG_BITS,
    TILE_PROPERTIES,
    TILED_TYPE_NAMES,
    TOWNSFOLK_PROPERTIES,
    TRIGGER_PROPERTIES,
    Prop,
)

ROOT = Path(__file__).resolve().parents[2]
PROJECT_FILE = ROOT / "maps" / "great_mine.tiled-project"
OBJECT_TYPES_FILE = ROOT / "maps" / "objecttypes.xml"
README_FILE = ROOT / "maps" / "README.md"
TILESET_FILE = ROOT / "assets" / "tiles" / "mine_tiles.tsx"

# Which properties each object class reads (the `_add_*` readers in properties.py); a test
# checks the keys against OBJECT_CLASSES.
CLASS_PROPERTIES: dict[str, dict[str, Prop]] = {
    "Spawn": {},
    "Exit": {},
    "Miner": MINER_PROPERTIES,
    "CrackZone": CRACK_ZONE_PROPERTIES,
    "Chamber": CHAMBER_PROPERTIES,
    "Brazier": BRAZIER_PROPERTIES,
    "Trigger": TRIGGER_PROPERTIES,
    "Chasm": {},
    "Area": {},
    "Split": SPLIT_PROPERTIES,
    "SupplyCrate": {},
    "Camp": {},
    "Guard": GUARD_PROPERTIES,
    "Townsfolk": TOWNSFOLK_PROPERTIES,
}

# (shape, what it is): the first column of the README's class table.
CLASS_MEANINGS: dict[str, tuple[str, str]] = {
    "Spawn": ("point or rectangle", "Where Naruto starts (a point is his feet). Exactly one."),
    "Exit": ("rectangle", "A way out: a miner inside it is rescued. At least one."),
    "Miner": (
        "point or rectangle",
        "Someone to rescue, standing on the point (or the rectangle's bottom-centre). "
        "At least one.",
    ),
    "CrackZone": ("rectangle", "Cracked ceiling: rocks fall from it once the collapse starts."),
    "Chamber": (
        "rectangle",
        "A sealed pocket of air that runs down while people breathe it and no way joins it to "
        "an exit. Needs a unique object name: miners name their chamber with it.",
    ),
    "Brazier": (
        "point or rectangle",
        "An iron brazier standing on the point; Fire ignition lights it, and it lights the dark.",
    ),
    "Trigger": (
        "rectangle",
        "Fires once, when Naruto first enters it (a `hint` instead shows its prompt while "
        "he is inside).",
    ),
    "Chasm": (
        "rectangle",
        "A drop with no bottom: a clone falling in loses its miner; Naruto climbs back out.",
    ),
    "Area": ("rectangle", "A plain rectangle for a Trigger's `target` to point at."),
    "Split": (
        "rectangle",
        "A speedrun split, taken when Naruto first enters it. Needs an object name.",
    ),
    "SupplyCrate": (
        "point or rectangle",
        "A crate of medical supplies on the ground: a free clone carries it to a Camp. "
        "Delivering every one counts toward All Rescued. Needs a Camp in the map.",
    ),
    "Camp": ("rectangle", "The medical camp: a crate carried into it is delivered."),
    "Guard": (
        "point or rectangle",
        "A Silvermane guard holding the line: pushes Naruto back (not while he is "
        "transformed) and clones too, until enough clones push at once.",
    ),
    "Townsfolk": (
        "point or rectangle",
        "A townsperson standing on the point; cheers when the clones first come near.",
    ),
}

PROPERTY_MEANINGS: dict[tuple[str, str], str] = {
    ("Miner", "name"): "The name shown in the game; empty means the object's name, else Miner.",
    ("Miner", "injured"): "Cannot walk: a clone (or a carrier) must carry them out.",
    ("Miner", "last_out"): "Leaves only when nobody else of their chamber is still waiting. "
    "At most one per chamber.",
    ("Miner", "carrier"): "Once someone reaches them, carries one injured miner out themselves.",
    ("Miner", "chamber"): "The name of the Chamber they are in (they must stand inside it).",
    ("Miner", "says"): "A line shown in a dialogue box when they are rescued.",
    ("CrackZone", "rate"): "Rocks per minute at collapse stage 1; later stages multiply it.",
    ("CrackZone", "fall_speed"): "Top falling speed in px/s; 0 is a free fall. Slow rocks can "
    "be stood on.",
    ("Chamber", "air_seconds"): "How long its air lasts one person.",
    ("Brazier", "lit"): "Already burning when the level starts.",
    ("Brazier", "radius"): "Radius of its light, in pixels.",
    ("Trigger", "event"): "What happens: `floor_collapse` (every solid tile inside falls "
    "away), `seal` (empty cells inside fill with the `rock` tile), `dialogue` (shows "
    "`text`), `multi_clone` (the Multi Shadow Clone: `count` clones) or `hint` (shows `text` "
    "as a prompt while Naruto is inside; `[jump]`, `[clone]`... name the player's keys). "
    "Required.",
    ("Trigger", "text"): "The line a `dialogue` Trigger shows, or a `hint` Trigger's prompt "
    "(required for both).",
    ("Trigger", "target"): "Another rectangle (e.g. an Area) to act on instead of the "
    "Trigger's own.",
    ("Split", "order"): "Splits are taken in this order (then by object id).",
    ("Trigger", "count"): "The clones a `multi_clone` Trigger pours out (required for it).",
    ("Guard", "strength"): "How many clones must push at once to walk the guard aside.",
    ("Guard", "commander"): "Commander Morana: drawn in a commander's armour.",
    ("Guard", "says"): "A line shown in a dialogue box when the guard steps aside.",
    ("Townsfolk", "look"): "Who it is: `folk`, `folk2`, `child`, `vache` or `oleg`.",
    ("Townsfolk", "says"): "A speech bubble when the clones first come near.",
}

MAP_MEANINGS: dict[str, str] = {
    "name": "The level's title; empty means from the file name (great_mine: Great Mine).",
    "collapse_seconds": "The collapse timer: everyone still inside at zero is lost. 0: no "
    "collapse timer (a town).",
    "seed": "Seeds the world's random numbers (where rocks fall).",
    "quota": "Miners needed for Any%; 0 means all. At most the number of miners.",
    "dark": "Only lamps, crystals and fire light the mine.",
    "intro": "Dialogue shown when the level starts; each line of it is one box.",
    "par_seconds": "A good run's time, for the rank on the results screen.",
    "next_map": "The next map of the run (a file beside this one): crossing this map's Exit "
    "leads into it, and the title offers the whole chain as one entry.",
    "chain_name": "The title's name for the chain that starts at this map (default: the "
    "maps' names joined).",
    "music": "Which music and ambience play: `mine` or `town`.",
    "ambient_light": "How bright a map that is not dark is drawn, in percent.",
    "reinforce_seconds": "Every that many seconds each Guard still standing gains one "
    "strength, up to double its own; 0 never.",
}

TILE_MEANINGS: dict[str, str] = {
    "solid": "Blocks everyone and everything.",
    "one_way": "A ledge: stood on from above, passed from below.",
    "breakable": "The Rasengan breaks it.",
    "burnable": "Fire ignition burns it away.",
    "name": "Names the tile; `rubble` (solid, breakable) is what fallen rocks settle as, "
    "`rock` (solid) is what a `seal` Trigger fills with.",
}

# Properties the game reads as plain ints that Tiled should offer as object pickers.
OBJECT_REFERENCES = {("Trigger", "target")}
# Properties that take one of a fixed set of strings: (class, property) -> (enum, values).
ENUMS: dict[tuple[str, str], tuple[str, tuple[str, ...]]] = {
    ("Trigger", "event"): ("TriggerEvent", TRIGGER_EVENTS),
    ("Townsfolk", "look"): ("FolkLook", FOLK_LOOKS),
}
# Editor colours, so each class is told apart at a glance.
CLASS_COLOURS = {
    "Spawn": "#ffff8c00",
    "Exit": "#ff3cb44b",
    "Miner": "#ffffe119",
    "CrackZone": "#ffe6194b",
    "Chamber": "#ff4363d8",
    "Brazier": "#fff58231",
    "Trigger": "#ff911eb4",
    "Chasm": "#ff000000",
    "Area": "#ffa9a9a9",
    "Split": "#ff42d4f4",
    "SupplyCrate": "#ff9a6324",
    "Camp": "#fffabed4",
    "Guard": "#ffc0c0d0",
    "Townsfolk": "#ffaaffc3",
}


# --- the Tiled project -----------------------------------------------------------------------

# Project commands (Tiled's Command::toVariant keys). Tiled quotes %mapfile and %objectid
# itself (and leaves "%objectid" as it is when no object is selected: `play` says so in one
# line). The working directory is the repository (the project file lives in maps/), and the
# executable is the launcher shipped beside the maps, which picks the game's python
# (GREAT_MINE_RESCUE_PYTHON, the repository's .venv, python3, python) and needs no editing.
LAUNCHER = "maps/tools/run_game"
COMMANDS: list[dict[str, object]] = [
    {
        "arguments": arguments,
        "command": LAUNCHER,
        "enabled": True,
        "name": name,
        "saveBeforeExecute": True,
        "shortcut": shortcut,
        "showOutput": True,
        "workingDirectory": "%projectpath/..",
    }
    for name, arguments, shortcut in (
        ("Play this map", "-m game play %mapfile", "F5"),
        ("Play from here", "-m game play %mapfile --spawn-at-object %objectid", "F6"),
        ("Check all maps", "-m game check maps", "Shift+F5"),
    )
]


def _member(cls: str, key: str, prop: Prop) -> dict[str, object]:
    member: dict[str, object] = {"name": key, "type": TILED_TYPE_NAMES[prop.kind]}
    if (cls, key) in OBJECT_REFERENCES:
        member["type"] = "object"
    if (cls, key) in ENUMS:
        member["propertyType"] = ENUMS[cls, key][0]
    member["value"] = prop.default
    return member


def project() -> dict[str, object]:
    """The Tiled project as a JSON-ready dict."""
    types: list[dict[str, object]] = []
    for name, values in dict(ENUMS.values()).items():
        types.append(
            {
                "name": name,
                "storageType": "string",
                "type": "enum",
                "values": list(values),
                "valuesAsFlags": False,
            }
        )
    for cls, schema in CLASS_PROPERTIES.items():
        types.append(
            {
                "color": CLASS_COLOURS[cls],
                "drawFill": True,
                "members": [_member(cls, key, prop) for key, prop in schema.items()],
                "name": cls,
                "type": "class",
                "useAs": ["object"],
            }
        )
    for number, entry in enumerate(types, start=1):
        entry["id"] = number
    return {
        "automappingRulesFile": "",
        "commands": COMMANDS,
        "extensionsPath": "extensions",
        "folders": [".", "../assets/tiles"],
        "propertyTypes": [dict(sorted(entry.items())) for entry in types],
    }


def project_text() -> str:
    return json.dumps(project(), indent=4) + "\n"


# --- Tiled 1.8 object types -------------------------------------------------------------------


def _object_type_value(prop: Prop) -> str:
    if prop.kind is bool:
        return "true" if prop.default else "false"
    return str(prop.default)


def object_types_text() -> str:
    """`objecttypes.xml` in the layout Tiled itself writes: one <objecttype> per class, one
    <property> per member with its type and the loader's default."""
    # Imported here, not at the top: xml.sax.saxutils pulls in urllib.request (15 ms), and
    # every map load imports this module (`verify` among them) while only this writer uses it.
    from xml.sax.saxutils import quoteattr

    lines = ['<?xml version="1.0" encoding="UTF-8"?>', "<objecttypes>"]
    for cls, schema in CLASS_PROPERTIES.items():
        colour = "#" + CLASS_COLOURS[cls][3:]  # Tiled writes #rrggbb here, without the alpha
        head = f" <objecttype name={quoteattr(cls)} color={quoteattr(colour)}"
        if not schema:
            lines.append(head + "/>")
            continue
        lines.append(head + ">")
        for key, prop in schema.items():
            kind = "object" if (cls, key) in OBJECT_REFERENCES else TILED_TYPE_NAMES[prop.kind]
            lines.append(
                f"  <property name={quoteattr(key)} type={quoteattr(kind)} "
                f"default={quoteattr(_object_type_value(prop))}/>"
            )
        lines.append(" </objecttype>")
    lines.append("</objecttypes>")
    return "\n".join(lines) + "\n"


# --- the README tables ------------------------------------------------------------------------

BEGIN = "<!-- BEGIN GENERATED by `python -m game.level.project`: edit properties.py, not this -->"
END = "<!-- END GENERATED -->"


def _default_text(prop: Prop) -> str:
    if prop.kind is bool:
        return "`true`" if prop.default else "`false`"
    if prop.kind is str:
        return f'`"{prop.default}"`'
    return f"`{prop.default}`"


def _range_text(prop: Prop) -> str:
    if prop.kind is not int or (prop.low is None and prop.high is None):
        return ""
    if prop.high is None:
        return f"at least {prop.low}"
    return f"{prop.low} to {prop.high}"


def _type_text(cls: str, key: str, prop: Prop) -> str:
    if (cls, key) in OBJECT_REFERENCES:
        return "object"
    if (cls, key) in ENUMS:
        return f"string ({ENUMS[cls, key][0]})"
    return TILED_TYPE_NAMES[prop.kind]


def _property_table(cls: str, schema: dict[str, Prop], meanings: dict[str, str]) -> list[str]:
    lines = ["| property | type | default | range | meaning |", "|---|---|---|---|---|"]
    for key, prop in schema.items():
        cells = (f"`{key}`", _type_text(cls, key, prop), _default_text(prop), _range_text(prop))
        lines.append("| " + " | ".join((*cells, meanings[key])) + " |")
    return lines


def reference_tables() -> str:
    """The Markdown between the README's markers."""
    lines = ["### Object classes", ""]
    lines += ["| class | shape | what it is |", "|---|---|---|"]
    for cls in CLASS_PROPERTIES:
        shape, meaning = CLASS_MEANINGS[cls]
        lines.append(f"| `{cls}` | {shape} | {meaning} |")
    for cls, schema in CLASS_PROPERTIES.items():
        if not schema:
            continue
        meanings = {key: PROPERTY_MEANINGS[cls, key] for key in schema}
        lines += ["", f"#### `{cls}` properties", ""]
        lines += _property_table(cls, schema, meanings)
    lines += ["", "### Map properties", "", "Set in Map > Map Properties.", ""]
    lines += _property_table("", MAP_PROPERTIES, MAP_MEANINGS)
    lines += ["", "### Tile properties", "", "Set on tiles in the tileset editor.", ""]
    lines += _property_table("", TILE_PROPERTIES, TILE_MEANINGS)
    lines += ["", "### Tiles of the shipped tileset", "", f"`{TILESET_FILE.name}`, by name:", ""]
    lines += tileset_table(TILESET_FILE)
    return "\n".join(lines) + "\n"


def tileset_table(path: Path) -> list[str]:
    """The tileset's tiles grouped by the flags they carry, so a designer sees which rock is
    solid and which wood burns without opening every tile in Tiled."""
    groups: dict[str, list[str]] = {}
    for tile in ElementTree.parse(path).getroot().iter("tile"):
        props = {p.get("name"): p.get("value") for p in tile.iter("property")}
        flags = ", ".join(key for key in TILE_FLAG_BITS if props.get(key) == "true")
        name = props.get("name") or f"tile {tile.get('id')}"
        groups.setdefault(flags or "none: scenery", []).append(f"`{name}`")
    lines = ["| flags | tiles |", "|---|---|"]
    lines += [f"| {flags} | {', '.join(names)} |" for flags, names in groups.items()]
    return lines


def with_tables(readme: str) -> str:
    """The README with its generated block replaced by the current tables."""
    pattern = re.compile(re.escape(BEGIN) + r"\n.*?" + re.escape(END), re.DOTALL)
    if not pattern.search(readme):
        raise ValueError(f"maps/README.md lacks the markers {BEGIN!r} ... {END!r}")
    return pattern.sub(lambda _: f"{BEGIN}\n\n{reference_tables()}\n{END}", readme)


def main() -> int:
    PROJECT_FILE.write_text(project_text(), encoding="utf-8")
    OBJECT_TYPES_FILE.write_text(object_types_text(), encoding="utf-8")
    README_FILE.write_text(with_tables(README_FILE.read_text(encoding="utf-8")), encoding="utf-8")
    print(f"wrote {PROJECT_FILE}, {OBJECT_TYPES_FILE} and the reference tables in {README_FILE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
