"""An oracle of the wire shapes of any model, driven by its plan, written apart from the codec.

The library generates its encoders and decoders from a model's plan. This module answers the
same questions another way, for the differential tests to compare with:

* `xml_tree`: what ``xmltodict.parse`` reads from the XML of an instance, built from the
  instance field by field (declared order; ``None`` and empty lists left out);
* `json_document`: the JSON document of one version, reshaped from what xmltodict read of
  the XML: ``"@name"`` for attributes, ``"$"`` for text, element names as keys; a one-item
  list written as the item where the version collapses it, keys in XML order or sorted as the
  version says, numbers and booleans as JSON values except where the version writes an
  attribute as a string;
* `value_of`: the instance that an xmltodict reading holds.

What it shares with the code under test is the declaration only: the plan (`codec._plan`:
fields, wire kinds and names, list-ness, value types) and the version rules' questions
(`codec._versions`: `collapses`, `attribute_as_text`, `sorts_keys`). Not the value kinds'
conversions (each kind's text and JSON forms are written again below, plainly), no generated
code, no reader of the library: xmltodict reads the XML, the standard library the JSON.

Documents compare with `ordered`, which keeps key order and tells ``1`` from ``True``.
"""

from __future__ import annotations

import enum
import json
from datetime import datetime
from typing import Any, Final

import attrs
import xmltodict

from codec._fields import WireKind
from codec._plan import FieldPlan, ModelPlan, ScalarKind, plan_for
from codec._versions import VERSIONS, VersionRules, attribute_as_text, collapses, sorts_keys

__all__ = ["json_document", "ordered", "read_json", "read_xml", "value_of", "xml_tree"]

#: How the encoder starts every XML document.
XML_DECLARATION: Final = b'<?xml version="1.0" ?>\n'
_TEXT: Final = "#text"  # xmltodict's key for an element's own text


def read_xml(data: bytes | str) -> dict[str, Any]:
    """What xmltodict reads: text exactly as written (whitespace kept), names as written."""
    tree: dict[str, Any] = xmltodict.parse(data, strip_whitespace=False)
    return tree


def read_json(data: bytes | str) -> Any:
    """What the standard library reads (objects in document order)."""
    return json.loads(data)


def ordered(doc: Any) -> Any:
    """``doc`` in a form whose equality is exact: objects as their (key, value) pairs in
    order, scalars with their type (``1``, ``1.0`` and ``True`` differ)."""
    if isinstance(doc, dict):
        return ("object", [(key, ordered(value)) for key, value in doc.items()])
    if isinstance(doc, list):
        return ("array", [ordered(value) for value in doc])
    return (type(doc).__name__, doc)


# --------------------------------------------------------------------------- values and text


def _is_enum(f: FieldPlan) -> bool:
    return isinstance(f.type, type) and issubclass(f.type, enum.Enum)


def _to_text(f: FieldPlan, value: Any) -> str:
    """The XML text of a scalar value (a datetime in PI's form: milliseconds, ``Z`` for
    UTC)."""
    if isinstance(value, datetime):
        text = value.isoformat(timespec="milliseconds")
        return text[:-6] + "Z" if text.endswith("+00:00") else text
    if isinstance(value, enum.Enum):
        return str(value.value)
    if f.type is bool:
        return "true" if value else "false"
    if f.type is float:
        return repr(float(value))
    return str(value)  # int, str, an open enum's unknown string


def _from_text(f: FieldPlan, text: str) -> Any:
    """The value of XML text, for text the encoder writes."""
    if f.type is bool:
        return {"true": True, "false": False}[text]
    if f.type is int:
        return int(text)
    if f.type is float:
        return float(text)
    if f.type is datetime:
        return datetime.fromisoformat(text)
    if _is_enum(f):
        members = {m.value: m for m in f.type}
        return members[text] if text in members or not f.open else text
    return text


def _java_double(value: float) -> str:
    """Java's ``Double.toString``, from Python's shortest ``repr`` read apart."""
    if value == 0:
        return "-0.0" if str(value).startswith("-") else "0.0"
    sign, text = ("-", repr(-value)) if value < 0 else ("", repr(value))
    mantissa, _, exp = text.partition("e")
    whole, _, fraction = mantissa.partition(".")
    digits = (whole + fraction).lstrip("0").rstrip("0") or "0"
    # the power of ten of the first significant digit
    if whole != "0":
        power = len(whole) - 1 + int(exp or 0)
    else:
        power = -(len(fraction) - len(fraction.lstrip("0"))) - 1 + int(exp or 0)
    if 1e-3 <= abs(value) < 1e7:
        if power < 0:
            return sign + "0." + "0" * (-power - 1) + digits
        head = (digits + "0" * (power + 1))[: power + 1]
        return sign + head + "." + (digits[power + 1 :] or "0")
    return sign + digits[0] + "." + (digits[1:] or "0") + "E" + str(power)


