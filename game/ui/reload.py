"""Play and reload: `python -m game play MAP.tmx` notices when the designer saves the map (or
its tileset, a template or a tile image) and loads it again.

The files are polled by modification time and size every `POLL_SECONDS` of the app's clock,
which needs no file-watching dependency and catches a save within a second on every system.
A broken save does not stop the game: the checker's lines are shown in a box and the level
that loaded last stays playable until the next good save.
"""

from __future__ import annotations

import os
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pygame

from game.level.chain import MAX_MAPS as MAX_CHAIN_MAPS
from game.level.chain import load_run
from game.level.limits import MAX_MAP_BYTES, MAX_TEMPLATE_BYTES, MAX_TILESET_BYTES, read_xml
from game.level.model import Level, MapError
from game.level.tiled import load_level
from game.level.validate import check_map
from game.render.text import font

POLL_SECONDS = 0.25
MAX_ERROR_LINES = 8  # more would cover the level; the checker on the command line has them all
ERROR_TITLE = "THE MAP DID NOT LOAD - fix it and save again"

Signature = tuple[int, int] | None  # (mtime_ns, size), None while the file is missing
_XML_LIMITS = {".tsx": MAX_TILESET_BYTES, ".tx": MAX_TEMPLATE_BYTES}  # anything else: a map


def watched_files(map_path: str | os.PathLike) -> list[Path]:
    """The map and every file it pulls in: external tilesets, their images, templates.

    Found by reading the XML directly, so that a map whose level cannot load still tells us
    which files to keep watching. A file that is not XML (a half-written save) gives just
    itself."""
    map_path = Path(map_path)
    files = [map_path]
    seen = {map_path}  # a hostile map may refer to thousands of files: no list scans
    pending = [map_path]
    while pending:
        path = pending.pop()
        limit = _XML_LIMITS.get(path.suffix.lower(), MAX_MAP_BYTES)
        try:
            root = read_xml(path, limit, "map file")
        except ValueError:  # UnreadableFile, MissingFile: the loader says what is wrong
            continue
        for element in root.iter():
            reference = element.get("template") if element.tag == "object" else None
            if element.tag in ("tileset", "image"):
                reference = element.get("source")
            if not reference:
                continue
            try:
                found = (path.parent / reference).resolve()
            except (OSError, ValueError, RuntimeError):  # a NUL byte, a symlink loop
                continue
            if found not in seen:
                seen.add(found)
                files.append(found)
                if found.suffix.lower() in (".tsx", ".tx"):
                    pending.append(found)  # a tileset's image, a template's tileset
    return files


def chain_files(map_path: str | os.PathLike) -> list[Path]:
    """The maps of the run starting at `map_path`, following each map's `next_map` property
    as the XML says it (no level is loaded, so a broken map of the chain still names the next
    one); stops at a missing map or a loop, which the loader reports."""
    maps = [Path(map_path)]
    seen = {_resolved(maps[0])}
    while len(maps) < MAX_CHAIN_MAPS:
        following = _next_map_of(maps[-1])
        if following is None or _resolved(following) in seen:
            break
        seen.add(_resolved(following))
        maps.append(following)
    return maps


def _next_map_of(path: Path) -> Path | None:
    try:
        root = read_xml(path, MAX_MAP_BYTES, "map file")
    except ValueError:
        return None
    properties = root.find("properties")
    for prop in properties if properties is not None else ():
        if prop.get("name") == "next_map":
            value = (prop.get("value") or prop.text or "").strip()
            return path.parent / value if value else None
    return None


def _resolved(path: Path) -> str:
    try:
        return os.path.normcase(os.fspath(path.resolve()))
    except (OSError, RuntimeError, ValueError):
        return os.fspath(path)


def _signature(path: Path) -> Signature:
    try:
        stat = path.stat()
    except OSError:
        return None
    return stat.st_mtime_ns, stat.st_size


@dataclass(frozen=True)
class Reload:
    """What one poll found: a new `level`, or the `errors` that kept it from loading."""

    level: Level | None = None
    errors: tuple[str, ...] = ()


class MapWatcher:
    """Polls a map's files; `poll()` returns a `Reload` when they changed, else None. With
    `chain`, the run of the map and every map its `next_map` chain names (the Full Rescue):
    a save of any of them, or of their tilesets, reloads the whole run."""

    def __init__(
        self,
        map_path: str | os.PathLike,
        clock: Callable[[], float],
        load: Callable[[str], Level] | None = None,
        every: float = POLL_SECONDS,
        chain: bool = False,
    ):
        self.map_path = Path(map_path)
        self.clock = clock
        self.chain = chain
        self.load = load or (load_run if chain else load_level)
        self.every = every
        self.next_poll = clock() + every
        self.signatures = self._signatures()

    def _signatures(self) -> dict[Path, Signature]:
        maps = chain_files(self.map_path) if self.chain else [self.map_path]
        return {path: _signature(path) for map_path in maps for path in watched_files(map_path)}

    def poll(self) -> Reload | None:
        now = self.clock()
        if now < self.next_poll:
            return None
        self.next_poll = now + self.every
        signatures = self._signatures()
        if signatures == self.signatures:
            return None
        self.signatures = signatures
        return self.reload()

    def reload(self) -> Reload:
        try:
            return Reload(level=self.load(str(self.map_path)))
        except MapError as error:
            return Reload(errors=self._checker_lines(error))
        except OSError as error:
            return Reload(errors=(f"{self.map_path}: {error.strerror or error}",))

    def _checker_lines(self, error: MapError) -> tuple[str, ...]:
        """Every problem `python -m game check` would print, so one fix-and-save pass can
        address them all; at least the loader's own line."""
        where = Path(error.path) if self.chain and error.path else self.map_path
        try:
            lines = [problem.line() for problem in check_map(where)]
        except MapError:
            lines = []
        return tuple(lines or [error.line()])


def draw_reload_error(canvas: pygame.Surface, lines: tuple[str, ...]) -> pygame.Rect:
    """A dark box across the upper middle of the screen with the checker's lines, wrapped to
    fit. Returns the box, so tests can look inside it."""
    face = font(1)
    width = canvas.get_width() - 40
    chars = max(20, width // 6)  # the pixel font is about six pixels a character
    rows: list[tuple[str, tuple[int, int, int]]] = [(ERROR_TITLE, (255, 120, 96))]
    for line in lines[:MAX_ERROR_LINES]:
        for part in textwrap.wrap(_shorten_path(line), chars, subsequent_indent="  "):
            rows.append((part, (244, 240, 228)))
    if len(lines) > MAX_ERROR_LINES:
        rows.append((f"... and {len(lines) - MAX_ERROR_LINES} more", (178, 168, 150)))
    step = face.height + 3
    box = pygame.Rect(20, 44, width, 12 + step * len(rows))
    panel = pygame.Surface(box.size, pygame.SRCALPHA)
    panel.fill((16, 10, 10, 225))
    canvas.blit(panel, box)
    pygame.draw.rect(canvas, (255, 120, 96), box, 1)
    for i, (text, colour) in enumerate(rows):
        face.draw(canvas, text, (box.x + 8, box.y + 7 + i * step), colour)
    return box


def _shorten_path(line: str) -> str:
    """The file's name without its folders: the designer knows where the map is, and the long
    absolute path would push the message itself off the screen."""
    head, sep, rest = line.partition(": ")
    if sep and ("/" in head or "\\" in head):
        return f"{Path(head).name}: {rest}"
    return line
