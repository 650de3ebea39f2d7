"""A fixed-timestep accumulator loop ("Fix Your Timestep").

The simulation advances in whole ticks of exactly 1/rate s whatever the frame rate is; the
wall clock only decides how many ticks are due. Time is kept in integer nanoseconds scaled by
the rate, so that N/60 s of clock always gives exactly N ticks instead of N-1 from float
rounding.

`speed` (percent, 100 by default) slows the game as assist mode's game speed does: at 70 the
clock's time counts 70%, so 42 ticks run a real second instead of 60. Each tick is the same
tick; only fewer of them run per second.
"""

from __future__ import annotations

from collections.abc import Callable

NS_PER_S = 1_000_000_000
# Clock readings that miss a tick boundary by less than this still count as reaching it: a
# float clock cannot land exactly on 1/60 s, and nobody can see one microsecond.
TOLERANCE_NS = 1_000


class FixedStepLoop:
    """Runs `tick` once per 1/rate s of `clock` time.

    `clock` returns seconds as a float (``time.perf_counter`` in the game, a fake in tests).
    Each `advance` runs the ticks that have become due since the last call; a stall longer
    than `max_frame_time` is cut to that much, so a slow frame cannot trigger an ever-growing
    catch-up (the "spiral of death").
    """

    def __init__(
        self,
        tick: Callable[[], None],
        clock: Callable[[], float],
        rate: int = 60,
        max_frame_time: float = 0.25,
    ):
        self._tick = tick
        self._clock = clock
        self.rate = rate
        # Accumulator units: nanoseconds * rate, so one tick costs exactly NS_PER_S units.
        self._max_frame = round(max_frame_time * NS_PER_S) * rate
        self._tolerance = TOLERANCE_NS * rate
        self._accumulator = 0
        self._last = self._now_ns()
        self._paused = False
        self.ticks_run = 0
        self.speed = 100  # percent of real time the game runs at (assist mode: 50..100)

    def _now_ns(self) -> int:
        return round(self._clock() * NS_PER_S)

    def advance(self) -> int:
        """Run every whole tick due since the last call; return how many ran."""
        now = self._now_ns()
        elapsed = max(0, now - self._last) * self.rate * self.speed // 100
        self._last = now
        if self._paused:
            return 0
        self._accumulator += min(elapsed, self._max_frame)
        ran = 0
        while self._accumulator >= NS_PER_S - self._tolerance:
            self._accumulator -= NS_PER_S
            self._tick()
            ran += 1
            self.ticks_run += 1
            if self._paused:  # a tick may pause the game (focus lost, results): stop here
                self._accumulator = 0
                break
        return ran

    @property
    def alpha(self) -> float:
        """How far the clock is between the last tick and the next one, in [0, 1): the
        renderer draws that far from the previous tick's positions toward the last tick's.
        It stands still while paused (no time passes for the game)."""
        return min(max(self._accumulator / NS_PER_S, 0.0), 0.999999)

    def seconds_to_next_tick(self) -> float:
        """Clock time left until the next tick is due (0 when one is due already)."""
        if self._paused:
            return 1.0 / self.rate
        since = max(0, self._now_ns() - self._last) * self.rate * self.speed // 100
        missing = NS_PER_S - self._tolerance - self._accumulator - since
        return max(0, missing) * 100 / self.speed / self.rate / NS_PER_S

    # --- pausing ---------------------------------------------------------------------------
    @property
    def paused(self) -> bool:
        return self._paused

    def pause(self) -> None:
        self._paused = True

    def resume(self) -> None:
        """Continue as if the paused time never happened: the part of a tick that had passed
        when the game paused is kept, so `alpha` (and the picture drawn with it) carries on
        from where it stood instead of jumping back."""
        if self._paused:
            self._paused = False
            self._last = self._now_ns()

    def reset(self) -> None:
        """Forget any backlog (after loading a level, say): the next tick is 1/rate s away."""
        self._last = self._now_ns()
        self._accumulator = 0
