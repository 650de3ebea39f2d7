"""Naruto moves through scalar twins of the column functions the crowds use (numpy's cost
per call is larger than the work for one body). A replay made before the twins existed must
still verify, so each twin must give the column function's result bit for bit: these tests
compare them on thousands of random boxes, including ones poking out of the map.

Every twin `NAME_one` in game/sim needs a test here whose name holds `NAME_one` and which
calls the column function NAME: tests/sim/test_twins.py checks that none is missing."""

import numpy as np

from game.sim import physics, platforms, rocks
from game.sim.constants import ONE_WAY, SOLID, SUBPIXEL, TILE_SUB
from game.sim.pools import CLONE_H, CLONE_W, MINER_H, MINER_W, NARUTO_H, NARUTO_W
from game.sim.world import World
from tests.sim.helpers import world_from

ROOM = """
##########
#........#
#..^^^...#
#........#
#.E.N..m.#
##########
"""


def _random_grid(rng: np.random.Generator, rows: int = 12, cols: int = 16) -> np.ndarray:
    flags = rng.choice(
        np.array([0, 0, 0, SOLID, ONE_WAY], dtype=np.uint8), size=(rows, cols)
    ).astype(np.uint8)
    return physics.padded(flags)


def _random_boxes(rng: np.random.Generator, grid: np.ndarray, count: int):
    rows, cols = grid.shape
    # From a tile outside the map on every side to a tile beyond it.
    x = rng.integers(-2 * TILE_SUB, (cols - 1) * TILE_SUB, count)
    y = rng.integers(-2 * TILE_SUB, (rows - 1) * TILE_SUB, count)
    vx = rng.integers(-2 * TILE_SUB, 2 * TILE_SUB, count)  # beyond the speed cap too
    vy = rng.integers(-2 * TILE_SUB, 2 * TILE_SUB, count)
    vx[rng.random(count) < 0.2] = 0
    vy[rng.random(count) < 0.2] = 0
    return x, y, vx, vy


def test_move_one_lands_stops_and_clings_exactly_like_the_column_move():
    rng = np.random.default_rng(7)
    for _ in range(40):
        grid = _random_grid(rng)
        x, y, vx, vy = _random_boxes(rng, grid, 100)
        drop = rng.random(100) < 0.3
        cols = [a.copy() for a in (x, y, vx, vy)]
        contacts = physics.move(grid, *cols, NARUTO_W, NARUTO_H, drop)
        # The crowds pass the grid's SOLID bit as bools (World.solid): the same moves.
        with_plane = [a.copy() for a in (x, y, vx, vy)]
        planed = physics.move(
            grid, *with_plane, NARUTO_W, NARUTO_H, drop, solid=(grid & SOLID) != 0
        )
        for a, b in zip(cols, with_plane, strict=True):
            assert (a == b).all()
        assert (contacts.on_ground == planed.on_ground).all()
        assert (contacts.wall == planed.wall).all()
        for i in range(100):
            single = physics.move_one(
                grid, int(x[i]), int(y[i]), int(vx[i]), int(vy[i]), NARUTO_W, NARUTO_H, drop[i]
            )
            column = (
                int(cols[0][i]),
                int(cols[1][i]),
                int(cols[2][i]),
                int(cols[3][i]),
                bool(contacts.on_ground[i]),
                int(contacts.wall[i]),
                bool(contacts.ceiling[i]),
            )
            assert single == column, (i, x[i], y[i], vx[i], vy[i])


def test_solid_beside_one_finds_the_walls_the_column_test_finds():
    rng = np.random.default_rng(8)
    for _ in range(40):
        grid = _random_grid(rng)
        x, y, _, _ = _random_boxes(rng, grid, 100)
        side = rng.integers(-1, 2, 100)
        column = physics.solid_beside(grid, x, y, NARUTO_W, NARUTO_H, side)
        for i in range(100):
            single = physics.solid_beside_one(
                grid, int(x[i]), int(y[i]), NARUTO_W, NARUTO_H, int(side[i])
            )
            assert single == bool(column[i])


