"""The far scenery of the mine, painted with numpy: three layers of cave seen beyond the tiles.

Farthest first: a distant cavern (opaque; its top row is one flat colour that the renderer
extends upwards) with a haze of far air, hanging stalactites and a rocky far floor; then a
row of spires and stalagmites; then low near boulders with a few glinting crystals. Every
layer repeats sideways without a seam (shapes are placed on a circle of `WIDTH` pixels) and
all of it stays dark and low in contrast, so it never competes with the play field.
"""

from __future__ import annotations

import math

import numpy as np
import pygame

from game.render.raster import hash01

WIDTH, HEIGHT = 320, 180
Colour = tuple[int, int, int]

FAR_ROCK: Colour = (17, 14, 17)  # the far cavern's ceiling and floor, and what lies above
FAR_HAZE: tuple[Colour, ...] = ((20, 17, 20), (23, 20, 23), (26, 22, 26))  # air, far to near
MID_ROCK: Colour = (13, 11, 14)
MID_RIM: Colour = (30, 25, 28)
NEAR_ROCK: Colour = (9, 8, 10)
NEAR_RIM: Colour = (24, 20, 22)
GLINTS: tuple[Colour, ...] = ((164, 118, 52), (84, 156, 168))  # geomarrow amber, cyan tips

# 4x4 ordered dither: steps between flat tones without smooth gradients.
BAYER = np.array([[0, 8, 2, 10], [12, 4, 14, 6], [3, 11, 1, 9], [15, 7, 13, 5]]) / 16

