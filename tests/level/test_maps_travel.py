"""Issue 14, maps that travel: a map moved out of maps/ still finds the game's tileset and
templates by file name (with a note from `check`), and `pack` makes a self-contained copy."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from game.__main__ import main
from game.headless import simulate
from game.level.assets import notes_to
from game.level.tiled import load_level
from game.level.validate import run_check
from game.speedrun.digest import map_digest
from game.store import user_maps_dir
from game.tas import load_input_script

ROOT = Path(__file__).resolve().parents[2]
MAPS = ROOT / "maps"
TICKS = 60 * 60 * 10


def _check(path: Path) -> tuple[int, list[str]]:
    """`check` of one map, as the command line runs it: its exit code and stdout lines."""
    out = io.StringIO()
    with notes_to(lambda line: print(line, file=out)):
        code = run_check([str(path)], out=out, err=out)
    return code, out.getvalue().splitlines()


def _demo_hash(map_path: Path, stem: str) -> str:
    script = load_input_script(MAPS / "demos" / f"{stem}.inputs")
    return simulate(load_level(map_path), script, TICKS)["state_hash"]


@pytest.fixture
def user_maps(tmp_path, monkeypatch):
    monkeypatch.setenv("GREAT_MINE_RESCUE_HOME", str(tmp_path / "home"))
    return user_maps_dir()


def test_a_map_copied_alone_loads_with_the_games_tileset_and_a_note(user_maps, capsys):
    moved = Path(shutil.copy(MAPS / "tutorial.tmx", user_maps))
    assert not (user_maps / "mine_tiles.tsx").exists()
    assert map_digest(load_level(moved)) == map_digest(load_level(MAPS / "tutorial.tmx"))
    assert _demo_hash(moved, "tutorial") == _demo_hash(MAPS / "tutorial.tmx", "tutorial")

    code, out = _check(moved)
    assert code == 0
    assert out[0].startswith(
        f"{moved}: note: using the game's own tileset 'mine_tiles.tsx', found by name: the "
        "map's path (../assets/tiles/mine_tiles.tsx) leads nowhere from the map's folder. Fine "
        "as it is"
    )
    assert "python -m game pack" in out[0]
    assert "beside the game's maps folder" not in out[0]  # no advice the guide contradicts
    assert out[1] == "1 map checked, no problems"


def test_a_map_in_maps_gets_no_note():
    assert _check(MAPS / "tutorial.tmx") == (0, ["1 map checked, no problems"])


def test_the_check_command_prints_the_note_on_stdout(user_maps):
    moved = Path(shutil.copy(MAPS / "tutorial.tmx", user_maps))
    done = subprocess.run(
        [sys.executable, "-m", "game", "check", str(moved)],
        cwd=ROOT,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    first = done.stdout.splitlines()[0]
    assert first.startswith(f"{moved}: note: using the game's own tileset 'mine_tiles.tsx'")
    assert done.stderr == ""


def test_a_moved_map_finds_the_games_templates_by_file_name(user_maps, capsys):
    text = (MAPS / "tutorial.tmx").read_text(encoding="utf-8")
    spawn = '<object id="1" name="Naruto" type="Spawn" x="56" y="288">\n   <point/>\n  </object>'
    assert spawn in text
    moved = user_maps / "templated.tmx"
    moved.write_text(
        text.replace(spawn, '<object id="1" template="templates/spawn.tx" x="56" y="288"/>'),
        encoding="utf-8",
    )
    assert map_digest(load_level(moved)) == map_digest(load_level(MAPS / "tutorial.tmx"))
    code, out = _check(moved)
    assert code == 0
    # one note for the map, listing every file the game stood in with
    assert out[0].startswith(
        f"{moved}: note: using the game's own tileset 'mine_tiles.tsx' and template "
        "'spawn.tx', found by name: the map's paths (../assets/tiles/mine_tiles.tsx, ...) lead "
        "nowhere"
    )
    assert out[1:] == ["1 map checked, no problems"]

    packed = user_maps.parent / "templated_pack"
    assert main(["pack", str(moved), "-o", str(packed)]) == 0
    assert (packed / "templates" / "spawn.tx").is_file()
    assert 'template="templates/spawn.tx"' in (packed / "templated.tmx").read_text("utf-8")
    assert _check(packed / "templated.tmx") == (0, ["1 map checked, no problems"])
    assert map_digest(load_level(packed / "templated.tmx")) == map_digest(
        load_level(MAPS / "tutorial.tmx")
    )


def test_a_tileset_missing_everywhere_is_still_a_problem(user_maps):
    text = (MAPS / "tutorial.tmx").read_text(encoding="utf-8")
    moved = user_maps / "lost.tmx"
    moved.write_text(text.replace("mine_tiles.tsx", "other_tiles.tsx"), encoding="utf-8")
    code, out = _check(moved)
    assert code == 1
    assert "tileset file '../assets/tiles/other_tiles.tsx' not found" in out[0]


def test_pack_refuses_bad_arguments_with_one_line(tmp_path, capsys):
    taken = tmp_path / "taken"
    taken.mkdir()
    (taken / "notes.txt").write_text("mine", encoding="utf-8")
    for argv in (
        ["pack", str(tmp_path / "nope.tmx"), "-o", str(tmp_path / "out")],
        ["pack", str(MAPS / "README.md"), "-o", str(tmp_path / "out")],
        ["pack", str(MAPS / "tutorial.tmx"), "-o", str(MAPS / "tutorial.tmx")],
        ["pack", str(MAPS / "tutorial.tmx"), "-o", str(taken)],
    ):
        assert main(argv) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1, err
    assert sorted(p.name for p in taken.iterdir()) == ["notes.txt"]
    assert not (tmp_path / "out").exists()


def test_pack_may_write_over_its_own_earlier_pack(tmp_path, capsys):
    out = tmp_path / "tut"
    assert main(["pack", str(MAPS / "tutorial.tmx"), "-o", str(out)]) == 0
    assert main(["pack", str(MAPS / "tutorial.tmx"), "-o", str(out)]) == 0
    names = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
    assert names == {"tutorial.tmx", "mine_tiles.tsx", "mine_tiles.png", "demos/tutorial.inputs"}


@pytest.mark.slow  # plays the whole Great Mine demo twice
def test_a_packed_map_travels_with_its_tileset_and_demo(tmp_path, capsys):
    packed = tmp_path / "pack"
    assert main(["pack", str(MAPS / "great_mine.tmx"), "-o", str(packed)]) == 0
    moved = tmp_path / "elsewhere" / "deep"
    moved.parent.mkdir()
    shutil.move(str(packed), moved)
    assert (moved / "mine_tiles.tsx").is_file() and (moved / "mine_tiles.png").is_file()
    assert (moved / "demos" / "great_mine.inputs").is_file()
    capsys.readouterr()

    # self-contained: nothing comes from the game's own folders
    assert _check(moved / "great_mine.tmx") == (0, ["1 map checked, no problems"])
    level = load_level(moved / "great_mine.tmx")
    assert map_digest(level) == map_digest(load_level(MAPS / "great_mine.tmx"))
    script = load_input_script(moved / "demos" / "great_mine.inputs")
    assert simulate(level, script, TICKS)["state_hash"] == _demo_hash(
        MAPS / "great_mine.tmx", "great_mine"
    )


# --- fallbacks inside the designer's own files ------------------------------------------------


def _own_tileset_map(folder: Path) -> Path:
    """The tutorial on a tileset of the designer's own (a copy of the game's .tsx, with a
    comment) whose picture path leads nowhere once it sits in `folder`."""
    tsx = (ROOT / "assets" / "tiles" / "mine_tiles.tsx").read_text(encoding="utf-8")
    assert 'source="mine_tiles.png"' in tsx
    tsx = tsx.replace('source="mine_tiles.png"', 'source="../../art/mine_tiles.png"')
    tsx = tsx.replace("<tileset ", "<!-- my own tileset -->\n<tileset ", 1)
    (folder / "my_tiles.tsx").write_text(tsx, encoding="utf-8")
    text = (MAPS / "tutorial.tmx").read_text(encoding="utf-8")
    moved = folder / "own_tiles.tmx"
    moved.write_text(text.replace("../assets/tiles/mine_tiles.tsx", "my_tiles.tsx"), "utf-8")
    return moved


def test_a_picture_of_the_designers_own_tileset_is_found_by_name(user_maps):
    moved = _own_tileset_map(user_maps)
    assert map_digest(load_level(moved)) == map_digest(load_level(MAPS / "tutorial.tmx"))
    code, out = _check(moved)
    assert code == 0
    assert out[0].startswith(
        f"{moved}: note: using the game's own picture 'mine_tiles.png', found by name: the "
        "map's path (../../art/"
    )
    assert out[1:] == ["1 map checked, no problems"]

    packed = user_maps.parent / "own_pack"
    assert main(["pack", str(moved), "-o", str(packed)]) == 0
    names = {p.relative_to(packed).as_posix() for p in packed.rglob("*") if p.is_file()}
    assert {"own_tiles.tmx", "my_tiles.tsx", "mine_tiles.png"} <= names
    tsx = (packed / "my_tiles.tsx").read_text(encoding="utf-8")
    assert "<!-- my own tileset -->" in tsx and 'source="mine_tiles.png"' in tsx
    assert _check(packed / "own_tiles.tmx") == (0, ["1 map checked, no problems"])


def test_a_picture_missing_everywhere_is_still_a_problem(user_maps):
    moved = _own_tileset_map(user_maps)
    tsx = user_maps / "my_tiles.tsx"
    tsx.write_text(tsx.read_text("utf-8").replace("art/mine_tiles.png", "art/lost.png"), "utf-8")
    code, out = _check(moved)
    assert code == 1
    assert not any("note:" in line for line in out)
    assert "lost.png" in " ".join(out)


def test_a_designers_template_brings_the_games_tileset_along(user_maps):
    """A tile-object template of the designer's own, whose <tileset> path leads nowhere in the
    user maps folder: the game does not need that tileset to load the map; `pack` copies the
    game's own by name and points the template at it."""
    (user_maps / "templates").mkdir()
    (user_maps / "templates" / "lamp_spawn.tx").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<template>\n'
        " <!-- Naruto drawn as a lamp, for testing -->\n"
        ' <tileset firstgid="1" source="../../assets/tiles/mine_tiles.tsx"/>\n'
        ' <object name="Naruto" type="Spawn" gid="3" width="16" height="16"/>\n</template>\n',
        encoding="utf-8",
    )
    text = (MAPS / "tutorial.tmx").read_text(encoding="utf-8")
    spawn = '<object id="1" name="Naruto" type="Spawn" x="56" y="288">\n   <point/>\n  </object>'
    moved = user_maps / "lamp.tmx"
    moved.write_text(
        text.replace(spawn, '<object id="1" template="templates/lamp_spawn.tx" x="48" y="288"/>'),
        encoding="utf-8",
    )
    assert load_level(moved).spawn == (56, 288)  # a tile object stands on its bottom-centre

    packed = user_maps.parent / "lamp_pack"
    assert main(["pack", str(moved), "-o", str(packed)]) == 0
    template = (packed / "templates" / "lamp_spawn.tx").read_text(encoding="utf-8")
    assert '<tileset firstgid="1" source="../mine_tiles.tsx"/>' in template
    assert "<!-- Naruto drawn as a lamp, for testing -->" in template
    assert (packed / "mine_tiles.tsx").is_file() and (packed / "mine_tiles.png").is_file()
    assert _check(packed / "lamp.tmx") == (0, ["1 map checked, no problems"])


