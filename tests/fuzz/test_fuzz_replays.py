"""Seeded broken replays, mutated from one `replay record` made of the tutorial demo, put
through `verify` and `replay export`."""

from fuzz_exercise import exercise_replay
from fuzz_gen import REPLAY_KINDS, make_replay

FAMILY = "replays"
KINDS = REPLAY_KINDS
DEFAULT_CASES = 5 * len(REPLAY_KINDS)


def test_fuzz_replays(fuzz_case, fuzz, fuzz_files):
    data, note = make_replay(fuzz_files["replay"], fuzz_case.rng, fuzz_case.kind)
    fuzz.note(f"{fuzz_case.kind}: {note} ({len(data):,} bytes)")
    path = fuzz.tmp / "run.gmr"
    path.write_bytes(data)
    exercise_replay(fuzz, path)
    fuzz.assert_clean()
