"""Run analysis as LiveSplit's runners read it: the best possible time, the time each split
could still save, and what a run is compared against (the PB, the golds, or the average of
recent finished attempts).

Plain arithmetic on in-game ticks over a Record (game/speedrun/splits.py) and a board's run
history (game/speedrun/history.py): no pygame, no files.
"""

from __future__ import annotations

from dataclasses import dataclass

from game.speedrun.history import BoardHistory
from game.speedrun.splits import Record, SplitRow, compare, segments, sum_of_best

PB, GOLD, AVERAGE = "pb", "gold", "average"
COMPARISONS = (PB, GOLD, AVERAGE)
COMPARISON_NAMES = {PB: "PB", GOLD: "Golds", AVERAGE: "Avg"}  # short: the panel is narrow
AVERAGE_OF = 10  # the average comparison: the latest this many finished attempts


def next_comparison(comparison: str) -> str:
    """The comparison after `comparison`, round the list."""
    index = COMPARISONS.index(comparison) if comparison in COMPARISONS else -1
    return COMPARISONS[(index + 1) % len(COMPARISONS)]


def cumulative(segment_ticks: list[int | None]) -> list[int | None]:
    """Segments added up into split times; None from the first unknown segment on."""
    out: list[int | None] = []
    total: int | None = 0
    for segment in segment_ticks:
        total = total + segment if total is not None and segment is not None else None
        out.append(total)
    return out


def average_segments(
    history: BoardHistory, count: int, last: int = AVERAGE_OF
) -> tuple[list[int | None], int]:
    """The mean of each row's segment over the latest `last` finished attempts with `count`
    splits (rounded to a tick; None where none of them has that segment), and how many
    attempts went into it."""
    finished = []
    for attempt in reversed(history.recent):  # newest first, stopping at `last`: it runs
        if attempt.finished and len(attempt.rows) == count + 1:  # every drawn frame
            finished.append(attempt)
            if len(finished) == last:
                break
    sums = [0] * (count + 1)
    seen = [0] * (count + 1)
    for attempt in finished:
        for i, segment in enumerate(segments(list(attempt.rows))):
            if segment is not None:
                sums[i] += segment
                seen[i] += 1
    means = [(s + n // 2) // n if n else None for s, n in zip(sums, seen, strict=True)]
    return means, len(finished)


def comparison_rows(
    record: Record,
    history: BoardHistory,
    count: int,
    comparison: str,
    average: tuple[list[int | None], int] | None = None,
) -> list[int | None]:
    """The cumulative time of every row in `comparison`: the PB's split times, the golds
    added up, or the recent average's segments added up (`average`: `average_segments`'
    answer, when the caller has it already)."""
    if comparison == GOLD:
        return cumulative([record.best(i) for i in range(count + 1)])
    if comparison == AVERAGE:
        return cumulative((average or average_segments(history, count))[0])
    return [record.pb(i) for i in range(count + 1)]


def possible_saves(record: Record, count: int) -> list[int | None]:
    """Per row, the PB's segment minus the gold: what a perfect segment would save against
    the PB (None where either is unknown)."""
    pb_segments = segments([record.pb(i) for i in range(count + 1)])
    out: list[int | None] = []
    for i, pb_segment in enumerate(pb_segments):
        best = record.best(i)
        out.append(
            max(0, pb_segment - best) if pb_segment is not None and best is not None else None
        )
    return out


def best_possible(record: Record, rows: list[int | None], now: int | None = None) -> int | None:
    """The fastest this run can still finish: its time at the last row reached, then the
    golds of the rows left, the current one's no shorter than the time already spent in it
    (`now`, the run's in-game ticks). A finished run's is its final time; a run not started
    yet has the sum of best. None while a gold it needs is unknown."""
    if rows and rows[-1] is not None:
        return rows[-1]
    reached = [i for i, row in enumerate(rows) if row is not None]
    last = reached[-1] if reached else -1
    base = rows[last] if reached else 0
    assert base is not None
    total = base
    for i in range(last + 1, len(rows)):
        gold = record.best(i)
        if gold is None:
            return None
        if i == last + 1 and now is not None:
            gold = max(gold, now - base)  # the segment being run has taken this long already
        total += gold
    return total


@dataclass(frozen=True)
class RunAnalysis:
    """What the splits panel and the results draw: the rows against the chosen comparison
    (each SplitRow's `pb` is that comparison's time), the analysis lines and each row's
    possible time save."""

    comparison: str
    rows: list[SplitRow]
    best_possible: int | None
    sum_of_best: int | None
    possible_saves: list[int | None]
    averaged: int  # finished attempts in the average comparison

    @property
    def total_possible_save(self) -> int | None:
        """The PB minus the sum of best: all the time the PB could lose."""
        known = [save for save in self.possible_saves if save is not None]
        if not self.possible_saves or len(known) < len(self.possible_saves):
            return None
        return sum(known)


def analyse(
    names: list[str],
    rows: list[int | None],
    record: Record,
    history: BoardHistory,
    comparison: str = PB,
    now: int | None = None,
) -> RunAnalysis:
    """A run's rows (cumulative, None where not reached) against `comparison`, with the
    best possible time (`now`: the run's in-game ticks, for a live run) and possible saves."""
    count = len(rows) - 1
    average = average_segments(history, count)  # once a frame: the rows and the count
    against_rows = comparison_rows(record, history, count, comparison, average)
    against = Record(tuple(against_rows), record.best_segments)
    return RunAnalysis(
        comparison=comparison,
        rows=compare(names, rows, against),
        best_possible=best_possible(record, rows, now),
        sum_of_best=sum_of_best(record, count),
        possible_saves=possible_saves(record, count),
        averaged=average[1],
    )


def analyse_attempt(attempt, world, comparison: str = PB) -> RunAnalysis:
    """`analyse` for a live or ended Attempt (game/speedrun/attempt.py) on its world, against
    its board's record and history from before it."""
    now = world.game_ticks if world.started else None
    rows = attempt.rows(world)
    return analyse(attempt.names, rows, attempt.record, attempt.history, comparison, now)
