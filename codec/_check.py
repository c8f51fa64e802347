"""Problem collection: every problem of a payload, with its location, for one version.

The decoders stop at the first problem and know only what lenient decoding refuses. This
module walks a parsed payload against the model's plan and collects all of them, in document
order, in one of two modes:

* lenient: exactly what the lenient decoders refuse (``syntax``, ``root``, ``type``,
  ``range``, ``enum`` for closed enums, ``missing`` required scalars), so that "no problems"
  means "a client decoding leniently will accept this";
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

Paths are JSON-path style for both formats; for XML every list item has its index, for JSON a
collapsed single item has none (that is where it is). XML problems also carry the element path
(1-based indices, XPath style) and the line and column of the element's start tag, or of its
parent's for a missing value.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any, Final, Protocol
from xml.parsers import expat

from ._errors import Problem, describe_value
from ._fields import WireKind
from ._limits import DEFAULT_LIMITS, MAX_PROBLEMS, Limits, more_problems, with_room
from ._parse import (
    DOCTYPE_MESSAGE,
    Doctype,
    XmlNode,
    as_input,
    expat_parser,
    parse_json,
    tag_end,
    xml_bytes,
)
from ._plan import FieldPlan, ModelPlan, ScalarKind, missing_list, plan_for
from ._values import (
    Fail,
    key_segment,
    type_fail,
)
from ._versions import VersionRules, attribute_as_text, collapses

__all__ = [
    "VersionUrls",
    "XmlNode",
    "check_json",
    "check_xml",
    "parse_json",
    "parse_xml",
    "problems_of",
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


class _Collector:
    """Problems of one walk, and the mode it runs in."""

    def __init__(self, strict: bool, rules: VersionRules) -> None:
        self.strict = strict
        self.rules = rules
        self.problems: list[Problem] = []
        #: problems found past MAX_PROBLEMS, counted, not kept
        self.more = 0

    def finish(self) -> list[Problem]:
        """The problems, and one counting those past `MAX_PROBLEMS` if there were any."""
        if self.more:
            return [*self.problems, more_problems(self.more)]
        return self.problems

    def add(
        self,
        code: str,
        path: str,
        message: str,
        node: XmlNode | None = None,
        xml_path: str | None = None,
    ) -> None:
        if len(self.problems) >= MAX_PROBLEMS:
            self.more += 1
            return
        if node is None:
            self.problems.append(Problem(code, path, message))
        else:
            self.problems.append(Problem(code, path, message, xml_path, node.line, node.column))

    def check_urls(
        self, rule: VersionUrls, urls: list[str], path: str, node: XmlNode | None, xml_path: str
    ) -> None:
        named = rule.versions(urls)
        if self.strict and named and self.rules.number not in named:
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


def _context(parent: Any, name: str) -> Any:
    if isinstance(parent, ModelPlan):
        if parent.text is not None:
            return _LEAF  # a text() model holds no elements: the first is reported
        f = next((f for f in parent.children if f.name == name), None)
        if f is None:
            return _OPAQUE
        if f.kind is WireKind.WRAPPED:
            return f
    elif isinstance(parent, FieldPlan):
        if name != parent.item:
            return _OPAQUE
        f = parent
    else:
        return _OPAQUE
    return plan_for(f.type) if f.scalar is ScalarKind.MODEL else _LEAF


def parse_xml(
    data: bytes | str,
    plan: ModelPlan,
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
    of the input), and no unexpected element is left unread.
    """
    raw = xml_bytes(as_input(data))
    if not isinstance(raw, bytes):
        return None, raw, 0
    parser = expat_parser()
    parser.buffer_text = True
    parser.ordered_attributes = True
    root: XmlNode | None = None
    # Open elements: (node or None where not read, context of its children)
    stack: list[tuple[XmlNode | None, Any]] = []
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
            parent, context = stack[-1]
            if parent is None or context is _OPAQUE:
                stack.append((None, _OPAQUE))
                return
            child_context = _context(context, name)
            if child_context is _OPAQUE or context is _LEAF:
                child_context = _OPAQUE
                siblings = parent.children
                if context is _LEAF and siblings:
                    stack.append((None, _OPAQUE))  # the first one says it all
                    return
                if spans and siblings and siblings[-1].opaque:
                    # A run of unexpected siblings is kept as one span: this one's end ends it.
                    stack.append((None, ("run", parser.CurrentByteIndex)))
                    return
                if not spans and opaque_read > MAX_PROBLEMS:
                    dropped += 1
                    stack.append((None, _OPAQUE))
                    return
                opaque_read += 1
        else:
            child_context = plan if name == plan.root else _OPAQUE
        node = XmlNode(
            name,
            dict(zip(attributes[::2], attributes[1::2], strict=True)),
            parser.CurrentLineNumber,
            parser.CurrentColumnNumber + 1,
            start=parser.CurrentByteIndex,
            opaque=child_context is _OPAQUE,
        )
        if stack:
            stack[-1][0].children.append(node)  # type: ignore[union-attr]  # parent read
        else:
            root = node
        stack.append((node, child_context))

    def end(_name: str) -> None:
        node, context = stack.pop()
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
        node, context = stack[-1]
        if node is None:
            return
        if context is _LEAF or node.opaque:
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


