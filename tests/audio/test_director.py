"""The director plays what the world does, follows the collapse with the rumble, and is
silent and harmless when there is no sound device."""

from types import SimpleNamespace

import pygame
import pytest

from game.audio import director as director_module
from game.audio import synth
from game.audio.director import (
    CROSSFADE_TICKS,
    MUSIC_CHANNEL,
    RUMBLE_CHANNELS,
    AudioDirector,
)
from game.audio.mixing import EFFECTS
from game.sim.constants import SUBPIXEL
from game.store import Settings


def fake_world(**overrides):
    values = dict(
        tick=1,
        events=[],
        naruto=SimpleNamespace(x=1000 * SUBPIXEL, y=500 * SUBPIXEL),
        started=True,
        finished=False,
        collapse_stage=1,
        dialogue="",
    )
    values.update(overrides)
    return SimpleNamespace(**values)


@pytest.fixture
def director():
    """A working director on SDL's dummy driver (set for every test): plays to nowhere."""
    audio = AudioDirector(Settings(music_volume=0.5, effects_volume=1.0))
    assert audio.active
    yield audio
    audio.stop()


def busy_effect_channels():
    reserved = 1 + len(RUMBLE_CHANNELS)
    return sum(
        pygame.mixer.Channel(i).get_busy() for i in range(reserved, pygame.mixer.get_num_channels())
    )


@pytest.fixture
def no_device(monkeypatch):
    def refuse(*args, **kwargs):
        raise pygame.error("No available audio device")

    monkeypatch.setattr(pygame.mixer, "init", refuse)


def test_without_a_sound_device_everything_is_a_silent_no_op(no_device, capfd):
    audio = AudioDirector(Settings())
    assert not audio.active
    world = fake_world(events=[("jump", 0, 0), ("floor_collapse", 0, 0)])
    audio.tick(world)
    audio.observe(world.events, world)
    audio.update_music(world)
    audio.set_volumes(0.2, 0.3)
    audio.pause()
    audio.resume()
    audio.stop()
    out, err = capfd.readouterr()
    assert out == "" and err == ""


def test_an_audio_driver_that_fails_loudly_prints_nothing(monkeypatch, capfd):
    def noisy_failure(*args, **kwargs):
        import os

        os.write(2, b"ALSA lib pcm.c: Unknown PCM default\n")  # what libasound does
        raise pygame.error("ALSA: Couldn't open audio device")

    monkeypatch.setattr(pygame.mixer, "init", noisy_failure)
    assert not AudioDirector(Settings()).active
    assert capfd.readouterr().err == ""


def test_a_director_that_is_not_enabled_never_opens_the_mixer(monkeypatch):
    monkeypatch.setattr(pygame.mixer, "init", lambda *a, **k: pytest.fail("mixer opened"))
    assert not AudioDirector(Settings(), enabled=False).active


def test_an_event_starts_its_sound(director):
    director.observe([("jump", 1000, 500)], fake_world())
    assert busy_effect_channels() == 1


def test_a_tick_with_hundreds_of_puffs_starts_only_a_few_sounds(director):
    director.observe([("puff", 1000 + i, 500) for i in range(200)], fake_world())
    assert busy_effect_channels() == EFFECTS["puff"].limit


def test_each_world_tick_is_heard_once_however_often_the_director_ticks(director):
    world = fake_world(events=[("rock_land", 1000, 500)])
    director.tick(world)
    director.tick(world)  # the world did not step (paused, finished): nothing new to hear
    assert busy_effect_channels() == 1
    world.tick += 1
    director.tick(world)
    assert busy_effect_channels() == 2


def test_effects_are_silent_when_muted(director):
    director.apply_settings(director.settings.replace(muted=True))
    director.observe([("rescue", 0, 0)], fake_world())
    assert busy_effect_channels() == 0
    assert pygame.mixer.Channel(MUSIC_CHANNEL).get_volume() == 0


