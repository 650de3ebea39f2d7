"""The mine tileset, painted in code: `python -m game.render.tileset_art` writes
`assets/tiles/mine_tiles.png` and the Tiled tileset `assets/tiles/mine_tiles.tsx`.

The table `TILES` is a contract with the maps: a tile's id, name and its properties
(`solid`, `one_way`, `breakable`, `burnable`) never change meaning once a map uses them.
Painting needs only numpy, and the PNG is encoded here (fixed zlib settings, no timestamps),
so the same code writes the same bytes on every run and every machine.
"""

from __future__ import annotations

import struct
import sys
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

TILE = 16
COLUMNS = 8
ROWS = 4
TILE_COUNT = COLUMNS * ROWS
IMAGE_NAME = "mine_tiles.png"
TILESET_NAME = "mine_tiles"
ASSET_DIR = Path(__file__).resolve().parents[2] / "assets" / "tiles"

PROPERTY_NAMES = ("solid", "one_way", "breakable", "burnable")


@dataclass(frozen=True)
class TileSpec:
    id: int
    name: str
    props: frozenset[str]  # the true ones among PROPERTY_NAMES


def _spec(tile_id: int, name: str, *props: str) -> TileSpec:
    return TileSpec(tile_id, name, frozenset(props))


TILES: tuple[TileSpec, ...] = (
    _spec(0, "rock", "solid"),
    _spec(1, "rock_floor", "solid"),
    _spec(2, "rock_ceiling", "solid"),
    _spec(3, "rock_dark", "solid"),
    _spec(4, "debris", "solid", "breakable"),
    _spec(5, "rubble", "solid", "breakable"),
    _spec(6, "plank", "one_way"),
    _spec(7, "barricade", "solid", "breakable", "burnable"),
    _spec(8, "back_wall"),
    _spec(9, "back_wall_b"),
    _spec(10, "timber_post"),
    _spec(11, "timber_beam"),
    _spec(12, "rail"),
    _spec(13, "crystal"),
    _spec(14, "lantern"),
    _spec(15, "crack"),
    _spec(16, "exit_sign"),
    _spec(17, "daylight"),
    _spec(18, "brazier"),
    _spec(19, "arrow"),
    _spec(20, "rock_b", "solid"),
    _spec(21, "rock_c", "solid"),
    _spec(22, "rock_edge_left", "solid"),
    _spec(23, "rock_edge_right", "solid"),
    _spec(24, "bridge_plank", "one_way"),
    _spec(25, "bridge_broken"),
    _spec(26, "cracked_floor", "solid"),
    _spec(27, "chasm_dark"),
    _spec(28, "sky"),
    _spec(29, "mountain"),
    _spec(30, "torch_bracket"),
    _spec(31, "timber_diag"),
)
TILE_BY_NAME = {spec.name: spec for spec in TILES}

# --- colours -----------------------------------------------------------------------------------
Colour = tuple[int, int, int]

ROCK_TONES: tuple[Colour, ...] = (
    (42, 33, 31),  # cracks between stones
    (64, 52, 46),  # stone in shadow
    (82, 67, 57),  # stone
    (102, 85, 71),  # stone, lit
    (128, 108, 89),  # lit rim
)
# The back wall sits behind everything and under the darkness pass: big stones, soft joints
# and a narrow range of tones, so light pools read on it and the eye stays on the play field.
BACK_TONES: tuple[Colour, ...] = (
    (27, 23, 24),  # joints between stones, barely darker than the stone
    (31, 26, 27),
    (34, 29, 29),
    (37, 31, 31),
    (40, 34, 33),
)
WOOD = {
    "dark": (58, 38, 24),
    "shade": (96, 63, 36),
    "base": (124, 84, 48),
    "light": (156, 110, 66),
    "nail": (170, 166, 160),
}
IRON = {"dark": (34, 32, 36), "base": (62, 60, 66), "light": (104, 102, 110)}


# --- deterministic noise and drawing helpers ---------------------------------------------------


def _hash01(a: np.ndarray, b: np.ndarray, seed: int) -> np.ndarray:
    """Pseudo-random values in [0, 1) from integer coordinates and a seed (no global state)."""
    h = (a.astype(np.int64) * 374761393 + b.astype(np.int64) * 668265263 + seed * 2246822519) & (
        0xFFFFFFFF
    )
    h = ((h ^ (h >> 13)) * 1274126177) & 0xFFFFFFFF
    return ((h ^ (h >> 16)) & 0xFFFF) / 65536.0


def _points(seed: int, count: int) -> list[tuple[float, float]]:
    """`count` points in the tile from a small LCG, so stone layouts are fixed per seed."""
    state = seed * 2654435761 + 12345
    points = []
    for _ in range(count):
        state = (state * 1103515245 + 12345) & 0x7FFFFFFF
        x = (state >> 8) % 1600 / 100
        state = (state * 1103515245 + 12345) & 0x7FFFFFFF
        y = (state >> 8) % 1600 / 100
        points.append((x, y))
    return points


