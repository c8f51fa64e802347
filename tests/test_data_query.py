"""The data API's requests (`codec.pi.query`): URLs, filters, sort, group, paging, the pager,
alone and end to end.

End to end, a fake PI (`FakeDataPI`) serves ``/webacs/api/vN/data/Devices[.json]`` and
``.../Devices/{id}[.json]`` on 127.0.0.1 from a fixed table of devices. It reads the query
parameters it receives as PI documents them (a filter per attribute, ``.or_filter``,
``.sort``, ``.group``, ``.firstResult``, ``.maxResults``, ``.full``), filters, sorts and pages
the table honestly, and answers with pages encoded by codec from the test's own ``Device``
DTO; a parameter it does not know, or a filter it cannot read, is a 400 ``errorDocument``
(so a value that leaked into a parameter of its own would show). Requests go through
``httpx`` with a timeout; the server's thread is joined at the end.
"""

from __future__ import annotations

import contextlib
import doctest
import enum
import re
import sys
import types
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any, Final
from urllib.parse import parse_qsl, urlsplit

import attrs
import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st

import codec
from codec.pi import (
    Between,
    Contains,
    DataResource,
    EndsWith,
    Entity,
    EntityId,
    EntityIds,
    EntityQuery,
    Eq,
    Filter,
    Gt,
    Gte,
    Lt,
    Lte,
    Neq,
    Query,
    QueryResponse,
    Sort,
    StartsWith,
)
from codec.pi.errordocument import ErrorDocument

from .support import LoopbackServer, running

TIMEOUT: Final = 10.0
BASE: Final = "https://pi.example.com"
VERSIONS: Final = (1, 2, 3, 4)
FORMATS: Final = ("xml", "json")


class Reachability(enum.Enum):
    REACHABLE = "REACHABLE"
    UNREACHABLE = "UNREACHABLE"
    PING_REACHABLE = "PING REACHABLE"  # not a word: written in quotes


@codec.model(element="devicesDTO")
class Device:
    """A small DTO of ``data/Devices`` (a shipped model is another matter)."""

    display_name: str | None = codec.attribute(default=None)
    id: int | None = codec.attribute(default=None)
    alarms: int | None = codec.element(default=None)
    collection_time: datetime | None = codec.element(default=None)
    device_name: str | None = codec.element(default=None)
    ip_address: str | None = codec.element(default=None)
    reachability: Reachability | None = codec.element(default=None)


DEVICES: Final = DataResource("Devices", Device)
WIRE: Final = {  # the DTO's wire names, as a PI filter names them
    "alarms": "alarms",
    "collectionTime": "collection_time",
    "deviceName": "device_name",
    "id": "id",
    "ipAddress": "ip_address",
    "reachability": "reachability",
}


def _device(n: int) -> Device:
    return Device(
        display_name=f"dev-{n}",
        id=1000 + n,
        alarms=n % 4,
        collection_time=datetime(2020, 7, 27, 17, 28, 2, tzinfo=UTC) + timedelta(minutes=n),
        device_name=f"wlc-{n:02}" if n % 3 else f"switch-{n:02}",
        ip_address=f"10.0.{n % 2}.{n}" if n % 5 else f"192.168.0.{n}",
        reachability=Reachability.UNREACHABLE if n % 7 == 0 else Reachability.REACHABLE,
    )


TABLE: Final = tuple(_device(n) for n in range(1, 21))
#: Device groups (``.group``): ids by group name.
GROUPS: Final = {"my routers": frozenset(d.id for d in TABLE[:10] if d.id is not None)}


# -- URL building --------------------------------------------------------------------------------


