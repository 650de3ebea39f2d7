"""The Assist mode screen (Celeste's model), opened from the Options screen and the pause menu.

Four rows and Back: game speed (50 to 100%, in steps of 10), infinite chakra, no stun from
rocks, slower collapse. Up and down choose, left and right change (the d-pad and the left
stick too), Enter (A) toggles, Esc / Backspace / Q (B) goes back to the screen it was opened
from; the mouse hovers, clicks and turns the wheel. Every change goes through the app's
`update_settings`, which saves `settings.json` at once.

A run's assists are fixed when it starts (game/ui/play.py): a change made here from the pause
menu applies from the next run. Assisted runs are marked ASSIST and keep records of their
own (game/speedrun/pbstore.py `board_id`); the screen says so in one line.
"""

from __future__ import annotations

from dataclasses import dataclass

import pygame

from game.render.colours import DIM, GOLD, INK, WHITE
from game.render.hud import ASSIST
from game.render.text import font
from game.sim import assists as assist_names
from game.ui.mouse import Pointer
from game.ui.settings_menu import (
    ROW_H,
    SettingsMenu,
    draw_switch,
)
from game.ui.widgets import centred

SPEEDS = tuple(range(assist_names.SPEED_MIN, assist_names.SPEED_MAX + 1, assist_names.SPEED_STEP))
NOTE = "Assisted runs are marked ASSIST and keep records of their own."
NOTE_NEXT_RUN = "A change made during a run applies from the next run (R)."


@dataclass(frozen=True)
class Row:
    key: str  # the settings key, or "back"
    label: str
    kind: str  # "speed", "flag", "link"


ROWS = (
    Row(assist_names.SPEED_SETTING, "Game speed", "speed"),
    Row("assist_infinite_chakra", "Infinite chakra", "flag"),
    Row("assist_no_stun", "No stun from rocks", "flag"),
    Row("assist_slow_collapse", "Slower collapse (half speed)", "flag"),
    Row("back", "Back", "link"),
)


def speed_step(percent: int, step: int) -> int:
    """The next game speed left (-1) or right (+1) of `percent`, on the 10% steps."""
    below = [s for s in SPEEDS if s < percent]
    above = [s for s in SPEEDS if s > percent]
    if step < 0:
        return below[-1] if below else SPEEDS[0]
    return above[0] if above else SPEEDS[-1]


class AssistScreen(SettingsMenu):
    """`back`: the screen to return to (the Options screen, or the paused play screen),
    drawn behind the panel."""

    rows = ROWS

    def clicked(self, pointer: Pointer) -> None:
        """A click on the speed steps it (right button: down), wrapping round."""
        if self.row.kind == "speed":
            self.change(-1 if pointer.button == 3 else 1, wrap=True)
        else:
            self.activate()

    def change(self, step: int, wrap: bool = False) -> None:
        """Left (-1) or right (+1) on the selected row; `wrap`: past 100% back to 50%."""
        row, settings = self.row, self.nav.settings
        if row.kind == "speed":
            now = int(getattr(settings, row.key, assist_names.SPEED_MAX))
            value = speed_step(now, step)
            if wrap and value == now:
                value = SPEEDS[0] if step > 0 else SPEEDS[-1]
            if value != now:
                self.nav.update_settings(**{row.key: value})
        elif row.kind == "flag":
            value = step > 0
            if bool(getattr(settings, row.key, False)) != value:
                self.nav.update_settings(**{row.key: value})

    def activate(self) -> None:
        """Enter (A) or a click: toggle a flag, step the speed, go back."""
        row = self.row
        if row.kind == "flag":
            self.nav.update_settings(**{row.key: not getattr(self.nav.settings, row.key)})
        elif row.kind == "speed":
            self.change(1, wrap=True)
        elif row.key == "back":
            self.close()

    # --- drawing ---------------------------------------------------------------------------
    def draw(self, canvas: pygame.Surface, alpha: float = 1.0) -> None:
        small = font(1)
        panel = self.draw_panel(canvas, 420, len(self.rows) * ROW_H + 100)
        centred(canvas, "ASSIST MODE", panel.y + 8, GOLD, scale=2, shadow=(90, 30, 10))
        top = panel.y + 36
        for _, row, y, chosen in self.placed_rows(canvas, panel, top):
            if chosen:
                small.draw(canvas, ">", (panel.x + 12, y), GOLD, outline=INK)
            colour = GOLD if chosen else WHITE
            small.draw(canvas, row.label, (panel.x + 24, y), colour, outline=INK)
            self._draw_value(canvas, row, (panel.x + 250, y), chosen)
        y = top + len(self.rows) * ROW_H + 8
        active = assist_names.from_settings(self.nav.settings)
        status = f"ASSIST  {assist_names.describe(active)}" if active else "No assist: a normal run"
        centred(canvas, status, y, ASSIST if active else DIM)
        centred(canvas, NOTE, y + 14, WHITE)
        centred(canvas, NOTE_NEXT_RUN, y + 26, DIM)
        hint = "Up / Down  choose     Left / Right  change     Enter  toggle     Esc  back"
        small.draw(
            canvas, hint, (panel.centerx, panel.bottom - 14), DIM, anchor="midtop", outline=INK
        )

    def _draw_value(self, canvas, row: Row, pos, chosen: bool) -> None:
        x, y = pos
        settings = self.nav.settings
        small = font(1)
        if row.kind == "speed":
            percent = int(getattr(settings, row.key, assist_names.SPEED_MAX))
            end = _draw_steps(canvas, (x, y), percent, GOLD if chosen else WHITE)
            colour = ASSIST if percent < assist_names.SPEED_MAX else (GOLD if chosen else WHITE)
            end = small.draw(canvas, f"{percent}%", (end + 6, y), colour, outline=INK).right
            if chosen:
                small.draw(canvas, "<", (x - 10, y), GOLD, outline=INK)
                small.draw(canvas, ">", (end + 4, y), GOLD, outline=INK)
        elif row.kind == "flag":
            draw_switch(canvas, (x, y), bool(getattr(settings, row.key, False)), chosen)


def _draw_steps(canvas, pos, percent: int, colour) -> int:
    """One cell per speed step (50% .. 100%), lit up to `percent`; returns the right edge."""
    x, y = pos
    for i, speed in enumerate(SPEEDS):
        cell = pygame.Rect(x + i * 9, y, 8, 7)
        canvas.fill(INK, cell.inflate(2, 2))
        canvas.fill(colour if speed <= percent else (50, 44, 40), cell)
    return x + len(SPEEDS) * 9 - 1
