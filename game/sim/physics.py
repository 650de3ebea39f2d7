"""Moving boxes through the tile grid, for whole columns of bodies at once.

Every body is an axis-aligned box whose top-left corner and velocity are integers in
sub-pixel units. Each axis moves separately (x, then y) and stops flush against the first
solid cell on its leading edge. Speeds stay below one tile per tick, so sampling the leading
edge at the box's corners (and its middle, for boxes taller than a tile) cannot miss a wall.
The map's border behaves as solid rock.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from game.sim.constants import ONE_WAY, SOLID, SUBPIXEL, TILE_SUB
from game.sim.npfast import copyto, count_nonzero, where

# A `NAME_one` twins NAME: change both; tests/sim/test_single_body.py proves them equal.

MAX_SPEED = TILE_SUB - SUBPIXEL  # just under a tile per tick
# Up to this many bodies, moving them one by one (the `_one` twins) is faster than in
# columns: numpy's cost per call outweighs the work for a few.
SMALL_CROWD = 8


# A numpy operation with a Python int operand pays for working out the int's type on every
# call (numpy 2's promotion rules): with a 0-d array of the same dtype it costs nearly half,
# and gives the same result. So the hot paths below take their constants as 0-d int32 arrays
# (`k32`), and only with int32 or int64 columns: an int32 constant would widen a narrower
# array, which a Python int does not.
_K32: dict[int, np.ndarray] = {}


def k32(value: int) -> np.ndarray:
    """`value` as a cached 0-d int32 array, for arithmetic on int32 or int64 arrays."""
    try:
        return _K32[value]
    except KeyError:
        const = _K32[value] = np.array(value, dtype=np.int32)
        return const


ZERO, ONE = k32(0), k32(1)
TILE_SUB_K, _MAX_SPEED, _MIN_SPEED = k32(TILE_SUB), k32(MAX_SPEED), k32(-MAX_SPEED)
SOLID_U8 = np.array(SOLID, dtype=np.uint8)  # for the uint8 tile flags
ZERO_U8 = np.array(0, dtype=np.uint8)  # tests on flags: against ZERO, a cast every call
STANDS_ON_U8 = np.array(SOLID | ONE_WAY, dtype=np.uint8)


def or_rows(cells: np.ndarray) -> np.ndarray:
    """np.bitwise_or.reduce(cells, axis=0) for the few rows of an edge's samples (two or
    three): row by row it is a third of the reduce's cost per call, with the same bits."""
    out = cells[0]
    for k in range(1, len(cells)):
        out = out | cells[k]
    return out


@dataclass
class Contacts:
    """What each body touched while moving this tick."""

    on_ground: np.ndarray  # landed on something (bool)
    wall: np.ndarray  # -1 blocked on the left, +1 on the right, 0 free (int8)
    blocked: np.ndarray  # stopped by the cell above or below (bool)

    @property
    def ceiling(self) -> np.ndarray:
        """Bumped its head (bool): worked out when asked, as no system of a tick asks."""
        return self.blocked & ~self.on_ground


def clamp(values: np.ndarray, low: int, high: int) -> np.ndarray:
    """np.clip for integer index arrays, without np.clip's per-call overhead (which is
    larger than the work itself at the thousands of small calls a tick makes)."""
    return np.minimum(np.maximum(values, k32(low)), k32(high))  # index values: widening is fine


def padded(flags: np.ndarray) -> np.ndarray:
    """The grid with a one-cell border of solid rock, so lookups never leave the array."""
    grid = np.full((flags.shape[0] + 2, flags.shape[1] + 2), SOLID, dtype=np.uint8)
    grid[1:-1, 1:-1] = flags
    return grid


