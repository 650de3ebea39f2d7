"""Small numpy helpers shared by the code that paints sprites and scenery as RGBA arrays.

Everything here is pure numpy (no pygame), deterministic, and works on (h, w, 4) uint8 arrays.
"""

from __future__ import annotations

import numpy as np

RGBA = tuple[int, int, int, int]


def hash01(a: np.ndarray, b: np.ndarray, seed: int) -> np.ndarray:
    """Deterministic pseudo-noise in [0, 1) from integer pixel coordinates."""
    a = np.asarray(a)
    b = np.asarray(b)
    h = (a.astype(np.int64) * 374761393 + b.astype(np.int64) * 668265263 + seed * 2246822519) & (
        0xFFFFFFFF
    )
    h = ((h ^ (h >> 13)) * 1274126177) & 0xFFFFFFFF
    return ((h ^ (h >> 16)) & 0xFFFF) / 65536.0


def grid_coords(size: int) -> tuple[np.ndarray, np.ndarray]:
    """Pixel-centre coordinates relative to the middle of a size x size square."""
    centre = (size - 1) / 2
    ys, xs = np.mgrid[0:size, 0:size]
    return xs - centre, ys - centre


def from_rows(rows: tuple[str, ...], colours: dict[str, RGBA]) -> np.ndarray:
    """A small RGBA image from letter rows; letters missing from `colours` stay transparent."""
    rgba = np.zeros((len(rows), len(rows[0]), 4), dtype=np.uint8)
    for y, row in enumerate(rows):
        for x, char in enumerate(row):
            if char in colours:
                rgba[y, x] = colours[char]
    return rgba


def paste(base: np.ndarray, sprite: np.ndarray, x: int, y: int) -> np.ndarray:
    """Alpha-over `sprite` onto a copy of `base` at (x, y); both RGBA uint8.

    The part of `sprite` that falls outside `base` is clipped.
    """
    out = base.copy()
    h, w = sprite.shape[:2]
    bx0, by0 = max(0, x), max(0, y)
    bx1, by1 = min(base.shape[1], x + w), min(base.shape[0], y + h)
    if bx1 <= bx0 or by1 <= by0:
        return out
    src = sprite[by0 - y : by1 - y, bx0 - x : bx1 - x].astype(np.float32)
    region = out[by0:by1, bx0:bx1].astype(np.float32)
    a = src[..., 3:4] / 255
    region[..., :3] = src[..., :3] * a + region[..., :3] * (1 - a)
    region[..., 3:4] = np.maximum(region[..., 3:4], src[..., 3:4])
    out[by0:by1, bx0:bx1] = region.astype(np.uint8)
    return out


def dilate(mask: np.ndarray, diagonal: bool = False) -> np.ndarray:
    """Grow a bool mask by one pixel (4-neighbourhood, or 8 with `diagonal`)."""
    out = mask.copy()
    out[1:, :] |= mask[:-1, :]
    out[:-1, :] |= mask[1:, :]
    out[:, 1:] |= mask[:, :-1]
    out[:, :-1] |= mask[:, 1:]
    if diagonal:
        out[1:, 1:] |= mask[:-1, :-1]
        out[1:, :-1] |= mask[:-1, 1:]
        out[:-1, 1:] |= mask[1:, :-1]
        out[:-1, :-1] |= mask[1:, 1:]
    return out


def outline(rgba: np.ndarray, colour: RGBA) -> np.ndarray:
    """A copy with every clear pixel that touches an opaque one (4-neighbourhood) set to
    `colour`: the same dark edge the figures get, for props drawn as RGBA."""
    solid = rgba[..., 3] > 0
    out = rgba.copy()
    out[dilate(solid) & ~solid] = colour
    return out


def draw_line(mask: np.ndarray, x0: int, y0: int, x1: int, y1: int) -> None:
    """Set the pixels of a 1-px line (Bresenham) in a bool mask, clipped to it."""
    dx, dy = abs(x1 - x0), -abs(y1 - y0)
    sx, sy = (1 if x0 < x1 else -1), (1 if y0 < y1 else -1)
    err = dx + dy
    height, width = mask.shape
    while True:
        if 0 <= x0 < width and 0 <= y0 < height:
            mask[y0, x0] = True
        if x0 == x1 and y0 == y1:
            return
        e2 = 2 * err
        if e2 >= dy:
            err += dy
            x0 += sx
        if e2 <= dx:
            err += dx
            y0 += sy
