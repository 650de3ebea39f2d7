"""`python -m game bench`: the performance benchmark on a stress scene of the Great Mine.

1000 clones, 1000 falling rocks and 100 miners, all active: clones fetch and carry, rocks
fall and are topped back up between ticks so the counts stay at the target. `tick_ms` is
the median time of one `World.step`; `frame_ms` the median time to draw the whole scene
(tiles, entities, effects, HUD) to the 640x360 canvas and scale it to 1280x720.
Medians, because a recomputed distance field or a garbage collection is a rare spike that
says nothing about the steady cost.

`town_race` is Boulder Town's spectacle: the town map with `TOWN_CLONES` clones pouring out of
the clinic and racing over the roofs for the crates and the guards' line, Naruto running
with them; its own `tick_ms` and `frame_ms` (medians), held to the same targets.

Two real-time figures the tests deliberately do not assert (a test never times itself: a busy
CI machine would fail it for nothing): `restart_ms`, the median time from R in the play screen
to the new run's first frame, saving the abandoned run's replay and best segments included
(in a temporary GREAT_MINE_RESCUE_HOME, never the player's own folder); and `verify_ms`, the
median wall time to re-simulate the Great Mine demo's replay as `python -m game verify` does
(startup, map loading and recording the replay excluded), with `verify_x` that run's game
time as a multiple of real time. `startup_ms`: what `verify` pays before its first tick, the
median wall time of a fresh `python -c` that imports game.speedrun.verify and loads the Great
Mine (`STARTUP_RUNS` runs): the cost a batch `verify --jobs` pays once per worker.

The machine-independent twin of `verify_x` is the number of numpy operations a tick of the
Great Mine demo makes: `python tools/opcount.py` counts them (an instrumented run of a
minute, too slow to be part of the bench).
"""

from __future__ import annotations

import json
import os
import statistics
import tempfile
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
DEMO = MAP.parent / "demos" / "great_mine.inputs"
CLONES, ROCKS, MINERS = 1000, 1000, 100
WINDOW = (1280, 720)
CANVAS = (640, 360)
RESTARTS = 5  # R pressed this many times, each after RESTART_AFTER_TICKS of the demo
RESTART_AFTER_TICKS = 500  # past the first split: the abandoned run has golds and a replay
VERIFY_RUNS = 3
STARTUP_RUNS = 3
VERIFY_MAP, VERIFY_DEMO = MAP, DEMO  # the replay `verify_ms` re-simulates (recorded first)
TOWN_MAP = MAP.parent / "boulder_town.tmx"
TOWN_CLONES = 500
TOWN_TICKS, TOWN_FRAMES = 600, 300


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


def town_race_world() -> World:
    """Boulder Town a moment after the Multi Shadow Clone: TOWN_CLONES clones around Naruto
    at the spawn, the run started, no dialogue box in the way."""
    level = load_level(TOWN_MAP)
    # The crowd is the bench's own: the map's Multi Shadow Clone is left out.
    triggers = [t for t in level.triggers if t.event != "multi_clone"]
    world = World(replace(level, intro="", triggers=triggers))
    world.step(1)
    n = world.naruto
    for i in range(TOWN_CLONES):
        world.clones.spawn(1, x=n.x + ((i % 9) - 4) * SUBPIXEL, y=n.y, facing=1)
    return world


def measure_town_race(ticks: int, frames: int) -> dict:
    """The town_race scene's medians: ticks with Naruto running right beside the crowd, then
    frames drawn following him."""
    from game.sim.constants import RIGHT

    world = town_race_world()
    times = []
    for _ in range(ticks):
        world.dialogue = ""  # a line (a guard's, on stepping aside) would stop the world
        world.dialogue_queue.clear()
        start = time.perf_counter()
        world.step(RIGHT)
        times.append((time.perf_counter() - start) * 1000)
    clones = world.clones.count
    frame_times = measure_frames(world, frames, buttons=RIGHT)  # looking at the crowd
    return {
        "tick_ms": round(statistics.median(times), 3),
        "frame_ms": round(statistics.median(frame_times), 3),
        "clones": clones,
        "ticks": ticks,
        "frames": frames,
    }


