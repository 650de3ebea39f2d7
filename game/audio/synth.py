"""Every sound of the game, synthesized: 16-bit mono at 44.1 kHz, built from numpy alone.

Each sound is a small function returning int16 samples. Any randomness (noise, gravel) comes
from a generator with a fixed seed, so a sound is the same bytes every time it is rendered;
sounds played often take a `variant` (a slightly different pitch and grain) so that ten jumps
in a row do not sound like a machine gun.

`catalogue()` lists every clip the game uses; `python -m game.audio.synth DIR` writes them all
as WAV files into DIR, for listening.
"""

from __future__ import annotations

import sys
from collections.abc import Callable

import numpy as np

from game.audio import music as _music
from game.audio import town as _town
from game.audio.dsp import (
    RATE,
    TAU,
    band,
    fade_edges,
    fm,
    glide,
    grains,
    held,
    length,
    normalized,
    partials,
    phase,
    sine,
    strike,
    sweep,
    swell,
    times,
    to_pcm16,
    white,
)

RUMBLE_SECONDS = 4.0  # one rumble loop; every component repeats exactly within it
STAGES = (1, 2, 3, 4)


def _rng(seed: int, variant: int = 0) -> np.random.Generator:
    return np.random.default_rng(seed * 100 + variant)


def _pitch(variant: int) -> float:
    """Variant 0 is the reference pitch; the others sit a little above and below it."""
    semitones = (0.0, 0.7, -0.6, 1.2, -1.1)[variant % 5]
    return 2.0 ** (semitones / 12.0)


def _finish(signal: np.ndarray, peak: float) -> np.ndarray:
    return to_pcm16(normalized(fade_edges(signal), peak))


def _delayed(signal: np.ndarray, seconds: float, n: int) -> np.ndarray:
    """`signal` starting `seconds` into a sound `n` samples long."""
    out = np.zeros(n)
    start = length(seconds)
    part = signal[: max(0, n - start)]
    out[start : start + len(part)] = part
    return out


# --- Naruto ------------------------------------------------------------------------------------
def jump(variant: int = 0) -> np.ndarray:
    """A quick upward 'fwip': a rising tone with a breath of air."""
    n, p, rng = length(0.16), _pitch(variant), _rng(1, variant)
    tone = partials(glide(260 * p, 620 * p, n, bend=1.5), n, (1.0, 0.3, 0.12))
    breath = band(white(rng, n), 1500, 6000) * strike(n, 0.002, 0.03)
    return _finish(tone * strike(n, 0.005, 0.05) + 0.3 * breath, 0.45)


def land(variant: int = 0) -> np.ndarray:
    """Feet on stone: a short low thump and a puff of dust."""
    n, p, rng = length(0.14), _pitch(variant), _rng(2, variant)
    thump = sine(glide(150 * p, 55 * p, n, bend=2.0), n) * strike(n, 0.002, 0.035)
    dust = band(white(rng, n), 200, 1800) * strike(n, 0.001, 0.02)
    return _finish(thump + 0.5 * dust, 0.5)


def clone(variant: int = 0) -> np.ndarray:
    """The shadow clone jutsu: a poof of smoke, then a bright rising chirp."""
    n, p, rng = length(0.38), _pitch(variant), _rng(3, variant)
    poof = band(white(rng, n), 600, 4000) * strike(n, 0.004, 0.06)
    index = 1.2 * np.exp(-times(n) / 0.1)
    chirp = fm(glide(520 * p, 1560 * p, n, bend=0.8), n, 2.0, index) * strike(n, 0.02, 0.09)
    return _finish(0.8 * poof + 0.5 * _delayed(chirp, 0.03, n), 0.55)


def puff(variant: int = 0) -> np.ndarray:
    """A clone dispelled: a soft, dull burst of smoke."""
    n, rng = length(0.3), _rng(4, variant)
    high = 2200 * _pitch(variant)
    return _finish(band(white(rng, n), 300, high, order=1) * swell(n, 0.12, 1.5), 0.32)


def rasengan() -> np.ndarray:
    """A whirring swell: a spinning tone speeding up under rising wind."""
    n, rng = length(0.75), _rng(5)
    spin = 0.5 + 0.5 * np.sin(phase(glide(18, 46, n), n))
    base = glide(90, 180, n)
    tone = partials(base, n, (1.0, 0.5, 0.35, 0.2)) + 0.6 * sine(base * 1.5, n)
    wind = sweep(white(rng, n), lambda w: 400 + 2000 * w, lambda w: 1500 + 6000 * w)
    return _finish((tone * spin + 0.8 * wind) * swell(n, 0.8, 1.6), 0.7)


