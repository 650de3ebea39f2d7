"""The Silvermane guards' line, and the townsfolk who watch it.

A guard standing its ground is a wall to Naruto and to his clones: whoever walks into one is
put back outside it, and Naruto is shoved back a step. Transformed, Naruto is one of them
and walks through. Clones pressing against a guard push it: once at least `strength` of them
touch it in the same tick it gives way, steps aside, and stays aside. Nobody is hurt.

While any guard still stands, the map's `reinforce_seconds` makes the line harder: every
that many seconds each standing guard gains one strength, up to double its own.
"""

from __future__ import annotations

import numpy as np

from game.sim import dialogue, events
from game.sim import tuning as t
from game.sim.constants import SUBPIXEL, TICKS_PER_SECOND
from game.sim.npfast import count_nonzero, where
from game.sim.pools import CLONE_H, CLONE_W, GUARD_H, GUARD_W, NARUTO_H, NARUTO_W, indices

TOUCH_PX = 2  # a clone this close to a guard's side is pushing it
ASIDE_TICKS = 24  # ticks a guard takes to step out of the way, a pixel each
CHEER_REACH_X, CHEER_REACH_Y = 96, 64  # clones this close make a townsperson react


def setup(world) -> None:
    """Place the map's guards in `world.guards`; fill `folk_cheer_tick` (both declared by
    `World.__init__`)."""
    for index, spec in enumerate(world.level.guards):
        world.guards.spawn(
            1,
            x=(spec.x - GUARD_W // 2) * SUBPIXEL,
            y=(spec.y - GUARD_H) * SUBPIXEL,
            strength=spec.strength,
            base_strength=spec.strength,
            commander=spec.commander,
            spec=index,
        )
    world.folk_cheer_tick = np.full(len(world.level.townsfolk), -1, dtype=np.int32)


def update(world) -> None:
    g = world.guards
    if count_nonzero(g.alive):
        g.age += g.alive  # +1 for the live, in one operation
        _reinforce(world)
        standing = indices(g.alive & ~g.aside)
        if len(standing):
            _hold_clones(world, standing)
            if not world.naruto.disguise:
                _hold_naruto(world, standing)
        _step_aside(world)
    if len(world.folk_cheer_tick) and count_nonzero(world.folk_cheer_tick < 0):
        _folk_see_clones(world)


def _reinforce(world) -> None:
    every = world.level.reinforce_seconds * TICKS_PER_SECOND
    if not every or not world.started or world.game_ticks % every:
        return
    g = world.guards
    standing = g.alive & ~g.aside
    g.strength[standing] = np.minimum(g.strength[standing] + 1, g.base_strength[standing] * 2)


def _hold_clones(world, standing: np.ndarray) -> None:
    """Put clones walked into a guard back beside it; count who pushes each guard."""
    c, g = world.clones, world.guards
    g.pushers[:] = 0
    live = indices(c.alive)
    if len(live) == 0:
        return
    x, y = c.x[live], c.y[live]
    cx = x + CLONE_W * SUBPIXEL // 2
    for guard in standing.tolist():
        left, top = int(g.x[guard]), int(g.y[guard])
        right, bottom = left + GUARD_W * SUBPIXEL, top + GUARD_H * SUBPIXEL
        level = (y < bottom) & (y + CLONE_H * SUBPIXEL > top)
        reach = TOUCH_PX * SUBPIXEL
        near = level & (x < right + reach) & (x + CLONE_W * SUBPIXEL > left - reach)
        if not count_nonzero(near):
            continue
        g.pushers[guard] = int(count_nonzero(near))
        inside = near & (x < right) & (x + CLONE_W * SUBPIXEL > left)
        if count_nonzero(inside):
            from_left = cx < left + GUARD_W * SUBPIXEL // 2
            put = where(from_left, left - CLONE_W * SUBPIXEL, right)
            x = where(inside, put, x)
            c.vx[live[inside]] = 0
        c.x[live] = x
        if g.pushers[guard] >= g.strength[guard]:
            _give_way(world, guard, -1 if int(np.sum(cx[near] < left)) * 2 < len(cx[near]) else 1)


def _hold_naruto(world, standing: np.ndarray) -> None:
    n, g = world.naruto, world.guards
    n.shove = max(0, n.shove - 1)
    w, h = NARUTO_W * SUBPIXEL, NARUTO_H * SUBPIXEL
    for guard in standing.tolist():
        left, top = int(g.x[guard]), int(g.y[guard])
        right, bottom = left + GUARD_W * SUBPIXEL, top + GUARD_H * SUBPIXEL
        if not (n.x < right and n.x + w > left and n.y < bottom and n.y + h > top):
            continue
        from_left = n.x + w // 2 < left + GUARD_W * SUBPIXEL // 2
        n.x = left - w if from_left else right
        n.vx = -t.SHOVE_SPEED if from_left else t.SHOVE_SPEED
        g.facing[guard] = -1 if from_left else 1
        if not n.shove:
            world.events.append((events.SHOVE, *n.center_px))
        n.shove = t.SHOVE_TICKS


def _give_way(world, guard: int, side: int) -> None:
    """The crowd walks this guard aside: it turns its back to them and steps away."""
    g = world.guards
    g.aside[guard] = True
    g.facing[guard] = side
    cx = int(g.x[guard]) // SUBPIXEL + GUARD_W // 2
    cy = int(g.y[guard]) // SUBPIXEL + GUARD_H // 2
    world.events.append((events.GUARD_ASIDE, cx, cy))
    world.paths.mark_miners_dirty()  # no longer a goal for free clones
    says = world.level.guards[int(g.spec[guard])].says
    if says:
        dialogue.open_box(world, says)


def _step_aside(world) -> None:
    g = world.guards
    moving = indices(g.alive & g.aside & (g.aside_ticks < ASIDE_TICKS))
    if len(moving) == 0:
        return
    g.aside_ticks[moving] += 1
    g.x[moving] += g.facing[moving].astype(np.int32) * SUBPIXEL


def _folk_see_clones(world) -> None:
    c = world.clones
    live = indices(c.alive)
    if len(live) == 0:
        return
    cx = c.x[live] // SUBPIXEL + CLONE_W // 2
    cy = c.y[live] // SUBPIXEL + CLONE_H
    for i, folk in enumerate(world.level.townsfolk):
        if world.folk_cheer_tick[i] >= 0:
            continue
        near = (np.abs(cx - folk.x) <= CHEER_REACH_X) & (np.abs(cy - folk.y) <= CHEER_REACH_Y)
        if count_nonzero(near):
            world.folk_cheer_tick[i] = world.tick
            world.events.append((events.CHEER, folk.x, folk.y))
