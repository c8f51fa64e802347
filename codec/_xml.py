"""XML encoding: the same tree in every version, written by generated code.

Mapping decisions:

* Output starts with ``<?xml version="1.0" ?>`` and a newline, then the tree with no other
  whitespace: child elements in declared order (the vendor's), attributes in declared order.
* Text is escaped exactly enough to come back the same: ``& < >`` always, ``\\r`` as ``&#13;``
  (a parser turns a raw one into ``\\n``), and in attributes also ``"`` and ``\\n \\t`` as
  character references (a parser turns raw ones into spaces). Characters XML 1.0 cannot carry
  (most C0 controls, lone surrogates, U+FFFE, U+FFFF) are an `EncodeError` naming the field.
* Integers are canonical decimal, booleans ``true``/``false``, enums their value. ``None`` and
  empty lists are left out. An optional `text()` field holding ``""`` is an `EncodeError`:
  its empty element reads back as ``None``. A list declared ``required=True`` that is empty
  is an `EncodeError` (code ``missing``), as strict decoding would refuse it.

Decoding is in `_xml_reader` (the streaming reader, with locations) and `_xml_walker` (the
fast path), both held to the reference reader (`_check`) by the differential tests.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, Final
from xml.parsers import expat

import orjson

from ._codegen import Namespace
from ._errors import EncodeError, Problem, short_text
from ._fields import KEPT_ATTR, WireKind
from ._json import refuse_empty
from ._kept import Kept, check_kept, xml_after
from ._limits import ENCODE_LEVELS, TOO_DEEP_TO_WRITE, TooDeep, with_room
from ._parse import Doctype, expat_parser
from ._plan import FieldPlan, ModelPlan, ScalarKind, in_version, name_problem, plan_for
from ._values import (
    Fail,
    key_segment,
    type_fail,
)
from ._wire import type_label

__all__ = ["build_xml_encoder", "escape_attribute", "escape_text"]

_DECLARATION: Final = '<?xml version="1.0" ?>\n'
_EMPTY_OPTIONAL_TEXT: Final = (
    "an empty text cannot be written for an optional text() field: XML reads it back as None"
)

# Characters that XML 1.0 cannot carry at all, even as character references.
_UNWRITABLE: Final = "\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff"
_TEXT_SPECIAL: Final = re.compile(f"[&<>\r{_UNWRITABLE}]")
_ATTR_SPECIAL: Final = re.compile(f'[&<>"\r\n\t{_UNWRITABLE}]')
_UNWRITABLE_RE: Final = re.compile(f"[{_UNWRITABLE}]")


def _escape(value: str, segment: str | None, attribute: bool) -> str:
    """Slow path of escaping, taken only when the fast regex found something to do."""
    bad = _UNWRITABLE_RE.search(value)
    if bad is not None:
        raise Fail(
            "type",
            f"character U+{ord(bad.group()):04X} at offset {bad.start()} "
            "cannot be written in XML 1.0",
            segment,
        )
    value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    value = value.replace("\r", "&#13;")
    if attribute:
        value = value.replace('"', "&quot;").replace("\n", "&#10;").replace("\t", "&#9;")
    return value


def escape_text(value: str, segment: str | None) -> str:
    return value if _TEXT_SPECIAL.search(value) is None else _escape(value, segment, False)


def escape_attribute(value: str, segment: str | None) -> str:
    return value if _ATTR_SPECIAL.search(value) is None else _escape(value, segment, True)


_ENCODER_ENV: Final[dict[str, Any]] = {
    "Fail": Fail,
    "_type_fail": type_fail,
    "_text_special": _TEXT_SPECIAL.search,
    "_attr_special": _ATTR_SPECIAL.search,
    "_escape": _escape,
}
# _item_text and _refail are added below, where they are defined.


# --------------------------------------------------------------------------- encoding


def _text_expr(f: FieldPlan, mod: Namespace, var: str, seg: str, ind: str) -> list[str]:
    """Lines checking the non-None scalar in ``var`` and replacing it by its escaped text."""
    attribute = f.kind is WireKind.ATTRIBUTE
    lines = f.vkind.xml_encode(mod, var, seg, ind)
    if not f.vkind.escapes:
        return lines
    special = "_attr_special" if attribute else "_text_special"
    return [
        *lines,
        f"{ind}if {special}({var}) is not None:",
        f"{ind}    {var} = _escape({var}, {seg}, {attribute})",
    ]


def _write_child(
    f: FieldPlan, mod: Namespace, var: str, tag: str, seg: str, ind: str, index: str = "0"
) -> list[str]:
    """Lines writing element ``tag`` for the non-None value in ``var``; a scalar element gets
    the attributes it kept (``kf``, see `xml_parts`) at ``index``."""
    if f.scalar is ScalarKind.MODEL:
        func = mod.function_for(f.type)
        return [
            f"{ind}try:",
            f"{ind}    {func}({var}, ap, {tag!r})",
            f"{ind}except Fail as e:",
            *([f"{ind}    e.segments.append({seg})"] if seg != "None" else []),
            f"{ind}    raise",
        ]
    return [
        *_text_expr(f, mod, var, seg, ind),
        f"{ind}if kf:",
        f"{ind}    ap({f'<{tag}'!r} + kf.get({index}, '') + '>' + {var} + {f'</{tag}>'!r})",
        f"{ind}else:",
        f"{ind}    ap({f'<{tag}>'!r} + {var} + {f'</{tag}>'!r})",
    ]


def _encode_union(f: FieldPlan, mod: Namespace) -> list[str]:
    """Lines writing a union field: the member the value's class is, as its own element (a
    union by name) or as the field's element with its discriminator first."""
    var = f"v_{f.attr}"
    ind = "    "
    absent = "pass" if f.optional else "raise Fail('missing', 'missing required value', None)"
    lines = [f"{ind}{var} = o.{f.attr}", f"{ind}if {var} is None:", f"{ind}    {absent}"]
    for tag, member in f.choices:
        name = tag if f.discriminator is None else f.name
        extra = (
            "" if f.discriminator is None else f' {f.discriminator}="{escape_attribute(tag, None)}"'
        )
        lines += [
            f"{ind}elif {var}.__class__ is {mod.global_for(plan_for(member).cls, 'M')}:",
            f"{ind}    try:",
            f"{ind}        {mod.function_for(member)}({var}, ap, {name!r}, {extra!r})",
            f"{ind}    except Fail as e:",
            f"{ind}        e.segments.append({key_segment(name)!r})",
            f"{ind}        raise",
        ]
    expected = " or ".join(type_label(m) for m in f.members)
    return [
        *lines,
        f"{ind}else:",
        f"{ind}    raise _type_fail({expected!r}, {var}, {key_segment(f.name)!r})",
    ]


