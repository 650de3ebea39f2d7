"""A small level for speedrun tests: an intro line, three splits along a flat floor and a
fourth out of reach, and one healthy miner who walks out by himself, so a whole Any% run
takes about 500 ticks (the Great Mine's takes 2000) and a test stays fast."""

import dataclasses

from synthetic_level import make_level

from game.level.model import MinerSpec, Rect, SplitSpec
from game.tas import parse_input_script

SPLIT_NAMES = ("Gate", "Bend", "Ledge", "Far wall")
SPLIT_XS = (260, 360, 460, 1200)  # Naruto stops at about 520: the last is never reached
# Wait out the intro box, close it with a jump, run right past three splits, stop.
RUN = parse_input_script("0 -\n11 jump\n12 right\n150 -\n", "speedrun test run")
RUN_SPLIT_TICKS = [29, 72, 115]  # what RUN reaches, in in-game ticks
RUN_ANY_TICKS = 488  # the in-game time the miner is out


def make_speedrun_level(directory):
    floor = make_level(directory).spawn[1]
    splits = [
        SplitSpec(10 + i, name, Rect(x, floor - 64, 16, 64), i)
        for i, (name, x) in enumerate(zip(SPLIT_NAMES, SPLIT_XS, strict=True))
    ]
    level = make_level(directory, miners=[MinerSpec(1, "Ilya", 600, floor)])
    return dataclasses.replace(level, intro="Off we go, then.", quota=1, splits=splits)
