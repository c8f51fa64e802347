"""Strict fast paths: generated predicates that only ever say "certainly no problem".

`codec._check` is the reference for strict checking: it says what is wrong and where, and it
is slow (a Python callback per expat event, a second JSON reading for repeated keys and
``-0``). Most payloads checked strictly are valid, so this module generates, per model, a
predicate that walks the C-parsed document (orjson's objects, or the C ``ElementTree``) and
returns the API versions for which the payload is certainly free of every strict problem
(exactly what `_check` would report nothing for). On any doubt a version is simply not
returned, and the caller asks the checker, which stays the one that explains. So the
predicate may refuse valid payloads (at the price of the slow path) but never accepts one the
checker would fault.

One walk serves several versions: XML is the same tree in all, and the JSON rules of v2-v4
are the same; only the URLs naming a version differ, so the walk narrows a set of versions
where a root model's URLs name some (`codec._check.version_urls_of`).

What costs doubt rather than work (each a C-speed test over the raw input):

* JSON ``null`` anywhere (``[:,[]`` then ``null``): no field takes null in strict checking;
* a ``-0`` token (or ``-0`` inside a string, which just costs the slow path);
* repeated keys: orjson keeps the last, so the walk counts the keys of every object it
  visits and compares with the key tokens of the raw text (``"`` then optional whitespace
  then ``:``; a string holding such text only counts more, never less);
* XML: anything the tree walker (`_xml_walker`) defers on (DOCTYPE, comments, CDATA, PIs,
  namespaces, a non-UTF-8 input, more ``=`` than ``max_attributes``), and any text piece
  longer than expat's buffer.

XML past `XML_TREE_LIMIT` is not read into a tree (its memory): there the predicate is a
strict mode of the streaming reader (`_strict_xml`), which checks and builds the value in one
pass; `verdicts` keeps that value on the `Parsed` for strict decoding to return.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable
from typing import Any, Final
from xml.etree import ElementTree

import orjson

from . import _codegen
from ._cache import once
from ._check import version_urls_of
from ._codegen import Namespace
from ._fields import WireKind
from ._kinds import EnumKind, Kind
from ._limits import DEFAULT_LIMITS, JSON_DEPTH, Limits
from ._parse import as_input, json_too_deep, xml_bytes
from ._plan import FieldPlan, ModelPlan, ScalarKind, plan_for
from ._strict_xml import build_strict_reader, root_name
from ._values import INT64_MAX, INT64_MIN, Fail, int_array_json
from ._versions import VERSIONS, VersionRules, attribute_as_text, collapses, same_wire
from ._xml_walker import plain_markup, tree_reads

__all__ = ["Parsed", "accepted", "accepted_parsed", "parse", "strict_predicate", "verdicts"]

_codegen._KINDS.setdefault("sj", "strict json predicate")
_codegen._KINDS.setdefault("sx", "strict xml predicate")


class _No(Exception):
    """Raised inside a walk: some doubt, let the checker decide."""


# Text that might be a JSON null value, a -0 number, and key tokens.
_NULL_B: Final = re.compile(rb"[:,\[]\s*null")
_NULL_S: Final = re.compile(r"[:,\[]\s*null")
_MINUS_ZERO_B: Final = re.compile(rb"(?<![0-9.eE])-0(?![0-9.eE])")
_MINUS_ZERO_S: Final = re.compile(r"(?<![0-9.eE])-0(?![0-9.eE])")
_SPACED_KEY_B: Final = re.compile(rb'"[ \t\r\n]+:')
_SPACED_KEY_S: Final = re.compile(r'"[ \t\r\n]+:')
#: XML inputs above this many bytes are read by the strict streaming reader (`_strict_xml`),
#: not into a tree: the C tree takes about twenty times the input for element-dense
#: documents, where the reader (and the checker) bound their memory near the input's size
#: (tests/test_trust.py); below it the tree's cost stays small in absolute terms.
XML_TREE_LIMIT: Final = 64 * 1024
#: expat hands text over in pieces of at most this many characters (its buffer)
_TEXT_PIECE: Final = 8000


def _only_xmlns(extra: Iterable[str]) -> None:
    for key in extra:
        if key != "@xmlns" and not key.startswith("@xmlns:"):
            raise _No


def _canonical_int(text: str) -> bool:
    """Canonical decimal text of a signed 64-bit integer (see `codec._values.xml_int`)."""
    if len(text) > 20:
        return False
    try:
        value = int(text)
    except ValueError:
        return False
    return str(value) == text and INT64_MIN <= value <= INT64_MAX


def _urls(rule: Any, urls: list[str], versions: set[int]) -> None:
    named = rule.versions(urls)
    if named:
        versions.intersection_update(named)
        if not versions:
            raise _No


_STR_TYPES: Final = frozenset({str})
_BOOL_TYPES: Final = frozenset({bool})

_ENV: Final[dict[str, Any]] = {
    "_No": _No,
    "_MIN": INT64_MIN,
    "_MAX": INT64_MAX,
    "_only_xmlns": _only_xmlns,
    "_canon": _canonical_int,
    "_urls": _urls,
    "_ints": int_array_json,
    "_json_ok": None,  # defined below
    "_text_ok": None,
    "_STRS": _STR_TYPES,
    "_BOOLS": _BOOL_TYPES,
}


def _inlined(f: FieldPlan) -> str | None:
    """The kinds whose strict test is written inline (the common ones, the speed of the fast
    path); others are asked through `_json_ok` and `_text_ok`, as the checker asks them."""
    kind = f.vkind
    if isinstance(kind, EnumKind):
        return "enum"
    return kind.name if kind.name in ("int", "str", "bool") else None


def _json_ok(kind: Kind, value: Any, as_text: bool, version: int) -> bool:
    """Would the checker (`_check._JsonChecker.scalar`, strictly) find nothing wrong here?"""
    if kind.json_string and type(value) is not str:
        return False
    try:
        kind.from_json(value)
    except Fail:
        return False
    return kind.strict_json(value, as_text, version) is None


def _text_ok(kind: Kind, text: str) -> bool:
    """Would the checker (`_check._XmlChecker.scalar`, strictly) find nothing wrong here?"""
    try:
        kind.from_text(text)
    except Fail:
        return False
    return kind.strict_text(text) is None


_ENV.update(_json_ok=_json_ok, _text_ok=_text_ok)


def _values_of(mod: Namespace, f: FieldPlan) -> str:
    """The global name of an enum's wire value -> member table (``in`` tells known values)."""
    return mod.enum(f.type)[1]


