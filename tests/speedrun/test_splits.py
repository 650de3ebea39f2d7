"""Split arithmetic as a runner reads it: segments, deltas, gold splits, sum of best, and
which runs may change the personal best."""

from types import SimpleNamespace

import pytest

from game.headless import run_script
from game.level.tiled import load_level
from game.speedrun.attempt import Attempt
from game.speedrun.splits import (
    Record,
    compare,
    format_delta,
    merge,
    run_rows,
    run_time,
    segments,
    sum_of_best,
)
from game.tas import load_input_script

NAMES = ["A", "B", "Finish"]


def test_rows_are_cumulative_and_segments_are_differences():
    rows = run_rows([100, 250], 400, 2)
    assert rows == [100, 250, 400]
    assert segments(rows) == [100, 150, 150]


def test_a_split_after_an_any_percent_finish_has_no_time_nor_the_segment_after_it():
    rows = run_rows([100, 500], 400, 2)
    assert rows == [100, None, 400]
    assert segments(rows) == [100, None, None]


def test_the_first_run_becomes_the_pb_and_sets_every_best_segment():
    record = merge(Record(), [100, 250, 400])
    assert record.pb_rows == (100, 250, 400)
    assert record.best_segments == (100, 150, 150)
    assert sum_of_best(record, 2) == 400


def test_a_slower_run_keeps_the_pb_but_still_improves_a_best_segment():
    record = merge(Record(), [100, 250, 400])
    slower = merge(record, [90, 260, 420])
    assert slower.pb_rows == (100, 250, 400)
    assert slower.best_segments == (90, 150, 150)
    assert sum_of_best(slower, 2) == 390


def test_an_unfinished_run_never_becomes_the_pb_but_its_golds_count():
    record = merge(Record(), [100, 250, 400])
    reset = merge(record, [80, None, None])
    assert reset.pb_rows == record.pb_rows
    assert reset.best_segments == (80, 150, 150)


def test_a_practice_run_changes_nothing():
    record = merge(Record(), [100, 250, 400])
    assert merge(record, [10, 20, 30], practice=True) == record


def test_deltas_are_green_or_red_and_a_faster_segment_than_ever_is_gold():
    record = merge(Record(), [100, 250, 400])
    rows = compare(NAMES, [90, 260, None], record)
    assert [r.delta for r in rows] == [-10, 10, None]
    assert [r.gold for r in rows] == [True, False, False]
    assert rows[2].pb == 400 and rows[2].time is None


def test_deltas_read_like_livesplit():
    assert format_delta(-75) == "-1.25"
    assert format_delta(30) == "+0.50"
    assert format_delta(0) == "+0.00"
    assert format_delta(60 * 62 + 18) == "+1:02.3"


def test_the_category_time_is_the_quota_tick_for_any_and_a_clean_finish_for_all():
    world = SimpleNamespace(quota_tick=-1, finished=False, result="", lost=0, game_ticks=50)
    assert run_time(world, "any") is None and run_time(world, "all") is None
    world.quota_tick = 40
    assert run_time(world, "any") == 40
    world.finished, world.result = True, "rescued"
    assert run_time(world, "all") == 50
    world.lost = 1
    assert run_time(world, "all") is None


@pytest.fixture(scope="module")
def demo_world():
    level = load_level("maps/great_mine.tmx")
    return level, run_script(level, load_input_script("maps/demos/great_mine.inputs"), 20000)


@pytest.mark.slow
def test_the_demo_run_splits_and_finishes_on_exact_ticks(demo_world):
    level, world = demo_world
    assert world.split_ticks == [428, 1159, 1600, 2226, 2303]
    all_rescued = Attempt(level, "all", Record())
    all_rescued.update(world)
    assert all_rescued.final == 4221  # 1:10.35 on the timer, to the tick
    assert all_rescued.rows(world) == [428, 1159, 1600, 2226, 2303, 4221]
    any_percent = Attempt(level, "any", Record())
    any_percent.update(world)
    # Any% is over once the quota is out: the last two splits came later and do not count.
    assert any_percent.rows(world) == [428, 1159, 1600, None, None, 1932]


def test_a_finish_after_skipped_splits_is_charted_from_the_last_split_reached():
    record = merge(Record(), [100, None, 400])
    assert record.best_segments == (100, None, None)  # not one segment: no best from it
    rows = compare(NAMES, [90, None, 350], record)
    assert [r.segment for r in rows] == [90, None, 260]
    assert [r.pb_segment for r in rows] == [100, None, 300]
    assert [r.gold for r in rows] == [True, False, False]