def query_pairs(request: codec.Request) -> list[tuple[str, str]]:
    """The request's query parameters, decoded as a server decodes them."""
    return parse_qsl(urlsplit(request.url).query, keep_blank_values=True, strict_parsing=True)


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("fmt", FORMATS)
def test_paths_per_version_and_format(version: int, fmt: str) -> None:
    """``data/Devices`` and ``data/Devices/{id}`` under ``/webacs/api/vN/``, ``.json`` for
    JSON only (as the op paths), ``Accept`` for the format, a GET without body."""
    suffix = ".json" if fmt == "json" else ""
    root = f"{BASE}/webacs/api/v{version}/data/Devices"
    for query, url in (
        (DEVICES.query(), f"{root}{suffix}?.full=true"),
        (DEVICES.ids(), f"{root}{suffix}"),
        (DEVICES.entity(1003), f"{root}/1003{suffix}"),
    ):
        request = query.request(version=f"v{version}", format=fmt, base_url=BASE + "/")
        assert request.url == url
        assert request.method == "GET"
        assert request.body == b""
        assert dict(request.headers) == {
            "Accept": "application/json" if fmt == "json" else "text/xml"
        }
        assert query.path(version=version, format=fmt) == urlsplit(url).path


def test_a_full_query_url_exactly() -> None:
    """Every parameter in PI's syntax, in order, each percent-encoded on its own."""
    query = DEVICES.query(
        StartsWith("ipAddress", "192.168."),
        Eq("summary.reachability", Reachability.REACHABLE),
        match_any=True,
        sort=[Sort("collectionTime", descending=True), Sort("deviceName")],
        group="my routers",
        first_result=200,
        max_results=100,
    )
    request = query.request(version=3, format="xml", base_url=BASE)
    assert request.url == (
        f"{BASE}/webacs/api/v3/data/Devices?.full=true"
        "&ipAddress=startsWith%28%22192.168.%22%29&summary.reachability=REACHABLE"
        "&.or_filter=true&.sort=-collectionTime%2CdeviceName&.group=my+routers"
        "&.firstResult=200&.maxResults=100"
    )


LOCAL: Final = datetime(2017, 5, 1, 11, 35, 45, 745000, tzinfo=UTC).astimezone(
    __import__("datetime").timezone(timedelta(hours=-5))
)

#: (filter, the parameter as the server decodes it): one table over the operators and values.
OPERATORS: Final[list[tuple[Filter, tuple[str, str]]]] = [
    (Eq("ipAddress", "192.168.1.1"), ("ipAddress", '"192.168.1.1"')),
    (Eq("id", 27017138148), ("id", "27017138148")),
    (Eq("managed", True), ("managed", "true")),
    (Eq("summary.reachability", Reachability.REACHABLE), ("summary.reachability", "REACHABLE")),
    (Eq("reachability", Reachability.PING_REACHABLE), ("reachability", '"PING REACHABLE"')),
    (Neq("deviceName", "wlc"), ("deviceName", 'neq("wlc")')),
    (Gt("reachability", 15.0), ("reachability", "gt(15.0)")),
    (Gte("collectionTime", LOCAL), ("collectionTime", 'gte("2017-05-01T06:35:45.745-05:00")')),
    (Lt("alarms", -3), ("alarms", "lt(-3)")),
    (Lte("alarms", 2), ("alarms", "lte(2)")),
    (Between("id", 10, 20), ("id", "between(10,20)")),
    (Between("deviceName", "a", "m"), ("deviceName", 'between("a","m")')),
    (Contains("location", "default location"), ("location", 'contains("default location")')),
    (StartsWith("ipAddress", "192.168."), ("ipAddress", 'startsWith("192.168.")')),
    (EndsWith("deviceName", ".example.com"), ("deviceName", 'endsWith(".example.com")')),
]


@pytest.mark.parametrize(("filter_", "param"), OPERATORS, ids=lambda x: repr(x)[:40])
def test_every_operator(filter_: Filter, param: tuple[str, str]) -> None:
    """Each operator and value kind as PI reads it: text and dates quoted, numbers, booleans
    and word-like enum members bare; the server decodes exactly that one parameter."""
    assert filter_.param() == param
    request = DEVICES.ids(filter_).request(version=4, format="json", base_url=BASE)
    assert query_pairs(request) == [param]


