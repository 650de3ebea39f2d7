"""Before pytmx: everything in a map that would make it crash, hang or misread.

A map may come from anyone, so nothing reaches pytmx before the limits of `limits.py` hold:
the file is read through the file gate with a size cap, the map's size and its counts of
layers, tilesets, objects and properties are bounded, every tileset (the .tsx too, which
pytmx reads again itself) and every object's numbers are checked, and compressed layers are
unpacked here (pytmx cannot unpack zstd, and would unpack zlib and gzip without a cap), never
past the layer's size, then handed to pytmx as uncompressed Base64. Every problem is one line.
"""

from __future__ import annotations

import base64
import binascii
import math
import os
import re
import zlib
from collections.abc import Callable
from xml.etree import ElementTree

import zstandard

from game.files import MissingFile, UnreadableFile
from game.level.assets import inline_with_shipped_images, use_shipped
from game.level.limits import (
    CSV_CHARS_PER_TILE,
    CSV_SLACK_CHARS,
    FIRSTGID_LIMIT,
    LAYER_BYTES_PER_TILE,
    MAX_COORDINATE,
    MAX_GROUP_DEPTH,
    MAX_LAYER_TILES,
    MAX_LAYERS,
    MAX_MAP_BYTES,
    MAX_MAP_TILES,
    MAX_OBJECTS,
    MAX_POLYGON_POINTS,
    MAX_PROPERTIES,
    MAX_ROTATION,
    MAX_TILESET_BYTES,
    MAX_TILESET_COLUMNS,
    MAX_TILESET_IMAGE_PX,
    MAX_TILESET_TILES,
    MAX_TILESETS,
    read_xml,
)
from game.level.model import MapError
from game.level.properties import Problems
from game.sim.constants import TILE


class UnreadableMap(MapError):
    """The file cannot be read as a map at all (missing, not XML, not a TMX map)."""


_ENCODINGS: set[tuple[str, str | None]] = {("csv", None), ("base64", None)}
_ENCODINGS |= {("base64", "zlib"), ("base64", "gzip"), ("base64", "zstd")}
_ENCODINGS_TEXT = "CSV, or Base64 (uncompressed, zlib, gzip or zstd)"


def parse_tmx(path: str) -> ElementTree.Element:
    if os.path.splitext(path)[1].lower() in (".tmj", ".json"):
        raise UnreadableMap(path, "JSON maps are not supported; save as .tmx")
    try:
        root = read_xml(path, MAX_MAP_BYTES, "map")
    except MissingFile:
        raise UnreadableMap(path, "file not found") from None
    except UnreadableFile as error:
        raise UnreadableMap(path, error.problem) from None
    if root.tag != "map":
        raise UnreadableMap(path, f"not a Tiled map: its root element is <{root.tag}>, not <map>")
    return root


def check_structure(root: ElementTree.Element, path: str, problems: Problems) -> bool:
    """Problems that stop the reading: the rest of the map cannot be trusted after them. The
    limits come first, so that no check below works on more than they allow."""
    before = len(problems.errors)
    size = _map_size(root, problems)
    if size is None or not _within_limits(root, size, problems):
        return False
    orientation = root.get("orientation", "orthogonal")
    if orientation != "orthogonal":
        problems.add(f"the map is {orientation}; only orthogonal maps are supported")
    infinite = root.get("infinite", "0") == "1"
    if infinite:
        problems.add("the map is infinite; untick Infinite in the map properties")
    tile_size = (root.get("tilewidth"), root.get("tileheight"))
    if tile_size != (str(TILE), str(TILE)):
        problems.add(f"tiles are {tile_size[0]}x{tile_size[1]} px; the game needs {TILE}x{TILE}")
    for layer in root.iter("layer"):
        _check_tile_layer(layer, size, problems, unpack=not infinite)  # chunks: nothing to unpack
    for tileset in root.iter("tileset"):
        _check_tileset(tileset, path, problems)
    for element in root.iter("object"):
        _check_object(element, problems)
    for layer in layer_elements(root):
        _check_offset(layer, problems)
    return len(problems.errors) == before


# --- numbers in attributes ---

_SIZE_KEYS = ("width", "height")
_WHOLE = re.compile(r"[+-]?[0-9]{1,15}")
_OBJECT_NUMBERS = {"x": "coordinates", "y": "coordinates", "width": "sizes", "height": "sizes"}
_OBJECT_NUMBERS["rotation"] = "angles"


