"""A rewindable run for TAS work: the world, the inputs of every tick, and copies of the
world kept along the way, so any earlier tick can be shown again without re-simulating
from the start.

Snapshots (`Snapshots`) are deep copies of the world (the level shared, as practice runs
do: game/speedrun/practice.py), kept every `DENSE_EVERY` ticks over the last `DENSE_SPAN`
ticks of the run and every `SPARSE_EVERY` ticks before that; when more than `MAX_SPARSE`
of those older ones pile up, their spacing doubles. So memory stays bounded however long
the run (at most DENSE_SPAN / DENSE_EVERY + 1 + MAX_SPARSE copies, about 100 kB each on the
Great Mine), and a seek re-simulates at most a sparse spacing of ticks (one second within
the last twenty).

Seeking (`Timeline.seek`) restores the latest snapshot at or before the target and steps
forward with the same inputs; the simulation is deterministic, so the world is exactly the
one a run from the start would reach (its `state_hash` equal). This module imports no
pygame: the play screen's TAS controls (game/ui/tas_control.py) drive it.
"""

from __future__ import annotations

import bisect
import copy
from collections.abc import Callable
from typing import Protocol

from game.sim.world import World

DENSE_EVERY = 60  # a snapshot a second...
DENSE_SPAN = 1200  # ...over the last twenty seconds of the run
SPARSE_EVERY = 600  # before that one every ten seconds...
MAX_SPARSE = 120  # ...or, past this many, every twenty, forty, ... seconds
BACK_KEEP = 60  # a seek back keeps the worlds of this many ticks before its target


class Inputs(Protocol):
    def mask(self, tick_index: int) -> int: ...


class RecordedInputs:
    """Inputs played live in TAS mode, from tick `start` on: `record` writes a tick's
    buttons, and a change forgets what was recorded after it (the future of the old inputs
    no longer follows)."""

    def __init__(self, start: int):
        self.start = start
        self.masks: list[int] = []

    @property
    def end(self) -> int:
        """The first tick with nothing recorded."""
        return self.start + len(self.masks)

    def mask(self, tick_index: int) -> int:
        index = tick_index - self.start
        return self.masks[index] if 0 <= index < len(self.masks) else 0

    def record(self, tick: int, mask: int) -> bool:
        """The buttons of `tick` (at most `end`); True when that changed what was recorded."""
        index = tick - self.start
        if index < len(self.masks):
            if self.masks[index] == mask:
                return False
            del self.masks[index:]
            self.masks.append(mask)
            return True
        self.masks.append(mask)
        return False


class Snapshots:
    """World copies by tick, thinned as the run grows (see the module docstring)."""

    def __init__(
        self,
        level,
        dense_every: int = DENSE_EVERY,
        dense_span: int = DENSE_SPAN,
        sparse_every: int = SPARSE_EVERY,
        max_sparse: int = MAX_SPARSE,
    ):
        self.level = level
        self.dense_every = dense_every
        self.dense_span = dense_span
        self.sparse_every = sparse_every
        self.max_sparse = max_sparse
        self._worlds: dict[int, World] = {}
        self._ticks: list[int] = []  # sorted keys of _worlds

    @property
    def ticks(self) -> list[int]:
        return list(self._ticks)

    @property
    def newest(self) -> int:
        return self._ticks[-1] if self._ticks else -1

    def __len__(self) -> int:
        return len(self._ticks)

    def _copy(self, world: World) -> World:
        return copy.deepcopy(world, {id(self.level): self.level})

    def wanted(self, tick: int) -> bool:
        """Whether a world at `tick` would be kept now."""
        if tick % self.dense_every:
            return False
        frontier = max(self.newest, tick)
        return tick >= frontier - self.dense_span or tick % self.sparse_every == 0

    def offer(self, world: World) -> None:
        """Keep a copy of `world` when its tick is one to keep and it is not kept yet."""
        tick = world.tick
        if tick in self._worlds or not self.wanted(tick):
            return
        self._worlds[tick] = self._copy(world)
        bisect.insort(self._ticks, tick)
        self._thin()

    def _thin(self) -> None:
        for tick in [t for t in self._ticks if not self.wanted(t)]:
            self._forget(tick)
        while self._sparse_count() > self.max_sparse:
            self.sparse_every *= 2
            for tick in [t for t in self._ticks if not self.wanted(t)]:
                self._forget(tick)

    def _sparse_count(self) -> int:
        return sum(1 for t in self._ticks if t < self.newest - self.dense_span)

    def _forget(self, tick: int) -> None:
        del self._worlds[tick]
        self._ticks.remove(tick)

    def at_or_before(self, tick: int) -> World | None:
        """A fresh copy of the latest snapshot at or before `tick` (None when there is none)."""
        i = bisect.bisect_right(self._ticks, tick) - 1
        return self._copy(self._worlds[self._ticks[i]]) if i >= 0 else None

    def tick_at_or_before(self, tick: int) -> int | None:
        i = bisect.bisect_right(self._ticks, tick) - 1
        return self._ticks[i] if i >= 0 else None

    def drop_after(self, tick: int) -> None:
        """Forget the snapshots after `tick` (their inputs changed)."""
        for later in [t for t in self._ticks if t > tick]:
            self._forget(later)


