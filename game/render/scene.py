"""Draws a world: scenery, tiles, cracks, braziers, exits, miners, clones, Naruto, rocks,
particles, chasms, foreground, then the darkness and its lights, and the rescued names.

Hundreds of clones and rocks are drawn without a Python loop over game logic: numpy picks
each entity's animation frame and screen position, culls to the view, and one `fblits` call
draws the batch. Every frame (both facings, clone tint included) is prepared once up front.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

import numpy as np
import pygame

from game.level.model import Level
from game.render.camera import Camera, section_bounds
from game.render.dialogue import wrap
from game.render.effects import STAGE_SHAKE, Effects, NameTags
from game.render.lighting import Lighting, needs_lighting
from game.render.parallax import Parallax, load_layers
from game.render.text import font
from game.render.tilemap import TilemapRenderer
from game.sim.constants import SOLID, SUBPIXEL
from game.sim.events import RESPAWN
from game.sim.pools import (
    CARRIED,
    CLONE_H,
    CLONE_W,
    CRATE_H,
    CRATE_W,
    GUARD_H,
    GUARD_W,
    LOST,
    MINER_H,
    MINER_W,
    NARUTO_H,
    NARUTO_W,
    NONE,
    ROCK_SIZE_SMALL,
    WAITING,
    WALKING,
)

VIEW_W, VIEW_H = 640, 360
CULL_MARGIN = 48  # px beyond the view an anchor may be and still show part of its sprite

# Animations of Naruto and his clones, in table order, with ticks per frame.
FIGHTER_ANIMS = (
    *("idle", "run", "jump", "fall", "wall", "carry", "rasengan", "stun"),
    *("fire", "boost"),  # Naruto's alone: clones never breathe fire or boost
)
IDLE, RUN, JUMP, FALL, WALL, CARRY, RASENGAN, STUN, FIRE, BOOST = range(len(FIGHTER_ANIMS))
FIGHTER_SPEED = (10, 4, 6, 6, 5, 5, 3, 6, 4, 4)
FIRE_POSE_TICKS = 12  # Naruto holds the fire-ignition pose this long after breathing fire
CHASM_FADE_PX = 56  # a chasm goes from see-through to black over this depth
CHASM_COLOUR = (4, 3, 8)
# How much of a crack shows through the dark, by collapse stage (alpha over the lit frame).
CRACK_THROUGH_DARK = (70, 110, 160, 210)
BRAZIER_FLICKER = 5  # ticks per flame frame
MINER_ANIMS = ("idle", "walk", "injured", "carried", "fainted", "carry")
MINER_SPEED = {"idle": 14, "walk": 6, "injured": 16, "carried": 10, "fainted": 20, "carry": 6}

RUN_THRESHOLD = SUBPIXEL // 8  # slower than 1/8 px per tick looks like standing still
CLONE_TINT = (26, 30, 58)  # added to clone frames: a touch lighter and bluer than Naruto
MARKER_COLOR = (255, 214, 90)
HANDS_SINK = 3  # a carried body rests this many px into the carrier's raised hands
# A frame drawn between two ticks draws each body between its two positions; one that moved
# further than this in a tick (sub-pixels, either axis; the fastest fall is ~6 px a tick) was
# put somewhere (a respawn, a slot taken by a new body) and is drawn where it is.
TELEPORT_SUB = 24 * SUBPIXEL
# Boulder Town: the guards' animations, the townsfolk's, and how they are drawn.
GUARD_ANIMS = ("idle", "braced", "walk")
GUARD_SPEED = (20, 4, 6)
GUARD_STEP_TICKS = 24  # an aside guard walks this long (guards.ASIDE_TICKS), then stands
ASIDE_SHADE = (150, 150, 165)  # multiplied into guards that stepped aside: they recede
FOLK_ANIMS = ("idle", "cheer")
FOLK_SPEED = (24, 10)
FOLK_LOOK_DEFAULT = "folk"
HOP_TICKS = 20  # one hop of a cheering townsperson
HOP_PX = 3
BUBBLE_TICKS = 240  # a townsperson's line shows this long after they react (4 s)
BUBBLE_WRAP_PX = 160
BUBBLE_PAPER = (250, 244, 226)
BUBBLE_EDGE = (40, 28, 24)
BUBBLE_INK = (34, 24, 22)
DISGUISE_MARKER_LIFT = 8  # the helmet is taller than Naruto's hair: the chevron goes higher


class FrameTable:
    """One character's animations as a flat frame list, both facings, for numpy lookup.

    `base[anim, side]` is the first key of an animation (side 0 faces right, 1 left);
    `count[anim]` its length; `off_x/off_y[key]` move the feet anchor to the frame's
    top-left corner.
    """

    def __init__(
        self,
        bank,
        prefix: str,
        anims: Sequence[str],
        tint=None,
        fallback="idle",
        blend: int = pygame.BLEND_RGB_ADD,
    ):
        self.surfaces: list[pygame.Surface] = []
        offsets: list[tuple[int, int]] = []
        self.base = np.zeros((len(anims), 2), dtype=np.int32)
        self.count = np.ones(len(anims), dtype=np.int32)
        for a, anim in enumerate(anims):
            name = f"{prefix}_{anim}"
            if name not in bank:
                name = f"{prefix}_{fallback}"
            frames = bank.frames(name)
            self.count[a] = len(frames)
            for side, facing in enumerate((1, -1)):
                self.base[a, side] = len(self.surfaces)
                for index in range(len(frames)):
                    frame = bank.get(name, index, facing)
                    if tint is not None:
                        frame = frame.copy()
                        frame.fill(tint, special_flags=blend)
                    self.surfaces.append(frame)
                    offsets.append((-(frame.get_width() // 2), -frame.get_height()))
        offs = np.array(offsets, dtype=np.int32).reshape(-1, 2)
        self.off_x, self.off_y = offs[:, 0].copy(), offs[:, 1].copy()

    def keys(self, anim: np.ndarray, facing: np.ndarray, age: np.ndarray, speed) -> np.ndarray:
        side = (facing < 0).astype(np.int32)
        frame = (age // np.asarray(speed, dtype=np.int32)[anim]) % self.count[anim]
        return self.base[anim, side] + frame

    def blits(self, keys: np.ndarray, feet_x: np.ndarray, feet_y: np.ndarray) -> list:
        """(surface, top-left) pairs for anchors already in screen pixels, culled to the view."""
        x = feet_x + self.off_x[keys]
        y = feet_y + self.off_y[keys]
        inside = (x > -CULL_MARGIN) & (x < VIEW_W) & (y > -CULL_MARGIN) & (y < VIEW_H)
        surfaces = self.surfaces
        ks, xs, ys = keys[inside].tolist(), x[inside].tolist(), y[inside].tolist()
        return [(surfaces[k], (px, py)) for k, px, py in zip(ks, xs, ys, strict=True)]


def fighter_anims(on_ground, on_wall, vx, vy, carrying) -> np.ndarray:
    """Animation per clone from its columns (Naruto uses the same rules plus his jutsu)."""
    anim = np.where(np.abs(vx) > RUN_THRESHOLD, RUN, IDLE)
    anim = np.where(on_ground, anim, np.where(vy < 0, JUMP, FALL))
    anim = np.where(on_wall != 0, WALL, anim)
    return np.where(carrying >= 0, CARRY, anim).astype(np.int32)


# The figures for the two roles a map can give a miner. The sprites are drawn for the
# story's doctor and chief, but whoever the map gives the property wears them, whatever
# their name: a designer's own doctor or chief is drawn right, a plain "Natasha" plainly.
DOCTOR_LOOK = "natasha"  # a `last_out` miner
CHIEF_LOOK = "goro"  # a `carrier` miner
PLAIN_LOOKS = ("miner", "miner2", "miner3")


def miner_set(last_out: bool, carrier: bool, name_id: int) -> str:
    """The figure a miner is drawn with, from their map properties, never their name.
    A carrier who is also last_out acts as a carrier (see sim/miners.py), so looks one."""
    if carrier:
        return CHIEF_LOOK
    if last_out:
        return DOCTOR_LOOK
    return PLAIN_LOOKS[name_id % len(PLAIN_LOOKS)]


def miner_look(world, i: int) -> str:
    """The figure for miner slot `i` of a world."""
    m = world.miners
    return miner_set(bool(m.last_out[i]), bool(m.carrier[i]), int(m.name_id[i]))


def miner_looks(world) -> dict[str, str]:
    """Each of a world's miners by name, with their figure (the first of a repeated name)."""
    m, looks = world.miners, {}
    for i in range(world.total_miners):
        looks.setdefault(world.miner_names[int(m.name_id[i])], miner_look(world, i))
    return looks


