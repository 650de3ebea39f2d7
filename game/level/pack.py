"""`python -m game pack MAP.tmx -o DIR`: a map made self-contained, to share or to move.

DIR gets the map, its external tilesets and their pictures beside it, its templates in
DIR/templates/, and its demo in DIR/demos/<stem>.inputs when the map has one beside it
(demos/<stem>.inputs next to the map). Every `source` in the copies points at the local copy.
The map must load (its problems are reported first, as by `check`). DIR must be new, empty,
or hold only the files this same pack writes (packing again over an earlier pack of the map).
"""

from __future__ import annotations

import os
from pathlib import Path
from xml.etree import ElementTree

from game.files import atomic_write, read_bytes
from game.level.assets import file_name, find_shipped
from game.level.limits import (
    MAX_IMAGE_BYTES,
    MAX_MAP_BYTES,
    MAX_TEMPLATE_BYTES,
    MAX_TILESET_BYTES,
    read_xml,
)

MAX_DEMO_BYTES = 16 * 1024 * 1024
TEMPLATES = "templates"


class _Pack:
    """The files of one pack: relative path in DIR -> bytes, with where each came from."""

    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}
        self.origin: dict[str, str] = {}

    def add(self, name: str, data: bytes, origin: str) -> None:
        known = self.origin.get(name)
        if known is not None and known != origin:
            raise ValueError(
                f"two different files are both named {name!r} ({known} and {origin}); rename "
                "one to pack the map"
            )
        self.files[name] = data
        self.origin[name] = origin


def _resolve(kind: str, source: str, folder: str) -> str:
    """Where a reference from a file in `folder` points, the game's own copy as a fallback."""
    shipped = find_shipped(kind, source, folder)
    return str(shipped) if shipped is not None else os.path.join(folder, source)


def _xml(root: ElementTree.Element) -> bytes:
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ElementTree.tostring(root) + b"\n"


def _pack_images(tileset: ElementTree.Element, folder: str, prefix: str, pack: _Pack) -> None:
    """Copy the tileset's pictures beside the map; `prefix` leads from the tileset's file to
    the map's folder ("" for a .tsx or embedded tileset beside the map)."""
    for image in tileset.iter("image"):
        source = image.get("source")
        if not source:
            continue
        full = os.path.abspath(_resolve("image", source, folder))
        name = file_name(source)
        pack.add(name, read_bytes(full, MAX_IMAGE_BYTES, "tileset image"), full)
        image.set("source", prefix + name)


def _pack_tilesets(root: ElementTree.Element, folder: str, prefix: str, pack: _Pack) -> None:
    for tileset in root.findall("tileset"):
        source = tileset.get("source")
        if not source:
            _pack_images(tileset, folder, prefix, pack)
            continue
        full = os.path.abspath(_resolve("tileset", source, folder))
        tsx = read_xml(full, MAX_TILESET_BYTES, "tileset")
        _pack_images(tsx, os.path.dirname(full), "", pack)
        name = file_name(source)
        pack.add(name, _xml(tsx), full)
        tileset.set("source", prefix + name)


def _pack_templates(root: ElementTree.Element, folder: str, pack: _Pack) -> None:
    for element in root.iter("object"):
        source = element.get("template")
        if not source:
            continue
        full = os.path.abspath(_resolve("template", source, folder))
        name = file_name(source)
        template = read_xml(full, MAX_TEMPLATE_BYTES, "template")
        _pack_tilesets(template, os.path.dirname(full), "../", pack)  # a tile object's tileset
        pack.add(f"{TEMPLATES}/{name}", _xml(template), full)
        element.set("template", f"{TEMPLATES}/{name}")


def plan_pack(map_path: str) -> dict[str, bytes]:
    """Every file of the pack of `map_path`: relative path -> contents. Raises `MapError` for a
    map that does not load, `UnreadableFile`/`MissingFile` (ValueErrors) for a file it uses."""
    from game.level.tiled import load_level

    load_level(map_path)  # a broken map is reported as `check` would, not packed
    folder = os.path.dirname(map_path)
    root = read_xml(map_path, MAX_MAP_BYTES, "map")
    pack = _Pack()
    _pack_tilesets(root, folder, "", pack)
    _pack_templates(root, folder, pack)
    stem = Path(map_path).stem
    pack.add(Path(map_path).name, _xml(root), os.path.abspath(map_path))
    demo = Path(folder) / "demos" / f"{stem}.inputs"
    if demo.is_file():
        pack.add(f"demos/{stem}.inputs", read_bytes(demo, MAX_DEMO_BYTES, "demo"), str(demo))
    return pack.files


def _check_target(out_dir: Path, names: set[str]) -> None:
    """DIR may be new, empty, or an earlier pack of the same map (only files it writes)."""
    if not out_dir.exists():
        return
    if not out_dir.is_dir():
        raise ValueError(f"{out_dir}: not a folder")
    there = {
        Path(folder, name).relative_to(out_dir).as_posix()
        for folder, _, found in os.walk(out_dir)
        for name in found
    }
    strangers = sorted(there - names)
    if strangers:
        raise ValueError(
            f"{out_dir}: not empty ({strangers[0]} is not part of this pack); pack into a new "
            "or empty folder"
        )


def pack_map(map_path: str, out_dir: str) -> list[Path]:
    """Write the pack of `map_path` into `out_dir`; the paths written, the map last."""
    if not map_path.lower().endswith(".tmx"):
        raise ValueError(f"{map_path}: a map to pack is a .tmx file")
    if not Path(map_path).is_file():
        raise ValueError(f"{map_path}: no such map file")
    target = Path(out_dir)
    if target.exists() and not target.is_dir():
        raise ValueError(f"{out_dir}: not a folder")
    files = plan_pack(map_path)
    _check_target(target, set(files))
    map_name = Path(map_path).name
    written = []
    for name in sorted(files, key=lambda n: n == map_name):  # the map last: it needs the rest
        written.append(atomic_write(target / name, files[name]))
    return written
