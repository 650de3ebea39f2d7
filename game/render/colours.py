"""The colours of the game's text and panels, shared so every screen speaks one palette."""

INK = (16, 10, 10)  # outlines and shadows behind text
WHITE = (244, 240, 228)
DIM = (178, 168, 150)
GOLD = (255, 206, 92)
RED = (255, 72, 56)
DEEP_RED = (150, 24, 18)
EMBER = (150, 52, 20)
