"""Seeded generators of broken user files, mutated from real ones (the shipped maps, tileset,
templates and demo scripts; a replay, settings, personal bests and a ghost the game wrote).

Every generator takes a `random.Random` and a kind and returns the bytes to write plus notes
saying what was done (printed with a failure, so a case can be rebuilt by hand).
"""

from __future__ import annotations

import base64
import copy
import gzip
import json
import random
import re
import struct
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree

import zstandard
from fuzz_kit import DEMOS, MAPS, SHIPPED_MAPS, TILES

from game.speedrun.replay import put_varint

MIB = 1 << 20
TILESET_REL = "assets/tiles/mine_tiles.tsx"
TEMPLATES = sorted(p.name for p in (MAPS / "templates").glob("*.tx"))

# Values that break numbers: zero, negatives, not-a-number, overflow, digits no parser takes.
HOSTILE_NUMBERS = [
    "0",
    "-1",
    "-0",
    "NaN",
    "nan",
    "inf",
    "-inf",
    "Infinity",
    "1e30",
    "-1e30",
    "1e309",
    "99999999999999999999",
    "4294967296",
    "4294967295",
    "2147483648",
    "65536",
    "100000",
    "30000",
    "",
    " ",
    "abc",
    "0x10",
    "1_000",
    "1.5",
    "+5",
    "16px",
    " 16 ",
    "\u0663",
    "\u00b2",
    "\uff11\uff16",
    "true",
    "9" * 5000,
    "1" + "0" * 400,
    "-" + "9" * 4301,
]
ENCODINGS = ["csv", "base64", "xml", "", "CSV", "base32", "zlib", "json"]
COMPRESSIONS = ["zlib", "gzip", "zstd", "lzma", "bz2", "", "none", "ZLIB", "deflate"]
PROPERTY_TYPES = ["int", "float", "bool", "color", "file", "object", "class", "string", "", "x"]

# element -> attributes worth breaking, for maps, tilesets and templates
MAP_ATTRS = {
    "map": [
        "width",
        "height",
        "tilewidth",
        "tileheight",
        "infinite",
        "orientation",
        "nextobjectid",
        "renderorder",
        "version",
        "hexsidelength",
        "staggeraxis",
    ],
    "layer": ["width", "height", "offsetx", "offsety", "visible", "opacity", "id", "name"],
    "data": ["encoding", "compression"],
    "tileset": ["firstgid", "source"],
    "objectgroup": ["offsetx", "offsety", "visible", "id", "name"],
    "object": ["x", "y", "width", "height", "id", "rotation", "gid", "type", "name", "visible"],
    "property": ["type", "value", "name"],
}
TSX_ATTRS = {
    "tileset": [
        "tilewidth",
        "tileheight",
        "tilecount",
        "columns",
        "spacing",
        "margin",
        "firstgid",
        "name",
    ],
    "image": ["width", "height", "source", "trans"],
    "tile": ["id", "probability", "type"],
    "property": ["type", "value", "name"],
    "frame": ["tileid", "duration"],
    "tileoffset": ["x", "y"],
}
TEMPLATE_ATTRS = {
    "object": ["x", "y", "width", "height", "type", "name", "gid", "rotation"],
    "property": ["type", "value", "name"],
    "tileset": ["firstgid", "source"],
}


# --- bytes ---------------------------------------------------------------------------------------
def flip_bits(data: bytes, rng: random.Random, count: int | None = None, span=None) -> bytes:
    if not data:
        return b"\x01"
    out = bytearray(data)
    low, high = span or (0, len(out))
    for _ in range(count or rng.randint(1, 16)):
        at = rng.randrange(low, max(low + 1, high))
        out[at] ^= 1 << rng.randrange(8)
    return bytes(out)


def truncate(data: bytes, rng: random.Random) -> bytes:
    return data[: rng.randrange(0, max(1, len(data)))]


def garbage(rng: random.Random) -> bytes:
    choice = rng.randrange(8)
    if choice == 0:
        return bytes(rng.randrange(256) for _ in range(rng.randint(1, 64)))
    if choice == 1:
        return b"\x00"
    if choice == 2:
        return "\ud800".encode("utf-8", "surrogatepass")  # UTF-8 of a lone surrogate
    if choice == 3:
        return b"\xc0\xaf"  # overlong '/'
    if choice == 4:
        return rng.choice([b"]]>", b"<!--", b"&", b"<", b"&#0;", b"&#xD800;", b"<?xml ?>"])
    if choice == 5:
        return "\ufffe\uffff\u202e\u2028".encode()
    if choice == 6:
        return b"\xef\xbb\xbf"  # a BOM in the middle
    return rng.choice([b"\xe9", b"\xff\xfe", b"\x80"])


def insert_garbage(data: bytes, rng: random.Random) -> bytes:
    at = rng.randrange(0, len(data) + 1)
    return data[:at] + garbage(rng) + data[at:]


def hostile_value(rng: random.Random, attr: str) -> str:
    if attr == "encoding":
        return rng.choice(ENCODINGS + HOSTILE_NUMBERS[:4])
    if attr == "compression":
        return rng.choice(COMPRESSIONS + HOSTILE_NUMBERS[:4])
    if attr == "type" and rng.random() < 0.5:
        return rng.choice(PROPERTY_TYPES)
    if attr in ("source", "template"):
        return rng.choice(
            [
                "",
                "missing.tsx",
                "mine_tiles.png",
                "../../../../../../etc/passwd",
                "/etc",
                "..",
                "x" * 5000 + ".tsx",
                "mine_tiles.tsx\t",
                "C:\\tiles\\x.tsx",
                "\u00e9.tsx",
                "file:///etc/passwd",
                "http://127.0.0.1:9/x.tsx",
                "templates",
            ]
        )
    if attr == "orientation":
        return rng.choice(["isometric", "hexagonal", "staggered", "", "ORTHOGONAL", "x"])
    return rng.choice(HOSTILE_NUMBERS)


def xml_escape(text: str) -> str:
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    )


