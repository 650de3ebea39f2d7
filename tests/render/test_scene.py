"""The scene shows what the world holds: tiles (live), actors, particles, in view only."""

import numpy as np
import pygame
import pytest
from synthetic_level import ROCK, WALL, make_level

from game.render.scene import FrameTable, SceneRenderer
from game.sim.constants import SUBPIXEL
from game.sim.pools import CARRIED, CLONE_H, CLONE_W, RESCUED
from game.sim.world import World


@pytest.fixture
def level(tmp_path):
    return make_level(tmp_path)


def render(level, sprites, world=None):
    world = world or World(level)
    renderer = SceneRenderer(level, sprites)
    canvas = pygame.Surface((640, 360))
    renderer.draw(canvas, world)
    return canvas, renderer, world


def screen_of(renderer, x_px, y_px):
    ox, oy = renderer.camera.offset
    return x_px - ox, y_px - oy


def colour_at(canvas, pos):
    return tuple(canvas.get_at(pos))[:3]


def smoke_pixels(canvas, rect):
    """Pixels in `rect` that are not the plain cave wall."""
    pixels = pygame.surfarray.pixels3d(canvas)[rect.left : rect.right, rect.top : rect.bottom]
    return int(np.count_nonzero(np.any(pixels != WALL, axis=2)))


def test_terrain_and_background_tiles_are_drawn(level, sprites):
    canvas, renderer, world = render(level, sprites)
    floor = screen_of(renderer, 600, level.pixel_height - 8)
    cave = screen_of(renderer, 600, level.pixel_height - 200)
    assert colour_at(canvas, floor) == ROCK
    assert colour_at(canvas, cave) == WALL


def test_a_broken_tile_disappears_from_the_screen(level, sprites):
    canvas, renderer, world = render(level, sprites)
    row, col = level.height - 1, 20
    spot = screen_of(renderer, col * 16 + 8, row * 16 + 8)
    assert colour_at(canvas, spot) == ROCK
    world.set_tile(row, col, 0, 0)
    renderer.draw(canvas, world)
    assert colour_at(canvas, spot) == WALL


def test_naruto_is_drawn_where_he_stands(level, sprites):
    canvas, renderer, world = render(level, sprites)
    feet = screen_of(renderer, 200, level.pixel_height - 32 - 6)
    empty = World(level)
    empty.naruto.x += 300 * SUBPIXEL  # the same world with Naruto elsewhere
    other, _, _ = render(level, sprites, empty)
    assert colour_at(canvas, feet) != colour_at(other, feet)


def test_clones_outside_the_view_are_not_blitted(level, sprites):
    _, renderer, world = render(level, sprites)
    ox, oy = renderer.camera.offset
    xs = np.array([ox + 100, ox + 300, ox + 5000, ox - 900]) * SUBPIXEL
    world.clones.spawn(4, y=(oy + 200) * SUBPIXEL)
    world.clones.x[:4] = xs
    assert len(renderer._clone_blits(world, (ox, oy))) == 2


def test_a_thousand_clones_on_screen_are_all_drawn(level, sprites):
    _, renderer, world = render(level, sprites)
    ox, oy = renderer.camera.offset
    n = 1000
    rng = np.random.default_rng(3)
    world.clones.spawn(n, x=(ox + rng.integers(0, 600, n)) * SUBPIXEL, y=(oy + 100) * SUBPIXEL)
    assert len(renderer._clone_blits(world, (ox, oy))) == n


def test_rescued_miners_are_no_longer_drawn(level, sprites):
    canvas, renderer, world = render(level, sprites)
    spot = screen_of(renderer, 300, level.pixel_height - 32 - 8)
    seen = colour_at(canvas, spot)
    world.miners.state[0] = RESCUED
    renderer.draw(canvas, world)
    assert colour_at(canvas, spot) != seen
    assert colour_at(canvas, spot) == WALL


def test_a_dispelled_clone_leaves_a_puff_of_smoke_that_fades(level, sprites):
    canvas, renderer, world = render(level, sprites)
    x, y = 400, level.pixel_height - 120
    spot = screen_of(renderer, x, y)
    around = pygame.Rect(0, 0, 24, 24)
    around.center = spot
    renderer.observe([("puff", x, y)])
    renderer.draw(canvas, world)
    assert smoke_pixels(canvas, around) > 20
    for _ in range(60):
        renderer.observe([])
    renderer.draw(canvas, world)
    assert smoke_pixels(canvas, around) == 0


