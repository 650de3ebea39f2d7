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
from game.speedrun import desync
from game.speedrun.digest import chain_digests, is_chain, map_digest
from game.speedrun.recorder import category_times
from game.speedrun.replay import Replay, ReplayError, read_replay

MAPS_DIR = Path(__file__).resolve().parent.parent.parent / "maps"  # as game/app.py finds maps
CATEGORY_NAMES = {"any": "Any%", "all": "All Rescued"}
EXIT_OK, EXIT_MISMATCH, EXIT_UNREADABLE = 0, 1, 2


@dataclass
class Verdict:
    world: World  # the re-simulated world after the replay's last input
    mismatches: list[str] = field(default_factory=list)
    # where the run first went another way (game/speedrun/desync.py); only with mismatches
    located: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.mismatches


def default_map_path(replay: Replay) -> Path:
    """maps/<map id>.tmx; for a chained run, its first map's (the rest are found beside it)."""
    first = replay.chain[0][0] if replay.chain else replay.map_id
    return MAPS_DIR / f"{first}.tmx"


def _short(digest: str) -> str:
    return digest[:12]


def verify_replay(replay: Replay, level: Level, *, bisect: bool = False) -> Verdict:
    """Re-simulate `replay` on `level` and list every claim that does not hold. The replay's
    assists (game.sim.assists) play as they did in the run; its game speed changes no tick.
    On a mismatch, `located` says where the run first differs (the checkpoint window; with
    `bisect`, the tick and the parts of the world)."""
    world = World(level, assists=replay.assists)
    located = desync.resimulate(world, replay, bisect)
    verdict = Verdict(world)
    differs = verdict.mismatches
    if replay.chain or is_chain(level):
        differs += _chain_mismatches(replay, level)
    else:
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
    if differs:
        verdict.located = located or [desync.no_checkpoints_line()]
    return verdict


def _chain_mismatches(replay: Replay, level: Level) -> list[str]:
    """A chained run: the same maps in the same order, each the version the run was made on
    (named, so the designer knows which file changed), then the stitched whole."""
    recorded = [map_id for map_id, _ in replay.chain] or [replay.map_id]
    actual = _known_chain_digests(level) or ((Path(level.path).stem, map_digest(level)),)
    if recorded != [map_id for map_id, _ in actual]:
        return [
            f"chain: replay says {' + '.join(recorded)}, "
            f"the maps give {' + '.join(map_id for map_id, _ in actual)}"
        ]
    differs = [
        f"map digest: the replay was made on another version of map '{map_id}' "
        f"(replay {_short(claimed)}, map {_short(digest)})"
        for (map_id, claimed), (_, digest) in zip(replay.chain, actual, strict=True)
        if claimed != digest
    ]
    whole = map_digest(level)
    if not differs and whole != replay.map_digest:
        differs.append(
            f"map digest: the replay was made on another version of this chain "
            f"(replay {_short(replay.map_digest)}, chain {_short(whole)})"
        )
    return differs


def _show(value) -> str:
    return repr(value) if isinstance(value, str) else str(value)


def _time_line(ticks: int, category: str, crates: bool = False) -> str:
    if ticks < 0:
        goal = "the quota" if category == "any" else "every miner out"
        if crates and category == "all":
            goal += " and every crate delivered"
        return f"none (the run did not reach {goal})"
    return f"{format_time(ticks)} ({ticks} ticks)"


@dataclass
class VerifyReport:
    """One replay's verification, as `verify` prints it and `verify --json` writes it.

    `verdict` is "verified", "mismatch" or "unreadable" (the replay or its map could not be
    used; `error` says why in one line). `lines` is the human report, one line each."""

    file: str
    verdict: str
    map_id: str = ""
    map_path: str = ""
    category: str = ""
    time_ticks: int = -1
    mismatches: list[str] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)
    error: str = ""
    # where a mismatching run first went another way (Verdict.located), one line each
    located: list[str] = field(default_factory=list)
    # the map verified on: "file maps/x.tmx", or "embedded (the named map is missing)" /
    # "embedded (the named map differs)" / "embedded (the named map is unreadable)"
    map_used: str = ""

    @property
    def exit_code(self) -> int:
        return {"verified": EXIT_OK, "mismatch": EXIT_MISMATCH}.get(self.verdict, EXIT_UNREADABLE)


@dataclass(frozen=True)
class ReplayMap:
    """The level a replay is verified on, the path it was loaded from (the replay's own for
    an embedded map) and which map that was, in words (VerifyReport.map_used)."""

    level: Level
    path: Path
    used: str


def load_replay_level(replay: Replay, replay_path: str, map_path: str | None) -> tuple[Level, Path]:
    """The level `replay` is verified on, and the path it was loaded from: `map_path` when
    given, else maps/<map id>.tmx (a chained run: its whole chain), or the map the replay
    carries when that one is missing or differs (see `load_replay_map`). Raises ReplayError
    (the replay cannot be re-simulated by this version) or MapError (no usable map)."""
    found = load_replay_map(replay, replay_path, map_path)
    return found.level, found.path


