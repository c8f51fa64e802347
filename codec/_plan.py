"""A model class read once into a plan: its fields, their wire places and value types.

The codecs (`_json`, `_xml`) generate their encoders and decoders from plans, never from the
attrs class directly, so everything a codec may rely on is checked here:

* every field has exactly one wire place, and no two fields share one;
* every wire name (root, attribute, element, wrapper, item) is an XML name that expat reads:
  ``NCName`` or ``prefix:NCName``, never ``xmlns`` (a namespace declaration), so no name can
  break the documents written or the code generated from the plan;
* a list field is declared with ``wrapped`` or ``repeated`` and typed ``tuple[X, ...]`` or
  ``Sequence[X]`` (never ``list[X]``: it holds a tuple), and only list fields are;
* the value type is one that `_kinds` has a kind for (``int``, ``str``, ``bool``, ``float``,
  ``datetime``, an ``enum.Enum`` whose values are strings, open or not), in a wire form that
  kind has (``form=``), or another model; optional (``X | None``) is allowed for scalars and
  models, and means "absent on the wire";
* a default is a value the field can write (``None`` only for an optional field).

When: `_fields.model` calls `check_declaration` as the class is made, so a mistake is a
`DeclarationError` at the class statement, naming the class and the field. An annotation
may name a class declared later (a string annotation, ``from __future__ import
annotations``): what does not resolve yet is left for the first use, and everything else is
checked at once. The plan of a model whose annotations all resolve is built then and kept on
the class; the others are read by `plan_for` at first use, where an annotation that still
does not resolve is a `DeclarationError` saying which name. Checking costs some 0.1 ms a
model, paid at import: ASCII wire names pass a short pattern (the full XML name pattern, some
7 ms to compile, waits for another name), and string annotations made of classes, ``|`` and
built-in generics are evaluated without typing's machinery (`_evaluate`).

Generic models: a model that is ``Generic[T]`` has fields typed ``T``, ``Sequence[T]``,
``T | None`` or ``Other[T]``. At its declaration the fields without a type parameter are
checked; those with one wait for a parametrization (``QueryResponse[Device]``), whose plan
`plan_for` reads with the type arguments in place of the parameters, once per
parametrization, and checks then. The plan's ``cls`` is the generic class (instances are of
it, as attrs generics are), its ``key`` the parametrization, which names the generated code
and the caches. A field that names no element and holds a model declaring
``@model(element=...)`` takes that name; a field whose type is a parameter and names no
element must get it so (a `DeclarationError` at parametrization otherwise): the data API's
``entity`` holds ``devicesDTO`` or ``wlanControllersDTO`` by the DTO it holds. A model that
extends a parametrization and is not generic itself (``class DevicePage(QueryResponse[Device])``)
takes those arguments at its declaration, and is a plain model.

How an annotation is resolved: evaluated in the module of the class that declares the field,
with the class's own name bound to the class (a model may hold itself, even one declared in
a function), then the module's names and the built-ins, then the class body's (a nested
enum), whose slots do not hide a built-in type (a field named ``str``).
"""

from __future__ import annotations

import builtins
import enum
import functools
import inspect
import re
import sys
import types
import typing
from collections import ChainMap
from collections.abc import Sequence
from typing import Any, Final, NamedTuple, TypeVar, Union
from xml.parsers import expat

import attrs

from ._cache import once
from ._errors import DeclarationError, describe_value
from ._kinds import Kind, kind_for
from ._values import Fail, key_segment
from ._wire import (
    KEPT_ATTR,
    WIRE_KEY,
    Wire,
    WireKind,
    as_tuple,
    camel_case,
    declared_order_of,
    element_of,
    is_model,
    json_order_of,
    namespaces_of,
    open_enum_of,
    origin_of,
    root_of,
    type_label,
)

__all__ = [
    "DeclarationError",
    "FieldPlan",
    "ModelPlan",
    "ScalarKind",
    "blamer",
    "check_declaration",
    "check_tree",
    "field_types",
    "has_parameters",
    "in_version",
    "missing_list",
    "name_problem",
    "plan_for",
    "reference_only",
    "tree_of",
    "versioned",
]

#: Where `check_declaration` keeps the plan it built, in the class's own ``__dict__``.
_PLAN_ATTR: Final = "__codec_plan__"


