"""Running the simulation with no window: for `simulate`, the tests and the benchmark."""

from __future__ import annotations

from typing import TYPE_CHECKING

from game.level.model import Level, MapError
from game.sim.constants import TICKS_PER_SECOND
from game.sim.world import World

if TYPE_CHECKING:  # only for annotations: `verify` needs format_time, not the input scripts
    from game.tas import InputScript


def format_time(ticks: int) -> str:
    """Ticks as m:ss.ss, the way the in-game timer shows them (exact: 60 ticks a second)."""
    centis = ticks * 100 // TICKS_PER_SECOND
    minutes, centis = divmod(centis, 6000)
    return f"{minutes}:{centis // 100:02d}.{centis % 100:02d}"


def load_map(path: str, chain: bool = False) -> Level:
    """The level to run from `path`: the map alone, or with `chain` the map and every map its
    `next_map` chain names, stitched into one run (game/level/chain.py). A missing file is a
    MapError naming it, like every other problem with the map."""
    from pathlib import Path

    if not Path(path).is_file():
        raise MapError(path, "no such map file")
    if chain:
        from game.level.chain import load_run

        return load_run(path)
    from game.level.tiled import load_level

    return load_level(path)


def run_script(level: Level, script: InputScript, max_ticks: int) -> World:
    """Step a world with a script's inputs until it ends or `max_ticks` have run."""
    world = World(level)
    for tick in range(max_ticks):
        if world.finished:
            break
        world.step(script.mask(tick))
    return world


def summary(world: World) -> dict:
    return {
        "ticks": world.tick,
        "game_ticks": world.game_ticks,
        "time": format_time(world.game_ticks),
        "finished": world.finished,
        "result": world.result,
        "rescued": world.rescued,
        "lost": world.lost,
        "total": world.total_miners,
        "clones": world.clones.count,
        "state_hash": world.state_hash(),
    }


def simulate(level: Level, script: InputScript, max_ticks: int) -> dict:
    return summary(run_script(level, script, max_ticks))
