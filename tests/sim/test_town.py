"""Boulder Town's mechanics: supply crates carried to the camp, the guards' line pushed aside
by a crowd of clones, Transformation slipping Naruto through, the townsfolk's cheer and the
Multi Shadow Clone."""

from __future__ import annotations

import numpy as np

from game.level.model import Rect, TriggerSpec
from game.sim import events
from game.sim import tuning as t
from game.sim.constants import CLONE, LEFT, RIGHT, SUBPIXEL, TRANSFORM
from game.sim.pools import CARRIED, CLONE_W, GUARD_W, NARUTO_W, NONE, WAITING
from tests.sim.helpers import hold, world_from

CRATE_RUN = """
..........................
..........................
..........................
N....C..............PP..E.
##########################
"""


def kinds(world) -> list[str]:
    return [kind for kind, _, _ in world.events]


def run_until(world, done, buttons: int = 0, limit: int = 3000) -> int:
    for tick in range(limit):
        if done():
            return tick
        world.step(buttons)
    raise AssertionError("never happened")


def test_a_free_clone_lifts_a_crate_and_carries_it_to_the_camp():
    world = world_from(CRATE_RUN)
    assert world.total_crates == 1 and world.crates.state[0] == WAITING
    world.step(CLONE)
    seen: list[str] = []

    def lifted():
        seen.extend(kinds(world))
        return world.crates.state[0] == CARRIED

    run_until(world, lifted)
    carrier = int(world.crates.carried_by[0])
    assert world.clones.crate[carrier] == 0
    assert events.CRATE_PICKUP in seen
    # Carried, the crate rides on its clone's head as the clone runs for the camp.
    world.step(0)
    c, k = world.clones, world.crates
    assert k.y[0] < c.y[carrier]
    assert abs(int(k.x[0] + 6 * SUBPIXEL) - int(c.x[carrier] + CLONE_W * SUBPIXEL // 2)) <= 256
    run_until(world, lambda: world.crates_delivered == 1)
    assert not world.crates.alive[0]
    assert world.clones.crate[carrier] == NONE
    camp_x = 20 * 16
    assert c.x[carrier] // SUBPIXEL >= camp_x - 16  # it ran to the camp to set it down


def test_a_dispelled_carrier_drops_its_crate_for_another_clone():
    world = world_from(CRATE_RUN)
    world.step(CLONE)
    run_until(world, lambda: world.crates.state[0] == CARRIED)
    hold(world, 0, 10)
    world.step(CLONE | 2 * 0 + 8)  # down + clone: dispel them all
    assert world.clones.count == 0
    assert world.crates.state[0] == WAITING and world.crates.alive[0]
    hold(world, 0, 60)
    assert world.crates.on_ground[0]  # it fell to the street and waits
    world.step(0)
    world.step(CLONE)
    run_until(world, lambda: world.crates_delivered == 1)


def test_crates_need_clones_not_naruto():
    world = world_from(CRATE_RUN)
    hold(world, RIGHT, 200)  # Naruto runs right over the crate and on to the camp
    assert world.crates_delivered == 0 and world.crates.state[0] == WAITING


LINE = """
...........................
...........................
...........................
N...........g........E.....
###########################
"""


def clones_against(world, guard: int, count: int) -> None:
    """Put `count` clones walking into the guard's left side."""
    g = world.guards
    x = int(g.x[guard]) - CLONE_W * SUBPIXEL
    y = int(g.y[guard]) + 2 * SUBPIXEL
    world.clones.spawn(count, x=x, y=y, vx=300, facing=1, on_ground=True)


def test_a_guard_of_strength_three_holds_against_two_clones_and_gives_way_to_three():
    world = world_from(LINE, guard_strength=3)
    g = world.guards
    left_edge = int(g.x[0])
    clones_against(world, 0, 2)
    hold(world, 0, 90)
    assert not g.aside[0]
    assert g.pushers[0] == 2
    # The guard is a wall: nobody walked through it.
    live = world.clones.alive
    assert (world.clones.x[live] + CLONE_W * SUBPIXEL <= left_edge).all()

    clones_against(world, 0, 1)
    world.step(0)
    assert g.aside[0]
    assert events.GUARD_ASIDE in kinds(world)
    hold(world, 0, 120)
    assert g.aside[0]  # and it stays aside
    assert int(g.x[0]) > left_edge  # stepped away from the crowd
    world.paths.refresh(world, force=True)
    guard_row, guard_col = 3, 12
    assert world.paths.stack[1][guard_row + 1, guard_col + 1] != 0  # no longer a goal


def test_the_line_shoves_naruto_back_and_he_cannot_pass_alone():
    world = world_from(LINE)
    seen: list[str] = []
    for _ in range(300):
        world.step(RIGHT)
        seen.extend(kinds(world))
    guard_left = int(world.guards.x[0])
    assert world.naruto.x + NARUTO_W * SUBPIXEL <= guard_left
    assert events.SHOVE in seen
    assert not world.finished


def test_transformed_naruto_slips_through_and_pays_chakra():
    world = world_from(LINE)
    hold(world, RIGHT, 60)  # up against the guard
    before = world.naruto.chakra
    world.step(RIGHT | TRANSFORM)
    assert events.TRANSFORM in kinds(world)
    assert world.naruto.disguise == t.TRANSFORM_TICKS
    assert world.naruto.chakra == before - t.TRANSFORM_COST
    chakra = world.naruto.chakra
    hold(world, RIGHT, 30)
    assert world.naruto.chakra == chakra  # no recovery while disguised
    guard_right = int(world.guards.x[0]) + GUARD_W * SUBPIXEL
    assert world.naruto.x >= guard_right  # walked straight through the line
    run_until(world, lambda: world.finished, RIGHT)
    assert world.result == "rescued"  # a town's finish is its exit


def test_the_disguise_wears_off_and_then_the_guards_see_him_again():
    world = world_from(LINE)
    world.step(TRANSFORM)
    hold(world, 0, t.TRANSFORM_TICKS - 1)
    assert world.naruto.disguise == 1
    world.step(0)
    assert world.naruto.disguise == 0
    assert events.UNTRANSFORM in kinds(world)
    seen: list[str] = []
    for _ in range(300):
        world.step(RIGHT)
        seen.extend(kinds(world))
    assert events.SHOVE in seen  # himself again: held at the line
    assert world.naruto.x + NARUTO_W * SUBPIXEL <= int(world.guards.x[0])


def test_another_jutsu_gives_the_disguise_away():
    world = world_from(LINE)
    world.step(TRANSFORM)
    hold(world, 0, 5)
    world.step(CLONE)
    assert world.naruto.disguise == 0
    assert events.UNTRANSFORM in kinds(world)


def test_no_chakra_no_transformation():
    world = world_from(LINE)
    world.naruto.chakra = t.TRANSFORM_COST - 5
    world.step(TRANSFORM)
    assert world.naruto.disguise == 0


def test_reinforcements_make_a_standing_guard_stronger_up_to_double():
    world = world_from(LINE, guard_strength=3, reinforce_seconds=1)
    hold(world, RIGHT, 61)
    assert world.guards.strength[0] == 4
    hold(world, LEFT, 600)
    assert world.guards.strength[0] == 6  # double, and no more


def test_free_clones_go_and_push_the_guards():
    world = world_from(LINE, guard_strength=3)
    world.naruto.chakra = t.CHAKRA_MAX
    for _ in range(40):
        world.step(CLONE)  # a stream
    run_until(world, lambda: bool(world.guards.aside[0]))


def test_commander_says_her_line_when_she_steps_aside():
    world = world_from(LINE.replace("g", "M"), guard_strength=1)
    assert world.guards.commander[0]
    clones_against(world, 0, 1)
    world.step(0)
    assert world.dialogue == "Morana: Fine. Go."


def test_townsfolk_cheer_once_when_the_clones_arrive():
    world = world_from(
        """
.................................
N.........................f....g.
#################################
"""
    )
    assert world.folk_cheer_tick[0] == -1
    cheered = []
    world.step(CLONE)
    for _ in range(600):
        world.step(0)
        cheered += [k for k in kinds(world) if k == events.CHEER]
        if world.folk_cheer_tick[0] >= 0:
            break
    assert world.folk_cheer_tick[0] >= 0
    hold(world, 0, 60)
    assert cheered == [events.CHEER]


def test_the_multi_shadow_clone_pours_out_hundreds_free_of_chakra():
    trigger = TriggerSpec(9, "door", Rect(0, 0, 64, 64), "multi_clone", count=300)
    world = world_from(
        """
........................................
N.......................................
########################################
""",
        triggers=[trigger],
    )
    chakra = world.naruto.chakra
    world.step(RIGHT)
    hold(world, 0, 30)
    assert world.clones.count == 300
    assert world.naruto.chakra == chakra  # free: the story's overflowing power
    assert world.clone_burst == 0


def test_town_state_does_not_change_the_hash_of_a_map_without_a_town():
    plain = world_from(LINE.replace("g", "."))
    hold(plain, RIGHT, 30)
    digest = plain.state_hash()
    plain.naruto.disguise = 3
    assert plain.state_hash() != digest  # once set, it counts
    plain.naruto.disguise = 0
    assert plain.state_hash() == digest
    assert np.all(plain.clones.crate == NONE)


LEDGE_UNDER_OPEN_SKY = """
..............
..............
..............
..............
..............
.......C......
.......####...
.......####...
N......####..P
##############
"""


def test_under_open_sky_a_climbing_clone_steps_onto_the_ledge_instead_of_into_the_sky():
    world = world_from(LEDGE_UNDER_OPEN_SKY)
    world.step(CLONE)
    highest = world.clones.y[0]
    for _ in range(400):
        world.step(0)
        highest = min(highest, int(world.clones.y[0]))
        if world.clones.crate[0] != NONE:
            break
    assert world.clones.crate[0] == 0, "it reached the crate on the ledge"
    ledge_top = 6 * 16 * SUBPIXEL
    assert highest >= ledge_top - (22 + 2 * 16) * SUBPIXEL  # never far above the ledge