def _blank() -> np.ndarray:
    return np.zeros((TILE, TILE, 4), dtype=np.uint8)


def _fill(tile: np.ndarray, mask: np.ndarray, colour: Colour, alpha: int = 255) -> None:
    tile[mask] = (*colour, alpha)


def _from_rows(rows: tuple[str, ...], colours: dict[str, Colour]) -> np.ndarray:
    """A tile from 16 strings of 16 letters; letters not in `colours` stay transparent."""
    tile = _blank()
    for y, row in enumerate(rows):
        for x, char in enumerate(row):
            if char in colours:
                tile[y, x] = (*colours[char], 255)
    return tile


yy, xx = np.mgrid[0:TILE, 0:TILE]


def stone_texture(seed: int, tones: tuple[Colour, ...], count: int = 5) -> np.ndarray:
    """Packed stones with dark cracks, each lit on its upper left; wraps seamlessly.

    Cells of a Voronoi diagram over a torus (distances wrap at the tile edge), so a tile
    placed next to itself shows no seam.
    """
    points = _points(seed, count)
    d1 = np.full((TILE, TILE), 99.0)
    d2 = np.full((TILE, TILE), 99.0)
    ox = np.zeros((TILE, TILE))
    oy = np.zeros((TILE, TILE))
    for px, py in points:
        dx = (xx + 0.5 - px + TILE / 2) % TILE - TILE / 2
        dy = (yy + 0.5 - py + TILE / 2) % TILE - TILE / 2
        d = np.hypot(dx, dy)
        nearer = d < d1
        d2 = np.where(nearer, d1, np.minimum(d2, d))
        ox = np.where(nearer, dx, ox)
        oy = np.where(nearer, dy, oy)
        d1 = np.where(nearer, d, d1)
    crack = (d2 - d1) < 0.9
    lit = -(ox + oy) / np.maximum(d1, 1.0)  # +1.4 at the upper-left rim, -1.4 lower right
    noise = _hash01(xx, yy, seed)
    level = np.where(lit > 0.9, 4, np.where(lit > 0.2, 3, np.where(lit > -0.7, 2, 1)))
    level = np.where(noise < 0.08, np.maximum(level - 1, 1), level)  # pits
    level = np.where(crack, 0, level)
    tile = _blank()
    tile[..., :3] = np.array(tones)[level]
    tile[..., 3] = 255
    return tile


def _shade(tile: np.ndarray, factor: float) -> np.ndarray:
    out = tile.copy()
    out[..., :3] = np.clip(out[..., :3].astype(float) * factor, 0, 255).astype(np.uint8)
    return out


# --- the tiles ---------------------------------------------------------------------------------


def rock() -> np.ndarray:
    return stone_texture(1, ROCK_TONES)


def rock_floor() -> np.ndarray:
    """Rock with a worn, lighter walking surface along the top."""
    tile = rock()
    wear = _hash01(xx, yy, 11)
    _fill(tile, (yy == 0), (156, 134, 108))
    _fill(tile, (yy == 1), (122, 102, 83))
    _fill(tile, (yy == 1) & (wear < 0.3), (140, 118, 95))
    _fill(tile, (yy == 2), (84, 69, 58))
    _fill(tile, (yy == 3) & (wear < 0.5), (56, 45, 40))
    return tile


def rock_ceiling() -> np.ndarray:
    """Rock whose lower edge hangs in jagged points, shaded darker towards the bottom."""
    tile = rock()
    depth = np.array([1, 3, 2, 0, 2, 4, 3, 1, 0, 2, 3, 1, 2, 4, 2, 0])  # ragged length per column
    hole = yy >= TILE - depth[None, :]
    underside = (yy >= TILE - 6) & ~hole
    tile[underside, :3] = (tile[underside, :3] * 0.72).astype(np.uint8)
    above_hole = np.zeros_like(hole)
    above_hole[:-1] = hole[1:]
    bottom_edge = ~hole & (above_hole | (yy == TILE - 1))
    _fill(tile, bottom_edge, ROCK_TONES[0])
    tile[hole] = 0
    return tile


def rock_dark() -> np.ndarray:
    return _shade(stone_texture(5, ROCK_TONES), 0.72)


def rock_b() -> np.ndarray:
    return stone_texture(2, ROCK_TONES, count=6)


