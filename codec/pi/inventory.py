"""``GET data/InventoryDetails``: a device's aggregated inventory (``inventoryDetailsDTO``).

Sources (tests/vendor/index.json): the field tables of PI 2.0, PI 3.3 (v1), PI 3.8 (v2) and
EPN Manager 7.1 (v4) ("GET InventoryDetails", ``inventorydetails/epnm-7.1_v4_fields``), and a
real v3 answer (``inventorydetails/durgell_v3_getentity``).

The tables name each list by its item (``ethernetInterface EthernetInterface[]``); the answer
shows the wire shape, which is followed: ``ethernetInterfaces`` > ``ethernetInterface`` items,
``chassis`` > ``chassis`` items, ``summary`` an object. Declared here is what the answer shows
of them (``Chassis``: ``description``, ``entPhysicalIndex``, ``modelNr``, ``name``;
``EthernetInterface``: ``adminStatus``, ``mtu``, ``name``, ``speed``; ``InventorySummary``:
``deviceId``, ``reachability``, ``systemTime``, ``upTime``), plus what the v4 table says
changed: ``ethernetInterface.macAddress`` is a `MacAddress` in v4 (text before). The other
lists the tables name (``cdpNeighbor``, ``etherChannel``, ``fan``, ``ipInterface``,
``module``, ``physicalPort``, ``powerSupply``, ``sensor``, ``udf``, ``udiDetail``,
``vlanInterface``) are not declared: no table of their items nor answer holding them was
found; lenient decoding keeps them as content the model does not declare.

``deviceId`` is in the v1 to v3 tables and not in the v4 one. ``entPhysicalIndex`` is text
(the v3 answer writes ``"1"``); ``speed`` a number from v2 (the v3 answer) and an object in
v1 (``Speed``: ``instanceId``, ``instanceVersion``, ``units``, ``longAmount``, as the
project's API reference records it; which of v1 and v2 changed it is inferred).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from .._fields import attribute, element, model, wrapped
from .values import MacAddress

__all__ = ["Chassis", "EthernetInterface", "InventoryDetails", "InventorySummary", "Speed"]


@model()
class Chassis:
    """A chassis of the device (the v3 answer's fields)."""

    description: str | None = element(default=None)
    ent_physical_index: str | None = element(default=None)
    model_nr: str | None = element(default=None)
    name: str | None = element(default=None)


@model()
class Speed:
    """An interface's speed as v1 writes it: an object of the server's own."""

    instance_id: int | None = element(default=None)
    instance_version: int | None = element(default=None)
    units: str | None = element(default=None)
    long_amount: int | None = element(default=None)


@model()
class EthernetInterface:
    """An ethernet interface (the v3 answer's fields; ``macAddress`` per the v4 table)."""

    admin_status: str | None = element(default=None)
    #: v4: a `MacAddress` ("Type of ethernetInterface.macAddress is MacAddress"); before: text.
    mac_address: MacAddress | None = element(default=None, versions=(4,))
    mac_address_v1: str | None = element("macAddress", default=None, versions=(1, 2, 3))
    mtu: int | None = element(default=None)
    name: str | None = element(default=None)
    #: v2 to v4: a number (bits per second); v1: a `Speed` object (`speed_v1`).
    speed: int | None = element(default=None, versions=(2, 3, 4))
    speed_v1: Speed | None = element("speed", default=None, versions=(1,))


@model()
class InventorySummary:
    """The inventory summary (the v3 answer's fields; up time in hundredths of a second)."""

    device_id: int | None = element(default=None)
    reachability: str | None = element(default=None)
    system_time: datetime | None = element(default=None)
    up_time: int | None = element(default=None)


@model(element="inventoryDetailsDTO")
class InventoryDetails:
    """A device's inventory: ``QueryResponse[InventoryDetails]`` is a
    ``data/InventoryDetails?.full=true`` page or one ``data/InventoryDetails/{id}``.

    Cisco Prime Infrastructure 3.3 and 3.8, EPN Manager 7.1 API reference, "GET
    InventoryDetails"; a real v3 answer (``inventorydetails/durgell_v3_getentity``).
    """

    display_name: str | None = attribute(default=None)
    id: int | None = attribute(default=None)
    chassis: Sequence[Chassis] = wrapped("chassis", "chassis", default=())
    device_id: int | None = element(default=None, versions=(1, 2, 3))
    ethernet_interfaces: Sequence[EthernetInterface] = wrapped(
        "ethernetInterfaces", "ethernetInterface", default=()
    )
    summary: InventorySummary | None = element(default=None)
