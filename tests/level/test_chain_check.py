"""`check` on a map with `next_map`: a chain that names a missing map or loops is one line
naming the map and the property; a good chain is clean."""

import io

from game.level.validate import check_map, run_check

TOWN = {"collapse_seconds": 0, "name": "Town"}


def town_objects(mapkit):
    return [o for o in mapkit.DEFAULT_OBJECTS if 'type="Miner"' not in o] + [
        mapkit.obj(20, "Guard", 100, 112, name="sentry", props={"strength": 2})
    ]


def test_a_good_chain_is_clean(mapkit):
    mapkit.write("mine.tmx")
    town = mapkit.write(
        "town.tmx", objects=town_objects(mapkit), properties={**TOWN, "next_map": "mine.tmx"}
    )
    assert check_map(town) == []


def test_a_next_map_that_is_missing_is_one_line(mapkit):
    town = mapkit.write(
        "town.tmx", objects=town_objects(mapkit), properties={**TOWN, "next_map": "gone.tmx"}
    )
    problems = check_map(town)
    assert [p.line() for p in problems] == [
        f"{town}: map property 'next_map' is 'gone.tmx', but there is no such map beside it"
    ]
    out = io.StringIO()
    assert run_check([str(town)], out=out, err=io.StringIO()) == 1
    out = out.getvalue().splitlines()
    assert out == [problems[0].line(), "1 map checked, 1 problem"]


def test_two_maps_naming_each_other_are_a_loop_on_both(mapkit):
    one = mapkit.write("one.tmx", properties={"name": "One", "next_map": "two.tmx"})
    two = mapkit.write("two.tmx", properties={"name": "Two", "next_map": "one.tmx"})
    for path, other in ((one, "two.tmx"), (two, "one.tmx")):
        problems = check_map(path)
        assert len(problems) == 1
        line = problems[0].line()
        assert line.startswith(f"{path}: map property 'next_map' is '{other}'")
        assert "a loop" in line and "\n" not in line


def test_a_map_naming_itself_is_a_loop(mapkit):
    alone = mapkit.write("alone.tmx", properties={"name": "Alone", "next_map": "alone.tmx"})
    [problem] = check_map(alone)
    assert "'next_map' is 'alone.tmx'" in problem.line() and "a loop" in problem.line()


def test_a_broken_map_further_down_the_chain_is_named(mapkit):
    mapkit.write("three.tmx", properties={"name": "Three", "next_map": "missing.tmx"})
    first = mapkit.write("first.tmx", properties={"name": "First", "next_map": "three.tmx"})
    [problem] = check_map(first)
    line = problem.line()
    assert line.startswith(f"{first}: map property 'next_map' is 'three.tmx'")
    assert "three.tmx: map property 'next_map' is 'missing.tmx'" in line


def test_a_map_without_next_map_is_not_followed(mapkit):
    assert check_map(mapkit.write("mine.tmx")) == []
