"""Self-contained replays: a run carries its map, so a moderator without the map (or with
another version of it) still verifies it, and is told which map was used. A hostile bundle
is refused with one line."""

import dataclasses
import os
import shutil
import zlib
from pathlib import Path

import pytest

from game.__main__ import main
from game.level.chain import load_run
from game.level.tiled import load_level
from game.sim.world import World
from game.speedrun import embed
from game.speedrun.digest import map_digest
from game.speedrun.recorder import RunRecorder, carries_map, embedded_files
from game.speedrun.replay import _SECTION, ReplayError, dumps, loads, read_replay
from game.speedrun.verify import check_replay_file

ROOT = Path(__file__).resolve().parent.parent.parent
TUTORIAL = ROOT / "maps" / "tutorial.tmx"
DEMO = ROOT / "maps" / "demos" / "tutorial.inputs"
TOWN = ROOT / "maps" / "boulder_town.tmx"
SHORT_TICKS = 300


@pytest.fixture
def custom_map(tmp_path) -> Path:
    """A user's map: the tutorial under another name, outside the game's maps folder (its
    tileset is found as the game's own, as for any map moved out of maps/)."""
    path = tmp_path / "maps" / "custom.tmx"
    path.parent.mkdir()
    shutil.copy(TUTORIAL, path)
    return path


def _short_run(map_path: Path, embed_map=True):
    """A run of SHORT_TICKS ticks holding right, reset there, as the play screen records."""
    level = load_level(map_path)
    recorder = RunRecorder(map_path, level, "any", embed_map=embed_map)
    world = World(level)
    for _ in range(SHORT_TICKS):
        world.step(2)
        recorder.record(2, world)
    return recorder.finish(world)


def _save(tmp_path: Path, replay, name="run.gmr") -> Path:
    path = tmp_path / name
    path.write_bytes(dumps(replay))
    return path


def test_a_replay_recorded_with_embed_map_verifies_with_the_map_deleted(
    custom_map, tmp_path, capsys
):
    run = tmp_path / "run.gmr"
    argv = ["replay", "record", str(custom_map), str(DEMO), "--embed-map", "-o", str(run)]
    assert main(argv) == 0
    names = [name for name, _ in read_replay(run).embedded]
    assert names == ["custom.tmx", "mine_tiles.png", "mine_tiles.tsx"]
    os.remove(custom_map)
    capsys.readouterr()

    assert main(["verify", str(run)]) == 0
    assert "OK: every claim matches" in capsys.readouterr().out
    report = check_replay_file(str(run))
    assert report.verdict == "verified"
    assert report.map_used == "embedded (the named map is missing)"


def test_the_embedded_map_is_used_when_the_named_one_differs_and_the_report_says_so(
    custom_map, tmp_path
):
    run = _save(tmp_path, _short_run(custom_map))
    text = custom_map.read_text(encoding="utf-8")
    custom_map.write_text(
        text.replace('name="seed" type="int" value="1"', 'name="seed" type="int" value="2"'),
        encoding="utf-8",
    )
    assert map_digest(load_level(custom_map)) != read_replay(run).map_digest
    report = check_replay_file(str(run), str(custom_map))
    assert report.verdict == "verified"
    assert report.map_used == "embedded (the named map differs)"
    # with the same map, the file is used as always
    shutil.copy(TUTORIAL, custom_map)
    same = check_replay_file(str(run), str(custom_map))
    assert same.verdict == "verified" and same.map_used == f"file {custom_map}"


def test_without_an_embedded_map_a_missing_map_is_unreadable_as_before(custom_map, tmp_path):
    run = _save(tmp_path, _short_run(custom_map, embed_map=False))
    os.remove(custom_map)
    report = check_replay_file(str(run))
    assert report.verdict == "unreadable" and "no such map file for map 'custom'" in report.error


def test_the_bundle_loads_as_the_very_level_played(custom_map):
    level = load_level(custom_map)
    files = embedded_files(level)
    assert embed.bundle_digest(files, chain=False) == map_digest(level)
    assert dict(files)["mine_tiles.png"] == b""  # pictures are never carried


