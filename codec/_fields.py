"""How a model declares its wire shape: the `model` decorator and one helper per field kind.

A model is an attrs class (frozen, slotted, compared by value). Each field says once where it
lives in the XML tree; the version rules (`_versions`) decide how that tree is written as JSON.

| helper        | XML                                  | JSON (xmltodict-style)                  |
|---------------|--------------------------------------|-----------------------------------------|
| ``attribute`` | ``<root name="...">``                | ``"@name": ...``                        |
| ``element``   | ``<name>value</name>``, or a model   | ``"name": value`` or ``"name": {...}``  |
| ``text``      | the element's own text               | ``"$": ...``                            |
| ``wrapped``   | ``<ids><id>1</id><id>2</id></ids>``  | ``"ids": {"id": [1, 2]}``               |
| ``repeated``  | ``<item/><item/>`` directly inside   | ``"item": [{...}, {...}]``              |

Wire names default to the camelCase of the Python name (``request_url`` -> ``requestUrl``).
A scalar is written in its kind's own form (see `_kinds`); ``form="..."`` picks another form
the kind has (a datetime's ``"epoch_ms"``), and a form the kind lacks is a `DeclarationError`.
List fields hold tuples (hashable, truly immutable); their constructors accept a list or a tuple,
so ``Payload(ids=[1]) == Payload(ids=(1,))``.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from typing import Any, Final, TypeVar, dataclass_transform

import attrs

from ._errors import DeclarationError

__all__ = [
    "Kept",
    "KEPT_ATTR",
    "WIRE_KEY",
    "Wire",
    "WireKind",
    "attribute",
    "camel_case",
    "element",
    "is_model",
    "model",
    "open_enum",
    "repeated",
    "root_of",
    "text",
    "wrapped",
]

WIRE_KEY: Final = "codec.wire"
_ROOT_ATTR: Final = "__codec_root__"
_ORDER_ATTR: Final = "__codec_declared_order__"
#: The hidden field every model gets for the content ``decode(..., unknown="keep")`` kept (see
#: `model` and `_kept`). Its Python name is its ``__init__`` keyword too (the alias): one name
#: reserved, which a user field may not take.
KEPT_ATTR: Final = "_codec_kept"
_KEPT_MARK: Final = "codec.kept"

T = TypeVar("T")


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


E = TypeVar("E", bound=enum.Enum)
_OPEN_ENUM: Final = "__codec_open_enum__"


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


def _field(wire: Wire, default: Any, converter: Any = None, *, is_list: bool = False) -> Any:
    return attrs.field(
        default=default,
        converter=as_tuple if is_list else converter,
        metadata={WIRE_KEY: wire},
    )


def element(
    name: str | None = None,
    *,
    default: Any = attrs.NOTHING,
    converter: Any = None,
    form: str | None = None,
) -> Any:
    """A child element holding a scalar (int, str, bool, float, datetime, enum) or another
    model. ``form`` names another wire form of the scalar's kind: for a datetime,
    ``"epoch_ms"`` (a number of milliseconds, as PI's ``long`` time fields) or
    ``"iso_trimmed"`` (no fraction where the value has none); see `codec._kinds`."""
    return _field(Wire(WireKind.ELEMENT, name, form=form), default, converter)


def attribute(
    name: str | None = None,
    *,
    default: Any = attrs.NOTHING,
    converter: Any = None,
    form: str | None = None,
) -> Any:
    """An XML attribute of the model's element, ``"@name"`` in JSON (``form``: see
    `element`)."""
    return _field(Wire(WireKind.ATTRIBUTE, name, form=form), default, converter)


def text(*, default: Any = attrs.NOTHING, converter: Any = None, form: str | None = None) -> Any:
    """The model element's own text, beside its attributes; ``"$"`` in JSON (``form``: see
    `element`)."""
    return _field(Wire(WireKind.TEXT, "$", form=form), default, converter)


def wrapped(
    wrapper: str,
    item: str,
    *,
    default: Any = attrs.NOTHING,
    always_array: bool = False,
    required: bool = False,
    form: str | None = None,
) -> Any:
    """A list written as a wrapper element holding one ``item`` element per value.

    ``always_array=True`` keeps the list an array in JSON even where the version collapses a
    one-item list to the item (v1). ``required=True`` makes strict decoding and `validate`
    report an absent or empty list (code ``missing``); the constructor still defaults it.
    ``form``: the wire form of the scalar items (see `element`).
    """
    wire = Wire(WireKind.WRAPPED, wrapper, item, always_array, required, form)
    return _field(wire, default, is_list=True)


def repeated(
    item: str,
    *,
    default: Any = attrs.NOTHING,
    always_array: bool = False,
    required: bool = False,
    form: str | None = None,
) -> Any:
    """A list written as ``item`` elements repeated directly inside the model's element."""
    wire = Wire(WireKind.REPEATED, item, None, always_array, required, form)
    return _field(wire, default, is_list=True)


