"""JSON: the XML tree written xmltodict-style, by orjson, through generated code.

Mapping decisions:

* The document is ``{"<root>": {...}}``. An XML attribute is the key ``"@name"``, an element's
  own text beside attributes is ``"$"``, a child element is its name.
* A wrapped list is ``"wrapper": {"item": [...]}``; a repeated element is ``"item": [...]``.
  Where the version collapses single items (v1) and the field does not say ``always_array``,
  a one-item list is written as the item itself. An empty list is left out.
* Keys come in XML order (attributes, text, then elements, as declared) or sorted, as the
  version says. Generated code writes each object's keys in that order directly, so no sort
  runs at encode time.
* Integers are JSON numbers; in versions that write attributes as text (v1: see `_versions`)
  attribute values are strings, numbers and booleans included. ``None`` is left out.
* JSON carries any Unicode scalar value (control characters as ``\\u00XX`` escapes); a lone
  surrogate cannot be written as UTF-8 and is an `EncodeError` at its path.
* v1 escapes ``/`` as ``\\/``, as its server does. A ``/`` can only occur inside a JSON string,
  so the escape is one ``bytes.replace`` over the output.
* Decoding is version-tolerant: either list shape, either attribute typing. A wrapper that is
  absent, ``null``, ``{}`` or ``[]`` is an empty list; an unwrapped repeated element given as
  ``{}`` is one item whose fields are all empty. Unknown keys are ignored.

Code is generated once per model (and per version for encoders) at first use, as cattrs and
attrs do, so a model declared tomorrow gets the same speed as the ones shipped here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final

import orjson

from ._codegen import Namespace, construct_lines
from ._errors import DecodeError, EncodeError, Problem, describe_value
from ._fields import KEPT_ATTR, WireKind
from ._kept import json_merge
from ._limits import (
    DEFAULT_LIMITS,
    ENCODE_LEVELS,
    JSON_DEPTH,
    TOO_DEEP_TO_WRITE,
    Limits,
    TooDeep,
    retry_with_room,
    with_room,
)
from ._parse import as_input, parse_json
from ._plan import FieldPlan, ModelPlan, ScalarKind, missing_list, plan_for
from ._values import (
    Fail,
    key_segment,
    type_fail,
    typed_json,
)
from ._versions import (
    VersionRules,
    attribute_as_text,
    collapses,
    escapes_slashes,
    json_key_order,
    sorts_keys,
    types_text,
    writes_empty_wrapper,
)
from ._wire import type_label

__all__ = ["build_json_decoder", "build_json_encoder", "refuse_empty"]

_BASE_ENV: dict[str, Any] = {
    "Fail": Fail,
    "_type_fail": type_fail,
    "_json_merge": json_merge,
}
# _refail is defined below; generated code looks it up when it runs.


# --------------------------------------------------------------------------- decoding


_INT64: Final = "-9223372036854775808 <= it <= 9223372036854775807"


def _missing(key: str) -> str:
    return f"missing required value {key!r}"


#
# In the generators below ``seg`` is a Python expression for the path segment of a failure
# at that spot: a string literal for an object key, ``None`` inside a list loop (the loop adds
# the index as the error unwinds).


def _decode_scalar(f: FieldPlan, mod: Namespace, var: str, seg: str, ind: str) -> list[str]:
    """Lines checking/converting the non-None JSON value in ``var`` for one scalar of ``f``."""
    if f.scalar is ScalarKind.VALUE:
        return f.vkind.json_decode(mod, var, seg, ind)
    func = mod.function_for(f.type)
    return [
        f"{ind}try:",
        f"{ind}    {var} = {func}({var})",
        f"{ind}except Fail as e:",
        *([f"{ind}    e.segments.append({seg})"] if seg != "None" else []),
        f"{ind}    raise",
    ]


def _decode_items(f: FieldPlan, mod: Namespace, src: str, out: str, ind: str) -> list[str]:
    """Lines turning ``src`` (an array, or one collapsed item) into the tuple ``out``."""
    bulk = None if f.scalar is ScalarKind.MODEL else f.vkind.json_decode_many(mod, src)
    if bulk is not None:
        many = [f"{ind}    {out} = {bulk}"]
    else:
        many = [
            f"{ind}    acc = []",
            f"{ind}    ap = acc.append",
            f"{ind}    try:",
            f"{ind}        for it in {src}:",
            *_decode_scalar(f, mod, "it", "None", ind + "            "),
            f"{ind}            ap(it)",
            f"{ind}    except Fail as e:",
            f"{ind}        e.segments.append(f'[{{len(acc)}}]')",
            f"{ind}        raise",
            f"{ind}    {out} = tuple(acc)",
        ]
    return [
        f"{ind}if {src}.__class__ is list:",
        *many,
        f"{ind}else:",
        *_decode_scalar(f, mod, src, "None", ind + "    "),
        f"{ind}    {out} = ({src},)",
    ]


def _decode_field(f: FieldPlan, mod: Namespace) -> list[str]:
    var = f"v_{f.attr}"
    key = f.json_key
    seg = repr(key_segment(key))
    ind = "    "
    if not f.is_list:
        if f.required:
            absent = [f"{ind}    raise Fail('missing', {_missing(key)!r}, {seg})"]
        else:
            absent = [f"{ind}    pass"]
        return [
            f"{ind}{var} = d.get({key!r})",
            f"{ind}if {var} is None:",
            *absent,
            f"{ind}else:",
            *_decode_scalar(f, mod, var, seg, ind + "    "),
        ]
    if f.kind is WireKind.REPEATED:
        return [
            f"{ind}x = d.get({key!r})",
            f"{ind}if x is None:",
            f"{ind}    {var} = ()",
            f"{ind}else:",
            f"{ind}    try:",
            *_decode_items(f, mod, "x", var, ind + "        "),
            f"{ind}    except Fail as e:",
            f"{ind}        e.segments.append({seg})",
            f"{ind}        raise",
        ]
    assert f.item is not None
    item_seg = repr(key_segment(f.item))
    return [
        f"{ind}w = d.get({key!r})",
        f"{ind}if w is None or w == [] or w == '':",  # '': v1's empty wrapper (see _versions)
        f"{ind}    {var} = ()",
        f"{ind}elif w.__class__ is dict:",
        f"{ind}    x = w.get({f.item!r})",
        f"{ind}    if x is None:",
        f"{ind}        {var} = ()",
        f"{ind}    else:",
        f"{ind}        try:",
        *_decode_items(f, mod, "x", var, ind + "            "),
        f"{ind}        except Fail as e:",
        f"{ind}            e.segments.append({item_seg})",
        f"{ind}            e.segments.append({seg})",
        f"{ind}            raise",
        f"{ind}else:",
        f"{ind}    raise _type_fail({f'an object holding {f.item!r} items'!r}, w, {seg})",
    ]


def _decode_function(plan: ModelPlan, mod: Namespace, name: str) -> list[str]:
    lines = [
        f"def {name}(d):",
        "    if d.__class__ is not dict:",
        "        raise _type_fail('an object', d, None)",
        # xsi:nil (`_check.NIL`) is the reference reader's to read: refused here, the caller
        # hands the payload over (a scalar's nil object is refused by its type test)
        "    if '@xsi:nil' in d:",
        "        raise Fail('type', 'xsi:nil is read by the reference reader', None)",
    ]
    for f in plan.fields:
        lines += _decode_field(f, mod)
    build, env = construct_lines(plan, "    ", mod.env)
    mod.env.update(env)
    return [*lines, *build, "    return o"]


def build_json_decoder(cls: type[Any]) -> Callable[[bytes | str, Limits], Any]:
    """The lenient JSON decoder of a top-level model (the same for every version)."""
    plan = plan_for(cls)
    root = plan.root
    assert root is not None
    mod = Namespace("jd", _BASE_ENV)
    walk = mod.generate(cls, lambda p, name: _decode_function(p, mod, name))
    prefix = "$" + key_segment(root)
    loads = orjson.loads
    json_error = orjson.JSONDecodeError

    def decode(data: bytes | str, limits: Limits = DEFAULT_LIMITS) -> Any:
        if data.__class__ is not bytes and data.__class__ is not str:
            data = as_input(data)
        try:
            doc = loads(data)
        except json_error:
            doc = None  # parse_json says what is wrong, or reads past a BOM
        if doc is None or limits.max_depth < JSON_DEPTH:
            doc, problem = parse_json(data, limits)
            if problem is not None:
                raise DecodeError(problem)
        if doc.__class__ is not dict or root not in doc:
            found = (
                "keys " + ", ".join(repr(k) for k in doc)
                if isinstance(doc, dict) and doc
                else describe_value(doc)
            )
            raise DecodeError(
                Problem("root", "$", f"expected an object with the key {root!r}, found {found}")
            )
        return from_document(doc, data, limits)

    def from_document(doc: Any, _data: bytes | str, limits: Limits) -> Any:
        """The model of ``doc``, orjson's reading of the input (one object holding the root);
        strict decoding hands over the document its predicate read."""
        try:
            return walk(doc[root])
        except Fail as fail:
            raise DecodeError(fail.problem(prefix)) from None
        except RecursionError:
            pass  # a model that holds itself, nested deep: again, with room (see _limits)
        try:
            return retry_with_room(limits.max_depth, walk, doc[root])
        except Fail as fail:
            raise DecodeError(fail.problem(prefix)) from None
        except TooDeep:
            raise DecodeError(Problem("limit", "$", limits.depth_message())) from None

    decode.from_parsed = from_document  # type: ignore[attr-defined]  # see _api._decode_half
    return decode


# --------------------------------------------------------------------------- encoding


def _encode_scalar(
    f: FieldPlan, mod: Namespace, rules: VersionRules, var: str, seg: str, ind: str
) -> list[str]:
    """Lines checking the non-None value in ``var`` and replacing it by its JSON value."""
    if f.scalar is ScalarKind.VALUE:
        lines = f.vkind.json_encode(mod, var, seg, ind, attribute_as_text(rules, f))
        if types_text(rules, f):  # v1: a number or a boolean where the text reads as one
            lines.append(f"{ind}{var} = _typed_json({var})")
        return lines
    func = mod.function_for(f.type)
    return [
        f"{ind}try:",
        f"{ind}    {var} = {func}({var})",
        f"{ind}except Fail as e:",
        *([f"{ind}    e.segments.append({seg})"] if seg != "None" else []),
        f"{ind}    raise",
    ]


def _tagged(d: dict[str, Any], key: str, value: str, sort: bool) -> dict[str, Any]:
    """A union member's object ``d`` with its discriminator: first (as XML writes it), or in
    sorted place where the version sorts the member's keys."""
    if sort:
        return dict(sorted({**d, key: value}.items()))
    return {key: value, **d}


