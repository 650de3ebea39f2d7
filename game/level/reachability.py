"""Map-wide rules of `python -m game check` that need the level walked as bodies walk it.

Both rules open every breakable tile (debris, rubble, barricades: whatever Naruto can clear)
and walk the grid with the simulation's own step rules (`game.sim.paths.step_costs`: which
cell a body can enter from which side, chasms crossed only by the chakra leap).

Miners: the distance field toward the exits that clones and miners walk on; a miner standing
where it never reaches can never get out. Supply crates likewise toward the camps.

Splits: the sim takes them strictly in `order`, each the first time Naruto enters it while it
is the next one due. So each must be reachable, and reachable in its turn. Every judgement
below is exact on the grid (close some cells, walk again), never a guess from distances, and
leans towards silence: whatever the checker cannot be sure of, it lets pass.
- The walk from the spawn fires each floor-collapse trigger it enters (cells reached while the
  floor held stay reached); seals are left open. A split this walk never enters is reported.
- Passed early: when every way from the spawn to a split crosses a later-numbered split (its
  cells closed, the earlier one is cut off), the run always enters the later split while it is
  not yet due, and it could only count on a trip back. Splits on separate branches, neither in
  the way of the other, may be run in either order: that is the runner's routing, left alone.
  A split around the spawn, or one overlapping the other (both are taken from the shared
  cells), is never reported as early.
- Cut off: once a split is taken, the seals whose trigger every way to it (or to an earlier
  split) crosses have surely fallen. If, with those seals closed, no way leads from that split
  to a later-numbered one, the later one can never be taken. Floors that may have collapsed
  by then are tried in every combination (up to `MAX_COLLAPSES` of them; past that this check
  is skipped), and other seals are left open.
"""

from __future__ import annotations

import itertools
from collections import deque
from dataclasses import dataclass, replace

import numpy as np

from game.level.model import CrateSpec, Level, MinerSpec, Rect, SplitSpec
from game.sim.constants import BREAKABLE, SOLID, SUBPIXEL, TILE
from game.sim.paths import DOWN, SIDE, UNREACHABLE, UP, body_cells, distance_field
from game.sim.pools import CRATE_H, CRATE_W, MINER_H, MINER_W, NARUTO_H, NARUTO_W
from game.sim.world import World


def unreachable_miners(level: Level) -> list[MinerSpec]:
    world = World(replace(level, flags=_broken_open(level.flags), intro=""))
    field = world.paths.to_exit
    stuck = []
    for spec in level.miners:
        row, col = _body_cell(spec.x, spec.y, MINER_W, MINER_H)
        if field[row + 1, col + 1] >= UNREACHABLE:
            stuck.append(spec)
    return stuck


def unreachable_crates(level: Level) -> list[CrateSpec]:
    """Supply crates no clone could carry to a camp (even with every breakable tile broken)."""
    if not level.crates or not level.camps:
        return []
    world = World(replace(level, flags=_broken_open(level.flags), intro=""))
    field = distance_field(world.paths.cost, world.paths.camp_goals)
    stuck = []
    for spec in level.crates:
        row, col = _body_cell(spec.x, spec.y, CRATE_W, CRATE_H)
        if field[row + 1, col + 1] >= UNREACHABLE:
            stuck.append(spec)
    return stuck


@dataclass(frozen=True)
class SplitRoute:
    """What the split rule found, each pair as (the split at fault, the earlier-numbered split
    it clashes with)."""

    unreachable: list[SplitSpec]  # no way from the spawn leads into them
    passed_early: list[tuple[SplitSpec, SplitSpec]]  # every way to the other crosses it first
    cut_off: list[tuple[SplitSpec, SplitSpec]]  # no way leads back to it once the other is taken


MAX_COLLAPSES = 3  # floor collapses tried in every combination by the cut-off check


def split_route(level: Level) -> SplitRoute:
    if not level.splits:
        return SplitRoute([], [], [])
    route = _SplitWalks(level)
    return SplitRoute(route.unreachable, route.passed_early(), route.cut_off())


