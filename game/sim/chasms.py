"""Chasms: whoever falls in is gone. A clone vanishes and the miner it carried is lost;
a walking miner is lost; Naruto climbs back out at the last ground he stood on."""

from __future__ import annotations

import numpy as np

from game.sim import crates, events
from game.sim import tuning as t
from game.sim.constants import SUBPIXEL
from game.sim.npfast import count_nonzero
from game.sim.physics import k32
from game.sim.pools import (
    CLONE_H,
    CLONE_W,
    LOST,
    MINER_H,
    MINER_W,
    NARUTO_H,
    NARUTO_W,
    NONE,
    NONE_K,
    indices,
)


def _inside(world, x, y, w_px, h_px) -> np.ndarray | None:
    """Bodies whose middle is inside any chasm; None when none is (most ticks)."""
    hit = None
    for chasm in world.level.chasms:
        r = chasm.rect
        # The middle pixel (x // SUBPIXEL + w_px // 2) is in [r.x, r.x + r.w) exactly when x
        # is in [(r.x - w_px // 2) * SUBPIXEL, (r.x + r.w - w_px // 2) * SUBPIXEL): the same
        # test on the sub-pixel position, with two operations fewer an axis.
        left, top = (r.x - w_px // 2) * SUBPIXEL, (r.y - h_px // 2) * SUBPIXEL
        inside = (x >= k32(left)) & (x < k32(left + r.w * SUBPIXEL))
        if not count_nonzero(inside):
            continue  # the common case: nobody above or below the chasm, let alone in it
        inside &= (y >= k32(top)) & (y < k32(top + r.h * SUBPIXEL))
        hit = inside if hit is None else hit | inside
    return hit


def update(world) -> None:
    if not world.level.chasms:
        return
    c, m = world.clones, world.miners
    live = indices(c.alive)
    fallen = _inside(world, c.x[live], c.y[live], CLONE_W, CLONE_H)
    for clone in [] if fallen is None else live[fallen].tolist():
        miner = int(c.carrying[clone])
        if miner != NONE:
            _lose(world, miner)
            c.carrying[clone] = NONE
        crates.lose(world, clone)
        c.alive[clone] = False
        world.events.append(
            (events.FALL, int(c.x[clone]) // SUBPIXEL + CLONE_W // 2, int(c.y[clone]) // SUBPIXEL)
        )
    live = indices(m.alive & (m.carried_by == NONE_K) & (m.carried_by_miner == NONE_K))
    fallen = _inside(world, m.x[live], m.y[live], MINER_W, MINER_H)
    for miner in [] if fallen is None else live[fallen].tolist():
        carried = int(m.carrying[miner])
        if carried != NONE:  # Goro falls with the one he carries
            m.carrying[miner] = NONE
            _lose(world, carried)
        _lose(world, miner)
    _naruto(world)


def _lose(world, miner: int) -> None:
    m = world.miners
    m.state[miner] = LOST
    m.alive[miner] = False
    m.carried_by[miner] = NONE
    m.carried_by_miner[miner] = NONE
    world.lost += 1
    world.paths.mark_miners_dirty()


def _naruto(world) -> None:
    n = world.naruto
    cx = n.x // SUBPIXEL + NARUTO_W // 2
    cy = n.y // SUBPIXEL + NARUTO_H // 2
    if any(chasm.rect.contains(cx, cy) for chasm in world.level.chasms):
        n.x, n.y = n.safe_x, n.safe_y
        n.vx = n.vy = 0
        n.stun = max(n.stun, t.RESPAWN_STUN_TICKS)
        world.events.append((events.RESPAWN, *n.center_px))
    elif n.on_ground:
        n.safe_x, n.safe_y = n.x, n.y
