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


def use_shipped(kind: str, source: str, map_dir: str | os.PathLike, map_path: str) -> str | None:
    """`find_shipped`, noting the fallback for `map_path`; the found path (absolute) or None."""
    found = find_shipped(kind, source, map_dir)
    if found is None:
        return None
    note(
        map_path,
        f"{kind} '{file_name(source)}' not found at {source[:80]}; using the game's own (save "
        "the map beside the game's maps folder or run 'python -m game pack' to make it "
        "self-contained)",
    )
    return str(found)


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
