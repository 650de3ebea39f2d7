"""The title screen's list of maps: the shipped ones and every map in the user's maps folder
(and in the folders directly inside it, where a packed map's folder goes).

The names come straight from each file's map properties (a few milliseconds of XML for all of
them, read through the file gate, game/files.py), so the list is on screen at once however
many maps a player collects, and no file in the folder can stop it: a map that is not XML, a
named pipe or `/dev/zero` saved as `x.tmx` is listed under its file name. The levels load
after that, the selected one first; a map that does not load stays in the list, greyed, with
the checker's first line, and cannot be started.

The game loads them on a background thread (`MapList(background=True)`): the loader is pure
Python and numpy and never touches pygame, and what it makes is handed over through `poll()`,
which the title calls each tick, so only the main thread ever changes an entry. A map that
takes longer than `LOAD_BUDGET_SECONDS` shows "still loading..." instead of freezing
anything. Without `background` the list loads synchronously (`load_next`, one map per call),
which is what the tests and capture runs use.
"""

from __future__ import annotations

import os
import stat
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from xml.etree import ElementTree

import pygame

from game import files
from game.level.chain import load_run
from game.level.model import Level, MapError
from game.level.properties import map_title
from game.level.tiled import load_level
from game.render.colours import DIM, GOLD, INK, WHITE
from game.render.text import font
from game.ui.reload import chain_files

SHIPPED, USER, GIVEN = "shipped", "user", "given"  # where a map came from
USER_MARK = "your map"
GIVEN_MARK = "command line"
LOADING_MARK = "still loading..."
CHAIN_MARK = "(full run)"  # a chain with no chain_name: its first map's name and this
CHAIN_KEY_SUFFIX = ":chain"  # settings: "shipped:boulder_town.tmx:chain"
CHAIN_DEMO_SUFFIX = ".chain"  # demos/boulder_town.chain.inputs
HEADER_PROPERTIES = ("name", "next_map", "chain_name")
DEMO_FOLDER = "demos"  # a map's demo is demos/<stem>.inputs beside it
ROW_H = 13
BROKEN = (120, 112, 104)  # greyed: listed but not playable
BROKEN_WHY = (214, 112, 96)  # the checker's line beside it, red but not alarm-red
PANEL = (8, 5, 6, 170)
PANEL_EDGE = (90, 70, 52)
HIGHLIGHT = (255, 206, 92, 40)
# A map's name sits in its first lines; the list reads at most this much of a file for it
# (the gate refuses a bigger file whole: such a map is named after its file until it loads).
NAME_READ_LIMIT = files.MIB
NAME_FEED_BYTES = 16 * files.KIB  # fed to the parser a piece at a time, to stop early
# The user folder's maps are listed with those one folder down (a pack copied in whole), in at
# most this many folders: a folder full of folders never slows the title.
USER_SUBFOLDERS = 64
# A background load taking longer than this shows "still loading..." in the list.
LOAD_BUDGET_SECONDS = 5.0


@dataclass
class MapEntry:
    path: Path
    kind: str  # SHIPPED, USER or GIVEN (a map named on the command line)
    name: str  # the map's display name
    level: Level | None = None
    error: str = ""  # why it did not load: the checker's first line, without the folders
    tried: bool = False  # a load was attempted (the level or the error is known)
    slow: bool = False  # loading in the background for longer than the budget
    # The run of this map and every map its `next_map` chain names (the Full Rescue), listed
    # right after the map alone; loaded with game.level.chain.load_run.
    chain: bool = False

    @property
    def key(self) -> str:
        """How the settings remember it: "shipped:great_mine.tmx", "user:cave.tmx";
        a chain "shipped:boulder_town.tmx:chain" (no file name ends so and is a map). A map in
        a folder inside the user folder is remembered by its file name too (the settings keep
        bare names only): of two with the same name, the title opens on the first."""
        if self.kind == GIVEN:
            return ""
        return f"{self.kind}:{self.path.name}" + (CHAIN_KEY_SUFFIX if self.chain else "")

    @property
    def broken(self) -> bool:
        return self.tried and self.level is None

    @property
    def demo_path(self) -> Path:
        """demos/<stem>.inputs beside the map; a chain's is demos/<first stem>.chain.inputs."""
        chained = CHAIN_DEMO_SUFFIX if self.chain else ""
        return self.path.parent / DEMO_FOLDER / f"{self.path.stem}{chained}.inputs"


