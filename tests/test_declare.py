"""Declaring a payload from outside, with the public API only: the data API's queryResponse.

Everything here uses ``import codec`` and nothing private, as a client author would: the model
gets both formats, every version's shape (v1 keeps ``entityId`` an array even for one item and
writes the numeric attributes as strings), golden checks both ways, strict validation with
locations, and the fast paths.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Any

import pytest

import codec


@codec.model()
class EntityId:
    """One entity reference: attributes beside the id as the element's text (``$`` in JSON)."""

    type: str | None = codec.attribute(default=None)
    url: str | None = codec.attribute(default=None)
    display_name: str | None = codec.attribute(default=None)
    value: int | None = codec.text(default=None)


@codec.model(root="queryResponse")
class QueryResponse:
    """The data API's envelope (``/webacs/api/vN/data/Devices``)."""

    type: str | None = codec.attribute(default=None)
    response_type: str | None = codec.attribute(default=None)
    request_url: str | None = codec.attribute(default=None)
    root_url: str | None = codec.attribute(default=None)
    count: int | None = codec.attribute(default=None)
    first: int | None = codec.attribute(default=None)
    last: int | None = codec.attribute(default=None)
    # v1 writes entityId as an array even with one item: a per-field exception to v1's rule.
    entity_ids: Sequence[EntityId] = codec.repeated("entityId", default=(), always_array=True)


def _entity(n: int) -> EntityId:
    return EntityId(
        type="Devices",
        url=f"https://pi/webacs/api/v1/data/Devices/{n}",
        display_name=str(n),
        value=n,
    )


ONE = QueryResponse(
    type="Devices",
    response_type="listEntityIds",
    request_url="https://pi/q",
    root_url="https://pi/data",
    count=1,
    first=0,
    last=0,
    entity_ids=[_entity(7)],
)
TWO = QueryResponse(type="Devices", count=2, first=0, last=1, entity_ids=[_entity(7), _entity(8)])

_XML_ONE = (
    '<?xml version="1.0" ?>\n<queryResponse type="Devices" responseType="listEntityIds" '
    'requestUrl="https://pi/q" rootUrl="https://pi/data" count="1" first="0" '
    'last="0"><entityId type="Devices" url="https://pi/webacs/api/v1/data/Devices/7" '
    'displayName="7">7</entityId></queryResponse>'
)
_ENTITY_7 = '{"@type": "Devices", "@url": "https://pi/webacs/api/v1/data/Devices/7", "@displayName": "7", "$": 7}'  # noqa: E501
_ENTITY_7_SORTED = '{"$": 7, "@displayName": "7", "@type": "Devices", "@url": "https://pi/webacs/api/v1/data/Devices/7"}'

# (model, version, format, the exact document); JSON compared with key order kept.
GOLDEN: list[tuple[Any, int, str, str]] = [
    (ONE, 1, "xml", _XML_ONE),
    (ONE, 3, "xml", _XML_ONE),
    (
        ONE,
        1,
        "json",
        '{"queryResponse": {"@type": "Devices", "@responseType": "listEntityIds", '
        '"@requestUrl": "https://pi/q", "@rootUrl": "https://pi/data", '
        f'"@count": "1", "@first": "0", "@last": "0", "entityId": [{_ENTITY_7}]}}}}',
    ),
    (
        ONE,
        2,
        "json",
        '{"queryResponse": {"@count": 1, "@first": 0, "@last": 0, "@requestUrl": "https://pi/q", '
        '"@responseType": "listEntityIds", "@rootUrl": "https://pi/data", '
        f'"@type": "Devices", "entityId": [{_ENTITY_7_SORTED}]}}}}',
    ),
    (
        TWO,
        4,
        "json",
        '{"queryResponse": {"@count": 2, "@first": 0, "@last": 1, "@type": "Devices", '
        f'"entityId": [{_ENTITY_7_SORTED}, {_ENTITY_7_SORTED.replace("7", "8")}]}}}}',
    ),
]