def measure_frames(world: World, frames: int, buttons: int = 0) -> list[float]:
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
    # Look at the busiest part of the map: the middle of the clone crowd.
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
        world.dialogue = ""
        world.step(buttons)
        renderer.tick(world)
    pygame.quit()
    return times


class _BenchNav:
    """The app as the play screen sees it, for timing R: All Rescued, the personal bests in
    the bench's own folder, the demo's input for the tick the world is on."""

    def __init__(self, folder: Path, demo):
        from game.speedrun.pbstore import PersonalBests
        from game.store import Settings

        self.settings = Settings(category="all")
        self.personal_bests = PersonalBests(folder / "pb.json")
        self.seen_intros: set[str] = set()
        self.clock = time.perf_counter
        self.lockstep = False  # R saves the replays (in the bench's folder), as a player's would
        self.demo = demo
        self.scene = None

    def sample_input(self) -> int:
        return self.demo.mask(self.scene.world.tick)

    def set_paused(self, paused: bool) -> None:
        pass

    def start_play(self) -> None:
        pass

    def show_title(self) -> None:
        pass

    def play_map(self, path, level) -> None:
        pass

    def show_results(self, world, renderer, chart=None) -> None:
        pass

    def show_notice(self, text: str, seconds: float) -> None:
        pass

    def update_settings(self, **changes) -> None:
        self.settings = self.settings.replace(**changes)

    def quit(self) -> None:
        pass


def measure_restarts(restarts: int, after_ticks: int | None = None) -> list[float]:
    """R in the play screen, in ms: from the key to the new run's first frame drawn, the
    abandoned run's PB record and replay saved on the way. Each R comes `after_ticks` into a
    run of the demo. Everything is written to a temporary GREAT_MINE_RESCUE_HOME, removed
    afterwards; the environment is put back as it was."""
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    import pygame

    from game.input import Action, MenuAction
    from game.render.pixelart import build_sprites
    from game.store import HOME_ENV
    from game.tas import load_input_script
    from game.ui.play import PlayScene

    after_ticks = RESTART_AFTER_TICKS if after_ticks is None else after_ticks
    restart = MenuAction(Action.RESTART, "keyboard")
    saved_home = os.environ.get(HOME_ENV)
    with tempfile.TemporaryDirectory(prefix="gmr-bench-") as folder:
        os.environ[HOME_ENV] = folder
        try:
            pygame.display.init()
            level = load_level(MAP)
            nav = _BenchNav(Path(folder), load_input_script(DEMO))
            scene = nav.scene = PlayScene(nav, level, build_sprites())
            canvas = pygame.Surface(CANVAS)
            times = []
            for _ in range(restarts):
                for _ in range(after_ticks):
                    scene.tick()
                start = time.perf_counter()
                scene.on_action(restart)
                scene.draw(canvas)  # the first frame of the new run
                times.append((time.perf_counter() - start) * 1000)
            replays = list((Path(folder) / "replays").glob("*.gmr"))
            if len(replays) != restarts:
                raise RuntimeError(f"{restarts} restarts saved {len(replays)} replays")
        finally:
            if saved_home is None:
                os.environ.pop(HOME_ENV, None)
            else:
                os.environ[HOME_ENV] = saved_home
            pygame.quit()
    return times


def measure_verify(runs: int, map_path: Path, demo_path: Path) -> tuple[list[float], float]:
    """Wall times in ms of `verify_replay` on the demo's replay (recorded in memory first),
    and the replay's length in game seconds (every tick simulated, dialogue included)."""
    from game.sim.constants import TICKS_PER_SECOND
    from game.speedrun.recorder import record_script
    from game.speedrun.verify import verify_replay
    from game.tas import load_input_script

    level = load_level(map_path)
    replay = record_script(map_path, level, load_input_script(demo_path))
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        verdict = verify_replay(replay, level)
        times.append((time.perf_counter() - start) * 1000)
        if not verdict.ok:
            raise RuntimeError(f"the demo's replay does not verify: {verdict.mismatches}")
    return times, replay.final_tick / TICKS_PER_SECOND


