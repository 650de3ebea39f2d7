"""The personal best's ghost is drawn on the same map pixels as the world under it."""

import numpy as np
import pygame
from synthetic_level import make_level

from game.render.ghost import GhostPainter, naruto_feet
from game.render.scene import SceneRenderer
from game.sim.world import World
from game.speedrun.ghost import GhostTrack


def ghost_pixels(renderer, track) -> set[tuple[int, int]]:
    canvas = pygame.Surface((640, 360))
    canvas.fill((0, 0, 0))
    GhostPainter(renderer).draw(canvas, track, 0)
    lit = pygame.surfarray.array3d(canvas).any(axis=2)
    return set(zip(*np.nonzero(lit), strict=True))


def test_the_ghost_shakes_with_the_world_it_is_drawn_on(tmp_path, sprites):
    level = make_level(tmp_path)
    world = World(level)
    renderer = SceneRenderer(level, sprites)
    renderer.draw(pygame.Surface((640, 360)), world)
    feet = naruto_feet(world.naruto)  # where the camera looks
    track = GhostTrack(np.array([[*feet, 1]], np.int16))

    still = ghost_pixels(renderer, track)
    x, y = renderer.view_offset
    renderer.view_offset = (x + 3, y - 2)  # the scene drew this frame shaken by (3, -2)
    shaken = ghost_pixels(renderer, track)

    assert still, "the ghost was drawn"
    assert shaken == {(px - 3, py + 2) for px, py in still}
