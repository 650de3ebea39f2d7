"""The title screen: the map list (game/ui/level_select.py) over the selected map. Left alone
for a few seconds it plays that map's demo run behind the menu, when the map has one (a
chain's entry, the Full Rescue, plays demos/<first map>.chain.inputs).

The list's maps may load on a background thread (the game's list does): the title takes in
what finished each tick and never waits for a map. Enter on a map still loading waits a frame
at most, then says "Loading..." and starts the map as soon as it is ready (unless the player
chooses another); a shipped map loads on the spot, in milliseconds."""

from __future__ import annotations

from pathlib import Path

import pygame

from game.input import Action, MenuAction
from game.render.colours import DIM, EMBER, GOLD, RED, WHITE
from game.render.dialogue import DialogueBox
from game.render.scene import SceneRenderer, miner_looks
from game.sim.constants import TICKS_PER_SECOND
from game.sim.world import World
from game.speedrun.splits import CATEGORY_NAMES, DEFAULT_CATEGORY
from game.tas import InputScriptError, load_input_script
from game.ui.level_select import MapEntry, MapList, draw_map_list, folder_for_display
from game.ui.navigator import Navigator
from game.ui.widgets import blink, centred, dim

ATTRACT_AFTER_TICKS = 8 * TICKS_PER_SECOND
DEMO_TAIL_TICKS = 4 * TICKS_PER_SECOND  # after the run ends (or the script runs dry), loop
SETTLE_TICKS = 4
NOTICE_TICKS = 2 * TICKS_PER_SECOND  # how long "that map does not load" stays up
ENTER_WAIT_SECONDS = 1 / TICKS_PER_SECOND  # Enter waits no longer than a frame for a map
LIST_ROWS = 7  # more maps than this scroll

TITLE = "GREAT MINE RESCUE"
PREMISE = "The mountain is falling in. Split into a hundred of you and carry every miner out."
CONTROLS = (
    "Move  arrows / WASD     Jump  Z Space K     Rasengan  X J     Clone  C L (hold for more)",
    "Pause  Esc     Restart  R          Pad:  A jump   X rasengan   B clone   Start pause",
)