def _encode_union(f: FieldPlan, mod: Namespace, rules: VersionRules) -> list[str]:
    """Lines writing a union field: the member the value's class is, under its element name
    (a union by name) or under the field's with its discriminator."""
    var = f"v_{f.attr}"
    ind = "    "
    absent = "pass" if f.optional else f"raise Fail('missing', {_missing(f.json_key)!r}, None)"
    lines = [f"{ind}{var} = o.{f.attr}", f"{ind}if {var} is None:", f"{ind}    {absent}"]
    for tag, member in f.choices:
        plan = plan_for(member)
        key = tag if f.discriminator is None else f.json_key
        seg = repr(key_segment(key))
        lines += [
            f"{ind}elif {var}.__class__ is {mod.global_for(plan.cls, 'M')}:",
            f"{ind}    try:",
            f"{ind}        {var} = {mod.function_for(member)}({var})",
            f"{ind}    except Fail as e:",
            f"{ind}        e.segments.append({seg})",
            f"{ind}        raise",
        ]
        if f.discriminator is not None:
            sort = sorts_keys(rules, plan.declared_order)
            lines.append(
                f"{ind}    {var} = _tagged({var}, {'@' + f.discriminator!r}, {tag!r}, {sort})"
            )
        lines.append(f"{ind}    d[{key!r}] = {var}")
    expected = " or ".join(type_label(m) for m in f.members)
    return [
        *lines,
        f"{ind}else:",
        f"{ind}    raise _type_fail({expected!r}, {var}, {key_segment(f.json_key)!r})",
    ]


