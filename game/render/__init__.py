"""Presentation: draws a world it is handed and never changes it."""
