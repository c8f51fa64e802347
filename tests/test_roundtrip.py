"""Round trips for every model, version and format, from fixed cases and from Hypothesis."""

from __future__ import annotations

from typing import Any

import orjson
import pytest
from hypothesis import given

import codec
from codec.jobservice import (
    JobOperationPayload,
    JobRunOperationPayload,
    MgmtResponse,
    OperationEnum,
    OperationResult,
    OperationResultStatus,
)

from .strategies import INT64_MAX, INT64_MIN, any_payload

TEXTS = [
    "",
    " padded ",
    " a\n b ",
    "& < > \" ' &amp;",
    "tab\tand\r\nCRLF",
    "é ü ß 中文",
    "\U0001f600",
]


def _status(i: int, text: str = "String value") -> OperationResultStatus:
    return OperationResultStatus(id=i, message=text, status=text)


FIXED: list[Any] = [
    JobOperationPayload(job_ids=[1]),
    JobOperationPayload(job_ids=[INT64_MIN, 0, INT64_MAX]),
    JobRunOperationPayload(run_ids=[15]),
    JobRunOperationPayload(run_ids=list(range(50))),
    MgmtResponse(),
    MgmtResponse(operation_results=[OperationResult()]),
    MgmtResponse(operation_results=[OperationResult(), OperationResult(message="")]),
    *[
        MgmtResponse(
            response_type=text,
            request_url=text,
            operation_results=[
                OperationResult(
                    failure=[_status(INT64_MIN, text)],
                    message=text,
                    operation=op,
                    success=[_status(INT64_MAX, text), _status(0)],
                )
            ],
        )
        for text, op in zip(TEXTS, list(OperationEnum) * 2, strict=False)
    ],
]


@pytest.mark.parametrize("model", FIXED)
def test_fixed_round_trip(model: Any, version: int, fmt: str) -> None:
    """decode(encode(m)) == m for empty, one-item and many-item lists and awkward text."""
    data = codec.encode(model, version=version, format=fmt)
    assert codec.decode(data, type(model), version=version, format=fmt) == model


@given(any_payload)
def test_property_round_trip(model: Any) -> None:
    """decode(encode(m)) == m, deterministic output, both formats agree, in every version."""
    for version in (1, 2, 3, 4):
        decoded = []
        for fmt in ("xml", "json"):
            data = codec.encode(model, version=version, format=fmt)
            assert codec.encode(model, version=version, format=fmt) == data
            decoded.append(codec.decode(data, type(model), version=version, format=fmt))
        assert decoded == [model, model]


