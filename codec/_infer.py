"""Models inferred from captured payloads: `infer_models` and ``python -m codec infer``.

Theory of operation: every payload is read into one shape for both formats (`_Elem`: an
element's attributes, text and children, XML and xmltodict-style JSON alike); the occurrences
of one element at one place (the same path from the root, over every sample) are merged into
one model; the models are written as the source of ``@codec.model`` classes, leaves first.

Decisions, each from the samples only:

* a field present in every occurrence of its parent is required, else optional;
* a list is a name repeated in one element, a JSON array, or a v1 one-item object where
  another sample has several (v1 collapses one-item lists); an element whose only content
  is one such list is its wrapper (`codec.wrapped`), else the items are `codec.repeated`;
* a value's kind is the first of bool, int, float, datetime (PI's form) whose own reader and
  writer (`codec._kinds`) give back every sample's text exactly, in that sample's format and
  version; else str;
* ``queryResponse`` and ``mgmtResponse`` roots whose content fits them are the shipped
  envelopes (`codec.pi.QueryResponse`, `EntityIds`, `OperationResponse`) of an inferred DTO.

Where the samples cannot settle a question (one item everywhere: a list or not? every value
empty: which kind?) the field carries a comment saying so. An element holding text in one
place and child elements in another (or beside them, in JSON's ``$``) is a `DecodeError`, as
mixed content in XML is: no model declares both. Untrusted names never become code
as they stand: a Python name is made from a wire name by a checked mapping (ASCII letters,
digits and ``_``, never a keyword), every wire name and file name is written by ``repr`` (a
JSON key that is not an XML name is refused: no model can declare it).

JSON versions: a payload's version is the one its envelope URLs name (by the rule the caller
hands over, `codec.pi`'s for `codec.infer_models`), else the
``version`` given, else v1 where it escapes ``/`` (``\\/``), else it is read by v2's rules
(which read a v1 payload's values as strings where in doubt, so its models still round-trip).

`check_models` proves the result: each input decodes with the generated models and encodes
back equal to itself, after this normalisation (and no other):

* XML: parsed; the XML declaration, comments and processing instructions dropped, and text
  made only of whitespace dropped in an element that holds child elements; ``<a/>`` and
  ``<a></a>`` are the same element. Names, attribute order and values, element order and
  leaf text are compared exactly.
* JSON: parsed by orjson; whitespace between tokens, string escapes (``\\/``, ``\\u00e9``)
  and the spelling of a number (``1.0E10`` and ``10000000000.0``) do not count. Key order,
  value types (``15`` is not ``15.0`` nor ``"15"``) and values are compared exactly.
"""

from __future__ import annotations

import heapq
import keyword
import linecache
import os
import re
import sys
import types
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, Final

import attrs
import orjson

from ._check import VersionUrls
from ._errors import ArgumentError, DecodeError, Problem
from ._kinds import BOOL, DATETIME, FLOAT, INT, Kind
from ._parse import as_input, expat_parser, parse_json, sniff_format, xml_bytes
from ._plan import name_problem
from ._values import Fail, typed_json
from ._versions import parse_version
from ._wire import camel_case

__all__ = ["Sample", "check_models", "infer_models", "read_samples"]

Scalar = str | int | float | bool

#: How deep a payload is read (the root is level 1): inference walks it recursively.
MAX_DEPTH: Final = 100
#: The longest line the generated source has (ruff's default, below this project's 100).
_WIDTH: Final = 88
#: The data API's envelope attributes (`codec.pi.data`), by wire name.
_PAGE_ATTRIBUTES: Final = frozenset(
    {"last", "first", "count", "type", "domain", "responseType", "requestUrl", "rootUrl"}
)
_ENTITY_ATTRIBUTES: Final = frozenset({"dtoType", "type", "url"})
_ENTITY_ID_ATTRIBUTES: Final = frozenset({"displayName", "type", "url"})
_MGMT_ATTRIBUTES: Final = frozenset({"responseType", "requestUrl", "rootUrl"})
#: Names the generated module uses itself: no field or class may take them.
_RESERVED: Final = frozenset(
    {"self", "codec", "datetime", "Sequence", "Final", "int", "str", "bool", "float"}
    | {"PAYLOADS", "QueryResponse", "EntityIds", "OperationResponse", "None", "value_"}
)


# --------------------------------------------------------------------------- reading


@attrs.define
class _Elem:
    """One occurrence of an element, as either format holds it."""

    attributes: dict[str, Scalar] = attrs.field(factory=dict)
    text: Scalar | None = None
    children: dict[str, list[_Elem]] = attrs.field(factory=dict)
    #: child names written as a JSON array
    arrays: set[str] = attrs.field(factory=set)
    #: 0 for XML; for JSON the version whose rules read it (1, or 2 for v2+)
    rules: int = 0
    #: JSON of a version known to be v2+: an object where an array could stand is one item
    v2: bool = False
    #: a JSON object (not a scalar): a model, never a plain value
    obj: bool = False
    #: a JSON object with a ``$`` key: a model with text
    dollar: bool = False
    #: JSON: the keys in the order written (``@a``, ``$``, ``b``)
    keys: list[str] = attrs.field(factory=list)
    #: XML: the child elements' names in document order
    order: list[str] = attrs.field(factory=list)
    #: XML: the namespace declarations (``xmlns:xsi``), by prefix
    namespaces: dict[str, str] = attrs.field(factory=dict)