_START_TAG = re.compile(r"<([A-Za-z_][\w.-]*)(\s[^<>]*?)?(/?)>")


def set_attribute(text: str, rng: random.Random, attrs: dict[str, list[str]], value=None):
    """Set one attribute of one element (chosen among `attrs`) to a hostile value, in place in
    the text so the rest of the file stays byte for byte. Returns (text, note)."""
    tags = [m for m in _START_TAG.finditer(text) if m.group(1) in attrs]
    if not tags:
        return text, "no element to mutate"
    match = rng.choice(tags)
    tag, old, close = match.group(1), match.group(2) or "", match.group(3)
    attr = rng.choice(attrs[tag])
    if value is None:
        value = hostile_value(rng, attr)
    escaped = xml_escape(value)
    pattern = re.compile(rf'(\s){re.escape(attr)}="[^"]*"')
    if pattern.search(old):
        new = pattern.sub(lambda m: f'{m.group(1)}{attr}="{escaped}"', old, count=1)
    else:
        new = f'{old} {attr}="{escaped}"'
    note = f'<{tag} {attr}="{value[:40]}{"..." if len(value) > 40 else ""}"> (len {len(value)})'
    return text[: match.start()] + f"<{tag}{new}{close}>" + text[match.end() :], note


def _elements(root: ElementTree.Element):
    return [child for parent in root.iter() for child in parent]


def _parents(root: ElementTree.Element):
    return {child: parent for parent in root.iter() for child in parent}


def _serialize(root: ElementTree.Element) -> bytes:
    body = ElementTree.tostring(root, encoding="unicode")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n").encode()


def remove_element(data: bytes, rng: random.Random):
    root = ElementTree.fromstring(data)
    parents = _parents(root)
    victim = rng.choice(_elements(root))
    parents[victim].remove(victim)
    return _serialize(root), f"removed <{victim.tag} {dict(list(victim.attrib.items())[:3])}>"


def duplicate_element(data: bytes, rng: random.Random):
    root = ElementTree.fromstring(data)
    parents = _parents(root)
    chosen = rng.choice(_elements(root))
    parent = parents[chosen]
    index = list(parent).index(chosen)
    for _ in range(rng.choice([1, 1, 2, 50])):
        parent.insert(index, copy.deepcopy(chosen))
    return _serialize(root), f"duplicated <{chosen.tag} {dict(list(chosen.attrib.items())[:3])}>"


def nest_deep(text: str, depth: int, tag: str = "group", before: str = "<layer") -> str:
    """Wrap everything from the first `before` to the end of the root in `depth` elements."""
    at = text.find(before)
    end = text.rfind("</")
    opening = f'<{tag} id="900" name="g">' if tag == "group" else f"<{tag}>"
    return text[:at] + opening * depth + text[at:end] + f"</{tag}>" * depth + text[end:]


# --- bombs (built once a session) ----------------------------------------------------------------
_BOMBS: dict[tuple[str, int], bytes] = {}


