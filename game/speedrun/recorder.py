"""Recording a run as a replay, and saving it in the user's replays folder.

The play screen hands every input it passes to `world.step` to `RunRecorder.record`, and
at the end (finish or reset) calls `finish(world)` then `save_replay`. `python -m game
replay record` does exactly the same from an input script, so both make the same file.
"""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

from game import __version__, files
from game.level.model import Level
from game.sim import SIM_VERSION
from game.sim import assists as assist_names
from game.sim.constants import TICKS_PER_SECOND
from game.speedrun.digest import chain_digests, is_chain, map_digest, run_id
from game.speedrun.replay import CATEGORIES, MAX_TICKS, Replay, dumps
from game.store import data_dir

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
    ):
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

    def record(self, mask: int) -> None:
        """Call with each mask passed to `world.step`, in order."""
        self.inputs.append(mask)

    def finish(self, world) -> Replay:
        if world.tick != len(self.inputs):
            raise ValueError(
                f"recorded {len(self.inputs)} inputs but the world ran {world.tick} ticks"
            )
        return Replay(
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
        )


# --- saving ------------------------------------------------------------------------------------
def replays_dir() -> Path:
    """The user data folder's `replays` (or GREAT_MINE_RESCUE_HOME/replays when set)."""
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
):
    """Play an InputScript headlessly, exactly as the play screen steps a world, and return
    its Replay. The run stops at the finish or, when it never finishes, once the script's
    last change plus a whole collapse timer have gone by (a dialogue left open, say).
    `on_watch`, when given, receives the run's read-only `game.trace.Watch` (its `note`
    says whether the run ended stuck). `assists` (game.sim.assists): played, and named in the
    header."""
    from game.sim.collapse import total_ticks
    from game.sim.world import World
    from game.trace import Watch

    recorder = RunRecorder(map_path, level, category, assists=assists)
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
        recorder.record(mask)
        world.step(mask)
        watch.after_step(world)
    return recorder.finish(world)
