"""The Options screen, opened from the title (O, or Y on a pad) and the pause menu.

Up and down choose a row, left and right change its value (the d-pad and the left stick
too), Enter (A) toggles or opens, Esc / Backspace / Q (B) goes back to the screen it was
opened from. The mouse: hover chooses, a click toggles (on a bar: sets it where clicked),
the wheel changes the value. Every change goes through the app's `update_settings`, which
saves `settings.json` at once and applies it (volumes to the mixer, the window's mode).

The rows are `ROWS`, each a settings key; "Controls" and "Assist mode" open
`game.ui.controls.ControlsScreen(nav, back)` and `game.ui.assists.AssistScreen(nav, back)`.
The navigation shared with the Assist mode screen is `game.ui.settings_menu.SettingsMenu`.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import pygame

from game.render.colours import DIM, GOLD, INK, WHITE
from game.render.text import font
from game.store import SPEEDRUN_HUDS
from game.ui.mouse import Pointer
from game.ui.settings_menu import (
    ROW_H,
    SettingsMenu,
    draw_switch,
)
from game.ui.widgets import centred

VOLUME_STEP = 0.1
BRIGHTNESS_STEP = 10
HUD_NAMES = {"off": "OFF", "timer": "TIMER", "full": "TIMER + SPLITS"}
BAR_SEGMENTS = 10
SEGMENT = (7, 7)
ICON_COLOUR = (230, 220, 200)


@dataclass(frozen=True)
class Row:
    key: str  # the settings key, or "controls" / "assists" / "back"
    label: str
    kind: str  # "volume", "percent", "flag", "scale", "hud", "link"
    icon: str


ROWS = (
    Row("music_volume", "Music", "volume", "music"),
    Row("effects_volume", "Effects", "volume", "effects"),
    Row("muted", "Mute", "flag", "mute"),
    Row("screen_shake", "Screen shake", "flag", "shake"),
    Row("flashing", "Flashing effects", "flag", "flash"),
    Row("brightness", "Brightness", "percent", "sun"),
    Row("scale", "Window scale", "scale", "scale"),
    Row("fullscreen", "Fullscreen (F11)", "flag", "fullscreen"),
    Row("smooth_scaling", "Smooth scaling", "flag", "smooth"),
    Row("speedrun_hud", "Speedrun timer", "hud", "watch"),
    Row("livesplit", "LiveSplit Server", "flag", "signal"),
    Row("livesplit_one", "LiveSplit One", "flag", "signal"),
    Row("controls", "Controls", "link", "pad"),
    Row("assists", "Assist mode", "link", "assist"),
    Row("back", "Back", "link", "back"),
)
LINKS = ("controls", "assists")  # rows that open a screen of their own


class OptionsScreen(SettingsMenu):
    """`back`: the screen to return to (the title, or the paused play screen), drawn
    behind the panel. `max_scale`: the largest window scale the desktop fits."""

    def __init__(self, nav, back, max_scale: int = 8):
        super().__init__(nav, back)
        self.max_scale = max(1, max_scale)
        self._bars: dict[int, pygame.Rect] = {}  # row -> its bar, for a click on it

    rows = ROWS

    def clicked(self, pointer: Pointer) -> None:
        """A click on a bar sets it where it landed; anywhere else on the row activates it."""
        bar = self._bars.get(self.selected)
        if bar is not None and pointer.pos is not None and bar.collidepoint(pointer.pos):
            self.set_from_bar(pointer.pos[0] - bar.x, bar.w)
        else:
            self.activate()

    def _save(self, **changes) -> None:
        self.nav.update_settings(**changes)

    def change(self, step: int) -> None:
        """Left (-1) or right (+1) on the selected row."""
        row, settings = self.row, self.nav.settings
        if row.kind == "volume":
            level = round(getattr(settings, row.key) * 10) + step
            self._save(**{row.key: max(0, min(10, level)) / 10})
        elif row.kind == "percent":
            value = getattr(settings, row.key) + step * BRIGHTNESS_STEP
            self._save(**{row.key: max(0, min(100, value))})
        elif row.kind == "flag":
            value = step > 0
            if getattr(settings, row.key) != value:
                self._save(**{row.key: value})
        elif row.kind == "scale":
            value = max(1, min(self.max_scale, settings.scale + step))
            if value != settings.scale:
                self._save(scale=value)
        elif row.kind == "hud":
            index = SPEEDRUN_HUDS.index(settings.speedrun_hud) + step
            self._save(speedrun_hud=SPEEDRUN_HUDS[max(0, min(len(SPEEDRUN_HUDS) - 1, index))])

    def set_from_bar(self, x: int, width: int) -> None:
        """A click on a bar: the value under the pointer (the segment clicked, inclusive)."""
        level = max(0, min(BAR_SEGMENTS, (x * BAR_SEGMENTS) // max(1, width) + 1))
        if self.row.kind == "volume":
            self._save(**{self.row.key: level / 10})
        elif self.row.kind == "percent":
            self._save(**{self.row.key: level * BRIGHTNESS_STEP})

    def activate(self) -> None:
        """Enter (A) or a click: toggle a flag, cycle the timer, open a link, go back."""
        row, settings = self.row, self.nav.settings
        if row.kind == "flag":
            self._save(**{row.key: not getattr(settings, row.key)})
        elif row.kind == "hud":
            index = (SPEEDRUN_HUDS.index(settings.speedrun_hud) + 1) % len(SPEEDRUN_HUDS)
            self._save(speedrun_hud=SPEEDRUN_HUDS[index])
        elif row.kind == "scale":
            self._save(scale=settings.scale % self.max_scale + 1)
        elif row.key == "back":
            self.close()
        elif row.key in LINKS:
            self.open_link(row.key)

    def open_link(self, key: str) -> None:
        # Imported here: those screens come back to this one.
        if key == "controls":
            from game.ui.controls import ControlsScreen

            self.nav.show_scene(ControlsScreen(self.nav, self))
        else:
            from game.ui.assists import AssistScreen

            self.nav.show_scene(AssistScreen(self.nav, self))

    # --- drawing ---------------------------------------------------------------------------
    def draw(self, canvas: pygame.Surface, alpha: float = 1.0) -> None:
        small = font(1)
        height = len(self.rows) * ROW_H
        panel = self.draw_panel(canvas, 400, height + 54)
        centred(canvas, "OPTIONS", panel.y + 8, GOLD, scale=2, shadow=(90, 30, 10))
        self._bars = {}
        settings = self.nav.settings
        top = panel.y + 34
        for i, row, y, chosen in self.placed_rows(canvas, panel, top):
            colour = GOLD if chosen else WHITE
            draw_icon(canvas, row.icon, (panel.x + 14, y + 4), GOLD if chosen else ICON_COLOURS)
            disabled = row.key == "scale" and settings.fullscreen
            label_colour = DIM if disabled else colour
            small.draw(canvas, row.label, (panel.x + 30, y), label_colour, outline=INK)
            self._draw_value(canvas, i, row, (panel.x + 220, y), chosen, disabled)
        hint = "Up/Down  choose    Left/Right  change    Enter  toggle    Esc  back"
        small.draw(
            canvas, hint, (panel.centerx, panel.bottom - 13), DIM, anchor="midtop", outline=INK
        )

    def _draw_value(self, canvas, index: int, row: Row, pos, chosen: bool, disabled: bool):
        x, y = pos
        settings = self.nav.settings
        small = font(1)
        colour = GOLD if chosen else WHITE
        arrows = chosen and row.kind not in ("link", "flag")
        if arrows:
            small.draw(canvas, "<", (x - 10, y), GOLD, outline=INK)
        if row.kind in ("volume", "percent"):
            value = getattr(settings, row.key)
            level = round(value * 10) if row.kind == "volume" else value // BRIGHTNESS_STEP
            muted = row.kind == "volume" and settings.muted
            bar = _draw_bar(canvas, (x, y), level, DIM if muted else colour)
            self._bars[index] = bar
            shown = f"{round(value * 100)}%" if row.kind == "volume" else str(value)
            end = small.draw(canvas, shown, (bar.right + 6, y), colour, outline=INK).right
        elif row.kind == "flag":
            end = draw_switch(canvas, (x, y), bool(getattr(settings, row.key)), chosen)
            address = timer_address(row.key, settings)
            if address:  # where the timer meets the game: what the runner types into it
                small.draw(canvas, address, (end + 8, y), DIM, outline=INK)
        elif row.kind == "scale":
            shown = f"{settings.scale}x" + ("  (fullscreen)" if disabled else "")
            end = small.draw(canvas, shown, (x, y), DIM if disabled else colour, outline=INK).right
        elif row.kind == "hud":
            shown = HUD_NAMES.get(settings.speedrun_hud, settings.speedrun_hud)
            end = small.draw(canvas, shown, (x, y), colour, outline=INK).right
        else:
            end = x
            if row.key != "back":
                end = small.draw(canvas, ">>", (x, y), colour, outline=INK).right
        if arrows:
            small.draw(canvas, ">", (end + 4, y), GOLD, outline=INK)


def timer_address(key: str, settings) -> str:
    """For a LiveSplit row: the server LiveSplit's client connects to, or the URL to give
    LiveSplit One (ports are set in settings.json)."""
    if key == "livesplit":
        return f"{settings.livesplit_host}:{settings.livesplit_port}"
    if key == "livesplit_one":
        return f"ws://localhost:{settings.livesplit_one_port}"
    return ""


def _draw_bar(canvas, pos, level: int, colour) -> pygame.Rect:
    """Ten segments, `level` of them lit."""
    x, y = pos
    w, h = SEGMENT
    for i in range(BAR_SEGMENTS):
        cell = pygame.Rect(x + i * (w + 1), y, w, h)
        canvas.fill(INK, cell.inflate(2, 2))
        canvas.fill(colour if i < level else (50, 44, 40), cell)
    return pygame.Rect(x, y, BAR_SEGMENTS * (w + 1) - 1, h)


# --- icons: 13x9 pictures drawn with lines, centred on `centre` ---------------------------------
ICON_COLOURS = ICON_COLOUR


def _speaker(canvas, cx, cy, c) -> None:
    pygame.draw.rect(canvas, c, (cx - 6, cy - 2, 3, 5))
    pygame.draw.polygon(canvas, c, [(cx - 3, cy - 2), (cx, cy - 5), (cx, cy + 5), (cx - 3, cy + 2)])


def _icon_music(canvas, cx, cy, c) -> None:
    _speaker(canvas, cx, cy, c)
    pygame.draw.line(canvas, c, (cx + 5, cy - 4), (cx + 5, cy + 2))
    pygame.draw.line(canvas, c, (cx + 5, cy - 4), (cx + 7, cy - 3))
    pygame.draw.rect(canvas, c, (cx + 3, cy + 2, 3, 2))


def _icon_effects(canvas, cx, cy, c) -> None:
    _speaker(canvas, cx, cy, c)
    for r in (3, 6):
        pygame.draw.arc(canvas, c, (cx - r + 1, cy - r, 2 * r, 2 * r), -math.pi / 3, math.pi / 3)


def _icon_mute(canvas, cx, cy, c) -> None:
    _speaker(canvas, cx, cy, c)
    pygame.draw.line(canvas, c, (cx + 2, cy - 2), (cx + 6, cy + 2))
    pygame.draw.line(canvas, c, (cx + 2, cy + 2), (cx + 6, cy - 2))


def _icon_shake(canvas, cx, cy, c) -> None:
    pygame.draw.rect(canvas, c, (cx - 3, cy - 3, 7, 7), 1)
    for side in (-1, 1):
        x = cx + side * 6
        pygame.draw.line(canvas, c, (x, cy - 3), (x, cy + 3))


def _icon_flash(canvas, cx, cy, c) -> None:
    points = [(cx + 1, cy - 5), (cx - 3, cy + 1), (cx, cy + 1), (cx - 1, cy + 5), (cx + 3, cy - 1)]
    points += [(cx, cy - 1)]
    pygame.draw.polygon(canvas, c, points)


def _icon_sun(canvas, cx, cy, c) -> None:
    pygame.draw.circle(canvas, c, (cx, cy), 2)
    for i in range(8):
        a = i * math.pi / 4
        inner = (cx + round(math.cos(a) * 4), cy + round(math.sin(a) * 4))
        outer = (cx + round(math.cos(a) * 5), cy + round(math.sin(a) * 5))
        pygame.draw.line(canvas, c, inner, outer)


def _icon_scale(canvas, cx, cy, c) -> None:
    pygame.draw.rect(canvas, c, (cx - 6, cy - 4, 12, 9), 1)
    pygame.draw.rect(canvas, c, (cx - 6, cy, 5, 5))


def _icon_fullscreen(canvas, cx, cy, c) -> None:
    for sx, sy in ((-1, -1), (1, -1), (-1, 1), (1, 1)):
        x, y = cx + sx * 5, cy + sy * 4
        pygame.draw.line(canvas, c, (x, y), (x - sx * 3, y))
        pygame.draw.line(canvas, c, (x, y), (x, y - sy * 2))


def _icon_smooth(canvas, cx, cy, c) -> None:
    pygame.draw.circle(canvas, c, (cx, cy), 4, 1)
    pygame.draw.circle(canvas, c, (cx, cy), 1)


def _icon_watch(canvas, cx, cy, c) -> None:
    pygame.draw.circle(canvas, c, (cx, cy + 1), 4, 1)
    pygame.draw.line(canvas, c, (cx, cy + 1), (cx, cy - 1))
    pygame.draw.line(canvas, c, (cx - 1, cy - 5), (cx + 1, cy - 5))


def _icon_signal(canvas, cx, cy, c) -> None:
    """A mast sending waves both ways: the game talking to a timer."""
    pygame.draw.line(canvas, c, (cx, cy - 1), (cx, cy + 4))
    pygame.draw.circle(canvas, c, (cx, cy - 2), 1)
    for r in (3, 5):
        ring = (cx - r, cy - 2 - r, 2 * r + 1, 2 * r + 1)
        pygame.draw.arc(canvas, c, ring, -math.pi / 4, math.pi / 4)
        pygame.draw.arc(canvas, c, ring, 3 * math.pi / 4, 5 * math.pi / 4)


def _icon_pad(canvas, cx, cy, c) -> None:
    pygame.draw.rect(canvas, c, (cx - 6, cy - 3, 13, 7), border_radius=3)
    pygame.draw.line(canvas, INK, (cx - 4, cy), (cx - 2, cy))
    pygame.draw.line(canvas, INK, (cx - 3, cy - 1), (cx - 3, cy + 1))
    canvas.set_at((cx + 3, cy - 1), INK)
    canvas.set_at((cx + 4, cy + 1), INK)


def _icon_assist(canvas, cx, cy, c) -> None:
    pygame.draw.circle(canvas, c, (cx - 2, cy - 1), 2)
    pygame.draw.circle(canvas, c, (cx + 2, cy - 1), 2)
    pygame.draw.polygon(canvas, c, [(cx - 4, cy), (cx + 4, cy), (cx, cy + 4)])


def _icon_back(canvas, cx, cy, c) -> None:
    pygame.draw.polygon(canvas, c, [(cx - 5, cy), (cx - 1, cy - 4), (cx - 1, cy + 4)])
    pygame.draw.rect(canvas, c, (cx - 1, cy - 1, 6, 3))


ICONS: dict[str, Callable[..., None]] = {
    "music": _icon_music,
    "effects": _icon_effects,
    "mute": _icon_mute,
    "shake": _icon_shake,
    "flash": _icon_flash,
    "sun": _icon_sun,
    "scale": _icon_scale,
    "fullscreen": _icon_fullscreen,
    "smooth": _icon_smooth,
    "watch": _icon_watch,
    "signal": _icon_signal,
    "pad": _icon_pad,
    "assist": _icon_assist,
    "back": _icon_back,
}


def draw_icon(canvas: pygame.Surface, name: str, centre: tuple[int, int], colour) -> None:
    draw = ICONS.get(name)
    if draw is not None:
        draw(canvas, centre[0], centre[1], colour)
