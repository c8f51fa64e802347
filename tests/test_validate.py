"""`validate`, strict decoding and `detect`: every problem of a payload, with where it is.

The table below is written from the rules of each API version, not from what the library
answers: each case lists all the problems of its payload, in document order, as (code, path)
pairs, and for several XML cases the element path, line and column of each problem as well.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest

import codec
from codec.jobservice import (
    JobOperationPayload,
    JobRunOperationPayload,
    MgmtResponse,
)

from .support import SAMPLE_VERSIONS as GOLDEN_CASES

GOLDEN = Path(__file__).parent / "golden"


@codec.model(root="probe")
class Probe:
    """A payload with a numeric attribute, which none of the shipped models has."""

    count: int | None = codec.attribute(default=None)
    label: str | None = codec.element(default=None)


J = JobOperationPayload
R = JobRunOperationPayload
M = MgmtResponse

OR0 = "$.mgmtResponse.operationResult[0]"
OR = "$.mgmtResponse.operationResult"  # a collapsed (v1 JSON) single item
JOB_IDS = "$.jobOperationPayload.jobIds"
RUN_IDS = "$.jobRunOperationPayload.runIds"
V1_URL = "https://localhost/webacs/api/v1/op/jobService/cancel"
V2_URL = "https://localhost/webacs/api/v2/op/jobService/cancel"
V3_URL = "https://localhost/webacs/api/v3/op/jobService/cancel"


def lines(*parts: str) -> str:
    """A multi-line payload, so that problems sit on different lines."""
    return "\n".join(parts)


Expected = list[tuple[str, str]]
#: (xml_path, line, column) of each problem, in the order of the problems
Locations = list[tuple[str, int, int]] | None
Case = tuple[str, str, int, type[Any], str | bytes, Expected, Locations]

# (id, format, version, type, payload, [(code, path), ...], XML locations or None)
CASES: list[Case] = [
    # ------------------------------------------------------------------ syntax
    (
        "json-truncated",
        "json",
        2,
        R,
        '{"jobRunOperationPayload": {"runIds": ',
        [("syntax", "$")],
        None,
    ),
    ("json-bad-token", "json", 1, M, '{"mgmtResponse": {,}}', [("syntax", "$")], None),
    ("json-empty", "json", 3, J, "", [("syntax", "$")], None),
    ("json-binary", "json", 4, M, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", [("syntax", "$")], None),
    (
        "xml-truncated",
        "xml",
        3,
        J,
        lines("<jobOperationPayload>", "  <jobIds>"),
        [("syntax", "$")],
        None,
    ),
    (
        "xml-doctype",
        "xml",
        2,
        M,
        lines('<!DOCTYPE mgmtResponse [<!ENTITY a "b">]>', "<mgmtResponse/>"),
        [("syntax", "$")],
        None,
    ),
    ("xml-empty", "xml", 1, R, b"", [("syntax", "$")], None),
    ("xml-binary", "xml", 1, M, b"\x00\xff\xfe\x80garbage", [("syntax", "$")], None),
    ("xml-two-roots", "xml", 4, J, "<jobOperationPayload/><x/>", [("syntax", "$")], None),
    # ------------------------------------------------------------------ root
    ("json-wrong-root", "json", 1, M, '{"mgmtRespons": {}}', [("root", "$")], None),
    ("json-array-root", "json", 3, R, "[15]", [("root", "$")], None),
    (
        "json-other-payload",
        "json",
        2,
        J,
        '{"jobRunOperationPayload": {"runIds": {"runId": [1]}}}',
        [("root", "$")],
        None,
    ),
    (
        "xml-wrong-root",
        "xml",
        4,
        M,
        lines("<errorDocument>", "  <message>x</message>", "</errorDocument>"),
        [("root", "$")],
        [("/errorDocument", 1, 1)],
    ),
    (
        "xml-other-payload",
        "xml",
        2,
        J,
        "<jobRunOperationPayload><runIds><runId>1</runId></runIds></jobRunOperationPayload>",
        [("root", "$")],
        None,
    ),
    # ------------------------------------------------------------------ type
    (
        "json-id-not-a-number",
        "json",
        2,
        M,
        '{"mgmtResponse": {"operationResult": [{"failure": {"failure": '
        '[{"id": 1}, {"id": "abc"}]}}]}}',
        [("type", f"{OR0}.failure.failure[1].id")],
        None,
    ),
    (
        "json-number-as-string",
        "json",
        2,
        R,
        '{"jobRunOperationPayload": {"runIds": {"runId": ["2"]}}}',
        [("type", f"{RUN_IDS}.runId[0]")],
        None,
    ),
    (
        "json-v1-element-number-as-string",
        "json",
        1,
        J,
        '{"jobOperationPayload": {"jobIds": {"jobId": "7"}}}',
        [("type", f"{JOB_IDS}.jobId")],
        None,
    ),
    (
        "json-url-a-number",
        "json",
        4,
        M,
        '{"mgmtResponse": {"@requestUrl": 5}}',
        [("type", "$.mgmtResponse['@requestUrl']")],
        None,
    ),
    (
        "json-operation-a-number",
        "json",
        3,
        M,
        '{"mgmtResponse": {"operationResult": [{"operation": 5}]}}',
        [("type", f"{OR0}.operation")],
        None,
    ),
    (
        "json-run-id-boolean",
        "json",
        1,
        R,
        '{"jobRunOperationPayload": {"runIds": {"runId": true}}}',
        [("type", f"{RUN_IDS}.runId")],
        None,
    ),
    (
        "xml-id-not-a-number",
        "xml",
        1,
        M,
        lines(
            "<mgmtResponse>",
            "  <operationResult>",
            "    <failure>",
            "      <failure><id>1</id></failure>",
            "      <failure><id>abc</id></failure>",
            "    </failure>",
            "  </operationResult>",
            "</mgmtResponse>",
        ),
        [("type", f"{OR0}.failure.failure[1].id")],
        [("/mgmtResponse/operationResult[1]/failure/failure[2]/id", 5, 16)],
    ),
    (
        "xml-job-id-fraction",
        "xml",
        3,
        J,
        lines(
            "<jobOperationPayload>",
            "  <jobIds>",
            "    <jobId>1.5</jobId>",
            "  </jobIds>",
            "</jobOperationPayload>",
        ),
        [("type", f"{JOB_IDS}.jobId[0]")],
        [("/jobOperationPayload/jobIds/jobId[1]", 3, 5)],
    ),
    (
        "json-v2-attribute-number-as-string",
        "json",
        2,
        Probe,
        '{"probe": {"@count": "5"}}',
        [("type", "$.probe['@count']")],
        None,
    ),
    (
        "xml-attribute-not-a-number",
        "xml",
        3,
        Probe,
        lines("", '<probe count="x"/>'),
        [("type", "$.probe['@count']")],
        [("/probe/@count", 2, 1)],
    ),
    # ------------------------------------------------------------------ range
    (
        "json-id-too-big",
        "json",
        3,
        M,
        '{"mgmtResponse": {"operationResult": [{"success": {"success": '
        '[{"id": 9223372036854775808}]}}]}}',
        [("range", f"{OR0}.success.success[0].id")],
        None,
    ),
    (
        "json-run-id-float-too-big",
        "json",
        2,
        R,
        '{"jobRunOperationPayload": {"runIds": {"runId": [18446744073709551616]}}}',
        [("range", f"{RUN_IDS}.runId[0]")],
        None,
    ),
    (
        "json-v1-job-id-too-small",
        "json",
        1,
        J,
        '{"jobOperationPayload": {"jobIds": {"jobId": -9223372036854775809}}}',
        [("range", f"{JOB_IDS}.jobId")],
        None,
    ),
    (
        "xml-job-id-too-small",
        "xml",
        4,
        J,
        lines(
            "<jobOperationPayload>",
            "  <jobIds>",
            "    <jobId>1</jobId>",
            "    <jobId>-9223372036854775809</jobId>",
            "  </jobIds>",
            "</jobOperationPayload>",
        ),
        [("range", f"{JOB_IDS}.jobId[1]")],
        [("/jobOperationPayload/jobIds/jobId[2]", 4, 5)],
    ),
    # ------------------------------------------------------------------ enum (strict only)
    (
        "json-unknown-operation",
        "json",
        2,
        M,
        '{"mgmtResponse": {"operationResult": [{"operation": "STOP"}]}}',
        [("enum", f"{OR0}.operation")],
        None,
    ),
    (
        "json-v1-collapsed-unknown-operation",
        "json",
        1,
        M,
        '{"mgmtResponse": {"operationResult": {"operation": "suspend"}}}',
        [("enum", f"{OR}.operation")],
        None,
    ),
    (
        "xml-unknown-operation",
        "xml",
        1,
        M,
        lines(
            "<mgmtResponse>",
            "  <operationResult>",
            "    <message>m</message>",
            "    <operation>stop</operation>",
            "  </operationResult>",
            "</mgmtResponse>",
        ),
        [("enum", f"{OR0}.operation")],
        [("/mgmtResponse/operationResult[1]/operation", 4, 5)],
    ),
    # ------------------------------------------------------------------ missing
    (
        "json-id-absent",
        "json",
        3,
        M,
        '{"mgmtResponse": {"operationResult": [{"failure": {"failure": [{"message": "x"}]}}]}}',
        [("missing", f"{OR0}.failure.failure[0].id")],
        None,
    ),
    (
        "json-id-null",
        "json",
        2,
        M,
        '{"mgmtResponse": {"operationResult": [{"success": {"success": [{"id": null}]}}]}}',
        [("missing", f"{OR0}.success.success[0].id")],
        None,
    ),
    (
        "xml-id-absent",
        "xml",
        2,
        M,
        lines(
            "<mgmtResponse>",
            "  <operationResult>",
            "    <success>",
            "      <success><message>m</message></success>",
            "    </success>",
            "  </operationResult>",
            "</mgmtResponse>",
        ),
        [("missing", f"{OR0}.success.success[0].id")],
        [("/mgmtResponse/operationResult[1]/success/success[1]", 4, 7)],
    ),
    (
        "json-run-ids-empty",
        "json",
        2,
        R,
        '{"jobRunOperationPayload": {"runIds": {"runId": []}}}',
        [("missing", RUN_IDS)],
        None,
    ),
    (
        "json-run-ids-absent",
        "json",
        1,
        R,
        '{"jobRunOperationPayload": {}}',
        [("missing", RUN_IDS)],
        None,
    ),
    (
        "xml-run-ids-empty",
        "xml",
        3,
        R,
        lines("<jobRunOperationPayload>", "  <runIds/>", "</jobRunOperationPayload>"),
        [("missing", RUN_IDS)],
        [("/jobRunOperationPayload", 1, 1)],
    ),
    ("xml-job-ids-absent", "xml", 4, J, "<jobOperationPayload/>", [("missing", JOB_IDS)], None),
    (
        "json-job-ids-empty-wrapper",
        "json",
        4,
        J,
        '{"jobOperationPayload": {"jobIds": {}}}',
        [("missing", JOB_IDS)],
        None,
    ),
    # ------------------------------------------------------------------ unknown
    (
        "xml-unknown-element",
        "xml",
        2,
        M,
        lines(
            "<mgmtResponse>",
            "  <operationResult>",
            "    <extra>1</extra>",
            "  </operationResult>",
            "</mgmtResponse>",
        ),
        [("unknown", f"{OR0}.extra")],
        [("/mgmtResponse/operationResult[1]/extra", 3, 5)],
    ),
    (
        "xml-unknown-attribute",
        "xml",
        3,
        M,
        '<mgmtResponse responseType="operation" foo="1"/>',
        [("unknown", "$.mgmtResponse['@foo']")],
        [("/mgmtResponse/@foo", 1, 1)],
    ),
    (
        "xml-unknown-attribute-nested",
        "xml",
        2,
        M,
        '<mgmtResponse><operationResult kind="x"/></mgmtResponse>',
        [("unknown", f"{OR0}['@kind']")],
        None,
    ),
    (
        "xml-unknown-element-in-wrapper",
        "xml",
        4,
        R,
        "<jobRunOperationPayload><runIds><runId>1</runId><id>2</id></runIds>"
        "</jobRunOperationPayload>",
        [("unknown", f"{RUN_IDS}.id")],
        None,
    ),
    (
        "xml-stray-text",
        "xml",
        1,
        J,
        "<jobOperationPayload>hello<jobIds><jobId>1</jobId></jobIds></jobOperationPayload>",
        [("unknown", "$.jobOperationPayload")],
        None,
    ),
    (
        "json-unknown-key",
        "json",
        2,
        M,
        '{"mgmtResponse": {"extra": 1}}',
        [("unknown", "$.mgmtResponse.extra")],
        None,
    ),
    (
        "json-unknown-attribute-key",
        "json",
        1,
        M,
        '{"mgmtResponse": {"@bogus": "x"}}',
        [("unknown", "$.mgmtResponse['@bogus']")],
        None,
    ),
    (
        "json-unknown-key-in-wrapper",
        "json",
        3,
        R,
        '{"jobRunOperationPayload": {"runIds": {"runId": [1], "other": 2}}}',
        [("unknown", f"{RUN_IDS}.other")],
        None,
    ),
    (
        "json-top-level-extra-key",
        "json",
        4,
        J,
        '{"jobOperationPayload": {"jobIds": {"jobId": [1]}}, "extra-key": 1}',
        [("unknown", "$['extra-key']")],
        None,
    ),
    # ------------------------------------------------------------------ shape
    (
        "json-v2-collapsed-operation-result",
        "json",
        2,
        M,
        '{"mgmtResponse": {"operationResult": {"message": "m"}}}',
        [("shape", OR)],
        None,
    ),
    (
        "json-v3-collapsed-run-id",
        "json",
        3,
        R,
        '{"jobRunOperationPayload": {"runIds": {"runId": 5}}}',
        [("shape", f"{RUN_IDS}.runId")],
        None,
    ),
    (
        "json-v4-collapsed-failure",
        "json",
        4,
        M,
        '{"mgmtResponse": {"operationResult": [{"failure": {"failure": {"id": 1}}}]}}',
        [("shape", f"{OR0}.failure.failure")],
        None,
    ),
    (
        "json-v1-one-item-run-ids",
        "json",
        1,
        R,
        '{"jobRunOperationPayload": {"runIds": {"runId": [5]}}}',
        [("shape", f"{RUN_IDS}.runId")],
        None,
    ),
    (
        "json-v1-one-item-operation-result",
        "json",
        1,
        M,
        '{"mgmtResponse": {"operationResult": [{"message": "m"}]}}',
        [("shape", OR)],
        None,
    ),
    (
        "json-v1-attribute-as-number",
        "json",
        1,
        Probe,
        '{"probe": {"@count": 5}}',
        [("shape", "$.probe['@count']")],
        None,
    ),
    (
        "xml-repeated-message",
        "xml",
        2,
        M,
        lines(
            "<mgmtResponse>",
            "  <operationResult>",
            "    <message>a</message>",
            "    <message>b</message>",
            "  </operationResult>",
            "</mgmtResponse>",
        ),
        [("shape", f"{OR0}.message")],
        [("/mgmtResponse/operationResult[1]/message", 4, 5)],
    ),
    (
        "xml-repeated-wrapper",
        "xml",
        1,
        R,
        lines(
            "<jobRunOperationPayload>",
            "  <runIds><runId>1</runId></runIds>",
            "  <runIds><runId>2</runId></runIds>",
            "</jobRunOperationPayload>",
        ),
        [("shape", RUN_IDS)],
        [("/jobRunOperationPayload/runIds", 3, 3)],
    ),
    (
        "xml-repeated-id",
        "xml",
        4,
        M,
        lines(
            "<mgmtResponse>",
            "  <operationResult>",
            "    <success>",
            "      <success>",
            "        <id>1</id>",
            "        <id>2</id>",
            "      </success>",
            "    </success>",
            "  </operationResult>",
            "</mgmtResponse>",
        ),
        [("shape", f"{OR0}.success.success[0].id")],
        [("/mgmtResponse/operationResult[1]/success/success[1]/id", 6, 9)],
    ),
    (
        "xml-url-names-other-version",
        "xml",
        2,
        M,
        f'<mgmtResponse responseType="operation" requestUrl="{V3_URL}"/>',
        [("shape", "$.mgmtResponse")],
        [("/mgmtResponse", 1, 1)],
    ),
    (
        "json-root-url-names-other-version",
        "json",
        4,
        M,
        '{"mgmtResponse": {"@rootUrl": "https://localhost/webacs/api/v1/op"}}',
        [("shape", "$.mgmtResponse")],
        None,
    ),
    # ------------------------------------------------------------------ several at once
    (
        "json-v2-payload-read-as-v1",
        "json",
        1,
        M,
        '{"mgmtResponse": {"@requestUrl": "' + V2_URL + '", "operationResult": [{'
        '"failure": {"failure": [{"id": 1}]}, "success": {"success": [{"id": 2}]}}]}}',
        [
            ("shape", "$.mgmtResponse"),
            ("shape", OR),
            ("shape", f"{OR0}.failure.failure"),
            ("shape", f"{OR0}.success.success"),
        ],
        None,
    ),
    (
        "json-v1-three-problems",
        "json",
        1,
        M,
        '{"mgmtResponse": {"@requestUrl": "' + V2_URL + '", "operationResult": {'
        '"failure": {"failure": [{"id": 1}]}, "operation": "STOP"}}}',
        [
            ("shape", "$.mgmtResponse"),
            ("shape", f"{OR}.failure.failure"),
            ("enum", f"{OR}.operation"),
        ],
        None,
    ),
    (
        "json-job-id-list",
        "json",
        3,
        J,
        '{"jobOperationPayload": {"jobIds": {"jobId": ["1", 2, 9223372036854775808, "x"]}}}',
        [
            ("type", f"{JOB_IDS}.jobId[0]"),
            ("range", f"{JOB_IDS}.jobId[2]"),
            ("type", f"{JOB_IDS}.jobId[3]"),
        ],
        None,
    ),
    (
        "json-two-items-two-problems",
        "json",
        4,
        M,
        '{"mgmtResponse": {"operationResult": [{"failure": {"failure": [{"message": "m"}]}}, '
        '{"operation": "PAUSE", "success": {"success": [{"id": "3"}]}}]}}',
        [
            ("missing", f"{OR0}.failure.failure[0].id"),
            ("enum", "$.mgmtResponse.operationResult[1].operation"),
            ("type", "$.mgmtResponse.operationResult[1].success.success[0].id"),
        ],
        None,
    ),
    (
        "xml-run-ids-three-problems",
        "xml",
        4,
        R,
        lines(
            "<jobRunOperationPayload>",
            "  <runIds>",
            "    <runId>a</runId>",
            "    <runId>99999999999999999999</runId>",
            "    <extra/>",
            "  </runIds>",
            "</jobRunOperationPayload>",
        ),
        [
            ("type", f"{RUN_IDS}.runId[0]"),
            ("range", f"{RUN_IDS}.runId[1]"),
            ("unknown", f"{RUN_IDS}.extra"),
        ],
        [
            ("/jobRunOperationPayload/runIds/runId[1]", 3, 5),
            ("/jobRunOperationPayload/runIds/runId[2]", 4, 5),
            ("/jobRunOperationPayload/runIds/extra", 5, 5),
        ],
    ),
    (
        "xml-response-four-problems",
        "xml",
        2,
        M,
        lines(
            '<mgmtResponse responseType="operation" foo="1">',
            "  <operationResult>",
            "    <failure>",
            "      <failure><id>1</id></failure>",
            "      <failure><id>abc</id></failure>",
            "    </failure>",
            "    <operation>STOP</operation>",
            "    <success>",
            "      <success><message>m</message></success>",
            "    </success>",
            "  </operationResult>",
            "</mgmtResponse>",
        ),
        [
            ("unknown", "$.mgmtResponse['@foo']"),
            ("type", f"{OR0}.failure.failure[1].id"),
            ("enum", f"{OR0}.operation"),
            ("missing", f"{OR0}.success.success[0].id"),
        ],
        [
            ("/mgmtResponse/@foo", 1, 1),
            ("/mgmtResponse/operationResult[1]/failure/failure[2]/id", 5, 16),
            ("/mgmtResponse/operationResult[1]/operation", 7, 5),
            ("/mgmtResponse/operationResult[1]/success/success[1]", 9, 7),
        ],
    ),
    (
        "xml-two-results-three-problems",
        "xml",
        3,
        M,
        lines(
            f'<mgmtResponse requestUrl="{V3_URL}">',
            "  <operationResult>",
            "    <operation>SUSPEND</operation>",
            "    <operation>RESUME</operation>",
            "    <bogus/>",
            "  </operationResult>",
            "  <operationResult>",
            "    <success>",
            "      <success><id>x</id></success>",
            "    </success>",
            "  </operationResult>",
            "</mgmtResponse>",
        ),
        [
            ("shape", f"{OR0}.operation"),
            ("unknown", f"{OR0}.bogus"),
            ("type", "$.mgmtResponse.operationResult[1].success.success[0].id"),
        ],
        [
            ("/mgmtResponse/operationResult[1]/operation", 4, 5),
            ("/mgmtResponse/operationResult[1]/bogus", 5, 5),
            ("/mgmtResponse/operationResult[2]/success/success[1]/id", 9, 16),
        ],
    ),
    (
        "xml-item-problem-and-repeated-wrapper",
        "xml",
        1,
        J,
        lines(
            "<jobOperationPayload>",
            "  <jobIds>",
            "    <jobId>x</jobId>",
            "  </jobIds>",
            "  <jobIds>",
            "    <jobId>2</jobId>",
            "  </jobIds>",
            "</jobOperationPayload>",
        ),
        [("type", f"{JOB_IDS}.jobId[0]"), ("shape", JOB_IDS)],
        [("/jobOperationPayload/jobIds/jobId[1]", 3, 5), ("/jobOperationPayload/jobIds", 5, 3)],
    ),
]


def _ids(cases: list[Case]) -> list[str]:
    return [case[0] for case in cases]


def _pairs(problems: tuple[codec.Problem, ...]) -> list[tuple[str, str]]:
    return [(p.code, p.path) for p in problems]


@pytest.mark.parametrize(
    ("name", "fmt", "version", "cls", "data", "expected", "locations"), CASES, ids=_ids(CASES)
)
def test_validate_reports_every_problem(
    name: str,
    fmt: str,
    version: int,
    cls: type[Any],
    data: str | bytes,
    expected: Expected,
    locations: Locations,
) -> None:
    """Strict validation of a bad payload lists all its problems, in order, with where they are."""
    report = codec.validate(data, cls, version=version, format=fmt)
    assert _pairs(report.problems) == expected
    assert not report.ok
    assert report.versions == ()
    assert report.format == fmt
    assert report.type is cls
    for problem in report.problems:
        assert problem.message
        if fmt == "json":
            assert (problem.xml_path, problem.line) == (None, None) or problem.code == "syntax"
    if locations is not None:
        found = [(p.xml_path, p.line, p.column) for p in report.problems]
        assert found == locations


@pytest.mark.parametrize(
    ("name", "fmt", "version", "cls", "data", "expected", "locations"), CASES, ids=_ids(CASES)
)
def test_decode_agrees_with_validate(
    name: str,
    fmt: str,
    version: int,
    cls: type[Any],
    data: str | bytes,
    expected: Expected,
    locations: Locations,
) -> None:
    """Strict decode raises the report's problems; lenient decode passes iff lenient checks do."""
    report = codec.validate(data, cls, version=version, format=fmt)
    with pytest.raises(codec.DecodeError) as info:
        codec.decode(data, cls, version=version, format=fmt, strict=True)
    assert info.value.problems == report.problems

    lenient = codec.validate(data, cls, version=version, format=fmt, lenient=True)
    if lenient.ok:
        assert lenient.problems == ()
        assert lenient.versions == (version,)
        codec.decode(data, cls, version=version, format=fmt)
    else:
        with pytest.raises(codec.DecodeError) as refused:
            codec.decode(data, cls, version=version, format=fmt)
        first = lenient.problems[0]
        assert (first.code, first.path) == (refused.value.code, refused.value.path)


