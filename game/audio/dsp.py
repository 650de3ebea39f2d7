"""Signal building blocks for the synthesizer: oscillators, envelopes, noise and filters.

Pure numpy. Signals are float64 arrays in about [-1, 1] at `RATE` samples a second until
`to_pcm16` turns the finished sound into 16-bit samples. Filters work in the frequency domain
(one FFT per sound) because a per-sample recursive filter in Python would be far too slow.
"""

from __future__ import annotations

import numpy as np

RATE = 44100
TAU = 2.0 * np.pi
FULL_SCALE = 32767


def length(seconds: float) -> int:
    """Samples in `seconds` of sound."""
    return max(1, round(seconds * RATE))


def times(n: int) -> np.ndarray:
    """The time of each of `n` samples, in seconds."""
    return np.arange(n) / RATE


def midi_hz(note: float) -> float:
    """Equal-tempered frequency of a MIDI note number (69 is A4 = 440 Hz)."""
    return 440.0 * 2.0 ** ((note - 69) / 12.0)


# --- oscillators -------------------------------------------------------------------------------
def phase(freq, n: int) -> np.ndarray:
    """Running phase (radians) of a frequency that may change every sample (a glide)."""
    freq = np.broadcast_to(np.asarray(freq, dtype=np.float64), (n,))
    return TAU * (np.cumsum(freq) - freq[0]) / RATE


def glide(start_hz: float, end_hz: float, n: int, bend: float = 1.0) -> np.ndarray:
    """A per-sample frequency moving from `start_hz` to `end_hz` on a musical (log) scale.
    `bend` > 1 makes most of the move happen early, < 1 late."""
    x = np.linspace(0.0, 1.0, n) ** (1.0 / bend)
    return start_hz * (end_hz / start_hz) ** x


def sine(freq, n: int) -> np.ndarray:
    return np.sin(phase(freq, n))


def fm(freq, n: int, ratio: float, index) -> np.ndarray:
    """Two-operator FM: a sine carrier whose phase is pushed by a modulator at `ratio` times
    its frequency. A decaying `index` gives the bright-then-mellow strike of bells and mallets."""
    carrier = phase(freq, n)
    return np.sin(carrier + np.asarray(index) * np.sin(carrier * ratio))


def partials(freq, n: int, weights) -> np.ndarray:
    """Additive tone: harmonic k (1-based) at weights[k-1]."""
    base = phase(freq, n)
    return sum(w * np.sin(base * (k + 1)) for k, w in enumerate(weights) if w)


# --- envelopes ---------------------------------------------------------------------------------
def strike(n: int, attack: float, decay: float) -> np.ndarray:
    """Linear rise over `attack` s, then exponential fall with time constant `decay` s."""
    t = times(n)
    rise = np.minimum(1.0, t / attack) if attack > 0 else np.ones(n)
    fall = np.exp(-np.maximum(0.0, t - attack) / decay)
    return rise * fall


def swell(n: int, peak_at: float, power: float = 2.0) -> np.ndarray:
    """Grows to 1 at fraction `peak_at` of the sound, then falls back to 0 by its end."""
    x = np.linspace(0.0, 1.0, n)
    up = (x / peak_at) ** power
    down = ((1.0 - x) / (1.0 - peak_at)) ** (power / 2)
    return np.where(x < peak_at, up, down)


def held(n: int, attack: float, release: float, level: float = 1.0) -> np.ndarray:
    """Rise over `attack` s, hold `level`, fall to 0 over the last `release` s: a sustained note."""
    t = times(n)
    total = n / RATE
    rise = np.clip(t / max(attack, 1e-4), 0.0, 1.0)
    fall = np.clip((total - t) / max(release, 1e-4), 0.0, 1.0)
    return level * rise * fall


