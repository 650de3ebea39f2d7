"""The pure, deterministic simulation. Imports numpy and the standard library only."""

# Bumped whenever a change can make the same inputs give a different run, so that a replay
# made by another version is refused with a clear message instead of failing to verify.
# 2: steering fixes for overhangs and low steps (2026-11-25)
# 3: a miner carried by Goro is named in the new MinerPool column `carried_by_miner` instead
# of a `-2 - miner` code in `carried_by`. Runs are tick for tick the same, but the state
# hash of any world with a miner alive (a practice replay's final hash) now differs.
# 4: under open sky (no rock above), a clone climbing over a ledge steps onto it once its feet
# clear the wall's top, where it used to climb on into the sky (Boulder Town's roofs). Under a
# rock roof nothing changed: the Great Mine's and the Tutorial's runs are tick for tick the
# same, but their replays carry version 3 (2026-12-01).
SIM_VERSION = 4
