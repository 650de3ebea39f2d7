"""Assist mode (Celeste's model): the names of the assists, and which of them the simulation
runs.

Three change the world, so `World(level, assists=...)` takes them and a replay re-simulates
them exactly:

- `infinite_chakra`: Naruto's chakra never drops (every jutsu is free)
- `no_stun`: falling rocks never stun Naruto (they pass him by; they still hit clones and
  miners)
- `slow_collapse`: the collapse timer runs at half speed (it loses one tick every second tick)

One changes only how fast the game is shown: `speed_NN` (NN from 50 to 99 percent; the assist
screen offers steps of 10), recorded in a replay's `assists` because it is an assist, but never
given to the simulation (it does not change a tick). A run with any assist is an assisted run
and keeps its own records.
"""

from __future__ import annotations

from collections.abc import Iterable

INFINITE_CHAKRA = "infinite_chakra"
NO_STUN = "no_stun"
SLOW_COLLAPSE = "slow_collapse"
SIMULATED = (INFINITE_CHAKRA, NO_STUN, SLOW_COLLAPSE)  # the ones World takes, in this order
SPEED_PREFIX = "speed_"
SPEED_MIN, SPEED_MAX, SPEED_STEP = 50, 100, 10


def speed_name(percent: int) -> str:
    """The assist naming a game speed below 100%: "speed_70"; "" at full speed."""
    return "" if percent >= SPEED_MAX else f"{SPEED_PREFIX}{percent}"


def speed_of(names: Iterable[str]) -> int:
    """The game speed in percent an assist list asks for (100 when it names none)."""
    for name in names:
        percent = _speed_percent(name)
        if percent is not None:
            return percent
    return SPEED_MAX


def _speed_percent(name: str) -> int | None:
    digits = name.removeprefix(SPEED_PREFIX)
    if name == digits or not digits.isdigit() or digits != str(int(digits)):
        return None
    percent = int(digits)
    return percent if SPEED_MIN <= percent < SPEED_MAX else None


def is_known(name: str) -> bool:
    return name in SIMULATED or _speed_percent(name) is not None


def unknown(names: Iterable[str]) -> list[str]:
    """The names in `names` that are no assist of this game."""
    return [name for name in names if not is_known(name)]


def simulated(names: Iterable[str]) -> frozenset[str]:
    """The assists of `names` the simulation runs (the game speed left out); ValueError on a
    name that is no assist at all."""
    names = tuple(names)
    bad = unknown(names)
    if bad:
        raise ValueError(f"unknown assist {bad[0]!r:.40} (known: {', '.join(SIMULATED)}, speed_NN)")
    return frozenset(name for name in names if name in SIMULATED)


def ordered(names: Iterable[str]) -> tuple[str, ...]:
    """The assists in one order (the simulated ones as SIMULATED, then the speed), for a
    replay header: the same set always reads the same."""
    names = set(names)
    speed = [name for name in names if _speed_percent(name) is not None]
    return tuple(name for name in SIMULATED if name in names) + tuple(sorted(speed))


# The settings (game/store.py Settings) that switch each simulated assist on, and the speed's.
SETTINGS_FLAGS = (
    (INFINITE_CHAKRA, "assist_infinite_chakra"),
    (NO_STUN, "assist_no_stun"),
    (SLOW_COLLAPSE, "assist_slow_collapse"),
)
SPEED_SETTING = "assist_speed"
LABELS = {
    INFINITE_CHAKRA: "infinite chakra",
    NO_STUN: "no stun",
    SLOW_COLLAPSE: "slower collapse",
}


def from_settings(settings) -> tuple[str, ...]:
    """The assists a run started now plays with, from the player's settings (any object with
    the assist_* attributes: no import of the settings' module here)."""
    names = [name for name, key in SETTINGS_FLAGS if getattr(settings, key, False)]
    percent = int(getattr(settings, SPEED_SETTING, SPEED_MAX))
    percent = max(SPEED_MIN, min(SPEED_MAX, percent))
    speed = speed_name(percent)
    return ordered([*names, speed] if speed else names)


def describe(names: Iterable[str]) -> str:
    """For people: "infinite chakra, no stun, speed 70%"; "" for none."""
    parts = []
    for name in ordered(names):
        percent = _speed_percent(name)
        parts.append(f"speed {percent}%" if percent is not None else LABELS.get(name, name))
    return ", ".join(parts)
