"""Fire ignition: a burst of flame around Naruto that lights braziers and torches in reach
and burns wooden barricades (burnable tiles)."""

from __future__ import annotations

from game.sim import tuning as t
from game.sim.constants import BURNABLE, SUBPIXEL, TILE


def ignite(world) -> None:
    n = world.naruto
    if n.chakra < t.FIRE_COST or n.fire_cooldown:
        return
    n.chakra -= t.FIRE_COST
    n.fire_cooldown = t.FIRE_COOLDOWN
    cx, cy = n.center_px
    world.events.append(("fire", cx, cy))
    reach = t.FIRE_REACH_PX
    for i, brazier in enumerate(world.level.braziers):
        close = (brazier.x - cx) ** 2 + (brazier.y - 8 - cy) ** 2 <= reach * reach
        if close and not world.braziers_lit[i]:
            world.braziers_lit[i] = True
            world.events.append(("ignite", brazier.x, brazier.y))
    h, w = world.flags.shape
    r0, r1 = max(0, (cy - reach) // TILE), min(h, (cy + reach) // TILE + 1)
    c0, c1 = max(0, (cx - reach) // TILE), min(w, (cx + reach) // TILE + 1)
    for row in range(r0, r1):
        for col in range(c0, c1):
            mid_x, mid_y = col * TILE + TILE // 2, row * TILE + TILE // 2
            close = (mid_x - cx) ** 2 + (mid_y - cy) ** 2 <= reach * reach
            if close and world.flags[row, col] & BURNABLE:
                world.set_tile(row, col, 0, 0)
                world.events.append(("burn", mid_x, mid_y))


__all__ = ["ignite", "SUBPIXEL"]
