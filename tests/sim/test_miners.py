from game.sim.constants import RASENGAN, RIGHT
from game.sim.pools import CARRIED, RESCUED, WAITING, WALKING
from tests.sim.helpers import hold, world_from


def test_a_healthy_miner_walks_out_on_his_own():
    w = world_from("""
##############################
#............................#
#............................#
#.E.N.................h......#
##############################
""")
    hold(w, RIGHT, 1)
    for _ in range(900):
        w.step(0)
        if w.finished:
            break
    assert w.rescued == 1
    assert w.clones.count == 0, "nobody had to carry him"


def test_a_healthy_miner_waits_behind_debris_until_it_is_broken():
    text = """
##############################
#.........%..................#
#.........%..................#
#.E.N.....%...........h......#
##############################
"""
    w = world_from(text)
    hold(w, 0, 120)
    assert w.miners.state[0] == WAITING
    hold(w, RIGHT, 60)  # up against the debris
    w.step(RIGHT | RASENGAN)
    hold(w, 0, 40)
    assert w.miners.state[0] in (WALKING, RESCUED)


def test_natasha_leaves_only_when_nobody_else_of_her_chamber_waits():
    w = world_from("""
##############################
#............................#
#............................#
#.E.N.................D..m...#
##############################
""")
    hold(w, 0, 120)
    natasha = w.miner_names.index("Natasha")
    other = 1 - natasha
    assert w.miners.state[natasha] == WAITING
    w.step(2**6)  # one clone for the injured miner
    for _ in range(600):
        w.step(0)
        if w.miners.state[other] != WAITING:
            break
    hold(w, 0, 10)
    assert w.miners.state[natasha] in (WALKING, RESCUED)


def test_goro_once_reached_carries_an_injured_miner_out_himself():
    w = world_from("""
##############################
#............................#
#............................#
#.E.........m....N.G.........#
##############################
""")
    goro = w.miner_names.index("Goro")
    hold(w, 0, 30)
    assert w.miners.state[goro] == WAITING, "he waits until someone reaches him"
    hold(w, RIGHT, 15)
    carried_by_goro = False
    for _ in range(1500):
        w.step(0)
        m = w.miners
        carried_by_goro |= bool((m.carried_by_miner == goro).any())
        assert (m.carried_by >= -1).all(), "carried_by names a clone or no one"
        assert not ((m.carried_by >= 0) & (m.carried_by_miner >= 0)).any()
        if w.finished:
            break
    assert carried_by_goro
    assert w.rescued == 2
    assert w.clones.count == 0


def test_carried_miner_rides_above_the_carrier():
    w = world_from("""
##############################
#............................#
#............................#
#.E.N.................m......#
##############################
""")
    w.step(2**6)
    while w.miners.state[0] != CARRIED:
        w.step(0)
    clone = int(w.miners.carried_by[0])
    hold(w, 0, 5)
    assert w.miners.y[0] < w.clones.y[clone]
    assert abs(int(w.miners.x[0]) - int(w.clones.x[clone])) < 16 * 256
