"""A Full Rescue is one level of maps side by side: the view stays in the section Naruto is
in and jumps (never slides) when he crosses into the next one."""

from types import SimpleNamespace

from game.level.model import Rect
from game.render.camera import Camera, section_bounds

TOWN = Rect(0, 0, 1600, 480)  # the town, left
MINE = Rect(1664, 0, 2400, 960)  # the mine, right, past four columns of rock


def fake_level():
    sections = [SimpleNamespace(name="town", rect=TOWN), SimpleNamespace(name="mine", rect=MINE)]
    return SimpleNamespace(sections=sections, pixel_width=4064, pixel_height=960)


def settle(camera, x, y, ticks=300):
    for _ in range(ticks):
        camera.update(x, y, 1, False)


def view_rect(camera):
    ox, oy = camera.offset
    return ox, oy, ox + camera.view_w, oy + camera.view_h


def test_section_bounds_are_the_section_rects():
    level = fake_level()
    assert section_bounds(level, 0) == (0, 0, 1600, 480)
    assert section_bounds(level, 1) == (1664, 0, 4064, 960)
    assert section_bounds(level, 7) == (0, 0, 4064, 960)  # out of range: the whole level


def test_view_never_shows_the_next_map_from_the_town():
    level = fake_level()
    camera = Camera(640, 360, level.pixel_width, level.pixel_height)
    camera.enter(section_bounds(level, 0), 1590, 470)
    settle(camera, 1599, 479)  # at the town's far right edge
    left, top, right, bottom = view_rect(camera)
    assert right == 1600 and bottom == 480  # not a pixel of the rock or the mine
    assert left >= 0 and top >= 0


def test_view_never_shows_the_town_from_the_mine():
    level = fake_level()
    camera = Camera(640, 360, level.pixel_width, level.pixel_height)
    camera.enter(section_bounds(level, 1), 1700, 900)
    settle(camera, 1670, 950)
    left, top, right, bottom = view_rect(camera)
    assert left == 1664 and bottom == 960


def test_crossing_into_the_next_section_jumps_there():
    level = fake_level()
    camera = Camera(640, 360, level.pixel_width, level.pixel_height)
    camera.enter(section_bounds(level, 0), 1500, 400)
    settle(camera, 1590, 400)
    assert camera.enter(section_bounds(level, 1), 1700, 800) is True
    # the very next frame is in the mine: no slide across the rock between the maps
    left, top, right, bottom = view_rect(camera)
    assert left >= 1664 and right <= 4064 and bottom <= 960
    assert abs(camera.center_x - (1664 + 320)) < 1  # clamped to the mine's left edge
    camera.update(1700, 800, 1, False)
    assert view_rect(camera)[0] >= 1664


def test_entering_the_same_section_again_changes_nothing():
    level = fake_level()
    camera = Camera(640, 360, level.pixel_width, level.pixel_height)
    camera.enter(section_bounds(level, 0), 800, 300)
    settle(camera, 1000, 300, ticks=5)
    centre = camera.center_x
    assert camera.enter(section_bounds(level, 0), 1000, 300) is False
    assert camera.center_x == centre  # it keeps following smoothly


def test_a_section_smaller_than_the_view_is_centred_in_its_own_rect():
    sections = [
        SimpleNamespace(rect=Rect(0, 0, 2000, 1000)),
        SimpleNamespace(rect=Rect(2064, 0, 400, 200)),
    ]
    level = SimpleNamespace(sections=sections, pixel_width=2464, pixel_height=1000)
    camera = Camera(640, 360, level.pixel_width, level.pixel_height)
    camera.enter(section_bounds(level, 1), 2100, 150)
    assert (camera.center_x, camera.center_y) == (2064 + 200, 100)
