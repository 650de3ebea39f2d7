"""One attempt at a map in one category, as the runner sees it: when its time is final, its
split rows against the personal best, and real time beside in-game time. No pygame."""

from __future__ import annotations

import time
from collections.abc import Callable

from game.speedrun.history import BoardHistory
from game.speedrun.splits import (
    Record,
    SplitRow,
    compare,
    merge,
    row_names,
    run_rows,
    run_time,
    sum_of_best,
)


class Attempt:
    def __init__(
        self,
        level,
        category: str,
        record: Record,
        practice: bool = False,
        clock: Callable[[], float] = time.perf_counter,
        assists: tuple[str, ...] = (),
    ):
        self.category = category
        self.assists = assists  # assist mode's (game.sim.assists): shown on the HUD and results
        self.record = record  # the PB and best segments before this attempt
        # the board's run history before this attempt (its session sets it): the average
        # comparison of the splits panel and the results (game/speedrun/analysis.py)
        self.history = BoardHistory()
        self.practice = practice
        self.clock = clock
        self.names = row_names(level)
        self.count = len(level.splits)
        self.final: int | None = None  # in-game ticks once the category's goal is met
        self._real_start: float | None = None
        self._real_end: float | None = None

    @property
    def complete(self) -> bool:
        return self.final is not None

    def update(self, world) -> bool:
        """After every tick. True on the one tick the attempt becomes complete."""
        if self._real_start is None and world.started:
            self._real_start = self.clock()  # real time starts with in-game time
        if self.final is not None:
            return False
        self.final = run_time(world, self.category)
        if self.final is not None:
            self._real_end = self.clock()
            return True
        return False

    def real_seconds(self) -> float | None:
        """Wall-clock seconds since the first input (pauses and dialogue included, as real
        time always does); None before the run starts."""
        if self._real_start is None:
            return None
        end = self._real_end if self._real_end is not None else self.clock()
        return max(0.0, end - self._real_start)

    def rows(self, world) -> list[int | None]:
        return run_rows(world.split_ticks, self.final, self.count)

    def comparison(self, world) -> list[SplitRow]:
        return compare(self.names, self.rows(world), self.record)

    def sum_of_best(self) -> int | None:
        return sum_of_best(self.record, self.count)

    def merged(self, world) -> Record:
        """The record after this attempt (unchanged for practice; PB only when complete)."""
        return merge(self.record, self.rows(world), practice=self.practice)
