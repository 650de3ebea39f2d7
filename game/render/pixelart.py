"""Every sprite of the game, drawn in code: ASCII figures from `sprite_data`, effects from maths.

Frames are built as RGBA numpy arrays and turned into pygame Surfaces at the end, so the
whole bank builds with no window (tests, headless runs). Surfaces are converted for fast
blitting only when a display mode is already set.

Anchor rule: every frame's bottom-centre is the entity's feet; the renderer puts the frame's
midbottom on the hitbox's midbottom. Figures face right; `SpriteBank.get(..., facing=-1)`
returns a cached mirror. `*_wall` frames face the wall they cling to (facing +1: wall on the
right). `*_carried` frames lie flat; `carried_lift` says how high to hold them.

`python -m game.render.pixelart [OUT.png]` writes a contact sheet of every sprite at 4x.
"""

from __future__ import annotations

import math
import sys

import numpy as np
import pygame

from game.render import effect_art, sprite_data
from game.render.palette import BASE, FAINT_SKIN, GORO_COLOURS, MINER_VARIANTS, RGBA, SNORE
from game.render.parallax_art import build_parallax
from game.render.raster import from_rows as _from_rows
from game.render.raster import grid_coords as _grid_coords
from game.render.raster import hash01 as _hash01
from game.render.raster import paste
from game.render.sprite_data import Figure, Frame

__all__ = ["SpriteBank", "build_arrays", "build_parallax", "build_sprites", "carried_lift"]

# --- figures: ASCII layers -> char canvas -> RGBA ----------------------------------------------


def compose_chars(figure: Figure, frame: Frame, width: int | None = None) -> np.ndarray:
    """Stamp a frame's layers onto an empty (h, w) canvas of palette letters.

    A wider frame than the figure's usual one keeps the body centred.
    """
    width = width or figure.size[0]
    height = figure.size[1]
    shift = (width - figure.size[0]) // 2
    canvas = np.full((height, width), ".", dtype="<U1")
    for part_name, part_x, y in frame:
        x = part_x + shift
        for row_index, row in enumerate(figure.parts[part_name]):
            cy = y + row_index
            if not 0 <= cy < height:
                continue
            for col_index, char in enumerate(row):
                cx = x + col_index
                if char != "." and 0 <= cx < width:
                    canvas[cy, cx] = char
    return canvas


def add_outline(canvas: np.ndarray) -> np.ndarray:
    """Mark every empty cell that touches the figure (4-neighbourhood) with the outline '#'."""
    solid = canvas != "."
    touch = np.zeros_like(solid)
    touch[1:, :] |= solid[:-1, :]
    touch[:-1, :] |= solid[1:, :]
    touch[:, 1:] |= solid[:, :-1]
    touch[:, :-1] |= solid[:, 1:]
    out = canvas.copy()
    out[touch & ~solid] = "#"
    return out


def lay_down(canvas: np.ndarray, width: int) -> np.ndarray:
    """Turn a standing figure onto its back (head to the left, face up), feet on the last row.

    Used for people lying on the ground and for people carried overhead: the same drawing,
    so a fainted miner is recognisably the miner who was standing there.
    """
    lying = np.rot90(canvas, k=1)  # counter-clockwise: the face, drawn looking right, looks up
    rows = np.flatnonzero((lying != ".").any(axis=1))
    cols = np.flatnonzero((lying != ".").any(axis=0))
    body = lying[rows[0] : rows[-1] + 1, cols[0] : cols[-1] + 1]
    height = body.shape[0] + 2  # room for the outline above and below
    out = np.full((height, width), ".", dtype="<U1")
    left = (width - body.shape[1]) // 2
    out[1 : 1 + body.shape[0], left : left + body.shape[1]] = body
    return out


def colorize(canvas: np.ndarray, palette: dict[str, RGBA]) -> np.ndarray:
    """Letters -> (h, w, 4) uint8 RGBA. An unknown letter is a bug in the data: fail loudly."""
    rgba = np.zeros((*canvas.shape, 4), dtype=np.uint8)
    for char in np.unique(canvas):
        if char not in palette:
            raise KeyError(f"sprite letter {char!r} has no colour in the palette")
        rgba[canvas == char] = palette[char]
    return rgba


