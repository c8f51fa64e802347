"""Sans-io client helpers: the HTTP request of an operation, and the reading of its answer.

Nothing here opens a connection: `build_request` returns a `Request` value (method, URL,
headers, body) for any HTTP client to send, and `read_response` turns the status, headers and
body that came back into the operation's response model, or raises `ApiError`.

Decisions:

* URL: ``base_url`` (``http`` or ``https``, with a non-empty host and, if any, a port from 1
  to 65535; it may carry a path prefix, such as a reverse proxy's, but no query or fragment)
  with its trailing slashes removed, then the operation's path for the version and format
  (``op.path``: the API's own rule, such as `codec.pi`'s), then the optional query
  ``params`` (a mapping, or an iterable of (name, value) pairs), URL-encoded. A ``base_url``
  holding whitespace or a control character anywhere (a trailing CR/LF included) is refused,
  not stripped: it is an `ArgumentError` naming the problem, as is any other bad ``base_url``
  or ``params``.
* Request headers: ``Accept`` always, ``Content-Type`` only when there is a body. JSON is
  ``application/json`` both ways. For XML, ``Accept: text/xml`` (the type PI documents for
  asking XML, which is also its default) and ``Content-Type: application/xml`` for the body
  (RFC 7303's type, whose charset is the document's own: UTF-8, as the encoder writes).
  ``Request.headers`` is a read-only mapping whose look-ups ignore case.
* A payload of the wrong type for the operation raises `TypeError` before anything is
  encoded; an operation without a body (``runhistory``, a GET) takes ``None``.
* Answer format: a recognised ``Content-Type`` (``application/json``, ``application/xml``,
  ``text/xml``, any case, parameters such as ``charset`` ignored) wins over the body's look;
  otherwise (absent, or another type such as ``text/html``) the format is detected from the
  body's first significant character (`codec.detect`'s rule). The body is handed to the
  decoders as bytes: PI writes UTF-8.
* Response headers: a mapping, a message with ``items()`` or pairs; names and values `str`,
  or `bytes` (as h11 and ``httpx.Headers.raw`` give them, mixed with `str` or not), read as
  ISO-8859-1 the way HTTP reads a field's octets: no byte is an error. Anything else is a
  `TypeError`. `_Headers` is the one reader; the errors keep the headers it read.
* A 2xx answer decodes, leniently, to the operation's response model; a 2xx body that does
  not decode raises `UnexpectedResponseError`: a `DecodeError` (so the decoding's problems,
  and the error that found them as its ``__cause__``) that also keeps the status, headers
  and body. Decision: not an `ApiError`, which means "the server said no"; a 2xx that does
  not decode was "yes" in a shape the model does not read, and ``except DecodeError`` in
  clients written before this class still catches it.
* Any other status raises `ApiError` carrying the status, the decoded error document when
  the operation reads its API's (`ErrorAnswers`, as `codec.pi`'s operations do) and the body
  holds one (read in the format chosen above, else ``None``: a body that does not decode never
  raises a codec error of its own), the raw body, the ``Location`` header and every header.
  Subclasses: `AuthenticationError` for a 401, or a redirect (3xx) to what the operation
  takes for its API's login page (`ErrorAnswers.login_redirect`); `RateLimitedError` for a
  503, whose ``retry_after`` reads ``Retry-After`` (delta-seconds or HTTP-date; ``None``
  when absent or unreadable, never an error). A redirect elsewhere is a plain `ApiError`.
  Clients should not follow redirects, or the login redirect is lost.
* `ApiError` and `UnexpectedResponseError` are codec errors (so a `ValueError`) and, like
  every codec error, values built from their ``args``: they pickle, compare equal and print
  the same after a round trip (the ``__cause__`` of the latter is not pickled; its problems
  are).
"""

from __future__ import annotations

import contextlib
import ipaddress
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from datetime import UTC, datetime, timedelta
from typing import Any, Final, Protocol, TypeVar, final, runtime_checkable
from urllib.parse import urlencode, urlsplit, urlunsplit

import attrs

from ._api import decode, encode
from ._errors import ArgumentError, CodecError, DecodeError, Problem
from ._parse import sniff_format
from ._versions import Format, parse_format, parse_version

