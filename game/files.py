"""The one gate every file a user can hand the game passes through, and the one way it writes.

A user's files (settings, personal bests, ghosts, replays, maps, tilesets, templates, input
scripts) may be anything: a FIFO that never answers, `/dev/zero`, a 2 GB file, JSON nested
two thousand deep, a 5,000-digit number, latin-1 where UTF-8 belongs. Reading goes through
here so that each of those is one `UnreadableFile` line naming the file and the problem:

- only regular files are read (a symlink is followed only to a regular file); the check is
  made on the opened descriptor, opened without blocking, so a FIFO cannot hang the game;
- the size is checked before reading, and never more than the cap is read;
- text is decoded as strict UTF-8 (a leading byte-order mark is allowed);
- JSON is refused when nested too deep, when a number is absurdly long or not finite, or
  when a string holds a lone surrogate (it could not even be printed).

Writing is atomic: the new file is written beside the old, flushed to the disk, then renamed
over it, so a crash or a kill leaves the old file or the new, never half of one; and it never
writes over anything but a regular file (a device node, a FIFO or a folder stays as it is).
A crash can still leave a temporary file behind: `clean_stale_temps` removes those at the
next start. A file the game cannot read is set aside (`set_aside`), never overwritten.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import stat
import time
from collections.abc import Iterator
from pathlib import Path
from typing import cast
from xml.etree import ElementTree

KIB = 1024
MIB = 1024 * KIB
MAX_JSON_DEPTH = 32  # every file of ours nests 4 deep at most
MAX_NUMBER_DIGITS = 40  # a 64-bit seed has 20; more is a broken or hostile file
TEMP_PREFIX = "."  # temporary files are ".NAME.RANDOM.tmp" beside NAME
TEMP_SUFFIX = ".tmp"
STALE_TEMP_SECONDS = 60.0  # older than any save takes: left by a crash
READ_CHUNK = MIB


MAX_PROBLEM_CHARS = 200  # a problem quotes the file at most this much: one line, readable


def shown(value, limit: int = 40) -> str:
    """A value from a user's file, for a message: as JSON (quoted, escaped, on one line),
    cut to `limit` characters."""
    try:
        text = json.dumps(value)
    except (TypeError, ValueError):
        text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


class UnreadableFile(ValueError):
    """A user's file that cannot be used. str() is one line: the file, then the problem."""

    def __init__(self, path: str | os.PathLike, problem: str):
        self.path = os.fspath(path)
        if len(problem) > MAX_PROBLEM_CHARS:
            problem = problem[: MAX_PROBLEM_CHARS - 3] + "..."
        self.problem = problem.replace("\n", " ")
        super().__init__(f"{self.path}: {self.problem}")


class MissingFile(UnreadableFile):
    """The file is not there (often no problem at all: no settings saved yet)."""


# --- reading -----------------------------------------------------------------------------------
def _a(what: str) -> str:
    return f"an {what}" if what[:1].lower() in "aeiou" else f"a {what}"


def kind_of(mode: int) -> str:
    """What a file of this `st_mode` is, in words for a message: "a named pipe (FIFO)"."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def _open_checked(shown: str, limit: int, what: str) -> int:
    """A descriptor of the regular file at `shown`, at most `limit` bytes long, opened without
    blocking (a FIFO cannot hang us) and checked on the descriptor itself (no swap between a
    look and an open)."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(shown, flags)
    except FileNotFoundError:
        raise MissingFile(shown, f"no such {what}") from None
    except IsADirectoryError:
        raise UnreadableFile(shown, f"is a folder, not {_a(what)}") from None
    except OSError as error:
        raise UnreadableFile(shown, f"cannot be read ({_reason(error)})") from None
    except ValueError as error:  # a NUL byte in the path, which no file can have
        raise UnreadableFile(shown, f"cannot be read ({error})") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise UnreadableFile(shown, f"is {kind_of(info.st_mode)}, not {_a(what)}")
        if info.st_size > limit:
            raise UnreadableFile(
                shown, f"is {info.st_size:,} bytes; {_a(what)} is at most {limit:,} bytes"
            )
    except BaseException:
        os.close(fd)
        raise
    return fd


