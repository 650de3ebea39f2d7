"""The full mine's objects load into the Level: chambers, braziers, triggers, chasms, the seal
rock, the miners' lines and the dark/intro/par map properties, each with its default."""

from __future__ import annotations

import pytest

from game.level.model import BrazierSpec, ChamberSpec, ChasmSpec, MinerSpec, Rect, TriggerSpec
from game.level.tiled import load_level
from game.level.validate import check_map
from game.sim.constants import SOLID


def full_mine(kit, extra: list[str] | None = None, properties: dict | None = None, **parts):
    return kit.write(
        objects=[*kit.DEFAULT_OBJECTS, *kit.MINE_OBJECTS, *(extra or [])],
        properties=properties,
        **parts,
    )


def only_mine_object(kit, new: str) -> list[str]:
    """The full mine with the object of `new`'s id swapped for `new`."""
    obj_id = new.split('id="', 1)[1].split('"', 1)[0]
    kept = [o for o in [*kit.DEFAULT_OBJECTS, *kit.MINE_OBJECTS] if f'id="{obj_id}"' not in o]
    return [*kept, new]


def test_the_full_mine_is_a_clean_map(mapkit):
    assert check_map(full_mine(mapkit)) == []


def test_chamber_rectangle_becomes_a_named_pocket_of_air(mapkit):
    level = load_level(full_mine(mapkit))
    assert level.chambers == [ChamberSpec(10, "north", Rect(32, 48, 96, 64), air_seconds=90)]


def test_braziers_stand_on_their_base_point_or_rectangle_bottom(mapkit):
    level = load_level(full_mine(mapkit))
    assert level.braziers == [
        BrazierSpec(11, "left brazier", 56, 112, lit=True, radius=64),
        BrazierSpec(12, "", 144, 112),  # rectangle: bottom-centre, cold, default light
    ]


def test_triggers_keep_their_event_rectangle_and_line(mapkit):
    level = load_level(full_mine(mapkit))
    assert level.triggers == [
        TriggerSpec(13, "weak floor", Rect(96, 96, 32, 32), "floor_collapse"),
        TriggerSpec(14, "mouth", Rect(48, 64, 16, 48), "seal"),
        TriggerSpec(15, "warning", Rect(0, 64, 32, 48), "dialogue", "Mind the beams."),
    ]


def test_chasm_rectangle_is_read(mapkit):
    level = load_level(full_mine(mapkit))
    assert level.chasms == [ChasmSpec(16, "drop", Rect(144, 112, 16, 16))]


def test_new_classes_read_from_the_class_attribute_too(mapkit):
    # Tiled 1.9 saves the class as `class=`, the others as `type=`.
    objects = [o.replace(' type="', ' class="', 1) for o in mapkit.MINE_OBJECTS]
    level = load_level(mapkit.write(objects=[*mapkit.DEFAULT_OBJECTS, *objects]))
    counts = len(level.chambers), len(level.braziers), len(level.triggers), len(level.chasms)
    assert counts == (1, 2, 3, 1)


def test_chamber_air_defaults_to_two_minutes(mapkit):
    new = mapkit.obj(10, "Chamber", 32, 48, 96, 64, name="north")
    level = load_level(mapkit.write(objects=only_mine_object(mapkit, new)))
    assert level.chambers[0].air_seconds == 120


def test_brazier_defaults_to_cold_with_a_96_px_light(mapkit):
    new = mapkit.obj(11, "Brazier", 56, 112, name="left brazier")
    level = load_level(mapkit.write(objects=only_mine_object(mapkit, new)))
    brazier = next(b for b in level.braziers if b.obj_id == 11)
    assert (brazier.lit, brazier.radius) == (False, 96)


def test_non_dialogue_trigger_text_defaults_to_empty(mapkit):
    level = load_level(full_mine(mapkit))
    assert [t.text for t in level.triggers if t.event != "dialogue"] == ["", ""]


