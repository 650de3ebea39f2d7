"""Checks every tileset painted in code must pass (the mine's and the town's): its .tsx holds
exactly the contract table, and pytmx, the loader the game uses, reads those flags."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytmx


def assert_tsx_is_the_contract(tsx, contract: dict) -> None:
    """Every tile's name and true flags (only true bools are written) are `contract`'s."""
    root = ET.parse(tsx).getroot()
    seen = {}
    for element in root.findall("tile"):
        props = {p.get("name"): p for p in element.find("properties").findall("property")}
        name = props.pop("name").get("value")
        for prop in props.values():
            assert (prop.get("type"), prop.get("value")) == ("bool", "true")
        seen[int(element.get("id"))] = (name, set(props))
    assert seen == contract


def assert_pytmx_reads_the_flags(tsx, contract: dict, flag_names, folder) -> None:
    """Through the loader the game uses: a map row holding every tile, left to right."""
    data = ",".join(str(gid) for gid in range(1, 33))
    (folder / "row.tmx").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<map version="1.8" tiledversion="1.8.2" orientation="orthogonal" renderorder="right-down"'
        ' width="32" height="1" tilewidth="16" tileheight="16" infinite="0" nextlayerid="2"'
        ' nextobjectid="1">\n'
        f' <tileset firstgid="1" source="{tsx}"/>\n'
        ' <layer id="1" name="terrain" width="32" height="1">\n'
        f'  <data encoding="csv">{data}</data>\n'
        " </layer>\n</map>\n"
    )
    tmx = pytmx.TiledMap(str(folder / "row.tmx"))
    for tile_id, (name, flags) in contract.items():
        props = tmx.get_tile_properties(tile_id, 0, 0)
        assert props["name"] == name
        for flag in flag_names:
            assert props.get(flag, False) is (flag in flags)