def test_table_covers_every_code_version_and_format() -> None:
    """The table exercises every problem code but ``limit``, all four versions and both formats."""
    codes = {code for case in CASES for code, _ in case[5]}
    assert codes == {"syntax", "root", "type", "range", "enum", "missing", "unknown", "shape"}
    assert {(case[1], case[2]) for case in CASES} >= {
        (fmt, version) for fmt in ("xml", "json") for version in (1, 2, 3, 4)
    }
    assert len(CASES) >= 45
    assert sum(1 for case in CASES if len(case[5]) > 1) >= 4
    assert sum(1 for case in CASES if case[6] is not None) >= 8


def test_enum_and_number_as_string_are_strict_only() -> None:
    """Lenient validation accepts an unknown operation and a number written as a string."""
    for data in (
        '{"mgmtResponse": {"operationResult": [{"operation": "STOP"}]}}',
        '{"mgmtResponse": {"operationResult": [{"success": {"success": [{"id": "2"}]}}]}}',
    ):
        assert codec.validate(data, M, version=2, lenient=True).ok
        assert not codec.validate(data, M, version=2).ok


def test_lenient_still_refuses_a_missing_id() -> None:
    """A missing ``id`` is a problem for lenient validation too, at the same path."""
    data = '{"mgmtResponse": {"operationResult": [{"failure": {"failure": [{"message": "x"}]}}]}}'
    report = codec.validate(data, M, version=3, lenient=True)
    assert _pairs(report.problems) == [("missing", f"{OR0}.failure.failure[0].id")]


