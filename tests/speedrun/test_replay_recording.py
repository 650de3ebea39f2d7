"""Recording a run: the recorder's replay is what the world did, saved where runners look."""

import re
from pathlib import Path

import pytest

from game.headless import format_time
from game.level.tiled import load_level
from game.sim.world import World
from game.speedrun.recorder import RunRecorder, record_script, replays_dir, save_replay
from game.speedrun.replay import read_replay
from game.tas import load_input_script

ROOT = Path(__file__).resolve().parent.parent.parent
GREAT_MINE = ROOT / "maps" / "great_mine.tmx"
DEMO = ROOT / "maps" / "demos" / "great_mine.inputs"


@pytest.fixture(scope="module")
def demo_replay():
    return record_script(GREAT_MINE, load_level(GREAT_MINE), load_input_script(DEMO), "all")


@pytest.mark.slow
def test_a_recorded_demo_claims_what_the_run_did(demo_replay):
    assert demo_replay.map_id == "great_mine" and demo_replay.category == "all"
    assert demo_replay.result == "rescued" and demo_replay.rescued == demo_replay.total >= 8
    assert demo_replay.final_tick == len(demo_replay.inputs)
    assert demo_replay.time_ticks == demo_replay.game_ticks  # All Rescued: the finish
    assert 0 < demo_replay.times["any"] == demo_replay.quota_tick < demo_replay.game_ticks
    assert len(demo_replay.split_ticks) == 5


def test_the_recorder_takes_the_masks_the_play_screen_steps(tmp_path):
    level = load_level(GREAT_MINE)
    script = load_input_script(DEMO)
    recorder = RunRecorder(GREAT_MINE, level, category="any", practice=True)
    world = World(level)
    for tick in range(300):  # reset after five seconds: still saved
        recorder.record(script.mask(tick))
        world.step(script.mask(tick))
    replay = recorder.finish(world)
    assert replay.practice and replay.time_ticks == -1 and replay.final_hash == world.state_hash()
    path = save_replay(replay, tmp_path)
    assert re.fullmatch(r"great_mine_any_practice_dnf_\d{4}-\d\d-\d\d_\d{4}\.gmr", path.name)
    assert read_replay(path) == replay


@pytest.mark.slow
def test_saved_replays_get_unique_names_by_map_category_and_time(tmp_path, demo_replay):
    first = save_replay(demo_replay, tmp_path)
    second = save_replay(demo_replay, tmp_path)
    assert first != second and first.exists() and second.exists()
    date = demo_replay.recorded_at[:10]
    clock = format_time(demo_replay.game_ticks).replace(":", "m").replace(".", "s")  # 1m05s16
    assert first.name.startswith(f"great_mine_all_{clock}_{date}_")
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")], "no temporary left"


def test_replays_go_to_the_home_folder_when_it_is_set(tmp_path, monkeypatch):
    monkeypatch.setenv("GREAT_MINE_RESCUE_HOME", str(tmp_path))
    assert replays_dir() == tmp_path / "replays"
