"""Audio tests keep their settings and their sound cache in one temporary home, shared by the
whole session so the sounds are synthesized once."""

import pytest

from game.store import HOME_ENV


@pytest.fixture(scope="session")
def audio_home(tmp_path_factory):
    return tmp_path_factory.mktemp("great-mine-home")


@pytest.fixture(autouse=True)
def _isolated_home(audio_home, monkeypatch):
    monkeypatch.setenv(HOME_ENV, str(audio_home))
    return audio_home
