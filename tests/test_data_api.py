"""The data API's envelopes shipped in `codec.pi`: ``QueryResponse[Device]`` for a user's own
DTO, `EntityIds`, and what real answers show of them (``tests/vendor/index.json``, the
``queryResponse`` entries): key orders, arrays in v1, attributes as strings in v1 only, the
attribute order and declaration of an old generator.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import jsonschema
import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import codec
from codec.pi import (
    ENVELOPE_URLS,
    Entity,
    EntityId,
    EntityIds,
    OperationResponse,
    QueryResponse,
)
from codec.pi._urls import EnvelopeUrls
from codec.testing import models

VERSIONS = (1, 2, 3, 4)
FORMATS = ("xml", "json")
ROOT = "https://pi.example.com/webacs/api/v{}/data"


@codec.model(element="devicesDTO")
class Device:
    """A user's DTO of ``data/Devices``: attributes as PI writes them, a few elements."""

    display_name: str | None = codec.attribute(default=None)
    id: int | None = codec.attribute(default=None)
    uuid: str | None = codec.attribute(default=None)
    collection_time: datetime | None = codec.element(default=None)
    device_name: str | None = codec.element(default=None)
    reachability: float | None = codec.element(default=None)


@codec.model()
class Unnamed:
    """A DTO that forgot its element name."""

    id: int | None = codec.attribute(default=None)


def device(n: int) -> Device:
    return Device(
        display_name=str(n),
        id=27017138148 + n,
        uuid=f"uuid-{n}",
        collection_time=datetime(2020, 7, 27, 17, 28, 2, tzinfo=UTC) + timedelta(minutes=n),
        device_name=f"wlc-{n}",
        reachability=15.0 + n,
    )


def page(version: int, n: int = 1, domain: str | None = "ROOT-DOMAIN") -> QueryResponse[Device]:
    """A ``.full=true`` answer of ``n`` devices whose URLs name ``version``."""
    root = ROOT.format(version)
    return QueryResponse(
        last=n - 1,
        first=0,
        count=n,
        type="Devices",
        domain=domain,
        request_url=f"{root}/Devices?.full=true",
        response_type="listEntityInstances",
        root_url=root,
        entities=[
            Entity(dto_type="devicesDTO", type="Devices", url=f"{root}/Devices/{i}", dto=device(i))
            for i in range(n)
        ],
    )


def ids(version: int, n: int = 1) -> EntityIds:
    root = ROOT.format(version)
    return EntityIds(
        last=n - 1,
        first=0,
        count=n,
        type="Devices",
        request_url=f"{root}/Devices",
        response_type="listEntityIds",
        root_url=root,
        entity_ids=[
            EntityId(type="Devices", url=f"{root}/Devices/{i}", id=27017138148 + i)
            for i in range(n)
        ],
    )


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("format", FORMATS)
@pytest.mark.parametrize("n", [1, 3])
def test_pages_round_trip_strict_and_lenient(version: int, format: str, n: int) -> None:
    """``QueryResponse[Device]`` and `EntityIds` decode, strictly and leniently, to what was
    encoded; ``codec.decode(raw, QueryResponse[Device], ...)`` as the issue asks."""
    for value, kind in ((page(version, n), QueryResponse[Device]), (ids(version, n), EntityIds)):
        raw = codec.encode(value, version=version, format=format)
        assert codec.decode(raw, kind, version=version, format=format) == value
        assert codec.decode(raw, kind, version=version, format=format, strict=True) == value
        assert codec.validate(raw, kind, version=version, format=format).ok


@pytest.mark.parametrize("version", [2, 3, 4])
def test_v2_json_keeps_the_envelope_order_and_sorts_the_dto(version: int) -> None:
    """v2+ JSON: the envelope's keys in the server's order (the v4 capture's), the entity's
    and the DTO's sorted."""
    document = orjson.loads(codec.encode(page(version), version=version, format="json"))
    envelope = document["queryResponse"]
    assert list(envelope) == [
        "@last",
        "@first",
        "@count",
        "@type",
        "@domain",
        "@requestUrl",
        "@responseType",
        "@rootUrl",
        "entity",
    ]
    assert list(envelope["entity"][0]) == ["@dtoType", "@type", "@url", "devicesDTO"]
    dto = envelope["entity"][0]["devicesDTO"]
    assert list(dto) == sorted(dto)
    assert list(dto) == [
        "@displayName",
        "@id",
        "@uuid",
        "collectionTime",
        "deviceName",
        "reachability",
    ]


