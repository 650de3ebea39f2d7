"""Small drivers for simulation tests."""

from __future__ import annotations

from game.sim.constants import SUBPIXEL, TILE
from game.sim.world import World
from tests.sim.ascii_level import make_level


def world_from(text: str, **options) -> World:
    return World(make_level(text, **options))


def hold(world: World, buttons: int, ticks: int) -> None:
    for _ in range(ticks):
        world.step(buttons)


def naruto_cell(world: World) -> tuple[int, int]:
    """(row, col) of the cell Naruto's feet stand in."""
    n = world.naruto
    return ((n.y + 21 * SUBPIXEL) // (TILE * SUBPIXEL), (n.x + 5 * SUBPIXEL) // (TILE * SUBPIXEL))


def naruto_px(world: World) -> tuple[int, int]:
    return world.naruto.x // SUBPIXEL, world.naruto.y // SUBPIXEL