__all__ = [
    "ApiError",
    "AuthenticationError",
    "ErrorAnswers",
    "HeadersLike",
    "OperationLike",
    "Params",
    "RateLimitedError",
    "Request",
    "UnexpectedResponseError",
    "build_request",
    "read_response",
]

_ACCEPT: Final[dict[str, str]] = {"json": "application/json", "xml": "text/xml"}
_CONTENT_TYPE: Final[dict[str, str]] = {"json": "application/json", "xml": "application/xml"}
_MEDIA_FORMATS: Final[dict[str, Format]] = {
    "application/json": "json",
    "application/xml": "xml",
    "text/xml": "xml",
}

T_co = TypeVar("T_co", covariant=True)


class OperationLike(Protocol[T_co]):
    """What `build_request` and `read_response` need of an operation: public, so that a user
    can declare an operation this library does not ship.

    ``name`` is for messages; ``method`` the HTTP method (``"DELETE"``); ``request_type`` the
    payload model, or ``None`` for an operation without a body; ``response_type`` the model
    a 2xx answer decodes to; ``path`` the URL path for a version and format. An operation that
    is also an `ErrorAnswers` gets its API's error documents and login redirect read.
    `codec.pi.ApiOperation` is one for PI's ``/webacs/api/vN/op/`` resources (and
    `codec.jobservice.Operation` a subclass of it).
    """

    @property
    def name(self) -> str: ...

    @property
    def method(self) -> str: ...

    @property
    def request_type(self) -> type[Any] | None: ...

    @property
    def response_type(self) -> type[T_co]: ...

    def path(self, *, version: int | str, format: str) -> str: ...


@runtime_checkable
class ErrorAnswers(Protocol):
    """What an operation may also tell `read_response` about its API's failed answers."""

    def read_error(self, body: bytes, format: Format) -> object:
        """The error document the body holds; a `CodecError` when it holds none."""
        ...

    def login_redirect(self, location: str) -> bool:
        """True when a redirect there says that the credentials were refused."""
        ...


#: Headers as the helpers take them: a mapping (``httpx.Headers``, a ``dict``), an object with
#: an ``items()`` method (``http.client.HTTPMessage``), or pairs of name and value; names and
#: values ``str``, or ``bytes`` as h11 and ``httpx.Headers.raw`` give them.
HeadersLike = (
    Mapping[str, str]
    | Mapping[bytes, bytes]
    | Iterable[tuple[str, str]]
    | Iterable[tuple[bytes, bytes]]
    | Iterable[tuple[str | bytes, str | bytes]]
)


def _header_text(part: object, what: str) -> str:
    if isinstance(part, str):
        return part
    if isinstance(part, (bytes, bytearray, memoryview)):
        # A field's octets as HTTP reads them (RFC 9110 5.5): ISO-8859-1, which decodes every
        # byte, as h11 and http.client do; never a UnicodeDecodeError.
        return bytes(part).decode("latin-1")
    raise TypeError(f"header {what}s must be str or bytes, got {type(part).__name__}")


def _header_items(headers: object) -> tuple[tuple[str, str], ...]:
    """The (name, value) pairs of ``headers`` (see `HeadersLike`), in order, as text; a
    `TypeError` naming what is wrong for anything else. The one reader of headers."""
    if isinstance(headers, _Headers):
        return headers.pairs
    items_of = getattr(headers, "items", None)  # a mapping, or a message such as urllib's
    items: object = items_of() if callable(items_of) else headers
    if isinstance(items, (str, bytes, bytearray, memoryview)) or not isinstance(items, Iterable):
        raise TypeError(
            f"headers must be a mapping or pairs of name and value, got {type(headers).__name__}"
        )
    pairs: list[tuple[str, str]] = []
    for item in items:
        if not (isinstance(item, (tuple, list)) and len(item) == 2):
            raise TypeError(f"headers must be pairs of name and value, got {item!r:.60}")
        pairs.append((_header_text(item[0], "name"), _header_text(item[1], "value")))
    return tuple(pairs)


