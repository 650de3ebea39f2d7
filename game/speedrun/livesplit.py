"""An optional client for the LiveSplit Server component: the external timer follows the
game's own in-game time, tick-exact, instead of timing the run itself.

`LiveSplitBridge` turns what happens in a run (its first tick, each tick the in-game clock
moves, each split, the finish, a restart) into abstract `TimerEvent`s. Each timer turns them
into its own bytes: `LiveSplitClient` here (LiveSplit's text lines over TCP) and
`game.speedrun.livesplit_one.LiveSplitOneServer` (LiveSplit One's JSON over a WebSocket). The
policy both follow is the one livesplit-core advises: game time is paused right after the
start and never resumed, and the game pushes every change of its clock, so the timer never
shows a time that did not come from the game (a dialogue box or the pause menu simply pushes
nothing new).

`LiveSplitClient` sends text commands ("starttimer", "pausegametime", "setgametime
0:01:23.45", "split", "skipsplit", "reset"), each ending in LF, from a background thread:
the game only puts lines on a queue and never waits for the network. A refused or lost
connection is silent; the thread tries again at most every `retry_seconds`, and lines sent
while disconnected are dropped (the next `setgametime` puts LiveSplit right again). Anything
else that goes wrong in the thread (a host name the resolver refuses, say) is reported once,
on stderr and in `take_failure` for the screen; the client then stays quiet until `retry`
(the next run) instead of dying with a traceback.
"""

from __future__ import annotations

import contextlib
import ipaddress
import queue
import re
import socket
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from game.sim.constants import TICKS_PER_SECOND

DEFAULT_HOST = "localhost"
DEFAULT_PORT = 16834
RETRY_SECONDS = 3.0
CONNECT_TIMEOUT = 1.0
QUEUE_LIMIT = 512  # several seconds of lines; beyond it lines are dropped
_STOP = None
_HOST_LABEL = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?")


def is_host(text: object) -> bool:
    """A host name (RFC 1123: dot-separated labels of 1 to 63 letters, digits and inner
    hyphens, 253 characters at most) or an IPv4 or IPv6 address."""
    if not isinstance(text, str) or not text or len(text) > 253:
        return False
    with contextlib.suppress(ValueError):
        ipaddress.ip_address(text)
        return True
    labels = text.removesuffix(".").split(".")
    return all(_HOST_LABEL.fullmatch(label) for label in labels)


def game_time(ticks: int) -> str:
    """Ticks as LiveSplit reads a time: H:MM:SS.ss, truncated to hundredths."""
    centis = ticks * 100 // TICKS_PER_SECOND
    seconds, centis = divmod(centis, 100)
    minutes, seconds = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{seconds:02d}.{centis:02d}"


# --- what a run tells a timer ------------------------------------------------------------------
START, PAUSE_GAME_TIME, GAME_TIME, SPLIT, SKIP_SPLIT, RESET = (
    "start",
    "pause game time",
    "game time",
    "split",
    "skip split",
    "reset",
)


@dataclass(frozen=True)
class TimerEvent:
    kind: str  # START, PAUSE_GAME_TIME, GAME_TIME, SPLIT, SKIP_SPLIT or RESET
    ticks: int = 0  # GAME_TIME: the in-game time, in ticks

    @property
    def time(self) -> str:
        return game_time(self.ticks)


_CLASSIC_WORDS = {
    START: "starttimer",
    PAUSE_GAME_TIME: "pausegametime",
    SPLIT: "split",
    SKIP_SPLIT: "skipsplit",
    RESET: "reset",
}


def classic_line(event: TimerEvent) -> str:
    """The LiveSplit Server command for an event (without its line end)."""
    if event.kind == GAME_TIME:
        return f"setgametime {event.time}"
    return _CLASSIC_WORDS[event.kind]


