"""What each kind of user file is put through: the calls the game makes on it, and what must
hold afterwards. Shared by the seeded families, the special files and the known hostile cases.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from fuzz_kit import MAPS, SHIPPED_MAPS, Harness

RECORD = ("tutorial", "all")
# Close an intro box (a jump), then clones, the Rasengan and a chakra leap: a loaded map runs
# its simulation for real, not just a dialogue box.
BUSY_SCRIPT = "11 jump\n12 right+clone\n40 rasengan\n41 left+clone\n80 up+jump\n90 fire\n"


def _problem_lines(h: Harness, label: str, out: str) -> None:
    """`check` prints its problems on stdout, `FILE: ...`, then a summary line."""
    lines = [line for line in out.splitlines() if line.strip()]
    for line in lines[:-1]:
        h._check_line(label, line, "check problem line")


def exercise_map(h: Harness, map_path: Path, *, simulate: bool = True, quick: bool = False):
    from game.level.model import MapError
    from game.level.tiled import load_level

    h.name(map_path)
    check = h.cli("check", ["check", str(map_path)], (0, 1, 2), quick=quick)
    if check.status != "hang":
        _problem_lines(h, "check", check.out)
    loaded = h.call("load_level", lambda: load_level(str(map_path)), clean=(MapError,), quick=quick)
    if check.code == 2 and loaded.status == "accepted":
        h.violation("inconsistent", "check", "check calls the map unreadable, load_level loads it")
    if check.code == 0 and loaded.status == "clean error":
        h.violation(
            "inconsistent",
            "check",
            "check finds no problem, load_level refuses the map",
            str(loaded.error),
        )
    if loaded.status == "accepted" and simulate:
        script = h.tmp / "busy.inputs"
        script.write_text(BUSY_SCRIPT, encoding="utf-8")
        h.cli(
            "simulate",
            ["simulate", str(map_path), "--ticks", "120", "--inputs", str(script)],
            (0,),
            quick=quick,
        )
    return check, loaded


def exercise_script(
    h: Harness, script: Path, record_map: Path, *, verify: bool = True, quick: bool = False
):
    """simulate and record must agree on whether the script is usable; a replay the game
    recorded must verify."""
    h.name(script, record_map, SHIPPED_MAPS["tutorial"])
    out = h.tmp / "recorded.gmr"
    h.name(out)
    sim = h.cli(
        "simulate",
        ["simulate", str(SHIPPED_MAPS["tutorial"]), "--ticks", "300", "--inputs", str(script)],
        (0, 1, 2),
        quick=quick,
    )
    record = h.cli(
        "record",
        ["replay", "record", str(record_map), str(script), "-o", str(out)],
        (0, 1, 2),
        quick=quick,
    )
    if {sim.code, record.code} == {0, 1} or {sim.code, record.code} == {0, 2}:
        h.violation(
            "inconsistent", "record", f"simulate exits {sim.code} but record exits {record.code}"
        )
    if record.code == 0 and verify:
        h.cli("verify", ["verify", str(out), "--map", str(record_map)], (0,))
    return sim, record


def exercise_replay(h: Harness, path: Path, *, quick: bool = False):
    from game.tas import InputScriptError, parse_input_script

    h.name(path)
    h.names.add(str(MAPS) + os.sep)  # verify may name the map it looked for: maps/<map id>.tmx
    verify = h.cli("verify", ["verify", str(path)], (0, 1, 2), quick=quick)
    export = h.cli("export", ["replay", "export", str(path)], (0, 2), quick=quick)
    if export.code == 0:
        try:
            parse_input_script(export.out, "<exported>")
        except InputScriptError as error:
            h.violation("inconsistent", "export", "the exported script does not parse", str(error))
    if verify.code in (0, 1) and export.code == 2:
        h.violation("inconsistent", "export", "verify reads the replay, export refuses it")
    return verify, export


# --- user data ---------------------------------------------------------------------------------
def _regular_bytes(path: Path) -> bytes | None:
    """The file's bytes when it is a regular file (not through a symlink to a device)."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    if not stat.S_ISREG(info.st_mode):
        return None
    return path.read_bytes()


