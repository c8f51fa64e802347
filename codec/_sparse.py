"""A bounded-memory reading of large JSON: what the plan declares is read, the rest only checked.

orjson reads a whole document into Python objects, which for content made of small objects,
arrays and keys costs twenty and more times the input. Where the plan reads such content at
all, it is worth it; where the model does not declare it (unknown keys, which strict checking
only names), it is not. So a large input whose reading would cost more than `SPARSE_RATIO`
times its size (`sparse_pays`: an estimate from counts of ``{``, ``[``, ``"`` and ``:``, at C
speed) is read here instead, for the reference checker (`codec._check`) and `codec.detect`.

Rules (what makes this reading the reference's own, see ``tests/test_sparse.py``):

* The document is orjson's reading, except that the value of a key the model does not declare
  is ``None`` (the checker never reads it), and an object keeps only the first `MAX_PROBLEMS`
  keys the checker would report as unknown (in the order of their first appearance), the
  others counted in `SparseJson.dropped` by the object's ``id``: past as many reports, each of
  them is only counted. Everything the plan reads (declared keys, the URL attributes a root
  model marks, the value of a scalar field whatever it holds) is read whole, by the standard
  library, its floats by orjson itself, objects with a repeated key keeping the last value in
  the first place, as orjson keeps them.
* What the model does not declare is read for its syntax only (by the standard library's
  scanner, keeping nothing: objects become ``None`` as soon as they are read).
* It never decides what it is unsure of: wherever orjson might read the text otherwise (a
  syntax error, whose message is orjson's; an integer out of the 64-bit range, which orjson
  reads as a float; a float out of range; a surrogate, escaped or not; ``NaN``; nesting deeper
  than orjson reads; a top-level value that is not an object), it returns ``None`` and the
  caller reads the document with orjson.
* Repeated keys and ``-0`` are only noticed (`SparseJson.suspect`): where there is one, the
  checker's second reading says what and where, as it does after orjson's reading.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable, Mapping
from json.decoder import scanstring  # type: ignore[attr-defined]  # untyped, in C
from operator import itemgetter
from typing import Any, Final

import attrs
import orjson

from ._fields import WireKind
from ._limits import JSON_DEPTH, MAX_PROBLEMS, Limits
from ._plan import FieldPlan, ScalarKind

__all__ = ["SPARSE_FROM", "SPARSE_RATIO", "ObjectPlan", "SparseJson", "read_sparse", "sparse_pays"]

#: Inputs smaller than this are read by orjson whatever they hold: their reading costs little
#: in absolute terms (as `codec._strict.XML_TREE_LIMIT` for XML trees).
SPARSE_FROM: Final = 64 * 1024
#: Inputs whose reading by orjson is estimated above this many times their size are read here.
SPARSE_RATIO: Final = 10

# Typical bytes of what orjson makes of each (tracemalloc, CPython 3.11): an object, an array,
# a key and its entry, a string value. The content's own bytes are the input's.
_OBJECT: Final = 200
_ARRAY: Final = 80
_KEY: Final = 100
_STRING: Final = 60


def sparse_pays(data: bytes | str, limits: Limits, ratio: float = SPARSE_RATIO) -> bool:
    """Is ``data`` large, and its reading by orjson estimated above ``ratio`` times its size?
    (Nesting limited below orjson's own is checked on orjson's reading: not here.)"""
    size = len(data)
    if size < SPARSE_FROM or limits.max_depth < JSON_DEPTH:
        return False
    if isinstance(data, bytes):
        objects, arrays, quotes, keys = (data.count(c) for c in (b"{", b"[", b'"', b":"))
    else:
        objects, arrays, quotes, keys = (data.count(c) for c in ("{", "[", '"', ":"))
    strings = max(quotes // 2 - keys, 0)
    cost = size + _OBJECT * objects + _ARRAY * arrays + _KEY * keys + _STRING * strings
    return cost > ratio * size


@attrs.frozen
class ObjectPlan:
    """What the reading asks of one model (made by `codec._check` from its plan)."""

    #: the declared fields by JSON key
    fields: Mapping[str, FieldPlan]
    #: keys read whole though not declared (the URL attributes a root model marks)
    exact: frozenset[str]
    #: keys the checker never reports (namespace declarations)
    silent: Callable[[str], bool]


@attrs.frozen
class SparseJson:
    """The sparse document (see the module rules) and, by ``id`` of an object in it, how many
    keys it would report as unknown that it does not hold."""

    doc: dict[str, Any]
    dropped: dict[int, int]
    #: the objects counted in ``dropped``, held so that no other object takes their id while
    #: the reading lives (one may have been let go: a repeated key's value read before)
    held: list[dict[str, Any]]
    #: an object repeats a key, or a number is ``-0``, somewhere in the document
    suspect: bool


class _Doubt(Exception):
    pass


def _refuse(_: str) -> Any:
    raise _Doubt


def _float(text: str) -> float:
    try:
        value: float = orjson.loads(text)  # the very float orjson reads
    except orjson.JSONDecodeError:
        raise _Doubt from None  # out of range
    return value


def _checked_float(text: str) -> None:
    _float(text)


_first: Final = itemgetter(0)
#: the integers orjson reads as integers (beyond, as floats)
_INT_MIN: Final = -(2**63)
_UINT_MAX: Final = 2**64 - 1
_WS: Final = re.compile(r"[ \t\n\r]*")
_ESCAPED_SURROGATE: Final = re.compile(r"\\u[dD][89abcdefABCDEF]")
_SURROGATE: Final = re.compile("[\ud800-\udfff]")
_BOM: Final = b"\xef\xbb\xbf"
#: brackets, and strings (whose brackets do not count)
_NESTING: Final = re.compile(r'[\[\]{}]|"(?:[^"\\]|\\.)*+"')
#: Under this recursion limit, the standard library's reader stops short of orjson's depth
#: limit, where the sparse reading doubts; above it (raised by `codec._limits.with_room` or
#: by the application), the text's nesting is counted.
_STDLIB_DEPTH: Final = JSON_DEPTH


class _Reader:
    def __init__(self, text: str, plan_of: Callable[[type[Any]], ObjectPlan]) -> None:
        self.s = text
        self.plan_of = plan_of
        self.dropped: dict[int, int] = {}
        self.held: list[dict[str, Any]] = []
        self.suspect = False
        self.ws = _WS.match
        #: reads a value whole (as orjson does); reads one keeping nothing of it
        self.exact = json.JSONDecoder(
            object_pairs_hook=self.whole,
            parse_float=_float,
            parse_int=self.number,
            parse_constant=_refuse,
        ).raw_decode
        self.skip = json.JSONDecoder(
            object_pairs_hook=self.nothing,
            parse_float=_checked_float,
            parse_int=self.number,
            parse_constant=_refuse,
        ).raw_decode

    def number(self, text: str) -> int:
        value = int(text)
        if len(text) > 18 and not _INT_MIN <= value <= _UINT_MAX:
            raise _Doubt  # orjson reads it as a float, or refuses it
        if text == "-0":
            self.suspect = True
        return value

    def whole(self, pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        obj = dict(pairs)
        if len(obj) != len(pairs):
            self.suspect = True
        return obj

    def nothing(self, pairs: list[tuple[str, Any]]) -> None:
        if len(pairs) > 1 and len(set(map(_first, pairs))) != len(pairs):
            self.suspect = True

    def at(self, pos: int) -> int:
        found = self.ws(self.s, pos)
        assert found is not None  # matches the empty string
        return found.end()

    def key(self, pos: int) -> tuple[str, int]:
        """The key at ``pos`` and where its value starts."""
        s = self.s
        if s[pos] != '"':
            raise _Doubt
        key, pos = scanstring(s, pos + 1, True)
        pos = self.at(pos)
        if s[pos] != ":":
            raise _Doubt
        return key, self.at(pos + 1)

    def next_key(self, pos: int, close: str) -> int:
        """After a value: the start of the next key, or -1 past the closing brace."""
        s = self.s
        pos = self.at(pos)
        if s[pos] == ",":
            return self.at(pos + 1)
        if s[pos] == close:
            return -pos - 1
        raise _Doubt

    def document(self, roots: Mapping[str, type[Any]]) -> dict[str, Any]:
        s = self.s
        pos = self.at(0)
        if s[pos] != "{":
            raise _Doubt
        doc: dict[str, Any] = {}
        pos = self.at(pos + 1)
        if s[pos] != "}":
            while pos >= 0:
                key, pos = self.key(pos)
                if key in doc:
                    self.suspect = True
                cls = roots.get(key)
                if cls is None:
                    doc[key] = None
                    pos = self.skip(s, pos)[1]
                else:
                    doc[key], pos = self.model(pos, cls)
                pos = self.next_key(pos, "}")
            pos = -pos - 1
        if self.at(pos + 1) != len(s):
            raise _Doubt
        return doc

    def model(self, pos: int, cls: type[Any]) -> tuple[Any, int]:
        s = self.s
        if s[pos] != "{":
            return self.exact(s, pos)
        plan = self.plan_of(cls)
        fields = plan.fields
        exact = plan.exact
        silent = plan.silent
        obj: dict[str, Any] = {}
        seen: set[str] = set()
        reports = 0  # keys reported as unknown
        listed = 0  # of them, those obj holds
        pos = self.at(pos + 1)
        if s[pos] == "}":
            return obj, pos + 1
        while pos >= 0:
            key, pos = self.key(pos)
            first = key not in seen
            if first:
                seen.add(key)
            else:
                self.suspect = True
            f = fields.get(key)
            if f is not None:
                obj[key], pos = self.field(f, pos)
            else:
                reported = first and not silent(key)
                reports += reported
                if key in exact:
                    listed += reported
                    obj[key], pos = self.exact(s, pos)
                else:
                    if reported and listed < MAX_PROBLEMS:
                        listed += 1
                        obj[key] = None
                    pos = self.skip(s, pos)[1]
            pos = self.next_key(pos, "}")
        if reports > listed:
            self.dropped[id(obj)] = reports - listed
            self.held.append(obj)
        return obj, -pos

    def field(self, f: FieldPlan, pos: int) -> tuple[Any, int]:
        if not f.is_list:
            return self.item(f, pos)
        if f.kind is WireKind.REPEATED:
            return self.items(f, pos)
        s = self.s
        if s[pos] != "{":  # a wrapper that is not one: read whole
            return self.exact(s, pos)
        item = f.item
        obj: dict[str, Any] = {}
        seen: set[str] = set()
        reports = 0  # every key but the item is reported
        listed = 0
        pos = self.at(pos + 1)
        if s[pos] == "}":
            return obj, pos + 1
        while pos >= 0:
            key, pos = self.key(pos)
            first = key not in seen
            if first:
                seen.add(key)
            else:
                self.suspect = True
            if key == item:
                obj[key], pos = self.items(f, pos)
            else:
                if first:
                    reports += 1
                    if listed < MAX_PROBLEMS:
                        listed += 1
                        obj[key] = None
                pos = self.skip(s, pos)[1]
            pos = self.next_key(pos, "}")
        if reports > listed:
            self.dropped[id(obj)] = reports - listed
            self.held.append(obj)
        return obj, -pos

    def items(self, f: FieldPlan, pos: int) -> tuple[Any, int]:
        """A list's items: an array of them, or one item."""
        s = self.s
        if s[pos] != "[":
            return self.item(f, pos)
        items: list[Any] = []
        pos = self.at(pos + 1)
        if s[pos] == "]":
            return items, pos + 1
        while True:
            value, pos = self.item(f, pos)
            items.append(value)
            pos = self.at(pos)
            if s[pos] == "]":
                return items, pos + 1
            if s[pos] != ",":
                raise _Doubt
            pos = self.at(pos + 1)

    def item(self, f: FieldPlan, pos: int) -> tuple[Any, int]:
        if f.scalar is ScalarKind.MODEL:
            return self.model(pos, f.type)
        return self.exact(self.s, pos)


