"""The splits panel (Tab): each split of the map with this run's time and its delta against the
chosen comparison, the time each split could still save, then the best possible time and the
sum of best at the bottom.

Tab cycles what the run is compared against: the personal best, the best segments (golds),
the average of the recent finished attempts, then hides the panel (game/speedrun/analysis.py
computes them all).

Colours as runners expect them: green ahead of the comparison, red behind, gold for a segment
faster than any before (a "gold split"); rows not reached yet show the comparison's time,
dimmed. Every row shows its possible time save (the PB's segment minus the gold) in a muted
gold.
"""

from __future__ import annotations

import pygame

from game.headless import format_time
from game.render.colours import DIM, GOLD, INK, WHITE
from game.render.text import font
from game.speedrun.analysis import AVERAGE, COMPARISON_NAMES, COMPARISONS, RunAnalysis
from game.speedrun.splits import SplitRow, format_delta

AHEAD = (96, 220, 120)
BEHIND = (255, 96, 80)
SAVE = (176, 150, 84)  # a possible time save: gold, but quieter than a gold split
PANEL_BG = (12, 9, 10, 190)
ROW_H = 11
NAME_CHARS = 14
PAD = 4
WIDTH = 200
DELTA_X = 40  # the delta's right edge, left of the time's
SAVE_X = 82  # the possible save's right edge

HIDDEN = ""  # the panel's view when Tab has hidden it
DEFAULT_VIEW = COMPARISONS[0]


def next_panel_view(view: str) -> str:
    """Tab: against the PB, the golds, the average, then hidden, then the PB again."""
    views = (*COMPARISONS, HIDDEN)
    index = views.index(view) if view in views else -1
    return views[(index + 1) % len(views)]


def delta_colour(row: SplitRow) -> tuple[int, int, int]:
    if row.gold:
        return GOLD
    if row.delta is None:
        return DIM
    return AHEAD if row.delta < 0 else BEHIND if row.delta > 0 else WHITE


def comparison_title(analysis: RunAnalysis) -> str:
    title = f"vs {COMPARISON_NAMES[analysis.comparison]}"
    if analysis.comparison == AVERAGE:
        title += f" of {analysis.averaged}" if analysis.averaged else " (none yet)"
    return title


def possible_save_text(ticks: int) -> str:
    """A possible save the way the delta reads, without its sign: 1.25, 1:02.3."""
    return format_delta(ticks)[1:]


def table_height(analysis: RunAnalysis, totals: bool = True) -> int:
    """The table's height: the title, the rows, then a gap, best possible and sum of best."""
    if not totals:
        return (len(analysis.rows) + 1) * ROW_H
    return (len(analysis.rows) + 4) * ROW_H - ROW_H // 2


def draw_splits_panel(
    canvas: pygame.Surface, analysis: RunAnalysis, topright: tuple[int, int]
) -> pygame.Rect:
    """Draw the panel with its top-right corner at `topright`; return its rectangle."""
    rect = pygame.Rect(0, 0, WIDTH, table_height(analysis) + 2 * PAD)
    rect.topright = topright
    veil = pygame.Surface(rect.size, pygame.SRCALPHA)
    veil.fill(PANEL_BG)
    canvas.blit(veil, rect)
    draw_splits_table(canvas, analysis, rect.inflate(-2 * PAD, -2 * PAD))
    return rect


def draw_splits_table(
    canvas: pygame.Surface, analysis: RunAnalysis, area: pygame.Rect, totals: bool = True
) -> None:
    """The panel's text in `area` (the results draw it on their own panel); without `totals`,
    the rows alone."""
    small = font(1)
    x, y, right = area.x, area.y, area.right
    title = small.draw(canvas, comparison_title(analysis), (x, y), GOLD, outline=INK)
    if title.right + 6 < right - SAVE_X - small.size("save")[0]:  # a long title goes first
        small.draw(canvas, "save", (right - SAVE_X, y), DIM, anchor="topright", outline=INK)
    y += ROW_H
    for row, save in zip(analysis.rows, analysis.possible_saves, strict=True):
        _draw_row(canvas, row, save, (x, y), right)
        y += ROW_H
    if not totals:
        return
    y += ROW_H // 2
    for label, ticks, colour in (
        ("Best possible", analysis.best_possible, WHITE),
        ("Sum of best", analysis.sum_of_best, GOLD),
    ):
        small.draw(canvas, label, (x, y), DIM, outline=INK)
        text = format_time(ticks) if ticks is not None else "-"
        small.draw(canvas, text, (right, y), colour, anchor="topright", outline=INK)
        y += ROW_H


def _draw_row(canvas, row: SplitRow, save: int | None, at: tuple[int, int], right: int) -> None:
    small = font(1)
    x, y = at
    small.draw(canvas, row.name[:NAME_CHARS], (x, y), WHITE, outline=INK)
    if save:  # what a gold here would save against the PB
        text = possible_save_text(save)
        small.draw(canvas, text, (right - SAVE_X, y), SAVE, anchor="topright", outline=INK)
    if row.time is None:  # not reached yet: the comparison's time, dimmed
        shown = format_time(row.pb) if row.pb is not None else "-"
        small.draw(canvas, shown, (right, y), DIM, anchor="topright")
        return
    small.draw(canvas, format_time(row.time), (right, y), WHITE, anchor="topright")
    if row.delta is not None or row.gold:
        text = format_delta(row.delta) if row.delta is not None else "gold"
        where = (right - DELTA_X, y)
        small.draw(canvas, text, where, delta_colour(row), anchor="topright", outline=INK)