class _XmlChecker(_Collector):
    def scalar(self, f: FieldPlan, text: str, path: str, node: XmlNode, xml_path: str) -> None:
        kind = f.vkind
        try:
            kind.from_text(text)
        except Fail as fail:
            self.add(fail.code, path, fail.message, node, xml_path)
            return
        problem = kind.strict_text(text) if self.strict else None
        if problem is not None:
            code, message = problem
            self.add(code, path, message, node, xml_path)

    def leaf(self, f: FieldPlan, node: XmlNode, path: str, xml_path: str) -> None:
        for name in node.attributes:  # a plain value has no attributes
            if not is_namespace_declaration(name):
                where = path + key_segment("@" + name)
                self.unknown(f"attribute {name!r}", where, node, f"{xml_path}/@{name}")
        if node.children:
            child = node.children[0]
            message = f"expected text, found element <{child.name}>"
            self.add("type", path, message, child, f"{xml_path}/{child.name}")
            return
        self.scalar(f, "".join(node.texts), path, node, xml_path)

    def item(self, f: FieldPlan, node: XmlNode, path: str, xml_path: str) -> None:
        if f.scalar is ScalarKind.MODEL:
            self.model(plan_for(f.type), node, path, xml_path)
        else:
            self.leaf(f, node, path, xml_path)

    def unknown(self, what: str, path: str, node: XmlNode, xml_path: str) -> None:
        if self.strict:
            self.add(
                "unknown", path, f"unknown {what}: the model declares no such thing", node, xml_path
            )

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

    def model(self, plan: ModelPlan, node: XmlNode, path: str, xml_path: str) -> None:
        attributes = {f.name: f for f in plan.attributes}
        for name, value in node.attributes.items():
            f = attributes.get(name)
            where, xml_where = path + key_segment("@" + name), f"{xml_path}/@{name}"
            if f is None:
                if not is_namespace_declaration(name):
                    self.unknown(f"attribute {name!r}", where, node, xml_where)
            else:
                self.scalar(f, value, where, node, xml_where)
        rule = None if plan.root is None else version_urls_of(plan.cls)
        if rule is not None:
            urls = [node.attributes[k] for k in rule.names if k in node.attributes]
            self.check_urls(rule, urls, path, node, xml_path)
        text = plan.text
        if text is not None:
            if node.children:
                child = node.children[0]
                self.add(
                    "type",
                    path,
                    f"expected text, found element <{child.name}>",
                    child,
                    f"{xml_path}/{child.name}",
                )
            else:
                content = "".join(node.texts)
                if content or not text.optional:  # an empty optional text() is None
                    self.scalar(text, content, path + key_segment("$"), node, xml_path)
        else:
            self.stray_text(node, path, xml_path)
        children = {f.name: f for f in plan.children}
        seen: dict[str, int] = {}
        for child in node.children:
            f = children.get(child.name)
            where = path + key_segment(child.name)
            if f is None:
                self.unknown(f"element <{child.name}>", where, child, f"{xml_path}/{child.name}")
                continue
            count = seen[child.name] = seen.get(child.name, 0) + 1
            if f.kind is WireKind.REPEATED:
                self.item(f, child, f"{where}[{count - 1}]", f"{xml_path}/{child.name}[{count}]")
                continue
            if count > 1 and self.strict:
                self.add(
                    "shape",
                    where,
                    f"<{child.name}> holds one value and appears again",
                    child,
                    f"{xml_path}/{child.name}",
                )
            if f.kind is WireKind.WRAPPED:
                self.wrapper(f, child, where, f"{xml_path}/{child.name}")
            elif f.scalar is ScalarKind.MODEL:
                self.model(plan_for(f.type), child, where, f"{xml_path}/{child.name}")
            else:
                self.leaf(f, child, where, f"{xml_path}/{child.name}")
        for f in plan.fields:
            where = path + key_segment(f.json_key)
            if f.is_list:
                if self.strict and f.nonempty and not self._has_items(f, node):
                    self.add("missing", where, missing_list(f), node, xml_path)
            elif f.required and f.kind is not WireKind.TEXT:
                present = (
                    (f.name in node.attributes)
                    if f.kind is WireKind.ATTRIBUTE
                    else (f.name in seen)
                )
                if not present:
                    self.add(
                        "missing", where, f"missing required value {f.json_key!r}", node, xml_path
                    )

    @staticmethod
    def _has_items(f: FieldPlan, node: XmlNode) -> bool:
        for child in node.children:
            if child.name != f.name:
                continue
            if f.kind is WireKind.REPEATED:
                return True
            if any(c.name == f.item for c in child.children):
                return True
        return False

    def wrapper(self, f: FieldPlan, node: XmlNode, path: str, xml_path: str) -> None:
        self.stray_text(node, path, xml_path)
        for name, _ in node.attributes.items():
            if is_namespace_declaration(name):
                continue
            self.unknown(
                f"attribute {name!r}", path + key_segment("@" + name), node, f"{xml_path}/@{name}"
            )
        index = 0
        for child in node.children:
            if child.name != f.item:
                self.unknown(
                    f"element <{child.name}>",
                    path + key_segment(child.name),
                    child,
                    f"{xml_path}/{child.name}",
                )
                continue
            self.item(
                f,
                child,
                f"{path}{key_segment(child.name)}[{index}]",
                f"{xml_path}/{child.name}[{index + 1}]",
            )
            index += 1


