"""Boulder Town's sound: its music loop and its ambience bed, both seamless loops.

The music is a march in G major at 140 beats a minute, sixteen bars: a tuba-like bass and
reed-organ chords play oom-pah on the beats, a brass lead sings a rising, hopeful line over
them, a glockenspiel sparkles in the second half of each phrase, and a marching snare and
bass drum keep the pulse (a roll in the last bar carries the loop back to its top). The
middle turns to E minor and a B major chord, the urgency of a town under guard. Everything
differs from the mine's loop: its key (D minor), its tempo (80), its voices (mallet, sine
lead, heartbeat). Written for this game.

The ambience is a quieter bed under it: a distant crowd murmuring, steam hissing from the
pipes (with a vent sighing now and then) and a far-off bell.

Both are built as the mine's music is: every note goes into a buffer longer than the loop and
what rings past the end is folded back onto the start (the music), or every component is
periodic in the loop length, filtered as a loop and placed wrapping round (the ambience), so
the end joins the start with no seam.
"""

from __future__ import annotations

from functools import cache

import numpy as np

from game.audio.dsp import (
    RATE,
    band,
    band_noise,
    fm,
    held,
    length,
    midi_hz,
    normalized,
    phase,
    sine,
    strike,
    times,
    white,
)

BPM = 140  # a beat is exactly 18900 samples: the grid never drifts against the loop
BEAT = 60.0 / BPM
BARS = 16
BEATS_PER_BAR = 4
LOOP_SECONDS = BARS * BEATS_PER_BAR * BEAT  # 27.43 s
TAIL_SECONDS = 3.0  # the longest any note rings past its bar
PEAK = 0.55  # as the mine's music: under the effects
SEED = 1111

# One chord per bar: the reed chord (MIDI notes) and the bass's root and fifth.
G, D, EM, C, AM, B = (
    ((59, 62, 67), (43, 50)),
    ((57, 62, 66), (38, 45)),
    ((59, 64, 67), (40, 47)),
    ((60, 64, 67), (36, 43)),
    ((60, 64, 69), (45, 40)),
    ((59, 63, 66), (47, 42)),
)
CHORDS = (G, D, EM, C, G, D, C, D, EM, C, AM, B, EM, C, AM, D)
# The brass lead: per bar, (beat, beats long, MIDI note)
MELODY = (
    ((0, 1.5, 67), (1.5, 0.5, 71), (2, 1, 74), (3, 1, 79)),
    ((0, 2, 78), (2, 1, 76), (3, 1, 74)),
    ((0, 1.5, 76), (1.5, 0.5, 74), (2, 1, 71), (3, 1, 67)),
    ((0, 3, 72), (3, 0.5, 71), (3.5, 0.5, 72)),
    ((0, 1.5, 74), (1.5, 0.5, 71), (2, 1, 67), (3, 1, 71)),
    ((0, 1, 74), (1, 1, 78), (2, 2, 81)),
    ((0, 1.5, 79), (1.5, 0.5, 76), (2, 1, 72), (3, 1, 76)),
    ((0, 2, 74), (2, 1, 78), (3, 1, 74)),
    ((0, 1.5, 71), (1.5, 0.5, 67), (2, 1, 71), (3, 1, 76)),
    ((0, 2, 76), (2, 1, 79), (3, 1, 76)),
    ((0, 1.5, 72), (1.5, 0.5, 76), (2, 2, 81)),
    ((0, 1, 78), (1, 1, 75), (2, 2, 71)),
    ((0, 1.5, 76), (1.5, 0.5, 79), (2, 1, 83), (3, 1, 79)),
    ((0, 2, 79), (2, 1, 76), (3, 1, 72)),
    ((0, 1, 72), (1, 1, 76), (2, 1, 81), (3, 1, 79)),
    ((0, 2, 78), (2, 1, 74), (3, 0.5, 69), (3.5, 0.5, 66)),
)
GLOCK_BARS = (4, 5, 6, 7, 12, 13, 14, 15)  # the second half of each eight-bar phrase
GLOCK_BEATS = (0.0, 1.5, 2.5)  # which chord tone (top, middle, top) an octave up


# --- voices: each renders one note (plus its own ring) -----------------------------------------
@cache
def brass(hz: float, seconds: float) -> np.ndarray:
    """A warm horn: a sawtooth-like stack of harmonics whose brightness blooms at the attack
    and settles, with a little vibrato arriving late."""
    n = length(seconds + 0.15)
    t = times(n)
    vibrato = 1.0 + 0.005 * np.sin(2 * np.pi * 5.5 * t) * np.clip((t - 0.2) / 0.3, 0.0, 1.0)
    base = phase(hz * vibrato, n)
    bright = 0.45 + 0.25 * np.exp(-t / 0.08) - 0.25 * np.exp(-t / 0.02)  # bloom, then settle
    tone = sum(np.sin(base * k) * bright ** (k - 1) / k for k in range(1, 9))
    return tone * held(n, 0.03, 0.12)


