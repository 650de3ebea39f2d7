"""Walking downhill on a distance field: the legs shared by shadow clones and miners.

Each body looks at the field in the four cells around its waist and heads for the lowest:
sideways means run, up means climb the wall beside it (or jump when there is none), down
means drop. A body on a floor that ends, whose path carries on across the gap, jumps it.
"""

# Twins, here and in physics, platforms and rocks: for speed some functions exist twice, a
# column version for arrays of bodies (`steer`) and a scalar twin for one body, named the
# column name + `_one` (`steer_one`) and defined just after it. They must give the same
# result bit for bit (replays and state hashes depend on it): a behaviour change is made
# in both, and tests/sim/test_single_body.py must prove them equal (tests/sim/test_twins.py
# fails for a twin without its column function or its equivalence test there).

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from game.sim import physics
from game.sim import tuning as t
from game.sim.constants import ONE_WAY, SOLID, SUBPIXEL, TILE_SUB
from game.sim.paths import UNREACHABLE, body_cells
from game.sim.physics import SMALL_CROWD, clamp


@dataclass(frozen=True)
class Gait:
    width_px: int
    height_px: int
    speed: int
    climb: int
    jump: int
    accel: int = t.CLONE_ACCEL


_GAIT_TABLES: dict[tuple[Gait, ...], np.ndarray] = {}


def _gait_table(gaits: tuple[Gait, ...]) -> np.ndarray:
    """Rows speed, climb, jump and accel; a column per gait."""
    table = _GAIT_TABLES.get(gaits)
    if table is None:
        table = _GAIT_TABLES[gaits] = np.array(
            [[g.speed, g.climb, g.jump, g.accel] for g in gaits], dtype=np.int32
        ).T.copy()
    return table


