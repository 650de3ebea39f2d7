import pytest

from game.sim.constants import CLONE, JUMP, RIGHT
from game.tas import InputScriptError, load_input_script, parse_input_script, script_from_masks


def test_buttons_are_held_until_the_next_line():
    script = parse_input_script("# demo\n0 right\n10 right+jump\n\n15 -\n")
    assert script.mask(0) == RIGHT
    assert script.mask(9) == RIGHT
    assert script.mask(10) == RIGHT | JUMP
    assert script.mask(14) == RIGHT | JUMP
    assert script.mask(15) == 0
    assert script.mask(10_000) == 0


def test_a_script_round_trips_through_per_tick_masks():
    masks = [0, 0, RIGHT, RIGHT, RIGHT | CLONE, 0]
    script = parse_input_script(script_from_masks(masks))
    assert [script.mask(i) for i in range(len(masks))] == masks


@pytest.mark.parametrize(
    "text, message",
    [
        ("0 right\n0 left\n", "does not come after"),
        ("5 rigth\n", "unknown button 'rigth'"),
        ("x right\n", "tick must be a whole number"),
        ("5\n", "expected 'TICK BUTTONS'"),
        ("99999999999 right\n", "limit"),
    ],
)
def test_mistakes_name_the_line_and_the_problem(text, message):
    with pytest.raises(InputScriptError) as error:
        parse_input_script(text, "run.inputs")
    line = str(error.value)
    assert line.startswith("run.inputs:") and message in line and "\n" not in line


def test_a_missing_script_is_a_one_line_error(tmp_path):
    with pytest.raises(InputScriptError, match="no such input script"):
        load_input_script(tmp_path / "nope.inputs")
