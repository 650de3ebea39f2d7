"""Assist mode in the simulation (game/sim/assists.py): each assist does what it says, and an
unassisted world is exactly the world it was before assist mode existed."""

from pathlib import Path

import pytest

from game.level.tiled import load_level
from game.sim import assists, rocks
from game.sim import tuning as t
from game.sim.constants import CLONE, FIRE, JUMP, RASENGAN, RIGHT, SUBPIXEL, UP
from game.sim.pools import CARRIED, WAITING
from game.sim.world import World
from game.tas import load_input_script
from tests.sim.ascii_level import make_level
from tests.sim.helpers import hold, naruto_px
from tests.test_demo import DEMO_HASHES

ROOT = Path(__file__).resolve().parents[2]

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

HALL = """
##############################
#............................#
#............................#
#.E.N.......m................#
##############################
"""


def world(text: str, *names: str, **options) -> World:
    return World(make_level(text, **options), assists=frozenset(names))


# --- infinite chakra ---------------------------------------------------------------------------
def test_infinite_chakra_never_drops_whatever_the_jutsu():
    w = world(FLOOR, assists.INFINITE_CHAKRA)
    plain = world(FLOOR)
    for buttons in (CLONE, 0, RASENGAN, 0, FIRE, 0, UP | JUMP, 0):
        for ticks in range(30):
            w.step(buttons if ticks < 20 else 0)
            plain.step(buttons if ticks < 20 else 0)
            assert w.naruto.chakra == t.CHAKRA_MAX
    assert w.clones.count >= plain.clones.count > 0
    assert plain.naruto.chakra < t.CHAKRA_MAX, "without the assist the jutsu cost chakra"


def test_infinite_chakra_keeps_a_stream_of_clones_coming_for_ever():
    w = world(FLOOR, assists.INFINITE_CHAKRA)
    plain = world(FLOOR)
    hold(w, CLONE, 900)
    hold(plain, CLONE, 900)
    assert plain.naruto.chakra < t.CLONE_COST, "without the assist the stream runs dry"
    assert w.clones.count > 2 * plain.clones.count


# --- no stun -----------------------------------------------------------------------------------
def _rock_on_naruto(w: World) -> None:
    px, py = naruto_px(w)
    rocks.spawn(w, px, py - 40, 10)
    hold(w, 0, 40)


def test_without_the_assist_a_rock_stuns_naruto():
    w = world(FLOOR)
    _rock_on_naruto(w)
    assert w.naruto.stun > 0 or w.naruto.grace > 0


def test_no_stun_lets_a_rock_pass_naruto_by():
    w = world(FLOOR, assists.NO_STUN)
    _rock_on_naruto(w)
    assert w.naruto.stun == 0 and w.naruto.grace == 0
    x_before = w.naruto.x
    hold(w, RIGHT, 5)
    assert w.naruto.x > x_before, "he runs on at once"


def test_no_stun_still_lets_rocks_hit_clones_and_miners():
    w = world(HALL, assists.NO_STUN)
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
    assert not w.clones.alive[clone], "the clone is dispelled as ever"
    assert w.miners.state[0] == WAITING


# --- slower collapse ---------------------------------------------------------------------------
def test_slow_collapse_runs_the_timer_at_half_speed():
    plain = world(FLOOR, collapse_seconds=60)
    slow = world(FLOOR, assists.SLOW_COLLAPSE, collapse_seconds=60)
    hold(plain, RIGHT, 600)
    hold(slow, RIGHT, 600)
    assert plain.game_ticks == slow.game_ticks == 600, "in-game time runs as ever"
    assert 60 * 60 - plain.collapse_ticks_left == 600
    assert 60 * 60 - slow.collapse_ticks_left == 300


def test_slow_collapse_ends_the_run_after_twice_the_time():
    cave = """
##############################
#.E.N................m.......#
##############################
"""
    plain = world(cave, collapse_seconds=2)
    slow = world(cave, assists.SLOW_COLLAPSE, collapse_seconds=2)
    hold(plain, RIGHT, 121)
    assert plain.finished and plain.result == "collapsed"
    hold(slow, RIGHT, 121)
    assert not slow.finished
    hold(slow, RIGHT, 120)
    assert slow.finished and slow.result == "collapsed"
    assert slow.game_ticks == 240


def test_slow_collapse_stages_follow_the_slower_timer():
    plain = world(FLOOR, collapse_seconds=10)
    slow = world(FLOOR, assists.SLOW_COLLAPSE, collapse_seconds=10)
    hold(plain, RIGHT, 330)
    hold(slow, RIGHT, 330)
    assert plain.collapse_stage > slow.collapse_stage


# --- names, determinism and the hash -----------------------------------------------------------
def test_the_game_speed_is_taken_and_left_out_of_the_simulation():
    w = world(FLOOR, assists.NO_STUN, "speed_70")
    assert w.assists == {assists.NO_STUN}
    assert world(FLOOR, "speed_50").assists == frozenset()


def test_an_unknown_assist_is_refused():
    with pytest.raises(ValueError, match="unknown assist"):
        world(FLOOR, "god_mode")
    with pytest.raises(ValueError):
        world(FLOOR, "speed_100")  # full speed is no assist


def _demo_world(*names: str) -> World:
    level = load_level(ROOT / "maps" / "great_mine.tmx")
    script = load_input_script(ROOT / "maps" / "demos" / "great_mine.inputs")
    w = World(level, assists=frozenset(names))
    for tick in range(DEMO_HASHES["great_mine"][0]):
        if w.finished:
            break
        w.step(script.mask(tick))
    return w


@pytest.mark.slow  # plays the whole Great Mine demo
def test_an_unassisted_world_keeps_the_pinned_demo_hash():
    w = _demo_world()
    assert (w.tick, w.state_hash()) == DEMO_HASHES["great_mine"]


def test_an_unassisted_world_hashes_as_a_world_made_without_the_argument():
    level = make_level(FLOOR)
    a, b = World(level), World(level, assists=frozenset())
    for _ in range(60):
        a.step(RIGHT | CLONE)
        b.step(RIGHT | CLONE)
    assert a.state_hash() == b.state_hash()
    # A speed alone changes no tick and no hash: it is presentation only.
    c = World(level, assists=("speed_60",))
    hold(c, RIGHT | CLONE, 60)
    assert c.state_hash() == a.state_hash()


def test_the_assists_join_the_hash_when_there_are_some():
    level = make_level(FLOOR)
    plain = World(level)
    # Nothing an assist changes has happened yet: only the named assists tell them apart.
    assisted = World(level, assists=frozenset({assists.SLOW_COLLAPSE}))
    assert plain.state_hash() != assisted.state_hash()


@pytest.mark.parametrize("name", assists.SIMULATED)
def test_an_assisted_run_is_deterministic(name):
    level = make_level(HALL, crack_rate=120, collapse_seconds=20)
    runs = []
    for _ in range(2):
        w = World(level, assists=frozenset({name}))
        for tick in range(900):
            w.step(RIGHT | CLONE if tick % 90 < 40 else RASENGAN if tick % 90 == 50 else 0)
        runs.append(w.state_hash())
    assert runs[0] == runs[1]


def test_names_from_the_settings_and_for_people():
    from game.store import Settings

    settings = Settings().replace(assist_speed=70, assist_no_stun=True, assist_infinite_chakra=True)
    names = assists.from_settings(settings)
    assert names == ("infinite_chakra", "no_stun", "speed_70")
    assert assists.describe(names) == "infinite chakra, no stun, speed 70%"
    assert assists.from_settings(Settings()) == ()
    assert assists.speed_of(names) == 70 and assists.speed_of(()) == 100
