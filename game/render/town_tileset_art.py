"""Boulder Town's tileset, painted in code: `python -m game.render.town_tileset_art` writes
`assets/tiles/town_tiles.png` and the Tiled tileset `assets/tiles/town_tiles.tsx`.

Belobog's underworld town: sandy cut stone, terracotta roofs, brass steam pipes, iron lamp
posts with warm amber lamps and lit windows; Vache's clinic in lighter wood and pale walls;
the medical camp in off-white canvas with a red cross; the Silvermane Guard's blue banners
and barricade before the mine. Light falls from the upper left, as in the mine tileset.

The table `TILES` is a contract with the maps (/work/town_contract.md): ids, names and the
`solid` / `one_way` flags never change meaning once a map uses them. The helpers (noise,
stone, PNG encoder) are the mine tileset's, so both sheets are painted and written the same
way, byte for byte the same on every run.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from game.render.tileset_art import (
    BAYER4,
    IRON,
    TILE,
    Colour,
    Sheet,
    TileSpec,
    _blank,
    _fill,
    _from_rows,
    _glow,
    _hash01,
    _periodic_noise,
    _spec,
    stone_texture,
    xx,
    yy,
)

TILESET_NAME = "town_tiles"
PROPERTY_NAMES = ("solid", "one_way")  # the flags town tiles use (no breakable, burnable)

TILES: tuple[TileSpec, ...] = (
    _spec(0, "street", "solid"),
    _spec(1, "stone", "solid"),
    _spec(2, "roof", "one_way"),
    _spec(3, "roof_left", "one_way"),
    _spec(4, "roof_right", "one_way"),
    _spec(5, "brick", "solid"),
    _spec(6, "plaster"),
    _spec(7, "window_lit"),
    _spec(8, "door"),
    _spec(9, "chimney", "solid"),
    _spec(10, "chimney_top", "solid"),
    _spec(11, "pipe", "one_way"),
    _spec(12, "pipe_vertical"),
    _spec(13, "lamp_post"),
    _spec(14, "lamp"),
    _spec(15, "floorboards", "solid"),
    _spec(16, "clinic_wall"),
    _spec(17, "shelf"),
    _spec(18, "cot"),
    _spec(19, "awning", "one_way"),
    _spec(20, "boxes", "solid"),
    _spec(21, "tent"),
    _spec(22, "tent_sign"),
    _spec(23, "fence"),
    _spec(24, "hill", "solid"),
    _spec(25, "hill_top", "solid"),
    _spec(26, "cavern_rock"),
    _spec(27, "mine_gate"),
    _spec(28, "banner"),
    _spec(29, "stairs", "one_way"),
    _spec(30, "clinic_sign"),
    _spec(31, "barricade_pole"),
)
TILE_BY_NAME = {spec.name: spec for spec in TILES}

# --- colours -----------------------------------------------------------------------------------
STONE_TONES: tuple[Colour, ...] = (  # sandy-grey cut stone
    (54, 46, 44),  # joints
    (96, 86, 76),
    (122, 110, 96),
    (146, 132, 114),
    (174, 160, 136),
)
HILL_TONES: tuple[Colour, ...] = (  # rocky earth of the hills, browner than the mine's rock
    (40, 30, 26),
    (70, 54, 42),
    (92, 72, 54),
    (114, 90, 66),
    (138, 112, 84),
)
MORTAR = (70, 60, 56)
BRICK = {"dark": (92, 46, 36), "base": (136, 70, 50), "light": (166, 94, 66)}
CHIMNEY = {"dark": (72, 40, 34), "base": (110, 60, 46), "light": (138, 80, 60)}
TERRACOTTA = {
    "dark": (70, 32, 26),
    "shade": (118, 54, 38),
    "base": (156, 76, 50),
    "light": (194, 108, 70),
    "rim": (218, 140, 96),
}
PLASTER = ((80, 68, 59), (85, 73, 63), (90, 77, 66), (95, 81, 69))  # dim: it sits behind
WOOD = {
    "dark": (60, 38, 24),
    "shade": (98, 64, 38),
    "base": (126, 86, 50),
    "light": (160, 114, 70),
}
PALE_WOOD = {  # the clinic's floor and furniture
    "dark": (104, 74, 48),
    "shade": (150, 112, 74),
    "base": (180, 140, 96),
    "light": (210, 174, 126),
}
BRASS = {
    "dark": (86, 58, 26),
    "shade": (140, 96, 40),
    "base": (184, 134, 58),
    "light": (226, 186, 104),
    "glint": (250, 228, 168),
}
AMBER = {"deep": (214, 120, 40), "base": (250, 176, 74), "bright": (255, 220, 132)}
WARM_WHITE = (255, 246, 214)
CANVAS = {
    "dark": (150, 142, 124),
    "shade": (190, 182, 162),
    "base": (216, 208, 188),
    "light": (236, 230, 212),
}
RED = {"dark": (130, 24, 30), "base": (196, 40, 44), "light": (226, 84, 78)}
SILVERMANE = {"dark": (30, 40, 78), "base": (46, 64, 122), "light": (70, 94, 160)}
SILVER = {"dark": (150, 158, 172), "base": (196, 204, 216), "light": (232, 236, 244)}
MOSS = {"dark": (50, 80, 44), "base": (76, 112, 58), "light": (112, 150, 78)}
CLINIC = {"dark": (170, 164, 148), "base": (196, 190, 172), "light": (212, 206, 188)}


def _level_tile(level: np.ndarray, tones: tuple[Colour, ...]) -> np.ndarray:
    tile = _blank()
    tile[..., :3] = np.array(tones)[np.clip(level, 0, len(tones) - 1).astype(int)]
    tile[..., 3] = 255
    return tile


# --- street, stone, hills ---------------------------------------------------------------------


def _ashlar(seed: int, course: int = 8, tones: tuple[Colour, ...] = STONE_TONES) -> np.ndarray:
    """Cut stone in running bond: blocks `course` px high, each lit on its upper left."""
    row = yy // course
    offset = np.where(row % 2 == 1, 6, 0)
    bx = (xx + offset) % TILE
    widths = (0, 10)  # two blocks per course: 10 and 6 px wide
    col = np.where(bx < widths[1], 0, 1)
    left = np.where(col == 0, bx, bx - widths[1])
    width = np.where(col == 0, widths[1], TILE - widths[1])
    top = yy % course
    level = np.full((TILE, TILE), 2)
    level = np.where((top == 1) | (left == 1), 3, level)
    level = np.where((top == course - 1) | (left == width - 1), 1, level)
    noise = _hash01(xx, yy, seed)
    level = np.where(noise < 0.10, np.maximum(level - 1, 1), level)
    level = np.where((noise > 0.93) & (level == 2), 3, level)
    level = np.where((top == 0) | (left == 0), 0, level)
    return _level_tile(level, tones)


def street() -> np.ndarray:
    """Paving setts worn smooth, the walking edge lit along the top."""
    tile = _ashlar(101, course=5)
    tile[:4] = _ashlar(102, course=4)[:4]
    _fill(tile, yy == 0, (198, 184, 156))
    _fill(tile, (yy == 1) & (_hash01(xx, yy, 103) < 0.5), (176, 160, 134))
    _fill(tile, yy == 3, STONE_TONES[0])
    lower = yy >= 4
    tile[lower, :3] = (tile[lower, :3] * 0.94).astype(np.uint8)
    return tile


def stone() -> np.ndarray:
    """Cut stone block courses: foundations and the fill under streets."""
    tile = _ashlar(111)
    tile[..., :3] = (tile[..., :3] * 0.9).astype(np.uint8)
    return tile


def hill() -> np.ndarray:
    return stone_texture(121, HILL_TONES, count=6)


def hill_top() -> np.ndarray:
    """Hill earth with a cushion of moss along the top, hanging in tufts over the edge."""
    tile = hill()
    hang = np.array([3, 4, 3, 2, 3, 5, 4, 3, 2, 3, 4, 3, 3, 5, 4, 3])[None, :]
    moss = yy < hang
    _fill(tile, moss, MOSS["base"])
    _fill(tile, moss & (_hash01(xx, yy, 122) < 0.35), MOSS["dark"])
    _fill(tile, yy == 0, MOSS["light"])
    _fill(tile, (yy == 1) & (xx % 3 == 0), MOSS["light"])
    _fill(tile, yy == hang, HILL_TONES[0])  # shadow under the moss
    return tile


def cavern_rock() -> np.ndarray:
    """The far cavern wall: soft, low-contrast blue-grey rock that stays behind the town."""
    tones = ((34, 32, 40), (40, 37, 46), (46, 42, 51), (52, 47, 56), (58, 52, 60))
    mottle = 0.65 * _periodic_noise(131) + 0.35 * _periodic_noise(132, cells=8)
    level = np.floor(mottle * 4.2 + BAYER4[yy % 4, xx % 4] * 0.9 - 0.6).clip(1, 4)
    level = np.where(_hash01(xx, yy, 133) < 0.05, level - 1, level)
    tile = _level_tile(level, tones)
    ledge = (yy == 5) & (xx >= 8) & (xx <= 13)
    _fill(tile, ledge, tones[0])
    _fill(tile, (yy == 6) & (xx >= 9) & (xx <= 13), tones[4])
    return tile


# --- houses -------------------------------------------------------------------------------------


def _shingles(seed: int) -> np.ndarray:
    """Terracotta pantiles in rows of rounded scallops, the top rim catching the light."""
    row = (yy - 2) // 4
    offset = np.where(row % 2 == 1, 2, 0)
    u = (xx + offset) % 4
    v = (yy - 2) % 4
    level = np.full((TILE, TILE), 2)
    level = np.where(u == 0, 3, level)  # lit left side of each tile
    level = np.where(u == 3, 1, level)
    level = np.where(v == 3, 0, level)  # shadow line under each row
    level = np.where((v == 2) & (u == 3), 0, level)
    noise = _hash01(xx, yy, seed)
    level = np.where((noise < 0.08) & (level > 1), level - 1, level)
    tones = (TERRACOTTA["dark"], TERRACOTTA["shade"], TERRACOTTA["base"], TERRACOTTA["light"])
    tile = _level_tile(level, tones)
    _fill(tile, yy == 0, TERRACOTTA["rim"])  # ridge cap: the walking edge
    _fill(tile, yy == 1, TERRACOTTA["shade"])
    return tile


def roof() -> np.ndarray:
    return _shingles(141)


def roof_end(side: int) -> np.ndarray:
    """The roof's eave at the left (side -1) or right (+1): the shingles end in a sloping
    barge board, the wall beneath shows through the cut-away lower corner."""
    tile = _shingles(142 + side)
    edge = xx if side < 0 else TILE - 1 - xx  # distance from the open side
    cut = edge < (yy - 2) * 0.55
    board = ~cut & (edge < (yy - 2) * 0.55 + 2)
    tile[cut] = 0
    _fill(tile, board, WOOD["base"] if side < 0 else WOOD["shade"])
    _fill(tile, board & (edge < (yy - 2) * 0.55 + 1), WOOD["light"] if side < 0 else WOOD["dark"])
    _fill(tile, (yy == 0) & (edge == 0), TERRACOTTA["light"])
    return tile


def brick() -> np.ndarray:
    """A house wall of warm red bricks in running bond, each brick lit on its upper left."""
    row = yy // 4
    offset = np.where(row % 2 == 1, 4, 0)
    u = (xx + offset) % 8
    v = yy % 4
    level = np.full((TILE, TILE), 2)
    level = np.where(v == 1, 3, level)
    level = np.where((u == 7) | (v == 3), 1, level)
    noise = _hash01((xx + offset) // 8, row, 151)
    tones = (MORTAR, BRICK["dark"], BRICK["base"], BRICK["light"])
    tile = _level_tile(level, tones)
    warm = noise > 0.6  # a few bricks fired a shade darker
    dim = warm[..., None] & (level[..., None] > 0)
    tile[..., :3] = np.where(dim, (tile[..., :3] * 0.88).astype(np.uint8), tile[..., :3])
    _fill(tile, (u == 0) | (v == 0), MORTAR)
    return tile


def plaster() -> np.ndarray:
    """Plastered house wall seen behind the street: dim ochre, soft mottling in close tones
    (no shapes that repeat from tile to tile), one hairline crack."""
    mottle = 0.7 * _periodic_noise(161) + 0.3 * _periodic_noise(162, cells=8)
    level = np.floor(mottle * 3.0 + BAYER4[yy % 4, xx % 4] * 0.9 - 0.4).clip(0, 3)
    tile = _level_tile(level, PLASTER)
    crack = ((yy == 3) & (xx == 11)) | ((yy == 4) & (xx == 12)) | ((yy == 5) & (xx == 12))
    _fill(tile, crack, (70, 59, 52))
    return tile


def window_lit() -> np.ndarray:
    """A warm lit window in a plaster wall: stone frame, cross bars, a curtain's edge."""
    tile = plaster()
    rows = (
        "................",
        "..SSSSSSSSSSSS..",
        "..SkkkkkkkkkkS..",
        "..SkWWAAkAAAAS..",
        "..SkWAAAkAAAcS..",
        "..SkAAAAkAAccS..",
        "..SkAAAAkAAAcS..",
        "..SkkkkkkkkkkS..",
        "..SkAAAAkAAAcS..",
        "..SkAAaAkAAacS..",
        "..SkAaaakaaacS..",
        "..SkaaaakaaacS..",
        "..SkkkkkkkkkkS..",
        ".LLLLLLLLLLLLLL.",
        ".DDDDDDDDDDDDDD.",
        "................",
    )
    colours = {
        "S": (150, 136, 114),
        "k": (52, 36, 28),
        "W": WARM_WHITE,
        "A": AMBER["base"],
        "a": AMBER["deep"],
        "c": (170, 66, 46),  # the curtain
        "L": (176, 162, 138),
        "D": (70, 60, 54),
    }
    window = _from_rows(rows, colours)
    mask = window[..., 3] > 0
    tile[mask] = window[mask]
    return tile


