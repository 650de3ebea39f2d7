"""Bindings from settings.json: a remap changes what a key does and what the prompts say,
for the keyboard and the pad; names the game does not know fall back in one line."""

import json

import pygame
import pytest

from game.input import InputSampler, bindings, prompts
from game.input.bindings import Action, Bindings, from_settings
from game.input.prompts import PLAYSTATION, XBOX, binding_name, fill, pad_style
from game.sim.constants import CLONE, FIRE, JUMP, RASENGAN
from game.store import Settings, load_settings, settings_path


@pytest.fixture(autouse=True)
def defaults():
    """Every test starts and ends with the default controls and a keyboard player."""
    bindings.reset()
    prompts.reset()
    yield
    bindings.reset()
    prompts.reset()


def key_down(key):
    return pygame.event.Event(pygame.KEYDOWN, key=key, mod=0, unicode="", scancode=0)


def key_up(key):
    return pygame.event.Event(pygame.KEYUP, key=key, mod=0, unicode="", scancode=0)


def button_down(button, pad=0):
    return pygame.event.Event(pygame.CONTROLLERBUTTONDOWN, button=button, instance_id=pad)


def held_mask(*events):
    sampler = InputSampler()
    for event in events:
        sampler.handle(event)
    return sampler.sample()


def remap(keys=None, pad=None):
    problems = bindings.apply_settings(Settings(keys=keys or {}, pad=pad or {}))
    assert problems == []


def test_a_key_remap_changes_the_sampled_mask_and_the_prompts():
    assert held_mask(key_down(pygame.K_z)) == JUMP
    assert binding_name("jump") == "Z"
    remap(keys={"jump": ["n"]})
    assert held_mask(key_down(pygame.K_n)) == JUMP
    assert held_mask(key_down(pygame.K_z)) == 0  # Z no longer jumps
    assert held_mask(key_down(pygame.K_SPACE)) == 0
    assert binding_name("jump") == "N"
    assert fill("Press [jump] to jump, [rasengan] to blast") == "Press N to jump, X to blast"


def test_a_multi_word_key_name_reads_as_a_player_reads_it():
    remap(keys={"fire": ["left shift"], "transform": ["Right Ctrl"]})
    assert held_mask(key_down(pygame.K_LSHIFT)) == FIRE
    assert binding_name("fire") == "Left Shift"
    assert binding_name("transform") == "Right Ctrl"
    assert fill("[jump] [pause] [left]") == "Z Esc Left"


def test_a_pad_remap_changes_the_sampled_mask_and_the_pad_prompts():
    remap(pad={"jump": ["rightshoulder"], "clone": ["b"]})
    assert held_mask(button_down(pygame.CONTROLLER_BUTTON_RIGHTSHOULDER)) == JUMP
    assert held_mask(button_down(pygame.CONTROLLER_BUTTON_A)) == 0
    assert held_mask(button_down(pygame.CONTROLLER_BUTTON_B)) == CLONE
    assert binding_name("jump", prompts.GAMEPAD) == "RB"
    # A still confirms in menus, whatever jump is bound to
    sampler = InputSampler()
    action = sampler.handle(button_down(pygame.CONTROLLER_BUTTON_A))
    assert action is not None and action.action == Action.CONFIRM


def test_pause_and_restart_follow_their_bindings_and_esc_always_pauses():
    remap(keys={"restart": ["f5"], "pause": ["home"]})
    sampler = InputSampler()
    assert sampler.handle(key_down(pygame.K_F5)).action == Action.RESTART
    assert sampler.handle(key_down(pygame.K_r)) is None
    assert sampler.handle(key_down(pygame.K_HOME)).action == Action.PAUSE
    assert sampler.handle(key_down(pygame.K_ESCAPE)).action == Action.PAUSE
    assert binding_name("restart") == "F5"
    assert binding_name("pause") == "Esc"


def test_the_pause_menu_names_the_current_restart_binding():
    from game.ui.play import _both_bindings

    assert _both_bindings("restart") == "R / Back"
    remap(keys={"restart": ["f5"]}, pad={"restart": ["leftshoulder"]})
    assert _both_bindings("restart") == "F5 / LB"
    assert _both_bindings("pause").startswith("Esc / ")


