"""The reading gate and the one atomic writer: whatever a user's file is, one clear line."""

import os
import time

import pytest

from game import files
from game.files import MissingFile, UnreadableFile

posix_only = pytest.mark.skipif(os.name != "posix", reason="FIFOs and /dev are POSIX")


def _problem(call, *args) -> str:
    with pytest.raises(UnreadableFile) as caught:
        call(*args)
    return str(caught.value)


# --- what is read ------------------------------------------------------------------------------
def test_a_missing_file_is_its_own_kind_of_problem(tmp_path):
    with pytest.raises(MissingFile, match="no such settings file"):
        files.read_bytes(tmp_path / "none.json", 100, "settings file")


@posix_only
def test_a_fifo_is_refused_at_once_instead_of_waiting_for_a_writer(tmp_path):
    fifo = tmp_path / "settings.json"
    os.mkfifo(fifo)
    # A blocking open would never return here (nobody writes): the test would hang.
    assert "is a named pipe (FIFO), not a settings file" in _problem(
        files.read_bytes, fifo, 100, "settings file"
    )


@posix_only
def test_a_device_is_refused_even_behind_a_symlink(tmp_path):
    link = tmp_path / "script.inputs"
    link.symlink_to("/dev/zero")
    assert "is a device, not an input script" in _problem(
        files.read_bytes, link, 100, "input script"
    )


def test_a_symlink_to_a_regular_file_is_followed(tmp_path):
    real = tmp_path / "real.json"
    real.write_bytes(b"{}")
    link = tmp_path / "link.json"
    try:
        link.symlink_to(real)
    except OSError:
        pytest.skip("no symlinks here")
    assert files.read_bytes(link, 100) == b"{}"


def test_a_folder_is_refused(tmp_path):
    assert "is a folder, not a replay file" in _problem(
        files.read_bytes, tmp_path, 100, "replay file"
    )


def test_the_size_is_checked_before_anything_is_read(tmp_path):
    huge = tmp_path / "huge.json"
    with open(huge, "wb") as out:
        out.truncate(10 * 1024**3)  # 10 GiB, sparse: reading it would take minutes
    line = _problem(files.read_bytes, huge, 1024, "ghost file")
    assert line == f"{huge}: is 10,737,418,240 bytes; a ghost file is at most 1,024 bytes"


def test_text_must_be_utf8_and_the_message_says_where_it_is_not(tmp_path):
    path = tmp_path / "pb.json"
    path.write_bytes(b'{\n "name": "caf\xe9"\n}')  # latin-1
    assert "is not UTF-8 text (byte 0xe9 on line 2)" in _problem(files.read_text, path, 100)


def test_a_byte_order_mark_is_allowed(tmp_path):
    path = tmp_path / "pb.json"
    path.write_bytes(b"\xef\xbb\xbf{}")
    assert files.read_text(path, 100) == "{}"


# --- JSON --------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("[" * 2000 + "]" * 2000, "nested deeper than 32 levels"),
        ('{"a": ' + "[" * 40 + "]" * 40 + "}", "nested deeper than 32 levels"),
        ('{"scale": ' + "9" * 5000 + "}", "holds a number of 5,000 digits"),
        ('{"v": NaN}', "holds NaN"),
        ('{"v": -Infinity}', "holds -Infinity"),
        ('{"v": 1e999}', "holds the number 1e999, too large to use"),
        ('{"map_id": "\\ud800"}', "lone surrogate"),
        ('{"\\udfff": 1}', "lone surrogate"),
        ("{not json", "is not valid JSON (line 1 column 2"),
    ],
)
def test_json_that_no_file_of_ours_holds_is_one_line(text, says):
    line = _problem(files.parse_json, text, "f.json")
    assert line.startswith("f.json: ") and says in line and "\n" not in line


def test_brackets_inside_strings_do_not_count_as_nesting():
    text = '{"note": "' + "[" * 500 + '"}'
    assert files.parse_json(text, "f.json") == {"note": "[" * 500}


def test_ordinary_json_is_read_as_json():
    data = files.parse_json('{"a": [1, -2.5, true, null, "x"], "seed": 18446744073709551615}', "f")
    assert data == {"a": [1, -2.5, True, None, "x"], "seed": 2**64 - 1}


# --- XML ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("data", "says"),
    [
        (b'<?xml version="1.0" encoding="x-nope"?><map/>', "unknown text encoding"),
        (b"<map>" + b"<group>" * 1000 + b"</group>" * 1000 + b"</map>", "deeper than 64"),
        (b"", "not a valid XML file"),
        (b"<map>", "not a valid XML file"),
    ],
)
def test_xml_that_would_crash_a_reader_is_one_line(data, says):
    assert says in _problem(files.parse_xml, data, "m.tmx")


