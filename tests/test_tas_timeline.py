"""Rewind and seek for TAS work: a world restored from the snapshots and stepped on is the
world a run from the start reaches (state hash), and the snapshots stay few however long
the run."""

import pytest
from speedrun_level import make_speedrun_level

from game.sim.world import World
from game.tas import parse_input_script
from game.tas_timeline import RecordedInputs, Snapshots, Timeline, first_difference

# Runs right and jumps now and then, throws clones: plenty of state to get wrong.
SCRIPT = parse_input_script(
    "0 -\n11 jump\n12 right\n40 right+jump\n44 right\n90 clone\n91 right\n150 left\n"
    "200 right+up\n230 -\n300 right\n"
)


@pytest.fixture(scope="module")
def level(tmp_path_factory):
    return make_speedrun_level(tmp_path_factory.mktemp("tas_level"))


def fresh(level, script, ticks: int) -> World:
    world = World(level)
    for tick in range(ticks):
        world.step(script.mask(tick))
    return world


def hashes_at(level, script, ticks) -> dict[int, str]:
    """The state hash a run from the start has at each of `ticks` (one run for them all)."""
    world, found = World(level), {}
    for tick in range(max(ticks) + 1):
        if tick in ticks:
            found[tick] = world.state_hash()
        world.step(script.mask(tick))
    return found


def small_snapshots(level) -> Snapshots:
    """The real policy at a scale a test can run: dense every 10 over the last 100 ticks,
    sparse every 50 before, at most 4 sparse ones."""
    return Snapshots(level, dense_every=10, dense_span=100, sparse_every=50, max_sparse=4)


def test_rewinding_gives_the_world_a_run_from_the_start_reaches(level):
    timeline = Timeline(World(level), SCRIPT, small_snapshots(level))
    for _ in range(500):  # the miner walks out at about 540: the run goes on to here
        timeline.step()
    end_hash = timeline.world.state_hash()
    targets = (499, 455, 321, 250, 77, 1, 0, 444)
    expected = hashes_at(level, SCRIPT, targets)
    for target in targets:
        timeline.seek(target)
        assert timeline.world.tick == target
        assert timeline.world.state_hash() == expected[target], target
    timeline.seek(500)  # and forward again to where it was
    assert timeline.world.state_hash() == end_hash


def test_a_seek_steps_from_the_nearest_snapshot_not_from_the_start(level, monkeypatch):
    timeline = Timeline(World(level), SCRIPT, small_snapshots(level))
    for _ in range(500):
        timeline.step()
    steps = []
    real_step = World.step
    monkeypatch.setattr(World, "step", lambda self, mask: (steps.append(1), real_step(self, mask)))
    timeline.seek(455)  # within the last 100 ticks: a snapshot every 10
    assert len(steps) == 5
    steps.clear()
    timeline.seek(130)  # long ago: the sparse snapshots
    assert len(steps) <= timeline.snapshots.sparse_every


def test_snapshots_are_thinned_as_the_run_grows(level):
    snapshots = small_snapshots(level)
    timeline = Timeline(World(level), SCRIPT, snapshots)
    for _ in range(1000):
        timeline.step()
    ticks = snapshots.ticks
    recent = [t for t in ticks if t >= 900]
    older = [t for t in ticks if t < 900]
    assert recent == list(range(900, 1001, 10))  # dense over the last 100 ticks
    assert len(older) <= 4  # bounded: the sparse spacing doubled
    assert all(t % snapshots.sparse_every == 0 for t in older)
    assert snapshots.sparse_every > 50
    assert 0 in ticks  # the start is always kept


def test_the_default_policy_is_bounded_for_a_long_run(level):
    snapshots = Snapshots(level)
    snapshots._copy = lambda world: world  # only the ticks matter here: no copies needed
    world = World(level)
    # Offer a long run's worth of ticks without simulating them: only the ticks matter.
    for tick in range(0, 60 * 60 * 30, 60):
        world.tick = tick
        snapshots.offer(world)
    assert len(snapshots) <= 1200 // 60 + 1 + 120
    assert snapshots.ticks[-21:] == list(range(snapshots.newest - 1200, snapshots.newest + 1, 60))


def test_new_inputs_re_run_from_the_first_changed_tick_like_a_fresh_run(level):
    timeline = Timeline(World(level), SCRIPT, small_snapshots(level))
    for _ in range(400):
        timeline.step()
    edited = parse_input_script(
        "0 -\n11 jump\n12 right\n40 right+jump\n44 right\n90 clone\n91 right\n150 left\n"
        "180 right+jump\n230 -\n300 right\n"
    )
    changed = first_difference(SCRIPT, edited)
    assert changed == 180
    timeline.replace_inputs(edited, changed)
    assert timeline.world.tick == 400
    assert timeline.world.state_hash() == fresh(level, edited, 400).state_hash()
    assert timeline.world.state_hash() != fresh(level, SCRIPT, 400).state_hash()


def test_first_difference_ignores_lines_that_hold_the_same_buttons():
    a = parse_input_script("0 right\n10 jump\n")
    b = parse_input_script("0 right\n5 right\n10 jump\n# a comment\n")
    assert first_difference(a, b) is None
    assert first_difference(a, parse_input_script("0 right\n9 jump\n")) == 9


def test_recorded_inputs_forget_the_future_when_a_tick_changes():
    inputs = RecordedInputs(start=100)
    for tick, mask in enumerate([1, 1, 2, 2], start=100):
        inputs.record(tick, mask)
    assert inputs.end == 104 and inputs.mask(102) == 2 and inputs.mask(99) == 0
    assert inputs.record(101, 1) is False  # the same buttons: the future stays
    assert inputs.end == 104
    assert inputs.record(101, 4) is True
    assert inputs.end == 102 and inputs.mask(101) == 4 and inputs.mask(102) == 0


def test_a_live_timeline_rewinds_no_further_than_where_it_began(level):
    world = fresh(level, SCRIPT, 50)
    inputs = RecordedInputs(start=50)
    timeline = Timeline(world, inputs, small_snapshots(level))
    for tick in range(50, 120):
        inputs.record(tick, SCRIPT.mask(tick))
        timeline.step()
    timeline.seek(10)
    assert timeline.world.tick == 50
    assert timeline.world.state_hash() == fresh(level, SCRIPT, 50).state_hash()
    timeline.seek(87)
    assert timeline.world.state_hash() == fresh(level, SCRIPT, 87).state_hash()


def test_rewinding_on_the_great_mine_matches_a_run_from_the_start():
    from game.level.tiled import load_level
    from game.tas import load_input_script

    level = load_level("maps/great_mine.tmx")
    demo = load_input_script("maps/demos/great_mine.inputs")
    timeline = Timeline(World(level), demo)
    for _ in range(420):  # past the first clones and falling rocks
        timeline.step()
    expected = hashes_at(level, demo, (419, 361, 200))
    for target in (419, 361, 200):
        timeline.seek(target)
        assert timeline.world.state_hash() == expected[target]
