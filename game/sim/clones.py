"""Shadow clones: free ones run to miners who need carrying, loaded ones run to the exit."""

from __future__ import annotations

import numpy as np

from game.sim import crates, dialogue, events, platforms
from game.sim import tuning as t
from game.sim.constants import SUBPIXEL
from game.sim.npfast import count_nonzero, where
from game.sim.paths import CAMP_FIELD, EXIT_FIELD, MINER_FIELD, at_exit, body_cells, meetings
from game.sim.physics import k32
from game.sim.pools import (
    CARRIED,
    CLONE_H,
    CLONE_W,
    MINER_H,
    MINER_W,
    NONE,
    NONE_K,
    RESCUED,
    WAITING,
    WAITING_K,
    indices,
)
from game.sim.steering import Gait, steer

FREE_GAIT = Gait(CLONE_W, CLONE_H, t.CLONE_SPEED, t.CLONE_CLIMB_SPEED, t.CLONE_JUMP_SPEED)
LOADED_GAIT = Gait(
    CLONE_W, CLONE_H, t.CLONE_LOADED_SPEED, t.CLONE_LOADED_CLIMB_SPEED, t.CLONE_JUMP_SPEED
)
GAITS = (LOADED_GAIT, FREE_GAIT)  # indexed by "is free"
# A carried miner lies across the carrier's raised arms, a little above its head.
CARRY_LIFT = 6 * SUBPIXEL
# From the carrier's top-left to the carried miner's, centred on the raised arms: the sums
# made once, as 0-d int32 arrays (physics.k32; the same result as adding each in turn).
_CARRY_DX = (CLONE_W - MINER_W) * SUBPIXEL // 2
_CARRY_DY = k32(CARRY_LIFT - MINER_H * SUBPIXEL // 2)
_FIELDS = (MINER_FIELD, EXIT_FIELD, CAMP_FIELD)
_MINER_FIELD, _EXIT_FIELD, _CAMP_FIELD = (k32(f) for f in _FIELDS)


def update(world) -> None:
    c = world.clones
    live = indices(c.alive)
    if not len(live):
        return
    c.age += c.alive  # +1 for the live: one operation, not a gather, add and scatter
    # The crowd's masks over the live clones only (in slot order, as the pool's would be).
    loaded = c.carrying[live] != NONE_K
    free = ~loaded
    idx_loaded = live[loaded]
    if world.total_crates:  # a map with supply crates: a clone may be carrying one
        with_crate = c.crate[live] != NONE_K
        idx_free = live[free & ~with_crate]
        idx_crate = live[with_crate]
    else:
        with_crate, idx_free, idx_crate = None, live[free], live[:0]
    is_free = free.astype(np.int32)
    # Loaded clones walk the exit field at the loaded gait, free ones the miner field; a
    # crate is light, so its carrier runs the camp field at the free gait.
    field_ids = where(is_free, _MINER_FIELD, _EXIT_FIELD)  # int32, as steer's columns
    if len(idx_crate):
        field_ids = where(with_crate, _CAMP_FIELD, field_ids)
    prev_y = c.y[live]
    steer(world, c, live, world.paths.stack, field_ids, GAITS, is_free)
    # Falling rocks are stepping stones: clones that drop onto one ride it.
    y, vy = c.y[live], c.vy[live]
    on_rock = platforms.ride(world, c.x[live], y, vy, prev_y, CLONE_W, CLONE_H)
    if count_nonzero(on_rock):
        c.y[live], c.vy[live] = y, vy
        c.on_ground[live] |= on_rock
        c.boost[live] &= ~on_rock
    if len(idx_loaded):
        hold_carried(world, idx_loaded)
        deliver(world, idx_loaded)
    if len(idx_crate):
        crates.hold(world, idx_crate)
        crates.deliver(world, idx_crate)
    if len(idx_free) and count_nonzero(world.crates.alive):
        idx_free = crates.pick_up(world, idx_free)
    if len(idx_free):
        pick_up(world, idx_free)


def hold_carried(world, carriers: np.ndarray) -> None:
    """Keep each carried miner on its carrier's arms."""
    c, m = world.clones, world.miners
    miners = c.carrying[carriers].astype(np.int64)
    x = c.x[carriers]
    if _CARRY_DX:  # zero while clones and miners are as wide: nothing to add
        x = x + k32(_CARRY_DX)
    m.x[miners] = x
    m.y[miners] = c.y[carriers] + _CARRY_DY
    m.vx[miners] = c.vx[carriers]
    m.vy[miners] = c.vy[carriers]
    m.facing[miners] = c.facing[carriers]


def deliver(world, carriers: np.ndarray) -> None:
    c, m = world.clones, world.miners
    for clone in at_exit(world, c, carriers, CLONE_W, CLONE_H):
        miner = int(c.carrying[clone])
        c.carrying[clone] = NONE
        m.carried_by[miner] = NONE
        rescue(world, miner)


def rescue(world, miner: int) -> None:
    m = world.miners
    m.state[miner] = RESCUED
    m.alive[miner] = False
    world.rescued += 1
    world.rescued_order.append(miner)
    world.events.append((events.RESCUE, int(m.x[miner] // SUBPIXEL), int(m.y[miner] // SUBPIXEL)))
    says = world.miner_says[int(m.name_id[miner])]
    if says:
        dialogue.open_box(world, says)


def pick_up(world, free: np.ndarray) -> None:
    """A free clone standing where a miner waits for a carrier lifts them."""
    c, m = world.clones, world.miners
    waiting = indices(m.alive & (m.state == WAITING_K))
    if len(waiting) == 0:
        return
    miner_cells = body_cells(m.x[waiting], m.y[waiting], MINER_W, MINER_H)
    clone_cells = body_cells(c.x[free], c.y[free], CLONE_W, CLONE_H)
    clones_hit, miners_hit = meetings(world.flags.shape, waiting, miner_cells, free, clone_cells)
    if len(clones_hit) == 0:
        return
    from game.sim import miners as miner_system  # local: miners imports clones

    for clone, miner in zip(clones_hit.tolist(), miners_hit.tolist(), strict=True):
        miner_system.reached(world, miner)
        if miner_system.needs_carrier(world, miner):
            m.state[miner] = CARRIED
            m.carried_by[miner] = clone
            c.carrying[clone] = miner
            world.paths.mark_miners_dirty()


def dispel(world, clones: np.ndarray) -> None:
    """Clones vanish in a puff of smoke; whoever they carried is set down where they were."""
    c, m = world.clones, world.miners
    for clone in np.asarray(clones, dtype=np.int64).tolist():
        crates.set_down(world, clone)
        miner = int(c.carrying[clone])
        if miner != NONE:
            m.state[miner] = WAITING
            m.carried_by[miner] = NONE
            m.injured[miner] = True
            m.x[miner] = c.x[clone] + (CLONE_W - MINER_W) * SUBPIXEL // 2
            m.y[miner] = c.y[clone] + (CLONE_H - MINER_H) * SUBPIXEL
            m.vx[miner] = 0
            m.vy[miner] = 0
            m.on_ground[miner] = False  # set down in mid-air: let it fall
            world.paths.mark_miners_dirty()
        c.carrying[clone] = NONE
        world.events.append(
            (
                events.PUFF,
                int(c.x[clone] // SUBPIXEL) + CLONE_W // 2,
                int(c.y[clone] // SUBPIXEL) + CLONE_H // 2,
            )
        )
    c.kill(clones)