@final
class _Headers(Mapping[str, str]):
    """A read-only mapping of header names to values, in the order given; look-ups ignore the
    names' case and give a repeated name's first value. Equal to another such mapping holding
    the same pairs, names compared without case, in any order; hashable; pickles."""

    __slots__ = ("_items",)

    def __init__(self, headers: object = ()) -> None:
        self._items = _header_items(headers)

    @property
    def pairs(self) -> tuple[tuple[str, str], ...]:
        """Every (name, value) pair, as received: names in their case, repeats kept."""
        return self._items

    def __getitem__(self, name: str) -> str:
        if isinstance(name, str):
            folded = name.lower()
            for key, value in self._items:
                if key.lower() == folded:
                    return value
        raise KeyError(name)

    def __iter__(self) -> Iterator[str]:
        return (key for key, _ in self._items)

    def __len__(self) -> int:
        return len(self._items)

    def _folded(self) -> list[tuple[str, str]]:
        return sorted((k.lower(), v) for k, v in self._items)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, _Headers):
            return self._folded() == other._folded()
        return super().__eq__(other)

    def __hash__(self) -> int:
        return hash(tuple(self._folded()))

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self._items,))

    def __repr__(self) -> str:
        return f"Headers({list(self._items)!r})"


def _frozen_headers(headers: HeadersLike) -> Mapping[str, str]:
    return headers if isinstance(headers, _Headers) else _Headers(headers)


@attrs.frozen
class Request:
    """One HTTP request, ready to send: ``method``, absolute ``url``, ``headers`` (read-only,
    case-insensitive look-ups) and ``body`` (``b""`` for none)."""

    method: str
    url: str
    headers: Mapping[str, str] = attrs.field(converter=_frozen_headers)
    body: bytes = b""


#: Query parameters: a mapping of names to values, or an iterable of (name, value) pairs.
Params = Mapping[str, object] | Iterable[tuple[str, object]]


_HOST: Final = re.compile(
    r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.?"
)


def _check_base_url(base_url: object) -> tuple[str, str, str]:
    """The scheme, host part and path of a valid ``base_url``; `ArgumentError` naming what is
    wrong otherwise."""
    if not isinstance(base_url, str):
        raise ArgumentError(f"base_url must be a string, got {type(base_url).__name__}")
    for index, char in enumerate(base_url):
        if char.isspace() or not char.isprintable():
            if unicodedata.category(char) == "Cc":
                what = "a control character"
            elif char.isspace():
                what = "whitespace"
            else:
                what = "an unprintable character"
            raise ArgumentError(
                f"base_url {base_url!r} contains {what} (U+{ord(char):04X}) at index {index}"
            )
    try:
        parts = urlsplit(base_url)
    except ValueError as exc:
        raise ArgumentError(f"base_url {base_url!r} is not a URL: {exc}") from None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        raise ArgumentError(
            f"base_url {base_url!r} is not an http(s) URL with a host, "
            "such as 'https://pi.example.com'"
        )
    if "@" in parts.netloc:
        raise ArgumentError(
            f"base_url {base_url!r} carries user information before '@': credentials belong "
            "in a header, and in 'https://a@b' the host is b"
        )
    if not parts.hostname:
        raise ArgumentError(f"base_url {base_url!r} has an empty host")
    if parts.netloc.endswith(":"):
        raise ArgumentError(f"base_url {base_url!r} has an empty port")
    host = parts.netloc.rpartition("]")[0] + "]" if parts.netloc.startswith("[") else None
    if host is None and _HOST.fullmatch(parts.hostname) is None:
        raise ArgumentError(
            f"base_url {base_url!r} has the host {parts.hostname!r}: expected letters, digits,"
            " '-' and '.' (an internationalized name in its xn-- form), or an IP address"
        )
    if host is not None:
        try:
            ipaddress.IPv6Address(host[1:-1])
        except ValueError:
            raise ArgumentError(
                f"base_url {base_url!r} has the host {host!r}: not an IPv6 address"
            ) from None
    try:
        port = parts.port
    except ValueError:
        port = 0
    if port is not None and not 1 <= port <= 65535:
        _, _, given = parts.netloc.rpartition(":")
        raise ArgumentError(f"base_url {base_url!r} has port {given!r}: expected 1 to 65535")
    if parts.query or parts.fragment:
        raise ArgumentError(f"base_url {base_url!r} must not carry a query or a fragment")
    return parts.scheme, parts.netloc, parts.path


