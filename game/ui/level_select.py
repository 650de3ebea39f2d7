"""The title screen's list of maps: the shipped ones and every map in the user's maps folder.

The names come straight from each file's map properties (a few milliseconds of XML for all of
them), so the list is on screen at once however many maps a player collects. The levels
themselves load one per tick after that, the selected one first; a map that does not load
stays in the list, greyed, with the checker's first line, and cannot be started.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from xml.etree import ElementTree

import pygame

from game.level.model import Level, MapError
from game.level.properties import map_title
from game.level.tiled import load_level
from game.render.colours import DIM, GOLD, INK, WHITE
from game.render.text import font

SHIPPED, USER, GIVEN = "shipped", "user", "given"  # where a map came from
USER_MARK = "your map"
GIVEN_MARK = "command line"
DEMO_FOLDER = "demos"  # a map's demo is demos/<stem>.inputs beside it
ROW_H = 13
BROKEN = (120, 112, 104)  # greyed: listed but not playable
BROKEN_WHY = (214, 112, 96)  # the checker's line beside it, red but not alarm-red
PANEL = (8, 5, 6, 170)
PANEL_EDGE = (90, 70, 52)
HIGHLIGHT = (255, 206, 92, 40)


@dataclass
class MapEntry:
    path: Path
    kind: str  # SHIPPED, USER or GIVEN (a map named on the command line)
    name: str  # the map's display name
    level: Level | None = None
    error: str = ""  # why it did not load: the checker's first line, without the folders
    tried: bool = False  # a load was attempted (the level or the error is known)

    @property
    def key(self) -> str:
        """How the settings remember it: "shipped:great_mine.tmx", "user:cave.tmx"."""
        return f"{self.kind}:{self.path.name}" if self.kind != GIVEN else ""

    @property
    def broken(self) -> bool:
        return self.tried and self.level is None

    @property
    def demo_path(self) -> Path:
        return self.path.parent / DEMO_FOLDER / f"{self.path.stem}.inputs"


def read_map_name(path: Path) -> str:
    """The map's `name` property, read from the XML without loading the level; the file
    name made readable when there is none (or the file is not a map at all)."""
    fallback = map_title(path.stem)
    depth = 0
    try:
        for event, element in ElementTree.iterparse(path, events=("start", "end")):
            if event == "start":
                depth += 1
                # The map's own properties come first; a tileset's tiles have names too.
                if depth == 2 and element.tag != "properties":
                    break
                continue
            depth -= 1
            if depth == 2 and element.tag == "property" and element.get("name") == "name":
                return element.get("value", element.text or "").strip() or fallback
    except (OSError, ElementTree.ParseError, UnicodeDecodeError):
        pass
    return fallback


def _maps_in(folder: Path) -> list[Path]:
    """The .tmx files directly in `folder`, by name; none when it is missing or unreadable."""
    try:
        found = [p for p in folder.iterdir() if p.suffix.lower() == ".tmx" and p.is_file()]
    except OSError:
        return []
    return sorted(found, key=lambda p: p.name.lower())


def find_maps(shipped: Path, user: Path | None) -> list[MapEntry]:
    """Shipped maps first, then the user's, each named from its own properties."""
    entries = [MapEntry(p, SHIPPED, read_map_name(p)) for p in _maps_in(shipped)]
    if user is not None:
        entries += [MapEntry(p, USER, read_map_name(p)) for p in _maps_in(user)]
    return entries


def _first_problem(path: Path, error: Exception) -> str:
    """The line to show in the list: the checker's message, the folders left out (the row
    already says which map it is)."""
    line = error.line() if isinstance(error, MapError) else f"{path}: {error}"
    line = line.splitlines()[0] if line else type(error).__name__
    for prefix in (f"{os.fspath(path)}: ", f"{path.name}: "):
        if line.startswith(prefix):
            return line[len(prefix) :]
    return line


