"""The sprites players see: every animation exists, characters wear their colours, frames are
anchored at the feet, and it all builds with no window."""

from __future__ import annotations

import numpy as np
import pygame
import pytest

from game.render.palette import BASE, GORO_COLOURS
from game.render.pixelart import build_sprites, carried_lift

REQUIRED = {
    **{
        f"{who}_{pose}": count
        for who in ("naruto", "clone")
        for pose, count in {
            "idle": 2,
            "run": 4,
            "jump": 1,
            "fall": 1,
            "wall": 2,
            "rasengan": 2,
            "stun": 2,
            "carry": 4,
        }.items()
    },
    **{
        f"{who}_{pose}": count
        for who in ("miner", "miner2", "miner3", "natasha", "goro")
        for pose, count in {"idle": 2, "walk": 4, "injured": 2, "carried": 1, "fainted": 1}.items()
    },
    "goro_carry": 4,
    "rock_small": 2,
    "rock_large": 2,
    "rock_chip": 3,
    "puff": 5,
    "rasengan_orb": 3,
    "spark": 2,
    "exit_glow": 2,
}

PEOPLE = ("naruto", "clone", "miner", "miner2", "miner3", "natasha", "goro")
STANDING_POSES = ("idle", "run", "walk", "jump", "fall", "wall", "rasengan", "stun", "carry")


@pytest.fixture(scope="module")
def bank():
    return build_sprites()


def rgba(surface: pygame.Surface) -> np.ndarray:
    width, height = surface.get_size()
    return np.frombuffer(pygame.image.tobytes(surface, "RGBA"), np.uint8).reshape(height, width, 4)


def has_colour(surface: pygame.Surface, colour) -> bool:
    return bool(np.all(rgba(surface) == np.array(colour, np.uint8), axis=-1).any())


def opaque(surface: pygame.Surface) -> np.ndarray:
    return rgba(surface)[..., 3] > 0


def test_builds_with_no_display_mode_set(bank):
    assert pygame.display.get_surface() is None
    frame = bank.get("naruto_idle", 0)
    assert frame.get_flags() & pygame.SRCALPHA
    assert opaque(frame).any() and not opaque(frame).all()  # a figure on a clear background


@pytest.mark.parametrize(("name", "count"), sorted(REQUIRED.items()))
def test_every_required_animation_has_its_frames(bank, name, count):
    assert name in bank
    assert len(bank.frames(name)) >= count
    assert all(opaque(frame).any() for frame in bank.frames(name))


def test_naruto_wears_orange_and_black_with_blond_hair_in_every_frame(bank):
    for name in (n for n in REQUIRED if n.startswith("naruto_")):
        for frame in bank.frames(name):
            assert has_colour(frame, BASE["O"]), f"{name}: no orange jumpsuit"
            assert has_colour(frame, BASE["K"]), f"{name}: no black trim"
            assert has_colour(frame, BASE["Y"]), f"{name}: no blond hair"
    standing = bank.get("naruto_idle", 0)
    assert has_colour(standing, BASE["B"]) and has_colour(standing, BASE["M"])  # protector
    assert has_colour(standing, BASE["E"])  # blue eyes


def test_rasengan_frames_hold_a_blue_orb(bank):
    for frame in bank.frames("naruto_rasengan"):
        pixels = rgba(frame)
        blue = (pixels[..., 2] > 200) & (pixels[..., 0] < 140) & (pixels[..., 3] > 0)
        assert blue.sum() >= 20
        # the orb is in front of him (facing right): right of the frame's centre
        assert np.flatnonzero(blue.any(axis=0)).mean() > frame.get_width() / 2


def test_shadow_clones_look_exactly_like_naruto(bank):
    for name in (n for n in REQUIRED if n.startswith("naruto_")):
        clone_name = "clone" + name[len("naruto") :]
        for mine, clones in zip(bank.frames(name), bank.frames(clone_name), strict=True):
            assert np.array_equal(rgba(mine), rgba(clones))
            assert mine is not clones  # tinting a clone must not tint Naruto


@pytest.mark.parametrize("who", ["miner", "miner2", "miner3", "natasha"])
def test_miners_wear_yellow_hard_hats(bank, who):
    for pose in ("idle", "walk", "injured", "carried", "fainted"):
        for frame in bank.frames(f"{who}_{pose}"):
            assert has_colour(frame, BASE["G"]), f"{who}_{pose}: no hard hat"
            lamp = has_colour(frame, BASE["l"]) and has_colour(frame, BASE["L"])
            assert lamp, f"{who}_{pose}: no lamp on the hat"


