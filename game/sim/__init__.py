"""The pure, deterministic simulation. Imports numpy and the standard library only."""

# Bumped whenever a change can make the same inputs give a different run, so that a replay
# made by another version is refused with a clear message instead of failing to verify.
# 2: steering fixes for overhangs and low steps (2026-11-25)
# 3: a miner carried by Goro is named in the new MinerPool column `carried_by_miner` instead
# of a `-2 - miner` code in `carried_by`. Runs are tick for tick the same, but the state
# hash of any world with a miner alive (a practice replay's final hash) now differs.
SIM_VERSION = 3
