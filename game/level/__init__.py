"""Tiled maps into plain `Level` objects, and their validation."""

from game.level.model import Level, MapError

__all__ = ["Level", "MapError"]
