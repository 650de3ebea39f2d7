"""The fuzz harness: run one piece of game code on a hostile file, under a clock and a memory
cap, and judge what came out.

For every call it checks:

- no exception escapes but the documented clean ones (a traceback is a failure);
- it finishes within the per-case timeout (SIGALRM raises `Hang` in the main thread; a C
  loop that never returns to Python is stopped by faulthandler, which kills the run);
- its memory stays within a cap (RLIMIT_AS, Linux), so a bomb is a MemoryError, not the
  OOM killer;
- what it prints: no "Traceback", and every stderr line (and every warning pytmx logs,
  which the real CLI prints on stderr) is one short line naming the file;
- CLI exit codes are the documented ones.

Output is captured by swapping sys.stdout/sys.stderr for streams that behave like the real
ones (stdout strict UTF-8, stderr backslashreplace), not capsys: capsys' streams are strict on
stderr too, which would turn a harmless lone surrogate on stderr into a false traceback.

Every failure is a `Violation` with a `cause` (the code location that raised, or the kind of
bad message) so the session summary can group them (see conftest.py).
"""

from __future__ import annotations

import contextlib
import faulthandler
import io
import logging
import os
import re
import signal
import sys
import time
import traceback
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MAPS = ROOT / "maps"
TILES = ROOT / "assets" / "tiles"
SHIPPED_MAPS = {"tutorial": MAPS / "tutorial.tmx", "great_mine": MAPS / "great_mine.tmx"}
DEMOS = {
    "tutorial": MAPS / "demos" / "tutorial.inputs",
    "great_mine": MAPS / "demos" / "great_mine.inputs",
}

# A hang detector, not a speed test: generous enough for a busy 2-core CI machine (the slowest
# honest call, a 1024x1024 map, takes ~1.2 s on an idle one), short enough to end a real hang.
DEFAULT_TIMEOUT = 10.0  # seconds per call
QUICK = 5.0  # a special file (FIFO, /dev/zero) must be refused within this
MEMORY_HEADROOM = 2 << 30  # bytes of address space a call may add before MemoryError
MAX_LINE = 400  # characters in one stderr line: a path, a problem, values quoted short
STATUS_ORDER = ("accepted", "clean error", "traceback", "hang")  # worst last

SETTINGS = {"seed": 1, "timeout": DEFAULT_TIMEOUT}
STATS: Counter = Counter()
FAMILY_STATS: dict[str, Counter] = defaultdict(Counter)
CAUSES: dict[str, list[str]] = defaultdict(list)  # cause -> ids of the cases it hit


class Hang(BaseException):
    """Raised by SIGALRM. A BaseException, so `except Exception` in the code under test cannot
    swallow it and report a hang as a clean error."""


@dataclass
class Violation:
    kind: str  # traceback | hang | message | exit code | data lost | special file
    label: str  # which call
    cause: str  # what groups it: a code location, a message pattern
    detail: str = ""

    def line(self) -> str:
        detail = f"\n      {self.detail}" if self.detail else ""
        return f"[{self.kind}] {self.label}: {self.cause}{detail}"


@dataclass
class Result:
    label: str
    status: str  # accepted | clean error | traceback | hang | skipped
    value: object = None
    error: BaseException | None = None
    out: str = ""
    err_lines: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def code(self):
        return self.value if isinstance(self.value, int) else None


# --- limits ------------------------------------------------------------------------------------
def _vm_size() -> int | None:
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        return None
    return None


@contextlib.contextmanager
def _memory_cap():
    try:
        import resource
    except ImportError:  # Windows
        yield
        return
    used = _vm_size()
    if used is None:  # no /proc (macOS): RLIMIT_AS is not enforced there anyway
        yield
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    cap = used + MEMORY_HEADROOM
    if hard != resource.RLIM_INFINITY:
        cap = min(cap, hard)
    if soft != resource.RLIM_INFINITY:
        cap = min(cap, soft)
    resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def _dump_fd() -> int:
    """Where a last-resort dump goes: the terminal's stderr as it was before pytest captured
    it (conftest finds it), else this process's fd 2."""
    fd = SETTINGS.get("dump_fd")
    return fd if isinstance(fd, int) else sys.__stderr__.fileno()


