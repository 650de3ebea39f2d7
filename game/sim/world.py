"""The world: everything the simulation knows, advanced one tick at a time by `step`.

Every attribute is declared, typed and explained in `World.__init__`, and nowhere else: the
modules' `setup()` functions only fill in the ones they own. Presentation code reads these
attributes and never writes them:

- `tick` ticks simulated; `game_ticks` ticks since the run started (first input); `started`,
  `finished` and `result` ("rescued" when nobody is left inside, "collapsed" when time ran out)
- `flags` (H, W) uint8 and `terrain` (H, W) int32 gids: the live tile grid; `tiles_version`
  grows whenever a tile changes, so a renderer can rebuild its cache
- `naruto`: the player (see `naruto.Naruto`)
- `clones`, `miners`, `rocks`: struct-of-arrays pools (see `pools`), named in `World.POOLS`
- `miner_names`: names by `miners.name_id`
- `collapse_ticks_left`, `collapse_stage` (1..4), `rescued`, `lost`, `total_miners`
- `air`, `air_max` (ticks of air per chamber), `chamber_sealed`, `chamber_at(px, py)`
- `braziers_lit` (per `level.braziers`), `triggers_fired` (per `level.triggers`)
- `dialogue`: the text of the open dialogue box, "" when none; while one is open the world
  stands still and the in-game timer stops
- `rescued_order`: miner indices in the order they got out
- `split_ticks`: the in-game time of each split reached (`level.splits`, in order);
  `quota_tick`: the in-game time the map's quota of miners was out (-1 until then)
- `assists`: the assist mode's assists this run plays with (`game.sim.assists`: infinite chakra,
  no stun, slow collapse); empty for an unassisted run, whose state hash leaves them out
- `events`: what happened during the last tick, as (kind, x_px, y_px) tuples, for sound and
  particles; every kind, and what its x, y mean, is named once in `game.sim.events`
"""

from __future__ import annotations

import hashlib
from typing import ClassVar

import numpy as np

from game.level.model import Level
from game.sim import (
    air,
    chasms,
    clones,
    collapse,
    crates,
    dialogue,
    guards,
    miners,
    naruto,
    paths,
    physics,
    rocks,
    sections,
    splits,
    triggers,
)
from game.sim import assists as assist_names
from game.sim.constants import ONE_WAY, SOLID
from game.sim.pools import ClonePool, CratePool, GuardPool, MinerPool, RockPool
from game.sim.rng import Rng

CLONE_CAPACITY = 1024
ROCK_CAPACITY = 1024


