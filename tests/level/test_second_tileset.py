"""Designers' own tiles: a second tileset beside the mine tiles (issue 14).

The map uses the kit's mine tileset (Tiled gids 1-8) and a tileset made here: its own 32x16
PNG of two 16x16 tiles (a red one and a blue one), firstgid 9, tile 0 `solid` and tile 1
`one_way`. Both tilesets' tiles sit in the terrain layer. The second tileset is tried both as
an external .tsx next to the map and embedded in the map.
"""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import zlib

import numpy as np
import pygame
import pytest

from game.level.tiled import load_level
from game.level.validate import check_map
from game.sim.constants import ONE_WAY, SOLID

TILED = shutil.which("tiled")

FIRSTGID = 9  # after the kit's eight tiles
RED, BLUE = (200, 30, 40), (30, 60, 210)
OWN_SOLID, OWN_LEDGE = FIRSTGID, FIRSTGID + 1
SOLID_AT, LEDGE_AT = (2, 0), (2, 1)  # (row, col): the empty top-left of the kit's cavern
PROPERTIES = (
    '  <tile id="0">\n   <properties>\n'
    '    <property name="solid" type="bool" value="true"/>\n   </properties>\n  </tile>\n'
    '  <tile id="1">\n   <properties>\n'
    '    <property name="one_way" type="bool" value="true"/>\n   </properties>\n  </tile>\n'
)
TILESET_ATTRS = 'name="props" tilewidth="16" tileheight="16" tilecount="2" columns="2"'


