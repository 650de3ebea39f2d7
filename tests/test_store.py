"""Settings survive a restart, a crash mid-save and a broken file, without a traceback."""

import json
import os

import pytest

from game import store
from game.store import Settings, load_settings, save_settings, settings_path


@pytest.fixture(autouse=True)
def home(tmp_path, monkeypatch):
    monkeypatch.setenv(store.HOME_ENV, str(tmp_path))
    return tmp_path


def test_the_home_variable_decides_where_everything_goes(home):
    assert settings_path() == home / "settings.json"
    assert store.cache_dir() == home / "cache"


def test_without_the_home_variable_the_platform_folders_are_used(monkeypatch):
    monkeypatch.delenv(store.HOME_ENV)
    assert "great-mine-rescue" in str(settings_path())
    assert "great-mine-rescue" in str(store.cache_dir())
    assert settings_path().parent != store.cache_dir()


def test_no_file_means_the_defaults_and_no_message(capsys):
    assert load_settings() == Settings()
    assert capsys.readouterr().err == ""


def test_settings_round_trip():
    mine = Settings(music_volume=0.3, effects_volume=1.0, muted=True, screen_shake=False, scale=3)
    assert save_settings(mine)
    assert load_settings() == mine
    assert json.loads(settings_path().read_text())["scale"] == 3  # readable, editable JSON


def test_a_crash_during_save_leaves_the_old_file_intact(monkeypatch, home, capsys):
    save_settings(Settings(music_volume=0.2))
    before = settings_path().read_bytes()

    def crash(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", crash)
    assert save_settings(Settings(music_volume=0.9)) is False
    assert settings_path().read_bytes() == before
    assert sorted(p.name for p in home.iterdir()) == ["settings.json"]  # no temp file left
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "settings.json" in err and "No space left" in err
    assert load_settings().music_volume == 0.2


def test_atomic_write_raises_and_cleans_up_when_the_rename_fails(monkeypatch, home):
    target = home / "best.json"
    target.write_text("old")
    monkeypatch.setattr(os, "replace", lambda a, b: (_ for _ in ()).throw(OSError("boom")))
    with pytest.raises(OSError):
        store.atomic_write_text(target, "new")
    assert target.read_text() == "old" and list(home.iterdir()) == [target]


def _broken(text, capsys):
    settings_path().write_text(text)
    settings = load_settings()
    err = capsys.readouterr().err
    return settings, err


def test_a_file_that_is_not_json_is_set_aside_with_one_line(capsys):
    settings, err = _broken("{music_volume: 0.5", capsys)
    assert settings == Settings()
    assert err.count("\n") == 1 and str(settings_path()) in err and "not valid JSON" in err
    assert "Traceback" not in err
    bad = settings_path().with_name("settings.json.bad")
    assert bad.read_text() == "{music_volume: 0.5"
    assert load_settings() == Settings()  # the next start is clean
    assert capsys.readouterr().err == ""


def test_wrong_types_are_reported_and_the_good_values_kept(capsys):
    text = json.dumps({"music_volume": "loud", "effects_volume": 0.4, "screen_shake": "yes"})
    settings, err = _broken(text, capsys)
    assert settings == Settings(effects_volume=0.4)
    assert err.count("\n") == 1 and "music_volume" in err and "screen_shake" in err
    assert settings_path().with_name("settings.json.bad").is_file()
    assert load_settings() == settings  # the usable values were saved back


def test_out_of_range_values_are_reported_and_replaced_by_defaults(capsys):
    text = json.dumps({"music_volume": 1.5, "effects_volume": -0.1, "scale": 40, "muted": True})
    settings, err = _broken(text, capsys)
    assert settings == Settings(muted=True)
    assert "music_volume must be from 0 to 1, got 1.5" in err and "scale must be from 1 to 8" in err


@pytest.mark.parametrize("text", ["[1, 2]", "null", '"settings"', '{"scale": true}', "NaN"])
def test_other_shapes_of_nonsense_fall_back_to_defaults(text, capsys):
    settings, err = _broken(text, capsys)
    assert settings == Settings() and err.count("\n") == 1


def test_keys_from_a_newer_version_are_ignored_quietly(capsys):
    settings, err = _broken(json.dumps({"scale": 4, "language": "eo"}), capsys)
    assert settings == Settings(scale=4) and err == ""
    assert settings_path().is_file()  # nothing was set aside


def test_an_unsaveable_folder_reports_once_and_keeps_playing(home, monkeypatch, capsys):
    blocker = home / "blocked"
    blocker.write_text("a file, not a folder")
    monkeypatch.setenv(store.HOME_ENV, str(blocker))
    assert save_settings(Settings()) is False
    assert capsys.readouterr().err.count("\n") == 1
