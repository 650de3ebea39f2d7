"""`check` lists every problem of every map, one line each, and exits 0, 1 or 2."""

from __future__ import annotations

import io

import pytest

from game.level.tiled import UnreadableMap, load_level
from game.level.validate import check_map, run_check


def run(paths) -> tuple[int, list[str], list[str]]:
    out, err = io.StringIO(), io.StringIO()
    code = run_check([str(p) for p in paths], out=out, err=err)
    return code, out.getvalue().splitlines(), err.getvalue().splitlines()


def broken_map(kit):
    """Three independent mistakes in one map."""
    objects = [
        kit.obj(1, "Spawn", 24, 112),
        kit.obj(2, "Exitt", 128, 64, 32, 48, name="door"),
        kit.obj(3, "Miner", 40, 112, name="Goro", props={"injured": "no"}),
    ]
    return kit.write("broken.tmx", objects=objects, properties={"seed": -5})


def test_check_map_finds_every_problem_where_the_loader_stops_at_the_first(mapkit):
    path = broken_map(mapkit)

    problems = check_map(path)

    assert [str(p) for p in problems] == [
        f"{path}: map property 'seed' is -5, must be between 0 and 2147483647",
        f"{path}: object 2 (door): unknown class 'Exitt' (did you mean 'Exit'?); "
        "known classes: Spawn, Exit, Miner, CrackZone, Chamber, Brazier, Trigger, Chasm, "
        "Area, Split, SupplyCrate, Camp, Guard, Townsfolk",
        f"{path}: object 3 (Goro): property 'injured' must be of type bool, but it is "
        "string 'no' (in Tiled, right-click it in the Properties panel: Convert To > bool)",
        f"{path}: no Exit object: add at least one rectangle where miners are safe",
    ]
    with pytest.raises(Exception) as caught:
        load_level(path)
    assert str(caught.value) == str(problems[0])


def test_check_map_of_a_good_map_is_empty(mapkit):
    assert check_map(mapkit.write()) == []


def test_check_map_raises_for_a_file_that_is_not_a_map(tmp_path):
    with pytest.raises(UnreadableMap):
        check_map(tmp_path / "missing.tmx")


def test_clean_maps_print_only_the_summary_and_exit_0(mapkit):
    code, out, err = run([mapkit.write("a.tmx"), mapkit.write("b.tmx")])
    assert (code, out, err) == (0, ["2 maps checked, no problems"], [])


def test_problems_print_one_line_each_and_exit_1(mapkit):
    good, bad = mapkit.write("good.tmx"), broken_map(mapkit)

    code, out, err = run([good, bad])

    assert code == 1
    assert err == []
    assert out[-1] == "2 maps checked, 4 problems"
    assert out[:-1] == [str(p) for p in check_map(bad)]
    assert all(line.startswith(f"{bad}: ") for line in out[:-1])
    assert out[1].startswith(f"{bad}: object 2 (door): ")


def test_one_problem_is_singular(mapkit):
    path = mapkit.write(properties={"seed": -1})
    code, out, _ = run([path])
    assert (code, out[-1]) == (1, "1 map checked, 1 problem")


def test_unreadable_file_goes_to_stderr_and_exits_2_even_with_other_problems(mapkit, tmp_path):
    bad = broken_map(mapkit)
    missing = tmp_path / "gone.tmx"
    notxml = tmp_path / "notes.tmx"
    notxml.write_text("hello")

    code, out, err = run([bad, missing, notxml])

    assert code == 2
    assert err[0] == f"{missing}: file not found"
    assert err[1].startswith(f"{notxml}: is not a valid XML file")
    assert len(out) == 5  # the four problems of `bad`, then the summary
    assert out[-1] == "3 maps checked, 4 problems, 2 unreadable"


def test_a_folder_checks_every_map_inside_it(mapkit):
    (mapkit.folder / "sub").mkdir()
    nested = type(mapkit)(mapkit.folder / "sub")  # maps in a subfolder count too
    mapkit.write("one.tmx")
    nested.write("two.tmx")
    broken_map(mapkit)
    code, out, _ = run([mapkit.folder])
    assert code == 1
    assert out[-1] == "3 maps checked, 4 problems"


def test_a_folder_without_maps_or_no_paths_at_all_exit_2(tmp_path):
    code, out, err = run([tmp_path])
    assert (code, err) == (2, [f"{tmp_path}: no .tmx maps in this folder"])
    assert out == ["0 maps checked, no problems, 1 unreadable"]

    code, out, err = run([])
    assert code == 2
    assert err == ["no maps given: name .tmx files or folders to check"]
