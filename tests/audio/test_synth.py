"""Every sound is present, sane and always the same; the rumble deepens with the collapse."""

import numpy as np
import pytest

from game.audio import music, synth
from game.audio.dsp import RATE

FULL = 32767


@pytest.fixture(scope="module")
def clips():
    return {name: make() for name, make in synth.catalogue().items()}


def _effects(clips):
    return {n: c for n, c in clips.items() if n != synth.MUSIC and not n.startswith("rumble")}


def test_every_effect_the_brief_asks_for_is_in_the_catalogue():
    wanted = {"jump", "land", "clone", "puff", "rasengan", "rock", "break", "rescue", "fire"}
    wanted |= {"ignite", "floor_collapse", "faint", "boost", "dialogue"}
    assert wanted <= set(synth.EFFECTS)
    names = set(synth.catalogue())
    assert {synth.rumble_name(s) for s in synth.STAGES} | {synth.MUSIC} <= names


def test_every_clip_is_16_bit_audible_and_never_clipped(clips):
    for name, samples in clips.items():
        assert samples.dtype == np.int16 and samples.ndim == 1, name
        peak = np.max(np.abs(samples.astype(np.int32)))
        assert 0.1 * FULL < peak < 0.95 * FULL, f"{name} peaks at {peak / FULL:.2f}"


def test_effects_are_short_and_start_and_end_in_silence(clips):
    for name, samples in _effects(clips).items():
        assert 0.03 * RATE <= len(samples) <= 2.5 * RATE, name
        assert abs(int(samples[0])) < 0.01 * FULL and abs(int(samples[-1])) < 0.01 * FULL, name


def test_loops_have_their_exact_lengths(clips):
    assert len(clips[synth.MUSIC]) == round(music.LOOP_SECONDS * RATE)
    assert 16 <= music.LOOP_SECONDS <= 32
    for stage in synth.STAGES:
        assert len(clips[synth.rumble_name(stage)]) == round(synth.RUMBLE_SECONDS * RATE)


def test_loops_join_without_a_click(clips):
    for name in [synth.MUSIC] + [synth.rumble_name(s) for s in synth.STAGES]:
        x = clips[name].astype(np.int32)
        biggest_step_inside = np.max(np.abs(np.diff(x)))
        assert abs(x[0] - x[-1]) <= biggest_step_inside, name


def test_rendering_twice_gives_the_same_bytes(clips):
    for name, make in synth.catalogue().items():
        assert make().tobytes() == clips[name].tobytes(), name


def test_variants_of_one_effect_differ(clips):
    for effect, (_, variants) in synth.EFFECTS.items():
        renders = {clips[synth.clip_name(effect, v)].tobytes() for v in range(variants)}
        assert len(renders) == variants, effect


def _median_hz(samples):
    """The frequency below which half the sound's energy lies."""
    power = np.abs(np.fft.rfft(samples.astype(np.float64))) ** 2
    cumulative = np.cumsum(power) / np.sum(power)
    return np.fft.rfftfreq(len(samples), 1 / RATE)[np.searchsorted(cumulative, 0.5)]


def _rms(samples):
    return np.sqrt(np.mean((samples.astype(np.float64) / FULL) ** 2))


def test_the_rumble_gets_lower_and_louder_with_each_stage(clips):
    loops = [clips[synth.rumble_name(s)] for s in synth.STAGES]
    pitches = [_median_hz(x) for x in loops]
    loudness = [_rms(x) for x in loops]
    assert pitches == sorted(pitches, reverse=True) and len(set(pitches)) == 4, pitches
    assert loudness == sorted(loudness) and len(set(loudness)) == 4, loudness
    assert pitches[-1] < 80


def test_a_rumble_stage_outside_1_to_4_is_refused():
    with pytest.raises(ValueError, match="stage"):
        synth.rumble(5)


def _peak_hz(samples):
    spectrum = np.abs(np.fft.rfft(samples.astype(np.float64) * np.hanning(len(samples))))
    return np.fft.rfftfreq(len(samples), 1 / RATE)[np.argmax(spectrum)]


def test_the_rescue_chime_is_two_notes_rising(clips):
    chime = clips["rescue.0"]
    first = _peak_hz(chime[: int(0.1 * RATE)])
    second = _peak_hz(chime[int(0.2 * RATE) : int(0.4 * RATE)])
    assert abs(first - 880) < 20 and abs(second - 1318.5) < 20


def test_the_rumble_and_music_are_quieter_than_the_big_crash(clips):
    crash = _rms(clips["floor_collapse.0"][: RATE // 2])
    assert _rms(clips[synth.MUSIC]) < crash and _rms(clips[synth.rumble_name(4)]) < crash
