"""Run every test headless: no window, no sound card."""

import os
import tempfile

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
# Settings and the sound cache go to a throwaway folder, never the tester's own.
os.environ.setdefault("GREAT_MINE_RESCUE_HOME", tempfile.mkdtemp(prefix="gmr-test-"))
