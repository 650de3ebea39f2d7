"""Issue 14, "Play from here": `play MAP --spawn-at-object ID` (Tiled's %objectid) and
`--spawn-at X,Y` start Naruto at a spot the designer picks; such a run keeps no records."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.__main__ import main
from game.level.model import MapError
from game.level.spawn_at import SpawnChoice, moved_spawn, play_loader
from game.level.tiled import load_level
from game.sim.constants import RIGHT
from game.sim.naruto import Naruto
from game.sim.world import World
from game.speedrun.session import SpeedrunSession
from game.ui.reload import MapWatcher
from tests.fake_clock import FakeClock

MAPS = Path(__file__).resolve().parents[2] / "maps"


def _feet_map(mapkit) -> Path:
    """The test map plus a point on the floor (40), a box on it (41), a point in the rock
    (42) and a box made from a template (43)."""
    (mapkit.folder / "marker.tx").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<template>\n'
        ' <object name="marker" width="16" height="32"/>\n</template>\n',
        encoding="utf-8",
    )
    objects = [
        *mapkit.DEFAULT_OBJECTS,
        mapkit.obj(40, None, 88, 112, name="here"),
        mapkit.obj(41, "Area", 72, 80, 32, 32, name="box"),
        mapkit.obj(42, None, 40, 124, name="in the rock"),
        '  <object id="43" template="marker.tx" x="80" y="80"/>\n',
    ]
    return mapkit.write(objects=objects)


@pytest.mark.parametrize(
    ("object_id", "feet"),
    [(40, (88, 112)), (41, (88, 112)), (43, (88, 112))],
    ids=["point", "rectangle bottom-centre", "template rectangle"],
)
def test_naruto_starts_on_the_chosen_object(mapkit, object_id, feet):
    level = play_loader(False, SpawnChoice(object_id=object_id))(str(_feet_map(mapkit)))
    assert level.spawn == feet and level.sections[0].spawn == feet
    assert level.spawn_moved
    world = World(level)
    start = Naruto.at_spawn(feet)
    assert (world.naruto.x, world.naruto.y) == (start.x, start.y)


def test_everything_but_the_start_is_the_map(mapkit):
    path = _feet_map(mapkit)
    plain = load_level(path)
    moved = moved_spawn(plain, SpawnChoice(point=(88, 112)))
    assert plain.spawn == (24, 112) and not plain.spawn_moved  # the map itself is untouched
    assert moved.miners == plain.miners and moved.exits == plain.exits
    assert (moved.flags == plain.flags).all()


def test_a_spot_in_rock_or_an_unknown_id_is_one_line(mapkit):
    path = str(_feet_map(mapkit))
    with pytest.raises(MapError) as error:
        play_loader(False, SpawnChoice(object_id=42))(path)
    assert str(error.value).startswith(f"{path}: object 42 (in the rock): Naruto would start ")
    assert "pick another spot" in str(error.value)
    with pytest.raises(MapError, match="no object has id 77"):
        play_loader(False, SpawnChoice(object_id=77))(path)


@pytest.mark.parametrize(
    ("argv", "code", "says"),
    [
        (["--spawn-at-object", "999"], 1, "tutorial.tmx: no object has id 999"),
        (["--spawn-at", "0,0"], 1, "Naruto would stick out of the map"),
        (["--spawn-at-object", "%objectid"], 2, "select one object in Tiled"),
        (["--spawn-at-object", "two"], 2, "expects an object id"),
        (["--spawn-at", "10,abc"], 2, "expects X,Y in pixels"),
        (["--spawn-at-object", "1", "--chain"], 2, "leave out --chain"),
        (["--spawn-at-object", "1", "--spawn-at", "1,1"], 2, "not allowed with"),
    ],
)
def test_the_play_command_refuses_a_bad_spot_in_one_line(capsys, argv, code, says):
    try:
        got = main(["play", str(MAPS / "tutorial.tmx"), *argv, "--exit-after", "1"])
    except SystemExit as stop:  # argparse's own usage errors
        got = stop.code
    assert got == code
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and says in err, err


def test_the_chosen_spot_survives_a_save(mapkit):
    path = _feet_map(mapkit)
    clock = FakeClock()
    watcher = MapWatcher(path, clock, play_loader(False, SpawnChoice(object_id=41)))
    path.write_text(path.read_text("utf-8").replace('x="72" y="80"', 'x="120" y="80"'), "utf-8")
    reloaded = watcher.reload().level
    assert reloaded is not None
    assert reloaded.spawn == (136, 112) and reloaded.spawn_moved


def test_a_run_from_a_moved_spawn_keeps_no_records(mapkit, tmp_path, monkeypatch):
    path = _feet_map(mapkit)
    moved = play_loader(False, SpawnChoice(object_id=40))(str(path))
    for level, keeps in ((load_level(path), True), (moved, False)):
        home = tmp_path / f"home_{keeps}"
        monkeypatch.setenv("GREAT_MINE_RESCUE_HOME", str(home))
        session = SpeedrunSession(level, clock=FakeClock())
        world = session.start("any")
        for _ in range(90):
            splits = len(world.split_ticks)
            world.step(RIGHT)  # the first input starts the run
            session.stepped(world, RIGHT, (0, 0), splits)
        session.end_attempt(world)
        written = sorted(p.relative_to(home).as_posix() for p in home.rglob("*") if p.is_file())
        assert bool(written) is keeps, written
        assert session.practice is not keeps


def test_the_app_plays_the_given_map_from_the_spot(mapkit):
    from game.app import App

    app = App(str(_feet_map(mapkit)), exit_after=1, spawn_at=SpawnChoice(object_id=41))
    assert app.level.spawn == (88, 112) and app.level.spawn_moved