def boost(variant: int = 0) -> np.ndarray:
    """A chakra-boosted leap: a tone shooting upward inside a rush of air."""
    n, p, rng = length(0.45), _pitch(variant), _rng(6, variant)
    tone = fm(glide(220 * p, 1100 * p, n, bend=1.2), n, 1.5, 1.5) * strike(n, 0.01, 0.18)
    rush = sweep(white(rng, n), lambda w: 500 + 2500 * w, lambda w: 2000 + 8000 * w)
    return _finish(tone + 0.5 * rush * swell(n, 0.3), 0.6)


def fire() -> np.ndarray:
    """Fire ignition: a whoosh of flame that opens and closes, with crackle."""
    n, rng = length(0.9), _rng(7)

    def opening(w: float) -> float:  # the flame's width: opens fast, then dies away
        return float(np.sin(np.pi * min(w * 1.4, 1.0)))

    whoosh = sweep(
        white(rng, n), lambda w: 200 + 900 * opening(w), lambda w: 900 + 5000 * opening(w)
    )
    body = band(white(rng, n), 60, 300)
    crackle = band(grains(rng, n, 50, 0.35, grain=0.002), 1500, 8000)
    return _finish((whoosh + 0.4 * body) * swell(n, 0.3, 1.5) + 0.5 * crackle, 0.65)


def ignite() -> np.ndarray:
    """A brazier catching: a soft 'fwoomp' and a few sparks."""
    n, rng = length(0.6), _rng(8)
    fwoomp = sweep(white(rng, n), lambda w: 80, lambda w: 400 + 2600 * min(1.0, w * 3.0))
    sparks = band(grains(rng, n, 30, 0.25, grain=0.002), 2000, 9000)
    return _finish(fwoomp * strike(n, 0.03, 0.15) + 0.6 * sparks, 0.55)


def stun() -> np.ndarray:
    """Naruto hit by a rock: a dull knock, then two little dizzy tweets."""
    n = length(0.45)
    knock = sine(glide(180, 70, n), n) * strike(n, 0.002, 0.05)
    m = length(0.07)
    tweet = sine(glide(2100, 2600, m), m) * held(m, 0.005, 0.04)
    tweets = _delayed(tweet, 0.1, n) + _delayed(tweet, 0.22, n)
    return _finish(knock + 0.35 * tweets, 0.5)


def fall() -> np.ndarray:
    """Someone dropping into the chasm: a long falling whistle."""
    n, rng = length(0.8), _rng(9)
    whistle = sine(glide(1300, 320, n, bend=0.8), n) * held(n, 0.02, 0.2)
    air = band(white(rng, n), 800, 3000) * held(n, 0.05, 0.3)
    return _finish(whistle + 0.15 * air, 0.3)


# --- the mine ----------------------------------------------------------------------------------
def rock(variant: int = 0) -> np.ndarray:
    """A rock hitting the floor: a heavy thud and scattering gravel."""
    n, p, rng = length(0.55), _pitch(variant), _rng(10, variant)
    thud = sine(glide(95 * p, 38 * p, n, bend=2.0), n) * strike(n, 0.002, 0.09)
    body = band(white(rng, n), 60, 400) * strike(n, 0.001, 0.06)
    gravel = band(grains(rng, n, 60, 0.08), 900, 5000)
    return _finish(thud + 0.6 * body + 0.55 * gravel, 0.7)


def crumble(variant: int = 0) -> np.ndarray:
    """Debris or a rock broken apart: a crack and a long crumble of stones ('break')."""
    n, p, rng = length(0.7), _pitch(variant), _rng(11, variant)
    stones = band(grains(rng, n, 260, 0.18, grain=0.006), 400 * p, 4500 * p)
    crack = band(white(rng, n), 80, 700) * strike(n, 0.002, 0.12)
    thud = sine(glide(120 * p, 50 * p, n), n) * strike(n, 0.002, 0.07)
    return _finish(stones + 0.8 * crack + 0.5 * thud, 0.75)


def floor_collapse() -> np.ndarray:
    """The floor or the mine mouth giving way: a deep boom, a crash and falling stone."""
    n, rng = length(2.0), _rng(12)
    boom = sine(glide(60, 28, n, bend=2.0), n) * strike(n, 0.005, 0.5)
    roar = band(white(rng, n), 25, 250) * strike(n, 0.01, 0.6)
    crash = band(white(rng, n), 300, 3000) * strike(n, 0.003, 0.18)
    stones = band(grains(rng, n, 300, 0.6), 500, 4000)
    return _finish(boom + roar + 0.5 * crash + 0.4 * stones, 0.9)


