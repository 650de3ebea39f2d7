"""The window, the screens and the fixed-timestep loop that drives them.

Everything is drawn on a 640x360 canvas, then scaled by the largest whole number that fits
the window (black bars around), so pixels stay square and sharp at any window size; or, with
the `smooth_scaling` option, to fill the window as far as its shape allows (game/window.py).
"""

from __future__ import annotations

import contextlib
import io
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import pygame

from game import files, window
from game.audio import cache as sound_cache
from game.audio.controls import SETTINGS_KEYS, apply_key
from game.audio.director import AudioDirector
from game.input import InputSampler, MenuAction, bindings
from game.level.chain import load_run
from game.level.model import MapError
from game.level.spawn_at import SpawnChoice, moved_spawn, play_loader
from game.level.tiled import load_level
from game.loop import FixedStepLoop
from game.render.debug_overlay import DebugOverlay
from game.render.pixelart import build_sprites
from game.render.text import font
from game.sim.constants import TICKS_PER_SECOND
from game.speedrun.digest import chain_digests
from game.speedrun.pbstore import PersonalBests
from game.store import (
    Settings,
    clean_temp_files,
    load_settings,
    save_settings,
    user_maps_dir,
)
from game.tas import InputScriptError, load_input_script
from game.ui import mouse
from game.ui.level_select import MapList, find_maps
from game.ui.play import PlayScene
from game.ui.reload import MapWatcher, Reload, draw_reload_error
from game.ui.results import ResultsScreen
from game.ui.title import TitleScreen

CANVAS_SIZE = (640, 360)
DEFAULT_SCALE = 2
REPO_ROOT = Path(__file__).resolve().parent.parent
MAPS = REPO_ROOT / "maps"
DEFAULT_MAP = MAPS / "great_mine.tmx"
CAPTION = "Great Mine Rescue"
NOTICE_SECONDS = 1.5  # how long "Music 70%" stays on screen after a settings key
TOGGLE_DEBUG_OVERLAY = pygame.K_F3
TIMING_SMOOTHING = 0.1  # the overlay's tick and frame times: a running average, readable


# The window lost its picture (resized, uncovered): draw the next frame whatever it shows.
REDRAW_EVENTS = (pygame.VIDEORESIZE, pygame.VIDEOEXPOSE, pygame.WINDOWSIZECHANGED)


class StartupError(Exception):
    """Something the user supplied cannot be used; str() is the one line to print."""


fit = window.fit  # where the canvas goes in the window, sharp: game/window.py


