"""Settings, personal bests and ghosts the game cannot read: one line, the defaults, and the
file set aside, never overwritten by the next save."""

import json
import os

import pytest

from game import files, store
from game.speedrun import ghost
from game.speedrun.ghost import GhostTrack, load_ghost, save_ghost
from game.speedrun.pbstore import PersonalBests
from game.speedrun.splits import Record
from game.store import Settings, load_settings, save_settings, settings_path

PB = Record((100, 250, 400), (100, 150, 150))
UNREADABLE = {
    "deeply nested": b"[" * 2000 + b"]" * 2000,
    "5,000 digits": b'{"scale": ' + b"7" * 5000 + b"}",
    "latin-1": '{"last_map": "shipped:caf\u00e9.tmx"}'.encode("latin-1"),
    "UTF-16": '{"muted": true}'.encode("utf-16"),
    "binary": bytes(range(256)) * 4,
    "NaN": b'{"music_volume": NaN}',
    "lone surrogate": b'{"last_map": "\\ud800"}',
}


@pytest.fixture(autouse=True)
def home(tmp_path, monkeypatch):
    monkeypatch.setenv(store.HOME_ENV, str(tmp_path))
    monkeypatch.setattr(files, "_kept_unwritten", set())
    return tmp_path


def _one_line_naming(err: str, path) -> None:
    assert err.count("\n") == 1 and str(path) in err and "Traceback" not in err, err


# --- settings ----------------------------------------------------------------------------------
@pytest.mark.parametrize("kind", UNREADABLE)
def test_settings_the_game_cannot_read_are_set_aside_and_survive_the_next_save(kind, home, capsys):
    path = settings_path()
    path.write_bytes(UNREADABLE[kind])
    assert load_settings() == Settings()
    _one_line_naming(capsys.readouterr().err, path)
    assert save_settings(Settings(scale=3))
    assert (home / "settings.json.bad").read_bytes() == UNREADABLE[kind]
    assert load_settings().scale == 3


def test_a_5000_digit_scale_is_named_and_no_longer_stops_every_start(home, capsys):
    settings_path().write_text('{"scale": ' + "9" * 5000 + "}")
    assert load_settings() == Settings()
    err = capsys.readouterr().err
    assert "holds a number of 5,000 digits" in err and "settings.json.bad" in err
    assert load_settings() == Settings() and capsys.readouterr().err == ""  # fixed for good


def test_a_second_broken_settings_file_does_not_replace_the_first_bad_one(home, capsys):
    settings_path().write_bytes(b"\xff first")
    load_settings()
    settings_path().write_bytes(b"\xff second")
    load_settings()
    bad = sorted(p.name for p in home.iterdir() if ".bad" in p.name)
    assert len(bad) == 2 and bad[0] == "settings.json.bad"
    contents = {(home / name).read_bytes() for name in bad}
    assert contents == {b"\xff first", b"\xff second"}


@pytest.mark.skipif(os.name != "posix", reason="FIFOs are POSIX")
def test_a_fifo_as_settings_never_blocks_the_start(home, capsys):
    os.mkfifo(settings_path())
    assert load_settings() == Settings()
    _one_line_naming(capsys.readouterr().err, settings_path())
    assert (home / "settings.json.bad").is_fifo()


def test_settings_that_cannot_be_moved_aside_are_not_saved_over(home, monkeypatch, capsys):
    settings_path().write_bytes(b"\xe9t\xe9")
    monkeypatch.setattr(files, "set_aside", lambda path, now=None: None)  # a read-only folder
    assert load_settings() == Settings()
    assert "not be saved" in capsys.readouterr().err
    assert save_settings(Settings(scale=4)) is False
    assert settings_path().read_bytes() == b"\xe9t\xe9"
    assert "not written over" in capsys.readouterr().err


@pytest.mark.parametrize("host", ["a..b", ".", "x" * 64, "-lead", "bad host", ""])
def test_a_livesplit_host_that_is_no_host_name_is_refused_on_load(home, capsys, host):
    settings_path().write_text(json.dumps({"livesplit": True, "livesplit_host": host}))
    settings = load_settings()
    assert settings.livesplit_host == "localhost" and settings.livesplit is True
    assert "livesplit_host must be a host name" in capsys.readouterr().err


@pytest.mark.parametrize("host", ["localhost", "my-pc.local", "192.168.1.20", "::1", "a.b."])
def test_real_host_names_and_addresses_are_kept(home, host):
    settings_path().write_text(json.dumps({"livesplit_host": host}))
    assert load_settings().livesplit_host == host