@attrs.frozen
class Sample:
    """One input: its name as given, its bytes, format, root and JSON version (if known)."""

    name: str
    data: bytes | str
    format: str
    root: str
    element: _Elem
    #: the version the payload says it is (URLs, ``\\/``, or as given); ``None``: unknown
    version: int | None


def _error(name: str, path: str, message: str, code: str = "syntax") -> DecodeError:
    return DecodeError(Problem(code, path, f"{name}: {message}"))


def _read_xml(name: str, data: bytes | str) -> tuple[str, _Elem]:
    raw = xml_bytes(data)
    if isinstance(raw, Problem):
        raise _error(name, "$", raw.message)
    parser = expat_parser()
    parser.buffer_text = True
    stack: list[tuple[str, _Elem, list[str]]] = []
    top: list[tuple[str, _Elem]] = []

    def start(tag: str, attributes: list[str]) -> None:
        if len(stack) >= MAX_DEPTH:
            raise _error(name, "$", f"elements nested deeper than {MAX_DEPTH}", "limit")
        pairs = dict(zip(attributes[::2], attributes[1::2], strict=True))
        elem = _Elem(
            attributes={k: v for k, v in pairs.items() if name_problem(k) is None},
            namespaces={k[6:]: v for k, v in pairs.items() if k.startswith("xmlns:")},
        )
        if stack:
            stack[-1][1].children.setdefault(tag, []).append(elem)
            stack[-1][1].order.append(tag)
        else:
            top.append((tag, elem))
        stack.append((tag, elem, []))

    def end(_tag: str) -> None:
        tag, elem, texts = stack.pop()
        text = "".join(texts)
        if elem.children:
            if text.strip():
                where = "/".join([*(s[0] for s in stack), tag])
                raise _error(name, where, "text beside child elements (mixed content)")
        else:
            elem.text = text

    def chars(text: str) -> None:
        if stack:
            stack[-1][2].append(text)

    parser.ordered_attributes = True
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = chars
    try:
        parser.Parse(raw, True)
    except DecodeError:
        raise
    except Exception as exc:  # ExpatError, the DOCTYPE refusal
        message = "a DOCTYPE is not allowed" if type(exc).__name__ == "Doctype" else str(exc)
        raise _error(name, "$", f"unreadable XML: {message}") from None
    return top[0]


def _json_elem(name: str, value: Any, path: str, rules: int, depth: int) -> _Elem:
    if depth > MAX_DEPTH:
        raise _error(name, path, f"objects nested deeper than {MAX_DEPTH}", "limit")
    if isinstance(value, dict):
        elem = _Elem(rules=rules, obj=True, keys=list(value))
        for key, item in value.items():
            if key == "$":
                elem.dollar = True
                elem.text = _json_scalar(name, item, f"{path}.$")
            elif key.startswith("@"):
                _check_name(name, key[1:], f"{path}.{key}")
                elem.attributes[key[1:]] = _json_scalar(name, item, f"{path}.{key}")
            else:
                _check_name(name, key, f"{path}.{key}")
                at = f"{path}.{key}"
                if isinstance(item, list):
                    elem.arrays.add(key)
                    elem.children[key] = [
                        _json_elem(name, v, f"{at}[{i}]", rules, depth + 1)
                        for i, v in enumerate(item)
                    ]
                else:
                    elem.children[key] = [_json_elem(name, item, at, rules, depth + 1)]
        return elem
    return _Elem(text=_json_scalar(name, value, path), rules=rules)


def _json_scalar(name: str, value: Any, path: str) -> Scalar:
    if isinstance(value, str | int | float | bool):
        return value
    found = "null" if value is None else type(value).__name__
    raise _error(name, path, f"expected a value, found {found}", "type")


def _check_name(name: str, wire: str, path: str) -> None:
    problem = name_problem(wire)
    if problem is not None:
        raise _error(name, path, f"the key {wire!r} {problem}: no model can declare it", "type")
    prefix = wire.partition(":")[0] if ":" in wire else None
    if prefix not in (None, "xml", "xsi"):
        message = f"the key {wire!r} has the prefix {prefix!r}, whose namespace JSON does not say"
        raise _error(name, path, message, "type")


#: The one namespace JSON names may use without saying it (XML Schema instance: ``xsi:type``).
_XSI: Final = "http://www.w3.org/2001/XMLSchema-instance"


def _json_version(doc: dict[str, Any], root: str, urls: VersionUrls | None) -> int | None:
    """The one version a JSON payload's envelope URLs name (by the rule ``urls``), else
    ``None``."""
    body = doc[root]
    if urls is None or not isinstance(body, dict):
        return None
    found = [body.get(f"@{name}") for name in urls.names]
    named = urls.versions(url for url in found if isinstance(url, str))
    return next(iter(named)) if len(named) == 1 else None


def _escapes_slash(data: bytes | str) -> bool:
    """Does JSON text write ``/`` as ``\\/`` (an odd run of backslashes before it), as v1
    alone does?"""
    text = data.decode("utf-8", "replace") if isinstance(data, bytes) else data
    return _ESCAPED_SLASH.search(text) is not None


