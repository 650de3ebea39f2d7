"""The pure, deterministic simulation. Imports numpy and the standard library only."""

# Bumped whenever a change can make the same inputs give a different run, so that a replay
# made by another version is refused with a clear message instead of failing to verify.
SIM_VERSION = 2  # 2: steering fixes for overhangs and low steps (2026-11-25)
