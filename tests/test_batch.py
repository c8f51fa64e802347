"""Validation of many files (issue [scale], first part): `codec.validate_files` and the command
line built on it, on every core (``jobs``), in the files' order, with ``--quiet`` and
``--output jsonl``."""

from __future__ import annotations

import os
from pathlib import Path

import orjson
import pytest

import codec

from .support import ROOT, run_cli

GOLDEN = ROOT / "tests" / "golden"


def _corpus(folder: Path, copies: int) -> list[str]:
    """``copies`` of each vendor sample, a broken copy of each, an empty file and a FIFO named
    like a payload (unreadable): the names a folder is read in (sorted)."""
    samples = sorted(GOLDEN.iterdir())
    for i in range(copies):
        for sample in samples:
            data = sample.read_bytes()
            (folder / f"{i:03}_{sample.name}").write_bytes(data)
            broken = data.replace(b"15", b"x5", 1).replace(b"<", b"<<", 1 if i % 7 == 0 else 0)
            (folder / f"{i:03}_bad_{sample.name}").write_bytes(broken)
    (folder / "empty.json").write_bytes(b"")
    os.mkfifo(folder / "pipe.xml")
    return sorted(str(p) for p in folder.rglob("*") if p.suffix in (".xml", ".json"))


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    folder = tmp_path_factory.mktemp("corpus")
    return folder, _corpus(folder, 12)


def test_every_file_gets_the_verdict_validate_gives_in_order(
    corpus: tuple[Path, list[str]],
) -> None:
    folder, names = corpus
    serial = list(codec.validate_files([folder], jobs=1))
    assert [r.file for r in serial] == names
    parallel = list(codec.validate_files([folder], jobs=2))
    assert parallel == serial
    for checked in serial:
        path = Path(checked.file)
        if path.is_fifo():
            assert [p.code for p in checked.report.problems] == ["unreadable"]
        elif not path.read_bytes():
            assert checked.report.problems[0].message.startswith("empty file")
        else:
            assert checked.report == codec.validate(path.read_bytes())
    assert any(r.report.ok for r in serial)
    assert any(not r.report.ok for r in serial)


def test_bad_arguments_are_refused_before_any_work(tmp_path: Path) -> None:
    with pytest.raises(codec.ArgumentError, match="no such file"):
        codec.validate_files([tmp_path / "missing.xml"])
    for jobs in (0, -1, 1.5, True):
        with pytest.raises(codec.ArgumentError, match="jobs="):
            codec.validate_files([GOLDEN], jobs=jobs)  # type: ignore[arg-type]


def test_the_command_line_streams_json_lines_on_every_core(
    corpus: tuple[Path, list[str]],
) -> None:
    folder, names = corpus
    result = run_cli("validate", str(folder), "--jobs", "2", "--output", "jsonl")
    lines = [orjson.loads(line) for line in result.stdout.splitlines()]
    assert [line["file"] for line in lines[:-1]] == names
    expected = list(codec.validate_files([folder], jobs=1))
    assert [line["ok"] for line in lines[:-1]] == [r.report.ok for r in expected]
    summary = lines[-1]["summary"]
    assert summary["files"] == len(names)
    assert summary["valid"] == sum(r.report.ok for r in expected)
    assert result.returncode == 2  # one file could not be read (the FIFO)


def test_quiet_prints_the_problems_and_the_summary_only(corpus: tuple[Path, list[str]]) -> None:
    folder, names = corpus
    loud = run_cli("validate", str(folder), "--jobs", "1").stdout.splitlines()
    quiet = run_cli("validate", str(folder), "--quiet").stdout.splitlines()
    assert any(line.endswith(")") and ": OK (" in line for line in loud)
    assert not any(": OK (" in line for line in quiet)
    assert quiet == [line for line in loud if ": OK (" not in line]
    assert quiet[-1].startswith(f"{len(names)} files: ")


def test_jobs_must_be_a_positive_number() -> None:
    result = run_cli("validate", str(GOLDEN), "--jobs", "0")
    assert result.returncode == 2
    assert "positive number of processes" in result.stderr


def test_no_progress_bar_when_standard_error_is_no_terminal(tmp_path: Path) -> None:
    """A run of more files than the bar waits for prints nothing on standard error when it is
    not a terminal (a pipe, a CI log): the output stays clean."""
    sample = (GOLDEN / "v3_request.xml").read_bytes()
    for i in range(260):
        (tmp_path / f"{i:03}.xml").write_bytes(sample)
    result = run_cli("validate", str(tmp_path), "--quiet")
    assert result.returncode == 0
    assert result.stderr == ""
    assert result.stdout == "260 files: 260 valid, 0 invalid, 0 problems\n"
