"""The audio director: turns what happens in the world into sound, through pygame's mixer.

One channel carries the mine's music loop, two carry the collapse rumble (crossfading when the
stage changes), two carry Boulder Town's music loop and its ambience bed (the town's pair
crossfades with the mine's music when Naruto crosses from one map of a Full Rescue into the
next: `mixing.scene`), the rest play effects. Everything it decides is in `mixing` (which
effect, how loud, where, which music); this module only talks to the mixer.

With no audio device the director is silent and every method is a no-op: the game must run
the same with or without sound. (SDL's "dummy" audio driver counts as a device that works
and plays to nowhere.)
"""

from __future__ import annotations

import contextlib
import functools
import io
import math
from collections.abc import Callable, Iterable

import pygame

from game.audio import cache, mixing, synth
from game.audio.dsp import RATE
from game.quiet import quiet_stderr
from game.sim.constants import SUBPIXEL
from game.sim.pools import NARUTO_H, NARUTO_W
from game.store import Settings

CHANNELS = 32
MUSIC_CHANNEL = 0  # the mine's loop
RUMBLE_CHANNELS = (1, 2)
TOWN_MUSIC_CHANNEL = 3  # Boulder Town's loop
AMBIENCE_CHANNEL = 4  # Boulder Town's ambience bed
FIRST_EFFECT_CHANNEL = 5  # the ones before it are reserved for the loops
BUFFER_SAMPLES = 512  # about 12 ms: effects land on the frame they belong to
CROSSFADE_TICKS = 90  # the rumble moves to a new stage over 1.5 s
SCENE_CROSSFADE_TICKS = 60  # the town's music and the mine's trade places over 1 s
DUCK_TICKS = 20
RUMBLE_LEVEL = 0.9  # the rumble under the effects volume
AMBIENCE_LEVEL = 0.7  # the town's ambience under the effects volume: a bed, under the music
DIALOGUE_DUCK = 0.45  # music level while a dialogue box is open


