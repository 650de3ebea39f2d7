"""The runner's side of playing a map: personal bests, the PB's ghost and this run's track,
the run's replay, practice snapshots and LiveSplit. The play screen (game/ui/play.py) steps
and draws the world and hands each step here; this module imports no pygame, so the rules
for what a run keeps can be tested (and reused) without a window."""

from __future__ import annotations

import copy
import sys
import time
from collections.abc import Callable

from game.level.model import Level
from game.sim import assists as assist_names
from game.sim.world import World
from game.speedrun import livesplit
from game.speedrun.attempt import Attempt
from game.speedrun.ghost import GhostTrack, load_ghost, save_ghost
from game.speedrun.history import dates as attempt_dates
from game.speedrun.pbstore import PersonalBests, board_id, chosen_home, map_id
from game.speedrun.practice import PbSnapshots
from game.speedrun.recorder import RunRecorder, carries_map, replays_dir, save_replay

# The world as it was when each split was last reached, per run (`run_key`: the map's path;
# a chained run's adds its id, since it and its first map alone are two runs), for practice
# runs. Kept for the session (in memory only) so practice survives the results screen and
# the title.
_split_snapshots: dict[str, dict[int, World]] = {}
# The same from the personal best's replay, per (run key, category), for the splits this
# session has not reached: built a slice per frame while the pause menu is open (see
# prepare_practice).
_pb_snapshots: dict[tuple[str, str], PbSnapshots] = {}
_KEY_SEPARATOR = "\0"  # no path holds a NUL


def _key_path(run_key: str) -> str:
    return run_key.partition(_KEY_SEPARATOR)[0]


# Re-simulating the PB costs about a millisecond a tick: this much of each paused frame goes
# to it, so a whole run is ready in a few seconds of pause and no frame stalls.
PRACTICE_BUDGET_SECONDS = 0.005
PRACTICE_READY, PRACTICE_PREPARING, PRACTICE_UNAVAILABLE = "ready", "preparing", "unavailable"
LIVESPLIT_NOTICE_SECONDS = 5.0  # a failure is said once: long enough to read

Notify = Callable[[str, float], None]  # (text, seconds): the app's notice line