class World:
    # The attributes holding entity pools, in the order `state_hash` digests them.
    POOLS: ClassVar[tuple[str, ...]] = ("clones", "miners", "rocks", "crates", "guards")

    def __init__(
        self,
        level: Level,
        seed: int | None = None,
        clone_capacity: int = CLONE_CAPACITY,
        assists: frozenset[str] | tuple[str, ...] = frozenset(),
    ):
        # Every attribute of a World is declared here, and nowhere else; the modules' setup()
        # calls at the end fill in the ones they own (tests/sim/test_world_state.py checks).
        self.level: Level = level  # the map, as loaded; never changed
        self.rng: Rng = Rng(level.seed if seed is None else seed)  # the only randomness
        # the assists the simulation runs (game.sim.assists.SIMULATED); a game speed
        # (speed_NN) is accepted and left out, since it never changes a tick
        self.assists: frozenset[str] = assist_names.simulated(assists)
        # --- time and outcome
        self.tick: int = 0  # ticks simulated
        self.game_ticks: int = 0  # ticks since the run started (the in-game timer)
        self.started: bool = False  # the first input has come
        self.finished: bool = False  # the run is over; `step` only counts ticks
        self.result: str = ""  # "rescued" or "collapsed" once finished
        self.events: list[tuple[str, int, int]] = []  # (kind, x_px, y_px) of the last tick
        # --- tiles
        self.flags: np.ndarray = level.flags.copy()  # (H, W) uint8 tile flags, live
        self.terrain: np.ndarray = level.terrain.copy()  # (H, W) int32 tile gids, live
        self.grid: np.ndarray = physics.padded(self.flags)  # flags with a solid border
        # The grid's SOLID bit, and SOLID or ONE_WAY, as bools: the crowd's wall and floor
        # tests read them without masking the flags at every look (kept by set_tile).
        self.solid: np.ndarray = (self.grid & SOLID) != 0
        self.stands_on: np.ndarray = (self.grid & (SOLID | ONE_WAY)) != 0
        self.tiles_version: int = 0  # grows whenever a tile changes
        # --- bodies
        self.naruto: naruto.Naruto = naruto.Naruto.at_spawn(level.spawn)  # the player
        self.clones: ClonePool = ClonePool(clone_capacity)  # shadow clones
        self.rocks: RockPool = RockPool(ROCK_CAPACITY)  # falling rocks
        self.miners: MinerPool = MinerPool(max(1, len(level.miners)))  # the map's miners
        self.miner_names: list[str] = miners.populate(self.miners, level)  # by name_id
        # --- rescue and collapse
        self.total_miners: int = len(level.miners)  # miners on the map
        self.rescued: int = 0  # miners got out
        self.lost: int = 0  # miners lost for good
        self.collapse_ticks_left: int = collapse.total_ticks(level)  # until the mine falls in
        self.collapse_stage: int = 1  # 1..4, how far the collapse has come
        self.rescued_order: list[int] = []  # miner indices in the order they got out
        self.miner_says: list[str] = [spec.says for spec in level.miners]  # rescue lines
        # per level.braziers: burning
        self.braziers_lit: np.ndarray = np.array([b.lit for b in level.braziers], dtype=bool)
        # --- Boulder Town (filled by crates.setup and guards.setup)
        self.crates: CratePool = CratePool(max(1, len(level.crates)))  # supply crates
        self.total_crates: int = 0  # crates on the map
        self.crates_delivered: int = 0  # crates set down at a camp
        self.crates_lost: int = 0  # crates that fell into a chasm with their clone
        self.guards: GuardPool = GuardPool(max(1, len(level.guards)))  # the guards' line
        self.folk_cheer_tick: np.ndarray = np.zeros(0, dtype=np.int32)  # per level.townsfolk
        self.clone_burst: int = 0  # clones of a Multi Shadow Clone still to pour out
        # --- the maps of the run (see game.sim.sections)
        self.section: int = 0  # index into level.sections of the map Naruto is in
        # --- caches (derived from the state above, not part of the hash)
        self.rock_grid: np.ndarray | None = None  # platforms.rock_grid: cell -> falling rock
        self.rock_grid_tick: int = -1  # the tick rock_snapshot was taken for, -1 for stale
        # platforms.rock_slots: (slots, x, y, size) of the falling rocks, the grid's source
        self.rock_snapshot: tuple[np.ndarray, ...] = ()
        self.paths: paths.PathFields = paths.PathFields(self)  # flow fields for the miners
        # --- air (filled by air.setup)
        self.air_max: np.ndarray = np.zeros(0, dtype=np.int32)  # per chamber: ticks of air
        self.air: np.ndarray = np.zeros(0, dtype=np.int32)  # per chamber: ticks of air left
        self.air_refill: np.ndarray = np.zeros(0, dtype=np.int32)  # per chamber: air a tick
        self.chamber_sealed: np.ndarray = np.zeros(0, dtype=bool)  # per chamber: no way out
        self.exit_version_seen: int = -1  # paths.exit_version chamber_sealed was found for
        # --- triggers (filled by triggers.setup)
        self.triggers_fired: np.ndarray = np.zeros(0, dtype=bool)  # per level.triggers
        # --- speedrun timing (filled by splits.setup)
        self.split_ticks: list[int] = []  # game_ticks each of level.splits was reached at
        self.quota_tick: int = -1  # game_ticks when `quota` miners were out, -1 until then
        self.quota: int = 0  # miners needed for Any% (level.quota, or all of them)
        # --- dialogue (filled by dialogue.setup)
        self.dialogue: str = ""  # the text of the open box, "" when none
        self.dialogue_queue: list[str] = []  # lines waiting for the open box to close
        self.dialogue_age: int = 0  # ticks the open box has been open
        air.setup(self, level)
        crates.setup(self)
        guards.setup(self)
        if level.crates or level.guards:
            # The paths were laid before the crates and guards stood: lay them again.
            self.paths.mark_miners_dirty()
            self.paths.refresh(self, force=True)
        triggers.setup(self)
        splits.setup(self)
        dialogue.setup(self)

    def chamber_at(self, px: int, py: int) -> int:
        """The chamber holding pixel (px, py), or -1."""
        return air.chamber_at(self, px, py)

    @property
    def awake(self) -> bool:
        """The collapse has begun in the map Naruto is in or behind him: its timer, rocks,
        air and miners run (a chain's town comes before it; a single map is awake at once)."""
        return self.section >= self.level.collapse_section

    # --- tiles -----------------------------------------------------------------------------
    def set_tile(self, row: int, col: int, gid: int, flags: int) -> None:
        self.terrain[row, col] = gid
        self.flags[row, col] = flags
        self.grid[row + 1, col + 1] = flags
        self.solid[row + 1, col + 1] = bool(flags & SOLID)
        self.stands_on[row + 1, col + 1] = bool(flags & (SOLID | ONE_WAY))
        self.tiles_version += 1
        self.paths.mark_dirty()

    # --- the tick --------------------------------------------------------------------------
    def step(self, buttons: int) -> None:
        """Advance exactly one tick of 1/60 s with this tick's input bitmask."""
        self.events = []
        self.tick += 1
        if self.finished:
            return
        if self.dialogue:
            dialogue.step(self, buttons)
            return
        if not self.started and buttons:
            self.started = True
        awake = self.awake
        if self.started:
            self.game_ticks += 1
            if awake:
                collapse.update(self)
        naruto.update(self, buttons)
        sections.update(self)
        triggers.update(self)
        if self.started and awake:
            rocks.spawn_from_cracks(self)
        self.paths.refresh(self)
        clones.update(self)
        guards.update(self)
        crates.settle(self)
        if awake:
            miners.update(self)
        rocks.update(self)
        chasms.update(self)
        if awake:
            air.update(self)
        collapse.check_end(self)
        splits.update(self)

    # --- verification ----------------------------------------------------------------------
    def state_hash(self) -> str:
        """A digest of the whole world; equal hashes mean equal worlds."""
        h = hashlib.blake2b(digest_size=16)
        header = np.array(
            [
                self.tick,
                self.game_ticks,
                int(self.started),
                int(self.finished),
                self.rng.state,
                self.tiles_version,
                self.rescued,
                self.lost,
                self.collapse_ticks_left,
                self.collapse_stage,
                len(self.dialogue_queue),
                self.dialogue_age,
                self.quota_tick,
            ],
            dtype=np.int64,
        )
        h.update(header.tobytes())
        # Boulder Town's state joins the digest only once it is not all zero, so a run of a
        # map without a town (the Great Mine alone) keeps the hash it had before the town
        # existed: replays recorded then still verify.
        town = [
            self.total_crates,
            self.crates_delivered,
            self.crates_lost,
            self.clone_burst,
            self.section,
        ]
        if any(town):
            h.update(np.array(town, dtype=np.int64).tobytes())
        # The assists join the digest only when there are some: an unassisted run keeps the
        # hash it had before assist mode existed.
        if self.assists:
            h.update(",".join(assist_names.ordered(self.assists)).encode())
        h.update(self.result.encode())
        h.update(self.dialogue.encode())
        h.update(self.air.tobytes())
        h.update(self.braziers_lit.tobytes())
        h.update(self.triggers_fired.tobytes())
        h.update(self.folk_cheer_tick.tobytes())
        h.update(np.array(self.rescued_order, dtype=np.int32).tobytes())
        h.update(np.array(self.split_ticks, dtype=np.int64).tobytes())
        h.update(self.flags.tobytes())
        h.update(self.terrain.tobytes())
        h.update(self.naruto.digest_bytes())
        for name in World.POOLS:
            getattr(self, name).digest_into(h)
        return h.hexdigest()
