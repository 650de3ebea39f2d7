"""Practice snapshots from the personal best's replay: the right replay is found, the worlds
at its splits are exactly the PB's, and the work comes in slices, never all at once."""

import dataclasses

import pygame
import pytest
from speedrun_level import RUN, RUN_ANY_TICKS, RUN_SPLIT_TICKS, make_speedrun_level

from game.sim.world import World
from game.speedrun.practice import PbSnapshots, find_pb_replay
from game.speedrun.recorder import record_script, save_replay
from game.speedrun.replay import dumps

PB_ROWS = (*RUN_SPLIT_TICKS, None, RUN_ANY_TICKS)  # three splits, the fourth never reached


@pytest.fixture
def level(tmp_path):
    pygame.display.init()
    return make_speedrun_level(tmp_path)


@pytest.fixture
def replays(tmp_path, level):
    """The PB's replay saved where the game saves it; returns (folder, replay)."""
    replay = record_script(level.path, level, RUN, "any")
    assert replay.times["any"] == RUN_ANY_TICKS and list(replay.split_ticks) == RUN_SPLIT_TICKS
    folder = tmp_path / "replays"
    save_replay(replay, folder)
    return folder, replay


def live_split_hashes(level) -> dict[int, str]:
    """The world's state hash just after each split, from playing the run itself."""
    world, hashes = World(level), {}
    for tick in range(RUN.last_change + 400):
        reached = len(world.split_ticks)
        world.step(RUN.mask(tick))
        if len(world.split_ticks) > reached:
            hashes[reached] = world.state_hash()
    return hashes


def build(level, folder, pb_rows=PB_ROWS) -> PbSnapshots:
    """All of it: on a clock that stands still no slice ever runs out of budget, so the
    replay, the world and every tick take three calls however busy the machine is."""
    builder = PbSnapshots(level, "synthetic", "any", pb_rows, folder)
    for _ in range(3):
        builder.advance(1.0, clock=lambda: 0.0)
    assert builder.done
    return builder


def test_the_pb_replay_is_found_by_its_time_and_splits(level, replays):
    folder, replay = replays
    assert find_pb_replay(folder, level, "synthetic", "any", PB_ROWS) == replay
    slower = (*RUN_SPLIT_TICKS, None, RUN_ANY_TICKS + 1)
    assert find_pb_replay(folder, level, "synthetic", "any", slower) is None
    other_splits = (29, 73, 115, None, RUN_ANY_TICKS)
    assert find_pb_replay(folder, level, "synthetic", "any", other_splits) is None
    assert find_pb_replay(folder, level, "synthetic", "all", PB_ROWS) is None
    assert find_pb_replay(folder, level, "synthetic", "any", ()) is None


def test_a_replay_made_on_another_version_of_the_map_is_not_used(level, replays):
    folder, _ = replays
    moved = dataclasses.replace(level, seed=level.seed + 1)
    assert find_pb_replay(folder, moved, "synthetic", "any", PB_ROWS) is None


def test_practice_replays_and_damaged_files_are_passed_over_quietly(level, replays, capsys):
    folder, replay = replays
    for path in folder.iterdir():
        path.unlink()
    practice = dataclasses.replace(replay, practice=True, recorded_at="2026-11-25T10:00:00")
    (folder / "synthetic_any_0m08s13_2026-11-25_1000.gmr").write_bytes(dumps(practice))
    (folder / "synthetic_any_0m08s13_2026-11-25_1001.gmr").write_bytes(b"GMREPLAY broken")
    assert find_pb_replay(folder, level, "synthetic", "any", PB_ROWS) is None
    assert capsys.readouterr().err == ""


def test_the_snapshots_are_the_pb_worlds_at_each_split_it_reached(level, replays):
    folder, _ = replays
    builder = build(level, folder)
    expected = live_split_hashes(level)
    assert sorted(builder.snapshots) == [0, 1, 2] and not builder.waiting
    for index, world in builder.snapshots.items():
        assert world.split_ticks == RUN_SPLIT_TICKS[: index + 1]
        assert world.state_hash() == expected[index]
    assert 3 not in builder.snapshots  # the PB never reached the far wall


def test_the_work_comes_in_slices_of_the_given_budget(level, replays):
    """A clock that moves a millisecond whenever it is read: a 5 ms slice steps 5 ticks."""
    folder, _ = replays
    now = [0.0]

    def clock():
        now[0] += 0.001
        return now[0]

    builder = PbSnapshots(level, "synthetic", "any", PB_ROWS, folder)
    assert builder.waiting == {0, 1, 2} and not builder.snapshots  # nothing read yet
    builder.advance(0.005, clock)  # finds and reads the replay: a slice of its own
    builder.advance(0.005, clock)  # creates the world: another
    assert builder.ticks_simulated == 0
    progress = []
    while not builder.done:
        builder.advance(0.005, clock)
        progress.append(builder.ticks_simulated)
    steps = [b - a for a, b in zip(progress, progress[1:-1], strict=False)]
    assert steps and max(steps) <= 5
    assert sorted(builder.snapshots) == [0, 1, 2]


def test_a_replay_the_simulation_disagrees_with_gives_no_snapshots(level, replays):
    folder, replay = replays
    for path in folder.iterdir():
        path.unlink()
    tampered = dataclasses.replace(replay, split_ticks=(29, 70, 115))
    save_replay(tampered, folder)
    builder = build(level, folder, (29, 70, 115, None, RUN_ANY_TICKS))
    assert builder.snapshots == {} and not builder.waiting


def test_no_pb_means_nothing_to_build(level, tmp_path):
    builder = PbSnapshots(level, "synthetic", "any", (), tmp_path / "replays")
    assert builder.done and builder.snapshots == {} and builder.waiting == set()
