"""Every command-line argument and file a user can get wrong: one line, a non-zero exit, and
nothing written where it must not be."""

import os
from pathlib import Path

import pytest

from game.__main__ import main
from game.tas import MAX_SCRIPT_BYTES, MAX_TICK

ROOT = Path(__file__).resolve().parent.parent
TUTORIAL = str(ROOT / "maps" / "tutorial.tmx")
DEMO = str(ROOT / "maps" / "demos" / "tutorial.inputs")
posix_only = pytest.mark.skipif(os.name != "posix", reason="FIFOs and /dev are POSIX")


def _run(capsys, *argv) -> tuple[int, str]:
    try:
        code = main(list(argv))
    except SystemExit as stop:  # argparse's own exit, with its one line
        code = stop.code
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    return code, captured.err


@pytest.mark.parametrize("scale", ["-3", "0", "9", "99999999999999999999999", "two", "1.5"])
def test_a_window_scale_outside_1_to_8_is_refused_before_any_window(capsys, scale):
    code, err = _run(capsys, "play", TUTORIAL, "--scale", scale)
    assert code == 2 and "--scale" in err and err.count("\n") == 1


@pytest.mark.parametrize("ticks", ["-1", "1e30", str(MAX_TICK + 1), "9" * 5000, "²"])
def test_simulate_ticks_are_capped_at_ten_hours(capsys, ticks):
    code, err = _run(capsys, "simulate", TUTORIAL, "--ticks", ticks)
    assert code == 2 and "--ticks" in err and len(err) < 300


@pytest.mark.parametrize(
    "shot",
    ["2:/dev/null", "two:/tmp/x.png", "²:/tmp/x.png", "2:", "2:shot.bmp"],
)
def test_screenshot_arguments_are_checked_before_the_window_opens(capsys, shot):
    code, err = _run(capsys, "play", TUTORIAL, "--shot", shot, "--exit-after", "3")
    assert code == 2 and err.count("\n") == 1


def test_a_screenshot_that_cannot_be_written_is_one_line_and_exit_1(capsys):
    code, err = _run(capsys, "play", TUTORIAL, "--shot", "2:/proc/x.png", "--exit-after", "3")
    assert code == 1 and err.startswith("/proc/x.png: could not save the screenshot")


def test_a_screenshot_is_written_whole(tmp_path, capsys):
    shot = tmp_path / "deep" / "shot.png"
    code, _ = _run(capsys, "play", TUTORIAL, "--shot", f"2:{shot}", "--exit-after", "3")
    assert code == 0 and shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert [p.name for p in shot.parent.iterdir()] == ["shot.png"]


@posix_only
def test_replay_record_never_writes_over_a_device_or_fifo(tmp_path, capsys):
    fifo = tmp_path / "run.gmr"
    os.mkfifo(fifo)
    code, err = _run(capsys, "replay", "record", TUTORIAL, DEMO, "-o", str(fifo))
    assert code == 2 and err.startswith(str(fifo)) and "only a regular file" in err
    assert fifo.is_fifo()


def test_replay_record_writes_its_file_atomically(tmp_path, capsys):
    out = tmp_path / "run.gmr"
    out.write_bytes(b"an older replay")
    code, _ = _run(capsys, "replay", "record", TUTORIAL, DEMO, "-o", str(out))
    assert code == 0 and out.read_bytes().startswith(b"GMREPLAY")
    assert [p.name for p in tmp_path.iterdir()] == ["run.gmr"]


@pytest.mark.parametrize(
    ("line", "says"),
    [
        ("\u00b2 right", "tick must be a whole number"),
        ("\u2460 right", "tick must be a whole number"),
        ("\u0661\u0662 right", "tick must be a whole number"),  # Arabic-Indic digits
        ("9" * 4301 + " right", "beyond the"),
        ("5 " + "x" * 10_000, "unknown button"),
    ],
)
def test_script_lines_no_parser_should_take_are_named_by_file_and_line(
    tmp_path, capsys, line, says
):
    script = tmp_path / "run.inputs"
    script.write_text(f"0 right\n{line}\n", encoding="utf-8")
    code, err = _run(capsys, "simulate", TUTORIAL, "--ticks", "10", "--inputs", str(script))
    assert code == 1 and err.startswith(f"{script}:2: ") and says in err
    assert len(err) < 300


@posix_only
@pytest.mark.parametrize("kind", ["fifo", "zero"])
def test_a_script_that_is_no_regular_file_is_refused_at_once(tmp_path, capsys, kind):
    script = tmp_path / "run.inputs"
    if kind == "fifo":
        os.mkfifo(script)
    else:
        script.symlink_to("/dev/zero")
    for argv in (
        ("simulate", TUTORIAL, "--ticks", "10", "--inputs", str(script)),
        ("replay", "record", TUTORIAL, str(script), "-o", str(tmp_path / "r.gmr")),
    ):
        code, err = _run(capsys, *argv)
        assert code == 1 and err.startswith(str(script)) and err.count("\n") == 1


def test_a_script_over_the_size_cap_is_refused_before_it_is_read(tmp_path, capsys):
    script = tmp_path / "huge.inputs"
    with open(script, "wb") as out:
        out.truncate(MAX_SCRIPT_BYTES + 1)
    code, err = _run(capsys, "simulate", TUTORIAL, "--ticks", "10", "--inputs", str(script))
    assert code == 1 and "an input script is at most" in err
