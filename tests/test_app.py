"""The app end to end, headless: play a map from a script, save shots, fail politely."""

import pygame
import pytest
from fake_clock import FakeClock
from synthetic_level import make_level
from wide_kit import DEFAULT_PROPERTIES, MapKit, WideKit

import game.app as app_module
from game.app import DEFAULT_MAP, App, fit, run
from game.store import Settings, load_settings, save_settings


@pytest.fixture
def synthetic(tmp_path, monkeypatch):
    """Every map path loads a small synthetic level instead."""
    level = make_level(tmp_path)
    monkeypatch.setattr(app_module, "load_level", lambda path: level)
    return level


@pytest.fixture
def script(tmp_path):
    path = tmp_path / "run.inputs"
    path.write_text("0 right\n30 right+jump\n40 right\n90 clone\n95 -\n")
    return path


def test_fit_scales_by_the_largest_whole_number_and_centres():
    assert fit((1280, 720)) == pygame.Rect(0, 0, 1280, 720)
    assert fit((1366, 768)) == pygame.Rect(43, 24, 1280, 720)
    assert fit((1920, 1200)) == pygame.Rect(0, 60, 1920, 1080)
    assert fit((700, 400)).size == (640, 360)
    assert fit((300, 200)).size == (640, 360)  # never below 1x: the window just crops


def test_the_real_map_plays_from_a_script_and_a_shot_is_saved(tmp_path, script):
    shot = tmp_path / "shots" / "frame120.png"
    status = run(
        str(DEFAULT_MAP), inputs_path=str(script), shots=[(120, str(shot))], exit_after=240
    )
    assert status == 0
    image = pygame.image.load(str(shot))
    assert image.get_size() == (1280, 720)


def test_every_frame_draws_once_whatever_the_number_of_ticks(synthetic):
    clock = FakeClock()
    app = App("any.tmx", clock=clock)
    app.open_window()
    try:
        for ticks_due in (0, 1, 3, 0, 2):
            clock.now += ticks_due / 60
            draws = app.draws
            assert app.step_frame() == ticks_due
            assert app.draws == draws + 1
        assert app.scene.world.tick == 6
    finally:
        pygame.quit()


def test_a_long_stall_does_not_make_the_game_race(synthetic):
    clock = FakeClock()
    app = App("any.tmx", clock=clock)
    app.open_window()
    try:
        clock.now += 3.0
        assert app.step_frame() == 15
    finally:
        pygame.quit()


def test_capture_runs_show_tick_n_on_frame_n(synthetic, script, tmp_path):
    app = App("any.tmx", inputs_path=str(script), exit_after=50)
    app.open_window()
    try:
        while app.running:
            app.step_frame()
        assert app.frame == 50
        assert app.scene.world.tick == 50
    finally:
        pygame.quit()


def test_escape_pauses_play_and_the_paused_time_is_not_made_up(synthetic):
    clock = FakeClock()
    app = App("any.tmx", clock=clock)
    app.open_window()
    try:
        pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_ESCAPE, mod=0))
        app.step_frame()
        assert app.scene.paused
        clock.now += 5.0
        assert app.step_frame() == 0
        pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_ESCAPE, mod=0))
        app.step_frame()
        clock.now += 1 / 60
        assert app.step_frame() == 1
    finally:
        pygame.quit()


def test_losing_window_focus_pauses(synthetic):
    app = App("any.tmx", clock=FakeClock())
    app.open_window()
    try:
        pygame.event.post(pygame.event.Event(pygame.WINDOWFOCUSLOST))
        app.step_frame()
        assert app.scene.paused
    finally:
        pygame.quit()


def test_no_map_opens_the_title_and_enter_starts_the_game(synthetic):
    app = App(None, clock=FakeClock())
    app.open_window()
    try:
        assert type(app.scene).__name__ == "TitleScreen"
        pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_RETURN, mod=0))
        app.step_frame()
        assert type(app.scene).__name__ == "PlayScene"
    finally:
        pygame.quit()


