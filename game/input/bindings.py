"""Which key or gamepad button does what. The only place to change the controls.

The game's actions (`GAME_ACTIONS`) each have a list of keys and a list of pad buttons: the
defaults below, or the player's own from `settings.json` (`keys` / `pad`: action -> list of
names; an action left out keeps its default), set from the Controls screen
(game/ui/controls.py). Keys are named as pygame names them (`pygame.key.name`: "z", "space",
"left shift"), pad buttons as SDL's GameController does ("a", "leftshoulder", "dpup").

A few keys are fixed: Enter confirms, Esc pauses (and goes back in menus), Backspace and Q go
back, the arrows move through menus, and the app's own keys (volumes, F2, F3, F11, the play
screen's toggles and practice digits) are never game buttons. `apply()` rebuilds the four
tables the keyboard and the gamepad read (`KEY_BUTTONS`, `KEY_ACTIONS`, `PAD_BUTTONS`,
`PAD_ACTIONS`) in place, so a remap takes effect on the next event.
"""

from __future__ import annotations

import sys
import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum

import pygame

from game.sim.constants import (
    BUTTONS,
)


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


# --- the actions a player can rebind --------------------------------------------------------
GAME_ACTIONS: tuple[str, ...] = (
    "left",
    "right",
    "up",
    "down",
    "jump",
    "rasengan",
    "clone",
    "fire",
    "transform",
    "pause",
    "restart",
)
ACTION_LABELS: dict[str, str] = {
    "left": "Move left",
    "right": "Move right",
    "up": "Up (aim, wall-run, leap)",
    "down": "Down (drop, dispel)",
    "jump": "Jump",
    "rasengan": "Rasengan",
    "clone": "Shadow clone",
    "fire": "Fire ignition",
    "transform": "Transformation",
    "pause": "Pause",
    "restart": "Restart",
}
ACTION_BITS: dict[str, int] = dict(BUTTONS)  # the actions that are input bits, by name
ACTION_COMMANDS: dict[str, Action] = {"pause": Action.PAUSE, "restart": Action.RESTART}

DEFAULT_KEYS: dict[str, tuple[int, ...]] = {
    "left": (pygame.K_LEFT, pygame.K_a),
    "right": (pygame.K_RIGHT, pygame.K_d),
    "up": (pygame.K_UP, pygame.K_w),
    "down": (pygame.K_DOWN, pygame.K_s),
    "jump": (pygame.K_z, pygame.K_SPACE, pygame.K_k),
    "rasengan": (pygame.K_x, pygame.K_j),
    "clone": (pygame.K_c, pygame.K_l),
    "fire": (pygame.K_v,),
    "transform": (pygame.K_b,),
    "pause": (pygame.K_p,),  # and Esc, always (FIXED_KEYS)
    "restart": (pygame.K_r,),
}

# SDL GameController layout: A is the bottom face button on every pad.
DEFAULT_PAD: dict[str, tuple[int, ...]] = {
    "left": (pygame.CONTROLLER_BUTTON_DPAD_LEFT,),
    "right": (pygame.CONTROLLER_BUTTON_DPAD_RIGHT,),
    "up": (pygame.CONTROLLER_BUTTON_DPAD_UP,),
    "down": (pygame.CONTROLLER_BUTTON_DPAD_DOWN,),
    "jump": (pygame.CONTROLLER_BUTTON_A,),
    "rasengan": (pygame.CONTROLLER_BUTTON_X,),
    "clone": (pygame.CONTROLLER_BUTTON_B, pygame.CONTROLLER_BUTTON_RIGHTSHOULDER),
    "fire": (pygame.CONTROLLER_BUTTON_Y,),
    "transform": (pygame.CONTROLLER_BUTTON_LEFTSHOULDER,),
    "pause": (pygame.CONTROLLER_BUTTON_START,),
    "restart": (pygame.CONTROLLER_BUTTON_BACK,),
}

# --- keys no action can take ------------------------------------------------------------------
# Menu keys: what they do everywhere, whatever the bindings.
FIXED_KEYS: dict[int, Action] = {
    pygame.K_RETURN: Action.CONFIRM,
    pygame.K_KP_ENTER: Action.CONFIRM,
    pygame.K_ESCAPE: Action.PAUSE,
    pygame.K_BACKSPACE: Action.BACK,
    pygame.K_q: Action.BACK,
}
# Keys the app or the play screen use before any binding (game/app.py, game/ui/play.py), and
# why: shown when a player tries to bind one.
RESERVED_KEYS: dict[int, str] = {
    pygame.K_RETURN: "menus (confirm)",
    pygame.K_KP_ENTER: "menus (confirm)",
    pygame.K_ESCAPE: "pause and cancel",
    pygame.K_BACKSPACE: "menus (back)",
    pygame.K_q: "menus (back)",
    pygame.K_MINUS: "music volume",
    pygame.K_KP_MINUS: "music volume",
    pygame.K_EQUALS: "music volume",
    pygame.K_PLUS: "music volume",
    pygame.K_KP_PLUS: "music volume",
    pygame.K_LEFTBRACKET: "effects volume",
    pygame.K_RIGHTBRACKET: "effects volume",
    pygame.K_m: "mute",
    pygame.K_F2: "screen shake",
    pygame.K_F3: "the debug overlay",
    pygame.K_F11: "fullscreen",
    pygame.K_F1: "the Controls page",
    pygame.K_t: "the real-time display",
    pygame.K_TAB: "the splits panel",
    pygame.K_g: "the ghost",
    **{getattr(pygame, f"K_{n}"): "practice from a split" for n in range(10)},
}

