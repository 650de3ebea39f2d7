"""The beats of the full Great Mine: air, fire, the floor giving way, the mouth caving in,
dialogue, the chasm and the falling rocks used as stepping stones."""

from game.level.model import BrazierSpec, ChamberSpec, ChasmSpec, Rect, TriggerSpec
from game.sim import dialogue, rocks
from game.sim import tuning as t
from game.sim.constants import (
    BURNABLE,
    CLONE,
    FIRE,
    JUMP,
    RASENGAN,
    RIGHT,
    SOLID,
    SUBPIXEL,
    UP,
)
from game.sim.pools import CARRIED, LOST, WAITING
from tests.sim.helpers import hold, naruto_px, world_from

SEALED = """
##############################
#............%...............#
#............%...............#
#.E.N........%.....c.k.......#
##############################
"""
CHAMBER = ChamberSpec(1, "c", Rect(14 * 16, 16, 15 * 16, 48), air_seconds=10)


def test_a_sealed_chambers_air_runs_down_with_each_person_in_it():
    w = world_from(SEALED, chambers=[CHAMBER])
    assert w.chamber_sealed[0]
    hold(w, RIGHT, 1)
    before = int(w.air[0])
    hold(w, 0, 60)
    assert before - int(w.air[0]) == 2 * 60, "two miners breathe it"


