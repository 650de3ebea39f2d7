"""The title and the menus as a new player meets them (issue 12): the attract demo waits 30 s
and the first key both ends it and acts; Esc asks before quitting; the mouse hovers and
clicks in the title, the pause menu and the results; panels hide what is behind them; a
still title or pause menu is not drawn again; the mine comes down visibly at 0:00."""

import numpy as np
import pygame
import pytest
from play_nav import QuietNav
from synthetic_level import make_level

from game.app import DEFAULT_MAP, App
from game.level.tiled import load_level
from game.render.effects import SLAB, SLAB_SMALL
from game.render.pixelart import build_sprites
from game.render.scene import SceneRenderer
from game.sim.constants import JUMP, RIGHT
from game.sim.world import World
from game.ui import mouse
from game.ui.pause import PauseEntry, draw_pause
from game.ui.play import PlayScene
from game.ui.results import PANEL, ResultsScreen
from game.ui.title import ATTRACT_AFTER_TICKS, NO, YES, TitleScreen
from game.ui.widgets import centred


# --- driving the real app, headless -------------------------------------------------------------
@pytest.fixture
def app():
    app = App(None, exit_after=1_000_000)
    app.open_window()
    for _ in range(3):
        app.step_frame()
    yield app
    pygame.quit()


def press(app, key, frames=1):
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=key, mod=0, unicode="", scancode=0))
    pygame.event.post(pygame.event.Event(pygame.KEYUP, key=key, mod=0, unicode="", scancode=0))
    for _ in range(frames):
        app.step_frame()


def window_point(app, canvas_rect):
    """The window pixel at the centre of a canvas rect, through the app's scale/letterbox."""
    view = app.view_rect
    cx, cy = canvas_rect.center
    return (view.x + cx * view.w // 640 + 1, view.y + cy * view.h // 360 + 1)


def move_to(app, canvas_rect):
    pos = window_point(app, canvas_rect)
    pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=(0,) * 3))
    app.step_frame()


def click(app, canvas_rect):
    pos = window_point(app, canvas_rect)
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=1))
    app.step_frame()


def idle_until_demo(app):
    title = app.scene
    title.idle = ATTRACT_AFTER_TICKS - 2
    app.step_frame()
    assert not title.in_demo  # one tick short of 30 s: still the plain menu
    app.step_frame()
    assert title.in_demo
    return title


# --- the attract rule -------------------------------------------------------------------------
def test_the_demo_waits_thirty_seconds_of_idle():
    assert ATTRACT_AFTER_TICKS == 30 * 60


def test_enter_during_the_demo_ends_it_and_starts_the_map_at_once(app):
    title = idle_until_demo(app)
    chosen = title.maps.selected
    press(app, pygame.K_RETURN)
    assert isinstance(app.scene, PlayScene)  # one press, not two
    assert app.scene.level is chosen.level


def test_down_during_the_demo_ends_it_and_moves(app):
    title = idle_until_demo(app)
    before = (title.maps.index, title.menu_row)
    press(app, pygame.K_DOWN)
    assert not title.in_demo
    assert (title.maps.index, title.menu_row) != before


def test_the_menu_stays_on_screen_during_the_demo(app):
    title = idle_until_demo(app)
    app.step_frame()
    assert title.rows.rect_of(("map", title.maps.index)) is not None  # drawn, and clickable
    assert title.rows.rect_of(("menu", len(title.menu_items()) - 1)) is not None  # Quit


# --- Esc asks first ----------------------------------------------------------------------------
def test_escape_opens_the_quit_confirm_and_no_goes_back(app):
    title = app.scene
    press(app, pygame.K_ESCAPE)
    assert app.running and title.confirm == NO  # asked, with No selected
    press(app, pygame.K_RETURN)  # No
    assert app.running and title.confirm is None and app.scene is title
    press(app, pygame.K_ESCAPE)
    press(app, pygame.K_ESCAPE)  # Esc again is No too
    assert app.running and title.confirm is None


