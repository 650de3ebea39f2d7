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
from game.sim.npfast import copyto, count_nonzero, where
from game.sim.paths import UNREACHABLE, body_cells
from game.sim.physics import (
    ONE,
    SMALL_CROWD,
    TILE_SUB_K,
    ZERO,
    clamp,
    k32,
)


@dataclass(frozen=True)
class Gait:
    width_px: int
    height_px: int
    speed: int
    climb: int
    jump: int
    accel: int = t.CLONE_ACCEL


_GAIT_TABLES: dict[tuple[Gait, ...], np.ndarray] = {}
# Directions as 0-d int32 arrays, the dtype of every column `steer` works in: an operand of
# another dtype costs numpy a cast on each call (see physics.k32).
_LEFT, _RIGHT = k32(-1), k32(1)


def _gait_table(gaits: tuple[Gait, ...]) -> np.ndarray:
    """Rows speed, climb, jump and accel; a column per gait."""
    table = _GAIT_TABLES.get(gaits)
    if table is None:
        table = _GAIT_TABLES[gaits] = np.array(
            [[g.speed, g.climb, g.jump, g.accel] for g in gaits], dtype=np.int32
        ).T.copy()
    return table


def field_tables(fields: np.ndarray) -> tuple[np.ndarray, ...]:
    """What `steer` decides from the fields alone, for every cell of every field at once,
    flattened like `fields`: (go_down, go_side, go_up, lost, side_better, side_dir, rises).

    A body's choice of way depends on its cell's field value and its four neighbours' (and
    the one two cells up); the fields change only when `PathFields` lays them again, a few
    times a second at most, while bodies look them up every tick. So the comparisons are
    made here once per change of the fields, and `steer` gathers the answers: one cheap
    lookup a table instead of some thirty numpy operations a tick. `side_dir` is -1 (left is
    lower), 1 (right is) or 0 (a tie: the body keeps facing its way). Cells on the fields'
    border hold no meaningful answer: `steer` never looks there."""
    here = fields
    up = np.full_like(here, UNREACHABLE)
    up[:, 1:] = here[:, :-1]
    down = np.full_like(here, UNREACHABLE)
    down[:, :-1] = here[:, 1:]
    left = np.full_like(here, UNREACHABLE)
    left[:, :, 1:] = here[:, :, :-1]
    right = np.full_like(here, UNREACHABLE)
    right[:, :, :-1] = here[:, :, 1:]
    above = np.empty_like(here)  # two rows up, clamped to the top row as steer_one does
    above[:, 2:] = here[:, :-2]
    above[:, :2] = here[:, :1]
    side_best = np.minimum(left, right)
    go_down = (down < here) & (down <= side_best) & (down <= up)
    side_better = side_best < here
    go_side = ~go_down & side_better & (side_best <= up)
    go_up = ~go_down & ~go_side & (up < here)
    lost = here >= UNREACHABLE
    side_dir = where(left < right, -1, where(right < left, 1, 0)).astype(np.int32)
    rises = above < up
    tables = (go_down, go_side, go_up, lost, side_better, side_dir, rises)
    return tuple(table.reshape(-1) for table in tables)


