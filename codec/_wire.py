"""The words a declaration and its plan share: where a field lives on the wire (`Wire`,
`WireKind`), the marks `_fields.model` leaves on a class, and the converters a plan recognises.

Why a module of its own: `_fields.model` checks a declaration as the class is made by reading
it into a plan (`_plan`), and `_plan` reads what the field helpers wrote. Both use these
words, so they live below both, and the imports run one way: `_wire` <- `_plan` <- `_fields`.
"""

from __future__ import annotations

import enum
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
    "is_model",
    "mark_model",
    "open_enum",
    "open_enum_of",
    "root_of",
]

#: The metadata key of a field's `Wire`.
WIRE_KEY: Final = "codec.wire"
#: The hidden field every model gets for the content ``decode(..., unknown="keep")`` kept (see
#: `_fields.model` and `_kept`). Its Python name is its ``__init__`` keyword too (the alias):
#: one name reserved, which a user field may not take.
KEPT_ATTR: Final = "_codec_kept"

_ROOT_ATTR: Final = "__codec_root__"
_ORDER_ATTR: Final = "__codec_declared_order__"
_OPEN_ENUM: Final = "__codec_open_enum__"

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


def mark_model(cls: type[Any], root: str | None, declared_order: bool) -> None:
    """Mark ``cls`` as a codec model (what `is_model`, `root_of` and `declared_order_of` read)."""
    setattr(cls, _ROOT_ATTR, root)
    setattr(cls, _ORDER_ATTR, declared_order)


def is_model(cls: object) -> bool:
    """True for a class made by `_fields.model`."""
    return isinstance(cls, type) and attrs.has(cls) and hasattr(cls, _ROOT_ATTR)


def declared_order_of(cls: type[Any]) -> bool:
    """True for a model whose JSON keys keep their declared order in every version."""
    return bool(getattr(cls, _ORDER_ATTR, False))


def root_of(cls: type[Any]) -> str | None:
    """The document element name of a top-level model, ``None`` for a nested part."""
    root: str | None = getattr(cls, _ROOT_ATTR, None)
    return root