def test_a_chained_run_carries_every_map_of_its_chain():
    level = load_run(TOWN)
    files = embedded_files(level)
    names = [name for name, _ in files]
    assert names[:2] == ["boulder_town.tmx", "great_mine.tmx"]
    assert {"town_tiles.tsx", "mine_tiles.tsx", "guard.tx", "spawn.tx"} <= set(names)
    assert all(not data for name, data in files if name.endswith(".png"))
    assert b'value="great_mine.tmx"' in dict(files)["boulder_town.tmx"]  # next_map, plain
    assert embed.bundle_digest(files, chain=True) == map_digest(level)


def test_only_user_maps_travel_with_the_games_own_replays(custom_map):
    assert carries_map(load_level(custom_map))
    assert not carries_map(load_level(TUTORIAL))  # every copy of the game has it


def test_a_map_saved_again_since_it_was_loaded_is_not_embedded(custom_map):
    level = load_level(custom_map)
    text = custom_map.read_text(encoding="utf-8")
    custom_map.write_text(text.replace('value="600"', 'value="601"', 1), encoding="utf-8")
    with pytest.raises(embed.EmbedError, match="changed on disk since it was loaded"):
        embedded_files(level)


def test_record_with_embed_map_of_a_map_that_cannot_travel_is_one_line(
    custom_map, tmp_path, capsys, monkeypatch
):
    from game.speedrun import recorder

    def clash(level):
        raise embed.EmbedError(f"{level.path}: two different files are both named 'a.tsx'")

    monkeypatch.setattr(recorder, "embedded_files", clash)
    out = tmp_path / "never.gmr"
    argv = ["replay", "record", str(custom_map), str(DEMO), "--embed-map", "-o", str(out)]
    assert main(argv) == 2
    err = capsys.readouterr().err
    clashing = "two different files are both named 'a.tsx'"
    assert err == f"cannot embed the map: {custom_map}: {clashing}\n"
    assert not out.exists()


# --- hostile bundles ----------------------------------------------------------------------------
@pytest.fixture(scope="module")
def plain_run():
    level = load_level(TUTORIAL)
    recorder = RunRecorder(TUTORIAL, level, "any")
    world = World(level)
    for _ in range(60):
        world.step(2)
        recorder.record(2, world)
    return recorder.finish(world)


def _refusal(replay) -> str:
    with pytest.raises(ReplayError) as caught:
        loads(dumps(replay), "run.gmr")
    message = str(caught.value)
    assert message.startswith("run.gmr: ") and "\n" not in message
    return message


@pytest.mark.parametrize(
    "name",
    [
        "../evil.tmx",
        "/etc/evil.tmx",
        "sub/evil.tmx",
        "sub\\evil.tmx",
        "C:evil.tmx",
        ".hidden.tmx",
        "evil.py",
        "..",
        "",
        "x" * 200 + ".tmx",
        "evil\0.tmx",
    ],
)
def test_a_bundle_file_that_is_not_a_plain_name_is_refused(plain_run, name):
    bad = dataclasses.replace(plain_run, embedded=((name, b"<map/>"),))
    assert "not a plain name" in _refusal(bad)


def test_a_doctype_or_entity_bomb_is_refused(plain_run):
    laughs = (
        b'<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
        + b"".join(
            f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10}">'.encode() for i in range(1, 10)
        )
        + b"]>\n<map>&lol9;</map>"
    )
    bad = dataclasses.replace(plain_run, embedded=(("custom.tmx", laughs),))
    assert "declares a DOCTYPE or entity" in _refusal(bad)


@pytest.mark.parametrize(
    ("files", "problem"),
    [
        ((("custom.tmx", b"<map/>"), ("CUSTOM.tmx", b"<map/>")), "two files named"),
        ((("tiles.tsx", b"<tileset/>"),), "holds no .tmx map"),
        ((("custom.tmx", b"<map/>"), ("tiles.png", b"\x89PNG")), "carries a picture"),
        ((("custom.tmx", "<map/>".encode("utf-16")),), "not UTF-8 text"),
    ],
)
def test_a_bundle_that_no_map_is_made_of_is_refused(plain_run, files, problem):
    assert problem in _refusal(dataclasses.replace(plain_run, embedded=files))


def _with_maps_section(replay, raw_len: int, packed: bytes) -> bytes:
    return dumps(replay) + _SECTION.pack(b"MAPS", raw_len, len(packed)) + packed


