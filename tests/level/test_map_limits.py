"""Hostile maps: each is refused with one line naming the file (and the object, tileset or layer
at fault), never a traceback, a hang or gigabytes of memory. The limits are in
game/level/limits.py and maps/README.md ("Limits a map must keep to").

Bombs are built small on disk (64 MiB of zeros packs into 64 kB) and shown to be capped by what
the loader says and by the memory it took, never by a clock.
"""

from __future__ import annotations

import base64
import functools
import gzip
import io
import os
import struct
import tracemalloc
import zlib

import pytest

from game.level import limits, validate
from game.level.model import MapError
from game.level.properties import Problems
from game.level.tiled import UnreadableMap, load_level, read_level
from game.render.lighting import _names_by_picture
from game.ui.reload import watched_files

BOMB = 64 * 1024 * 1024  # bytes, once unpacked
TERRAIN_BYTES = 10 * 8 * 4  # the kit's 10x8 map


def error_of(path) -> MapError:
    with pytest.raises(MapError) as caught:
        load_level(path)
    line = str(caught.value)
    assert "\n" not in line and line.startswith(f"{path}: ")
    return caught.value


def message_of(path) -> str:
    return error_of(path).line().removeprefix(f"{path}: ")


def every_problem(path) -> list[str]:
    problems = Problems(str(path))
    read_level(path, problems)
    return [error.line().removeprefix(f"{path}: ") for error in problems.errors]


def layer(data: str, name: str = "terrain", width: int = 10, height: int = 8) -> str:
    return f' <layer id="1" name="{name}" width="{width}" height="{height}">{data}</layer>\n'


def base64_layer(packed: bytes, compression: str | None = None) -> str:
    attrs = f' compression="{compression}"' if compression else ""
    text = base64.b64encode(packed).decode()
    return layer(f'<data encoding="base64"{attrs}>{text}</data>')


def terrain_bytes(kit) -> bytes:
    gids = [gid for row in kit.TERRAIN for gid in row]
    return struct.pack(f"<{len(gids)}I", *gids)


@functools.cache
def bomb(compression: str) -> bytes:
    if compression == "gzip":
        return gzip.compress(bytes(BOMB), compresslevel=9, mtime=0)
    return zlib.compress(bytes(BOMB), 9)


def tileset_element(kit, image: str = 'width="64" height="32"', body=None, **attrs) -> str:
    """The kit's embedded tileset, with its attributes and image size changed as given."""
    values = {"firstgid": "1", "name": "mine", "tilewidth": "16", "tileheight": "16"}
    values |= {"tilecount": "8", "columns": "4", **attrs}
    body = (kit.tileset_body() if body is None else body).replace('width="64" height="32"', image)
    shown = " ".join(f'{key}="{value}"' for key, value in values.items())
    return f" <tileset {shown}>\n{body} </tileset>\n"


# --- objects ------------------------------------------------------------------------------------


def area_and_trigger(kit, **area_attrs: str) -> list[str]:
    """The default objects, the Area "far" (object 20) and a floor_collapse Trigger aimed at it."""
    values = {"x": "0", "y": "96", "width": "32", "height": "32", **area_attrs}
    shown = " ".join(f'{key}="{value}"' for key, value in values.items())
    area = f'  <object id="20" name="far" type="Area" {shown}/>\n'
    props = {"event": "floor_collapse", "target": 20}
    trigger = kit.obj(21, "Trigger", 96, 96, 32, 32, name="trap", props=props)
    return kit.DEFAULT_OBJECTS + [area, trigger]


