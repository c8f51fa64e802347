"""The words a declaration and its plan share: where a field lives on the wire (`Wire`,
`WireKind`), the marks `_fields.model` leaves on a class, and the converters a plan recognises.

Why a module of its own: `_fields.model` checks a declaration as the class is made by reading
it into a plan (`_plan`), and `_plan` reads what the field helpers wrote. Both use these
words, so they live below both, and the imports run one way: `_wire` <- `_plan` <- `_fields`.
"""

from __future__ import annotations

import enum
import typing
from collections.abc import Callable
from typing import Any, Final, TypeVar

import attrs

__all__ = [
    "KEPT_ATTR",
    "WIRE_KEY",
    "Wire",
    "WireKind",
    "as_tuple",
    "camel_case",
    "declared_order_of",
    "element_of",
    "is_generic",
    "is_model",
    "mark_model",
    "json_order_of",
    "namespaces_of",
    "open_enum",
    "open_enum_of",
    "origin_of",
    "root_of",
    "type_label",
]

#: The metadata key of a field's `Wire`.
WIRE_KEY: Final = "codec.wire"
#: The hidden field every model gets for the content ``decode(..., unknown="keep")`` kept (see
#: `_fields.model` and `_kept`). Its Python name is its ``__init__`` keyword too (the alias):
#: one name reserved, which a user field may not take.
KEPT_ATTR: Final = "_codec_kept"

_ROOT_ATTR: Final = "__codec_root__"
_ORDER_ATTR: Final = "__codec_declared_order__"
_ELEMENT_ATTR: Final = "__codec_element__"
_GENERIC_ATTR: Final = "__codec_generic__"
_OPEN_ENUM: Final = "__codec_open_enum__"
_NAMESPACES_ATTR: Final = "__codec_namespaces__"
_JSON_ORDER_ATTR: Final = "__codec_json_order__"

E = TypeVar("E", bound=enum.Enum)


class WireKind(enum.Enum):
    ATTRIBUTE = "attribute"
    ELEMENT = "element"
    TEXT = "text"
    WRAPPED = "wrapped"
    REPEATED = "repeated"


@attrs.frozen
class Wire:
    """Where one field lives on the wire. ``name`` is ``None`` until derived from the field."""

    kind: WireKind
    name: str | None = None
    item: str | None = None
    always_array: bool = False
    required: bool = False
    #: another wire form of the value's kind, by name (see `_kinds.Kind.forms`)
    form: str | None = None
    #: a union of models told apart by this attribute of the element (``xsi:type``)
    discriminator: str | None = None
    #: (discriminator value, model) pairs of such a union, in declared order
    choices: tuple[tuple[str, Any], ...] | None = None
    #: an empty wrapped list is written as an empty wrapper element (see `_versions`)
    write_empty: bool = False
    #: the API versions the field is in (``None``: every version)
    versions: frozenset[int] | None = None


def camel_case(name: str) -> str:
    """``request_url`` -> ``requestUrl``; a name without underscores is kept."""
    head, *rest = name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def as_tuple(value: Any) -> tuple[Any, ...]:
    """Converter of list fields: a list or tuple in, a tuple out; anything else is refused.

    Strings and mappings are iterable too, and ``tuple("15")`` would silently be three items.
    """
    if type(value) is tuple:
        return value
    if isinstance(value, (list, tuple)):
        return tuple(value)
    raise TypeError(f"expected a list or tuple, got {type(value).__name__}")


def open_enum(cls: type[E]) -> Callable[[object], E | str | None]:
    """Converter for a field typed ``SomeEnum | str``: a known value becomes its member.

    An "open" enum keeps values it does not know: lenient decoding holds them as plain
    strings and encoding writes them back as received, so nothing is lost; strict decoding
    and `validate` report them (code ``enum``). Declare such a field as
    ``operation: OperationEnum | str | None = element(default=None,
    converter=open_enum(OperationEnum))``; the converter makes ``"SUSPEND"`` and
    ``OperationEnum.SUSPEND`` the same value, as decoding does.
    """
    table = {m.value: m for m in cls}

    def convert(value: object) -> E | str | None:
        if value is None or isinstance(value, cls):
            return value
        if isinstance(value, str):
            return table.get(value, value)
        return value  # type: ignore[return-value]  # the encoder reports it, with its path

    setattr(convert, _OPEN_ENUM, cls)
    return convert


