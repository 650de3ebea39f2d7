"""Previewing an edited intro: saving the map while it plays shows the opening dialogue again
when the save changed the map's `intro`, so the designer sees the new line; a save that left
it alone, and R, skip it like any later start of the map."""

import pygame
import pytest
from fake_clock import FakeClock
from wide_kit import DEFAULT_PROPERTIES, WideKit, saved_later

from game.app import App
from game.input import Action, MenuAction

RESTART = MenuAction(Action.RESTART, "keyboard")
FIRST = "Naruto: Two miners behind that debris."
EDITED = "Naruto: Two miners behind that debris. Break it!"


def run_for(app, clock, seconds: float) -> None:
    for _ in range(round(seconds * 60)):
        clock.now += 1 / 60
        app.step_frame()


@pytest.fixture
def kit(tmp_path):
    return WideKit(tmp_path)


@pytest.fixture
def played(kit):
    path = kit.write(properties={**DEFAULT_PROPERTIES, "intro": FIRST})
    clock = FakeClock()
    app = App(str(path), clock=clock)
    app.open_window()
    yield app, clock, path
    pygame.quit()


def save_intro(kit, path, intro: str) -> None:
    saved_later(path, lambda: kit.write(properties={**DEFAULT_PROPERTIES, "intro": intro}))


def test_an_edited_intro_shows_again_on_reload_and_an_unchanged_one_is_skipped(played, kit):
    app, clock, path = played
    assert app.scene.world.dialogue == FIRST  # the session's first start
    run_for(app, clock, 0.5)

    save_intro(kit, path, EDITED)
    old_world = app.scene.world
    run_for(app, clock, 1.0)
    assert app.scene.world is not old_world
    assert app.scene.world.dialogue == EDITED  # the designer sees the new line

    save_intro(kit, path, EDITED)  # saved again, the intro as it was: a later start
    old_world = app.scene.world
    run_for(app, clock, 1.0)
    assert app.scene.world is not old_world
    assert app.scene.world.dialogue == ""

    app.scene.on_action(RESTART)  # R skips it, as always
    assert app.scene.world.dialogue == ""


def test_r_after_previewing_an_edited_intro_still_skips_it(played, kit):
    app, clock, path = played
    save_intro(kit, path, EDITED)
    run_for(app, clock, 1.0)
    assert app.scene.world.dialogue == EDITED
    app.scene.on_action(RESTART)
    assert app.scene.world.dialogue == ""


def test_a_save_that_adds_an_intro_shows_it(kit):
    path = kit.write()
    clock = FakeClock()
    app = App(str(path), clock=clock)
    app.open_window()
    try:
        assert app.scene.world.dialogue == ""
        save_intro(kit, path, FIRST)
        run_for(app, clock, 1.0)
        assert app.scene.world.dialogue == FIRST
    finally:
        pygame.quit()
