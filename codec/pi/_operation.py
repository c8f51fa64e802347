"""PI's operation descriptors: one ``op`` resource of the REST API, its path, and how PI
answers a failed call.

The HTTP plumbing is generic (`codec._client`: `build_request` and `read_response` over any
`codec.OperationLike`); what is PI's lives here: the path rule (``/webacs/api/vN/op/``,
`codec.pi._urls.op_path`), the ``errorDocument`` a failed call's body holds
(`codec.pi.errordocument`), and the redirect to the login page that means the credentials were
refused. `ApiOperation` is an `OperationLike` and a `codec.ErrorAnswers`; a service module
makes it concrete for its response type (`codec.pi.jobservice.Operation`), and a user
declares an operation this library does not ship with it (public as `codec.pi.ApiOperation`).
The data API's requests (`codec.pi.query`) answer failures the same way: both take
`PiAnswers`.

Its ``method`` must be an HTTP token and its ``resource`` a relative URL path of non-empty
segments (RFC 3986 ``pchar``: letters, digits, ``-._~``, ``%XX``, ``!$&'()*+,;=:@``; no
``.`` or ``..`` segment): both reach the request line as given, so anything else (a space,
``?``, ``#``, a CR) is an `codec.ArgumentError` when the operation is declared.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Final, Generic, TypeVar

import attrs

from .._errors import ArgumentError
from .._versions import Format
from ._urls import is_login_redirect, op_path
from .errordocument import ErrorDocument, read_error

if TYPE_CHECKING:
    from .._client import HeadersLike, Params, Request

__all__ = ["ApiOperation", "PiAnswers"]

R = TypeVar("R")

#: RFC 9110 5.6.2's token: what an HTTP method is made of.
_TOKEN: Final = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+")
#: RFC 3986 3.3: segments of pchar (unreserved, %XX, sub-delims, ':' and '@'), none empty.
_SEGMENT: Final = r"(?:[A-Za-z0-9._~!$&'()*+,;=:@-]|%[0-9A-Fa-f]{2})+"
_RESOURCE: Final = re.compile(rf"{_SEGMENT}(?:/{_SEGMENT})*")


def _check(method: object, resource: object) -> None:
    """`ArgumentError` for a method that is not an HTTP token, or a resource that is not a
    relative path of non-empty pchar segments, or holds a '.' or '..' segment."""
    if not (isinstance(method, str) and _TOKEN.fullmatch(method)):
        raise ArgumentError(
            f"an operation's method must be an HTTP token such as 'DELETE', got {method!r}"
        )
    if not (isinstance(resource, str) and _RESOURCE.fullmatch(resource)):
        raise ArgumentError(
            "an operation's resource must be a path under /webacs/api/vN/op/ such as "
            f"'jobService/cancel' (no leading '/', space, '?' or '#'), got {resource!r}"
        )
    if any(segment in (".", "..") for segment in resource.split("/")):
        raise ArgumentError(f"an operation's resource must not hold '.' or '..', got {resource!r}")


class PiAnswers:
    """How PI answers a failed call, for `codec._client.read_response` (a
    `codec._client.ErrorAnswers`): the ``errorDocument`` in the body, and the redirect to
    the login page that means the credentials were refused."""

    __slots__ = ()

    def read_error(self, body: bytes, format: Format) -> ErrorDocument:
        """PI's ``errorDocument`` in the body of a failed call (`codec.DecodeError` if none)."""
        return read_error(body, format=format)

    def login_redirect(self, location: str) -> bool:
        """True for a redirect to PI's login page: the credentials were refused."""
        return is_login_redirect(location)


@attrs.frozen
class ApiOperation(PiAnswers, Generic[R]):
    """One operation of PI's REST API: its HTTP method, resource and payload types.

    Declare one for an operation this library does not ship::

        DELETE_PROFILES = ApiOperation(
            "deleteProfiles", "DELETE", "apOnboarding/profile", ProfileIds, ProfileResults
        )

    ``request_type`` is ``None`` for an operation without a body; a DELETE may have one.
    """

    name: str
    method: str
    #: The path under ``/webacs/api/vN/op/``, such as ``jobService/cancel``
    resource: str
    #: ``None`` for an operation without a body (a GET with query parameters)
    request_type: type[Any] | None
    response_type: type[R]

    def __attrs_post_init__(self) -> None:
        _check(self.method, self.resource)

    def path(self, *, version: int | str, format: str) -> str:
        """``/webacs/api/v3/op/jobService/cancelrunning.json``; XML takes no suffix."""
        return op_path(self.resource, version=version, format=format)

    def request(
        self,
        payload: object,
        *,
        version: int | str,
        format: str,
        base_url: str,
        params: Params | None = None,
    ) -> Request:
        """The HTTP request for this operation (sans-io: nothing is sent; see `codec.Request`).

        ``params`` are the query parameters (``runhistory``'s ``jobId``, ``jobName``, ...): a
        mapping, or (name, value) pairs.
        """
        from .._client import build_request  # here: the models need none of the HTTP helpers

        return build_request(
            self, payload, version=version, format=format, base_url=base_url, params=params
        )

    def response(
        self,
        status: int,
        headers: HeadersLike,
        body: bytes,
        *,
        version: int | str,
    ) -> R:
        """The decoded answer; `codec.ApiError` (and subclasses) for a failed call,
        `codec.UnexpectedResponseError` for a 2xx that does not decode."""
        from .._client import read_response

        return read_response(self, status, headers, body, version=version)
