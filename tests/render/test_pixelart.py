"""The sprites players see: every animation exists, characters wear their colours, frames are
anchored at the feet, and it all builds with no window."""

from __future__ import annotations

import numpy as np
import pygame
import pytest

from game.render.palette import BASE, CHAKRA, FAINT_SKIN, FIRE, GORO_COLOURS, OUTLINE, SNORE
from game.render.pixelart import build_arrays, build_parallax, build_sprites, carried_lift

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
            "fire": 3,
            "boost": 2,
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
    "fire": 4,
    "fire_burst": 4,
    "brazier_unlit": 1,
    "brazier_lit": 4,
    "torch_unlit": 1,
    "torch_lit": 4,
    "dust": 4,
    "ceiling_crack": 4,
}

PEOPLE = ("naruto", "clone", "miner", "miner2", "miner3", "natasha", "goro")
STANDING_POSES = (
    "idle",
    "run",
    "walk",
    "jump",
    "fall",
    "wall",
    "rasengan",
    "stun",
    "carry",
    "fire",
    "boost",
)


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


def colour_mask(surface: pygame.Surface, colour) -> np.ndarray:
    return np.all(rgba(surface) == np.array(colour, np.uint8), axis=-1)


def body_mask(surface: pygame.Surface) -> np.ndarray:
    """The person without the outline and the little snore "z"s."""
    return opaque(surface) & ~colour_mask(surface, OUTLINE) & ~colour_mask(surface, SNORE)


def test_lying_people_are_wider_than_tall(bank):
    for who in ("miner", "natasha", "goro"):
        for pose in ("carried", "fainted"):
            frame = bank.get(f"{who}_{pose}", 0)
            mask = body_mask(frame)
            rows, cols = np.flatnonzero(mask.any(axis=1)), np.flatnonzero(mask.any(axis=0))
            assert len(cols) > 1.4 * len(rows)
            assert opaque(frame)[-1].any()  # resting on the bottom edge of the frame


@pytest.mark.parametrize("who", ["miner", "miner2", "miner3", "natasha", "goro"])
def test_fainted_people_look_out_cold(bank, who):
    """Pale, eyes shut, "z"s floating over the head; the carried pose stays awake-coloured."""
    frames = bank.frames(f"{who}_fainted")
    for frame in frames:
        assert has_colour(frame, FAINT_SKIN["S"])
        snore = colour_mask(frame, SNORE)
        assert snore.sum() >= 10
        body_top = np.flatnonzero(body_mask(frame).any(axis=1))[0]
        assert np.flatnonzero(snore.any(axis=1))[-1] < body_top  # above the body
        assert np.flatnonzero(snore.any(axis=0)).mean() < frame.get_width() * 0.75  # by the head
    assert not np.array_equal(rgba(frames[0]), rgba(frames[1]))  # the "z"s drift
    assert not has_colour(bank.get(f"{who}_carried", 0), FAINT_SKIN["S"])


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


def fire_pixels(surface: pygame.Surface) -> np.ndarray:
    pixels = rgba(surface)
    return np.isin(
        pixels[..., :3].view([("", np.uint8)] * 3).ravel(),
        np.array([c[:3] for c in FIRE], np.uint8).view([("", np.uint8)] * 3).ravel(),
    ).reshape(pixels.shape[:2]) & (pixels[..., 3] > 0)


def test_flames_flicker_and_stand_on_their_base(bank):
    frames = bank.frames("fire")
    for frame in frames:
        flame = fire_pixels(frame)
        assert flame[-1].any()  # it burns on whatever it is drawn on
        assert has_colour(frame, FIRE[0])  # a white-hot core
        widths = flame.sum(axis=1)
        rows = np.flatnonzero(widths)
        assert widths[rows[-3:]].mean() > widths[rows[:3]].mean()  # wide base, thin tip
    for a, b in zip(frames, frames[1:], strict=False):
        assert not np.array_equal(rgba(a), rgba(b))


def test_naruto_makes_a_seal_then_breathes_fire_forwards(bank):
    frames = bank.frames("naruto_fire")
    assert not fire_pixels(frames[0]).any() and not fire_pixels(frames[1]).any()
    flame = fire_pixels(frames[-1])
    assert flame.sum() >= 20
    assert np.flatnonzero(flame.any(axis=0)).min() > frames[-1].get_width() / 2  # in front
    assert len(bank.frames("clone_fire")) == len(frames)


def test_boosted_jump_glows_with_blue_chakra(bank):
    for frame in bank.frames("naruto_boost"):
        pixels = rgba(frame)
        blue = (pixels[..., 2] > 200) & (pixels[..., 0] < 160) & (pixels[..., 3] > 0)
        assert blue.sum() >= 40
        # the glow surrounds him: above his hair and on both sides
        hair_top = np.flatnonzero(colour_mask(frame, BASE["Y"]).any(axis=1))[0]
        assert blue[:hair_top].any()
        cols = np.flatnonzero(blue.any(axis=0))
        assert cols[0] < frame.get_width() / 2 - 5 and cols[-1] > frame.get_width() / 2 + 5
    first_hair = [
        np.flatnonzero(colour_mask(f, BASE["Y"]).any(axis=1))[0]
        for f in bank.frames("naruto_boost")
    ]
    assert first_hair[0] > first_hair[1]  # crouched lower before the leap
    clone = rgba(bank.get("clone_boost", 0))
    assert np.all(clone[..., :3] == np.array(CHAKRA[1][:3], np.uint8), axis=-1).any()


