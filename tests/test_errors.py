"""Bad input gets a `codec` error that says what and where; errors behave like data."""

from __future__ import annotations

import pickle
from typing import Any

import pytest

import codec
from codec.jobservice import (
    JobRunOperationPayload,
    MgmtResponse,
    OperationEnum,
    OperationResult,
    OperationResultStatus,
)

FAILURE_1 = "$.mgmtResponse.operationResult[0].failure.failure[1].id"


def _json_status(id_literal: str) -> str:
    return (
        '{"mgmtResponse": {"operationResult": [{"failure": {"failure": '
        f'[{{"id": 1}}, {{"id": {id_literal}}}]}}}}]}}}}'
    )


def _xml_status(id_text: str) -> str:
    return (
        "<mgmtResponse><operationResult><failure><failure><id>1</id></failure>"
        f"<failure><id>{id_text}</id></failure></failure></operationResult></mgmtResponse>"
    )


# (format, payload, code, path, words the message must contain)
DECODE_CASES: list[tuple[str, str, str, str, tuple[str, ...]]] = [
    ("json", _json_status('"abc"'), "type", FAILURE_1, ("integer", "'abc'")),
    ("json", _json_status("true"), "type", FAILURE_1, ("integer", "boolean true")),
    ("json", _json_status("1.5"), "type", FAILURE_1, ("integer", "1.5")),
    ("json", _json_status("null"), "missing", FAILURE_1, ("'id'",)),
    ("json", _json_status('"01"'), "type", FAILURE_1, ("integer", "'01'")),
    (
        "json",
        _json_status("9223372036854775808"),
        "range",
        FAILURE_1,
        ("64-bit", "9223372036854775808"),
    ),
    ("json", _json_status("-9223372036854775809"), "range", FAILURE_1, ("64-bit",)),
    ("json", _json_status("18446744073709551616"), "range", FAILURE_1, ("64-bit",)),
    ("json", _json_status("{}"), "type", FAILURE_1, ("integer", "object")),
    ("xml", _xml_status("abc"), "type", FAILURE_1, ("integer", "'abc'")),
    ("xml", _xml_status(" 2"), "type", FAILURE_1, ("integer", "' 2'")),
    ("xml", _xml_status("+2"), "type", FAILURE_1, ("integer",)),
    ("xml", _xml_status("02"), "type", FAILURE_1, ("integer",)),
    ("xml", _xml_status("1_000"), "type", FAILURE_1, ("integer",)),
    ("xml", _xml_status("\u0663"), "type", FAILURE_1, ("integer",)),
    ("xml", _xml_status(""), "type", FAILURE_1, ("integer", "''")),
    ("xml", _xml_status("9223372036854775808"), "range", FAILURE_1, ("64-bit",)),
    ("xml", _xml_status("1<x/>"), "type", FAILURE_1, ("text", "<x>")),
    (
        "json",
        '{"mgmtResponse": {"@requestUrl": 5}}',
        "type",
        "$.mgmtResponse['@requestUrl']",
        ("string", "integer 5"),
    ),
    (
        "json",
        '{"mgmtResponse": {"operationResult": "x"}}',
        "type",
        "$.mgmtResponse.operationResult",
        ("object", "'x'"),
    ),
    ("json", '{"mgmtRespons": {}}', "root", "$", ("'mgmtResponse'", "'mgmtRespons'")),
    ("json", "[1]", "root", "$", ("'mgmtResponse'", "array")),
    ("json", '{"mgmtResponse": ', "syntax", "$", ("JSON",)),
    ("json", "", "syntax", "$", ("JSON",)),
    ("xml", "<errorDocument/>", "root", "$", ("'mgmtResponse'", "'errorDocument'")),
    ("xml", "<mgmtResponse><operationResult>", "syntax", "$", ("XML", "no element found")),
    ("xml", "", "syntax", "$", ("XML",)),
    ("xml", '<!DOCTYPE m [<!ENTITY a "b">]><mgmtResponse/>', "syntax", "$", ("DOCTYPE",)),
]


@pytest.mark.parametrize(("fmt", "data", "code", "path", "words"), DECODE_CASES)
def test_decode_error_says_what_and_where(
    fmt: str, data: str, code: str, path: str, words: tuple[str, ...], version: int
) -> None:
    """Each bad payload is a DecodeError with its code, JSON path and a telling message."""
    with pytest.raises(codec.DecodeError) as info:
        codec.decode(data, MgmtResponse, version=version, format=fmt)
    error = info.value
    assert (error.code, error.path) == (code, path)
    for word in words:
        assert word in error.message
    assert isinstance(error, codec.CodecError)
    assert isinstance(error, ValueError)