# SDL's GameController button names (SDL_GameControllerGetStringForButton), as saved.
PAD_BUTTON_NAMES: dict[str, int] = {
    "a": pygame.CONTROLLER_BUTTON_A,
    "b": pygame.CONTROLLER_BUTTON_B,
    "x": pygame.CONTROLLER_BUTTON_X,
    "y": pygame.CONTROLLER_BUTTON_Y,
    "back": pygame.CONTROLLER_BUTTON_BACK,
    "guide": pygame.CONTROLLER_BUTTON_GUIDE,
    "start": pygame.CONTROLLER_BUTTON_START,
    "leftstick": pygame.CONTROLLER_BUTTON_LEFTSTICK,
    "rightstick": pygame.CONTROLLER_BUTTON_RIGHTSTICK,
    "leftshoulder": pygame.CONTROLLER_BUTTON_LEFTSHOULDER,
    "rightshoulder": pygame.CONTROLLER_BUTTON_RIGHTSHOULDER,
    "dpup": pygame.CONTROLLER_BUTTON_DPAD_UP,
    "dpdown": pygame.CONTROLLER_BUTTON_DPAD_DOWN,
    "dpleft": pygame.CONTROLLER_BUTTON_DPAD_LEFT,
    "dpright": pygame.CONTROLLER_BUTTON_DPAD_RIGHT,
}
PAD_BUTTON_IDS: dict[int, str] = {button: name for name, button in PAD_BUTTON_NAMES.items()}

# The left stick counts as a direction past this fraction of its travel: worn sticks rest
# a little off centre, and a light touch should not start a run.
STICK_DEADZONE = 0.35
STICK_MAX = 32767


# --- names ------------------------------------------------------------------------------------
def key_name(key: int) -> str:
    """The name a key is saved under: pygame's ("z", "space", "left shift")."""
    with warnings.catch_warnings():  # before pygame.init() pygame warns, but knows the names
        warnings.simplefilter("ignore")
        return pygame.key.name(key)


def key_code(name: str) -> int | None:
    """The key a saved name stands for, or None for a name pygame does not know."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            code = pygame.key.key_code(name.strip().lower())
        except (ValueError, pygame.error):
            return None
    return code or None


KEY_LABELS = {
    "escape": "Esc",
    "return": "Enter",
    "enter": "Keypad Enter",
    "backspace": "Backspace",
}


def key_label(key: int) -> str:
    """A key's name as a player reads it: "Z", "Space", "Left Shift", "Esc"."""
    name = key_name(key)
    if name in KEY_LABELS:
        return KEY_LABELS[name]
    if not name:
        return f"Key {key}"
    if len(name) > 2 and name.startswith("[") and name.endswith("]"):
        return f"Keypad {name[1:-1].title()}"  # pygame names the keypad's keys "[1]", "[+]"
    return " ".join(word[:1].upper() + word[1:] for word in name.split(" "))


def button_code(name: str) -> int | None:
    return PAD_BUTTON_NAMES.get(name.strip().lower())


# --- the bindings -----------------------------------------------------------------------------
@dataclass(frozen=True)
class Bindings:
    """Every game action's keys and pad buttons, in the order they were bound."""

    keys: Mapping[str, tuple[int, ...]] = field(default_factory=lambda: dict(DEFAULT_KEYS))
    pad: Mapping[str, tuple[int, ...]] = field(default_factory=lambda: dict(DEFAULT_PAD))

    def with_key(self, action: str, key: int) -> Bindings:
        return Bindings({**self.keys, action: (key,)}, self.pad)

    def with_button(self, action: str, button: int) -> Bindings:
        return Bindings(self.keys, {**self.pad, action: (button,)})

    def key_owner(self, key: int) -> str | None:
        """The action bound to `key`, if any."""
        return next((a for a in GAME_ACTIONS if key in self.keys.get(a, ())), None)

    def button_owner(self, button: int) -> str | None:
        return next((a for a in GAME_ACTIONS if button in self.pad.get(a, ())), None)

    def settings_values(self) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
        """(keys, pad) for settings.json: only the actions that differ from the defaults."""
        keys = {
            action: [key_name(k) for k in self.keys[action]]
            for action in GAME_ACTIONS
            if tuple(self.keys[action]) != DEFAULT_KEYS[action]
        }
        pad = {
            action: [PAD_BUTTON_IDS[b] for b in self.pad[action]]
            for action in GAME_ACTIONS
            if tuple(self.pad[action]) != DEFAULT_PAD[action]
        }
        return keys, pad


