"""The plain `Level` the simulation and the renderer see; nothing here knows about Tiled."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np


class MapError(Exception):
    """A problem with a map file, phrased for the level designer.

    str(error) is one line: ``FILE: object ID (NAME): message`` when an object is at fault,
    ``FILE: message`` otherwise.
    """

    def __init__(self, path: str, message: str, obj_id: int | None = None, obj_name: str = ""):
        self.path = path
        self.message = message
        self.obj_id = obj_id
        self.obj_name = obj_name
        super().__init__(self.line())

    def line(self) -> str:
        if self.obj_id is not None:
            return f"{self.path}: object {self.obj_id} ({self.obj_name}): {self.message}"
        return f"{self.path}: {self.message}"


@dataclass(frozen=True)
class Rect:
    """An axis-aligned rectangle in pixels."""

    x: int
    y: int
    w: int
    h: int

    def contains(self, px: int, py: int) -> bool:
        return self.x <= px < self.x + self.w and self.y <= py < self.y + self.h


@dataclass(frozen=True)
class MinerSpec:
    obj_id: int
    name: str
    x: int  # feet position in pixels: centre x, bottom y
    y: int
    injured: bool = False
    last_out: bool = False  # Natasha: leaves only when nobody else of her chamber waits
    carrier: bool = False  # Goro: once reached, carries one injured miner out himself
    chamber: str = ""


@dataclass(frozen=True)
class CrackZoneSpec:
    obj_id: int
    name: str
    rect: Rect
    rate: int = 100  # rocks per minute at collapse stage 1; later stages multiply it


@dataclass(frozen=True)
class TileSource:
    """Where a tile's picture lives: an image file and the source rectangle in it."""

    image: str  # absolute path
    x: int
    y: int
    w: int
    h: int
    flip_x: bool = False
    flip_y: bool = False
    flip_d: bool = False


@dataclass
class Level:
    path: str
    name: str
    width: int  # in tiles
    height: int
    tile_size: int
    flags: np.ndarray  # (height, width) uint8: SOLID | ONE_WAY | BREAKABLE | BURNABLE
    terrain: np.ndarray  # (height, width) int32 gids of the collision layer, 0 = empty
    background: list[np.ndarray]  # gid layers drawn behind the terrain
    foreground: list[np.ndarray]  # gid layers drawn in front of everything
    tiles: dict[int, TileSource]  # gid -> picture
    tile_flags: dict[int, int]  # gid -> flags, for tiles the simulation may place (rubble)
    spawn: tuple[int, int]  # Naruto's feet in pixels
    exits: list[Rect]
    miners: list[MinerSpec]
    crack_zones: list[CrackZoneSpec]
    collapse_seconds: int = 240
    seed: int = 1
    quota: int = 0  # miners needed for Any%; 0 means all of them
    rubble_gid: int = 0  # gid placed where a falling rock comes to rest, 0 = rocks never settle
    properties: dict[str, object] = field(default_factory=dict)

    @property
    def pixel_width(self) -> int:
        return self.width * self.tile_size

    @property
    def pixel_height(self) -> int:
        return self.height * self.tile_size
