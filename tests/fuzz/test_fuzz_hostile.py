"""The known hostile cases, one test each, pinned by name (no randomness): every kind of
broken file the fuzz families draw from, in its most hostile form, so a regression names
itself. Each runs through the same calls and checks as the seeded families."""

from __future__ import annotations

import base64
import json
import re
import zlib

import pytest
from fuzz_exercise import (
    exercise_ghost,
    exercise_map,
    exercise_pb,
    exercise_replay,
    exercise_script,
    exercise_settings,
)
from fuzz_gen import (
    MIB,
    TEMPLATES,
    TILESET_REL,
    MapCase,
    ReplayParts,
    bomb,
    build_map_tree,
    deep,
    nest_deep,
    raw_json,
)
from fuzz_kit import DEMOS, SHIPPED_MAPS, TILES
from fuzz_userdata import OLDER_BAD

FAMILY = "hostile"
CASES: dict[str, tuple[str, object]] = {}


def case(kind: str):
    def register(build):
        CASES[build.__name__] = (kind, build)
        return build

    return register


# --- maps --------------------------------------------------------------------------------------
TUTORIAL = SHIPPED_MAPS["tutorial"].read_text(encoding="utf-8")
TSX = (TILES / "mine_tiles.tsx").read_text(encoding="utf-8")


def with_attr(text: str, tag: str, attr: str, value: str, which: int = 0) -> str:
    """Set `attr` of the `which`-th <tag> to `value` (added when missing)."""
    matches = list(re.finditer(rf"<{tag}\b([^<>]*?)(/?)>", text))
    match = matches[which]
    attrs, close = match.group(1), match.group(2)
    pattern = re.compile(rf'(\s){attr}="[^"]*"')
    if pattern.search(attrs):
        attrs = pattern.sub(lambda m: f'{m.group(1)}{attr}="{value}"', attrs, count=1)
    else:
        attrs += f' {attr}="{value}"'
    return text[: match.start()] + f"<{tag}{attrs}{close}>" + text[match.end() :]


def terrain_data(text: str, data: str) -> str:
    pattern = re.compile(r'(<layer\b[^>]*name="terrain"[^>]*>\s*)<data\b[^>]*>.*?</data>', re.S)
    return pattern.sub(lambda m: m.group(1) + data, text, count=1)


def map_case(text: str | bytes, **files) -> MapCase:
    body = text.encode() if isinstance(text, str) else text
    extra = {"maps/tutorial.tmx": body}
    for rel, data in files.items():
        extra[rel] = data.encode() if isinstance(data, str) else data
    return MapCase("tutorial", extra)


def attr_case(tag: str, attr: str, value: str, which: int = 0) -> MapCase:
    return map_case(with_attr(TUTORIAL, tag, attr, value, which))


MAP_ATTRIBUTE_CASES = {
    "map_width_zero": ("map", "width", "0"),
    "map_width_minus_one": ("map", "width", "-1"),
    "map_width_nan": ("map", "width", "NaN"),
    "map_width_inf": ("map", "width", "inf"),
    "map_width_1e30": ("map", "width", "1e30"),
    "map_width_huge": ("map", "width", "2147483647"),
    "map_width_empty": ("map", "width", ""),
    "map_width_not_a_number": ("map", "width", "abc"),
    "map_height_5000_digits": ("map", "height", "9" * 5000),
    "map_size_100000_square": ("map", "height", "100000"),
    "map_tilewidth_zero": ("map", "tilewidth", "0"),
    "map_orientation_hexagonal": ("map", "orientation", "hexagonal"),
    "map_layer_width_zero": ("layer", "width", "0"),
    "map_layer_height_huge": ("layer", "height", "1000000000"),
    "map_layer_offset_nan": ("layer", "offsetx", "NaN"),
    "map_layer_offset_400_digits": ("layer", "offsety", "1" + "0" * 400),
    "map_firstgid_zero": ("tileset", "firstgid", "0"),
    "map_firstgid_minus_one": ("tileset", "firstgid", "-1"),
    "map_firstgid_nan": ("tileset", "firstgid", "NaN"),
    "map_firstgid_huge": ("tileset", "firstgid", "4294967296"),
    "map_tileset_source_5000_characters": ("tileset", "source", "x" * 5000 + ".tsx"),
    "map_tileset_source_outside": ("tileset", "source", "../../../../../../etc/passwd.tsx"),
    "map_encoding_base32": ("data", "encoding", "base32"),
    "map_compression_lzma": ("data", "compression", "lzma"),
    "map_object_x_nan": ("object", "x", "NaN"),
    "map_object_x_inf": ("object", "x", "inf"),
    "map_object_y_1e30": ("object", "y", "1e30"),
    "map_object_width_minus_one": ("object", "width", "-1"),
    "map_object_id_5000_digits": ("object", "id", "9" * 5000),
    "map_object_rotation_nan": ("object", "rotation", "nan"),
    "map_object_gid_huge": ("object", "gid", "99999999999999999999"),
}
for _name, (_tag, _attr, _value) in MAP_ATTRIBUTE_CASES.items():
    CASES[_name] = ("map", lambda t=_tag, a=_attr, v=_value: attr_case(t, a, v))


