"""LiveSplit follows the game's own clock: the exact bytes a LiveSplit Server receives (game
time paused from the start and pushed on every change, lines ending in LF), and a missing or
vanishing server never disturbs the game."""

import socket
import threading
import time

import pytest
from livesplit_kit import play_a_run, world

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
        while self.data.count(b"\n") < count and time.monotonic() < deadline:
            time.sleep(0.01)
        return self.data

    def close(self):
        self.listener.close()


@pytest.fixture
def server():
    fake = FakeServer()
    yield fake
    fake.close()


def test_game_time_is_hours_minutes_seconds_hundredths():
    assert game_time(0) == "0:00:00.00"
    assert game_time(59) == "0:00:00.98"
    assert game_time(60 * 3661 + 30) == "1:01:01.50"


def test_a_run_drives_the_server_with_the_exact_bytes(server):
    client = LiveSplitClient("127.0.0.1", server.port)
    play_a_run(LiveSplitBridge(client.push))
    client.close()
    expected = (
        b"starttimer\n"
        b"pausegametime\n"  # and never unpaused: LiveSplit shows only the game's time
        b"setgametime 0:00:00.01\n"
        b"setgametime 0:00:00.10\n"
        b"setgametime 0:00:00.11\n"
        b"split\n"
        b"setgametime 0:00:00.13\n"
        b"setgametime 0:00:00.15\n"
        b"setgametime 0:00:00.20\n"
        b"reset\n"
        b"starttimer\n"
        b"pausegametime\n"
        b"setgametime 0:00:00.01\n"
        b"setgametime 0:00:00.50\n"
        b"split\n"
        b"skipsplit\n"
        b"setgametime 0:00:01.50\n"
        b"split\n"
    )
    assert server.wait_for(expected.count(b"\n")) == expected


def test_every_tick_the_clock_moves_is_pushed_and_a_split_always_says_its_time():
    lines = []
    bridge = LiveSplitBridge(lambda event: lines.append(livesplit.classic_line(event)))
    for tick in range(1, 4):
        bridge.observe(world(True, tick), None)
    bridge.observe(world(True, 3, [3]), None)  # a split on a tick already pushed
    assert lines == [
        "starttimer",
        "pausegametime",
        "setgametime 0:00:00.01",
        "setgametime 0:00:00.03",
        "setgametime 0:00:00.05",
        "setgametime 0:00:00.05",  # said again so the split cannot land on a stale time
        "split",
    ]


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
    assert server.data.startswith(b"starttimer\n")
    assert server.data.endswith(b"setgametime 0:00:01.00\n")