class Snapshot:
    """The positions the scene draws of one tick, copied after it: where a frame drawn
    before the next tick starts from. Presentation only: the world is read, never written."""

    def __init__(self, world, camera: Camera, clock: int):
        self.world = world
        self.clock = clock  # the renderer's tick count when taken
        n = world.naruto
        self.naruto = (int(n.x), int(n.y))
        self.camera = (camera.center_x, camera.center_y)
        self.clones = _columns(world.clones)
        self.miners = _columns(world.miners)
        self.rocks = _columns(world.rocks)
        self.crates = _columns(world.crates)
        self.guards = _columns(world.guards)


def _columns(pool) -> tuple:
    """A pool with no `age` column (crates: a slot is never reused) keeps None for it."""
    age = pool.age.copy() if hasattr(pool, "age") else None
    return pool.alive.copy(), age, pool.x.copy(), pool.y.copy()


class Positions:
    """Where a frame draws the bodies (map sub-pixels) and the camera's centre: the world's
    own columns on a tick (alpha 1), else between the previous tick's and the last tick's."""

    def __init__(self, naruto, clones, miners, rocks, camera, crates=None, guards=None):
        self.naruto_x, self.naruto_y = naruto
        self.clone_x, self.clone_y = clones
        self.miner_x, self.miner_y = miners
        self.rock_x, self.rock_y = rocks
        self.camera = camera
        # Boulder Town's pools (None: drawn where they are)
        self.crate_x, self.crate_y = crates if crates is not None else (None, None)
        self.guard_x, self.guard_y = guards if guards is not None else (None, None)

    @classmethod
    def of(cls, world, camera: Camera) -> Positions:
        n, c, m, r = world.naruto, world.clones, world.miners, world.rocks
        k, g = world.crates, world.guards
        return cls(
            (n.x, n.y),
            (c.x, c.y),
            (m.x, m.y),
            (r.x, r.y),
            (camera.center_x, camera.center_y),
            (k.x, k.y),
            (g.x, g.y),
        )

    @classmethod
    def between(cls, before: Snapshot, world, camera: Camera, alpha: float) -> Positions:
        n = world.naruto
        if world.events and any(event[0] == RESPAWN for event in world.events):
            naruto = (n.x, n.y)
        else:
            bx, by = before.naruto
            naruto = _lerp_one(bx, by, n.x, n.y, alpha)
        bx, by = before.camera
        centre = (
            bx + (camera.center_x - bx) * alpha,
            by + (camera.center_y - by) * alpha,
        )
        return cls(
            naruto,
            _lerp_pool(before.clones, world.clones, alpha),
            _lerp_pool(before.miners, world.miners, alpha),
            _lerp_pool(before.rocks, world.rocks, alpha),
            centre,
            _lerp_pool(before.crates, world.crates, alpha),
            _lerp_pool(before.guards, world.guards, alpha),
        )


