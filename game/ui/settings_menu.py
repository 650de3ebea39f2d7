"""What the settings screens (Options, Assist mode) share: a list of rows, each changing a
setting, driven by keyboard, pad and mouse alike.

Up and down choose a row, left and right change its value (the pad's d-pad and left stick
too: menu actions carry only up and down), Enter (A) activates it, Esc / Backspace / Q (B)
goes back to the screen the menu was opened from. The mouse hovers to choose, clicks to
activate (`clicked`) and turns the wheel to change. A subclass gives `rows`, `change(step)`,
`activate()` and `draw()`; every change goes through the app's `update_settings`, which
saves `settings.json` at once.
"""

from __future__ import annotations

import pygame

from game.input import Action, MenuAction
from game.render.colours import DIM, GOLD, INK, WHITE
from game.render.text import font
from game.ui.mouse import MenuRows, Pointer
from game.ui.widgets import dim

STICK_PUSH = 0.5 * 32767  # the left stick counts as left / right past half its travel
PANEL = (12, 9, 10)
PANEL_EDGE = (120, 84, 48)
ROW_H = 17
CHOSEN_BAND = (48, 34, 24)
ON_COLOUR = (120, 210, 110)
OFF_COLOUR = (96, 88, 82)
PAD_SIDES = {pygame.CONTROLLER_BUTTON_DPAD_LEFT: -1, pygame.CONTROLLER_BUTTON_DPAD_RIGHT: 1}


class SettingsMenu:
    """`back`: the screen to return to, drawn behind the panel. Rows have a `key` (the
    settings key their value is, for `frame_key`)."""

    rows: tuple

    def __init__(self, nav, back):
        self.nav = nav
        self.back = back
        self.selected = 0
        self.mouse_rows = MenuRows()
        self._stick = 0  # -1 / 0 / 1: where the left stick points now (edges act)

    # --- the app's screen protocol ---------------------------------------------------------
    def tick(self) -> None:
        pass

    def on_focus_lost(self) -> None:
        pass

    def on_activity(self) -> bool:
        return False

    def frame_key(self):
        """What the frame shows: the app redraws only when it changes (idle costs nothing)."""
        settings = self.nav.settings
        return (self.selected, tuple(getattr(settings, r.key, None) for r in self.rows))

    def on_action(self, event: MenuAction) -> None:
        action = event.action
        if action == Action.UP:
            self.move(-1)
        elif action == Action.DOWN:
            self.move(1)
        elif action == Action.CONFIRM:
            self.activate()
        elif action in (Action.BACK, Action.PAUSE):
            self.close()

    def on_key(self, key: int) -> None:
        if key == pygame.K_LEFT:
            self.change(-1)
        elif key == pygame.K_RIGHT:
            self.change(1)

    def on_event(self, event: pygame.event.Event) -> bool:
        """Raw events, before the app reads them (game/app.py): the pad's d-pad left / right
        and the left stick change the value. True when taken."""
        if event.type == pygame.CONTROLLERBUTTONDOWN:
            if event.button in PAD_SIDES:
                self.change(PAD_SIDES[event.button])
                return True
        elif (
            event.type == pygame.CONTROLLERAXISMOTION and event.axis == pygame.CONTROLLER_AXIS_LEFTX
        ):
            side = -1 if event.value <= -STICK_PUSH else 1 if event.value >= STICK_PUSH else 0
            if side and side != self._stick:
                self.change(side)
            self._stick = side
        return False

    def on_mouse(self, pointer: Pointer) -> None:
        index = self.mouse_rows.at(pointer.pos)
        if index is None:
            return
        self.selected = int(index)  # type: ignore[call-overload]
        if pointer.kind == "wheel" and pointer.wheel:
            self.change(1 if pointer.wheel > 0 else -1)
        elif pointer.click:
            self.clicked(pointer)

    # --- what the keys do ------------------------------------------------------------------
    @property
    def row(self):
        return self.rows[self.selected]

    def move(self, step: int) -> None:
        self.selected = (self.selected + step) % len(self.rows)

    def clicked(self, pointer: Pointer) -> None:
        """A click on the selected row: activate it (a subclass may look where it landed)."""
        self.activate()

    def change(self, step: int) -> None:
        raise NotImplementedError

    def activate(self) -> None:
        raise NotImplementedError

    def close(self) -> None:
        self.nav.show_scene(self.back)

    # --- drawing ---------------------------------------------------------------------------
    def draw_panel(self, canvas: pygame.Surface, width: int, height: int) -> pygame.Rect:
        """The screen behind, dimmed (or plain), and an opaque framed panel centred on it."""
        back_draw = getattr(self.back, "draw", None)
        if back_draw is not None:
            back_draw(canvas)
            dim(canvas, 170, brightest=120)
        else:
            canvas.fill(PANEL)
        panel = pygame.Rect(0, 0, width, height)
        panel.center = (canvas.get_width() // 2, canvas.get_height() // 2)
        canvas.fill(PANEL_EDGE, panel.inflate(4, 4))
        canvas.fill(PANEL, panel)
        return panel

    def placed_rows(self, canvas: pygame.Surface, panel: pygame.Rect, top: int):
        """Each row with its y and whether it is chosen, from `top` down: the chosen row's
        band is filled, and every row's band is where the mouse finds it."""
        self.mouse_rows.clear()
        for i, row in enumerate(self.rows):
            y = top + i * ROW_H
            chosen = i == self.selected
            line = pygame.Rect(panel.x + 6, y - 3, panel.w - 12, ROW_H - 2)
            if chosen:
                canvas.fill(CHOSEN_BAND, line)
            self.mouse_rows.add(line, i)
            yield i, row, y, chosen


def draw_switch(canvas, pos, on: bool, chosen: bool) -> int:
    """An on/off switch: the knob right and green when on, left and grey when off; returns
    the right edge of its ON / OFF label."""
    x, y = pos
    track = pygame.Rect(x, y, 18, 8)
    canvas.fill(INK, track.inflate(2, 2))
    canvas.fill(ON_COLOUR if on else OFF_COLOUR, track)
    knob = pygame.Rect(track.right - 8 if on else track.x, y, 8, 8)
    canvas.fill(GOLD if chosen else WHITE, knob)
    canvas.fill(INK, knob.inflate(-6, -6))
    label_colour = ON_COLOUR if on else DIM
    where = (track.right + 5, y)
    return font(1).draw(canvas, "ON" if on else "OFF", where, label_colour, outline=INK).right
