"""Whether the Tiled project beside a map still gives designers our object classes.

Tiled 1.8 reads `great_mine.tiled-project`, and when a 1.8 designer saves the project (Project
Properties, OK) it writes the class types back without `useAs`, `color` and `drawFill`, which
1.8 does not know. Tiled 1.9+ then offers those classes as property types only: the object
classes vanish from its Class list. `check` notes such a project (a note, never a problem: the
maps themselves are fine) with the way back, `python -m game.level.project`.
"""

from __future__ import annotations

import os

from game.files import KIB, UnreadableFile, read_json, shown
from game.level.assets import note
from game.level.project import CLASS_COLOURS, PROJECT_FILE

MAX_PROJECT_BYTES = 512 * KIB  # ours is about 10 KiB; a designer's own stays far below this
MAX_PROJECT_FILES = 8  # *.tiled-project files looked at in one folder
OUR_CLASSES = tuple(CLASS_COLOURS)  # the classes `project.py` generates


def project_files(folder: str) -> list[str]:
    """The `*.tiled-project` files in `folder` (not below it), sorted; none when unreadable."""
    try:
        with os.scandir(folder) as entries:
            names = sorted(
                entry.name
                for entry in entries
                if entry.name.lower().endswith(".tiled-project") and entry.is_file()
            )
    except OSError:
        return []
    return [os.path.join(folder, name) for name in names[:MAX_PROJECT_FILES]]


def _fix(path: str) -> str:
    try:
        ours = os.path.samefile(path, PROJECT_FILE)
    except OSError:
        ours = False
    if ours:
        return (
            "regenerate it with `python -m game.level.project` "
            "(or `git checkout maps/great_mine.tiled-project`)"
        )
    return (
        "copy the game's maps/great_mine.tiled-project over it (`python -m game.level.project` "
        "regenerates that one)"
    )


def classes_without_use_as(data: object) -> list[str] | None:
    """Our classes in a parsed project that Tiled 1.9+ would not offer for objects (no
    `useAs` naming "object"); None when the project's shape is not Tiled's."""
    if not isinstance(data, dict):
        return None
    types = data.get("propertyTypes", [])
    if not isinstance(types, list):
        return None
    lost: list[str] = []
    for entry in types:
        if not isinstance(entry, dict):
            return None
        name = entry.get("name")
        if entry.get("type") != "class" or name not in OUR_CLASSES:
            continue  # an enum, or a designer's own type: not ours to judge
        use_as = entry.get("useAs")
        if not isinstance(use_as, list) or "object" not in use_as:
            lost.append(str(name))
    return sorted(set(lost))


def project_problem(path: str) -> str | None:
    """One line on what is wrong with the project file at `path`, or None when nothing is."""
    try:
        data = read_json(path, MAX_PROJECT_BYTES, "Tiled project")
    except UnreadableFile as error:
        return (
            f"Tiled project {shown(path, 80)} cannot be read ({error.problem}), so Tiled 1.9+ "
            f"will not offer the game's object classes from it: {_fix(path)}"
        )
    lost = classes_without_use_as(data)
    if lost is None:
        return (
            f"Tiled project {shown(path, 80)} is not shaped as Tiled writes it "
            f"(propertyTypes), so Tiled 1.9+ will not offer the game's object classes from "
            f"it: {_fix(path)}"
        )
    if not lost:
        return None
    classes = f"class{'es' if len(lost) > 1 else ''} {', '.join(lost)}"
    offered = "it as an object class" if len(lost) == 1 else "them as object classes"
    return (
        f"Tiled project {shown(path, 80)} has lost `useAs` on {classes} (saving the project "
        f"in Tiled 1.8 drops it), so Tiled 1.9+ no longer offers {offered}: {_fix(path)}"
    )


def note_project_beside(map_path: str) -> None:
    """Note, for `map_path`, every project file in its folder that has lost our classes'
    `useAs` or cannot be read. Never raises: a broken project file is a note as well."""
    folder = os.path.dirname(map_path) or "."
    for path in project_files(folder):
        try:
            problem = project_problem(path)
        except Exception as error:  # the project is a side note: never stop the check
            problem = (
                f"Tiled project {shown(path, 80)} could not be looked at "
                f"({type(error).__name__}): {_fix(path)}"
            )
        if problem:
            note(map_path, problem)
