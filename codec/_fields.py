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

`model` checks a declaration as the class is made, by reading it into its plan
(`_plan.check_declaration`): the words both share (`Wire`, `WireKind`, the class marks) are
`_wire`'s, so the imports run one way, `_wire` <- `_plan` <- `_fields`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, Final, TypeVar, dataclass_transform

import attrs

from ._errors import DeclarationError
from ._plan import check_declaration, check_name
from ._versions import VERSIONS
from ._wire import (
    KEPT_ATTR,
    WIRE_KEY,
    Wire,
    WireKind,
    as_tuple,
    camel_case,
    is_model,
    mark_model,
    open_enum,
    root_of,
)

# `open_enum` is a declaring helper; the other words of `_wire` are named from here too by
# the codec modules that import them from this module.
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

_KEPT_MARK: Final = "codec.kept"

T = TypeVar("T")


def _field(
    wire: Wire,
    default: Any,
    converter: Any = None,
    *,
    is_list: bool = False,
    versions: Iterable[int] | None = None,
) -> Any:
    if versions is not None:
        if isinstance(versions, (str, bytes)) or not isinstance(versions, Iterable):
            raise DeclarationError(f"versions={versions!r}: expected API version numbers")
        numbers = tuple(versions)
        known = tuple(VERSIONS)
        if not numbers or not all(v in known and not isinstance(v, bool) for v in numbers):
            raise DeclarationError(
                f"versions={numbers!r} (wire name {wire.name!r}): expected some of {known}"
            )
        wire = attrs.evolve(wire, versions=frozenset(numbers))
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
    discriminator: str | None = None,
    choices: Mapping[str, type[Any]] | None = None,
    versions: Iterable[int] | None = None,
) -> Any:
    """A child element holding a scalar (int, str, bool, float, datetime, enum) or another
    model. ``form`` names another wire form of the scalar's kind: for a datetime,
    ``"epoch_ms"`` (a number of milliseconds, as PI's ``long`` time fields) or
    ``"iso_trimmed"`` (no fraction where the value has none); see `codec._kinds`.

    Without ``name``: the element name the model held declares (``@model(element=...)``),
    else the camelCase of the field's name; a field typed by a type parameter (``dto: T``)
    takes the name of its type argument's model.

    A field typed as a union of models (``A | B``, or ``A | B | None``) holds one of them:

    * told apart by the element's name (the child of ``mgmtResponse``): each model declares
      its element name (``@model(element=...)``), the field names none;
    * or by an attribute of one element (``discriminator="xsi:type"``): ``choices`` maps each
      value of that attribute to its model, one per member of the union. The models do not
      declare the attribute; decoding reads it to choose, encoding writes it first.

    ``versions`` (every helper takes it) limits the field to some API versions, for a field a
    version added or removed (``versions=(3, 4)``), or, with two fields of one wire name in
    disjoint versions, a field whose kind or shape changed (an object in v1, a number in
    v3): encoding writes it only in its versions, decoding reads it only there (elsewhere it
    is content the model does not declare: strict decoding and `validate` report it), and
    the schema and `version_diff` show it. Such a field has a default.

    Strict decoding and `validate` report an element or discriminator value that names no
    member (code ``unknown``); lenient decoding skips it, or keeps it under
    ``unknown="keep"``, as any content the model does not declare. A union is a single
    value: a list of a union is not declared yet.
    """
    wire = Wire(
        WireKind.ELEMENT,
        name,
        form=form,
        discriminator=discriminator,
        choices=None if choices is None else tuple(dict(choices).items()),
    )
    return _field(wire, default, converter, versions=versions)


def attribute(
    name: str | None = None,
    *,
    default: Any = attrs.NOTHING,
    converter: Any = None,
    form: str | None = None,
    versions: Iterable[int] | None = None,
) -> Any:
    """An XML attribute of the model's element, ``"@name"`` in JSON (``form``, ``versions``:
    see `element`)."""
    wire = Wire(WireKind.ATTRIBUTE, name, form=form)
    return _field(wire, default, converter, versions=versions)