def _read_up_to(fd: int, count: int) -> bytes:
    chunks, size = [], 0
    while size < count:
        # Asked for in pieces: os.read sets aside all it is asked for, whatever comes.
        chunk = os.read(fd, min(count - size, READ_CHUNK))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


def read_bytes(path: str | os.PathLike, limit: int, what: str = "file") -> bytes:
    """The whole file, at most `limit` bytes of it. Raises `MissingFile` when it is not there
    and `UnreadableFile` for anything else: not a regular file, too large, unreadable."""
    shown = os.fspath(path)
    fd = _open_checked(shown, limit, what)
    try:
        data = _read_up_to(fd, limit + 1)
    except OSError as error:
        raise UnreadableFile(shown, f"cannot be read ({_reason(error)})") from None
    finally:
        os.close(fd)
    if len(data) > limit:  # it grew while we read it
        raise UnreadableFile(shown, f"is over {limit:,} bytes; {_a(what)} is at most that")
    return data


def read_head(path: str | os.PathLike, count: int, limit: int, what: str = "file") -> bytes:
    """The first `count` bytes of a file that passes the checks of `read_bytes` (a regular
    file of at most `limit` bytes): a header, without reading the rest."""
    shown = os.fspath(path)
    fd = _open_checked(shown, limit, what)
    try:
        return _read_up_to(fd, count)
    except OSError as error:
        raise UnreadableFile(shown, f"cannot be read ({_reason(error)})") from None
    finally:
        os.close(fd)