def test_entity_expansion_bombs_are_refused():
    entities = '<!ENTITY a "' + "x" * 50 + '">'
    for level in "bcdefgh":
        previous = chr(ord(level) - 1)
        entities += f'<!ENTITY {level} "' + f"&{previous};" * 10 + '">'
    bomb = f"<!DOCTYPE m [{entities}]><m>&h;</m>".encode()
    assert "not a valid XML file" in _problem(files.parse_xml, bomb, "m.tmx")


# --- writing -----------------------------------------------------------------------------------
def test_atomic_write_replaces_the_file_whole_and_leaves_no_temporary(tmp_path):
    target = tmp_path / "pb.json"
    target.write_text("old")
    assert files.atomic_write(target, "new") == target
    assert target.read_text() == "new"
    assert [p.name for p in tmp_path.iterdir()] == ["pb.json"]


@posix_only
def test_atomic_write_never_replaces_a_device_or_fifo(tmp_path):
    fifo = tmp_path / "run.gmr"
    os.mkfifo(fifo)
    assert "is a named pipe (FIFO); only a regular file is written" in _problem(
        files.atomic_write, fifo, b"replay"
    )
    assert fifo.is_fifo()
    assert [p.name for p in tmp_path.iterdir()] == ["run.gmr"]


def test_atomic_write_through_a_symlink_writes_its_target(tmp_path):
    real = tmp_path / "real.json"
    real.write_text("old")
    link = tmp_path / "link.json"
    try:
        link.symlink_to(real)
    except OSError:
        pytest.skip("no symlinks here")
    files.atomic_write(link, "new")
    assert link.is_symlink() and real.read_text() == "new"


def test_a_file_that_could_not_be_read_nor_moved_is_never_written_over(tmp_path, monkeypatch):
    target = tmp_path / "settings.json"
    target.write_bytes(b"\xff precious")
    monkeypatch.setattr(files, "_kept_unwritten", set())
    files.keep_unwritten(target)
    assert "not written over" in _problem(files.atomic_write, target, "{}")
    assert target.read_bytes() == b"\xff precious"


def test_temporaries_a_crash_left_are_cleaned_but_fresh_ones_and_others_are_not(tmp_path):
    stale = tmp_path / ".personal_bests.json.a8f3k2.tmp"
    fresh = tmp_path / ".settings.json.z9y8x7.tmp"  # another game's save in progress
    mine = tmp_path / "notes.tmp"  # not ours: no hidden name
    for path in (stale, fresh, mine):
        path.write_bytes(b"x" * 1000)
    now = time.time()
    os.utime(stale, (now - 3600, now - 3600))
    os.utime(mine, (now - 3600, now - 3600))
    assert files.clean_stale_temps([tmp_path, tmp_path / "missing"], now=now) == [stale]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([fresh.name, mine.name])


def test_setting_aside_never_overwrites_an_older_bad_file(tmp_path):
    path = tmp_path / "pb.json"
    (tmp_path / "pb.json.bad").write_text("first broken file")
    path.write_text("second broken file")
    moved = files.set_aside(path, now=time.mktime((2026, 12, 1, 4, 30, 0, 0, 0, -1)))
    assert moved == tmp_path / "pb.json.bad-20261201-043000"
    assert moved.read_text() == "second broken file"
    assert (tmp_path / "pb.json.bad").read_text() == "first broken file"
    assert not path.exists()


def test_setting_aside_a_file_that_cannot_move_says_so(tmp_path):
    assert files.set_aside(tmp_path / "gone.json") is None


def test_a_path_with_a_nul_byte_is_one_line_too():
    assert "cannot be read" in _problem(files.read_bytes, "map\0.tmx", 100, "map")


def test_big_files_are_read_whole_in_pieces(tmp_path):
    path = tmp_path / "big.tmx"
    path.write_bytes(b"x" * (files.READ_CHUNK * 2 + 5))
    assert len(files.read_bytes(path, files.READ_CHUNK * 3)) == files.READ_CHUNK * 2 + 5


def test_xml_with_more_tags_than_allowed_is_refused_before_parsing():
    line = _problem(files.parse_xml, b"<m>" + b"<a/>" * 50 + b"</m>", "m.tmx", 64, 40, "map")
    assert line == "m.tmx: holds 52 XML tags; a map holds at most 40"
