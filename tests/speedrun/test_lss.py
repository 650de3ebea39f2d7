"""LiveSplit splits files: what `splits export` writes has the shape of a real LiveSplit file,
`splits import` reads a real one and merges golds only where the segments match, a round trip
changes nothing, and a hostile or broken file is one line and a non-zero exit."""

from pathlib import Path
from xml.etree import ElementTree

import pytest

from game.__main__ import main
from game.files import UnreadableFile
from game.headless import load_map
from game.speedrun.history import BoardHistory
from game.speedrun.lss import (
    GAME_NAME,
    LssRun,
    LssSegment,
    export_lss,
    format_time,
    merge_lss,
    parse_lss,
    parse_time,
    read_lss,
)
from game.speedrun.pbstore import PersonalBests
from game.speedrun.splits import Record, row_names

REAL = Path("tests/data/livesplit/clean_sum_of_best.lss")  # from livesplit-core (README there)
MAP = "maps/great_mine.tmx"
PB_ROWS = (552, 1589, 2172, 3150, 3433, 5657)
GOLDS = (540, 872, 583, 772, 215, 2056)
# Attributes LiveSplit writes on an attempt with dates (LiveSplit's XMLRunSaver/Attempt.cs,
# livesplit-core's saver); the real file's attempts have none.
ATTEMPT_DATES = {"started", "isStartedSynced", "ended", "isEndedSynced"}
# livesplit-core's saver writes each custom variable as <Variable name="...">; the real file
# has none, we keep the map's id in one.
CUSTOM_VARIABLE = "Run/Metadata/CustomVariables/Variable"


@pytest.fixture(scope="module")
def names():
    return row_names(load_map(MAP))


def a_history() -> BoardHistory:
    history = BoardHistory()
    history = history.with_attempt((600, None, None, None, None, None), None, None)
    history = history.with_attempt(PB_ROWS, "2026-11-30T10:00:00Z", "2026-11-30T10:01:35Z")
    return history.with_attempt((560, 1500, None, None, None, None))


def structure(root: ElementTree.Element) -> dict[str, set[str]]:
    """Every element's path from the root, with the attributes seen on it."""
    found: dict[str, set[str]] = {}

    def walk(element, parent):
        path = f"{parent}/{element.tag}" if parent else element.tag
        found.setdefault(path, set()).update(element.attrib)
        for child in element:
            walk(child, path)

    walk(root, "")
    return found


def test_times_read_back_to_the_tick():
    for ticks in (0, 1, 59, 60, 61, 4281, 215999, 10 * 3600 * 60):
        assert parse_time(format_time(ticks)) == ticks
    assert format_time(5057) == "00:01:24.2833333"
    assert parse_time("00:05:20.180831500") == 19211  # livesplit-core's nine digits
    assert parse_time("0.01:00:00") == 3600 * 60  # .NET's days before the hours
    for bad in ("soon", "-00:00:01", "00:61", "1.00:00:00"):  # a day: longer than any run
        with pytest.raises(ValueError):
            parse_time(bad)


def test_our_export_has_the_shape_of_a_real_livesplit_file(names):
    record = Record(PB_ROWS, GOLDS)
    ours = ElementTree.fromstring(export_lss(names, record, a_history(), "all", "great_mine"))
    real = ElementTree.parse(REAL).getroot()
    assert ours.get("version") == real.get("version") == "1.8.0"
    ours_paths, real_paths = structure(ours), structure(real)
    assert set(ours_paths) - set(real_paths) == {CUSTOM_VARIABLE}  # we invent no element
    # everything the real file nests, ours does too, except real times (ours are game time)
    missing = {path for path in real_paths if path not in ours_paths}
    assert all(path.endswith("/RealTime") for path in missing), missing
    for path, attributes in ours_paths.items():
        extra = attributes - real_paths.get(path, {"name"} if path == CUSTOM_VARIABLE else set())
        assert extra <= (ATTEMPT_DATES if path.endswith("/Attempt") else set()), path
    # the Run's children in LiveSplit's order
    assert [child.tag for child in ours] == [child.tag for child in real]


