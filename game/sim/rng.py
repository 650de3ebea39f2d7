"""The world's own random numbers: a 32-bit xorshift generator in plain integers.

Nothing in the simulation may use `random`, numpy's global state or the clock; every draw
comes from here, so a seed and the inputs decide everything.
"""

from __future__ import annotations

MASK32 = 0xFFFFFFFF


class Rng:
    def __init__(self, seed: int):
        # Mix the seed so that small seeds (1, 2, 3) still give unrelated sequences,
        # and never let the state be zero (xorshift would stay at zero forever).
        state = (seed * 0x9E3779B1 + 0x7F4A7C15) & MASK32
        self.state = state or 0x6D2B79F5

    def next_u32(self) -> int:
        x = self.state
        x ^= (x << 13) & MASK32
        x ^= x >> 17
        x ^= (x << 5) & MASK32
        self.state = x
        return x

    def below(self, n: int) -> int:
        """An integer in [0, n)."""
        if n <= 0:
            raise ValueError("n must be positive")
        return self.next_u32() % n

    def chance(self, numerator: int, denominator: int) -> bool:
        """True with probability numerator/denominator."""
        return self.below(denominator) < numerator
