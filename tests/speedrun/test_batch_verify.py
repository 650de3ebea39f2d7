"""`verify PATH...`: a folder of replays checked at once, as lines, JSON lines or coverage."""

import dataclasses
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from game.__main__ import main
from game.level.tiled import load_level
from game.sim.world import World
from game.speedrun import batch
from game.speedrun.batch import cached_maps, check_one
from game.speedrun.recorder import RunRecorder, record_script
from game.speedrun.replay import dumps
from game.store import HOME_ENV
from game.tas import load_input_script

ROOT = Path(__file__).resolve().parent.parent.parent
TUTORIAL = ROOT / "maps" / "tutorial.tmx"
TUTORIAL_DEMO = ROOT / "maps" / "demos" / "tutorial.inputs"
RESET_AFTER = 300  # a run reset after five seconds: enough to verify, quick to re-simulate
JSON_KEYS = {
    "file",
    "verdict",
    "map",
    "map_file",
    "map_used",
    "map_digest",
    "category",
    "category_name",
    "time",
    "mismatches",
    "located",
    "error",
}


def _reset_run(map_path: Path = TUTORIAL, ticks: int = RESET_AFTER):
    level = load_level(map_path)
    script = load_input_script(TUTORIAL_DEMO)
    recorder = RunRecorder(map_path, level, "any")
    world = World(level)
    for tick in range(ticks):
        recorder.record(script.mask(tick))
        world.step(script.mask(tick))
    return recorder.finish(world)


@pytest.fixture(scope="module")
def reset_run():
    return _reset_run()


@pytest.fixture(scope="module")
def whole_run():
    """The tutorial's demo from start to finish, every miner out, claimed as All Rescued."""
    script = load_input_script(TUTORIAL_DEMO)
    return record_script(TUTORIAL, load_level(TUTORIAL), script, "all")


@pytest.fixture
def folder(tmp_path, reset_run):
    """good.gmr (verifies), tampered.gmr (its time edited), garbage.gmr (not a replay)."""
    runs = tmp_path / "runs"
    runs.mkdir()
    (runs / "good.gmr").write_bytes(dumps(reset_run))
    edited = dataclasses.replace(reset_run, game_ticks=reset_run.game_ticks - 30)
    (runs / "tampered.gmr").write_bytes(dumps(edited))
    (runs / "garbage.gmr").write_bytes(b"not a replay at all")
    return runs


def test_a_folder_gives_a_line_per_replay_a_summary_and_what_differs(folder, capsys):
    assert main(["verify", str(folder), "--jobs", "1"]) == 1
    lines = capsys.readouterr().out.splitlines()
    garbage, good, tampered = (str(folder / name) for name in ("garbage", "good", "tampered"))
    assert lines[0].startswith(f"UNREADABLE  {garbage}.gmr: not a Great Mine Rescue replay")
    assert lines[1] == f"VERIFIED    {good}.gmr  tutorial  Any%  no time"
    assert lines[2].startswith(f"MISMATCH    {tampered}.gmr  tutorial  Any%")
    assert lines[3] == "3 replay(s): 1 verified, 1 mismatched, 1 unreadable"
    assert lines[4].startswith(f"{tampered}.gmr: MISMATCH game time: replay says")
    assert all(line.startswith(f"{tampered}.gmr: ") for line in lines[5:])  # where it went off


def test_exit_0_only_when_all_verify_2_for_unreadable_1_for_any_mismatch(folder, capsys):
    good, tampered, garbage = (
        str(folder / f"{name}.gmr") for name in ("good", "tampered", "garbage")
    )
    assert main(["verify", good, good, "--jobs", "1"]) == 0
    assert main(["verify", good, garbage, "--jobs", "1"]) == 2
    assert main(["verify", good, garbage, tampered, "--jobs", "1"]) == 1
    assert main(["verify", str(folder / "missing.gmr"), good, "--jobs", "1"]) == 2
    assert "missing.gmr: no such replay file" in capsys.readouterr().out