def test_the_music_loops_at_the_music_volume_and_ducks_under_dialogue(director):
    director.update_music(None)
    music = pygame.mixer.Channel(MUSIC_CHANNEL)
    assert music.get_busy() and music.get_volume() == pytest.approx(0.5, abs=0.01)
    talking = fake_world(dialogue="Ludo: it was me.")
    for _ in range(60):
        director.update_music(talking)
    assert music.get_volume() < 0.3
    director.set_volumes(0.0, 1.0)
    assert music.get_volume() == 0


def test_the_rumble_follows_the_collapse_stage_with_a_crossfade(director):
    def busy():
        return [c for c in RUMBLE_CHANNELS if pygame.mixer.Channel(c).get_busy()]

    world = fake_world(collapse_stage=2)
    director.update_music(world)
    (first,) = busy()
    for _ in range(CROSSFADE_TICKS):
        director.update_music(world)
    assert pygame.mixer.Channel(first).get_volume() == pytest.approx(0.9, abs=0.02)
    world.collapse_stage = 3
    director.update_music(world)
    assert busy() == list(RUMBLE_CHANNELS)  # both, crossfading
    for _ in range(CROSSFADE_TICKS + 1):
        director.update_music(world)
    (second,) = busy()
    assert second != first
    assert pygame.mixer.Channel(second).get_volume() == pytest.approx(0.9, abs=0.02)


def test_no_rumble_before_the_run_starts_or_after_it_ends(director):
    director.update_music(fake_world(started=False))
    assert not any(pygame.mixer.Channel(c).get_busy() for c in RUMBLE_CHANNELS)
    over = fake_world(finished=True)
    for _ in range(CROSSFADE_TICKS + 1):
        director.update_music(over)
    assert not any(pygame.mixer.Channel(c).get_busy() for c in RUMBLE_CHANNELS)


def test_stop_lets_go_of_the_device_and_leaves_a_harmless_director(director):
    director.stop()
    assert not director.active and pygame.mixer.get_init() is None
    director.observe([("jump", 0, 0)], fake_world())
    director.update_music(fake_world())


def test_starting_from_a_warm_cache_synthesizes_nothing(monkeypatch):
    """A warm start only loads the cached files: not one clip is rendered, on disk or in
    memory. (How long a start takes is not a test's business: a busy machine says nothing.)"""
    AudioDirector(Settings()).stop()  # make sure the cache is warm
    rendered = []

    def refuse(name):
        def render():
            rendered.append(name)
            raise AssertionError(f"{name} was synthesized again on a warm start")

        return render

    names = list(synth.catalogue())
    monkeypatch.setattr(synth, "catalogue", lambda: {name: refuse(name) for name in names})
    monkeypatch.setattr(director_module.cache, "render_in_memory", lambda: refuse("all")())
    audio = AudioDirector(Settings())
    try:
        assert audio.active and rendered == []
        assert sum(len(v) for v in audio._clips.values()) + len(audio._loops) == len(names)
    finally:
        audio.stop()
    assert audio.active is False


def test_with_no_writable_cache_the_sounds_are_made_in_memory(monkeypatch):
    monkeypatch.setattr(director_module.cache, "ensure_rendered", lambda: None)
    audio = AudioDirector(Settings())
    try:
        assert audio.active
        audio.observe([("clone", 0, 0)], None)
        assert busy_effect_channels() == 1
    finally:
        audio.stop()


def test_a_mixer_failure_mid_game_turns_the_director_silent(director, monkeypatch):
    def unplugged(*args, **kwargs):
        raise pygame.error("audio device lost")

    monkeypatch.setattr(pygame.mixer, "Channel", unplugged)
    director.tick(fake_world(events=[("jump", 0, 0)]))
    assert not director.active
    director.tick(fake_world(tick=2, events=[("jump", 0, 0)]))  # and stays quietly so
