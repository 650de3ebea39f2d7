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


# --- Boulder Town: Belobog's underworld town ----------------------------------------------------
# The same three depths, warmer: a cavern roof far overhead with the lamps of distant houses
# glowing under it, rooftops and chimneys in silhouette with a few lit windows, and pipes and
# scaffolding close by. Brighter than the mine's dark, still well below the play field.

TOWN_ROCK: Colour = (30, 25, 28)  # the cavern roof overhead, and what lies above it
TOWN_HAZE: tuple[Colour, ...] = ((40, 32, 34), (50, 40, 40), (62, 48, 45), (78, 58, 50))
TOWN_FAR_HOUSES: Colour = (40, 32, 34)
TOWN_FAR_LAMPS: tuple[Colour, ...] = ((196, 128, 60), (236, 176, 88))
TOWN_MID: Colour = (24, 20, 24)
TOWN_MID_RIM: Colour = (52, 42, 42)
TOWN_WINDOW: tuple[Colour, ...] = ((112, 72, 36), (150, 100, 48))
TOWN_SMOKE: Colour = (48, 42, 44)
TOWN_NEAR: Colour = (15, 13, 16)
TOWN_NEAR_RIM: Colour = (62, 48, 32)  # brass catching the lamplight


def _lamp_dot(rgba: np.ndarray, x: int, y: int, colour: Colour, halo: float) -> None:
    """A distant lamp: one bright pixel, a faint cross of light around it."""
    for dy, dx, strength in ((0, 0, 1.0), (-1, 0, halo), (1, 0, halo), (0, -1, halo), (0, 1, halo)):
        py, px = y + dy, (x + dx) % WIDTH
        if 0 <= py < HEIGHT:
            base = rgba[py, px, :3].astype(float)
            rgba[py, px, :3] = (base + (np.array(colour) - base) * strength).astype(np.uint8)
            rgba[py, px, 3] = 255


def _houses(seed: int, count: int, ground: float, low: float, high: float, width: tuple):
    """Silhouettes of houses along a ground line: boxes with gabled roofs and chimneys.
    Returns the mask and the list of (x0, x1, wall_top) of each house, for its windows."""
    mask = np.zeros((HEIGHT, WIDTH), dtype=bool)
    houses = []
    for i, (x, r) in enumerate(_placements(seed, count, spread=0.5)):
        half = width[0] + (width[1] - width[0]) * float(hash01(np.array(i), np.array(seed), 8))
        wall_top = ground - (low + (high - low) * r)
        dx = _wrapped_dx(x)
        body = (np.abs(dx) < half) & (_ys >= wall_top) & (_ys <= ground)
        roof = (
            (np.abs(dx) < half + 2)
            & (_ys < wall_top + 1)
            & (_ys >= wall_top - (half + 2 - np.abs(dx)) * 0.7)
        )
        mask |= body | roof
        if r > 0.35:  # a chimney on the taller ones
            cx = x + half * 0.45
            cdx = _wrapped_dx(cx)
            chimney = (np.abs(cdx) < 2.5) & (_ys >= wall_top - half * 0.7 - 4) & (_ys <= wall_top)
            mask |= chimney
        houses.append((x, half, wall_top))
    return mask, houses


def town_far_layer() -> np.ndarray:
    """The cavern roof over the town, a warm haze of lamplight below it, and the houses of
    the far quarters as low shapes pricked with the lights of their lamps."""
    rgba = np.zeros((HEIGHT, WIDTH, 4), dtype=np.uint8)
    rgba[..., 3] = 255
    glow = np.clip((_ys - 30) / 120, 0, 1) ** 1.2  # warmer towards the town below
    glow = glow * (0.85 + 0.15 * np.sin(2 * math.pi * 3 * _xs / WIDTH + 1.3))
    steps = len(TOWN_HAZE)
    level = np.floor(glow * steps + BAYER[_ys % 4, _xs % 4] - 0.5).clip(-1, steps - 1).astype(int)
    rgba[..., :3] = TOWN_ROCK
    for step, colour in enumerate(TOWN_HAZE):
        rgba[level == step, :3] = colour
    rock = np.zeros((HEIGHT, WIDTH), dtype=bool)
    ceiling = 22 + _wave(_xs, ((2, 6.0, 0.8), (5, 3.0, 2.1), (11, 1.5, 0.4)))
    rock |= _ys < ceiling
    for x, r in _placements(41, 11):
        rock |= _spike(x, 20, 16 + 40 * r, 3 + 6 * r, up=False)
    rgba[rock, :3] = TOWN_ROCK
    far_ground = 122
    houses, placed = _houses(42, 16, far_ground, 8, 22, (6, 12))
    houses |= _ys > far_ground + _wave(_xs, ((3, 2.0, 0.5),))
    rgba[houses, :3] = TOWN_FAR_HOUSES
    # a lamp or two on every house, and the lights of the streets below them
    for i, (x, half, top) in enumerate(placed):
        for k in range(1 + i % 2):
            noise = float(hash01(np.array(i), np.array(k), 44))
            lx = int(x - half * 0.6 + noise * half * 1.2) % WIDTH
            ly = int(top + 3 + (far_ground - top - 6) * float(hash01(np.array(k), np.array(i), 45)))
            _lamp_dot(rgba, lx, ly, TOWN_FAR_LAMPS[(i + k) % 2], 0.4)
    for x, r in _placements(46, 40, spread=0.9):
        y = int(far_ground + 4 + 50 * r)
        dim = 0.55 + 0.45 * (y - far_ground) / 54  # nearer rows of lights are brighter
        colour = tuple(int(c * dim) for c in TOWN_FAR_LAMPS[int(x) % 2])
        _lamp_dot(rgba, int(x), y, colour, 0.3)
    return rgba


