"""The dialogue box: shown exactly while the world has a line open, with the speaker's face,
typed out, and it never costs the runner time."""

from dataclasses import replace

import numpy as np
import pygame
from synthetic_level import make_level
from ui.play_nav import QuietNav

from game.render.dialogue import BOX_H, MARGIN, TYPE_TICKS, DialogueBox, split_speaker, wrap
from game.render.scene import CHIEF_LOOK
from game.render.text import font
from game.sim.constants import JUMP
from game.ui.play import PlayScene


class Nav(QuietNav):
    """The app as the play screen sees it (game/ui/navigator.py), with default settings and
    the input the test holds."""

    def __init__(self):
        super().__init__()
        self.mask = 0

    def sample_input(self):
        return self.mask


def box_area(canvas) -> pygame.Rect:
    w, h = canvas.get_size()
    return pygame.Rect(MARGIN, h - BOX_H - MARGIN, w - 2 * MARGIN, BOX_H)


def ink_in(canvas, rect, colour) -> int:
    pixels = pygame.surfarray.pixels3d(canvas)[rect.left : rect.right, rect.top : rect.bottom]
    return int(np.count_nonzero(np.all(pixels == colour, axis=2)))


def test_the_speaker_is_the_name_before_the_colon():
    assert split_speaker("Ludo: It was me.") == ("Ludo", "It was me.")
    assert split_speaker("The ground shakes: run!") == ("", "The ground shakes: run!")
    assert split_speaker("  no one speaks here") == ("", "no one speaks here")


def test_long_lines_wrap_inside_the_box():
    text = "The air is thin down here and the lamps are failing one by one, hurry"
    lines = wrap(text, 200)
    assert len(lines) > 1
    assert all(font(1).size(line)[0] <= 200 for line in lines)
    assert " ".join(lines) == text


def test_the_box_appears_only_while_the_world_has_a_line_open(tmp_path, sprites):
    level = replace(make_level(tmp_path), intro="Natasha: Is anyone there?")
    nav = Nav()
    play = PlayScene(nav, level, sprites)
    canvas = pygame.Surface((640, 360))
    assert play.world.dialogue
    play.draw(canvas)
    box = box_area(canvas)
    from game.render.dialogue import PANEL

    assert ink_in(canvas, box, PANEL) > box.w * box.h // 3
    for _ in range(20):  # read it, then press jump
        play.tick()
    nav.mask = JUMP
    play.tick()
    assert play.world.dialogue == ""
    play.draw(canvas)
    assert ink_in(canvas, box, PANEL) == 0


def test_the_clock_does_not_run_while_a_line_is_open(tmp_path, sprites):
    level = replace(make_level(tmp_path), intro="Goro: Get the doctor out first.")
    nav = Nav()
    play = PlayScene(nav, level, sprites)
    nav.mask = JUMP  # held from the start: it must not skip the line unread, nor start time
    for _ in range(5):
        play.tick()
    assert play.world.dialogue and play.world.game_ticks == 0


def test_enter_closes_the_box_like_a_jump(tmp_path, sprites):
    from game.input import Action, MenuAction

    level = replace(make_level(tmp_path), intro="Naruto: Believe it!")
    play = PlayScene(Nav(), level, sprites)
    for _ in range(20):
        play.tick()
    play.on_action(MenuAction(Action.CONFIRM, "keyboard"))
    play.tick()
    assert play.world.dialogue == ""


def test_a_named_speaker_gets_their_face_and_a_narrator_none(sprites):
    canvas = pygame.Surface((640, 360))
    box = DialogueBox(sprites)
    box.update("Goro: Stand back.")
    rect = box.draw(canvas, {"Goro": CHIEF_LOOK})
    portrait = pygame.Rect(rect.x + 10, rect.y + 10, 56, 56)
    goro_helmet = tuple(sprites.frames("goro_idle")[0].get_at((11, 2)))[:3]
    face_pixels = pygame.surfarray.pixels3d(canvas)[
        portrait.left : portrait.right, portrait.top : portrait.bottom
    ]
    assert len(np.unique(face_pixels.reshape(-1, 3), axis=0)) > 6  # a drawn face, not a plate
    canvas.fill((0, 0, 0))
    narrator = DialogueBox(sprites)
    narrator.update("The mountain groans.")
    rect = narrator.draw(canvas)
    left_part = pygame.Rect(rect.x + 20, rect.y + 40, 30, 20)
    assert ink_in(canvas, left_part, goro_helmet) == 0


def test_the_text_types_out_over_half_a_second(sprites):
    from game.render.dialogue import TEXT

    canvas = pygame.Surface((640, 360))
    box = DialogueBox(sprites)
    box.update("Ilya: My leg is stuck under the beam, I cannot move it at all.")
    rect = box.draw(canvas)
    early = ink_in(canvas, rect, TEXT)
    for _ in range(TYPE_TICKS):
        box.update(box.text)
    canvas.fill((0, 0, 0))
    box.draw(canvas)
    assert box.typed
    assert ink_in(canvas, rect, TEXT) > 4 * max(1, early)


def test_a_new_line_starts_typing_again(sprites):
    box = DialogueBox(sprites)
    box.update("Naruto: One.")
    for _ in range(TYPE_TICKS):
        box.update("Naruto: One.")
    assert box.typed
    box.update("Naruto: Two.")
    assert not box.typed
    box.update("")
    assert box.draw(pygame.Surface((640, 360))) is None