def test_miner_says_its_line_and_defaults_to_silence(mapkit):
    ludo = mapkit.obj(5, "Miner", 90, 112, props={"name": "Ludo", "says": "It was me. I am sorry."})
    level = load_level(mapkit.write(objects=only_mine_object(mapkit, ludo)))
    says = {m.name: m.says for m in level.miners}
    assert says == {"Goro": "", "Dr. Natasha": "", "Ludo": "It was me. I am sorry."}


def test_map_is_lit_silent_and_par_180_by_default(mapkit):
    level = load_level(full_mine(mapkit, properties={}))
    assert (level.dark, level.intro, level.properties["par_seconds"]) == (False, "", 180)


def test_dark_intro_and_par_map_properties_are_read(mapkit):
    props = {"dark": True, "intro": "The air is thin down here.", "par_seconds": 150}
    level = load_level(full_mine(mapkit, properties=props))
    assert (level.dark, level.intro) == (True, "The air is thin down here.")
    assert level.properties["par_seconds"] == 150


def test_seal_gid_is_the_tile_named_rock(mapkit):
    level = load_level(full_mine(mapkit))
    assert level.seal_gid != 0 and level.seal_gid != level.rubble_gid
    seal = level.tiles[level.seal_gid]
    assert (seal.x, seal.y, seal.flip_x) == (0, 0, False)  # tile 0, the rock picture
    assert level.tile_flags[level.seal_gid] == SOLID


def test_map_without_a_rock_tile_has_seal_gid_zero(mapkit):
    body = mapkit.tileset_body(tile_properties={0: {"solid": True}})
    tileset = (
        ' <tileset firstgid="1" name="mine" tilewidth="16" tileheight="16" tilecount="8" '
        f'columns="4">\n{body} </tileset>\n'
    )
    level = load_level(mapkit.write(tileset=tileset))  # no seal Trigger: nothing to fill
    assert level.seal_gid == 0


def test_foundation_map_groups_miners_by_chamber_name_without_chamber_objects(mapkit):
    # Goro and Natasha share chamber "north", which no Chamber object names: still valid.
    level = load_level(mapkit.write())
    assert level.chambers == []
    assert [m.chamber for m in level.miners] == ["north", "north", ""]


@pytest.mark.parametrize("event", ["floor_collapse", "seal", "dialogue"])
def test_every_trigger_event_is_accepted(mapkit, event):
    new = mapkit.obj(
        15, "Trigger", 96, 96, 32, 32, name="t", props={"event": event, "text": "Hold on."}
    )
    level = load_level(mapkit.write(objects=only_mine_object(mapkit, new)))
    assert next(t for t in level.triggers if t.obj_id == 15).event == event


def test_full_mine_objects_keep_miners_as_before(mapkit):
    level = load_level(full_mine(mapkit))
    assert level.miners[0] == MinerSpec(3, "Goro", 45, 112, carrier=True, chamber="north")


def test_a_trigger_acts_on_its_target_area_and_slow_crack_zones_load(tmp_path):
    import shutil
    from pathlib import Path

    from game.level.tiled import load_level

    root = Path(__file__).resolve().parents[2]
    level = load_level(root / "maps" / "great_mine.tmx")
    floor = next(t for t in level.triggers if t.event == "floor_collapse")
    assert floor.target is not None and floor.area == floor.target != floor.rect
    assert any(zone.fall_speed > 0 for zone in level.crack_zones)
    # A target that names a missing object is a clear one-line problem.
    text = (root / "maps" / "great_mine.tmx").read_text()
    broken = tmp_path / "maps" / "broken.tmx"
    broken.parent.mkdir()
    shutil.copytree(root / "assets", tmp_path / "assets")
    lines = text.replace(
        'name="target" type="object" value="', 'name="target" type="object" value="9', 1
    )
    broken.write_text(lines)
    from game.level.validate import check_map

    problems = [p.line() for p in check_map(broken)]
    assert any("its 'target' is object 9" in line and "not in the map" in line for line in problems)
