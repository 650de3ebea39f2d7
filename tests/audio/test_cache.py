"""Sounds are synthesized once into the cache, then loaded from it quickly."""

import wave

import numpy as np
import pytest

from game.audio import cache, synth


@pytest.fixture
def tiny_catalogue(monkeypatch):
    """Two short clips instead of the whole catalogue, so these tests take no time."""
    calls = []

    def make(value):
        def render():
            calls.append(value)
            return np.full(441, value, np.int16)

        return render

    monkeypatch.setattr(synth, "catalogue", lambda: {"a.0": make(100), "b.0": make(-200)})
    return calls


def test_first_start_renders_every_clip_as_a_wav_file(tmp_path, tiny_catalogue):
    paths = cache.ensure_rendered(tmp_path)
    assert set(paths) == {"a.0", "b.0"}
    with wave.open(str(paths["b.0"])) as wav:
        assert (wav.getframerate(), wav.getnchannels(), wav.getsampwidth()) == (44100, 1, 2)
        frames = np.frombuffer(wav.readframes(wav.getnframes()), "<i2")
    assert len(frames) == 441 and frames[0] == -200


def test_later_starts_render_nothing(tmp_path, tiny_catalogue):
    cache.ensure_rendered(tmp_path)
    tiny_catalogue.clear()
    cache.ensure_rendered(tmp_path)
    assert tiny_catalogue == []


def test_a_render_cut_short_is_redone(tmp_path, tiny_catalogue):
    paths = cache.ensure_rendered(tmp_path)
    (paths["a.0"].parent / cache.COMPLETE_MARKER).unlink()  # as if the game died mid-render
    tiny_catalogue.clear()
    cache.ensure_rendered(tmp_path)
    assert sorted(tiny_catalogue) == [-200, 100]


def test_sounds_from_an_older_synthesizer_are_removed(tmp_path, tiny_catalogue):
    old = tmp_path / "sounds-0123456789abcdef"
    old.mkdir()
    (old / "jump.0.wav").write_bytes(b"old")
    paths = cache.ensure_rendered(tmp_path)
    assert not old.exists() and paths["a.0"].is_file()


def test_the_cache_folder_is_named_after_the_synthesizer_code(tmp_path):
    assert cache.sound_dir(tmp_path).name == f"sounds-{cache.code_version()}"
    assert len(cache.code_version()) == 16


def test_an_unwritable_cache_gives_none_instead_of_an_error(tmp_path, tiny_catalogue):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should go")
    assert cache.ensure_rendered(blocker) is None
    wavs = cache.render_in_memory()
    assert set(wavs) == {"a.0", "b.0"} and wavs["a.0"][:4] == b"RIFF"


def test_the_real_sounds_load_from_the_cache_without_synthesizing_any(tmp_path, monkeypatch):
    first = cache.ensure_rendered(tmp_path)  # the first start: synthesize
    names = list(synth.catalogue())
    rendered = []

    def refuse(name):
        def render():
            rendered.append(name)
            raise AssertionError(f"{name} was synthesized again")

        return render

    monkeypatch.setattr(synth, "catalogue", lambda: {name: refuse(name) for name in names})
    paths = cache.ensure_rendered(tmp_path)  # every later start: files only
    assert rendered == [] and paths == first and set(paths) == set(names)
    for path in paths.values():
        with wave.open(str(path)) as wav:
            assert wav.getnframes() > 0  # whole files, ready to load
