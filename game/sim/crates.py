"""Supply crates (Vache's satchel): a free clone that reaches a waiting crate lifts it and
runs it to the medical camp, where it counts as delivered. A crate set down (its clone
dispelled) falls to the ground and waits for the next free clone."""

from __future__ import annotations

import numpy as np

from game.sim import events, physics
from game.sim import tuning as t
from game.sim.constants import SUBPIXEL
from game.sim.npfast import count_nonzero
from game.sim.paths import body_cells, meetings
from game.sim.physics import clamp
from game.sim.pools import (
    CARRIED,
    CLONE_H,
    CLONE_W,
    CRATE_H,
    CRATE_W,
    NONE,
    WAITING,
    WAITING_K,
    indices,
)


def setup(world) -> None:
    """Place the map's crates in `world.crates` (declared by `World.__init__`)."""
    for spec in world.level.crates:
        world.crates.spawn(
            1,
            x=(spec.x - CRATE_W // 2) * SUBPIXEL,
            y=(spec.y - CRATE_H) * SUBPIXEL,
            on_ground=True,
        )
    world.total_crates = len(world.level.crates)


def centre_px(world, crate: int) -> tuple[int, int]:
    k = world.crates
    return int(k.x[crate]) // SUBPIXEL + CRATE_W // 2, int(k.y[crate]) // SUBPIXEL + CRATE_H // 2


def pick_up(world, free: np.ndarray) -> np.ndarray:
    """Free clones standing at a waiting crate lift it (the lowest-numbered clone first);
    returns the clones still free."""
    k, c = world.crates, world.clones
    waiting = indices(k.alive & (k.state == WAITING_K))
    if len(waiting) == 0 or len(free) == 0:
        return free
    crate_cells = body_cells(k.x[waiting], k.y[waiting], CRATE_W, CRATE_H)
    clone_cells = body_cells(c.x[free], c.y[free], CLONE_W, CLONE_H)
    clones_hit, crates_hit = meetings(world.flags.shape, waiting, crate_cells, free, clone_cells)
    if len(clones_hit) == 0:
        return free
    k.state[crates_hit] = CARRIED
    k.carried_by[crates_hit] = clones_hit
    c.crate[clones_hit] = crates_hit
    for crate in crates_hit.tolist():
        world.events.append((events.CRATE_PICKUP, *centre_px(world, crate)))
    world.paths.mark_miners_dirty()  # the crate is no longer a goal for free clones
    return free[~np.isin(free, clones_hit)]


def hold(world, carriers: np.ndarray) -> None:
    """Keep each carried crate on its clone's head."""
    k, c = world.crates, world.clones
    crates = c.crate[carriers].astype(np.int64)
    k.x[crates] = c.x[carriers] + (CLONE_W - CRATE_W) * SUBPIXEL // 2
    k.y[crates] = c.y[carriers] - CRATE_H * SUBPIXEL + 2 * SUBPIXEL
    k.vx[crates] = c.vx[carriers]
    k.vy[crates] = c.vy[carriers]


def deliver(world, carriers: np.ndarray) -> None:
    """Carriers inside a camp set their crates down there: delivered."""
    k, c = world.crates, world.clones
    rows, cols = body_cells(c.x[carriers], c.y[carriers], CLONE_W, CLONE_H)
    h, w = world.flags.shape
    at_camp = world.paths.camp_goals[clamp(rows, 0, h - 1), clamp(cols, 0, w - 1)]
    for clone in carriers[at_camp].tolist():
        crate = int(c.crate[clone])
        c.crate[clone] = NONE
        world.events.append((events.CRATE_DELIVER, *centre_px(world, crate)))
        k.kill([crate])
        k.carried_by[crate] = NONE
        world.crates_delivered += 1


def set_down(world, clone: int) -> None:
    """A clone carrying a crate is gone: the crate drops where it was and waits again."""
    k, c = world.crates, world.clones
    crate = int(c.crate[clone])
    if crate == NONE:
        return
    c.crate[clone] = NONE
    k.state[crate] = WAITING
    k.carried_by[crate] = NONE
    k.x[crate] = c.x[clone] + (CLONE_W - CRATE_W) * SUBPIXEL // 2
    k.y[crate] = c.y[clone] + (CLONE_H - CRATE_H) * SUBPIXEL
    k.vx[crate] = k.vy[crate] = 0
    k.on_ground[crate] = False
    world.paths.mark_miners_dirty()


def lose(world, clone: int) -> None:
    """A clone fell into a chasm with its crate: the crate is gone for good."""
    crate = int(world.clones.crate[clone])
    if crate == NONE:
        return
    world.clones.crate[clone] = NONE
    world.crates.kill([crate])
    world.crates.carried_by[crate] = NONE
    world.crates_lost += 1


def settle(world) -> None:
    """Waiting crates in the air fall until they land."""
    k = world.crates
    if not count_nonzero(k.alive):
        return  # every tick, on every map: most have no crates
    if k.settled_at_version != world.tiles_version:
        k.on_ground[:] = False  # a tile changed: the ground under any crate may be gone
        k.settled_at_version = world.tiles_version
    falling = indices(k.alive & (k.state == WAITING_K) & ~k.on_ground)
    if len(falling) == 0:
        return
    x, y = k.x[falling], k.y[falling]
    vx = np.zeros(len(falling), dtype=np.int32)
    vy = np.minimum(k.vy[falling] + t.GRAVITY, t.MAX_FALL).astype(np.int32)
    contacts = physics.move(world.grid, x, y, vx, vy, CRATE_W, CRATE_H, solid=world.solid)
    k.x[falling], k.y[falling], k.vx[falling], k.vy[falling] = x, y, vx, vy
    landed = contacts.on_ground | physics.standing_on(world.grid, x, y, CRATE_W, CRATE_H)
    k.on_ground[falling] = landed
    if count_nonzero(landed):
        world.paths.mark_miners_dirty()  # it lies somewhere new: a goal moved
