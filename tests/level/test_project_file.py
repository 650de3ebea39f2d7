"""The designer's reference: the Tiled project, the object templates and maps/README.md.

The project file and the README's tables are generated from properties.py; these tests fail
when someone edits the game's properties and forgets `python -m game.level.project`, or adds a
class or property the reference has no words for.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from xml.etree import ElementTree

import pytest

from game.level import project
from game.level.model import TRIGGER_EVENTS, Rect
from game.level.properties import MAP_PROPERTIES, OBJECT_CLASSES, TILE_PROPERTIES
from game.level.tiled import load_level

MAPS = project.ROOT / "maps"
TEMPLATES = MAPS / "templates"
TILESET = project.ROOT / "assets" / "tiles" / "mine_tiles.tsx"
TILED = shutil.which("tiled")

REGENERATE = "run `python -m game.level.project` and commit the result"


def _classes() -> dict[str, dict]:
    types = json.loads(project.PROJECT_FILE.read_text(encoding="utf-8"))["propertyTypes"]
    return {entry["name"]: entry for entry in types if entry["type"] == "class"}


# --- the project file -------------------------------------------------------------------------


def test_committed_project_file_is_what_the_generator_writes():
    committed = project.PROJECT_FILE.read_text(encoding="utf-8")
    assert committed == project.project_text(), REGENERATE


def test_reference_covers_exactly_the_classes_the_game_reads():
    # A class added to the loader but not here would be missing from Tiled's class list.
    assert list(project.CLASS_PROPERTIES) == list(OBJECT_CLASSES)


def test_every_class_has_every_property_typed_with_the_loaders_default():
    classes = _classes()
    assert set(classes) == set(OBJECT_CLASSES)
    for cls, schema in project.CLASS_PROPERTIES.items():
        assert classes[cls]["useAs"] == ["object"], cls
        members = {member["name"]: member for member in classes[cls]["members"]}
        assert list(members) == list(schema), cls
        for key, prop in schema.items():
            member = members[key]
            # Tiled leaves out a value equal to the class default: the loader must agree on it.
            assert member["value"] == prop.default and type(member["value"]) is prop.kind
            expected = {bool: "bool", int: "int", str: "string"}[prop.kind]
            if (cls, key) == ("Trigger", "target"):
                expected = "object"  # Tiled's object picker; saved as the object's id
            assert member["type"] == expected, (cls, key)


def test_trigger_event_is_an_enum_of_the_known_events():
    types = json.loads(project.PROJECT_FILE.read_text(encoding="utf-8"))["propertyTypes"]
    enums = {entry["name"]: entry for entry in types if entry["type"] == "enum"}
    assert enums["TriggerEvent"]["values"] == list(TRIGGER_EVENTS)
    assert enums["TriggerEvent"]["storageType"] == "string"  # saved as the event's name
    event = next(m for m in _classes()["Trigger"]["members"] if m["name"] == "event")
    assert event["propertyType"] == "TriggerEvent"


def test_custom_type_ids_are_unique_and_the_project_sees_the_maps_and_tiles():
    data = json.loads(project.PROJECT_FILE.read_text(encoding="utf-8"))
    ids = [entry["id"] for entry in data["propertyTypes"]]
    assert len(ids) == len(set(ids))
    for folder in data["folders"]:
        assert (MAPS / folder).is_dir(), folder


# --- objecttypes.xml, for Tiled 1.8 -----------------------------------------------------------


def test_committed_object_types_file_is_what_the_generator_writes():
    committed = project.OBJECT_TYPES_FILE.read_text(encoding="utf-8")
    assert committed == project.object_types_text(), REGENERATE


def test_object_types_list_every_class_and_property_with_the_loaders_default():
    root = ElementTree.parse(project.OBJECT_TYPES_FILE).getroot()
    assert root.tag == "objecttypes"
    types = {element.get("name"): element for element in root.findall("objecttype")}
    assert list(types) == list(OBJECT_CLASSES)
    for cls, schema in project.CLASS_PROPERTIES.items():
        assert re.fullmatch(r"#[0-9a-f]{6}", types[cls].get("color", "")), cls
        members = {p.get("name"): p for p in types[cls].findall("property")}
        assert list(members) == list(schema), cls
        for key, prop in schema.items():
            expected = {bool: "bool", int: "int", str: "string"}[prop.kind]
            if (cls, key) == ("Trigger", "target"):
                expected = "object"
            # Tiled 1.8 object types have no enums: the Trigger event stays a plain string.
            assert members[key].get("type") == expected, (cls, key)
            default = members[key].get("default")
            assert default == (
                str(prop.default).lower() if prop.kind is bool else str(prop.default)
            )


def test_readme_tells_tiled_1_8_users_how_to_load_the_object_types():
    readme = project.README_FILE.read_text(encoding="utf-8")
    assert "`maps/objecttypes.xml`" in readme
    assert "View > Object Types Editor, press Import" in readme


# --- the README -------------------------------------------------------------------------------


def test_readme_tables_are_what_the_generator_writes():
    readme = project.README_FILE.read_text(encoding="utf-8")
    assert readme == project.with_tables(readme), REGENERATE


def test_readme_lists_every_class_and_property():
    readme = project.README_FILE.read_text(encoding="utf-8")
    for cls, schema in project.CLASS_PROPERTIES.items():
        assert f"| `{cls}` |" in readme, cls
        if schema:
            section = readme.split(f"#### `{cls}` properties", 1)[1].split("####", 1)[0]
            for key in schema:
                assert f"| `{key}` |" in section, (cls, key)
    maps_section = readme.split("### Map properties", 1)[1].split("###", 1)[0]
    for key in MAP_PROPERTIES:
        assert f"| `{key}` |" in maps_section, key
    tiles_section = readme.split("### Tile properties", 1)[1]
    for key in TILE_PROPERTIES:
        assert f"| `{key}` |" in tiles_section, key
    # The shipped tileset, by flags: the wall the Rasengan opens is listed as breakable.
    assert "| solid, breakable | `debris`, `rubble` |" in tiles_section


def test_readme_tells_how_to_check_and_play_a_map():
    readme = project.README_FILE.read_text(encoding="utf-8")
    assert "python -m game check" in readme
    assert "python -m game play" in readme
    assert "terrain" in readme


# --- the templates ----------------------------------------------------------------------------

# Where each template is placed in the test map (pixels), and what the loader must make of it.
PLACED = {
    "spawn.tx": (40, 144),
    "exit.tx": (0, 96),
    "miner_injured.tx": (120, 144),
    "miner_healthy.tx": (160, 144),
    "crack_zone.tx": (96, 16),
    "chamber.tx": (100, 48),
    "brazier.tx": (200, 144),
    "trigger_dialogue.tx": (240, 80),
    "trigger_hint.tx": (200, 16),
    "supply_crate.tx": (280, 144),
    "camp.tx": (160, 0),
    "guard.tx": (60, 144),
    "townsfolk.tx": (80, 144),
}
W, H = 20, 10  # tiles


def _map_with_every_template(folder: Path) -> Path:
    """A 20x10 map with a rock floor and one object from each template, as Tiled saves it."""
    rock = ",".join(["1"] * W)
    empty = ",".join(["0"] * W)
    data = ",\n".join([empty] * (H - 1) + [rock])
    objects = []
    for number, (name, (x, y)) in enumerate(PLACED.items(), start=1):
        source = os.path.relpath(TEMPLATES / name, folder)
        objects.append(f'  <object id="{number}" template="{source}" x="{x}" y="{y}"/>')
    newline = "\n"
    path = folder / "templates_map.tmx"
    path.write_text(
        f"""<?xml version="1.0" encoding="UTF-8"?>
