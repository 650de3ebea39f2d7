"""Frames drawn between ticks: bodies and the view between the last two ticks' positions
(alpha from the fixed-step loop), bodies that appeared or jumped where they are, and capture
runs (one tick per frame) drawing each tick itself. The simulation is only read.

The renderer tests play the simulation's part by hand (move a column, count its age up, then
`renderer.tick`), so the distances are exact; the app tests use the real loop on a fake clock.
"""

import numpy as np
import pygame
import pytest
from fake_clock import FakeClock
from synthetic_level import make_level

import game.app as app_module
from game.app import App
from game.loop import FixedStepLoop
from game.render.scene import SceneRenderer
from game.sim.constants import SUBPIXEL
from game.sim.events import RESPAWN
from game.sim.world import World

TICK = 1 / 60


@pytest.fixture
def level(tmp_path):
    return make_level(tmp_path)


def start(level, sprites):
    world = World(level)
    renderer = SceneRenderer(level, sprites)
    renderer.reset(world)
    return world, renderer


def view_spot(renderer, dx=100, dy=150):
    """A map spot well inside the view, in pixels."""
    ox, oy = renderer.camera.offset
    return ox + dx, oy + dy


def spawn_clone(world, x_px, y_px) -> int:
    return int(world.clones.spawn(1, x=x_px * SUBPIXEL, y=y_px * SUBPIXEL, on_ground=True)[0])


def step(world, renderer, moves=(), events=()):
    """One tick as the simulation would leave it: every living clone a tick older, the given
    (slot, dx_px) moves applied, then the renderer's tick."""
    c = world.clones
    c.age[c.alive] += 1
    for slot, dx in moves:
        c.x[slot] += dx * SUBPIXEL
    world.events = list(events)
    world.tick += 1
    renderer.tick(world)


def clone_screen_x(renderer, world, slot, alpha, offset=(0, 0)):
    """Where the clone's frame goes at `alpha`, against a fixed view offset."""
    pos = renderer.positions(world, alpha)
    ((_, (x, _)),) = [b for b in renderer._clone_blits(world, offset, pos)]
    assert world.clones.alive.sum() == 1
    return x, int(pos.clone_x[slot]) // SUBPIXEL


# --- the renderer ----------------------------------------------------------------------------
def test_half_a_tick_draws_a_clone_half_way_between_its_two_ticks(level, sprites):
    world, renderer = start(level, sprites)
    x0, y0 = view_spot(renderer)
    clone = spawn_clone(world, x0, y0)
    step(world, renderer)  # the tick it appeared in is behind us
    step(world, renderer, [(clone, 2)])  # 2 px right in the last tick
    at_prev, map_prev = clone_screen_x(renderer, world, clone, 0.0)
    at_half, map_half = clone_screen_x(renderer, world, clone, 0.5)
    at_tick, map_tick = clone_screen_x(renderer, world, clone, 1.0)
    assert (map_prev, map_half, map_tick) == (x0, x0 + 1, x0 + 2)
    assert at_half == at_prev + 1
    assert at_tick == at_prev + 2


def test_alpha_zero_draws_the_previous_tick_and_alpha_one_the_last(level, sprites):
    world, renderer = start(level, sprites)
    x0, y0 = view_spot(renderer)
    clone = spawn_clone(world, x0, y0)
    step(world, renderer)
    step(world, renderer, [(clone, 3)])
    assert renderer.positions(world, 0.0).clone_x[clone] == x0 * SUBPIXEL
    assert renderer.positions(world, 1.0).clone_x[clone] == (x0 + 3) * SUBPIXEL
    # Naruto stood still: he is where he is at any alpha.
    assert renderer.positions(world, 0.3).naruto_x == world.naruto.x


def test_a_clone_spawned_this_tick_is_drawn_where_it_is(level, sprites):
    world, renderer = start(level, sprites)
    step(world, renderer)
    x0, y0 = view_spot(renderer)
    clone = spawn_clone(world, x0, y0)
    step(world, renderer)
    for alpha in (0.0, 0.5):
        assert renderer.positions(world, alpha).clone_x[clone] == x0 * SUBPIXEL


def test_a_slot_taken_by_a_new_clone_is_not_slid_from_the_old_one(level, sprites):
    world, renderer = start(level, sprites)
    x0, y0 = view_spot(renderer)
    clone = spawn_clone(world, x0, y0)
    for _ in range(5):
        step(world, renderer)
    world.clones.kill([clone])  # it pops, and a new clone takes its slot a few px away
    again = spawn_clone(world, x0 + 4, y0)
    assert again == clone
    step(world, renderer)
    assert renderer.positions(world, 0.5).clone_x[clone] == (x0 + 4) * SUBPIXEL


