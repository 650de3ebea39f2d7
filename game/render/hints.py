"""Tutorial prompts: a `hint` Trigger's text, shown as a banner near the top of the screen
while Naruto's centre is inside the trigger's rectangle.

The simulation never looks at hint triggers (game/sim/triggers.py), so they change no run;
this module only reads `level.triggers` and Naruto's position. Tokens in the text such as
`[jump]` or `[clone]` become the name of the key (or pad button) bound to that action,
through `game.input.prompts.fill` when the game has it, else from the default keys below,
and are drawn as key caps so they stand out from the words around them.
"""

from __future__ import annotations

import re

import pygame

from game.render.colours import GOLD, INK, WHITE
from game.render.text import font

# The default keyboard bindings (README's control table), for when the bindings module
# offers no names of its own.
DEFAULT_KEYS = {
    "jump": "Z",
    "rasengan": "X",
    "clone": "C",
    "fire": "V",
    "transform": "B",
    "left": "Left",
    "right": "Right",
    "up": "Up",
    "down": "Down",
    "pause": "Esc",
    "restart": "R",
}
TOKEN = re.compile(r"\[([a-z_]+)\]")

TOP = 34  # below the HUD's first rows (the timer and the counts), clear of its left column
MAX_WIDTH = 320  # px of the 640-px canvas: the middle, clear of the HUD's bars and timer
PAD_X, PAD_Y = 10, 6
LINE_GAP = 3
PANEL = (20, 14, 16)
BORDER = (120, 92, 62)
BORDER_LIT = (214, 176, 112)
CAP = (58, 46, 40)  # a key cap's face
CAP_EDGE = (150, 128, 96)
FADE_TICKS = 8  # frames for the banner to come in


def key_name(action: str) -> str:
    """The current binding's name for `action` ("Z", "A"), or the token itself if unknown."""
    try:
        from game.input import prompts  # written with the controls screen (issue 12)
    except ImportError:
        return DEFAULT_KEYS.get(action, f"[{action}]")
    name = prompts.fill(f"[{action}]")
    return name if name != f"[{action}]" else DEFAULT_KEYS.get(action, name)


def segments(text: str) -> list[tuple[str, bool]]:
    """The hint as (piece, is_key) pieces: words and the key names the tokens stand for."""
    out: list[tuple[str, bool]] = []
    last = 0
    for match in TOKEN.finditer(text):
        out.append((text[last : match.start()], False))
        out.append((key_name(match.group(1)), True))
        last = match.end()
    out.append((text[last:], False))
    return [(piece, key) for piece, key in out if piece]


def active_hint(level, world) -> str:
    """The text of the hint trigger Naruto's centre is in ("" for none; the first by object
    order if two overlap)."""
    cx, cy = world.naruto.center_px
    for trigger in level.triggers:
        if trigger.event == "hint" and trigger.rect.contains(cx, cy):
            return trigger.text
    return ""


class HintBanner:
    """Draws the active hint; keeps only what it takes to fade a new one in."""

    def __init__(self) -> None:
        self.text = ""
        self.age = 0
        self._cache: dict[tuple[str, int], pygame.Surface] = {}

    def update(self, level, world) -> str:
        text = "" if world.dialogue else active_hint(level, world)
        if text != self.text:
            self.text, self.age = text, 0
        else:
            self.age += 1
        return text

    def draw(self, canvas: pygame.Surface, level, world) -> pygame.Rect | None:
        """Draw the hint Naruto stands in, if any; return the banner's rectangle."""
        text = self.update(level, world)
        if not text:
            return None
        banner = self._banner(text, min(MAX_WIDTH, canvas.get_width() - 16))
        rect = banner.get_rect(midtop=(canvas.get_width() // 2, TOP))
        if self.age < FADE_TICKS:
            banner = banner.copy()
            banner.set_alpha(255 * (self.age + 1) // FADE_TICKS)
        canvas.blit(banner, rect)
        return rect

    def _banner(self, text: str, width: int) -> pygame.Surface:
        key = (f"{text}\0{_names_now(text)}", width)
        if key not in self._cache:
            self._cache.clear()  # one hint at a time: no need to keep the old ones
            self._cache[key] = render_banner(text, width)
        return self._cache[key]


def _names_now(text: str) -> str:
    """The key names the text's tokens stand for now (a remap or another device redraws)."""
    return "|".join(key_name(token) for token in TOKEN.findall(text))


def render_banner(text: str, width: int) -> pygame.Surface:
    """The banner for `text`, at most `width` px wide: a dark plate with a brass edge, the
    words in white at double size (single size for a hint too long for three lines), each key
    name on a key cap."""
    pieces = segments(text)
    for scale in (2, 1):
        lines = _layout(pieces, width - 2 * PAD_X, scale)
        if len(lines) <= 3:
            break
    face = font(scale)
    line_h = face.size("Ag")[1] + 2 * scale
    inner_w = max(sum(w for w, _, _ in line) for line in lines)
    w = inner_w + 2 * PAD_X
    h = len(lines) * line_h + (len(lines) - 1) * LINE_GAP + 2 * PAD_Y
    surface = pygame.Surface((w, h), pygame.SRCALPHA)
    surface.fill(INK)
    surface.fill(BORDER, pygame.Rect(1, 1, w - 2, h - 2))
    surface.fill(BORDER_LIT, pygame.Rect(1, 1, w - 2, 1))
    surface.fill(PANEL, pygame.Rect(3, 3, w - 6, h - 6))
    y = PAD_Y
    for line in lines:
        x = PAD_X + (inner_w - sum(width for width, _, _ in line)) // 2
        for piece_w, piece, is_key in line:
            if is_key:
                cap = pygame.Rect(x, y - scale, piece_w, line_h)
                surface.fill(CAP_EDGE, cap)
                surface.fill(CAP, cap.inflate(-2 * scale, -2 * scale).move(0, -scale))
                face.draw(surface, piece, (x + 2 * scale + 1, y), GOLD, outline=INK)
            else:
                face.draw(surface, piece, (x, y), WHITE, outline=INK)
            x += piece_w
        y += line_h + LINE_GAP
    return surface


def _layout(
    pieces: list[tuple[str, bool]], width: int, scale: int
) -> list[list[tuple[int, str, bool]]]:
    """Words and key caps in lines no wider than `width`: (width, text, is_key) each."""
    face = font(scale)
    space = face.size(" ")[0] + scale
    words: list[tuple[str, bool, bool]] = []  # text, is_key, whitespace before it
    spaced = False
    for piece, is_key in pieces:
        if is_key:
            words.append((piece, True, spaced))
            spaced = False
            continue
        for i, word in enumerate(piece.split(" ")):
            if word:
                words.append((word, False, spaced or i > 0))
            spaced = False
        spaced = piece.endswith(" ")
    lines: list[list[tuple[int, str, bool]]] = [[]]
    used = 0
    for word, is_key, spaced in words:
        w = face.size(word)[0] + (4 * scale + 2 if is_key else 0)
        gap = space if spaced and lines[-1] else 0
        if lines[-1] and used + gap + w > width:
            carried = []
            if lines[-1][-1][1] == "+":  # "[up] + [jump]": never end a line on the "+"
                carried = [lines[-1].pop()]
                while lines[-1] and not lines[-1][-1][1]:
                    lines[-1].pop()  # its space
            lines.append(carried)
            used = sum(item[0] for item in carried)
            gap = space if carried else 0
        if gap:
            lines[-1].append((gap, "", False))
        lines[-1].append((w, word, is_key))
        used += gap + w
    return lines
