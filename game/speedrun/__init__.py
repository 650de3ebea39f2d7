"""Speedrunning: in-game time, splits, and replays that anyone can verify headlessly.

The replay half: `digest` (what a map is, as the simulation sees it), `replay` (the file
format), `recorder` (turning a played run into a replay file) and `verify` (re-simulating
a replay to confirm its time).
"""
