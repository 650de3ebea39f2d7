"""Fire, chakra, dust, ceiling cracks, braziers and torches: painted with numpy as RGBA arrays.

`pixelart.build_arrays` puts these in the sprite bank. Flames are a handful of flat tones
chosen by "heat" (no smooth gradients), so they stay crisp when the game scales pixels up.
Anchors follow the bank's rule: a prop's frame bottom-centre is the middle of its base.
Effects with no ground (fire bursts, dust clouds) are meant to be centred on their event.
"""

from __future__ import annotations

import math

import numpy as np

from game.render.palette import (
    CHAKRA,
    CHAR,
    COALS,
    DUST,
    EMBER,
    FIRE,
    IRON,
    OUTLINE,
    SMOKE,
    TORCH_WOOD,
)
from game.render.raster import dilate, draw_line, from_rows, hash01, outline, paste

# --- fire ---------------------------------------------------------------------------------------

FLAME_FRAMES = 4


def _heat_to_rgba(heat: np.ndarray, inside: np.ndarray) -> np.ndarray:
    """Flat fire tones by heat: core above 0.62, then yellow, orange, red, dark-red edge."""
    level = np.digitize(heat, (0.1, 0.24, 0.42, 0.62))  # 0 coolest .. 4 hottest
    tones = np.array(FIRE[::-1], dtype=np.uint8)  # index 0 = the dark red edge
    rgba = np.zeros((*heat.shape, 4), dtype=np.uint8)
    rgba[inside] = tones[level[inside]]
    return rgba


def flame(index: int, width: int = 12, height: int = 16, seed: int = 0) -> np.ndarray:
    """One frame of a flickering flame standing on the frame's bottom edge.

    A teardrop (round belly, thin licking tip) whose tip sways and stretches from frame to
    frame; the hottest core sits low, just above the fuel. Four frames make a loop.
    """
    ys, xs = np.mgrid[0:height, 0:width].astype(float)
    phase = 2 * math.pi * (index % FLAME_FRAMES) / FLAME_FRAMES + seed * 1.7
    reach = 0.86 + 0.14 * math.sin(phase * 2 + 0.6)  # the tip rises and drops
    t = (height - 1 - ys) / ((height - 1) * reach)  # 0 at the base, 1 at the tip
    sway = (0.9 * np.sin(3.0 * t + phase) + 0.35 * np.sin(7.0 * t - 2 * phase)) * t * width / 9
    cx = (width - 1) / 2 + sway
    belly = np.sqrt(np.clip(1 - ((0.28 - t) / 0.3) ** 2, 0, 1))
    taper = np.clip(1 - (t - 0.28) / 0.72, 0, 1) ** 0.85
    profile = np.where(t < 0.28, belly, taper)
    half = (width / 2 - 0.4) * profile
    d = np.abs(xs - cx) / np.maximum(half, 0.01)
    inside = (d < 1) & (t >= 0) & (t <= 1) & (half > 0.35)
    heat = (1 - d) * (1.05 - 0.8 * t) + 0.1 * (hash01(xs, ys + index * 5, 31 + seed) - 0.5)
    rgba = _heat_to_rgba(heat, inside)
    # A loose tongue of flame breaks off above the tip on alternate frames.
    if index % 2 == 1:
        tip_x = int(round((width - 1) / 2 + math.sin(phase) * width / 7))
        tip_y = max(0, int(height - 1 - (height - 1) * reach) - 2)
        rgba[tip_y, tip_x] = FIRE[3]
        if tip_y + 1 < height:
            rgba[tip_y + 1, tip_x] = FIRE[2]
    return rgba


def flame_jet(index: int, width: int = 10, height: int = 10) -> np.ndarray:
    """The flame Naruto breathes out: a cone from his mouth (left) that flares to the right."""
    ys, xs = np.mgrid[0:height, 0:width].astype(float)
    s = xs / (width - 1)  # 0 at the mouth, 1 at the far end
    cy = (height - 1) / 2 + 0.8 * np.sin(4 * s + index * 2.1) * s
    half = 0.9 + s * (height / 2 - 0.9) * (1 - 0.55 * np.clip((s - 0.75) / 0.25, 0, 1) ** 2)
    ragged = 0.25 * (hash01(xs, ys, 44 + index) - 0.5)
    d = np.abs(ys - cy) / half + ragged
    inside = d < 1
    heat = (1 - d) * (1.1 - 0.7 * s) + 0.05
    return _heat_to_rgba(heat, inside)


