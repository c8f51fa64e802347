"""Validation of many payload files: one report per file, in the order the files are named,
on as many processes as asked (``jobs``).

The unit of work is a file: read it (a regular file only, within ``max_bytes``), validate it,
report. Workers read their files themselves, so only names go out and reports come back; files
go out in chunks, and at most a few chunks per worker are under way at once, so that memory
stays flat however many files there are, and reports come back in the files' order.

The payload types a file may be come from the caller (``types``: `codec.validate_files` passes
the shipped ones); this module, like the rest of the core, knows no payload of its own.
"""

from __future__ import annotations

import itertools
import os
import stat
import sys
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from typing import Any, Final

import attrs

from ._errors import ArgumentError, Problem
from ._limits import limits_of
from ._validate import Report, validate
from ._versions import parse_format, parse_version

__all__ = [
    "FileReport",
    "add_to_summary",
    "new_summary",
    "payload_files",
    "read_payload",
    "validate_files",
]

#: the file name suffixes a folder is searched for (any case)
SUFFIXES: Final = (".xml", ".json")
#: files sent to a worker at once, and chunks under way per worker
_CHUNK: Final = 64
_AHEAD: Final = 4
_NONBLOCK: Final = getattr(os, "O_NONBLOCK", 0)

EMPTY: Final = Report(
    False, None, None, (), (Problem("syntax", "$", "empty file: expected an XML or JSON payload"),)
)


@attrs.frozen
class FileReport:
    """The verdict on one file: its name as given (or found in a folder; ``-`` for standard
    input) and its `Report`. A file that could not be read has a report with one problem of
    code ``unreadable`` (or ``limit`` for one over ``max_bytes``)."""

    file: str
    report: Report


def new_summary() -> dict[str, int]:
    """The counts a batch ends with, all zero: ``files``, ``valid``, ``invalid``, ``problems``."""
    return {"files": 0, "valid": 0, "invalid": 0, "problems": 0}


def add_to_summary(summary: dict[str, int], report: Report) -> None:
    """Count one file's report in ``summary`` (`new_summary`)."""
    summary["files"] += 1
    summary["valid" if report.ok else "invalid"] += 1
    summary["problems"] += 0 if report.ok else len(report.problems)


def _walk(folder: str) -> Iterator[str]:
    """The ``*.xml`` and ``*.json`` files (any case) below ``folder``, in the order of their
    sorted `Path` (a folder's entries sorted by name, a subfolder's files at its place), listed
    one folder at a time: only the listings of the folders on the way down are held. Anything
    by a payload's name but a folder is yielded (a FIFO or a dangling link there is that file's
    problem when it is read, not passed over in silence); linked folders are not searched (as
    `Path.rglob`), and neither is a folder that cannot be listed."""
    stack = [iter(_entries(folder))]
    while stack:
        entry = next(stack[-1], None)
        if entry is None:
            stack.pop()
            continue
        try:
            is_dir = entry.is_dir()
        except OSError:
            is_dir = False
        if is_dir:
            if not entry.is_symlink():
                stack.append(iter(_entries(entry.path)))
        elif os.path.splitext(entry.name)[1].lower() in SUFFIXES:
            yield entry.path


def _entries(folder: str) -> list[os.DirEntry[str]]:
    try:
        with os.scandir(folder) as found:
            return sorted(found, key=lambda e: e.name)
    except OSError:
        return []


def _named(paths: Iterable[str | os.PathLike[str]]) -> list[tuple[str, bool]]:
    """(name, is a folder) of each path, checked at once: `ArgumentError` for a path that does
    not exist, or a folder with no payload file."""
    named: list[tuple[str, bool]] = []
    for item in paths:
        name = os.fspath(item)
        if name == "-":
            named.append((name, False))
        elif os.path.isdir(name):
            folder = str(Path(name))
            if next(_walk(folder), None) is None:
                raise ArgumentError(f"{name!r}: no *.xml or *.json files in this directory")
            named.append((folder, True))
        elif os.path.lexists(name):
            named.append((name, False))
        else:
            raise ArgumentError(f"{name!r}: no such file or directory")
    return named


def payload_files(paths: Iterable[str | os.PathLike[str]]) -> Iterator[tuple[str, str | None]]:
    """(name, path) for each payload a list of paths names: a file as it stands, a folder's
    ``*.xml`` and ``*.json`` files (any case, sorted, searched through), ``-`` for standard
    input (path ``None``). The paths are checked at once (`ArgumentError` for one that does
    not exist, or a folder with no payload file); a folder's files are listed as they are
    asked for, so that memory stays flat however many there are."""
    return _listing(_named(paths))


def _listing(named: list[tuple[str, bool]]) -> Iterator[tuple[str, str | None]]:
    for name, is_folder in named:
        if is_folder:
            for path in _walk(name):
                yield path, path
        else:
            yield name, None if name == "-" else name


def _unreadable(message: str) -> Problem:
    return Problem("unreadable", "$", message)


def _too_large(what: str, max_bytes: int, read: str = "not read") -> Problem:
    return Problem("limit", "$", f"{what} exceeds max_bytes={max_bytes}: {read}")


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a special file"