def two_tile_png(left: tuple[int, int, int], right: tuple[int, int, int]) -> bytes:
    """A 32x16 RGBA PNG: the left 16x16 tile in one colour, the right in another (the kit's
    `png_bytes` paints one colour only, which could not tell the two tiles apart)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    row = b"\x00" + bytes([*left, 255]) * 16 + bytes([*right, 255]) * 16
    header = struct.pack(">IIBBBBB", 32, 16, 8, 6, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(row * 16))
        + chunk(b"IEND", b"")
    )


def own_tileset(kit, embedded: bool, properties: str = PROPERTIES) -> str:
    """The kit's mine tileset plus the designer's; returns the <tileset> elements."""
    (kit.folder / "props.png").write_bytes(two_tile_png(RED, BLUE))
    body = f'  <image source="props.png" width="32" height="16"/>\n{properties}'
    mine = (
        ' <tileset firstgid="1" name="mine" tilewidth="16" tileheight="16" tilecount="8" '
        f'columns="4">\n{kit.tileset_body()} </tileset>\n'
    )
    if embedded:
        return mine + f' <tileset firstgid="{FIRSTGID}" {TILESET_ATTRS}>\n{body} </tileset>\n'
    (kit.folder / "props.tsx").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<tileset version="1.8" tiledversion="1.8.2" {TILESET_ATTRS}>\n{body}</tileset>\n',
        encoding="utf-8",
    )
    return mine + f' <tileset firstgid="{FIRSTGID}" source="props.tsx"/>\n'


def own_map(kit, embedded: bool, properties: str = PROPERTIES):
    terrain = [row[:] for row in kit.TERRAIN]
    terrain[SOLID_AT[0]][SOLID_AT[1]] = OWN_SOLID
    terrain[LEDGE_AT[0]][LEDGE_AT[1]] = OWN_LEDGE
    return kit.write("own.tmx", tileset=own_tileset(kit, embedded, properties), terrain=terrain)


def export(source, target) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env.setdefault("XDG_RUNTIME_DIR", str(target.parent))
    subprocess.run(
        [TILED or "tiled", "--export-map", str(source), str(target)],
        check=True,
        capture_output=True,
        timeout=60,
        env=env,
    )


EMBEDDED = pytest.mark.parametrize("embedded", [False, True], ids=["external-tsx", "embedded"])


@EMBEDDED
def test_own_tiles_collide_beside_the_mine_tiles(mapkit, embedded):
    level = load_level(own_map(mapkit, embedded))

    assert level.flags[SOLID_AT] == SOLID
    assert level.flags[LEDGE_AT] == ONE_WAY
    assert level.flags[7, 0] == SOLID  # the mine's rock floor still collides
    assert level.flags[3, 6] == ONE_WAY  # and its plank ledge
    assert level.tile_flags[int(level.terrain[SOLID_AT])] == SOLID
    assert level.tile_flags[int(level.terrain[LEDGE_AT])] == ONE_WAY


@EMBEDDED
def test_own_tiles_are_cut_from_their_own_picture(mapkit, embedded):
    level = load_level(own_map(mapkit, embedded))
    picture = str(mapkit.folder / "props.png")

    solid = level.tiles[int(level.terrain[SOLID_AT])]
    ledge = level.tiles[int(level.terrain[LEDGE_AT])]
    rock = level.tiles[int(level.terrain[7, 0])]
    assert (solid.image, solid.x, solid.y, solid.w, solid.h) == (picture, 0, 0, 16, 16)
    assert (ledge.image, ledge.x, ledge.y, ledge.w, ledge.h) == (picture, 16, 0, 16, 16)
    assert rock.image == str(mapkit.folder / "mine.png")


@EMBEDDED
def test_renderer_draws_own_tiles_in_their_colours(mapkit, embedded):
    from game.render.tilemap import TileImages

    pygame.display.init()
    level = load_level(own_map(mapkit, embedded))
    images = TileImages(level)

    for cell, colour in ((SOLID_AT, RED), (LEDGE_AT, BLUE)):
        image = images.get(int(level.terrain[cell]))
        assert image is not None and image.get_size() == (16, 16)
        assert tuple(image.get_at((0, 0)))[:3] == colour
        assert tuple(image.get_at((15, 15)))[:3] == colour


@EMBEDDED
def test_map_with_own_tiles_checks_clean(mapkit, embedded):
    assert check_map(own_map(mapkit, embedded)) == []


@pytest.mark.skipif(TILED is None, reason="the Tiled editor is not installed (apt install tiled)")
@EMBEDDED
def test_own_tiles_keep_their_collision_after_tiled_resaves_the_map(mapkit, embedded):
    original = own_map(mapkit, embedded)
    resaved = mapkit.folder / "resaved.tmx"

    export(original, resaved)

    before, after = load_level(original), load_level(resaved)
    assert np.array_equal(before.flags, after.flags)
    assert after.flags[SOLID_AT] == SOLID and after.flags[LEDGE_AT] == ONE_WAY
    assert after.tiles[int(after.terrain[LEDGE_AT])].x == 16


@EMBEDDED
def test_wrongly_typed_property_in_own_tileset_names_that_tileset(mapkit, embedded):
    untyped = PROPERTIES.replace(
        '<property name="solid" type="bool" value="true"/>',
        '<property name="solid" value="true"/>',
    )
    errors = check_map(own_map(mapkit, embedded, untyped))
    assert [error.message for error in errors] == [
        "tileset 'props' tile 0: property 'solid' must be of type bool, "
        "but it is string 'true' "
        "(in Tiled, right-click it in the Properties panel: Convert To > bool)"
    ]
    assert "\n" not in str(errors[0])


def test_rubble_name_reused_in_own_tileset_is_reported_naming_both(mapkit):
    renamed = PROPERTIES.replace(
        '<property name="solid" type="bool" value="true"/>',
        '<property name="name" value="rubble"/>\n'
        '    <property name="solid" type="bool" value="true"/>\n'
        '    <property name="breakable" type="bool" value="true"/>',
    )
    errors = check_map(own_map(mapkit, embedded=False, properties=renamed))
    assert [error.message for error in errors] == [
        "2 tiles are named 'rubble' (tileset 'mine' tile 4, tileset 'props' tile 0); keep one"
    ]