def rumble(stage: int) -> np.ndarray:
    """The mountain groaning, as a seamless loop of RUMBLE_SECONDS. Each collapse stage is
    deeper (lower corner, lower drone) and louder than the one before.

    Built in the frequency domain over exactly one loop, so every component is periodic in
    the loop length and the end joins the start with no seam."""
    if stage not in STAGES:
        raise ValueError(f"collapse stage must be one of {STAGES}, got {stage}")
    level = stage - 1
    n = length(RUMBLE_SECONDS)
    rng = _rng(13, stage)
    cutoff = (180.0, 130.0, 95.0, 70.0)[level]
    drone_hz = (55.0, 46.0, 38.5, 32.0)[level]  # multiples of 1/RUMBLE_SECONDS: periodic
    loudness = (0.06, 0.09, 0.13, 0.18)[level]  # RMS, a fraction of full scale
    t = times(n)
    noise = band(rng.standard_normal(n), 20, cutoff, order=2, loop=True)
    noise /= np.sqrt(np.mean(noise**2))
    drone = np.sin(2 * np.pi * drone_hz * t) + 0.4 * np.sin(2 * np.pi * 2 * drone_hz * t)
    # Slow swells: two and three per loop, so the groan breathes without a seam.
    breathing = 1.0 + 0.3 * np.sin(2 * np.pi * 0.5 * t) + 0.2 * np.sin(2 * np.pi * 0.75 * t + 1)
    mix = (noise + 0.5 * drone) * breathing
    if stage >= 3:  # loose stones trickling: wrapped round so the loop stays seamless
        trickle = band(grains(rng, n, 40 * level, 1.5), 800, 4000, loop=True)
        mix += 0.15 * trickle / max(1e-9, float(np.max(np.abs(trickle))))
    mix *= loudness / np.sqrt(np.mean(mix**2))
    return to_pcm16(mix)


# --- people and story --------------------------------------------------------------------------
def rescue() -> np.ndarray:
    """A miner safe outside: a bright two-note chime, the second a fifth above."""
    n = length(0.8)
    chime = np.zeros(n)
    for start, hz in ((0.0, 880.0), (0.11, 1318.5)):
        m = n - length(start)
        index = 2.5 * np.exp(-times(m) / 0.08)
        note = fm(hz, m, 2.0, index) * strike(m, 0.002, 0.3)
        chime += _delayed(note, start, n)
    return _finish(chime, 0.6)


def faint() -> np.ndarray:
    """A miner out of air: a soft tone wilting downward."""
    n = length(0.7)
    wobble = 1.0 + 0.02 * np.sin(2 * np.pi * 6.0 * times(n))
    tone = partials(glide(620, 240, n, bend=0.7) * wobble, n, (1.0, 0.2))
    return _finish(tone * held(n, 0.02, 0.35), 0.33)


def dialogue() -> np.ndarray:
    """A dialogue box opening: one short, quiet blip."""
    n = length(0.05)
    return _finish(partials(988.0, n, (1.0, 0.0, 0.25)) * held(n, 0.003, 0.02), 0.25)


def music() -> np.ndarray:
    """The mine's music loop (see game.audio.music)."""
    return to_pcm16(_music.render())


# --- Boulder Town ------------------------------------------------------------------------------
def _ring(freqs, decays, n: int, weights=None) -> np.ndarray:
    """Struck wood or metal: inharmonic modes, each a sine dying away at its own rate."""
    weights = weights or [1.0] * len(freqs)
    t = times(n)
    return sum(
        w * np.sin(TAU * f * t) * np.exp(-t / d)
        for f, d, w in zip(freqs, decays, weights, strict=True)
    )


def crate_pickup(variant: int = 0) -> np.ndarray:
    """A clone lifting a supply crate: a hollow wooden thunk, then a little upward 'hup'."""
    n, p, rng = length(0.36), _pitch(variant), _rng(20, variant)
    thunk = _ring([170 * p, 395 * p, 730 * p], [0.05, 0.03, 0.015], n, [1.0, 0.6, 0.3])
    knock = band(white(rng, n), 300, 2500) * strike(n, 0.001, 0.008)
    m = length(0.16)
    lift = sine(glide(330 * p, 700 * p, m, bend=0.8), m) * held(m, 0.02, 0.1)
    air = band(white(rng, m), 1200, 5000) * held(m, 0.03, 0.1)
    return _finish(thunk + 0.6 * knock + _delayed(0.3 * lift + 0.12 * air, 0.12, n), 0.5)