@pytest.mark.parametrize(
    ("key", "value", "expected"),
    [
        ("y", "inf", "y is inf; coordinates must be finite numbers"),
        ("x", "nan", "x is nan; coordinates must be finite numbers"),
        ("width", "1e999", "width is 1e999; sizes must be finite numbers"),
        ("height", "-inf", "height is -inf; sizes must be finite numbers"),
        ("x", "1e30", "x is 1e30; coordinates must lie between -1,000,000 and 1,000,000 px"),
        ("rotation", "nan", "rotation is nan; angles must be finite numbers"),
        ("rotation", "1e9", "rotation is 1e9; angles must lie between -360 and 360 degrees"),
        ("y", "ten", "y is ten, not a number"),
    ],
)
def test_area_with_an_absurd_number_is_one_line_for_that_object(mapkit, key, value, expected):
    path = mapkit.write(objects=area_and_trigger(mapkit, **{key: value}))
    assert message_of(path) == f"object 20 (far): {expected}"


def test_note_at_infinity_that_a_trigger_targets_is_reported_not_rounded(mapkit):
    objects = area_and_trigger(mapkit)
    objects[-2] = '  <object id="20" x="0" y="inf" width="32" height="32"/>\n'  # no class
    path = mapkit.write(objects=objects)
    assert message_of(path) == "object 20 (unnamed): y is inf; coordinates must be finite numbers"


def test_template_at_infinity_is_reported_on_the_object_using_it(mapkit):
    (mapkit.folder / "far.tx").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<template>\n'
        ' <object type="Area" x="0" y="inf" width="32" height="32"/>\n</template>\n'
    )
    objects = area_and_trigger(mapkit)
    objects[-2] = '  <object id="20" name="far" template="far.tx" x="0"/>\n'
    path = mapkit.write(objects=objects)
    assert message_of(path) == "object 20 (far): y is inf; coordinates must be finite numbers"


@pytest.mark.parametrize("raw_id", ["x7", "1.5", "", "7" * 5000])
def test_object_id_that_is_not_a_whole_number_is_one_line(mapkit, raw_id):
    door = f'  <object id="{raw_id}" name="door" type="Exit" x="0" y="0" width="16" height="16"/>\n'
    path = mapkit.write(objects=mapkit.DEFAULT_OBJECTS + [door])
    error = error_of(path)
    assert not isinstance(error, UnreadableMap)
    assert error.message.startswith("an object (door) has the id ")
    assert error.message.endswith(", not a whole number of at most 15 digits; re-save the map")
    assert len(error.message) < 200


def test_template_object_with_a_broken_id_and_an_unreadable_property(mapkit):
    # The template's own id was read again to report the property: it must not be.
    (mapkit.folder / "odd.tx").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<template>\n <object id="zz" type="Area">\n'
        '  <properties><property name="p" type="class" propertytype="Nope"/></properties>\n'
        " </object>\n</template>\n"
    )
    odd = '  <object id="30" name="odd" template="odd.tx" x="0" y="0" width="16" height="16"/>\n'
    path = mapkit.write(objects=mapkit.DEFAULT_OBJECTS + [odd])
    assert message_of(path) == (
        "object 30 (odd): has a property pytmx cannot read (class-typed properties are not "
        "supported)"
    )


def test_a_line_break_in_a_name_stays_on_one_line(mapkit):
    door = '  <object id="30" name="door&#10;two" type="Exit" x="0" y="0" width="0" height="5"/>\n'
    path = mapkit.write(objects=mapkit.DEFAULT_OBJECTS + [door])
    assert message_of(path) == (
        "object 30 (door\\ntwo): an Exit needs a width and a height (it is 0x5)"
    )


def test_polygon_with_too_many_points_is_refused_before_pytmx_reads_them(mapkit):
    points = " ".join(["0,0", "16,0", "16,16"] * 4000)
    shape = f'  <object id="30" name="web" x="0" y="0"><polygon points="{points}"/></object>\n'
    path = mapkit.write(objects=mapkit.DEFAULT_OBJECTS + [shape])
    assert message_of(path) == (
        "object 30 (web): its polygon has 12,000 points; a polygon has at most 10,000"
    )


