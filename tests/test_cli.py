"""The command line is a contract: tests, CI and users rely on its output and exit codes."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GREAT_MINE = str(ROOT / "maps" / "great_mine.tmx")


def run(*args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy")
    return subprocess.run(
        [sys.executable, "-m", "game", *args], capture_output=True, text=True, cwd=ROOT, env=env
    )


def test_simulate_prints_one_json_object_and_stops_when_the_run_ends(tmp_path):
    script = tmp_path / "run.inputs"
    script.write_text("12 jump\n13 clone\n40 -\n")  # close the intro box, then a clone
    result = run("simulate", GREAT_MINE, "--ticks", "300", "--inputs", str(script))
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["ticks"] == 300
    assert out["clones"] >= 1
    for key in ("rescued", "lost", "state_hash"):
        assert key in out


@pytest.mark.slow
def test_simulate_stops_early_when_the_run_ends():
    demo = str(ROOT / "maps" / "demos" / "great_mine.inputs")
    out = json.loads(run("simulate", GREAT_MINE, "--ticks", "50000", "--inputs", demo).stdout)
    assert out["finished"] and out["result"] == "rescued"
    assert out["ticks"] < 50000
    assert out["game_ticks"] < out["ticks"], "dialogue boxes do not count as game time"


def test_simulate_is_repeatable_to_the_hash():
    first = json.loads(run("simulate", GREAT_MINE, "--ticks", "400").stdout)
    second = json.loads(run("simulate", GREAT_MINE, "--ticks", "400").stdout)
    assert first["state_hash"] == second["state_hash"]


def test_a_missing_map_is_one_line_on_stderr_and_a_failure_code():
    result = run("simulate", "no/such/map.tmx", "--ticks", "10")
    assert result.returncode != 0
    assert result.stderr.strip().count("\n") == 0
    assert "no/such/map.tmx" in result.stderr and "Traceback" not in result.stderr


def test_a_broken_input_script_names_the_file_and_line(tmp_path):
    script = tmp_path / "bad.inputs"
    script.write_text("0 right\n7 jmup\n")
    result = run("simulate", GREAT_MINE, "--ticks", "10", "--inputs", str(script))
    assert result.returncode == 1
    assert f"{script}:2: unknown button 'jmup'" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_bad_argument_is_a_clear_error():
    result = run("simulate", GREAT_MINE, "--ticks", "many")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr and "--ticks" in result.stderr


def test_check_passes_the_shipped_maps_and_fails_a_broken_one(tmp_path):
    assert run("check", GREAT_MINE).returncode == 0
    broken = tmp_path / "broken.tmx"
    broken.write_text("<map><unclosed>")
    result = run("check", str(broken))
    assert result.returncode == 2
    assert str(broken) in result.stderr and "Traceback" not in result.stderr


# `bench` as the command line runs it, made short: two restarts a few ticks into the run and
# one verify of the tutorial's demo instead of the Great Mine's. Structure only, never speed.
QUICK_BENCH = (
    "import sys; from game import bench; from game.__main__ import main; "
    "bench.RESTARTS, bench.RESTART_AFTER_TICKS, bench.VERIFY_RUNS = 2, 60, 1; "
    "bench.TOWN_TICKS, bench.TOWN_FRAMES = 5, 3; "
    "bench.VERIFY_MAP = bench.MAP.parent / 'tutorial.tmx'; "
    "bench.VERIFY_DEMO = bench.MAP.parent / 'demos' / 'tutorial.inputs'; "
    "sys.exit(main(sys.argv[1:]))"
)


def test_bench_reports_medians_for_the_full_stress_scene(tmp_path):
    home = tmp_path / "home"
    env = dict(os.environ, SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy")
    env["GREAT_MINE_RESCUE_HOME"] = str(home)
    args = ["bench", "--json", "--ticks", "5", "--frames", "3"]
    result = subprocess.run(
        [sys.executable, "-c", QUICK_BENCH, *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
    )
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["clones"] == 1000 and out["rocks"] == 1000 and out["miners"] == 100
    assert out["tick_ms"] > 0 and out["frame_ms"] > 0
    assert out["targets"] == {"tick_ms": 2.0, "frame_ms": 6.0}
    assert out["restarts"] == 2 and out["restart_ms"] > 0
    assert out["verify_runs"] == 1 and out["verify_ms"] > 0 and out["verify_x"] > 0
    assert out["verify_game_s"] == 29.27  # the tutorial demo's 1756 ticks
    town = out["town_race"]  # Boulder Town's spectacle: hundreds of clones over the roofs
    assert town["clones"] == 500 and town["tick_ms"] > 0 and town["frame_ms"] > 0
    assert not home.exists()  # the restarts' replays went to a folder of bench's own


def test_simulate_plays_the_assists_it_is_given():
    demo = str(ROOT / "maps" / "demos" / "tutorial.inputs")
    tutorial = str(ROOT / "maps" / "tutorial.tmx")
    plain = run("simulate", tutorial, "--ticks", "400", "--inputs", demo)
    assisted = run(
        "simulate", tutorial, "--ticks", "400", "--inputs", demo, "--assist", "slow_collapse"
    )
    assert plain.returncode == assisted.returncode == 0
    before = json.loads(plain.stdout.splitlines()[-1])
    after = json.loads(assisted.stdout.splitlines()[-1])
    assert before["ticks"] == after["ticks"] == 400
    assert before["state_hash"] != after["state_hash"]  # the collapse timer ran slower
    wrong = run("simulate", tutorial, "--ticks", "10", "--assist", "fly")
    assert wrong.returncode == 2 and "invalid choice: 'fly'" in wrong.stderr
