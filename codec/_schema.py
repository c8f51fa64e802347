"""JSON Schema (draft 2020-12) of a payload's JSON shape in one API version, from its plan.

The schema accepts what strict decoding (and `codec.validate`) accepts in that version, so
that a tool that speaks JSON Schema and not Python can check payloads the way this library
does. It is generated from the same plans (`_plan`) and version rules (`_versions`) as the
codecs. Mapping decisions:

* The document is an object with exactly the root key; each model class is one entry of
  ``$defs``, named after the class, an object with ``additionalProperties: false`` (strict
  reports unknown keys) whose ``required`` lists the required scalars and models and the
  lists declared ``required`` (non-empty).
* An optional value (one with a default) is absent, never ``null``: no version writes
  ``null`` (the encoder leaves absent values out), and strict decoding refuses it.
* Integers are JSON integers in the signed 64-bit range. Booleans are JSON booleans. Strings
  are any string. In v1 (attributes as text: see `_versions`) attribute values are strings:
  an integer attribute is canonical decimal text in the 64-bit range (one exact ``pattern``:
  no ``+``, no leading zeros, no ``-0``), a boolean one ``"true"`` or ``"false"``; in v2+
  they are numbers and booleans like any element. Floats are JSON numbers (a v1 attribute:
  decimal text with an optional exponent). Datetimes are ``date-time`` strings with the
  pattern of their written form; as epoch milliseconds, integers in the range a datetime
  holds. Each value kind's fragment comes from `_kinds`.
* An enum is ``enum`` of its values. An open enum (``SomeEnum | str``) too: lenient decoding
  keeps a value it does not know, but strict decoding reports it (code ``enum``), and the
  schema follows strict.
* A list field holds its items in an array, or, where the version collapses single items
  (v1) and the field is not ``always_array``, in ``oneOf`` [the item itself, an array of two
  or more]: a one-item array is not v1. In v2+ it is an array of one or more items. A
  wrapped list is an object holding only the item key. An empty list is written as absent:
  strict decoding refuses ``null``, ``[]`` (for the field or for its items) and a wrapper
  ``{}``, which no version writes, and so does the schema; a list declared ``required`` must
  be present with at least one item.
* A root model that marks version-bearing URL attributes (`codec._check.VersionUrls`, such
  as PI's ``@requestUrl`` and ``@rootUrl``) and declares them as strings carries the URL rule
  of strict decoding: if its URLs name API versions (PI's ``/webacs/api/vN/``), one of them
  must be this version. So ``v2_response.json`` is valid for v2 only, as `codec.validate`
  says.

Not encoded, where a schema sees less than strict decoding (the schema is more lenient):

* JSON text is below what a schema sees (a parsed document): syntax, a UTF-8 BOM, the size
  and depth limits, and a key repeated in one object (strict decoding reports ``shape``; a
  parser keeps one of the values). Neither checks key order or v1's ``\\/`` escape.
* An integral number written with a fraction or exponent (``1.0``, ``1e2``): JSON Schema's
  ``integer`` takes it, strict decoding reports ``type``.
* A float as v1 attribute text past the double range (``"1e999"``): the pattern takes it,
  strict decoding reports ``range``. So for a date the calendar lacks (February 30).
* The versions a URL names are found in both by regular expressions (ASCII digits only), which
  agree: each version segment counts, overlapping ones included.

Everything is deterministic: properties, ``required``, ``$defs`` and enum values are sorted,
and payloads in `any_payload_schema` are ordered by root name.
"""

from __future__ import annotations

import re
import typing
from collections.abc import Iterable
from typing import Any, Final

from ._check import VersionUrls, version_urls_of
from ._errors import ArgumentError
from ._fields import WireKind
from ._kinds import int64_text_pattern
from ._plan import FieldPlan, ModelPlan, ScalarKind, in_version, plan_for
from ._versions import (
    VERSIONS,
    VersionRules,
    attribute_as_text,
    collapses,
    empty_wrapper_text,
    parse_version,
    types_text,
)
from ._wire import origin_of, type_label

__all__ = ["DIALECT", "any_payload_schema", "int64_text_pattern", "json_schema"]

DIALECT: Final = "https://json-schema.org/draft/2020-12/schema"


