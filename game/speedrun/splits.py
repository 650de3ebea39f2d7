"""Splits as runners read them: a run's times against the personal best, and best segments.

Everything here is plain data and arithmetic on in-game ticks (no pygame, no files), so the
panel, the results chart, LiveSplit and the PB store all agree to the tick.

A map with N splits has N + 1 rows: its splits in order, then the finish. A row's time is
cumulative (in-game ticks since the run started); its segment is the time since the row
before. A row the run skipped (an Any% finish before the last split) has no time, and the
segment after it has none either: only segments whose both ends are known are compared.
"""

from __future__ import annotations

from dataclasses import dataclass

CATEGORIES = ("any", "all")
CATEGORY_NAMES = {"any": "ANY%", "all": "ALL RESCUED"}
# A new player plays to get everyone out; a runner picks Any% (C on the title) to stop the
# clock at the map's quota.
DEFAULT_CATEGORY = "all"
FINISH = "Finish"


def run_time(world, category: str) -> int | None:
    """The run's final in-game time in `category`, or None while it has none yet.

    Any%: when the map's quota of miners was out. All Rescued: when the run ended with every
    miner out and nobody lost."""
    if category == "any":
        return world.quota_tick if world.quota_tick >= 0 else None
    if world.finished and world.result == "rescued" and world.lost == 0:
        return world.game_ticks
    return None


def run_rows(split_ticks, final: int | None, count: int) -> list[int | None]:
    """The cumulative time of each of the `count` splits, then the finish; None where the
    run has no time (not reached yet, or reached after an Any% finish)."""
    rows: list[int | None] = [None] * (count + 1)
    for i, tick in enumerate(list(split_ticks)[:count]):
        if final is None or tick <= final:
            rows[i] = int(tick)
    rows[count] = final
    return rows


def segments(rows: list[int | None], span: bool = False) -> list[int | None]:
    """Each row's segment: its time minus the previous row's (the first from 0). With
    `span`, a row after skipped ones measures from the last row reached instead (what the
    chart shows); without, it has none (a best segment must be one segment)."""
    out: list[int | None] = []
    previous: int | None = 0
    for row in rows:
        out.append(row - previous if row is not None and previous is not None else None)
        if row is not None or not span:
            previous = row
    return out


@dataclass(frozen=True)
class Record:
    """What is kept per map and category: the PB's rows (cumulative ticks; its final time is
    the last) and the best segment ever run at each row (None where none is known yet)."""

    pb_rows: tuple[int | None, ...] = ()
    best_segments: tuple[int | None, ...] = ()

    @property
    def pb_final(self) -> int | None:
        return self.pb_rows[-1] if self.pb_rows else None

    def best(self, index: int) -> int | None:
        return self.best_segments[index] if index < len(self.best_segments) else None

    def pb(self, index: int) -> int | None:
        return self.pb_rows[index] if index < len(self.pb_rows) else None


def sum_of_best(record: Record, count: int) -> int | None:
    """The sum of the best segments of all count + 1 rows; None while one is unknown."""
    total = 0
    for i in range(count + 1):
        best = record.best(i)
        if best is None:
            return None
        total += best
    return total


def merge(record: Record, rows: list[int | None], practice: bool = False) -> Record:
    """The record after a run with these rows (finished or not). Best segments improve from
    any real run, as in LiveSplit; the PB changes only for a finished run that beats it.
    A practice run changes nothing."""
    if practice:
        return record
    count = len(rows)
    best = [record.best(i) for i in range(count)]
    for i, segment in enumerate(segments(rows)):
        known = best[i]
        if segment is not None and (known is None or segment < known):
            best[i] = segment
    pb_rows = record.pb_rows
    final = rows[-1]
    if final is not None and (record.pb_final is None or final < record.pb_final):
        pb_rows = tuple(rows)
    return Record(tuple(pb_rows), tuple(best))


@dataclass(frozen=True)
class SplitRow:
    """One line of the splits panel or the chart."""

    name: str
    time: int | None  # this run's cumulative time at the row, None if not reached
    pb: int | None  # the PB's cumulative time at the row
    delta: int | None  # time - pb, when both are known (negative: ahead)
    segment: int | None  # this run's segment
    pb_segment: int | None
    best_segment: int | None  # the best before this run
    gold: bool  # this run's segment beats every earlier one


def compare(names: list[str], rows: list[int | None], record: Record) -> list[SplitRow]:
    """This run's rows beside the record's: what the panel and the chart draw."""
    strict = segments(rows)
    run_segments = segments(rows, span=True)
    pb_segments = segments([record.pb(i) for i in range(len(rows))], span=True)
    out = []
    for i, name in enumerate(names):
        time, pb, best = rows[i], record.pb(i), record.best(i)
        segment, strict_segment = run_segments[i], strict[i]
        out.append(
            SplitRow(
                name=name,
                time=time,
                pb=pb,
                delta=time - pb if time is not None and pb is not None else None,
                segment=segment,
                pb_segment=pb_segments[i],
                best_segment=best,
                gold=strict_segment is not None and best is not None and strict_segment < best,
            )
        )
    return out


def row_names(level) -> list[str]:
    """The panel's rows for a level: its splits by name, then the finish."""
    return [split.name or f"Split {i + 1}" for i, split in enumerate(level.splits)] + [FINISH]


def format_delta(ticks: int) -> str:
    """A delta the way runners read it: -1.25 ahead, +0.50 behind, +1:02.3 past a minute.
    Truncated toward zero to hundredths, like the timer."""
    sign = "-" if ticks < 0 else "+"
    centis = abs(ticks) * 100 // 60
    if centis >= 6000:
        minutes, rest = divmod(centis, 6000)
        return f"{sign}{minutes}:{rest // 100:02d}.{rest % 100 // 10}"
    return f"{sign}{centis // 100}.{centis % 100:02d}"
