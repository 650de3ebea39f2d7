"""Input scripts' `# breakpoint` and `assert TICK EXPR` lines: parsed (never eval'd), checked
by `simulate` and `replay record`, reported one line each with the exit code saying so."""

import json
import os
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from game.tas import InputScriptError, parse_input_script
from game.tas_asserts import AssertCheck, parse_expression

ROOT = Path(__file__).resolve().parent.parent
TUTORIAL = str(ROOT / "maps" / "tutorial.tmx")
TUTORIAL_DEMO = ROOT / "maps" / "demos" / "tutorial.inputs"


def world(**values):
    """A stand-in world with just what the names read."""
    naruto = SimpleNamespace(chakra=values.pop("chakra", 500), center_px=(100, 36))
    clones = SimpleNamespace(count=values.pop("clones", 0))
    base = dict(
        tick=0,
        game_ticks=0,
        rescued=0,
        lost=0,
        total_miners=3,
        split_ticks=[],
        crates_delivered=0,
        crates_lost=0,
        collapse_stage=1,
        section=0,
        started=False,
        finished=False,
        dialogue="",
        result="",
    )
    base.update(values)
    return SimpleNamespace(naruto=naruto, clones=clones, **base)


def holds(expr: str, **values) -> bool:
    return all(c.holds(world(**values)) for c in parse_expression(expr))


def test_breakpoints_stop_at_the_next_input_line():
    script = parse_input_script(
        "# breakpoint\n0 right\n10 jump\n  #BREAKPOINT  \n\n# a note\n25 -\n"
        "30 left # breakpoint (a plain comment here)\n40 -\n# breakpoint\n"
    )
    assert script.breakpoints == (0, 25, 41)  # the last: the tick after the last line's
    assert script.ticks == (0, 10, 25, 30, 40)
    assert parse_input_script("# breakpoint\n").breakpoints == (0,)


@pytest.mark.parametrize(
    "expr, values, expected",
    [
        ("rescued>=3", {"rescued": 3}, True),
        ("rescued >= 3", {"rescued": 2}, False),
        ("3 <= rescued", {"rescued": 4}, True),
        ("result=='rescued' and lost==0", {"result": "rescued"}, True),
        ('result == "rescued" and lost == 0', {"result": "rescued", "lost": 1}, False),
        ("result!='collapsed'", {}, True),
        ("finished==true", {"finished": True}, True),
        ("clones>chakra", {"clones": 3, "chakra": 2}, True),
        ("naruto_x==100 and naruto_col==6 and naruto_row==2", {}, True),
        ("tick<-1", {}, False),
        ("splits==2", {"split_ticks": [5, 9]}, True),
    ],
)
def test_expressions_compare_world_values(expr, values, expected):
    assert holds(expr, **values) is expected


@pytest.mark.parametrize(
    "line, message",
    [
        ("assert 10 resued>=3", "unknown name 'resued'; did you mean rescued?"),
        ("assert 10 rescued>=", "expected a comparison"),
        ("assert 10 rescued=3", "cannot read '=3'"),
        ("assert 10 result<'rescued'", "texts compare only with == and !="),
        ("assert 10 result=='saved'", "result is '', 'rescued' or 'collapsed'"),
        ("assert 10 rescued=='x'", "rescued is a number"),
        ("assert 10 3==3", "compares no world value"),
        ("assert 10 rescued>=3 or lost==0", "expected 'and'"),
        ("assert 10 __import__('os')", "cannot read"),
        ("assert 10 rescued>=\u0663", "cannot read"),  # an Arabic-Indic 3: ASCII digits only
        ("assert 10 " + " and ".join(["lost==0"] * 9), "at most 8 comparisons"),
        ("assert 10 lost==" + "9" * 300, "longer than 200 characters"),
        ("assert 10 lost==" + "9" * 20, "too long"),
        ("assert x rescued>=3", "tick must be a whole number"),
        ("assert 10", "expected 'assert TICK EXPR'"),
    ],
)
def test_a_bad_assert_is_one_line_naming_file_and_line(line, message):
    with pytest.raises(InputScriptError) as caught:
        parse_input_script(f"0 right\n{line}\n", "run.inputs")
    text = str(caught.value)
    assert text.startswith("run.inputs:2: ") and message in text and "\n" not in text


