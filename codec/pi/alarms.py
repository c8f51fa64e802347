"""``GET data/Alarms``: the DTO of an alarm (``alarmsDTO``).

Sources (tests/vendor/index.json): the v1 field tables of PI 1.3 and PI 3.8 ("GET Alarms",
``alarms/pi-3.8_v1_fields``: ``acknowledgementStatus``, ``alarmFoundAt``, ``alarmId``,
``annotations`` of ``creationTimestamp``, ``creatorId``, ``noteText``, ``category``, ...) and
clients of v4 servers (``alarms/clients_v4_lookup``), which read every other field declared
here: ``condition``, ``deviceName``, ``deviceTimestamp``, ``lastUpdatedAt``, ``message``,
``nttyaddrss7_address`` (an `InetAddress`, as "since version 4" the PI 3.5 page of the alarm
stream says), ``owner``, ``severity``, ``source``, ``timeStamp``, ``wirelessSpecificAlarmId``,
and ``category``/``condition`` as ``ordinal`` and ``value`` (see `codec.pi.events`: text in
v1 and v2, `Lookup` in v3 and v4).

``annotations`` is declared ``annotations`` > ``annotation`` items, PI's usual list shape:
no sample or answer with an annotation was found.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from .._fields import attribute, element, model, open_enum, wrapped
from .values import AlarmSeverity, InetAddress, Lookup

__all__ = ["Alarm", "Annotation"]

_AS_TEXT = (1, 2)
_AS_LOOKUP = (3, 4)


@model()
class Annotation:
    """A note an operator added to an alarm (the PI 3.8 v1 table)."""

    creation_timestamp: datetime | None = element(default=None)
    creator_id: str | None = element(default=None)
    note_text: str | None = element(default=None)


@model(element="alarmsDTO")
class Alarm:
    """An alarm: ``QueryResponse[Alarm]`` is a ``data/Alarms?.full=true`` page.

    Cisco Prime Infrastructure 1.3 and 3.8 API reference, "GET Alarms" (v1 field table); v4
    shapes per ``alarms/clients_v4_lookup``. Every field optional.
    """

    display_name: str | None = attribute(default=None)
    id: int | None = attribute(default=None)
    uuid: str | None = attribute(default=None)
    acknowledgement_status: bool | None = element(default=None)
    alarm_found_at: datetime | None = element(default=None)
    alarm_id: int | None = element(default=None)
    annotations: Sequence[Annotation] = wrapped("annotations", "annotation", default=())
    #: v3 and v4: an ``ordinal`` and a ``value``; v1 and v2: text (`category_v1`).
    category: Lookup | None = element(default=None, versions=_AS_LOOKUP)
    category_v1: str | None = element("category", default=None, versions=_AS_TEXT)
    condition: Lookup | None = element(default=None, versions=_AS_LOOKUP)
    condition_v1: str | None = element("condition", default=None, versions=_AS_TEXT)
    device_name: str | None = element(default=None)
    device_timestamp: datetime | None = element(default=None)
    last_updated_at: datetime | None = element(default=None)
    message: str | None = element(default=None)
    #: The address of the entity the alarm is about (v4: an `InetAddress`).
    entity_address: InetAddress | None = element("nttyaddrss7_address", default=None, versions=(4,))
    owner: str | None = element(default=None)
    #: An open enum: a value this library does not know is kept as a plain string by lenient
    #: decoding and written back as received; strict decoding reports it (code ``enum``).
    severity: AlarmSeverity | str | None = element(default=None, converter=open_enum(AlarmSeverity))
    source: str | None = element(default=None)
    time_stamp: datetime | None = element(default=None)
    wireless_specific_alarm_id: str | None = element(default=None)
