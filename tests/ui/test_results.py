"""The results name who got out and who did not, and rank the run by clear rules."""

from types import SimpleNamespace

import pygame
import pytest
from synthetic_level import make_level

from game.level.model import MinerSpec
from game.render.pixelart import build_sprites
from game.render.scene import SceneRenderer
from game.sim.world import World
from game.ui.results import ResultsScreen, chakra_left, lost_names, rank, rescued_names

MINUTE = 60 * 60


def outcome(rescued, lost, ticks, total=10, quota=0, par=None):
    properties = {} if par is None else {"par_seconds": par}
    level = SimpleNamespace(quota=quota, properties=properties)
    return SimpleNamespace(
        rescued=rescued, lost=lost, game_ticks=ticks, total_miners=total, level=level
    )


def test_everyone_out_within_par_is_s():
    assert rank(outcome(10, 0, 2 * MINUTE)) == "S"  # default par: 180 s
    assert rank(outcome(10, 0, 3 * MINUTE)) == "S"


def test_everyone_out_but_slower_than_par_is_a():
    assert rank(outcome(10, 0, 3 * MINUTE + 1)) == "A"
    assert rank(outcome(10, 0, 4 * MINUTE, par=300)) == "S"  # the map's own par counts


def test_at_least_the_quota_is_b_and_fewer_is_c():
    assert rank(outcome(8, 2, MINUTE, quota=8)) == "B"
    assert rank(outcome(7, 3, MINUTE, quota=8)) == "C"
    assert rank(outcome(9, 1, MINUTE)) == "C"  # no quota: everyone is the quota


@pytest.fixture(scope="module")
def sprites():
    pygame.display.init()
    return build_sprites()


def test_the_names_are_split_into_out_and_lost(tmp_path, sprites):
    floor = make_level(tmp_path).spawn[1]
    crew = [
        MinerSpec(i, name, 300 + 20 * i, floor) for i, name in enumerate(["Ilya", "Tomas", "Ludo"])
    ]
    level = make_level(tmp_path, miners=crew)
    world = World(level)
    world.rescued_order.extend([2, 0])
    assert rescued_names(world) == ["Ludo", "Ilya"]
    assert lost_names(world) == ["Tomas"]
    world.naruto.chakra = 0
    assert chakra_left(world) == "0%"


def test_the_results_screen_draws_every_part(tmp_path, sprites):
    world = World(make_level(tmp_path))
    screen = ResultsScreen(None, world, SceneRenderer(world.level, sprites))
    canvas = pygame.Surface((640, 360))
    for _ in range(200):
        screen.tick()
    screen.draw(canvas)
    assert screen.rank == "C" and screen.lost == ["Ilya"]
