"""The title's level select: the shipped maps and the player's own, named from the files,
chosen with up and down; a map that does not load is listed greyed and cannot be started."""

from pathlib import Path

import pygame
import pytest
from play_nav import QuietNav
from wide_kit import DEFAULT_PROPERTIES, MapKit, WideKit

from game import store
from game.input import Action, MenuAction
from game.level import tiled
from game.store import parse_settings, user_maps_dir
from game.ui import level_select
from game.ui.level_select import (
    GIVEN,
    ROW_H,
    SHIPPED,
    USER,
    MapList,
    draw_map_list,
    find_maps,
    read_map_name,
    visible_rows,
)
from game.ui.title import ATTRACT_AFTER_TICKS, LIST_ROWS, TitleScreen

SHIPPED_MAPS = Path(__file__).resolve().parents[2] / "maps"
DOWN, UP = MenuAction(Action.DOWN, "keyboard"), MenuAction(Action.UP, "keyboard")
CONFIRM = MenuAction(Action.CONFIRM, "keyboard")
PAD_DOWN = MenuAction(Action.DOWN, "gamepad")
NO_SPAWN = [o for o in MapKit.DEFAULT_OBJECTS if 'type="Spawn"' not in o]


class FakeNav(QuietNav):
    def __init__(self):
        super().__init__()
        self.played = []

    def play_map(self, path, level):
        self.played.append((Path(path), level))

    def start_play(self):
        self.played.append(("start_play", None))

    def update_settings(self, **changes):
        self.settings = self.settings.replace(**changes)

    def quit(self):
        pass


@pytest.fixture
def user_folder(tmp_path):
    """A player's maps folder: one good map with a demo, one that does not load."""
    folder = tmp_path / "my maps"
    folder.mkdir()
    kit = WideKit(folder)
    kit.write("cavern.tmx", properties={**DEFAULT_PROPERTIES, "name": "Goro's Cavern"})
    kit.write(
        "broken.tmx", objects=NO_SPAWN, properties={**DEFAULT_PROPERTIES, "name": "Half Done"}
    )
    (folder / "demos").mkdir()
    (folder / "demos" / "cavern.inputs").write_text("0 right\n30 -\n")
    (folder / "notes.txt").write_text("not a map")
    return folder


def names(maps: MapList) -> list[tuple[str, str]]:
    return [(entry.name, entry.kind) for entry in maps.entries]


def title_for(user_folder, nav=None, key="shipped:great_mine.tmx", sprites=None):
    maps = MapList(find_maps(SHIPPED_MAPS, user_folder), key, user_folder=user_folder)
    return TitleScreen(nav or FakeNav(), None, sprites, maps=maps), maps


# --- the list ---------------------------------------------------------------------------------
def test_the_list_holds_the_shipped_maps_then_the_players_own_by_their_names(user_folder):
    maps = MapList(find_maps(SHIPPED_MAPS, user_folder))
    assert names(maps) == [
        ("Boulder Town", SHIPPED),
        ("Full Rescue", SHIPPED),  # the chain that starts at Boulder Town: one run of two maps
        ("The Great Mine", SHIPPED),
        ("Tutorial", SHIPPED),
        ("Half Done", USER),
        ("Goro's Cavern", USER),
    ]
    assert not any(entry.tried for entry in maps.entries)  # names only: nothing loaded yet


def test_a_map_without_a_name_is_called_after_its_file(tmp_path):
    kit = WideKit(tmp_path)
    assert read_map_name(kit.write("old_north-drift.tmx")) == "Old North Drift"
    junk = tmp_path / "half_saved.tmx"
    junk.write_text("<map><properties><prop")
    assert read_map_name(junk) == "Half Saved"


def test_a_missing_or_unusable_user_folder_lists_just_the_shipped_maps(tmp_path):
    not_a_folder = tmp_path / "maps"
    not_a_folder.write_text("a file where the folder should be")
    for folder in (tmp_path / "nowhere", not_a_folder, None):
        assert [e.kind for e in find_maps(SHIPPED_MAPS, folder)] == [SHIPPED] * 4


def test_the_user_maps_folder_is_made_on_demand_under_the_home(tmp_path, monkeypatch):
    monkeypatch.setenv(store.HOME_ENV, str(tmp_path / "home"))
    folder = user_maps_dir()
    assert folder == tmp_path / "home" / "maps" and folder.is_dir()
    blocked = tmp_path / "blocked"
    blocked.write_text("a file: no folder can be made inside it")
    monkeypatch.setenv(store.HOME_ENV, str(blocked))
    assert user_maps_dir() == blocked / "maps"  # no exception; the list will just be shorter


