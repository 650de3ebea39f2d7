"""The checker finds miners nobody could ever get out, and only those."""

from game.level.validate import check_map


def _pocket(kit, wall: int):
    """A miner walled into the right-hand end of the cave by a column of `wall` tiles."""
    r = kit.ROCK
    terrain = [
        [0] * 10,
        [0] * 10,
        [0] * 10,
        [0, 0, 0, 0, 0, 0, r, r, r, r],
        [0, 0, 0, 0, 0, 0, wall, 0, 0, 0],
        [0, 0, 0, 0, 0, 0, wall, 0, 0, 0],
        [0, 0, 0, 0, 0, 0, wall, 0, 0, 0],
        [r] * 10,
    ]
    objects = [
        kit.obj(1, "Spawn", 24, 112),
        kit.obj(2, "Exit", 0, 64, 32, 48, name="mouth"),
        kit.obj(3, "Miner", 136, 112, name="Ilya", props={"injured": True}),
    ]
    return kit.write(objects=objects, terrain=terrain, properties={"quota": 1})


def test_a_miner_sealed_in_by_rock_is_reported(mapkit):
    path = _pocket(mapkit, mapkit.ROCK)
    lines = [problem.line() for problem in check_map(path)]
    assert lines == [
        f"{path}: object 3 (Ilya): can never reach an exit, even with every breakable "
        "tile broken: open a way out for them"
    ]


def test_a_miner_behind_debris_is_fine_because_the_rasengan_opens_it(mapkit):
    assert check_map(_pocket(mapkit, mapkit.DEBRIS)) == []


def test_two_splits_with_one_order_are_reported(mapkit):
    objects = mapkit.DEFAULT_OBJECTS + [
        mapkit.obj(20, "Split", 0, 64, 16, 48, name="Start", props={"order": 1}),
        mapkit.obj(21, "Split", 128, 64, 16, 48, name="End", props={"order": 1}),
    ]
    path = mapkit.write(objects=objects)
    lines = [problem.line() for problem in check_map(path)]
    assert lines == [
        f"{path}: object 21 (End): has order 1, like split 20 (Start): give each split its "
        "own order, in the order the route reaches them"
    ]