@contextlib.contextmanager
def guarded(timeout: float):
    """Raise `Hang` in the main thread once `timeout` seconds pass; cap the memory; and as a
    last resort (stuck in C, where no signal handler runs) kill the process with every thread's
    stack printed, so CI fails loudly instead of hanging."""
    armed = {"on": False}

    def on_alarm(signum, frame):
        if armed["on"]:
            armed["on"] = False
            raise Hang(f"still running after {timeout:g} s")

    has_alarm = hasattr(signal, "setitimer") and hasattr(signal, "SIGALRM")
    previous = signal.signal(signal.SIGALRM, on_alarm) if has_alarm else None
    faulthandler.dump_traceback_later(timeout * 10 + 30, exit=True, file=_dump_fd())
    try:
        with _memory_cap():
            armed["on"] = True
            if has_alarm:
                signal.setitimer(signal.ITIMER_REAL, timeout)
            try:
                yield
            finally:
                armed["on"] = False
                if has_alarm:
                    signal.setitimer(signal.ITIMER_REAL, 0)
    finally:
        faulthandler.cancel_dump_traceback_later()
        if has_alarm:
            signal.signal(signal.SIGALRM, previous)


# --- output ------------------------------------------------------------------------------------
class _LogLines(logging.Handler):
    """Warnings and errors logged during a call: with no logging configured (the real CLI),
    Python prints these bare on stderr."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.lines: list[str] = []

    def emit(self, record):
        with contextlib.suppress(Exception):
            self.lines.append(record.getMessage())


@contextlib.contextmanager
def captured():
    out_bytes, err_bytes = io.BytesIO(), io.BytesIO()
    out = io.TextIOWrapper(out_bytes, encoding="utf-8", errors="strict", write_through=True)
    err = io.TextIOWrapper(
        err_bytes, encoding="utf-8", errors="backslashreplace", write_through=True
    )
    logs = _LogLines()
    root = logging.getLogger()
    root.addHandler(logs)
    box: dict = {}
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = out, err
    try:
        yield box
    finally:
        sys.stdout, sys.stderr = saved
        root.removeHandler(logs)
        box["out"] = out_bytes.getvalue().decode("utf-8", "replace")
        box["err"] = err_bytes.getvalue().decode("utf-8", "replace")
        box["logs"] = logs.lines


# --- where an exception came from --------------------------------------------------------------
def _short(filename: str) -> str:
    path = filename.replace("\\", "/")
    for marker in ("/site-packages/", "/lib/python3"):
        if marker in path:
            tail = path.split(marker, 1)[1]
            return tail.split("/", 1)[1] if marker == "/lib/python3" else tail
    root = str(ROOT).replace("\\", "/") + "/"
    return path[len(root) :] if path.startswith(root) else path


def raised_where(error: BaseException, hang: bool = False) -> str:
    """`game/x.py:12 in f` for the innermost frame in the game, then the innermost frame of
    all when that one is elsewhere (pytmx, json, the stdlib). For a hang, the innermost game
    frame outside the simulation (the loop that kept going; where in a tick the alarm struck
    says little)."""
    here = os.path.abspath(__file__)
    frames = [
        f for f in traceback.extract_tb(error.__traceback__) if os.path.abspath(f.filename) != here
    ]
    ours = [f for f in frames if _short(f.filename).startswith("game/")]
    if hang:
        drivers = [f for f in ours if not _short(f.filename).startswith("game/sim/")]
        if drivers and drivers[-1] is not ours[-1]:
            f = drivers[-1]
            return f"{_short(f.filename)}:{f.lineno} in {f.name} (stepping the simulation)"
    inner = frames[-1] if frames else None
    parts = []
    if ours:
        f = ours[-1]
        parts.append(f"{_short(f.filename)}:{f.lineno} in {f.name}")
    if inner is not None and (not ours or inner is not ours[-1]):
        parts.append(f"innermost {_short(inner.filename)}:{inner.lineno} in {inner.name}")
    return "; ".join(parts) or "no frames"


def one_line(text: str, limit: int = 200) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


# --- the harness ---------------------------------------------------------------------------------
class Harness:
    """One fuzz case: its calls, what they printed, and what went wrong."""

    def __init__(self, case_id: str, family: str, tmp: Path, timeout: float):
        self.case_id = case_id
        self.family = family
        self.tmp = tmp
        self.timeout = timeout
        self.results: list[Result] = []
        self.violations: list[Violation] = []
        self.notes: list[str] = []  # how the input was made, for reproducing a failure
        self.names: set[str] = set()  # file paths a message may name
        self.hung = False
        self.preexisting_bad: set[str] = set()

    # --- files a message may name ---
    def name(self, *paths) -> None:
        for path in paths:
            text = os.fspath(path)
            self.names.add(text)
            self.names.add(os.path.abspath(text))
            with contextlib.suppress(OSError, ValueError):
                self.names.add(os.path.realpath(text))

    def note(self, text: str) -> None:
        self.notes.append(one_line(text, 300))

    def violation(self, kind: str, label: str, cause: str, detail: str = "") -> None:
        self.violations.append(Violation(kind, label, cause, one_line(detail, 400)))

    # --- running ---
    def call(self, label: str, fn, *, clean=(), quick: bool = False) -> Result:
        """Run `fn()` guarded. `clean`: exception types that are the documented clean errors
        (their message must be one line naming the file)."""
        if self.hung:  # one hang per case is enough; the next call would hang the same way
            result = Result(label, "skipped")
            self.results.append(result)
            return result
        error = None
        value = None
        status = "accepted"
        start = time.perf_counter()
        with captured() as box:
            try:
                with guarded(self.timeout):
                    value = fn()
            except Hang as hang:
                status, error = "hang", hang
            except KeyboardInterrupt:
                raise
            except clean as clean_error:  # noqa: B030 (a tuple of types, built by the caller)
                status, error = "clean error", clean_error
            except BaseException as other:  # what the suite is looking for
                status, error = "traceback", other
        seconds = time.perf_counter() - start
        lines = [line for line in box["err"].splitlines() if line.strip()]
        lines += [f"(logged) {line}" for line in box["logs"]]
        if status == "accepted" and lines:  # a loader that said what was wrong and went on
            status = "clean error"
        result = Result(label, status, value, error, box["out"], lines, seconds)
        self.results.append(result)
        if status == "hang":
            self.hung = True
            self.violation(
                "hang",
                label,
                f"hang ({self.timeout:g} s) at {raised_where(error, hang=True)}",
                "stderr so far: " + " | ".join(lines[:3]),
            )
        elif status == "traceback":
            self.violation(
                "traceback",
                label,
                f"{type(error).__name__} at {raised_where(error)}",
                f"{type(error).__name__}: {error}",
            )
        elif status == "clean error" and error is not None:
            self._check_line(label, str(error), "exception message")
        if quick and status != "hang" and seconds > QUICK:
            self.violation(
                "slow", label, f"took {seconds:.1f} s on a special file (over {QUICK:g} s)"
            )
        for stream, text in (("stdout", box["out"]), ("stderr", box["err"])):
            if "Traceback" in text:
                self.violation("traceback", label, f"'Traceback' printed on {stream}", text[-300:])
        for line in lines:
            self._check_line(label, line, "stderr line")
        return result

    def _check_line(self, label: str, line: str, what: str) -> None:
        if "\n" in line.strip():
            self.violation("message", label, f"{what} spans several lines", line[:300])
            line = line.strip().splitlines()[0]
        if len(line) >= MAX_LINE:
            self.violation(
                "message",
                label,
                f"{what} over {MAX_LINE} characters: {self._pattern(line)[:40]}",
                line[:200],
            )
        if not any(name and name in line for name in self.names):
            self.violation(
                "message", label, f"{what} names no file: {self._pattern(line)[:70]}", line
            )

    def _pattern(self, line: str) -> str:
        """A message with its paths and numbers blanked, to group alike messages."""
        text = line
        for name in sorted(self.names, key=len, reverse=True):
            if name:
                text = text.replace(name, "<file>")
        text = text.replace(str(self.tmp), "<tmp>")
        text = re.sub(r"\d+", "N", text)
        return one_line(text, 90)

    def cli(self, label: str, argv: list[str], codes: tuple[int, ...], quick=False) -> Result:
        """`game.__main__.main(argv)`: returns one of `codes`; a failure code comes with a
        message (on stderr; `check`'s problem lines go to stdout)."""
        from game.__main__ import main

        result = self.call(label, lambda: main(list(argv)), quick=quick)
        if result.status in ("accepted", "clean error") and result.error is None:
            code = result.value
            if code not in codes:
                self.violation("exit code", label, f"exit code {code!r}, expected one of {codes}")
            if code and not result.err_lines and not (argv[0] == "check" and result.out.strip()):
                self.violation("message", label, f"exit code {code} with nothing said")
            result.status = "clean error" if code else "accepted"
        return result

    # --- user data ---
    def bad_files(self, folder: Path) -> list[Path]:
        return sorted(p for p in folder.iterdir() if re.search(r"\.bad(-[\d-]+)?$", p.name))

    def expect_kept(self, label: str, folder: Path, original: bytes, where: str) -> None:
        """`original` must be the whole content of a set-aside file (NAME.bad*) in `folder`."""
        for path in self.bad_files(folder):
            with contextlib.suppress(OSError):
                if path.is_file() and path.read_bytes() == original:
                    return
        found = ", ".join(p.name for p in self.bad_files(folder)) or "none"
        self.violation(
            "data lost",
            label,
            f"{where}: the unreadable file's bytes are in no set-aside file",
            f"set-aside files: {found}; {len(original):,} bytes lost",
        )

    # --- the end ---
    def status(self) -> str:
        statuses = [r.status for r in self.results if r.status in STATUS_ORDER]
        worst = max(statuses, key=STATUS_ORDER.index, default="accepted")
        return worst

    def record(self) -> None:
        status = self.status()
        counts = FAMILY_STATS[self.family]
        for counter in (STATS, counts):
            counter["cases"] += 1
            counter[status] += 1
            counter["set aside"] += len(self._set_aside_now())
            kinds = {v.kind for v in self.violations}
            for kind in kinds:
                counter[f"violation: {kind}"] += 1
            if self.violations:
                counter["failed"] += 1
        for cause in sorted(
            {f"[{v.kind}] {v.label.split(' ')[0]}: {v.cause}" for v in self.violations}
        ):
            CAUSES[cause].append(self.case_id)

    def _set_aside_now(self) -> list[str]:
        found = []
        for folder, _, names in os.walk(self.tmp):
            for name in names:
                if re.search(r"\.bad(-[\d-]+)?$", name):
                    path = os.path.join(folder, name)
                    if path not in self.preexisting_bad:
                        found.append(path)
        return found

    def assert_clean(self) -> None:
        if not self.violations:
            return
        import pytest

        lines = [f"{len(self.violations)} problem(s) in fuzz case {self.case_id}:"]
        lines += [f"  how made: {note}" for note in self.notes]
        lines += ["  " + v.line() for v in self.violations]
        pytest.fail("\n".join(lines), pytrace=False)
