"""The Controls page: remap a key or a pad button, conflicts refused, reset, saved at once;
opened from the pause menu."""

import pygame
import pytest
from play_nav import QuietNav
from synthetic_level import make_level

from game.input import Action, InputSampler, MenuAction, bindings, prompts
from game.input.bindings import GAME_ACTIONS
from game.sim.constants import FIRE, JUMP, RASENGAN
from game.ui.controls import BACK, CAPTURE_SECONDS, RESET, ROWS, ControlsScreen
from game.ui.mouse import CLICK, Pointer
from game.ui.play import PlayScene


class ControlsNav(QuietNav):
    """Saves go to a list (as the app saves each change to settings.json); the clock is ours."""

    def __init__(self, **settings):
        super().__init__(**settings)
        self.now = 100.0
        self.clock = lambda: self.now
        self.saved = []

    def update_settings(self, **changes):
        super().update_settings(**changes)
        self.saved.append(changes)


@pytest.fixture(autouse=True)
def defaults():
    bindings.reset()
    prompts.reset()
    yield
    bindings.reset()
    prompts.reset()


@pytest.fixture
def nav():
    return ControlsNav()


@pytest.fixture
def closed():
    return []


@pytest.fixture
def screen(nav, closed):
    return ControlsScreen(nav, lambda: closed.append(True))


def key_down(key):
    return pygame.event.Event(pygame.KEYDOWN, key=key, mod=0, unicode="", scancode=0)


def button_down(button):
    return pygame.event.Event(pygame.CONTROLLERBUTTONDOWN, button=button, instance_id=0)


def menu(action, device="keyboard"):
    return MenuAction(action, device)


def start_remap(screen, action):
    screen.selected = ROWS.index(action)
    screen.on_action(menu(Action.CONFIRM))
    assert screen.capturing == action


def mask_of(*events):
    sampler = InputSampler()
    for event in events:
        sampler.handle(event)
    return sampler.sample()


def test_remapping_a_key_saves_it_and_changes_play_and_prompts(screen, nav):
    start_remap(screen, "jump")
    assert screen.on_event(key_down(pygame.K_n)) is True  # taken: the app does nothing else
    assert screen.capturing is None
    assert nav.saved == [{"keys": {"jump": ["n"]}, "pad": {}}]
    assert nav.settings.keys == {"jump": ["n"]}
    assert mask_of(key_down(pygame.K_n)) == JUMP
    assert mask_of(key_down(pygame.K_z)) == 0
    assert prompts.fill("Press [jump]") == "Press N"
    assert "N on the keyboard" in screen.message


def test_a_key_another_action_has_is_refused_and_nothing_changes(screen, nav):
    start_remap(screen, "jump")
    screen.on_event(key_down(pygame.K_x))  # Rasengan's
    assert nav.saved == []
    assert "Rasengan" in screen.message and "X" in screen.message
    assert screen.capturing == "jump"  # still waiting for another key
    assert mask_of(key_down(pygame.K_x)) == RASENGAN
    assert mask_of(key_down(pygame.K_z)) == JUMP
    screen.on_event(key_down(pygame.K_ESCAPE))  # Esc cancels
    assert screen.capturing is None
    assert nav.saved == []
    assert bindings.current == bindings.Bindings()


def test_the_games_own_keys_are_refused(screen, nav):
    start_remap(screen, "fire")
    screen.on_event(key_down(pygame.K_RETURN))
    assert "kept for menus" in screen.message
    screen.on_event(key_down(pygame.K_m))
    assert "mute" in screen.message
    assert nav.saved == []


def test_binding_an_action_its_own_key_again_keeps_only_that_key(screen, nav):
    start_remap(screen, "jump")
    screen.on_event(key_down(pygame.K_SPACE))
    assert nav.settings.keys == {"jump": ["space"]}
    assert mask_of(key_down(pygame.K_z)) == 0


def test_reset_restores_the_defaults(screen, nav):
    start_remap(screen, "fire")
    screen.on_event(key_down(pygame.K_f))
    start_remap(screen, "jump")
    screen.on_event(button_down(pygame.CONTROLLER_BUTTON_LEFTSTICK))
    assert nav.settings.keys == {"fire": ["f"]} and nav.settings.pad == {"jump": ["leftstick"]}
    screen.selected = ROWS.index(RESET)
    screen.on_action(menu(Action.CONFIRM))
    assert nav.settings.keys == {} and nav.settings.pad == {}
    assert bindings.current == bindings.Bindings()
    assert mask_of(key_down(pygame.K_v)) == FIRE
    assert mask_of(key_down(pygame.K_f)) == 0