def test_the_last_map_setting_is_checked_like_the_others():
    good, problems = parse_settings({"last_map": "user:cave.tmx"})
    assert good.last_map == "user:cave.tmx" and problems == []
    for bad in ("user:../../secret.tmx", "shipped:notes.txt", "elsewhere:cave.tmx", 7, None):
        settings, problems = parse_settings({"last_map": bad})
        assert settings.last_map == "" and len(problems) == 1 and "last_map" in problems[0]


def test_maps_load_one_per_tick_the_broken_one_with_the_checkers_first_line(user_folder):
    maps = MapList(find_maps(SHIPPED_MAPS, user_folder))
    loaded = 0
    while maps.load_next():
        loaded += 1
    assert loaded == 6
    broken = maps.entries[4]
    assert broken.broken and broken.level is None
    assert broken.error == "no Spawn object: add one point where Naruto starts"
    assert all(e.level is not None for i, e in enumerate(maps.entries) if i != 4)


def test_listing_every_map_loads_none_of_them(user_folder, monkeypatch):
    """Names only, so the title appears at once: the list is made without loading a level."""
    loads = []

    def no_loading(path):
        loads.append(path)
        raise AssertionError(f"listing the maps loaded {path}")

    monkeypatch.setattr(level_select, "load_level", no_loading)
    monkeypatch.setattr(tiled, "load_level", no_loading)
    maps = MapList(find_maps(SHIPPED_MAPS, user_folder), load=no_loading)
    assert len(maps.entries) == 6 and loads == []
    assert not any(entry.tried or entry.level for entry in maps.entries)
    assert maps.load_next() and len(loads) == 1  # loading is a later tick's, one map at a time


def test_a_map_from_the_command_line_joins_the_list_selected(tmp_path, user_folder):
    elsewhere = WideKit(tmp_path).write("side_tunnel.tmx")
    maps = MapList(find_maps(SHIPPED_MAPS, user_folder))
    entry = maps.select_path(elsewhere)
    assert maps.selected is entry and entry.kind == GIVEN and entry.name == "Side Tunnel"
    assert maps.select_path(user_folder / "cavern.tmx").kind == USER  # no duplicate for it
    assert len(maps.entries) == 7


# --- the title --------------------------------------------------------------------------------
def test_down_and_enter_play_the_chosen_map_and_remember_it(user_folder, sprites):
    nav = FakeNav()
    title, maps = title_for(user_folder, nav, sprites=sprites)
    assert maps.selected.name == "The Great Mine"
    title.on_action(DOWN)
    title.on_action(PAD_DOWN)  # the d-pad too
    title.on_action(DOWN)
    title.on_action(DOWN)  # past the last map: onto the menu below it (Quit)
    assert maps.selected.name == "Goro's Cavern" and title.menu_row == 0
    title.on_action(UP)  # and back onto the map
    assert maps.selected.name == "Goro's Cavern" and title.menu_row is None
    assert title.level is maps.selected.level  # the backdrop follows
    title.on_action(CONFIRM)
    ((path, level),) = nav.played
    assert path == user_folder / "cavern.tmx" and level.name == "Goro's Cavern"
    assert nav.settings.last_map == "user:cavern.tmx"
    again, maps = title_for(user_folder, nav, key=nav.settings.last_map, sprites=sprites)
    assert maps.selected.name == "Goro's Cavern"


def test_a_broken_map_is_greyed_and_refused_with_a_notice(user_folder, sprites):
    nav = FakeNav()
    title, maps = title_for(user_folder, nav, sprites=sprites)
    for _ in range(2):
        title.on_action(DOWN)
    assert maps.selected.name == "Half Done" and maps.selected.broken
    title.on_action(CONFIRM)
    assert nav.played == [] and "does not load" in title.notice
    assert nav.settings.last_map == ""  # a map that never started is not remembered
    canvas = pygame.Surface((640, 360))
    title.draw(canvas)  # the list with the greyed row and the notice draws without trouble
    title.on_action(UP)
    assert title.notice_ticks == 0  # moving on clears the notice


def test_a_fixed_map_starts_without_leaving_the_title(user_folder, sprites):
    nav = FakeNav()
    title, maps = title_for(user_folder, nav, sprites=sprites)
    title.on_action(DOWN)
    title.on_action(DOWN)
    title.on_action(CONFIRM)
    assert nav.played == []
    WideKit(user_folder).write("broken.tmx", properties={**DEFAULT_PROPERTIES, "name": "Half Done"})
    title.on_action(CONFIRM)  # the player fixed it in Tiled meanwhile
    assert [p.name for p, _ in nav.played] == ["broken.tmx"]


