"""Maps that travel: the game's own tileset, tile pictures and templates, found by file name.

A map saved in `maps/` points at `../assets/tiles/mine_tiles.tsx` and `templates/spawn.tx`;
moved to the user maps folder, those relative paths lead nowhere. When a path does not resolve
next to the map but the game ships a file of the same name, that file is used, and a note
(never a problem: the map still loads exactly as from `maps/`) is given to whoever listens
(`check` prints it). `python -m game pack` makes a map self-contained instead.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from pathlib import Path
from xml.etree import ElementTree

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = {
    "tileset": ROOT / "assets" / "tiles",
    "image": ROOT / "assets" / "tiles",
    "template": ROOT / "maps" / "templates",
}

_note_sink: ContextVar[Callable[[str], None] | None] = ContextVar("_note_sink", default=None)


def file_name(source: str) -> str:
    """The last part of a path as Tiled writes it (forward slashes; backslashes tolerated)."""
    return source.replace("\\", "/").rstrip("/").rpartition("/")[2]


def find_shipped(kind: str, relative_source: str, map_dir: str | os.PathLike) -> Path | None:
    """The game's own file for a `kind` ("tileset", "image" or "template") reference that does
    not resolve relative to `map_dir`; None when it does resolve, or the game has no such file
    (the caller then reports the path as written)."""
    if not relative_source or os.path.exists(os.path.join(map_dir, relative_source)):
        return None
    name = file_name(relative_source)
    if name in ("", ".", ".."):
        return None
    shipped = SHIPPED[kind] / name
    return shipped if os.path.isfile(shipped) else None  # never raises (a name too long)


def resolve_reference(kind: str, source: str, folder: str) -> str:
    """Where a `kind` reference written in a file in `folder` points: relative to it, or the
    game's own file of that name when the relative path leads nowhere (`find_shipped`)."""
    shipped = find_shipped(kind, source, folder)
    return str(shipped) if shipped is not None else os.path.join(folder, source)


def use_shipped(kind: str, source: str, map_dir: str | os.PathLike, map_path: str) -> str | None:
    """`find_shipped`, noting the fallback for `map_path`; the found path (absolute) or None."""
    found = find_shipped(kind, source, map_dir)
    if found is None:
        return None
    stand_ins = _stand_ins.get()
    if stand_ins is None:  # nobody gathers them: a note of its own
        note(map_path, _stand_in_text([(kind, file_name(source), source)]))
    else:
        listed = stand_ins.setdefault(map_path, [])
        if not any(item[:2] == (kind, file_name(source)) for item in listed):
            listed.append((kind, file_name(source), source))
    return str(found)


_KIND_WORDS = {"tileset": "tilesets", "image": "pictures", "template": "templates"}
_stand_ins: ContextVar[dict[str, list[tuple[str, str, str]]] | None] = ContextVar(
    "_stand_ins", default=None
)


def _stand_in_text(items: list[tuple[str, str, str]]) -> str:
    """One note for every file of one map found by name: what stood in, one path as written."""
    groups = []
    for kind in _KIND_WORDS:
        names = [f"'{name}'" for k, name, _ in items if k == kind]
        if names:
            word = (
                ("picture" if kind == "image" else kind) if len(names) == 1 else _KIND_WORDS[kind]
            )
            groups.append(f"{word} {', '.join(names)}")
    listed = groups[0] if len(groups) == 1 else ", ".join(groups[:-1]) + " and " + groups[-1]
    first = items[0][2][:80]
    them = "it" if len(items) == 1 else "them"
    return (
        f"using the game's own {listed}, found by name: the map's path"
        f"{'' if len(items) == 1 else 's'} ({first}{'' if len(items) == 1 else ', ...'}) "
        f"lead{'s' if len(items) == 1 else ''} nowhere from the map's folder. Fine as it is: "
        f"the map plays the same. To carry {them} with the map, run 'python -m game pack'"
    )


@contextlib.contextmanager
def one_note_per_map() -> Iterator[None]:
    """Inside the block, the files each map gets from the game by name are gathered and noted
    in one line per map when the block ends (a moved map may use six of them)."""
    gathered: dict[str, list[tuple[str, str, str]]] = {}
    token = _stand_ins.set(gathered)
    try:
        yield
    finally:
        _stand_ins.reset(token)
        for map_path, items in gathered.items():
            note(map_path, _stand_in_text(items))


def inline_with_shipped_images(
    tileset: ElementTree.Element, tsx: ElementTree.Element, tsx_path: str, map_path: str
) -> bool:
    """A map's own `.tsx` (the map's `<tileset source>` is `tileset`, the file's root `tsx`)
    whose pictures are not where it says, but the game ships pictures of those names: the
    map's `<tileset>` becomes an embedded copy of the file, each picture's path absolute and
    the game's own for those that do not resolve (with a note). pytmx reads the .tsx from disk
    itself, so this copy is how it gets the fallback. False (nothing changed) when every
    picture resolves, or one is missing that the game does not ship either."""
    folder = os.path.dirname(tsx_path)
    images = [image for image in tsx.iter("image") if image.get("source")]
    shipped = {
        id(image): find_shipped("image", image.get("source", ""), folder) for image in images
    }
    if not any(shipped.values()):
        return False
    for image in images:
        source = image.get("source", "")
        found = shipped[id(image)]
        if found is not None:
            use_shipped("image", source, folder, map_path)  # the note
        image.set("source", str(found) if found else os.path.abspath(os.path.join(folder, source)))
    firstgid = tileset.get("firstgid")
    tileset.clear()  # attributes and children: the file's take their place
    tileset.attrib.update(tsx.attrib)
    if firstgid is not None:
        tileset.set("firstgid", firstgid)
    tileset.extend(list(tsx))
    return True


def note(map_path: str, message: str) -> None:
    """An informational line about a map: not a problem, it never makes `check` fail."""
    sink = _note_sink.get()
    if sink is not None:
        sink(f"{map_path}: note: {message}")


@contextlib.contextmanager
def notes_to(sink: Callable[[str], None]) -> Iterator[None]:
    """Send the notes of maps read inside the block to `sink` (by default they are dropped)."""
    token = _note_sink.set(sink)
    try:
        yield
    finally:
        _note_sink.reset(token)
