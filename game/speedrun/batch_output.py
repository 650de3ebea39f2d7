"""`python -m game verify PATH...`: what it prints and the exit code it returns.

One replay file (and no --json or --coverage) prints the full report, exactly as `verify`
always has (verify.run_verify). Anything more prints one line per replay in the order given
(folders sorted), a summary line, then the lines of each replay that did not verify; or, with
--json, one JSON object per replay per line (`report_json`, a stable schema).

Exit codes: 0 every replay verified; 1 at least one mismatch (with --coverage: or a category
without a verified run); 2 none mismatched but at least one could not be checked (unreadable
file, missing map, another simulation version), or no replay was found.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterable
from contextlib import closing, suppress
from pathlib import Path
from typing import TextIO

from game.headless import format_time
from game.speedrun.batch import Checked, NoReplays, check_all, find_replays
from game.speedrun.verify import (
    CATEGORY_NAMES,
    EXIT_MISMATCH,
    EXIT_OK,
    EXIT_UNREADABLE,
    VerifyReport,
    run_verify,
)

VERDICT_WORDS = {"verified": "VERIFIED", "mismatch": "MISMATCH", "unreadable": "UNREADABLE"}


def report_json(report: VerifyReport, map_digest: str = "") -> dict:
    """One replay as `verify --json` writes it (documented in the README; keep it stable)."""
    ticks = report.time_ticks
    return {
        "file": report.file,
        "verdict": report.verdict,
        "map": report.map_id,
        "map_file": report.map_path,
        "map_used": getattr(report, "map_used", "") or report.map_path,
        "map_digest": map_digest,
        "category": report.category,
        "category_name": CATEGORY_NAMES.get(report.category, ""),
        "time": {"ticks": ticks, "formatted": format_time(ticks) if ticks >= 0 else None},
        "mismatches": list(report.mismatches),
        "located": list(getattr(report, "located", None) or []),
        "error": report.error,
    }


def report_line(report: VerifyReport) -> str:
    """VERIFIED  replays/a.gmr  great_mine  All Rescued  1:10.35"""
    word = VERDICT_WORDS.get(report.verdict, report.verdict.upper())
    if report.verdict == "unreadable":
        return f"{word:<10}  {report.error}"
    ticks = report.time_ticks
    time = format_time(ticks) if ticks >= 0 else "no time"
    category = CATEGORY_NAMES.get(report.category, report.category)
    return f"{word:<10}  {report.file}  {report.map_id}  {category}  {time}"


def exit_code(reports: Iterable[VerifyReport]) -> int:
    """0 all verified; 1 any mismatch; 2 any unreadable and none mismatched."""
    verdicts = {report.verdict for report in reports}
    if "mismatch" in verdicts:
        return EXIT_MISMATCH
    if verdicts - {"verified"}:
        return EXIT_UNREADABLE
    return EXIT_OK


def run_verify_command(
    paths: list[str],
    map_path: str | None = None,
    *,
    jobs: int = 1,
    as_json: bool = False,
    coverage: bool = False,
    bisect: bool = False,
    maps_folders: list[str] | None = None,
    out: TextIO | None = None,
) -> int:
    """The `verify` command (see the module docstring for what it prints and returns)."""
    out = out or sys.stdout
    if not paths and coverage:
        from game.speedrun.recorder import replays_dir

        paths = [str(replays_dir())] if replays_dir().is_dir() else []
    single = len(paths) == 1 and not as_json and not coverage
    if single and not _is_folder(paths[0]):
        return run_verify(paths[0], map_path, out, bisect=bisect)
    try:
        files = find_replays(paths)
    except NoReplays as error:
        if not coverage:
            print(error, file=sys.stderr)
            return EXIT_UNREADABLE
        files = []  # coverage of an empty folder: every category is missing
    results: list[Checked] = []
    try:
        # closing(): a Ctrl-C while printing still reaches the pool, which stops its workers.
        with closing(check_all(files, map_path, bisect=bisect, jobs=jobs)) as checks:
            for checked in checks:
                results.append(checked)
                if as_json and not coverage:
                    print(json.dumps(report_json(checked.report, checked.map_digest)), file=out)
                elif not coverage:
                    print(report_line(checked.report), file=out)
                out.flush()
        reports = [checked.report for checked in results]
        code = exit_code(reports)
        if not as_json:
            _print_summary(reports, out, errors=coverage)
        if coverage:
            from game.speedrun.coverage import print_coverage

            complete = print_coverage(results, maps_folders, as_json=as_json, out=out)
            if not complete:  # a gap fails the check as a mismatch does
                code = EXIT_MISMATCH
            out.flush()
    except BrokenPipeError:  # `verify DIR --json | head`: the reader has all it wanted
        _silence(out)
        return EXIT_MISMATCH
    return code


def _silence(out: TextIO) -> None:
    """After a closed pipe, send what is still buffered nowhere, so Python's own flush at exit
    prints no second error (the Python documentation's advice for SIGPIPE)."""
    with suppress(OSError, ValueError):  # not a real file (a test's StringIO): nothing to do
        os.dup2(os.open(os.devnull, os.O_WRONLY), out.fileno())


def _is_folder(path: str) -> bool:
    return Path(path).is_dir()


def _print_summary(reports: list[VerifyReport], out: TextIO, errors: bool = False) -> None:
    """`3 replay(s): 1 verified, 1 mismatched, 1 unreadable`, then each mismatch (and with
    `errors`, each unreadable replay's line: coverage prints no line per replay)."""
    count = {verdict: 0 for verdict in VERDICT_WORDS}
    for report in reports:
        count[report.verdict] = count.get(report.verdict, 0) + 1
    print(
        f"{len(reports)} replay(s): {count['verified']} verified, "
        f"{count['mismatch']} mismatched, {count['unreadable']} unreadable",
        file=out,
    )
    for report in reports:
        if report.verdict == "mismatch":
            for line in report.mismatches:
                print(f"{report.file}: MISMATCH {line}", file=out)
            for line in getattr(report, "located", None) or []:
                print(f"{report.file}: {line}", file=out)
        elif report.verdict == "unreadable" and errors:
            print(report.error, file=out)