def _query(params: object) -> str:
    """``params`` URL-encoded: a mapping, or an iterable of (name, value) pairs."""
    if params is None:
        return ""
    if isinstance(params, Mapping):
        items: Iterable[object] = params.items()
    elif isinstance(params, (str, bytes, bytearray)) or not isinstance(params, Iterable):
        raise ArgumentError(
            "params must be a mapping or an iterable of (name, value) pairs, "
            f"got {type(params).__name__}"
        )
    else:
        items = params
    pairs: list[tuple[str, str]] = []
    for item in items:
        if not (isinstance(item, (tuple, list)) and len(item) == 2):
            raise ArgumentError(f"params must be (name, value) pairs, got {item!r}")
        name, value = item
        for part in (name, value):
            # str() of anything else would send "None", "True" or "b'x'" without a word.
            if not (
                isinstance(part, str) or (isinstance(part, int) and not isinstance(part, bool))
            ):
                raise ArgumentError(
                    f"params names and values are strings or integers, got {part!r}"
                )
        pairs.append((str(name), str(value)))
    try:
        return urlencode(pairs)
    except UnicodeEncodeError as exc:
        raise ArgumentError(f"params hold text that UTF-8 cannot encode: {exc.object!r}") from None


def _join(base_url: object, path: str, params: object) -> str:
    scheme, netloc, prefix = _check_base_url(base_url)
    return urlunsplit((scheme, netloc, prefix.rstrip("/") + path, _query(params), ""))


def build_request(
    op: OperationLike[Any],
    payload: object,
    *,
    version: int | str,
    format: str,
    base_url: str,
    params: Params | None = None,
) -> Request:
    """The request of ``op`` carrying ``payload`` (``None`` for an operation without body).

    Raises `TypeError` for a payload of another type than the operation takes, before
    encoding; `ArgumentError` for a bad version, format or ``base_url``; `EncodeError` for a
    payload that cannot be written. ``params`` become the URL's query string
    (``runhistory``'s ``jobId``, ``jobName``, ...): a mapping of names to values, or an
    iterable of (name, value) pairs (a name may then repeat), each value written with `str`;
    anything else is an `ArgumentError`.
    """
    number = parse_version(version)
    fmt = parse_format(format)
    expected = op.request_type
    if expected is None:
        if payload is not None:
            raise TypeError(f"{op.name} takes no payload (None), got {type(payload).__name__}")
    elif not isinstance(payload, expected):
        raise TypeError(
            f"{op.name} takes a {expected.__name__} payload, got {type(payload).__name__}"
        )
    url = _join(base_url, op.path(version=number, format=fmt), params)
    headers = [("Accept", _ACCEPT[fmt])]
    body = b""
    if expected is not None:
        body = encode(payload, version=number, format=fmt)
        headers.append(("Content-Type", _CONTENT_TYPE[fmt]))
    return Request(op.method, url, _Headers(headers), body)


def _status_line(status: int) -> str:
    """``HTTP 404 Not Found``; the number alone for a status without a phrase."""
    from http import HTTPStatus  # here, not at import: http costs every client

    try:
        return f"HTTP {status} {HTTPStatus(status).phrase}"
    except ValueError:
        return f"HTTP {status}"


class ApiError(CodecError):
    """A call that the server did not answer with 2xx: ``status``, the error document when the
    body holds one (PI's ``errorDocument``; else ``None``), the raw ``body``, the ``Location``
    header of a redirect and every response header (``headers``). A document's ``message``
    and ``id`` attributes, when it has them, are in the message."""

    #: Added to the message by subclasses: what the status usually means.
    hint: str = ""

    def __init__(
        self,
        status: int,
        error_document: Any = None,
        body: bytes = b"",
        location: str | None = None,
        headers: HeadersLike = (),
    ) -> None:
        super().__init__(status, error_document, body, location, _frozen_headers(headers))

    @property
    def status(self) -> int:
        """The HTTP status code."""
        status: int = self.args[0]
        return status

    @property
    def error_document(self) -> Any:
        """The server's error document, decoded, or ``None`` when the body holds none."""
        return self.args[1]

    @property
    def body(self) -> bytes:
        """The answer's body, as received."""
        body: bytes = self.args[2]
        return body

    @property
    def location(self) -> str | None:
        """The ``Location`` header of the answer, if any."""
        location: str | None = self.args[3]
        return location

    @property
    def headers(self) -> Mapping[str, str]:
        """The answer's headers, in the order received: a read-only mapping whose look-ups
        ignore case (``error.headers["retry-after"]``); bytes were read as ISO-8859-1."""
        headers: Mapping[str, str] = self.args[4]
        return headers

    def __str__(self) -> str:
        text = _status_line(self.status)
        message = getattr(self.error_document, "message", None)
        if message:
            text += f": {message}"
            ident = getattr(self.error_document, "id", None)
            if ident:
                text += f" [{ident}]"
        elif self.location is not None:
            text += f": redirected to {self.location}"
        elif self.body:
            shown = self.body[:60].decode("utf-8", "replace")
            more = "..." if len(self.body) > 60 else ""
            text += f": no errorDocument in the body {shown + more!r}"
        return f"{text} ({self.hint})" if self.hint else text


