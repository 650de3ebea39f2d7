"""Boulder Town's people and things as a player sees them: armoured guards with halberds, the
commander, Naruto in disguise (always findable by his orange), townsfolk who cheer and speak,
Vache's crates on the ground and over the clones' heads, and the HUD's crate count."""

from dataclasses import replace

import numpy as np
import pygame
import pytest
from synthetic_level import make_level

from game.level.model import CampSpec, CrateSpec, FolkSpec, GuardSpec, Rect
from game.render import hud as hud_module
from game.render.effects import BURSTS, KINDS, Effects
from game.render.hud import Hud
from game.render.pixelart import TOWN_COLOURS
from game.render.scene import BUBBLE_PAPER, BUBBLE_TICKS, SceneRenderer, bubble_shown
from game.sim import events as ev
from game.sim.constants import SUBPIXEL
from game.sim.pools import CARRIED, CLONE_H, CLONE_W, CRATE_H, CRATE_W, GUARD_H
from game.sim.world import World
from game.ui.results import crates_line

FIGURES = ("guard", "commander", "disguise", "folk", "folk2", "child", "vache", "oleg")
POSES = {
    "guard": ("idle", "braced", "walk"),
    "commander": ("idle", "braced", "walk"),
    "disguise": ("idle", "run", "jump", "fall"),
    "folk": ("idle", "cheer"),
    "folk2": ("idle", "cheer"),
    "child": ("idle", "cheer"),
    "vache": ("idle", "cheer"),
    "oleg": ("idle", "cheer"),
}
STEEL = TOWN_COLOURS["i"][:3]
ORANGE = (242, 138, 30)  # Naruto's jumpsuit orange (palette "O")
CROSS_RED = (216, 38, 44)  # the red cross (palette "R")
COAT_WHITE = (242, 242, 238)
SKIN = (244, 195, 147)


def rgb_count(surface: pygame.Surface, colour, rect=None) -> int:
    """Opaque pixels of exactly `colour` (in `rect` if given)."""
    if rect is not None:
        surface = surface.subsurface(rect.clip(surface.get_rect()))
    rgb = pygame.surfarray.array3d(surface)
    alpha = (
        pygame.surfarray.array_alpha(surface)
        if surface.get_flags() & pygame.SRCALPHA
        else np.full(rgb.shape[:2], 255)
    )
    return int(np.count_nonzero(np.all(rgb == colour, axis=2) & (alpha > 0)))


# --- the sprites ---------------------------------------------------------------------------------
@pytest.mark.parametrize("figure", FIGURES)
def test_every_pose_has_its_feet_at_the_bottom_centre(sprites, figure):
    for pose in POSES[figure]:
        name = f"{figure}_{pose}"
        assert name in sprites, name
        for frame in sprites.frames(name):
            w, h = frame.get_size()
            alpha = pygame.surfarray.array_alpha(frame)  # (w, h)
            assert alpha.any(), f"{name}: an empty frame"
            rows = np.flatnonzero(alpha.any(axis=0))
            assert rows[-1] == h - 1, f"{name}: the outline under the soles is the last row"
            feet = np.flatnonzero(alpha[:, h - 2])
            assert len(feet), f"{name}: the feet stand on the second-to-last row"
            middle = (feet[0] + feet[-1]) / 2
            assert abs(middle - w / 2) <= 3, f"{name}: feet centred ({middle} of {w})"


