"""The title screen. Left alone for a few seconds it plays the demo run behind the menu."""

from __future__ import annotations

from pathlib import Path

import pygame

from game.input import Action, MenuAction
from game.render.colours import DIM, EMBER, GOLD, WHITE
from game.render.dialogue import DialogueBox
from game.render.scene import SceneRenderer
from game.sim.constants import TICKS_PER_SECOND
from game.sim.world import World
from game.speedrun.splits import CATEGORY_NAMES
from game.tas import InputScriptError, load_input_script
from game.ui.widgets import blink, centred, dim

ATTRACT_AFTER_TICKS = 8 * TICKS_PER_SECOND
DEMO_TAIL_TICKS = 4 * TICKS_PER_SECOND  # after the run ends (or the script runs dry), loop
SETTLE_TICKS = 4

TITLE = "GREAT MINE RESCUE"
PREMISE = "The mountain is falling in. Split into a hundred of you and carry every miner out."
CONTROLS = (
    "Move  arrows / WASD     Jump  Z Space K     Rasengan  X J     Clone  C L (hold for more)",
    "Pause  Esc     Restart  R          Pad:  A jump   X rasengan   B clone   Start pause",
)


class TitleScreen:
    def __init__(self, nav, level, sprites, demo_path: str | Path | None = None):
        self.nav = nav
        self.level = level
        self.sprites = sprites
        self.ticks = 0
        self.idle = 0
        self.demo_script = _load_demo(demo_path)
        self.demo_world: World | None = None
        self.backdrop = World(level) if level is not None else None
        if self.backdrop is not None:
            for _ in range(SETTLE_TICKS):  # let Naruto land at the spawn: no input, no clock
                self.backdrop.step(0)
        self.renderer = SceneRenderer(level, sprites) if level is not None else None
        self.dialogue_box = DialogueBox(sprites)  # the demo's story lines show as in play
        self._demo_tail = 0

    @property
    def in_demo(self) -> bool:
        return self.demo_world is not None

    # --- events ----------------------------------------------------------------------------
    def on_action(self, event: MenuAction) -> None:
        if event.action == Action.CONFIRM or (
            event.action == Action.PAUSE and event.device == "gamepad"
        ):
            self.nav.start_play()
        elif event.device == "keyboard" and event.action in (Action.PAUSE, Action.BACK):
            self.nav.quit()

    def on_focus_lost(self) -> None:
        pass

    def on_key(self, key: int) -> None:
        """C switches the speedrun category: Any% or All Rescued (saved in the settings)."""
        update = getattr(self.nav, "update_settings", None)
        if key == pygame.K_c and update is not None:
            update(category="all" if self.category == "any" else "any")

    @property
    def category(self) -> str:
        category = getattr(getattr(self.nav, "settings", None), "category", "any")
        return category if category in CATEGORY_NAMES else "any"

    def on_activity(self) -> bool:
        """Any key or button: the idle count starts over. Returns True if it stopped the demo,
        in which case that key does nothing else."""
        self.idle = 0
        if self.in_demo:
            self.stop_demo()
            return True
        return False

    # --- attract mode ----------------------------------------------------------------------
    def start_demo(self) -> None:
        self.demo_world = World(self.level)
        self.renderer.reset(self.demo_world)
        self._demo_tail = 0

    def stop_demo(self) -> None:
        self.demo_world = None
        self.renderer.reset(self.backdrop)

    def tick(self) -> None:
        self.ticks += 1
        self.idle += 1
        if self.demo_world is None:
            can_demo = self.demo_script is not None and self.level is not None
            if can_demo and self.idle >= ATTRACT_AFTER_TICKS:
                self.start_demo()
            elif self.renderer is not None:
                self.renderer.observe(())
            return
        world = self.demo_world
        if world.finished or world.tick > self.demo_script.last_change + 30 * TICKS_PER_SECOND:
            self._demo_tail += 1
            self.renderer.observe(())
            if self._demo_tail >= DEMO_TAIL_TICKS:
                self.start_demo()
            return
        world.step(self.demo_script.mask(world.tick))
        settings = getattr(self.nav, "settings", None)
        self.renderer.screen_shake = bool(getattr(settings, "screen_shake", True))
        self.renderer.tick(world)
        self.dialogue_box.update(world.dialogue)

    # --- drawing ---------------------------------------------------------------------------
    def draw(self, canvas: pygame.Surface) -> None:
        world = self.demo_world or self.backdrop
        if world is not None:
            self.renderer.draw(canvas, world)
            dim(canvas, 120 if self.in_demo else 165)
        else:
            canvas.fill((18, 14, 16))
        height = canvas.get_height()
        top = 64 if not self.in_demo else 24
        centred(canvas, TITLE, top, GOLD, scale=4, shadow=EMBER)
        centred(canvas, PREMISE, top + 48, WHITE)
        if self.in_demo:
            self.dialogue_box.draw(canvas, self.demo_world.miner_names)
            if blink(self.ticks, 90):
                centred(canvas, "DEMO  -  press any key", height - 22, DIM)
            return
        if blink(self.ticks):
            centred(canvas, "Press Enter", top + 104, GOLD, scale=2)
        category = f"Category: {CATEGORY_NAMES[self.category]}   (C to change)"
        centred(canvas, category, top + 132, WHITE)
        for i, line in enumerate(CONTROLS):
            centred(canvas, line, height - 44 + i * 14, DIM)


def _load_demo(path):
    if path is None or not Path(path).is_file():
        return None
    try:
        return load_input_script(path)
    except InputScriptError:
        return None  # a broken demo only costs the attract mode, never the title screen