class App:
    """Owns the window, the current screen and the loop. `clock` is injectable for tests."""

    def __init__(
        self,
        map_path: str | None = None,
        *,
        inputs_path: str | None = None,
        shots: Sequence[tuple[int, str]] = (),
        exit_after: int | None = None,
        scale: int | None = None,
        clock: Callable[[], float] = time.perf_counter,
        chain: bool = False,
        spawn_at: SpawnChoice | None = None,
    ):
        self.map_path = Path(map_path) if map_path else DEFAULT_MAP
        # Play from here (game/level/spawn_at.py): the given map starts Naruto at this spot,
        # also after each save; a map chosen on the title later starts at its Spawn.
        self.spawn_at = spawn_at
        # Play the map with every map its `next_map` chain names, as one run (the Full Rescue).
        self.chain = chain
        self.direct = map_path is not None
        self.shots = dict(shots)
        self.exit_after = exit_after
        # Capture runs (screenshots, tests) step exactly one tick per frame, so frame N always
        # shows tick N whatever the machine's speed.
        self.lockstep = exit_after is not None
        # Volumes, shake, scale; saved when a key changes them. Capture runs use the defaults,
        # so a screenshot never depends on whose machine took it.
        if not self.lockstep:
            clean_temp_files()  # what a crash mid-save left behind last time
        self.settings = Settings() if self.lockstep else load_settings()
        bindings.load(self.settings)  # the player's keys and buttons (settings keys / pad)
        self.scale = scale or self.settings.scale
        self.scale_given = scale is not None  # --scale: this window's, whatever the settings
        self.presenter = window.Presenter()
        self.audio = AudioDirector(self.settings, enabled=False)  # silent until the window opens
        self.notice = ""
        self.notice_until = 0.0
        self.clock = clock
        self.frame = 0
        self.frame_seconds: float | None = None  # a display frame, when faster than a tick
        self.frame_started = 0.0  # the clock when the current frame began
        self.running = True
        self.exit_code = 0  # 1 once a screenshot could not be saved
        self.seen_intros: set[str] = set()  # runs (Level.run_key) whose opening dialogue showed
        # None: each play screen opens the records itself (game/speedrun/session.py), so a
        # capture run's rules apply to them.
        self.personal_bests: PersonalBests | None = None
        # A map given on the command line (or played by a script) must load before the window
        # opens; the title's maps load as it lists them.
        given = self.direct or inputs_path is not None
        self.level = self._load_level(self.map_path, chain, spawn_at) if given else None
        self.script = _load_script(inputs_path) if inputs_path else None
        self.inputs_path = inputs_path  # watched while it plays: a save re-runs it (TAS)
        self.sampler = InputSampler()
        self.loop = FixedStepLoop(self._tick, clock, rate=TICKS_PER_SECOND)
        self.draws = 0
        self.scene = None
        # Play and reload (game/ui/reload.py): the map being played is watched, whether it
        # came from the command line or the title's list; nothing is watched on the title.
        self.watcher: MapWatcher | None = None
        self.reload_errors: tuple[str, ...] = ()
        # The F3 debug overlay and the times it shows, measured here with the real clock.
        self.overlay = DebugOverlay()
        self.tick_ms = 0.0
        self.frame_ms = 0.0
        # What the last frame presented showed, for screens that stand still (`draw`).
        self.frame_key: object = None
        self.shots_due = {frame - 1 for frame in self.shots}  # drawn in full, whatever the key

    # --- setup -----------------------------------------------------------------------------
    @staticmethod
    def _load_level(path: Path, chain: bool = False, spawn_at: SpawnChoice | None = None):
        try:
            level = load_run(str(path)) if chain else load_level(str(path))
            return moved_spawn(level, spawn_at) if spawn_at else level
        except MapError as error:
            raise StartupError(str(error)) from None
        except OSError as error:
            raise StartupError(f"{path}: {error.strerror or error}") from None

    def open_window(self) -> None:
        # Only what the game uses: no sound yet, so the mixer stays off (and quiet on
        # machines with no audio device).
        window.name_the_window()  # the window's class: before the video system starts
        try:
            with window.quiet_probe():  # no display: the probing libraries' noise, not ours
                pygame.display.init()
            window.check_display()
        except pygame.error as error:
            raise StartupError(window.no_display_line(error)) from None
        except window.NoDisplay as error:
            pygame.display.quit()
            raise StartupError(str(error)) from None
        pygame.joystick.init()
        pygame.display.set_caption(CAPTION)
        pygame.display.set_icon(window.icon())
        if not self.scale_given and not self.lockstep:  # a saved scale too big for the desktop
            self.scale = min(self.scale, window.max_scale())
        self.window = self.set_window_mode()
        self.frame_seconds = display_frame_seconds()
        self.canvas = pygame.Surface(CANVAS_SIZE).convert()
        if not self.lockstep:
            self.draw_loading(sound_cache.needs_rendering())
        self.sampler.start()
        self.sprites = build_sprites()  # after set_mode, so the frames are converted
        # Capture runs step faster than real time, which would garble sound: they stay silent.
        self.audio = AudioDirector(self.settings, enabled=not self.lockstep)
        if self.direct or self.script is not None:
            self.start_play()
        else:
            self.show_title()
        self.loop.reset()

    # --- navigation (what screens may ask for) ---------------------------------------------
    def sample_input(self) -> int:
        return self.sampler.sample()

    def set_paused(self, paused: bool) -> None:
        if paused:
            self.loop.pause()
            self.audio.pause()
        else:
            self.loop.resume()
            self.audio.resume()

    def start_play(self) -> None:
        self.scene = PlayScene(
            self, self.level, self.sprites, self.script, script_path=self.inputs_path
        )
        self.scene.debug_layer = self._debug_layer(self.scene)
        watcher = self.watcher
        if watcher is None or watcher.map_path != self.map_path or watcher.chain != self.chain:
            load = play_loader(self.chain, self.spawn_at) if self.spawn_at else None
            self.watcher = MapWatcher(self.map_path, self.clock, load, chain=self.chain)

    def play_map(self, path: Path, level, chain: bool = False) -> None:
        """The title's choice: play `level`, loaded from `path` (watched while it plays);
        `chain`: it is the run of `path` and the maps its `next_map` chain names."""
        self.map_path, self.level, self.chain = Path(path), level, chain
        self.spawn_at = None  # the title's maps start at their Spawn
        self.start_play()
        self.loop.reset()  # choosing may have loaded the level: no ticks to make up

    def show_title(self) -> None:
        self.set_paused(False)
        self.watcher, self.reload_errors = None, ()  # a saved map restarts play, not the menu
        folder = user_maps_dir()
        # The maps load on a background thread, so no map can freeze the title; capture runs
        # load them one per tick instead, so frame N shows the same list on any machine.
        maps = MapList(
            find_maps(MAPS, folder),
            self.settings.last_map,
            _load_listed,
            load_run=_load_listed_run,
            user_folder=folder,
            background=not self.lockstep,
        )
        if self.level is not None:  # back from play: the map just played stays selected
            maps.select_path(self.map_path, self.level, chain=self.chain)
        elif maps.selected is None or maps.selected.key != self.settings.last_map:
            maps.select_path(DEFAULT_MAP)  # nothing remembered, or it is gone: the Great Mine
        self.scene = TitleScreen(self, None, self.sprites, maps=maps)

    def show_results(self, world, renderer, chart=None) -> None:
        self.scene = ResultsScreen(self, world, renderer, chart)

    def update_settings(self, **changes) -> None:
        """A screen changed a setting (category, real time, the options): keep it, save it
        and apply it (volumes to the mixer; scale and fullscreen to the window)."""
        self.settings = self.settings.replace(**changes)
        if not self.lockstep:
            save_settings(self.settings)
        self.audio.apply_settings(self.settings)
        if "scale" in changes:
            self.scale = self.settings.scale
        if ("scale" in changes or "fullscreen" in changes) and pygame.display.get_init():
            self.window = self.set_window_mode()
            self.frame_key = None  # a new window: draw the next frame whatever it shows

    def set_window_mode(self) -> pygame.Surface:
        """The window as the settings ask: fullscreen, or a window at the scale."""
        return window.set_mode(self.settings.fullscreen, self.scale)

    def show_scene(self, scene) -> None:
        """A screen opened over another (options, controls, assists) becomes the current
        one; it hands back with show_scene(the screen it was opened from)."""
        self.scene = scene
        self.frame_key = None

    def show_options(self, back) -> None:
        """The Options screen (game/ui/options.py) over `back`, which it returns to."""
        from game.ui.options import OptionsScreen

        self.show_scene(OptionsScreen(self, back, max_scale=window.max_scale()))

    def draw_loading(self, sounds: bool) -> None:
        """One frame saying the game is loading, before the slow part of the first start
        (rendering the sounds, when the cache does not hold them yet)."""
        self.canvas.fill((18, 14, 16))
        middle = CANVAS_SIZE[1] // 2
        ink = (16, 10, 10)
        where = (CANVAS_SIZE[0] // 2, middle - 20)
        font(2).draw(self.canvas, "LOADING...", where, (255, 206, 92), anchor="midtop", outline=ink)
        if sounds:
            line = "Preparing the sounds: the first start takes a few seconds"
            where = (CANVAS_SIZE[0] // 2, middle + 4)
            font(1).draw(self.canvas, line, where, (178, 168, 150), anchor="midtop", outline=ink)
        self.present()
        pygame.event.pump()  # the window manager sees a live window meanwhile

    def quit(self) -> None:
        self.running = False

    # --- the frame -------------------------------------------------------------------------
    def _tick(self) -> None:
        started = time.perf_counter()
        self.scene.tick()
        self.tick_ms = _smoothed(self.tick_ms, time.perf_counter() - started)
        playing = self.scene.world if isinstance(self.scene, PlayScene) else None
        self.audio.tick(playing)  # the effects of this tick, then music and rumble

    # --- play and reload -------------------------------------------------------------------
    def check_reload(self) -> None:
        """A saved map restarts the level; a broken save keeps the old level running and
        shows what is wrong until the next good save."""
        found = self.watcher.poll() if self.watcher is not None else None
        if found is not None:
            self.apply_reload(found)

    def apply_reload(self, found: Reload) -> None:
        self.reload_errors = found.errors
        if found.level is None:
            return
        if isinstance(self.scene, PlayScene):
            self.scene.end_run()  # the abandoned run keeps its replay and best segments
        if self.level is None or self.level.intro != found.level.intro:
            # An edited intro shows again, so the designer sees the new line; a save that
            # left it alone skips it like any later start (game/ui/play.py `_skips_intro`).
            self.seen_intros.discard(found.level.run_key)
        self.level = found.level
        self.start_play()
        self.loop.reset()  # the load took time that must not be made up in ticks

    def show_notice(self, text: str, seconds: float = NOTICE_SECONDS) -> None:
        """One line at the top of the screen for a moment ("Music 70%", a LiveSplit failure)."""
        self.notice = text
        self.notice_until = self.clock() + seconds

    def change_setting(self, key: int) -> None:
        """A settings key (volumes, mute, screen shake): apply, save, and say so on screen."""
        change = apply_key(self.settings, key)
        if change is None:
            return
        self.settings, notice = change
        self.show_notice(notice)
        self.audio.apply_settings(self.settings)
        if not self.lockstep:
            save_settings(self.settings)

    def handle_events(self) -> None:
        for event in pygame.event.get():
            if event.type == pygame.QUIT:
                self.running = False
            elif event.type == pygame.WINDOWFOCUSLOST:
                self.sampler.release_all()
                if not self.lockstep:  # an unattended capture run has no focus to lose
                    self.scene.on_focus_lost()
            elif event.type == pygame.KEYDOWN and event.key == pygame.K_F11:
                with contextlib.suppress(pygame.error):  # not every video driver can
                    self.update_settings(fullscreen=not self.settings.fullscreen)
            elif event.type == pygame.KEYDOWN and event.key == TOGGLE_DEBUG_OVERLAY:
                self.overlay.toggle()
            elif event.type == pygame.KEYDOWN and event.key in SETTINGS_KEYS:
                self.change_setting(event.key)
            elif event.type in mouse.EVENTS:
                self.pointer_event(event)
            elif event.type in REDRAW_EVENTS:
                self.frame_key = None  # the window needs its picture again
            else:
                take = getattr(self.scene, "on_event", None)  # Controls waiting for a press
                if take is not None and take(event):
                    continue
                action = self.sampler.handle(event)
                if self.sampler.take_activity() and self.scene.on_activity():
                    continue  # that key only woke the screen up (stopped the demo)
                if isinstance(action, MenuAction):
                    self.scene.on_action(action)
                on_key = getattr(self.scene, "on_key", None)  # screen toggles (T, Tab, C)
                if event.type == pygame.KEYDOWN and on_key is not None:
                    on_key(event.key)

    def pointer_event(self, event: pygame.event.Event) -> None:
        """A mouse event, in canvas pixels (game/ui/mouse.py), for a screen that takes it."""
        on_mouse = getattr(self.scene, "on_mouse", None)
        if on_mouse is None:
            return
        surface = pygame.display.get_surface()
        view = getattr(self, "view_rect", None) or fit(surface.get_size())
        pointer = mouse.pointer_from(event, view, CANVAS_SIZE, pygame.mouse.get_pos())
        if pointer is not None:
            on_mouse(pointer)

    def step_frame(self) -> int:
        """One frame: events, the ticks that are due, one draw, present. Returns ticks run."""
        self.frame_started = self.clock()
        self.check_reload()
        self.handle_events()
        if self.lockstep:
            ran = 0 if self.loop.paused else 1
            if ran:
                self._tick()
        else:
            # Assist mode's game speed: the run's own (the play screen's), full speed elsewhere.
            self.loop.speed = getattr(self.scene, "game_speed", 100)
            ran = self.loop.advance()
        burst = getattr(self.scene, "frame_burst", None)  # TAS fast-forward at full speed
        if burst is not None:
            ran += burst()
        self.draw()
        self.frame += 1
        shot = self.shots.get(self.frame)
        if shot:
            self._save_shot(shot)
        if self.exit_after is not None and self.frame >= self.exit_after:
            self.running = False
        return ran

    def _save_shot(self, path: str) -> None:
        """The window as a PNG, written atomically; a failure is one line and exit code 1."""
        image = io.BytesIO()
        try:
            pygame.image.save(self.window, image, "shot.png")
            files.atomic_write(path, image.getvalue(), durable=False)
        except (OSError, ValueError, pygame.error) as error:
            print(f"{path}: could not save the screenshot ({error})", file=sys.stderr)
            self.exit_code = 1

    def draw(self) -> None:
        started = time.perf_counter()
        # A screen standing still (the title, the pause menu) says what its frame shows; the
        # same as the last frame presented: nothing to draw (idling costs next to nothing).
        frame_key = getattr(self.scene, "frame_key", None)
        key = frame_key() if frame_key is not None and not self.overlay.enabled else None
        if key is not None:
            showing = self.notice if self.notice and self.clock() < self.notice_until else ""
            key = (id(self.scene), key, showing, self.reload_errors)
            if key == self.frame_key and self.frame not in self.shots_due:
                return
        self.frame_key = key
        if isinstance(self.scene, (PlayScene, TitleScreen)):
            self.scene.draw(self.canvas, self.alpha)  # moving bodies: drawn between ticks
        else:
            self.scene.draw(self.canvas)  # the results: a finished world stands still
        if self.reload_errors:
            draw_reload_error(self.canvas, self.reload_errors)
        if self.notice and self.clock() < self.notice_until:
            # Under REPLAY, clear of the HUD and dialogue; a screen with its own spot (the
            # title: clear of the logo) says where, as `notice_at` (midtop, canvas pixels).
            where = getattr(self.scene, "notice_at", (CANVAS_SIZE[0] // 2, 20))
            font(1).draw(
                self.canvas,
                self.notice,
                where,
                (244, 240, 228),
                anchor="midtop",
                outline=(16, 10, 10),
            )
        self.draws += 1
        self.present()
        self.frame_ms = _smoothed(self.frame_ms, time.perf_counter() - started)

    @property
    def alpha(self) -> float:
        """How far this frame is from the last tick to the next, for drawing between them:
        the loop's, except in capture runs (one tick per frame), which draw each tick itself
        (1.0), so frame N is tick N exactly."""
        return 1.0 if self.lockstep else self.loop.alpha

    def _debug_layer(self, scene: PlayScene) -> Callable[[pygame.Surface], None]:
        """The F3 overlay for the play screen to draw between the world and the HUD, on the
        same shaken view as the world it explains."""

        def draw(canvas: pygame.Surface) -> None:
            offset = scene.renderer.view_offset
            self.overlay.draw(canvas, scene.world, offset, self.tick_ms, self.frame_ms)

        return draw

    def present(self) -> None:
        surface = pygame.display.get_surface()
        self.window = surface
        # Sharp whole-number scaling, or smooth (the option, or a window under 640x360).
        smooth = self.settings.smooth_scaling
        # Where the canvas shows: the mouse maps through it (game/ui/mouse.py).
        self.view_rect = window.placement(surface.get_size(), smooth)[0]
        self.presenter.present(self.canvas, surface, smooth)
        pygame.display.flip()

    def seconds_to_wait(self) -> float:
        """How long to sleep before the next frame. At 60 Hz (or an unknown rate): until a tick
        is due, so frames line up with ticks instead of beating. In play on a faster display:
        one display frame after this one began, whatever the ticks, so every refresh shows
        the motion interpolated between ticks (the title and a paused game stay at the tick
        rate: nothing moves there to smooth, and idling costs less)."""
        playing = isinstance(self.scene, PlayScene) and not self.loop.paused
        if playing and self.frame_seconds:
            return max(0.0, self.frame_seconds - (self.clock() - self.frame_started))
        return self.loop.seconds_to_next_tick()

    def wait_for_next_tick(self) -> None:
        if self.lockstep:
            return
        delay = self.seconds_to_wait()
        if delay > 0.0005:
            time.sleep(delay)

    def run(self) -> int:
        self.open_window()
        try:
            while self.running:
                self.step_frame()
                if self.running:
                    self.wait_for_next_tick()
        finally:
            if isinstance(self.scene, TitleScreen) and self.scene.maps is not None:
                self.scene.maps.close()  # quitting mid-load: the worker (a daemon) stops
            self.audio.stop()
            pygame.quit()
        return self.exit_code


def display_frame_seconds() -> float | None:
    """One frame of the display the window is on, when it refreshes faster than the game
    ticks (75, 120, 144 Hz); None at 60 Hz or when SDL cannot tell (then frames follow ticks)."""
    try:
        rate = pygame.display.get_current_refresh_rate()
    except (pygame.error, AttributeError):
        return None
    return 1.0 / rate if rate > TICKS_PER_SECOND else None


def _smoothed(average_ms: float, seconds: float) -> float:
    return average_ms + (seconds * 1000 - average_ms) * TIMING_SMOOTHING


def _load_listed(path: str):
    """The title list's loader: `load_level` looked up when called, so tests can swap it."""
    return load_level(path)


def _load_listed_run(path: str):
    """The title list's loader for a chain entry (the Full Rescue): the stitched run, with
    its maps' digests for the replay worked out here, on the loader thread, not at the start."""
    level = load_run(path)
    chain_digests(level)
    return level


def _load_script(path: str):
    try:
        return load_input_script(path)
    except InputScriptError as error:
        raise StartupError(str(error)) from None


def run(
    map_path: str | None = None,
    *,
    inputs_path: str | None = None,
    shots: Sequence[tuple[int, str]] = (),
    exit_after: int | None = None,
    scale: int | None = None,
    chain: bool = False,
    spawn_at: SpawnChoice | None = None,
) -> int:
    """Open the game window. With no map: the title screen; with one: straight into play.

    `inputs_path` plays a TAS input script instead of live input; `shots` saves the window
    to PNG at those frame numbers (counted from 1); `exit_after` quits after that many frames
    and steps one tick per frame; `chain` plays the map and every map its `next_map` chain
    names as one run; `spawn_at` starts Naruto elsewhere than the Spawn, as a test that keeps
    no records. Returns the exit status: 0, or 1 after printing one line to
    stderr when the map or the input script cannot be used.
    """
    try:
        app = App(
            map_path,
            inputs_path=inputs_path,
            shots=shots,
            exit_after=exit_after,
            scale=scale,
            chain=chain,
            spawn_at=spawn_at,
        )
        return app.run()
    except StartupError as error:  # a map or script, or no display to open the window on
        print(error, file=sys.stderr)
        return 1
