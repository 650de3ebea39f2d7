"""The real editor: a map re-saved by Tiled loads into the same Level.

Our fixture maps are hand-written XML; this proves the loader reads what Tiled itself writes,
including embedded tilesets and detached templates. It needs the `tiled` program (Debian
package `tiled`); without it the test is skipped with a reason, never passed silently.
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import subprocess

import numpy as np
import pytest

from game.level.tiled import load_level

TILED = shutil.which("tiled")


def export(source, target, *options: str) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env.setdefault("XDG_RUNTIME_DIR", str(target.parent))
    subprocess.run(
        [TILED, *options, "--export-map", str(source), str(target)],
        check=True,
        capture_output=True,
        timeout=60,
        env=env,
    )


def rich_map(kit):
    """A map that uses every feature the loader reads."""
    tileset = kit.external_tileset("mine.tsx")
    (kit.folder / "injured.tx").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<template>\n <object name="Tomas" type="Miner" width="10" height="20">\n'
        '  <properties>\n   <property name="injured" type="bool" value="true"/>\n'
        "  </properties>\n </object>\n</template>\n"
    )
    terrain = [row[:] for row in kit.TERRAIN]
    terrain[7][1] = kit.ROCK | kit.FLIP_X
    terrain[7][2] = kit.ROCK | kit.FLIP_Y | kit.FLIP_D
    wall = [[kit.WALL] * 10 for _ in range(8)]
    before = (
        ' <group id="20" name="scenery">\n'
        + kit.tile_layer("far", wall, "base64-gzip", layer_id=21)
        + kit.tile_layer("draft", wall, layer_id=22, attrs=' visible="0"')
        + " </group>\n"
    )
    lamps = [[0] * 10 for _ in range(8)]
    lamps[1][1] = kit.LAMP | kit.FLIP_X
    objects = [
        *kit.DEFAULT_OBJECTS,
        *kit.MINE_OBJECTS,
        '  <object id="8" template="injured.tx" x="20" y="92"/>\n',
        '  <object id="9" name="Petrov" type="Miner" gid="6" x="80" y="112" '
        'width="16" height="16"/>\n',
    ]
    return kit.write(
        "rich.tmx",
        tileset=tileset,
        terrain=terrain,
        encoding="base64-zlib",
        layers_before=before,
        layers_after=kit.tile_layer("lamps", lamps, "base64", layer_id=23),
        objects=objects,
        properties={
            "name": "Rich",
            "collapse_seconds": 300,
            "seed": 9,
            "quota": 3,
            "dark": True,
            "intro": "Down we go.",
            "par_seconds": 200,
        },
    )


def assert_same_level(a, b) -> None:
    for field in dataclasses.fields(a):
        if field.name in ("path", "chain_paths"):
            continue  # where each copy lives
        left, right = getattr(a, field.name), getattr(b, field.name)
        if field.name == "sections":  # the same but for the file each section came from
            left = [dataclasses.replace(section, path="") for section in left]
            right = [dataclasses.replace(section, path="") for section in right]
        if isinstance(left, np.ndarray):
            assert np.array_equal(left, right), field.name
        elif field.name in ("background", "foreground"):
            assert len(left) == len(right), field.name
            assert all(np.array_equal(x, y) for x, y in zip(left, right, strict=True))
        else:
            assert left == right, field.name


@pytest.mark.skipif(TILED is None, reason="the Tiled editor is not installed (apt install tiled)")
@pytest.mark.parametrize(
    "options", [(), ("--embed-tilesets", "--detach-templates")], ids=["as-is", "embedded"]
)
def test_map_resaved_by_tiled_loads_into_the_same_level(mapkit, options):
    original = rich_map(mapkit)
    resaved = mapkit.folder / "resaved.tmx"

    export(original, resaved, *options)

    before, after = load_level(original), load_level(resaved)
    assert len(before.miners) == 5 and len(before.background) == 1
    assert len(before.triggers) == 3 and before.dark and before.seal_gid
    assert_same_level(before, after)
    text = resaved.read_text()
    if options:  # Tiled really did rewrite it: the tileset and template are now inline
        assert "<image" in text and "template=" not in text