def door() -> np.ndarray:
    """A plank door in a stone jamb, with iron straps and a ring handle; stacks upward."""
    rows = (
        "SkBBLBBLBBLBBBkS",
        "SkBBLBBLBBLBBBkS",
        "SkIIIIIIIIIIIIkS",
        "SkBBLBBLBBLBBBkS",
        "SkBbLBBLBbLBBBkS",
        "SkBBLBBLBBLBBbkS",
        "SkBBLBbLBBLBBBkS",
        "SkBBLBBLBBLBBBkS",
        "SkBBLBBLBBLIIBkS",
        "SkBbLBBLBBLIBIkS",
        "SkBBLBBLBBLIIBkS",
        "SkBBLBBLBbLBBBkS",
        "SkIIIIIIIIIIIIkS",
        "SkBBLBBLBBLBBBkS",
        "SkBBLBbLBBLBBBkS",
        "SkDDDDDDDDDDDDkS",
    )
    colours = {
        "S": (140, 126, 108),
        "k": (46, 32, 24),
        "B": WOOD["base"],
        "b": WOOD["shade"],
        "L": WOOD["light"],
        "D": WOOD["dark"],
        "I": IRON["base"],
    }
    return _from_rows(rows, colours)


def chimney() -> np.ndarray:
    """A chimney stack in dark fired brick, soot streaking down from above."""
    row = yy // 4
    offset = np.where(row % 2 == 1, 4, 0)
    u = (xx + offset) % 8
    v = yy % 4
    level = np.full((TILE, TILE), 2)
    level = np.where(v == 1, 3, level)
    level = np.where((u == 7) | (v == 3), 1, level)
    level = np.where((u == 0) | (v == 0), 0, level)
    level = np.where(xx == 0, np.maximum(level, 3), level)  # the lit left corner
    level = np.where(xx == TILE - 1, 1, level)
    tile = _level_tile(level, ((58, 48, 46), CHIMNEY["dark"], CHIMNEY["base"], CHIMNEY["light"]))
    soot = _periodic_noise(171, cells=4) * (1.0 - yy / 20)
    dark = soot > 0.55
    tile[dark, :3] = (tile[dark, :3] * 0.7).astype(np.uint8)
    return tile


