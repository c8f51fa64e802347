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
import re
from typing import Any, Final
from xml.parsers import expat

import attrs
import orjson

from ._errors import Problem, describe_value
from ._fields import WireKind
from ._limits import DEFAULT_LIMITS, JSON_DEPTH, Limits
from ._plan import FieldPlan, ModelPlan, ScalarKind, plan_for
from ._values import (
    Fail,
    enum_fail,
    enum_table,
    json_bool,
    json_int,
    key_segment,
    type_fail,
    xml_bool,
    xml_int,
)
from ._versions import VersionRules

__all__ = [
    "XmlNode",
    "check_json",
    "check_xml",
    "parse_json",
    "parse_xml",
    "problems_of",
    "url_versions",
]

_URL_VERSION: Final = re.compile(r"/webacs/api/v([0-9]+)/")
_URL_KEYS: Final = ("requestUrl", "rootUrl")


def url_versions(urls: list[str]) -> set[int]:
    """API versions named by ``/webacs/api/vN/`` in the given URLs."""
    return {int(m.group(1)) for url in urls for m in _URL_VERSION.finditer(url)}


def _missing_list(f: FieldPlan) -> str:
    item = f.item or f.name
    return f"missing required list {f.json_key!r}: at least one {item!r} is needed"


class _Collector:
    """Problems of one walk, and the mode it runs in."""

    def __init__(self, strict: bool, rules: VersionRules) -> None:
        self.strict = strict
        self.rules = rules
        self.problems: list[Problem] = []

    def add(
        self,
        code: str,
        path: str,
        message: str,
        node: XmlNode | None = None,
        xml_path: str | None = None,
    ) -> None:
        if node is None:
            self.problems.append(Problem(code, path, message))
        else:
            self.problems.append(Problem(code, path, message, xml_path, node.line, node.column))

    def check_urls(self, urls: list[str], path: str, node: XmlNode | None, xml_path: str) -> None:
        named = url_versions(urls)
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


@attrs.define(slots=True)
class XmlNode:
    """An element as read for checking: name, attributes, text pieces, children, position."""

    name: str
    attributes: dict[str, str]
    line: int
    column: int
    children: list[XmlNode] = attrs.field(factory=list)
    texts: list[str] = attrs.field(factory=list)
    #: byte offsets of the element's start tag and of the end of its end tag (bytes input)
    start: int = 0
    end: int = 0


def tag_end(data: bytes, at: int) -> int:
    """The offset just past the tag that starts at ``at`` (quotes in attribute values may hold
    ``>``, so they are skipped)."""
    quote = 0
    for i in range(at, len(data)):
        byte = data[i]
        if quote:
            if byte == quote:
                quote = 0
        elif byte in (34, 39):  # " '
            quote = byte
        elif byte == 62:  # >
            return i + 1
    return len(data)


class _Doctype(Exception):
    pass


class _Limit(Exception):
    pass