class Timeline:
    """The world being played and the way back: `step` runs one tick with the inputs' mask
    for it, `seek` goes to any tick from `origin_tick` on. `inputs` (an InputScript or
    RecordedInputs) give each tick's buttons; `replace_inputs` swaps them (a reloaded
    script) and re-runs what changed."""

    def __init__(self, world: World, inputs: Inputs, snapshots: Snapshots | None = None):
        self.level = world.level
        self.world = world
        self.inputs = inputs
        self.origin_tick = world.tick
        # The world it started from, always kept (a live TAS run may start at any tick).
        self._origin = copy.deepcopy(world, {id(self.level): self.level})
        self.snapshots = snapshots if snapshots is not None else Snapshots(self.level)
        self.snapshots.offer(world)
        # The worlds of the ticks just before the last one a seek went back to, kept as that
        # seek stepped past them: going back again one tick at a time (a held key) takes
        # them instead of re-running from the snapshot each time.
        self._back: dict[int, World] = {}

    def mask_at(self, tick: int) -> int:
        return self.inputs.mask(tick) if tick >= self.origin_tick else 0

    @property
    def last_mask(self) -> int:
        """The buttons of the tick that made the world shown (0 at the origin)."""
        return self.mask_at(self.world.tick - 1) if self.world.tick > self.origin_tick else 0

    def step(self) -> None:
        """One tick with the inputs' buttons for it (a finished world only counts ticks)."""
        self.world.step(self.mask_at(self.world.tick))
        self.snapshots.offer(self.world)

    def seek(self, target: int, stop_at_finish: bool = True) -> None:
        """Show the world after `target` ticks (never before the origin; forward, never past
        the finish with `stop_at_finish`)."""
        target = max(target, self.origin_tick)
        if target == self.world.tick:
            return
        if target < self.world.tick and target in self._back:
            self.world = self._back.pop(target)
            return
        kept = self.snapshots.tick_at_or_before(target)
        going_back = target < self.world.tick
        if going_back or (kept is not None and kept > self.world.tick):
            self.world = self._restore(target)
        self._back = {}
        while self.world.tick < target and not (stop_at_finish and self.world.finished):
            if going_back and target - self.world.tick <= BACK_KEEP:
                self._back[self.world.tick] = copy.deepcopy(
                    self.world, {id(self.level): self.level}
                )
            self.step()

    def _restore(self, target: int) -> World:
        restored = self.snapshots.at_or_before(target)
        if restored is None or restored.tick < self.origin_tick:
            return copy.deepcopy(self._origin, {id(self.level): self.level})
        return restored

    def replace_inputs(self, inputs: Inputs, first_changed: int | None) -> None:
        """New inputs that differ from the old from tick `first_changed` on (None: nowhere):
        the world is re-run from the latest snapshot at or before it to the tick it is at."""
        target = self.begin_replace(inputs, first_changed)
        if target is not None:
            self.run_to(target)

    def begin_replace(self, inputs: Inputs, first_changed: int | None) -> int | None:
        """`replace_inputs` in two halves: swap the inputs and go back to the latest snapshot
        at or before `first_changed`; returns the tick to re-run to with `run_to` (None when
        nothing shown changed)."""
        self.inputs = inputs
        if first_changed is None:
            return None
        self.forget_after(first_changed)
        if first_changed >= self.world.tick:
            return None
        target = self.world.tick
        self.world = self._restore(first_changed)
        return target

    def run_to(self, target: int, more: Callable[[], bool] = lambda: True) -> bool:
        """Step toward `target` (never past the finish) while `more()` says so; True once
        there."""
        while self.world.tick < target and not self.world.finished:
            if not more():
                return False
            self.step()
        return True

    def forget_after(self, tick: int) -> None:
        """The inputs changed after `tick` (a live TAS run recorded new buttons)."""
        self.snapshots.drop_after(tick)
        self._back = {t: w for t, w in self._back.items() if t <= tick}


def first_difference(old: Inputs, new: Inputs) -> int | None:
    """The first tick whose buttons differ between two InputScripts, or None."""
    changes = sorted(set(getattr(old, "ticks", ())) | set(getattr(new, "ticks", ())) | {0})
    for tick in changes:
        if old.mask(tick) != new.mask(tick):
            return tick
    return None