# --------------------------------------------------------------------------- JSON


def _json_scalar(f: FieldPlan, mod: Namespace, rules: VersionRules, x: str, ind: str) -> list[str]:
    """Lines raising `_No` unless the value ``x`` (not None) is strictly right for ``f``."""
    as_text = attribute_as_text(rules, f)
    if f.scalar is ScalarKind.MODEL:
        return [f"{ind}n += {mod.function_for(f.type)}({x}, u)"]
    kind = _inlined(f)
    if kind == "str":
        test = f"{x}.__class__ is not str"
    elif kind == "enum":
        test = f"{x}.__class__ is not str or {x} not in {_values_of(mod, f)}"
    elif kind == "int":
        if as_text:
            test = f"{x}.__class__ is not str or not _canon({x})"
        else:
            test = f"{x}.__class__ is not int or not _MIN <= {x} <= _MAX"
    elif kind == "bool" and as_text:
        test = f"{x}.__class__ is not str or ({x} != 'true' and {x} != 'false')"
    elif kind == "bool":
        test = f"{x}.__class__ is not bool"
    else:  # any other kind: exactly the checker's question, asked of the kind itself
        name = mod.global_for(f.vkind, "K", f.vkind.name)
        test = f"not _json_ok({name}, {x}, {as_text}, {rules.number})"
    return [f"{ind}if {test}:", f"{ind}    raise _No"]