def _read(fd: int, size: int, until: int) -> bytes:
    """Up to ``size`` bytes of a file: a read returns fewer only at the file's end or above
    the system's cap on one read (2 GiB), so more are asked for only below ``until``."""
    data = os.read(fd, size)
    while len(data) < min(size, until):
        more = os.read(fd, size - len(data))
        if not more:
            break
        data += more
    return data


def read_payload(path: str | os.PathLike[str] | None, max_bytes: int) -> bytes | Problem:
    """The bytes of a payload, or the `Problem` that kept it from being read: only a regular
    file is opened, and only when its size is within ``max_bytes`` (``None``: standard
    input, read no further than that)."""
    if path is None:
        data = sys.stdin.buffer.read(max_bytes + 1)
        if len(data) > max_bytes:
            return _too_large("standard input", max_bytes, "read no further")
        return data
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):
            return _unreadable(f"{_kind(info.st_mode)}, not a regular file: not read")
        if info.st_size > max_bytes:
            return _too_large(f"a file of {info.st_size} bytes", max_bytes)
        fd = os.open(path, os.O_RDONLY | _NONBLOCK)
        try:
            if not stat.S_ISREG(os.fstat(fd).st_mode):  # replaced since checked
                return _unreadable("not a regular file: not read")
            # As much as the file holds, and one byte more to see it grew (to the limit, then):
            # a read of max_bytes would allocate that much (64 MiB) first, for every file.
            data = _read(fd, min(max_bytes, info.st_size) + 1, info.st_size)
            if len(data) > info.st_size:
                rest = max_bytes + 1 - len(data)
                data += _read(fd, rest, rest)
        finally:
            os.close(fd)
    except OSError as exc:
        return _unreadable(f"cannot read: {exc.strerror or exc}")
    if len(data) > max_bytes:  # it grew since it was checked
        return _too_large("the file", max_bytes, "read no further")
    return data


@attrs.frozen
class _Options:
    """What every file is checked with (sent to each worker once per chunk)."""

    type: Any
    version: int | str | None
    format: str | None
    lenient: bool
    types: tuple[type[Any], ...]
    max_bytes: int


def check_options(
    type: Any,
    version: int | str | None,
    format: str | None,
    lenient: bool,
    types: Iterable[type[Any]],
    max_bytes: int | None,
) -> _Options:
    """What every file of a batch is checked with, checked at once (`ArgumentError` for a bad
    version, format or ``max_bytes``), not on each file, nor in a worker."""
    if version is not None:
        parse_version(version)
    if format is not None:
        parse_format(format)
    limits = limits_of(max_bytes, None, None)
    return _Options(type, version, format, lenient, tuple(types), limits.max_bytes)


def _check(name: str, path: str | None, options: _Options) -> FileReport:
    data = read_payload(path, options.max_bytes)
    if isinstance(data, Problem):
        return FileReport(name, Report(False, None, None, (), (data,)))
    if not data or data.isspace():
        return FileReport(name, EMPTY)
    report = validate(
        data,
        options.type,
        version=options.version,
        format=options.format,
        lenient=options.lenient,
        types=options.types,
        max_bytes=options.max_bytes,
    )
    return FileReport(name, report)


def _check_chunk(chunk: list[tuple[str, str | None]], options: _Options) -> list[FileReport]:
    return [_check(name, path, options) for name, path in chunk]


def _chunks(
    files: Iterable[tuple[str, str | None]], size: int
) -> Iterator[list[tuple[str, str | None]]]:
    chunk: list[tuple[str, str | None]] = []
    for item in files:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def validate_files(
    paths: Iterable[str | os.PathLike[str]],
    type: type[Any] | None = None,
    *,
    version: int | str | None = None,
    format: str | None = None,
    lenient: bool = False,
    types: Iterable[type[Any]] = (),
    max_bytes: int | None = None,
    jobs: int | None = None,
) -> Iterator[FileReport]:
    """`validate` each payload file ``paths`` name (files, folders searched for ``*.xml`` and
    ``*.json``, ``-`` for standard input), one `FileReport` a file, in the order the files
    are named (a folder's sorted), as soon as each is known.

    ``jobs``: worker processes (default: every core; ``1``: this process alone, as standard
    input always is). The other arguments are `validate`'s, for every file. `ArgumentError`
    at once for a path that does not exist or a bad ``jobs``; a file that cannot be read is a
    report, not an error.
    """
    if jobs is None:
        jobs = os.cpu_count() or 1
    if jobs.__class__ is not int or jobs < 1:
        raise ArgumentError(f"jobs={jobs!r}: expected a positive number of processes")
    options = check_options(type, version, format, lenient, types, max_bytes)
    named = _named(paths)  # a bad path is an error before any work
    files = _listing(named)  # listed as the work asks for it: memory stays flat
    head = [] if jobs == 1 else list(itertools.islice(files, _CHUNK + 1))
    if jobs == 1 or len(head) <= _CHUNK or any(name == "-" for name, _ in named):
        return (_check(name, path, options) for name, path in itertools.chain(head, files))
    return _in_processes(itertools.chain(head, files), options, jobs)


def _in_processes(
    files: Iterable[tuple[str, str | None]], options: _Options, jobs: int
) -> Iterator[FileReport]:
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        pending: deque[Future[list[FileReport]]] = deque()
        for chunk in _chunks(files, _CHUNK):
            pending.append(pool.submit(_check_chunk, chunk, options))
            if len(pending) >= jobs * _AHEAD:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()
