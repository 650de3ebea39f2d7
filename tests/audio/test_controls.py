"""The settings keys: - = music, [ ] effects, M mute, F2 screen shake."""

import pygame

from game.audio.controls import apply_key
from game.store import Settings


def press(settings, *keys):
    note = ""
    for key in keys:
        settings, note = apply_key(settings, key)
    return settings, note


def test_equals_and_minus_step_the_music_volume_and_say_so():
    settings, note = press(Settings(music_volume=0.7), pygame.K_EQUALS)
    assert settings.music_volume == 0.8 and note == "Music 80%"
    settings, note = press(settings, pygame.K_MINUS, pygame.K_MINUS)
    assert settings.music_volume == 0.6 and note == "Music 60%"


def test_volumes_stop_exactly_at_zero_and_one():
    settings, _ = press(Settings(effects_volume=0.35), *[pygame.K_LEFTBRACKET] * 12)
    assert settings.effects_volume == 0.0
    settings, note = press(settings, *[pygame.K_RIGHTBRACKET] * 15)
    assert settings.effects_volume == 1.0 and note == "Effects 100%"


def test_m_mutes_and_unmutes_without_forgetting_the_volumes():
    settings, note = press(Settings(music_volume=0.3), pygame.K_m)
    assert settings.muted and note == "Sound off" and settings.music_volume == 0.3
    settings, note = press(settings, pygame.K_m)
    assert not settings.muted and note == "Sound on"


def test_changing_a_volume_while_muted_unmutes():
    settings, _ = press(Settings(muted=True), pygame.K_RIGHTBRACKET)
    assert not settings.muted


def test_f2_toggles_screen_shake():
    settings, note = press(Settings(screen_shake=True), pygame.K_F2)
    assert not settings.screen_shake and note == "Screen shake off"
    settings, note = press(settings, pygame.K_F2)
    assert settings.screen_shake and note == "Screen shake on"


def test_other_keys_are_not_settings_keys():
    assert apply_key(Settings(), pygame.K_z) is None
