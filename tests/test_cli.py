"""The command line, through a real subprocess: output, exit status, no tracebacks."""

from __future__ import annotations

import importlib.metadata
import json
import os
import subprocess
import sys
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
    assert lines[-1] == "1 file: 0 valid, 1 invalid, 2 problems"


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


# -- convert: lossless, retargeted, newline-terminated ----------------------------------------

#: The v1 JSON response sample, with content MgmtResponse does not declare at two levels.
V1_WITH_UNKNOWN = (
    b'{"mgmtResponse":{"@responseType":"operation","@extraAttr":"z",'
    b'"@requestUrl":"https:\\/\\/pi\\/webacs\\/api\\/v1\\/op\\/jobService\\/cancel",'
    b'"@rootUrl":"https:\\/\\/pi\\/webacs\\/api\\/v1\\/op",'
    b'"operationResult":{"operation":"SUSPEND","bogus":"b"},"extraKey":{"a":"1"}}}'
)


@pytest.mark.parametrize("to_format", ["json", "xml"])
def test_convert_keeps_unknown_content_by_default(tmp_path: Path, to_format: str) -> None:
    """convert is lossless: what the model does not declare is written to the output."""
    source = tmp_path / "v1.json"
    source.write_bytes(V1_WITH_UNKNOWN)
    result = run("convert", str(source), "--to-version", "3", "--to-format", to_format)
    assert result.returncode == 0, result.stderr
    model = codec.decode(result.stdout, MgmtResponse, version=3, format=to_format, unknown="keep")
    root = codec.kept(model)
    inner = codec.kept(model.operation_results[0])
    assert root is not None
    assert inner is not None
    if to_format == "json":
        assert [key for _, key, _ in root.keys] == ["@extraAttr", "extraKey"]
        assert [(key, value) for _, key, value in inner.keys] == [("bogus", "b")]
    else:
        assert root.attributes == (("extraAttr", "z"),)
        assert [raw for _, raw in root.elements] == ["<extraKey><a>1</a></extraKey>"]
        assert [raw for _, raw in inner.elements] == ["<bogus>b</bogus>"]


@pytest.mark.parametrize("to_format", ["json", "xml"])
def test_convert_drop_unknown_drops_it(tmp_path: Path, to_format: str) -> None:
    """--drop-unknown writes only what the model declares."""
    source = tmp_path / "v1.json"
    source.write_bytes(V1_WITH_UNKNOWN)
    args = ("convert", str(source), "--to-version", "3", "--to-format", to_format)
    result = run(*args, "--drop-unknown")
    assert result.returncode == 0, result.stderr
    for word in ("extraAttr", "extraKey", "bogus"):
        assert word not in result.stdout
    model = codec.decode(result.stdout, MgmtResponse, version=3, format=to_format, strict=True)
    assert codec.kept(model) is None
    assert "extraKey" in run(*args).stdout  # and without the option, it is kept


def test_convert_help_says_what_drop_unknown_and_the_url_rewrite_do() -> None:
    """convert --help documents --drop-unknown and the rewrite of the URLs' version."""
    text = " ".join(run("convert", "--help").stdout.split())
    assert "--drop-unknown drop the elements, attributes and keys" in text
    assert "/webacs/api/vN/ of the envelope URLs (requestUrl, rootUrl)" in text


