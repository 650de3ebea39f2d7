"""The camera keeps Naruto in view, looks where he runs and never shows outside the map."""

from game.render.camera import Camera


def make(map_w=2000, map_h=1000):
    return Camera(640, 360, map_w, map_h)


def settle(camera, x, y, facing=1, moving=False, ticks=240):
    for _ in range(ticks):
        camera.update(x, y, facing, moving)


def test_view_never_leaves_the_map():
    camera = make()
    camera.snap(5, 5)
    assert camera.offset == (0, 0)
    settle(camera, 1995, 995)
    assert camera.offset == (2000 - 640, 1000 - 360)


def test_small_steps_inside_the_dead_zone_keep_the_view_still():
    camera = make()
    camera.snap(1000, 500)
    before = camera.offset
    settle(camera, 1008, 505)
    assert camera.offset == before


def test_the_view_catches_up_smoothly_not_in_one_jump():
    camera = make()
    camera.snap(1000, 500)
    start_x = camera.offset[0]
    camera.update(1200, 500, 1, False)
    first_step = camera.offset[0] - start_x
    assert 0 < first_step < 100
    settle(camera, 1200, 500)
    assert abs(camera.offset[0] + 320 - 1200) <= 20  # he ends up near the middle


def test_running_right_shows_more_of_what_lies_ahead():
    camera = make()
    camera.snap(1000, 500)
    settle(camera, 1000, 500, facing=1, moving=True)
    left, _ = camera.offset
    assert 1000 - left < 320 - 30  # Naruto sits left of centre: the view leads him
    settle(camera, 1000, 500, facing=-1, moving=True)
    left, _ = camera.offset
    assert 1000 - left > 320 + 30


def test_a_map_smaller_than_the_screen_is_centred():
    camera = make(320, 160)
    camera.snap(100, 100)
    assert camera.offset == (-160, -100)


def test_offsets_are_whole_pixels():
    camera = make()
    camera.snap(1000, 500)
    camera.update(1033.7, 517.2, 1, True)
    x, y = camera.offset
    assert isinstance(x, int) and isinstance(y, int)