class ScalarKind(enum.Enum):
    """A field holds a scalar value (of a kind from `_kinds`) or a model."""

    VALUE = "value"
    MODEL = "object"
    #: one of several models (see `FieldPlan.choices`)
    UNION = "union"


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
    #: a union's members: (element name, model), or (discriminator value, model) where
    #: ``discriminator`` names the attribute that tells them apart; ``()`` for other fields
    choices: tuple[tuple[str, Any], ...] = ()
    discriminator: str | None = None
    #: an empty list is written as the empty wrapper (see `_fields.wrapped`)
    write_empty: bool = False
    #: the API versions the field is in (``None``: every version)
    versions: frozenset[int] | None = None

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

    @property
    def by_name(self) -> bool:
        """A union told apart by the element's name (each member is its own element)."""
        return bool(self.choices) and self.discriminator is None

    @property
    def names(self) -> tuple[str, ...]:
        """The element names (JSON keys) the field may take: its members' for a union by
        element name, else its one key."""
        if self.by_name:
            return tuple(name for name, _ in self.choices)
        return (self.json_key,)

    @property
    def members(self) -> tuple[Any, ...]:
        """The models a field may hold: a union's members, a model field's model, else ()."""
        if self.choices:
            return tuple(member for _, member in self.choices)
        return (self.type,) if self.scalar is ScalarKind.MODEL else ()


@attrs.frozen
class ModelPlan:
    #: the class instances are of (a generic model's own class for a parametrization)
    cls: type[Any]
    root: str | None
    fields: tuple[FieldPlan, ...]
    #: JSON keys in declared order in every version (else the version's rule)
    declared_order: bool
    #: True when instances may be built without calling ``__init__`` (no validators, no
    #: converters but ours, no ``__attrs_post_init__``): the decoders' fast path.
    direct_build: bool
    #: the type this plan is of, as callers name it and caches and generated code are keyed:
    #: ``cls``, or a parametrization of a generic model (``QueryResponse[Device]``)
    key: Any = None
    #: the (prefix, URI) namespace declarations the model's element carries
    namespaces: tuple[tuple[str, str], ...] = ()
    #: fields whose JSON keys come first where the version sorts keys (see `_versions`)
    json_order: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        """The type as a reader names it: ``Device``, ``QueryResponse[Device]``."""
        return type_label(self.cls if self.key is None else self.key)

    @property
    def attributes(self) -> tuple[FieldPlan, ...]:
        return tuple(f for f in self.fields if f.kind is WireKind.ATTRIBUTE)

    @property
    def children(self) -> tuple[FieldPlan, ...]:
        return tuple(f for f in self.fields if f.kind not in (WireKind.ATTRIBUTE, WireKind.TEXT))

    @property
    def text(self) -> FieldPlan | None:
        return next((f for f in self.fields if f.kind is WireKind.TEXT), None)

    @property
    def declared_keys(self) -> frozenset[str]:
        """The JSON keys (``@name`` for attributes) that kept content may not take: every
        name a field is written under, but a union's by discriminator (a member no choice
        names is kept under that key: written back while the field is ``None``)."""
        return frozenset(k for f in self.fields if f.discriminator is None for k in f.names)


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


def _unwrap_list(tp: Any, where: str) -> tuple[Any, bool]:
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        return args[0], True
    if origin in (Sequence, typing.Sequence) and len(args) == 1:
        return args[0], True
    if origin is list:
        raise DeclarationError(
            f"{where}: a list field holds a tuple; declare it tuple[X, ...] or Sequence[X], "
            "not list[X]"
        )
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
def _ascii_name() -> re.Pattern[str]:
    """ASCII names, which every XML name rule and expat take as they stand: the fast answer
    for the names nearly every model uses; any other name takes the full check (`_qname`)."""
    return re.compile(r"[A-Za-z_][-.\w]*(?::[A-Za-z_][-.\w]*)?", re.ASCII)


@functools.cache
def _qname() -> re.Pattern[str]:
    """The name pattern, compiled on first use: its character classes cost some 7 ms to
    compile, which neither `import codec` nor declaring a model should pay."""
    return re.compile(f"{_NCNAME}(?::{_NCNAME})?")


def name_problem(name: str, *, declaration: bool = False) -> str | None:
    """Why ``name`` cannot be written as an element or attribute name, or ``None`` when it
    can; ``declaration`` allows ``xmlns`` and ``xmlns:prefix`` (kept attributes)."""
    ascii_name = _ascii_name().fullmatch(name) is not None
    if not ascii_name and _qname().fullmatch(name) is None:
        return "is not an XML name (NCName or prefix:NCName)"
    if not declaration and (name == "xmlns" or name.startswith("xmlns:")):
        return "is a namespace declaration, not a name"
    if ascii_name:
        return None
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


