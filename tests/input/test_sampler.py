"""Keys and pad buttons become the per-tick mask the simulation sees."""

import pygame
import pytest

from game.input import Action, InputSampler
from game.input.gamepad import stick_mask
from game.sim.constants import CLONE, DOWN, FIRE, JUMP, LEFT, RASENGAN, RIGHT, TRANSFORM, UP


def key(kind, k):
    return pygame.event.Event(kind, key=k, mod=0, unicode="", scancode=0)


def press(sampler, *keys):
    return [sampler.handle(key(pygame.KEYDOWN, k)) for k in keys]


def release(sampler, *keys):
    for k in keys:
        sampler.handle(key(pygame.KEYUP, k))


def pad_button(kind, button, pad=0):
    return pygame.event.Event(kind, button=button, instance_id=pad)


def pad_axis(axis, value, pad=0):
    return pygame.event.Event(pygame.CONTROLLERAXISMOTION, axis=axis, value=value, instance_id=pad)


@pytest.mark.parametrize(
    "keys, mask",
    [
        ([pygame.K_LEFT], LEFT),
        ([pygame.K_a], LEFT),
        ([pygame.K_d, pygame.K_w], RIGHT | UP),
        ([pygame.K_s], DOWN),
        ([pygame.K_z], JUMP),
        ([pygame.K_SPACE], JUMP),
        ([pygame.K_k], JUMP),
        ([pygame.K_x], RASENGAN),
        ([pygame.K_j], RASENGAN),
        ([pygame.K_c], CLONE),
        ([pygame.K_l], CLONE),
        ([pygame.K_v], FIRE),
        ([pygame.K_b], TRANSFORM),
        ([pygame.K_RIGHT, pygame.K_z, pygame.K_c], RIGHT | JUMP | CLONE),
        ([pygame.K_F5], 0),
    ],
)
def test_held_keys_give_the_bound_buttons(keys, mask):
    sampler = InputSampler()
    press(sampler, *keys)
    assert sampler.sample() == mask
    assert sampler.sample() == mask  # still held on the next tick


def test_released_key_stops_counting_from_the_next_tick():
    sampler = InputSampler()
    press(sampler, pygame.K_RIGHT, pygame.K_z)
    sampler.sample()
    release(sampler, pygame.K_z)
    assert sampler.sample() == RIGHT


def test_a_tap_between_two_ticks_still_reaches_one_tick():
    sampler = InputSampler()
    press(sampler, pygame.K_z)
    release(sampler, pygame.K_z)
    assert sampler.sample() == JUMP
    assert sampler.sample() == 0


def test_two_keys_for_one_button_both_have_to_be_released():
    sampler = InputSampler()
    press(sampler, pygame.K_LEFT, pygame.K_a)
    release(sampler, pygame.K_LEFT)
    sampler.sample()
    assert sampler.sample() == LEFT


def test_losing_focus_releases_everything():
    sampler = InputSampler()
    press(sampler, pygame.K_LEFT)
    sampler.handle(pad_button(pygame.CONTROLLERBUTTONDOWN, pygame.CONTROLLER_BUTTON_A))
    sampler.release_all()
    assert sampler.sample() == 0


def test_menu_keys_arrive_as_actions_not_buttons():
    sampler = InputSampler()
    actions = press(sampler, pygame.K_RETURN, pygame.K_ESCAPE, pygame.K_r, pygame.K_BACKSPACE)
    expected = [Action.CONFIRM, Action.PAUSE, Action.RESTART, Action.BACK]
    assert [a.action for a in actions] == expected
    assert all(a.device == "keyboard" for a in actions)
    assert sampler.sample() == 0