def check_xml(root: XmlNode, plan: ModelPlan, rules: VersionRules, strict: bool) -> _Collector:
    """The problems of a parsed XML payload of ``plan``'s type, for one version."""
    checker = _XmlChecker(strict, rules)
    assert plan.root is not None
    if root.name != plan.root:
        message = f"expected root element {plan.root!r}, found {root.name!r}"
        checker.add("root", "$", message, root, "/" + root.name)
    else:
        checker.model(plan, root, "$" + key_segment(root.name), "/" + root.name)
    return checker


# --------------------------------------------------------------------------- JSON


_NULL: Final = "null: no version writes null (an absent value is left out)"
_EMPTY_LIST: Final = "an empty list: no version writes one (an empty list is left out)"


def is_namespace_declaration(name: str) -> bool:
    """``xmlns`` and ``xmlns:prefix`` attributes declare namespaces: never fields, never
    unknown content (names are matched as written; see `_xml_reader`)."""
    return name == "xmlns" or name.startswith("xmlns:")


class _JsonChecker(_Collector):
    def scalar(self, f: FieldPlan, value: Any, path: str) -> None:
        kind = f.vkind
        if kind.json_string and type(value) is not str:
            self.add("type", path, type_fail("a string", value, None).message)
            return
        try:
            kind.from_json(value)
        except Fail as fail:
            self.add(fail.code, path, fail.message)
            return
        if not self.strict:
            return
        problem = kind.strict_json(value, attribute_as_text(self.rules, f), self.rules.number)
        if problem is not None:
            code, message = problem
            self.add(code, path, message)

    def value(self, f: FieldPlan, value: Any, path: str) -> None:
        if f.scalar is ScalarKind.MODEL:
            self.model(plan_for(f.type), value, path)
        else:
            self.scalar(f, value, path)

    def items(self, f: FieldPlan, value: Any, path: str) -> None:
        """The item value of a list field: an array, or one collapsed item."""
        one_is_the_item = collapses(self.rules, f)
        if type(value) is list:
            if self.strict and one_is_the_item and len(value) == 1:
                self.add(
                    "shape",
                    path,
                    f"a one-item array: legal in v2+, not in v{self.rules.number}"
                    f", which writes a single item as the item itself",
                )
            for i, item in enumerate(value):
                self.value(f, item, f"{path}[{i}]")
            return
        if self.strict and not one_is_the_item:
            why = (
                "this list is always an array"
                if f.always_array
                else f"legal in v1, not in v{self.rules.number}"
            )
            self.add("shape", path, f"a single item not in an array: {why}")
        self.value(f, value, path)

    def model(self, plan: ModelPlan, value: Any, path: str) -> None:
        if type(value) is not dict:
            self.add("type", path, type_fail("an object", value, None).message)
            return
        rule = None if plan.root is None else version_urls_of(plan.cls)
        if rule is not None:
            urls = [v for k in rule.names if type(v := value.get("@" + k)) is str]
            self.check_urls(rule, urls, path, None, "")
        fields = {f.json_key: f for f in plan.fields}
        for key, raw in value.items():  # what is there, in document order
            f = fields.get(key)
            where = path + key_segment(key)
            if f is None:
                if self.strict and not is_namespace_declaration(key[1:] if key[:1] == "@" else ""):
                    message = f"unknown key {key!r}: the model declares no such thing"
                    self.add("unknown", where, message)
            elif raw is None:  # a required value is then missing, said below
                required = f.nonempty if f.is_list else f.required
                if self.strict and not required:
                    self.add("shape", where, _NULL)
            elif not f.is_list:
                self.value(f, raw, where)
            elif self.list_field(f, raw, where) == 0 and self.strict and f.nonempty:
                self.add("missing", where, missing_list(f))
        for f in plan.fields:  # then what is not
            key = f.json_key
            if value.get(key) is not None:
                continue
            if f.is_list:
                if self.strict and f.nonempty:  # absent or null
                    self.add("missing", path + key_segment(key), missing_list(f))
            elif f.required:
                self.add("missing", path + key_segment(key), f"missing required value {key!r}")

    def list_field(self, f: FieldPlan, raw: Any, path: str) -> int:
        """Check a list field's value; returns how many items it holds (-1: not a list)."""
        if raw == []:
            if self.strict and not f.nonempty:  # else missing, said by the caller
                self.add("shape", path, _EMPTY_LIST)
            return 0
        if f.kind is WireKind.REPEATED:
            self.items(f, raw, path)
            return len(raw) if type(raw) is list else 1
        if type(raw) is not dict:
            message = type_fail(f"an object holding {f.item!r} items", raw, None).message
            self.add("type", path, message)
            return -1
        assert f.item is not None
        for key in raw:
            if key != f.item and self.strict:
                self.add(
                    "unknown",
                    path + key_segment(key),
                    f"unknown key {key!r}: the wrapper holds only {f.item!r}",
                )
        items = raw.get(f.item)
        if items is None or items == []:
            if self.strict and not f.nonempty:  # else missing, said by the caller
                where = path if items is None else path + key_segment(f.item)
                self.add("shape", where, _EMPTY_LIST)
            return 0
        self.items(f, items, path + key_segment(f.item))
        return len(items) if type(items) is list else 1


