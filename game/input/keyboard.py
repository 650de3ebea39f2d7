"""Keyboard state kept from KEYDOWN/KEYUP events, so a test can drive it with synthetic events."""

from __future__ import annotations

import pygame

from game.input.bindings import KEY_ACTIONS, KEY_BUTTONS, Action


class KeyboardState:
    def __init__(self) -> None:
        self.held: set[int] = set()

    def handle(self, event: pygame.event.Event) -> tuple[int, Action | None]:
        """Update from one event; return (buttons newly pressed, menu action or None)."""
        if event.type == pygame.KEYDOWN:
            self.held.add(event.key)
            return KEY_BUTTONS.get(event.key, 0), KEY_ACTIONS.get(event.key)
        if event.type == pygame.KEYUP:
            self.held.discard(event.key)
        return 0, None

    @property
    def mask(self) -> int:
        bits = 0
        for key in self.held:
            bits |= KEY_BUTTONS.get(key, 0)
        return bits

    def release_all(self) -> None:
        self.held.clear()