def test_goro_wears_the_red_chief_helmet_and_black_beard(bank):
    frame = bank.get("goro_idle", 0)
    assert has_colour(frame, BASE["V"])
    assert has_colour(frame, GORO_COLOURS["J"])
    assert not has_colour(frame, BASE["G"])  # not a plain miner's yellow hat


def test_natasha_wears_a_white_coat_with_a_red_cross(bank):
    frame = bank.get("natasha_idle", 0)
    pixels = rgba(frame)
    white = np.all(pixels == np.array(BASE["W"], np.uint8), axis=-1).sum()
    assert white >= 25
    assert has_colour(frame, BASE["R"])


def test_plain_miner_variants_do_not_look_cloned(bank):
    frames = [rgba(bank.get(f"{who}_idle", 0)) for who in ("miner", "miner2", "miner3")]
    for a in range(3):
        for b in range(a + 1, 3):
            differing = np.any(frames[a] != frames[b], axis=-1).sum()
            assert differing >= 30


def test_goro_is_bigger_than_the_other_miners(bank):
    def extent(surface):
        mask = opaque(surface)
        rows, cols = np.flatnonzero(mask.any(axis=1)), np.flatnonzero(mask.any(axis=0))
        return cols[-1] - cols[0] + 1, rows[-1] - rows[0] + 1

    goro_w, goro_h = extent(bank.get("goro_idle", 0))
    miner_w, miner_h = extent(bank.get("miner_idle", 0))
    assert goro_w > miner_w + 3 and goro_h > miner_h + 3


@pytest.mark.parametrize("who", PEOPLE)
def test_people_stand_on_the_frame_bottom_and_stay_centred(bank, who):
    """The renderer puts a frame's midbottom on the hitbox's midbottom: feet must be there."""
    for pose in STANDING_POSES:
        name = f"{who}_{pose}"
        if name not in bank:
            continue
        for frame in bank.frames(name):
            mask = opaque(frame)
            assert mask[-1].any(), f"{name}: feet do not reach the bottom row"
            feet_cols = np.flatnonzero(mask[-3])
            centre = (feet_cols[0] + feet_cols[-1] + 1) / 2
            assert abs(centre - frame.get_width() / 2) <= 3, f"{name}: feet off centre"


def test_lying_people_are_wider_than_tall(bank):
    for who in ("miner", "natasha", "goro"):
        for pose in ("carried", "fainted"):
            mask = opaque(bank.get(f"{who}_{pose}", 0))
            rows, cols = np.flatnonzero(mask.any(axis=1)), np.flatnonzero(mask.any(axis=0))
            assert len(cols) > 1.4 * len(rows)
            assert mask[-1].any()  # resting on the bottom edge of the frame


def test_facing_left_mirrors_and_is_cached(bank):
    right = bank.get("naruto_rasengan", 0)
    left = bank.get("naruto_rasengan", 0, facing=-1)
    assert np.array_equal(rgba(left), rgba(right)[:, ::-1])
    assert bank.get("naruto_rasengan", 0, facing=-1) is left


def test_frame_index_wraps_around(bank):
    frames = bank.frames("naruto_run")
    assert bank.get("naruto_run", len(frames) + 1) is frames[1]
    assert bank.get("naruto_run", -1) is frames[-1]


def test_clone_puff_grows_then_fades(bank):
    frames = [rgba(f) for f in bank.frames("puff")]
    covered = [int((f[..., 3] > 0).sum()) for f in frames]
    assert covered[0] < covered[1] < covered[2]
    ink = [int(f[..., 3].astype(int).sum()) for f in frames]
    assert ink[-1] < ink[2] / 2


def test_rasengan_orb_spins(bank):
    frames = [rgba(f) for f in bank.frames("rasengan_orb")]
    assert not np.array_equal(frames[0], frames[1])
    assert not np.array_equal(frames[1], frames[2])


def test_carried_person_rests_on_the_carriers_raised_hands(bank):
    for carrier in ("naruto", "goro"):
        frame = bank.get(f"{carrier}_carry", 0)
        mask = opaque(frame)
        top = np.flatnonzero(mask.any(axis=1))[0]
        hands_above_feet = frame.get_height() - top
        # the person lies on the hands: within a few pixels of their top
        assert hands_above_feet - 5 <= carried_lift(carrier, 0) <= hands_above_feet
    assert carried_lift("clone", 1) == carried_lift("clone", 0) - 1  # bobs with the arms
