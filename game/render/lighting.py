"""Light in the dark mine: a light map multiplied over the finished scene.

The light map is drawn at half the canvas resolution (cheap, and the soft 2x2 steps suit the
pixel art). Each frame it starts at the faint ambient colour, takes the view's part of a
pre-rendered map of the still lights (crystals, lanterns, daylight at the exits, open sky),
then adds the moving ones (helmet lamps, Naruto, lit braziers, fire, the Rasengan) as
pre-rendered radial gradients with additive blending. Scaled up, it is multiplied into the
canvas: where the map is white the scene shows as drawn, where it is dark the scene is dark.

A map that is not dark but has `ambient_light` below 100 (Boulder Town: 70, the underworld's
daylight) gets the same pass with a much brighter base (`ambient_colour`), so its lamps and
lit windows still glow warm in the dimmed town. In a Full Rescue the base is the section's
that Naruto is in; a section at full light skips the pass.
"""

from __future__ import annotations

import math
import os
from functools import lru_cache

import numpy as np
import pygame

from game.level.limits import MAX_MAP_BYTES, MAX_TILESET_BYTES, MAX_TILESETS, read_xml
from game.level.model import Level
from game.sim.constants import SUBPIXEL
from game.sim.pools import (
    CARRIED,
    CLONE_H,
    CLONE_W,
    MINER_H,
    MINER_W,
    NARUTO_H,
    NARUTO_W,
    WAITING,
    WALKING,
)
from game.sim.tuning import ROCK_MAX_FALL

SCALE = 2  # canvas pixels per light-map pixel
AMBIENT = (26, 23, 36)  # the mine with no light at all: shapes barely there, a cold tint
BANDS = 10  # light falls off in this many steps: soft, but still pixel art

RGB = tuple[int, int, int]

# Lights by tile name: colour and radius in pixels.
TILE_LIGHTS: dict[str, tuple[RGB, int]] = {
    "crystal": ((80, 190, 220), 44),
    "lantern": ((255, 186, 104), 60),
    "daylight": ((255, 244, 214), 88),
    "sky": ((255, 250, 236), 40),  # outdoors, beyond the mine mouth
    "mountain": ((255, 250, 236), 40),
    # Boulder Town (assets/tiles/town_tiles.tsx): warm street lamps and lit windows
    "lamp": ((255, 156, 64), 64),
    "window_lit": ((255, 146, 58), 40),
}
EXIT_LIGHT: tuple[RGB, int] = ((255, 240, 200), 104)
# Cells with no background show the far cavern (the parallax): a little light, so its
# shapes and glints read as distance rather than as a hole in the world.
FAR_CAVERN: tuple[RGB, int] = ((30, 28, 36), 24)  # overlapping cells add up

NARUTO_GLOW: tuple[RGB, int] = ((120, 100, 80), 40)  # faint: enough to see him by
LAMP_COLOUR: RGB = (255, 236, 184)
LAMP_REACH = 84  # how far a helmet lamp's beam goes, px
LAMP_POOL: tuple[RGB, int] = ((150, 136, 108), 22)  # the spill around the lamp itself
BRAZIER_COLOUR: RGB = (255, 168, 76)
RASENGAN_GLOW: tuple[RGB, int] = ((90, 150, 255), 52)
# The shaft's slow stones carry a cold sheen of ore: the player aims jumps at them in the
# dark, and a falling rock that only shows up in a lamp's beam is a trap, not a step.
STEPPING_STONE_GLOW: tuple[RGB, int] = ((96, 130, 170), 26)
# Each shadow clone's chakra: a faint blue halo, so clones read as shapes in the dark (not a
# light to see by: a quarter as bright as a lamp's pool, and small).
CLONE_GLOW: tuple[RGB, int, int] = ((70, 96, 150), 14, 4)
FLASHES: dict[str, tuple[RGB, int, int]] = {  # event -> colour, radius, ticks
    "fire": ((255, 190, 96), 110, 24),
    "ignite": ((255, 200, 120), 70, 20),
    "burn": ((255, 150, 60), 44, 60),
    "rasengan": ((120, 180, 255), 64, 10),
    "break": ((255, 220, 170), 36, 6),
    # A floor giving way or the mouth sealing: a dull glow on the dust, so the cave-in reads
    # in the dark (the dust and stones are drawn under the darkness).
    "floor_collapse": ((150, 130, 104), 120, 70),
    "seal": ((150, 130, 104), 100, 60),
}
CAVE_IN_GLOW: tuple[RGB, int, int] = ((150, 130, 104), 150, 90)  # the final cave-in, likewise
LEVELS = 8  # flash intensities are drawn in this many steps
# Flashing effects off (the `flashing` setting): a flash is at most this bright, this big.
SOFT_FLASH_LEVELS = 3
SOFT_FLASH_RADIUS = 0.6