def check_json(doc: Any, plan: ModelPlan, rules: VersionRules, strict: bool) -> _Collector:
    """The problems of a parsed JSON payload of ``plan``'s type, for one version."""
    checker = _JsonChecker(strict, rules)
    root = plan.root
    assert root is not None
    if type(doc) is not dict or root not in doc:
        found = (
            "keys " + ", ".join(repr(k) for k in doc)
            if isinstance(doc, dict) and doc
            else describe_value(doc)
        )
        checker.add("root", "$", f"expected an object with the key {root!r}, found {found}")
        return checker
    if strict:
        for key in doc:
            if key != root:
                checker.add(
                    "unknown",
                    "$" + key_segment(key),
                    f"unknown key {key!r} beside the root {root!r}",
                )
    checker.model(plan, doc[root], "$" + key_segment(root))
    return checker


# --------------------------------------------------------------------------- entry point


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


def _second_reading(data: bytes | str) -> list[Problem]:
    """What orjson's reading hides and strict checking refuses: a key an object repeats
    (orjson keeps the last silently) and ``-0`` (read as 0; no writer writes it, and XML
    refuses it). A second reading by the standard library, which keeps only the objects
    and arrays that hold such a thing, so that its memory stays small."""
    if isinstance(data, str):  # the standard library refuses a text that starts with a BOM
        data = data.removeprefix("\ufeff")
    try:
        doc = json.loads(
            data,
            object_pairs_hook=_pairs,
            parse_int=_number,
            parse_float=_number,
            parse_constant=_number,
        )
    except (ValueError, RecursionError):
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
    data = as_input(data)
    too_large = limits.too_large(len(data))
    if too_large is not None:
        return {rules.number: [too_large] for rules in versions}
    if fmt == "json":
        doc, syntax = parse_json(data, limits)
        if syntax is not None:
            return {rules.number: [syntax] for rules in versions}
        second = _second_reading(data) if strict else []
        found = {}
        for rules in versions:
            checker = with_room(limits.max_depth, check_json, doc, plan, rules, strict)
            for problem in second:
                checker.add(problem.code, problem.path, problem.message)
            found[rules.number] = checker.finish()
        return found
    root, syntax, unread = parse_xml(data, plan, limits)
    if syntax is not None or root is None:
        return {
            rules.number: [syntax or Problem("syntax", "$", "no element found")]
            for rules in versions
        }
    found = {}
    for rules in versions:
        checker = with_room(limits.max_depth, check_xml, root, plan, rules, strict)
        if strict:
            checker.more += unread  # each an unknown element
        found[rules.number] = checker.finish()
    return found