class _Place(NamedTuple):
    """Where one field lives, read from its `Wire` alone (no type needed): names checked."""

    attr: str
    wire: Wire
    name: str  # the camelCase of the Python name where the declaration names none
    item: str | None

    @property
    def given(self) -> bool:
        """Is the wire name fixed by the declaration (not taken from the type held)?"""
        return self.wire.name is not None or self.wire.kind in (WireKind.ATTRIBUTE, WireKind.TEXT)

    @property
    def kind(self) -> WireKind:
        return self.wire.kind


def _place(cls: type[Any], field: attrs.Attribute[Any]) -> _Place:
    where = f"{cls.__qualname__}.{field.name}"
    wire: Wire = field.metadata.get(WIRE_KEY) or Wire(WireKind.ELEMENT)
    name = camel_case(field.name) if wire.name is None else wire.name
    if wire.kind is not WireKind.TEXT:  # text is "$", the element's own text
        name = check_name(name, where, f"{wire.kind.value} name")
    item = None if wire.item is None else check_name(wire.item, where, "item name")
    if "xsi:nil" in (name, item, wire.discriminator):
        raise DeclarationError(
            f"{where}: 'xsi:nil' is read by every model (an element holding no value), not declared"
        )
    return _Place(field.name, wire, name, item)


class _Named(typing.Protocol):
    """A field's wire place: a `_Place` or a `FieldPlan`."""

    @property
    def attr(self) -> str: ...
    @property
    def kind(self) -> WireKind: ...
    @property
    def name(self) -> str: ...


def in_version(f: FieldPlan, version: int) -> bool:
    """Is field ``f`` on the wire in API ``version``?"""
    return f.versions is None or version in f.versions


def _versions_of(p: _Named) -> frozenset[int] | None:
    if isinstance(p, FieldPlan):
        return p.versions
    assert isinstance(p, _Place)
    return p.wire.versions


def _keys_of(p: _Named) -> tuple[str, ...]:
    if isinstance(p, FieldPlan):
        return p.names
    return ("@" + p.name if p.kind is WireKind.ATTRIBUTE else p.name,)


def _check_places(model: str, places: Sequence[_Named]) -> None:
    """One wire place per field in each version (two fields may share one in disjoint
    versions); text() only beside attributes, and once."""
    seen: dict[str, list[tuple[str, frozenset[int] | None]]] = {}
    text: str | None = None
    element: str | None = None
    for p in places:
        for key in _keys_of(p):  # "@name" for an attribute, "$" for text, "name" for an element
            _check_key(model, p, key, seen)
        if p.kind is WireKind.TEXT:
            text = p.attr
        elif p.kind is not WireKind.ATTRIBUTE:
            element = element or p.attr
    if text is not None and element is not None:
        raise DeclarationError(
            f"{model}.{element}: an element beside text() ({text}): a model with text holds "
            "attributes and text only"
        )


def _check_key(
    model: str, p: _Named, key: str, seen: dict[str, list[tuple[str, frozenset[int] | None]]]
) -> None:
    versions = _versions_of(p)
    for other, other_versions in seen.get(key, []):
        if versions is not None and other_versions is not None and not versions & other_versions:
            continue  # one wire place in disjoint versions: a field whose shape changed
        if p.kind is WireKind.TEXT:
            raise DeclarationError(
                f"{model}.{p.attr}: a second text(), after {other}; a model has one"
            )
        raise DeclarationError(
            f"{model}.{p.attr}: wire name {key.removeprefix('@')!r} (JSON key {key!r}) is "
            f"already {other}'s"
        )
    seen.setdefault(key, []).append((p.attr, versions))


def _shown(hint: object) -> str:
    """An annotation as written: a string as it stands, a class by its name."""
    if isinstance(hint, str):
        return hint
    if isinstance(hint, type) and not isinstance(hint, types.GenericAlias):
        return hint.__qualname__
    if is_model(hint):
        return type_label(hint)
    return repr(hint).replace("typing.", "")


def _owner(cls: type[Any], name: str) -> type[Any]:
    """The class whose own body annotates field ``name``: ``cls``, or a base it inherits from."""
    return next((b for b in cls.__mro__ if name in inspect.get_annotations(b)), cls)


def _evaluate(owner: type[Any], hints: dict[str, Any]) -> dict[str, Any]:
    """``hints`` (field name -> annotation, all written in ``owner``'s body) evaluated where
    ``owner`` was declared (see the module docstring); raises what typing raises.

    A string that evaluates to a `_plain` type is taken as it is (what typing would return);
    any other annotation, and any doubt, is typing's (`typing.get_type_hints`).
    """
    module = sys.modules.get(owner.__module__)
    module_names: dict[str, Any] = vars(module) if module is not None else {}
    names = ChainMap({owner.__name__: owner}, module_names, vars(builtins), dict(vars(owner)))
    found: dict[str, Any] = {}
    for name, hint in hints.items():
        try:
            # The model author's own source, as typing evaluates it: no payload text.
            value = eval(_code(hint), module_names, names) if isinstance(hint, str) else None  # noqa: S307
        except Exception:  # typing evaluates it again, and says what is wrong
            value = None
        if value is not None and _plain(value):
            found[name] = value
    rest = {name: hint for name, hint in hints.items() if name not in found}
    if rest:
        holder = types.SimpleNamespace(__annotations__=rest)
        found.update(typing.get_type_hints(holder, module_names, names))
    return found