def _whole(text: str | None) -> int | None:
    """The whole number `text` spells in plain digits, else None ('1e3', '2.0', 'NaN', '')."""
    text = (text or "").strip()
    return int(text) if _WHOLE.fullmatch(text) else None


def _shown(text: str) -> str:
    """An attribute's text for a message line: short, and quoted unless it is one plain word."""
    short = text if len(text) <= 24 else text[:24] + "..."
    plain = short.isprintable() and short != "" and not any(c.isspace() for c in short)
    return short if plain else repr(short)


def clip(text: str, limit: int = 80) -> str:
    """A name or file name from the map, cut short enough for a message line."""
    return text if len(text) <= limit else text[:limit] + "..."


def _range_problem(
    element: ElementTree.Element, key: str, low: int, high: int, required: bool = False
) -> str | None:
    """Why attribute `key` is not a whole number from `low` to `high`; None when it is, or
    when it is missing and not `required` (pytmx then keeps its default)."""
    text = element.get(key)
    if text is None and not required:
        return None
    value = _whole(text)
    if value is None or not low <= value <= high:
        shown = "missing" if text is None else _shown(text)
        return f"{key} is {shown}; it must be a whole number from {low:,} to {high:,}"
    return None


def _number_problem(key: str, text: str) -> str | None:
    """Why an object's x, y, width, height or rotation is unusable (None when it is fine)."""
    try:
        value = float(text)
    except ValueError:
        return f"{key} is {_shown(text)}, not a number"
    what = _OBJECT_NUMBERS[key]
    if not math.isfinite(value):
        return f"{key} is {_shown(text)}; {what} must be finite numbers"
    bound = MAX_ROTATION if key == "rotation" else MAX_COORDINATE
    if abs(value) > bound:
        span = f"-{bound:,.0f} and {bound:,.0f} {'degrees' if key == 'rotation' else 'px'}"
        return f"{key} is {_shown(text)}; {what} must lie between {span}"
    return None


def object_problem(attrs: dict[str, str]) -> str | None:
    for key in _OBJECT_NUMBERS:
        if key in attrs:
            problem = _number_problem(key, attrs[key])
            if problem:
                return problem
    return None


# --- the map's size and counts ---


def _map_size(root: ElementTree.Element, problems: Problems) -> tuple[int, int] | None:
    """Width and height in tiles, or None (reported) when they are not a size the game takes."""
    width, height = _whole(root.get("width")), _whole(root.get("height"))
    bad = [
        key
        for key, value in (("width", width), ("height", height))
        if value is None or not 1 <= value <= MAX_MAP_TILES
    ]
    for key in bad:
        problems.add(
            f"the map's {key} is {_shown(root.get(key, ''))}; it must be a whole number of tiles "
            f"from 1 to {MAX_MAP_TILES:,}"
        )
    if bad or width is None or height is None:
        return None
    return width, height


def _within_limits(root: ElementTree.Element, size: tuple[int, int], problems: Problems) -> bool:
    """Counts that bound the work and memory of everything after: layers, groups, tilesets,
    objects, properties."""
    before = len(problems.errors)
    layers = sum(1 for _ in layer_elements(root))
    if layers > MAX_LAYERS:
        problems.add(f"the map has {layers:,} layers; a map has at most {MAX_LAYERS:,}")
    depth = _group_depth(root)
    if depth > MAX_GROUP_DEPTH:
        problems.add(f"groups nest {depth} deep; groups may nest at most {MAX_GROUP_DEPTH} deep")
    tile_layers = sum(1 for _ in root.iter("layer"))
    cells = tile_layers * size[0] * size[1]
    if cells > MAX_LAYER_TILES:
        problems.add(
            f"the {tile_layers:,} tile layers of {size[0]}x{size[1]} tiles hold {cells:,} tiles; "
            f"all tile layers together may hold at most {MAX_LAYER_TILES:,}"
        )
    for tag, noun, limit in (
        ("tileset", "tilesets", MAX_TILESETS),
        ("object", "objects", MAX_OBJECTS),
        ("property", "properties", MAX_PROPERTIES),
    ):
        count = sum(1 for _ in root.iter(tag))
        if count > limit:
            problems.add(f"the map has {count:,} {noun}; a map has at most {limit:,}")
    return len(problems.errors) == before


def _group_depth(root: ElementTree.Element) -> int:
    """How deep groups nest, walked without recursion."""
    deepest = 0
    pending = [(root, 0)]
    while pending:
        element, depth = pending.pop()
        for child in element:
            inside = depth + (child.tag == "group")
            deepest = max(deepest, inside)
            pending.append((child, inside))
    return deepest


