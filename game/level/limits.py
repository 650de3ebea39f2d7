"""How large a map and the files it pulls in may be: every limit the loader enforces, in one place.

maps/README.md ("Limits a map must keep to") lists them for designers. Each is far beyond any
real level (the great mine is 100x50 tiles, four layers, one 32-tile tileset, 50 objects) and
low enough that a broken or hostile file is refused in a fraction of a second with one line,
before anything large is allocated or unpacked.

`read_xml` is how the loader, the renderer's tile names and the reloader read map, tileset and
template files: through the game's file gate (`game.files`), with these limits.
"""

from __future__ import annotations

import os
from xml.etree import ElementTree

from game import files
from game.files import KIB, MIB

# --- files, checked before they are parsed ---
MAX_MAP_BYTES = 32 * MIB  # eight full-size 1024x1024 layers of CSV fit
MAX_TILESET_BYTES = 2 * MIB  # a .tsx: thousands of tiles with properties
MAX_TEMPLATE_BYTES = 256 * KIB  # a .tx holds one object
MAX_IMAGE_BYTES = 16 * MIB  # a tileset's picture: a 4096x4096 PNG is far less
MAX_XML_TAGS = 200_000  # per file; each tag costs memory once parsed, whatever the file size

# --- the map ---
MAX_MAP_TILES = 1024  # width and height, in tiles (at least 1)
MAX_LAYERS = 256  # tile, object, image and group layers together
MAX_GROUP_DEPTH = 16  # groups inside groups
MAX_LAYER_TILES = 8 * 1024 * 1024  # cells of all tile layers together: eight 1024x1024 layers
MAX_TILESETS = 16
MAX_OBJECTS = 10_000
MAX_PROPERTIES = 20_000  # per file: the map's own, or one tileset's

# --- tile layer data ---
LAYER_BYTES_PER_TILE = 4  # Base64 data, once unpacked, is one uint32 per tile: exactly that long
CSV_CHARS_PER_TILE = 16  # a gid with its flip bits has at most ten digits, then a comma or break
CSV_SLACK_CHARS = 64  # leading and trailing line breaks

# --- tilesets (embedded and .tsx) ---
FIRSTGID_LIMIT = 2**29  # firstgid is below this: Tiled keeps the three bits above for flips
# width and height of a tileset's image, or of one tile's image: as the .tsx says, and as the
# PNG itself says (its header is read before the game draws it)
MAX_TILESET_IMAGE_PX = 4096
MAX_TILESET_COLUMNS = MAX_TILESET_IMAGE_PX // 16
MAX_TILESET_TILES = MAX_TILESET_COLUMNS**2  # tilecount, and <tile> elements in one tileset

# --- objects ---
MAX_COORDINATE = 1_000_000.0  # px, for x, y, width and height; the largest map is 16,384 px
MAX_ROTATION = 360.0  # degrees, either way
MAX_POLYGON_POINTS = 10_000  # pytmx makes a tuple of every point of a polygon or polyline


def read_xml(path: str | os.PathLike, limit: int, what: str) -> ElementTree.Element:
    """The root element of a map, tileset or template file at most `limit` bytes long. Raises
    `MissingFile` when it is not there, `UnreadableFile` (one line) for anything else."""
    return files.read_xml(path, limit, what, max_tags=MAX_XML_TAGS)
