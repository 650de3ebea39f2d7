"""`simulate --trace`: one JSON line per event, then the usual outcome; a stuck run says so."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from game.headless import simulate
from game.level.tiled import load_level
from game.sim.constants import JUMP, RIGHT
from game.sim.world import World
from game.tas import InputScript, load_input_script
from game.trace import STALL_TICKS, Watch, traced_run

ROOT = Path(__file__).resolve().parent.parent
TUTORIAL = str(ROOT / "maps" / "tutorial.tmx")
DEMO = str(ROOT / "maps" / "demos" / "tutorial.inputs")


def run(*args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy")
    return subprocess.run(
        [sys.executable, "-m", "game", *args], capture_output=True, text=True, cwd=ROOT, env=env
    )


def test_the_tutorial_demo_traced():
    plain = run("simulate", TUTORIAL, "--ticks", "20000", "--inputs", DEMO)
    traced = run("simulate", TUTORIAL, "--ticks", "20000", "--inputs", DEMO, "--trace")
    assert plain.returncode == traced.returncode == 0, traced.stderr
    assert plain.stderr == traced.stderr == "", "a finished run says nothing on stderr"
    lines = traced.stdout.splitlines()
    assert lines[-1] == plain.stdout.strip(), "the last line is the untraced output, byte for byte"
    events = [json.loads(text) for text in lines[:-1]]
    ticks = [e["tick"] for e in events]
    assert ticks == sorted(ticks)
    kinds = [e["event"] for e in events]
    assert kinds[:2] == ["dialogue_open", "dialogue_close"]
    assert events[0]["tick"] == 0 and events[0]["text"] == events[1]["text"]
    assert events[1]["tick"] == 12  # the jump at script tick 11 closes it on the 12th step
    assert [e["miner"] for e in events if e["event"] == "rescue"] == [
        "Oksana",
        "Pavel",
        "Vera",
        "Marta",
        "Ilya",
        "Stepan",
        "Ivan",
    ]
    assert kinds[-1] == "finished" and events[-1]["result"] == "rescued"
    assert events[-1]["tick"] == json.loads(lines[-1])["ticks"]
    status = [e for e in events if e["event"] == "status"]
    assert [e["tick"] for e in status] == list(range(60, events[-1]["tick"] + 1, 60))
    assert all(len(e["naruto"]) == 2 and "clones" in e and "game_ticks" in e for e in status)


def test_every_sets_the_status_period():
    result = run(
        "simulate", TUTORIAL, "--ticks", "500", "--inputs", DEMO, "--trace", "--every", "200"
    )
    events = [json.loads(text) for text in result.stdout.splitlines()[:-1]]
    assert [e["tick"] for e in events if e["event"] == "status"] == [200, 400]


@pytest.mark.slow
def test_splits_come_in_order_with_their_in_game_time():
    level = load_level(str(ROOT / "maps" / "great_mine.tmx"))
    script = load_input_script(ROOT / "maps" / "demos" / "great_mine.inputs")
    world = World(level)
    watch = Watch(world, trace=True, every=600)
    events = list(traced_run(world, script, 20000, watch))
    splits = [e for e in events if e["event"] == "split"]
    assert [e["index"] for e in splits] == list(range(len(world.split_ticks)))
    assert [e["game_ticks"] for e in splits] == world.split_ticks
    assert all(e["name"] == level.splits[e["index"]].name for e in splits)
    ticks = [e["tick"] for e in events]
    assert ticks == sorted(ticks)
    assert world.finished and watch.note("x") is None


def test_tracing_leaves_the_simulation_untouched():
    level = load_level(TUTORIAL)
    script = load_input_script(DEMO)
    world = World(level)
    list(traced_run(world, script, 20000, Watch(world, trace=True, every=1)))
    assert world.state_hash() == simulate(level, script, 20000)["state_hash"]


def test_a_dialogue_box_left_open_is_named_on_stderr(tmp_path):
    script = tmp_path / "open.inputs"
    script.write_text("30 right\n")  # never a jump: the intro box stays open
    result = run("simulate", TUTORIAL, "--ticks", "700", "--inputs", str(script))
    assert result.returncode == 0
    assert json.loads(result.stdout)["finished"] is False
    (note,) = result.stderr.splitlines()
    assert "stopped at tick 700" in note and "dialogue box open since tick 0" in note
    assert '("Naruto: The old tra' in note and "jump press" in note and "script tick 11" in note
    recorded = run("replay", "record", TUTORIAL, str(script), "-o", str(tmp_path / "run.gmr"))
    assert recorded.returncode == 0, recorded.stderr
    assert "dialogue box open since tick 0" in recorded.stderr


def test_an_idle_run_is_called_stalled(tmp_path):
    script = tmp_path / "idle.inputs"
    script.write_text("11 jump\n12 -\n")  # closes the intro, then never presses a thing
    result = run("simulate", TUTORIAL, "--ticks", "900", "--inputs", str(script))
    assert result.returncode == 0
    (note,) = result.stderr.splitlines()
    assert "stopped at tick 900" in note and "never started" in note


def test_a_world_whose_timer_stood_still_is_stalled():
    level = load_level(TUTORIAL)
    script = InputScript((11, 12, 13), (JUMP, RIGHT, 0))  # close the intro, start, stand
    world = World(level)
    watch = Watch(world)
    list(traced_run(world, script, 100, watch))
    assert world.started and not world.dialogue and watch.note("m.tmx") is None
    watch.progress_tick = world.tick - STALL_TICKS  # as a timer frozen that long leaves it
    note = watch.note("m.tmx")
    assert note is not None and note.startswith("m.tmx: the run stopped at tick 100")
    assert f"stalled since tick {world.tick - STALL_TICKS}" in note
