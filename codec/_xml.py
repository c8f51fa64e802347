"""XML: the same tree in every version, written by generated code and read with pyexpat.

Mapping decisions:

* Output starts with ``<?xml version="1.0" ?>`` and a newline, then the tree with no other
  whitespace: child elements in declared order (the vendor's), attributes in declared order.
* Text is escaped exactly enough to come back the same: ``& < >`` always, ``\\r`` as ``&#13;``
  (a parser turns a raw one into ``\\n``), and in attributes also ``"`` and ``\\n \\t`` as
  character references (a parser turns raw ones into spaces). Characters XML 1.0 cannot carry
  (most C0 controls, lone surrogates, U+FFFE, U+FFFF) are an `EncodeError` naming the field.
* Integers are canonical decimal, booleans ``true``/``false``, enums their value. ``None`` and
  empty lists are left out.
* Decoding reads the bytes with pyexpat and builds the models directly, with no intermediate
  dict: a table per model maps a child's name to what to do with it, and character data goes
  straight into a list through a C-level ``append``. Whitespace between elements is dropped;
  the text of a scalar element is taken exactly, never stripped. An empty element is the empty
  string for a string, and an empty list for a wrapper. Unknown elements and attributes are
  skipped. A DOCTYPE is refused outright: PI never sends one, and refusing it closes every
  entity attack (billion laughs, external entities, external DTDs) before expat sees a
  declaration.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from typing import Any, Final
from xml.parsers import expat

from ._errors import DecodeError, EncodeError, Problem
from ._fields import WireKind
from ._plan import FieldPlan, ModelPlan, ScalarKind, construct_lines, plan_for
from ._values import (
    Fail,
    check_ints,
    enum_fail,
    enum_table,
    int_fail,
    key_segment,
    type_fail,
    xml_bool,
    xml_int,
)

__all__ = ["build_xml_decoder", "build_xml_encoder"]

_DECLARATION: Final = '<?xml version="1.0" ?>\n'

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


class _Module:
    """One generated namespace of XML encoders, a function per reachable model."""

    def __init__(self) -> None:
        self.env: dict[str, Any] = {
            "Fail": Fail,
            "_type_fail": type_fail,
            "_int_fail": int_fail,
            "_check_ints": check_ints,
            "_text_special": _TEXT_SPECIAL.search,
            "_attr_special": _ATTR_SPECIAL.search,
            "_escape": _escape,
        }
        self.pending: list[ModelPlan] = []
        self.names: dict[type[Any], str] = {}

    def function_for(self, cls: type[Any]) -> str:
        name = self.names.get(cls)
        if name is None:
            name = f"xe_{cls.__name__}_{len(self.names)}"
            self.names[cls] = name
            self.pending.append(plan_for(cls))
        return name

    def global_for(self, value: object, hint: str) -> str:
        name = f"_{hint}_{id(value):x}"
        self.env[name] = value
        return name


# --------------------------------------------------------------------------- encoding


def _text_expr(f: FieldPlan, mod: _Module, var: str, seg: str, ind: str) -> list[str]:
    """Lines checking the non-None scalar in ``var`` and replacing it by its escaped text."""
    kind = f.scalar
    attribute = f.kind is WireKind.ATTRIBUTE
    if kind is ScalarKind.INT:
        return [
            f"{ind}if {var}.__class__ is not int or not "
            f"-9223372036854775808 <= {var} <= 9223372036854775807:",
            f"{ind}    raise _int_fail({var}, {seg})",
            f"{ind}{var} = str({var})",
        ]
    if kind is ScalarKind.BOOL:
        return [
            f"{ind}if {var}.__class__ is not bool:",
            f"{ind}    raise _type_fail('a boolean', {var}, {seg})",
            f"{ind}{var} = 'true' if {var} else 'false'",
        ]
    if kind is ScalarKind.ENUM:
        cls = mod.global_for(f.type, "T")
        lines = [
            f"{ind}if {var}.__class__ is not {cls}:",
            f"{ind}    raise _type_fail('{f.type.__name__}', {var}, {seg})",
            f"{ind}{var} = {var}.value",
        ]
    else:
        lines = [
            f"{ind}if {var}.__class__ is not str:",
            f"{ind}    raise _type_fail('a string', {var}, {seg})",
        ]
    special = "_attr_special" if attribute else "_text_special"
    return [
        *lines,
        f"{ind}if {special}({var}) is not None:",
        f"{ind}    {var} = _escape({var}, {seg}, {attribute})",
    ]


def _write_child(f: FieldPlan, mod: _Module, var: str, tag: str, seg: str, ind: str) -> list[str]:
    """Lines writing element ``tag`` for the non-None value in ``var``."""
    if f.scalar is ScalarKind.MODEL:
        func = mod.function_for(f.type)
        return [
            f"{ind}try:",
            f"{ind}    {func}({var}, ap, {tag!r})",
            f"{ind}except Fail as e:",
            f"{ind}    if {seg} is not None: e.segments.append({seg})",
            f"{ind}    raise",
        ]
    return [
        *_text_expr(f, mod, var, seg, ind),
        f"{ind}ap({f'<{tag}>'!r} + {var} + {f'</{tag}>'!r})",
    ]


def _encode_child(f: FieldPlan, mod: _Module) -> list[str]:
    var = f"v_{f.attr}"
    seg = repr(key_segment(f.name))
    ind = "    "
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
            *_write_child(f, mod, var, f.name, seg, ind + "    "),
        ]
    item_tag = f.item or f.name
    segs = [repr(key_segment(f.item)), seg] if f.item else [seg]
    if f.scalar is ScalarKind.INT:
        fmt = mod.global_for(f"<{item_tag}>{{}}</{item_tag}>".format, "fmt")
        body = [f"{ind}        _check_ints({var})", f"{ind}        ap(''.join(map({fmt}, {var})))"]
    else:
        body = [
            f"{ind}        i = 0",
            f"{ind}        for it in {var}:",
            *_write_child(f, mod, "it", item_tag, "None", ind + "            "),
            f"{ind}            i += 1",
        ]
        index_fix = [f"{ind}        e.segments.append(f'[{{i}}]')"]
    lines = [
        f"{ind}{var} = o.{f.attr}",
        f"{ind}if {var}.__class__ is not tuple and {var}.__class__ is not list:",
        f"{ind}    raise _type_fail('a tuple', {var}, {seg})",
        f"{ind}if {var}:",
    ]
    if f.item:
        lines.append(f"{ind}    ap({f'<{f.name}>'!r})")
    lines += [
        f"{ind}    try:",
        *body,
        f"{ind}    except Fail as e:",
        *(index_fix if f.scalar is not ScalarKind.INT else []),
        *[f"{ind}        e.segments.append({s})" for s in segs],
        f"{ind}        raise",
    ]
    if f.item:
        lines.append(f"{ind}    ap({f'</{f.name}>'!r})")
    return lines


def _encode_function(plan: ModelPlan, mod: _Module, name: str) -> list[str]:
    cls = mod.global_for(plan.cls, "M")
    lines = [
        f"def {name}(o, ap, tag):",
        f"    if o.__class__ is not {cls}:",
        f"        raise _type_fail('{plan.cls.__name__}', o, None)",
        "    head = '<' + tag",
    ]
    for f in plan.attributes:
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
    lines.append("    ap(head + '>')")
    text = plan.text
    if text is not None:
        var = f"v_{text.attr}"
        lines += [
            f"    {var} = o.{text.attr}",
            f"    if {var} is not None:",
            *_text_expr(text, mod, var, repr(key_segment("$")), "        "),
            f"        ap({var})",
        ]
    for f in plan.children:
        lines += _encode_child(f, mod)
    return [*lines, "    ap('</' + tag + '>')"]


def build_xml_encoder(cls: type[Any]) -> Callable[[Any], bytes]:
    """The XML encoder of a top-level model (the same for every version)."""
    plan = plan_for(cls)
    root = plan.root
    assert root is not None
    mod = _Module()
    entry = mod.function_for(cls)
    source: list[str] = []
    while mod.pending:
        p = mod.pending.pop()
        source += _encode_function(p, mod, mod.names[p.cls])
    exec(compile("\n".join(source), "<codec generated xml encoder>", "exec"), mod.env)
    walk = mod.env[entry]
    prefix = "$" + key_segment(root)

    def encode(obj: Any) -> bytes:
        parts = [_DECLARATION]
        try:
            walk(obj, parts.append, root)
        except Fail as fail:
            raise EncodeError(fail.problem(prefix)) from None
        return "".join(parts).encode()

    return encode


# --------------------------------------------------------------------------- decoding
#
# Tables are built once per model. A frame on the parse stack is [table, values, entry, name]:
# ``table`` maps child names to entries, ``values`` is the model's slot list (or, for a wrapper,
# the list its items go to). An entry is a tuple (action, store, slot, payload, name):

_LEAF, _MODEL, _WRAPPER, _SKIP = 0, 1, 2, 3  # action
_SET, _APPEND, _APPEND_SLOT = (
    0,
    1,
    2,
)  # store: parent[slot] = v; parent.append(v); parent[slot] += v
_MISSING: Final = object()


class _SkipTable(dict[str, Any]):
    """The table of an unknown element: everything inside it is skipped as well."""

    def get(self, key: str, default: Any = None) -> Any:  # noqa: ARG002
        return _SKIP_ENTRY


_SKIP_ENTRY: Final = (_SKIP, _SET, 0, None, "")
_SKIP_TABLE: Final = _SkipTable()
_LEAF_TABLE: Final[dict[str, Any]] = {}


class _XmlModel:
    """Decode tables of one model: attributes, children, slot defaults and the builder."""

    __slots__ = ("attributes", "build", "children", "template", "text")

    def __init__(self) -> None:
        self.attributes: dict[str, tuple[int, Callable[[str], Any] | None, str]] = {}
        self.children: dict[str, tuple[Any, ...]] = {}
        self.template: list[Any] = []
        self.text: tuple[int, Callable[[str], Any] | None] | None = None
        self.build: Callable[[list[Any]], Any] = _unset_build


def _unset_build(_values: list[Any]) -> Any:  # pragma: no cover - replaced before use
    raise AssertionError("model table used before it was built")


def _converter(f: FieldPlan) -> Callable[[str], Any] | None:
    """Text -> value for a scalar field; ``None`` for a string, which is taken as is."""
    if f.scalar is ScalarKind.INT:
        return xml_int
    if f.scalar is ScalarKind.BOOL:
        return xml_bool
    if f.scalar is ScalarKind.ENUM:
        table = enum_table(f.type)
        cls = f.type

        def to_enum(text: str) -> Any:
            value = table.get(text)
            if value is None:
                raise enum_fail(cls, text, None)
            return value

        return to_enum
    return None


def _build_function(plan: ModelPlan) -> Callable[[list[Any]], Any]:
    env: dict[str, Any] = {"Fail": Fail, "_MISSING": _MISSING}
    names = ", ".join(f"v_{f.attr}" for f in plan.fields)
    lines = ["def build(values):", f"    {names}{',' if len(plan.fields) == 1 else ''} = values"]
    for f in plan.fields:
        var = f"v_{f.attr}"
        if f.is_list:
            lines.append(f"    {var} = () if {var} is None else tuple({var})")
        elif f.required:
            where = ("@" if f.kind is WireKind.ATTRIBUTE else "") + f.name
            message = f"missing required value {where!r}"
            lines += [
                f"    if {var} is _MISSING:",
                f"        raise Fail('missing', {message!r}, {key_segment(where)!r})",
            ]
    build, build_env = construct_lines(plan, "    ")
    env.update(build_env)
    if not plan.fields:
        lines = ["def build(values):"]
    exec(compile("\n".join([*lines, *build, "    return o"]), "<codec xml build>", "exec"), env)
    result: Callable[[list[Any]], Any] = env["build"]
    return result


def _tables(cls: type[Any], done: dict[type[Any], _XmlModel]) -> _XmlModel:
    table = done.get(cls)
    if table is not None:
        return table
    table = done[cls] = _XmlModel()
    plan = plan_for(cls)
    for slot, f in enumerate(plan.fields):
        table.template.append(None if f.is_list or not f.required else _MISSING)
        conv = None if f.scalar is ScalarKind.MODEL else _converter(f)
        if f.kind is WireKind.ATTRIBUTE:
            table.attributes[f.name] = (slot, conv, key_segment("@" + f.name))
            continue
        if f.kind is WireKind.TEXT:
            table.text = (slot, conv)
            continue
        item_name = f.item or f.name
        if f.scalar is ScalarKind.MODEL:
            item: tuple[Any, ...] = (_MODEL, _SET, slot, _tables(f.type, done), item_name)
        else:
            item = (_LEAF, _SET, slot, conv, item_name)
        if not f.is_list:
            table.children[f.name] = item
        elif f.kind is WireKind.REPEATED:
            table.children[f.name] = (item[0], _APPEND_SLOT, slot, item[3], item_name)
        else:
            assert f.item is not None
            inner = {f.item: (item[0], _APPEND, slot, item[3], item_name)}
            table.children[f.name] = (_WRAPPER, _SET, slot, inner, f.name)
    table.build = _build_function(plan)
    return table


def _locate(stack: list[list[Any]], extra: str | None) -> tuple[str, str]:
    """JSON path and XML path of the innermost open element (plus ``extra``, a child)."""
    json_parts = ["$"]
    xml_parts = [""]
    for parent, frame in itertools.pairwise(stack):
        entry, name = frame[2], frame[3]
        store = entry[1]
        if entry[0] == _SKIP:
            json_parts.append(key_segment(name))
            xml_parts.append(name)
        elif store == _APPEND:
            index = len(parent[1])
            json_parts.append(f"{key_segment(name)}[{index}]")
            xml_parts.append(f"{name}[{index + 1}]")
        elif store == _APPEND_SLOT:
            index = len(parent[1][entry[2]] or ())
            json_parts.append(f"{key_segment(name)}[{index}]")
            xml_parts.append(f"{name}[{index + 1}]")
        else:
            json_parts.append(key_segment(name))
            xml_parts.append(name)
    if extra is not None:
        json_parts.append(key_segment(extra))
        xml_parts.append(extra)
    return "".join(json_parts), "/".join(xml_parts)


def build_xml_decoder(cls: type[Any]) -> Callable[[bytes | str], Any]:
    """The lenient XML decoder of a top-level model (the same for every version)."""
    plan = plan_for(cls)
    root = plan.root
    assert root is not None
    document = {root: (_MODEL, _SET, 0, _tables(cls, {}), root)}

    def decode(data: bytes | str) -> Any:
        parser = expat.ParserCreate()
        parser.buffer_text = True
        buf: list[str] = []
        parser.CharacterDataHandler = buf.append
        clear = buf.clear
        join = "".join
        top: list[Any] = [document, [None], None, ""]
        stack = [top]
        push = stack.append
        pop = stack.pop

        def fail_here(fail: Fail, extra: str | None = None) -> _Located:
            json_path, xml_path = _locate(stack, extra)
            problem = Problem(
                fail.code,
                json_path + "".join(reversed(fail.segments)),
                fail.message,
                xml_path,
                parser.CurrentLineNumber,
                parser.CurrentColumnNumber + 1,
            )
            return _Located(problem)

        def start(name: str, attributes: dict[str, str]) -> None:
            nonlocal top
            clear()
            table = top[0]
            entry = table.get(name)
            if entry is None:
                if top is stack[0]:
                    message = f"expected root element {root!r}, found {name!r}"
                    line, column = parser.CurrentLineNumber, parser.CurrentColumnNumber + 1
                    raise _Located(Problem("root", "$", message, "/" + name, line, column))
                if table is _LEAF_TABLE:
                    raise fail_here(Fail("type", f"expected text, found element <{name}>"))
                entry = _SKIP_ENTRY
            action = entry[0]
            if action == _LEAF:
                top = [_LEAF_TABLE, None, entry, name]
            elif action == _MODEL:
                model = entry[3]
                values = model.template[:]
                if attributes:
                    known = model.attributes
                    for key, text in attributes.items():
                        found = known.get(key)
                        if found is not None:
                            slot, conv, _ = found
                            if conv is None:
                                values[slot] = text
                            else:
                                try:
                                    values[slot] = conv(text)
                                except Fail as fail:
                                    push([model.children, values, entry, name])
                                    raise fail_here(fail, "@" + key) from None
                top = [model.children, values, entry, name]
            elif action == _WRAPPER:
                values = top[1]
                items = values[entry[2]]
                if items is None:
                    items = values[entry[2]] = []
                top = [entry[3], items, entry, name]
            else:
                top = [_SKIP_TABLE, None, entry, name]
            push(top)

        def end(name: str) -> None:  # noqa: ARG001 - expat checks that tags match
            nonlocal top
            frame = top
            entry = frame[2]
            action = entry[0]
            try:
                if action == _LEAF:
                    conv = entry[3]
                    value = join(buf) if conv is None else conv(join(buf))
                elif action == _MODEL:
                    model = entry[3]
                    if model.text is not None:
                        slot, conv = model.text
                        text = join(buf)
                        frame[1][slot] = text if conv is None else conv(text)
                    value = model.build(frame[1])
                else:
                    pop()
                    top = stack[-1]
                    clear()
                    return
            except Fail as fail:
                raise fail_here(fail) from None
            clear()
            pop()
            top = parent = stack[-1]
            store = entry[1]
            if store == _SET:
                parent[1][entry[2]] = value
            elif store == _APPEND:
                parent[1].append(value)
            else:
                values = parent[1]
                items = values[entry[2]]
                if items is None:
                    values[entry[2]] = [value]
                else:
                    items.append(value)

        def doctype(*_: Any) -> None:
            raise fail_here(Fail("syntax", "a DOCTYPE is not allowed: PI payloads never have one"))

        parser.StartElementHandler = start
        parser.EndElementHandler = end
        parser.StartDoctypeDeclHandler = doctype
        try:
            parser.Parse(data, True)
        except _Located as located:
            raise DecodeError(located.problem) from None
        except expat.ExpatError as exc:
            json_path, xml_path = _locate(stack, None)
            message = f"malformed XML: {expat.ErrorString(exc.code)}"
            problem = Problem("syntax", json_path, message, xml_path, exc.lineno, exc.offset + 1)
            raise DecodeError(problem) from None
        except (ValueError, TypeError) as exc:  # e.g. an encoding expat does not know
            raise DecodeError(Problem("syntax", "$", f"unreadable XML: {exc}")) from None
        return stack[0][1][0]

    return decode


class _Located(Exception):
    """Carries a finished `Problem` out through expat, which re-raises handler exceptions."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem)
        self.problem = problem
