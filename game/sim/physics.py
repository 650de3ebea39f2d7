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

MAX_SPEED = TILE_SUB - SUBPIXEL  # just under a tile per tick


@dataclass
class Contacts:
    """What each body touched while moving this tick."""

    on_ground: np.ndarray  # landed on something (bool)
    wall: np.ndarray  # -1 blocked on the left, +1 on the right, 0 free (int8)
    ceiling: np.ndarray  # bumped its head (bool)


def clamp(values: np.ndarray, low: int, high: int) -> np.ndarray:
    """np.clip for integer index arrays, without np.clip's per-call overhead (which is
    larger than the work itself at the thousands of small calls a tick makes)."""
    return np.minimum(np.maximum(values, low), high)


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


def _edge_samples(start: np.ndarray, length) -> np.ndarray:
    """Points along an edge of `length` sub-pixels (one length, or one per body), no two
    more than a tile apart: shape (points, bodies), so one lookup tests them all."""
    count = int(np.max(length)) // TILE_SUB + 2
    steps = np.arange(count, dtype=np.int64)[:, None]
    return start + (length - 1) * steps // (count - 1)


def move(
    grid: np.ndarray,
    x: np.ndarray,
    y: np.ndarray,
    vx: np.ndarray,
    vy: np.ndarray,
    width_px,
    height_px,
    drop_through: np.ndarray | None = None,
) -> Contacts:
    """Move boxes by their velocity, in place, stopping at solid cells.

    Sizes in pixels are one int for all boxes, or an array with one per box.

    `grid` comes from `padded`. One-way cells stop a body only when it falls onto them from
    above and is not dropping through (`drop_through` True).
    """
    w = width_px * SUBPIXEL
    h = height_px * SUBPIXEL
    np.minimum(np.maximum(vx, -MAX_SPEED, out=vx), MAX_SPEED, out=vx)
    np.minimum(np.maximum(vy, -MAX_SPEED, out=vy), MAX_SPEED, out=vy)
    wall = np.zeros(len(x), dtype=np.int8)

    # Horizontal.
    nx = x + vx
    right = vx > 0
    lead = np.where(right, nx + w - 1, nx)
    blocked = ((cell_flags(grid, lead, _edge_samples(y, h)) & SOLID) != 0).any(axis=0)
    lead_col = lead // TILE_SUB
    snapped = np.where(right, lead_col * TILE_SUB - w, (lead_col + 1) * TILE_SUB)
    blocked &= vx != 0
    x[:] = np.where(blocked, snapped, nx)
    wall[blocked] = np.where(right[blocked], 1, -1)
    vx[blocked] = 0

    # Vertical.
    ny = y + vy
    down = vy > 0
    lead = np.where(down, ny + h - 1, ny)
    lead_row = lead // TILE_SUB
    old_bottom_row = (y + h - 1) // TILE_SUB
    lands_on_one_way = down & (lead_row > old_bottom_row)
    if drop_through is not None:
        lands_on_one_way &= ~drop_through
    cells = cell_flags(grid, _edge_samples(x, w), lead)
    blocked = ((cells & SOLID) != 0).any(axis=0)
    blocked |= ((cells & ONE_WAY) != 0).any(axis=0) & lands_on_one_way
    blocked &= vy != 0
    snapped = np.where(down, lead_row * TILE_SUB - h, (lead_row + 1) * TILE_SUB)
    y[:] = np.where(blocked, snapped, ny)
    on_ground = blocked & down
    ceiling = blocked & ~down
    vy[blocked] = 0
    return Contacts(on_ground=on_ground, wall=wall, ceiling=ceiling)


def solid_beside(
    grid: np.ndarray, x: np.ndarray, y: np.ndarray, width_px: int, height_px: int, side: np.ndarray
) -> np.ndarray:
    """True where solid rock touches the middle half of the box's side (`side` -1 left,
    +1 right): a ledge at foot height is not a wall to cling to."""
    w = width_px * SUBPIXEL
    h = height_px * SUBPIXEL
    probe = np.where(side > 0, x + w, x - 1)
    samples = _edge_samples(y + h // 4, h // 2)
    touching = ((cell_flags(grid, probe, samples) & SOLID) != 0).any(axis=0)
    return touching & (side != 0)


def walls_beside(
    grid: np.ndarray, x: np.ndarray, y: np.ndarray, width_px: int, height_px: int
) -> tuple[np.ndarray, np.ndarray]:
    """(left, right): True where solid rock touches anywhere along that side of the box."""
    w = width_px * SUBPIXEL
    probes = np.stack((x - 1, x + w))[:, None, :]  # (side, point, body)
    samples = _edge_samples(y, height_px * SUBPIXEL)[None, :, :]
    touching = ((cell_flags(grid, probes, samples) & SOLID) != 0).any(axis=1)
    return touching[0], touching[1]


def standing_on(grid: np.ndarray, x: np.ndarray, y: np.ndarray, width_px: int, height_px: int):
    """True where the cell just below the box's feet is solid or a one-way platform."""
    w = width_px * SUBPIXEL
    below = y + height_px * SUBPIXEL
    cells = cell_flags(grid, _edge_samples(x, w), below)
    return ((cells & (SOLID | ONE_WAY)) != 0).any(axis=0)
