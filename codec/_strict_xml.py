"""Strict XML in one streaming pass: the reader's handlers, with the strict checks inline.

The C tree that the strict predicate walks for small XML (`_strict`) would cost about twenty
times the input for large XML (past `_strict.XML_TREE_LIMIT`). There the strict fast path is
the streaming reader (`_xml_reader`, which decodes large XML leniently), generated once more
with every check of strict decoding written into its handlers: one expat pass that builds the
value and decides "certainly no problem" for the versions asked (the checker's rules,
`codec._check`). On any doubt a handler raises ``_Doubt``, the pass returns ``None``, and the
caller asks the checker, which says what is wrong. Like the predicates of `_strict`, it may
doubt valid payloads but never accepts one the checker would fault. Its memory is the
reader's (the models built so far), and the text between elements seen since the last check.

What it checks, where (``_StrictGenerator``; the rest is the reader's own code):

* unknown elements (anywhere, list wrappers included) and attributes the model does not
  declare, attributes on scalar elements and list wrappers: doubt at the start tag;
* a single-valued element (or a wrapper) that appears again: doubt at its second start tag
  (its slot no longer holds its initial value; a value read is never ``None``);
* values: the reader's conversion (`Kind.read`, which raises `Fail` for bad text), then what
  strict decoding also refuses (`Kind.strict_read`: an open enum's unknown value);
* required values (the reader's ``missing``), and required lists left empty: doubt at the
  model's end tag;
* the URLs of a root model that name API versions (`codec._check.VersionUrls`): the versions
  asked for are narrowed to those named, doubt where none is left;
* text between elements: outside scalar text, expat's CharacterDataHandler adds each piece
  to a set (a C call, no Python frame; compact documents have none, indented ones repeat a
  few), checked when a model ends or a list item starts (once the set holds more than a
  few) and at the end: anything but whitespace (`str.strip`, as the checker tests it) is
  doubt;
* a `text()` model's text: the reader's conversion, as for a scalar element (whitespace
  alone is text, as the checker reads it: see `_xml_reader`);
* limits (depth, attributes), malformed XML, a DOCTYPE, a wrong root: the reader's stops,
  doubt. `_strict.parse` hands over only documents that hold nothing but elements,
  attributes and text (no comments, CDATA, processing instructions or namespaces:
  `_xml_walker.plain_markup`), as it does to the tree predicate.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, Final
from xml.parsers import expat

from ._check import version_urls_of
from ._fields import WireKind
from ._limits import Limits
from ._parse import Doctype, expat_parser
from ._plan import FieldPlan, ModelPlan
from ._values import Fail
from ._xml_reader import Generator, Stop

__all__ = ["build_strict_reader", "root_name"]


class _Doubt(Exception):
    """Raised inside the handlers: let the checker decide."""


#: Text between elements seen since the last check: checked and forgotten past this many.
_STRAY_CHECK: Final = 64


def _no_stray_text(texts: set[str]) -> None:
    """Doubt where a piece of text between elements is more than whitespace; forget them."""
    for text in texts:
        if text.strip():
            raise _Doubt
    texts.clear()


class _StrictGenerator(Generator):
    """The reader's handlers with strict decoding's checks (see the module documentation)."""

    prefix = "xs"
    outside = "stray"
    parameters = (*Generator.parameters, "u", "between")

    def __init__(self, root: type[Any]) -> None:
        super().__init__(root)
        self.env.update(_Doubt=_Doubt, _no_stray_text=_no_stray_text)

    def factory(self) -> list[str]:
        return [*super().factory(), "    stray = between.add  # text between elements"]

    def attributes(self, plan: ModelPlan, ind: str) -> list[str]:
        attributes = [
            (slot, f) for slot, f in enumerate(plan.fields) if f.kind is WireKind.ATTRIBUTE
        ]
        if not attributes:
            return [f"{ind}if attrs:", f"{ind}    raise _Doubt"]
        names = frozenset(f.name for _, f in attributes)
        declared = self.ns.global_for(names, "A", plan.cls.__qualname__)
        lines = [
            f"{ind}if attrs:",
            f"{ind}    attrs = dict(zip(attrs[::2], attrs[1::2]))",
            f"{ind}    if not attrs.keys() <= {declared}:",
            f"{ind}        raise _Doubt",
        ]
        for slot, f in attributes:
            lines += [
                f"{ind}    a = attrs.get({f.name!r})",
                f"{ind}    if a is not None:",
                *self.convert(f, "a", "v", ind + "        "),
                *self.read_value(f, "a", ind + "        "),
                f"{ind}        vals[{slot}] = v",
            ]
        rule = None if plan.root is None else version_urls_of(plan.cls)
        if rule is not None:  # as the checker: the URLs narrow the versions asked for
            lines += [
                f"{ind}    n = {self.ns.global_for(rule, 'R')}.versions("
                f"[attrs[k] for k in {rule.names!r} if k in attrs])",
                f"{ind}    if n:",
                f"{ind}        u.intersection_update(n)",
                f"{ind}        if not u:",
                f"{ind}            raise _Doubt",
            ]
        return lines

    def opening(self, f: FieldPlan, slot: int, ind: str) -> list[str]:
        if f.kind is WireKind.WRAPPED:
            return [f"{ind}if attrs or vals[{slot}] is not None:", f"{ind}    raise _Doubt"]
        if f.kind is WireKind.REPEATED:
            return []
        initial = "_MISSING" if f.required else "None"
        return [f"{ind}if vals[{slot}] is not {initial}:", f"{ind}    raise _Doubt"]

    def opening_leaf(self, store: int, ind: str) -> list[str]:
        lines = [f"{ind}if attrs:", f"{ind}    raise _Doubt"]
        if store < 0:  # a list item: many of them may come in one model
            lines += [
                f"{ind}if len(between) > {_STRAY_CHECK}:",
                f"{ind}    _no_stray_text(between)",
            ]
        return lines

    def unknown(self) -> list[str]:
        return ["    raise _Doubt"]

    def read_value(self, f: FieldPlan, src: str, ind: str) -> list[str]:
        return f.vkind.strict_read(self.ns, src, ind)

    def closing(self, plan: ModelPlan, ind: str) -> list[str]:
        lines = []
        for slot, f in enumerate(plan.fields):
            if f.is_list and f.nonempty:
                lines += [f"{ind}if not vals[{slot}]:", f"{ind}    raise _Doubt"]
        if plan.text is None:
            lines += [
                f"{ind}if len(between) > {_STRAY_CHECK}:",
                f"{ind}    _no_stray_text(between)",
            ]
        return lines


def build_strict_reader(cls: type[Any]) -> Callable[[bytes, Limits, set[int]], Any]:
    """``(raw, limits, versions) -> model or None``: the ``cls`` model of the UTF-8 bytes
    ``raw`` where they are certainly free of every strict problem for the versions left in
    ``versions`` (which the root's URLs narrow), else ``None`` (ask `codec._check`)."""
    make = _StrictGenerator(cls).module(cls)

    def read(raw: bytes, limits: Limits, versions: set[int]) -> Any:
        parser = expat_parser()
        parser.buffer_text = True
        parser.ordered_attributes = True
        between: set[str] = set()
        document: list[Any] = [None]
        start, end, _ = make(
            parser,
            document,
            [],
            [],
            limits.max_depth,
            2 * limits.max_attributes,
            versions,
            between,
        )
        parser.StartElementHandler = start
        parser.EndElementHandler = end
        parser.CharacterDataHandler = between.add
        try:
            parser.Parse(raw, True)
            _no_stray_text(between)
        except (_Doubt, Fail, Stop, Doctype, expat.ExpatError):
            return None
        return document[0]

    return read


#: The name of the root element, past an XML declaration: a guess for choosing the payload
#: type (the reader checks the root it finds against the type's).
_ROOT: Final = re.compile(rb"(?:<\?xml[^>]*\?>)?[ \t\r\n]*<([^ \t\r\n/>]+)")


def root_name(raw: bytes) -> str | None:
    """The root element's name as the start of ``raw`` shows it, ``None`` where it does not."""
    found = _ROOT.match(raw)
    if found is None:
        return None
    return found.group(1).decode("utf-8", "replace")
