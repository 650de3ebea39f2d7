"""The HUD's numbers read the way runners expect, and the pixel font measures what it draws."""

import pygame

from game.headless import format_time
from game.render.hud import format_countdown
from game.render.text import HEIGHT, font


def test_run_time_is_minutes_seconds_hundredths_never_rounded_up():
    assert format_time(0) == "0:00.00"
    assert format_time(1) == "0:00.01"  # 16.7 ms
    assert format_time(59) == "0:00.98"  # 983 ms is not yet 0.99
    assert format_time(60) == "0:01.00"
    assert format_time(60 * 61 + 30) == "1:01.50"
    assert format_time(60 * 60 * 12) == "12:00.00"


def test_countdown_rounds_up_and_shows_tenths_in_the_last_30_seconds():
    assert format_countdown(300 * 60) == "5:00"
    assert format_countdown(300 * 60 - 1) == "5:00"
    assert format_countdown(60 * 60 + 1) == "1:01"
    assert format_countdown(30 * 60) == "0:30"
    assert format_countdown(29 * 60 + 1) == "0:29.1"
    assert format_countdown(1) == "0:00.1"
    assert format_countdown(0) == "0:00"


def test_rendered_text_is_as_wide_as_measured_and_scales():
    small, big = font(1), font(2)
    assert small.size("1:23.45") == (small.size("1:23.45")[0], HEIGHT)
    assert big.size("RESCUE")[0] == 2 * small.size("RESCUE")[0]
    image = small.render("Hi", (255, 255, 255))
    assert image.get_size() == small.size("Hi")
    assert image.get_bounding_rect().width == small.size("Hi")[0]


def test_text_is_drawn_where_its_anchor_says():
    canvas = pygame.Surface((200, 50))
    rect = font(1).draw(canvas, "MINE", (100, 10), (255, 255, 255), anchor="midtop")
    assert rect.centerx == 100 and rect.top == 10
    assert canvas.get_at((rect.left, rect.top + 3)) == (255, 255, 255, 255)  # the M's stem
    assert canvas.get_at((rect.left - 2, rect.top + 3)) == (0, 0, 0, 255)


def test_unknown_characters_show_as_a_question_mark_not_a_crash():
    assert font(1).size("é") == font(1).size("?")
    font(1).render("naïve ☃", (255, 255, 255))


# --- the air of the chamber Naruto is in --------------------------------------------------------
def _chamber_world(tmp_path, around_naruto: bool):
    from dataclasses import replace

    from synthetic_level import make_level

    from game.level.model import ChamberSpec, Rect
    from game.sim.world import World

    level = make_level(tmp_path)
    x, feet = level.spawn
    rect = Rect(x - 64, feet - 64, 128, 64) if around_naruto else Rect(900, feet - 64, 128, 64)
    return World(replace(level, chambers=[ChamberSpec(1, "pocket", rect, air_seconds=60)]))


def _hud_canvas(world):
    from game.render.hud import Hud

    canvas = pygame.Surface((640, 360))
    return canvas, Hud(100).draw_air(canvas, world, (8, 54))


def _has(canvas, rect, colour) -> bool:
    import numpy as np

    pixels = pygame.surfarray.pixels3d(canvas)[rect.left : rect.right, rect.top : rect.bottom]
    return bool(np.all(pixels == colour, axis=2).any())


def test_the_air_bar_shows_only_inside_a_chamber(tmp_path):
    _, bar = _hud_canvas(_chamber_world(tmp_path, around_naruto=True))
    assert bar is not None
    _, bar = _hud_canvas(_chamber_world(tmp_path, around_naruto=False))
    assert bar is None


def test_the_air_bar_turns_red_below_a_quarter(tmp_path):
    from game.render.hud import AIR, AIR_LOW

    world = _chamber_world(tmp_path, around_naruto=True)
    canvas, bar = _hud_canvas(world)
    assert _has(canvas, bar, AIR) and not _has(canvas, bar, AIR_LOW)
    world.air[0] = world.air_max[0] // 5
    canvas, bar = _hud_canvas(world)
    assert _has(canvas, bar, AIR_LOW) and not _has(canvas, bar, AIR)


def test_a_sealed_chamber_says_so(tmp_path):
    from game.render.colours import RED

    world = _chamber_world(tmp_path, around_naruto=True)
    world.chamber_sealed[0] = False
    canvas, bar = _hud_canvas(world)
    beside = pygame.Rect(bar.right + 4, bar.top - 2, 60, 12)
    assert not _has(canvas, beside, RED)
    world.chamber_sealed[0] = True
    canvas, bar = _hud_canvas(world)
    assert _has(canvas, beside, RED)
