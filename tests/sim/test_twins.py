"""Twins by contract: every scalar twin in game/sim is named after its column function.

For speed some simulation functions exist twice: a column version working on arrays of
bodies, and a scalar twin for one body, named the column name + `_one` and defined just
after it. They must agree bit for bit (replays and state hashes depend on it), which
tests/sim/test_single_body.py proves twin by twin. These tests find every `*_one` function
in game/sim and fail for one without its column function or without its equivalence test.
"""

import importlib
import inspect
import pkgutil
import re

import game.sim
from tests.sim import test_single_body


def _sim_modules():
    for info in pkgutil.iter_modules(game.sim.__path__):
        yield importlib.import_module(f"game.sim.{info.name}")


def _functions(module) -> dict:
    """The functions defined in `module` itself (not imported into it), by name."""
    return {
        name: f
        for name, f in vars(module).items()
        if inspect.isfunction(f) and f.__module__ == module.__name__
    }


def _twins() -> list[tuple[object, str, str]]:
    """(module, twin name, column name) for every `*_one` function in game/sim."""
    return [
        (module, name, name.removesuffix("_one"))
        for module in _sim_modules()
        for name in sorted(_functions(module))
        if name.endswith("_one")
    ]


def _equivalence_tests() -> dict[str, str]:
    """Test functions of test_single_body.py, by name, with their source."""
    return {
        name: inspect.getsource(f)
        for name, f in vars(test_single_body).items()
        if name.startswith("test_") and inspect.isfunction(f)
    }


def test_the_twins_are_found():
    found = {f"{module.__name__}.{twin}" for module, twin, _ in _twins()}
    assert "game.sim.physics.move_one" in found  # the search itself works
    assert "game.sim.steering.steer_one" in found


def test_every_twin_sits_just_after_its_column_function():
    for module, twin, column in _twins():
        functions = _functions(module)
        assert column in functions, f"{module.__name__}.{twin} has no column function {column}"
        order = sorted(functions, key=lambda name: inspect.getsourcelines(functions[name])[1])
        before = order[order.index(twin) - 1] if order.index(twin) else None
        assert before == column, (
            f"{module.__name__}.{twin} must be defined just after {column}, not after {before}"
        )


def test_every_module_with_twins_points_to_the_rule():
    for module in {module for module, _, _ in _twins()}:
        assert "tests/sim/test_single_body.py" in inspect.getsource(module), module.__name__


def test_every_twin_has_an_equivalence_test_against_its_column_function():
    tests = _equivalence_tests()
    for _module, twin, column in _twins():
        named_for = re.compile(rf"(^|_){twin}(_|$)")
        named = {name: source for name, source in tests.items() if named_for.search(name)}
        assert named, f"tests/sim/test_single_body.py has no test named for {twin}"
        calls_column = re.compile(rf"\b{column}\(")
        assert any(calls_column.search(source) for source in named.values()), (
            f"the tests named for {twin} never call the column function {column}"
        )
