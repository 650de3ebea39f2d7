"""Personal bests on disk: one JSON file in the user's data folder, per map and category.

An assisted run (assist mode, game.sim.assists) keeps its records apart, under its map's id +
".assisted" (`board_id`): it never sets a personal best on the unassisted boards.

`personal_bests.json` holds {"version": 1, "records": {"MAP_ID/CATEGORY": {"pb": [...],
"best": [...]}}}: the PB's cumulative split ticks with its final time last, and the best
segment of every row (null where none is known). Saved atomically (write beside, then
rename), so a crash or a kill during a save leaves the previous file whole. A file that
cannot be read or understood (not UTF-8, not JSON, a FIFO, too large, nested absurdly deep)
is moved aside to `personal_bests.json.bad` with one line on stderr, and the game starts from
no bests rather than stopping. It is never saved over: if it cannot be moved aside, the
bests are kept in memory only for the session.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from game import files
from game.speedrun.digest import CHAIN_SUFFIX
from game.speedrun.replay import MAX_TICKS
from game.speedrun.splits import Record
from game.store import HOME_ENV, atomic_write_text, data_dir

PB_FILE = "personal_bests.json"
VERSION = 1
MAX_PB_BYTES = 4 * files.MIB  # a few hundred bytes a map and category
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
    if not isinstance(data, dict) or not isinstance(data.get("records"), dict):
        raise ValueError("the file must hold an object with 'records'")
    if data.get("version") != VERSION:
        raise ValueError(f"unknown version {files.shown(data.get('version'))}")
    records = {}
    for key, entry in data["records"].items():
        if len(key) > MAX_KEY_LENGTH:
            raise ValueError(f"a record is named with {len(key):,} characters")
        if not isinstance(entry, dict):
            raise ValueError(f"{files.shown(key)}: must be an object")
        records[key] = Record(
            _ticks_list(entry.get("pb", []), f"{files.shown(key)} pb"),
            _ticks_list(entry.get("best", []), f"{files.shown(key)} best"),
        )
    return records


class PersonalBests:
    """The records of every map and category, loaded once and saved on every change.

    Not `readable`: starts empty without opening the file. Not `writable`: keeps changes in
    memory only and never touches the file, not even to set a broken one aside (capture
    runs, which must leave the player's records as they found them)."""

    def __init__(self, path: Path | None = None, *, readable=True, writable=True):
        self.path = Path(path) if path else pb_path()
        self.writable = writable
        self.records = self._load() if readable else {}

    def get(self, map_name: str, category: str) -> Record:
        return self.records.get(record_key(map_name, category), Record())

    def put(self, map_name: str, category: str, record: Record) -> bool:
        """Keep and save `record`; on a failed save print one line and return False."""
        if self.get(map_name, category) == record:
            return True
        self.records[record_key(map_name, category)] = record
        return self.save()

    def save(self) -> bool:
        if not self.writable:
            return True
        data = {
            "version": VERSION,
            "records": {
                key: {"pb": list(r.pb_rows), "best": list(r.best_segments)}
                for key, r in sorted(self.records.items())
            },
        }
        try:
            atomic_write_text(self.path, json.dumps(data, indent=1) + "\n")
        except files.UnreadableFile as error:
            print(f"{error}; the personal bests were not saved", file=sys.stderr)
            return False
        except OSError as error:
            print(f"{self.path}: could not save the personal bests: {error}", file=sys.stderr)
            return False
        return True

    def _load(self) -> dict[str, Record]:
        try:
            return parse(files.read_json(self.path, MAX_PB_BYTES, "personal bests file"))
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
