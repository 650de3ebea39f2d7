"""Make a folder of replays to measure `verify PATH...` on (dev tool, not shipped).

    python tools/make_replay_folder.py OUT [--count 50] [--spread resets|uniform]

Each replay is one of the demo runs of maps/demos/ (the Tutorial, the Great Mine, Boulder
Town, in turn) stopped at some tick, as a run reset there is saved by the play screen; a
stop at or past the demo's finish is the whole run. `resets` stops between 5 and 20 seconds
in (a runner's replays folder: mostly resets), `uniform` anywhere from 5% of the run to its
finish. The stops are fixed, so the same command always makes the same folder.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from game.level.tiled import load_level  # noqa: E402
from game.sim.world import World  # noqa: E402
from game.speedrun.recorder import RunRecorder, write_atomic  # noqa: E402
from game.speedrun.replay import dumps  # noqa: E402
from game.tas import load_input_script  # noqa: E402

MAPS = ("tutorial", "great_mine", "boulder_town")
FINISH_TICKS = {"tutorial": 1756, "great_mine": 4281, "boulder_town": 2981}  # the demos' ends


def stop_tick(map_id: str, index: int, rounds: int, spread: str) -> int:
    """The tick replay `index` (0-based among this map's `rounds`) stops at."""
    share = (index + 1) / rounds
    if spread == "resets":
        return 300 + round(share * 900)  # 5 to 20 seconds
    return max(1, round(FINISH_TICKS[map_id] * (0.05 + 0.95 * share)))


def record(map_id: str, ticks: int, level, script) -> bytes:
    path = ROOT / "maps" / f"{map_id}.tmx"
    recorder = RunRecorder(path, level, "all")
    world = World(level)
    while world.tick < ticks and not world.finished:
        mask = script.mask(world.tick)
        recorder.record(mask)
        world.step(mask)
    return dumps(recorder.finish(world))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out")
    parser.add_argument("--count", type=int, default=50)
    parser.add_argument("--spread", choices=("resets", "uniform"), default="uniform")
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    rounds = -(-args.count // len(MAPS))
    for number in range(args.count):
        map_id = MAPS[number % len(MAPS)]
        level = load_level(ROOT / "maps" / f"{map_id}.tmx")
        script = load_input_script(ROOT / "maps" / "demos" / f"{map_id}.inputs")
        ticks = stop_tick(map_id, number // len(MAPS), rounds, args.spread)
        write_atomic(
            out / f"{number:02d}_{map_id}_{ticks}.gmr", record(map_id, ticks, level, script)
        )
    print(f"{args.count} replays in {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
