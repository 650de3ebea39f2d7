"""Stand-ins for the app in screen tests. `QuietNav` has every member of the screens'
Navigator (game/ui/navigator.py) and does nothing; `Nav` is the play screen's: settings, a
PB file of the test's own, the input the player holds, and where the results went."""

import time

from game.speedrun.pbstore import PersonalBests
from game.store import Settings


class QuietNav:
    """The app as the screens see it, doing nothing: a test overrides what it watches."""

    def __init__(self, **settings):
        self.settings = Settings(**settings)
        self.personal_bests = None  # the play screen opens the records itself, as in the app
        self.seen_intros = set()  # one session, as the app keeps it
        self.clock = time.perf_counter
        self.lockstep = False  # not a capture run: records are read and written

    def update_settings(self, **changes):
        self.settings = self.settings.replace(**changes)

    def sample_input(self):
        return 0

    def set_paused(self, paused):
        pass

    def start_play(self):
        pass

    def play_map(self, path, level):
        pass

    def show_title(self):
        pass

    def show_results(self, world, renderer, chart=None):
        pass

    def show_notice(self, text, seconds):
        pass

    def show_scene(self, scene):
        self.scene = scene

    def show_options(self, back):
        from game.ui.options import OptionsScreen

        self.scene = OptionsScreen(self, back)

    def quit(self):
        pass


class Nav(QuietNav):
    def __init__(self, tmp_path, category="any", **settings):
        super().__init__(category=category, **settings)
        self.personal_bests = PersonalBests(tmp_path / "pb.json")
        self.mask = 0
        self.results = None
        self.notices = []

    def sample_input(self):
        return self.mask

    def show_results(self, world, renderer, chart=None):
        self.results = (world, renderer, chart)

    def show_notice(self, text, seconds):
        self.notices.append(text)


def play(scene, nav, script, ticks):
    """The script's inputs pressed live, as a player would (by world tick, so a run whose
    intro was skipped goes on exactly as the script's own run would)."""
    for _ in range(ticks):
        nav.mask = script.mask(scene.world.tick)
        scene.tick()