def test_asserts_are_checked_at_their_tick_and_the_unreached_fail():
    script = parse_input_script(
        "0 right\nassert 2 rescued>=1\nassert 1 rescued==0\nassert 9 lost==0\n", "s.inputs"
    )
    check = AssertCheck(script.asserts)
    for tick, rescued in ((0, 0), (1, 0), (2, 0), (3, 1)):
        check.reached(world(tick=tick, rescued=rescued))
    failures = check.finish(world(tick=3, rescued=1))
    assert failures == [
        "s.inputs:2: assert at tick 2 failed: rescued>=1 (rescued is 0)",
        "s.inputs:4: assert at tick 9 failed: lost==0 (not reached: the run stopped at tick 3)",
    ]
    assert check.passed == 1


def test_a_finished_run_is_checked_as_it_ended():
    script = parse_input_script("assert 9999 result=='rescued'\n")
    check = AssertCheck(script.asserts)
    assert check.finish(world(tick=50, finished=True, result="rescued")) == []
    assert check.passed == 1


def run(*args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy")
    return subprocess.run(
        [sys.executable, "-m", "game", *args], capture_output=True, text=True, cwd=ROOT, env=env
    )


@pytest.fixture
def checked_demo(tmp_path):
    """The tutorial demo with asserts that hold and asserts that fail."""
    path = tmp_path / "checked.inputs"
    demo = TUTORIAL_DEMO.read_text()
    lines = demo.count("\n")
    path.write_text(
        "assert 0 tick==0 and started==0\n"
        + demo
        + "assert 300 rescued>=50\n"
        + "assert 350 naruto_x>0 and lost==0\n"
        + "assert 99999 result=='collapsed'\n"
    )
    return path, lines


def test_simulate_reports_failed_asserts_and_exits_1(checked_demo):
    path, lines = checked_demo
    checked = run("simulate", TUTORIAL, "--ticks", "400", "--inputs", str(path))
    assert checked.returncode == 1
    summary = json.loads(checked.stdout)  # the summary, as ever
    assert summary["ticks"] == 400
    assert checked.stderr.splitlines() == [
        f"{path}:{lines + 2}: assert at tick 300 failed: rescued>=50 (rescued is 0)",
        f"{path}:{lines + 4}: assert at tick 99999 failed: result=='collapsed'"
        " (not reached: the run stopped at tick 400)",
    ]


def test_simulate_with_asserts_that_hold_exits_0(tmp_path):
    path = tmp_path / "good.inputs"
    path.write_text(TUTORIAL_DEMO.read_text() + "assert 99999 result=='rescued'\n")
    done = run("simulate", TUTORIAL, "--ticks", "20000", "--inputs", str(path))
    assert done.returncode == 0 and done.stderr == ""
    assert json.loads(done.stdout)["result"] == "rescued"


def test_replay_record_saves_the_replay_and_exits_1_when_an_assert_failed(checked_demo, tmp_path):
    path, lines = checked_demo
    out = tmp_path / "run.gmr"
    done = run("replay", "record", TUTORIAL, str(path), "-o", str(out))
    assert done.returncode == 1
    assert done.stdout.strip() == str(out) and out.read_bytes().startswith(b"GMREPLAY")
    assert done.stderr.splitlines() == [
        f"{path}:{lines + 2}: assert at tick 300 failed: rescued>=50 (rescued is 0)",
        f"{path}:{lines + 4}: assert at tick 99999 failed: result=='collapsed'"
        " (result is 'rescued')",
    ]


def test_a_bad_assert_stops_simulate_before_it_runs(tmp_path):
    path = tmp_path / "bad.inputs"
    path.write_text("0 right\nassert 5 resued>1\n")
    done = run("simulate", TUTORIAL, "--ticks", "10", "--inputs", str(path))
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr == f"{path}:2: bad assert: unknown name 'resued'; did you mean rescued?\n"