def _json_items(f: FieldPlan, mod: Namespace, x: str, ind: str) -> list[str]:
    """Lines checking the array ``x`` (non-empty) of ``f``'s items."""
    if f.scalar is ScalarKind.MODEL:
        function = mod.function_for(f.type)
        return [f"{ind}for it in {x}:", f"{ind}    n += {function}(it, u)"]
    kind = _inlined(f)
    if kind == "int":
        test = f"_ints({x}) is None"
    elif kind == "str":
        test = f"not _STRS.issuperset(map(type, {x}))"
    elif kind == "bool":
        test = f"not _BOOLS.issuperset(map(type, {x}))"
    elif kind == "enum":
        known = f"all(map({_values_of(mod, f)}.__contains__, {x}))"
        test = f"not _STRS.issuperset(map(type, {x})) or not {known}"
    else:  # items are elements: never attribute text
        name = mod.global_for(f.vkind, "K", f.vkind.name)
        test = f"not all(_json_ok({name}, it, False, 2) for it in {x})"
    return [f"{ind}if {test}:", f"{ind}    raise _No"]


def _json_list(f: FieldPlan, mod: Namespace, rules: VersionRules, x: str, ind: str) -> list[str]:
    """Lines checking the item value ``x`` (not None) of a list: an array or one item."""
    one_is_the_item = collapses(rules, f)
    lines = [
        f"{ind}if {x}.__class__ is list:",
        f"{ind}    if {'len(' + x + ') < 2' if one_is_the_item else 'not ' + x}:",
        f"{ind}        raise _No",
        *_json_items(f, mod, x, ind + "    "),
        f"{ind}else:",
    ]
    if one_is_the_item:
        return lines + _json_scalar(f, mod, rules, x, ind + "    ")
    return [*lines, f"{ind}    raise _No"]


def _json_function(plan: ModelPlan, mod: Namespace, rules: VersionRules, name: str) -> list[str]:
    keys = frozenset(f.json_key for f in plan.fields)
    lines = [
        f"def {name}(v, u):",
        "    if v.__class__ is not dict:",
        "        raise _No",
        "    n = len(v)",
        f"    if not v.keys() <= {mod.global_for(keys, 'K', plan.cls.__qualname__)}:",
        f"        _only_xmlns(v.keys() - {mod.global_for(keys, 'K', plan.cls.__qualname__)})",
    ]
    rule = None if plan.root is None else version_urls_of(plan.cls)
    if rule is not None:
        names = tuple("@" + k for k in rule.names)
        lines += [
            f"    _urls({mod.global_for(rule, 'R')}, "
            f"[x for k in {names!r} if (x := v.get(k)).__class__ is str], u)"
        ]
    for f in plan.fields:
        required = f.nonempty if f.is_list else f.required
        lines.append(f"    x = v.get({f.json_key!r})")
        if required:
            lines += ["    if x is None:", "        raise _No", "    else:"]
        else:
            lines.append("    if x is not None:")
        if not f.is_list:
            lines += _json_scalar(f, mod, rules, "x", "        ")
        elif f.kind is WireKind.REPEATED:
            lines += _json_list(f, mod, rules, "x", "        ")
        else:
            lines += [
                "        if x.__class__ is not dict or len(x) != 1:",
                "            raise _No",
                "        n += 1",
                f"        x = x.get({f.item!r})",
                "        if x is None:",
                "            raise _No",
                *_json_list(f, mod, rules, "x", "        "),
            ]
    return [*lines, "    return n"]


def _json_generator(mod: Namespace, rules: VersionRules, plan: ModelPlan, name: str) -> list[str]:
    return _json_function(plan, mod, rules, name)


def _key_tokens(data: bytes | str) -> int:
    """How many ``"`` then optional whitespace then ``:`` the text holds (at least its keys)."""
    if isinstance(data, bytes):
        raw = data
        count = raw.count(b'":')
        if b'" ' in raw or b'"\t' in raw or b'"\r' in raw or b'"\n' in raw:
            count += len(_SPACED_KEY_B.findall(raw))
        return count
    text = data
    return text.count('":') + len(_SPACED_KEY_S.findall(text))


def _json_doubt(data: bytes | str) -> bool:
    """True if the raw text might hold a null value or a -0 number."""
    if isinstance(data, bytes):
        raw = data
        return (b"null" in raw and _NULL_B.search(raw) is not None) or (
            b"-0" in raw and _MINUS_ZERO_B.search(raw) is not None
        )
    text = data
    return _NULL_S.search(text) is not None or _MINUS_ZERO_S.search(text) is not None