# --- how bright each map (section) of the level is ----------------------------------------


def _section_light(level: Level, index: int) -> tuple[bool, int]:
    """(dark, ambient_light) of `level.sections[index]`; a single map also reads the level's
    own flag and properties (levels built in code carry them there)."""
    sections = level.sections
    if not 0 <= index < len(sections):
        return bool(level.dark), 100
    section = sections[index]
    dark, ambient = bool(section.dark), int(section.ambient_light)
    if len(sections) == 1:
        dark = dark or bool(level.dark)
        if ambient == 100:
            raw = level.properties.get("ambient_light", 100)
            try:
                ambient = int(raw) if isinstance(raw, (int, float, str)) else 100
            except ValueError:
                ambient = 100
    return dark, max(0, min(100, ambient))


def ambient_colour(level: Level, index: int) -> RGB | None:
    """The light map's base for section `index`: the mine's faint AMBIENT when it is dark, a
    grey of its `ambient_light` percent when dimmed, None at full light (no pass at all)."""
    dark, ambient = _section_light(level, index)
    if dark:
        return AMBIENT
    if ambient >= 100:
        return None
    level_255 = 255 * ambient / 100
    tint = (1.0, 0.97, 0.98)  # a breath cooler than white: the lamps' warmth reads against it
    r, g, b = (max(low, round(level_255 * t)) for low, t in zip(AMBIENT, tint, strict=True))
    return (r, g, b)


def needs_lighting(level: Level) -> bool:
    """Whether any part of the level is drawn dark or dimmed (SceneRenderer makes a Lighting)."""
    count = max(1, len(level.sections))
    return any(ambient_colour(level, i) is not None for i in range(count))


# --- tile names (the loader keeps pictures, not names: read them once from the tilesets) ---


def tile_names(level: Level) -> dict[int, str]:
    """gid -> the tile's `name` property, found by matching each gid's picture (image file
    and position) with the tilesets the map refers to. Empty if the map file is not there."""
    by_picture = _names_by_picture(level.path)
    names = {}
    for gid, source in level.tiles.items():
        name = by_picture.get((os.path.abspath(source.image), source.x, source.y))
        if name:
            names[gid] = name
    return names


def _names_by_picture(map_path: str) -> dict[tuple[str, int, int], str]:
    """Read through the loader's gate and limits; a file the loader would refuse (or one that
    changed since it loaded) gives no names rather than an error: light is not worth a crash."""
    try:
        root = read_xml(map_path, MAX_MAP_BYTES, "map")
    except ValueError:  # UnreadableFile, MissingFile
        return {}
    out: dict[tuple[str, int, int], str] = {}
    base = os.path.dirname(os.path.abspath(map_path))
    for element in list(root.iter("tileset"))[:MAX_TILESETS]:
        source = element.get("source")
        folder = base
        if source:
            path = os.path.join(base, source)
            try:
                element = read_xml(path, MAX_TILESET_BYTES, "tileset")
            except ValueError:
                continue
            folder = os.path.dirname(path)
        try:
            out.update(_tileset_names(element, folder))
        except ValueError:  # a size or id that is not a number: no names from this tileset
            continue
    return out