def _normal(data: bytes | str, fmt: str) -> Any:
    raw = data.encode() if isinstance(data, str) else data
    if fmt == "xml":
        return re.sub(rb">\s+<", b"><", raw.strip())
    return json.loads(raw, object_pairs_hook=list)


@pytest.mark.parametrize(("model", "version", "fmt", "document"), GOLDEN)
def test_golden_both_ways(model: Any, version: int, fmt: str, document: str) -> None:
    """The declared model encodes to the expected document and decodes from it."""
    assert _normal(codec.encode(model, version=version, format=fmt), fmt) == _normal(document, fmt)
    assert codec.decode(document, QueryResponse, version=version, format=fmt) == model


@pytest.mark.parametrize("version", [1, 2, 3, 4])
@pytest.mark.parametrize("fmt", ["xml", "json"])
def test_declared_model_is_valid_strictly(version: int, fmt: str) -> None:
    """What the encoder writes passes strict decoding and validation in its version."""
    for model in (ONE, TWO, QueryResponse()):
        data = codec.encode(model, version=version, format=fmt)
        assert codec.decode(data, QueryResponse, version=version, format=fmt, strict=True) == model
        report = codec.validate(data, QueryResponse, version=version, format=fmt)
        assert report.ok, report.problems


@pytest.mark.parametrize(
    ("version", "document", "code", "path"),
    [
        # v1 writes numeric attributes as strings; a number is v2+'s shape
        (1, '{"queryResponse": {"@count": 1}}', "shape", "$.queryResponse['@count']"),
        # v2+ writes them as numbers; a string is refused by strict decoding
        (2, '{"queryResponse": {"@count": "1"}}', "type", "$.queryResponse['@count']"),
        # entityId is an array in every version, v1 included
        (1, '{"queryResponse": {"entityId": {"$": 7}}}', "shape", "$.queryResponse.entityId"),
        (
            3,
            '{"queryResponse": {"entityId": [{"$": "x"}]}}',
            "type",
            "$.queryResponse.entityId[0]['$']",
        ),
        (
            3,
            '{"queryResponse": {"entityId": [{"@bogus": "x"}]}}',
            "unknown",
            "$.queryResponse.entityId[0]['@bogus']",
        ),
    ],
)
def test_declared_model_validation(version: int, document: str, code: str, path: str) -> None:
    """Validation of the declared model locates what is wrong, version by version."""
    report = codec.validate(document, QueryResponse, version=version, format="json")
    assert [(p.code, p.path) for p in report.problems] == [(code, path)]


def test_xml_text_beside_attributes_and_errors_located() -> None:
    """An entityId's text is its value; a bad one is located at its element, line and column."""
    data = '<queryResponse count="x">\n<entityId type="D">12a</entityId>\n</queryResponse>'
    report = codec.validate(data, QueryResponse, version=2, format="xml")
    assert [(p.code, p.path, p.line) for p in report.problems] == [
        ("type", "$.queryResponse['@count']", 1),
        ("type", "$.queryResponse.entityId[0]['$']", 2),
    ]
    with pytest.raises(codec.DecodeError) as info:
        codec.decode(data, QueryResponse, version=2, format="xml")
    assert info.value.path == "$.queryResponse['@count']"


def test_lenient_reads_v1_numbers_written_as_strings_in_any_version() -> None:
    """Lenient decoding reads numeric attributes as strings or numbers, in any version."""
    for document in ('{"queryResponse": {"@count": "2"}}', '{"queryResponse": {"@count": 2}}'):
        for version in (1, 4):
            model = codec.decode(document, QueryResponse, version=version, format="json")
            assert model.count == 2


def test_large_declared_payload_takes_the_fast_paths() -> None:
    """A large declared payload round-trips through both XML paths (tree walker, reader)."""
    for n in (100, 30_000):
        model = QueryResponse(count=n, entity_ids=[_entity(i) for i in range(n)])
        for fmt in ("xml", "json"):
            data = codec.encode(model, version=2, format=fmt)
            assert codec.decode(data, QueryResponse, version=2, format=fmt) == model