def chimney_top() -> np.ndarray:
    """The chimney's crown: a stone cap over the flue with soot blackening the bricks."""
    tile = chimney()
    cap = yy <= 3
    _fill(tile, cap, (140, 128, 110))
    _fill(tile, yy == 0, (186, 172, 146))
    _fill(tile, cap & (xx == 0), (186, 172, 146))
    _fill(tile, (yy == 3), (70, 62, 56))
    _fill(tile, cap & (xx == TILE - 1), (96, 86, 76))
    _fill(tile, (yy == 0) & (xx >= 4) & (xx <= 11), (30, 24, 24))  # the flue's mouth
    soot = (yy >= 4) & (yy <= 8) & (_hash01(xx, yy, 172) < 0.55 - (yy - 4) * 0.1)
    tile[soot, :3] = (tile[soot, :3] * 0.55).astype(np.uint8)
    return tile


def _pipe_profile(length_axis: np.ndarray, across: np.ndarray, width: int) -> np.ndarray:
    """Brass shading across a round pipe `width` px thick: light on the upper/left side."""
    t = across / max(width - 1, 1)
    level = np.where(t < 0.15, 3, np.where(t < 0.4, 4, np.where(t < 0.75, 2, 1)))
    level = np.where(across == width - 1, 0, level)
    return level


