"""Watching a headless run: `simulate --trace` lines, and the one-line note on a stalled run.

`Watch` compares the world before and after each `world.step` and never writes to it, so a
traced run ends in exactly the state (and `state_hash`) of an untraced one. Each trace line is
one JSON object with `tick` (`world.tick` after the step; 0 is before the first) and `event`:

- `{"tick": t, "event": "dialogue_open", "text": "..."}`: a dialogue box opened (the map's
  intro opens at tick 0, before any input)
- `{"tick": t, "event": "dialogue_close", "text": "..."}`: that box closed (a jump press)
- `{"tick": t, "event": "split", "index": i, "name": "...", "game_ticks": g}`: split `i` of
  the map (`level.splits`, in order) was reached at in-game time `g`
- `{"tick": t, "event": "rescue", "miner": "..."}`: a miner got out (by name)
- `{"tick": t, "event": "lost", "lost": n}`: a miner was lost for good (`n` lost so far)
- `{"tick": t, "event": "finished", "result": "rescued"|"collapsed", "game_ticks": g,
  "time": "m:ss.ss"}`: the run ended
- `{"tick": t, "event": "status", "clones": n, "naruto": [x_px, y_px], "game_ticks": g}`:
  every `every` ticks (t = every, 2*every, ...); `naruto` is the centre of his hitbox in pixels

Within one tick the lines come in that order: close, split, rescue, lost, finished, open,
status. `Watch.check_asserts` makes the watch check an input script's `assert` lines on
every step it follows (game/tas_asserts.py); `assert_failures` ends that check and gives the
stderr lines. `Watch.note` is the stderr line for a run that ended (ticks exhausted) with a dialogue
box open, that never started (no button held outside a dialogue box), or whose in-game timer
stood still for its last `STALL_TICKS` ticks; None for a finished run or one still going.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Literal

from game.headless import format_time
from game.sim.constants import TICKS_PER_SECOND
from game.sim.dialogue import MIN_OPEN_TICKS
from game.sim.world import World
from game.tas_asserts import Assert, AssertCheck

EventKind = Literal[
    "dialogue_open", "dialogue_close", "split", "rescue", "lost", "finished", "status"
]
TraceLine = dict[str, Any]  # {"tick": int, "event": EventKind, ...}: see the module docstring

DEFAULT_EVERY = 60  # a status line a second
STALL_TICKS = 10 * TICKS_PER_SECOND  # in-game time frozen this long at the end = stalled
QUOTE_CHARS = 60  # how much of a dialogue box the stall note quotes


def line(tick: int, event: EventKind, **fields: Any) -> TraceLine:
    return {"tick": tick, "event": event, **fields}


class Watch:
    """Follows one world step by step (read-only). Call `after_step(world)` after every step;
    with `trace` it returns that tick's trace lines, otherwise always []."""

    def __init__(self, world: World, trace: bool = False, every: int = DEFAULT_EVERY):
        self.world = world
        self.trace = trace
        self.every = every
        self.dialogue = world.dialogue
        self.splits = len(world.split_ticks)
        self.rescued = len(world.rescued_order)
        self.lost = world.lost
        self.finished = world.finished
        self.game_ticks = world.game_ticks
        self.progress_tick = world.tick  # the last tick the in-game timer moved (or the start)
        self.asserts: AssertCheck | None = None

    def check_asserts(self, asserts: tuple[Assert, ...]) -> AssertCheck:
        """Check these asserts as the run goes (those due now at once: tick 0's)."""
        self.asserts = AssertCheck(asserts)
        self.asserts.reached(self.world)
        return self.asserts

    def assert_failures(self) -> list[str]:
        """One line per failed assert, the unreached ones included; [] without asserts."""
        return self.asserts.finish(self.world) if self.asserts is not None else []

    def opening(self) -> list[TraceLine]:
        """The lines for the world as it stands before the first step (the intro box)."""
        if self.trace and self.world.dialogue:
            return [line(self.world.tick, "dialogue_open", text=self.world.dialogue)]
        return []

    def after_step(self, world: World) -> list[TraceLine]:
        self.world = world
        if world.game_ticks != self.game_ticks:
            self.game_ticks = world.game_ticks
            self.progress_tick = world.tick
        if self.asserts is not None:
            self.asserts.reached(world)
        if not self.trace:
            return []
        t, out = world.tick, []
        if world.dialogue != self.dialogue and self.dialogue:
            out.append(line(t, "dialogue_close", text=self.dialogue))
        for index in range(self.splits, len(world.split_ticks)):
            name = world.level.splits[index].name if index < len(world.level.splits) else ""
            out.append(
                line(t, "split", index=index, name=name, game_ticks=world.split_ticks[index])
            )
        names, ids = world.miner_names, world.miners.name_id
        for miner in world.rescued_order[self.rescued :]:
            out.append(line(t, "rescue", miner=names[int(ids[miner])]))
        for lost in range(self.lost + 1, world.lost + 1):
            out.append(line(t, "lost", lost=lost))
        if world.finished and not self.finished:
            out.append(
                line(
                    t,
                    "finished",
                    result=world.result,
                    game_ticks=world.game_ticks,
                    time=format_time(world.game_ticks),
                )
            )
        if world.dialogue != self.dialogue and world.dialogue:
            out.append(line(t, "dialogue_open", text=world.dialogue))
        if self.every > 0 and t % self.every == 0:
            out.append(
                line(
                    t,
                    "status",
                    clones=world.clones.count,
                    naruto=list(world.naruto.center_px),
                    game_ticks=world.game_ticks,
                )
            )
        self.dialogue = world.dialogue
        self.splits = len(world.split_ticks)
        self.rescued = len(world.rescued_order)
        self.lost = world.lost
        self.finished = world.finished
        return out

    def note(self, where: str) -> str | None:
        """One line for stderr when the run ended stuck; None when it finished or moved on."""
        world = self.world
        if world.finished or world.tick == 0:
            return None
        stopped = f"{where}: the run stopped at tick {world.tick}"
        if world.dialogue:
            since = world.tick - world.dialogue_age
            close_at = since + MIN_OPEN_TICKS - 1
            return (
                f"{stopped} with a dialogue box open since tick {since}"
                f' ("{_quote(world.dialogue)}"); close it with a jump press'
                f" (at script tick {close_at} or later; see README: input scripts)"
            )
        if not world.started:
            return (
                f"{stopped} and never started: no button was held outside a dialogue box"
                " (the in-game timer starts with the first; see README: input scripts)"
            )
        if world.tick - self.progress_tick >= STALL_TICKS:
            return (
                f"{stopped} with the world stalled since tick {self.progress_tick} (the in-game"
                f" time stuck at {format_time(world.game_ticks)}; see README: input scripts)"
            )
        return None


def traced_run(world: World, script, max_ticks: int, watch: Watch) -> Iterator[TraceLine]:
    """Step `world` exactly as `game.headless.run_script` does, yielding the trace lines."""
    yield from watch.opening()
    for tick in range(max_ticks):
        if world.finished:
            break
        world.step(script.mask(tick))
        yield from watch.after_step(world)


def _quote(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= QUOTE_CHARS else flat[: QUOTE_CHARS - 3] + "..."
