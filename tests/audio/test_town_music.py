"""Boulder Town's sound: its music loop and ambience join seamlessly and are not the mine's, the
director plays them while Naruto is in the town and crossfades when he crosses into the mine,
and every new town event is heard."""

from types import SimpleNamespace

import numpy as np
import pygame
import pytest

from game.audio import cache, mixing, music, synth, town
from game.audio.director import (
    AMBIENCE_CHANNEL,
    MUSIC_CHANNEL,
    SCENE_CROSSFADE_TICKS,
    TOWN_MUSIC_CHANNEL,
    AudioDirector,
)
from game.audio.dsp import RATE
from game.sim import events as ev
from game.sim.constants import SUBPIXEL
from game.store import Settings

FULL = 32767
TOWN_KINDS = (
    ev.CRATE_PICKUP,
    ev.CRATE_DELIVER,
    ev.SHOVE,
    ev.GUARD_ASIDE,
    ev.TRANSFORM,
    ev.UNTRANSFORM,
    ev.CHEER,
    ev.PASSAGE,
)


@pytest.fixture(scope="module")
def loops():
    return {name: make() for name, make in synth.town_catalogue().items()}


@pytest.fixture(scope="module")
def mine_music():
    return synth.music()


def _rms(samples):
    return float(np.sqrt(np.mean((samples.astype(np.float64) / FULL) ** 2)))


# --- the loops ---------------------------------------------------------------------------------
def test_the_loops_have_their_exact_lengths(loops):
    assert pytest.approx(town.BARS * town.BEATS_PER_BAR * 60 / town.BPM) == town.LOOP_SECONDS
    assert len(loops[synth.TOWN_MUSIC]) == round(town.LOOP_SECONDS * RATE)
    assert 16 <= town.LOOP_SECONDS <= 32
    assert (town.BEAT * RATE).is_integer()  # the beat grid cannot drift against the loop
    assert len(loops[synth.TOWN_AMBIENCE]) == round(town.AMBIENCE_SECONDS * RATE)


def test_the_loops_are_16_bit_audible_and_never_clipped(loops):
    for name, samples in loops.items():
        assert samples.dtype == np.int16 and samples.ndim == 1, name
        peak = np.max(np.abs(samples.astype(np.int32)))
        assert 0.1 * FULL < peak < 0.95 * FULL, f"{name} peaks at {peak / FULL:.2f}"


def test_the_loops_end_where_they_start(loops):
    """Played round, the last sample leads into the first with an ordinary step (smaller than
    99 in 100 of the steps inside the loop): no click at the seam."""
    for name, samples in loops.items():
        x = samples.astype(np.int32)
        assert abs(x[0] - x[-1]) <= np.percentile(np.abs(np.diff(x)), 99), name


def _around(samples, at):
    """Loudness in the 50 ms before and the 50 ms after sample `at`, the loop played round."""
    edge = RATE // 20
    return _rms(np.roll(samples, edge - at)[:edge]), _rms(np.roll(samples, edge - at)[edge:][:edge])


