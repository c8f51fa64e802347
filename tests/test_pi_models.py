"""The DTOs `codec.pi` ships for the most used data resources (Devices, AccessPoints,
ClientDetails, Alarms, Events, InventoryDetails), used as ``QueryResponse[Device]``.

What is pinned here: the v4 Devices vendor sample as a client kept it (its quotes found in
the encoding, decoded back lenient and strict, fitting v4); every DTO round-tripping through
every version and format; the version differences the field tables and answers show (alarm
counts in v1/v2 only, ``collectionStatus`` from v3, part numbers as text then objects, MAC
addresses as text then ``octets``, ``category`` as text then ``ordinal``/``value``); open
enums; and that the DTOs are exported from `codec.pi` and are not payload roots. The
AccessPoints and InventoryDetails answers are tested with the other captures
(``tests/test_captures_golden.py``).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, Final

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import codec
import codec.pi
from codec.pi import (
    SHIPPED,
    AccessPoint,
    Alarm,
    ClientDetail,
    Device,
    Entity,
    Event,
    InventoryDetails,
    QueryResponse,
)
from codec.pi.client_details import ClientStatus
from codec.pi.devices import InventoryCollectionStatus, ManufacturerPartNr
from codec.pi.values import AlarmSeverity, Lookup, MacAddress
from codec.testing import models

from .test_vendor_golden import assert_decodes_back, missing_quotes

VERSIONS: Final = (1, 2, 3, 4)
FORMATS: Final = ("xml", "json")
DTOS: Final = (Device, AccessPoint, ClientDetail, Alarm, Event, InventoryDetails)
ELEMENTS: Final = {
    Device: "devicesDTO",
    AccessPoint: "accessPointsDTO",
    ClientDetail: "clientDetailsDTO",
    Alarm: "alarmsDTO",
    Event: "eventsDTO",
    InventoryDetails: "inventoryDetailsDTO",
}

# --------------------------------------------------------------------------- golden


STRING: Final = "String value"
ANOTHER: Final = "Another string value"
SAMPLE_ROOT: Final = "https://localhost/webacs/api/v4/data"
PARTS: Final = (
    ManufacturerPartNr(STRING, STRING, STRING),
    ManufacturerPartNr(ANOTHER, ANOTHER, ANOTHER),
)


def _sample_device(name: str, address: str) -> Entity[Device]:
    """One entity of the v4 sample: every device the same but for its name and address."""
    at = datetime(1986, 7, 23, 16, 0, tzinfo=UTC)
    dto = Device(
        display_name=STRING,
        id=15,
        uuid=STRING,
        admin_status="UNMANAGED",
        collection_detail=STRING,
        collection_status=InventoryCollectionStatus.COMPLETED,
        collection_time=at,
        creation_time=at,
        device_id=15,
        device_name=name,
        device_type=STRING,
        ip_address=address,
        location=STRING,
        management_status="UNKNOWN",
        manufacturer_part_nrs=PARTS,
        product_family=STRING,
        reachability="UNKNOWN",
        software_type=STRING,
        software_version=STRING,
    )
    url = f"{SAMPLE_ROOT}/Devices/15"
    return Entity(dto_type="devicesDTO", type="Devices", url=url, dto=dto)


DEVICES_V4_SAMPLE: Final = QueryResponse(
    type="Devices",
    request_url=f"{SAMPLE_ROOT}/Devices/15",
    response_type="getEntity",
    root_url=SAMPLE_ROOT,
    entities=[
        _sample_device("cisco1", "231.155.18.8"),
        _sample_device("cisco2", "211.255.199.9"),
        _sample_device("cisco3", "242.131.2.2"),
    ],
)

# (index entry id, the type to decode with, the instance the sample's values make)
GOLDEN: Final[list[tuple[str, Any, Any]]] = [
    ("devices/client_v4_sample", QueryResponse[Device], DEVICES_V4_SAMPLE),
]


@pytest.mark.parametrize(("entry_id", "cls", "instance"), GOLDEN, ids=[g[0] for g in GOLDEN])
def test_encoding_shows_the_sample_quotes(entry_id: str, cls: Any, instance: Any) -> None:
    """The instance, encoded in the sample's version and format, holds every quote of it."""
    assert missing_quotes(entry_id, instance) == []


