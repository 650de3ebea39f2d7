"""Silencing what C libraries print to stderr behind the game's back (ALSA's page of
complaints when there is no sound card, libwayland's when there is no display): the game
says what is wrong in its own one line instead."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator


@contextlib.contextmanager
def quiet_stderr() -> Iterator[None]:
    """Send what is written to file descriptor 2 to the null device for a moment."""
    try:
        sys.stderr.flush()
        saved = os.dup(2)
    except (OSError, AttributeError, ValueError):
        yield  # no usable stderr (a windowed app on Windows): nothing to quieten
        return
    try:
        with open(os.devnull, "w") as null:
            os.dup2(null.fileno(), 2)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)
