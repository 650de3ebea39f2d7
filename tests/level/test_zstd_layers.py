"""Tile layers saved as Base64 + zstd load exactly like their CSV originals.

pytmx cannot decompress zstd, so the loader does it (game/level/tiled.py). These tests turn the
shipped maps' CSV layers into zstd, with and without the frame recording its size (Tiled may
write either), let the real editor re-save such a map, and feed the loader broken zstd.
"""

from __future__ import annotations

import base64
import re
import struct
import tracemalloc
from pathlib import Path

import numpy as np
import pytest
import zstandard

from game.level.model import MapError
from game.level.properties import Problems
from game.level.tiled import load_level, read_level
from tests.level.test_tiled_editor_roundtrip import TILED, assert_same_level, export

MAPS = Path(__file__).resolve().parents[2] / "maps"
CSV_LAYER = re.compile(
    r'(<layer [^>]*name="(?P<name>[^"]*)"[^>]*>\s*)<data encoding="csv">(?P<csv>.*?)</data>',
    re.DOTALL,
)


def zstd_data(gids: list[int], *, content_size: bool = True) -> str:
    """A <data> element holding `gids` (flip bits included) as Base64 + zstd, as Tiled writes."""
    raw = struct.pack(f"<{len(gids)}I", *gids)
    packed = zstandard.ZstdCompressor(write_content_size=content_size).compress(raw)
    return zstd_element(packed)


def zstd_element(packed: bytes) -> str:
    return f'<data encoding="base64" compression="zstd">{base64.b64encode(packed).decode()}</data>'


def zstd_copy(source: Path, target: Path, *, layers=None, content_size: bool = True) -> Path:
    """`source` with the CSV data of `layers` (default: every tile layer) saved as zstd, written
    to `target`; the tileset path made absolute so the copy loads from any folder."""
    converted = []

    def to_zstd(match: re.Match) -> str:
        if layers is not None and match["name"] not in layers:
            return match[0]
        converted.append(match["name"])
        gids = [int(cell) for cell in match["csv"].split(",")]
        return match[1] + zstd_data(gids, content_size=content_size)

    text = CSV_LAYER.sub(to_zstd, source.read_text(encoding="utf-8"))
    assert converted, f"no CSV layer converted in {source}"
    tileset = (source.parent / "../assets/tiles/mine_tiles.tsx").resolve()
    text = text.replace('source="../assets/tiles/mine_tiles.tsx"', f'source="{tileset}"')
    target.write_text(text, encoding="utf-8")
    return target


def zstd_terrain(packed_or_gids: bytes | list[int]) -> str:
    """A terrain layer the size of the mapkit's map (10x8) holding the given zstd payload, or
    the given gids packed as zstd."""
    if isinstance(packed_or_gids, bytes):
        data = zstd_element(packed_or_gids)
    else:
        data = zstd_data(packed_or_gids)
    return f' <layer id="1" name="terrain" width="10" height="8">\n  {data}\n </layer>\n'


def one_line_error(path: Path) -> str:
    with pytest.raises(MapError) as caught:
        load_level(path)
    line = str(caught.value)
    assert "\n" not in line and line.startswith(f"{path}: ")
    return line.removeprefix(f"{path}: ")


# --- good zstd ---------------------------------------------------------------------------------


@pytest.mark.parametrize("content_size", [True, False], ids=["sized-frame", "unsized-frame"])
@pytest.mark.parametrize("name", ["great_mine", "tutorial"])
def test_zstd_copy_of_a_shipped_map_loads_into_the_same_level(tmp_path, name, content_size):
    original = MAPS / f"{name}.tmx"
    copy = zstd_copy(original, tmp_path / f"{name}.tmx", content_size=content_size)
    assert 'compression="zstd"' in copy.read_text() and "csv" not in copy.read_text()

    before, after = load_level(original), load_level(copy)

    assert np.count_nonzero(before.terrain) and before.background  # real grids, not empties
    assert_same_level(before, after)  # terrain, flags, background, foreground, objects, ...


def test_zstd_keeps_flipped_tiles_and_mixes_with_other_encodings(mapkit):
    terrain = [row[:] for row in mapkit.TERRAIN]
    terrain[7][1] = mapkit.ROCK | mapkit.FLIP_X
    terrain[7][2] = mapkit.RUBBLE | mapkit.FLIP_Y | mapkit.FLIP_D
    wall = [[mapkit.WALL] * 10 for _ in range(8)]
    back = mapkit.tile_layer("back", wall, "base64-gzip", layer_id=10)
    reference = load_level(mapkit.write("csv.tmx", terrain=terrain, layers_before=back))

    gids = [gid for row in terrain for gid in row]
    level = load_level(
        mapkit.write("zstd.tmx", terrain_layer=zstd_terrain(gids), layers_before=back)
    )

    assert np.array_equal(level.terrain, reference.terrain)
    assert np.array_equal(level.flags, reference.flags)
    assert level.tiles[int(level.terrain[7, 1])].flip_x
    assert np.array_equal(level.background[0], reference.background[0])