def test_a_body_that_jumped_is_drawn_where_it_landed(level, sprites):
    world, renderer = start(level, sprites)
    x0, y0 = view_spot(renderer)
    clone = spawn_clone(world, x0, y0)
    step(world, renderer)
    step(world, renderer, [(clone, 200)])
    assert renderer.positions(world, 0.25).clone_x[clone] == (x0 + 200) * SUBPIXEL


def test_naruto_put_back_after_a_chasm_is_not_slid_there(level, sprites):
    world, renderer = start(level, sprites)
    step(world, renderer)
    world.naruto.x -= 6 * SUBPIXEL  # a short way back, as close as a respawn can be
    step(world, renderer, events=[(RESPAWN, 0, 0)])
    assert renderer.positions(world, 0.5).naruto_x == world.naruto.x


def test_the_view_follows_naruto_between_ticks(level, sprites):
    world, renderer = start(level, sprites)
    world.naruto.x = 500 * SUBPIXEL  # mid-map, where the view is free to scroll
    renderer.reset(world)
    canvas = pygame.Surface((640, 360))
    for _ in range(30):  # running right: the camera trails him tick by tick
        world.naruto.x += 3 * SUBPIXEL
        world.naruto.vx = 3 * SUBPIXEL
        step(world, renderer)
    offsets = []
    for alpha in (0.0, 0.5, 1.0):
        renderer.draw(canvas, world, alpha)
        offsets.append(renderer.view_offset[0])
    assert offsets[0] < offsets[2]  # the view moved in the last tick
    assert offsets[0] <= offsets[1] <= offsets[2]
    before = renderer._before.camera
    now = (renderer.camera.center_x, renderer.camera.center_y)
    half = ((before[0] + now[0]) / 2, (before[1] + now[1]) / 2)
    assert offsets[1] == renderer.camera.offset_at(*half)[0]
    drawn = renderer.positions(world, 0.5).naruto_x // SUBPIXEL
    assert drawn == (world.naruto.x - 3 * SUBPIXEL // 2) // SUBPIXEL


def test_a_tick_in_which_nothing_moves_holds_the_picture_still(level, sprites):
    world, renderer = start(level, sprites)
    x0, y0 = view_spot(renderer)
    clone = spawn_clone(world, x0, y0)
    step(world, renderer)
    step(world, renderer, [(clone, 2)])
    # The finish hold (and the title between demos): the tick runs, the world does not step.
    renderer.observe(())
    picture = canvas_at(renderer, world, 0.0)
    for alpha in (0.3, 0.7, 1.0):
        assert canvas_at(renderer, world, alpha) == picture
    assert renderer.positions(world, 0.0).clone_x[clone] == (x0 + 2) * SUBPIXEL


def test_an_open_dialogue_holds_the_picture_still(level, sprites):
    world, renderer = start(level, sprites)
    x0, y0 = view_spot(renderer)
    clone = spawn_clone(world, x0, y0)
    step(world, renderer)
    step(world, renderer, [(clone, 2)])
    world.dialogue = "Hold on!"  # the world stands still while a line is read
    world.clones.age[clone] -= 1  # ... and nobody ages: undo step()'s count
    step(world, renderer)
    picture = canvas_at(renderer, world, 0.0)
    assert canvas_at(renderer, world, 0.6) == picture


def test_a_restart_draws_the_new_world_where_it_is(level, sprites):
    world, renderer = start(level, sprites)
    x0, y0 = view_spot(renderer)
    clone = spawn_clone(world, x0, y0)
    step(world, renderer)
    step(world, renderer, [(clone, 2)])
    fresh = World(level)
    renderer.reset(fresh)
    assert renderer.positions(fresh, 0.5).naruto_x == fresh.naruto.x
    # and a world the renderer never ticked is drawn as it is, never against another's ticks
    assert renderer.positions(world, 0.5).clone_x[clone] == (x0 + 2) * SUBPIXEL


def canvas_at(renderer, world, alpha) -> bytes:
    canvas = pygame.Surface((640, 360))
    renderer.draw(canvas, world, alpha)
    return pygame.image.tobytes(canvas, "RGB")


# --- the loop ----------------------------------------------------------------------------
def test_resuming_carries_on_from_the_alpha_the_pause_froze():
    clock = FakeClock()
    loop = FixedStepLoop(lambda: None, clock)
    clock.now += 0.5 * TICK
    loop.advance()
    frozen = loop.alpha
    assert 0.45 < frozen < 0.55
    loop.pause()
    clock.now += 3.0
    loop.advance()
    assert loop.alpha == frozen  # paused: the picture stands still
    loop.resume()
    assert loop.alpha == frozen  # and it picks up where it stood, no jump back
    clock.now += 0.5 * TICK
    assert loop.advance() == 1


# --- the app -----------------------------------------------------------------------------
@pytest.fixture
def synthetic(tmp_path, monkeypatch):
    level = make_level(tmp_path)
    monkeypatch.setattr(app_module, "load_level", lambda path: level)
    return level


@pytest.fixture
def running_right(tmp_path):
    path = tmp_path / "run.inputs"
    path.write_text("0 right\n")
    return path


def test_a_frame_half_way_to_the_next_tick_draws_naruto_half_way(synthetic, running_right):
    clock = FakeClock()
    app = App("any.tmx", inputs_path=str(running_right), clock=clock)  # live: not lockstep
    app.open_window()
    try:
        for _ in range(3):
            clock.now += 10 * TICK
            assert app.step_frame() == 10
        renderer, world = app.scene.renderer, app.scene.world
        before = renderer._before.naruto[0]
        assert world.naruto.x - before >= SUBPIXEL  # he runs more than a pixel a tick
        clock.now += 0.5 * TICK
        assert app.step_frame() == 0
        assert 0.45 < app.alpha < 0.55
        drawn = renderer.positions(world, app.alpha).naruto_x
        assert before < drawn < world.naruto.x
        assert drawn == before + int((world.naruto.x - before) * app.alpha)
        # the view drawn is the one between the two ticks' camera centres
        centre = renderer.positions(world, app.alpha).camera
        assert renderer.view_offset == renderer.camera.offset_at(*centre)
    finally:
        pygame.quit()


def test_a_paused_game_draws_the_same_picture_every_frame(synthetic, running_right):
    clock = FakeClock()
    app = App("any.tmx", inputs_path=str(running_right), clock=clock)
    app.open_window()
    app.settings = app.settings.replace(show_real_time=False)  # real time runs on in a pause
    try:
        clock.now += 20.4 * TICK
        app.step_frame()
        pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_ESCAPE, mod=0))
        app.step_frame()
        assert app.scene.paused
        first = pygame.image.tobytes(app.canvas, "RGB")
        for _ in range(3):
            clock.now += 0.37 * TICK
            assert app.step_frame() == 0
            assert pygame.image.tobytes(app.canvas, "RGB") == first
    finally:
        pygame.quit()


