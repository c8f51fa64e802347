"""A user's own value kind (`codec.value_kind`): registered once, taken by every path.

`ipaddress.IPv4Address` (PI's `deviceIpAddress` text) and `uuid.UUID` (newer servers' `uuid`
attribute) are registered here with the standard library's own parse and write functions.
"""

from __future__ import annotations

import ipaddress
import uuid
from collections.abc import Sequence
from typing import Any

import jsonschema
import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import codec
from codec.testing import models

codec.value_kind(
    ipaddress.IPv4Address,
    parse=ipaddress.IPv4Address,
    write=str,
    json_schema={"format": "ipv4"},
    strategy=st.ip_addresses(v=4),
)
codec.value_kind(uuid.UUID, parse=uuid.UUID, write=str, strategy=st.uuids())


@codec.model()
class Address:
    ip: ipaddress.IPv4Address = codec.text()
    uuid: uuid.UUID | None = codec.attribute(default=None)


@codec.model(root="devicesDTO")
class Device:
    uuid: uuid.UUID | None = codec.attribute(default=None)
    device_ip_address: ipaddress.IPv4Address | None = codec.element("deviceIPAddress", default=None)
    addresses: Sequence[ipaddress.IPv4Address] = codec.wrapped("ipAddresses", "ip", default=())
    server: Address | None = codec.element(default=None)


ID = uuid.UUID("6c1e5b4e-2b8a-4d4e-9a41-1b2f4c5d6e7f")
DEVICE = Device(
    uuid=ID,
    device_ip_address=ipaddress.IPv4Address("192.168.115.243"),
    addresses=(ipaddress.IPv4Address("10.0.0.1"), ipaddress.IPv4Address("10.0.0.2")),
    server=Address(ip=ipaddress.IPv4Address("172.20.127.108")),
)
VERSIONS = (1, 2, 3, 4)


@pytest.mark.parametrize("fmt", ["xml", "json"])
@pytest.mark.parametrize("version", VERSIONS)
def test_a_value_kind_is_written_as_text_and_read_back_everywhere(version: int, fmt: str) -> None:
    data = codec.encode(DEVICE, version=version, format=fmt)
    assert b"192.168.115.243" in data
    assert str(ID).encode() in data
    for strict in (False, True):
        assert codec.decode(data, Device, version=version, format=fmt, strict=strict) == DEVICE
    assert codec.validate(data, Device, version=version).ok


def test_json_holds_strings_in_every_version() -> None:
    for version in VERSIONS:
        doc = orjson.loads(codec.encode(DEVICE, version=version, format="json"))
        assert doc["devicesDTO"]["@uuid"] == str(ID)
        assert doc["devicesDTO"]["deviceIPAddress"] == "192.168.115.243"


@settings(max_examples=40, deadline=None)
@given(st.data())
def test_drawn_values_round_trip(data: st.DataObject) -> None:
    """`codec.testing` draws the kind's values from the strategy it was given."""
    device = data.draw(models(Device))
    version = data.draw(st.sampled_from(VERSIONS))
    fmt = data.draw(st.sampled_from(["xml", "json"]))
    encoded = codec.encode(device, version=version, format=fmt)
    assert codec.decode(encoded, Device, version=version, format=fmt, strict=True) == device


BAD_XML = [
    (b"<devicesDTO><deviceIPAddress>300.1.1.1</deviceIPAddress></devicesDTO>", "deviceIPAddress"),
    (b"<devicesDTO><server>not an ip</server></devicesDTO>", "server['$']"),
    (b'<devicesDTO uuid="nope"/>', "['@uuid']"),
    (b"<devicesDTO><ipAddresses><ip>1.2.3</ip></ipAddresses></devicesDTO>", "ip[0]"),
]


@pytest.mark.parametrize(("data", "where"), BAD_XML)
def test_bad_text_is_a_type_problem_at_its_path_on_every_path(data: bytes, where: str) -> None:
    answers = []
    for strict in (False, True):
        with pytest.raises(codec.DecodeError) as caught:
            codec.decode(data, Device, version=3, format="xml", strict=strict)
        answers.append(caught.value.problems[0])
    report = codec.validate(data, Device, version=3)
    answers.append(report.problems[0])
    assert {(p.code, p.path) for p in answers} == {("type", answers[0].path)}
    assert answers[0].path.endswith(where)
    assert "IPv4" in answers[0].message or "UUID" in answers[0].message


def test_json_non_string_is_a_type_problem() -> None:
    data = b'{"devicesDTO": {"deviceIPAddress": 3232265203}}'
    with pytest.raises(codec.DecodeError) as caught:
        codec.decode(data, Device, version=3, format="json")
    assert (caught.value.problems[0].code, caught.value.problems[0].path) == (
        "type",
        "$.devicesDTO.deviceIPAddress",
    )
    assert codec.validate(data, Device, version=3).problems[0] == caught.value.problems[0]


def test_strict_wants_the_written_form() -> None:
    """Lenient reading takes what ``parse`` takes; strict reading the text ``write`` writes."""
    upper = str(ID).upper()
    for fmt, data in (
        ("xml", f'<devicesDTO uuid="{upper}"/>'.encode()),
        ("json", f'{{"devicesDTO": {{"@uuid": "{upper}"}}}}'.encode()),
    ):
        assert codec.decode(data, Device, version=3, format=fmt) == Device(uuid=ID)
        with pytest.raises(codec.DecodeError) as caught:
            codec.decode(data, Device, version=3, format=fmt, strict=True)
        problem = caught.value.problems[0]
        assert problem.code == "type"
        assert str(ID) in problem.message
        assert not codec.validate(data, Device, version=3).ok


@pytest.mark.parametrize("fmt", ["xml", "json"])
def test_a_value_of_another_type_is_an_encode_error_at_its_path(fmt: str) -> None:
    bad: Any = Device(device_ip_address="192.168.1.1")  # type: ignore[arg-type]
    with pytest.raises(codec.EncodeError) as caught:
        codec.encode(bad, version=3, format=fmt)
    assert caught.value.problems[0].path.endswith("deviceIPAddress")


def test_the_schema_is_a_string_with_the_kinds_fragment() -> None:
    schema = codec.json_schema(Device, 3)
    validator = jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    assert validator.is_valid(orjson.loads(codec.encode(DEVICE, version=3, format="json")))
    assert not validator.is_valid({"devicesDTO": {"deviceIPAddress": "300.1.1.1"}})
    assert not validator.is_valid({"devicesDTO": {"deviceIPAddress": 5}})


def test_registration_mistakes_are_declaration_errors() -> None:
    for tp in (int, ipaddress.IPv4Address, Device):
        with pytest.raises(codec.DeclarationError, match="already has a kind"):
            codec.value_kind(tp, parse=str, write=str)
    with pytest.raises(codec.DeclarationError, match="callables"):
        codec.value_kind(ipaddress.IPv6Address, parse=None, write=str)  # type: ignore[arg-type]


class Token:
    """A value type registered without a strategy."""

    def __init__(self, text: str) -> None:
        self.text = text

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Token) and other.text == self.text

    __hash__ = None  # type: ignore[assignment]


codec.value_kind(Token, parse=Token, write=lambda t: t.text)


@codec.model(root="held")
class Held:
    token: Token = codec.element()


def test_a_kind_without_strategy_says_so_when_drawn() -> None:
    data = b"<held><token>x</token></held>"
    assert codec.decode(data, Held, version=3, format="xml") == Held(token=Token("x"))
    with pytest.raises(codec.DeclarationError, match="no strategy"):
        models(Held).example()
