import numpy as np

from game.sim import rocks
from game.sim import tuning as t
from game.sim.constants import CLONE, SUBPIXEL
from game.sim.pools import CARRIED, RESCUED, WAITING
from tests.sim.helpers import hold, world_from

HALL = """
########################################
#......................................#
#......................................#
#......................................#
#.E.N..................m...............#
########################################
"""


def test_tapping_clone_spawns_exactly_one_and_costs_chakra():
    w = world_from(HALL)
    w.step(CLONE)
    hold(w, 0, 5)
    assert w.clones.count == 1
    assert w.naruto.chakra == t.CHAKRA_MAX - t.CLONE_COST + 5


def test_holding_clone_streams_clones_until_chakra_runs_out():
    w = world_from(HALL)
    hold(w, CLONE, 60)
    streamed = w.clones.count
    assert streamed >= 1 + (60 - t.CLONE_STREAM_DELAY) // t.CLONE_STREAM_INTERVAL
    hold(w, CLONE, 2000)
    # Past the start, the stream runs only as fast as chakra comes back.
    assert w.naruto.chakra < t.CLONE_COST + t.CLONE_STREAM_INTERVAL * t.CHAKRA_REGEN_PER_TICK
    assert w.clones.count > streamed


def test_chakra_regenerates_over_time():
    w = world_from(HALL)
    w.step(CLONE)
    after_spawn = w.naruto.chakra
    hold(w, 0, 10)
    assert w.naruto.chakra == after_spawn + 10 * t.CHAKRA_REGEN_PER_TICK


def test_a_free_clone_fetches_the_miner_and_carries_him_out():
    w = world_from(HALL)
    w.step(CLONE)
    carried = False
    for _ in range(1200):
        w.step(0)
        carried |= bool(w.miners.state[0] == CARRIED)
        if w.finished:
            break
    assert carried
    assert w.miners.state[0] == RESCUED
    assert w.rescued == 1 and w.finished and w.result == "rescued"


def test_clones_jump_gaps_and_climb_walls_to_reach_a_miner():
    course = """
########################################
#......................................#
#......................................#
#......................................#
#...........................#..........#
#...........................#..........#
#...........................#.....m....#
#.E.N..............####.....#..........#
###########....#########....############
###########....#########....############
###########....#########....############
########################################
"""
    assert one_clone_rescues(course, 3000) == 1, "over a pit, up a block, over a wall and back"


def test_a_clone_climbs_past_an_overhang_to_a_miner_on_a_ledge():
    """The way up runs beside a block whose underside hangs over the floor: a clone must not
    step under it toward its wall (and bump its head there forever), but rise beside it."""
    ledge = """
######################
#....................#
#........m.......#...#
#...######...........#
#...######...........#
#....................#
#.EN..#......#....#..#
####..##....###...#..#
######################
"""
    assert one_clone_rescues(ledge, 1500) == 1


def test_a_clone_jumps_past_a_one_cell_step_toward_a_higher_wall():
    """The way up rises beside a low step to a block overhead: climbing the step only lifts
    a clone one cell and drops it off the top again, for ever; it must jump from the floor
    and catch the block's wall instead."""
    steps = """
######################
#....................#
#.....#..##........###
#....####.....###....#
#.............###....#
#.................m..#
#.EN.##........#..#..#
####.###.#....###.#..#
######################
"""
    assert one_clone_rescues(steps, 1500) == 1


def test_a_clone_lines_up_under_a_gap_before_jumping_through_it():
    """The way out rises through a column with rock overhead on one side: a clone that
    jumps while half under that rock bumps its head every time, so it lines up first."""
    gap = """
######################
#....................#
#....................#
#.............##.....#
#.........####.......#
#.....####...........#
#.EN..###......m.....#
####..####..##.##.#.##
######################
"""
    assert one_clone_rescues(gap, 1500) == 1


def one_clone_rescues(course: str, ticks: int) -> int:
    """Send one clone and wait up to `ticks`: how many miners got out."""
    w = world_from(course)
    w.step(CLONE)
    for _ in range(ticks):
        w.step(0)
        if w.finished:
            break
    return w.rescued