def test_an_oversize_or_damaged_bundle_is_refused(plain_run):
    with pytest.raises(ReplayError, match="MAPS declares .* too many"):
        loads(_with_maps_section(plain_run, embed.MAX_BUNDLE_BYTES + 1, b"x"), "run.gmr")
    bomb = zlib.compress(bytes(16 * 1024 * 1024))
    with pytest.raises(ReplayError, match="decompresses to more than its header declares"):
        loads(_with_maps_section(plain_run, 1000, bomb), "run.gmr")
    with pytest.raises(ReplayError, match="section MAPS is damaged"):
        loads(_with_maps_section(plain_run, 1000, b"garbage, not zlib"), "run.gmr")


def test_an_embedded_file_that_is_no_usable_map_makes_the_replay_unreadable(plain_run, tmp_path):
    broken = dataclasses.replace(
        plain_run, map_id="nowhere", embedded=(("nowhere.tmx", b"<map>not a map</map>"),)
    )
    run = _save(tmp_path, broken)
    report = check_replay_file(str(run))
    assert report.verdict == "unreadable"
    assert report.error.startswith(f"{run}: embedded map: nowhere.tmx: ")
    assert "\n" not in report.error and "gmr-embedded" not in report.error


def test_extraction_writes_only_inside_a_fresh_folder(tmp_path):
    escape = (("../escape.tmx", b"<map/>"),)
    with pytest.raises(ValueError, match="not a plain name"), embed.extracted(escape):
        pass
    assert not (tmp_path.parent / "escape.tmx").exists()
    with embed.extracted((("a.tmx", b"<map/>"), ("b.png", b""))) as first:
        folder = first.parent
        assert sorted(os.listdir(folder)) == ["a.tmx", "b.png"]
        assert (folder / "b.png").read_bytes().startswith(b"\x89PNG")
    assert not folder.exists()


def test_a_played_run_on_a_user_map_saves_a_replay_that_carries_it(
    custom_map, tmp_path, monkeypatch
):
    """The play screen's path: the session records each step with its world (checkpoints and
    trail), and a user map goes into the replay without being asked."""
    from game.speedrun.intro import close_opening_boxes
    from game.speedrun.session import SpeedrunSession

    monkeypatch.setenv("GREAT_MINE_RESCUE_HOME", str(tmp_path / "home"))
    session = SpeedrunSession(load_level(custom_map))
    world = session.start("any")
    skipped = close_opening_boxes(world, session.record_input)  # as a restart does
    assert skipped > 0
    for _ in range(SHORT_TICKS):
        reached = len(world.split_ticks)
        world.step(2)
        session.stepped(world, 2, (0, 0), reached)
    session.end_attempt(world)
    (saved,) = (tmp_path / "home" / "replays").glob("*.gmr")
    replay = read_replay(saved)
    assert [name for name, _ in replay.embedded][0] == "custom.tmx"
    assert [tick for tick, _ in replay.checkpoints] == [skipped + SHORT_TICKS]
    # the skipped intro's ticks were recorded before their steps: the trail starts after them
    assert (replay.trail.first_tick, replay.trail.samples) == (skipped + 1, SHORT_TICKS)
    os.remove(custom_map)
    report = check_replay_file(str(saved))
    assert report.verdict == "verified", report.mismatches
    assert report.map_used == "embedded (the named map is missing)"


@pytest.mark.parametrize(
    "reference",
    [
        '<tileset firstgid="1" source="../../outside.tsx"/>',
        '<tileset firstgid="1" source="/etc/tiles.tsx"/>',
        '<objectgroup><object id="1" template="templates/spawn.tx"/></objectgroup>',
        '<properties><property name="next_map" value="../great_mine.tmx"/></properties>',
    ],
)
def test_a_carried_map_pointing_outside_its_bundle_is_unreadable(plain_run, tmp_path, reference):
    text = f'<?xml version="1.0"?>\n<map>{reference}</map>\n'.encode()
    broken = dataclasses.replace(plain_run, map_id="away", embedded=(("away.tmx", text),))
    report = check_replay_file(str(_save(tmp_path, broken)))
    assert report.verdict == "unreadable" and "which is not in the embedded map" in report.error
    assert "\n" not in report.error
