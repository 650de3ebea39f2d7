"""Struct-of-arrays entity pools: fixed-capacity numpy columns and an `alive` mask.

Slots are never moved, so an index is a stable handle for as long as the entity lives:
a clone's `carrying` column and a miner's `carried_by` column refer to each other by index,
as do a carrier miner's `carrying` and the carried miner's `carried_by_miner`.
A new entity takes the lowest free slot, which keeps allocation deterministic.
"""

from __future__ import annotations

from typing import ClassVar

import numpy as np

from game.sim.npfast import count_nonzero

NONE = -1  # "no entity" in an index column

# Miner states
WAITING = 0  # in place; injured ones wait for a carrier, healthy ones for an open path
WALKING = 1  # healthy, walking to the exit on their own
CARRIED = 2  # held by a clone or by Goro
RESCUED = 3
LOST = 4
# The same as 0-d arrays of the columns' dtypes, for whole-column comparisons: cheaper operands
# than Python ints for numpy (see physics.k32), with the same answers.
WAITING_K, WALKING_K = np.array(WAITING, dtype=np.uint8), np.array(WALKING, dtype=np.uint8)
NONE_K = np.array(NONE, dtype=np.int16)

# Hitboxes in pixels. Positions are the hitbox's top-left corner in sub-pixel units.
NARUTO_W, NARUTO_H = 10, 22
CLONE_W, CLONE_H = 10, 22
MINER_W, MINER_H = 10, 20
ROCK_SIZE_SMALL, ROCK_SIZE_LARGE = 10, 14
CRATE_W, CRATE_H = 12, 10
GUARD_W, GUARD_H = 12, 24


def indices(mask: np.ndarray) -> np.ndarray:
    """The positions of the True entries of a 1-D mask: np.flatnonzero without its Python
    wrapper, which costs more than the work at the dozens of calls a tick makes."""
    return mask.nonzero()[0]


class Pool:
    """Columns of one entity kind. Subclasses list their extra columns in `COLUMNS` and
    declare each one beside it as `name: np.ndarray` (tests/sim/test_world_state.py checks
    the two agree), so readers and type checkers see every column."""

    COLUMNS: ClassVar[dict[str, tuple[type, int]]] = {}
    # Columns hashed only while some live entity holds a value other than the default, so a
    # column added later leaves the hashes of runs that never use it as they were.
    HASHED_WHEN_SET: ClassVar[frozenset[str]] = frozenset()

    alive: np.ndarray  # the slot holds a live entity
    x: np.ndarray  # hitbox left, sub-pixels
    y: np.ndarray  # hitbox top, sub-pixels
    vx: np.ndarray  # sub-pixels per tick
    vy: np.ndarray  # sub-pixels per tick

    def __init__(self, capacity: int):
        self.capacity: int = capacity
        self.alive = np.zeros(capacity, dtype=bool)
        self.x = np.zeros(capacity, dtype=np.int32)
        self.y = np.zeros(capacity, dtype=np.int32)
        self.vx = np.zeros(capacity, dtype=np.int32)
        self.vy = np.zeros(capacity, dtype=np.int32)
        for name, (dtype, default) in self.COLUMNS.items():
            setattr(self, name, np.full(capacity, default, dtype=dtype))

    def column_names(self) -> list[str]:
        return ["alive", "x", "y", "vx", "vy", *self.COLUMNS]

    @property
    def count(self) -> int:
        return int(count_nonzero(self.alive))

    def free_slots(self, n: int) -> np.ndarray:
        """Indices of up to `n` free slots, lowest first."""
        return indices(~self.alive)[:n]

    def spawn(self, n: int, **values) -> np.ndarray:
        """Fill up to `n` free slots with defaults overridden by `values`; return their indices."""
        slots = self.free_slots(n)
        if len(slots) == 0:
            return slots
        self.alive[slots] = True
        for name in self.column_names()[1:]:
            column = getattr(self, name)
            default = self.COLUMNS.get(name, (None, 0))[1]
            column[slots] = values.get(name, default)
        return slots

    def kill(self, slots) -> None:
        self.alive[slots] = False

    def digest_into(self, hasher) -> None:
        """Feed every column of the live slots into a hashlib object, in a fixed order."""
        live = indices(self.alive)
        hasher.update(live.astype(np.int32).tobytes())
        for name in self.column_names()[1:]:
            values = getattr(self, name)[live]
            if name in self.HASHED_WHEN_SET and not count_nonzero(values != self.COLUMNS[name][1]):
                continue
            hasher.update(np.ascontiguousarray(values).tobytes())


