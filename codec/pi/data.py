"""The data API's envelopes, and the operation answers generic over their child.

``GET /webacs/api/vN/data/<Resource>`` answers a ``queryResponse``:

* with ``.full=true``, a `QueryResponse` of the resource's DTO: ``entity`` items (attributes
  ``dtoType``, ``type``, ``url``) each holding one DTO element named after the resource
  (``devicesDTO``, ``wlanControllersDTO``); declare the DTO with its element name once,
  ``@codec.model(element="devicesDTO")``, and use ``QueryResponse[Device]``;
* without it, `EntityIds`: ``entityId`` items holding the id as text (``"$"`` in JSON).

Paging and envelope attributes, in the order the server writes them. XML and v1 JSON:
``last``, ``first``, ``count``, ``type``, ``domain``, ``responseType``, ``requestUrl``,
``rootUrl`` (PI 3.3 v3 and EPN Manager 3.1 v1 vendor samples show ``type, responseType,
requestUrl, rootUrl``; where the paging attributes and ``domain`` stand in XML is inferred).
v2+ JSON has an order of its own, not sorted, while the keys inside the DTOs are sorted (a v4
capture: ``@last, @first, @count, @type, @domain, @requestUrl, @responseType, @rootUrl,
entity``; a v3 vendor sample: ``@type, @requestUrl, @responseType, @rootUrl, entity``): the
envelopes are declared with ``json_order`` and their parts are not. The attributes decode
in any order (PI 2.x wrote ``rootUrl, requestUrl, responseType``). ``entity`` and
``entityId`` are arrays in every version, a single item in v1 included (``always_array``);
numeric attributes (``@count``, a DTO's ``@id``) are strings in v1 JSON and numbers in v2+,
as every attribute.

``op/...`` operations answer an ``mgmtResponse`` whose child depends on the operation
(``rogueAccessPointDTO`` items for ``op/maps/{mapId}/rogueAps``): `OperationResponse[T]`
holds ``T`` items repeated directly under it, named by the element ``T`` declares. The
jobService answer keeps its own model (`codec.pi.jobservice.MgmtResponse`).

Every root here carries PI's envelope URL rule (`codec.pi._urls`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar, Final, Generic, TypeVar

from .._fields import attribute, element, model, repeated, text
from ._urls import ENVELOPE_URLS, EnvelopeUrls

__all__ = ["Entity", "EntityId", "EntityIds", "OperationResponse", "QueryResponse"]

T = TypeVar("T")


@model(kw_only=True)
class Entity(Generic[T]):
    """One item of a ``.full=true`` answer: where the entity lives, and its DTO (an element
    named by the DTO's model, ``@codec.model(element="devicesDTO")``)."""

    dto_type: str | None = attribute(default=None)
    type: str | None = attribute(default=None)
    url: str | None = attribute(default=None)
    dto: T = element()


#: The order v2+ JSON writes a page's keys in (a v4 capture, a v3 vendor sample); XML and v1
#: JSON write the declared order (PI 3.3 and EPN Manager 3.1 vendor samples).
_PAGE_JSON_ORDER: Final = (
    "last",
    "first",
    "count",
    "type",
    "domain",
    "request_url",
    "response_type",
    "root_url",
)


@model(root="queryResponse", json_order=_PAGE_JSON_ORDER)
class _Page:
    """The paging and envelope attributes of a ``queryResponse``, in the server's order."""

    __codec_version_urls__: ClassVar[EnvelopeUrls] = ENVELOPE_URLS

    last: int | None = attribute(default=None)
    first: int | None = attribute(default=None)
    count: int | None = attribute(default=None)
    type: str | None = attribute(default=None)
    domain: str | None = attribute(default=None)
    response_type: str | None = attribute(default=None)
    request_url: str | None = attribute(default=None)
    root_url: str | None = attribute(default=None)


@model(root="queryResponse", json_order=_PAGE_JSON_ORDER)
class QueryResponse(_Page, Generic[T]):
    """A data API answer with ``.full=true``: the page's attributes and its entities."""

    entities: Sequence[Entity[T]] = repeated("entity", default=(), always_array=True)


@model(kw_only=True)
class EntityId:
    """One item of an answer without ``.full``: the entity's id, as the element's text."""

    display_name: str | None = attribute(default=None)
    type: str | None = attribute(default=None)
    url: str | None = attribute(default=None)
    id: int = text()


@model(root="queryResponse", json_order=_PAGE_JSON_ORDER)
class EntityIds(_Page):
    """A data API answer without ``.full``: the page's attributes and the entity ids."""

    entity_ids: Sequence[EntityId] = repeated("entityId", default=(), always_array=True)


@model(root="mgmtResponse")
class OperationResponse(Generic[T]):
    """An operation's answer holding ``T`` items directly (``rogueAccessPointDTO``...):
    attributes as `codec.pi.jobservice.MgmtResponse`, items named by ``T``'s element."""

    __codec_version_urls__: ClassVar[EnvelopeUrls] = ENVELOPE_URLS

    response_type: str | None = attribute(default=None)
    request_url: str | None = attribute(default=None)
    root_url: str | None = attribute(default=None)
    results: Sequence[T] = repeated(default=())
