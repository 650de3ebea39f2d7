"""The dialogue box: who speaks (a small portrait and their name), what they say typed out
over half a second, and a blinking hint for the key that closes it.

The text comes from `world.dialogue`; a leading ``Name: `` says who speaks. The box only
reads the world; the simulation closes the box on a jump press.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import pygame

from game.input.prompts import fill
from game.render.colours import DIM, GOLD, INK, WHITE
from game.render.text import font

TYPE_TICKS = 30  # the whole line is out after half a second, however long it is
MARGIN = 12
BOX_H = 92
PORTRAIT = 56  # the framed face, px square
FACE_ROWS = 13  # the face is the top of the idle frame: hat, hair, eyes, chin
HINT = "[jump]"  # the key (or pad button) that closes the box: game.input.prompts.fill

PANEL = (20, 14, 16)
BORDER = (120, 92, 62)
BORDER_LIT = (214, 176, 112)
TEXT = WHITE
NAME = GOLD
HINT_COLOUR = DIM

# A speaker is one or two capitalised words before a colon: "Ludo:", "Dr. Natasha:".
SPEAKER = re.compile(r"^\s*([A-Z][\w.'-]*(?: [A-Z][\w.'-]*)?):\s+(.*)$", re.DOTALL)
PLAIN = str.maketrans({"—": "-", "–": "-", "’": "'", "‘": "'", "“": '"', "”": '"', "…": "..."})


def split_speaker(text: str) -> tuple[str, str]:
    """("Ludo", "I did it.") from "Ludo: I did it."; ("", text) with no speaker."""
    match = SPEAKER.match(text)
    if match is None:
        return "", text.strip()
    return match.group(1).strip(), match.group(2).strip()


def wrap(text: str, width: int, scale: int = 1) -> list[str]:
    """Words of `text` in lines no wider than `width` px in the pixel font at `scale`."""
    face = font(scale)
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for word in paragraph.split():
            candidate = f"{line} {word}" if line else word
            if face.size(candidate)[0] <= width or not line:
                line = candidate
            else:
                lines.append(line)
                line = word
        lines.append(line)
    return lines


PLAYER = "naruto"  # the player's own figure: the one speaker every map has


def sprite_prefix(speaker: str, looks: Mapping[str, str]) -> str | None:
    """Which figure's face to show for a speaker, or None for someone with no figure.
    `looks` gives each miner's figure by name (scene.miner_looks: from their map roles, so
    a doctor's line shows the doctor's face whatever she is called)."""
    last = speaker.split()[-1]  # "Dr. Natasha" speaks for a miner called Natasha
    if last.lower() == PLAYER:
        return PLAYER
    if speaker in looks:
        return looks[speaker]
    if last in looks:
        return looks[last]
    for name, look in looks.items():  # "Natasha:" for a miner called "Dr. Natasha"
        if name.split() and name.split()[-1] == last:
            return look
    return None


def face_of(frame: pygame.Surface, size: int = PORTRAIT - 8) -> pygame.Surface:
    """The head of a standing figure, cut from the top of its frame and scaled up whole."""
    body = frame.get_bounding_rect()
    width = min(body.width, 16)
    crop = pygame.Rect(body.centerx - width // 2, body.top, width, min(FACE_ROWS, body.height))
    head = frame.subsurface(crop.clip(frame.get_rect())).copy()
    scale = max(1, min(size // head.get_width(), size // head.get_height()))
    return pygame.transform.scale_by(head, scale)


class DialogueBox:
    def __init__(self, sprites):
        self.sprites = sprites
        self.text = ""
        self.age = 0  # ticks since this line opened
        self._faces: dict[str, pygame.Surface] = {}

    def update(self, text: str) -> None:
        """Once per tick with the world's current line: a new line starts typing afresh."""
        if text != self.text:
            self.text = text
            self.age = 0
        elif text:
            self.age += 1

    @property
    def typed(self) -> bool:
        return self.age >= TYPE_TICKS

    def _face(self, prefix: str) -> pygame.Surface | None:
        if prefix not in self._faces:
            name = f"{prefix}_idle"
            self._faces[prefix] = (
                face_of(self.sprites.frames(name)[0]) if name in self.sprites else None
            )
        return self._faces[prefix]

    def draw(
        self, canvas: pygame.Surface, looks: Mapping[str, str] | None = None
    ) -> pygame.Rect | None:
        """Draw the open line (nothing if none is open); return the box's rectangle.
        `looks`: the miners' figures by name (scene.miner_looks(world)), for their faces."""
        if not self.text:
            return None
        # `[jump]` and the other tokens name the player's own binding, on the device last used
        speaker, body = split_speaker(fill(self.text).translate(PLAIN))
        width, height = canvas.get_size()
        box = pygame.Rect(MARGIN, height - BOX_H - MARGIN, width - 2 * MARGIN, BOX_H)
        _panel(canvas, box)
        left = box.x + 10
        prefix = sprite_prefix(speaker, looks or {}) if speaker else None
        face = self._face(prefix) if prefix else None
        if face is not None:
            frame = pygame.Rect(box.x + 10, box.y + 10, PORTRAIT, PORTRAIT)
            canvas.fill(BORDER, frame)
            canvas.fill((44, 34, 32), frame.inflate(-4, -4))
            canvas.blit(face, face.get_rect(midbottom=(frame.centerx, frame.bottom - 2)))
            left = frame.right + 10
        top = box.y + 9
        if speaker:
            font(1).draw(canvas, speaker.upper(), (left, top), NAME, outline=INK)
            top += 14
        self._draw_body(
            canvas, body, pygame.Rect(left, top, box.right - 10 - left, box.bottom - top)
        )
        if self.typed and (self.age // 20) % 2 == 0:
            font(1).draw(
                canvas,
                fill(HINT),
                (box.right - 8, box.bottom - 6),
                HINT_COLOUR,
                anchor="bottomright",
            )
        return box

    def _draw_body(self, canvas: pygame.Surface, body: str, area: pygame.Rect) -> None:
        scale = 2
        lines = wrap(body, area.width, 2)
        if len(lines) * 20 > area.height - 12:  # long: the small face fits three times more
            scale, lines = 1, wrap(body, area.width, 1)
        shown = len(body) if self.typed else len(body) * (self.age + 1) // TYPE_TICKS
        step = 20 if scale == 2 else 11
        for i, line in enumerate(lines):
            if shown <= 0:
                break
            font(scale).draw(canvas, line[:shown], (area.x, area.y + i * step), TEXT, outline=INK)
            shown -= len(line) + 1  # the space the wrap took out


def _panel(canvas: pygame.Surface, box: pygame.Rect) -> None:
    """A dark plate with a two-tone frame, like the brass edge of a lamp."""
    canvas.fill(INK, box.inflate(6, 6))
    canvas.fill(BORDER, box.inflate(2, 2))
    canvas.fill(BORDER_LIT, (box.x - 1, box.y - 1, box.w + 2, 1))
    canvas.fill(PANEL, box)
