"""`check` notes a Tiled project beside a map that no longer gives Tiled 1.9+ our object classes.

Tiled 1.8 saving `great_mine.tiled-project` drops `useAs` (and `color`, `drawFill`) from the
class types; the note says how to get the file back. A note never changes the exit code, and a
broken project file is a note too, never a traceback.
"""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

from game.level import project
from game.level.assets import notes_to
from game.level.project_safety import note_project_beside
from game.level.validate import EXIT_CLEAN, run_check

MAPS = project.ROOT / "maps"
REGENERATE = "python -m game.level.project"


def _check(map_path: Path) -> tuple[int, list[str]]:
    notes: list[str] = []
    with notes_to(notes.append):
        code = run_check([str(map_path)], out=io.StringIO(), err=io.StringIO())
    return code, [line for line in notes if "Tiled project" in line]


def _copy(tmp_path: Path, mapkit) -> Path:
    """A valid map and a copy of the shipped project file in one folder."""
    map_path = Path(mapkit.write())
    shutil.copy(project.PROJECT_FILE, map_path.parent / "great_mine.tiled-project")
    return map_path


def test_project_that_lost_use_as_is_noted(tmp_path, mapkit):
    map_path = _copy(tmp_path, mapkit)
    saved = map_path.parent / "great_mine.tiled-project"
    data = json.loads(saved.read_text())
    for entry in data["propertyTypes"]:
        if entry["name"] == "Miner":  # what a Tiled 1.8 save does to every class
            del entry["useAs"], entry["color"], entry["drawFill"]
    saved.write_text(json.dumps(data, indent=4))

    code, notes = _check(map_path)

    assert code == EXIT_CLEAN
    assert len(notes) == 1
    assert "lost `useAs`" in notes[0] and "class Miner " in notes[0]
    assert REGENERATE in notes[0]
    assert notes[0].startswith(f"{map_path}: note: ")


def test_shipped_project_gives_no_note():
    notes: list[str] = []
    with notes_to(notes.append):
        note_project_beside(str(MAPS / "great_mine.tmx"))
    assert notes == []


def test_shipped_project_regeneration_advice(tmp_path, monkeypatch):
    """The note on the game's own file names both ways back."""
    broken = tmp_path / "great_mine.tiled-project"
    data = json.loads(project.PROJECT_FILE.read_text())
    for entry in data["propertyTypes"]:
        entry.pop("useAs", None)
    broken.write_text(json.dumps(data))
    monkeypatch.setattr("game.level.project_safety.PROJECT_FILE", broken)
    notes: list[str] = []
    with notes_to(notes.append):
        note_project_beside(str(tmp_path / "level.tmx"))
    assert len(notes) == 1
    assert "classes Area, Brazier" in notes[0]
    assert REGENERATE in notes[0] and "git checkout maps/great_mine.tiled-project" in notes[0]


def test_broken_project_file_is_a_note_not_a_failure(tmp_path, mapkit):
    map_path = _copy(tmp_path, mapkit)
    (map_path.parent / "great_mine.tiled-project").write_text('{"propertyTypes": [')
    (map_path.parent / "other.tiled-project").write_bytes(b"\xff\xfe\x00garbage")
    (map_path.parent / "shapeless.tiled-project").write_text('{"propertyTypes": 3}')

    code, notes = _check(map_path)

    assert code == EXIT_CLEAN
    assert len(notes) == 3
    assert all(REGENERATE in line for line in notes)


def test_folder_noted_once(tmp_path, mapkit):
    map_path = _copy(tmp_path, mapkit)
    mapkit.write("second.tmx")
    (map_path.parent / "great_mine.tiled-project").write_text("not json")
    notes: list[str] = []
    with notes_to(notes.append):
        code = run_check([str(map_path.parent)], out=io.StringIO(), err=io.StringIO())
    assert code == EXIT_CLEAN
    assert len([line for line in notes if "Tiled project" in line]) == 1
