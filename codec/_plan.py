"""A model class read once into a plan: its fields, their wire places and value types.

The codecs (`_json`, `_xml`) generate their encoders and decoders from plans, never from the
attrs class directly, so everything a codec may rely on is checked here, at declaration use:

* every field has exactly one wire place, and no two fields share one;
* a list field is declared with ``wrapped`` or ``repeated``, and only list fields are;
* the value type is one of ``int`` (signed 64-bit on the wire), ``str``, ``bool``, an
  ``enum.Enum`` whose values are strings, or another model; optional (``X | None``) is allowed
  for scalars and models, and means "absent on the wire".
"""

from __future__ import annotations

import enum
import types
import typing
from collections.abc import Sequence
from typing import Any, Final, Union

import attrs

from ._cache import once
from ._errors import CodecError
from ._fields import (
    WIRE_KEY,
    Wire,
    WireKind,
    as_tuple,
    camel_case,
    declared_order_of,
    is_model,
    open_enum_of,
    root_of,
)

__all__ = [
    "DeclarationError",
    "FieldPlan",
    "ModelPlan",
    "ScalarKind",
    "construct_lines",
    "missing_list",
    "plan_for",
]

INT64_MIN: Final = -(2**63)
INT64_MAX: Final = 2**63 - 1


class DeclarationError(CodecError, TypeError):
    """A model class whose declaration cannot be put on the wire."""


class ScalarKind(enum.Enum):
    INT = "integer"
    STR = "string"
    BOOL = "boolean"
    ENUM = "enum"
    MODEL = "object"


@attrs.frozen
class FieldPlan:
    """One field: Python name, wire place and value type."""

    attr: str
    kind: WireKind
    name: str  # attribute, element, wrapper or repeated item name; "$" for text
    item: str | None  # the item element of a wrapped list
    scalar: ScalarKind
    type: type[Any]  # int, str, bool, the enum class or the model class
    is_list: bool
    optional: bool
    required: bool
    always_array: bool
    #: an enum that also takes strings it does not know (declared ``SomeEnum | str``)
    open: bool = False
    #: a list that strict decoding and validation want non-empty
    nonempty: bool = False

    @property
    def json_key(self) -> str:
        """The key of this field in its parent JSON object."""
        return "@" + self.name if self.kind is WireKind.ATTRIBUTE else self.name


@attrs.frozen
class ModelPlan:
    cls: type[Any]
    root: str | None
    fields: tuple[FieldPlan, ...]
    #: JSON keys in declared order in every version (else the version's rule)
    declared_order: bool
    #: True when instances may be built without calling ``__init__`` (no validators, no
    #: converters but ours, no ``__attrs_post_init__``): the decoders' fast path.
    direct_build: bool

    @property
    def attributes(self) -> tuple[FieldPlan, ...]:
        return tuple(f for f in self.fields if f.kind is WireKind.ATTRIBUTE)

    @property
    def children(self) -> tuple[FieldPlan, ...]:
        return tuple(f for f in self.fields if f.kind not in (WireKind.ATTRIBUTE, WireKind.TEXT))

    @property
    def text(self) -> FieldPlan | None:
        return next((f for f in self.fields if f.kind is WireKind.TEXT), None)


def _unwrap_optional(tp: Any) -> tuple[Any, bool, bool]:
    """``X | None`` -> (X, optional); ``SomeEnum | str`` -> (SomeEnum, open)."""
    origin = typing.get_origin(tp)
    if origin is not Union and origin is not types.UnionType:
        return tp, False, False
    args = typing.get_args(tp)
    rest = [a for a in args if a is not type(None)]
    optional = len(rest) < len(args)
    if len(rest) == 2 and str in rest:
        other = rest[1 - rest.index(str)]
        if isinstance(other, type) and issubclass(other, enum.Enum):
            return other, optional, True
    if len(rest) == 1:
        return rest[0], optional, False
    return tp, False, False


def _unwrap_list(tp: Any) -> tuple[Any, bool]:
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        return args[0], True
    if origin in (list, Sequence, typing.Sequence) and len(args) == 1:
        return args[0], True
    return tp, False


def _scalar_kind(tp: Any, where: str) -> ScalarKind:
    if tp is bool:
        return ScalarKind.BOOL
    if tp is int:
        return ScalarKind.INT
    if tp is str:
        return ScalarKind.STR
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        if not all(isinstance(m.value, str) for m in tp):
            raise DeclarationError(f"{where}: enum {tp.__name__} must have string values")
        return ScalarKind.ENUM
    if is_model(tp):
        return ScalarKind.MODEL
    raise DeclarationError(
        f"{where}: type {tp!r} is not int, str, bool, a string enum or a codec model"
    )


