"""The far scenery behind the tiles, shown wherever the map's background layers are empty.

Layers come from `pixelart.build_parallax()` (farthest first). Each scrolls at a fraction
of the camera's speed, the farther the slower, repeats sideways, and sits in the middle of
the view when the camera is at the middle of the map. The farthest layer's top and bottom
colours fill the view above and below it.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pygame

from game.level.model import Level

NEAREST_FACTOR = 0.6  # the nearest layer moves at this fraction of the camera; the farthest less
FARTHEST_FACTOR = 0.15


def empty_background(level: Level) -> np.ndarray:
    """(height, width) bool: open cells with no background tile, where the scenery shows.
    (Solid rock usually has no background tile under it, and needs none.)"""
    holes = level.terrain == 0
    for grid in level.background:
        holes &= grid == 0
    return holes


def load_layers() -> list[pygame.Surface]:
    """The scenery layers (painted once per run: every screen shares them), or none while
    the art for them is not there."""
    return list(_painted(pygame.display.get_surface() is not None))


@lru_cache(maxsize=2)
def _painted(for_display: bool) -> tuple[pygame.Surface, ...]:
    from game.render import pixelart

    build = getattr(pixelart, "build_parallax", None)
    if build is None:
        return ()
    layers = tuple(build())
    if for_display:
        layers = tuple(layer.convert_alpha() for layer in layers)
    return layers


class Parallax:
    def __init__(self, level: Level, layers: list[pygame.Surface], view: tuple[int, int]):
        self.level = level
        self.layers = layers
        self.view = view
        self.holes = empty_background(level)
        count = len(layers)
        self.factors = [
            FARTHEST_FACTOR + (NEAREST_FACTOR - FARTHEST_FACTOR) * i / max(1, count - 1)
            for i in range(count)
        ]
        # The farthest layer's top colour fills whatever is above its picture.
        self.sky = tuple(layers[0].get_at((0, 0)))[:3] if layers else (0, 0, 0)
        bottom = (0, layers[0].get_height() - 1)
        self.ground = tuple(layers[0].get_at(bottom))[:3] if layers else (0, 0, 0)

    @property
    def active(self) -> bool:
        return bool(self.layers) and bool(self.holes.any())

    def visible(self, offset: tuple[int, int]) -> bool:
        """Whether any empty background cell is in view (otherwise skip the whole thing)."""
        if not self.active:
            return False
        ts = self.level.tile_size
        ox, oy = offset
        r0, c0 = max(0, oy // ts), max(0, ox // ts)
        r1, c1 = (oy + self.view[1]) // ts + 1, (ox + self.view[0]) // ts + 1
        return bool(self.holes[r0:r1, c0:c1].any())

    def layer_positions(self, offset: tuple[int, int]) -> list[tuple[int, int]]:
        """Where each layer's left-most copy and top go on the canvas this frame."""
        ox, oy = offset
        middle = (self.level.pixel_height - self.view[1]) / 2  # camera y at the map's middle
        out = []
        for layer, factor in zip(self.layers, self.factors, strict=True):
            w, h = layer.get_size()
            x = -int(ox * factor) % w - w
            # Centred in the view when the camera is at the map's middle; above or below
            # that it slides the other way, slower than the tiles do.
            y = (self.view[1] - h) // 2 + int((middle - oy) * factor)
            out.append((x, y))
        return out

    def draw(self, canvas: pygame.Surface, offset: tuple[int, int]) -> None:
        positions = self.layer_positions(offset)
        canvas.fill(self.sky)
        far_bottom = positions[0][1] + self.layers[0].get_height()
        if far_bottom < self.view[1]:  # the far floor goes on below its picture
            canvas.fill(self.ground, (0, far_bottom, self.view[0], self.view[1] - far_bottom))
        blits = []
        for layer, (x, y) in zip(self.layers, positions, strict=True):
            w = layer.get_width()
            while x < self.view[0]:
                blits.append((layer, (x, y)))
                x += w
        canvas.fblits(blits)