def test_a_guard_reads_as_armoured_and_holds_a_halberd(sprites):
    guard = sprites.frames("guard_idle")[0]
    w, h = guard.get_size()
    assert rgb_count(guard, STEEL) > 60  # helmet, breastplate, greaves
    assert rgb_count(guard, ORANGE) == 0
    # the halberd stands higher than the helmet: opaque pixels in the top rows, front side
    alpha = pygame.surfarray.array_alpha(guard)
    assert alpha[w // 2 + 3 :, :3].any()
    assert h > 24  # taller than Naruto, halberd and all


def test_naruto_in_disguise_is_a_guard_with_his_orange(sprites):
    disguise = sprites.frames("disguise_idle")[0]
    guard = sprites.frames("guard_idle")[0]
    assert disguise.get_size() == guard.get_size()
    assert rgb_count(disguise, STEEL) > 40
    assert rgb_count(disguise, ORANGE) >= 8  # the scarf: the player always finds him


def test_the_commander_is_marked_and_not_a_plain_guard(sprites):
    commander = sprites.frames("commander_idle")[0]
    guard = sprites.frames("guard_idle")[0]
    plume = TOWN_COLOURS["r"][:3]
    cape = TOWN_COLOURS["c"][:3]
    assert rgb_count(commander, plume) > 5 and rgb_count(guard, plume) == 0
    assert rgb_count(commander, cape) > 10 and rgb_count(guard, cape) == 0
    assert rgb_count(commander, STEEL) > 40


def test_vache_wears_a_white_coat_and_oleg_is_big(sprites):
    vache = sprites.frames("vache_idle")[0]
    oleg = sprites.frames("oleg_idle")[0]
    folk = sprites.frames("folk_idle")[0]
    child = sprites.frames("child_idle")[0]
    assert rgb_count(vache, COAT_WHITE) > 40
    assert vache.get_height() > folk.get_height()  # tall
    assert oleg.get_bounding_rect().width > folk.get_bounding_rect().width + 4  # broad
    assert child.get_height() < folk.get_height()


def highest(surface: pygame.Surface, colour) -> int:
    """The topmost row holding `colour`."""
    rgb = pygame.surfarray.array3d(surface)
    return int(np.flatnonzero(np.all(rgb == colour, axis=2).any(axis=0))[0])


def test_cheering_raises_the_hands_above_the_face(sprites):
    for look in ("folk", "folk2", "child", "vache", "oleg"):
        face = highest(sprites.frames(f"{look}_idle")[0], SKIN)
        for frame in sprites.frames(f"{look}_cheer"):
            assert highest(frame, SKIN) <= face - 3, look


def test_the_crate_is_a_twelve_by_ten_box_with_a_red_cross(sprites):
    for name in ("crate_box", "crate_carried"):
        (frame,) = sprites.frames(name)
        assert frame.get_size() == (CRATE_W, CRATE_H)
        assert rgb_count(frame, CROSS_RED) >= 12


# --- the scene -----------------------------------------------------------------------------------
@pytest.fixture
def town(tmp_path):
    level = make_level(tmp_path, miners=[])
    floor = (level.height - 2) * 16
    return replace(
        level,
        collapse_seconds=0,
        crates=[CrateSpec(10, "crate", 250, floor), CrateSpec(11, "crate2", 420, floor)],
        camps=[CampSpec(12, "camp", Rect(520, floor - 48, 64, 48))],
        guards=[
            GuardSpec(13, "guard", 330, floor, 3),
            GuardSpec(14, "Morana", 360, floor, 5, True, "Commander Morana: Let them pass."),
        ],
        townsfolk=[
            FolkSpec(15, "Oleg", 120, floor, "oleg", "I knew he would come back!"),
            FolkSpec(16, "Vache", 150, floor, "vache"),
            FolkSpec(17, "girl", 170, floor, "child"),
        ],
    )


def draw(level, sprites, world):
    renderer = SceneRenderer(level, sprites)
    canvas = pygame.Surface((640, 360))
    renderer.draw(canvas, world)
    return canvas, renderer


def around(renderer, x, y, w, h) -> pygame.Rect:
    """A rectangle of the map, in screen pixels."""
    ox, oy = renderer.view_offset
    return pygame.Rect(x - ox, y - oy, w, h)


def test_the_scene_draws_crates_guards_and_folk(town, sprites):
    world = World(town)
    assert world.total_crates == 2 and world.guards.count == 2
    canvas, renderer = draw(town, sprites, world)
    floor = (town.height - 2) * 16
    crate = around(renderer, 250 - CRATE_W // 2, floor - CRATE_H, CRATE_W, CRATE_H)
    assert rgb_count(canvas, CROSS_RED, crate) >= 12
    guard = around(renderer, 330 - 11, floor - 30, 22, 30)
    assert rgb_count(canvas, STEEL, guard) > 40
    vache = around(renderer, 150 - 8, floor - 28, 16, 28)
    assert rgb_count(canvas, COAT_WHITE, vache) > 30


def test_a_guard_walked_aside_is_drawn_darker(town, sprites):
    world = World(town)
    floor = (town.height - 2) * 16
    guard = None
    for aside in (False, True):
        world.guards.aside[0] = aside
        world.guards.aside_ticks[0] = 100
        canvas, renderer = draw(town, sprites, world)
        spot = around(renderer, 330 - 11, floor - 30, 22, 30)
        steel = rgb_count(canvas, STEEL, spot)
        if not aside:
            guard = steel
    assert guard > 40 and steel == 0  # the same guard, in shadow


def test_a_pushed_guard_braces_with_the_halberd_across(town, sprites):
    world = World(town)
    canvas, renderer = draw(town, sprites, world)
    idle = renderer._guard_blits(world, renderer.view_offset)[0][0]
    world.guards.pushers[0] = 2
    braced = renderer._guard_blits(world, renderer.view_offset)[0][0]
    braced_frames = [sprites.get("guard_braced", i, f) for i in range(2) for f in (1, -1)]
    assert idle is not braced
    assert any(braced is f for f in braced_frames)


def test_a_carried_crate_rides_over_its_clones_head(town, sprites):
    world = World(town)
    floor = (town.height - 2) * 16
    world.clones.spawn(1, x=400 * SUBPIXEL, y=(floor - CLONE_H) * SUBPIXEL, on_ground=True)
    k, c = world.crates, world.clones
    k.state[0], k.carried_by[0], c.crate[0] = CARRIED, 0, 0
    canvas, renderer = draw(town, sprites, world)
    waiting, carried = renderer._crate_blits(world, renderer.view_offset)
    assert len(waiting) == 1 and len(carried) == 1
    surface, (x, y) = carried[0]
    ox, oy = renderer.view_offset
    head_top = floor - CLONE_H - oy
    assert y + surface.get_height() <= head_top + 4  # on the raised hands, over the head
    assert abs(x + surface.get_width() // 2 - (400 + CLONE_W // 2 - ox)) <= 1
    # and the clone holds it up: its carry pose, not its idle one
    ((clone, _),) = renderer._clone_blits(world, renderer.view_offset)
    assert clone.get_size() == sprites.frames("clone_carry")[0].get_size()


def test_naruto_is_drawn_disguised_only_while_transformed(town, sprites):
    world = World(town)
    canvas, renderer = draw(town, sprites, world)
    ((plain, _),) = renderer._naruto_blits(world, renderer.view_offset)
    world.naruto.disguise = 90
    ((disguised, _),) = renderer._naruto_blits(world, renderer.view_offset)
    assert rgb_count(plain, STEEL) == 0
    assert rgb_count(disguised, STEEL) > 40 and rgb_count(disguised, ORANGE) >= 8


def bubble_pixels(town, sprites, world) -> int:
    canvas, renderer = draw(town, sprites, world)
    floor = (town.height - 2) * 16
    above_oleg = around(renderer, 120 - 90, floor - 90, 180, 62)
    return rgb_count(canvas, BUBBLE_PAPER, above_oleg)


def test_folk_cheer_and_speak_for_four_seconds_after_seeing_the_clones(town, sprites):
    world = World(town)
    assert bubble_pixels(town, sprites, world) == 0  # nobody has reacted yet
    world.folk_cheer_tick[0] = 100
    world.tick = 110
    assert bubble_pixels(town, sprites, world) > 200
    world.tick = 100 + BUBBLE_TICKS - 1
    assert bubble_pixels(town, sprites, world) > 200
    world.tick = 100 + BUBBLE_TICKS
    assert bubble_pixels(town, sprites, world) == 0
    assert bubble_shown(100, 100) and not bubble_shown(99, 100) and not bubble_shown(400, 100)


def oleg_frames(sprites, pose: str) -> list[pygame.Surface]:
    name = f"oleg_{pose}"
    count = len(sprites.frames(name))
    return [sprites.get(name, i, facing) for i in range(count) for facing in (1, -1)]


def test_a_cheering_townsperson_hops_with_arms_up(town, sprites):
    world = World(town)
    _, renderer = draw(town, sprites, world)
    ((still, (_, still_y)), *_rest) = renderer._folk_blits(world, renderer.view_offset)
    assert any(still is f for f in oleg_frames(sprites, "idle"))
    world.folk_cheer_tick[0] = world.tick
    feet = set()
    for tick in range(world.tick, world.tick + 30):
        world.tick = tick
        ((frame, (_, y)), *_rest) = renderer._folk_blits(world, renderer.view_offset)
        assert any(frame is f for f in oleg_frames(sprites, "cheer"))
        feet.add(y + frame.get_height())
    assert max(feet) == still_y + still.get_height()  # back on the ground between hops
    assert min(feet) < max(feet)  # and off it


# --- effects -------------------------------------------------------------------------------------
def test_the_town_events_are_seen(sprites):
    for kind in (
        ev.CRATE_PICKUP,
        ev.CRATE_DELIVER,
        ev.SHOVE,
        ev.GUARD_ASIDE,
        ev.TRANSFORM,
        ev.UNTRANSFORM,
        ev.CHEER,
    ):
        assert kind in BURSTS, kind
    effects = Effects(sprites)
    effects.observe([(ev.TRANSFORM, 300, 200)])
    live = np.flatnonzero(effects.alive)
    assert len(live) == 1
    assert KINDS[int(effects.kind[live[0]])].sprite == "transform_puff"
    biggest = max(f.get_bounding_rect().height for f in sprites.frames("transform_puff"))
    assert biggest >= GUARD_H  # at its fullest it hides a whole guard


# --- HUD and results -----------------------------------------------------------------------------
def hud_texts(world, monkeypatch) -> list[str]:
    hud = Hud(100)
    drawn: list[str] = []
    for face in (hud.small, hud.big):
        original = face.draw

        def spy(target, text, *args, _original=original, **kwargs):
            drawn.append(text)
            return _original(target, text, *args, **kwargs)

        monkeypatch.setattr(face, "draw", spy)
    hud.draw(pygame.Surface((640, 360)), world)
    return drawn


def test_the_hud_counts_crates_only_on_a_map_with_crates(town, tmp_path, monkeypatch):
    world = World(town)
    world.crates_delivered = 1
    texts = hud_texts(world, monkeypatch)
    assert "CRATES 1/2" in texts
    (tmp_path / "mine").mkdir()
    mine = World(make_level(tmp_path / "mine"))
    assert mine.total_crates == 0
    assert not any(t.startswith("CRATES") for t in hud_texts(mine, monkeypatch))
    assert hud_module.crates_text(world) == "CRATES 1/2"


def test_the_town_alone_has_no_collapse_timer(town, tmp_path, monkeypatch):
    assert "COLLAPSE" not in hud_texts(World(town), monkeypatch)
    (tmp_path / "mine").mkdir()
    mine = World(make_level(tmp_path / "mine"))
    assert "COLLAPSE" in hud_texts(mine, monkeypatch)


def test_results_name_the_crates_when_the_map_has_them(town, tmp_path):
    world = World(town)
    world.crates_delivered = 2
    assert crates_line(world) == "CRATES 2/2 DELIVERED"
    (tmp_path / "mine").mkdir()
    assert crates_line(World(make_level(tmp_path / "mine"))) == ""


# --- smooth motion between ticks -----------------------------------------------------------------
def test_an_aside_guard_and_a_carried_crate_move_smoothly_between_ticks(town, sprites):
    world = World(town)
    floor = (town.height - 2) * 16
    clone = int(world.clones.spawn(1, x=400 * SUBPIXEL, y=(floor - CLONE_H) * SUBPIXEL)[0])
    k, c, g = world.crates, world.clones, world.guards
    k.state[0], k.carried_by[0], c.crate[0] = CARRIED, clone, 0
    renderer = SceneRenderer(town, sprites)
    renderer.reset(world)
    for _ in range(2):  # two ticks: the guard steps 4 px aside, the carrier runs 8 px
        g.age[g.alive] += 1
        c.age[c.alive] += 1
        g.x[0] += 4 * SUBPIXEL
        c.x[clone] += 8 * SUBPIXEL
        k.x[0] += 8 * SUBPIXEL
        world.tick += 1
        renderer.tick(world)
    half = renderer.positions(world, 0.5)
    assert int(half.guard_x[0]) == int(g.x[0]) - 2 * SUBPIXEL
    assert int(half.crate_x[0]) == int(k.x[0]) - 4 * SUBPIXEL
    offset = renderer.camera.offset
    _, (carried,) = renderer._crate_blits(world, offset, half)
    ((_, (clone_x, _)),) = renderer._clone_blits(world, offset, half)
    frame, (crate_x, _) = carried
    clone_frame = sprites.frames("clone_carry")[0]
    # the crate stays centred over its carrier at every in-between frame
    assert crate_x + frame.get_width() // 2 == clone_x + clone_frame.get_width() // 2