_ESCAPED_SLASH: Final = re.compile(r"(?<!\\)(?:\\\\)*\\/")


def _read(name: str, data: bytes | str, version: int | None, urls: VersionUrls | None) -> Sample:
    data = as_input(data)
    format = sniff_format(data)
    if format == "xml":
        root, elem = _read_xml(name, data)
        return Sample(name, data, "xml", root, elem, version)
    if format is None:
        raise _error(name, "$", "neither XML nor JSON")
    doc, problem = parse_json(data)
    if problem is not None:
        raise _error(name, problem.path, problem.message, problem.code)
    if not isinstance(doc, dict) or len(doc) != 1:
        raise _error(name, "$", "expected an object holding the root element alone", "root")
    root = next(iter(doc))
    _check_name(name, root, "$")
    found = _json_version(doc, root, urls)
    if found is None:
        found = version if version is not None else 1 if _escapes_slash(data) else None
    if doc[root] == "":
        doc = {root: {}}  # an empty root, as v1 writes it
    elem = _json_elem(name, doc[root], f"$.{root}", 1 if found == 1 else 2, 1)
    elem.obj = True
    if found is not None and found >= 2:
        pending = [elem]
        while pending:
            one = pending.pop()
            one.v2 = True
            pending.extend(c for group in one.children.values() for c in group)
    if b"xsi:" in (data if isinstance(data, bytes) else data.encode("utf-8", "replace")):
        elem.namespaces["xsi"] = _XSI  # declared on the root, where XML declares it
    return Sample(name, data, "json", root, elem, found)


def read_samples(
    sources: Iterable[str | os.PathLike[str] | bytes],
    version: int | str | None = None,
    urls: VersionUrls | None = None,
) -> list[Sample]:
    """The payloads ``sources`` name (files, folders searched for ``*.xml`` and ``*.json``)
    or hold (``bytes``, named ``<payload N>``), read; `DecodeError` for one that is not a
    payload, naming it."""
    from ._batch import SUFFIXES

    number = None if version is None else parse_version(version)
    samples = []
    for index, source in enumerate(sources):
        if isinstance(source, bytes | bytearray | memoryview):
            samples.append(_read(f"<payload {index + 1}>", bytes(source), number, urls))
            continue
        path = Path(os.fspath(source))
        if path.is_dir():
            files = sorted(
                p for p in path.rglob("*") if p.suffix.lower() in SUFFIXES and p.is_file()
            )
            if not files:
                raise ArgumentError(f"{os.fspath(source)!r}: no *.xml or *.json files in it")
        else:
            files = [path]
        for file in files:
            try:
                data = file.read_bytes()
            except OSError as exc:
                raise ArgumentError(f"{str(file)!r}: cannot read it: {exc.strerror}") from None
            samples.append(
                _read(str(file) if path.is_dir() else os.fspath(source), data, number, urls)
            )
    if not samples:
        raise ArgumentError("no payload to infer models from")
    return samples


# --------------------------------------------------------------------------- names


def _snake(wire: str) -> str:
    """A Python name for a wire name: ASCII letters, digits and ``_``, never a keyword or a
    name the module uses (``apID`` -> ``ap_id``, ``for`` -> ``for_``, ``a-b`` -> ``a_b``)."""
    text = re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", wire.rpartition(":")[2] or wire)
    text = re.sub(r"[^A-Za-z0-9]+", "_", text).strip("_").lower()
    if not text:
        text = "field"
    if text[0].isdigit():
        text = f"f_{text}"
    if keyword.iskeyword(text) or keyword.issoftkeyword(text) or text in _RESERVED:
        text += "_"
    return text


def _camel(wire: str) -> str:
    """A class name for a wire name (``devicesDTO`` -> ``DevicesDTO``), by the same rules."""
    parts = re.split(r"[^A-Za-z0-9]+", wire.rpartition(":")[2] or wire)
    text = "".join(p[:1].upper() + p[1:] for p in parts if p) or "Model"
    if text[0].isdigit():
        text = f"M{text}"
    return f"{text}_" if text in _RESERVED or keyword.iskeyword(text) else text


class _Names:
    """The names taken in one scope (a module's classes, a class's fields)."""

    def __init__(self, taken: Iterable[str]) -> None:
        self.taken = set(taken)
        #: for each name asked for, the number its next copy is tried with: the numbers
        #: before it are taken for good (names are never given back), so that many wire
        #: names of one Python name cost one step each, not one per copy already made
        self.next: dict[str, int] = {}

    def unique(self, name: str) -> str:
        """``name``, or the first of ``name2``, ``name3``... (``for_2_`` after ``for_``)
        not taken yet; taken from now on."""
        n = self.next.get(name, 1)
        found = name if n == 1 else f"{name}{n}" if not name.endswith("_") else f"{name}{n}_"
        while found in self.taken:
            n += 1
            found = f"{name}{n}" if not name.endswith("_") else f"{name}{n}_"
        self.next[name] = n
        self.taken.add(found)
        return found