def test_yes_quits(app):
    press(app, pygame.K_ESCAPE)
    press(app, pygame.K_UP)  # onto Yes
    assert app.scene.confirm == YES
    press(app, pygame.K_RETURN)
    assert not app.running


def test_the_quit_entry_asks_too(app):
    title = app.scene
    while title.menu_row is None:
        press(app, pygame.K_DOWN)
    while title.menu_items()[title.menu_row][0] != "Quit":
        press(app, pygame.K_DOWN)
    press(app, pygame.K_RETURN)
    assert title.confirm == NO and app.running


# --- the mouse -----------------------------------------------------------------------------------
def test_to_canvas_maps_through_the_letterbox():
    view = pygame.Rect(43, 24, 1280, 720)
    assert mouse.to_canvas((43, 24), view) == (0, 0)
    assert mouse.to_canvas((43 + 1279, 24 + 719), view) == (639, 359)
    assert mouse.to_canvas((44 + 640, 25 + 360), view) == (320, 180)
    assert mouse.to_canvas((10, 10), view) is None  # the black bar
    smooth = pygame.Rect(0, 60, 1920, 1080)  # 3x, and any non-integer fit, works the same
    assert mouse.to_canvas((960, 600), smooth) == (320, 180)


def test_hover_selects_and_a_click_plays_the_map_on_the_title(app):
    title = app.scene
    other = next(i for i, e in enumerate(title.maps.entries) if i != title.maps.index)
    move_to(app, title.rows.rect_of(("map", other)))
    assert title.maps.index == other and title.menu_row is None
    chosen = title.maps.selected
    click(app, title.rows.rect_of(("map", other)))
    assert isinstance(app.scene, PlayScene) and app.scene.level is chosen.level


def test_a_click_on_quit_asks_and_a_click_on_no_goes_back(app):
    title = app.scene
    quit_row = len(title.menu_items()) - 1
    click(app, title.rows.rect_of(("menu", quit_row)))
    assert title.confirm == NO
    app.step_frame()
    click(app, title.confirm_rows.rect_of(NO))
    assert title.confirm is None and app.running
    click(app, title.rows.rect_of(("menu", quit_row)))
    app.step_frame()
    click(app, title.confirm_rows.rect_of(YES))
    assert not app.running


def test_a_click_during_the_demo_ends_it_and_chooses(app):
    title = idle_until_demo(app)
    app.step_frame()
    chosen = title.maps.selected
    click(app, title.rows.rect_of(("map", title.maps.index)))
    assert isinstance(app.scene, PlayScene) and app.scene.level is chosen.level


def test_moving_the_mouse_never_stops_the_demo(app):
    title = idle_until_demo(app)
    app.step_frame()
    move_to(app, title.rows.rect_of(("map", title.maps.index)))
    assert title.in_demo


def test_the_pause_menu_takes_the_mouse():
    app = App(str(DEFAULT_MAP), exit_after=1_000_000)
    try:
        app.open_window()
        app.step_frame()
        press(app, pygame.K_ESCAPE)
        play = app.scene
        assert play.paused
        labels = [entry.label for entry in play.pause_entries()]
        restart = labels.index("Restart")
        move_to(app, play.pause_rows.rect_of(restart))
        assert play.pause_row == restart and play.paused
        click(app, play.pause_rows.rect_of(labels.index("Resume")))
        assert not play.paused
        press(app, pygame.K_ESCAPE)
        click(app, play.pause_rows.rect_of(labels.index("Title")))
        assert isinstance(app.scene, TitleScreen)
    finally:
        pygame.quit()


def test_the_pause_menu_moves_with_the_keys_and_enter_chooses():
    app = App(str(DEFAULT_MAP), exit_after=1_000_000)
    try:
        app.open_window()
        app.step_frame()
        press(app, pygame.K_ESCAPE)
        play = app.scene
        assert play.pause_row == 0  # Resume: Enter resumes, as it always did
        press(app, pygame.K_UP)  # wraps to the last entry: Title
        assert play.pause_entries()[play.pause_row].label == "Title"
        press(app, pygame.K_RETURN)
        assert isinstance(app.scene, TitleScreen)
    finally:
        pygame.quit()