def layer_elements(element: ElementTree.Element):
    """Every layer element in document order, not entering tilesets (tile collision shapes)."""
    for child in element:
        if child.tag in ("layer", "objectgroup", "imagelayer", "group"):
            yield child
        if child.tag != "tileset":
            yield from layer_elements(child)


def _check_offset(layer: ElementTree.Element, problems: Problems) -> None:
    # The game draws every layer on the same grid; an offset layer would look shifted in Tiled
    # only. (pytmx also fails on fractional offsets.)
    dx, dy = layer.get("offsetx", "0"), layer.get("offsety", "0")
    try:
        shifted = (float(dx), float(dy)) != (0, 0)
    except ValueError:
        shifted = True
    if shifted:
        problems.add(
            f"layer '{clip(layer.get('name', ''))}' is offset by ({_shown(dx)}, {_shown(dy)}) px; "
            "the game ignores layer offsets, so set the offset to 0, 0"
        )


# --- tile layer data ---


def _check_tile_layer(
    layer: ElementTree.Element, size: tuple[int, int], problems: Problems, unpack: bool
) -> None:
    data = layer.find("data")
    name = clip(layer.get("name", ""))
    encoding = None if data is None else (data.get("encoding"), data.get("compression"))
    if encoding not in _ENCODINGS:
        problems.add(
            f"tile layer '{name}' is saved as {_encoding_text(encoding)}; use {_ENCODINGS_TEXT}"
        )
        return
    assert data is not None and encoding is not None  # every known encoding has <data>
    if not unpack or not _layer_fits(layer, size, problems):
        return
    if encoding[0] == "csv":
        _check_csv(name, data.text or "", size, problems)
    else:
        _unpack_for_pytmx(name, data, size, problems)


def _layer_fits(layer: ElementTree.Element, size: tuple[int, int], problems: Problems) -> bool:
    """A layer of a finite map is as large as the map (pytmx would cut its data into rows of
    the layer's own width)."""
    texts = [layer.get(key, str(whole)) for key, whole in zip(_SIZE_KEYS, size, strict=True)]
    if tuple(_whole(text) for text in texts) == size:
        return True
    shown = "x".join(_shown(text) for text in texts)
    problems.add(
        f"tile layer '{clip(layer.get('name', ''))}' does not match the map size of "
        f"{size[0]}x{size[1]} tiles (it is {shown}); resize the layer or re-save the map"
    )
    return False


def _check_csv(name: str, text: str, size: tuple[int, int], problems: Problems) -> None:
    """Counted before pytmx splits and converts every entry (millions of them, in a bomb)."""
    tiles = size[0] * size[1]
    entries = text.count(",") + 1 if text.strip() else 0
    longest = tiles * CSV_CHARS_PER_TILE + CSV_SLACK_CHARS
    if entries != tiles:
        problems.add(
            f"tile layer '{name}' has {entries:,} CSV entries, but its {size[0]}x{size[1]} "
            f"tiles take {tiles:,}; re-save the map"
        )
    elif len(text) > longest:
        problems.add(
            f"tile layer '{name}' has {len(text):,} characters of CSV data; its "
            f"{size[0]}x{size[1]} tiles take at most {longest:,}; re-save the map"
        )


def _unpack_for_pytmx(
    name: str, data: ElementTree.Element, size: tuple[int, int], problems: Problems
) -> None:
    """Unpack a Base64 layer here, never unpacking more than the layer's size, and hand it to
    pytmx as uncompressed Base64. pytmx would unpack zlib and gzip without a cap (a small file
    could fill the memory) and cannot read zstd at all."""
    compression = data.get("compression")
    try:
        packed = base64.b64decode(data.text or "")
    except binascii.Error as error:
        problems.add(f"tile layer '{name}' has broken Base64 data ({error}); re-save the map")
        return
    expected = size[0] * size[1] * LAYER_BYTES_PER_TILE
    raw = packed
    if compression:
        try:
            raw = _DECOMPRESS[compression](packed, expected)
        except (zlib.error, zstandard.ZstdError) as error:
            cause = _ERROR_PREFIX.sub("", str(error))
            problems.add(
                f"tile layer '{name}' has corrupt {compression} data ({cause}); re-save the map"
            )
            return
    if len(raw) != expected:
        got = f"more than {expected:,}" if len(raw) > expected else f"{len(raw):,}"
        what = (
            f"unpacks to {got} bytes of {compression}"
            if compression
            else f"has {got} bytes of Base64"
        )
        problems.add(
            f"tile layer '{name}' {what} data, but its {size[0]}x{size[1]} tiles take "
            f"{expected:,}; re-save the map"
        )
        return
    if compression:
        data.text = base64.b64encode(raw).decode("ascii")
        data.attrib.pop("compression")


