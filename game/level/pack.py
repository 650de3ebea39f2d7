"""`python -m game pack MAP.tmx -o DIR`: a map made self-contained, to share or to move.

DIR gets the map, its external tilesets and their pictures beside it, its templates in
DIR/templates/, and its demo in DIR/demos/<stem>.inputs when the map has one beside it
(demos/<stem>.inputs next to the map). Every `source` and `template` path in the copies
points at the local copy; nothing else in them changes, byte for byte (comments, attribute
order, layout: the designer's files stay theirs).
The map must load (its problems are reported first, as by `check`). DIR must be new, empty,
or hold only the files this same pack writes (packing again over an earlier pack of the map),
and never the map's own folder.
"""

from __future__ import annotations

import os
from pathlib import Path
from xml.etree import ElementTree

from game.files import atomic_write, parse_xml, read_bytes
from game.level.assets import file_name, resolve_reference
from game.level.limits import (
    MAX_IMAGE_BYTES,
    MAX_MAP_BYTES,
    MAX_TEMPLATE_BYTES,
    MAX_TILESET_BYTES,
    MAX_XML_TAGS,
)
from game.level.xml_edit import NotRewritable, rewrite_attributes

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


class _XmlFile:
    """A map, tileset or template to copy: its bytes, its tree, and the paths to point at the
    pack's copies. Only those attribute values change: the designer's comments, attribute
    order and layout are kept byte for byte (game/level/xml_edit.py)."""

    def __init__(self, path: str, limit: int, what: str):
        self.path = os.path.abspath(path)
        self.data = read_bytes(path, limit, what)
        self.root = parse_xml(self.data, path, max_tags=MAX_XML_TAGS, what=what)
        self.changes: dict[ElementTree.Element, dict[str, str]] = {}

    def point(self, element: ElementTree.Element, attribute: str, value: str) -> None:
        self.changes.setdefault(element, {})[attribute] = value

    def packed(self) -> bytes:
        try:
            return rewrite_attributes(self.data, self.root, self.changes)
        except NotRewritable:  # not UTF-8: written anew, the same tree with the new paths
            for element, values in self.changes.items():
                for attribute, value in values.items():
                    element.set(attribute, value)
            return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ElementTree.tostring(self.root)


def _pack_images(
    tileset: ElementTree.Element, owner: _XmlFile, folder: str, prefix: str, pack: _Pack
) -> None:
    """Copy the tileset's pictures beside the map; `prefix` leads from the file holding the
    tileset (`owner`) to the map's folder ("" for a .tsx or embedded tileset beside the map)."""
    for image in tileset.iter("image"):
        source = image.get("source")
        if not source:
            continue
        full = os.path.abspath(resolve_reference("image", source, folder))
        name = file_name(source)
        pack.add(name, read_bytes(full, MAX_IMAGE_BYTES, "tileset image"), full)
        owner.point(image, "source", prefix + name)


def _pack_tilesets(owner: _XmlFile, folder: str, prefix: str, pack: _Pack) -> None:
    for tileset in owner.root.findall("tileset"):
        source = tileset.get("source")
        if not source:
            _pack_images(tileset, owner, folder, prefix, pack)
            continue
        tsx = _XmlFile(resolve_reference("tileset", source, folder), MAX_TILESET_BYTES, "tileset")
        _pack_images(tsx.root, tsx, os.path.dirname(tsx.path), "", pack)
        name = file_name(source)
        pack.add(name, tsx.packed(), tsx.path)
        owner.point(tileset, "source", prefix + name)


def _pack_templates(owner: _XmlFile, folder: str, pack: _Pack) -> None:
    for element in owner.root.iter("object"):
        source = element.get("template")
        if not source:
            continue
        name = file_name(source)
        template = _XmlFile(
            resolve_reference("template", source, folder), MAX_TEMPLATE_BYTES, "template"
        )
        # a tile object's tileset, found from the template's folder
        _pack_tilesets(template, os.path.dirname(template.path), "../", pack)
        pack.add(f"{TEMPLATES}/{name}", template.packed(), template.path)
        owner.point(element, "template", f"{TEMPLATES}/{name}")


def plan_pack(map_path: str) -> dict[str, bytes]:
    """Every file of the pack of `map_path`: relative path -> contents. Raises `MapError` for a
    map that does not load, `UnreadableFile`/`MissingFile` (ValueErrors) for a file it uses."""
    from game.level.tiled import load_level

    load_level(map_path)  # a broken map is reported as `check` would, not packed
    folder = os.path.dirname(map_path)
    tmx = _XmlFile(map_path, MAX_MAP_BYTES, "map")
    pack = _Pack()
    _pack_tilesets(tmx, folder, "", pack)
    _pack_templates(tmx, folder, pack)
    stem = Path(map_path).stem
    pack.add(Path(map_path).name, tmx.packed(), tmx.path)
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


def _same_folder(one: Path, other: Path) -> bool:
    try:
        return os.path.samefile(one, other)
    except OSError:  # `one` does not exist yet (a new folder)
        return False


def pack_map(map_path: str, out_dir: str) -> list[Path]:
    """Write the pack of `map_path` into `out_dir`; the paths written, the map last."""
    if not map_path.lower().endswith(".tmx"):
        raise ValueError(f"{map_path}: a map to pack is a .tmx file")
    if not Path(map_path).is_file():
        raise ValueError(f"{map_path}: no such map file")
    target = Path(out_dir)
    if target.exists() and not target.is_dir():
        raise ValueError(f"{out_dir}: not a folder")
    if _same_folder(target, Path(map_path).parent):
        # Every file there would be taken for an earlier pack, and the map rewritten in place.
        raise ValueError(
            f"{out_dir}: this is the folder the map is in, and packing there would rewrite "
            "the map itself; pack into a new or empty folder"
        )
    files = plan_pack(map_path)
    _check_target(target, set(files))
    map_name = Path(map_path).name
    written = []
    for name in sorted(files, key=lambda n: n == map_name):  # the map last: it needs the rest
        written.append(atomic_write(target / name, files[name]))
    return written