# --------------------------------------------------------------------------- XML


def _xml_text_check(f: FieldPlan, mod: Namespace, t: str, ind: str) -> list[str]:
    """Lines raising `_No` unless the text ``t`` (a str) is strictly right for ``f``."""
    kind = _inlined(f)
    if kind == "str":
        return []
    if kind == "int":
        test = f"not _canon({t})"
    elif kind == "bool":
        test = f"{t} != 'true' and {t} != 'false'"
    elif kind == "enum":
        test = f"{t} not in {_values_of(mod, f)}"
    else:  # any other kind: exactly the checker's question, asked of the kind itself
        test = f"not _text_ok({mod.global_for(f.vkind, 'K', f.vkind.name)}, {t})"
    return [f"{ind}if {test}:", f"{ind}    raise _No"]


def _xml_leaf(f: FieldPlan, mod: Namespace, el: str, ind: str) -> list[str]:
    """Lines checking the scalar element ``el``: no attributes, no elements, right text."""
    return [
        f"{ind}if len({el}) or {el}.attrib:",
        f"{ind}    raise _No",
        f"{ind}t = {el}.text",
        f"{ind}if t is None:",
        f"{ind}    t = ''",
        f"{ind}elif len(t) > {_TEXT_PIECE}:",
        f"{ind}    raise _No",
        *_xml_text_check(f, mod, "t", ind),
    ]


def _xml_item(f: FieldPlan, mod: Namespace, el: str, ind: str, budget: str) -> list[str]:
    if f.scalar is ScalarKind.MODEL:
        return [f"{ind}{mod.function_for(f.type)}({el}, {budget}, u)"]
    return _xml_leaf(f, mod, el, ind)


_STRAY: Final = "{x} is not None and {x}.strip()"


def _xml_function(plan: ModelPlan, mod: Namespace, name: str) -> list[str]:
    lines = [f"def {name}(el, b, u):", "    if b < 2:", "        raise _No", "    a = el.attrib"]
    attributes = plan.attributes
    names = frozenset(f.name for f in attributes)
    lines += [
        f"    if a and not a.keys() <= {mod.global_for(names, 'A', plan.cls.__qualname__)}:",
        "        raise _No",
    ]
    for f in attributes:
        check = _xml_text_check(f, mod, "x", "        ")
        if f.required:
            lines += [f"    x = a.get({f.name!r})", "    if x is None:", "        raise _No"]
            lines += [line[4:] for line in check]
        elif check:
            lines += [f"    x = a.get({f.name!r})", "    if x is not None:", *check]
    rule = None if plan.root is None else version_urls_of(plan.cls)
    if rule is not None:
        lines.append(
            f"    _urls({mod.global_for(rule, 'R')}, [a[k] for k in {rule.names!r} if k in a], u)"
        )
    text = plan.text
    if text is not None:  # attributes and text only (see _plan)
        lines += [
            "    if len(el):",
            "        raise _No",
            "    t = el.text",
            "    if t is None or not t.strip():",  # whitespace alone is no text (see _check)
            "        t = ''",
            f"    elif len(t) > {_TEXT_PIECE}:",
            "        raise _No",
        ]
        if text.optional:  # an empty optional text() is None
            check = _xml_text_check(text, mod, "t", "        ")
            lines += ["    if t:", *check] if check else []
        else:
            lines += _xml_text_check(text, mod, "t", "    ")
        return lines
    lines += ["    t = el.text", f"    if {_STRAY.format(x='t')}:", "        raise _No"]
    children = plan.children
    for f in children:
        if f.kind is not WireKind.REPEATED or f.nonempty:
            lines.append(f"    s_{f.attr} = False")
    lines += [
        "    for ch in el:",
        "        t = ch.tail",
        f"        if {_STRAY.format(x='t')}:",
        "            raise _No",
        "        tag = ch.tag",
    ]
    for i, f in enumerate(children):
        lines.append(f"        {'if' if i == 0 else 'elif'} tag == {f.name!r}:")
        ind = "            "
        if f.kind is WireKind.REPEATED:
            if f.nonempty:
                lines.append(f"{ind}s_{f.attr} = True")
            lines += _xml_item(f, mod, "ch", ind, "b - 1")
            continue
        lines += [f"{ind}if s_{f.attr}:", f"{ind}    raise _No", f"{ind}s_{f.attr} = True"]
        if f.kind is WireKind.WRAPPED:
            lines += [
                f"{ind}if ch.attrib:",
                f"{ind}    raise _No",
                f"{ind}t = ch.text",
                f"{ind}if {_STRAY.format(x='t')}:",
                f"{ind}    raise _No",
            ]
            if f.nonempty:
                lines += [f"{ind}if not len(ch):", f"{ind}    raise _No"]
            lines += [
                f"{ind}for it in ch:",
                f"{ind}    t = it.tail",
                f"{ind}    if {_STRAY.format(x='t')} or it.tag != {f.item!r}:",
                f"{ind}        raise _No",
                *_xml_item(f, mod, "it", ind + "    ", "b - 2"),
            ]
        elif f.scalar is ScalarKind.MODEL:
            lines.append(f"{ind}{mod.function_for(f.type)}(ch, b - 1, u)")
        else:
            lines += _xml_leaf(f, mod, "ch", ind)
    if children:
        lines += ["        else:", "            raise _No"]
    else:
        lines += ["        raise _No"]
    for f in children:
        if (f.is_list and f.nonempty) or (not f.is_list and f.required):
            lines += [f"    if not s_{f.attr}:", "        raise _No"]
    return lines


