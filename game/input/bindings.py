"""Which key or gamepad button does what. The only place to change the controls."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

import pygame

from game.sim.constants import CLONE, DOWN, FIRE, JUMP, LEFT, RASENGAN, RIGHT, TRANSFORM, UP


class Action(Enum):
    """Menu and flow commands; they arrive as events, never as part of a tick's mask."""

    CONFIRM = "confirm"
    BACK = "back"
    PAUSE = "pause"
    RESTART = "restart"
    UP = "up"  # menu navigation
    DOWN = "down"


@dataclass(frozen=True)
class MenuAction:
    action: Action
    device: str  # "keyboard" or "gamepad": the title screen treats Esc and Start differently


# --- keyboard ---------------------------------------------------------------------------------
KEY_BUTTONS: dict[int, int] = {
    pygame.K_LEFT: LEFT,
    pygame.K_a: LEFT,
    pygame.K_RIGHT: RIGHT,
    pygame.K_d: RIGHT,
    pygame.K_UP: UP,
    pygame.K_w: UP,
    pygame.K_DOWN: DOWN,
    pygame.K_s: DOWN,
    pygame.K_z: JUMP,
    pygame.K_SPACE: JUMP,
    pygame.K_k: JUMP,
    pygame.K_x: RASENGAN,
    pygame.K_j: RASENGAN,
    pygame.K_c: CLONE,
    pygame.K_l: CLONE,
    pygame.K_v: FIRE,
    pygame.K_b: TRANSFORM,
}

KEY_ACTIONS: dict[int, Action] = {
    pygame.K_RETURN: Action.CONFIRM,
    pygame.K_KP_ENTER: Action.CONFIRM,
    pygame.K_ESCAPE: Action.PAUSE,
    pygame.K_p: Action.PAUSE,
    pygame.K_BACKSPACE: Action.BACK,
    pygame.K_q: Action.BACK,
    pygame.K_r: Action.RESTART,
    pygame.K_UP: Action.UP,
    pygame.K_w: Action.UP,
    pygame.K_DOWN: Action.DOWN,
    pygame.K_s: Action.DOWN,
}

# --- gamepad (SDL GameController layout: A is the bottom face button) ---------------------------
PAD_BUTTONS: dict[int, int] = {
    pygame.CONTROLLER_BUTTON_DPAD_LEFT: LEFT,
    pygame.CONTROLLER_BUTTON_DPAD_RIGHT: RIGHT,
    pygame.CONTROLLER_BUTTON_DPAD_UP: UP,
    pygame.CONTROLLER_BUTTON_DPAD_DOWN: DOWN,
    pygame.CONTROLLER_BUTTON_A: JUMP,
    pygame.CONTROLLER_BUTTON_X: RASENGAN,
    pygame.CONTROLLER_BUTTON_B: CLONE,
    pygame.CONTROLLER_BUTTON_RIGHTSHOULDER: CLONE,
    pygame.CONTROLLER_BUTTON_Y: FIRE,
    pygame.CONTROLLER_BUTTON_LEFTSHOULDER: TRANSFORM,
}

PAD_ACTIONS: dict[int, Action] = {
    pygame.CONTROLLER_BUTTON_A: Action.CONFIRM,
    pygame.CONTROLLER_BUTTON_B: Action.BACK,
    pygame.CONTROLLER_BUTTON_START: Action.PAUSE,
    pygame.CONTROLLER_BUTTON_BACK: Action.RESTART,
    pygame.CONTROLLER_BUTTON_DPAD_UP: Action.UP,
    pygame.CONTROLLER_BUTTON_DPAD_DOWN: Action.DOWN,
}

# The left stick counts as a direction past this fraction of its travel: worn sticks rest
# a little off centre, and a light touch should not start a run.
STICK_DEADZONE = 0.35
STICK_MAX = 32767
