"""Every mistake a designer can make is one MapError line naming the file, object and problem."""

from __future__ import annotations

import pytest

from game.level.model import MapError
from game.level.tiled import UnreadableMap, load_level
from game.level.validate import check_map


def error_of(path) -> MapError:
    with pytest.raises(MapError) as caught:
        load_level(path)
    line = str(caught.value)
    assert "\n" not in line
    assert line.startswith(f"{path}: ")
    return caught.value


def replace_object(kit, obj_id: int, new: str | None) -> list[str]:
    """The default objects with object `obj_id` swapped for `new` (or dropped)."""
    objects = [o for o in kit.DEFAULT_OBJECTS if f'id="{obj_id}"' not in o]
    return objects + ([new] if new else [])


# --- files that are not maps at all ----------------------------------------------------------


def test_missing_file_is_unreadable(tmp_path):
    path = tmp_path / "nowhere.tmx"
    error = error_of(path)
    assert isinstance(error, UnreadableMap)
    assert str(error) == f"{path}: file not found"


def test_file_that_is_not_xml_is_unreadable(tmp_path):
    path = tmp_path / "notes.tmx"
    path.write_text("this is not a map\n")
    error = error_of(path)
    assert isinstance(error, UnreadableMap)
    assert "not a valid XML file" in error.message and "line 1" in error.message


def test_tileset_opened_as_a_map_is_unreadable(mapkit):
    mapkit.external_tileset("mine.tsx")
    error = error_of(mapkit.folder / "mine.tsx")
    assert isinstance(error, UnreadableMap)
    assert error.message == "not a Tiled map: its root element is <tileset>, not <map>"


@pytest.mark.parametrize("suffix", [".tmj", ".json"])
def test_json_maps_are_refused_with_advice(tmp_path, suffix):
    path = tmp_path / f"cavern{suffix}"
    path.write_text("{}")
    error = error_of(path)
    assert isinstance(error, UnreadableMap)
    assert error.message == "JSON maps are not supported; save as .tmx"


def test_pytmx_failure_is_wrapped_with_its_message(mapkit):
    broken = mapkit.tile_layer("terrain", mapkit.TERRAIN).replace("0,0,", "x,0,", 1)
    error = error_of(mapkit.write(terrain_layer=broken))
    assert isinstance(error, UnreadableMap)
    assert error.message.startswith("pytmx cannot read the map: ")
    assert "'x'" in error.message  # the cause's own words


# --- map-wide problems -------------------------------------------------------------------------

XML_TILES = (
    ' <layer id="1" name="terrain" width="10" height="8">\n'
    '  <data><tile gid="1"/></data>\n </layer>\n'
)
ZSTD = (
    ' <layer id="1" name="terrain" width="10" height="8">\n'
    '  <data encoding="base64" compression="zstd">AAAA</data>\n </layer>\n'
)
USE_CSV = "use CSV, or Base64 (uncompressed, zlib, gzip or zstd)"


def type_fix(kind: str) -> str:
    return f"(in Tiled, right-click it in the Properties panel: Convert To > {kind})"


MAP_PROBLEMS = [
    # (parts of the map to change, given the kit; the expected message)
    (
        lambda kit: {"map_attrs": {"orientation": "isometric"}},
        "the map is isometric; only orthogonal maps are supported",
    ),
    (
        lambda kit: {"map_attrs": {"infinite": "1"}},
        "the map is infinite; untick Infinite in the map properties",
    ),
    (
        lambda kit: {"map_attrs": {"tilewidth": "32", "tileheight": "32"}},
        "tiles are 32x32 px; the game needs 16x16",
    ),
    (
        lambda kit: {"terrain_layer": XML_TILES},
        f"tile layer 'terrain' is saved as XML (one element per tile); {USE_CSV}",
    ),
    (
        lambda kit: {"terrain_layer": ZSTD},
        "tile layer 'terrain' has corrupt zstd data (Unknown frame descriptor); re-save the map",
    ),
    (
        lambda kit: {"tileset": ' <tileset firstgid="1" source="gone.tsx"/>\n'},
        "tileset file 'gone.tsx' not found (looked for {folder}/gone.tsx)",
    ),
    (
        lambda kit: {"tileset": ' <tileset firstgid="1" source="mine.tsj"/>\n'},
        "tileset 'mine.tsj': only .tsx tilesets are supported; save it as .tsx",
    ),
    (
        lambda kit: {"properties": {"collapse_seconds": 5000}},
        "map property 'collapse_seconds' is 5000, must be between 0 and 3600",
    ),
    (
        lambda kit: {"properties": {"seed": -1}},
        "map property 'seed' is -1, must be between 0 and 2147483647",
    ),
    (
        lambda kit: {"properties": {"collapse_seconds": "240"}},
        "map property 'collapse_seconds' must be of type int, but it is string '240' "
        + type_fix("int"),
    ),
    (
        lambda kit: {"properties": {"name": 7}},
        f"map property 'name' must be of type string, but it is int 7 {type_fix('string')}",
    ),
    (
        lambda kit: {"properties": {"quota": 4}},
        "map property 'quota' is 4, but the map has only 3 miners",
    ),
    (
        lambda kit: {"properties": {"colapse_seconds": 100}},
        "unknown map property 'colapse_seconds' (did you mean 'collapse_seconds'?)",
    ),
    (
        lambda kit: {"objects": replace_object(kit, 1, None)},
        "no Spawn object: add one point where Naruto starts",
    ),
]


