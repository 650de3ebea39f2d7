"""Run analysis on a hand-made record: best possible time (live and done), possible time save
per split, the average-of-recent comparison; and the panel and results that show them."""

import pygame
import pytest

from game.render.splits_panel import HIDDEN, draw_splits_panel, next_panel_view
from game.speedrun.analysis import (
    AVERAGE,
    AVERAGE_OF,
    COMPARISONS,
    GOLD,
    PB,
    analyse,
    average_segments,
    best_possible,
    comparison_rows,
    next_comparison,
    possible_saves,
)
from game.speedrun.history import BoardHistory
from game.speedrun.splits import Record

# Two splits and the finish: the PB's segments 100, 150, 150; the golds 90, 130, 140.
RECORD = Record((100, 250, 400), (90, 130, 140))
NAMES = ["Gate", "Bend", "Finish"]


def history_of(*runs) -> BoardHistory:
    history = BoardHistory()
    for rows in runs:
        history = history.with_attempt(rows)
    return history


def test_possible_time_save_is_the_pb_segment_minus_the_gold():
    assert possible_saves(RECORD, 2) == [10, 20, 10]
    analysis = analyse(NAMES, [None, None, None], RECORD, BoardHistory())
    assert analysis.total_possible_save == 40 == 400 - analysis.sum_of_best
    no_gold = Record((100, 250, 400), (90, None, 140))
    assert possible_saves(no_gold, 2) == [10, None, 10]


def test_best_possible_time_before_during_and_after_a_run():
    assert best_possible(RECORD, [None, None, None]) == 360  # the sum of best
    assert best_possible(RECORD, [95, None, None], now=150) == 95 + 130 + 140
    # 205 ticks into a segment whose gold is 130: that much is spent already
    assert best_possible(RECORD, [95, None, None], now=300) == 95 + 205 + 140
    assert best_possible(RECORD, [95, 230, 380], now=380) == 380  # done: its time
    assert best_possible(Record((), (90, None, 140)), [95, None, None]) is None


def test_the_average_is_of_the_latest_finished_attempts_only():
    history = history_of(
        (100, 250, 400),
        (90, None, None),  # reset: not in the average
        (110, 250, 420),
        (50, 100),  # another shape of run (the map had other splits): left out
    )
    means, count = average_segments(history, 2)
    assert (means, count) == ([105, 145, 160], 2)
    assert comparison_rows(RECORD, history, 2, AVERAGE) == [105, 250, 410]
    many = history_of(*([(1000, 2000, 3000)] * 5 + [(100, 200, 300)] * AVERAGE_OF))
    assert average_segments(many, 2) == ([100, 100, 100], AVERAGE_OF)


def test_each_comparison_gives_its_split_times():
    assert comparison_rows(RECORD, BoardHistory(), 2, PB) == [100, 250, 400]
    assert comparison_rows(RECORD, BoardHistory(), 2, GOLD) == [90, 220, 360]
    assert comparison_rows(RECORD, BoardHistory(), 2, AVERAGE) == [None, None, None]
    live = analyse(NAMES, [95, None, None], RECORD, BoardHistory(), GOLD, now=120)
    assert [row.delta for row in live.rows] == [5, None, None]  # 95 against the gold's 90
    assert [row.pb for row in live.rows] == [90, 220, 360]  # what the panel dims ahead


def test_tab_cycles_the_comparison_then_hides_the_panel():
    assert [next_comparison(c) for c in COMPARISONS] == [GOLD, AVERAGE, PB]
    views, view = [], PB
    for _ in range(4):
        view = next_panel_view(view)
        views.append(view)
    assert views == [GOLD, AVERAGE, HIDDEN, PB]


@pytest.mark.parametrize("comparison", COMPARISONS)
def test_the_panel_fits_the_canvas_with_a_full_rescues_rows(comparison):
    pygame.font.init()
    names = [f"Split {i}" for i in range(10)] + ["Finish"]
    record = Record(tuple(range(100, 1200, 100)), (100,) * 11)
    history = history_of(tuple(range(110, 1300, 110)))
    analysis = analyse(names, [None] * 11, record, history, comparison)
    canvas = pygame.Surface((640, 360))
    rect = draw_splits_panel(canvas, analysis, (636, 40))
    assert canvas.get_rect().contains(rect)


class StillRenderer:
    """The world behind the results, not drawn: this test looks at the panel."""

    def draw(self, canvas, world, alpha=1.0):
        pass

    def observe(self, events):
        pass


def test_the_results_show_the_analysis_and_tab_switches_chart_and_splits(tmp_path):
    from speedrun_level import RUN, make_speedrun_level

    from game.speedrun.pbstore import PersonalBests
    from game.speedrun.session import SpeedrunSession
    from game.ui.results import CHART_VIEWS, ResultsScreen

    pygame.font.init()
    level = make_speedrun_level(tmp_path)
    bests = PersonalBests(tmp_path / "pb.json")
    bests.put("synthetic", "any", Record((40, 90, 140, None, 600), (40, 50, 50, None, 460)))
    session = SpeedrunSession(level, bests=bests)
    world = session.start("any")
    while not session.attempt.complete:
        mask = RUN.mask(world.tick)
        reached = len(world.split_ticks)
        world.step(mask)
        session.stepped(world, mask, (0, 0), reached)
    screen = ResultsScreen(None, world, StillRenderer(), session.attempt)
    screen.ticks = 1000  # every part revealed
    canvas = pygame.Surface((640, 360))
    seen = []
    for _ in CHART_VIEWS:
        seen.append(screen.chart_view)
        screen.draw(canvas)
        screen.on_key(pygame.K_TAB)
    assert seen == list(CHART_VIEWS) and screen.chart_view == CHART_VIEWS[0]