def test_when_the_air_runs_out_miners_faint_and_need_carrying():
    w = world_from(SEALED, chambers=[CHAMBER])
    hold(w, RIGHT, 1)
    hold(w, 0, 10 * 60 // 2 + 5)
    healthy = 1
    assert w.air[0] == 0
    assert w.miners.fainted[healthy] and w.miners.injured[healthy]
    assert w.miners.state[healthy] == WAITING
    assert any(kind == "faint" for kind, *_ in w.events) or w.miners.fainted.all()


def test_breaking_the_seal_lets_the_air_back_in():
    w = world_from(SEALED, chambers=[CHAMBER])
    hold(w, RIGHT, 60)  # up to the debris
    low = int(w.air[0])
    w.step(RIGHT | RASENGAN)
    hold(w, 0, 20)
    assert not w.chamber_sealed[0]
    hold(w, 0, 60)
    assert w.air[0] > low
    assert w.chamber_at(20 * 16, 40) == 0 and w.chamber_at(40, 40) == -1


DARK_TUNNEL = """
##############################
#............................#
#............................#
#.E.N.....b..................#
##############################
"""


def test_fire_ignition_lights_braziers_in_reach_and_burns_barricades():
    near = BrazierSpec(1, "near", 7 * 16, 4 * 16)
    far = BrazierSpec(2, "far", 25 * 16, 4 * 16)
    w = world_from(DARK_TUNNEL, braziers=[near, far])
    hold(w, RIGHT, 26)
    chakra = w.naruto.chakra
    w.step(FIRE)
    assert w.braziers_lit.tolist() == [True, False]
    assert not w.flags[3, 10] & (SOLID | BURNABLE), "the barricade burnt away"
    kinds = {kind for kind, *_ in w.events}
    assert {"fire", "ignite", "burn"} <= kinds
    assert w.naruto.chakra == chakra - t.FIRE_COST + 1 or w.naruto.chakra < chakra


def test_the_floor_gives_way_when_naruto_steps_into_the_trigger():
    text = """
##############################
#............................#
#............................#
#.E.N.........m..............#
##############################
#............................#
#............................#
#............................#
##############################
"""
    floor = TriggerSpec(1, "floor", Rect(9 * 16, 16, 10 * 16, 64), "floor_collapse")
    w = world_from(text, triggers=[floor])
    assert w.flags[4, 12] & SOLID and w.flags[4, 19] & SOLID
    miner_y = int(w.miners.y[0])
    hold(w, RIGHT, 60)
    assert w.triggers_fired[0]
    assert not w.flags[4, 12] & SOLID and w.flags[4, 19] & SOLID, "only inside the trigger"
    hold(w, 0, 60)
    assert int(w.miners.y[0]) > miner_y + 32 * SUBPIXEL, "the miner fell to the cavern"


def test_the_mouth_seals_behind_naruto_but_never_on_anyone():
    text = """
##############################
#............................#
#............................#
#.E.N........................#
##############################
"""
    seal = TriggerSpec(1, "mouth", Rect(2 * 16, 16, 4 * 16, 48), "seal")
    w = world_from(text, triggers=[seal])
    w.step(RIGHT)
    assert w.triggers_fired[0]
    assert w.flags[1, 2] & SOLID and w.flags[3, 2] & SOLID
    px, _ = naruto_px(w)
    assert not w.flags[3, px // 16] & SOLID, "not where Naruto stands"


def test_a_dialogue_box_stops_the_world_and_the_timer_until_jump_closes_it():
    text = """
##############################
#............................#
#............................#
#.E.N........................#
##############################
"""
    w = world_from(text, intro="Naruto: Hold on, everyone!")
    assert w.dialogue
    x = w.naruto.x
    hold(w, RIGHT, 30)
    assert w.naruto.x == x and w.game_ticks == 0
    hold(w, RIGHT | JUMP, 1)
    assert w.dialogue == ""
    hold(w, RIGHT | JUMP, 3)
    assert w.naruto.vy >= 0, "the press that closed the box is not also a jump"
    assert w.naruto.x > x and w.game_ticks == 3


def test_a_jump_press_in_the_first_ticks_does_not_skip_a_line_unread():
    w = world_from(SEALED, intro="One line.")
    w.step(JUMP)
    assert w.dialogue == "One line."
    hold(w, 0, dialogue.MIN_OPEN_TICKS)
    w.step(JUMP)
    assert w.dialogue == ""


def test_rescuing_ludo_opens_his_confession():
    text = """
##############################
#............................#
#............................#
#.E.N.....m..................#
##############################
"""
    w = world_from(text, says={"Ilya": "Ilya: It was me. I set the charges."})
    w.step(CLONE)
    for _ in range(600):
        w.step(0)
        if w.dialogue:
            break
    assert w.rescued_order == [0]
    assert w.dialogue.startswith("Ilya:")


CHASM_MAP = """
########################################
#......................................#
#......................................#
#......................................#
#......................................#
#......................................#
#......................................#
#.E.N...........................m......#
######.........................#########
######.........................#########
######.........................#########
#......................................#
########################################
"""
CHASM = ChasmSpec(1, "chasm", Rect(6 * 16, 9 * 16, 25 * 16, 3 * 16))


def test_loaded_clones_leap_the_chasm_and_carry_their_miner_out():
    chasm = """
########################################
#......................................#
#......................................#
#......................................#
#......................................#
#......................................#
#......................................#
#.E.N.........................m........#
##########..........####################
##########..........####################
##########..........####################
#......................................#
########################################
"""
    pit = ChasmSpec(1, "chasm", Rect(10 * 16, 9 * 16, 10 * 16, 3 * 16))
    w = world_from(chasm, chasms=[pit])
    w.step(CLONE)
    for _ in range(1500):
        w.step(0)
        if w.finished:
            break
    assert w.rescued == 1 and w.lost == 0


def test_a_clone_that_falls_into_the_chasm_loses_its_miner():
    w = world_from(CHASM_MAP.replace("#.E.N...", "#.E.Nm.."), chasms=[CHASM])
    w.step(CLONE)
    while w.miners.state[0] != CARRIED:
        w.step(0)
    clone = int(w.miners.carried_by[0])
    w.clones.x[clone] = 15 * 16 * SUBPIXEL
    w.clones.y[clone] = 10 * 16 * SUBPIXEL
    w.step(0)
    assert not w.clones.alive[clone]
    assert w.miners.state[0] == LOST and w.lost == 1
    assert any(kind == "fall" for kind, *_ in w.events)


def test_naruto_climbs_back_out_at_the_edge_after_falling_in():
    w = world_from(CHASM_MAP, chasms=[CHASM])
    hold(w, 0, 5)
    safe = (w.naruto.x, w.naruto.y)
    w.naruto.x, w.naruto.y = 15 * 16 * SUBPIXEL, 10 * 16 * SUBPIXEL
    w.step(0)
    assert (w.naruto.x, w.naruto.y) == safe
    assert w.naruto.stun > 0
    assert any(kind == "respawn" for kind, *_ in w.events)


def test_a_chakra_boosted_jump_crosses_what_a_plain_jump_cannot():
    gap = """
########################################
#......................................#
#......................................#
#......................................#
#......................................#
#......................................#
#......................................#
#.E..N.................................#
#######..........#######################
#######..........#######################
#######..........#######################
#......................................#
########################################
"""
    pit = ChasmSpec(1, "chasm", Rect(7 * 16, 9 * 16, 10 * 16, 3 * 16))

    def leap(buttons):
        w = world_from(gap, chasms=[pit])
        hold(w, RIGHT, 8)
        w.step(RIGHT | buttons)
        hold(w, RIGHT | buttons, 40)
        hold(w, RIGHT, 80)
        return w

    plain = leap(JUMP)
    boosted = leap(JUMP | UP)
    assert any(kind == "boost" for kind, *_ in boosted.events) or boosted.naruto.x > 17 * 16 * 256
    assert boosted.naruto.x > 17 * 16 * SUBPIXEL, "over the far edge"
    assert plain.naruto.x < 17 * 16 * SUBPIXEL or plain.naruto.stun > 0


def test_a_slowly_falling_rock_is_a_stepping_stone():
    shaft = """
##############################
#............................#
#............................#
#............................#
#............................#
#............................#
#............................#
#.E..N.......................#
##############################
"""
    w = world_from(shaft)
    hold(w, RIGHT, 1)
    # A big rock drifting down at half a pixel a tick, and Naruto dropping onto it.
    rocks.spawn(w, 100, 40, 14, max_fall=128)
    w.naruto.x, w.naruto.y, w.naruto.vy = 102 * SUBPIXEL, 10 * SUBPIXEL, 0
    landed_at = None
    for _ in range(30):
        w.step(0)
        if w.naruto.on_ground:
            landed_at = w.naruto.y
            break
    assert landed_at is not None and landed_at < 40 * SUBPIXEL, "he stands on it in mid-air"
    assert w.naruto.stun == 0, "landing on a rock does not hurt"
    hold(w, 0, 10)
    assert w.naruto.on_ground and w.naruto.y > landed_at, "and rides it down"
    w.step(JUMP)
    assert w.naruto.vy < 0, "and can jump off it"


def test_a_seal_can_close_a_passage_behind_naruto():
    text = """
##############################
#............................#
#............................#
#.E.N........................#
##############################
"""
    behind = Rect(16, 16, 3 * 16, 48)
    seal = TriggerSpec(1, "mouth", Rect(10 * 16, 16, 16, 48), "seal", target=behind)
    w = world_from(text, triggers=[seal])
    hold(w, RIGHT, 60)
    assert w.triggers_fired[0]
    assert all(w.flags[row, col] & SOLID for row in (1, 2, 3) for col in (1, 2, 3))
    assert not w.flags[3, 10] & SOLID
    from game.sim.paths import UNREACHABLE

    hold(w, 0, 10)
    assert (w.paths.to_exit[1:-1, 1:-1] >= UNREACHABLE).all(), "the only exit is gone"


def test_a_whole_barricade_burns_once_the_fire_catches_any_of_it():
    tall = """
##############################
#.........b..................#
#.........b..................#
#.........b..................#
#.........b..................#
#.E.N.....b..................#
##############################
"""
    w = world_from(tall)
    hold(w, RIGHT, 26)
    w.step(FIRE)
    assert not (w.flags[1:6, 10] & BURNABLE).any(), "every board of it is gone"


def test_splits_are_taken_in_order_and_the_quota_time_is_kept():
    from game.level.model import SplitSpec

    text = """
##############################
#............................#
#............................#
#.E.N.....m..................#
##############################
"""
    first = SplitSpec(1, "Halfway", Rect(12 * 16, 16, 16, 48), order=1)
    second = SplitSpec(2, "Back", Rect(6 * 16, 16, 16, 48), order=2)
    w = world_from(text, splits=[first, second])
    hold(w, RIGHT, 20)  # through the "Back" rectangle first: not its turn yet
    assert w.split_ticks == []
    hold(w, RIGHT, 60)
    assert len(w.split_ticks) == 1 and 0 < w.split_ticks[0] <= w.game_ticks
    w.step(CLONE)
    hold(w, 0, 3)
    assert w.quota == 1 and w.quota_tick == -1
    for _ in range(900):
        w.step(0)
        if w.finished:
            break
    assert w.quota_tick > 0 and w.quota_tick <= w.game_ticks
