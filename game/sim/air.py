"""Air in sealed chambers: it runs down with every person breathing it, and flows back in
once a way to an exit is open. A miner whose air runs out faints and must be carried."""

from __future__ import annotations

import numpy as np

from game.level.model import Level
from game.sim import events
from game.sim.constants import SUBPIXEL, TICKS_PER_SECOND
from game.sim.npfast import count_nonzero
from game.sim.paths import UNREACHABLE
from game.sim.physics import k32
from game.sim.pools import (
    MINER_H,
    MINER_W,
    NARUTO_H,
    NARUTO_W,
    WAITING,
    WAITING_K,
    WALKING_K,
    indices,
)

REFILL_SECONDS = 8  # an opened chamber is fully aired again after this long


def setup(world, level: Level) -> None:
    """Fill the air attributes `World.__init__` declares: every chamber full, sealed or not."""
    count = len(level.chambers)
    world.air_max = np.array(
        [c.air_seconds * TICKS_PER_SECOND for c in level.chambers], dtype=np.int32
    ).reshape(count)
    world.air = world.air_max.copy()
    # ticks of air an open chamber takes in a tick: all of it back in REFILL_SECONDS
    world.air_refill = np.maximum(1, world.air_max // (REFILL_SECONDS * TICKS_PER_SECOND))
    world.chamber_sealed = np.zeros(count, dtype=bool)
    world.exit_version_seen = world.paths.exit_version
    _find_sealed(world)


def chamber_at(world, px: int, py: int) -> int:
    """The chamber holding pixel (px, py), or -1."""
    for i, chamber in enumerate(world.level.chambers):
        if chamber.rect.contains(px, py):
            return i
    return -1


def update(world) -> None:
    chambers = world.level.chambers
    if not chambers or not world.started:
        return  # the air starts running down with the run, not while the title idles
    if world.exit_version_seen != world.paths.exit_version:
        world.exit_version_seen = world.paths.exit_version
        _find_sealed(world)
    m, n = world.miners, world.naruto
    if not count_nonzero(world.chamber_sealed):
        # Every chamber open: each takes in its refill, up to full (the loop below, at once).
        np.minimum(world.air_max, world.air + world.air_refill, out=world.air)
        return
    # who breathes where matters only in a sealed chamber
    breathing = m.alive & ((m.state == WAITING_K) | (m.state == WALKING_K))
    nx = n.x // SUBPIXEL + NARUTO_W // 2
    ny = n.y // SUBPIXEL + NARUTO_H // 2
    for i, chamber in enumerate(chambers):
        r = chamber.rect
        if not world.chamber_sealed[i]:
            refill = max(1, int(world.air_max[i]) // (REFILL_SECONDS * TICKS_PER_SECOND))
            world.air[i] = min(int(world.air_max[i]), int(world.air[i]) + refill)
            continue
        # The miner's middle pixel (x // SUBPIXEL + MINER_W // 2, and so for y) in the rect,
        # tested on the sub-pixel columns: a // n >= k is a >= k * n. The bounds as 0-d int32
        # constants (physics.k32), as the columns are int32.
        left, top = (r.x - MINER_W // 2) * SUBPIXEL, (r.y - MINER_H // 2) * SUBPIXEL
        inside = breathing & (m.x >= k32(left)) & (m.x < k32(left + r.w * SUBPIXEL))
        inside &= (m.y >= k32(top)) & (m.y < k32(top + r.h * SUBPIXEL))
        people = int(count_nonzero(inside)) + int(r.contains(nx, ny))
        world.air[i] = max(0, int(world.air[i]) - people)
        if world.air[i] == 0:
            _faint(world, indices(inside & ~m.fainted))


def _find_sealed(world) -> None:
    """A chamber is sealed while none of its cells can reach an exit."""
    field = world.paths.to_exit[1:-1, 1:-1]
    h, w = field.shape
    for i, chamber in enumerate(world.level.chambers):
        r = chamber.rect
        rows = slice(max(0, r.y // 16), min(h, (r.y + r.h + 15) // 16))
        cols = slice(max(0, r.x // 16), min(w, (r.x + r.w + 15) // 16))
        world.chamber_sealed[i] = not count_nonzero(field[rows, cols] < UNREACHABLE)


def _faint(world, miners: np.ndarray) -> None:
    m = world.miners
    for miner in miners.tolist():
        if m.carrier[miner] and m.active[miner]:
            continue  # Goro at work keeps going on what air there is
        m.fainted[miner] = True
        m.injured[miner] = True
        m.state[miner] = WAITING
        m.vx[miner] = 0
        world.events.append(
            (events.FAINT, int(m.x[miner]) // SUBPIXEL + MINER_W // 2, int(m.y[miner]) // SUBPIXEL)
        )
    if len(miners):
        world.paths.mark_miners_dirty()
