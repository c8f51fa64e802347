"""Value objects and enumerations the data API's DTOs share, declared once here.

* `InetAddress`: PI's ``InetAddress``, an element holding ``<address>`` (``"address"`` in
  JSON), as the vendor samples write it (``op/devices/removalJob``, PI 3.3);
* `MacAddress`: PI's ``MacAddress``, an element holding ``<octets>`` (``op/maps/{mapId}/
  rogueAps``, PI 3.9);
* `Lookup`: a category or condition of an alarm or event as v3+ servers write it, an
  ``ordinal`` and its ``value`` (not the enumeration text the v1 field tables name);
* `AlarmSeverity`: ``AlarmSeverityEnum``, whose allowed values every field table lists the
  same (AccessPoints, Alarms, Events).
"""

from __future__ import annotations

import enum

from .._fields import element, model

__all__ = ["AlarmSeverity", "InetAddress", "Lookup", "MacAddress"]


@model()
class InetAddress:
    """An IP address or host name, nested as ``<address>`` (PI's ``InetAddress``)."""

    address: str | None = element(default=None)


@model()
class MacAddress:
    """A MAC address, nested as ``<octets>`` (PI's ``MacAddress``)."""

    octets: str | None = element(default=None)


@model()
class Lookup:
    """An alarm's or event's ``category`` or ``condition`` as v3 and v4 write it.

    The v1 field tables type these ``EventAlarmCategoryEnum`` and ``EventTypeEnum``, "a Lookup
    datatype" with no fixed list; clients of v4 servers read ``category.ordinal`` and
    ``category.value`` (``alarms/clients_v4_lookup`` and ``events/cpitables_v4_fields`` in
    tests/vendor/index.json), so the object is what is declared.
    """

    ordinal: int | None = element(default=None)
    value: str | None = element(default=None)


class AlarmSeverity(enum.Enum):
    """``AlarmSeverityEnum``: the allowed values of every field table listing it (PI 1.3 to
    3.8, EPN Manager 3.1). An open enum where it is used."""

    CRITICAL = "CRITICAL"
    MAJOR = "MAJOR"
    MINOR = "MINOR"
    WARNING = "WARNING"
    CLEARED = "CLEARED"
    INFORMATION = "INFORMATION"
