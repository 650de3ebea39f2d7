"""The Controls screen: every action with its keys and pad buttons, and remapping.

Choose an action (Up / Down, or the mouse) and press Enter: the next key pressed becomes its
keyboard binding, the next pad button its gamepad binding (Esc, a right click or six seconds
with nothing pressed cancel). A key another action already has is refused, and the screen
says which action has it; so are the keys the game keeps for itself (Enter, Esc, the volume
keys...). "Reset to defaults" puts every control back. Each change is saved at once through
the app's `update_settings` (settings.json `keys` / `pad`) and is in force from the next key.

Opened from the pause menu (game/ui/play.py) and the Options screen: `back` is where Esc
returns to, either a callable (the pause menu closes the page) or a screen to show again.
The app hands this screen every raw key and pad event first (`on_event`), so a key that
means something elsewhere (Enter, a pad's A) can still be bound.
"""

from __future__ import annotations

import pygame

from game.input import Action, MenuAction, bindings, prompts
from game.input.bindings import ACTION_LABELS, GAME_ACTIONS, RESERVED_KEYS, key_label
from game.render.colours import DIM, GOLD, INK, RED, WHITE
from game.render.text import font
from game.ui.mouse import MenuRows, Pointer
from game.ui.navigator import Navigator
from game.ui.widgets import centred

RESET = "reset"
BACK = "back"
ROWS: tuple[str, ...] = (*GAME_ACTIONS, RESET, BACK)
CAPTURE_SECONDS = 6.0  # a remap waiting this long for a press gives up

BACKGROUND = (18, 13, 15)
HIGHLIGHT = (70, 46, 26)
CAPTURE_HIGHLIGHT = (120, 70, 24)
RULE = (90, 70, 50)
COLUMNS = (64, 252, 448)  # x of the action, keyboard and gamepad columns (640-px canvas)
TOP = 66  # y of the first action row
ROW_H = 15
SHOWN_NAMES = 3  # keys listed per action; more are "+N"