# ---------------------------------------------------------------------- vendor samples


@pytest.mark.parametrize(("name", "versions"), GOLDEN_CASES)
def test_vendor_samples_are_valid_for_exactly_their_versions(
    name: str, versions: tuple[int, ...]
) -> None:
    """Each vendor sample is valid for exactly the versions its shapes and URLs allow."""
    data = (GOLDEN / name).read_bytes()
    report = codec.validate(data)
    assert report.versions == versions
    assert report.ok
    assert report.problems == ()
    assert report.format == name.rsplit(".", 1)[1]
    assert report.type is (R if "request" in name else M)
    for version in (1, 2, 3, 4):
        one = codec.validate(data, version=version)
        assert one.ok == (version in versions)
        assert one.versions == ((version,) if version in versions else ())
        assert bool(one.problems) != one.ok


# ---------------------------------------------------------------------- never raises

HOSTILE: list[tuple[str, str | bytes]] = [
    ("random-bytes", random.Random(0).randbytes(512)),
    ("random-bytes-after-brace", b"{" + random.Random(1).randbytes(512)),
    ("random-bytes-after-angle", b"<" + random.Random(2).randbytes(512)),
    ("json-arrays-5000-deep", '{"mgmtResponse": ' + "[" * 5000 + "]" * 5000 + "}"),
    ("bare-arrays-5000-deep", "[" * 5000 + "]" * 5000),
    (
        "xml-5000-deep-in-an-id",
        "<mgmtResponse><operationResult><failure><failure><id>"
        + "<a>" * 5000
        + "</a>" * 5000
        + "</id></failure></failure></operationResult></mgmtResponse>",
    ),
    ("body-a-number", '{"mgmtResponse": 1}'),
    ("empty-array", "[]"),
    ("null", "null"),
    (
        "utf-16-xml",
        '<?xml version="1.0" encoding="UTF-16"?>\n<mgmtResponse/>'.encode("utf-16"),
    ),
    ("lone-surrogate-json", '{"mgmtResponse": {"@requestUrl": "\ud800"}}'),
    ("lone-surrogate-xml", '<mgmtResponse requestUrl="\udfff"/>'),
    ("lone-surrogate-alone", "\ud800"),
]


