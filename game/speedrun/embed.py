"""A map carried inside its replay (`replay record --embed-map`), so a moderator can verify a
run on a map nobody else has.

The bundle holds what the simulation needs to load the run's map: the .tmx (every map of a
chained run, each named `<map id>.tmx`), its external .tsx tilesets (their tile properties
give the tile flags) and the .tx templates its objects use, every reference in them rewritten
to a plain file name beside the map. Pictures are not carried: the simulation never looks at
them. Each picture a tileset names is listed with no bytes, and a blank stand-in is written in
its place on extraction, because the loader checks that a tileset's picture is there.

Raw bundle layout (zlib'd as the replay's MAPS section, see game/speedrun/replay.py): a
varint count, then per file a varint name length, the UTF-8 name, a varint data length and
the data. The first .tmx is the map the run starts on.

A replay may come from anyone, so a bundle is refused with one line when a name is not a
plain file name of a known kind (.tmx, .tsx, .tx, .png), when it is too large, when a file is
not UTF-8 text or declares a DOCTYPE or entity (Tiled never writes one), or when it holds no
map. It is only ever written into a new, empty temporary folder, by exclusive creation, and
the map loaded from there passes every check any map passes (game/level/precheck.py).
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import struct
import tempfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from xml.etree import ElementTree

from game.files import MIB
from game.level.assets import file_name, resolve_reference
from game.level.limits import MAX_TEMPLATE_BYTES, MAX_TILESET_BYTES, read_xml
from game.speedrun.varint import ByteReader, put_varint

MAX_BUNDLE_BYTES = 8 * MIB  # all the files, uncompressed; the great mine is 43 KB
MAX_BUNDLE_FILES = 128
MAX_NAME_CHARS = 100
KINDS = (".tmx", ".tsx", ".tx", ".png")
# A plain file name: no folder separators, drive letters, wildcards or control characters,
# not hidden, never ".." (checked apart), valid on every system the game runs on.
_PLAIN = re.compile(r"[^./\\:*?\"<>|\x00-\x1f\s][^/\\:*?\"<>|\x00-\x1f]*")
_FORBIDDEN = ("<!DOCTYPE", "<!ENTITY")


class EmbedError(ValueError):
    """The map cannot be embedded (a file it uses is missing, two files share a name)."""


# --- the bundle's bytes ----------------------------------------------------------------------
def encode_bundle(files: tuple[tuple[str, bytes], ...]) -> bytes:
    out = bytearray()
    put_varint(len(files), out)
    for name, data in files:
        raw = name.encode("utf-8")
        put_varint(len(raw), out)
        out += raw
        put_varint(len(data), out)
        out += data
    return bytes(out)


def decode_bundle(raw: bytes) -> tuple[tuple[str, bytes], ...]:
    """The bundle's files; ValueError (one line) for anything but a sound bundle."""
    if len(raw) > MAX_BUNDLE_BYTES:
        raise ValueError(f"the embedded map is over {MAX_BUNDLE_BYTES // MIB} MB")
    reader = ByteReader(
        raw, "the embedded map ends early", "the embedded map holds an overlong number"
    )
    count = reader.varint()
    if not 1 <= count <= MAX_BUNDLE_FILES:
        raise ValueError(f"the embedded map lists {count} files (1 to {MAX_BUNDLE_FILES})")
    files: list[tuple[str, bytes]] = []
    for _ in range(count):
        name_raw = reader.take(reader.varint())
        try:
            name = name_raw.decode("utf-8")
        except UnicodeDecodeError:
            raise ValueError("the embedded map names a file in broken text") from None
        files.append((check_name(name), reader.take(reader.varint())))
    if not reader.at_end:
        raise ValueError("unexpected bytes after the embedded map's files")
    check_files(files)
    return tuple(files)


def check_name(name: str) -> str:
    """`name` when it is a plain file name of a kind a bundle holds; ValueError otherwise."""
    plain = (
        0 < len(name) <= MAX_NAME_CHARS
        and _PLAIN.fullmatch(name) is not None
        and ".." not in name
        and os.path.splitext(name)[1].lower() in KINDS
    )
    if not plain:
        raise ValueError(f"the embedded map holds a file named {name[:40]!r}, not a plain name")
    return name


