"""Validation reports as a SARIF 2.1.0 log, so that CI systems show each problem on its file,
line and column.

One run of one tool (``codec``); one rule a problem code (`codec._errors.PROBLEM_CODES`); one
result a problem, of level ``error``, at:

* its file: ``artifactLocation.uri``, a relative reference for a relative name (``/`` for the
  separator, percent-encoded: a name that is not UTF-8 keeps its bytes as ``%FF``), a
  ``file:`` URI for an absolute one; standard input has no URI, only a description;
* its line and column (``region``): the XML parser's for XML input; for JSON input, those of the
  deepest value of the problem's path the file holds (`codec._locate`), found by reading the
  file again, only for a file with such a problem (standard input, read once, has none);
  columns count code points (``columnKind: unicodeCodePoints``);
* its path in the payload, as a logical location (``$.mgmtResponse.job[0].jobStatus``).

The log is written as it goes: one result after another, so memory stays flat however many
files there are; the counts of `validate`'s summary close it, in the run's ``properties``.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import IO, Any, Final
from urllib.parse import quote

import orjson

from ._batch import FileReport, read_payload
from ._errors import PROBLEM_CODES, Problem
from ._limits import DEFAULT_LIMITS
from ._locate import json_positions

__all__ = ["SARIF_SCHEMA", "write_sarif"]

#: The schema a log names (OASIS SARIF 2.1.0, errata 01).
SARIF_SCHEMA: Final = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
_RULES: Final = list(PROBLEM_CODES)
_RULE_INDEX: Final = {code: i for i, code in enumerate(_RULES)}


def _artifact(name: str) -> dict[str, Any]:
    if name == "-":
        return {"description": {"text": "standard input"}}
    if os.path.isabs(name):
        return {"uri": Path(name).as_uri()}  # percent-encodes the name's bytes
    raw = os.fsencode(name)
    if os.sep != "/":
        raw = raw.replace(os.sep.encode(), b"/")
    return {"uri": quote(raw, safe="/")}


def _result(uri: dict[str, Any], problem: Problem, where: tuple[int, int] | None) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": uri}
    if where is not None:
        physical["region"] = {"startLine": where[0], "startColumn": where[1]}
    location: dict[str, Any] = {
        "physicalLocation": physical,
        "logicalLocations": [{"fullyQualifiedName": problem.path, "kind": "member"}],
    }
    code = problem.code if problem.code in _RULE_INDEX else "invalid"
    return {
        "ruleId": code,
        "ruleIndex": _RULE_INDEX[code],
        "level": "error",
        "message": {"text": problem.message},
        "locations": [location],
    }


def _json_text(name: str, max_bytes: int) -> str | None:
    """The text of a JSON file again, to find its problems' lines (``None``: not to be had)."""
    if name == "-":
        return None
    data = read_payload(name, max_bytes)
    if isinstance(data, Problem):
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None


def _results(checked: FileReport, max_bytes: int) -> Iterable[dict[str, Any]]:
    report = checked.report
    if report.ok:
        return
    uri = _artifact(checked.file)
    locate: Callable[[str], tuple[int, int] | None] | None = None
    for problem in report.problems:
        where: tuple[int, int] | None = None
        if problem.line is not None and problem.column is not None:
            where = (problem.line, problem.column)
        elif report.format == "json" and problem.code not in ("unreadable", "limit"):
            if locate is None:  # read once a file, and scanned once for all its problems
                text = _json_text(checked.file, max_bytes)
                locate = json_positions(text) if text else _nowhere
            where = locate(problem.path)
        yield _result(uri, problem, where)


def _nowhere(_path: str) -> None:
    """No position: the file could not be read again."""


def _driver(version: str) -> dict[str, Any]:
    return {
        "name": "codec",
        "version": version,
        "rules": [
            {
                "id": code,
                "shortDescription": {"text": text},
                "defaultConfiguration": {"level": "error"},
            }
            for code, text in PROBLEM_CODES.items()
        ],
    }


def write_sarif(
    reports: Iterable[FileReport],
    out: IO[str],
    *,
    tool_version: str = "unknown",
    max_bytes: int | None = None,
    summary: Callable[[], dict[str, int]] | None = None,
) -> None:
    """Write the SARIF 2.1.0 log of ``reports`` (`codec.validate_files`) to ``out``, one result
    after another as the reports come. ``max_bytes`` bounds the re-reading of JSON files for
    their problems' lines (default: codec's); ``summary``, called once all reports are written,
    gives counts kept in the run's ``properties``."""
    limit = DEFAULT_LIMITS.max_bytes if max_bytes is None else max_bytes
    head = {"$schema": SARIF_SCHEMA, "version": "2.1.0"}
    run_head = {"tool": {"driver": _driver(tool_version)}, "columnKind": "unicodeCodePoints"}
    out.write(orjson.dumps(head).decode()[:-1] + ',"runs":[')
    out.write(orjson.dumps(run_head).decode()[:-1] + ',"results":[')
    first = True
    for checked in reports:
        for result in _results(checked, limit):
            out.write(("\n" if first else ",\n") + orjson.dumps(result).decode())
            first = False
    tail: dict[str, Any] = {"invocations": [{"executionSuccessful": True}]}
    if summary is not None:
        tail["properties"] = {"summary": summary()}
    out.write("\n]," + orjson.dumps(tail).decode()[1:] + "]}\n")
