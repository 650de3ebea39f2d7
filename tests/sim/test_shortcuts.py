"""The verify-speed shortcuts give the world the long way gives, bit for bit.

Each shortcut skips work when it can prove the work would change nothing: the rock grid is
not drawn when no body is near enough a rock (a test of every body against every rock),
and steering reads its choices of way from tables made once per change of the distance
fields. A replay re-simulated with or without them must end on the same state hash, so
these tests run random scenes both ways and compare."""

import copy

import numpy as np

from game.sim import platforms, rocks, steering
from game.sim.constants import SUBPIXEL, TILE_SUB
from game.sim.pools import CLONE_H, CLONE_W, NARUTO_H, NARUTO_W
from tests.sim.helpers import world_from

SHAFT = """
############
#..........#
#..........#
#..........#
#..........#
#.E..N...m.#
############
"""


def _scene(rng: np.random.Generator):
    """A room with falling rocks at random heights and clones standing or falling under them."""
    world = world_from(SHAFT)
    for _ in range(int(rng.integers(1, 12))):
        size = int(rng.choice([10, 14]))
        rocks.spawn(world, int(rng.integers(16, 9 * 16)), int(rng.integers(8, 4 * 16)), size)
        slot = int(np.flatnonzero(world.rocks.alive)[-1])
        world.rocks.vy[slot] = int(rng.integers(0, 1500))
    for _ in range(int(rng.integers(1, 20))):
        world.clones.spawn(
            1,
            x=int(rng.integers(TILE_SUB, 9 * TILE_SUB)),
            y=int(rng.integers(TILE_SUB, 4 * TILE_SUB)),
            vy=int(rng.integers(-300, 1500)),
        )
    n = world.naruto
    n.x = int(rng.integers(TILE_SUB, 9 * TILE_SUB))
    n.y = int(rng.integers(TILE_SUB, 4 * TILE_SUB))
    return world


def test_rocks_hit_the_same_heads_with_and_without_the_pairwise_test(monkeypatch):
    rng = np.random.default_rng(21)
    hits = 0
    for _ in range(150):
        world = _scene(rng)
        long_way = copy.deepcopy(world)
        rocks.update(world)
        monkeypatch.setattr(platforms, "PAIRWISE_LIMIT", -1)  # always the grid
        rocks.update(long_way)
        monkeypatch.undo()
        assert world.state_hash() == long_way.state_hash()
        assert world.events == long_way.events
        hits += sum(kind in ("puff", "stun") for kind, _, _ in world.events)
    assert hits > 10  # real hits were compared, not only misses


def test_bodies_land_on_the_same_rocks_with_and_without_the_pairwise_test(monkeypatch):
    rng = np.random.default_rng(22)
    landings = 0
    for _ in range(150):
        world = _scene(rng)
        r = world.rocks
        live = np.flatnonzero(r.alive)
        count = 30
        x = rng.integers(0, 9 * TILE_SUB, count)
        prev_y = rng.integers(0, 4 * TILE_SUB, count)
        # Half of them just above a rock's top: the edge of a landing.
        chosen = rng.choice(live, count // 2)
        x[: count // 2] = r.x[chosen] + rng.integers(-9 * SUBPIXEL, 9 * SUBPIXEL, count // 2)
        prev_y[: count // 2] = r.y[chosen] - CLONE_H * SUBPIXEL - rng.integers(0, 300, count // 2)
        y = prev_y + rng.integers(0, 600, count)
        vy = rng.integers(-200, 1500, count)
        results = []
        for limit in (platforms.PAIRWISE_LIMIT, -1):
            monkeypatch.setattr(platforms, "PAIRWISE_LIMIT", limit)
            world.rock_grid_tick = -1  # a fresh look at the rocks each way
            col_y, col_vy = y.copy(), vy.copy()
            landed = platforms.ride(world, x, col_y, col_vy, prev_y, CLONE_W, CLONE_H)
            single = [
                platforms.ride_one(
                    world, int(x[i]), int(y[i]), int(vy[i]), int(prev_y[i]), NARUTO_W, NARUTO_H
                )
                for i in range(count)
            ]
            results.append((col_y.tolist(), col_vy.tolist(), landed.tolist(), single))
        assert results[0] == results[1]
        landings += sum(results[0][2])
    assert landings > 20


def test_steering_tables_follow_the_fields_when_they_are_laid_again():
    world = world_from(SHAFT)
    for i in range(12):  # a crowd: steered in columns, through the tables
        world.clones.spawn(1, x=(2 + i % 8) * TILE_SUB, y=4 * TILE_SUB, facing=1)
    world.step(0)
    paths = world.paths
    assert paths.tables is not None and paths.tables[0] == paths.version
    before = paths.version
    world.set_tile(3, 5, 1, 1)  # rock appears: the fields are laid again
    for _ in range(8):
        world.step(0)
    assert paths.version > before and paths.tables[0] == paths.version
    fresh = steering.field_tables(paths.stack)
    for cached, made in zip(paths.tables[1], fresh, strict=True):
        assert np.array_equal(cached, made)