def read_map_header(path: Path) -> dict[str, str]:
    """The map's own `name`, `next_map` and `chain_name` properties (those it has), read from
    the start of the file like `read_map_name`. Never raises: {} when there are none."""
    try:
        return _properties_in(files.read_bytes(path, NAME_READ_LIMIT, "map"), HEADER_PROPERTIES)
    except Exception:  # noqa: BLE001 - whatever the file holds, the list still shows it
        return {}


def read_map_name(path: Path) -> str:
    """The map's `name` property, read from the start of the file without loading the level;
    the file name made readable when there is none, or the file is not a map at all (not XML,
    an unknown encoding, too big, a FIFO or a device: the gate refuses those without waiting).
    Never raises."""
    try:
        fallback = map_title(Path(path).stem) or Path(path).name
    except Exception:  # noqa: BLE001 - a name is all this is for
        return str(path)
    try:
        return _name_in(files.read_bytes(path, NAME_READ_LIMIT, "map")) or fallback
    except Exception:  # noqa: BLE001 - whatever the file holds, the list still shows it
        return fallback


def _name_in(data: bytes) -> str:
    """The map's own `name` property from the XML in `data`, or "". Parsing stops at the first
    element after the map's properties (a tileset's tiles have names too)."""
    return _properties_in(data, ("name",), first_only=True).get("name", "")


def _properties_in(data: bytes, wanted: tuple[str, ...], first_only=False) -> dict[str, str]:
    """The map's own properties named in `wanted` (each stripped) from the XML in `data`;
    with `first_only`, stops at the first found."""
    parser = ElementTree.XMLPullParser(events=("start", "end"))
    depth = 0
    found: dict[str, str] = {}
    for start in range(0, len(data), NAME_FEED_BYTES):
        parser.feed(data[start : start + NAME_FEED_BYTES])
        for event, element in parser.read_events():
            if event == "start":
                depth += 1
                if depth == 2 and element.tag != "properties":
                    return found
                continue
            depth -= 1
            name = element.get("name")
            if depth == 2 and element.tag == "property" and name in wanted:
                found[name] = element.get("value", element.text or "").strip()
                if first_only:
                    return found
            if depth <= 1:
                return found  # the properties ended (or the map did)
    return found


def _not_a_file(path: Path) -> str:
    """Why `path` can be no map, told from its status alone (it is never opened, so a FIFO
    cannot block and a device is left alone): the gate's words for a FIFO, a device, a socket
    or a folder; "" for a regular file, or one that cannot be looked at (the loader says why)."""
    try:
        mode = os.stat(path).st_mode  # follows a link to what it points at
    except (OSError, ValueError):
        return ""
    return "" if stat.S_ISREG(mode) else f"is {files.kind_of(mode)}, not a map"


def _maps_in(folder: Path, subfolders: int = 0) -> list[tuple[Path, str]]:
    """The .tmx names directly in `folder`, each with why it can be no map: "" for a regular
    file, the gate's words for a FIFO or a device (listed greyed, never opened). With
    `subfolders`, also those directly inside the first that many folders in it (by name,
    hidden ones skipped): a map packed by `python -m game pack` and copied in as its folder.
    Sorted by the path inside `folder`; none at all when `folder` is missing or unreadable."""
    try:
        children = list(folder.iterdir())
    except OSError:
        return []
    found = []
    for path in children:
        if path.suffix.lower() == ".tmx":
            problem = _not_a_file(path)
            if not problem.startswith("is a folder"):
                found.append((path, problem))
    if subfolders:
        inner = sorted(
            (p for p in children if not p.name.startswith(".") and _is_folder(p)),
            key=lambda p: p.name.lower(),
        )
        for sub in inner[:subfolders]:  # one level only, and a bounded number of folders
            found += _maps_in(sub)
    return sorted(found, key=lambda found: found[0].relative_to(folder).as_posix().lower())


