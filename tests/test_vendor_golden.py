"""Golden tests on the vendor samples kept under ``tests/vendor/`` (see its index), decoded into
models declared here with the public API and encoded back equal to the sample after the
normalisation of `tests.test_golden` (whitespace between tags).

``op/maps/{mapId}/rogueAps`` (PI 3.9 reference, v4): results repeated directly under
``mgmtResponse`` without a wrapper, doubles written ``15.0``, element names camelCase cannot
produce (``XCoordinate``), a MAC address as a nested value object (``<octets>``), and an enum
of the vendor's listed values (``MSE``, ``CMX``). The answer is the shipped generic envelope
`codec.pi.OperationResponse` holding the DTO, which declares its element name once.
"""

from __future__ import annotations

import enum
from pathlib import Path

import pytest

import codec
from codec.pi import OperationResponse

from .test_golden import normalise

VENDOR = Path(__file__).parent / "vendor"


class MobilityServiceTypeEnum(enum.Enum):
    MSE = "MSE"
    CMX = "CMX"


@codec.model()
class Coordinates:
    x: float = codec.element("XCoordinate")
    y: float = codec.element("YCoordinate")
    z: float = codec.element("ZCoordinate")


@codec.model()
class MacAddress:
    octets: str = codec.element()


@codec.model(element="rogueAccessPointDTO")
class RogueAccessPoint:
    coordinates: Coordinates | None = codec.element(default=None)
    mac_address: MacAddress | None = codec.element(default=None)
    reported_by: str | None = codec.element(default=None)
    reporter_type: MobilityServiceTypeEnum | str | None = codec.element(
        default=None, converter=codec.open_enum(MobilityServiceTypeEnum)
    )


RogueApsResponse = OperationResponse[RogueAccessPoint]
URL = "https://localhost/webacs/api/v4/op"
ROGUE_APS: OperationResponse[RogueAccessPoint] = OperationResponse(
    response_type="operation",
    request_url=f"{URL}/maps/123123/rogueAps",
    root_url=URL,
    results=[
        RogueAccessPoint(
            Coordinates(15.0, 15.0, 15.0),
            MacAddress("000a959d6816"),
            "String value",
            MobilityServiceTypeEnum.MSE,
        ),
        RogueAccessPoint(
            Coordinates(25.0, 25.0, 25.0),
            MacAddress("000a959d6817"),
            "Another string value",
            MobilityServiceTypeEnum.CMX,
        ),
    ],
)


@pytest.mark.parametrize("strict", [False, True])
def test_rogue_aps_decodes_to_the_model(strict: bool) -> None:
    sample = (VENDOR / "maps-rogueaps" / "pi-3.9_v4_response.xml").read_bytes()
    decoded = codec.decode(sample, RogueApsResponse, version=4, format="xml", strict=strict)
    assert decoded == ROGUE_APS
    assert codec.validate(sample, RogueApsResponse).versions == (4,)
    assert type(decoded) is OperationResponse


def test_rogue_aps_encodes_to_the_sample() -> None:
    sample = (VENDOR / "maps-rogueaps" / "pi-3.9_v4_response.xml").read_bytes()
    encoded = codec.encode(ROGUE_APS, version=4, format="xml")
    assert normalise(encoded, "xml") == normalise(sample, "xml")
