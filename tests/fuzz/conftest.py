"""The fuzz suite's options, shared files and session summary.

    pytest tests/fuzz                              # the CI run: seed 1, a few dozen cases a family
    pytest tests/fuzz --fuzz-cases 500             # longer: 500 cases per random family
    pytest tests/fuzz --fuzz-seed 7 --fuzz-cases 200
    pytest tests/fuzz --fuzz-timeout 5             # seconds per call before it counts as a hang

(`pytest tests` also runs the suite; there the options are read from FUZZ_CASES, FUZZ_SEED
and FUZZ_TIMEOUT, since pytest only takes a sub-folder's command-line options when that
folder is named on the command line.)

At the end of a session the terminal summary prints the counts (cases, accepted, clean
errors, tracebacks, hangs, other failures, files set aside) and the failures grouped by
cause; `--fuzz-report FILE` also writes them as JSON.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import random
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from fuzz_gen import MapCase, build_map_tree
from fuzz_kit import (
    CAUSES,
    DEFAULT_TIMEOUT,
    DEMOS,
    FAMILY_STATS,
    SETTINGS,
    SHIPPED_MAPS,
    STATS,
    Harness,
)

HOME_ENV = "GREAT_MINE_RESCUE_HOME"


def pytest_addoption(parser):
    group = parser.getgroup("fuzz", "seeded fuzzing of user files (tests/fuzz)")
    group.addoption(
        "--fuzz-cases", type=int, default=None, help="cases per random family (default: CI size)"
    )
    group.addoption("--fuzz-seed", type=int, default=None, help="the seed (default 1)")
    group.addoption(
        "--fuzz-timeout",
        type=float,
        default=None,
        help=f"seconds one call may take before it is a hang (default {DEFAULT_TIMEOUT:g})",
    )
    group.addoption("--fuzz-report", default=None, help="also write the summary to this JSON file")


def _option(config, name: str, env: str, kind, default):
    value = config.getoption(name, default=None)
    if value is None and os.environ.get(env):
        value = kind(os.environ[env])
    return default if value is None else value


def pytest_configure(config):
    SETTINGS["seed"] = _option(config, "--fuzz-seed", "FUZZ_SEED", int, 1)
    SETTINGS["timeout"] = _option(config, "--fuzz-timeout", "FUZZ_TIMEOUT", float, DEFAULT_TIMEOUT)
    SETTINGS["cases"] = _option(config, "--fuzz-cases", "FUZZ_CASES", int, None)
    # A call stuck in C is killed by faulthandler, which must print where to the real
    # terminal, not into pytest's capture (lost when the process dies).
    try:
        capture = config.pluginmanager.getplugin("capturemanager")._global_capturing
        SETTINGS["dump_fd"] = capture.err.targetfd_save
    except AttributeError:
        SETTINGS["dump_fd"] = None


@dataclass(frozen=True)
class FuzzCase:
    family: str
    index: int
    kind: str
    seed: int

    @property
    def rng(self) -> random.Random:
        return random.Random(f"{self.seed}/{self.family}/{self.index}")

    @property
    def case_id(self) -> str:
        return f"{self.family}[{self.index:03d}-{self.kind}] seed {self.seed}"


def pytest_generate_tests(metafunc):
    """A module with FAMILY, KINDS and DEFAULT_CASES gets its `fuzz_case` argument
    parametrized: case i has kind KINDS[i % len(KINDS)], so every kind runs even in a short
    run, and its own Random seeded from (seed, family, i)."""
    if "fuzz_case" not in metafunc.fixturenames:
        return
    module = metafunc.module
    count = SETTINGS.get("cases") or module.DEFAULT_CASES
    seed = SETTINGS["seed"]
    cases = [
        FuzzCase(module.FAMILY, i, module.KINDS[i % len(module.KINDS)], seed) for i in range(count)
    ]
    metafunc.parametrize("fuzz_case", cases, ids=[f"{c.index:03d}-{c.kind}" for c in cases])


def _family(request) -> str:
    case = (
        request.node.callspec.params.get("fuzz_case") if hasattr(request.node, "callspec") else None
    )
    if case is not None:
        return case.family
    return getattr(request.module, "FAMILY", request.module.__name__)


@pytest.fixture
def fuzz(request, tmp_path, monkeypatch):
    """The harness for one case, in a home of its own."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv(HOME_ENV, str(home))
    _route_check_output(monkeypatch)
    case = getattr(getattr(request.node, "callspec", None), "params", {}).get("fuzz_case")
    case_id = case.case_id if case else f"{request.node.name} seed {SETTINGS['seed']}"
    harness = Harness(case_id, _family(request), tmp_path, SETTINGS["timeout"])
    harness.home = home
    yield harness
    harness.record()
    _tidy(tmp_path, keep=bool(harness.violations))


def _tidy(folder: Path, keep: bool) -> None:
    """A passing case leaves nothing behind; a failing one keeps its files for a look, but not
    the big ones (tens of MB each; its notes say how to make them again)."""
    if not keep:
        shutil.rmtree(folder, ignore_errors=True)
        return
    for path in folder.rglob("*"):
        with contextlib.suppress(OSError):
            if path.is_file() and not path.is_symlink() and path.stat().st_size > 4 << 20:
                path.unlink()