#: Text a filter value may hold: anything but a double quote, a backslash or a control char.
QUOTABLE: Final = st.text(
    st.characters(exclude_categories=["Cc", "Cs"], exclude_characters='"\\'), max_size=40
)


@given(text=QUOTABLE, other=QUOTABLE)
def test_values_cannot_inject_parameters(text: str, other: str) -> None:
    """Any text, ``&``, ``=``, ``#``, ``%``, ``+``, ``.maxResults`` included, stays inside its
    own parameter: the server decodes the very same parameters, no more."""
    query = DEVICES.query(
        Eq("deviceName", text), StartsWith("location", other), group=other or "g", max_results=5
    )
    request = query.request(version=2, format="json", base_url=BASE)
    assert query_pairs(request) == [
        (".full", "true"),
        ("deviceName", f'"{text}"'),
        ("location", f'startsWith("{other}")'),
        (".group", other or "g"),
        (".maxResults", "5"),
    ]
    assert "#" not in request.url


@pytest.mark.parametrize(
    "text",
    ["a&.maxResults=1", "x#frag", "50%25", "a+b c", 'wlc")&.full=false', "\u00e9\u4e2d\U0001f600"],
)
def test_hostile_values_are_encoded_or_refused(text: str) -> None:
    """A value that tries to close its quotes is refused; any other is one encoded value."""
    if '"' in text:
        with pytest.raises(codec.ArgumentError, match="no escape for"):
            Eq("deviceName", text)
        return
    request = DEVICES.ids(Eq("deviceName", text)).request(version=1, format="xml", base_url=BASE)
    assert query_pairs(request) == [("deviceName", f'"{text}"')]


class Opaque:
    """A type no value kind takes."""


@pytest.mark.parametrize(
    ("build", "words"),
    [
        (lambda: Eq("deviceName", 'a"b'), r"holds '\"' at index 1"),
        (lambda: Contains("deviceName", "a\\b"), r"holds '\\\\' at index 1"),
        (lambda: Eq("deviceName", "a\nb"), r"holds '\\n' at index 1"),
        (lambda: Eq("deviceName", "\x00"), "no escape for"),
        (lambda: Gt("reachability", float("nan")), "finite number"),
        (lambda: Gt("collectionTime", datetime(2020, 1, 1)), "zone|naive|offset"),
        (lambda: Eq("id", 2**63), "64-bit"),
        (lambda: Eq("id", Opaque()), "got Opaque"),
        (lambda: Eq("id", None), "got NoneType"),
        (lambda: StartsWith("ipAddress", 10), "matches text, got int"),  # type: ignore[arg-type]
        (lambda: Eq(".maxResults", "1"), "not a name"),
        (lambda: Eq("a&b", "1"), "not a name"),
        (lambda: Eq("summary..x", "1"), "not a name"),
        (lambda: Eq("", "1"), "not a name"),
        (lambda: Eq(3, "1"), "must be a string"),
        (lambda: Sort("-collectionTime"), "not a name"),
        (lambda: Sort("x", descending=1), "Sort.descending is a bool"),  # type: ignore[arg-type]
        (lambda: DataResource("Devices/../op", Device), "not a name"),
        (lambda: DataResource("Devices?x=1", Device), "not a name"),
        (lambda: DEVICES.entity(-1), "non-negative"),
        (lambda: DEVICES.entity(True), "non-negative"),
        (lambda: DEVICES.entity("7"), "non-negative"),  # type: ignore[arg-type]
        (lambda: DEVICES.query(first_result=-1), "first_result"),
        (lambda: DEVICES.query(max_results=0), "max_results"),
        (lambda: DEVICES.query(max_results=True), "max_results"),
        (lambda: DEVICES.query(group=""), "non-empty"),
        (lambda: DEVICES.query(group="a\rb"), r"holds '\\r'"),
        (lambda: DEVICES.query(match_any="yes"), "is a bool"),  # type: ignore[arg-type]
        (lambda: DEVICES.query(sort="deviceName"), "iterable of Sort"),  # type: ignore[arg-type]
        (lambda: DEVICES.query("deviceName"), "hold Filter values"),  # type: ignore[arg-type]
    ],
)
def test_bad_arguments_are_argument_errors_naming_the_problem(
    build: Callable[[], object], words: str
) -> None:
    """Bad names, values and options fail when built, as `codec.ArgumentError` saying what."""
    with pytest.raises(codec.ArgumentError, match=words):
        build()