# --- opaque panels -----------------------------------------------------------------------------
@pytest.fixture(scope="module")
def sprites():
    pygame.display.init()
    pygame.display.set_mode((64, 64))
    return build_sprites()


class _Behind:
    """A renderer that paints the whole canvas: bright noise (sprites, labels) or black."""

    def __init__(self, busy: bool):
        self.busy = busy

    def draw(self, canvas, world, alpha=1.0):
        if not self.busy:
            canvas.fill((0, 0, 0))
            return
        rng = np.random.default_rng(1)
        noise = rng.integers(0, 256, (*canvas.get_size(), 3), dtype=np.uint8)
        pygame.surfarray.blit_array(canvas, noise)
        centred(canvas, "Petrov", 120, (255, 214, 96))  # a name tag behind the rows

    def observe(self, events):
        pass


def test_nothing_behind_the_results_panel_shows_through(tmp_path, sprites):
    world = World(make_level(tmp_path))
    shots = []
    for busy in (True, False):
        screen = ResultsScreen(QuietNav(), world, _Behind(busy))
        screen.ticks = 600  # every part revealed
        canvas = pygame.Surface((640, 360))
        screen.draw(canvas)
        shots.append(pygame.surfarray.array3d(canvas.subsurface(PANEL)))
    assert np.array_equal(shots[0], shots[1])


def test_nothing_behind_the_pause_panel_shows_through():
    entries = [PauseEntry("Resume", "Esc", lambda: None), PauseEntry("Title", "Q", lambda: None)]
    shots = []
    for busy in (True, False):
        canvas = pygame.Surface((640, 360))
        _Behind(busy).draw(canvas, None)
        panel = draw_pause(canvas, "the window lost focus", entries, 1)
        shots.append(pygame.surfarray.array3d(canvas.subsurface(panel)))
    assert np.array_equal(shots[0], shots[1])


# --- idle cost -----------------------------------------------------------------------------------
def test_a_still_title_is_not_drawn_again_every_frame(app):
    drawn = app.draws
    for _ in range(60):
        app.step_frame()
    assert app.draws - drawn <= 6  # the prompt's blinks, not sixty frames


def test_a_paused_game_is_not_drawn_again_every_frame():
    app = App(str(DEFAULT_MAP), exit_after=1_000_000)
    try:
        app.open_window()
        app.step_frame()
        press(app, pygame.K_ESCAPE, frames=3)
        drawn = app.draws
        for _ in range(60):
            app.step_frame()
        assert app.draws - drawn <= 1
        drawn = app.draws
        press(app, pygame.K_DOWN)  # a change shows at once
        assert app.draws - drawn == 1
    finally:
        pygame.quit()


# --- the mine coming down ------------------------------------------------------------------------
def _collapsed_world():
    world = World(load_level(str(DEFAULT_MAP)))
    while world.dialogue:  # the intro: a jump press closes it, 12 ticks on
        for _ in range(12):
            world.step(0)
        world.step(JUMP)
    while not world.started:
        world.step(RIGHT)
    world.collapse_ticks_left = 1
    while not world.finished:
        world.step(0)
    assert world.result == "collapsed" and world.lost
    return world


def test_the_end_of_the_timer_brings_the_mine_down_on_screen(sprites):
    world = _collapsed_world()
    renderer = SceneRenderer(world.level, sprites)
    renderer.screen_shake = False
    renderer.tick(world)
    effects = renderer.effects
    slabs = effects.alive & np.isin(effects.kind, (SLAB, SLAB_SMALL))
    assert slabs.sum() >= 20  # stones falling over the view
    assert len(renderer._buried) == world.lost  # rubble where each one was
    assert renderer.shake_offset(world) == (0, 0)  # shake off: none, whatever the trauma
    renderer.screen_shake = True
    assert effects.trauma > 0.5
    renderer.draw(pygame.Surface((640, 360)), world)
