"""The map's tiles, pre-rendered into big chunk surfaces so a frame costs a dozen blits.

Chunks are drawn the first time they come into view and kept. When the world changes a tile
(debris broken, rubble landed) `tiles_version` moves; the live terrain is then compared with
the copy taken when the chunks were drawn, and only the chunks holding changed cells are
redrawn.
"""

from __future__ import annotations

from collections import OrderedDict

import numpy as np
import pygame

from game.level.model import Level, MapError, TileSource

CHUNK_TILES = 16  # a chunk is 16x16 tiles: 256x256 px at 16 px tiles
MAX_CHUNKS = 240  # kept per layer group; a 640x360 view needs at most 12
BACKDROP = (18, 14, 16)  # deep rock, behind every background tile


class TileImages:
    """Tile pictures by gid, cut from their tileset images, flipped, ready to blit."""

    def __init__(self, level: Level):
        self.level = level
        self._sheets: dict[str, pygame.Surface] = {}
        self._tiles: dict[int, pygame.Surface] = {}

    def _sheet(self, path: str) -> pygame.Surface:
        sheet = self._sheets.get(path)
        if sheet is None:
            try:
                sheet = pygame.image.load(path)
            except (pygame.error, FileNotFoundError) as error:
                message = f"cannot load tileset image {path}: {error}"
                raise MapError(self.level.path, message) from None
            if pygame.display.get_surface() is not None:
                sheet = sheet.convert_alpha()
            self._sheets[path] = sheet
        return sheet

    def get(self, gid: int) -> pygame.Surface | None:
        image = self._tiles.get(gid)
        if image is None:
            source = self.level.tiles.get(gid)
            if source is None:
                return None
            image = _cut(self._sheet(source.image), source)
            self._tiles[gid] = image
        return image

    def max_size(self) -> tuple[int, int]:
        sizes = [(s.w, s.h) for s in self.level.tiles.values()] or [(0, 0)]
        return max(w for w, _ in sizes), max(h for _, h in sizes)


def _cut(sheet: pygame.Surface, source: TileSource) -> pygame.Surface:
    image = sheet.subsurface((source.x, source.y, source.w, source.h)).copy()
    if source.flip_d:  # Tiled's diagonal flip is a transpose, applied before the others
        image = pygame.transform.flip(pygame.transform.rotate(image, -90), True, False)
    if source.flip_x or source.flip_y:
        image = pygame.transform.flip(image, source.flip_x, source.flip_y)
    return image


