"""LiveSplit One support: a small WebSocket server inside the game that LiveSplit One connects
to (Settings > Network > Server Connection > Connect, URL ws://localhost:16835).

LiveSplit One does not speak LiveSplit Server's text lines: it is the WebSocket *client*, and
the game sends it JSON text frames from livesplit-core's server protocol
(`src/networking/server_protocol.rs`): {"command":"start"}, {"command":"pauseGameTime"},
{"command":"setGameTime","time":"0:01:23.45"}, {"command":"split"},
{"command":"skipSplit"}, {"command":"reset","saveAttempt":true}. The run logic and the
"game time paused, pushed on every change" policy are `LiveSplitBridge`'s
(game/speedrun/livesplit.py); this module only turns its events into frames.

The server runs in a background thread with its own asyncio loop; the game's `push` only
hands a frame to that loop and never waits. Several timers may connect; every one gets every
frame. What they send back ({"success":null}, {"error":{"code":...}}, {"event":...}) is read
and logged at debug level only. A timer that disconnects, or one too slow to keep up, is
simply dropped. A port already taken is said once (stderr, and `take_failure` for the screen)
and tried again on the next run (`retry`); nothing here ever raises into the game.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import json
import logging
import sys
import threading

from websockets.asyncio.server import Server, ServerConnection, broadcast, serve
from websockets.exceptions import ConnectionClosed

from game.speedrun.livesplit import (
    GAME_TIME,
    PAUSE_GAME_TIME,
    RESET,
    SKIP_SPLIT,
    SPLIT,
    START,
    TimerEvent,
)

DEFAULT_HOST = "127.0.0.1"  # this computer only: nobody on the network drives the timer
DEFAULT_PORT = 16835  # one above LiveSplit Server's 16834
# A timer this far behind (about 25 minutes of frames) is dropped, not kept growing.
MAX_BACKLOG_BYTES = 4 * 1024 * 1024
_ADDRESS_IN_USE = {errno.EADDRINUSE, 10048}  # 10048: Windows' WSAEADDRINUSE
_log = logging.getLogger(__name__)
_log.addHandler(logging.NullHandler())  # quiet unless the app configures logging

# Our events in livesplit-core's serde names (`#[serde(tag = "command", rename_all =
# "camelCase")]`). `saveAttempt: true`: the attempt goes into the timer's history without
# LiveSplit One asking the runner mid-run whether to keep its best times.
_COMMANDS: dict[str, dict[str, object]] = {
    START: {"command": "start"},
    PAUSE_GAME_TIME: {"command": "pauseGameTime"},
    SPLIT: {"command": "split"},
    SKIP_SPLIT: {"command": "skipSplit"},
    RESET: {"command": "reset", "saveAttempt": True},
}


def one_frame(event: TimerEvent) -> str:
    """The JSON text frame for an event. The time is LiveSplit Server's H:MM:SS.ss, which
    livesplit-core's TimeSpan parser reads too: both timers show the game's hundredths."""
    command: dict[str, object] = (
        {"command": "setGameTime", "time": event.time}
        if event.kind == GAME_TIME
        else _COMMANDS[event.kind]
    )
    return json.dumps(command, separators=(",", ":"))


class LiveSplitOneServer:
    """Listens on `host`:`wanted_port`; `port` is the port it got once `ready` (the same, or
    a free one the system picked for port 0)."""

    def __init__(self, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT):
        self.host, self.port = host, port
        self.failure: str | None = None  # what went wrong, until the screen has shown it
        self.replies = 0  # messages the timers sent back (read, never acted on)
        self.ready = threading.Event()  # set once listening, or once that failed
        self.wanted_port = port
        self._server: Server | None = None
        self._trying = False  # a `_listen` is under way (the loop's thread only)
        self._connections: set[ServerConnection] = set()  # the loop's thread only
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._run, name="livesplit-one", daemon=True)
        self._thread.start()

    # --- the game's side: never blocks, never raises -------------------------------------------
    def push(self, event: TimerEvent) -> None:
        """A `LiveSplitBridge` sink: the event as a frame to every connected timer."""
        self.send(one_frame(event))

    def send(self, frame: str) -> None:
        with contextlib.suppress(RuntimeError):  # the loop is closed: the game is quitting
            self._loop.call_soon_threadsafe(self._broadcast, frame)

    @property
    def listening(self) -> bool:
        return self._server is not None

    @property
    def clients(self) -> int:
        return len(self._connections)

    def retry(self) -> None:
        """A new run: if the port was taken, try it again (`ready` is set once tried)."""
        if self._server is not None:
            return
        self.ready.clear()
        with contextlib.suppress(RuntimeError):
            self._loop.call_soon_threadsafe(self._listen_again)

    def take_failure(self) -> str | None:
        """A few words on the failure not yet shown on screen (once), or None."""
        failure, self.failure = self.failure, None
        return failure

    def close(self, timeout: float = 1.0) -> None:
        """Say goodbye to the timers, free the port and stop the thread."""
        if self._loop.is_closed():
            return
        with contextlib.suppress(RuntimeError, TimeoutError, OSError):
            asyncio.run_coroutine_threadsafe(self._shutdown(), self._loop).result(timeout)
        with contextlib.suppress(RuntimeError):
            self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout)

    # --- the thread ----------------------------------------------------------------------------
    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)
        try:
            self._loop.run_until_complete(self._listen())
            self._loop.run_forever()
        finally:
            self._loop.close()

    async def _listen(self) -> None:
        try:
            self._server = await serve(
                self._serve_timer,
                self.host,
                self.wanted_port,
                compression=None,  # frames of a few dozen bytes: nothing to gain
                logger=_log,
            )
        except Exception as error:  # noqa: BLE001 - nothing here may take the game down
            self._fail(error)
        else:
            self.port = self._server.sockets[0].getsockname()[1]
        finally:
            self._trying = False
            self.ready.set()

    def _listen_again(self) -> None:
        if self._server is None and not self._trying:
            self._trying = True  # before the task runs: two quick retries make one try
            self._loop.create_task(self._listen())
        elif self._server is not None:
            self.ready.set()

    def _fail(self, error: Exception) -> None:
        taken = getattr(error, "errno", None) in _ADDRESS_IN_USE
        where = f"{self.host}:{self.wanted_port}"
        reason = (
            "the port is in use; choose another as livesplit_one_port in settings.json"
            if taken
            else f"{type(error).__name__}: {getattr(error, 'strerror', None) or error}"
        )
        print(f"LiveSplit One server ({where}) could not start: {reason}"[:300], file=sys.stderr)
        self.failure = (
            f"LiveSplit One: port {self.wanted_port} is in use"
            if taken
            else "LiveSplit One server could not start"
        )

    async def _serve_timer(self, connection: ServerConnection) -> None:
        self._connections.add(connection)
        try:
            async for message in connection:
                self.replies += 1
                _log.debug("LiveSplit One says %.200s", message)
        except ConnectionClosed:
            pass
        finally:
            self._connections.discard(connection)

    def _broadcast(self, frame: str) -> None:
        for connection in list(self._connections):
            transport = connection.transport
            if transport is not None and transport.get_write_buffer_size() > MAX_BACKLOG_BYTES:
                self._connections.discard(connection)
                transport.abort()
        broadcast(self._connections, frame)

    async def _shutdown(self) -> None:
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()
            self._server = None


_server: LiveSplitOneServer | None = None


def shared_server(port: int, host: str = DEFAULT_HOST) -> LiveSplitOneServer:
    """One server for the whole session (play screens come and go, the timers stay
    connected); a new port in the settings closes the old one."""
    global _server
    if _server is not None and (_server.host, _server.wanted_port) != (host, port):
        stop_shared_server()
    if _server is None:
        _server = LiveSplitOneServer(host, port)
    return _server


def stop_shared_server() -> None:
    """The option was turned off: free the port, and the timers see the server go."""
    global _server
    if _server is not None:
        _server.close()
        _server = None
