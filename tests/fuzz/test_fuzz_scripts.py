"""Seeded broken input scripts, put through `simulate --inputs` and `replay record` (and a
recorded replay through `verify`)."""

from fuzz_exercise import exercise_script
from fuzz_gen import SCRIPT_KINDS, make_script

FAMILY = "scripts"
KINDS = SCRIPT_KINDS
DEFAULT_CASES = 5 * len(SCRIPT_KINDS)


def test_fuzz_scripts(fuzz_case, fuzz, fuzz_files):
    data, note = make_script(fuzz_case.rng, fuzz_case.kind)
    fuzz.note(f"{fuzz_case.kind}: {note} ({len(data):,} bytes)")
    script = fuzz.tmp / "run.inputs"
    script.write_bytes(data)
    exercise_script(fuzz, script, fuzz_files["short_map"])
    fuzz.assert_clean()