def test_the_demo_follows_the_selected_map_and_a_map_without_one_has_none(user_folder, sprites):
    title, maps = title_for(user_folder, sprites=sprites)
    title.on_action(DOWN)  # the tutorial, which ships with a demo
    assert title.demo_script is not None and title.level.name == "Tutorial"
    for _ in range(ATTRACT_AFTER_TICKS):
        title.tick()
    assert title.in_demo and title.demo_world.level is title.level
    title.on_activity()  # a key stops the demo first
    title.on_action(DOWN)
    title.on_action(DOWN)
    assert maps.selected.name == "Goro's Cavern" and title.demo_script is not None  # its demos/
    (user_folder / "demos" / "cavern.inputs").unlink()
    title.on_action(UP)
    title.on_action(DOWN)
    assert title.demo_script is None
    for _ in range(ATTRACT_AFTER_TICKS + 5):
        title.tick()
    assert not title.in_demo  # the backdrop alone


def test_a_long_list_scrolls_and_stays_clear_of_the_prompt_and_controls(user_folder, sprites):
    kit = WideKit(user_folder)
    for i in range(12):
        kit.write(f"drift_{i:02d}.tmx")
    title, maps = title_for(user_folder, sprites=sprites)
    for _ in range(len(maps.entries)):
        title.on_action(DOWN)
    assert maps.selected.name == "Drift 11"  # the last one
    canvas = pygame.Surface((640, 360))
    area = draw_map_list(canvas, maps, 94, LIST_ROWS)
    assert area.height <= LIST_ROWS * ROW_H + 6  # seven rows shown, not sixteen
    assert area.bottom + 10 + 42 + 9 < canvas.get_height() - 44  # prompt, category, folder lines
    first, last = visible_rows(maps, LIST_ROWS)
    assert last - first == LIST_ROWS and first <= maps.index < last  # the selection is shown


def test_a_remembered_map_that_broke_since_opens_the_title_on_a_plain_backdrop(
    user_folder, sprites
):
    title, maps = title_for(user_folder, key="user:broken.tmx", sprites=sprites)
    assert maps.selected.name == "Half Done" and maps.selected.broken
    assert title.level is None and title.demo_script is None
    canvas = pygame.Surface((640, 360))
    for _ in range(ATTRACT_AFTER_TICKS + 5):
        title.tick()
    title.draw(canvas)
    assert not title.in_demo
    assert canvas.get_at((2, 180))[:3] == (18, 14, 16)  # the plain dark backdrop
    title.on_action(UP)
    assert title.level is maps.selected.level and maps.selected.name == "Tutorial"


def test_a_packed_map_copied_in_as_its_folder_is_listed_and_plays(user_folder):
    from game.level.pack import pack_map

    pack_map(str(SHIPPED_MAPS / "tutorial.tmx"), str(user_folder / "my_first_cave"))
    maps = MapList(find_maps(SHIPPED_MAPS, user_folder))
    user = [(e.name, e.path.relative_to(user_folder).as_posix()) for e in maps.entries[4:]]
    assert user == [
        ("Half Done", "broken.tmx"),
        ("Goro's Cavern", "cavern.tmx"),
        ("Tutorial", "my_first_cave/tutorial.tmx"),
    ]
    packed = maps.ensure_loaded(maps.entries[-1])
    assert packed.kind == USER and packed.level is not None and not packed.error
    assert packed.demo_path == user_folder / "my_first_cave" / "demos" / "tutorial.inputs"


def test_maps_deeper_than_one_folder_or_in_hidden_folders_are_not_listed(user_folder, monkeypatch):
    for folder, name in [("a/b", "deep"), (".trash", "old"), ("pack0", "cave0"), ("pack1", "c1")]:
        (user_folder / folder).mkdir(parents=True)
        WideKit(user_folder / folder).write(f"{name}.tmx")
    monkeypatch.setattr(level_select, "USER_SUBFOLDERS", 3)  # "a", "demos", "pack0" by name
    entries = find_maps(SHIPPED_MAPS, user_folder)[4:]
    listed = [e.path.relative_to(user_folder).as_posix() for e in entries]
    assert listed == ["broken.tmx", "cavern.tmx", "pack0/cave0.tmx"]
