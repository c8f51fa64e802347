"""Hostile input: each attack ends in a codec error (or a ``limit``/``syntax`` problem from
`validate`), with memory bounded by the input, and never reaches the file system.

Memory is measured with tracemalloc: the peak while decoding stays within a small multiple of
the input (a billion-laughs expansion would be gigabytes).
"""

from __future__ import annotations

import tracemalloc
from collections.abc import Callable
from typing import Any

import pytest

import codec
from codec.jobservice import JobRunOperationPayload, MgmtResponse, OperationResultStatus


def peak_bytes(action: Callable[[], Any]) -> int:
    """Peak memory allocated while ``action`` runs (its exception, if any, swallowed)."""
    tracemalloc.start()
    try:
        action()
    except codec.CodecError:
        pass
    finally:
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return peak


LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
    + "".join(
        f' <!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">\n'
        for i in range(1, 10)
    )
    + "]>\n<mgmtResponse><operationResult><message>&lol9;</message>"
    + "</operationResult></mgmtResponse>"
)
QUADRATIC = (
    f'<!DOCTYPE m [<!ENTITY a "{"x" * 50_000}">]>'
    f"<mgmtResponse><operationResult><message>{'&a;' * 20_000}</message>"
    "</operationResult></mgmtResponse>"
)
EXTERNAL_ENTITY = (
    '<?xml version="1.0"?><!DOCTYPE m [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    "<mgmtResponse><operationResult><message>&x;</message></operationResult></mgmtResponse>"
)
EXTERNAL_DTD = (
    '<?xml version="1.0"?><!DOCTYPE mgmtResponse SYSTEM "http://127.0.0.1:1/evil.dtd">'
    "<mgmtResponse/>"
)
PARAMETER_ENTITY = '<!DOCTYPE m [<!ENTITY % p SYSTEM "file:///etc/passwd"> %p;]><mgmtResponse/>'
PLAIN_DOCTYPE = "<!DOCTYPE mgmtResponse><mgmtResponse/>"

ENTITY_ATTACKS = {
    "billion laughs": LAUGHS,
    "quadratic blowup": QUADRATIC,
    "external entity": EXTERNAL_ENTITY,
    "external DTD": EXTERNAL_DTD,
    "parameter entity": PARAMETER_ENTITY,
    "any DOCTYPE": PLAIN_DOCTYPE,
}


@pytest.mark.parametrize("name", list(ENTITY_ATTACKS))
def test_doctype_attacks_are_refused(name: str) -> None:
    """Every DTD-borne attack is refused before expansion: a syntax error naming the DOCTYPE."""
    data = ENTITY_ATTACKS[name]
    with pytest.raises(codec.DecodeError) as info:
        codec.decode(data, MgmtResponse, version=3, format="xml")
    assert info.value.code == "syntax"
    assert "DOCTYPE" in info.value.message
    assert "root:" not in str(info.value)  # nothing from /etc/passwd made it in
    report = codec.validate(data)
    assert not report.ok
    assert report.problems[0].code == "syntax"
    assert peak_bytes(lambda: codec.decode(data, MgmtResponse, version=3, format="xml")) < (
        10 * len(data) + 5_000_000
    )


@pytest.mark.parametrize("strict", [False, True])
def test_doctype_refused_on_every_path(strict: bool) -> None:
    """Strict decoding, detection and the large-input reader refuse it too."""
    padding = "<operationResult><message>" + "x" * 600_000 + "</message></operationResult>"
    big = PLAIN_DOCTYPE.replace("<mgmtResponse/>", f"<mgmtResponse>{padding}</mgmtResponse>")
    for data in (PLAIN_DOCTYPE, big):
        with pytest.raises(codec.DecodeError, match="DOCTYPE"):
            codec.decode(data, MgmtResponse, version=2, format="xml", strict=strict)
    assert codec.detect(LAUGHS).type is None  # detection reads no further than the DOCTYPE


