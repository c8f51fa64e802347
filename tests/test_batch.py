"""Validation of many files (issue [scale], first part): `codec.validate_files` and the command
line built on it, on every core (``jobs``), in the files' order, with ``--quiet`` and
``--output jsonl``."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import codec
from codec._batch import payload_files

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
    # the options every file is checked with, at once: not on the first file, nor in a worker
    for bad, match in (
        ({"version": 7}, "version"),
        ({"format": "yaml"}, "format"),
        ({"max_bytes": 0}, "max_bytes"),
    ):
        with pytest.raises(codec.ArgumentError, match=match):
            codec.validate_files([GOLDEN], jobs=2, **bad)


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


_PROBE_MODULE = """
import codec


@codec.model(root="probe")
class Probe:
    n: int = codec.attribute()
"""


def _cli_with_path(site: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``python -m codec ARGS`` with ``site`` on the module search path."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(site), str(ROOT)])}
    return subprocess.run(
        [sys.executable, "-m", "codec", *args],
        cwd=site,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_user_models_through_models_and_through_an_entry_point(tmp_path: Path) -> None:
    """A payload model of the user's is known to validate (type detection, --type) and to
    schema, named by --models MODULE or by an installed package's entry point."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "probe_models.py").write_text(_PROBE_MODULE)
    payload = tmp_path / "probe.xml"
    payload.write_bytes(b'<probe n="3"/>')
    unknown = _cli_with_path(site, "validate", str(payload))
    assert unknown.returncode == 1
    assert "unknown payload 'probe'" in unknown.stdout
    named = _cli_with_path(site, "--models", "probe_models", "validate", str(payload))
    assert named.stdout.splitlines()[0] == f"{payload}: OK (v1, v2, v3, v4)"
    missing = _cli_with_path(site, "--models", "no_such_models", "validate", str(payload))
    assert missing.returncode == 2
    assert "cannot import it" in missing.stderr
    # an installed distribution that declares the entry point (what pip leaves in site-packages)
    dist = site / "probe_models-1.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: probe-models\nVersion: 1.0\n")
    (dist / "entry_points.txt").write_text("[codec.models]\nprobe = probe_models\n")
    found = _cli_with_path(site, "validate", str(payload), "--jobs", "1")
    assert found.returncode == 0, found.stdout + found.stderr
    schema = _cli_with_path(site, "schema", "--version", "3", "--type", "Probe")
    assert orjson.loads(schema.stdout)["properties"] == {"probe": {"$ref": "#/$defs/Probe"}}


def _rglob_order(folder: Path) -> list[str]:
    """The order files were listed in before, by `Path.rglob` and a sort of `Path`s."""
    return [
        str(p)
        for p in sorted(folder.rglob("*"))
        if p.suffix.lower() in (".xml", ".json") and not p.is_dir()
    ]


_NAMES = st.sampled_from(
    ["a", "a.json", "a.xml", "A.JSON", "a.b", "b", "b.Xml", "x.json.txt", "é.json", "a-b", "a_b"]
)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.lists(_NAMES, min_size=1, max_size=3), st.booleans()), max_size=12))
def test_folders_are_listed_in_the_order_of_sorted_paths(
    tmp_path_factory: pytest.TempPathFactory, tree: list[tuple[list[str], bool]]
) -> None:
    """A folder's files come in the order `sorted(Path.rglob(...))` gives, folders named like
    payloads searched and not listed, linked folders and dangling links as before."""
    folder = tmp_path_factory.mktemp("tree")
    (folder / "only.json").write_bytes(b"{}")
    for parts, is_file in tree:
        path = folder.joinpath(*parts)
        if path.exists() or any(p.is_file() for p in path.parents if p != folder):
            continue
        if is_file:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(b"{}")
        else:
            path.mkdir(parents=True, exist_ok=True)
    (folder / "linked.json").symlink_to(folder / "nowhere")  # dangling: listed, unreadable
    (folder / "loop").symlink_to(folder)  # a linked folder: not searched
    listed = [name for name, _ in payload_files([folder])]
    assert listed == _rglob_order(folder)


def test_a_folder_is_listed_as_the_work_asks_for_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first report comes before the last folder is listed: memory stays flat however
    many files there are."""
    for i in range(5):
        (tmp_path / f"d{i}").mkdir()
        (tmp_path / f"d{i}" / "x.json").write_bytes(b"{}")
    listed: list[str] = []
    scandir = os.scandir

    def counting(path: Any) -> Any:
        listed.append(os.fspath(path))
        return scandir(path)

    monkeypatch.setattr(os, "scandir", counting)
    reports = codec.validate_files([tmp_path], jobs=1)
    first = next(reports)
    assert first.file == str(tmp_path / "d0" / "x.json")
    before = len(listed)
    assert before < 6  # the folder and d0 (and what the check for an empty folder read)
    assert len(list(reports)) == 4
    assert len(listed) > before
