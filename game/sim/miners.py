"""Miners: the injured wait for a carrier, the healthy walk out once a way is open,
Natasha leaves only when nobody else of her chamber still waits, and Goro, once someone
reaches him, carries one injured miner out himself."""

from __future__ import annotations

import numpy as np

from game.level.model import Level
from game.sim import physics
from game.sim import tuning as t
from game.sim.clones import rescue
from game.sim.constants import SUBPIXEL
from game.sim.npfast import count_nonzero, where
from game.sim.paths import EXIT_FIELD, MINER_FIELD, UNREACHABLE, at_exit, body_cells
from game.sim.physics import SMALL_CROWD, k32
from game.sim.pools import (
    CARRIED,
    MINER_H,
    MINER_W,
    NARUTO_H,
    NARUTO_W,
    NONE,
    NONE_K,
    WAITING,
    WAITING_K,
    WALKING,
    WALKING_K,
    MinerPool,
    indices,
)
from game.sim.steering import Gait, steer, steer_one

WALK_GAIT = Gait(MINER_W, MINER_H, t.MINER_WALK_SPEED, t.MINER_CLIMB_SPEED, t.MINER_JUMP_SPEED, 40)
GORO_GAIT = Gait(MINER_W, MINER_H, t.GORO_SPEED, t.MINER_CLIMB_SPEED, t.MINER_JUMP_SPEED, 50)
GAITS = (WALK_GAIT, GORO_GAIT)  # indexed by "is a working carrier"
REACH_PX = 20  # Naruto this close to Goro counts as reaching him
# Field ids as 0-d int32 arrays: steer's columns are int32, and another dtype costs a cast.
_MINER_FIELD, _EXIT_FIELD = k32(MINER_FIELD), k32(EXIT_FIELD)


def populate(pool: MinerPool, level: Level) -> list[str]:
    """Place the map's miners in the pool; return their names, indexed by `name_id`."""
    chambers: dict[str, int] = {}
    names = []
    for i, spec in enumerate(level.miners):
        chamber = chambers.setdefault(spec.chamber, len(chambers))
        names.append(spec.name)
        pool.spawn(
            1,
            x=(spec.x * SUBPIXEL) - MINER_W * SUBPIXEL // 2,
            y=(spec.y - MINER_H) * SUBPIXEL,
            injured=spec.injured,
            last_out=spec.last_out,
            carrier=spec.carrier,
            chamber=chamber,
            name_id=i,
            facing=1 if i % 2 == 0 else -1,
        )
    return names


def needs_carrier(world, miner: int) -> bool:
    m = world.miners
    return bool(m.alive[miner] and m.state[miner] == WAITING and m.injured[miner])


def reached(world, miner: int) -> None:
    """Someone got to this miner: a carrier (Goro) starts working."""
    m = world.miners
    if m.carrier[miner] and not m.active[miner] and not m.injured[miner]:
        m.active[miner] = True
        m.state[miner] = WALKING
        world.paths.mark_miners_dirty()


def update(world) -> None:
    m = world.miners
    if not count_nonzero(m.alive):
        return
    m.age += m.alive  # +1 for the live, in one operation
    _naruto_reaches_goro(world)
    _start_walking(world)

    walking = m.alive & (m.state == WALKING_K)
    goro = walking & m.active  # a working carrier on his way: few maps have one
    any_goro = count_nonzero(goro)
    goro_free = goro & (m.carrying == NONE_K) if any_goro else goro
    goro_loaded = goro & (m.carrying != NONE_K) if any_goro else goro

    # Standing miners stay put while the ground under them is unchanged: only the ones
    # in the air, or all of them after a tile changed, need the physics.
    waiting = m.alive & (m.state == WAITING_K)
    if world.tiles_version == m.settled_at_version:
        waiting &= ~m.on_ground
    m.settled_at_version = world.tiles_version
    idle = indices(waiting)
    if len(idle):
        _settle(world, idle)
    movers = indices(walking)
    # Goro looks for someone to carry while anyone is left to carry; everyone else, and
    # Goro with his load, heads for the exit.
    if 0 < len(movers) <= SMALL_CROWD:
        # A few walkers go one by one, as steer would take them: their fields looked up
        # cell by cell cost less than numpy's calls.
        stack, to_miner = world.paths.stack, world.paths.to_miner
        for miner in movers.tolist():
            field_id = EXIT_FIELD
            if goro_free.item(miner):
                row, col = body_cells(m.x.item(miner), m.y.item(miner), MINER_W, MINER_H)
                if to_miner.item(row + 1, col + 1) < UNREACHABLE:
                    field_id = MINER_FIELD
            steer_one(world, m, miner, stack, field_id, GAITS[m.active.item(miner)])
    elif len(movers):
        seeking = goro_free[movers]
        someone_left = world.paths.to_miner[_padded_cells(m, movers)] < UNREACHABLE
        field_ids = where(seeking & someone_left, _MINER_FIELD, _EXIT_FIELD)
        gait_ids = m.active[movers].astype(np.int32)
        steer(world, m, movers, world.paths.stack, field_ids, GAITS, gait_ids)
    if any_goro and count_nonzero(goro_free):
        _goro_picks_up(world, indices(goro_free))
    if any_goro and count_nonzero(goro_loaded):
        idx = indices(goro_loaded)
        for goro in idx.tolist():
            carried = int(m.carrying[goro])
            m.x[carried] = m.x[goro]
            m.y[carried] = m.y[goro] - MINER_H * SUBPIXEL // 2 + 6 * SUBPIXEL
            m.facing[carried] = m.facing[goro]
    _walk_out_at_exits(world)