@functools.lru_cache(maxsize=512)
def _code(annotation: str) -> types.CodeType:
    """A string annotation compiled once: models repeat ``"int"`` and ``"str | None"``."""
    return compile(annotation, "<annotation>", "eval")


def _plain(tp: object) -> bool:
    """True for a type made of classes, ``X | Y`` and built-in generics (``tuple[X, ...]``)
    only: nothing in it for typing to resolve, convert or strip."""
    if isinstance(tp, (types.GenericAlias, types.UnionType)):
        return all(arg is Ellipsis or _plain(arg) for arg in typing.get_args(tp))
    return isinstance(tp, type)


def _resolve(
    cls: type[Any], declared: Sequence[attrs.Attribute[Any]]
) -> tuple[dict[str, Any], dict[str, Exception]]:
    """The types the fields' annotations name, by field name; and, for each annotation that
    does not resolve (yet), the `NameError` or `AttributeError` saying which name.
    `DeclarationError` for an annotation that is no type at all."""
    resolved: dict[str, Any] = {}
    by_owner: dict[type[Any], dict[str, Any]] = {}
    own = inspect.get_annotations(cls)
    for field in declared:
        hint = field.type
        if isinstance(hint, type) and not isinstance(hint, types.GenericAlias):
            resolved[field.name] = hint  # a class as it stands: nothing to evaluate
        else:
            owner = cls if field.name in own else _owner(cls, field.name)
            by_owner.setdefault(owner, {})[field.name] = hint
    pending: dict[str, Exception] = {}
    for owner, hints in by_owner.items():
        try:
            resolved.update(_evaluate(owner, hints))  # all at once, the usual case
        except Exception:
            for name, hint in hints.items():  # one by one, to tell which
                try:
                    resolved.update(_evaluate(owner, {name: hint}))
                except (NameError, AttributeError) as exc:
                    pending[name] = exc
                except Exception as exc:  # SyntaxError, TypeError: typing's word on a non-type
                    raise DeclarationError(
                        f"{cls.__qualname__}.{name}: annotation {_shown(hint)!r} is not a type: "
                        f"{type(exc).__name__}: {exc}"
                    ) from exc
    return resolved, pending


def _unresolved(cls: type[Any], field: attrs.Attribute[Any], exc: Exception) -> DeclarationError:
    return DeclarationError(
        f"{cls.__qualname__}.{field.name}: annotation {_shown(field.type)!r} does not resolve "
        f"({exc}); a class an annotation names must be importable from the model's module "
        f"({_owner(cls, field.name).__module__}: defined or imported at its top level) by the "
        "model's first use"
    )


def has_parameters(tp: object) -> bool:
    """Does ``tp`` hold a type parameter (``T``, ``Sequence[T]``, ``Entity[T]``)? A generic
    class itself does not: it is a model used unparametrized."""
    if isinstance(tp, TypeVar):
        return True
    return not isinstance(tp, type) and bool(getattr(tp, "__parameters__", ()))


def _substitute(tp: Any, arguments: dict[Any, Any], where: str) -> Any:
    """``tp`` with the type arguments in place of its parameters (``Sequence[Entity[T]]``
    -> ``Sequence[Entity[Device]]``), as typing substitutes them."""
    if not has_parameters(tp):
        return tp
    params = (tp,) if isinstance(tp, TypeVar) else tuple(tp.__parameters__)
    missing = [p for p in params if p not in arguments]
    if missing:
        raise DeclarationError(
            f"{where}: type parameter {missing[0].__name__} is not one of the model's "
            f"({', '.join(p.__name__ for p in arguments) or 'it declares none'}): declare the "
            "model "
            f"Generic[{missing[0].__name__}]"
        )
    if isinstance(tp, TypeVar):
        return arguments[tp]
    return tp[tuple(arguments[p] for p in params)]


