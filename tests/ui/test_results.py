"""The results name who got out and who did not, and rank the run by clear rules."""

import dataclasses
from types import SimpleNamespace

import pygame
from synthetic_level import make_level

from game.level.model import MinerSpec
from game.render.scene import SceneRenderer
from game.sim.world import World
from game.ui.results import (
    ResultsScreen,
    category_par_seconds,
    chakra_left,
    lost_names,
    rank,
    rescued_names,
)

SECOND = 60
MINUTE = 60 * SECOND


def outcome(rescued, lost, ticks, total=10, quota=0, par=None, quota_tick=-1):
    properties = {} if par is None else {"par_seconds": par}
    level = SimpleNamespace(quota=quota, properties=properties)
    return SimpleNamespace(
        rescued=rescued,
        lost=lost,
        game_ticks=ticks,
        total_miners=total,
        level=level,
        quota_tick=quota_tick,
    )


def great_mine_any(rescued, quota_tick, lost=0):
    """An Any% run on the Great Mine's numbers: 18 miners, quota 8, par 3:00."""
    return outcome(rescued, lost, max(quota_tick, 0), total=18, quota=8, quota_tick=quota_tick)


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


def test_the_any_percent_par_is_the_maps_par_scaled_by_the_quota():
    assert category_par_seconds(great_mine_any(8, 1), "any") == 80  # 180 * 8 / 18
    assert category_par_seconds(great_mine_any(8, 1), "all") == 180
    assert category_par_seconds(outcome(0, 0, 0, total=7, quota=1, par=30), "any") == 5  # up
    assert category_par_seconds(outcome(0, 0, 0, total=2), "any") == 180  # no quota: all


def test_an_any_percent_finish_is_ranked_by_its_own_time_and_par():
    demo = great_mine_any(8, 1932)  # the demo's Any% time, 0:32.20, the others still inside
    assert rank(demo, "any") == "S"
    assert rank(demo, "all") == "B"  # what every Any% finish used to get
    assert rank(great_mine_any(8, 80 * SECOND), "any") == "S"
    assert rank(great_mine_any(8, 80 * SECOND + 1), "any") == "A"


def test_any_percent_ignores_the_miners_it_left_behind_but_not_a_missed_quota():
    assert rank(great_mine_any(8, 40 * SECOND, lost=10), "any") == "S"  # lost after the quota
    assert rank(great_mine_any(4, -1, lost=14), "any") == "B"  # half the quota out
    assert rank(great_mine_any(3, -1, lost=15), "any") == "C"


def test_all_rescued_counts_every_lost_miner():
    assert rank(outcome(18, 0, 60 * SECOND, total=18, quota=8), "all") == "S"
    assert rank(outcome(17, 1, 60 * SECOND, total=18, quota=8), "all") == "B"
    assert rank(outcome(7, 11, 60 * SECOND, total=18, quota=8), "all") == "C"


def test_the_results_screen_ranks_by_the_runs_category(tmp_path, sprites):
    floor = make_level(tmp_path).spawn[1]
    crew = [MinerSpec(i, name, 300 + 20 * i, floor) for i, name in enumerate(["Ilya", "Tomas"])]
    level = dataclasses.replace(make_level(tmp_path, miners=crew), quota=1)
    world = World(level)
    world.rescued, world.quota_tick, world.game_ticks = 1, 30 * SECOND, 30 * SECOND
    renderer = SceneRenderer(world.level, sprites)
    any_run = ResultsScreen(None, world, renderer, SimpleNamespace(category="any"))
    all_run = ResultsScreen(None, world, renderer, SimpleNamespace(category="all"))
    assert any_run.rank == "S"  # the quota out within the Any% par (1:30)
    assert all_run.rank == "B"  # Tomas is still inside
    canvas = pygame.Surface((640, 360))
    any_run.ticks = 1000
    any_run.draw(canvas)


def test_the_results_stay_readable_over_daylight(tmp_path, sprites):
    """The east mouth opens on a bright sky: behind the results it must still be dark,
    or white names and times wash out."""
    world = World(make_level(tmp_path))
    renderer = SceneRenderer(world.level, sprites)
    renderer.draw = lambda canvas, world: canvas.fill((255, 255, 255))  # all sky
    screen = ResultsScreen(None, world, renderer)
    canvas = pygame.Surface((640, 360))
    screen.draw(canvas)  # before any part is revealed: only the backdrop and the headline
    backdrop = canvas.get_at((600, 300))
    assert max(backdrop[:3]) <= 40