class MapList:
    """The maps and which one is selected. `load` turns a path into a Level (the game's
    loader; tests pass their own); `user_folder` is where players put their own maps."""

    def __init__(
        self,
        entries: list[MapEntry],
        selected_key: str = "",
        load: Callable[[str], Level] = load_level,
        user_folder: Path | None = None,
    ):
        self.entries = entries
        self.load = load
        self.user_folder = user_folder
        self.index = 0
        for i, entry in enumerate(entries):
            if entry.key and entry.key == selected_key:
                self.index = i
                break

    @property
    def selected(self) -> MapEntry | None:
        return self.entries[self.index] if self.entries else None

    def move(self, step: int) -> bool:
        """Select the next (+1) or previous (-1) map; False at either end."""
        index = max(0, min(len(self.entries) - 1, self.index + step))
        moved = index != self.index
        self.index = index
        return moved

    def select_path(self, path: Path, level: Level | None = None) -> MapEntry:
        """Select the map at `path`, adding it (as a command-line map) when it is in neither
        folder. A level already in hand saves loading it again."""
        wanted = _same_file_key(path)
        for i, entry in enumerate(self.entries):
            if _same_file_key(entry.path) == wanted:
                self.index = i
                break
        else:
            self.entries.insert(0, MapEntry(path, GIVEN, read_map_name(path)))
            self.index = 0
        entry = self.entries[self.index]
        if level is not None and not entry.tried:
            entry.level, entry.tried = level, True
        return entry

    def ensure_loaded(self, entry: MapEntry) -> MapEntry:
        if entry.tried:
            return entry
        entry.tried = True
        try:
            entry.level = self.load(str(entry.path))
        except Exception as error:  # noqa: BLE001 - a player's file must never take the title down
            entry.level, entry.error = None, _first_problem(entry.path, error)
        else:
            entry.name = entry.level.name or entry.name
        return entry

    def load_next(self) -> bool:
        """Load one map not yet tried (the selected first). True if there was one."""
        order = [self.selected] + self.entries if self.entries else []
        for entry in order:
            if entry is not None and not entry.tried:
                self.ensure_loaded(entry)
                return True
        return False


def folder_for_display(folder: Path) -> str:
    """The folder as a player would type it: the home folder shortened to ~."""
    try:
        return "~" + os.sep + os.fspath(folder.relative_to(Path.home()))
    except (ValueError, RuntimeError):
        return os.fspath(folder)


def _same_file_key(path: Path) -> str:
    try:
        return os.path.normcase(os.fspath(Path(path).resolve()))
    except OSError:
        return os.fspath(path)


def visible_rows(maps: MapList, rows: int) -> tuple[int, int]:
    """The slice of entries a list of `rows` rows shows: the selection kept near the middle."""
    first = max(0, min(maps.index - rows // 2, len(maps.entries) - rows))
    return first, min(len(maps.entries), first + rows)


def draw_map_list(
    canvas: pygame.Surface, maps: MapList, top: int, rows: int, marker_on: bool = True
) -> pygame.Rect:
    """The list, centred, at most `rows` rows, scrolled to keep the selection in view. A map
    that does not load is greyed with the checker's first line beside it. Returns the area
    drawn."""
    face = font(1)
    width = canvas.get_width()
    first, last = visible_rows(maps, rows)
    shown = maps.entries[first:last]
    widest = max((_row_width(face, e) for e in maps.entries), default=0)
    column = min(width - 48, widest + 16)
    left = (width - column) // 2
    area = pygame.Rect(left - 8, top - 4, column + 16, ROW_H * max(1, len(shown)) + 6)
    canvas.blit(_panel(area.size, PANEL), area)
    pygame.draw.rect(canvas, PANEL_EDGE, area, 1)
    for i, entry in enumerate(shown):
        y = top + i * ROW_H
        chosen = entry is maps.selected
        colour = BROKEN if entry.broken else GOLD if chosen else WHITE
        if chosen:
            canvas.blit(_panel((area.w - 2, ROW_H), HIGHLIGHT), (area.x + 1, y - 2))
            if marker_on:
                face.draw(canvas, ">", (left, y), GOLD, outline=INK)
        x = face.draw(canvas, entry.name, (left + 12, y), colour, outline=INK).right + 8
        mark = _mark(entry)
        if mark:
            mark = _fit(face, mark, area.right - 8 - x)
            face.draw(canvas, mark, (x, y), BROKEN_WHY if entry.broken else DIM, outline=INK)
    if first > 0:
        face.draw(canvas, "^", (area.right - 10, top), DIM, outline=INK)
    if last < len(maps.entries):
        face.draw(canvas, "v", (area.right - 10, area.bottom - ROW_H), DIM, outline=INK)
    return area


@lru_cache(maxsize=16)
def _panel(size: tuple[int, int], rgba: tuple[int, int, int, int]) -> pygame.Surface:
    panel = pygame.Surface(size, pygame.SRCALPHA)
    panel.fill(rgba)
    return panel


def _mark(entry: MapEntry) -> str:
    if entry.broken:
        return entry.error or "does not load"
    if entry.kind == USER:
        return f"({USER_MARK})"
    if entry.kind == GIVEN:
        return f"({GIVEN_MARK})"
    return ""


def _row_width(face, entry: MapEntry) -> int:
    return face.size(entry.name)[0] + 8 + face.size(_mark(entry) or f"({USER_MARK})")[0] + 12


def _fit(face, text: str, width: int) -> str:
    """`text` cut to `width` pixels, with an ellipsis when it had to be cut."""
    if face.size(text)[0] <= width:
        return text
    while text and face.size(text + "...")[0] > width:
        text = text[:-1]
    return text.rstrip() + "..."
