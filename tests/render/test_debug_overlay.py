"""The F3 debug overlay: it changes the picture, steps through the two distance fields, and
its panel lists the counts and times."""

import pygame
import pytest
from fake_clock import FakeClock
from synthetic_level import make_level

import game.app as app_module
from game.app import App
from game.render.debug_overlay import DebugOverlay, cell_colours, panel_lines
from game.sim.constants import BREAKABLE, BURNABLE, SOLID
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


def test_f3_in_the_app_draws_the_overlay_with_measured_times(tmp_path, monkeypatch):
    monkeypatch.delenv("GMR_DEBUG_OVERLAY", raising=False)
    level = make_level(tmp_path)
    monkeypatch.setattr(app_module, "load_level", lambda path: level)
    clock = FakeClock()
    app = App("any.tmx", clock=clock)
    app.open_window()
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