def test_registered_value_kinds_are_written_as_in_payloads() -> None:
    """A value type registered with `codec.value_kind` is written by its kind, in quotes."""

    class Mac:
        def __init__(self, octets: str) -> None:
            self.octets = octets

    codec.value_kind(Mac, parse=Mac, write=lambda mac: mac.octets.upper())
    assert Eq("macAddress", Mac("aa:bb")).param() == ("macAddress", '"AA:BB"')


def test_queries_are_values() -> None:
    """Queries compare, hash and evolve as values; ``ids`` has no ``.full``."""
    one = DEVICES.query(Eq("alarms", 1), sort=[Sort("id")], max_results=5)
    assert one == DEVICES.query(Eq("alarms", 1), sort=(Sort("id"),), max_results=5)
    assert hash(one) == hash(DEVICES.query(Eq("alarms", 1), sort=[Sort("id")], max_results=5))
    assert attrs.evolve(one, first_result=5).params()[-2:] == (
        (".firstResult", "5"),
        (".maxResults", "5"),
    )
    assert DEVICES.ids(Eq("alarms", 1)).params() == (("alarms", "1"),)
    assert one.response_type == QueryResponse[Device]
    assert DEVICES.ids().response_type is EntityIds


# -- the pager, sans-io --------------------------------------------------------------------------


def _page(first: int | None, last: int | None, count: int | None) -> EntityIds:
    return EntityIds(first=first, last=last, count=count)


@pytest.mark.parametrize(
    ("start", "page", "following"),
    [
        (None, _page(0, 2, 7), 3),
        (3, _page(3, 5, 7), 6),
        (6, _page(6, 6, 7), None),  # ends at the last match
        (None, _page(0, 6, 7), None),
        (None, _page(0, -1, 0), None),  # nothing matched
        (10, _page(10, 9, 7), None),  # asked past the end: an empty page
        (None, _page(0, 99, 1000), 100),  # the server's own page size
    ],
)
def test_next_follows_last(start: int | None, page: EntityIds, following: int | None) -> None:
    """The next page starts after ``last``, with everything else kept; none after the last."""
    query = DEVICES.query(Eq("alarms", 1), sort=[Sort("id")], first_result=start, max_results=3)
    nxt = query.next(page)
    if following is None:
        assert nxt is None
    else:
        assert nxt == attrs.evolve(query, first_result=following)


@pytest.mark.parametrize(
    ("page", "code", "path"),
    [
        (_page(None, 2, 7), "missing", "$.queryResponse['@first']"),
        (_page(0, None, 7), "missing", "$.queryResponse['@last']"),
        (_page(0, 2, None), "missing", "$.queryResponse['@count']"),
        (_page(0, 2, 7), "range", "$.queryResponse['@last']"),  # behind first_result=5
    ],
)
def test_a_page_that_cannot_be_followed_is_a_decode_error(
    page: EntityIds, code: str, path: str
) -> None:
    """No paging attributes, or a page that would not advance: a `DecodeError` saying where,
    never a loop."""
    with pytest.raises(codec.DecodeError) as error:
        DEVICES.ids(first_result=5).next(page)
    assert (error.value.code, error.value.path) == (code, path)