class ClonePool(Pool):
    HASHED_WHEN_SET = frozenset({"crate"})  # added for Boulder Town
    COLUMNS = {
        "facing": (np.int8, 1),  # +1 right, -1 left
        "on_ground": (np.bool_, False),
        "on_wall": (np.int8, 0),  # -1 clinging to a wall on the left, +1 on the right
        "carrying": (np.int16, NONE),  # miner index
        "crate": (np.int16, NONE),  # crate index (a clone carries a miner or a crate)
        "boost": (np.bool_, False),  # in a chakra-boosted leap (over a chasm) until landing
        "age": (np.int32, 0),  # ticks alive, drives animation
    }
    facing: np.ndarray
    on_ground: np.ndarray
    on_wall: np.ndarray
    carrying: np.ndarray
    crate: np.ndarray
    boost: np.ndarray
    age: np.ndarray


class MinerPool(Pool):
    def __init__(self, capacity: int):
        super().__init__(capacity)
        # The tile version the standing miners were last checked against (see miners.update).
        self.settled_at_version: int = -1

    COLUMNS = {
        "state": (np.uint8, WAITING),
        "injured": (np.bool_, False),
        "fainted": (np.bool_, False),  # out of air: must be carried, like the injured
        "last_out": (np.bool_, False),
        "carrier": (np.bool_, False),  # Goro
        "active": (np.bool_, False),  # a carrier who has been reached and now works
        "chamber": (np.int16, 0),
        "carried_by": (np.int16, NONE),  # clone index; NONE when not on a clone's arms
        "carried_by_miner": (np.int16, NONE),  # carrier (Goro) miner index; NONE if none
        "carrying": (np.int16, NONE),  # for a carrier (Goro): miner index
        "facing": (np.int8, 1),
        "on_ground": (np.bool_, False),
        "on_wall": (np.int8, 0),
        "boost": (np.bool_, False),  # leaping a chasm until landing
        "name_id": (np.int16, 0),  # index into World.miner_names
        "age": (np.int32, 0),
    }
    state: np.ndarray
    injured: np.ndarray
    fainted: np.ndarray
    last_out: np.ndarray
    carrier: np.ndarray
    active: np.ndarray
    chamber: np.ndarray
    carried_by: np.ndarray
    carried_by_miner: np.ndarray
    carrying: np.ndarray
    facing: np.ndarray
    on_ground: np.ndarray
    on_wall: np.ndarray
    boost: np.ndarray
    name_id: np.ndarray
    age: np.ndarray


class RockPool(Pool):
    COLUMNS = {
        "size": (np.int16, ROCK_SIZE_SMALL),  # edge in pixels
        "max_fall": (np.int32, 1500),  # top falling speed, sub-pixels per tick
        "age": (np.int32, 0),
    }
    size: np.ndarray
    max_fall: np.ndarray
    age: np.ndarray


class CratePool(Pool):
    """Supply crates: WAITING on the ground or CARRIED by a clone; a delivered crate's slot
    is freed."""

    def __init__(self, capacity: int):
        super().__init__(capacity)
        # The tile version the resting crates were last checked against (see crates.settle).
        self.settled_at_version: int = -1

    COLUMNS = {
        "state": (np.uint8, WAITING),
        "carried_by": (np.int16, NONE),  # clone index
        "on_ground": (np.bool_, False),
    }
    state: np.ndarray
    carried_by: np.ndarray
    on_ground: np.ndarray


class GuardPool(Pool):
    """Silvermane guards. A guard holds the line until enough clones push at once, then
    steps `aside` for good (sliding out of the way; it no longer blocks anyone)."""

    COLUMNS = {
        "strength": (np.int16, 3),  # clones pushing at once that walk it aside, now
        "base_strength": (np.int16, 3),  # its strength on the map (reinforcement doubles it)
        "commander": (np.bool_, False),
        "aside": (np.bool_, False),
        "aside_ticks": (np.int32, 0),  # ticks since it stepped aside
        "pushers": (np.int16, 0),  # clones pushing it this tick
        "facing": (np.int8, -1),  # toward the way Naruto comes (left)
        "spec": (np.int16, 0),  # index into level.guards
        "age": (np.int32, 0),
    }
    strength: np.ndarray
    base_strength: np.ndarray
    commander: np.ndarray
    aside: np.ndarray
    aside_ticks: np.ndarray
    pushers: np.ndarray
    facing: np.ndarray
    spec: np.ndarray
    age: np.ndarray
