"""Rendered sounds on disk: synthesized once, then loaded as WAV files on every start.

Why a cache and not WAVs committed to the repository: the code is the only source of the
sounds, so the two can never disagree, and the repository stays free of megabytes of binary
that change with every tweak of a filter. Rendering everything (the town's loops too) takes
about a second, once; loading the cached files takes a few milliseconds.

The cache folder is named after a hash of the synthesizer's source, so changing any sound
renders a fresh set on the next start (and older sets are removed). Each file is written
atomically and a marker file is written last, so a start interrupted mid-render simply
renders again. If the cache cannot be written at all (a read-only home), the sounds are
rendered in memory instead.
"""

from __future__ import annotations

import hashlib
import io
import shutil
import wave
from collections.abc import Callable
from pathlib import Path

import numpy as np

from game import files
from game.audio import dsp, music, synth, town
from game.store import cache_dir

COMPLETE_MARKER = "complete"
Catalogue = dict[str, Callable[[], np.ndarray]]
_SOURCES = (dsp, synth, music, town)


def code_version() -> str:
    """A short hash of the synthesizer's source: it names the cache folder."""
    digest = hashlib.sha256()
    for module in _SOURCES:
        digest.update(Path(module.__file__).read_bytes())
    return digest.hexdigest()[:16]


def sound_dir(root: Path | None = None) -> Path:
    return (root or cache_dir()) / f"sounds-{code_version()}"


def wav_bytes(samples: np.ndarray) -> bytes:
    """16-bit mono samples as a complete WAV file."""
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(dsp.RATE)
        out.writeframes(np.asarray(samples, dtype="<i2").tobytes())
    return buffer.getvalue()


def write_wav(path: Path, samples: np.ndarray) -> None:
    """Write a WAV file atomically: a reader never sees half of one."""
    _atomic_write(path, wav_bytes(samples))


def _atomic_write(path: Path, data: bytes) -> None:
    # Not flushed to the disk: a lost cache file is rendered again at the next start.
    files.atomic_write(path, data, durable=False)


def ensure_rendered(
    root: Path | None = None, clips: Catalogue | None = None
) -> dict[str, Path] | None:
    """Every clip of `clips` (by default `synth.catalogue()`) as a cached WAV file, rendering
    what is missing. Returns None when the cache folder cannot be written."""
    return _ensure(root, synth.catalogue() if clips is None else clips)


def _ensure(root: Path | None, clips: Catalogue) -> dict[str, Path] | None:
    folder = sound_dir(root)
    paths = {name: folder / f"{name}.wav" for name in clips}
    if (folder / COMPLETE_MARKER).is_file() and all(p.is_file() for p in paths.values()):
        return paths
    try:
        for name, make in clips.items():
            write_wav(paths[name], make())
        _atomic_write(folder / COMPLETE_MARKER, code_version().encode())
    except (OSError, files.UnreadableFile):
        return None
    _remove_old_versions(folder)
    return paths


def render_in_memory(clips: Catalogue | None = None) -> dict[str, bytes]:
    """Every clip of `clips` (by default `synth.catalogue()`) as WAV bytes, for when there is
    no writable cache."""
    clips = synth.catalogue() if clips is None else clips
    return {name: wav_bytes(make()) for name, make in clips.items()}


def ensure_town_rendered(root: Path | None = None) -> dict[str, Path] | None:
    """Boulder Town's loops (`synth.town_catalogue()`), cached in the same folder: files are
    written atomically, so a start cut short renders whichever of them is missing."""
    return _ensure(root, synth.town_catalogue())


def render_town_in_memory() -> dict[str, bytes]:
    return {name: wav_bytes(make()) for name, make in synth.town_catalogue().items()}


def _remove_old_versions(current: Path) -> None:
    for old in current.parent.glob("sounds-*"):
        if old != current and old.is_dir():
            shutil.rmtree(old, ignore_errors=True)


def needs_rendering(root: Path | None = None) -> bool:
    """Whether the next start renders sounds (the cache lacks some): the app says "loading"
    meanwhile."""
    folder = sound_dir(root)
    if not (folder / COMPLETE_MARKER).is_file():
        return True
    names = [*synth.catalogue(), *synth.town_catalogue()]
    return not all((folder / f"{name}.wav").is_file() for name in names)