def _kept(h: Harness, label: str, folder: Path, original: bytes | None, complained: bool, prior):
    if complained and original is not None:
        h.expect_kept(label, folder, original, "after the game saved again")
    if prior is not None:
        h.expect_kept(label, folder, prior, "an older set-aside file")


def exercise_settings(h: Harness, path: Path, *, prior: bytes | None = None, quick=False):
    from game.store import Settings, load_settings, save_settings

    h.name(path)
    original = _regular_bytes(path)
    loaded = h.call("load_settings", lambda: load_settings(path), quick=quick)
    complained = bool(loaded.err_lines) or loaded.status != "accepted"
    settings = loaded.value if isinstance(loaded.value, Settings) else Settings()
    wanted = settings.replace(music_volume=0.5)
    saved = h.call("save_settings", lambda: save_settings(wanted, path), quick=quick)
    _kept(h, "save_settings", path.parent, original, complained, prior)
    if saved.value is True:
        again = h.call("reload", lambda: load_settings(path), quick=quick)
        if again.err_lines or (again.status == "accepted" and again.value != wanted):
            h.violation("inconsistent", "reload", "the settings the game saved do not load back")
    return loaded


def exercise_pb(h: Harness, path: Path, *, prior: bytes | None = None, readonly=False, quick=False):
    from game.speedrun.pbstore import PersonalBests
    from game.speedrun.splits import Record

    h.name(path)
    original = _regular_bytes(path)
    if readonly:  # a capture run: must leave the file exactly as it is
        before = sorted(p.name for p in path.parent.iterdir())
        h.call("PersonalBests_readonly", lambda: PersonalBests(path, writable=False), quick=quick)
        after = sorted(p.name for p in path.parent.iterdir())
        if before != after or (original is not None and _regular_bytes(path) != original):
            h.violation(
                "data lost",
                "PersonalBests_readonly",
                "a read-only load changed the folder",
                f"{before} -> {after}",
            )
    loaded = h.call("PersonalBests", lambda: PersonalBests(path), quick=quick)
    complained = bool(loaded.err_lines) or loaded.status != "accepted"
    record = Record((100, 200, 651), (100, 100, 451))
    saved = None
    if loaded.status == "accepted":
        bests = loaded.value
        saved = h.call("put", lambda: bests.put(*RECORD, record), quick=quick)
    _kept(h, "put", path.parent, original, complained, prior)
    if saved is not None and saved.value is True:
        again = h.call("reload", lambda: PersonalBests(path), quick=quick)
        if again.err_lines or (again.status == "accepted" and again.value.get(*RECORD) != record):
            h.violation("inconsistent", "reload", "the bests the game saved do not load back")
    return loaded


def exercise_ghost(h: Harness, path: Path, *, prior: bytes | None = None, quick=False):
    """`path` must be ghost_path(*RECORD) under the case's GREAT_MINE_RESCUE_HOME."""
    import numpy as np

    from game.speedrun.ghost import GhostTrack, ghost_path, load_ghost, save_ghost

    h.name(path)
    if ghost_path(*RECORD) != path:
        raise AssertionError(f"the ghost would be read from {ghost_path(*RECORD)}, not {path}")
    original = _regular_bytes(path)
    loaded = h.call("load_ghost", lambda: load_ghost(*RECORD), quick=quick)
    there = os.path.lexists(path)
    complained = (
        bool(loaded.err_lines) or loaded.status != "accepted" or (there and loaded.value is None)
    )
    points = np.array([(i, 200, 1) for i in range(300)], np.int16)
    saved = h.call("save_ghost", lambda: save_ghost(*RECORD, GhostTrack(points)), quick=quick)
    _kept(h, "save_ghost", path.parent, original, complained, prior)
    if saved.value is True:
        again = h.call("reload", lambda: load_ghost(*RECORD), quick=quick)
        if again.err_lines or (again.status == "accepted" and again.value is None):
            h.violation("inconsistent", "reload", "the ghost the game saved does not load back")
    return loaded
