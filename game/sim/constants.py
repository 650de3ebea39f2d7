"""Units, tile flags and input bits shared by the simulation, the loader and the presentation.

Positions and velocities are integers in sub-pixel units (1/256 px) so that the same
inputs give the same world bit for bit on every machine.
"""

TICKS_PER_SECOND = 60
SUBPIXEL = 256  # sub-pixel units per pixel
TILE = 16  # tile edge in pixels
TILE_SUB = TILE * SUBPIXEL  # tile edge in sub-pixel units

# Tile flags: one uint8 per grid cell, built from the tileset's tile properties.
SOLID = 1
ONE_WAY = 2  # solid from above only (timber planks)
BREAKABLE = 4  # Rasengan clears it
BURNABLE = 8  # Fire ignition clears it (a later issue)

# Input bits: one small bitmask per tick. The order is part of the replay format.
LEFT = 1 << 0
RIGHT = 1 << 1
UP = 1 << 2
DOWN = 1 << 3
JUMP = 1 << 4
RASENGAN = 1 << 5
CLONE = 1 << 6
FIRE = 1 << 7
TRANSFORM = 1 << 8

BUTTONS = {
    "left": LEFT,
    "right": RIGHT,
    "up": UP,
    "down": DOWN,
    "jump": JUMP,
    "rasengan": RASENGAN,
    "clone": CLONE,
    "fire": FIRE,
    "transform": TRANSFORM,
}
