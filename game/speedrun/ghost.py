"""The personal best's path, for its ghost: where Naruto's feet were at each in-game tick.

Kept beside the personal bests as `ghosts/MAP_CATEGORY.ghost` (JSON with the positions as
zlib-compressed int16 triples, base64), written atomically when a run sets a PB. Indexed by
in-game time, so dialogue boxes and pauses never put the ghost out of step.
A ghost file that cannot be read just means no ghost (one line on stderr), never a crash;
it is set aside as `.bad`, so the next PB's ghost does not silently replace it.
"""

from __future__ import annotations

import base64
import binascii
import json
import sys
import zlib
from pathlib import Path

import numpy as np

from game import files
from game.store import atomic_write_text, data_dir

MAX_TICKS = 60 * 60 * 60  # an hour of positions; a longer file is refused as absurd
# Compressed positions in Base64: never near this, even for an hour of wild movement.
MAX_GHOST_BYTES = 8 * files.MIB


class GhostTrack:
    """(feet_x, feet_y, facing) in pixels per in-game tick; index 0 is before the first."""

    def __init__(self, points: np.ndarray | None = None):
        self.points = points if points is not None else np.zeros((0, 3), np.int16)
        self._pending: list[tuple[int, int, int]] = []

    def record(self, world, feet: tuple[int, int]) -> None:
        """After each world step: note the feet for this in-game tick (once per tick)."""
        if world.game_ticks >= len(self) and len(self) < MAX_TICKS:
            self._pending.append((feet[0], feet[1], 1 if world.naruto.facing >= 0 else -1))

    def __len__(self) -> int:
        return len(self.points) + len(self._pending)

    def at(self, game_ticks: int) -> tuple[int, int, int] | None:
        self._flush()
        if not len(self.points):
            return None
        x, y, facing = self.points[min(game_ticks, len(self.points) - 1)]
        return int(x), int(y), int(facing)

    def _flush(self) -> None:
        if self._pending:
            extra = np.array(self._pending, np.int16).reshape(-1, 3)
            self.points = np.concatenate([self.points, extra])
            self._pending = []

    def to_text(self) -> str:
        self._flush()
        raw = zlib.compress(self.points.astype("<i2").tobytes(), 9)
        return json.dumps({"version": 1, "points": base64.b64encode(raw).decode("ascii")})

    @classmethod
    def from_text(cls, text: str, source: str = "<ghost>") -> GhostTrack:
        """Raises ValueError on anything but a ghost this version wrote."""
        data = files.parse_json(text, source)
        if not isinstance(data, dict) or data.get("version") != 1:
            raise ValueError("not a ghost of this version")
        try:
            raw = base64.b64decode(data["points"], validate=True)
            inflater = zlib.decompressobj()
            body = inflater.decompress(raw, MAX_TICKS * 6 + 1)
        except (KeyError, TypeError, binascii.Error, zlib.error) as error:
            raise ValueError(f"broken positions ({error})") from None
        if len(body) % 6 or len(body) > MAX_TICKS * 6:
            raise ValueError("positions of an impossible length")
        return cls(np.frombuffer(body, "<i2").reshape(-1, 3).astype(np.int16))


def ghost_path(map_name: str, category: str) -> Path:
    return data_dir() / "ghosts" / f"{map_name}_{category}.ghost"


def save_ghost(map_name: str, category: str, track: GhostTrack) -> bool:
    path = ghost_path(map_name, category)
    try:
        atomic_write_text(path, track.to_text())
    except (OSError, files.UnreadableFile) as error:
        print(f"{path}: could not save the ghost: {error}", file=sys.stderr)
        return False
    return True


def load_ghost(map_name: str, category: str, set_aside: bool = True) -> GhostTrack | None:
    """The PB's ghost, or None. A broken file is moved aside to `.bad` (unless `set_aside` is
    False: capture runs leave the player's files as they are)."""
    path = ghost_path(map_name, category)
    try:
        text = files.read_text(path, MAX_GHOST_BYTES, "ghost file")
        return GhostTrack.from_text(text, str(path))
    except files.MissingFile:
        return None
    except files.UnreadableFile as error:
        problem = error.problem
    except ValueError as error:
        problem = str(error)
    moved = files.set_aside(path) if set_aside else None
    if set_aside and moved is None:
        files.keep_unwritten(path)
    where = f"; moved it to {moved.name}" if moved else ""
    print(f"{path}: no ghost ({problem}){where}", file=sys.stderr)
    return None