def test_json_gives_one_object_per_replay_per_line(folder, whole_run, capsys):
    whole = whole_run
    (folder / "whole.gmr").write_bytes(dumps(whole))
    assert main(["verify", str(folder), "--json", "--jobs", "1"]) == 1
    objects = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [Path(found["file"]).name for found in objects] == [
        "garbage.gmr",
        "good.gmr",
        "tampered.gmr",
        "whole.gmr",
    ]
    assert all(set(found) == JSON_KEYS for found in objects)
    garbage, good, tampered, finished = objects
    assert (
        garbage["verdict"] == "unreadable" and "not a Great Mine Rescue replay" in garbage["error"]
    )
    assert garbage["time"] == {"ticks": -1, "formatted": None} and garbage["map"] == ""
    assert good["verdict"] == "verified" and good["mismatches"] == [] and good["error"] == ""
    assert good["map"] == "tutorial" and good["category"] == "any"
    assert good["category_name"] == "Any%" and Path(good["map_file"]) == TUTORIAL
    assert tampered["verdict"] == "mismatch"
    assert tampered["mismatches"][0].startswith("game time: replay says")
    assert finished["verdict"] == "verified" and finished["category_name"] == "All Rescued"
    ticks = whole.game_ticks
    assert finished["time"] == {"ticks": ticks, "formatted": "0:29.06"}
    assert finished["map_digest"] == whole.map_digest


def test_worker_processes_give_the_same_results_in_the_same_order(folder, capsys):
    for number in range(3):  # more replays than workers, so each worker checks several
        shutil.copy(folder / "good.gmr", folder / f"more_{number}.gmr")
    assert main(["verify", str(folder), "--json", "--jobs", "1"]) == 1
    alone = capsys.readouterr().out
    assert main(["verify", str(folder), "--json", "--jobs", "2"]) == 1
    assert capsys.readouterr().out == alone


def test_several_replays_of_one_map_load_it_once(folder, tmp_path):
    """The mechanism behind a batch's speed: each worker keeps the maps it has loaded."""
    (tmp_path / "assets").symlink_to(ROOT / "assets")  # where the map's tileset path points
    (tmp_path / "maps").mkdir()
    tutorial = tmp_path / "maps" / "tutorial.tmx"
    shutil.copy(TUTORIAL, tutorial)
    good = str(folder / "good.gmr")
    with cached_maps() as cache:
        for _ in range(3):
            assert check_one(good, str(tutorial)).report.verdict == "verified"
        assert cache.loads == 1
        stat = tutorial.stat()  # an edited map is read again (same bytes, a new time)
        os.utime(tutorial, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
        assert check_one(good, str(tutorial)).report.verdict == "verified"
        assert cache.loads == 2


def _maps_read_by_this_worker() -> int:
    assert batch.worker_cache is not None, "not in a worker process"
    return batch.worker_cache.loads


def test_a_worker_process_reads_a_map_once_for_all_its_replays(folder):
    good = str(folder / "good.gmr")
    with batch.worker_pool(1) as pool:
        for _ in range(3):
            assert pool.submit(check_one, good).result().report.verdict == "verified"
        assert pool.submit(_maps_read_by_this_worker).result() == 1


def test_a_checker_bug_costs_one_replay_not_the_batch(folder, capsys, monkeypatch):
    real = batch.check_replay_file

    def failing(path, *args, **kwargs):
        if path.endswith("good.gmr"):
            raise RuntimeError("boom")
        return real(path, *args, **kwargs)

    monkeypatch.setattr(batch, "check_replay_file", failing)
    assert main(["verify", str(folder), "--jobs", "1"]) == 1
    captured = capsys.readouterr()
    assert f"UNREADABLE  {folder / 'good.gmr'}: the checker failed on it (RuntimeError: boom)" in (
        captured.out
    )
    assert "Traceback" not in captured.out + captured.err


def test_a_folder_without_replays_is_one_line_and_exit_2(tmp_path, capsys):
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "notes.txt").write_text("no runs here")
    assert main(["verify", str(empty)]) == 2
    err = capsys.readouterr().err
    assert err == f"{empty}: no replay files (*.gmr) in this folder\n"