class SpeedrunSession:
    """What one play screen's runs keep and report.

    `playback` (a script drives the run, for watching): nothing is kept, no replay is
    recorded and LiveSplit stays off. `capture` (the app's lockstep: screenshots, tests)
    leaves the player's records as it found them: it reads them only from a
    GREAT_MINE_RESCUE_HOME chosen for it, never from the user's own folder, and writes no PB,
    ghost or replay anywhere. `livesplit_address` (host, port) drives a LiveSplit Server;
    `livesplit_one_port` serves LiveSplit One on that port (None: the server is stopped);
    `notify` is told their failures."""

    def __init__(
        self,
        level: Level,
        *,
        bests: PersonalBests | None = None,
        capture: bool = False,
        playback: bool = False,
        practice: bool = False,
        clock: Callable[[], float] = time.perf_counter,
        livesplit_address: tuple[str, int] | None = None,
        livesplit_one_port: int | None = None,
        notify: Notify | None = None,
    ):
        self.level = level
        # A run from a spot picked for testing (Level.spawn_moved: `play --spawn-at-object`)
        # is no run of the map: a practice run that, like a capture run, writes no records.
        if level.spawn_moved:
            capture = practice = True
        self.map_id = map_id(level)
        chained = len(level.chain_paths) > 1
        # The practice snapshots' key: the map's path, and a chain's own id after it.
        self.run_key = level.path + (_KEY_SEPARATOR + self.map_id if chained else "")
        self.playback = playback
        self.practice = practice  # marked as such: never a PB, never a replay
        self.practice_split: int | None = None  # R starts over from this split
        # Assist mode (game.sim.assists): the current run's assists, fixed when it starts (a
        # change in the settings applies from the next run), and the board its records go to.
        self.assists: tuple[str, ...] = ()
        self.board = self.map_id
        self._practice_origin: World | None = None
        self.reads_records = not capture or chosen_home() is not None
        self.writes_records = not capture
        self.bests = bests or PersonalBests(
            readable=self.reads_records, writable=self.writes_records
        )
        self.clock = clock
        self.notify = notify
        self.ghost: GhostTrack | None = None  # the PB's path in this category
        self.track = GhostTrack()  # this run's path: the next ghost if it is a PB
        self.attempt: Attempt | None = None
        self.recorder: RunRecorder | None = None
        self._saved = False
        self.livesplit_client: livesplit.LiveSplitClient | None = None
        self.timers: list = []  # LiveSplit's client and LiveSplit One's server, when on
        self.bridge = None
        if not playback:
            self.bridge = self._livesplit_bridge(livesplit_address, livesplit_one_port)

    # --- LiveSplit -------------------------------------------------------------------------
    def _livesplit_bridge(
        self, address: tuple[str, int] | None, one_port: int | None
    ) -> livesplit.LiveSplitBridge | None:
        if address is not None:
            try:
                self.livesplit_client = livesplit.shared_client(*address)
                self.timers.append(self.livesplit_client)
            except ValueError as error:  # settings.json is checked on load: belt and braces
                print(error, file=sys.stderr)
        # The server module is imported only when wanted: websockets and asyncio cost a
        # tenth of a second. Not imported yet: no server runs, none to stop.
        if one_port is not None:
            from game.speedrun import livesplit_one

            self.timers.append(livesplit_one.shared_server(one_port))
        elif (running := sys.modules.get("game.speedrun.livesplit_one")) is not None:
            running.stop_shared_server()  # the option was turned off: free the port
        if not self.timers:
            return None
        return livesplit.LiveSplitBridge(*(timer.push for timer in self.timers))

    def _report_livesplit_failure(self) -> None:
        for timer in self.timers:
            failure = timer.take_failure()
            if failure and self.notify is not None:
                self.notify(f"{failure}; retried on the next run", LIVESPLIT_NOTICE_SECONDS)

    # --- a run -----------------------------------------------------------------------------
    def start(self, category: str, assists: tuple[str, ...] | frozenset[str] = ()) -> World:
        """A new attempt in `category` and its world: from the map's start, or from the
        practice split. `assists` (assist mode's, game.sim.assists) hold for the whole run; an
        assisted run keeps its records on its own board. Script playback plays none. Call
        `end_attempt` on the last one first."""
        if self.bridge is not None:
            self.bridge.reset()
        for timer in self.timers:
            timer.retry()  # a failure is retried once per run, not per tick
        self.assists = () if self.playback else assist_names.ordered(assists)
        board = board_id(self.map_id, self.assists)
        if self.attempt is None or category != self.attempt.category or board != self.board:
            self.board = board
            self.ghost = self._load_ghost(category)  # once per category and board, not per R
        record = self.bests.get(self.board, category)
        self.track = GhostTrack()
        self.attempt = Attempt(
            self.level, category, record, self.practice, self.clock, self.assists
        )
        self.attempt.history = self.bests.history_of(self.board, category)
        self.recorder = self._new_recorder(category)
        self._saved = False
        return self._new_world()

    def _load_ghost(self, category: str) -> GhostTrack | None:
        if not self.reads_records:
            return None
        return load_ghost(self.board, category, set_aside=self.writes_records)

    def _new_world(self) -> World:
        if self.practice_split is not None and self._practice_origin is not None:
            # the world as it was, the assists it was played with included
            return copy.deepcopy(self._practice_origin, {id(self.level): self.level})
        return World(self.level, assists=self.assists)

    def _new_recorder(self, category: str) -> RunRecorder | None:
        # A replay must start at the map's start to verify: none from a split.
        if self.playback or self.practice_split is not None or not self.writes_records:
            return None
        try:
            return RunRecorder(
                self.level.path,
                self.level,
                category,
                self.practice,
                self.assists,
                embed_map=carries_map(self.level),  # a user map travels with its replays
            )
        except Exception as error:  # a replay bug must never stop a run
            print(f"replay recording is off for this run: {error}", file=sys.stderr)
            return None

    def record_input(self, mask: int, world: World | None = None) -> None:
        """A mask passed to `world.step`: in the replay. `stepped` gives the world after the
        step too (the replay's checkpoints); the intro skip, which records before, does not."""
        if self.recorder is not None:
            self.recorder.record(mask, world)

    def stepped(self, world: World, mask: int, feet: tuple[int, int], splits_before: int):
        """After each `world.step(mask)` of a run: the replay, the track, the timer, the
        practice snapshot of a split just reached, LiveSplit. `feet`: where the ghost is
        drawn, in the play screen's units."""
        if len(world.split_ticks) > splits_before:
            self._keep_snapshot(world, len(world.split_ticks))
        self.record_input(mask, world)
        self.track.record(world, feet)
        attempt = self.attempt
        assert attempt is not None, "stepped before start"
        if attempt.update(world) or world.finished:
            self.end_attempt(world)  # the PB is safe on disk before the results even show
        if self.bridge is not None and not self.practice:
            self.bridge.observe(world, attempt.final)
            self._report_livesplit_failure()

    def end_attempt(self, world: World) -> None:
        """Keep what this run earned (PB, best segments) and save its replay, once."""
        if self._saved or not world.started:
            return
        self._saved = True
        if not self.playback:
            self._keep_records(world)
        if self.recorder is not None:
            try:
                save_replay(self.recorder.finish(world))
            except Exception as error:
                print(f"could not save the replay: {error}", file=sys.stderr)

    def _keep_records(self, world: World) -> None:
        attempt = self.attempt
        assert attempt is not None, "a run ended before start"
        merged = attempt.merged(world)
        category = attempt.category
        if merged.pb_rows != attempt.record.pb_rows:
            if self.writes_records:
                save_ghost(self.board, category, self.track)  # this run is the PB now
            self.ghost = self.track
        if attempt.practice:  # a practice run is no attempt at the board: no history
            self.bests.put(self.board, category, merged)
            return
        # Counted as it ends (one save an attempt, none on its first input): finished, or
        # reset on the row it had reached (game/speedrun/history.py).
        when = attempt_dates(attempt.real_seconds())
        board = self.bests.history_of(self.board, category)
        after = board.with_attempt(attempt.rows(world), *when)
        self.bests.keep_attempt(self.board, category, merged, after)

    def end_run(self, world: World) -> None:
        """The map was saved again and a new screen takes over: keep what this run earned,
        and drop the practice snapshots, whose worlds hold the old map's tiles and objects."""
        self.end_attempt(world)
        # Every run through a map of this one is out of date: a chain's maps alone too.
        changed = set(self.level.chain_paths) | {self.level.path}
        for key in [key for key in _split_snapshots if _key_path(key) in changed]:
            del _split_snapshots[key]
        for pb_key in [key for key in _pb_snapshots if _key_path(key[0]) in changed]:
            del _pb_snapshots[pb_key]

    # --- practice --------------------------------------------------------------------------
    def start_practice(self, split: int, category: str) -> bool:
        """Practise from split `split` (0-based) from the next `start`: the world as this
        session's latest run through it left it, or else as the personal best's run did.
        False when neither has that split (ready)."""
        origin = _split_snapshots.get(self._snapshot_key(), {}).get(split)
        if origin is None:
            builder = self._pb_builder(category)
            origin = builder.snapshots.get(split) if builder is not None else None
        if origin is None:
            return False
        self.practice = True
        self.practice_split = split
        self._practice_origin = origin
        return True

    def practice_state(self, split: int, category: str) -> str:
        """ready, preparing (the PB's replay is still being re-simulated) or unavailable."""
        if split in _split_snapshots.get(self._snapshot_key(), {}):
            return PRACTICE_READY
        builder = self._pb_builder(category)
        if builder is None:
            return PRACTICE_UNAVAILABLE
        if split in builder.snapshots:
            return PRACTICE_READY
        return PRACTICE_PREPARING if split in builder.waiting else PRACTICE_UNAVAILABLE

    def prepare_practice(
        self, category: str, budget_seconds: float = PRACTICE_BUDGET_SECONDS
    ) -> None:
        """Spend about `budget_seconds` re-simulating the PB toward its split snapshots."""
        builder = self._pb_builder(category)
        if builder is not None and not builder.done:
            builder.advance(budget_seconds)

    def _pb_builder(self, category: str) -> PbSnapshots | None:
        """The PB snapshots of this map and category (no file is touched until `advance`);
        a new PB this session starts them over from its own replay."""
        if not self.reads_records or self.playback:
            return None
        key = (self._snapshot_key(), category)
        pb_rows = self.bests.get(self.board, category).pb_rows
        builder = _pb_snapshots.get(key)
        if builder is None or builder.pb_rows != tuple(pb_rows):
            assisted = bool(self.assists)
            folder = replays_dir()
            builder = PbSnapshots(self.level, self.map_id, category, pb_rows, folder, assisted)
            _pb_snapshots[key] = builder
        return builder

    def _snapshot_key(self) -> str:
        """The practice snapshots' key: the run's, and for an assisted run its assists (the
        worlds carry them, so practice from an assisted run stays assisted)."""
        played = assist_names.ordered(assist_names.simulated(self.assists))
        marks = (_KEY_SEPARATOR + "+".join(("assisted", *played))) if self.assists else ""
        return self.run_key + marks

    def _keep_snapshot(self, world: World, reached: int) -> None:
        if self.practice or self.playback:
            return
        snapshots = _split_snapshots.setdefault(self._snapshot_key(), {})
        snapshots[reached - 1] = copy.deepcopy(world, {id(self.level): self.level})
