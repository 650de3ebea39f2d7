"""The shipped demo is the proof that the Great Mine can be fully cleared."""

from pathlib import Path

from game.headless import run_script
from game.level.tiled import load_level
from game.tas import load_input_script

ROOT = Path(__file__).resolve().parent.parent


def test_the_demo_rescues_every_miner_of_the_great_mine():
    level = load_level(ROOT / "maps" / "great_mine.tmx")
    script = load_input_script(ROOT / "maps" / "demos" / "great_mine.inputs")
    world = run_script(level, script, 60 * 60 * 10)
    assert len(level.miners) >= 8
    assert {"Natasha", "Goro"} <= {m.name for m in level.miners}
    assert world.finished and world.result == "rescued"
    assert world.rescued == len(level.miners)
    assert world.lost == 0
