"""Personal bests on disk: one JSON file in the user's data folder, per map and category.

An assisted run (assist mode, game.sim.assists) keeps its records apart, under its map's id +
".assisted" (`board_id`): it never sets a personal best on the unassisted boards.

`personal_bests.json` holds {"version": 2, "records": {"MAP_ID/CATEGORY": {"pb": [...],
"best": [...]}}, "history": {"MAP_ID/CATEGORY": {...}}}: the PB's cumulative split ticks with
its final time last, and the best segment of every row (null where none is known); and each
board's run history (game/speedrun/history.py: attempts started and finished, resets per row,
the recent attempts' rows, one a line). A version 1 file (no history) is read as it is and
saved as version 2. Records and history are one file, saved together atomically (write
beside, then rename), so a crash or a kill during a save leaves the previous file whole and
the two always agree. A file that
cannot be read or understood (not UTF-8, not JSON, a FIFO, too large, nested absurdly deep)
is moved aside to `personal_bests.json.bad` with one line on stderr, and the game starts from
no bests rather than stopping. It is never saved over: if it cannot be moved aside, the
bests are kept in memory only for the session.
"""

from __future__ import annotations

import json
import os
import sys
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

from game import files
from game.speedrun.digest import CHAIN_SUFFIX
from game.speedrun.history import (
    MAX_COUNT,
    MAX_DATE_LENGTH,
    MAX_RECENT,
    AttemptRecord,
    BoardHistory,
)
from game.speedrun.replay import MAX_TICKS
from game.speedrun.splits import Record
from game.store import HOME_ENV, atomic_write_text, data_dir

PB_FILE = "personal_bests.json"
VERSION = 2
READABLE_VERSIONS = (1, VERSION)  # version 1: the records alone, before run history
# A few hundred bytes a map and category, and about a hundred an attempt kept in history
# (MAX_RECENT a board, some forty boards' worth): past it a save trims the oldest attempts
# rather than write a file the game would then refuse to read.
MAX_PB_BYTES = 4 * files.MIB
MAX_ROWS = 1000  # split rows of one record: as many as a replay may claim
MAX_KEY_LENGTH = 300  # "MAP/CATEGORY"


def chosen_home() -> Path | None:
    """GREAT_MINE_RESCUE_HOME when it is set: a folder picked on purpose (tests, capture runs,
    portable installs) rather than the platform's own user folder."""
    home = os.environ.get(HOME_ENV, "").strip()
    return Path(home) if home else None


def pb_path() -> Path:
    return data_dir() / PB_FILE


def map_id(level) -> str:
    """What names a map in the store: its file name's stem, as replays name it; a chained run
    (the Full Rescue) is its first map's stem + ".chain" (speedrun.digest.run_id), so it
    keeps records of its own."""
    if len(getattr(level, "chain_paths", ())) > 1:
        return Path(level.path).stem + CHAIN_SUFFIX
    return Path(level.path).stem


ASSISTED_SUFFIX = ".assisted"


def board_id(map_name: str, assists) -> str:
    """The name a run's records are kept under: the map's id, or for a run with any assist
    (the game speed included) the map's id + ".assisted", its own board."""
    return map_name + ASSISTED_SUFFIX if assists else map_name


def record_key(map_name: str, category: str) -> str:
    return f"{map_name}/{category}"


def _ticks_list(value, what: str) -> tuple[int | None, ...]:
    if not isinstance(value, list) or len(value) > MAX_ROWS:
        raise ValueError(f"{what} must be a list of at most {MAX_ROWS} tick counts")
    for item in value:
        is_tick = isinstance(item, int) and not isinstance(item, bool) and 0 <= item <= MAX_TICKS
        if not (item is None or is_tick):
            raise ValueError(f"{what} holds {files.shown(item)}, not a tick count")
    return tuple(value)


def parse(data) -> dict[str, Record]:
    """Records from decoded JSON; raises ValueError naming the first problem."""
    return parse_store(data)[0]


