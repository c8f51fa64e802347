"""The server's errorDocument: both formats, the vendor's key order, read_error."""

from __future__ import annotations

import json

import pytest

import codec
from codec.errordocument import ErrorDocument, read_error

# The JSON of the vendor's API reference, keys in its order, slashes escaped.
JSON = (
    b'{"errorDocument":{"httpResponseCode":404,"httpMethod":"GET","message":"No such entity '
    b'type as unkown.-PRS-102","id":"presentation.PRS-102","uriPath":"\\/data\\/unkown",'
    b'"queryParams":"{}"}}'
)
XML = (
    b'<?xml version="1.0" ?>\n<errorDocument><httpResponseCode>404</httpResponseCode>'
    b"<httpMethod>GET</httpMethod><message>No such entity type as unkown.-PRS-102</message>"
    b"<id>presentation.PRS-102</id><uriPath>/data/unkown</uriPath>"
    b"<queryParams>{}</queryParams></errorDocument>"
)
EXPECTED = ErrorDocument(
    http_response_code=404,
    http_method="GET",
    message="No such entity type as unkown.-PRS-102",
    id="presentation.PRS-102",
    uri_path="/data/unkown",
    query_params="{}",
)
ORDER = ["httpResponseCode", "httpMethod", "message", "id", "uriPath", "queryParams"]


@pytest.mark.parametrize("body", [JSON, XML, JSON.decode(), b"\n  " + XML.split(b"\n", 1)[1]])
def test_read_error_either_format(body: bytes | str) -> None:
    """read_error decodes an error answer, the format detected from the body."""
    assert read_error(body) == EXPECTED


@pytest.mark.parametrize("version", [1, 2, 3, 4])
def test_vendor_order_in_every_version(version: int) -> None:
    """JSON keeps the vendor's key order (not alphabetical) in every version; XML too."""
    out = codec.encode(EXPECTED, version=version, format="json")
    assert [k for k, _ in json.loads(out, object_pairs_hook=list)[0][1]] == ORDER
    assert codec.encode(EXPECTED, version=version, format="xml") == XML
    if version == 1:
        assert out == JSON


def test_read_error_refuses_other_payloads() -> None:
    """A body that is not an errorDocument is a DecodeError, not a wrong value."""
    with pytest.raises(codec.DecodeError, match="errorDocument"):
        read_error(b"<mgmtResponse/>")
    with pytest.raises(codec.DecodeError, match="neither XML nor JSON"):
        read_error(b"Service Unavailable")
