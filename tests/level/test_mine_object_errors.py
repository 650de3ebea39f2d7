"""Every mistake with the full mine's objects is one line naming the file, object and problem."""

from __future__ import annotations

import pytest

from game.level.model import MapError
from game.level.tiled import load_level
from game.level.validate import check_map


def type_fix(kind: str) -> str:
    return f"(in Tiled, right-click it in the Properties panel: Convert To > {kind})"


def error_of(path) -> MapError:
    with pytest.raises(MapError) as caught:
        load_level(path)
    assert "\n" not in str(caught.value)
    return caught.value


def full_mine_with(kit, *new: str) -> list[str]:
    """The full mine's objects, each of `new` replacing the object with its id (or added)."""
    ids = {o.split('id="', 1)[1].split('"', 1)[0] for o in new}
    kept = [o for o in [*kit.DEFAULT_OBJECTS, *kit.MINE_OBJECTS] if o.split('"')[1] not in ids]
    return [*kept, *new]


OBJECT_PROBLEMS = [
    # (object id, (class, x, y, w, h, name, properties), label in the line, message)
    (
        10,
        ("Chamber", 32, 48, 96, 64, "north", {"air_seconds": 5}),
        "north",
        "property 'air_seconds' is 5, must be between 10 and 3600",
    ),
    (
        10,
        ("Chamber", 32, 48, 96, 64, "north", {"air_seconds": "90"}),
        "north",
        f"property 'air_seconds' must be of type int, but it is string '90' {type_fix('int')}",
    ),
    (
        10,
        ("Chamber", 32, 48, 96, 64, "north", {"air_second": 90}),
        "north",
        "unknown property 'air_second' (did you mean 'air_seconds'?)",
    ),
    (
        10,
        ("Chamber", 32, 112, None, None, "north", {}),
        "north",
        "a Chamber must be a rectangle, not a point",
    ),
    (
        20,
        ("Chamber", 128, 0, 32, 32, "", {}),
        "Chamber",
        "a Chamber needs a name: Miner objects name their chamber with it",
    ),
    (
        20,
        ("Chamber", 128, 0, 32, 32, "north", {}),
        "north",
        "a second Chamber named 'north' (the first is object 10); give each chamber its own name",
    ),
    (
        4,
        ("Miner", 100, 112, None, None, "", {"name": "Dr. Natasha", "chamber": "nort"}),
        "Dr. Natasha",
        "chamber 'nort' names no Chamber object (did you mean 'north'?); known chambers: north",
    ),
    (
        4,
        ("Miner", 140, 112, None, None, "Natasha", {"chamber": "north"}),
        "Natasha",
        "the miner's chamber is 'north', but it stands outside that Chamber (object 10); "
        "move it inside or change its 'chamber'",
    ),
    (
        5,
        ("Miner", 90, 112, None, None, "Ludo", {"says": 3}),
        "Ludo",
        f"property 'says' must be of type string, but it is int 3 {type_fix('string')}",
    ),
    (
        11,
        ("Brazier", 56, 112, None, None, "torch", {"radius": 600}),
        "torch",
        "property 'radius' is 600, must be between 16 and 512",
    ),
    (
        11,
        ("Brazier", 56, 112, None, None, "torch", {"radius": 8}),
        "torch",
        "property 'radius' is 8, must be between 16 and 512",
    ),
    (
        11,
        ("Brazier", 56, 112, None, None, "torch", {"lit": "yes"}),
        "torch",
        f"property 'lit' must be of type bool, but it is string 'yes' {type_fix('bool')}",
    ),
    (
        13,
        ("Trigger", 96, 96, 32, 32, "weak floor", {}),
        "weak floor",
        "a Trigger needs the string property 'event', one of: "
        "floor_collapse, seal, dialogue, multi_clone, hint",
    ),
    (
        13,
        ("Trigger", 96, 96, 32, 32, "weak floor", {"event": "floor_colapse"}),
        "weak floor",
        "unknown event 'floor_colapse' (did you mean 'floor_collapse'?); "
        "known events: floor_collapse, seal, dialogue, multi_clone, hint",
    ),
    (
        14,
        ("Trigger", 48, 64, 16, 48, "mouth", {"event": "Seal"}),
        "mouth",
        "unknown event 'Seal' (did you mean 'seal'?); "
        "known events: floor_collapse, seal, dialogue, multi_clone, hint",
    ),
    (
        14,
        ("Trigger", 48, 64, 16, 48, "mouth", {"event": "explode"}),
        "mouth",
        "unknown event 'explode'; known events: floor_collapse, seal, dialogue, multi_clone, hint",
    ),
    (
        15,
        ("Trigger", 0, 64, 32, 48, "warning", {"event": "dialogue"}),
        "warning",
        "a dialogue Trigger needs the string property 'text': the line to show",
    ),
    (
        15,
        ("Trigger", 0, 64, 32, 48, "warning", {"event": "dialogue", "text": "   "}),
        "warning",
        "a dialogue Trigger needs the string property 'text': the line to show",
    ),
    (
        15,
        ("Trigger", 0, 112, None, None, "warning", {"event": "dialogue", "text": "Hi."}),
        "warning",
        "a Trigger must be a rectangle, not a point",
    ),
    (
        13,
        ("Trigger", 96, 32, 32, 32, "weak floor", {"event": "floor_collapse"}),
        "weak floor",
        "a floor_collapse Trigger covers no solid tile, so no floor would fall; "
        "stretch it over the floor",
    ),
    (
        16,
        ("Chasm", 144, 112, None, None, "drop", {}),
        "drop",
        "a Chasm must be a rectangle, not a point",
    ),
    (
        16,
        ("Chasm", 144, 112, 0, 16, "drop", {}),
        "drop",
        "a Chasm needs a width and a height (it is 0x16)",
    ),
    (
        16,
        ("Chasm", 150, 112, 16, 16, "drop", {}),
        "drop",
        "lies outside the map (160x128 px): it spans x 150..166, y 112..128",
    ),
]