@pytest.mark.parametrize(("name", "data"), HOSTILE, ids=[h[0] for h in HOSTILE])
def test_validate_never_raises(name: str, data: str | bytes) -> None:
    """Hostile input is a Report with ok False and at least one problem, never an exception."""
    for lenient in (False, True):
        report = codec.validate(data, lenient=lenient)
        assert isinstance(report, codec.Report)
        assert not report.ok
        assert report.versions == ()
        assert report.problems
        assert all(isinstance(p, codec.Problem) for p in report.problems)
    detected = codec.detect(data)
    assert isinstance(detected, codec.Detected)


def test_validate_never_raises_given_type_version_and_format() -> None:
    """Naming type, version and format changes what is checked, not whether it can raise."""
    for name, data in HOSTILE:
        if name == "utf-16-xml":
            continue  # named as XML, a UTF-16 document is read by the XML parser
        for cls in (J, R, M):
            for fmt in ("xml", "json"):
                report = codec.validate(data, cls, version=2, format=fmt)
                assert not report.ok
                assert report.problems


# ---------------------------------------------------------------------- detect


@pytest.mark.parametrize(
    ("data", "fmt"),
    [
        (b'\xef\xbb\xbf  \n\t{"mgmtResponse": {}}', "json"),
        (b"\xef\xbb\xbf\r\n<mgmtResponse/>", "xml"),
        ("\ufeff <jobOperationPayload/>", "xml"),
        (" " * 100 + '{"jobOperationPayload": {}}', "json"),
        ("\n" * 70 + "<mgmtResponse/>", "xml"),
        (b'<?xml version="1.0" ?>\n<mgmtResponse/>', "xml"),
        ("[1]", None),
        ("mgmtResponse", None),
        ("", None),
        (b"\xef\xbb\xbf", None),
    ],
)
def test_detect_format_from_first_significant_byte(data: str | bytes, fmt: str | None) -> None:
    """The format is read from the first character after a UTF-8 BOM and whitespace."""
    assert codec.detect(data).format == fmt


