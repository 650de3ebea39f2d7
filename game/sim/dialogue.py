"""Dialogue boxes. While one is open the world stands still and the in-game timer stops,
so reading never costs a runner time; a jump press closes it (the next line, if queued,
opens at once). The box cannot be closed in its first ticks, so a held jump does not
skip a line unread."""

from __future__ import annotations

from game.sim import events
from game.sim.constants import JUMP, RASENGAN

MIN_OPEN_TICKS = 12
CLOSE_BUTTONS = JUMP | RASENGAN


def setup(world) -> None:
    """Fill the dialogue attributes `World.__init__` declares; open the map's intro box."""
    world.dialogue = ""
    world.dialogue_queue = []
    world.dialogue_age = 0
    open_lines(world, world.level.intro)


def open_lines(world, text: str) -> None:
    """Each non-blank line of `text` in a box of its own, one after another."""
    for line in text.splitlines():
        open_box(world, line.strip())


def open_box(world, text: str) -> None:
    if not text:
        return
    if world.dialogue:
        world.dialogue_queue.append(text)
        return
    world.dialogue = text
    world.dialogue_age = 0
    world.events.append((events.DIALOGUE, *world.naruto.center_px))


def step(world, buttons: int) -> None:
    """One tick with a box open: only the box reacts."""
    n = world.naruto
    pressed = buttons & ~n.prev_buttons
    n.prev_buttons = buttons  # the press that closes the box is not also a jump
    world.dialogue_age += 1
    if pressed & CLOSE_BUTTONS and world.dialogue_age >= MIN_OPEN_TICKS:
        world.dialogue = ""
        if world.dialogue_queue:
            open_box(world, world.dialogue_queue.pop(0))
