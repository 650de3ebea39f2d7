"""The TAS controls of the play screen: pause and frame advance, fast-forward, rewind and
seek, breakpoints and asserts, and live reload of the input script.

They drive a `game.tas_timeline.Timeline` and hand each world they make to the play screen
(`TasHost`) to draw. Two ways in:
- `play --inputs SCRIPT`: the script's buttons, its `# breakpoint`s and `assert`s; saving
  the script re-reads it and re-runs the world to the tick it was at.
- "TAS mode" on the pause menu of a normal run: the player's buttons, recorded tick by tick
  from there (a rewind and new buttons replace what followed). The run stops being a
  speedrun attempt: no personal best and no replay is kept from it.

Keys (while the pause menu is closed; none is a game binding by default):
    /  play or pause (or the Pause key)   .  one tick forward   ,  one tick back
       (. and , held down repeat every tick after a third of a second: rewind as it plays)
    PgUp / PgDn  a second back / forward               Home  back to the first tick
    F5 x1   F6 x2   F7 x4   F8 as fast as it goes      F9  go to a tick (type it, Enter)
    F1  the key list

Playback stops at a `# breakpoint`, at a failed `assert` (checked on each tick that playback
or frame advance reaches; a seek jumps over them) and where the run ends (/ then goes on to
the results). Seeks and reloads never go back before the tick the controls took over.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

import pygame

from game.sim.constants import TICKS_PER_SECOND
from game.sim.world import World
from game.speedrun.splits import run_time
from game.tas import InputScript, InputScriptError, load_input_script
from game.tas_timeline import Inputs, RecordedInputs, Timeline, first_difference

SPEEDS = (1, 2, 4, 0)  # ticks per game tick; 0: as many as fit in a frame (`MAX_BUDGET`)
MAX = 0
MAX_BUDGET_SECONDS = 0.02  # a frame at full speed spends this long stepping, then draws
POLL_SECONDS = 0.25  # how often the script's modification time and size are looked at
SECOND = TICKS_PER_SECOND

PLAY_PAUSE = pygame.K_SLASH
PLAY_PAUSE_TOO = pygame.K_PAUSE  # where / takes a shift (many European layouts)
FORWARD = pygame.K_PERIOD
BACK = pygame.K_COMMA
SECOND_BACK = pygame.K_PAGEUP
SECOND_FORWARD = pygame.K_PAGEDOWN
TO_START = pygame.K_HOME
SPEED_KEYS = {pygame.K_F5: 1, pygame.K_F6: 2, pygame.K_F7: 4, pygame.K_F8: MAX}
GO_TO = pygame.K_F9
HELP = pygame.K_F1
ALL_KEYS = {
    PLAY_PAUSE,
    PLAY_PAUSE_TOO,
    FORWARD,
    BACK,
    SECOND_BACK,
    SECOND_FORWARD,
    TO_START,
    GO_TO,
    HELP,
}
ALL_KEYS |= set(SPEED_KEYS)
DIGITS = {getattr(pygame, f"K_{n}"): str(n) for n in range(10)} | {
    getattr(pygame, f"K_KP{n}"): str(n) for n in range(10)
}
MAX_GO_TO_DIGITS = 7
REPEAT_AFTER_TICKS = 20  # . or , held this long repeats once a tick (rewind as it plays)
REPEATING = (FORWARD, BACK)

HELP_LINES = (
    "/ play/pause   . tick +1   , tick -1   (hold)",
    "PgUp/PgDn 1 s back/on   Home first tick",
    "F5 x1  F6 x2  F7 x4  F8 max   F9 go to tick",
)


class TasHost(Protocol):
    """What the controls need of the play screen."""

    world: World

    def tas_show(self, world: World, jumped: bool) -> None:
        """Draw from `world` now: after one step (`jumped` False) or a seek (True)."""


Signature = tuple[int, int] | None


def _signature(path: Path) -> Signature:
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return stat.st_mtime_ns, stat.st_size


class TasControl:
    """The TAS state of one run. `script` (with `script_path`, watched for saves) drives it,
    or, with neither, the player's buttons (`sample`, read once per tick) do."""

    def __init__(
        self,
        host: TasHost,
        world: World,
        *,
        category: str,
        clock: Callable[[], float],
        sample: Callable[[], int],
        script: InputScript | None = None,
        script_path: str | os.PathLike | None = None,
        playing: bool = True,
    ):
        self.host = host
        self.category = category
        self.clock = clock
        self.sample = sample
        self.script = script
        self.live = script is None
        inputs: Inputs = script if script is not None else RecordedInputs(world.tick)
        self.inputs = inputs if isinstance(inputs, RecordedInputs) else None  # live: recorded
        self.timeline = Timeline(world, inputs)
        self.playing = playing
        self.speed = 1
        self.note = ""  # one line: a breakpoint, an assert, a reload
        self.help_open = False
        self.go_to: str | None = None  # the tick being typed after F9
        self.play_on = False  # the run is over and the player asked for the results
        self.rewound = False  # the run went back in time at least once
        self._held: dict[int, int] = {}  # . or , held down: for how many ticks
        # A reload going back to (first changed tick, the tick it was at): still re-running.
        self.catch_up: tuple[int, int] | None = None
        self.script_path = Path(script_path) if script_path is not None else None
        # None: the first poll reads the script (it may have changed since it was loaded).
        self._signature: Signature = None
        self._next_poll = clock()
        self._asserts = _asserts_by_tick(script)
        if script is not None and world.tick in script.breakpoints:
            self._stop(f"breakpoint at tick {world.tick}")

    # --- what is shown ---------------------------------------------------------------------
    @property
    def world(self) -> World:
        return self.timeline.world

    @property
    def over(self) -> bool:
        """The run has ended as the play screen sees it (finished, or the category's goal)."""
        world = self.world
        return world.finished or run_time(world, self.category) is not None

    @property
    def last_mask(self) -> int:
        return self.timeline.last_mask

    def state_key(self) -> tuple:
        """What the panel shows, for the app's still-frame check."""
        return (
            self.world.tick,
            self.playing,
            self.speed,
            self.note,
            self.help_open,
            self.go_to,
            self.rewound,
            self.catch_up,
        )

    # --- time ------------------------------------------------------------------------------
    def tick(self) -> bool:
        """One game tick of the app's loop. False when the play screen should run it as
        usual instead: the run is over and the player played on to the results."""
        self.poll_script()
        if self.catch_up is not None:
            return True  # a reload is still re-running (`frame_burst`)
        if self.over and self.play_on:
            return False
        if self._repeat_held():
            return True
        if self.playing and self.speed != MAX:
            self.advance(self.speed)
        elif self.live:
            self.sample()  # held keys must not leak into the next press
        return True

    def frame_burst(self) -> int:
        """Once a frame, after its ticks: at full speed, step until the budget is spent (at
        least one tick). Returns the ticks run."""
        deadline = self.clock() + MAX_BUDGET_SECONDS
        if self.catch_up is not None:
            return self._catch_up(deadline)
        if not (self.playing and self.speed == MAX) or self.over:
            return 0
        ran = 0
        while self.playing and not self.over:
            ran += self.advance(1)
            if self.clock() >= deadline:
                break
        return ran

    def advance(self, ticks: int) -> int:
        """Step up to `ticks` ticks, stopping at a breakpoint, a failed assert or the end of
        the run. Returns the ticks run."""
        ran = 0
        for _ in range(ticks):
            if self.over:
                break
            self._step()
            ran += 1
            if self._arrived():
                break
        return ran

    def _step(self) -> None:
        world = self.world
        if self.live:
            assert self.inputs is not None
            if self.inputs.record(world.tick, self.sample()):
                self.timeline.forget_after(world.tick)
        else:
            self.sample()  # live keys are not the input, but must not pile up
        self.timeline.step()
        self.host.tas_show(self.world, jumped=False)

    def _arrived(self) -> bool:
        """Checks on the tick just reached; True when playback stops here."""
        world = self.world
        failed = [a for a in self._asserts.get(world.tick, ()) if not a.holds(world)]
        if self.over:
            later = [a for t, items in self._asserts.items() if t > world.tick for a in items]
            failed += [a for a in later if not a.holds(world)]
        if failed:
            self._stop(self._short(failed[0].failure(world)))
            return True
        if self.script is not None and world.tick in self.script.breakpoints:
            self._stop(f"breakpoint at tick {world.tick}")
            return True
        if self.over:
            self._stop(f"the run is over at tick {world.tick}: / for the results, , to rewind")
            return True
        return False

    def _short(self, line: str) -> str:
        """A report line for the panel: the script named by its file name, not its path."""
        path = self.script_path
        return line.replace(str(path), path.name, 1) if path is not None else line

    def _stop(self, note: str) -> None:
        self.playing = False
        self.note = note

    # --- the keys --------------------------------------------------------------------------
    def on_key(self, key: int) -> bool:
        """A key pressed (the pause menu closed); True when it was one of the TAS keys."""
        if self.go_to is not None:
            return self._typing(key)
        if key in ALL_KEYS:
            self.catch_up = None  # the player moves on: a reload's re-run stops where it is
        if key in REPEATING:
            self._held[key] = 0
        if key in (PLAY_PAUSE, PLAY_PAUSE_TOO):
            self.toggle_play()
        elif key == FORWARD:
            self.playing = False
            self.note = ""
            self.advance(1)
        elif key == BACK:
            self.seek(self.world.tick - 1)
        elif key == SECOND_BACK:
            self.seek(self.world.tick - SECOND)
        elif key == SECOND_FORWARD:
            self.seek(self.world.tick + SECOND)
        elif key == TO_START:
            self.seek(self.timeline.origin_tick)
        elif key in SPEED_KEYS:
            self.speed = SPEED_KEYS[key]
        elif key == GO_TO:
            self.go_to = ""
        elif key == HELP:
            self.help_open = not self.help_open
        else:
            return False
        return True

    def on_key_up(self, key: int) -> None:
        self._held.pop(key, None)

    def release_keys(self) -> None:
        """The window lost focus: the key-ups will not come."""
        self._held.clear()

    def _repeat_held(self) -> bool:
        """A game tick with . or , held: after REPEAT_AFTER_TICKS, one tick on or back."""
        for key in list(self._held):
            self._held[key] += 1
            if self._held[key] >= REPEAT_AFTER_TICKS:
                if key == FORWARD:
                    self.advance(1)
                else:
                    self.seek(self.world.tick - 1)
                return True
        return False

    def _typing(self, key: int) -> bool:
        """F9 was pressed: digits, Backspace, Enter to go, Esc to give up. Every key is
        taken while typing (a digit must not start a practice run)."""
        text = self.go_to or ""
        if key in DIGITS and len(text) < MAX_GO_TO_DIGITS:
            self.go_to = text + DIGITS[key]
        elif key == pygame.K_BACKSPACE:
            self.go_to = text[:-1]
        elif key in (pygame.K_RETURN, pygame.K_KP_ENTER):
            self.go_to = None
            if text:
                self.seek(int(text))
        elif key in (pygame.K_ESCAPE, GO_TO):
            self.go_to = None
        return True

    def toggle_play(self) -> None:
        if self.playing:
            self.playing = False
            return
        self.note = ""
        self.playing = True
        if self.over:
            self.play_on = True  # on to the results

    def seek(self, target: int) -> None:
        """Go to tick `target` (paused): back through the snapshots, or forward with the
        inputs (a live run: only as far as it recorded)."""
        if self.live:
            assert self.inputs is not None
            target = min(target, max(self.inputs.end, self.world.tick))
        self.playing = False
        self.play_on = False
        self.note = ""
        if target < self.world.tick:
            self.rewound = True
        self.timeline.seek(target)
        self.host.tas_show(self.world, jumped=True)

    # --- live reload -----------------------------------------------------------------------
    def poll_script(self) -> None:
        """Every POLL_SECONDS: a saved script is read again; see `reload`."""
        if self.script_path is None or self.clock() < self._next_poll:
            return
        self._next_poll = self.clock() + POLL_SECONDS
        signature = _signature(self.script_path)
        if signature == self._signature:
            return
        self._signature = signature
        self.reload()

    def reload(self) -> None:
        """Read the script again. Broken: say so in one line and keep the old one. Else
        re-run the world from the first tick whose buttons changed to the tick it is at,
        playing or paused as it was."""
        assert self.script_path is not None and self.script is not None
        try:
            script = load_input_script(self.script_path)
        except InputScriptError as error:
            self.note = self._short(f"not reloaded: {error}")
            return
        if script == self.script:
            return
        changed = first_difference(self.script, script)
        self.script = script
        self._asserts = _asserts_by_tick(script)
        # Where the world must get back to: where it is, or where an unfinished re-run of an
        # earlier save was going.
        goal = max(self.world.tick, self.catch_up[1] if self.catch_up is not None else 0)
        self.timeline.begin_replace(script, changed)
        if self.world.tick >= goal:
            self.catch_up = None
            self.note = "script reloaded"
            return
        # Re-run a slice a frame (`frame_burst`), so a long run never freezes the window.
        self.play_on = False
        self.catch_up = (changed if changed is not None else self.world.tick, goal)
        self.note = f"script reloaded: re-running from tick {self.catch_up[0]} to {goal}"
        self.host.tas_show(self.world, jumped=True)

    def _catch_up(self, deadline: float) -> int:
        """Re-run toward the tick a reload left (see `reload`) until `deadline`."""
        assert self.catch_up is not None
        first, target = self.catch_up
        start = self.world.tick
        done = self.timeline.run_to(
            target, lambda: self.clock() < deadline or start == self.world.tick
        )
        self.host.tas_show(self.world, jumped=True)
        if done:
            self.catch_up = None
            self.note = f"script reloaded: re-ran from tick {first} to {self.world.tick}"
        return self.world.tick - start


def _asserts_by_tick(script: InputScript | None) -> dict[int, list]:
    by_tick: dict[int, list] = {}
    for item in script.asserts if script is not None else ():
        by_tick.setdefault(item.tick, []).append(item)
    return by_tick