def _literal(text: str) -> str:
    """A string literal as ruff format writes it: double quotes unless the text holds more
    of them than single quotes; always from `repr`, so nothing in it is code."""
    written = repr(text)
    if written.startswith("'") and '"' not in text:
        return '"' + written[1:-1].replace("\\'", "'") + '"'
    return written


def _merge(orders: Iterable[Sequence[str]]) -> list[str]:
    """One order holding every name of ``orders`` and keeping each one's order (a topological
    sort of "comes before", ties broken by first appearance; names that never meet in one
    order may go either way, as no sample tells, and a contradiction by first appearance)."""
    first: dict[str, int] = {}
    after: dict[str, set[str]] = {}
    for names in orders:
        order = list(dict.fromkeys(names))  # a name repeated (a list) counts once
        for i, name in enumerate(order):
            first.setdefault(name, len(first))
            after.setdefault(name, set())
            if i:
                after[order[i - 1]].add(name)
    before = dict.fromkeys(first, 0)
    for targets in after.values():
        for name in targets:
            before[name] += 1
    # Two heaps by first appearance, so that a sample of many names costs n log n, not n**2:
    # the names nothing is pending before, and every name (for a contradiction, where none
    # is ready). A name taken already is skipped when it comes up in either.
    ready = [(first[n], n) for n, count in before.items() if count == 0]
    every = [(index, n) for n, index in first.items()]
    heapq.heapify(ready)
    merged: list[str] = []
    done: set[str] = set()
    while len(merged) < len(first):
        while ready and ready[0][1] in done:
            heapq.heappop(ready)
        while every[0][1] in done:
            heapq.heappop(every)
        _, name = heapq.heappop(ready) if ready else every[0]
        done.add(name)
        merged.append(name)
        for target in after[name]:
            before[target] -= 1
            if before[target] == 0 and target not in done:
                heapq.heappush(ready, (first[target], target))
    return merged


def _ordered(first: list[list[str]], rest: list[list[str]]) -> list[str]:
    """The names of ``first`` in their merged order, then those only ``rest`` holds."""
    merged = _merge(first)
    known = set(merged)
    return [*merged, *(n for n in _merge(rest) if n not in known)]


# --------------------------------------------------------------------------- kinds

_KINDS: Final[tuple[tuple[str, Kind], ...]] = (
    ("bool", BOOL),
    ("int", INT),
    ("float", FLOAT),
    ("datetime", DATETIME),
)


@attrs.frozen
class _Seen:
    """One value as found: its text or JSON value, the JSON rules it was read by (0 for XML)
    and whether it stood in an attribute."""

    value: Scalar
    rules: int
    attribute: bool


def _same(a: object, b: object) -> bool:
    return type(a) is type(b) and orjson.dumps(a) == orjson.dumps(b)


def _fits(kind: Kind, seen: _Seen) -> bool:
    """Does ``kind`` read ``seen`` and write it back exactly?"""
    try:
        if seen.rules == 0:
            text = str(seen.value)
            return kind.strict_text(text) is None and kind.to_text(kind.from_text(text)) == text
        as_text = seen.rules == 1 and seen.attribute
        if kind.strict_json(seen.value, as_text, seen.rules) is not None:
            return False
        return _same(kind.to_json(kind.from_json(seen.value), as_text), seen.value)
    except (Fail, ValueError, TypeError, OverflowError):
        return False


def _kind_of(values: Sequence[_Seen]) -> tuple[str, str | None]:
    """The annotation of a value seen as ``values``, and a note where they cannot tell."""
    if not values or all(v.value == "" for v in values):
        what = "no value" if not values else "empty in every sample"
        return "str", f"{what}: the kind is unknown, declared str"
    for name, kind in _KINDS:
        if all(_fits(kind, v) for v in values):
            return name, None
    return "str", None


def _str_fits(seen: _Seen) -> bool:
    if seen.rules != 1 or seen.attribute or not isinstance(seen.value, str):
        return True
    return _same(typed_json(seen.value), seen.value)


# --------------------------------------------------------------------------- models


@attrs.define
class _Field:
    py: str
    wire: str
    helper: str  # attribute, text, element, repeated, wrapped
    annotation: str
    optional: bool
    item: str | None = None
    always_array: bool = False
    write_empty: bool = False
    notes: list[str] = attrs.field(factory=list)


@attrs.define
class _Model:
    name: str
    fields: list[_Field]
    root: str | None = None
    element: str | None = None
    json_order: list[str] | None = None
    namespaces: dict[str, str] = attrs.field(factory=dict)
    notes: list[str] = attrs.field(factory=list)
    #: the element it was first seen as (for its documentation only)
    wire: str = ""

    def key(self) -> tuple[object, ...]:
        """What makes two models the same declaration."""
        fields = tuple(
            (
                f.py,
                f.wire,
                f.helper,
                f.annotation,
                f.optional,
                f.item,
                f.always_array,
                f.write_empty,
                *f.notes,
            )
            for f in self.fields
        )
        order = tuple(self.json_order or ())
        return (self.root, self.element, order, tuple(self.namespaces.items()), fields)


def _related(wrapper: str, item: str) -> bool:
    """Is ``wrapper`` named as a list of ``item`` (``runIds``/``runId``, ``failure``)?"""
    w, i = wrapper.lower(), item.lower()
    return w in (i, f"{i}s", f"{i}es", f"{i}list") or (i.endswith("y") and w == f"{i[:-1]}ies")