def _named_by_type(resolved: dict[str, Any], place: _Place) -> bool:
    """May the wire name of an unnamed field come from the type it holds?"""
    tp = resolved.get(place.attr)
    if tp is None:
        return False  # not resolved yet: its camelCase name is checked at once
    try:
        inner = _unwrap_list(_unwrap_optional(tp)[0], place.attr)[0]
    except DeclarationError:  # list[X]: said with the field's plan
        return False
    if _union_members(inner)[0] and place.wire.discriminator is None:
        return True  # a union by element name: named by its members
    return has_parameters(inner) or (is_model(inner) and element_of(inner) is not None)


def _inherited_arguments(cls: type[Any]) -> dict[Any, Any] | None:
    """The type arguments a model that is not generic itself gives the generic models it
    extends (``class DevicePage(QueryResponse[Device])``), by parameter; ``None`` where it
    gives none, or is generic itself."""
    if getattr(cls, "__parameters__", ()):
        return None
    arguments: dict[Any, Any] = {}
    for base in getattr(cls, "__orig_bases__", ()):
        origin = typing.get_origin(base)
        params = getattr(origin, "__parameters__", ())
        args = typing.get_args(base)
        if params and len(args) == len(params) and not has_parameters(base):
            arguments.update(zip(params, args, strict=True))
    return arguments or None


def _wire_name(place: _Place, inner: Any, parametric: bool, where: str) -> str:
    """The field's wire name: the declared one, else the element name of the model held
    (``@model(element=...)``), else the camelCase of the Python name (an element)."""
    if place.given:
        return place.name
    held = element_of(inner) if is_model(inner) else None
    if held is not None:
        return held
    what = "element" if place.kind is WireKind.ELEMENT else "item"
    if parametric:
        raise DeclarationError(
            f"{where}: its {what} is named by its type argument, and {_shown(inner)} declares "
            "no element name (declare it @codec.model(element=...), or name the "
            f"{what} here)"
        )
    if place.kind is WireKind.REPEATED:
        raise DeclarationError(
            f"{where}: repeated() needs an item name, or to hold a model that declares one "
            "(@codec.model(element=...))"
        )
    return place.name


def _field_plan(
    cls: type[Any], field: attrs.Attribute[Any], place: _Place, tp: Any, parametric: bool = False
) -> FieldPlan:
    where = f"{cls.__qualname__}.{field.name}"
    wire = place.wire
    _check_versions(field, wire, where)
    members, optional = _union_members(tp)
    if members:
        return _union_plan(field, place, tp, members, optional, where)
    if wire.discriminator is not None or wire.choices is not None:
        raise DeclarationError(
            f"{where}: discriminator= and choices= are for a union of models (A | B), not "
            f"{_shown(tp)}"
        )
    inner, optional, open_ = _unwrap_optional(tp)
    inner, is_list = _unwrap_list(inner, where)
    if is_list and _union_members(inner)[0]:
        raise DeclarationError(
            f"{where}: a list of a union of models is not supported; a union is one element()"
        )
    list_kind = wire.kind in (WireKind.WRAPPED, WireKind.REPEATED)
    if is_list and not list_kind:
        raise DeclarationError(f"{where}: a list type needs wrapped() or repeated()")
    if list_kind and not is_list:
        raise DeclarationError(
            f"{where}: {wire.kind.value}() holds a list: declare its type tuple[X, ...] or "
            f"Sequence[X], not {_shown(tp)}"
        )
    if is_list and optional:
        raise DeclarationError(f"{where}: a list is never None; an empty list is absent")
    if wire.write_empty and wire.required:
        raise DeclarationError(f"{where}: a required list is never empty: write_empty cannot be")
    if isinstance(inner, type) and getattr(inner, "__parameters__", None) and is_model(inner):
        raise DeclarationError(
            f"{where}: {inner.__qualname__} is generic: hold it parametrized "
            f"({inner.__qualname__}[X])"
        )
    if is_model(inner):
        if wire.form is not None:
            raise DeclarationError(f"{where}: a form ({wire.form!r}) is for a scalar, not a model")
        value_kind = None
    else:
        value_kind = kind_for(inner, open_, where, wire.form)
        if wire.kind is WireKind.ATTRIBUTE:
            value_kind = value_kind.for_attribute()
    scalar = ScalarKind.MODEL if value_kind is None else ScalarKind.VALUE
    if wire.kind in (WireKind.ATTRIBUTE, WireKind.TEXT) and scalar is ScalarKind.MODEL:
        raise DeclarationError(f"{where}: an attribute or text holds a scalar, not a model")
    plan = FieldPlan(
        attr=field.name,
        kind=wire.kind,
        name=_wire_name(place, inner, parametric, where),
        item=place.item,
        scalar=scalar,
        type=inner,
        is_list=is_list,
        optional=optional,
        required=field.default is attrs.NOTHING,
        always_array=wire.always_array,
        open=open_,
        nonempty=wire.required,
        value_kind=value_kind,
        write_empty=wire.write_empty,
        versions=wire.versions,
    )
    problem = _default_problem(field, plan)
    if problem is not None:
        raise DeclarationError(f"{where}: bad default: {problem}")
    return plan


