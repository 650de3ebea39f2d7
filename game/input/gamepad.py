"""Gamepads through SDL's GameController API: one layout for Xbox, PlayStation and Switch pads.

Controllers come and go at any time (CONTROLLERDEVICEADDED / REMOVED); every connected pad
drives Naruto, so a second pad picked up mid-run just works.
"""

from __future__ import annotations

import contextlib

import pygame

from game.input.bindings import (
    PAD_ACTIONS,
    PAD_BUTTONS,
    STICK_DEADZONE,
    STICK_MAX,
    Action,
)
from game.input.prompts import XBOX, pad_style
from game.sim.constants import DOWN, LEFT, RIGHT, UP

try:  # the SDL2 controller wrapper is optional in some pygame builds
    from pygame._sdl2 import controller as sdl_controller
except ImportError:  # pragma: no cover - depends on the pygame build
    sdl_controller = None


def stick_mask(x: int, y: int, deadzone: float = STICK_DEADZONE) -> int:
    """Directions pointed at by a stick at raw axis values (-32768..32767, y grows downward)."""
    limit = deadzone * STICK_MAX
    bits = 0
    if x <= -limit:
        bits |= LEFT
    elif x >= limit:
        bits |= RIGHT
    if y <= -limit:
        bits |= UP
    elif y >= limit:
        bits |= DOWN
    return bits


class Pad:
    """What one controller holds right now."""

    def __init__(self) -> None:
        self.buttons: set[int] = set()
        self.left_x = 0
        self.left_y = 0

    @property
    def mask(self) -> int:
        bits = stick_mask(self.left_x, self.left_y)
        for button in self.buttons:
            bits |= PAD_BUTTONS.get(button, 0)
        return bits


class GamepadState:
    def __init__(self) -> None:
        self.pads: dict[int, Pad] = {}
        self._devices: dict[int, object] = {}  # instance id -> open Controller, kept alive
        self.styles: dict[int, str] = {}  # instance id -> its buttons' names (prompts.pad_style)

    def start(self) -> None:
        """Initialise SDL's controller support; pads already plugged in arrive as ADDED events."""
        if sdl_controller is not None and not sdl_controller.get_init():
            with contextlib.suppress(pygame.error):
                sdl_controller.init()

    def _open(self, device_index: int) -> None:
        if sdl_controller is None:
            return
        try:
            if not sdl_controller.is_controller(device_index):
                return
            pad = sdl_controller.Controller(device_index)
            joystick = pad.as_joystick()
            instance_id = joystick.get_instance_id()
            style = pad_style(joystick.get_name(), joystick.get_guid())
        except pygame.error:
            return
        self._devices[instance_id] = pad
        self.styles[instance_id] = style
        self.pads.setdefault(instance_id, Pad())

    def _close(self, instance_id: int) -> None:
        self.pads.pop(instance_id, None)
        self.styles.pop(instance_id, None)
        device = self._devices.pop(instance_id, None)
        if device is not None:
            with contextlib.suppress(pygame.error):
                device.quit()

    def handle(self, event: pygame.event.Event) -> tuple[int, Action | None]:
        """Update from one event; return (buttons newly pressed, menu action or None)."""
        kind = event.type
        if kind == pygame.CONTROLLERDEVICEADDED:
            self._open(event.device_index)
        elif kind == pygame.CONTROLLERDEVICEREMOVED:
            self._close(event.instance_id)
        elif kind == pygame.CONTROLLERBUTTONDOWN:
            pad = self.pads.setdefault(event.instance_id, Pad())
            pad.buttons.add(event.button)
            return PAD_BUTTONS.get(event.button, 0), PAD_ACTIONS.get(event.button)
        elif kind == pygame.CONTROLLERBUTTONUP:
            pad = self.pads.get(event.instance_id)
            if pad is not None:
                pad.buttons.discard(event.button)
        elif kind == pygame.CONTROLLERAXISMOTION:
            return self._axis(event)
        return 0, None

    def _axis(self, event: pygame.event.Event) -> tuple[int, Action | None]:
        pad = self.pads.setdefault(event.instance_id, Pad())
        before = stick_mask(pad.left_x, pad.left_y)
        if event.axis == pygame.CONTROLLER_AXIS_LEFTX:
            pad.left_x = event.value
        elif event.axis == pygame.CONTROLLER_AXIS_LEFTY:
            pad.left_y = event.value
        else:
            return 0, None
        pressed = stick_mask(pad.left_x, pad.left_y) & ~before
        # Pushing the stick into a direction navigates menus like the d-pad does.
        action = Action.UP if pressed & UP else Action.DOWN if pressed & DOWN else None
        return pressed, action

    def style(self, instance_id: int) -> str:
        """How that pad's buttons are named: prompts.XBOX (also when unknown) or PLAYSTATION."""
        return self.styles.get(instance_id, XBOX)

    @property
    def mask(self) -> int:
        bits = 0
        for pad in self.pads.values():
            bits |= pad.mask
        return bits

    def release_all(self) -> None:
        for pad in self.pads.values():
            pad.buttons.clear()
            pad.left_x = pad.left_y = 0