@pytest.mark.parametrize(
    ("data", "root", "cls"),
    [
        ("<jobRunOperationPayload/>", "jobRunOperationPayload", R),
        ("<jobOperationPayload><jobIds/></jobOperationPayload>", "jobOperationPayload", J),
        ("<mgmtResponse/>", "mgmtResponse", M),
        ('{"jobOperationPayload": {}}', "jobOperationPayload", J),
        ('{"jobRunOperationPayload": {"runIds": {"runId": 1}}}', "jobRunOperationPayload", R),
        ('{"mgmtResponse": {}}', "mgmtResponse", M),
        ("<errorDocument/>", "errorDocument", None),
        ('{"queryResponse": {}}', "queryResponse", None),
    ],
)
def test_detect_type_from_root(data: str, root: str, cls: type[Any] | None) -> None:
    """The type is the shipped model whose root element is the payload's, else None."""
    detected = codec.detect(data)
    assert (detected.root, detected.type) == (root, cls)


@pytest.mark.parametrize(
    ("data", "versions"),
    [
        (f'<mgmtResponse requestUrl="{V2_URL}"/>', (2,)),
        (f'<mgmtResponse rootUrl="{V1_URL}"/>', (1,)),
        (f'<mgmtResponse requestUrl="{V2_URL}" rootUrl="{V3_URL}"/>', (2, 3)),
        ('{"mgmtResponse": {"@requestUrl": "' + V3_URL + '", "operationResult": {}}}', (3,)),
        ('{"mgmtResponse": {"@rootUrl": "' + V1_URL + '", "operationResult": [{}]}}', (1,)),
        ('{"mgmtResponse": {"operationResult": {}}}', (1,)),
        ('{"jobRunOperationPayload": {"runIds": {"runId": 15}}}', (1,)),
        ('{"jobRunOperationPayload": {"runIds": {"runId": [15]}}}', (2, 3, 4)),
        (
            '{"mgmtResponse": {"operationResult": [{"failure": {"failure": [{"id": 1}]}}]}}',
            (2, 3, 4),
        ),
        ('{"jobRunOperationPayload": {"runIds": {"runId": [15, 25]}}}', (1, 2, 3, 4)),
        ('{"mgmtResponse": {"@responseType": "operation"}}', (1, 2, 3, 4)),
        ("<mgmtResponse><operationResult/></mgmtResponse>", (1, 2, 3, 4)),
        (
            "<jobRunOperationPayload><runIds><runId>1</runId></runIds></jobRunOperationPayload>",
            (1, 2, 3, 4),
        ),
    ],
)
def test_detect_versions(data: str, versions: tuple[int, ...]) -> None:
    """Versions come from URLs, else JSON list shapes, else all four."""
    assert codec.detect(data).versions == versions


