"""The data API: ``GET /webacs/api/vN/data/{Resource}`` and ``.../data/{Resource}/{id}``,
as typed descriptors that build the request and read the answer (sans-io, like the
operations of `codec.pi._operation`), and a pager.

Source: the vendor reference bundles, "Using Filtering", "Using Sorting" and "Using Paging"
of the Prime Infrastructure API documentation (PI 1.3 ``PI1-3.zip``, PI 2.2
``cpi_apiref22.zip``, PI 3.3 ``cpi_apiref33.zip``, PI 3.8 ``cpi_apiref38.zip``; EPN Manager
3.1), and the resource pages (``data/Devices`` in ``cpi_apiref37.zip``: sorting, paging,
filtering, group filtering). What they say, and what is inferred:

* ``.full=true`` answers the entities themselves (`QueryResponse` of the DTO); without it,
  their ids (`EntityIds`). ``.../data/Devices/12412764`` answers that one entity. Confirmed.
* Filters are query parameters named by the attribute, dotted for a nested one
  (``summary.reachability=REACHABLE``); text is in double quotes
  (``ipAddress="192.168.1.1"``), which must be percent-encoded; an operator wraps the value
  (``ipAddress=startsWith("192.168.")``). Several filters are ANDed, or ORed with
  ``.or_filter=true``. Confirmed (PI 3.3). The operator names besides ``startsWith``
  (``neq``, ``gt``, ``gte``, ``lt``, ``lte``, ``between``, ``contains``, ``endsWith``) are
  those of the reference's operator table, not quoted in the excerpts we hold: inferred. How
  PI writes a number, a boolean or a date in a filter is inferred too: numbers and booleans
  bare (``true``), dates in double quotes as PI writes them in payloads
  (``"2017-05-01T11:35:45.745-05:00"``), enum members bare (``REACHABLE``).
* ``.sort=collectionTime`` sorts ascending, ``.sort=-collectionTime`` descending; several
  attributes comma-separated (``.sort=+collectionTime,-softwareVersion``). Confirmed. An
  ascending attribute is written without its ``+``: a literal ``+`` in a query reads as a
  space.
* ``.firstResult`` (from 0) and ``.maxResults`` page the answer, whose ``first``, ``last``
  (inclusive) and ``count`` (all matches) attributes say where the page stands (PI 1.3,
  ``.firstResult=4&.maxResults=4`` answers ``first="4" last="7" count="24"``). Confirmed.
* ``.group=myrouters`` keeps the entities of one group (group based filtering; ``data/Devices``
  in PI 3.7). Confirmed.

Safety: names (resource, attributes) must be plain identifiers, dotted for attributes, so
that none reaches the path or names another parameter (``.maxResults``); every value is
percent-encoded into its own parameter, and text in quotes may not hold a double quote, a
backslash or a control character (the reference documents no escape inside quotes): such a
filter is an `codec.ArgumentError`, never a request that means something else.

The pager is sans-io too: `Query.next` takes the page just decoded and gives the query of
the next page, or ``None`` when the page was the last; `Query.pages` runs it over a
``send(request) -> (status, headers, body)`` of the caller's own.
"""

from __future__ import annotations

import enum
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, ClassVar, Final, Generic, Protocol, TypeVar, cast

import attrs

from .._errors import ArgumentError, DeclarationError, DecodeError, Problem
from .._kinds import kind_for
from .._values import Fail
from ._operation import PiAnswers
from ._urls import data_path
from .data import EntityIds, QueryResponse

if TYPE_CHECKING:
    from .._client import Request

__all__ = [
    "Between",
    "Contains",
    "DataResource",
    "EndsWith",
    "EntityQuery",
    "Eq",
    "Filter",
    "Gt",
    "Gte",
    "Lt",
    "Lte",
    "Neq",
    "Page",
    "Query",
    "Send",
    "Sort",
    "StartsWith",
]

T = TypeVar("T")
R = TypeVar("R")

#: A resource of the data API: ``Devices``, ``InventoryDetails``, ``ClientDetails``...
_RESOURCE: Final = re.compile(r"[A-Za-z][A-Za-z0-9_]*")
#: An attribute, dotted for a nested one: ``ipAddress``, ``summary.reachability``.
_FIELD: Final = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*")
#: An enum member written bare, as PI's own (``REACHABLE``, ``MANAGED_AND_SYNCHRONIZED``).
_TOKEN: Final = re.compile(r"[A-Za-z0-9_]+")
#: Characters text in double quotes may not hold: the reference documents no escape.
_UNQUOTABLE: Final = ('"', "\\")


