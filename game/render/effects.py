"""Particles and screen shake made from the world's events: smoke, rock chips, sparks.

Pure decoration, so it keeps its own random numbers (numpy's, seeded) and never touches the
world. Particles live in numpy columns like the world's pools; a tick with a hundred clones
dispelled at once costs one vectorised update.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pygame

GRAVITY = 0.18  # px per tick per tick, for chips and sparks


@dataclass(frozen=True)
class Kind:
    sprite: str
    life: int  # ticks
    animate: bool  # frames play once over the life; otherwise one fixed frame per particle
    gravity: float
    tint: tuple[int, int, int] | None = None  # multiplied into the frames


KINDS = (
    Kind("puff", 22, True, -0.01),
    Kind("rock_chip", 40, False, GRAVITY),
    Kind("spark", 14, True, GRAVITY * 0.5),
    Kind("spark", 40, True, -0.02, tint=(255, 214, 96)),  # a rescue: gold, drifting up
)
PUFF, CHIP, SPARK, GOLD = range(len(KINDS))

# The Rasengan frames already hold the orb; its event only shakes the view a little.
# How much an event shakes the view (trauma, 0..1); shake grows with trauma squared.
SHAKE = {"break": 0.35, "rock_shatter": 0.12, "rock_land": 0.06, "stun": 0.45, "rasengan": 0.15}
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
        self.age[slots] = self.rng.integers(0, 3, k) if kind != PUFF else 0
        self.kind[slots] = kind
        self.variant[slots] = self.rng.integers(0, self._count[kind], k)

    def observe(self, events: Iterable[tuple[str, int, int]]) -> None:
        """Turn one tick's world events into particles and shake."""
        for kind, x, y in events:
            if kind in ("puff", "clone"):
                self.spawn(PUFF, x, y - 8, 1, 0.0)
            elif kind == "break":
                self.spawn(CHIP, x, y, 8, 2.6, up=1.5)
                self.spawn(PUFF, x, y, 1, 0.0)
            elif kind == "rock_shatter":
                self.spawn(CHIP, x, y, 6, 2.2, up=1.2)
            elif kind == "rock_land":
                self.spawn(CHIP, x, y, 2, 1.2, up=1.0)
            elif kind == "land":
                self.spawn(SPARK, x, y - 1, 3, 1.2, up=0.8)
            elif kind == "stun":
                self.spawn(SPARK, x, y - 24, 5, 1.0, up=1.0)
            elif kind == "rescue":
                self.spawn(GOLD, x, y - 10, 12, 0.8, up=0.6)
            self.trauma = min(1.0, self.trauma + SHAKE.get(kind, 0.0))

    # --- time ------------------------------------------------------------------------------
    def step(self) -> None:
        """Advance every particle one tick."""
        self._tick += 1
        self.trauma = max(0.0, self.trauma - 0.035)
        live = self.alive
        if not live.any():
            return
        kinds = self.kind[live]
        self.vy[live] += self._gravity[kinds]
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
        frame = np.where(
            self._animate[kinds],
            self.age[live] * self._count[kinds] // self._life[kinds],
            self.variant[live],
        )
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