class _SplitWalks:
    """The walks the split checks share: from the spawn, with everything open."""

    def __init__(self, level: Level):
        self.level = level
        self.walk = _RouteWalk(level)
        shape = level.flags.shape
        self.shape = shape
        self.start_cell = _body_cell(*level.spawn, NARUTO_W, NARUTO_H)
        self.start = np.zeros(shape, dtype=bool)
        if _holds((slice(0, shape[0]), slice(0, shape[1])), self.start_cell):
            self.start[self.start_cell] = True
        self.reached = self.walk.reach(self.start, np.zeros(shape, dtype=bool))
        self.cells = {split.obj_id: _rect_cells(split.rect, shape) for split in level.splits}
        self.reachable = [s for s in level.splits if self._entered(s, self.reached)]
        self.unreachable = [s for s in level.splits if s not in self.reachable]

    def _entered(self, split: SplitSpec, reached: np.ndarray) -> bool:
        return bool(reached[self.cells[split.obj_id]].any())

    def _cut_off_by(self, cells: tuple[slice, slice]) -> list[SplitSpec]:
        """The reachable splits no way from the spawn reaches once these cells are closed."""
        blocked = _mask(cells, self.shape)
        without = self.walk.reach(self.start & ~blocked, blocked)
        return [s for s in self.reachable if not self._entered(s, without)]

    def passed_early(self) -> list[tuple[SplitSpec, SplitSpec]]:
        found = []
        for split in self.reachable:
            mine = self.cells[split.obj_id]
            if _holds(mine, self.start_cell):
                continue  # in the way of everything; taken at once, or on the way back
            earlier = [
                s
                for s in self.reachable
                if s.order < split.order and not _overlap(mine, self.cells[s.obj_id])
            ]
            behind = self._cut_off_by(mine) if earlier else []
            first = next((s for s in earlier if s in behind), None)
            if first is not None:
                found.append((split, first))
        return found

    def cut_off(self) -> list[tuple[SplitSpec, SplitSpec]]:
        collapsed = [t.obj_id for t in self.walk.collapses if _touches(t.rect, self.reached)]
        if len(collapsed) > MAX_COLLAPSES:
            return []
        floor_states = [
            frozenset(chosen)
            for size in range(len(collapsed) + 1)
            for chosen in itertools.combinations(collapsed, size)
        ]
        sealed_by = self._seals_fallen_by()
        found: list[tuple[SplitSpec, SplitSpec]] = []
        sealed: frozenset[int] = frozenset()
        for taken in self.reachable:
            sealed |= sealed_by[taken.obj_id]
            later = [
                s
                for s in self.reachable
                if s.order > taken.order and all(s is not f for f, _ in found)
            ]
            if not later:
                continue
            there = self.reached & _mask(self.cells[taken.obj_id], self.shape)
            onward = np.zeros(self.shape, dtype=bool)
            for fallen in floor_states:
                onward |= self.walk.reach_onward(there, fallen, sealed)
            found += [(s, taken) for s in later if not self._entered(s, onward)]
        return found

    def _seals_fallen_by(self) -> dict[int, frozenset[int]]:
        """For each split, the seals surely fallen by the time Naruto first enters it: those
        whose trigger holds the spawn, or lies on every way to the split."""
        fallen: dict[int, set[int]] = {s.obj_id: set() for s in self.reachable}
        for seal in (t for t in self.level.triggers if t.event == "seal"):
            trigger = _rect_cells(seal.rect, self.shape)
            at_once = _holds(trigger, self.start_cell)
            for split in self.reachable if at_once else self._cut_off_by(trigger):
                fallen[split.obj_id].add(seal.obj_id)
        return {obj_id: frozenset(seals) for obj_id, seals in fallen.items()}


