"""The pause overlay, shown over the frozen game (Esc or Start, or when the window loses focus)."""

from __future__ import annotations

import pygame

from game.render.colours import DIM, GOLD, WHITE
from game.ui.widgets import centred, dim

HINTS = ("Esc / Start   resume", "R / Back   restart", "Q / B   title")


def draw_pause(canvas: pygame.Surface, reason: str = "") -> None:
    dim(canvas, 160, brightest=140)  # daylight behind the menu would wash out its text
    y = canvas.get_height() // 2 - 50
    centred(canvas, "PAUSED", y, GOLD, scale=3, shadow=(90, 30, 10))
    if reason:
        centred(canvas, reason, y + 34, DIM)
    for i, hint in enumerate(HINTS):
        centred(canvas, hint, y + 56 + i * 14, WHITE)
