"""`python -m game bench`: the performance benchmark on a stress scene of the Great Mine.

1000 clones, 1000 falling rocks and 100 miners, all active: clones fetch and carry, rocks
fall and are topped back up between ticks so the counts stay at the target. `tick_ms` is
the median time of one `World.step`; `frame_ms` the median time to draw the whole scene
(tiles, entities, effects, HUD) to the 640x360 canvas and scale it to 1280x720.
Medians, because a recomputed distance field or a garbage collection is a rare spike that
says nothing about the steady cost.
"""

from __future__ import annotations

import json
import os
import statistics
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

from game.level.model import MinerSpec
from game.level.tiled import load_level
from game.sim.constants import SUBPIXEL, TILE
from game.sim.pools import CLONE_H, MINER_H, ROCK_SIZE_SMALL
from game.sim.rng import Rng
from game.sim.world import World

MAP = Path(__file__).resolve().parent.parent / "maps" / "great_mine.tmx"
CLONES, ROCKS, MINERS = 1000, 1000, 100
WINDOW = (1280, 720)
CANVAS = (640, 360)


def _open_floor_cells(level) -> list[tuple[int, int]]:
    """Cells a body can stand in: open, open above, rock below."""
    from game.sim.paths import open_cells

    floor = np.zeros(level.flags.shape, dtype=bool)
    floor[:-1] = (level.flags[1:] & 1) != 0
    rows, cols = np.nonzero(open_cells(level.flags) & floor)
    return list(zip(rows.tolist(), cols.tolist(), strict=True))


def stress_world() -> World:
    level = load_level(MAP)
    cells = _open_floor_cells(level)
    rng = Rng(2024)
    extra = []
    for i in range(MINERS - len(level.miners)):
        row, col = cells[rng.below(len(cells))]
        extra.append(
            MinerSpec(10_000 + i, f"Miner {i}", col * TILE + 8, (row + 1) * TILE, injured=True)
        )
    world = World(replace(level, miners=[*level.miners, *extra], intro=""))
    world.step(1)  # start the run: the collapse clock and the cracks
    for _ in range(CLONES):
        row, col = cells[rng.below(len(cells))]
        world.clones.spawn(
            1,
            x=(col * TILE + 3) * SUBPIXEL,
            y=((row + 1) * TILE - CLONE_H) * SUBPIXEL,
            facing=1,
        )
    _top_up(world, rng, cells)
    return world


def _top_up(world: World, rng: Rng, cells) -> None:
    """Keep the stress counts: respawn dispelled clones, shattered rocks and rescued miners
    (and forget the rescues, so the run never ends mid-benchmark)."""
    missing_miners = MINERS - int(np.count_nonzero(world.miners.alive))
    if missing_miners:
        world.paths.mark_miners_dirty()
    for _ in range(missing_miners):
        row, col = cells[rng.below(len(cells))]
        slot = world.miners.spawn(
            1,
            x=(col * TILE + 3) * SUBPIXEL,
            y=((row + 1) * TILE - MINER_H) * SUBPIXEL,
            injured=True,
        )
        world.miners.name_id[slot] = slot
    world.rescued = world.lost = 0
    # A dialogue box (a rescued miner's line) would stop the world: measure the simulation.
    world.dialogue = ""
    world.dialogue_queue.clear()
    missing = CLONES - world.clones.count
    for _ in range(missing):
        row, col = cells[rng.below(len(cells))]
        world.clones.spawn(
            1, x=(col * TILE + 3) * SUBPIXEL, y=((row + 1) * TILE - CLONE_H) * SUBPIXEL
        )
    for _ in range(ROCKS - world.rocks.count):
        row, col = cells[rng.below(len(cells))]
        # Rocks break off the ceiling: start at the top of the open column above the floor.
        while row > 0 and not world.flags[row - 1, col] & 1:
            row -= 1
        world.rocks.spawn(
            1, x=(col * TILE + 3) * SUBPIXEL, y=row * TILE * SUBPIXEL, size=ROCK_SIZE_SMALL
        )


def measure_ticks(world: World, ticks: int, rng: Rng, cells) -> tuple[list[float], dict]:
    """Tick times in ms, and the median entity counts the ticks started with."""
    times = []
    counts: dict[str, list[int]] = {"clones": [], "rocks": [], "miners": []}
    for _ in range(ticks):
        _top_up(world, rng, cells)
        counts["clones"].append(world.clones.count)
        counts["rocks"].append(world.rocks.count)
        counts["miners"].append(int(np.count_nonzero(world.miners.alive)))
        start = time.perf_counter()
        world.step(0)
        times.append((time.perf_counter() - start) * 1000)
    return times, {kind: int(statistics.median(values)) for kind, values in counts.items()}


def measure_frames(world: World, frames: int) -> list[float]:
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    import pygame

    from game.render.hud import Hud
    from game.render.pixelart import build_sprites
    from game.render.scene import SceneRenderer
    from game.sim.naruto import CHAKRA_MAX

    pygame.display.init()
    pygame.font.init()
    window = pygame.display.set_mode(WINDOW)
    canvas = pygame.Surface(CANVAS).convert()
    renderer = SceneRenderer(world.level, build_sprites())
    hud = Hud(CHAKRA_MAX)
    # Look at the busiest part of the mine: the middle of the clone crowd.
    live = np.flatnonzero(world.clones.alive)
    world.naruto.x = int(np.median(world.clones.x[live]))
    world.naruto.y = int(np.median(world.clones.y[live]))
    renderer.reset(world)
    times = []
    for _ in range(frames):
        start = time.perf_counter()
        renderer.draw(canvas, world)
        hud.draw(canvas, world)
        pygame.transform.scale(canvas, WINDOW, window)
        times.append((time.perf_counter() - start) * 1000)
        world.step(0)
        renderer.tick(world)
    pygame.quit()
    return times


def run_bench(ticks: int = 1000, frames: int = 300, as_json: bool = False) -> int:
    world = stress_world()
    rng = Rng(99)
    cells = _open_floor_cells(world.level)
    tick_times, counts = measure_ticks(world, ticks, rng, cells)
    _top_up(world, rng, cells)
    frame_times = measure_frames(world, frames)
    result = {
        "tick_ms": round(statistics.median(tick_times), 3),
        "tick_mean_ms": round(statistics.fmean(tick_times), 3),
        "tick_p95_ms": round(sorted(tick_times)[int(len(tick_times) * 0.95)], 3),
        "frame_ms": round(statistics.median(frame_times), 3),
        "frame_p95_ms": round(sorted(frame_times)[int(len(frame_times) * 0.95)], 3),
        "ticks": ticks,
        "frames": frames,
        **counts,
        "targets": {"tick_ms": 2.0, "frame_ms": 6.0},
    }
    if as_json:
        print(json.dumps(result))
    else:
        print(f"tick  {result['tick_ms']:.3f} ms median (target 2.0), p95 {result['tick_p95_ms']}")
        print(
            f"frame {result['frame_ms']:.3f} ms median (target 6.0), p95 {result['frame_p95_ms']}"
        )
        clones, rocks, miners = counts["clones"], counts["rocks"], counts["miners"]
        print(f"entities: {clones} clones, {rocks} rocks, {miners} miners")
    return 0
