"""Run history: every attempt at a board is counted as it ends (finished, or reset on the split
it had reached), kept in one file with the personal bests, saved atomically, and read from a
version 1 file too."""

import json
from datetime import datetime, timezone

import pytest
from speedrun_level import RUN, RUN_ANY_TICKS, make_speedrun_level

import game.speedrun.history as history_module
import game.store as store
from game.speedrun.history import MAX_RECENT, BoardHistory
from game.speedrun.pbstore import PersonalBests
from game.speedrun.session import SpeedrunSession
from game.speedrun.splits import Record

ROWS_DONE = (29, 72, 115, None, RUN_ANY_TICKS)


@pytest.fixture
def level(tmp_path, monkeypatch):
    monkeypatch.setenv("GREAT_MINE_RESCUE_HOME", str(tmp_path))  # replays and ghosts go here
    monkeypatch.setattr(
        history_module, "utc_now", lambda: datetime(2026, 12, 1, 10, 0, 0, tzinfo=timezone.utc)
    )
    (tmp_path / "map").mkdir()
    return make_speedrun_level(tmp_path / "map")


def play_until(session, world, splits=None, ticks=700):
    """Step `world` with RUN until it has `splits` splits (None: until the attempt ends)."""
    for _ in range(ticks):
        if splits is not None and len(world.split_ticks) >= splits:
            return
        if session.attempt.complete or world.finished:
            return
        mask = RUN.mask(world.tick)
        reached = len(world.split_ticks)
        world.step(mask)
        session.stepped(world, mask, (0, 0), reached)


def test_attempts_are_counted_finished_or_reset_at_their_split(tmp_path, level):
    path = tmp_path / "pb.json"
    session = SpeedrunSession(level, bests=PersonalBests(path))
    world = session.start("any")
    session.end_attempt(world)  # R before the first input: no attempt at all
    world = session.start("any")
    play_until(session, world, splits=2)
    session.end_attempt(world)  # R on the third split's segment
    world = session.start("any")
    play_until(session, world)  # to the Any% finish
    world = session.start("any")
    play_until(session, world, ticks=25)  # started, no split yet
    session.end_attempt(world)

    history = PersonalBests(path).history_of("synthetic", "any")
    assert (history.started, history.finished) == (3, 1)
    assert history.resets == (1, 0, 1)  # one reset on the first row, one on the third
    assert [a.number for a in history.recent] == [1, 2, 3]
    first, done, last = history.recent
    assert first.rows == (29, 72, None, None, None) and first.reset_at == 2
    assert done.rows == ROWS_DONE and done.finished and done.final == RUN_ANY_TICKS
    assert last.reset_at == 0
    assert done.ended == "2026-12-01T10:00:00Z"
    assert PersonalBests(path).get("synthetic", "any").pb_rows == ROWS_DONE  # with the PB
    assert PersonalBests(path).history_of("synthetic", "all") == BoardHistory()  # its own


def test_the_next_attempt_sees_the_history_before_it(tmp_path, level):
    session = SpeedrunSession(level, bests=PersonalBests(tmp_path / "pb.json"))
    world = session.start("any")
    play_until(session, world)
    session.start("any")
    assert session.attempt.history.started == 1
    assert session.attempt.history.recent[0].rows == ROWS_DONE


def test_practice_and_assisted_runs_stay_off_the_main_board(tmp_path, level):
    path = tmp_path / "pb.json"
    practice = SpeedrunSession(level, bests=PersonalBests(path), practice=True)
    world = practice.start("any")
    play_until(practice, world)
    assert PersonalBests(path).history_of("synthetic", "any") == BoardHistory()
    assisted = SpeedrunSession(level, bests=PersonalBests(path))
    world = assisted.start("any", ("no_stun",))
    play_until(assisted, world)
    assert PersonalBests(path).history_of("synthetic", "any") == BoardHistory()
    assert PersonalBests(path).history_of("synthetic.assisted", "any").finished == 1