def test_xml_errors_carry_element_path_line_and_column() -> None:
    """An XML problem names the element path (1-based indices), line and column."""
    data = _xml_status("abc").replace("<failure><id>abc", "\n  <failure><id>abc")
    with pytest.raises(codec.DecodeError) as info:
        codec.decode(data, MgmtResponse, version=2, format="xml")
    problem = info.value.problems[0]
    assert problem.xml_path == "/mgmtResponse/operationResult[1]/failure/failure[2]/id"
    assert problem.line == 2
    assert problem.column is not None
    assert problem.column > 1


def test_list_item_error_has_index() -> None:
    """A bad item in an integer list is reported at its index, in both formats."""
    for fmt, data in [
        ("json", '{"jobRunOperationPayload": {"runIds": {"runId": [1, "x"]}}}'),
        (
            "xml",
            "<jobRunOperationPayload><runIds><runId>1</runId><runId>x</runId></runIds>"
            "</jobRunOperationPayload>",
        ),
    ]:
        with pytest.raises(codec.DecodeError) as info:
            codec.decode(data, JobRunOperationPayload, version=3, format=fmt)
        assert info.value.path == "$.jobRunOperationPayload.runIds.runId[1]"


ENCODE_CASES: list[tuple[Any, str, str]] = [
    (
        MgmtResponse(
            operation_results=[
                OperationResult(
                    failure=[
                        OperationResultStatus(id=1),
                        OperationResultStatus(id="x"),  # type: ignore[arg-type]
                    ]
                )
            ]
        ),
        "type",
        FAILURE_1,
    ),
    (
        MgmtResponse(
            operation_results=[
                OperationResult(
                    failure=[
                        OperationResultStatus(id=1),
                        OperationResultStatus(id=2**63),
                    ]
                )
            ]
        ),
        "range",
        FAILURE_1,
    ),
    (
        MgmtResponse(operation_results=[OperationResult(operation=5)]),  # type: ignore[arg-type]
        "type",
        "$.mgmtResponse.operationResult[0].operation",
    ),
    (
        MgmtResponse(operation_results=["x"]),  # type: ignore[list-item]
        "type",
        "$.mgmtResponse.operationResult[0]",
    ),
    (JobRunOperationPayload(run_ids=[1, True]), "type", "$.jobRunOperationPayload.runIds.runId[1]"),
    (MgmtResponse(request_url="a\ud800b"), "type", "$.mgmtResponse['@requestUrl']"),
]


@pytest.mark.parametrize(("model", "code", "path"), ENCODE_CASES)
def test_encode_error_says_what_and_where(model: Any, code: str, path: str, fmt: str) -> None:
    """A model that cannot be written is an EncodeError at the path it would have had."""
    with pytest.raises(codec.EncodeError) as info:
        codec.encode(model, version=2, format=fmt)
    assert (info.value.code, info.value.path) == (code, path)


@pytest.mark.parametrize("char", ["\x00", "\x08", "\x1f", "\ufffe", "\ud800"])
def test_xml_refuses_unwritable_characters(char: str) -> None:
    """XML 1.0 cannot carry these: the encoder names the field instead of writing broken XML."""
    model = MgmtResponse(operation_results=[OperationResult(message=f"a{char}b")])
    with pytest.raises(codec.EncodeError) as info:
        codec.encode(model, version=3, format="xml")
    assert info.value.path == "$.mgmtResponse.operationResult[0].message"
    assert f"U+{ord(char):04X}" in info.value.message


def test_json_writes_control_characters_as_escapes() -> None:
    """JSON carries control characters (escaped); they come back exactly."""
    model = MgmtResponse(operation_results=[OperationResult(message="a\x00\x1fb")])
    data = codec.encode(model, version=3, format="json")
    assert b"\\u0000" in data
    assert codec.decode(data, MgmtResponse, version=3, format="json") == model


@pytest.mark.parametrize("version", [0, 5, "v5", "V1", "1", 1.0, True, None, [1]])
def test_bad_version_is_an_argument_error(version: Any) -> None:
    """Only 1..4 and 'v1'..'v4' are versions; the error lists what is accepted."""
    with pytest.raises(codec.ArgumentError, match="'v4'"):
        codec.codec_for(MgmtResponse, version=version, format="xml")