def _shapes(value: Any, out: list[str]) -> None:
    """Collect the JSON type of every list-bearing key's value ('list' or 'single')."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key in ("runId", "jobId", "failure", "success", "operationResult") and not (
                key in ("failure", "success") and isinstance(item, dict) and key in item
            ):
                out.append("list" if isinstance(item, list) else "single")
            _shapes(item, out)
    elif isinstance(value, list):
        for item in value:
            _shapes(item, out)


@pytest.mark.parametrize("count", [1, 2, 3])
def test_v1_collapses_exactly_one_item(count: int, version: int) -> None:
    """v1 writes a one-item list as the item and longer lists as arrays; v2+ always arrays."""
    status = [_status(i) for i in range(count)]
    model = MgmtResponse(
        operation_results=[OperationResult(failure=status, success=status)] * count
    )
    shapes: list[str] = []
    _shapes(orjson.loads(codec.encode(model, version=version, format="json")), shapes)
    assert len(shapes) == 1 + 2 * count
    expected = "single" if version == 1 and count == 1 else "list"
    assert set(shapes) == {expected}


def test_v2_keys_are_sorted_and_v1_keys_in_xml_order() -> None:
    """v1 JSON keeps attribute-then-element XML order; v2+ sorts keys at every level."""
    model = MgmtResponse(response_type="operation", request_url="u", root_url="r")
    v1 = list(orjson.loads(codec.encode(model, version=1, format="json"))["mgmtResponse"])
    v2 = list(orjson.loads(codec.encode(model, version=2, format="json"))["mgmtResponse"])
    assert v1 == ["@responseType", "@requestUrl", "@rootUrl"]
    assert v2 == ["@requestUrl", "@responseType", "@rootUrl"]


def test_v1_escapes_slashes_v2_does_not() -> None:
    """v1 writes ``/`` as ``\\/`` like its server; later versions write it plain."""
    model = MgmtResponse(request_url="https://h/x")
    assert b'"https:\\/\\/h\\/x"' in codec.encode(model, version=1, format="json")
    assert b'"https://h/x"' in codec.encode(model, version=2, format="json")


def test_empty_lists_are_left_out(version: int) -> None:
    """An empty list writes nothing at all, in both formats."""
    model = MgmtResponse(response_type="x", operation_results=[OperationResult(message="m")])
    assert b"failure" not in codec.encode(model, version=version, format="xml")
    assert b"failure" not in codec.encode(model, version=version, format="json")


@pytest.mark.parametrize("fmt", ["xml", "json"])
@pytest.mark.parametrize("cls", [JobOperationPayload, JobRunOperationPayload])
def test_an_empty_required_list_is_not_encoded(cls: Any, fmt: str) -> None:
    """A list declared ``required=True`` that is empty is an EncodeError (code ``missing``),
    not a payload that validation would then call incomplete."""
    for version in codec.VERSIONS:
        with pytest.raises(codec.EncodeError) as caught:
            codec.encode(cls(), version=version, format=fmt)
        assert caught.value.code == "missing"
        assert caught.value.path.endswith(("jobIds", "runIds"))


def test_xml_output_is_exact() -> None:
    """XML: declaration, declared child order, attribute order, escaping of & < > and CR."""
    model = MgmtResponse(
        response_type='a"b',
        request_url="x\ty\nz",
        operation_results=[OperationResult(message="<&>\r", operation=OperationEnum.CANCEL)],
    )
    assert codec.encode(model, version=2, format="xml") == (
        b'<?xml version="1.0" ?>\n<mgmtResponse responseType="a&quot;b" requestUrl="x&#9;y&#10;z">'
        b"<operationResult><message>&lt;&amp;&gt;&#13;</message><operation>CANCEL</operation>"
        b"</operationResult></mgmtResponse>"
    )


@pytest.mark.parametrize(
    ("wrapper", "expected"),
    [
        ("", ()),
        ('"failure": null,', ()),
        ('"failure": {},', ()),
        ('"failure": [],', ()),
        ('"failure": {"failure": null},', ()),
        ('"failure": {"failure": []},', ()),
        ('"failure": {"failure": {"id": 7}},', (OperationResultStatus(id=7),)),
        ('"failure": {"failure": [{"id": 7}]},', (OperationResultStatus(id=7),)),
    ],
)
def test_json_wrapper_forms(wrapper: str, expected: tuple[Any, ...], version: int) -> None:
    """An absent, null, {} or [] wrapper is an empty list; either list shape is read."""
    data = '{"mgmtResponse": {"operationResult": {' + wrapper + '"message": "m"}}}'
    model = codec.decode(data, MgmtResponse, version=version, format="json")
    assert model.operation_results[0].failure == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("", ()),
        ("<failure/>", ()),
        ("<failure></failure>", ()),
        ("<failure>\n  </failure>", ()),
        ("<failure><failure><id>7</id></failure></failure>", (OperationResultStatus(id=7),)),
    ],
)
def test_xml_wrapper_forms(body: str, expected: tuple[Any, ...]) -> None:
    """An absent or empty wrapper element is an empty list."""
    data = f"<mgmtResponse><operationResult>{body}</operationResult></mgmtResponse>"
    model = codec.decode(data, MgmtResponse, version=3, format="xml")
    assert model.operation_results[0].failure == expected


def test_unwrapped_empty_object_is_one_item(version: int) -> None:
    """``"operationResult": {}`` is one item with empty fields, not an empty list."""
    data = b'{"mgmtResponse": {"operationResult": {}}}'
    model = codec.decode(data, MgmtResponse, version=version, format="json")
    assert model.operation_results == (OperationResult(),)
    assert codec.decode(
        b"<mgmtResponse><operationResult/></mgmtResponse>",
        MgmtResponse,
        version=version,
        format="xml",
    ).operation_results == (OperationResult(),)


def test_text_is_never_stripped() -> None:
    """Element text is taken exactly; an empty element is the empty string, absence None."""
    data = (
        "<mgmtResponse><operationResult><failure><failure><id>1</id>"
        "<message>  a\n b  </message><status></status></failure></failure>"
        "</operationResult></mgmtResponse>"
    )
    status = (
        codec.decode(data, MgmtResponse, version=1, format="xml").operation_results[0].failure[0]
    )
    assert status == OperationResultStatus(id=1, message="  a\n b  ", status="")


def test_unknown_content_is_skipped_when_lenient() -> None:
    """Unknown elements (with their subtrees), attributes and keys do not disturb decoding."""
    xml = (
        '<jobRunOperationPayload extra="1"><x><runIds><runId>9</runId></runIds></x>'
        "<runIds><runId>1</runId><other>t</other><runId>2</runId></runIds></jobRunOperationPayload>"
    )
    json = '{"jobRunOperationPayload": {"x": 1, "runIds": {"runId": [1, 2], "y": 0}}, "z": 2}'
    expected = JobRunOperationPayload(run_ids=[1, 2])
    assert codec.decode(xml, JobRunOperationPayload, version=1, format="xml") == expected
    assert codec.decode(json, JobRunOperationPayload, version=1, format="json") == expected