def _tileset_names(tileset, folder: str) -> dict[tuple[str, int, int], str]:
    tile_w = int(tileset.get("tilewidth", 16))
    tile_h = int(tileset.get("tileheight", 16))
    columns = int(tileset.get("columns", 0) or 0)
    margin = int(tileset.get("margin", 0))
    spacing = int(tileset.get("spacing", 0))
    image = tileset.find("image")
    sheet = ""
    if image is not None:
        sheet = os.path.normpath(os.path.join(folder, image.get("source", "")))
    out = {}
    for tile in tileset.findall("tile"):
        name = next(
            (p.get("value", "") for p in tile.iter("property") if p.get("name") == "name"), ""
        )
        if not name:
            continue
        own = tile.find("image")
        if own is not None:  # an image-collection tileset: the whole picture is the tile
            out[(os.path.normpath(os.path.join(folder, own.get("source", ""))), 0, 0)] = name
        elif columns:
            tid = int(tile.get("id", 0))
            x = margin + (tid % columns) * (tile_w + spacing)
            y = margin + (tid // columns) * (tile_h + spacing)
            out[(sheet, x, y)] = name
    return out


# --- gradients ---------------------------------------------------------------------------------


@lru_cache(maxsize=256)
def radial(colour: RGB, radius: int, level: int = LEVELS) -> pygame.Surface:
    """A round light of `radius` light-map pixels, `level`/LEVELS bright, for BLEND_RGB_ADD."""
    radius = max(1, radius)
    size = radius * 2
    ys, xs = np.mgrid[0:size, 0:size] + 0.5 - radius
    t = np.clip(1.0 - np.hypot(xs, ys) / radius, 0.0, 1.0)
    return _to_light(t * t * (3 - 2 * t), colour, level / LEVELS)  # smoothstep: no hard rim


@lru_cache(maxsize=16)
def cone(colour: RGB, reach: int, facing: int) -> pygame.Surface:
    """A helmet lamp's beam, `reach` light-map pixels long, its apex at the middle of the
    edge it points away from (left edge when facing right)."""
    height = max(2, reach)
    ys, xs = np.mgrid[0:height, 0:reach] + 0.5
    ys = ys - height / 2
    spread = np.abs(np.arctan2(ys, xs))
    half_angle = math.radians(26)
    along = np.clip(1.0 - np.hypot(xs, ys) / reach, 0.0, 1.0)
    across = np.clip(1.0 - spread / half_angle, 0.0, 1.0)
    surface = _to_light(np.sqrt(along) * across**0.5, colour, 1.0)
    return surface if facing >= 0 else pygame.transform.flip(surface, True, False)


def _plain(size: tuple[int, int]) -> pygame.Surface:
    surface = pygame.Surface(size)
    return surface.convert() if pygame.display.get_surface() is not None else surface


def _to_light(t: np.ndarray, colour: RGB, strength: float) -> pygame.Surface:
    t = np.floor(t * BANDS + 0.5) / BANDS  # stepped fall-off: bands, not a smear
    rgb = (t[..., None] * np.array(colour, dtype=np.float64) * strength).astype(np.uint8)
    surface = pygame.surfarray.make_surface(np.ascontiguousarray(rgb.transpose(1, 0, 2)))
    if pygame.display.get_surface() is not None:
        surface = surface.convert()
    return surface


# --- the renderer ------------------------------------------------------------------------------


class Lighting:
    """Darkness and light for one dark level. `draw` multiplies it into a finished frame."""

    def __init__(self, level: Level, view: tuple[int, int], holes: np.ndarray | None = None):
        self.level = level
        self.view = view
        self.map = _plain((view[0] // SCALE + 2, view[1] // SCALE + 2))
        self.full = _plain((self.map.get_width() * SCALE, self.map.get_height() * SCALE))
        names = tile_names(level)
        self._light_of_gid = {gid: TILE_LIGHTS[n] for gid, n in names.items() if n in TILE_LIGHTS}
        count = max(1, len(level.sections))
        self._ambient = [ambient_colour(level, i) for i in range(count)]
        self._static_cells = self._fixed_light_cells(holes)
        self._terrain_key: bytes = b""
        self._static: pygame.Surface | None = None
        self._version = -1
        self.flashes: list[list] = []  # [x_px, y_px, colour, radius, ticks_left, ticks_total]
        self.flashing = True  # the player's setting: False keeps flashes small and dim

    # --- still lights ---------------------------------------------------------------------
    def _fixed_light_cells(self, holes: np.ndarray | None) -> list[tuple[int, int, RGB, int]]:
        ts = self.level.tile_size
        cells = []
        for grid in [*self.level.background, *self.level.foreground]:
            cells += self._cells_of(grid)
        if holes is not None:
            colour, radius = FAR_CAVERN
            # only in the dark: a dimmed town's far scenery is as lit as its streets
            holes = holes & self._dark_columns()[None, : holes.shape[1]]
            for row, col in np.argwhere(holes).tolist():
                cells.append((col * ts + ts // 2, row * ts + ts // 2, colour, radius))
        colour, radius = EXIT_LIGHT
        for rect in self.level.exits:
            cells.append((rect.x + rect.w // 2, rect.y + rect.h // 2, colour, radius))
        return cells

    def _dark_columns(self) -> np.ndarray:
        """Per tile column: whether the section it lies in is dark."""
        ts = self.level.tile_size
        columns = np.ones(self.level.width, dtype=bool)
        sections = self.level.sections
        if len(sections) > 1:
            for i, section in enumerate(sections):
                c0 = section.rect.x // ts
                c1 = -(-(section.rect.x + section.rect.w) // ts)
                columns[c0:c1] = self._ambient[i] == AMBIENT
        else:
            columns[:] = self._ambient[0] == AMBIENT
        return columns

    def _cells_of(self, grid: np.ndarray) -> list[tuple[int, int, RGB, int]]:
        if not self._light_of_gid:
            return []
        ts = self.level.tile_size
        lit = np.isin(grid, list(self._light_of_gid))
        out = []
        for row, col in np.argwhere(lit).tolist():
            colour, radius = self._light_of_gid[int(grid[row, col])]
            out.append((col * ts + ts // 2, row * ts + ts // 2, colour, radius))
        return out

    def _sync_static(self, world) -> None:
        """Redraw the still-light map when the terrain's light tiles change (or at first)."""
        if self._static is not None and world.tiles_version == self._version:
            return
        self._version = world.tiles_version
        cells = self._cells_of(world.terrain)
        key = repr(cells).encode()
        if self._static is not None and key == self._terrain_key:
            return
        self._terrain_key = key
        level = self.level
        static = _plain((level.pixel_width // SCALE + 1, level.pixel_height // SCALE + 1))
        static.fill((0, 0, 0))
        blits = []
        for x, y, colour, radius in self._static_cells + cells:
            r = radius // SCALE
            blits.append((radial(colour, r), (x // SCALE - r, y // SCALE - r)))
        static.fblits(blits, pygame.BLEND_RGB_ADD)
        self._static = static

    # --- time ----------------------------------------------------------------------------
    def observe(self, events) -> None:
        """Start a flash for every fire, ignition, burn or strike; fade the running ones."""
        for flash in self.flashes:
            flash[4] -= 1
        self.flashes = [f for f in self.flashes if f[4] > 0]
        for kind, x, y in events:
            spec = FLASHES.get(kind)
            if spec is not None:
                colour, radius, ticks = spec
                self.flashes.append([x, y, colour, radius, ticks, ticks])

    def cave_in(self, x: int, y: int) -> None:
        """The final cave-in (game/render/scene.py): its dust lit around map pixel (x, y)."""
        colour, radius, ticks = CAVE_IN_GLOW
        self.flashes.append([x, y, colour, radius, ticks, ticks])

    def clear(self) -> None:
        self.flashes = []

    # --- drawing ---------------------------------------------------------------------------
    def draw(
        self, canvas: pygame.Surface, world, offset: tuple[int, int], clock: int, pos=None
    ) -> None:
        """`pos` (game/render/scene.py's Positions): where this frame draws the bodies, so
        their lights go with them between ticks; None: where they are."""
        index = getattr(world, "section", 0)
        base = self._ambient[index] if 0 <= index < len(self._ambient) else self._ambient[0]
        if base is None:
            return  # this map is at full light
        self._sync_static(world)
        ox, oy = offset
        # Light-map pixel (0, 0) sits at canvas (-sx, -sy): whole light pixels, so the
        # map does not swim against the tiles when the camera moves one pixel at a time.
        lx, ly = ox // SCALE, oy // SCALE
        shift = (ox - lx * SCALE, oy - ly * SCALE)
        light = self.map
        light.fill(base)
        light.blit(self._static, (0, 0), (lx, ly, *light.get_size()), pygame.BLEND_RGB_ADD)
        blits = self._dynamic_blits(world, lx, ly, clock, pos)
        light.fblits(blits, pygame.BLEND_RGB_ADD)
        pygame.transform.scale(light, self.full.get_size(), self.full)
        canvas.blit(self.full, (0, 0), (*shift, *self.view), pygame.BLEND_RGB_MULT)

    def _dynamic_blits(self, world, lx: int, ly: int, clock: int, pos=None) -> list:
        out: list = []
        w, h = self.map.get_size()

        def add(surface: pygame.Surface, x: int, y: int) -> None:
            """A light with its top-left at map pixel (x, y), if it reaches the view."""
            sx, sy = x // SCALE - lx, y // SCALE - ly
            if sx < w and sy < h and sx + surface.get_width() > 0 and sy + surface.get_height() > 0:
                out.append((surface, (sx, sy)))

        def glow(colour: RGB, radius: int, x: int, y: int, level: int = LEVELS) -> None:
            r = max(1, radius // SCALE)
            add(radial(colour, r, level), x - r * SCALE, y - r * SCALE)

        n = world.naruto
        nx, ny = (n.x, n.y) if pos is None else (pos.naruto_x, pos.naruto_y)
        cx, cy = nx // SUBPIXEL + NARUTO_W // 2, ny // SUBPIXEL + NARUTO_H // 2
        glow(*NARUTO_GLOW, cx, cy)
        if n.rasengan > 0:
            glow(*RASENGAN_GLOW, cx + n.facing * 14, cy + 2)
        self._brazier_glows(world, glow, clock)
        self._stepping_stone_glows(world, glow, pos)
        for x, y, colour, radius, left, total in self.flashes:
            level = max(1, -(-LEVELS * left // total))
            if not self.flashing:
                level = max(1, -(-SOFT_FLASH_LEVELS * left // total))
                radius = int(radius * SOFT_FLASH_RADIUS)
            glow(colour, radius, x, y, level)
        self._lamp_blits(world, add, glow, pos)
        self._clone_glows(world, add, lx, ly, pos)
        return out

    def _clone_glows(self, world, add, lx: int, ly: int, pos=None) -> None:
        """A faint chakra halo on every clone in view (one cached light, culled with numpy)."""
        c = world.clones
        if not c.count:
            return
        colour, radius, level = CLONE_GLOW
        r = radius // SCALE
        halo = radial(colour, r, level)
        cx, cy = (c.x, c.y) if pos is None else (pos.clone_x, pos.clone_y)
        alive = np.flatnonzero(c.alive)
        x = cx[alive] // SUBPIXEL + CLONE_W // 2 - r * SCALE
        y = cy[alive] // SUBPIXEL + CLONE_H // 2 - r * SCALE
        w, h = self.map.get_size()
        sx, sy = x // SCALE - lx, y // SCALE - ly
        inside = (sx < w) & (sy < h) & (sx > -2 * r) & (sy > -2 * r)
        for px, py in zip(x[inside].tolist(), y[inside].tolist(), strict=True):
            add(halo, px, py)

    def _brazier_glows(self, world, glow, clock: int) -> None:
        lit = world.braziers_lit
        for i, brazier in enumerate(self.level.braziers):
            if i < len(lit) and lit[i]:
                # A flame breathes: the radius wavers a few px, out of step between braziers.
                wobble = (clock // 4 + i * 3) % 6
                radius = brazier.radius - (0, 2, 4, 6, 4, 2)[wobble]
                glow(BRAZIER_COLOUR, radius, brazier.x, brazier.y - 12)

    def _stepping_stone_glows(self, world, glow, pos=None) -> None:
        r = world.rocks
        rx, ry = (r.x, r.y) if pos is None else (pos.rock_x, pos.rock_y)
        slow = np.flatnonzero(r.alive & (r.max_fall < ROCK_MAX_FALL))
        size = r.size[slow].astype(np.int32)
        centre_x = (rx[slow] // SUBPIXEL + size // 2).tolist()
        centre_y = (ry[slow] // SUBPIXEL + size // 2).tolist()
        for x, y in zip(centre_x, centre_y, strict=True):
            glow(*STEPPING_STONE_GLOW, x, y)

    def _lamp_blits(self, world, add, glow, pos=None) -> None:
        """Every miner still in the mine carries a helmet lamp that lights what they face."""
        m = world.miners
        shown = np.flatnonzero(
            m.alive & ((m.state == WAITING) | (m.state == WALKING) | (m.state == CARRIED))
        )
        if len(shown) == 0:
            return
        mx, my = (m.x, m.y) if pos is None else (pos.miner_x, pos.miner_y)
        head_x = (mx[shown] // SUBPIXEL + MINER_W // 2).tolist()
        head_y = (my[shown] // SUBPIXEL + MINER_H - 19).tolist()
        facing = m.facing[shown].tolist()
        state = m.state[shown].tolist()
        down = m.fainted[shown].tolist()
        reach = LAMP_REACH // SCALE
        beams = {1: cone(LAMP_COLOUR, reach, 1), -1: cone(LAMP_COLOUR, reach, -1)}
        for x, y, face, st, lying in zip(head_x, head_y, facing, state, down, strict=True):
            glow(*LAMP_POOL, x, y)
            if st == CARRIED or lying:
                continue  # a lamp on someone lying down points at the rock: only its pool
            side = 1 if face >= 0 else -1
            beam = beams[side]
            left = x + side * 3 if side > 0 else x - 3 - reach * SCALE
            add(beam, left, y - reach * SCALE // 2 + 4)
