"""The map digest fingerprints what the simulation plays, not the bytes of the file."""

import dataclasses
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from game.level.tiled import load_level
from game.speedrun.digest import map_digest

ROOT = Path(__file__).resolve().parent.parent.parent
GREAT_MINE = ROOT / "maps" / "great_mine.tmx"


@pytest.fixture(scope="module")
def level():
    return load_level(GREAT_MINE)


def test_the_same_map_loaded_twice_has_the_same_digest(level):
    assert map_digest(level) == map_digest(load_level(GREAT_MINE))


def test_changing_one_miners_property_changes_the_digest(level):
    first = level.miners[0]
    for change in ({"injured": not first.injured}, {"x": first.x + 1}, {"says": "hello"}):
        miners = [dataclasses.replace(first, **change), *level.miners[1:]]
        assert map_digest(dataclasses.replace(level, miners=miners)) != map_digest(level)


def test_one_tile_or_the_collapse_timer_changes_the_digest(level):
    flags = level.flags.copy()
    flags[0, 0] ^= 1
    assert map_digest(dataclasses.replace(level, flags=flags)) != map_digest(level)
    longer = dataclasses.replace(level, collapse_seconds=level.collapse_seconds + 1)
    assert map_digest(longer) != map_digest(level)


def test_what_only_the_renderer_reads_leaves_the_digest_alone(level):
    renamed = dataclasses.replace(level, name="Another Name", dark=not level.dark, background=[])
    assert map_digest(renamed) == map_digest(level)


@pytest.mark.skipif(
    shutil.which("tiled") is None, reason="the Tiled editor is not installed (apt install tiled)"
)
def test_a_resave_in_tiled_keeps_the_digest(tmp_path, level):
    resaved = tmp_path / "great_mine.tmx"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_RUNTIME_DIR": str(tmp_path)}
    subprocess.run(
        ["tiled", "--export-map", str(GREAT_MINE), str(resaved)],
        check=True,
        capture_output=True,
        timeout=60,
        env=env,
    )
    assert resaved.read_bytes() != GREAT_MINE.read_bytes()
    assert map_digest(load_level(resaved)) == map_digest(level)
