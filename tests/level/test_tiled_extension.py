"""The Tiled extension in maps/extensions/: run under node with a fake `tiled` and `Process`.

The harness loads the extension as Tiled would (a global `tiled` whose `assetSaved` it
connects to, a global `Process`), fires a save of a map with problems, and records what
reached the Issues view and what activating each issue selected. Its fake Process really runs
the command, so the extension parses the real `python -m game check --json` output.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from game.level.project import ROOT

EXTENSION = ROOT / "maps" / "extensions" / "great_mine_check.js"
NODE = shutil.which("node")

pytestmark = pytest.mark.skipif(NODE is None, reason="node is not installed")

HARNESS = r"""
const childProcess = require("child_process");
const fs = require("fs");
const config = JSON.parse(process.argv[2]);
const mapFile = config.map;

const issues = [];
const logs = [];
const ran = [];  // [program, working folder] of every run
let saved = null;

class FakeProcess {
  constructor() { this.workingDirectory = "."; this.codec = ""; this.out = ""; this.err = ""; }
  getEnv(name) { return config.env[name] || ""; }
  exec(program, args, throwOnError) {
    ran.push([program, this.workingDirectory]);
    const env = Object.assign({}, process.env, {SDL_VIDEODRIVER: "dummy"});
    if (config.path !== null) env.PATH = config.path;
    const result = childProcess.spawnSync(program, args, {
      cwd: this.workingDirectory, encoding: "utf-8", env: env,
    });
    if (result.error) {
      if (throwOnError !== false) throw result.error;
      return -1;
    }
    this.out = result.stdout; this.err = result.stderr;
    return result.status;
  }
  readStdOut() { return this.out; }
  readStdErr() { return this.err; }
  close() {}
}

// A map shaped like Tiled's: object 5 in a top-level object layer, object 6 in a group.
const object = (id) => ({id: id, name: "object " + id});
const objectLayer = (ids) => ({isObjectLayer: true, isGroupLayer: false, objects: ids.map(object)});
const group = (layers) => ({
  isObjectLayer: false, isGroupLayer: true, layerCount: layers.length, layerAt: (i) => layers[i],
});
const tileLayer = {isObjectLayer: false, isGroupLayer: false};
const layers = [tileLayer, objectLayer([1, 2, 3, 4, 5]), group([objectLayer([6, 7])])];
const map = {
  isTileMap: true, fileName: mapFile, selectedObjects: [],
  layerCount: layers.length, layerAt: (i) => layers[i],
};

global.Process = FakeProcess;
if (config.fileApi) global.File = {exists: (path) => fs.existsSync(path)};
global.tiled = {
  activeAsset: null,
  assetSaved: {connect: (handler) => { saved = handler; }},
  error: (text, callback) => issues.push({severity: "error", text: text, callback: callback}),
  warn: (text, callback) => issues.push({severity: "warning", text: text, callback: callback}),
  log: (text) => logs.push(text),
};

