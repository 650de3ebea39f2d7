import subprocess
import sys
from pathlib import Path

from game.sim.constants import CLONE, JUMP, RIGHT
from game.sim.world import World
from tests.sim.ascii_level import make_level

MAPS = Path(__file__).resolve().parents[2] / "maps"

CAVE = """
########################################
#........^^^^^^^^^^^^^^^^^^^^^^........#
#......................................#
#......................................#
#......................................#
#.E.N...........m......h.......m.......#
########################################
"""

INPUTS = [CLONE] * 40 + [RIGHT] * 30 + [RIGHT | JUMP] * 10 + [0] * 800


def _run(seed: int) -> list[str]:
    w = World(make_level(CAVE, crack_rate=300, seed=seed))
    hashes = []
    for buttons in INPUTS:
        w.step(buttons)
        hashes.append(w.state_hash())
    return hashes


def test_same_map_seed_and_inputs_give_the_same_world_every_tick():
    assert _run(5) == _run(5)


def test_a_different_seed_gives_a_different_run():
    assert _run(5)[-1] != _run(6)[-1]


def test_state_hash_sees_a_one_subpixel_change():
    w = World(make_level(CAVE))
    before = w.state_hash()
    w.naruto.x += 1
    assert w.state_hash() != before


def test_the_simulation_never_imports_pygame():
    code = (
        "import sys, game.sim.world, game.headless, game.level.tiled;"
        "sys.exit(1 if 'pygame' in sys.modules else 0)"
    )
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0


def test_distance_fields_do_not_leak_through_rock():
    import numpy as np

    from game.sim.paths import UNREACHABLE, distance_field, step_costs

    level = make_level("""
##########
#...#....#
#...#....#
#E..#..m.#
##########
""")
    cost = step_costs(level.flags)
    goals = np.zeros(level.flags.shape, dtype=bool)
    goals[3, 1] = True
    field = distance_field(cost, goals)[1:-1, 1:-1]
    assert field[3, 2] < field[3, 3] < UNREACHABLE
    assert (field[1:4, 5:9] == UNREACHABLE).all(), "the sealed room cannot be reached"


def _random_cave_costs(seed: int):
    import numpy as np

    from game.sim.constants import ONE_WAY, SOLID
    from game.sim.paths import step_costs
    from game.sim.rng import Rng

    rng = Rng(seed)
    flags = np.array(
        [
            [
                (SOLID if rng.chance(3, 10) else ONE_WAY if rng.chance(1, 20) else 0)
                for _ in range(40)
            ]
            for _ in range(25)
        ],
        dtype=np.uint8,
    )
    return step_costs(flags)


def _dijkstra(costs, goals):
    """The least cost from every cell to a goal, one cell at a time: from the goals
    outward, a body at m moving to its neighbour n pays for entering n, by the direction
    of that move."""
    import heapq

    import numpy as np

    from game.sim.paths import DOWN, SIDE, UNREACHABLE, UP

    passable = (costs < UNREACHABLE).any(axis=0)
    shape = goals.shape
    expected = np.full(shape, UNREACHABLE, dtype=np.int64)
    queue = []
    for r, c in zip(*np.nonzero(goals & passable), strict=True):
        expected[r, c] = 0
        heapq.heappush(queue, (0, int(r), int(c)))
    while queue:
        d, r, c = heapq.heappop(queue)
        if d > expected[r, c]:
            continue
        # (neighbour m, direction of the move m -> n)
        for mr, mc, move in ((r + 1, c, UP), (r - 1, c, DOWN), (r, c - 1, SIDE), (r, c + 1, SIDE)):
            inside = 0 <= mr < shape[0] and 0 <= mc < shape[1]
            if not inside or not passable[mr, mc] or costs[move, r, c] >= UNREACHABLE:
                continue
            if d + costs[move, r, c] < expected[mr, mc]:
                expected[mr, mc] = d + costs[move, r, c]
                heapq.heappush(queue, (int(expected[mr, mc]), mr, mc))
    return expected


def test_distance_fields_match_a_plain_dijkstra_on_a_random_cave():
    import numpy as np

    from game.sim.paths import distance_field

    costs = _random_cave_costs(11)
    goals = np.zeros(costs.shape[1:], dtype=bool)
    goals[5, 7] = goals[20, 30] = True
    field = distance_field(costs, goals)[1:-1, 1:-1]
    assert (field == _dijkstra(costs, goals)).all()


def test_fields_laid_again_on_the_same_prepared_costs_match_a_plain_dijkstra():
    """The miner field is laid again whenever a miner is lifted, on the Great Mine's costs
    prepared once: each field must be what it would be on its own."""
    import numpy as np

    from game.level.tiled import load_level
    from game.sim.paths import UNREACHABLE, body_cells, distance_field, sweep_costs
    from game.sim.pools import MINER_H, MINER_W

    world = World(load_level(str(MAPS / "great_mine.tmx")))
    costs = world.paths.cost
    prepared = sweep_costs(costs)
    exits = world.paths.exit_goals
    miners = [np.zeros_like(exits) for _ in range(3)]
    m = world.miners
    for i, goals in enumerate(miners):
        goals[body_cells(int(m.x[i]), int(m.y[i]), MINER_W, MINER_H)] = True
    for goals in (exits, miners[0], miners[0] | miners[1], miners[2], exits | miners[1]):
        field = distance_field(prepared, goals)
        assert (field == distance_field(costs, goals)).all()
        expected = _dijkstra(costs, goals)
        assert (field[1:-1, 1:-1] == expected).all()
        assert (expected < UNREACHABLE).sum() > 500, "most of the mine leads to these goals"


def test_a_map_narrower_than_a_leap_still_builds_its_paths():
    import numpy as np

    from game.sim.paths import UNREACHABLE, distance_field, step_costs

    flags = np.zeros((6, 8), dtype=np.uint8)
    flags[-1] = 1
    goals = np.zeros_like(flags, dtype=bool)
    goals[4, 1] = True
    leap = np.zeros_like(goals)
    field = distance_field(step_costs(flags, leap=leap), goals)[1:-1, 1:-1]
    assert field[4, 6] < UNREACHABLE