def steer(
    world,
    pool,
    idx: np.ndarray,
    fields: np.ndarray,
    field_ids: np.ndarray,
    gaits: tuple[Gait, ...],
    gait_ids: np.ndarray,
) -> None:
    """Set the velocities of bodies `idx` of `pool` and move them one tick.

    Body i walks on `fields[field_ids[i]]` (a stack of padded distance fields) with the gait
    `gaits[gait_ids[i]]`. One call steers a whole mixed crowd (free and loaded clones, say),
    which costs far less than a call per kind. All gaits share one body size.

    A small crowd goes body by body through `steer_one`, the scalar twin of this function:
    below a handful of bodies numpy's cost per call outweighs the work. Bodies do not see
    each other, so both ways give the same world bit for bit (tests compare them).
    """
    if len(idx) <= SMALL_CROWD:
        for body, field_id, gait_id in zip(
            idx.tolist(), field_ids.tolist(), gait_ids.tolist(), strict=True
        ):
            steer_one(world, pool, body, fields, field_id, gaits[gait_id])
        return
    width_px, height_px = gaits[0].width_px, gaits[0].height_px
    speed, climb, jump, accel = _gait_table(gaits)[:, gait_ids]
    x, y = pool.x[idx], pool.y[idx]
    vx, vy = pool.vx[idx], pool.vy[idx]
    facing = pool.facing[idx].astype(np.int32)
    on_ground = pool.on_ground[idx]
    last_wall = pool.on_wall[idx].astype(np.int32)

    # Every lookup below is into a padded (H+2, W+2) grid: the fields, the tile flags and
    # the chasm mask share that shape, so one flat index per body (`cell`) reaches them all
    # with plain offsets (+-1 a column, +-width a row), far cheaper than 2-D fancy indexing.
    grid = world.grid
    width = grid.shape[1]
    rows, cols = body_cells(x, y, width_px, height_px)
    r = clamp(rows + 1, 1, fields.shape[1] - 2)
    c = clamp(cols + 1, 1, fields.shape[2] - 2)
    cell = r * width + c
    field = fields.reshape(-1)
    at = field_ids * (fields.shape[1] * width) + cell
    here = field[at]
    left, right = field[at - 1], field[at + 1]
    up, down = field[at - width], field[at + width]

    side_best = np.minimum(left, right)
    side_dir = np.where(left < right, -1, np.where(right < left, 1, facing))
    go_down = (down < here) & (down <= side_best) & (down <= up)
    go_side = ~go_down & (side_best < here) & (side_best <= up)
    go_up = ~go_down & ~go_side & (up < here)
    lost = here >= UNREACHABLE

    # Walls: touching one now, or one in the next cell that the body can step up to.
    wall_left, wall_right = physics.walls_beside(grid, x, y, width_px, height_px)
    touch_facing = np.where(facing > 0, wall_right, wall_left)
    touch_behind = np.where(facing > 0, wall_left, wall_right)
    touching = np.where(touch_facing, facing, np.where(touch_behind, -facing, 0))
    flags = grid.reshape(-1)
    head = clamp(y // TILE_SUB + 1, 0, grid.shape[0] - 1) * width + c
    rock_left = ((flags[cell - 1] | flags[head - 1]) & SOLID) != 0
    rock_right = ((flags[cell + 1] | flags[head + 1]) & SOLID) != 0
    near_wall = np.where(
        (facing < 0) & rock_left, -1, np.where(rock_right, 1, np.where(rock_left, -1, 0))
    )

    # Up: climb the wall being touched; else step toward a wall next to us; else jump.
    # A wall that ends below the head is only a step: when the way goes on rising past it,
    # a body on the ground jumps instead of climbing a cell and dropping back off its top.
    # A body rising faster than it climbs is mid-jump: it grabs no wall until it slows.
    above = field[field_ids * (fields.shape[1] * width) + np.maximum(r - 2, 0) * width + c]
    wall_ends = (flags[head + touching] & SOLID) == 0
    hop = go_up & on_ground & (touching != 0) & wall_ends & (above < up)
    flying = vy < -climb
    climbing = go_up & (touching != 0) & ~hop & ~flying
    approach = go_up & ~climbing & ~hop & ~flying & (near_wall != 0)
    # Down from a floor: the body still rests on the edge of the floor beside its cell,
    # so it steps toward the middle of its cell until nothing holds it up.
    centre_offset = (cols * TILE_SUB + TILE_SUB // 2) - (x + width_px * SUBPIXEL // 2)
    step_off = go_down & on_ground & (np.abs(centre_offset) > SUBPIXEL)
    # Sideways onto a ledge: while the legs are still against it, keep climbing.
    direction = np.where(go_side, side_dir, np.where(approach, near_wall, 0))
    direction = np.where(step_off, np.sign(centre_offset), direction)
    # Up with a jump: first line up under the cell, so no part of the body is under the
    # rock beside the way up (a head half under an overhang bumps it every jump).
    centred = np.abs(centre_offset) <= (TILE_SUB - width_px * SUBPIXEL) // 2
    line_up = go_up & on_ground & ~climbing & ~approach & ~centred
    direction = np.where(line_up, np.sign(centre_offset), direction)
    # In mid-air (a leap across a gap), keep heading along the field rather than dropping
    # straight back onto the ledge the leap started from.
    drift = ~on_ground & ~go_side & ~climbing & (side_best < here)
    direction = np.where(drift, side_dir, direction)
    # Over a chasm only a boosted leap carries a body across; one merely falling past the
    # edge must not steer out over the drop.
    over_chasm = world.paths.over_chasm.reshape(-1)
    airborne_into_chasm = ~on_ground & ~pool.boost[idx] & over_chasm[cell + direction]
    direction = np.where(airborne_into_chasm, 0, direction)
    # Under open sky (no rock anywhere above), only while the wall is still at the feet: past
    # its top the body steps over, where it would otherwise climb on into the sky. Under a
    # rock roof it climbs on to the roof, as it always has in the mine (a map all under rock
    # skips the test: this runs every tick for every body).
    lip = go_side & (direction != 0) & (last_wall == direction)
    if world.paths.any_open_sky and lip.any():
        feet = clamp((y + height_px * SUBPIXEL - 1) // TILE_SUB + 1, 0, grid.shape[0] - 2)
        wall_at_feet = (flags[feet * width + c + direction] & SOLID) != 0
        wall_at_feet |= (flags[(feet + 1) * width + c + direction] & SOLID) != 0
        lip &= ~world.paths.open_sky.reshape(-1)[cell] | wall_at_feet
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

    jump_up = go_up & ~climbing & ~approach & on_ground & centred
    # Across a gap: the floor ends ahead but the path goes on at this height.
    # r + 1 and c + direction stay inside the padded grid (r and c are clamped one cell in
    # from its border); two cells ahead may not.
    below_ahead = cell + width + direction
    beyond = clamp(c + 2 * direction, 0, width - 1)
    floor_ahead = (flags[below_ahead] & (SOLID | ONE_WAY)) != 0
    path_goes_on = field[at - c + beyond] < field[at + width + direction]
    jump_gap = go_side & on_ground & ~floor_ahead & path_goes_on
    jumping = jump_up | jump_gap
    vy[:] = np.where(jumping, -jump, vy)
    leap = jump_gap & over_chasm[below_ahead]
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


def steer_one(world, pool, i: int, fields: np.ndarray, field_id: int, gait: Gait) -> None:
    """`steer` for one body, step for step (see the comments there)."""
    width_px, height_px = gait.width_px, gait.height_px
    speed, climb, jump, accel = gait.speed, gait.climb, gait.jump, gait.accel
    x, y, vx, vy = int(pool.x[i]), int(pool.y[i]), int(pool.vx[i]), int(pool.vy[i])
    facing = int(pool.facing[i])
    on_ground = bool(pool.on_ground[i])
    last_wall = int(pool.on_wall[i])
    boost = bool(pool.boost[i])

    grid = world.grid
    width = grid.shape[1]
    row, col = body_cells(x, y, width_px, height_px)
    r = min(max(row + 1, 1), fields.shape[1] - 2)
    c = min(max(col + 1, 1), fields.shape[2] - 2)
    cell = r * width + c
    field = fields.reshape(-1)
    at = field_id * (fields.shape[1] * width) + cell
    here = int(field[at])
    left, right = int(field[at - 1]), int(field[at + 1])
    up, down = int(field[at - width]), int(field[at + width])

    side_best = min(left, right)
    side_dir = -1 if left < right else (1 if right < left else facing)
    go_down = down < here and down <= side_best and down <= up
    go_side = not go_down and side_best < here and side_best <= up
    go_up = not go_down and not go_side and up < here
    lost = here >= UNREACHABLE

    wall_left, wall_right = physics.walls_beside_one(grid, x, y, width_px, height_px)
    touch_facing = wall_right if facing > 0 else wall_left
    touch_behind = wall_left if facing > 0 else wall_right
    touching = facing if touch_facing else (-facing if touch_behind else 0)
    flags = grid.reshape(-1)
    head = min(max(y // TILE_SUB + 1, 0), grid.shape[0] - 1) * width + c
    rock_left = bool((flags[cell - 1] | flags[head - 1]) & SOLID)
    rock_right = bool((flags[cell + 1] | flags[head + 1]) & SOLID)
    toward_rock = 1 if rock_right else (-1 if rock_left else 0)
    near_wall = -1 if facing < 0 and rock_left else toward_rock

    above = int(field[field_id * (fields.shape[1] * width) + max(r - 2, 0) * width + c])
    wall_ends = not flags[head + touching] & SOLID
    hop = go_up and on_ground and touching != 0 and wall_ends and above < up
    flying = vy < -climb
    climbing = go_up and touching != 0 and not hop and not flying
    approach = go_up and not climbing and not hop and not flying and near_wall != 0
    centre_offset = (col * TILE_SUB + TILE_SUB // 2) - (x + width_px * SUBPIXEL // 2)
    step_off = go_down and on_ground and abs(centre_offset) > SUBPIXEL
    direction = side_dir if go_side else (near_wall if approach else 0)
    if step_off:
        direction = (centre_offset > 0) - (centre_offset < 0)
    centred = abs(centre_offset) <= (TILE_SUB - width_px * SUBPIXEL) // 2
    if go_up and on_ground and not climbing and not approach and not centred:
        direction = (centre_offset > 0) - (centre_offset < 0)  # line up before jumping
    if not on_ground and not go_side and not climbing and side_best < here:
        direction = side_dir  # drift
    over_chasm = world.paths.over_chasm.reshape(-1)
    if not on_ground and not boost and over_chasm[cell + direction]:
        direction = 0
    lip = go_side and direction != 0 and last_wall == direction
    if lip and world.paths.any_open_sky and world.paths.open_sky.reshape(-1)[cell]:
        feet = min(max((y + height_px * SUBPIXEL - 1) // TILE_SUB + 1, 0), grid.shape[0] - 2)
        beside = flags[feet * width + c + direction] | flags[(feet + 1) * width + c + direction]
        lip = bool(beside & SOLID)  # under open sky: only while the wall is at the feet
    climb_side = direction if lip else touching
    climbing = climbing or lip

    boosting = boost and not on_ground
    if boosting:
        speed = t.CLONE_BOOST_SPEED
    target_vx = direction * speed
    vx_before = vx
    vx = min(target_vx, vx + accel) if vx < target_vx else max(target_vx, vx - accel)
    if direction != 0:
        facing = direction

    vy = min(vy + t.GRAVITY, t.MAX_FALL)
    if climbing:
        vy, vx, facing = -climb, climb_side * 64, climb_side

    jump_up = go_up and not climbing and not approach and on_ground and centred
    below_ahead = cell + width + direction
    beyond = min(max(c + 2 * direction, 0), width - 1)
    floor_ahead = bool(flags[below_ahead] & (SOLID | ONE_WAY))
    path_goes_on = field[at - c + beyond] < field[at + width + direction]
    jump_gap = go_side and on_ground and not floor_ahead and path_goes_on
    if jump_up or jump_gap:
        vy = -jump
    if jump_gap and over_chasm[below_ahead]:
        vy, vx = -t.CLONE_BOOST_JUMP, direction * t.CLONE_BOOST_SPEED
        boosting = True

    if lost:
        vx = 0 if on_ground else vx_before
    x, y, vx, vy, landed, wall, _ = physics.move_one(
        grid, x, y, vx, vy, width_px, height_px, go_down
    )
    pool.x[i], pool.y[i], pool.vx[i], pool.vy[i] = x, y, vx, vy
    pool.facing[i] = facing
    pool.on_ground[i] = landed
    pool.boost[i] = boosting and not landed
    pool.on_wall[i] = climb_side if climbing else wall
