"""Where a problem's JSON path stands in a JSON document: its line and column.

A `Problem` of XML input carries the parser's line and column; one of JSON input carries its
path only (``$.mgmtResponse.job[0]['@id']``: `codec._values.key_segment` writes the path,
this module reads it back). Reports that show each problem on its line (SARIF) find it here,
from the document's text, after the fact: only the documents that have a problem pay for it.

The path is followed as far as the document holds it, and the position is that of the deepest
value reached: a missing key's problem points at the object that lacks it. An index ``[0]``
on a value that is no array stays on that value (v1 JSON writes a one-item list as its item).
Columns count Unicode code points, 1-based, as the XML parser's do. Any text is safe to ask
about: scanning is a loop over tokens, never recursion, and ends at the text's end; a text
that is not JSON, or a path that is not one of ours, gives ``None`` or a shallower position.
"""

from __future__ import annotations

import ast
import re
from typing import Final

import orjson

__all__ = ["json_position", "path_segments"]

_SEGMENT: Final = re.compile(
    r"""\.(?P<name>[^\W\d]\w*)|\[(?P<index>\d+)\]|\[(?P<key>'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")\]""",
    re.DOTALL,
)
#: one JSON token: a string, a structural character, or a run of anything else (a number or
#: a literal); whitespace between tokens is skipped by the callers
_TOKEN: Final = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[{}\[\],:]|[^\s{}\[\],:"]+', re.DOTALL)
_SPACE: Final = re.compile(r"[ \t\r\n]*")


def path_segments(path: str) -> list[str | int] | None:
    """The keys (``str``) and indexes (``int``) of a problem's path, ``None`` if it is not one
    `codec._values.key_segment` wrote."""
    if not path.startswith("$"):
        return None
    segments: list[str | int] = []
    pos = 1
    while pos < len(path):
        m = _SEGMENT.match(path, pos)
        if m is None:
            return None
        if m["name"] is not None:
            segments.append(m["name"])
        elif m["index"] is not None:
            segments.append(int(m["index"]))
        else:
            try:
                key = ast.literal_eval(m["key"])
            except (ValueError, SyntaxError):
                return None
            if not isinstance(key, str):
                return None
            segments.append(key)
        pos = m.end()
    return segments


class _Tokens:
    """The tokens of a text, from a position on, whitespace skipped."""

    def __init__(self, text: str) -> None:
        self.text = text

    def at(self, pos: int) -> tuple[str, int, int] | None:
        """The token at or after ``pos`` (after whitespace): its text, start and end."""
        start = _SPACE.match(self.text, pos)
        begin = pos if start is None else start.end()
        m = _TOKEN.match(self.text, begin)
        if m is None:
            return None
        return m.group(), m.start(), m.end()

    def skip_value(self, pos: int) -> int | None:
        """The end of the value starting at or after ``pos``."""
        depth = 0
        while True:
            token = self.at(pos)
            if token is None:
                return None
            text, _, pos = token
            if text in ("{", "["):
                depth += 1
            elif text in ("}", "]"):
                depth -= 1
                if depth < 0:
                    return None
            elif text in (",", ":"):
                if depth == 0:
                    return None
                continue
            if depth == 0:
                return pos

    def member(self, pos: int, key: str) -> int | None:
        """The start of ``key``'s value in the object starting at ``pos``."""
        token = self.at(pos + 1)
        while token is not None and token[0] != "}":
            name, _, end = token
            colon = self.at(end)
            if not name.startswith('"') or colon is None or colon[0] != ":":
                return None
            value = self.at(colon[2])
            if value is None:
                return None
            if _string(name) == key:
                return value[1]
            after = self.skip_value(value[1])
            comma = None if after is None else self.at(after)
            if comma is None or comma[0] not in (",", "}"):
                return None
            token = self.at(comma[2]) if comma[0] == "," else None
        return None

    def item(self, pos: int, index: int) -> int | None:
        """The start of item ``index`` of the array starting at ``pos``."""
        token = self.at(pos + 1)
        for _ in range(index):
            if token is None or token[0] == "]":
                return None
            after = self.skip_value(token[1])
            comma = None if after is None else self.at(after)
            if comma is None or comma[0] != ",":
                return None
            token = self.at(comma[2])
        if token is None or token[0] in ("]", ",", ":", "}"):
            return None
        return token[1]


def _string(token: str) -> str | None:
    try:
        value = orjson.loads(token)
    except orjson.JSONDecodeError:
        return None
    return value if isinstance(value, str) else None


def json_position(text: str, path: str) -> tuple[int, int] | None:
    """(line, column) of the deepest value of ``path`` that ``text`` holds, both 1-based;
    ``None`` where the path is not a problem path or the text holds no JSON value."""
    segments = path_segments(path)
    tokens = _Tokens(text)
    first = tokens.at(0)
    if segments is None or first is None:
        return None
    pos = first[1]
    for segment in segments:
        opening = text[pos]
        found: int | None = None
        if isinstance(segment, str) and opening == "{":
            found = tokens.member(pos, segment)
        elif isinstance(segment, int) and opening == "[":
            found = tokens.item(pos, segment)
        elif segment == 0:  # v1's one-item list written as the item
            continue
        if found is None:
            break
        pos = found
    line = text.count("\n", 0, pos) + 1
    return line, pos - text.rfind("\n", 0, pos)
