"""The window: its name and icon, the display check, its size and mode, and how the 640x360
canvas is put into it.

- **Name.** The title and the window class (what a window manager or a task bar groups and
  names the window by) are "Great Mine Rescue": SDL reads the class from the
  `SDL_VIDEO_X11_WMCLASS` / `SDL_VIDEO_WAYLAND_WMCLASS` hints (environment variables), which
  must be set before the video system starts. Without them X11 shows the program's file name.
- **No display.** With no display to open a window on (no `DISPLAY` on Linux, a login with
  no desktop), SDL quietly picks its "offscreen" driver and the game would run invisibly for
  ever: `check_display` turns that into one line, and the app exits 1. A driver chosen on
  purpose (`SDL_VIDEODRIVER=offscreen` or `dummy`, as the tests and capture runs do) is left
  alone.
- **Scaling.** Sharp whole-number scaling by default, letterboxed; `smooth_scaling` fills the
  window as far as the 16:9 canvas allows (non-integer, letterboxed on the other axis). A
  window smaller than the canvas is always scaled down smoothly, so the text stays legible.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from functools import lru_cache

import pygame

from game.quiet import quiet_stderr

CANVAS_SIZE = (640, 360)
NAME = "Great Mine Rescue"
WM_CLASS_HINTS = ("SDL_VIDEO_X11_WMCLASS", "SDL_VIDEO_WAYLAND_WMCLASS", "SDL_APP_NAME")
HEADLESS_DRIVERS = ("offscreen", "dummy")
NO_DISPLAY = (
    "Great Mine Rescue: no display to open the window on ({why}); start it from a desktop "
    "session (or set DISPLAY), or set SDL_VIDEODRIVER=dummy for a run with no window"
)
MAX_SCALE = 8


class NoDisplay(Exception):
    """No display to show the window on; str() is the one line to print."""


def name_the_window() -> None:
    """The window class hints: before `pygame.display.init()`. A value the user set wins."""
    for hint in WM_CLASS_HINTS:
        os.environ.setdefault(hint, NAME)


def check_display() -> None:
    """Raise NoDisplay when SDL fell back to a driver that shows nothing although nobody
    asked for one (call after `pygame.display.init()`)."""
    driver = pygame.display.get_driver()
    wanted = os.environ.get("SDL_VIDEODRIVER", "").strip().lower()
    if driver in HEADLESS_DRIVERS and driver not in wanted.split(","):
        if os.name == "posix" and not os.environ.get("DISPLAY"):
            why = "DISPLAY is not set"
        else:
            why = f"SDL found no video device and fell back to '{driver}'"
        raise NoDisplay(NO_DISPLAY.format(why=why))


@contextlib.contextmanager
def quiet_probe() -> Iterator[None]:
    """With no display in sight (no DISPLAY, no WAYLAND_DISPLAY on Linux, no driver asked
    for), what the C libraries print while SDL probes for one (libwayland's "XDG_RUNTIME_DIR
    is invalid") goes to the null device: the game's own line says what is wrong."""
    probing = (
        sys.platform.startswith("linux")
        and not os.environ.get("DISPLAY")
        and not os.environ.get("WAYLAND_DISPLAY")
        and not os.environ.get("SDL_VIDEODRIVER")
    )
    if not probing:
        yield
        return
    with quiet_stderr():
        yield


def no_display_line(error: pygame.error | str) -> str:
    """The line for `pygame.display.init()` failing outright."""
    return NO_DISPLAY.format(why=str(error) or "the video system did not start")


# --- size --------------------------------------------------------------------------------------
def max_scale(desktop: tuple[int, int] | None = None) -> int:
    """The largest window scale whose window fits the desktop (1 at least)."""
    if desktop is None:
        if pygame.display.get_init() and pygame.display.get_driver() in HEADLESS_DRIVERS:
            return MAX_SCALE  # no real desktop to fit
        desktop = desktop_size()
    if desktop is None:
        return MAX_SCALE
    fits = min(desktop[0] // CANVAS_SIZE[0], desktop[1] // CANVAS_SIZE[1])
    return max(1, min(MAX_SCALE, fits))


def desktop_size() -> tuple[int, int] | None:
    try:
        sizes = pygame.display.get_desktop_sizes()
    except (pygame.error, AttributeError):
        return None
    return tuple(sizes[0]) if sizes else None  # type: ignore[return-value]


def window_size(scale: int) -> tuple[int, int]:
    return CANVAS_SIZE[0] * scale, CANVAS_SIZE[1] * scale


def mode_request(fullscreen: bool, scale: int) -> tuple[tuple[int, int], int]:
    """The (size, flags) to pass `pygame.display.set_mode` for these settings: the desktop
    in fullscreen (size (0, 0): SDL uses the desktop's), else a resizable window at `scale`."""
    if fullscreen:
        return (0, 0), pygame.FULLSCREEN
    return window_size(scale), pygame.RESIZABLE


def set_mode(fullscreen: bool, scale: int) -> pygame.Surface:
    """Open (or change) the window; a fullscreen the driver refuses falls back to a window."""
    size, flags = mode_request(fullscreen, scale)
    try:
        return pygame.display.set_mode(size, flags)
    except pygame.error:
        if not fullscreen:
            raise
        size, flags = mode_request(False, scale)
        return pygame.display.set_mode(size, flags)


# --- putting the canvas in the window ----------------------------------------------------------
def fit(window: tuple[int, int], canvas: tuple[int, int] = CANVAS_SIZE) -> pygame.Rect:
    """Where the canvas goes in the window: the largest whole-number scale, centred."""
    scale = max(1, min(window[0] // canvas[0], window[1] // canvas[1]))
    rect = pygame.Rect(0, 0, canvas[0] * scale, canvas[1] * scale)
    rect.center = (window[0] // 2, window[1] // 2)
    return rect


def fit_smooth(window: tuple[int, int], canvas: tuple[int, int] = CANVAS_SIZE) -> pygame.Rect:
    """The largest rectangle of the canvas's shape inside the window, centred."""
    w, h = window
    if w * canvas[1] <= h * canvas[0]:
        size = (max(1, w), max(1, w * canvas[1] // canvas[0]))
    else:
        size = (max(1, h * canvas[0] // canvas[1]), max(1, h))
    rect = pygame.Rect((0, 0), size)
    rect.center = (w // 2, h // 2)
    return rect


SMOOTH_ABOVE = 1.25  # a window this many times the canvas, but under 2x, is smoothed to fit


def placement(window: tuple[int, int], smooth: bool) -> tuple[pygame.Rect, bool]:
    """Where the canvas goes and whether it is scaled smoothly. Sharp whole numbers unless
    `smooth` is on, the window is smaller than the canvas (1x would crop it), or it is under
    twice the canvas but a good deal over it (960x540: 1x would leave tiny text in a wide
    black frame, so the canvas is smoothed up to fill it instead)."""
    small = window[0] < CANVAS_SIZE[0] or window[1] < CANVAS_SIZE[1]
    scale = min(window[0] / CANVAS_SIZE[0], window[1] / CANVAS_SIZE[1])
    between = SMOOTH_ABOVE <= scale < 2
    if smooth or small or between:
        rect = fit_smooth(window)
        if rect.w % CANVAS_SIZE[0] == 0 and rect.size == window_size(rect.w // CANVAS_SIZE[0]):
            return rect, False  # a whole number after all: sharp is exact and cheaper
        return rect, True
    return fit(window), False


class Presenter:
    """Scales the canvas into the window each frame, keeping its scratch surface."""

    def __init__(self) -> None:
        self._sharp: pygame.Surface | None = None

    def present(self, canvas: pygame.Surface, window: pygame.Surface, smooth: bool) -> None:
        rect, soft = placement(window.get_size(), smooth)
        if rect.topleft != (0, 0) or rect.size != window.get_size():
            window.fill((0, 0, 0))
        if rect.size == canvas.get_size():
            window.blit(canvas, rect)
        elif not soft:
            pygame.transform.scale(canvas, rect.size, window.subsurface(rect))
        else:
            # Whole-number sharp scaling first (crisp pixels), then a smooth step for the
            # rest: the pixels stay even, only their edges soften.
            whole = max(1, min(rect.w // canvas.get_width(), rect.h // canvas.get_height()))
            source = canvas
            if whole > 1:
                size = (canvas.get_width() * whole, canvas.get_height() * whole)
                if self._sharp is None or self._sharp.get_size() != size:
                    self._sharp = pygame.Surface(size, 0, canvas)
                pygame.transform.scale(canvas, size, self._sharp)
                source = self._sharp
            pygame.transform.smoothscale(source, rect.size, window.subsurface(rect))


# --- the icon ----------------------------------------------------------------------------------
# Naruto's head, 16x16, drawn at 2x: spiky yellow hair, the forehead protector (blue band,
# steel plate), skin, blue eyes, whisker marks.
ICON_ROWS = (
    "....Y..Y..Y.....",
    "...YYY.YY.YY.Y..",
    "..YYYYYYYYYYYY..",
    ".YYYYYYYYYYYYYY.",
    "YYYYYYYYYYYYYYYY",
    ".BBBSSSSSSSSBBB.",
    ".BBBSsSSSSsSBBB.",
    ".YFFFFFFFFFFFFY.",
    "YYFFFFFFFFFFFFYY",
    ".YFWEFFFFFFEWFY.",
    ".YFWEFFFFFFEWFY.",
    "..FkFFFFFFFFkF..",
    "..FkFFFmmFFFkF..",
    "...FFFFFFFFFF...",
    "....FFFFFFFF....",
    ".....OOOOOO.....",
)
ICON_COLOURS = {
    "Y": (255, 200, 40),  # hair
    "B": (40, 60, 120),  # the protector's cloth
    "S": (190, 200, 212),  # its steel plate
    "s": (110, 120, 140),  # the leaf mark on it
    "F": (246, 196, 150),  # skin
    "W": (250, 250, 250),  # eye white
    "E": (40, 110, 220),  # iris
    "k": (150, 90, 70),  # whisker marks
    "m": (170, 70, 60),  # mouth
    "O": (240, 120, 30),  # the orange collar
}
ICON_OUTLINE = (30, 18, 14)


@lru_cache(maxsize=1)
def icon() -> pygame.Surface:
    """The window icon: Naruto's head on a transparent 32x32, with a dark rim so it reads on
    light and dark task bars alike."""
    small = pygame.Surface((16, 16), pygame.SRCALPHA)
    for y, row in enumerate(ICON_ROWS):
        for x, c in enumerate(row):
            if c != ".":
                small.set_at((x, y), ICON_COLOURS[c])
    big = pygame.transform.scale(small, (32, 32))
    inside = {(x, y) for x in range(32) for y in range(32) if big.get_at((x, y)).a}
    for x, y in inside:
        for dx, dy in ((1, 0), (-1, 0), (0, 1), (0, -1)):
            edge = (x + dx, y + dy)
            if edge not in inside and 0 <= edge[0] < 32 and 0 <= edge[1] < 32:
                big.set_at(edge, ICON_OUTLINE)
    return big
