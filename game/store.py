"""What the game keeps on disk between runs: the settings, and where files go.

Settings live in `settings.json` in the user's config folder (found by platformdirs on Linux,
macOS and Windows). The environment variable GREAT_MINE_RESCUE_HOME, when set, moves
everything (settings and the sound cache) under that one folder: tests and portable installs
use it.

Saving is atomic: the new file is written beside the old one, flushed to the disk, then
renamed over it, so a crash or a full disk leaves the old settings intact, never half a file.
A broken settings file never stops the game: it is set aside as `settings.json.bad`, one line
on stderr says what was wrong, and the defaults stand in for whatever was unusable.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import math
import os
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from game.speedrun.splits import DEFAULT_CATEGORY

APP_NAME = "great-mine-rescue"
HOME_ENV = "GREAT_MINE_RESCUE_HOME"
SETTINGS_FILE = "settings.json"
SCALE_RANGE = (1, 8)
USER_MAPS_FOLDER = "maps"
MAP_KEY_KINDS = ("shipped", "user")


@dataclass(frozen=True)
class Settings:
    music_volume: float = 0.7  # 0..1
    effects_volume: float = 0.8  # 0..1
    muted: bool = False  # silence without forgetting the two volumes
    screen_shake: bool = True
    scale: int = 2  # window scale when none is given on the command line
    category: str = DEFAULT_CATEGORY  # speedrun category: "any" (Any%) or "all" (All Rescued)
    show_real_time: bool = True  # real time beside the in-game time on the HUD
    livesplit: bool = False  # drive a LiveSplit Server over TCP
    livesplit_host: str = "localhost"
    livesplit_port: int = 16834
    # True: every start skips a map's opening dialogue. False: it shows on the session's
    # first start of that map, and restarts (R) skip it.
    skip_intro: bool = False
    # The map last chosen on the title screen: "shipped:NAME.tmx" (maps/) or "user:NAME.tmx"
    # (the user maps folder); "" picks the Great Mine.
    last_map: str = ""

    def replace(self, **changes) -> Settings:
        return dataclasses.replace(self, **changes)


# --- where -------------------------------------------------------------------------------------
def _home() -> Path | None:
    value = os.environ.get(HOME_ENV, "").strip()
    return Path(value) if value else None


def config_dir() -> Path:
    home = _home()
    return home if home else Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def cache_dir() -> Path:
    home = _home()
    return home / "cache" if home else Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))


def settings_path() -> Path:
    return config_dir() / SETTINGS_FILE


def user_maps_dir(create: bool = True) -> Path:
    """The folder whose `.tmx` maps the title screen lists beside the shipped ones: `maps` in
    the user data folder (or under GREAT_MINE_RESCUE_HOME). Made on first use so players can
    find it; a folder that cannot be made is no error, it just lists nothing."""
    home = _home()
    base = home if home else Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    folder = base / USER_MAPS_FOLDER
    if create:
        with contextlib.suppress(OSError):
            folder.mkdir(parents=True, exist_ok=True)
    return folder


# --- writing -----------------------------------------------------------------------------------
def atomic_write_text(path: Path, text: str) -> None:
    """Replace `path` with `text` all at once: after a crash it holds the old text or the new,
    never a mixture. Raises OSError if it cannot (and then leaves no temporary file behind)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    _sync_folder(path.parent)


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX; Windows has no folder handles to sync)."""
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def save_settings(settings: Settings, path: Path | None = None) -> bool:
    """Write the settings; on failure print one line to stderr and return False."""
    path = Path(path) if path else settings_path()
    text = json.dumps(dataclasses.asdict(settings), indent=2) + "\n"
    try:
        atomic_write_text(path, text)
    except OSError as error:
        print(f"{path}: could not save the settings: {error.strerror or error}", file=sys.stderr)
        return False
    return True


# --- reading -----------------------------------------------------------------------------------
def _volume_problem(value) -> str | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return "must be a number from 0 to 1"
    if not (math.isfinite(value) and 0.0 <= value <= 1.0):
        return "must be from 0 to 1"
    return None


def _flag_problem(value) -> str | None:
    return None if isinstance(value, bool) else "must be true or false"


def _scale_problem(value) -> str | None:
    low, high = SCALE_RANGE
    if isinstance(value, bool) or not isinstance(value, int):
        return f"must be a whole number from {low} to {high}"
    if not low <= value <= high:
        return f"must be from {low} to {high}"
    return None


def _category_problem(value) -> str | None:
    return None if value in ("any", "all") else 'must be "any" or "all"'


def _map_key_problem(value) -> str | None:
    """A remembered map is a kind and a bare file name; anything else (a path that could
    point outside the two folders, a typo) is not trusted."""
    if value == "":
        return None
    kind, _, name = value.partition(":") if isinstance(value, str) else ("", "", "")
    plain = name and Path(name).name == name and name not in (".", "..") and "\\" not in name
    if kind in MAP_KEY_KINDS and plain and name.lower().endswith(".tmx"):
        return None
    return 'must be "" or "shipped:NAME.tmx" or "user:NAME.tmx"'


def _host_problem(value) -> str | None:
    return None if isinstance(value, str) and value.strip() else "must be a host name"


def _port_problem(value) -> str | None:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 65535:
        return "must be a port number from 1 to 65535"
    return None


_CHECKS = {
    "music_volume": _volume_problem,
    "effects_volume": _volume_problem,
    "muted": _flag_problem,
    "screen_shake": _flag_problem,
    "scale": _scale_problem,
    "category": _category_problem,
    "show_real_time": _flag_problem,
    "livesplit": _flag_problem,
    "livesplit_host": _host_problem,
    "livesplit_port": _port_problem,
    "skip_intro": _flag_problem,
    "last_map": _map_key_problem,
}


def parse_settings(data) -> tuple[Settings, list[str]]:
    """Settings from decoded JSON, and a list of problems (empty when all is well). Values
    with a problem keep their default; keys this version does not know are ignored, so an
    older game can read a newer file."""
    if not isinstance(data, dict):
        return Settings(), ["the file must hold one JSON object"]
    values, problems = {}, []
    for key, check in _CHECKS.items():
        if key not in data:
            continue
        problem = check(data[key])
        if problem:
            problems.append(f"{key} {problem}, got {json.dumps(data[key])}")
        else:
            values[key] = float(data[key]) if key.endswith("_volume") else data[key]
    return Settings(**values), problems


def load_settings(path: Path | None = None) -> Settings:
    """The saved settings, or the defaults when there are none. Never raises: a broken file
    is moved aside to `<name>.bad`, reported in one line on stderr, and the usable values
    are kept (and saved again, so they survive)."""
    path = Path(path) if path else settings_path()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Settings()
    except (OSError, UnicodeDecodeError) as error:
        print(
            f"{path}: cannot read the settings ({_reason(error)}); using defaults", file=sys.stderr
        )
        return Settings()
    try:
        settings, problems = parse_settings(json.loads(text))
    except json.JSONDecodeError as error:
        settings, problems = Settings(), [f"not valid JSON (line {error.lineno}: {error.msg})"]
    if problems:
        _set_aside(path, settings, "; ".join(problems))
    return settings


def _set_aside(path: Path, settings: Settings, problem: str) -> None:
    bad = path.with_name(path.name + ".bad")
    try:
        os.replace(path, bad)
    except OSError:
        print(f"{path}: {problem}; using defaults for it", file=sys.stderr)
        return
    print(f"{path}: {problem}; moved it to {bad.name} and using defaults for it", file=sys.stderr)
    with contextlib.suppress(OSError):
        atomic_write_text(path, json.dumps(dataclasses.asdict(settings), indent=2) + "\n")


def _reason(error: Exception) -> str:
    return getattr(error, "strerror", None) or str(error)
