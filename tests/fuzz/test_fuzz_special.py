"""Special files where a user file belongs: a FIFO (no writer: a plain open() blocks for ever),
a symlink to /dev/zero (never ends), a folder, a dangling symlink and a symlink loop, used as a
map, its tileset, a template, an input script, a replay, the settings, the personal bests and a
ghost. Each must be refused quickly with one line naming it, and never replaced by a save."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from fuzz_exercise import (
    exercise_ghost,
    exercise_map,
    exercise_pb,
    exercise_replay,
    exercise_script,
    exercise_settings,
)
from fuzz_gen import TILESET_REL, MapCase, build_map_tree
from fuzz_kit import DEMOS, SHIPPED_MAPS

FAMILY = "special"
SPECIALS = ["fifo", "dev_zero", "folder", "dangling_symlink", "symlink_loop"]
TARGETS = [
    "map",
    "tileset",
    "template",
    "script",
    "replay",
    "replay_output",
    "settings",
    "bests",
    "ghost",
]

pytestmark = pytest.mark.skipif(os.name != "posix", reason="FIFOs and /dev/zero are POSIX")


def make_special(path: Path, kind: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists() or path.is_symlink():
        path.unlink()
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "dev_zero":
        path.symlink_to("/dev/zero")
    elif kind == "folder":
        path.mkdir()
    elif kind == "dangling_symlink":
        path.symlink_to(path.parent / "nowhere" / "at-all")
    elif kind == "symlink_loop":
        path.symlink_to(path)
    else:
        raise AssertionError(kind)


def _same_kind(path: Path, kind: str) -> bool:
    try:
        info = os.lstat(path)
    except OSError:
        return False
    if kind == "fifo":
        return stat.S_ISFIFO(info.st_mode)
    if kind == "dev_zero":
        return stat.S_ISLNK(info.st_mode) and os.readlink(path) == "/dev/zero"
    if kind == "folder":
        return stat.S_ISDIR(info.st_mode)
    if kind == "symlink_loop":
        return stat.S_ISLNK(info.st_mode)
    return True


def expect_special_kept(h, path: Path, kind: str, label: str) -> None:
    """A FIFO, a link to a device or a folder is never written over: it stays where it is, or
    is set aside as it is. (A dangling link may be replaced: it held nothing.)"""
    if kind not in ("fifo", "dev_zero", "folder", "symlink_loop"):
        return
    candidates = [path, *path.parent.glob(path.name + ".bad*")]
    if not any(_same_kind(p, kind) for p in candidates):
        h.violation("data lost", label, f"the {kind} at {path.name} was replaced or removed")


@pytest.mark.parametrize("special", SPECIALS)
@pytest.mark.parametrize("target", TARGETS)
def test_special_file(target, special, fuzz, fuzz_files):
    h = fuzz
    h.note(f"{target} is a {special}")
    home = h.home
    if target in ("map", "tileset", "template"):
        case = MapCase("tutorial")
        root = h.tmp / "tree"
        if target == "template":  # the shipped maps use no template: make Naruto use one
            body = SHIPPED_MAPS["tutorial"].read_text(encoding="utf-8")
            body = body.replace(
                '<object id="1" name="Naruto" type="Spawn" x="88" y="208">',
                '<object id="1" template="templates/spawn.tx" x="88" y="208">',
            )
            case.files["maps/tutorial.tmx"] = body.encode()
        map_path = build_map_tree(root, case)
        special_path = {
            "map": map_path,
            "tileset": root / TILESET_REL,
            "template": root / "maps" / "templates" / "spawn.tx",
        }[target]
        make_special(special_path, special)
        h.name(special_path)
        exercise_map(h, map_path, quick=True)
    elif target == "script":
        special_path = h.tmp / "run.inputs"
        make_special(special_path, special)
        exercise_script(h, special_path, fuzz_files["short_map"], quick=True)
    elif target == "replay":
        special_path = h.tmp / "run.gmr"
        make_special(special_path, special)
        exercise_replay(h, special_path, quick=True)
    elif target == "replay_output":  # `replay record -o` onto it: refused, never replaced
        special_path = h.tmp / "out.gmr"
        make_special(special_path, special)
        h.name(special_path, fuzz_files["short_map"])
        argv = ["replay", "record", str(fuzz_files["short_map"]), str(DEMOS["tutorial"])]
        h.cli("record", [*argv, "-o", str(special_path)], (0, 2), quick=True)
    elif target == "settings":
        special_path = home / "settings.json"
        make_special(special_path, special)
        exercise_settings(h, special_path, quick=True)
    elif target == "bests":
        special_path = home / "personal_bests.json"
        make_special(special_path, special)
        exercise_pb(h, special_path, readonly=True, quick=True)
    else:
        special_path = home / "ghosts" / "tutorial_all.ghost"
        make_special(special_path, special)
        exercise_ghost(h, special_path, quick=True)
    expect_special_kept(h, special_path, special, target)
    h.assert_clean()