class _Builder:
    def __init__(self) -> None:
        self.models: list[_Model] = []
        self.by_key: dict[tuple[object, ...], _Model] = {}
        self.names = _Names(_RESERVED)
        self.uses_datetime = False
        #: the names of the elements whose models are being made, the root's first
        self.path: list[str] = []

    def add(self, model: _Model, hint: str) -> str:
        key = model.key()
        if key in self.by_key:
            return self.by_key[key].name
        model.name = self.names.unique(_camel(hint))
        self.by_key[key] = model
        self.models.append(model)
        return model.name

    def model(
        self,
        hint: str,
        occurrences: list[_Elem],
        root: str | None = None,
        element: str | None = None,
    ) -> str:
        """The class of the element ``occurrences`` are of (its name); a `DecodeError` for
        an element no model declares."""
        self.path.append(hint)
        try:
            return self._model(hint, occurrences, root, element)
        finally:
            self.path.pop()

    def _model(
        self, hint: str, occurrences: list[_Elem], root: str | None, element: str | None
    ) -> str:
        taken = _Names(_RESERVED)
        fields: list[_Field] = []
        count = len(occurrences)
        # The declared order is XML's (v1 JSON writes it too); v2+ JSON's sorted keys only
        # where nothing else shows the order.
        ordered = [e for e in occurrences if e.rules < 2] or occurrences
        for wire in _ordered(
            [list(e.attributes) for e in ordered], [list(e.attributes) for e in occurrences]
        ):
            seen = [
                _Seen(e.attributes[wire], e.rules, True)
                for e in occurrences
                if wire in e.attributes
            ]
            annotation, note = self._kind(seen)
            field = _Field(
                taken.unique(_snake(wire)), wire, "attribute", annotation, len(seen) < count
            )
            field.notes += [note] if note else []
            fields.append(field)
        texts = [
            _Seen(e.text, e.rules, False)
            for e in occurrences
            if e.text is not None and not (e.rules == 0 and e.text == "")
        ]
        if texts or any(e.dollar for e in occurrences):
            mixed = [n for e in occurrences for n in e.children]
            if mixed:  # no model declares both: its source would not even import
                where = "/".join(self.path)
                message = (
                    f"<{hint}> holds text in one place and the element <{mixed[0]}> in"
                    " another (or beside it): no model declares both"
                )
                raise DecodeError(Problem("shape", where, message))
            annotation, note = self._kind(texts)
            field = _Field(taken.unique("value"), "$", "text", annotation, len(texts) < count)
            field.notes += [note] if note else []
            fields.append(field)
        for wire in _ordered(
            [e.order or list(e.children) for e in ordered], [list(e.children) for e in occurrences]
        ):
            fields.append(self._child(wire, occurrences, taken))
        model = _Model("", fields, root=root, element=element, wire=hint)
        model.json_order = _json_order(model, occurrences)
        for e in occurrences:
            for prefix, uri in e.namespaces.items():
                model.namespaces.setdefault(prefix, uri)
        if not fields:
            model.notes.append("no content in any sample: no field")
        return self.add(model, hint)

    def _kind(self, seen: Sequence[_Seen]) -> tuple[str, str | None]:
        annotation, note = _kind_of(seen)
        if annotation == "str" and note is None and not all(_str_fits(s) for s in seen):
            note = "a v1 string that v1 would write as a number or a boolean: kept str"
        self.uses_datetime |= annotation == "datetime"
        return annotation, note

    def _child(self, wire: str, parents: list[_Elem], taken: _Names) -> _Field:
        lists = [p.children.get(wire, []) for p in parents]
        flat = [e for items in lists for e in items]
        present = [p for p, items in zip(parents, lists, strict=True) if items]
        several = any(
            len(items) > 1 or wire in p.arrays for p, items in zip(parents, lists, strict=True)
        )
        single = any(p.v2 and wire not in p.arrays for p in present)
        always = any(
            p.rules == 1 and wire in p.arrays and len(p.children[wire]) == 1 for p in present
        )
        py = taken.unique(_snake(wire))
        optional = len(present) < len(parents)
        notes: list[str] = []
        if not several:
            wrapped = self._wrapped(wire, flat)
            if wrapped is not None:
                item, annotation, always_item, notes = wrapped
                field = _Field(py, wire, "wrapped", f"Sequence[{annotation}]", True, item)
                field.always_array = always_item
                field.write_empty = any(not e.children for e in flat)
                field.notes = notes
                return field
        if _scalar(flat):
            annotation, note = self._kind(
                [_Seen(e.text, e.rules, False) for e in flat if e.text is not None]
            )
            notes += [note] if note else []
        else:
            annotation = self.model(wire, flat)
        if several:
            field = _Field(py, wire, "repeated", f"Sequence[{annotation}]", True, wire, always)
        else:
            field = _Field(py, wire, "element", annotation, optional)
            if not single and flat and not _scalar(flat):
                notes.append(
                    "one in every sample: declared single; a list (codec.repeated) if the "
                    "resource repeats it"
                )
        field.notes = notes
        return field

    def _wrapped(self, wire: str, flat: list[_Elem]) -> tuple[str, str, bool, list[str]] | None:
        """(item, annotation, always_array, notes) where ``flat`` are a wrapper's occurrences."""
        names = {n for e in flat for n in e.children}
        if len(names) != 1 or any(e.attributes or e.dollar for e in flat):
            return None
        if any(e.text not in (None, "") for e in flat):
            return None
        (item,) = names
        lists = [e.children.get(item, []) for e in flat]
        several = any(
            len(items) > 1 or item in e.arrays for e, items in zip(flat, lists, strict=True)
        )
        single = any(
            e.v2 and items and item not in e.arrays for e, items in zip(flat, lists, strict=True)
        )
        notes = []
        if not several:
            if single or not _related(wire, item):
                return None
            notes.append(
                f"one {item!r} in every sample: declared a list for its wrapper's name; a "
                "single element if the resource says so"
            )
        always = any(
            e.rules == 1 and item in e.arrays and len(items) == 1
            for e, items in zip(flat, lists, strict=True)
        )
        items = [i for group in lists for i in group]
        if _scalar(items):
            annotation, note = self._kind(
                [_Seen(i.text, i.rules, False) for i in items if i.text is not None]
            )
            notes += [note] if note else []
        else:
            annotation = self.model(item, items)
        return item, annotation, always, notes