def text(
    *,
    default: Any = attrs.NOTHING,
    converter: Any = None,
    form: str | None = None,
    versions: Iterable[int] | None = None,
) -> Any:
    """The model element's own text, beside its attributes; ``"$"`` in JSON (``form``,
    ``versions``: see `element`)."""
    return _field(Wire(WireKind.TEXT, "$", form=form), default, converter, versions=versions)


def wrapped(
    wrapper: str,
    item: str,
    *,
    default: Any = attrs.NOTHING,
    always_array: bool = False,
    required: bool = False,
    form: str | None = None,
    write_empty: bool = False,
    versions: Iterable[int] | None = None,
) -> Any:
    """A list written as a wrapper element holding one ``item`` element per value.

    ``always_array=True`` keeps the list an array in JSON even where the version collapses a
    one-item list to the item (v1). ``required=True`` makes strict decoding and `validate`
    report an absent or empty list (code ``missing``); the constructor still defaults it.
    ``form``: the wire form of the scalar items (see `element`). ``write_empty=True`` writes
    an empty list as the empty wrapper, where a server always writes the wrapper (runhistory's
    ``results``): ``<results></results>`` in XML, ``"results": ""`` in v1 JSON; v2+ JSON
    leaves it out (no capture shows what v2+ writes). Decoding reads either as empty.
    """
    wire = Wire(
        WireKind.WRAPPED, wrapper, item, always_array, required, form, write_empty=write_empty
    )
    return _field(wire, default, is_list=True, versions=versions)


def repeated(
    item: str | None = None,
    *,
    default: Any = attrs.NOTHING,
    always_array: bool = False,
    required: bool = False,
    form: str | None = None,
    versions: Iterable[int] | None = None,
) -> Any:
    """A list written as ``item`` elements repeated directly inside the model's element.

    Without ``item``, the items are named by the model they hold, which must declare its
    element name (``@model(element=...)``): the way a generic envelope holds ``T`` items.
    """
    wire = Wire(WireKind.REPEATED, item, None, always_array, required, form)
    return _field(wire, default, is_list=True, versions=versions)


@dataclass_transform(
    frozen_default=True,
    field_specifiers=(attrs.field, element, attribute, text, wrapped, repeated),
)
def model(
    *,
    root: str | None = None,
    element: str | None = None,
    declared_order: bool = False,
    kw_only: bool = False,
    namespaces: Mapping[str, str] | None = None,
    json_order: Sequence[str] | None = None,
) -> Callable[[type[T]], type[T]]:
    """Class decorator: make an attrs model (frozen, slotted, by value) of a payload part.

    ``root`` names the document element of a top-level payload (``"mgmtResponse"``); nested
    parts leave it out. ``element`` names the element of a part once, in the model: a field
    holding it that names no element (``element()``, ``repeated()``) is called so; a generic
    envelope's field typed ``T`` must be named that way, by the model it holds at
    parametrization (``devicesDTO`` inside ``QueryResponse[Device]``'s ``entity``).
    ``declared_order=True`` writes JSON keys in the declared order in
    every version, for the payloads whose serializer does not sort (``errorDocument``).
    ``kw_only=True`` makes the fields the class declares keyword-only in ``__init__`` (a base
    model's fields keep their own way, as type checkers read them): the fields are then
    declared in wire order whatever their defaults, a required one after an optional one
    included, which a positional ``__init__`` cannot take.

    ``json_order`` names fields (Python names) whose JSON keys the versions that sort keys
    (v2+) write first, in this order, the others after them in XML order: for a serializer
    that writes its own order, as PI's data API does for ``queryResponse``. XML and v1 JSON
    keep the declared (XML) order.

    ``namespaces`` maps the prefixes of the model's prefixed wire names (``xsi:type``) to
    their namespace URIs: XML encoding writes them as ``xmlns:prefix="uri"`` declarations on
    the model's element, first among its attributes (JSON carries none). A prefixed name used
    in a payload's models must be declared by its own model or by the payload's root model;
    ``xml:`` is predeclared. Decoding matches names as written (namespaces are not resolved)
    and reads ``xmlns`` declarations as never unknown.

    The declaration is checked here, as the class is made: a field the library cannot carry
    (its type, its wire names, two fields in one wire place, a default the field cannot
    write, ...) is a `DeclarationError` naming the class and the field. An annotation naming
    a class not declared yet (a string, or ``from __future__ import annotations``) is
    resolved at the model's first use instead; the class must be importable from the
    model's module by then.
    """

    def decorate(cls: type[T]) -> type[T]:
        _add_kept_field(cls)
        try:
            # auto_attribs: every field is annotated, and a field() without one is refused
            # (attrs would otherwise quietly drop the annotated fields that use no field()).
            new_cls: type[T] = attrs.frozen(cls, auto_attribs=True, kw_only=kw_only)
        except Exception as exc:  # anything attrs refuses in the class is a declaration mistake
            raise DeclarationError(_refused(cls, exc)) from exc
        order = _json_order(new_cls, json_order)
        mark_model(new_cls, root, declared_order, element, _namespaces(cls, namespaces), order)
        check_declaration(new_cls)
        return new_cls

    return decorate


