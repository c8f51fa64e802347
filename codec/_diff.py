"""What changes on the wire for one payload type between two API versions, generated.

`version_diff` reads the payload's plan and the two versions' rules (`VERSIONS`) and says, one
line per change, what a client sees differently in the JSON; nothing here is written by hand
per type or per version, so a new model or a new version rule shows up by itself. It reports:

* ``list``: each list field (at its JSON path, ``[]`` standing for "every item") where one
  version writes a one-item list as the item itself and the other as a one-item array;
* ``key order``: each object whose keys come in a different order, with both orders (the
  encoder's own ordering, so the two cannot disagree);
* ``attribute``: each integer or boolean attribute written as a string in one version and as
  a JSON number or boolean in the other (string and enum attributes are strings in both);
* ``slashes``: ``/`` escaped as ``\\/`` in one version's JSON text and not in the other's (the
  parsed strings are the same), where the payload holds strings;
* ``XML``: unchanged, always: XML is the same tree in every version.

Paths follow the problems' style: ``$.mgmtResponse.operationResult[].failure.failure`` is the
``failure`` items of every operation result.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ._errors import ArgumentError
from ._fields import WireKind
from ._plan import FieldPlan, ModelPlan, in_version, plan_for
from ._values import key_segment
from ._versions import (
    VERSIONS,
    VersionRules,
    attribute_as_text,
    collapses,
    empty_wrapper_text,
    escapes_slashes,
    json_key_order,
    parse_version,
    rule_differs,
    sorts_keys,
    types_text,
)
from ._wire import type_label

__all__ = ["version_diff"]


def _objects(
    plan: ModelPlan, path: str, seen: tuple[type[Any], ...]
) -> Iterator[tuple[str, ModelPlan]]:
    """Every JSON object of a payload that holds a model, with its path, in document order.

    A model already on the way down is not entered again (a model may hold itself).
    """
    yield path, plan
    for f in plan.fields:
        pairs = f.choices if f.by_name else tuple((f.json_key, m) for m in f.members)
        for key, member in pairs:
            if member in seen:
                continue
            inner = path + key_segment(key)
            if f.item is not None:
                inner += key_segment(f.item)
            if f.is_list:
                inner += "[]"
            yield from _objects(plan_for(member), inner, (*seen, member))


def _list_path(path: str, f: FieldPlan) -> str:
    where = path + key_segment(f.json_key)
    return where + key_segment(f.item) if f.item is not None else where


def _order_name(plan: ModelPlan, keys: list[str]) -> str:
    if keys == sorted(keys):
        return "sorted"
    xml = [f.json_key for f in plan.attributes]
    xml += [f.json_key for f in plan.fields if f.kind is WireKind.TEXT]
    xml += [f.json_key for f in plan.children]
    return "XML order" if keys == xml else "declared order"


def _lists(objects: list[tuple[str, ModelPlan]], a: VersionRules, b: VersionRules) -> list[str]:
    out = []
    for path, plan in objects:
        for f in plan.fields:
            if not f.is_list or collapses(a, f) == collapses(b, f):
                continue
            one = {True: "as the item itself", False: "as a one-item array"}
            out.append(
                f"list {_list_path(path, f)}: one item is written {one[collapses(a, f)]} in "
                f"v{a.number}, {one[collapses(b, f)]} in v{b.number}"
            )
    return out


def _key_orders(
    objects: list[tuple[str, ModelPlan]], a: VersionRules, b: VersionRules
) -> list[str]:
    out = []
    for path, plan in objects:
        first = [f.json_key for f in json_key_order(plan, a)]
        second = [f.json_key for f in json_key_order(plan, b)]
        if first != second:
            out.append(
                f"key order {path}: v{a.number} {_order_name(plan, first)} "
                f"({', '.join(first)}), v{b.number} {_order_name(plan, second)} "
                f"({', '.join(second)})"
            )
    if not out and sorts_keys(a, False) != sorts_keys(b, False):
        out.append(
            "key order: unchanged (the versions' rules differ, but give every object of this "
            "payload the same order)"
        )
    return out


def _attributes(
    objects: list[tuple[str, ModelPlan]], a: VersionRules, b: VersionRules
) -> list[str]:
    if not rule_differs(a, b, "attribute_text"):
        return []
    out = []
    for path, plan in objects:
        for f in plan.attributes:
            kind = f.vkind
            example = kind.attribute_example
            if example is None or attribute_as_text(a, f) == attribute_as_text(b, f):
                continue
            what = kind.expected
            as_text, as_value = example
            forms = {True: f"a string ({as_text})", False: f"a JSON value ({as_value})"}
            out.append(
                f"attribute {path}{key_segment(f.json_key)}: {what}, written as "
                f"{forms[attribute_as_text(a, f)]} in v{a.number}, "
                f"{forms[attribute_as_text(b, f)]} in v{b.number}"
            )
    if not out:
        out.append(
            "attribute: unchanged (the versions type integer and boolean attribute values "
            "differently, and this payload has none)"
        )
    return out


def _slashes(objects: list[tuple[str, ModelPlan]], a: VersionRules, b: VersionRules) -> list[str]:
    if escapes_slashes(a) == escapes_slashes(b):
        return []
    if not any(
        f.value_kind is not None and f.value_kind.json_string
        for _, plan in objects
        for f in plan.fields
    ):
        return [
            'slashes: unchanged (the versions write "/" in strings differently, and this payload '
            "holds no strings)"
        ]
    written = {True: '"\\/"', False: '"/"'}
    return [
        f'slashes: "/" in a string is written {written[escapes_slashes(a)]} in v{a.number}, '
        f"{written[escapes_slashes(b)]} in v{b.number} (the parsed strings are the same)"
    ]


def _present(objects: list[tuple[str, ModelPlan]], a: VersionRules, b: VersionRules) -> list[str]:
    """Fields of some versions only: added, removed, or (one wire name, two fields) changed."""
    out = []
    for path, plan in objects:
        for key in dict.fromkeys(k for f in plan.fields if f.versions is not None for k in f.names):
            holders = [f for f in plan.fields if key in f.names]
            first = [f for f in holders if in_version(f, a.number)]
            second = [f for f in holders if in_version(f, b.number)]
            if first == second:
                continue
            where = path + key_segment(key)
            if not first or not second:
                there = "in" if first else "not in"
                out.append(
                    f"field {where}: {there} v{a.number}, {'not in' if first else 'in'} v{b.number}"
                )
            else:
                out.append(
                    f"field {where}: {_described(first[0])} in v{a.number}, "
                    f"{_described(second[0])} in v{b.number}"
                )
    return out


def _described(f: FieldPlan) -> str:
    if f.value_kind is not None:
        return f.value_kind.expected
    return " or ".join(type_label(m) for m in f.members)


def _typed_text(
    objects: list[tuple[str, ModelPlan]], a: VersionRules, b: VersionRules
) -> list[str]:
    """Element text declared a string, written by its content in one version (see
    `_versions`): one line per field."""
    out = []
    written = {True: "by its content (15, true, 1.5 as JSON values)", False: "as a string"}
    for path, plan in objects:
        for f in plan.fields:
            if f.value_kind is None or f.is_attribute:
                continue
            if types_text(a, f) == types_text(b, f):
                continue
            where = path + key_segment(f.json_key) + (key_segment(f.item) if f.item else "")
            out.append(
                f"text {where}: a string, written {written[types_text(a, f)]} in v{a.number}, "
                f"{written[types_text(b, f)]} in v{b.number}"
            )
    return out


def _empty_wrappers(
    objects: list[tuple[str, ModelPlan]], a: VersionRules, b: VersionRules
) -> list[str]:
    if empty_wrapper_text(a) == empty_wrapper_text(b):
        return []
    wrappers = [
        _list_path(path, f) for path, plan in objects for f in plan.fields if f.item is not None
    ]
    if not wrappers:
        return []
    read = {True: 'read as empty when written ""', False: 'not written ""'}
    return [
        f"wrapper {where}: {read[empty_wrapper_text(a)]} in v{a.number}, "
        f"{read[empty_wrapper_text(b)]} in v{b.number} (an empty list is left out when encoding)"
        for where in wrappers
    ]


def version_diff(cls: type[Any], from_version: int | str, to_version: int | str) -> list[str]:
    """What changes in the JSON of payload ``cls`` from one API version to another, one line
    per change, then ``XML: unchanged``; ``JSON: unchanged ...`` when nothing changes."""
    a = VERSIONS[parse_version(from_version)]
    b = VERSIONS[parse_version(to_version)]
    plan = plan_for(cls)
    if plan.root is None:
        raise ArgumentError(
            f"{cls!r} is not a top-level payload model (one declared with @model(root=...))"
        )
    objects = list(_objects(plan, "$" + key_segment(plan.root), (cls,)))
    lines = [
        *_present(objects, a, b),
        *_lists(objects, a, b),
        *_key_orders(objects, a, b),
        *_attributes(objects, a, b),
        *_slashes(objects, a, b),
        *_typed_text(objects, a, b),
        *_empty_wrappers(objects, a, b),
    ]
    if not lines:
        lines.append(f"JSON: unchanged from v{a.number} to v{b.number}")
    if any(line.startswith("field ") for line in lines):
        lines.append("XML: the fields above change there too (the rest is the same tree)")
    else:
        lines.append("XML: unchanged (the same tree in every version)")
    return lines
