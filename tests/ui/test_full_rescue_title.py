"""The title lists a chain of maps (the Full Rescue) as an entry of its own, right after its
first map: it loads the stitched run, is remembered apart, starts as a chain, plays its own
demo, and a save of any map of the chain reloads the run being played."""

from pathlib import Path

import pygame
import pytest
from chain_kit import PIT_OBJECTS, TOWN_OBJECTS, ChainKit, write_chain
from fake_clock import FakeClock
from play_nav import QuietNav
from wide_kit import saved_later

from game.input import Action, MenuAction
from game.level.chain import load_run
from game.store import parse_settings
from game.ui.level_select import USER, MapList, find_maps
from game.ui.reload import MapWatcher, chain_files
from game.ui.title import ATTRACT_AFTER_TICKS, TitleScreen

CONFIRM = MenuAction(Action.CONFIRM, "keyboard")
DOWN = MenuAction(Action.DOWN, "keyboard")


class ChainNav(QuietNav):
    def __init__(self):
        super().__init__()
        self.played = []

    def play_map(self, path, level, chain=False):
        self.played.append((Path(path).name, level, chain))


@pytest.fixture
def folder(tmp_path) -> Path:
    write_chain(tmp_path / "maps")
    return tmp_path / "maps"


def test_the_chain_is_listed_right_after_its_first_map(folder):
    maps = MapList(find_maps(folder, None))
    listed = [(e.path.name, e.name, e.chain) for e in maps.entries]
    assert listed == [
        ("pit.tmx", "Pit", False),
        ("town.tmx", "Little Town", False),
        ("town.tmx", "Whole Run", True),
    ]
    while maps.load_next():
        pass
    chain = maps.entries[2]
    assert chain.level is not None and chain.level.name == "Whole Run"
    assert [Path(p).name for p in chain.level.chain_paths] == ["town.tmx", "pit.tmx"]
    assert len(maps.entries[1].level.chain_paths) == 1  # the town alone stays alone


def test_a_chain_without_a_chain_name_is_named_after_its_first_map(tmp_path):
    kit = ChainKit(tmp_path)
    kit.pit()
    properties = {"name": "Little Town", "collapse_seconds": 0, "next_map": "pit.tmx"}
    kit.write("town.tmx", objects=TOWN_OBJECTS, properties=properties)
    names = [e.name for e in find_maps(tmp_path, None)]
    assert names == ["Pit", "Little Town", "Little Town (full run)"]


def test_the_chain_entry_is_remembered_apart_and_starts_as_a_chain(folder, sprites):
    entries = find_maps(folder, None)
    for entry in entries:
        entry.kind = USER  # as if in the player's maps folder
    chain = entries[2]
    assert chain.key == "user:town.tmx:chain" and entries[1].key == "user:town.tmx"
    settings, problems = parse_settings({"last_map": chain.key})
    assert settings.last_map == chain.key and problems == []
    bad, problems = parse_settings({"last_map": "user:town.tmx:chain:chain"})
    assert bad.last_map == "" and problems
    nav = ChainNav()
    maps = MapList(entries, chain.key)
    assert maps.selected is chain
    title = TitleScreen(nav, None, sprites, maps=maps)
    title.on_action(CONFIRM)
    assert [(name, chain) for name, _, chain in nav.played] == [("town.tmx", True)]
    assert len(nav.played[0][1].chain_paths) == 2


def test_coming_back_from_the_chain_selects_the_chain(folder):
    maps = MapList(find_maps(folder, None))
    entry = maps.select_path(folder / "town.tmx", load_run(folder / "town.tmx"), chain=True)
    assert entry.chain and maps.index == 2
    assert not maps.select_path(folder / "town.tmx").chain and maps.index == 1


def test_the_chain_plays_its_own_demo_in_attract_mode(folder, sprites):
    (folder / "demos").mkdir()
    (folder / "demos" / "town.chain.inputs").write_text("0 right\n")
    nav = ChainNav()
    maps = MapList(find_maps(folder, None), "")
    maps.move(2)
    title = TitleScreen(nav, None, sprites, maps=maps)
    assert maps.selected.chain
    assert maps.selected.demo_path.name == "town.chain.inputs"
    for _ in range(ATTRACT_AFTER_TICKS + 240):
        title.tick()
    assert title.in_demo and title.demo_world.section == 1  # it crossed into the mine
    title.draw(pygame.Surface((640, 360)))


def test_a_chain_without_its_demo_has_no_attract_mode(folder, sprites):
    (folder / "demos").mkdir()
    (folder / "demos" / "town.inputs").write_text("0 right\n")  # the town alone's demo
    maps = MapList(find_maps(folder, None), "")
    maps.move(2)
    title = TitleScreen(ChainNav(), None, sprites, maps=maps)
    for _ in range(ATTRACT_AFTER_TICKS + 10):
        title.tick()
    assert not title.in_demo


def test_a_save_of_any_map_of_the_chain_reloads_the_run(folder):
    town = folder / "town.tmx"
    assert [p.name for p in chain_files(town)] == ["town.tmx", "pit.tmx"]
    clock = FakeClock()
    watcher = MapWatcher(town, clock, chain=True)
    kit = ChainKit(folder)
    saved_later(folder / "pit.tmx", lambda: kit.pit(collapse_seconds=90))
    clock.now += 0.25
    found = watcher.poll()
    assert found is not None and found.level is not None
    assert len(found.level.chain_paths) == 2 and found.level.collapse_seconds == 90
    alone = MapWatcher(town, clock)  # the town alone does not watch the mine
    assert [p.name for p in alone.signatures][:1] == ["town.tmx"]
    assert "pit.tmx" not in [p.name for p in alone.signatures]


def test_a_broken_save_of_the_second_map_shows_its_own_problems(folder):
    town = folder / "town.tmx"
    clock = FakeClock()
    watcher = MapWatcher(town, clock, chain=True)
    kit = ChainKit(folder)
    no_spawn = [o for o in PIT_OBJECTS if '"Spawn"' not in o]
    saved_later(folder / "pit.tmx", lambda: kit.pit(objects=no_spawn))
    clock.now += 0.25
    found = watcher.poll()
    assert found is not None and found.level is None
    assert any("pit.tmx" in line and "no Spawn" in line for line in found.errors)


def test_play_chain_on_the_command_line_plays_and_watches_the_whole_run(folder, monkeypatch):
    from game.__main__ import build_parser
    from game.app import App

    monkeypatch.setenv("GREAT_MINE_RESCUE_HOME", str(folder.parent / "home"))
    args = build_parser().parse_args(["play", str(folder / "town.tmx"), "--chain"])
    assert args.chain
    app = App(args.map, exit_after=3, clock=FakeClock(), chain=args.chain)
    app.open_window()
    try:
        assert len(app.level.chain_paths) == 2 and app.scene.level is app.level
        assert app.watcher is not None and app.watcher.chain
        assert "pit.tmx" in [p.name for p in app.watcher.signatures]
    finally:
        pygame.quit()
    alone = App(str(folder / "town.tmx"), exit_after=3, clock=FakeClock())
    assert len(alone.level.chain_paths) == 1