def test_pages_never_loops_on_a_server_that_does_not_advance() -> None:
    """A server answering the first page again and again stops `pages` with a `DecodeError`
    on the second answer."""
    body = codec.encode(_page(0, 2, 50), version=4, format="json")
    sent: list[codec.Request] = []

    def send(request: codec.Request) -> tuple[int, dict[str, str], bytes]:
        sent.append(request)
        return 200, {"Content-Type": "application/json"}, body

    pages = DEVICES.ids(max_results=3).pages(send, version=4, format="json", base_url=BASE)
    assert next(pages) == _page(0, 2, 50)
    with pytest.raises(codec.DecodeError, match="would not advance"):
        next(pages)
    assert [dict(query_pairs(r))[".firstResult"] for r in sent[1:]] == ["3"]


def test_send_must_answer_status_headers_body() -> None:
    """A ``send`` answering something else is an `ArgumentError`."""
    pages = DEVICES.ids().pages(
        lambda request: b"body",  # type: ignore[arg-type,return-value]
        version=4,
        format="json",
        base_url=BASE,
    )
    with pytest.raises(codec.ArgumentError, match=r"\(status, headers, body\), got bytes"):
        next(pages)


@pytest.mark.parametrize("count", [0, 2])
def test_an_entity_answer_must_hold_one_entity(count: int) -> None:
    """``data/Devices/{id}`` answering no entity or two is a `DecodeError`."""
    answer = QueryResponse(entities=[Entity(dto=TABLE[0])] * count)
    body = codec.encode(answer, version=2, format="xml", type=QueryResponse[Device])
    with pytest.raises(codec.DecodeError, match=f"found {count}") as error:
        DEVICES.entity(1001).response(200, {}, body, version=2)
    assert error.value.path == "$.queryResponse.entity"


# -- a fake PI serving data/Devices --------------------------------------------------------------

DATA_ROUTE: Final = re.compile(
    r"/webacs/api/v(?P<version>[1-4])/data/Devices(?:/(?P<id>[0-9]+))?(?P<suffix>\.json)?"
)
EXPRESSION: Final = re.compile(r"(?P<op>[A-Za-z]+)\((?P<args>.*)\)")
LITERAL: Final = re.compile(r'"(?P<text>[^"]*)"|(?P<bare>[^",()]+)')


class Refused(Exception):
    """A request the fake server answers with 400."""


def _literals(text: str) -> list[str | None]:
    """The literals of ``a`` or ``"a","b"``: text, or ``None`` for a bare one... as text."""
    values: list[str | None] = []
    position = 0
    while True:
        match = LITERAL.match(text, position)
        if match is None:
            raise Refused(f"unreadable filter value {text!r}")
        values.append(match["text"] if match["text"] is not None else match["bare"])
        position = match.end()
        if position == len(text):
            return values
        if text[position] != ",":
            raise Refused(f"unreadable filter value {text!r}")
        position += 1


def _as_field_value(literal: str | None, current: object) -> object:
    """A literal read as the type of the device's value it is compared with."""
    assert literal is not None
    if isinstance(current, Reachability):
        return Reachability(literal)
    if isinstance(current, datetime):
        return datetime.fromisoformat(literal)
    if isinstance(current, int):
        return int(literal)
    return literal