def _check_versions(field: attrs.Attribute[Any], wire: Wire, where: str) -> None:
    """``versions=`` (API versions, checked by `_fields`) goes with a default."""
    if wire.versions is None:
        return
    if field.default is attrs.NOTHING:
        raise DeclarationError(
            f"{where}: a field in some versions only needs a default (its value elsewhere)"
        )


def _union_members(tp: Any) -> tuple[tuple[Any, ...], bool]:
    """The members of a union of two or more models (and whether it takes ``None``), else
    ``()``."""
    if typing.get_origin(tp) not in (Union, types.UnionType):
        return (), False
    args = typing.get_args(tp)
    rest = tuple(a for a in args if a is not type(None))
    if len(rest) < 2 or not all(is_model(a) for a in rest):
        return (), False
    return rest, len(rest) < len(args)


def _union_plan(
    field: attrs.Attribute[Any],
    place: _Place,
    tp: Any,
    members: tuple[Any, ...],
    optional: bool,
    where: str,
) -> FieldPlan:
    """The plan of a field holding one of several models (see `_fields.element`)."""
    wire = place.wire
    if wire.kind is not WireKind.ELEMENT:
        raise DeclarationError(
            f"{where}: a union of models is one element(); a list of a union is not supported yet"
        )
    if wire.form is not None:
        raise DeclarationError(f"{where}: a form ({wire.form!r}) is for a scalar, not a model")
    for member in members:
        if isinstance(member, type) and getattr(member, "__parameters__", None):
            raise DeclarationError(
                f"{where}: {member.__qualname__} is generic: hold it parametrized "
                f"({member.__qualname__}[X])"
            )
    classes = [origin_of(member) for member in members]
    if len(set(classes)) < len(classes):
        raise DeclarationError(
            f"{where}: two members of the union are of one class: encoding could not tell "
            "which one a value is"
        )
    discriminator = wire.discriminator
    if discriminator is None:
        if wire.choices is not None or wire.name is not None:
            raise DeclarationError(
                f"{where}: a union told apart by element names takes its members' element "
                "names (@codec.model(element=...)): name none here, or give a discriminator="
            )
        choices = []
        for member in members:
            name = element_of(member)
            if name is None:
                raise DeclarationError(
                    f"{where}: {type_label(member)} declares no element name: each member of a "
                    "union told apart by element names declares one (@codec.model(element=...))"
                )
            choices.append((name, member))
        name = choices[0][0]
    else:
        discriminator = check_name(discriminator, where, "discriminator")
        if not wire.choices:
            raise DeclarationError(
                f"{where}: discriminator={discriminator!r} needs choices=: each value of the "
                "attribute and the model it names"
            )
        choices = []
        for value, member in wire.choices:
            if not isinstance(value, str) or not value:
                raise DeclarationError(f"{where}: a choice is a non-empty string, not {value!r}")
            if member not in members:
                raise DeclarationError(
                    f"{where}: choice {value!r} names {_shown(member)}, not a member of the union"
                )
            if any(member == other for _, other in choices):
                raise DeclarationError(
                    f"{where}: {_shown(member)} has two choices; encoding writes one"
                )
            choices.append((str.__str__(value), member))
        for member in members:
            if not any(member == other for _, other in choices):
                raise DeclarationError(f"{where}: no choice names {_shown(member)}")
        name = place.name
    plan = FieldPlan(
        attr=field.name,
        kind=WireKind.ELEMENT,
        name=name,
        item=None,
        scalar=ScalarKind.UNION,
        type=tp,
        is_list=False,
        optional=optional,
        required=field.default is attrs.NOTHING,
        always_array=False,
        choices=tuple(choices),
        discriminator=discriminator,
        versions=wire.versions,
    )
    problem = _default_problem(field, plan)
    if problem is not None:
        raise DeclarationError(f"{where}: bad default: {problem}")
    return plan


def _ours(converter: object) -> bool:
    """True for no converter, or one the plan knows (a list's, an open enum's)."""
    return converter is None or converter is as_tuple or open_enum_of(converter) is not None