def figure_frames(
    figure: Figure, pose: str, palette: dict[str, RGBA], lying_width: int = 0
) -> list[np.ndarray]:
    """RGBA frames of one pose; with `lying_width` the figure is laid on its back."""
    frames = []
    width = figure.frame_size(pose)[0]
    for frame in figure.poses[pose]:
        canvas = compose_chars(figure, frame, width)
        if lying_width:
            canvas = lay_down(canvas, lying_width)
        frames.append(colorize(add_outline(canvas), palette))
    return frames


# --- effects: small procedural drawings ---------------------------------------------------------


def rock(size: int, seed: int) -> np.ndarray:
    """A lumpy grey-brown boulder, lit from the upper left, filling a size x size square.

    Four flat tones (no smooth gradient) keep it crisp at 2-3x; a bright rim on the lit side
    and a dark outline make it stand out against the dark cave it falls through.
    """
    xs, ys = _grid_coords(size)
    ys = ys * 1.08  # a little wider than tall: it reads as a heavy stone, not a ball
    angle = np.arctan2(ys, xs)
    dist = np.hypot(xs, ys)
    lumps = 0.07 * np.cos(2 * angle + seed * 2.1) + 0.05 * np.cos(3 * angle + seed * 1.3)
    radius = (size / 2 - 0.4) * (0.93 + lumps)
    inside = dist <= radius
    edge = inside & (dist > radius - 1.0)
    light = (-xs * 0.7 - ys) / (size / 2) + 0.15 * (_hash01(xs + 40, ys + 40, seed) - 0.5)
    tones = np.array([(68, 56, 50), (104, 90, 78), (142, 126, 108), (186, 170, 148)])
    level = np.digitize(light, (-0.55, 0.05, 0.6))
    colour = tones[level]
    # a facet line and a few pits so it reads as stone
    if size >= 12:
        crack = inside & ~edge & (np.abs(ys - 0.5 * xs - (seed % 2)) < 0.45) & (xs > -1)
        colour[crack] = tones[0]
    pits = inside & ~edge & (_hash01(xs + 9, ys + 9, seed * 7) < 0.08)
    colour[pits] = tones[np.maximum(level[pits] - 1, 0)]
    rgba = np.zeros((size, size, 4), dtype=np.uint8)
    rgba[inside, :3] = colour[inside].astype(np.uint8)
    rgba[inside, 3] = 255
    rgba[edge, :3] = (32, 24, 24)
    return rgba


def rock_chip(index: int) -> np.ndarray:
    """A tiny flying stone fragment (three shapes)."""
    shapes = (
        (".aa.", "abbc", "bbcc", ".cc."),
        ("ab..", "bbc.", ".bcc", "..c."),
        (".ab", "abc", "bc."),
    )
    colours = {"a": (196, 180, 156, 255), "b": (128, 112, 96, 255), "c": (70, 58, 50, 255)}
    return _from_rows(shapes[index], colours)


def puff(index: int, count: int = 5, size: int = 24) -> np.ndarray:
    """The smoke of a dispelled shadow clone: a cluster of round billows that grows, then fades."""
    t = index / (count - 1)  # 0 .. 1
    xs, ys = _grid_coords(size)
    grow = 0.45 + 0.55 * min(1.0, t * 1.6)
    billows = ((0, 2, 5.0), (-4.5, 0, 4.0), (4.5, 0.5, 4.2), (-2, -4, 4.0), (2.5, -3.5, 3.6))
    density = np.zeros((size, size))
    shade = np.zeros((size, size))
    for bx, by, br in billows:
        r = br * grow
        d = np.hypot(xs - bx * grow, ys - by * grow)
        inside = d < r
        density = np.maximum(density, inside.astype(float))
        # each billow lit from its own upper left so the cluster looks puffy
        lit = np.clip(1 - np.hypot(xs - bx * grow + r * 0.4, ys - by * grow + r * 0.4) / r, 0, 1)
        shade = np.where(inside, np.maximum(shade, lit), shade)
    if t > 0.5:  # thin out: the puff breaks into holes as it fades
        holes = _hash01(xs + 100, ys + 100, 7) < (t - 0.5) * 1.6
        density[holes] = 0
    grey = 168 + 80 * np.clip(shade * 1.5, 0, 1)
    alpha = np.where(density > 0, 255 * (1 - 0.55 * max(0.0, t - 0.4) / 0.6), 0)
    rgba = np.zeros((size, size, 4), dtype=np.uint8)
    rgba[..., 0] = grey
    rgba[..., 1] = grey
    rgba[..., 2] = np.minimum(255, grey + 8)
    rgba[..., 3] = alpha
    return rgba


