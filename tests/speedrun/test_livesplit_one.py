"""LiveSplit One follows the game's own clock too: the exact JSON frames a real WebSocket
client receives from the game's server, several timers at once, and a timer that leaves or a
port already taken never disturbs the game."""

import contextlib
import json
import socket
import time
from pathlib import Path

import pygame
import pytest
from livesplit_kit import play_a_run
from ui.play_nav import Nav
from websockets.sync.client import connect

from game.level.tiled import load_level
from game.render.pixelart import build_sprites
from game.sim.constants import RIGHT
from game.speedrun import livesplit_one
from game.speedrun.livesplit import GAME_TIME, SPLIT, START, LiveSplitBridge, TimerEvent
from game.speedrun.livesplit_one import LiveSplitOneServer, one_frame
from game.store import Settings, parse_settings
from game.ui.play import PlayScene

TUTORIAL = Path(__file__).resolve().parent.parent.parent / "maps" / "tutorial.tmx"
PATIENCE = 5.0  # seconds a handoff between threads may take before the test gives up

# `play_a_run` as LiveSplit One receives it: livesplit-core's server protocol, serde names.
RUN_FRAMES = [
    '{"command":"start"}',
    '{"command":"pauseGameTime"}',  # and never resumed: the game's time alone is shown
    '{"command":"setGameTime","time":"0:00:00.01"}',
    '{"command":"setGameTime","time":"0:00:00.10"}',
    '{"command":"setGameTime","time":"0:00:00.11"}',
    '{"command":"split"}',
    '{"command":"setGameTime","time":"0:00:00.13"}',
    '{"command":"setGameTime","time":"0:00:00.15"}',
    '{"command":"setGameTime","time":"0:00:00.20"}',
    '{"command":"reset","saveAttempt":true}',
    '{"command":"start"}',
    '{"command":"pauseGameTime"}',
    '{"command":"setGameTime","time":"0:00:00.01"}',
    '{"command":"setGameTime","time":"0:00:00.50"}',
    '{"command":"split"}',
    '{"command":"skipSplit"}',
    '{"command":"setGameTime","time":"0:00:01.50"}',
    '{"command":"split"}',
]


def wait_until(condition) -> bool:
    """Polls `condition` (another thread's doing) until it holds or PATIENCE runs out."""
    deadline = time.monotonic() + PATIENCE
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.002)
    return True


@pytest.fixture
def server():
    serving = LiveSplitOneServer(port=0)  # any free port
    assert serving.ready.wait(PATIENCE) and serving.listening
    yield serving
    serving.close()


@contextlib.contextmanager
def timer_for(server):
    """A real WebSocket client where LiveSplit One would be, once the server counts it."""
    before = server.clients
    with connect(f"ws://127.0.0.1:{server.port}", open_timeout=PATIENCE) as timer:
        assert wait_until(lambda: server.clients == before + 1)
        yield timer


def test_a_run_reaches_live_split_one_as_the_exact_json_frames(server):
    with timer_for(server) as timer:
        play_a_run(LiveSplitBridge(server.push))
        frames = [timer.recv(timeout=PATIENCE) for _ in RUN_FRAMES]
    assert frames == RUN_FRAMES
    assert all(json.loads(frame)["command"] != "resumeGameTime" for frame in frames)


def test_the_replies_are_read_and_change_nothing(server):
    """LiveSplit One answers every command ({"success":null}, an error, an event): the
    server reads them all and keeps sending."""
    with timer_for(server) as timer:
        server.push(TimerEvent(START))
        assert timer.recv(timeout=PATIENCE) == '{"command":"start"}'
        timer.send('{"event":"Started"}')
        timer.send('{"success":null}')
        timer.send('{"error":{"code":"RunAlreadyInProgress"}}')
        assert wait_until(lambda: server.replies == 3)
        server.push(TimerEvent(SPLIT))
        assert timer.recv(timeout=PATIENCE) == '{"command":"split"}'


def test_every_connected_timer_gets_every_frame(server):
    with timer_for(server) as first, timer_for(server) as second:
        server.push(TimerEvent(GAME_TIME, 3600 * 60))
        expected = '{"command":"setGameTime","time":"1:00:00.00"}'
        assert first.recv(timeout=PATIENCE) == expected
        assert second.recv(timeout=PATIENCE) == expected


def test_a_timer_that_leaves_never_disturbs_the_game(server):
    with timer_for(server):
        pass  # closed as LiveSplit One's Disconnect does
    assert wait_until(lambda: server.clients == 0)
    with timer_for(server) as rude:
        rude.socket.close()  # gone without a word: a closed browser tab, a crash
    assert wait_until(lambda: server.clients == 0)
    for tick in range(100):
        server.push(TimerEvent(GAME_TIME, tick))  # nobody to send to: nothing happens
    with timer_for(server) as again:  # and the next timer is served as the first was
        server.push(TimerEvent(SPLIT))
        assert again.recv(timeout=PATIENCE) == '{"command":"split"}'


