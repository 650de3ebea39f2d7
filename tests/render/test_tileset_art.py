"""The mine tileset: the generator writes a valid Tiled tileset whose properties are the table
the maps rely on, and tiles that look like what they are."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import numpy as np
import pygame
import pytest
from sheet_checks import assert_pytmx_reads_the_flags, assert_tsx_is_the_contract

from game.render import tileset_art
from game.render.tileset_art import TILE_BY_NAME, TILES, build_tileset, tile_image

CONTRACT = {
    0: ("rock", {"solid"}),
    1: ("rock_floor", {"solid"}),
    2: ("rock_ceiling", {"solid"}),
    3: ("rock_dark", {"solid"}),
    4: ("debris", {"solid", "breakable"}),
    5: ("rubble", {"solid", "breakable"}),
    6: ("plank", {"one_way"}),
    7: ("barricade", {"solid", "breakable", "burnable"}),
    8: ("back_wall", set()),
    9: ("back_wall_b", set()),
    10: ("timber_post", set()),
    11: ("timber_beam", set()),
    12: ("rail", set()),
    13: ("crystal", set()),
    14: ("lantern", set()),
    15: ("crack", set()),
    16: ("exit_sign", set()),
    17: ("daylight", set()),
    18: ("brazier", set()),
    19: ("arrow", set()),
    20: ("rock_b", {"solid"}),
    21: ("rock_c", {"solid"}),
    22: ("rock_edge_left", {"solid"}),
    23: ("rock_edge_right", {"solid"}),
    24: ("bridge_plank", {"one_way"}),
    25: ("bridge_broken", set()),
    26: ("cracked_floor", {"solid"}),
    27: ("chasm_dark", set()),
    28: ("sky", set()),
    29: ("mountain", set()),
    30: ("torch_bracket", set()),
    31: ("timber_diag", set()),
}


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    directory = tmp_path_factory.mktemp("tiles")
    assert tileset_art.main([str(directory)]) == 0
    return directory / "mine_tiles.png", directory / "mine_tiles.tsx"


@pytest.fixture(scope="module")
def sheet():
    return build_tileset()


def alpha(tile: np.ndarray) -> np.ndarray:
    return tile[..., 3]


def luminance(tile: np.ndarray) -> float:
    rgb = tile[..., :3].astype(float)
    weights = alpha(tile) > 0
    return float((rgb @ [0.299, 0.587, 0.114])[weights].mean())


def test_script_writes_a_128x64_png_the_game_can_load(written):
    png_path, _ = written
    image = pygame.image.load(str(png_path))
    assert image.get_size() == (128, 64)
    assert image.get_flags() & pygame.SRCALPHA


def test_png_is_the_same_bytes_every_run(written, tmp_path):
    png_path, tsx_path = written
    again_png, again_tsx = tileset_art.write_tileset(tmp_path)
    assert again_png.read_bytes() == png_path.read_bytes()
    assert again_tsx.read_text() == tsx_path.read_text()


def test_png_pixels_match_the_painted_sheet(written, sheet):
    image = pygame.image.load(str(written[0]))
    pixels = np.frombuffer(pygame.image.tobytes(image, "RGBA"), np.uint8).reshape(64, 128, 4)
    assert np.array_equal(pixels, sheet)


def test_tsx_is_a_tiled_18_tileset_pointing_at_the_png(written):
    root = ET.parse(written[1]).getroot()
    assert root.tag == "tileset"
    assert root.attrib == {
        "version": "1.8",
        "tiledversion": "1.8.2",
        "name": "mine_tiles",
        "tilewidth": "16",
        "tileheight": "16",
        "tilecount": "32",
        "columns": "8",
    }
    image = root.find("image")
    assert image.attrib == {"source": "mine_tiles.png", "width": "128", "height": "64"}


def test_tsx_properties_are_the_contract_table(written):
    assert_tsx_is_the_contract(written[1], CONTRACT)


def test_pytmx_reads_the_flags_a_map_gets(written, tmp_path):
    assert_pytmx_reads_the_flags(written[1], CONTRACT, tileset_art.PROPERTY_NAMES, tmp_path)


def test_committed_assets_are_what_the_generator_paints(sheet):
    """Nobody edited the PNG by hand and forgot the code (or the other way round)."""
    committed = tileset_art.ASSET_DIR / "mine_tiles.png"
    assert committed.read_bytes() == tileset_art.encode_png(sheet)
    assert (tileset_art.ASSET_DIR / "mine_tiles.tsx").read_text() == tileset_art.tsx_text()


def test_solid_tiles_are_mostly_opaque(sheet):
    for spec in TILES:
        if "solid" in spec.props:
            covered = (alpha(tile_image(sheet, spec.id)) == 255).mean()
            assert covered >= 0.85, spec.name  # the ceiling's ragged edge


def test_background_wall_is_darker_than_solid_rock(sheet):
    rock = luminance(tile_image(sheet, TILE_BY_NAME["rock"].id))
    for name in ("back_wall", "back_wall_b"):
        assert luminance(tile_image(sheet, TILE_BY_NAME[name].id)) < rock * 0.7


def test_walkable_floor_has_a_lighter_top_edge(sheet):
    floor = tile_image(sheet, TILE_BY_NAME["rock_floor"].id)
    top = floor[0, :, :3].astype(float).mean()
    assert top > floor[4:, :, :3].astype(float).mean() + 30


def test_plank_is_only_its_top_four_rows(sheet):
    plank = alpha(tile_image(sheet, TILE_BY_NAME["plank"].id))
    assert (plank[:4] == 255).all()
    assert (plank[4:] == 0).all()


def test_breakable_debris_is_paler_than_the_rock_around_it(sheet):
    rock = luminance(tile_image(sheet, TILE_BY_NAME["rock"].id))
    assert luminance(tile_image(sheet, TILE_BY_NAME["debris"].id)) > rock + 15


def test_crack_overlay_is_mostly_see_through(sheet):
    crack = alpha(tile_image(sheet, TILE_BY_NAME["crack"].id))
    assert 0.05 < (crack > 0).mean() < 0.4


def test_daylight_is_the_brightest_tile(sheet):
    day = luminance(tile_image(sheet, TILE_BY_NAME["daylight"].id))
    others = [luminance(tile_image(sheet, s.id)) for s in TILES if s.name != "daylight"]
    assert day > max(others)


def test_every_cell_of_the_sheet_holds_a_tile(sheet):
    assert [spec.id for spec in TILES] == list(range(32))
    for spec in TILES:
        assert alpha(tile_image(sheet, spec.id)).any(), spec.name


def tile(sheet, name: str) -> np.ndarray:
    return tile_image(sheet, TILE_BY_NAME[name].id)


def seam_step(image: np.ndarray, axis: int) -> float:
    """Mean colour jump across the wrap-around edge, compared with the jumps inside."""
    rgb = image[..., :3].astype(float)
    inside = np.abs(np.diff(rgb, axis=axis)).mean()
    across = np.abs(rgb.take(0, axis=axis) - rgb.take(-1, axis=axis)).mean()
    return across - inside


def test_bridge_plank_is_a_deck_of_five_rows_with_rope_under_it(sheet):
    plank = alpha(tile(sheet, "bridge_plank"))
    assert (plank[0] == 255).mean() > 0.75  # walkable top edge (gaps between the boards)
    assert (plank[:5] == 255).mean() > 0.75
    assert plank[5:8].any()  # the rope it hangs from
    assert not plank[8:].any()  # open below: the chasm shows through


def test_broken_bridge_hangs_from_one_side(sheet):
    broken = alpha(tile(sheet, "bridge_broken")) > 0
    assert broken[:, :8].sum() > 2 * broken[:, 8:].sum()
    assert broken[-4:].any()  # it dangles to the bottom of the tile


def test_cracked_floor_walks_like_floor_but_shows_dark_cracks(sheet):
    floor, cracked = tile(sheet, "rock_floor"), tile(sheet, "cracked_floor")
    assert (alpha(cracked) == 255).all()
    dark = (cracked[..., :3].astype(int).sum(axis=-1) < 60) & (
        floor[..., :3].astype(int).sum(axis=-1) >= 60
    )
    assert dark.sum() >= 12  # visible new cracks
    assert dark[0].any()  # they open at the walking surface


def test_chasm_is_dark_with_lighter_mist_at_the_top(sheet):
    chasm = tile(sheet, "chasm_dark")
    assert (alpha(chasm) == 255).all()
    assert luminance(chasm[:3]) > luminance(chasm[-6:]) + 8
    assert luminance(chasm[-6:]) < 15


def test_sky_and_mountain_make_one_horizon(sheet):
    sky, mountain = tile(sheet, "sky"), tile(sheet, "mountain")
    assert (alpha(sky) == 255).all() and (alpha(mountain) == 255).all()
    # a column of sky over a mountain row shows no seam
    assert abs(luminance(sky[-1:]) - luminance(mountain[:1])) < 6
    assert seam_step(sky, 0) < 4 and seam_step(sky, 1) < 4
    assert seam_step(mountain, 1) < 12  # the ridge meets itself across the tile side
    blue_grey = mountain[-1, :, :3].astype(int)
    assert (blue_grey[:, 2] > blue_grey[:, 0] + 15).all()  # far peaks are blue-grey
    assert luminance(mountain[-3:]) < luminance(sky) - 60  # against a bright sky


def test_daylight_tiles_without_seams_and_is_not_flat(sheet):
    day = tile(sheet, "daylight")
    assert seam_step(day, 0) < 6 and seam_step(day, 1) < 6
    assert len({tuple(p) for p in day.reshape(-1, 4)}) >= 3  # rays, not one grey rectangle
    blueish = day[..., 2].astype(int) > day[..., 0].astype(int) + 10
    assert blueish.mean() > 0.1  # a hint of sky between the rays


def test_back_wall_is_low_contrast(sheet):
    for name in ("back_wall", "back_wall_b"):
        rgb = tile(sheet, name)[..., :3].astype(float) @ [0.299, 0.587, 0.114]
        assert np.percentile(rgb, 95) - np.percentile(rgb, 5) < 16, name


def test_diagonal_braces_join_into_one_long_timber(sheet):
    brace = alpha(tile(sheet, "timber_diag")) > 0
    assert not brace[0, 0] and not brace[-1, -1]  # bottom-left to top-right, not the other way
    # three tiles on the diagonal: the timber runs unbroken from corner to corner
    line = np.zeros((48, 48), dtype=bool)
    for step in range(3):
        row, col = 32 - 16 * step, 16 * step
        line[row : row + 16, col : col + 16] = brace
    assert all(line[47 - x, x] for x in range(48))


def test_torch_bracket_is_iron_on_a_clear_tile(sheet):
    bracket = tile(sheet, "torch_bracket")
    solid = alpha(bracket) == 255
    assert 10 <= solid.sum() <= 80
    grey = np.abs(bracket[solid, 0].astype(int) - bracket[solid, 2].astype(int)) < 16
    assert grey.all()
