"""Generic models: an attrs model that is ``Generic[T]`` is used parametrized
(``Page[Item]``) by every entry point, with a plan, generated code and caches per
parametrization, and a field typed ``T`` named by the element its type argument declares.

The models here are the core's own (no ``codec.pi``); the data API's envelopes built on this
are tested in ``tests/test_data_api.py``.
"""

from __future__ import annotations

import linecache
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any, Generic, TypeVar

import jsonschema
import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import codec
from codec.testing import models

T = TypeVar("T")
U = TypeVar("U")
VERSIONS = (1, 2, 3, 4)
FORMATS = ("xml", "json")


@codec.model(element="itemDTO")
class Item:
    id: int = codec.attribute()
    name: str | None = codec.element(default=None)
    seen: datetime | None = codec.element(default=None)


@codec.model(element="otherDTO")
class Other:
    label: str = codec.attribute()


@codec.model()
class Unnamed:
    """A part that declares no element name of its own."""

    value: int = codec.attribute()


@codec.model()
class Box(Generic[T]):
    kind: str | None = codec.attribute(default=None)
    content: T | None = codec.element(default=None)  # named by T's model


@codec.model(root="page")
class Page(Generic[T]):
    count: int | None = codec.attribute(default=None)
    boxes: Sequence[Box[T]] = codec.repeated("box", default=(), always_array=True)
    items: Sequence[T] = codec.repeated(default=())  # named by T's model


@codec.model(root="pair")
class Pair(Generic[T, U]):
    first: T = codec.element("first")
    second: Sequence[U] = codec.wrapped("seconds", "second", default=())


@codec.model(root="holder")
class Holder:
    """A plain model holding parametrizations of one generic model twice."""

    items: Box[Item] | None = codec.element("items", default=None)
    others: Box[Other] | None = codec.element("others", default=None)


SEEN = datetime(2020, 7, 27, 17, 28, 2, tzinfo=UTC)
PAGE = Page(
    count=2,
    boxes=[Box("a", Item(1, "one", SEEN)), Box("b", None)],
    items=[Item(2), Item(3, "three")],
)


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("format", FORMATS)
@pytest.mark.parametrize("strict", [False, True])
def test_a_parametrized_model_round_trips(version: int, format: str, strict: bool) -> None:
    """``Page[Item]`` encodes and decodes (strict and lenient) to an equal ``Page``."""
    raw = codec.encode(PAGE, version=version, format=format, type=Page[Item])
    decoded = codec.decode(raw, Page[Item], version=version, format=format, strict=strict)
    assert decoded == PAGE
    assert type(decoded) is Page
    assert type(decoded.boxes[0]) is Box


def test_a_field_typed_t_takes_the_element_name_its_argument_declares() -> None:
    """``content: T`` is ``<itemDTO>`` in ``Box[Item]``, ``<otherDTO>`` in ``Box[Other]``;
    ``repeated()`` without an item name likewise."""
    raw = codec.encode(PAGE, version=2, format="json")
    assert orjson.loads(raw) == {
        "page": {
            "@count": 2,
            "box": [
                {
                    "@kind": "a",
                    "itemDTO": {"@id": 1, "name": "one", "seen": "2020-07-27T17:28:02.000Z"},
                },
                {"@kind": "b"},
            ],
            "itemDTO": [{"@id": 2}, {"@id": 3, "name": "three"}],
        }
    }
    held = Holder(Box("x", Item(1)), Box("y", Other("z")))
    assert codec.encode(held, version=1, format="xml") == (
        b'<?xml version="1.0" ?>\n<holder><items kind="x"><itemDTO id="1"></itemDTO></items>'
        b'<others kind="y"><otherDTO label="z"></otherDTO></others></holder>'
    )
    for version in VERSIONS:
        for format in FORMATS:
            raw = codec.encode(held, version=version, format=format)
            assert codec.decode(raw, Holder, version=version, format=format, strict=True) == held


