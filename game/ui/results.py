"""The results screen: who got out and who did not, by name; the time, the chakra left, a rank.

Everything sits on one opaque panel over the dimmed world, so no sprite or name behind
competes with the rows. R retries, Enter (or A, B) goes to the title; the two buttons under the
panel take the mouse too (hover selects, a click chooses: game/ui/mouse.py).

Run analysis (game/speedrun/analysis.py) under the rank: the sum of best, the time the PB
could still lose to it and the best possible time; Tab turns the segment chart into the
splits table against the PB, the golds, the recent average (with each split's possible
save), and back."""

from __future__ import annotations

import dataclasses

import pygame

from game.headless import format_time
from game.input import Action, MenuAction
from game.render.colours import DIM, GOLD, INK, RED, WHITE
from game.render.hud import ASSIST
from game.render.split_chart import draw_split_chart
from game.render.splits_panel import SAVE, draw_splits_table, possible_save_text, table_height
from game.render.text import font
from game.sim import assists as assist_names
from game.sim.constants import TICKS_PER_SECOND
from game.sim.naruto import CHAKRA_MAX
from game.speedrun.analysis import COMPARISONS, analyse, analyse_attempt, possible_saves
from game.speedrun.splits import run_time
from game.ui.mouse import MenuRows, Pointer
from game.ui.widgets import blink, centred, dim

REVEAL_TICKS = 12  # one part appears every this many ticks
DEFAULT_PAR_SECONDS = 180
GREY = (120, 112, 104)
RANK_COLOURS = {
    "S": (255, 226, 120),
    "A": (140, 220, 150),
    "B": (130, 180, 255),
    "C": (200, 150, 130),
}
NAME_ROW = 12
RESULTS_BACKDROP_MAX = 100  # the world behind the results, daylight included, no brighter
LIST_TOP = 84
CRATE_COLOUR = (222, 170, 110)  # the crates' wood
PANEL = pygame.Rect(20, 50, 614, 280)  # the opaque panel every part sits on
PANEL_FILL = (15, 10, 11)
PANEL_EDGE = (100, 72, 50)
BUTTON_FILL = (64, 46, 30)
RETRY, TITLE = "retry", "title"
CHART = "chart"
CHART_VIEWS = (CHART, *COMPARISONS)  # Tab: the segment chart, then the table against each
CHART_AREA = pygame.Rect(340, 172, 288, 150)
ANALYSIS_X, ANALYSIS_Y, ANALYSIS_W = 452, 138, 176  # under the rank, over the chart
BUTTONS = ((RETRY, "Retry   R"), (TITLE, "Title   Enter"))


def headline(world) -> tuple[str, tuple[int, int, int]]:
    if world.lost == 0 and world.rescued == world.total_miners:
        return "EVERYONE IS OUT", GOLD
    if world.result == "collapsed" or world.lost:
        return "THE MINE CAME DOWN", RED
    return "OUT OF THE MINE", GOLD


def par_seconds(level) -> int:
    """The map's par for All Rescued: every miner out."""
    try:
        return int(float(level.properties.get("par_seconds", DEFAULT_PAR_SECONDS)))
    except (TypeError, ValueError):
        return DEFAULT_PAR_SECONDS


def quota(world) -> int:
    """The miners Any% needs out: the map's quota, or everyone when it sets none."""
    return world.level.quota or world.total_miners