@pytest.mark.parametrize(("parts", "message"), MAP_PROBLEMS)
def test_map_wide_problem_is_one_line_naming_the_file(mapkit, parts, message):
    path = mapkit.write(**parts(mapkit))
    error = error_of(path)
    assert error.obj_id is None
    assert str(error) == f"{path}: " + message.format(folder=mapkit.folder)


def test_missing_terrain_layer_suggests_the_near_miss(mapkit):
    layer = mapkit.tile_layer("Terrain", mapkit.TERRAIN, layer_id=1)
    error = error_of(mapkit.write(terrain_layer=layer))
    assert error.message == (
        "no tile layer named 'terrain' (did you mean 'Terrain'?); the game reads collision from it"
    )


def test_terrain_as_object_layer_is_explained(mapkit):
    layer = ' <objectgroup id="1" name="terrain"/>\n'
    error = error_of(mapkit.write(terrain_layer=layer))
    assert error.message == "layer 'terrain' is an object layer; it must be a tile layer"


def test_two_terrain_layers_are_reported(mapkit):
    second = mapkit.tile_layer("terrain", mapkit.TERRAIN, layer_id=9)
    error = error_of(mapkit.write(layers_after=second))
    assert error.message == "2 tile layers are named 'terrain'; keep one"


def test_missing_tileset_image_names_the_tileset_and_the_file(mapkit):
    (mapkit.folder / "mine.png").unlink()
    error = error_of(mapkit.write())
    assert error.message == f"tileset 'mine': image file not found: {mapkit.folder}/mine.png"


def test_tileset_with_wrong_tile_size_is_reported(mapkit):
    tileset = (
        ' <tileset firstgid="1" name="tiny" tilewidth="8" tileheight="8" tilecount="32" '
        f'columns="8">\n{mapkit.tileset_body()} </tileset>\n'
    )
    error = error_of(mapkit.write(tileset=tileset))
    assert error.message == "tileset 'tiny' has 8x8 px tiles; the game needs 16x16"


def test_tile_property_of_the_wrong_type_names_tileset_and_tile(mapkit):
    body = mapkit.tileset_body().replace(
        '<property name="one_way" type="bool" value="true"/>',
        '<property name="one_way" value="true"/>',
    )
    tileset = (
        ' <tileset firstgid="1" name="mine" tilewidth="16" tileheight="16" tilecount="8" '
        f'columns="4">\n{body} </tileset>\n'
    )
    error = error_of(mapkit.write(tileset=tileset))
    assert error.message == (
        "tileset 'mine' tile 1: property 'one_way' must be of type bool, "
        "but it is string 'true' "
        "(in Tiled, right-click it in the Properties panel: Convert To > bool)"
    )


def test_misspelled_tile_property_gets_a_did_you_mean(mapkit):
    body = mapkit.tileset_body().replace('name="breakable"', 'name="breakabel"', 1)
    tileset = (
        ' <tileset firstgid="1" name="mine" tilewidth="16" tileheight="16" tilecount="8" '
        f'columns="4">\n{body} </tileset>\n'
    )
    error = error_of(mapkit.write(tileset=tileset))
    assert error.message == (
        "tileset 'mine' tile 2: unknown property 'breakabel' (did you mean 'breakable'?)"
    )


