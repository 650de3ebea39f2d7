"""The desync locator: where a re-simulation first went another way than the recorded run.

A replay of format 2 carries the recorded run's part hashes every CHECKPOINT_EVERY ticks and
at its end (game.sim.fingerprint), and a trail of one byte per part per tick
(game/speedrun/replay.py). `resimulate` steps the world through the inputs exactly as verify
always did, and hashes the world only at the checkpoint ticks (a few microseconds every 600
ticks), so finding the first checkpoint that differs costs verify nothing. With `bisect`, it
also keeps a copy of the world at the last checkpoint that matched, and steps that copy
through the diverging window once more, hashing every tick and comparing with the trail: the
first tick whose bytes differ, and which parts differ there.

The trail byte of a part differs with odds 255 in 256 when the part does, so the tick found
is exact but for a 1-in-256 chance per differing part of naming a tick or two late.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

from game.sim.fingerprint import part_hashes, part_names, trail_byte


@dataclass(frozen=True)
class Divergence:
    """The first checkpoint that differs: the run matched at `matched_tick` (0: the start)
    and differs at `tick`, in `parts`."""

    matched_tick: int
    tick: int
    parts: tuple[str, ...]

    def line(self) -> str:
        return (
            f"diverges between tick {self.matched_tick} and {self.tick} "
            f"({', '.join(self.parts)} differ{'s' if len(self.parts) == 1 else ''} "
            f"at tick {self.tick})"
        )


def resimulate(world, replay, bisect: bool = False) -> list[str]:
    """Step `world` through every input of `replay` and return the desync lines: empty when
    every checkpoint matches (or the replay has none)."""
    step = world.step
    inputs = replay.inputs
    if not replay.checkpoints:
        for mask in inputs:
            step(mask)
        return []
    shared = _shared_parts(replay.parts, part_names(world.level))
    done = 0
    found: Divergence | None = None
    before = None  # with bisect: the world at the last checkpoint that matched
    for tick, hashes in replay.checkpoints:
        if found is None and bisect:
            before = copy.deepcopy(world, {id(world.level): world.level})
        for mask in inputs[done:tick]:
            step(mask)
        matched, done = done, tick
        if found is None:
            now = part_hashes(world)
            differ = tuple(name for i, name in shared if now[name] != hashes[i])
            if differ:
                found = Divergence(matched, tick, differ)
    for mask in inputs[done:]:
        step(mask)
    if found is None:
        last = replay.checkpoints[-1][0]
        return [f"every checkpoint matches, to tick {last}: the run re-simulates the same"]
    lines = [found.line()]
    if bisect:
        lines.append(first_differing_tick(before, replay, found))
    return lines


def no_checkpoints_line() -> str:
    return "the replay has no checkpoints (format 1): the desync cannot be located"


def _shared_parts(recorded: tuple[str, ...], known: tuple[str, ...]) -> list[tuple[int, str]]:
    """(index in the replay's order, name) of the parts both the replay and this game know."""
    return [(i, name) for i, name in enumerate(recorded) if name in known]


def first_differing_tick(world, replay, found: Divergence) -> str:
    """Step `world` (a copy at `found.matched_tick`) through the diverging window, comparing
    each tick with the trail; the line naming the first tick that differs."""
    trail = replay.trail
    window = f"ticks {found.matched_tick + 1} to {found.tick}"
    if trail is None or trail.last_tick <= found.matched_tick or trail.first_tick > found.tick:
        return f"no per-tick trail covers {window}: the first differing tick is unknown"
    shared = _shared_parts(replay.parts, part_names(world.level))
    inputs = replay.inputs
    last_equal = found.matched_tick
    for tick in range(found.matched_tick + 1, found.tick + 1):
        world.step(inputs[tick - 1])
        recorded = trail.bytes_at(tick)
        if recorded is None:
            continue
        now = part_hashes(world)
        differ = [name for i, name in shared if trail_byte(now[name]) != recorded[i]]
        if not differ:
            last_equal = tick
            continue
        names = ", ".join(differ)
        if last_equal == tick - 1:
            return f"first differing tick {tick}: {names}"
        return (
            f"first differing tick between {last_equal + 1} and {tick}: {names} "
            f"(the trail keeps every {trail.stride} ticks here)"
            if trail.stride > 1
            else f"first differing tick between {last_equal + 1} and {tick}: {names}"
        )
    return f"the trail shows no difference in {window}; the checkpoint at {found.tick} does"
