"""The collapse timer: seconds from the map, stages that speed up the rocks, and the end.

The run ends when nobody is left inside (every miner rescued or lost) or when the timer
reaches zero, at which point every miner still inside is lost. A map with no miners (Boulder
Town alone) ends when Naruto reaches its Exit: the mine's mouth. A map whose
`collapse_seconds` is 0 has no timer at all. With the `slow_collapse` assist the timer runs
at half speed: it loses a tick on every second in-game tick only (the stages follow it).
"""

from __future__ import annotations

from game.level.model import Level
from game.sim import tuning as t
from game.sim.assists import SLOW_COLLAPSE
from game.sim.constants import TICKS_PER_SECOND
from game.sim.pools import LOST, RESCUED, indices


def total_ticks(level: Level) -> int:
    return level.collapse_seconds * TICKS_PER_SECOND


def stage_for(ticks_left: int, total: int) -> int:
    """Stage 1..4: each begins when its fraction of the time is left."""
    stage = 1
    for number, permille in enumerate(t.STAGE_STARTS_PERMILLE, start=1):
        if ticks_left * 1000 <= permille * total:
            stage = number
    return stage


def update(world) -> None:
    if not world.level.collapse_seconds:
        return
    slowed = SLOW_COLLAPSE in world.assists and world.game_ticks % 2
    if world.collapse_ticks_left > 0 and not slowed:
        world.collapse_ticks_left -= 1
    world.collapse_stage = stage_for(world.collapse_ticks_left, total_ticks(world.level))


def check_end(world) -> None:
    m = world.miners
    if not world.awake:
        return
    timed = world.level.collapse_seconds > 0
    if timed and world.collapse_ticks_left == 0 and world.started:
        inside = indices(m.alive & (m.state != RESCUED))
        m.state[inside] = LOST
        m.alive[inside] = False
        world.lost += len(inside)
        world.finished = True
        world.result = "collapsed"
        return
    if world.total_miners and world.rescued + world.lost >= world.total_miners:
        world.finished = True
        world.result = "rescued"
    elif not world.total_miners and world.started:
        cx, cy = world.naruto.center_px
        if any(rect.contains(cx, cy) for rect in world.level.exits):
            world.finished = True
            world.result = "rescued"