@dataclass_transform(
    frozen_default=True,
    field_specifiers=(attrs.field, element, attribute, text, wrapped, repeated),
)
def model(*, root: str | None = None, declared_order: bool = False) -> Callable[[type[T]], type[T]]:
    """Class decorator: make an attrs model (frozen, slotted, by value) of a payload part.

    ``root`` names the document element of a top-level payload (``"mgmtResponse"``); nested
    parts leave it out. ``declared_order=True`` writes JSON keys in the declared order in
    every version, for the payloads whose serializer does not sort (``errorDocument``).
    """

    def decorate(cls: type[T]) -> type[T]:
        _add_kept_field(cls)
        new_cls: type[T] = attrs.frozen(cls)
        setattr(new_cls, _ROOT_ATTR, root)
        setattr(new_cls, _ORDER_ATTR, declared_order)
        return new_cls

    return decorate


@attrs.frozen
class Kept:
    """What one instance holds beyond its fields, in the format it was read from."""

    format: str
    #: XML: unknown attributes, in document order
    attributes: tuple[tuple[str, str], ...] = ()
    #: XML: (the known child element it followed, or None, raw element text)
    elements: tuple[tuple[str | None, str], ...] = ()
    #: JSON: (the known key it followed, or None, key, value)
    keys: tuple[tuple[str | None, str, Any], ...] = ()
    #: XML: attributes of known elements that hold no model (a scalar, a wrapper, a scalar
    #: item): (element name, index, attributes); the index is 0 for a single element, the
    #: item's for a list item, -1 for a wrapper itself
    leaves: tuple[tuple[str, int, tuple[tuple[str, str], ...]], ...] = ()


def _add_kept_field(cls: type[Any]) -> None:
    """Give ``cls`` the hidden field `KEPT_ATTR` (unless a model it extends has it already).

    Why a field, not a registry beside the instance nor a bare slot: as an attrs field it is a
    slot, so the generated encoders read it as cheaply as any field (nothing global to look
    up), slotted pickling and copying carry it (attrs writes every field in the state), and
    ``attrs.evolve`` passes it on (it passes every ``__init__`` field). ``eq=False`` and
    ``repr=False`` keep it out of equality, hashing and repr; ``kw_only`` keeps it out of the
    positional signature and of ``__match_args__``; ``default=None`` lets every constructor
    call and `codec.testing` ignore it. Plans leave it out (`_plan.plan_for`): it is not on
    the wire. The decoders set it to ``None`` and ``unknown="keep"`` then writes it. Its alias
    is its name, not attrs' default ``codec_kept``: one private-looking name is reserved, not
    also a public keyword that a user field could well be called.
    """
    where = f"{cls.__qualname__}.{KEPT_ATTR}"
    annotations = cls.__annotations__  # its own (Python 3.10+ makes an empty dict if none)
    if KEPT_ATTR in cls.__dict__ or KEPT_ATTR in annotations:
        raise DeclarationError(f"{where}: the name {KEPT_ATTR!r} is reserved for kept content")
    for value in cls.__dict__.values():
        if getattr(value, "alias", None) == KEPT_ATTR and hasattr(value, "metadata"):
            raise DeclarationError(f"{where}: the alias {KEPT_ATTR!r} is reserved for kept content")
    for base in cls.__mro__[1:]:
        inherited = attrs.fields_dict(base).get(KEPT_ATTR) if attrs.has(base) else None
        if inherited is not None:
            if inherited.metadata.get(_KEPT_MARK) is not True:
                raise DeclarationError(
                    f"{where}: the name {KEPT_ATTR!r} (in {base.__qualname__}) is reserved for "
                    "kept content"
                )
            return  # a model extended: its field is inherited, slot and all
    annotations[KEPT_ATTR] = Kept | None
    setattr(
        cls,
        KEPT_ATTR,
        attrs.field(
            default=None,
            eq=False,
            hash=False,
            repr=False,
            kw_only=True,
            alias=KEPT_ATTR,
            metadata={_KEPT_MARK: True},
        ),
    )


def is_model(cls: object) -> bool:
    """True for a class made by `model`."""
    return isinstance(cls, type) and attrs.has(cls) and hasattr(cls, _ROOT_ATTR)


def declared_order_of(cls: type[Any]) -> bool:
    """True for a model whose JSON keys keep their declared order in every version."""
    return bool(getattr(cls, _ORDER_ATTR, False))


def root_of(cls: type[Any]) -> str | None:
    """The document element name of a top-level model, ``None`` for a nested part."""
    root: str | None = getattr(cls, _ROOT_ATTR, None)
    return root
