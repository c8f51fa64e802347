"""``GET data/Events``: the DTO of a normalized network event (``eventsDTO``).

Sources (tests/vendor/index.json): the v1 field tables of PI 1.3 and EPN Manager 3.1 ("GET
Events", ``events/epnm-3.1_v1_fields``) and the v4 answers' attributes as a metrics
collector of a PI 3.x server declares them (``events/cpitables_v4_fields``, client code).

``category`` and ``condition``: the v1 tables type them ``EventAlarmCategoryEnum`` and
``EventTypeEnum`` (lookups without a fixed list), text in v1 and v2; v3 and v4 servers write
an object of ``ordinal`` and ``value`` (`codec.pi.values.Lookup`), as the collector reads
them ("v3 silently renamed category"): the client code is followed where it contradicts the
table. That v2 still writes text is inferred.
"""

from __future__ import annotations

from datetime import datetime

from .._fields import attribute, element, model, open_enum
from .values import AlarmSeverity, Lookup

__all__ = ["Event"]

_AS_TEXT = (1, 2)
_AS_LOOKUP = (3, 4)


@model(element="eventsDTO")
class Event:
    """An event: ``QueryResponse[Event]`` is a ``data/Events?.full=true`` page.

    Cisco Prime Infrastructure 1.3 and EPN Manager 3.1 API reference, "GET Events" (v1 field
    table); v3/v4 shapes per ``events/cpitables_v4_fields``. Every field optional.
    """

    display_name: str | None = attribute(default=None)
    id: int | None = attribute(default=None)
    #: v3 and v4: an ``ordinal`` and a ``value``; v1 and v2: text (`category_v1`).
    category: Lookup | None = element(default=None, versions=_AS_LOOKUP)
    category_v1: str | None = element("category", default=None, versions=_AS_TEXT)
    condition: Lookup | None = element(default=None, versions=_AS_LOOKUP)
    condition_v1: str | None = element("condition", default=None, versions=_AS_TEXT)
    #: The id of the alarm this event is correlated to.
    correlated: int | None = element(default=None)
    description: str | None = element(default=None)
    device_name: str | None = element(default=None)
    device_timestamp: datetime | None = element(default=None)
    event_found_at: datetime | None = element(default=None)
    event_id: int | None = element(default=None)
    #: An open enum: a value this library does not know is kept as a plain string by lenient
    #: decoding and written back as received; strict decoding reports it (code ``enum``).
    severity: AlarmSeverity | str | None = element(default=None, converter=open_enum(AlarmSeverity))
    source: str | None = element(default=None)
    time_stamp: datetime | None = element(default=None)
