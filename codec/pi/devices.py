"""``GET data/Devices``: the DTO of a managed device (``devicesDTO``).

Sources (tests/vendor/index.json): the field tables of PI 3.7 (v1, v3) and PI 3.8 (v2)
("GET Devices", Cisco Prime Infrastructure API reference), the v4 vendor sample as a client
kept it (``devices/client_v4_sample``, three entities), and the attributes of a v4 server
as a metrics collector declares them (``devices/cpitables_v4_fields``). What changes between
versions is declared with ``versions=``:

* the alarm counts (``clearedAlarms`` ... ``warningAlarms``) are in v1 and v2 only (the v3
  page: "API does not contain alarm counts");
* ``collectionStatus`` is in v3 and v4 (the v3 page: "The attribute 'collectionStatus' was
  added");
* ``manufacturerPartNrs`` holds ``manufacturerPartNr`` text items up to v3 (a v1 sample as
  a client mocks it) and objects of ``name``, ``partNumber``, ``serialNumber`` in v4 (the v4
  sample; the v3 page: v4 "allows for easier filtering of manufacturer part numbers"); that
  v2 and v3 write text items is inferred.

``adminStatus``, ``managementStatus`` (``LifecycleStateEnum``) and ``reachability``
(``ReachabilityStateEnum``) are kept strings: no field table returned lists their values.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from datetime import datetime

from .._fields import attribute, element, model, open_enum, wrapped

__all__ = ["Device", "InventoryCollectionStatus", "ManufacturerPartNr"]


class InventoryCollectionStatus(enum.Enum):
    """``InventoryCollectionStatusEnum``: the allowed values the PI 3.7 v3 page lists."""

    COMPLETED = "COMPLETED"
    MAJORCOMPLETED = "MAJORCOMPLETED"
    COLLECTIONFAILURE = "COLLECTIONFAILURE"
    PARTIALCOLLECTIONFAILURE = "PARTIALCOLLECTIONFAILURE"
    SNMPCONNECTIVITYFAILED = "SNMPCONNECTIVITYFAILED"
    WRONGCLICREDENTIALS = "WRONGCLICREDENTIALS"
    WRONGHTTPCREDENTIALS = "WRONGHTTPCREDENTIALS"
    SYNCHRONIZING = "SYNCHRONIZING"
    MAJORSYNCHRONIZING = "MAJORSYNCHRONIZING"
    MINORSYNCHRONIZING = "MINORSYNCHRONIZING"
    SNMPUSERAUTHENTICATIONFAILED = "SNMPUSERAUTHENTICATIONFAILED"
    NOLICENSE = "NOLICENSE"
    ADDINITIATED = "ADDINITIATED"
    DELETEINPROGRESS = "DELETEINPROGRESS"
    PINGUNREACHABLE = "PINGUNREACHABLE"
    SPT_ONLY = "SPT_ONLY"
    IN_SERVICE_MAINTENANCE = "IN_SERVICE_MAINTENANCE"
    IN_SERVICE = "IN_SERVICE"


@model()
class ManufacturerPartNr:
    """One ``manufacturerPartNr`` of a v4 device (the v4 vendor sample)."""

    name: str | None = element(default=None)
    part_number: str | None = element(default=None)
    serial_number: str | None = element(default=None)


#: The versions of the alarm counts, and of the text form of ``manufacturerPartNrs``.
_WITH_ALARM_COUNTS = (1, 2)
_PART_NUMBERS_AS_TEXT = (1, 2, 3)


@model(element="devicesDTO")
class Device:
    """A managed device: ``QueryResponse[Device]`` is a ``data/Devices?.full=true`` page.

    Cisco Prime Infrastructure 3.7 and 3.8 API reference, "GET Devices" (v1, v2, v3 field
    tables); the v4 vendor sample (``devices/client_v4_sample``). Elements in the vendor's
    (alphabetical) order; every field optional.
    """

    display_name: str | None = attribute(default=None)
    id: int | None = attribute(default=None)
    uuid: str | None = attribute(default=None)
    admin_status: str | None = element(default=None)
    cleared_alarms: int | None = element(default=None, versions=_WITH_ALARM_COUNTS)
    collection_detail: str | None = element(default=None)
    #: An open enum: a value this library does not know is kept as a plain string by lenient
    #: decoding and written back as received; strict decoding reports it (code ``enum``).
    collection_status: InventoryCollectionStatus | str | None = element(
        default=None, converter=open_enum(InventoryCollectionStatus), versions=(3, 4)
    )
    collection_time: datetime | None = element(default=None)
    creation_time: datetime | None = element(default=None)
    critical_alarms: int | None = element(default=None, versions=_WITH_ALARM_COUNTS)
    device_id: int | None = element(default=None)
    device_name: str | None = element(default=None)
    device_type: str | None = element(default=None)
    information_alarms: int | None = element(default=None, versions=_WITH_ALARM_COUNTS)
    ip_address: str | None = element(default=None)
    location: str | None = element(default=None)
    major_alarms: int | None = element(default=None, versions=_WITH_ALARM_COUNTS)
    management_status: str | None = element(default=None)
    #: v4: objects (the v4 sample). Up to v3: text items, `manufacturer_part_nrs_v1`.
    manufacturer_part_nrs: Sequence[ManufacturerPartNr] = wrapped(
        "manufacturerPartNrs", "manufacturerPartNr", default=(), versions=(4,)
    )
    manufacturer_part_nrs_v1: Sequence[str] = wrapped(
        "manufacturerPartNrs",
        "manufacturerPartNr",
        default=(),
        versions=_PART_NUMBERS_AS_TEXT,
    )
    minor_alarms: int | None = element(default=None, versions=_WITH_ALARM_COUNTS)
    product_family: str | None = element(default=None)
    reachability: str | None = element(default=None)
    software_type: str | None = element(default=None)
    software_version: str | None = element(default=None)
    warning_alarms: int | None = element(default=None, versions=_WITH_ALARM_COUNTS)