def test_capture_runs_draw_each_tick_itself(synthetic, running_right):
    app = App("any.tmx", inputs_path=str(running_right), exit_after=40)
    app.open_window()
    app.settings = app.settings.replace(show_real_time=False)  # the wall clock: not a tick's
    try:
        while app.running:
            app.step_frame()
            assert app.alpha == 1.0
        renderer, world = app.scene.renderer, app.scene.world
        assert world.naruto.x != renderer._before.naruto[0]  # he moved in the last tick
        shown = pygame.image.tobytes(app.canvas, "RGB")
        # the same frame drawn with no previous tick to come from: only the last tick
        renderer._before = None
        app.draw()
        assert pygame.image.tobytes(app.canvas, "RGB") == shown
        assert renderer.positions(world, app.alpha).naruto_x == world.naruto.x
        assert np.array_equal(renderer.positions(world, app.alpha).clone_x, world.clones.x)
    finally:
        pygame.quit()


# --- frames between ticks on a fast display ------------------------------------------------------


def _playing_app(monkeypatch, tmp_path, refresh_hz: int):
    from fake_clock import FakeClock
    from synthetic_level import make_level

    import game.app as app_module

    level = make_level(tmp_path)
    monkeypatch.setattr(app_module, "load_level", lambda path: level)
    monkeypatch.setattr(pygame.display, "get_current_refresh_rate", lambda: refresh_hz)
    clock = FakeClock()
    app = app_module.App("any.tmx", clock=clock)
    app.open_window()
    return app, clock


@pytest.mark.parametrize("refresh_hz", [60, 75, 120, 144])
def test_a_fast_display_gets_frames_between_ticks_in_play(monkeypatch, tmp_path, refresh_hz):
    app, clock = _playing_app(monkeypatch, tmp_path, refresh_hz)
    try:
        app.step_frame()  # the first tick
        ticks_before, draws_before, alphas = app.scene.world.tick, app.draws, []
        for _ in range(60):  # frames paced as the app paces them
            clock.now += app.seconds_to_wait() + 1e-6
            app.step_frame()
            alphas.append(app.alpha)
        ticks = app.scene.world.tick - ticks_before
        assert app.draws - draws_before == 60
        assert abs(ticks - 60 * 60 / refresh_hz) <= 1.5  # the game keeps its own 60 a second
        in_between = [a for a in alphas if 0.1 < a < 0.9]
        assert bool(in_between) == (refresh_hz > 60)  # drawn part of the way to the next tick
    finally:
        pygame.quit()


def test_a_paused_game_waits_a_whole_tick_even_on_a_fast_display(monkeypatch, tmp_path):
    app, clock = _playing_app(monkeypatch, tmp_path, 144)
    try:
        app.loop.pause()
        assert app.seconds_to_wait() == pytest.approx(1 / 60)
    finally:
        pygame.quit()
