"""The TAS panel: a small opaque box under the HUD (top left) with the tick counter and the
in-game time, the buttons held on the tick shown, the speed, one note line (a breakpoint, a
failed assert, a reload) and the keys (all of them with F1)."""

from __future__ import annotations

import textwrap

import pygame

from game.headless import format_time
from game.render.colours import DIM, GOLD, INK, RED, WHITE
from game.render.text import font
from game.sim.constants import BUTTONS
from game.ui.tas_control import HELP_LINES, MAX, TasControl

PANEL = (16, 11, 12)
EDGE = (110, 80, 56)
LIT = (255, 206, 92)  # a button held
UNLIT = (58, 50, 46)
TOP_LEFT = (4, 54)  # under the HUD's chakra bar
WIDTH = 232
LINE = 10
NOTE_CHARS = 46  # the note wraps to at most NOTE_LINES lines
NOTE_LINES = 3
# The buttons in the input display, short enough for one row.
BUTTON_LABELS = {
    "left": "<",
    "right": ">",
    "up": "U",
    "down": "D",
    "jump": "J",
    "rasengan": "R",
    "clone": "C",
    "fire": "F",
    "transform": "T",
}


def speed_label(speed: int) -> str:
    return "max" if speed == MAX else f"x{speed}"


def draw_tas_panel(canvas: pygame.Surface, tas: TasControl) -> pygame.Rect:
    """The panel for `tas` as it stands; returns its rect."""
    face = font(1)
    world = tas.world
    state = "PLAYING" if tas.playing else "PAUSED"
    if tas.go_to is not None:
        state = f"GO TO TICK: {tas.go_to}_"
    note = textwrap.wrap(tas.note, NOTE_CHARS)[:NOTE_LINES] if tas.note else []
    lines = 4 + len(note) + tas.live + (len(HELP_LINES) if tas.help_open else 0)
    panel = pygame.Rect(TOP_LEFT, (WIDTH, 8 + lines * LINE))
    canvas.fill(PANEL, panel)
    pygame.draw.rect(canvas, EDGE, panel, 1)
    x, y = panel.x + 6, panel.y + 5
    face.draw(canvas, "TAS", (x, y), GOLD, outline=INK)
    face.draw(canvas, f"{state}  {speed_label(tas.speed)}", (x + 24, y), WHITE, outline=INK)
    y += LINE
    counter = f"tick {world.tick}   game {format_time(world.game_ticks)}"
    face.draw(canvas, counter, (x, y), WHITE, outline=INK)
    y += LINE
    _draw_buttons(canvas, tas.last_mask, (x, y))
    y += LINE
    for text in note:
        colour = RED if "failed" in tas.note or "not reloaded" in tas.note else GOLD
        face.draw(canvas, text, (x, y), colour, outline=INK)
        y += LINE
    if tas.live:  # a run of the player's: it was one, and is no more
        face.draw(canvas, "not a speedrun attempt: no PB, no replay", (x, y), DIM, outline=INK)
        y += LINE
    keys = "F1 keys" if not tas.help_open else "F1 close"
    face.draw(canvas, f"{keys}   / play   . +1   , -1", (x, y), DIM, outline=INK)
    y += LINE
    if tas.help_open:
        for text in HELP_LINES:
            face.draw(canvas, text, (x, y), WHITE, outline=INK)
            y += LINE
    return panel


def _draw_buttons(canvas: pygame.Surface, mask: int, at: tuple[int, int]) -> None:
    """One small box per button, lit when held on the tick shown."""
    face = font(1)
    x, y = at
    for name, bit in BUTTONS.items():
        held = bool(mask & bit)
        box = pygame.Rect(x, y - 1, 12, 9)
        canvas.fill(LIT if held else UNLIT, box)
        label = BUTTON_LABELS.get(name, name[:1].upper())
        face.draw(canvas, label, box.center, INK if held else DIM, anchor="center")
        x += 14
    face.draw(canvas, "held", (x + 4, y), DIM, outline=INK)