def rock_c() -> np.ndarray:
    """Rock with a short vein of ore that glints amber and cyan.

    The vein stops short of the tile's edges, so a column of these reads as scattered
    seams and not one long striped line."""
    tile = stone_texture(3, ROCK_TONES)
    vein = (np.abs(yy - (xx * 0.6 + 3)) < 1.0) & (xx >= 2) & (xx <= 12)
    glint = _hash01(xx, yy, 21)
    _fill(tile, vein, (110, 78, 44))
    _fill(tile, vein & (glint < 0.35), (236, 168, 64))
    _fill(tile, vein & (glint > 0.85), (120, 214, 226))
    return tile


def rock_edge(side: int) -> np.ndarray:
    """Rock whose left (side -1) or right (side +1) face catches the light."""
    tile = rock()
    col = 0 if side < 0 else TILE - 1
    inner = col - side
    _fill(tile, xx == col, (150, 128, 104))
    _fill(tile, xx == inner, (112, 94, 78))
    return tile


def debris() -> np.ndarray:
    """Cracked boulders heaped to seal a passage: paler than the cave rock, split by cracks."""
    rows = (
        "dcaaabbbcddaabbd",
        "caabbbbbbcdabbbc",
        "abbbkbbbbcdbbbbc",
        "abbbkkbbbccbbkbc",
        "bbbbbkbbbccbkkbc",
        "bbbbbkkbcccbkbcd",
        "cbbbbbkbcdccccdd",
        "ccbbbbbccdaabbcd",
        "dcccccccdabbbbbc",
        "daabbcddabbkbbbc",
        "abbbbbcdbbbkkbbc",
        "bbkbbbcdbbbbkbcc",
        "bbkkbbccbbbbkbcd",
        "cbbkbcccbbbbbccd",
        "ccbbccdcccbbccdd",
        "dcccccddcccccddd",
    )
    colours = {
        "a": (176, 160, 136),
        "b": (136, 120, 101),
        "c": (96, 83, 71),
        "d": (40, 32, 30),
        "k": (46, 36, 32),
    }
    return _from_rows(rows, colours)


def rubble() -> np.ndarray:
    """Loose fallen stones on a bed of grit."""
    tile = _blank()
    grit = _hash01(xx, yy, 41)
    tile[..., :3] = np.where((grit < 0.5)[..., None], (56, 46, 41), (70, 58, 50))
    tile[..., 3] = 255
    stones = (
        (3, 3, 2.6),
        (9, 2.5, 2.2),
        (13.5, 5, 2.6),
        (6, 8, 3.0),
        (12, 11, 3.2),
        (2.5, 12.5, 2.6),
        (7.5, 14, 2.0),
    )
    for cx, cy, r in stones:
        dx, dy = xx + 0.5 - cx, yy + 0.5 - cy
        d = np.hypot(dx, dy * 1.2)
        inside = d < r
        lit = -(dx + dy) / r
        _fill(tile, inside, (96, 84, 74))
        _fill(tile, inside & (lit > 0.35), (132, 118, 100))
        _fill(tile, inside & (d > r - 0.9) & (lit < 0), (46, 38, 35))
    return tile


def plank() -> np.ndarray:
    """A timber walkway: only the top 4 rows are wood, so the cave shows beneath it."""
    rows = (
        "LLLLLLLLLLLLLLLL",
        "BBnBBBBBBbBBBnBB",
        "BBBBbBBBBBBBBBBB",
        "DDDDDDDDDDDDDDDD",
    ) + ("." * 16,) * 12
    colours = {
        "L": WOOD["light"],
        "B": WOOD["base"],
        "b": WOOD["shade"],
        "D": WOOD["dark"],
        "n": WOOD["nail"],
    }
    return _from_rows(rows, colours)


def barricade() -> np.ndarray:
    """Boards nailed across two uprights: a wooden barrier that breaks or burns."""
    rows = (
        "DBBBDBBBBDBBBBDD",
        "DLBBDLBBBDLBBBDD",
        "DLBBDLBbBDLBBbDD",
        "XXXXXXXXXXXXXXXX",
        "XnLLLLLLLLLLLLnX",
        "XXXXXXXXXXXXXXXX",
        "DLBbDLBBBDLBbBDD",
        "DLBBDLBBBDLBBBDD",
        "DLBBDLBbBDLBBBDD",
        "DLBBDLBBBDLBBbDD",
        "XXXXXXXXXXXXXXXX",
        "XnLLLLLLLLLLLLnX",
        "XXXXXXXXXXXXXXXX",
        "DLBbDLBBBDLBBBDD",
        "DLBBDLBBbDLBbBDD",
        "DDDDDDDDDDDDDDDD",
    )
    colours = {
        "L": WOOD["light"],
        "B": WOOD["base"],
        "b": WOOD["shade"],
        "D": WOOD["dark"],
        "X": (82, 54, 30),
        "n": WOOD["nail"],
    }
    return _from_rows(rows, colours)


