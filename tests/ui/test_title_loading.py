"""No map in the player's folder can stop or freeze the title: the maps load on a background
thread while the title keeps ticking and drawing, a slow one says "still loading...", and
files that are not maps at all (a FIFO, /dev/zero, an unknown encoding) are listed, never
read in a way that can block, and refused with one line.

Nothing here measures time: a load is held on a threading.Event, the budget is read from a
fake clock, and waiting for the worker is always bounded."""

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pygame
import pytest
from fake_clock import FakeClock
from play_nav import QuietNav
from wide_kit import DEFAULT_PROPERTIES, WideKit

import game.app as app_module
from game.app import App
from game.input import Action, MenuAction
from game.level.tiled import load_level
from game.ui import level_select
from game.ui.level_select import (
    LOADING_MARK,
    NAME_READ_LIMIT,
    SHIPPED,
    USER,
    MapList,
    _mark,
    find_maps,
    read_map_name,
)
from game.ui.title import TitleScreen

SHIPPED_MAPS = Path(__file__).resolve().parents[2] / "maps"
DOWN, UP = MenuAction(Action.DOWN, "keyboard"), MenuAction(Action.UP, "keyboard")
CONFIRM = MenuAction(Action.CONFIRM, "keyboard")
BOUND = 10.0  # seconds: the most any wait for the worker may take before the test fails
NOPE = '<?xml version="1.0" encoding="x-nope"?>\n<map><properties/></map>\n'
needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
needs_dev_zero = pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero")


class FakeNav(QuietNav):
    def __init__(self):
        super().__init__()
        self.played = []

    def play_map(self, path, level):
        self.played.append((Path(path), level))

    def update_settings(self, **changes):
        self.settings = self.settings.replace(**changes)

    def quit(self):
        pass


class HeldLoader:
    """The game's loader, except that `held` (a file name) waits for `release()`."""

    def __init__(self, held: str):
        self.held = held
        self.gate = threading.Event()
        self.started = threading.Event()
        self.loaded: list[str] = []

    def __call__(self, path: str):
        if Path(path).name == self.held:
            self.started.set()
            assert self.gate.wait(timeout=60), "the test never released the held map"
        self.loaded.append(Path(path).name)
        return load_level(path)

    def release(self):
        self.gate.set()


@pytest.fixture
def user_folder(tmp_path):
    folder = tmp_path / "maps"
    folder.mkdir()
    kit = WideKit(folder)
    kit.write("cavern.tmx", properties={**DEFAULT_PROPERTIES, "name": "Goro's Cavern"})
    kit.write("slow.tmx", properties={**DEFAULT_PROPERTIES, "name": "Deep Shaft"})
    return folder


def until(condition, step=lambda: None) -> bool:
    """Call `step` until `condition()` holds, for at most BOUND seconds."""
    deadline = time.monotonic() + BOUND
    while not condition():
        if time.monotonic() > deadline:
            return False
        step()
        time.sleep(0.001)
    return True


def finishes(function, *args):
    """`function(*args)` run on a daemon thread: its result, or a failure (not a hang) when
    it does not return within BOUND seconds, e.g. blocked opening a FIFO."""
    result = []
    thread = threading.Thread(target=lambda: result.append(function(*args)), daemon=True)
    thread.start()
    thread.join(timeout=BOUND)
    assert not thread.is_alive(), f"{function.__name__}{args} did not return"
    return result[0]


def entry_named(maps: MapList, file_name: str):
    return next(e for e in maps.entries if e.path.name == file_name)


def background_title(user_folder, load, key="user:slow.tmx", sprites=None, clock=None):
    maps = MapList(
        find_maps(SHIPPED_MAPS, user_folder),
        key,
        load,
        user_folder=user_folder,
        background=True,
        budget=5.0,
        clock=clock or FakeClock(),
    )
    nav = FakeNav()
    return TitleScreen(nav, None, sprites, maps=maps), maps, nav


