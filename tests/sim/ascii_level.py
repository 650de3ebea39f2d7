"""Tiny levels drawn as text, so each simulation test shows its whole world at a glance.

Legend: `#` rock, `=` one-way plank, `%` breakable debris, `.` air, `N` Naruto's spawn,
`E` exit (the cell), `m` injured miner, `h` healthy miner, `D` Natasha (last out),
`G` Goro (carrier), `^` crack zone cell (rocks fall from it); Boulder Town: `C` supply crate,
`P` camp cell, `g` guard (strength `guard_strength`), `M` Commander Morana, `f` townsperson.
Objects stand on the bottom of their cell.
"""

from __future__ import annotations

import numpy as np

from game.level.model import (
    CampSpec,
    CrackZoneSpec,
    CrateSpec,
    FolkSpec,
    GuardSpec,
    Level,
    MinerSpec,
    Rect,
)
from game.sim.constants import BREAKABLE, BURNABLE, ONE_WAY, SOLID

ROCK_GID, PLANK_GID, DEBRIS_GID, RUBBLE_GID = 1, 7, 5, 6
BARRICADE_GID = 8
TILES = {
    "#": (ROCK_GID, SOLID),
    "=": (PLANK_GID, ONE_WAY),
    "%": (DEBRIS_GID, SOLID | BREAKABLE),
    "b": (BARRICADE_GID, SOLID | BREAKABLE | BURNABLE),
}


def make_level(
    text: str,
    collapse_seconds: int = 240,
    seed: int = 1,
    crack_rate: int = 0,
    says: dict[str, str] | None = None,
    guard_strength: int = 3,
    **extra,
) -> Level:
    """`extra` passes Level fields straight through (chambers, braziers, triggers, chasms,
    intro, dark). `says` gives named miners their rescue line. Extra legend: `b` barricade
    (burnable wood), `c` miner in chamber "c" (injured), `k` healthy miner in chamber "c"."""
    rows = [line for line in text.strip("\n").splitlines()]
    height, width = len(rows), max(len(r) for r in rows)
    flags = np.zeros((height, width), dtype=np.uint8)
    terrain = np.zeros((height, width), dtype=np.int32)
    spawn = (8, 16)
    exits, miners, cracks = [], [], []
    crates, camps, guards, folk = [], [], [], []
    names = iter(["Ilya", "Tomas", "Petrov", "Dimitri", "Marek", "Ludo", "Oleg", "Sasha"])
    for r, line in enumerate(rows):
        for c, ch in enumerate(line.ljust(width, ".")):
            feet = (c * 16 + 8, r * 16 + 16)
            if ch in TILES:
                terrain[r, c], flags[r, c] = TILES[ch]
            elif ch == "N":
                spawn = feet
            elif ch == "E":
                exits.append(Rect(c * 16, r * 16, 16, 16))
            elif ch in "mh":
                name = next(names)
                line = (says or {}).get(name, "")
                miners.append(MinerSpec(len(miners) + 1, name, *feet, injured=ch == "m", says=line))
            elif ch in "ck":
                miners.append(
                    MinerSpec(len(miners) + 1, next(names), *feet, injured=ch == "c", chamber="c")
                )
            elif ch == "D":
                miners.append(MinerSpec(len(miners) + 1, "Natasha", *feet, last_out=True))
            elif ch == "G":
                miners.append(MinerSpec(len(miners) + 1, "Goro", *feet, carrier=True))
            elif ch == "C":
                crates.append(CrateSpec(200 + len(crates), "crate", *feet))
            elif ch == "P":
                camps.append(CampSpec(300 + len(camps), "camp", Rect(c * 16, r * 16, 16, 16)))
            elif ch in "gM":
                boss = ch == "M"
                line = "Morana: Fine. Go." if boss else ""
                spec = GuardSpec(400 + len(guards), "guard", *feet, guard_strength, boss, line)
                guards.append(spec)
            elif ch == "f":
                folk.append(FolkSpec(500 + len(folk), "folk", *feet, "oleg", "They came!"))
            elif ch == "^":
                cracks.append(
                    CrackZoneSpec(
                        100 + len(cracks), "crack", Rect(c * 16, r * 16, 16, 4), crack_rate
                    )
                )
    return Level(
        path="<ascii>",
        name="Test",
        width=width,
        height=height,
        tile_size=16,
        flags=flags,
        terrain=terrain,
        background=[],
        foreground=[],
        tiles={},
        tile_flags={RUBBLE_GID: SOLID | BREAKABLE},
        spawn=spawn,
        exits=exits,
        miners=miners,
        crack_zones=cracks,
        collapse_seconds=collapse_seconds,
        seed=seed,
        rubble_gid=RUBBLE_GID,
        seal_gid=ROCK_GID,
        crates=crates,
        camps=camps,
        guards=guards,
        townsfolk=folk,
        **extra,
    )
