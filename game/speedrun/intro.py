"""Skipping the opening dialogue on a restart, with inputs a replay records like any others.

The simulation opens the map's intro box at tick 0 and lets it close only after
`MIN_OPEN_TICKS`, on a jump press (game/sim/dialogue.py). A runner restarting with R has read
it already, so the play screen steps the new world through it at once, the way the fastest
player would: idle ticks until the box may close, then one jump press. Those inputs go into
the replay, so a run that skipped its intro verifies like any other. While a box is open the
in-game timer stands still and the press that closes it never reaches Naruto as a jump, so a
skipped intro changes no time and no position.
"""

from __future__ import annotations

from collections.abc import Callable

from game.sim.constants import JUMP, TICKS_PER_SECOND
from game.sim.dialogue import MIN_OPEN_TICKS

# A queue of boxes longer than this at tick 0 is a broken map, not an intro: stop there.
MAX_SKIP_TICKS = 60 * TICKS_PER_SECOND


def close_opening_boxes(world, record: Callable[[int], None]) -> int:
    """Step `world` until no dialogue box is open, passing each tick's input to `record`
    before the step (as the play screen does). Counts its own idle ticks instead of reading
    the box's age, so it relies on nothing but the rule "a press closes a box once it has
    been open MIN_OPEN_TICKS ticks". Returns the ticks stepped (0 with no box open)."""
    steps = 0
    idle = 0
    while world.dialogue and steps < MAX_SKIP_TICKS:
        if idle >= MIN_OPEN_TICKS - 1:
            mask, idle = JUMP, 0  # a queued box opens on this tick: count it from here
        else:
            mask, idle = 0, idle + 1  # also releases the previous press, so the next is new
        record(mask)
        world.step(mask)
        steps += 1
    return steps
