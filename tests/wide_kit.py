"""Tiny Tiled maps for the screen tests, written on the fly (the loader tests' MapKit), wide
enough for a world, and a save that file systems with coarse timestamps cannot hide."""

import importlib.util
import os
from pathlib import Path

# The loader tests' kit, loaded by path: tests/level is not a package.
_spec = importlib.util.spec_from_file_location(
    "level_mapkit", Path(__file__).parent / "level" / "conftest.py"
)
mapkit_module = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(mapkit_module)
MapKit, obj = mapkit_module.MapKit, mapkit_module.obj
DEFAULT_PROPERTIES = mapkit_module.DEFAULT_PROPERTIES


# The kit's map is 10 tiles wide; the world needs more than a chakra leap's width (12 cells)
# for its path fields, so these maps are 20 wide with the same terrain on the left.
WIDE = {"width": "20"}
WIDE_TERRAIN = [row + [row[-1] if row[-1] == MapKit.ROCK else 0] * 10 for row in MapKit.TERRAIN]


class WideKit(MapKit):
    def write(self, name="cavern.tmx", **parts):
        return super().write(name, map_attrs=WIDE, terrain=WIDE_TERRAIN, **parts)


def saved_later(path: Path, write) -> None:
    """Write the file again, its modification time clearly newer (file systems with coarse
    timestamps would otherwise hide a quick second save)."""
    before = path.stat().st_mtime_ns if path.exists() else 0
    write()
    later = before + 2_000_000_000
    os.utime(path, ns=(later, later))
