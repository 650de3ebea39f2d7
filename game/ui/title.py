"""The title screen: the map list (game/ui/level_select.py) over the selected map, then the
menu entries below it (Quit). Left alone for 30 seconds it plays that map's demo run behind
the menu, when the map has one (a chain's entry, the Full Rescue, plays
demos/<first map>.chain.inputs); the menu stays on screen, and the first key, button or
click both ends the demo and does what it does (Enter starts the chosen map at once, Down
moves). Esc asks "Quit the game?" before quitting. The mouse works too (game/ui/mouse.py):
hovering a row selects it, a click chooses it, the wheel moves.

The list's maps may load on a background thread (the game's list does): the title takes in
what finished each tick and never waits for a map. Enter on a map still loading waits a frame
at most, then says "Loading..." and starts the map as soon as it is ready (unless the player
chooses another); a shipped map loads on the spot, in milliseconds."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pygame

from game.input import Action, MenuAction
from game.input.prompts import fill
from game.render.colours import DIM, EMBER, GOLD, INK, RED, WHITE
from game.render.dialogue import DialogueBox
from game.render.scene import SceneRenderer, miner_looks
from game.render.text import font
from game.sim.constants import TICKS_PER_SECOND
from game.sim.world import World
from game.speedrun.splits import CATEGORY_NAMES, DEFAULT_CATEGORY
from game.tas import InputScriptError, load_input_script
from game.ui.level_select import (
    ROW_H,
    MapEntry,
    MapList,
    draw_map_list,
    folder_for_display,
    visible_rows,
)
from game.ui.mouse import MenuRows, Pointer
from game.ui.navigator import Navigator
from game.ui.widgets import blink, centred, dim

ATTRACT_AFTER_TICKS = 30 * TICKS_PER_SECOND  # idle this long: the demo plays behind the menu
DEMO_TAIL_TICKS = 4 * TICKS_PER_SECOND  # after the run ends (or the script runs dry), loop
SETTLE_TICKS = 4
NOTICE_TICKS = 2 * TICKS_PER_SECOND  # how long "that map does not load" stays up
ENTER_WAIT_SECONDS = 1 / TICKS_PER_SECOND  # Enter waits no longer than a frame for a map
LIST_ROWS = 7  # more maps than this scroll

QUIT = "Quit"
OPTIONS = "Options"
CONFIRM_QUESTION = "Quit the game?"
YES, NO = 0, 1
CONFIRM_CHOICES = ("Yes", "No")
MENU_ROW_H = 13
CONFIRM_PANEL = (20, 14, 16)  # opaque: the question reads over anything
CONFIRM_EDGE = (150, 110, 70)
CONFIRM_HIGHLIGHT = (70, 50, 30)
BACKDROP_DIM = 165  # the still backdrop behind the menu
DEMO_DIM = 120  # the demo, plainer: it is there to be watched

TITLE = "GREAT MINE RESCUE"
PREMISE = "The mountain is falling in. Split into a hundred of you and carry every miner out."
# The tokens name the current binding of the device last used (game/input/prompts.py).
CONTROLS = (
    "Move  [move]     Jump  [jump]     Rasengan  [rasengan]     Clone  [clone] (hold for more)",
    "Fire  [fire]     Transform  [transform]     Pause  [pause]     Restart  [restart]",
)


class TitleScreen:
    """With `maps`, a list to choose from (the backdrop and demo follow the selection);
    without, the one `level` and `demo_path` given."""

    notice_at = (320, 296)  # the app's notices ("Music 60%"): clear of the logo and the menu

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
        # The selection below the maps: None on the map list, else a row of `menu_items()`.
        self.menu_row: int | None = None
        self.confirm: int | None = None  # "Quit the game?" open: YES or NO selected
        self.rows = MenuRows()  # the rows drawn last frame, for the mouse
        self.confirm_rows = MenuRows()
        self._still: tuple | None = None  # (world, renderer, the dimmed backdrop drawn once)
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
        confirm = event.action == Action.CONFIRM or (
            event.action == Action.PAUSE and event.device == "gamepad"
        )
        back = event.action == Action.BACK or (
            event.action == Action.PAUSE and event.device == "keyboard"
        )
        if self.confirm is not None:
            if confirm:
                self.answer(self.confirm)
            elif back:
                self.answer(NO)
            elif event.action in (Action.UP, Action.DOWN):
                self.confirm = NO if self.confirm == YES else YES
        elif confirm:
            self.activate()
        elif back:
            self.ask_quit()
        elif event.action in (Action.UP, Action.DOWN):
            self.move(-1 if event.action == Action.UP else 1)

    # --- the menu below the maps, and the quit confirm ---------------------------------------
    def menu_items(self) -> list[tuple[str, Callable[[], None]]]:
        """The entries under the map list, top to bottom: (label, what choosing it does)."""
        return [(OPTIONS, self.open_options), (QUIT, self.ask_quit)]

    def open_options(self) -> None:
        """The Options screen (game/ui/options.py); Esc comes back to this title."""
        self.nav.show_options(self)

    def activate(self) -> None:
        """Enter (or A, or a click) on the selection: play the map, or the menu entry."""
        if self.menu_row is None:
            self.play_selected()
        else:
            self.menu_items()[self.menu_row][1]()

    def move(self, step: int) -> None:
        """Up (-1) or down (+1): through the maps, then on into the menu entries below."""
        items = len(self.menu_items())
        if self.menu_row is not None:
            row = self.menu_row + step
            back_on_maps = row < 0 and self.maps is not None
            self.menu_row = None if back_on_maps else max(0, min(row, items - 1))
        elif step > 0 and (self.maps is None or self._at_last_map()):
            self.menu_row = 0
        elif self.maps is not None:
            self.choose(step)

    def _at_last_map(self) -> bool:
        return not self.maps.entries or self.maps.index >= len(self.maps.entries) - 1

    def ask_quit(self) -> None:
        """Esc, or the Quit entry: "Quit the game?", with No selected."""
        self.confirm = NO

    def answer(self, choice: int) -> None:
        """Yes quits; No closes the question, back on the menu as it was."""
        self.confirm = None
        if choice == YES:
            self.nav.quit()

    def choose(self, step: int) -> None:
        """Up (-1) or down (+1) the list (or further); the backdrop and demo follow."""
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
        """C switches the speedrun category: Any% or All Rescued (saved in the settings). In
        the quit confirm: Y and N answer, left and right move between Yes and No."""
        if self.confirm is not None:
            if key == pygame.K_y:
                self.answer(YES)
            elif key == pygame.K_n:
                self.answer(NO)
            elif key in (pygame.K_LEFT, pygame.K_RIGHT, pygame.K_a, pygame.K_d):
                self.confirm = NO if self.confirm == YES else YES
            return
        if key == pygame.K_c:
            self.nav.update_settings(category="all" if self.category == "any" else "any")

    @property
    def category(self) -> str:
        category = self.nav.settings.category
        return category if category in CATEGORY_NAMES else DEFAULT_CATEGORY

    def on_activity(self) -> bool:
        """Any key or button: the idle count starts over, and the demo (if it plays) stops.
        Always False: the same key goes on to act (Enter starts the map, Down moves)."""
        self.idle = 0
        if self.in_demo:
            self.stop_demo()
        return False

    def on_mouse(self, pointer: Pointer) -> None:
        """Hover selects a row, a click chooses it (and ends the demo first, like a key); the
        wheel moves. Moving the mouse keeps the demo away but never stops one playing."""
        if pointer.kind == "move" and self.in_demo:
            return
        self.idle = 0
        if pointer.kind == "wheel":
            self.on_activity()
            if self.confirm is None and pointer.wheel:
                self.move(-1 if pointer.wheel > 0 else 1)
            return
        if pointer.click:
            self.on_activity()
        if self.confirm is not None:
            choice = self.confirm_rows.at(pointer.pos)
            if choice is not None:
                self.confirm = int(choice)
                if pointer.click:
                    self.answer(int(choice))
            return
        row = self.rows.at(pointer.pos)
        if row is None:
            return
        self.point_at(row)
        if pointer.click:
            self.activate()

    def point_at(self, row) -> None:
        """Select the row the mouse is on: ("map", index) or ("menu", index)."""
        kind, index = row
        if kind == "menu":
            self.menu_row = index
            return
        self.menu_row = None
        if self.maps is not None and index != self.maps.index:
            self.choose(index - self.maps.index)

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
    def frame_key(self) -> tuple | None:
        """What the frame shows, when it stands still (the app draws it again only when this
        changes); None while the demo plays."""
        if self.in_demo:
            return None
        maps = self.maps
        entries = (
            tuple((e.name, e.level is not None, e.tried, e.slow, e.error) for e in maps.entries)
            if maps is not None
            else ()
        )
        return (
            id(self.backdrop),
            id(self.renderer),
            maps.index if maps is not None else None,
            entries,
            self.menu_row,
            self.confirm,
            blink(self.ticks, 40),
            blink(self.ticks),
            self.notice_ticks > 0,
            self.notice,
            self.waiting_for is not None,
            self.category,
        )

    def _draw_backdrop(self, canvas: pygame.Surface, alpha: float) -> None:
        """The demo, or the selected map standing still: that one is drawn (and dimmed) once
        and kept, so the idle title costs a blit a frame."""
        if self.in_demo:
            self.renderer.draw(canvas, self.demo_world, alpha)
            dim(canvas, DEMO_DIM)
            return
        if self.backdrop is None:
            canvas.fill((18, 14, 16))
            return
        still = self._still
        if still is None or still[0] is not self.backdrop or still[1] is not self.renderer:
            self.renderer.draw(canvas, self.backdrop, alpha)
            dim(canvas, BACKDROP_DIM)
            self._still = still = (self.backdrop, self.renderer, canvas.copy())
        canvas.blit(still[2], (0, 0))

    def draw(self, canvas: pygame.Surface, alpha: float = 1.0) -> None:
        """`alpha`: how far the frame is from the last tick to the next (the loop's)."""
        self._draw_backdrop(canvas, alpha)
        height = canvas.get_height()
        listed = self.maps is not None and bool(self.maps.entries)
        top = 24
        centred(canvas, TITLE, top, GOLD, scale=4, shadow=EMBER)
        centred(canvas, PREMISE, top + 48, WHITE)
        if self.in_demo:
            self.dialogue_box.draw(canvas, miner_looks(self.demo_world))
        self.rows.clear()
        y = top + 70
        if listed:
            area = draw_map_list(canvas, self.maps, y, LIST_ROWS, blink(self.ticks, 40))
            first, last = visible_rows(self.maps, LIST_ROWS)
            for i in range(last - first):
                row = pygame.Rect(area.x, y + i * ROW_H - 2, area.w, ROW_H)
                self.rows.add(row, ("map", first + i), pad=0)
            y = area.bottom + 3
        y = self._draw_menu(canvas, y, listed) + 6
        selected = self.maps.selected if listed else None
        if self.in_demo:
            shown = selected.name if selected is not None else ""
            text = f"DEMO  -  {shown}  -  press any key" if shown else "DEMO  -  press any key"
            if blink(self.ticks, 90):
                centred(canvas, text, y + 4, DIM)
        elif self.notice_ticks:
            centred(canvas, self.notice, y + 4, RED)
        elif selected is not None and selected.broken:
            centred(canvas, "This map does not load: fix it in Tiled and save", y + 4, DIM)
        elif selected is not None and self.waiting_for is selected:
            centred(canvas, f"Loading {selected.name}... it starts when ready", y + 4, GOLD)
        elif selected is not None and selected.slow:
            centred(canvas, "This map is still loading: Enter starts it when ready", y + 4, DIM)
        elif blink(self.ticks):
            centred(canvas, "Press Enter" if self.menu_row is None else "", y, GOLD, scale=2)
        category = f"Category: {CATEGORY_NAMES[self.category]}   (C to change)"
        if listed:
            category += "      Up / Down: choose a map"
        centred(canvas, category, y + 24, WHITE)
        if listed and self.maps.user_folder is not None and not self.in_demo:
            folder = folder_for_display(self.maps.user_folder)
            centred(canvas, f"Your own maps (.tmx) go in {folder}", y + 38, DIM)
        if not (self.in_demo and self.demo_world.dialogue):
            for i, line in enumerate(CONTROLS):
                centred(canvas, fill(line), height - 44 + i * 14, DIM)
        if self.confirm is not None:
            self._draw_confirm(canvas)

    def _draw_menu(self, canvas: pygame.Surface, top: int, listed: bool) -> int:
        """The entries under the maps (Quit), the selected one marked; returns their bottom."""
        face = font(1)
        y = top
        for i, (label, _) in enumerate(self.menu_items()):
            chosen = self.menu_row == i
            rect = centred(canvas, label, y, GOLD if chosen else WHITE)
            if chosen and blink(self.ticks, 40):
                face.draw(canvas, ">", (rect.x - 12, y), GOLD, outline=INK)
            self.rows.add(rect.inflate(60, 0), ("menu", i), pad=1)
            y += MENU_ROW_H
        return y

    def _draw_confirm(self, canvas: pygame.Surface) -> None:
        """ "Quit the game?" on an opaque panel in the middle, Yes and No side by side."""
        self.confirm_rows.clear()
        dim(canvas, 150)  # the menu behind steps back: only the question reads
        panel = pygame.Rect(0, 0, 200, 64)
        panel.center = (canvas.get_width() // 2, canvas.get_height() // 2)
        canvas.fill(CONFIRM_PANEL, panel)
        pygame.draw.rect(canvas, CONFIRM_EDGE, panel, 1)
        face = font(1)
        centred(canvas, CONFIRM_QUESTION, panel.y + 12, WHITE, scale=1)
        for choice, label in enumerate(CONFIRM_CHOICES):
            x = panel.centerx + (-36 if choice == YES else 36)
            chosen = self.confirm == choice
            box = pygame.Rect(0, 0, 52, 16)
            box.center = (x, panel.y + 44)
            if chosen:
                canvas.fill(CONFIRM_HIGHLIGHT, box)
                pygame.draw.rect(canvas, GOLD, box, 1)
            face.draw(
                canvas, label, box.center, GOLD if chosen else WHITE, anchor="center", outline=INK
            )
            self.confirm_rows.add(box, choice, pad=0)


def _load_demo(path):
    if path is None or not Path(path).is_file():
        return None
    try:
        return load_input_script(path)
    except InputScriptError:
        return None  # a broken demo only costs the attract mode, never the title screen