def test_the_export_says_what_livesplit_shows(names):
    record = Record(PB_ROWS, GOLDS)
    text = export_lss(names, record, a_history(), "all", "great_mine")
    root = ElementTree.fromstring(text)
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>')
    assert root.findtext("GameName") == GAME_NAME
    assert root.findtext("CategoryName") == "All Rescued"
    assert root.findtext("AttemptCount") == "3"
    attempts = root.findall("AttemptHistory/Attempt")
    assert [a.get("id") for a in attempts] == ["1", "2", "3"]
    assert attempts[1].findtext("GameTime") == format_time(PB_ROWS[-1])  # finished: its time
    assert attempts[1].get("started") == "11/30/2026 10:00:00"  # LiveSplit's UTC dates
    assert attempts[0].find("GameTime") is None  # reset: no time
    segments = root.findall("Segments/Segment")
    assert [s.findtext("Name") for s in segments] == names
    pb = segments[1].find("SplitTimes/SplitTime[@name='Personal Best']/GameTime")
    assert pb is not None and parse_time(pb.text) == PB_ROWS[1]
    assert parse_time(segments[1].findtext("BestSegmentTime/GameTime")) == GOLDS[1]
    history = segments[1].findall("SegmentHistory/Time")
    assert [(t.get("id"), parse_time(t.findtext("GameTime"))) for t in history] == [
        ("2", PB_ROWS[1] - PB_ROWS[0]),
        ("3", 1500 - 560),
    ]


def test_the_real_file_is_read():
    run = read_lss(REAL)
    assert (run.game, run.category, run.attempt_count) == ("SM64: 120 Star", "100%", 102)
    assert len(run.segments) == 18
    first = run.segments[0]
    assert first.name == "BOB (3)"
    assert first.pb == parse_time("00:05:20.180831500")
    assert first.best == parse_time("00:04:36.112146300")  # its game time, not its real time
    assert run.segments[-1].name == "Done"


