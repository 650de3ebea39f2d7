"""A dark mine is dark except where something gives light; the tile names come from the TSX."""

from dataclasses import replace
from pathlib import Path

import pygame
from synthetic_level import make_level

from game.level.model import BrazierSpec
from game.render.lighting import tile_names
from game.render.scene import SceneRenderer
from game.sim.world import World

BRAZIER_X = 560
MAPS = Path(__file__).resolve().parents[2] / "maps"


def dark_level(tmp_path, lit: bool):
    level = make_level(tmp_path)
    floor = level.spawn[1]
    brazier = BrazierSpec(1, "brazier", BRAZIER_X, floor, lit=lit, radius=96)
    return replace(level, dark=True, braziers=[brazier])


def brightness(canvas, renderer, x_px, y_px) -> int:
    ox, oy = renderer.camera.offset
    return sum(tuple(canvas.get_at((x_px - ox, y_px - oy)))[:3])


def draw(level, sprites):
    world = World(level)
    renderer = SceneRenderer(level, sprites)
    canvas = pygame.Surface((640, 360))
    renderer.draw(canvas, world)
    return canvas, renderer


def test_a_dark_mine_is_darker_far_from_any_light(tmp_path, sprites):
    level = dark_level(tmp_path, lit=True)
    dark, renderer = draw(level, sprites)
    daylit, _ = draw(replace(level, dark=False), sprites)
    far = (450, level.spawn[1] - 200)  # the cave wall, away from lamps, Naruto and the exit
    assert brightness(dark, renderer, *far) < brightness(daylit, renderer, *far) // 3


def test_a_lit_brazier_lights_the_wall_around_it(tmp_path, sprites):
    lit_canvas, renderer = draw(dark_level(tmp_path, lit=True), sprites)
    unlit_canvas, _ = draw(dark_level(tmp_path, lit=False), sprites)
    floor = renderer.level.spawn[1]
    near = (BRAZIER_X + 20, floor - 40)
    far = (450, floor - 200)
    assert brightness(lit_canvas, renderer, *near) > 2 * brightness(lit_canvas, renderer, *far)
    assert brightness(lit_canvas, renderer, *near) > 2 * brightness(unlit_canvas, renderer, *near)


def test_naruto_has_a_faint_glow_of_his_own(tmp_path, sprites):
    level = dark_level(tmp_path, lit=False)
    canvas, renderer = draw(level, sprites)
    x, feet = level.spawn
    beside = (x + 14, feet - 12)  # the wall just beside him
    far = (450, feet - 200)
    assert brightness(canvas, renderer, *beside) > brightness(canvas, renderer, *far)


def test_a_fire_flash_lights_up_then_fades(tmp_path, sprites):
    level = dark_level(tmp_path, lit=False)
    world = World(level)
    renderer = SceneRenderer(level, sprites)
    canvas = pygame.Surface((640, 360))
    spot = (460, level.spawn[1] - 60)
    renderer.draw(canvas, world)
    before = brightness(canvas, renderer, *spot)
    renderer.observe([("fire", spot[0], spot[1])])
    renderer.draw(canvas, world)
    during = brightness(canvas, renderer, *spot)
    for _ in range(40):
        renderer.observe([])
    renderer.draw(canvas, world)
    assert during > 2 * before
    assert brightness(canvas, renderer, *spot) == before


def test_a_bright_level_is_drawn_without_darkness(tmp_path, sprites):
    level = make_level(tmp_path)
    assert SceneRenderer(level, sprites).lighting is None


def test_tile_names_are_read_from_the_maps_tileset():
    from game.level.tiled import load_level

    level = load_level(str(MAPS / "great_mine.tmx"))
    names = tile_names(level)
    assert level.rubble_gid and names[level.rubble_gid] == "rubble"
    assert {"rock", "crystal"} <= set(names.values())


def test_a_map_file_that_is_not_there_has_no_tile_names(tmp_path):
    assert tile_names(make_level(tmp_path)) == {}


def test_a_slow_shaft_stone_glows_and_an_ordinary_rock_does_not(tmp_path, sprites):
    """The shaft's stepping stones must be seen in the dark to be jumped to."""
    from game.sim import rocks

    level = dark_level(tmp_path, lit=False)
    spot = (450, level.spawn[1] - 200)  # far from every other light
    shown = {}
    for kind, max_fall in (("stone", 40), ("rock", rocks.t.ROCK_MAX_FALL)):
        world = World(level)
        rocks.spawn(world, spot[0] - 7, spot[1] - 7, 14, vx=0, max_fall=max_fall)
        renderer = SceneRenderer(level, sprites)
        canvas = pygame.Surface((640, 360))
        renderer.draw(canvas, world)
        beside = (spot[0] + 14, spot[1])  # the cave wall next to it, not the rock itself
        shown[kind] = brightness(canvas, renderer, *beside)
    assert shown["stone"] > 2 * shown["rock"]