@pytest.mark.parametrize("fmt", ["XML", "yaml", "", None, b"xml"])
def test_bad_format_is_an_argument_error(fmt: Any) -> None:
    """Only 'xml' and 'json' are formats."""
    with pytest.raises(codec.ArgumentError, match="'xml' or 'json'"):
        codec.encode(JobRunOperationPayload(), version=1, format=fmt)


def test_nested_model_is_not_a_payload() -> None:
    """Only models with a root element can be encoded or decoded on their own."""
    with pytest.raises(codec.ArgumentError, match="top-level"):
        codec.encode(OperationResult(), version=1, format="xml")


def test_errors_pickle_compare_and_print_the_same() -> None:
    """Errors are values: a pickle round trip keeps type, problems, equality and text."""
    with pytest.raises(codec.DecodeError) as info:
        codec.decode(_xml_status("abc"), MgmtResponse, version=1, format="xml")
    error = info.value
    again = pickle.loads(pickle.dumps(error))
    assert again == error
    assert type(again) is codec.DecodeError
    assert str(again) == str(error)
    assert again.problems == error.problems
    assert hash(again) == hash(error)
    assert FAILURE_1 in str(error)


def test_constructors_refuse_strings_as_lists() -> None:
    """A string is not a list of ids: ``run_ids="15"`` would otherwise be ('1', '5')."""
    with pytest.raises(TypeError, match="list or tuple"):
        JobRunOperationPayload(run_ids="15")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("fmt", "data"),
    [
        ("json", '{"mgmtResponse": {"operationResult": {"operation": "STOP"}}}'),
        (
            "xml",
            "<mgmtResponse><operationResult><operation>STOP</operation>"
            "</operationResult></mgmtResponse>",
        ),
    ],
)
def test_lenient_keeps_unknown_operation(fmt: str, data: str, version: int) -> None:
    """An operation this library does not know is kept as text and written back as received."""
    model = codec.decode(data, MgmtResponse, version=version, format=fmt)
    assert model.operation_results[0].operation == "STOP"
    again = codec.encode(model, version=version, format=fmt)
    assert b"STOP" in again
    assert codec.decode(again, MgmtResponse, version=version, format=fmt) == model


def test_open_enum_constructor_normalises_known_values() -> None:
    """A known value given as text is its member, as decoding makes it."""
    assert OperationResult(operation="CANCEL").operation is OperationEnum.CANCEL
    assert OperationResult(operation="CANCEL") == OperationResult(operation=OperationEnum.CANCEL)


def test_enum_values() -> None:
    """OperationEnum has exactly the vendor's four values."""
    assert [m.value for m in OperationEnum] == ["SUSPEND", "RESUME", "CANCEL", "CANCELRUNNING"]


@pytest.mark.parametrize("fmt", ["xml", "json"])
def test_bad_item_deep_in_a_long_list_is_located(fmt: str) -> None:
    """An item the fast path cannot write is found again and located, index and field."""
    statuses = [OperationResultStatus(id=i, message="fine & <ok>") for i in range(50)]
    bad = "\x00" if fmt == "xml" else "\ud800"
    statuses[37] = OperationResultStatus(id=37, message=f"a{bad}b")
    model = MgmtResponse(operation_results=[OperationResult(failure=statuses)])
    with pytest.raises(codec.EncodeError) as info:
        codec.encode(model, version=3, format=fmt)
    assert info.value.path == "$.mgmtResponse.operationResult[0].failure.failure[37].message"


@pytest.mark.parametrize("bad_at", [0, 4095, 4096, 5000, 9999])
def test_bad_id_in_a_long_xml_list_is_located(bad_at: int) -> None:
    """Ids converted in batches are still reported at their own index."""
    ids = [f"<runId>{i}</runId>" for i in range(10_000)]
    ids[bad_at] = "<runId>0x1</runId>"
    data = f"<jobRunOperationPayload><runIds>{''.join(ids)}</runIds></jobRunOperationPayload>"
    with pytest.raises(codec.DecodeError) as info:
        codec.decode(data, JobRunOperationPayload, version=2, format="xml")
    assert info.value.path == f"$.jobRunOperationPayload.runIds.runId[{bad_at}]"
    assert "'0x1'" in info.value.message