def _scalar(flat: list[_Elem]) -> bool:
    return all(not (e.obj or e.attributes or e.children) for e in flat)


def _json_key(field: _Field) -> str:
    return {"attribute": f"@{field.wire}", "text": "$"}.get(field.helper, field.wire)


def _json_order(model: _Model, occurrences: list[_Elem]) -> list[str] | None:
    """The fields in the order v2+ JSON wrote them, where that is not sorted (`json_order`)."""
    by_key = {_json_key(f): f.py for f in model.fields}
    orders = [[k for k in e.keys if k in by_key] for e in occurrences if e.v2 and e.obj]
    if all(order == sorted(order) for order in orders):
        return None
    return [by_key[k] for k in _merge(orders)]


# --------------------------------------------------------------------------- envelopes


def _envelope(builder: _Builder, root: str, occurrences: list[_Elem]) -> str | None:
    """The shipped envelope these root ``occurrences`` fit, as a type expression, or ``None``."""
    if any(e.text not in (None, "") or e.dollar for e in occurrences):
        return None
    names = {n for e in occurrences for n in e.children}
    attributes = {a for e in occurrences for a in e.attributes}
    if root == "queryResponse" and attributes <= _PAGE_ATTRIBUTES and len(names) == 1:
        (child,) = names
        items = [i for e in occurrences for i in e.children.get(child, [])] if child else []
        if child == "entityId" and all(
            not i.children
            and set(i.attributes) <= _ENTITY_ID_ATTRIBUTES
            and i.text not in (None, "")
            and _fits(INT, _Seen(i.text, i.rules, False))
            for i in items
        ):
            return "EntityIds"
        dtos = {n for i in items for n in i.children}
        if (
            child == "entity"
            and len(dtos) == 1
            and all(
                set(i.attributes) <= _ENTITY_ATTRIBUTES
                and i.text in (None, "")
                and len(next(iter(i.children.values()), ())) == 1
                and len(i.children) == 1
                for i in items
            )
        ):
            (dto,) = dtos
            name = builder.model(dto, [i.children[dto][0] for i in items], element=dto)
            return f"QueryResponse[{name}]"
    if root == "mgmtResponse" and attributes <= _MGMT_ATTRIBUTES and len(names) == 1:
        (child,) = names
        items = [i for e in occurrences for i in e.children.get(child, [])]
        if not _scalar(items):
            return f"OperationResponse[{builder.model(child, items, element=child)}]"
    return None


# --------------------------------------------------------------------------- source


def _field_lines(field: _Field) -> list[str]:
    args: list[str] = []
    wire_default = camel_case(field.py) == field.wire
    if field.helper == "wrapped":
        args += [_literal(field.wire), _literal(field.item or "")]
    elif field.helper == "repeated":
        args.append(_literal(field.item or field.wire))
    elif field.helper != "text" and not wire_default:
        args.append(_literal(field.wire))
    if field.helper in ("wrapped", "repeated"):
        args.append("default=()")
        if field.always_array:
            args.append("always_array=True")
        if field.write_empty:
            args.append("write_empty=True")
    elif field.optional:
        args.append("default=None")
    annotation = (
        f"{field.annotation} | None"
        if field.optional and field.helper in ("attribute", "text", "element")
        else field.annotation
    )
    lines = [f"    # {line}" for note in field.notes for line in _wrap(note, _WIDTH - 6)]
    head = f"    {field.py}: {annotation} = codec.{field.helper}("
    one = f"{head}{', '.join(args)})"
    if len(one) <= _WIDTH:
        return [*lines, one]
    hanging = f"        {', '.join(args)}"
    if len(hanging) <= _WIDTH:
        return [*lines, head, hanging, "    )"]
    return [*lines, head, *(f"        {a}," for a in args), "    )"]


def _wrap(text: str, width: int) -> list[str]:
    lines: list[str] = []
    line = ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    return [*lines, line] if line else lines