class _RouteWalk:
    """Every cell Naruto's body can reach from some cells, firing floor collapses on the way.

    The step rules come from a World built on the opened flags, so they are exactly the ones
    clones walk by; one World per set of collapsed floors and fallen seals, remembered."""

    def __init__(self, level: Level):
        self.level = level
        self.opened = _broken_open(level.flags)
        self.triggers = {t.obj_id: t for t in level.triggers}
        self.collapses = [t for t in level.triggers if t.event == "floor_collapse"]
        self.moves_cache: dict[tuple[frozenset[int], frozenset[int]], tuple[np.ndarray, ...]] = {}

    def reach(
        self,
        seeds: np.ndarray,
        closed: np.ndarray,
        fired: frozenset[int] = frozenset(),
        sealed: frozenset[int] = frozenset(),
    ) -> np.ndarray:
        reached = seeds & ~closed
        while True:
            # Cells reached before a floor fell stay reached: he was there while it held.
            reached = _flood(self._moves(fired, sealed), reached, closed)
            now = fired | {t.obj_id for t in self.collapses if _touches(t.rect, reached)}
            if now == fired:
                return reached
            fired = now

    def reach_onward(
        self, seeds: np.ndarray, fallen: frozenset[int], sealed: frozenset[int]
    ) -> np.ndarray:
        """Everywhere he can get to from `seeds` with the `fallen` floors already gone and the
        `sealed` seals closed."""
        return self.reach(seeds, np.zeros(seeds.shape, dtype=bool), fallen, sealed)

    def _moves(self, fired: frozenset[int], sealed: frozenset[int]) -> tuple[np.ndarray, ...]:
        key = (fired, sealed)
        if key not in self.moves_cache:
            flags = self.opened.copy()
            for trigger_id in sorted(fired):
                area = _rect_cells(self.triggers[trigger_id].area, flags.shape)
                flags[area] = np.where(flags[area] & SOLID, 0, flags[area])
            for trigger_id in sorted(sealed):
                area = _rect_cells(self.triggers[trigger_id].area, flags.shape)
                flags[area] = np.where(flags[area] == 0, SOLID, flags[area])
            costs = World(replace(self.level, flags=flags, intro="")).paths.cost
            self.moves_cache[key] = tuple(costs[d] < UNREACHABLE for d in (SIDE, UP, DOWN))
        return self.moves_cache[key]


def _flood(moves: tuple[np.ndarray, ...], seeds: np.ndarray, closed: np.ndarray) -> np.ndarray:
    """`seeds` and every cell reachable from them: a breadth-first walk over flat indices,
    entering a cell sideways, upward or downward only where the step rules allow it."""
    side, up, down = (np.asarray(m & ~closed).ravel().tolist() for m in moves)
    h, w = closed.shape
    reached = bytearray(seeds.astype(np.uint8).ravel().tobytes())
    queue = deque(np.flatnonzero(seeds).tolist())
    while queue:
        cell = queue.popleft()
        col = cell % w
        for nxt, ok in (
            (cell - 1, col > 0 and side[cell - 1]),
            (cell + 1, col < w - 1 and side[cell + 1]),
            (cell - w, cell >= w and up[cell - w]),
            (cell + w, cell + w < h * w and down[cell + w]),
        ):
            if ok and not reached[nxt]:
                reached[nxt] = 1
                queue.append(nxt)
    return np.frombuffer(bytes(reached), dtype=np.uint8).reshape(h, w).astype(bool)


def _broken_open(flags: np.ndarray) -> np.ndarray:
    """The flags with every breakable tile gone, as if the Rasengan had cleared them all."""
    return np.where(flags & BREAKABLE, 0, flags).astype(np.uint8)


def _body_cell(feet_x: int, feet_y: int, width: int, height: int) -> tuple[int, int]:
    """The grid cell a body standing on these feet (pixels) counts as being in."""
    x = np.array([feet_x * SUBPIXEL - width * SUBPIXEL // 2])
    y = np.array([(feet_y - height) * SUBPIXEL])
    row, col = body_cells(x, y, width, height)
    return int(row[0]), int(col[0])


def _rect_cells(rect: Rect, shape: tuple[int, int]) -> tuple[slice, slice]:
    """The grid cells a rectangle (pixels) overlaps, as a slice of the grid."""
    rows = slice(max(0, rect.y // TILE), min(shape[0], (rect.y + rect.h + TILE - 1) // TILE))
    cols = slice(max(0, rect.x // TILE), min(shape[1], (rect.x + rect.w + TILE - 1) // TILE))
    return rows, cols


def _holds(cells: tuple[slice, slice], cell: tuple[int, int]) -> bool:
    rows, cols = cells
    return rows.start <= cell[0] < rows.stop and cols.start <= cell[1] < cols.stop


def _overlap(a: tuple[slice, slice], b: tuple[slice, slice]) -> bool:
    return all(x.start < y.stop and y.start < x.stop for x, y in zip(a, b, strict=True))


def _touches(rect: Rect, reached: np.ndarray) -> bool:
    return bool(reached[_rect_cells(rect, reached.shape)].any())


def _mask(cells: tuple[slice, slice], shape: tuple[int, int]) -> np.ndarray:
    mask = np.zeros(shape, dtype=bool)
    mask[cells] = True
    return mask