@pytest.mark.parametrize(
    "part",
    [
        {"properties": {"seed": "9" * 10_000}},  # typed as a string: the message quotes it
        {"object_layer_attrs": f' offsetx="{"1" * 400}"'},
        {"tileset": f' <tileset firstgid="1" source="{"x" * 5000}.tsx"/>\n'},
        {"objects": [f'<object id="9" name="{"n" * 5000}" type="Exit" x="0" y="0"/>']},
    ],
    ids=["property", "offset", "tileset", "object name"],
)
def test_huge_values_and_names_are_cut_short_in_the_line(mapkit, part):
    line = error_of(mapkit.write(**part)).line()
    assert len(line.removeprefix(f"{mapkit.folder}")) < 300


# --- tilesets -----------------------------------------------------------------------------------


@pytest.mark.parametrize("firstgid", ["0", "-1", "536870912", "1.5", "abc"])
def test_firstgid_must_be_a_whole_number_from_1(mapkit, firstgid):
    path = mapkit.write(tileset=tileset_element(mapkit, firstgid=firstgid))
    assert message_of(path) == (
        f"tileset 'mine': firstgid is {firstgid}; it must be a whole number from 1 to 536,870,911"
    )


def test_external_tileset_firstgid_is_checked_in_the_map(mapkit):
    element = mapkit.external_tileset("mine.tsx").replace('firstgid="1"', 'firstgid="0"')
    assert message_of(mapkit.write(tileset=element)) == (
        "tileset file 'mine.tsx': firstgid is 0; it must be a whole number from 1 to 536,870,911"
    )


def test_tsx_may_not_carry_a_firstgid_of_its_own(mapkit):
    # pytmx would take it over the map's, so it is held to the same rule.
    element = mapkit.external_tileset("mine.tsx")
    tsx = mapkit.folder / "mine.tsx"
    tsx.write_text(tsx.read_text().replace("<tileset ", '<tileset firstgid="-1" ', 1))
    assert message_of(mapkit.write(tileset=element)) == (
        "tileset file 'mine.tsx': firstgid is -1; it must be a whole number from 1 to 536,870,911"
    )


WHOLE = "; it must be a whole number from "


@pytest.mark.parametrize(
    ("attrs", "expected"),
    [
        ({"tilecount": "99999999"}, "tilecount is 99999999" + WHOLE + "0 to 65,536"),
        ({"columns": "99999999"}, "columns is 99999999" + WHOLE + "0 to 256"),
        ({"spacing": "-15"}, "spacing is -15" + WHOLE + "0 to 4,096"),
        ({"margin": "1e9"}, "margin is 1e9" + WHOLE + "0 to 4,096"),
        (
            {"image": 'width="99999" height="9"'},
            "its image's width is 99999" + WHOLE + "1 to 4,096",
        ),
        (
            {"image": 'width="64"'},
            "its image's size is not saved (no height on its <image>, an old tileset format): "
            "open the tileset in Tiled and save it again",
        ),
    ],
)
def test_embedded_tileset_sizes_are_capped(mapkit, attrs, expected):
    path = mapkit.write(tileset=tileset_element(mapkit, **attrs))
    assert message_of(path) == f"tileset 'mine': {expected}"


def test_external_tileset_sizes_are_capped_before_pytmx_reads_it(mapkit):
    element = mapkit.external_tileset("mine.tsx")
    tsx = mapkit.folder / "mine.tsx"
    text = tsx.read_text().replace('tilecount="8"', 'tilecount="99999999"')
    tsx.write_text(text.replace('width="64" height="32"', 'width="99999" height="99999"'))
    assert every_problem(mapkit.write(tileset=element)) == [
        "tileset file 'mine.tsx': tilecount is 99999999; it must be a whole number from 0 to "
        "65,536",
        "tileset file 'mine.tsx': its image's width is 99999; it must be a whole number from 1 "
        "to 4,096",
        "tileset file 'mine.tsx': its image's height is 99999; it must be a whole number from 1 "
        "to 4,096",
    ]