def open_enum_of(converter: object) -> type[enum.Enum] | None:
    """The enum of a converter made by `open_enum`, else ``None``."""
    cls: type[enum.Enum] | None = getattr(converter, _OPEN_ENUM, None)
    return cls


def mark_model(
    cls: type[Any],
    root: str | None,
    declared_order: bool,
    element: str | None = None,
    namespaces: tuple[tuple[str, str], ...] = (),
    json_order: tuple[str, ...] = (),
) -> None:
    """Mark ``cls`` as a codec model (what `is_model`, `root_of`, `declared_order_of`,
    `element_of` and `namespaces_of` read)."""
    setattr(cls, _NAMESPACES_ATTR, namespaces)
    setattr(cls, _JSON_ORDER_ATTR, json_order)
    setattr(cls, _ROOT_ATTR, root)
    setattr(cls, _ORDER_ATTR, declared_order)
    setattr(cls, _ELEMENT_ATTR, element)
    setattr(cls, _GENERIC_ATTR, bool(getattr(cls, "__parameters__", ())))


def is_generic(cls: object) -> bool:
    """True for a model class with type parameters (``Generic[T]``), used parametrized; one
    attribute every model has, so that asking costs a plain model next to nothing."""
    return getattr(cls, _GENERIC_ATTR, False) is True


def origin_of(tp: object) -> type[Any] | None:
    """The class of a model type: the class itself, or the generic model a parametrized
    alias names (``QueryResponse`` for ``QueryResponse[Device]``); ``None`` for anything
    else. Instances of a parametrized model are of that class, as attrs generics are."""
    if isinstance(tp, type):
        return tp if attrs.has(tp) and hasattr(tp, _ROOT_ATTR) else None
    origin = typing.get_origin(tp)
    if isinstance(origin, type) and attrs.has(origin) and hasattr(origin, _ROOT_ATTR):
        return origin
    return None


def is_model(cls: object) -> bool:
    """True for a class made by `_fields.model`, or a parametrization of a generic one."""
    if isinstance(cls, type):  # asked on every `codec_for`: no call more than needed
        return attrs.has(cls) and hasattr(cls, _ROOT_ATTR)
    return origin_of(cls) is not None


def _marked(cls: Any) -> Any:
    """What carries a model's marks: the class itself (the common case, asked on every
    `codec_for`), or the generic class of a parametrization."""
    return cls if isinstance(cls, type) else origin_of(cls)


def declared_order_of(cls: Any) -> bool:
    """True for a model whose JSON keys keep their declared order in every version."""
    return bool(getattr(_marked(cls), _ORDER_ATTR, False))


def root_of(cls: Any) -> str | None:
    """The document element name of a top-level model, ``None`` for a nested part."""
    # Asked on every `codec_for`: a class answers without a call more.
    root: str | None = getattr(cls if isinstance(cls, type) else origin_of(cls), _ROOT_ATTR, None)
    return root


def element_of(cls: Any) -> str | None:
    """The element name a model declares for itself (``@model(element=...)``): what a field
    holding it is called when the field names no element, ``None`` if it declares none."""
    element: str | None = getattr(_marked(cls), _ELEMENT_ATTR, None)
    return element


def namespaces_of(cls: Any) -> tuple[tuple[str, str], ...]:
    """The (prefix, URI) pairs a model declares (``@model(namespaces=...)``), in order."""
    found: tuple[tuple[str, str], ...] = getattr(_marked(cls), _NAMESPACES_ATTR, ())
    return found


def json_order_of(cls: Any) -> tuple[str, ...]:
    """The field names whose keys a model writes first, in this order, where the version
    sorts keys (``@model(json_order=...)``); ``()`` for none."""
    found: tuple[str, ...] = getattr(_marked(cls), _JSON_ORDER_ATTR, ())
    return found


def type_label(tp: Any) -> str:
    """A model type as a reader names it: ``Device``, ``QueryResponse[Device]``."""
    args = typing.get_args(tp) if not isinstance(tp, type) else ()
    origin = origin_of(tp) if args else None
    if origin is None:
        name = getattr(tp, "__qualname__", None) or getattr(tp, "__name__", None)
        return name if isinstance(name, str) else repr(tp)
    return f"{origin.__qualname__}[{', '.join(type_label(a) for a in args)}]"
