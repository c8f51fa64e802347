"""A model class read once into a plan: its fields, their wire places and value types.

The codecs (`_json`, `_xml`) generate their encoders and decoders from plans, never from the
attrs class directly, so everything a codec may rely on is checked here, at declaration use:

* every field has exactly one wire place, and no two fields share one;
* every wire name (root, attribute, element, wrapper, item) is an XML name that expat reads:
  ``NCName`` or ``prefix:NCName``, never ``xmlns`` (a namespace declaration), so no name can
  break the documents written or the code generated from the plan;
* a list field is declared with ``wrapped`` or ``repeated``, and only list fields are;
* the value type is one that `_kinds` has a kind for (``int``, ``str``, ``bool``, ``float``,
  ``datetime``, an ``enum.Enum`` whose values are strings, open or not), in a wire form that
  kind has (``form=``), or another model; optional (``X | None``) is allowed for scalars and
  models, and means "absent on the wire".
"""

from __future__ import annotations

import enum
import functools
import re
import types
import typing
from collections.abc import Sequence
from typing import Any, Final, Union
from xml.parsers import expat

import attrs

from ._cache import once
from ._errors import DeclarationError
from ._fields import (
    KEPT_ATTR,
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
from ._kinds import Kind, kind_for
from ._values import Fail, key_segment

__all__ = [
    "DeclarationError",
    "FieldPlan",
    "ModelPlan",
    "ScalarKind",
    "blamer",
    "missing_list",
    "name_problem",
    "plan_for",
]


class ScalarKind(enum.Enum):
    """A field holds a scalar value (of a kind from `_kinds`) or a model."""

    VALUE = "value"
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
    #: the value kind of a scalar field (None for a model)
    value_kind: Kind | None = None

    @property
    def vkind(self) -> Kind:
        """The value kind of a scalar field."""
        assert self.value_kind is not None, "a model field has no value kind"
        return self.value_kind

    @property
    def json_key(self) -> str:
        """The key of this field in its parent JSON object."""
        return "@" + self.name if self.kind is WireKind.ATTRIBUTE else self.name

    @property
    def is_attribute(self) -> bool:
        return self.kind is WireKind.ATTRIBUTE

    @property
    def is_text(self) -> bool:
        return self.kind is WireKind.TEXT


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


# XML 1.0 (fifth edition) NameStartChar and NameChar, less ":" (Namespaces in XML: NCName).
_NAME_START: Final = (
    "A-Z_a-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff"
    "\u200c-\u200d\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd"
    "\U00010000-\U000effff"
)
_NAME_CHAR: Final = _NAME_START + "\\-.0-9\u00b7\u0300-\u036f\u203f-\u2040"
_NCNAME: Final = f"[{_NAME_START}][{_NAME_CHAR}]*"


@functools.cache
def _qname() -> re.Pattern[str]:
    """The name pattern, compiled on first use: its character classes cost some 7 ms to
    compile, which `import codec` should not pay."""
    return re.compile(f"{_NCNAME}(?::{_NCNAME})?")


def name_problem(name: str, *, declaration: bool = False) -> str | None:
    """Why ``name`` cannot be written as an element or attribute name, or ``None`` when it
    can; ``declaration`` allows ``xmlns`` and ``xmlns:prefix`` (kept attributes)."""
    if _qname().fullmatch(name) is None:
        return "is not an XML name (NCName or prefix:NCName)"
    if not declaration and (name == "xmlns" or name.startswith("xmlns:")):
        return "is a namespace declaration, not a name"
    # Expat (both XML decoders) knows the older, narrower name characters of XML 1.0's
    # Appendix B: a name it refuses could be written but never read back.
    parser = expat.ParserCreate()
    try:
        parser.Parse(f'<{name} {name}=""/>'.encode(), True)
    except expat.ExpatError:
        return "is not a name the XML parser reads (XML 1.0 Appendix B characters)"
    return None


def check_name(name: object, where: str, what: str) -> str:
    """``name`` as a plain `str`; `DeclarationError` unless it may be written as an XML name."""
    if not isinstance(name, str):
        raise DeclarationError(f"{where}: {what} {name!r} is not a string")
    name = str.__str__(name)  # a plain str: a subclass could change how it is written
    problem = name_problem(name)
    if problem is not None:
        raise DeclarationError(f"{where}: {what} {name!r} {problem}")
    return name


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
    if is_model(inner):
        if wire.form is not None:
            raise DeclarationError(f"{where}: a form ({wire.form!r}) is for a scalar, not a model")
        value_kind = None
    else:
        value_kind = kind_for(inner, open_, where, wire.form)
    scalar = ScalarKind.MODEL if value_kind is None else ScalarKind.VALUE
    if wire.kind in (WireKind.ATTRIBUTE, WireKind.TEXT) and scalar is ScalarKind.MODEL:
        raise DeclarationError(f"{where}: an attribute or text holds a scalar, not a model")
    name = camel_case(field.name) if wire.name is None else wire.name
    if wire.kind is not WireKind.TEXT:  # text is "$", the element's own text
        name = check_name(name, where, f"{wire.kind.value} name")
    item = None if wire.item is None else check_name(wire.item, where, "item name")
    return FieldPlan(
        attr=field.name,
        kind=wire.kind,
        name=name,
        item=item,
        scalar=scalar,
        type=inner,
        is_list=is_list,
        optional=optional,
        required=field.default is attrs.NOTHING,
        always_array=wire.always_array,
        open=open_,
        nonempty=wire.required,
        value_kind=value_kind,
    )


@once
def plan_for(cls: type[Any]) -> ModelPlan:
    """Read a model class into its plan, once; raises `DeclarationError` for a bad one."""
    if not is_model(cls):
        raise DeclarationError(f"{cls!r} is not a codec model (declare it with @codec.model)")
    root = root_of(cls)
    if root is not None:
        root = check_name(root, cls.__qualname__, "root")
    attrs.resolve_types(cls)
    # The hidden field of kept content is not on the wire (see `_fields.model`).
    declared = [a for a in attrs.fields(cls) if a.name != KEPT_ATTR]
    fields = tuple(_field_plan(cls, f) for f in declared)
    seen: dict[str, str] = {}
    for f in fields:
        place = f.json_key  # "@name" for an attribute, "$" for text, "name" for an element
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
        for a in declared
    )
    return ModelPlan(
        cls=cls,
        root=root,
        fields=fields,
        declared_order=declared_order_of(cls),
        direct_build=direct,
    )