def test_tileset_with_a_tiny_tile_size_is_refused_before_pytmx_walks_its_image(mapkit):
    # pytmx steps through the image a tile at a time: 1x1 px tiles on 4096x4096 px are
    # 16 million steps. The reading stops before it (read_level gives no Level).
    tileset = tileset_element(mapkit, 'width="4096" height="4096"', tilewidth="1", tileheight="1")
    path = mapkit.write(tileset=tileset)
    problems = Problems(str(path))
    assert read_level(path, problems) is None
    assert [error.message for error in problems.errors] == [
        "tileset 'mine' has 1x1 px tiles; the game needs 16x16"
    ]


@pytest.mark.parametrize("tile_id", ["-1", "x"])
def test_tile_id_must_be_a_whole_number_from_0(mapkit, tile_id):
    body = mapkit.tileset_body().replace('<tile id="0">', f'<tile id="{tile_id}">')
    path = mapkit.write(tileset=tileset_element(mapkit, body=body))
    assert message_of(path) == (
        f"tileset 'mine': a tile's id is {tile_id}; it must be a whole number from 0 to 536,870,911"
    )


# --- unreadable XML -----------------------------------------------------------------------------


def test_unknown_text_encoding_is_an_unreadable_map(mapkit):
    path = mapkit.write()
    path.write_text(path.read_text().replace('encoding="UTF-8"', 'encoding="x-nope"', 1))
    error = error_of(path)
    assert isinstance(error, UnreadableMap)
    assert error.message.startswith("declares an unknown text encoding")


def test_unknown_text_encoding_in_a_tileset_or_template_is_a_problem_line(mapkit):
    element = mapkit.external_tileset("mine.tsx")
    tsx = mapkit.folder / "mine.tsx"
    tsx.write_text(tsx.read_text().replace('encoding="UTF-8"', 'encoding="x-nope"', 1))
    assert message_of(mapkit.write(tileset=element)).startswith(
        "tileset file 'mine.tsx' declares an unknown text encoding"
    )
    (mapkit.folder / "odd.tx").write_text(
        '<?xml version="1.0" encoding="x-nope"?>\n<template><object type="Area"/></template>\n'
    )
    odd = '  <object id="30" name="odd" template="odd.tx" x="0" y="0"/>\n'
    path = mapkit.write(objects=mapkit.DEFAULT_OBJECTS + [odd])
    assert message_of(path).startswith(
        "object 30 (odd): template 'odd.tx' declares an unknown text encoding"
    )


def test_a_thousand_nested_groups_are_refused_without_recursing(mapkit):
    nested = '<group name="g">' * 1000 + "</group>" * 1000 + "\n"
    error = error_of(mapkit.write(layers_after=nested))
    assert isinstance(error, UnreadableMap)
    assert error.message == "nests its elements deeper than 64 levels; re-save it"


def test_groups_nest_at_most_the_limit(mapkit):
    deep = limits.MAX_GROUP_DEPTH + 1
    nested = '<group name="g">' * deep + "</group>" * deep + "\n"
    path = mapkit.write(layers_after=nested)
    assert message_of(path) == f"groups nest {deep} deep; groups may nest at most 16 deep"


# --- file sizes, read before parsing ------------------------------------------------------------


def sparse(path, size: int):
    """A file that says it is `size` bytes long without taking the disk space."""
    with open(path, "wb") as out:
        out.truncate(size)
    return path


def test_map_over_the_size_cap_is_refused_before_it_is_read(tmp_path):
    path = sparse(tmp_path / "huge.tmx", limits.MAX_MAP_BYTES + 1)
    assert message_of(path) == "is 33,554,433 bytes; a map is at most 33,554,432 bytes"


