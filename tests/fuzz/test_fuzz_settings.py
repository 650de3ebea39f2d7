"""Seeded broken settings files: load_settings, then save_settings; an unreadable file must
survive, set aside, after the save."""

from fuzz_exercise import exercise_settings
from fuzz_gen import JSON_KINDS
from fuzz_userdata import plant

FAMILY = "settings"
KINDS = JSON_KINDS
DEFAULT_CASES = 4 * len(JSON_KINDS)


def test_fuzz_settings(fuzz_case, fuzz, fuzz_files):
    path = fuzz.home / "settings.json"
    prior = plant(fuzz, path, fuzz_case.rng, fuzz_case.kind, fuzz_files["settings"], "settings")
    exercise_settings(fuzz, path, prior=prior)
    fuzz.assert_clean()