class ControlsScreen:
    def __init__(self, nav: Navigator, back) -> None:
        self.nav = nav
        self.back = back
        self.selected = 0
        self.capturing: str | None = None  # the action waiting for its new key or button
        self.capture_started = 0.0
        self.message = ""
        self.message_colour = DIM
        self.rows = MenuRows()

    # --- what it does ----------------------------------------------------------------------
    @property
    def row(self) -> str:
        return ROWS[self.selected]

    def choose(self, row: str) -> None:
        """Enter (or a click) on a row: wait for a new binding, reset, or leave."""
        if row == RESET:
            self.reset()
        elif row == BACK:
            self.close()
        else:
            self.capturing = row
            self.capture_started = self.nav.clock()
            self.message = ""

    def cancel(self, why: str = "Nothing changed") -> None:
        self.capturing = None
        self._say(why, DIM)

    def bind_key(self, key: int) -> bool:
        """The key pressed while waiting; True if it was bound. Esc cancels."""
        action = self.capturing
        if action is None:
            return False
        if key == pygame.K_ESCAPE:
            self.cancel()
            return False
        name = key_label(key)
        if key in RESERVED_KEYS:
            self._say(f"{name} is kept for {RESERVED_KEYS[key]}: press another key", RED)
            return False
        owner = bindings.current.key_owner(key)
        if owner is not None and owner != action:
            self._refuse(name, owner)
            return False
        self._save(bindings.current.with_key(action, key))
        self._say(f"{ACTION_LABELS[action]}: {name} on the keyboard", GOLD)
        return True

    def bind_button(self, button: int) -> bool:
        """The pad button pressed while waiting; True if it was bound."""
        action = self.capturing
        if action is None:
            return False
        if button not in bindings.PAD_BUTTON_IDS:
            self._say("That button cannot be bound: press another", RED)
            return False
        name = prompts.button_label(button)
        owner = bindings.current.button_owner(button)
        if owner is not None and owner != action:
            self._refuse(name, owner)
            return False
        self._save(bindings.current.with_button(action, button))
        self._say(f"{ACTION_LABELS[action]}: {name} on the gamepad", GOLD)
        return True

    def reset(self) -> None:
        self.capturing = None
        self._save(bindings.Bindings())
        self._say("Every control is back to its default", GOLD)

    def close(self) -> None:
        self.capturing = None
        if callable(self.back):
            self.back()
        else:
            self.nav.show_scene(self.back)

    def _refuse(self, name: str, owner: str) -> None:
        """Keep waiting: the player may press another key or cancel."""
        self._say(f"{name} is already {ACTION_LABELS[owner]}: press another, or Esc", RED)

    def _save(self, chosen: bindings.Bindings) -> None:
        """Saved at once (only the actions that differ from the defaults), then put in force
        exactly as the next start will read them back."""
        keys, pad = chosen.settings_values()
        self.nav.update_settings(keys=keys, pad=pad)
        bindings.apply_settings(self.nav.settings)
        self.capturing = None

    def _say(self, text: str, colour) -> None:
        self.message, self.message_colour = text, colour

    # --- events ----------------------------------------------------------------------------
    def on_event(self, event: pygame.event.Event) -> bool:
        """Every raw event, before the app reads it: while waiting for a press, a key or a
        pad button is taken here (True: the app does nothing else with it)."""
        if self.capturing is None:
            return False
        if event.type == pygame.KEYDOWN:
            prompts.observe(prompts.KEYBOARD)
            self.bind_key(event.key)
            return True
        if event.type == pygame.CONTROLLERBUTTONDOWN:
            prompts.observe(prompts.GAMEPAD)
            self.bind_button(event.button)
            return True
        return False

    def on_action(self, event: MenuAction) -> None:
        if self.capturing is not None:
            if event.action == Action.PAUSE and event.device == "keyboard":
                self.cancel()
            return
        action = event.action
        if action in (Action.UP, Action.DOWN):
            step = -1 if action == Action.UP else 1
            self.selected = (self.selected + step) % len(ROWS)
            self.message = ""
        elif action == Action.CONFIRM:
            self.choose(self.row)
        elif action in (Action.BACK, Action.PAUSE):
            self.close()

    def on_key(self, key: int) -> None:
        pass

    def on_mouse(self, pointer: Pointer) -> None:
        if self.capturing is not None:
            if pointer.kind == "click" and not pointer.click:
                self.cancel()  # a right click gives up waiting
            return
        row = self.rows.at(pointer.pos)
        if pointer.kind == "wheel":
            self.selected = (self.selected - pointer.wheel) % len(ROWS)
            return
        if row is None:
            return
        self.selected = ROWS.index(str(row))
        if pointer.click:
            self.choose(str(row))

    def on_activity(self) -> bool:
        return False

    def on_focus_lost(self) -> None:
        if self.capturing is not None:
            self.cancel()

    def tick(self) -> None:
        self._check_timeout()

    def _check_timeout(self) -> None:
        waited = self.nav.clock() - self.capture_started
        if self.capturing is not None and waited >= CAPTURE_SECONDS:
            self.cancel("Nothing was pressed: nothing changed")

    # --- drawing ---------------------------------------------------------------------------
    def frame_key(self) -> tuple:
        """What the page shows (the app draws it again only when this changes): it stands
        still but for the blinking prompt and the countdown while waiting."""
        self._check_timeout()
        now = self.nav.clock()
        waiting = (int(now * 3) % 3 != 2, int(now - self.capture_started)) if self.capturing else ()
        return (
            self.selected,
            self.capturing,
            self.message,
            waiting,
            prompts.last_style(),
            bindings.current,
        )

    def draw(self, canvas: pygame.Surface, alpha: float = 1.0) -> None:
        """An opaque page: nothing of the game behind it competes with the names."""
        self._check_timeout()  # the pause menu's loop runs no ticks
        canvas.fill(BACKGROUND)
        width = canvas.get_width()
        small = font(1)
        centred(canvas, "CONTROLS", 12, GOLD, scale=2, shadow=(90, 30, 10))
        centred(
            canvas,
            "Choose an action and press Enter, then the new key (keyboard) or button (gamepad)",
            36,
            DIM,
        )
        style = prompts.last_style()
        pad_heading = "GAMEPAD (PlayStation)" if style == prompts.PLAYSTATION else "GAMEPAD"
        for x, heading in zip(COLUMNS, ("ACTION", "KEYBOARD", pad_heading), strict=True):
            small.draw(canvas, heading, (x, TOP - 16), GOLD, outline=INK)
        canvas.fill(RULE, (COLUMNS[0] - 8, TOP - 5, width - 2 * (COLUMNS[0] - 8), 1))
        self.rows.clear()
        waiting = self.capturing is not None
        blink_on = int(self.nav.clock() * 3) % 3 != 2
        for i, action in enumerate(GAME_ACTIONS):
            y = TOP + i * ROW_H
            band = pygame.Rect(COLUMNS[0] - 8, y - 3, width - 2 * (COLUMNS[0] - 8), ROW_H)
            if i == self.selected:
                canvas.fill(CAPTURE_HIGHLIGHT if waiting else HIGHLIGHT, band)
            self.rows.add(band.inflate(0, -2), action, pad=0)
            colour = GOLD if i == self.selected else WHITE
            small.draw(canvas, ACTION_LABELS[action], (COLUMNS[0], y), colour, outline=INK)
            if waiting and action == self.capturing:
                if blink_on:
                    small.draw(canvas, "press a key...", (COLUMNS[1], y), GOLD, outline=INK)
                    small.draw(canvas, "...or a button", (COLUMNS[2], y), GOLD, outline=INK)
                continue
            keys = _listed(prompts.binding_names(action, prompts.KEYBOARD))
            pads = _listed(prompts.binding_names(action, prompts.GAMEPAD, style))
            small.draw(canvas, keys, (COLUMNS[1], y), WHITE, outline=INK)
            small.draw(canvas, pads, (COLUMNS[2], y), WHITE, outline=INK)
        y = TOP + len(GAME_ACTIONS) * ROW_H + 8
        for j, (row, label) in enumerate(((RESET, "Reset to defaults"), (BACK, "Back"))):
            chosen = self.selected == len(GAME_ACTIONS) + j
            rect = centred(canvas, label, y + j * 15, GOLD if chosen else WHITE)
            if chosen:
                mark = rect.inflate(16, 4)
                canvas.fill(HIGHLIGHT, mark)
                centred(canvas, label, y + j * 15, GOLD)
            self.rows.add(rect.inflate(40, 0), row)
        message_y = y + 36
        if waiting:
            left = max(0, int(CAPTURE_SECONDS - (self.nav.clock() - self.capture_started)) + 1)
            label = ACTION_LABELS[self.capturing]
            centred(canvas, f"Press the new key or pad button for {label}", message_y, GOLD)
            if self.message:
                centred(canvas, self.message, message_y + 13, self.message_colour)
            else:
                centred(canvas, f"Esc cancels ({left})", message_y + 13, DIM)
        elif self.message:
            centred(canvas, self.message, message_y, self.message_colour)
        centred(
            canvas,
            "Always: Enter confirm   Esc pause / back   Backspace or Q back   F11 fullscreen",
            canvas.get_height() - 30,
            DIM,
        )
        centred(
            canvas,
            "- = music   [ ] effects   M mute   F2 shake   Up / Down choose   Enter change",
            canvas.get_height() - 17,
            DIM,
        )


def _listed(names: list[str]) -> str:
    if not names:
        return "-"
    shown = ", ".join(names[:SHOWN_NAMES])
    return shown + (f"  +{len(names) - SHOWN_NAMES}" if len(names) > SHOWN_NAMES else "")