_ys, _xs = np.mgrid[0:HEIGHT, 0:WIDTH]
_JAG = 0.9 * (hash01(_xs, _ys // 3, 7) - 0.5)  # rough edges for rock, in pixels


def _wrapped_dx(centre: float) -> np.ndarray:
    """Signed horizontal distance from `centre` on a loop WIDTH wide: shapes cross the seam."""
    return (_xs + 0.5 - centre + WIDTH / 2) % WIDTH - WIDTH / 2


def _wave(x: np.ndarray, terms: tuple[tuple[int, float, float], ...]) -> np.ndarray:
    """A sum of sines whose periods divide WIDTH, so the curve repeats exactly sideways."""
    total = np.zeros_like(x, dtype=float)
    for cycles, amplitude, phase in terms:
        total += amplitude * np.sin(2 * math.pi * cycles * x / WIDTH + phase)
    return total


def _spike(x: float, base_y: float, length: float, half_width: float, up: bool) -> np.ndarray:
    """A stalagmite (`up`) or stalactite: wide at its base, tapering to a point, edges
    roughened a little so it reads as rock and not a triangle.

    Only the columns it can reach are computed (wrapping round the loop), which keeps
    building the layers quick."""
    reach = int(half_width * 1.2) + 3
    cols = np.arange(int(x) - reach, int(x) + reach + 1) % WIDTH
    xs, ys = _xs[:, cols], _ys[:, cols]
    dx = (xs + 0.5 - x + WIDTH / 2) % WIDTH - WIDTH / 2
    along = (base_y - ys) if up else (ys - base_y)  # 0 at the base, `length` at the tip
    t = along / length
    jag = _JAG[:, (cols + int(x) * 7) % WIDTH]  # the same roughness, shifted: varied
    # a flared foot, a waist or two of dripped stone, then a blunt point
    bulges = 1 + 0.16 * np.sin(t * 11 + x * 0.37)
    half = half_width * np.clip(1 - t, 0, 1) ** 1.5 * bulges + 0.6 + jag
    mask = np.zeros((HEIGHT, WIDTH), dtype=bool)
    mask[:, cols] = (t >= -0.02) & (t <= 1) & (np.abs(dx) < half)
    return mask


def _placements(seed: int, count: int, spread: float = 1.0) -> list[tuple[float, float]]:
    """`count` (x, random 0..1) pairs spread evenly round the loop with some jitter."""
    out = []
    for i in range(count):
        jitter = (float(hash01(np.array(i), np.array(seed), 5)) - 0.5) * spread
        x = (i + 0.5 + jitter) * WIDTH / count
        out.append((x % WIDTH, float(hash01(np.array(i), np.array(seed), 6))))
    return out


def _rim(mask: np.ndarray) -> np.ndarray:
    """The edge pixels of a silhouette that face up-left, where faint light catches it."""
    open_left = np.zeros_like(mask)
    open_left[:, 1:] = ~mask[:, :-1]
    open_left[:, 0] = ~mask[:, -1]  # wraps, like the shapes do
    open_up = np.zeros_like(mask)
    open_up[1:] = ~mask[:-1]
    return mask & (open_left | open_up)


def far_layer() -> np.ndarray:
    """The distant cavern: flat rock at the top, stalactites into a faint haze, a far floor."""
    rgba = np.zeros((HEIGHT, WIDTH, 4), dtype=np.uint8)
    rgba[..., 3] = 255
    # Haze: lightest in a band across the middle distance, stepped and dithered.
    glow = np.clip(1 - np.abs(_ys - 112) / 70, 0, 1) ** 1.3
    glow = glow * (0.8 + 0.2 * np.sin(2 * math.pi * 2 * _xs / WIDTH + 0.7))
    level = np.floor(glow * 3.999 + BAYER[_ys % 4, _xs % 4] - 0.5).clip(-1, 2).astype(int)
    rgba[..., :3] = FAR_ROCK
    for step, colour in enumerate(FAR_HAZE):
        rgba[level == step, :3] = colour
    rock = np.zeros((HEIGHT, WIDTH), dtype=bool)
    ceiling = 14 + _wave(_xs, ((3, 4.0, 0.3), (7, 2.5, 1.1), (13, 1.2, 2.0)))
    rock |= _ys < ceiling
    for x, r in _placements(11, 14):
        rock |= _spike(x, 12, 24 + 46 * r, 3 + 5 * r, up=False)
    floor = 150 + _wave(_xs, ((2, 9.0, 1.0), (5, 5.0, 0.2), (11, 2.0, 2.5)))
    rock |= _ys > floor
    for x, r in _placements(12, 9):
        rock |= _spike(x, floor[0, int(x)] + 2, 14 + 30 * r, 4 + 5 * r, up=True)
    rgba[rock, :3] = FAR_ROCK
    _glints(rgba, rock & (_ys > 20), seed=13, count=10, dim=0.35)
    return rgba


def mid_layer() -> np.ndarray:
    """Spires and stalagmites standing on the cave floor between here and the far wall."""
    rock = np.zeros((HEIGHT, WIDTH), dtype=bool)
    ground = 166 + _wave(_xs, ((3, 5.0, 2.0), (7, 3.0, 0.4)))
    rock |= _ys > ground
    for x, r in _placements(21, 7):
        rock |= _spike(x, HEIGHT, 50 + 80 * r, 7 + 7 * r, up=True)
    for x, r in _placements(22, 10, spread=0.6):
        rock |= _spike(x + 9, HEIGHT, 20 + 26 * r, 4 + 4 * r, up=True)
    rgba = np.zeros((HEIGHT, WIDTH, 4), dtype=np.uint8)
    rgba[rock] = (*MID_ROCK, 255)
    rgba[_rim(rock)] = (*MID_RIM, 255)
    return rgba


def near_layer() -> np.ndarray:
    """Low boulders and stubby stalagmites close by, with crystals glinting on them."""
    rock = np.zeros((HEIGHT, WIDTH), dtype=bool)
    ground = np.minimum(172 + _wave(_xs, ((2, 4.0, 0.5), (5, 3.0, 1.7), (9, 1.5, 0.2))), HEIGHT - 3)
    rock |= _ys > ground
    for x, r in _placements(31, 5):
        dx = _wrapped_dx(x)
        radius = 14 + 16 * r
        rock |= np.hypot(dx, (_ys - HEIGHT) * 1.4) < radius  # a half-buried boulder
    for x, r in _placements(32, 4):
        rock |= _spike(x + 20, HEIGHT, 34 + 30 * r, 6 + 4 * r, up=True)
    rgba = np.zeros((HEIGHT, WIDTH, 4), dtype=np.uint8)
    rgba[rock] = (*NEAR_ROCK, 255)
    rgba[_rim(rock)] = (*NEAR_RIM, 255)
    _glints(rgba, _rim(rock), seed=33, count=7, dim=0.8)
    return rgba


def _glints(rgba: np.ndarray, where: np.ndarray, seed: int, count: int, dim: float) -> None:
    """A few tiny crystals: a bright pixel with a soft cross of half-light, on `where` pixels."""
    ys, xs = np.nonzero(where)
    if ys.size == 0:
        return
    picks = (hash01(np.arange(count), np.full(count, seed), 3) * ys.size).astype(int)
    for i, pick in enumerate(picks):
        y, x = int(ys[pick]), int(xs[pick])
        colour = np.array(GLINTS[i % 2]) * dim
        for dy, dx, strength in ((0, 0, 1.0), (-1, 0, 0.5), (1, 0, 0.4), (0, -1, 0.4), (0, 1, 0.4)):
            py, px = y + dy, (x + dx) % WIDTH
            if 0 <= py < HEIGHT:
                base = rgba[py, px, :3].astype(float)
                rgba[py, px, :3] = (base + (colour - base) * strength).astype(np.uint8)
                rgba[py, px, 3] = 255


def parallax_arrays() -> list[np.ndarray]:
    """The three layers as (180, 320, 4) RGBA arrays, farthest first."""
    return [far_layer(), mid_layer(), near_layer()]


def build_parallax() -> list[pygame.Surface]:
    """The scenery layers as Surfaces, farthest first (the first one is opaque)."""
    surfaces = []
    for rgba in parallax_arrays():
        data = np.ascontiguousarray(rgba).tobytes()
        surfaces.append(pygame.image.frombytes(data, (WIDTH, HEIGHT), "RGBA"))
    return surfaces
