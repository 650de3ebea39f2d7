"""A run as LiveSplit's bridge sees it, shared by the LiveSplit and LiveSplit One tests: the
world's few fields the bridge reads, and two attempts played tick by tick."""

from types import SimpleNamespace

from game.speedrun.livesplit import LiveSplitBridge


def world(started=False, game_ticks=0, split_ticks=(), splits=2):
    level = SimpleNamespace(splits=[object()] * splits)
    return SimpleNamespace(
        started=started, game_ticks=game_ticks, split_ticks=list(split_ticks), level=level
    )


def play_a_run(bridge: LiveSplitBridge) -> None:
    """Two attempts: a split, a dialogue box, a restart, then Any% done before the second
    split."""
    bridge.observe(world(), None)  # before the first input: nothing
    bridge.observe(world(True, 1), None)
    bridge.observe(world(True, 6), None)
    bridge.observe(world(True, 7, [7]), None)
    bridge.observe(world(True, 8, [7]), None)  # a dialogue box opens: the clock stops
    bridge.observe(world(True, 8, [7]), None)  # nothing new to push
    bridge.observe(world(True, 9, [7]), None)  # closed
    bridge.observe(world(True, 12, [7]), None)  # (ticks 10 and 11 not observed here)
    bridge.reset()  # R
    bridge.observe(world(True, 1), None)
    bridge.observe(world(True, 90, [30]), 90)  # Any% done before the second split
    bridge.observe(world(True, 91, [30]), 90)  # nothing after the finish
