"""Falling rocks: crack zones shed them, they fall, and they hit whatever is below.

A rock that lands either settles as a rubble tile (solid until a Rasengan clears it) or
shatters. A rock that hits a clone dispels it (dropping its miner), knocks a walking miner
down, or stuns Naruto; then it shatters. With the `no_stun` assist it passes Naruto by.
"""

from __future__ import annotations

import numpy as np

from game.sim import clones as clone_system
from game.sim import events, physics, platforms
from game.sim import miners as miner_system
from game.sim import tuning as t
from game.sim.assists import NO_STUN
from game.sim.constants import SOLID, SUBPIXEL, TICKS_PER_SECOND, TILE_SUB
from game.sim.npfast import concatenate, count_nonzero, where
from game.sim.paths import can_fill_without_cutting
from game.sim.physics import SMALL_CROWD, clamp, k32
from game.sim.pools import (
    CARRIED,
    CLONE_H,
    CLONE_W,
    MINER_H,
    MINER_W,
    NARUTO_H,
    NARUTO_W,
    NONE,
    ROCK_SIZE_LARGE,
    ROCK_SIZE_SMALL,
    indices,
)

# A `NAME_one` twins NAME: change both; tests/sim/test_single_body.py proves them equal.

TICKS_PER_MINUTE = 3600
HEAD_GRACE = 4 * SUBPIXEL  # how far into a head a rock may already be and still count


def spawn_from_cracks(world) -> None:
    multiplier = t.STAGE_RATE_MULTIPLIER[world.collapse_stage - 1]
    for zone in world.level.crack_zones:
        if zone.rate <= 0 or not world.rng.chance(zone.rate * multiplier, TICKS_PER_MINUTE):
            continue
        size = ROCK_SIZE_LARGE if world.rng.chance(1, 3) else ROCK_SIZE_SMALL
        span = max(1, zone.rect.w - size)
        x_px = zone.rect.x + world.rng.below(span)
        drift = world.rng.below(161) - 80
        max_fall = t.ROCK_MAX_FALL
        if zone.fall_speed:
            # Slow rocks drift straight down: they are the stepping stones of the shaft.
            max_fall, drift = zone.fall_speed * SUBPIXEL // TICKS_PER_SECOND, 0
        spawn(world, x_px, zone.rect.y, size, drift, max_fall)


def spawn(
    world, x_px: int, y_px: int, size: int, vx: int = 0, max_fall: int = t.ROCK_MAX_FALL
) -> None:
    world.rocks.spawn(
        1, x=x_px * SUBPIXEL, y=y_px * SUBPIXEL, vx=vx, vy=0, size=size, max_fall=max_fall
    )


def update(world) -> None:
    r = world.rocks
    if not count_nonzero(r.alive):
        return
    idx = indices(r.alive)
    r.age += r.alive  # +1 for the live, in one operation
    landed = _fall(world, idx)
    _hit_entities(world)
    for rock in landed:
        if r.alive[rock]:
            _land(world, rock)


def _fall(world, idx: np.ndarray) -> list[int]:
    """Pull the rocks `idx` down (gravity, up to each one's top speed) and move them one
    tick; return those that landed. A few rocks go one by one (numpy's cost per call
    outweighs the work), more in columns: the same result."""
    r = world.rocks
    if len(idx) <= SMALL_CROWD:
        landed = []
        for rock in idx.tolist():
            size = r.size.item(rock)
            x, y, vx, vy, on_ground, _, _ = physics.move_one(
                world.grid,
                r.x.item(rock),
                r.y.item(rock),
                r.vx.item(rock),
                min(r.vy.item(rock) + t.ROCK_GRAVITY, r.max_fall.item(rock)),
                size,
                size,
            )
            r.x[rock], r.y[rock], r.vx[rock], r.vy[rock] = x, y, vx, vy
            if on_ground:
                landed.append(rock)
        return landed
    size = r.size[idx].astype(np.int32)
    x, y, vx = r.x[idx], r.y[idx], r.vx[idx]
    vy = np.minimum(r.vy[idx] + t.ROCK_GRAVITY, r.max_fall[idx])
    contacts = physics.move(world.grid, x, y, vx, vy, size, size, solid=world.solid)
    r.x[idx], r.y[idx], r.vx[idx], r.vy[idx] = x, y, vx, vy
    return idx[contacts.on_ground].tolist()


