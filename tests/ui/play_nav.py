"""A stand-in for the app in play-screen tests: settings, a PB file of the test's own, the
input the player holds, and where the results went."""

from game.speedrun.pbstore import PersonalBests
from game.store import Settings


class Nav:
    def __init__(self, tmp_path, category="any", **settings):
        self.settings = Settings(category=category, **settings)
        self.personal_bests = PersonalBests(tmp_path / "pb.json")
        self.seen_intros = set()  # one session, as the app keeps it
        self.mask = 0
        self.results = None
        self.notices = []

    def sample_input(self):
        return self.mask

    def set_paused(self, paused):
        pass

    def start_play(self):
        pass

    def show_title(self):
        pass

    def show_results(self, world, renderer, chart=None):
        self.results = (world, renderer, chart)

    def show_notice(self, text, seconds):
        self.notices.append(text)

    def update_settings(self, **changes):
        self.settings = self.settings.replace(**changes)

    def quit(self):
        pass


def play(scene, nav, script, ticks):
    """The script's inputs pressed live, as a player would (by world tick, so a run whose
    intro was skipped goes on exactly as the script's own run would)."""
    for _ in range(ticks):
        nav.mask = script.mask(scene.world.tick)
        scene.tick()