class ChunkLayer:
    """One group of gid layers (behind or in front of the actors) cut into cached chunks."""

    def __init__(
        self,
        level: Level,
        images: TileImages,
        layers: list[np.ndarray],
        opaque: bool,
        holes: np.ndarray | None = None,
    ):
        """`opaque` layers fill the rock backdrop behind their tiles, except in `holes`
        (cells left see-through so the far scenery shows)."""
        self.level = level
        self.images = images
        self.layers = layers
        self.opaque = opaque
        self.holes = holes
        self.px = CHUNK_TILES * level.tile_size
        self._chunks: OrderedDict[tuple[int, int], pygame.Surface | None] = OrderedDict()
        # Tiles taller or wider than a cell hang up and right from their cell, possibly into
        # the chunk above or beside: draw that many extra cells around each chunk.
        max_w, max_h = images.max_size()
        ts = level.tile_size
        self.spill_cols = max(0, -(-max_w // ts) - 1)
        self.spill_rows = max(0, -(-max_h // ts) - 1)

    def invalidate(self, rows: np.ndarray, cols: np.ndarray) -> None:
        """Forget the chunks that show any of these cells (including spill-over)."""
        for row, col in zip(rows.tolist(), cols.tolist(), strict=True):
            for r in range(row - self.spill_rows, row + 1):
                for c in range(col, col + self.spill_cols + 1):
                    self._chunks.pop((r // CHUNK_TILES, c // CHUNK_TILES), None)

    def _render(self, chunk_row: int, chunk_col: int) -> pygame.Surface | None:
        ts = self.level.tile_size
        r0, c0 = chunk_row * CHUNK_TILES, chunk_col * CHUNK_TILES
        r1 = min(r0 + CHUNK_TILES + self.spill_rows, self.level.height)
        c1 = min(c0 + CHUNK_TILES, self.level.width)
        rs, cs = r0, max(0, c0 - self.spill_cols)
        blits = []
        for grid in self.layers:
            block = grid[rs:r1, cs:c1]
            for r, c in np.argwhere(block).tolist():
                gid = int(block[r, c])
                image = self.images.get(gid)
                if image is not None:
                    x = (cs + c - c0) * ts
                    y = (rs + r - r0 + 1) * ts - image.get_height()
                    blits.append((image, (x, y)))
        if not blits and not self.opaque:
            return None  # nothing in front here: skip the blit altogether
        holes = None
        if self.opaque and self.holes is not None:
            holes = self.holes[r0 : r0 + CHUNK_TILES, c0 : c0 + CHUNK_TILES]
            if not holes.any():
                holes = None
        solid = self.opaque and holes is None
        if solid:
            surface = pygame.Surface((self.px, self.px))
            surface.fill(BACKDROP)
        else:
            surface = pygame.Surface((self.px, self.px), pygame.SRCALPHA)
        if pygame.display.get_surface() is not None:
            surface = surface.convert() if solid else surface.convert_alpha()
        if holes is not None:
            surface.fill((0, 0, 0, 0))
            for r, c in np.argwhere(~holes).tolist():
                surface.fill(BACKDROP, (c * ts, r * ts, ts, ts))
        surface.fblits(blits)
        return surface

    def chunk(self, chunk_row: int, chunk_col: int) -> pygame.Surface | None:
        key = (chunk_row, chunk_col)
        if key in self._chunks:
            self._chunks.move_to_end(key)
            return self._chunks[key]
        surface = self._render(chunk_row, chunk_col)
        self._chunks[key] = surface
        if len(self._chunks) > MAX_CHUNKS:
            self._chunks.popitem(last=False)
        return surface

    def draw(self, canvas: pygame.Surface, offset: tuple[int, int]) -> None:
        ox, oy = offset
        view_w, view_h = canvas.get_size()
        rows = (self.level.height + CHUNK_TILES - 1) // CHUNK_TILES
        cols = (self.level.width + CHUNK_TILES - 1) // CHUNK_TILES
        first_col, last_col = max(0, ox // self.px), min(cols - 1, (ox + view_w - 1) // self.px)
        first_row, last_row = max(0, oy // self.px), min(rows - 1, (oy + view_h - 1) // self.px)
        blits = []
        for cr in range(first_row, last_row + 1):
            for cc in range(first_col, last_col + 1):
                surface = self.chunk(cr, cc)
                if surface is not None:
                    blits.append((surface, (cc * self.px - ox, cr * self.px - oy)))
        canvas.fblits(blits)


class TilemapRenderer:
    """Background + terrain behind the actors, foreground in front; follows terrain changes."""

    def __init__(self, level: Level, holes: np.ndarray | None = None):
        """`holes`: cells where the back layer stays see-through (the parallax shows)."""
        self.level = level
        self.images = TileImages(level)
        self._terrain = level.terrain.copy()
        self._version = 0
        layers = [*level.background, self._terrain]
        self.back = ChunkLayer(level, self.images, layers, True, holes)
        self.front = ChunkLayer(level, self.images, list(level.foreground), False)

    def sync(self, terrain: np.ndarray, version: int, force: bool = False) -> int:
        """Catch up with the live terrain; return how many cells changed. `force` compares
        even if the version did not move: a new world (restart) counts versions from 0 again."""
        if version == self._version and not force:
            return 0
        self._version = version
        rows, cols = np.nonzero(terrain != self._terrain)
        if len(rows):
            self._terrain[rows, cols] = terrain[rows, cols]
            self.back.invalidate(rows, cols)
        return len(rows)

    def draw_back(self, canvas: pygame.Surface, offset: tuple[int, int]) -> None:
        self.back.draw(canvas, offset)

    def draw_front(self, canvas: pygame.Surface, offset: tuple[int, int]) -> None:
        self.front.draw(canvas, offset)
