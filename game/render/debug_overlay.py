"""The F3 debug overlay for level designers: what the simulation sees under the art.

F3 cycles off -> the exit field -> the miner field -> off. Over the tiles in view it shows
the collision grid (solid cells outlined in red, one-way planks as a cyan top edge), breakable
tiles tinted orange and burnable ones tinted magenta, and a heat map of the clones' distance
field (blue near the goal, red far; untinted where the goal cannot be reached). A panel lists
the entity counts and the tick and frame times the app measured.

`GMR_DEBUG_OVERLAY=1` starts with it on (the exit field), so `--shot` captures can show it.
"""

from __future__ import annotations

import os

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
    ) -> None:
        """Over `canvas`, whose top-left shows map pixel `offset` (the camera's)."""
        if not self.enabled:
            return
        cells = _view_cells(world.flags.shape, offset, canvas.get_size())
        field = world.paths.to_exit if self.mode == "exit" else world.paths.to_miner
        _draw_cells(canvas, world.flags, field, cells, offset)
        _draw_panel(canvas, panel_lines(world, self.mode, tick_ms, frame_ms))


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
    small = pygame.image.frombuffer(colours.tobytes(), (c1 - c0, r1 - r0), "RGBA")
    big = pygame.transform.scale(small, ((c1 - c0) * TILE, (r1 - r0) * TILE))
    x0, y0 = c0 * TILE - ox, r0 * TILE - oy
    canvas.blit(big, (x0, y0))
    grid = pygame.Surface(big.get_size(), pygame.SRCALPHA)
    for col in range(c1 - c0 + 1):
        pygame.draw.line(grid, GRID_LINE, (col * TILE, 0), (col * TILE, big.get_height()))
    for row in range(r1 - r0 + 1):
        pygame.draw.line(grid, GRID_LINE, (0, row * TILE), (big.get_width(), row * TILE))
    canvas.blit(grid, (x0, y0))
    view = flags[r0:r1, c0:c1]
    for row, col in zip(*np.nonzero(view & SOLID), strict=True):
        rect = (x0 + col * TILE, y0 + row * TILE, TILE, TILE)
        pygame.draw.rect(canvas, SOLID_EDGE, rect, 1)
    for row, col in zip(*np.nonzero(view & ONE_WAY), strict=True):
        x, y = x0 + col * TILE, y0 + row * TILE
        pygame.draw.line(canvas, ONE_WAY_EDGE, (x, y), (x + TILE - 1, y), 2)


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


def _draw_panel(canvas: pygame.Surface, lines: list[str]) -> None:
    face = font(1)
    step = face.height + 2
    width = max(face.size(line)[0] for line in lines) + 12
    box = pygame.Rect(4, canvas.get_height() - 8 - step * len(lines), width, 6 + step * len(lines))
    panel = pygame.Surface(box.size, pygame.SRCALPHA)
    panel.fill((16, 10, 10, 200))
    canvas.blit(panel, box)
    for i, line in enumerate(lines[:-1]):
        face.draw(canvas, line, (box.x + 6, box.y + 4 + i * step), PANEL_TEXT)
    _draw_legend(canvas, face, (box.x + 6, box.y + 4 + (len(lines) - 1) * step))


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
