"""The test session keeps away from a user's data, whatever the environment says."""

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import platformdirs
import pytest

from game import store
from game.speedrun import pbstore, recorder

ROOT = Path(__file__).resolve().parent.parent


def _inside_temp(path) -> bool:
    return Path(path).resolve().is_relative_to(Path(tempfile.gettempdir()).resolve())


def test_every_folder_the_game_writes_is_in_the_sessions_temp_home():
    for folder in (
        store.config_dir(),
        store.cache_dir(),
        store.data_dir(),
        store.user_maps_dir(create=False),
        pbstore.pb_path(),
        recorder.replays_dir(),
    ):
        assert _inside_temp(folder), folder


def test_platform_folders_point_into_the_temp_home_too(monkeypatch):
    # A test that unsets the game's variable still lands in the session's folders.
    monkeypatch.delenv(store.HOME_ENV)
    for folder in (
        platformdirs.user_config_dir(store.APP_NAME),
        platformdirs.user_data_dir(store.APP_NAME),
        platformdirs.user_cache_dir(store.APP_NAME),
        store.settings_path(),
    ):
        assert _inside_temp(folder), folder


@pytest.mark.slow
def test_a_users_own_home_variable_is_never_written_by_the_tests(tmp_path):
    """The README tells players to set GREAT_MINE_RESCUE_HOME; a player who then runs the
    tests must find that folder as they left it, after tests that save bests and replays."""
    users_home = tmp_path / "my-game-data"
    users_home.mkdir()
    (users_home / "personal_bests.json").write_text('{"version": 1, "records": {}}\n')
    before = {p.name: p.read_bytes() for p in users_home.iterdir()}
    env = {**os.environ, store.HOME_ENV: str(users_home)}
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "tests/ui/test_play_speedrun.py::test_a_finished_any_percent_run_is_the_pb_and_the_results_chart_it",
            "tests/test_store.py",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    after = {p.name: p.read_bytes() for p in users_home.iterdir()}
    assert after == before
