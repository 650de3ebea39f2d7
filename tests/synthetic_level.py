"""A small Level built in code, with a two-tile placeholder tileset, for presentation tests.

Placeholder art lives only here; the game draws the real tileset.
"""

import numpy as np
import pygame

from game.level.model import Level, MinerSpec, Rect, TileSource
from game.sim.constants import SOLID

ROCK = (200, 40, 200)  # tile colours that are easy to recognise in a canvas
WALL = (30, 30, 90)


def make_level(directory, width=80, height=30, miners=None) -> Level:
    sheet = pygame.Surface((32, 16))
    sheet.fill(ROCK, (0, 0, 16, 16))
    sheet.fill(WALL, (16, 0, 16, 16))
    image = directory / "tiles.png"
    pygame.image.save(sheet, str(image))
    terrain = np.zeros((height, width), np.int32)
    terrain[-2:, :] = 1
    flags = np.where(terrain > 0, SOLID, 0).astype(np.uint8)
    background = np.full((height, width), 2, np.int32)
    tiles = {1: TileSource(str(image), 0, 0, 16, 16), 2: TileSource(str(image), 16, 0, 16, 16)}
    floor = (height - 2) * 16
    if miners is None:
        miners = [MinerSpec(1, "Ilya", 300, floor, injured=True)]
    return Level(
        path=str(directory / "synthetic.tmx"),
        name="synthetic",
        width=width,
        height=height,
        tile_size=16,
        flags=flags,
        terrain=terrain,
        background=[background],
        foreground=[],
        tiles=tiles,
        tile_flags={1: SOLID},
        spawn=(200, floor),
        exits=[Rect(16, floor - 48, 16, 48)],
        miners=miners,
        crack_zones=[],
    )