# --------------------------------------------------------------------------- entry points


class _Paths:
    """The generated predicates of one top-level model: a JSON walk per rule set, one XML
    walk."""

    def __init__(self, cls: type[Any]) -> None:
        plan = plan_for(cls)
        assert plan.root is not None
        self.root: str = plan.root
        #: (versions sharing the rules, their walk)
        self.json: list[tuple[frozenset[int], Callable[[Any, set[int]], int]]] = []
        groups: dict[tuple[object, ...], list[int]] = {}
        for number, rules in VERSIONS.items():
            groups.setdefault(same_wire(rules), []).append(number)
        for numbers in groups.values():
            rules = VERSIONS[numbers[0]]
            mod = Namespace(f"sj{rules.number}", _ENV)
            walk = mod.generate(cls, functools.partial(_json_generator, mod, rules))
            self.json.append((frozenset(numbers), walk))
        mod = Namespace("sx", _ENV)
        self.xml: Callable[[Any, int, set[int]], None] = mod.generate(
            cls, lambda p, name: _xml_function(p, mod, name)
        )
        #: large XML: ``(raw, limits, versions) -> model or None`` (see `_strict_xml`)
        self.stream = build_strict_reader(cls)
        self.prefixes = (*(f"sj{min(n)}" for n, _ in self.json), "sx", "xs")


@once
def _paths(cls: type[Any]) -> _Paths:
    return _Paths(cls)


class Parsed:
    """A payload read for the predicates: ``doc`` is orjson's reading of JSON, the root
    ``Element`` of XML up to `XML_TREE_LIMIT` bytes, or the UTF-8 bytes of larger XML (which
    `verdicts` streams); ``None`` where it could not be read so (doubt). ``root`` is the root's
    name (of large XML: as its start shows it). ``value`` is the model that the streaming
    predicate built, once it accepted (else ``None``)."""

    __slots__ = ("data", "doc", "format", "limits", "root", "value")

    def __init__(self, data: bytes | str, fmt: str, doc: Any, root: str | None, limits: Limits):
        self.data = data
        self.format = fmt
        self.doc = doc
        self.root = root
        self.limits = limits
        self.value: Any = None


_ElementParser: Final = ElementTree.XMLParser
_ParseError: Final = ElementTree.ParseError
_loads: Final = orjson.loads
_JSONError: Final = orjson.JSONDecodeError


