"""The app wires sound and settings: the world's events reach the director, and the settings
keys change, save and announce the settings."""

import pygame
import pytest
from fake_clock import FakeClock
from synthetic_level import make_level

import game.app as app_module
from game.app import App
from game.audio.director import RUMBLE_CHANNELS
from game.sim.constants import JUMP, RIGHT
from game.store import load_settings, settings_path


@pytest.fixture
def app(tmp_path, monkeypatch):
    level = make_level(tmp_path)
    monkeypatch.setattr(app_module, "load_level", lambda path: level)
    clock = FakeClock()
    game = App("any.tmx", clock=clock)
    game.open_window()
    game.clock_for_test = clock
    yield game
    game.audio.stop()
    pygame.quit()
    settings_path().unlink(missing_ok=True)  # the next test starts from the defaults


def press(app, key):
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=key, mod=0))
    app.step_frame()


def test_play_starts_the_music_and_a_jump_is_heard(app, monkeypatch):
    assert app.audio.active  # SDL's dummy driver: a device that plays to nowhere
    monkeypatch.setattr(app, "sample_input", lambda: RIGHT | JUMP)
    heard = []
    monkeypatch.setattr(app.audio, "observe", lambda events, world: heard.extend(events))
    for _ in range(5):
        app.clock_for_test.now += 1 / 60
        app.step_frame()
    assert pygame.mixer.Channel(0).get_busy()
    assert "jump" in [kind for kind, _, _ in heard]
    assert any(pygame.mixer.Channel(c).get_busy() for c in RUMBLE_CHANNELS)  # the run started


def test_a_volume_key_changes_saves_and_announces_the_setting(app):
    before = app.settings.music_volume
    press(app, pygame.K_MINUS)
    assert app.settings.music_volume == pytest.approx(before - 0.1)
    assert app.audio.settings == app.settings
    assert load_settings() == app.settings and settings_path().is_file()
    assert app.notice == f"Music {round((before - 0.1) * 100)}%"


def test_f2_turns_screen_shake_off_for_the_play_scene(app):
    press(app, pygame.K_F2)
    assert app.settings.screen_shake is False
    assert load_settings().screen_shake is False


def test_pausing_the_game_pauses_the_sound_and_resuming_resumes_it(app, monkeypatch):
    calls = []
    monkeypatch.setattr(app.audio, "pause", lambda: calls.append("pause"))
    monkeypatch.setattr(app.audio, "resume", lambda: calls.append("resume"))
    press(app, pygame.K_ESCAPE)
    press(app, pygame.K_ESCAPE)
    assert calls == ["pause", "resume"]


def test_capture_runs_are_silent_and_ignore_the_players_settings(tmp_path, monkeypatch):
    level = make_level(tmp_path)
    monkeypatch.setattr(app_module, "load_level", lambda path: level)
    settings_path().parent.mkdir(parents=True, exist_ok=True)
    settings_path().write_text('{"scale": 3, "screen_shake": false}')
    capture = App("any.tmx", exit_after=3)
    capture.open_window()
    try:
        assert not capture.audio.active
        assert capture.scale == 2 and capture.settings.screen_shake
    finally:
        pygame.quit()
        settings_path().unlink()