def test_a_get_entity_answer_has_the_v3_vendor_samples_order() -> None:
    """Without paging (``getEntity``), v3 JSON starts ``@type, @requestUrl, @responseType,
    @rootUrl, entity``, as the v3 vendor sample."""
    answer = QueryResponse(
        type="Devices",
        request_url=f"{ROOT.format(3)}/Devices/0",
        response_type="getEntity",
        root_url=ROOT.format(3),
        entities=[Entity(dto_type="devicesDTO", dto=Device(id=15))],
    )
    envelope = orjson.loads(codec.encode(answer, version=3, format="json"))["queryResponse"]
    assert list(envelope) == ["@type", "@requestUrl", "@responseType", "@rootUrl", "entity"]


def test_v1_writes_one_entity_as_an_array_and_attributes_as_strings() -> None:
    """v1 JSON: ``entity`` and ``entityId`` are arrays with one item, attributes strings
    (``"@id": "27017138148"``, ``"@count": "1"``); v2+ numbers. The id text is a number in
    both."""
    one = orjson.loads(codec.encode(page(1), version=1, format="json"))["queryResponse"]
    assert isinstance(one["entity"], list)
    assert len(one["entity"]) == 1
    assert one["@count"] == "1"
    assert one["entity"][0]["devicesDTO"]["@id"] == "27017138148"
    assert one["entity"][0]["devicesDTO"]["reachability"] == 15.0
    four = orjson.loads(codec.encode(page(4), version=4, format="json"))["queryResponse"]
    assert four["@count"] == 1
    assert four["entity"][0]["devicesDTO"]["@id"] == 27017138148
    v1_ids = orjson.loads(codec.encode(ids(1), version=1, format="json"))["queryResponse"]
    assert v1_ids["entityId"] == [
        {"@type": "Devices", "@url": f"{ROOT.format(1)}/Devices/0", "$": 27017138148}
    ]
    assert v1_ids["@count"] == "1"
    v2_ids = orjson.loads(codec.encode(ids(2), version=2, format="json"))["queryResponse"]
    assert v2_ids["@count"] == 1
    assert v2_ids["entityId"][0]["$"] == 27017138148


def test_strict_v1_refuses_a_collapsed_entity_and_a_numeric_attribute() -> None:
    """What v1 does not write is refused strictly: ``entity`` as an object, ``@id`` as a
    number; lenient decoding reads both."""
    document = orjson.loads(codec.encode(page(1), version=1, format="json"))
    document["queryResponse"]["entity"] = document["queryResponse"]["entity"][0]
    collapsed = orjson.dumps(document)
    assert codec.decode(collapsed, QueryResponse[Device], version=1, format="json") == page(1)
    report = codec.validate(collapsed, QueryResponse[Device], version=1, format="json")
    assert [p.path for p in report.problems] == ["$.queryResponse.entity"]
    numeric = codec.encode(page(1), version=1, format="json").replace(
        b'"@id":"27017138148"', b'"@id":27017138148'
    )
    assert codec.decode(numeric, QueryResponse[Device], version=1, format="json") == page(1)
    with pytest.raises(codec.DecodeError) as error:
        codec.decode(numeric, QueryResponse[Device], version=1, format="json", strict=True)
    assert [p.path for p in error.value.problems] == ["$.queryResponse.entity[0].devicesDTO['@id']"]


OLD_XML = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<queryResponse rootUrl="https://pi.example.com/webacs/api/v1/data" '
    b'requestUrl="https://pi.example.com/webacs/api/v1/data/Devices?.full=true" '
    b'responseType="listEntityInstances" type="Devices" count="1" first="0" last="0">'
    b'<entity url="https://pi.example.com/webacs/api/v1/data/Devices/0" type="Devices" '
    b'dtoType="devicesDTO"><devicesDTO uuid="uuid-0" id="27017138148" displayName="0">'
    b"<collectionTime>2020-07-27T17:28:02.000Z</collectionTime><deviceName>wlc-0</deviceName>"
    b"<reachability>15.0</reachability></devicesDTO></entity></queryResponse>"
)


@pytest.mark.parametrize("strict", [False, True])
def test_an_old_generators_attribute_order_and_declaration_decode(strict: bool) -> None:
    """PI 2.x's order (``rootUrl, requestUrl, responseType``, paging last) and
    ``standalone="yes"`` decode to the same page, on the tree walker and the streaming
    reader, and in v1 JSON keys in that order."""
    expected = page(1, domain=None)  # PI 2.x wrote no domain
    assert codec.decode(OLD_XML, QueryResponse[Device], version=1, format="xml", strict=strict) == (
        expected
    )
    padded = OLD_XML.replace(b"<deviceName>wlc-0", b"<deviceName>" + b" " * 70_000 + b"wlc-0")
    large = codec.decode(padded, QueryResponse[Device], version=1, format="xml", strict=strict)
    assert large.entities[0].dto.device_name == " " * 70_000 + "wlc-0"
    document = orjson.loads(codec.encode(expected, version=1, format="json"))
    envelope = document["queryResponse"]
    order = ["@rootUrl", "@requestUrl", "@responseType", "@type", "@count", "@first", "@last"]
    reordered = {"queryResponse": {**{k: envelope[k] for k in order}, "entity": envelope["entity"]}}
    raw = orjson.dumps(reordered)
    assert codec.decode(raw, QueryResponse[Device], version=1, format="json", strict=strict) == (
        expected
    )


