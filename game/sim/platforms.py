"""Falling rocks as stepping stones: a body dropping onto a falling rock lands on it and
rides it down, and can jump off it as off any floor. That is how the shaft is climbed."""

from __future__ import annotations

import numpy as np

from game.sim.constants import SUBPIXEL, TILE_SUB
from game.sim.physics import clamp
from game.sim.pools import indices

# A `NAME_one` twins NAME: change both; tests/sim/test_single_body.py proves them equal.


def rock_grid(world) -> np.ndarray:
    """Each cell (padded by one) holds a falling rock overlapping it, or -1. Built once a
    tick, before anyone moves onto the rocks."""
    if world.rock_grid_tick == world.tick:
        return world.rock_grid
    r = world.rocks
    h, w = world.flags.shape
    grid = np.full((h + 2, w + 2), -1, dtype=np.int32)
    idx = indices(r.alive)
    if len(idx):
        size = r.size[idx].astype(np.int32) * SUBPIXEL
        x, y = r.x[idx], r.y[idx]
        cols = [clamp(px // TILE_SUB + 1, 0, w + 1) for px in (x, x + size - 1)]
        rows = [clamp(py // TILE_SUB + 1, 0, h + 1) for py in (y, y + size - 1)]
        # Corner by corner, in a fixed order: where two rocks share a cell, the later wins.
        for col in cols:
            for row in rows:
                grid[row, col] = idx
    world.rock_grid, world.rock_grid_tick = grid, world.tick
    return grid


def ride(world, x, y, vy, prev_y, width_px: int, height_px: int) -> np.ndarray:
    """Land bodies whose feet crossed a falling rock's top this tick (arrays, in place).
    Returns which bodies now stand on a rock."""
    landed = np.zeros(len(x), dtype=bool)
    r = world.rocks
    if len(x) == 0 or not r.alive.any():
        return landed
    grid = rock_grid(world)
    w, h = width_px * SUBPIXEL, height_px * SUBPIXEL
    rows = clamp((y + h - 1) // TILE_SUB + 1, 0, grid.shape[0] - 1)
    for px in (x, x + w - 1):
        cols = clamp(px // TILE_SUB + 1, 0, grid.shape[1] - 1)
        rock = grid[rows, cols]
        found = rock >= 0
        if not found.any():
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
        y[:] = np.where(on, top - h, y)
        vy[:] = np.where(on, r.vy[k], vy)
        landed |= on
    return landed


def ride_one(world, x: int, y: int, vy: int, prev_y: int, width_px: int, height_px: int):
    """`ride` for one body (Naruto): (y, vy, landed on a rock)."""
    r = world.rocks
    if not r.alive.any():
        return y, vy, False
    grid = rock_grid(world)
    w, h = width_px * SUBPIXEL, height_px * SUBPIXEL
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
