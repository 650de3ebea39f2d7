"""Playing a level: one world step per tick with that tick's input, HUD, pause, restart,
and the runner's side of it: timer, splits, personal bests, replays and LiveSplit."""

from __future__ import annotations

import copy
import sys
import time
from collections.abc import Callable
from typing import Protocol

import pygame

from game.input import Action, MenuAction
from game.level.model import Level
from game.render.dialogue import DialogueBox
from game.render.ghost import GhostPainter, naruto_feet
from game.render.hud import Hud
from game.render.scene import SceneRenderer
from game.render.splits_panel import draw_splits_panel
from game.sim.constants import JUMP
from game.sim.naruto import CHAKRA_MAX
from game.sim.world import World
from game.speedrun import livesplit
from game.speedrun.attempt import Attempt
from game.speedrun.ghost import GhostTrack, load_ghost, save_ghost
from game.speedrun.intro import close_opening_boxes
from game.speedrun.pbstore import PersonalBests, chosen_home, map_id
from game.speedrun.practice import PbSnapshots
from game.speedrun.recorder import replays_dir
from game.speedrun.splits import CATEGORIES, CATEGORY_NAMES, DEFAULT_CATEGORY
from game.ui.pause import draw_pause

# The world as it was when each split was last reached, per map, for practice runs. Kept for
# the session (in memory only) so practice survives the results screen and the title.
_split_snapshots: dict[str, dict[int, World]] = {}
# The same from the personal best's replay, per (map, category), for the splits this session
# has not reached: built a slice per frame while the pause menu is open (see prepare_practice).
_pb_snapshots: dict[tuple[str, str], PbSnapshots] = {}
PRACTICE_KEYS = {getattr(pygame, f"K_{n}"): n - 1 for n in range(1, 10)}
# Re-simulating the PB costs about a millisecond a tick: this much of each paused frame goes
# to it, so a whole run is ready in a few seconds of pause and no frame stalls.
PRACTICE_BUDGET_SECONDS = 0.005
PRACTICE_READY, PRACTICE_PREPARING, PRACTICE_UNAVAILABLE = "ready", "preparing", "unavailable"
PRACTICE_COLOURS = {
    PRACTICE_READY: (255, 206, 92),
    PRACTICE_PREPARING: (178, 168, 150),
    PRACTICE_UNAVAILABLE: (96, 88, 82),
}
LIVESPLIT_NOTICE_SECONDS = 5.0  # a failure is said once: long enough to read
FINISH_HOLD_TICKS = 90  # the last moment stays on screen this long before the results
TOGGLE_REAL_TIME = pygame.K_t
TOGGLE_SPLITS = pygame.K_TAB
TOGGLE_GHOST = pygame.K_g


class Navigator(Protocol):
    """What a screen may ask of the app."""

    def sample_input(self) -> int: ...
    def set_paused(self, paused: bool) -> None: ...
    def start_play(self) -> None: ...
    def show_title(self) -> None: ...
    def show_results(self, world: World, renderer: SceneRenderer, chart=None) -> None: ...
    def show_notice(self, text: str, seconds: float) -> None: ...
    def quit(self) -> None: ...


def _replay_api():
    """(RunRecorder, save_replay) from the replay side, or None while it is not there."""
    try:
        from game.speedrun import recorder as recorder_module
    except ImportError:
        return None
    save = getattr(recorder_module, "save_replay", None)
    if save is None:
        try:
            from game.speedrun.replay import save_replay as save
        except ImportError:
            return None
    return recorder_module.RunRecorder, save


