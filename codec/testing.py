"""Hypothesis strategies for any codec model: valid instances, and their encoded payloads.

Needs Hypothesis (the ``testing`` extra: ``pip install 'codec[testing]'``). For the models this
library ships and for models you declare with `codec.model`:

* ``models(SomeModel)`` draws instances that strict decoding and `codec.validate` accept, and
  that decode back equal from what `codec.encode` writes, in every version and format;
* ``payloads(SomeModel, version=3, format="json")`` draws those instances encoded.

What is drawn, field by field, from the model's declaration (each value kind's strategy, from
`codec._kinds`): integers across the signed 64-bit
range (its extremes included); text of any character XML 1.0 can carry (tab, line feed,
carriage return and everything from space up, less surrogates, U+FFFE and U+FFFF), with
markup characters, whitespace and non-BMP characters well represented; booleans; finite
floats (no NaN, no infinities); aware datetimes in whole milliseconds with offsets in whole
minutes (UTC, negative and positive ones); members of an
enum (an open enum's unknown strings are left out: strict decoding refuses them); nested
models; lists empty, of one item and of several (never empty where declared ``required=True``);
``None`` now and then for an optional field. Models that hold themselves (directly or
through others) are drawn at most three levels deep: at the third, their optional fields of
such models are ``None`` and their lists of them empty (a required one is still drawn).
Without the bound, a model holding itself twice (an element and a list, say) would draw
trees that mostly outgrow Hypothesis's buffer and are thrown away, slowly.

One exception: an optional `codec.text` field is drawn ``None`` but never ``""``, since XML
writes ``None`` as an empty element, reads it back as ``None``, and cannot write ``""`` apart
from it (the XML encoder refuses ``""`` there).
"""

from __future__ import annotations

from typing import Any, Final, TypeVar

import attrs
from hypothesis import strategies as st

from ._api import codec_for
from ._cache import once
from ._fields import WireKind
from ._kinds import INT, STR
from ._plan import FieldPlan, in_version, plan_for
from ._versions import parse_version

__all__ = ["int64s", "models", "payloads", "xml_text"]

T = TypeVar("T")

_MAX_ITEMS: Final = 4
#: How many levels deep models that hold themselves are drawn (the outermost counts).
_MAX_NESTING: Final = 3

#: Signed 64-bit integers, with the extremes and their neighbours drawn often.
int64s: st.SearchStrategy[int] = INT.strategy()

#: Text that XML 1.0 can carry, with the cases that trip writers drawn often.
xml_text: st.SearchStrategy[str] = STR.strategy()


def _lists(items: st.SearchStrategy[Any], nonempty: bool) -> st.SearchStrategy[list[Any]]:
    """Empty (unless ``nonempty``), one-item and many-item lists, each well represented."""
    one = st.lists(items, min_size=1, max_size=1)
    many = st.lists(items, min_size=1 if nonempty else 0, max_size=_MAX_ITEMS)
    return st.one_of(one, many) if nonempty else st.one_of(st.just([]), one, many)


@once
def _holds_itself(cls: type[Any]) -> bool:
    """Does a model hold itself, directly or through the models it holds?"""
    seen: set[Any] = set()
    pending = [cls]
    while pending:
        for f in plan_for(pending.pop()).fields:
            for member in f.members:  # a model field's model, a union's members
                if member == cls:  # a class, or an equal parametrization
                    return True
                if member not in seen:
                    seen.add(member)
                    pending.append(member)
    return False


def _scalar(field: FieldPlan, depth: int, version: int) -> st.SearchStrategy[Any]:
    if field.value_kind is not None:
        return field.value_kind.strategy()
    # deferred: a model may hold itself; a union holds any of its members
    return st.one_of(*(_deferred(member, depth, version) for member in field.members))


def _deferred(member: Any, depth: int, version: int) -> st.SearchStrategy[Any]:
    return st.deferred(lambda: _instances(member, depth, version))


def _field(field: FieldPlan, depth: int, version: int) -> st.SearchStrategy[Any]:
    """The values of ``field`` of a model held inside ``depth`` models that hold themselves
    (its own class included, if it holds itself)."""
    if (
        depth >= _MAX_NESTING
        and any(_holds_itself(member) for member in field.members)
        and not (field.required or field.nonempty)
    ):
        return st.just([]) if field.is_list else st.none()
    values = _scalar(field, depth, version)
    if field.is_list:
        return _lists(values, field.nonempty)
    if field.optional and field.kind is WireKind.TEXT:
        # XML writes None as an empty element, and cannot write "" apart from it.
        kind = field.vkind
        return st.none() | values.filter(lambda value: kind.to_text(value) != "")
    if field.optional:
        return st.none() | values
    return values


@once
def _instances(cls: type[Any], depth: int = 0, version: int = 0) -> st.SearchStrategy[Any]:
    """Instances of ``cls`` held inside ``depth`` models that hold themselves (``version``:
    with the fields of that API version only, the others at their defaults)."""
    plan = plan_for(cls)
    alias = {a.name: a.alias for a in attrs.fields(plan.cls) if a.init}
    inner = depth + 1 if _holds_itself(cls) else depth
    arguments = {
        alias[f.attr]: _field(f, inner, version)
        for f in plan.fields
        if f.attr in alias and (not version or in_version(f, version))
    }
    return st.builds(plan.cls, **arguments)  # a parametrization's instances are of its class


def models(type: type[T], *, version: int | str | None = None) -> st.SearchStrategy[T]:
    """Valid instances of a model class (top-level or nested): see the module documentation.
    ``version``: instances of that API version, whose fields of other versions only hold
    their defaults (what that version's payloads decode to).

    Raises `codec.DeclarationError` at once for a class that is not a codec model.
    """
    plan_for(type)
    number = 0 if version is None else parse_version(version)
    strategy: st.SearchStrategy[T] = _instances(type, 0, number)
    return strategy


def payloads(type: type[Any], *, version: int | str, format: str) -> st.SearchStrategy[bytes]:
    """``models(type, version=version)`` encoded for one API version and format.

    Raises `codec.ArgumentError` at once for a bad version or format, or a type that is not a
    top-level payload model (one declared with ``@codec.model(root=...)``).
    """
    encode = codec_for(type, version=version, format=format).encode
    return models(type, version=version).map(encode)