def _encode_field(f: FieldPlan, mod: Namespace, rules: VersionRules) -> list[str]:
    var = f"v_{f.attr}"
    key = f.json_key
    seg = repr(key_segment(key))
    ind = "    "
    if f.choices:
        return _encode_union(f, mod, rules)
    if not f.is_list:
        if f.optional:
            absent = [f"{ind}    pass"]
        else:
            absent = [f"{ind}    raise Fail('missing', {_missing(key)!r}, {seg})"]
        return [
            f"{ind}{var} = o.{f.attr}",
            f"{ind}if {var} is None:",
            *absent,
            f"{ind}else:",
            *_encode_scalar(f, mod, rules, var, seg, ind + "    "),
            f"{ind}    d[{key!r}] = {var}",
        ]
    collapse = collapses(rules, f)
    segs = [repr(key_segment(f.item)), seg] if f.item else [seg]
    fast = (
        _fast_object(plan_for(f.type), mod, rules, "it") if f.scalar is ScalarKind.MODEL else None
    )
    many = (
        None
        if f.scalar is ScalarKind.MODEL
        else f.vkind.json_encode_many(mod, var, ind + "        ", collapse, False)
    )
    if many is not None:
        items = many
    elif fast is not None:
        # Items are built inline by a comprehension; an item the fast test turns down goes
        # through the full function, which writes it or raises. The index of a failing item
        # is found again on that (rare) path.
        func = mod.function_for(f.type)
        condition, literal = fast
        # An item that kept content (see _kept) takes the full function, which writes it back.
        items = [
            f"{ind}        try:",
            f"{ind}            x = [{literal} if {condition} and it.{KEPT_ATTR} is None"
            f" else {func}(it) for it in {var}]",
            f"{ind}        except Fail:",
            f"{ind}            raise _refail({func}, {var}) from None",
        ]
    else:
        items = [
            f"{ind}        x = []",
            f"{ind}        try:",
            f"{ind}            for it in {var}:",
            *_encode_scalar(f, mod, rules, "it", "None", ind + "                "),
            f"{ind}                x.append(it)",
            f"{ind}        except Fail as e:",
            f"{ind}            e.segments.append(f'[{{len(x)}}]')",
            f"{ind}            raise",
        ]
    put = f"{{{f.item!r}: x}}" if f.item else "x"
    return [
        f"{ind}{var} = o.{f.attr}",
        f"{ind}if {var}.__class__ is not tuple and {var}.__class__ is not list:",
        f"{ind}    raise _type_fail('a tuple', {var}, {seg})",
        f"{ind}if {var}:",
        f"{ind}    try:",
        *items,
        f"{ind}    except Fail as e:",
        *[f"{ind}        e.segments.append({s})" for s in segs],
        f"{ind}        raise",
        *([f"{ind}    if len({var}) == 1:", f"{ind}        x = x[0]"] if collapse else []),
        f"{ind}    d[{key!r}] = {put}",
        *refuse_empty(f, seg, ind),
        *([f"{ind}else:", f"{ind}    d[{key!r}] = ''"] if writes_empty_wrapper(rules, f) else []),
    ]


