"""LiveSplit follows the game's own clock: the exact lines a LiveSplit Server receives, and
a missing or vanishing server never disturbs the game."""

import socket
import threading
import time
from types import SimpleNamespace

import pytest

from game.speedrun import livesplit
from game.speedrun.livesplit import LiveSplitBridge, LiveSplitClient, game_time


class FakeServer:
    """A LiveSplit Server stand-in on 127.0.0.1: records every line it receives."""

    def __init__(self):
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen()
        self.port = self.listener.getsockname()[1]
        self.data = b""
        self.connections = 0
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self):
        while True:
            try:
                conn, _ = self.listener.accept()
            except OSError:
                return
            self.connections += 1
            with conn:
                while chunk := conn.recv(4096):
                    self.data += chunk

    def wait_for(self, count, timeout=3.0):
        deadline = time.monotonic() + timeout
        while self.data.count(b"\r\n") < count and time.monotonic() < deadline:
            time.sleep(0.01)
        return self.data

    def close(self):
        self.listener.close()


@pytest.fixture
def server():
    fake = FakeServer()
    yield fake
    fake.close()


def world(started=False, game_ticks=0, split_ticks=(), splits=2):
    level = SimpleNamespace(splits=[object()] * splits)
    return SimpleNamespace(
        started=started, game_ticks=game_ticks, split_ticks=list(split_ticks), level=level
    )


def test_game_time_is_hours_minutes_seconds_hundredths():
    assert game_time(0) == "0:00:00.00"
    assert game_time(59) == "0:00:00.98"
    assert game_time(60 * 3661 + 30) == "1:01:01.50"


def test_a_run_drives_the_server_with_the_exact_lines(server):
    client = LiveSplitClient("127.0.0.1", server.port)
    bridge = LiveSplitBridge(client.send, every=6)
    bridge.observe(world(), False, None)  # before the first input: nothing
    bridge.observe(world(True, 1), False, None)
    bridge.observe(world(True, 6), False, None)
    bridge.observe(world(True, 7, [7]), False, None)
    bridge.observe(world(True, 8, [7]), True, None)  # a dialogue box opens
    bridge.observe(world(True, 8, [7]), True, None)
    bridge.observe(world(True, 9, [7]), False, None)  # closed
    bridge.observe(world(True, 12, [7]), False, None)
    bridge.reset()  # R
    bridge.observe(world(True, 1), False, None)
    bridge.observe(world(True, 90, [30]), False, 90)  # Any% done before the second split
    bridge.observe(world(True, 91, [30]), False, 90)  # nothing after the finish
    client.close()
    expected = [
        "starttimer",
        "setgametime 0:00:00.10",
        "setgametime 0:00:00.11",
        "split",
        "setgametime 0:00:00.13",
        "pausegametime",
        "unpausegametime",
        "setgametime 0:00:00.20",
        "reset",
        "starttimer",
        "setgametime 0:00:00.50",
        "split",
        "skipsplit",
        "setgametime 0:00:01.50",
        "split",
    ]
    data = server.wait_for(len(expected))
    assert data == b"".join(f"{line}\r\n".encode() for line in expected)


def test_no_server_costs_the_game_nothing(monkeypatch):
    """`send` only queues: the game goes on while the client's thread is stuck connecting to
    a server that never answers, and lines that do not fit are dropped, never waited for."""
    game = threading.current_thread()
    connecting, stuck, release = [], threading.Event(), threading.Event()

    def never_answers(address, timeout=None):
        connecting.append(threading.current_thread())
        if threading.current_thread() is game:
            raise AssertionError("the game's own thread waited for the network")
        stuck.set()
        release.wait()  # until the test lets go: as long as any send could take
        raise ConnectionRefusedError  # and then nobody is there after all

    monkeypatch.setattr(livesplit.socket, "create_connection", never_answers)
    # Only so that a send which does block fails the test instead of hanging it.
    watchdog = threading.Timer(60, release.set)
    watchdog.start()
    client = LiveSplitClient("127.0.0.1", 9, retry_seconds=60)
    try:
        client.send("starttimer")
        assert stuck.wait(timeout=10)  # the client's thread is in the connect now
        for i in range(10_000):
            client.send(f"setgametime {game_time(i)}")
        assert not release.is_set()  # every send returned while the connect still hung
        assert client._queue.qsize() == livesplit.QUEUE_LIMIT  # queued, the rest dropped
        assert connecting == [client._thread]  # one attempt, on the client's own thread
    finally:
        release.set()
        watchdog.cancel()
    client.close(timeout=10)
    assert not client.connected


def test_a_lost_connection_is_silent_and_retried(server):
    client = LiveSplitClient("127.0.0.1", server.port, retry_seconds=0.05)
    client.send("starttimer")
    server.wait_for(1)
    assert client.connected
    client._socket.shutdown(socket.SHUT_RDWR)  # the server side goes away mid-run
    deadline = time.monotonic() + 3
    while server.connections < 2 and time.monotonic() < deadline:
        client.send("setgametime 0:00:01.00")
        time.sleep(0.02)
    client.close()
    assert server.connections == 2
    assert server.data.startswith(b"starttimer\r\n")
    assert server.data.endswith(b"setgametime 0:00:01.00\r\n")