def _route_check_output(monkeypatch):
    """`run_check` binds sys.stdout/sys.stderr as defaults when it is defined; make it print
    to the streams of the moment, which the harness captures."""
    import sys

    from game.level import validate

    original = validate.run_check

    def run_check(paths, out=None, err=None):
        return original(paths, out or sys.stdout, err or sys.stderr)

    monkeypatch.setattr(validate, "run_check", run_check)


# --- files the game wrote, once a session --------------------------------------------------------
@pytest.fixture(scope="session")
def fuzz_files(tmp_path_factory):
    """A replay recorded with `python -m game replay record` (in-process), settings, personal
    bests and a ghost written by the game's own code, and a copy of the tutorial whose collapse
    timer is 10 s (so `replay record` of a random script stops after 600 ticks)."""
    import numpy as np

    from game.__main__ import main
    from game.speedrun.ghost import GhostTrack, ghost_path, save_ghost
    from game.speedrun.pbstore import PersonalBests
    from game.speedrun.splits import Record
    from game.store import Settings, save_settings

    root = tmp_path_factory.mktemp("fuzz-files")
    home = root / "home"
    home.mkdir()
    saved_home = os.environ.get(HOME_ENV)
    os.environ[HOME_ENV] = str(home)
    try:
        replay = root / "tutorial.gmr"
        with contextlib.redirect_stdout(io.StringIO()):  # it prints the replay's path
            code = main(
                [
                    "replay",
                    "record",
                    str(SHIPPED_MAPS["tutorial"]),
                    str(DEMOS["tutorial"]),
                    "-o",
                    str(replay),
                ]
            )
        assert code == 0 and replay.is_file(), "replay record of the tutorial demo failed"
        settings = root / "settings.json"
        assert save_settings(
            Settings(music_volume=0.25, muted=True, scale=3, last_map="shipped:tutorial.tmx"),
            settings,
        )
        pbs = root / "personal_bests.json"
        bests = PersonalBests(pbs)
        assert bests.put("tutorial", "all", Record((300, 651), (300, 351)))
        assert bests.put("great_mine", "any", Record((900, 2000, 4281), (900, 1100, None)))
        points = np.array(
            [(i, 208 - (i % 30), 1 if i % 100 < 50 else -1) for i in range(651)], np.int16
        )
        assert save_ghost("tutorial", "all", GhostTrack(points))
        ghost = ghost_path("tutorial", "all").read_bytes()
    finally:
        if saved_home is None:
            os.environ.pop(HOME_ENV, None)
        else:
            os.environ[HOME_ENV] = saved_home
    text = SHIPPED_MAPS["tutorial"].read_text(encoding="utf-8")
    short = text.replace(
        '<property name="collapse_seconds" type="int" value="600"/>',
        '<property name="collapse_seconds" type="int" value="10"/>',
    )
    assert short != text
    short_map = build_map_tree(
        root / "short", MapCase("tutorial", {"maps/tutorial.tmx": short.encode()})
    )
    return {
        "replay": replay.read_bytes(),
        "settings": settings.read_bytes(),
        "pb": pbs.read_bytes(),
        "ghost": ghost,
        "short_map": short_map,
    }


# --- the summary -------------------------------------------------------------------------------
def _summary() -> dict:
    return {
        "seed": SETTINGS["seed"],
        "cases_per_family": SETTINGS.get("cases"),
        "timeout_s": SETTINGS["timeout"],
        "totals": dict(STATS),
        "families": {family: dict(counts) for family, counts in sorted(FAMILY_STATS.items())},
        "causes": {cause: ids for cause, ids in sorted(CAUSES.items(), key=lambda kv: -len(kv[1]))},
    }


def _counts(counts) -> str:
    return (
        f"{counts['cases']} cases: {counts['accepted']} accepted, "
        f"{counts['clean error']} clean errors, {counts['traceback']} tracebacks, "
        f"{counts['hang']} hangs; {counts['failed']} failed; {counts['set aside']} files set aside"
    )


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    if not STATS["cases"]:
        return
    write = terminalreporter.write_line
    terminalreporter.section("fuzz summary")
    cases = SETTINGS.get("cases") or "default"
    write(f"seed {SETTINGS['seed']}, cases per family {cases}, timeout {SETTINGS['timeout']:g} s")
    write("total: " + _counts(STATS))
    others = sorted(k for k in STATS if k.startswith("violation: "))
    if others:
        write("failed cases by kind: " + ", ".join(f"{k[11:]} {STATS[k]}" for k in others))
    for family, counts in sorted(FAMILY_STATS.items()):
        write(f"  {family:<10} " + _counts(counts))
    if CAUSES:
        write("failures by cause (cases hit, first case):")
        for cause, ids in sorted(CAUSES.items(), key=lambda kv: (-len(kv[1]), kv[0])):
            write(f"  {len(ids):4d}  {cause}")
            write(f"        e.g. {ids[0]}")
    report = config.getoption("--fuzz-report", default=None)
    if report:
        Path(report).write_text(json.dumps(_summary(), indent=1) + "\n", encoding="utf-8")
        write(f"written to {report}")


def pytest_collection_modifyitems(config, items):
    """The fuzz run is part of CI's full run, not of the fast inner loop (`-m "not slow"`)."""
    here = Path(__file__).resolve().parent
    for item in items:
        if here in Path(str(item.fspath)).resolve().parents:
            item.add_marker(pytest.mark.slow)
