"""Personal bests on disk: one JSON file in the user's data folder, per map and category.

`personal_bests.json` holds {"version": 1, "records": {"MAP_ID/CATEGORY": {"pb": [...],
"best": [...]}}}: the PB's cumulative split ticks with its final time last, and the best
segment of every row (null where none is known). Saved atomically (write beside, then
rename), so a crash or a kill during a save leaves the previous file whole. A file that
cannot be understood is moved aside to `personal_bests.json.bad` with one line on stderr,
and the game starts from no bests rather than stopping.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import platformdirs

from game.speedrun.splits import Record
from game.store import APP_NAME, HOME_ENV, atomic_write_text

PB_FILE = "personal_bests.json"
VERSION = 1


def chosen_home() -> Path | None:
    """GREAT_MINE_RESCUE_HOME when it is set: a folder picked on purpose (tests, capture runs,
    portable installs) rather than the platform's own user folder."""
    home = os.environ.get(HOME_ENV, "").strip()
    return Path(home) if home else None


def data_dir() -> Path:
    """The user's data folder (bests; replays go to its `replays`), or GREAT_MINE_RESCUE_HOME
    itself when that is set."""
    return chosen_home() or Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def pb_path() -> Path:
    return data_dir() / PB_FILE


def map_id(level) -> str:
    """What names a map in the store: its file name's stem, as replays name it."""
    return Path(level.path).stem


def record_key(map_name: str, category: str) -> str:
    return f"{map_name}/{category}"


def _ticks_list(value, what: str) -> tuple[int | None, ...]:
    if not isinstance(value, list):
        raise ValueError(f"{what} must be a list")
    for item in value:
        ok = item is None or (isinstance(item, int) and not isinstance(item, bool) and item >= 0)
        if not ok:
            raise ValueError(f"{what} holds {json.dumps(item)}, not a tick count")
    return tuple(value)


def parse(data) -> dict[str, Record]:
    """Records from decoded JSON; raises ValueError naming the first problem."""
    if not isinstance(data, dict) or not isinstance(data.get("records"), dict):
        raise ValueError("the file must hold an object with 'records'")
    if data.get("version") != VERSION:
        raise ValueError(f"unknown version {json.dumps(data.get('version'))}")
    records = {}
    for key, entry in data["records"].items():
        if not isinstance(entry, dict):
            raise ValueError(f"{key}: must be an object")
        records[key] = Record(
            _ticks_list(entry.get("pb", []), f"{key} pb"),
            _ticks_list(entry.get("best", []), f"{key} best"),
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
        except OSError as error:
            print(f"{self.path}: could not save the personal bests: {error}", file=sys.stderr)
            return False
        return True

    def _load(self) -> dict[str, Record]:
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return {}
        except (OSError, UnicodeDecodeError) as error:
            print(f"{self.path}: cannot read the personal bests ({error})", file=sys.stderr)
            return {}
        try:
            return parse(json.loads(text))
        except (json.JSONDecodeError, ValueError) as error:
            if self.writable:
                self._set_aside(str(error))
            else:
                print(f"{self.path}: {error}; starting with no bests", file=sys.stderr)
            return {}

    def _set_aside(self, problem: str) -> None:
        bad = self.path.with_name(self.path.name + ".bad")
        try:
            os.replace(self.path, bad)
            where = f"moved it to {bad.name}"
        except OSError:
            where = "left it in place"
        print(f"{self.path}: {problem}; {where}, starting with no bests", file=sys.stderr)
