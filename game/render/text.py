"""A small pixel font drawn in code, so text is as crisp as the sprites at every scale.

Glyphs are 7 rows tall above the baseline with 2 rows of descender, in variable widths.
Rendered strings are cached: the HUD redraws the same few labels every frame.
"""

from __future__ import annotations

from functools import lru_cache

import pygame

ASCENT = 7
DESCENT = 2
HEIGHT = ASCENT + DESCENT
SPACING = 1  # blank columns between glyphs
SPACE_WIDTH = 3

# Each glyph: rows top to bottom separated by "/", "#" is ink. Rows past the 7th hang below
# the baseline (g, j, p, q, y and the comma).
GLYPHS: dict[str, str] = {
    "A": ".###./#...#/#...#/#####/#...#/#...#/#...#",
    "B": "####./#...#/#...#/####./#...#/#...#/####.",
    "C": ".###./#...#/#..../#..../#..../#...#/.###.",
    "D": "####./#...#/#...#/#...#/#...#/#...#/####.",
    "E": "#####/#..../#..../####./#..../#..../#####",
    "F": "#####/#..../#..../####./#..../#..../#....",
    "G": ".###./#...#/#..../#.###/#...#/#...#/.####",
    "H": "#...#/#...#/#...#/#####/#...#/#...#/#...#",
    "I": "###/.#./.#./.#./.#./.#./###",
    "J": "..###/...#./...#./...#./#..#./#..#./.##..",
    "K": "#...#/#..#./#.#../##.../#.#../#..#./#...#",
    "L": "#..../#..../#..../#..../#..../#..../#####",
    "M": "#...#/##.##/#.#.#/#.#.#/#...#/#...#/#...#",
    "N": "#...#/##..#/#.#.#/#..##/#...#/#...#/#...#",
    "O": ".###./#...#/#...#/#...#/#...#/#...#/.###.",
    "P": "####./#...#/#...#/####./#..../#..../#....",
    "Q": ".###./#...#/#...#/#...#/#.#.#/#..#./.##.#",
    "R": "####./#...#/#...#/####./#.#../#..#./#...#",
    "S": ".####/#..../#..../.###./....#/....#/####.",
    "T": "#####/..#../..#../..#../..#../..#../..#..",
    "U": "#...#/#...#/#...#/#...#/#...#/#...#/.###.",
    "V": "#...#/#...#/#...#/#...#/.#.#./.#.#./..#..",
    "W": "#...#/#...#/#...#/#.#.#/#.#.#/##.##/#...#",
    "X": "#...#/#...#/.#.#./..#../.#.#./#...#/#...#",
    "Y": "#...#/#...#/.#.#./..#../..#../..#../..#..",
    "Z": "#####/....#/...#./..#../.#.../#..../#####",
    "a": "...../...../.###./....#/.####/#...#/.####",
    "b": "#..../#..../####./#...#/#...#/#...#/####.",
    "c": "...../...../.###./#..../#..../#..../.###.",
    "d": "....#/....#/.####/#...#/#...#/#...#/.####",
    "e": "...../...../.###./#...#/#####/#..../.###.",
    "f": "..##/.#../####/.#../.#../.#../.#..",
    "g": "...../...../.####/#...#/#...#/#...#/.####/....#/.###.",
    "h": "#..../#..../####./#...#/#...#/#...#/#...#",
    "i": "#/./#/#/#/#/#",
    "j": "..#/.../..#/..#/..#/..#/..#/#.#/.#.",
    "k": "#.../#.../#..#/#.#./##../#.#./#..#",
    "l": "#./#./#./#./#./#./.#",
    "m": "...../...../####./#.#.#/#.#.#/#.#.#/#.#.#",
    "n": "...../...../####./#...#/#...#/#...#/#...#",
    "o": "...../...../.###./#...#/#...#/#...#/.###.",
    "p": "...../...../####./#...#/#...#/#...#/####./#..../#....",
    "q": "...../...../.####/#...#/#...#/#...#/.####/....#/....#",
    "r": "..../..../#.##/##../#.../#.../#...",
    "s": "...../...../.####/#..../.###./....#/####.",
    "t": ".#../.#../####/.#../.#../.#../..##",
    "u": "...../...../#...#/#...#/#...#/#...#/.####",
    "v": "...../...../#...#/#...#/#...#/.#.#./..#..",
    "w": "...../...../#...#/#.#.#/#.#.#/#.#.#/.#.#.",
    "x": "...../...../#...#/.#.#./..#../.#.#./#...#",
    "y": "...../...../#...#/#...#/#...#/#...#/.####/....#/.###.",
    "z": "...../...../#####/...#./..#../.#.../#####",
    "0": ".###./#...#/#..##/#.#.#/##..#/#...#/.###.",
    "1": ".#./##./.#./.#./.#./.#./###",
    "2": ".###./#...#/....#/...#./..#../.#.../#####",
    "3": "####./....#/....#/.###./....#/....#/####.",
    "4": "...#./..##./.#.#./#..#./#####/...#./...#.",
    "5": "#####/#..../####./....#/....#/#...#/.###.",
    "6": ".###./#..../#..../####./#...#/#...#/.###.",
    "7": "#####/....#/...#./..#../.#.../.#.../.#...",
    "8": ".###./#...#/#...#/.###./#...#/#...#/.###.",
    "9": ".###./#...#/#...#/.####/....#/....#/.###.",
    ".": "././././././#",
    ",": "../../../../../.#/.#/#.",
    ":": "././#/././#/.",
    ";": "../../.#/../../.#/.#/#.",
    "!": "#/#/#/#/#/./#",
    "?": ".###./#...#/....#/...#./..#../...../..#..",
    "'": "#/#/././././.",
    '"': "#.#/#.#/.../.../.../.../...",
    "-": "..../..../..../####/..../..../....",
    "+": "...../..#../..#../#####/..#../..#../.....",
    "=": "..../..../####/..../####/..../....",
    "/": "....#/...#./...#./..#../.#.../.#.../#....",
    "(": ".#/#./#./#./#./#./.#",
    ")": "#./.#/.#/.#/.#/.#/#.",
    "[": "##/#./#./#./#./#./##",
    "]": "##/.#/.#/.#/.#/.#/##",
    "<": "...#/..#./.#../#.../.#../..#./...#",
    ">": "#.../.#../..#./...#/..#./.#../#...",
    "%": "##..#/##..#/...#./..#../.#.../#..##/#..##",
    "*": "...../#.#.#/.###./#####/.###./#.#.#/.....",
    "_": "...../...../...../...../...../...../#####",
    "#": ".#.#./#####/.#.#./.#.#./.#.#./#####/.#.#.",
    "&": ".##../#..#./#.#../.#.../#.#.#/#..#./.##.#",
}