def _near_tile_edges(rng: np.random.Generator, values: np.ndarray) -> np.ndarray:
    """A third of `values` moved to within a sub-pixel of a tile edge: the off-by-one cases."""
    near = rng.random(len(values)) < 0.33
    snapped = values // TILE_SUB * TILE_SUB + rng.integers(-1, 2, len(values))
    return np.where(near, snapped, values)


def _grids_with_boxes_near_tile_edges(rng: np.random.Generator, rounds: int = 40):
    """Random grids, each with 100 random boxes, a third of them on a tile's edge."""
    for _ in range(rounds):
        grid = _random_grid(rng)
        x, y, _, _ = _random_boxes(rng, grid, 100)
        yield grid, _near_tile_edges(rng, x), _near_tile_edges(rng, y)


def test_standing_on_one_finds_the_footing_the_column_test_finds():
    """Whether a waiting miner stands on something (solid rock or a plank) decides whether
    it falls: one by one and in columns, the same answer."""
    rng = np.random.default_rng(17)
    standing = falling = 0
    for grid, x, y in _grids_with_boxes_near_tile_edges(rng):
        for width_px, height_px in ((MINER_W, MINER_H), (CLONE_W, CLONE_H)):
            column = physics.standing_on(grid, x, y, width_px, height_px)
            for i in range(100):
                single = physics.standing_on_one(grid, int(x[i]), int(y[i]), width_px, height_px)
                assert single == bool(column[i]), (i, x[i], y[i], width_px)
            standing += int(column.sum())
            falling += int((~column).sum())
    assert standing > 100 and falling > 100  # both answers were compared, many times


def test_cell_flags_one_reads_the_cell_the_column_lookup_reads():
    rng = np.random.default_rng(13)
    for _ in range(40):
        grid = _random_grid(rng)
        rows, cols = grid.shape
        # Points from well outside the map on every side, where the lookup clamps.
        px = _near_tile_edges(rng, rng.integers(-3 * TILE_SUB, (cols + 2) * TILE_SUB, 200))
        py = _near_tile_edges(rng, rng.integers(-3 * TILE_SUB, (rows + 2) * TILE_SUB, 200))
        column = physics.cell_flags(grid, px, py)
        for i in range(200):
            single = physics.cell_flags_one(grid, int(px[i]), int(py[i]))
            assert single == int(column[i]), (i, px[i], py[i])


def test_walls_beside_one_finds_the_walls_the_column_test_finds():
    """The walls a walker touches (steering asks for clones' and miners' sizes)."""
    rng = np.random.default_rng(14)
    touching = free = 0
    for grid, x, y in _grids_with_boxes_near_tile_edges(rng):
        for width_px, height_px in ((CLONE_W, CLONE_H), (MINER_W, MINER_H), (NARUTO_W, NARUTO_H)):
            left, right = physics.walls_beside(grid, x, y, width_px, height_px)
            planed = physics.walls_beside(
                grid, x, y, width_px, height_px, solid=(grid & SOLID) != 0
            )
            assert (planed[0] == left).all() and (planed[1] == right).all()
            for i in range(100):
                single = physics.walls_beside_one(grid, int(x[i]), int(y[i]), width_px, height_px)
                assert single == (bool(left[i]), bool(right[i])), (i, x[i], y[i], width_px)
            touching += int(left.sum() + right.sum())
            free += int((~left & ~right).sum())
    assert touching > 100 and free > 100  # both answers were compared, many times


def _world_with_rocks(rng: np.random.Generator) -> World:
    world = world_from(ROOM)
    for _ in range(int(rng.integers(1, 30))):
        x_px = int(rng.integers(0, 9 * 16))
        y_px = int(rng.integers(0, 5 * 16))
        size = int(rng.choice([10, 14]))
        rocks.spawn(world, x_px, y_px, size, vx=0)
        slot = int(np.flatnonzero(world.rocks.alive)[-1])
        world.rocks.vy[slot] = int(rng.integers(0, 1500))
    return world