class TitleScreen:
    """With `maps`, a list to choose from (the backdrop and demo follow the selection);
    without, the one `level` and `demo_path` given."""

    def __init__(
        self,
        nav: Navigator,
        level,
        sprites,
        demo_path: str | Path | None = None,
        maps: MapList | None = None,
    ):
        self.nav = nav
        self.sprites = sprites
        self.maps = maps
        self.ticks = 0
        self.idle = 0
        self.notice = ""
        self.notice_ticks = 0
        self.demo_world: World | None = None
        self.dialogue_box = DialogueBox(sprites)  # the demo's story lines show as in play
        self._demo_tail = 0
        self.level = self.backdrop = self.renderer = self.demo_script = None
        self.waiting_for: MapEntry | None = None  # Enter was pressed on it while it loaded
        if maps is not None and maps.selected is not None:
            self._show(maps.request(maps.selected))
        elif maps is None:
            self._show_level(level, demo_path)
        if maps is not None:
            maps.start()  # the rest load in the background (when the list has a worker)

    def _show(self, entry: MapEntry) -> None:
        """The backdrop (and the demo) of the selected map. A broken map, or one still
        loading, keeps the last backdrop standing but has no demo: there is nothing to play."""
        if entry.level is None:
            self.demo_script = None
            if self.in_demo:
                self.stop_demo()
            return
        self._show_level(entry.level, entry.demo_path)

    def _show_level(self, level, demo_path) -> None:
        self.level = level
        self.demo_script = _load_demo(demo_path)
        self.demo_world = None
        self.backdrop = World(level) if level is not None else None
        if self.backdrop is not None:
            for _ in range(SETTLE_TICKS):  # let Naruto land at the spawn: no input, no clock
                self.backdrop.step(0)
        self.renderer = SceneRenderer(level, self.sprites) if level is not None else None

    @property
    def in_demo(self) -> bool:
        return self.demo_world is not None

    # --- events ----------------------------------------------------------------------------
    def on_action(self, event: MenuAction) -> None:
        if self.maps is not None and self._take_in_loads():
            return  # the map waited for started: this title is done
        if event.action == Action.CONFIRM or (
            event.action == Action.PAUSE and event.device == "gamepad"
        ):
            self.play_selected()
        elif event.device == "keyboard" and event.action in (Action.PAUSE, Action.BACK):
            self.nav.quit()
        elif event.action in (Action.UP, Action.DOWN) and self.maps is not None:
            self.choose(-1 if event.action == Action.UP else 1)

    def choose(self, step: int) -> None:
        """Up (-1) or down (+1) the list; the backdrop and demo follow."""
        if self.maps.move(step):
            self.notice_ticks = 0
            self.waiting_for = None  # another map chosen: the one waited for is not wanted
            self._show(self.maps.request(self.maps.selected))

    def play_selected(self) -> None:
        """Start the selected map and remember it; a map that does not load is refused. One
        still loading starts when it is ready (waiting here a frame at most)."""
        if self.maps is None:
            self.nav.start_play()
            return
        self.maps.poll()
        entry = self.maps.selected
        if entry is None:
            return  # no maps at all: nothing to start
        self.maps.retry(entry)  # a broken map saved since? look again before refusing
        self.maps.request(entry)
        if not entry.tried and not self.maps.wait(entry, ENTER_WAIT_SECONDS):
            self.waiting_for = entry
            return
        self._start(entry)

    def _start(self, entry: MapEntry) -> bool:
        """Play `entry`, or say it does not load. True if it started."""
        self.waiting_for = None
        if entry.level is None:
            self.notice = f"{entry.name} does not load: fix the map and save it, then try again"
            self.notice_ticks = NOTICE_TICKS
            return False
        self.maps.close()  # no more loading behind the game
        if entry.key:
            self.nav.update_settings(last_map=entry.key)
        if entry.chain:  # the Full Rescue: the map and its next_map chain, one run
            self.nav.play_map(entry.path, entry.level, chain=True)
        else:
            self.nav.play_map(entry.path, entry.level)
        return True

    def _take_in_loads(self) -> bool:
        """What the background loads finished: the selected map's backdrop once it is there,
        and the map Enter was pressed on, started as soon as it has loaded. True if it
        started."""
        self.maps.poll()
        entry = self.maps.selected
        if entry is None:
            return False
        if entry.level is not None and entry.level is not self.level and not self.in_demo:
            self._show(entry)
        if self.waiting_for is entry and entry.tried:
            return self._start(entry)
        return False

    def on_focus_lost(self) -> None:
        pass

    def on_key(self, key: int) -> None:
        """C switches the speedrun category: Any% or All Rescued (saved in the settings)."""
        if key == pygame.K_c:
            self.nav.update_settings(category="all" if self.category == "any" else "any")

    @property
    def category(self) -> str:
        category = self.nav.settings.category
        return category if category in CATEGORY_NAMES else DEFAULT_CATEGORY

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
        self.notice_ticks = max(0, self.notice_ticks - 1)
        if self.maps is not None:
            self._take_in_loads()
            if not self.maps.background and not self.in_demo:
                self.maps.load_next()  # one map a tick, so the title never waits for them all
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
        self.renderer.screen_shake = self.nav.settings.screen_shake
        self.renderer.tick(world)
        self.dialogue_box.update(world.dialogue)

    # --- drawing ---------------------------------------------------------------------------
    def draw(self, canvas: pygame.Surface, alpha: float = 1.0) -> None:
        """`alpha`: how far the frame is from the last tick to the next (the loop's)."""
        world = self.demo_world or self.backdrop
        if world is not None:
            self.renderer.draw(canvas, world, alpha)
            dim(canvas, 120 if self.in_demo else 165)
        else:
            canvas.fill((18, 14, 16))
        height = canvas.get_height()
        listed = self.maps is not None and bool(self.maps.entries)
        top = 24 if self.in_demo or listed else 64
        centred(canvas, TITLE, top, GOLD, scale=4, shadow=EMBER)
        centred(canvas, PREMISE, top + 48, WHITE)
        if self.in_demo:
            self.dialogue_box.draw(canvas, miner_looks(self.demo_world))
            if blink(self.ticks, 90):
                shown = self.maps.selected.name if listed else ""
                text = f"DEMO  -  {shown}  -  press any key" if shown else "DEMO  -  press any key"
                centred(canvas, text, height - 22, DIM)
            return
        y = top + 104
        if listed:
            area = draw_map_list(canvas, self.maps, top + 70, LIST_ROWS, blink(self.ticks, 40))
            y = area.bottom + 10
        selected = self.maps.selected if listed else None
        if self.notice_ticks:
            centred(canvas, self.notice, y + 4, RED)
        elif selected is not None and selected.broken:
            centred(canvas, "This map does not load: fix it in Tiled and save", y + 4, DIM)
        elif selected is not None and self.waiting_for is selected:
            centred(canvas, f"Loading {selected.name}... it starts when ready", y + 4, GOLD)
        elif selected is not None and selected.slow:
            centred(canvas, "This map is still loading: Enter starts it when ready", y + 4, DIM)
        elif blink(self.ticks):
            centred(canvas, "Press Enter", y, GOLD, scale=2)
        category = f"Category: {CATEGORY_NAMES[self.category]}   (C to change)"
        if listed:
            category += "      Up / Down: choose a map"
        centred(canvas, category, y + 28, WHITE)
        if listed and self.maps.user_folder is not None:
            folder = folder_for_display(self.maps.user_folder)
            centred(canvas, f"Your own maps (.tmx) go in {folder}", y + 42, DIM)
        for i, line in enumerate(CONTROLS):
            centred(canvas, line, height - 44 + i * 14, DIM)


def _load_demo(path):
    if path is None or not Path(path).is_file():
        return None
    try:
        return load_input_script(path)
    except InputScriptError:
        return None  # a broken demo only costs the attract mode, never the title screen