def test_tileset_and_template_over_their_caps_are_problem_lines(mapkit):
    element = mapkit.external_tileset("mine.tsx")
    sparse(mapkit.folder / "mine.tsx", limits.MAX_TILESET_BYTES + 1)
    assert message_of(mapkit.write(tileset=element)) == (
        "tileset file 'mine.tsx' is 2,097,153 bytes; a tileset is at most 2,097,152 bytes"
    )
    sparse(mapkit.folder / "big.tx", limits.MAX_TEMPLATE_BYTES + 1)
    big = '  <object id="30" name="big" template="big.tx" x="0" y="0"/>\n'
    path = mapkit.write(objects=mapkit.DEFAULT_OBJECTS + [big])
    assert message_of(path) == (
        "object 30 (big): template 'big.tx' is 262,145 bytes; a template is at most 262,144 bytes"
    )


def test_a_map_of_countless_tiny_elements_is_refused_before_parsing(mapkit):
    notes = "<a/>" * limits.MAX_XML_TAGS  # 800 kB that would parse into 200,000 elements
    path = mapkit.write(layers_after=notes)
    assert message_of(path).startswith("holds 200,0")
    assert message_of(path).endswith(" XML tags; a map holds at most 200,000")


# --- the map's size and counts ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("width", "shown"),
    [("100000", "100000"), ("-3", "-3"), ("0", "0"), ("NaN", "NaN"), ("1025", "1025"),
     ("ten tiles", "'ten tiles'"), ("1e3", "1e3")],
)  # fmt: skip
def test_map_size_is_a_whole_number_from_1_to_1024(mapkit, width, shown):
    path = mapkit.write(map_attrs={"width": width, "height": width})
    assert every_problem(path) == [
        f"the map's {key} is {shown}; it must be a whole number of tiles from 1 to 1,024"
        for key in ("width", "height")
    ]


def test_all_tile_layers_together_hold_at_most_the_limit(mapkit):
    empty = layer('<data encoding="csv"></data>', "deco", 1024, 1024)
    path = mapkit.write(
        terrain_layer=layer('<data encoding="csv"></data>', "terrain", 1024, 1024),
        layers_after=empty * 8,
        map_attrs={"width": "1024", "height": "1024"},
    )
    assert message_of(path) == (
        "the 9 tile layers of 1024x1024 tiles hold 9,437,184 tiles; all tile layers together "
        "may hold at most 8,388,608"
    )


@pytest.mark.parametrize(
    ("what", "limit"),
    [("layers", limits.MAX_LAYERS), ("tilesets", limits.MAX_TILESETS),
     ("objects", limits.MAX_OBJECTS), ("properties", limits.MAX_PROPERTIES)],
)  # fmt: skip
def test_counts_are_capped(mapkit, what, limit):
    count = limit + 1
    if what == "layers":  # the kit's map has two already
        path = mapkit.write(layers_after='<objectgroup name="o"/>' * (count - 2))
    elif what == "tilesets":
        path = mapkit.write(tileset=tileset_element(mapkit) * count)
    elif what == "objects":
        notes = [f'<object id="{i}" x="1" y="1"/>' for i in range(100, 100 + count)]
        path = mapkit.write(objects=notes)
    else:  # the tile properties of an external tileset are not the map's
        props = {f"note{i}": i for i in range(count)}
        path = mapkit.write(properties=props, objects=[], tileset=mapkit.external_tileset())
    assert message_of(path) == f"the map has {count:,} {what}; a map has at most {limit:,}"


# --- tile layer data ----------------------------------------------------------------------------


def test_layer_size_must_be_the_map_size(mapkit):
    path = mapkit.write(terrain_layer=layer('<data encoding="csv">0</data>', width=100000))
    assert message_of(path) == (
        "tile layer 'terrain' does not match the map size of 10x8 tiles (it is 100000x8); "
        "resize the layer or re-save the map"
    )


def test_csv_with_millions_of_entries_is_counted_not_parsed(mapkit):
    data = '<data encoding="csv">' + "0," * 2_999_999 + "0</data>"
    path = mapkit.write(terrain_layer=layer(data))
    assert message_of(path) == (
        "tile layer 'terrain' has 3,000,000 CSV entries, but its 10x8 tiles take 80; "
        "re-save the map"
    )