def test_one_file_prints_the_full_report_as_before(folder, capsys):
    assert main(["verify", str(folder / "good.gmr")]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"replay: {folder / 'good.gmr'}\nmap: tutorial (")
    assert "OK: every claim matches" in out


@pytest.fixture
def user_home(tmp_path, monkeypatch):
    """A home of this test's own whose user maps folder holds my_level.tmx (the tutorial
    under another name; the shipped tiles are linked where its tileset path points)."""
    home = tmp_path / "home"
    (home / "maps").mkdir(parents=True)
    (home / "assets").symlink_to(ROOT / "assets")
    shutil.copy(TUTORIAL, home / "maps" / "my_level.tmx")
    monkeypatch.setenv(HOME_ENV, str(home))
    return home


def test_coverage_lists_each_category_without_a_verified_run(user_home, whole_run, capsys):
    mine = user_home / "maps" / "my_level.tmx"
    replays = user_home / "replays"  # the default PATH of --coverage
    replays.mkdir()
    # my_level is the tutorial by another name: the tutorial's run, as if played on it.
    finished = dataclasses.replace(whole_run, map_id="my_level", category="any")
    assert finished.times["any"] >= 0
    (replays / "any.gmr").write_bytes(dumps(finished))
    (replays / "reset.gmr").write_bytes(dumps(_reset_run(mine)))  # no time: covers nothing

    assert main(["verify", "--coverage", "--maps-dir", str(mine.parent), "--jobs", "1"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "2 replay(s): 2 verified, 0 mismatched, 0 unreadable"
    assert lines[1] == f"MISSING     my_level  All Rescued  ({mine})"
    assert lines[2].startswith("coverage: 1 of 2 categories have a verified run")

    all_rescued = dataclasses.replace(finished, category="all")  # the same run, the other claim
    (replays / "all.gmr").write_bytes(dumps(all_rescued))
    assert (
        main(["verify", "--coverage", "--maps-dir", str(mine.parent), "--json", "--jobs", "1"]) == 0
    )
    assert json.loads(capsys.readouterr().out) == {
        "map": "my_level",
        "map_file": str(mine),
        "covered": ["any", "all"],
        "missing": [],
    }


def test_coverage_covers_the_shipped_maps_and_their_chains_by_default(user_home, capsys):
    empty = user_home / "none"
    empty.mkdir()
    assert main(["verify", "--coverage", str(empty)]) == 1
    missing = [
        line.split()[1] for line in capsys.readouterr().out.splitlines() if "MISSING" in line
    ]
    assert missing == ["boulder_town", "boulder_town.chain", "great_mine", "tutorial", "my_level"]


def test_bench_times_the_startup_a_worker_pays_once():
    from game import bench

    times = bench.measure_startup(1, TUTORIAL)  # a fresh Python importing verify, one map
    assert len(times) == 1 and times[0] > 0


# What a one-replay `verify` never uses: each would cost its start-up, so the code that needs
# them (the settings and saving, asserts, carried maps) imports them where it does.
NOT_FOR_VERIFY = ("game.store", "platformdirs", "game.tas_asserts", "game.speedrun.embed")


def test_verify_of_one_replay_imports_nothing_it_does_not_use(reset_run, tmp_path):
    path = tmp_path / "run.gmr"
    path.write_bytes(dumps(reset_run))
    code = (
        "import sys\n"
        "from game.__main__ import main\n"
        f"code = main(['verify', {str(path)!r}])\n"
        f"print(code, *sorted(m for m in {NOT_FOR_VERIFY!r} if m in sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.splitlines()[-1] == "0"
