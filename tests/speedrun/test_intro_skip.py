"""Skipping the opening dialogue by inputs: the fewest ticks the box allows, a jump press
that never becomes a jump, and no in-game time spent."""

import pytest

from game.level.tiled import load_level
from game.sim import dialogue
from game.sim.constants import JUMP
from game.sim.dialogue import MIN_OPEN_TICKS
from game.sim.world import World
from game.speedrun.intro import close_opening_boxes
from game.tas import load_input_script


@pytest.fixture(scope="module")
def level():
    return load_level("maps/great_mine.tmx")


def test_the_intro_closes_on_the_first_tick_the_box_allows(level):
    world = World(level)
    assert world.dialogue  # the Great Mine opens with Naruto's line
    recorded = []
    steps = close_opening_boxes(world, recorded.append)
    assert steps == MIN_OPEN_TICKS == len(recorded)
    assert recorded == [0] * (MIN_OPEN_TICKS - 1) + [JUMP]
    assert not world.dialogue
    assert not world.started and world.game_ticks == 0  # the timer has not run


def test_the_skip_is_what_the_demo_itself_presses(level):
    """The demo closes the intro as fast as a player can: a skipped world is the same world,
    so a run that skipped its intro carries on exactly as the demo does."""
    demo = load_input_script("maps/demos/great_mine.inputs")
    skipped, played = World(level), World(level)
    close_opening_boxes(skipped, lambda mask: None)
    for tick in range(MIN_OPEN_TICKS):
        played.step(demo.mask(tick))
    assert skipped.state_hash() == played.state_hash()


def test_the_press_that_closes_the_box_does_not_make_naruto_jump(level):
    world = World(level)
    close_opening_boxes(world, lambda mask: None)
    start_x = world.naruto.x
    for _ in range(60):  # a second of the player holding nothing
        world.step(0)
        assert "jump" not in [kind for kind, *_ in world.events]
        assert world.naruto.vy >= 0  # never going up
    assert world.naruto.x == start_x and not world.started


def test_the_press_is_not_a_jump_even_when_the_player_keeps_holding_it(level):
    """A runner mashing jump through the restart: the held button is no new press."""
    world = World(level)
    close_opening_boxes(world, lambda mask: None)
    for _ in range(30):
        world.step(JUMP)
        assert "jump" not in [kind for kind, *_ in world.events]
    world.step(0)
    world.step(JUMP)  # whereas a new press is a jump, as ever
    assert "jump" in [kind for kind, *_ in world.events]


def test_queued_boxes_close_one_after_another(level):
    world = World(level)
    dialogue.open_box(world, "A second line, waiting behind the first.")
    recorded = []
    close_opening_boxes(world, recorded.append)
    assert not world.dialogue
    assert recorded.count(JUMP) == 2 and len(recorded) == 2 * MIN_OPEN_TICKS


def test_a_world_with_no_box_open_is_not_stepped(level):
    world = World(level)
    close_opening_boxes(world, lambda mask: None)
    assert close_opening_boxes(world, lambda mask: None) == 0
    assert world.tick == MIN_OPEN_TICKS
