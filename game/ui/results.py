"""The results screen: how many got out, how many were lost, the time."""

from __future__ import annotations

import pygame

from game.input import Action, MenuAction
from game.render.hud import format_time
from game.ui.widgets import DIM, GOLD, RED, WHITE, blink, centred, dim

REVEAL_TICKS = 12  # one line appears every this many ticks


def headline(world) -> tuple[str, tuple[int, int, int]]:
    if world.lost == 0 and world.rescued == world.total_miners:
        return "EVERYONE IS OUT", GOLD
    if world.result == "collapsed" or world.lost:
        return "THE MINE CAME DOWN", RED
    return "OUT OF THE MINE", GOLD


class ResultsScreen:
    def __init__(self, nav, world, renderer):
        self.nav = nav
        self.world = world
        self.renderer = renderer
        self.ticks = 0

    def on_action(self, event: MenuAction) -> None:
        if event.action == Action.RESTART:
            self.nav.start_play()
        elif event.action in (Action.CONFIRM, Action.BACK) or (
            event.action == Action.PAUSE and event.device == "gamepad"
        ):
            self.nav.show_title()

    def on_activity(self) -> bool:
        return False

    def on_focus_lost(self) -> None:
        pass

    def tick(self) -> None:
        self.ticks += 1
        self.renderer.observe(())

    def draw(self, canvas: pygame.Surface) -> None:
        world = self.world
        self.renderer.draw(canvas, world)
        dim(canvas, 175)
        title, colour = headline(world)
        y = 70
        centred(canvas, title, y, colour, scale=3, shadow=(70, 20, 10))
        lines = [
            (f"Rescued {world.rescued} of {world.total_miners}", WHITE),
            (f"Lost {world.lost}", RED if world.lost else DIM),
            (f"Time {format_time(world.game_ticks)}", WHITE),
        ]
        shown = self.ticks // REVEAL_TICKS
        for i, (text, line_colour) in enumerate(lines[:shown]):
            centred(canvas, text, y + 50 + i * 24, line_colour, scale=2)
        if shown > len(lines) and blink(self.ticks):
            centred(canvas, "R retry     Enter title", y + 140, GOLD)
