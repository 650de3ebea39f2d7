"""Issue 14: Tiled's project commands run maps/tools/run_game, which finds the game's python
(GREAT_MINE_RESCUE_PYTHON, the repository's .venv, python3, python) so a designer with a
virtualenv need not edit the commands. Run under sh with fake pythons."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from game.level.project import COMMANDS, LAUNCHER, PROJECT_FILE, ROOT

SH = shutil.which("sh")
pytestmark = pytest.mark.skipif(SH is None or os.name == "nt", reason="needs a POSIX sh")

# A stand-in python: says who it is and where it runs; `-c` (the launcher's check that the
# game's packages are there) succeeds only for one that `has_game`.
FAKE_PYTHON = """#!/bin/sh
if [ "$1" = "-c" ]; then exit {check}; fi
echo "{name} $(pwd) $*"
"""


def _fake(folder: Path, name: str, has_game: bool = True) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(FAKE_PYTHON.format(name=name, check=0 if has_game else 1), encoding="utf-8")
    path.chmod(0o755)
    return path


def _repo(tmp_path: Path) -> Path:
    """A copy of the launcher in a repository-shaped folder."""
    repo = tmp_path / "repo"
    (repo / "maps" / "tools").mkdir(parents=True)
    shutil.copy2(ROOT / LAUNCHER, repo / LAUNCHER)
    return repo


def _run(repo: Path, bin_dir: Path, python_setting: str | None = None):
    tools = bin_dir.parent / "tools"  # only what the launcher itself calls, no real python
    tools.mkdir(exist_ok=True)
    dirname = tools / "dirname"
    if not dirname.exists():
        dirname.symlink_to(shutil.which("dirname"))
    env = {"PATH": f"{bin_dir}{os.pathsep}{tools}"}
    if python_setting is not None:
        env["GREAT_MINE_RESCUE_PYTHON"] = python_setting
    return subprocess.run(
        [SH, str(repo / LAUNCHER), "-m", "game", "play", "my map.tmx"],
        cwd=bin_dir.parent,  # Tiled's working folder is not trusted: the launcher goes home
        env=env,
        capture_output=True,
        text=True,
        timeout=30,
    )


def test_the_setting_wins_then_the_venv_then_a_python_with_the_game(tmp_path):
    repo = _repo(tmp_path)
    bin_dir = tmp_path / "bin"
    _fake(bin_dir, "python3", has_game=False)  # a system python without pygame: skipped
    _fake(bin_dir, "python")
    done = _run(repo, bin_dir)
    assert done.returncode == 0, done.stderr
    assert done.stdout == f"python {repo} -m game play my map.tmx\n"

    _fake(repo / ".venv" / "bin", "python")
    assert _run(repo, bin_dir).stdout.startswith(f"python {repo} -m game play")
    venv = repo / ".venv" / "bin" / "python"
    venv.write_text(FAKE_PYTHON.format(name="venv", check=0), encoding="utf-8")
    assert _run(repo, bin_dir).stdout == f"venv {repo} -m game play my map.tmx\n"

    mine = _fake(tmp_path / "elsewhere", "mypython")
    assert _run(repo, bin_dir, str(mine)).stdout == f"mypython {repo} -m game play my map.tmx\n"


def test_no_python_or_a_wrong_setting_is_one_line(tmp_path):
    repo = _repo(tmp_path)
    bin_dir = tmp_path / "bin"
    _fake(bin_dir, "python3", has_game=False)
    done = _run(repo, bin_dir)
    assert done.returncode == 127 and done.stdout == ""
    assert done.stderr.count("\n") == 1 and "GREAT_MINE_RESCUE_PYTHON" in done.stderr

    done = _run(repo, bin_dir, str(tmp_path / "no-such-python"))
    assert done.returncode == 127
    assert done.stderr.count("\n") == 1 and "no-such-python" in done.stderr


def test_the_real_launcher_runs_the_game_from_anywhere(tmp_path):
    env = {**os.environ, "GREAT_MINE_RESCUE_PYTHON": sys.executable}
    done = subprocess.run(
        [str(ROOT / LAUNCHER), "-m", "game", "check", "--json", "maps/tutorial.tmx"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == []


def test_every_project_command_runs_the_launcher():
    project = json.loads(PROJECT_FILE.read_text(encoding="utf-8"))
    assert project["commands"] == COMMANDS
    assert {c["name"] for c in COMMANDS} == {"Play this map", "Play from here", "Check all maps"}
    assert all(c["command"] == LAUNCHER for c in COMMANDS)
    assert os.access(ROOT / LAUNCHER, os.X_OK)
    here = next(c for c in COMMANDS if c["name"] == "Play from here")
    assert here["arguments"].endswith("--spawn-at-object %objectid")