def from_settings(
    keys: Mapping[str, list[str]], pad: Mapping[str, list[str]]
) -> tuple[Bindings, list[str]]:
    """The bindings `settings.json` asks for, and what in it could not be used. An unknown
    action is ignored; an action with an unknown or reserved name, or a key another action
    already took, keeps its default. A key bound in the file is taken out of the other
    actions' defaults, so `"jump": ["x"]` alone leaves Rasengan on J."""
    problems: list[str] = []
    key_table = _resolve("keys", keys, DEFAULT_KEYS, _key_of, problems)
    pad_table = _resolve("pad", pad, DEFAULT_PAD, _button_of, problems)
    return Bindings(key_table, pad_table), problems


def _key_of(name: str) -> tuple[int | None, str]:
    code = key_code(name)
    if code is None:
        return None, f"unknown key name {name!r}"
    if code in RESERVED_KEYS:
        return None, f"{key_label(code)} is kept for {RESERVED_KEYS[code]}"
    return code, ""


def _button_of(name: str) -> tuple[int | None, str]:
    code = button_code(name)
    if code is None:
        return None, f"unknown button name {name!r} (use {', '.join(PAD_BUTTON_NAMES)})"
    return code, ""


def _resolve(section, wanted, defaults, code_of, problems) -> dict[str, tuple[int, ...]]:
    chosen: dict[str, tuple[int, ...]] = {}
    taken: set[int] = set()
    for action, names in wanted.items():
        if action not in defaults:
            problems.append(f"{section}: unknown action {action!r}")
            continue
        codes: list[int] = []
        for name in names:
            code, problem = code_of(name)
            if code is not None and code in taken:
                problem = f"{name!r} is bound twice"
            if problem:
                problems.append(f"{section}.{action}: {problem}, so it keeps its default")
                codes = []
                break
            if code not in codes:
                codes.append(code)
        else:
            chosen[action] = tuple(codes)
            taken.update(codes)
    return {
        action: chosen.get(action, tuple(c for c in defaults[action] if c not in taken))
        for action in GAME_ACTIONS
    }


# --- the tables the keyboard and the pads read (rebuilt in place by apply) -----------------------
KEY_BUTTONS: dict[int, int] = {}
KEY_ACTIONS: dict[int, Action] = {}
PAD_BUTTONS: dict[int, int] = {}
PAD_ACTIONS: dict[int, Action] = {}

current = Bindings()


def apply(bindings: Bindings) -> None:
    """Make `bindings` the ones in force, from the next key or button event on."""
    global current
    current = bindings
    KEY_BUTTONS.clear()
    KEY_ACTIONS.clear()
    PAD_BUTTONS.clear()
    PAD_ACTIONS.clear()
    for action in GAME_ACTIONS:
        bit = ACTION_BITS.get(action, 0)
        for key in bindings.keys.get(action, ()):
            if bit:
                KEY_BUTTONS[key] = KEY_BUTTONS.get(key, 0) | bit
        for button in bindings.pad.get(action, ()):
            if bit:
                PAD_BUTTONS[button] = PAD_BUTTONS.get(button, 0) | bit
    # Keyboard: the fixed menu keys, the arrows for menus, then the bound up, down, pause
    # and restart keys (so W and S move through menus by default).
    KEY_ACTIONS.update(FIXED_KEYS)
    KEY_ACTIONS.setdefault(pygame.K_UP, Action.UP)
    KEY_ACTIONS.setdefault(pygame.K_DOWN, Action.DOWN)
    commands = {"up": Action.UP, "down": Action.DOWN, **ACTION_COMMANDS}
    for action, command in commands.items():
        for key in bindings.keys.get(action, ()):
            KEY_ACTIONS.setdefault(key, command)
    # Pad: the bound pause and restart buttons, then A confirms, B goes back and the d-pad
    # moves through menus (unless pause or restart took the button).
    for action, command in ACTION_COMMANDS.items():
        for button in bindings.pad.get(action, ()):
            PAD_ACTIONS[button] = command
    PAD_ACTIONS.setdefault(pygame.CONTROLLER_BUTTON_A, Action.CONFIRM)
    PAD_ACTIONS.setdefault(pygame.CONTROLLER_BUTTON_B, Action.BACK)
    PAD_ACTIONS.setdefault(pygame.CONTROLLER_BUTTON_DPAD_UP, Action.UP)
    PAD_ACTIONS.setdefault(pygame.CONTROLLER_BUTTON_DPAD_DOWN, Action.DOWN)


def apply_settings(settings, *, report=None) -> list[str]:
    """Put the bindings `settings` (game.store.Settings) names in force; return the problems
    found. `report(line)`, when given, receives them as one line (the app prints it)."""
    bindings, problems = from_settings(settings.keys, settings.pad)
    apply(bindings)
    if problems and report is not None:
        report("; ".join(problems))
    return problems


def load(settings) -> None:
    """At start: the settings' bindings in force; what could not be used is one line on
    stderr naming settings.json (those actions keep their defaults)."""
    from game.store import settings_path  # the store imports nothing of the input

    apply_settings(
        settings,
        report=lambda line: print(f"{settings_path()}: {line}", file=sys.stderr),
    )


def reset() -> None:
    apply(Bindings())


reset()
