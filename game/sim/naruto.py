"""Naruto: running, jumping, chakra feet on walls, Rasengan and the shadow clone jutsu."""

from __future__ import annotations

import struct
from dataclasses import dataclass, fields

from game.sim import events, fire, physics, platforms, rocks
from game.sim import tuning as t
from game.sim.assists import INFINITE_CHAKRA
from game.sim.constants import (
    BREAKABLE,
    CLONE,
    DOWN,
    FIRE,
    JUMP,
    LEFT,
    RASENGAN,
    RIGHT,
    SUBPIXEL,
    TILE_SUB,
    TRANSFORM,
    UP,
)
from game.sim.pools import CLONE_H, CLONE_W, NARUTO_H, NARUTO_W, indices

CHAKRA_MAX = t.CHAKRA_MAX
TOWN_FIELDS = ("disguise", "shove")  # hashed only when set (see Naruto.digest_bytes)


@dataclass
class Naruto:
    x: int = 0  # hitbox top-left, sub-pixels
    y: int = 0
    vx: int = 0
    vy: int = 0
    facing: int = 1
    on_ground: bool = False
    on_wall: int = 0  # -1 wall on the left, +1 on the right, while clinging
    coyote: int = 0  # ticks left in which a jump still counts as from the ground
    jump_buffer: int = 0  # ticks left in which a pressed jump waits for the ground
    stun: int = 0
    grace: int = 0  # ticks left of immunity to rocks after a stun
    rasengan: int = 0  # ticks left of the current strike
    rasengan_cooldown: int = 0
    chakra: int = CHAKRA_MAX
    clone_held: int = 0  # ticks the clone button has been held
    prev_buttons: int = 0
    fire_cooldown: int = 0
    boosting: bool = False  # in a chakra-boosted leap until he lands
    safe_x: int = 0  # the last ground he stood on, where he climbs back out of a chasm
    safe_y: int = 0
    disguise: int = 0  # ticks left of Transformation; guards ignore him while it lasts
    shove: int = 0  # ticks since a guard last pushed him back, counting down

    @classmethod
    def at_spawn(cls, feet: tuple[int, int]) -> Naruto:
        fx, fy = feet
        x, y = (fx * SUBPIXEL) - NARUTO_W * SUBPIXEL // 2, (fy - NARUTO_H) * SUBPIXEL
        return cls(x=x, y=y, safe_x=x, safe_y=y)

    def digest_bytes(self) -> bytes:
        # The fields Boulder Town added count only when set, so the Great Mine's hashes (and
        # the replays that pin them) are what they were before the town existed.
        values = [int(getattr(self, f.name)) for f in fields(self) if f.name not in TOWN_FIELDS]
        town = [int(getattr(self, name)) for name in TOWN_FIELDS]
        if any(town):
            values += town
        return struct.pack(f"<{len(values)}q", *values)

    @property
    def center_px(self) -> tuple[int, int]:
        return (self.x // SUBPIXEL + NARUTO_W // 2, self.y // SUBPIXEL + NARUTO_H // 2)


def update(world, buttons: int) -> None:
    n = world.naruto
    pressed = buttons & ~n.prev_buttons
    released = n.prev_buttons & ~buttons
    n.prev_buttons = buttons
    if not n.disguise:
        n.chakra = min(t.CHAKRA_MAX, n.chakra + t.CHAKRA_REGEN_PER_TICK)
    n.grace = max(0, n.grace - 1)
    n.rasengan_cooldown = max(0, n.rasengan_cooldown - 1)
    n.fire_cooldown = max(0, n.fire_cooldown - 1)

    if n.stun > 0:
        n.stun -= 1
        buttons = pressed = released = 0

    infinite = INFINITE_CHAKRA in world.assists
    if infinite:
        n.chakra = t.CHAKRA_MAX  # the assist: every cost below is paid from a full bar
    _run(n, buttons)
    _jump_and_walls(world, n, buttons, pressed, released)
    _move(world, n, buttons)
    _jutsu(world, n, buttons, pressed)
    if infinite:
        n.chakra = t.CHAKRA_MAX  # ...and the bar is full again: chakra never drops


def _run(n: Naruto, buttons: int) -> None:
    direction = (1 if buttons & RIGHT else 0) - (1 if buttons & LEFT else 0)
    accel = t.RUN_ACCEL_GROUND if n.on_ground else t.RUN_ACCEL_AIR
    if n.boosting:
        return  # a boosted leap keeps its speed until he lands
    if direction:
        n.facing = direction
        target = direction * t.RUN_SPEED
        if n.vx < target:
            n.vx = min(target, n.vx + accel)
        elif n.vx > target:
            n.vx = max(target, n.vx - accel)
    elif n.on_ground:
        n.vx = max(0, n.vx - t.GROUND_FRICTION) if n.vx > 0 else min(0, n.vx + t.GROUND_FRICTION)


def _jump_and_walls(world, n: Naruto, buttons: int, pressed: int, released: int) -> None:
    grid = world.grid
    direction = (1 if buttons & RIGHT else 0) - (1 if buttons & LEFT else 0)
    n.coyote = t.COYOTE_TICKS if n.on_ground else max(0, n.coyote - 1)
    n.jump_buffer = t.JUMP_BUFFER_TICKS if pressed & JUMP else max(0, n.jump_buffer - 1)

    # Chakra feet: pushing into a wall while airborne clings to it; holding up runs up it.
    n.on_wall = 0
    airborne = not n.on_ground
    if airborne and physics.solid_beside_one(grid, n.x, n.y, NARUTO_W, NARUTO_H, direction):
        n.on_wall = direction

    n.vy = min(t.MAX_FALL, n.vy + t.GRAVITY)
    if n.on_wall:
        if buttons & UP:
            n.vy = -t.WALL_RUN_SPEED
        else:
            n.vy = min(n.vy, t.WALL_SLIDE_SPEED)

    boost = buttons & UP and n.chakra >= t.BOOST_COST
    if n.jump_buffer and (n.on_ground or n.coyote) and boost:
        # Chakra in the legs: a long, flat leap that carries its speed to the far side.
        n.chakra -= t.BOOST_COST
        n.vy = -t.BOOST_JUMP_SPEED
        n.vx = n.facing * t.BOOST_RUN_SPEED
        n.boosting = True
        n.jump_buffer = n.coyote = 0
        n.on_ground = False
        world.events.append((events.BOOST, *n.center_px))
    elif n.jump_buffer and (n.on_ground or n.coyote):
        n.vy = -t.JUMP_SPEED
        n.jump_buffer = n.coyote = 0
        n.on_ground = False
        world.events.append((events.JUMP, *n.center_px))
    elif n.jump_buffer and n.on_wall:
        n.vy = -t.JUMP_SPEED
        n.vx = -n.on_wall * t.WALL_JUMP_PUSH
        n.facing = -n.on_wall
        n.jump_buffer = 0
        n.on_wall = 0
        world.events.append((events.JUMP, *n.center_px))

    # Variable height: letting go of jump on the way up cuts the rise short (but not a
    # chakra-boosted leap, which is committed once it starts).
    if released & JUMP and n.vy < 0 and not n.on_wall and not n.boosting:
        n.vy //= t.JUMP_CUT_DIVISOR


def _move(world, n: Naruto, buttons: int) -> None:
    was_on_ground = n.on_ground
    prev_y = n.y
    drop = bool(buttons & DOWN)
    n.x, n.y, n.vx, n.vy, landed, wall, _ = physics.move_one(
        world.grid, n.x, n.y, n.vx, n.vy, NARUTO_W, NARUTO_H, drop
    )
    n.y, n.vy, on_rock = platforms.ride_one(world, n.x, n.y, n.vy, prev_y, NARUTO_W, NARUTO_H)
    n.on_ground = landed or on_rock
    if n.on_ground or wall:
        n.boosting = False
    if n.on_ground and not was_on_ground:
        world.events.append((events.LAND, n.center_px[0], n.y // SUBPIXEL + NARUTO_H))


def _transformation(world, n: Naruto, pressed: int) -> None:
    """TRANSFORM puts on the disguise (or takes it off); any other jutsu gives him away."""
    if n.disguise:
        n.disguise -= 1
        if pressed & (TRANSFORM | CLONE | RASENGAN | FIRE):
            n.disguise = 0
        if not n.disguise:
            world.events.append((events.UNTRANSFORM, *n.center_px))
    elif pressed & TRANSFORM and n.chakra >= t.TRANSFORM_COST:
        n.chakra -= t.TRANSFORM_COST
        n.disguise = t.TRANSFORM_TICKS
        world.events.append((events.TRANSFORM, *n.center_px))


def clone_burst(world) -> None:
    """The Multi Shadow Clone pours out its clones a dozen a tick, free of chakra."""
    for _ in range(min(world.clone_burst, t.CLONE_BURST_PER_TICK)):
        if not spawn_clone(world, free=True):
            world.clone_burst = 0  # the pool is full
            return
        world.clone_burst -= 1


def _jutsu(world, n: Naruto, buttons: int, pressed: int) -> None:
    _transformation(world, n, pressed)
    if world.clone_burst:
        clone_burst(world)
    if pressed & FIRE:
        fire.ignite(world)
    ready = not n.rasengan and not n.rasengan_cooldown and n.chakra >= t.RASENGAN_COST
    if pressed & RASENGAN and ready:
        n.chakra -= t.RASENGAN_COST
        n.rasengan = t.RASENGAN_TICKS
        world.events.append((events.RASENGAN, *n.center_px))
    if n.rasengan:
        if n.rasengan > t.RASENGAN_TICKS - t.RASENGAN_ACTIVE_TICKS:
            _rasengan_strike(world, n)
        n.rasengan -= 1
        if not n.rasengan:
            n.rasengan_cooldown = t.RASENGAN_COOLDOWN

    if pressed & CLONE and buttons & DOWN:
        dispel_all(world)
        n.clone_held = 0
        return
    if buttons & CLONE:
        n.clone_held += 1
        streaming = n.clone_held >= t.CLONE_STREAM_DELAY
        if n.clone_held == 1 or (
            streaming and (n.clone_held - t.CLONE_STREAM_DELAY) % t.CLONE_STREAM_INTERVAL == 0
        ):
            spawn_clone(world)
    else:
        n.clone_held = 0


def strike_box(n: Naruto) -> tuple[int, int, int, int]:
    """The Rasengan's reach in sub-pixels: (left, top, right, bottom), right/bottom exclusive."""
    reach = t.RASENGAN_REACH_PX * SUBPIXEL
    top = n.y + 3 * SUBPIXEL
    bottom = n.y + (NARUTO_H - 3) * SUBPIXEL
    if n.facing > 0:
        left = n.x + NARUTO_W * SUBPIXEL
        return left, top, left + reach, bottom
    return n.x - reach, top, n.x, bottom


def _rasengan_strike(world, n: Naruto) -> None:
    left, top, right, bottom = strike_box(n)
    rows = range(max(0, top // TILE_SUB), min(world.flags.shape[0], (bottom - 1) // TILE_SUB + 1))
    cols = range(max(0, left // TILE_SUB), min(world.flags.shape[1], (right - 1) // TILE_SUB + 1))
    for row in rows:
        for col in cols:
            if world.flags[row, col] & BREAKABLE:
                world.set_tile(row, col, 0, 0)
                world.events.append((events.BREAK, col * 16 + 8, row * 16 + 8))
    rocks.shatter_in_box(world, left, top, right, bottom)


def spawn_clone(world, free: bool = False) -> bool:
    """One shadow clone at Naruto's side, if chakra (unless `free`) and the pool allow."""
    n = world.naruto
    if n.chakra < t.CLONE_COST and not free:
        return False
    # Alternate sides and a small spread, drawn from the world's generator, so a stream fans out.
    offset = (world.rng.below(9) - 4) * SUBPIXEL
    slots = world.clones.spawn(
        1,
        x=n.x + (NARUTO_W - CLONE_W) * SUBPIXEL // 2 + offset,
        y=n.y + (NARUTO_H - CLONE_H) * SUBPIXEL,
        vx=n.vx,
        vy=min(n.vy, 0) - 200,
        facing=n.facing,
    )
    if len(slots) == 0:
        return False
    if not free:
        n.chakra -= t.CLONE_COST
    world.events.append((events.CLONE, *n.center_px))
    return True


def dispel_all(world) -> None:
    from game.sim import clones  # local: clones imports this module

    live = indices(world.clones.alive)
    clones.dispel(world, live)
    world.naruto.chakra = min(t.CHAKRA_MAX, world.naruto.chakra + t.DISPEL_REFUND * len(live))