def test_rubble_that_rasengan_cannot_clear_is_reported(mapkit):
    body = mapkit.tileset_body().replace(
        '<property name="name" value="rubble"/>\n   <property name="solid" type="bool" '
        'value="true"/>\n   <property name="breakable" type="bool" value="true"/>',
        '<property name="name" value="rubble"/>\n   <property name="solid" type="bool" '
        'value="true"/>',
    )
    assert body != mapkit.tileset_body()
    tileset = (
        ' <tileset firstgid="1" name="mine" tilewidth="16" tileheight="16" tilecount="8" '
        f'columns="4">\n{body} </tileset>\n'
    )
    error = error_of(mapkit.write(tileset=tileset))
    assert error.message == (
        "tileset 'mine' tile 4: the tile named 'rubble' must have both 'solid' and 'breakable' set"
    )


def test_tiles_from_no_tileset_are_reported_with_their_place(mapkit):
    terrain = [row[:] for row in mapkit.TERRAIN]
    terrain[2][5] = 99
    error = error_of(mapkit.write(terrain=terrain))
    assert error.message == (
        "tile layer 'terrain' has 1 tiles from no tileset (first at row 2, column 5, "
        "Tiled gid 99); was a tileset removed?"
    )


def test_layer_that_does_not_fill_the_map_is_reported(mapkit):
    short = mapkit.tile_layer("terrain", mapkit.TERRAIN[:7], layer_id=1)
    error = error_of(mapkit.write(terrain_layer=short))
    assert error.message.startswith("tile layer 'terrain' does not match the map size")


@pytest.mark.parametrize(
    ("attrs", "shown"), [(' offsetx="8" offsety="0"', "(8, 0)"), (' offsetx="0.5"', "(0.5, 0)")]
)
def test_offset_layer_is_reported(mapkit, attrs, shown):
    error = error_of(mapkit.write(object_layer_attrs=attrs))
    assert not isinstance(error, UnreadableMap)
    assert error.message == (
        f"layer 'objects' is offset by {shown} px; the game ignores layer offsets, "
        "so set the offset to 0, 0"
    )


# --- problems with one object ----------------------------------------------------------------

OBJECT_PROBLEMS = [
    # (object id, object XML, message); the object replaces the default with the same id
    (
        9,
        ("Minor", 40, 112, None, None, "Ilya", {}),
        "unknown class 'Minor' (did you mean 'Miner'?); known classes: "
        "Spawn, Exit, Miner, CrackZone, Chamber, Brazier, Trigger, Chasm, Area, Split, "
        "SupplyCrate, Camp, Guard, Townsfolk",
    ),
    (
        9,
        ("Exit", 150, 64, 32, 48, "far exit", {}),
        "lies outside the map (160x128 px): it spans x 150..182, y 64..112",
    ),
    (
        9,
        ("Miner", -3, 112, None, None, "Dimitri", {}),
        "lies outside the map (160x128 px): it spans x -3..-3, y 112..112",
    ),
    (
        1,
        ("Spawn", 70, 112, None, None, "", {}),
        "Naruto would start inside a solid tile (row 5, column 4, counting from 0); "
        "move the object so its feet rest on the ground",
    ),
    (
        1,
        ("Spawn", 24, 120, None, None, "", {}),
        "Naruto would start inside a solid tile (row 7, column 1, counting from 0); "
        "move the object so its feet rest on the ground",
    ),
    (
        1,
        ("Spawn", 2, 112, None, None, "", {}),
        "Naruto would stick out of the map: the 10x22 px hitbox needs room above the feet",
    ),
    (2, ("Exit", 140, 100, None, None, "door", {}), "an Exit must be a rectangle, not a point"),
    (
        2,
        ("Exit", 140, 100, 0, 10, "door", {}),
        "an Exit needs a width and a height (it is 0x10)",
    ),
    (
        6,
        ("CrackZone", 16, 0, 64, 16, "roof", {"rate": 9000}),
        "property 'rate' is 9000, must be between 0 and 6000",
    ),
    (
        6,
        ("CrackZone", 16, 0, 64, 16, "roof", {"rate": "fast"}),
        "property 'rate' must be of type int, but it is string 'fast' "
        "(in Tiled, right-click it in the Properties panel: Convert To > int)",
    ),
    (
        5,
        ("Miner", 90, 112, None, None, "Ludo", {"injured": "yes"}),
        "property 'injured' must be of type bool, but it is string 'yes' "
        "(in Tiled, right-click it in the Properties panel: Convert To > bool)",
    ),
    (
        5,
        ("Miner", 90, 112, None, None, "Ludo", {"injred": True}),
        "unknown property 'injred' (did you mean 'injured'?)",
    ),
    (
        5,
        ("Miner", 90, 112, None, None, "Ludo", {"last_out": True, "chamber": "north"}),
        "a second last_out miner in chamber 'north' (the first is object 4, Dr. Natasha); "
        "they would wait for each other forever",
    ),
    (
        9,
        ("Spawn", 40, 112, None, None, "", {}),
        "a second Spawn (the first is object 1); keep exactly one",
    ),
]


