"""Fire ignition: a burst of flame around Naruto that lights braziers and torches in reach
and burns wooden barricades (burnable tiles)."""

from __future__ import annotations

from game.sim import events
from game.sim import tuning as t
from game.sim.constants import BURNABLE, TILE


def ignite(world) -> None:
    n = world.naruto
    if n.chakra < t.FIRE_COST or n.fire_cooldown:
        return
    n.chakra -= t.FIRE_COST
    n.fire_cooldown = t.FIRE_COOLDOWN
    cx, cy = n.center_px
    world.events.append((events.FIRE, cx, cy))
    reach = t.FIRE_REACH_PX
    for i, brazier in enumerate(world.level.braziers):
        close = (brazier.x - cx) ** 2 + (brazier.y - 8 - cy) ** 2 <= reach * reach
        if close and not world.braziers_lit[i]:
            world.braziers_lit[i] = True
            world.events.append((events.IGNITE, brazier.x, brazier.y))
    h, w = world.flags.shape
    r0, r1 = max(0, (cy - reach) // TILE), min(h, (cy + reach) // TILE + 1)
    c0, c1 = max(0, (cx - reach) // TILE), min(w, (cx + reach) // TILE + 1)
    caught = [
        (row, col)
        for row in range(r0, r1)
        for col in range(c0, c1)
        if world.flags[row, col] & BURNABLE
        and (col * TILE + TILE // 2 - cx) ** 2 + (row * TILE + TILE // 2 - cy) ** 2 <= reach * reach
    ]
    _spread(world, caught)


def _spread(world, cells: list[tuple[int, int]]) -> None:
    """Wood that catches fire burns away, and so does all the wood touching it: a whole
    barricade goes up, however little of it the flames reached."""
    h, w = world.flags.shape
    frontier = list(cells)
    burning = set(frontier)
    while frontier:
        row, col = frontier.pop(0)
        world.set_tile(row, col, 0, 0)
        world.events.append((events.BURN, col * TILE + TILE // 2, row * TILE + TILE // 2))
        for nr, nc in ((row - 1, col), (row + 1, col), (row, col - 1), (row, col + 1)):
            inside = 0 <= nr < h and 0 <= nc < w
            if inside and (nr, nc) not in burning and world.flags[nr, nc] & BURNABLE:
                burning.add((nr, nc))
                frontier.append((nr, nc))