def _predicate(name: str, expression: str) -> Callable[[Device], bool]:
    attribute = WIRE.get(name)
    if attribute is None:
        raise Refused(f"no attribute {name!r}")
    call = EXPRESSION.fullmatch(expression)
    op, args = (call["op"], _literals(call["args"])) if call else ("eq", _literals(expression))
    tests: dict[str, Callable[[Any, list[Any]], bool]] = {
        "eq": lambda v, a: v == a[0],
        "neq": lambda v, a: v != a[0],
        "gt": lambda v, a: v > a[0],
        "gte": lambda v, a: v >= a[0],
        "lt": lambda v, a: v < a[0],
        "lte": lambda v, a: v <= a[0],
        "between": lambda v, a: a[0] <= v <= a[1],
        "contains": lambda v, a: a[0] in v,
        "startsWith": lambda v, a: v.startswith(a[0]),
        "endsWith": lambda v, a: v.endswith(a[0]),
    }
    test = tests.get(op)
    if test is None or len(args) != (2 if op == "between" else 1):
        raise Refused(f"unreadable filter {expression!r}")

    def matches(device: Device) -> bool:
        value = getattr(device, attribute)
        return value is not None and test(value, [_as_field_value(a, value) for a in args])

    return matches


def _sort_key(name: str) -> Callable[[Device], Any]:
    attribute = WIRE.get(name)
    if attribute is None:
        raise Refused(f"cannot sort on {name!r}")

    def key(device: Device) -> Any:
        value = getattr(device, attribute)
        return value.value if isinstance(value, enum.Enum) else value

    return key


def select(params: list[tuple[str, str]]) -> tuple[list[Device], int, int, bool]:
    """The devices a query asks for, as PI reads its parameters: (page, count, first, full)."""
    predicates: list[Callable[[Device], bool]] = []
    options: dict[str, str] = {}
    for name, value in params:
        if name.startswith("."):
            if name in options or name not in (
                ".full",
                ".or_filter",
                ".sort",
                ".group",
                ".firstResult",
                ".maxResults",
            ):
                raise Refused(f"unknown or repeated parameter {name!r}")
            options[name] = value
        else:
            predicates.append(_predicate(name, value))
    combine = any if options.get(".or_filter") == "true" else all
    matches = [d for d in TABLE if not predicates or combine(p(d) for p in predicates)]
    if ".group" in options:
        members = GROUPS.get(options[".group"], frozenset())
        matches = [d for d in matches if d.id in members]
    for key in reversed(options.get(".sort", "").split(",") if ".sort" in options else []):
        descending = key.startswith("-")
        matches.sort(key=_sort_key(key.lstrip("+-")), reverse=descending)
    first = int(options.get(".firstResult", "0"))
    size = int(options.get(".maxResults", "100"))
    return matches[first : first + size], len(matches), first, options.get(".full") == "true"


def answer_for(path: str, query: str, base_url: str) -> tuple[int, Any, int, str]:
    """(status, payload model, version, format) for a GET of ``path?query``."""
    route = DATA_ROUTE.fullmatch(path)
    if route is None:
        return 404, None, 4, "xml"
    version = int(route["version"])
    fmt = "json" if route["suffix"] else "xml"
    root = f"{base_url}/webacs/api/v{version}/data"
    request_url = f"{base_url}{path}" + (f"?{query}" if query else "")
    params = parse_qsl(query, keep_blank_values=True, strict_parsing=False)
    if route["id"] is not None:
        found = [d for d in TABLE if d.id == int(route["id"])]
        if params or not found:
            return (400 if params else 404), None, version, fmt
        entity = Entity(dto_type="devicesDTO", type="Devices", url=request_url, dto=found[0])
        answer: Any = QueryResponse(
            type="Devices",
            request_url=request_url,
            response_type="getEntity",
            root_url=root,
            entities=[entity],
        )
        return 200, answer, version, fmt
    try:
        page, count, first, full = select(params)
    except (Refused, ValueError):
        return 400, None, version, fmt
    paging: dict[str, Any] = {
        "last": first + len(page) - 1,
        "first": first,
        "count": count,
        "type": "Devices",
        "domain": "ROOT-DOMAIN",
        "request_url": request_url,
        "root_url": root,
    }
    if full:
        entities = [
            Entity(dto_type="devicesDTO", type="Devices", url=f"{root}/Devices/{d.id}", dto=d)
            for d in page
        ]
        answer = QueryResponse(response_type="listEntityInstances", entities=entities, **paging)
    else:
        ids = [
            EntityId(type="Devices", url=f"{root}/Devices/{d.id}", id=d.id)
            for d in page
            if d.id is not None
        ]
        answer = EntityIds(response_type="listEntityIds", entity_ids=ids, **paging)
    return 200, answer, version, fmt