def _inflate(packed: bytes, limit: int, wbits: int) -> bytes:
    """At most `limit` + 1 bytes unpacked from zlib or gzip data (one more shows it is too
    long). Like `gzip -d`, it reads on across concatenated gzip members."""
    out = bytearray()
    while len(out) <= limit:
        stream = zlib.decompressobj(wbits)
        out += stream.decompress(packed, limit + 1 - len(out))
        if not stream.eof:
            if len(out) <= limit:  # all the input was read, and the stream never ended
                raise zlib.error("the data ends too soon")
            break
        packed = stream.unused_data
        if wbits != _GZIP_WBITS or not packed:
            break  # zlib.decompress, which pytmx used, ignores bytes after the stream too
    return bytes(out)


def _zstd_decompress(packed: bytes, limit: int) -> bytes:
    """At most `limit` + 1 bytes unpacked from `packed` (one more shows it is too long).

    A streaming reader, because Tiled may write frames that do not record their size (the
    one-shot API refuses those), and because it lets us stop at the cap. Like the `zstd` tool,
    it reads on across concatenated frames."""
    reader = zstandard.ZstdDecompressor().stream_reader(packed, read_across_frames=True)
    chunks: list[bytes] = []
    size = 0
    while size <= limit:
        chunk = reader.read(limit + 1 - size)
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


_GZIP_WBITS = 16 + zlib.MAX_WBITS  # the gzip header and trailer instead of zlib's
_DECOMPRESS: dict[str, Callable[[bytes, int], bytes]] = {
    "zlib": lambda packed, limit: _inflate(packed, limit, zlib.MAX_WBITS),
    "gzip": lambda packed, limit: _inflate(packed, limit, _GZIP_WBITS),
    "zstd": _zstd_decompress,
}
_ERROR_PREFIX = re.compile(r"^(zstd decompress error: |Error -?\d+ while decompressing data: )")


def _encoding_text(encoding: tuple[str | None, str | None] | None) -> str:
    if encoding is None:
        return "nothing (no <data>)"
    kind, compression = encoding
    if kind is None:
        return "XML (one element per tile)"
    return f"{kind} with {compression} compression" if compression else kind


# --- tilesets ---


def _check_tileset(tileset: ElementTree.Element, path: str, problems: Problems) -> None:
    """The map's <tileset>: its firstgid, and the limits of the tileset, embedded or .tsx."""
    source = tileset.get("source")
    label = (
        f"tileset file '{clip(source)}'" if source else f"tileset '{clip(tileset.get('name', ''))}'"
    )
    problem = _range_problem(tileset, "firstgid", 1, FIRSTGID_LIMIT - 1, required=True)
    if problem:
        problems.add(f"{label}: {problem}")
    if source:
        shipped = use_shipped("tileset", source, os.path.dirname(path), path)
        if shipped is not None:  # pytmx reads the .tsx from this attribute: point it there
            tileset.set("source", shipped)
        external = _read_external_tileset(shipped or source, path, problems)
        if external is None:
            return
        if shipped is None:  # the map's own .tsx: its pictures may be the game's, by name
            tsx_path = os.path.join(os.path.dirname(path), source)
            inline_with_shipped_images(tileset, external, tsx_path, path)
        problem = _range_problem(external, "firstgid", 1, FIRSTGID_LIMIT - 1)  # pytmx takes it
        if problem:
            problems.add(f"{label}: {problem}")
        tileset = external
    else:  # an embedded tileset's pictures are found from the map's folder
        for image in tileset.iter("image"):
            image_source = image.get("source") or ""
            shipped = use_shipped("image", image_source, os.path.dirname(path), path)
            if shipped is not None:
                image.set("source", shipped)
    _check_tileset_limits(tileset, label, problems)