@cache
def tuba(hz: float, seconds: float) -> np.ndarray:
    """The oom: a round, breathy low brass note, punchy at the start."""
    n = length(seconds + 0.08)
    t = times(n)
    base = phase(hz, n)
    tone = np.sin(base) + 0.5 * np.sin(2 * base) + 0.22 * np.sin(3 * base) + 0.08 * np.sin(4 * base)
    return tone * held(n, 0.015, 0.07) * (0.7 + 0.3 * np.exp(-t / 0.12))


@cache
def reed(notes: tuple[int, ...], seconds: float) -> np.ndarray:
    """The pah: a short reed-organ chord, each note a detuned pair of odd-heavy tones (the
    beating makes it warm, like an accordion in the square)."""
    n = length(seconds + 0.06)
    tone = np.zeros(n)
    for note in notes:
        for detune in (0.996, 1.004):
            base = phase(midi_hz(note) * detune, n)
            tone += np.sin(base) + 0.4 * np.sin(3 * base) + 0.15 * np.sin(2 * base)
    return tone * held(n, 0.008, 0.05)


@cache
def glock(hz: float) -> np.ndarray:
    """A glockenspiel bar: a bright FM strike (inharmonic ratio) ringing away."""
    n = length(1.2)
    index = 1.6 * np.exp(-times(n) / 0.05)
    return fm(hz, n, 3.5, index) * strike(n, 0.001, 0.35)


@cache
def snare(accent: bool) -> np.ndarray:
    """A marching snare: a crack of bright noise (the wires) over a short tuned body."""
    n = length(0.22)
    rng = np.random.default_rng(SEED + int(accent))
    wires = band(white(rng, n), 1200, 7000) * strike(n, 0.001, 0.06 if accent else 0.035)
    body = sine(185.0 * (1.0 + 0.4 * np.exp(-times(n) / 0.01)), n) * strike(n, 0.001, 0.03)
    return wires + 0.6 * body


@cache
def bass_drum() -> np.ndarray:
    """The marching bass drum: a deep boom dropping in pitch, with a felt-beater knock."""
    n = length(0.35)
    boom = sine(55.0 + 45.0 * np.exp(-times(n) / 0.03), n) * strike(n, 0.002, 0.12)
    knock = band(white(np.random.default_rng(SEED + 2), n), 200, 1200) * strike(n, 0.001, 0.01)
    return boom + 0.3 * knock


@cache
def shaker() -> np.ndarray:
    """A soft tick of high noise on every eighth: the running feet of the pulse."""
    n = length(0.06)
    return band(white(np.random.default_rng(SEED + 3), n), 5000, 12000) * strike(n, 0.003, 0.015)


# --- the score ---------------------------------------------------------------------------------
def _place(buffer: np.ndarray, note: np.ndarray, at_beat: float, gain: float) -> None:
    start = round(at_beat * BEAT * RATE)
    end = min(len(buffer), start + len(note))
    buffer[start:end] += gain * note[: end - start]


def _drums(buffer: np.ndarray, bar: int) -> None:
    first = bar * BEATS_PER_BAR
    for beat in (0, 2):
        _place(buffer, bass_drum(), first + beat, 0.55)
    for beat in (1, 3):
        _place(buffer, snare(True), first + beat, 0.3)
    for eighth in range(8):
        _place(buffer, shaker(), first + eighth / 2, 0.06 if eighth % 2 else 0.035)
    if bar == BARS - 1:  # a roll of sixteenths, growing, that carries the loop to its top
        for i in range(8):
            _place(buffer, snare(False), first + 2 + i / 4, 0.1 + 0.025 * i)
    elif bar % 4 == 3:  # a ruff at the end of every four bars
        for at in (3.5, 3.75):
            _place(buffer, snare(False), first + at, 0.14)


