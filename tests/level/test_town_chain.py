"""Chains of maps (`next_map`): a town and a mine stitched into one run, and the mistakes a
designer can make naming the next map."""

from __future__ import annotations

import pytest

from game.level.chain import GAP_TILES, chain_of, load_run
from game.level.model import MapError
from game.level.tiled import load_level
from game.sim.constants import CLONE, SUBPIXEL, TILE
from game.sim.world import World
from tests.level.conftest import HEIGHT, WIDTH


def write_town(mapkit, name="town.tmx", next_map="cavern.tmx", **extra_props):
    objects = [
        mapkit.obj(1, "Spawn", 24, 112),
        mapkit.obj(2, "Exit", 128, 64, 32, 48, name="mine gate"),
        mapkit.obj(3, "SupplyCrate", 40, 112),
        mapkit.obj(4, "Camp", 56, 80, 16, 32, name="camp"),
        mapkit.obj(5, "Guard", 104, 112, props={"strength": 1}),
        mapkit.obj(6, "Split", 48, 0, 16, 128, name="Street"),
    ]
    props = {"collapse_seconds": 0, "music": "town", "chain_name": "Full Test", **extra_props}
    if next_map:
        props["next_map"] = next_map
    return mapkit.write(name, objects=objects, properties=props)


def test_the_chain_is_stitched_into_one_level_side_by_side(mapkit):
    mine = mapkit.write()
    town = write_town(mapkit)
    level = load_run(town)
    assert chain_of(town) == [str(town), str(mine)]
    assert level.chain_paths == [str(town), str(mine)]
    assert level.name == "Full Test"
    assert [s.name for s in level.sections] == ["Town", "Cavern"]
    second = level.sections[1]
    assert second.rect.x == (WIDTH + GAP_TILES) * TILE
    assert level.width == 2 * WIDTH + GAP_TILES and level.height == HEIGHT
    assert [s.music for s in level.sections] == ["town", "mine"]
    # The mine's timer and quota; the town's exit is the passage and a split.
    assert level.collapse_seconds == 180 and level.collapse_section == 1
    assert len(level.passages) == 1 and level.passages[0].to_section == 1
    assert [s.name for s in level.splits] == ["Street", "Town"]
    assert second.first_split == 2
    mine_alone = load_level(mine)
    assert len(level.miners) == len(mine_alone.miners)
    assert level.miners[0].x == mine_alone.miners[0].x + second.rect.x
    assert level.quota == 2


def test_a_next_map_that_is_not_there_is_one_line_naming_the_map(mapkit):
    town = write_town(mapkit, next_map="nowhere.tmx")
    with pytest.raises(MapError) as caught:
        load_run(town)
    line = str(caught.value)
    assert line.startswith(str(town) + ": ")
    assert "'next_map' is 'nowhere.tmx'" in line and "\n" not in line


def test_a_chain_that_loops_back_is_refused(mapkit):
    write_town(mapkit, name="a.tmx", next_map="b.tmx")
    write_town(mapkit, name="b.tmx", next_map="a.tmx")
    with pytest.raises(MapError, match="loop"):
        load_run(mapkit.folder / "a.tmx")
    with pytest.raises(MapError, match="loop"):
        write_town(mapkit, name="c.tmx", next_map="c.tmx")
        load_run(mapkit.folder / "c.tmx")


def cross(world: World) -> None:
    """Put Naruto in the passage and take one tick."""
    rect = world.level.passages[0].rect
    world.naruto.x = (rect.x + 8) * SUBPIXEL
    world.naruto.y = (rect.y + rect.h - 22) * SUBPIXEL
    world.step(0)


def test_crossing_carries_clones_chakra_and_time_and_starts_the_collapse(mapkit):
    mapkit.write()
    world = World(load_run(write_town(mapkit)))
    world.step(CLONE)
    world.step(0)
    world.step(CLONE)
    for _ in range(30):
        world.step(0)
    assert world.section == 0 and world.clones.count == 2
    full = world.collapse_ticks_left
    assert full == 180 * 60  # the mine's timer waits for Naruto
    miners_before = world.miners.x.copy(), world.miners.y.copy()
    ticks, chakra = world.game_ticks, world.naruto.chakra
    cross(world)
    assert world.section == 1
    assert world.game_ticks == ticks + 1
    assert world.naruto.chakra == chakra + 1  # the tick's own recovery, nothing lost
    assert len(world.split_ticks) == 2 and world.split_ticks[-1] == world.game_ticks
    mine = world.level.sections[1].rect
    assert mine.x <= world.naruto.x // SUBPIXEL < mine.x + mine.w
    c = world.clones
    assert c.count == 2
    assert all(mine.x <= x // SUBPIXEL < mine.x + mine.w for x in c.x[c.alive])
    # The mine was asleep until now: nobody moved; now its clock runs.
    assert (world.miners.x == miners_before[0]).all()
    for _ in range(10):
        world.step(0)
    assert world.collapse_ticks_left == full - 10


def test_a_town_alone_finishes_at_its_exit(mapkit):
    world = World(load_run(write_town(mapkit, next_map="")))
    assert len(world.level.sections) == 1 and not world.level.passages
    world.step(CLONE)
    rect = world.level.exits[0]
    world.naruto.x = (rect.x + 8) * SUBPIXEL
    world.naruto.y = (rect.y + rect.h - 22) * SUBPIXEL
    world.step(0)
    assert world.finished and world.result == "rescued"
    assert world.quota_tick == world.game_ticks
