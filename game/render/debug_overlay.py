"""The F3 debug overlay for level designers: what the simulation sees under the art.

F3 cycles off -> the exit field -> the miner field -> off. Over the tiles in view it shows
the collision grid (solid cells outlined in red, one-way planks as a cyan top edge), breakable
tiles tinted orange and burnable ones tinted magenta, and a heat map of the clones' distance
field (blue near the goal, red far; untinted where the goal cannot be reached). A panel lists
the entity counts and the tick and frame times the app measured. The play screen draws it
between the world and the HUD, with the world's own view offset (screen shake included), so
the grid stays on the tiles it describes and the HUD stays readable.

`GMR_DEBUG_OVERLAY=1` starts with it on (the exit field), so `--shot` captures can show it.
"""

from __future__ import annotations

import os
from functools import lru_cache

import numpy as np
import pygame

from game.render.text import font
from game.sim.constants import BREAKABLE, BURNABLE, ONE_WAY, SOLID, TILE
from game.sim.paths import UNREACHABLE

ENV_VAR = "GMR_DEBUG_OVERLAY"
MODES = ("off", "exit", "miner")  # the field shown; F3 steps through them
FIELD_LABELS = {"exit": "distance to exit", "miner": "distance to miners"}

SOLID_TINT = (220, 40, 40, 70)
BREAKABLE_TINT = (255, 150, 0, 120)
BURNABLE_TINT = (230, 40, 220, 120)
HEAT_ALPHA = 90
SOLID_EDGE = (255, 70, 70)
ONE_WAY_EDGE = (60, 230, 255)
GRID_LINE = (255, 255, 255, 28)
PANEL_TEXT = (244, 240, 228)
# Left, under the HUD's timer, counts, chakra and air rows (they end at y 63): clear of the
# HUD, the splits panel on the right, the dialogue box and hints along the bottom.
PANEL_TOPLEFT = (4, 70)


def start_mode() -> str:
    return "exit" if os.environ.get(ENV_VAR, "") not in ("", "0") else "off"


class DebugOverlay:
    def __init__(self, mode: str | None = None):
        self.mode = start_mode() if mode is None else mode

    @property
    def enabled(self) -> bool:
        return self.mode != "off"

    def toggle(self) -> None:
        self.mode = MODES[(MODES.index(self.mode) + 1) % len(MODES)]

    def draw(
        self,
        canvas: pygame.Surface,
        world,
        offset: tuple[int, int],
        tick_ms: float = 0.0,
        frame_ms: float = 0.0,
    ) -> pygame.Rect | None:
        """Over `canvas`, whose top-left shows map pixel `offset` (the scene's, shake
        included). Returns the text panel's rectangle (None when off)."""
        if not self.enabled:
            return None
        cells = _view_cells(world.flags.shape, offset, canvas.get_size())
        field = world.paths.to_exit if self.mode == "exit" else world.paths.to_miner
        _draw_cells(canvas, world.flags, field, cells, offset)
        return _draw_panel(canvas, panel_lines(world, self.mode, tick_ms, frame_ms))