def test_the_music_rings_across_its_seam_as_across_its_middle(loops):
    """Bar 1 and bar 9 both start a phrase on G: round the seam, the notes of bar 16 ring on
    into bar 1 exactly as those of bar 8 ring into bar 9 (nothing is cut off, nothing
    starts from silence)."""
    samples = loops[synth.TOWN_MUSIC]
    seam = _around(samples, 0)
    middle = _around(samples, len(samples) // 2)
    for at_seam, in_middle in zip(seam, middle, strict=True):
        assert 0.67 < at_seam / in_middle < 1.5, (seam, middle)


def test_the_ambience_is_as_loud_either_side_of_its_seam(loops):
    before, after = _around(loops[synth.TOWN_AMBIENCE], 0)
    assert 0.67 < before / after < 1.5, (before, after)


def test_rendering_twice_gives_the_same_bytes(loops):
    for name, make in synth.town_catalogue().items():
        assert make().tobytes() == loops[name].tobytes(), name


def _chroma(samples):
    """How the loop's energy (60 Hz..2 kHz) falls into the twelve pitch classes, C first."""
    power = np.abs(np.fft.rfft(samples.astype(np.float64))) ** 2
    freqs = np.fft.rfftfreq(len(samples), 1 / RATE)
    keep = (freqs > 60) & (freqs < 2000)
    classes = np.round(12 * np.log2(freqs[keep] / 440.0) + 69).astype(int) % 12
    chroma = np.bincount(classes, weights=power[keep], minlength=12)
    return chroma / chroma.sum()


F, F_SHARP, B_FLAT, B = 5, 6, 10, 11


def test_the_town_music_is_not_the_mine_music(loops, mine_music):
    town_music = loops[synth.TOWN_MUSIC]
    assert len(town_music) != len(mine_music) and town.BPM != music.BPM
    # The mine is in D minor (F and B flat), the town in G major (F sharp and B).
    mine, ours = _chroma(mine_music), _chroma(town_music)
    assert mine[F] > 3 * mine[F_SHARP] and mine[B_FLAT] > 3 * mine[B]
    assert ours[F_SHARP] > 3 * ours[F] and ours[B] > 3 * ours[B_FLAT]


def test_the_town_music_marches_on_the_beat(loops):
    """A steady pulse: the loudness rises at every beat (drum, oom, pah), so the loudness
    curve looks most like itself shifted by one beat, more than by a fraction of one."""
    hop = 210  # 90 frames a beat exactly
    x = loops[synth.TOWN_MUSIC].astype(np.float64)
    frames = x[: len(x) // hop * hop].reshape(-1, hop)
    onset = np.maximum(0.0, np.diff(np.sqrt(np.mean(frames**2, axis=1)), append=0.0))
    onset -= onset.mean()
    beat = round(town.BEAT * RATE / hop)

    def likeness(lag):
        return float(np.dot(onset, np.roll(onset, lag)))

    assert likeness(beat) > 2 * max(likeness(round(beat * f)) for f in (0.3, 0.7, 1.3))


def test_the_ambience_is_a_bed_under_the_music(loops):
    assert _rms(loops[synth.TOWN_AMBIENCE]) < 0.5 * _rms(loops[synth.TOWN_MUSIC])


# --- which music plays -------------------------------------------------------------------------
def full_rescue(section=0, **overrides):
    """A world of a Full Rescue: the town (section 0) stitched to the mine (section 1)."""
    sections = [SimpleNamespace(music="town"), SimpleNamespace(music="mine")]
    values = dict(
        tick=1,
        events=[],
        naruto=SimpleNamespace(x=1000 * SUBPIXEL, y=500 * SUBPIXEL),
        started=True,
        finished=False,
        collapse_stage=0,
        dialogue="",
        section=section,
        level=SimpleNamespace(sections=sections, properties={}),
    )
    values.update(overrides)
    return SimpleNamespace(**values)


def test_the_scene_is_the_music_of_the_section_naruto_is_in():
    assert mixing.scene(None) == mixing.MINE
    assert mixing.scene(full_rescue(0)) == mixing.TOWN
    assert mixing.scene(full_rescue(1)) == mixing.MINE


def test_a_level_without_sections_reads_its_map_property():
    def alone(properties):
        return SimpleNamespace(level=SimpleNamespace(sections=[], properties=properties))

    assert mixing.scene(alone({"music": "town"})) == mixing.TOWN
    assert mixing.scene(alone({})) == mixing.MINE
    assert mixing.scene(SimpleNamespace(level=SimpleNamespace(properties={}))) == mixing.MINE


@pytest.fixture
def director():
    audio = AudioDirector(Settings(music_volume=0.5, effects_volume=1.0))
    assert audio.active
    yield audio
    audio.stop()


def channel(number):
    return pygame.mixer.Channel(number)


def test_in_the_town_the_town_music_and_ambience_play_and_the_mine_music_does_not(director):
    director.update_music(full_rescue(0))
    assert channel(TOWN_MUSIC_CHANNEL).get_busy() and channel(AMBIENCE_CHANNEL).get_busy()
    assert not channel(MUSIC_CHANNEL).get_busy()
    assert channel(TOWN_MUSIC_CHANNEL).get_volume() == pytest.approx(0.5, abs=0.01)
    assert 0 < channel(AMBIENCE_CHANNEL).get_volume() < 1


def test_a_map_of_the_mine_plays_the_mine_music(director):
    director.update_music(full_rescue(1))
    assert channel(MUSIC_CHANNEL).get_busy()
    assert not channel(TOWN_MUSIC_CHANNEL).get_busy() and not channel(AMBIENCE_CHANNEL).get_busy()


def test_crossing_into_the_mine_crossfades_without_a_gap(director):
    world = full_rescue(0)
    director.update_music(world)
    world.section = 1  # Naruto crosses the passage
    loudness = []
    for _ in range(SCENE_CROSSFADE_TICKS // 2):
        director.update_music(world)
        assert channel(MUSIC_CHANNEL).get_busy() and channel(TOWN_MUSIC_CHANNEL).get_busy()
        mine, ours = channel(MUSIC_CHANNEL).get_volume(), channel(TOWN_MUSIC_CHANNEL).get_volume()
        loudness.append(mine**2 + ours**2)  # two different loops: their powers add
    # Equal power all the way through: no dip (a gap) and no bump. (The mixer keeps volumes
    # in 128 steps, hence the tolerance.)
    assert all(p == pytest.approx(0.25, abs=0.02) for p in loudness)
    for _ in range(SCENE_CROSSFADE_TICKS // 2 + 1):
        director.update_music(world)
    assert channel(MUSIC_CHANNEL).get_busy()
    assert channel(MUSIC_CHANNEL).get_volume() == pytest.approx(0.5, abs=0.01)
    assert not channel(TOWN_MUSIC_CHANNEL).get_busy() and not channel(AMBIENCE_CHANNEL).get_busy()


def test_the_crossfade_takes_about_a_second():
    from game.sim.constants import TICKS_PER_SECOND

    assert 0.75 <= SCENE_CROSSFADE_TICKS / TICKS_PER_SECOND <= 1.5


def test_going_back_and_forth_mid_fade_never_silences_the_music(director):
    world = full_rescue(0)
    director.update_music(world)
    for section in (1, 0, 1, 1, 0, 0, 0):
        world.section = section
        for _ in range(SCENE_CROSSFADE_TICKS // 4):
            director.update_music(world)
            volumes = [channel(c).get_volume() for c in (MUSIC_CHANNEL, TOWN_MUSIC_CHANNEL)]
            busy = [channel(c).get_busy() for c in (MUSIC_CHANNEL, TOWN_MUSIC_CHANNEL)]
            assert sum(v * b for v, b in zip(volumes, busy, strict=True)) >= 0.49


def test_the_town_music_ducks_under_dialogue_too(director):
    world = full_rescue(0, dialogue="Vache: the camp is past the guards.")
    for _ in range(60):
        director.update_music(world)
    assert channel(TOWN_MUSIC_CHANNEL).get_volume() < 0.3


def test_muting_silences_the_town_too(director):
    director.update_music(full_rescue(0))
    director.apply_settings(director.settings.replace(muted=True))
    assert channel(TOWN_MUSIC_CHANNEL).get_volume() == 0
    assert channel(AMBIENCE_CHANNEL).get_volume() == 0


def test_the_town_loops_are_cached_and_a_warm_start_renders_them_no_more(monkeypatch):
    AudioDirector(Settings()).stop()  # warm
    names = list(synth.town_catalogue())

    def refuse(name):
        def render():
            raise AssertionError(f"{name} was synthesized again on a warm start")

        return render

    monkeypatch.setattr(synth, "town_catalogue", lambda: {n: refuse(n) for n in names})
    paths = cache.ensure_town_rendered()
    assert set(paths) == set(names) and all(p.is_file() for p in paths.values())


# --- the town's events -------------------------------------------------------------------------
@pytest.mark.parametrize("kind", TOWN_KINDS)
def test_each_town_event_plays_a_sound_that_is_not_silent(kind):
    effect = mixing.EFFECTS[kind]
    make, variants = synth.EFFECTS[effect.sound]
    for variant in range(variants):
        samples = make(variant) if variants > 1 else make()
        assert samples.dtype == np.int16 and len(samples) <= 2.5 * RATE
        assert np.max(np.abs(samples.astype(np.int32))) > 0.1 * FULL, (kind, variant)
        assert _rms(samples) > 0.01, (kind, variant)
    (cue,) = mixing.plan([(kind, 1000, 500)], (1000.0, 500.0))
    assert cue.sound == effect.sound and cue.volume > 0.3


def test_the_town_events_have_sounds_of_their_own():
    sounds = [mixing.EFFECTS[k].sound for k in TOWN_KINDS]
    assert len(set(sounds)) == len(sounds)
    mine = {e.sound for k, e in mixing.EFFECTS.items() if k not in TOWN_KINDS}
    assert not set(sounds) & mine


def test_the_director_plays_a_town_event(director):
    director.observe([(ev.CRATE_DELIVER, 0, 0)], full_rescue(0))
    busy = [c for c in range(pygame.mixer.get_num_channels()) if channel(c).get_busy()]
    assert busy and all(c > AMBIENCE_CHANNEL for c in busy)
