"""Falling rocks as stepping stones: a body dropping onto a falling rock lands on it and
rides it down, and can jump off it as off any floor. That is how the shaft is climbed."""

from __future__ import annotations

import numpy as np

from game.sim.constants import SUBPIXEL, TILE_SUB
from game.sim.npfast import count_nonzero, where
from game.sim.physics import ZERO, clamp, k32
from game.sim.pools import indices

# A `NAME_one` twins NAME: change both; tests/sim/test_single_body.py proves them equal.

# The tests that spare the rock grid compare every body with every rock: a few dozen clones
# and a dozen rocks (the Great Mine) cost less that way than the grid does, a thousand of
# each (the bench's stress scene) far more. Above this many pairs the grid is used at once.
PAIRWISE_LIMIT = 4096


def rock_slots(world) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The falling rocks as they were at this tick's first look: (slots, x, y, size in
    sub-pixels). Cheap to take; `rock_grid` draws its grid from it only when a body is near
    enough a rock to need it (most ticks, nobody is)."""
    if world.rock_grid_tick == world.tick:
        return world.rock_snapshot
    r = world.rocks
    idx = indices(r.alive)
    snapshot = (idx, r.x[idx], r.y[idx], r.size[idx].astype(np.int32) * k32(SUBPIXEL))
    world.rock_snapshot, world.rock_grid, world.rock_grid_tick = snapshot, None, world.tick
    return snapshot


def rock_grid(world) -> np.ndarray:
    """Each cell (padded by one) holds a falling rock overlapping it, or -1. Drawn once a
    tick, from the rocks as they were before anyone moved onto them (`rock_slots`)."""
    idx, x, y, size = rock_slots(world)
    if world.rock_grid is not None:
        return world.rock_grid
    h, w = world.flags.shape
    grid = np.full((h + 2, w + 2), -1, dtype=np.int32)
    if len(idx):
        cols = [clamp(px // TILE_SUB + 1, 0, w + 1) for px in (x, x + size - 1)]
        rows = [clamp(py // TILE_SUB + 1, 0, h + 1) for py in (y, y + size - 1)]
        # Corner by corner, in a fixed order: where two rocks share a cell, the later wins.
        for col in cols:
            for row in rows:
                grid[row, col] = idx
    world.rock_grid = grid
    return grid


def ride(world, x, y, vy, prev_y, width_px: int, height_px: int) -> np.ndarray:
    """Land bodies whose feet crossed a falling rock's top this tick (arrays, in place).
    Returns which bodies now stand on a rock."""
    landed = np.zeros(len(x), dtype=bool)
    r = world.rocks
    if len(x) == 0 or not count_nonzero(r.alive):
        return landed
    w, h = width_px * SUBPIXEL, height_px * SUBPIXEL
    if not may_land(world, x, y, vy, prev_y, w, h):
        return landed  # the common case: nobody's feet crossed a rock's top
    grid = rock_grid(world)
    rows = clamp((y + h - 1) // TILE_SUB + 1, 0, grid.shape[0] - 1)
    for px in (x, x + w - 1):
        cols = clamp(px // TILE_SUB + 1, 0, grid.shape[1] - 1)
        rock = grid[rows, cols]
        found = rock >= 0
        if not count_nonzero(found):
            continue  # the common case: no rock under anyone's feet
        k = np.maximum(rock, 0)
        size = r.size[k].astype(np.int32) * SUBPIXEL
        top = r.y[k]
        on = (
            found
            & ~landed
            & (vy >= 0)
            & (prev_y + h <= top)  # was above the rock's top before moving
            & (y + h >= top)  # and reached it
            & (r.x[k] < x + w)
            & (r.x[k] + size > x)
        )
        y[:] = where(on, top - h, y)
        vy[:] = where(on, r.vy[k], vy)
        landed |= on
    return landed


def ride_one(world, x: int, y: int, vy: int, prev_y: int, width_px: int, height_px: int):
    """`ride` for one body (Naruto): (y, vy, landed on a rock)."""
    r = world.rocks
    if not count_nonzero(r.alive):
        return y, vy, False
    w, h = width_px * SUBPIXEL, height_px * SUBPIXEL
    if vy < 0 or not may_land(world, x, y, vy, prev_y, w, h):
        rock_slots(world)  # this tick's look at the rocks is taken here, as `ride` would
        return y, vy, False
    grid = rock_grid(world)
    rows, cols = grid.shape
    row = min(max((y + h - 1) // TILE_SUB + 1, 0), rows - 1)
    for px in (x, x + w - 1):
        rock = int(grid[row, min(max(px // TILE_SUB + 1, 0), cols - 1)])
        if rock < 0 or vy < 0:
            continue
        top, left = int(r.y[rock]), int(r.x[rock])
        size = int(r.size[rock]) * SUBPIXEL
        if prev_y + h <= top and y + h >= top and left < x + w and left + size > x:
            return top - h, int(r.vy[rock]), True
    return y, vy, False


def may_land(world, x, y, vy, prev_y, w: int, h: int) -> bool:
    """Could any body land on a rock this tick? A test of every body against every rock of
    this tick's `rock_slots` (as they are now) with `ride`'s conditions, leaving out only
    which rock the grid shows in a cell: False means `ride` finds no landing."""
    r = world.rocks
    slots = rock_slots(world)[0]
    if len(slots) == 0:
        return False
    if isinstance(y, int):
        return may_land_one(r, slots, x, y, vy, prev_y, w, h)
    if len(slots) * len(x) > PAIRWISE_LIMIT:
        return True  # a crowd among many rocks: the grid is cheaper than every pair
    top = r.y[slots][:, None]
    h_k, w_k = k32(h), k32(w)  # int32 columns take 0-d constants (physics.k32)
    # The cheap half first, alone enough on most ticks: no body's feet crossed a rock's top.
    crossing = (prev_y + h_k <= top) & (y + h_k >= top)
    if not count_nonzero(crossing):
        return False
    left = r.x[slots][:, None]
    size = (r.size[slots].astype(np.int32) * k32(SUBPIXEL))[:, None]
    crossing &= (vy >= ZERO) & (left < x + w_k) & (left + size > x)
    return bool(count_nonzero(crossing))


def may_land_one(r, slots: np.ndarray, x: int, y: int, vy: int, prev_y: int, w: int, h: int):
    """`may_land` for one body (Naruto), rock by rock: a loop over a dozen rocks costs
    less than the numpy calls. The same tests, the feet's crossing first."""
    if vy < 0:
        return False
    feet_before, feet = prev_y + h, y + h
    for rock, top in zip(slots.tolist(), r.y[slots].tolist(), strict=True):
        if feet_before <= top <= feet:
            left = r.x.item(rock)
            if left < x + w and left + r.size.item(rock) * SUBPIXEL > x:
                return True
    return False
