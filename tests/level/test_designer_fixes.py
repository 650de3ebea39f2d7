"""Designer fixes: empty string properties (issue 14), floating braziers, the known-classes list
once per map, old-format tilesets, and `check --json`."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from game.level.model import MapError
from game.level.tiled import load_level
from game.level.validate import EXIT_CLEAN, EXIT_PROBLEMS, EXIT_UNREADABLE, check_map, run_check
from tests.level.test_tiled_editor_roundtrip import assert_same_level

ROOT = Path(__file__).resolve().parents[2]
TILED = shutil.which("tiled")
needs_tiled = pytest.mark.skipif(
    TILED is None, reason="the Tiled editor is not installed (apt install tiled)"
)


def messages(path) -> list[str]:
    return [error.line() for error in check_map(path)]


# --- issue 14: empty strings are strings ------------------------------------------------------


def test_empty_string_properties_read_as_empty_strings(mapkit):
    objects = [
        mapkit.obj(1, "Spawn", 24, 112),
        mapkit.obj(2, "Exit", 128, 64, 32, 48),
        mapkit.obj(3, "Miner", 100, 112, name="Goro", props={"says": "", "chamber": ""}),
        mapkit.obj(4, "Trigger", 0, 64, 32, 48, props={"event": "dialogue", "text": "Hi."}),
        '  <object id="5" type="Miner" x="90" y="112">\n'
        '   <properties><property name="says" type="string" value=""/></properties>\n'
        "   <point/>\n  </object>\n",
    ]
    path = mapkit.write(objects=objects, properties={"intro": "", "name": ""})
    assert 'value=""' in path.read_text()

    level = load_level(path)

    assert [m.says for m in level.miners] == ["", ""]
    assert level.miners[0].chamber == ""
    assert level.intro == "" and level.name == "Cavern"
    assert level.properties["intro"] == ""


def test_an_empty_event_is_reported_as_missing_not_as_a_wrong_type(mapkit):
    objects = [
        *mapkit.DEFAULT_OBJECTS,
        mapkit.obj(20, "Trigger", 0, 64, 32, 48, props={"event": ""}),
    ]
    found = messages(mapkit.write(objects=objects))
    assert len(found) == 1
    assert "a Trigger needs the string property 'event'" in found[0]
    assert "NoneType" not in found[0]


def test_an_empty_string_tile_name_is_fine(mapkit):
    tileset = (
        ' <tileset firstgid="1" name="mine" tilewidth="16" tileheight="16" tilecount="8" '
        'columns="4">\n'
        + mapkit.tileset_body(
            tile_properties={
                0: {"name": "rock", "solid": True},
                1: {"one_way": True, "name": ""},
                2: {"solid": True, "breakable": True},
                3: {"solid": True, "burnable": True},
                4: {"name": "rubble", "solid": True, "breakable": True},
            }
        )
        + " </tileset>\n"
    )
    assert messages(mapkit.write(tileset=tileset)) == []


def _tiled_env(tmp_path: Path) -> dict[str, str]:
    """Tiled 1.8 reads object types from $XDG_DATA_HOME/tiled/objecttypes.xml; without them
    --resolve-types-and-properties has nothing to resolve."""
    data = tmp_path / "xdg-data"
    (data / "tiled").mkdir(parents=True)
    shutil.copy(ROOT / "maps" / "objecttypes.xml", data / "tiled" / "objecttypes.xml")
    return {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "XDG_DATA_HOME": str(data),
        "XDG_CONFIG_HOME": str(tmp_path / "xdg-config"),
        "XDG_RUNTIME_DIR": str(tmp_path),
    }


def _resolved_export(source: Path, target: Path, tmp_path: Path) -> str:
    assert TILED is not None
    subprocess.run(
        [TILED, "--resolve-types-and-properties", "--export-map", str(source), str(target)],
        check=True,
        capture_output=True,
        timeout=60,
        env=_tiled_env(tmp_path),
    )
    return target.read_text(encoding="utf-8")


@pytest.fixture
def game_copy(tmp_path: Path) -> Path:
    """The shipped maps folder and tileset, laid out as in the repository (the maps name the
    tileset as ../assets/tiles/mine_tiles.tsx)."""
    shutil.copytree(ROOT / "maps", tmp_path / "maps", ignore=shutil.ignore_patterns("demos"))
    shutil.copytree(ROOT / "assets" / "tiles", tmp_path / "assets" / "tiles")
    return tmp_path / "maps"


@needs_tiled
@pytest.mark.parametrize("name", ["great_mine", "tutorial"])
def test_resolved_types_export_of_a_shipped_map_loads_the_same_level(game_copy, tmp_path, name):
    original = game_copy / f"{name}.tmx"
    exported = game_copy / f"resolved_{name}.tmx"

    text = _resolved_export(original, exported, tmp_path)

    assert '<property name="says" value=""/>' in text  # Tiled really wrote the defaults
    assert check_map(exported) == []
    assert_same_level(load_level(original), load_level(exported))


@needs_tiled
def test_resolved_types_export_keeps_template_values(game_copy, tmp_path):
    """Tiled 1.8's export writes each class default over the template's value (`event=""` over
    trigger_dialogue.tx's `event="dialogue"`, `injured=false` over miner_injured.tx's true)."""
    source = (game_copy / "tutorial.tmx").read_text(encoding="utf-8")
    instances = (
        '  <object id="90" template="templates/trigger_dialogue.tx" x="100" y="100"/>\n'
        '  <object id="91" template="templates/miner_injured.tx" name="Vera" x="496" y="208"/>\n'
        '  <object id="92" template="templates/miner_injured.tx" name="Ada" x="560" y="208">\n'
        "   <properties>\n"
        '    <property name="says" value="Ada: Thanks!"/>\n'
        "   </properties>\n"
        "  </object>\n"
    )
    at = source.rindex(" </objectgroup>")
    with_templates = game_copy / "templated.tmx"
    with_templates.write_text(source[:at] + instances + source[at:], encoding="utf-8")
    exported = game_copy / "resolved_templated.tmx"

    text = _resolved_export(with_templates, exported, tmp_path)

    assert '<property name="event" value=""/>' in text
    assert '<property name="injured" type="bool" value="false"/>' in text
    before, after = load_level(with_templates), load_level(exported)
    assert_same_level(before, after)
    assert [t.event for t in after.triggers if t.obj_id == 90] == ["dialogue"]
    injured = {m.name: m.injured for m in after.miners}
    assert injured["Vera"] and injured["Ada"]
    assert {m.name: m.says for m in after.miners}["Ada"] == "Ada: Thanks!"


def test_an_editor_saved_override_of_a_template_still_wins(mapkit):
    """Only an instance that carries every property of its class (a resolved export) keeps the
    template's values over class defaults; one the designer changed by hand is read as saved."""
    (mapkit.folder / "hurt.tx").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<template>\n'
        ' <object name="Miner" type="Miner">\n  <properties>\n'
        '   <property name="injured" type="bool" value="true"/>\n'
        "  </properties>\n  <point/>\n </object>\n</template>\n"
    )
    objects = [
        *mapkit.DEFAULT_OBJECTS,
        mapkit.obj(20, None, 136, 112, props={"injured": False}, extra=' template="hurt.tx"'),
    ]
    level = load_level(mapkit.write(objects=objects))
    assert [m.injured for m in level.miners if m.obj_id == 20] == [False]


