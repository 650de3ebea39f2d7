"""The brightness option: a lift applied to the drawn world (never the HUD drawn after it).

`lift(canvas, amount)` with `amount` 0..100 (the `brightness` setting) raises the dark and
middle tones while black stays near black and white stays white, so a dark mine reads
without turning grey:

    out = a + k * a * (1 - a)   (a curve like a gamma: the darks gain most, white is fixed)
    out = out + b * (1 - out)   (a small screen-blend lift: pure black comes up a little)

with k = amount / 100 and b = LIFT_FLOOR * amount / 100. Both are done with pygame's
blend fills and blits on the 640x360 canvas (no per-pixel Python, no numpy): about a
millisecond at any amount, nothing at 0.
"""

from __future__ import annotations

import pygame

LIFT_FLOOR = 0.10  # at 100, black becomes about 10% grey (26, 26, 26)


class Brightness:
    """Keeps the scratch surfaces between frames (one allocation per canvas size)."""

    def __init__(self) -> None:
        self._square: pygame.Surface | None = None
        self._scaled: pygame.Surface | None = None

    def _scratch(self, canvas: pygame.Surface) -> tuple[pygame.Surface, pygame.Surface]:
        size = canvas.get_size()
        if self._square is None or self._square.get_size() != size:
            self._square = pygame.Surface(size).convert(canvas)
            self._scaled = pygame.Surface(size).convert(canvas)
        assert self._scaled is not None
        return self._square, self._scaled

    def apply(self, canvas: pygame.Surface, amount: int) -> None:
        amount = max(0, min(100, int(amount)))
        if amount == 0:
            return
        k = round(255 * amount / 100)
        square, scaled = self._scratch(canvas)
        # k*a and k*a^2 (pygame's MULT is a*b/255: a colour of 255 multiplies by one)
        scaled.blit(canvas, (0, 0))
        scaled.fill((k, k, k), special_flags=pygame.BLEND_RGB_MULT)  # k*a
        square.blit(canvas, (0, 0))
        square.blit(canvas, (0, 0), special_flags=pygame.BLEND_RGB_MULT)  # a^2
        square.fill((k, k, k), special_flags=pygame.BLEND_RGB_MULT)  # k*a^2
        # Subtract first: a - k*a^2 never goes below 0, and adding k*a then never passes 1.
        canvas.blit(square, (0, 0), special_flags=pygame.BLEND_RGB_SUB)  # a - k*a^2
        canvas.blit(scaled, (0, 0), special_flags=pygame.BLEND_RGB_ADD)  # + k*a
        floor = round(255 * LIFT_FLOOR * amount / 100)
        if floor:
            keep = 255 - floor
            canvas.fill((keep, keep, keep), special_flags=pygame.BLEND_RGB_MULT)
            canvas.fill((floor, floor, floor), special_flags=pygame.BLEND_RGB_ADD)


_SHARED = Brightness()


def lift(canvas: pygame.Surface, amount: int) -> None:
    """Brighten what is on `canvas` by `amount` (0..100, the `brightness` setting)."""
    _SHARED.apply(canvas, amount)
