"""Falling rocks as stepping stones: a body dropping onto a falling rock lands on it and
rides it down, and can jump off it as off any floor. That is how the shaft is climbed."""

from __future__ import annotations

import numpy as np

from game.sim.constants import SUBPIXEL, TILE_SUB
from game.sim.physics import clamp


def rock_grid(world) -> np.ndarray:
    """Each cell (padded by one) holds a falling rock overlapping it, or -1. Built once a
    tick, before anyone moves onto the rocks."""
    if world.rock_grid_tick == world.tick:
        return world.rock_grid
    r = world.rocks
    h, w = world.flags.shape
    grid = np.full((h + 2, w + 2), -1, dtype=np.int32)
    idx = np.flatnonzero(r.alive)
    if len(idx):
        size = r.size[idx].astype(np.int32) * SUBPIXEL
        for px in (r.x[idx], r.x[idx] + size - 1):
            for py in (r.y[idx], r.y[idx] + size - 1):
                rows = clamp(py // TILE_SUB + 1, 0, h + 1)
                cols = clamp(px // TILE_SUB + 1, 0, w + 1)
                grid[rows, cols] = idx
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
    feet = y + h - 1
    rows = clamp(feet // TILE_SUB + 1, 0, grid.shape[0] - 1)
    for px in (x, x + w - 1):
        cols = clamp(px // TILE_SUB + 1, 0, grid.shape[1] - 1)
        rock = grid[rows, cols]
        k = np.maximum(rock, 0)
        size = r.size[k].astype(np.int32) * SUBPIXEL
        top = r.y[k]
        on = (
            (rock >= 0)
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