def _encode_child(f: FieldPlan, mod: Namespace) -> list[str]:
    var = f"v_{f.attr}"
    seg = repr(key_segment(f.name))
    ind = "    "
    if f.choices:
        return _encode_union(f, mod)
    if not f.is_list:
        absent = (
            [f"{ind}    pass"]
            if f.optional
            else [f"{ind}    raise Fail('missing', 'missing required value', {seg})"]
        )
        return [
            f"{ind}{var} = o.{f.attr}",
            f"{ind}if {var} is None:",
            *absent,
            f"{ind}else:",
            f"{ind}    kf = kl.get({f.name!r}) if kl else None",
            *_write_child(f, mod, var, f.name, seg, ind + "    "),
        ]
    item_tag = f.item or f.name
    segs = [repr(key_segment(f.item)), seg] if f.item else [seg]
    fast = (
        _fast_element(plan_for(f.type), mod, "it", item_tag)
        if f.scalar is ScalarKind.MODEL
        else None
    )
    many = (
        None
        if f.scalar is ScalarKind.MODEL
        else f.vkind.xml_encode_many(mod, var, ind + "        ", f"<{item_tag}>", f"</{item_tag}>")
    )
    if many is not None:
        body = many
    elif fast is not None:
        # One f-string per well-formed item, in a comprehension; the others take the full
        # function, which escapes, omits None or raises. See _fast_element.
        func = mod.function_for(f.type)
        condition, text = fast
        slow = f"_item_text({func}, it, {item_tag!r})"
        # An item that kept content (see _kept) takes the full function, which writes it back.
        body = [
            f"{ind}        try:",
            f"{ind}            ap(''.join([{text} if {condition} and it.{KEPT_ATTR} is None"
            f" else {slow} for it in {var}]))",
            f"{ind}        except Fail:",
            f"{ind}            raise _refail({func}, {var}, {item_tag!r}) from None",
        ]
    else:
        body = []
    index_fix = [f"{ind}        e.segments.append(f'[{{i}}]')"]
    if f.scalar is not ScalarKind.MODEL or not body:
        # Item by item: the general path, and that of scalar items that kept attributes.
        loop = [
            f"{ind}        i = 0",
            f"{ind}        for it in {var}:",
            *_write_child(f, mod, "it", item_tag, "None", ind + "            ", "i"),
            f"{ind}            i += 1",
        ]
        if body:
            body = [f"{ind}        if kf:", *_shift(loop), f"{ind}        else:", *_shift(body)]
        else:
            body = loop
    lines = [
        f"{ind}{var} = o.{f.attr}",
        f"{ind}if {var}.__class__ is not tuple and {var}.__class__ is not list:",
        f"{ind}    raise _type_fail('a tuple', {var}, {seg})",
        f"{ind}if {var}:",
        f"{ind}    kf = kl.get({f.name!r}) if kl else None",
    ]
    if f.item:
        lines.append(f"{ind}    ap({f'<{f.name}'!r} + (kf.get(-1, '') if kf else '') + '>')")
    lines += [
        f"{ind}    try:",
        *body,
        f"{ind}    except Fail as e:",
        *(index_fix if many is None and fast is None else []),
        *[f"{ind}        e.segments.append({s})" for s in segs],
        f"{ind}        raise",
    ]
    if f.item:
        lines.append(f"{ind}    ap({f'</{f.name}>'!r})")
    if f.write_empty:  # the empty wrapper, as the server writes it (see _fields.wrapped)
        return [*lines, f"{ind}else:", f"{ind}    ap({f'<{f.name}></{f.name}>'!r})"]
    return [*lines, *refuse_empty(f, seg, ind)]