def parse_xml(
    data: bytes | str, limits: Limits = DEFAULT_LIMITS, *, spans: bool = False
) -> tuple[XmlNode | None, Problem | None]:
    """Read XML into `XmlNode`s with start-tag positions; a syntax or limit problem instead.

    Syntax problems are located by line and column only (path ``$``): a document that does
    not parse has no reliable model path. Limit problems name the open elements. With
    ``spans`` (and bytes), each node also gets the byte offsets of its whole element.
    """
    parser = expat.ParserCreate()
    parser.buffer_text = True
    parser.ordered_attributes = True
    root: XmlNode | None = None
    stack: list[XmlNode] = []

    def start(name: str, attributes: list[str]) -> None:
        nonlocal root
        if len(stack) >= limits.max_depth:
            raise _Limit([*stack, name], limits.depth_message())
        if len(attributes) > 2 * limits.max_attributes:
            raise _Limit([*stack, name], limits.attributes_message(len(attributes) // 2))
        node = XmlNode(
            name,
            dict(zip(attributes[::2], attributes[1::2], strict=True)),
            parser.CurrentLineNumber,
            parser.CurrentColumnNumber + 1,
            start=parser.CurrentByteIndex,
        )
        if stack:
            stack[-1].children.append(node)
        else:
            root = node
        stack.append(node)

    def end(_name: str) -> None:
        node = stack.pop()
        if spans and isinstance(data, bytes):
            # An empty-element tag (<a/>) is its own end; otherwise the end tag starts here.
            head_end = tag_end(data, node.start)
            empty = data[head_end - 2 : head_end] == b"/>"
            node.end = head_end if empty else tag_end(data, parser.CurrentByteIndex)

    def text(data: str) -> None:
        if stack:
            stack[-1].texts.append(data)

    def doctype(*_: Any) -> None:
        raise _Doctype

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    parser.StartDoctypeDeclHandler = doctype
    try:
        parser.Parse(data, True)
    except _Doctype:
        message = "a DOCTYPE is not allowed: PI payloads never have one"
        line, column = parser.CurrentLineNumber, parser.CurrentColumnNumber + 1
        return None, Problem("syntax", "$", message, None, line, column)
    except _Limit as exc:
        open_elements, message = exc.args
        names = [n if isinstance(n, str) else n.name for n in open_elements]
        path = "$" + "".join(key_segment(n) for n in names)
        line, column = parser.CurrentLineNumber, parser.CurrentColumnNumber + 1
        return None, Problem("limit", path, message, "/" + "/".join(names), line, column)
    except expat.ExpatError as exc:
        message = f"malformed XML: {expat.ErrorString(exc.code)}"
        return None, Problem("syntax", "$", message, None, exc.lineno, exc.offset + 1)
    except (ValueError, TypeError) as exc:
        return None, Problem("syntax", "$", f"unreadable XML: {exc}")
    return root, None


def _xml_scalar(f: FieldPlan, text: str) -> Any:
    """Text -> value as the decoders convert it; `Fail` for what lenient decoding refuses."""
    if f.scalar is ScalarKind.INT:
        return xml_int(text)
    if f.scalar is ScalarKind.BOOL:
        return xml_bool(text)
    if f.scalar is ScalarKind.ENUM:
        value = enum_table(f.type).get(text)
        if value is None and not f.open:
            raise enum_fail(f.type, text, None)
        return text if value is None else value
    return text


class _XmlChecker(_Collector):
    def scalar(self, f: FieldPlan, text: str, path: str, node: XmlNode, xml_path: str) -> None:
        try:
            value = _xml_scalar(f, text)
        except Fail as fail:
            self.add(fail.code, path, fail.message, node, xml_path)
            return
        if self.strict and f.open and isinstance(value, str):
            self.add("enum", path, enum_fail(f.type, text, None).message, node, xml_path)

    def leaf(self, f: FieldPlan, node: XmlNode, path: str, xml_path: str) -> None:
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
                self.unknown(f"attribute {name!r}", where, node, xml_where)
            else:
                self.scalar(f, value, where, node, xml_where)
        if plan.root is not None:
            urls = [node.attributes[k] for k in _URL_KEYS if k in node.attributes]
            self.check_urls(urls, path, node, xml_path)
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
                self.scalar(text, "".join(node.texts), path + key_segment("$"), node, xml_path)
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
                    self.add("missing", where, _missing_list(f), node, xml_path)
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


def check_xml(root: XmlNode, plan: ModelPlan, rules: VersionRules, strict: bool) -> list[Problem]:
    """Every problem of a parsed XML payload of ``plan``'s type, for one version."""
    checker = _XmlChecker(strict, rules)
    assert plan.root is not None
    if root.name != plan.root:
        message = f"expected root element {plan.root!r}, found {root.name!r}"
        checker.add("root", "$", message, root, "/" + root.name)
    else:
        checker.model(plan, root, "$" + key_segment(root.name), "/" + root.name)
    return checker.problems


# --------------------------------------------------------------------------- JSON


class _JsonChecker(_Collector):
    def scalar(self, f: FieldPlan, value: Any, path: str) -> None:
        kind = f.scalar
        attribute = f.kind is WireKind.ATTRIBUTE
        if kind is ScalarKind.STR:
            if type(value) is not str:
                self.add("type", path, type_fail("a string", value, None).message)
            return
        if kind is ScalarKind.ENUM:
            if type(value) is not str:
                self.add("type", path, type_fail("a string", value, None).message)
            elif value not in enum_table(f.type) and (self.strict or not f.open):
                self.add("enum", path, enum_fail(f.type, value, None).message)
            return
        try:
            if kind is ScalarKind.INT:
                json_int(value)
            elif type(value) is not bool:
                json_bool(value)
        except Fail as fail:
            self.add(fail.code, path, fail.message)
            return
        if not self.strict:
            return
        as_text = type(value) is str
        if attribute and self.rules.attribute_text and not as_text:
            self.add(
                "shape",
                path,
                f"v{self.rules.number} writes attribute values as strings, "
                f"found {describe_value(value)}: legal in v2+, not in v1",
            )
        elif as_text and not (attribute and self.rules.attribute_text):
            self.add(
                "type",
                path,
                f"expected {'an integer' if kind is ScalarKind.INT else 'a boolean'}, "
                f"found {describe_value(value)}: a value written as a string",
            )

    def value(self, f: FieldPlan, value: Any, path: str) -> None:
        if f.scalar is ScalarKind.MODEL:
            self.model(plan_for(f.type), value, path)
        else:
            self.scalar(f, value, path)

    def items(self, f: FieldPlan, value: Any, path: str) -> None:
        """The item value of a list field: an array, or one collapsed item."""
        collapses = self.rules.collapse_single and not f.always_array
        if type(value) is list:
            if self.strict and collapses and len(value) == 1:
                self.add(
                    "shape",
                    path,
                    f"a one-item array: legal in v2+, not in v{self.rules.number}"
                    f", which writes a single item as the item itself",
                )
            for i, item in enumerate(value):
                self.value(f, item, f"{path}[{i}]")
            return
        if self.strict and not collapses:
            self.add(
                "shape",
                path,
                f"a single item not in an array: legal in v1, not in v{self.rules.number}",
            )
        self.value(f, value, path)

    def model(self, plan: ModelPlan, value: Any, path: str) -> None:
        if type(value) is not dict:
            self.add("type", path, type_fail("an object", value, None).message)
            return
        if plan.root is not None:
            urls = [v for k in _URL_KEYS if type(v := value.get("@" + k)) is str]
            self.check_urls(urls, path, None, "")
        fields = {f.json_key: f for f in plan.fields}
        for key, raw in value.items():  # what is there, in document order
            f = fields.get(key)
            where = path + key_segment(key)
            if f is None:
                if self.strict:
                    message = f"unknown key {key!r}: the model declares no such thing"
                    self.add("unknown", where, message)
            elif not f.is_list:
                if raw is not None:
                    self.value(f, raw, where)
            elif self.list_field(f, raw, where) == 0 and self.strict and f.nonempty:
                self.add("missing", where, _missing_list(f))
        for f in plan.fields:  # then what is not
            key = f.json_key
            if value.get(key) is not None:
                continue
            if f.is_list:
                if self.strict and f.nonempty and key not in value:
                    self.add("missing", path + key_segment(key), _missing_list(f))
            elif f.required:
                self.add("missing", path + key_segment(key), f"missing required value {key!r}")

    def list_field(self, f: FieldPlan, raw: Any, path: str) -> int:
        """Check a list field's value; returns how many items it holds (-1: not a list)."""
        if raw is None or raw == []:
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
        if items is None:
            return 0
        self.items(f, items, path + key_segment(f.item))
        return len(items) if type(items) is list else 1


def check_json(doc: Any, plan: ModelPlan, rules: VersionRules, strict: bool) -> list[Problem]:
    """Every problem of a parsed JSON payload of ``plan``'s type, for one version."""
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
        return checker.problems
    if strict:
        for key in doc:
            if key != root:
                checker.add(
                    "unknown",
                    "$" + key_segment(key),
                    f"unknown key {key!r} beside the root {root!r}",
                )
    checker.model(plan, doc[root], "$" + key_segment(root))
    return checker.problems


# --------------------------------------------------------------------------- entry point

_BOM: Final = b"\xef\xbb\xbf"


def _too_deep(doc: Any, max_depth: int) -> bool:
    """True if arrays and objects nest deeper than ``max_depth`` (the top level is 1)."""
    pending = [(doc, 1)]
    while pending:
        value, depth = pending.pop()
        if depth > max_depth:
            return True
        if type(value) is dict:
            pending.extend((v, depth + 1) for v in value.values() if type(v) in (dict, list))
        elif type(value) is list:
            pending.extend((v, depth + 1) for v in value if type(v) in (dict, list))
    return False


def _refuse_constant(name: str) -> None:
    raise ValueError(f"{name} is not JSON")


def _exact_numbers(data: bytes | str) -> Any:
    """A second reading, by the standard library, of JSON that orjson refused for a number it
    cannot hold (an integer literal of hundreds of digits): its integers stay exact, so that
    the checks can say ``range`` at the right path. ``None`` if that reading fails too."""
    try:
        return json.loads(data, parse_constant=_refuse_constant)
    except (ValueError, RecursionError):
        return None


def duplicate_keys(data: bytes | str) -> list[str]:
    """Paths of the keys that an object of ``data`` repeats (orjson keeps the last silently).

    Strict checking only: it reads the document a second time, with the standard library.
    """
    try:
        doc = json.loads(data, object_pairs_hook=_Pairs, parse_constant=_refuse_constant)
    except (ValueError, RecursionError):
        return []
    found: list[str] = []
    pending: list[tuple[Any, str]] = [(doc, "$")]
    while pending:
        value, path = pending.pop()
        if isinstance(value, _Pairs):
            seen: set[str] = set()
            for key, item in value:
                if key in seen:
                    found.append(path + key_segment(key))
                seen.add(key)
                pending.append((item, path + key_segment(key)))
        elif isinstance(value, list):
            pending.extend((item, f"{path}[{i}]") for i, item in enumerate(value))
    return sorted(found)


class _Pairs(list[tuple[str, Any]]):
    """An object as its key/value pairs, repeats kept."""


def parse_json(data: bytes | str, limits: Limits = DEFAULT_LIMITS) -> tuple[Any, Problem | None]:
    """orjson's reading of a JSON payload (a UTF-8 BOM allowed), or its problem.

    The decoders and the checker both read JSON through here, so they agree on syntax and
    limits: orjson refuses nesting past 1024 (reported as ``limit``); a lower ``max_depth``
    costs one walk over the arrays and objects.
    """
    if isinstance(data, bytes):
        if data.startswith(_BOM):
            data = data[3:]
    elif data.startswith("\ufeff"):
        data = data[1:]
    try:
        doc = orjson.loads(data)
    except orjson.JSONDecodeError as exc:
        if "depth limit" in exc.msg:
            depth = min(JSON_DEPTH, limits.max_depth)
            message = f"arrays and objects nested deeper than {depth} (max_depth)"
            return None, Problem("limit", "$", message)
        exact = _exact_numbers(data) if "number" in exc.msg else None
        if exact is None:
            message = f"invalid JSON: {exc.msg}"
            return None, Problem("syntax", "$", message, None, exc.lineno, exc.colno)
        doc = exact
    if limits.max_depth < JSON_DEPTH and _too_deep(doc, limits.max_depth):
        return None, Problem("limit", "$", limits.depth_message())
    return doc, None


def problems_of(
    data: bytes | str,
    plan: ModelPlan,
    rules: VersionRules,
    fmt: str,
    strict: bool,
    limits: Limits = DEFAULT_LIMITS,
) -> list[Problem]:
    """Parse ``data`` and collect its problems as a payload of ``plan``, for one version."""
    too_large = limits.too_large(len(data))
    if too_large is not None:
        return [too_large]
    if fmt == "json":
        doc, syntax = parse_json(data, limits)
        if syntax is not None:
            return [syntax]
        problems = check_json(doc, plan, rules, strict)
        if strict:
            problems += [
                Problem(
                    "shape",
                    path,
                    f"the key {path.rsplit('.', 1)[-1]!r} appears again "
                    "in its object: lenient decoding keeps the last value",
                )
                for path in duplicate_keys(data)
            ]
        return problems
    root, syntax = parse_xml(data, limits)
    if syntax is not None or root is None:
        return [syntax or Problem("syntax", "$", "no element found")]
    return check_xml(root, plan, rules, strict)