@pytest.mark.parametrize(("obj_id", "spec", "label", "message"), OBJECT_PROBLEMS)
def test_object_problem_is_one_line_naming_file_and_object(mapkit, obj_id, spec, label, message):
    cls, x, y, w, h, name, props = spec
    new = mapkit.obj(obj_id, cls, x, y, w, h, name=name, props=props)
    path = mapkit.write(objects=full_mine_with(mapkit, new))
    assert [p.line() for p in check_map(path)] == [f"{path}: object {obj_id} ({label}): {message}"]
    assert str(error_of(path)) == f"{path}: object {obj_id} ({label}): {message}"


def test_rotated_chasm_is_refused(mapkit):
    new = mapkit.obj(16, "Chasm", 144, 112, 16, 16, name="drop", extra=' rotation="90"')
    path = mapkit.write(objects=full_mine_with(mapkit, new))
    assert str(error_of(path)) == (
        f"{path}: object 16 (drop): a Chasm must not be rotated (it is rotated 90 degrees)"
    )


def test_ellipse_brazier_is_refused(mapkit):
    new = mapkit.obj(11, "Brazier", 60, 100, 12, 12, name="torch", shape="<ellipse/>")
    path = mapkit.write(objects=full_mine_with(mapkit, new))
    assert str(error_of(path)) == (
        f"{path}: object 11 (torch): a Brazier must be a point or a rectangle, not an ellipse"
    )


def test_misspelled_event_property_names_both_slips(mapkit):
    new = mapkit.obj(13, "Trigger", 96, 96, 32, 32, name="weak floor", props={"evnt": "seal"})
    path = mapkit.write(objects=full_mine_with(mapkit, new))
    assert [p.line() for p in check_map(path)] == [
        f"{path}: object 13 (weak floor): unknown property 'evnt' (did you mean 'event'?)",
        f"{path}: object 13 (weak floor): a Trigger needs the string property 'event', one of: "
        "floor_collapse, seal, dialogue, multi_clone, hint",
    ]


def test_seal_trigger_without_a_rock_tile_says_how_to_add_one(mapkit):
    body = mapkit.tileset_body(tile_properties={0: {"solid": True}})
    tileset = (
        ' <tileset firstgid="1" name="mine" tilewidth="16" tileheight="16" tilecount="8" '
        f'columns="4">\n{body} </tileset>\n'
    )
    path = mapkit.write(objects=full_mine_with(mapkit), tileset=tileset)
    assert str(error_of(path)) == (
        f"{path}: object 14 (mouth): a seal Trigger needs a tile to fill with: give one tile "
        "the string property 'name' = 'rock'"
    )


def test_rock_tile_that_is_not_solid_is_reported(mapkit):
    body = mapkit.tileset_body(tile_properties={0: {"name": "rock"}, 1: {"solid": True}})
    tileset = (
        ' <tileset firstgid="1" name="mine" tilewidth="16" tileheight="16" tilecount="8" '
        f'columns="4">\n{body} </tileset>\n'
    )
    path = mapkit.write(tileset=tileset)
    assert str(error_of(path)) == (
        f"{path}: tileset 'mine' tile 0: the tile named 'rock' must have 'solid' set "
        "(seal Triggers fill with it)"
    )


def test_two_rock_tiles_are_reported(mapkit):
    body = mapkit.tileset_body(
        tile_properties={0: {"name": "rock", "solid": True}, 5: {"name": "rock", "solid": True}}
    )
    tileset = (
        ' <tileset firstgid="1" name="mine" tilewidth="16" tileheight="16" tilecount="8" '
        f'columns="4">\n{body} </tileset>\n'
    )
    path = mapkit.write(tileset=tileset)
    assert str(error_of(path)) == (
        f"{path}: 2 tiles are named 'rock' (tileset 'mine' tile 0, tileset 'mine' tile 5); keep one"
    )


@pytest.mark.parametrize(
    ("props", "message"),
    [
        (
            {"dark": "yes"},
            f"map property 'dark' must be of type bool, but it is string 'yes' {type_fix('bool')}",
        ),
        (
            {"intro": 1},
            f"map property 'intro' must be of type string, but it is int 1 {type_fix('string')}",
        ),
        ({"par_seconds": 5}, "map property 'par_seconds' is 5, must be between 10 and 3600"),
        ({"par_seconds": 4000}, "map property 'par_seconds' is 4000, must be between 10 and 3600"),
        ({"par_second": 150}, "unknown map property 'par_second' (did you mean 'par_seconds'?)"),
    ],
)
def test_map_property_problem_is_one_line_naming_the_file(mapkit, props, message):
    path = mapkit.write(objects=full_mine_with(mapkit), properties=props)
    assert [p.line() for p in check_map(path)] == [f"{path}: {message}"]


def test_checker_lists_every_full_mine_problem_in_one_pass(mapkit):
    objects = full_mine_with(
        mapkit,
        mapkit.obj(10, "Chamber", 32, 48, 96, 64, name="north", props={"air_seconds": 1}),
        mapkit.obj(13, "Trigger", 96, 96, 32, 32, name="weak floor", props={"event": "drop"}),
        mapkit.obj(16, "Chasm", 144, 112, name="drop"),
    )
    path = mapkit.write(objects=objects)
    assert [(p.obj_id, p.obj_name) for p in check_map(path)] == [
        (10, "north"),
        (13, "weak floor"),
        (16, "drop"),
    ]