def _text(data: bytes | str) -> str | None:
    """``data`` as text, past a byte order mark; ``None`` where orjson might read it otherwise
    than the standard library (a surrogate) or refuse it (not UTF-8)."""
    if isinstance(data, bytes):
        try:
            text = data.removeprefix(_BOM).decode()
        except UnicodeDecodeError:
            return None
    else:
        text = data.removeprefix("\ufeff")
        if _SURROGATE.search(text) is not None:
            return None
    return None if _ESCAPED_SURROGATE.search(text) is not None else text


def _nesting_within(text: str, depth: int) -> bool:
    """Are ``text``'s arrays and objects nested at most ``depth`` deep?"""
    if text.count("{") + text.count("[") <= depth:
        return True
    level = 0
    for found in _NESTING.findall(text):
        if found in "{[":
            level += 1
            if level > depth:
                return False
        elif found in "}]":
            level -= 1
    return True


def read_sparse(
    data: bytes | str,
    roots: Mapping[str, type[Any]],
    plan_of: Callable[[type[Any]], ObjectPlan],
) -> SparseJson | None:
    """The sparse reading of ``data`` (see the module rules), the value of each top-level key
    named in ``roots`` read by that model's plan; ``None`` where orjson must read it."""
    text = _text(data)
    if text is None:
        return None
    if sys.getrecursionlimit() > _STDLIB_DEPTH and not _nesting_within(text, JSON_DEPTH):
        return None  # the standard library might read nesting that orjson refuses
    reader = _Reader(text, plan_of)
    try:
        doc = reader.document(roots)
    except (_Doubt, ValueError, IndexError, RecursionError):
        return None
    return SparseJson(doc, reader.dropped, reader.held, reader.suspect)
