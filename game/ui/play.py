"""Playing a level: one world step per tick with that tick's input, the HUD, pause, dialogue
and restart. The runner's records (personal bests, ghost, replay, practice snapshots,
LiveSplit) are the session's (game/speedrun/session.py): this screen hands it each step."""

from __future__ import annotations

from collections.abc import Callable

import pygame

from game.input import Action, MenuAction
from game.input.prompts import GAMEPAD, KEYBOARD, binding_name
from game.level.model import Level
from game.render.brightness import lift
from game.render.dialogue import DialogueBox
from game.render.ghost import GhostPainter, naruto_feet
from game.render.hints import HintBanner
from game.render.hud import Hud
from game.render.scene import SceneRenderer, miner_looks
from game.render.splits_panel import DEFAULT_VIEW, draw_splits_panel, next_panel_view
from game.sim import assists as assist_names
from game.sim.constants import JUMP
from game.sim.naruto import CHAKRA_MAX
from game.sim.world import World
from game.speedrun.analysis import analyse_attempt
from game.speedrun.intro import close_opening_boxes
from game.speedrun.session import (
    PRACTICE_BUDGET_SECONDS,
    PRACTICE_PREPARING,
    PRACTICE_READY,
    PRACTICE_UNAVAILABLE,
    SpeedrunSession,
)
from game.speedrun.splits import CATEGORIES, CATEGORY_NAMES, DEFAULT_CATEGORY, run_time
from game.ui.mouse import MenuRows, Pointer
from game.ui.navigator import Navigator
from game.ui.pause import PauseEntry, draw_pause
from game.ui.tas_control import TasControl
from game.ui.tas_panel import draw_tas_panel

# 1-9 the first nine splits, 0 the tenth (a Full Rescue has ten: the town's, the crossing,
# the mine's).
PRACTICE_KEYS = {getattr(pygame, f"K_{n}"): n - 1 for n in range(1, 10)} | {pygame.K_0: 9}
PRACTICE_LABELS = "1234567890"
PRACTICE_COLOURS = {
    PRACTICE_READY: (255, 206, 92),
    PRACTICE_PREPARING: (178, 168, 150),
    PRACTICE_UNAVAILABLE: (96, 88, 82),
}
PRACTICE_BAND = (16, 11, 12)  # under the pause menu's practice list: opaque
PRACTICE_BAND_EDGE = (110, 80, 56)
FINISH_HOLD_TICKS = 90  # the last moment stays on screen this long before the results
TOGGLE_REAL_TIME = pygame.K_t
TOGGLE_SPLITS = pygame.K_TAB
TOGGLE_GHOST = pygame.K_g
CONTROLS_KEY = pygame.K_F1  # paused: the Controls page
OPTIONS_KEY = pygame.K_o  # paused: the Options screen
OPTIONS_BUTTON = pygame.CONTROLLER_BUTTON_X
CONTROLS_BUTTON = pygame.CONTROLLER_BUTTON_Y


