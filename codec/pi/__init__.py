"""Cisco Prime Infrastructure specifics, beside the generic core (the ``codec/_*.py`` modules).

* `codec.pi.jobservice`: the jobService payload models and operation descriptors;
* `codec.pi.errordocument`: ``errorDocument``, PI's answer to a failed call;
* `codec.pi.data`: the data API's envelopes, generic over the DTO (`QueryResponse`,
  ``QueryResponse[Device]`` for a user's ``Device``), `EntityIds`, and `OperationResponse`
  (an ``mgmtResponse`` generic over its child), re-exported here;
* `ApiOperation` (from ``_operation``): what a PI operation is (its ``/webacs/api/vN/op/``
  path, its error answers) over the generic HTTP helpers; public, so that a user declares an
  operation this library does not ship;
* `codec.pi.query`: the data API's requests, re-exported here: `DataResource` (a resource
  and its DTO, ``DataResource("Devices", Device)``), its `Query` (``.full``, filters such as
  `StartsWith`, `Sort`, ``.group``, paging; `Query.next` and `Query.pages` page through the
  answers) and `EntityQuery` (``.../data/Devices/42``);
* the shipped DTOs of the most used data resources, each in its own module and re-exported
  here: `Device` (``devices``), `AccessPoint` (``access_points``), `ClientDetail`
  (``client_details``), `Alarm` (``alarms``), `Event` (``events``), `InventoryDetails`
  (``inventory``), and the value objects and enums they share (``values``); use them as
  ``QueryResponse[Device]``. They are not in `SHIPPED`: a DTO is no payload root;
* ``_urls``: PI's URLs in one place, the envelope URL rule (``/webacs/api/vN/`` in
  ``requestUrl`` and ``rootUrl``) among them;
* ``_defaults``: `codec.detect`, `codec.validate` and `codec.any_payload_schema`, defaulting
  to `SHIPPED`.

The core never imports this package: it gets what it needs of PI from the models (the URL
rule they carry) and the operations (their paths and error answers) it is handed.
`codec.jobservice` and `codec.errordocument` re-export the modules of the same name here.
"""

from typing import Any, Final

from ._operation import ApiOperation
from ._urls import ENVELOPE_URLS, EnvelopeUrls
from .access_points import AccessPoint
from .alarms import Alarm
from .client_details import ClientDetail
from .data import Entity, EntityId, EntityIds, OperationResponse, QueryResponse
from .devices import Device
from .events import Event
from .inventory import InventoryDetails
from .jobservice import JobOperationPayload, JobRunOperationPayload, MgmtResponse
from .query import (
    Between,
    Contains,
    DataResource,
    EndsWith,
    EntityQuery,
    Eq,
    Filter,
    Gt,
    Gte,
    Lt,
    Lte,
    Neq,
    Page,
    Query,
    Send,
    Sort,
    StartsWith,
)

__all__ = [
    "ENVELOPE_URLS",
    "SHIPPED",
    "AccessPoint",
    "Alarm",
    "ApiOperation",
    "Between",
    "ClientDetail",
    "Contains",
    "DataResource",
    "Device",
    "EndsWith",
    "Entity",
    "EntityId",
    "EntityIds",
    "EntityQuery",
    "EnvelopeUrls",
    "Eq",
    "Event",
    "Filter",
    "Gt",
    "Gte",
    "InventoryDetails",
    "Lt",
    "Lte",
    "Neq",
    "OperationResponse",
    "Page",
    "Query",
    "QueryResponse",
    "Send",
    "Sort",
    "StartsWith",
]

#: The payload types this library ships, in one place: what `codec.detect`,
#: `codec.validate`, `codec.any_payload_schema` and the command line know by default. The
#: data API's envelopes are not among them: `QueryResponse` and `OperationResponse` need the
#: DTO they hold, and `EntityIds` shares its root with every `QueryResponse`.
SHIPPED: Final[tuple[type[Any], ...]] = (JobOperationPayload, JobRunOperationPayload, MgmtResponse)