@pytest.mark.parametrize("strict", [False, True])
@pytest.mark.parametrize(("entry_id", "cls", "instance"), GOLDEN, ids=[g[0] for g in GOLDEN])
def test_sample_decodes_back_and_fits_its_version(
    entry_id: str, cls: Any, instance: Any, strict: bool
) -> None:
    """The encoding decodes back to the instance, lenient and strict; `codec.validate` fits
    it to the sample's version and finds nothing to report."""
    assert_decodes_back(entry_id, cls, instance, strict)


# --------------------------------------------------------------------------- round trip


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("dto", DTOS, ids=[d.__name__ for d in DTOS])
@settings(max_examples=25)  # each example is a page of DTOs of 20 to 60 fields
@given(data=st.data())
def test_every_dto_round_trips_in_every_version_and_format(
    dto: type[Any], fmt: str, data: st.DataObject
) -> None:
    """A page of any valid DTOs of any version encodes and decodes back equal, lenient and
    strict, and `codec.validate` accepts it for that version."""
    version = data.draw(st.sampled_from(VERSIONS))
    kind: Any = QueryResponse[dto]  # type: ignore[valid-type]
    page = data.draw(models(kind, version=version))
    encoded = codec.encode(page, version=version, format=fmt, type=kind)
    assert codec.decode(encoded, kind, version=version, format=fmt) == page
    assert codec.decode(encoded, kind, version=version, format=fmt, strict=True) == page
    assert codec.validate(encoded, kind, version=version, format=fmt).ok


@pytest.mark.parametrize("strict", [False, True])
def test_blank_text_of_a_changed_shape_is_kept(strict: bool) -> None:
    """A text field sharing its element with a model field of other versions (a shape that
    changed) keeps text of whitespace alone, as any text field does, on every path; the
    model's reading in the other versions still ignores the blank text between its elements
    and reports text that is not blank."""
    page = _page(Event(category_v1=" \n "))
    xml = codec.encode(page, version=1, format="xml")
    assert b"<category> \n </category>" in xml
    read = codec.decode(xml, QueryResponse[Event], version=1, format="xml", strict=strict)
    assert read == page
    assert codec.validate(xml, QueryResponse[Event], version=1, format="xml").ok
    v3 = _page(Event(category=Lookup(ordinal=1, value="x")))
    xml = codec.encode(v3, version=3, format="xml").replace(b"<category>", b"<category>\n ")
    assert codec.decode(xml, QueryResponse[Event], version=3, format="xml", strict=True) == v3
    parts = _page(Device(manufacturer_part_nrs_v1=(" ", "\n x ")))  # items of a wrapper
    xml_parts = codec.encode(parts, version=2, format="xml")
    for version_strict in (False, True):
        read_parts = codec.decode(
            xml_parts, QueryResponse[Device], version=2, format="xml", strict=version_strict
        )
        assert read_parts == parts
    junk = xml.replace(b"<category>\n ", b"<category>junk")
    problems = codec.validate(junk, QueryResponse[Event], version=3, format="xml").problems
    assert [(p.code, p.message) for p in problems] == [
        ("unknown", "unexpected text 'junk' in <category>")
    ]


# --------------------------------------------------------------------------- versions


def _page(dto: Any) -> QueryResponse[Any]:
    return QueryResponse(entities=[Entity(dto_type=ELEMENTS[type(dto)], dto=dto)])


def _decode_problems(raw: bytes, kind: Any, version: int, fmt: str = "json") -> set[str]:
    with pytest.raises(codec.DecodeError) as info:
        codec.decode(raw, kind, version=version, format=fmt, strict=True)
    return {p.code for p in info.value.problems}


def test_device_alarm_counts_are_of_v1_and_v2_only() -> None:
    """``criticalAlarms`` is written in v1 and v2; a v3 answer holding it is reported by
    strict decoding, and `Device` of v3 does not write it."""
    device = Device(device_name="wlc", critical_alarms=2)
    v2 = codec.encode(_page(device), version=2, format="json")
    assert b'"criticalAlarms":2' in v2
    assert b"criticalAlarms" not in codec.encode(_page(device), version=3, format="json")
    raw = v2.replace(b"/v2/", b"/v3/")
    assert _decode_problems(raw, QueryResponse[Device], 3) != set()


def test_device_part_numbers_are_text_until_v3_and_objects_in_v4() -> None:
    """``manufacturerPartNrs`` holds text items up to v3 (one collapsed in v1 JSON, as the
    v1 mock shows) and ``name``/``partNumber``/``serialNumber`` objects in v4."""
    v1 = Device(manufacturer_part_nrs_v1=["String value"])
    assert b'"manufacturerPartNrs":{"manufacturerPartNr":"String value"}' in codec.encode(
        _page(v1), version=1, format="json"
    )
    v4 = Device(manufacturer_part_nrs=PARTS[:1])
    xml = codec.encode(_page(v4), version=4, format="xml")
    assert b"<manufacturerPartNr><name>String value</name><partNumber>" in xml
    assert codec.decode(xml, QueryResponse[Device], version=4, format="xml", strict=True) == (
        _page(v4)
    )