def _model_source(model: _Model) -> list[str]:
    args = []
    if model.root is not None:
        args.append(f"root={_literal(model.root)}")
    if model.element is not None:
        args.append(f"element={_literal(model.element)}")
    if model.namespaces:
        pairs = ", ".join(f"{_literal(k)}: {_literal(v)}" for k, v in model.namespaces.items())
        args.append(f"namespaces={{{pairs}}}")
    if model.json_order:
        order = ", ".join(_literal(n) for n in model.json_order)
        args.append(
            f"json_order=({order},)" if len(model.json_order) == 1 else f"json_order=({order})"
        )
    seen_default = False
    for field in model.fields:
        default = field.optional or field.helper in ("wrapped", "repeated")
        if seen_default and not default:
            args.append("kw_only=True")
            break
        seen_default |= default
    lines = ["", ""]
    decorator = f"@codec.model({', '.join(args)})"
    if len(decorator) <= _WIDTH:
        lines.append(decorator)
    else:
        lines += ["@codec.model(", *(f"    {a}," for a in args), ")"]
    lines.append(f"class {model.name}:")
    where = f"<{model.root or model.element or model.wire}>"
    lines.append(f'    """Inferred: {_doc(where)}."""')
    for note in model.notes:
        lines += [f"    # {line}" for line in _wrap(note, _WIDTH - 6)]
    if model.fields:
        lines.append("")
    for field in model.fields:
        lines += _field_lines(field)
    return lines


def _doc(text: str) -> str:
    """Text safe inside a triple-quoted docstring (a wire name: an XML name, no quotes)."""
    return repr(text)[1:-1].replace('"', '\\"')


def _long_line(text: str) -> str:
    """A docstring line cut to fit `_WIDTH` by backslash-newlines (which the string drops, so
    its value is unchanged), never inside an escape sequence."""
    pieces: list[str] = []
    start = 0
    for end in range(len(text) + 1):
        if end - start >= _WIDTH - 2:
            backslashes = len(text[start:end]) - len(text[start:end].rstrip("\\"))
            if backslashes % 2 == 0:
                pieces.append(text[start:end])
                start = end
    pieces.append(text[start:])
    return "\\\n".join(pieces)


def _source(samples: list[Sample], builder: _Builder, payloads: list[str]) -> str:
    header = [
        '"""Payload models inferred by codec (``python -m codec infer``) from these captures:',
        "",
        *(_long_line(f"* {_doc(repr(s.name))}") for s in samples),
        "",
        "Each is read into the same tree for XML and JSON; a field present in every sample",
        "is required, a list is what repeats (or a JSON array); value kinds are those whose",
        "reader gives every sample back as it was. Comments mark what the samples could not",
        "settle. ``PAYLOADS`` lists the payload types, one per root (and DTO) seen.",
        '"""',
        "",
    ]
    imports = ["from collections.abc import Sequence"]
    if builder.uses_datetime:
        imports.append("from datetime import datetime")
    imports += ["from typing import Any, Final", "", "import codec"]
    shipped = sorted(
        {
            n
            for n in ("EntityIds", "OperationResponse", "QueryResponse")
            for p in payloads
            if p.startswith(n)
        }
    )
    if shipped:
        imports.append(f"from codec.pi import {', '.join(shipped)}")
    body: list[str] = []
    for model in builder.models:
        body += _model_source(model)
    tail = ["", "", "#: The payload types of the captures, in the order first seen."]
    unique = list(dict.fromkeys(payloads))
    listed = ", ".join(unique) + ("," if len(unique) == 1 else "")
    one = f"PAYLOADS: Final[tuple[Any, ...]] = ({listed})"
    if len(one) <= _WIDTH:
        tail.append(one)
    else:
        tail += ["PAYLOADS: Final[tuple[Any, ...]] = (", *(f"    {p}," for p in unique), ")"]
    text = "\n".join([*header, *imports, *body, *tail]) + "\n"
    if "Sequence[" not in text.split("import codec", 1)[1]:
        text = text.replace("from collections.abc import Sequence\n", "", 1)
    return text


def _build(samples: list[Sample]) -> tuple[str, list[str]]:
    """The source, and the payload type (an expression of it) of each sample."""
    builder = _Builder()
    by_root: dict[str, list[int]] = {}
    for index, sample in enumerate(samples):
        by_root.setdefault(sample.root, []).append(index)
    kinds: dict[int, str] = {}
    for root, indexes in by_root.items():
        occurrences = [samples[i].element for i in indexes]
        groups: dict[str, list[int]] = {}
        if root in ("queryResponse", "mgmtResponse"):
            empty: list[int] = []  # a page of no entity: any envelope of the root reads it
            for i in indexes:  # each DTO (or child) its own envelope
                children = sorted(samples[i].element.children)
                if not children:
                    empty.append(i)
                    continue
                entity = samples[i].element.children.get("entity", [])
                dtos = sorted({n for e in entity for n in e.children})
                groups.setdefault(repr((children, dtos)), []).append(i)
            if empty:  # with the first resource seen, or alone if it is all there is
                first = next(iter(groups), "[]")
                groups.setdefault(first, []).extend(empty)
            typed = {
                key: _envelope(builder, root, [samples[i].element for i in group])
                for key, group in groups.items()
            }
            if all(t is not None for t in typed.values()):
                for key, group in groups.items():
                    for i in group:
                        kinds[i] = str(typed[key])
                continue
        name = builder.model(root, occurrences, root=root)
        for i in indexes:
            kinds[i] = name
    payloads = [kinds[i] for i in range(len(samples))]
    builder.models.sort(key=lambda m: m.root is not None)  # leaves (declared first) before roots
    return _source(samples, builder, payloads), payloads


