"""Command line: ``python -m codec`` (also installed as ``pi-codec``).

* ``validate PATH...``: is each payload valid, of which type, for which versions; every problem
  with its location. Exit status 0 when all are valid, 1 when any is invalid, 2 for a usage
  error or a file that cannot be read.
* ``convert PATH --to-version N --to-format F``: the payload rewritten for another version and
  format.
* ``describe``: the operations, their method, path per version and payload types.
* ``schema --version N [--type NAME]``: the JSON Schema of a payload type's JSON in that
  version (without ``--type``, one schema accepting any payload).
* ``diff --from N --to N [--type NAME]``: what changes in each payload type's JSON (or one's)
  between two versions, generated from the version rules.

Uses the public API only. Bad input is one clear line, never a traceback.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO, Any

import orjson

from . import (
    FORMATS,
    VERSIONS,
    CodecError,
    Problem,
    Report,
    any_payload_schema,
    decode,
    detect,
    encode,
    json_schema,
    root_of,
    validate,
    version_diff,
)
from .jobservice import OPERATIONS, JobOperationPayload, JobRunOperationPayload, MgmtResponse

_SUFFIXES = (".xml", ".json")
_TYPES: tuple[type[Any], ...] = (JobOperationPayload, JobRunOperationPayload, MgmtResponse)
_PROGRESS_FROM = 200  # files; progress is shown on a terminal above this many


class _UsageError(Exception):
    """A problem with the command line or the files it names (exit status 2)."""


def _type_named(name: str | None) -> type[Any] | None:
    if name is None:
        return None
    for cls in _TYPES:
        if name in (cls.__name__, root_of(cls)):
            return cls
    names = ", ".join(f"{cls.__name__} ({root_of(cls)})" for cls in _TYPES)
    raise _UsageError(f"unknown payload type {name!r}: expected one of {names}")


def _files(paths: Sequence[str]) -> Iterator[tuple[str, Path | None]]:
    """(name shown, path) for each payload; ``None`` for standard input."""
    for name in paths:
        if name == "-":
            yield "-", None
            continue
        path = Path(name)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.suffix in _SUFFIXES and p.is_file())
            if not found:
                raise _UsageError(f"{name}: no *.xml or *.json files in this directory")
            for p in found:
                yield str(p), p
        elif path.exists():
            yield name, path
        else:
            raise _UsageError(f"{name}: no such file or directory")


def _read(name: str, path: Path | None) -> bytes:
    if path is None:
        return sys.stdin.buffer.read()
    try:
        return path.read_bytes()
    except OSError as exc:
        raise _UsageError(f"{name}: cannot read: {exc.strerror}") from None


def _versions(versions: Sequence[int]) -> str:
    return ", ".join(f"v{v}" for v in versions)


def _problem_line(name: str, problem: Any) -> str:
    where = name if problem.line is None else f"{name}:{problem.line}:{problem.column}"
    return f"{where}: {problem.path}: {problem.message} [{problem.code}]"


def _report_dict(name: str, report: Report) -> dict[str, Any]:
    return {
        "file": name,
        "ok": report.ok,
        "format": report.format,
        "type": None if report.type is None else report.type.__name__,
        "versions": list(report.versions),
        "problems": [
            {
                "code": p.code,
                "path": p.path,
                "xml_path": p.xml_path,
                "line": p.line,
                "column": p.column,
                "message": p.message,
            }
            for p in report.problems
        ],
    }


_EMPTY = Report(
    False, None, None, (), (Problem("syntax", "$", "empty file: expected an XML or JSON payload"),)
)


def _validate_command(args: argparse.Namespace, out: IO[str]) -> int:
    cls = _type_named(args.type)
    files = list(_files(args.paths))
    progress = sys.stderr.isatty() and len(files) > _PROGRESS_FROM
    results = []
    for i, (name, path) in enumerate(files, 1):
        data = _read(name, path)
        if not data.strip():
            report = _EMPTY
        else:
            report = validate(
                data, cls, version=args.version, format=args.format, lenient=args.lenient
            )
        results.append((name, report))
        if args.output == "text":
            if report.ok:
                print(f"{name}: OK ({_versions(report.versions)})", file=out)
            for problem in () if report.ok else report.problems:
                print(_problem_line(name, problem), file=out)
        if progress and i % 100 == 0:
            print(f"\rchecked {i} of {len(files)} files", end="", file=sys.stderr)
    if progress:
        print(file=sys.stderr)
    valid = sum(r.ok for _, r in results)
    invalid = len(results) - valid
    problems = sum(len(r.problems) for _, r in results if not r.ok)
    summary = {"files": len(results), "valid": valid, "invalid": invalid, "problems": problems}
    if args.output == "json":
        document = {"files": [_report_dict(n, r) for n, r in results], "summary": summary}
        out.write(orjson.dumps(document, option=orjson.OPT_INDENT_2).decode() + "\n")
    else:
        print(
            f"{len(results)} files: {valid} valid, {invalid} invalid, {problems} problems", file=out
        )
    return 0 if invalid == 0 else 1


_TAG = re.compile(r"(<[^>]*>)")


def _indent_xml(data: bytes) -> bytes:
    """Indent XML written by this library: whitespace goes between tags only, never into text
    and never into an empty element, so the decoders read it back the same."""
    out: list[str] = []
    depth = 0
    previous = ""
    for token in _TAG.split(data.decode()):
        if not token:
            continue
        if token.startswith("<?"):
            out.append(token)
        elif token.startswith("</"):
            depth -= 1
            if previous == "end":
                out.append("\n" + "  " * depth)
            out.append(token)
            previous = "end"
        elif token.startswith("<"):
            if out and previous != "text":
                out.append("\n" + "  " * depth)
            out.append(token)
            depth += 1
            previous = "start"
        else:
            out.append(token)
            previous = "text"
    return ("".join(out) + "\n").encode()


def _convert_command(args: argparse.Namespace, out: IO[bytes]) -> int:
    files = list(_files([args.path]))
    if len(files) != 1:
        raise _UsageError(f"{args.path}: convert takes one file")
    name, path = files[0]
    data = _read(name, path)
    found = detect(data)
    fmt = args.from_format or found.format
    if fmt is None:
        print(f"{name}: neither XML nor JSON", file=sys.stderr)
        return 1
    cls = _type_named(args.type) or found.type
    if cls is None:
        print(f"{name}: unknown payload {found.root!r}", file=sys.stderr)
        return 1
    version = args.from_version or max(found.versions or (max(VERSIONS),))
    try:
        model = decode(data, cls, version=version, format=fmt)
        result = encode(model, version=args.to_version, format=args.to_format)
    except CodecError as exc:
        print(f"{name}: {exc}", file=sys.stderr)
        return 1
    if args.pretty:
        if args.to_format == "json":
            result = orjson.dumps(orjson.loads(result), option=orjson.OPT_INDENT_2)
            if VERSIONS[args.to_version].escape_slashes:
                result = result.replace(b"/", b"\\/")
            result += b"\n"
        else:
            result = _indent_xml(result)
    if args.output:
        try:
            Path(args.output).write_bytes(result)
        except OSError as exc:
            raise _UsageError(f"{args.output}: cannot write: {exc.strerror}") from None
    else:
        out.write(result)
    return 0


def _describe_command(out: IO[str]) -> int:
    for op in OPERATIONS:
        request = (
            "no body"
            if op.request_type is None
            else f"{op.request_type.__name__} <{root_of(op.request_type)}>"
        )
        print(
            f"{op.name}: {op.method}, request {request}, "
            f"response {op.response_type.__name__} <{root_of(op.response_type)}>",
            file=out,
        )
        for v in VERSIONS:
            print(
                f"  v{v}: {op.method} {op.path(version=v, format='xml')}  (XML)  "
                f"{op.path(version=v, format='json')}  (JSON)",
                file=out,
            )
    return 0


def _schema_command(args: argparse.Namespace, out: IO[bytes]) -> int:
    cls = _type_named(args.type)
    schema = (
        any_payload_schema(args.version, _TYPES) if cls is None else json_schema(cls, args.version)
    )
    out.write(orjson.dumps(schema, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS) + b"\n")
    return 0


def _diff_command(args: argparse.Namespace, out: IO[str]) -> int:
    cls = _type_named(args.type)
    for i, payload in enumerate(_TYPES if cls is None else (cls,)):
        if i:
            print(file=out)
        print(
            f"{payload.__name__} <{root_of(payload)}>: JSON v{args.from_version} -> "
            f"v{args.to_version}",
            file=out,
        )
        for line in version_diff(payload, args.from_version, args.to_version):
            print(f"  {line}", file=out)
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m codec",
        description="Validate, convert and describe Cisco Prime Infrastructure API payloads.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    versions = list(VERSIONS)

    check = commands.add_parser("validate", help="check payload files and report every problem")
    check.add_argument(
        "paths",
        nargs="+",
        metavar="PATH",
        help="a file, a folder (searched for *.xml and *.json) or - for stdin",
    )
    check.add_argument("--version", type=int, choices=versions, help="check this version only")
    check.add_argument("--format", choices=FORMATS, help="the format (default: detected)")
    check.add_argument("--type", help="payload type: class or root element name")
    check.add_argument(
        "--lenient", action="store_true", help="report only what lenient decoding refuses"
    )
    check.add_argument("--output", choices=("text", "json"), default="text")

    convert = commands.add_parser("convert", help="rewrite a payload for another version/format")
    convert.add_argument("path", metavar="PATH")
    convert.add_argument("--to-version", type=int, choices=versions, required=True)
    convert.add_argument("--to-format", choices=FORMATS, required=True)
    convert.add_argument("--from-version", type=int, choices=versions)
    convert.add_argument("--from-format", choices=FORMATS)
    convert.add_argument("--type", help="payload type: class or root element name")
    convert.add_argument("--pretty", action="store_true", help="indent the output")
    convert.add_argument("-o", "--output", metavar="FILE", help="write here, not to stdout")

    commands.add_parser("describe", help="list the operations, paths and payload types")

    schema = commands.add_parser("schema", help="print the JSON Schema of a version's payloads")
    schema.add_argument("--version", type=int, choices=versions, required=True)
    schema.add_argument("--type", help="payload type: class or root element name (default: any)")

    diff = commands.add_parser("diff", help="what changes in the JSON between two versions")
    diff.add_argument("--from", dest="from_version", type=int, choices=versions, required=True)
    diff.add_argument("--to", dest="to_version", type=int, choices=versions, required=True)
    diff.add_argument("--type", help="payload type: class or root element name (default: all)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "validate":
            return _validate_command(args, sys.stdout)
        if args.command == "convert":
            return _convert_command(args, sys.stdout.buffer)
        if args.command == "schema":
            return _schema_command(args, sys.stdout.buffer)
        if args.command == "diff":
            return _diff_command(args, sys.stdout)
        return _describe_command(sys.stdout)
    except _UsageError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # e.g. piped into head
        return 0


if __name__ == "__main__":
    sys.exit(main())