# --- a slow map ---------------------------------------------------------------------------------
def test_the_title_ticks_and_draws_while_a_map_loads_then_the_map_becomes_playable(
    user_folder, sprites
):
    load, clock = HeldLoader("slow.tmx"), FakeClock()
    title, maps, nav = background_title(user_folder, load, sprites=sprites, clock=clock)
    try:
        slow = maps.selected
        assert slow.path.name == "slow.tmx" and not slow.tried  # the title is up regardless
        assert load.started.wait(timeout=BOUND)  # the worker took the selected map first
        canvas = pygame.Surface((640, 360))
        for _ in range(30):  # a held load holds up no tick and no frame
            title.tick()
            title.draw(canvas)
        assert not slow.tried and not slow.slow  # under the budget: nothing to say yet
        clock.now += 5.0
        title.tick()
        assert slow.slow and _mark(slow) == LOADING_MARK
        title.draw(canvas)
        title.on_action(CONFIRM)  # waits a frame at most, then waits for the map instead
        assert nav.played == [] and title.waiting_for is slow
        title.draw(canvas)
        assert load.loaded == []  # one map at a time: the others wait behind it
        load.release()
        assert until(lambda: nav.played, title.tick)  # it starts as soon as it has loaded
        ((path, level),) = nav.played
        assert path == user_folder / "slow.tmx" and level.name == "Deep Shaft"
        assert slow.level is level and not slow.slow
        assert nav.settings.last_map == "user:slow.tmx"
    finally:
        load.release()
        maps.close()


def test_choosing_another_map_stops_waiting_for_the_slow_one(user_folder, sprites):
    load = HeldLoader("slow.tmx")
    title, maps, nav = background_title(user_folder, load, sprites=sprites)
    try:
        assert load.started.wait(timeout=BOUND)
        title.on_action(CONFIRM)
        assert title.waiting_for is maps.selected
        title.on_action(UP)  # Goro's Cavern, listed just above
        assert title.waiting_for is None and maps.selected.name == "Goro's Cavern"
        load.release()
        slow = entry_named(maps, "slow.tmx")
        assert until(lambda: slow.tried, title.tick)
        assert nav.played == []  # nobody asked for it any more
        cavern = maps.selected
        assert until(lambda: cavern.tried, title.tick)
        assert title.level is cavern.level  # the backdrop followed once it was there
        title.on_action(CONFIRM)
        assert [p.name for p, _ in nav.played] == ["cavern.tmx"]
    finally:
        load.release()
        maps.close()


def test_a_shipped_map_loads_on_the_spot_while_the_worker_is_busy(user_folder, sprites):
    load = HeldLoader("slow.tmx")
    title, maps, nav = background_title(user_folder, load, sprites=sprites)
    try:
        assert load.started.wait(timeout=BOUND)
        for _ in range(10):
            if maps.selected.name == "The Great Mine":
                break
            title.on_action(UP)
        assert maps.selected.kind == SHIPPED and maps.selected.name == "The Great Mine"
        assert title.level is maps.selected.level  # its backdrop at once
        title.on_action(CONFIRM)
        assert [p.name for p, _ in nav.played] == ["great_mine.tmx"]
    finally:
        load.release()
        maps.close()


def test_an_unchanged_broken_map_is_refused_at_once_and_a_saved_one_is_looked_at_again(
    tmp_path, sprites
):
    folder = tmp_path / "maps"
    folder.mkdir()
    (folder / "nope.tmx").write_text(NOPE)
    loads = []

    def load(path):
        loads.append(Path(path).name)
        return load_level(path)

    title, maps, nav = background_title(folder, load, key="user:nope.tmx", sprites=sprites)
    try:
        nope = maps.selected
        assert until(lambda: nope.tried, title.tick)
        assert nope.broken and "x-nope" in nope.error
        assert loads.count("nope.tmx") == 1
        title.on_action(CONFIRM)
        assert "does not load" in title.notice
        assert loads.count("nope.tmx") == 1  # nothing changed since: not loaded again
        WideKit(folder).write("nope.tmx", properties={**DEFAULT_PROPERTIES, "name": "Fixed"})
        title.on_action(CONFIRM)
        assert until(lambda: nav.played, title.tick)
        assert [p.name for p, _ in nav.played] == ["nope.tmx"] and nav.played[0][1].name == "Fixed"
        assert loads.count("nope.tmx") == 2
    finally:
        maps.close()