def crate_deliver() -> np.ndarray:
    """A crate set down at the camp: a cheerful double chime, a major third then the octave
    above its first note, bright glockenspiel bars (the rescue's is a rounder fifth)."""
    n = length(0.85)
    chime = np.zeros(n)
    for start, hz in ((0.0, 1046.5), (0.09, 1318.5), (0.2, 2093.0)):
        m = n - length(start)
        index = 1.4 * np.exp(-times(m) / 0.04)
        note = fm(hz, m, 3.5, index) * strike(m, 0.001, 0.22)
        chime += _delayed(note, start, n)
    thud = sine(glide(160, 90, n), n) * strike(n, 0.002, 0.03)  # the crate touching down
    return _finish(chime + 0.5 * thud, 0.55)


def shove(variant: int = 0) -> np.ndarray:
    """A guard shoving Naruto back: a clank of armour plate and a grunt-like thump."""
    n, p, rng = length(0.42), _pitch(variant), _rng(21, variant)
    clank = _ring(
        [523 * p, 1377 * p, 2213 * p, 3119 * p], [0.09, 0.06, 0.04, 0.025], n, [0.7, 1.0, 0.6, 0.4]
    )
    hit = band(white(rng, n), 1500, 8000) * strike(n, 0.0005, 0.006)
    m = length(0.16)
    voice = partials(glide(150 * p, 95 * p, m), m, (1.0, 0.8, 0.6, 0.45, 0.3, 0.2))
    grunt = band(voice, 250, 900) * held(m, 0.01, 0.08)  # an 'uh' pushed out of the chest
    thump = sine(glide(120, 55, n, bend=2.0), n) * strike(n, 0.002, 0.05)
    return _finish(0.55 * clank + 0.5 * hit + thump + 0.8 * _delayed(grunt, 0.02, n), 0.6)


def guard_aside(variant: int = 0) -> np.ndarray:
    """A guard walked aside: armour plates clattering against each other, and two heavy steps."""
    n, p, rng = length(0.75), _pitch(variant), _rng(22, variant)
    clatter = np.zeros(n)
    for at in np.sort(rng.uniform(0.0, 0.35, 6)):
        m = length(0.12)
        f = rng.uniform(900, 1600) * p
        plate = _ring([f, f * 2.63, f * 4.1], [0.04, 0.025, 0.015], m, [1.0, 0.5, 0.3])
        clatter += _delayed(plate * rng.uniform(0.4, 1.0), float(at), n)
    m = length(0.2)
    step = sine(glide(110 * p, 50 * p, m, bend=2.0), m) * strike(m, 0.002, 0.04)
    scuff = band(white(rng, m), 300, 2000) * strike(m, 0.002, 0.03)
    steps = _delayed(step + 0.4 * scuff, 0.18, n) + 0.8 * _delayed(step + 0.4 * scuff, 0.45, n)
    return _finish(0.5 * clatter + steps, 0.55)


def transform() -> np.ndarray:
    """The Transformation: a full poof of smoke with a low 'whump' and a shimmer in it."""
    n, rng = length(0.55), _rng(23)
    poof = band(white(rng, n), 400, 5000) * strike(n, 0.006, 0.09)
    whump = sine(glide(140, 60, n, bend=1.5), n) * strike(n, 0.004, 0.07)
    shimmer = fm(glide(1400, 900, n), n, 1.5, 1.0) * strike(n, 0.02, 0.12)
    return _finish(poof + 0.7 * whump + 0.2 * _delayed(shimmer, 0.02, n), 0.6)


def untransform() -> np.ndarray:
    """The Transformation wearing off: a softer, duller poof."""
    n, rng = length(0.4), _rng(24)
    poof = band(white(rng, n), 250, 2500, order=1) * swell(n, 0.15, 1.5)
    whump = sine(glide(110, 60, n), n) * strike(n, 0.005, 0.05)
    return _finish(poof + 0.4 * whump, 0.38)


