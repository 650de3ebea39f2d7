"""Triggers: rectangles that fire once, the first time Naruto's middle enters them.

floor_collapse drops every solid tile inside (everyone standing there falls); seal fills the
empty cells inside with rock (the mine mouth caving in behind him), leaving any cell a body
stands in; dialogue opens a dialogue box; multi_clone starts the Multi Shadow Clone's burst
of clones (poured out by `naruto.clone_burst`). A hint is the play screen's alone
(game/render/hints.py): it never fires, so a map's hints leave every run as it was.
"""

from __future__ import annotations

import numpy as np

from game.sim import dialogue, events
from game.sim.constants import SOLID, SUBPIXEL, TILE


def setup(world) -> None:
    """Fill `triggers_fired`, which `World.__init__` declares: one False per trigger."""
    world.triggers_fired = np.zeros(len(world.level.triggers), dtype=bool)


def update(world) -> None:
    cx, cy = world.naruto.center_px
    for i, trigger in enumerate(world.level.triggers):
        if trigger.event == "hint" or world.triggers_fired[i]:
            continue
        if not trigger.rect.contains(cx, cy):
            continue
        world.triggers_fired[i] = True
        r = trigger.area
        centre = (r.x + r.w // 2, r.y + r.h // 2)
        if trigger.event == "floor_collapse":
            _collapse_floor(world, r)
            world.events.append((events.FLOOR_COLLAPSE, *centre))
        elif trigger.event == "seal":
            _seal(world, r)
            world.events.append((events.SEAL, *centre))
        elif trigger.event == "dialogue":
            dialogue.open_box(world, trigger.text)
        elif trigger.event == "multi_clone":
            world.clone_burst += trigger.count


def _cells(world, rect):
    h, w = world.flags.shape
    for row in range(max(0, rect.y // TILE), min(h, (rect.y + rect.h + TILE - 1) // TILE)):
        for col in range(max(0, rect.x // TILE), min(w, (rect.x + rect.w + TILE - 1) // TILE)):
            yield row, col


def _collapse_floor(world, rect) -> None:
    for row, col in _cells(world, rect):
        if world.flags[row, col] & SOLID:
            world.set_tile(row, col, 0, 0)


def _seal(world, rect) -> None:
    gid = world.level.seal_gid or world.level.rubble_gid
    occupied = _occupied_cells(world)
    for row, col in _cells(world, rect):
        if world.flags[row, col] == 0 and (row, col) not in occupied:
            world.set_tile(row, col, gid, SOLID)


def _occupied_cells(world) -> set[tuple[int, int]]:
    """Cells any body overlaps: rock never closes over someone."""
    cells: set[tuple[int, int]] = set()
    n = world.naruto
    boxes = [(np.array([n.x]), np.array([n.y]), 10, 22)]
    for pool, w_px, h_px in ((world.clones, 10, 22), (world.miners, 10, 20)):
        boxes.append((pool.x[pool.alive], pool.y[pool.alive], w_px, h_px))
    for xs, ys, w_px, h_px in boxes:
        for x, y in zip(xs.tolist(), ys.tolist(), strict=True):
            x0, x1 = x // SUBPIXEL // TILE, (x // SUBPIXEL + w_px - 1) // TILE
            y0, y1 = y // SUBPIXEL // TILE, (y // SUBPIXEL + h_px - 1) // TILE
            cells.update((r, c) for r in range(y0, y1 + 1) for c in range(x0, x1 + 1))
    return cells