def _check_name(kind: str, pattern: re.Pattern[str], name: object, example: str) -> str:
    if not isinstance(name, str):
        raise ArgumentError(f"{kind} must be a string, got {type(name).__name__}")
    if pattern.fullmatch(name) is None:
        raise ArgumentError(
            f"{kind} {name!r} is not a name PI's data API takes: expected ASCII letters, digits"
            f" and '_' ({example})"
        )
    return name


def _field(field: object) -> str:
    return _check_name("filter attribute", _FIELD, field, "'ipAddress', 'summary.reachability'")


def _quoted(text: str, what: str) -> str:
    """``"text"``, or `ArgumentError` for text quotes cannot hold."""
    for index, char in enumerate(text):
        if char in _UNQUOTABLE or unicodedata.category(char) == "Cc":
            raise ArgumentError(
                f"{what}: {_short(text)} holds {char!r} at index {index}, which PI's filter"
                " syntax has no escape for"
            )
    return f'"{text}"'


def _short(text: str) -> str:
    return repr(text) if len(text) <= 40 else repr(text[:37] + "...")


def _literal(value: object, what: str) -> str:
    """A filter value as PI reads it: text and dates in double quotes, numbers and booleans
    bare, an enum member by its value (bare when it is a word, as PI writes them).

    Any value type a model field may hold is taken, written by its value kind as in a payload
    (`codec.value_kind` registrations included: an ``IPv4Address`` is written quoted)."""
    if isinstance(value, enum.Enum):
        member = value.value
        if not isinstance(member, str):
            raise ArgumentError(f"{what}: enum {type(value).__name__} must have string values")
        return member if _TOKEN.fullmatch(member) else _quoted(member, what)
    if isinstance(value, str):
        return _quoted(value, what)
    try:
        kind = kind_for(type(value), False, what)
        text = kind.to_text(value)
    except DeclarationError:
        raise ArgumentError(
            f"{what}: a filter value is text, a number, a boolean, a datetime, an enum member"
            f" or a registered value kind, got {type(value).__name__}"
        ) from None
    except Fail as fail:
        raise ArgumentError(f"{what}: {fail.message}") from None
    return _quoted(text, what) if kind.json_string else text


class Filter:
    """A filter of a data query: one attribute, one of PI's operators, typed values. The
    concrete filters are `Eq`, `Neq`, `Gt`, `Gte`, `Lt`, `Lte`, `Between`, `Contains`,
    `StartsWith` and `EndsWith`; their values are checked when they are built."""

    __slots__ = ()

    field: str

    def expression(self) -> str:
        """The parameter's value: ``"10.0.0.1"``, ``startsWith("10.")``, ``gt(5)``..."""
        raise NotImplementedError

    def param(self) -> tuple[str, str]:
        """The query parameter, not yet URL-encoded: (``ipAddress``, ``startsWith("10.")``)."""
        return self.field, self.expression()


def _valid_value(instance: Any, attribute: attrs.Attribute[Any], value: object) -> None:
    _literal(value, f"{type(instance).__name__}({instance.field!r}).{attribute.name}")


def _valid_text(instance: Any, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str):
        raise ArgumentError(
            f"{type(instance).__name__}({instance.field!r}) matches text, got"
            f" {type(value).__name__}"
        )
    _valid_value(instance, attribute, value)


@attrs.frozen
class _Compare(Filter):
    field: str = attrs.field(converter=_field)
    value: object = attrs.field(validator=_valid_value)

    #: PI's operator, or ``None`` for the bare form of equality
    operator: ClassVar[str | None] = None

    def expression(self) -> str:
        literal = _literal(self.value, type(self).__name__)
        return literal if self.operator is None else f"{self.operator}({literal})"


@attrs.frozen
class Eq(_Compare):
    """``field="value"``: equal (the reference's bare form)."""


@attrs.frozen
class Neq(_Compare):
    """``field=neq(value)``: not equal."""

    operator = "neq"


@attrs.frozen
class Gt(_Compare):
    """``field=gt(value)``: greater than."""

    operator = "gt"


@attrs.frozen
class Gte(_Compare):
    """``field=gte(value)``: greater than or equal."""

    operator = "gte"


@attrs.frozen
class Lt(_Compare):
    """``field=lt(value)``: less than."""

    operator = "lt"


