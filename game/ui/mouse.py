"""The mouse in menus: window pixels mapped onto the 640x360 canvas, and the rows a screen drew
there, hit-tested.

The app (game/app.py) turns every mouse event into a `Pointer` in canvas pixels (through the
same scale and letterbox it presents the canvas with) and hands it to the current screen's
`on_mouse(pointer)`, when the screen has one. A pointer over the black bars has `pos` None.

To give a menu the mouse (the title, the pause menu, the results do this; so can any new
screen: options, controls, assists):

    from game.ui.mouse import MenuRows, Pointer

    class MyScreen:
        def __init__(self, ...):
            self.rows = MenuRows()  # filled while drawing, read by on_mouse
            self.selected = 0

        def draw(self, canvas):
            self.rows.clear()
            for i, label in enumerate(LABELS):
                rect = centred(canvas, label, 100 + 14 * i, GOLD if i == self.selected else WHITE)
                self.rows.add(rect, i)  # the row's rect on the canvas and what it stands for

        def on_mouse(self, pointer: Pointer) -> None:
            row = self.rows.at(pointer.pos)
            if row is None:
                return
            self.selected = row  # hover selects
            if pointer.click:
                self.choose(row)  # a click chooses (the same as Enter on it)

`MenuRows.add` pads each rect a little so thin text rows are easy to hit; rows are matched in
the order added, so a row added later never steals a point from an earlier one.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass

import pygame

CANVAS = (640, 360)
EVENTS = (pygame.MOUSEMOTION, pygame.MOUSEBUTTONDOWN, pygame.MOUSEWHEEL)
ROW_PAD = 2  # px added above and below a row's rect (canvas pixels)

MOVE, CLICK, WHEEL = "move", "click", "wheel"


@dataclass(frozen=True)
class Pointer:
    """One mouse event in canvas pixels. `kind`: "move", "click" (a button went down) or
    "wheel" (`wheel` > 0 up, < 0 down); `button`: 1 left, 2 middle, 3 right."""

    kind: str
    pos: tuple[int, int] | None
    button: int = 0
    wheel: int = 0

    @property
    def click(self) -> bool:
        """A left (or any primary) click: right and middle clicks are not choices."""
        return self.kind == CLICK and self.button in (1, 0)


def to_canvas(
    window_pos: tuple[int, int], view: pygame.Rect, canvas: tuple[int, int] = CANVAS
) -> tuple[int, int] | None:
    """The canvas pixel under a window pixel, when the canvas is drawn scaled into `view`
    (the rect of the window it fills, letterbox bars outside it); None over the bars."""
    x, y = window_pos
    if view.w <= 0 or view.h <= 0 or not view.collidepoint(x, y):
        return None
    cx = (x - view.x) * canvas[0] // view.w
    cy = (y - view.y) * canvas[1] // view.h
    return min(cx, canvas[0] - 1), min(cy, canvas[1] - 1)


def pointer_from(
    event: pygame.event.Event,
    view: pygame.Rect,
    canvas: tuple[int, int] = CANVAS,
    mouse_pos: tuple[int, int] | None = None,
) -> Pointer | None:
    """The `Pointer` of a pygame mouse event (None for other events). A wheel event carries
    no position: `mouse_pos` (the window's, pygame.mouse.get_pos()) stands in for it."""
    if event.type == pygame.MOUSEMOTION:
        return Pointer(MOVE, to_canvas(event.pos, view, canvas))
    if event.type == pygame.MOUSEBUTTONDOWN:
        if event.button in (4, 5):  # old-style wheel clicks: MOUSEWHEEL reports them too
            return None
        return Pointer(CLICK, to_canvas(event.pos, view, canvas), button=event.button)
    if event.type == pygame.MOUSEWHEEL:
        pos = to_canvas(mouse_pos, view, canvas) if mouse_pos is not None else None
        return Pointer(WHEEL, pos, wheel=int(event.y))
    return None


class MenuRows:
    """The rows a screen drew this frame, as canvas rects with what each stands for."""

    def __init__(self) -> None:
        self._rows: list[tuple[pygame.Rect, Hashable]] = []

    def clear(self) -> None:
        self._rows = []

    def add(self, rect: pygame.Rect, value: Hashable, pad: int = ROW_PAD) -> None:
        self._rows.append((pygame.Rect(rect).inflate(0, 2 * pad), value))

    def at(self, pos: tuple[int, int] | None) -> Hashable | None:
        """What the row under `pos` stands for, or None (no row there, or no position)."""
        if pos is None:
            return None
        for rect, value in self._rows:
            if rect.collidepoint(pos):
                return value
        return None

    def rect_of(self, value: Hashable) -> pygame.Rect | None:
        """Where the row standing for `value` was drawn (tests click on it)."""
        for rect, row in self._rows:
            if row == value:
                return rect
        return None

    def __len__(self) -> int:
        return len(self._rows)