def fade_edges(signal: np.ndarray, seconds: float = 0.004) -> np.ndarray:
    """Start from and end at silence, so a sound never clicks when it starts or stops."""
    k = min(len(signal) // 2, length(seconds))
    ramp = np.linspace(0.0, 1.0, k)
    out = signal.copy()
    out[:k] *= ramp
    out[len(out) - k :] *= ramp[::-1]
    return out


# --- noise -------------------------------------------------------------------------------------
def white(rng: np.random.Generator, n: int) -> np.ndarray:
    return rng.uniform(-1.0, 1.0, n)


def grains(rng: np.random.Generator, n: int, count: int, spread: float, grain: float = 0.004):
    """Gravel: `count` tiny clicks of random loudness, denser at the start and thinning out
    with time constant `spread` s, each a short burst of noise `grain` s long."""
    at = np.minimum(rng.exponential(spread, count) * RATE, n - 1).astype(np.int64)
    impulses = np.zeros(n)
    np.add.at(impulses, at, rng.uniform(0.2, 1.0, count) * rng.choice((-1.0, 1.0), count))
    k = length(grain)
    kernel = white(rng, k) * np.exp(-np.arange(k) / (k / 4))
    return np.convolve(impulses, kernel)[:n]


def band_noise(
    rng: np.random.Generator, n: int, low: float | None, high: float | None, order: int = 2
) -> np.ndarray:
    """Noise already limited to `low`..`high` Hz, made straight in the frequency domain (one
    inverse FFT, no filtering pass): periodic in `n`, so it loops without a seam. Scaled to an
    RMS of 1."""
    size = n // 2 + 1
    spectrum = rng.standard_normal(size) + 1j * rng.standard_normal(size)
    spectrum *= _response(np.fft.rfftfreq(n, 1.0 / RATE), low, high, order)
    spectrum[0] = 0.0
    out = np.fft.irfft(spectrum, n)
    return out / max(1e-12, float(np.sqrt(np.mean(out**2))))


# --- filters (zero-phase, in the frequency domain) ----------------------------------------------
def _response(freqs: np.ndarray, low: float | None, high: float | None, order: int):
    """Butterworth-shaped magnitude: `low` is the high-pass corner, `high` the low-pass one."""
    gain = np.ones_like(freqs)
    if high is not None:
        gain /= np.sqrt(1.0 + (freqs / high) ** (2 * order))
    if low is not None:
        with np.errstate(divide="ignore"):
            gain /= np.sqrt(1.0 + (low / np.maximum(freqs, 1e-9)) ** (2 * order))
    return gain


def band(
    signal: np.ndarray,
    low: float | None = None,
    high: float | None = None,
    order: int = 2,
    loop: bool = False,
) -> np.ndarray:
    """Keep frequencies between `low` and `high` Hz (either may be None). A `loop` signal is
    filtered as periodic, so it stays seamless; any other is padded so its end cannot ring
    into its start."""
    n = len(signal)
    size = n if loop else 2 * n
    spectrum = np.fft.rfft(signal, size)
    spectrum *= _response(np.fft.rfftfreq(size, 1.0 / RATE), low, high, order)
    return np.fft.irfft(spectrum, size)[:n]


def sweep(signal: np.ndarray, low, high, order: int = 2, frame: int = 1024) -> np.ndarray:
    """A band filter whose corners move over time: `low` and `high` are functions from the
    fraction of the sound elapsed (0..1) to Hz (or None). Overlap-added Hann frames, each
    filtered with the corners at its centre; fine for noise, which is what it is for."""
    n = len(signal)
    hop = frame // 2
    padded = np.concatenate([np.zeros(hop), signal, np.zeros(frame)])
    window = np.hanning(frame + 1)[:frame]  # periodic Hann: 50% overlaps sum to exactly 1
    freqs = np.fft.rfftfreq(2 * frame, 1.0 / RATE)
    out = np.zeros(len(padded) + frame)
    for start in range(0, n + hop, hop):
        where = min(1.0, start / max(1, n - 1))  # this frame's centre, as a fraction
        lo = low(where) if low is not None else None
        hi = high(where) if high is not None else None
        chunk = np.fft.rfft(padded[start : start + frame] * window, 2 * frame)
        out[start : start + 2 * frame] += np.fft.irfft(chunk * _response(freqs, lo, hi, order))
    return out[hop : hop + n]


# --- finishing ---------------------------------------------------------------------------------
def normalized(signal: np.ndarray, peak: float) -> np.ndarray:
    """Scaled so its loudest sample is `peak` (a fraction of full scale)."""
    top = float(np.max(np.abs(signal)))
    return signal * (peak / top) if top > 0 else signal


def to_pcm16(signal: np.ndarray) -> np.ndarray:
    """The finished sound as 16-bit samples. Callers normalise below full scale first; the
    clip only guards against rounding."""
    return np.clip(np.round(signal * FULL_SCALE), -FULL_SCALE, FULL_SCALE).astype(np.int16)
