"""The command line in-process, where a test must fake what a subprocess cannot: a file that
cannot be read (the tests may run as root), a terminal on standard error, the script's name;
and ``attrs.evolve`` keeping what an instance kept, which ``convert`` relies on."""

from __future__ import annotations

import io
import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs
import pytest

import codec
from codec.__main__ import main
from codec._limits import DEFAULT_LIMITS
from codec.jobservice import MgmtResponse

from .support import ROOT

GOLDEN = ROOT / "tests" / "golden"


def _refuse_opening(monkeypatch: pytest.MonkeyPatch, target: Path, error: Exception) -> None:
    """Make every way of opening ``target`` (``os.open``, ``io.open``) raise ``error``; other
    paths open as usual."""

    def guard(real: Callable[..., Any]) -> Callable[..., Any]:
        def opener(file: Any, *args: Any, **kwargs: Any) -> Any:
            if isinstance(file, (str, bytes, os.PathLike)) and os.fspath(file) == os.fspath(target):
                raise error
            return real(file, *args, **kwargs)

        return opener

    monkeypatch.setattr(os, "open", guard(os.open))
    monkeypatch.setattr(io, "open", guard(io.open))


def test_an_unreadable_file_is_that_files_problem_and_the_run_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A file whose opening fails (EACCES) is reported; the others are checked; status 2."""
    locked = tmp_path / "locked.xml"
    shutil.copy(GOLDEN / "v3_response.xml", locked)
    good = GOLDEN / "v3_request.xml"
    _refuse_opening(monkeypatch, locked, PermissionError(13, "Permission denied"))
    assert main(["validate", str(locked), str(good)]) == 2
    assert capsys.readouterr().out.splitlines() == [
        f"{locked}: $: cannot read: Permission denied [unreadable]",
        f"{good}: OK (v1, v2, v3, v4)",
        "2 files: 1 valid, 1 invalid, 1 problem",
    ]
    assert main(["validate", "--output", "json", str(locked), str(good)]) == 2
    report = json.loads(capsys.readouterr().out)
    assert [(f["file"], f["ok"]) for f in report["files"]] == [
        (str(locked), False),
        (str(good), True),
    ]
    assert report["files"][0]["problems"][0]["code"] == "unreadable"
    assert report["summary"] == {"files": 2, "valid": 1, "invalid": 1, "problems": 1}


def test_a_file_over_max_bytes_is_refused_from_its_size_without_being_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Over codec's default max_bytes: a limit problem from os.stat; the file is never opened."""
    big = tmp_path / "big.json"
    with big.open("wb") as file:
        file.truncate(DEFAULT_LIMITS.max_bytes + 1)  # sparse: costs no disk
    _refuse_opening(monkeypatch, big, AssertionError("the over-large file was opened"))
    good = GOLDEN / "v3_request.xml"
    assert main(["validate", str(big), str(good)]) == 1
    size = DEFAULT_LIMITS.max_bytes + 1
    assert capsys.readouterr().out.splitlines() == [
        f"{big}: $: a file of {size} bytes exceeds max_bytes={DEFAULT_LIMITS.max_bytes}: "
        "not read [limit]",
        f"{good}: OK (v1, v2, v3, v4)",
        "2 files: 1 valid, 1 invalid, 1 problem",
    ]


class _Terminal(io.StringIO):
    """A stream that says it is a terminal."""

    def isatty(self) -> bool:
        return True


def _screen(text: str) -> list[str]:
    """The lines a terminal shows for ``text``: a carriage return goes back to the start of
    the line, and what follows overwrites it."""
    lines = []
    for raw in text.split("\n"):
        cells: list[str] = []
        column = 0
        for char in raw:
            if char == "\r":
                column = 0
                continue
            if column < len(cells):
                cells[column] = char
            else:
                cells.append(char)
            column += 1
        lines.append("".join(cells).rstrip())
    return lines


