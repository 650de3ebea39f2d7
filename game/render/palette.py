"""The colours of the sprites, keyed by the one-letter codes the ASCII grids in `sprite_data` use.

One shared palette keeps every character in the same light; a figure overrides a few letters
(shirt, skin, hair) to make a variant without redrawing it. '.' is always transparent and '#'
is the outline that `pixelart` adds around every figure.
"""

from __future__ import annotations

RGBA = tuple[int, int, int, int]

TRANSPARENT: RGBA = (0, 0, 0, 0)
OUTLINE: RGBA = (20, 13, 18, 255)


def _rgb(hex_code: str) -> RGBA:
    value = int(hex_code.lstrip("#"), 16)
    return (value >> 16 & 255, value >> 8 & 255, value & 255, 255)


BASE: dict[str, RGBA] = {
    ".": TRANSPARENT,
    "#": OUTLINE,
    # Naruto: orange and black jumpsuit, blond hair, dark blue forehead protector
    "O": _rgb("f28a1e"),  # jumpsuit orange
    "o": _rgb("c2601a"),  # orange in shadow
    "Q": _rgb("ffb554"),  # orange highlight
    "K": _rgb("25232e"),  # jumpsuit black
    "k": _rgb("4a4858"),  # black, lit edge
    "Y": _rgb("f7d23c"),  # blond hair
    "y": _rgb("c99a1e"),  # blond in shadow
    "H": _rgb("fff3a0"),  # hair highlight
    "B": _rgb("1f2d6b"),  # forehead protector cloth
    "M": _rgb("c8d2dc"),  # protector plate
    "m": _rgb("7d8999"),  # plate engraving / shade
    "E": _rgb("2f7ff0"),  # blue eyes
    "q": _rgb("9a5a3a"),  # whisker marks
    # skin and faces
    "S": _rgb("f4c393"),  # skin
    "s": _rgb("d29467"),  # skin in shadow
    "e": _rgb("2a1e1e"),  # dark eyes
    "W": _rgb("f2f2ee"),  # white (lab coat, eye whites)
    "w": _rgb("b9c0cc"),  # white in shadow
    "R": _rgb("d8262c"),  # red cross, blood-red accents
    # miners
    "G": _rgb("f5c518"),  # hard-hat yellow
    "g": _rgb("bf8f0c"),  # hard hat in shadow
    "L": _rgb("fffbd2"),  # lamp glass, reflective stripes
    "l": _rgb("5a5a62"),  # lamp housing
    "A": _rgb("9a6a3c"),  # work jacket (variant colour)
    "a": _rgb("6e4a28"),  # jacket in shadow
    "N": _rgb("3d5a8c"),  # overalls / work trousers
    "n": _rgb("2a3e63"),  # overalls in shadow
    "T": _rgb("6e4526"),  # boots
    "t": _rgb("4a2e19"),  # boots in shadow
    "F": _rgb("4a3222"),  # hair (variant)
    "J": _rgb("4a3222"),  # beard (variant; skin colour means clean-shaven)
    "D": _rgb("2b1f1c"),  # Natasha's dark hair
    "V": _rgb("e0521c"),  # Goro's chief helmet
    "v": _rgb("a53612"),  # chief helmet in shadow
    "P": _rgb("3f5a3a"),  # Goro's shirt
    "p": _rgb("2c4029"),  # Goro's shirt in shadow
    "U": _rgb("5e4630"),  # Goro's leather apron / trousers
    "u": _rgb("433120"),
    "C": _rgb("6fb6c9"),  # Natasha's blouse
    "Z": _rgb("fff27a"),  # dizzy stars
    "z": _rgb("9fd8ff"),  # sweat drop / dizzy swirl
}

# Colour variants of the plain miners: shirt, skin, hair and beard, so a crowd is not cloned.
MINER_VARIANTS: dict[str, dict[str, RGBA]] = {
    "miner": {
        "A": _rgb("9a6a3c"),
        "a": _rgb("6e4a28"),
        "F": _rgb("4a3222"),
        "J": _rgb("4a3222"),
        "N": _rgb("4c5260"),
        "n": _rgb("353946"),
    },
    "miner2": {
        "A": _rgb("4f7d3a"),
        "a": _rgb("365728"),
        "S": _rgb("c98d5e"),
        "s": _rgb("9c6640"),
        "F": _rgb("1d1714"),
        "J": _rgb("c98d5e"),  # clean-shaven
        "N": _rgb("5b4a3a"),
        "n": _rgb("3f3328"),
    },
    "miner3": {
        "A": _rgb("5d6f8f"),
        "a": _rgb("414f68"),
        "S": _rgb("f0caa8"),
        "s": _rgb("c99a76"),
        "F": _rgb("b5652b"),
        "J": _rgb("b5652b"),
        "N": _rgb("2f3540"),
        "n": _rgb("1f242c"),
    },
}

# Goro's own colours over the base: black hair and beard, weathered skin, dark trousers.
GORO_COLOURS: dict[str, RGBA] = {
    "J": _rgb("1c1618"),
    "F": _rgb("1c1618"),
    "S": _rgb("d9a077"),
    "s": _rgb("a8724e"),
    "N": _rgb("3b3a44"),
    "n": _rgb("2a2930"),
}

# A passed-out face loses its colour: skin goes grey-pale (over any figure's own skin).
FAINT_SKIN: dict[str, RGBA] = {
    "S": _rgb("d8cfc0"),
    "s": _rgb("a8a096"),
}
SNORE: RGBA = _rgb("dff2ff")  # the little "z"s floating over someone out cold

# Fire, hottest first: white-yellow core, yellow, orange, deep red at the licking edges.
FIRE: tuple[RGBA, ...] = (
    _rgb("fff8d2"),
    _rgb("ffd94a"),
    _rgb("ff9a26"),
    _rgb("e0521c"),
    _rgb("9c2614"),
)
EMBER: RGBA = _rgb("ffb13a")
SMOKE: RGBA = (64, 56, 54, 255)

# Chakra: the blue glow around Naruto when he charges a boosted jump.
CHAKRA: tuple[RGBA, ...] = (
    _rgb("e8fbff"),
    _rgb("8fd6ff"),
    _rgb("3c8cff"),
)

# Dust of collapsing rock, lit to shadowed: the brown-grey of the mine's stone.
DUST: tuple[RGBA, ...] = (
    _rgb("b7a58c"),
    _rgb("978670"),
    _rgb("75665a"),
    _rgb("56493f"),
)

# Iron of braziers and torch brackets; wood of the torch handle; a burnt-out head.
IRON: tuple[RGBA, ...] = (_rgb("7a7680"), _rgb("4d4a52"), _rgb("2c2a30"))
TORCH_WOOD: tuple[RGBA, ...] = (_rgb("9c6e42"), _rgb("6b4527"))
CHAR: tuple[RGBA, ...] = (_rgb("4a3a30"), _rgb("2a211c"))
COALS: tuple[RGBA, ...] = (_rgb("55473f"), _rgb("362e2a"), _rgb("c8481c"))
