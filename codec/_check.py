"""The reference reader: walks a parsed payload by its plan and yields, in one walk, the value,
every problem with its location, and the kept content.

It is the explainer and the oracle. The generated fast paths (the JSON decoder, the XML tree
walker and streaming reader, the strict predicates of `_strict`) only decide success; this
module says what is wrong, and the differential tests hold every decode path to its value and
to its first problem (``tests/test_reference.py``). `read` is the entry point;
`problems_of` and `problems_by_version` are its problem lists (what `validate` and strict
decoding report), without building the value.

Modes:

* lenient: exactly what the lenient decoders refuse (``syntax``, ``root``, ``type``,
  ``range``, ``enum`` for closed enums, ``missing`` required scalars, ``limit``, and, where
  the value is built, ``invalid`` for what a model's own validators, converters or
  ``__attrs_post_init__`` refuse), so that "no problems" means "a client decoding leniently
  will accept this", and the value is what it gets;
* strict: that, plus what only strict decoding refuses:

  - ``unknown``: elements, attributes, JSON keys and text that the model does not declare;
  - ``shape``: a JSON list in the other version's shape (a collapsed single item in v2+,
    a one-item array in v1, where the field follows the version's rule), an attribute value
    typed the other version's way (a number in v1), a single-valued
    element repeated, a URL naming another API version than the one checked;
  - ``type``: a number or boolean written as a string (in a JSON element, or in a v2+
    attribute);
  - ``enum``: a value an open enum keeps but does not know;
  - ``missing``: an empty or absent list declared ``required``.

The value is read as lenient decoding reads it: either version's list shapes, the last of a
single value given twice, a wrapper given twice holding the items of both, an optional
`text()` with no text at all as ``None`` (whitespace alone is text, read by its kind), an
open enum's unknown value as its text, ``-0`` as ``0``, every scalar by its kind (`_kinds`),
and instances made as the generated code makes them (`_codegen.constructor`). It is built
only when asked, and only until the first problem lenient decoding refuses (past it there is
no value). With ``unknown="keep"``, content the model does not declare is kept on the
instances (see `_kept`): XML attributes and elements (runs of unknown siblings as their exact
bytes), JSON keys, each with the known field it followed.

Order: problems come in the order the decoders meet them, so that the first problem of a
lenient reading is the one lenient decoding raises. A document that does not parse, or breaks
a limit, has that one problem. JSON: the fields of a model in declared order (each one's value
read through before the next, a missing one where it is declared), then the keys the model
does not declare. XML: a model's attributes in declared order (then the undeclared ones), its
text, its child elements in document order, then what is missing, in declared order.

Paths are JSON-path style for both formats; for XML every list item has its index (counting
on through a wrapper given twice), for JSON a collapsed single item has none (that is where it
is). XML problems also carry the element path (1-based indices, XPath style) and the line and
column of the element's start tag, or of its parent's for a missing value.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from typing import Any, Final, Protocol
from xml.parsers import expat

import attrs

from ._cache import once
from ._codegen import constructor
from ._errors import ArgumentError, DecodeError, Problem, describe_value
from ._fields import Kept, WireKind
from ._limits import (
    DEFAULT_LIMITS,
    JSON_DEPTH,
    MAX_PROBLEMS,
    Limits,
    TooDeep,
    input_size,
    more_problems,
    with_room,
)
from ._parse import (
    DOCTYPE_MESSAGE,
    Doctype,
    NegativeZero,
    XmlNode,
    as_input,
    exact_json,
    expat_parser,
    holds_nil,
    parse_json,
    tag_end,
    xml_bytes,
)
from ._plan import (
    FieldPlan,
    ModelPlan,
    ScalarKind,
    in_version,
    missing_list,
    plan_for,
    reference_only,
)
from ._sparse import ObjectPlan, SparseJson, read_sparse, sparse_pays
from ._values import (
    Fail,
    key_segment,
    type_fail,
)
from ._versions import (
    FORMATS,
    VERSIONS,
    VersionRules,
    attribute_as_text,
    collapses,
    empty_wrapper_text,
    parse_version,
)

__all__ = [
    "Reading",
    "VersionUrls",
    "XmlNode",
    "check_json",
    "check_xml",
    "decode_reference",
    "json_sparse",
    "document_problem",
    "parse_json",
    "parse_xml",
    "problems_by_version",
    "problems_of",
    "read",
    "version_urls_of",
]

#: The class attribute by which a root model marks its version-bearing URLs: a `VersionUrls`.
VERSION_URLS: Final = "__codec_version_urls__"


class VersionUrls(Protocol):
    """A root model's URL attributes that name the API version a payload is written for.

    The notion is generic; a rule (such as `codec.pi`'s ``/webacs/api/vN/``) is a value of
    the API's own package, set on the model as ``__codec_version_urls__``. Strict checking
    refuses a payload whose URLs name versions but not the one checked; `detect` takes the
    versions they name; the JSON Schema says the same with `json_patterns`.
    """

    @property
    def names(self) -> tuple[str, ...]:
        """The wire names of the root's attributes that hold such URLs."""
        ...

    def versions(self, urls: Iterable[str]) -> set[int]:
        """The API versions the URLs name (none: they say nothing)."""
        ...

    def json_patterns(self, version: int) -> tuple[str, str]:
        """JSON Schema patterns of a URL naming some version, and of one naming ``version``."""
        ...


def version_urls_of(cls: type[Any]) -> VersionUrls | None:
    """The version-bearing URLs a model marks, ``None`` for a model that marks none."""
    rule: VersionUrls | None = getattr(cls, VERSION_URLS, None)
    return rule


def is_namespace_declaration(name: str) -> bool:
    """``xmlns`` and ``xmlns:prefix`` attributes declare namespaces: never fields, never
    unknown content (names are matched as written; see `_xml_reader`)."""
    return name == "xmlns" or name.startswith("xmlns:")


#: The attribute that says an element holds no value (XML Schema's ``xsi:nil``), matched as
#: written, like every name. It is read on a single element (a value or a model): ``true`` (or
#: ``1``) is ``None`` for an optional field; ``false`` (or ``0``) reads the element as it
#: stands. The generated decoders hand every payload holding this text to this module.
NIL: Final = "xsi:nil"
_NIL_KEY: Final = "@" + NIL


def _nil_value(value: object) -> bool | None:
    """``True``/``False`` for what an ``xsi:nil`` attribute may say (an XML Schema boolean:
    text in XML or v1 JSON, also a JSON boolean in v2+), ``None`` for anything else."""
    if value is True or value is False:
        return value
    if isinstance(value, str):
        text = value.strip(" \t\r\n")
        if text in ("true", "1"):
            return True
        if text in ("false", "0"):
            return False
    return None


def _ignorable(name: str) -> bool:
    """An attribute never unknown: a namespace declaration, or ``xsi:nil`` (read apart)."""
    return name == NIL or is_namespace_declaration(name)


def _missing_value(f: FieldPlan) -> str:
    """What a missing required single value is called: its key, or a union's keys."""
    if f.by_name:
        return f"missing required value: one of {', '.join(map(repr, f.names))}"
    return f"missing required value {f.json_key!r}"


def _choose(f: FieldPlan, tag: object) -> Any:
    """The member of union ``f`` that ``tag`` (an element name, or the discriminator's
    value) names, or ``None``."""
    for name, member in f.choices:
        if name == tag:
            return member
    return None


#: A required single value not (yet) read.
_MISSING: Final = object()


@attrs.frozen(eq=False)
class _Shape:
    """What a walk asks of one model's plan, worked out once per class."""

    plan: ModelPlan
    #: (slot, field) of the attributes, in declared order
    attributes: tuple[tuple[int, FieldPlan], ...]
    attribute_names: frozenset[str]
    #: the attributes the model's encoder writes itself (its fields', its namespaces'): kept
    #: content leaves them out
    written: frozenset[str]
    #: element name -> (slot, field) of the child elements (wrappers, repeated items, values)
    children: dict[str, tuple[int, FieldPlan]]
    #: (slot, field) of the text() field
    text: tuple[int, FieldPlan] | None
    #: the JSON keys the model declares
    keys: frozenset[str]
    #: the path segment of each field's JSON key, by slot
    segments: tuple[str, ...]
    #: (slot, field, JSON key, its path segment) of every field, in declared order
    slots: tuple[tuple[int, FieldPlan, str, str], ...]
    #: the values before any is read: _MISSING (required single value), None, or [] (a list)
    template: tuple[Any, ...]
    lists: tuple[int, ...]
    urls: VersionUrls | None
    build: Callable[[Sequence[Any], Kept | None], Any]
    #: JSON keys the model declares for other versions only, and those versions
    elsewhere: dict[str, frozenset[int]]

    def undeclared(self, key: str) -> str:
        """Why ``key`` (``@name`` for an attribute) is unknown content."""
        versions = self.elsewhere.get(key)
        if versions is None:
            return "the model declares no such thing"
        return f"the model declares it in {', '.join(f'v{n}' for n in sorted(versions))} only"

    def start(self) -> list[Any]:
        values = list(self.template)
        for slot in self.lists:
            values[slot] = []
        return values


@once
def _shape(cls: type[Any], version: int = 0) -> _Shape:
    """The shape of ``cls`` in API ``version`` (its fields declared for that version; ``0``:
    every field, for a reading of no one version)."""
    plan = plan_for(cls)
    fields = plan.fields
    slots = [(i, f) for i, f in enumerate(fields) if not version or in_version(f, version)]
    attributes = [f for _, f in slots if f.kind is WireKind.ATTRIBUTE]
    return _Shape(
        plan=plan,
        attributes=tuple((i, f) for i, f in slots if f.kind is WireKind.ATTRIBUTE),
        attribute_names=frozenset(f.name for f in attributes),
        written=frozenset(
            [*(f.name for f in attributes), *(f"xmlns:{p}" for p, _ in plan.namespaces)]
        ),
        children={name: (i, f) for i, f in slots if f in plan.children for name in f.names},
        text=next(((i, f) for i, f in slots if f.kind is WireKind.TEXT), None),
        keys=frozenset(name for _, f in slots for name in f.names),
        segments=tuple(key_segment(f.json_key) for f in fields),
        slots=tuple((i, f, f.json_key, key_segment(f.json_key)) for i, f in slots),
        template=tuple(
            None if f.is_list or not f.required or f.kind is WireKind.TEXT else _MISSING
            for f in fields
        ),
        lists=tuple(i for i, f in enumerate(fields) if f.is_list),  # () in every version
        urls=None if plan.root is None else version_urls_of(plan.cls),
        build=constructor(plan),
        elsewhere=_elsewhere(fields, version),
    )


def _elsewhere(fields: Sequence[FieldPlan], version: int) -> dict[str, frozenset[int]]:
    """The keys only fields of other versions than ``version`` declare, with those versions."""
    if not version:
        return {}
    here = {key for f in fields if in_version(f, version) for key in f.names}
    found: dict[str, frozenset[int]] = {}
    for f in fields:
        if f.versions is None:
            continue
        for key in f.names:
            if key not in here:
                found[key] = found.get(key, frozenset()) | f.versions
    return found


class _Walk:
    """One walk: its mode, the problems found, and whether it still builds the value."""

    def __init__(
        self, strict: bool, rules: VersionRules, build: bool = False, keep: bool = False
    ) -> None:
        self.strict = strict
        self.rules = rules
        #: every problem of the mode (at most MAX_PROBLEMS; the rest counted in ``more``)
        self.problems: list[Problem] = []
        self.more = 0
        #: the problems lenient decoding refuses (the same list, unless strict)
        self.faults: list[Problem] = [] if strict else self.problems
        self.more_faults = 0
        #: make the value: asked for, and no fault met so far
        self.build = build
        #: keep what the models do not declare on the instances made
        self.keep = keep and build
        #: the value made (see `build`)
        self.value: Any = None

    @property
    def decodes(self) -> bool:
        """No problem lenient decoding refuses was met."""
        return not self.faults

    def finish(self) -> list[Problem]:
        """The problems, and one counting those past `MAX_PROBLEMS` if there were any."""
        if self.more:
            return [*self.problems, more_problems(self.more)]
        return self.problems

    def finish_faults(self) -> list[Problem]:
        """The problems lenient decoding refuses (see `finish`)."""
        if self.faults is self.problems:
            return self.finish()
        if self.more_faults:
            return [*self.faults, more_problems(self.more_faults)]
        return self.faults

    def add(
        self,
        code: str,
        path: str,
        message: str,
        node: XmlNode | None = None,
        xml_path: str | None = None,
    ) -> None:
        """A problem of the mode."""
        if len(self.problems) >= MAX_PROBLEMS:
            self.more += 1
            return
        if node is None:
            self.problems.append(Problem(code, path, message))
        else:
            self.problems.append(Problem(code, path, message, xml_path, node.line, node.column))

    def fault(
        self,
        code: str,
        path: str,
        message: str,
        node: XmlNode | None = None,
        xml_path: str | None = None,
    ) -> None:
        """A problem lenient decoding refuses: there is no value past it."""
        self.build = False
        if self.faults is not self.problems:  # strict: the faults are also kept apart
            if len(self.faults) >= MAX_PROBLEMS:
                self.more_faults += 1
            elif node is None:
                self.faults.append(Problem(code, path, message))
            else:
                self.faults.append(Problem(code, path, message, xml_path, node.line, node.column))
        self.add(code, path, message, node, xml_path)

    def construct(
        self,
        shape: _Shape,
        values: list[Any],
        kept: Kept | None,
        path: str,
        node: XmlNode | None = None,
        xml_path: str | None = None,
    ) -> Any:
        """The instance of ``shape`` holding ``values`` (lists made tuples), or ``None`` past
        a fault, or where the model refuses them (an ``invalid`` fault, see `_plan.blame`)."""
        if not self.build:
            return None
        for slot in shape.lists:
            values[slot] = tuple(values[slot])
        try:
            return shape.build(values, kept)
        except Fail as fail:
            where = path + "".join(reversed(fail.segments))
            self.fault(fail.code, where, fail.message, node, xml_path)
            return None

    def shape(self, cls: Any) -> _Shape:
        """The shape of model ``cls`` in the walk's version."""
        return _shape(cls, self.rules.number)

    def nil(
        self,
        f: FieldPlan,
        said: object,
        content: bool,
        path: str,
        node: XmlNode | None = None,
        xml_path: str = "",
    ) -> bool:
        """Does ``xsi:nil`` (saying ``said``) make this element of ``f`` ``None``? A fault
        where it says neither true nor false, sits on a list's element, or says true of an
        element with content or of a field that cannot be ``None``."""
        nil = _nil_value(said)
        where, xml_where = path + key_segment(_NIL_KEY), f"{xml_path}/@{NIL}"
        if nil is None:
            message = f"xsi:nil says true or false, not {describe_value(said)}"
            self.fault("type", where, message, node, xml_where)
            return False
        if f.is_list:
            self.fault("type", where, "xsi:nil on a list's element: a list is never nil", node)
            return False
        if not nil:
            return False
        if content:
            self.fault(
                "type", path, "xsi:nil is true, yet the element holds content", node, xml_path
            )
        elif not f.optional:
            message = f"xsi:nil is true, yet {f.attr!r} needs a value (it is not optional)"
            self.fault("missing", path, message, node, xml_path)
        return True

    def unknown_member(
        self,
        f: FieldPlan,
        tag: object,
        path: str,
        node: XmlNode | None = None,
        xml_path: str = "",
    ) -> None:
        """Strict: a discriminator ``tag`` (``None``: absent) that names no member of ``f``."""
        if not self.strict:
            return
        assert f.discriminator is not None
        known = ", ".join(repr(name) for name, _ in f.choices)
        if tag is None:
            message = f"missing discriminator {f.discriminator!r}: expected one of {known}"
            self.add("missing", path, message, node, xml_path)
        else:
            where = path + key_segment("@" + f.discriminator)
            shown = repr(tag) if isinstance(tag, str) else describe_value(tag)
            message = f"unknown {f.discriminator} {shown}: the union declares {known}"
            self.add("unknown", where, message, node, f"{xml_path}/@{f.discriminator}")

    def check_urls(
        self, rule: VersionUrls, urls: list[str], path: str, node: XmlNode | None, xml_path: str
    ) -> None:
        named = rule.versions(urls)
        if named and self.rules.number not in named:
            names = ", ".join(f"v{n}" for n in sorted(named))
            self.add(
                "shape",
                path,
                f"the URLs name API {names}: this payload is written for {names}, "
                f"not v{self.rules.number}",
                node,
                xml_path,
            )


# --------------------------------------------------------------------------- XML


def _element_end(data: bytes, start: int, end_tag: int) -> int:
    """The offset just past the element whose start tag is at ``start`` and whose end tag (if
    it has one: ``<a/>`` is its own end) is at ``end_tag``."""
    head_end = tag_end(data, start)
    return head_end if data[head_end - 2 : head_end] == b"/>" else tag_end(data, end_tag)


class _Limit(Exception):
    pass


# What the plan expects of an element, by its parent's context: a context is a model plan,
# a wrapper field, _LEAF (scalar text: any element inside is wrong, the first one is enough to
# say so) or _OPAQUE (not read at all).
_LEAF: Final = "leaf"
_OPAQUE: Final = "opaque"


@once
def _read_as(key: Any) -> dict[str, FieldPlan]:
    """The field each child element of a model is read by. Where fields of disjoint versions
    share a name (a shape that changed, `versions=`), the one with a structure (a model, a
    wrapper) reads the element, whatever the version: its elements are kept, and its text too
    (`_text_kept`), so that a version reading it as a value finds its text whole, and reports
    an element in it as before."""
    fields: dict[str, FieldPlan] = {}
    for f in plan_for(key).children:
        for name in f.names:
            known = fields.get(name)
            if known is None or _structure(f) > _structure(known):
                fields[name] = f
    return fields


def _structure(f: FieldPlan) -> int:
    """How much of an element ``f`` reads: a model's or a wrapper of models' (2), a wrapper of
    values' (1), a value's (0)."""
    if f.scalar is ScalarKind.MODEL:
        return 2
    return 1 if f.kind is WireKind.WRAPPED else 0


def _context(parent: Any, name: str, attributes: list[str]) -> Any:
    """What element ``name`` (with ``attributes``, flat) is read as inside ``parent``'s."""
    if isinstance(parent, ModelPlan):
        if parent.text is not None:
            return _LEAF  # a text() model holds no elements: the first is reported
        f = _read_as(parent.key).get(name)
        if f is None:
            return _OPAQUE
        if f.kind is WireKind.WRAPPED:
            return f
        if f.choices:  # the member its name or its discriminator names
            pairs = dict(zip(attributes[::2], attributes[1::2], strict=True))
            tag = name if f.discriminator is None else pairs.get(f.discriminator)
            member = _choose(f, tag)
            return _OPAQUE if member is None else plan_for(member)
    elif isinstance(parent, FieldPlan):
        if name != parent.item:
            return _OPAQUE
        f = parent
    else:
        return _OPAQUE
    return plan_for(f.type) if f.scalar is ScalarKind.MODEL else _LEAF


@once
def _text_kept(key: Any) -> tuple[frozenset[str], frozenset[tuple[str, str]]]:
    """What a model's children read as a model in some versions and as a value in others (a
    field whose shape changed, `versions=`): the names of such children, and the (wrapper,
    item) names of such items of its wrappers. Their text is kept whole wherever they stand,
    as a value's is, since the reading does not know the version; a model's reading ignores
    the blank text between its elements."""
    plan = plan_for(key)
    values: set[str] = set()
    models: set[str] = set()
    value_items: set[tuple[str, str]] = set()
    model_items: set[tuple[str, str]] = set()
    for f in plan.children:
        if f.choices:
            continue
        model = f.scalar is ScalarKind.MODEL and plan_for(f.type).text is None
        if f.kind is WireKind.WRAPPED:
            (model_items if model else value_items).add((f.name, f.item or ""))
        else:
            (models if model else values).update(f.names)
    return frozenset(values & models), frozenset(value_items & model_items)


def _shared_with_a_value(context: Any, name: str, grand: Any) -> bool:
    """True where element ``name``, read as a model in ``context`` (a model, or a wrapper
    whose parent is the model ``grand``), is a value in other versions (`_text_kept`)."""
    if context.__class__ is ModelPlan:
        return name in _text_kept(context.key)[0]
    if context.__class__ is FieldPlan and grand.__class__ is ModelPlan:
        return (context.name, name) in _text_kept(grand.key)[1]
    return False


def parse_xml(
    data: bytes | str,
    plan: ModelPlan | None,
    limits: Limits = DEFAULT_LIMITS,
    *,
    spans: bool = False,
) -> tuple[XmlNode | None, Problem | None, int]:
    """Read XML into `XmlNode`s as ``plan`` expects it; a syntax or limit problem instead.

    Returns the root node, the problem, and how many unexpected elements were left unread
    once `MAX_PROBLEMS` of them had been read (each is one ``unknown`` problem when strict).
    Syntax problems are located by line and column only (path ``$``): a document that does
    not parse has no reliable model path. Limit problems name the open elements. With
    ``spans``, each node also gets the byte offsets of its whole element (of the UTF-8 bytes
    of the input), a run of unexpected siblings is one node spanning them all, and no
    unexpected element is left unread. A ``plan`` of ``None`` expects nothing: the document is
    only read for its syntax and limits.
    """
    raw = xml_bytes(as_input(data))
    if not isinstance(raw, bytes):
        return None, raw, 0
    parser = expat_parser()
    parser.buffer_text = True
    parser.ordered_attributes = True
    root: XmlNode | None = None
    # Open elements: (node or None where not read, context of its children, whether all of
    # its text is read: a value's, or an unexpected element's)
    stack: list[tuple[XmlNode | None, Any, bool]] = []
    names: list[str] = []
    dropped = 0
    opaque_read = 0

    def start(name: str, attributes: list[str]) -> None:
        nonlocal root, dropped, opaque_read
        if len(stack) >= limits.max_depth:
            raise _Limit([*names, name], limits.depth_message())
        if len(attributes) > 2 * limits.max_attributes:
            raise _Limit([*names, name], limits.attributes_message(len(attributes) // 2))
        names.append(name)
        if stack:
            parent, context, _ = stack[-1]
            if parent is None or context is _OPAQUE:
                stack.append((None, _OPAQUE, False))
                return
            child_context = _context(context, name, attributes)
            if child_context is _OPAQUE or context is _LEAF:
                child_context = _OPAQUE
                siblings = parent.children
                if context is _LEAF and siblings:
                    stack.append((None, _OPAQUE, False))  # the first one says it all
                    return
                if spans and siblings and siblings[-1].opaque:
                    # A run of unexpected siblings is kept as one span: this one's end ends it.
                    stack.append((None, ("run", parser.CurrentByteIndex), False))
                    return
                if not spans and opaque_read > MAX_PROBLEMS:
                    dropped += 1
                    stack.append((None, _OPAQUE, False))
                    return
                opaque_read += 1
        else:
            context = None
            child_context = plan if plan is not None and name == plan.root else _OPAQUE
        opaque = child_context is _OPAQUE
        node = XmlNode(
            name,
            dict(zip(attributes[::2], attributes[1::2], strict=True)),
            parser.CurrentLineNumber,
            parser.CurrentColumnNumber + 1,
            start=parser.CurrentByteIndex,
            opaque=opaque,
        )
        if stack:
            stack[-1][0].children.append(node)  # type: ignore[union-attr]  # parent read
        else:
            root = node
        whole = (
            opaque
            or child_context is _LEAF
            or (
                child_context.__class__ is ModelPlan
                and (
                    child_context.text is not None
                    or _shared_with_a_value(context, name, stack[-2][1] if len(stack) > 1 else None)
                )
            )
        )
        stack.append((node, child_context, whole))

    def end(_name: str) -> None:
        node, context, _ = stack.pop()
        names.pop()
        if node is None:
            if context.__class__ is tuple:  # the last of a run so far
                run = stack[-1][0].children[-1]  # type: ignore[union-attr]  # its parent was read
                run.end = _element_end(raw, context[1], parser.CurrentByteIndex)
        elif spans:
            node.end = _element_end(raw, node.start, parser.CurrentByteIndex)

    def text(piece: str) -> None:
        if not stack:
            return
        node, _, whole = stack[-1]
        if node is None:
            return
        if whole:
            node.texts.append(piece)
        elif not node.texts and piece.strip():
            node.texts.append(piece)  # stray text: the first piece is what a check reports

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    try:
        parser.Parse(raw, True)
    except Doctype:
        line, column = parser.CurrentLineNumber, parser.CurrentColumnNumber + 1
        return None, Problem("syntax", "$", DOCTYPE_MESSAGE, None, line, column), 0
    except _Limit as exc:
        open_elements, message = exc.args
        path = "$" + "".join(key_segment(n) for n in open_elements)
        line, column = parser.CurrentLineNumber, parser.CurrentColumnNumber + 1
        xml_path = "/" + "/".join(open_elements)
        return None, Problem("limit", path, message, xml_path, line, column), 0
    except expat.ExpatError as exc:
        message = f"malformed XML: {expat.ErrorString(exc.code)}"
        return None, Problem("syntax", "$", message, None, exc.lineno, exc.offset + 1), 0
    return root, None, dropped


def document_problem(data: bytes | str, limits: Limits = DEFAULT_LIMITS) -> Problem | None:
    """The syntax or limit problem of an XML document, if it has one: what the reference
    reader reports before anything else (no model path is reliable in a document that does
    not parse). The streaming reader asks it when a value stops it, since the rest of the
    document may hold such a problem.

    A lean reading: one Python call per start tag (the limits), none per end tag or text; a
    limit it meets is located by `parse_xml`, which names the open elements in order.
    """
    raw = xml_bytes(as_input(data))
    if not isinstance(raw, bytes):
        return raw
    parser = expat_parser()
    parser.ordered_attributes = True
    open_elements: list[str] = []
    deepest, most = limits.max_depth, 2 * limits.max_attributes

    def start(name: str, attributes: list[str]) -> None:
        if len(open_elements) >= deepest or len(attributes) > most:
            raise _Limit
        open_elements.append(name)

    parser.StartElementHandler = start
    # Depth is all that counts here: which of the open names goes is no matter.
    parser.EndElementHandler = open_elements.remove
    try:
        parser.Parse(raw, True)
    except (_Limit, ValueError):
        return parse_xml(data, None, limits)[1]
    except Doctype:
        line, column = parser.CurrentLineNumber, parser.CurrentColumnNumber + 1
        return Problem("syntax", "$", DOCTYPE_MESSAGE, None, line, column)
    except expat.ExpatError as exc:
        message = f"malformed XML: {expat.ErrorString(exc.code)}"
        return Problem("syntax", "$", message, None, exc.lineno, exc.offset + 1)
    return None


class _XmlChecker(_Walk):
    def __init__(
        self,
        strict: bool,
        rules: VersionRules,
        build: bool = False,
        keep: bool = False,
        data: bytes = b"",
    ) -> None:
        super().__init__(strict, rules, build, keep)
        #: the UTF-8 bytes read, of which kept elements are spans
        self.data = data

    def scalar(self, f: FieldPlan, text: str, path: str, node: XmlNode, xml_path: str) -> Any:
        kind = f.vkind
        try:
            value = kind.from_text(text)
        except Fail as fail:
            self.fault(fail.code, path, fail.message, node, xml_path)
            return None
        if self.strict:
            problem = kind.strict_text(text)
            if problem is not None:
                code, message = problem
                self.add(code, path, message, node, xml_path)
        return value

    def leaf(self, f: FieldPlan, node: XmlNode, path: str, xml_path: str) -> Any:
        if self.strict:
            for name in node.attributes:  # a plain value has no attributes
                if not _ignorable(name):
                    where = path + key_segment("@" + name)
                    self.unknown(f"attribute {name!r}", where, node, f"{xml_path}/@{name}")
        if node.children:
            child = node.children[0]
            message = f"expected text, found element <{child.name}>"
            self.fault("type", path, message, child, f"{xml_path}/{child.name}")
            return None
        return self.scalar(f, "".join(node.texts), path, node, xml_path)

    def item(self, f: FieldPlan, node: XmlNode, path: str, xml_path: str) -> Any:
        said = node.attributes.get(NIL)
        if said is not None and _nil_value(said) is not False:  # a list's item is never nil
            self.nil(f, said, False, path, node, xml_path)
            return None
        if f.scalar is ScalarKind.MODEL:
            return self.model(self.shape(f.type), node, path, xml_path)
        return self.leaf(f, node, path, xml_path)

    def single(self, f: FieldPlan, member: Any, node: XmlNode, path: str, xml_path: str) -> Any:
        """The value of the element of single-valued field ``f`` (``member``: the model a
        union's element holds)."""
        said = node.attributes.get(NIL)
        if said is not None:
            content = bool(node.children) or bool("".join(node.texts).strip())
            if self.nil(f, said, content, path, node, xml_path):
                if self.strict:
                    for name in node.attributes:
                        if not _ignorable(name):
                            where = path + key_segment("@" + name)
                            self.unknown(f"attribute {name!r}", where, node, f"{xml_path}/@{name}")
                return None
        if member is not None:
            return self.model(self.shape(member), node, path, xml_path, f.discriminator)
        if f.scalar is ScalarKind.MODEL:
            return self.model(self.shape(f.type), node, path, xml_path)
        return self.leaf(f, node, path, xml_path)

    def unknown(
        self, what: str, path: str, node: XmlNode, xml_path: str, why: str | None = None
    ) -> None:
        if self.strict:
            why = why or "the model declares no such thing"
            self.add("unknown", path, f"unknown {what}: {why}", node, xml_path)

    def stray_text(self, node: XmlNode, path: str, xml_path: str) -> None:
        text = "".join(node.texts)
        if self.strict and text.strip():
            self.add(
                "unknown",
                path,
                f"unexpected text {text.strip()[:40]!r} in <{node.name}>",
                node,
                xml_path,
            )

    def model(
        self, shape: _Shape, node: XmlNode, path: str, xml_path: str, skip: str | None = None
    ) -> Any:
        """The instance of ``shape`` that ``node`` holds (``skip``: the discriminator of the
        union it was chosen by, read already)."""
        values = shape.start()
        attributes = node.attributes
        for slot, f in shape.attributes:  # declared order, as the decoders read them
            text = attributes.get(f.name)
            if text is not None:
                where, xml_where = path + shape.segments[slot], f"{xml_path}/@{f.name}"
                values[slot] = self.scalar(f, text, where, node, xml_where)
        if self.strict:
            for name in attributes:
                if name not in shape.attribute_names and not _ignorable(name) and name != skip:
                    where = path + key_segment("@" + name)
                    self.unknown(
                        f"attribute {name!r}",
                        where,
                        node,
                        f"{xml_path}/@{name}",
                        shape.undeclared("@" + name),
                    )
            rule = shape.urls
            if rule is not None:
                urls = [attributes[k] for k in rule.names if k in attributes]
                self.check_urls(rule, urls, path, node, xml_path)
        if shape.text is not None:
            slot, text_field = shape.text
            if node.children:
                child = node.children[0]
                self.fault(
                    "type",
                    path,
                    f"expected text, found element <{child.name}>",
                    child,
                    f"{xml_path}/{child.name}",
                )
            else:
                content = "".join(node.texts)
                if content or not text_field.optional:  # an empty optional text() is None
                    where = path + shape.segments[slot]
                    values[slot] = self.scalar(text_field, content, where, node, xml_path)
        else:
            self.stray_text(node, path, xml_path)
        keep = self.keep
        elements: list[tuple[str | None, str]] = []
        leaves: list[tuple[str, int, tuple[tuple[str, str], ...]]] = []
        previous: str | None = None
        last = {child.name: i for i, child in enumerate(node.children)} if keep else {}
        children = shape.children
        seen: dict[int, int] = {}
        for i, child in enumerate(node.children):
            name = child.name
            found = children.get(name)
            if found is None:
                if keep:  # a run of unknown siblings, as its exact bytes
                    elements.append((previous, self.data[child.start : child.end].decode()))
                if self.strict:
                    where = path + key_segment(name)
                    self.unknown(
                        f"element <{name}>",
                        where,
                        child,
                        f"{xml_path}/{name}",
                        shape.undeclared(name),
                    )
                continue
            slot, f = found
            member = None
            if f.choices:
                by_name = f.discriminator is None
                tag = name if by_name else child.attributes.get(f.discriminator or "")
                member = _choose(f, tag)
                if member is None:  # content no member declares: unknown, kept as such
                    if keep:
                        elements.append((previous, self.data[child.start : child.end].decode()))
                    where = path + key_segment(name)
                    self.unknown_member(f, tag, where, child, f"{xml_path}/{name}")
                    continue
            previous = name
            count = seen[slot] = seen.get(slot, 0) + 1
            where = path + (key_segment(name) if f.choices else shape.segments[slot])
            if f.kind is WireKind.REPEATED:
                values[slot].append(
                    self.item(f, child, f"{where}[{count - 1}]", f"{xml_path}/{name}[{count}]")
                )
                if keep and child.attributes and f.scalar is not ScalarKind.MODEL:
                    leaves.append((name, count - 1, tuple(child.attributes.items())))
                continue
            if count > 1 and self.strict:
                message = (
                    f"<{name}> holds one value and appears again"
                    if not f.by_name
                    else f"<{name}>: {f.attr!r} holds one of {', '.join(f.names)}, and has one"
                )
                self.add("shape", where, message, child, f"{xml_path}/{name}")
            if f.kind is WireKind.WRAPPED:
                items = values[slot]
                start = len(items)  # a wrapper given twice: its items run on
                self.wrapper(f, child, items, where, f"{xml_path}/{name}")
                if keep:
                    if child.attributes:
                        leaves.append((name, -1, tuple(child.attributes.items())))
                    if f.scalar is not ScalarKind.MODEL:
                        scalars = (c for c in child.children if c.name == f.item)
                        leaves += (
                            (name, start + n, tuple(c.attributes.items()))
                            for n, c in enumerate(scalars)
                            if c.attributes
                        )
                continue
            # A single value given twice: the last is kept, with what it kept.
            values[slot] = self.single(f, member, child, where, f"{xml_path}/{name}")
            if f.scalar is ScalarKind.VALUE and keep and child.attributes and i == last[name]:
                leaves.append((name, 0, tuple(child.attributes.items())))
        for slot, f, _, segment in shape.slots:
            value = values[slot]
            if value is _MISSING:
                self.fault("missing", path + segment, _missing_value(f), node, xml_path)
            elif f.nonempty and self.strict and not value:
                self.add("missing", path + segment, missing_list(f), node, xml_path)
        kept = None
        if keep:
            written = shape.written if skip is None else shape.written | {skip}
            extra = tuple((k, v) for k, v in attributes.items() if k not in written)
            if extra or elements or leaves:
                kept = Kept("xml", extra, tuple(elements), leaves=tuple(leaves))
        return self.construct(shape, values, kept, path, node, xml_path)

    def wrapper(
        self, f: FieldPlan, node: XmlNode, items: list[Any], path: str, xml_path: str
    ) -> None:
        """Read the items of wrapper ``node`` onto ``items`` (which may hold those of the same
        wrapper given before: indices run on)."""
        said = node.attributes.get(NIL)
        if said is not None:
            self.nil(f, said, False, path, node, xml_path)
        if self.strict:
            self.stray_text(node, path, xml_path)
            for name in node.attributes:
                if not _ignorable(name):
                    where = path + key_segment("@" + name)
                    self.unknown(f"attribute {name!r}", where, node, f"{xml_path}/@{name}")
        item = f.item
        assert item is not None
        segment = key_segment(item)
        for child in node.children:
            if child.name != item:
                where = path + key_segment(child.name)
                self.unknown(f"element <{child.name}>", where, child, f"{xml_path}/{child.name}")
                continue
            index = len(items)
            where = f"{path}{segment}[{index}]"
            items.append(self.item(f, child, where, f"{xml_path}/{item}[{index + 1}]"))


def check_xml(
    root: XmlNode,
    plan: ModelPlan,
    rules: VersionRules,
    strict: bool,
    build: bool = False,
    keep: bool = False,
    data: bytes = b"",
) -> _XmlChecker:
    """Walk a parsed XML payload of ``plan``'s type for one version: its problems, and its
    value (``walk.value``) when ``build`` is asked (with kept content: ``keep``, ``data``
    the UTF-8 bytes parsed with spans)."""
    walk = _XmlChecker(strict, rules, build, keep, data)
    assert plan.root is not None
    if root.name != plan.root:
        message = f"expected root element {plan.root!r}, found {root.name!r}"
        walk.fault("root", "$", message, root, "/" + root.name)
    else:
        path, xml_path = "$" + key_segment(root.name), "/" + root.name
        said = root.attributes.get(NIL)
        if said is not None and _nil_value(said) is not False:
            message = f"xsi:nil on the payload's root {describe_value(said)}: the root is never nil"
            walk.fault("type", path + key_segment(_NIL_KEY), message, root, f"{xml_path}/@{NIL}")
        walk.value = walk.model(walk.shape(plan.key), root, path, xml_path)
    return walk


# --------------------------------------------------------------------------- JSON


_NULL: Final = "null: no version writes null (an absent value is left out)"
_EMPTY_LIST: Final = "an empty list: no version writes one (an empty list is left out)"


class _JsonChecker(_Walk):
    #: keys a sparse reading left out of its objects, by the object's id (see `_sparse`): each
    #: one more unknown key, past the `MAX_PROBLEMS` the object holds, so only counted
    dropped: dict[int, int]

    def scalar(self, f: FieldPlan, value: Any, path: str) -> Any:
        kind = f.vkind
        if value.__class__ is NegativeZero:  # the exact reading's -0 (kept content): 0
            value = 0
        try:
            out = kind.from_json(value)
        except Fail as fail:
            self.fault(fail.code, path + "".join(reversed(fail.segments)), fail.message)
            return None
        if self.strict:
            as_text = attribute_as_text(self.rules, f)
            problem = kind.strict_json(value, as_text, self.rules.number)
            if problem is not None:
                code, message = problem
                self.add(code, path, message)
        return out

    def item(self, f: FieldPlan, value: Any, path: str) -> Any:
        if type(value) is dict and _NIL_KEY in value and _nil_value(value[_NIL_KEY]) is not False:
            self.nil(f, value[_NIL_KEY], False, path)  # a list's item is never nil
            return None
        if f.scalar is ScalarKind.MODEL:
            return self.model(self.shape(f.type), value, path)
        return self.scalar(f, value, path)

    def single(self, f: FieldPlan, member: Any, value: Any, path: str) -> Any:
        """The value of single-valued field ``f`` (``member``: the model a union's element
        holds)."""
        if type(value) is dict and _NIL_KEY in value:
            content = any(k != _NIL_KEY and not _silent(k) for k in value)
            if self.nil(f, value[_NIL_KEY], content, path):
                return None
        if f.choices and member is None:  # said wrong (a fault): no member to read
            return None
        if member is not None:
            skip = None if f.discriminator is None else "@" + f.discriminator
            return self.model(self.shape(member), value, path, skip)
        return self.item(f, value, path)

    def union(self, f: FieldPlan, value: dict[str, Any], path: str, unread: set[str]) -> Any:
        """The value of union field ``f`` in object ``value`` (``_MISSING`` where a required
        one has none); the key of a member no choice names goes to ``unread`` (kept as the
        content the model does not declare)."""
        strict = self.strict
        if f.discriminator is None:
            given = [k for k in value if k in f.names]
            present = [k for k in given if value[k] is not None]
            if strict and len(given) > len(present):
                self.add("shape", path + key_segment(given[0]), _NULL)
            if not present:
                return _MISSING if f.required else None
            if strict and len(present) > 1:
                message = (
                    f"{f.attr!r} holds one of {', '.join(map(repr, f.names))}: found "
                    f"{', '.join(map(repr, present))}"
                )
                self.add("shape", path + key_segment(present[-1]), message)
            key = present[-1]  # the last, as for a single value given twice
            return self.single(f, _choose(f, key), value[key], path + key_segment(key))
        key = f.json_key
        raw = value.get(key)
        where = path + key_segment(key)
        if raw is None:
            if strict and key in value:
                self.add("shape", where, _NULL)
            return _MISSING if f.required else None
        if type(raw) is not dict:
            self.fault("type", where, type_fail("an object", raw, None).message)
            return None
        if _NIL_KEY in raw and _nil_value(raw[_NIL_KEY]) is not False:
            return self.single(f, None, raw, where)
        tag = raw.get("@" + f.discriminator)
        member = _choose(f, tag)
        if member is None:
            self.unknown_member(f, tag, where)
            unread.add(key)
            return _MISSING if f.required else None
        return self.single(f, member, raw, where)

    def items(self, f: FieldPlan, value: Any, path: str) -> list[Any]:
        """The items of a list field's value: an array, or one collapsed item."""
        one_is_the_item = collapses(self.rules, f)
        if type(value) is list:
            if self.strict and one_is_the_item and len(value) == 1:
                self.add(
                    "shape",
                    path,
                    f"a one-item array: legal in v2+, not in v{self.rules.number}"
                    f", which writes a single item as the item itself",
                )
            return [self.item(f, item, f"{path}[{i}]") for i, item in enumerate(value)]
        if self.strict and not one_is_the_item:
            why = (
                "this list is always an array"
                if f.always_array
                else f"legal in v1, not in v{self.rules.number}"
            )
            self.add("shape", path, f"a single item not in an array: {why}")
        return [self.item(f, value, path)]

    def model(self, shape: _Shape, value: Any, path: str, skip: str | None = None) -> Any:
        """The instance of ``shape`` that ``value`` holds (``skip``: the discriminator key of
        the union it was chosen by, read already)."""
        if type(value) is not dict:
            self.fault("type", path, type_fail("an object", value, None).message)
            return None
        strict = self.strict
        rule = shape.urls
        if rule is not None and strict:
            urls = [v for k in rule.names if type(v := value.get("@" + k)) is str]
            self.check_urls(rule, urls, path, None, "")
        values = shape.start()
        # Declared order, as the decoder reads them: each field's value read through before
        # the next, a missing one where it is declared.
        unread: set[str] = set()
        for slot, f, key, segment in shape.slots:
            if f.choices:
                values[slot] = self.union(f, value, path, unread)
                if values[slot] is _MISSING:
                    self.fault("missing", path + segment, _missing_value(f))
                continue
            raw = value.get(key)
            if raw is None:
                if f.is_list:
                    if strict and f.nonempty:  # absent or null
                        self.add("missing", path + segment, missing_list(f))
                    elif strict and key in value:
                        self.add("shape", path + segment, _NULL)
                elif f.required:
                    self.fault("missing", path + segment, f"missing required value {key!r}")
                elif strict and key in value:
                    self.add("shape", path + segment, _NULL)
            elif not f.is_list:
                values[slot] = self.single(f, None, raw, path + segment)
            else:
                items = self.list_field(f, raw, path + segment)
                if items is not None:
                    values[slot] = items
                    if not items and strict and f.nonempty:
                        self.add("missing", path + segment, missing_list(f))
        kept: Kept | None = None
        keys = shape.keys
        if strict:  # then what the model does not declare
            for key in value:
                if key not in keys and key != skip and key != _NIL_KEY and not _silent(key):
                    message = f"unknown key {key!r}: {shape.undeclared(key)}"
                    self.add("unknown", path + key_segment(key), message)
            if self.dropped:
                self.more += self.dropped.get(id(value), 0)
        if self.keep:  # each with the known key it followed
            found: list[tuple[str | None, str, Any]] = []
            previous: str | None = None
            for key, raw in value.items():
                if key in keys and key not in unread:
                    previous = key
                elif key != skip:
                    found.append((previous, key, raw))
            if found:
                kept = Kept("json", keys=tuple(found))
        return self.construct(shape, values, kept, path)

    def list_field(self, f: FieldPlan, raw: Any, path: str) -> list[Any] | None:
        """The items of a list field's (non-null) value; ``None`` where it is not a list."""
        if raw == []:
            if self.strict and not f.nonempty:  # else missing, said by the caller
                self.add("shape", path, _EMPTY_LIST)
            return []
        if f.kind is WireKind.REPEATED:
            return self.items(f, raw, path)
        if raw == "":  # an empty wrapper as v1 writes it (see `_versions`)
            if self.strict and not empty_wrapper_text(self.rules):
                message = f'an empty wrapper written "": legal in v1, not in v{self.rules.number}'
                self.add("shape", path, message)
            return []
        if type(raw) is not dict:
            message = type_fail(f"an object holding {f.item!r} items", raw, None).message
            self.fault("type", path, message)
            return None
        assert f.item is not None
        if self.strict:
            for key in raw:
                if key != f.item:
                    self.add(
                        "unknown",
                        path + key_segment(key),
                        f"unknown key {key!r}: the wrapper holds only {f.item!r}",
                    )
            if self.dropped:
                self.more += self.dropped.get(id(raw), 0)
        items = raw.get(f.item)
        if items is None or items == []:
            if self.strict and not f.nonempty:  # else missing, said by the caller
                where = path if items is None else path + key_segment(f.item)
                self.add("shape", where, _EMPTY_LIST)
            return []
        return self.items(f, items, path + key_segment(f.item))


def check_json(
    doc: Any,
    plan: ModelPlan,
    rules: VersionRules,
    strict: bool,
    build: bool = False,
    keep: bool = False,
    dropped: dict[int, int] | None = None,
) -> _JsonChecker:
    """Walk a parsed JSON payload of ``plan``'s type for one version: its problems, and its
    value (``walk.value``) when ``build`` is asked (with kept content: ``keep``). ``doc`` may
    be a sparse reading (`_sparse`), with the keys it ``dropped``."""
    walk = _JsonChecker(strict, rules, build, keep)
    walk.dropped = dropped or {}
    root = plan.root
    assert root is not None
    if type(doc) is not dict or root not in doc:
        found = (
            "keys " + ", ".join(repr(k) for k in doc)
            if isinstance(doc, dict) and doc
            else describe_value(doc)
        )
        walk.fault("root", "$", f"expected an object with the key {root!r}, found {found}")
        return walk
    if strict:
        for key in doc:
            if key != root:
                walk.add(
                    "unknown",
                    "$" + key_segment(key),
                    f"unknown key {key!r} beside the root {root!r}",
                )
    value, path = doc[root], "$" + key_segment(root)
    if type(value) is dict and _NIL_KEY in value and _nil_value(value[_NIL_KEY]) is not False:
        said = describe_value(value[_NIL_KEY])
        walk.fault(
            "type",
            path + key_segment(_NIL_KEY),
            f"xsi:nil on the payload's root {said}: the root is never nil",
        )
    walk.value = walk.model(walk.shape(plan.key), value, path)
    return walk


# --------------------------------------------------------------------------- JSON: a sparse reading


@once
def _object_plan(cls: type[Any]) -> ObjectPlan:
    shape = _shape(cls)
    urls = frozenset("@" + name for name in shape.urls.names) if shape.urls else frozenset()
    fields = {key: f for _, f, key, _ in shape.slots}
    return ObjectPlan(fields, urls - fields.keys(), _silent)


def _silent(key: str) -> bool:
    return is_namespace_declaration(key[1:] if key[:1] == "@" else "")


def json_sparse(
    data: bytes | str, roots: dict[str, type[Any]], limits: Limits = DEFAULT_LIMITS
) -> SparseJson | None:
    """The sparse reading of ``data`` (`_sparse`) where it pays (`sparse_pays`): each root
    key's value read by its model's plan; else ``None`` (read it with `parse_json`)."""
    if not sparse_pays(data, limits):
        return None
    return read_sparse(data, roots, _object_plan)


# --------------------------------------------------------------------------- JSON: a second reading


class _Pairs(list[tuple[str, Any]]):
    """An object as its key/value pairs, repeats kept (only objects worth a second look)."""


#: What the second reading makes of what needs no second look: plain objects, numbers.
_PLAIN: Final = 0
_NEGATIVE_ZERO: Final = object()


def _number(text: str) -> object:
    return _NEGATIVE_ZERO if text == "-0" else _PLAIN


def _worth_keeping(value: object) -> bool:
    if value is _NEGATIVE_ZERO or value.__class__ is _Pairs:
        return True
    return isinstance(value, list) and any(map(_worth_keeping, value))


def _pairs(pairs: list[tuple[str, Any]]) -> object:
    """Keep an object only if it repeats a key or holds something kept."""
    if len({key for key, _ in pairs}) != len(pairs) or any(
        _worth_keeping(value) for _, value in pairs
    ):
        return _Pairs(pairs)
    return _PLAIN


def _pairs_of(data: bytes | str) -> Any:
    return json.loads(
        data,
        object_pairs_hook=_pairs,
        parse_int=_number,
        parse_float=_number,
        parse_constant=_number,
    )


def _second_reading(data: bytes | str) -> list[Problem]:
    """What orjson's reading hides and strict checking refuses: a key an object repeats
    (orjson keeps the last silently) and ``-0`` (read as 0; no writer writes it, and XML
    refuses it). A second reading by the standard library, which keeps only the objects
    and arrays that hold such a thing, so that its memory stays small."""
    if isinstance(data, str):  # the standard library refuses a text that starts with a BOM
        data = data.removeprefix("\ufeff")
    try:  # orjson read it: with room for its nesting, which the interpreter's default is not
        doc = with_room(JSON_DEPTH, _pairs_of, data)
    except (ValueError, TooDeep):
        return []
    found: list[tuple[str, Problem]] = []
    pending: list[tuple[Any, str]] = [(doc, "$")]
    while pending:
        value, path = pending.pop()
        if value is _NEGATIVE_ZERO:
            message = "found -0, a negative zero written as an integer: no version writes one"
            found.append((path, Problem("type", path, message)))
        elif value.__class__ is _Pairs:
            seen: set[str] = set()
            for key, item in value:
                where = path + key_segment(key)
                if key in seen:
                    message = (
                        f"the key {key!r} appears again in its object: "
                        "lenient decoding keeps the last value"
                    )
                    found.append((where, Problem("shape", where, message)))
                seen.add(key)
                pending.append((item, where))
        elif value.__class__ is list:
            pending.extend((item, f"{path}[{i}]") for i, item in enumerate(value))
    return [problem for _, problem in sorted(found, key=lambda pair: pair[0])]


# --------------------------------------------------------------------------- entry points


@attrs.frozen
class Reading:
    """What the reference reader makes of one payload, for one version.

    ``problems`` are those of the mode asked (lenient, strict, or the unknown content that
    ``unknown="error"`` refuses), at most `MAX_PROBLEMS` and one more counting the rest;
    ``decodes`` says that lenient decoding accepts the payload, and ``value`` is then what it
    decodes to (``None`` otherwise, or where no value was asked for), with its kept content
    under ``unknown="keep"``.
    """

    value: Any
    problems: tuple[Problem, ...]
    decodes: bool


_UNKNOWN: Final = ("ignore", "keep", "error")


def read(
    data: bytes | str,
    cls_or_plan: type[Any] | ModelPlan,
    version: int | str,
    fmt: str,
    *,
    strict: bool = False,
    unknown: str = "ignore",
    limits: Limits = DEFAULT_LIMITS,
    build: bool = True,
) -> Reading:
    """Read ``data`` as a payload of a top-level model in one API version and format: its
    value, its problems and, under ``unknown="keep"``, its kept content, in one walk of the
    parsed payload (see the module documentation). ``build=False`` leaves the value out, for
    problems alone."""
    plan = cls_or_plan if isinstance(cls_or_plan, ModelPlan) else plan_for(cls_or_plan)
    if unknown not in _UNKNOWN:
        raise ArgumentError(f"unknown={unknown!r}: expected 'ignore', 'keep' or 'error'")
    if fmt not in FORMATS:
        raise ArgumentError(f"unknown format {fmt!r}: expected 'xml' or 'json'")
    keep = unknown == "keep" and build
    if keep and strict:
        # The kept reading reads runs of unknown siblings as one span, where strict checking
        # reports each: the problems come from a reading of their own.
        checked = read(data, plan, version, fmt, strict=True, limits=limits, build=False)
        if not checked.decodes:
            return checked
        kept = read(data, plan, version, fmt, unknown="keep", limits=limits)
        return Reading(kept.value, checked.problems, kept.decodes)
    rules = VERSIONS[parse_version(version)]
    walks = _walks(data, plan, (rules,), fmt, strict or unknown == "error", limits, build, keep)
    walk = walks[rules.number]
    problems = walk.finish()
    if unknown == "error" and not strict:  # the unknown content, else what lenient refuses
        problems = [p for p in problems if p.code == "unknown"] or walk.finish_faults()
    return Reading(walk.value if walk.decodes else None, tuple(problems), walk.decodes)


def decode_reference(
    data: bytes | str,
    cls: type[Any],
    version: int | str,
    fmt: str,
    *,
    strict: bool = False,
    unknown: str = "ignore",
    limits: Limits = DEFAULT_LIMITS,
) -> Any:
    """Decode through the reference reader alone: the value, or `DecodeError` with every
    problem of the mode (tests hold the generated decoders to it)."""
    reading = read(data, cls, version, fmt, strict=strict, unknown=unknown, limits=limits)
    if reading.problems:
        raise DecodeError(reading.problems)
    return reading.value


def problems_of(
    data: bytes | str,
    plan: ModelPlan,
    rules: VersionRules,
    fmt: str,
    strict: bool,
    limits: Limits = DEFAULT_LIMITS,
) -> list[Problem]:
    """Parse ``data`` and collect its problems as a payload of ``plan``, for one version:
    at most `MAX_PROBLEMS` of them, and one more counting the rest."""
    return problems_by_version(data, plan, (rules,), fmt, strict, limits)[rules.number]


def problems_by_version(
    data: bytes | str,
    plan: ModelPlan,
    versions: tuple[VersionRules, ...],
    fmt: str,
    strict: bool,
    limits: Limits = DEFAULT_LIMITS,
) -> dict[int, list[Problem]]:
    """`problems_of` for several versions, parsing ``data`` once."""
    walks = _walks(data, plan, versions, fmt, strict, limits, False, False)
    return {number: walk.finish() for number, walk in walks.items()}


def _failed(versions: tuple[VersionRules, ...], problem: Problem, strict: bool) -> dict[int, _Walk]:
    """A walk per version that found ``problem`` before any model was read."""
    walks: dict[int, _Walk] = {}
    for rules in versions:
        walk = _Walk(strict, rules)
        walk.problems.append(problem)
        if walk.faults is not walk.problems:
            walk.faults.append(problem)
        walks[rules.number] = walk
    return walks


def _walks(
    data: bytes | str,
    plan: ModelPlan,
    versions: tuple[VersionRules, ...],
    fmt: str,
    strict: bool,
    limits: Limits,
    build: bool,
    keep: bool,
) -> dict[int, _Walk]:
    """Parse ``data`` once and walk it for each version."""
    data = as_input(data)
    too_large = limits.too_large(input_size(data))
    if too_large is not None:
        return _failed(versions, too_large, strict)
    found: dict[int, _Walk] = {}
    if fmt == "json":
        # A union's objects, and xsi:nil's, are read whole: not sparsely.
        whole = keep or reference_only(plan.key) or holds_nil(data)
        sparse = None if whole else json_sparse(data, {plan.root or "": plan.cls}, limits)
        doc: Any
        if sparse is not None:
            doc, dropped = sparse.doc, sparse.dropped
        else:
            doc, syntax = parse_json(data, limits)
            if syntax is not None:
                return _failed(versions, syntax, strict)
            dropped = {}
        if keep:
            # Integers exact however long, and -0 as written: kept content writes them back
            # (orjson's reading let go first: one document held, and scanned by the
            # garbage collector, at a time).
            doc = None
            doc = exact_json(data)
            if not isinstance(doc, dict) or plan.root not in doc:
                doc, _ = parse_json(data, limits)  # nested past the standard library's reach
        # The second reading finds repeated keys and -0; a sparse reading says if it will.
        second = _second_reading(data) if strict and (sparse is None or sparse.suspect) else []
        for rules in versions:
            read_json = with_room(
                limits.max_depth, check_json, doc, plan, rules, strict, build, keep, dropped
            )
            for problem in second:
                read_json.add(problem.code, problem.path, problem.message)
            found[rules.number] = read_json
        return found
    root, syntax, unread = parse_xml(data, plan, limits, spans=keep)
    if syntax is not None or root is None:
        return _failed(versions, syntax or Problem("syntax", "$", "no element found"), strict)
    # The bytes parse_xml read (a str as its UTF-8, whatever it declares): kept elements are
    # spans of them.
    raw = xml_bytes(data) if keep else b""
    assert isinstance(raw, bytes)  # it parsed
    for rules in versions:
        read_xml = with_room(
            limits.max_depth, check_xml, root, plan, rules, strict, build, keep, raw
        )
        if strict:
            read_xml.more += unread  # each an unknown element
        found[rules.number] = read_xml
    return found