class AuthenticationError(ApiError):
    """The server refused the credentials: a 401, or a redirect to its login page."""

    hint = "authentication failed: check the user name and password"


class RateLimitedError(ApiError):
    """The server answered 503 (PI's answer when rate limited) or 429 (HTTP's Too Many
    Requests, as a gateway in front of it may say): retry later, after `retry_after`."""

    hint = "rate limited: retry later"

    @property
    def retry_after(self) -> timedelta | None:
        """How long the server asks to wait (``Retry-After``), never negative; ``None`` when
        the header is absent, unparseable or beyond what a `timedelta` holds.

        Delta-seconds (``120``) are taken as they are. An HTTP-date (any of RFC 9110's three
        forms) is counted from the answer's ``Date`` header, so that both times are the
        server's clock; from the current time when ``Date`` is absent or unparseable.
        """
        value = self.headers.get("Retry-After")
        if value is None:
            return None
        value = value.strip(" \t")
        if _DELTA_SECONDS.fullmatch(value):
            if len(value.lstrip("0")) > _MAX_DELTA_DIGITS:
                return None
            try:
                return timedelta(seconds=int(value))
            except OverflowError:
                return None
        when = _http_date(value)
        if when is None:
            return None
        date = self.headers.get("Date")
        sent = _http_date(date.strip(" \t")) if date is not None else None
        return max(when - (sent or datetime.now(UTC)), timedelta(0))


class UnexpectedResponseError(DecodeError):
    """A 2xx answer whose body does not decode to the operation's response model.

    A `DecodeError` (its ``problems``, ``path``, ``code`` and ``message`` are the decoding's),
    which also keeps the answer: ``status``, ``headers`` and the raw ``body``.
    """

    def __init__(
        self,
        problems: tuple[Problem, ...] | Problem,
        status: int,
        headers: HeadersLike = (),
        body: bytes = b"",
    ) -> None:
        super().__init__(problems)
        self.args = (self.args[0], status, _frozen_headers(headers), body)

    @property
    def status(self) -> int:
        """The HTTP status code (a 2xx)."""
        status: int = self.args[1]
        return status

    @property
    def headers(self) -> Mapping[str, str]:
        """The answer's headers, as `ApiError.headers`."""
        headers: Mapping[str, str] = self.args[2]
        return headers

    @property
    def body(self) -> bytes:
        """The answer's body, as received."""
        body: bytes = self.args[3]
        return body

    def __str__(self) -> str:
        return f"{_status_line(self.status)}: the body does not decode: {super().__str__()}"


#: Retry-After's delta-seconds (RFC 9110 10.2.3), and the most digits (leading zeros aside)
#: worth converting: `timedelta` holds less than 10**14 seconds.
_DELTA_SECONDS: Final = re.compile(r"[0-9]+")
_MAX_DELTA_DIGITS: Final = 15
_MONTHS: Final = (
    "jan",
    "feb",
    "mar",
    "apr",
    "may",
    "jun",
    "jul",
    "aug",
    "sep",
    "oct",
    "nov",
    "dec",
)
_TIME: Final = r"(?P<hour>[0-9]{2}):(?P<minute>[0-9]{2}):(?P<second>[0-9]{2})"
_MONTH: Final = r"(?P<month>[A-Za-z]{3})"
#: RFC 9110 5.6.7's three forms: IMF-fixdate, the obsolete RFC 850 date and asctime's.
_HTTP_DATES: Final = (
    re.compile(
        rf"[A-Za-z]{{3}}, (?P<day>[0-9]{{2}}) {_MONTH} (?P<year>[0-9]{{4}}) {_TIME} GMT", re.ASCII
    ),
    re.compile(
        rf"[A-Za-z]{{6,9}}, (?P<day>[0-9]{{2}})-{_MONTH}-(?P<year>[0-9]{{2}}) {_TIME} GMT",
        re.ASCII,
    ),
    re.compile(
        rf"[A-Za-z]{{3}} {_MONTH} (?P<day>[ 0-9][0-9]) {_TIME} (?P<year>[0-9]{{4}})", re.ASCII
    ),
)


