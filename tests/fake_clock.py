"""A clock the tests move by hand, for code that reads the time through a callable."""


class FakeClock:
    def __init__(self, start: float = 100.0):
        self.now = start

    def __call__(self) -> float:
        return self.now
