"""`verify --coverage`: which maps and categories have no verified run yet (after Lix's
`--coverage`).

The runs to cover are those the title screen lists: every .tmx directly in the shipped maps
folder and in the user maps folder (or the folders given with --maps-dir), and for a map that
names a `next_map`, its chained run too ("boulder_town.chain"). Each in both categories.

A category of a run is covered by a replay that verified, was made on this very version of
the map (its map digest is the map's: a run on an older version covers nothing), reached the
category's goal (a reset run has no time), and is a plain run of that category: neither a
practice run (it starts from a split) nor an assisted one.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from game.level.model import MapError
from game.speedrun.batch import Checked, cached_maps
from game.speedrun.digest import CHAIN_SUFFIX, map_digest
from game.speedrun.verify import CATEGORY_NAMES, MAPS_DIR


@dataclass(frozen=True)
class MapRun:
    """A run the title screen offers: one map, or the chain starting at it."""

    file: str  # the .tmx file (a chain's first map)
    run_id: str  # what its replays name as their map: great_mine, boulder_town.chain
    digest: str  # the map digest a replay made on this version of it carries


def default_folders() -> list[Path]:
    from game.store import user_maps_dir

    return [MAPS_DIR, user_maps_dir(create=False)]


def map_files(folders: Iterable[Path]) -> list[Path]:
    """The .tmx files directly in each folder, by name; a missing folder has none."""
    found: list[Path] = []
    for folder in folders:
        try:
            named = [path for path in folder.iterdir() if path.suffix.lower() == ".tmx"]
        except OSError:
            continue
        found += sorted((path for path in named if path.is_file()), key=lambda p: p.name.lower())
    return found


def map_runs(files: Iterable[Path]) -> tuple[list[MapRun], list[str]]:
    """Every run of `files`, and one line for each map that cannot be loaded."""
    from game.level.chain import load_run
    from game.level.tiled import load_level

    runs: list[MapRun] = []
    problems: list[str] = []
    for path in files:
        try:
            level = load_level(path)
            runs.append(MapRun(str(path), path.stem, map_digest(level)))
            if level.next_map:
                chained = load_run(path)
                runs.append(MapRun(str(path), path.stem + CHAIN_SUFFIX, map_digest(chained)))
        except MapError as error:
            problems.append(str(error).splitlines()[0])
    return runs, problems


def covered_categories(results: Iterable[Checked]) -> set[tuple[str, str, str]]:
    """(run id, map digest, category) of every replay that covers its category."""
    covered = set()
    for checked in results:
        report = checked.report
        if report.verdict == "verified" and checked.counts_for_coverage and report.time_ticks >= 0:
            covered.add((report.map_id, checked.map_digest, report.category))
    return covered


def missing_categories(run: MapRun, covered: set[tuple[str, str, str]]) -> list[str]:
    return [key for key in CATEGORY_NAMES if (run.run_id, run.digest, key) not in covered]


def print_coverage(
    results: list[Checked],
    folders: Iterable[str] | None = None,
    *,
    as_json: bool = False,
    out: TextIO,
) -> bool:
    """Print the coverage of the maps in `folders` (default: maps/ and the user maps folder)
    by `results`; True when every category of every run is covered.

    Lines: `MISSING  great_mine  Any%, All Rescued  (maps/great_mine.tmx)` for each run
    with a gap, then a summary. With `as_json`, one object per run: map, map_file,
    covered and missing (category keys: any, all)."""
    chosen = [Path(folder) for folder in folders] if folders else default_folders()
    with cached_maps():
        runs, problems = map_runs(map_files(chosen))
    covered = covered_categories(results)
    gaps = 0
    for run in runs:
        missing = missing_categories(run, covered)
        gaps += len(missing)
        if as_json:
            have = [key for key in CATEGORY_NAMES if key not in missing]
            line = {"map": run.run_id, "map_file": run.file, "covered": have, "missing": missing}
            print(json.dumps(line), file=out)
        elif missing:
            names = ", ".join(CATEGORY_NAMES[key] for key in missing)
            print(f"MISSING     {run.run_id}  {names}  ({run.file})", file=out)
    if not as_json:
        for problem in problems:
            print(f"NO MAP      {problem}", file=out)
        total = len(runs) * len(CATEGORY_NAMES)
        print(
            f"coverage: {total - gaps} of {total} categories have a verified run "
            f"({len(runs)} run(s) in {', '.join(str(folder) for folder in chosen)})",
            file=out,
        )
    return gaps == 0
