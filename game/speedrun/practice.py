"""Practice from the personal best: its replay re-simulated, the world kept at every split.

A runner who has just started the game has reached no split this session, yet wants to
practise the fourth segment. The personal best's replay holds the way there: re-simulating
its inputs (the simulation is deterministic) gives the world exactly as it was at each split.
That costs about a millisecond a tick, a second or two for a whole run, so `PbSnapshots`
does it in slices of a few milliseconds (`advance`), never all at once.

The replay is the one saved when the PB was run: the replays folder names files by map,
category and time, and the header must agree with the PB to the tick (time and every split)
and have been made on this very map by this simulation. A PB whose replay is gone, or was
made on another version of the map, simply offers no snapshots.
"""

from __future__ import annotations

import copy
import glob
import time
from collections.abc import Callable
from pathlib import Path

from game.level.model import Level
from game.sim import SIM_VERSION
from game.sim.world import World
from game.speedrun.digest import map_digest
from game.speedrun.recorder import REPLAY_SUFFIX, time_label
from game.speedrun.replay import Replay, ReplayError, read_replay

# Files looked at for one PB at most: the names already narrow it to one map, category and
# time, so more than this is a folder nobody would want read in full.
MAX_CANDIDATES = 20


def pb_split_indices(pb_rows: tuple[int | None, ...]) -> set[int]:
    """The splits the PB reached (its rows but the last, which is the finish)."""
    return {i for i, ticks in enumerate(pb_rows[:-1]) if ticks is not None}


def matches_pb(
    replay: Replay, map_name: str, category: str, pb_rows, digest: str, assisted: bool = False
) -> bool:
    """True when `replay` is the run that set this PB, on this map, by this simulation (an
    assisted run for the `assisted` board, an unassisted one otherwise)."""
    if replay.practice or replay.map_id != map_name or replay.category != category:
        return False
    if bool(replay.assists) != assisted:
        return False
    if replay.sim_version != SIM_VERSION or replay.map_digest != digest:
        return False
    if not pb_rows or replay.times.get(category) != pb_rows[-1]:
        return False
    for index in pb_split_indices(tuple(pb_rows)):
        if index >= len(replay.split_ticks) or replay.split_ticks[index] != pb_rows[index]:
            return False
    return True


def find_pb_replay(
    folder: Path, level: Level, map_name: str, category: str, pb_rows, assisted: bool = False
) -> Replay | None:
    """The PB's replay in `folder`, or None. Unreadable files are passed over quietly: they
    are some other run's problem, and `verify` is where a runner hears about them."""
    if not pb_rows or pb_rows[-1] is None:
        return None
    marks = "_assisted" if assisted else ""  # as recorder.replay_file_name names them
    prefix = f"{map_name}_{category}{marks}_{time_label(pb_rows[-1])}_"
    pattern = str(Path(glob.escape(str(folder))) / f"{glob.escape(prefix)}*{REPLAY_SUFFIX}")
    digest = map_digest(level)
    for path in sorted(glob.glob(pattern), reverse=True)[:MAX_CANDIDATES]:  # newest first
        try:
            replay = read_replay(path)
        except ReplayError:
            continue
        if matches_pb(replay, map_name, category, pb_rows, digest, assisted):
            return replay
    return None


class PbSnapshots:
    """The worlds at the PB's splits, built a slice at a time.

    `snapshots` maps a split index (0-based) to the world just after the tick that reached
    it; `waiting` holds the splits the PB reached that are not built yet. Once `done`, a split
    of the PB missing from `snapshots` is one its replay could not give (none found, or the
    re-simulation disagreed with it). `assisted`: the PB of the assisted board, re-simulated
    with the assists its replay names."""

    def __init__(
        self,
        level: Level,
        map_name: str,
        category: str,
        pb_rows,
        folder: Path,
        assisted: bool = False,
    ):
        self.level = level
        self.map_name = map_name
        self.category = category
        self.pb_rows = tuple(pb_rows)
        self.folder = Path(folder)
        self.assisted = assisted
        self.snapshots: dict[int, World] = {}
        self.waiting = pb_split_indices(self.pb_rows)
        self.done = not self.waiting
        self._replay: Replay | None = None
        self._world: World | None = None

    @property
    def ticks_simulated(self) -> int:
        """How far the re-simulation has gone (0 before it starts and once it is over)."""
        return self._world.tick if self._world is not None else 0

    def advance(
        self, budget_seconds: float, clock: Callable[[], float] = time.perf_counter
    ) -> None:
        """Work for about `budget_seconds`. Finding the replay and creating the world are a
        slice each; after that, whole ticks, the next one only when a tick as long as the
        last still fits (at least one per call, so the work always goes on). A tick far
        longer than the one before it can still overrun the budget by its own length."""
        if self.done:
            return
        now = clock()
        deadline = now + budget_seconds
        if self._replay is None:
            self._replay = find_pb_replay(
                self.folder, self.level, self.map_name, self.category, self.pb_rows, self.assisted
            )
            if self._replay is None:
                self._give_up()
            return
        if self._world is None:
            self._world = World(self.level, assists=self._replay.assists)
            return
        world, replay = self._world, self._replay
        inputs = replay.inputs
        while self.waiting and world.tick < len(inputs):
            reached = len(world.split_ticks)
            world.step(inputs[world.tick])
            after = clock()
            cost, now = after - now, after
            if len(world.split_ticks) > reached and not self._keep(world, replay, reached):
                return
            if now + cost > deadline:
                return
        self._give_up()  # every split is built, or the inputs ran out before the rest

    def _keep(self, world: World, replay: Replay, index: int) -> bool:
        claimed = replay.split_ticks
        if index >= len(claimed) or world.split_ticks[index] != claimed[index]:
            self._give_up()  # the re-simulation disagrees with the replay: trust neither
            self.snapshots.clear()
            return False
        if index in self.waiting:
            self.snapshots[index] = copy.deepcopy(world, {id(self.level): self.level})
            self.waiting.discard(index)
        return True

    def _give_up(self) -> None:
        self.done = True
        self.waiting = set()
        self._world = None  # nothing more to step: let the world go
