"""The Full Rescue as a runner plays it: a chained run keeps its own personal best, ghost and
replays apart from its first map's, and practice works from every split of the whole run,
the town's as well as the mine's (this session's run or the PB's replay)."""

import pygame
import pytest
from chain_kit import RIGHT, SPLIT_NAMES, write_chain
from play_nav import Nav, play

import game.speedrun.session as session_module
from game.input import Action, MenuAction
from game.level.chain import load_run
from game.level.tiled import load_level
from game.speedrun.pbstore import PersonalBests
from game.speedrun.replay import read_replay
from game.speedrun.splits import Record
from game.ui.play import PRACTICE_PREPARING, PRACTICE_READY, PlayScene

PAUSE = MenuAction(Action.PAUSE, "keyboard")
RESTART = MenuAction(Action.RESTART, "keyboard")


@pytest.fixture
def town(tmp_path, monkeypatch):
    monkeypatch.setenv("GREAT_MINE_RESCUE_HOME", str(tmp_path))  # replays and ghosts go here
    monkeypatch.setattr(session_module, "_split_snapshots", {})
    monkeypatch.setattr(session_module, "_pb_snapshots", {})
    return write_chain(tmp_path / "maps")


def run_to_the_finish(tmp_path, level, sprites):
    nav = Nav(tmp_path)
    scene = PlayScene(nav, level, sprites)
    play(scene, nav, RIGHT, 500)
    assert nav.results is not None, "the chained run should finish"
    return nav, scene


def test_a_chained_run_keeps_its_own_records(tmp_path, town, sprites):
    chained = load_run(town)
    nav, scene = run_to_the_finish(tmp_path, chained, sprites)
    bests = PersonalBests(tmp_path / "pb.json")
    record = bests.get("town.chain", "any")
    assert len(record.pb_rows) == len(SPLIT_NAMES) + 1 and record.pb_rows[-1] is not None
    assert bests.get("town", "any") == Record()  # the town alone has no PB from it
    assert (tmp_path / "ghosts" / "town.chain_any.ghost").is_file()
    saved = sorted((tmp_path / "replays").glob("town.chain_any_*.gmr"))
    assert len(saved) == 1 and [m for m, _ in read_replay(saved[0]).chain] == ["town", "pit"]
    # The town alone, played after it, keeps to its own records.
    alone = PlayScene(Nav(tmp_path), load_level(town), sprites)
    assert alone.session.map_id == "town" and alone.session.ghost is None
    assert alone.session.practice_state(0, "any") != PRACTICE_READY


@pytest.mark.parametrize(("split", "section"), [(0, 0), (1, 1), (2, 1)])
def test_practice_from_any_split_of_this_sessions_run(tmp_path, town, sprites, split, section):
    chained = load_run(town)
    nav, scene = run_to_the_finish(tmp_path, chained, sprites)
    ticks = list(nav.results[0].split_ticks)
    scene = PlayScene(nav, chained, sprites)
    assert scene.start_practice(split)
    world = scene.world
    assert world.split_ticks == ticks[: split + 1] and world.game_ticks == ticks[split]
    assert world.section == section  # a mine split starts in the mine
    x = int(world.naruto.x) // 256
    rect = chained.sections[section].rect
    assert rect.x <= x < rect.x + rect.w
    scene.on_action(RESTART)  # R in practice: that split again
    assert scene.world.split_ticks == ticks[: split + 1]


def test_practice_from_the_pbs_replay_in_a_new_session(tmp_path, town, sprites, monkeypatch):
    chained = load_run(town)
    nav, _ = run_to_the_finish(tmp_path, chained, sprites)
    ticks = list(nav.results[0].split_ticks)
    monkeypatch.setattr(session_module, "_split_snapshots", {})  # a new session
    monkeypatch.setattr(session_module, "_pb_snapshots", {})
    chained = load_run(town)  # loaded again, as a new game would
    scene = PlayScene(Nav(tmp_path), chained, sprites)
    scene.on_action(PAUSE)
    canvas = pygame.Surface((640, 360))
    states = []
    for _ in range(300):
        scene.draw(canvas)
        states = [scene.practice_state(i) for i in range(len(chained.splits))]
        if PRACTICE_PREPARING not in states:
            break
    assert states == [PRACTICE_READY] * len(SPLIT_NAMES)
    for split in (0, 2):  # a town split and a mine split
        assert scene.start_practice(split)
        assert scene.world.split_ticks == ticks[: split + 1]
        assert scene.world.section == (0 if split == 0 else 1)


def test_ten_splits_show_in_the_panel_the_results_and_livesplit(tmp_path, sprites, monkeypatch):
    """A chain with five town splits, the crossing and four mine splits (the Full Rescue has
    ten): the splits panel, the pause menu's practice list, the results chart and LiveSplit
    take every one of them."""
    from chain_kit import PIT_OBJECTS, TOWN_OBJECTS, ChainKit, obj

    from game.speedrun.livesplit import SPLIT, LiveSplitBridge
    from game.ui.results import ResultsScreen

    monkeypatch.setenv("GREAT_MINE_RESCUE_HOME", str(tmp_path))
    monkeypatch.setattr(session_module, "_split_snapshots", {})
    monkeypatch.setattr(session_module, "_pb_snapshots", {})
    kit = ChainKit(tmp_path)

    def split(i, x, name):
        return obj(10 + i, "Split", x, 48, 16, 64, name=name, props={"order": i + 1})

    town_splits = [split(i, 60 + 70 * i, f"T{i}") for i in range(5)]
    pit_splits = [split(i, 60 + 30 * i, f"M{i}") for i in range(4)]
    plain_town = [o for o in TOWN_OBJECTS if '"Split"' not in o]
    plain_pit = [o for o in PIT_OBJECTS if '"Split"' not in o]
    kit.write("pit.tmx", objects=plain_pit + pit_splits, properties={"quota": 1, "seed": 3})
    town = kit.write(
        "town.tmx",
        objects=plain_town + town_splits,
        properties={"collapse_seconds": 0, "next_map": "pit.tmx", "chain_name": "Ten"},
    )
    level = load_run(town)
    assert len(level.splits) == 10
    nav, scene = run_to_the_finish(tmp_path, level, sprites)
    world, renderer, chart = nav.results
    assert len(world.split_ticks) == 10
    canvas = pygame.Surface((640, 360))
    rows = chart.comparison(world)
    assert len(rows) == 11  # ten splits and the finish
    ResultsScreen(nav, world, renderer, chart).draw(canvas)
    scene.on_action(PAUSE)
    scene.draw(canvas)  # the splits panel and the practice list of ten
    assert scene.start_practice(9)  # the tenth split: key 0
    assert scene.world.split_ticks == list(world.split_ticks)
    sent = []
    bridge = LiveSplitBridge(sent.append)
    bridge.observe(world, chart.final)
    assert sum(1 for event in sent if event.kind == SPLIT) == 11


def test_the_full_rescue_shows_its_intro_even_after_the_town_alone_showed_it(
    tmp_path, sprites, monkeypatch
):
    monkeypatch.setenv("GREAT_MINE_RESCUE_HOME", str(tmp_path))
    from pathlib import Path

    town = Path(__file__).resolve().parents[2] / "maps" / "boulder_town.tmx"
    nav = Nav(tmp_path)
    alone = PlayScene(nav, load_level(town), sprites)
    assert alone.world.dialogue  # the clinic's first line, the session's first start
    again = PlayScene(nav, load_level(town), sprites)
    assert not again.world.dialogue  # a later start of the same run skips it
    full = PlayScene(nav, load_run(town), sprites)
    assert full.world.dialogue, "another run: its opening is shown"