def _goes_silent_on_error(method: Callable) -> Callable:
    """A mixer error mid-game (the headset unplugged, the sound server gone) turns the
    director silent instead of ending the game with a traceback."""

    @functools.wraps(method)
    def guarded(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except pygame.error:
            self._release()
            return None

    return guarded


class AudioDirector:
    """Plays the game's sounds. Silent (and harmless) when `active` is False."""

    def __init__(self, settings: Settings, *, enabled: bool = True):
        self.settings = settings
        self.active = False
        self._clips: dict[str, list[pygame.mixer.Sound]] = {}  # effect -> its variants
        self._loops: dict[str, pygame.mixer.Sound] = {}  # music and rumbles, by clip name
        self._turn: dict[str, int] = {}  # which variant of each effect plays next
        self._started: dict[int, int] = {}  # effect channel -> when it last started a sound
        self._starts = 0
        self._world = None
        self._seen_tick = -1
        self._duck = 1.0  # music multiplier, eased toward its target
        self._rumble_stage = 0
        self._rumble_lead = 0  # index into RUMBLE_CHANNELS of the stage playing now
        self._rumble_gain = [0.0, 0.0]
        self._town: dict[str, pygame.mixer.Sound] = {}  # the town's music and ambience
        self._scene: str | None = None  # mixing.MINE or TOWN once the music has started
        self._scene_gain = {mixing.MINE: 0.0, mixing.TOWN: 0.0}  # crossfade position, 0..1
        if enabled:
            self._start()

    # --- start and stop ------------------------------------------------------------------------
    def _start(self) -> None:
        try:
            with quiet_stderr():  # ALSA prints a page of complaints when there is no card
                pygame.mixer.init(RATE, -16, 2, BUFFER_SAMPLES)
            pygame.mixer.set_num_channels(CHANNELS)
            pygame.mixer.set_reserved(FIRST_EFFECT_CHANNEL)  # keeps Sound.play() off the loops
            self._load()
        except (pygame.error, OSError, NotImplementedError):
            self._release()
            return
        self.active = True
        self._apply_levels()

    def _load(self) -> None:
        for name, sound in _sounds(cache.ensure_rendered(), cache.render_in_memory).items():
            effect = name.split(".")[0]
            if effect in synth.EFFECTS:
                self._clips.setdefault(effect, []).append(sound)
            else:
                self._loops[name] = sound
        self._town = _sounds(cache.ensure_town_rendered(), cache.render_town_in_memory)

    def _release(self) -> None:
        self.active = False
        self._clips.clear()
        self._loops.clear()
        self._town.clear()
        with contextlib.suppress(pygame.error):
            pygame.mixer.quit()

    def stop(self) -> None:
        """Silence everything and let go of the audio device; the director is done."""
        if self.active:
            with contextlib.suppress(pygame.error):
                pygame.mixer.stop()
            self._release()

    @_goes_silent_on_error
    def pause(self) -> None:
        if self.active:
            pygame.mixer.pause()

    @_goes_silent_on_error
    def resume(self) -> None:
        if self.active:
            pygame.mixer.unpause()

    # --- volumes -------------------------------------------------------------------------------
    def set_volumes(self, music: float, effects: float) -> None:
        """Both 0..1; takes effect at once, on the music and rumble already playing too."""
        self.apply_settings(self.settings.replace(music_volume=music, effects_volume=effects))

    @_goes_silent_on_error
    def apply_settings(self, settings: Settings) -> None:
        self.settings = settings
        self._apply_levels()

    @property
    def music_level(self) -> float:
        return 0.0 if self.settings.muted else self.settings.music_volume

    @property
    def effects_level(self) -> float:
        return 0.0 if self.settings.muted else self.settings.effects_volume

    def _apply_levels(self) -> None:
        if not self.active:
            return
        music = self.music_level * self._duck
        mine, town = (_equal_power(self._scene_gain[s]) for s in (mixing.MINE, mixing.TOWN))
        pygame.mixer.Channel(MUSIC_CHANNEL).set_volume(music * mine)
        pygame.mixer.Channel(TOWN_MUSIC_CHANNEL).set_volume(music * town)
        pygame.mixer.Channel(AMBIENCE_CHANNEL).set_volume(
            self.effects_level * AMBIENCE_LEVEL * town
        )
        for number, gain in zip(RUMBLE_CHANNELS, self._rumble_gain, strict=True):
            pygame.mixer.Channel(number).set_volume(self.effects_level * RUMBLE_LEVEL * gain)

    # --- per tick ------------------------------------------------------------------------------
    @_goes_silent_on_error
    def tick(self, world) -> None:
        """Once per game tick: the effects of whatever `world` did since the last call (each
        world tick is heard once, however often this is called), then music and rumble.
        `world` is None on screens without a running world (title, results)."""
        if world is not None and (world is not self._world or world.tick != self._seen_tick):
            self._world = world
            self._seen_tick = world.tick
            self.observe(world.events, world)
        self.update_music(world)

    @_goes_silent_on_error
    def observe(self, events: Iterable[tuple[str, int, int]], world=None) -> None:
        """Start the effects for one tick's events, heard from where Naruto stands."""
        if not self.active:
            return
        level = self.effects_level
        for cue in mixing.plan(events, _listener(world)):
            variants = self._clips.get(cue.sound)
            if not variants or level <= 0.0:
                continue
            turn = self._turn.get(cue.sound, 0)
            self._turn[cue.sound] = turn + 1
            channel = self._effect_channel()
            channel.play(variants[turn % len(variants)])
            left, right = cue.stereo()
            channel.set_volume(left * level, right * level)

    def _effect_channel(self) -> pygame.mixer.Channel:
        """A free effect channel or, when all are busy, the one whose sound started longest
        ago. (pygame's find_channel would also hand out the music and rumble channels.)"""
        numbers = range(FIRST_EFFECT_CHANNEL, CHANNELS)
        free = [n for n in numbers if not pygame.mixer.Channel(n).get_busy()]
        number = free[0] if free else min(numbers, key=lambda n: self._started.get(n, -1))
        self._starts += 1
        self._started[number] = self._starts
        return pygame.mixer.Channel(number)

    @_goes_silent_on_error
    def update_music(self, world=None) -> None:
        """Keep the music of the scene Naruto is in looping (the mine's, or the town's with
        its ambience; ducked under dialogue), crossfading when he crosses into a map with
        the other music, and the rumble on the world's collapse stage, crossfading when the
        stage changes; silence it when nothing is collapsing."""
        if not self.active:
            return
        talking = world is not None and bool(getattr(world, "dialogue", ""))
        self._duck = _ease(self._duck, DIALOGUE_DUCK if talking else 1.0, DUCK_TICKS)
        self._follow_scene(mixing.scene(world))
        self._follow_stage(_rumble_stage(world))
        self._apply_levels()

    def _follow_scene(self, scene: str) -> None:
        if self._scene is None:  # the first music of the session starts at once
            self._scene_gain[scene] = 1.0
        self._scene = scene
        for name in self._scene_gain:
            target = 1.0 if name == scene else 0.0
            self._scene_gain[name] = _ease(self._scene_gain[name], target, SCENE_CROSSFADE_TICKS)
        self._apply_levels()  # a loop starting below starts at its faded-in volume: no click
        for name, gain in self._scene_gain.items():
            for number, sound in self._scene_loops(name):
                channel = pygame.mixer.Channel(number)
                if name == scene and not channel.get_busy():
                    channel.play(sound, loops=-1)  # from its top
                elif name != scene and gain == 0.0 and channel.get_busy():
                    channel.stop()

    def _scene_loops(self, scene: str) -> list[tuple[int, pygame.mixer.Sound]]:
        """The channels a scene's loops play on, with the loops (those that are loaded)."""
        if scene == mixing.TOWN:
            wanted = ((TOWN_MUSIC_CHANNEL, self._town, synth.TOWN_MUSIC),)
            wanted += ((AMBIENCE_CHANNEL, self._town, synth.TOWN_AMBIENCE),)
        else:
            wanted = ((MUSIC_CHANNEL, self._loops, synth.MUSIC),)
        return [(number, loops[name]) for number, loops, name in wanted if name in loops]

    def _follow_stage(self, stage: int) -> None:
        if stage != self._rumble_stage:
            self._rumble_stage = stage
            if stage:
                self._rumble_lead = 1 - self._rumble_lead
                loop = self._loops.get(synth.rumble_name(stage))
                if loop is not None:
                    channel = pygame.mixer.Channel(RUMBLE_CHANNELS[self._rumble_lead])
                    channel.play(loop, loops=-1)
                    self._rumble_gain[self._rumble_lead] = 0.0
        for i, number in enumerate(RUMBLE_CHANNELS):
            target = 1.0 if (stage and i == self._rumble_lead) else 0.0
            self._rumble_gain[i] = _ease(self._rumble_gain[i], target, CROSSFADE_TICKS)
            if self._rumble_gain[i] == 0.0 and target == 0.0:
                pygame.mixer.Channel(number).stop()


def _ease(value: float, target: float, ticks: int) -> float:
    """One tick's step of a linear ramp that takes `ticks` to cross the whole range."""
    step = 1.0 / ticks
    if value < target:
        return min(target, value + step)
    return max(target, value - step)


def _equal_power(gain: float) -> float:
    """The volume for a crossfade position: two uncorrelated loops crossing over keep the
    same loudness all the way through (sin² + cos² = 1), with no dip in the middle."""
    return math.sin(gain * math.pi / 2)


def _sounds(paths, in_memory: Callable[[], dict[str, bytes]]) -> dict[str, pygame.mixer.Sound]:
    """The cached WAV files at `paths` as Sounds; when there is no cache (None), the sounds
    made in memory."""
    if paths is not None:
        return {name: pygame.mixer.Sound(str(path)) for name, path in paths.items()}
    return {name: pygame.mixer.Sound(file=io.BytesIO(data)) for name, data in in_memory().items()}


def _rumble_stage(world) -> int:
    if world is None or not world.started or world.finished:
        return 0
    return int(world.collapse_stage)


def _listener(world) -> tuple[float, float] | None:
    naruto = getattr(world, "naruto", None)
    if naruto is None:
        return None
    return naruto.x / SUBPIXEL + NARUTO_W / 2, naruto.y / SUBPIXEL + NARUTO_H / 2