def _is_folder(path: Path) -> bool:
    try:
        return stat.S_ISDIR(os.stat(path).st_mode)
    except (OSError, ValueError):
        return False


def _entry(path: Path, kind: str, problem: str) -> MapEntry:
    if problem:  # nothing to read (and it is not opened): greyed at once with the reason
        return MapEntry(path, kind, map_title(path.stem), error=problem, tried=True)
    return MapEntry(path, kind, read_map_name(path))


def _entries(path: Path, kind: str, problem: str) -> list[MapEntry]:
    """The map's entry, and right after it its chain's (the Full Rescue) when the map names a
    `next_map`: called by the map's `chain_name` (the stitched level's name once loaded)."""
    entry = _entry(path, kind, problem)
    if problem:
        return [entry]
    header = read_map_header(path)
    if not header.get("next_map"):
        return [entry]
    name = header.get("chain_name") or f"{entry.name} {CHAIN_MARK}"
    return [entry, MapEntry(path, kind, name, chain=True)]


def find_maps(shipped: Path, user: Path | None) -> list[MapEntry]:
    """Shipped maps first, then the user's (those in the user folder and in the folders
    directly inside it), each named from its own properties; a map that starts a chain of
    maps (`next_map`) is followed by the chain's own entry."""
    entries = [e for p, problem in _maps_in(shipped) for e in _entries(p, SHIPPED, problem)]
    if user is not None:
        found = _maps_in(user, subfolders=USER_SUBFOLDERS)
        entries += [e for p, problem in found for e in _entries(p, USER, problem)]
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
    loader; tests pass their own); `user_folder` is where players put their own maps.

    With `background`, a daemon thread loads the maps one at a time, the selected one first,
    and `poll()` (main thread) takes in what it finished; a load running longer than `budget`
    seconds (by `clock`) marks its entry `slow`. Without, nothing loads but through
    `ensure_loaded` and `load_next`, synchronously. Either way only the thread that calls
    `poll`, `ensure_loaded` and `load_next` (the title's) changes an entry; the worker reads the
    list under `_lock` and hands its results over through `_done`."""

    def __init__(
        self,
        entries: list[MapEntry],
        selected_key: str = "",
        load: Callable[[str], Level] = load_level,
        user_folder: Path | None = None,
        *,
        load_run: Callable[[str], Level] = load_run,
        background: bool = False,
        budget: float = LOAD_BUDGET_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ):
        self.entries = entries
        self.load = load
        self.load_run = load_run  # a chain entry's loader (the stitched run)
        self.user_folder = user_folder
        self.background = background
        self.budget = budget
        self.clock = clock
        self.index = 0
        for i, entry in enumerate(entries):
            if entry.key and entry.key == selected_key:
                self.index = i
                break
        self._lock = threading.Condition()
        self._loading: dict[int, tuple[MapEntry, float, int]] = {}  # the worker's: when, which try
        self._done: list[tuple[MapEntry, int, Level | None, str, tuple | None]] = []
        self._tries: dict[int, int] = {}  # id(entry) -> how many times it was looked at again
        self._stamps: dict[int, tuple | None] = {}  # id(entry) -> the file's state when loaded
        self._worker: threading.Thread | None = None
        self._stop = threading.Event()

    @property
    def selected(self) -> MapEntry | None:
        return self.entries[self.index] if self.entries else None

    def move(self, step: int) -> bool:
        """Select the next (+1) or previous (-1) map; False at either end."""
        with self._lock:
            index = max(0, min(len(self.entries) - 1, self.index + step))
            moved = index != self.index
            self.index = index
        return moved

    def select_path(self, path: Path, level: Level | None = None, chain: bool = False) -> MapEntry:
        """Select the map at `path` (with `chain`, its chain's entry), adding it (as a
        command-line map) when it is in neither folder. A level already in hand saves loading
        it again."""
        wanted = _same_file_key(path)
        with self._lock:
            for i, entry in enumerate(self.entries):
                if _same_file_key(entry.path) == wanted and entry.chain == chain:
                    self.index = i
                    break
            else:
                given = _entry(Path(path), GIVEN, _not_a_file(Path(path)))
                if chain:
                    given.chain = True
                    given.name = level.name if level is not None else given.name
                self.entries.insert(0, given)
                self.index = 0
            entry = self.entries[self.index]
            if level is not None and not entry.tried:
                entry.level, entry.tried = level, True
            self._lock.notify_all()
        return entry

    # --- loading on the spot ---------------------------------------------------------------
    def ensure_loaded(self, entry: MapEntry) -> MapEntry:
        """Load `entry` now, in this thread, unless that was done already."""
        if entry.tried:
            return entry
        with self._lock:
            entry.tried = True  # the worker leaves it alone from now on
            attempt = self._tries.get(id(entry), 0)
        self._apply(entry, attempt, *self._load_one(entry), on_the_spot=True)
        return entry

    def load_next(self) -> bool:
        """Load one map not yet tried (the selected first). True if there was one."""
        entry = self._next_untried()
        if entry is None:
            return False
        self.ensure_loaded(entry)
        return True

    def _next_untried(self, skip=()) -> MapEntry | None:
        order = [self.selected] + self.entries if self.entries else []
        for entry in order:
            if entry is not None and not entry.tried and id(entry) not in skip:
                return entry
        return None

    def _load_one(self, entry: MapEntry) -> tuple[Level | None, str, tuple | None]:
        """The level or the one-line reason it does not load, and the file's state before the
        load (so an unchanged broken file is not loaded again for nothing). Never raises."""
        stamp = _entry_stamp(entry)
        problem = _not_a_file(entry.path)  # a FIFO or a device is never handed to the loader
        if problem:
            return None, problem, stamp
        try:
            level = (self.load_run if entry.chain else self.load)(str(entry.path))
        except Exception as error:  # noqa: BLE001 - a player's file must never take the title down
            try:
                return None, _first_problem(entry.path, error), stamp
            except Exception:  # noqa: BLE001 - even an error that cannot be printed
                return None, type(error).__name__, stamp
        return level, "", stamp

    def _apply(self, entry, attempt, level, error, stamp, on_the_spot=False) -> bool:
        """A load's result, taken in unless it is out of date: the worker's for a map loaded
        on the spot meanwhile, or for an earlier try. Main thread."""
        with self._lock:
            if self._tries.get(id(entry), 0) != attempt or (entry.tried and not on_the_spot):
                return False
            self._stamps[id(entry)] = stamp
        entry.tried, entry.slow = True, False
        entry.level, entry.error = level, error if level is None else ""
        if level is not None:
            entry.name = level.name or entry.name
        return True

    # --- loading in the background -----------------------------------------------------------
    def request(self, entry: MapEntry) -> MapEntry:
        """`entry` loaded if that can be done without keeping the title waiting: at once
        without a worker, and for a shipped map (ours: milliseconds). Anything else the worker
        loads next (it is the selected map) and `poll()` brings in. Returns the entry, which
        may not be `tried` yet."""
        self.poll()
        if entry.tried:
            return entry
        if not self.background or entry.kind == SHIPPED:
            return self.ensure_loaded(entry)
        self.start()
        return entry

    def retry(self, entry: MapEntry) -> bool:
        """Look at a map that did not load again (the player may have fixed and saved it).
        With a worker, only when its file changed since: a slow broken file is not loaded
        again for nothing. True if it will be loaded again."""
        if not entry.broken:
            return False
        still = _not_a_file(entry.path)  # a FIFO or device is still no map: say so at once
        if still:
            entry.error = still
            return False
        with self._lock:
            stamp = self._stamps.get(id(entry))
            if self.background and stamp is not None and _entry_stamp(entry) == stamp:
                return False
            self._tries[id(entry)] = self._tries.get(id(entry), 0) + 1
            entry.tried, entry.level, entry.error, entry.slow = False, None, "", False
            self._lock.notify_all()
        return True

    def loading(self, entry: MapEntry) -> bool:
        """The worker is on `entry` right now."""
        with self._lock:
            return id(entry) in self._loading

    def start(self) -> None:
        """Start the worker (with `background`; again after `close`)."""
        if not self.background:
            return
        with self._lock:
            if self._worker is not None and self._worker.is_alive() and not self._stop.is_set():
                self._lock.notify_all()
                return
            self._stop = threading.Event()
            self._worker = threading.Thread(
                target=self._work, args=(self._stop,), name="map-loader", daemon=True
            )
            self._worker.start()

    def close(self) -> None:
        """Stop the worker: it takes no further map, and what it is loading now is dropped when
        done (a load cannot be cut short; the thread is a daemon, so it never keeps the game
        from quitting)."""
        with self._lock:
            self._stop.set()
            self._lock.notify_all()

    def wait(self, entry: MapEntry, timeout: float) -> bool:
        """Wait at most `timeout` seconds for the worker to finish `entry`, then `poll`. True
        if it is loaded (or known broken). For a pause as short as a frame."""
        with self._lock:
            self._lock.wait_for(
                lambda: any(done[0] is entry for done in self._done) or self._stop.is_set(),
                timeout,
            )
        self.poll()
        return entry.tried

    def poll(self) -> list[MapEntry]:
        """Take in the loads the worker finished, and mark the ones over the budget `slow`.
        Main thread. Returns the entries now loaded or known broken."""
        with self._lock:
            done, self._done = self._done, []
            running = list(self._loading.values())
        changed = [result[0] for result in done if self._apply(*result)]
        now = self.clock()
        for entry, started, _attempt in running:
            entry.slow = not entry.tried and now - started >= self.budget
        return changed

    def _work(self, stop: threading.Event) -> None:
        """The worker: one map at a time, the selected first, until `close`."""
        while True:
            with self._lock:
                entry = None
                while not stop.is_set():
                    busy = {id(e) for e, *_ in self._loading.values()}
                    busy |= {id(done[0]) for done in self._done}
                    entry = self._next_untried(skip=busy)
                    if entry is not None:
                        break
                    self._lock.wait()
                if stop.is_set():
                    return
                attempt = self._tries.get(id(entry), 0)
                self._loading[id(entry)] = (entry, self.clock(), attempt)
            result = None, "could not be loaded", None
            try:
                result = self._load_one(entry)  # raises nothing short of the process ending
            finally:
                with self._lock:
                    del self._loading[id(entry)]
                    if not stop.is_set():
                        self._done.append((entry, attempt, *result))
                        self._lock.notify_all()


def _stamp(path: Path) -> tuple | None:
    """What changes when a file is saved again: its time and size (None if it is not there)."""
    try:
        info = os.stat(path)
    except (OSError, ValueError):
        return None
    return (info.st_mtime_ns, info.st_size, info.st_ino)


def _entry_stamp(entry: MapEntry) -> tuple | None:
    """The file's stamp; for a chain, every map of it (fixing any of them is worth a retry)."""
    if not entry.chain:
        return _stamp(entry.path)
    return tuple(_stamp(path) for path in chain_files(entry.path))


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
    that does not load is greyed with the checker's first line beside it; one loading for
    longer than the budget says "still loading...". Returns the area drawn."""
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
    if entry.slow:
        return LOADING_MARK
    if entry.chain:  # the Full Rescue: which maps it runs through
        chain = entry.level.properties.get("chain") if entry.level is not None else None
        return f"({chain})" if isinstance(chain, str) and chain else ""
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