@attrs.frozen
class Lte(_Compare):
    """``field=lte(value)``: less than or equal."""

    operator = "lte"


@attrs.frozen
class _Match(Filter):
    field: str = attrs.field(converter=_field)
    value: str = attrs.field(validator=_valid_text)

    operator: ClassVar[str] = ""

    def expression(self) -> str:
        return f"{self.operator}({_literal(self.value, type(self).__name__)})"


@attrs.frozen
class Contains(_Match):
    """``field=contains("text")``."""

    operator = "contains"


@attrs.frozen
class StartsWith(_Match):
    """``field=startsWith("text")`` (``ipAddress=startsWith("192.168.")``)."""

    operator = "startsWith"


@attrs.frozen
class EndsWith(_Match):
    """``field=endsWith("text")``."""

    operator = "endsWith"


@attrs.frozen
class Between(Filter):
    """``field=between(low,high)``."""

    field: str = attrs.field(converter=_field)
    low: object = attrs.field(validator=_valid_value)
    high: object = attrs.field(validator=_valid_value)

    def expression(self) -> str:
        low = _literal(self.low, "Between.low")
        high = _literal(self.high, "Between.high")
        return f"between({low},{high})"


def _boolean(instance: object, attribute: attrs.Attribute[bool], value: object) -> None:
    if not isinstance(value, bool):
        raise ArgumentError(
            f"{type(instance).__name__}.{attribute.name} is a bool, got {type(value).__name__}"
        )


@attrs.frozen
class Sort:
    """One sort key: ``Sort("collectionTime")`` ascending, ``Sort("collectionTime",
    descending=True)`` descending (``-collectionTime``)."""

    field: str = attrs.field(converter=_field)
    descending: bool = attrs.field(default=False, kw_only=True, validator=_boolean)

    def text(self) -> str:
        return f"-{self.field}" if self.descending else self.field


class Page(Protocol):
    """What the pager reads of a decoded page (`QueryResponse`, `EntityIds`)."""

    @property
    def first(self) -> int | None: ...

    @property
    def last(self) -> int | None: ...

    @property
    def count(self) -> int | None: ...


#: Sends a request with the caller's HTTP client: (status, headers, body) of the answer.
Send = Callable[["Request"], tuple[int, Mapping[str, str] | Iterable[tuple[str, str]], bytes]]


def _items(items: object, kind: type[Any], what: str) -> tuple[Any, ...]:
    if isinstance(items, (str, bytes)) or not isinstance(items, Iterable):
        raise ArgumentError(f"{what} must be an iterable of {kind.__name__}")
    result = tuple(items)
    for item in result:
        if not isinstance(item, kind):
            raise ArgumentError(f"{what} must hold {kind.__name__} values, got {item!r}")
    return result


def _filters(items: object) -> tuple[Filter, ...]:
    return _items(items, Filter, "filters")


def _sorts(items: object) -> tuple[Sort, ...]:
    return _items(items, Sort, "sort")


def _index(value: object, what: str, minimum: int) -> int | None:
    if value is None:
        return None
    if type(value) is not int or value < minimum:
        raise ArgumentError(f"{what} must be an integer from {minimum}, got {value!r}")
    return value


def _first_result(value: object) -> int | None:
    return _index(value, "first_result", 0)


def _max_results(value: object) -> int | None:
    return _index(value, "max_results", 1)


def _entity_id(value: object) -> int:
    if type(value) is not int or value < 0:
        raise ArgumentError(f"an entity id is a non-negative integer, got {value!r}")
    return value


def _group(value: object) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not value:
        raise ArgumentError(f"group must be a non-empty string, got {value!r}")
    for index, char in enumerate(value):
        if unicodedata.category(char) == "Cc":
            raise ArgumentError(f"group {_short(value)} holds {char!r} at index {index}")
    return value


def _resource(value: object) -> str:
    return _check_name("resource", _RESOURCE, value, "'Devices', 'InventoryDetails'")