def test_export_import_export_round_trips(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("GREAT_MINE_RESCUE_HOME", str(tmp_path / "home"))
    bests = PersonalBests()
    bests.keep_attempt("great_mine", "all", Record(PB_ROWS, GOLDS), a_history())
    first, second = tmp_path / "first.lss", tmp_path / "second.lss"
    assert main(["splits", "export", MAP, "--category", "all", "-o", str(first)]) == 0
    assert main(["splits", "import", str(first), "--map", MAP]) == 0  # into itself
    assert "no best segment was faster than ours" in capsys.readouterr().out
    assert main(["splits", "export", MAP, "--category", "all", "-o", str(second)]) == 0
    assert second.read_text() == first.read_text()

    monkeypatch.setenv("GREAT_MINE_RESCUE_HOME", str(tmp_path / "fresh"))
    assert main(["splits", "import", str(first), "--map", MAP]) == 0  # into no records
    out = capsys.readouterr().out
    assert "matched by name" in out and "personal best: 1:34.28 (was none)" in out
    assert PersonalBests().get("great_mine", "all") == Record(PB_ROWS, GOLDS)
    third = tmp_path / "third.lss"
    assert main(["splits", "export", MAP, "--category", "all", "-o", str(third)]) == 0
    segments = [ElementTree.parse(p).getroot().find("Segments") for p in (first, third)]
    strip_history = [
        [(s.findtext("Name"), s.find("SplitTimes"), s.find("BestSegmentTime")) for s in seg]
        for seg in segments
    ]
    for (name_a, pb_a, best_a), (name_b, pb_b, best_b) in zip(*strip_history, strict=True):
        assert name_a == name_b
        assert ElementTree.tostring(pb_a) == ElementTree.tostring(pb_b)
        assert ElementTree.tostring(best_a) == ElementTree.tostring(best_b)


def test_import_keeps_the_faster_gold_of_each_row_and_a_faster_pb_only():
    ours = Record(PB_ROWS, GOLDS)
    theirs = LssRun(
        "Great Mine Rescue",
        "All Rescued",
        9,
        tuple(
            LssSegment(f"s{i}", pb=None, best=gold - 10 if i % 2 else gold + 10)
            for i, gold in enumerate(GOLDS)
        ),
    )
    merged = merge_lss(ours, theirs)
    assert merged.record.pb_rows == PB_ROWS  # no complete PB in the file: ours stays
    assert merged.record.best_segments == tuple(
        gold - 10 if i % 2 else gold for i, gold in enumerate(GOLDS)
    )
    assert [row for row, _, _ in merged.golds] == [1, 3, 5]
    slower_pb = LssRun("", "", 0, tuple(LssSegment("s", row + 5, None) for row in PB_ROWS))
    assert not merge_lss(ours, slower_pb).pb_taken


def test_import_refuses_segments_that_do_not_match_the_map(tmp_path, monkeypatch, capsys, names):
    monkeypatch.setenv("GREAT_MINE_RESCUE_HOME", str(tmp_path / "home"))
    assert main(["splits", "import", str(REAL), "--map", MAP, "--category", "all"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "18 segments" in err and "nothing merged" in err
    renamed = tmp_path / "renamed.lss"
    text = export_lss(names, Record(PB_ROWS, GOLDS), BoardHistory(), "all", "great_mine")
    renamed.write_text(text.replace(f"<Name>{names[0]}</Name>", "<Name>Somewhere else</Name>"))
    assert main(["splits", "import", str(renamed), "--map", MAP]) == 1
    assert "names differ" in capsys.readouterr().err
    assert PersonalBests().get("great_mine", "all") == Record()  # untouched
    assert main(["splits", "import", str(renamed), "--map", MAP, "--by-position"]) == 0
    assert PersonalBests().get("great_mine", "all") == Record(PB_ROWS, GOLDS)


BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
<Run version="1.8.0"><GameName>&lol2;</GameName></Run>"""
EXTERNAL = b"""<?xml version="1.0"?>
<!DOCTYPE Run [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><Run><GameName>&xxe;</GameName></Run>"""
SEGMENT = b"<Segments><Segment><Name>a</Name><BestSegmentTime><GameTime>%s</GameTime>"
SEGMENT += b"</BestSegmentTime></Segment></Segments>"


@pytest.mark.parametrize(
    "data, problem",
    [
        (BOMB, "DOCTYPE"),
        (EXTERNAL, "DOCTYPE"),
        (b"<Run>" * 100 + b"</Run>" * 100, "deeper"),
        (b"not xml at all", "not a valid XML file"),
        (BOMB.decode().replace('"1.0"', '"1.0" encoding="UTF-16"', 1).encode("utf-16"), "UTF-8"),
        (b'<?xml version="1.0" encoding="cp500"?><Run/>', "encoding"),
        (b"<Run><GameName>\xff</GameName></Run>", "UTF-8"),
        (b"<Layout version='1.6'/>", "not a LiveSplit splits file"),
        (b"<Run version='1.8.0'><Segments/></Run>", "no segments"),
        (b"<Run>" + SEGMENT % b"12:xx" + b"</Run>", "not a time"),
        (b"<Run>" + SEGMENT % b"-00:00:05" + b"</Run>", "negative"),
        (b"<Run><AttemptCount>lots</AttemptCount>" + SEGMENT % b"00:00:01" + b"</Run>", "count"),
    ],
)
def test_a_hostile_or_broken_file_is_one_line_and_exit_2(tmp_path, capsys, data, problem):
    path = tmp_path / "run.lss"
    path.write_bytes(data)
    with pytest.raises(UnreadableFile, match=problem):
        parse_lss(data, path)
    assert main(["splits", "import", str(path), "--map", MAP]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and str(path) in err and "Traceback" not in err


def test_a_file_too_large_is_refused_before_it_is_read(tmp_path, monkeypatch, capsys):
    import game.speedrun.lss as lss

    monkeypatch.setattr(lss, "MAX_LSS_BYTES", 1000)
    path = tmp_path / "big.lss"
    path.write_bytes(b"<Run>" + b" " * 2000 + b"</Run>")
    assert main(["splits", "import", str(path), "--map", MAP]) == 2
    assert "big.lss" in capsys.readouterr().err


def test_export_to_a_bad_place_is_one_line(tmp_path, capsys):
    assert main(["splits", "export", MAP, "-o", str(tmp_path / "run.txt")]) == 2
    assert "saved as .lss" in capsys.readouterr().err
    assert main(["splits", "export", "maps/nowhere.tmx", "-o", str(tmp_path / "a.lss")]) == 1
    assert "nowhere.tmx" in capsys.readouterr().err