def rasengan_orb(index: int, size: int = 12) -> np.ndarray:
    """The spinning blue chakra sphere: a white core, pale streaks that turn a step per frame."""
    xs, ys = _grid_coords(size)
    dist = np.hypot(xs, ys)
    radius = size / 2 - 0.2
    angle = np.arctan2(ys, xs) - index * (2 * math.pi / 9)
    swirl = np.cos(3 * angle + dist * 1.3)  # three arms, twisted further out
    inside = dist <= radius
    rgba = np.zeros((size, size, 4), dtype=np.uint8)
    rgba[inside] = (38, 104, 236, 255)
    rgba[inside & (swirl > 0.2)] = (120, 196, 255, 255)
    rgba[inside & (swirl > 0.75)] = (214, 244, 255, 255)
    rgba[dist <= radius * 0.34] = (246, 253, 255, 255)
    rgba[inside & (dist > radius - 1)] = (26, 58, 170, 255)
    return rgba


SPARK_FRAMES = (
    (
        "............",
        "............",
        "...a....a...",
        "..aba..aba..",
        "..bbb..bbb..",
    ),
    (
        "............",
        ".a........a.",
        "aba......aba",
        "bb........bb",
        "............",
    ),
)


def spark(index: int) -> np.ndarray:
    """A tiny dust puff kicked up by a landing: two small clouds that spread outwards."""
    colours = {"a": (222, 210, 188, 230), "b": (170, 156, 138, 200)}
    if index == 1:
        colours = {"a": (222, 210, 188, 160), "b": (170, 156, 138, 120)}
    return _from_rows(SPARK_FRAMES[index], colours)


EXIT_ARROW = (
    "................",
    "................",
    "................",
    "........d.......",
    "........dd......",
    "........dWd.....",
    "..ddddddWWWd....",
    "..dWWWWWWWWWd...",
    "..dYYYYYYYYYYd..",
    "..dYYYYYYYYYd...",
    "..ddddddYYYd....",
    "........dYd.....",
    "........dd......",
    "........d.......",
    "................",
    "................",
)


def exit_glow(index: int, size: int = 16) -> np.ndarray:
    """The way out: a daylight-coloured arrow in a warm halo that nudges forward and pulses."""
    xs, ys = _grid_coords(size)
    halo = np.clip(1 - np.hypot(xs, ys) / (7.8 if index == 0 else 6.6), 0, 1)
    rgba = np.zeros((size, size, 4), dtype=np.uint8)
    rgba[..., :3] = (255, 236, 170)
    rgba[..., 3] = (halo**1.4 * 140).astype(np.uint8)
    colours = {"d": (86, 58, 30, 255), "W": (255, 252, 228, 255), "Y": (255, 214, 110, 255)}
    arrow = _from_rows(EXIT_ARROW, colours)
    return paste(rgba, arrow[:, : size - index], index, 0)  # frame 1 sits a pixel further on


def carried_lift(carrier: str, frame_index: int) -> int:
    """Pixels above the carrier's feet where a carried person's frame bottom goes.

    `carrier` is "naruto", "clone" or "goro"; `frame_index` is the carrier's `*_carry` frame,
    so the person overhead bobs with the arms that hold them.
    """
    bob = sprite_data.CARRY_BOB[frame_index % len(sprite_data.CARRY_BOB)]
    return sprite_data.CARRY_LIFT[carrier] - bob