def _name(cls: Any) -> str:
    """A model's definition name: its class name; a parametrization's joins the names of its
    class and arguments (``QueryResponse_Device``), a JSON pointer needing no escapes."""
    args = () if isinstance(cls, type) else typing.get_args(cls)
    origin = origin_of(cls) if args else None
    if origin is None:
        return str(getattr(cls, "__name__", cls))
    return "_".join([origin.__name__, *map(_name, args)])


def _ref(cls: Any) -> dict[str, Any]:
    return {"$ref": f"#/$defs/{_name(cls)}"}


def _where(cls: Any) -> str:
    origin = origin_of(cls) or cls
    return f"{origin.__module__}.{type_label(cls)}"


#: An optional element said to hold no value: ``{"@xsi:nil": "true"}`` (or ``1``, or a JSON
#: boolean), and namespace declarations beside it.
_NIL: Final = {
    "type": "object",
    "properties": {
        "@xsi:nil": {"anyOf": [{"const": True}, {"type": "string", "pattern": r"^\s*(true|1)\s*$"}]}
    },
    "patternProperties": {"^@xmlns(:.*)?$": {"type": "string"}},
    "required": ["@xsi:nil"],
    "additionalProperties": False,
}


_NIL_NAME: Final = "xsi_nil"


class _Builder:
    """Definitions of one schema, by class name; one version's rules."""

    def __init__(self, rules: VersionRules) -> None:
        self.rules = rules
        self.defs: dict[str, dict[str, Any]] = {}
        self.classes: dict[str, type[Any]] = {}

    def define(self, cls: type[Any]) -> None:
        name = _name(cls)
        known = self.classes.get(name)
        if known == cls:  # the same class, or an equal parametrization
            return
        if known is not None:
            raise ArgumentError(
                f"two models named {name!r} ({_where(known)} and {_where(cls)}): a schema "
                "names definitions by class"
            )
        self.classes[name] = cls  # first, since a model may hold itself
        self.defs[name] = self.model(plan_for(cls))

    def scalar(self, f: FieldPlan) -> dict[str, Any]:
        if f.scalar is ScalarKind.VALUE:
            if types_text(self.rules, f):
                return f.vkind.typed_schema()
            return f.vkind.schema(attribute_as_text(self.rules, f))
        if f.discriminator is not None:  # each member with its discriminator's value
            return {"oneOf": [self.tagged(f.discriminator, t, m) for t, m in f.choices]}
        self.define(f.type)
        return _ref(f.type)

    def tagged(self, discriminator: str, tag: str, member: Any) -> dict[str, Any]:
        """A reference to ``member``'s definition with its discriminator's value, one per
        (member, value): ``Device__ns2_device``."""
        name = f"{_name(member)}__{re.sub(r'[^A-Za-z0-9_.-]', '_', tag)}"
        if name not in self.defs:
            self.defs[name] = {}  # first, since a model may hold itself
            schema = self.model(plan_for(member))
            key = "@" + discriminator
            schema["properties"] = dict(
                sorted({**schema["properties"], key: {"const": tag}}.items())
            )
            schema["required"] = sorted([*schema.get("required", []), key])
            self.defs[name] = schema
        return {"$ref": f"#/$defs/{name}"}

    def items(self, f: FieldPlan) -> dict[str, Any]:
        """The value holding the items of a non-empty list: an array, or one item (v1)."""
        if collapses(self.rules, f):
            many = {"type": "array", "items": self.scalar(f), "minItems": 2}
            return {"oneOf": [self.scalar(f), many]}
        return {"type": "array", "items": self.scalar(f), "minItems": 1}

    def list_field(self, f: FieldPlan) -> dict[str, Any]:
        items = self.items(f)
        if f.kind is WireKind.REPEATED:
            return items
        assert f.item is not None
        wrapper = {
            "type": "object",
            "properties": {f.item: items},
            "required": [f.item],
            "additionalProperties": False,
        }
        if empty_wrapper_text(self.rules) and not f.nonempty:
            return {"anyOf": [wrapper, {"const": ""}]}  # an empty wrapper, as v1 writes it
        return wrapper

    def field(self, f: FieldPlan) -> dict[str, Any]:
        if f.is_list:
            return self.list_field(f)
        if f.optional and f.kind is WireKind.ELEMENT:  # or nil (see codec._check.NIL)
            self.defs[_NIL_NAME] = _NIL
            return {"anyOf": [self.scalar(f), {"$ref": f"#/$defs/{_NIL_NAME}"}]}
        return self.scalar(f)

    def model(self, plan: ModelPlan) -> dict[str, Any]:
        number = self.rules.number  # a field of some versions only: in the schema of those
        fields = sorted((f for f in plan.fields if in_version(f, number)), key=lambda f: f.json_key)
        properties: dict[str, Any] = {}
        for f in fields:
            for key, member in f.choices if f.by_name else ():  # each member its own key
                self.define(member)
                properties[key] = _ref(member)
            if not f.by_name:
                properties[f.json_key] = self.field(f)
        schema: dict[str, Any] = {
            "type": "object",
            "properties": dict(sorted(properties.items())),
            "additionalProperties": False,
        }
        required = [
            f.json_key
            for f in fields
            if not f.by_name and (f.nonempty or (f.required and not f.is_list))
        ]
        if required:
            schema["required"] = required
        constraints: list[dict[str, Any]] = []
        for f in fields:
            if not f.by_name:
                continue
            pairs = [{"required": [a, b]} for a in f.names for b in f.names if a < b]
            constraints.append({"not": {"anyOf": pairs}})  # never two members
            if f.required:
                constraints.append({"anyOf": [{"required": [k]} for k in f.names]})
        if constraints:
            schema["allOf"] = constraints
        rule = None if plan.root is None else version_urls_of(plan.cls)
        if rule is not None:
            urls = [
                f.json_key
                for f in fields
                if f.kind is WireKind.ATTRIBUTE
                and f.name in rule.names
                and f.value_kind is not None
                and f.value_kind.free_text
            ]
            if urls:
                schema["anyOf"] = self.url_rule(rule, urls)
        return schema

    def url_rule(self, rule: VersionUrls, keys: list[str]) -> list[dict[str, Any]]:
        """No URL names an API version, or one names this one."""

        def url(key: str, pattern: str) -> dict[str, Any]:
            return {"required": [key], "properties": {key: {"type": "string", "pattern": pattern}}}

        number = self.rules.number
        any_version, this_version = rule.json_patterns(number)
        some = [url(key, any_version) for key in keys]
        this = [url(key, this_version) for key in keys]
        none: dict[str, Any] = {"not": {"anyOf": some}}
        none["$comment"] = f"URLs naming an API version ({any_version}) must name v{number}"
        return [none, *this]


