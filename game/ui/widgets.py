"""Small drawing helpers shared by the screens."""

from __future__ import annotations

from functools import lru_cache

import pygame

from game.render.colours import INK
from game.render.text import font


@lru_cache(maxsize=8)
def _veil(size: tuple[int, int], alpha: int) -> pygame.Surface:
    veil = pygame.Surface(size, pygame.SRCALPHA)
    veil.fill((8, 5, 6, alpha))
    return veil


def dim(canvas: pygame.Surface, alpha: int = 150, brightest: int | None = None) -> None:
    """Darken everything drawn so far, so text on top reads. `brightest` first caps every
    colour channel: a veil alone leaves daylight grey enough to swallow white text."""
    if brightest is not None:
        canvas.fill((brightest,) * 3, special_flags=pygame.BLEND_RGB_MIN)
    canvas.blit(_veil(canvas.get_size(), alpha), (0, 0))


def blink(ticks: int, period: int = 60) -> bool:
    """On for the first two thirds of every period: a prompt that pulses without vanishing long."""
    return ticks % period < period * 2 // 3


def centred(canvas: pygame.Surface, text: str, y: int, colour, scale: int = 1, **style):
    """Draw one line centred horizontally with its top at `y`; return its rect."""
    style.setdefault("outline", INK)
    return font(scale).draw(
        canvas, text, (canvas.get_width() // 2, y), colour, anchor="midtop", **style
    )