def test_only_the_latest_attempts_keep_their_splits_but_every_one_counts():
    history = BoardHistory()
    for _ in range(MAX_RECENT + 5):
        history = history.with_attempt((10, None))  # reset after its one split
    assert history.started == MAX_RECENT + 5
    assert history.resets == (0, MAX_RECENT + 5)
    assert len(history.recent) == MAX_RECENT
    assert history.recent[0].number == 6  # the five oldest went


def test_a_version_1_file_keeps_its_bests_and_is_saved_as_version_2(tmp_path):
    path = tmp_path / "pb.json"
    old = {"version": 1, "records": {"great_mine/any": {"pb": [100, 250], "best": [100, 150]}}}
    path.write_text(json.dumps(old))
    bests = PersonalBests(path)
    assert bests.get("great_mine", "any") == Record((100, 250), (100, 150))
    assert bests.history_of("great_mine", "any") == BoardHistory()
    after = BoardHistory().with_attempt((90, 200))
    assert bests.keep_attempt("great_mine", "any", Record((90, 200), (90, 110)), after)
    saved = json.loads(path.read_text())
    assert saved["version"] == 2
    assert saved["history"]["great_mine/any"]["started"] == 1
    again = PersonalBests(path)
    assert again.history_of("great_mine", "any") == after
    assert again.get("great_mine", "any") == Record((90, 200), (90, 110))


def test_a_crash_during_a_save_leaves_bests_and_history_as_they_were(tmp_path, monkeypatch):
    path = tmp_path / "pb.json"
    first = BoardHistory().with_attempt((100, 250))
    PersonalBests(path).keep_attempt("m", "any", Record((100, 250), (100, 150)), first)

    def killed(*args):
        raise OSError("killed mid-save")

    monkeypatch.setattr(store.os, "replace", killed)
    second = first.with_attempt((90, 200))
    assert not PersonalBests(path).keep_attempt("m", "any", Record((90, 200), (90, 110)), second)
    monkeypatch.undo()
    kept = PersonalBests(path)
    assert kept.history_of("m", "any") == first  # never a history ahead of its bests
    assert kept.get("m", "any") == Record((100, 250), (100, 150))
    assert [p.name for p in tmp_path.iterdir()] == ["pb.json"]


@pytest.mark.parametrize(
    "history",
    [
        [],
        {"m/any": {"started": -1}},
        {"m/any": {"started": 1, "recent": [{"n": 1, "rows": ["soon"]}]}},
        {"m/any": {"recent": [{"n": 1, "rows": [], "ended": 5}]}},
        {"m/any": {"resets": "many"}},
    ],
)
def test_a_broken_history_sets_the_file_aside_with_one_line(tmp_path, capsys, history):
    path = tmp_path / "pb.json"
    text = json.dumps({"version": 2, "records": {}, "history": history})
    path.write_text(text)
    bests = PersonalBests(path)
    assert bests.records == {} and bests.history == {}
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "pb.json.bad" in err
    assert (tmp_path / "pb.json.bad").read_text() == text


def test_the_file_keeps_one_attempt_a_line(tmp_path):
    path = tmp_path / "pb.json"
    history = BoardHistory()
    for _ in range(50):
        history = history.with_attempt((10, 20, 30))
    PersonalBests(path).keep_attempt("m", "all", Record((10, 20, 30), (10, 10, 10)), history)
    assert len(path.read_text().splitlines()) < 50 + 30


def test_a_save_too_large_drops_the_oldest_attempts_never_a_record(tmp_path, monkeypatch):
    import game.speedrun.pbstore as pbstore

    monkeypatch.setattr(pbstore, "MAX_PB_BYTES", 4000)
    path = tmp_path / "pb.json"
    history = BoardHistory()
    for _ in range(200):
        history = history.with_attempt((10, 20, 30))
    bests = PersonalBests(path)
    assert bests.keep_attempt("m", "all", Record((10, 20, 30), (10, 10, 10)), history)
    assert len(path.read_bytes()) <= 4000
    kept = PersonalBests(path)
    assert kept.get("m", "all") == Record((10, 20, 30), (10, 10, 10))
    assert kept.history_of("m", "all").started == 200  # the counts stay
    assert kept.history_of("m", "all").recent[-1].number == 200  # the newest stay