# --- braziers stand on a floor ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("x", "y", "w", "h", "expected"),
    [
        (56, 112, None, None, None),  # on the rock floor (row 7 starts at y 112)
        (136, 96, 16, 16, None),  # a rectangle: its bottom-centre is the base
        (104, 48, None, None, "on the plank ledge"),  # one-way planks are a floor
        (56, 8, None, None, "move it down 104 px to y 112"),
        (56, 110, None, None, "move it down 2 px to y 112"),
        (72, 120, None, None, "inside rock"),
        (72, 128, None, None, "inside rock"),
    ],
)
def test_a_brazier_must_stand_on_a_floor(mapkit, x, y, w, h, expected):
    if expected == "on the plank ledge":  # planks at row 3, columns 6..8: y 48
        x, expected = 104, None
    objects = [*mapkit.DEFAULT_OBJECTS, mapkit.obj(30, "Brazier", x, y, w, h, name="Lamp")]
    found = messages(mapkit.write(objects=objects))
    if expected is None:
        assert found == []
    else:
        assert len(found) == 1, found
        assert "object 30 (Lamp): a Brazier" in found[0]
        assert expected in found[0]
        assert "move it" in found[0]


def test_shipped_braziers_stand_on_floors():
    for name in ("great_mine", "tutorial"):
        assert not [line for line in messages(ROOT / "maps" / f"{name}.tmx") if "Brazier" in line]


