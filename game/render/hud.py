"""The heads-up display: run time, collapse countdown, chakra, the air of the chamber Naruto
is in, rescued and clone counts."""

from __future__ import annotations

import pygame

from game.headless import format_time
from game.render.colours import DEEP_RED, DIM, GOLD, INK, RED, WHITE
from game.render.text import font
from game.sim.constants import TICKS_PER_SECOND

CHAKRA = (86, 170, 255)
CHAKRA_LOW = (40, 70, 130)
AIR = (150, 226, 196)
AIR_LOW = RED
AIR_LOW_FRACTION = 0.25  # the air bar turns red below a quarter
DANGER_TICKS = 30 * TICKS_PER_SECOND  # the countdown turns red for the last 30 s
BAR_W, BAR_H = 96, 6
ASSIST = (236, 140, 220)  # the assisted run's mark: a colour nothing else on the HUD uses


def format_countdown(ticks: int) -> str:
    """Time left as m:ss, rounded up so 0:00 means it is over; tenths in the last 30 s."""
    if ticks <= 0:
        return "0:00"
    if ticks < DANGER_TICKS:
        tenths = -(-ticks * 10 // TICKS_PER_SECOND)
        return f"0:{tenths // 10:02d}.{tenths % 10}"
    seconds = -(-ticks // TICKS_PER_SECOND)
    return f"{seconds // 60}:{seconds % 60:02d}"


def format_real_time(seconds: float) -> str:
    """Wall-clock seconds as m:ss.ss, truncated like the in-game timer."""
    centis = int(max(0.0, seconds) * 100)
    minutes, centis = divmod(centis, 6000)
    return f"{minutes}:{centis // 100:02d}.{centis % 100:02d}"


def crates_text(world) -> str:
    """The supplies delivered, "CRATES 3/5"."""
    return f"CRATES {world.crates_delivered}/{world.total_crates}"


def collapse_timer_shown(world) -> bool:
    """The collapse countdown shows once it can run: not on a map with none (collapse_seconds
    0: the town alone), nor in a Full Rescue's town before the mine's timer starts."""
    return world.level.collapse_seconds > 0 and getattr(world, "awake", True)


class Hud:
    def __init__(self, chakra_max: int):
        self.chakra_max = max(1, chakra_max)
        self.small = font(1)
        self.big = font(2)
        # Set by the play screen before each draw: the speedrun side of the timer.
        self.category = ""  # "ANY%" or "ALL RESCUED", shown under the timer
        self.real_seconds: float | None = None  # real time beside game time; None hides it
        self.final_ticks: int | None = None  # the category's time once met: the timer stops
        self.show_timer = True  # the `speedrun_hud` setting "off" hides the run's timer
        self.flashing = True  # the `flashing` setting: False holds pulsing warnings steady
        self.assisted = False  # an assisted run (assist mode): "ASSIST" beside the chakra bar

    def draw(self, canvas: pygame.Surface, world) -> None:
        width, height = canvas.get_size()
        if self.show_timer:
            self._draw_timer(canvas, world)
        self._draw_counts(canvas, world)
        bar = self._draw_chakra(canvas, world, (8, 40))
        if self.assisted:
            self.small.draw(canvas, "ASSIST", (bar.right + 8, 40), ASSIST, outline=INK)
        self.draw_air(canvas, world, (8, 54))
        if collapse_timer_shown(world):
            self._draw_collapse(canvas, world, width)
        if not world.started and (world.tick // 30) % 2 == 0:
            hint = "the clock starts when you move"
            self.small.draw(
                canvas, hint, (width // 2, height - 20), DIM, anchor="midtop", outline=INK
            )

    def _draw_timer(self, canvas, world) -> None:
        done = self.final_ticks is not None
        ticks = self.final_ticks if done else world.game_ticks
        rect = self.big.draw(
            canvas, format_time(ticks), (8, 6), GOLD if done else WHITE, outline=INK
        )
        x = rect.right + 6
        if self.real_seconds is not None:
            real = f"RT {format_real_time(self.real_seconds)}"
            x = self.small.draw(canvas, real, (x, 7), DIM, outline=INK).right + 6
        if self.category:
            self.small.draw(canvas, self.category, (rect.right + 6, 16), GOLD, outline=INK)

    def _draw_counts(self, canvas, world) -> None:
        y = 26
        x = 8
        if world.total_miners or not world.total_crates:  # the town alone has nobody inside
            rescued = f"RESCUED {world.rescued}/{world.total_miners}"
            rect = self.small.draw(canvas, rescued, (x, y), GOLD, outline=INK)
            x = rect.right + 10
        if world.lost:
            rect = self.small.draw(canvas, f"LOST {world.lost}", (x, y), RED, outline=INK)
            x = rect.right + 10
        if world.total_crates > 0:  # Boulder Town: Vache's supplies carried to the camp
            crates = crates_text(world)
            done = world.crates_delivered >= world.total_crates
            rect = self.small.draw(canvas, crates, (x, y), GOLD if done else WHITE, outline=INK)
            x = rect.right + 10
        self.small.draw(canvas, f"CLONES {world.clones.count}", (x, y), DIM, outline=INK)

    def _draw_chakra(self, canvas, world, pos) -> pygame.Rect:
        x, y = pos
        label = self.small.draw(canvas, "CHAKRA", (x, y), DIM, outline=INK)
        bar = pygame.Rect(label.right + 6, y + 1, BAR_W, BAR_H)
        canvas.fill(INK, bar.inflate(2, 2))
        chakra = max(0, min(world.naruto.chakra, self.chakra_max))
        filled = BAR_W * chakra // self.chakra_max
        canvas.fill((30, 34, 48), bar)
        colour = CHAKRA if chakra * 4 >= self.chakra_max else CHAKRA_LOW
        canvas.fill(colour, (bar.x, bar.y, filled, BAR_H))
        canvas.fill((190, 226, 255), (bar.x, bar.y, filled, 1))  # a highlight: reads as glass
        return bar

    def _draw_collapse(self, canvas, world, width) -> None:
        ticks = world.collapse_ticks_left
        danger = world.started and ticks < DANGER_TICKS
        text = format_countdown(ticks)
        if danger:
            # Pulse once a second: bright red on the beat, deep red between.
            beat = (ticks % TICKS_PER_SECOND) > TICKS_PER_SECOND // 2 and self.flashing
            face = self.big
            colour = RED if beat else DEEP_RED
            outline = (255, 230, 200) if beat else INK
        else:
            face, colour, outline = self.big, WHITE, INK
        right = width - 8
        rect = face.draw(canvas, text, (right, 6), colour, anchor="topright", outline=outline)
        label = "COLLAPSE" if not danger else "GET OUT"
        self.small.draw(
            canvas,
            label,
            (rect.left - 6, 12),
            RED if danger else DIM,
            anchor="topright",
            outline=INK,
        )
        stage = max(1, min(4, world.collapse_stage))
        pips = pygame.Rect(0, 0, 4 * 8 - 2, 6)
        pips.topright = (right, 26)
        for i in range(4):
            cell = pygame.Rect(pips.x + i * 8, pips.y, 6, 6)
            canvas.fill(INK, cell.inflate(2, 2))
            canvas.fill(RED if i < stage and danger else GOLD if i < stage else (50, 44, 40), cell)
        self.small.draw(canvas, "STAGE", (pips.left - 6, 25), DIM, anchor="topright", outline=INK)

    def draw_air(self, canvas, world, pos) -> pygame.Rect | None:
        """The air left in the chamber Naruto stands in; nothing when he is in none.
        Returns the bar's rectangle when drawn."""
        chamber = world.chamber_at(*world.naruto.center_px)
        if chamber < 0:
            return None
        x, y = pos
        self.small.draw(canvas, "AIR", (x, y), DIM, outline=INK)
        column = self.small.size("CHAKRA")[0]  # the bar lines up under the chakra bar
        bar = pygame.Rect(x + column + 6, y + 1, BAR_W, BAR_H)
        full = max(1, int(world.air_max[chamber]))
        left = max(0, min(int(world.air[chamber]), full))
        low = left < full * AIR_LOW_FRACTION
        canvas.fill(INK, bar.inflate(2, 2))
        canvas.fill((30, 34, 36), bar)
        canvas.fill(AIR_LOW if low else AIR, (bar.x, bar.y, BAR_W * left // full, BAR_H))
        if world.chamber_sealed[chamber]:
            blink = low and self.flashing and (world.tick // 15) % 2
            colour = DEEP_RED if blink else RED
            self.small.draw(canvas, "SEALED", (bar.right + 6, y), colour, outline=INK)
        return bar