def test_deep_nesting_xml_is_a_limit() -> None:
    """Elements nested 100,000 deep: a limit error naming max_depth, in bounded memory."""
    data = "<mgmtResponse>" + "<x>" * 100_000 + "</x>" * 100_000 + "</mgmtResponse>"
    with pytest.raises(codec.DecodeError) as info:
        codec.decode(data, MgmtResponse, version=3, format="xml")
    assert info.value.code == "limit"
    assert "max_depth=1024" in info.value.message
    report = codec.validate(data)
    assert report.problems[0].code == "limit"
    assert peak_bytes(lambda: codec.decode(data, MgmtResponse, version=3, format="xml")) < (
        4 * len(data)
    )


def test_many_attributes_is_a_limit() -> None:
    """An element with 100,000 attributes: a limit error naming max_attributes."""
    attributes = " ".join(f'a{i}="v"' for i in range(100_000))
    data = f"<mgmtResponse><operationResult {attributes}/></mgmtResponse>"
    with pytest.raises(codec.DecodeError) as info:
        codec.decode(data, MgmtResponse, version=3, format="xml")
    assert info.value.code == "limit"
    assert "max_attributes=256" in info.value.message
    assert codec.validate(data).problems[0].code == "limit"


def test_huge_text_node_in_an_integer_is_refused_quickly() -> None:
    """50 MB of digits where an id belongs: a range error, the text never turned into an int."""
    data = b"<mgmtResponse><operationResult><failure><failure><id>" + b"9" * 50_000_000
    data += b"</id></failure></failure></operationResult></mgmtResponse>"
    with pytest.raises(codec.DecodeError) as info:
        codec.decode(data, MgmtResponse, version=3, format="xml")
    assert info.value.code == "range"
    assert info.value.path == "$.mgmtResponse.operationResult[0].failure.failure[0].id"


def test_huge_text_node_obeys_max_bytes() -> None:
    """A 50 MB message decodes within the 64 MiB default (text kept exactly); a lower
    max_bytes refuses it before parsing."""
    text = "é" * 25_000_000  # 50 MB of UTF-8
    model = MgmtResponse(operation_results=[codec.jobservice.OperationResult(message=text)])
    data = codec.encode(model, version=3, format="xml")
    assert codec.decode(data, MgmtResponse, version=3, format="xml") == model
    with pytest.raises(codec.DecodeError) as info:
        codec.decode(data, MgmtResponse, version=3, format="xml", max_bytes=10_000_000)
    assert info.value.code == "limit"
    assert "max_bytes=10000000" in info.value.message


@pytest.mark.parametrize("cut", [1, 10, 40, -40, -1])
def test_truncated_documents(cut: int) -> None:
    """A document cut anywhere is a syntax error (or, cut to nothing, still a codec error)."""
    whole = codec.encode(
        MgmtResponse(
            operation_results=[
                codec.jobservice.OperationResult(failure=[OperationResultStatus(id=1, message="m")])
            ]
        ),
        version=3,
        format="xml",
    )
    with pytest.raises(codec.DecodeError) as info:
        codec.decode(whole[:cut], MgmtResponse, version=3, format="xml")
    assert info.value.code == "syntax"


# --------------------------------------------------------------------------- JSON


def test_deep_json_is_a_limit() -> None:
    """Arrays nested 100,000 deep: a limit error, no recursion blow-up."""
    data = '{"mgmtResponse": ' + "[" * 100_000 + "]" * 100_000 + "}"
    with pytest.raises(codec.DecodeError) as info:
        codec.decode(data, MgmtResponse, version=2, format="json")
    assert info.value.code == "limit"
    assert codec.validate(data).problems[0].code == "limit"


def test_json_max_depth_below_the_parser_limit() -> None:
    """A max_depth lower than the parser's own limit is enforced too."""
    data = '{"mgmtResponse": {"x": [[[[1]]]]}}'
    assert codec.decode(data, MgmtResponse, version=2, format="json") == MgmtResponse()
    with pytest.raises(codec.DecodeError, match="max_depth=4"):
        codec.decode(data, MgmtResponse, version=2, format="json", max_depth=4)


