"""Personal bests survive restarts, crashes during a save, and a broken file."""

import os

import pytest

import game.store as store
from game.speedrun.pbstore import PersonalBests, data_dir, pb_path
from game.speedrun.splits import Record

PB = Record((100, 250, 400), (100, 150, 150))


def test_bests_are_kept_per_map_and_category_across_sessions(tmp_path):
    path = tmp_path / "pb.json"
    bests = PersonalBests(path)
    assert bests.get("great_mine", "any") == Record()
    assert bests.put("great_mine", "any", PB)
    again = PersonalBests(path)
    assert again.get("great_mine", "any") == PB
    assert again.get("great_mine", "all") == Record()  # each category keeps its own


def test_the_file_lives_in_the_home_folder_when_one_is_set(tmp_path, monkeypatch):
    monkeypatch.setenv("GREAT_MINE_RESCUE_HOME", str(tmp_path))
    assert data_dir() == tmp_path
    assert pb_path() == tmp_path / "personal_bests.json"


def test_a_crash_during_a_save_leaves_the_previous_bests_whole(tmp_path, monkeypatch):
    path = tmp_path / "pb.json"
    PersonalBests(path).put("great_mine", "any", PB)

    def killed(*args):
        raise OSError("killed mid-save")

    monkeypatch.setattr(store.os, "replace", killed)
    better = Record((90, 200, 300), (90, 110, 100))
    assert not PersonalBests(path).put("great_mine", "any", better)
    monkeypatch.undo()
    assert PersonalBests(path).get("great_mine", "any") == PB
    assert [p.name for p in tmp_path.iterdir()] == ["pb.json"]  # no temporary left behind


@pytest.mark.parametrize(
    "text",
    ["{not json", '{"version": 1, "records": {"m/any": {"pb": ["soon"]}}}', "[]", '{"version": 9}'],
)
def test_a_broken_file_is_set_aside_with_one_line_and_no_crash(tmp_path, capsys, text):
    path = tmp_path / "pb.json"
    path.write_text(text)
    bests = PersonalBests(path)
    assert bests.records == {}
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "pb.json.bad" in err
    assert (tmp_path / "pb.json.bad").read_text() == text
    assert bests.put("great_mine", "any", PB)  # and new bests save normally
    assert os.path.exists(path)