@pytest.mark.parametrize(("obj_id", "spec", "message"), OBJECT_PROBLEMS)
def test_object_problem_names_file_object_and_problem(mapkit, obj_id, spec, message):
    cls, x, y, w, h, name, props = spec
    new = mapkit.obj(obj_id, cls, x, y, w, h, name=name, props=props)
    path = mapkit.write(objects=replace_object(mapkit, obj_id, new))
    error = error_of(path)
    label = name or cls
    assert str(error) == f"{path}: object {obj_id} ({label}): {message}"


def test_miner_inside_rock_is_named_by_its_miner_name(mapkit):
    new = mapkit.obj(5, "Miner", 90, 120, props={"name": "Ludo"})
    path = mapkit.write(objects=replace_object(mapkit, 5, new))
    assert str(error_of(path)) == (
        f"{path}: object 5 (Ludo): the miner would start inside a solid tile (row 7, column 5, "
        "counting from 0); move the object so its feet rest on the ground"
    )


def test_ellipse_spawn_is_refused(mapkit):
    new = mapkit.obj(1, "Spawn", 20, 90, 10, 22, shape="<ellipse/>")
    error = error_of(mapkit.write(objects=replace_object(mapkit, 1, new)))
    assert (error.obj_id, error.message) == (
        1,
        "a Spawn must be a point or a rectangle, not an ellipse",
    )


def test_rotated_exit_is_refused(mapkit):
    new = mapkit.obj(2, "Exit", 128, 64, 32, 48, name="door", extra=' rotation="45"')
    error = error_of(mapkit.write(objects=replace_object(mapkit, 2, new)))
    assert error.message == "an Exit must not be rotated (it is rotated 45 degrees)"


def test_missing_template_names_the_object(mapkit):
    objects = [*mapkit.DEFAULT_OBJECTS, '  <object id="9" template="gone.tx" x="50" y="50"/>\n']
    path = mapkit.write(objects=objects)
    assert str(error_of(path)) == (
        f"{path}: object 9 (unnamed): template file not found: {mapkit.folder}/gone.tx"
    )


def test_unclassed_objects_are_notes_not_errors(mapkit):
    note = mapkit.obj(9, None, -50, -50, 400, 400, name="whole-map sketch")
    load_level(mapkit.write(objects=[*mapkit.DEFAULT_OBJECTS, note]))  # no error


def test_map_without_exit_or_miners_says_what_to_add(mapkit):
    objects = [mapkit.DEFAULT_OBJECTS[0], mapkit.DEFAULT_OBJECTS[5]]
    path = mapkit.write(objects=objects, properties={})
    assert [e.message for e in check_map(path)] == [
        "no Exit object: add at least one rectangle where miners are safe",
        "no Miner object: add at least one miner to rescue (a town map may hold "
        "SupplyCrate and Guard objects instead)",
    ]


def test_every_problem_of_one_miner_names_it_the_same_way(mapkit):
    new = mapkit.obj(5, "Miner", 90, 120, props={"name": "Ludo", "injured": "yes"})
    path = mapkit.write(objects=replace_object(mapkit, 5, new))
    problems = check_map(path)
    assert len(problems) == 2  # the wrong type, and the rock it stands in
    assert {(p.obj_id, p.obj_name) for p in problems} == {(5, "Ludo")}
