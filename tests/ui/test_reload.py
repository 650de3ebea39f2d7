"""Play and reload: a saved map restarts the level within a second; a broken save shows the
checker's lines on screen and the old level keeps running until the next good save."""

import pygame
import pytest
from fake_clock import FakeClock
from wide_kit import DEFAULT_PROPERTIES, MapKit, WideKit, obj, saved_later

from game.app import App
from game.ui.reload import MapWatcher, draw_reload_error, watched_files


@pytest.fixture
def kit(tmp_path):
    return WideKit(tmp_path)


def test_the_watcher_sees_the_map_and_its_external_tileset(kit):
    tileset = kit.external_tileset()
    path = kit.write(tileset=tileset)
    files = [f.name for f in watched_files(path)]
    assert files[:1] == ["cavern.tmx"]
    assert "mine.tsx" in files and "mine.png" in files


def test_the_watcher_polls_about_four_times_a_second(kit):
    path = kit.write()
    clock = FakeClock()
    watcher = MapWatcher(path, clock)
    saved_later(path, lambda: kit.write(properties={"collapse_seconds": 90, "seed": 1}))
    assert watcher.poll() is None  # not yet time to look
    clock.now += 0.25
    found = watcher.poll()
    assert found is not None and found.level is not None
    assert found.level.collapse_seconds == 90
    clock.now += 0.25
    assert watcher.poll() is None  # nothing new saved since


def test_the_error_box_shows_each_line_wrapped_inside_the_canvas():
    canvas = pygame.Surface((640, 360))
    canvas.fill((0, 0, 0))
    long = "/home/designer/maps/cavern.tmx: object 3 (Goro): " + "very long message " * 12
    box = draw_reload_error(canvas, (long, "cavern.tmx: the map has no Spawn"))
    assert canvas.get_rect().contains(box)
    assert box.height > 4 * 12  # title, the long line on several rows, the second line
    assert canvas.get_at(box.center)[:3] != (0, 0, 0)


class TestPlayingWhileSaving:
    @pytest.fixture
    def played(self, kit):
        path = kit.write()
        clock = FakeClock()
        app = App(str(path), clock=clock)
        app.open_window()
        yield app, clock, path
        pygame.quit()

    @staticmethod
    def run_for(app, clock, seconds: float) -> int:
        ran = 0
        for _ in range(round(seconds * 60)):
            clock.now += 1 / 60
            ran += app.step_frame()
        return ran

    def test_saving_the_map_restarts_the_level_within_a_second(self, played, kit):
        app, clock, path = played
        self.run_for(app, clock, 0.5)
        old_world = app.scene.world
        assert old_world.tick > 0
        moved = list(MapKit.DEFAULT_OBJECTS)
        moved[0] = obj(1, "Spawn", 56, 112)  # the designer moves the spawn
        saved_later(path, lambda: kit.write(objects=moved))
        self.run_for(app, clock, 1.0)
        assert app.scene.world is not old_world
        assert app.level.spawn[0] == 56
        assert app.scene.world.tick < 60  # restarted, not carried on
        assert not app.reload_errors

    def test_saving_the_tileset_reloads_too(self, kit):
        path = kit.write(tileset=kit.external_tileset())
        clock = FakeClock()
        app = App(str(path), clock=clock)
        app.open_window()
        try:
            before = app.level
            tsx = kit.folder / "mine.tsx"
            saved_later(tsx, lambda: tsx.write_text(tsx.read_text().replace("one_way", "solid")))
            self.run_for(app, clock, 1.0)
            assert app.level is not before
        finally:
            pygame.quit()

    def test_a_broken_save_shows_the_checker_and_the_game_keeps_running(self, played, kit):
        app, clock, path = played
        self.run_for(app, clock, 0.2)
        world = app.scene.world
        broken = [o for o in MapKit.DEFAULT_OBJECTS if 'type="Spawn"' not in o]
        broken.append(obj(20, "Minre", 40, 112))  # misspelt class
        saved_later(path, lambda: kit.write(objects=broken))
        ticks = self.run_for(app, clock, 1.0)
        assert ticks == 60 and app.scene.world is world  # the old level still plays
        text = "\n".join(app.reload_errors)
        assert "Spawn" in text and "Minre" in text  # every checker line, not just the first
        assert all(line.startswith(str(path)) for line in app.reload_errors)

        # The box is on screen: the canvas differs from the same frame drawn without it.
        with_box = app.canvas.copy()
        errors, app.reload_errors = app.reload_errors, ()
        app.draw()
        assert pygame.image.tobytes(with_box, "RGB") != pygame.image.tobytes(app.canvas, "RGB")
        app.reload_errors = errors

        saved_later(path, lambda: kit.write())  # the designer fixes it
        self.run_for(app, clock, 1.0)
        assert not app.reload_errors
        assert app.scene.world is not world

    def test_a_half_written_file_is_an_error_until_the_save_completes(self, played, kit):
        app, clock, path = played
        text = path.read_text()
        saved_later(path, lambda: path.write_text(text[: len(text) // 2]))
        self.run_for(app, clock, 0.5)
        assert app.reload_errors
        saved_later(path, lambda: path.write_text(text))
        self.run_for(app, clock, 0.5)
        assert not app.reload_errors


def test_a_map_chosen_on_the_title_reloads_when_saved_and_the_title_watches_nothing(
    tmp_path, monkeypatch
):
    home = tmp_path / "home"
    monkeypatch.setenv("GREAT_MINE_RESCUE_HOME", str(home))
    (home / "maps").mkdir(parents=True)
    kit = WideKit(home / "maps")
    path = kit.write(properties={**DEFAULT_PROPERTIES, "name": "Designer's Cavern"})
    clock = FakeClock()
    app = App(None, clock=clock)
    app.open_window()
    try:
        maps = app.scene.maps
        while maps.selected.name != "Designer's Cavern":
            assert maps.move(1), "the user's map is not in the list"
        if not maps.selected.tried:  # the title's loader thread, on a busy machine
            assert maps.wait(maps.selected, timeout=30)
        app.scene.play_selected()
        TestPlayingWhileSaving.run_for(app, clock, 0.5)
        old_world = app.scene.world
        moved = list(MapKit.DEFAULT_OBJECTS)
        moved[0] = obj(1, "Spawn", 56, 112)
        saved_later(path, lambda: kit.write(objects=moved))
        TestPlayingWhileSaving.run_for(app, clock, 1.0)
        assert app.scene.world is not old_world and app.level.spawn[0] == 56

        app.show_title()  # back on the title: a save there changes nothing on screen
        title = app.scene
        saved_later(path, lambda: kit.write())
        TestPlayingWhileSaving.run_for(app, clock, 0.5)  # two polls' worth
        assert app.scene is title and not app.reload_errors
    finally:
        pygame.quit()