class PlayScene:
    def __init__(self, nav: Navigator, level: Level, sprites, script=None, practice=False):
        """`script` (an InputScript) replaces live input: watchable TAS playback. A
        `practice` run is marked as such and never sets a personal best."""
        self.nav = nav
        self.level = level
        self.sprites = sprites
        self.script = script
        self.practice = practice
        self.practice_split: int | None = None
        self.hud = Hud(CHAKRA_MAX)
        self.renderer = SceneRenderer(level, sprites)
        self.dialogue_box = DialogueBox(sprites)
        self.paused = False
        self.pause_reason = ""
        self.show_splits = True
        self.show_ghost = True
        self.ghost_painter = GhostPainter(self.renderer)
        self.ghost: GhostTrack | None = None  # the PB's path in this category
        self.track = GhostTrack()  # this run's path: the next ghost if it is a PB
        self.map_id = map_id(level)
        # A capture run (screenshots, tests: the app's lockstep) leaves the player's records
        # as it found them: it reads them only from a GREAT_MINE_RESCUE_HOME chosen for it,
        # never from the user's own folder, and writes no PB, ghost or replay anywhere.
        capture = bool(getattr(nav, "lockstep", False))
        self.reads_records = not capture or chosen_home() is not None
        self.writes_records = not capture
        self.bests = getattr(nav, "personal_bests", None) or PersonalBests(
            readable=self.reads_records, writable=self.writes_records
        )
        seen = getattr(nav, "seen_intros", None)
        self.seen_intros: set[str] = seen if seen is not None else set()
        self._practice_origin: World | None = None  # the snapshot R starts practice from
        self.clock = getattr(nav, "clock", time.perf_counter)
        self.bridge = self._livesplit_bridge()
        self._replays = _replay_api()
        self.recorder = None
        self.attempt: Attempt | None = None
        self.world: World | None = None
        self.restart()

    # --- settings --------------------------------------------------------------------------
    def _setting(self, name: str, default):
        return getattr(getattr(self.nav, "settings", None), name, default)

    @property
    def category(self) -> str:
        category = self._setting("category", DEFAULT_CATEGORY)
        return category if category in CATEGORIES else DEFAULT_CATEGORY

    def _livesplit_bridge(self) -> livesplit.LiveSplitBridge | None:
        self.livesplit_client: livesplit.LiveSplitClient | None = None
        if not self._setting("livesplit", False) or self.script is not None:
            return None
        host = self._setting("livesplit_host", livesplit.DEFAULT_HOST)
        port = self._setting("livesplit_port", livesplit.DEFAULT_PORT)
        try:
            self.livesplit_client = livesplit.shared_client(host, port)
        except ValueError as error:  # settings.json is checked on load; this is belt and braces
            print(error, file=sys.stderr)
            return None
        return livesplit.LiveSplitBridge(self.livesplit_client.send)

    def _report_livesplit_failure(self) -> None:
        failure = self.livesplit_client.take_failure() if self.livesplit_client else None
        if failure:
            self.nav.show_notice(f"{failure}; retried on the next run", LIVESPLIT_NOTICE_SECONDS)

    # --- the run ---------------------------------------------------------------------------
    def restart(self) -> None:
        """A fresh world from the level already in memory: instant, no file access (the
        abandoned run's replay and best segments are saved first)."""
        if self.world is not None:
            self._end_attempt()
        if self.bridge is not None:
            self.bridge.reset()
        if self.livesplit_client is not None:
            self.livesplit_client.retry()
        self.world = self._new_world()
        category = self.category
        record = self.bests.get(self.map_id, category)
        if self.attempt is None or category != self.attempt.category:
            # Once per category, not per R.
            self.ghost = (
                load_ghost(self.map_id, category, set_aside=self.writes_records)
                if self.reads_records
                else None
            )
        self.track = GhostTrack()
        self.attempt = Attempt(self.level, category, record, self.practice, self.clock)
        self.recorder = self._new_recorder(category)
        if self._skips_intro():
            close_opening_boxes(self.world, self._record_input)
        self.renderer.reset(self.world)
        self.dialogue_box.update(self.world.dialogue)
        self.finished_for = 0
        self._saved = False
        self._confirm = False  # Enter pressed over a dialogue box: a jump press next tick
        self._set_paused(False)

    def _skips_intro(self) -> bool:
        """Whether this start closes the opening dialogue at once: always with the
        `skip_intro` setting, else on every start of a map after the session's first (R, or
        back from the title). Only from the map's start, and never in script playback,
        whose script closes the box itself. Notes the map as seen for the session."""
        if self.script is not None or self.practice_split is not None or self.world.tick:
            return False
        seen = self.level.path in self.seen_intros
        self.seen_intros.add(self.level.path)
        return bool(self.world.dialogue) and (seen or bool(self._setting("skip_intro", False)))

    def _record_input(self, mask: int) -> None:
        if self.recorder is not None:
            self.recorder.record(mask)

    def start_practice(self, split: int) -> bool:
        """Practice from split `split` (0-based): the world as this session's latest run
        through it left it, or else as the personal best's run did; marked practice, never a
        PB and never a replay. False when neither has that split (ready)."""
        origin = _split_snapshots.get(self.level.path, {}).get(split)
        if origin is None:
            builder = self._pb_builder()
            origin = builder.snapshots.get(split) if builder is not None else None
        if origin is None:
            return False
        self.practice = True
        self.practice_split = split  # R now starts over from this split
        self._practice_origin = origin
        self.restart()
        return True

    def practice_state(self, split: int) -> str:
        """ready, preparing (the PB's replay is still being re-simulated) or unavailable."""
        if split in _split_snapshots.get(self.level.path, {}):
            return PRACTICE_READY
        builder = self._pb_builder()
        if builder is None:
            return PRACTICE_UNAVAILABLE
        if split in builder.snapshots:
            return PRACTICE_READY
        return PRACTICE_PREPARING if split in builder.waiting else PRACTICE_UNAVAILABLE

    def prepare_practice(self, budget_seconds: float = PRACTICE_BUDGET_SECONDS) -> None:
        """Spend about `budget_seconds` re-simulating the PB toward its split snapshots."""
        builder = self._pb_builder()
        if builder is not None and not builder.done:
            builder.advance(budget_seconds)

    def _pb_builder(self) -> PbSnapshots | None:
        """The PB snapshots of this map and category (no file is touched until `advance`);
        a new PB this session starts them over from its own replay."""
        if not self.reads_records or self.script is not None:
            return None
        key = (self.level.path, self.category)
        pb_rows = self.bests.get(self.map_id, self.category).pb_rows
        builder = _pb_snapshots.get(key)
        if builder is None or builder.pb_rows != tuple(pb_rows):
            builder = PbSnapshots(self.level, self.map_id, self.category, pb_rows, replays_dir())
            _pb_snapshots[key] = builder
        return builder

    def _new_world(self) -> World:
        if self.practice_split is not None and self._practice_origin is not None:
            return copy.deepcopy(self._practice_origin, {id(self.level): self.level})
        return World(self.level)

    def _keep_snapshot(self, world: World, reached: int) -> None:
        if self.practice or self.script is not None:
            return
        snapshots = _split_snapshots.setdefault(self.level.path, {})
        snapshots[reached - 1] = copy.deepcopy(world, {id(self.level): self.level})

    def _new_recorder(self, category: str):
        if self._replays is None or self.script is not None or self.practice_split is not None:
            # A replay must start at the map's start to verify: none from a split.
            return None
        if not self.writes_records:
            return None
        try:
            return self._replays[0](self.level.path, self.level, category, self.practice)
        except Exception as error:  # a replay bug must never stop a run
            print(f"replay recording is off for this run: {error}", file=sys.stderr)
            return None

    def _end_attempt(self) -> None:
        """Keep what this run earned (PB, best segments) and save its replay, once."""
        if self._saved or not self.world.started:
            return
        self._saved = True
        if self.script is None:
            merged = self.attempt.merged(self.world)
            category = self.attempt.category
            if merged.pb_rows != self.attempt.record.pb_rows:
                if self.writes_records:
                    save_ghost(self.map_id, category, self.track)  # this run is the PB now
                self.ghost = self.track
            self.bests.put(self.map_id, category, merged)
        if self.recorder is not None:
            try:
                self._replays[1](self.recorder.finish(self.world))
            except Exception as error:
                print(f"could not save the replay: {error}", file=sys.stderr)

    # --- play and reload (game/ui/reload.py) -----------------------------------------------
    def end_run(self) -> None:
        """The map was saved again and a new scene takes over: keep what this run earned, and
        drop the practice snapshots, whose worlds hold the old map's tiles and objects."""
        self._end_attempt()
        _split_snapshots.pop(self.level.path, None)
        for key in [key for key in _pb_snapshots if key[0] == self.level.path]:
            del _pb_snapshots[key]

    def _set_paused(self, paused: bool, reason: str = "") -> None:
        self.paused = paused
        self.pause_reason = reason
        self.nav.set_paused(paused)
        if self.bridge is not None and self.world is not None:
            self.bridge.hold(paused or bool(self.world.dialogue))

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
            self._end_attempt()
            self.nav.show_title()

    def on_key(self, key: int) -> None:
        if self.paused and key in PRACTICE_KEYS:
            self.start_practice(PRACTICE_KEYS[key])
            return
        """Display toggles, not game buttons: real time (T), splits panel (Tab), ghost (G)."""
        if key == TOGGLE_REAL_TIME:
            show = not self._setting("show_real_time", True)
            update = getattr(self.nav, "update_settings", None)
            if update is not None:
                update(show_real_time=show)
        elif key == TOGGLE_SPLITS:
            self.show_splits = not self.show_splits
        elif key == TOGGLE_GHOST:
            self.show_ghost = not self.show_ghost

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
        if world.finished or self.attempt.complete:
            self.renderer.observe(())
            self.finished_for += 1
            if self.finished_for >= FINISH_HOLD_TICKS:
                self._end_attempt()
                self.nav.show_results(world, self.renderer, self.attempt)
            return
        # Sample live input even during playback, so held keys never leak into the next run.
        live = self.nav.sample_input()
        mask = self.script.mask(world.tick) if self.script is not None else live
        if self._confirm and self.script is None:
            mask |= JUMP  # Enter closes a box the way a jump press does
        self._confirm = False
        reached = len(world.split_ticks)
        world.step(mask)
        if len(world.split_ticks) > reached:
            self._keep_snapshot(world, len(world.split_ticks))
        if self.recorder is not None:
            self.recorder.record(mask)
        self.track.record(world, naruto_feet(world.naruto))
        if self.attempt.update(world) or world.finished:
            self._end_attempt()  # the PB is safe on disk before the results even show
        if self.bridge is not None and not self.practice:
            self.bridge.observe(world, bool(world.dialogue), self.attempt.final)
            self._report_livesplit_failure()
        self.renderer.screen_shake = self._screen_shake()
        self.renderer.tick(world)
        self.dialogue_box.update(world.dialogue)

    def _screen_shake(self) -> bool:
        """The player's setting, read every tick so a change applies at once."""
        return bool(self._setting("screen_shake", True))

    # --- drawing ---------------------------------------------------------------------------
    # Drawn over the world but under the HUD (the app's F3 overlay), so the HUD stays legible.
    debug_layer: Callable[[pygame.Surface], None] | None = None

    def draw(self, canvas: pygame.Surface) -> None:
        self.renderer.draw(canvas, self.world)
        if self.debug_layer is not None:
            self.debug_layer(canvas)
        if self.show_ghost and self.ghost is not None and self.world.started:
            self.ghost_painter.draw(canvas, self.ghost, self.world.game_ticks)
        attempt = self.attempt
        label = CATEGORY_NAMES[attempt.category] + (" PRACTICE" if self.practice else "")
        self.hud.category = label
        self.hud.final_ticks = attempt.final
        show_real = self._setting("show_real_time", True)
        self.hud.real_seconds = attempt.real_seconds() if show_real else None
        self.hud.draw(canvas, self.world)
        if self.show_splits and self.level.splits:
            rows = attempt.comparison(self.world)
            draw_splits_panel(canvas, rows, attempt.sum_of_best(), (canvas.get_width() - 4, 40))
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
            # The practice list is open: the frame has no ticks to run, so it can spare a
            # few milliseconds for the PB's snapshots.
            self.prepare_practice()
            draw_pause(canvas, self.pause_reason)
            self._draw_practice_menu(canvas)

    def _draw_practice_menu(self, canvas: pygame.Surface) -> None:
        """Under the pause menu: the splits a practice run can start from (1-9), bright when
        ready, grey while the PB is still being re-simulated, dark when neither this session
        nor the PB reached them."""
        entries = [
            (f"{i + 1} {split.name}", self.practice_state(i))
            for i, split in enumerate(self.level.splits[:9])
        ]
        if not entries:
            return
        face, ink, gap = self.hud.small, (16, 10, 10), 12
        y = canvas.get_height() - 30
        preparing = any(state == PRACTICE_PREPARING for _, state in entries)
        heading = "PRACTICE FROM" + ("  (reading the best run...)" if preparing else "")
        face.draw(
            canvas,
            heading,
            (canvas.get_width() // 2, y - 12),
            PRACTICE_COLOURS[PRACTICE_PREPARING],
            anchor="midtop",
            outline=ink,
        )
        widths = [face.size(text)[0] for text, _ in entries]
        x = (canvas.get_width() - sum(widths) - gap * (len(entries) - 1)) // 2
        for (text, state), width in zip(entries, widths, strict=True):
            face.draw(canvas, text, (x, y), PRACTICE_COLOURS[state], outline=ink)
            x += width + gap
