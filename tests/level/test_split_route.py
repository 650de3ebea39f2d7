"""The checker finds splits a run cannot take in their order, and leaves good routes alone."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.level import reachability
from game.level.reachability import split_route
from game.level.tiled import load_level
from game.level.validate import check_map
from game.sim.world import World

MAPS = Path(__file__).resolve().parents[2] / "maps"
WIDTH = 20
FIX = "number the splits in the order a run reaches them"


def _gallery(kit, *, height: int = 6, middle: dict[int, int] | None = None, rows=None):
    """A gallery 20 tiles long: rock above row 2, a floor on row `height - 1`, walls at both
    ends. `middle` fills whole columns of the open rows with a tile, by column."""
    r = kit.ROCK
    terrain = [[r] * WIDTH for _ in range(2)]
    terrain += [[r] + [0] * (WIDTH - 2) + [r] for _ in range(height - 3)]
    terrain += [[r] * WIDTH]
    for col, tile in (middle or {}).items():
        for row in range(2, height - 1):
            terrain[row][col] = tile
    for (row, col), tile in (rows or {}).items():
        terrain[row][col] = tile
    return terrain


def _write(kit, terrain, objects, name="route.tmx"):
    attrs = {"width": str(WIDTH), "height": str(len(terrain))}
    return kit.write(name, objects=objects, terrain=terrain, properties={}, map_attrs=attrs)


def _split(kit, obj_id: int, name: str, col: int, order: int, top: int = 32, rows: int = 3):
    """A split one column wide, spanning the gallery's open rows."""
    return kit.obj(obj_id, "Split", col * 16, top, 16, rows * 16, name=name, props={"order": order})


def _trigger(obj_id: int, name: str, col: int, event: str, target: int, top=32, rows=3) -> str:
    # The kit writes ints as int; a Trigger's target must be typed object.
    return (
        f'  <object id="{obj_id}" name="{name}" type="Trigger" x="{col * 16}" y="{top}" '
        f'width="16" height="{rows * 16}">\n   <properties>\n'
        f'    <property name="event" value="{event}"/>\n'
        f'    <property name="target" type="object" value="{target}"/>\n'
        "   </properties>\n  </object>\n"
    )


def _people(kit, spawn_col: int = 2, exit_col: int = 1, miner_col: int = 4, floor: int = 80):
    return [
        kit.obj(1, "Spawn", spawn_col * 16 + 8, floor),
        kit.obj(2, "Exit", exit_col * 16, floor - 48, 32, 48, name="Mouth"),
        kit.obj(3, "Miner", miner_col * 16 + 8, floor, name="Ilya"),
    ]


def _lines(path) -> list[str]:
    return [problem.line() for problem in check_map(path)]


def _straight_gallery(kit, pump_order: int, wall_order: int):
    objects = _people(kit) + [
        _split(kit, 20, "Old pump", 8, pump_order),
        _split(kit, 21, "Far wall", 16, wall_order),
    ]
    return _write(kit, _gallery(kit), objects)


def test_a_split_every_way_to_an_earlier_one_passes_through_is_reported(mapkit):
    path = _straight_gallery(mapkit, pump_order=2, wall_order=1)
    assert _lines(path) == [
        f"{path}: object 20 (Old pump): has order 2, but every way from the spawn to split 21 "
        f"(Far wall, order 1) passes through it first: {FIX}"
    ]


def test_splits_numbered_in_the_order_the_gallery_passes_them_are_fine(mapkit):
    assert _lines(_straight_gallery(mapkit, pump_order=1, wall_order=2)) == []


def test_a_last_split_around_the_spawn_is_a_way_back_not_a_mistake(mapkit):
    objects = _people(mapkit) + [
        _split(mapkit, 20, "Old pump", 8, 1),
        _split(mapkit, 21, "Far wall", 16, 2),
        _split(mapkit, 22, "Home again", 2, 3),
    ]
    assert _lines(_write(mapkit, _gallery(mapkit), objects)) == []