def test_csv_too_long_for_its_tiles_is_refused(mapkit):
    data = '<data encoding="csv">' + "7" * 5000 + ",0" * 79 + "</data>"
    path = mapkit.write(terrain_layer=layer(data))
    assert message_of(path) == (
        "tile layer 'terrain' has 5,158 characters of CSV data; its 10x8 tiles take at most "
        "1,344; re-save the map"
    )


@pytest.mark.parametrize("compression", ["zlib", "gzip"])
def test_compressed_bomb_stops_at_the_layer_size(mapkit, compression):
    packed = bomb(compression)
    assert len(packed) < 100_000
    path = mapkit.write(terrain_layer=base64_layer(packed, compression))

    tracemalloc.start()
    try:
        message = message_of(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert message == (
        f"tile layer 'terrain' unpacks to more than 320 bytes of {compression} data, "
        "but its 10x8 tiles take 320; re-save the map"
    )
    assert peak < BOMB // 8  # it stopped unpacking at the layer's size


@pytest.mark.parametrize("compression", ["zlib", "gzip"])
def test_compressed_layers_still_load_like_csv(mapkit, compression):
    raw = terrain_bytes(mapkit)
    packed = zlib.compress(raw) if compression == "zlib" else gzip.compress(raw)
    if compression == "gzip":  # two members, as `cat a.gz b.gz` makes: gzip -d reads both
        packed = gzip.compress(raw[:100]) + gzip.compress(raw[100:])
    reference = load_level(mapkit.write("csv.tmx"))
    level = load_level(mapkit.write("packed.tmx", terrain_layer=base64_layer(packed, compression)))
    assert (level.terrain == reference.terrain).all()
    assert (level.flags == reference.flags).all()


@pytest.mark.parametrize(
    ("compression", "packed", "cause"),
    [
        ("zlib", b"not zlib at all", "incorrect header check"),
        ("gzip", b"not gzip at all", "incorrect header check"),
        ("zlib", zlib.compress(bytes(TERRAIN_BYTES))[:-4], "the data ends too soon"),
        ("gzip", gzip.compress(bytes(TERRAIN_BYTES))[:-8], "the data ends too soon"),
    ],
)
def test_corrupt_compressed_layer_is_one_line(mapkit, compression, packed, cause):
    path = mapkit.write(terrain_layer=base64_layer(packed, compression))
    assert message_of(path) == (
        f"tile layer 'terrain' has corrupt {compression} data ({cause}); re-save the map"
    )


@pytest.mark.parametrize("compression", ["zlib", "gzip", None])
def test_layer_data_of_the_wrong_length_is_one_line(mapkit, compression):
    raw = terrain_bytes(mapkit)[:-4]
    packed = {"zlib": zlib.compress, "gzip": gzip.compress, None: bytes}[compression](raw)
    path = mapkit.write(terrain_layer=base64_layer(packed, compression))
    what = f"unpacks to 316 bytes of {compression}" if compression else "has 316 bytes of Base64"
    assert message_of(path) == (
        f"tile layer 'terrain' {what} data, but its 10x8 tiles take 320; re-save the map"
    )


# --- python -m game check -----------------------------------------------------------------------


def run(paths) -> tuple[int, list[str], list[str]]:
    out, err = io.StringIO(), io.StringIO()
    code = validate.run_check([str(p) for p in paths], out, err)
    return code, out.getvalue().splitlines(), err.getvalue().splitlines()


def test_check_goes_on_past_every_hostile_map(mapkit):
    infinite = mapkit.write("inf.tmx", objects=area_and_trigger(mapkit, y="inf"))
    zero = mapkit.write("zero.tmx", tileset=tileset_element(mapkit, firstgid="0"))
    nope = mapkit.write("nope.tmx")
    nope.write_text(nope.read_text().replace('encoding="UTF-8"', 'encoding="x-nope"', 1))
    deep = mapkit.write("deep.tmx", layers_after="<group>" * 1000 + "</group>" * 1000)
    huge = mapkit.write("huge.tmx", map_attrs={"width": "100000", "height": "100000"})
    good = mapkit.write("good.tmx")

    code, out, err = run([infinite, zero, nope, deep, huge, good])

    assert code == 2
    assert [line.split(": ")[0] for line in err] == [str(nope), str(deep)]
    assert [line.split(": ")[0] for line in out[:-1]] == [str(infinite), str(zero)] + [
        str(huge)
    ] * 2
    assert out[-1] == "6 maps checked, 4 problems, 2 unreadable"


def test_check_reports_a_bug_in_one_map_in_one_line_and_goes_on(mapkit, monkeypatch):
    buggy, good = mapkit.write("buggy.tmx"), mapkit.write("good.tmx")
    real = validate.check_map

    def check_map(path):
        if str(path) == str(buggy):
            raise RuntimeError("boom\nsecond line")
        return real(path)

    monkeypatch.setattr(validate, "check_map", check_map)
    code, out, err = run([buggy, good])

    assert code == 2
    assert err == [
        f"{buggy}: could not be checked (RuntimeError: boom second line); this is a bug in "
        "the game, please report it with this map"
    ]
    assert out == ["2 maps checked, no problems, 1 unreadable"]


# --- the renderer's tile names and the reloader read the same hostile files ---------------------


def test_tile_names_and_watched_files_survive_hostile_files(mapkit):
    nope = mapkit.write("nope.tmx")
    nope.write_text(nope.read_text().replace('encoding="UTF-8"', 'encoding="x-nope"', 1))
    assert _names_by_picture(str(nope)) == {}
    assert watched_files(nope) == [nope]

    element = mapkit.external_tileset("bad.tsx")
    tsx = mapkit.folder / "bad.tsx"
    tsx.write_text(tsx.read_text().replace('tilewidth="16"', 'tilewidth="wide"'))
    path = mapkit.write("bad.tmx", tileset=element)
    assert _names_by_picture(str(path)) == {}
    assert watched_files(path) == [path, tsx.resolve(), (mapkit.folder / "mine.png").resolve()]

    sparse(tsx, limits.MAX_TILESET_BYTES + 1)
    assert watched_files(path) == [path, tsx.resolve()]


# --- tileset pictures ---


def _png_claiming(width: int, height: int) -> bytes:
    """A PNG header claiming a size, with no pixels behind it: tiny on disk, and gigabytes
    for pygame to set aside if it were ever loaded."""
    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + b"IHDR" + header + b"\0\0\0\0"


def test_a_png_claiming_a_gigapixel_is_refused_before_anything_draws_it(mapkit):
    (mapkit.folder / "mine.png").write_bytes(_png_claiming(100_000, 100_000))
    path = mapkit.write()
    assert message_of(path).startswith("tileset 'mine': image ")
    assert "is 100,000x100,000 px; a tileset image is at most 4096x4096" in message_of(path)


@pytest.mark.skipif(os.name != "posix", reason="FIFOs are POSIX")
def test_a_tileset_picture_that_is_no_regular_file_is_refused(mapkit):
    picture = mapkit.folder / "mine.png"
    picture.unlink()
    os.mkfifo(picture)  # pygame would wait on it for ever, mid-game
    assert "is a named pipe (FIFO), not a tileset image" in message_of(mapkit.write())


def test_a_tileset_picture_over_the_size_cap_is_refused_unread(mapkit):
    with open(mapkit.folder / "mine.png", "r+b") as out:
        out.truncate(limits.MAX_IMAGE_BYTES + 1)
    assert "a tileset image is at most" in message_of(mapkit.write())


def test_the_png_size_is_read_from_its_header():
    from game.level.tiled import png_size

    assert png_size(_png_claiming(64, 32)[:24]) == (64, 32)
    assert png_size(b"GIF89a" + bytes(18)) is None