def test_clone_frames_look_different_from_naruto(sprites):
    naruto = FrameTable(sprites, "naruto", ("idle",))
    clone = FrameTable(sprites, "clone", ("idle",), tint=(26, 30, 58))
    a, b = naruto.surfaces[0], clone.surfaces[0]
    assert a.get_size() == b.get_size()
    assert pygame.image.tobytes(a, "RGBA") != pygame.image.tobytes(b, "RGBA")


def test_frames_anchor_on_the_feet(sprites):
    table = FrameTable(sprites, "naruto", ("idle",))
    frame = table.surfaces[0]
    assert table.off_x[0] == -(frame.get_width() // 2)
    assert table.off_y[0] == -frame.get_height()
    blits = table.blits(np.array([0]), np.array([100]), np.array([200]))
    assert blits[0][1] == (100 - frame.get_width() // 2, 200 - frame.get_height())


def test_clone_feet_land_on_its_hitbox_bottom(level, sprites):
    _, renderer, world = render(level, sprites)
    ox, oy = renderer.camera.offset
    world.clones.spawn(1, x=(ox + 100) * SUBPIXEL, y=(oy + 100) * SUBPIXEL, on_ground=True)
    ((surface, (x, y)),) = renderer._clone_blits(world, (ox, oy))
    assert y + surface.get_height() == 100 + CLONE_H
    assert x + surface.get_width() // 2 == 100 + CLONE_W // 2


def test_a_carried_miner_lies_across_the_carriers_raised_hands(level, sprites):
    _, renderer, world = render(level, sprites)
    ox, oy = renderer.camera.offset
    clone = int(world.clones.spawn(1, x=(ox + 200) * SUBPIXEL, y=(oy + 150) * SUBPIXEL)[0])
    m = world.miners
    m.state[0] = CARRIED
    m.carried_by[0] = clone
    world.clones.carrying[clone] = 0
    _, carried = renderer._miner_blits(world, (ox, oy))
    ((surface, (x, y)),) = carried
    clone_top = 150 + CLONE_H - sprites.frames("clone_carry")[0].get_height()
    assert clone_top - 2 <= y + surface.get_height() <= clone_top + 6
    assert abs(x + surface.get_width() // 2 - (200 + CLONE_W // 2)) <= 1


def test_after_a_restart_the_broken_tile_is_back(level, sprites):
    canvas, renderer, world = render(level, sprites)
    row, col = level.height - 1, 20
    spot = screen_of(renderer, col * 16 + 8, row * 16 + 8)
    world.set_tile(row, col, 0, 0)
    renderer.draw(canvas, world)
    fresh = World(level)
    fresh.set_tile(row, col + 1, 0, 0)  # same tiles_version as the old world, other change
    renderer.reset(fresh)
    renderer.draw(canvas, fresh)
    assert colour_at(canvas, spot) == ROCK


def test_flipped_tiles_are_drawn_mirrored(tmp_path, sprites):
    from game.level.model import TileSource
    from game.render.tilemap import TileImages

    sheet = pygame.Surface((16, 16))
    sheet.fill(WALL)
    sheet.fill(ROCK, (0, 0, 4, 16))  # a stripe on the left edge
    path = tmp_path / "stripe.png"
    pygame.image.save(sheet, str(path))
    level = make_level(tmp_path)
    level.tiles[7] = TileSource(str(path), 0, 0, 16, 16, flip_x=True)
    level.tiles[8] = TileSource(str(path), 0, 0, 16, 16, flip_d=True)
    images = TileImages(level)
    mirrored, transposed = images.get(7), images.get(8)
    assert (
        tuple(mirrored.get_at((15, 8)))[:3] == ROCK and tuple(mirrored.get_at((0, 8)))[:3] == WALL
    )
    assert tuple(transposed.get_at((8, 0)))[:3] == ROCK  # the left stripe becomes the top
    assert tuple(transposed.get_at((8, 15)))[:3] == WALL
