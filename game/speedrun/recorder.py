"""Recording a run as a replay, and saving it in the user's replays folder.

The play screen hands every input it passes to `world.step` to `RunRecorder.record`, and
at the end (finish or reset) calls `finish(world)` then `save_replay`. `python -m game
replay record` does exactly the same from an input script, so both make the same file.

Given the world after each step (`record(mask, world)`), the recorder also keeps what lets
`verify` locate a desync (game/speedrun/replay.py, sections CHKP and TRAL): the part hashes
(game.sim.fingerprint) every CHECKPOINT_EVERY ticks and at the end, and one byte per part per
tick. Ticks it is not shown (the intro the play screen skips for a restart) are left out: the
trail starts after them.
"""

from __future__ import annotations

import dataclasses
import os
import sys
import zlib
from datetime import datetime
from pathlib import Path

from game import __version__, files
from game.level.model import Level
from game.sim import SIM_VERSION
from game.sim import assists as assist_names
from game.sim.constants import TICKS_PER_SECOND
from game.sim.fingerprint import part_hashes, part_names, trail_byte
from game.speedrun.digest import chain_digests, is_chain, map_digest, run_id
from game.speedrun.replay import (
    CATEGORIES,
    CHECKPOINT_EVERY,
    MAX_FILE_BYTES,
    MAX_TICKS,
    TRAIL_BUDGET,
    Replay,
    Trail,
    dumps,
    encode_trail,
)

GAME_NAME = "Great Mine Rescue"
REPLAY_SUFFIX = ".gmr"


def category_times(world) -> dict[str, int]:
    """Each category's time for this world, -1 where the run did not make it.

    Any%: the in-game time the map's quota of miners was out. All Rescued: the in-game time
    of the finish, only when every miner got out and nobody was lost, and every supply crate
    was delivered (a town map's; a mine has none)."""
    all_out = world.finished and world.result == "rescued" and world.lost == 0
    all_out = all_out and world.crates_delivered >= world.total_crates
    return {"any": world.quota_tick, "all": world.game_ticks if all_out else -1}


