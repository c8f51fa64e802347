"""Which parametrization of a generic model an instance is: what `codec.encode` writes an
instance of a generic model as, when the call does not say (``type=``).

Instances of a parametrized model are of the generic class itself (``QueryResponse``, not
``QueryResponse[Device]``), as attrs generics are, so the type arguments are read from the
values the instance holds: a field typed ``T`` (or ``T | None``, ``Sequence[T]``,
``Entity[T]``) binds ``T`` to the model type of the value it holds, the first item of a
list included, through nested generic models. A parameter nothing binds (an empty list, a
``None``), or one bound to two different types, is an `ArgumentError` asking for ``type=``.
A class that is not generic is its own type, with nothing to read.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Sequence
from typing import Any, TypeVar

import attrs

from ._errors import ArgumentError
from ._plan import field_types, has_parameters
from ._wire import KEPT_ATTR, is_model, origin_of, type_label

__all__ = ["parametrization_of"]


def parametrization_of(obj: object) -> Any:
    """The model type ``obj`` is an instance of: its class, or for an instance of a generic
    model the parametrization its values show (``QueryResponse[Device]``)."""
    cls: Any = obj.__class__
    params: tuple[Any, ...] = getattr(cls, "__parameters__", ())
    if not params or not is_model(cls):
        return cls
    bindings = _bindings(obj)
    missing = [p for p in params if p not in bindings]
    if missing:
        raise ArgumentError(
            f"cannot tell the type argument {missing[0].__name__} of generic "
            f"{cls.__qualname__} from the value (it holds no {missing[0].__name__}): pass "
            f"type={cls.__qualname__}[...]"
        )
    return cls[tuple(bindings[p] for p in params)]


def _bindings(obj: object) -> dict[Any, Any]:
    """The type parameters of ``obj``'s generic class bound by the values it holds."""
    cls: Any = obj.__class__
    bindings: dict[Any, Any] = {}
    hints = field_types(cls)
    for a in attrs.fields(cls):
        tp = hints.get(a.name)
        if a.name != KEPT_ATTR and tp is not None and has_parameters(tp):
            _bind(tp, getattr(obj, a.name), bindings, cls)
    return bindings


def _bind(tp: Any, value: object, bindings: dict[Any, Any], owner: type[Any]) -> None:
    if value is None:
        return
    if isinstance(tp, TypeVar):
        _set(tp, parametrization_of(value), bindings, owner)
        return
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin is typing.Union or origin is types.UnionType:
        for arg in args:
            if has_parameters(arg):
                _bind(arg, value, bindings, owner)
        return
    if origin in (tuple, Sequence, typing.Sequence) and isinstance(value, (tuple, list)):
        for item in value:
            _bind(args[0], item, bindings, owner)
        return
    held = origin_of(tp)
    if held is not None and isinstance(value, held):
        # ``Entity[T]`` holding an Entity: what it binds of its own parameters, seen
        # through the arguments this field gives them.
        inner = _bindings(value)
        for param, arg in zip(getattr(held, "__parameters__", ()), args, strict=False):
            if param in inner:
                _unify(arg, inner[param], bindings, owner)


def _unify(pattern: Any, concrete: Any, bindings: dict[Any, Any], owner: type[Any]) -> None:
    if isinstance(pattern, TypeVar):
        _set(pattern, concrete, bindings, owner)
    elif has_parameters(pattern) and typing.get_origin(pattern) is typing.get_origin(concrete):
        for p, c in zip(typing.get_args(pattern), typing.get_args(concrete), strict=False):
            _unify(p, c, bindings, owner)


def _set(param: Any, tp: Any, bindings: dict[Any, Any], owner: type[Any]) -> None:
    known = bindings.setdefault(param, tp)
    if known != tp:
        raise ArgumentError(
            f"generic {owner.__qualname__} holds both {type_label(known)} and {type_label(tp)} "
            f"as {param.__name__}: pass type={owner.__qualname__}[...]"
        )