def test_a_port_in_use_is_said_once_and_tried_again_on_the_next_run(capsys):
    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen()
    port = taken.getsockname()[1]
    serving = LiveSplitOneServer(port=port)
    try:
        assert serving.ready.wait(PATIENCE) and not serving.listening
        serving.push(TimerEvent(START))  # the game goes on: nothing raised, nothing waited
        assert serving.take_failure() == f"LiveSplit One: port {port} is in use"
        assert serving.take_failure() is None  # shown once
        err = capsys.readouterr().err
        assert err == (
            f"LiveSplit One server (127.0.0.1:{port}) could not start: the port is in use; "
            "choose another as livesplit_one_port in settings.json\n"
        )
        taken.close()  # the other program is gone
        serving.retry()  # a new run
        assert serving.ready.wait(PATIENCE) and serving.listening
        with timer_for(serving) as timer:
            serving.push(TimerEvent(START))
            assert timer.recv(timeout=PATIENCE) == '{"command":"start"}'
    finally:
        taken.close()
        serving.close()
    serving.push(TimerEvent(SPLIT))  # after closing too: never an error into the game


def test_a_closed_server_frees_its_port(server):
    port = server.port
    server.close()
    again = LiveSplitOneServer(port=port)
    try:
        assert again.ready.wait(PATIENCE) and again.listening
    finally:
        again.close()


def test_the_game_time_uses_livesplit_servers_format():
    # livesplit-core's TimeSpan parser reads H:MM:SS.fraction; hours are not capped.
    assert one_frame(TimerEvent(GAME_TIME, 59)) == '{"command":"setGameTime","time":"0:00:00.98"}'
    assert one_frame(TimerEvent(GAME_TIME, 60 * 36001)) == (
        '{"command":"setGameTime","time":"10:00:01.00"}'
    )


def test_the_play_screen_serves_live_split_one_and_says_a_port_in_use(tmp_path, monkeypatch):
    """With the option on, a run reaches a connected timer; a taken port is one notice."""
    monkeypatch.setattr(livesplit_one, "_server", None)
    pygame.display.init()
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()  # a port that was free a moment ago
    nav = Nav(tmp_path, livesplit_one=True, livesplit_one_port=port, skip_intro=True)
    sprites = build_sprites()
    scene = PlayScene(nav, load_level(TUTORIAL), sprites)
    serving = scene.session.timers[0]
    try:
        assert serving.ready.wait(PATIENCE) and serving.listening
        with timer_for(serving) as timer:
            nav.mask = RIGHT
            scene.tick()
            assert timer.recv(timeout=PATIENCE) == '{"command":"start"}'
            assert timer.recv(timeout=PATIENCE) == '{"command":"pauseGameTime"}'
            assert timer.recv(timeout=PATIENCE) == '{"command":"setGameTime","time":"0:00:00.01"}'
        # A second game (or anything) on the same port: said once on screen, game goes on.
        monkeypatch.setattr(livesplit_one, "_server", None)
        other = Nav(tmp_path, livesplit_one=True, livesplit_one_port=port, skip_intro=True)
        second = PlayScene(other, load_level(TUTORIAL), sprites)
        refused = second.session.timers[0]
        assert refused.ready.wait(PATIENCE) and not refused.listening
        other.mask = RIGHT
        for _ in range(3):
            second.tick()
        assert other.notices == [f"LiveSplit One: port {port} is in use; retried on the next run"]
        refused.close()
        # The option turned off: the server stops and the port is free again.
        monkeypatch.setattr(livesplit_one, "_server", serving)
        PlayScene(Nav(tmp_path, skip_intro=True), load_level(TUTORIAL), sprites)
        assert livesplit_one._server is None
        assert wait_until(lambda: not serving._thread.is_alive())
        check = LiveSplitOneServer(port=port)
        assert check.ready.wait(PATIENCE) and check.listening
        check.close()
    finally:
        serving.close()


@pytest.mark.parametrize(
    ("values", "problem"),
    [
        ({"livesplit_one": "yes"}, 'livesplit_one must be true or false, got "yes"'),
        ({"livesplit_one_port": 0}, "livesplit_one_port must be a port number from 1 to 65535"),
        ({"livesplit_one_port": 65536}, "livesplit_one_port must be a port number"),
        ({"livesplit_one_port": True}, "livesplit_one_port must be a port number"),
        ({"livesplit_one_port": "16835"}, "livesplit_one_port must be a port number"),
    ],
)
def test_bad_live_split_one_settings_keep_their_defaults(values, problem):
    settings, problems = parse_settings(values)
    assert settings == Settings()  # off, on port 16835
    assert len(problems) == 1 and problems[0].startswith(problem)


def test_live_split_one_settings_are_read():
    settings, problems = parse_settings({"livesplit_one": True, "livesplit_one_port": 20000})
    assert problems == []
    assert settings.livesplit_one is True and settings.livesplit_one_port == 20000
    assert Settings().livesplit_one is False and Settings().livesplit_one_port == 16835


class QuietMixer:
    def apply_settings(self, settings):
        pass


def test_the_options_screen_turns_live_split_one_on_and_shows_its_url(tmp_path, monkeypatch):
    from game.app import App
    from game.input import Action, MenuAction
    from game.store import load_settings
    from game.ui.options import OptionsScreen, timer_address

    monkeypatch.setenv("GREAT_MINE_RESCUE_HOME", str(tmp_path / "home"))
    pygame.display.init()
    app = App()
    app.audio = QuietMixer()
    screen = OptionsScreen(app, None)
    screen.selected = [row.key for row in screen.rows].index("livesplit_one")
    screen.on_action(MenuAction(Action.CONFIRM, "keyboard"))
    assert load_settings().livesplit_one is True  # saved at once
    screen.on_key(pygame.K_LEFT)
    assert load_settings().livesplit_one is False
    assert timer_address("livesplit_one", app.settings) == "ws://localhost:16835"
    assert timer_address("livesplit", app.settings) == "localhost:16834"
    screen.draw(pygame.Surface((640, 360)))  # the row draws with its URL
