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
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import platformdirs

from game import files
from game.speedrun.splits import DEFAULT_CATEGORY

APP_NAME = "great-mine-rescue"
HOME_ENV = "GREAT_MINE_RESCUE_HOME"
SETTINGS_FILE = "settings.json"
SCALE_RANGE = (1, 8)
USER_MAPS_FOLDER = "maps"
MAX_SETTINGS_BYTES = 64 * files.KIB  # a dozen values: ours are under 1 KiB
MAP_KEY_KINDS = ("shipped", "user")
CHAIN_KEY_SUFFIX = ":chain"  # as game/ui/level_select.py names a chain's entry


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
    # serve LiveSplit One (it connects to ws://localhost:PORT); this computer only
    livesplit_one: bool = False
    livesplit_one_port: int = 16835
    # True: every start skips a map's opening dialogue. False: it shows on the session's
    # first start of that map, and restarts (R) skip it.
    skip_intro: bool = False
    # The map last chosen on the title screen: "shipped:NAME.tmx" (maps/) or "user:NAME.tmx"
    # (the user maps folder), ":chain" after it for its chain's entry (the Full Rescue);
    # "" picks the Great Mine.
    last_map: str = ""
    # --- options (issue 12): each saved at once when changed on the options screen
    flashing: bool = True  # flashes and bright bursts; off softens them
    brightness: int = 0  # 0..100: a lift applied to the world (not the HUD) for dark maps
    fullscreen: bool = False  # F11 toggles it too
    smooth_scaling: bool = False  # False: sharp whole-number scaling, letterboxed
    speedrun_hud: str = "timer"  # SPEEDRUN_HUDS: "off", "timer" or "full" (timer + splits)
    # --- controls: action name -> names of the keys / pad buttons bound to it; an action
    # missing here keeps its default binding (game/input/bindings.py)
    keys: dict = dataclasses.field(default_factory=dict)
    pad: dict = dataclasses.field(default_factory=dict)
    # --- assist mode (Celeste's model): assisted runs keep their own records
    assist_speed: int = 100  # 50..100: game speed in percent
    assist_infinite_chakra: bool = False
    assist_no_stun: bool = False  # falling rocks do not stun Naruto
    assist_slow_collapse: bool = False  # the collapse timer runs at half speed

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
    folder = data_dir() / USER_MAPS_FOLDER
    if create:
        with contextlib.suppress(OSError):
            folder.mkdir(parents=True, exist_ok=True)
    return folder


# --- writing -----------------------------------------------------------------------------------
def atomic_write_text(path: Path, text: str) -> None:
    """Replace `path` with `text` all at once (see `game.files.atomic_write`). Raises OSError
    if it cannot, and `files.UnreadableFile` when `path` is not a regular file."""
    files.atomic_write(path, text)


def data_dir() -> Path:
    """The user's data folder (bests, replays, ghosts, maps), or GREAT_MINE_RESCUE_HOME."""
    home = _home()
    return home if home else Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def clean_temp_files() -> list[Path]:
    """Remove what a crash mid-save left behind in every folder the game writes to."""
    data = data_dir()
    folders = {config_dir(), data, data / "replays", data / "ghosts", cache_dir()}
    with contextlib.suppress(OSError):
        folders.update(p for p in cache_dir().glob("sounds-*") if p.is_dir())
    return files.clean_stale_temps(sorted(folders))


def save_settings(settings: Settings, path: Path | None = None) -> bool:
    """Write the settings; on failure print one line to stderr and return False."""
    path = Path(path) if path else settings_path()
    text = json.dumps(dataclasses.asdict(settings), indent=2) + "\n"
    try:
        atomic_write_text(path, text)
    except files.UnreadableFile as error:
        print(f"{error}; the settings were not saved", file=sys.stderr)
        return False
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
    """A remembered map is a kind and a bare file name, and ":chain" after it for the run of
    that map and its `next_map` chain (the Full Rescue); anything else (a path that could
    point outside the two folders, a typo) is not trusted."""
    if value == "":
        return None
    kind, _, name = value.partition(":") if isinstance(value, str) else ("", "", "")
    name = name.removesuffix(CHAIN_KEY_SUFFIX)
    plain = name and Path(name).name == name and name not in (".", "..") and "\\" not in name
    if kind in MAP_KEY_KINDS and plain and name.lower().endswith(".tmx"):
        return None
    return 'must be "" or "shipped:NAME.tmx" or "user:NAME.tmx" (":chain" after it for a chain)'


