"""Speedrun timing inside the simulation: the in-game time of each split, and of the moment
the map's quota of miners is out (the Any% finish). Being part of the world, these ticks
are exactly what a replay re-simulates, so a verified time can never drift from a played one.
"""

from __future__ import annotations

from game.sim import events


def setup(world) -> None:
    """Fill the timing attributes `World.__init__` declares (split_ticks, quota_tick, quota)."""
    world.split_ticks = []
    world.quota_tick = -1
    level = world.level
    world.quota = level.quota or len(level.miners)


def update(world) -> None:
    splits = world.level.splits
    if len(world.split_ticks) < len(splits):
        cx, cy = world.naruto.center_px
        if splits[len(world.split_ticks)].rect.contains(cx, cy):
            world.split_ticks.append(world.game_ticks)
            world.events.append((events.SPLIT, cx, cy))
    if world.quota_tick < 0 and world.quota and world.rescued >= world.quota:
        world.quota_tick = world.game_ticks
    if world.quota_tick < 0 and not world.quota and world.finished and world.result == "rescued":
        world.quota_tick = world.game_ticks  # a map with no miners (the town): its finish