@pytest.mark.parametrize(
    "button, mask",
    [
        (pygame.CONTROLLER_BUTTON_A, JUMP),
        (pygame.CONTROLLER_BUTTON_X, RASENGAN),
        (pygame.CONTROLLER_BUTTON_B, CLONE),
        (pygame.CONTROLLER_BUTTON_RIGHTSHOULDER, CLONE),
        (pygame.CONTROLLER_BUTTON_Y, FIRE),
        (pygame.CONTROLLER_BUTTON_LEFTSHOULDER, TRANSFORM),
        (pygame.CONTROLLER_BUTTON_DPAD_LEFT, LEFT),
        (pygame.CONTROLLER_BUTTON_DPAD_DOWN, DOWN),
    ],
)
def test_pad_buttons_give_the_bound_buttons(button, mask):
    sampler = InputSampler()
    sampler.handle(pad_button(pygame.CONTROLLERBUTTONDOWN, button))
    assert sampler.sample() == mask
    sampler.handle(pad_button(pygame.CONTROLLERBUTTONUP, button))
    assert sampler.sample() == 0


def test_start_pauses_and_back_restarts_on_a_pad():
    sampler = InputSampler()
    start = sampler.handle(pad_button(pygame.CONTROLLERBUTTONDOWN, pygame.CONTROLLER_BUTTON_START))
    back = sampler.handle(pad_button(pygame.CONTROLLERBUTTONDOWN, pygame.CONTROLLER_BUTTON_BACK))
    assert (start.action, start.device) == (Action.PAUSE, "gamepad")
    assert back.action == Action.RESTART


def test_stick_moves_only_past_the_deadzone():
    assert stick_mask(3000, -2000) == 0  # a worn stick resting off centre
    assert stick_mask(-32768, 0) == LEFT
    assert stick_mask(20000, 20000) == RIGHT | DOWN
    sampler = InputSampler()
    sampler.handle(pad_axis(pygame.CONTROLLER_AXIS_LEFTX, 30000))
    assert sampler.sample() == RIGHT
    sampler.handle(pad_axis(pygame.CONTROLLER_AXIS_LEFTX, 1000))
    assert sampler.sample() == 0


def test_pushing_the_stick_up_navigates_menus_once():
    sampler = InputSampler()
    first = sampler.handle(pad_axis(pygame.CONTROLLER_AXIS_LEFTY, -30000))
    again = sampler.handle(pad_axis(pygame.CONTROLLER_AXIS_LEFTY, -31000))
    assert first.action == Action.UP
    assert again is None


def test_unplugging_a_pad_releases_its_buttons_but_not_the_keyboard():
    sampler = InputSampler()
    press(sampler, pygame.K_LEFT)
    sampler.handle(pad_button(pygame.CONTROLLERBUTTONDOWN, pygame.CONTROLLER_BUTTON_A, pad=3))
    sampler.sample()
    sampler.handle(pygame.event.Event(pygame.CONTROLLERDEVICEREMOVED, instance_id=3))
    assert sampler.sample() == LEFT


def test_two_pads_and_the_keyboard_combine():
    sampler = InputSampler()
    press(sampler, pygame.K_RIGHT)
    sampler.handle(pad_button(pygame.CONTROLLERBUTTONDOWN, pygame.CONTROLLER_BUTTON_A, pad=0))
    sampler.handle(pad_button(pygame.CONTROLLERBUTTONDOWN, pygame.CONTROLLER_BUTTON_X, pad=1))
    assert sampler.sample() == RIGHT | JUMP | RASENGAN


def test_any_key_counts_as_activity_once():
    sampler = InputSampler()
    assert not sampler.take_activity()
    press(sampler, pygame.K_F5)
    assert sampler.take_activity()
    assert not sampler.take_activity()


def test_a_pad_announced_but_gone_before_it_opens_is_ignored():
    pygame.init()
    try:
        sampler = InputSampler()
        sampler.start()
        event = pygame.event.Event(pygame.CONTROLLERDEVICEADDED, device_index=42)
        assert sampler.handle(event) is None
        assert sampler.sample() == 0
    finally:
        pygame.quit()
