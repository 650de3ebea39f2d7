"""Seeded broken ghost files: load_ghost, then save_ghost; an unreadable ghost must survive,
set aside, after the save."""

from fuzz_exercise import exercise_ghost
from fuzz_gen import JSON_KINDS
from fuzz_userdata import plant

FAMILY = "ghosts"
KINDS = [*JSON_KINDS, "points"]
DEFAULT_CASES = 4 * len(KINDS)


def test_fuzz_ghosts(fuzz_case, fuzz, fuzz_files):
    path = fuzz.home / "ghosts" / "tutorial_all.ghost"
    prior = plant(fuzz, path, fuzz_case.rng, fuzz_case.kind, fuzz_files["ghost"], "ghost")
    exercise_ghost(fuzz, path, prior=prior)
    fuzz.assert_clean()
