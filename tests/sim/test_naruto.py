import copy

from game.sim import tuning as t
from game.sim.constants import BREAKABLE, CLONE, DOWN, JUMP, LEFT, RASENGAN, RIGHT, UP
from tests.sim.helpers import hold, naruto_px, world_from

FLOOR = """
##############################
#............................#
#............................#
#............................#
#............................#
#............................#
#.N..........................#
##############################
"""


def test_running_reaches_top_speed_and_stops_on_release():
    w = world_from(FLOOR)
    hold(w, RIGHT, 30)
    assert w.naruto.vx == t.RUN_SPEED
    assert w.naruto.facing == 1
    hold(w, 0, 30)
    assert w.naruto.vx == 0


def _peak_height(w, jump_ticks):
    start_y = lowest = w.naruto.y
    for tick in range(150):
        w.step(JUMP if tick < jump_ticks else 0)
        lowest = min(lowest, w.naruto.y)
    return (start_y - lowest) // 256


def test_holding_jump_goes_higher_than_tapping_it():
    tapped = _peak_height(world_from(FLOOR), 3)
    held = _peak_height(world_from(FLOOR), 40)
    assert held > tapped * 2
    assert held >= 60  # a full jump clears almost four tiles


LEDGE = """
##############################
#............................#
#............................#
#............................#
#...........N................#
#.......######################
#.......######################
#.......######################
#.......######################
##############################
"""


def test_coyote_time_allows_a_jump_just_after_leaving_a_ledge():
    # Standing on the ledge's top and walking left off it onto the lower floor.
    assert _jump_after_walking_off_left(2) < 0
    assert _jump_after_walking_off_left(t.COYOTE_TICKS + 4) > 0


def _jump_after_walking_off_left(late_ticks: int) -> int:
    w = world_from(LEDGE)
    while w.naruto.on_ground or w.tick < 2:
        w.step(LEFT)
    hold(w, LEFT, late_ticks)
    w.step(LEFT | JUMP)
    return w.naruto.vy


def _ticks_until_landing(w) -> int:
    probe = copy.deepcopy(w)
    ticks = 0
    while not probe.naruto.on_ground:
        probe.step(0)
        ticks += 1
    return ticks


def test_jump_pressed_just_before_landing_still_jumps():
    for early, should_jump in ((3, True), (t.JUMP_BUFFER_TICKS + 6, False)):
        w = world_from(FLOOR)
        hold(w, JUMP, 20)
        w.step(0)
        landing = _ticks_until_landing(w)
        assert landing > early + 2
        hold(w, 0, landing - early)
        w.step(JUMP)
        hold(w, 0, early + 1)
        assert (w.naruto.vy < 0) == should_jump, (early, w.naruto.vy)


def test_wall_cling_slows_the_fall_and_up_runs_up_the_wall():
    wall = """
##############################
#............................#
#............................#
#............................#
#.........#..................#
#.........#..................#
#.........#..................#
#.........#..................#
#.........#..................#
#.........#..................#
#.........#..................#
#.........#..................#
#.N.......#..................#
##############################
"""
    w = world_from(wall)
    hold(w, RIGHT, 40)
    w.step(RIGHT | JUMP)
    hold(w, RIGHT | JUMP, 10)
    hold(w, RIGHT, 5)
    assert w.naruto.on_wall == 1
    assert w.naruto.vy <= t.WALL_SLIDE_SPEED
    y_before = w.naruto.y
    hold(w, RIGHT | UP, 20)
    assert w.naruto.y < y_before - 20 * 256, "chakra feet run up the wall"


def test_rasengan_breaks_debris_in_front_and_costs_chakra():
    debris = """
##############################
#............................#
#............................#
#............................#
#............................#
#....%.......................#
#.N..%.......................#
##############################
"""
    w = world_from(debris)
    hold(w, RIGHT, 20)  # walk up against the debris
    assert w.flags[6, 5] & BREAKABLE
    chakra = w.naruto.chakra
    w.step(RIGHT | RASENGAN)
    hold(w, RIGHT, 12)
    assert not w.flags[6, 5], "the debris in front is gone"
    assert w.tiles_version > 0
    # Full chakra cannot regenerate on the tick of the strike, only on the 12 after it.
    assert w.naruto.chakra == chakra - t.RASENGAN_COST + 12 * t.CHAKRA_REGEN_PER_TICK


def test_a_falling_rock_stuns_naruto_briefly():
    w = world_from(FLOOR)
    from game.sim import rocks

    px, py = naruto_px(w)
    rocks.spawn(w, px, py - 40, 10)
    hold(w, 0, 40)
    assert w.naruto.stun > 0 or w.naruto.grace > 0
    x_before = w.naruto.x
    hold(w, RIGHT, 5)
    assert w.naruto.x == x_before, "a stunned Naruto cannot move"
    hold(w, 0, 60)
    hold(w, RIGHT, 20)
    assert w.naruto.x > x_before, "the stun wears off"


def test_down_plus_clone_dispels_every_clone_and_refunds_chakra():
    w = world_from(FLOOR)
    hold(w, CLONE, 40)
    count = w.clones.count
    assert count > 3
    chakra = w.naruto.chakra
    w.step(0)
    w.step(DOWN | CLONE)
    assert w.clones.count == 0
    assert w.naruto.chakra >= chakra + count * t.DISPEL_REFUND


def test_rasengan_shatters_a_falling_rock_in_front_of_him():
    from game.sim import rocks

    w = world_from(FLOOR)
    px, py = naruto_px(w)
    rocks.spawn(w, px + 14, py + 2, 10)  # right in front of his face, on its way down
    w.step(RASENGAN)
    assert w.rocks.count == 0
    assert any(kind == "rock_shatter" for kind, *_ in w.events)
    assert w.naruto.stun == 0
