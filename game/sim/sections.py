"""The maps of a run: Naruto crossing from one into the next (Boulder Town into the Great
Mine). A chain is one Level, its maps side by side (see `game.level.chain`), so crossing loads
nothing: Naruto, and every clone with him, steps from the passage to the next map's spawn.
The crossing is a split. Naruto arrives as he would start the next map alone (his chakra kept),
and the world's random numbers restart from that map's seed. Arriving in the section that
holds the collapse wakes the mine: its timer, rocks, air and miners start only then.
"""

from __future__ import annotations

from game.sim import crates, dialogue, events
from game.sim.constants import SUBPIXEL
from game.sim.naruto import Naruto
from game.sim.pools import CLONE_H, CLONE_W, NARUTO_H, NARUTO_W, NONE, indices
from game.sim.rng import Rng


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
    section = level.sections[to_section]
    # He arrives as he would start that map alone, with his chakra and the buttons he holds;
    # and the map's own seed makes its rocks fall as they do when it is played alone, so a
    # route learned there holds in the whole run.
    before = world.naruto
    n = world.naruto = Naruto.at_spawn(section.spawn)
    n.chakra, n.prev_buttons, n.clone_held = before.chakra, before.prev_buttons, before.clone_held
    world.rng = Rng(section.seed)
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
    dialogue.open_lines(world, section.intro)
