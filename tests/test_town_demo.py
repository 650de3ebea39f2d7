"""The shipped Boulder Town demos prove the town and the Full Rescue can be cleared: every
supply crate delivered, every guard walked aside, and (the Full Rescue) every miner out."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from game.level.chain import load_run
from game.level.tiled import load_level
from game.sim import events
from game.sim.world import World
from game.tas import load_input_script

pytestmark = pytest.mark.slow  # plays whole demos

ROOT = Path(__file__).resolve().parent.parent
TOWN = ROOT / "maps" / "boulder_town.tmx"
DEMOS = ROOT / "maps" / "demos"
TILED = shutil.which("tiled")

# (ticks, state hash) each demo ends on; a change here is a change of the simulation.
TOWN_DEMO = (2981, "474dab82c98603e1469ff87ef00c3c66")
FULL_RESCUE_DEMO = (6588, "2ee7f3a8202dc6d8e733f0061c940d65")


def play(level, script_name: str, limit: int = 60 * 60 * 10):
    script = load_input_script(DEMOS / script_name)
    world = World(level)
    seen: dict[str, list[int]] = {}
    while not world.finished and world.tick < limit:
        world.step(script.mask(world.tick))
        for kind, _, _ in world.events:
            seen.setdefault(kind, []).append(world.tick)
    return world, seen


def test_the_town_demo_delivers_every_crate_and_passes_the_line():
    level = load_level(TOWN)
    world, seen = play(level, "boulder_town.inputs")
    assert world.finished and world.result == "rescued"
    assert world.total_crates == 5 and world.crates_delivered == 5
    assert len(level.guards) == 5 and world.guards.aside.all()
    assert world.clones.count >= 300, "the Multi Shadow Clone poured out hundreds"
    crowd = [i for i, folk in enumerate(level.townsfolk) if folk.look != "vache"]
    assert "oleg" in {level.townsfolk[i].look for i in crowd}
    assert all(world.folk_cheer_tick[i] >= 0 for i in crowd), "the crowd cheered the clones"
    assert len(seen[events.CHEER]) == len(crowd)
    assert len(world.split_ticks) == len(level.splits)
    assert (world.tick, world.state_hash()) == TOWN_DEMO


def test_the_full_rescue_demo_gets_every_crate_and_every_miner_out():
    level = load_run(TOWN)
    world, seen = play(level, "boulder_town.chain.inputs")
    assert [s.name for s in level.sections] == ["Boulder Town", "The Great Mine"]
    assert world.finished and world.result == "rescued"
    assert world.crates_delivered == world.total_crates == 5
    assert world.rescued == world.total_miners >= 8 and world.lost == 0
    (crossing,) = seen[events.PASSAGE]
    assert world.section == 1
    # the crossing was a split, and the clones went in with him
    assert len(world.split_ticks) > level.sections[1].first_split
    assert (world.tick, world.state_hash()) == FULL_RESCUE_DEMO


@pytest.mark.skipif(TILED is None, reason="the Tiled editor is not installed (apt install tiled)")
def test_tiled_resaving_the_town_keeps_the_demo_state_hash(tmp_path):
    # Tiled 1.8.2 opens and re-saves the map; beside copies of the assets it needs, the
    # re-saved town plays the demo to the same tick and state hash.
    maps = tmp_path / "maps"
    shutil.copytree(ROOT / "maps" / "templates", maps / "templates")
    shutil.copytree(ROOT / "assets", tmp_path / "assets")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_RUNTIME_DIR": str(tmp_path)}
    resaved = maps / "boulder_town.tmx"
    subprocess.run(
        [TILED, "--export-map", str(TOWN), str(resaved)],
        check=True,
        capture_output=True,
        timeout=120,
        env=env,
    )
    world, _ = play(load_level(resaved), "boulder_town.inputs")
    assert (world.tick, world.state_hash()) == TOWN_DEMO