# --- files that are not maps ------------------------------------------------------------------
def test_a_map_in_an_unknown_encoding_is_named_after_its_file(tmp_path):
    path = tmp_path / "odd_one.tmx"
    path.write_text(NOPE)
    assert read_map_name(path) == "Odd One"


def test_a_map_too_big_to_read_for_its_name_is_named_after_its_file(tmp_path):
    path = tmp_path / "huge_cave.tmx"
    with path.open("wb") as out:
        out.write(b'<map><properties><property name="name" value="Huge"/></properties>')
        out.truncate(NAME_READ_LIMIT + 1)  # sparse: never more than the limit is read
    assert read_map_name(path) == "Huge Cave"  # its name comes with the level, when it loads
    assert read_map_name(tmp_path / "gone.tmx") == "Gone"
    assert read_map_name(tmp_path) == tmp_path.name.replace("_", " ").title()  # a folder


@needs_fifo
def test_a_fifo_named_like_a_map_is_listed_greyed_and_never_opened(tmp_path, sprites):
    folder = tmp_path / "maps"
    folder.mkdir()
    os.mkfifo(folder / "pipe_dream.tmx")
    assert finishes(read_map_name, folder / "pipe_dream.tmx") == "Pipe Dream"
    entries = finishes(find_maps, SHIPPED_MAPS, folder)
    pipe = entries[-1]
    assert (pipe.name, pipe.kind) == ("Pipe Dream", USER)
    assert pipe.broken and pipe.error == "is a named pipe (FIFO), not a map"
    loads = []

    def load(path):
        loads.append(path)
        return load_level(path)

    maps = MapList(entries, "user:pipe_dream.tmx", load, background=True)
    nav = FakeNav()
    title = TitleScreen(nav, None, sprites, maps=maps)
    try:
        title.on_action(CONFIRM)  # looked at again: still a FIFO, refused
        assert nav.played == [] and "does not load" in title.notice
        assert pipe.error == "is a named pipe (FIFO), not a map"
        assert all(not p.endswith("pipe_dream.tmx") for p in loads)  # never handed to a loader
    finally:
        maps.close()


@needs_dev_zero
def test_dev_zero_linked_as_a_map_is_listed_greyed_and_never_read(tmp_path):
    folder = tmp_path / "maps"
    folder.mkdir()
    (folder / "zero.tmx").symlink_to("/dev/zero")
    (folder / "sub.tmx").mkdir()  # a folder named like a map is no map: left out
    assert finishes(read_map_name, folder / "zero.tmx") == "Zero"
    (zero,) = [e for e in finishes(find_maps, SHIPPED_MAPS, folder) if e.kind != "shipped"]
    assert zero.name == "Zero" and zero.broken and zero.error == "is a device, not a map"
    maps = MapList([zero], load=lambda path: pytest.fail(f"{path} was handed to the loader"))
    assert not maps.retry(zero)  # looked at again: still a device, refused from its status
    assert not maps.load_next()  # nothing left to hand to the loader
    assert zero.broken and zero.error == "is a device, not a map"


@needs_fifo
@needs_dev_zero
def test_the_game_starts_on_its_title_whatever_the_maps_folder_holds(tmp_path, monkeypatch):
    home = tmp_path / "home"
    monkeypatch.setenv("GREAT_MINE_RESCUE_HOME", str(home))
    folder = home / "maps"
    folder.mkdir(parents=True)
    os.mkfifo(folder / "a_pipe.tmx")
    (folder / "b_zero.tmx").symlink_to("/dev/zero")
    (folder / "c_nope.tmx").write_text(NOPE)
    WideKit(folder).write("d_cavern.tmx", properties={**DEFAULT_PROPERTIES, "name": "Cavern"})
    app = App(None, clock=FakeClock())
    app.open_window()
    try:
        maps = app.scene.maps
        assert maps.background  # the game's list loads behind the title
        assert [e.name for e in maps.entries] == [
            "Boulder Town",
            "Full Rescue",
            "The Great Mine",
            "Tutorial",
            "A Pipe",
            "B Zero",
            "C Nope",
            "Cavern",
        ]
        nope = entry_named(maps, "c_nope.tmx")
        assert until(lambda: nope.tried, maps.poll)
        assert [e.error for e in maps.entries[4:7]] == [
            "is a named pipe (FIFO), not a map",
            "is a device, not a map",
            nope.error,
        ]
        assert "x-nope" in nope.error
        for name in ("A Pipe", "B Zero", "C Nope"):  # Enter on each: refused, on goes the title
            while maps.selected.name != name:
                app.scene.on_action(DOWN)
            app.scene.on_action(CONFIRM)
            assert app.scene.maps is maps and app.scene.notice.startswith(f"{name} does not load")
            app.step_frame()
    finally:
        app.scene.maps.close()
        pygame.quit()