def render() -> np.ndarray:
    """The whole loop as float samples peaking at PEAK; length LOOP_SECONDS exactly."""
    loop_n = length(LOOP_SECONDS)
    buffer = np.zeros(loop_n + length(TAIL_SECONDS))
    for bar, (chord, (root, fifth)) in enumerate(CHORDS):
        first = bar * BEATS_PER_BAR
        _place(buffer, tuba(midi_hz(root), 0.8 * BEAT), first, 0.5)
        _place(buffer, tuba(midi_hz(fifth), 0.8 * BEAT), first + 2, 0.45)
        for beat in (1, 3):
            _place(buffer, reed(chord, 0.45 * BEAT), first + beat, 0.05)
        for beat in (1.5, 3.5):  # softer off-beat stabs push the march forward
            _place(buffer, reed(chord, 0.25 * BEAT), first + beat, 0.028)
        for beat, beats, note in MELODY[bar]:
            _place(buffer, brass(midi_hz(note), beats * BEAT * 0.92), first + beat, 0.2)
        if bar in GLOCK_BARS:
            for beat, which in zip(GLOCK_BEATS, (2, 1, 2), strict=True):
                _place(buffer, glock(midi_hz(chord[which] + 24)), first + beat, 0.09)
        _drums(buffer, bar)
    # Fold the tail onto the start: the loop's end rings on into its next beginning.
    tail = buffer[loop_n:]
    out = buffer[:loop_n].copy()
    out[: len(tail)] += tail
    return normalized(out, PEAK)


# --- the ambience ------------------------------------------------------------------------------
AMBIENCE_SECONDS = 16.0
AMBIENCE_RMS = 0.045  # a fraction of full scale: well under the music
TALKERS = 6
BELL_AT = (2.5, 10.5)  # seconds into the loop
VENTS = ((5.0, 1.6), (13.0, 2.2))  # (start, seconds) a pipe vents steam


def _wrapped(n: int, sound: np.ndarray, at: float) -> np.ndarray:
    """`sound` starting `at` seconds into a loop of `n` samples, wrapping round its end."""
    out = np.zeros(n)
    index = (round(at * RATE) + np.arange(len(sound))) % n
    np.add.at(out, index, sound)
    return out


def _unit(signal: np.ndarray) -> np.ndarray:
    return signal / max(1e-12, float(np.sqrt(np.mean(signal**2))))


def _wobble(rng: np.random.Generator, n: int, low: float, high: float) -> np.ndarray:
    """A slow random curve (its frequencies `low`..`high` Hz, a few Hz at most), periodic in
    `n` samples: made at a low rate from a handful of sines, then stretched to `n`."""
    seconds = n / RATE
    first, last = int(np.ceil(low * seconds)), int(high * seconds)  # whole cycles per loop
    steps = 4 * last + 4
    spectrum = np.zeros(steps // 2 + 1, complex)
    count = last - first + 1
    spectrum[first : last + 1] = rng.standard_normal(count) + 1j * rng.standard_normal(count)
    coarse = np.fft.irfft(spectrum, steps)
    coarse = np.append(coarse, coarse[0])  # closes the loop for the interpolation
    return _unit(
        np.interp(np.linspace(0.0, steps, n, endpoint=False), np.arange(steps + 1), coarse)
    )


def ambience() -> np.ndarray:
    """The town's ambience bed as float samples, AMBIENCE_SECONDS long and seamless."""
    n = length(AMBIENCE_SECONDS)
    rng = np.random.default_rng(SEED + 10)
    t = times(n)
    # A distant crowd: talkers whose voices (bands of noise, each its own vowel colour, the
    # highs lost with the distance) rise and fall at the pace of syllables; together they
    # are a murmur, with no words in it.
    crowd = np.zeros(n)
    for _ in range(TALKERS):
        low = rng.uniform(200, 400)
        voice = band_noise(rng, n, low, min(1600.0, low * rng.uniform(3.0, 5.0)))
        crowd += voice * np.maximum(0.0, _wobble(rng, n, 1.5, 5.0))
    crowd = _unit(crowd)
    swell = 1.0 + 0.25 * np.sin(2 * np.pi * t / AMBIENCE_SECONDS * 2 + 0.7)
    # Steam: a steady hiss from the pipes, and now and then a vent sighing open and shut.
    hiss = band_noise(rng, n, 3500, 11000)
    steam = 0.35 * hiss
    for start, seconds in VENTS:
        m = length(seconds)
        x = np.linspace(0.0, 1.0, m)
        sigh = np.sin(np.pi * x) ** 2 * np.where(x < 0.15, x / 0.15, 1.0)
        vent = band(rng.standard_normal(m), 2000, 9000) * sigh
        steam += 0.9 * _wrapped(n, _unit(vent), start)
    # A far-off bell: a bronze FM strike, dulled by distance.
    m = length(3.5)
    bell = fm(midi_hz(62), m, 1.4, 1.8 * np.exp(-times(m) / 0.4)) * strike(m, 0.003, 1.0)
    bell = band(bell, None, 1800) * np.linspace(1.0, 0.0, m) ** 0.5  # dies out inside 3.5 s
    bells = sum(_wrapped(n, bell, at) for at in BELL_AT)
    mix = 0.8 * crowd * swell + 0.5 * steam + 0.2 * _unit(bells)
    return mix * (AMBIENCE_RMS / float(np.sqrt(np.mean(mix**2))))
