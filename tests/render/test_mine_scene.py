"""What the full mine adds to the picture: name tags, shake (and turning it off), growing
cracks, braziers, chasms, fainted miners, Naruto's fire and boost poses, the far scenery."""

from dataclasses import replace

import numpy as np
import pygame
from synthetic_level import WALL, make_level
from ui.play_nav import QuietNav

from game.level.model import BrazierSpec, ChasmSpec, CrackZoneSpec, Rect
from game.render import scene as scene_module
from game.render.effects import TAG_COLOUR, TAG_TICKS
from game.render.pixelart import SpriteBank
from game.render.scene import BOOST, FIRE, FIRE_POSE_TICKS, SceneRenderer
from game.sim.world import World


def with_frames(bank, **extra) -> SpriteBank:
    frames = {name: bank.frames(name) for name in bank.names()}
    frames.update(extra)
    return SpriteBank(frames)


def solid(colour, size=(32, 16)) -> pygame.Surface:
    surface = pygame.Surface(size, pygame.SRCALPHA)
    surface.fill((*colour, 255))
    return surface


def count(canvas, colour, rect=None) -> int:
    rect = rect or canvas.get_rect()
    pixels = pygame.surfarray.pixels3d(canvas)[rect.left : rect.right, rect.top : rect.bottom]
    return int(np.count_nonzero(np.all(pixels == colour, axis=2)))


def setup(level, sprites):
    world = World(level)
    renderer = SceneRenderer(level, sprites)
    renderer.reset(world)
    return world, renderer, pygame.Surface((640, 360))


# --- rescued names ------------------------------------------------------------------------------
def test_a_rescued_miner_s_name_floats_up_then_goes(tmp_path, sprites):
    level = make_level(tmp_path)
    world, renderer, canvas = setup(level, sprites)
    world.rescued_order.append(0)
    renderer.tick(world)
    assert [tag[0] for tag in renderer.tags.tags] == ["Ilya"]
    renderer.draw(canvas, world)
    assert count(canvas, TAG_COLOUR) > 10
    first_y = renderer.tags.tags[0][2]
    for _ in range(TAG_TICKS):
        renderer.tick(world)
    renderer.draw(canvas, world)
    assert renderer.tags.tags == [] and count(canvas, TAG_COLOUR) == 0
    assert first_y < level.miners[0].y  # it rose from above the miner's head


def test_a_restart_does_not_replay_old_name_tags(tmp_path, sprites):
    level = make_level(tmp_path)
    world, renderer, _ = setup(level, sprites)
    world.rescued_order.append(0)
    renderer.tick(world)
    renderer.reset(World(level))
    assert renderer.tags.tags == []


# --- screen shake ------------------------------------------------------------------------------
def test_big_impacts_shake_the_view_unless_shake_is_off(tmp_path, sprites):
    world, renderer, _ = setup(make_level(tmp_path), sprites)
    x, y = world.naruto.center_px
    renderer.observe([("floor_collapse", x, y)], world)
    offsets = []
    for _ in range(5):
        renderer.effects.step()
        offsets.append(renderer.shake_offset(world))
    assert any(o != (0, 0) for o in offsets)
    renderer.screen_shake = False
    for _ in range(10):
        renderer.effects.step()
        assert renderer.shake_offset(world) == (0, 0)


def test_shake_off_keeps_the_picture_still(tmp_path, sprites):
    level = make_level(tmp_path)
    world, renderer, canvas = setup(level, sprites)
    still = canvas.copy()
    renderer.draw(still, world)
    renderer.screen_shake = False
    renderer.observe([("seal", *world.naruto.center_px)], world)
    renderer.effects.clear()  # no dust in the way: only the view's position matters here
    renderer.effects.trauma = 1.0
    renderer.draw(canvas, world)
    assert pygame.image.tobytes(canvas, "RGB") == pygame.image.tobytes(still, "RGB")