# --- shutting down ------------------------------------------------------------------------------
def test_closing_mid_load_drops_the_result_and_the_worker_is_a_daemon(user_folder):
    load = HeldLoader("slow.tmx")
    maps = MapList(find_maps(SHIPPED_MAPS, user_folder), "user:slow.tmx", load, background=True)
    maps.start()
    assert load.started.wait(timeout=BOUND)
    worker = maps._worker
    assert worker.daemon and maps.loading(maps.selected)
    maps.close()
    load.release()
    worker.join(timeout=BOUND)
    assert not worker.is_alive()
    assert maps.poll() == [] and not maps.selected.tried  # nothing handed over after close
    assert load.loaded == ["slow.tmx"]  # and no further map was taken


def test_quitting_the_app_mid_load_stops_cleanly(player_home_with_a_held_map):
    folder, load = player_home_with_a_held_map
    app = App(None, clock=FakeClock())
    app.exit_after = 3  # quit after three frames, without the capture run's lockstep
    step_frame = app.step_frame

    def step_once_the_held_map_is_loading():
        assert load.started.wait(timeout=BOUND)
        return step_frame()

    app.step_frame = step_once_the_held_map_is_loading
    assert app.run() == 0  # the window closed while the worker was still loading
    assert load.loaded.count("slow.tmx") == 0
    maps = app.scene.maps
    assert maps.background and maps._stop.is_set()
    worker = maps._worker
    load.release()
    worker.join(timeout=BOUND)
    assert not worker.is_alive()


@pytest.fixture
def player_home_with_a_held_map(tmp_path, monkeypatch):
    home = tmp_path / "home"
    monkeypatch.setenv("GREAT_MINE_RESCUE_HOME", str(home))
    folder = home / "maps"
    folder.mkdir(parents=True)
    WideKit(folder).write("slow.tmx")
    load = HeldLoader("slow.tmx")
    monkeypatch.setattr(app_module, "load_level", load)
    yield folder, load
    load.release()


def test_a_map_still_loading_never_keeps_the_process_alive(tmp_path):
    program = (
        "import threading\n"
        "from pathlib import Path\n"
        "from game.ui.level_select import MapEntry, MapList, USER\n"
        "started = threading.Event()\n"
        "def load(path):\n"
        "    started.set()\n"
        "    threading.Event().wait()  # a load that never ends\n"
        f"maps = MapList([MapEntry(Path({str(tmp_path / 'x.tmx')!r}), USER, 'X')], "
        "load=load, background=True)\n"
        "maps.start()\n"
        "assert started.wait(timeout=30)\n"
        "print('exiting mid-load')\n"
    )
    root = str(Path(__file__).resolve().parents[2])
    env = {**os.environ, "PYTHONPATH": root, "PYGAME_HIDE_SUPPORT_PROMPT": "1"}
    done = subprocess.run(
        [sys.executable, "-c", program], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "exiting mid-load" and done.stderr == ""


def test_the_synchronous_list_has_no_worker(user_folder):
    maps = MapList(find_maps(SHIPPED_MAPS, user_folder))
    maps.start()
    assert maps._worker is None and not maps.background
    assert maps.budget == level_select.LOAD_BUDGET_SECONDS
