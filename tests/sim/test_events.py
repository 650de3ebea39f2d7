"""One list of events: every kind the simulation reports is named in `game.sim.events`, and
every kind is heard, seen, or deliberately silent."""

import ast
from pathlib import Path

import pytest

from game.audio.mixing import EFFECTS
from game.level.tiled import load_level
from game.render.effects import BURSTS, SHAKE
from game.render.lighting import FLASHES
from game.sim import events
from game.sim.world import World
from game.tas import load_input_script

ROOT = Path(__file__).resolve().parents[2]
SIM = ROOT / "game" / "sim"

# The tables that turn events into sound, particles, shake and light.
TABLES = {
    "mixing.EFFECTS": EFFECTS,
    "effects.BURSTS": BURSTS,
    "effects.SHAKE": SHAKE,
    "lighting.FLASHES": FLASHES,
}
# Kinds no table reacts to, on purpose:
SILENT = {
    # Reaching a split is speedrun bookkeeping: the HUD, the LiveSplit link and replays read
    # `world.split_ticks`; a sound or a puff at a line only the runner cares about would
    # be noise in a casual play.
    events.SPLIT,
}


def test_all_names_every_constant_once():
    constants = {
        name: value
        for name, value in vars(events).items()
        if name.isupper() and name != "ALL" and isinstance(value, str)
    }
    assert set(constants.values()) == set(events.ALL)
    assert len(set(constants.values())) == len(constants), "two names for one kind"
    for name, value in constants.items():
        assert value == name.lower(), f"{name} = {value!r}: name a kind after its string"


@pytest.mark.parametrize("table", sorted(TABLES))
def test_every_table_key_is_a_known_kind(table):
    unknown = set(TABLES[table]) - events.ALL
    assert not unknown, f"{table} reacts to kinds the simulation never emits: {unknown}"


def test_every_kind_is_handled_or_deliberately_silent():
    handled = set().union(*TABLES.values())
    assert SILENT <= events.ALL
    assert not (SILENT & handled), f"silent kinds that are handled: {SILENT & handled}"
    unhandled = events.ALL - SILENT - handled
    assert not unhandled, f"nobody reacts to {unhandled}: handle them or list them in SILENT"


def test_every_kind_sounds_unless_silent():
    """The mixer is the one table meant to cover every kind (particles are for some)."""
    assert set(EFFECTS) == events.ALL - SILENT


@pytest.fixture(scope="module")
def demo_kinds() -> set[str]:
    script = load_input_script(ROOT / "maps" / "demos" / "great_mine.inputs")
    world = World(load_level(ROOT / "maps" / "great_mine.tmx"))
    seen: set[str] = set()
    for tick in range(60 * 60 * 10):
        if world.finished:
            break
        world.step(script.mask(tick))
        seen.update(kind for kind, _x, _y in world.events)
    assert world.finished
    return seen


@pytest.mark.slow
def test_the_demo_emits_only_known_kinds(demo_kinds):
    assert demo_kinds <= events.ALL, f"unlisted kinds: {demo_kinds - events.ALL}"
    handled = set().union(*TABLES.values())
    assert demo_kinds <= handled | SILENT
    # The demo plays most of the game: a kind it stops emitting is worth noticing.
    assert len(demo_kinds) >= 15, sorted(demo_kinds)


def _appended_kinds(tree: ast.AST):
    """The first element of every `<...>.events.append((kind, x, y))` call."""
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        owner = node.func.value
        if node.func.attr not in ("append", "extend", "insert"):
            continue
        if not (isinstance(owner, ast.Attribute) and owner.attr == "events"):
            continue
        yield node, node.args[0] if node.args else None


def test_the_simulation_emits_through_the_named_constants():
    found = 0
    for path in sorted(SIM.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for call, arg in _appended_kinds(tree):
            where = f"{path.name}:{call.lineno}"
            assert call.func.attr == "append", f"{where}: append one (kind, x, y) at a time"
            assert isinstance(arg, ast.Tuple) and len(arg.elts) >= 2, where
            kind = arg.elts[0]
            assert not isinstance(kind, ast.Constant), (
                f"{where}: use game.sim.events, not {kind.value!r}"
            )
            assert (
                isinstance(kind, ast.Attribute)
                and isinstance(kind.value, ast.Name)
                and kind.value.id == "events"
                and kind.attr in vars(events)
            ), f"{where}: the kind should be events.<NAME>"
            found += 1
    assert found >= len(events.ALL), "the scan missed emit sites"