def test_fire_burst_swells_then_burns_out(bank):
    frames = bank.frames("fire_burst")
    cover = [int(opaque(f).sum()) for f in frames]
    assert cover[0] < cover[1] < cover[2]
    core = [int(colour_mask(f, FIRE[0]).sum()) for f in frames]
    assert core[-1] < core[2] / 3  # no white heat left at the end
    for frame in frames:  # centred: the event sits in the middle of the frame
        cols = np.flatnonzero(opaque(frame).any(axis=0))
        assert abs((cols[0] + cols[-1]) / 2 - frame.get_width() / 2) <= 2


@pytest.mark.parametrize("prop", ["brazier", "torch"])
def test_fire_props_light_up_without_moving(bank, prop):
    unlit = bank.get(f"{prop}_unlit", 0)
    lit_frames = bank.frames(f"{prop}_lit")
    assert not fire_pixels(unlit).any()
    for lit in lit_frames:
        assert lit.get_size() == unlit.get_size()  # swapping the sprite never shifts it
        flame = fire_pixels(lit)
        assert flame.sum() >= 12
        stand_top = np.flatnonzero(opaque(unlit).any(axis=1))[0]
        assert np.flatnonzero(flame.any(axis=1))[0] < stand_top  # flames rise above it
        # the unlit prop's stand is still there under the fire
        below = slice(stand_top + 3, None)
        assert np.array_equal(opaque(lit)[below], opaque(unlit)[below])
    mask = opaque(unlit)
    assert mask[-1].any()  # the base is the anchor
    cols = np.flatnonzero(mask[-1])
    assert abs((cols[0] + cols[-1] + 1) / 2 - unlit.get_width() / 2) <= 1


def test_dust_cloud_billows_then_settles(bank):
    frames = [rgba(f) for f in bank.frames("dust")]
    cover = [int((f[..., 3] > 0).sum()) for f in frames]
    assert cover[0] < cover[1]
    ink = [int(f[..., 3].astype(int).sum()) for f in frames]
    assert ink[-1] < ink[1] / 2
    for f in frames:  # stone-coloured, not smoke-black or fire
        rgb = f[f[..., 3] > 0][:, :3].astype(int)
        assert 60 < rgb.mean() < 200
        assert (np.abs(rgb[:, 0] - rgb[:, 2]) < 60).all()


def test_ceiling_crack_grows_with_each_collapse_stage(bank):
    frames = [opaque(f) for f in bank.frames("ceiling_crack")]
    ink = [int(f.sum()) for f in frames]
    assert ink[0] < ink[1] < ink[2] < ink[3]
    for before, after in zip(frames, frames[1:], strict=False):
        assert (after | ~before).all()  # the same crack, only bigger
    for stage in (2, 3):  # from stage 3 it spans the frame: copies side by side join up
        mask = frames[stage]
        assert mask[:, 0].any() and mask[:, -1].any()
        assert (np.flatnonzero(mask[:, 0]) == 5).any() and (np.flatnonzero(mask[:, -1]) == 5).any()
    assert (~frames[0]).mean() > 0.8  # mostly see-through: the rock shows around it


def test_art_is_the_same_every_build():
    first, second = build_arrays(), build_arrays()
    assert first.keys() == second.keys()
    for name in first:
        for a, b in zip(first[name], second[name], strict=True):
            assert np.array_equal(a, b), name


@pytest.fixture(scope="module")
def parallax():
    return [rgba(layer) for layer in build_parallax()]


def test_parallax_has_dark_layers_that_repeat_sideways(parallax):
    assert 2 <= len(parallax) <= 3
    for layer in parallax:
        assert layer.shape == (180, 320, 4)
        rgb = layer[..., :3].astype(float)
        inside = np.abs(np.diff(rgb, axis=1)).mean()
        across = np.abs(rgb[:, 0] - rgb[:, -1]).mean()
        assert across <= inside + 2  # no seam where copies meet
        shown = layer[..., 3] > 0
        luma = rgb[shown] @ [0.299, 0.587, 0.114]
        assert luma.mean() < 40 and np.percentile(luma, 99) < 90  # dark, low contrast


def test_farthest_parallax_layer_is_opaque_with_a_flat_top(parallax):
    far = parallax[0]
    assert (far[..., 3] == 255).all()
    assert (far[0] == far[0, 0]).all()  # the renderer extends this colour upwards


def test_nearer_parallax_layers_rise_from_the_bottom(parallax):
    for layer in parallax[1:]:
        shown = layer[..., 3] > 0
        assert shown[-1].all()  # standing on the ground
        assert not shown[:40].any()  # nothing floating at the top edge
        assert 0.05 < shown.mean() < 0.6


def test_parallax_has_faint_crystal_glints(parallax):
    glints = 0
    for layer in parallax:
        rgb = layer[..., :3].astype(int)
        warm_or_cold = (np.abs(rgb[..., 0] - rgb[..., 2]) > 40) & (layer[..., 3] > 0)
        glints += int(warm_or_cold.sum())
    assert 5 <= glints <= 200