def _tables_for(world, fields: np.ndarray) -> tuple[np.ndarray, ...]:
    """`field_tables(fields)`, kept on the world's PathFields while its fields last."""
    paths = world.paths
    version = getattr(paths, "version", None)
    if version is None or fields is not paths.stack:
        return field_tables(fields)
    if paths.tables is None or paths.tables[0] != version:
        paths.tables = (version, field_tables(fields))
    return paths.tables[1]


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
    airborne = ~on_ground
    last_wall = pool.on_wall[idx]
    boost = pool.boost[idx]
    # Each operation below costs about a microsecond whatever the crowd, so a value used twice
    # is computed once (tools/opcount.py counts them).

    # Every lookup below is into a padded (H+2, W+2) grid: the fields, the tile flags and
    # the chasm mask share that shape, so one flat index per body (`cell`) reaches them all
    # with plain offsets (+-1 a column, +-width a row), far cheaper than 2-D fancy indexing.
    grid = world.grid
    width = grid.shape[1]
    middle = x + k32(width_px * (SUBPIXEL // 2))  # body_cells, the middle kept for below
    rows = (y + k32((height_px - 8) * SUBPIXEL)) // TILE_SUB_K
    cols = middle // TILE_SUB_K
    r = np.minimum(np.maximum(rows + ONE, ONE), k32(fields.shape[1] - 2))
    c = np.minimum(np.maximum(cols + ONE, ONE), k32(fields.shape[2] - 2))
    width_k = k32(width)
    cell = r * width_k + c
    field = fields.reshape(-1)
    at = field_ids * k32(fields.shape[1] * width) + cell
    # Which way is down the field, from the tables (see field_tables for each test).
    go_down_at, go_side_at, go_up_at, lost_at, side_better_at, side_dir_at, rises_at = _tables_for(
        world, fields
    )
    go_down, go_side, go_up = go_down_at[at], go_side_at[at], go_up_at[at]
    lost, side_better = lost_at[at], side_better_at[at]
    side_dir = side_dir_at[at]
    # A tie: keep facing that way. In place (side_dir is a fresh gather): np.copyto costs
    # half a np.where.
    copyto(side_dir, facing, where=side_dir == ZERO)

    # Most ticks most of the crowd runs along a floor: whole steps below (climbing, lining up,
    # jumping, leaping, boosting) are skipped when no body is in their case, since a numpy
    # operation costs the same for one body as for all. A skipped step is one whose mask is
    # all False, so it would have changed nothing; `direction` is an int32 either way.
    on_ground_up = go_up & on_ground
    any_up, any_up_ground = count_nonzero(go_up), count_nonzero(on_ground_up)
    on_ground_down = go_down & on_ground
    any_down_ground = count_nonzero(on_ground_down)
    solid = world.solid.reshape(-1)  # the SOLID bit of each padded cell, as bools
    # The rows down the body's side: the walls beside it and the move below both sample them.
    side_rows = physics.edge_cells(y, height_px * SUBPIXEL, grid.shape[0] - 1)
    if any_up:
        # Walls: touching one now, or one in the next cell that the body can step up to.
        wall_left, wall_right = physics.walls_beside(
            grid, x, y, width_px, height_px, side_rows, solid=world.solid
        )
        ahead = facing > ZERO
        touch_facing = where(ahead, wall_right, wall_left)
        touch_behind = where(ahead, wall_left, wall_right)
        touching = where(touch_facing, facing, where(touch_behind, -facing, ZERO))
        touch = touching != ZERO
        head = np.minimum(np.maximum(y // TILE_SUB_K + ONE, ZERO), k32(grid.shape[0] - 1))
        head = head * width_k + c
        rock_left = solid[cell - ONE] | solid[head - ONE]
        rock_right = solid[cell + ONE] | solid[head + ONE]
        near_wall = where(
            (facing < ZERO) & rock_left,
            _LEFT,
            where(rock_right, _RIGHT, where(rock_left, _LEFT, ZERO)),
        )
        # Up: climb the wall being touched; else step toward a wall next to us; else jump.
        # A wall that ends below the head is only a step: when the way goes on rising past
        # it, a body on the ground jumps instead of climbing a cell and dropping back off its
        # top. A body rising faster than it climbs is mid-jump: it grabs no wall until it
        # slows.
        steady = ~(vy < -climb)  # not flying
        if any_up_ground:
            wall_ends = ~solid[head + touching]
            steady &= ~(on_ground_up & touch & wall_ends & rises_at[at])  # no hop
        climbing = go_up & touch & steady
        approach = go_up & ~climbing & steady & (near_wall != ZERO)
        # Sideways onto a ledge: while the legs are still against it, keep climbing.
        direction = where(go_side, side_dir, where(approach, near_wall, ZERO))
    else:
        climbing = approach = None
        direction = np.multiply(side_dir, go_side, dtype=np.int32)  # side_dir or 0
    # Down from a floor: the body still rests on the edge of the floor beside its cell,
    # so it steps toward the middle of its cell until nothing holds it up.
    # Up with a jump: first line up under the cell, so no part of the body is under the
    # rock beside the way up (a head half under an overhang bumps it every jump).
    jump_up = None
    if any_down_ground or any_up_ground:
        centre_offset = (cols * TILE_SUB_K + k32(TILE_SUB // 2)) - middle
        off_centre = np.abs(centre_offset)
        to_centre = on_ground_down & (off_centre > k32(SUBPIXEL))  # stepping off
        if any_up_ground:
            centred = off_centre <= k32((TILE_SUB - width_px * SUBPIXEL) // 2)
            grounded_up = on_ground_up & ~climbing & ~approach
            to_centre |= grounded_up & ~centred  # lining up
            jump_up = grounded_up & centred
        # Stepping off a floor and lining up both head for the middle of the cell.
        copyto(direction, np.sign(centre_offset), where=to_centre)  # direction is ours
    # In mid-air (a leap across a gap), keep heading along the field rather than dropping
    # straight back onto the ledge the leap started from.
    drift = airborne & ~go_side & side_better
    if climbing is not None:
        drift &= ~climbing
    copyto(direction, side_dir, where=drift)
    # Over a chasm only a boosted leap carries a body across; one merely falling past the
    # edge must not steer out over the drop.
    over_chasm = world.paths.over_chasm.reshape(-1)
    any_boost = count_nonzero(boost)
    airborne_into_chasm = over_chasm[cell + direction] & (
        airborne & ~boost if any_boost else airborne
    )
    copyto(direction, ZERO, where=airborne_into_chasm)
    # Under open sky (no rock anywhere above), only while the wall is still at the feet: past
    # its top the body steps over, where it would otherwise climb on into the sky. Under a
    # rock roof it climbs on to the roof, as it always has in the mine (a map all under rock
    # skips the test: this runs every tick for every body).
    if count_nonzero(last_wall):  # someone climbed last tick
        lip = go_side & (direction != ZERO) & (last_wall == direction)
    else:
        lip = np.zeros(len(idx), dtype=bool)
    if world.paths.any_open_sky and count_nonzero(lip):
        # The padded row of the feet, (y + height - 1) // TILE_SUB + 1 in one division.
        feet = (y + k32(height_px * SUBPIXEL - 1 + TILE_SUB)) // TILE_SUB_K
        feet = clamp(feet, 0, grid.shape[0] - 2)
        beside_feet = feet * width_k + c + direction
        wall_at_feet = solid[beside_feet] | solid[beside_feet + width_k]
        lip &= ~world.paths.open_sky.reshape(-1)[cell] | wall_at_feet
    # Climbing sideways (the wall touched), or over a lip (the way it goes); without any
    # body going up, only a lip climbs.
    climb_side = direction if climbing is None else where(lip, direction, touching)
    climbing = lip if climbing is None else climbing | lip
    any_climbing = count_nonzero(climbing)

    # A leap over a chasm keeps its chakra-boosted speed until the body lands.
    boosting = None
    if any_boost:
        boosting = boost & airborne
        speed = where(boosting, t.CLONE_BOOST_SPEED, speed)
    target_vx = direction * speed
    vx_before = vx  # new arrays below: the gathered column stays as it was
    # Toward the target by at most `accel`: min(target, vx + accel) below it, max(target,
    # vx - accel) above it, which is one clamp either way (accel >= 0).
    vx = np.minimum(np.maximum(target_vx, vx - accel), vx + accel)
    vy = np.minimum(vy + k32(t.GRAVITY), k32(t.MAX_FALL))
    copyto(facing, direction, where=direction != ZERO)  # facing is a fresh int32 copy
    if any_climbing:
        vy = where(climbing, -climb, vy)
        vx = where(climbing, climb_side * 64, vx)
        facing = where(climbing, climb_side, facing)

    # Across a gap: the floor ends ahead but the path goes on at this height.
    # r + 1 and c + direction stay inside the padded grid (r and c are clamped one cell in
    # from its border); two cells ahead may not.
    on_ground_side = go_side & on_ground
    if count_nonzero(on_ground_side):
        below_ahead = cell + width_k + direction
        beyond = np.minimum(np.maximum(c + k32(2) * direction, ZERO), k32(width - 1))
        floor_ahead = world.stands_on.reshape(-1)[below_ahead]
        path_goes_on = field[at - c + beyond] < field[at + width_k + direction]
        jump_gap = on_ground_side & ~floor_ahead & path_goes_on
        if count_nonzero(jump_gap):
            leap = jump_gap & over_chasm[below_ahead]
            jumping = jump_gap if jump_up is None else jump_up | jump_gap
            vy = where(leap, -t.CLONE_BOOST_JUMP, where(jumping, -jump, vy))
            vx = where(leap, direction * t.CLONE_BOOST_SPEED, vx)
            boosting = leap if boosting is None else boosting | leap
            jump_up = None  # jumped above
    if jump_up is not None:
        vy = where(jump_up, -jump, vy)

    # Off the field (a cell nobody can stand in): stop on the ground, but in the air keep
    # the momentum of the leap that got us here.
    if count_nonzero(lost):
        vx = where(lost, where(on_ground, 0, vx_before), vx)
    contacts = physics.move(
        grid, x, y, vx, vy, width_px, height_px, go_down, side_rows, solid=world.solid
    )

    pool.x[idx], pool.y[idx], pool.vx[idx], pool.vy[idx] = x, y, vx, vy
    pool.facing[idx] = facing
    pool.on_ground[idx] = contacts.on_ground
    pool.boost[idx] = False if boosting is None else boosting & ~contacts.on_ground
    pool.on_wall[idx] = (
        where(climbing, climb_side, contacts.wall) if any_climbing else contacts.wall
    )


def steer_one(world, pool, i: int, fields: np.ndarray, field_id: int, gait: Gait) -> None:
    """`steer` for one body, step for step (see the comments there)."""
    width_px, height_px = gait.width_px, gait.height_px
    speed, climb, jump, accel = gait.speed, gait.climb, gait.jump, gait.accel
    x, y, vx, vy = pool.x.item(i), pool.y.item(i), pool.vx.item(i), pool.vy.item(i)
    facing = pool.facing.item(i)
    on_ground = pool.on_ground.item(i)
    last_wall = pool.on_wall.item(i)
    boost = pool.boost.item(i)

    grid = world.grid
    width = grid.shape[1]
    row, col = body_cells(x, y, width_px, height_px)
    r = min(max(row + 1, 1), fields.shape[1] - 2)
    c = min(max(col + 1, 1), fields.shape[2] - 2)
    cell = r * width + c
    field = fields.reshape(-1).item  # .item: a cell as a Python int, cheaper than int(a[i])
    at = field_id * (fields.shape[1] * width) + cell
    here = field(at)
    left, right = field(at - 1), field(at + 1)
    up, down = field(at - width), field(at + width)

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
    flags = grid.reshape(-1).item
    head = min(max(y // TILE_SUB + 1, 0), grid.shape[0] - 1) * width + c
    rock_left = bool((flags(cell - 1) | flags(head - 1)) & SOLID)
    rock_right = bool((flags(cell + 1) | flags(head + 1)) & SOLID)
    toward_rock = 1 if rock_right else (-1 if rock_left else 0)
    near_wall = -1 if facing < 0 and rock_left else toward_rock

    above = field(field_id * (fields.shape[1] * width) + max(r - 2, 0) * width + c)
    wall_ends = not flags(head + touching) & SOLID
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
    over_chasm = world.paths.over_chasm.reshape(-1).item
    if not on_ground and not boost and over_chasm(cell + direction):
        direction = 0
    lip = go_side and direction != 0 and last_wall == direction
    if lip and world.paths.any_open_sky and world.paths.open_sky.reshape(-1).item(cell):
        feet = min(max((y + height_px * SUBPIXEL - 1) // TILE_SUB + 1, 0), grid.shape[0] - 2)
        beside = flags(feet * width + c + direction) | flags((feet + 1) * width + c + direction)
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
    floor_ahead = bool(flags(below_ahead) & (SOLID | ONE_WAY))
    path_goes_on = field(at - c + beyond) < field(at + width + direction)
    jump_gap = go_side and on_ground and not floor_ahead and path_goes_on
    if jump_up or jump_gap:
        vy = -jump
    if jump_gap and over_chasm(below_ahead):
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