def pipe() -> np.ndarray:
    """A horizontal brass steam pipe on the top 6 rows, a riveted flange joint, and a bracket
    down to the wall behind: stand on it, walk under it."""
    tile = _blank()
    body = yy <= 5
    level = _pipe_profile(xx, yy, 6)
    tones = (BRASS["dark"], BRASS["shade"], BRASS["base"], BRASS["light"], BRASS["glint"])
    colours = np.array(tones)[level]
    tile[body, :3] = colours[body]
    tile[body, 3] = 255
    flange = body & ((xx == 10) | (xx == 11))
    _fill(tile, flange, BRASS["shade"])
    _fill(tile, flange & (xx == 10), BRASS["light"])
    _fill(tile, (xx == 12) & body, BRASS["dark"])
    _fill(tile, (xx == 10) & ((yy == 1) | (yy == 4)), (90, 64, 36))  # rivets
    _fill(tile, (yy == 0) & (xx < 10), BRASS["light"])
    hanger = (yy >= 6) & (yy <= 9) & ((xx == 4) | (xx == 5))
    _fill(tile, hanger, IRON["base"])
    _fill(tile, hanger & (xx == 4), IRON["light"])
    _fill(tile, (yy == 9) & (xx >= 3) & (xx <= 6), IRON["dark"])
    return tile