class FakeDataPI(LoopbackServer[str]):
    """A fake PI on 127.0.0.1 and a free port; see the module documentation."""

    def __init__(self) -> None:
        super().__init__(_Handler)


class _Handler(BaseHTTPRequestHandler):
    server: FakeDataPI
    timeout = TIMEOUT

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the tests check what was received instead."""

    def do_GET(self) -> None:
        self.server.record(self.path)
        url = urlsplit(self.path)
        status, answer, version, fmt = answer_for(url.path, url.query, self.server.base_url)
        if answer is None:
            document = ErrorDocument(
                http_response_code=status, http_method="GET", message=f"refused {url.path}"
            )
            body = codec.encode(document, version=version, format=fmt)
        else:
            kind = QueryResponse[Device] if isinstance(answer, QueryResponse) else EntityIds
            body = codec.encode(answer, version=version, format=fmt, type=kind)
        self.send_response(status)
        self.send_header("Content-Type", "application/json" if fmt == "json" else "text/xml")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@contextlib.contextmanager
def running_fake_data_pi() -> Iterator[FakeDataPI]:
    """A started fake server; shut down, closed and its thread joined on exit."""
    with running(FakeDataPI()) as server:
        yield server


@pytest.fixture(scope="module")
def _server() -> Iterator[FakeDataPI]:
    with running_fake_data_pi() as server:
        yield server


@pytest.fixture
def pi(_server: FakeDataPI) -> FakeDataPI:
    """The module's fake server, with nothing received yet."""
    _server.clear()
    return _server


def send(request: codec.Request) -> tuple[int, httpx.Headers, bytes]:
    """Sends with httpx (which follows no redirect), with a timeout."""
    with httpx.Client(timeout=TIMEOUT) as client:
        reply = client.request(request.method, request.url, headers=dict(request.headers))
    return reply.status_code, reply.headers, reply.content


# -- end to end ----------------------------------------------------------------------------------


