"""Which effects to start this tick, how loud and where: the director's decisions, without pygame.

A tick can hold hundreds of events of one kind (every clone dispelled at once puffs in the same
tick). Playing them all would clip the mix and flood the channels, so each kind plays at most
a few sounds a tick, the ones nearest the listener, and a crowd sounds louder than one but
only slowly (by the logarithm of its size), never by its count.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from game.sim import events as ev  # not `events`: plan() takes a list by that name

HEARING_PX = 320  # half a screen: events this close play at full volume
FADE_PX = 960  # beyond HEARING_PX, volume falls to FAR_GAIN over this distance
FAR_GAIN = 0.15  # rocks crumble all over the mine: the distant ones only murmur
MAX_PAN = 0.6  # never wholly in one ear
DEFAULT_LIMIT = 3  # sounds of one kind per tick
CROWD_GROWTH = 0.35  # how much louder each doubling of a crowd gets, in units of one sound
CROWD_MAX = 2.0  # a crowd is at most this many times as loud as one


@dataclass(frozen=True)
class Effect:
    """How an event kind sounds: its clip, its loudness, and whether it is heard from where
    it happens (or everywhere at once, like the floor giving way)."""

    sound: str
    gain: float = 1.0
    positional: bool = True
    limit: int = DEFAULT_LIMIT


EFFECTS: dict[str, Effect] = {
    ev.JUMP: Effect("jump", 0.7),
    ev.LAND: Effect("land", 0.55),
    ev.CLONE: Effect("clone", 0.8),
    ev.PUFF: Effect("puff", 0.8, limit=4),
    ev.RASENGAN: Effect("rasengan", 1.0, limit=1),
    ev.BREAK: Effect("break", 1.0),
    ev.ROCK_LAND: Effect("rock", 0.8),
    ev.ROCK_SHATTER: Effect("break", 0.6),  # frequent in the late stages: kept lower
    ev.STUN: Effect("stun", 1.0, limit=1),
    ev.RESCUE: Effect("rescue", 0.9, positional=False, limit=2),
    ev.FIRE: Effect("fire", 1.0, limit=1),
    ev.IGNITE: Effect("ignite", 0.9, limit=2),
    ev.BURN: Effect("fire", 0.5, limit=2),
    ev.FLOOR_COLLAPSE: Effect("floor_collapse", 1.0, positional=False, limit=1),
    ev.SEAL: Effect("floor_collapse", 1.0, positional=False, limit=1),
    ev.FALL: Effect("fall", 0.9, limit=2),
    ev.RESPAWN: Effect("clone", 0.7, limit=1),
    ev.FAINT: Effect("faint", 0.9, positional=False, limit=1),
    ev.DIALOGUE: Effect("dialogue", 1.0, positional=False, limit=1),
    ev.BOOST: Effect("boost", 0.9, limit=2),
    # Boulder Town
    ev.CRATE_PICKUP: Effect("crate_pickup", 0.7, limit=2),
    ev.CRATE_DELIVER: Effect("crate_deliver", 0.85, positional=False, limit=1),  # a success
    ev.SHOVE: Effect("shove", 0.9, limit=1),
    ev.GUARD_ASIDE: Effect("guard_aside", 0.9, limit=2),
    ev.TRANSFORM: Effect("transform", 0.9, limit=1),
    ev.UNTRANSFORM: Effect("untransform", 0.7, limit=1),
    ev.CHEER: Effect("cheer", 0.6, limit=2),
    ev.PASSAGE: Effect("passage", 0.9, positional=False, limit=1),
}

# Which music (and ambience) plays: the mine's, or Boulder Town's.
MINE = "mine"
TOWN = "town"


def scene(world) -> str:
    """TOWN while Naruto is in a map whose `music` property is "town" (in a Full Rescue, the
    section he is in now: `level.sections[world.section]`), MINE otherwise and when there is
    no world (title, results)."""
    level = getattr(world, "level", None)
    if level is None:
        return MINE
    sections = getattr(level, "sections", None) or ()
    index = int(getattr(world, "section", 0))
    if 0 <= index < len(sections):
        music = getattr(sections[index], "music", MINE)
    else:  # a level from before sections: the map's own property
        music = getattr(level, "properties", {}).get("music", MINE)
    return TOWN if music == TOWN else MINE


@dataclass(frozen=True)
class Cue:
    """One sound to start now: `volume` 0..1 (before the player's effects volume) and `pan`
    from -1 (left) to 1 (right)."""

    sound: str
    volume: float
    pan: float = 0.0

    def stereo(self) -> tuple[float, float]:
        """Left and right volumes: the far side fades while the near side stays full."""
        return self.volume * min(1.0, 1.0 - self.pan), self.volume * min(1.0, 1.0 + self.pan)


def crowd_gain(count: int) -> float:
    """How loud `count` simultaneous events of one kind are together, in units of one."""
    if count <= 1:
        return float(max(count, 0))
    return min(CROWD_MAX, 1.0 + CROWD_GROWTH * math.log2(count))


def distance_gain(dx: float, dy: float) -> float:
    distance = math.hypot(dx, dy)
    if distance <= HEARING_PX:
        return 1.0
    fade = min(1.0, (distance - HEARING_PX) / FADE_PX)
    return 1.0 - (1.0 - FAR_GAIN) * fade


def plan(
    events: Iterable[tuple[str, int, int]], listener: tuple[float, float] | None = None
) -> list[Cue]:
    """The cues for one tick's events, heard from `listener` (x, y in pixels; None hears
    everything as if it were close). Unknown event kinds are silent."""
    by_kind: dict[str, list[tuple[int, int]]] = {}
    for kind, x, y in events:
        if kind in EFFECTS:
            by_kind.setdefault(kind, []).append((x, y))
    cues = []
    for kind, spots in by_kind.items():
        effect = EFFECTS[kind]
        # A sound heard everywhere the same needs no copies: one louder cue says "many".
        heard = _nearest(spots, listener, effect.limit) if effect.positional else spots[:1]
        share = effect.gain * crowd_gain(len(spots)) / len(heard)
        for x, y in heard:
            volume, pan = share, 0.0
            if effect.positional and listener is not None:
                dx, dy = x - listener[0], y - listener[1]
                volume *= distance_gain(dx, dy)
                pan = max(-MAX_PAN, min(MAX_PAN, dx / (2 * HEARING_PX)))
            cues.append(Cue(effect.sound, min(1.0, volume), pan))
    return cues


def _nearest(spots, listener, limit: int):
    if listener is None or len(spots) <= limit:
        return spots[:limit]
    lx, ly = listener
    return sorted(spots, key=lambda s: (s[0] - lx) ** 2 + (s[1] - ly) ** 2)[:limit]
