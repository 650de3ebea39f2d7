"""The desync locator: a replay that no longer re-simulates as recorded says where it first
went another way: the checkpoint window, and with bisect the tick and the part of the world."""

import copy
import dataclasses
from pathlib import Path

import pytest

from game.level.tiled import load_level
from game.sim.fingerprint import part_hashes
from game.sim.world import World
from game.speedrun.recorder import record_script
from game.speedrun.replay import Trail, dumps
from game.speedrun.verify import check_replay_file, verify_replay
from game.tas import load_input_script

ROOT = Path(__file__).resolve().parent.parent.parent
TUTORIAL = ROOT / "maps" / "tutorial.tmx"
DEMO = ROOT / "maps" / "demos" / "tutorial.inputs"
CHANGED_TICK = 1000  # the tutorial demo holds right here; the edited replay lets go one tick


@pytest.fixture(scope="module")
def level():
    return load_level(TUTORIAL)


@pytest.fixture(scope="module")
def demo(level):
    return record_script(TUTORIAL, level, load_input_script(DEMO), "all")


@pytest.fixture(scope="module")
def desynced(demo):
    """The demo with one input changed at CHANGED_TICK, its header, checkpoints and trail
    left as the original run made them: what a changed simulation would look like."""
    inputs = list(demo.inputs)
    assert inputs[CHANGED_TICK - 1] != 0
    inputs[CHANGED_TICK - 1] = 0  # the input of tick N is the N-th
    return dataclasses.replace(demo, inputs=tuple(inputs))


def test_an_untouched_replay_verifies_with_nothing_located(level, demo):
    verdict = verify_replay(demo, level, bisect=True)
    assert verdict.ok and verdict.located == []


def test_a_desync_is_located_to_its_600_tick_window(level, desynced):
    verdict = verify_replay(desynced, level)
    assert not verdict.ok
    assert verdict.located == ["diverges between tick 600 and 1200 (naruto differs at tick 1200)"]


def test_bisect_finds_the_exact_tick_and_the_part(level, desynced):
    verdict = verify_replay(desynced, level, bisect=True)
    assert verdict.located == [
        "diverges between tick 600 and 1200 (naruto differs at tick 1200)",
        f"first differing tick {CHANGED_TICK}: naruto",
    ]


def test_the_verify_report_carries_the_located_lines(desynced, tmp_path):
    path = tmp_path / "desynced.gmr"
    path.write_bytes(dumps(desynced))
    plain = check_replay_file(str(path), str(TUTORIAL))
    assert plain.verdict == "mismatch" and len(plain.located) == 1
    assert plain.map_used == f"file {TUTORIAL}"
    deep = check_replay_file(str(path), str(TUTORIAL), bisect=True)
    assert deep.located[-1] == f"first differing tick {CHANGED_TICK}: naruto"


def test_the_parts_named_are_the_parts_that_differ(level, demo):
    """A recorded checkpoint with only the rocks' hash changed: only the rocks are named."""
    tick, hashes = demo.checkpoints[0]
    rocks = demo.parts.index("rocks")
    bent = tuple(h ^ 1 if i == rocks else h for i, h in enumerate(hashes))
    claimed = dataclasses.replace(
        demo, checkpoints=((tick, bent), *demo.checkpoints[1:]), rescued=demo.rescued - 1
    )
    verdict = verify_replay(claimed, level)
    assert verdict.located == ["diverges between tick 0 and 600 (rocks differs at tick 600)"]


def test_a_changed_claim_with_a_run_that_matches_says_so(level, demo):
    tampered = dataclasses.replace(demo, rescued=demo.rescued - 1)
    verdict = verify_replay(tampered, level, bisect=True)
    assert verdict.mismatches == [
        f"rescued: replay says {demo.rescued - 1}, re-simulation gives {demo.rescued}"
    ]
    assert verdict.located == [
        f"every checkpoint matches, to tick {demo.final_tick}: the run re-simulates the same"
    ]


def test_a_thinned_trail_gives_the_window_between_its_samples(level, desynced):
    full = desynced.trail
    thin = Trail(full.first_tick, 8, tuple(column[::8] for column in full.columns))
    verdict = verify_replay(dataclasses.replace(desynced, trail=thin), level, bisect=True)
    # samples at 993 and 1001: 993 matched, 1001 does not
    assert verdict.located[-1] == (
        "first differing tick between 994 and 1001: naruto (the trail keeps every 8 ticks here)"
    )


def test_without_a_trail_bisect_says_the_tick_is_unknown(level, desynced):
    verdict = verify_replay(dataclasses.replace(desynced, trail=None), level, bisect=True)
    assert verdict.located[-1] == (
        "no per-tick trail covers ticks 601 to 1200: the first differing tick is unknown"
    )


def test_part_hashes_change_only_in_the_part_that_changed(level):
    world = World(level)
    for _ in range(30):
        world.step(2)
    before = part_hashes(world)
    moved = copy.deepcopy(world, {id(level): level})
    moved.naruto.x += 1
    assert [k for k, v in part_hashes(moved).items() if v != before[k]] == ["naruto"]
    broken = copy.deepcopy(world, {id(level): level})
    broken.flags[0, 0] ^= 1
    assert [k for k, v in part_hashes(broken).items() if v != before[k]] == ["tiles"]
    timed = copy.deepcopy(world, {id(level): level})
    timed.rng.next_u32()
    assert [k for k, v in part_hashes(timed).items() if v != before[k]] == ["timers"]
    assert part_hashes(world) == before  # reading only