def bomb(kind: str, size: int) -> bytes:
    """`size` zero bytes, compressed: small on disk, large when unpacked."""
    key = (kind, size)
    if key not in _BOMBS:
        chunk = bytes(MIB)
        if kind == "zstd":
            packer = zstandard.ZstdCompressor(level=3).compressobj()
            parts = [packer.compress(chunk) for _ in range(size // MIB)]
            _BOMBS[key] = b"".join(parts) + packer.flush()
        else:
            wbits = 31 if kind == "gzip" else 15
            packer = zlib.compressobj(9, zlib.DEFLATED, wbits)
            parts = [packer.compress(chunk) for _ in range(size // MIB)]
            _BOMBS[key] = b"".join(parts) + packer.flush()
    return _BOMBS[key]


def _gzip_check():  # gzip.decompress reads the wbits=31 stream made above
    assert gzip.decompress(bomb("gzip", MIB)) == bytes(MIB)


# --- maps ----------------------------------------------------------------------------------------
@dataclass
class MapCase:
    base: str  # tutorial | great_mine
    files: dict[str, bytes] = field(default_factory=dict)  # relative path -> bytes
    notes: list[str] = field(default_factory=list)
    links: dict[str, str] = field(default_factory=dict)  # relative path -> symlink target

    @property
    def map_rel(self) -> str:
        return f"maps/{self.base}.tmx"


MAP_KINDS = [
    "bitflip",
    "truncate",
    "map_attr",
    "layer_attr",
    "data_attr",
    "object_attr",
    "tileset_attr",
    "tsx_attr",
    "property",
    "group_nesting",
    "xml_encoding",
    "bomb",
    "csv_entries",
    "entities",
    "remove_element",
    "duplicate_element",
    "template",
    "garbage",
    "tsx_damage",
]


def build_map_tree(root: Path, case: MapCase) -> Path:
    """The map in `root/maps/`, with copies of its tileset (`root/assets/tiles/`) and the
    templates (`root/maps/templates/`) so its relative paths resolve; then the case's files."""
    (root / "maps" / "templates").mkdir(parents=True, exist_ok=True)
    (root / "assets" / "tiles").mkdir(parents=True, exist_ok=True)
    for name in ("mine_tiles.tsx", "mine_tiles.png"):
        (root / "assets" / "tiles" / name).write_bytes((TILES / name).read_bytes())
    for name in TEMPLATES:
        (root / "maps" / "templates" / name).write_bytes((MAPS / "templates" / name).read_bytes())
    (root / case.map_rel).write_bytes(SHIPPED_MAPS[case.base].read_bytes())
    for rel, data in case.files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(data)
    for rel, target in case.links.items():
        path = root / rel
        if path.exists() or path.is_symlink():
            path.unlink()
        path.symlink_to(target)
    return root / case.map_rel


def _layer_data(text: str, layer: str, new_data: str) -> str:
    pattern = re.compile(
        rf'(<layer\b[^>]*\bname="{re.escape(layer)}"[^>]*>\s*)<data\b[^>]*>.*?</data>', re.S
    )
    return pattern.sub(lambda m: m.group(1) + new_data, text, count=1)


def _size(text: str) -> tuple[int, int]:
    match = re.search(r'<map\b[^>]*\bwidth="(\d+)"[^>]*\bheight="(\d+)"', text)
    return int(match.group(1)), int(match.group(2))


def make_map_case(rng: random.Random, kind: str) -> MapCase:
    base = "great_mine" if rng.random() < 0.25 else "tutorial"
    case = MapCase(base)
    raw = SHIPPED_MAPS[base].read_bytes()
    text = raw.decode("utf-8")
    tsx = (TILES / "mine_tiles.tsx").read_bytes()
    note = ""
    out: bytes | None = None
    if kind == "bitflip":
        out = flip_bits(raw, rng)
        note = "flipped bits"
    elif kind == "truncate":
        out = truncate(raw, rng)
        note = f"truncated to {len(out)} bytes"
    elif kind in ("map_attr", "layer_attr", "data_attr", "object_attr", "tileset_attr"):
        tag = {
            "map_attr": "map",
            "layer_attr": "layer",
            "data_attr": "data",
            "object_attr": "object",
            "tileset_attr": "tileset",
        }[kind]
        count = rng.choice([1, 1, 2])
        for _ in range(count):
            text, changed = set_attribute(text, rng, {tag: MAP_ATTRS[tag]})
            case.notes.append(changed)
        out = text.encode()
        note = f"{count} attribute(s) of <{tag}> changed"
    elif kind == "tsx_attr":
        tsx_text, note = set_attribute(tsx.decode(), rng, TSX_ATTRS)
        case.files[TILESET_REL] = tsx_text.encode()
        note = "tileset " + note
    elif kind == "tsx_damage":
        how = rng.choice(["bitflip", "truncate", "remove", "duplicate", "nest", "garbage"])
        if how == "bitflip":
            damaged = flip_bits(tsx, rng)
        elif how == "truncate":
            damaged = truncate(tsx, rng)
        elif how == "remove":
            damaged, note = remove_element(tsx, rng)
        elif how == "duplicate":
            damaged, note = duplicate_element(tsx, rng)
        elif how == "nest":
            depth = rng.choice([100, 1000, 20000])
            damaged = nest_deep(tsx.decode(), depth, "tile", "<tile ").encode()
            note = f"{depth} nested <tile>"
        else:
            damaged = insert_garbage(tsx, rng)
        case.files[TILESET_REL] = damaged
        note = f"tileset {how} {note}"
    elif kind == "property":
        out, note = _mutate_property(text, rng)
    elif kind == "group_nesting":
        depth = rng.choice([65, 200, 1000, 5000, 50000])
        tag = rng.choice(["group", "group", "group", "unknown"])
        out = nest_deep(text, depth, tag).encode()
        note = f"layers inside {depth} nested <{tag}>"
    elif kind == "xml_encoding":
        out, note = _xml_encoding(text, rng)
    elif kind == "bomb":
        how = rng.choice(["zlib", "gzip", "zstd"])
        size = rng.choice(
            [16 * MIB, 64 * MIB, 256 * MIB] if how != "zstd" else [64 * MIB, 1024 * MIB]
        )
        payload = base64.b64encode(bomb(how, size)).decode()
        layer = rng.choice(["terrain", "background"])
        data = f'<data encoding="base64" compression="{how}">{payload}</data>'
        out = _layer_data(text, layer, data).encode()
        note = (
            f"{how} bomb in layer '{layer}': {len(payload):,} bytes of Base64 unpacking to {size:,}"
        )
    elif kind == "csv_entries":
        out, note = _csv_entries(text, rng)
    elif kind == "entities":
        out, note = _entities(text, rng)
    elif kind == "remove_element":
        out, note = remove_element(raw, rng)
    elif kind == "duplicate_element":
        out, note = duplicate_element(raw, rng)
    elif kind == "template":
        out, note = _templates(text, rng, case)
    elif kind == "garbage":
        out = raw
        for _ in range(rng.randint(1, 3)):
            out = insert_garbage(out, rng)
        note = "inserted garbage bytes"
    else:
        raise AssertionError(kind)
    if out is not None:
        case.files[case.map_rel] = out
    case.notes.insert(0, f"{base}: {kind}: {note}")
    return case


def _mutate_property(text: str, rng: random.Random):
    choice = rng.randrange(4)
    if choice == 0:
        return set_attribute(text, rng, {"property": ["type", "value"]})[0].encode(), "property"
    if choice == 1:  # a huge string
        size = rng.choice([MIB, 4 * MIB, 16 * MIB])
        prop = f'<property name="intro" value="{"A" * size}"/>'
        text = re.sub(r'<property name="intro"[^>]*/>', lambda _: prop, text, count=1)
        if prop not in text:
            text = text.replace("<properties>", "<properties>" + prop, 1)
        return text.encode(), f"intro of {size:,} characters"
    if choice == 2:  # typed wrong
        name = rng.choice(["collapse_seconds", "seed", "quota", "par_seconds", "dark", "rate"])
        kind = rng.choice(PROPERTY_TYPES)
        value = rng.choice(HOSTILE_NUMBERS)
        prop = f'<property name="{name}" type="{kind}" value="{xml_escape(value)}"/>'
        text = re.sub(rf'<property name="{name}"[^>]*/>', "", text)
        text = text.replace("<properties>", "<properties>" + prop, 1)
        return text.encode(), f"map property {name} type={kind!r} value={value[:30]!r}"
    # a class-typed property nested deep
    depth = rng.choice([10, 100, 2000])
    prop = '<property name="c" type="class" propertytype="X"><properties>' * depth
    prop += '<property name="v" value="1"/>' + "</properties></property>" * depth
    return text.replace("<properties>", "<properties>" + prop, 1).encode(), (
        f"class property nested {depth} deep"
    )


def _xml_encoding(text: str, rng: random.Random):
    name = rng.choice(
        [
            "x-nope",
            "UTF-16",
            "utf-32",
            "latin-1",
            "ascii",
            "cp500",
            "hex",
            "rot13",
            "base64",
            "zlib_codec",
            "utf-7",
            "idna",
            "punycode",
            "mbcs",
            "unicode_escape",
            "",
            "utf_8_sig",
            "UTF-8\x00",
            "shift_jis",
            "koi8-r",
            "x" * 300,
        ]
    )
    body = text.split("?>", 1)[1]
    # a non-ASCII character, so the encoding matters
    body = body.replace('value="Tutorial"', 'value="Tutoriél"').replace(
        'value="The Great Mine"', 'value="The Gréat Mine"'
    )
    decl = f'<?xml version="1.0" encoding="{name}"?>'
    really = rng.random() < 0.3 and name.lower() in ("utf-16", "utf-32", "latin-1", "cp500")
    if really:  # the whole file in that encoding, as the declaration says
        codec = {"latin-1": "latin-1", "cp500": "cp500"}.get(name.lower(), name)
        return (decl + body).encode(codec), f"declared and written as {name}"
    return (decl + body).encode("utf-8"), f"declares encoding {name!r}, written as UTF-8"


def _csv_entries(text: str, rng: random.Random):
    width, height = _size(text)
    count = width * height
    how = rng.choice(["many", "huge", "few", "hostile", "ragged", "empty"])
    if how == "many":
        entries = ["1"] * (count * rng.choice([2, 10]))
    elif how == "huge":
        entries = ["0"] * rng.choice([1_000_000, 4_000_000])
    elif how == "few":
        entries = ["1"] * rng.randrange(0, count)
    elif how == "hostile":
        entries = ["1"] * count
        for _ in range(rng.randint(1, 5)):
            entries[rng.randrange(count)] = rng.choice(
                [
                    "-1",
                    "4294967297",
                    "99999999999999999999",
                    "",
                    " ",
                    "0x1",
                    "1.0",
                    "NaN",
                    "1e3",
                    "\u0661",
                    "9" * 5000,
                    "536870913",
                    "2147483649",
                ]
            )
    elif how == "ragged":
        rows = [",".join(["1"] * rng.randint(1, width * 2)) for _ in range(height)]
        body = ",\n".join(rows)
        data = f'<data encoding="csv">\n{body}\n</data>'
        return _layer_data(text, "terrain", data).encode(), "ragged CSV rows"
    else:
        entries = []
    data = f'<data encoding="csv">\n{",".join(entries)}\n</data>'
    layer = rng.choice(["terrain", "terrain", "background"])
    return _layer_data(
        text, layer, data
    ).encode(), f"layer {layer}: {how} CSV ({len(entries):,} entries for {count:,} tiles)"


def _entities(text: str, rng: random.Random):
    how = rng.choice(
        ["laughs", "quadratic", "external_file", "external_http", "parameter", "attribute"]
    )
    if how == "laughs":
        ents = ['<!ENTITY a0 "lol">'] + [
            f'<!ENTITY a{i} "{("&a" + str(i - 1) + ";") * 10}">' for i in range(1, 10)
        ]
        use = "&a9;"
    elif how == "quadratic":
        ents = [f'<!ENTITY big "{"x" * 100_000}">']
        use = "&big;" * 2000
    elif how == "external_file":
        ents = ['<!ENTITY ext SYSTEM "file:///etc/passwd">']
        use = "&ext;"
    elif how == "external_http":
        ents = ['<!ENTITY ext SYSTEM "http://127.0.0.1:9/x">']
        use = "&ext;"
    elif how == "parameter":
        ents = ['<!ENTITY % p SYSTEM "file:///dev/zero">', "%p;"]
        use = "x"
    else:
        ents = ['<!ENTITY w "40">']
        use = "Tutorial"
        text = text.replace('width="40"', 'width="&w;"', 1)
    doctype = "<!DOCTYPE map [\n" + "\n".join(ents) + "\n]>\n"
    head, body = text.split("?>\n", 1)
    body = re.sub(
        r'(<property name="name" value=")[^"]*"', lambda m: m.group(1) + use + '"', body, count=1
    )
    return (head + "?>\n" + doctype + body).encode(), f"DOCTYPE with {how} entities"


def _templates(text: str, rng: random.Random, case: MapCase):
    """Point objects at templates (the shipped maps use none), and maybe break a template."""
    objects = list(re.finditer(r"<object ([^>]*?)(/?)>", text))
    chosen = rng.sample(objects, min(len(objects), rng.randint(1, 3)))
    name = rng.choice(TEMPLATES)
    source = f"templates/{name}"
    if rng.random() < 0.25:
        source = rng.choice(
            [
                "templates/missing.tx",
                "templates",
                "../maps/tutorial.tmx",
                "/etc/passwd",
                "templates/../templates/exit.tx",
                "",
                "x" * 3000 + ".tx",
                "C:\\t.tx",
                "../assets/tiles/mine_tiles.png",
            ]
        )
    for match in sorted(chosen, key=lambda m: m.start(), reverse=True):
        attrs = re.sub(r'\s(type|name)="[^"]*"', "", " " + match.group(1)).strip()
        new = f'<object template="{xml_escape(source)}" {attrs}{match.group(2)}>'
        text = text[: match.start()] + new + text[match.end() :]
    note = f"{len(chosen)} object(s) use template {source[:60]!r}"
    if source == f"templates/{name}" and rng.random() < 0.7:
        data = (MAPS / "templates" / name).read_bytes()
        how = rng.choice(["bitflip", "truncate", "attr", "remove", "nest", "empty"])
        if how == "bitflip":
            data = flip_bits(data, rng)
        elif how == "truncate":
            data = truncate(data, rng)
        elif how == "attr":
            changed, sub = set_attribute(data.decode(), rng, TEMPLATE_ATTRS)
            data = changed.encode()
            how += f" {sub}"
        elif how == "remove":
            data, sub = remove_element(data, rng)
            how += f" {sub}"
        elif how == "nest":
            depth = rng.choice([100, 5000])
            data = nest_deep(data.decode(), depth, "object", "<object").encode()
            how += f" {depth} deep"
        else:
            data = b""
        case.files[f"maps/templates/{name}"] = data
        note += f"; template {name}: {how}"
    return text.encode(), note


# --- input scripts -------------------------------------------------------------------------------
SCRIPT_KINDS = [
    "random_lines",
    "unicode_digits",
    "huge_ticks",
    "huge_file",
    "binary",
    "non_utf8",
    "demo_mutation",
    "separators",
    "long_tokens",
]
BUTTON_NAMES = ["left", "right", "up", "down", "jump", "rasengan", "clone", "fire", "transform"]
ODD_DIGITS = [
    "\u00b2",
    "\u2460",
    "\u0663",
    "\uff11\uff12",
    "\u00b9\u00b2",
    "\U0001d7d8",
    "\u2081",
    "\u0e51",
    "\u09e7",
    "\u136a",
]


def _buttons(rng: random.Random) -> str:
    if rng.random() < 0.1:
        return "-"
    names = rng.sample(BUTTON_NAMES, rng.randint(1, 3))
    if rng.random() < 0.2:
        names = [n.upper() if rng.random() < 0.5 else n for n in names]
    return "+".join(names)


def _valid_lines(rng: random.Random, count: int, top: int = 3000) -> list[str]:
    ticks = sorted(rng.sample(range(top), min(count, top)))
    return [f"{t} {_buttons(rng)}" for t in ticks]


def make_script(rng: random.Random, kind: str) -> tuple[bytes, str]:
    demo = DEMOS["tutorial" if rng.random() < 0.7 else "great_mine"].read_bytes()
    if kind == "random_lines":
        lines = _valid_lines(rng, rng.randint(1, 40))
        for _ in range(rng.randint(1, 6)):
            lines.insert(rng.randrange(len(lines) + 1), _random_line(rng))
        return "\n".join(lines).encode(), "valid lines with random ones among them"
    if kind == "unicode_digits":
        lines = _valid_lines(rng, rng.randint(0, 10))
        odd = rng.choice(ODD_DIGITS)
        lines.insert(rng.randrange(len(lines) + 1), f"{odd} right")
        return "\n".join(lines).encode(), f"a line with the tick {odd!r}"
    if kind == "huge_ticks":
        tick = rng.choice(
            [
                "9" * 5000,
                "1" + "0" * 4300,
                "9" * 4300,
                "0" * 5000,
                "0" * 4000 + "7",
                "9" * 25,
                str(60 * 60 * 60 * 10 + 1),
                str(10**12),
                "-1",
                "+5",
                "1e9",
                "0x10",
            ]
        )
        lines = _valid_lines(rng, rng.randint(0, 5))
        lines.append(f"{tick} right")
        return "\n".join(lines).encode(), f"a tick of {len(tick)} characters: {tick[:20]}..."
    if kind == "huge_file":
        size = rng.choice([4 * MIB, 16 * MIB, 64 * MIB])
        how = rng.choice(["comments", "blank", "one_line"])
        if how == "comments":
            body = (b"# " + b"x" * 1022 + b"\n") * (size // 1024)
        elif how == "blank":
            body = b"\n" * size
        else:
            body = b"1 " + b"r" * size + b"\n"
        return b"0 right\n" + body + b"100 -\n", f"{size:,} bytes of {how}"
    if kind == "binary":
        return bytes(rng.randrange(256) for _ in range(rng.randint(1, 4096))), "random binary"
    if kind == "non_utf8":
        text = demo.decode()
        how = rng.choice(
            ["latin-1", "utf-16", "utf-16-be", "utf-32", "cp1252", "surrogate", "overlong", "bom"]
        )
        if how in ("latin-1", "cp1252"):
            return ("# café “quoted”\n".encode(how, "replace") + demo), how
        if how == "surrogate":
            return demo + "# \ud800\n".encode("utf-8", "surrogatepass"), "UTF-8 of a lone surrogate"
        if how == "overlong":
            return demo + b"# \xc0\xaf\n", "an overlong UTF-8 sequence"
        if how == "bom":
            return b"\xef\xbb\xbf" + demo, "UTF-8 with a byte-order mark"
        return text.encode(how), f"the demo in {how}"
    if kind == "demo_mutation":
        how = rng.choice(["bitflip", "truncate", "shuffle", "duplicate", "garbage"])
        if how == "bitflip":
            return flip_bits(demo, rng), "the demo with bits flipped"
        if how == "truncate":
            return truncate(demo, rng), "the demo truncated"
        lines = demo.decode().splitlines()
        if how == "shuffle":
            rng.shuffle(lines)
        elif how == "duplicate":
            at = rng.randrange(len(lines))
            lines.insert(at, lines[at])
        else:
            return insert_garbage(demo, rng), "the demo with garbage inserted"
        return "\n".join(lines).encode(), f"the demo, lines {how}d"
    if kind == "separators":
        sep = rng.choice(
            [
                "\t",
                "   ",
                "\x0b",
                "\x0c",
                "\u00a0",
                "\u3000",
                "\x00",
                "\r",
                "\u2028",
                "\x85",
                "\x1c",
            ]
        )
        lines = _valid_lines(rng, rng.randint(1, 10))
        at = rng.randrange(len(lines))
        lines[at] = lines[at].replace(" ", sep, 1)
        joiner = rng.choice(["\n", "\r\n", "\r", "\u2028"])
        return joiner.join(lines).encode(), f"separator {sep!r}, lines joined by {joiner!r}"
    if kind == "long_tokens":
        size = rng.choice([300, 10_000, 1_000_000])
        how = rng.choice(["button", "plus", "fields"])
        if how == "button":
            line = f"5 {'x' * size}"
        elif how == "plus":
            line = "5 " + "+".join(["right"] * (size // 6))
        else:
            line = " ".join(["5"] * (size // 2))
        return f"0 right\n{line}\n".encode(), f"a line with a {how} token of {size:,} characters"
    raise AssertionError(kind)


def _random_line(rng: random.Random) -> str:
    alphabet = "0123456789 +-#abcdefghijklmnopqrstuvwxyz\t" + "".join(ODD_DIGITS) + "é\u00a0"
    if rng.random() < 0.5:
        return "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
    tick = rng.choice([str(rng.randint(0, 5000)), "-3", "", "x", "1.5", rng.choice(ODD_DIGITS)])
    buttons = rng.choice(
        [_buttons(rng), "", "+", "right+", "+jump", "right++jump", "-+right", "jmup"]
    )
    return f"{tick} {buttons}" + rng.choice(["", " extra", " # note", "  "])


# --- replays -------------------------------------------------------------------------------------
REPLAY_KINDS = [
    "bitflip",
    "bitflip_header",
    "truncate",
    "header_nesting",
    "lone_surrogate",
    "huge_int",
    "wrong_type",
    "float_values",
    "missing_field",
    "map_id",
    "header_length",
    "header_encoding",
    "body_bomb",
    "body_garbage",
    "raw_length",
    "inputs_varints",
    "magic_version",
    "size",
]
_PREFIX = struct.Struct("<8sBI")


@dataclass
class ReplayParts:
    magic: bytes
    version: int
    header: bytes
    raw_len: int
    body: bytes

    @classmethod
    def split(cls, data: bytes) -> ReplayParts:
        magic, version, length = _PREFIX.unpack_from(data)
        at = _PREFIX.size + length
        (raw_len,) = struct.unpack_from("<I", data, at)
        return cls(magic, version, data[_PREFIX.size : at], raw_len, data[at + 4 :])

    def pack(self, header_len: int | None = None) -> bytes:
        length = len(self.header) if header_len is None else header_len
        return (
            _PREFIX.pack(self.magic, self.version, length & 0xFFFFFFFF)
            + self.header
            + struct.pack("<I", self.raw_len & 0xFFFFFFFF)
            + self.body
        )


def raw_json(data, raws: dict[str, str]) -> str:
    """json.dumps, then each "__RAWn__" string replaced by raw JSON text (a 5,000-digit
    number, NaN, nesting 2,000 deep: things json.dumps will not write)."""
    text = json.dumps(data, separators=(",", ":"), sort_keys=True)
    for key, raw in raws.items():
        text = text.replace(json.dumps(key), raw)
    return text


def deep(depth: int, rng: random.Random | None = None) -> str:
    if rng is not None and rng.random() < 0.5:
        return '{"a":' * depth + "1" + "}" * depth
    return "[" * depth + "1" + "]" * depth


HOSTILE_JSON = [
    "9" * 5000,
    "-" + "9" * 5000,
    "1" + "0" * 4301,
    "1e400",
    "-1e400",
    "NaN",
    "Infinity",
    "-Infinity",
    "1e-400",
    "0.1",
    "-0",
    "true",
    "null",
    '""',
    "[]",
    "{}",
    '"\\ud800"',
    '"\\udfff\\ud800"',
    "18446744073709551616",
    "-9223372036854775809",
    '"' + "x" * 100_000 + '"',
]


def make_replay(base: bytes, rng: random.Random, kind: str) -> tuple[bytes, str]:
    parts = ReplayParts.split(base)
    header = json.loads(parts.header)
    keys = sorted(header)
    if kind == "bitflip":
        return flip_bits(base, rng), "bits flipped anywhere"
    if kind == "bitflip_header":
        span = (_PREFIX.size, _PREFIX.size + len(parts.header))
        return flip_bits(base, rng, rng.randint(1, 4), span), "bits flipped in the header"
    if kind == "truncate":
        return truncate(base, rng), "truncated"
    if kind == "header_nesting":
        depth = rng.choice([33, 100, 2000, 100_000])
        key = rng.choice(keys + ["times", "split_ticks", "extra"])
        parts.header = raw_json(
            {**header, key: "__RAW0__"}, {"__RAW0__": deep(depth, rng)}
        ).encode()
        return parts.pack(), f"header field {key} nested {depth} deep"
    if kind == "lone_surrogate":
        key = rng.choice(
            [
                "map_id",
                "game",
                "map_digest",
                "final_hash",
                "category",
                "result",
                "recorded_at",
                "game_version",
                "assists",
                "key",
            ]
        )
        value = rng.choice(["\ud800", "tutorial\udfff", "\udc80\ud800x"])
        data = dict(header)
        if key == "assists":
            data["assists"] = [value]
        elif key == "key":
            data[value] = 1
        else:
            data[key] = value
        parts.header = json.dumps(data).encode()  # ensure_ascii: valid JSON text, bad string
        return parts.pack(), f"lone surrogate {value!r} in {key}"
    if kind == "huge_int":
        key = rng.choice(
            [
                "seed",
                "final_tick",
                "total",
                "rescued",
                "sim_version",
                "game_ticks",
                "quota_tick",
                "times.any",
                "split_ticks",
            ]
        )
        raw = rng.choice(
            [
                "9" * 5000,
                "-" + "9" * 5000,
                "1" + "0" * 4301,
                "9" * 4300,
                "18446744073709551616",
                str(2**64 + 1),
                "9" * 100,
            ]
        )
        data = dict(header)
        if key == "times.any":
            data["times"] = {**header["times"], "any": "__RAW0__"}
        elif key == "split_ticks":
            data["split_ticks"] = ["__RAW0__"]
        else:
            data[key] = "__RAW0__"
        parts.header = raw_json(data, {"__RAW0__": raw}).encode()
        return parts.pack(), f"{key} = a {len(raw)}-character number"
    if kind == "wrong_type":
        data = dict(header)
        key = rng.choice(keys)
        value = rng.choice([None, True, False, "1", 1.5, [], {}, [1], {"any": 1}, -1, "", 2**40])
        data[key] = value
        if rng.random() < 0.3:
            data = rng.choice([[], "x", 1, None, [data]])
        parts.header = json.dumps(data).encode()
        return parts.pack(), f"{key} = {value!r} (or the header not an object)"
    if kind == "float_values":
        key = rng.choice(["final_tick", "seed", "total", "game_ticks", "times.all", "sim_version"])
        raw = rng.choice(
            ["NaN", "Infinity", "-Infinity", "1e400", "651.0", "6.51e2", "1e-400", "-0.0"]
        )
        data = dict(header)
        if key == "times.all":
            data["times"] = {**header["times"], "all": "__RAW0__"}
        else:
            data[key] = "__RAW0__"
        parts.header = raw_json(data, {"__RAW0__": raw}).encode()
        return parts.pack(), f"{key} = {raw}"
    if kind == "missing_field":
        data = dict(header)
        gone = rng.sample(keys, rng.randint(1, 3))
        for key in gone:
            del data[key]
        parts.header = json.dumps(data).encode()
        return parts.pack(), f"without {gone}"
    if kind == "map_id":
        value = rng.choice(
            [
                "../../etc/passwd",
                "..",
                ".",
                "",
                "tutorial\x00",
                "a/b",
                "C:x",
                "great_mine ",
                "con",
                "TUTORIAL",
                "t\u00e9",
                "x" * 101,
                "x" * 100,
                "\\\\server\\share",
                "~",
                "tutorial.tmx",
                "-",
                "\u202etutorial",
                "maps/../tutorial",
            ]
        )
        parts.header = json.dumps({**header, "map_id": value}).encode()
        return parts.pack(), f"map_id {value!r}"
    if kind == "header_length":
        real = len(parts.header)
        length = rng.choice(
            [0, 1, real - 1, real + 1, 2**32 - 1, 65536, 65537, len(base), real + 4]
        )
        return parts.pack(header_len=length), f"header length field {length} (really {real})"
    if kind == "header_encoding":
        how = rng.choice(
            ["utf-16", "latin-1", "bom", "trailing", "nul", "whitespace", "duplicate_keys", "empty"]
        )
        text = json.dumps({**header, "recorded_at": "café"}, ensure_ascii=False)
        if how == "utf-16":
            parts.header = text.encode("utf-16")
        elif how == "latin-1":
            parts.header = text.encode("latin-1")
        elif how == "bom":
            parts.header = b"\xef\xbb\xbf" + text.encode()
        elif how == "trailing":
            parts.header = text.encode() + b"garbage"
        elif how == "nul":
            parts.header = text.encode() + b"\x00"
        elif how == "whitespace":
            parts.header = ("\u00a0" + text).encode()
        elif how == "duplicate_keys":
            parts.header = (text[:-1] + ',"final_tick":1}').encode()
        else:
            parts.header = b""
        return parts.pack(), f"header {how}"
    if kind == "body_bomb":
        size = rng.choice([16 * MIB, 64 * MIB])
        parts.body = bomb("zlib", size)
        if rng.random() < 0.5:
            parts.raw_len = rng.choice([0, parts.raw_len, 2**32 - 1])
        return parts.pack(), f"inputs: zlib bomb of {size:,} bytes, declared {parts.raw_len}"
    if kind == "body_garbage":
        how = rng.choice(["random", "empty", "trailing", "raw", "gzip", "zstd"])
        if how == "random":
            parts.body = bytes(rng.randrange(256) for _ in range(rng.randint(1, 200)))
        elif how == "empty":
            parts.body = b""
        elif how == "trailing":
            parts.body += b"\x00" * rng.randint(1, 10)
        elif how == "raw":
            parts.body = zlib.decompress(parts.body)
        elif how == "gzip":
            parts.body = gzip.compress(zlib.decompress(parts.body))
        else:
            parts.body = zstandard.ZstdCompressor().compress(zlib.decompress(parts.body))
        return parts.pack(), f"inputs {how}"
    if kind == "raw_length":
        value = rng.choice(
            [0, 1, parts.raw_len - 1, parts.raw_len + 1, 2**32 - 1, 3 * header["final_tick"]]
        )
        parts.raw_len = value
        return parts.pack(), f"declared inputs length {value}"
    if kind == "inputs_varints":
        return _inputs(parts, header, rng)
    if kind == "magic_version":
        how = rng.choice(["magic", "version", "both"])
        if how in ("magic", "both"):
            parts.magic = rng.choice([b"GMREPLAX", b"gmreplay", b"\x00" * 8, b"GMREPLA\xff"])
        if how in ("version", "both"):
            parts.version = rng.choice([0, 2, 255])
        return parts.pack(), f"magic {parts.magic!r} version {parts.version}"
    if kind == "size":
        how = rng.choice(["empty", "one", "magic", "prefix", "4mib", "4mib+1", "64mib"])
        data = {
            "empty": b"",
            "one": b"G",
            "magic": b"GMREPLAY",
            "prefix": base[: _PREFIX.size],
            "4mib": base + b"\x00" * (4 * MIB - len(base)),
            "4mib+1": base + b"\x00" * (4 * MIB + 1 - len(base)),
            "64mib": base + b"\x00" * (64 * MIB),
        }[how]
        return data, f"size {how} ({len(data):,} bytes)"
    raise AssertionError(kind)


def _varint(value: int) -> bytes:
    out = bytearray()
    put_varint(value, out)
    return bytes(out)


def _inputs(parts: ReplayParts, header: dict, rng: random.Random):
    final = header["final_tick"]
    how = rng.choice(
        ["overlong", "mask", "zero_run", "too_many", "too_few", "truncated", "huge_run"]
    )
    if how == "overlong":
        raw = b"\x80" * 10 + b"\x01" + _varint(final)
    elif how == "mask":
        raw = _varint(rng.choice([512, 2**28 - 1, 2**35])) + _varint(final)
    elif how == "zero_run":
        raw = _varint(0) + _varint(0) + _varint(0) + _varint(final)
    elif how == "too_many":
        raw = _varint(0) + _varint(final + 1)
    elif how == "too_few":
        raw = _varint(0) + _varint(max(final - 1, 0))
    elif how == "truncated":
        raw = _varint(0) + b"\x80"
    else:
        raw = _varint(0) + _varint(2**28 - 1)
    parts.raw_len = len(raw)
    parts.body = zlib.compress(raw)
    return parts.pack(), f"inputs {how}"


# --- settings, personal bests, ghosts ----------------------------------------------------------
JSON_KINDS = [
    "deep_nesting",
    "huge_int",
    "nan",
    "non_utf8",
    "wrong_types",
    "empty",
    "bitflip",
    "truncate",
    "lone_surrogate",
    "binary",
    "big_file",
    "prior_bad",
]


def make_json_file(base: bytes, rng: random.Random, kind: str, family: str) -> tuple[bytes, str]:
    data = json.loads(base)
    if kind == "deep_nesting":
        depth = rng.choice([33, 2000, 100_000])
        if rng.random() < 0.3:
            return deep(depth, rng).encode(), f"the whole file nested {depth} deep"
        path = _some_path(data, rng)
        return raw_json(_put(data, path, "__RAW0__"), {"__RAW0__": deep(depth, rng)}).encode(), (
            f"{'/'.join(map(str, path))} nested {depth} deep"
        )
    if kind == "huge_int":
        raw = rng.choice(["9" * 5000, "-" + "9" * 5000, "1" + "0" * 4300, "9" * 4301, "9" * 41])
        path = _some_path(data, rng)
        return raw_json(_put(data, path, "__RAW0__"), {"__RAW0__": raw}).encode(), (
            f"{'/'.join(map(str, path))} = a {len(raw)}-character number"
        )
    if kind == "nan":
        raw = rng.choice(["NaN", "Infinity", "-Infinity", "1e400", "-1e400"])
        path = _some_path(data, rng)
        return raw_json(_put(data, path, "__RAW0__"), {"__RAW0__": raw}).encode(), (
            f"{'/'.join(map(str, path))} = {raw}"
        )
    if kind == "non_utf8":
        how = rng.choice(["latin-1", "utf-16", "utf-16-le", "utf-32", "cp1252", "surrogate"])
        text = base.decode()
        if how == "surrogate":
            return text.replace("{", '{"x": "\ud800",', 1).encode("utf-8", "surrogatepass"), how
        text = text.replace("{", '{"note": "café",', 1)
        return text.encode(how), f"written as {how}"
    if kind == "wrong_types":
        return _wrong_types(data, rng, family)
    if kind == "empty":
        value = rng.choice(
            [b"", b" ", b"\n", b"null", b"0", b"[]", b'""', b"{", b"\xef\xbb\xbf", b"\x00"]
        )
        return value, f"the file is {value!r}"
    if kind == "bitflip":
        return flip_bits(base, rng), "bits flipped"
    if kind == "truncate":
        return truncate(base, rng), "truncated"
    if kind == "lone_surrogate":
        value = rng.choice(["\ud800", "\udfff", "a\udc80"])
        if rng.random() < 0.5:
            path = _some_path(data, rng)
            return json.dumps(_put(data, path, value)).encode(), f"{path} = {value!r}"
        return json.dumps({**data, value: value}).encode(), f"key {value!r}"
    if kind == "binary":
        return bytes(rng.randrange(256) for _ in range(rng.randint(1, 2048))), "random binary"
    if kind == "big_file":
        size = rng.choice([4 * MIB, 16 * MIB, 64 * MIB])
        return raw_json(
            {**data, "pad": "__RAW0__"}, {"__RAW0__": '"' + "x" * size + '"'}
        ).encode(), (f"a {size:,}-byte string in it")
    if kind == "prior_bad":  # the caller also leaves an older .bad beside it
        return b"{not json", "broken, with an older .bad already there"
    raise AssertionError(kind)


def _some_path(data, rng: random.Random) -> list:
    """A path to a value somewhere in `data` (a key of the top object, or deeper)."""
    path: list = []
    node = data
    while isinstance(node, (dict, list)) and node and rng.random() < 0.7:
        key = rng.choice(sorted(node)) if isinstance(node, dict) else rng.randrange(len(node))
        path.append(key)
        node = node[key]
    return path or [rng.choice(sorted(data)) if isinstance(data, dict) and data else "x"]


def _put(data, path: list, value):
    data = copy.deepcopy(data)
    if not path:
        return value
    node = data
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    return data


def _wrong_types(data, rng: random.Random, family: str):
    values = [None, True, False, "1", "", 1.5, -1, 0, [], {}, [1, 2], {"a": 1}, 2**63, "x" * 300]
    if rng.random() < 0.2:
        whole = rng.choice([[], "x", 1, None, [data], True])
        return json.dumps(whole).encode(), f"the file holds {json.dumps(whole)[:40]}"
    changed = copy.deepcopy(data)
    notes = []
    for _ in range(rng.randint(1, 3)):
        path = _some_path(changed, rng)
        value = rng.choice(values)
        changed = _put(changed, path, value)
        notes.append(f"{'/'.join(map(str, path))} = {json.dumps(value)[:30]}")
    return json.dumps(changed).encode(), "; ".join(notes)


# --- ghosts ------------------------------------------------------------------------------------
def make_ghost(base: bytes, rng: random.Random, kind: str) -> tuple[bytes, str]:
    """The JSON kinds, plus ghost-specific ones for the `points` field."""
    if kind != "points" and rng.random() < 0.75:
        return make_json_file(base, rng, kind, "ghost")
    data = json.loads(base)
    how = rng.choice(["garbage", "bomb", "odd", "huge", "types", "not_base64"])
    if how == "garbage":
        data["points"] = base64.b64encode(bytes(rng.randrange(256) for _ in range(64))).decode()
    elif how == "bomb":
        data["points"] = base64.b64encode(bomb("zlib", 64 * MIB)).decode()
    elif how == "odd":
        data["points"] = base64.b64encode(zlib.compress(b"\x01" * 7)).decode()
    elif how == "huge":
        data["points"] = base64.b64encode(zlib.compress(bytes(60 * 60 * 60 * 6 + 6))).decode()
    elif how == "types":
        data["points"] = rng.choice([None, 1, [], {}, ["x"], True])
    else:
        data["points"] = rng.choice(["!!!!", "é" * 10, "A", "=" * 8, "\ud800"])
    return json.dumps(data).encode(), f"points: {how}"
