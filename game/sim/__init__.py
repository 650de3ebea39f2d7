"""The pure, deterministic simulation. Imports numpy and the standard library only."""
