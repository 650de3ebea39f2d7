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
from game.render.camera import Camera
from game.render.effects import STAGE_SHAKE, Effects, NameTags
from game.render.lighting import Lighting
from game.render.parallax import Parallax, load_layers
from game.render.tilemap import TilemapRenderer
from game.sim.constants import SOLID, SUBPIXEL
from game.sim.events import RESPAWN
from game.sim.pools import (
    CARRIED,
    CLONE_H,
    CLONE_W,
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


class FrameTable:
    """One character's animations as a flat frame list, both facings, for numpy lookup.

    `base[anim, side]` is the first key of an animation (side 0 faces right, 1 left);
    `count[anim]` its length; `off_x/off_y[key]` move the feet anchor to the frame's
    top-left corner.
    """

    def __init__(self, bank, prefix: str, anims: Sequence[str], tint=None, fallback="idle"):
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
                        frame.fill(tint, special_flags=pygame.BLEND_RGB_ADD)
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


def _columns(pool) -> tuple[np.ndarray, ...]:
    return pool.alive.copy(), pool.age.copy(), pool.x.copy(), pool.y.copy()


class Positions:
    """Where a frame draws the bodies (map sub-pixels) and the camera's centre: the world's
    own columns on a tick (alpha 1), else between the previous tick's and the last tick's."""

    def __init__(self, naruto, clones, miners, rocks, camera):
        self.naruto_x, self.naruto_y = naruto
        self.clone_x, self.clone_y = clones
        self.miner_x, self.miner_y = miners
        self.rock_x, self.rock_y = rocks
        self.camera = camera

    @classmethod
    def of(cls, world, camera: Camera) -> Positions:
        n, c, m, r = world.naruto, world.clones, world.miners, world.rocks
        return cls(
            (n.x, n.y), (c.x, c.y), (m.x, m.y), (r.x, r.y), (camera.center_x, camera.center_y)
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
    same = alive0 & pool.alive & (pool.age == age0 + 1)
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
        self.lighting = Lighting(level, view, holes) if level.dark else None
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

    def _snap(self, world) -> None:
        self.camera.snap(*world.naruto.center_px)
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
        ground, carried = self._miner_blits(world, offset, pos)
        canvas.fblits(ground)
        canvas.fblits(self._clone_blits(world, offset, pos))
        canvas.fblits(carried)
        canvas.fblits(self._naruto_blits(world, offset, pos))
        canvas.fblits(self._rock_blits(world, offset, pos))
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
            self._draw_marker(canvas, pos, offset)
        self.tags.draw(canvas, offset)

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
        anim = fighter_anims(
            c.on_ground[live], c.on_wall[live], c.vx[live], c.vy[live], c.carrying[live]
        )
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
        keys = self.naruto_frames.keys(
            np.array([anim]), np.array([facing]), np.array([world.tick]), FIGHTER_SPEED
        )
        feet_x = np.array([pos.naruto_x // SUBPIXEL + NARUTO_W // 2 - offset[0]])
        feet_y = np.array([pos.naruto_y // SUBPIXEL + NARUTO_H - offset[1]])
        out = self.naruto_frames.blits(keys, feet_x, feet_y)
        return out

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

    def _draw_marker(self, canvas, pos: Positions, offset) -> None:
        """A small bobbing chevron over the real Naruto, so he stands out in a crowd."""
        bob = (self._clock // 8) % 2
        x = pos.naruto_x // SUBPIXEL + NARUTO_W // 2 - offset[0] - self._marker.get_width() // 2
        y = pos.naruto_y // SUBPIXEL - offset[1] - 12 - bob
        canvas.blit(self._marker, (x, y))


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
