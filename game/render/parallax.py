"""The far scenery behind the tiles, shown wherever the map's background layers are empty.

Layers come from `pixelart.build_parallax()` (farthest first). Each scrolls at a fraction
of the camera's speed, the farther the slower, repeats sideways, and sits in the middle of
the view when the camera is at the middle of the map. The farthest layer's top and bottom
colours fill the view above and below it.

A map whose `music` is "town" (Boulder Town) gets the town's layers instead
(`parallax_art.build_town_parallax`); in a Full Rescue each section shows its own, chosen by
the section the view is in (the camera keeps the view inside one section).
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pygame

from game.level.model import Level

NEAREST_FACTOR = 0.6  # the nearest layer moves at this fraction of the camera; the farthest less
FARTHEST_FACTOR = 0.15


def empty_background(level: Level) -> np.ndarray:
    """(height, width) bool: open cells with no background tile, where the scenery shows.
    (Solid rock usually has no background tile under it, and needs none.)"""
    holes = level.terrain == 0
    for grid in level.background:
        holes &= grid == 0
    return holes


def load_layers(kind: str = "mine") -> list[pygame.Surface]:
    """The scenery layers of `kind` ("mine" or "town"; painted once per run: every screen
    shares them), or none while the art for them is not there."""
    return list(_painted(pygame.display.get_surface() is not None, kind))


def section_kind(level: Level, index: int) -> str:
    """Which scenery section `index` shows: "town" for a town map, else "mine"."""
    sections = level.sections
    music = sections[index].music if 0 <= index < len(sections) else "mine"
    if len(sections) <= 1 and music == "mine":  # a level built without sections' music
        music = str(level.properties.get("music", music))
    return "town" if music == "town" else "mine"


@lru_cache(maxsize=4)
def _painted(for_display: bool, kind: str = "mine") -> tuple[pygame.Surface, ...]:
    from game.render import parallax_art, pixelart

    if kind == "town":
        build = parallax_art.build_town_parallax
    else:
        build = getattr(pixelart, "build_parallax", None)
    if build is None:
        return ()
    layers = tuple(build())
    if for_display:
        layers = tuple(layer.convert_alpha() for layer in layers)
    return layers


class _LayerSet:
    """One scenery: its layers, their scroll factors and the colours above and below."""

    def __init__(self, layers: list[pygame.Surface]):
        self.layers = layers
        count = len(layers)
        self.factors = [
            FARTHEST_FACTOR + (NEAREST_FACTOR - FARTHEST_FACTOR) * i / max(1, count - 1)
            for i in range(count)
        ]
        # The farthest layer's top colour fills whatever is above its picture.
        self.sky = tuple(layers[0].get_at((0, 0)))[:3] if layers else (0, 0, 0)
        bottom = (0, layers[0].get_height() - 1) if layers else (0, 0)
        self.ground = tuple(layers[0].get_at(bottom))[:3] if layers else (0, 0, 0)


class Parallax:
    def __init__(
        self,
        level: Level,
        layers: list[pygame.Surface],
        view: tuple[int, int],
        town_layers: list[pygame.Surface] | None = None,
    ):
        self.level = level
        self.view = view
        self.holes = empty_background(level)
        kinds = [section_kind(level, i) for i in range(len(level.sections))] or ["mine"]
        if "town" in kinds and town_layers is None:
            town_layers = load_layers("town")
        sets = {"mine": _LayerSet(layers), "town": _LayerSet(town_layers or [])}
        self._by_section = [sets[kind] for kind in kinds]
        self._sections = len(level.sections)
        self._choose(0)

    def _choose(self, index: int) -> None:
        """Show section `index`'s scenery (and scroll it about that section's middle)."""
        index = min(max(index, 0), len(self._by_section) - 1)
        chosen = self._by_section[index]
        self.layers, self.factors = chosen.layers, chosen.factors
        self.sky, self.ground = chosen.sky, chosen.ground
        if 0 <= index < self._sections:
            rect = self.level.sections[index].rect
            self._middle = rect.y + (rect.h - self.view[1]) / 2
        else:
            self._middle = (self.level.pixel_height - self.view[1]) / 2

    def _choose_for(self, offset: tuple[int, int]) -> None:
        if len(self._by_section) > 1:
            cx, cy = offset[0] + self.view[0] // 2, offset[1] + self.view[1] // 2
            self._choose(self.level.section_at(cx, cy))

    @property
    def active(self) -> bool:
        return any(s.layers for s in self._by_section) and bool(self.holes.any())

    def visible(self, offset: tuple[int, int]) -> bool:
        """Whether any empty background cell is in view (otherwise skip the whole thing)."""
        if not self.active:
            return False
        self._choose_for(offset)
        if not self.layers:
            return False
        ts = self.level.tile_size
        ox, oy = offset
        r0, c0 = max(0, oy // ts), max(0, ox // ts)
        r1, c1 = (oy + self.view[1]) // ts + 1, (ox + self.view[0]) // ts + 1
        return bool(self.holes[r0:r1, c0:c1].any())

    def layer_positions(self, offset: tuple[int, int]) -> list[tuple[int, int]]:
        """Where each layer's left-most copy and top go on the canvas this frame."""
        self._choose_for(offset)
        ox, oy = offset
        middle = self._middle  # camera y at the middle of the map (the section) in view
        out = []
        for layer, factor in zip(self.layers, self.factors, strict=True):
            w, h = layer.get_size()
            x = -int(ox * factor) % w - w
            # Centred in the view when the camera is at the map's middle; above or below
            # that it slides the other way, slower than the tiles do.
            y = (self.view[1] - h) // 2 + int((middle - oy) * factor)
            out.append((x, y))
        return out

    def draw(self, canvas: pygame.Surface, offset: tuple[int, int]) -> None:
        positions = self.layer_positions(offset)
        canvas.fill(self.sky)
        far_bottom = positions[0][1] + self.layers[0].get_height()
        if far_bottom < self.view[1]:  # the far floor goes on below its picture
            canvas.fill(self.ground, (0, far_bottom, self.view[0], self.view[1] - far_bottom))
        blits = []
        for layer, (x, y) in zip(self.layers, positions, strict=True):
            w = layer.get_width()
            while x < self.view[0]:
                blits.append((layer, (x, y)))
                x += w
        canvas.fblits(blits)
