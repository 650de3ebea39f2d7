"""The pause overlay, shown over the frozen game (Esc or Start, or when the window loses focus).

The menu is a list of `PauseEntry` rows (game/ui/play.py `PlayScene.pause_entries` builds it:
Resume, Restart, Controls, Options, Assist mode, TAS mode (the run goes on under the TAS
controls, game/ui/tas_control.py, and is no speedrun attempt any more), Title, and any
screen added there): up and down select, Enter (or
A) chooses, each row's own key still works, and the mouse hovers and clicks (game/ui/mouse.py).
It sits on an opaque panel, so nothing of the game behind competes with its text."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import pygame

from game.render.colours import DIM, GOLD, INK, WHITE
from game.render.text import font
from game.ui.mouse import MenuRows
from game.ui.widgets import centred, dim

PANEL = (16, 11, 12)  # the menu's panel: opaque
PANEL_EDGE = (110, 80, 56)
HIGHLIGHT = (64, 46, 30)
ROW_H = 14
KEYS_COLOUR = (150, 140, 128)


@dataclass(frozen=True)
class PauseEntry:
    label: str  # "Resume"
    keys: str  # the keys that do it without the menu: "Esc / Start"
    choose: Callable[[], None]


HINTS = ("Esc / Start   resume", "R / Back   restart", "Q / B   title", "F1 / Y   controls")


def draw_pause(
    canvas: pygame.Surface,
    reason: str = "",
    entries: Sequence[PauseEntry] = (),
    selected: int = 0,
    rows: MenuRows | None = None,
) -> pygame.Rect:
    """The dimmed game, and the menu on its panel: `entries` with `selected` marked (without
    entries, the plain key list `HINTS`). `rows` (when given) gets each entry's rect, by
    index, for the mouse. Returns the panel's rect."""
    dim(canvas, 160, brightest=140)  # daylight behind the menu would wash out its text
    lines = len(entries) if entries else len(HINTS)
    y = canvas.get_height() // 2 - 62
    panel = pygame.Rect(0, 0, 240, 60 + lines * ROW_H + (12 if reason else 0))
    panel.midtop = (canvas.get_width() // 2, y - 8)
    canvas.fill(PANEL, panel)
    pygame.draw.rect(canvas, PANEL_EDGE, panel, 1)
    centred(canvas, "PAUSED", y, GOLD, scale=3, shadow=(90, 30, 10))
    y += 34
    if reason:
        centred(canvas, reason, y, DIM)
        y += 12
    y += 10
    if rows is not None:
        rows.clear()
    if not entries:
        for i, hint in enumerate(HINTS):
            centred(canvas, hint, y + i * ROW_H, WHITE)
        return panel
    face = font(1)
    for i, entry in enumerate(entries):
        row = pygame.Rect(panel.x + 6, y + i * ROW_H - 2, panel.w - 12, ROW_H)
        chosen = i == selected
        if chosen:
            canvas.fill(HIGHLIGHT, row)
            face.draw(canvas, ">", (row.x + 6, row.y + 2), GOLD, outline=INK)
        colour = GOLD if chosen else WHITE
        face.draw(canvas, entry.label, (row.x + 20, row.y + 2), colour, outline=INK)
        keys = entry.keys
        face.draw(canvas, keys, (row.right - 6, row.y + 2), KEYS_COLOUR, anchor="topright")
        if rows is not None:
            rows.add(row, i, pad=0)
    return panel
