"""Where a problem's JSON path stands in a JSON document: its line and column.

A `Problem` of XML input carries the parser's line and column; one of JSON input carries its
path only (``$.mgmtResponse.job[0]['@id']``: `codec._values.key_segment` writes the path,
this module reads it back). Reports that show each problem on its line (SARIF) find it here,
from the document's text, after the fact: only the documents that have a problem pay for it.

The path is followed as far as the document holds it, and the position is that of the deepest
value reached: a missing key's problem points at the object that lacks it. An index ``[0]``
on a value that is no array stays on that value (v1 JSON writes a one-item list as its item).
A key an object repeats is the last one's value, as orjson reads it. Columns count Unicode
code points, 1-based, as the XML parser's do. Any text is safe to ask about: scanning is a
loop over tokens and runs, never recursion, and ends at the text's end; a text that is not
JSON, or a path that is not one of ours, gives ``None`` or a shallower position. The problems
of one document are located by one `json_positions`, which reads each container on their
paths once: their cost is about one reading of the text, however many there are.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable
from typing import Final

import orjson

__all__ = ["json_position", "json_positions", "path_segments"]

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


#: a run holding no string and no bracket: inside it, every comma separates two items
_FLAT: Final = re.compile(r'[^"\[\]{}]*')
_STRING: Final = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)


class _Scanner:
    """The tokens of a text, and what has been learnt of its containers.

    Every object a path goes into is read once, its members' positions kept (a repeated key's
    last, the value orjson keeps); every array is walked forward from where the last look-up
    stopped. Runs without strings or brackets are crossed by one regular expression (the
    items of an array of numbers counted by its commas), so that locating all of a document's
    problems costs about one reading of it, never one per problem."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._members: dict[int, dict[str, int]] = {}
        self._items: dict[int, tuple[int, int]] = {}
        self._line = (0, 1)  # (position, its line): lines counted forward from the last asked

    def at(self, pos: int) -> tuple[str, int, int] | None:
        """The token at or after ``pos`` (after whitespace): its text, start and end."""
        start = _SPACE.match(self.text, pos)
        begin = pos if start is None else start.end()
        m = _TOKEN.match(self.text, begin)
        if m is None:
            return None
        return m.group(), m.start(), m.end()

    def skip_value(self, pos: int) -> int | None:
        """The end of the value starting at ``pos`` (a token's start)."""
        text = self.text
        if pos >= len(text):
            return None
        opening = text[pos]
        if opening == '"':
            m = _STRING.match(text, pos)
            return None if m is None else m.end()
        if opening not in "[{":
            token = self.at(pos)
            return None if token is None or token[0] in "]},:" else token[2]
        depth = 0
        while True:
            pos = _flat_end(text, pos)
            if pos >= len(text):
                return None
            char = text[pos]
            if char == '"':
                m = _STRING.match(text, pos)
                if m is None:
                    return None
                pos = m.end()
                continue
            depth += 1 if char in "[{" else -1
            pos += 1
            if depth <= 0:
                return pos

    def member(self, pos: int, key: str) -> int | None:
        """The start of ``key``'s value in the object starting at ``pos``."""
        table = self._members.get(pos)
        if table is None:
            table = self._members[pos] = self._read_object(pos)
        return table.get(key)

    def _read_object(self, pos: int) -> dict[str, int]:
        """Each key of the object at ``pos`` and where its value starts, as far as it is
        JSON."""
        table: dict[str, int] = {}
        token = self.at(pos + 1)
        while token is not None and token[0] != "}":
            name, _, end = token
            colon = self.at(end)
            if not name.startswith('"') or colon is None or colon[0] != ":":
                break
            value = self.at(colon[2])
            if value is None:
                break
            key = name[1:-1] if "\\" not in name else _string(name)
            if key is not None:
                table[key] = value[1]  # a repeated key: the last, as orjson reads it
            after = self.skip_value(value[1])
            comma = None if after is None else self.at(after)
            if comma is None or comma[0] != ",":
                break
            token = self.at(comma[2])
        return table

    def item(self, pos: int, index: int) -> int | None:
        """The start of item ``index`` of the array starting at ``pos``."""
        text = self.text
        reached, start = self._items.get(pos, (0, -1))
        if start < 0 or reached > index:
            first = self.at(pos + 1)
            if first is None:
                return None
            reached, start = 0, first[1]
        while reached < index:
            run = _flat_end(text, start)
            commas = text.count(",", start, run)
            if commas >= index - reached:
                token = self.at(_after_comma(text, start, index - reached))
                if token is None:
                    return None
                reached, start = index, token[1]
                break
            reached += commas
            if run >= len(text) or text[run] in "]}":
                return None
            after = self.skip_value(run)  # a string or a container, within an item
            if after is None:
                return None
            start = after
        token = self.at(start)
        if token is None or token[0] in ("]", ",", ":", "}"):
            return None
        self._items[pos] = (reached, token[1])
        return token[1]

    def line_and_column(self, pos: int) -> tuple[int, int]:
        """(line, column) of ``pos``, 1-based; lines counted from the last position asked
        when it is before this one."""
        last, line = self._line
        if pos < last:
            last, line = 0, 1
        line += self.text.count("\n", last, pos)
        self._line = (pos, line)
        return line, pos - self.text.rfind("\n", 0, pos)

    def position(self, path: str) -> tuple[int, int] | None:
        """`json_position` of ``path`` in this scanner's text."""
        text = self.text
        segments = path_segments(path)
        first = self.at(0)
        if segments is None or first is None:
            return None
        pos = first[1]
        for segment in segments:
            opening = text[pos]
            found: int | None = None
            if isinstance(segment, str) and opening == "{":
                found = self.member(pos, segment)
            elif isinstance(segment, int) and opening == "[":
                found = self.item(pos, segment)
            elif segment == 0:  # v1's one-item list written as the item
                continue
            if found is None:
                break
            pos = found
        return self.line_and_column(pos)


def _flat_end(text: str, pos: int) -> int:
    """The end of the run of `_FLAT` at ``pos`` (which matches, if only the empty run)."""
    m = _FLAT.match(text, pos)
    return pos if m is None else m.end()


def _after_comma(text: str, pos: int, nth: int) -> int:
    """The position after the ``nth`` comma from ``pos`` on (the text holds that many):
    counted a block at a time, then found one by one in the block that holds it."""
    block = 1 << 16
    while (found := text.count(",", pos, pos + block)) < nth:
        nth -= found
        pos += block
    for _ in range(nth):
        pos = text.index(",", pos) + 1
    return pos


def _string(token: str) -> str | None:
    try:
        value = orjson.loads(token)
    except orjson.JSONDecodeError:
        return None
    return value if isinstance(value, str) else None


def json_positions(text: str) -> Callable[[str], tuple[int, int] | None]:
    """`json_position` over one text for many paths: what one look-up reads of the text
    serves the next, so that a document's problems are located in about one reading of it."""
    return _Scanner(text).position


def json_position(text: str, path: str) -> tuple[int, int] | None:
    """(line, column) of the deepest value of ``path`` that ``text`` holds, both 1-based;
    ``None`` where the path is not a problem path or the text holds no JSON value."""
    return _Scanner(text).position(path)
