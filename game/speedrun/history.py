"""Run history: how many attempts a board (map and category) has seen, how they ended, and the
split ticks of the recent ones, so averages and LiveSplit's attempt history can be built.

An attempt counts once its clock started (its first input), as LiveSplit counts one when its
timer starts. It ends finished (the category's goal met: it has a final time) or reset (R,
back to the title, the mine came down, a reload) while on some row: `reset_at` is the row it
was on, 0 for the first split, the split count for the finish. Counts cover every attempt
ever; the split ticks are kept for the latest MAX_RECENT only, so the file stays small.

Plain data, no pygame and no files: game/speedrun/pbstore.py keeps it with the personal bests.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta, timezone

MAX_RECENT = 1000  # attempts whose split ticks are kept, per board
MAX_COUNT = 10**9  # attempts on one board: a thousand years of resets, never more
DATE_FORMAT = "%Y-%m-%dT%H:%M:%SZ"  # UTC, to the second
MAX_DATE_LENGTH = 32


@dataclass(frozen=True)
class AttemptRecord:
    """One attempt as it ended: its number on the board (1 for the first), its cumulative
    rows (None where not reached; the finish last, None unless finished) and when it started
    and ended (UTC, None when unknown)."""

    number: int
    rows: tuple[int | None, ...]
    started: str | None = None
    ended: str | None = None

    @property
    def final(self) -> int | None:
        return self.rows[-1] if self.rows else None

    @property
    def finished(self) -> bool:
        return self.final is not None

    @property
    def reset_at(self) -> int | None:
        """The row a reset attempt was on (how many rows it reached), None when finished."""
        if self.finished:
            return None
        return sum(1 for row in self.rows[:-1] if row is not None)


@dataclass(frozen=True)
class BoardHistory:
    """A board's attempts: `started` and `finished` ever, `resets[k]` the attempts reset on
    row k, and `recent` the latest MAX_RECENT attempts, oldest first."""

    started: int = 0
    finished: int = 0
    resets: tuple[int, ...] = ()
    recent: tuple[AttemptRecord, ...] = field(default=())

    def reset_count(self, row: int) -> int:
        return self.resets[row] if row < len(self.resets) else 0

    @property
    def next_number(self) -> int:
        return self.started + 1

    def with_attempt(
        self,
        rows: Sequence[int | None],
        started: str | None = None,
        ended: str | None = None,
    ) -> BoardHistory:
        """This history after one more attempt that ended with `rows`."""
        attempt = AttemptRecord(self.next_number, tuple(rows), started, ended)
        resets = list(self.resets)
        if not attempt.finished:
            row = attempt.reset_at or 0
            resets.extend([0] * (row + 1 - len(resets)))
            resets[row] += 1
        return replace(
            self,
            started=min(MAX_COUNT, self.started + 1),
            finished=min(MAX_COUNT, self.finished + (1 if attempt.finished else 0)),
            resets=tuple(resets),
            recent=(*self.recent, attempt)[-MAX_RECENT:],
        )


def utc_now() -> datetime:
    """The wall clock, for an attempt's dates only (never for its times); tests replace it."""
    return datetime.now(timezone.utc)


def dates(real_seconds: float | None, now: datetime | None = None) -> tuple[str | None, str]:
    """An attempt's start and end as stored: it ended `now`, and started `real_seconds` before
    (None when unknown)."""
    ended = now or utc_now()
    started = None if real_seconds is None else ended - timedelta(seconds=real_seconds)
    return (started.strftime(DATE_FORMAT) if started else None), ended.strftime(DATE_FORMAT)


def parse_date(text: str | None) -> datetime | None:
    if text is None:
        return None
    return datetime.strptime(text, DATE_FORMAT).replace(tzinfo=timezone.utc)
