"""Two tiny maps chained into one run, for the Full Rescue tests (`--chain`, the title's
chain entry, replays, practice): a town whose `next_map` names a mine. Both are flat floors
30 tiles wide; walking right passes the town's split, crosses at the town's Exit into the
mine (the crossing is a split), passes the mine's split, and the mine's one miner walks out
by himself, so a whole run is one held button and a few hundred ticks."""

from pathlib import Path

from wide_kit import MapKit, obj

from game.tas import parse_input_script

WIDTH = 30  # tiles
FLAT = [[0] * WIDTH for _ in range(7)] + [[MapKit.ROCK] * WIDTH]
TOWN_PROPERTIES = {
    "name": "Little Town",
    "collapse_seconds": 0,
    "next_map": "pit.tmx",
    "chain_name": "Whole Run",
    "seed": 7,
}
PIT_PROPERTIES = {"name": "Pit", "collapse_seconds": 180, "seed": 42, "quota": 1}
TOWN_OBJECTS = [
    obj(1, "Spawn", 24, 112),
    obj(2, "Guard", 8, 112, name="sentry", props={"strength": 1}),
    obj(3, "Split", 100, 48, 16, 64, name="Street"),
    obj(4, "Exit", 440, 48, 40, 64, name="mine gate"),
]
PIT_OBJECTS = [
    obj(1, "Spawn", 24, 112),
    obj(2, "Split", 100, 48, 16, 64, name="Shaft"),
    obj(3, "Miner", 200, 112, name="Ilya"),
    obj(4, "Exit", 440, 48, 40, 64, name="way out"),
]
SPLIT_NAMES = ["Street", "Little Town", "Shaft"]  # the crossing is named after the town
RIGHT = parse_input_script("0 right\n", "chain test run")


class ChainKit(MapKit):
    def write(self, name="cavern.tmx", **parts):
        parts.setdefault("terrain", FLAT)
        return super().write(name, map_attrs={"width": str(WIDTH)}, **parts)

    def town(self, name="town.tmx", **properties) -> Path:
        return self.write(name, objects=TOWN_OBJECTS, properties={**TOWN_PROPERTIES, **properties})

    def pit(self, name="pit.tmx", objects=None, **properties) -> Path:
        return self.write(
            name, objects=objects or PIT_OBJECTS, properties={**PIT_PROPERTIES, **properties}
        )


def write_chain(folder: Path) -> Path:
    """town.tmx (next_map pit.tmx) and pit.tmx in `folder`; returns the town's path."""
    folder.mkdir(parents=True, exist_ok=True)
    kit = ChainKit(folder)
    kit.pit()
    return kit.town()