def _periodic_noise(seed: int, cells: int = 4) -> np.ndarray:
    """Smooth value noise in [0, 1] on a lattice that wraps at the tile edge (no seams)."""
    lattice = _hash01(*np.mgrid[0:cells, 0:cells], seed)
    step = TILE / cells
    gx, gy = xx / step, yy / step
    x0, y0 = np.floor(gx).astype(int), np.floor(gy).astype(int)
    fx, fy = gx - x0, gy - y0
    fx, fy = fx * fx * (3 - 2 * fx), fy * fy * (3 - 2 * fy)  # smoothstep between lattice points

    def at(dx: int, dy: int) -> np.ndarray:
        return lattice[(y0 + dy) % cells, (x0 + dx) % cells]

    top = at(0, 0) * (1 - fx) + at(1, 0) * fx
    bottom = at(0, 1) * (1 - fx) + at(1, 1) * fx
    return top * (1 - fy) + bottom * fy


def _rough_wall(seed: int) -> np.ndarray:
    """Rough rock face: soft mottling in close tones and a few pits, with no hard shapes to
    repeat, so a large wall reads as one surface."""
    mottle = 0.65 * _periodic_noise(seed) + 0.35 * _periodic_noise(seed + 1, cells=8)
    level = np.floor(mottle * 4.2 + BAYER4[yy % 4, xx % 4] * 0.9 - 0.6).clip(1, 4).astype(int)
    pits = _hash01(xx, yy, seed + 2) < 0.05
    level = np.where(pits, np.maximum(level - 1, 0), level)
    tile = _blank()
    tile[..., :3] = np.array(BACK_TONES)[level]
    tile[..., 3] = 255
    return tile


def back_wall() -> np.ndarray:
    """The mine's back wall: rough rock with a faint ledge line."""
    tile = _rough_wall(7)
    ledge = (yy == 11) & (xx >= 3) & (xx <= 9)
    _fill(tile, ledge, BACK_TONES[0])
    _fill(tile, (yy == 12) & (xx >= 4) & (xx <= 9), BACK_TONES[4])
    return tile


def back_wall_b() -> np.ndarray:
    """Back wall crossed by a darker seam with a faint pale vein inside it."""
    tile = _rough_wall(8)
    span = (xx >= 2) & (xx <= 13)  # the seam ends inside the tile, so repeats do not line up
    seam = span & (np.abs(yy - (xx * 0.5 + 3)) < 0.6)
    lip = span & (np.abs(yy - (xx * 0.5 + 4)) < 0.5) & ~seam
    _fill(tile, seam, (21, 17, 18))
    _fill(tile, lip & (_hash01(xx, yy, 9) < 0.6), (46, 40, 38))
    return tile


