"""The per-tick input: everything held now, plus anything pressed since the last tick.

A key tapped and released between two ticks (a fast jump tap during a slow frame) still
counts for one tick, so no press is ever lost; the replay then records exactly what the
simulation saw.
"""

from __future__ import annotations

import pygame

from game.input import prompts
from game.input.bindings import MenuAction
from game.input.gamepad import GamepadState
from game.input.keyboard import KeyboardState

ACTIVITY_EVENTS = (
    pygame.KEYDOWN,
    pygame.CONTROLLERBUTTONDOWN,
    pygame.MOUSEBUTTONDOWN,
)


class InputSampler:
    def __init__(self) -> None:
        self.keyboard = KeyboardState()
        self.gamepads = GamepadState()
        self._pressed = 0
        self._activity = False

    def start(self) -> None:
        """Open the gamepad subsystem (needs pygame.init()); keyboard works without it."""
        self.gamepads.start()

    def handle(self, event: pygame.event.Event) -> MenuAction | None:
        """Feed one pygame event; return the menu action it triggers, if any."""
        if event.type in (pygame.KEYDOWN, pygame.KEYUP):
            pressed, action = self.keyboard.handle(event)
            device = "keyboard"
        else:
            pressed, action = self.gamepads.handle(event)
            device = "gamepad"
        self._pressed |= pressed
        if event.type == pygame.KEYDOWN:
            prompts.observe(prompts.KEYBOARD)
        elif event.type == pygame.CONTROLLERBUTTONDOWN or pressed:
            # the prompts name this pad's buttons from now on
            prompts.observe(prompts.GAMEPAD, self.gamepads.style(event.instance_id))
        if event.type in ACTIVITY_EVENTS or pressed:
            self._activity = True
        return MenuAction(action, device) if action is not None else None

    @property
    def held(self) -> int:
        return self.keyboard.mask | self.gamepads.mask

    def sample(self) -> int:
        """The bitmask for the tick about to run."""
        mask = self.held | self._pressed
        self._pressed = 0
        return mask

    def take_activity(self) -> bool:
        """True once if any key or button went down since the last call (attract mode)."""
        active = self._activity
        self._activity = False
        return active

    def release_all(self) -> None:
        """Forget held keys: when the window loses focus their KEYUP never arrives."""
        self.keyboard.release_all()
        self.gamepads.release_all()
        self._pressed = 0