<map version="1.8" tiledversion="1.8.2" orientation="orthogonal" renderorder="right-down" \
width="{W}" height="{H}" tilewidth="16" tileheight="16" infinite="0" nextlayerid="3" \
nextobjectid="{len(PLACED) + 1}">
 <tileset firstgid="1" source="{os.path.relpath(TILESET, folder)}"/>
 <layer id="1" name="terrain" width="{W}" height="{H}">
  <data encoding="csv">
{data}
</data>
 </layer>
 <objectgroup id="2" name="objects">
{newline.join(objects)}
 </objectgroup>
</map>
""",
        encoding="utf-8",
    )
    return path


def _assert_every_template_placed(level) -> None:
    assert level.spawn == (40, 144)
    assert [(e.x, e.y, e.w, e.h) for e in level.exits] == [(0, 96, 32, 64)]
    miners = {m.obj_id: m for m in level.miners}
    assert (miners[3].x, miners[3].y, miners[3].injured) == (120, 144, True)
    assert (miners[4].x, miners[4].y, miners[4].injured) == (160, 144, False)
    (zone,) = level.crack_zones
    assert (zone.rect.x, zone.rect.y, zone.rect.w, zone.rect.h, zone.rate) == (96, 16, 128, 8, 100)
    (chamber,) = level.chambers
    assert (chamber.name, chamber.rect.x, chamber.rect.y, chamber.air_seconds) == (
        "Chamber",
        100,
        48,
        120,
    )
    (brazier,) = level.braziers
    assert (brazier.x, brazier.y, brazier.lit, brazier.radius) == (200, 144, False, 96)
    trigger, hint = level.triggers
    assert (trigger.event, trigger.rect.x, trigger.rect.y) == ("dialogue", 240, 80)
    assert trigger.text.strip()
    assert (hint.event, hint.rect) == ("hint", Rect(200, 16, 96, 128))
    assert "[jump]" in hint.text
    assert [(c.x, c.y) for c in level.crates] == [(280, 144)]
    assert [c.rect for c in level.camps] == [Rect(160, 0, 160, 64)]
    assert [(g.x, g.y, g.strength, g.commander) for g in level.guards] == [(60, 144, 3, False)]
    assert [(f.x, f.y, f.look) for f in level.townsfolk] == [(80, 144, "folk")]


def test_every_template_is_tested():
    assert sorted(PLACED) == sorted(path.name for path in TEMPLATES.glob("*.tx"))


def test_each_template_placed_in_a_map_loads_as_its_object(tmp_path):
    _assert_every_template_placed(load_level(_map_with_every_template(tmp_path)))


@pytest.mark.skipif(TILED is None, reason="needs the `tiled` program (Debian package tiled)")
def test_the_real_editor_reads_the_templates(tmp_path):
    # Tiled detaching the templates proves it reads our .tx files as we wrote them.
    source = _map_with_every_template(tmp_path)
    target = tmp_path / "detached.tmx"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_RUNTIME_DIR": str(tmp_path)}
    command = [TILED, "--detach-templates", "--export-map", str(source), str(target)]
    subprocess.run(command, check=True, capture_output=True, timeout=60, env=env)
    assert "template=" not in target.read_text(encoding="utf-8")
    _assert_every_template_placed(load_level(target))
