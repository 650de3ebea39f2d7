"""Seeded broken maps: the shipped maps (and their tileset and templates) mutated, put
through `check`, `load_level` and, when they load, a short `simulate`."""

from fuzz_exercise import exercise_map
from fuzz_gen import MAP_KINDS, TEMPLATES, TILESET_REL, build_map_tree, make_map_case

FAMILY = "maps"
KINDS = MAP_KINDS
DEFAULT_CASES = 5 * len(MAP_KINDS)


def test_fuzz_maps(fuzz_case, fuzz):
    case = make_map_case(fuzz_case.rng, fuzz_case.kind)
    for note in case.notes:
        fuzz.note(note)
    root = fuzz.tmp / "tree"
    path = build_map_tree(root, case)
    fuzz.name(root / TILESET_REL, *(root / "maps" / "templates" / t for t in TEMPLATES))
    exercise_map(fuzz, path)
    fuzz.assert_clean()
