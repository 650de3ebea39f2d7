"""Tiny Tiled maps written on the fly: a 64x32 PNG tileset of eight 16x16 tiles and a 10x8 map.

Tests ask for the `mapkit` fixture and write the variant they need into their own tmp_path.
Tiled gids of the test tileset (firstgid 1) are below; pytmx renumbers them, so tests compare
flags and source rectangles, never raw gids.
"""

from __future__ import annotations

import base64
import gzip
import struct
import zlib
from pathlib import Path

import pytest

ROCK, PLANK, DEBRIS, WOOD, RUBBLE, WALL, LAMP = 1, 2, 3, 4, 5, 6, 7
FLIP_X, FLIP_Y, FLIP_D = 1 << 31, 1 << 30, 1 << 29

WIDTH, HEIGHT = 10, 8  # tiles

# Collision layer in Tiled gids: a rock floor, a plank ledge, a debris wall, a wooden barricade.
TERRAIN = [
    [0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
    [0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
    [0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
    [0, 0, 0, 0, 0, 0, PLANK, PLANK, PLANK, 0],
    [0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
    [0, 0, 0, 0, DEBRIS, 0, 0, 0, 0, 0],
    [0, 0, 0, 0, DEBRIS, 0, 0, WOOD, 0, 0],
    [ROCK] * 10,
]

TILE_PROPERTIES = {
    0: {"name": "rock", "solid": True},  # the seal tile
    1: {"one_way": True},
    2: {"solid": True, "breakable": True},
    3: {"solid": True, "burnable": True},
    4: {"name": "rubble", "solid": True, "breakable": True},
}


def png_bytes(width: int, height: int) -> bytes:
    """A valid RGBA PNG of one colour, written by hand so no image library is needed."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    row = b"\x00" + bytes([120, 90, 60, 255]) * width
    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(row * height))
        + chunk(b"IEND", b"")
    )


def properties_xml(props: dict[str, object], indent: str = "   ") -> str:
    if not props:
        return ""
    lines = [f"{indent}<properties>"]
    for key, value in props.items():
        if isinstance(value, bool):
            lines.append(
                f'{indent} <property name="{key}" type="bool" value="{str(value).lower()}"/>'
            )
        elif isinstance(value, int):
            lines.append(f'{indent} <property name="{key}" type="int" value="{value}"/>')
        else:
            lines.append(f'{indent} <property name="{key}" value="{value}"/>')
    lines.append(f"{indent}</properties>")
    return "\n".join(lines) + "\n"


def tileset_body(image: str = "mine.png", tile_properties: dict | None = None) -> str:
    """The inside of a <tileset> element: image and tile properties."""
    tile_properties = TILE_PROPERTIES if tile_properties is None else tile_properties
    parts = [f' <image source="{image}" width="64" height="32"/>\n']
    for tile_id, props in tile_properties.items():
        parts.append(f' <tile id="{tile_id}">\n{properties_xml(props, "  ")} </tile>\n')
    return "".join(parts)


def layer_data(grid: list[list[int]], encoding: str = "csv") -> str:
    """A <data> element in one of the encodings Tiled offers."""
    flat = [gid for row in grid for gid in row]
    if encoding == "csv":
        rows = [",".join(str(g) for g in row) for row in grid]
        return '<data encoding="csv">\n' + ",\n".join(rows) + "\n</data>"
    raw = struct.pack(f"<{len(flat)}I", *flat)
    if encoding == "base64":
        return f'<data encoding="base64">{base64.b64encode(raw).decode()}</data>'
    if encoding == "base64-zlib":
        text = base64.b64encode(zlib.compress(raw)).decode()
        return f'<data encoding="base64" compression="zlib">{text}</data>'
    if encoding == "base64-gzip":
        text = base64.b64encode(gzip.compress(raw)).decode()
        return f'<data encoding="base64" compression="gzip">{text}</data>'
    raise ValueError(encoding)


def tile_layer(
    name: str, grid: list[list[int]], encoding: str = "csv", attrs: str = "", layer_id: int = 50
) -> str:
    height, width = len(grid), len(grid[0])
    return (
        f' <layer id="{layer_id}" name="{name}" width="{width}" height="{height}"{attrs}>\n'
        f"  {layer_data(grid, encoding)}\n </layer>\n"
    )


def obj(
    obj_id: int,
    cls: str | None,
    x: float,
    y: float,
    w: float | None = None,
    h: float | None = None,
    name: str = "",
    props: dict | None = None,
    class_attr: str = "type",
    shape: str | None = None,
    extra: str = "",
) -> str:
    """An <object>: a point when w and h are None, else a rectangle (or `shape`)."""
    attrs = f'id="{obj_id}"'
    if name:
        attrs += f' name="{name}"'
    if cls is not None:
        attrs += f' {class_attr}="{cls}"'
    attrs += f' x="{x}" y="{y}"'
    if w is not None:
        attrs += f' width="{w}" height="{h}"'
    inner = properties_xml(props or {})
    if w is None and shape is None:
        inner += "   <point/>\n"
    elif shape:
        inner += f"   {shape}\n"
    return f"  <object {attrs}{extra}>\n{inner}  </object>\n"


DEFAULT_OBJECTS = [
    obj(1, "Spawn", 24, 112),
    obj(2, "Exit", 128, 64, 32, 48, name="mine mouth"),
    obj(3, "Miner", 40, 92, 10, 20, name="Goro", props={"carrier": True, "chamber": "north"}),
    obj(4, "Miner", 100, 112, props={"name": "Dr. Natasha", "last_out": True, "chamber": "north"}),
    obj(5, "Miner", 90, 112, props={"injured": True}),
    obj(6, "CrackZone", 16, 0, 64, 16, name="roof crack", props={"rate": 120}),
    obj(7, None, 140, 10, 8, 8, name="note: tune this later"),
]
DEFAULT_PROPERTIES = {"collapse_seconds": 180, "seed": 42, "quota": 2, "weather": "drizzle"}

# The full mine's objects, to add to DEFAULT_OBJECTS: the chamber Goro and Natasha stand in
# (Miner 5 stands in it too, belonging to no chamber), a lit brazier (point) and a cold one
# (rectangle), one Trigger of each event and a chasm.
MINE_OBJECTS = [
    obj(10, "Chamber", 32, 48, 96, 64, name="north", props={"air_seconds": 90}),
    obj(11, "Brazier", 56, 112, name="left brazier", props={"lit": True, "radius": 64}),
    obj(12, "Brazier", 136, 96, 16, 16),
    obj(13, "Trigger", 96, 96, 32, 32, name="weak floor", props={"event": "floor_collapse"}),
    obj(14, "Trigger", 48, 64, 16, 48, name="mouth", props={"event": "seal"}),
    obj(
        15,
        "Trigger",
        0,
        64,
        32,
        48,
        name="warning",
        props={"event": "dialogue", "text": "Mind the beams."},
    ),
    obj(16, "Chasm", 144, 112, 16, 16, name="drop"),
]


class MapKit:
    """Writes map variants into one folder, and carries the helpers above for the tests."""

    ROCK, PLANK, DEBRIS, WOOD, RUBBLE, WALL, LAMP = ROCK, PLANK, DEBRIS, WOOD, RUBBLE, WALL, LAMP
    FLIP_X, FLIP_Y, FLIP_D = FLIP_X, FLIP_Y, FLIP_D
    TERRAIN = TERRAIN
    DEFAULT_OBJECTS = DEFAULT_OBJECTS
    MINE_OBJECTS = MINE_OBJECTS
    obj = staticmethod(obj)
    tile_layer = staticmethod(tile_layer)
    tileset_body = staticmethod(tileset_body)
    png_bytes = staticmethod(png_bytes)

    def __init__(self, folder: Path):
        self.folder = folder
        (folder / "mine.png").write_bytes(png_bytes(64, 32))

    def write(
        self,
        name: str = "cavern.tmx",
        *,
        objects: list[str] | None = None,
        properties: dict | None = None,
        terrain: list[list[int]] | None = None,
        encoding: str = "csv",
        layers_before: str = "",
        layers_after: str = "",
        terrain_layer: str | None = None,
        tileset: str | None = None,
        map_attrs: dict[str, str] | None = None,
        object_layer_attrs: str = "",
    ) -> Path:
        """A map file; every part defaults to the good test map."""
        attrs = {
            "version": "1.8",
            "tiledversion": "1.8.2",
            "orientation": "orthogonal",
            "renderorder": "right-down",
            "width": str(WIDTH),
            "height": str(HEIGHT),
            "tilewidth": "16",
            "tileheight": "16",
            "infinite": "0",
            "nextlayerid": "60",
            "nextobjectid": "100",
            **(map_attrs or {}),
        }
        if tileset is None:
            tileset = (
                ' <tileset firstgid="1" name="mine" tilewidth="16" tileheight="16" '
                f'tilecount="8" columns="4">\n{tileset_body()} </tileset>\n'
            )
        if terrain_layer is None:
            terrain_layer = tile_layer("terrain", terrain or TERRAIN, encoding, layer_id=1)
        props = DEFAULT_PROPERTIES if properties is None else properties
        objects = DEFAULT_OBJECTS if objects is None else objects
        text = (
            '<?xml version="1.0" encoding="UTF-8"?>\n<map '
            + " ".join(f'{k}="{v}"' for k, v in attrs.items())
            + ">\n"
            + properties_xml(props, " ")
            + tileset
            + layers_before
            + terrain_layer
            + layers_after
            + f' <objectgroup id="2" name="objects"{object_layer_attrs}>\n'
            + "".join(objects)
            + " </objectgroup>\n</map>\n"
        )
        path = self.folder / name
        path.write_text(text, encoding="utf-8")
        return path

    def external_tileset(self, name: str = "mine.tsx", image: str = "mine.png") -> str:
        """Write a .tsx next to the maps; return the <tileset> element that points to it."""
        (self.folder / name).write_text(
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            '<tileset version="1.8" tiledversion="1.8.2" name="mine" tilewidth="16" '
            f'tileheight="16" tilecount="8" columns="4">\n{tileset_body(image)}</tileset>\n',
            encoding="utf-8",
        )
        return f' <tileset firstgid="1" source="{name}"/>\n'


@pytest.fixture
def mapkit(tmp_path: Path) -> MapKit:
    return MapKit(tmp_path)
