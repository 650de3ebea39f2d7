"""The splits panel (Tab): each split of the map with this run's time, the delta against the
personal best as the run reaches it, and the sum of best at the bottom.

Colours as runners expect them: green ahead of the PB, red behind, gold for a segment faster
than any before (a "gold split"); rows not reached yet show the PB's time, dimmed.
"""

from __future__ import annotations

import pygame

from game.headless import format_time
from game.render.colours import DIM, GOLD, INK, WHITE
from game.render.text import font
from game.speedrun.splits import SplitRow, format_delta

AHEAD = (96, 220, 120)
BEHIND = (255, 96, 80)
PANEL_BG = (12, 9, 10, 190)
ROW_H = 11
NAME_CHARS = 13
PAD = 4
WIDTH = 170


def delta_colour(row: SplitRow) -> tuple[int, int, int]:
    if row.gold:
        return GOLD
    if row.delta is None:
        return DIM
    return AHEAD if row.delta < 0 else BEHIND if row.delta > 0 else WHITE


def draw_splits_panel(
    canvas: pygame.Surface,
    rows: list[SplitRow],
    sum_of_best: int | None,
    topright: tuple[int, int],
    title: str = "",
) -> pygame.Rect:
    """Draw the panel with its top-right corner at `topright`; return its rectangle."""
    small = font(1)
    lines = len(rows) + 2 + (1 if title else 0)
    rect = pygame.Rect(0, 0, WIDTH, lines * ROW_H + 2 * PAD)
    rect.topright = topright
    veil = pygame.Surface(rect.size, pygame.SRCALPHA)
    veil.fill(PANEL_BG)
    canvas.blit(veil, rect)
    x, y = rect.x + PAD, rect.y + PAD
    right = rect.right - PAD
    if title:
        small.draw(canvas, title, (x, y), GOLD, outline=INK)
        y += ROW_H
    for row in rows:
        small.draw(canvas, row.name[:NAME_CHARS], (x, y), WHITE, outline=INK)
        if row.time is not None:
            small.draw(canvas, format_time(row.time), (right, y), WHITE, anchor="topright")
            if row.delta is not None or row.gold:
                text = format_delta(row.delta) if row.delta is not None else "gold"
                small.draw(
                    canvas, text, (right - 46, y), delta_colour(row), anchor="topright", outline=INK
                )
        elif row.pb is not None:
            small.draw(canvas, format_time(row.pb), (right, y), DIM, anchor="topright")
        else:
            small.draw(canvas, "-", (right, y), DIM, anchor="topright")
        y += ROW_H
    y += ROW_H // 2
    small.draw(canvas, "Sum of best", (x, y), DIM, outline=INK)
    best = format_time(sum_of_best) if sum_of_best is not None else "-"
    small.draw(canvas, best, (right, y), GOLD, anchor="topright", outline=INK)
    return rect
