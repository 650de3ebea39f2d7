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
const [extension, mapFile, pythonSetting] = process.argv.slice(2);

const issues = [];
const logs = [];
let saved = null;

class FakeProcess {
  constructor() { this.workingDirectory = "."; this.codec = ""; this.out = ""; this.err = ""; }
  getEnv(name) { return name === "GREAT_MINE_RESCUE_PYTHON" ? pythonSetting : ""; }
  exec(program, args, throwOnError) {
    const result = childProcess.spawnSync(program, args, {
      cwd: this.workingDirectory, encoding: "utf-8",
      env: Object.assign({}, process.env, {SDL_VIDEODRIVER: "dummy", SDL_AUDIODRIVER: "dummy"}),
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
global.tiled = {
  activeAsset: null,
  assetSaved: {connect: (handler) => { saved = handler; }},
  error: (text, callback) => issues.push({severity: "error", text: text, callback: callback}),
  warn: (text, callback) => issues.push({severity: "warning", text: text, callback: callback}),
  log: (text) => logs.push(text),
};

const api = require(extension);
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
  found6: api.findObject(map, 6) && api.findObject(map, 6).id,
  missing: api.findObject(map, 99),
  candidates: api.pythonCandidates(""),
  root: api.repoRoot(extension),
}));
"""


def run_harness(tmp_path: Path, map_file: Path, python: str) -> dict:
    harness = tmp_path / "harness.js"
    harness.write_text(HARNESS, encoding="utf-8")
    result = subprocess.run(
        [str(NODE), str(harness), str(EXTENSION), str(map_file), python],
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
    assert out["logs"] == [f"Great Mine Rescue: {map_file} is clean"]


def test_python_falls_back_to_python3_then_python(mapkit, tmp_path):
    out = run_harness(tmp_path, mapkit.write(), str(tmp_path / "no-such-python"))
    assert out["candidates"] == ["python3", "python"]
    # The missing python is skipped; python3/python may lack the game's packages, which is
    # reported as a failed check rather than crashing the extension.
    assert all("no-such-python" not in issue["text"] for issue in out["issues"])


def test_unreadable_map_is_one_issue_without_an_object(tmp_path):
    map_file = tmp_path / "missing.tmx"
    out = run_harness(tmp_path, map_file, sys.executable)
    assert out["issues"] == [{"severity": "error", "text": f"{map_file}: file not found"}]
    assert out["selections"] == [[]]