def _v1_typed(text: str) -> Any:
    """What v1 JSON writes for element text declared a string: a long or a double where Java
    reads and writes the text back unchanged, a boolean for true/false, else the text."""
    if text in ("true", "false"):
        return text == "true"
    try:
        number = int(text, 10)
    except ValueError:
        pass
    else:
        if str(number) == text and -(2**63) <= number < 2**63:
            return number
        return text
    try:
        double = float(text)
    except ValueError:
        return text
    finite = double not in (float("inf"), float("-inf")) and double == double
    if finite and _java_double(double) == text and text.strip() == text and "_" not in text:
        return double
    return text


def _json_scalar(f: FieldPlan, text: str, rules: VersionRules) -> Any:
    """The JSON value of a scalar whose XML text is ``text``: a string for str and enums,
    and for every attribute in a version that writes attributes as text; else a number or
    a boolean. v1 writes element text declared a string by its content."""
    if f.type is str and rules.typed_text and not f.is_attribute:
        return _v1_typed(text)
    if f.type in (str, datetime) or _is_enum(f) or attribute_as_text(rules, f):
        return text
    return _from_text(f, text)


# --------------------------------------------------------------------------- the XML tree


def xml_tree(instance: Any) -> dict[str, Any]:
    """What ``xmltodict.parse`` reads from the XML encoding of ``instance`` (a root model)."""
    plan = plan_for(type(instance))
    assert plan.root is not None
    return {plan.root: _element(instance)}


def _one_or_many(items: list[Any]) -> Any:
    return items[0] if len(items) == 1 else items


def _item(f: FieldPlan, value: Any) -> Any:
    if f.scalar is ScalarKind.MODEL:
        return _element(value)
    return _to_text(f, value) or None  # xmltodict reads an empty element as None


def _member(f: FieldPlan, value: Any) -> tuple[str, Any]:
    """A union's value: (the element's name, what xmltodict reads of it). By element name,
    the member's own element; by discriminator, the field's, the attribute first."""
    for tag, member in f.choices:
        if type(value) is plan_for(member).cls:
            if f.discriminator is None:
                return tag, _element(value)
            return f.name, _element(value, ("@" + f.discriminator, tag))
    raise AssertionError(f"{value!r} is no member of {f.attr}")


def _element(instance: Any, tag: tuple[str, str] | None = None) -> Any:
    """xmltodict's reading of a model's element: ``None`` when empty, its text alone when it
    has nothing else, else a dict (namespace declarations, a union's discriminator
    (``tag``), attributes, text, children in document order)."""
    plan = plan_for(type(instance))
    out: dict[str, Any] = {f"@xmlns:{prefix}": uri for prefix, uri in plan.namespaces}
    if tag is not None:
        out[tag[0]] = tag[1]
    for f in plan.attributes:
        value = getattr(instance, f.attr)
        if value is not None:
            out["@" + f.name] = _to_text(f, value)
    if plan.text is not None:
        value = getattr(instance, plan.text.attr)
        if value is not None and _to_text(plan.text, value):
            out[_TEXT] = _to_text(plan.text, value)
    for f in plan.children:
        value = getattr(instance, f.attr)
        if f.choices and value is not None:
            name, element = _member(f, value)
            out[name] = element
        elif f.is_list and not value and f.write_empty:
            out[f.name] = None  # the empty wrapper element
        elif f.is_list and value:
            items = _one_or_many([_item(f, v) for v in value])
            out[f.name] = {f.item: items} if f.kind is WireKind.WRAPPED else items
        elif not f.is_list and value is not None:
            out[f.name] = _item(f, value)
    if not out:
        return None
    if list(out) == [_TEXT]:
        return out[_TEXT]
    return out


# --------------------------------------------------------------------------- reading a tree


def _as_dict(node: Any) -> dict[str, Any]:
    """A model's element as xmltodict read it, as a dict in every case."""
    if node is None:
        return {}
    if isinstance(node, str):
        return {_TEXT: node}
    assert isinstance(node, dict), node
    return node


def _as_list(items: Any) -> list[Any]:
    return items if isinstance(items, list) else [items]


def _by_key(plan: ModelPlan) -> dict[str, FieldPlan]:
    """The fields of a model by their xmltodict key (a union by element name: each of its
    members' names)."""
    keys: dict[str, FieldPlan] = {}
    for f in plan.fields:
        names = [tag for tag, _ in f.choices] if f.by_name else [f.json_key]
        keys.update((_TEXT if f.is_text else name, f) for name in names)
    return keys


def _list_items(f: FieldPlan, raw: Any) -> list[Any]:
    """The items of a list field as xmltodict read them (a wrapper may be empty)."""
    if f.kind is WireKind.WRAPPED:
        assert f.item is not None
        raw = _as_dict(raw)
        return [] if f.item not in raw else _as_list(raw[f.item])
    return _as_list(raw)