def test_a_rock_dispels_a_loaded_clone_and_the_miner_is_set_down():
    w = world_from(HALL)
    w.step(CLONE)
    while w.miners.state[0] != CARRIED:
        w.step(0)
    clone = int(w.miners.carried_by[0])
    cx, cy = w.clones.x[clone] // SUBPIXEL, w.clones.y[clone] // SUBPIXEL
    rocks.spawn(w, int(cx), int(cy) - 30, 10)
    for _ in range(30):
        w.step(0)
        if not w.clones.alive[clone]:
            break
    assert not w.clones.alive[clone]
    assert w.miners.state[0] == WAITING and w.miners.alive[0]
    assert any(kind == "puff" for kind, *_ in w.events)


def test_a_new_clone_picks_up_a_dropped_miner():
    w = world_from(HALL)
    w.step(CLONE)
    while w.miners.state[0] != CARRIED:
        w.step(0)
    from game.sim import clones

    clones.dispel(w, np.flatnonzero(w.clones.alive))
    assert w.miners.state[0] == WAITING
    w.step(CLONE)
    for _ in range(1500):
        w.step(0)
        if w.finished:
            break
    assert w.rescued == 1


def test_a_free_clone_heads_for_the_nearest_miner_first():
    w = world_from("""
########################################
#......................................#
#......................................#
#......................................#
#m.E...........N...................m...#
########################################
""")
    w.step(CLONE)
    hold(w, 0, 10)
    assert w.clones.vx[0] < 0, "the miner on the left is nearer"
    while w.miners.state[0] != CARRIED:
        w.step(0)
    assert w.miners.state[1] == WAITING


def _meetings_by_hand(shape, targets, target_cells, seekers, seeker_cells):
    """What `meetings` promises, one body at a time: a target marks its cell (on the grid
    only; a later target in the same cell wins), a seeker looks at its cell (clamped to
    the grid), and each target met goes to the first seeker that reaches it."""
    h, w = shape
    at_cell = {}
    for target, row, col in zip(targets, *target_cells, strict=True):
        if 0 <= row < h and 0 <= col < w:
            at_cell[(row, col)] = target
    met = {}
    for seeker, row, col in zip(seekers, *seeker_cells, strict=True):
        cell = (min(max(row, 0), h - 1), min(max(col, 0), w - 1))
        if cell in at_cell and at_cell[cell] not in met:
            met[at_cell[cell]] = seeker
    return [met[t] for t in sorted(met)], sorted(met)


def test_clones_meet_the_miners_in_their_cells_also_at_and_beyond_the_map_edge():
    """The clone that lifts a miner is the first one standing in the miner's cell; a body
    off the grid counts as on its edge, a miner off it is met by nobody."""
    from game.sim.paths import meetings
    from game.sim.rng import Rng

    rng = Rng(5)
    shape = (6, 9)
    met_somebody = 0
    for _ in range(300):
        targets = np.array(sorted({rng.below(20) for _ in range(1 + rng.below(5))}))
        seekers = np.arange(1 + rng.below(8)) * 2
        # Cells from one row/column off the grid to one past its far side.
        target_cells = tuple(
            np.array([rng.below(n + 2) - 1 for _ in targets], dtype=np.int32) for n in shape
        )
        seeker_cells = tuple(
            np.array([rng.below(n + 2) - 1 for _ in seekers], dtype=np.int32) for n in shape
        )
        got = meetings(shape, targets, target_cells, seekers, seeker_cells)
        want = _meetings_by_hand(
            shape,
            targets.tolist(),
            tuple(c.tolist() for c in target_cells),
            seekers.tolist(),
            tuple(c.tolist() for c in seeker_cells),
        )
        assert (got[0].tolist(), got[1].tolist()) == want
        met_somebody += bool(want[0])
    assert 30 < met_somebody < 270, "the cases must both meet and miss"