def town_mid_layer() -> np.ndarray:
    """Rooftops and chimneys of the nearer streets in silhouette, a few windows lit and thin
    smoke going up from the chimneys."""
    rgba = np.zeros((HEIGHT, WIDTH, 4), dtype=np.uint8)
    ground = 176.0
    mask, placed = _houses(51, 8, ground, 26, 64, (14, 24))
    mask |= _ys > ground
    # smoke: a faint soft column above a few chimneys, drawn first so roofs cover its foot
    for i, (x, half, top) in enumerate(placed):
        if i % 3 != 0:
            continue
        cx = x + half * 0.45
        rise = np.clip((top - half * 0.7 - 4 - _ys) / 60, 0, 1)
        drift = _wrapped_dx(cx + rise * 14)
        width = 1.5 + rise * 5
        plume = (rise > 0) & (np.abs(drift) < width) & (rise < 1)
        plume &= BAYER[_ys % 4, _xs % 4] < 0.55 * (1 - rise)
        rgba[plume] = (*TOWN_SMOKE, 255)
    rgba[mask] = (*TOWN_MID, 255)
    rgba[_rim(mask)] = (*TOWN_MID_RIM, 255)
    # lit windows: small warm rectangles on some walls, in rows
    for i, (x, half, top) in enumerate(placed):
        for row in range(2):
            wy = int(top + 6 + row * 14)
            if wy + 5 > ground:
                continue
            for col in (-1, 1):
                if float(hash01(np.array(i * 4 + row), np.array(col + 2), 52)) < 0.45:
                    continue
                wx = int(x + col * half * 0.45)
                colour = TOWN_WINDOW[(i + row + col) % 2]
                for yy in range(wy, wy + 5):
                    for xx in range(wx - 2, wx + 2):
                        rgba[yy, xx % WIDTH] = (*colour, 255)
                for xx in range(wx - 2, wx + 2):  # the lit sill: brighter at the bottom
                    rgba[wy + 4, xx % WIDTH] = (*TOWN_WINDOW[1], 255)
                rgba[wy : wy + 5, wx % WIDTH] = (*TOWN_MID, 255)  # mullion
    return rgba


def town_near_layer() -> np.ndarray:
    """Close by: fat steam pipes crossing on brackets, and timber scaffolding."""
    mask = np.zeros((HEIGHT, WIDTH), dtype=bool)
    ground = np.minimum(174 + _wave(_xs, ((2, 3.0, 0.5), (5, 2.0, 1.7))), HEIGHT - 3)
    mask |= _ys > ground
    # two long pipes crossing the whole loop at different heights, with flanges
    for y0, thick in ((138, 6),):
        pipe = (_ys >= y0) & (_ys < y0 + thick)
        mask |= pipe
        for x, _r in _placements(61 + y0, 6):
            mask |= (np.abs(_wrapped_dx(x)) < 1.5) & (_ys >= y0 - 1) & (_ys < y0 + thick + 1)
    # vertical pipes and scaffolding towers
    for x, r in _placements(63, 4):
        dx = _wrapped_dx(x)
        mask |= (np.abs(dx) < 2.5) & (_ys > 138)
        # a scaffold: two poles, a board and a cross brace beside the pipe
        sx = x + 26 + 10 * r
        sdx = _wrapped_dx(sx)
        top = 96 + 30 * r
        poles = ((np.abs(sdx + 9) < 1) | (np.abs(sdx - 9) < 1)) & (_ys > top)
        board = (np.abs(sdx) < 12) & (_ys >= top) & (_ys < top + 2)
        brace = (np.abs(sdx) < 9) & (
            np.abs((_ys - top - 2) - (sdx + 9) * (ground - top) / 18) < 0.8
        )
        mask |= poles | board | brace
    rgba = np.zeros((HEIGHT, WIDTH, 4), dtype=np.uint8)
    rgba[mask] = (*TOWN_NEAR, 255)
    rgba[_rim(mask)] = (*TOWN_NEAR_RIM, 255)
    return rgba


def town_parallax_arrays() -> list[np.ndarray]:
    """The town's three layers as (180, 320, 4) RGBA arrays, farthest first."""
    return [town_far_layer(), town_mid_layer(), town_near_layer()]


def build_town_parallax() -> list[pygame.Surface]:
    """The town's scenery layers as Surfaces, farthest first (the first one is opaque)."""
    surfaces = []
    for rgba in town_parallax_arrays():
        data = np.ascontiguousarray(rgba).tobytes()
        surfaces.append(pygame.image.frombytes(data, (WIDTH, HEIGHT), "RGBA"))
    return surfaces