def check_files(files: list[tuple[str, bytes]]) -> None:
    """No name twice (in any letter case), a map first among the maps, only text that a
    Tiled file can be, and no picture with bytes (they are never carried)."""
    seen: set[str] = set()
    for name, data in files:
        if name.lower() in seen:
            raise ValueError(f"the embedded map holds two files named {name!r}")
        seen.add(name.lower())
        if name.lower().endswith(".png"):
            if data:
                raise ValueError(f"the embedded map carries a picture ({name!r}); it never should")
            continue
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            raise ValueError(f"the embedded file {name!r} is not UTF-8 text") from None
        if any(word in text for word in _FORBIDDEN):
            raise ValueError(f"the embedded file {name!r} declares a DOCTYPE or entity; refused")
    if not any(name.lower().endswith(".tmx") for name, _ in files):
        raise ValueError("the embedded map holds no .tmx map")


# --- extracting -------------------------------------------------------------------------------
# A 1x1 grey PNG: the stand-in for every picture (the loader checks one is there; the
# simulation never looks at it).
_STAND_IN_PNG = (
    b"\x89PNG\r\n\x1a\n"
    + struct.pack(">I", 13)
    + b"IHDR"
    + struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    + struct.pack(">I", zlib.crc32(b"IHDR" + struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)))
    + struct.pack(">I", len(zlib.compress(b"\x00\x80")))
    + b"IDAT"
    + zlib.compress(b"\x00\x80")
    + struct.pack(">I", zlib.crc32(b"IDAT" + zlib.compress(b"\x00\x80")))
    + struct.pack(">I", 0)
    + b"IEND"
    + struct.pack(">I", zlib.crc32(b"IEND"))
)


@contextlib.contextmanager
def extracted(files: tuple[tuple[str, bytes], ...]) -> Iterator[Path]:
    """The bundle written into a fresh temporary folder, removed afterwards; yields the path
    of its first map. Names are checked again here: nothing is written outside the folder."""
    folder = tempfile.mkdtemp(prefix="gmr-embedded-")
    try:
        first = None
        for name, data in files:
            check_name(name)
            target = os.path.join(folder, name)
            with open(target, "xb") as out:  # exclusive: never through an existing file
                out.write(data if data or not name.lower().endswith(".png") else _STAND_IN_PNG)
            if first is None and name.lower().endswith(".tmx"):
                first = Path(target)
        if first is None:
            raise ValueError("the embedded map holds no .tmx map")
        yield first
    finally:
        shutil.rmtree(folder, ignore_errors=True)


# --- gathering -------------------------------------------------------------------------------
class _Bundle:
    """Files by plain name; two different files under one name cannot both go in."""

    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}

    def add(self, name: str, data: bytes, origin: str) -> None:
        try:
            check_name(name)
        except ValueError:
            raise EmbedError(f"{origin}: the file name {name!r} cannot be embedded") from None
        known = self.files.get(name)
        if known is not None and known != data:
            raise EmbedError(
                f"{origin}: two different files are both named {name!r}; rename one to embed "
                "the map"
            )
        self.files[name] = data


def _xml(root: ElementTree.Element) -> bytes:
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ElementTree.tostring(root) + b"\n"


def _images(element: ElementTree.Element, bundle: _Bundle, origin: str) -> None:
    for image in element.iter("image"):
        source = image.get("source")
        if source:
            name = file_name(source)
            bundle.add(name, b"", origin)
            image.set("source", name)


def _tilesets(root: ElementTree.Element, folder: str, bundle: _Bundle, origin: str) -> None:
    for tileset in root.findall("tileset"):
        source = tileset.get("source")
        if not source:
            _images(tileset, bundle, origin)
            continue
        full = os.path.abspath(resolve_reference("tileset", source, folder))
        tsx = read_xml(full, MAX_TILESET_BYTES, "tileset")
        _images(tsx, bundle, full)
        name = file_name(source)
        bundle.add(name, _xml(tsx), full)
        tileset.set("source", name)


def _templates(root: ElementTree.Element, folder: str, bundle: _Bundle) -> None:
    for element in root.iter("object"):
        source = element.get("template")
        if not source:
            continue
        full = os.path.abspath(resolve_reference("template", source, folder))
        template = read_xml(full, MAX_TEMPLATE_BYTES, "template")
        _tilesets(template, os.path.dirname(full), bundle, full)  # a tile object's tileset
        name = file_name(source)
        bundle.add(name, _xml(template), full)
        element.set("template", name)


