"""A miner's figure comes from their map roles (`last_out`, `carrier`), never their name."""

import pygame
import pytest
from synthetic_level import make_level

from game.level.model import MinerSpec
from game.render.dialogue import sprite_prefix
from game.render.scene import (
    CHIEF_LOOK,
    DOCTOR_LOOK,
    PLAIN_LOOKS,
    SceneRenderer,
    miner_look,
    miner_looks,
)
from game.sim.pools import CARRIED, NONE
from game.sim.world import World

FLOOR = 28 * 16  # make_level's floor, in map pixels


@pytest.fixture
def world(tmp_path):
    miners = [
        MinerSpec(1, "Dr. Petra", 240, FLOOR, last_out=True),
        MinerSpec(2, "Boss Ivan", 280, FLOOR, carrier=True),
        MinerSpec(3, "Natasha", 320, FLOOR),  # the story's names, with no role here
        MinerSpec(4, "Goro", 360, FLOOR, injured=True),
    ]
    return World(make_level(tmp_path, miners=miners))


def test_the_doctor_and_the_chief_are_known_by_their_roles(world):
    assert miner_look(world, 0) == DOCTOR_LOOK
    assert miner_look(world, 1) == CHIEF_LOOK
    assert miner_look(world, 2) in PLAIN_LOOKS
    assert miner_look(world, 3) in PLAIN_LOOKS
    assert miner_looks(world) == {
        "Dr. Petra": DOCTOR_LOOK,
        "Boss Ivan": CHIEF_LOOK,
        "Natasha": miner_look(world, 2),
        "Goro": miner_look(world, 3),
    }


def test_the_renderer_draws_each_miner_with_their_roles_figure(world, sprites):
    renderer = SceneRenderer(world.level, sprites)
    renderer.draw(pygame.Surface((640, 360)), world)
    ground, carried = renderer._miner_blits(world, renderer.view_offset)
    assert carried == [] and len(ground) == 4
    expected = (DOCTOR_LOOK, CHIEF_LOOK, miner_look(world, 2), miner_look(world, 3))
    for (surface, _), look in zip(ground, expected, strict=True):
        assert any(surface is s for s in renderer.miner_frames[look].surfaces), look
    for (surface, _), role in zip(ground[2:], (DOCTOR_LOOK, CHIEF_LOOK), strict=True):
        assert not any(surface is s for s in renderer.miner_frames[role].surfaces)


def test_a_speakers_face_follows_the_role_too(world):
    looks = miner_looks(world)
    assert sprite_prefix("Dr. Petra", looks) == DOCTOR_LOOK
    assert sprite_prefix("Petra", looks) == DOCTOR_LOOK
    assert sprite_prefix("Boss Ivan", looks) == CHIEF_LOOK
    assert sprite_prefix("Natasha", looks) in PLAIN_LOOKS
    assert sprite_prefix("Goro", looks) in PLAIN_LOOKS
    assert sprite_prefix("Naruto", looks) == "naruto"
    assert sprite_prefix("Ludo", looks) is None


def test_a_miner_carried_by_the_chief_is_drawn_on_his_hands(world, sprites):
    m = world.miners
    chief, load = 1, 3  # Boss Ivan at x 280 carries Goro, whose hitbox stays at x 360
    m.state[load] = CARRIED
    m.carried_by_miner[load] = chief
    m.carrying[chief] = load
    assert m.carried_by[load] == NONE  # carried_by only ever names a clone
    renderer = SceneRenderer(world.level, sprites)
    renderer.draw(pygame.Surface((640, 360)), world)
    ground, carried = renderer._miner_blits(world, renderer.view_offset)
    (chief_frame, (chief_x, chief_y)), ((body, (x, y)),) = ground[chief], carried
    middle = x + body.get_width() // 2
    assert abs(middle - (chief_x + chief_frame.get_width() // 2)) <= 4
    assert y < chief_y  # up on his raised hands
    m.carried_by_miner[load] = NONE  # nobody's: drawn where the hitbox is, 80 px away
    _, ((body, (x, _)),) = renderer._miner_blits(world, renderer.view_offset)
    assert x + body.get_width() // 2 - middle > 60