def cell_flags(grid: np.ndarray, px: np.ndarray, py: np.ndarray) -> np.ndarray:
    """Flags of the cells holding sub-pixel points (px, py), on a `padded` grid."""
    rows = clamp(py // TILE_SUB + 1, 0, grid.shape[0] - 1)
    cols = clamp(px // TILE_SUB + 1, 0, grid.shape[1] - 1)
    return grid[rows, cols]


def cell_flags_one(grid: np.ndarray, px: int, py: int) -> int:
    """`cell_flags` for one point."""
    rows, cols = grid.shape
    row = min(max(py // TILE_SUB + 1, 0), rows - 1)
    col = min(max(px // TILE_SUB + 1, 0), cols - 1)
    return int(grid[row, col])


def edge_offsets(length: int) -> tuple[int, ...]:
    """Offsets from an edge's start to its sample points: both ends, and no two points more
    than a tile apart. Cached: a handful of body sizes ask for them thousands of times."""
    offsets = _OFFSETS.get(length)
    if offsets is None:
        count = length // TILE_SUB + 2
        offsets = _OFFSETS[length] = tuple((length - 1) * k // (count - 1) for k in range(count))
    return offsets


_OFFSETS: dict[int, tuple[int, ...]] = {}
_OFFSET_COLUMNS: dict[int, np.ndarray] = {}


def _edge_samples(start: np.ndarray, length) -> np.ndarray:
    """Points along an edge of `length` sub-pixels (one length, or one per body), no two
    more than a tile apart: shape (points, bodies), so one lookup tests them all."""
    if isinstance(length, int):
        column = _OFFSET_COLUMNS.get(length)
        if column is None:
            column = np.array(edge_offsets(length), dtype=np.int64)[:, None]
            _OFFSET_COLUMNS[length] = column
        return start + column
    count = int(np.max(length)) // TILE_SUB + 2
    steps = np.arange(count, dtype=np.int64)[:, None]
    return start + (length - 1) * steps // (count - 1)


_CELL_COLUMNS: dict[int, np.ndarray] = {}


def edge_cells(start: np.ndarray, length, last: int) -> np.ndarray:
    """The padded-grid rows (or columns) of an edge's sample points (`_edge_samples`),
    clamped to [0, last]: shape (points, bodies). For one length the +1 of the padding is
    folded into the cached offsets, one operation fewer per call."""
    if isinstance(length, int):
        column = _CELL_COLUMNS.get(length)
        if column is None:
            # int32, as the columns of positions it is added to (another dtype: a cast a call)
            column = np.array(edge_offsets(length), dtype=np.int32)[:, None] + TILE_SUB
            _CELL_COLUMNS[length] = column
        cells = (start + column) // TILE_SUB_K  # (start + offset) // TILE_SUB + 1
    else:
        cells = _edge_samples(start, length) // TILE_SUB + 1
    return np.minimum(np.maximum(cells, ZERO), k32(last))


_WALL_RIGHT, _WALL_LEFT, _NO_WALL = np.int8(1), np.int8(-1), np.int8(0)


def move(
    grid: np.ndarray,
    x: np.ndarray,
    y: np.ndarray,
    vx: np.ndarray,
    vy: np.ndarray,
    width_px,
    height_px,
    drop_through: np.ndarray | None = None,
    rows: np.ndarray | None = None,
    solid: np.ndarray | None = None,
) -> Contacts:
    """Move boxes by their velocity, in place, stopping at solid cells.

    Sizes in pixels are one int for all boxes, or an array with one per box.

    `grid` comes from `padded`. One-way cells stop a body only when it falls onto them from
    above and is not dropping through (`drop_through` True). `rows` may pass in
    `edge_cells(y, height, last row)`, when the caller has it already (`walls_beside`), and
    `solid` the grid's SOLID bit as bools (`World.solid`; worked out from `grid` if not).
    """
    w = width_px * SUBPIXEL
    h = height_px * SUBPIXEL
    # One size for all (an int): its sums as 0-d constants (k32); per-body sizes stay arrays.
    w_1 = k32(w - 1) if isinstance(w, int) else w - 1
    h_1 = k32(h - 1) if isinstance(h, int) else h - 1
    w_k = k32(w) if isinstance(w, int) else w
    h_k = k32(h) if isinstance(h, int) else h
    np.minimum(np.maximum(vx, _MIN_SPEED, out=vx), _MAX_SPEED, out=vx)
    np.minimum(np.maximum(vy, _MIN_SPEED, out=vy), _MAX_SPEED, out=vy)
    last_row, last_col = grid.shape[0] - 1, grid.shape[1] - 1

    # Horizontal: the leading edge's column, sampled down the box's side. The samples'
    # flags are OR-ed together first, so each test runs once per body, not once per sample.
    nx = x + vx
    right = vx > ZERO
    lead = nx + w_1 * right  # where(right, nx + w_1, nx), in one operation fewer
    lead_col = lead // TILE_SUB_K
    if rows is None:
        rows = edge_cells(y, h, last_row)
    if solid is None:
        solid = (grid & SOLID_U8) != ZERO_U8
    lead_col_padded = np.minimum(np.maximum(lead_col + ONE, ZERO), k32(last_col))
    blocked = or_rows(solid[rows, lead_col_padded]) & (vx != ZERO)
    if count_nonzero(blocked):
        base = lead_col * TILE_SUB_K
        snapped = where(right, base - w_k, base + TILE_SUB_K)
        x[:] = where(blocked, snapped, nx)
        wall = where(blocked, where(right, _WALL_RIGHT, _WALL_LEFT), _NO_WALL)
        vx[blocked] = 0
    else:  # nobody ran into a wall (most ticks): the same, in fewer operations
        x[:] = nx
        wall = np.zeros(blocked.shape, dtype=np.int8)

    # Vertical, from the new x.
    ny = y + vy
    down = vy > ZERO
    lead = ny + h_1 * down  # where(down, ny + h_1, ny), in one operation fewer
    lead_row = lead // TILE_SUB_K
    old_bottom_row = (y + h_1) // TILE_SUB_K
    lands_on_one_way = down & (lead_row > old_bottom_row)
    if drop_through is not None:
        lands_on_one_way &= ~drop_through
    cols = edge_cells(x, w, last_col)
    touched = or_rows(grid[np.minimum(np.maximum(lead_row + ONE, ZERO), k32(last_row)), cols])
    # Solid rock stops every body; a one-way platform only one landing on it.
    blocked = (touched & where(lands_on_one_way, STANDS_ON_U8, SOLID_U8)) != ZERO_U8
    blocked &= vy != ZERO
    base = lead_row * TILE_SUB_K
    snapped = where(down, base - h_k, base + TILE_SUB_K)
    copyto(ny, snapped, where=blocked)  # ny is ours: cheaper than a new np.where array
    y[:] = ny
    on_ground = blocked & down
    vy[blocked] = 0
    return Contacts(on_ground=on_ground, wall=wall, blocked=blocked)


def move_one(
    grid: np.ndarray,
    x: int,
    y: int,
    vx: int,
    vy: int,
    width_px: int,
    height_px: int,
    drop_through: bool = False,
) -> tuple[int, int, int, int, bool, int, bool]:
    """`move` for one box: (x, y, vx, vy, on_ground, wall, ceiling)."""
    w = width_px * SUBPIXEL
    h = height_px * SUBPIXEL
    vx = min(max(vx, -MAX_SPEED), MAX_SPEED)
    vy = min(max(vy, -MAX_SPEED), MAX_SPEED)
    wall = 0
    # cell_flags_one inlined: grid.item reads a cell as a Python int at a fraction of the cost
    item = grid.item
    last_row, last_col = grid.shape[0] - 1, grid.shape[1] - 1

    if vx != 0:
        nx = x + vx
        right = vx > 0
        lead = nx + w - 1 if right else nx
        col = min(max(lead // TILE_SUB + 1, 0), last_col)
        for k in edge_offsets(h):
            if item(min(max((y + k) // TILE_SUB + 1, 0), last_row), col) & SOLID:
                lead_col = lead // TILE_SUB
                x = lead_col * TILE_SUB - w if right else (lead_col + 1) * TILE_SUB
                wall = 1 if right else -1
                vx = 0
                break
        else:
            x = nx
    on_ground = ceiling = False
    if vy != 0:
        ny = y + vy
        down = vy > 0
        lead = ny + h - 1 if down else ny
        lead_row = lead // TILE_SUB
        lands_on_one_way = down and lead_row > (y + h - 1) // TILE_SUB and not drop_through
        row = min(max(lead_row + 1, 0), last_row)
        cells = 0
        for k in edge_offsets(w):
            cells |= item(row, min(max((x + k) // TILE_SUB + 1, 0), last_col))
        if cells & SOLID or (cells & ONE_WAY and lands_on_one_way):
            y = lead_row * TILE_SUB - h if down else (lead_row + 1) * TILE_SUB
            on_ground, ceiling = down, not down
            vy = 0
        else:
            y = ny
    return x, y, vx, vy, on_ground, wall, ceiling


def solid_beside(
    grid: np.ndarray, x: np.ndarray, y: np.ndarray, width_px: int, height_px: int, side: np.ndarray
) -> np.ndarray:
    """True where solid rock touches the middle half of the box's side (`side` -1 left,
    +1 right): a ledge at foot height is not a wall to cling to."""
    w = width_px * SUBPIXEL
    h = height_px * SUBPIXEL
    probe = where(side > 0, x + w, x - 1)
    samples = _edge_samples(y + h // 4, h // 2)
    touching = ((cell_flags(grid, probe, samples) & SOLID) != 0).any(axis=0)
    return touching & (side != 0)


def solid_beside_one(grid: np.ndarray, x: int, y: int, width_px: int, height_px: int, side: int):
    """`solid_beside` for one box."""
    if side == 0:
        return False
    w = width_px * SUBPIXEL
    h = height_px * SUBPIXEL
    probe = x + w if side > 0 else x - 1
    top = y + h // 4
    return any(cell_flags_one(grid, probe, top + k) & SOLID for k in edge_offsets(h // 2))


def walls_beside(
    grid: np.ndarray,
    x: np.ndarray,
    y: np.ndarray,
    width_px: int,
    height_px: int,
    rows: np.ndarray | None = None,
    solid: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """(left, right): True where solid rock touches anywhere along that side of the box.
    `rows` may pass in `edge_cells(y, height, last row)` when the caller has it already,
    `solid` the grid's SOLID bit as bools (`World.solid`; worked out from `grid` if not)."""
    if rows is None:
        rows = edge_cells(y, height_px * SUBPIXEL, grid.shape[0] - 1)
    last_col = grid.shape[1] - 1
    # (p // TILE_SUB + 1) written as (p + TILE_SUB) // TILE_SUB: one operation fewer
    last = k32(last_col)
    left = np.minimum(np.maximum((x + k32(TILE_SUB - 1)) // TILE_SUB_K, ZERO), last)
    right = (x + k32(width_px * SUBPIXEL + TILE_SUB)) // TILE_SUB_K
    right = np.minimum(np.maximum(right, ZERO), last)
    if solid is None:
        solid = (grid & SOLID_U8) != ZERO_U8
    return or_rows(solid[rows, left]), or_rows(solid[rows, right])


def walls_beside_one(grid: np.ndarray, x: int, y: int, width_px: int, height_px: int):
    """`walls_beside` for one box: (left, right)."""
    item = grid.item
    last_row, last_col = grid.shape[0] - 1, grid.shape[1] - 1
    left_col = min(max((x - 1) // TILE_SUB + 1, 0), last_col)
    right_col = min(max((x + width_px * SUBPIXEL) // TILE_SUB + 1, 0), last_col)
    left = right = False
    for k in edge_offsets(height_px * SUBPIXEL):
        row = min(max((y + k) // TILE_SUB + 1, 0), last_row)
        left = left or bool(item(row, left_col) & SOLID)
        right = right or bool(item(row, right_col) & SOLID)
    return left, right


def standing_on(grid: np.ndarray, x: np.ndarray, y: np.ndarray, width_px: int, height_px: int):
    """True where the cell just below the box's feet is solid or a one-way platform."""
    w = width_px * SUBPIXEL
    below = y + height_px * SUBPIXEL
    cells = cell_flags(grid, _edge_samples(x, w), below)
    return ((cells & (SOLID | ONE_WAY)) != 0).any(axis=0)


def standing_on_one(grid: np.ndarray, x: int, y: int, width_px: int, height_px: int) -> bool:
    """`standing_on` for one box."""
    below = y + height_px * SUBPIXEL
    return any(
        cell_flags_one(grid, x + k, below) & (SOLID | ONE_WAY)
        for k in edge_offsets(width_px * SUBPIXEL)
    )
