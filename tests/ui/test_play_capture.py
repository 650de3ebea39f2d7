"""Capture runs (`play ... --exit-after N`: screenshots, tests) leave the player's records
alone: no PB, ghost or replay read from the user's own folder, nothing written anywhere."""

import json

import platformdirs
import pygame
import pytest
from speedrun_level import RUN, RUN_ANY_TICKS, make_speedrun_level

import game.app as app_module
from game.app import App
from game.input import Action, MenuAction
from game.speedrun.ghost import GhostTrack
from game.store import Settings
from game.ui.results import ResultsScreen

RESTART = MenuAction(Action.RESTART, "keyboard")
USER_PB = {"version": 1, "records": {"synthetic/any": {"pb": [30, 80, 130, None, 900]}}}


def fill_records(folder):
    """A player's records: a PB, its ghost, a replay."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "personal_bests.json").write_text(json.dumps(USER_PB))
    (folder / "ghosts").mkdir()
    (folder / "ghosts" / "synthetic_any.ghost").write_text(GhostTrack().to_text())
    (folder / "replays").mkdir()
    (folder / "replays" / "synthetic_any_0m15s00_2026-11-20_2000.gmr").write_bytes(b"a run")


def contents(folder) -> dict[str, tuple[bytes, int]]:
    return {
        str(path.relative_to(folder)): (path.read_bytes(), path.stat().st_mtime_ns)
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@pytest.fixture
def level(tmp_path, monkeypatch):
    (tmp_path / "map").mkdir()
    level = make_speedrun_level(tmp_path / "map")
    monkeypatch.setattr(app_module, "load_level", lambda path: level)
    # Capture runs play with the default settings; these records are Any% ones.
    monkeypatch.setattr(app_module, "Settings", lambda: Settings(category="any"))
    return level


def capture_run_to_the_finish(level) -> App:
    """A capture run that plays, restarts (saving the abandoned run, normally), then plays a
    whole PB-worthy run to its finish (saving PB, ghost and replay, normally)."""
    app = App(level.path, exit_after=10**6)
    app.open_window()
    app.sample_input = lambda: RUN.mask(app.scene.world.tick)
    for _ in range(100):
        app.step_frame()
    app.scene.on_action(RESTART)
    for _ in range(700):
        app.scene.tick()
        if isinstance(app.scene, ResultsScreen):
            break  # the results screen
    return app


def test_a_capture_run_never_touches_the_users_own_records(tmp_path, monkeypatch, level):
    user = tmp_path / "user data"
    fill_records(user)
    monkeypatch.delenv("GREAT_MINE_RESCUE_HOME", raising=False)
    monkeypatch.setattr(platformdirs, "user_data_dir", lambda *a, **k: str(user))
    before = contents(user)
    try:
        app = capture_run_to_the_finish(level)
        scene = app.scene
        assert scene.__class__.__name__ == "ResultsScreen"
        assert scene.chart.final == RUN_ANY_TICKS  # a finish that would be a PB...
    finally:
        pygame.quit()
    assert contents(user) == before  # ...and the folder is as it was


def test_a_capture_run_reads_a_chosen_home_but_writes_nothing(tmp_path, monkeypatch, level):
    home = tmp_path / "chosen"
    fill_records(home)
    monkeypatch.setenv("GREAT_MINE_RESCUE_HOME", str(home))
    before = contents(home)
    try:
        app = App(level.path, exit_after=10)
        app.open_window()
        scene = app.scene
        assert scene.session.bests.get("synthetic", "any").pb_rows == (30, 80, 130, None, 900)
        assert scene.session.ghost is not None  # the splits panel and ghost can be captured
        app = capture_run_to_the_finish(level)
        assert app.scene.chart.final == RUN_ANY_TICKS  # faster than the PB in the file
    finally:
        pygame.quit()
    assert contents(home) == before
