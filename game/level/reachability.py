"""Can every miner ever get out? The check `python -m game check` runs on a loaded Level.

It opens every breakable tile (debris, rubble, barricades: whatever Naruto can clear), builds
the same distance field toward the exits that clones and miners walk on, and reports the
miners standing where that field never reaches. Triggers are left out: they fire during play.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from game.level.model import Level, MinerSpec
from game.sim.constants import BREAKABLE, SUBPIXEL
from game.sim.paths import UNREACHABLE, body_cells
from game.sim.pools import MINER_H, MINER_W
from game.sim.world import World


def unreachable_miners(level: Level) -> list[MinerSpec]:
    flags = np.where(level.flags & BREAKABLE, 0, level.flags).astype(np.uint8)
    world = World(replace(level, flags=flags, intro=""))
    field = world.paths.to_exit
    stuck = []
    for spec in level.miners:
        x = np.array([spec.x * SUBPIXEL - MINER_W * SUBPIXEL // 2])
        y = np.array([(spec.y - MINER_H) * SUBPIXEL])
        row, col = body_cells(x, y, MINER_W, MINER_H)
        if field[int(row[0]) + 1, int(col[0]) + 1] >= UNREACHABLE:
            stuck.append(spec)
    return stuck
