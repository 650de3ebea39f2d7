"""Issue 14, the second cold walkthrough: what a designer following maps/README.md tripped on.

Each test is one thing they met: a knock-on line after a class typo, "1 miners", a type hint
Tiled 1.8 could not follow, `pack` rewriting the map in its own folder, and the tutorial's
notes naming a file the repository does not have.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from game.__main__ import main
from game.level.validate import check_map

ROOT = Path(__file__).resolve().parents[2]
MAPS = ROOT / "maps"


def _messages(path: Path) -> list[str]:
    return [error.message for error in check_map(path)]


def test_a_class_typo_on_a_miner_is_reported_once_not_again_as_a_short_quota(mapkit):
    objects = list(mapkit.DEFAULT_OBJECTS)
    objects[4] = mapkit.obj(5, "Minor", 90, 112, props={"injured": True})
    messages = _messages(mapkit.write(objects=objects, properties={"quota": 3}))
    assert len(messages) == 1, messages
    assert messages[0].startswith("unknown class 'Minor' (did you mean 'Miner'?)")


def test_a_missing_template_is_not_repeated_as_a_short_quota(mapkit):
    objects = list(mapkit.DEFAULT_OBJECTS)
    objects[4] = '  <object id="5" template="templates/miner_heathy.tx" x="90" y="112"/>\n'
    messages = _messages(mapkit.write(objects=objects, properties={"quota": 3}))
    assert len(messages) == 1, messages
    assert messages[0].startswith("template file not found")


def test_a_quota_above_the_miners_is_still_reported_with_the_right_grammar(mapkit):
    objects = [o for o in mapkit.DEFAULT_OBJECTS if 'id="4"' not in o and 'id="5"' not in o]
    assert _messages(mapkit.write(objects=objects, properties={"quota": 2})) == [
        "map property 'quota' is 2, but the map has only 1 miner"
    ]
    objects = [o for o in mapkit.DEFAULT_OBJECTS if 'id="5"' not in o]
    assert _messages(mapkit.write(objects=objects, properties={"quota": 3})) == [
        "map property 'quota' is 3, but the map has only 2 miners"
    ]


def test_a_wrongly_typed_property_says_what_works_in_tiled_1_8(mapkit):
    # Tiled 1.8.2's Properties panel has "Convert To" on a property's right-click menu (its
    # binary holds the menu's text); "change its type" named nothing a designer could find.
    messages = _messages(mapkit.write(properties={"collapse_seconds": "120", "quota": 2}))
    assert messages == [
        "map property 'collapse_seconds' must be of type int, but it is string '120' "
        "(in Tiled, right-click it in the Properties panel: Convert To > int)"
    ]


def test_pack_refuses_the_folder_the_map_is_in_and_leaves_the_map_alone(tmp_path, capsys):
    folder = tmp_path / "maps"
    folder.mkdir()
    own = Path(shutil.copy(MAPS / "tutorial.tmx", folder))
    before = own.read_bytes()
    for out in (folder, tmp_path / "maps" / ".", tmp_path / "maps" / ".." / "maps"):
        assert main(["pack", str(own), "-o", str(out)]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1, err
        assert "this is the folder the map is in" in err
    assert own.read_bytes() == before
    assert sorted(p.name for p in folder.iterdir()) == ["tutorial.tmx"]

    # a pack is refused in its own folder too: packing a pack goes to a new folder
    packed = tmp_path / "packed"
    assert main(["pack", str(own), "-o", str(packed)]) == 0
    assert main(["pack", str(packed / "tutorial.tmx"), "-o", str(packed)]) == 2
    assert main(["pack", str(packed / "tutorial.tmx"), "-o", str(tmp_path / "again")]) == 0


def test_the_shipped_maps_notes_name_only_files_the_repository_has():
    for map_file in MAPS.glob("*.tmx"):
        notes = re.search(r'<property name="notes" value="([^"]*)"', map_file.read_text("utf-8"))
        if notes is None:
            continue
        for named in re.findall(r"[\w./-]+\.(?:py|inputs|tmx|tsx|tx)\b", notes.group(1)):
            candidates = [ROOT / named, MAPS / named, ROOT / "tools" / named]
            assert any(p.exists() for p in candidates), f"{map_file.name} notes name {named}"