# --- the bank ---------------------------------------------------------------------------------


def to_surface(rgba: np.ndarray) -> pygame.Surface:
    """An RGBA array -> a Surface with per-pixel alpha (converted if a display mode is set)."""
    height, width = rgba.shape[:2]
    surface = pygame.image.frombytes(np.ascontiguousarray(rgba).tobytes(), (width, height), "RGBA")
    if pygame.display.get_init() and pygame.display.get_surface() is not None:
        return surface.convert_alpha()
    return surface


class SpriteBank:
    """Animation frames by name. Frames face right; mirrored copies are made once, on demand."""

    def __init__(self, frames: dict[str, list[pygame.Surface]]):
        self._frames = frames
        self._mirrored: dict[tuple[str, int], pygame.Surface] = {}

    def names(self) -> list[str]:
        return sorted(self._frames)

    def __contains__(self, name: str) -> bool:
        return name in self._frames

    def frames(self, name: str) -> list[pygame.Surface]:
        return self._frames[name]

    def get(self, name: str, index: int, facing: int = 1) -> pygame.Surface:
        """Frame `index` (wrapping) of animation `name`; facing -1 is the horizontal mirror."""
        frames = self._frames[name]
        index %= len(frames)
        if facing >= 0:
            return frames[index]
        key = (name, index)
        mirrored = self._mirrored.get(key)
        if mirrored is None:
            mirrored = pygame.transform.flip(frames[index], True, False)
            self._mirrored[key] = mirrored
        return mirrored


# Two little "z"s rise over someone out cold: a small one near the face, a big one higher up.
SNORE_SMALL = ("***", ".*.", "*..", "***")
SNORE_BIG = ("****", "..*.", ".*..", "****")
SNORE_ROOM = 9  # rows added above a fainted body for them


def snore(canvas: np.ndarray, index: int) -> np.ndarray:
    """A lying body's char canvas with room above it and two "z"s over the head (frame
    `index` 0 or 1: the second frame has them a pixel higher and further on, rising)."""
    height, width = canvas.shape
    out = np.full((height + SNORE_ROOM, width), ".", dtype="<U1")
    out[SNORE_ROOM:] = canvas
    cols = np.flatnonzero((canvas != ".").any(axis=0))
    head = int(cols[0])  # lay_down puts the head at the left end
    lift = index % 2
    for glyph, gx, gy in ((SNORE_SMALL, head + 6, 5), (SNORE_BIG, head + 9, 1)):
        for row, line in enumerate(glyph):
            for col, char in enumerate(line):
                y, x = gy + row - lift, gx + col + lift
                if char != "." and 0 <= y < out.shape[0] and 0 <= x < width:
                    out[y, x] = char
    return out


def fainted_frames(figure: Figure, palette: dict[str, RGBA], count: int = 2) -> list[np.ndarray]:
    """Out cold: lying on the back, eyes shut, face gone pale, "z"s rising over the head."""
    colours = {**palette, **FAINT_SKIN, "*": SNORE}
    frame = figure.poses["fainted"][0]
    lying = lay_down(compose_chars(figure, frame), figure.size[1])
    return [colorize(add_outline(snore(lying, i)), colours) for i in range(count)]


def _figure_set(figure: Figure, palette: dict[str, RGBA], prefix: str) -> dict[str, list]:
    arrays = {}
    for pose in figure.poses:
        if pose == "fainted":
            arrays[f"{prefix}_{pose}"] = fainted_frames(figure, palette)
        elif pose == "carried":
            arrays[f"{prefix}_{pose}"] = figure_frames(
                figure, pose, palette, lying_width=figure.size[1]
            )
        else:
            arrays[f"{prefix}_{pose}"] = figure_frames(figure, pose, palette)
    return arrays


