"""The results screen's split chart: one group of bars per segment, this run against the
personal best and the best segment ever, on one scale so lengths compare at a glance."""

from __future__ import annotations

import pygame

from game.headless import format_time
from game.render.colours import DIM, GOLD, INK, WHITE
from game.render.splits_panel import AHEAD, BEHIND
from game.render.text import font
from game.speedrun.splits import SplitRow

PB_BAR = (120, 150, 220)
BEST_BAR = (200, 160, 60)
MISSING = (70, 62, 58)
LABEL_W = 66
ROW_H = 22
COMPACT_ROW_H = 11  # a long run (the Full Rescue's eleven rows) packs its rows this tight


def run_colour(row: SplitRow):
    """Gold for a new best segment, green faster than the PB's segment, red slower."""
    if row.gold:
        return GOLD
    if row.segment is None or row.pb_segment is None:
        return WHITE
    return AHEAD if row.segment <= row.pb_segment else BEHIND


def draw_split_chart(canvas: pygame.Surface, rows: list[SplitRow], rect: pygame.Rect) -> None:
    small = font(1)
    small.draw(canvas, "SEGMENTS", (rect.x, rect.y), DIM, outline=INK)
    legend_x = rect.x + LABEL_W
    for label, colour in (("run", WHITE), ("pb", PB_BAR), ("best", BEST_BAR)):
        canvas.fill(colour, (legend_x, rect.y + 2, 6, 4))
        legend_x = small.draw(canvas, label, (legend_x + 8, rect.y), DIM, outline=INK).right + 8
    values = [v for r in rows for v in (r.segment, r.pb_segment, r.best_segment) if v]
    longest = max(values, default=1)
    width = rect.width - LABEL_W - 44
    y = rect.y + 14
    # Rows share the height below the legend; too many for full rows get thin bars.
    row_h = max(COMPACT_ROW_H, min(ROW_H, (rect.bottom - y) // max(1, len(rows))))
    compact = row_h < ROW_H
    text_dy = 1 if compact else 3
    for row in rows:
        small.draw(canvas, row.name[:12], (rect.x, y + text_dy), WHITE, outline=INK)
        x = rect.x + LABEL_W
        bars = (
            (row.segment, run_colour(row), 3 if compact else 5),
            (row.pb_segment, PB_BAR, 1 if compact else 3),
            (row.best_segment, BEST_BAR, 1 if compact else 3),
        )
        bar_y = y
        for value, colour, height in bars:
            if value is None:
                canvas.fill(MISSING, (x, bar_y, 2, height))
            else:
                canvas.fill(colour, (x, bar_y, max(1, width * value // longest), height))
            bar_y += height + 1
        if row.segment is not None:
            text = format_time(row.segment)
            small.draw(
                canvas, text, (rect.right, y + text_dy - 1), run_colour(row), anchor="topright"
            )
        y += row_h