def _shift(lines: list[str]) -> list[str]:
    return ["    " + line for line in lines]


def _fast_element(plan: ModelPlan, mod: Namespace, item: str, tag: str) -> tuple[str, str] | None:
    """For a model of scalars only: a test that ``item`` is an instance whose values are all
    present and well typed, and the f-string that is then its element, text escaped inline.
    Most items of a large payload are such records (the statuses). Text that XML cannot carry
    raises from the f-string; the caller then finds the item again with the full function,
    which says where.
    """
    if any(f.is_list or f.scalar is not ScalarKind.VALUE for f in plan.fields):
        return None
    if plan.text is not None and plan.text.optional:  # "" must be refused: the full function
        return None
    if plan.namespaces:  # declared on the element: the full function writes them
        return None
    tests = [f"{item}.__class__ is {mod.global_for(plan.cls, 'M')}"]
    head, body = [_literal(tag)], []
    for f in plan.fields:
        var = f"_f_{f.attr}"
        kind = f.vkind
        test, value = kind.fast_xml(mod, var, f"({var} := {item}.{f.attr})")
        tests.append(test)
        fixed = kind.fixed_texts()
        if fixed is not None and any(_ATTR_SPECIAL.search(t) for t in fixed):
            return None
        if kind.escapes and fixed is None:
            attribute = f.kind is WireKind.ATTRIBUTE
            special = "_attr_special" if attribute else "_text_special"
            value = (
                f"({value} if {special}({value}) is None else _escape({value}, None, {attribute}))"
            )
        name = _literal(f.name)
        if f.kind is WireKind.ATTRIBUTE:
            head.append(f'{name}="{{{value}}}"')
        elif f.kind is WireKind.TEXT:
            body.append(f"{{{value}}}")
        else:
            body.append(f"<{name}>{{{value}}}</{name}>")
    text = f"<{' '.join(head)}>{''.join(body)}</{_literal(tag)}>"
    return " and ".join(tests), "f" + repr(text)


def _literal(text: str) -> str:
    """``text`` as the literal part of an f-string: its braces doubled."""
    return text.replace("{", "{{").replace("}", "}}")


def _item_text(function: Callable[..., None], item: object, tag: str) -> str:
    """The element of one item written by its full function, as a string."""
    parts: list[str] = []
    function(item, parts.append, tag)
    return "".join(parts)


def _refail(function: Callable[..., None], items: list[Any], tag: str) -> Fail:
    """The `Fail` of the first item ``function`` fails on, with its index: the error path of a
    comprehension, which knows neither the item nor the field."""
    for i, item in enumerate(items):
        try:
            _item_text(function, item, tag)
        except Fail as fail:
            fail.segments.append(f"[{i}]")
            return fail
    raise AssertionError("no item fails")  # pragma: no cover


