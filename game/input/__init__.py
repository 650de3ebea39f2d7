"""Keyboard and gamepad state turned into one input bitmask per tick, plus menu actions."""

from game.input.bindings import Action, MenuAction
from game.input.sampler import InputSampler

__all__ = ["Action", "InputSampler", "MenuAction"]
