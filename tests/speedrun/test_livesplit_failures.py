"""Whatever goes wrong inside the LiveSplit thread is said once and retried on the next run;
the thread never dies with a traceback and the game never waits for it."""

import socket
from pathlib import Path

import pygame
import pytest
from ui.play_nav import Nav

from game.level.tiled import load_level
from game.render.pixelart import build_sprites
from game.sim.constants import RIGHT
from game.speedrun import livesplit
from game.speedrun.livesplit import LiveSplitClient, is_host
from game.ui.play import PlayScene

TUTORIAL = Path(__file__).resolve().parent.parent.parent / "maps" / "tutorial.tmx"


@pytest.mark.parametrize("host", ["a..b", ".", "x" * 64, "", "white space", "-x.com"])
def test_a_host_that_is_no_host_name_or_address_is_refused_up_front(host):
    assert not is_host(host)
    with pytest.raises(ValueError, match="not a host name or address"):
        LiveSplitClient(host, 16834)


def _resolver_that_fails(calls):
    def connect(address, timeout=None):
        calls.append(address)
        raise UnicodeError("encoding with 'idna' codec failed (label empty or too long)")

    return connect


def test_an_unexpected_error_in_the_thread_is_reported_once_then_retried_next_run(
    monkeypatch, capsys
):
    calls = []
    monkeypatch.setattr(socket, "create_connection", _resolver_that_fails(calls))
    client = LiveSplitClient("localhost", 1, retry_seconds=0)
    try:
        client.send("starttimer")
        client.send("split")
        client.close(timeout=5)  # sends what is queued, then stops: the thread is alive
        assert calls == [("localhost", 1)]  # after the failure it stays quiet
        assert client.take_failure() == "LiveSplit stopped (UnicodeError)"
        assert client.take_failure() is None  # shown once
        err = capsys.readouterr().err
        assert err.startswith("LiveSplit (localhost:1) stopped: UnicodeError: encoding with")
        assert err.count("\n") == 1 and "Traceback" not in err
    finally:
        client.close(timeout=1)


def test_retry_lets_the_next_run_connect_again(monkeypatch):
    calls = []
    monkeypatch.setattr(socket, "create_connection", _resolver_that_fails(calls))
    client = LiveSplitClient("localhost", 1, retry_seconds=0)
    client.send("starttimer")
    client.retry()  # may land before or after the failure: either way one more try below
    client.close(timeout=5)
    first = len(calls)
    client = LiveSplitClient("localhost", 1, retry_seconds=0)
    client.send("starttimer")
    client.close(timeout=5)
    assert first >= 1 and len(calls) == first + 1


def test_the_play_screen_shows_a_livesplit_failure_once_and_retries_on_restart(
    tmp_path, monkeypatch
):
    calls = []
    monkeypatch.setattr(socket, "create_connection", _resolver_that_fails(calls))
    monkeypatch.setattr(livesplit, "_clients", {})
    monkeypatch.setattr(livesplit, "RETRY_SECONDS", 0)
    pygame.display.init()
    nav = Nav(tmp_path, livesplit=True, skip_intro=True)
    scene = PlayScene(nav, load_level(TUTORIAL), build_sprites())
    client = scene.session.livesplit_client
    nav.mask = RIGHT
    for _ in range(20):
        scene.tick()
    client.close(timeout=5)  # let the thread handle the run's first lines
    for _ in range(5):
        scene.tick()
    assert len(nav.notices) == 1 and "LiveSplit" in nav.notices[0]
    assert nav.notices[0] == "LiveSplit stopped (UnicodeError); retried on the next run"
    assert client._failed  # noqa: SLF001 - quiet until the next run
    scene.restart()
    assert not client._failed  # noqa: SLF001