def test_client_mac_addresses_are_text_until_v3_and_octets_in_v4() -> None:
    """``macAddress`` is text in v3 and ``{"octets": ...}`` in v4; each version's strict
    reader refuses the other's shape."""
    v3 = codec.encode(
        _page(ClientDetail(mac_address_v1="00:11:22:33:44:55")), version=3, format="json"
    )
    v4 = codec.encode(
        _page(ClientDetail(mac_address=MacAddress("00:11:22:33:44:55"))), version=4, format="json"
    )
    assert b'"macAddress":"00:11:22:33:44:55"' in v3
    assert b'"macAddress":{"octets":"00:11:22:33:44:55"}' in v4
    assert _decode_problems(v3, QueryResponse[ClientDetail], 4) != set()
    assert _decode_problems(v4, QueryResponse[ClientDetail], 3) != set()


def test_client_times_are_epoch_milliseconds() -> None:
    """``associationTime`` is documented as milliseconds since the epoch: written as that
    integer, read back as an aware datetime."""
    at = datetime(2017, 5, 11, 14, 29, 52, 280000, tzinfo=UTC)
    raw = codec.encode(_page(ClientDetail(association_time=at)), version=4, format="json")
    assert b'"associationTime":1494512992280' in raw
    page = codec.decode(raw, QueryResponse[ClientDetail], version=4, format="json", strict=True)
    assert page.entities[0].dto.association_time == at


@pytest.mark.parametrize("dto", [Alarm, Event])
def test_category_is_text_in_v1_and_ordinal_and_value_in_v4(dto: Any) -> None:
    """An alarm's or event's ``category`` is the text v1 writes and the ``ordinal``/``value``
    object v3 and v4 write, as clients of v4 servers read it."""
    v1 = codec.encode(_page(dto(category_v1="Routers")), version=1, format="xml")
    v4 = codec.encode(_page(dto(category=Lookup(3, "Routers"))), version=4, format="xml")
    assert b"<category>Routers</category>" in v1
    assert b"<category><ordinal>3</ordinal><value>Routers</value></category>" in v4
    assert _decode_problems(v1.replace(b"v1", b"v4"), QueryResponse[dto], 4, "xml") != set()


def test_unknown_enum_values_are_kept_leniently_and_reported_strictly() -> None:
    """``severity`` and ``status`` are open enums: a value no table lists is kept by lenient
    decoding and written back unchanged; strict decoding reports it (code ``enum``)."""
    client = b'{"queryResponse":{"entity":[{"clientDetailsDTO":{"status":"ROAMING"}}]}}'
    clients = codec.decode(client, QueryResponse[ClientDetail], version=4, format="json")
    assert clients.entities[0].dto.status == "ROAMING"
    assert _decode_problems(client, QueryResponse[ClientDetail], 4) == {"enum"}
    known = _page(ClientDetail(status=ClientStatus.ASSOCIATED))
    assert (
        codec.decode(
            codec.encode(known, version=4, format="json"),
            QueryResponse[ClientDetail],
            version=4,
            format="json",
            strict=True,
        )
        == known
    )
    alarm = b'{"queryResponse":{"entity":[{"alarmsDTO":{"severity":"DISASTER"}}]}}'
    page = codec.decode(alarm, QueryResponse[Alarm], version=4, format="json")
    assert page.entities[0].dto.severity == "DISASTER"
    assert codec.encode(page, version=4, format="json") == alarm
    assert _decode_problems(alarm, QueryResponse[Alarm], 4) == {"enum"}
    assert AlarmSeverity("CLEARED") is AlarmSeverity.CLEARED


# --------------------------------------------------------------------------- exports


def test_dtos_are_exported_and_are_not_payload_roots() -> None:
    """Each DTO is in `codec.pi.__all__` and declares its element; none is in `SHIPPED`,
    the roots `codec.detect` knows."""
    for dto, element in ELEMENTS.items():
        assert dto.__name__ in codec.pi.__all__
        assert getattr(codec.pi, dto.__name__) is dto
        assert dto not in SHIPPED
        raw = codec.encode(_page(dto()), version=4, format="xml")
        assert f"<{element}".encode() in raw
