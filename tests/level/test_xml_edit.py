"""game/level/xml_edit.py: `pack` changes attribute values in place and nothing else."""

from __future__ import annotations

import pytest

from game.files import parse_xml
from game.level.xml_edit import NotRewritable, rewrite_attributes

TRICKY = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n'
    b"<!DOCTYPE map>\n"
    b'<map a="1">\n'
    b' <!-- <tileset source="in-a-comment.tsx"/> -->\n'
    b' <tileset firstgid="1"\n   source = \'old.tsx\' name="a > b &amp; c"/>\n'
    b" <?note <tileset source='pi.tsx'/> ?>\n"
    b' <objectgroup><object id="1" name="&lt;x&gt;"><![CDATA[<object template="no.tx"/>]]>'
    b"</object>\r\n"
    b'  <object id="2" template="old.tx"/></objectgroup>\n'
    b"</map>\n"
)


def _changes(root, **values):
    tileset = root.find("tileset")
    template = root.find("objectgroup").findall("object")[1]
    return {tileset: {"source": values["source"]}, template: {"template": values["template"]}}


def test_only_the_chosen_values_change():
    root = parse_xml(TRICKY, "t.tmx")
    out = rewrite_attributes(TRICKY, root, _changes(root, source="new.tsx", template="t/new.tx"))
    assert out == TRICKY.replace(b"'old.tsx'", b"'new.tsx'").replace(b'"old.tx"', b'"t/new.tx"')


def test_new_values_are_escaped_for_their_quotes():
    root = parse_xml(TRICKY, "t.tmx")
    out = rewrite_attributes(TRICKY, root, _changes(root, source="it's & <x>", template='a"b'))
    again = parse_xml(out, "t.tmx")
    assert again.find("tileset").get("source") == "it's & <x>"
    assert again.find("objectgroup").findall("object")[1].get("template") == 'a"b'


def test_a_file_in_another_encoding_is_refused():
    data = TRICKY.replace(b"UTF-8", b"ISO-8859-1")
    root = parse_xml(data, "t.tmx")
    with pytest.raises(NotRewritable):
        rewrite_attributes(data, root, _changes(root, source="n.tsx", template="n.tx"))