def _naruto_jutsu(naruto: dict[str, list[np.ndarray]]) -> None:
    """Paint the jutsu onto Naruto's plain poses: the Rasengan in his hand, the flame of Fire
    ignition from his mouth, the chakra aura of a boosted leap."""
    orb_x, orb_y = sprite_data.RASENGAN_ORB_AT
    naruto["naruto_rasengan"] = [
        paste(frame, rasengan_orb(i, sprite_data.RASENGAN_ORB_SIZE), orb_x, orb_y)
        for i, frame in enumerate(naruto["naruto_rasengan"])
    ]
    fire = naruto["naruto_fire"]
    jet_x, jet_y = sprite_data.FIRE_JET_AT
    fire[-1] = paste(fire[-1], effect_art.flame_jet(0, *sprite_data.FIRE_JET_SIZE), jet_x, jet_y)
    naruto["naruto_boost"] = [
        effect_art.chakra_aura(frame, i, sprite_data.BOOST_PAD_TOP)
        for i, frame in enumerate(naruto["naruto_boost"])
    ]


# The town's own colours, letters the mine's palette does not use (see sprite_data's Boulder
# Town part): Silvermane steel and tabard, halberd wood, the commander's cape and plume, the
# townsfolk's clothes, and a doctor's sleepless eyes.
TOWN_COLOURS: dict[str, RGBA] = {
    "I": (238, 243, 248, 255),  # steel highlight
    "i": (180, 191, 204, 255),  # steel
    "j": (126, 138, 155, 255),  # steel in shadow
    "X": (74, 83, 99, 255),  # dark steel: gauntlets, sabatons, belt
    "b": (47, 85, 144, 255),  # Silvermane tabard blue
    "d": (31, 58, 102, 255),  # tabard in shadow
    "h": (128, 86, 47, 255),  # halberd shaft, crate wood
    "f": (90, 58, 30, 255),  # wood in shadow
    "0": (200, 154, 94, 255),  # light wood (crate corners)
    "c": (58, 40, 80, 255),  # the commander's cape
    "x": (37, 26, 54, 255),  # cape in shadow
    "r": (176, 42, 60, 255),  # her crimson plume
    "3": (160, 123, 140, 255),  # dark circles under Vache's eyes
    "4": (91, 98, 114, 255),  # Oleg's cloth cap
    "5": (232, 143, 120, 255),  # ruddy cheeks
    "6": (123, 74, 124, 255),  # a townswoman's dress
    "7": (88, 50, 90, 255),  # dress in shadow
    "8": (134, 30, 36, 255),  # headscarf in shadow
}
TOWN_PALETTE: dict[str, RGBA] = {**BASE, **TOWN_COLOURS}


def crate_box() -> np.ndarray:
    """A supply crate (12x10, outlined): wooden slats and a red cross on a white patch."""
    canvas = np.array([list(row) for row in sprite_data.CRATE], dtype="<U1")
    return colorize(canvas, TOWN_PALETTE)


def _town() -> dict[str, list[np.ndarray]]:
    """Boulder Town: guards, the commander, Naruto in disguise, townsfolk, the crate."""
    arrays: dict[str, list[np.ndarray]] = {}
    arrays.update(_figure_set(sprite_data.GUARD, TOWN_PALETTE, "guard"))
    arrays.update(_figure_set(sprite_data.COMMANDER, TOWN_PALETTE, "commander"))
    arrays.update(_figure_set(sprite_data.NARUTO_DISGUISED, TOWN_PALETTE, "disguise"))
    for look, figure in sprite_data.FOLK_FIGURES.items():
        arrays.update(_figure_set(figure, TOWN_PALETTE, look))
    crate = crate_box()
    arrays["crate_box"] = [crate]
    arrays["crate_carried"] = [crate]
    frames = range(effect_art.TRANSFORM_SMOKE_FRAMES)
    arrays["transform_puff"] = [effect_art.transform_smoke(i) for i in frames]
    return arrays


