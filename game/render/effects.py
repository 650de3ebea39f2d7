"""Particles and screen shake made from the world's events (smoke, rock chips, sparks, fire,
embers, cave-in dust), and the names of rescued miners floating up.

Pure decoration, so it keeps its own random numbers (numpy's, seeded) and never touches the
world. Particles live in numpy columns like the world's pools; a tick with a hundred clones
dispelled at once costs one vectorised update.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import pygame

from game.level.model import Rect
from game.render.text import font
from game.sim import events as ev  # not `events`: observe() takes a list by that name
from game.sim.constants import SUBPIXEL
from game.sim.pools import MINER_W

GRAVITY = 0.18  # px per tick per tick, for chips and sparks


@dataclass(frozen=True)
class Kind:
    sprite: str
    life: int  # ticks
    animate: bool  # frames play once over the life; otherwise one fixed frame per particle
    gravity: float
    tint: tuple[int, int, int] | None = None  # multiplied into the frames
    loop: int = 0  # > 0: the frames cycle, this many ticks each, instead of playing once
    drag: float = 1.0  # velocity kept per tick


KINDS = (
    Kind("puff", 22, True, -0.01),
    Kind("rock_chip", 40, False, GRAVITY),
    Kind("spark", 14, True, GRAVITY * 0.5),
    Kind("spark", 40, True, -0.02, tint=(255, 214, 96)),  # a rescue: gold, drifting up
    Kind("fire", 60, True, 0.0, loop=5),  # a burning barricade, about a second
    Kind("fire_burst", 22, True, 0.0),  # Naruto's fire ignition
    Kind("dust", 70, True, -0.01, drag=0.93),  # a floor or the mine mouth coming down
    Kind("spark", 30, True, -0.04, tint=(255, 150, 60)),  # embers rising from a fire
    Kind("transform_puff", 30, True, -0.01),  # Transformation on or off: a guard-sized cloud
    Kind("spark", 36, True, -0.03, tint=(255, 170, 200)),  # a townsperson cheering
    # With the `flashing` setting off: the fire ignition's burst without its white-hot core
    Kind("fire_burst", 22, True, 0.0, tint=(200, 120, 80)),
)
PUFF, CHIP, SPARK, GOLD, FIRE, FIRE_BURST, DUST, EMBER, TRANSFORM_PUFF, CHEER = range(10)
SOFT_FIRE_BURST = 10
# Flashing effects off (the `flashing` setting): bright bursts are drawn softened.
SOFTENED = {FIRE_BURST: SOFT_FIRE_BURST}

# The cave-ins' falling stones (a floor giving way, the mouth sealing, the mine coming down at
# the end): the rock sprites, big and small, dropping through the dust.
KINDS = (
    *KINDS,
    Kind("rock_large", 34, False, GRAVITY * 1.4),
    Kind("rock_small", 30, False, GRAVITY * 1.4),
)
SLAB, SLAB_SMALL = len(KINDS) - 2, len(KINDS) - 1
FINAL_CAVE_IN_SHAKE = 1.0  # the collapse timer ran out: the mine comes down

# The Rasengan frames already hold the orb; its event only shakes the view a little.
# How much an event shakes the view (trauma, 0..1); shake grows with trauma squared.
SHAKE = {
    ev.BREAK: 0.35,
    ev.ROCK_SHATTER: 0.12,
    ev.STUN: 0.45,
    ev.RASENGAN: 0.15,
    ev.FLOOR_COLLAPSE: 1.0,
    ev.SEAL: 1.0,
    ev.SHOVE: 0.2,  # a guard shoves Naruto back: a bump
    ev.GUARD_ASIDE: 0.1,
}
# What each event throws out: (particle kind, dy from the event, count, speed, upward kick).
BURSTS: dict[str, tuple[tuple[int, int, int, float, float], ...]] = {
    ev.PUFF: ((PUFF, -8, 1, 0.0, 0.0),),
    ev.CLONE: ((PUFF, -8, 1, 0.0, 0.0),),
    ev.FALL: ((PUFF, 0, 1, 0.0, 0.0),),
    ev.RESPAWN: ((PUFF, -10, 1, 0.0, 0.0), (SPARK, 0, 3, 1.2, 0.8)),
    ev.BREAK: ((CHIP, 0, 8, 2.6, 1.5), (PUFF, 0, 1, 0.0, 0.0)),
    ev.ROCK_SHATTER: ((CHIP, 0, 6, 2.2, 1.2),),
    ev.ROCK_LAND: ((CHIP, 0, 2, 1.2, 1.0),),
    ev.LAND: ((SPARK, -1, 3, 1.2, 0.8),),
    ev.STUN: ((SPARK, -24, 5, 1.0, 1.0),),
    ev.RESCUE: ((GOLD, -10, 12, 0.8, 0.6),),
    ev.FIRE: ((FIRE_BURST, 0, 1, 0.0, 0.0), (EMBER, 0, 10, 1.6, 0.8)),
    ev.BURN: ((FIRE, 0, 1, 0.0, 0.0), (EMBER, 0, 4, 0.6, 0.6)),
    ev.IGNITE: ((EMBER, -10, 6, 0.8, 0.8),),
    # Boulder Town
    ev.CRATE_PICKUP: ((SPARK, 4, 2, 1.0, 0.6),),
    ev.CRATE_DELIVER: ((GOLD, -4, 10, 0.8, 0.7),),
    ev.SHOVE: ((SPARK, 0, 4, 1.4, 0.6),),
    ev.GUARD_ASIDE: ((PUFF, 10, 1, 0.0, 0.0), (SPARK, 12, 4, 1.2, 0.8)),
    ev.TRANSFORM: ((TRANSFORM_PUFF, -2, 1, 0.0, 0.0),),
    ev.UNTRANSFORM: ((TRANSFORM_PUFF, -2, 1, 0.0, 0.0),),
    ev.CHEER: ((CHEER, -26, 5, 0.7, 0.9),),
}
ROCK_LAND_SHAKE = 0.3  # a rock landing close to Naruto, within:
ROCK_LAND_NEAR_PX = 72
STAGE_SHAKE = 0.6  # the collapse moves on to its next stage
MAX_SHAKE_PX = 5


class Effects:
    def __init__(self, sprites, capacity: int = 1500, seed: int = 7):
        self.capacity = capacity
        self.rng = np.random.default_rng(seed)
        self.alive = np.zeros(capacity, dtype=bool)
        self.x = np.zeros(capacity, dtype=np.float32)
        self.y = np.zeros(capacity, dtype=np.float32)
        self.vx = np.zeros(capacity, dtype=np.float32)
        self.vy = np.zeros(capacity, dtype=np.float32)
        self.age = np.zeros(capacity, dtype=np.int32)
        self.kind = np.zeros(capacity, dtype=np.int32)
        self.variant = np.zeros(capacity, dtype=np.int32)
        self.trauma = 0.0
        self._tick = 0
        self.flashing = True  # the player's setting: False softens bright bursts (SOFTENED)
        self._load_frames(sprites)

    def _load_frames(self, sprites) -> None:
        """One flat list of frames for all kinds, with centre offsets, for vectorised lookup."""
        self.surfaces: list[pygame.Surface] = []
        base, count = [], []
        offsets = []
        for kind in KINDS:
            frames = sprites.frames(kind.sprite) if kind.sprite in sprites else []
            base.append(len(self.surfaces))
            count.append(max(1, len(frames)))
            for frame in frames or [pygame.Surface((1, 1), pygame.SRCALPHA)]:
                if kind.tint is not None:
                    frame = frame.copy()
                    frame.fill(kind.tint, special_flags=pygame.BLEND_RGB_MULT)
                self.surfaces.append(frame)
                offsets.append((frame.get_width() // 2, frame.get_height() // 2))
        self._base = np.array(base, dtype=np.int32)
        self._count = np.array(count, dtype=np.int32)
        self._life = np.array([k.life for k in KINDS], dtype=np.int32)
        self._loop = np.array([k.loop for k in KINDS], dtype=np.int32)
        self._drag = np.array([k.drag for k in KINDS], dtype=np.float32)
        self._animate = np.array([k.animate for k in KINDS], dtype=bool)
        self._gravity = np.array([k.gravity for k in KINDS], dtype=np.float32)
        self._half = np.array(offsets, dtype=np.int32).reshape(-1, 2)

    # --- spawning --------------------------------------------------------------------------
    def spawn(self, kind: int, x: float, y: float, n: int, speed: float, up: float = 0.0) -> None:
        """`n` particles of `kind` at (x, y) px, flying out at up to `speed` px/tick."""
        slots = np.flatnonzero(~self.alive)[:n]
        k = len(slots)
        if k == 0:
            return
        angle = self.rng.uniform(0, 2 * np.pi, k)
        power = self.rng.uniform(0.3, 1.0, k) * speed
        self.alive[slots] = True
        self.x[slots] = x + self.rng.uniform(-2, 2, k)
        self.y[slots] = y + self.rng.uniform(-2, 2, k)
        self.vx[slots] = np.cos(angle) * power
        self.vy[slots] = np.sin(angle) * power - up
        self.age[slots] = self.rng.integers(0, 3, k) if kind not in (PUFF, TRANSFORM_PUFF) else 0
        self.kind[slots] = kind
        self.variant[slots] = self.rng.integers(0, self._count[kind], k)

    def spawn_in_rect(self, kind: int, rect, n: int, speed: float, up: float = 0.0) -> None:
        """`n` particles of `kind` scattered over a rectangle (x, y, w, h in px)."""
        slots = np.flatnonzero(~self.alive)[:n]
        k = len(slots)
        if k == 0:
            return
        self.spawn(kind, 0, 0, k, speed, up)
        x, y, w, h = rect
        self.x[slots] = x + self.rng.uniform(0, max(1, w), k)
        self.y[slots] = y + self.rng.uniform(0, max(1, h), k)
        self.age[slots] = self.rng.integers(0, max(1, self._life[kind] // 4), k)

    def observe(
        self,
        events: Iterable[tuple[str, int, int]],
        focus: tuple[int, int] | None = None,
        areas: Sequence[tuple[str, Rect]] = (),
    ) -> None:
        """Turn one tick's world events into particles and shake. `focus` is Naruto's
        centre (rocks landing near him shake the view); `areas` are the (event, rectangle)
        of the map's floor collapses and seals, so their dust fills what came down."""
        for kind, x, y in events:
            for particle, dy, n, speed, up in BURSTS.get(kind, ()):
                if not self.flashing:
                    particle = SOFTENED.get(particle, particle)
                self.spawn(particle, x, y + dy, n, speed, up)
            if kind in (ev.FLOOR_COLLAPSE, ev.SEAL):
                self._cave_in(kind, x, y, areas)
            trauma = SHAKE.get(kind, 0.0)
            if kind == ev.ROCK_LAND and focus is not None:
                near = max(abs(x - focus[0]), abs(y - focus[1])) < ROCK_LAND_NEAR_PX
                trauma = ROCK_LAND_SHAKE if near else 0.0
            self.add_trauma(trauma)

    def _cave_in(self, kind: str, x: int, y: int, areas) -> None:
        """Dust and stones over the whole area that came down (or around the event)."""
        rect = next(
            ((r.x, r.y, r.w, r.h) for event, r in areas if event == kind and r.contains(x, y)),
            (x - 48, y - 16, 96, 32),
        )
        count = max(12, min(90, rect[2] * rect[3] // 160))
        self.spawn_in_rect(DUST, rect, count, 0.7, up=0.2)
        self.spawn_in_rect(CHIP, rect, count // 3, 1.5, up=1.0)
        self._slabs(rect, max(4, count // 5))

    def _slabs(self, rect, n: int) -> None:
        """Stones falling from the top of `rect` (x, y, w, h px), big and small, staggered."""
        x, y, w, h = rect
        top = (x, y - 8, w, max(8, h // 3))
        self.spawn_in_rect(SLAB, top, n // 2, 0.4, up=-0.5)
        self.spawn_in_rect(SLAB_SMALL, top, n - n // 2, 0.6, up=-0.3)

    def final_cave_in(self, view, spots: Sequence[tuple[int, int]]) -> None:
        """The collapse timer ran out: dust and falling stones over the whole `view` (x, y,
        w, h map px) and heavier over each of `spots` (where the miners still inside were),
        and the biggest shake (the renderer leaves it out when screen shake is off)."""
        x, y, w, h = view
        self.spawn_in_rect(DUST, (x, y, w, h), 110, 0.8, up=0.1)
        self._slabs((x, y, w, h // 2), 40)
        for sx, sy in spots[:24]:
            self.spawn_in_rect(DUST, (sx - 16, sy - 20, 32, 28), 8, 0.6, up=0.2)
            self._slabs((sx - 12, sy - 40, 24, 40), 6)
        self.add_trauma(FINAL_CAVE_IN_SHAKE)

    def add_trauma(self, amount: float) -> None:
        self.trauma = min(1.0, self.trauma + amount)

    # --- time ------------------------------------------------------------------------------
    def step(self) -> None:
        """Advance every particle one tick."""
        self._tick += 1
        self.trauma = max(0.0, self.trauma - 0.035)
        live = self.alive
        if not live.any():
            return
        kinds = self.kind[live]
        self.vx[live] *= self._drag[kinds]
        self.vy[live] = self.vy[live] * self._drag[kinds] + self._gravity[kinds]
        self.x[live] += self.vx[live]
        self.y[live] += self.vy[live]
        self.age[live] += 1
        self.alive &= self.age < self._life[self.kind]

    def shake(self, floor: float = 0.0) -> tuple[int, int]:
        """This tick's view offset from shaking; `floor` is a minimum trauma (the collapse)."""
        trauma = max(self.trauma, floor)
        if trauma <= 0.0:
            return 0, 0
        amount = trauma * trauma * MAX_SHAKE_PX
        # Deterministic wobble from the tick count, so a paused frame stays still.
        t = self._tick
        return round(amount * np.sin(t * 1.7)), round(amount * np.cos(t * 2.3))

    # --- drawing ---------------------------------------------------------------------------
    def blits(self, offset: tuple[int, int], view: tuple[int, int]) -> list:
        """(surface, position) pairs for the live particles inside the view."""
        live = np.flatnonzero(self.alive)
        if len(live) == 0:
            return []
        kinds = self.kind[live]
        age = self.age[live]
        loop = self._loop[kinds]
        once = age * self._count[kinds] // self._life[kinds]
        cycle = (age // np.maximum(loop, 1) + self.variant[live]) % self._count[kinds]
        frame = np.where(self._animate[kinds], np.where(loop > 0, cycle, once), self.variant[live])
        keys = self._base[kinds] + np.minimum(frame, self._count[kinds] - 1)
        sx = self.x[live].astype(np.int32) - offset[0] - self._half[keys, 0]
        sy = self.y[live].astype(np.int32) - offset[1] - self._half[keys, 1]
        inside = (sx > -32) & (sx < view[0]) & (sy > -32) & (sy < view[1])
        surfaces = self.surfaces
        ks, xs, ys = keys[inside].tolist(), sx[inside].tolist(), sy[inside].tolist()
        return [(surfaces[k], (x, y)) for k, x, y in zip(ks, xs, ys, strict=True)]

    def clear(self) -> None:
        self.alive[:] = False
        self.trauma = 0.0


TAG_TICKS = 90  # a rescued miner's name floats up for 1.5 s
TAG_RISE_PX = 30
TAG_FADE_TICKS = 24
TAG_COLOUR = (255, 214, 96)
TAG_INK = (16, 10, 10)


class NameTags:
    """The name of each miner who gets out floats up from where they left the mine."""

    def __init__(self):
        self.tags: list[list] = []  # [name, x_px, y_px, age]
        self.seen = 0

    def reset(self, world) -> None:
        self.tags = []
        self.seen = len(world.rescued_order)

    def observe(self, world) -> None:
        """One tick: start a tag for everyone added to `rescued_order` since the last."""
        for tag in self.tags:
            tag[3] += 1
        self.tags = [t for t in self.tags if t[3] < TAG_TICKS]
        order = world.rescued_order
        if len(order) < self.seen:  # a new world (restart) without a reset
            self.seen = 0
        m = world.miners
        for stack, i in enumerate(order[self.seen :]):
            name = world.miner_names[int(m.name_id[i])]
            x = int(m.x[i]) // SUBPIXEL + MINER_W // 2
            y = int(m.y[i]) // SUBPIXEL - 6 - 11 * stack  # out together: one above the other
            self.tags.append([name, x, y, 0])
        self.seen = len(order)

    def draw(self, canvas: pygame.Surface, offset: tuple[int, int]) -> None:
        face = font(1)
        for name, x, y, age in self.tags:
            rise = TAG_RISE_PX * age // TAG_TICKS
            image = face.render(name, TAG_COLOUR, outline=TAG_INK)
            left = TAG_TICKS - age
            if left < TAG_FADE_TICKS:
                image = image.copy()
                image.set_alpha(255 * left // TAG_FADE_TICKS)
            top = y - offset[1] - rise - image.get_height()
            canvas.blit(image, (x - offset[0] - image.get_width() // 2, top))