def _encode_function(plan: ModelPlan, mod: Namespace, name: str, version: int = 0) -> list[str]:
    """The encoder of one model (``version``: of the fields of that API version only; ``0``:
    every field, the same XML in every version)."""
    fields = [f for f in plan.fields if not version or in_version(f, version)]
    cls = mod.global_for(plan.cls, "M")
    lines = [
        # extra: the discriminator of the union that holds the instance (see _encode_union)
        f"def {name}(o, ap, tag, extra=''):",
        f"    if o.__class__ is not {cls}:",
        f"        raise _type_fail({mod.global_for(plan.cls.__name__, 'N')}, o, None)",
        f"    head = '<' + tag + {_namespace_declarations(plan)!r} + extra",
        f"    k = o.{KEPT_ATTR}",
        "    if k is not None:",
        f"        ka, ke, kl = _xml_parts(k, {_declared(plan, mod, fields)})",
        "    else:",
        "        ka = ke = kl = None",
    ]
    for f in (f for f in fields if f.kind is WireKind.ATTRIBUTE):
        var = f"v_{f.attr}"
        seg = repr(key_segment("@" + f.name))
        absent = "pass" if f.optional else f"raise Fail('missing', 'missing required value', {seg})"
        opening = f' {f.name}="'
        lines += [
            f"    {var} = o.{f.attr}",
            f"    if {var} is None:",
            f"        {absent}",
            "    else:",
            *_text_expr(f, mod, var, seg, "        "),
            f"        head += {opening!r} + {var} + '\"'",
        ]
    lines += [
        "    if ka:",
        "        head += ''.join(f' {n}=\"{v}\"' for n, v in ka)",
        "    ap(head + '>')",
    ]
    text = next((f for f in fields if f.kind is WireKind.TEXT), None)
    if text is not None:
        var = f"v_{text.attr}"
        lines += [
            f"    {var} = o.{text.attr}",
            f"    if {var} is not None:",
            *_text_expr(text, mod, var, repr(key_segment("$")), "        "),
        ]
        if text.optional:  # an empty text reads back as None: refuse to write "" there
            lines += [
                f"        if not {var}:",
                f"            raise Fail('type', {_EMPTY_OPTIONAL_TEXT!r}, {key_segment('$')!r})",
            ]
        lines.append(f"        ap({var})")
    lines += ["    if ke:", "        ap(_xml_after(ke, None))"]
    for f in (f for f in fields if f in plan.children):
        lines += _encode_child(f, mod)
        for name in f.names:  # a union by name: after whichever member it wrote
            lines += ["    if ke:", f"        ap(_xml_after(ke, {name!r}))"]
    return [*lines, "    ap('</' + tag + '>')"]


# --------------------------------------------------------------------------- kept content


def _kept_name(key: str, segment: str, attribute: bool = False) -> str:
    problem = name_problem(key, declaration=attribute)
    if problem is not None:
        raise Fail(
            "unknown", f"the kept key {key!r} {problem}: it cannot be written in XML", segment
        )
    return key


def _kept_text(value: object, segment: str, attribute: bool) -> str:
    if isinstance(value, orjson.Fragment):  # an integer past 64 bits, as its digits
        return orjson.dumps(value).decode()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)  # NegativeZero's is "-0"
    if not isinstance(value, str):
        raise type_fail("text", value, segment)
    return escape_attribute(value, segment) if attribute else escape_text(value, segment)


def _kept_element(name: str, value: object, segment: str) -> str:
    """The XML of a kept JSON key and its value, the way xmltodict reads it back."""
    tag = _kept_name(name, segment)
    if isinstance(value, list):
        return "".join(_kept_element(name, v, f"{segment}[{i}]") for i, v in enumerate(value))
    if value is None:
        return f"<{tag}></{tag}>"
    if not isinstance(value, dict):
        return f"<{tag}>{_kept_text(value, segment, False)}</{tag}>"
    head, body = [tag], []
    for key, item in value.items():
        where = segment + key_segment(key)
        if key.startswith("@"):
            attribute = _kept_name(key[1:], where, True)
            head.append(f'{attribute}="{_kept_text(item, where, True)}"')
        elif key == "$":
            body.append("" if item is None else _kept_text(item, where, False))
        else:
            body.append(_kept_element(key, item, where))
    return f"<{' '.join(head)}>{''.join(body)}</{tag}>"


Parts = tuple[list[tuple[str, str]], list[tuple[str | None, str]], dict[str, dict[int, str]] | None]


def _declared(plan: ModelPlan, mod: Namespace, fields: list[FieldPlan]) -> str:
    """The global holding the JSON keys ``fields`` declare (kept content may not shadow them;
    a union's by discriminator excepted: its unknown member is kept under its key)."""
    keys = frozenset(k for f in fields if f.discriminator is None for k in f.names)
    return mod.global_for(keys, "D", plan.cls.__qualname__)