def _field_plan(cls: type[Any], field: attrs.Attribute[Any]) -> FieldPlan:
    where = f"{cls.__qualname__}.{field.name}"
    wire: Wire = field.metadata.get(WIRE_KEY) or Wire(WireKind.ELEMENT)
    inner, optional, open_ = _unwrap_optional(field.type)
    inner, is_list = _unwrap_list(inner)
    list_kind = wire.kind in (WireKind.WRAPPED, WireKind.REPEATED)
    if is_list != list_kind:
        raise DeclarationError(
            f"{where}: a list type needs wrapped() or repeated(), and only a list type may use them"
        )
    if is_list and optional:
        raise DeclarationError(f"{where}: a list is never None; an empty list is absent")
    scalar = _scalar_kind(inner, where)
    if wire.kind in (WireKind.ATTRIBUTE, WireKind.TEXT) and scalar is ScalarKind.MODEL:
        raise DeclarationError(f"{where}: an attribute or text holds a scalar, not a model")
    return FieldPlan(
        attr=field.name,
        kind=wire.kind,
        name=wire.name or camel_case(field.name),
        item=wire.item,
        scalar=scalar,
        type=inner,
        is_list=is_list,
        optional=optional,
        required=field.default is attrs.NOTHING,
        always_array=wire.always_array,
        open=open_,
        nonempty=wire.required,
    )


@once
def plan_for(cls: type[Any]) -> ModelPlan:
    """Read a model class into its plan, once; raises `DeclarationError` for a bad one."""
    if not is_model(cls):
        raise DeclarationError(f"{cls!r} is not a codec model (declare it with @codec.model)")
    attrs.resolve_types(cls)
    fields = tuple(_field_plan(cls, f) for f in attrs.fields(cls))
    seen: dict[tuple[str, str], str] = {}
    for f in fields:
        place = ("@" if f.kind is WireKind.ATTRIBUTE else "", f.name)
        if place in seen:
            raise DeclarationError(
                f"{cls.__qualname__}: {f.attr} and {seen[place]} share the wire name {f.name!r}"
            )
        seen[place] = f.attr
    if any(f.kind is WireKind.TEXT for f in fields) and any(
        f.kind not in (WireKind.TEXT, WireKind.ATTRIBUTE) for f in fields
    ):
        raise DeclarationError(
            f"{cls.__qualname__}: a model with text() holds attributes and text, not elements"
        )
    if sum(f.kind is WireKind.TEXT for f in fields) > 1:
        raise DeclarationError(f"{cls.__qualname__}: at most one text() field")
    direct = not hasattr(cls, "__attrs_post_init__") and all(
        a.validator is None
        and (a.converter in (None, as_tuple) or open_enum_of(a.converter) is not None)
        for a in attrs.fields(cls)
    )
    return ModelPlan(
        cls=cls,
        root=root_of(cls),
        fields=fields,
        declared_order=declared_order_of(cls),
        direct_build=direct,
    )


def missing_list(f: FieldPlan) -> str:
    """The message for an empty list declared ``required=True``."""
    return f"missing required list {f.json_key!r}: at least one {f.item or f.name!r} is needed"


def construct_lines(plan: ModelPlan, indent: str) -> tuple[list[str], dict[str, Any]]:
    """Source lines building ``plan.cls`` into local ``o`` from locals named ``v_<attr>``.

    Returns the lines and the globals they need. Decoders have already checked and converted
    every value (lists are tuples), so where the class has no validators or foreign converters
    the instance is made without ``__init__``, by writing its slots: a frozen attrs
    ``__init__`` costs more than twice the slot writes it performs.
    """
    cls = plan.cls
    tag = f"{cls.__name__}_{id(cls):x}"  # unique in a namespace shared by many models
    name = f"_C_{tag}"
    env: dict[str, Any] = {name: cls}
    slots = [cls.__dict__.get(f.attr) for f in plan.fields]
    if not plan.direct_build or not all(hasattr(s, "__set__") for s in slots):
        args = ", ".join(f"{f.attr}=v_{f.attr}" for f in plan.fields)
        return [f"{indent}o = {name}({args})"], env
    env["_new"] = object.__new__
    lines = [f"{indent}o = _new({name})"]
    for f, slot in zip(plan.fields, slots, strict=True):
        setter = f"_set_{tag}_{f.attr}"
        env[setter] = slot.__set__  # type: ignore[union-attr]
        lines.append(f"{indent}{setter}(o, v_{f.attr})")
    return lines, env