def _next_map(root: ElementTree.Element, name: str | None) -> None:
    """Point a chained map's `next_map` at the next map's plain name in the bundle."""
    for prop in root.findall("properties/property"):
        if prop.get("name") == "next_map":
            if name is None:
                continue
            if prop.get("value") is not None:
                prop.set("value", name)
            else:
                prop.text = name


def gather(map_paths: list[str]) -> tuple[tuple[str, bytes], ...]:
    """The bundle of the run over `map_paths` (one map, or a chain in order). Raises
    EmbedError, or the file gate's errors (ValueErrors) for a file that cannot be read."""
    from game.level.limits import MAX_MAP_BYTES

    bundle = _Bundle()
    maps: list[tuple[str, bytes]] = []
    names = [Path(path).stem + ".tmx" for path in map_paths]
    for index, path in enumerate(map_paths):
        folder = os.path.dirname(os.path.abspath(path))
        root = read_xml(path, MAX_MAP_BYTES, "map")
        _tilesets(root, folder, bundle, path)
        _templates(root, folder, bundle)
        _next_map(root, names[index + 1] if index + 1 < len(names) else None)
        maps.append((names[index], _xml(root)))
    for name, data in maps:
        bundle.add(name, data, name)
    ordered = maps + [(n, d) for n, d in bundle.files.items() if n not in dict(maps)]
    size = sum(len(name) + len(data) + 10 for name, data in ordered)
    if size > MAX_BUNDLE_BYTES:
        raise EmbedError(
            f"{map_paths[0]}: the map and its files are {size:,} bytes; a replay carries at "
            f"most {MAX_BUNDLE_BYTES:,}"
        )
    files = tuple(ordered)
    check_files(list(files))
    return files


def is_shipped(map_path: str | os.PathLike) -> bool:
    """Whether the map is one of the game's own (in its maps folder): those are never
    embedded automatically, since every copy of the game has them."""
    from game.level.assets import ROOT

    try:
        return Path(map_path).resolve().parent == (ROOT / "maps").resolve()
    except OSError:
        return False


# --- loading ---------------------------------------------------------------------------------
def check_references(files: tuple[tuple[str, bytes], ...]) -> None:
    """Every file a bundled map, tileset or template points at (a tileset, a template, a
    picture, the next map of a chain) is another file of the bundle, by its plain name: a
    carried map never reads anything of the verifying machine. ValueError otherwise."""
    from game.files import UnreadableFile, parse_xml
    from game.level.limits import MAX_XML_TAGS

    names = {name for name, _ in files}
    for name, data in files:
        if name.lower().endswith(".png"):
            continue
        try:
            root = parse_xml(data, name, max_tags=MAX_XML_TAGS, what="embedded file")
        except UnreadableFile as error:
            raise ValueError(str(error)) from None
        for element in root.iter():
            pointed = [element.get("source"), element.get("template")]
            if element.tag == "property" and element.get("name") == "next_map":
                pointed.append(element.get("value") or element.text)
            for target in pointed:
                if target is not None and target not in names:
                    raise ValueError(
                        f"{name} refers to {target[:60]!r}, which is not in the embedded map"
                    )


def load_embedded(files: tuple[tuple[str, bytes], ...], chain: bool, source: str):
    """The level of an embedded map (a chained run: the whole chain) and, for a chain, each
    map's (id, digest) as `digest.chain_digests` gives them; both are taken while the files
    exist. Raises MapError naming `source` (the replay) for a bundle that is not a usable
    map: it passes exactly the checks any map passes."""
    from game.level.model import MapError
    from game.speedrun.digest import chain_digests

    folder = ""
    try:
        check_references(files)
        with extracted(files) as first:
            folder = str(first.parent) + os.sep
            if chain:
                from game.level.chain import load_run

                level = load_run(first)
            else:
                from game.level.tiled import load_level

                level = load_level(first)
            return level, chain_digests(level)
    except MapError as error:
        # the temporary folder means nothing to the reader: name the files alone
        problem = error.line().replace(folder, "") if folder else error.line()
        raise MapError(source, f"embedded map: {problem}") from None
    except (ValueError, OSError) as error:
        raise MapError(source, f"embedded map: {error}") from None


def bundle_digest(files: tuple[tuple[str, bytes], ...], chain: bool) -> str:
    """The map digest of the level the bundle loads as (a chain: the stitched run's)."""
    from game.speedrun.digest import map_digest

    level, _ = load_embedded(files, chain, "embedded map")
    return map_digest(level)