def test_a_rock_landing_near_naruto_shakes_but_far_away_does_not(tmp_path, sprites):
    world, renderer, _ = setup(make_level(tmp_path), sprites)
    x, y = world.naruto.center_px
    renderer.observe([("rock_land", x + 900, y)], world)
    assert renderer.effects.trauma == 0
    renderer.observe([("rock_land", x + 20, y)], world)
    assert renderer.effects.trauma > 0


def test_the_play_scene_reads_the_shake_setting(tmp_path, sprites):
    from game.ui.play import PlayScene

    play = PlayScene(QuietNav(screen_shake=False), make_level(tmp_path), sprites)
    play.tick()
    assert play.renderer.screen_shake is False


# --- cracks, braziers, chasms ------------------------------------------------------------------
def test_cracks_grow_with_the_collapse_stage(tmp_path, sprites):
    stages = [(250, 0, 0), (0, 250, 0), (0, 0, 250), (250, 250, 0)]
    bank = with_frames(sprites, ceiling_crack=[solid(c) for c in stages])
    floor = make_level(tmp_path).spawn[1]
    zone = CrackZoneSpec(1, "cracks", Rect(160, floor - 160, 64, 8))
    level = replace(make_level(tmp_path), crack_zones=[zone])
    world, renderer, canvas = setup(level, bank)
    for stage, colour in enumerate(stages, start=1):
        world.collapse_stage = stage
        renderer.draw(canvas, world)
        assert count(canvas, colour) >= 2 * 32 * 16 * 0.9, stage  # two frames across the zone


def test_cracks_show_through_the_dark_and_plainer_each_stage(tmp_path, sprites):
    """Rocks fall from cracked ceilings: in a dark mine the cracks must still be seen."""
    white = (255, 255, 255)
    bank = with_frames(sprites, ceiling_crack=[solid(white)] * 4)
    floor = make_level(tmp_path).spawn[1]
    zone = CrackZoneSpec(1, "cracks", Rect(160, floor - 160, 64, 8))
    level = replace(make_level(tmp_path), crack_zones=[zone], dark=True)
    world, renderer, canvas = setup(level, bank)
    shown = []
    for stage in range(1, 5):
        world.collapse_stage = stage
        renderer.draw(canvas, world)
        ox, oy = renderer.camera.offset
        x, y = renderer._cracks[0]
        shown.append(sum(tuple(canvas.get_at((x + 16 - ox, y + 8 - oy)))[:3]))
    assert shown[0] > 3 * 60  # no lamp near it, yet plainly lighter than the dark around
    assert shown == sorted(shown) and shown[3] > shown[0]


def test_a_brazier_shows_unlit_or_lit(tmp_path, sprites):
    unlit, lit = (10, 200, 10), (250, 120, 10)
    bank = with_frames(
        sprites, brazier_unlit=[solid(unlit, (16, 24))], brazier_lit=[solid(lit, (16, 24))]
    )
    floor = make_level(tmp_path).spawn[1]
    level = replace(make_level(tmp_path), braziers=[BrazierSpec(1, "brazier", 260, floor)])
    world, renderer, canvas = setup(level, bank)
    renderer.draw(canvas, world)
    assert count(canvas, unlit) > 100 and count(canvas, lit) == 0
    world.braziers_lit[0] = True
    renderer.draw(canvas, world)
    assert count(canvas, lit) > 100 and count(canvas, unlit) == 0


def test_a_chasm_fades_to_black_going_down(tmp_path, sprites):
    level = make_level(tmp_path)
    floor = level.spawn[1]
    level = replace(level, chasms=[ChasmSpec(1, "chasm", Rect(400, floor - 200, 48, 200))])
    world, renderer, canvas = setup(level, sprites)
    renderer.draw(canvas, world)
    ox, oy = renderer.camera.offset
    top = sum(tuple(canvas.get_at((424 - ox, floor - 199 - oy)))[:3])
    bottom = sum(tuple(canvas.get_at((424 - ox, floor - 20 - oy)))[:3])
    assert top > 3 * max(1, bottom)
    assert abs(top - sum(WALL)) < 20  # at the lip the wall still shows through