def test_ride_one_lands_on_the_same_rock_as_the_column_ride():
    rng = np.random.default_rng(9)
    landings = 0
    for _ in range(60):
        world = _world_with_rocks(rng)
        x = rng.integers(0, 8 * TILE_SUB, 50)
        prev_y = rng.integers(-TILE_SUB, 4 * TILE_SUB, 50)
        # Half of the bodies start exactly on a rock's top: the edge case of a landing.
        live = np.flatnonzero(world.rocks.alive)
        chosen = rng.choice(live, 25)
        x[:25] = world.rocks.x[chosen] + rng.integers(-9 * SUBPIXEL, 9 * SUBPIXEL, 25)
        prev_y[:25] = world.rocks.y[chosen] - NARUTO_H * SUBPIXEL
        y = prev_y + rng.integers(0, TILE_SUB, 50)
        vy = rng.integers(-200, 1500, 50)
        col_y, col_vy = y.copy(), vy.copy()
        landed = platforms.ride(world, x, col_y, col_vy, prev_y, NARUTO_W, NARUTO_H)
        for i in range(50):
            single = platforms.ride_one(
                world, int(x[i]), int(y[i]), int(vy[i]), int(prev_y[i]), NARUTO_W, NARUTO_H
            )
            assert single == (int(col_y[i]), int(col_vy[i]), bool(landed[i]))
        landings += int(landed.sum())
    assert landings > 20  # the comparison covered real landings, not only misses


