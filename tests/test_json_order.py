"""``@model(json_order=...)``: a model whose serializer writes its own key order where the
version sorts keys (v2+), as PI's data API does for ``queryResponse``; XML and v1 JSON keep
the declared (XML) order. The oracle of the differential tests derives the same order apart
(`tests.models_all.Page`)."""

from __future__ import annotations

import orjson
import pytest

import codec
from codec.pi import QueryResponse

from .models_all import Label, Ok, Page


def test_v2_writes_the_models_order_and_v1_the_xml_order() -> None:
    page = Page(a="x", count=2, z="y", b=3, rows=[Label("r")])
    xml = codec.encode(page, version=4, format="xml")
    assert b'<page count="2" z="y" b="3"><a>x</a><row>' in xml
    v1 = orjson.loads(codec.encode(page, version=1, format="json"))["page"]
    assert list(v1) == ["@count", "@z", "@b", "a", "row"]
    for version in (2, 3, 4):
        keys = list(orjson.loads(codec.encode(page, version=version, format="json"))["page"])
        assert keys == ["@z", "@count", "a", "@b", "row"]


def test_the_data_api_page_follows_the_server() -> None:
    """XML (PI 3.3 v3, EPN Manager 3.1 v1 vendor samples): ``type, responseType, requestUrl,
    rootUrl``; v2+ JSON (a v4 capture, a v3 vendor sample): ``@last, @first, @count, @type,
    @domain, @requestUrl, @responseType, @rootUrl, entity``."""
    page: QueryResponse[Ok] = QueryResponse(
        last=0, first=0, count=1, type="T", domain="ROOT-DOMAIN", request_url="u",
        response_type="listEntityInstances", root_url="r",
    )  # fmt: skip
    xml = codec.encode(page, version=3, format="xml", type=QueryResponse[Ok])
    assert b'type="T" domain="ROOT-DOMAIN" responseType="listEntityInstances" requestUrl="u"' in xml
    v4 = orjson.loads(codec.encode(page, version=4, format="json", type=QueryResponse[Ok]))
    assert list(v4["queryResponse"]) == [
        *("@last", "@first", "@count", "@type", "@domain"),
        *("@requestUrl", "@responseType", "@rootUrl"),
    ]


@pytest.mark.parametrize(
    ("order", "message"),
    [
        (("a", "nope"), "'nope' is not a field"),
        (("a", "a"), "'a' is named twice"),
        ("a", "sequence"),
    ],
)
def test_json_order_names_fields_once(order: object, message: str) -> None:
    with pytest.raises(codec.DeclarationError, match=message):

        @codec.model(root="x", json_order=order)  # type: ignore[arg-type]
        class Bad:
            a: int | None = codec.element(default=None)