def test_prompts_name_the_device_last_used():
    sampler = InputSampler()
    text = "Jump: [jump]  Clone: [clone]"
    sampler.handle(key_down(pygame.K_c))
    assert fill(text) == "Jump: Z  Clone: C"
    sampler.handle(button_down(pygame.CONTROLLER_BUTTON_X))
    assert fill(text) == "Jump: A  Clone: B"
    sampler.gamepads.styles[7] = PLAYSTATION  # a DualSense, as the pad's GUID says
    sampler.handle(button_down(pygame.CONTROLLER_BUTTON_X, pad=7))
    assert fill(text) == "Jump: Cross  Clone: Circle"
    assert binding_name("fire") == "Triangle"
    sampler.handle(key_up(pygame.K_c))  # a key let go is not a key used
    assert prompts.last_device() == prompts.GAMEPAD
    sampler.handle(key_down(pygame.K_LEFT))
    assert fill(text) == "Jump: Z  Clone: C"


def test_a_stick_push_counts_as_the_pad():
    sampler = InputSampler()
    sampler.handle(
        pygame.event.Event(
            pygame.CONTROLLERAXISMOTION,
            axis=pygame.CONTROLLER_AXIS_LEFTX,
            value=-30000,
            instance_id=0,
        )
    )
    assert prompts.last_device() == prompts.GAMEPAD
    assert fill("[move]") == "D-pad / left stick"


def test_pad_family_from_the_guid_or_the_name():
    sony_guid = "030000004c050000e60c000000016800"  # vendor 0x054c: Sony
    assert pad_style("Wireless Controller", sony_guid) == PLAYSTATION
    assert pad_style("PS4 Controller", "") == PLAYSTATION
    assert pad_style("DualSense Wireless Controller", "") == PLAYSTATION
    assert pad_style("Xbox 360 Controller", "030000005e0400008e02000014010000") == XBOX
    assert pad_style("", "") == XBOX  # unknown: A/B/X/Y


def test_unknown_tokens_stay_as_they_are():
    assert fill("[jump] and [nothing] and [x") == "Z and [nothing] and [x"


def test_a_key_bound_in_the_file_leaves_the_other_actions_defaults():
    remap(keys={"jump": ["x"]})
    assert held_mask(key_down(pygame.K_x)) == JUMP  # not Rasengan too
    assert held_mask(key_down(pygame.K_j)) == RASENGAN


def test_settings_values_round_trip_and_keep_only_changes():
    chosen = Bindings().with_key("fire", pygame.K_f).with_button("jump", 7)
    keys, pad = chosen.settings_values()
    assert keys == {"fire": ["f"]}
    assert pad == {"jump": ["leftstick"]}
    again, problems = from_settings(keys, pad)
    assert problems == []
    assert again == chosen
    assert Bindings().settings_values() == ({}, {})


def test_bad_names_in_settings_json_fall_back_with_one_line(capsys):
    path = settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        json.dumps(
            {
                "keys": {"jump": ["nope"], "fire": ["f"], "rasengan": ["return"], "fly": ["u"]},
                "pad": {"clone": ["triangle"]},
            }
        )
    )
    try:
        settings = load_settings()
        assert capsys.readouterr().err == ""  # the shape is right: the store keeps it
        bindings.load(settings)
        err = capsys.readouterr().err
        assert err.count("\n") == 1, err
        assert str(path) in err
        assert "'nope'" in err and "Enter is kept" in err and "'fly'" in err
        assert "'triangle'" in err
        assert "Traceback" not in err
        assert held_mask(key_down(pygame.K_z)) == JUMP  # jump kept its default
        assert held_mask(key_down(pygame.K_x)) == RASENGAN
        assert held_mask(key_down(pygame.K_f)) == FIRE  # the good one applies
        assert held_mask(button_down(pygame.CONTROLLER_BUTTON_B)) == CLONE
    finally:
        path.unlink()


def test_the_app_applies_the_saved_bindings_at_start(tmp_path, monkeypatch):
    from synthetic_level import make_level

    import game.app as app_module
    from game.store import save_settings

    level = make_level(tmp_path)
    monkeypatch.setattr(app_module, "load_level", lambda path: level)
    save_settings(Settings(keys={"jump": ["u"]}))
    try:
        app_module.App("any.tmx")
        assert held_mask(key_down(pygame.K_u)) == JUMP
        assert binding_name("jump") == "U"
    finally:
        settings_path().unlink()
