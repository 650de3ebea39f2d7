"""Run every test headless (no window, no sound card) and in a home of the session's own.

The test session never reads or writes a user's data, whatever the environment says: a
player who set GREAT_MINE_RESCUE_HOME (as the README suggests) and runs the tests keeps their
personal bests, replays and settings untouched. Every folder the game or platformdirs could
pick (the game's own variable, the XDG folders, HOME, Windows' app data) points into one
temporary folder, removed when the session ends.
"""

import atexit
import os
import shutil
import tempfile

import pytest

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

SESSION_HOME = tempfile.mkdtemp(prefix="gmr-test-")
atexit.register(shutil.rmtree, SESSION_HOME, ignore_errors=True)
# Assigned, never setdefault: an inherited value is exactly what must not be used.
os.environ["GREAT_MINE_RESCUE_HOME"] = os.path.join(SESSION_HOME, "game")
for variable, folder in {
    "HOME": "home",
    "XDG_CONFIG_HOME": "config",
    "XDG_DATA_HOME": "data",
    "XDG_CACHE_HOME": "cache",
    "APPDATA": "appdata",
    "LOCALAPPDATA": "localappdata",
}.items():
    os.environ[variable] = os.path.join(SESSION_HOME, folder)


@pytest.fixture(scope="module")
def sprites():
    """The game's sprites, built once a test module (they need pygame's display up)."""
    import pygame  # here, not at the top: the headless drivers above are set first

    from game.render.pixelart import build_sprites

    pygame.display.init()
    return build_sprites()
