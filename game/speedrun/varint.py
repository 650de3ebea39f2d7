"""Unsigned LEB128 varints, as every binary part of a replay stores its numbers: the inputs,
the checkpoints and trail sections, and a carried map's bundle (game/speedrun/embed.py).

Reading is strict, because a replay may come from anyone: running off the end or a number
longer than 28 bits is a ValueError with the caller's own one-line message.
"""

from __future__ import annotations

MAX_SHIFT = 28  # nothing a replay counts needs more than 35 bits; longer is a broken file


def put_varint(value: int, out: bytearray) -> None:
    """Append `value` as an unsigned LEB128 varint."""
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return


class ByteReader:
    """Reads bytes front to back. `ended` and `overlong` are the ValueErrors' messages for
    running off the end and for a varint too long to be honest."""

    def __init__(self, data: bytes, ended: str, overlong: str):
        self.data, self.at = data, 0
        self.ended, self.overlong = ended, overlong

    @property
    def at_end(self) -> bool:
        return self.at == len(self.data)

    def take(self, n: int) -> bytes:
        if n < 0 or self.at + n > len(self.data):
            raise ValueError(self.ended)
        chunk = self.data[self.at : self.at + n]
        self.at += n
        return chunk

    def byte(self) -> int:
        return self.take(1)[0]

    def varint(self) -> int:
        value, shift = 0, 0
        while True:
            byte = self.byte()
            value |= (byte & 0x7F) << shift
            if not byte & 0x80:
                return value
            shift += 7
            if shift > MAX_SHIFT:
                raise ValueError(self.overlong)
