"""The fixed-timestep loop: whole ticks at 60/s whatever the frame timing, no spiral."""

from fake_clock import FakeClock

from game.loop import FixedStepLoop


def make_loop(**kwargs):
    clock = FakeClock(1000.0)
    ticks = []
    loop = FixedStepLoop(lambda: ticks.append(clock.now), clock, **kwargs)
    return loop, clock, ticks


def test_n_sixtieths_of_a_second_give_exactly_n_ticks():
    for n in (1, 3, 7, 15):
        loop, clock, ticks = make_loop()
        clock.now += n / 60
        assert loop.advance() == n
        assert len(ticks) == n


def test_a_minute_of_uneven_frames_gives_exactly_3600_ticks():
    loop, clock, ticks = make_loop()
    frame_times = [1 / 144, 1 / 30, 1 / 60, 1 / 75, 0.001]
    elapsed = 0.0
    start = clock.now
    i = 0
    while elapsed < 60.0:
        step = min(frame_times[i % len(frame_times)], 60.0 - elapsed)
        elapsed += step
        clock.now = start + elapsed
        loop.advance()
        i += 1
    assert len(ticks) == 3600


def test_a_frame_shorter_than_a_tick_runs_nothing_until_the_tick_is_due():
    loop, clock, ticks = make_loop()
    clock.now += 0.010
    assert loop.advance() == 0
    assert 0.55 < loop.alpha < 0.65
    clock.now += 0.007
    assert loop.advance() == 1


def test_a_two_second_stall_runs_at_most_the_clamp_worth_of_ticks():
    loop, clock, ticks = make_loop(max_frame_time=0.25)
    clock.now += 2.0
    assert loop.advance() == 15
    # and the game carries on at normal speed afterwards, no leftover backlog
    clock.now += 1 / 60
    assert loop.advance() == 1


def test_time_spent_paused_is_discarded():
    loop, clock, ticks = make_loop()
    loop.pause()
    clock.now += 5.0
    assert loop.advance() == 0
    loop.resume()
    assert loop.advance() == 0
    clock.now += 2 / 60
    assert loop.advance() == 2


def test_a_tick_that_pauses_the_game_stops_the_catch_up():
    clock = FakeClock()
    ran = []
    loop = None

    def tick():
        ran.append(1)
        if len(ran) == 2:
            loop.pause()

    loop = FixedStepLoop(tick, clock)
    clock.now += 10 / 60
    assert loop.advance() == 2
    assert loop.paused


def test_seconds_to_next_tick_counts_down_to_zero():
    loop, clock, ticks = make_loop()
    assert abs(loop.seconds_to_next_tick() - 1 / 60) < 1e-5
    clock.now += 0.010
    assert abs(loop.seconds_to_next_tick() - (1 / 60 - 0.010)) < 1e-5
    clock.now += 0.010
    assert loop.seconds_to_next_tick() == 0