@pytest.mark.parametrize(("name", "versions"), GOLDEN_CASES)
def test_detect_vendor_samples(name: str, versions: tuple[int, ...]) -> None:
    """Detection on a vendor sample finds its format and type, and versions it is valid for."""
    data = (GOLDEN / name).read_bytes()
    detected = codec.detect(data)
    assert detected.format == name.rsplit(".", 1)[1]
    assert detected.type is (R if "request" in name else M)
    assert set(detected.versions) <= set(versions)
    assert detected.versions


# ---------------------------------------------------------------------- versions


@pytest.mark.parametrize("version", [1, 2, 3, 4])
@pytest.mark.parametrize("name", [case[0] for case in GOLDEN_CASES])
def test_given_version_checks_only_it(name: str, version: int) -> None:
    """Given a version, ``.versions`` is that version or nothing, and matches the full check."""
    data = (GOLDEN / name).read_bytes()
    report = codec.validate(data, version=version)
    assert report.versions in ((version,), ())
    assert report.ok == (report.versions == (version,))
    assert (version in codec.validate(data).versions) == report.ok


def test_versions_without_version_are_those_checked_one_by_one() -> None:
    """Without a version, ``.versions`` lists every version a one-version check accepts."""
    for case in CASES[:: max(1, len(CASES) // 12)]:
        data, cls = case[4], case[3]
        alone = tuple(v for v in (1, 2, 3, 4) if codec.validate(data, cls, version=v).ok)
        assert codec.validate(data, cls).versions == alone


@pytest.mark.parametrize(
    ("data", "likely"),
    [
        # collapsed single items: written for v1
        ('{"mgmtResponse": {"operationResult": {"operation": "STOP"}}}', 1),
        # the URL names v2
        (
            lines(
                f'<mgmtResponse requestUrl="{V2_URL}">',
                "  <operationResult><operation>STOP</operation></operationResult>",
                "</mgmtResponse>",
            ),
            2,
        ),
        ('{"mgmtResponse": {"@rootUrl": "' + V3_URL + '", "operationResult": [{"x": 1}]}}', 3),
        (
            f'<mgmtResponse rootUrl="{V1_URL}">'
            "<operationResult><x/></operationResult></mgmtResponse>",
            1,
        ),
    ],
)
def test_problems_without_version_are_those_of_the_likely_version(data: str, likely: int) -> None:
    """Without a version, the problems are those of the version the payload is written for."""
    report = codec.validate(data)
    assert not report.ok
    assert report.problems
    assert report.problems == codec.validate(data, version=likely).problems


def test_problems_of_a_v2_plus_json_payload_are_those_of_v2_plus() -> None:
    """A JSON payload in the v2+ list shape is judged by the v2+ rules, not by v1's."""
    data = '{"mgmtResponse": {"operationResult": [{"operation": "STOP"}]}}'
    report = codec.validate(data)
    assert report.versions == ()
    assert _pairs(report.problems) == [("enum", f"{OR0}.operation")]
    assert report.problems in [codec.validate(data, version=v).problems for v in (2, 3, 4)]


def test_valid_for_another_version_reports_no_problems() -> None:
    """A payload valid for some version is ok, with no problems, when no version is given."""
    data = '{"jobRunOperationPayload": {"runIds": {"runId": [15, 25]}}}'
    report = codec.validate(data)
    assert report.ok
    assert report.versions == (1, 2, 3, 4)
    assert report.problems == ()