def _default_problem(field: attrs.Attribute[Any], plan: FieldPlan) -> str | None:
    """Why the encoder would refuse the field's default, or ``None`` (no default, a factory,
    a converter of the model's own that makes the value: nothing to tell before it runs)."""
    default = field.default
    factory = isinstance(default, attrs.Factory)  # type: ignore[arg-type]  # a class at runtime
    if default is attrs.NOTHING or factory or not _ours(field.converter):
        return None
    if plan.is_list:
        if not isinstance(default, (list, tuple)):
            return f"expected a list or a tuple, found {describe_value(default)}"
        values: Sequence[Any] = default
    elif default is None:
        return None if plan.optional else f"None, but the type is not {_shown(field.type)} | None"
    else:
        values = (default,)
    for value in values:
        if plan.choices:
            if not any(isinstance(value, origin_of(m) or m) for m in plan.members):
                return f"expected one of the union's models, found {describe_value(value)}"
            continue
        if plan.value_kind is None:
            if not isinstance(value, origin_of(plan.type) or plan.type):
                return f"expected a {_shown(plan.type)}, found {describe_value(value)}"
            continue
        try:
            plan.value_kind.to_text(value)
        except Fail as fail:
            return fail.message
    return None


def _read(
    cls: type[Any], *, final: bool, key: Any = None, arguments: dict[Any, Any] | None = None
) -> ModelPlan | None:
    """Read ``cls`` into its plan; `DeclarationError` for a mistake. Not ``final`` (at
    declaration): ``None`` when some annotation does not resolve yet or holds a type
    parameter, all else checked. ``arguments``: the type arguments of the parametrization
    ``key``, by parameter."""
    if not is_model(cls):
        raise DeclarationError(f"{cls!r} is not a codec model (declare it with @codec.model)")
    model = cls.__qualname__
    root = root_of(cls)
    if root is not None:
        root = check_name(root, model, "root")
    element = element_of(cls)
    if element is not None:
        check_name(element, model, "element")
    # The hidden field of kept content is not on the wire (see `_fields.model`).
    declared = [a for a in attrs.fields(cls) if a.name != KEPT_ATTR]
    places = [_place(cls, a) for a in declared]
    resolved, pending = _resolve(cls, declared)
    # At once, what needs no type; an unnamed field's camelCase name too, unless its type
    # names it (a parameter, or a model declaring its element: checked with the fields).
    _check_places(model, [p for p in places if p.given or not _named_by_type(resolved, p)])
    for field in declared if final else ():
        if field.name in pending:
            raise _unresolved(cls, field, pending[field.name]) from pending[field.name]
    parametric = {name for name, tp in resolved.items() if has_parameters(tp)}
    if parametric and arguments is None:
        arguments = _inherited_arguments(cls)  # class DevicePage(QueryResponse[Device])
    if parametric and arguments is None and final:
        params = (
            ", ".join(p.__name__ for p in getattr(cls, "__parameters__", ())) or "none declared"
        )
        raise DeclarationError(
            f"{model} is generic (type parameters: {params}): use it parametrized, {model}[X]"
        )
    fields = tuple(
        _field_plan(
            cls,
            field,
            place,
            _substitute(resolved[field.name], arguments or {}, f"{model}.{field.name}"),
            field.name in parametric,
        )
        for field, place in zip(declared, places, strict=True)
        # not final: checked at first use, by `plan_for`; a parametric one when parametrized
        if field.name not in pending and (arguments is not None or field.name not in parametric)
    )
    _check_places(model, fields)
    if pending or len(fields) < len(declared):
        return None
    direct = not hasattr(cls, "__attrs_post_init__") and all(
        a.validator is None and _ours(a.converter) for a in declared
    )
    return ModelPlan(
        cls=cls,
        root=root,
        fields=fields,
        # a model's own JSON order (json_order) is never sorted: kept keys go where they stood
        declared_order=declared_order_of(cls) or bool(json_order_of(cls)),
        direct_build=direct,
        key=cls if key is None else key,
        namespaces=namespaces_of(cls),
        json_order=json_order_of(cls),
    )


@once
def field_types(cls: type[Any]) -> dict[str, Any]:
    """The types the wire fields of model class ``cls`` are annotated with, resolved (type
    parameters left as they are), by field name; `DeclarationError` for one that does not
    resolve."""
    declared = [a for a in attrs.fields(cls) if a.name != KEPT_ATTR]
    resolved, pending = _resolve(cls, declared)
    for field in declared:
        if field.name in pending:
            raise _unresolved(cls, field, pending[field.name]) from pending[field.name]
    return resolved


def check_declaration(cls: type[Any]) -> None:
    """Check a model class as `_fields.model` makes it: `DeclarationError` for any mistake
    that can be seen now. Its plan, when every annotation resolves, is kept for `plan_for`."""
    plan = _read(cls, final=False)
    if plan is not None:
        setattr(cls, _PLAN_ATTR, plan)