def _parse(pattern: str) -> list[str]:
    return pattern.split("/")


class PixelFont:
    """The built-in font at one whole-number scale."""

    def __init__(self, scale: int = 1):
        self.scale = scale
        self.height = HEIGHT * scale
        self._glyphs: dict[str, list[str]] = {ch: _parse(p) for ch, p in GLYPHS.items()}

    def _glyph_width(self, ch: str) -> int:
        if ch == " ":
            return SPACE_WIDTH
        rows = self._glyphs.get(ch) or self._glyphs["?"]
        return len(rows[0])

    def size(self, text: str) -> tuple[int, int]:
        if not text:
            return 0, self.height
        columns = sum(self._glyph_width(ch) for ch in text) + SPACING * (len(text) - 1)
        return columns * self.scale, self.height

    def render(self, text: str, color, shadow=None, outline=None) -> pygame.Surface:
        """The text on a transparent surface; `shadow` offsets one scaled pixel down-right,
        `outline` rings every glyph so it reads on any background. Cached."""
        return _render_cached(self.scale, text, _rgba(color), _rgba(shadow), _rgba(outline))

    def draw(
        self,
        target: pygame.Surface,
        text: str,
        pos: tuple[int, int],
        color,
        *,
        anchor: str = "topleft",
        shadow=None,
        outline=None,
    ) -> pygame.Rect:
        """Blit text with its `anchor` point (a pygame.Rect attribute name) at `pos`."""
        image = self.render(text, color, shadow, outline)
        rect = pygame.Rect((0, 0), self.size(text))
        setattr(rect, anchor, pos)
        pad = self.scale if outline is not None else 0  # the outline grows the image up-left
        target.blit(image, (rect.x - pad, rect.y - pad))
        return rect


def _rgba(color):
    if color is None:
        return None
    return tuple(pygame.Color(color))


@lru_cache(maxsize=1024)
def _render_cached(scale: int, text: str, color, shadow, outline) -> pygame.Surface:
    face = font(scale)
    width, height = face.size(text)
    # The outline grows the image by one scaled pixel on every side, the shadow down-right.
    pad = scale if outline is not None else 0
    grow = 2 * pad if outline is not None else (scale if shadow is not None else 0)
    out = pygame.Surface((max(width, 1) + grow, height + grow), pygame.SRCALPHA)
    x = 0
    for ch in text:
        if ch != " ":
            out.blit(_glyph(scale, ch, color, shadow, outline), (x, 0))
        x += (face._glyph_width(ch) + SPACING) * scale
    return out


@lru_cache(maxsize=2048)
def _glyph(scale: int, ch: str, color, shadow, outline) -> pygame.Surface:
    """One character with its shadow or outline, padded like a rendered string."""
    rows = GLYPHS.get(ch) or GLYPHS["?"]
    cells = [
        (col, row)
        for row, line in enumerate(rows.split("/"))
        for col, cell in enumerate(line)
        if cell == "#"
    ]
    width = len(rows.split("/")[0]) * scale
    pad = scale if outline is not None else 0
    grow = 2 * pad if outline is not None else (scale if shadow is not None else 0)
    surface = pygame.Surface((width + grow, HEIGHT * scale + grow), pygame.SRCALPHA)
    layers = []
    if outline is not None:
        for dx in (-scale, 0, scale):
            for dy in (-scale, 0, scale):
                if dx or dy:
                    layers.append((outline, pad + dx, pad + dy))
    if shadow is not None:
        layers.append((shadow, pad + scale, pad + scale))
    layers.append((color, pad, pad))
    for ink, ox, oy in layers:
        for col, row in cells:
            surface.fill(ink, (ox + col * scale, oy + row * scale, scale, scale))
    return surface


@lru_cache(maxsize=8)
def font(scale: int = 1) -> PixelFont:
    """The shared font object for one scale."""
    return PixelFont(scale)