def fire_burst(index: int, count: int = 4, width: int = 32, height: int = 24) -> np.ndarray:
    """Fire ignition's burst: a white-hot ball that swells into ragged flame, then breaks into
    embers and smoke. Centred in the frame; put the frame's centre on the event."""
    t = index / (count - 1)
    ys, xs = np.mgrid[0:height, 0:width].astype(float)
    xs -= (width - 1) / 2
    ys = (ys - (height - 1) / 2) * width / height  # the ellipse fills the frame
    angle = np.arctan2(ys, xs)
    dist = np.hypot(xs, ys)
    radius = (4.5 + 11.5 * min(1.0, t * 1.5)) * (
        1 + 0.16 * np.sin(5 * angle + index * 1.9) + 0.09 * np.sin(9 * angle - index * 1.3)
    )
    radius = np.minimum(radius, width / 2 - 0.5)
    inside = dist < radius
    edge = dist / np.maximum(radius, 0.1)
    heat = (1 - edge) * (1.3 - 0.6 * t) + 0.12 * (hash01(xs + 50, ys + 50, 60 + index) - 0.5)
    if index == count - 1:  # the fire burns out from the middle and breaks into clumps
        coarse = hash01(xs.astype(int) // 2 + 90, ys.astype(int) // 2 + 90, 62)
        inside &= (edge > 0.55) & (coarse > 0.35)
        heat = heat - 0.25
    rgba = _heat_to_rgba(heat, inside)
    if index == count - 1:
        smoke = (edge > 0.8) & (edge < 1.2) & (hash01(xs // 2, ys // 2, 63) < 0.45) & ~inside
        rgba[smoke] = (*SMOKE[:3], 160)
        sparks = (edge > 0.7) & (edge < 1.35) & (hash01(xs + 3, ys + 3, 64) < 0.06)
        rgba[sparks] = EMBER
    return rgba


# --- chakra aura --------------------------------------------------------------------------------


def chakra_aura(rgba: np.ndarray, index: int, pad_top: int) -> np.ndarray:
    """Wrap a figure in a flickering blue chakra glow; `pad_top` rows are added for the
    flames of chakra that rise off it. The figure's bottom row stays its bottom row."""
    height, width = rgba.shape[:2]
    out = np.zeros((height + pad_top, width, 4), dtype=np.uint8)
    out[pad_top:] = rgba
    solid = out[..., 3] > 0
    near = dilate(solid, diagonal=True)
    far = dilate(dilate(near))
    ring_in = near & ~solid
    ring_out = far & ~near
    aura = np.zeros_like(out)
    ys, xs = np.mgrid[0 : height + pad_top, 0:width]
    flicker = hash01(xs, ys, 80 + index)
    aura[ring_out & (flicker < 0.75)] = (*CHAKRA[2][:3], 120)
    aura[ring_in] = (*CHAKRA[1][:3], 210)
    # Tongues of chakra lick upwards from the top of the glow, a different set each frame.
    for x in range(width):
        column = np.flatnonzero(far[:, x])
        if column.size == 0 or hash01(np.array(x), np.array(index), 81) > 0.45:
            continue
        top = column[0]
        length = 2 + int(hash01(np.array(x), np.array(index), 82) * 4)
        for step in range(1, length + 1):
            if top - step < 0:
                break
            alpha = int(150 * (1 - step / (length + 1)))
            aura[top - step, x] = (*CHAKRA[2][:3], alpha)
        if top - length >= 0 and length >= 4:
            aura[top - length, x] = (*CHAKRA[0][:3], 200)
    sparkle = ring_out & (flicker > 0.93)
    aura[sparkle] = CHAKRA[0]
    aura[solid] = 0
    return paste(aura, out, 0, 0)


# --- dust ---------------------------------------------------------------------------------------


def dust(index: int, count: int = 4, width: int = 32, height: int = 24) -> np.ndarray:
    """A big cloud of rock dust billowing out of a collapse: it swells and rises, then thins
    to holes. Lit from above so it reads as dust, not smoke. Centre it on the event."""
    t = index / (count - 1)
    ys, xs = np.mgrid[0:height, 0:width].astype(float)
    grow = 0.55 + 0.45 * min(1.0, t * 1.8)
    rise = 2.5 * t
    billows = (  # (x, y, radius) around the middle of the frame, at full size
        (0.0, 2.0, 6.5),
        (-8.0, 3.5, 5.0),
        (8.5, 3.0, 5.2),
        (-4.0, -3.0, 5.5),
        (4.5, -3.5, 5.0),
        (0.0, -7.0, 4.0),
        (-12.0, 6.0, 3.2),
        (12.5, 6.0, 3.0),
        (-11.0, -1.0, 3.5),
        (11.0, -1.5, 3.2),
        (-5.0, 7.0, 4.0),
        (5.0, 7.0, 4.0),
    )
    cx, cy = (width - 1) / 2, (height - 1) / 2
    cover = np.zeros((height, width), dtype=bool)
    light = np.zeros((height, width))
    # Painted back to front (highest billow first), each with its own lit upper-left, so
    # the billows in front show as rounded lumps over the ones behind.
    for bx, by, br in sorted(billows, key=lambda b: b[1]):
        r = br * grow
        px, py = cx + bx * grow, cy + by * grow - rise
        d = np.hypot(xs - px, ys - py)
        inside = d < r
        lit = np.clip(1 - np.hypot(xs - px + r * 0.35, ys - py + r * 0.5) / (r * 1.25), 0, 1)
        height_light = np.clip(0.55 - (py - cy) / 22, 0.15, 0.8)  # higher billows are lighter
        light = np.where(inside, 0.55 * lit + 0.6 * height_light, light)
        cover |= inside
    if t > 0.45:  # settling: the cloud tears into clumps and fades
        coarse = hash01(xs.astype(int) // 2 + 11, ys.astype(int) // 2 + 11, 90 + index)
        cover &= coarse > (t - 0.45) * 0.9
    level = np.digitize(light, (0.3, 0.55, 0.8))  # 0 shadow .. 3 lit top
    tones = np.array(DUST[::-1], dtype=np.uint8)
    rgba = np.zeros((height, width, 4), dtype=np.uint8)
    rgba[cover] = tones[level[cover]]
    rgba[cover, 3] = int(230 - 140 * max(0.0, t - 0.3) / 0.7)  # thins as it settles
    # grit and pebbles thrown out of the cloud
    grit = ~cover & (hash01(xs, ys, 91 + index) < 0.02 + 0.015 * t)
    rgba[grit] = DUST[3]
    return rgba


# --- ceiling cracks -----------------------------------------------------------------------------

CRACK_SIZE = (32, 16)
# One crack, drawn for every collapse stage: the main line runs the width of the frame and
# enters and leaves at the same row, so copies side by side along a crack zone join up.
CRACK_MAIN = ((0, 5), (4, 6), (7, 4), (11, 5), (14, 8), (18, 7), (21, 5), (25, 6), (28, 4), (31, 5))
CRACK_BRANCHES = (  # (first stage it shows, points)
    (2, ((14, 8), (16, 11), (15, 13))),
    (2, ((7, 4), (6, 1), (5, 0))),
    (3, ((21, 5), (23, 9), (22, 12), (24, 15))),
    (3, ((28, 4), (29, 1))),
    (3, ((4, 6), (2, 10))),
    (4, ((11, 5), (10, 9), (12, 12))),
    (4, ((18, 7), (19, 3), (17, 0))),
)
CRACK_HALF_LENGTH = {1: 5, 2: 10, 3: 16, 4: 16}  # how far from the middle the main line reaches
CRACK_DARK: tuple[int, int, int, int] = (14, 10, 10, 255)
CRACK_LIP: tuple[int, int, int, int] = (146, 124, 100, 200)


def _polyline(mask: np.ndarray, points: tuple[tuple[int, int], ...]) -> None:
    for (x0, y0), (x1, y1) in zip(points, points[1:], strict=False):
        draw_line(mask, x0, y0, x1, y1)


def ceiling_crack(stage: int) -> np.ndarray:
    """The crack at collapse stage 1..4: a hairline at 1, then longer, branching, and at 4 a
    gaping split with grit trickling out. Transparent around the lines; lay it on rock."""
    width, height = CRACK_SIZE
    line = np.zeros((height, width), dtype=bool)
    _polyline(line, CRACK_MAIN)
    reach = CRACK_HALF_LENGTH[stage]
    xs = np.arange(width)
    line &= (np.abs(xs + 0.5 - width / 2) <= reach)[None, :]
    for first, points in CRACK_BRANCHES:
        if stage >= first:
            _polyline(line, points)
    if stage >= 3:  # the middle splits open
        middle = np.zeros_like(line)
        _polyline(middle, CRACK_MAIN[2:8] if stage == 3 else CRACK_MAIN)
        line |= np.roll(middle, 1, axis=0) & (np.arange(height) > 0)[:, None]
    if stage >= 4:
        wide = np.zeros_like(line)
        _polyline(wide, CRACK_MAIN[3:7])
        line |= np.roll(wide, -1, axis=0)
    rgba = np.zeros((height, width, 4), dtype=np.uint8)
    lip = np.zeros_like(line)
    lip[1:] = line[:-1]  # the lit edge below each line gives the crack depth
    rgba[lip & ~line] = CRACK_LIP
    rgba[line] = CRACK_DARK
    if stage >= 4:  # grit falling out of the split
        ys, gx = np.mgrid[0:height, 0:width]
        grit = ~line & ~lip & (ys > 8) & (hash01(gx, ys, 95) < 0.04) & (np.abs(gx - 16) < 10)
        rgba[grit] = (150, 132, 112, 220)
    return rgba


# --- braziers and torches -----------------------------------------------------------------------

BRAZIER_STAND = (
    "................",
    "....ckcrrckc....",
    ".LLLLLLLLLLLLLL.",
    ".IBmBBBBBBBBmBI.",
    "..IBBBBBBBBBBI..",
    "...IBBBBBBBBI...",
    "....IIIIIIII....",
    "......IBLI......",
    "......IBLI......",
    "......IBLI......",
    ".....IIBLII.....",
    "....II.BL.II....",
    "...II..BL..II...",
    "..II..IBLI..II..",
    ".III..IIII..III.",
)
BRAZIER_FLAME = (12, 14)  # flame width, height over the coals
# the flame stands on the coals (stand row 1) and rises above the stand
BRAZIER_SIZE = (16, len(BRAZIER_STAND) - 2 + BRAZIER_FLAME[1])


def _brazier_stand(lit: bool) -> np.ndarray:
    colours = {
        "L": IRON[0],
        "m": IRON[0],
        "B": IRON[1],
        "I": IRON[2],
        "c": COALS[0],
        "k": COALS[1],
        "r": COALS[2] if lit else COALS[0],
    }
    return outline(from_rows(BRAZIER_STAND, colours), OUTLINE)


def brazier(frame: int | None) -> np.ndarray:
    """An iron fire bowl on a three-legged stand; `frame` None is cold, 0..3 burns.

    Lit and unlit frames are the same size, so swapping them never moves the stand.
    """
    width, height = BRAZIER_SIZE
    stand = _brazier_stand(frame is not None)
    canvas = np.zeros((height, width, 4), dtype=np.uint8)
    stand_y = height - stand.shape[0]
    canvas = paste(canvas, stand, 0, stand_y)
    if frame is not None:
        fw, fh = BRAZIER_FLAME
        fire = flame(frame, fw, fh, seed=1)
        canvas = paste(canvas, fire, (width - fw) // 2, stand_y + 2 - fh)
    return canvas


TORCH_BODY = (
    "........",
    "..hHHh..",
    ".hHhHHh.",
    "..hHHh..",
    "...Ww...",
    ".IIIIII.",
    ".I.Ww.I.",
    "...Ww...",
    "..IIII..",
    "..IBBI..",
    "..IIII..",
)
TORCH_FLAME = (8, 9)
# the flame stands on the pitch-soaked head (body row 2) and rises above it
TORCH_SIZE = (10, len(TORCH_BODY) - 3 + TORCH_FLAME[1])


def torch(frame: int | None) -> np.ndarray:
    """A wall torch in an iron bracket; `frame` None is burnt out, 0..3 burns.

    The bracket's foot (bottom centre) is the anchor: hang it where the torch meets the wall.
    """
    width, height = TORCH_SIZE
    head = (EMBER, FIRE[3]) if frame is not None else CHAR
    colours = {
        "H": head[0],
        "h": head[1],
        "W": TORCH_WOOD[0],
        "w": TORCH_WOOD[1],
        "I": IRON[2],
        "B": IRON[0],
    }
    body = outline(from_rows(TORCH_BODY, colours), OUTLINE)
    canvas = np.zeros((height, width, 4), dtype=np.uint8)
    body_x = (width - body.shape[1]) // 2
    canvas = paste(canvas, body, body_x, height - body.shape[0])
    if frame is not None:
        fw, fh = TORCH_FLAME
        body_y = height - body.shape[0]
        canvas = paste(canvas, flame(frame, fw, fh, seed=2), (width - fw) // 2, body_y + 3 - fh)
    return canvas


# --- Boulder Town -------------------------------------------------------------------------------

TRANSFORM_SMOKE_FRAMES = 6


def transform_smoke(index: int, count: int = TRANSFORM_SMOKE_FRAMES, size: int = 36) -> np.ndarray:
    """The smoke of Transformation (on and off): a burst of white billows big enough to hide
    a whole guard, with a few orange sparks of Naruto's chakra at first, then thinning out."""
    t = index / (count - 1)  # 0 .. 1
    ys, xs = np.mgrid[0:size, 0:size].astype(float)
    xs -= (size - 1) / 2
    ys -= (size - 1) / 2
    grow = 0.5 + 0.5 * min(1.0, t * 2.0)
    unit = size / 36
    billows = (
        (0, 4, 8.0),
        (-8, 2, 6.5),
        (8, 3, 6.8),
        (-4, -6, 6.5),
        (5, -6, 6.0),
        (0, -11, 5.0),
        (-11, -4, 4.5),
        (11, -3, 4.5),
    )
    density = np.zeros((size, size), dtype=bool)
    shade = np.zeros((size, size))
    for bx, by, br in billows:
        r = br * grow * unit
        cx, cy = bx * grow * unit, by * grow * unit
        inside = np.hypot(xs - cx, ys - cy) < r
        density |= inside
        lit = np.clip(1 - np.hypot(xs - cx + r * 0.4, ys - cy + r * 0.4) / r, 0, 1)
        shade = np.where(inside, np.maximum(shade, lit), shade)
    rim = density & dilate(~density)
    if t > 0.5:  # it breaks up as it fades: holes in clumps of 2x2, not single pixels
        holes = hash01(xs.astype(int) // 2 + 200, ys.astype(int) // 2 + 200, 11) < (t - 0.5)
        density &= ~holes
        rim &= density
    grey = np.clip(186 + 70 * shade * 1.5, 0, 255)
    alpha = 255 * (1 - 0.6 * max(0.0, t - 0.3) / 0.7)
    rgba = np.zeros((size, size, 4), dtype=np.uint8)
    rgba[density, 0] = grey[density]
    rgba[density, 1] = grey[density]
    rgba[density, 2] = np.minimum(255, grey[density] + 10)
    rgba[density, 3] = int(alpha)
    rgba[rim, :3] = (150, 150, 166)
    if index < 3:  # chakra sparks flung out of the smoke
        sparks = hash01(xs.astype(int), ys.astype(int), 5 + index) < 0.03
        reach = np.hypot(xs, ys) / (size / 2)
        ring = (reach > 0.45 + 0.15 * index) & (reach < 0.65 + 0.15 * index) & ~density
        rgba[sparks & ring] = (255, 170, 60, 255)
    return rgba