def decode_text(data: bytes, path: str | os.PathLike) -> str:
    """Strict UTF-8 (a leading byte-order mark is dropped); `UnreadableFile` saying where the
    first byte that is not UTF-8 sits."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        byte = data[error.start]
        raise UnreadableFile(
            path, f"is not UTF-8 text (byte 0x{byte:02x} on line {line}); save it as UTF-8"
        ) from None
    return text.removeprefix("\ufeff")


def read_text(path: str | os.PathLike, limit: int, what: str = "file") -> str:
    return decode_text(read_bytes(path, limit, what), path)


# --- JSON --------------------------------------------------------------------------------------
_JSON_TOKENS = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')


class _Refused(ValueError):
    pass


def _parse_int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_NUMBER_DIGITS:
        raise _Refused(f"holds a number of {len(text.lstrip('-')):,} digits")
    return int(text)


def _parse_float(text: str) -> float:
    if len(text) > MAX_NUMBER_DIGITS * 2:
        raise _Refused(f"holds a number written with {len(text):,} characters")
    value = float(text)
    if value in (float("inf"), float("-inf")):
        raise _Refused(f"holds the number {text[:20]}, too large to use")
    return value


def _parse_constant(name: str):
    raise _Refused(f"holds {name}, which is not a number JSON allows")


def json_depth(text: str, stop_at: int = MAX_JSON_DEPTH) -> int:
    """How deep arrays and objects nest (strings skipped), counted without recursion; stops
    counting once past `stop_at`."""
    depth = deepest = 0
    for match in _JSON_TOKENS.finditer(text):
        token = match.group()
        if token in "[{":
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > stop_at:
                    break
        elif token in "]}":
            depth -= 1
    return deepest


def parse_json(text: str, path: str | os.PathLike, max_depth: int = MAX_JSON_DEPTH):
    """Decoded JSON, or `UnreadableFile` naming the problem: not JSON, nested deeper than
    `max_depth`, an absurd or non-finite number, a string no file can hold."""
    if json_depth(text, max_depth) > max_depth:
        raise UnreadableFile(path, f"is nested deeper than {max_depth} levels; not a file of ours")
    try:
        data = json.loads(
            text,
            parse_int=_parse_int,
            parse_float=_parse_float,
            parse_constant=_parse_constant,
        )
    except _Refused as error:
        raise UnreadableFile(path, str(error)) from None
    except json.JSONDecodeError as error:
        raise UnreadableFile(
            path, f"is not valid JSON (line {error.lineno} column {error.colno}: {error.msg})"
        ) from None
    except (ValueError, RecursionError) as error:  # the number/depth checks above cover these
        raise UnreadableFile(path, f"is not valid JSON ({error})") from None
    _check_strings(data, path)
    return data


def _check_strings(data, path) -> None:
    """Refuse lone surrogates ("\\ud800"): valid JSON, but not text; printing one fails."""
    pending = [data]
    while pending:
        value = pending.pop()
        if isinstance(value, str):
            _encodable(value, path)
        elif isinstance(value, list):
            pending.extend(value)
        elif isinstance(value, dict):
            for key, item in value.items():
                _encodable(key, path)
                pending.append(item)


def _encodable(text: str, path) -> None:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise UnreadableFile(path, "holds text with a lone surrogate (\\ud8xx); not text") from None


def read_json(path: str | os.PathLike, limit: int, what: str = "file"):
    return parse_json(read_text(path, limit, what), path)


# --- XML ---------------------------------------------------------------------------------------
MAX_XML_DEPTH = 64  # a map nests map > group > ... > layer > data; Tiled never goes near this


def parse_xml(
    data: bytes,
    path: str | os.PathLike,
    max_depth: int = MAX_XML_DEPTH,
    max_tags: int | None = None,
    what: str = "file",
) -> ElementTree.Element:
    """The root element of an XML document, or `UnreadableFile`. With `max_tags`, the tags
    are counted before parsing (each costs memory once parsed, whatever the file's size).
    Element nesting is checked while parsing (before anything walks the tree recursively).
    Entity expansion bombs are refused by expat itself; external entities are never fetched
    by ElementTree."""
    tags = data.count(b"<")
    if max_tags is not None and tags > max_tags:
        raise UnreadableFile(
            path, f"holds {tags:,} XML tags; {_a(what)} holds at most {max_tags:,}"
        )
    parser: ElementTree.XMLPullParser[ElementTree.Element]
    parser = ElementTree.XMLPullParser(events=("start", "end"))
    depth, root = 0, None
    try:
        parser.feed(data)
        parser.close()
        # Only "start" and "end" are asked for: each comes as (event, element).
        events = cast(Iterator[tuple[str, ElementTree.Element]], parser.read_events())
        for event, element in events:
            depth += 1 if event == "start" else -1
            if depth > max_depth:
                raise UnreadableFile(
                    path, f"nests its elements deeper than {max_depth} levels; re-save it"
                )
            if depth == 0:
                root = element
    except UnreadableFile:
        raise
    except ElementTree.ParseError as error:
        raise UnreadableFile(path, f"is not a valid XML file ({error})") from None
    except LookupError as error:  # <?xml encoding="x-nope"?>
        raise UnreadableFile(path, f"declares an unknown text encoding ({error})") from None
    except (ValueError, RecursionError) as error:
        raise UnreadableFile(path, f"is not a valid XML file ({error})") from None
    if root is None:  # close() raises on an empty document first; this is belt and braces
        raise UnreadableFile(path, "is not a valid XML file (no root element)")
    return root


def read_xml(
    path: str | os.PathLike, limit: int, what: str = "file", max_tags: int | None = None
) -> ElementTree.Element:
    return parse_xml(read_bytes(path, limit, what), path, max_tags=max_tags, what=what)


# --- writing -----------------------------------------------------------------------------------
# Files the game could not read and could not move aside either: saving over one would destroy
# what may be the user's only copy, so it is left alone for the rest of the session.
_kept_unwritten: set[str] = set()


def keep_unwritten(path: str | os.PathLike) -> None:
    _kept_unwritten.add(os.path.realpath(path))


def writable_target(path: str | os.PathLike) -> Path:
    """Where a write to `path` really goes: `path` itself, or the regular file a symlink
    points at. Raises `UnreadableFile` (an OSError would be as good, but callers report these
    alike) when `path` is a folder, a device, a FIFO or a socket: those are never replaced."""
    path = Path(path)
    if os.path.realpath(path) in _kept_unwritten:
        raise UnreadableFile(path, "could not be read nor moved aside, so it is not written over")
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return path
    except OSError as error:
        raise UnreadableFile(path, f"cannot be written ({_reason(error)})") from None
    if not stat.S_ISREG(info.st_mode):
        raise UnreadableFile(path, f"is {kind_of(info.st_mode)}; only a regular file is written")
    return Path(os.path.realpath(path)) if path.is_symlink() else path


def atomic_write(path: str | os.PathLike, data: bytes | str, durable: bool = True) -> Path:
    """Replace `path` with `data` all at once: after a crash it holds the old contents or the
    new, never a mixture. Returns the path written (a symlink's target). Raises OSError (or
    `UnreadableFile`, a ValueError, for a path that is not a regular file) and then leaves no
    temporary file behind. `durable=False` skips flushing to the disk, for files the game can
    make again (the sound cache): a power cut may then lose the new file, never mix two."""
    # Imported here: tempfile pulls in shutil, random, bz2 and lzma, a cost to the start of
    # commands that only read, such as `verify`.
    import tempfile

    target = writable_target(path)
    if isinstance(data, str):
        data = data.encode("utf-8")
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(
        dir=target.parent, prefix=f"{TEMP_PREFIX}{target.name}.", suffix=TEMP_SUFFIX
    )
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            if durable:
                out.flush()
                os.fsync(out.fileno())
        if os.name == "posix":
            os.chmod(temp, 0o644)  # mkstemp makes it private; these are the user's own files
        os.replace(temp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    if durable:
        _sync_folder(target.parent)
    return target


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX; Windows has no folder handles to sync)."""
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _is_our_temp(name: str) -> bool:
    # ".settings.json.k2j4_x9.tmp": a hidden name, a random middle, our suffix
    return name.startswith(TEMP_PREFIX) and name.endswith(TEMP_SUFFIX) and name.count(".") >= 3


def clean_stale_temps(
    folders, older_than: float = STALE_TEMP_SECONDS, now: float | None = None
) -> list[Path]:
    """Remove the temporary files a crash left in `folders` (not recursive). Only files older
    than `older_than` seconds go: a younger one may be another running game's save in
    progress. Returns what was removed; a folder that cannot be read is passed over."""
    now = time.time() if now is None else now
    removed = []
    for folder in folders:
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            if not _is_our_temp(entry.name):
                continue
            with contextlib.suppress(OSError):
                info = entry.stat(follow_symlinks=False)
                if stat.S_ISREG(info.st_mode) and now - info.st_mtime > older_than:
                    os.unlink(entry.path)
                    removed.append(Path(entry.path))
    return removed


# --- setting aside -----------------------------------------------------------------------------
def set_aside(path: str | os.PathLike, now: float | None = None) -> Path | None:
    """Rename a file the game could not read to `NAME.bad`, or `NAME.bad-YYYYMMDD-HHMMSS` when
    an older `.bad` is already there (never overwriting one). Returns the new path, or None
    when it could not be moved (then nothing must be saved over it either)."""
    path = Path(path)
    bad = path.with_name(path.name + ".bad")
    if os.path.lexists(bad):
        stamp = time.strftime("%Y%m%d-%H%M%S", time.localtime(now))
        bad = path.with_name(f"{path.name}.bad-{stamp}")
        number = 2
        while os.path.lexists(bad):
            bad = path.with_name(f"{path.name}.bad-{stamp}-{number}")
            number += 1
    try:
        os.replace(path, bad)
    except OSError:
        return None
    return bad


def _reason(error: OSError) -> str:
    return error.strerror or str(error)