class LiveSplitClient:
    def __init__(
        self,
        host: str = DEFAULT_HOST,
        port: int = DEFAULT_PORT,
        retry_seconds: float = RETRY_SECONDS,
    ):
        if not is_host(host):
            raise ValueError(f"LiveSplit host {host!r:.80} is not a host name or address")
        self.host, self.port = host, port
        self.retry_seconds = retry_seconds
        self.connected = False
        self.failure: str | None = None  # what went wrong, until the screen has shown it
        self._failed = False  # after a failure: quiet until `retry`
        self._queue: queue.Queue = queue.Queue(QUEUE_LIMIT)
        self._socket: socket.socket | None = None
        self._last_attempt = -float("inf")
        self._thread = threading.Thread(target=self._run, name="livesplit", daemon=True)
        self._thread.start()

    # --- the game's side: never blocks ---------------------------------------------------------
    def push(self, event: TimerEvent) -> None:
        """A `LiveSplitBridge` sink: the event as a LiveSplit Server line."""
        self.send(classic_line(event))

    def send(self, command: str) -> None:
        # When the server is far behind or gone the line is dropped: timing lines go stale.
        with contextlib.suppress(queue.Full):
            self._queue.put_nowait(command)

    def retry(self) -> None:
        """A new run: after a failure, try the server again."""
        self._failed = False

    def take_failure(self) -> str | None:
        """A few words on the failure not yet shown on screen (once), or None."""
        failure, self.failure = self.failure, None
        return failure

    def close(self, timeout: float = 1.0) -> None:
        """Stop the thread once it has sent what is queued (up to `timeout` seconds)."""
        with contextlib.suppress(queue.Full):
            self._queue.put(_STOP, timeout=timeout)
        self._thread.join(timeout)

    # --- the thread ----------------------------------------------------------------------------
    def _run(self) -> None:
        while True:
            command = self._queue.get()
            if command is _STOP:
                self._disconnect()
                return
            if self._failed:
                continue
            try:
                self._send_line(command)
            except Exception as error:  # noqa: BLE001 - nothing here may take the game down
                self._fail(error)

    def _send_line(self, command: str) -> None:
        if self._socket is None:
            self._connect()
        if self._socket is None:
            return
        try:
            self._socket.sendall(f"{command}\n".encode("ascii"))
        except OSError:
            self._disconnect()

    def _fail(self, error: Exception) -> None:
        self._disconnect()
        self._failed = True
        # The whole story on stderr; a few words on screen, where the HUD leaves little room.
        text = f"LiveSplit ({self.host}:{self.port}) stopped: {type(error).__name__}: {error}"
        print(text[:300], file=sys.stderr)
        self.failure = f"LiveSplit stopped ({type(error).__name__})"

    def _connect(self) -> None:
        now = time.monotonic()
        if now - self._last_attempt < self.retry_seconds:
            return
        self._last_attempt = now
        try:
            sock = socket.create_connection((self.host, self.port), timeout=CONNECT_TIMEOUT)
        except OSError:
            return
        sock.settimeout(CONNECT_TIMEOUT)  # a stalled server cannot hold the thread forever
        self._socket = sock
        self.connected = True

    def _disconnect(self) -> None:
        if self._socket is not None:
            with contextlib.suppress(OSError):
                self._socket.close()
        self._socket = None
        self.connected = False


class LiveSplitBridge:
    """Feeds timers from the run, once per tick. Each sink is a callable taking a
    `TimerEvent` (`LiveSplitClient.push`, `LiveSplitOneServer.push`, a test's list)."""

    def __init__(self, *sinks: Callable[[TimerEvent], None]):
        self.sinks = sinks
        self._reset_state()

    def _reset_state(self) -> None:
        self.started = False
        self.splits_sent = 0
        self.shown: str | None = None  # the game time the timers hold, as they show it
        self.done = False

    def _emit(self, kind: str, ticks: int = 0) -> None:
        event = TimerEvent(kind, ticks)
        for sink in self.sinks:
            sink(event)

    def _game_time(self, ticks: int) -> None:
        self._emit(GAME_TIME, ticks)
        self.shown = game_time(ticks)

    def reset(self) -> None:
        """A restart: the timers' run is abandoned too."""
        if self.started:
            self._emit(RESET)
        self._reset_state()

    def observe(self, world, final_ticks: int | None) -> None:
        """After each tick. `final_ticks`: the run's time once its category is complete."""
        if self.done:
            return
        if not self.started:
            if not world.started:
                return
            self.started = True
            self._emit(START)
            # From here on the timers' game time moves only when the game says so.
            self._emit(PAUSE_GAME_TIME)
        while self.splits_sent < len(world.split_ticks):
            split = world.split_ticks[self.splits_sent]
            if final_ticks is not None and split > final_ticks:
                break
            self._game_time(split)  # always: the split lands on its exact tick
            self._emit(SPLIT)
            self.splits_sent += 1
        if final_ticks is not None:
            # Splits the run never reached are skipped, so the finish lands on the last row.
            for _ in range(self.splits_sent, len(world.level.splits)):
                self._emit(SKIP_SPLIT)
            self._game_time(final_ticks)
            self._emit(SPLIT)
            self.done = True
            return
        # Every tick the clock runs changes the hundredths (60 ticks, 100 hundredths a
        # second), so this pushes each running tick and nothing while the clock stands still
        # (a dialogue box; the pause menu steps no tick at all).
        if game_time(world.game_ticks) != self.shown:
            self._game_time(world.game_ticks)


_clients: dict[tuple[str, int], LiveSplitClient] = {}


def shared_client(host: str, port: int) -> LiveSplitClient:
    """One client (one connection, one thread) per server for the whole session."""
    key = (host, port)
    if key not in _clients:
        _clients[key] = LiveSplitClient(host, port)
    return _clients[key]