def category_par_seconds(world, category: str) -> int:
    """The par of `category`. Any% has no par of its own: the map's par scaled by the share
    of the crew the quota asks for (8 of 18 miners: 8/18 of it), rounded up to a second."""
    par = par_seconds(world.level)
    if category != "any" or not world.total_miners:
        return par
    return max(1, -(-par * quota(world) // world.total_miners))


def rank(world, category: str = "all") -> str:
    """The run ranked by its category's goal and time.

    All Rescued: S everyone out and nobody lost within par; A everyone out and nobody lost;
    B at least the quota out; C fewer. Any%: S the quota out within the Any% par; A the
    quota out; B at least half the quota out; C fewer. Any% ends when the quota is out, so
    the miners still inside then (or lost after) do not count against it."""
    par_ticks = category_par_seconds(world, category) * TICKS_PER_SECOND
    if category == "any":
        reached = run_time(world, "any")
        if reached is not None:
            return "S" if reached <= par_ticks else "A"
        return "B" if world.rescued * 2 >= quota(world) else "C"
    everyone = world.rescued >= world.total_miners and world.lost == 0
    if everyone:
        return "S" if world.game_ticks <= par_ticks else "A"
    return "B" if world.rescued >= quota(world) else "C"


def rescued_names(world) -> list[str]:
    """Names in the order they got out."""
    names, ids = world.miner_names, world.miners.name_id
    return [names[int(ids[i])] for i in world.rescued_order]


def lost_names(world) -> list[str]:
    """Everyone who did not get out, in map order."""
    out = set(world.rescued_order)
    names, ids = world.miner_names, world.miners.name_id
    return [names[int(ids[i])] for i in range(world.total_miners) if i not in out]


def crates_line(world) -> str:
    """Boulder Town's supplies: "CRATES 4/5 DELIVERED", or "" on a map with none."""
    if not getattr(world, "total_crates", 0):
        return ""
    return f"CRATES {world.crates_delivered}/{world.total_crates} DELIVERED"


def chakra_left(world) -> str:
    return f"{max(0, world.naruto.chakra) * 100 // CHAKRA_MAX}%"


class ResultsScreen:
    def __init__(self, nav, world, renderer, chart=None):
        """`chart`: the run's Attempt (splits against the PB), drawn as a split chart; its
        category decides the rank, the time and the par shown (All Rescued without one)."""
        self.nav = nav
        self.world = world
        self.renderer = renderer
        self.chart = chart
        self.category = getattr(chart, "category", "all")
        self.assists = tuple(getattr(chart, "assists", ()))  # assist mode's, for the mark
        self.ticks = 0
        self.rank = rank(world, self.category)
        self.rescued = rescued_names(world)
        self.lost = lost_names(world)
        self.rows = MenuRows()  # the buttons as last drawn, for the mouse
        self.hovered: str | None = None
        self.chart_view = CHART

    def on_key(self, key: int) -> None:
        """Tab: the segment chart, then the splits against the PB, the golds, the average."""
        if key == pygame.K_TAB:
            index = CHART_VIEWS.index(self.chart_view)
            self.chart_view = CHART_VIEWS[(index + 1) % len(CHART_VIEWS)]

    def on_mouse(self, pointer: Pointer) -> None:
        """Hovering a button marks it; a click on it retries or goes to the title."""
        button = self.rows.at(pointer.pos)
        self.hovered = button if isinstance(button, str) else None
        if pointer.click and button == RETRY:
            self.nav.start_play()
        elif pointer.click and button == TITLE:
            self.nav.show_title()

    def on_action(self, event: MenuAction) -> None:
        if event.action == Action.RESTART:
            self.nav.start_play()
        elif event.action in (Action.CONFIRM, Action.BACK) or (
            event.action == Action.PAUSE and event.device == "gamepad"
        ):
            self.nav.show_title()

    def on_activity(self) -> bool:
        return False

    def on_focus_lost(self) -> None:
        pass

    def tick(self) -> None:
        self.ticks += 1
        self.renderer.observe(())

    def draw(self, canvas: pygame.Surface) -> None:
        world = self.world
        self.renderer.draw(canvas, world)
        dim(canvas, 190, brightest=RESULTS_BACKDROP_MAX)
        canvas.fill(PANEL_FILL, PANEL)
        pygame.draw.rect(canvas, PANEL_EDGE, PANEL, 1)
        title, colour = headline(world)
        centred(canvas, title, 22, colour, scale=3, shadow=(70, 20, 10))
        if self.assists:
            self._draw_assist_mark(canvas)
        shown = self.ticks // REVEAL_TICKS
        parts = (
            self._draw_rescued,
            self._draw_lost,
            self._draw_numbers,
            self._draw_rank,
            self._draw_chart,
        )
        for part in parts[:shown]:
            part(canvas)
        self.rows.clear()
        if shown > len(parts):
            self._draw_buttons(canvas)

    def _draw_buttons(self, canvas: pygame.Surface) -> None:
        """Retry and Title under the panel; the hovered one filled, both gold while blinking."""
        face = font(1)
        y = PANEL.bottom + 8
        lit = blink(self.ticks)
        for i, (button, label) in enumerate(BUTTONS):
            box = pygame.Rect(0, 0, 96, 15)
            box.midtop = (canvas.get_width() // 2 + (i * 2 - 1) * 56, y)
            hovered = self.hovered == button
            canvas.fill(BUTTON_FILL if hovered else PANEL_FILL, box)
            pygame.draw.rect(canvas, GOLD if hovered else PANEL_EDGE, box, 1)
            colour = GOLD if lit or hovered else DIM
            face.draw(canvas, label, box.center, colour, anchor="center", outline=INK)
            self.rows.add(box, button, pad=0)

    def _draw_assist_mark(self, canvas: pygame.Surface) -> None:
        """An assisted run (on records of its own), from the first frame: an ASSIST tag across
        the panel's top edge, and which assists on a tag across its bottom edge."""
        face = font(1)
        middle = canvas.get_width() // 2
        detail = assist_names.describe(self.assists)
        for text, y in (("ASSIST", PANEL.top + 3), (f"assisted run: {detail}", PANEL.bottom)):
            width, height = face.size(text)
            tag = pygame.Rect(0, 0, width + 10, height + 4)
            tag.center = (middle, y)
            canvas.fill(PANEL_FILL, tag)
            pygame.draw.rect(canvas, ASSIST, tag, 1)
            face.draw(canvas, text, tag.center, ASSIST, anchor="center", outline=INK)

    # --- the parts, revealed one after another ----------------------------------------------
    def _draw_rescued(self, canvas: pygame.Surface) -> None:
        small, big = font(1), font(2)
        left = 48
        heading = f"RESCUED {self.world.rescued}/{self.world.total_miners}"
        big.draw(canvas, heading, (left, LIST_TOP - 24), GOLD, outline=INK)
        _two_columns(canvas, self.rescued, left, LIST_TOP, WHITE, small)

    def _draw_lost(self, canvas: pygame.Surface) -> None:
        if not self.lost:
            return
        small, big = font(1), font(2)
        left = 48
        rows = (len(self.rescued) + 1) // 2
        top = LIST_TOP + rows * NAME_ROW + 16
        # An Any% run ends with the quota out while the others are still inside, not lost.
        heading, colour = ("LOST", RED) if self.world.finished else ("STILL INSIDE", DIM)
        big.draw(canvas, f"{heading} {len(self.lost)}", (left, top), colour, outline=INK)
        _two_columns(canvas, self.lost, left, top + 24, GREY, small)

    def _draw_numbers(self, canvas: pygame.Surface) -> None:
        big, small = font(2), font(1)
        x, y = 340, LIST_TOP - 24
        made = run_time(self.world, self.category)
        ticks = made if made is not None else self.world.game_ticks
        small.draw(canvas, "TIME", (x, y), DIM, outline=INK)
        big.draw(canvas, format_time(ticks), (x, y + 12), WHITE, outline=INK)
        small.draw(canvas, "CHAKRA LEFT", (x, y + 44), DIM, outline=INK)
        big.draw(canvas, chakra_left(self.world), (x, y + 56), (86, 170, 255), outline=INK)
        par = category_par_seconds(self.world, self.category)
        small.draw(canvas, f"par {par // 60}:{par % 60:02d}", (x, y + 88), DIM, outline=INK)
        crates = crates_line(self.world)
        if crates:
            small.draw(canvas, crates, (x, y + 100), CRATE_COLOUR, outline=INK)

    def _draw_rank(self, canvas: pygame.Surface) -> None:
        x, y = 520, LIST_TOP - 24
        font(1).draw(canvas, "RANK", (x, y), DIM, outline=INK, anchor="midtop")
        colour = RANK_COLOURS.get(self.rank, WHITE)
        shadow = tuple(c // 3 for c in colour)
        font(7).draw(canvas, self.rank, (x, y + 16), colour, shadow=shadow, anchor="midtop")

    def _draw_chart(self, canvas: pygame.Surface) -> None:
        if self.chart is None or not self.world.level.splits:
            return
        self._draw_analysis(canvas)
        small = font(1)
        view = "splits" if self.chart_view == CHART else "chart"
        hint = (CHART_AREA.right, CHART_AREA.y)
        small.draw(canvas, f"Tab: {view}", hint, DIM, anchor="topright", outline=INK)
        if self.chart_view == CHART:
            draw_split_chart(canvas, self.chart.comparison(self.world), CHART_AREA)
            return
        # This run's deltas against the record as it was before it; the possible saves are
        # the record's as it is now, like the lines above.
        attempt = self.chart
        before = analyse_attempt(attempt, self.world, self.chart_view)
        now = possible_saves(attempt.merged(self.world), attempt.count)
        analysis = dataclasses.replace(before, possible_saves=now)
        area = CHART_AREA.copy()
        area.height = min(area.height, table_height(analysis, totals=False))
        draw_splits_table(canvas, analysis, area, totals=False)

    def _draw_analysis(self, canvas: pygame.Surface) -> None:
        """Under the rank: the sum of best, what the PB could still save and the best possible
        time, with this run's golds and PB in (the record as it is now)."""
        attempt = self.chart
        now = attempt.merged(self.world)
        analysis = analyse(attempt.names, attempt.rows(self.world), now, attempt.history)
        small = font(1)
        x, y, right = ANALYSIS_X, ANALYSIS_Y, ANALYSIS_X + ANALYSIS_W
        lines = (
            ("SUM OF BEST", analysis.sum_of_best, format_time, GOLD),
            ("PB COULD SAVE", analysis.total_possible_save, possible_save_text, SAVE),
            ("BEST POSSIBLE", analysis.best_possible, format_time, WHITE),
        )
        for label, ticks, shown, colour in lines:
            small.draw(canvas, label, (x, y), DIM, outline=INK)
            text = shown(ticks) if ticks is not None else "-"
            small.draw(canvas, text, (right, y), colour, anchor="topright", outline=INK)
            y += 11


def _two_columns(canvas, names: list[str], left: int, top: int, colour, face) -> None:
    """Names down the first column, then the second: a long crew still fits."""
    rows = (len(names) + 1) // 2
    for i, name in enumerate(names):
        column, row = divmod(i, rows) if rows else (0, 0)
        face.draw(canvas, name, (left + column * 120, top + row * NAME_ROW), colour, outline=INK)
