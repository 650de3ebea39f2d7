"""Verifying a replay: re-simulate its inputs headlessly and compare every claim it makes.

What is compared: the map digest and seed, the final tick, the in-game time, each
category's time, the split ticks, the quota tick, the rescue counts, the result and the
final state hash. The state hash alone would catch any difference; the others are there
so the report can say *what* differs in words a moderator understands.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from game.headless import format_time
from game.level.model import Level, MapError
from game.sim import SIM_VERSION
from game.sim.world import World
from game.speedrun.digest import map_digest
from game.speedrun.recorder import category_times
from game.speedrun.replay import Replay, ReplayError, read_replay

MAPS_DIR = Path(__file__).resolve().parent.parent.parent / "maps"  # as game/app.py finds maps
CATEGORY_NAMES = {"any": "Any%", "all": "All Rescued"}
EXIT_OK, EXIT_MISMATCH, EXIT_UNREADABLE = 0, 1, 2


@dataclass
class Verdict:
    world: World  # the re-simulated world after the replay's last input
    mismatches: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.mismatches


def default_map_path(replay: Replay) -> Path:
    return MAPS_DIR / f"{replay.map_id}.tmx"


def _short(digest: str) -> str:
    return digest[:12]


def verify_replay(replay: Replay, level: Level) -> Verdict:
    """Re-simulate `replay` on `level` and list every claim that does not hold."""
    world = World(level)
    step = world.step
    for mask in replay.inputs:
        step(mask)
    verdict = Verdict(world)
    differs = verdict.mismatches
    digest = map_digest(level)
    if digest != replay.map_digest:
        differs.append(
            f"map digest: the replay was made on another version of this map "
            f"(replay {_short(replay.map_digest)}, map {_short(digest)})"
        )
    claims: list[tuple[str, object, object]] = [
        ("seed", replay.seed, level.seed),
        ("final tick", replay.final_tick, world.tick),
        ("game time", replay.game_ticks, world.game_ticks),
    ]
    times = category_times(world)
    for key, name in CATEGORY_NAMES.items():
        claims.append((f"{name} time", replay.times[key], times[key]))
    claims += [
        ("split ticks", list(replay.split_ticks), list(world.split_ticks)),
        ("quota tick", replay.quota_tick, world.quota_tick),
        ("rescued", replay.rescued, world.rescued),
        ("lost", replay.lost, world.lost),
        ("miners", replay.total, world.total_miners),
        ("result", replay.result, world.result),
        ("final state hash", replay.final_hash, world.state_hash()),
    ]
    for name, claimed, actual in claims:
        if claimed != actual:
            differs.append(
                f"{name}: replay says {_show(claimed)}, re-simulation gives {_show(actual)}"
            )
    return verdict


def _show(value) -> str:
    return repr(value) if isinstance(value, str) else str(value)


def _time_line(ticks: int, category: str) -> str:
    if ticks < 0:
        goal = "the quota" if category == "any" else "every miner out"
        return f"none (the run did not reach {goal})"
    return f"{format_time(ticks)} ({ticks} ticks)"


def run_verify(replay_path: str, map_path: str | None = None, out: TextIO | None = None) -> int:
    """The `verify` command: 0 verified, 1 mismatch, 2 unreadable replay or missing map."""
    out = out or sys.stdout
    try:
        replay = read_replay(replay_path)
        if replay.sim_version != SIM_VERSION:
            raise ReplayError(
                replay_path,
                f"made by simulation version {replay.sim_version}; this game runs version "
                f"{SIM_VERSION} and cannot re-simulate it",
            )
        path = Path(map_path) if map_path else default_map_path(replay)
        if not path.is_file():
            raise MapError(str(path), f"no such map file for map '{replay.map_id}' (use --map)")
        from game.level.tiled import load_level

        level = load_level(path)
    except (ReplayError, MapError) as error:
        print(error, file=sys.stderr)
        return EXIT_UNREADABLE
    verdict = verify_replay(replay, level)
    world = verdict.world
    time_ticks = category_times(world)[replay.category]
    print(f"replay: {replay_path}", file=out)
    print(f"map: {replay.map_id} ({path})", file=out)
    practice = ", practice run" if replay.practice else ""
    print(f"category: {CATEGORY_NAMES[replay.category]}{practice}", file=out)
    print(f"verified time: {_time_line(time_ticks, replay.category)}", file=out)
    print(f"rescued: {world.rescued} of {world.total_miners}, lost {world.lost}", file=out)
    if verdict.ok:
        print("OK: every claim matches (digest, ticks, game time, splits, state hash)", file=out)
        return EXIT_OK
    for line in verdict.mismatches:
        print(f"MISMATCH {line}", file=out)
    print(
        f"{replay_path}: not verified, {len(verdict.mismatches)} claim(s) differ", file=sys.stderr
    )
    return EXIT_MISMATCH
