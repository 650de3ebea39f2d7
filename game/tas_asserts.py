"""`assert TICK EXPR` lines of input scripts: a small comparison language over named world
values, parsed here by hand (never `eval`), and the check of a run against them.

    assert 1200 rescued>=3
    assert 4281 result=='rescued' and lost==0
    assert 300 naruto_col >= 40

EXPR is one comparison or several joined by `and`. A comparison is `A OP B` with OP one of
== != < <= > >=, and A and B each a world value (`NAMES`), a whole number (`-12`, `300`), a
quoted text (`'rescued'`, `"collapsed"`) or `true`/`false` (1/0). At least one side names a
world value; texts compare only with == and !=.

An assert is checked on the world after TICK ticks have run (`world.tick == TICK`: before
the input of script tick TICK, as the world stands when the script's line for TICK takes
effect). A run that finishes before TICK is checked as it ended (a finished world stands
still); a run cut off before TICK (`--ticks`, or the script ran out) fails it as not
reached.
"""

from __future__ import annotations

import difflib
import operator
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from game.sim.constants import TILE

Value = int | str


def _naruto_px(world, axis: int) -> int:
    return int(world.naruto.center_px[axis])


# name -> (what it reads, a word for the docs). Numbers unless the reader returns a str.
NAMES: dict[str, tuple[Callable[[Any], Value], str]] = {
    "tick": (lambda w: w.tick, "ticks simulated"),
    "game_ticks": (lambda w: w.game_ticks, "the in-game timer, in ticks"),
    "rescued": (lambda w: w.rescued, "miners got out"),
    "lost": (lambda w: w.lost, "miners lost for good"),
    "total": (lambda w: w.total_miners, "miners on the map"),
    "clones": (lambda w: w.clones.count, "shadow clones alive"),
    "chakra": (lambda w: int(w.naruto.chakra), "Naruto's chakra"),
    "naruto_x": (lambda w: _naruto_px(w, 0), "the centre of Naruto's hitbox, pixels"),
    "naruto_y": (lambda w: _naruto_px(w, 1), "the centre of Naruto's hitbox, pixels"),
    "naruto_col": (lambda w: _naruto_px(w, 0) // TILE, "the tile column of that centre"),
    "naruto_row": (lambda w: _naruto_px(w, 1) // TILE, "the tile row of that centre"),
    "splits": (lambda w: len(w.split_ticks), "splits reached"),
    "crates": (lambda w: w.crates_delivered, "supply crates delivered"),
    "crates_lost": (lambda w: w.crates_lost, "supply crates lost"),
    "stage": (lambda w: w.collapse_stage, "the collapse stage, 1 to 4"),
    "section": (lambda w: w.section, "the map Naruto is in (Full Rescue), from 0"),
    "started": (lambda w: int(w.started), "1 once the in-game timer runs"),
    "finished": (lambda w: int(w.finished), "1 once the run is over"),
    "dialogue": (lambda w: int(bool(w.dialogue)), "1 while a dialogue box is open"),
    "result": (lambda w: w.result, "'' until the end, then 'rescued' or 'collapsed'"),
}
TEXT_NAMES = {"result"}
RESULTS = ("", "rescued", "collapsed")
OPERATORS: dict[str, Callable[[Value, Value], bool]] = {
    "==": operator.eq,
    "!=": operator.ne,
    "<=": operator.le,
    ">=": operator.ge,
    "<": operator.lt,
    ">": operator.gt,
}
MAX_NUMBER_DIGITS = 12
MAX_EXPR_CHARS = 200
MAX_COMPARISONS = 8

_TOKEN = re.compile(
    r"\s*(?:(?P<op>==|!=|<=|>=|<|>)|(?P<num>-?[0-9]+)|(?P<text>'[^']*'|\"[^\"]*\")"
    r"|(?P<word>[A-Za-z_][A-Za-z0-9_]*))"
)


@dataclass(frozen=True)
class Operand:
    name: str | None  # a world value's name, or None for a literal
    literal: Value = 0

    def read(self, world) -> Value:
        return NAMES[self.name][0](world) if self.name is not None else self.literal

    @property
    def is_text(self) -> bool:
        return self.name in TEXT_NAMES if self.name is not None else isinstance(self.literal, str)


@dataclass(frozen=True)
class Comparison:
    left: Operand
    op: str
    right: Operand

    def holds(self, world) -> bool:
        return OPERATORS[self.op](self.left.read(world), self.right.read(world))


@dataclass(frozen=True)
class Assert:
    """One `assert TICK EXPR` line: `where` is "file:line"."""

    tick: int
    text: str  # EXPR as written (spaces squeezed), for the report
    comparisons: tuple[Comparison, ...]
    where: str = ""

    def holds(self, world) -> bool:
        return all(c.holds(world) for c in self.comparisons)

    def actual(self, world) -> str:
        """The world values the expression names, as they are: "rescued is 2, lost is 0"."""
        names: list[str] = []
        for c in self.comparisons:
            for side in (c.left, c.right):
                if side.name is not None and side.name not in names:
                    names.append(side.name)
        return ", ".join(f"{n} is {NAMES[n][0](world)!r}" for n in names)

    def failure(self, world, *, reached: bool = True) -> str:
        """The one line reporting this assert failed (on `world`, or never reached)."""
        head = f"{self.where}: assert at tick {self.tick} failed: {self.text}"
        if not reached:
            return f"{head} (not reached: the run stopped at tick {world.tick})"
        return f"{head} ({self.actual(world)})"


def parse_expression(text: str) -> tuple[Comparison, ...]:
    """EXPR -> its comparisons. Raises ValueError with a message for the user."""
    if len(text) > MAX_EXPR_CHARS:
        raise ValueError(f"the expression is longer than {MAX_EXPR_CHARS} characters")
    tokens = _tokens(text)
    if not tokens:
        raise ValueError("expected an expression after the tick, such as rescued>=3")
    comparisons: list[Comparison] = []
    position = 0
    while True:
        if len(comparisons) == MAX_COMPARISONS:
            raise ValueError(f"at most {MAX_COMPARISONS} comparisons joined by 'and'")
        part = tokens[position : position + 3]
        if len(part) < 3 or part[1][0] != "op" or "op" in (part[0][0], part[2][0]):
            shown = " ".join(value for _, value in tokens[position : position + 3])
            raise ValueError(f"expected a comparison such as rescued>=3, got {shown!r}")
        comparisons.append(_comparison(part[0], part[1][1], part[2]))
        position += 3
        if position == len(tokens):
            return tuple(comparisons)
        if tokens[position] != ("word", "and") or position + 1 == len(tokens):
            raise ValueError(f"expected 'and' and another comparison, got {tokens[position][1]!r}")
        position += 1


def _tokens(text: str) -> list[tuple[str, str]]:
    tokens, position = [], 0
    text = text.rstrip()
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None or match.end() == position:
            rest = text[position:].strip()[:20]
            raise ValueError(f"cannot read {rest!r} (names, numbers, 'texts' and == != < <= > >=)")
        kind = match.lastgroup or ""
        tokens.append((kind, match.group(kind)))
        position = match.end()
    return tokens


def _comparison(left: tuple[str, str], op: str, right: tuple[str, str]) -> Comparison:
    a, b = _operand(*left), _operand(*right)
    if a.name is None and b.name is None:
        raise ValueError(f"{left[1]} {op} {right[1]} compares no world value")
    if a.is_text != b.is_text:
        named = a if a.name is not None else b
        kind = "a text" if named.is_text else "a number"
        raise ValueError(f"{named.name} is {kind}; it cannot be compared with {right[1]!r}")
    if a.is_text and op not in ("==", "!="):
        raise ValueError(f"texts compare only with == and !=, not {op}")
    for side, other in ((a, b), (b, a)):
        if side.name == "result" and other.name is None and other.literal not in RESULTS:
            raise ValueError(f"result is '', 'rescued' or 'collapsed', never {other.literal!r}")
    return Comparison(a, op, b)


def _operand(kind: str, value: str) -> Operand:
    if kind == "num":
        if len(value.lstrip("-")) > MAX_NUMBER_DIGITS:
            raise ValueError(f"the number {value[:14]}... is too long")
        return Operand(None, int(value))
    if kind == "text":
        return Operand(None, value[1:-1])
    word = value.lower()
    if word in ("true", "false"):
        return Operand(None, int(word == "true"))
    if word in NAMES:
        return Operand(word)
    close = difflib.get_close_matches(word, NAMES, n=1)
    hint = f"; did you mean {close[0]}?" if close else f" (names: {' '.join(NAMES)})"
    raise ValueError(f"unknown name {value[:30]!r}{hint}")


def squeezed(text: str) -> str:
    return " ".join(text.split())


class AssertCheck:
    """Checks a run's asserts as it goes: call `reached(world)` with the world after each
    step (and once before the first), `finish(world)` at the end. `failures` holds one line
    per failed assert, in the order found; `passed` counts the rest."""

    def __init__(self, asserts: tuple[Assert, ...]):
        self.pending = sorted(asserts, key=lambda a: a.tick)
        self.failures: list[str] = []
        self.passed = 0
        self.failed: list[Assert] = []

    def reached(self, world) -> list[Assert]:
        """Check the asserts due on `world` (its tick, and any earlier one still waiting;
        every later one once it finished). Returns those that failed just now."""
        count = len(self.pending) if world.finished else 0
        while count < len(self.pending) and self.pending[count].tick <= world.tick:
            count += 1
        if not count:
            return []
        due, self.pending = self.pending[:count], self.pending[count:]
        failed = []
        for item in due:
            if item.holds(world):
                self.passed += 1
            else:
                failed.append(item)
                self.failed.append(item)
                self.failures.append(item.failure(world))
        return failed

    def finish(self, world) -> list[str]:
        """The asserts the run never reached fail (a finished world is checked as it stands)."""
        self.reached(world)
        for item in self.pending:
            self.failed.append(item)
            self.failures.append(item.failure(world, reached=False))
        self.pending = []
        return self.failures


def report(failures: list[str], stream) -> int:
    """The command line's end of a checked run: each failure a line on `stream`; the exit
    code, 1 when any assert failed, else 0."""
    for line in failures:
        print(line, file=stream)
    return 1 if failures else 0
