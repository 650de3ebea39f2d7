"""Distance fields over the tile grid: how far each open cell is from the nearest goal.

Clones and miners walk downhill on these fields. Two fields exist: toward the exits (for
loaded clones and walking miners) and toward miners who need a carrier (for free clones).
Cells that offer a foothold (a floor below or a wall beside) cost less than open air, so
paths hug floors and walls, which are what clones can run along and up.

A field is recomputed when its goals or the tiles change, at most once every
`REFRESH_TICKS`, which bounds the cost when many miners are picked up at once.
"""

from __future__ import annotations

import numpy as np

from game.sim.constants import ONE_WAY, SOLID, TILE_SUB
from game.sim.pools import CARRIED, WAITING

UNREACHABLE = np.int32(1 << 30)
FOOTHOLD_COST = 2
AIR_COST = 5
REFRESH_TICKS = 6


def step_costs(flags: np.ndarray) -> np.ndarray:
    """Cost of entering each cell; UNREACHABLE where a body cannot stand.

    A body is two cells tall (its waist cell and the one above), so a cell under rock is
    as closed as rock itself: paths never lead into a crawlspace nobody fits in.
    """
    rock = (flags & SOLID) != 0
    solid = rock.copy()
    solid[1:] |= rock[:-1]
    solid[0] = True
    below = np.ones_like(solid)
    below[:-1] = (flags[1:] & (SOLID | ONE_WAY)) != 0
    beside = np.ones_like(solid)
    beside[:, 1:-1] = rock[:, :-2] | rock[:, 2:]
    cost = np.where(below | beside, FOOTHOLD_COST, AIR_COST).astype(np.int32)
    cost[solid] = UNREACHABLE
    return cost


def distance_field(cost: np.ndarray, goals: np.ndarray) -> np.ndarray:
    """Least total cost from every cell to any goal cell (goals: bool mask), by relaxation.

    Each pass lets every cell take its cheapest neighbour plus its own cost; passes repeat
    until nothing changes. Whole-array passes are far faster in numpy than a Python queue.
    """
    h, w = cost.shape
    dist = np.full((h + 2, w + 2), UNREACHABLE, dtype=np.int32)
    inner = dist[1:-1, 1:-1]
    inner[goals & (cost < UNREACHABLE)] = 0
    passable = cost < UNREACHABLE
    while True:
        best = np.minimum(
            np.minimum(dist[:-2, 1:-1], dist[2:, 1:-1]), np.minimum(dist[1:-1, :-2], dist[1:-1, 2:])
        )
        candidate = np.where(passable & (best < UNREACHABLE), best + cost, UNREACHABLE)
        improved = candidate < inner
        if not improved.any():
            return dist
        inner[improved] = candidate[improved]


class PathFields:
    """The two fields, padded by one unreachable cell on every side (index row+1, col+1)."""

    def __init__(self, world):
        self.exit_goals = np.zeros(world.flags.shape, dtype=bool)
        for rect in world.level.exits:
            r0, r1 = rect.y // 16, (rect.y + rect.h - 1) // 16 + 1
            c0, c1 = rect.x // 16, (rect.x + rect.w - 1) // 16 + 1
            self.exit_goals[max(0, r0) : r1, max(0, c0) : c1] = True
        self.tiles_dirty = True
        self.miners_dirty = True
        self.last_refresh = -REFRESH_TICKS
        self.cost = step_costs(world.flags)
        self.to_exit = distance_field(self.cost, self.exit_goals)
        self.to_miner = np.full_like(self.to_exit, UNREACHABLE)
        self.refresh(world, force=True)

    def mark_dirty(self) -> None:
        self.tiles_dirty = True

    def mark_miners_dirty(self) -> None:
        self.miners_dirty = True

    def refresh(self, world, force: bool = False) -> None:
        if not (self.tiles_dirty or self.miners_dirty):
            return
        if not force and world.tick - self.last_refresh < REFRESH_TICKS:
            return
        self.last_refresh = world.tick
        if self.tiles_dirty:
            self.cost = step_costs(world.flags)
            self.to_exit = distance_field(self.cost, self.exit_goals)
            self.tiles_dirty = False
            self.miners_dirty = True
        if self.miners_dirty:
            self.to_miner = distance_field(self.cost, miner_goals(world))
            self.miners_dirty = False


def miner_goals(world) -> np.ndarray:
    """Cells of miners a free clone should head for: injured ones waiting for a carrier,
    and a carrier (Goro) nobody has reached yet."""
    m = world.miners
    wanted = m.alive & (m.state == WAITING) & (m.injured | (m.carrier & ~m.active))
    goals = np.zeros(world.flags.shape, dtype=bool)
    rows, cols = body_cells(m.x[wanted], m.y[wanted], 10, 20)
    inside = (rows >= 0) & (rows < goals.shape[0]) & (cols >= 0) & (cols < goals.shape[1])
    goals[rows[inside], cols[inside]] = True
    return goals


def body_cells(x: np.ndarray, y: np.ndarray, width_px: int, height_px: int):
    """The cell of each body's middle-low point (its waist): where it 'is' on the grid."""
    cx = x + width_px * 128
    cy = y + (height_px - 8) * 256
    return cy // TILE_SUB, cx // TILE_SUB


def is_carried(world, miner: int) -> bool:
    return bool(world.miners.state[miner] == CARRIED)


def can_fill_without_cutting(flags: np.ndarray, row: int, col: int) -> bool:
    """Would making cell (row, col) solid leave every path around it open?

    Filling a cell only closes that cell (a body needs it and the cell above), so paths
    survive exactly when the open cells around it still connect to each other without it.
    That is checked in a small window: a detour found there is a detour everywhere.
    """
    r0, r1 = max(0, row - 3), min(flags.shape[0], row + 3)
    c0, c1 = max(0, col - 3), min(flags.shape[1], col + 4)
    window = flags[r0:r1, c0:c1].copy()
    window[row - r0, col - c0] |= SOLID
    open_cells = step_costs(window) < UNREACHABLE
    if r0 > 0:
        # The window's top row has rock above it only if the map does; recheck that row.
        open_cells[0] &= (flags[r0 - 1, c0:c1] & SOLID) == 0
    neighbours = [
        (row - r0 + dr, col - c0 + dc)
        for dr, dc in ((-1, 0), (1, 0), (0, -1), (0, 1))
        if 0 <= row - r0 + dr < open_cells.shape[0] and 0 <= col - c0 + dc < open_cells.shape[1]
    ]
    neighbours = [cell for cell in neighbours if open_cells[cell]]
    if len(neighbours) <= 1:
        return True
    seen = {neighbours[0]}
    frontier = [neighbours[0]]
    while frontier:
        r, c = frontier.pop()
        for nr, nc in ((r - 1, c), (r + 1, c), (r, c - 1), (r, c + 1)):
            inside = 0 <= nr < open_cells.shape[0] and 0 <= nc < open_cells.shape[1]
            if inside and open_cells[nr, nc] and (nr, nc) not in seen:
                seen.add((nr, nc))
                frontier.append((nr, nc))
    return all(cell in seen for cell in neighbours)
