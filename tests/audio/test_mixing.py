"""How many effects a tick starts, how loud and where: the rate limit and the stereo picture."""

import pytest

from game.audio import mixing, synth
from game.audio.mixing import CROWD_MAX, Cue, plan

HERE = (1000.0, 500.0)


def test_one_event_plays_one_sound_at_its_own_loudness():
    (cue,) = plan([("jump", 1000, 500)], HERE)
    assert cue.sound == "jump" and cue.volume == pytest.approx(mixing.EFFECTS["jump"].gain)
    assert cue.pan == 0


def test_two_hundred_puffs_in_one_tick_play_a_few_sounds_that_stay_below_clipping():
    cues = plan([("puff", 1000 + i, 500) for i in range(200)], HERE)
    assert 1 < len(cues) <= mixing.EFFECTS["puff"].limit
    total = sum(c.volume for c in cues)
    one = mixing.EFFECTS["puff"].gain
    assert one < total <= one * CROWD_MAX  # a crowd is louder than one puff, but only a little


def test_a_bigger_crowd_is_never_quieter():
    totals = [sum(c.volume for c in plan([("land", 1000, 500)] * n, HERE)) for n in (1, 2, 8, 500)]
    assert totals == sorted(totals)


def test_the_sounds_kept_are_the_nearest_ones():
    far = [("rock_land", 1000 + 2000 + i, 500) for i in range(10)]
    near = [("rock_land", 1000 + i, 500) for i in range(3)]
    cues = plan(far + near, HERE)
    assert len(cues) == 3 and all(abs(c.pan) < 0.01 for c in cues)  # all from beside him


def test_events_to_the_right_sound_from_the_right_and_far_ones_are_quieter():
    (right,) = plan([("break", 1300, 500)], HERE)
    (far_left,) = plan([("break", -2000, 500)], HERE)
    left_ear, right_ear = right.stereo()
    assert right.pan > 0 and right_ear > left_ear
    assert far_left.pan < 0 and far_left.volume < right.volume
    assert far_left.volume >= mixing.FAR_GAIN * mixing.EFFECTS["break"].gain - 1e-9


def test_the_floor_giving_way_is_heard_everywhere_at_full_volume():
    (cue,) = plan([("floor_collapse", -5000, 9000)], HERE)
    assert cue.volume == pytest.approx(1.0) and cue.pan == 0


def test_unknown_event_kinds_are_silent():
    assert plan([("a_future_event", 0, 0)], HERE) == []


def test_without_a_listener_everything_is_heard_centred():
    cues = plan([("clone", 5000, 5000)], None)
    assert cues == [Cue("clone", mixing.EFFECTS["clone"].gain, 0.0)]


def test_every_event_the_world_announces_has_a_sound_that_exists():
    world_events = {"jump", "land", "clone", "puff", "rasengan", "break", "rock_land"}
    world_events |= {"rock_shatter", "stun", "rescue", "fire", "ignite", "burn"}
    world_events |= {"floor_collapse", "seal", "fall", "respawn", "faint", "dialogue", "boost"}
    assert world_events <= set(mixing.EFFECTS)
    for kind, effect in mixing.EFFECTS.items():
        assert effect.sound in synth.EFFECTS, kind


def test_no_cue_is_ever_louder_than_full_volume():
    events = [(kind, 1000, 500) for kind in mixing.EFFECTS for _ in range(50)]
    cues = plan(events, HERE)
    assert all(0 < c.volume <= 1.0 for c in cues)
    assert all(max(c.stereo()) <= 1.0 for c in cues)