def _host_problem(value) -> str | None:
    # Imported here: the LiveSplit client pulls in sockets and threads, which `verify` and
    # `simulate` (importing this module for the settings' names) never use.
    from game.speedrun.livesplit import is_host

    return None if is_host(value) else "must be a host name (like localhost) or an IP address"


def _port_problem(value) -> str | None:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 65535:
        return "must be a port number from 1 to 65535"
    return None


SPEEDRUN_HUDS = ("off", "timer", "full")
MAX_BINDINGS = 32  # actions in a bindings table
MAX_BOUND = 4  # keys or buttons on one action


def _percent_problem(low: int):
    def check(value) -> str | None:
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= 100:
            return f"must be a whole number from {low} to 100"
        return None

    return check


def _hud_problem(value) -> str | None:
    return None if value in SPEEDRUN_HUDS else "must be one of " + ", ".join(SPEEDRUN_HUDS)


def _bindings_problem(value) -> str | None:
    """An action -> list of key (or button) names table; the names themselves are checked
    against the keyboard's and the pad's when the bindings are applied."""
    if not isinstance(value, dict) or len(value) > MAX_BINDINGS:
        return f"must be an object of at most {MAX_BINDINGS} actions"
    for action, names in value.items():
        if not isinstance(action, str) or len(action) > 32:
            return "must name actions with short strings"
        if not isinstance(names, list) or len(names) > MAX_BOUND:
            return f"must give each action a list of at most {MAX_BOUND} names"
        if not all(isinstance(n, str) and 0 < len(n) <= 32 for n in names):
            return "must give key and button names as short strings"
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
    "livesplit_one": _flag_problem,
    "livesplit_one_port": _port_problem,
    "skip_intro": _flag_problem,
    "last_map": _map_key_problem,
    "flashing": _flag_problem,
    "brightness": _percent_problem(0),
    "fullscreen": _flag_problem,
    "smooth_scaling": _flag_problem,
    "speedrun_hud": _hud_problem,
    "keys": _bindings_problem,
    "pad": _bindings_problem,
    "assist_speed": _percent_problem(50),
    "assist_infinite_chakra": _flag_problem,
    "assist_no_stun": _flag_problem,
    "assist_slow_collapse": _flag_problem,
}


def parse_settings(data) -> tuple[Settings, list[str]]:
    """Settings from decoded JSON, and a list of problems (empty when all is well). Values
    with a problem keep their default; keys this version does not know are ignored, so an
    older game can read a newer file."""
    if not isinstance(data, dict):
        return Settings(), ["the file must hold one JSON object"]
    values: dict[str, Any] = {}  # JSON values, each one passed its check: the field's type
    problems: list[str] = []
    for key, check in _CHECKS.items():
        if key not in data:
            continue
        problem = check(data[key])
        if problem:
            problems.append(f"{key} {problem}, got {files.shown(data[key])}")
        else:
            values[key] = float(data[key]) if key.endswith("_volume") else data[key]
    return Settings(**values), problems


def load_settings(path: Path | None = None) -> Settings:
    """The saved settings, or the defaults when there are none. Never raises: a file that
    cannot be read (not UTF-8, not JSON, not a regular file, too large) or holds bad values
    is moved aside to `<name>.bad`, reported in one line on stderr, and the usable values are
    kept (and saved again, so they survive). When it cannot even be moved aside, nothing is
    saved over it this session."""
    path = Path(path) if path else settings_path()
    try:
        settings, problems = parse_settings(
            files.read_json(path, MAX_SETTINGS_BYTES, "settings file")
        )
    except files.MissingFile:
        return Settings()
    except files.UnreadableFile as error:
        settings, problems = Settings(), [error.problem]
    if problems:
        more = f" (and {len(problems) - 3} more)" if len(problems) > 3 else ""
        _set_aside(path, settings, "; ".join(problems[:3]) + more)
    return settings


def _set_aside(path: Path, settings: Settings, problem: str) -> None:
    bad = files.set_aside(path)
    if bad is None:
        files.keep_unwritten(path)
        print(
            f"{path}: {problem}; could not move it aside, so it is left as it is and the "
            "settings will not be saved this time",
            file=sys.stderr,
        )
        return
    print(f"{path}: {problem}; moved it to {bad.name} and using defaults for it", file=sys.stderr)
    with contextlib.suppress(OSError, files.UnreadableFile):
        atomic_write_text(path, json.dumps(dataclasses.asdict(settings), indent=2) + "\n")