def pipe_vertical() -> np.ndarray:
    """A vertical brass pipe down the middle of the tile with a collar."""
    tile = _blank()
    body = (xx >= 5) & (xx <= 10)
    level = _pipe_profile(yy, xx - 5, 6)
    tones = (BRASS["dark"], BRASS["shade"], BRASS["base"], BRASS["light"], BRASS["glint"])
    colours = np.array(tones)[level]
    tile[body, :3] = colours[body]
    tile[body, 3] = 255
    collar = (yy >= 9) & (yy <= 11) & (xx >= 4) & (xx <= 11)
    _fill(tile, collar, BRASS["shade"])
    _fill(tile, collar & (yy == 9), BRASS["light"])
    _fill(tile, collar & (xx == 11), BRASS["dark"])
    _fill(tile, (yy == 10) & ((xx == 5) | (xx == 10)), (90, 64, 36))
    return tile


def lamp_post() -> np.ndarray:
    """An iron lamp post: a fluted shaft with a ring, stacks upward to any height."""
    tile = _blank()
    shaft = (xx >= 7) & (xx <= 9)
    _fill(tile, shaft, IRON["base"])
    _fill(tile, shaft & (xx == 7), IRON["light"])
    _fill(tile, shaft & (xx == 9), IRON["dark"])
    ring = (yy >= 6) & (yy <= 7) & (xx >= 6) & (xx <= 10)
    _fill(tile, ring, IRON["base"])
    _fill(tile, ring & (yy == 6), IRON["light"])
    _fill(tile, ring & (xx == 10), IRON["dark"])
    return tile


def lamp() -> np.ndarray:
    """The lamp head on its post: iron cap and frame, amber glass with a bright flame."""
    rows = (
        "................",
        ".......kk.......",
        "......kLLk......",
        ".....kLLLLk.....",
        "....kkkkkkkkk...",
        ".....kAAAAAk....",
        ".....kAAYAAk....",
        ".....kAYWYAk....",
        ".....kAYWYak....",
        ".....kAAYAak....",
        ".....kaaaaak....",
        "....kkkkkkkkk...",
        "......kLBk......",
        ".......LBk......",
        ".......LBk......",
        ".......LBk......",
    )
    colours = {
        "k": IRON["dark"],
        "L": IRON["light"],
        "B": IRON["base"],
        "A": AMBER["base"],
        "a": AMBER["deep"],
        "Y": AMBER["bright"],
        "W": WARM_WHITE,
    }
    tile = _from_rows(rows, colours)
    _glow(tile, 8.0, 7.5, 8.5, (255, 196, 110))
    return tile


# --- the clinic ---------------------------------------------------------------------------------