@pytest.mark.parametrize("to_format", ["json", "xml"])
@pytest.mark.parametrize("sample", ["v1_response.json", "v1_response.xml"])
def test_converted_output_validates_for_the_target_version(
    tmp_path: Path, sample: str, to_format: str
) -> None:
    """v1 -> v3: requestUrl and rootUrl name v3, so validate --version 3 finds it OK."""
    target = tmp_path / f"v3.{to_format}"
    result = run(
        "convert", str(GOLDEN / sample), "--to-version", "3", "--to-format", to_format,
        "-o", str(target),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    model = codec.decode(target.read_bytes(), MgmtResponse, version=3, format=to_format)
    assert model.request_url is not None
    assert model.root_url is not None
    assert "/webacs/api/v3/op/jobService/" in model.request_url
    assert model.root_url.endswith("/webacs/api/v3/op")
    checked = run("validate", "--version", "3", str(target))
    assert checked.returncode == 0, checked.stdout
    assert checked.stdout.splitlines()[0] == f"{target}: OK (v3)"


@pytest.mark.parametrize("to_format", ["json", "xml"])
def test_convert_output_ends_with_a_newline(to_format: str) -> None:
    """convert's output ends with one newline, in both formats (without --pretty too)."""
    result = run(
        "convert", str(GOLDEN / "v3_request.xml"), "--to-version", "2", "--to-format", to_format
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.endswith("\n")
    assert not result.stdout.endswith("\n\n")


# -- files that are not plain payloads --------------------------------------------------------


def _run_with_timeout(*args: str) -> subprocess.CompletedProcess[str]:
    """``python -m codec ARGS`` killed after 20 s, so that a CLI that blocks fails the test."""
    result = subprocess.run(
        [sys.executable, "-m", "codec", *args],
        cwd=ROOT,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=20,
        check=False,
    )
    assert "Traceback" not in result.stderr, result.stderr
    return result


def test_a_fifo_is_that_files_problem_and_never_blocks(tmp_path: Path) -> None:
    """A FIFO is refused unopened (no writer ever comes); the other files are still checked."""
    fifo = tmp_path / "pipe.xml"
    os.mkfifo(fifo)
    good = GOLDEN / "v3_response.xml"
    result = _run_with_timeout("validate", str(fifo), str(good))
    assert result.returncode == 2
    lines = result.stdout.splitlines()
    assert lines[0] == f"{fifo}: $: a FIFO, not a regular file: not read [unreadable]"
    assert lines[1] == f"{good}: OK (v3)"
    assert lines[2] == "2 files: 1 valid, 1 invalid, 1 problem"
    converted = _run_with_timeout("convert", str(fifo), "--to-version", "3", "--to-format", "xml")
    assert converted.returncode == 2
    assert "a FIFO, not a regular file" in converted.stderr


def test_max_bytes_option_refuses_a_larger_file(tmp_path: Path) -> None:
    """--max-bytes N: a larger file is that file's limit problem, the others are checked."""
    good = GOLDEN / "v3_request.xml"
    large = GOLDEN / "v3_response.xml"
    limit = str(good.stat().st_size)
    result = run("validate", "--max-bytes", limit, str(large), str(good))
    assert result.returncode == 1
    size = large.stat().st_size
    assert result.stdout.splitlines() == [
        f"{large}: $: a file of {size} bytes exceeds max_bytes={limit}: not read [limit]",
        f"{good}: OK (v1, v2, v3, v4)",
        "2 files: 1 valid, 1 invalid, 1 problem",
    ]
    converted = run("convert", str(large), "--max-bytes", limit, "--to-version", "3",
                    "--to-format", "json")  # fmt: skip
    assert converted.returncode == 1
    assert f"exceeds max_bytes={limit}" in converted.stderr


#: A file name that is not UTF-8, as `os.fsdecode` gives it (a surrogate escape).
NOT_UTF8 = os.fsdecode(b"caf\xe9.xml")


def test_a_file_name_that_is_not_utf8_is_printed_escaped(tmp_path: Path) -> None:
    """Text and JSON output show an undecodable name with backslash escapes, no traceback."""
    (tmp_path / NOT_UTF8).write_bytes((GOLDEN / "v3_response.xml").read_bytes())
    shown = f"{tmp_path}/caf\\xe9.xml"
    text = run("validate", str(tmp_path / NOT_UTF8))
    assert text.returncode == 0, text.stderr
    assert text.stdout.splitlines()[0] == f"{shown}: OK (v3)"
    walked = run("validate", "--output", "json", str(tmp_path))
    assert walked.returncode == 0, walked.stderr
    assert [entry["file"] for entry in json.loads(walked.stdout)["files"]] == [shown]


def test_folder_walk_takes_suffixes_in_any_case(tmp_path: Path) -> None:
    """*.XML and *.Json are payloads too when a folder is searched."""
    (tmp_path / "A.XML").write_bytes((GOLDEN / "v3_response.xml").read_bytes())
    (tmp_path / "b.Json").write_bytes((GOLDEN / "v3_response.json").read_bytes())
    (tmp_path / "notes.txt").write_text("not a payload")
    result = run("validate", str(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines() == [
        f"{tmp_path / 'A.XML'}: OK (v3)",
        f"{tmp_path / 'b.Json'}: OK (v3)",
        "2 files: 2 valid, 0 invalid, 0 problems",
    ]


def test_summary_says_one_file_and_one_problem() -> None:
    """The summary is singular for one: '1 file', '1 problem'."""
    result = run("validate", "--version", "2", "tests/golden/v1_request.json")
    assert result.stdout.splitlines()[-1] == "1 file: 0 valid, 1 invalid, 1 problem"


def test_version_option() -> None:
    """--version prints pi-codec and the installed version."""
    result = run("--version")
    assert result.returncode == 0
    assert result.stdout == f"pi-codec {importlib.metadata.version('codec')}\n"


def test_dir_and_help_list_the_lazily_loaded_names() -> None:
    """dir(codec) and help(codec) show every public name, before any was loaded."""
    script = (
        "import codec, pydoc\n"
        "print(sorted(set(codec.__all__) - set(dir(codec))))\n"
        "text = pydoc.render_doc(codec, renderer=pydoc.plaintext)\n"
        "print([n for n in ('build_request(', 'validate(', 'class Report') if n not in text])\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["[]", "[]"]
