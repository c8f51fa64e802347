"""``GET data/AccessPoints``: the DTO of a wireless access point (``accessPointsDTO``).

Sources (tests/vendor/index.json): the v1 field table of PI 3.3 ("GET AccessPoints", Cisco
Prime Infrastructure 3.3 API reference, ``accesspoints/pi-3.3_v1_fields``) and a real v1
answer of four access points (``accesspoints/checkmk_v1_full``), which confirms ``@id``,
``@displayName``, ``adminStatus``, ``bootVersion``, the three client counts, ``controllerName``,
``countryCode``, ``hreapEnabled``, ``location``, ``lwappUpTime``, ``model`` (trailing spaces
kept), ``serialNumber``, ``softwareVersion``, ``status``, ``type`` and ``upTime``; optional
fields are simply absent there. ``controllerIpAddress``, ``ethernetMac``, ``ipAddress``,
``macAddress`` and ``name`` are the field table's only. No v2+ table or answer was found:
later versions are declared the same.

``type`` is a string as the PI 3.3 table says (PI 1.3 listed an ``ApTypeEnum``; the answer
holds ``AP1130``, ``AP1200``, ``AP1240``).
"""

from __future__ import annotations

import enum

from .._fields import attribute, element, model, open_enum
from .values import AlarmSeverity

__all__ = ["AccessPoint", "ApAdminStatus"]


class ApAdminStatus(enum.Enum):
    """``ApAdminStatusEnum``: the allowed values the PI 3.3 v1 table lists."""

    UNKNOWN = "UNKNOWN"
    ENABLE = "ENABLE"
    DISABLE = "DISABLE"


@model(element="accessPointsDTO")
class AccessPoint:
    """A unified or autonomous access point: ``QueryResponse[AccessPoint]`` is a
    ``data/AccessPoints?.full=true`` page.

    Cisco Prime Infrastructure 3.3 API reference, "GET AccessPoints" (v1 field table); a real
    v1 answer (``accesspoints/checkmk_v1_full``). Elements in the vendor's (alphabetical)
    order; every field optional. Up times are in hundredths of a second.
    """

    display_name: str | None = attribute(default=None)
    id: int | None = attribute(default=None)
    #: Open enums: a value this library does not know is kept as a plain string by lenient
    #: decoding and written back as received; strict decoding reports it (code ``enum``).
    admin_status: ApAdminStatus | str | None = element(
        default=None, converter=open_enum(ApAdminStatus)
    )
    boot_version: str | None = element(default=None)
    client_count: int | None = element(default=None)
    client_count_2_4ghz: int | None = element("clientCount_2_4GHz", default=None)
    client_count_5ghz: int | None = element("clientCount_5GHz", default=None)
    controller_ip_address: str | None = element(default=None)
    controller_name: str | None = element(default=None)
    country_code: str | None = element(default=None)
    ethernet_mac: str | None = element(default=None)
    hreap_enabled: bool | None = element(default=None)
    ip_address: str | None = element(default=None)
    location: str | None = element(default=None)
    lwapp_up_time: int | None = element(default=None)
    mac_address: str | None = element(default=None)
    model: str | None = element(default=None)
    name: str | None = element(default=None)
    serial_number: str | None = element(default=None)
    software_version: str | None = element(default=None)
    status: AlarmSeverity | str | None = element(default=None, converter=open_enum(AlarmSeverity))
    type: str | None = element(default=None)
    up_time: int | None = element(default=None)