def _http_date(text: str) -> datetime | None:
    """The UTC time an HTTP-date names, or ``None`` for any other text (never an error)."""
    for pattern in _HTTP_DATES:
        match = pattern.fullmatch(text)
        if match is None:
            continue
        month = match["month"].lower()
        if month not in _MONTHS:
            return None
        year = int(match["year"])
        if len(match["year"]) == 2:
            # RFC 9110: a two-digit year more than 50 years ahead is in the past century.
            this_year = datetime.now(UTC).year
            year += this_year - this_year % 100
            if year > this_year + 50:
                year -= 100
        try:
            return datetime(
                year,
                _MONTHS.index(month) + 1,
                int(match["day"]),
                int(match["hour"]),
                int(match["minute"]),
                min(int(match["second"]), 59),  # a leap second, 60, as the second before
                tzinfo=UTC,
            )
        except ValueError:  # 31 Feb, hour 25...
            return None
    return None


def _media_format(content_type: str | None) -> Format | None:
    if content_type is None:
        return None
    media = content_type.split(";", 1)[0].strip().lower()
    return _MEDIA_FORMATS.get(media)


def _error_class(op: object, status: int, location: str | None) -> type[ApiError]:
    to_login = (
        300 <= status < 400
        and location is not None
        and isinstance(op, ErrorAnswers)
        and op.login_redirect(location)
    )
    if status == 401 or to_login:
        return AuthenticationError
    if status in (429, 503):  # PI says 503; 429 is HTTP's own (a proxy or gateway in front)
        return RateLimitedError
    return ApiError


def read_response(
    op: OperationLike[T_co],
    status: int,
    headers: HeadersLike,
    body: bytes,
    *,
    version: int | str,
) -> T_co:
    """The response model of ``op`` from a 2xx answer; raises `ApiError` for any other.

    ``headers`` is a mapping (such as ``httpx.Headers``), a message with ``items()`` (such as
    ``http.client.HTTPMessage``) or pairs of name and value (``getheaders()``, h11's or
    ``httpx.Headers.raw``'s bytes pairs, read as ISO-8859-1); names are matched without regard
    to case. A 2xx whose body does not decode raises `UnexpectedResponseError`, a
    `DecodeError` keeping the answer. See the module documentation for how the format is
    chosen and which error is raised.
    """
    number = parse_version(version)
    if type(status) is not int or not 100 <= status <= 599:
        raise ArgumentError(f"status {status!r} is not an HTTP status code (100 to 599)")
    if isinstance(body, (bytearray, memoryview)):
        body = bytes(body)
    if not isinstance(body, bytes):
        raise TypeError(f"body must be bytes, got {type(body).__name__}")
    received = _Headers(headers)
    fmt = _media_format(received.get("content-type")) or sniff_format(body)
    if 200 <= status < 300:
        if fmt is None:
            what = "an empty body" if not body.strip() else "neither XML nor JSON"
            message = f"{what}: expected '<' or '{{' as the first significant character"
            raise UnexpectedResponseError(Problem("syntax", "$", message), status, received, body)
        try:
            return decode(body, op.response_type, version=number, format=fmt)
        except DecodeError as error:
            raise UnexpectedResponseError(error.problems, status, received, body) from error
    document = None
    if fmt is not None and isinstance(op, ErrorAnswers):
        with contextlib.suppress(CodecError):
            document = op.read_error(body, fmt)
    location = received.get("location")
    raise _error_class(op, status, location)(status, document, body, location, received)