def test_encode_infers_the_parametrization_from_the_values_held() -> None:
    """Without ``type=``, a ``Page`` holding ``Item`` values is written as ``Page[Item]``,
    through nested generic models and lists; two type parameters are bound each on its own."""
    for version in VERSIONS:
        for format in FORMATS:
            assert codec.encode(PAGE, version=version, format=format) == codec.encode(
                PAGE, version=version, format=format, type=Page[Item]
            )
    only_nested = Page(boxes=[Box(content=Item(5))])
    assert codec.encode(only_nested, version=3, format="json") == codec.encode(
        only_nested, version=3, format="json", type=Page[Item]
    )
    pair = Pair(Item(1), [Other("x")])
    raw = codec.encode(pair, version=4, format="xml")
    assert codec.decode(raw, Pair[Item, Other], version=4, format="xml", strict=True) == pair


def test_encode_asks_for_the_type_where_the_values_do_not_tell() -> None:
    """An empty page, or one holding two kinds of T, is an `ArgumentError` asking for
    ``type=``; given, the empty page is written."""
    with pytest.raises(codec.ArgumentError, match=r"type argument T of generic Page.*type="):
        codec.encode(Page(count=0), version=2, format="json")
    assert codec.encode(Page(count=0), version=2, format="json", type=Page[Item]) == (
        b'{"page":{"@count":0}}'
    )
    with pytest.raises(codec.ArgumentError, match=r"holds both Item and Other as T"):
        codec.encode(Page(items=[Item(1), Other("x")]), version=2, format="json")


def test_parametrizations_have_codecs_and_readable_code_of_their_own() -> None:
    """``Page[Item]`` and ``Page[Other]`` are two codecs, built once each, whose generated
    functions are named by the parametrization and registered with linecache."""
    one = codec.codec_for(Page[Item], version=3, format="json")
    assert codec.codec_for(Page[Item], version=3, format="json") is one
    other = codec.codec_for(Page[Other], version=3, format="json")
    assert other.type == Page[Other]
    assert other.source != one.source
    assert "def je3_Page_Item_0(o):" in one.source
    assert "def je3_Box_Item_" in one.source
    assert "itemDTO" in one.source
    assert "def je3_Page_Other_0(o):" in other.source
    assert "itemDTO" not in other.source
    assert "# codec generated json encoder v3 for tests.test_generic.Page[Item]" in one.source
    what = "<codec generated json encoder v3 for tests.test_generic.Page[Item]"
    filenames = [name for name in linecache.cache if name.startswith(what)]
    assert filenames, "registered with linecache"
    assert linecache.getline(filenames[0], 1).startswith("def je3_Page_Item_0(o):")
    raw = codec.encode(Page(items=[Other("o")]), version=3, format="json")
    assert raw == b'{"page":{"otherDTO":[{"@label":"o"}]}}'
    assert other.decode(raw) == Page(items=[Other("o")])
    with pytest.raises(codec.DecodeError):
        one.decode(b'{"page":{"itemDTO":[{"@label":"o"}]}}', strict=True)


def test_a_generic_model_is_used_parametrized_only() -> None:
    """``Page`` itself, or ``Page[T]``, is no payload type: a `DeclarationError` saying to
    parametrize it."""
    with pytest.raises(codec.DeclarationError, match=r"Page is generic .*Page\[X\]"):
        codec.codec_for(Page, version=1, format="xml")
    with pytest.raises(codec.DeclarationError, match=r"Page\[T\]: give a type"):
        codec.codec_for(Page[T], version=1, format="xml")  # type: ignore[valid-type]


def test_a_field_named_by_its_type_needs_an_element_name() -> None:
    """A type argument whose model declares no element name is a `DeclarationError` naming
    the field, at parametrization; so is ``repeated()`` without a name holding a plain part."""
    with pytest.raises(
        codec.DeclarationError,
        match=r"Page\.items: its item is named by its type argument, and Unnamed declares no "
        r"element name",
    ):
        codec.codec_for(Page[Unnamed], version=1, format="xml")
    with pytest.raises(codec.DeclarationError, match=r"Box\.content: its element is named by"):
        codec.testing.models(Box[Unnamed])
    with pytest.raises(codec.DeclarationError, match=r"Bad\.parts: repeated\(\) needs an item"):

        @codec.model(root="bad")
        class Bad:
            parts: Sequence[Unnamed] = codec.repeated(default=())


