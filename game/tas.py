"""Input scripts: the plain-text TAS format, one line per change of the held buttons.

    # comments and blank lines are ignored
    0 right
    45 right+jump
    52 right
    300 clone
    301 -

Each line is `TICK BUTTONS`: from tick TICK (0 = the input of the first simulated tick)
the buttons are held until the next line; `-` holds nothing. Ticks must increase.
Button names: left right up down jump rasengan clone fire transform.

Two more kinds of line, for TAS work:

    # breakpoint
    assert 1200 rescued>=3

- A line that is only the comment `# breakpoint` (or `#breakpoint`, any case) stops playback
  in `play` at the tick of the next input line: the world as it stands after that many
  ticks, before that line's buttons take effect. After the last input line it stops at the
  tick after that line's (its buttons have run once); in a script with no input line, at 0.
  A `# breakpoint` after the buttons on an input line is a plain comment.
- `assert TICK EXPR` checks the world after TICK ticks (game/tas_asserts.py has the
  language); `simulate` and `replay record` report each failed one, `play` stops on it.
  Assert lines may stand anywhere; their ticks need not follow the input lines' order.
  `#` starts a comment anywhere on a line, inside quotes too.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from game import files
from game.sim.constants import BUTTONS

if TYPE_CHECKING:
    from game.tas_asserts import Assert

MAX_TICK = 60 * 60 * 60 * 10  # ten hours: anything longer is a broken file, not a run
MAX_TICK_DIGITS = len(str(MAX_TICK))
# A script that changed its buttons on every tick of an hour is about 2.5 MB; the cap keeps a
# runaway generator's output (or /dev/zero behind a link) from taking minutes to read.
MAX_SCRIPT_BYTES = 4 * files.MIB


class InputScriptError(Exception):
    """One line naming the file (and line) and the problem."""


@dataclass(frozen=True)
class InputScript:
    ticks: tuple[int, ...]  # ascending ticks at which the held buttons change
    masks: tuple[int, ...]  # the buttons held from that tick on
    breakpoints: tuple[int, ...] = ()  # ascending ticks where playback in `play` stops
    asserts: tuple[Assert, ...] = ()  # in file order

    def mask(self, tick_index: int) -> int:
        """The buttons held during the tick with this 0-based index."""
        i = bisect.bisect_right(self.ticks, tick_index) - 1
        return self.masks[i] if i >= 0 else 0

    @property
    def last_change(self) -> int:
        return self.ticks[-1] if self.ticks else 0


def parse_buttons(text: str) -> int:
    """'right+jump' -> bitmask; '-' -> 0. Raises ValueError naming an unknown button."""
    if text == "-":
        return 0
    mask = 0
    for name in text.split("+"):
        name = name.strip().lower()
        if name not in BUTTONS:
            known = " ".join(BUTTONS)
            raise ValueError(f"unknown button {_shown(name)} (buttons: {known})")
        mask |= BUTTONS[name]
    return mask


def format_buttons(mask: int) -> str:
    names = [name for name, bit in BUTTONS.items() if mask & bit]
    return "+".join(names) if names else "-"


def parse_input_script(text: str, source: str = "<script>") -> InputScript:
    ticks: list[int] = []
    masks: list[int] = []
    breakpoints: list[int] = []
    asserts: list[Assert] = []
    stop_next = False  # a `# breakpoint` waits for the next input line
    for number, raw in enumerate(text.splitlines(), start=1):
        if is_breakpoint(raw):
            stop_next = True
            continue
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        where = f"{source}:{number}"
        parts = line.split()
        if parts[0].lower() == "assert":
            asserts.append(_parse_assert(line, where))
            continue
        if len(parts) != 2:
            raise InputScriptError(f"{where}: expected 'TICK BUTTONS', got {_shown(line)}")
        tick_text, buttons_text = parts
        tick = _parse_tick(tick_text, where)
        if ticks and tick <= ticks[-1]:
            raise InputScriptError(f"{where}: tick {tick} does not come after tick {ticks[-1]}")
        try:
            mask = parse_buttons(buttons_text)
        except ValueError as error:
            raise InputScriptError(f"{where}: {error}") from None
        ticks.append(tick)
        masks.append(mask)
        if stop_next:
            breakpoints.append(tick)
            stop_next = False
    if stop_next:
        breakpoints.append(ticks[-1] + 1 if ticks else 0)
    return InputScript(tuple(ticks), tuple(masks), tuple(breakpoints), tuple(asserts))


def is_breakpoint(raw: str) -> bool:
    """A line that is only the comment `# breakpoint` (spaces and case as you like)."""
    stripped = raw.strip()
    return stripped.startswith("#") and stripped[1:].strip().lower() == "breakpoint"


def _parse_tick(tick_text: str, where: str) -> int:
    # isdigit() alone also takes "²" and "①", which int() refuses
    if not (tick_text.isascii() and tick_text.isdigit()):
        raise InputScriptError(
            f"{where}: tick must be a whole number >= 0, got {_shown(tick_text)}"
        )
    if len(tick_text.lstrip("0")) > MAX_TICK_DIGITS:
        raise InputScriptError(
            f"{where}: tick {tick_text[:12]}... is beyond the {MAX_TICK}-tick limit"
        )
    tick = int(tick_text.lstrip("0") or "0")  # int() refuses 4,301+ digits, zeros too
    if tick > MAX_TICK:
        raise InputScriptError(f"{where}: tick {tick} is beyond the {MAX_TICK}-tick limit")
    return tick


def _parse_assert(line: str, where: str) -> Assert:
    """`assert TICK EXPR` (the comment already cut off)."""
    # Imported here: the assert language is needed only by a script with asserts, and
    # `verify` (which imports this module via the command line) starts faster without it.
    from game.tas_asserts import Assert, parse_expression, squeezed

    parts = line.split(None, 2)
    if len(parts) < 3:
        raise InputScriptError(f"{where}: expected 'assert TICK EXPR', got {_shown(line)}")
    tick = _parse_tick(parts[1], where)
    try:
        comparisons = parse_expression(parts[2])
    except ValueError as error:
        raise InputScriptError(f"{where}: bad assert: {error}") from None
    return Assert(tick, squeezed(parts[2]), comparisons, where)


def _shown(text: str, limit: int = 40) -> str:
    """User text inside a message: quoted, escaped, and cut short."""
    return repr(text[:limit] + ("..." if len(text) > limit else ""))


def load_input_script(path: str | Path) -> InputScript:
    try:
        text = files.read_text(path, MAX_SCRIPT_BYTES, "input script")
    except files.MissingFile:
        raise InputScriptError(f"{path}: no such input script") from None
    except files.UnreadableFile as error:
        raise InputScriptError(str(error)) from None
    return parse_input_script(text, str(path))


def script_from_masks(masks: list[int]) -> str:
    """Per-tick masks -> the shortest script that holds the same buttons."""
    lines = []
    previous = None
    for tick, mask in enumerate(masks):
        if mask != previous:
            lines.append(f"{tick} {format_buttons(mask)}")
            previous = mask
    return "\n".join(lines) + "\n"