def _effects() -> dict[str, list[np.ndarray]]:
    """Fire, dust, cracks and the fire-lit props (see `effect_art`)."""
    frames = range(effect_art.FLAME_FRAMES)
    return {
        "fire": [effect_art.flame(i) for i in frames],
        "fire_burst": [effect_art.fire_burst(i) for i in range(4)],
        "brazier_unlit": [effect_art.brazier(None)],
        "brazier_lit": [effect_art.brazier(i) for i in frames],
        "torch_unlit": [effect_art.torch(None)],
        "torch_lit": [effect_art.torch(i) for i in frames],
        "dust": [effect_art.dust(i) for i in range(4)],
        "ceiling_crack": [effect_art.ceiling_crack(stage) for stage in (1, 2, 3, 4)],
    }


def build_arrays() -> dict[str, list[np.ndarray]]:
    """Every animation as RGBA arrays (no pygame needed): the bank's source of truth."""
    arrays: dict[str, list[np.ndarray]] = {}
    naruto = _figure_set(sprite_data.NARUTO, BASE, "naruto")
    _naruto_jutsu(naruto)
    arrays.update(naruto)
    # Shadow clones are the same boy; the renderer may tint them.
    for name, frames in naruto.items():
        arrays["clone" + name[len("naruto") :]] = frames

    for variant, colours in MINER_VARIANTS.items():
        arrays.update(_figure_set(sprite_data.MINER, {**BASE, **colours}, variant))
    arrays.update(_figure_set(sprite_data.NATASHA, BASE, "natasha"))
    arrays.update(_figure_set(sprite_data.GORO, {**BASE, **GORO_COLOURS}, "goro"))

    arrays["rock_small"] = [rock(10, seed) for seed in (1, 2)]
    arrays["rock_large"] = [rock(14, seed) for seed in (3, 4)]
    arrays["rock_chip"] = [rock_chip(i) for i in range(3)]
    arrays["puff"] = [puff(i) for i in range(5)]
    arrays["rasengan_orb"] = [rasengan_orb(i) for i in range(3)]
    arrays["spark"] = [spark(i) for i in range(2)]
    arrays["exit_glow"] = [exit_glow(i) for i in range(2)]
    arrays.update(_effects())
    arrays.update(_town())
    return arrays


def build_sprites() -> SpriteBank:
    """Draw every sprite of the game into a `SpriteBank`. Works with no display."""
    return SpriteBank(
        {name: [to_surface(a) for a in frames] for name, frames in build_arrays().items()}
    )


# --- contact sheet, for looking at the art -----------------------------------------------------


def contact_sheet(bank: SpriteBank, scale: int = 4) -> pygame.Surface:
    """All animations, one row each, scaled up, on a cave-coloured background with labels."""
    pygame.font.init()
    font = pygame.font.Font(None, 18)
    label_w, gap = 130, 4
    rows = []
    for name in bank.names():
        frames = bank.frames(name)
        width = label_w + sum(f.get_width() * scale + gap for f in frames) * 2
        height = max(f.get_height() for f in frames) * scale + gap
        rows.append((name, frames, width, height))
    sheet_w = max(r[2] for r in rows)
    sheet_h = sum(r[3] for r in rows)
    sheet = pygame.Surface((sheet_w, sheet_h))
    sheet.fill((46, 38, 36))
    y = 0
    for name, frames, _width, height in rows:
        sheet.blit(font.render(name, True, (230, 220, 200)), (4, y + 4))
        x = label_w
        for facing in (1, -1):
            for index in range(len(frames)):
                frame = bank.get(name, index, facing)
                big = pygame.transform.scale_by(frame, scale)
                sheet.blit(big, (x, y + height - gap - big.get_height()))
                x += big.get_width() + gap
            x += gap * 4
        pygame.draw.line(sheet, (70, 60, 56), (0, y + height - 1), (sheet_w, y + height - 1))
        y += height
    return sheet


if __name__ == "__main__":
    out_path = sys.argv[1] if len(sys.argv) > 1 else "/tmp/sprites.png"
    pygame.image.save(contact_sheet(build_sprites(), 4), out_path)
    print(out_path)