class PlayScene:
    def __init__(
        self,
        nav: Navigator,
        level: Level,
        sprites,
        script=None,
        practice=False,
        script_path=None,
    ):
        """`script` (an InputScript) replaces live input: TAS playback, under the TAS
        controls (game/ui/tas_control.py), which re-read `script_path` when it is saved. A
        `practice` run is marked as such and never sets a personal best."""
        self.nav = nav
        self.level = level
        self.sprites = sprites
        self.script = script
        self.script_path = script_path
        self.tas: TasControl | None = None  # the TAS controls, when they drive the run
        self.hud = Hud(CHAKRA_MAX)
        self.renderer = SceneRenderer(level, sprites)
        self.dialogue_box = DialogueBox(sprites)
        self.hint_banner = HintBanner()  # a `hint` Trigger's prompt (the tutorial)
        self.paused = False
        self.pause_reason = ""
        self.pause_row = 0  # the pause menu's selected entry (pause_entries)
        self.pause_rows = MenuRows()  # its rows as last drawn, for the mouse
        self.show_splits = DEFAULT_VIEW  # the panel's comparison (pb, gold, average); "" hidden
        self.show_ghost = True
        self.ghost_painter = GhostPainter(self.renderer)
        self.session = self._new_session(practice)
        self.world: World | None = None
        self.restart()

    def _new_session(self, practice: bool) -> SpeedrunSession:
        settings = self.nav.settings
        address = (settings.livesplit_host, settings.livesplit_port)
        return SpeedrunSession(
            self.level,
            bests=self.nav.personal_bests,
            capture=self.nav.lockstep,
            playback=self.script is not None,
            practice=practice,
            clock=self.nav.clock,
            livesplit_address=address if settings.livesplit else None,
            livesplit_one_port=settings.livesplit_one_port if settings.livesplit_one else None,
            notify=self.nav.show_notice,
        )

    @property
    def game_speed(self) -> int:
        """Assist mode's game speed of this run, in percent: the app's loop runs that share of
        60 ticks a real second (presentation only: each tick is the same)."""
        return assist_names.speed_of(self.session.assists)

    @property
    def category(self) -> str:
        category = self.nav.settings.category
        return category if category in CATEGORIES else DEFAULT_CATEGORY

    # --- the run ---------------------------------------------------------------------------
    def restart(self) -> None:
        """A fresh world from the level already in memory: instant, no file access (the
        abandoned run's replay and best segments are saved first)."""
        if self.world is not None:
            self.session.end_attempt(self.world)
        # A TAS run from the pause menu ends here: the next one is a speedrun attempt again.
        self.session.playback = self.script is not None
        # Assist mode: the settings' assists as this run starts; a change applies from the
        # next run (R), never mid-run.
        assists = assist_names.from_settings(self.nav.settings)
        self.world = self.session.start(self.category, assists)
        if self._skips_intro():
            close_opening_boxes(self.world, self.session.record_input)
        self.renderer.reset(self.world)
        self.dialogue_box.update(self.world.dialogue)
        self.finished_for = 0
        self._confirm = False  # Enter pressed over a dialogue box: a jump press next tick
        self._set_paused(False)
        if self.tas is not None and not self.tas.live:
            self.script = self.tas.script  # the script as last reloaded
        self.tas = None
        if self.script is not None:
            self.tas = self._new_tas(self.script, self.script_path, playing=True)

    # --- TAS -------------------------------------------------------------------------------
    def _new_tas(self, script, script_path, playing: bool) -> TasControl:
        return TasControl(
            self,
            self.world,
            category=self.session.attempt.category,
            clock=self.nav.clock,
            sample=self._mask,
            script=script,
            script_path=script_path,
            playing=playing,
        )

    def enter_tas(self) -> None:
        """The pause menu's TAS mode: this run goes on under the TAS controls, paused, with
        the player's buttons. The attempt ends here, as with a restart (what it earned so
        far is kept, its replay saved); from here on it is no speedrun attempt: no PB and no
        replay are kept from it (LiveSplit is reset), until the next restart."""
        session = self.session
        session.end_attempt(self.world)
        session.playback = True
        session.recorder = None
        if session.bridge is not None:
            session.bridge.reset()
        self.tas = self._new_tas(None, None, playing=False)
        self._set_paused(False)

    def tas_show(self, world: World, jumped: bool) -> None:
        """The TAS controls made `world`: after one step, or a seek (`jumped`: no effects
        carried over, the camera where the world is)."""
        self.world = world
        if jumped:
            self.renderer.reset(world)
        else:
            self.renderer.screen_shake = self.nav.settings.screen_shake
            self._apply_flashing()
            self.renderer.tick(world)
        self.dialogue_box.update(world.dialogue)
        # The timer and splits show this world's times: the attempt is not updated any more.
        self.session.attempt.final = run_time(world, self.session.attempt.category)

    def frame_burst(self) -> int:
        """Once a frame (game/app.py): the TAS controls' full-speed ticks."""
        if self.tas is None or self.paused or self.controls is not None:
            return 0
        return self.tas.frame_burst()

    def _skips_intro(self) -> bool:
        """Whether this start closes the opening dialogue at once: always with the
        `skip_intro` setting, else on every start of a map after the session's first (R, or
        back from the title, or a reload that left the `intro` as it was: game/app.py
        forgets the map when a save changed it). Only from the map's start, and never in
        script playback, whose script closes the box itself. Notes the map as seen for the
        session."""
        if self.script is not None or self.session.practice_split is not None:
            return False
        if self.world.tick:
            return False
        seen = self.level.run_key in self.nav.seen_intros
        self.nav.seen_intros.add(self.level.run_key)
        return bool(self.world.dialogue) and (seen or self.nav.settings.skip_intro)

    def start_practice(self, split: int) -> bool:
        """Practice from split `split` (0-based), from this session's latest run through it
        or else the personal best's; never a PB, never a replay. False when not ready."""
        if not self.session.start_practice(split, self.category):
            return False
        self.restart()
        return True

    def practice_state(self, split: int) -> str:
        return self.session.practice_state(split, self.category)

    def prepare_practice(self, budget_seconds: float = PRACTICE_BUDGET_SECONDS) -> None:
        self.session.prepare_practice(self.category, budget_seconds)

    def end_run(self) -> None:
        """The map was saved again and a new scene takes over (game/ui/reload.py)."""
        self.session.end_run(self.world)

    def _set_paused(self, paused: bool, reason: str = "") -> None:
        if paused and not self.paused:
            self.pause_row = 0  # the menu opens on Resume
        self.paused = paused
        self.pause_reason = reason
        self.nav.set_paused(paused)

    # --- events ----------------------------------------------------------------------------
    # --- the Controls page, opened from the pause menu (F1, or Y on a pad) ------------------
    controls = None  # the open game.ui.controls.ControlsScreen, drawn over the pause menu

    def open_controls(self) -> None:
        from game.ui.controls import ControlsScreen

        self.controls = ControlsScreen(self.nav, self.close_controls)

    def close_controls(self) -> None:
        self.controls = None

    def on_event(self, event: pygame.event.Event) -> bool:
        """Raw events first (game/app.py): the Controls page takes the key or button being
        bound; paused, F1 or a pad's Y opens it."""
        if self.controls is not None:
            return self.controls.on_event(event)
        if self.tas is not None and event.type == pygame.KEYUP:
            self.tas.on_key_up(event.key)  # and on to the input sampler, which needs it too
        tas_key = self.tas is not None and not self.paused and event.type == pygame.KEYDOWN
        if tas_key and self.tas.on_key(event.key):
            return True
        opens = (event.type == pygame.KEYDOWN and event.key == CONTROLS_KEY) or (
            event.type == pygame.CONTROLLERBUTTONDOWN and event.button == CONTROLS_BUTTON
        )
        if self.paused and opens:
            self.open_controls()
            return True
        options = (event.type == pygame.KEYDOWN and event.key == OPTIONS_KEY) or (
            event.type == pygame.CONTROLLERBUTTONDOWN and event.button == OPTIONS_BUTTON
        )
        if self.paused and options:
            self.open_options()
            return True
        return False

    def open_options(self) -> None:
        """The Options screen (game/ui/options.py) over the paused game; Esc comes back here."""
        self.nav.show_options(self)

    def open_assists(self) -> None:
        """Assist mode (game/ui/assists.py) over the paused game; Esc comes back here. A change
        applies from the next run: this one keeps the assists it started with."""
        from game.ui.assists import AssistScreen

        self.nav.show_scene(AssistScreen(self.nav, self))

    def on_mouse(self, pointer: Pointer) -> None:
        """Paused: hovering an entry of the menu selects it, a click chooses it."""
        if self.controls is not None:
            self.controls.on_mouse(pointer)
            return
        if not self.paused:
            return
        row = self.pause_rows.at(pointer.pos)
        if row is None:
            return
        self.pause_row = int(row)
        if pointer.click:
            self.choose_pause_entry()

    # --- the pause menu ------------------------------------------------------------------------
    def pause_entries(self) -> list[PauseEntry]:
        """The pause menu, top to bottom (a new screen reachable from pause goes here)."""
        # Resume and restart show their current bindings (they can be remapped); the other
        # keys are the menu's own.
        return [
            PauseEntry("Resume", _both_bindings("pause"), lambda: self._set_paused(False)),
            PauseEntry("Restart", _both_bindings("restart"), self.restart),
            PauseEntry("Controls", "F1 / Y", self.open_controls),
            PauseEntry("Options", "O / X", self.open_options),
            PauseEntry("Assist mode", "", self.open_assists),
            *([PauseEntry("TAS mode", "no PB", self.enter_tas)] if self.tas is None else []),
            PauseEntry("Title", "Q / B", self.to_title),
        ]

    def choose_pause_entry(self) -> None:
        entries = self.pause_entries()
        entries[min(self.pause_row, len(entries) - 1)].choose()

    def to_title(self) -> None:
        """Leave the run for the title (its replay and best segments kept)."""
        self.session.end_attempt(self.world)
        self.nav.show_title()

    def on_action(self, event: MenuAction) -> None:
        if self.controls is not None:
            self.controls.on_action(event)
            return
        action = event.action
        if action == Action.RESTART:
            self.restart()
        elif action == Action.PAUSE:
            self._set_paused(not self.paused)
        elif self.paused and action == Action.CONFIRM:
            self.choose_pause_entry()  # Resume unless another entry was selected
        elif self.paused and action in (Action.UP, Action.DOWN):
            step = -1 if action == Action.UP else 1
            self.pause_row = (self.pause_row + step) % len(self.pause_entries())
        elif action == Action.CONFIRM and self.world.dialogue:
            self._confirm = True
        elif self.paused and action == Action.BACK:
            self.to_title()

    def on_key(self, key: int) -> None:
        """Practice from a split (1-9 and 0, paused), and display toggles, not game buttons: real
        time (T), splits panel (Tab), ghost (G)."""
        if self.controls is not None:
            return
        if self.paused and key in PRACTICE_KEYS:
            self.start_practice(PRACTICE_KEYS[key])
        elif key == TOGGLE_REAL_TIME:
            self.nav.update_settings(show_real_time=not self.nav.settings.show_real_time)
        elif key == TOGGLE_SPLITS:
            self.show_splits = next_panel_view(self.show_splits)
        elif key == TOGGLE_GHOST:
            self.show_ghost = not self.show_ghost

    def on_activity(self) -> bool:
        return False

    def on_focus_lost(self) -> None:
        if self.tas is not None:
            self.tas.release_keys()
        if not self.paused and not self.world.finished:
            self._set_paused(True, "the window lost focus")

    # --- time ------------------------------------------------------------------------------
    def tick(self) -> None:
        if self.paused:
            return
        if self.tas is not None and self.tas.tick():
            return  # the TAS controls ran it (the run over and played on: as usual)
        world = self.world
        if world.finished or self.session.attempt.complete:
            self.renderer.observe(())
            self.finished_for += 1
            if self.finished_for >= FINISH_HOLD_TICKS:
                self.session.end_attempt(world)
                self.nav.show_results(world, self.renderer, self.session.attempt)
            return
        mask = self._mask()
        reached = len(world.split_ticks)
        world.step(mask)
        self.session.stepped(world, mask, naruto_feet(world.naruto), reached)
        # The player's setting, read every tick so a change applies at once.
        self.renderer.screen_shake = self.nav.settings.screen_shake
        self._apply_flashing()
        self.renderer.tick(world)
        self.dialogue_box.update(world.dialogue)

    def _apply_flashing(self) -> None:
        """The `flashing` setting, read every tick: off softens flashes and bursts."""
        flashing = self.nav.settings.flashing
        self.renderer.effects.flashing = self.hud.flashing = flashing
        if self.renderer.lighting is not None:
            self.renderer.lighting.flashing = flashing

    def _mask(self) -> int:
        """This tick's input: the script's in playback, else the player's."""
        # Sample live input even during playback, so held keys never leak into the next run.
        live = self.nav.sample_input()
        mask = self.script.mask(self.world.tick) if self.script is not None else live
        if self._confirm and self.script is None:
            mask |= JUMP  # Enter closes a box the way a jump press does
        self._confirm = False
        return mask

    # --- drawing ---------------------------------------------------------------------------
    # Drawn over the world but under the HUD (the app's F3 overlay), so the HUD stays legible.
    debug_layer: Callable[[pygame.Surface], None] | None = None

    def frame_key(self) -> tuple | None:
        """Paused, the frame stands still: what it shows (the app draws it again only when this
        changes). None while playing, with a page open over the menu, or while the practice
        list is still re-simulating the PB (each drawn frame does a slice of that)."""
        if self.tas is not None and not self.paused and not self.tas.playing:
            return (id(self.world), self.tas.state_key(), self.show_splits, self.show_ghost)
        if not self.paused or self.controls is not None:
            return None
        states = tuple(self.practice_state(i) for i in range(min(10, len(self.level.splits))))
        if PRACTICE_PREPARING in states:
            return None
        settings = self.nav.settings
        return (
            id(self.world),
            self.world.tick,
            self.pause_reason,
            self.pause_row,
            states,
            self.show_splits,
            self.show_ghost,
            self.session.practice,
            settings,
        )

    def draw(self, canvas: pygame.Surface, alpha: float = 1.0) -> None:
        """`alpha`: how far the frame is from the last tick to the next (the loop's)."""
        if self.tas is not None and not self.tas.playing:
            alpha = 1.0  # a TAS pause shows the tick itself, not a step toward the next
        self.renderer.draw(canvas, self.world, alpha)
        # The brightness option lifts the world only: the HUD and menus drawn after it keep
        # their colours.
        lift(canvas, self.nav.settings.brightness)
        if self.debug_layer is not None:
            self.debug_layer(canvas)
        ghost = self.session.ghost
        if self.show_ghost and ghost is not None and self.world.started:
            self.ghost_painter.draw(canvas, ghost, self.world.game_ticks)
        self.hint_banner.draw(canvas, self.level, self.world)
        self._draw_timer(canvas)
        self.dialogue_box.draw(canvas, miner_looks(self.world))
        if self.script is not None:
            self.hud.small.draw(
                canvas,
                "REPLAY",
                (canvas.get_width() // 2, 6),
                (120, 200, 255),
                anchor="midtop",
                outline=(16, 10, 10),
            )
        if self.tas is not None:
            draw_tas_panel(canvas, self.tas)
        if self.paused:
            # The practice list is open: the frame has no ticks to run, so it can spare a
            # few milliseconds for the PB's snapshots.
            self.prepare_practice()
            entries = self.pause_entries()
            draw_pause(canvas, self.pause_reason, entries, self.pause_row, self.pause_rows)
            self._draw_practice_menu(canvas)
            if self.controls is not None:
                self.controls.draw(canvas)

    def _draw_timer(self, canvas: pygame.Surface) -> None:
        """The HUD with the run's category and times, and the splits panel."""
        attempt = self.session.attempt
        # The `speedrun_hud` setting: "off" no timer, "timer" the in-game time alone (a new
        # player's), "full" real time, the category and the splits panel too.
        mode = self.nav.settings.speedrun_hud
        full = mode == "full"
        practice = " PRACTICE" if self.session.practice else ""
        category = CATEGORY_NAMES[attempt.category] + practice if full else practice.strip()
        self.hud.category = category
        self.hud.show_timer = mode != "off"
        self.hud.final_ticks = attempt.final
        self.hud.assisted = bool(attempt.assists)
        show_real = self.nav.settings.show_real_time and full
        self.hud.real_seconds = attempt.real_seconds() if show_real else None
        self.hud.draw(canvas, self.world)
        if full and self.show_splits and self.level.splits:
            analysis = analyse_attempt(attempt, self.world, self.show_splits)
            draw_splits_panel(canvas, analysis, (canvas.get_width() - 4, 40))

    def _draw_practice_menu(self, canvas: pygame.Surface) -> None:
        """Under the pause menu: the splits a practice run can start from (1-9, 0), bright
        when ready, grey while the PB is still being re-simulated, dark when neither this
        session nor the PB reached them. A list too wide for the screen (a chain's ten
        splits) takes two rows."""
        entries = [
            (f"{PRACTICE_LABELS[i]} {split.name}", self.practice_state(i))
            for i, split in enumerate(self.level.splits[: len(PRACTICE_LABELS)])
        ]
        if not entries:
            return
        face, ink, gap = self.hud.small, (16, 10, 10), 12
        rows = _rows_that_fit([face.size(t)[0] for t, _ in entries], gap, canvas.get_width() - 16)
        y = canvas.get_height() - 30 - 12 * (len(rows) - 1)
        preparing = any(state == PRACTICE_PREPARING for _, state in entries)
        # On its own opaque band: a dialogue box or the HUD behind never shows through.
        band = pygame.Rect(8, y - 15, canvas.get_width() - 16, 12 * len(rows) + 18)
        canvas.fill(PRACTICE_BAND, band)
        pygame.draw.rect(canvas, PRACTICE_BAND_EDGE, band, 1)
        heading = "PRACTICE FROM" + ("  (reading the best run...)" if preparing else "")
        face.draw(
            canvas,
            heading,
            (canvas.get_width() // 2, y - 12),
            PRACTICE_COLOURS[PRACTICE_PREPARING],
            anchor="midtop",
            outline=ink,
        )
        for first, last in rows:
            row = entries[first:last]
            widths = [face.size(text)[0] for text, _ in row]
            x = (canvas.get_width() - sum(widths) - gap * (len(row) - 1)) // 2
            for (text, state), width in zip(row, widths, strict=True):
                face.draw(canvas, text, (x, y), PRACTICE_COLOURS[state], outline=ink)
                x += width + gap
            y += 12


def _rows_that_fit(widths: list[int], gap: int, room: int) -> list[tuple[int, int]]:
    """(first, last) slices of `widths` per row: as few rows as fit `room`, evenly filled."""
    for count in range(1, len(widths) + 1):
        per = -(-len(widths) // count)
        rows = [(i, min(i + per, len(widths))) for i in range(0, len(widths), per)]
        if all(sum(widths[a:b]) + gap * (b - a - 1) <= room for a, b in rows):
            return rows
    return [(i, i + 1) for i in range(len(widths))]


def _both_bindings(action: str) -> str:
    """ "Esc / Start": the action's first key and first pad button, as bound now."""
    return f"{binding_name(action, KEYBOARD)} / {binding_name(action, GAMEPAD)}"