# --- the known classes, once per map ----------------------------------------------------------


def test_known_classes_are_listed_once_per_map(mapkit):
    objects = [*mapkit.DEFAULT_OBJECTS] + [
        mapkit.obj(40 + i, cls, 20, 20) for i, cls in enumerate(["Lamp", "Minor", "Torch"])
    ]
    found = messages(mapkit.write(objects=objects))
    assert len(found) == 3
    assert sum("known classes:" in line for line in found) == 1
    assert "known classes: Spawn, Exit, Miner" in found[0]
    assert found[1].endswith("unknown class 'Minor' (did you mean 'Miner'?)")
    assert found[2].endswith("unknown class 'Torch'")


# --- old-format tilesets ----------------------------------------------------------------------


def test_old_format_tileset_image_without_size_gets_a_clear_line(mapkit):
    tileset = mapkit.external_tileset()
    tsx = mapkit.folder / "mine.tsx"
    tsx.write_text(tsx.read_text().replace(' width="64" height="32"', ""))
    found = messages(mapkit.write(tileset=tileset))
    assert found == [
        f"{mapkit.folder / 'cavern.tmx'}: tileset file 'mine.tsx': its image's size is not "
        "saved (no width or height on its <image>, an old tileset format): open the tileset "
        "in Tiled and save it again"
    ]
    assert "pytmx" not in found[0]


# --- check --json -----------------------------------------------------------------------------


def run_json(paths: list[str]) -> tuple[int, list[dict], str]:
    out, err = io.StringIO(), io.StringIO()
    code = run_check(paths, out, err, as_json=True)
    return code, json.loads(out.getvalue()), err.getvalue()


def assert_schema(records: list[dict]) -> None:
    for record in records:
        assert set(record) == {"file", "object_id", "name", "message"}
        assert isinstance(record["file"], str) and isinstance(record["message"], str)
        assert record["object_id"] is None or type(record["object_id"]) is int
        assert (record["name"] is None) == (record["object_id"] is None)
        assert "\n" not in record["message"]


def test_check_json_clean_map(mapkit):
    code, records, err = run_json([str(mapkit.write())])
    assert (code, records, err) == (EXIT_CLEAN, [], "")


def test_check_json_problems(mapkit):
    objects = [*mapkit.DEFAULT_OBJECTS, mapkit.obj(20, "Minor", 20, 20, name="Ivan")]
    path = str(mapkit.write(objects=objects, properties={"quota": 9}))
    code, records, _ = run_json([path])
    assert code == EXIT_PROBLEMS
    assert_schema(records)
    assert records[0] == {
        "file": path,
        "object_id": 20,
        "name": "Ivan",
        "message": records[0]["message"],
    }
    assert records[0]["message"].startswith("unknown class 'Minor' (did you mean 'Miner'?)")
    assert records[1]["object_id"] is None and records[1]["name"] is None
    assert "'quota' is 9" in records[1]["message"]
    # the same problems as the plain output, in the same order
    plain = io.StringIO()
    assert run_check([path], plain, io.StringIO()) == EXIT_PROBLEMS
    lines = plain.getvalue().splitlines()[:-1]
    assert lines == [
        MapError(r["file"], r["message"], r["object_id"], r["name"] or "").line() for r in records
    ]


def test_check_json_unreadable_file(mapkit, tmp_path):
    good = str(mapkit.write())
    missing = str(tmp_path / "nope.tmx")
    (tmp_path / "junk.tmx").write_text("not xml at all")
    empty = tmp_path / "empty"
    empty.mkdir()
    code, records, err = run_json([good, missing, str(tmp_path / "junk.tmx"), str(empty)])
    assert code == EXIT_UNREADABLE
    assert err == ""
    assert_schema(records)
    by_file = {record["file"]: record for record in records}
    assert set(by_file) == {missing, str(tmp_path / "junk.tmx"), str(empty)}
    assert by_file[missing]["message"] == "file not found"
    assert by_file[str(empty)]["message"] == "no .tmx maps in this folder"
    assert all(record["object_id"] is None for record in records)


def test_check_json_on_the_command_line(mapkit):
    path = str(mapkit.write())
    result = subprocess.run(
        [str(ROOT / ".venv" / "bin" / "python"), "-m", "game", "check", "--json", path],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        env={**os.environ, "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy"},
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == []
