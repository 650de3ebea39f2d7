"""The tutorial teaches every move where it is needed: a `hint` Trigger per lesson naming its
key, a demo that plays every lesson to every miner out, and prompts shown only while Naruto
stands in them."""

from pathlib import Path

import pygame
import pytest

from game.headless import run_script
from game.level.tiled import load_level
from game.level.validate import check_map
from game.render import hints
from game.render.hints import HintBanner, active_hint, render_banner, segments
from game.sim.world import World
from game.tas import load_input_script

ROOT = Path(__file__).resolve().parents[2]
TUTORIAL = ROOT / "maps" / "tutorial.tmx"
DEMO = ROOT / "maps" / "demos" / "tutorial.inputs"

# Every move the tutorial must teach: the hint (by its object name) and the tokens its text
# must hold, so the prompt names the player's own keys.
LESSONS = {
    "run": ["[left]", "[right]", "[jump]"],
    "jump higher": ["[jump]"],
    "wall-run": ["[up]", "[right]"],
    "rasengan": ["[rasengan]"],
    "one clone": ["[clone]"],
    "carrying": ["[clone]"],
    "stream of clones": ["[clone]"],
    "fire": ["[fire]"],
    "barricade": ["[fire]"],
    "dispel": ["[down]", "[clone]"],
    "chakra leap": ["[up]", "[jump]"],
}


@pytest.fixture(scope="module")
def level():
    return load_level(TUTORIAL)


def _hints(level):
    return {t.name.removeprefix("Hint: "): t for t in level.triggers if t.event == "hint"}


def test_every_move_has_a_hint_naming_its_key(level):
    found = _hints(level)
    for lesson, tokens in LESSONS.items():
        assert lesson in found, f"no hint for {lesson}"
        for token in tokens:
            assert token in found[lesson].text, (lesson, token)


def test_the_lessons_come_left_to_right_in_the_order_they_are_needed(level):
    found = _hints(level)
    xs = [found[name].rect.x for name in LESSONS]
    assert xs == sorted(xs)


def test_the_tutorial_is_clean_and_uses_what_it_teaches(level):
    assert check_map(TUTORIAL) == []
    # Lit (dimly) so a first-time player sees every ledge; braziers still light it.
    assert not level.dark and level.sections[0].ambient_light < 100
    assert level.braziers and level.chasms
    assert len(level.miners) >= 6 and sum(m.injured for m in level.miners) >= 5
    assert "notes" in level.properties


def test_a_hint_trigger_never_fires_in_the_simulation(level):
    world = World(level)
    script = load_input_script(DEMO)
    world = run_script(level, script, 60 * 60 * 2)
    for i, trigger in enumerate(level.triggers):
        if trigger.event == "hint":
            assert not world.triggers_fired[i]


@pytest.mark.slow
def test_the_demo_passes_every_hint_and_gets_every_miner_out(level):
    script = load_input_script(DEMO)
    world = World(level)
    seen: set[str] = set()
    for tick in range(60 * 60 * 2):
        if world.finished:
            break
        world.step(script.mask(tick))
        seen.add(active_hint(level, world))
    assert world.finished and world.result == "rescued"
    assert world.rescued == len(level.miners) and world.lost == 0
    assert {t.text for t in level.triggers if t.event == "hint"} <= seen
    assert world.braziers_lit.all()


def test_tokens_become_key_names_on_key_caps():
    pieces = segments("Hold [jump] then [up] + [jump].")
    keys = [text for text, is_key in pieces if is_key]
    assert len(keys) == 3 and all("[" not in k for k in keys)
    assert "".join(text for text, _ in pieces).startswith("Hold ")
    assert hints.key_name("jump") and hints.key_name("fire") != "[fire]"


def test_a_long_hint_fits_the_banner_width():
    pygame.init()
    banner = render_banner("word " * 40 + "[clone]", 360)
    assert banner.get_width() <= 360


def test_the_hint_shows_only_while_naruto_is_inside(level):
    pygame.init()
    world = World(level)
    world.dialogue = ""  # the intro box hides hints: close it
    world.dialogue_queue.clear()
    hint = _hints(level)["rasengan"]
    canvas = pygame.Surface((640, 360))
    banner = HintBanner()
    n = world.naruto
    w, h = 10, 22  # Naruto's hitbox: centre inside, then outside, the trigger

    def place(cx, cy):
        n.x, n.y = (cx - w // 2) * 256, (cy - h // 2) * 256

    place(hint.rect.x + 8, hint.rect.y + hint.rect.h - 11)
    assert banner.draw(canvas, level, world) is not None
    assert banner.text == hint.text
    place(hint.rect.x + hint.rect.w + 40, hint.rect.y + hint.rect.h - 11)
    canvas.fill((0, 0, 0))
    assert banner.draw(canvas, level, world) is None
    assert not pygame.surfarray.array3d(canvas).any(), "nothing drawn outside the hint"
    place(hint.rect.x + 8, hint.rect.y + hint.rect.h - 11)
    world.dialogue = "Naruto: a box is open"
    assert banner.draw(canvas, level, world) is None, "a dialogue box hides the hint"
