"""The map checker behind `python -m game check`: every problem of every map, one line each.

The rules themselves live in `properties.py` and run during the loader's single pass
(`tiled.read_level`); the checker keeps the whole list where the loader raises the first.
Two rules run here only, both in `reachability.py`: whether every miner can reach an exit,
and whether the route from the spawn reaches every split, in its order. They walk the whole
level as the simulation would, and `play` should still open a map whose way out the designer
has not dug yet. A third, for a map with `next_map`: the chain of maps it starts loads
(game/level/chain.py): no missing map, no loop.
"""

from __future__ import annotations

import json
import os
import sys
from typing import TextIO

from game.level.assets import one_note_per_map
from game.level.model import Level, MapError
from game.level.project_safety import note_project_beside
from game.level.properties import Problems
from game.level.reachability import split_route, unreachable_crates, unreachable_miners
from game.level.tiled import UnreadableMap, read_level

EXIT_CLEAN, EXIT_PROBLEMS, EXIT_UNREADABLE = 0, 1, 2


def check_map(path: str | os.PathLike) -> list[MapError]:
    """Every problem in the map, in file order. Raises `UnreadableMap` (a `MapError`) when the
    file cannot be read as a map at all: missing, not XML, not a TMX map."""
    problems = Problems(os.fspath(path))
    level = read_level(path, problems)
    if level is not None and not problems.errors:
        for miner in unreachable_miners(level):
            problems.add_for(
                miner.obj_id,
                miner.name,
                "can never reach an exit, even with every breakable tile broken: "
                "open a way out for them",
            )
        for crate in unreachable_crates(level):
            problems.add_for(
                crate.obj_id,
                crate.name or "SupplyCrate",
                "no clone could carry this crate to a Camp, even with every breakable tile "
                "broken: open a way from it to the camp",
            )
        _check_split_route(level, problems)
    if level is not None and not problems.errors and level.next_map:
        _check_chain(os.fspath(path), level, problems)
    return problems.errors


def _check_chain(path: str, level: Level, problems: Problems) -> None:
    """A map with `next_map`: the chain it starts must load, naming no missing map and never
    leading back into itself. One line, naming this map and the property."""
    from game.level.chain import chain_of

    try:
        chain_of(path)
    except MapError as error:
        if _same_file(error.path, path) and error.obj_id is None:
            problems.add(error.message)  # this map's own next_map: missing, or a loop
        elif _leads_back(error.path, path):
            problems.add(
                f"map property 'next_map' is '{level.next_map}', and the chain comes back to "
                f"this map from {os.path.basename(error.path)}: a loop (the last map of a "
                "chain names no next_map)"
            )
        else:
            problems.add(
                f"map property 'next_map' is '{level.next_map}': the chain of maps it starts "
                f"does not load: {error.line()}"
            )


def _leads_back(map_path: str, path: str) -> bool:
    """True when the map at `map_path` names `path` as its next map."""
    from game.level.chain import next_map_path
    from game.level.tiled import load_level

    try:
        following = load_level(map_path)
    except MapError:
        return False
    return bool(following.next_map) and _same_file(next_map_path(following), path)


def _same_file(one: str, other: str) -> bool:
    try:
        return os.path.samefile(one, other)
    except OSError:
        return os.path.abspath(one) == os.path.abspath(other)


def _check_split_route(level: Level, problems: Problems) -> None:
    route = split_route(level)
    for split in route.unreachable:
        problems.add_for(
            split.obj_id,
            split.name,
            "can never be reached from the spawn, even with every breakable tile broken: "
            "move it onto the route or open a way to it",
        )
    for split, earlier in route.passed_early:
        problems.add_for(
            split.obj_id,
            split.name,
            f"has order {split.order}, but every way from the spawn to split {earlier.obj_id} "
            f"({earlier.name}, order {earlier.order}) passes through it first: number the "
            "splits in the order a run reaches them",
        )
    for split, earlier in route.cut_off:
        problems.add_for(
            split.obj_id,
            split.name,
            f"has order {split.order}, but once split {earlier.obj_id} ({earlier.name}, "
            f"order {earlier.order}) is taken no way leads back to it: number the splits in "
            "the order a run reaches them",
        )


def run_check(
    paths: list[str], out: TextIO = sys.stdout, err: TextIO = sys.stderr, as_json: bool = False
) -> int:
    """Check maps (a folder means every .tmx inside it) and print one line per problem to `out`,
    unreadable files to `err`, then a summary line. Exit code: 0 clean, 1 problems,
    2 when a file could not be read at all (or there was nothing to check).

    With `as_json`, `out` gets one JSON document instead (see `problem_record`): every problem,
    unreadable files included, and nothing else; the exit code is the same."""
    maps, not_read = _expand(paths)
    if not paths:
        print("no maps given: name .tmx files or folders to check", file=err)
    records = [problem_record(error) for error in not_read]  # folders without maps
    found = 0
    folders: set[str] = set()  # the project files of a folder are noted once, for its first map
    for path in maps:
        folder = os.path.abspath(os.path.dirname(path) or ".")
        if folder not in folders:
            folders.add(folder)
            note_project_beside(path)
        with one_note_per_map():  # a moved map's stand-in files: one note, not six
            problems = _check_one(path)
        if isinstance(problems, MapError):
            not_read.append(problems)
            records.append(problem_record(problems))
            continue
        records.extend(problem_record(problem) for problem in problems)
        if not as_json:
            for problem in problems:
                print(problem.line(), file=out)
        found += len(problems)
    if as_json:
        print(json.dumps(records, indent=1), file=out)
    else:
        for error in not_read:
            print(error.line(), file=err)
        print(_summary(len(maps), found, len(not_read)), file=out)
    if not_read or not maps:
        return EXIT_UNREADABLE
    return EXIT_PROBLEMS if found else EXIT_CLEAN


def problem_record(error: MapError) -> dict[str, object]:
    """One problem of `check --json`, a stable schema: `file` (the path as given), `object_id`
    (int, or null when the problem is not one object's), `name` (the object's name, null
    likewise) and `message` (the text after the object, one line)."""
    return {
        "file": error.path,
        "object_id": error.obj_id,
        "name": error.obj_name if error.obj_id is not None else None,
        "message": error.message,
    }


def _check_one(path: str) -> list[MapError] | MapError:
    """The map's problems, or one error saying why it could not be checked."""
    try:
        return check_map(path)
    except UnreadableMap as error:
        return error
    except Exception as error:  # a bug of ours: one map must not stop the check of the rest
        cause = " ".join(f"{type(error).__name__}: {error}".split())[:200]
        return MapError(
            path,
            f"could not be checked ({cause}); this is a bug in the game, please report "
            "it with this map",
        )


def _expand(paths: list[str]) -> tuple[list[str], list[MapError]]:
    """The map files to check, and a problem for each folder that held none."""
    maps: list[str] = []
    empty: list[MapError] = []
    for path in paths:
        if not os.path.isdir(path):
            maps.append(path)
            continue
        inside = sorted(
            os.path.join(folder, name)
            for folder, _, names in os.walk(path)
            for name in names
            if name.lower().endswith(".tmx")
        )
        if not inside:
            empty.append(MapError(path, "no .tmx maps in this folder"))
        maps.extend(inside)
    return maps, empty


def _summary(checked: int, problems: int, unreadable: int) -> str:
    text = f"{checked} map{'' if checked == 1 else 's'} checked, "
    text += f"{problems} problem{'' if problems == 1 else 's'}" if problems else "no problems"
    if unreadable:
        text += f", {unreadable} unreadable"
    return text
