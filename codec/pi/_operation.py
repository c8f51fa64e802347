"""PI's operation descriptors: one ``op`` resource of the REST API, its path, and how PI
answers a failed call.

The HTTP plumbing is generic (`codec._client`: `build_request` and `read_response` over any
`codec._client.OperationLike`); what is PI's lives here: the path rule (``/webacs/api/vN/op/``,
`codec.pi._urls.op_path`), the ``errorDocument`` a failed call's body holds
(`codec.pi.errordocument`), and the redirect to the login page that means the credentials were
refused. `ApiOperation` is an `OperationLike` and a `codec._client.ErrorAnswers`; a service
module makes it concrete for its response type (`codec.pi.jobservice.Operation`). The data
API's requests (`codec.pi.query`) answer failures the same way: both take `PiAnswers`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import attrs

from .._versions import Format
from ._urls import is_login_redirect, op_path
from .errordocument import ErrorDocument, read_error

if TYPE_CHECKING:
    from .._client import Request

__all__ = ["ApiOperation", "PiAnswers"]

R = TypeVar("R")


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
    """One operation of PI's REST API: its HTTP method, resource and payload types."""

    name: str
    method: str
    #: The path under ``/webacs/api/vN/op/``, such as ``jobService/cancel``
    resource: str
    #: ``None`` for an operation without a body (a GET with query parameters)
    request_type: type[Any] | None
    response_type: type[R]

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
        params: Mapping[str, str | int] | None = None,
    ) -> Request:
        """The HTTP request for this operation (sans-io: nothing is sent; see `codec.Request`).

        ``params`` are the query parameters (``runhistory``'s ``jobId``, ``jobName``, ...).
        """
        from .._client import build_request  # here: the models need none of the HTTP helpers

        return build_request(
            self, payload, version=version, format=format, base_url=base_url, params=params
        )

    def response(
        self,
        status: int,
        headers: Mapping[str, str] | Iterable[tuple[str, str]],
        body: bytes,
        *,
        version: int | str,
    ) -> R:
        """The decoded answer, or `codec.ApiError` (and subclasses) for a failed call."""
        from .._client import read_response

        return read_response(self, status, headers, body, version=version)