def test_zstd_layer_split_over_two_frames_reads_on_into_the_second(mapkit):
    # The zstd format allows concatenated frames, and the `zstd` tool reads them all.
    gids = [gid for row in mapkit.TERRAIN for gid in row]
    raw = struct.pack(f"<{len(gids)}I", *gids)
    compressor = zstandard.ZstdCompressor()
    packed = compressor.compress(raw[:100]) + compressor.compress(raw[100:])
    reference = load_level(mapkit.write("csv.tmx"))

    level = load_level(mapkit.write("frames.tmx", terrain_layer=zstd_terrain(packed)))

    assert np.array_equal(level.terrain, reference.terrain)


# --- broken zstd: one line naming the file and the layer -------------------------------------


def test_corrupt_zstd_layer_is_one_line_naming_the_file_and_layer(mapkit):
    packed = bytearray(zstandard.ZstdCompressor().compress(bytes(320)))
    packed[4:] = b"\xff" * (len(packed) - 4)  # keep the magic number, ruin the frame
    path = mapkit.write(terrain_layer=zstd_terrain(bytes(packed)))

    message = one_line_error(path)

    assert message.startswith("tile layer 'terrain' has corrupt zstd data (")
    assert message.endswith("); re-save the map")


def test_zstd_layer_with_too_few_tiles_is_reported(mapkit):
    path = mapkit.write(terrain_layer=zstd_terrain([1] * 79))  # the layer has 80 cells
    assert one_line_error(path) == (
        "tile layer 'terrain' unpacks to 316 bytes of zstd data, "
        "but its 10x8 tiles take 320; re-save the map"
    )


def test_zstd_bomb_stops_at_the_layer_size(mapkit):
    # 64 MiB of zeros packs into a few kB; a worse file could unpack to gigabytes.
    bomb = 64 * 1024 * 1024
    packed = zstandard.ZstdCompressor(level=1).compress(bytes(bomb))
    assert len(packed) < 8192
    path = mapkit.write(terrain_layer=zstd_terrain(packed))

    tracemalloc.start()
    try:
        message = one_line_error(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert message == (
        "tile layer 'terrain' unpacks to more than 320 bytes of zstd data, "
        "but its 10x8 tiles take 320; re-save the map"
    )
    assert peak < bomb // 8  # it stopped unpacking at the layer's size


def test_zstd_layer_that_is_not_base64_is_reported(mapkit):
    layer = ' <layer id="1" name="terrain" width="10" height="8">\n'
    layer += '  <data encoding="base64" compression="zstd">KLUv/Q</data>\n </layer>\n'
    message = one_line_error(mapkit.write(terrain_layer=layer))
    assert (
        message
        == "tile layer 'terrain' has broken Base64 data (Incorrect padding); re-save the map"
    )


def test_check_reports_every_broken_zstd_layer(mapkit):
    # `python -m game check` lists the problems of this same single pass.
    short = zstd_data([1] * 5)
    back = f' <layer id="10" name="back" width="10" height="8">\n  {short}\n </layer>\n'
    path = mapkit.write(terrain_layer=zstd_terrain([1] * 3), layers_before=back)
    problems = Problems(str(path))

    assert read_level(path, problems) is None  # the tiles cannot be trusted: reading stops
    messages = [error.message for error in problems.errors]

    assert [m.split(" unpacks")[0] for m in messages] == [
        "tile layer 'back'",
        "tile layer 'terrain'",
    ]


# --- the real editor ---------------------------------------------------------------------------


@pytest.mark.skipif(TILED is None, reason="the Tiled editor is not installed (apt install tiled)")
def test_tiled_keeps_zstd_and_compresses_the_other_layers_itself(tmp_path):
    # Tiled saves every layer in the format of the last one it read: with only `terrain` (the
    # tutorial's last tile layer) in zstd, it writes the CSV `background` as zstd too.
    original = MAPS / "tutorial.tmx"
    source = zstd_copy(original, tmp_path / "tutorial_zstd.tmx", layers={"terrain"})
    assert source.read_text().count('<data encoding="csv">') == 1
    resaved = tmp_path / "resaved.tmx"

    export(source, resaved)

    text = resaved.read_text(encoding="utf-8")
    assert text.count('<data encoding="base64" compression="zstd">') == 2
    assert "csv" not in text
    assert_same_level(load_level(original), load_level(resaved))


@pytest.mark.skipif(TILED is None, reason="the Tiled editor is not installed (apt install tiled)")
def test_great_mine_saved_as_zstd_by_tiled_loads_into_the_same_level(tmp_path):
    original = MAPS / "great_mine.tmx"
    source = zstd_copy(original, tmp_path / "great_mine.tmx", content_size=False)
    resaved = tmp_path / "resaved.tmx"

    export(source, resaved, "--embed-tilesets")

    text = resaved.read_text(encoding="utf-8")
    assert text.count('<data encoding="base64" compression="zstd">') == 3
    assert "<image" in text  # Tiled really rewrote it: the tileset is now inline
    assert_same_level(load_level(original), load_level(resaved))