def _land(world, rock: int) -> None:
    r = world.rocks
    size = int(r.size[rock])
    cx = int(r.x[rock]) + size * SUBPIXEL // 2
    bottom = int(r.y[rock]) + size * SUBPIXEL - 1
    row, col = bottom // TILE_SUB, cx // TILE_SUB
    centre = (cx // SUBPIXEL, bottom // SUBPIXEL - size // 2)
    r.kill(rock)
    if (
        world.level.rubble_gid
        and world.rng.chance(*t.RUBBLE_CHANCE)
        and _free_cell(world, row, col)
    ):
        flags = world.level.tile_flags.get(world.level.rubble_gid, SOLID)
        world.set_tile(row, col, world.level.rubble_gid, flags)
        world.events.append((events.ROCK_LAND, *centre))
    else:
        world.events.append((events.ROCK_SHATTER, *centre))


def _free_cell(world, row: int, col: int) -> bool:
    """Rubble may settle only in an empty cell nobody stands in, away from the exits,
    and never where it would seal a passage. Cheap tests first: most landings fail early."""
    h, w = world.flags.shape
    if not (0 <= row < h - 1 and 0 <= col < w) or world.flags[row, col] != 0:
        return False
    if not world.flags[row + 1, col] & SOLID:
        return False  # rubble piles on rock, not on planks
    if world.paths.exit_goals[row, col]:
        return False
    n = world.naruto
    if count_nonzero(
        _boxes_touch_cell(np.array([n.x]), np.array([n.y]), NARUTO_W, NARUTO_H, row, col)
    ):
        return False
    m, c = world.miners, world.clones
    if count_nonzero(_boxes_touch_cell(m.x[m.alive], m.y[m.alive], MINER_W, MINER_H, row, col)):
        return False
    if count_nonzero(_boxes_touch_cell(c.x[c.alive], c.y[c.alive], CLONE_W, CLONE_H, row, col)):
        return False
    return can_fill_without_cutting(world.flags, row, col)


def _boxes_touch_cell(x: np.ndarray, y: np.ndarray, w_px: int, h_px: int, row: int, col: int):
    x0, y0 = col * TILE_SUB, row * TILE_SUB
    return (
        (x < x0 + TILE_SUB)
        & (x + w_px * SUBPIXEL > x0)
        & (y < y0 + TILE_SUB)
        & (y + h_px * SUBPIXEL > y0)
    )


def rock_on_head(world, grid, x, y, w_px: int, h_px: int) -> np.ndarray:
    """For each box, the index of a falling rock overlapping it, or -1.

    Looks the rock grid up at six points of each box (two columns, three rows: boxes are at
    most two cells wide and three tall) and keeps the first candidate that truly overlaps.
    """
    r = world.rocks
    if len(x) == 0:
        return np.full(0, -1, dtype=np.int32)
    w, h = w_px * SUBPIXEL, h_px * SUBPIXEL
    last_row, last_col = grid.shape[0] - 1, grid.shape[1] - 1
    cols = [clamp(px // TILE_SUB + 1, 0, last_col) for px in (x, x + w - 1)]
    rows = [clamp(py // TILE_SUB + 1, 0, last_row) for py in (y, y + h // 2, y + h - 1)]
    candidate = np.array([grid[row, col] for col in cols for row in rows])
    seen = candidate >= 0
    if not count_nonzero(seen):
        return np.full(len(x), -1, dtype=np.int32)  # the common case: no rock near anyone
    c = np.maximum(candidate, 0)
    size = r.size[c].astype(np.int32) * SUBPIXEL
    rx, ry = r.x[c], r.y[c]
    # Only a rock coming down onto a head hurts: its bottom was above the top of the box
    # before this tick's fall. Bumping into a rock from the side or below does nothing,
    # which is what lets slow rocks serve as stepping stones.
    from_above = ry + size - r.vy[c] <= y + HEAD_GRACE
    overlap = seen & (rx < x + w) & (rx + size > x) & (ry < y + h) & (ry + size > y)
    overlap &= from_above
    first = overlap.argmax(axis=0)
    found = candidate[first, np.arange(len(x))]
    return where(overlap.any(axis=0), found, -1).astype(np.int32)


def rock_on_head_one(world, grid, x: int, y: int, w_px: int, h_px: int) -> int:
    """`rock_on_head` for one box (Naruto): the same six points in the same order."""
    r = world.rocks
    w, h = w_px * SUBPIXEL, h_px * SUBPIXEL
    rows, cols = grid.shape
    for px in (x, x + w - 1):
        col = min(max(px // TILE_SUB + 1, 0), cols - 1)
        for py in (y, y + h // 2, y + h - 1):
            rock = int(grid[min(max(py // TILE_SUB + 1, 0), rows - 1), col])
            if rock < 0:
                continue
            size = int(r.size[rock]) * SUBPIXEL
            rx, ry = int(r.x[rock]), int(r.y[rock])
            from_above = ry + size - int(r.vy[rock]) <= y + HEAD_GRACE
            if from_above and rx < x + w and rx + size > x and ry < y + h and ry + size > y:
                return rock
    return -1


def _hit_entities(world) -> None:
    world.rock_grid_tick = -1  # the rocks moved: look again
    if not _may_hit(world):
        return  # the common case: no rock is on anyone's head
    grid = platforms.rock_grid(world)
    used: list[int] = []

    c = world.clones
    live = indices(c.alive)
    if len(live):
        hit = rock_on_head(world, grid, c.x[live], c.y[live], CLONE_W, CLONE_H)
        struck = hit >= 0
        if count_nonzero(struck):
            clone_system.dispel(world, live[struck])
            used.extend(hit[struck].tolist())

    m = world.miners
    live = indices(m.alive)
    if len(live):
        hit = rock_on_head(world, grid, m.x[live], m.y[live], MINER_W, MINER_H)
        for miner, rock in zip(live[hit >= 0].tolist(), hit[hit >= 0].tolist(), strict=True):
            clone = int(m.carried_by[miner])
            if m.state[miner] == CARRIED and clone != NONE:
                # The miner on a clone's arms takes the blow; the clone cannot hold on.
                clone_system.dispel(world, np.array([clone]))
            else:
                miner_system.hit_by_rock(world, miner)
            used.append(rock)

    n = world.naruto
    if n.grace == 0 and n.stun == 0 and NO_STUN not in world.assists:
        rock = rock_on_head_one(world, grid, n.x, n.y, NARUTO_W, NARUTO_H)
        if rock >= 0:
            n.stun = t.STUN_TICKS
            n.grace = t.STUN_TICKS + t.STUN_GRACE_TICKS
            n.vx = 0
            used.append(rock)
            world.events.append((events.STUN, *n.center_px))

    for rock in sorted(set(used)):
        _shatter(world, rock)


def _may_hit(world) -> bool:
    """Could a rock be on anyone's head? Every live rock against every body (clones,
    miners, Naruto, all as the tallest box) with `rock_on_head`'s conditions, leaving out
    only which rock the grid shows in a cell: False means nobody is hit this tick."""
    r, c, m, n = world.rocks, world.clones, world.miners, world.naruto
    alive = r.alive
    top = r.y[alive]
    # Naruto as an int32 entry, as the pools' columns: a mixed dtype costs a cast per use.
    y = concatenate((c.y[c.alive], m.y[m.alive], np.array((n.y,), dtype=np.int32)))
    if len(top) * len(y) > platforms.PAIRWISE_LIMIT:
        return True  # many rocks among a crowd: the grid is cheaper than every pair
    size = r.size[alive].astype(np.int32) * k32(SUBPIXEL)
    bottom = top + size
    was_bottom = (bottom - r.vy[alive])[:, None]
    top, bottom = top[:, None], bottom[:, None]
    w = k32(max(CLONE_W, MINER_W, NARUTO_W) * SUBPIXEL)
    h = k32(max(CLONE_H, MINER_H, NARUTO_H) * SUBPIXEL)
    # Heights first, alone enough on most ticks: no rock came down onto anyone's head line.
    hit = (top < y + h) & (bottom > y) & (was_bottom <= y + k32(HEAD_GRACE))
    if not count_nonzero(hit):
        return False
    left = r.x[alive]
    right = (left + size)[:, None]
    x = concatenate((c.x[c.alive], m.x[m.alive], np.array((n.x,), dtype=np.int32)))
    hit &= (left[:, None] < x + w) & (right > x)
    return bool(count_nonzero(hit))


def _shatter(world, rock: int) -> None:
    r = world.rocks
    if not r.alive[rock]:
        return
    size = int(r.size[rock])
    r.kill(rock)
    world.events.append(
        (
            events.ROCK_SHATTER,
            int(r.x[rock]) // SUBPIXEL + size // 2,
            int(r.y[rock]) // SUBPIXEL + size // 2,
        )
    )


def shatter_in_box(world, left: int, top: int, right: int, bottom: int) -> None:
    """Break every falling rock overlapping a box given in sub-pixels (the Rasengan)."""
    r = world.rocks
    idx = indices(r.alive)
    if len(idx) == 0:
        return
    size = r.size[idx].astype(np.int32) * SUBPIXEL
    inside = (
        (r.x[idx] < right)
        & (r.x[idx] + size > left)
        & (r.y[idx] < bottom)
        & (r.y[idx] + size > top)
    )
    for rock in idx[inside].tolist():
        _shatter(world, rock)