def parse_store(data) -> tuple[dict[str, Record], dict[str, BoardHistory]]:
    """Records and run history from decoded JSON (version 1 or 2); raises ValueError naming
    the first problem."""
    if not isinstance(data, dict) or not isinstance(data.get("records"), dict):
        raise ValueError("the file must hold an object with 'records'")
    if data.get("version") not in READABLE_VERSIONS:
        raise ValueError(f"unknown version {files.shown(data.get('version'))}")
    records = {}
    for key, entry in data["records"].items():
        _check_key(key)
        if not isinstance(entry, dict):
            raise ValueError(f"{files.shown(key)}: must be an object")
        records[key] = Record(
            _ticks_list(entry.get("pb", []), f"{files.shown(key)} pb"),
            _ticks_list(entry.get("best", []), f"{files.shown(key)} best"),
        )
    history = data.get("history", {}) if data["version"] >= 2 else {}
    if not isinstance(history, dict):
        raise ValueError("'history' must be an object")
    return records, {key: _board_history(key, entry) for key, entry in history.items()}


def _check_key(key: str) -> None:
    if len(key) > MAX_KEY_LENGTH:
        raise ValueError(f"a record is named with {len(key):,} characters")


def _count(value, what: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= MAX_COUNT:
        raise ValueError(f"{what} holds {files.shown(value)}, not a count of attempts")
    return value


def _board_history(key: str, entry) -> BoardHistory:
    _check_key(key)
    name = files.shown(key)
    if not isinstance(entry, dict):
        raise ValueError(f"history {name}: must be an object")
    resets = entry.get("resets", [])
    recent = entry.get("recent", [])
    if not isinstance(resets, list) or len(resets) > MAX_ROWS:
        raise ValueError(f"history {name}: resets must be a list of at most {MAX_ROWS} counts")
    if not isinstance(recent, list) or len(recent) > MAX_RECENT:
        raise ValueError(f"history {name}: recent must be a list of at most {MAX_RECENT}")
    return BoardHistory(
        started=_count(entry.get("started", 0), f"history {name} started"),
        finished=_count(entry.get("finished", 0), f"history {name} finished"),
        resets=tuple(_count(n, f"history {name} resets") for n in resets),
        recent=tuple(_attempt(item, f"history {name} attempt") for item in recent),
    )


def _attempt(item, what: str) -> AttemptRecord:
    if not isinstance(item, dict):
        raise ValueError(f"{what}: must be an object")
    dates = []
    for part in ("started", "ended"):
        value = item.get(part)
        if value is not None and not (isinstance(value, str) and len(value) <= MAX_DATE_LENGTH):
            raise ValueError(f"{what} {part} holds {files.shown(value)}, not a date")
        dates.append(value)
    return AttemptRecord(
        _count(item.get("n"), f"{what} number"),
        _ticks_list(item.get("rows", []), f"{what} rows"),
        *dates,
    )


@lru_cache(maxsize=4 * MAX_RECENT)
def _attempt_line(attempt: AttemptRecord) -> str:
    """One attempt as its line in the file. Attempts never change once kept, so each is
    written out once a session: a save on R re-joins the lines instead of re-encoding a
    thousand attempts (about 15 ms a full board)."""
    rows = ",".join("null" if row is None else str(row) for row in attempt.rows)
    line = f'{{"n":{attempt.number},"rows":[{rows}]'
    for part, date in (("started", attempt.started), ("ended", attempt.ended)):
        if date is not None:
            line += f',"{part}":{json.dumps(date)}'
    return line + "}"


def dumps(records: dict[str, Record], history: dict[str, BoardHistory]) -> str:
    """The file's text: the records as before, then each board's history with one attempt a
    line (a thousand attempts stay a thousand lines, not tens of thousands)."""
    kept = {
        key: {"pb": list(r.pb_rows), "best": list(r.best_segments)}
        for key, r in sorted(records.items())
    }
    boards = []
    for key, board in sorted(history.items()):
        attempts = ",\n   ".join(_attempt_line(a) for a in board.recent)
        counts = f'"started": {board.started}, "finished": {board.finished}'
        resets = json.dumps(list(board.resets))
        boards.append(
            f'  {json.dumps(key)}: {{{counts}, "resets": {resets}, "recent": [\n'
            f"   {attempts}\n  ]}}"
        )
    records_text = json.dumps(kept, indent=1).replace("\n", "\n ")
    history_text = "{\n" + ",\n".join(boards) + "\n }" if boards else "{}"
    return (
        f'{{\n "version": {VERSION},\n "records": {records_text},\n "history": {history_text}\n}}\n'
    )


class PersonalBests:
    """The records and run history of every map and category, loaded once and saved on every
    change.

    Not `readable`: starts empty without opening the file. Not `writable`: keeps changes in
    memory only and never touches the file, not even to set a broken one aside (capture
    runs, which must leave the player's records as they found them)."""

    def __init__(self, path: Path | None = None, *, readable=True, writable=True):
        self.path = Path(path) if path else pb_path()
        self.writable = writable
        self.history: dict[str, BoardHistory] = {}
        self.records = self._load() if readable else {}

    def get(self, map_name: str, category: str) -> Record:
        return self.records.get(record_key(map_name, category), Record())

    def history_of(self, map_name: str, category: str) -> BoardHistory:
        return self.history.get(record_key(map_name, category), BoardHistory())

    def put(self, map_name: str, category: str, record: Record) -> bool:
        """Keep and save `record`; on a failed save print one line and return False."""
        if self.get(map_name, category) == record:
            return True
        self.records[record_key(map_name, category)] = record
        return self.save()

    def keep_attempt(
        self, map_name: str, category: str, record: Record, history: BoardHistory
    ) -> bool:
        """An attempt ended: its record (PB, best segments) and the board's history after it,
        saved together in one write."""
        key = record_key(map_name, category)
        self.records[key] = record
        self.history[key] = history
        return self.save()

    def save(self) -> bool:
        if not self.writable:
            return True
        try:
            atomic_write_text(self.path, self._text())
        except files.UnreadableFile as error:
            print(f"{error}; the personal bests were not saved", file=sys.stderr)
            return False
        except OSError as error:
            print(f"{self.path}: could not save the personal bests: {error}", file=sys.stderr)
            return False
        return True

    def _text(self) -> str:
        """The file's text, within MAX_PB_BYTES: past it the oldest attempts of the longest
        histories go first (their counts stay), never a record."""
        text = dumps(self.records, self.history)
        while len(text.encode()) > MAX_PB_BYTES:
            key = max(self.history, key=lambda k: len(self.history[k].recent), default=None)
            if key is None or not self.history[key].recent:
                break
            board = self.history[key]
            self.history[key] = replace(board, recent=board.recent[len(board.recent) // 2 :])
            text = dumps(self.records, self.history)
        return text

    def _load(self) -> dict[str, Record]:
        try:
            data = files.read_json(self.path, MAX_PB_BYTES, "personal bests file")
            records, self.history = parse_store(data)
            return records
        except files.MissingFile:
            return {}
        except files.UnreadableFile as error:
            problem = error.problem
        except ValueError as error:
            problem = str(error)
        if self.writable:
            self._set_aside(problem)
        else:
            print(f"{self.path}: {problem}; starting with no bests", file=sys.stderr)
        return {}

    def _set_aside(self, problem: str) -> None:
        bad = files.set_aside(self.path)
        if bad is None:
            files.keep_unwritten(self.path)
            self.writable = False
            where = "could not move it aside, so it is left as it is and nothing is saved over it"
        else:
            where = f"moved it to {bad.name}"
        print(f"{self.path}: {problem}; {where}; starting with no bests", file=sys.stderr)
