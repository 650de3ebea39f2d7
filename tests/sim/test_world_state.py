"""State in one place: every World attribute and every pool column is declared where a
reader (and a type checker) finds it, and nothing creates state on the fly."""

import ast
import inspect
import textwrap
import typing
from pathlib import Path

import numpy as np
import pytest

from game.level.tiled import load_level
from game.sim.pools import Pool
from game.sim.world import World
from game.tas import load_input_script

ROOT = Path(__file__).resolve().parents[2]
BASE_COLUMNS = ["alive", "x", "y", "vx", "vy"]


def _pool_classes() -> list[type[Pool]]:
    found, todo = [], [Pool]
    while todo:
        for sub in todo.pop().__subclasses__():
            found.append(sub)
            todo.append(sub)
    return found


def _declared_columns(cls: type[Pool]) -> list[str]:
    """The names annotated `np.ndarray` on the class and its bases, base first."""
    return [name for name, hint in typing.get_type_hints(cls).items() if hint is np.ndarray]


def test_there_are_pools_to_check():
    assert {cls.__name__ for cls in _pool_classes()} >= {"ClonePool", "MinerPool", "RockPool"}


def test_the_base_pool_declares_the_base_columns():
    assert _declared_columns(Pool) == BASE_COLUMNS


@pytest.mark.parametrize("cls", _pool_classes(), ids=lambda cls: cls.__name__)
def test_every_pool_column_is_declared_beside_columns(cls):
    assert _declared_columns(cls) == [*BASE_COLUMNS, *cls.COLUMNS]
    pool = cls(4)
    assert pool.column_names() == [*BASE_COLUMNS, *cls.COLUMNS]
    for name in pool.column_names():
        assert isinstance(getattr(pool, name), np.ndarray), name


def _declared_in_init() -> set[str]:
    """The `self.<name>: <type> = ...` annotated assignments of World.__init__."""
    tree = ast.parse(textwrap.dedent(inspect.getsource(World.__init__)))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Attribute):
            target = node.target
            if isinstance(target.value, ast.Name) and target.value.id == "self":
                names.add(target.attr)
    return names


def _world(map_name: str) -> World:
    return World(load_level(ROOT / "maps" / f"{map_name}.tmx"))


@pytest.mark.parametrize("map_name", ["great_mine", "tutorial"])
def test_every_world_attribute_is_declared_in_init_and_none_appears_later(map_name):
    world = _world(map_name)
    at_start = set(vars(world))
    assert at_start == _declared_in_init(), "declare each attribute, typed, in World.__init__"
    script = load_input_script(ROOT / "maps" / "demos" / f"{map_name}.inputs")
    for tick in range(600):
        world.step(script.mask(tick))
    assert set(vars(world)) == at_start


@pytest.mark.parametrize("map_name", ["great_mine", "tutorial"])
def test_world_pools_names_every_pool_the_world_holds(map_name):
    world = _world(map_name)
    pools = {name for name, value in vars(world).items() if isinstance(value, Pool)}
    assert pools == set(World.POOLS)
    assert len(World.POOLS) == len(set(World.POOLS))


def test_state_hash_sees_every_pool_in_world_pools():
    world = _world("great_mine")
    for name in World.POOLS:
        before = world.state_hash()
        pool = getattr(world, name)
        pool.alive[0] = not pool.alive[0]  # a slot born or gone
        assert world.state_hash() != before, name


def test_the_wall_and_floor_planes_follow_every_tile_change():
    """Steering reads World.solid and World.stands_on instead of the flags: a rubble tile
    landing or a wall broken by the Rasengan must show in them at once."""
    from game.sim.constants import ONE_WAY, SOLID

    world = _world("great_mine")
    h, w = world.flags.shape
    for k, flags in enumerate([SOLID, 0, ONE_WAY, SOLID | ONE_WAY, 0, SOLID]):
        world.set_tile((7 * k) % h, (13 * k) % w, 1, flags)
        assert (world.solid == ((world.grid & SOLID) != 0)).all()
        assert (world.stands_on == ((world.grid & (SOLID | ONE_WAY)) != 0)).all()