TSX_ATTRIBUTE_CASES = {
    "tileset_tilecount_nan": ("tileset", "tilecount", "NaN"),
    "tileset_tilecount_minus_one": ("tileset", "tilecount", "-1"),
    "tileset_tilecount_huge": ("tileset", "tilecount", "2147483647"),
    "tileset_columns_zero": ("tileset", "columns", "0"),
    "tileset_tilewidth_inf": ("tileset", "tilewidth", "inf"),
    "tileset_image_width_minus_one": ("image", "width", "-1"),
    "tileset_image_source_dev_zero": ("image", "source", "/dev/zero"),
    "tileset_tile_id_huge": ("tile", "id", "4294967296"),
    "tileset_tile_id_minus_one": ("tile", "id", "-1"),
}
for _name, (_tag, _attr, _value) in TSX_ATTRIBUTE_CASES.items():
    CASES[_name] = (
        "map",
        lambda t=_tag, a=_attr, v=_value: map_case(
            TUTORIAL, **{TILESET_REL: with_attr(TSX, t, a, v)}
        ),
    )


@case("map")
def map_groups_nested_2000_deep():
    return map_case(nest_deep(TUTORIAL, 2000))


@case("map")
def map_groups_nested_100000_deep():
    return map_case(nest_deep(TUTORIAL, 100_000))


@case("map")
def map_unknown_elements_nested_100000_deep():
    return map_case(nest_deep(TUTORIAL, 100_000, "x"))


@case("map")
def map_class_property_nested_2000_deep():
    prop = '<property name="c" type="class" propertytype="X"><properties>' * 2000
    prop += '<property name="v" value="1"/>' + "</properties></property>" * 2000
    return map_case(TUTORIAL.replace("<properties>", "<properties>" + prop, 1))


@case("map")
def tileset_tiles_nested_20000_deep():
    return map_case(TUTORIAL, **{TILESET_REL: nest_deep(TSX, 20_000, "tile", "<tile ")})


def _with_template(source: str) -> str:
    return TUTORIAL.replace(
        '<object id="1" name="Naruto" type="Spawn" x="88" y="208">',
        f'<object id="1" template="{source}" x="88" y="208">',
    )


@case("map")
def template_nested_5000_deep():
    spawn = (SHIPPED_MAPS["tutorial"].parent / "templates" / "spawn.tx").read_text()
    return map_case(
        _with_template("templates/spawn.tx"),
        **{"maps/templates/spawn.tx": nest_deep(spawn, 5000, "object", "<object")},
    )


@case("map")
def template_missing():
    return map_case(_with_template("templates/missing.tx"))


@case("map")
def template_is_a_folder():
    return map_case(_with_template("templates"))


@case("map")
def template_outside_the_maps():
    return map_case(_with_template("../../../../../../etc/passwd"))


@case("map")
def template_empty_file():
    return map_case(_with_template("templates/spawn.tx"), **{"maps/templates/spawn.tx": b""})


def _declared(encoding: str, body_codec: str = "utf-8") -> MapCase:
    body = TUTORIAL.split("?>", 1)[1].replace('value="Tutorial"', 'value="Tutoriél"')
    return map_case((f'<?xml version="1.0" encoding="{encoding}"?>' + body).encode(body_codec))


for _encoding in ["x-nope", "hex", "rot13", "base64", "utf-7", "cp500", "UTF-16", "unicode_escape"]:
    _key = re.sub(r"\W", "_", _encoding.lower())
    CASES[f"map_xml_encoding_{_key}"] = ("map", lambda e=_encoding: _declared(e))


@case("map")
def map_xml_encoding_of_300_characters():
    return _declared("x" * 300)