def test_a_split_walled_off_by_rock_is_reported_and_one_behind_debris_is_fine(mapkit):
    def walled(tile):
        objects = _people(mapkit) + [
            _split(mapkit, 20, "Old pump", 8, 1),
            _split(mapkit, 21, "Far wall", 16, 2),
        ]
        return _write(mapkit, _gallery(mapkit, middle={12: tile}), objects, f"wall{tile}.tmx")

    path = walled(mapkit.ROCK)
    assert _lines(path) == [
        f"{path}: object 21 (Far wall): can never be reached from the spawn, even with every "
        "breakable tile broken: move it onto the route or open a way to it"
    ]
    assert _lines(walled(mapkit.DEBRIS)) == []


def _two_branches(kit, gate_order: int, lamp_order: int):
    """Naruto starts mid-gallery. West: the lamp room. East: the gate, whose trigger seals the
    passage to the west behind him (an Area at column 6)."""
    objects = _people(kit, spawn_col=10, exit_col=17, miner_col=15) + [
        kit.obj(30, "Area", 96, 32, 16, 48, name="West passage"),
        _trigger(31, "Cave-in", 13, "seal", target=30),
        _split(kit, 20, "Gate", 13, gate_order),
        _split(kit, 21, "Lamp room", 2, lamp_order),
    ]
    return _write(kit, _gallery(kit), objects)


def test_a_split_sealed_off_by_the_time_its_turn_comes_is_reported(mapkit):
    path = _two_branches(mapkit, gate_order=1, lamp_order=2)
    assert _lines(path) == [
        f"{path}: object 21 (Lamp room): has order 2, but once split 20 (Gate, order 1) is "
        f"taken no way leads back to it: {FIX}"
    ]


def test_branches_may_be_run_in_any_order_the_seals_allow(mapkit):
    assert _lines(_two_branches(mapkit, gate_order=2, lamp_order=1)) == []


def test_a_split_below_a_floor_that_a_trigger_drops_counts_as_reachable(mapkit):
    """Upper gallery on rows 2-4, a cracked floor on row 5, a cellar on rows 6-8 that only the
    collapse opens: the cellar split is reachable with the trigger, never without it. The split
    over the middle of the cracked floor stays reachable: he crosses it before it falls."""

    def cellar(with_trigger: bool):
        r = mapkit.ROCK
        terrain = _gallery(mapkit, height=10, rows={(5, c): r for c in range(WIDTH)})
        objects = _people(mapkit) + [
            mapkit.obj(30, "Area", 128, 80, 64, 16, name="Cracked floor"),
            _split(mapkit, 20, "Cracked floor", 10, 1),
            _split(mapkit, 21, "Cellar", 10, 2, top=96),
        ]
        if with_trigger:
            objects.append(_trigger(31, "Floor gives", 9, "floor_collapse", target=30))
        return _write(mapkit, terrain, objects, f"cellar{with_trigger}.tmx")

    assert _lines(cellar(with_trigger=True)) == []
    path = cellar(with_trigger=False)
    assert _lines(path) == [
        f"{path}: object 21 (Cellar): can never be reached from the spawn, even with every "
        "breakable tile broken: move it onto the route or open a way to it"
    ]


@pytest.mark.parametrize("name", ["great_mine.tmx", "tutorial.tmx"])
def test_the_shipped_maps_are_clean_and_quick_to_check(name, monkeypatch):
    """The whole check, split route included, finds nothing. What keeps it quick: the costly
    part of a walk is the World it takes its step rules from (a distance field over the whole
    map), and the route builds one per set of fallen floors and closed seals, never twice."""
    assert _lines(MAPS / name) == []
    level = load_level(MAPS / name)
    built = []

    def counted_world(walked, *args, **kwargs):
        built.append(walked.flags.tobytes())
        return World(walked, *args, **kwargs)

    monkeypatch.setattr(reachability, "World", counted_world)
    route = split_route(level)
    assert not (route.unreachable or route.passed_early or route.cut_off)
    assert len(built) == len(set(built))  # each map variant walked from one World
    assert bool(built) == bool(level.splits)  # a map with splits has its route walked
