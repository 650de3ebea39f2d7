"""The settings keys that work anywhere in the game: volumes, mute and screen shake.

`-` / `=` music volume, `[` / `]` effects volume, `M` mute, `F2` screen shake. Each press
returns the new settings and a short notice for the screen; the app saves and applies them.
"""

from __future__ import annotations

import pygame

from game.store import Settings

VOLUME_STEPS = 10  # presses from silent to full

MUSIC_DOWN = (pygame.K_MINUS, pygame.K_KP_MINUS)
MUSIC_UP = (pygame.K_EQUALS, pygame.K_PLUS, pygame.K_KP_PLUS)
EFFECTS_DOWN = (pygame.K_LEFTBRACKET,)
EFFECTS_UP = (pygame.K_RIGHTBRACKET,)
MUTE = (pygame.K_m,)
SHAKE = (pygame.K_F2,)
SETTINGS_KEYS = frozenset(MUSIC_DOWN + MUSIC_UP + EFFECTS_DOWN + EFFECTS_UP + MUTE + SHAKE)


def _step(volume: float, direction: int) -> float:
    # Whole steps divided once, so the values are exactly 0.0, 0.1 ... 1.0 (as saved).
    step = round(volume * VOLUME_STEPS) + direction
    return min(VOLUME_STEPS, max(0, step)) / VOLUME_STEPS


def _percent(volume: float) -> str:
    return f"{round(volume * 100)}%"


def apply_key(settings: Settings, key: int) -> tuple[Settings, str] | None:
    """The settings after pressing `key`, and what to tell the player; None if `key` is not a
    settings key. Changing a volume also unmutes: the player wants to hear the change."""
    if key in MUSIC_DOWN or key in MUSIC_UP:
        volume = _step(settings.music_volume, 1 if key in MUSIC_UP else -1)
        return settings.replace(music_volume=volume, muted=False), f"Music {_percent(volume)}"
    if key in EFFECTS_DOWN or key in EFFECTS_UP:
        volume = _step(settings.effects_volume, 1 if key in EFFECTS_UP else -1)
        return settings.replace(effects_volume=volume, muted=False), f"Effects {_percent(volume)}"
    if key in MUTE:
        muted = not settings.muted
        return settings.replace(muted=muted), "Sound off" if muted else "Sound on"
    if key in SHAKE:
        shake = not settings.screen_shake
        return settings.replace(screen_shake=shake), f"Screen shake {'on' if shake else 'off'}"
    return None