def load_replay_map(replay: Replay, replay_path: str, map_path: str | None) -> ReplayMap:
    """`load_replay_level`, saying which map it used. The map file (`map_path` when given,
    else the one the replay names) gives way to the map the replay carries (replay record
    --embed-map), when it has one, if that file is missing, unreadable or another version."""
    if replay.sim_version != SIM_VERSION:
        raise ReplayError(
            replay_path,
            f"made by simulation version {replay.sim_version}; this game runs version "
            f"{SIM_VERSION} and cannot re-simulate it",
        )
    path = Path(map_path) if map_path else default_map_path(replay)
    if not replay.embedded:
        if not path.is_file():
            first = replay.chain[0][0] if replay.chain else replay.map_id
            raise MapError(str(path), f"no such map file for map '{first}' (use --map)")
        return ReplayMap(_load_named(replay, path), path, f"file {path}")
    if not path.is_file():
        why = "is missing"
    else:
        try:
            level = _load_named(replay, path)
        except MapError:
            why = "is unreadable"
        else:
            if _same_map(replay, level):
                return ReplayMap(level, path, f"file {path}")
            why = "differs"
    from game.speedrun import embed  # only for a replay that carries its map: a faster start

    level, digests = embed.load_embedded(replay.embedded, bool(replay.chain), replay_path)
    if digests:
        _embedded_chains[id(level)] = (level, digests)  # its files are gone after loading
    return ReplayMap(level, Path(replay_path), f"embedded (the named map {why})")


def _load_named(replay: Replay, path: Path) -> Level:
    if replay.chain:  # the whole run, every next_map followed from the first map
        from game.level.chain import load_run

        return load_run(path)
    from game.level.tiled import load_level

    return load_level(path)


def _same_map(replay: Replay, level: Level) -> bool:
    """Whether `level` is the version of the map(s) the run was made on."""
    if replay.chain and list(replay.chain) != list(chain_digests(level)):
        return False
    return map_digest(level) == replay.map_digest


# (level, its chain digests) of embedded chains, whose files no longer exist to load again
_embedded_chains: dict[int, tuple[Level, tuple[tuple[str, str], ...]]] = {}


def _known_chain_digests(level: Level) -> tuple[tuple[str, str], ...]:
    known = _embedded_chains.get(id(level))
    if known is not None and known[0] is level:
        return known[1]
    return chain_digests(level)


def check_replay_file(
    replay_path: str, map_path: str | None = None, *, bisect: bool = False
) -> VerifyReport:
    """Read, load and re-simulate one replay file; never raises for a bad file or map."""
    try:
        replay = read_replay(replay_path)
        found = load_replay_map(replay, replay_path, map_path)
    except (ReplayError, MapError) as error:
        return VerifyReport(file=replay_path, verdict="unreadable", error=str(error))
    level = found.level
    # a map the replay carries is named by what it is, where the file would be
    carried = found.used.removeprefix("embedded (").removesuffix(")")
    path = found.path if found.used.startswith("file ") else f"embedded in the replay: {carried}"
    verdict = verify_replay(replay, level, bisect=bisect)
    world = verdict.world
    time_ticks = category_times(world)[replay.category]
    lines = [f"replay: {replay_path}"]
    if replay.chain:
        maps = " + ".join(map_id for map_id, _ in replay.chain)
        lines.append(f"map: {replay.map_id}, the chain {maps} ({path})")
    else:
        lines.append(f"map: {replay.map_id} ({path})")
    practice = ", practice run" if replay.practice else ""
    lines.append(f"category: {CATEGORY_NAMES[replay.category]}{practice}")
    if replay.assists:
        lines.append(f"assisted run: {', '.join(replay.assists)}")
    verified = _time_line(time_ticks, replay.category, bool(world.total_crates))
    lines.append(f"verified time: {verified}")
    lines.append(f"rescued: {world.rescued} of {world.total_miners}, lost {world.lost}")
    if verdict.ok:
        lines.append("OK: every claim matches (digest, ticks, game time, splits, state hash)")
    else:
        lines += [f"MISMATCH {line}" for line in verdict.mismatches]
    return VerifyReport(
        file=replay_path,
        verdict="verified" if verdict.ok else "mismatch",
        map_id=replay.map_id,
        map_path=str(found.path),  # the replay itself when it carried the map
        category=replay.category,
        time_ticks=time_ticks,
        mismatches=list(verdict.mismatches),
        lines=lines,
        located=list(verdict.located),
        map_used=found.used,
    )


def run_verify(
    replay_path: str, map_path: str | None = None, out: TextIO | None = None, *, bisect=False
) -> int:
    """`verify` of one replay file: its full report. 0 verified, 1 mismatch, 2 unreadable
    replay or missing map. (Several files, --json, --coverage: speedrun/batch_output.py.)"""
    from game.speedrun.batch import check_one

    out = out or sys.stdout
    report = check_one(replay_path, map_path, bisect).report
    if report.verdict == "unreadable":
        print(report.error, file=sys.stderr)
        return report.exit_code
    for line in report.lines + report.located:  # located: where a mismatching run went off
        print(line, file=out)
    if report.verdict == "mismatch":
        print(
            f"{replay_path}: not verified, {len(report.mismatches)} claim(s) differ",
            file=sys.stderr,
        )
    return report.exit_code