def _namespace_declarations(plan: ModelPlan) -> str:
    """The ``xmlns:prefix="uri"`` declarations the model's element carries (prefixes are
    checked names, URIs escaped)."""
    return "".join(
        f' xmlns:{prefix}="{escape_attribute(uri, None)}"' for prefix, uri in plan.namespaces
    )


def _kept_elements(raw: str, declared: frozenset[str]) -> None:
    """`Fail` unless ``raw`` is well-formed XML content (elements, text) whose elements the
    model does not declare: kept content is written as it stands, so it is checked as it
    is written, wherever it came from (a decode, or a `Kept` made by hand)."""
    parser = expat_parser()
    depth = 0
    names: list[str] = []

    def start(name: str, _: Any) -> None:
        nonlocal depth
        depth += 1
        if depth == 2:
            names.append(name)

    def end(_: str) -> None:
        nonlocal depth
        depth -= 1

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    try:
        parser.Parse(f"<r>{raw}</r>".encode("utf-8", "surrogatepass"), True)
    except (expat.ExpatError, Doctype, UnicodeEncodeError):
        raise Fail("unknown", f"kept content is not well-formed XML: {short_text(raw)}") from None
    for name in names:
        if name in declared:
            raise Fail("unknown", f"kept element <{name}> would stand beside the declared one")


def _kept_xml_attribute(name: object, value: object, declared: frozenset[str]) -> str:
    segment = key_segment("@" + str(name))
    if not isinstance(name, str) or not isinstance(value, str):
        raise Fail("type", "a kept attribute is a (name, value) pair of strings", segment)
    _kept_name(name, segment, True)
    if "@" + name in declared:
        raise Fail("unknown", f"the kept attribute {name!r} would repeat a declared one", segment)
    return escape_attribute(value, segment)


def xml_parts(content: object, declared: frozenset[str] = frozenset()) -> Parts:
    """Kept attributes (name, escaped value), elements (the known child they follow, raw XML)
    and the attributes of known elements (element name -> index -> ``' a="v"'``) to write,
    whatever format the content came from; `Fail` for what XML cannot hold, for names that
    are not XML names or that the model declares (``declared``: its JSON keys), and for raw
    elements that are not well-formed."""
    check_kept(content)
    assert isinstance(content, Kept)
    if content.format == "xml":
        attributes = [(n, _kept_xml_attribute(n, v, declared)) for n, v in content.attributes]
        for _, raw in content.elements:
            _kept_elements(raw, declared)
        leaves: dict[str, dict[int, str]] = {}
        for name, index, pairs in content.leaves:
            text = "".join(f' {n}="{_kept_xml_attribute(n, v, frozenset())}"' for n, v in pairs)
            leaves.setdefault(name, {})[index] = text
        return attributes, list(content.elements), leaves or None
    attributes, elements = [], []
    for after, key, value in content.keys:
        segment = key_segment(key)
        if key in declared:
            raise Fail("unknown", f"the kept key {key!r} would repeat a declared one", segment)
        if key.startswith("@"):
            name = _kept_name(key[1:], segment, True)
            attributes.append((name, _kept_text(value, segment, True)))
            continue
        # "$" (text beside elements) is not an element name either: XML would read it back
        # as stray text, which is not kept. Only inside a kept element is "$" its text.
        raw = _kept_element(key, value, segment)
        # An element can only follow an element: after an attribute key, it comes first.
        elements.append((None if after is None or after.startswith(("@", "$")) else after, raw))
    return attributes, elements, None


_ENCODER_ENV.update(
    _item_text=_item_text,
    _refail=_refail,
    _xml_parts=xml_parts,
    _xml_after=xml_after,
)


def build_xml_encoder(cls: type[Any], version: int = 0) -> Callable[[Any], bytes]:
    """The XML encoder of a top-level model: the same for every version, or (``version``)
    that version's, for a payload with fields of some versions only."""
    plan = plan_for(cls)
    root = plan.root
    assert root is not None
    mod = Namespace(f"xe{version or ''}", _ENCODER_ENV)
    walk = mod.generate(cls, lambda p, name: _encode_function(p, mod, name, version))
    prefix = "$" + key_segment(root)

    def write(obj: Any) -> str:
        # Pure, so that with_room may run it again: every try writes into a list of its own.
        parts = [_DECLARATION]
        walk(obj, parts.append, root)
        return "".join(parts)

    def encode(obj: Any) -> bytes:
        try:
            return with_room(ENCODE_LEVELS, write, obj).encode()
        except Fail as fail:
            raise EncodeError(fail.problem(prefix)) from None
        except TooDeep:
            raise EncodeError(Problem("limit", "$", TOO_DEEP_TO_WRITE)) from None

    return encode