class RunRecorder:
    """Collects one run's per-tick inputs; `finish` turns them and the world into a Replay."""

    def __init__(
        self,
        map_path: str | os.PathLike,
        level: Level,
        category: str = "any",
        practice=False,
        assists: tuple[str, ...] | frozenset[str] = (),
        embed_map: bool = False,
    ):
        """`embed_map`: carry the map's files in the replay (raises EmbedError, or the file
        gate's ValueErrors, when they cannot be gathered)."""
        if category not in CATEGORIES:
            raise ValueError(f"unknown category '{category}' (known: any, all)")
        # One map: its file's stem. A chain: the run's own id, and every map's digest.
        self.map_id = run_id(level) if is_chain(level) else Path(map_path).stem
        self.chain = chain_digests(level)  # () for one map
        self.level = level
        self.category = category
        self.practice = bool(practice)
        self.assists = assist_names.ordered(assists)  # the run's, fixed at its start
        self.digest = map_digest(level)  # once per run, not per tick
        self.inputs: list[int] = []
        # the desync locator's records (see the module docstring)
        self.parts = part_names(level)
        self.checkpoints: list[tuple[int, tuple[int, ...]]] = []
        self.trail_first = 0  # the first tick in the trail, 0 until one is seen
        self.trail: list[bytearray] = [bytearray() for _ in self.parts]
        self.trail_broken = False  # a tick went unseen after the trail began: it ends there
        # the map's files, carried in the replay (game/speedrun/embed.py), or ()
        self.embedded: tuple[tuple[str, bytes], ...] = ()
        if embed_map:
            self.embedded = embedded_files(level)

    def record(self, mask: int, world=None) -> None:
        """Call with each mask passed to `world.step`, in order; with `world` (the world just
        after that step) the checkpoints and the trail are kept too."""
        self.inputs.append(mask)
        if world is not None:
            self._observe(world)

    def _observe(self, world) -> None:
        tick = world.tick
        if tick != len(self.inputs) or self.trail_broken:
            return  # not the world after this input: never guess
        hashes = part_hashes(world)
        values = tuple(hashes[name] for name in self.parts)
        if tick % CHECKPOINT_EVERY == 0:
            self.checkpoints.append((tick, values))
        if not self.trail_first:
            self.trail_first = tick
        elif self.trail_first + len(self.trail[0]) != tick:
            self.trail_broken = True  # a gap: what follows would be misplaced
            return
        for column, value in zip(self.trail, values, strict=True):
            column.append(trail_byte(value))

    def _final_checkpoints(self, world) -> tuple[tuple[int, tuple[int, ...]], ...]:
        found = list(self.checkpoints)
        if world.tick and (not found or found[-1][0] != world.tick):
            hashes = part_hashes(world)
            found.append((world.tick, tuple(hashes[name] for name in self.parts)))
        return tuple(found)

    def _trail(self, room: int) -> Trail | None:
        """The trail, thinned to every 2nd, 4th, ... tick when the whole of it would take more
        than TRAIL_BUDGET, or more than the `room` the rest of the file leaves under the size
        cap (a run of hours); None when not even a thin one fits."""
        if not self.trail_first or not self.trail[0]:
            return None
        budget = min(TRAIL_BUDGET, room)
        stride = 1
        while stride <= len(self.trail[0]):
            columns = tuple(bytes(column[::stride]) for column in self.trail)
            trail = Trail(self.trail_first, stride, columns)
            packed = len(zlib.compress(encode_trail(self.parts, trail), 6))
            if packed <= budget:
                return trail
            # the bytes are close to random: a trail shrinks about as fast as it is thinned
            stride *= 1 << max(1, (packed // max(1, budget)).bit_length() - 1)
        return None

    def finish(self, world) -> Replay:
        if world.tick != len(self.inputs):
            raise ValueError(
                f"recorded {len(self.inputs)} inputs but the world ran {world.tick} ticks"
            )
        replay = Replay(
            game=GAME_NAME,
            game_version=__version__,
            sim_version=SIM_VERSION,
            map_id=self.map_id,
            map_digest=self.digest,
            seed=self.level.seed,  # World(level) seeds itself from the map, as play does
            category=self.category,
            final_tick=world.tick,
            game_ticks=world.game_ticks,
            times=category_times(world),
            final_hash=world.state_hash(),
            split_ticks=tuple(world.split_ticks),
            quota_tick=world.quota_tick,
            rescued=world.rescued,
            lost=world.lost,
            total=world.total_miners,
            result=world.result,
            practice=self.practice,
            assists=self.assists,
            recorded_at=datetime.now().isoformat(timespec="seconds"),
            inputs=tuple(self.inputs),
            chain=self.chain,
            parts=self.parts,
            checkpoints=self._final_checkpoints(world),
            embedded=self.embedded,
        )
        # The trail gets what the rest leaves under the file's size cap (less a margin for
        # the section's own bytes and compressing at another level).
        room = MAX_FILE_BYTES - len(dumps(replay)) - 16 * 1024
        return dataclasses.replace(replay, trail=self._trail(room))


_embedded_cache: dict[int, tuple[Level, tuple[tuple[str, bytes], ...]]] = {}
_not_carried: set[str] = set()  # maps already said to be unable to travel, this session


def carries_map(level: Level) -> bool:
    """Whether the game's own replays of `level` carry its map: yes for a user map (a file
    outside the game's maps folder), whose files are gathered once per level object. A map
    that cannot be gathered is said once, on stderr, and its replays go without it."""
    from game.speedrun import embed

    if not os.path.isfile(level.path) or embed.is_shipped(level.path):
        return False
    try:
        embedded_files(level)
    except Exception as error:  # the replay is worth more than its map: record it anyway
        if level.path not in _not_carried:
            _not_carried.add(level.path)
            print(f"replays of this map will not carry it: {error}", file=sys.stderr)
        return False
    return True


def embedded_files(level: Level) -> tuple[tuple[str, bytes], ...]:
    """The files of the level's map (a chain's maps) to carry in a replay, gathered once per
    level object (a restart reads no file) and checked to load as the very level played: a
    map saved again since it was loaded is refused (EmbedError)."""
    cached = _embedded_cache.get(id(level))
    if cached is not None and cached[0] is level:
        return cached[1]
    from game.speedrun import embed

    files = embed.gather(list(level.chain_paths) if is_chain(level) else [level.path])
    if embed.bundle_digest(files, is_chain(level)) != map_digest(level):
        raise embed.EmbedError(f"{level.path}: the map changed on disk since it was loaded")
    if len(_embedded_cache) > 8:
        _embedded_cache.clear()
    _embedded_cache[id(level)] = (level, files)
    return files


# --- saving ------------------------------------------------------------------------------------
def replays_dir() -> Path:
    """The user data folder's `replays` (or GREAT_MINE_RESCUE_HOME/replays when set)."""
    # Imported here: the settings store (and platformdirs) would slow the start of `verify`,
    # which imports this module for category_times and never saves.
    from game.store import data_dir

    return data_dir() / "replays"


def time_label(ticks: int) -> str:
    """Ticks as 1m05s16 (m:ss.ss with letters, safe in a file name on every system)."""
    if ticks < 0:
        return "dnf"
    centis = ticks * 100 // TICKS_PER_SECOND
    minutes, centis = divmod(centis, 6000)
    return f"{minutes}m{centis // 100:02d}s{centis % 100:02d}"


def replay_file_name(replay: Replay) -> str:
    """great_mine_any_1m05s16_2026-11-25_1304.gmr (the date is the recording's)."""
    try:
        when = datetime.fromisoformat(replay.recorded_at)
    except ValueError:
        when = datetime.now()
    stamp = when.strftime("%Y-%m-%d_%H%M")
    marks = ("_assisted" if replay.assists else "") + ("_practice" if replay.practice else "")
    return f"{replay.map_id}_{replay.category}{marks}_{time_label(replay.time_ticks)}_{stamp}"


def save_replay(replay: Replay, folder: str | os.PathLike | None = None) -> Path:
    """Write the replay under a new, unique name in `folder` (default `replays_dir()`) and
    return its path. Atomic: the file appears whole or not at all. Raises OSError."""
    folder = Path(folder) if folder is not None else replays_dir()
    stem = replay_file_name(replay)
    path = folder / f"{stem}{REPLAY_SUFFIX}"
    number = 2
    while path.exists():  # two runs in the same minute with the same time
        path = folder / f"{stem}_{number}{REPLAY_SUFFIX}"
        number += 1
    write_atomic(path, dumps(replay))
    return path


def write_atomic(path: str | os.PathLike, data: bytes) -> Path:
    """Replace `path` with `data` all at once (`game.files.atomic_write`); only ever a regular
    file. Returns the path written."""
    return files.atomic_write(path, data)


def record_script(
    map_path: str | os.PathLike,
    level: Level,
    script,
    category: str = "any",
    on_watch=None,
    assists: tuple[str, ...] | frozenset[str] = (),
    embed_map: bool = False,
):
    """Play an InputScript headlessly, exactly as the play screen steps a world, and return
    its Replay. The run stops at the finish or, when it never finishes, once the script's
    last change plus a whole collapse timer have gone by (a dialogue left open, say).
    `on_watch`, when given, receives the run's read-only `game.trace.Watch` (its `note`
    says whether the run ended stuck). `assists` (game.sim.assists): played, and named in the
    header. `embed_map`: the replay carries the map's files (see RunRecorder)."""
    from game.sim.collapse import total_ticks
    from game.sim.world import World
    from game.trace import Watch

    recorder = RunRecorder(map_path, level, category, assists=assists, embed_map=embed_map)
    world = World(level, assists=assists)
    watch = Watch(world)
    if on_watch is not None:
        on_watch(watch)
    slow = 2 if assist_names.SLOW_COLLAPSE in assists else 1  # the timer runs half as fast
    limit = min(script.last_change + total_ticks(level) * slow + 1, MAX_TICKS)
    for tick in range(limit):
        if world.finished:
            break
        mask = script.mask(tick)
        world.step(mask)
        recorder.record(mask, world)
        watch.after_step(world)
    return recorder.finish(world)
