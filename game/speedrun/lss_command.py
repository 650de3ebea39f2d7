"""`python -m game splits export|import`: a board's splits out to a LiveSplit .lss file, and a
.lss file's golds (and a faster complete PB) into our records.

A board is a map (its path, as every command takes it; `--chain` for its chained run) and a
category, with `--assisted` for the assisted runs' own board (game/speedrun/pbstore.py).
Segment names are the map's split names then "Finish", as the splits panel shows them.
"""

from __future__ import annotations

import sys

from game.files import UnreadableFile
from game.headless import format_time, load_map
from game.speedrun.lss import (
    LssRun,
    category_title,
    export_lss,
    merge_lss,
    read_lss,
    same_name,
)
from game.speedrun.pbstore import ASSISTED_SUFFIX, PersonalBests, map_id
from game.speedrun.recorder import write_atomic
from game.speedrun.splits import CATEGORIES, row_names

EXIT_PROBLEMS = 1
EXIT_UNREADABLE = 2


def _board(level, assisted: bool) -> str:
    return map_id(level) + (ASSISTED_SUFFIX if assisted else "")


def run_export(
    map_path: str, category: str, output: str | None, chain=False, assisted=False
) -> int:
    level = load_map(map_path, chain)
    board = _board(level, assisted)
    bests = PersonalBests(writable=False)
    history = bests.history_of(board, category)
    text = export_lss(row_names(level), bests.get(board, category), history, category, board)
    if output is None:
        sys.stdout.write(text)
        return 0
    try:
        write_atomic(output, text.encode("utf-8"))
    except UnreadableFile as error:
        print(f"{error}; the splits file was not written", file=sys.stderr)
        return EXIT_UNREADABLE
    except OSError as error:
        print(f"{output}: cannot write the splits file ({error})", file=sys.stderr)
        return EXIT_UNREADABLE
    rows = len(row_names(level))
    attempts = f"{history.started} attempts, {history.finished} finished"
    print(f"{output}: {board} {category_title(category)}, {rows} segments, {attempts}")
    return 0


def file_category(run: LssRun) -> str | None:
    """Our category named by the file's CategoryName ("Any%", "All Rescued"), if any."""
    for category in CATEGORIES:
        if same_name(category_title(category), run.category):
            return category
    return None


def run_import(
    lss_path: str,
    map_path: str,
    category: str | None,
    chain=False,
    assisted=False,
    by_position=False,
) -> int:
    run = read_lss(lss_path)  # UnreadableFile: one line, exit 2 (game/__main__.py)
    category = category or file_category(run)
    if category is None:
        print(
            f"{lss_path}: its category {run.category!r} is not Any% or All Rescued; "
            "name one with --category",
            file=sys.stderr,
        )
        return EXIT_PROBLEMS
    level = load_map(map_path, chain)
    names = row_names(level)
    if len(run.segments) != len(names):
        print(
            f"{lss_path}: {len(run.segments)} segments, but {map_path} has {len(names)} rows "
            f"({len(names) - 1} splits and Finish); nothing merged",
            file=sys.stderr,
        )
        return EXIT_PROBLEMS
    differ = [
        f"{theirs!r} is {ours!r} here"
        for ours, theirs in zip(names, run.names, strict=True)
        if not same_name(ours, theirs)
    ]
    if differ and not by_position:
        print(
            f"{lss_path}: segment names differ from {map_path} ({'; '.join(differ[:3])}); "
            "nothing merged (--by-position merges them in order anyway)",
            file=sys.stderr,
        )
        return EXIT_PROBLEMS
    board = _board(level, assisted)
    bests = PersonalBests()
    before = bests.get(board, category)
    merged = merge_lss(before, run)
    title = f"{board} {category_title(category)}"
    how = "in order" if differ else "by name"
    print(f"{lss_path} -> {title}: {len(names)} segments matched {how}")
    for row, old, new in merged.golds:
        was = format_time(old) if old is not None else "none"
        print(f"  gold {names[row]}: {format_time(new)} (was {was})")
    if not merged.golds:
        print("  no best segment was faster than ours")
    final = merged.record.pb_final
    if merged.pb_taken and final is not None:
        was = format_time(before.pb_final) if before.pb_final is not None else "none"
        print(f"  personal best: {format_time(final)} (was {was})")
    if merged.record != before and not bests.put(board, category, merged.record):
        return EXIT_UNREADABLE  # put printed why
    return 0