@attrs.frozen(kw_only=True)
class Query(PiAnswers, Generic[R]):
    """``GET /webacs/api/vN/data/{resource}`` with its filters, sort, group and page: an
    operation (``codec._client.OperationLike``) without payload whose answer is ``R``,
    ``QueryResponse[T]`` with ``.full=true`` or `EntityIds` without. Build it from a
    `DataResource` (``DEVICES.query(...)``); `evolve` or `next` give the other pages."""

    resource: str = attrs.field(converter=_resource)
    response_type: type[R]
    #: ``.full=true``: the entities, not their ids
    full: bool
    filters: tuple[Filter, ...] = attrs.field(default=(), converter=_filters)
    #: ``.or_filter=true``: an entity matching any filter, not all
    match_any: bool = attrs.field(default=False, validator=_boolean)
    sort: tuple[Sort, ...] = attrs.field(default=(), converter=_sorts)
    #: ``.group``: the entities of this group only
    group: str | None = attrs.field(default=None, converter=_group)
    #: ``.firstResult``: the index of the page's first entity, from 0
    first_result: int | None = attrs.field(default=None, converter=_first_result)
    #: ``.maxResults``: at most this many entities in the page
    max_results: int | None = attrs.field(default=None, converter=_max_results)

    method: ClassVar[str] = "GET"
    request_type: ClassVar[None] = None

    @property
    def name(self) -> str:
        return f"data/{self.resource}"

    def path(self, *, version: int | str, format: str) -> str:
        """``/webacs/api/v4/data/Devices.json``; XML takes no suffix."""
        return data_path(self.resource, version=version, format=format)

    def params(self) -> tuple[tuple[str, str], ...]:
        """The query parameters, in order and not yet URL-encoded: ``.full``, the filters,
        ``.or_filter``, ``.sort``, ``.group``, ``.firstResult``, ``.maxResults``."""
        params = [(".full", "true")] if self.full else []
        params += [f.param() for f in self.filters]
        if self.match_any:
            params.append((".or_filter", "true"))
        if self.sort:
            params.append((".sort", ",".join(s.text() for s in self.sort)))
        if self.group is not None:
            params.append((".group", self.group))
        if self.first_result is not None:
            params.append((".firstResult", str(self.first_result)))
        if self.max_results is not None:
            params.append((".maxResults", str(self.max_results)))
        return tuple(params)

    def request(self, *, version: int | str, format: str, base_url: str) -> Request:
        """The HTTP request (sans-io: nothing is sent; see `codec.Request`), every parameter
        URL-encoded on its own."""
        from .._client import build_request  # here: the models need none of the HTTP helpers

        return build_request(
            self, None, version=version, format=format, base_url=base_url, params=self.params()
        )

    def response(
        self,
        status: int,
        headers: Mapping[str, str] | Iterable[tuple[str, str]],
        body: bytes,
        *,
        version: int | str,
    ) -> R:
        """The decoded page, or `codec.ApiError` (and subclasses) for a failed call."""
        from .._client import read_response

        return read_response(self, status, headers, body, version=version)

    def next(self, page: Page) -> Query[R] | None:
        """The query of the page after ``page`` (the answer to this query), or ``None`` when
        ``page`` is the last: empty (``last`` before ``first``), or ending at the last match
        (``last + 1 >= count``). The next page starts at ``last + 1`` with the same size.

        A page without ``first``, ``last`` and ``count`` cannot be followed, one whose
        ``last`` does not pass this query's start would be asked again forever, and a
        non-empty one whose ``first`` is not this query's start is not the page asked for
        (following it would skip or repeat matches): each is a `codec.DecodeError` naming the
        attribute."""
        read: dict[str, int] = {}
        for name in ("first", "last", "count"):
            value = getattr(page, name, None)
            if type(value) is int:
                read[name] = value
            else:
                raise DecodeError(
                    Problem(
                        "missing",
                        f"$.queryResponse['@{name}']",
                        f"a page without {name} cannot be followed: expected first, last and"
                        " count, as PI writes on every page of a query",
                    )
                )
        first, last, count = read["first"], read["last"], read["count"]
        if last < first:
            return None
        start = self.first_result or 0
        if last < start:
            raise DecodeError(
                Problem(
                    "range",
                    "$.queryResponse['@last']",
                    f"the page ends at {last}, before {start} where this query starts:"
                    " following it would not advance",
                )
            )
        if first != start:
            # Not the page asked for: following it would skip the matches before its first
            # (or give some twice), without a word.
            raise DecodeError(
                Problem(
                    "range",
                    "$.queryResponse['@first']",
                    f"the page starts at {first}, not at {start} where this query starts:"
                    " following it would skip or repeat matches",
                )
            )
        if last + 1 >= count:
            return None
        return attrs.evolve(self, first_result=last + 1)

    def pages(self, send: Send, *, version: int | str, format: str, base_url: str) -> Iterator[R]:
        """Every page, this query's first: each request sent with ``send`` (the caller's
        HTTP client: ``send(request) -> (status, headers, body)``), its answer read with
        `response` and followed with `next`. Lazy: a page is asked for when the previous one
        has been consumed."""
        query: Query[R] | None = self
        while query is not None:
            answer = send(query.request(version=version, format=format, base_url=base_url))
            if not (isinstance(answer, tuple) and len(answer) == 3):
                raise ArgumentError(
                    f"send must return (status, headers, body), got {type(answer).__name__}"
                )
            status, headers, body = answer
            page = query.response(status, headers, body, version=version)
            following = query.next(cast(Page, page))  # a page that cannot be followed: not given
            yield page
            query = following


