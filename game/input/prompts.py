"""What the prompts call each control: the binding of the device the player last touched.

The sampler (game/input/sampler.py) reports every key and pad button press here, so a player
who picks up a pad sees "A" (or "Cross" on a PlayStation pad) where a keyboard player sees
"Z". `fill(text)` replaces tokens such as `[jump]` in any text (dialogue lines, tutorial
hints, the title's control hints) with those names.

The pad's family decides its face buttons' names. pygame-ce does not expose SDL's
`SDL_GameControllerGetType`, so `pad_style` does what SDL does for it: a Sony pad is known
by its USB vendor id (0x054c, in the joystick GUID) or its name (PS3/PS4/PS5, DualShock,
DualSense); every other pad, and an unknown one, is named as an Xbox pad (A/B/X/Y), which is
also the layout SDL's GameController API presents.
"""

from __future__ import annotations

import re

import pygame

from game.input import bindings

KEYBOARD = "keyboard"
GAMEPAD = "gamepad"
XBOX = "xbox"
PLAYSTATION = "playstation"

SONY_VENDOR = "4c05"  # 0x054c, little-endian, as it sits in an SDL joystick GUID
SONY_NAMES = ("ps3", "ps4", "ps5", "playstation", "dualshock", "dualsense", "sony")

BUTTON_LABELS: dict[str, dict[str, str]] = {
    XBOX: {
        "a": "A",
        "b": "B",
        "x": "X",
        "y": "Y",
        "back": "Back",
        "guide": "Guide",
        "start": "Start",
        "leftstick": "LS",
        "rightstick": "RS",
        "leftshoulder": "LB",
        "rightshoulder": "RB",
    },
    PLAYSTATION: {
        "a": "Cross",
        "b": "Circle",
        "x": "Square",
        "y": "Triangle",
        "back": "Share",
        "guide": "PS",
        "start": "Options",
        "leftstick": "L3",
        "rightstick": "R3",
        "leftshoulder": "L1",
        "rightshoulder": "R1",
    },
}
DPAD_LABELS = {
    "dpup": "D-pad Up",
    "dpdown": "D-pad Down",
    "dpleft": "D-pad Left",
    "dpright": "D-pad Right",
}
UNBOUND = "(unbound)"

TOKEN = re.compile(r"\[([a-z_]+)\]")
MOVE_TOKEN = "move"  # "[move]": all four directions at once ("arrows / WASD", "D-pad")

_last = {"device": KEYBOARD, "style": XBOX}


def pad_style(name: str = "", guid: str = "") -> str:
    """XBOX or PLAYSTATION for a pad of this name and SDL joystick GUID (hex string)."""
    lowered = (name or "").lower()
    if len(guid) >= 12 and guid[8:12].lower() == SONY_VENDOR:
        return PLAYSTATION
    if any(word in lowered for word in SONY_NAMES):
        return PLAYSTATION
    return XBOX


def observe(device: str, style: str | None = None) -> None:
    """A key (KEYBOARD) or a pad button or stick (GAMEPAD, of `style`) was just used."""
    _last["device"] = device
    if device == GAMEPAD and style is not None:
        _last["style"] = style


def last_device() -> str:
    return _last["device"]


def last_style() -> str:
    return _last["style"]


def reset() -> None:
    """Back to a keyboard player (tests)."""
    _last.update(device=KEYBOARD, style=XBOX)


def button_label(button: int, style: str | None = None) -> str:
    """A pad button's name as printed on that family's pad: "A", "Cross", "RB", "R1"."""
    name = bindings.PAD_BUTTON_IDS.get(button, "")
    if name in DPAD_LABELS:
        return DPAD_LABELS[name]
    labels = BUTTON_LABELS.get(style or _last["style"], BUTTON_LABELS[XBOX])
    return labels.get(name, name.title() or f"Button {button}")


def binding_names(action: str, device: str | None = None, style: str | None = None) -> list[str]:
    """Every binding of `action` for that device (by default the one last used), by name.
    The keyboard's pause lists Esc first: it always pauses."""
    device = device or _last["device"]
    current = bindings.current
    if device == GAMEPAD:
        return [button_label(b, style) for b in current.pad.get(action, ())]
    names = [bindings.key_label(k) for k in current.keys.get(action, ())]
    if action == "pause":
        names.insert(0, bindings.key_label(pygame.K_ESCAPE))
    return names


def binding_name(action: str, device: str | None = None, style: str | None = None) -> str:
    """The name of `action`'s first binding for the device last used ("Z", "Space", "A",
    "Cross"); "(unbound)" when it has none."""
    names = binding_names(action, device, style)
    return names[0] if names else UNBOUND


def move_name(device: str | None = None) -> str:
    """The four directions in one: "arrows / WASD" while they are the defaults."""
    device = device or _last["device"]
    if device == GAMEPAD:
        return "D-pad / left stick"
    current = bindings.current
    directions = ("left", "right", "up", "down")
    if all(tuple(current.keys[d]) == bindings.DEFAULT_KEYS[d] for d in directions):
        return "arrows / WASD"
    return " ".join(binding_name(d, device) for d in directions)


def fill(text: str) -> str:
    """`text` with every `[action]` token replaced by that action's current binding name
    for the device last used; tokens that name no action are left as they are."""
    if "[" not in text:
        return text

    def name(match: re.Match[str]) -> str:
        action = match.group(1)
        if action == MOVE_TOKEN:
            return move_name()
        if action in bindings.GAME_ACTIONS:
            return binding_name(action)
        return match.group(0)

    return TOKEN.sub(name, text)
