"""What each API version does on the wire, as data, in one place.

XML is the same tree in every version; only the JSON serializer changed, between v1 and v2, for
every resource at once. Each difference is one column of `VERSIONS` below, so adding a version
or a rule is a one-line change, and the codecs ask these rules when they build their code
instead of branching on a version number.

| rule                 | v1                          | v2, v3, v4                 |
|----------------------|-----------------------------|----------------------------|
| ``collapse_single``  | a one-item list is the item | every list is an array     |
| ``sort_keys``        | keys in XML order           | keys sorted                |
| ``attribute_text``   | attribute values strings    | numeric attributes numbers |
| ``escape_slashes``   | ``/`` written ``\\/``       | ``/`` as is                |
| ``typed_text``       | element text by its content | element text a string      |
| ``empty_wrapper``    | an empty wrapper is ``""``  | (no capture shows one)     |

``typed_text``: PI's v1 serializer writes the text of an element (or ``$``) declared a string
as a JSON number where Java reads it as a long, or else a finite double, and writes it back
unchanged (``15``, ``-3``, ``1.5``, ``1.0E10``; not ``007``, ``+1``, ``-0``, ``1.50``,
``1e5``), and as a boolean where it is ``true`` or ``false`` (`codec._values.typed_json`);
attributes stay strings. Decoding takes a number or a boolean for a string in every version
leniently and in v1 strictly, holding the text v1 wrote it for; encoding v1 writes it so.
``empty_wrapper``: v1 writes a wrapper holding no item as ``""``; decoding reads ``""`` as an
empty list for a wrapped field (leniently in every version, strictly in v1); encoding leaves
an empty list out in every version, as XML does.

A field may override ``collapse_single`` for itself (``always_array=True``), as the data API's
``queryResponse.entity`` does in v1, and a model ``sort_keys`` (``declared_order=True``), as
``errorDocument`` does.

This module is the only reader of the flags: everything else asks the questions below
(`collapses`, `attribute_as_text`, `sorts_keys`, `escapes_slashes`, `json_key_order`,
`rule_differs`), so a new rule or a new version is a change here alone.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final, Literal

import attrs

from ._errors import ArgumentError

if TYPE_CHECKING:
    from ._plan import FieldPlan, ModelPlan

__all__ = [
    "FORMATS",
    "VERSIONS",
    "Format",
    "VersionRules",
    "attribute_as_text",
    "collapses",
    "empty_wrapper_text",
    "escapes_slashes",
    "json_key_order",
    "parse_format",
    "parse_version",
    "rule_differs",
    "same_wire",
    "sorts_keys",
    "types_text",
    "writes_empty_wrapper",
]

Format = Literal["xml", "json"]
FORMATS: Final[tuple[Format, ...]] = ("xml", "json")


@attrs.frozen
class VersionRules:
    """The JSON rules of one API version (XML has none: it is the same in all)."""

    number: int
    collapse_single: bool
    sort_keys: bool
    attribute_text: bool
    escape_slashes: bool
    typed_text: bool
    empty_wrapper: bool


VERSIONS: Final[dict[int, VersionRules]] = {
    rules.number: rules
    for rules in (
        #            number collapse sort   attr-as-text  escape "/"  typed   empty ""
        VersionRules(1, True, False, True, True, True, True),
        VersionRules(2, False, True, False, False, False, False),
        VersionRules(3, False, True, False, False, False, False),
        VersionRules(4, False, True, False, False, False, False),
    )
}

_VERSION_NAMES: Final[dict[object, int]] = {
    **{n: n for n in VERSIONS},
    **{f"v{n}": n for n in VERSIONS},
}


def parse_version(version: object) -> int:
    """Return the version number for ``1``..``4`` or ``"v1"``..``"v4"``."""
    # Exact types: True and 1.0 compare equal to 1 and would otherwise pass for v1.
    if type(version) is int or type(version) is str:
        try:
            number = _VERSION_NAMES.get(version)
        except TypeError:  # an unhashable argument
            number = None
        if number is not None:
            return number
    accepted = ", ".join(f"{n} or 'v{n}'" for n in VERSIONS)
    raise ArgumentError(f"unknown API version {version!r}: expected one of {accepted}")


def parse_format(format: object) -> Format:
    """Return ``"xml"`` or ``"json"``, the only formats PI speaks."""
    if format == "xml" and isinstance(format, str):
        return "xml"
    if format == "json" and isinstance(format, str):
        return "json"
    raise ArgumentError(f"unknown format {format!r}: expected 'xml' or 'json'")


# --------------------------------------------------------------------------- the questions


def collapses(rules: VersionRules, field: FieldPlan) -> bool:
    """Does this version write a one-item list of ``field`` as the item itself?"""
    return rules.collapse_single and not field.always_array


def attribute_as_text(rules: VersionRules, field: FieldPlan) -> bool:
    """Does this version write ``field``'s value as a string whatever its kind (v1
    attributes)?"""
    return rules.attribute_text and field.is_attribute


def types_text(rules: VersionRules, field: FieldPlan) -> bool:
    """Does this version write ``field``'s text by its content (a str element or text: a
    number or a boolean where it reads as one, see the table)?"""
    return rules.typed_text and not field.is_attribute and field.vkind.free_text


def empty_wrapper_text(rules: VersionRules) -> bool:
    """Does this version write a wrapper holding no item as ``""`` (read as empty)?"""
    return rules.empty_wrapper


def writes_empty_wrapper(rules: VersionRules, field: FieldPlan) -> bool:
    """Does this version write ``field``'s empty list as ``""`` (an empty wrapper declared
    ``write_empty``)? XML writes the empty element in every version."""
    return field.write_empty and rules.empty_wrapper


def sorts_keys(rules: VersionRules, declared_order: bool) -> bool:
    """Does this version sort the JSON keys of a model (``declared_order``: one that keeps
    its declared order in every version)?"""
    return rules.sort_keys and not declared_order


def escapes_slashes(rules: VersionRules) -> bool:
    """Does this version write ``/`` in JSON strings as ``\\/``?"""
    return rules.escape_slashes


def json_key_order(plan: ModelPlan, rules: VersionRules) -> list[FieldPlan]:
    """The fields of ``plan`` this version writes (those of some versions only in theirs), in
    the order it writes their JSON keys: sorted, or XML order (attributes, text, then
    elements, as declared)."""
    fields = [f for f in plan.fields if f.versions is None or rules.number in f.versions]
    if sorts_keys(rules, plan.declared_order) and not plan.json_order:
        return sorted(fields, key=lambda f: f.json_key)
    xml = sorted(fields, key=lambda f: 0 if f.is_attribute else 1 if f.is_text else 2)
    if rules.sort_keys and plan.json_order:  # the model's own order where keys are sorted
        first = [f for name in plan.json_order for f in fields if f.attr == name]
        return [*first, *(f for f in xml if f not in first)]
    return xml


def same_wire(rules: VersionRules) -> tuple[object, ...]:
    """What versions that write JSON alike share: equal for two versions exactly when no
    rule differs (their number aside)."""
    return attrs.astuple(rules)[1:]


def rule_differs(a: VersionRules, b: VersionRules, rule: str) -> bool:
    """Do two versions differ in one rule (a column of `VERSIONS`, by name)?"""
    return bool(getattr(a, rule) != getattr(b, rule))
