"""LiveSplit splits files (.lss): our PBs, best segments and run history out to LiveSplit and
LiveSplit One, and segment names and golds back in.

The format is LiveSplit's XML, version 1.8.0 as livesplit-core writes and reads it
(src/run/saver/livesplit.rs, src/run/parser/livesplit.rs): a Run with GameName, CategoryName,
Metadata, Offset, AttemptCount, AttemptHistory and Segments, each Segment with its Name,
SplitTimes ("Personal Best"), BestSegmentTime and SegmentHistory. Times are
"hh:mm:ss.fffffff". We write Game Time only: our times are in-game ticks (60 a second), and
LiveSplit compares them when its timing method is Game Time.

A splits file comes from anywhere, so reading one is guarded: a size cap, no DOCTYPE or
ENTITY declarations at all (no entity expansion, nothing external), a tag count and nesting
cap, and every time checked; any problem is one UnreadableFile line naming the file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction
from xml.etree import ElementTree

from game import files
from game.sim.constants import TICKS_PER_SECOND
from game.speedrun.history import BoardHistory, parse_date
from game.speedrun.replay import MAX_TICKS
from game.speedrun.splits import CATEGORY_NAMES, Record, segments

GAME_NAME = "Great Mine Rescue"
LSS_VERSION = "1.8.0"
PERSONAL_BEST = "Personal Best"
MAX_LSS_BYTES = 16 * files.MIB  # years of attempts in a big LiveSplit file are a few MB
MAX_LSS_TAGS = 2_000_000
MAX_SEGMENTS = 1000
MAX_NAME_CHARS = 200
UNITS_PER_SECOND = 10_000_000  # .NET TimeSpan ticks: LiveSplit writes seven decimals
# [-][d.]hh:mm:ss[.fraction], as .NET's TimeSpan and livesplit-core print and parse it
TIME_PATTERN = re.compile(r"(-)?(?:(\d{1,8})\.)?(\d{1,2}):(\d{1,2}):(\d{1,2})(?:\.(\d{1,9}))?")
LIVESPLIT_DATE = "%m/%d/%Y %H:%M:%S"  # UTC, as LiveSplit's attempt dates
DECLARATIONS = ("<!doctype", "<!entity", "<!element", "<!attlist")
ENCODING_PATTERN = re.compile(r"""\s*<\?xml[^>]*?encoding\s*=\s*["']([^"']{0,40})""")


def category_title(category: str) -> str:
    """The category as a LiveSplit title reads it: Any%, All Rescued."""
    return CATEGORY_NAMES.get(category, category).title()


# --- times ---------------------------------------------------------------------------------------
def format_time(ticks: int) -> str:
    """In-game ticks as LiveSplit's "00:01:23.4500000" (exact to the tick when read back)."""
    units = ticks * UNITS_PER_SECOND // TICKS_PER_SECOND
    seconds, fraction = divmod(units, UNITS_PER_SECOND)
    minutes, second = divmod(seconds, 60)
    hours, minute = divmod(minutes, 60)
    return f"{hours:02d}:{minute:02d}:{second:02d}.{fraction:07d}"


def parse_time(text: str) -> int:
    """LiveSplit's time text as in-game ticks, rounded to the nearest; ValueError if it is not
    one, is negative, or is longer than a replay may run."""
    match = TIME_PATTERN.fullmatch(text.strip())
    if match is None:
        raise ValueError(f"{files.shown(text)} is not a time")
    sign, days, hours, minutes, seconds, fraction = match.groups()
    whole = ((int(days or 0) * 24 + int(hours)) * 60 + int(minutes)) * 60 + int(seconds)
    exact = whole + Fraction(int(fraction or 0), 10 ** len(fraction or ""))
    ticks = round(exact * TICKS_PER_SECOND)
    if sign and ticks:
        raise ValueError(f"{files.shown(text)} is a negative time")
    if ticks > MAX_TICKS:
        raise ValueError(f"{files.shown(text)} is longer than any run")
    return ticks


def livesplit_date(stored: str | None) -> str | None:
    """Our stored UTC date as LiveSplit writes one ("12/01/2026 10:04:53")."""
    when = parse_date(stored)
    return when.strftime(LIVESPLIT_DATE) if when else None


# --- what a splits file says ---------------------------------------------------------------------
@dataclass(frozen=True)
class LssSegment:
    name: str
    pb: int | None  # the personal best's game time at this split, cumulative
    best: int | None  # the best segment's game time


@dataclass(frozen=True)
class LssRun:
    game: str
    category: str
    attempt_count: int
    segments: tuple[LssSegment, ...]

    @property
    def names(self) -> list[str]:
        return [segment.name for segment in self.segments]

    @property
    def pb_rows(self) -> list[int | None]:
        return [segment.pb for segment in self.segments]


# --- writing -----------------------------------------------------------------------------------
def _sub(parent: ElementTree.Element, tag: str, text: str | None = None, **attributes):
    element = ElementTree.SubElement(parent, tag, attributes)
    if text is not None:
        element.text = text
    return element


def _game_time(parent: ElementTree.Element, tag: str, ticks: int | None, **attributes):
    element = _sub(parent, tag, **attributes)
    if ticks is not None:
        _sub(element, "GameTime", format_time(ticks))
    return element


def export_lss(
    names: list[str],
    record: Record,
    history: BoardHistory,
    category: str,
    map_name: str,
) -> str:
    """A LiveSplit splits file (text) of one board: `names` are the map's rows (its splits,
    then the finish), `record` its PB and golds, `history` its attempts."""
    run = ElementTree.Element("Run", {"version": LSS_VERSION})
    _sub(run, "GameIcon")
    _sub(run, "GameName", GAME_NAME)
    _sub(run, "CategoryName", category_title(category))
    metadata = _sub(run, "Metadata")
    _sub(metadata, "Run", id="")
    _sub(metadata, "Platform", "", usesEmulator="False")
    _sub(metadata, "Region", "")
    _sub(metadata, "SpeedrunComVariables")
    custom = _sub(metadata, "CustomVariables")
    _sub(custom, "Variable", map_name, name="Map")
    _sub(run, "LayoutPath", "")
    _sub(run, "Offset", format_time(0))
    _sub(run, "AttemptCount", str(history.started))
    attempts = _sub(run, "AttemptHistory")
    for attempt in history.recent:
        dates = {}
        for part, stored in (("started", attempt.started), ("ended", attempt.ended)):
            written = livesplit_date(stored)
            if written:
                dates[part] = written
                dates[f"is{part.title()}Synced"] = "False"
        _game_time(attempts, "Attempt", attempt.final, id=str(attempt.number), **dates)
    all_segments = _sub(run, "Segments")
    pb_rows = [record.pb(i) for i in range(len(names))]
    attempt_segments = [(a.number, segments(list(a.rows))) for a in history.recent]
    for i, name in enumerate(names):
        segment = _sub(all_segments, "Segment")
        _sub(segment, "Name", name)
        _sub(segment, "Icon")
        split_times = _sub(segment, "SplitTimes")
        _game_time(split_times, "SplitTime", pb_rows[i], name=PERSONAL_BEST)
        _game_time(segment, "BestSegmentTime", record.best(i))
        segment_history = _sub(segment, "SegmentHistory")
        for number, ticks in attempt_segments:
            if i < len(ticks) and ticks[i] is not None:
                _game_time(segment_history, "Time", ticks[i], id=str(number))
    _sub(run, "AutoSplitterSettings")
    ElementTree.indent(run, space="  ")
    body = ElementTree.tostring(run, encoding="unicode", short_empty_elements=True)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"


# --- reading -----------------------------------------------------------------------------------
def parse_lss(data: bytes, path) -> LssRun:
    """A splits file's game, category, attempt count and segments; UnreadableFile (one line
    naming `path`) for anything hostile, broken or not a LiveSplit run."""
    # Checked on the text as the parser will read it: UTF-8 only, so no other encoding can
    # hide a declaration from the check below.
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise files.UnreadableFile(path, "is not UTF-8 text, as LiveSplit writes it") from None
    declared = ENCODING_PATTERN.match(text)
    if declared and declared.group(1).lower() not in ("utf-8", "utf8"):
        encoding = files.shown(declared.group(1))
        raise files.UnreadableFile(
            path, f"declares the encoding {encoding}; LiveSplit writes UTF-8"
        )
    lowered = text.lower()
    if any(declaration in lowered for declaration in DECLARATIONS):
        raise files.UnreadableFile(
            path, "declares a DOCTYPE or entities; a LiveSplit splits file never does"
        )
    root = files.parse_xml(data, path, max_tags=MAX_LSS_TAGS, what="splits file")
    if root.tag != "Run":
        raise files.UnreadableFile(
            path, f"is not a LiveSplit splits file (its root is <{root.tag[:40]}>)"
        )
    try:
        return _read_run(root)
    except ValueError as error:
        raise files.UnreadableFile(path, str(error)) from None


def read_lss(path) -> LssRun:
    return parse_lss(files.read_bytes(path, MAX_LSS_BYTES, "splits file"), path)


def _text(element: ElementTree.Element | None) -> str:
    """An element's text, cut to MAX_NAME_CHARS (a name, shown in one line)."""
    text = (element.text or "") if element is not None else ""
    return text.strip()[:MAX_NAME_CHARS]


def _game_ticks(element: ElementTree.Element | None, what: str) -> int | None:
    """The GameTime inside `element` as ticks; None when it has none (a run timed in real
    time only: our times are game time, so a real time is never taken for one)."""
    game_time = element.find("GameTime") if element is not None else None
    if game_time is None or not (game_time.text or "").strip():
        return None
    try:
        return parse_time(game_time.text or "")
    except ValueError as error:
        raise ValueError(f"{what}: {error}") from None


def _read_run(root: ElementTree.Element) -> LssRun:
    count_text = _text(root.find("AttemptCount")) or "0"
    if not (count_text.isascii() and count_text.isdigit() and len(count_text) <= 10):
        raise ValueError(f"AttemptCount {files.shown(count_text)} is not a count")
    found = root.findall("Segments/Segment")
    if not found:
        raise ValueError("has no segments")
    if len(found) > MAX_SEGMENTS:
        raise ValueError(f"has {len(found):,} segments; at most {MAX_SEGMENTS} are read")
    read = []
    for number, segment in enumerate(found, 1):
        name = _text(segment.find("Name"))
        where = f"segment {number} ({files.shown(name)})"
        pb = None
        for split_time in segment.findall("SplitTimes/SplitTime"):
            if split_time.get("name") == PERSONAL_BEST:
                pb = _game_ticks(split_time, f"{where} personal best")
        best = _game_ticks(segment.find("BestSegmentTime"), f"{where} best segment")
        read.append(LssSegment(name, pb, best))
    return LssRun(
        game=_text(root.find("GameName")),
        category=_text(root.find("CategoryName")),
        attempt_count=int(count_text),
        segments=tuple(read),
    )


# --- merging into our records ------------------------------------------------------------------
def same_name(ours: str, theirs: str) -> bool:
    return ours.strip().casefold() == theirs.strip().casefold()


@dataclass(frozen=True)
class Merge:
    """What an import changed: the record after it, the rows whose gold improved (index,
    old, new) and whether the file's PB replaced ours."""

    record: Record
    golds: list[tuple[int, int | None, int]]
    pb_taken: bool


def merge_lss(record: Record, run: LssRun) -> Merge:
    """Our record with the file's golds where faster, and its PB when it is complete (every
    split timed in game time, in order) and faster than ours; the PB's own segments count as
    golds too, as they would in a run. Rows are matched by position: the caller checks the
    names first."""
    count = len(run.segments)
    theirs = run.pb_rows
    complete = all(row is not None for row in theirs) and _rising(theirs)
    final = theirs[-1]
    ours = record.pb_final
    pb_taken = complete and final is not None and (ours is None or final < ours)
    pb_rows = tuple(theirs) if pb_taken else record.pb_rows
    pb_segments = segments(list(theirs)) if pb_taken else [None] * count
    best, golds = [], []
    for i, segment in enumerate(run.segments):
        old = record.best(i)
        candidates = [t for t in (old, segment.best, pb_segments[i]) if t is not None]
        new = min(candidates, default=None)
        best.append(new)
        if new is not None and new != old:
            golds.append((i, old, new))
    return Merge(Record(pb_rows, tuple(best)), golds, pb_taken)


def _rising(rows: list[int | None]) -> bool:
    known = [row for row in rows if row is not None]
    return all(a <= b for a, b in zip(known, known[1:], strict=False))