def missing_list(f: FieldPlan) -> str:
    """The message for an empty list declared ``required=True``."""
    return f"missing required list {f.json_key!r}: at least one {f.item or f.name!r} is needed"


def blamer(plan: ModelPlan) -> Any:
    """``blame`` for one plan, as generated code calls it: ``(error, values) -> Fail``."""

    def blamer(error: Exception, values: tuple[Any, ...]) -> Exception:
        return blame(plan, error, values)

    return blamer


def blame(plan: ModelPlan, error: Exception, values: Sequence[Any]) -> Exception:
    """The `Fail` (code ``invalid``) for ``error``, raised by ``plan.cls(...)`` given ``values``
    (one per field, in order): at the field whose converter or validator refuses its value,
    each run on its own as ``__init__`` runs them (converters in order on an instance built
    without ``__init__``, then validators), else at the model itself (``__attrs_post_init__``).
    """

    cls = plan.cls
    attributes = {a.name: a for a in attrs.fields(cls)}
    bare = object.__new__(cls)
    culprit: tuple[FieldPlan, str, Exception] | None = None
    for f, value in zip(plan.fields, values, strict=True):
        attribute = attributes[f.attr]
        converter: Any = attribute.converter
        if converter is not None and culprit is None:
            wrapped = isinstance(converter, attrs.Converter)  # takes (value, self, field)
            try:
                value = converter.__call__(value, bare, attribute) if wrapped else converter(value)
            except Exception as exc:
                culprit = (f, "converter", exc)
        object.__setattr__(bare, f.attr, value)
    for f in plan.fields if culprit is None else ():
        attribute = attributes[f.attr]
        if attribute.validator is None:
            continue
        try:
            attribute.validator(bare, attribute, getattr(bare, f.attr))
        except Exception as exc:
            culprit = (f, "validator", exc)
            break
    if culprit is None:
        message = f"rejected by {cls.__name__}: {type(error).__name__}: {error}"
        return Fail("invalid", message, None)
    f, what, refusal = culprit
    message = f"rejected by {cls.__name__}.{f.attr}'s {what}: {type(refusal).__name__}: {refusal}"
    return Fail("invalid", message, key_segment(f.json_key))