def test_may_land_one_sees_a_possible_landing_exactly_when_the_column_test_does():
    """Naruto's quick look at the rocks (`may_land_one`) and the crowd's (`may_land`) must
    agree: a landing one sees and the other not would move him differently."""
    rng = np.random.default_rng(21)
    maybe = 0
    w, h = NARUTO_W * SUBPIXEL, NARUTO_H * SUBPIXEL
    for _ in range(60):
        world = _world_with_rocks(rng)
        live = np.flatnonzero(world.rocks.alive)
        for _ in range(50):
            rock = rng.choice(live)
            # Near a rock's top edge and sides, feet crossing it or not, rising or falling.
            x = int(world.rocks.x[rock]) + int(rng.integers(-12 * SUBPIXEL, 12 * SUBPIXEL))
            top = int(world.rocks.y[rock])
            prev_y = top - h + int(rng.integers(-TILE_SUB, TILE_SUB))
            y = prev_y + int(rng.integers(-TILE_SUB // 2, TILE_SUB))
            left, size = int(world.rocks.x[rock]), int(world.rocks.size[rock]) * SUBPIXEL
            edge = rng.integers(5)
            if edge == 1:
                prev_y = top - h  # the feet were exactly on the top before moving
            elif edge == 2:
                y = top - h  # the feet reach exactly the top
            elif edge == 3:
                x = left - w + int(rng.integers(2))  # just off, or just over, its left side
            elif edge == 4:
                x = left + size - int(rng.integers(2))  # and its right side
            vy = int(rng.integers(-300, 1500))
            one = platforms.may_land(world, x, y, vy, prev_y, w, h)
            column = platforms.may_land(
                world,
                np.array([x], dtype=np.int32),
                np.array([y], dtype=np.int32),
                np.array([vy], dtype=np.int32),
                np.array([prev_y], dtype=np.int32),
                w,
                h,
            )
            assert one == column
            maybe += one
    assert 100 < maybe < 2900, "both answers must come up"


def test_rock_on_head_one_picks_the_rock_on_narutos_head_the_column_test_picks():
    rng = np.random.default_rng(10)
    hits = 0
    for _ in range(60):
        world = _world_with_rocks(rng)
        grid = platforms.rock_grid(world)
        x = rng.integers(0, 8 * TILE_SUB, 50)
        y = rng.integers(-TILE_SUB, 4 * TILE_SUB, 50)
        column = rocks.rock_on_head(world, grid, x, y, NARUTO_W, NARUTO_H)
        for i in range(50):
            single = rocks.rock_on_head_one(world, grid, int(x[i]), int(y[i]), NARUTO_W, NARUTO_H)
            assert single == int(column[i])
        hits += int((column >= 0).sum())
    assert hits > 20


def test_naruto_standing_still_stays_put_to_the_subpixel():
    world = world_from(ROOM)
    for _ in range(30):
        world.step(0)
    settled = (world.naruto.x, world.naruto.y)
    for _ in range(120):
        world.step(0)
    assert (world.naruto.x, world.naruto.y) == settled
    assert world.naruto.on_ground
    assert settled[0] % SUBPIXEL == 0


def _random_crowd(rng: np.random.Generator, pool, grid: np.ndarray, count: int):
    rows, cols = grid.shape
    idx = np.arange(count)
    pool.alive[idx] = True
    # Anywhere in the map, the cells along its border included.
    pool.x[idx] = rng.integers(-TILE_SUB // 2, (cols - 2) * TILE_SUB, count)
    pool.y[idx] = rng.integers(-TILE_SUB, (rows - 2) * TILE_SUB, count)
    pool.vx[idx] = rng.integers(-900, 900, count)
    pool.vy[idx] = rng.integers(-1500, 1500, count)
    pool.facing[idx] = rng.choice([-1, 1], count)
    pool.on_ground[idx] = rng.random(count) < 0.5
    pool.on_wall[idx] = rng.integers(-1, 2, count)
    pool.boost[idx] = rng.random(count) < 0.2
    return idx


def test_steer_one_puts_a_small_crowd_body_by_body_where_the_column_pass_does(monkeypatch):
    """Steering goes body by body below `SMALL_CROWD` and in columns above it: on random
    ground, random distance fields and random bodies, both must give the same pools."""
    from types import SimpleNamespace

    from game.sim import steering
    from game.sim.clones import GAITS
    from game.sim.paths import UNREACHABLE
    from game.sim.pools import ClonePool

    rng = np.random.default_rng(11)
    for _ in range(60):
        grid = _random_grid(rng)
        fields = rng.integers(0, 40, size=(2, *grid.shape)).astype(np.int32)
        fields[rng.random(fields.shape) < 0.15] = UNREACHABLE
        over_chasm = rng.random(grid.shape) < 0.1
        open_sky = rng.random(grid.shape) < 0.5  # climbers under open sky and under a roof
        paths = SimpleNamespace(over_chasm=over_chasm, open_sky=open_sky, any_open_sky=True)
        world = SimpleNamespace(
            grid=grid,
            solid=(grid & SOLID) != 0,  # as World keeps them beside the grid
            stands_on=(grid & (SOLID | ONE_WAY)) != 0,
            paths=paths,
        )
        pools = [ClonePool(64), ClonePool(64)]
        state = rng.bit_generator.state
        for pool in pools:
            rng.bit_generator.state = state  # the same crowd in both pools
            idx = _random_crowd(rng, pool, grid, 64)
        field_ids = rng.integers(0, 2, 64)
        gait_ids = rng.integers(0, 2, 64)
        monkeypatch.setattr(steering, "SMALL_CROWD", 0)
        steering.steer(world, pools[0], idx, fields, field_ids, GAITS, gait_ids)
        monkeypatch.setattr(steering, "SMALL_CROWD", 10**6)
        steering.steer(world, pools[1], idx, fields, field_ids, GAITS, gait_ids)
        for name in pools[0].column_names():
            column, single = getattr(pools[0], name), getattr(pools[1], name)
            assert np.array_equal(column, single), name


def test_a_few_falling_rocks_moved_one_by_one_land_like_the_column_move(monkeypatch):
    import copy

    rng = np.random.default_rng(12)
    landings = 0
    for _ in range(40):
        world = _world_with_rocks(rng)
        live = np.flatnonzero(world.rocks.alive)
        world.rocks.vx[live] = rng.integers(-80, 81, len(live))
        twin = copy.deepcopy(world)
        monkeypatch.setattr(rocks, "SMALL_CROWD", 0)
        column = rocks._fall(world, live)
        monkeypatch.setattr(rocks, "SMALL_CROWD", 10**6)
        single = rocks._fall(twin, live)
        assert single == column
        for name in world.rocks.column_names():
            assert np.array_equal(getattr(world.rocks, name), getattr(twin.rocks, name)), name
        landings += len(column)
    assert landings > 5
