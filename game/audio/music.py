"""The mine's music: a 24-second loop in D minor at 80 beats a minute, eight bars.

A plucked mallet ostinato arpeggiates the chords in eighths, a round bass walks under it, a
soft sine lead sings a slow line over the top, a quiet pad holds the harmony, a low double
thump beats like a heart and water drips now and then. Written for this game.

Every note is rendered into a buffer a few seconds longer than the loop, and whatever rings
past the end is folded back onto the start: exactly what a listener hears when the loop
repeats, so the seam is inaudible.
"""

from __future__ import annotations

from functools import cache

import numpy as np

from game.audio.dsp import (
    RATE,
    fm,
    held,
    length,
    midi_hz,
    normalized,
    partials,
    phase,
    sine,
    strike,
    times,
)

BPM = 80
BEAT = 60.0 / BPM
BARS = 8
BEATS_PER_BAR = 4
LOOP_SECONDS = BARS * BEATS_PER_BAR * BEAT  # 24 s
TAIL_SECONDS = 4.0  # the longest any note rings past its bar
PEAK = 0.55  # music sits under the effects

# One chord per bar: the tones the mallet arpeggiates (low to high), and the bass root.
# Dm  Bb  Gm  A  Dm  Bb  C  A: minor, with the A major chord pulling back home each time.
CHORDS = (
    ((50, 53, 57, 62), 38),  # D minor
    ((46, 50, 53, 58), 34),  # B flat
    ((50, 55, 58, 62), 43),  # G minor
    ((49, 52, 57, 61), 45),  # A major
    ((50, 53, 57, 62), 38),  # D minor
    ((46, 50, 53, 58), 34),  # B flat
    ((48, 52, 55, 60), 36),  # C major
    ((49, 52, 57, 61), 33),  # A major, low
)
ARPEGGIO = (0, 2, 1, 2, 3, 2, 1, 2)  # indices into the chord, one per eighth note
# Bass per bar: (beat, beats long, semitones above the root)
BASS_RHYTHM = ((0.0, 1.5, 0), (1.5, 0.5, 0), (2.0, 1.0, 12), (3.0, 1.0, 7))
# The lead: per bar, (beat, beats long, MIDI note)
MELODY = (
    ((0, 2, 69), (2, 1, 65), (3, 1, 64)),
    ((0, 3, 62), (3, 1, 65)),
    ((0, 2, 67), (2, 1, 70), (3, 1, 69)),
    ((0, 2, 64), (2, 2, 61)),
    ((0, 1.5, 69), (1.5, 0.5, 72), (2, 2, 74)),
    ((0, 1, 74), (1, 1, 72), (2, 2, 70)),
    ((0, 1, 72), (1, 1, 70), (2, 1, 69), (3, 1, 67)),
    ((0, 2.5, 69), (2.5, 0.5, 67), (3, 1, 64)),
)
DRIP_SEED = 77
DRIPS = 7


# --- voices: each renders one note of `seconds` (plus its own ring) ----------------------------
# The score repeats itself, so each distinct note is rendered once (callers only read them).
@cache
def mallet(hz: float, seconds: float) -> np.ndarray:
    """Soft wooden pluck: FM whose brightness dies away quickly, leaving a round tone."""
    n = length(seconds + 0.9)
    index = 1.8 * np.exp(-times(n) / 0.06)
    return fm(hz, n, 1.0, index) * strike(n, 0.003, 0.3)


@cache
def bass(hz: float, seconds: float) -> np.ndarray:
    """Round bass: a few harmonics, the upper ones fading first, like a plucked string."""
    n = length(seconds + 0.12)
    t = times(n)
    base = phase(hz, n)
    tone = sum(np.sin(base * k) * np.exp(-t * (k - 1) * 3.0) / k**1.4 for k in range(1, 7))
    return tone * held(n, 0.01, 0.12) * (0.65 + 0.35 * np.exp(-t / 0.25))


@cache
def lead(hz: float, seconds: float) -> np.ndarray:
    """Soft singing line: nearly a sine, with a vibrato that arrives after the attack."""
    n = length(seconds + 0.3)
    t = times(n)
    vibrato = 1.0 + 0.004 * np.sin(2 * np.pi * 5.0 * t) * np.clip((t - 0.25) / 0.3, 0.0, 1.0)
    return partials(hz * vibrato, n, (1.0, 0.18, 0.06)) * held(n, 0.12, 0.3)


@cache
def pad(notes, seconds: float) -> np.ndarray:
    """The chord held as slowly breathing, gently detuned pairs of sines."""
    n = length(seconds + 0.8)
    tone = sum(sine(midi_hz(m) * d, n) for m in notes for d in (0.997, 1.003))
    return tone * held(n, 0.8, 1.2)


@cache
def thump(seconds: float = 0.3) -> np.ndarray:
    """A low heartbeat: a sine dropping in pitch."""
    n = length(seconds)
    return sine(70.0 * np.exp(-times(n) / 0.08) + 40.0, n) * strike(n, 0.004, 0.09)


def drip(hz: float) -> np.ndarray:
    """A drop of water falling into a pool: a short 'plip' that bends up."""
    n = length(0.18)
    bend = hz * (1.0 + 0.6 * (1.0 - np.exp(-times(n) / 0.02)))
    return sine(bend, n) * strike(n, 0.002, 0.035)


# --- the score ---------------------------------------------------------------------------------
def _place(buffer: np.ndarray, note: np.ndarray, at_beat: float, gain: float) -> None:
    start = round(at_beat * BEAT * RATE)
    end = min(len(buffer), start + len(note))
    buffer[start:end] += gain * note[: end - start]


def render() -> np.ndarray:
    """The whole loop as float samples peaking at PEAK; length LOOP_SECONDS exactly."""
    loop_n = length(LOOP_SECONDS)
    buffer = np.zeros(loop_n + length(TAIL_SECONDS))
    for bar, (chord, root) in enumerate(CHORDS):
        first = bar * BEATS_PER_BAR
        for i, which in enumerate(ARPEGGIO):
            accent = 1.0 if i % 4 == 0 else 0.75
            _place(buffer, mallet(midi_hz(chord[which]), BEAT / 2), first + i / 2, 0.22 * accent)
        for beat, beats, above in BASS_RHYTHM:
            _place(buffer, bass(midi_hz(root + above), beats * BEAT), first + beat, 0.42)
        for beat, beats, note in MELODY[bar]:
            _place(buffer, lead(midi_hz(note), beats * BEAT), first + beat, 0.16)
        _place(buffer, pad(tuple(chord[:3]), BEATS_PER_BAR * BEAT), first, 0.025)
        _place(buffer, thump(), first, 0.5)
        _place(buffer, thump(), first + 0.35, 0.3)
    rng = np.random.default_rng(DRIP_SEED)
    beats = rng.uniform(0, BARS * BEATS_PER_BAR, DRIPS)
    for at, hz in zip(beats, rng.uniform(1300, 2400, DRIPS), strict=True):
        _place(buffer, drip(hz), at, 0.08)
    # Fold the tail onto the start: the loop's end rings on into its next beginning.
    tail = buffer[loop_n:]
    out = buffer[:loop_n].copy()
    out[: len(tail)] += tail
    return normalized(out, PEAK)