def _view_cells(shape, offset, size) -> tuple[int, int, int, int]:
    """Rows r0:r1 and columns c0:c1 of the tiles at least partly in view."""
    rows, cols = shape
    ox, oy = offset
    c0, r0 = max(0, ox // TILE), max(0, oy // TILE)
    c1 = min(cols, (ox + size[0] + TILE - 1) // TILE)
    r1 = min(rows, (oy + size[1] + TILE - 1) // TILE)
    return r0, r1, c0, c1


def cell_colours(flags: np.ndarray, field: np.ndarray) -> np.ndarray:
    """One RGBA colour per cell (rows, cols, 4): the heat map under the tile tints.

    `field` is the padded distance field of the same cells (one extra cell on every side)."""
    inner = field[1:-1, 1:-1]
    reachable = inner < UNREACHABLE
    out = np.zeros((*flags.shape, 4), dtype=np.uint8)
    if reachable.any():
        far = max(1, int(inner[reachable].max()))
        heat = np.clip(inner / far, 0.0, 1.0)
        out[..., 0] = (heat * 255).astype(np.uint8)
        out[..., 1] = (80 * (1 - np.abs(heat - 0.5) * 2)).astype(np.uint8)
        out[..., 2] = ((1 - heat) * 255).astype(np.uint8)
        out[..., 3] = np.where(reachable, HEAT_ALPHA, 0)
    # Tile tints go over the heat: breakable and burnable matter most, then plain solid rock.
    for flag, tint in ((SOLID, SOLID_TINT), (BURNABLE, BURNABLE_TINT), (BREAKABLE, BREAKABLE_TINT)):
        out[(flags & flag) != 0] = tint
    return out


def _draw_cells(canvas, flags, field, cells, offset) -> None:
    r0, r1, c0, c1 = cells
    if r1 <= r0 or c1 <= c0:
        return
    ox, oy = offset
    # The colours of the cells in view, made into a tiny image and scaled up by the tile
    # size: one blit instead of one fill per cell.
    colours = np.ascontiguousarray(cell_colours(flags, field)[r0:r1, c0:c1])
    small = _display_format(pygame.image.frombuffer(colours.tobytes(), (c1 - c0, r1 - r0), "RGBA"))
    big = pygame.transform.scale(small, ((c1 - c0) * TILE, (r1 - r0) * TILE))
    x0, y0 = c0 * TILE - ox, r0 * TILE - oy
    canvas.blit(big, (x0, y0))
    canvas.blit(_grid(c1 - c0, r1 - r0), (x0, y0))
    view = flags[r0:r1, c0:c1]
    for row, col in zip(*np.nonzero(view & SOLID), strict=True):
        rect = (x0 + col * TILE, y0 + row * TILE, TILE, TILE)
        pygame.draw.rect(canvas, SOLID_EDGE, rect, 1)
    for row, col in zip(*np.nonzero(view & ONE_WAY), strict=True):
        x, y = x0 + col * TILE, y0 + row * TILE
        pygame.draw.line(canvas, ONE_WAY_EDGE, (x, y), (x + TILE - 1, y), 2)


def _display_format(surface: pygame.Surface) -> pygame.Surface:
    """In the window's pixel format when there is a window: blitting it is then several
    times faster (the overlay must not cost the frame it measures)."""
    return surface.convert_alpha() if pygame.display.get_surface() is not None else surface


@lru_cache(maxsize=4)
def _grid(cols: int, rows: int) -> pygame.Surface:
    """Faint tile lines over `cols` x `rows` cells; the view's size rarely changes."""
    grid = pygame.Surface((cols * TILE, rows * TILE), pygame.SRCALPHA)
    for col in range(cols + 1):
        pygame.draw.line(grid, GRID_LINE, (col * TILE, 0), (col * TILE, rows * TILE))
    for row in range(rows + 1):
        pygame.draw.line(grid, GRID_LINE, (0, row * TILE), (cols * TILE, row * TILE))
    return _display_format(grid)


def panel_lines(world, mode: str, tick_ms: float, frame_ms: float) -> list[str]:
    """The panel's text: what is in the world, and how long a tick and a frame take."""
    miners = world.miners.count
    return [
        f"DEBUG (F3)  {FIELD_LABELS.get(mode, '')}",
        f"clones {world.clones.count}  rocks {world.rocks.count}  miners {miners}",
        f"rescued {world.rescued}  lost {world.lost}  of {world.total_miners}",
        f"tick {tick_ms:.2f} ms  frame {frame_ms:.2f} ms",
        "solid  one-way  breakable  burnable",
    ]


def _draw_panel(canvas: pygame.Surface, lines: list[str]) -> pygame.Rect:
    face = font(1)
    step = face.height + 2
    width = max(face.size(line)[0] for line in lines) + 12
    box = pygame.Rect(PANEL_TOPLEFT, (width, 6 + step * len(lines)))
    panel = pygame.Surface(box.size, pygame.SRCALPHA)
    panel.fill((16, 10, 10, 200))
    canvas.blit(panel, box)
    for i, line in enumerate(lines[:-1]):
        face.draw(canvas, line, (box.x + 6, box.y + 4 + i * step), PANEL_TEXT)
    _draw_legend(canvas, face, (box.x + 6, box.y + 4 + (len(lines) - 1) * step))
    return box


def _draw_legend(canvas, face, pos) -> None:
    """The key to the colours, each word in its own colour."""
    x, y = pos
    for word, colour in (
        ("solid", SOLID_EDGE),
        ("one-way", ONE_WAY_EDGE),
        ("breakable", BREAKABLE_TINT[:3]),
        ("burnable", BURNABLE_TINT[:3]),
    ):
        x = face.draw(canvas, word, (x, y), colour).right + 6