def _document(plan: ModelPlan) -> dict[str, Any]:
    assert plan.root is not None
    return {
        "type": "object",
        "properties": {plan.root: _ref(plan.key)},
        "required": [plan.root],
        "additionalProperties": False,
    }


def _payload_plan(cls: type[Any]) -> ModelPlan:
    plan = plan_for(cls)
    if plan.root is None:
        raise ArgumentError(
            f"{cls!r} is not a top-level payload model (one declared with @model(root=...))"
        )
    return plan


def json_schema(cls: type[Any], version: int | str) -> dict[str, Any]:
    """The JSON Schema of payload ``cls`` written as JSON in one API version (1-4 or "vN")."""
    rules = VERSIONS[parse_version(version)]
    plan = _payload_plan(cls)
    builder = _Builder(rules)
    builder.define(cls)
    return {
        "$schema": DIALECT,
        "title": f"{type_label(cls)} <{plan.root}>, API v{rules.number} JSON",
        **_document(plan),
        "$defs": dict(sorted(builder.defs.items())),
    }


def any_payload_schema(version: int | str, types: Iterable[type[Any]] = ()) -> dict[str, Any]:
    """One JSON Schema accepting any payload of ``types`` in one version
    (`codec.any_payload_schema` defaults them to the shipped payloads)."""
    rules = VERSIONS[parse_version(version)]
    plans: dict[str, ModelPlan] = {}
    for cls in types:
        plan = _payload_plan(cls)
        assert plan.root is not None
        other = plans.get(plan.root)
        if other is not None and other.key != cls:
            raise ArgumentError(f"{other.label} and {type_label(cls)} share the root {plan.root!r}")
        plans[plan.root] = plan
    if not plans:
        raise ArgumentError("no payload types given")
    builder = _Builder(rules)
    for root in sorted(plans):
        builder.define(plans[root].key)
    return {
        "$schema": DIALECT,
        "title": f"any payload of {', '.join(sorted(plans))}, API v{rules.number} JSON",
        "oneOf": [_document(plans[root]) for root in sorted(plans)],
        "$defs": dict(sorted(builder.defs.items())),
    }