@case("map")
def map_in_utf16_as_declared():
    return _declared("UTF-16", "utf-16")


def _bomb_case(kind: str, size: int) -> MapCase:
    import base64

    payload = base64.b64encode(bomb(kind, size)).decode()
    return map_case(
        terrain_data(TUTORIAL, f'<data encoding="base64" compression="{kind}">{payload}</data>')
    )


@case("map")
def map_zlib_bomb_256mib():
    return _bomb_case("zlib", 256 * MIB)


@case("map")
def map_gzip_bomb_256mib():
    return _bomb_case("gzip", 256 * MIB)


@case("map")
def map_zstd_bomb_1gib():
    return _bomb_case("zstd", 1024 * MIB)


def _csv(entries) -> MapCase:
    return map_case(terrain_data(TUTORIAL, f'<data encoding="csv">\n{",".join(entries)}\n</data>'))


@case("map")
def map_csv_4_million_entries():
    return _csv(["0"] * 4_000_000)


@case("map")
def map_csv_twice_the_tiles():
    return _csv(["1"] * (40 * 16 * 2))


@case("map")
def map_csv_entry_5000_digits():
    return _csv(["9" * 5000] + ["1"] * (40 * 16 - 1))


@case("map")
def map_csv_entry_negative():
    return _csv(["-1"] + ["1"] * (40 * 16 - 1))


@case("map")
def map_csv_gid_over_32_bits():
    return _csv(["4294967297"] + ["1"] * (40 * 16 - 1))


@case("map")
def map_csv_entry_not_a_number():
    return _csv(["NaN"] + ["1"] * (40 * 16 - 1))


def _doctype(entities: list[str], use: str) -> MapCase:
    head, body = TUTORIAL.split("?>\n", 1)
    doctype = "<!DOCTYPE map [\n" + "\n".join(entities) + "\n]>\n"
    body = body.replace('value="Tutorial"', f'value="{use}"', 1)
    return map_case(head + "?>\n" + doctype + body)


@case("map")
def map_billion_laughs():
    ents = ['<!ENTITY a0 "lol">'] + [
        f'<!ENTITY a{i} "{("&a" + str(i - 1) + ";") * 10}">' for i in range(1, 10)
    ]
    return _doctype(ents, "&a9;")


@case("map")
def map_quadratic_blowup():
    return _doctype([f'<!ENTITY big "{"x" * 100_000}">'], "&big;" * 2000)


@case("map")
def map_external_entity_etc_passwd():
    return _doctype(['<!ENTITY ext SYSTEM "file:///etc/passwd">'], "&ext;")


@case("map")
def map_external_parameter_entity_dev_zero():
    return _doctype(['<!ENTITY % p SYSTEM "file:///dev/zero">', "%p;"], "Tutorial")


@case("map")
def map_intro_of_16mib():
    return map_case(
        re.sub(
            r'(<property name="intro" value=")[^"]*',
            lambda m: m.group(1) + "A" * (16 * MIB),
            TUTORIAL,
        )
    )


@case("map")
def map_without_terrain_layer():
    return map_case(re.sub(r'<layer id="2" name="terrain".*?</layer>', "", TUTORIAL, flags=re.S))


@case("map")
def map_without_tileset():
    return map_case(re.sub(r"<tileset [^>]*/>", "", TUTORIAL))


@case("map")
def map_two_tilesets_same_firstgid():
    line = re.search(r"<tileset [^>]*/>", TUTORIAL).group()
    return map_case(TUTORIAL.replace(line, line + line))


@case("map")
def map_duplicate_object_ids():
    return map_case(TUTORIAL.replace('<object id="2"', '<object id="1"'))


@case("map")
def map_empty_file():
    return map_case(b"")


@case("map")
def map_nul_byte():
    return map_case(TUTORIAL.encode().replace(b"<layer", b"\x00<layer", 1))