# --- pack keeps the designer's files as they wrote them ----------------------------------------


def test_pack_changes_nothing_but_the_paths(user_maps, capsys):
    """Comments, attribute order, quotes and Windows line endings survive a pack; only the
    `source` and `template` values change, and the copy loads to the same level and run."""
    text = (MAPS / "tutorial.tmx").read_text(encoding="utf-8")
    spawn = '<object id="1" name="Naruto" type="Spawn" x="56" y="288">\n   <point/>\n  </object>'
    text = text.replace(
        spawn,
        '<!-- Naruto starts here; <object template="nowhere.tx"/> is only a comment -->\n'
        "  <object y='288' template='../old/templates/spawn.tx' x='56' id='1'/>",
    )
    text = text.replace("<map ", "<!-- my first cave, 2026 -->\n<map ", 1)
    original = text.replace("\n", "\r\n").encode("utf-8")
    moved = user_maps / "commented.tmx"
    moved.write_bytes(original)

    packed = user_maps.parent / "commented_pack"
    assert main(["pack", str(moved), "-o", str(packed)]) == 0
    expected = original.replace(
        b'source="../assets/tiles/mine_tiles.tsx"', b'source="mine_tiles.tsx"'
    ).replace(b"template='../old/templates/spawn.tx'", b"template='templates/spawn.tx'")
    assert (packed / "commented.tmx").read_bytes() == expected
    assert (packed / "templates" / "spawn.tx").read_bytes() == (
        MAPS / "templates" / "spawn.tx"
    ).read_bytes()
    tsx = ROOT / "assets" / "tiles" / "mine_tiles.tsx"
    assert (packed / "mine_tiles.tsx").read_bytes() == tsx.read_bytes()

    level = load_level(packed / "commented.tmx")
    assert map_digest(level) == map_digest(load_level(MAPS / "tutorial.tmx"))
    script = load_input_script(MAPS / "demos" / "tutorial.inputs")
    assert (
        simulate(level, script, 600)["state_hash"]
        == simulate(load_level(MAPS / "tutorial.tmx"), script, 600)["state_hash"]
    )
