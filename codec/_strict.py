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

import re
from collections.abc import Callable, Iterable
from typing import Any, Final
from xml.etree import ElementTree

import orjson

from . import _codegen
from ._cache import once
from ._check import VersionUrls, version_urls_of
from ._codegen import Namespace, construct_lines
from ._fields import WireKind
from ._kinds import EnumKind, Kind
from ._limits import DEFAULT_LIMITS, JSON_DEPTH, Limits
from ._parse import as_input, json_too_deep, xml_bytes
from ._plan import FieldPlan, ModelPlan, ScalarKind, plan_for, reference_only
from ._sparse import sparse_pays
from ._strict_xml import build_strict_reader, root_name
from ._values import INT64_MAX, INT64_MIN, Fail, int_array_json
from ._versions import (
    VERSIONS,
    VersionRules,
    attribute_as_text,
    collapses,
    empty_wrapper_text,
    same_wire,
)
from ._xml_walker import plain_markup, tree_reads

__all__ = [
    "DOUBT",
    "Parsed",
    "accepted",
    "accepted_parsed",
    "parse",
    "strict_decoder",
    "strict_modules",
    "strict_predicate",
    "verdicts",
]

_codegen._KINDS.setdefault("sx", "strict xml predicate")


class _No(Exception):
    """Raised inside a walk: some doubt, let the checker decide."""


# A -0 number in JSON text (orjson reads it as 0).
#: A ``-0`` number: in value place (after ``:``, ``[`` or ``,`` and whitespace), not the start of
#: ``-0.5`` or ``-0e1``. Text inside a string may match too: then the checker looks.
_MINUS_ZERO_B: Final = re.compile(rb"[:\[,][ \t\n\r]*-0(?![0-9.eE])")
_MINUS_ZERO_S: Final = re.compile(r"[:\[,][ \t\n\r]*-0(?![0-9.eE])")
#: the escapes of a backslash or a quote, paired from the left as a JSON reader pairs them
_ESCAPES_B: Final = re.compile(rb'\\[\\"]')
_ESCAPES_S: Final = re.compile(r'\\[\\"]')
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


class _Urls:
    """A root model's envelope URL rule (`codec._check.VersionUrls`) as the walks ask it:
    called with the values of its attributes (``None`` where absent) and the set of versions
    still accepted, it narrows the set to the versions the URLs name, if they name any, and
    doubts when none is left. A server writes the same few URLs into every payload, so what
    each tuple of values names is remembered (bounded: cleared when full)."""

    def __init__(self, rule: VersionUrls) -> None:
        self.rule = rule
        self.seen: dict[tuple[object, ...], frozenset[int]] = {}

    def __call__(self, values: tuple[object, ...], versions: set[int]) -> None:
        try:
            named = self.seen.get(values)
        except TypeError:  # an array or object where a URL goes: not strictly right
            raise _No from None
        if named is None:
            named = frozenset(self.rule.versions([v for v in values if v.__class__ is str]))
            if len(self.seen) >= 1024:
                self.seen.clear()
            self.seen[values] = named
        if named:
            versions.intersection_update(named)
            if not versions:
                raise _No


def _url_check(mod: Namespace, plan: ModelPlan, get: str, at: str) -> list[str]:
    """Lines asking the root's URL rule about the values ``get`` reads for each name."""
    rule = None if plan.root is None else version_urls_of(plan.cls)
    if rule is None:
        return []
    name = mod.global_for(_Urls(rule), "R", type(rule).__qualname__)
    values = "".join(f"{get.format(at + key)}, " for key in rule.names)
    return [f"    {name}(({values}), {'c[2]' if at else 'u'})"]