def _read_external_tileset(
    source: str, path: str, problems: Problems
) -> ElementTree.Element | None:
    """The .tsx's root, read through the file gate (pytmx reads it again, unguarded, so every
    limit is checked on this copy first); None when it is reported."""
    shown = clip(source)
    if not source.lower().endswith(".tsx"):
        problems.add(f"tileset '{shown}': only .tsx tilesets are supported; save it as .tsx")
        return None
    full = os.path.join(os.path.dirname(path), source)
    try:
        root = read_xml(full, MAX_TILESET_BYTES, "tileset")
    except MissingFile:
        problems.add(f"tileset file '{shown}' not found (looked for {clip(os.path.abspath(full))})")
        return None
    except UnreadableFile as error:
        problems.add(f"tileset file '{shown}' {error.problem}")
        return None
    if root.tag != "tileset":
        problems.add(f"tileset file '{shown}' is not a tileset (root element <{root.tag}>)")
        return None
    return root


def _check_tileset_limits(tileset: ElementTree.Element, label: str, problems: Problems) -> None:
    """Sizes pytmx loops over or allocates by: tile and image sizes, counts, tile ids."""
    name = clip(tileset.get("name", ""))
    tile_size = (tileset.get("tilewidth"), tileset.get("tileheight"))
    if tile_size != (str(TILE), str(TILE)):  # pytmx walks the image in steps of a tile
        problems.add(
            f"tileset '{name}' has {tile_size[0]}x{tile_size[1]} px tiles; "
            f"the game needs {TILE}x{TILE}"
        )
    found = [
        _range_problem(tileset, "tilecount", 0, MAX_TILESET_TILES),
        _range_problem(tileset, "columns", 0, MAX_TILESET_COLUMNS),
        _range_problem(tileset, "spacing", 0, MAX_TILESET_IMAGE_PX),
        _range_problem(tileset, "margin", 0, MAX_TILESET_IMAGE_PX),
        _count_problem(tileset, "tile", "tiles", MAX_TILESET_TILES),
        _count_problem(tileset, "property", "properties", MAX_PROPERTIES),
        _count_problem(tileset, "object", "collision objects", MAX_OBJECTS),
    ]
    # pytmx needs the sheet's size; a tile's own image may leave it out
    found += _image_problems(tileset.find("image"), "its image's ", required=True)
    for tile in tileset.iter("tile"):
        problem = _range_problem(tile, "id", 0, FIRSTGID_LIMIT - 1, required=True)
        found.append(problem and f"a tile's {problem}")
        found += _image_problems(tile.find("image"), "a tile image's ", required=False)
    for problem in dict.fromkeys(p for p in found if p):  # once each, in order
        problems.add(f"{label}: {problem}")


def _image_problems(
    image: ElementTree.Element | None, whose: str, required: bool
) -> list[str | None]:
    if image is None:
        return []
    missing = [key for key in _SIZE_KEYS if image.get(key) is None]
    if required and missing:
        # Old Tiled versions wrote the sheet's <image> without its size; pytmx needs it.
        return [
            f"{whose}size is not saved (no {' or '.join(missing)} on its <image>, an old "
            "tileset format): open the tileset in Tiled and save it again"
        ]
    found = [_range_problem(image, key, 1, MAX_TILESET_IMAGE_PX, required) for key in _SIZE_KEYS]
    return [problem and whose + problem for problem in found]


def _count_problem(element: ElementTree.Element, tag: str, noun: str, limit: int) -> str | None:
    count = sum(1 for _ in element.iter(tag))
    if count > limit:
        return f"it has {count:,} {noun}; a tileset has at most {limit:,}"
    return None


# --- objects ---


def _check_object(element: ElementTree.Element, problems: Problems) -> None:
    """An object's id and numbers as pytmx would read them (the template's are checked with
    the object itself, in `_Reader._object`)."""
    name = element.get("name", "")
    raw_id = element.get("id")
    if raw_id is not None and _whole(raw_id) is None:
        problems.add(
            f"an object ({clip(name) or 'unnamed'}) has the id {_shown(raw_id)}, not a whole "
            "number of at most 15 digits; re-save the map"
        )
        return
    problem = object_problem(element.attrib) or _points_problem(element)
    if problem:
        problems.add_for(_whole(raw_id) or 0, name, problem)


def _points_problem(element: ElementTree.Element) -> str | None:
    for shape in ("polygon", "polyline"):
        found = element.find(shape)
        points = (found.get("points") or "").count(",") if found is not None else 0  # "x,y x,y"
        if points > MAX_POLYGON_POINTS:
            return (
                f"its {shape} has {points:,} points; a {shape} has at most {MAX_POLYGON_POINTS:,}"
            )
    return None