# --- people -----------------------------------------------------------------------------------
def test_a_fainted_miner_lies_on_the_ground(tmp_path, sprites):
    level = make_level(tmp_path, miners=None)
    world, renderer, _ = setup(level, sprites)
    offset = renderer.camera.offset
    standing = renderer._miner_blits(world, offset)[0][0][0]
    world.miners.fainted[0] = True
    lying = renderer._miner_blits(world, offset)[0][0][0]
    assert lying is not standing
    assert lying.get_size() == sprites.frames("miner_fainted")[0].get_size()
    assert lying.get_width() > standing.get_width()


def test_naruto_strikes_the_fire_pose_then_returns_to_idle(tmp_path, sprites):
    fire_frame = solid((255, 0, 0), (16, 24))
    bank = with_frames(sprites, naruto_fire=[fire_frame])
    world, renderer, _ = setup(make_level(tmp_path), bank)
    renderer.tick(world)
    renderer.observe([("fire", *world.naruto.center_px)], world)
    ((surface, _),) = renderer._naruto_blits(world, renderer.camera.offset)
    assert surface is renderer.naruto_frames.surfaces[renderer.naruto_frames.base[FIRE, 0]]
    for _ in range(FIRE_POSE_TICKS):
        renderer.observe([], world)
    ((surface, _),) = renderer._naruto_blits(world, renderer.camera.offset)
    assert surface is not renderer.naruto_frames.surfaces[renderer.naruto_frames.base[FIRE, 0]]


def test_naruto_keeps_the_boost_pose_until_he_lands(tmp_path, sprites):
    bank = with_frames(sprites, naruto_boost=[solid((0, 0, 255), (16, 24))])
    world, renderer, _ = setup(make_level(tmp_path), bank)
    boost_key = renderer.naruto_frames.base[BOOST, 0]
    world.naruto.on_ground = False
    world.events = [("boost", *world.naruto.center_px)]
    renderer.tick(world)
    world.events = []
    for _ in range(30):
        renderer.tick(world)
    ((surface, _),) = renderer._naruto_blits(world, renderer.camera.offset)
    assert surface is renderer.naruto_frames.surfaces[boost_key]
    world.naruto.on_ground = True
    renderer.tick(world)
    ((surface, _),) = renderer._naruto_blits(world, renderer.camera.offset)
    assert surface is not renderer.naruto_frames.surfaces[boost_key]


# --- far scenery --------------------------------------------------------------------------------
def test_the_far_scenery_shows_where_the_background_is_empty(tmp_path, sprites, monkeypatch):
    far = (5, 200, 120)
    layer = pygame.Surface((320, 400))
    layer.fill(far)
    monkeypatch.setattr(scene_module, "load_layers", lambda: [layer])
    level = make_level(tmp_path)
    background = level.background[0].copy()
    background[:, 30:40] = 0  # a window onto the far cavern
    level = replace(level, background=[background])
    world, renderer, canvas = setup(level, sprites)
    renderer.draw(canvas, world)
    ox, oy = renderer.camera.offset
    y = level.spawn[1] - 100 - oy
    assert tuple(canvas.get_at((35 * 16 + 8 - ox, y)))[:3] == far
    assert tuple(canvas.get_at((25 * 16 + 8 - ox, y)))[:3] == WALL


def test_the_far_scenery_scrolls_slower_than_the_camera(tmp_path):
    from game.render.parallax import Parallax

    layers = [pygame.Surface((320, 180)), pygame.Surface((320, 180))]
    parallax = Parallax(make_level(tmp_path), layers, (640, 360))
    before = parallax.layer_positions((0, 0))
    after = parallax.layer_positions((100, 0))
    moved = [(b[0] - a[0]) % 320 for a, b in zip(after, before, strict=True)]
    assert 0 < moved[0] < moved[1] < 100  # the far layer moves least
