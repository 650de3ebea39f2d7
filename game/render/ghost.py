"""The personal best's Naruto, drawn translucent where he was at this in-game time."""

from __future__ import annotations

import numpy as np
import pygame

from game.render.scene import FIGHTER_SPEED, IDLE, RUN
from game.sim.constants import SUBPIXEL
from game.sim.pools import NARUTO_H, NARUTO_W

GHOST_ALPHA = 110
GHOST_TINT = (40, 60, 110)  # a cool wash: never mistaken for the real Naruto


def naruto_feet(naruto) -> tuple[int, int]:
    """Naruto's feet in map pixels, the anchor every fighter frame is drawn from."""
    return naruto.x // SUBPIXEL + NARUTO_W // 2, naruto.y // SUBPIXEL + NARUTO_H


class GhostPainter:
    def __init__(self, renderer):
        self.renderer = renderer
        self._faded: dict[int, pygame.Surface] = {}

    def _frame(self, key: int) -> pygame.Surface:
        if key not in self._faded:
            frame = self.renderer.naruto_frames.surfaces[key].copy()
            frame.fill(GHOST_TINT, special_flags=pygame.BLEND_RGB_ADD)
            frame.set_alpha(GHOST_ALPHA)
            self._faded[key] = frame
        return self._faded[key]

    def draw(self, canvas: pygame.Surface, track, game_ticks: int) -> None:
        here = track.at(game_ticks)
        if here is None:
            return
        before = track.at(max(0, game_ticks - 1))
        x, y, facing = here
        anim = RUN if before is not None and before[0] != x else IDLE
        frames = self.renderer.naruto_frames
        keys = frames.keys(
            np.array([anim]), np.array([facing]), np.array([game_ticks]), FIGHTER_SPEED
        )
        cam_x, cam_y = self.renderer.view_offset  # shake included: he shakes with the world
        key = int(keys[0])
        canvas.blit(
            self._frame(key), (x - cam_x + frames.off_x[key], y - cam_y + frames.off_y[key])
        )
