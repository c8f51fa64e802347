"""The command line, through a real subprocess: output, exit status, no tracebacks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import codec
from codec.jobservice import MgmtResponse

from .support import ROOT
from .support import run_cli as run

GOLDEN = ROOT / "tests" / "golden"


def test_validate_vendor_samples() -> None:
    """The README's main command: every sample OK with its versions, exit status 0."""
    result = run("validate", "tests/golden")
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert "tests/golden/v1_request.json: OK (v1)" in lines
    assert "tests/golden/v2_request.json: OK (v2, v3, v4)" in lines
    assert "tests/golden/v3_response.xml: OK (v3)" in lines
    assert lines[-1] == "12 files: 12 valid, 0 invalid, 0 problems"


def test_validate_reports_every_problem_with_line_and_column(tmp_path: Path) -> None:
    """An invalid file gives one FILE:LINE:COL: PATH: MESSAGE line per problem, status 1."""
    bad = tmp_path / "bad.xml"
    bad.write_text(
        "<mgmtResponse>\n<operationResult>\n<failure><failure><id>x</id></failure></failure>\n"
        "<bogus/>\n</operationResult>\n</mgmtResponse>\n"
    )
    result = run("validate", str(bad))
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"{bad}:3:")
    assert "$.mgmtResponse.operationResult[0].failure.failure[0].id" in lines[0]
    assert lines[1].startswith(f"{bad}:4:1: $.mgmtResponse.operationResult[0].bogus:")
    assert lines[-1] == "1 files: 0 valid, 1 invalid, 2 problems"


def test_lenient_reports_only_what_a_client_refuses(tmp_path: Path) -> None:
    """--lenient passes unknown content that strict validation reports."""
    payload = tmp_path / "extra.json"
    payload.write_text('{"jobRunOperationPayload": {"runIds": {"runId": [1, 2]}, "x": 1}}')
    assert run("validate", str(payload)).returncode == 1
    result = run("validate", "--lenient", str(payload))
    assert result.returncode == 0
    assert "OK (v1, v2, v3, v4)" in result.stdout


def test_json_output(tmp_path: Path) -> None:
    """--output json gives one JSON document with the files and the summary."""
    result = run("validate", "--output", "json", "--version", "2", "tests/golden/v1_request.json")
    assert result.returncode == 1
    document = json.loads(result.stdout)
    assert document["summary"] == {"files": 1, "valid": 0, "invalid": 1, "problems": 1}
    (entry,) = document["files"]
    assert entry["type"] == "JobRunOperationPayload"
    assert entry["problems"][0]["code"] == "shape"
    assert entry["problems"][0]["path"] == "$.jobRunOperationPayload.runIds.runId"


def test_standard_input() -> None:
    """``-`` reads one payload from standard input."""
    data = (GOLDEN / "v2_response.json").read_bytes()
    result = run("validate", "-", stdin=data)
    assert result.returncode == 0
    assert result.stdout.startswith("-: OK (v2)")


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"", "empty file"),
        (b"   \n", "empty file"),
        (b"\x00\x9f\x13binary\xff", "neither XML nor JSON"),
        (b"<mgmtResponse>\xff\xfe</mgmtResponse>", "malformed XML"),
        (b'{"mgmtResponse": "\xff"}', "invalid JSON"),
        (b"<errorDocument/>", "unknown payload 'errorDocument'"),
        (b"{not json", "invalid JSON"),
        (b"<mgmtResponse><x>", "malformed XML"),
    ],
)
def test_bad_files_are_invalid_with_one_clear_line(
    tmp_path: Path, content: bytes, words: str
) -> None:
    """Empty, binary, non-UTF-8, malformed or foreign files: one line each, status 1."""
    path = tmp_path / "payload.xml"
    path.write_bytes(content)
    result = run("validate", str(path))
    assert result.returncode == 1
    problem_lines = result.stdout.splitlines()[:-1]
    assert len(problem_lines) == 1
    assert words in problem_lines[0]


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("validate", "no/such/file.xml"), "no such file"),
        (("validate", "codec"), "no *.xml or *.json files"),
        (("validate", "--type", "Nope", "tests/golden"), "unknown payload type 'Nope'"),
    ],
)
def test_usage_errors_exit_2(args: tuple[str, ...], words: str) -> None:
    """A missing file, a folder without payloads, an unknown type: one line, status 2."""
    result = run(*args)
    assert result.returncode == 2
    assert words in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_bad_option_exits_2() -> None:
    """argparse's usage errors keep status 2."""
    assert run("validate", "--version", "7", "tests/golden").returncode == 2


def _ordered(data: bytes) -> object:
    """JSON parsed with key order kept."""
    return json.loads(data, object_pairs_hook=list)


def test_convert_v1_json_to_v3_xml_and_back_is_lossless(tmp_path: Path) -> None:
    """v1 JSON -> v3 XML -> v1 JSON gives the sample back, values and key order."""
    xml = tmp_path / "v3.xml"
    back = tmp_path / "v1.json"
    sample = GOLDEN / "v1_response.json"
    first = run("convert", str(sample), "--to-version", "3", "--to-format", "xml", "-o", str(xml))
    assert first.returncode == 0, first.stderr
    assert xml.read_bytes().startswith(b'<?xml version="1.0" ?>')
    second = run(
        "convert",
        str(xml),
        "--from-version",
        "3",
        "--to-version",
        "1",
        "--to-format",
        "json",
        "--pretty",
        "-o",
        str(back),
    )
    assert second.returncode == 0, second.stderr
    assert _ordered(back.read_bytes()) == _ordered(sample.read_bytes())


def test_convert_pretty_xml_decodes_the_same(tmp_path: Path) -> None:
    """--pretty XML adds whitespace between tags only: it decodes to the same model."""
    sample = GOLDEN / "v3_response.json"
    result = run("convert", str(sample), "--to-version", "3", "--to-format", "xml", "--pretty")
    assert result.returncode == 0
    assert "\n  <operationResult>" in result.stdout
    model = codec.decode(sample.read_bytes(), MgmtResponse, version=3, format="json")
    assert codec.decode(result.stdout, MgmtResponse, version=3, format="xml") == model


def test_convert_bad_payload_is_one_line(tmp_path: Path) -> None:
    """A payload that does not decode: its problem on one line, status 1."""
    path = tmp_path / "bad.json"
    path.write_text('{"jobRunOperationPayload": {"runIds": {"runId": ["x"]}}}')
    result = run("convert", str(path), "--to-version", "2", "--to-format", "xml")
    assert result.returncode == 1
    assert "$.jobRunOperationPayload.runIds.runId" in result.stderr


def test_describe_lists_operations() -> None:
    """describe shows each operation's method, paths per version and payload types."""
    result = run("describe")
    assert result.returncode == 0
    assert "cancelrunning: PUT, request JobRunOperationPayload" in result.stdout
    assert "/webacs/api/v4/op/jobService/cancelrunning.json" in result.stdout
