from game.sim import collapse, rocks
from game.sim import tuning as t
from game.sim.constants import RIGHT, SOLID
from game.sim.pools import LOST
from tests.sim.helpers import hold, world_from

CAVE = """
##############################
#.......^^^^^^^^^^^^.........#
#............................#
#............................#
#............................#
#.E.N................m.......#
##############################
"""


def _rocks_spawned(stage: int, ticks: int = 3600) -> int:
    w = world_from(CAVE, crack_rate=60)
    w.started = True
    w.collapse_stage = stage
    spawned = 0
    for _ in range(ticks):
        before = w.rocks.count
        rocks.spawn_from_cracks(w)
        spawned += w.rocks.count - before
        w.rocks.kill(slice(None))
    return spawned


def test_crack_zones_shed_rocks_faster_in_later_stages():
    cells = CAVE.count("^")
    stage1 = _rocks_spawned(1)
    stage4 = _rocks_spawned(4)
    # 60 rocks a minute per zone cell at stage 1 over one minute, give or take chance.
    assert 0.7 * 60 * cells < stage1 < 1.3 * 60 * cells
    assert stage4 > 5 * stage1


def test_no_rocks_fall_before_the_run_starts():
    w = world_from(CAVE, crack_rate=600)
    hold(w, 0, 300)
    assert w.rocks.count == 0 and not w.started


def test_landing_rocks_settle_as_rubble_or_shatter_and_never_seal_a_passage():
    corridor = """
##############################
#............................#
#............................#
#.E.N..................m.....#
##############################
"""
    w = world_from(corridor)
    w.step(RIGHT)
    outcomes = set()
    for x in range(40, 400, 12):
        rocks.spawn(w, x, 20, 10)
        for _ in range(60):
            w.step(0)
            outcomes |= {kind for kind, *_ in w.events}
    assert {"rock_land", "rock_shatter"} <= outcomes
    # The corridor is three cells high: rubble may pile, but a way through always remains.
    from game.sim.paths import UNREACHABLE

    assert w.paths.to_exit[4 + 0, 23 + 1] < UNREACHABLE
    assert (w.flags[3] & SOLID).sum() >= 2


def test_stages_follow_the_time_left():
    total = 1000
    assert collapse.stage_for(1000, total) == 1
    assert collapse.stage_for(500, total) == 2
    assert collapse.stage_for(250, total) == 3
    assert collapse.stage_for(100, total) == 4
    assert collapse.stage_for(0, total) == 4
    assert len(t.STAGE_RATE_MULTIPLIER) == 4


def test_when_the_timer_runs_out_everyone_inside_is_lost_and_the_run_ends():
    w = world_from(CAVE, collapse_seconds=2)
    hold(w, RIGHT, 119)
    assert not w.finished
    hold(w, RIGHT, 2)
    assert w.finished and w.result == "collapsed"
    assert w.lost == 1 and w.miners.state[0] == LOST
    tick = w.tick
    hold(w, RIGHT, 10)
    assert w.game_ticks == 120, "the clock stops with the run"
    assert w.tick == tick + 10
