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
* A 2xx answer decodes, leniently, to the operation's response model; a 2xx body that does
  not decode raises `DecodeError`.
* Any other status raises `ApiError` carrying the status, the decoded error document when
  the operation reads its API's (`ErrorAnswers`, as `codec.pi`'s operations do) and the body
  holds one (read in the format chosen above, else ``None``: a body that does not decode never
  raises a codec error of its own), the raw body and the ``Location`` header. Subclasses:
  `AuthenticationError` for a 401, or a redirect (3xx) to what the operation takes for its
  API's login page (`ErrorAnswers.login_redirect`); `RateLimitedError` for a 503. A redirect
  elsewhere is a plain `ApiError`. Clients should not follow redirects, or the login redirect
  is lost.
* `ApiError` is a `CodecError` (so a `ValueError`) and, like every codec error, a value built
  from its ``args``: it pickles, compares equal and prints the same after a round trip.
"""

from __future__ import annotations

import contextlib
import ipaddress
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
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
    "OperationLike",
    "Params",
    "RateLimitedError",
    "Request",
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
    """What the helpers need of an operation (`codec.jobservice.Operation` is one; it is also
    an `ErrorAnswers`)."""

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


@final
class _Headers(Mapping[str, str]):
    """A read-only mapping of header names to values; look-ups ignore the names' case."""

    __slots__ = ("_items",)

    def __init__(self, items: Iterable[tuple[str, str]]) -> None:
        self._items = tuple((str(k), str(v)) for k, v in items)

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

    def __hash__(self) -> int:
        return hash(frozenset((k.lower(), v) for k, v in self._items))

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self._items,))

    def __repr__(self) -> str:
        return f"Headers({dict(self._items)!r})"


def _frozen_headers(headers: Mapping[str, str] | Iterable[tuple[str, str]]) -> Mapping[str, str]:
    if isinstance(headers, _Headers):
        return headers
    return _Headers(headers.items() if isinstance(headers, Mapping) else headers)


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


class ApiError(CodecError):
    """A call that the server did not answer with 2xx: ``status``, the error document when the
    body holds one (PI's ``errorDocument``; else ``None``), the raw ``body`` and the
    ``Location`` header of a redirect. A document's ``message`` and ``id`` attributes, when it
    has them, are in the message."""

    #: Added to the message by subclasses: what the status usually means.
    hint: str = ""

    def __init__(
        self,
        status: int,
        error_document: Any = None,
        body: bytes = b"",
        location: str | None = None,
    ) -> None:
        super().__init__(status, error_document, body, location)

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

    def __str__(self) -> str:
        try:
            from http import HTTPStatus  # here, not at import: http costs every client

            phrase = " " + HTTPStatus(self.status).phrase
        except ValueError:
            phrase = ""
        text = f"HTTP {self.status}{phrase}"
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
    """The server answered 503: too many calls; retry later."""

    hint = "rate limited: retry later"


def _header_pairs(headers: object) -> list[tuple[str, str]]:
    items_of = getattr(headers, "items", None)  # a mapping, or a message such as urllib's
    items: object = items_of() if callable(items_of) else headers
    if isinstance(items, (str, bytes)) or not isinstance(items, Iterable):
        raise TypeError(
            f"headers must be a mapping or pairs of name and value, got {type(headers).__name__}"
        )
    pairs: list[tuple[str, str]] = []
    for item in items:
        if not (isinstance(item, tuple) and len(item) == 2):
            raise TypeError(f"headers must be pairs of name and value, got {item!r}")
        name, value = item
        pairs.append((str(name).lower(), str(value)))
    return pairs


def _header(pairs: list[tuple[str, str]], name: str) -> str | None:
    return next((value for key, value in pairs if key == name), None)


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
    if status == 503:
        return RateLimitedError
    return ApiError


def read_response(
    op: OperationLike[T_co],
    status: int,
    headers: Mapping[str, str] | Iterable[tuple[str, str]],
    body: bytes,
    *,
    version: int | str,
) -> T_co:
    """The response model of ``op`` from a 2xx answer; raises `ApiError` for any other.

    ``headers`` is a mapping (such as ``httpx.Headers``) or pairs of name and value (such as
    ``http.client.HTTPResponse.getheaders()``); names are matched without regard to case. See
    the module documentation for how the format is chosen and which error is raised.
    """
    number = parse_version(version)
    if type(status) is not int or not 100 <= status <= 599:
        raise ArgumentError(f"status {status!r} is not an HTTP status code (100 to 599)")
    if isinstance(body, (bytearray, memoryview)):
        body = bytes(body)
    if not isinstance(body, bytes):
        raise TypeError(f"body must be bytes, got {type(body).__name__}")
    pairs = _header_pairs(headers)
    fmt = _media_format(_header(pairs, "content-type")) or sniff_format(body)
    if 200 <= status < 300:
        if fmt is None:
            what = "an empty body" if not body.strip() else "neither XML nor JSON"
            message = f"{what}: expected '<' or '{{' as the first significant character"
            raise DecodeError(Problem("syntax", "$", message))
        return decode(body, op.response_type, version=number, format=fmt)
    document = None
    if fmt is not None and isinstance(op, ErrorAnswers):
        with contextlib.suppress(CodecError):
            document = op.read_error(body, fmt)
    location = _header(pairs, "location")
    raise _error_class(op, status, location)(status, document, body, location)