def parse(data: bytes | str, fmt: str, limits: Limits = DEFAULT_LIMITS) -> Parsed:
    """Read ``data`` for `accepted_parsed`; ``doc`` is ``None`` on any doubt."""
    if data.__class__ is not bytes and data.__class__ is not str:
        data = as_input(data)
    if len(data) > limits.max_bytes:
        return Parsed(data, fmt, None, None, limits)
    if fmt == "json":
        try:
            doc = _loads(data)
        except _JSONError:
            return Parsed(data, fmt, None, None, limits)
        if doc.__class__ is not dict or len(doc) != 1:
            return Parsed(data, fmt, None, None, limits)
        if limits.max_depth < JSON_DEPTH and json_too_deep(doc, limits.max_depth):
            return Parsed(data, fmt, None, None, limits)
        return Parsed(data, fmt, doc, next(iter(doc)), limits)
    raw = xml_bytes(data)
    if not isinstance(raw, bytes):
        return Parsed(data, fmt, None, None, limits)
    if len(raw) > XML_TREE_LIMIT:
        if plain_markup(raw):  # streamed by verdicts
            return Parsed(data, fmt, raw, root_name(raw), limits)
        return Parsed(data, fmt, None, None, limits)
    if not tree_reads(raw, limits, XML_TREE_LIMIT):
        return Parsed(data, fmt, None, None, limits)
    parser = _ElementParser(encoding="utf-8")
    try:
        parser.feed(raw)
        tree = parser.close()
    except _ParseError:
        return Parsed(data, fmt, None, None, limits)
    return Parsed(data, fmt, tree, tree.tag, limits)


def accepted_parsed(cls: type[Any], parsed: Parsed, versions: Iterable[int]) -> set[int]:
    """The versions among ``versions`` for which the payload ``parsed`` is certainly free of
    every strict problem as a ``cls`` payload (an empty set on any doubt)."""
    return verdicts(cls, parsed, versions)[0]


def verdicts(cls: type[Any], parsed: Parsed, versions: Iterable[int]) -> tuple[set[int], set[int]]:
    """`accepted_parsed`, and the versions certainly refused: those whose URLs another version
    names (the checker reports that wherever it reads the payload at all)."""
    doc = parsed.doc
    wanted = set(versions)
    if doc is None or not wanted:
        return set(), set()
    paths = _paths(cls)
    if parsed.root != paths.root:
        return set(), set()
    limits = parsed.limits
    if parsed.format == "xml":
        group = set(wanted)
        if doc.__class__ is bytes:  # large XML: checked and built in one streaming pass
            value = paths.stream(doc, limits, group)
            if value is None:
                return set(), set()  # it may have stopped before the URLs said anything
            parsed.value = value
            return group, wanted - group
        try:
            paths.xml(doc, limits.max_depth - 1, group)
        except (_No, RecursionError):
            return set(), wanted - group
        return group, wanted - group
    data = parsed.data
    body = doc[paths.root]
    found: set[int] = set()
    refused: set[int] = set()
    keys = -1
    doubt = _json_doubt(data)
    for numbers, walk in paths.json:
        group = wanted & numbers
        if not group:
            continue
        before = set(group)
        try:
            count = walk(body, group) + 1
        except (_No, RecursionError):
            continue
        finally:
            refused |= before - group
        if doubt:
            continue
        if keys < 0:
            keys = _key_tokens(data)
        if count == keys:  # else some key might appear twice
            found |= group
    return found, refused


def accepted(
    cls: type[Any],
    fmt: str,
    data: bytes | str,
    versions: Iterable[int],
    limits: Limits = DEFAULT_LIMITS,
) -> set[int]:
    """`accepted_parsed` of ``data`` read for it."""
    return accepted_parsed(cls, parse(data, fmt, limits), versions)


def strict_predicate(
    cls: type[Any], version: int, fmt: str
) -> Callable[[bytes | str, Limits], bool]:
    """``(data, limits) -> bool``: True only when ``data`` is certainly free of every strict
    problem as a ``cls`` payload of ``version`` in ``fmt`` (False: ask `codec._check`)."""
    _paths(cls)  # generated now, not at the first call
    versions = (version,)

    def accepts(data: bytes | str, limits: Limits = DEFAULT_LIMITS) -> bool:
        return bool(accepted_parsed(cls, parse(data, fmt, limits), versions))

    return accepts


def predicate_prefixes(cls: type[Any]) -> tuple[str, ...]:
    """The namespace prefixes of the modules generated for ``cls`` (for `Codec.source`)."""
    return _paths(cls).prefixes
