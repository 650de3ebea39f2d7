"""The maps of a run: Naruto crossing from one into the next (Boulder Town into the Great
Mine). A chain is one Level, its maps side by side (see `game.level.chain`), so crossing loads
nothing: Naruto, and every clone with him, steps from the passage to the next map's spawn.
The crossing is a split. Arriving in the section that holds the collapse wakes the mine:
its timer, rocks, air and miners start only then.
"""

from __future__ import annotations

from game.sim import crates, dialogue, events
from game.sim.constants import SUBPIXEL
from game.sim.pools import CLONE_H, CLONE_W, NARUTO_H, NARUTO_W, NONE, indices


def update(world) -> None:
    level = world.level
    if not level.passages:
        return
    cx, cy = world.naruto.center_px
    for passage in level.passages:
        if passage.to_section == world.section + 1 and passage.rect.contains(cx, cy):
            cross(world, passage.to_section)
            return


def cross(world, to_section: int) -> None:
    """Take the crossing's split and move everyone to the next map's spawn."""
    level = world.level
    # The passage is the split just before the next map's own: take any this map's route
    # skipped at the same time, so the splits stay in order.
    while len(world.split_ticks) < level.sections[to_section].first_split:
        world.split_ticks.append(world.game_ticks)
        world.events.append((events.SPLIT, *world.naruto.center_px))
    world.section = to_section
    fx, fy = level.sections[to_section].spawn
    n = world.naruto
    n.x, n.y = fx * SUBPIXEL - NARUTO_W * SUBPIXEL // 2, (fy - NARUTO_H) * SUBPIXEL
    n.vy = 0
    n.safe_x, n.safe_y = n.x, n.y
    c = world.clones
    for rank, clone in enumerate(indices(c.alive).tolist()):
        if c.crate[clone] != NONE:
            crates.set_down(world, clone)  # the camp was in the last map
        if c.carrying[clone] != NONE:
            continue  # (no map of a chain carries miners across; kept for safety)
        spread = (rank % 9 - 4) * SUBPIXEL  # as a fresh clone's: never into the rock beside
        c.x[clone] = n.x + spread + (NARUTO_W - CLONE_W) * SUBPIXEL // 2
        c.y[clone] = n.y + (NARUTO_H - CLONE_H) * SUBPIXEL
        c.vy[clone] = 0
        c.boost[clone] = False
    world.paths.mark_dirty()
    world.events.append((events.PASSAGE, *n.center_px))
    if level.sections[to_section].intro:
        dialogue.open_lines(world, level.sections[to_section].intro)
