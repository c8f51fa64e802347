"""The server's error answer, ``errorDocument``, and `read_error` to decode one.

PI answers a failed call (4xx, 5xx) with an ``errorDocument`` instead of the resource's payload,
in the format that was asked for. Its JSON keys come in the vendor's order
(``httpResponseCode``, ``httpMethod``, ``message``, ``id``, ``uriPath``, ``queryParams``), which
is not alphabetical, in every version; XML has the same children in the same order.
"""

from __future__ import annotations

from typing import ClassVar

from .._api import decode
from .._errors import DecodeError, Problem
from .._fields import element, model
from .._parse import sniff_format
from ._urls import ENVELOPE_URLS, EnvelopeUrls

__all__ = ["ErrorDocument", "read_error"]


@model(root="errorDocument", declared_order=True)
class ErrorDocument:
    """A failed call: the HTTP status and method, the server's message and error id, the path
    and the query parameters (as the server printed them, e.g. ``"{}"``)."""

    __codec_version_urls__: ClassVar[EnvelopeUrls] = ENVELOPE_URLS

    http_response_code: int | None = element(default=None)
    http_method: str | None = element(default=None)
    message: str | None = element(default=None)
    id: str | None = element(default=None)
    uri_path: str | None = element(default=None)
    query_params: str | None = element(default=None)


def read_error(body: bytes | str, *, format: str | None = None) -> ErrorDocument:
    """Decode an error answer, XML or JSON (detected from the body unless given).

    Decoding is lenient and the same in every version. Raises `DecodeError` when the body
    is not an ``errorDocument``.
    """
    fmt = format or sniff_format(body)
    if fmt is None:
        message = "neither XML nor JSON: expected '<' or '{' as the first significant character"
        raise DecodeError(Problem("syntax", "$", message))
    return decode(body, ErrorDocument, version=4, format=fmt)