@once
def _plan_at_first_use(cls: type[Any]) -> ModelPlan:
    plan = _read(cls, final=True)
    assert plan is not None, "a final read plans or raises"
    return plan


@once
def _plan_of_parametrization(alias: Any) -> ModelPlan:
    origin = origin_of(alias)
    assert origin is not None, "plan_for asks for models only"
    label = type_label(alias)
    params = tuple(getattr(origin, "__parameters__", ()))
    args = typing.get_args(alias)
    if not params:
        raise DeclarationError(f"{label}: {origin.__qualname__} is not generic")
    if len(args) != len(params) or has_parameters(alias):
        raise DeclarationError(
            f"{label}: give a type for each parameter of {origin.__qualname__} "
            f"({', '.join(p.__name__ for p in params)})"
        )
    plan = _read(origin, final=True, key=alias, arguments=dict(zip(params, args, strict=True)))
    assert plan is not None, "a final read plans or raises"
    return plan


def plan_for(cls: Any) -> ModelPlan:
    """The plan of a model class, or of a parametrization of a generic one
    (``QueryResponse[Device]``): the one built at its declaration, else read now, once (its
    forward references resolved, its type arguments in place); `DeclarationError` for a bad
    one."""
    if not isinstance(cls, type) and is_model(cls):
        return _plan_of_parametrization(cls)
    try:
        plan: ModelPlan = cls.__dict__[_PLAN_ATTR]  # its own: a subclass has a plan of its own
    except (AttributeError, KeyError):
        return _plan_at_first_use(cls)
    return plan


def tree_of(plan: ModelPlan) -> list[ModelPlan]:
    """``plan`` and the plans of every model its fields may hold, each once, depth first."""
    found: dict[Any, ModelPlan] = {}
    pending = [plan]
    while pending:
        current = pending.pop()
        if current.key in found:
            continue
        found[current.key] = current
        for f in current.fields:
            pending.extend(plan_for(member) for member in reversed(f.members))
    return list(found.values())


@once
def check_tree(cls: Any) -> ModelPlan:
    """The plan of a top-level model, with what can only be checked over the whole payload:
    every prefixed name (``xsi:type``) has its prefix declared by its own model or by the
    root (``@model(namespaces=...)``; ``xml`` is predeclared), one URI per prefix; and no
    member of a union by discriminator declares the discriminator itself. `DeclarationError`
    otherwise (at the first use of the payload type: its models may be declared in any
    order)."""
    plan = plan_for(cls)
    root = dict(plan.namespaces)
    for part in tree_of(plan):
        own = dict(part.namespaces)
        for prefix, uri in own.items():
            if root.get(prefix, uri) != uri:
                raise DeclarationError(
                    f"{part.label}: prefix {prefix!r} is {uri!r} here and {root[prefix]!r} in "
                    f"the root {plan.label}"
                )
        for f in part.fields:
            names = [*f.names, *([f.item] if f.item else [])]
            if f.discriminator is not None:
                names.append(f.discriminator)
            for name in names:
                found = name.lstrip("@").partition(":")[0] if ":" in name else None
                if found is not None and found != "xml" and found not in own | root:
                    raise DeclarationError(
                        f"{part.label}.{f.attr}: the name {name.lstrip('@')!r} has the prefix "
                        f"{found!r}, which neither {part.label} nor the root {plan.label} "
                        f"declares (@codec.model(namespaces={{{found!r}: ...}}))"
                    )
            if f.discriminator is not None:
                for _, member in f.choices:
                    if any(g.json_key == "@" + f.discriminator for g in plan_for(member).fields):
                        raise DeclarationError(
                            f"{part.label}.{f.attr}: {type_label(member)} declares the "
                            f"discriminator {f.discriminator!r} as a field; the union reads "
                            "and writes it"
                        )
    if plan.root is not None and ":" in plan.root:
        prefix = plan.root.partition(":")[0]
        if prefix != "xml" and prefix not in root:
            raise DeclarationError(
                f"{plan.label}: the root name {plan.root!r} has the prefix {prefix!r}, which "
                "the model does not declare"
            )
    return plan


@once
def reference_only(cls: Any) -> bool:
    """True for a payload whose models hold a union or a field of some versions only: every
    decode of it is the reference reader's (`_check.read`), whose one walk tells the members
    apart and reads each version's fields; the generated decoders cover the rest."""
    return any(
        f.choices or f.versions is not None for part in tree_of(plan_for(cls)) for f in part.fields
    )


@once
def versioned(cls: Any) -> bool:
    """True for a payload whose models hold a field of some API versions only."""
    return any(f.versions is not None for part in tree_of(plan_for(cls)) for f in part.fields)


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