def refuse_empty(f: FieldPlan, seg: str, ind: str) -> list[str]:
    """The ``else`` of ``if <list>:`` for a list declared ``required=True``: strict decoding
    and `validate` call an empty one missing, so it is not written either."""
    if not f.nonempty:
        return []
    return [f"{ind}else:", f"{ind}    raise Fail('missing', {missing_list(f)!r}, {seg})"]


def _fast_object(
    plan: ModelPlan, mod: Namespace, rules: VersionRules, item: str
) -> tuple[str, str] | None:
    """For a model of scalars only: a test that ``item`` is an instance with every value
    present and well typed, and the dict literal that is then its JSON object.

    Most items of a large payload are such flat records (the statuses); one expression per
    item instead of a call and a statement per field is what keeps encoding near the cost of
    ``orjson.dumps`` itself. Items that fail the test take the full path, which omits ``None``
    and raises for bad values.
    """
    if any(f.is_list or f.scalar is not ScalarKind.VALUE for f in plan.fields):
        return None
    tests = [f"{item}.__class__ is {mod.global_for(plan.cls, 'M')}"]
    entries = []
    for f in json_key_order(plan, rules):
        var = f"_f_{f.attr}"
        as_text = attribute_as_text(rules, f)
        test, value = f.vkind.fast_json(mod, var, f"({var} := {item}.{f.attr})", as_text)
        if types_text(rules, f):
            value = f"_typed_json({value})"
        tests.append(test)
        entries.append(f"{f.json_key!r}: {value}")
    return " and ".join(tests), "{" + ", ".join(entries) + "}"


def _refail(function: Callable[[Any], Any], items: list[Any]) -> Fail:
    """The `Fail` of the first item ``function`` fails on, with its index (the error path of
    a comprehension)."""
    for i, item in enumerate(items):
        try:
            function(item)
        except Fail as fail:
            fail.segments.append(f"[{i}]")
            return fail
    raise AssertionError("no item fails")  # pragma: no cover


