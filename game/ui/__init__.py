"""Screens around the game: title (with attract mode), play, pause overlay, results."""