def test_progress_never_shares_a_line_with_the_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a terminal, the progress bar (tqdm's) is cleared before each output line and is
    gone at the end."""
    sample = (GOLDEN / "v3_request.xml").read_bytes()
    for i in range(201):
        (tmp_path / f"{i:03}.xml").write_bytes(sample)
    terminal = _Terminal()
    monkeypatch.setattr("sys.stdout", terminal)
    monkeypatch.setattr("sys.stderr", terminal)
    assert main(["validate", str(tmp_path), "--jobs", "1"]) == 0
    text = terminal.getvalue()
    assert "/201" in text  # the bar: n/total files
    assert "file" in text.split("\n")[0]
    lines = _screen(text)
    assert lines[-1] == ""  # the last line ended: nothing left on the prompt's line
    expected = [f"{tmp_path / f'{i:03}.xml'}: OK (v1, v2, v3, v4)" for i in range(201)]
    assert lines[:-1] == [*expected, "201 files: 201 valid, 0 invalid, 0 problems"]


def test_help_names_the_program_as_it_was_run(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Run as the pi-codec script, the help says pi-codec; run as a module, python -m codec."""
    for argv0, program in [
        (os.path.join("venv", "bin", "pi-codec"), "pi-codec"),
        (os.path.join("codec", "__main__.py"), "python -m codec"),
    ]:
        monkeypatch.setattr("sys.argv", [argv0, "--help"])
        with pytest.raises(SystemExit) as exited:
            main(["--help"])
        assert exited.value.code == 0
        assert capsys.readouterr().out.startswith(f"usage: {program} [-h]")


def test_evolve_keeps_what_the_instance_kept() -> None:
    """attrs.evolve (as convert uses it) gives the copy what the original kept, and nothing
    to the copy of an instance that kept nothing."""
    data = (
        (GOLDEN / "v1_response.xml")
        .read_bytes()
        .replace(b"<operationResult>", b"<x/><operationResult>")
    )
    model: Any = codec.decode(data, MgmtResponse, version=1, format="xml", unknown="keep")
    copy = attrs.evolve(model, request_url="u")
    assert codec.kept(copy) == codec.kept(model) == codec.Kept("xml", (), ((None, "<x/>"),))
    assert b"<x/><operationResult>" in codec.encode(copy, version=1, format="xml")
    plain: Any = MgmtResponse()
    assert codec.kept(attrs.evolve(plain)) is None


def test_control_characters_in_file_names_are_escaped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A file name holding a line feed cannot forge an output line: it is printed escaped."""
    (tmp_path / "a\nb: OK (v1).xml").write_bytes(b"<mgmtResponse/>")
    assert main(["validate", str(tmp_path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2
    assert "a\\nb: OK (v1).xml" in lines[0]


def test_a_fifo_in_a_folder_is_reported_not_skipped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A FIFO among a folder's payloads is that file's problem (never opened), not skipped."""
    os.mkfifo(tmp_path / "pipe.xml")
    (tmp_path / "ok.xml").write_bytes((GOLDEN / "v3_response.xml").read_bytes())
    assert main(["validate", str(tmp_path)]) == 2
    out = capsys.readouterr().out
    assert "pipe.xml" in out
    assert "[unreadable]" in out


def test_convert_rewrites_overlapping_version_segments(tmp_path: Path) -> None:
    """Every ``/webacs/api/vN/`` of an envelope URL names the target version, overlapping
    ones included, so the output validates for it."""
    url = "https://h/p/webacs/api/v3/webacs/api/v2/op"
    path = tmp_path / "in.xml"
    path.write_bytes(f'<mgmtResponse requestUrl="{url}"/>'.encode())
    out = tmp_path / "out.xml"
    assert (
        main(["convert", str(path), "--to-version", "4", "--to-format", "xml", "-o", str(out)]) == 0
    )
    data = out.read_bytes()
    assert b"/webacs/api/v4/webacs/api/v4/op" in data
    assert codec.validate(data, MgmtResponse, version=4).ok
    # Strict checking finds both segments of the input: it names v2 and v3.
    assert codec.validate(path.read_bytes(), MgmtResponse).versions == (2, 3)
