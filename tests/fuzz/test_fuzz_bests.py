"""Seeded broken personal-bests files: PersonalBests(path) (also read-only, as capture runs
open it), then put() saves; an unreadable file must survive, set aside, after the save."""

from fuzz_exercise import exercise_pb
from fuzz_gen import JSON_KINDS
from fuzz_userdata import plant

FAMILY = "bests"
KINDS = JSON_KINDS
DEFAULT_CASES = 4 * len(JSON_KINDS)


def test_fuzz_bests(fuzz_case, fuzz, fuzz_files):
    rng = fuzz_case.rng
    path = fuzz.home / "personal_bests.json"
    prior = plant(fuzz, path, rng, fuzz_case.kind, fuzz_files["pb"], "pb")
    exercise_pb(fuzz, path, prior=prior, readonly=rng.random() < 0.3)
    fuzz.assert_clean()