@attrs.frozen
class EntityQuery(PiAnswers, Generic[T]):
    """``GET /webacs/api/vN/data/{resource}/{id}``: one entity, answered as a ``queryResponse``
    holding it; `response` gives its DTO. Build it with ``DataResource.entity(id)``."""

    resource: str = attrs.field(converter=_resource)
    dto: type[T]
    id: int = attrs.field(converter=_entity_id)

    method: ClassVar[str] = "GET"
    request_type: ClassVar[None] = None

    @property
    def name(self) -> str:
        return f"data/{self.resource}/{self.id}"

    @property
    def response_type(self) -> type[QueryResponse[T]]:
        """What the server answers: a `QueryResponse` of one entity."""
        return cast("type[QueryResponse[T]]", cast(Any, QueryResponse)[self.dto])

    def path(self, *, version: int | str, format: str) -> str:
        """``/webacs/api/v4/data/Devices/42.json``; XML takes no suffix."""
        return data_path(self.resource, version=version, format=format, id=self.id)

    def request(self, *, version: int | str, format: str, base_url: str) -> Request:
        """The HTTP request (sans-io: nothing is sent; see `codec.Request`)."""
        from .._client import build_request

        return build_request(self, None, version=version, format=format, base_url=base_url)

    def response(
        self,
        status: int,
        headers: Mapping[str, str] | Iterable[tuple[str, str]],
        body: bytes,
        *,
        version: int | str,
    ) -> T:
        """The entity's DTO, or `codec.ApiError` for a failed call; a `codec.DecodeError`
        when the answer does not hold exactly one entity."""
        from .._client import read_response

        answer = read_response(self, status, headers, body, version=version)
        if len(answer.entities) != 1:
            raise DecodeError(
                Problem(
                    "shape",
                    "$.queryResponse.entity",
                    f"expected the one entity asked for, found {len(answer.entities)}",
                )
            )
        return answer.entities[0].dto


@attrs.frozen
class DataResource(Generic[T]):
    """A resource of the data API and its DTO: ``DataResource("Devices", Device)`` for
    ``/webacs/api/vN/data/Devices``, whose entities are ``Device`` models (declared with
    their element name, ``@codec.model(element="devicesDTO")``)."""

    name: str = attrs.field(converter=_resource)
    dto: type[T]

    def query(
        self,
        *filters: Filter,
        match_any: bool = False,
        sort: Iterable[Sort] = (),
        group: str | None = None,
        first_result: int | None = None,
        max_results: int | None = None,
    ) -> Query[QueryResponse[T]]:
        """The entities (``.full=true``) matching every filter (any, with ``match_any``),
        sorted, paged: the answer is a ``QueryResponse[T]``."""
        answer = cast("type[QueryResponse[T]]", cast(Any, QueryResponse)[self.dto])
        return Query(
            resource=self.name,
            response_type=answer,
            full=True,
            filters=filters,
            match_any=match_any,
            sort=sort,
            group=group,
            first_result=first_result,
            max_results=max_results,
        )

    def ids(
        self,
        *filters: Filter,
        match_any: bool = False,
        sort: Iterable[Sort] = (),
        group: str | None = None,
        first_result: int | None = None,
        max_results: int | None = None,
    ) -> Query[EntityIds]:
        """The ids of the entities matching (no ``.full``): the answer is an `EntityIds`."""
        return Query(
            resource=self.name,
            response_type=EntityIds,
            full=False,
            filters=filters,
            match_any=match_any,
            sort=sort,
            group=group,
            first_result=first_result,
            max_results=max_results,
        )

    def entity(self, id: int) -> EntityQuery[T]:
        """The one entity of this id (``.../data/Devices/42``): the answer is its ``T``."""
        return EntityQuery(self.name, self.dto, id)