@pytest.mark.parametrize("version", [1, 4])
@pytest.mark.parametrize("fmt", FORMATS)
def test_three_pages_of_devices_end_to_end(pi: FakeDataPI, version: int, fmt: str) -> None:
    """Eight reachable devices under 10.0., newest first, three to a page: three requests,
    three pages, the devices the table holds in that order."""
    query = DEVICES.query(
        StartsWith("ipAddress", "10.0."),
        Eq("reachability", Reachability.REACHABLE),
        Lt("alarms", 2),
        sort=[Sort("collectionTime", descending=True)],
        max_results=3,
    )
    pages = list(query.pages(send, version=version, format=fmt, base_url=pi.base_url))

    expected = sorted(
        (
            d
            for d in TABLE
            if d.ip_address is not None
            and d.ip_address.startswith("10.0.")
            and d.reachability is Reachability.REACHABLE
            and d.alarms is not None
            and d.alarms < 2
        ),
        key=lambda d: d.collection_time or datetime.min,
        reverse=True,
    )
    assert len(expected) == 8
    assert [len(p.entities) for p in pages] == [3, 3, 2]
    assert [(p.first, p.last, p.count) for p in pages] == [(0, 2, 8), (3, 5, 8), (6, 7, 8)]
    assert [e.dto for p in pages for e in p.entities] == expected
    suffix = ".json" if fmt == "json" else ""
    assert pi.received == [
        f"/webacs/api/v{version}/data/Devices{suffix}?.full=true"
        "&ipAddress=startsWith%28%2210.0.%22%29&reachability=REACHABLE&alarms=lt%282%29"
        f"&.sort=-collectionTime{first}&.maxResults=3"
        for first in ("", "&.firstResult=3", "&.firstResult=6")
    ]


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("fmt", FORMATS)
def test_ids_group_and_or_filter_end_to_end(pi: FakeDataPI, version: int, fmt: str) -> None:
    """Without ``.full``: `EntityIds` pages; ``.group`` and ``.or_filter`` reach the server."""
    query = DEVICES.ids(
        Between("id", 1002, 1003),
        EndsWith("deviceName", "-09"),
        match_any=True,
        group="my routers",
        sort=[Sort("id")],
        max_results=2,
    )
    pages = list(query.pages(send, version=version, format=fmt, base_url=pi.base_url))
    assert [[e.id for e in p.entity_ids] for p in pages] == [[1002, 1003], [1009]]
    assert len(pi.received) == 2


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("fmt", FORMATS)
def test_one_entity_end_to_end(pi: FakeDataPI, version: int, fmt: str) -> None:
    """``data/Devices/{id}`` answers that device; an unknown id is PI's ``errorDocument``."""
    query: EntityQuery[Device] = DEVICES.entity(1004)
    request = query.request(version=version, format=fmt, base_url=pi.base_url)
    assert query.response(*send(request), version=version) == TABLE[3]
    missing = DEVICES.entity(1).request(version=version, format=fmt, base_url=pi.base_url)
    with pytest.raises(codec.ApiError) as error:
        DEVICES.entity(1).response(*send(missing), version=version)
    assert error.value.status == 404
    assert error.value.error_document.message == "refused " + urlsplit(missing.url).path


def test_a_hostile_value_is_one_filter_at_the_server(pi: FakeDataPI) -> None:
    """``&.maxResults=1`` in a value reaches the server as text of one filter: no device is
    called that, so none matches, and the page is not cut to one."""
    hostile = DEVICES.query(Eq("deviceName", "wlc-01&.maxResults=1"), Neq("alarms", 9))
    [page] = hostile.pages(send, version=2, format="json", base_url=pi.base_url)
    assert (page.count, page.entities) == (0, ())
    every = DEVICES.query(Neq("deviceName", "wlc-01&.maxResults=1"))
    [page] = every.pages(send, version=2, format="json", base_url=pi.base_url)
    assert page.count == len(page.entities) == len(TABLE)


def test_the_fake_server_refuses_what_it_cannot_read(pi: FakeDataPI) -> None:
    """The fake is honest: an unknown parameter is a 400, so a leaked one would show."""
    status, _, _ = send(
        codec.Request("GET", f"{pi.base_url}/webacs/api/v4/data/Devices?.maxResult=1", {})
    )
    assert status == 400
    query: Query[EntityIds] = DEVICES.ids(Eq("noSuchAttribute", 1))
    with pytest.raises(codec.ApiError) as error:
        list(query.pages(send, version=4, format="xml", base_url=pi.base_url))
    assert error.value.status == 400


def test_readme_data_api_example_runs(pi: FakeDataPI) -> None:
    """The README's data API example runs as written against the fake server, printing what
    it shows: the URL, and two pages of the devices under 192.168."""
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## The data API\n", 1)[1].split("\n## ", 1)[0]
    [example] = re.findall(r"^```pycon\n(.*?)^```\s*$", section, re.MULTILINE | re.DOTALL)
    module = types.ModuleType("readme_data_api")
    module.__dict__["base_url"] = pi.base_url
    sys.modules[module.__name__] = module
    try:
        test = doctest.DocTestParser().get_doctest(
            example, module.__dict__, module.__name__, "README.md", 0
        )
        output: list[str] = []
        runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
        results = runner.run(test, out=output.append)
    finally:
        del sys.modules[module.__name__]
    assert results.failed == 0, "".join(output)
    assert results.attempted >= 8
    assert len(pi.received) == 2