def _json_order(cls: type[Any], json_order: object) -> tuple[str, ...]:
    """``@model(json_order=...)`` checked: field names of the model, each once."""
    if json_order is None:
        return ()
    where = f"{cls.__qualname__}: json_order"
    if isinstance(json_order, str) or not isinstance(json_order, Sequence):
        raise DeclarationError(f"{where} must be a sequence of field names, not {json_order!r}")
    names = [a.name for a in attrs.fields(cls) if a.name != KEPT_ATTR]
    seen: set[str] = set()
    for name in json_order:
        if name not in names:
            raise DeclarationError(f"{where}: {name!r} is not a field of the model")
        if name in seen:
            raise DeclarationError(f"{where}: {name!r} is named twice")
        seen.add(name)
    return tuple(json_order)


def _namespaces(cls: type[Any], namespaces: object) -> tuple[tuple[str, str], ...]:
    """The (prefix, URI) pairs of ``@model(namespaces=...)``, checked: prefixes are XML names
    without a colon (not ``xml`` or ``xmlns``), URIs non-empty strings."""
    if namespaces is None:
        return ()
    where = f"{cls.__qualname__}: namespaces"
    if not isinstance(namespaces, Mapping):
        raise DeclarationError(f"{where} must map prefixes to URIs, not {namespaces!r}")
    pairs: list[tuple[str, str]] = []
    for prefix, uri in namespaces.items():
        name = check_name(prefix, where, "prefix")
        if ":" in name or name in ("xml", "xmlns"):
            raise DeclarationError(f"{where}: {name!r} cannot be declared as a prefix")
        if not isinstance(uri, str) or not uri:
            raise DeclarationError(f"{where}: the URI of {name!r} must be a non-empty string")
        pairs.append((name, str.__str__(uri)))
    return tuple(pairs)


#: What attrs says of a required field after a defaulted one, and of fields left unannotated
#: (patterns, compiled only when attrs refuses a class).
_AFTER_DEFAULT: Final = r"No mandatory attributes allowed after .*?\bname='(\w+)'"
_UNANNOTATED: Final = r"lack a type annotation: (.+?)\.?$"


def _refused(cls: type[Any], exc: Exception) -> str:
    """The message of a `DeclarationError` for what attrs refused in ``cls``."""
    model = cls.__qualname__
    after = re.search(_AFTER_DEFAULT, str(exc))
    if after is not None:
        return (
            f"{model}.{after.group(1)}: a field without a default follows one with a default; "
            "give it a default, or declare the model with kw_only=True to keep this wire order"
        )
    unannotated = re.search(_UNANNOTATED, str(exc))
    if unannotated is not None:
        names = ", ".join(f"{model}.{n.strip()}" for n in unannotated.group(1).split(","))
        return f"{names}: a field needs a type annotation"
    return f"{model}: attrs refused the class: {type(exc).__name__}: {exc}"


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
