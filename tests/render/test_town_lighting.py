"""Boulder Town is not dark but dimmed (`ambient_light` 70: the underworld's daylight), and its
lamps still glow warm in it; in a Full Rescue each map keeps its own light and scenery."""

from dataclasses import replace

import numpy as np
import pygame
from synthetic_level import make_level

from game.level.model import Rect, SectionSpec, TileSource
from game.render import parallax_art
from game.render.lighting import AMBIENT, ambient_colour, needs_lighting
from game.render.parallax import Parallax, section_kind
from game.render.scene import SceneRenderer
from game.render.tileset_art import ASSET_DIR, COLUMNS, TILE
from game.render.town_tileset_art import TILE_BY_NAME
from game.sim.world import World

LAMP_GID = 3


def brightness(canvas, renderer, x_px, y_px) -> int:
    ox, oy = renderer.camera.offset
    return sum(tuple(canvas.get_at((x_px - ox, y_px - oy)))[:3])


def draw(level, sprites, section=None):
    world = World(level)
    if section is not None:
        world.section = section  # as if Naruto had crossed over (presentation only reads it)
    renderer = SceneRenderer(level, sprites)
    canvas = pygame.Surface((640, 360))
    renderer.draw(canvas, world)
    return canvas, renderer


def dimmed(level, ambient=70):
    return replace(level, properties={**level.properties, "ambient_light": ambient})


def two_sections(level, first: SectionSpec, second: SectionSpec):
    return replace(level, sections=[first, second])


def section(level, x0, x1, **kw) -> SectionSpec:
    rect = Rect(x0, 0, x1 - x0, level.pixel_height)
    return SectionSpec(name="s", path=level.path, rect=rect, spawn=level.spawn, **kw)


def test_ambient_colour_of_each_kind_of_map(tmp_path):
    level = make_level(tmp_path)
    assert ambient_colour(level, 0) is None and not needs_lighting(level)
    town = ambient_colour(dimmed(level), 0)
    assert town is not None and min(town) >= 160 and max(town) <= 190
    assert ambient_colour(replace(level, dark=True), 0) == AMBIENT
    both = two_sections(
        level,
        section(level, 0, 640, ambient_light=70),
        section(level, 640, level.pixel_width, dark=True),
    )
    assert ambient_colour(both, 0) == town and ambient_colour(both, 1) == AMBIENT
    assert needs_lighting(both)


def test_a_dimmed_town_is_drawn_at_about_its_ambient_light(tmp_path, sprites):
    level = make_level(tmp_path)
    full, renderer = draw(level, sprites)
    dim, dim_renderer = draw(dimmed(level), sprites)
    assert dim_renderer.lighting is not None
    far = (450, level.spawn[1] - 200)  # away from Naruto's own glow
    ratio = brightness(dim, dim_renderer, *far) / brightness(full, renderer, *far)
    assert 0.6 < ratio < 0.8


def lamp_level(tmp_path):
    """The synthetic level with a town lamp tile on the wall, named through a map file that
    uses the real town tileset (lights are found by tile name)."""
    level = make_level(tmp_path)
    lamp_id = TILE_BY_NAME["lamp"].id
    row, col = divmod(lamp_id, COLUMNS)
    sheet = str(ASSET_DIR / "town_tiles.png")
    tiles = {**level.tiles, LAMP_GID: TileSource(sheet, col * TILE, row * TILE, TILE, TILE)}
    background = level.background[0].copy()
    background[level.spawn[1] // 16 - 12, 28] = LAMP_GID  # at (448+8, ..) px
    (tmp_path / "synthetic.tmx").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<map version="1.8" width="1" height="1"'
        ' tilewidth="16" tileheight="16">\n'
        f' <tileset firstgid="{LAMP_GID - lamp_id}" source="{ASSET_DIR / "town_tiles.tsx"}"/>\n'
        "</map>\n"
    )
    return dimmed(replace(level, tiles=tiles, background=[background]))


def test_a_lamp_glows_warm_in_the_dimmed_town(tmp_path, sprites):
    level = lamp_level(tmp_path)
    canvas, renderer = draw(level, sprites)
    lamp_y = (level.spawn[1] // 16 - 12) * 16 + 8
    ox, oy = renderer.camera.offset
    near = np.array(canvas.get_at((28 * 16 + 8 + 20 - ox, lamp_y - oy))[:3], dtype=int)
    far = np.array(canvas.get_at((28 * 16 + 8 + 140 - ox, lamp_y - oy))[:3], dtype=int)
    assert near.sum() > far.sum() * 1.25  # a pool of light on the wall beside the lamp
    assert near[0] / far[0] > near[2] / far[2] + 0.1  # and it is warm: more red than blue


def test_each_section_keeps_its_own_light(tmp_path, sprites):
    level = make_level(tmp_path)
    both = two_sections(
        level,
        section(level, 0, 640, ambient_light=70),
        section(level, 640, level.pixel_width, dark=True),
    )
    y = level.spawn[1] - 200
    town, renderer = draw(both, sprites, section=0)
    mine, mine_renderer = draw(both, sprites, section=1)
    assert mine_renderer.camera.offset[0] >= 640  # the view is in the mine's section
    in_mine = brightness(mine, mine_renderer, 1000, y)
    assert in_mine < brightness(town, renderer, 450, y) // 3


def test_a_town_section_shows_the_town_backdrop(tmp_path):
    pygame.display.init()
    level = make_level(tmp_path)
    both = two_sections(
        level,
        section(level, 0, 640, music="town"),
        section(level, 640, level.pixel_width, music="mine"),
    )
    assert [section_kind(both, i) for i in range(2)] == ["town", "mine"]
    assert section_kind(replace(level, properties={"music": "town"}), 0) == "town"
    mine_layers = [pygame.Surface((320, 180)) for _ in range(3)]
    town_layers = parallax_art.build_town_parallax()
    parallax = Parallax(both, mine_layers, (640, 360), town_layers=town_layers)
    parallax.layer_positions((0, 0))  # the view in the town
    assert parallax.layers is town_layers
    parallax.layer_positions((700, 0))  # the view in the mine
    assert parallax.layers is mine_layers


def test_town_backdrop_layers_repeat_sideways_and_far_one_is_opaque():
    arrays = parallax_art.town_parallax_arrays()
    assert [a.shape for a in arrays] == [(180, 320, 4)] * 3
    assert (arrays[0][..., 3] == 255).all()
    for layer in arrays[1:]:
        assert 0.05 < (layer[..., 3] > 0).mean() < 0.6  # silhouettes, not a wall
    far = arrays[0][..., :3].astype(int)
    lamps = (far[..., 0] > 150) & (far[..., 2] < 110)
    assert lamps.sum() >= 20  # the distant houses' lamps
