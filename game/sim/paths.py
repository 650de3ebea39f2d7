"""Distance fields over the tile grid: how far each open cell is from the nearest goal.

Clones and miners walk downhill on these fields. Two fields exist: toward the exits (for
loaded clones and walking miners) and toward miners who need a carrier (for free clones).
Cells that offer a foothold (a floor below or a wall beside) cost less than open air, so
paths hug floors and walls, which are what clones can run along and up.

A field is recomputed when its goals or the tiles change, at most once every
`REFRESH_TICKS`, which bounds the cost when many miners are picked up at once.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from game.sim.constants import ONE_WAY, SOLID, SUBPIXEL, TILE_SUB
from game.sim.npfast import count_nonzero, where
from game.sim.physics import SMALL_CROWD, TILE_SUB_K, clamp, k32
from game.sim.pools import WAITING_K

UNREACHABLE = np.int32(1 << 30)
FOOTHOLD_COST = 2
AIR_COST = 5
FALL_COST = 1
JUMP_CELLS = 3  # how many cells above a floor a jump reaches
LEAP_CELLS = 12  # how far a chakra-boosted leap carries
REFRESH_TICKS = 6
SIDE, UP, DOWN = 0, 1, 2  # the direction of a move, indexing step_costs()


def open_cells(flags: np.ndarray) -> np.ndarray:
    """Cells a body fits in: open, with open space above. A body is two cells tall (its
    waist cell and the one above), so a cell under rock is as closed as rock itself."""
    rock = (flags & SOLID) != 0
    closed = rock.copy()
    closed[1:] |= rock[:-1]
    closed[0] = True
    return ~closed


def step_costs(flags: np.ndarray, leap: np.ndarray | None = None) -> np.ndarray:
    """Cost of entering each cell, by the direction of the move: (SIDE, UP, DOWN, h, w).

    Falling into any open cell is cheap. Climbing into a cell needs a wall beside it or a
    floor at most a jump below it; so does moving sideways, except over a chasm (`leap`
    True), which is crossed by a chakra-boosted leap. Cells with a foothold cost less than
    open air, so paths hug floors and walls, which is what bodies can run along and up.
    """
    rock = (flags & SOLID) != 0
    fits = open_cells(flags)
    floor = np.ones_like(rock)
    floor[:-1] = (flags[1:] & (SOLID | ONE_WAY)) != 0
    wall = np.ones_like(rock)
    wall[:, 1:-1] = rock[:, :-2] | rock[:, 2:]
    wall[1:] |= wall[:-1].copy()  # a wall beside the body's head is a wall too
    height = np.zeros(rock.shape, dtype=np.int32)  # open cells down to the floor
    for row in range(rock.shape[0] - 2, -1, -1):
        height[row] = where(floor[row], 0, height[row + 1] + 1)
    near_floor = height <= JUMP_CELLS
    foothold = wall | (height == 0)
    # Stepping off a ledge: the cell beside a floor can be entered whatever is below it.
    standing = height == 0
    ledge = np.zeros_like(standing)
    ledge[:, 1:] |= standing[:, :-1]
    ledge[:, :-1] |= standing[:, 1:]
    if leap is not None:
        # A leap rises at most a jump above the ledge it starts from and carries about a
        # dozen cells: only that band over the chasm is crossable.
        reach = np.zeros_like(standing)
        for dy in range(JUMP_CELLS + 1):
            for dx in range(-LEAP_CELLS, LEAP_CELLS + 1):
                reach |= _shifted(standing, dy, dx)
        leap = leap & reach
    side_ok = near_floor | wall | ledge | (leap if leap is not None else False)
    costs = np.full((3, *rock.shape), UNREACHABLE, dtype=np.int32)
    costs[SIDE] = where(side_ok, where(foothold, FOOTHOLD_COST, AIR_COST), UNREACHABLE)
    # Climbing a wall carries the body one cell past its top, onto the ledge beside.
    mantle = np.zeros_like(wall)
    mantle[:-1] = wall[1:]
    costs[UP] = where(wall, FOOTHOLD_COST, where(near_floor | mantle, AIR_COST, UNREACHABLE))
    costs[DOWN] = FALL_COST
    costs[:, ~fits] = UNREACHABLE
    return costs


def _shifted(mask: np.ndarray, up: int, across: int) -> np.ndarray:
    """`mask` moved `up` rows up and `across` columns sideways, padding with False."""
    out = np.zeros_like(mask)
    h, w = mask.shape
    if up >= h or abs(across) >= w:
        return out  # moved wholly off a small map
    src = mask[up:, max(0, -across) : w - max(0, across)]
    out[: h - up, max(0, across) : w - max(0, -across)] = src
    return out


_FAR = np.int64(1) << 50  # "not reached yet", far above any real path cost
_WALL = np.int64(1) << 40  # the price of an impossible step: never worth it


def _running(enter: np.ndarray, axis: int) -> np.ndarray:
    """The running sum of entering costs along every row (axis 1) or column (axis 0),
    shifted by one (the first cell's entry is a wall's price): `_sweep`'s C. It depends on
    the costs alone, so each distance field makes it once per direction, not once a round."""
    step = np.empty_like(enter)
    if axis == 0:
        step[0] = _WALL
        step[1:] = enter[:-1]
    else:
        step[:, 0] = _WALL
        step[:, 1:] = enter[:, :-1]
    return np.cumsum(step, axis=axis)


def _sweep(dist: np.ndarray, running: np.ndarray, axis: int) -> np.ndarray:
    """One pass of every row (axis 1) or column (axis 0): bodies moving toward index 0.

    A body at cell i reaching the earlier cell j enters cells i-1 down to j; with C the
    running sum of entering costs shifted by one (`_running`), that costs C[i] - C[j]. So
    the best over all j <= i is C[i] + min(dist[j] - C[j]): a running minimum numpy does
    for all lines.
    """
    # No cap is needed: j = i is among the candidates, so best <= dist <= _FAR already.
    return np.minimum.accumulate(dist - running, axis=axis) + running


@dataclass(frozen=True)
class SweepCosts:
    """What `distance_field` draws from the costs alone, made once per set of costs: the
    miner field is laid again far more often than the tiles change."""

    passable: np.ndarray  # cells some move can enter
    to_left: np.ndarray  # `_running` sums for each sweep direction
    to_right: np.ndarray
    rising: np.ndarray
    falling: np.ndarray


def sweep_costs(costs: np.ndarray) -> SweepCosts:
    """`costs` (from `step_costs`) prepared for `distance_field`."""
    enter = where(costs < UNREACHABLE, costs, _WALL).astype(np.int64)
    side, up, down = enter[SIDE], enter[UP], enter[DOWN]
    return SweepCosts(
        passable=(costs < UNREACHABLE).any(axis=0),
        to_left=_running(side, 1),
        to_right=_running(np.flip(side, 1), 1),
        rising=_running(up, 0),
        falling=_running(np.flip(down, 0), 0),
    )


def distance_field(costs: np.ndarray | SweepCosts, goals: np.ndarray) -> np.ndarray:
    """Least total cost from every cell to any goal cell (goals: bool mask), with
    `costs` from `step_costs` (or those costs' `sweep_costs`, to lay several fields on them).

    Sweeps left, right, up and down, each settling every straight stretch of a path in one
    go, and repeats until nothing changes: a few rounds even for winding caves (a round per
    turn of the longest path), where relaxing one cell at a time would take hundreds.
    Returns the field padded by one unreachable cell on every side, as int32.
    """
    prepared = costs if isinstance(costs, SweepCosts) else sweep_costs(costs)
    passable = prepared.passable
    to_left, to_right = prepared.to_left, prepared.to_right
    rising, falling = prepared.rising, prepared.falling
    dist = where(passable & goals, 0, _FAR).astype(np.int64)
    while True:
        before = dist
        dist = _sweep(dist, to_left, 1)  # moving left
        dist = np.flip(_sweep(np.flip(dist, 1), to_right, 1), 1)  # moving right
        dist = _sweep(dist, rising, 0)  # moving up
        dist = np.flip(_sweep(np.flip(dist, 0), falling, 0), 0)  # falling
        dist = where(passable, dist, _FAR)
        if np.array_equal(dist, before):
            break
    h, w = goals.shape
    field = np.full((h + 2, w + 2), UNREACHABLE, dtype=np.int32)
    # A sum that took an impossible step is not a path: past one wall's price, unreachable.
    field[1:-1, 1:-1] = where(dist < _WALL, dist, UNREACHABLE)
    return field


EXIT_FIELD, MINER_FIELD, CAMP_FIELD = 0, 1, 2  # indices into PathFields.stack


def _rect_cells(shape: tuple[int, int], rects) -> np.ndarray:
    """The cells the rectangles touch, as a mask."""
    mask = np.zeros(shape, dtype=bool)
    for rect in rects:
        r0, r1 = rect.y // 16, (rect.y + rect.h - 1) // 16 + 1
        c0, c1 = rect.x // 16, (rect.x + rect.w - 1) // 16 + 1
        mask[max(0, r0) : r1, max(0, c0) : c1] = True
    return mask


class PathFields:
    """The fields, stacked as `stack[EXIT_FIELD]`, `stack[MINER_FIELD]` (toward whatever a
    free clone should fetch or push: miners, crates, guards) and `stack[CAMP_FIELD]` (toward
    the medical camp, for clones carrying crates), each padded by one unreachable cell on
    every side (index row+1, col+1)."""

    def __init__(self, world):
        self.exit_goals = _rect_cells(world.flags.shape, world.level.exits)
        self.camp_goals = _rect_cells(world.flags.shape, [c.rect for c in world.level.camps])
        h, w = world.flags.shape
        # Chasm cells are never part of a path: paths cross a chasm above it, by leaping.
        self.chasm = np.zeros((h + 2, w + 2), dtype=bool)
        for chasm in world.level.chasms:
            r = chasm.rect
            self.chasm[
                1 + r.y // 16 : 1 + (r.y + r.h + 15) // 16,
                1 + r.x // 16 : 1 + (r.x + r.w + 15) // 16,
            ] = True
        self.stack = np.full((3, h + 2, w + 2), UNREACHABLE, dtype=np.int32)
        self.exit_version = 0  # grows whenever the exit field is recomputed
        # The fields cover the map (section) Naruto is in: a chain's maps are walled off
        # from each other, so nobody could walk to another anyway, and a field over one map
        # costs a fraction of one over the whole run.
        self.section = world.section
        self.cols = _section_columns(world)
        self.swept: SweepCosts | None = None  # `sweep_costs` of `cost`, once a field needs it
        self.cost = self._costs(world)
        self.tiles_dirty = True
        self.miners_dirty = True
        self.camp_dirty = bool(world.level.camps)  # computed while crates are left to carry
        self.last_refresh = -REFRESH_TICKS
        self.version = 0  # grows whenever `stack` changes (steering's tables follow it)
        # steering.field_tables of `stack`, with the version they were made from
        self.tables: tuple[int, tuple[np.ndarray, ...]] | None = None
        self.refresh(world, force=True)

    @property
    def to_exit(self) -> np.ndarray:
        return self.stack[EXIT_FIELD]

    @property
    def to_miner(self) -> np.ndarray:
        return self.stack[MINER_FIELD]

    def _costs(self, world) -> np.ndarray:
        self.swept = None  # new costs: `_field` prepares them again
        self.over_chasm = _over_chasm(self.chasm, world.grid)
        self.open_sky = _open_sky(world.flags)
        self.any_open_sky = bool(count_nonzero(self.open_sky))  # steering skips its test when not
        cols = self.cols
        costs = np.full((3, *world.flags.shape), UNREACHABLE, dtype=np.int32)
        leap = self.over_chasm[1:-1, 1:-1][:, cols]
        costs[:, :, cols] = step_costs(world.flags[:, cols], leap=leap)
        costs[:, self.chasm[1:-1, 1:-1]] = UNREACHABLE
        return costs

    def _field(self, goals: np.ndarray) -> np.ndarray:
        """`distance_field` over the section's columns, padded to the whole level."""
        cols = self.cols
        if self.swept is None:
            self.swept = sweep_costs(self.cost[:, :, cols])
        inner = distance_field(self.swept, goals[:, cols])
        if inner.shape[1] == goals.shape[1] + 2:
            return inner  # the section is the whole level
        field = np.full((goals.shape[0] + 2, goals.shape[1] + 2), UNREACHABLE, dtype=np.int32)
        field[1:-1, 1 + cols.start : 1 + cols.stop] = inner[1:-1, 1:-1]
        return field

    def mark_dirty(self) -> None:
        self.tiles_dirty = True

    def mark_miners_dirty(self) -> None:
        self.miners_dirty = True

    def refresh(self, world, force: bool = False) -> None:
        if world.section != self.section:  # Naruto crossed into the next map
            self.section = world.section
            self.cols = _section_columns(world)
            self.stack[:] = UNREACHABLE
            self.version += 1
            self.tiles_dirty = True
        if not (self.tiles_dirty or self.miners_dirty):
            return
        if not force and world.tick - self.last_refresh < REFRESH_TICKS:
            return
        self.last_refresh = world.tick
        self.version += 1  # the miner field at least is laid again below
        if self.tiles_dirty:
            self.cost = self._costs(world)
            self.stack[EXIT_FIELD] = self._field(self.exit_goals)
            self.exit_version += 1
            self.tiles_dirty = False
            self.miners_dirty = True
            self.camp_dirty = bool(world.level.camps)
        if self.miners_dirty:
            self.stack[MINER_FIELD] = self._field(miner_goals(world))
            self.miners_dirty = False
        if self.camp_dirty and count_nonzero(world.crates.alive):
            self.stack[CAMP_FIELD] = self._field(self.camp_goals)
            self.camp_dirty = False


def _section_columns(world) -> slice:
    """The tile columns of the map (section) Naruto is in."""
    width = world.flags.shape[1]
    rect = world.level.sections[world.section].rect
    return slice(max(0, rect.x // 16), min(width, (rect.x + rect.w + 15) // 16))


def _open_sky(flags: np.ndarray) -> np.ndarray:
    """Cells with no rock anywhere above them in their column (padded like the fields; the
    border counts as roofed): where a climber has nothing over its head but sky."""
    rock = (flags & SOLID) != 0
    roofed = np.zeros_like(rock)
    roofed[1:] = np.logical_or.accumulate(rock, axis=0)[:-1]
    sky = np.zeros((flags.shape[0] + 2, flags.shape[1] + 2), dtype=bool)
    sky[1:-1, 1:-1] = ~roofed
    return sky


def _over_chasm(chasm: np.ndarray, grid: np.ndarray) -> np.ndarray:
    """Cells from which a fall ends in a chasm (padded like the fields): where a walker
    leaping a gap needs the chakra-boosted leap."""
    over = chasm.copy()
    solid = (grid & SOLID) != 0
    for row in range(over.shape[0] - 2, -1, -1):
        over[row] |= over[row + 1] & ~solid[row]
    return over


def miner_goals(world) -> np.ndarray:
    """Cells a free clone should head for: miners who need one (injured ones waiting for a
    carrier, a carrier (Goro) nobody has reached yet), waiting supply crates, and the
    guards still holding the line (to push them aside)."""
    m, k, g = world.miners, world.crates, world.guards
    goals = np.zeros(world.flags.shape, dtype=bool)
    wanted = m.alive & (m.state == WAITING_K) & (m.injured | (m.carrier & ~m.active))
    _mark(goals, *body_cells(m.x[wanted], m.y[wanted], 10, 20))
    wanted = k.alive & (k.state == WAITING_K)
    _mark(goals, *body_cells(k.x[wanted], k.y[wanted], 12, 10))
    wanted = g.alive & ~g.aside
    _mark(goals, *body_cells(g.x[wanted], g.y[wanted], 12, 24))
    return goals


def _mark(goals: np.ndarray, rows: np.ndarray, cols: np.ndarray) -> None:
    inside = (rows >= 0) & (rows < goals.shape[0]) & (cols >= 0) & (cols < goals.shape[1])
    goals[rows[inside], cols[inside]] = True


def body_cells(x: np.ndarray | int, y: np.ndarray | int, width_px: int, height_px: int):
    """The cell of each body's middle-low point (its waist): where it 'is' on the grid.
    Works on arrays of bodies and on one body's ints alike."""
    if isinstance(x, int):
        cx = x + width_px * (SUBPIXEL // 2)
        cy = y + (height_px - 8) * SUBPIXEL
        return cy // TILE_SUB, cx // TILE_SUB
    cx = x + k32(width_px * (SUBPIXEL // 2))  # int32 columns: 0-d constants (physics.k32)
    cy = y + k32((height_px - 8) * SUBPIXEL)
    return cy // TILE_SUB_K, cx // TILE_SUB_K


def at_exit(world, pool, idx: np.ndarray, width_px: int, height_px: int) -> list[int]:
    """The bodies `idx` of `pool` whose cell (`body_cells`, clamped to the map) is an exit
    cell, in `idx` order. A few go cell by cell: cheaper than numpy's calls."""
    exits = world.paths.exit_goals
    h, w = exits.shape
    if len(idx) <= SMALL_CROWD:
        out = []
        for body in idx.tolist():
            row, col = body_cells(pool.x.item(body), pool.y.item(body), width_px, height_px)
            if exits.item(min(max(row, 0), h - 1), min(max(col, 0), w - 1)):
                out.append(body)
        return out
    rows, cols = body_cells(pool.x[idx], pool.y[idx], width_px, height_px)
    return idx[exits[clamp(rows, 0, h - 1), clamp(cols, 0, w - 1)]].tolist()


def meetings(
    shape: tuple[int, int],
    targets: np.ndarray,
    target_cells: tuple[np.ndarray, np.ndarray],
    seekers: np.ndarray,
    seeker_cells: tuple[np.ndarray, np.ndarray],
) -> tuple[np.ndarray, np.ndarray]:
    """Seekers whose cell (`body_cells`) holds a target: (seekers, targets) met, one seeker
    per target, the lowest-numbered when several reach it in the same tick (seekers come in
    ascending order). How clones find the miner or the crate they lift."""
    h, w = shape
    rows, cols = seeker_cells
    rows, cols = clamp(rows, 0, h - 1), clamp(cols, 0, w - 1)
    seeker_cells = rows, cols
    # The common case first, in a few operations: no seeker's cell is any target's. (A
    # target off the grid may seem to share a cell here; the full test below says no.)
    target_rows, target_cols = target_cells
    same = (rows * k32(w) + cols)[:, None] == (target_rows * k32(w) + target_cols)[None, :]
    if not count_nonzero(same):
        return seekers[:0], targets[:0]
    at_cell = np.full((h, w), -1, dtype=np.int32)
    rows, cols = target_cells
    inside = (rows >= 0) & (rows < h) & (cols >= 0) & (cols < w)
    at_cell[rows[inside], cols[inside]] = targets[inside]
    rows, cols = seeker_cells  # clamped above
    found = at_cell[rows, cols]
    hit = found != -1
    if not count_nonzero(hit):
        return seekers[:0], targets[:0]
    targets_hit, first = np.unique(found[hit], return_index=True)
    return seekers[hit][first], targets_hit


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
    fits = open_cells(window)
    if r0 > 0:
        # The window's top row is open where the map's row above it is.
        fits[0] = ((window[0] & SOLID) == 0) & ((flags[r0 - 1, c0:c1] & SOLID) == 0)
    neighbours = [
        (row - r0 + dr, col - c0 + dc)
        for dr, dc in ((-1, 0), (1, 0), (0, -1), (0, 1))
        if 0 <= row - r0 + dr < fits.shape[0] and 0 <= col - c0 + dc < fits.shape[1]
    ]
    neighbours = [cell for cell in neighbours if fits[cell]]
    if len(neighbours) <= 1:
        return True
    seen = {neighbours[0]}
    frontier = [neighbours[0]]
    while frontier:
        r, c = frontier.pop()
        for nr, nc in ((r - 1, c), (r + 1, c), (r, c - 1), (r, c + 1)):
            inside = 0 <= nr < fits.shape[0] and 0 <= nc < fits.shape[1]
            if inside and fits[nr, nc] and (nr, nc) not in seen:
                seen.add((nr, nc))
                frontier.append((nr, nc))
    return all(cell in seen for cell in neighbours)