_ENV: Final[dict[str, Any]] = {
    "_No": _No,
    "_MIN": INT64_MIN,
    "_MAX": INT64_MAX,
    "_only_xmlns": _only_xmlns,
    "_canon": _canonical_int,
    "_ints": int_array_json,
    "_json_ok": None,  # defined below
    "_text_ok": None,
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
#
# The strict JSON decoder: the lenient decoder's conversions (each kind's `json_decode`
# snippets and `construct_lines`), with the checker's strict rules inline. A function per model
# takes the object and ``c``, the walk's state: ``c[0]`` counts the strings the object holds
# (its keys and its string values), ``c[1]`` is set where a number read is zero, ``c[2]`` is
# the set of versions the walk may still accept (narrowed by the envelope URLs). Any doubt
# raises `_No`; a `Fail` from a conversion is a doubt too. No failure needs a path here: the
# checker says what is wrong.
#
# What the walk cannot see in orjson's reading, the text tells (`_json_text_ok`):
#
# * repeated keys (orjson keeps the last): every string of valid JSON text is between two
#   unescaped quotes, so with the escaped ones (``\"``) taken away the quotes are twice the
#   strings; the walk counts the strings it read, and one more in the text means a key read
#   twice (the escaped quotes are those a JSON reader pairs with a backslash from the
#   left: ``\\"`` is a backslash, then the end of a string);
# * ``-0`` (orjson reads ``0``), looked for only when the walk read a zero;
# * ``null``: a declared key holding null is counted as present by ``len`` and not by the
#   walk, like an unknown key, so both end in `_extra`, which takes namespace declarations.


def _extra(d: dict[str, Any], keys: frozenset[str]) -> int:
    """The keys of ``d`` the walk did not read, none of them in doubt: namespace declarations
    holding a string (``@xmlns``, ``@xmlns:p``; never unknown). Returns the strings they hold."""
    more = 0
    for key, value in d.items():
        if key in keys or value.__class__ is not str:
            raise _No  # null for a declared key, or anything else that is not a declaration
        if key != "@xmlns" and not key.startswith("@xmlns:"):
            raise _No
        more += 1
    return more


_ENV["_extra"] = _extra


class _JsonWalk:
    """The generator of one strict JSON walk: for ``rules``' versions; ``build``: the walk
    also converts and builds the model (strict decoding), else it only checks (validation)."""

    def __init__(self, mod: Namespace, rules: VersionRules, build: bool) -> None:
        self.mod = mod
        self.rules = rules
        self.build = build

    def value(self, f: FieldPlan, x: str, ind: str, as_text: bool) -> list[str]:
        """Lines: doubt unless the JSON value ``x`` (not None, not an array) is strictly
        right for ``f``, count it, convert it in place (building)."""
        mod = self.mod
        if f.scalar is ScalarKind.MODEL:
            return [f"{ind}{x} = {mod.function_for(f.type)}({x}, c)"]
        kind = f.vkind
        version = self.rules.number
        lines = []
        zero = kind.strict_json_zero(x, as_text, version)
        if zero is not None:
            # Before the conversion: a converted value (a datetime) need not be falsy at zero.
            lines += [f"{ind}if {zero}:", f"{ind}    c[1] = True"]
        count = kind.strict_json_count(x, as_text, version)
        if count is not None:  # before the conversion too: a number made text is no string
            lines.append(f"{ind}s += {count}")
        if self.build:
            lines += kind.strict_json_decode(mod, x, as_text, version, ind)
        else:
            test = kind.strict_json_in(mod, x, as_text, version)
            lines += [f"{ind}if not ({test}):", f"{ind}    raise _No"]
        return lines

    def items(self, f: FieldPlan, x: str, ind: str) -> list[str]:
        """Lines: doubt unless every item of the array ``x`` is strictly right; ``x``
        becomes the tuple of converted items (building)."""
        mod = self.mod
        if f.scalar is ScalarKind.MODEL:
            function = mod.function_for(f.type)
            if self.build:
                return [f"{ind}{x} = tuple([{function}(it, c) for it in {x}])"]
            return [f"{ind}for it in {x}:", f"{ind}    {function}(it, c)"]
        kind = f.vkind
        version = self.rules.number
        test = kind.strict_json_items(mod, x, version)
        if test is None:
            one = kind.strict_json_in(mod, "it", False, version)
            test = f"all([{one} for it in {x}])"
        lines = [f"{ind}if not ({test}):", f"{ind}    raise _No"]
        count = kind.strict_json_count("it", False, version)
        if count == "1":
            lines.append(f"{ind}s += len({x})")
        elif count is not None:
            lines.append(f"{ind}s += sum([{count} for it in {x}])")
        zero = kind.strict_json_zero("it", False, version)
        if zero == "not it":
            lines += [f"{ind}if not all({x}):", f"{ind}    c[1] = True"]
        elif zero is not None:
            lines += [f"{ind}if any([{zero} for it in {x}]):", f"{ind}    c[1] = True"]
        if not self.build:
            return lines
        if not kind.strict_json_converts(False, version):  # every item is its value
            return [*lines, f"{ind}{x} = tuple({x})"]
        bulk = kind.json_decode_many(mod, x)
        if bulk is not None:
            return [*lines, f"{ind}{x} = {bulk}"]
        return [
            *lines,
            f"{ind}acc = []",
            f"{ind}for it in {x}:",
            *kind.json_decode(mod, "it", "None", ind + "    "),
            f"{ind}    acc.append(it)",
            f"{ind}{x} = tuple(acc)",
        ]

    def list_value(self, f: FieldPlan, x: str, ind: str) -> list[str]:
        """Lines for the item value ``x`` (not None) of a list: an array (of at least two
        items where the version writes one item as the item itself), or that one item."""
        one_is_the_item = collapses(self.rules, f)
        lines = [
            f"{ind}if {x}.__class__ is list:",
            f"{ind}    if {'len(' + x + ') < 2' if one_is_the_item else 'not ' + x}:",
            f"{ind}        raise _No",
            *self.items(f, x, ind + "    "),
            f"{ind}else:",
        ]
        if not one_is_the_item:
            return [*lines, f"{ind}    raise _No"]
        return [*lines, *self.value(f, x, ind + "    ", False), f"{ind}    {x} = ({x},)"]

    def field(self, f: FieldPlan) -> list[str]:
        var = f"v_{f.attr}"
        ind = "        "
        required = f.nonempty if f.is_list else f.required
        lines = [f"    {var} = d.get({f.json_key!r})"]
        if required:
            lines += [f"    if {var} is None:", "        raise _No"]
        elif f.is_list:
            lines += [f"    if {var} is None:", f"        {var} = ()"]
        if required or f.is_list:
            lines += ["    else:", "        n += 1"]
        else:
            lines += [f"    if {var} is not None:", "        n += 1"]
        if not f.is_list:
            return lines + self.value(f, var, ind, attribute_as_text(self.rules, f))
        if f.kind is WireKind.REPEATED:
            return lines + self.list_value(f, var, ind)
        items = [
            f"{ind}{var} = {var}.get({f.item!r})",
            f"{ind}if {var} is None:",
            f"{ind}    raise _No",
            f"{ind}s += 1",
            *self.list_value(f, var, ind),
        ]
        if empty_wrapper_text(self.rules) and not f.nonempty:  # "": v1's empty wrapper
            return [
                *lines,
                f"{ind}if {var} == '':",
                f"{ind}    {var} = ()",
                f"{ind}    s += 1",
                f"{ind}elif {var}.__class__ is not dict or len({var}) != 1:",
                f"{ind}    raise _No",
                f"{ind}else:",
                *["    " + line for line in items],
            ]
        return [
            *lines,
            f"{ind}if {var}.__class__ is not dict or len({var}) != 1:",
            f"{ind}    raise _No",
            *items,
        ]

    def function(self, plan: ModelPlan, name: str) -> list[str]:
        mod = self.mod
        keys = frozenset(f.json_key for f in plan.fields)
        lines = [
            f"def {name}(d, c):",
            "    if d.__class__ is not dict:",
            "        raise _No",
            "    n = 0",
            "    s = len(d)",
            *_url_check(mod, plan, "d.get({!r})", "@"),
        ]
        for f in plan.fields:
            lines += self.field(f)
        lines += [
            "    if n != len(d):",
            f"        s += _extra(d, {mod.global_for(keys, 'K', plan.cls.__qualname__)})",
            "    c[0] += s",
        ]
        if not self.build:
            return [*lines, "    return None"]
        build, env = construct_lines(plan, "    ", mod.env)
        mod.env.update(env)
        return [*lines, *build, "    return o"]


def _json_text_ok(data: bytes | str, strings: int, zero: bool) -> bool:
    """Does the text hold exactly ``strings`` strings, and no ``-0`` where ``zero``?"""
    if isinstance(data, bytes):
        raw = data
        quotes = raw.count(b'"')
        if b"\\" in raw:  # less the escaped quotes: the \" not part of a \\ before it
            if b"\\\\" in raw:
                quotes -= _ESCAPES_B.findall(raw).count(b'\\"')
            else:
                quotes -= raw.count(b'\\"')
        if zero and _MINUS_ZERO_B.search(raw) is not None:
            return False
    else:
        text = data
        quotes = text.count('"')
        if "\\" in text:
            if "\\\\" in text:
                quotes -= _ESCAPES_S.findall(text).count('\\"')
            else:
                quotes -= text.count('\\"')
        if zero and _MINUS_ZERO_S.search(text) is not None:
            return False
    return quotes == 2 * strings


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
    lines += _url_check(mod, plan, "a.get({!r})", "")
    text = plan.text
    if text is not None:  # attributes and text only (see _plan)
        lines += [
            "    if len(el):",
            "        raise _No",
            "    t = el.text",
            "    if t is None:",  # whitespace alone is text (see _xml_reader)
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
    """The generated walks of one top-level model: a strict JSON check per rule set, one XML
    predicate, and the strict JSON decoders, made at their first use."""

    def __init__(self, cls: type[Any]) -> None:
        plan = plan_for(cls)
        assert plan.root is not None
        self.cls = cls
        self.root: str = plan.root
        #: (versions sharing the rules, their strict check)
        self.json: list[tuple[frozenset[int], Callable[[Any, list[Any]], Any]]] = []
        #: the rules of each version
        self.rules: dict[int, VersionRules] = {}
        #: the strict JSON decoder of each rule set, by its first version
        self._decoders: dict[int, Callable[[Any, list[Any]], Any]] = {}
        groups: dict[tuple[object, ...], list[int]] = {}
        for number, rules in VERSIONS.items():
            groups.setdefault(same_wire(rules), []).append(number)
        for numbers in groups.values():
            rules = VERSIONS[numbers[0]]
            mod = Namespace(f"sc{rules.number}", _ENV)
            check = mod.generate(cls, _JsonWalk(mod, rules, build=False).function)
            self.json.append((frozenset(numbers), check))
            self.rules.update((number, rules) for number in numbers)
        mod = Namespace("sx", _ENV)
        self.xml: Callable[[Any, int, set[int]], None] = mod.generate(
            cls, lambda p, name: _xml_function(p, mod, name)
        )
        #: large XML: ``(raw, limits, versions) -> model or None`` (see `_strict_xml`)
        self.stream = build_strict_reader(cls)

    def json_decoder(self, version: int) -> Callable[[Any, list[Any]], Any]:
        """The strict JSON decoder of ``version``'s rules."""
        rules = self.rules[version]
        walk = self._decoders.get(rules.number)
        if walk is None:
            mod = Namespace(f"sj{rules.number}", _ENV)
            walk = mod.generate(self.cls, _JsonWalk(mod, rules, build=True).function)
            self._decoders[rules.number] = walk
        return walk


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
    found: set[int] = set()
    refused: set[int] = set()
    for numbers, walk in paths.json:
        group = wanted & numbers
        if not group:
            continue
        before = set(group)
        try:
            if _json_read(walk, doc[paths.root], parsed.data, group) is not DOUBT:
                found |= group
        finally:
            refused |= before - group
    return found, refused


#: what `_json_read` and `strict_decoder` return where they doubt
DOUBT: Final = object()


def _json_read(
    walk: Callable[[Any, list[Any]], Any], body: Any, data: bytes | str, versions: set[int]
) -> Any:
    """The value the strict decoder ``walk`` reads from ``body`` (the root's value in orjson's
    reading of ``data``), or `DOUBT`; narrows ``versions`` to those the envelope URLs allow."""
    state: list[Any] = [1, False, versions]  # the root's key is a string
    try:
        value = walk(body, state)
    except (_No, Fail, RecursionError):
        return DOUBT
    if not _json_text_ok(data, state[0], state[1]):
        return DOUBT
    return value


def strict_decoder(
    cls: type[Any],
    version: int,
    fmt: str,
    from_parsed: Callable[[Any, bytes | str, Limits], Any],
) -> Callable[[bytes | str, Limits], Any]:
    """``(data, limits) -> value``, the model of a payload certainly free of every strict
    problem as a ``cls`` payload of ``version`` in ``fmt``, or `DOUBT` (then ask
    `codec._check`): JSON in one walk that checks and builds; large XML in one streaming pass
    that checks and builds (`_strict_xml`); smaller XML by the predicate, then
    ``from_parsed``, the lenient decoder's reading of the tree the predicate read."""
    paths = _paths(cls)
    versions = frozenset((version,))
    if fmt == "xml":

        def read_xml(data: bytes | str, limits: Limits) -> Any:
            parsed = parse(data, fmt, limits)
            if not verdicts(cls, parsed, versions)[0]:
                return DOUBT
            if parsed.value is not None:  # large XML: built by the streaming predicate
                return parsed.value
            return from_parsed(parsed.doc, data, limits)

        return read_xml
    walk = paths.json_decoder(version)
    root = paths.root

    def read_json(data: bytes | str, limits: Limits) -> Any:
        # `parse` and `_json_read`, for one root and version, inline: the common strict call
        if sparse_pays(data, limits):
            return DOUBT  # the checker reads it sparsely, in bounded memory
        try:
            doc = _loads(data)
        except _JSONError:
            return DOUBT
        if doc.__class__ is not dict or len(doc) != 1 or root not in doc:
            return DOUBT
        if limits.max_depth < JSON_DEPTH and json_too_deep(doc, limits.max_depth):
            return DOUBT
        state: list[Any] = [1, False, set(versions)]  # the root's key is a string
        try:
            value = walk(doc[root], state)
        except (_No, Fail, RecursionError):
            return DOUBT
        if not _json_text_ok(data, state[0], state[1]):
            return DOUBT
        return value

    return read_json


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


def strict_modules(cls: type[Any], version: int, fmt: str) -> tuple[str, ...]:
    """The prefixes of the modules strict decoding of ``cls`` in ``version`` and ``fmt`` runs,
    made now if they are not yet (for `Codec.source`)."""
    if reference_only(cls):
        return ()  # strict decoding is the reference reader's
    paths = _paths(cls)
    if fmt == "xml":
        return ("sx", "xs")
    paths.json_decoder(version)
    number = paths.rules[version].number
    return (f"sc{number}", f"sj{number}")
