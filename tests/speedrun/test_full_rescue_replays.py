"""A chained run (`--chain`, the Full Rescue) on the command line: `simulate` and `replay
record` take the chain as they take a map, its replay names every map of the chain with its
digest, and `verify` re-loads the chain from the first map and names a map that changed."""

from pathlib import Path

import pytest
from chain_kit import PIT_OBJECTS, SPLIT_NAMES, ChainKit, obj, write_chain

from game.__main__ import main
from game.level.chain import load_run
from game.level.tiled import load_level
from game.speedrun.digest import map_digest, run_id
from game.speedrun.replay import read_replay
from game.speedrun.verify import verify_replay


@pytest.fixture
def town(tmp_path) -> Path:
    return write_chain(tmp_path)


@pytest.fixture
def script(tmp_path) -> Path:
    path = tmp_path / "right.inputs"
    path.write_text("0 right\n")
    return path


def record(town: Path, script: Path, out: Path, *extra: str) -> int:
    return main(["replay", "record", str(town), str(script), "-o", str(out), *extra])


def test_a_chained_replay_names_every_map_and_verifies(town, script, tmp_path, capsys):
    out = tmp_path / "run.gmr"
    assert record(town, script, out, "--chain", "--category", "any") == 0
    replay = read_replay(out)
    assert replay.map_id == "town.chain"
    pit = town.parent / "pit.tmx"
    assert replay.chain == (
        ("town", map_digest(load_level(town))),
        ("pit", map_digest(load_level(pit))),
    )
    assert replay.map_digest == map_digest(load_run(town))
    assert len(replay.split_ticks) == len(SPLIT_NAMES) and replay.times["any"] > 0
    capsys.readouterr()
    assert main(["verify", str(out), "--map", str(town)]) == 0
    shown = capsys.readouterr().out
    assert "the chain town + pit" in shown and "OK: every claim matches" in shown
    assert main(["replay", "export", str(out)]) == 0
    assert "map town + pit" in capsys.readouterr().out


def test_a_changed_map_of_the_chain_is_named_by_verify(town, script, tmp_path, capsys):
    out = tmp_path / "run.gmr"
    assert record(town, script, out, "--chain") == 0
    moved = [o for o in PIT_OBJECTS if "Ilya" not in o] + [obj(3, "Miner", 210, 112, name="Ilya")]
    ChainKit(tmp_path).pit(objects=moved)
    capsys.readouterr()
    assert main(["verify", str(out), "--map", str(town)]) == 1
    shown = capsys.readouterr().out
    assert "MISMATCH map digest: the replay was made on another version of map 'pit'" in shown
    assert "map 'town'" not in shown


def test_verify_finds_the_first_map_in_maps_and_the_rest_beside_it(
    town, script, tmp_path, monkeypatch, capsys
):
    from game.speedrun import verify

    out = tmp_path / "run.gmr"
    assert record(town, script, out, "--chain") == 0
    monkeypatch.setattr(verify, "MAPS_DIR", town.parent)
    assert main(["verify", str(out)]) == 0
    (town.parent / "pit.tmx").unlink()
    capsys.readouterr()
    assert main(["verify", str(out)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "town.tmx: map property 'next_map' is 'pit.tmx'" in err[0]


def test_a_one_map_replay_has_no_chain_in_its_header(town, script, tmp_path):
    out = tmp_path / "alone.gmr"
    assert record(town.parent / "pit.tmx", script, out) == 0
    assert b'"chain"' not in out.read_bytes()
    replay = read_replay(out)
    assert replay.chain == () and replay.map_id == "pit"
    assert verify_replay(replay, load_level(town.parent / "pit.tmx")).ok


def test_a_chain_replay_does_not_verify_on_the_first_map_alone(town, script, tmp_path):
    out = tmp_path / "run.gmr"
    assert record(town, script, out, "--chain") == 0
    verdict = verify_replay(read_replay(out), load_level(town))
    assert any(line.startswith("chain: replay says town + pit") for line in verdict.mismatches)


def test_simulate_takes_the_chain_as_it_takes_a_map(town, script, capsys):
    assert main(["simulate", str(town), "--chain", "--ticks", "3000", "--inputs", str(script)]) == 0
    chained = capsys.readouterr().out
    assert '"finished": true' in chained and '"rescued": 1' in chained
    assert main(["simulate", str(town), "--ticks", "600", "--inputs", str(script)]) == 0
    alone = capsys.readouterr().out
    assert '"total": 0' in alone  # the town alone: its exit ends it, nobody to rescue


def test_a_chain_naming_a_missing_map_is_one_line_and_exit_1(tmp_path, script, capsys):
    town = ChainKit(tmp_path).town(next_map="nowhere.tmx")
    for argv in (
        ["simulate", str(town), "--chain", "--ticks", "10"],
        ["replay", "record", str(town), str(script), "--chain", "-o", str(tmp_path / "x.gmr")],
    ):
        assert main(argv) == 1
        err = capsys.readouterr().err.strip().splitlines()
        assert err == [
            f"{town}: map property 'next_map' is 'nowhere.tmx', but there is no such map beside it"
        ]
    assert not (tmp_path / "x.gmr").exists()


def test_the_run_id_of_a_chain_is_not_its_first_maps(town):
    assert run_id(load_level(town)) == "town"
    assert run_id(load_run(town)) == "town.chain"


@pytest.mark.parametrize(
    ("chain", "problem"),
    [
        ("boulder_town", "header field 'chain' must list 2 to 16 maps"),
        ([{"map_id": "a", "map_digest": "x"}], "header field 'chain' must list 2 to 16 maps"),
        ([{"map_id": "../../etc", "map_digest": "x"}] * 2, "header field 'map_id' is not a map"),
        (["a", "b"], "header field 'chain' must hold objects"),
        ([{"map_id": "a", "map_digest": 5}] * 2, "header field 'map_digest' must be a short"),
    ],
)
def test_a_damaged_chain_in_the_header_is_one_line(town, script, tmp_path, chain, problem):
    import json
    import struct

    from game.speedrun.replay import ReplayError, loads

    out = tmp_path / "run.gmr"
    assert record(town, script, out, "--chain") == 0
    data = out.read_bytes()
    (length,) = struct.unpack_from("<I", data, 9)
    header = json.loads(data[13 : 13 + length])
    header["chain"] = chain
    blob = json.dumps(header).encode()
    forged = data[:9] + struct.pack("<I", len(blob)) + blob + data[13 + length :]
    with pytest.raises(ReplayError) as error:
        loads(forged, "forged.gmr")
    assert str(error.value).startswith(f"forged.gmr: {problem}")
    assert "\n" not in str(error.value)