def timber_post() -> np.ndarray:
    """A vertical support beam with grain, centred in the tile."""
    tile = _blank()
    body = (xx >= 4) & (xx <= 11)
    grain = _hash01(xx, yy // 3, 51) < 0.3
    _fill(tile, body, WOOD["base"])
    _fill(tile, body & grain, WOOD["shade"])
    _fill(tile, xx == 5, WOOD["light"])
    _fill(tile, xx == 4, WOOD["shade"])
    _fill(tile, xx == 11, WOOD["dark"])
    _fill(tile, xx == 10, WOOD["shade"])
    return tile


def timber_beam() -> np.ndarray:
    """A horizontal header beam across the top of the tile."""
    tile = _blank()
    body = (yy >= 1) & (yy <= 7)
    grain = _hash01(xx // 3, yy, 52) < 0.3
    _fill(tile, body, WOOD["base"])
    _fill(tile, body & grain, WOOD["shade"])
    _fill(tile, yy == 1, WOOD["light"])
    _fill(tile, yy == 7, WOOD["dark"])
    _fill(tile, (yy == 4) & ((xx == 2) | (xx == 13)), WOOD["nail"])
    return tile


def rail() -> np.ndarray:
    """Mine cart rails lying on sleepers at the bottom of the tile."""
    tile = _blank()
    sleeper = (yy >= 13) & (yy <= 15) & (((xx >= 1) & (xx <= 5)) | ((xx >= 9) & (xx <= 13)))
    _fill(tile, sleeper, WOOD["shade"])
    _fill(tile, sleeper & (yy == 15), WOOD["dark"])
    _fill(tile, yy == 12, (150, 150, 160))
    _fill(tile, yy == 13, IRON["base"])
    return tile


def _glow(tile: np.ndarray, cx: float, cy: float, radius: float, colour: Colour) -> None:
    """A soft halo behind what is already drawn (only fills transparent pixels)."""
    d = np.hypot(xx + 0.5 - cx, yy + 0.5 - cy)
    alpha = (np.clip(1 - d / radius, 0, 1) ** 1.6 * 120).astype(np.uint8)
    empty = tile[..., 3] == 0
    tile[empty, :3] = colour
    tile[empty, 3] = alpha[empty]


def crystal() -> np.ndarray:
    """A cluster of geomarrow crystals growing from the floor, amber with cyan tips."""
    rows = (
        "................",
        "................",
        "................",
        "......c.........",
        ".....cC.........",
        ".....CA....c....",
        ".....AA...cC....",
        "..c..AAa..CA....",
        "..CA.AAa..AAa...",
        "..AA.AAa..AAa...",
        "..AAaAAa.AAAa...",
        "..AAaAAaaAAa....",
        "...AaAAaAAa.....",
        "...aaaaaaaa.....",
        "................",
        "................",
    )
    colours = {
        "c": (200, 250, 255),
        "C": (110, 214, 230),
        "A": (244, 176, 64),
        "a": (176, 104, 34),
    }
    tile = _from_rows(rows, colours)
    _glow(tile, 7.5, 9.0, 8.0, (255, 196, 96))
    return tile


def lantern() -> np.ndarray:
    """A lantern hanging on a short chain, its flame lit."""
    rows = (
        ".......c........",
        ".......c........",
        ".......c........",
        "......ccc.......",
        ".....IIIII......",
        "....IFFFFFI.....",
        "....IFyYyFI.....",
        "....IFYWYFI.....",
        "....IFyYyFI.....",
        "....IFFFFFI.....",
        ".....IIIII......",
        "......III.......",
        "................",
        "................",
        "................",
        "................",
    )
    colours = {
        "c": (90, 88, 92),
        "I": IRON["dark"],
        "F": (250, 206, 110),
        "y": (255, 178, 60),
        "Y": (255, 226, 120),
        "W": (255, 250, 220),
    }
    tile = _from_rows(rows, colours)
    _glow(tile, 7.5, 7.5, 8.0, (255, 200, 110))
    return tile


def crack() -> np.ndarray:
    """Transparent, with dark branching crack lines: laid over the ceiling as it breaks up."""
    rows = (
        ".......#........",
        ".......#........",
        "......#.........",
        "......#.........",
        ".....##.........",
        "....#..#........",
        "...#....#.......",
        "..#.....##......",
        ".#........#.....",
        "#.........#.....",
        "...........#....",
        "...........##...",
        ".............#..",
        "..............#.",
        "...............#",
        "................",
    )
    tile = _from_rows(rows, {"#": (16, 11, 11)})
    line = tile[..., 3] > 0
    below_line = np.zeros_like(line)
    below_line[1:] = line[:-1]
    tile[below_line & ~line] = (96, 80, 68, 150)  # a lit lip under each line gives it depth
    return tile


def exit_sign() -> np.ndarray:
    """A wooden board on a post with a pale arrow pointing out of the mine."""
    rows = (
        "................",
        "................",
        ".DDDDDDDDDDDDDD.",
        ".DLLLLLLLLLLLLD.",
        ".DBBBBBBWBBBBBD.",
        ".DBBBBBBWWBBBBD.",
        ".DBWWWWWWWWBBBD.",
        ".DBWWWWWWWWWBBD.",
        ".DBWWWWWWWWBBBD.",
        ".DBBBBBBWWBBBBD.",
        ".DBBBBBBWBBBBBD.",
        ".DDDDDDDDDDDDDD.",
        ".......DB.......",
        ".......DB.......",
        ".......DB.......",
        ".......DB.......",
    )
    colours = {
        "D": WOOD["dark"],
        "L": WOOD["light"],
        "B": WOOD["base"],
        "W": (236, 226, 196),
    }
    return _from_rows(rows, colours)


# 4x4 ordered dither: steps between flat tones that blend when seen from a distance.
BAYER4 = np.array([[0, 8, 2, 10], [12, 4, 14, 6], [3, 11, 1, 9], [15, 7, 13, 5]]) / 16


def _dithered(amount: np.ndarray, tones: tuple[Colour, ...]) -> np.ndarray:
    """An opaque tile whose colour steps through `tones` as `amount` goes 0..1, dithered."""
    steps = len(tones) - 1
    level = np.floor(np.clip(amount, 0, 1) * steps + BAYER4[yy % 4, xx % 4]).clip(0, steps)
    tile = _blank()
    tile[..., :3] = np.array(tones)[level.astype(int)]
    tile[..., 3] = 255
    return tile


def daylight() -> np.ndarray:
    """Daylight pouring in at the mine mouth: soft slanted rays of warm light with pale sky
    between them. The rays repeat every 16 px along the diagonal, so a block of these
    tiles shows no seams."""
    ray = 0.5 + 0.5 * np.cos(2 * np.pi * ((xx + yy) % TILE) / TILE)
    glow = 0.55 * ray + 0.45 * (0.5 + 0.5 * np.cos(2 * np.pi * ((xx + yy + 5) % 8) / 8)) * ray
    return _dithered(glow, ((214, 228, 238), (232, 238, 234), (246, 246, 232), (255, 252, 236)))


def brazier() -> np.ndarray:
    """An unlit iron brazier: a bowl of cold coals on three legs."""
    rows = (
        "................",
        "................",
        "................",
        "................",
        "................",
        "................",
        "....ckcckck.....",
        "..IkckcckcckI...",
        "..ILLLLLLLLLI...",
        "...IBBBBBBBI....",
        "....IBBBBBI.....",
        ".....IIIII......",
        "......III.......",
        ".....I.I.I......",
        "....I..I..I.....",
        "...II..I..II....",
    )
    colours = {
        "I": IRON["dark"],
        "B": IRON["base"],
        "L": IRON["light"],
        "c": (48, 42, 40),
        "k": (78, 62, 52),
    }
    return _from_rows(rows, colours)


def arrow() -> np.ndarray:
    """A rough arrow daubed on the rock in pale paint, pointing the way out."""
    rows = (
        "................",
        "................",
        "................",
        "................",
        ".........P......",
        ".........PP.....",
        "..pPPPPPPPPP....",
        "..PPPPPPPPPPP...",
        "..pPPpPPPPPP....",
        ".........PP.....",
        ".........P......",
        "................",
        "................",
        "................",
        "................",
        "................",
    )
    return _from_rows(rows, {"P": (214, 200, 160), "p": (168, 154, 120)})


ROPE = {"light": (176, 152, 104), "dark": (120, 98, 64)}


def bridge_plank() -> np.ndarray:
    """An old rope bridge: worn boards across the top 5 rows, gaps between them, and the
    frayed rope they are lashed to sagging under the deck."""
    rows = (
        "LLLL.LLLLL.LLLLL",
        "BBnB.BBBBb.BBnBB",
        "BBBB.bBBBB.BBBBB",
        "BbBB.BBBbB.BbBBB",
        "DDDD.DDDDD.DDDDD",
        "rRrr.rRrrr.rrRrr",
        ".Rr..RrRr...rRr.",
        "..........R.....",
    ) + ("." * 16,) * 8
    colours = {
        "L": WOOD["light"],
        "B": WOOD["base"],
        "b": WOOD["shade"],
        "D": WOOD["dark"],
        "n": WOOD["nail"],
        "R": ROPE["light"],
        "r": ROPE["dark"],
    }
    return _from_rows(rows, colours)


def bridge_broken() -> np.ndarray:
    """Where the bridge snapped: a splintered stub of deck, a board hanging off it by its
    lashing and the loose rope dangling into the dark. Flip it for the other bank."""
    rows = (
        "LLLLLLs.........",
        "BBBnBBBs........",
        "BBBBBBs.........",
        "BbBBBs.s........",
        "DDDDD...........",
        "r.RrDBL.........",
        ".r.R.DBL........",
        ".r.R.DBLs.......",
        ".r..R.DBL.......",
        "..r.R.DBL.......",
        "..r.R..DBL......",
        "..r..R.DBL......",
        "...r.R.DbBs.....",
        "...r.R..DD......",
        "...r..R.........",
        "....r...........",
    )
    colours = {
        "L": WOOD["light"],
        "B": WOOD["base"],
        "b": WOOD["shade"],
        "D": WOOD["dark"],
        "n": WOOD["nail"],
        "s": (196, 156, 104),  # pale splintered wood
        "R": ROPE["light"],
        "r": ROPE["dark"],
    }
    return _from_rows(rows, colours)


def cracked_floor() -> np.ndarray:
    """A rock floor split by open cracks from its walking surface down: the floor that
    gives way. Reads as the floor tile, but broken."""
    tile = rock_floor()
    cracks = np.zeros((TILE, TILE), dtype=bool)
    paths = (
        ((4, 0), (5, 3), (3, 6), (4, 9)),
        ((11, 0), (10, 3), (12, 6), (11, 10), (12, 13)),
        ((12, 6), (15, 8)),
    )
    for path in paths:
        for (x0, y0), (x1, y1) in zip(path, path[1:], strict=False):
            steps = max(abs(x1 - x0), abs(y1 - y0))
            for i in range(steps + 1):
                x = round(x0 + (x1 - x0) * i / steps)
                y = round(y0 + (y1 - y0) * i / steps)
                cracks[y, x] = True
    gap = cracks & (yy <= 2)  # at the walking surface the cracks gape open
    wide = np.zeros_like(gap)
    wide[:, 1:] = gap[:, :-1]
    lip = np.zeros_like(cracks)
    lip[:, 1:] = cracks[:, :-1]
    _fill(tile, lip & ~cracks & ~wide, (120, 101, 82))  # a lit edge beside each crack
    _fill(tile, cracks | wide, (18, 13, 13))
    return tile


def chasm_dark() -> np.ndarray:
    """The chasm's dark: near-black depth with cold mist curling along the top rows."""
    mist = np.clip(1 - yy / 7, 0, 1) ** 1.4
    curl = 0.5 + 0.5 * np.sin(2 * np.pi * xx / TILE * 2 + yy * 0.9)
    amount = mist * (0.7 + 0.3 * curl) + 0.06 * _hash01(xx, yy // 2, 71)
    return _dithered(amount, ((7, 6, 9), (12, 12, 17), (22, 23, 30), (36, 38, 48)))


SKY = ((196, 208, 226), (204, 212, 228))  # pale dawn blue, a breath lighter


def sky() -> np.ndarray:
    """Pale dawn sky through the mine mouth: one calm colour with the faintest grain, the
    same at every edge, so it fills any opening without seams or repeating shapes (the dawn
    glow sits on `mountain`, right above the horizon)."""
    grain = 0.35 * _periodic_noise(73, cells=4)
    return _dithered(grain, SKY)


def _ridge(points: tuple[tuple[int, float], ...]) -> np.ndarray:
    """Height of a ridge line per column from (x, y) points, straight between them."""
    xs = [x for x, _ in points]
    ys = [y for _, y in points]
    return np.interp(xx + 0.5, xs, ys)


def mountain() -> np.ndarray:
    """Far blue-grey peaks against a dawn glow that warms the sky just above them.

    The top rows are the `sky` colour and each ridge meets itself at the tile's sides, so a
    row of these under `sky` tiles makes one horizon."""
    glow = np.clip((yy - 1) / 10, 0, 1)
    tile = _dithered(glow, (SKY[0], (214, 208, 214), (232, 206, 192), (244, 194, 166)))
    far = _ridge(((0, 9), (3, 7.5), (6, 4), (7, 4.5), (9, 6), (11, 5.5), (14, 8.5), (16, 9)))
    near = _ridge(((0, 12), (2, 11), (4, 12.5), (9, 9.5), (11, 10.5), (13, 12), (16, 12)))
    _fill(tile, yy >= far, (140, 148, 172))
    _fill(tile, (yy >= far) & (yy < far + 1) & (xx < 7), (182, 184, 200))  # sunlit west faces
    _fill(tile, yy >= near, (92, 102, 128))
    _fill(tile, (yy >= near) & (yy < near + 1) & (xx < 9), (124, 132, 156))
    _fill(tile, (yy >= near + 1) & (_hash01(xx, yy, 72) < 0.12), (82, 90, 116))
    return tile


def torch_bracket() -> np.ndarray:
    """An empty iron torch holder on the wall: a riveted plate, a stem and an open cup, with
    old soot on the rock above where a torch once burned."""
    rows = (
        "................",
        "................",
        "................",
        "................",
        "................",
        "................",
        ".....k....k.....",
        ".....kk..kk.....",
        "......kLLk......",
        ".......kL.......",
        ".......kL.......",
        "......kkkkk.....",
        ".....kLLLLLk....",
        ".....kLnBnBk....",
        ".....kBBBBBk....",
        "......kkkkk.....",
    )
    colours = {"k": IRON["dark"], "B": IRON["base"], "L": IRON["light"], "n": (150, 148, 156)}
    tile = _from_rows(rows, colours)
    soot = (tile[..., 3] == 0) & (yy <= 6) & (np.abs(xx - 7.5) <= 1.5 + (6 - yy) * 0.3)
    tile[soot] = (8, 6, 6, 0)
    tile[soot, 3] = (40 + 12 * yy[soot]).astype(np.uint8)  # darkest just above the cup
    return tile


def timber_diag() -> np.ndarray:
    """A diagonal brace, bottom-left to top-right; it runs on into the next tile up and to
    the right, so a line of these on the diagonal makes one long timber."""
    along = xx + yy - (TILE - 1)  # 0 on the brace's centre line
    body = np.abs(along) <= 2.6
    grain = _hash01((xx - yy) // 3, along.astype(int), 53) < 0.3
    _blank_tile = _blank()
    _fill(_blank_tile, body, WOOD["base"])
    _fill(_blank_tile, body & grain, WOOD["shade"])
    _fill(_blank_tile, body & (along <= -2), WOOD["light"])  # upper-left face catches light
    _fill(_blank_tile, body & (along >= 2), WOOD["dark"])
    _fill(_blank_tile, (xx == 7) & (yy == 8), WOOD["nail"])
    return _blank_tile


PAINTERS: dict[str, Callable[[], np.ndarray]] = {
    "rock": rock,
    "rock_floor": rock_floor,
    "rock_ceiling": rock_ceiling,
    "rock_dark": rock_dark,
    "debris": debris,
    "rubble": rubble,
    "plank": plank,
    "barricade": barricade,
    "back_wall": back_wall,
    "back_wall_b": back_wall_b,
    "timber_post": timber_post,
    "timber_beam": timber_beam,
    "rail": rail,
    "crystal": crystal,
    "lantern": lantern,
    "crack": crack,
    "exit_sign": exit_sign,
    "daylight": daylight,
    "brazier": brazier,
    "arrow": arrow,
    "rock_b": rock_b,
    "rock_c": rock_c,
    "rock_edge_left": lambda: rock_edge(-1),
    "rock_edge_right": lambda: rock_edge(1),
    "bridge_plank": bridge_plank,
    "bridge_broken": bridge_broken,
    "cracked_floor": cracked_floor,
    "chasm_dark": chasm_dark,
    "sky": sky,
    "mountain": mountain,
    "torch_bracket": torch_bracket,
    "timber_diag": timber_diag,
}


# --- the sheet, the PNG, the tsx ---------------------------------------------------------------


class Sheet:
    """A tileset painted in code: its Tiled name (the stem of its .tsx and .png), its tile
    table and a painter per tile name. The mine's sheet and Boulder Town's are two of them,
    built, encoded and written the same way, byte for byte the same on every run."""

    def __init__(
        self,
        name: str,
        tiles: tuple[TileSpec, ...],
        painters: dict[str, Callable[[], np.ndarray]],
    ):
        self.name = name
        self.tiles = tiles
        self.painters = painters
        self.image_name = f"{name}.png"

    def build(self) -> np.ndarray:
        """The whole sheet as a (64, 128, 4) uint8 RGBA array; unused cells are transparent."""
        sheet = np.zeros((ROWS * TILE, COLUMNS * TILE, 4), dtype=np.uint8)
        for spec in self.tiles:
            row, col = divmod(spec.id, COLUMNS)
            cell = (slice(row * TILE, (row + 1) * TILE), slice(col * TILE, (col + 1) * TILE))
            sheet[cell] = self.painters[spec.name]()
        return sheet

    def tsx_text(self) -> str:
        """The Tiled 1.8 external tileset: image, then each tile's name and true flags."""
        lines = [
            '<?xml version="1.0" encoding="UTF-8"?>',
            f'<tileset version="1.8" tiledversion="1.8.2" name="{self.name}" '
            f'tilewidth="{TILE}" tileheight="{TILE}" tilecount="{TILE_COUNT}" '
            f'columns="{COLUMNS}">',
            f' <image source="{self.image_name}" width="{COLUMNS * TILE}" height="{ROWS * TILE}"/>',
        ]
        for spec in self.tiles:
            lines.append(f' <tile id="{spec.id}">')
            lines.append("  <properties>")
            lines.append(f'   <property name="name" value="{spec.name}"/>')
            for prop in PROPERTY_NAMES:
                if prop in spec.props:
                    lines.append(f'   <property name="{prop}" type="bool" value="true"/>')
            lines.append("  </properties>")
            lines.append(" </tile>")
        lines.append("</tileset>")
        return "\n".join(lines) + "\n"

    def write(self, directory: Path = ASSET_DIR) -> tuple[Path, Path]:
        """(Re)write the PNG and the tsx into `directory`; returns their paths."""
        directory.mkdir(parents=True, exist_ok=True)
        png_path = directory / self.image_name
        tsx_path = directory / f"{self.name}.tsx"
        png_path.write_bytes(encode_png(self.build()))
        tsx_path.write_text(self.tsx_text(), encoding="utf-8")
        return png_path, tsx_path

    def main(self, argv: list[str] | None = None) -> int:
        """`python -m MODULE [DIR]`: write the sheet into DIR (default assets/tiles)."""
        args = sys.argv[1:] if argv is None else argv
        for path in self.write(Path(args[0]) if args else ASSET_DIR):
            print(path)
        return 0


def tile_image(sheet: np.ndarray, tile_id: int) -> np.ndarray:
    row, col = divmod(tile_id, COLUMNS)
    return sheet[row * TILE : (row + 1) * TILE, col * TILE : (col + 1) * TILE]


def encode_png(rgba: np.ndarray) -> bytes:
    """A minimal RGBA PNG: no ancillary chunks, fixed compression, so output is reproducible."""
    height, width = rgba.shape[:2]

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    raw = b"".join(b"\x00" + rgba[y].tobytes() for y in range(height))  # filter 0 per row
    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw, 9))
        + chunk(b"IEND", b"")
    )


MINE_SHEET = Sheet(TILESET_NAME, TILES, PAINTERS)
build_tileset = MINE_SHEET.build
tsx_text = MINE_SHEET.tsx_text
write_tileset = MINE_SHEET.write
main = MINE_SHEET.main


if __name__ == "__main__":
    raise SystemExit(main())