def test_what_needs_no_type_argument_is_checked_at_the_class_statement() -> None:
    """A generic model's fields without a type parameter are checked as it is declared; a
    type parameter that is not the model's is said at parametrization."""
    with pytest.raises(codec.DeclarationError, match=r"Bad\.count: .*list"):

        @codec.model(root="bad")
        class Bad(Generic[T]):
            count: list[int] = codec.wrapped("counts", "count", default=())
            content: T | None = codec.element(default=None)

    @codec.model(root="stray")
    class Stray(Generic[T]):
        content: U | None = codec.element(default=None)  # type: ignore[valid-type]

    with pytest.raises(codec.DeclarationError, match=r"Stray\.content: type parameter U is not"):
        codec.codec_for(Stray[Item], version=1, format="xml")


def test_element_names_are_checked_as_any_wire_name() -> None:
    """``@model(element=...)`` must be an XML name."""
    with pytest.raises(codec.DeclarationError, match=r"Bad: element 'a b' is not an XML name"):

        @codec.model(element="a b")
        class Bad:
            value: int = codec.attribute()


@settings(max_examples=25, deadline=None)
@given(page=models(Page[Item]), version=st.sampled_from(VERSIONS), fmt=st.sampled_from(FORMATS))
def test_drawn_pages_round_trip_and_validate(page: Page[Item], version: int, fmt: str) -> None:
    """`codec.testing` draws ``Page[Item]`` instances; each round trips strictly, and
    `validate` accepts what the encoder writes."""
    pair = codec.codec_for(Page[Item], version=version, format=fmt)
    raw = pair.encode(page)
    assert pair.decode(raw, strict=True) == page
    report = codec.validate(raw, Page[Item], version=version, format=fmt)
    assert report.ok, report.problems


@pytest.mark.parametrize("version", VERSIONS)
def test_the_schema_of_a_parametrization_takes_its_json(version: int) -> None:
    """`json_schema(Page[Item])` names its definitions by parametrization and validates what
    the encoder writes; a wrong element name is refused."""
    schema = codec.json_schema(Page[Item], version)
    assert schema["properties"] == {"page": {"$ref": "#/$defs/Page_Item"}}
    assert {"Box_Item", "Item", "Page_Item"} <= set(schema["$defs"])
    document = orjson.loads(codec.encode(PAGE, version=version, format="json"))
    jsonschema.validate(document, schema)
    document["page"]["otherDTO"] = document["page"].pop("itemDTO")
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(document, schema)


def test_validate_and_strict_decoding_agree_on_a_parametrization() -> None:
    """A wrong value inside the held model is one problem, at the same path, for both."""
    raw = b'{"page":{"box":[{"itemDTO":{"@id":"x"}}]}}'
    report = codec.validate(raw, Page[Item], version=2, format="json")
    assert not report.ok
    assert report.type == Page[Item]
    with pytest.raises(codec.DecodeError) as error:
        codec.decode(raw, Page[Item], version=2, format="json", strict=True)
    found: list[Any] = [(p.code, p.path) for p in error.value.problems]
    assert found == [(p.code, p.path) for p in report.problems]
    assert found == [("type", "$.page.box[0].itemDTO['@id']")]


def test_large_xml_of_a_parametrization_takes_the_streaming_reader() -> None:
    """Past the tree size, the streaming reader and the strict streaming pass read both
    parametrizations held by one model apart."""
    held = Holder(
        Box("x", Item(1, "n" * 40_000)),
        Box("y", Other("l" * 40_000)),
    )
    raw = codec.encode(held, version=4, format="xml")
    assert len(raw) > 64 * 1024
    assert codec.decode(raw, Holder, version=4, format="xml") == held
    assert codec.decode(raw, Holder, version=4, format="xml", strict=True) == held
    assert codec.decode(raw, Holder, version=4, format="xml", unknown="keep") == held


@codec.model(root="page")
class ItemPage(Page[Item]):
    """A plain model extending a parametrization: its fields take ``Item`` for ``T``."""


def test_a_model_extending_a_parametrization_is_a_plain_model() -> None:
    """``class ItemPage(Page[Item])`` needs no parametrizing: it is checked at its class
    statement, decodes to its own class and writes what ``Page[Item]`` writes."""
    value = ItemPage(count=1, items=[Item(1)])
    for version in VERSIONS:
        for format in FORMATS:
            raw = codec.encode(value, version=version, format=format)
            assert raw == codec.encode(
                Page(count=1, items=[Item(1)]), version=version, format=format
            )
            decoded = codec.decode(raw, ItemPage, version=version, format=format, strict=True)
            assert type(decoded) is ItemPage
            assert decoded == value