def _fields_of(
    plan: ModelPlan, node: Any, skip: str | None = None
) -> list[tuple[FieldPlan, str, Any]]:
    """The fields an element holds, in document order, each with its key and what xmltodict
    read of it (layout whitespace beside child elements, namespace declarations and the
    discriminator ``skip`` left out; anything else undeclared fails)."""
    fields = _by_key(plan)
    found = []
    for key, raw in _as_dict(node).items():
        if key == _TEXT and plan.text is None:
            assert not raw.strip(), f"stray text {raw!r}"
            continue
        if key.startswith("@xmlns:") or key == skip:
            continue
        assert key in fields, f"{key!r} is not declared by {plan.cls.__name__}"
        found.append((fields[key], key, raw))
    return found


def _chosen(f: FieldPlan, key: str, raw: Any) -> Any:
    """The member of union ``f`` that the element read as ``key``/``raw`` holds."""
    tag = key if f.discriminator is None else _as_dict(raw)["@" + f.discriminator]
    [member] = [m for t, m in f.choices if t == tag]
    return member


def value_of(tree: dict[str, Any], cls: type[Any]) -> Any:
    """The instance of root model ``cls`` that an xmltodict reading holds."""
    plan = plan_for(cls)
    [(root, node)] = tree.items()
    assert root == plan.root, root
    return _value(plan, node)


def _value(plan: ModelPlan, node: Any, skip: str | None = None) -> Any:
    values: dict[str, Any] = {}
    for f, key, raw in _fields_of(plan, node, skip):
        if f.choices:
            skip_tag = None if f.discriminator is None else "@" + f.discriminator
            values[f.attr] = _value(plan_for(_chosen(f, key, raw)), raw, skip_tag)
        elif f.is_list:
            values[f.attr] = [_item_value(f, item) for item in _list_items(f, raw)]
        else:
            values[f.attr] = _item_value(f, raw)
    text = plan.text
    if text is not None and text.attr not in values and not text.optional:
        values[text.attr] = _from_text(text, "")  # an empty required text
    alias = {a.name: a.alias for a in attrs.fields(plan.cls)}
    return plan.cls(**{alias[name]: value for name, value in values.items()})


def _item_value(f: FieldPlan, raw: Any) -> Any:
    if f.scalar is ScalarKind.MODEL:
        return _value(plan_for(f.type), raw)
    assert raw is None or isinstance(raw, str), f"{f.name}: text expected, found {raw!r}"
    return _from_text(f, raw or "")


# --------------------------------------------------------------------------- JSON


def json_document(tree: dict[str, Any], cls: type[Any], version: int) -> dict[str, Any]:
    """The JSON document that ``version`` writes for the XML that xmltodict read as ``tree``."""
    plan = plan_for(cls)
    [(root, node)] = tree.items()
    assert root == plan.root, root
    return {root: _json_model(plan, node, VERSIONS[version])}


def _json_model(
    plan: ModelPlan, node: Any, rules: VersionRules, skip: str | None = None
) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if skip is not None:  # a union's discriminator: first, as XML writes it (no xmlns in JSON)
        out[skip] = _as_dict(node)[skip]
    for f, key, raw in _fields_of(plan, node, skip):  # XML order: attributes, text, children
        if f.choices:
            tag = None if f.discriminator is None else "@" + f.discriminator
            out[key] = _json_model(plan_for(_chosen(f, key, raw)), raw, rules, tag)
            continue
        if not f.is_list:
            out[f.json_key] = _json_item(f, raw, rules)
            continue
        items = [_json_item(f, item, rules) for item in _list_items(f, raw)]
        if not items:
            if f.write_empty and rules.empty_wrapper:
                out[f.json_key] = ""  # an empty wrapper, as v1 writes it
            continue  # else an empty wrapper: an empty list, left out
        shaped = items[0] if len(items) == 1 and collapses(rules, f) else items
        out[f.json_key] = {f.item: shaped} if f.kind is WireKind.WRAPPED else shaped
    text = plan.text
    if text is not None and "$" not in out and not text.optional:
        out["$"] = _json_scalar(text, "", rules)  # an empty required text (after attributes)
    if sorts_keys(rules, plan.declared_order):
        return dict(sorted(out.items()))
    if rules.sort_keys and plan.json_order:  # the model's own order, where others sort
        first = [f.json_key for name in plan.json_order for f in plan.fields if f.attr == name]
        return {**{k: out[k] for k in first if k in out}, **out}
    return out


def _json_item(f: FieldPlan, raw: Any, rules: VersionRules) -> Any:
    if f.scalar is ScalarKind.MODEL:
        return _json_model(plan_for(f.type), raw, rules)
    assert raw is None or isinstance(raw, str), f"{f.name}: text expected, found {raw!r}"
    return _json_scalar(f, raw or "", rules)