@pytest.mark.parametrize("version", VERSIONS)
def test_the_envelope_url_rule_names_the_version(version: int) -> None:
    """The envelopes carry PI's URL rule: a page whose URLs name v``N`` is valid for vN only."""
    for kind in (QueryResponse, EntityIds, OperationResponse):
        rule: EnvelopeUrls = kind.__codec_version_urls__
        assert rule is ENVELOPE_URLS
    raw = codec.encode(page(version), version=version, format="xml")
    assert codec.validate(raw, QueryResponse[Device], format="xml").versions == (version,)
    other = 1 + version % 4
    with pytest.raises(codec.DecodeError):
        codec.decode(raw, QueryResponse[Device], version=other, format="xml", strict=True)


@pytest.mark.parametrize("version", VERSIONS)
def test_the_schema_takes_what_the_encoder_writes(version: int) -> None:
    """`json_schema` of ``QueryResponse[Device]`` and `EntityIds` validates their JSON; a
    collapsed ``entity`` in v1 and a DTO under another name are refused."""
    schema = codec.json_schema(QueryResponse[Device], version)
    for n in (1, 2):
        document = orjson.loads(codec.encode(page(version, n), version=version, format="json"))
        jsonschema.validate(document, schema)
    jsonschema.validate(
        orjson.loads(codec.encode(ids(version), version=version, format="json")),
        codec.json_schema(EntityIds, version),
    )
    document = orjson.loads(codec.encode(page(version), version=version, format="json"))
    entity = document["queryResponse"]["entity"]
    document["queryResponse"]["entity"] = entity[0]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(document, schema)
    entity[0]["wlanControllersDTO"] = entity[0].pop("devicesDTO")
    document["queryResponse"]["entity"] = entity
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(document, schema)


def test_a_dto_without_an_element_name_is_a_declaration_error() -> None:
    """``QueryResponse[Unnamed]``: the DTO must declare its element name."""
    with pytest.raises(
        codec.DeclarationError,
        match=r"Entity\.dto: its element is named by its type argument, and Unnamed declares "
        r"no element name",
    ):
        codec.decode(b"<queryResponse/>", QueryResponse[Unnamed], version=4, format="xml")


@settings(max_examples=30, deadline=None)
@given(
    value=st.one_of(models(QueryResponse[Device]), models(EntityIds)),
    version=st.sampled_from(VERSIONS),
    fmt=st.sampled_from(FORMATS),
)
def test_drawn_envelopes_round_trip_and_strict_agrees_with_validate(
    value: Any, version: int, fmt: str
) -> None:
    """Any drawn envelope round trips strictly and leniently; `validate` and strict decoding
    agree (both accept, or both report the same problems: a URL naming another version)."""
    kind: Any = QueryResponse[Device] if isinstance(value, QueryResponse) else EntityIds
    pair = codec.codec_for(kind, version=version, format=fmt)
    raw = pair.encode(value)
    assert pair.decode(raw) == value
    report = codec.validate(raw, kind, version=version, format=fmt)
    problems = _strict_problems(pair, raw)
    assert problems == [(p.code, p.path) for p in report.problems]
    assert report.ok is (not problems)


def _strict_problems(pair: codec.Codec[Any], raw: bytes) -> list[tuple[str, str]]:
    """What strict decoding reports of ``raw`` (nothing: it decodes to what lenient does)."""
    try:
        strict = pair.decode(raw, strict=True)
    except codec.DecodeError as error:
        return [(p.code, p.path) for p in error.problems]
    assert strict == pair.decode(raw)
    return []


def test_dates_keep_their_offset_in_the_dto() -> None:
    """A DTO's datetime with a server offset is written as PI writes it and read back."""
    local = timezone(timedelta(hours=-5))
    value = QueryResponse(
        entities=[
            Entity(dto=Device(collection_time=datetime(2017, 5, 1, 11, 35, 45, 745000, local)))
        ]
    )
    raw = codec.encode(value, version=2, format="json")
    assert b'"collectionTime":"2017-05-01T11:35:45.745-05:00"' in raw
    decoded = codec.decode(raw, QueryResponse[Device], version=2, format="json", strict=True)
    assert decoded.entities[0].dto.collection_time == value.entities[0].dto.collection_time
