"""`codec.testing`: its strategies draw valid models of any declared type, shipped or not.

The properties run over every top-level payload this library ships and over a model declared
here, as a user would, with every field helper, an enum, a boolean, nested models, optional
fields, a required list and a text field.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from typing import Any

import pytest
from hypothesis import Phase, find, given, settings
from hypothesis import strategies as st

import codec
from codec.errordocument import ErrorDocument
from codec.jobservice import (
    JobOperationPayload,
    JobRunOperationPayload,
    MgmtResponse,
    OperationEnum,
    OperationResult,
)
from codec.testing import models, payloads

from .models_all import Branch, Node, Tree

VERSIONS = (1, 2, 3, 4)
FORMATS = ("xml", "json")
INT64_MIN = -(2**63)
INT64_MAX = 2**63 - 1


class Color(enum.Enum):
    RED = "red"
    GREEN = "green"


@codec.model()
class Label:
    """Text beside an attribute."""

    value: str = codec.text()
    lang: str | None = codec.attribute(default=None)


@codec.model()
class Note:
    """Optional text: never drawn ``None`` (XML cannot tell it from ``""``)."""

    author: int | None = codec.attribute(default=None)
    body: str | None = codec.text(default=None)


@codec.model()
class Part:
    number: int = codec.element()
    enabled: bool = codec.element()
    color: Color | None = codec.element(default=None)
    labels: Sequence[Label] = codec.repeated("label", default=())
    note: Note | None = codec.element(default=None)


@codec.model(root="inventory")
class Inventory:
    """A user's top-level payload."""

    owner: str = codec.attribute()
    audited: bool | None = codec.attribute(default=None)
    parts: Sequence[Part] = codec.wrapped("parts", "part", default=(), required=True)
    tags: Sequence[str] = codec.repeated("tag", default=())
    counts: Sequence[int] = codec.wrapped("counts", "count", default=(), always_array=True)
    main: Part | None = codec.element("mainPart", default=None)
    shade: Color = codec.element(default=Color.RED)


TOP_LEVEL: list[type[Any]] = [
    JobOperationPayload,
    JobRunOperationPayload,
    MgmtResponse,
    ErrorDocument,
    Inventory,
]
SHIPPED: list[type[Any]] = TOP_LEVEL[:3]
IDS = [cls.__name__ for cls in TOP_LEVEL]


@pytest.mark.parametrize("cls", TOP_LEVEL, ids=IDS)
def test_models_round_trip_in_every_version_and_format(cls: type[Any]) -> None:
    """What the encoder writes of a drawn model decodes back equal, leniently and strictly,
    and validates, in every version and format."""

    @given(models(cls))
    def check(model: Any) -> None:
        assert type(model) is cls
        for version in VERSIONS:
            for fmt in FORMATS:
                data = codec.encode(model, version=version, format=fmt)
                assert codec.decode(data, cls, version=version, format=fmt) == model
                strict = codec.decode(data, cls, version=version, format=fmt, strict=True)
                assert strict == model
                report = codec.validate(data, cls, version=version, format=fmt)
                assert report.ok, report.problems

    check()


@pytest.mark.parametrize("cls", SHIPPED, ids=IDS[:3])
def test_shipped_payloads_are_detected_and_valid(cls: type[Any]) -> None:
    """`codec.validate`, told nothing, finds the type of a shipped payload and passes it."""

    @given(st.sampled_from(VERSIONS), st.sampled_from(FORMATS), st.data())
    def check(version: int, fmt: str, data: st.DataObject) -> None:
        payload = data.draw(payloads(cls, version=version, format=fmt))
        report = codec.validate(payload)
        assert report.ok, report.problems
        assert report.type is cls
        assert version in report.versions

    check()


@pytest.mark.parametrize("cls", TOP_LEVEL, ids=IDS)
def test_payloads_are_encoded_models(cls: type[Any]) -> None:
    """`payloads` draws bytes that decode, strictly, to a model of the type, and that the
    encoder writes again byte for byte."""

    @given(st.sampled_from(VERSIONS), st.sampled_from(FORMATS), st.data())
    def check(version: int, fmt: str, data: st.DataObject) -> None:
        payload = data.draw(payloads(cls, version=version, format=fmt))
        assert isinstance(payload, bytes)
        model = codec.decode(payload, cls, version=version, format=fmt, strict=True)
        assert codec.encode(model, version=version, format=fmt) == payload

    check()