def infer_models(
    sources: Iterable[str | os.PathLike[str] | bytes],
    *,
    version: int | str | None = None,
    check: bool = False,
    urls: VersionUrls | None = None,
) -> str:
    """The Python source of ``@codec.model`` classes that read and write the payloads
    ``sources`` name (files, or folders searched for ``*.xml`` and ``*.json``) or hold
    (``bytes``): XML or JSON, any version, of one or more resources.

    ``version`` is the API version of JSON payloads whose envelope URLs (read by the rule
    ``urls``; `codec.infer_models` passes PI's) do not say it (see the module documentation).
    With ``check=True``, each payload is decoded with the generated models and encoded back,
    and must equal itself after the normalisation the module documentation states: a
    `DecodeError` lists what differs. A payload that cannot be read is a `DecodeError` naming
    it (a JSON key that is not an XML name included), a path that does not exist an
    `ArgumentError`.
    """
    samples = read_samples(sources, version, urls)
    source, _ = _build(samples)
    if check:
        problems = check_models(source, samples)
        if problems:
            raise DecodeError(tuple(problems))
    return source


# --------------------------------------------------------------------------- checking

_COUNTER = [0]


def load_models(source: str) -> dict[str, Any]:
    """Run generated source as a module (registered in `linecache`, so tracebacks show it)
    and return its namespace; the module is in `sys.modules` under a fresh name, as the
    models' annotations are resolved from it."""
    _COUNTER[0] += 1
    name = f"codec_inferred_{_COUNTER[0]}"
    filename = f"<codec infer {name}>"
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    module = types.ModuleType(name)
    sys.modules[name] = module
    exec(compile(source, filename, "exec"), module.__dict__)
    return module.__dict__


def check_models(source: str, samples: Sequence[Sample]) -> list[Problem]:
    """What differs, for each sample, between it and what the models of ``source`` write
    back after decoding it (empty: every sample round-trips), normalised as the module
    documentation says. Each problem's path is where the first difference is, its message
    names the sample, the version tried and the two values."""
    from ._api import decode, encode
    from ._errors import CodecError

    namespace = load_models(source)
    payloads: tuple[Any, ...] = namespace["PAYLOADS"]
    _, expressions = _build(list(samples))
    unique = list(dict.fromkeys(expressions))
    problems: list[Problem] = []
    for sample, expression in zip(samples, expressions, strict=True):
        cls = payloads[unique.index(expression)]
        versions = [sample.version] if sample.version is not None else [2, 1]
        if sample.format == "xml":
            versions = versions[:1]
        first: Problem | None = None
        for number in versions:
            try:
                value = decode(sample.data, cls, version=number, format=sample.format)
                written = encode(value, version=number, format=sample.format, type=cls)
            except CodecError as exc:
                found: Problem | None = Problem("invalid", "$", f"{sample.name} (v{number}): {exc}")
            else:
                found = _difference(sample, written, number)
            if found is None:
                first = None
                break
            first = first or found
        if first is not None:
            problems.append(first)
    return problems


def _difference(sample: Sample, written: bytes, number: int) -> Problem | None:
    if sample.format == "xml":
        a, b = _xml_tree(sample.data), _xml_tree(written)
    else:
        a, b = _json_tree(sample.data), _json_tree(written)
    for path, mine, theirs in _walk(a, b, "$"):
        message = (
            f"{sample.name} (v{number}): the input holds {_short(mine)}, "
            f"the models write {_short(theirs)}"
        )
        return Problem("invalid", path, message)
    return None


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else f"{text[:57]}..."


def _json_tree(data: bytes | str) -> Any:
    doc, problem = parse_json(data)
    return doc if problem is None else ("unreadable", problem.message)


def _xml_tree(data: bytes | str) -> Any:
    root, elem = _read_xml("", data)

    def tree(name: str, e: _Elem) -> Any:
        content: list[Any] = [name, list(e.attributes.items())]
        if e.children:  # in document order
            taken = {n: iter(group) for n, group in e.children.items()}
            content.append([tree(n, next(taken[n])) for n in e.order])
        else:
            content.append(e.text)
        return content

    return tree(root, elem)


def _walk(a: Any, b: Any, path: str) -> Iterator[tuple[str, Any, Any]]:
    """The first place ``a`` and ``b`` differ: (path, a's value, b's value)."""
    if isinstance(a, dict) and isinstance(b, dict):
        if list(a) != list(b):
            yield path, list(a), list(b)
            return
        for key in a:
            yield from _walk(a[key], b[key], f"{path}.{key}")
        return
    if isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            yield path, a, b
            return
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            yield from _walk(x, y, f"{path}[{i}]")
        return
    if not _same(a, b):
        yield path, a, b