def _encode_function(plan: ModelPlan, mod: Namespace, rules: VersionRules, name: str) -> list[str]:
    cls_name = mod.global_for(plan.cls, "M")
    lines = [
        f"def {name}(o):",
        f"    if o.__class__ is not {cls_name}:",
        f"        raise _type_fail({mod.global_for(plan.cls.__name__, 'N')}, o, None)",
        "    d = {}",
    ]
    for f in json_key_order(plan, rules):
        lines += _encode_field(f, mod, rules)
    if sorts_keys(rules, plan.declared_order) and any(f.by_name for f in plan.fields):
        lines.append("    d = dict(sorted(d.items()))")  # a union's key is its member's
    rules_name = mod.global_for(rules, "R", f"v{rules.number}")
    keys = frozenset(
        k for f in json_key_order(plan, rules) if f.discriminator is None for k in f.names
    )
    declared = mod.global_for(keys, "D", plan.cls.__qualname__)
    return [
        *lines,
        f"    k = o.{KEPT_ATTR}",
        "    if k is not None:",
        f"        d = _json_merge(d, k, {rules_name}, {plan.declared_order}, {declared})",
        "    return d",
    ]


def _unencodable_path(value: Any, path: str) -> str | None:
    """Path of the first string orjson cannot write (a lone surrogate), for the error only."""
    pending = [(value, path)]
    while pending:
        value, path = pending.pop()
        if isinstance(value, str):
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                return path
        elif isinstance(value, dict):
            items = [(v, path + key_segment(k)) for k, v in value.items()]
            pending.extend(reversed(items))
        elif isinstance(value, (list, tuple)):
            pending.extend(reversed([(v, f"{path}[{i}]") for i, v in enumerate(value)]))
    return None


_CLOSE: Final = object()


def _dumps_deep(tree: dict[str, Any]) -> bytes:
    """What ``orjson.dumps(tree)`` writes, for trees nested past orjson's 255 levels (models
    that hold themselves): containers walked here without recursion, every other value
    (strings, numbers, booleans, fragments) written by orjson itself, so the bytes are the
    same as orjson's own."""
    out: list[bytes] = []
    stack: list[tuple[bytes, Any]] = [(b"", tree)]
    dumps = orjson.dumps
    close = _CLOSE
    while stack:
        prefix, value = stack.pop()
        out.append(prefix)
        if value is close:
            continue
        if value.__class__ is dict:
            stack.append((b"}", close))
            entries = list(value.items())
            for i in range(len(entries) - 1, -1, -1):
                key, item = entries[i]
                stack.append(((b"," if i else b"") + dumps(key) + b":", item))
            out.append(b"{")
        elif value.__class__ is list or value.__class__ is tuple:
            stack.append((b"]", close))
            for i in range(len(value) - 1, -1, -1):
                stack.append((b"," if i else b"", value[i]))
            out.append(b"[")
        else:
            out.append(dumps(value))
    return b"".join(out)


_BASE_ENV["_refail"] = _refail
_BASE_ENV["_tagged"] = _tagged
_BASE_ENV["_typed_json"] = typed_json


def build_json_encoder(cls: type[Any], rules: VersionRules) -> Callable[[Any], bytes]:
    """The JSON encoder of a top-level model for one version's rules."""
    plan = plan_for(cls)
    root = plan.root
    assert root is not None
    mod = Namespace(f"je{rules.number}", _BASE_ENV)
    walk = mod.generate(cls, lambda p, name: _encode_function(p, mod, rules, name))
    prefix = "$" + key_segment(root)
    dumps = orjson.dumps
    escape_slashes = escapes_slashes(rules)

    def encode(obj: Any) -> bytes:
        try:
            tree = {root: with_room(ENCODE_LEVELS, walk, obj)}
        except Fail as fail:
            raise EncodeError(fail.problem(prefix)) from None
        except TooDeep:
            raise EncodeError(Problem("limit", "$", TOO_DEEP_TO_WRITE)) from None
        try:
            out = dumps(tree)
        except orjson.JSONEncodeError as exc:
            if "recursion" not in str(exc).lower():
                path = _unencodable_path(tree, "$") or "$"
                raise EncodeError(Problem("type", path, f"cannot write JSON: {exc}")) from None
            out = _dumps_deep(tree)  # orjson stops at 255 levels
        return out.replace(b"/", b"\\/") if escape_slashes else out

    return encode
