"""The HUD's numbers read the way runners expect, and the pixel font measures what it draws."""

import pygame

from game.render.hud import format_countdown, format_time
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