def _padded_cells(m: MinerPool, idx: np.ndarray):
    rows, cols = body_cells(m.x[idx], m.y[idx], MINER_W, MINER_H)
    return rows + 1, cols + 1


def _naruto_reaches_goro(world) -> None:
    m, n = world.miners, world.naruto
    idle_carrier = m.carrier & ~m.active
    if not count_nonzero(idle_carrier):
        return  # the common case: no carrier (Goro) left to wake
    waiting_goro = indices(idle_carrier & m.alive & (m.state == WAITING_K))
    for goro in waiting_goro.tolist():
        dx = (m.x[goro] + MINER_W * 128) - (n.x + NARUTO_W * 128)
        dy = (m.y[goro] + MINER_H * 128) - (n.y + NARUTO_H * 128)
        if abs(int(dx)) <= REACH_PX * SUBPIXEL and abs(int(dy)) <= REACH_PX * SUBPIXEL:
            reached(world, goro)


def _start_walking(world) -> None:
    """Healthy miners set off once the exit can be reached; Natasha waits for her chamber."""
    m = world.miners
    waiting = m.alive & (m.state == WAITING_K)
    candidates = waiting & ~m.injured & ~m.carrier
    if not count_nonzero(candidates):
        return
    idx = indices(candidates)
    if len(idx) <= SMALL_CROWD:  # a few: cell by cell costs less than numpy's calls
        to_exit = world.paths.to_exit
        has_path = []
        for miner in idx.tolist():
            row, col = body_cells(m.x.item(miner), m.y.item(miner), MINER_W, MINER_H)
            has_path.append(to_exit.item(row + 1, col + 1) < UNREACHABLE)
    else:
        has_path = (world.paths.to_exit[_padded_cells(m, idx)] < UNREACHABLE).tolist()
    for miner, ok in zip(idx.tolist(), has_path, strict=True):
        if not ok:
            continue
        if m.last_out[miner] and _others_waiting(m, miner, waiting):
            continue
        m.state[miner] = WALKING
        waiting[miner] = False


def _others_waiting(m: MinerPool, miner: int, waiting: np.ndarray) -> bool:
    """Anyone else waiting in this miner's chamber (`waiting`: the live, waiting miners)."""
    others = waiting & (m.chamber == m.chamber[miner])
    others[miner] = False
    return bool(count_nonzero(others))


def _settle(world, idx: np.ndarray) -> None:
    """Waiting miners stand still, but fall if set down in mid-air."""
    m = world.miners
    if len(idx) <= SMALL_CROWD:  # a few go one by one: the same moves, without numpy's calls
        for miner in idx.tolist():
            fall = min(m.vy.item(miner) + t.GRAVITY, t.MAX_FALL)
            new_x, new_y, new_vx, new_vy, landed, _, _ = physics.move_one(
                world.grid, m.x.item(miner), m.y.item(miner), 0, fall, MINER_W, MINER_H
            )
            m.x[miner], m.y[miner], m.vx[miner], m.vy[miner] = new_x, new_y, new_vx, new_vy
            m.on_ground[miner] = landed or physics.standing_on_one(
                world.grid, new_x, new_y, MINER_W, MINER_H
            )
        return
    x, y = m.x[idx], m.y[idx]
    vx = np.zeros(len(idx), dtype=np.int32)
    vy = np.minimum(m.vy[idx] + t.GRAVITY, t.MAX_FALL).astype(np.int32)
    contacts = physics.move(world.grid, x, y, vx, vy, MINER_W, MINER_H, solid=world.solid)
    m.x[idx], m.y[idx], m.vx[idx], m.vy[idx] = x, y, vx, vy
    m.on_ground[idx] = contacts.on_ground | physics.standing_on(world.grid, x, y, MINER_W, MINER_H)


def _goro_picks_up(world, goros: np.ndarray) -> None:
    m = world.miners
    for goro in goros.tolist():
        g_row, g_col = body_cells(m.x[goro : goro + 1], m.y[goro : goro + 1], MINER_W, MINER_H)
        for miner in indices(m.alive & (m.state == WAITING_K) & m.injured).tolist():
            row, col = body_cells(m.x[miner : miner + 1], m.y[miner : miner + 1], MINER_W, MINER_H)
            if row[0] == g_row[0] and col[0] == g_col[0]:
                m.state[miner] = CARRIED
                m.carried_by_miner[miner] = goro
                m.carrying[goro] = miner
                world.paths.mark_miners_dirty()
                break


def _walk_out_at_exits(world) -> None:
    m = world.miners
    walking = indices(m.alive & (m.state == WALKING_K))
    if len(walking) == 0:
        return
    for miner in at_exit(world, m, walking, MINER_W, MINER_H):
        carried = int(m.carrying[miner])
        if carried != NONE:
            m.carrying[miner] = NONE
            m.carried_by_miner[carried] = NONE
            rescue(world, carried)
        rescue(world, miner)


def hit_by_rock(world, miner: int) -> None:
    """A rock knocks a miner down: walkers become injured and wait for a carrier."""
    m = world.miners
    if m.active[miner] or m.carrier[miner] or m.state[miner] not in (WAITING, WALKING):
        return  # Goro shrugs rocks off; the carried and the rescued are out of reach
    if not m.injured[miner]:
        m.state[miner] = WAITING
        m.injured[miner] = True
        m.vx[miner] = 0
        world.paths.mark_miners_dirty()
