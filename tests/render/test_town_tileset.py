"""Boulder Town's tileset: the generator writes the committed sheet and a Tiled tileset whose
names and flags are the contract table the town map is built on."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import numpy as np
import pygame
import pytest
from sheet_checks import assert_pytmx_reads_the_flags, assert_tsx_is_the_contract

from game.render import town_tileset_art as art
from game.render.tileset_art import ASSET_DIR, encode_png, tile_image
from game.render.town_tileset_art import TILE_BY_NAME, TILES, build_tileset

CONTRACT = {
    0: ("street", {"solid"}),
    1: ("stone", {"solid"}),
    2: ("roof", {"one_way"}),
    3: ("roof_left", {"one_way"}),
    4: ("roof_right", {"one_way"}),
    5: ("brick", {"solid"}),
    6: ("plaster", set()),
    7: ("window_lit", set()),
    8: ("door", set()),
    9: ("chimney", {"solid"}),
    10: ("chimney_top", {"solid"}),
    11: ("pipe", {"one_way"}),
    12: ("pipe_vertical", set()),
    13: ("lamp_post", set()),
    14: ("lamp", set()),
    15: ("floorboards", {"solid"}),
    16: ("clinic_wall", set()),
    17: ("shelf", set()),
    18: ("cot", set()),
    19: ("awning", {"one_way"}),
    20: ("boxes", {"solid"}),
    21: ("tent", set()),
    22: ("tent_sign", set()),
    23: ("fence", set()),
    24: ("hill", {"solid"}),
    25: ("hill_top", {"solid"}),
    26: ("cavern_rock", set()),
    27: ("mine_gate", set()),
    28: ("banner", set()),
    29: ("stairs", {"one_way"}),
    30: ("clinic_sign", set()),
    31: ("barricade_pole", set()),
}


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    directory = tmp_path_factory.mktemp("town_tiles")
    assert art.main([str(directory)]) == 0
    return directory / "town_tiles.png", directory / "town_tiles.tsx"


@pytest.fixture(scope="module")
def sheet():
    return build_tileset()


def tile(sheet, name: str) -> np.ndarray:
    return tile_image(sheet, TILE_BY_NAME[name].id)


def luminance(image: np.ndarray) -> float:
    rgb = image[..., :3].astype(float)
    return float((rgb @ [0.299, 0.587, 0.114])[image[..., 3] > 0].mean())


def test_committed_assets_are_what_the_generator_paints(sheet):
    """Nobody edited the PNG by hand and forgot the code (or the other way round)."""
    assert (ASSET_DIR / "town_tiles.png").read_bytes() == encode_png(sheet)
    assert (ASSET_DIR / "town_tiles.tsx").read_text() == art.tsx_text()


def test_script_writes_the_same_bytes_every_run(written, tmp_path):
    again_png, again_tsx = art.write_tileset(tmp_path)
    assert again_png.read_bytes() == written[0].read_bytes()
    assert again_tsx.read_text() == written[1].read_text()


def test_png_is_a_128x64_sheet_the_game_can_load(written, sheet):
    image = pygame.image.load(str(written[0]))
    assert image.get_size() == (128, 64)
    pixels = np.frombuffer(pygame.image.tobytes(image, "RGBA"), np.uint8).reshape(64, 128, 4)
    assert np.array_equal(pixels, sheet)


def test_tsx_has_the_mine_tilesets_format(written):
    root = ET.parse(written[1]).getroot()
    assert root.attrib == {
        "version": "1.8",
        "tiledversion": "1.8.2",
        "name": "town_tiles",
        "tilewidth": "16",
        "tileheight": "16",
        "tilecount": "32",
        "columns": "8",
    }
    assert root.find("image").attrib == {
        "source": "town_tiles.png",
        "width": "128",
        "height": "64",
    }


def test_tsx_names_and_flags_are_the_contract_table(written):
    assert_tsx_is_the_contract(written[1], CONTRACT)


def test_pytmx_reads_the_flags_a_map_gets(written, tmp_path):
    assert_pytmx_reads_the_flags(written[1], CONTRACT, art.PROPERTY_NAMES, tmp_path)


def test_every_cell_holds_a_tile_and_solid_ones_are_opaque(sheet):
    assert [spec.id for spec in TILES] == list(range(32))
    for spec in TILES:
        alpha = tile_image(sheet, spec.id)[..., 3]
        assert alpha.any(), spec.name
        if "solid" in spec.props:
            assert (alpha == 255).mean() >= 0.85, spec.name


def test_one_way_tiles_have_a_full_walking_edge(sheet):
    for spec in TILES:
        if "one_way" in spec.props:
            assert (tile_image(sheet, spec.id)[0, :, 3] == 255).all(), spec.name


def test_walkable_tops_are_lit(sheet):
    for name in ("street", "floorboards", "hill_top"):
        image = tile(sheet, name)
        assert luminance(image[:1]) > luminance(image[4:]) + 10, name


def test_lamp_and_window_glow_warm(sheet):
    for name in ("lamp", "window_lit"):
        image = tile(sheet, name)
        rgb = image[..., :3].astype(int)
        amber = (image[..., 3] == 255) & (rgb[..., 0] > 230) & (rgb[..., 2] < 150)
        assert amber.sum() >= 4, name


def test_scenery_behind_the_street_is_dimmer_than_the_street(sheet):
    for name in ("plaster", "cavern_rock"):
        assert luminance(tile(sheet, name)) < luminance(tile(sheet, "street")) * 0.85, name


def test_the_camp_sign_is_a_red_cross_on_canvas(sheet):
    sign = tile(sheet, "tent_sign")[..., :3].astype(int)
    red = (sign[..., 0] > 150) & (sign[..., 1] < 100)
    assert red[7:9, :].sum() >= 10 and red[:, 7:9].sum() >= 10
    assert luminance(tile(sheet, "tent")) > 170  # off-white canvas