# --- personal bests ----------------------------------------------------------------------------
@pytest.mark.parametrize("kind", UNREADABLE)
def test_personal_bests_the_game_cannot_read_are_set_aside_not_overwritten(kind, home, capsys):
    path = home / "personal_bests.json"
    path.write_bytes(UNREADABLE[kind])
    bests = PersonalBests(path)
    assert bests.records == {}
    _one_line_naming(capsys.readouterr().err, path)
    assert bests.put("great_mine", "any", PB)
    assert (home / "personal_bests.json.bad").read_bytes() == UNREADABLE[kind]
    assert PersonalBests(path).get("great_mine", "any") == PB


def test_personal_bests_that_cannot_be_moved_aside_are_kept_in_memory_only(
    home, monkeypatch, capsys
):
    path = home / "personal_bests.json"
    path.write_bytes(b'{"version": 1, "records": {"great_mine/any": {"pb": [1, 2, \xe9]}}}')
    before = path.read_bytes()
    monkeypatch.setattr(files, "set_aside", lambda path, now=None: None)
    bests = PersonalBests(path)
    assert "nothing is saved over it" in capsys.readouterr().err
    bests.put("great_mine", "any", PB)
    assert path.read_bytes() == before
    assert bests.get("great_mine", "any") == PB  # the session still knows its bests


def test_a_capture_run_leaves_a_broken_pb_file_where_it_is(home, capsys):
    path = home / "personal_bests.json"
    path.write_bytes(b"\xff\xfe")
    PersonalBests(path, writable=False)
    assert path.read_bytes() == b"\xff\xfe" and not (home / "personal_bests.json.bad").exists()
    _one_line_naming(capsys.readouterr().err, path)


# --- ghosts ------------------------------------------------------------------------------------
@pytest.mark.parametrize("kind", UNREADABLE)
def test_a_ghost_the_game_cannot_read_is_no_ghost_and_is_set_aside(kind, home, capsys):
    path = ghost.ghost_path("great_mine", "any")
    path.parent.mkdir(parents=True)
    path.write_bytes(UNREADABLE[kind])
    assert load_ghost("great_mine", "any") is None
    _one_line_naming(capsys.readouterr().err, path)
    assert save_ghost("great_mine", "any", GhostTrack())
    assert path.with_name(path.name + ".bad").read_bytes() == UNREADABLE[kind]


def test_a_capture_run_reads_a_broken_ghost_without_moving_it(home, capsys):
    path = ghost.ghost_path("great_mine", "all")
    path.parent.mkdir(parents=True)
    path.write_bytes(b"[" * 3000)
    assert load_ghost("great_mine", "all", set_aside=False) is None
    assert path.read_bytes() == b"[" * 3000
    _one_line_naming(capsys.readouterr().err, path)


# --- temporaries -------------------------------------------------------------------------------
def test_the_games_start_cleans_what_a_crash_left_in_every_folder_it_writes(home):
    old = 0
    left = [
        home / ".settings.json.abc123.tmp",
        home / ".personal_bests.json.k2j4x9.tmp",
        home / "replays" / ".great_mine_all_1m10s35.gmr.q1w2e3.tmp",
        home / "ghosts" / ".great_mine_all.ghost.zz9z9z.tmp",
        home / "cache" / ".x.wav.aa11bb.tmp",
    ]
    for path in left:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"\0" * 214_000)
        os.utime(path, (old, old))
    keep = home / "replays" / "great_mine_all_1m10s35_2026-11-25_1304.gmr"
    keep.write_bytes(b"GMREPLAY")
    assert sorted(store.clean_temp_files()) == sorted(left)
    assert not any(path.exists() for path in left) and keep.exists()


@pytest.mark.parametrize(
    "records",
    [
        {"great_mine/any": {"pb": [10**30]}},
        {"great_mine/any": {"pb": [1] * 5000}},
        {"x" * 5000: {"pb": [1]}},
    ],
)
def test_personal_bests_out_of_any_honest_range_are_set_aside(home, capsys, records):
    path = home / "personal_bests.json"
    path.write_text(json.dumps({"version": 1, "records": records}))
    assert PersonalBests(path).records == {}
    _one_line_naming(capsys.readouterr().err, path)
    assert (home / "personal_bests.json.bad").exists()


def test_opening_the_game_cleans_up_but_a_capture_run_touches_nothing(home, monkeypatch):
    from game import app as app_module

    monkeypatch.setattr(app_module, "load_level", lambda path: None)
    stale = home / ".personal_bests.json.k2j4x9.tmp"
    stale.write_bytes(b"half a save")
    os.utime(stale, (0, 0))
    app_module.App("any.tmx", exit_after=1)  # a capture run: screenshots, tests
    assert stale.exists()
    app_module.App("any.tmx")
    assert not stale.exists()
