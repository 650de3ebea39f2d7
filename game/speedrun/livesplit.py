"""An optional client for the LiveSplit Server component: the external timer follows the
game's own in-game time, tick-exact, instead of timing the run itself.

`LiveSplitClient` sends text commands ("starttimer", "split", "setgametime 0:01:23.45",
"pausegametime", "unpausegametime", "reset"), each ending in CRLF, from a background thread:
the game only puts lines on a queue and never waits for the network. A refused or lost
connection is silent; the thread tries again at most every `retry_seconds`, and lines sent
while disconnected are dropped (the next `setgametime` puts LiveSplit right again). Anything
else that goes wrong in the thread (a host name the resolver refuses, say) is reported once,
on stderr and in `take_failure` for the screen; the client then stays quiet until `retry`
(the next run) instead of dying with a traceback.

`LiveSplitBridge` turns what happens in a run (its first tick, each split, dialogue and
pause, the finish, a restart) into those commands.
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

from game.sim.constants import TICKS_PER_SECOND

DEFAULT_HOST = "localhost"
DEFAULT_PORT = 16834
RETRY_SECONDS = 3.0
CONNECT_TIMEOUT = 1.0
QUEUE_LIMIT = 512  # far more than a few seconds of lines; beyond it lines are dropped
GAME_TIME_EVERY = 6  # ticks between "setgametime" lines: ten a second
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
            self._socket.sendall(f"{command}\r\n".encode("ascii"))
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
    """Feeds a client from the run, once per tick. `send` is any callable taking a line."""

    def __init__(self, send, every: int = GAME_TIME_EVERY):
        self.send = send
        self.every = max(1, every)
        self._reset_state()

    def _reset_state(self) -> None:
        self.started = False
        self.splits_sent = 0
        self.game_paused = False
        self.done = False

    def reset(self) -> None:
        """A restart: LiveSplit's run is abandoned too."""
        if self.started:
            self.send("reset")
        self._reset_state()

    def hold(self, stopped: bool) -> None:
        """A dialogue box or the pause menu stops the clock (True), or lets it go again."""
        if self.started and not self.done and stopped != self.game_paused:
            self.game_paused = stopped
            self.send("pausegametime" if stopped else "unpausegametime")

    def observe(self, world, stopped: bool, final_ticks: int | None) -> None:
        """After each tick. `stopped`: a dialogue box or the pause menu holds the clock;
        `final_ticks`: the run's time once its category is complete."""
        if self.done:
            return
        if not self.started:
            if not world.started:
                return
            self.started = True
            self.send("starttimer")
        while self.splits_sent < len(world.split_ticks):
            split = world.split_ticks[self.splits_sent]
            if final_ticks is not None and split > final_ticks:
                break
            self.send(f"setgametime {game_time(split)}")
            self.send("split")
            self.splits_sent += 1
        if final_ticks is not None:
            # Splits the run never reached are skipped, so the finish lands on the last row.
            for _ in range(self.splits_sent, len(world.level.splits)):
                self.send("skipsplit")
            self.send(f"setgametime {game_time(final_ticks)}")
            self.send("split")
            self.done = True
            return
        now = f"setgametime {game_time(world.game_ticks)}"
        if stopped:
            if not self.game_paused:
                self.send(now)  # frozen on the exact tick the clock stopped
            self.hold(True)
            return
        self.hold(False)
        if world.game_ticks % self.every == 0:
            # LiveSplit counts between these lines; each one puts it back on the exact tick.
            self.send(now)


_clients: dict[tuple[str, int], LiveSplitClient] = {}


def shared_client(host: str, port: int) -> LiveSplitClient:
    """One client (one connection, one thread) per server for the whole session."""
    key = (host, port)
    if key not in _clients:
        _clients[key] = LiveSplitClient(host, port)
    return _clients[key]