def test_remapping_a_pad_button(screen, nav):
    start_remap(screen, "fire")
    screen.on_event(button_down(pygame.CONTROLLER_BUTTON_LEFTSHOULDER))  # Transformation's
    assert nav.saved == [] and "Transformation" in screen.message and "LB" in screen.message
    screen.on_event(button_down(pygame.CONTROLLER_BUTTON_RIGHTSTICK))
    assert nav.settings.pad == {"fire": ["rightstick"]}
    assert mask_of(button_down(pygame.CONTROLLER_BUTTON_RIGHTSTICK)) == FIRE
    assert mask_of(button_down(pygame.CONTROLLER_BUTTON_Y)) == 0
    assert prompts.last_device() == prompts.GAMEPAD  # the press itself was the pad
    assert prompts.fill("[fire]") == "RS"


def test_waiting_gives_up_after_a_while(screen, nav):
    start_remap(screen, "jump")
    nav.now += CAPTURE_SECONDS + 0.1
    screen.tick()
    assert screen.capturing is None
    assert screen.on_event(key_down(pygame.K_n)) is False  # not waiting: the app handles it
    assert nav.saved == []


def test_menu_navigation_and_back(screen, closed):
    screen.on_action(menu(Action.UP))
    assert ROWS[screen.selected] == BACK  # wraps
    screen.on_action(menu(Action.DOWN))
    assert ROWS[screen.selected] == GAME_ACTIONS[0]
    screen.on_action(menu(Action.PAUSE))  # Esc leaves the page
    assert closed == [True]


def test_the_back_row_returns_to_a_screen_given_instead_of_a_callable():
    class App(ControlsNav):
        scene = None

        def show_scene(self, scene):
            self.scene = scene

    nav = App()
    options = object()
    screen = ControlsScreen(nav, options)
    screen.selected = ROWS.index(BACK)
    screen.on_action(menu(Action.CONFIRM))
    assert nav.scene is options


def test_the_page_redraws_only_when_what_it_shows_changes(screen, nav):
    still = screen.frame_key()
    assert screen.frame_key() == still
    screen.on_action(menu(Action.DOWN))
    assert screen.frame_key() != still


def test_the_mouse_picks_a_row_and_a_right_click_cancels(screen):
    canvas = pygame.Surface((640, 360))
    screen.draw(canvas)
    rect = screen.rows.rect_of("clone")
    screen.on_mouse(Pointer(CLICK, rect.center, button=1))
    assert screen.capturing == "clone"
    screen.on_mouse(Pointer(CLICK, rect.center, button=3))
    assert screen.capturing is None


def test_every_action_is_listed_with_both_bindings(screen):
    canvas = pygame.Surface((640, 360))
    screen.draw(canvas)
    assert all(screen.rows.rect_of(action) is not None for action in GAME_ACTIONS)
    start_remap(screen, "jump")
    screen.draw(canvas)  # the waiting state draws too


def test_the_pause_menu_opens_and_closes_the_controls_page(tmp_path, sprites):
    nav = ControlsNav()
    play = PlayScene(nav, make_level(tmp_path), sprites)
    assert play.on_event(key_down(pygame.K_F1)) is False  # only from the pause menu
    play.on_action(menu(Action.PAUSE))
    assert play.paused
    assert play.on_event(key_down(pygame.K_F1)) is True
    assert play.controls is not None
    play.on_action(menu(Action.DOWN))
    play.on_action(menu(Action.DOWN))
    play.on_action(menu(Action.DOWN))
    play.on_action(menu(Action.DOWN))
    play.on_action(menu(Action.CONFIRM))  # jump
    assert play.on_event(key_down(pygame.K_u)) is True
    assert nav.settings.keys == {"jump": ["u"]}
    play.draw(pygame.Surface((640, 360)))
    play.on_action(menu(Action.PAUSE))  # Esc: back to the pause menu, still paused
    assert play.controls is None and play.paused
    assert play.on_event(button_down(pygame.CONTROLLER_BUTTON_Y)) is True  # Y on a pad
    assert play.controls is not None
