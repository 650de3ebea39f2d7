"""What a screen may ask of the app (game/app.py's App), in one place: the screens depend on
this, not on the App, so tests drive them with a stand-in that provides the same members."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:  # for the annotations only: no import cycle with the screens
    from game.level.model import Level
    from game.render.scene import SceneRenderer
    from game.sim.world import World
    from game.speedrun.attempt import Attempt
    from game.speedrun.pbstore import PersonalBests
    from game.store import Settings


class Navigator(Protocol):
    settings: Settings  # read every tick, so a change applies at once
    # The session's records when the app holds them; None: the play screen opens its own.
    personal_bests: PersonalBests | None
    seen_intros: set[str]  # runs (Level.run_key) whose opening dialogue showed this session
    clock: Callable[[], float]  # real time, for the HUD's real-time timer
    # Capture runs (screenshots, tests): the player's records are left as they were found.
    lockstep: bool

    def update_settings(self, **changes) -> None: ...
    def sample_input(self) -> int: ...
    def set_paused(self, paused: bool) -> None: ...
    def start_play(self) -> None: ...
    def play_map(self, path: Path, level: Level, chain: bool = False) -> None: ...
    def show_title(self) -> None: ...
    def show_results(
        self, world: World, renderer: SceneRenderer, chart: Attempt | None = None
    ) -> None: ...
    def show_notice(self, text: str, seconds: float) -> None: ...
    # A screen opened over another (options, controls, assists) and back again.
    def show_scene(self, scene) -> None: ...
    def show_options(self, back) -> None: ...
    def quit(self) -> None: ...