def test_a_missing_map_prints_one_line_and_returns_1(tmp_path, capsys):
    assert run(str(tmp_path / "nowhere.tmx"), exit_after=1) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "nowhere.tmx" in err
    assert "Traceback" not in err


def test_a_broken_input_script_prints_one_line_and_returns_1(synthetic, tmp_path, capsys):
    bad = tmp_path / "bad.inputs"
    bad.write_text("0 right\n5 moonwalk\n")
    assert run("any.tmx", inputs_path=str(bad), exit_after=1) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "bad.inputs:2" in err and "moonwalk" in err


# --- level select ------------------------------------------------------------------------------
@pytest.fixture
def player_maps(tmp_path, monkeypatch):
    """A user data folder with two maps of the player's own: one good, one without a Spawn."""
    home = tmp_path / "home"
    monkeypatch.setenv("GREAT_MINE_RESCUE_HOME", str(home))
    folder = home / "maps"
    folder.mkdir(parents=True)
    kit = WideKit(folder)
    kit.write("cavern.tmx", properties={**DEFAULT_PROPERTIES, "name": "Goro's Cavern"})
    no_spawn = [o for o in MapKit.DEFAULT_OBJECTS if 'type="Spawn"' not in o]
    kit.write("broken.tmx", objects=no_spawn, properties={**DEFAULT_PROPERTIES, "name": "Half"})
    return folder


def press(app, key):
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=key, mod=0))
    pygame.event.post(pygame.event.Event(pygame.KEYUP, key=key, mod=0))
    app.step_frame()


def choose(app, name: str) -> None:
    """Down the title's list to the map called `name`, once the title's loader has read it
    (bounded wait: a busy machine must not turn this into a race with the loader thread)."""
    maps = app.scene.maps
    for _ in range(len(maps.entries)):
        if maps.selected.name == name:
            if not maps.selected.tried:
                assert maps.wait(maps.selected, timeout=30)
            return
        press(app, pygame.K_DOWN)
    raise AssertionError(f"{name} is not in the list")


def test_choosing_a_map_on_the_title_plays_that_level_and_remembers_it(player_maps):
    app = App(None, clock=FakeClock())
    app.open_window()
    try:
        names = [entry.name for entry in app.scene.maps.entries]
        shipped = ["Boulder Town", "Full Rescue", "The Great Mine", "Tutorial"]
        assert names == [*shipped, "Half", "Goro's Cavern"]
        choose(app, "Goro's Cavern")
        press(app, pygame.K_RETURN)
        assert type(app.scene).__name__ == "PlayScene"
        assert app.scene.level.name == "Goro's Cavern"
        assert app.watcher is not None and app.watcher.map_path == player_maps / "cavern.tmx"
        assert load_settings().last_map == "user:cavern.tmx"  # saved for the next start
        app.show_title()
        assert app.scene.maps.selected.name == "Goro's Cavern"  # still chosen on return
        assert app.watcher is None  # nothing is watched on the title
    finally:
        pygame.quit()


def test_the_remembered_map_is_selected_at_the_next_start(player_maps):
    save_settings(Settings(last_map="shipped:tutorial.tmx"))
    app = App(None, clock=FakeClock())
    app.open_window()
    try:
        assert app.scene.maps.selected.name == "Tutorial"
        assert app.scene.level.name == "Tutorial"  # its backdrop behind the menu
    finally:
        pygame.quit()


def test_a_broken_user_map_is_listed_but_not_startable(player_maps):
    app = App(None, clock=FakeClock())
    app.open_window()
    try:
        choose(app, "Half")
        press(app, pygame.K_RETURN)
        assert type(app.scene).__name__ == "TitleScreen"  # refused, and the title carries on
        assert app.scene.maps.selected.error.startswith("no Spawn object")
        assert "does not load" in app.scene.notice
        press(app, pygame.K_UP)
        press(app, pygame.K_RETURN)
        assert app.scene.level.name == "Tutorial"
    finally:
        pygame.quit()
