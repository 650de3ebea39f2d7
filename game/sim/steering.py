"""Walking downhill on a distance field: the legs shared by shadow clones and miners.

Each body looks at the field in the four cells around its waist and heads for the lowest:
sideways means run, up means climb the wall beside it (or jump when there is none), down
means drop. A body on a floor that ends, whose path carries on across the gap, jumps it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from game.sim import physics
from game.sim import tuning as t
from game.sim.constants import ONE_WAY, SOLID, SUBPIXEL, TILE_SUB
from game.sim.paths import UNREACHABLE, body_cells
from game.sim.physics import clamp


@dataclass(frozen=True)
class Gait:
    width_px: int
    height_px: int
    speed: int
    climb: int
    jump: int
    accel: int = t.CLONE_ACCEL


def steer_and_move(
    world,
    pool,
    idx: np.ndarray,
    fields: np.ndarray,
    field_ids: np.ndarray,
    gaits: tuple[Gait, ...],
    gait_ids: np.ndarray,
) -> physics.Contacts:
    """Set the velocities of bodies `idx` of `pool` and move them one tick.

    Body i walks on `fields[field_ids[i]]` (a stack of padded distance fields) with the gait
    `gaits[gait_ids[i]]`. One call steers a whole mixed crowd (free and loaded clones, say),
    which costs far less than a call per kind. All gaits share one body size.
    """
    width_px, height_px = gaits[0].width_px, gaits[0].height_px
    speed = np.array([g.speed for g in gaits], dtype=np.int32)[gait_ids]
    climb = np.array([g.climb for g in gaits], dtype=np.int32)[gait_ids]
    jump = np.array([g.jump for g in gaits], dtype=np.int32)[gait_ids]
    accel = np.array([g.accel for g in gaits], dtype=np.int32)[gait_ids]
    x, y = pool.x[idx], pool.y[idx]
    vx, vy = pool.vx[idx], pool.vy[idx]
    facing = pool.facing[idx].astype(np.int32)
    on_ground = pool.on_ground[idx]
    last_wall = pool.on_wall[idx].astype(np.int32)
    f = field_ids

    rows, cols = body_cells(x, y, width_px, height_px)
    r = clamp(rows + 1, 1, fields.shape[1] - 2)
    c = clamp(cols + 1, 1, fields.shape[2] - 2)
    here = fields[f, r, c]
    left, right = fields[f, r, c - 1], fields[f, r, c + 1]
    up, down = fields[f, r - 1, c], fields[f, r + 1, c]

    side_best = np.minimum(left, right)
    side_dir = np.where(left < right, -1, np.where(right < left, 1, facing))
    go_down = (down < here) & (down <= side_best) & (down <= up)
    go_side = ~go_down & (side_best < here) & (side_best <= up)
    go_up = ~go_down & ~go_side & (up < here)
    lost = here >= UNREACHABLE

    # Walls: touching one now, or one in the next cell that the body can step up to.
    grid = world.grid
    wall_left, wall_right = physics.walls_beside(grid, x, y, width_px, height_px)
    touch_facing = np.where(facing > 0, wall_right, wall_left)
    touch_behind = np.where(facing > 0, wall_left, wall_right)
    touching = np.where(touch_facing, facing, np.where(touch_behind, -facing, 0))
    rock_left = ((grid[r, c - 1] | grid[r - 1, c - 1]) & SOLID) != 0
    rock_right = ((grid[r, c + 1] | grid[r - 1, c + 1]) & SOLID) != 0
    near_wall = np.where(
        (facing < 0) & rock_left, -1, np.where(rock_right, 1, np.where(rock_left, -1, 0))
    )

    # Up: climb the wall being touched; else step toward a wall next to us; else jump.
    climbing = go_up & (touching != 0)
    approach = go_up & ~climbing & (near_wall != 0)
    # Down from a floor: the body still rests on the edge of the floor beside its cell,
    # so it steps toward the middle of its cell until nothing holds it up.
    centre_offset = (cols * TILE_SUB + TILE_SUB // 2) - (x + width_px * SUBPIXEL // 2)
    step_off = go_down & on_ground & (np.abs(centre_offset) > SUBPIXEL)
    # Sideways onto a ledge: while the legs are still against it, keep climbing.
    direction = np.where(go_side, side_dir, np.where(approach, near_wall, 0))
    direction = np.where(step_off, np.sign(centre_offset), direction)
    # In mid-air (a leap across a gap), keep heading along the field rather than dropping
    # straight back onto the ledge the leap started from.
    drift = ~on_ground & ~go_side & ~climbing & (side_best < here)
    direction = np.where(drift, side_dir, direction)
    # Over a chasm only a boosted leap carries a body across; one merely falling past the
    # edge must not steer out over the drop.
    airborne_into_chasm = ~on_ground & ~pool.boost[idx] & world.paths.over_chasm[r, c + direction]
    direction = np.where(airborne_into_chasm, 0, direction)
    lip = go_side & (direction != 0) & (last_wall == direction)
    climb_side = np.where(lip, direction, touching)
    climbing |= lip

    # A leap over a chasm keeps its chakra-boosted speed until the body lands.
    boosting = pool.boost[idx] & ~on_ground
    speed = np.where(boosting, t.CLONE_BOOST_SPEED, speed)
    target_vx = direction * speed
    vx_before = vx.copy()
    vx[:] = np.where(
        vx < target_vx,
        np.minimum(target_vx, vx + accel),
        np.maximum(target_vx, vx - accel),
    )
    facing = np.where(direction != 0, direction, facing)

    vy += t.GRAVITY
    np.minimum(vy, t.MAX_FALL, out=vy)
    vy[:] = np.where(climbing, -climb, vy)
    vx[:] = np.where(climbing, climb_side * 64, vx)
    facing = np.where(climbing, climb_side, facing)

    jump_up = go_up & ~climbing & ~approach & on_ground
    # Across a gap: the floor ends ahead but the path goes on at this height.
    row_below = clamp(r + 1, 0, fields.shape[1] - 1)
    ahead = clamp(c + direction, 0, fields.shape[2] - 1)
    beyond = clamp(c + 2 * direction, 0, fields.shape[2] - 1)
    floor_ahead = (grid[row_below, ahead] & (SOLID | ONE_WAY)) != 0
    path_goes_on = fields[f, r, beyond] < fields[f, row_below, ahead]
    jump_gap = go_side & on_ground & ~floor_ahead & path_goes_on
    jumping = jump_up | jump_gap
    vy[:] = np.where(jumping, -jump, vy)
    leap = jump_gap & world.paths.over_chasm[row_below, ahead]
    vy[:] = np.where(leap, -t.CLONE_BOOST_JUMP, vy)
    vx[:] = np.where(leap, direction * t.CLONE_BOOST_SPEED, vx)
    boosting |= leap

    # Off the field (a cell nobody can stand in): stop on the ground, but in the air keep
    # the momentum of the leap that got us here.
    vx[:] = np.where(lost, np.where(on_ground, 0, vx_before), vx)
    drop = go_down
    contacts = physics.move(world.grid, x, y, vx, vy, width_px, height_px, drop)

    pool.x[idx], pool.y[idx], pool.vx[idx], pool.vy[idx] = x, y, vx, vy
    pool.facing[idx] = facing
    pool.on_ground[idx] = contacts.on_ground
    pool.boost[idx] = boosting & ~contacts.on_ground
    pool.on_wall[idx] = np.where(climbing, climb_side, contacts.wall)
    return contacts