def _lerp_one(x0: int, y0: int, x1: int, y1: int, alpha: float) -> tuple[int, int]:
    dx, dy = int(x1) - x0, int(y1) - y0
    if abs(dx) > TELEPORT_SUB or abs(dy) > TELEPORT_SUB:
        return int(x1), int(y1)
    return x0 + math.floor(dx * alpha), y0 + math.floor(dy * alpha)


def _lerp_pool(before, pool, alpha: float) -> tuple[np.ndarray, np.ndarray]:
    """A pool's x/y columns between two ticks. A slot that was not the same living body on
    both (born, died, or taken by a new one: its age did not go up by one) or that jumped
    is drawn where it is now."""
    alive0, age0, x0, y0 = before
    if len(x0) != len(pool.x):
        return pool.x, pool.y
    dx = pool.x.astype(np.int64) - x0
    dy = pool.y.astype(np.int64) - y0
    same = alive0 & pool.alive
    if age0 is not None:
        same &= pool.age == age0 + 1
    same &= (np.abs(dx) <= TELEPORT_SUB) & (np.abs(dy) <= TELEPORT_SUB)
    x = np.where(same, x0 + np.floor(dx * alpha).astype(np.int64), pool.x)
    y = np.where(same, y0 + np.floor(dy * alpha).astype(np.int64), pool.y)
    return x.astype(pool.x.dtype), y.astype(pool.y.dtype)