def floorboards() -> np.ndarray:
    """The clinic's pale floorboards: the top board's edge lit, joists' shadow beneath."""
    tile = _blank()
    row = yy // 4
    offset = (row * 5) % TILE
    u = (xx + offset) % TILE
    grain = _hash01(xx // 3, yy, 181) < 0.25
    tile[..., 3] = 255
    tile[..., :3] = PALE_WOOD["base"]
    _fill(tile, grain, PALE_WOOD["shade"])
    _fill(tile, yy % 4 == 0, PALE_WOOD["light"])
    _fill(tile, yy % 4 == 3, PALE_WOOD["dark"])
    _fill(tile, (u == 0) & (yy % 4 != 0), PALE_WOOD["dark"])
    _fill(tile, (u == 2) & (yy % 4 == 1), (120, 110, 100))  # nail heads
    _fill(tile, yy == 0, (232, 202, 156))
    lower = yy >= 8
    tile[lower, :3] = (tile[lower, :3] * 0.86).astype(np.uint8)
    return tile


def clinic_wall() -> np.ndarray:
    """The clinic's pale limewashed wall with a wooden chair rail and wainscot below."""
    grain = 0.5 * _periodic_noise(191)
    level = np.floor(grain * 2 + BAYER4[yy % 4, xx % 4] * 0.8).clip(0, 2)
    tile = _level_tile(level, (CLINIC["dark"], CLINIC["base"], CLINIC["light"]))
    _fill(tile, yy == 9, PALE_WOOD["light"])
    _fill(tile, yy == 10, PALE_WOOD["shade"])
    wainscot = yy >= 11
    _fill(tile, wainscot, PALE_WOOD["base"])
    _fill(tile, wainscot & (xx % 8 == 0), PALE_WOOD["dark"])
    _fill(tile, wainscot & (xx % 8 == 1), PALE_WOOD["light"])
    _fill(tile, yy == 15, PALE_WOOD["dark"])
    return tile


def shelf() -> np.ndarray:
    """Two wooden shelves of medicine bottles and jars, on brackets."""
    rows = (
        "................",
        "..g....b..j.....",
        ".GGg..BBb.JJ.r..",
        ".GwG..BwB.JJ.Rr.",
        ".GGG..BBB.JJ.RR.",
        ".GGG..BBB.JJ.RR.",
        "LLLLLLLLLLLLLLLL",
        "DDDDDDDDDDDDDDDD",
        ".k............k.",
        "...a......c.....",
        "..aAa.v..CCc.j..",
        "..AwA.V..CwC.JJ.",
        "..AAA.V..CCC.JJ.",
        "LLLLLLLLLLLLLLLL",
        "DDDDDDDDDDDDDDDD",
        ".k............k.",
    )
    colours = {
        "L": PALE_WOOD["light"],
        "D": PALE_WOOD["dark"],
        "k": WOOD["dark"],
        "G": (64, 140, 90),
        "g": (40, 90, 60),
        "B": (70, 110, 176),
        "b": (40, 60, 110),
        "J": (226, 214, 180),
        "j": (150, 120, 80),
        "R": (180, 60, 50),
        "r": (120, 40, 36),
        "A": (196, 128, 54),
        "a": (130, 80, 36),
        "C": (130, 180, 190),
        "c": (80, 120, 130),
        "V": (170, 90, 150),
        "v": (110, 60, 100),
        "w": (250, 250, 240),
    }
    return _from_rows(rows, colours)


def cot() -> np.ndarray:
    """A clinic cot: a pale wooden frame with a white sheet and a pillow on the left."""
    rows = (
        "................",
        "................",
        "................",
        "................",
        "................",
        "................",
        "L...............",
        "LPPPP...........",
        "LPpPPwwwwwwwwwwL",
        "LWWWWWWWWWWWWWWL",
        "LWWWWWWWWWWWWWsL",
        "LssssssssssssssL",
        "LLLLLLLLLLLLLLLL",
        "DDDDDDDDDDDDDDDD",
        "D.D..........D.D",
        "D.D..........D.D",
    )
    colours = {
        "L": PALE_WOOD["light"],
        "D": PALE_WOOD["dark"],
        "P": (246, 242, 230),
        "p": (210, 204, 190),
        "W": (232, 232, 224),
        "w": (250, 250, 244),
        "s": (176, 178, 180),
    }
    return _from_rows(rows, colours)


# --- the market, the camp, the guards ------------------------------------------------------------


def awning() -> np.ndarray:
    """A striped cloth awning stretched taut on a rail: bounce on it; scalloped hem below."""
    tile = _blank()
    hem = 7 + (np.abs((xx % 4) - 1.5) < 1).astype(int)
    body = (yy >= 1) & (yy <= hem)
    stripe = (xx // 4) % 2 == 0
    _fill(tile, body & stripe, RED["base"])
    _fill(tile, body & ~stripe, CANVAS["light"])
    sag = body & (yy >= 5)
    tile[sag, :3] = (tile[sag, :3] * 0.85).astype(np.uint8)
    _fill(tile, body & (yy == hem), (0, 0, 0))
    tile[body & (yy == hem), :3] = np.where(
        stripe[body & (yy == hem)][..., None], RED["dark"], CANVAS["dark"]
    )
    _fill(tile, yy == 0, IRON["base"])  # the rail along the top
    _fill(tile, (yy == 0) & (xx % 8 == 3), IRON["light"])
    _fill(tile, (yy == 1) & stripe, RED["light"])
    _fill(tile, (yy == 1) & ~stripe, WARM_WHITE)
    return tile


def boxes() -> np.ndarray:
    """A stacked wooden crate, boards and a cross brace, lit on its upper left."""
    rows = (
        "LLLLLLLLLLLLLLLD",
        "LkkkkkkkkkkkkkkD",
        "LkXXBBBBBBBbXXkD",
        "LkBXXBBBBBBXXbkD",
        "LkBBXXBbBBXXBBkD",
        "LkBBBXXBBXXBBBkD",
        "LkbBBBXXXXBBBBkD",
        "LkBBBBBXXBBBBbkD",
        "LkBBBBXXXXBBBBkD",
        "LkBBBXXBBXXBBBkD",
        "LkBbXXBBBBXXBBkD",
        "LkBXXBBBBbBXXBkD",
        "LkXXBBBBBBBBXXkD",
        "LkkkkkkkkkkkkkkD",
        "LnLLLLLLLLLLLnLD",
        "DDDDDDDDDDDDDDDD",
    )
    colours = {
        "L": WOOD["light"],
        "B": WOOD["base"],
        "b": WOOD["shade"],
        "X": (146, 102, 60),
        "k": WOOD["dark"],
        "D": (44, 28, 18),
        "n": (170, 166, 160),
    }
    return _from_rows(rows, colours)


def tent() -> np.ndarray:
    """The medical camp's canvas: off-white, stitched seams and soft vertical folds."""
    fold = 0.5 + 0.5 * np.cos(2 * np.pi * (xx + 2) / 8)
    amount = 0.2 + 0.7 * fold + 0.06 * _hash01(xx, yy // 4, 201)
    steps = 3
    level = np.floor(np.clip(amount, 0, 1) * steps + BAYER4[yy % 4, xx % 4] * 0.5).clip(0, steps)
    tones = (CANVAS["dark"], CANVAS["shade"], CANVAS["base"], CANVAS["light"])
    tile = _level_tile(level, tones)
    seam = (xx == 15) & (yy % 3 != 2)
    _fill(tile, seam, (132, 124, 106))
    return tile


def tent_sign() -> np.ndarray:
    """Canvas with a red cross: the medical camp's mark."""
    tile = tent()
    cross = ((xx >= 6) & (xx <= 9) & (yy >= 2) & (yy <= 13)) | (
        (yy >= 6) & (yy <= 9) & (xx >= 2) & (xx <= 13)
    )
    _fill(tile, cross, RED["base"])
    _fill(tile, cross & ((xx == 6) | (yy == 6)), RED["light"])
    _fill(tile, cross & ((xx == 9) | (yy == 9)) & ~((xx == 6) | (yy == 6)), RED["dark"])
    # the two arms' inner edges: keep the cross shape crisp where they meet
    _fill(tile, (xx >= 6) & (xx <= 9) & (yy >= 6) & (yy <= 9), RED["base"])
    _fill(tile, (xx == 6) & (yy >= 6) & (yy <= 9), RED["base"])
    return tile


def fence() -> np.ndarray:
    """An iron railing: two rails and spiked bars, open between them."""
    tile = _blank()
    bars = (xx % 4 == 1) & (yy >= 2)
    _fill(tile, bars, IRON["base"])
    spike = ((xx % 4 == 1) & (yy == 1)) | ((xx % 4 == 1) & (yy == 0))
    _fill(tile, spike, IRON["light"])
    _fill(tile, (np.abs(xx % 4 - 1) == 1) & (yy == 2), IRON["dark"])
    for rail_y in (4, 12):
        _fill(tile, yy == rail_y, IRON["light"])
        _fill(tile, yy == rail_y + 1, IRON["dark"])
    return tile


def mine_gate() -> np.ndarray:
    """A timber set of the mine mouth: two posts under a cap beam, with knee braces."""
    tile = _blank()
    cap = yy <= 3
    _fill(tile, cap, WOOD["base"])
    _fill(tile, cap & (_hash01(xx // 3, yy, 221) < 0.3), WOOD["shade"])
    _fill(tile, yy == 0, WOOD["light"])
    _fill(tile, yy == 3, WOOD["dark"])
    _fill(tile, (yy == 1) & ((xx == 1) | (xx == 14)), (170, 166, 160))  # spikes into the posts
    for x0, x1 in ((0, 2), (13, 15)):
        post = (xx >= x0) & (xx <= x1) & (yy >= 4)
        _fill(tile, post, WOOD["base"])
        _fill(tile, post & (xx == x0), WOOD["light"])
        _fill(tile, post & (xx == x1), WOOD["dark"])
        _fill(tile, post & (yy % 5 == 2) & (xx == x0 + 1), WOOD["shade"])
    left = (yy >= 4) & (yy <= 8) & (np.abs(xx - (yy - 1)) <= 1) & (xx >= 3)
    right = (yy >= 4) & (yy <= 8) & (np.abs((TILE - 1 - xx) - (yy - 1)) <= 1) & (xx <= 12)
    _fill(tile, left | right, WOOD["base"])
    _fill(tile, left & (xx == yy - 2), WOOD["light"])
    _fill(tile, right & ((TILE - 1 - xx) == yy - 2), WOOD["light"])
    _fill(tile, left & (xx == yy), WOOD["dark"])
    _fill(tile, right & ((TILE - 1 - xx) == yy), WOOD["dark"])
    return tile


def banner() -> np.ndarray:
    """A Silvermane Guard banner: deep blue cloth on an iron rod, a silver crest, a
    swallow-tailed hem."""
    rows = (
        "kkkkkkkkkkkkkkkk",
        ".kLkk.....kkLk..",
        "..dBBBBBBBBBBd..",
        "..dBBBBSSBBBBd..",
        "..dBSBBSSBBSBd..",
        "..dBBSSSSSSBBd..",
        "..dSSSSYYSSSSd..",
        "..dBBSSSSSSBBd..",
        "..dBSBBSSBBSBd..",
        "..dBBBBSSBBBBd..",
        "..dBBBBBBBBBBd..",
        "..dYYYYYYYYYYd..",
        "..dBBBBBBBBBBd..",
        "..dBBBBddBBBBd..",
        "..dBBBd..dBBBd..",
        "..dBBd....dBBd..",
    )
    colours = {
        "k": IRON["dark"],
        "L": IRON["light"],
        "B": SILVERMANE["base"],
        "b": SILVERMANE["dark"],
        "d": SILVERMANE["dark"],
        "S": SILVER["light"],
        "s": SILVER["dark"],
        "Y": SILVER["base"],
    }
    tile = _from_rows(rows, colours)
    lit = (xx == 3) & (yy >= 2) & (yy <= 12)
    _fill(tile, lit & (tile[..., 3] > 0), SILVERMANE["light"])
    return tile


def stairs() -> np.ndarray:
    """A wooden stair step: a tread on the top 4 rows and the stringer under it, rising to
    the right, so a diagonal of these is one staircase."""
    tile = _blank()
    tread = yy <= 3
    _fill(tile, tread, WOOD["base"])
    _fill(tile, yy == 0, WOOD["light"])
    _fill(tile, yy == 3, WOOD["dark"])
    _fill(tile, tread & (_hash01(xx // 3, yy, 211) < 0.3) & (yy > 0) & (yy < 3), WOOD["shade"])
    _fill(tile, tread & (xx == 15), WOOD["dark"])
    along = xx + yy - 19  # the stringer runs from the lower left up to the next step
    stringer = (np.abs(along) <= 2) & (yy >= 4)
    _fill(tile, stringer, WOOD["shade"])
    _fill(tile, stringer & (along <= -2), WOOD["base"])
    _fill(tile, stringer & (along >= 2), WOOD["dark"])
    return tile


def clinic_sign() -> np.ndarray:
    """Vache's clinic sign: a pale board hanging from an iron bracket, a red cross and
    painted lettering."""
    rows = (
        "kkkkkkkkkkkkkkkk",
        "..k.........k...",
        "..k.........k...",
        ".DDDDDDDDDDDDDD.",
        ".DLLLLLLLLLLLLD.",
        ".DPPPPPPPPPPPPD.",
        ".DPPrRrPPPPPPPD.",
        ".DPRRRRRPtttPPD.",
        ".DPPrRrPPPPPPPD.",
        ".DPPPPPPtttttPD.",
        ".DPPPPPPPPPPPPD.",
        ".DDDDDDDDDDDDDD.",
        "................",
        "................",
        "................",
        "................",
    )
    colours = {
        "k": IRON["dark"],
        "D": PALE_WOOD["dark"],
        "L": PALE_WOOD["light"],
        "P": (232, 222, 196),
        "R": RED["base"],
        "r": RED["base"],
        "t": (70, 56, 48),
    }
    tile = _from_rows(rows, colours)
    _fill(tile, (yy == 6) & ((xx == 4) | (xx == 6)), (232, 222, 196))
    _fill(tile, (yy == 8) & ((xx == 4) | (xx == 6)), (232, 222, 196))
    _fill(tile, (yy >= 6) & (yy <= 8) & (xx == 5), RED["base"])
    return tile


def barricade_pole() -> np.ndarray:
    """The guards' barricade: a pole striped in Silvermane blue and white across the
    middle, bound with iron bands."""
    tile = _blank()
    pole = (yy >= 6) & (yy <= 9)
    stripe = ((xx + yy) // 4) % 2 == 0
    _fill(tile, pole & stripe, SILVERMANE["base"])
    _fill(tile, pole & ~stripe, SILVER["base"])
    _fill(tile, pole & (yy == 6) & stripe, SILVERMANE["light"])
    _fill(tile, pole & (yy == 6) & ~stripe, SILVER["light"])
    _fill(tile, pole & (yy == 9) & stripe, SILVERMANE["dark"])
    _fill(tile, pole & (yy == 9) & ~stripe, SILVER["dark"])
    band = pole & ((xx == 0) | (xx == 1))
    _fill(tile, band, IRON["base"])
    _fill(tile, band & (yy == 6), IRON["light"])
    _fill(tile, (yy == 10) & (xx >= 1) & (xx <= 14), (0, 0, 0))
    tile[(yy == 10) & (xx >= 1) & (xx <= 14), 3] = 70  # its shadow
    return tile


PAINTERS: dict[str, Callable[[], np.ndarray]] = {
    "street": street,
    "stone": stone,
    "roof": roof,
    "roof_left": lambda: roof_end(-1),
    "roof_right": lambda: roof_end(1),
    "brick": brick,
    "plaster": plaster,
    "window_lit": window_lit,
    "door": door,
    "chimney": chimney,
    "chimney_top": chimney_top,
    "pipe": pipe,
    "pipe_vertical": pipe_vertical,
    "lamp_post": lamp_post,
    "lamp": lamp,
    "floorboards": floorboards,
    "clinic_wall": clinic_wall,
    "shelf": shelf,
    "cot": cot,
    "awning": awning,
    "boxes": boxes,
    "tent": tent,
    "tent_sign": tent_sign,
    "fence": fence,
    "hill": hill,
    "hill_top": hill_top,
    "cavern_rock": cavern_rock,
    "mine_gate": mine_gate,
    "banner": banner,
    "stairs": stairs,
    "clinic_sign": clinic_sign,
    "barricade_pole": barricade_pole,
}


# --- the sheet ----------------------------------------------------------------------------------

TOWN_SHEET = Sheet(TILESET_NAME, TILES, PAINTERS)
build_tileset = TOWN_SHEET.build
tsx_text = TOWN_SHEET.tsx_text
write_tileset = TOWN_SHEET.write
main = TOWN_SHEET.main


if __name__ == "__main__":
    raise SystemExit(main())