def measure_startup(runs: int, map_path: Path) -> list[float]:
    """Wall times in ms of a new Python process importing the verifier and loading a map."""
    import subprocess
    import sys

    code = (
        "import game.speedrun.verify; from game.level.tiled import load_level; "
        f"load_level({str(map_path)!r})"
    )
    # What an installed user gets: pip compiles the bytecode once, so every run reads it.
    # With PYTHONDONTWRITEBYTECODE set (as in some shells and CI), stale or missing .pyc files
    # would be compiled from source on every run; the unmeasured first run writes them.
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    cwd = Path(__file__).parent.parent
    times = []
    for run in range(runs + 1):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True, cwd=cwd, env=env)
        if run:  # run 0 is the warm-up
            times.append((time.perf_counter() - start) * 1000)
    return times


def run_bench(
    ticks: int = 1000,
    frames: int = 300,
    as_json: bool = False,
    restarts: int | None = None,
    verify_runs: int | None = None,
    town_ticks: int | None = None,
    town_frames: int | None = None,
) -> int:
    """`restarts`, `verify_runs`, `town_ticks` and `town_frames` default to RESTARTS,
    VERIFY_RUNS, TOWN_TICKS and TOWN_FRAMES (read at call time)."""
    restarts = RESTARTS if restarts is None else restarts
    verify_runs = VERIFY_RUNS if verify_runs is None else verify_runs
    world = stress_world()
    rng = Rng(99)
    cells = _open_floor_cells(world.level)
    tick_times, counts = measure_ticks(world, ticks, rng, cells)
    _top_up(world, rng, cells)
    frame_times = measure_frames(world, frames)
    restart_times = measure_restarts(restarts)
    verify_times, game_seconds = measure_verify(verify_runs, VERIFY_MAP, VERIFY_DEMO)
    verify_ms = statistics.median(verify_times)
    town = measure_town_race(
        TOWN_TICKS if town_ticks is None else town_ticks,
        TOWN_FRAMES if town_frames is None else town_frames,
    )
    result = {
        "tick_ms": round(statistics.median(tick_times), 3),
        "tick_mean_ms": round(statistics.fmean(tick_times), 3),
        "tick_p95_ms": round(sorted(tick_times)[int(len(tick_times) * 0.95)], 3),
        "frame_ms": round(statistics.median(frame_times), 3),
        "frame_p95_ms": round(sorted(frame_times)[int(len(frame_times) * 0.95)], 3),
        "restart_ms": round(statistics.median(restart_times), 3),
        "verify_ms": round(verify_ms, 1),
        "verify_x": round(game_seconds / (verify_ms / 1000), 1),
        "startup_ms": round(statistics.median(measure_startup(STARTUP_RUNS, VERIFY_MAP)), 1),
        "ticks": ticks,
        "frames": frames,
        "restarts": restarts,
        "verify_runs": verify_runs,
        "verify_game_s": round(game_seconds, 2),
        **counts,
        "town_race": town,
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
        print(
            f"restart {result['restart_ms']:.1f} ms median of {restarts} (R to the first frame, "
            "the abandoned run's replay saved)"
        )
        print(
            f"verify {result['verify_ms']:.0f} ms median of {verify_runs}: {VERIFY_DEMO.name} "
            f"({game_seconds:.2f} s of play) at {result['verify_x']}x real time"
        )
        print(
            f"town_race: {town['clones']} clones over the roofs, tick {town['tick_ms']:.3f} ms, "
            f"frame {town['frame_ms']:.3f} ms median (targets 2.0 / 6.0)"
        )
    return 0