def test_400_digit_integer_is_range_at_its_path() -> None:
    """An integer literal of 400 digits is ``range`` at its path, not a parser error."""
    data = '{"jobRunOperationPayload": {"runIds": {"runId": [1, ' + "7" * 400 + "]}}}"
    with pytest.raises(codec.DecodeError) as info:
        codec.decode(data, JobRunOperationPayload, version=3, format="json")
    assert (info.value.code, info.value.path) == (
        "range",
        "$.jobRunOperationPayload.runIds.runId[1]",
    )
    assert "400 digits" in info.value.message


@pytest.mark.parametrize("literal", ["NaN", "Infinity", "-Infinity"])
def test_nan_and_infinity_are_not_json(literal: str) -> None:
    """NaN and Infinity are syntax errors, as in strict JSON."""
    data = '{"jobRunOperationPayload": {"runIds": {"runId": [' + literal + "]}}}"
    with pytest.raises(codec.DecodeError) as info:
        codec.decode(data, JobRunOperationPayload, version=3, format="json")
    assert info.value.code == "syntax"


def test_duplicate_keys_lenient_keeps_last_strict_refuses() -> None:
    """Lenient decoding keeps the last of repeated keys; strict reports the repeat."""
    data = '{"jobRunOperationPayload": {"runIds": {"runId": [1], "runId": [2]}}}'
    assert codec.decode(data, JobRunOperationPayload, version=3, format="json").run_ids == (2,)
    with pytest.raises(codec.DecodeError) as info:
        codec.decode(data, JobRunOperationPayload, version=3, format="json", strict=True)
    assert (info.value.code, info.value.path) == ("shape", "$.jobRunOperationPayload.runIds.runId")


@pytest.mark.parametrize(
    "data",
    [
        b'{"mgmtResponse": {"@requestUrl": "\xff\xfe"}}',
        b'{"mgmtResponse": {"@requestUrl": "\xed\xa0\x80"}}',  # an encoded surrogate
        b'{"mgmtResponse": {"@requestUrl": "\\ud800"}}',  # a lone surrogate escape
        b'{"mgmtResponse": {"@requestUrl": "\\udc00\\ud800"}}',
    ],
)
def test_invalid_unicode_is_syntax(data: bytes) -> None:
    """Invalid UTF-8 and lone surrogates (raw or escaped) are syntax errors."""
    with pytest.raises(codec.DecodeError) as info:
        codec.decode(data, MgmtResponse, version=3, format="json")
    assert info.value.code == "syntax"


def test_bom_is_accepted() -> None:
    """A UTF-8 byte order mark before JSON (bytes or text) is skipped."""
    data = '{"jobRunOperationPayload": {"runIds": {"runId": [5]}}}'
    expected = JobRunOperationPayload(run_ids=[5])
    for given in (b"\xef\xbb\xbf" + data.encode(), "\ufeff" + data):
        assert codec.decode(given, JobRunOperationPayload, version=3, format="json") == expected
        assert codec.validate(given).ok


@pytest.mark.parametrize("fmt", ["xml", "json"])
def test_max_bytes_is_checked_before_parsing(fmt: str) -> None:
    """Input over max_bytes is refused up front, naming the limit."""
    data = codec.encode(JobRunOperationPayload(run_ids=list(range(1000))), version=3, format=fmt)
    with pytest.raises(codec.DecodeError) as info:
        codec.decode(data, JobRunOperationPayload, version=3, format=fmt, max_bytes=100)
    assert info.value.code == "limit"
    assert f"input of {len(data)} bytes exceeds max_bytes=100" in info.value.message
    report = codec.validate(data, max_bytes=100)
    assert report.problems[0].code == "limit"


@pytest.mark.parametrize("value", [0, -1, True, 1.5, "10"])
def test_limits_must_be_positive_integers(value: Any) -> None:
    """A limit that is not a positive integer is an argument error."""
    with pytest.raises(codec.ArgumentError, match="max_depth"):
        codec.decode("{}", MgmtResponse, version=1, format="json", max_depth=value)