@case("map")
def map_truncated_in_half():
    return map_case(TUTORIAL.encode()[: len(TUTORIAL) // 2])


@case("map")
def map_not_utf8_latin1():
    return map_case(TUTORIAL.replace('value="Tutorial"', 'value="Tutoriél"').encode("latin-1"))


@case("map")
def map_padded_with_a_64mib_comment():
    return map_case(
        TUTORIAL.replace("<properties>", "<!--" + "x" * (64 * MIB) + "--><properties>", 1)
    )


@case("map")
def tileset_padded_with_a_16mib_comment():
    padded = TSX.replace("<image", "<!--" + "x" * (16 * MIB) + "--><image", 1)
    return map_case(TUTORIAL, **{TILESET_REL: padded})


@case("map")
def template_padded_with_a_4mib_comment():
    spawn = (SHIPPED_MAPS["tutorial"].parent / "templates" / "spawn.tx").read_text()
    padded = spawn.replace("<object", "<!--" + "x" * (4 * MIB) + "--><object", 1)
    return map_case(_with_template("templates/spawn.tx"), **{"maps/templates/spawn.tx": padded})


def _big_map(size: int, miners: int) -> str:
    """A `size` x `size` map (the game's limit is 1024) of floors every eight rows, each with a
    gap to drop through, and `miners` miners standing on them: legal, only large."""
    rows = []
    for r in range(size):
        row = ["0"] * size
        for c in range(size):
            if r in (0, size - 1) or c in (0, size - 1) or (r % 8 == 7 and c % 20 != 5):
                row[c] = "1"
        rows.append(",".join(row))
    data = ",\n".join(rows)
    text = TUTORIAL.replace(
        'width="40" height="16" tilewidth', f'width="{size}" height="{size}" tilewidth'
    )
    for layer in ("background", "terrain"):
        text = re.sub(
            rf'(<layer id="\d" name="{layer}") width="40" height="16">\s*'
            r'<data encoding="csv">.*?</data>',
            lambda m: (
                f'{m.group(1)} width="{size}" height="{size}">'
                f'<data encoding="csv">\n{data}\n</data>'
            ),
            text,
            flags=re.S,
        )
    objects = []
    for i in range(miners):
        row = (i * 8) % (size - 8) // 8 * 8 + 7
        col = 2 + (i * 3) % (size - 4)
        objects.append(
            f'<object id="{100 + i}" name="M{i}" type="Miner" x="{col * 16 + 8}" y="{row * 16}">'
            "<point/></object>"
        )
    text = text.replace("</objectgroup>", "\n".join(objects) + "</objectgroup>")
    text = text.replace('type="Spawn" x="88" y="208"', 'type="Spawn" x="88" y="112"')
    return text.replace(
        'x="16" y="144" width="32" height="64"', 'x="16" y="64" width="32" height="48"'
    )


@case("map")
def map_at_the_size_limit_1024_square():
    return map_case(_big_map(1024, 20))


@case("map")
def map_with_2000_miners():
    return map_case(_big_map(256, 2000))


# --- input scripts -----------------------------------------------------------------------------
DEMO = DEMOS["tutorial"].read_bytes()


def script(data: bytes | str):
    return data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data


SCRIPT_CASES = {
    "script_superscript_two_tick": "0 right\n\u00b2 right\n",
    "script_circled_one_tick": "\u2460 right\n",
    "script_arabic_indic_tick": "\u0663 right\n",
    "script_fullwidth_tick": "\uff11\uff12 right\n",
    "script_5000_digit_tick": "0 right\n" + "9" * 5000 + " left\n",
    "script_4301_digit_tick": "1" + "0" * 4300 + " left\n",
    "script_5000_zeros_tick": "0" * 5000 + " left\n",
    "script_tick_beyond_ten_hours": f"{60 * 60 * 60 * 10 + 1} left\n",
    "script_negative_tick": "-1 left\n",
    "script_latin1_comment": "# café\n".encode("latin-1") + DEMO,
    "script_utf16": DEMO.decode().encode("utf-16"),
    "script_utf8_lone_surrogate": DEMO + "# \ud800\n".encode("utf-8", "surrogatepass"),
    "script_random_binary": bytes(range(256)) * 16,
    "script_nul_bytes": b"0 right\x00\n12 -\n",
    "script_bom_and_crlf": b"\xef\xbb\xbf" + DEMO.replace(b"\n", b"\r\n"),
    "script_unicode_line_separator": "0 right\u2028100 left\n",
    "script_unknown_button_of_1mib": "0 " + "x" * MIB + "\n",
    "script_line_of_16mib": "0 right\n1 " + "r" * (16 * MIB) + "\n",
    "script_64mib_of_comments": b"0 right\n" + (b"#" * 1023 + b"\n") * (64 * 1024),
    "script_one_million_lines": "".join(
        f"{t} {'right' if t % 2 else '-'}\n" for t in range(1_000_000)
    ),
}
for _name, _data in SCRIPT_CASES.items():
    CASES[_name] = ("script", lambda d=_data: script(d))


# --- replays -----------------------------------------------------------------------------------
def _replay_with(base: bytes, change) -> bytes:
    parts = ReplayParts.split(base)
    header = json.loads(parts.header)
    out = change(parts, header)
    return out if isinstance(out, bytes) else parts.pack()


def _header_raw(key: str, raw: str, sub: str | None = None):
    def change(parts, header):
        data = dict(header)
        if sub:
            data[key] = {**data[key], sub: "__RAW0__"}
        else:
            data[key] = "__RAW0__"
        parts.header = raw_json(data, {"__RAW0__": raw}).encode()

    return change


def _header_value(key: str, value):
    def change(parts, header):
        parts.header = json.dumps({**header, key: value}).encode()

    return change


REPLAY_CASES = {
    "replay_header_nested_2000_deep": _header_raw("times", deep(2000)),
    "replay_header_nested_100000_deep": _header_raw("extra", deep(100_000)),
    "replay_lone_surrogate_map_id": _header_value("map_id", "\ud800"),
    "replay_lone_surrogate_game": _header_value("game", "\ud800"),
    "replay_lone_surrogate_map_digest": _header_value("map_digest", "\udfff\ud800"),
    "replay_seed_5000_digits": _header_raw("seed", "9" * 5000),
    "replay_final_tick_5000_digits": _header_raw("final_tick", "9" * 5000),
    "replay_times_any_4301_digits": _header_raw("times", "1" + "0" * 4300, "any"),
    "replay_final_tick_nan": _header_raw("final_tick", "NaN"),
    "replay_seed_infinity": _header_raw("seed", "Infinity"),
    "replay_final_tick_float": _header_raw("final_tick", "663.0"),
    "replay_times_a_list": _header_value("times", [1, 2]),
    "replay_split_ticks_100000_long": _header_value("split_ticks", [1] * 100_000),
    "replay_map_id_climbs_out": _header_value("map_id", "../../../../etc/passwd"),
    "replay_header_a_list": lambda parts, header: setattr(parts, "header", b"[1, 2]"),
    "replay_header_latin1": lambda parts, header: setattr(
        parts,
        "header",
        json.dumps({**header, "recorded_at": "café"}, ensure_ascii=False).encode("latin-1"),
    ),
    "replay_header_length_4gib": lambda parts, header: parts.pack(header_len=2**32 - 1),
    "replay_inputs_declared_4gib": lambda parts, header: setattr(parts, "raw_len", 2**32 - 1),
    "replay_format_version_3": lambda parts, header: setattr(parts, "version", 3),
    "replay_magic_only": lambda parts, header: b"GMREPLAY",
    "replay_empty": lambda parts, header: b"",
}
for _name, _change in REPLAY_CASES.items():
    CASES[_name] = ("replay", lambda c=_change: c)


@case("replay")
def replay_inputs_zlib_bomb():
    def change(parts, header):
        parts.body = bomb("zlib", 64 * MIB)

    return change


@case("replay")
def replay_over_4mib():
    return lambda parts, header: parts.pack() + b"\x00" * (4 * MIB)


# --- settings, personal bests, ghosts ----------------------------------------------------------
def _json_cases(prefix: str, first_key):
    """The same hostile forms for each of the three JSON files; `first_key(data)` is the path
    of a value to replace."""
    return {
        f"{prefix}_nested_2000_deep": ("raw", deep(2000)),
        f"{prefix}_whole_file_nested_100000_deep": ("file", deep(100_000)),
        f"{prefix}_int_5000_digits": ("raw", "9" * 5000),
        f"{prefix}_nan": ("raw", "NaN"),
        f"{prefix}_infinity": ("raw", "Infinity"),
        f"{prefix}_1e400": ("raw", "1e400"),
        f"{prefix}_lone_surrogate": ("raw", '"\\ud800"'),
        f"{prefix}_latin1": ("codec", "latin-1"),
        f"{prefix}_utf16": ("codec", "utf-16"),
        f"{prefix}_random_binary": ("file", bytes(range(256)) * 4),
        f"{prefix}_empty": ("file", b""),
        f"{prefix}_null": ("file", b"null"),
        f"{prefix}_a_list": ("file", b"[]"),
        f"{prefix}_64mib": ("pad", 64 * MIB),
        f"{prefix}_second_bad_keeps_the_first": ("prior", b"{broken"),
    }


def _json_file(base: bytes, how: str, arg, path_of) -> tuple[bytes, bytes | None]:
    data = json.loads(base)
    if how == "raw":
        keys = path_of(data)
        changed = json.loads(base)
        node = changed
        for key in keys[:-1]:
            node = node[key]
        node[keys[-1]] = "__RAW0__"
        return raw_json(changed, {"__RAW0__": arg}).encode(), None
    if how == "file":
        return (arg.encode() if isinstance(arg, str) else arg), None
    if how == "codec":
        text = base.decode().replace("{", '{"note": "café",', 1)
        return text.encode(arg), None
    if how == "pad":
        return raw_json(
            {**data, "pad": "__RAW0__"}, {"__RAW0__": '"' + "x" * arg + '"'}
        ).encode(), None
    return arg, OLDER_BAD


USERDATA = {
    "settings": (_json_cases("settings", None), lambda d: ["music_volume"]),
    "bests": (_json_cases("bests", None), lambda d: ["records", "tutorial/all", "pb", 0]),
    "ghost": (_json_cases("ghost", None), lambda d: ["version"]),
}
for _kind, (_cases, _path_of) in USERDATA.items():
    for _name, (_how, _arg) in _cases.items():
        CASES[_name] = (_kind, lambda h=_how, a=_arg, p=_path_of: (h, a, p))


@case("ghost")
def ghost_points_zlib_bomb():
    return ("points", bomb("zlib", 64 * MIB), None)


@case("ghost")
def ghost_points_not_base64():
    return ("points", "\u00e9\u00e9\u00e9", None)


@case("bests")
def bests_version_a_300_character_string():
    return ("file", json.dumps({"version": "x" * 300, "records": {}}).encode(), None)


@case("settings")
def settings_two_wrong_values_of_300_characters():
    return ("file", json.dumps({"music_volume": "x" * 300, "scale": "y" * 300}).encode(), None)


@case("bests")
def bests_records_a_list():
    return ("records", [], None)


@case("bests")
def bests_negative_tick():
    return ("raw", "-5", lambda d: ["records", "tutorial/all", "pb", 0])


# --- running -----------------------------------------------------------------------------------
@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # expat decoding unicode_escape
@pytest.mark.parametrize("name", sorted(CASES))
def test_known_hostile(name, fuzz, fuzz_files):
    kind, build = CASES[name]
    h = fuzz
    h.note(f"known hostile case {name} ({kind})")
    made = build()
    if kind == "map":
        root = h.tmp / "tree"
        path = build_map_tree(root, made)
        h.name(root / TILESET_REL, *(root / "maps" / "templates" / t for t in TEMPLATES))
        exercise_map(h, path)
    elif kind == "script":
        path = h.tmp / "run.inputs"
        path.write_bytes(made)
        exercise_script(h, path, fuzz_files["short_map"])
    elif kind == "replay":
        path = h.tmp / "run.gmr"
        path.write_bytes(_replay_with(fuzz_files["replay"], made))
        exercise_replay(h, path)
    else:
        how, arg, path_of = made
        base = fuzz_files["pb" if kind == "bests" else kind]
        if how == "points":
            data = json.loads(base)
            data["points"] = arg if isinstance(arg, str) else base64.b64encode(arg).decode()
            content, prior = json.dumps(data).encode(), None
        elif how == "records":
            content, prior = json.dumps({"version": 1, "records": arg}).encode(), None
        else:
            content, prior = _json_file(base, how, arg, path_of)
        path = {
            "settings": h.home / "settings.json",
            "bests": h.home / "personal_bests.json",
            "ghost": h.home / "ghosts" / "tutorial_all.ghost",
        }[kind]
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
        if prior is not None:
            older = path.with_name(path.name + ".bad")
            older.write_bytes(prior)
            h.preexisting_bad.add(str(older))
        if kind == "settings":
            exercise_settings(h, path, prior=prior)
        elif kind == "bests":
            exercise_pb(h, path, prior=prior, readonly=True)
        else:
            exercise_ghost(h, path, prior=prior)
    h.assert_clean()


def test_the_zlib_bomb_really_is_one():
    """The bombs are what they claim: small on disk, large unpacked."""
    packed = bomb("zlib", 16 * MIB)
    assert len(packed) < 64 * 1024
    assert len(zlib.decompress(packed)) == 16 * MIB
