"""A good map loads into the Level the game plays: grid, scenery, tiles, objects, settings."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from game.level.model import CrackZoneSpec, MinerSpec, Rect
from game.level.tiled import load_level
from game.sim.constants import BREAKABLE, BURNABLE, ONE_WAY, SOLID

REPO = Path(__file__).resolve().parents[2]


def source_rect(level, gid):
    tile = level.tiles[int(gid)]
    return tile.x, tile.y


def test_good_map_gives_collision_flags_from_tile_properties(mapkit):
    level = load_level(mapkit.write())

    assert (level.width, level.height, level.tile_size) == (10, 8, 16)
    assert level.flags.shape == (8, 10) and level.flags.dtype == np.uint8
    assert level.terrain.dtype == np.int32
    assert (level.flags[7] == SOLID).all()  # rock floor
    assert list(level.flags[3, 6:9]) == [ONE_WAY] * 3  # plank ledge
    assert level.flags[5, 4] == SOLID | BREAKABLE  # debris
    assert level.flags[6, 7] == SOLID | BURNABLE  # wooden barricade
    assert level.flags[0].sum() == 0 and (level.terrain[0] == 0).all()


def test_terrain_cells_point_at_the_right_pictures(mapkit):
    level = load_level(mapkit.write())

    assert source_rect(level, level.terrain[7, 0]) == (0, 0)  # tile 0 = rock, top-left
    assert source_rect(level, level.terrain[3, 6]) == (16, 0)  # tile 1 = plank
    assert source_rect(level, level.terrain[5, 4]) == (32, 0)  # tile 2 = debris
    tile = level.tiles[int(level.terrain[7, 0])]
    assert tile.image == str(mapkit.folder / "mine.png")
    assert (tile.w, tile.h) == (16, 16)


def test_objects_become_spawn_exits_miners_and_crack_zones(mapkit):
    level = load_level(mapkit.write())

    assert level.spawn == (24, 112)
    assert level.exits == [Rect(128, 64, 32, 48)]
    assert level.miners == [
        MinerSpec(3, "Goro", 45, 112, carrier=True, chamber="north"),  # rect: bottom-centre
        MinerSpec(4, "Dr. Natasha", 100, 112, last_out=True, chamber="north"),
        MinerSpec(5, "Miner", 90, 112, injured=True),  # no name anywhere
    ]
    assert level.crack_zones == [CrackZoneSpec(6, "roof crack", Rect(16, 0, 64, 16), 120)]


def test_map_properties_are_read_and_kept_raw(mapkit):
    level = load_level(mapkit.write())

    assert (level.collapse_seconds, level.seed, level.quota) == (180, 42, 2)
    assert level.properties["weather"] == "drizzle"  # unknown ones stay for later features
    assert level.name == "Cavern"


def test_missing_map_properties_take_their_defaults_and_the_name_comes_from_the_file(mapkit):
    level = load_level(mapkit.write("great_mine.tmx", properties={}))

    assert (level.collapse_seconds, level.seed, level.quota) == (240, 1, 0)
    assert level.name == "Great Mine"
    assert level.properties == {"par_seconds": 180}  # the rank always finds its par


def test_map_name_property_wins_over_the_file_name(mapkit):
    level = load_level(mapkit.write("great_mine.tmx", properties={"name": "The Deep Seam"}))
    assert level.name == "The Deep Seam"


def test_rubble_tile_is_known_with_its_flags_even_when_unused(mapkit):
    level = load_level(mapkit.write())

    assert level.rubble_gid != 0
    assert source_rect(level, level.rubble_gid) == (0, 16)  # tile 4: second row
    assert level.tile_flags[level.rubble_gid] == SOLID | BREAKABLE
    assert not (level.terrain == level.rubble_gid).any()


def test_map_without_rubble_tile_has_rubble_gid_zero(mapkit):
    tileset = (
        ' <tileset firstgid="1" name="mine" tilewidth="16" tileheight="16" tilecount="8" '
        f'columns="4">\n{mapkit.tileset_body(tile_properties={0: {"solid": True}})} </tileset>\n'
    )
    level = load_level(mapkit.write(tileset=tileset))
    assert level.rubble_gid == 0


def test_tile_flags_cover_every_flagged_tile_of_the_tileset(mapkit):
    level = load_level(mapkit.write())

    by_picture = {source_rect(level, gid): flags for gid, flags in level.tile_flags.items()}
    assert by_picture == {
        (0, 0): SOLID,
        (16, 0): ONE_WAY,
        (32, 0): SOLID | BREAKABLE,
        (48, 0): SOLID | BURNABLE,
        (0, 16): SOLID | BREAKABLE,
    }


@pytest.mark.parametrize("class_attr", ["type", "class"])
def test_object_class_is_read_from_type_or_class_attribute(mapkit, class_attr):
    objects = [
        mapkit.obj(1, "Spawn", 24, 112, class_attr=class_attr),
        mapkit.obj(2, "Exit", 128, 64, 32, 48, class_attr=class_attr),
        mapkit.obj(3, "Miner", 40, 112, name="Ilya", class_attr=class_attr),
    ]
    level = load_level(mapkit.write(objects=objects, properties={}))

    assert level.spawn == (24, 112)
    assert level.exits == [Rect(128, 64, 32, 48)]
    assert [m.name for m in level.miners] == ["Ilya"]


@pytest.mark.parametrize("encoding", ["csv", "base64", "base64-zlib", "base64-gzip"])
def test_every_layer_encoding_tiled_offers_gives_the_same_grid(mapkit, encoding):
    reference = load_level(mapkit.write("csv.tmx"))
    level = load_level(mapkit.write(f"{encoding}.tmx", encoding=encoding))

    assert np.array_equal(level.flags, reference.flags)
    assert np.array_equal(level.terrain, reference.terrain)


def test_flipped_tiles_get_their_own_gid_with_flip_flags_and_keep_their_collision(mapkit):
    terrain = [row[:] for row in mapkit.TERRAIN]
    terrain[7][1] = mapkit.ROCK | mapkit.FLIP_X
    terrain[7][2] = mapkit.ROCK | mapkit.FLIP_Y
    terrain[7][3] = mapkit.ROCK | mapkit.FLIP_D | mapkit.FLIP_X
    level = load_level(mapkit.write(terrain=terrain, encoding="base64-zlib"))

    plain, fx, fy, fd = (level.tiles[int(g)] for g in level.terrain[7, :4])
    assert len(set(level.terrain[7, :4].tolist())) == 4
    assert (plain.flip_x, plain.flip_y, plain.flip_d) == (False, False, False)
    assert (fx.flip_x, fx.flip_y, fx.flip_d) == (True, False, False)
    assert (fy.flip_x, fy.flip_y, fy.flip_d) == (False, True, False)
    assert (fd.flip_x, fd.flip_y, fd.flip_d) == (True, False, True)
    assert {(t.x, t.y) for t in (plain, fx, fy, fd)} == {(0, 0)}  # all the rock picture
    assert (level.flags[7, :4] == SOLID).all()


def test_layers_before_terrain_are_background_after_are_foreground(mapkit):
    wall = [[mapkit.WALL] * 10 for _ in range(8)]
    lamps = [[0] * 10 for _ in range(8)]
    lamps[2][3] = mapkit.LAMP
    level = load_level(
        mapkit.write(
            layers_before=mapkit.tile_layer("back wall", wall, layer_id=10),
            layers_after=mapkit.tile_layer("lamps", lamps, "base64-gzip", layer_id=11),
        )
    )

    assert len(level.background) == 1 and len(level.foreground) == 1
    assert {source_rect(level, g) for g in np.unique(level.background[0])} == {(16, 16)}
    front = level.foreground[0]
    assert front[2, 3] != 0 and source_rect(level, front[2, 3]) == (32, 16)
    assert np.count_nonzero(front) == 1
    assert level.background[0].shape == level.foreground[0].shape == (8, 10)


def test_hidden_layers_and_layers_in_hidden_groups_are_skipped_nested_ones_kept(mapkit):
    full = [[mapkit.WALL] * 10 for _ in range(8)]
    before = (
        ' <group id="20" name="scenery">\n'
        + mapkit.tile_layer("far", full, layer_id=21)
        + ' <group id="22" name="sketches" visible="0">\n'
        + mapkit.tile_layer("draft", full, layer_id=23)
        + " </group>\n"
        + mapkit.tile_layer("near", full, layer_id=24, attrs=' visible="0"')
        + " </group>\n"
    )
    after = mapkit.tile_layer("glow", full, layer_id=25)
    level = load_level(mapkit.write(layers_before=before, layers_after=after))

    assert len(level.background) == 1  # "far"; "draft" and "near" are hidden
    assert len(level.foreground) == 1  # "glow"


def test_terrain_inside_a_group_still_splits_background_from_foreground(mapkit):
    full = [[mapkit.WALL] * 10 for _ in range(8)]
    group = (
        ' <group id="20" name="world">\n'
        + mapkit.tile_layer("behind", full, layer_id=21)
        + mapkit.tile_layer("terrain", mapkit.TERRAIN, layer_id=1)
        + mapkit.tile_layer("in front", full, layer_id=22)
        + " </group>\n"
    )
    level = load_level(mapkit.write(terrain_layer=group))

    assert level.flags[7, 0] == SOLID
    assert (len(level.background), len(level.foreground)) == (1, 1)


def test_external_tileset_loads_like_an_embedded_one(mapkit):
    (mapkit.folder / "art").mkdir()
    (mapkit.folder / "art" / "mine.png").write_bytes(mapkit.png_bytes(64, 32))
    embedded = load_level(mapkit.write("embedded.tmx"))
    tileset = mapkit.external_tileset("art/mine.tsx", image="mine.png")
    external = load_level(mapkit.write("external.tmx", tileset=tileset))

    assert np.array_equal(external.flags, embedded.flags)
    tile = external.tiles[int(external.terrain[7, 0])]
    assert tile.image == str(mapkit.folder / "art" / "mine.png")  # relative to the .tsx
    assert external.rubble_gid != 0


def test_objects_on_hidden_object_layers_still_count(mapkit):
    level = load_level(mapkit.write(object_layer_attrs=' visible="0"'))
    assert len(level.miners) == 3


def test_tile_collision_shapes_are_not_mistaken_for_map_objects(mapkit):
    # pytmx lists a tile's collision shapes among the map's objects; the loader must not.
    body = mapkit.tileset_body().replace(
        ' <tile id="0">\n',
        ' <tile id="0">\n  <objectgroup id="9"><object id="1" type="Spawn" x="0" y="0" '
        'width="16" height="16"/></objectgroup>\n',
    )
    tileset = (
        ' <tileset firstgid="1" name="mine" tilewidth="16" tileheight="16" tilecount="8" '
        f'columns="4">\n{body} </tileset>\n'
    )
    level = load_level(mapkit.write(tileset=tileset))
    assert level.spawn == (24, 112)


def test_templates_give_objects_their_class_size_and_properties(mapkit):
    (mapkit.folder / "injured_miner.tx").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<template>\n'
        ' <object name="Tomas" type="Miner" width="10" height="20">\n'
        '  <properties><property name="injured" type="bool" value="true"/></properties>\n'
        " </object>\n</template>\n"
    )
    objects = mapkit.DEFAULT_OBJECTS[:2] + [
        '  <object id="8" template="injured_miner.tx" x="50" y="92"/>\n',
        '  <object id="9" template="injured_miner.tx" name="Marek" x="20" y="92">\n'
        '   <properties><property name="injured" type="bool" value="false"/></properties>\n'
        "  </object>\n",
    ]
    level = load_level(mapkit.write(objects=objects, properties={}))

    assert level.miners == [
        MinerSpec(8, "Tomas", 55, 112, injured=True),
        MinerSpec(9, "Marek", 25, 112, injured=False),  # the instance's values win
    ]


def test_tile_object_miner_stands_on_its_bottom_edge(mapkit):
    # Tiled anchors tile objects at the bottom-left; y is the bottom edge.
    objects = mapkit.DEFAULT_OBJECTS[:2] + [
        '  <object id="8" name="Petrov" type="Miner" gid="6" x="80" y="112" '
        'width="16" height="16"/>\n'
    ]
    level = load_level(mapkit.write(objects=objects, properties={}))
    assert level.miners == [MinerSpec(8, "Petrov", 88, 112)]


def test_zero_size_rectangle_counts_as_a_point(mapkit):
    objects = [
        mapkit.obj(1, "Spawn", 30, 112, 0, 0),
        *mapkit.DEFAULT_OBJECTS[1:3],
    ]
    level = load_level(mapkit.write(objects=objects, properties={}))
    assert level.spawn == (30, 112)


def test_fractional_positions_round_to_whole_pixels(mapkit):
    objects = [
        mapkit.obj(1, "Spawn", 24.4, 111.6),
        mapkit.obj(2, "Exit", 127.8, 64.2, 32.1, 47.9),
        *mapkit.DEFAULT_OBJECTS[2:3],
    ]
    level = load_level(mapkit.write(objects=objects, properties={}))
    assert level.spawn == (24, 112)
    assert level.exits == [Rect(128, 64, 32, 48)]


def test_importing_the_loader_prints_nothing_and_leaves_pygame_unloaded():
    # `simulate` prints JSON on stdout: pygame's banner must not sneak in through pytmx.
    code = "import sys, game.level.tiled; print('pygame' in sys.modules)"
    env = {k: v for k, v in os.environ.items() if k != "PYGAME_HIDE_SUPPORT_PROMPT"}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO, env=env
    )
    assert result.stdout == "False\n"
    assert result.stderr == ""


def test_pygame_still_imports_after_the_loader():
    code = "import game.level.tiled, pygame, pytmx.util_pygame; print(pygame.Rect(1, 2, 3, 4).w)"
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=REPO,
        env={**os.environ, "PYGAME_HIDE_SUPPORT_PROMPT": "1"},
    )
    assert result.stdout.strip() == "3"


def test_image_collection_tiles_use_their_whole_image(mapkit):
    (mapkit.folder / "lamp.png").write_bytes(mapkit.png_bytes(16, 16))
    tileset = (
        ' <tileset firstgid="1" name="mine" tilewidth="16" tileheight="16" tilecount="8" '
        f'columns="4">\n{mapkit.tileset_body()} </tileset>\n'
        ' <tileset firstgid="9" name="props" tilewidth="16" tileheight="16" tilecount="1" '
        'columns="0">\n  <grid orientation="orthogonal" width="1" height="1"/>\n'
        '  <tile id="0">\n   <properties><property name="solid" type="bool" value="true"/>'
        '</properties>\n   <image width="16" height="16" source="lamp.png"/>\n  </tile>\n'
        " </tileset>\n"
    )
    terrain = [row[:] for row in mapkit.TERRAIN]
    terrain[0][0] = 9
    level = load_level(mapkit.write(tileset=tileset, terrain=terrain))

    lamp = level.tiles[int(level.terrain[0, 0])]
    assert (lamp.image, lamp.x, lamp.y, lamp.w, lamp.h) == (
        str(mapkit.folder / "lamp.png"),
        0,
        0,
        16,
        16,
    )
    assert level.flags[0, 0] == SOLID


def test_rubble_placed_only_flipped_still_has_a_plain_gid_for_rocks_to_settle_as(mapkit):
    terrain = [row[:] for row in mapkit.TERRAIN]
    terrain[7][0] = mapkit.RUBBLE | mapkit.FLIP_X
    level = load_level(mapkit.write(terrain=terrain))

    flipped = int(level.terrain[7, 0])
    plain = level.tiles[level.rubble_gid]
    assert level.rubble_gid != flipped
    assert (plain.flip_x, plain.flip_y, plain.flip_d) == (False, False, False)
    assert level.tiles[flipped].flip_x
    assert level.tile_flags[flipped] == level.tile_flags[level.rubble_gid] == SOLID | BREAKABLE


def test_image_layers_are_ignored_and_do_not_disturb_the_tiles(mapkit):
    (mapkit.folder / "sky.png").write_bytes(mapkit.png_bytes(32, 32))
    sky = ' <imagelayer id="30" name="sky">\n  <image source="sky.png" width="32" height="32"/>\n'
    sky += " </imagelayer>\n"
    reference = load_level(mapkit.write("plain.tmx"))
    level = load_level(mapkit.write("sky.tmx", layers_before=sky))

    assert np.array_equal(level.terrain, reference.terrain)
    assert level.tiles.items() >= reference.tiles.items()
    assert all(tile.image.endswith("mine.png") for tile in level.tiles.values())  # no sky
    assert level.background == []
