"""The F3 debug overlay: it changes the picture, steps through the two distance fields, and
its panel lists the counts and times."""

import pygame
import pytest
from fake_clock import FakeClock
from synthetic_level import ROCK, make_level
from wide_kit import MapKit, WideKit, obj

import game.app as app_module
from game.app import App
from game.level.tiled import load_level
from game.render.debug_overlay import SOLID_EDGE, DebugOverlay, cell_colours, panel_lines
from game.render.hud import Hud
from game.sim.constants import BREAKABLE, BURNABLE, SOLID
from game.sim.naruto import CHAKRA_MAX
from game.sim.world import World


@pytest.fixture
def world(tmp_path):
    level = make_level(tmp_path)
    level.flags[-3, 5] = SOLID | BREAKABLE
    level.flags[-3, 7] = SOLID | BURNABLE
    return World(level)


def pixels(surface):
    return pygame.image.tobytes(surface, "RGB")


def test_f3_steps_off_exit_miner_off():
    overlay = DebugOverlay("off")
    seen = []
    for _ in range(3):
        overlay.toggle()
        seen.append(overlay.mode)
    assert seen == ["exit", "miner", "off"]


def test_the_environment_variable_starts_it_on(monkeypatch):
    monkeypatch.setenv("GMR_DEBUG_OVERLAY", "1")
    assert DebugOverlay().enabled
    monkeypatch.setenv("GMR_DEBUG_OVERLAY", "0")
    assert not DebugOverlay().enabled


def test_toggling_changes_the_picture_and_each_field_looks_different(world):
    canvas = pygame.Surface((640, 360))
    drawn = {}
    for mode in ("off", "exit", "miner"):
        canvas.fill((40, 40, 40))
        DebugOverlay(mode).draw(canvas, world, (0, 0))
        drawn[mode] = pixels(canvas)
    assert drawn["off"] != drawn["exit"] != drawn["miner"]


def test_breakable_and_burnable_tiles_get_their_own_tints(world):
    colours = cell_colours(world.flags, world.paths.to_exit)
    floor = tuple(colours[-1, 5])
    breakable, burnable = tuple(colours[-3, 5]), tuple(colours[-3, 7])
    assert len({floor, breakable, burnable}) == 3
    open_air = colours[-4, 10]
    assert open_air[3] > 0  # reachable air carries the heat map


def test_near_the_exit_is_bluer_than_far_from_it(world):
    colours = cell_colours(world.flags, world.paths.to_exit).astype(int)
    row = world.flags.shape[0] - 3
    near, far = colours[row, 2], colours[row, 60]
    assert near[2] > far[2] and near[0] < far[0]


def test_the_panel_counts_what_is_in_the_world(world):
    world.clones.spawn(3)
    lines = panel_lines(world, "exit", tick_ms=1.25, frame_ms=4.5)
    text = "\n".join(lines)
    assert "clones 3" in text and "rocks 0" in text and "miners 1" in text
    assert "tick 1.25 ms" in text and "frame 4.50 ms" in text
    assert "distance to exit" in text


def open_app(tmp_path, monkeypatch) -> tuple[App, FakeClock]:
    """The game's window on a small synthetic level, driven by a fake clock."""
    level = make_level(tmp_path)
    monkeypatch.setattr(app_module, "load_level", lambda path: level)
    clock = FakeClock()
    app = App("any.tmx", clock=clock)
    app.open_window()
    return app, clock


def test_f3_in_the_app_draws_the_overlay_with_measured_times(tmp_path, monkeypatch):
    monkeypatch.delenv("GMR_DEBUG_OVERLAY", raising=False)
    app, clock = open_app(tmp_path, monkeypatch)
    try:
        clock.now += 2 / 60
        pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_F3, mod=0))
        app.step_frame()
        assert app.overlay.mode == "exit"
        with_overlay = pixels(app.canvas)
        app.overlay.mode = "off"
        app.draw()  # the same moment without it
        assert pixels(app.canvas) != with_overlay
        assert app.tick_ms > 0 and app.frame_ms > 0
    finally:
        pygame.quit()