const api = require(config.extension);
if (saved === null) throw new Error("the extension did not connect to tiled.assetSaved");
saved({isTileMap: false, fileName: "mine_tiles.tsx"});  // tilesets are not checked
saved(map);
const reported = issues.slice();
const selections = reported.map((issue) => {
  map.selectedObjects = [];
  issue.callback();
  return map.selectedObjects.map((o) => o.id);
});
console.log(JSON.stringify({
  issues: reported.map((issue) => ({severity: issue.severity, text: issue.text})),
  selections: selections,
  activeIsMap: global.tiled.activeAsset === map,
  logs: logs,
  ran: ran,
  found6: api.findObject(map, 6) && api.findObject(map, 6).id,
  missing: api.findObject(map, 99),
  candidates: api.pythonCandidates("", "/game"),
  root: api.repoRoot(config.extension),
}));
"""


def run_harness(
    tmp_path: Path,
    map_file: Path,
    python: str = "",
    *,
    root: str = "",
    extension: Path = EXTENSION,
    file_api: bool = True,
    path: str | None = None,
) -> dict:
    """Load `extension` as Tiled would and save `map_file`; GREAT_MINE_RESCUE_PYTHON is
    `python`, GREAT_MINE_RESCUE_ROOT `root`; `path` replaces PATH for the checker's runs."""
    harness = tmp_path / "harness.js"
    harness.write_text(HARNESS, encoding="utf-8")
    config = {
        "extension": str(extension),
        "map": str(map_file),
        "env": {"GREAT_MINE_RESCUE_PYTHON": python, "GREAT_MINE_RESCUE_ROOT": root},
        "fileApi": file_api,
        "path": path,
    }
    result = subprocess.run(
        [str(NODE), str(harness), json.dumps(config)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def check_json(map_file: Path) -> list[dict]:
    result = subprocess.run(
        [sys.executable, "-m", "game", "check", "--json", str(map_file)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        env={**os.environ, "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy"},
    )
    return json.loads(result.stdout)


def broken_map(mapkit) -> Path:
    objects = list(mapkit.DEFAULT_OBJECTS)
    objects[4] = mapkit.obj(5, "Miner", 90, 124, props={"injured": True})  # feet in the rock
    objects[5] = mapkit.obj(
        6, "CrackZone", 16, 0, 64, 16, name="roof crack", props={"rate": 120, "rait": 3}
    )
    return mapkit.write(objects=objects)


def test_each_problem_becomes_an_issue_that_selects_its_object(mapkit, tmp_path):
    map_file = broken_map(mapkit)
    problems = check_json(map_file)
    assert sorted(p["object_id"] for p in problems) == [5, 6]

    out = run_harness(tmp_path, map_file, sys.executable)

    assert out["issues"] == [
        {
            "severity": "error",
            "text": f"{p['file']}: object {p['object_id']} ({p['name']}): {p['message']}",
        }
        for p in problems
    ]
    assert "unknown property 'rait'" in " ".join(i["text"] for i in out["issues"])
    assert out["selections"] == [[p["object_id"]] for p in problems]
    assert out["activeIsMap"]
    assert out["found6"] == 6  # found inside the group layer
    assert out["missing"] is None
    assert out["root"] == str(ROOT).replace("\\", "/")


def test_clean_map_reports_nothing_and_logs_it(mapkit, tmp_path):
    map_file = mapkit.write()
    out = run_harness(tmp_path, map_file, sys.executable)
    assert out["issues"] == []
    assert out["logs"] == [
        "Great Mine Rescue: the map checker is loaded; saving a .tmx map checks it "
        f"({str(ROOT).replace(chr(92), '/')})",
        f"Great Mine Rescue: {map_file} is clean",
    ]


def test_python_order_is_the_setting_then_the_venv_then_python3_then_python(mapkit, tmp_path):
    out = run_harness(tmp_path, mapkit.write(), "")
    assert out["candidates"] == [
        "/game/.venv/bin/python",
        "/game/.venv/Scripts/python.exe",
        "python3",
        "python",
    ]


def test_a_python_setting_that_cannot_start_is_named_not_silently_replaced(mapkit, tmp_path):
    missing = tmp_path / "no-such-python"
    out = run_harness(tmp_path, mapkit.write(), str(missing))
    assert out["issues"] == [
        {
            "severity": "error",
            "text": f"Great Mine Rescue: GREAT_MINE_RESCUE_PYTHON is '{missing}', which could "
            "not be started: set it to the absolute path of the game's python (e.g. "
            "/home/you/great-mine-rescue/.venv/bin/python) and restart Tiled",
        }
    ]
    assert [program for program, _ in out["ran"]] == [str(missing)]  # no other python tried


def test_a_relative_python_setting_is_refused_with_what_to_set(mapkit, tmp_path):
    out = run_harness(tmp_path, mapkit.write(), ".venv/bin/python")
    assert out["ran"] == []
    assert out["issues"] == [
        {
            "severity": "error",
            "text": "Great Mine Rescue: GREAT_MINE_RESCUE_PYTHON is '.venv/bin/python', a "
            "relative path, which Tiled cannot follow: set it to the absolute path of the "
            "game's python (e.g. /home/you/great-mine-rescue/.venv/bin/python) and restart "
            "Tiled",
        }
    ]


# --- a copy in the designer's own extensions folder (Tiled 1.8 without the project) ---------


def copied_extension(tmp_path: Path) -> Path:
    """The extension as a Tiled 1.8 designer installs it: ~/.config/tiled/extensions/."""
    folder = tmp_path / "home" / ".config" / "tiled" / "extensions"
    folder.mkdir(parents=True)
    return Path(shutil.copy(EXTENSION, folder))


def fake_pythons(tmp_path: Path, body: str) -> str:
    """A PATH holding only `python3` and `python` shell scripts running `body`."""
    folder = tmp_path / "bin"
    folder.mkdir(exist_ok=True)
    for name in ("python3", "python"):
        script = folder / name
        script.write_text(f"#!/bin/sh\n{body}\n", encoding="utf-8")
        script.chmod(0o755)
    return str(folder)


def user_map(mapkit, tmp_path: Path) -> Path:
    """A clean map in a user maps folder, far from the repository."""
    folder = tmp_path / "home" / ".local" / "share" / "great-mine-rescue" / "maps"
    folder.mkdir(parents=True)
    return type(mapkit)(folder).write()


needs_sh = pytest.mark.skipif(os.name == "nt", reason="the fake pythons are sh scripts")


@needs_sh
def test_a_copied_extension_without_settings_says_exactly_what_to_set(mapkit, tmp_path):
    extension = copied_extension(tmp_path)
    map_file = user_map(mapkit, tmp_path)
    lacking = fake_pythons(tmp_path, 'echo "$0: No module named game" >&2; exit 1')
    out = run_harness(tmp_path, map_file, extension=extension, path=lacking)

    assert "the game's folder is not beside this extension" in out["logs"][0]
    assert "set GREAT_MINE_RESCUE_ROOT to the game's folder" in out["logs"][0]
    assert [program for program, _ in out["ran"]] == ["python3", "python"]  # no .venv guessed
    assert {folder for _, folder in out["ran"]} == {str(map_file.parent)}
    [issue] = out["issues"]
    assert issue["text"].startswith("Great Mine Rescue: `python -m game check --json` failed")
    assert issue["text"].endswith(
        f"No python here can run the game from {map_file.parent}: set GREAT_MINE_RESCUE_ROOT "
        "to the game's folder (the one holding game/ and maps/), or GREAT_MINE_RESCUE_PYTHON "
        "to the absolute path of the game's python (e.g. "
        "/home/you/great-mine-rescue/.venv/bin/python), then restart Tiled"
    )


@needs_sh
def test_a_copied_extension_finds_the_game_through_great_mine_rescue_root(mapkit, tmp_path):
    extension = copied_extension(tmp_path)
    map_file = user_map(mapkit, tmp_path)
    # a python3 with the game's packages (this test's own), for a checkout with no .venv
    path = fake_pythons(tmp_path, f'exec "{sys.executable}" "$@"')
    out = run_harness(tmp_path, map_file, root=str(ROOT), extension=extension, path=path)

    assert out["logs"] == [
        "Great Mine Rescue: the map checker is loaded; saving a .tmx map checks it "
        f"({ROOT.as_posix()})",
        f"Great Mine Rescue: {map_file} is clean",
    ]
    assert out["issues"] == []
    assert {folder for _, folder in out["ran"]} == {ROOT.as_posix()}  # run in the game's folder


def test_a_root_setting_that_is_not_the_game_is_named(mapkit, tmp_path):
    out = run_harness(
        tmp_path, mapkit.write(), root=str(tmp_path), extension=copied_extension(tmp_path)
    )
    assert out["ran"] == []
    assert out["issues"] == [
        {
            "severity": "error",
            "text": f"Great Mine Rescue: GREAT_MINE_RESCUE_ROOT is '{tmp_path}', which is not the "
            "game's folder: set it to the absolute path of the folder holding game/ and maps/",
        }
    ]


def test_a_copied_extension_with_an_absolute_python_checks_from_anywhere(mapkit, tmp_path):
    map_file = user_map(mapkit, tmp_path)
    out = run_harness(tmp_path, map_file, sys.executable, extension=copied_extension(tmp_path))
    assert out["issues"] == []
    assert out["logs"][-1] == f"Great Mine Rescue: {map_file} is clean"
    assert out["ran"] == [[sys.executable, str(map_file.parent)]]


def test_a_map_inside_the_game_folder_leads_a_copied_extension_to_it(tmp_path):
    game = tmp_path / "great-mine-rescue"
    (game / "game").mkdir(parents=True)
    (game / "game" / "__main__.py").write_text("", encoding="utf-8")
    script = (
        f"const api = require({json.dumps(str(EXTENSION))});\n"
        "const fs = require('fs');\n"
        "const exists = (p) => fs.existsSync(p);\n"
        "const copied = '/home/u/.config/tiled/extensions/x.js';\n"
        "console.log(JSON.stringify([\n"
        f"  api.findRoot('', copied, "
        f"{json.dumps(str(game / 'maps' / 'mine' / 'cave.tmx'))}, exists),\n"
        "  api.findRoot('', copied, '/elsewhere/cave.tmx', exists),\n"
        "  api.findRoot('', copied, '/elsewhere/cave.tmx', null),\n"
        "]));\n"
    )
    done = subprocess.run([str(NODE), "-e", script], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    found, nowhere, no_file_api = json.loads(done.stdout)
    assert found == {"root": game.as_posix(), "how": "map"}
    assert nowhere == {"root": None, "how": None}
    # a Tiled with no File API: the extension's own folder is trusted, as before
    assert no_file_api == {"root": "/home/u/.config", "how": "extension"}


def test_unreadable_map_is_one_issue_without_an_object(tmp_path):
    map_file = tmp_path / "missing.tmx"
    out = run_harness(tmp_path, map_file, sys.executable)
    assert out["issues"] == [{"severity": "error", "text": f"{map_file}: file not found"}]
    assert out["selections"] == [[]]