class SceneRenderer:
    def __init__(self, level: Level, sprites, view: tuple[int, int] = (VIEW_W, VIEW_H)):
        self.level = level
        self.sprites = sprites
        self.view = view
        self.parallax = Parallax(level, load_layers(), view)
        holes = self.parallax.holes if self.parallax.active else None
        self.tilemap = TilemapRenderer(level, holes)
        self.lighting = Lighting(level, view, holes) if needs_lighting(level) else None
        self.camera = Camera(view[0], view[1], level.pixel_width, level.pixel_height)
        self.effects = Effects(sprites)
        self.tags = NameTags()
        self.screen_shake = True  # the player's setting: False keeps the view still
        # The top-left map pixel of the last frame drawn, shake included: what is drawn over
        # the scene (the F3 overlay) uses it to stay on the same tiles.
        self.view_offset = (0, 0)
        self.naruto_frames = FrameTable(sprites, "naruto", FIGHTER_ANIMS)
        self.clone_frames = FrameTable(sprites, "clone", FIGHTER_ANIMS, tint=CLONE_TINT)
        self.miner_frames = {
            prefix: FrameTable(sprites, prefix, MINER_ANIMS)
            for prefix in ("natasha", "goro", "miner", "miner2", "miner3")
            if f"{prefix}_idle" in sprites
        }
        self.rock_frames = {
            size: FrameTable(sprites, "rock", (size,), fallback=size) for size in ("small", "large")
        }
        # Boulder Town: guards (standing, and darker once aside), the commander, Naruto in
        # disguise, the townsfolk by look, the crates.
        self.disguise_frames = (
            FrameTable(sprites, "disguise", FIGHTER_ANIMS) if "disguise_idle" in sprites else None
        )
        self.guard_frames: dict[tuple[str, bool], FrameTable] = {}
        for who in ("guard", "commander"):
            if f"{who}_idle" in sprites:
                self.guard_frames[who, False] = FrameTable(sprites, who, GUARD_ANIMS)
                self.guard_frames[who, True] = FrameTable(
                    sprites, who, GUARD_ANIMS, tint=ASIDE_SHADE, blend=pygame.BLEND_RGB_MULT
                )
        self.folk_frames = {
            look: FrameTable(sprites, look, FOLK_ANIMS)
            for look in ("folk", "folk2", "child", "vache", "oleg")
            if f"{look}_idle" in sprites
        }
        self.crate_frames = (
            FrameTable(sprites, "crate", ("box", "carried"), fallback="box")
            if "crate_box" in sprites
            else None
        )
        self._bubbles: dict[int, pygame.Surface] = {}
        self._marker = _marker_surface()
        # Height of the raised hands above the feet in each carrier's carry pose.
        self._hands = {who: _hands_height(sprites, f"{who}_carry") for who in ("clone", "goro")}
        self._chasms = [(c.rect, _chasm_surface(c.rect.w, c.rect.h)) for c in level.chasms]
        self._cracks = _crack_spots(level, sprites)
        self._faded_cracks: dict[int, pygame.Surface] = {}
        self._areas = [
            (t.event, t.rect) for t in level.triggers if t.event in ("floor_collapse", "seal")
        ]
        self._clone_boost = "clone_boost" in sprites
        self._snapped = False
        self._clock = 0  # ticks observed, drives the glow and the marker
        self._fire_pose = 0  # ticks left in Naruto's fire-ignition pose
        self._boosting = False  # in a chakra-boosted leap: the boost pose until he lands
        self._stage = 1
        # The final cave-in (the collapse timer ran out): shown once, then rubble stays where
        # the miners still inside were (map px of their feet). Presentation only.
        self._caved_in = False
        self._buried: list[tuple[int, int]] = []
        # The last tick's positions and the one's before it: a frame drawn between two
        # ticks (alpha < 1) draws each body between them.
        self._latest: Snapshot | None = None
        self._before: Snapshot | None = None

    # --- per tick --------------------------------------------------------------------------
    def reset(self, world) -> None:
        """Start over with a new world of the same level (restart)."""
        self.effects.clear()
        if self.lighting is not None:
            self.lighting.clear()
        self.tags.reset(world)
        self._fire_pose, self._boosting, self._stage = 0, False, world.collapse_stage
        self._caved_in, self._buried = False, []
        self.tilemap.sync(world.terrain, world.tiles_version, force=True)
        self._snap(world)
        self._before, self._latest = None, Snapshot(world, self.camera, self._clock)

    def observe(self, events: Iterable[tuple[str, int, int]], world=None) -> None:
        """One tick of effects from the world's events (`world` gives Naruto's position, so
        only rocks landing near him shake the view)."""
        self._clock += 1
        events = list(events)
        focus = world.naruto.center_px if world is not None else None
        self.effects.observe(events, focus, self._areas)
        self.effects.step()
        if self.lighting is not None:
            self.lighting.observe(events)
        self._fire_pose = max(0, self._fire_pose - 1)
        for kind, _x, _y in events:
            if kind == "fire":
                self._fire_pose = FIRE_POSE_TICKS
            elif kind == "boost":
                self._boosting = True

    def follow(self, world) -> None:
        """One tick of camera movement toward Naruto."""
        if not self._snapped:
            self._snap(world)
        n = world.naruto
        cx, cy = n.center_px
        # the view stays in the map Naruto is in; crossing into the next one jumps there
        self.camera.enter(section_bounds(self.level, world.section), cx, cy)
        self.camera.update(cx, cy, n.facing, abs(n.vx) > RUN_THRESHOLD)

    def tick(self, world) -> None:
        before = self._latest
        if world.dialogue and not world.events:
            self._clock += 1  # the world stands still while a line is read: so does the scene
        else:
            self.observe(world.events, world)
            self._watch(world)
            self.follow(world)
        self._before, self._latest = before, Snapshot(world, self.camera, self._clock)

    def _watch(self, world) -> None:
        """What the scene learns from the world's state rather than its events."""
        self.tags.observe(world)
        n = world.naruto
        if self._boosting and (n.on_ground or n.on_wall):
            self._boosting = False
        if world.collapse_stage > self._stage:
            self.effects.add_trauma(STAGE_SHAKE)
        self._stage = world.collapse_stage
        if world.finished and world.result == "collapsed" and not self._caved_in:
            self._cave_in(world)

    def _cave_in(self, world) -> None:
        """The timer ran out and everyone still inside is lost: the mine comes down on them,
        in dust and falling stones over the view, rubble where each of them stood."""
        self._caved_in = True
        m = world.miners
        lost = np.flatnonzero(m.state[: world.total_miners] == LOST)
        feet_x = (m.x[lost] // SUBPIXEL + MINER_W // 2).tolist()
        feet_y = (m.y[lost] // SUBPIXEL + MINER_H).tolist()
        self._buried = list(zip(feet_x, feet_y, strict=True))
        ox, oy = self.camera.offset_at(self.camera.center_x, self.camera.center_y)
        w, h = self.view
        self.effects.final_cave_in((ox, oy, w, h), self._buried)
        if self.lighting is not None:
            self.lighting.cave_in(ox + w // 2, oy + h // 3)
            for x, y in self._buried[:12]:
                self.lighting.cave_in(x, y - 12)

    def _rubble_blits(self, offset: tuple[int, int]) -> list:
        """A heap of stones where each miner still inside at the end was."""
        if not self._buried:
            return []
        big = self.rock_frames["large"].surfaces[0]
        small = self.rock_frames["small"].surfaces[0]
        out = []
        for x, y in self._buried:
            sx, sy = x - offset[0], y - offset[1]
            if -32 < sx < self.view[0] + 32 and -32 < sy < self.view[1] + 32:
                out += [(small, (sx - 13, sy - 10)), (small, (sx + 3, sy - 10))]
                out.append((big, (sx - 7, sy - 16)))
        return out

    def _snap(self, world) -> None:
        cx, cy = world.naruto.center_px
        self.camera.enter(section_bounds(self.level, world.section), cx, cy)
        self.camera.snap(cx, cy)
        self._snapped = True

    # --- per frame -------------------------------------------------------------------------
    def shake_offset(self, world) -> tuple[int, int]:
        """How far the view is shaken this frame: (0, 0) when screen shake is off."""
        if not self.screen_shake:
            return 0, 0
        floor = {3: 0.2, 4: 0.42}.get(world.collapse_stage, 0.0) if world.started else 0.0
        return self.effects.shake(floor)

    def positions(self, world, alpha: float = 1.0) -> Positions:
        """Where a frame `alpha` of the way from the last tick to the next draws the bodies
        and centres the view: between the previous tick and the last one (alpha 0 is the
        previous tick, 1 the last). Only when the last tick is the last the renderer saw of
        this world; else (a tick with no step, a restart) where they are."""
        before, latest = self._before, self._latest
        if (
            alpha >= 1.0
            or before is None
            or latest is None
            or before.world is not world
            or latest.world is not world
            or latest.clock != self._clock
            or before.clock != self._clock - 1
        ):
            return Positions.of(world, self.camera)
        return Positions.between(before, world, self.camera, max(0.0, alpha))

    def draw(self, canvas: pygame.Surface, world, alpha: float = 1.0) -> None:
        """One frame of `world`, `alpha` of the way from its last tick to the next (the
        loop's; 1.0 draws the last tick itself, as capture runs do)."""
        if not self._snapped:
            self._snap(world)
        self.tilemap.sync(world.terrain, world.tiles_version)
        pos = self.positions(world, alpha)
        cam_x, cam_y = self.camera.offset_at(*pos.camera)
        shake_x, shake_y = self.shake_offset(world)
        offset = (cam_x + shake_x, cam_y + shake_y)
        self.view_offset = offset

        if self.parallax.visible(offset):
            self.parallax.draw(canvas, offset)
        elif not self._covers_view(offset):
            canvas.fill((0, 0, 0))  # past the map's edge (a small map, or a shake at the edge)
        self.tilemap.draw_back(canvas, offset)
        cracks = self._crack_blits(world, offset)
        canvas.fblits(cracks)
        canvas.fblits(self._brazier_blits(world, offset))
        canvas.fblits(self._exit_blits(offset))
        canvas.fblits(self._folk_blits(world, offset))
        canvas.fblits(self._guard_blits(world, offset, pos, aside=True))
        waiting_crates, carried_crates = self._crate_blits(world, offset, pos)
        canvas.fblits(waiting_crates)
        ground, carried = self._miner_blits(world, offset, pos)
        canvas.fblits(ground)
        canvas.fblits(self._guard_blits(world, offset, pos, aside=False))
        canvas.fblits(self._clone_blits(world, offset, pos))
        canvas.fblits(carried_crates)
        canvas.fblits(carried)
        canvas.fblits(self._naruto_blits(world, offset, pos))
        canvas.fblits(self._rock_blits(world, offset, pos))
        canvas.fblits(self._rubble_blits(offset))
        canvas.fblits(self.effects.blits(offset, self.view))
        canvas.fblits(self._chasm_blits(offset))
        self.tilemap.draw_front(canvas, offset)
        if self.lighting is not None:
            self.lighting.draw(canvas, world, offset, self._clock, pos)
            # Cracked ceilings are where rocks come from: they show through the dark,
            # faint at first and plainer with each collapse stage, so a player can read
            # the danger without a lamp on it.
            if cracks:
                faded = self._faded_crack(cracks[0][0], max(0, world.collapse_stage - 1))
                canvas.fblits([(faded, spot) for _, spot in cracks])
        if world.clones.count:
            lift = DISGUISE_MARKER_LIFT if self._disguised(world) else 0
            self._draw_marker(canvas, pos, offset, lift)
        self.tags.draw(canvas, offset)
        self._draw_guard_strength(canvas, world, offset)
        self._draw_bubbles(canvas, world, offset)

    def _draw_guard_strength(self, canvas, world, offset) -> None:
        """Over each guard still holding the line, how many clones it takes: the strength,
        and while clones push, how many push now ("2/3"), so the player sees the crowd build."""
        g = world.guards
        standing = np.flatnonzero(g.alive & ~g.aside)
        if len(standing) == 0:
            return
        small = font(1)
        for guard in standing.tolist():
            x = int(g.x[guard]) // SUBPIXEL + GUARD_W // 2 - offset[0]
            y = int(g.y[guard]) // SUBPIXEL - 9 - offset[1]
            if not (-16 < x < self.view[0] + 16 and -16 < y < self.view[1] + 16):
                continue
            pushers, strength = int(g.pushers[guard]), int(g.strength[guard])
            text = f"{pushers}/{strength}" if pushers else str(strength)
            colour = (255, 214, 120) if pushers else (220, 224, 236)
            small.draw(canvas, text, (x, y), colour, anchor="midbottom", outline=(20, 20, 28))

    def _covers_view(self, offset: tuple[int, int]) -> bool:
        ox, oy = offset
        right, bottom = ox + self.view[0], oy + self.view[1]
        return (
            ox >= 0
            and oy >= 0
            and right <= self.level.pixel_width
            and bottom <= self.level.pixel_height
        )

    def _crack_blits(self, world, offset) -> list:
        if not self._cracks:
            return []
        frames = self.sprites.frames("ceiling_crack")
        frame = frames[max(0, min(world.collapse_stage - 1, len(frames) - 1))]
        ox, oy = offset
        return [(frame, (x - ox, y - oy)) for x, y in self._cracks]

    def _faded_crack(self, frame: pygame.Surface, stage: int) -> pygame.Surface:
        """The stage's crack frame at its see-through-the-dark alpha, made once."""
        if stage not in self._faded_cracks:
            faded = frame.copy()
            faded.set_alpha(CRACK_THROUGH_DARK[min(stage, len(CRACK_THROUGH_DARK) - 1)])
            self._faded_cracks[stage] = faded
        return self._faded_cracks[stage]

    def _brazier_blits(self, world, offset) -> list:
        ox, oy = offset
        out = []
        lit = world.braziers_lit
        for i, brazier in enumerate(self.level.braziers):
            kind = "torch" if "torch" in brazier.name.lower() else "brazier"
            name = f"{kind}_{'lit' if i < len(lit) and lit[i] else 'unlit'}"
            if name not in self.sprites:
                continue
            frames = self.sprites.frames(name)
            frame = frames[(self._clock // BRAZIER_FLICKER + i) % len(frames)]
            w, h = frame.get_size()
            x, y = brazier.x - w // 2 - ox, brazier.y - h - oy
            if -w < x < self.view[0] and -h < y < self.view[1]:
                out.append((frame, (x, y)))
        return out

    def _chasm_blits(self, offset) -> list:
        ox, oy = offset
        return [(surface, (rect.x - ox, rect.y - oy)) for rect, surface in self._chasms]

    def _exit_blits(self, offset) -> list:
        if "exit_glow" not in self.sprites:
            return []
        frames = self.sprites.frames("exit_glow")
        ox, oy = offset
        out = []
        for rect in self.level.exits:
            frame = frames[(self._clock // 20 + rect.x // 16) % len(frames)]
            w, h = frame.get_size()
            # Light the doorway along its floor, one glow per tile of width.
            for x in range(rect.x, rect.x + max(rect.w, w), w):
                out.append((frame, (x - ox, rect.y + rect.h - h - oy)))
        return out

    def _clone_blits(self, world, offset, pos: Positions | None = None) -> list:
        """`pos`: where this frame draws them (default: where they are)."""
        pos = pos if pos is not None else Positions.of(world, self.camera)
        c = world.clones
        live = np.flatnonzero(c.alive)
        if len(live) == 0:
            return []
        holding = np.maximum(c.carrying[live], c.crate[live])  # a miner or a crate overhead
        anim = fighter_anims(c.on_ground[live], c.on_wall[live], c.vx[live], c.vy[live], holding)
        if self._clone_boost:
            anim = np.where(c.boost[live] & (anim != CARRY), BOOST, anim)
        facing = np.where(c.on_wall[live] != 0, c.on_wall[live], c.facing[live])
        keys = self.clone_frames.keys(anim, facing, c.age[live], FIGHTER_SPEED)
        feet_x = (pos.clone_x[live] >> 8) + (CLONE_W // 2 - offset[0])
        feet_y = (pos.clone_y[live] >> 8) + (CLONE_H - offset[1])
        return self.clone_frames.blits(keys, feet_x, feet_y)

    def _naruto_blits(self, world, offset, pos: Positions | None = None) -> list:
        pos = pos if pos is not None else Positions.of(world, self.camera)
        n = world.naruto
        if n.stun > 0:
            anim = STUN
        elif n.rasengan > 0:
            anim = RASENGAN
        elif self._fire_pose and "naruto_fire" in self.sprites:
            anim = FIRE
        elif self._boosting and "naruto_boost" in self.sprites:
            anim = BOOST
        else:
            anim = int(fighter_anims(n.on_ground, n.on_wall, n.vx, n.vy, -1))
        facing = n.on_wall if (anim == WALL and n.on_wall) else n.facing
        # Transformed, he is drawn as a Silvermane guard (with his orange scarf and tuft).
        table = self.disguise_frames if self._disguised(world) else self.naruto_frames
        keys = table.keys(
            np.array([anim]), np.array([facing]), np.array([world.tick]), FIGHTER_SPEED
        )
        feet_x = np.array([pos.naruto_x // SUBPIXEL + NARUTO_W // 2 - offset[0]])
        feet_y = np.array([pos.naruto_y // SUBPIXEL + NARUTO_H - offset[1]])
        out = table.blits(keys, feet_x, feet_y)
        return out

    def _disguised(self, world) -> bool:
        return self.disguise_frames is not None and world.naruto.disguise > 0

    # --- Boulder Town ---------------------------------------------------------------------
    def _crate_blits(self, world, offset, pos: Positions | None = None) -> tuple[list, list]:
        """Crates waiting on the ground, and crates held over a clone's head (drawn from the
        clone's own position this frame, so a crate never lags behind its carrier)."""
        k = world.crates
        live = np.flatnonzero(k.alive)
        if len(live) == 0 or self.crate_frames is None:
            return [], []
        pos = pos if pos is not None else Positions.of(world, self.camera)
        kx = pos.crate_x if pos.crate_x is not None else k.x
        ky = pos.crate_y if pos.crate_y is not None else k.y
        table = self.crate_frames
        carried = (k.state[live] == CARRIED) & (k.carried_by[live] >= 0)
        on_ground = live[~carried]
        feet_x = (kx[on_ground] >> 8) + CRATE_W // 2 - offset[0]
        feet_y = (ky[on_ground] >> 8) + CRATE_H - offset[1]
        keys = np.full(len(on_ground), table.base[0, 0], dtype=np.int32)
        ground = table.blits(keys, feet_x.astype(np.int64), feet_y.astype(np.int64))
        held = live[carried]
        by = k.carried_by[held].astype(np.int64)
        feet_x = (pos.clone_x[by] >> 8) + CLONE_W // 2 - offset[0]
        feet_y = (pos.clone_y[by] >> 8) + CLONE_H - self._hands["clone"] - offset[1]
        keys = np.full(len(held), table.base[1, 0], dtype=np.int32)
        return ground, table.blits(keys, feet_x.astype(np.int64), feet_y.astype(np.int64))

    def _guard_blits(self, world, offset, pos: Positions | None = None, aside=False) -> list:
        """The guards still holding the line (braced while clones push), or with `aside`
        those walked aside: stepping away, then standing there, darker (they recede)."""
        g = world.guards
        pick = np.flatnonzero(g.alive & (g.aside == aside))
        if len(pick) == 0 or not self.guard_frames:
            return []
        pos = pos if pos is not None else Positions.of(world, self.camera)
        gx = pos.guard_x if pos.guard_x is not None else g.x
        gy = pos.guard_y if pos.guard_y is not None else g.y
        if aside:
            walking = g.aside_ticks[pick] < GUARD_STEP_TICKS
            anim = np.where(walking, GUARD_ANIMS.index("walk"), 0)
        else:
            anim = np.where(g.pushers[pick] > 0, GUARD_ANIMS.index("braced"), 0)
        anim = anim.astype(np.int32)
        out = []
        for who, is_commander in (("guard", False), ("commander", True)):
            table = self.guard_frames.get((who, aside)) or self.guard_frames.get(("guard", aside))
            sel = g.commander[pick] == is_commander
            idx = pick[sel]
            if len(idx) == 0 or table is None:
                continue
            keys = table.keys(anim[sel], g.facing[idx], g.age[idx], GUARD_SPEED)
            feet_x = (gx[idx] >> 8) + GUARD_W // 2 - offset[0]
            feet_y = (gy[idx] >> 8) + GUARD_H - offset[1]
            out += table.blits(keys, feet_x.astype(np.int64), feet_y.astype(np.int64))
        return out

    def _folk_blits(self, world, offset) -> list:
        """The townsfolk at their feet on the map, facing Naruto; once they have seen the
        clones coming they cheer: arms up, hopping."""
        people = self.level.townsfolk
        if not people or not self.folk_frames:
            return []
        cheer = world.folk_cheer_tick
        ox, oy = offset
        naruto_x = world.naruto.center_px[0]
        out = []
        for i, person in enumerate(people):
            table = self.folk_frames.get(person.look) or self.folk_frames.get(FOLK_LOOK_DEFAULT)
            if table is None:
                continue
            since = world.tick - int(cheer[i]) if i < len(cheer) and cheer[i] >= 0 else -1
            anim = 1 if since >= 0 else 0
            age = since if since >= 0 else world.tick + i * 7
            side = 0 if naruto_x >= person.x else 1
            key = table.base[anim, side] + (age // FOLK_SPEED[anim]) % table.count[anim]
            hop = folk_hop(since, i)
            x = person.x - ox + table.off_x[key]
            y = person.y - oy - hop + table.off_y[key]
            if -CULL_MARGIN < x < self.view[0] and -CULL_MARGIN < y < self.view[1]:
                out.append((table.surfaces[key], (int(x), int(y))))
        return out

    def _draw_bubbles(self, canvas, world, offset) -> None:
        """What a townsperson says, in a speech bubble over their head, for BUBBLE_TICKS
        after they first see the clones. Bubbles that would overlap stack upwards."""
        cheer = world.folk_cheer_tick
        placed: list[pygame.Rect] = []
        for i, person in enumerate(self.level.townsfolk):
            if not person.says or i >= len(cheer) or cheer[i] < 0:
                continue
            if not bubble_shown(world.tick, int(cheer[i])):
                continue
            if not -CULL_MARGIN < person.x - offset[0] < self.view[0] + CULL_MARGIN:
                continue  # the speaker is out of sight: so is what they say
            bubble = self._bubbles.get(i)
            if bubble is None:
                bubble = self._bubbles[i] = speech_bubble(person.says)
            table = self.folk_frames.get(person.look) or self.folk_frames.get(FOLK_LOOK_DEFAULT)
            height = -int(table.off_y[0]) if table is not None else 24
            w, h = bubble.get_size()
            x = person.x - offset[0] - w // 2
            y = person.y - offset[1] - height - HOP_PX - 2 - h
            x = max(2, min(self.view[0] - w - 2, x))  # kept on screen
            rect = pygame.Rect(x, y, w, h)
            for other in sorted(placed, key=lambda r: -r.bottom):
                if rect.colliderect(other):
                    rect.bottom = other.top - 1
            rect.top = max(2, rect.top)
            canvas.blit(bubble, rect.topleft)
            if rect.y == y:  # not stacked over another: a tail points down at the speaker
                tip = max(rect.left + 5, min(rect.right - 6, person.x - offset[0]))
                _bubble_tail(canvas, tip, rect.bottom)
            placed.append(rect)

    def _miner_blits(self, world, offset, pos: Positions | None = None) -> tuple[list, list]:
        pos = pos if pos is not None else Positions.of(world, self.camera)
        m = world.miners
        shown = np.flatnonzero(
            m.alive & ((m.state == WAITING) | (m.state == WALKING) | (m.state == CARRIED))
        )
        ground, carried = [], []
        for i in shown.tolist():
            prefix = miner_look(world, i)
            table = self.miner_frames.get(prefix) or self.miner_frames.get("miner")
            if table is None:
                continue
            state = m.state[i]
            if state == CARRIED:
                anim = MINER_ANIMS.index("carried")
            elif state == WALKING:
                is_carrying = m.carrying[i] >= 0
                anim = MINER_ANIMS.index("carry" if is_carrying else "walk")
            elif m.fainted[i]:
                anim = MINER_ANIMS.index("fainted")
            else:
                anim = MINER_ANIMS.index("injured" if m.injured[i] else "idle")
            speed = MINER_SPEED[MINER_ANIMS[anim]]
            side = 1 if m.facing[i] < 0 else 0
            key = table.base[anim, side] + (int(m.age[i]) // speed) % table.count[anim]
            feet_x, feet_y = self._miner_feet(world, pos, i)
            x = feet_x - offset[0] + table.off_x[key]
            y = feet_y - offset[1] + table.off_y[key]
            if -CULL_MARGIN < x < self.view[0] and -CULL_MARGIN < y < self.view[1]:
                (carried if state == CARRIED else ground).append((table.surfaces[key], (x, y)))
        return ground, carried

    def _miner_feet(self, world, pos: Positions, i: int) -> tuple[int, int]:
        """Where a miner's frame stands, in map pixels. A carried miner lies across the raised
        hands of whoever carries them (the simulation holds their hitbox at chest height)."""
        m = world.miners
        mx, my = pos.miner_x, pos.miner_y
        x = int(mx[i]) // SUBPIXEL + MINER_W // 2
        y = int(my[i]) // SUBPIXEL + MINER_H
        if m.state[i] != CARRIED:
            return x, y
        clone = int(m.carried_by[i])
        if clone != NONE and world.clones.alive[clone]:
            top = int(pos.clone_y[clone]) // SUBPIXEL + CLONE_H - self._hands["clone"]
            return int(pos.clone_x[clone]) // SUBPIXEL + CLONE_W // 2, top
        goro = int(m.carried_by_miner[i])
        if goro != NONE:
            top = int(my[goro]) // SUBPIXEL + MINER_H - self._hands["goro"]
            return int(mx[goro]) // SUBPIXEL + MINER_W // 2, top
        return x, y

    def _rock_blits(self, world, offset, pos: Positions | None = None) -> list:
        pos = pos if pos is not None else Positions.of(world, self.camera)
        r = world.rocks
        live = np.flatnonzero(r.alive)
        if len(live) == 0:
            return []
        out = []
        large = r.size[live] > ROCK_SIZE_SMALL
        groups = ((self.rock_frames["small"], ~large), (self.rock_frames["large"], large))
        for table, pick in groups:
            idx = live[pick]
            if len(idx) == 0:
                continue
            size = r.size[idx].astype(np.int32)
            # Tumble: a rock turns to its next frame every few ticks while it moves.
            keys = table.keys(
                np.zeros(len(idx), np.int32), np.where(idx % 2, 1, -1), r.age[idx] + idx, (5,)
            )
            feet_x = (pos.rock_x[idx] >> 8) + size // 2 - offset[0]
            feet_y = (pos.rock_y[idx] >> 8) + size - offset[1]
            out += table.blits(keys, feet_x, feet_y)
        return out

    def _draw_marker(self, canvas, pos: Positions, offset, lift: int = 0) -> None:
        """A small bobbing chevron over the real Naruto, so he stands out in a crowd (`lift`
        px higher over a taller disguise)."""
        bob = (self._clock // 8) % 2
        x = pos.naruto_x // SUBPIXEL + NARUTO_W // 2 - offset[0] - self._marker.get_width() // 2
        y = pos.naruto_y // SUBPIXEL - offset[1] - 12 - bob - lift
        canvas.blit(self._marker, (x, y))


def folk_hop(since: int, index: int) -> int:
    """How high (px) a cheering townsperson is off the ground `since` ticks after they saw
    the clones (-1: not yet): a quick hop, over and over, each at their own beat."""
    if since < 0:
        return 0
    phase = (since + index * 5) % (HOP_TICKS + index % 3 * 4)
    if phase >= HOP_TICKS:
        return 0
    return round(HOP_PX * math.sin(math.pi * phase / HOP_TICKS))


def bubble_shown(tick: int, cheer_tick: int) -> bool:
    """A townsperson's line shows from the tick they react, for BUBBLE_TICKS."""
    return cheer_tick >= 0 and 0 <= tick - cheer_tick < BUBBLE_TICKS


def speech_bubble(text: str) -> pygame.Surface:
    """A paper-white rounded box with the line in dark ink, wrapped to BUBBLE_WRAP_PX (its
    tail is drawn under it where the speaker stands: `_bubble_tail`)."""
    face = font(1)
    lines = wrap(text, BUBBLE_WRAP_PX, 1)
    line_h = face.height + 2
    width = max(face.size(line)[0] for line in lines) + 8
    height = len(lines) * line_h + 5
    surface = pygame.Surface((width, height), pygame.SRCALPHA)
    box = surface.get_rect()
    pygame.draw.rect(surface, BUBBLE_EDGE, box, border_radius=3)
    pygame.draw.rect(surface, BUBBLE_PAPER, box.inflate(-2, -2), border_radius=3)
    for row, line in enumerate(lines):
        face.draw(surface, line, (4, 3 + row * line_h), BUBBLE_INK)
    return surface


def _bubble_tail(canvas: pygame.Surface, x: int, bottom: int) -> None:
    """The little point under a speech bubble, at `x`, from the box's `bottom` edge down."""
    pygame.draw.polygon(
        canvas, BUBBLE_EDGE, [(x - 3, bottom - 1), (x + 3, bottom - 1), (x, bottom + 3)]
    )
    pygame.draw.polygon(
        canvas, BUBBLE_PAPER, [(x - 2, bottom - 2), (x + 2, bottom - 2), (x, bottom + 1)]
    )


def _hands_height(sprites, name: str) -> int:
    if name not in sprites:
        return CLONE_H
    frame = sprites.frames(name)[0]
    return frame.get_height() - frame.get_bounding_rect().top - HANDS_SINK


def _marker_surface() -> pygame.Surface:
    marker = pygame.Surface((7, 5), pygame.SRCALPHA)
    pygame.draw.polygon(marker, (40, 20, 10), [(0, 0), (6, 0), (3, 4)])
    pygame.draw.polygon(marker, MARKER_COLOR, [(1, 0), (5, 0), (3, 3)])
    return marker


def _chasm_surface(width: int, height: int) -> pygame.Surface:
    """A bottomless drop: see-through at the lip, then darker and darker to black."""
    surface = pygame.Surface((max(1, width), max(1, height)), pygame.SRCALPHA)
    for y in range(height):
        depth = min(1.0, y / CHASM_FADE_PX)
        surface.fill((*CHASM_COLOUR, int(255 * depth**0.8)), (0, y, width, 1))
    if pygame.display.get_surface() is not None:
        surface = surface.convert_alpha()
    return surface


def _crack_spots(level: Level, sprites) -> list[tuple[int, int]]:
    """Where the ceiling-crack frames go: side by side along each crack zone's top edge,
    each pushed up to the rock ceiling above it (a zone may start a little below)."""
    if "ceiling_crack" not in sprites:
        return []
    frame = sprites.frames("ceiling_crack")[0]
    w, h = frame.get_size()
    ts = level.tile_size
    spots = []
    for zone in level.crack_zones:
        r = zone.rect
        for x in range(r.x, r.x + max(r.w, 1), w):
            col = min(level.width - 1, max(0, (x + w // 2) // ts))
            row = r.y // ts
            ceiling = r.y
            for above in range(row - 1, max(-1, row - 4), -1):
                if level.flags[above, col] & SOLID:
                    ceiling = (above + 1) * ts
                    break
            spots.append((x, ceiling - h // 3))
    return spots
