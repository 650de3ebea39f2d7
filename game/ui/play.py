"""Playing a level: one world step per tick with that tick's input, HUD, pause, restart."""

from __future__ import annotations

from typing import Protocol

import pygame

from game.input import Action, MenuAction
from game.level.model import Level
from game.render.dialogue import DialogueBox
from game.render.hud import Hud
from game.render.scene import SceneRenderer
from game.sim.constants import JUMP
from game.sim.naruto import CHAKRA_MAX
from game.sim.world import World
from game.ui.pause import draw_pause

FINISH_HOLD_TICKS = 90  # the last moment stays on screen this long before the results


class Navigator(Protocol):
    """What a screen may ask of the app."""

    def sample_input(self) -> int: ...
    def set_paused(self, paused: bool) -> None: ...
    def start_play(self) -> None: ...
    def show_title(self) -> None: ...
    def show_results(self, world: World, renderer: SceneRenderer) -> None: ...
    def quit(self) -> None: ...


class PlayScene:
    def __init__(self, nav: Navigator, level: Level, sprites, script=None):
        """`script` (an InputScript) replaces live input: watchable TAS playback."""
        self.nav = nav
        self.level = level
        self.sprites = sprites
        self.script = script
        self.hud = Hud(CHAKRA_MAX)
        self.renderer = SceneRenderer(level, sprites)
        self.dialogue_box = DialogueBox(sprites)
        self.paused = False
        self.pause_reason = ""
        self.restart()

    def restart(self) -> None:
        """A fresh world from the level already in memory: instant, no file access."""
        self.world = World(self.level)
        self.renderer.reset(self.world)
        self.dialogue_box.update(self.world.dialogue)
        self.finished_for = 0
        self._confirm = False  # Enter pressed over a dialogue box: a jump press next tick
        self._set_paused(False)

    def _set_paused(self, paused: bool, reason: str = "") -> None:
        self.paused = paused
        self.pause_reason = reason
        self.nav.set_paused(paused)

    # --- events ----------------------------------------------------------------------------
    def on_action(self, event: MenuAction) -> None:
        action = event.action
        if action == Action.RESTART:
            self.restart()
        elif action == Action.PAUSE:
            self._set_paused(not self.paused)
        elif self.paused and action == Action.CONFIRM:
            self._set_paused(False)
        elif action == Action.CONFIRM and self.world.dialogue:
            self._confirm = True
        elif self.paused and action == Action.BACK:
            self.nav.show_title()

    def on_activity(self) -> bool:
        return False

    def on_focus_lost(self) -> None:
        if not self.paused and not self.world.finished:
            self._set_paused(True, "the window lost focus")

    # --- time ------------------------------------------------------------------------------
    def tick(self) -> None:
        if self.paused:
            return
        world = self.world
        if world.finished:
            self.renderer.observe(())
            self.finished_for += 1
            if self.finished_for >= FINISH_HOLD_TICKS:
                self.nav.show_results(world, self.renderer)
            return
        # Sample live input even during playback, so held keys never leak into the next run.
        live = self.nav.sample_input()
        mask = self.script.mask(world.tick) if self.script is not None else live
        if self._confirm and self.script is None:
            mask |= JUMP  # Enter closes a box the way a jump press does
        self._confirm = False
        world.step(mask)
        self.renderer.screen_shake = self._screen_shake()
        self.renderer.tick(world)
        self.dialogue_box.update(world.dialogue)

    def _screen_shake(self) -> bool:
        """The player's setting, read every tick so a change applies at once."""
        settings = getattr(self.nav, "settings", None)
        return bool(getattr(settings, "screen_shake", True))

    # --- drawing ---------------------------------------------------------------------------
    def draw(self, canvas: pygame.Surface) -> None:
        self.renderer.draw(canvas, self.world)
        self.hud.draw(canvas, self.world)
        self.dialogue_box.draw(canvas, self.world.miner_names)
        if self.script is not None:
            self.hud.small.draw(
                canvas,
                "REPLAY",
                (canvas.get_width() // 2, 6),
                (120, 200, 255),
                anchor="midtop",
                outline=(16, 10, 10),
            )
        if self.paused:
            draw_pause(canvas, self.pause_reason)