def test_the_grid_shakes_with_the_scene_when_the_collapse_moves_on(tmp_path, monkeypatch):
    """The stage change shakes the view: the overlay's solid outline must still sit on the
    first row of floor the scene drew, frame after frame."""
    monkeypatch.setenv("GMR_DEBUG_OVERLAY", "1")
    level = make_level(tmp_path)
    level.collapse_seconds = 2  # stage 2 half way: a second after the first input
    monkeypatch.setattr(app_module, "load_level", lambda path: level)
    script = tmp_path / "walk.inputs"
    script.write_text("0 right\n")
    app = App("any.tmx", inputs_path=str(script), exit_after=10_000)
    app.open_window()
    try:
        scene = app.scene
        while scene.world.collapse_stage < 2:
            app.step_frame()
        column = 620  # right of the panel, clear of the HUD rows
        shaken = 0
        for _ in range(20):
            app.step_frame()
            shake = scene.renderer.shake_offset(scene.world)
            assert scene.renderer.view_offset == tuple(
                c + s for c, s in zip(scene.renderer.camera.offset, shake, strict=True)
            )
            shaken += shake[1] != 0
            with_overlay = app.canvas.copy()
            app.overlay.mode = "off"
            app.draw()  # the same moment, same shake, without the overlay
            floor_y = first_row_of(app.canvas, column, ROCK)
            app.overlay.mode = "exit"
            assert with_overlay.get_at((column, floor_y))[:3] == SOLID_EDGE
            assert with_overlay.get_at((column, floor_y - 1))[:3] != SOLID_EDGE
        assert shaken >= 3  # the view really moved up and down while this was checked
    finally:
        pygame.quit()


def first_row_of(canvas, x, colour) -> int:
    for y in range(canvas.get_height()):
        if canvas.get_at((x, y))[:3] == colour:
            return y
    raise AssertionError(f"no {colour} in column {x}")


def test_the_panel_hides_no_part_of_the_hud(tmp_path):
    """Drawn with everything it can show (real time, category, losses, the chamber's air),
    the HUD shares no pixel with the overlay's panel."""
    kit = WideKit(tmp_path)
    in_chamber = [obj(1, "Spawn", 56, 112)] + MapKit.DEFAULT_OBJECTS[1:] + MapKit.MINE_OBJECTS
    world = World(load_level(str(kit.write(objects=in_chamber))))
    world.lost = 3
    assert world.chamber_at(*world.naruto.center_px) >= 0  # so the AIR row shows
    hud = Hud(CHAKRA_MAX)
    hud.category, hud.real_seconds = "ALL RESCUED PRACTICE", 599.99
    hud_layer = pygame.Surface((640, 360), pygame.SRCALPHA)
    hud_layer.fill((0, 0, 0, 0))
    hud.draw(hud_layer, world)
    panel = DebugOverlay("exit").draw(pygame.Surface((640, 360)), world, (0, 0), 12.34, 56.78)
    hud_pixels = pygame.mask.from_surface(hud_layer)
    assert hud_pixels.count() > 500  # the HUD really drew its rows
    assert hud_pixels.overlap(pygame.mask.Mask(panel.size, fill=True), panel.topleft) is None
    timer = hud_pixels.get_bounding_rects()
    assert not any(panel.colliderect(rect) for rect in timer)


def test_the_hud_stays_exactly_as_legible_with_the_overlay_on(tmp_path, monkeypatch):
    """The heat map and grid go under the HUD: every pixel the HUD paints looks the same with
    the overlay on and off."""
    monkeypatch.setenv("GMR_DEBUG_OVERLAY", "1")
    app, clock = open_app(tmp_path, monkeypatch)
    try:
        clock.now += 3 / 60
        app.step_frame()
        with_overlay = pygame.surfarray.array3d(app.canvas)
        app.overlay.mode = "off"
        app.draw()
        without = pygame.surfarray.array3d(app.canvas)
        hud_layer = pygame.Surface(app.canvas.get_size(), pygame.SRCALPHA)
        hud_layer.fill((0, 0, 0, 0))
        app.scene.hud.draw(hud_layer, app.scene.world)
        painted = pygame.surfarray.array_alpha(hud_layer) == 255
        assert painted.sum() > 500
        assert (with_overlay[painted] == without[painted]).all()
        assert (with_overlay != without).any()  # while the overlay did change the picture
    finally:
        pygame.quit()
