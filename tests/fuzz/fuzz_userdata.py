"""Writing a broken user-data file (and sometimes an older set-aside one beside it)."""

from __future__ import annotations

from pathlib import Path

from fuzz_gen import make_ghost, make_json_file
from fuzz_kit import Harness

OLDER_BAD = b'{"an older file": "set aside before"}\n'


def plant(h: Harness, path: Path, rng, kind: str, base: bytes, family: str) -> bytes | None:
    """Write the broken file; return the bytes of an older NAME.bad planted beside it, if any."""
    if family == "ghost":
        data, note = make_ghost(base, rng, kind)
    else:
        data, note = make_json_file(base, rng, kind, family)
    h.note(f"{kind}: {note} ({len(data):,} bytes)")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    if kind == "prior_bad" or rng.random() < 0.25:
        older = path.with_name(path.name + ".bad")
        older.write_bytes(OLDER_BAD)
        h.preexisting_bad.add(str(older))
        h.note(f"an older {older.name} was already there")
        return OLDER_BAD
    return None
