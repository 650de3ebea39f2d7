"""The world: everything the simulation knows, advanced one tick at a time by `step`.

Presentation code reads these attributes and never writes them:

- `tick` ticks simulated; `game_ticks` ticks since the run started (first input); `started`,
  `finished` and `result` ("rescued" when nobody is left inside, "collapsed" when time ran out)
- `flags` (H, W) uint8 and `terrain` (H, W) int32 gids: the live tile grid; `tiles_version`
  grows whenever a tile changes, so a renderer can rebuild its cache
- `naruto`: the player (see `naruto.Naruto`)
- `clones`, `miners`, `rocks`: struct-of-arrays pools (see `pools`)
- `miner_names`: names by `miners.name_id`
- `collapse_ticks_left`, `collapse_stage` (1..4), `rescued`, `lost`, `total_miners`
- `air`, `air_max` (ticks of air per chamber), `chamber_sealed`, `chamber_at(px, py)`
- `braziers_lit` (per `level.braziers`), `triggers_fired` (per `level.triggers`)
- `dialogue`: the text of the open dialogue box, "" when none; while one is open the world
  stands still and the in-game timer stops
- `rescued_order`: miner indices in the order they got out
- `split_ticks`: the in-game time of each split reached (`level.splits`, in order);
  `quota_tick`: the in-game time the map's quota of miners was out (-1 until then)
- `events`: what happened during the last tick, as (kind, x_px, y_px) tuples, for sound and
  particles: jump, land, clone, puff, rasengan, break, rock_land, rock_shatter, stun, rescue,
  fire, ignite, burn, floor_collapse, seal, fall, respawn, faint, dialogue, boost, split
"""

from __future__ import annotations

import hashlib

import numpy as np

from game.level.model import Level
from game.sim import (
    air,
    chasms,
    clones,
    collapse,
    dialogue,
    miners,
    naruto,
    paths,
    physics,
    rocks,
    splits,
    triggers,
)
from game.sim.pools import ClonePool, MinerPool, RockPool
from game.sim.rng import Rng

CLONE_CAPACITY = 1024
ROCK_CAPACITY = 1024


class World:
    def __init__(self, level: Level, seed: int | None = None, clone_capacity: int = CLONE_CAPACITY):
        self.level = level
        self.rng = Rng(level.seed if seed is None else seed)
        self.tick = 0
        self.game_ticks = 0
        self.started = False
        self.finished = False
        self.result = ""
        self.events: list[tuple[str, int, int]] = []
        self.flags = level.flags.copy()
        self.terrain = level.terrain.copy()
        self.grid = physics.padded(self.flags)  # the flags with a solid border, for lookups
        self.tiles_version = 0
        self.naruto = naruto.Naruto.at_spawn(level.spawn)
        self.clones = ClonePool(clone_capacity)
        self.rocks = RockPool(ROCK_CAPACITY)
        self.miners = MinerPool(max(1, len(level.miners)))
        self.miner_names = miners.populate(self.miners, level)
        self.total_miners = len(level.miners)
        self.rescued = 0
        self.lost = 0
        self.collapse_ticks_left = collapse.total_ticks(level)
        self.collapse_stage = 1
        self.rescued_order: list[int] = []
        self.miner_says = [spec.says for spec in level.miners]
        self.braziers_lit = np.array([b.lit for b in level.braziers], dtype=bool)
        self.rock_grid, self.rock_grid_tick = None, -1
        self.paths = paths.PathFields(self)
        air.setup(self, level)
        triggers.setup(self)
        splits.setup(self)
        dialogue.setup(self)

    def chamber_at(self, px: int, py: int) -> int:
        """The chamber holding pixel (px, py), or -1."""
        return air.chamber_at(self, px, py)

    # --- tiles -----------------------------------------------------------------------------
    def set_tile(self, row: int, col: int, gid: int, flags: int) -> None:
        self.terrain[row, col] = gid
        self.flags[row, col] = flags
        self.grid[row + 1, col + 1] = flags
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
        if self.started:
            self.game_ticks += 1
            collapse.update(self)
        naruto.update(self, buttons)
        triggers.update(self)
        if self.started:
            rocks.spawn_from_cracks(self)
        self.paths.refresh(self)
        clones.update(self)
        miners.update(self)
        rocks.update(self)
        chasms.update(self)
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
        h.update(self.result.encode())
        h.update(self.dialogue.encode())
        h.update(self.air.tobytes())
        h.update(self.braziers_lit.tobytes())
        h.update(self.triggers_fired.tobytes())
        h.update(np.array(self.rescued_order, dtype=np.int32).tobytes())
        h.update(np.array(self.split_ticks, dtype=np.int64).tobytes())
        h.update(self.flags.tobytes())
        h.update(self.terrain.tobytes())
        h.update(self.naruto.digest_bytes())
        for pool in (self.clones, self.miners, self.rocks):
            pool.digest_into(h)
        return h.hexdigest()
