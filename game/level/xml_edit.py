"""Change a few attribute values in an XML file and keep every other byte as it was.

`pack` rewrites only the `source` and `template` paths of a designer's map, tilesets and
templates: their comments, attribute order, quotes, line endings and layout stay theirs. The
file is parsed as usual (so it is well-formed and within the limits) and the elements to
change are picked in the tree; their start tags are then found in the text by order (the
n-th element in document order is the n-th start tag) and only the value between the quotes
of each attribute is replaced.
"""

from __future__ import annotations

import codecs
import re
from xml.etree import ElementTree
from xml.sax.saxutils import escape

# What can stand between start tags: skipped whole, so a "<tileset" inside a comment, CDATA
# section, processing instruction or DOCTYPE is never taken for a tag.
_SKIPPED = re.compile(
    rb"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<\?.*?\?>|<!DOCTYPE[^\[>]*(?:\[.*?\])?\s*>|</[^>]*>",
    re.DOTALL,
)
_NAME = rb"[^\s=/>\"']+"
_START_TAG = re.compile(
    rb"<(" + _NAME + rb")((?:\s+" + _NAME + rb"\s*=\s*(?:\"[^\"]*\"|'[^']*'))*)\s*/?>"
)
_ATTRIBUTE = re.compile(rb"(\s)(" + _NAME + rb")(\s*=\s*)(\"[^\"]*\"|'[^']*')")
_DECLARED_ENCODING = re.compile(rb"^<\?xml[^>]*encoding\s*=\s*[\"']([A-Za-z0-9._-]+)[\"']")


class NotRewritable(ValueError):
    """The text could not be matched to its tree (never for a file ElementTree parsed)."""


def _start_tags(data: bytes):
    """(start, end, name) of every start tag, in document order."""
    at = 0
    while True:
        at = data.find(b"<", at)
        if at < 0:
            return
        skipped = _SKIPPED.match(data, at)
        if skipped:
            at = skipped.end()
            continue
        tag = _START_TAG.match(data, at)
        if tag is None:
            raise NotRewritable(f"unexpected markup at byte {at}")
        yield tag.start(), tag.end(), tag.group(1)
        at = tag.end()


def _utf8_compatible(data: bytes) -> bool:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    declared = _DECLARED_ENCODING.match(data.removeprefix(codecs.BOM_UTF8))
    if declared is None:
        return True  # XML's default: UTF-8
    return declared.group(1).decode("ascii").lower().replace("_", "-") in ("utf-8", "us-ascii")


def _local_name(tag: str) -> str:
    return tag.rpartition("}")[2]


def rewrite_attributes(
    data: bytes, root: ElementTree.Element, changes: dict[ElementTree.Element, dict[str, str]]
) -> bytes:
    """`data` (the file `root` was parsed from) with each element's listed attributes set to
    the new values; every other byte unchanged. Raises NotRewritable when it cannot."""
    if not changes:
        return data
    if not _utf8_compatible(data):
        raise NotRewritable("only UTF-8 files are rewritten in place")
    order = {id(element): index for index, element in enumerate(root.iter())}
    wanted = {order[id(element)]: (element, values) for element, values in changes.items()}
    pieces, done, last = [], 0, 0
    for index, (start, end, name) in enumerate(_start_tags(data)):
        if index not in wanted:
            continue
        element, values = wanted[index]
        if name.decode("utf-8", "replace").rpartition(":")[2] != _local_name(element.tag):
            raise NotRewritable(f"tag {index} is <{name!r}>, not <{element.tag}>")
        pieces += [data[last:start], _rewrite_tag(data[start:end], values)]
        last, done = end, done + 1
    if done != len(wanted):
        raise NotRewritable(f"found {done} of the {len(wanted)} tags to rewrite")
    return b"".join(pieces) + data[last:]


def _rewrite_tag(tag: bytes, values: dict[str, str]) -> bytes:
    missing = set(values)

    def replace(match: re.Match[bytes]) -> bytes:
        name = match.group(2).decode("utf-8")
        if name not in values:
            return match.group(0)
        missing.discard(name)
        quote = match.group(4)[:1]
        entities = {quote.decode(): "&quot;" if quote == b'"' else "&apos;"}
        entities |= {"\n": "&#10;", "\r": "&#13;", "\t": "&#9;"}  # kept as written, not as spaces
        value = escape(values[name], entities)
        return match.group(1) + match.group(2) + match.group(3) + quote + value.encode() + quote

    rewritten = _ATTRIBUTE.sub(replace, tag)
    if missing:
        raise NotRewritable(f"no attribute {sorted(missing)[0]!r} in {tag[:60]!r}")
    return rewritten