def cheer(variant: int = 0) -> np.ndarray:
    """A townsperson (and the folk near them) cheering the clones on: a short burst of
    rising 'hey!' voices and a patter of claps."""
    n, rng = length(1.1), _rng(25, variant)
    voices = np.zeros(n)
    for _ in range(9):
        m = length(rng.uniform(0.3, 0.55))
        start = rng.uniform(210, 420)
        pitch = glide(start, start * rng.uniform(1.15, 1.4), m, bend=1.5)
        pitch = pitch * (1.0 + 0.01 * np.sin(TAU * rng.uniform(5, 7) * times(m)))
        voice = partials(pitch, m, (1.0, 0.9, 0.7, 0.5, 0.35, 0.25, 0.15))
        voices += _delayed(voice * swell(m, 0.2, 1.2), float(rng.uniform(0.0, 0.12)), n)
    voices = band(voices, 300, 3000)  # the vowel: an open 'ay'
    claps = band(grains(rng, n, 40, 0.35, grain=0.003), 900, 5000)
    return _finish(voices + 0.6 * claps, 0.5)


def passage() -> np.ndarray:
    """Naruto crossing into the next map: a whoosh of air that rises and falls away."""
    n, rng = length(0.7), _rng(26)

    def arc(w: float) -> float:  # the gust's width: open fast, close slowly
        return float(np.sin(np.pi * min(1.0, w * 1.3)) ** 0.7)

    whoosh = sweep(white(rng, n), lambda w: 200 + 1200 * arc(w), lambda w: 700 + 5000 * arc(w))
    return _finish(whoosh * swell(n, 0.35, 1.6), 0.55)


def town_music() -> np.ndarray:
    """Boulder Town's music loop (see game.audio.town)."""
    return to_pcm16(_town.render())


def town_ambience() -> np.ndarray:
    """Boulder Town's ambience bed: crowd, steam and a far bell (see game.audio.town)."""
    return to_pcm16(_town.ambience())


# --- the catalogue -----------------------------------------------------------------------------
# Effects played often get several variants; the director picks a different one each time.
EFFECTS: dict[str, tuple[Callable[..., np.ndarray], int]] = {
    "jump": (jump, 3),
    "land": (land, 3),
    "clone": (clone, 3),
    "puff": (puff, 3),
    "rasengan": (rasengan, 1),
    "boost": (boost, 2),
    "fire": (fire, 1),
    "ignite": (ignite, 1),
    "stun": (stun, 1),
    "fall": (fall, 1),
    "rock": (rock, 3),
    "break": (crumble, 3),
    "floor_collapse": (floor_collapse, 1),
    "rescue": (rescue, 1),
    "faint": (faint, 1),
    "dialogue": (dialogue, 1),
    "crate_pickup": (crate_pickup, 3),
    "crate_deliver": (crate_deliver, 1),
    "shove": (shove, 2),
    "guard_aside": (guard_aside, 2),
    "transform": (transform, 1),
    "untransform": (untransform, 1),
    "cheer": (cheer, 2),
    "passage": (passage, 1),
}


def clip_name(effect: str, variant: int) -> str:
    return f"{effect}.{variant}"


def rumble_name(stage: int) -> str:
    return f"rumble.{stage}"


MUSIC = "music"
# The town's loops live in a catalogue of their own (`town_catalogue`), cached beside this one.
TOWN_MUSIC = "town_music"
TOWN_AMBIENCE = "town_ambience"


def catalogue() -> dict[str, Callable[[], np.ndarray]]:
    """Every clip the game plays, by name, as a function that renders it."""
    clips: dict[str, Callable[[], np.ndarray]] = {}
    for effect, (make, variants) in EFFECTS.items():
        for v in range(variants):
            clips[clip_name(effect, v)] = (lambda make=make, v=v: make(v)) if variants > 1 else make
    for stage in STAGES:
        clips[rumble_name(stage)] = lambda stage=stage: rumble(stage)
    clips[MUSIC] = music
    return clips


def town_catalogue() -> dict[str, Callable[[], np.ndarray]]:
    """Boulder Town's music and ambience loops, by name."""
    return {TOWN_MUSIC: town_music, TOWN_AMBIENCE: town_ambience}


def main(argv: list[str] | None = None) -> int:
    """Write every clip as DIR/NAME.wav, for listening."""
    from pathlib import Path

    from game.audio.cache import write_wav

    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m game.audio.synth DIR", file=sys.stderr)
        return 2
    folder = Path(args[0])
    clips = catalogue() | town_catalogue()
    for name, make in clips.items():
        write_wav(folder / f"{name}.wav", make())
    print(f"wrote {len(clips)} sounds to {folder} ({RATE} Hz, 16-bit mono)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