@given(models(OperationResult))
def test_nested_models_are_drawn_too(result: OperationResult) -> None:
    """A part that is not a top-level payload is drawn, with known operations only."""
    assert isinstance(result, OperationResult)
    assert result.operation is None or isinstance(result.operation, OperationEnum)


@given(models(Inventory))
def test_declared_constraints_hold(inventory: Inventory) -> None:
    """Required lists are never empty; an optional text field is never ``""`` (which XML
    cannot write apart from ``None``)."""
    assert inventory.parts
    parts = [*inventory.parts, *([inventory.main] if inventory.main else [])]
    for part in parts:
        if part.note is not None:
            assert part.note.body != ""
    assert all(INT64_MIN <= n <= INT64_MAX for n in inventory.counts)


def test_drawn_values_cover_the_edges() -> None:
    """Extremes of int64, absent optionals, empty and many-item lists, every enum member, and
    XML-special text are all reachable."""
    find(models(JobRunOperationPayload), lambda m: INT64_MAX in m.run_ids)
    find(models(JobRunOperationPayload), lambda m: INT64_MIN in m.run_ids)
    find(models(JobRunOperationPayload), lambda m: len(m.run_ids) > 2)
    find(models(MgmtResponse), lambda m: m.request_url is None and m.operation_results)
    find(models(MgmtResponse), lambda m: m.request_url is not None and not m.operation_results)
    find(models(MgmtResponse), lambda m: len(m.jobs) > 1 and m.jobs[0].run_instances)
    find(models(Inventory), lambda m: m.shade is Color.GREEN and not m.tags)
    find(models(Inventory), lambda m: m.audited is False and len(m.counts) == 1)
    find(models(Label), lambda m: "<" in m.value and "&" in m.value)
    find(models(Label), lambda m: m.value == "" and m.lang is None)
    find(models(Inventory), lambda m: any(p.note and p.note.body is None for p in m.parts))


def _levels(node: Node) -> int:
    """How many levels of `Node` a node holds, itself included."""
    inner = [*node.children, *node.grafts, *([node.next] if node.next else [])]
    return 1 + max(map(_levels, inner), default=0)


@given(models(Tree))
def test_models_that_hold_themselves_are_drawn_three_levels_deep(tree: Tree) -> None:
    """A model holding itself three ways (an element, a repeated and a wrapped list) is drawn
    at most three levels deep: unbounded, its trees would mostly outgrow Hypothesis's buffer
    and be thrown away, slowly."""
    assert _levels(tree.trunk) <= 3
    assert all(_depth(branch) <= 3 for branch in tree.branches)


def _depth(branch: Branch) -> int:
    return 1 + max(map(_depth, branch.branches), default=0)


def test_models_that_hold_themselves_reach_the_bound() -> None:
    """Every level up to the bound is drawn, through each way a model holds itself."""
    first = settings(phases=[Phase.generate], max_examples=2000, database=None)  # no shrinking
    find(models(Node), lambda n: any(_levels(c) == 2 for c in n.children), settings=first)
    find(models(Node), lambda n: any(_levels(g) == 2 for g in n.grafts), settings=first)
    nested = models(Tree)
    find(nested, lambda t: t.trunk.next is not None and _levels(t.trunk.next) == 2, settings=first)


def test_models_refuses_what_is_not_a_model() -> None:
    """A plain class is refused when the strategy is made, not when it is drawn."""

    class Plain:
        pass

    with pytest.raises(codec.DeclarationError):
        models(Plain)


def test_payloads_checks_its_arguments_at_once() -> None:
    """A bad version or format, or a part that is not top-level, is refused at once."""
    with pytest.raises(codec.ArgumentError):
        payloads(MgmtResponse, version=5, format="xml")
    with pytest.raises(codec.ArgumentError):
        payloads(MgmtResponse, version=3, format="yaml")
    with pytest.raises(codec.ArgumentError):
        payloads(Part, version=3, format="xml")
