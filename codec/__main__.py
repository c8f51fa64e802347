"""Command line: ``python -m codec`` (also installed as ``pi-codec``).

* ``validate PATH...``: is each payload valid, of which type, for which versions; every problem
  with its location (``--output text|json|jsonl|sarif``; ``--jobs N`` processes). Exit status
  0 when all are valid, 1 when any is invalid, 2 for a usage error or a file that cannot be
  read (the other files are still checked, and the summary or report still printed, before
  exiting with 2).
* ``convert PATH --to-version N --to-format F``: the payload rewritten for another version and
  format, ending with a newline. Lossless by default: content the model does not declare is
  kept and written back (``--drop-unknown`` drops it). The version segment ``/webacs/api/vN/``
  of the envelope URLs (the root's ``requestUrl`` and ``rootUrl``) becomes the target's, so
  that the output validates for the version it is written for.
* ``describe``: the operations, their method, path per version and payload types.
* ``schema --version N [--type NAME]``: the JSON Schema of a payload type's JSON in that
  version (without ``--type``, one schema accepting any payload).
* ``diff --from N --to N [--type NAME]``: what changes in each payload type's JSON (or one's)
  between two versions, generated from the version rules.
* ``infer PAYLOAD... [-o FILE] [--check] [--version N]``: the source of models inferred from
  captured payloads (`codec.infer_models`); ``--check`` proves that every payload decodes with
  them and encodes back equal to itself (exit status 1 and what differs, otherwise).
* ``source TYPE --version N --format F``: the Python source codec generates for a payload
  type's encoder and decoder in that version and format (`Codec.source`), the same text from
  one run to the next.

Files: a folder is searched for ``*.xml`` and ``*.json`` (suffixes in any case). Only regular
files and ``-`` (standard input) are read: anything else (a FIFO, a device) is that file's
``unreadable`` problem and is never opened, so it cannot block the run; so is a file that
cannot be opened or read. A file larger than ``--max-bytes`` (default: codec's ``max_bytes``,
64 MiB) is its ``limit`` problem, refused from its size, without being read. File names that
are not valid UTF-8 are shown with backslash escapes (``bad\\xff.xml``) in every output.

Uses the public API only, but for ``convert``: `codec._fields` (``WIRE_KEY``, ``WireKind``,
``camel_case``) finds the URL attributes of the root by their wire name, and
`codec.pi._urls.ENVELOPE_URLS` rewrites them (the URL rule strict checking applies) in a copy
made by ``attrs.evolve``, which carries what ``decode(..., unknown="keep")`` kept. The payload
types known are `codec.pi.SHIPPED`.
Bad input is one clear line, never a traceback. ``--version`` prints ``pi-codec <version>``;
the help names the program as it was run (``pi-codec`` or ``python -m codec``).
"""

from __future__ import annotations

import argparse
import importlib
import importlib.metadata
import os
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any, Final

import attrs
import orjson

from . import (
    FORMATS,
    VERSIONS,
    CodecError,
    Problem,
    Report,
    any_payload_schema,
    codec_for,
    decode,
    detect,
    encode,
    infer_models,
    json_schema,
    root_of,
    validate_files,
    version_diff,
)
from ._batch import FileReport, add_to_summary, new_summary, payload_files, read_payload
from ._errors import ArgumentError
from ._fields import WIRE_KEY, WireKind, camel_case, is_model
from ._sarif import write_sarif
from ._versions import escapes_slashes
from .pi import SHIPPED
from .pi._urls import ENVELOPE_URLS
from .pi.jobservice import OPERATIONS

_TYPES: tuple[type[Any], ...] = SHIPPED
#: The entry point group through which installed packages add their payload models: each
#: entry names a module, whose top-level payload models (``@codec.model(root=...)``) join the
#: shipped ones, as `--models MODULE` does.
ENTRY_POINTS: Final = "codec.models"
_PROGRESS_FROM = 200  # files; progress is shown on a terminal above this many
#: codec's default ``max_bytes`` (`codec.decode`, `codec.validate`): 64 MiB.
_MAX_BYTES: Final = 64 * 1024 * 1024


class _UsageError(Exception):
    """A problem with the command line or the files it names (exit status 2)."""


def _shown(name: str) -> str:
    """``name`` printable in any output: bytes that are not UTF-8 (which `os.fsdecode` holds as
    surrogate escapes) as backslash escapes, ``bad\\xff.xml``, and control characters too
    (``a\\nb.xml``), so that no file name can start a line of its own in the output."""
    try:
        raw = name.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # a lone surrogate that is no escaped byte
        text = name.encode("utf-8", "backslashreplace").decode()
    else:
        text = raw.decode("utf-8", "backslashreplace")
    return _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode(), text)


_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _type_named(name: str | None) -> type[Any] | None:
    if name is None:
        return None
    for cls in _TYPES:
        if name in (cls.__name__, root_of(cls)):
            return cls
    names = ", ".join(f"{cls.__name__} ({root_of(cls)})" for cls in _TYPES)
    raise _UsageError(f"unknown payload type {name!r}: expected one of {names}")


def _files(paths: Sequence[str]) -> Iterator[tuple[str, str | None]]:
    """(name, path) for each payload (`payload_files`); a bad path is a usage error."""
    try:
        yield from payload_files(paths)
    except ArgumentError as exc:
        raise _UsageError(str(exc)) from None


def _versions(versions: Sequence[int]) -> str:
    return ", ".join(f"v{v}" for v in versions)


def _problem_line(name: str, problem: Problem) -> str:
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


class _Progress:
    """A progress bar on standard error, by `tqdm` (the ``progress`` extra), shown only when
    standard error is a terminal and there are more than `_PROGRESS_FROM` files; cleared
    before any output line so that the two never share a line, and gone at the end."""

    def __init__(self, paths: Sequence[str], out: IO[str]) -> None:
        self.out = out
        self.bar: Any = None
        if not sys.stderr.isatty():
            return
        # Counted for the bar's total only here: a run into a pipe or a log lists no file twice.
        total = sum(1 for _ in payload_files(paths))
        if total > _PROGRESS_FROM:
            try:
                from tqdm import tqdm  # type: ignore[import-untyped, unused-ignore]
            except ImportError:  # no bar without the extra: nothing drawn by hand
                return
            self.bar = tqdm(total=total, file=sys.stderr, unit="file", leave=False, mininterval=0.2)

    def step(self, done: int) -> None:
        if self.bar is not None:
            self.bar.update(done - self.bar.n)

    def clear(self) -> None:
        if self.bar is not None:
            self.out.flush()
            self.bar.clear()

    def close(self) -> None:
        if self.bar is not None:
            self.out.flush()
            self.bar.close()


def _validate_command(args: argparse.Namespace, out: IO[str]) -> int:
    cls = _type_named(args.type)
    try:  # a bad path: a usage error, at once
        reports = validate_files(
            args.paths,
            cls,
            version=args.version,
            format=args.format,
            lenient=args.lenient,
            types=_TYPES,
            max_bytes=args.max_bytes,
            jobs=args.jobs,
        )
    except ArgumentError as exc:
        raise _UsageError(str(exc)) from None
    progress = _Progress(args.paths, out)
    every: list[dict[str, Any]] = []  # --output json only: one document at the end
    counts = new_summary()
    unreadable = 0

    def counted() -> Iterator[FileReport]:
        nonlocal unreadable
        for checked in reports:
            add_to_summary(counts, checked.report)
            unreadable += any(p.code == "unreadable" for p in checked.report.problems)
            yield checked
            progress.step(counts["files"])

    stream = counted()
    if args.output == "sarif":  # one result a problem, as each file is checked
        write_sarif(
            stream, out, tool_version=_version(), max_bytes=args.max_bytes, summary=counts.copy
        )
    for checked in stream:  # (none left after SARIF)
        shown, report = _shown(checked.file), checked.report
        if args.output == "json":
            every.append(_report_dict(shown, report))
        elif args.output == "jsonl":  # one line a file, as it is checked: memory stays flat
            out.write(orjson.dumps(_report_dict(shown, report)).decode() + "\n")
        else:
            progress.clear()
            if report.ok and not args.quiet:
                print(f"{shown}: OK ({_versions(report.versions)})", file=out)
            for problem in () if report.ok else report.problems:
                print(_problem_line(shown, problem), file=out)
    progress.close()
    if args.output == "json":
        document = {"files": every, "summary": counts}
        out.write(orjson.dumps(document, option=orjson.OPT_INDENT_2).decode() + "\n")
    elif args.output == "jsonl":
        out.write(orjson.dumps({"summary": counts}).decode() + "\n")
    elif args.output == "text":
        print(
            f"{_plural(counts['files'], 'file')}: {counts['valid']} valid, "
            f"{counts['invalid']} invalid, {_plural(counts['problems'], 'problem')}",
            file=out,
        )
    if unreadable:
        return 2
    return 0 if counts["invalid"] == 0 else 1


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


def _wire_name(field: attrs.Attribute[Any]) -> tuple[WireKind, str]:
    """Where a model field lives on the wire: its kind and name."""
    wire = field.metadata.get(WIRE_KEY)
    if wire is None:
        return WireKind.ELEMENT, camel_case(field.name)
    return wire.kind, wire.name or camel_case(field.name)


def _retarget(model: Any, version: int) -> Any:
    """``model`` with ``/webacs/api/vN/`` in its envelope URLs naming ``version`` (what it
    kept goes with it: ``attrs.evolve`` passes the hidden field on)."""
    changes: dict[str, str] = {}
    for field in attrs.fields(type(model)):
        kind, name = _wire_name(field)
        value = getattr(model, field.name)
        if kind is WireKind.ATTRIBUTE and name in ENVELOPE_URLS.names and isinstance(value, str):
            new = ENVELOPE_URLS.for_version(value, version)
            if new != value:
                changes[field.alias] = new
    if not changes:
        return model
    return attrs.evolve(model, **changes)


def _convert_command(args: argparse.Namespace, out: IO[bytes]) -> int:
    files = list(_files([args.path]))
    if len(files) != 1:
        raise _UsageError(f"{_shown(args.path)}: convert takes one file")
    name, path = files[0]
    shown = _shown(name)
    data = read_payload(path, args.max_bytes)
    if isinstance(data, Problem):
        print(f"{shown}: {data.message} [{data.code}]", file=sys.stderr)
        return 2 if data.code == "unreadable" else 1
    found = detect(data, _TYPES)
    fmt = args.from_format or found.format
    if fmt is None:
        print(f"{shown}: neither XML nor JSON", file=sys.stderr)
        return 1
    cls = _type_named(args.type) or found.type
    if cls is None:
        print(f"{shown}: unknown payload {found.root!r}", file=sys.stderr)
        return 1
    version = args.from_version or max(found.versions or (max(VERSIONS),))
    unknown = "ignore" if args.drop_unknown else "keep"
    try:
        model = decode(
            data, cls, version=version, format=fmt, unknown=unknown, max_bytes=args.max_bytes
        )
        model = _retarget(model, args.to_version)
        result = encode(model, version=args.to_version, format=args.to_format)
    except CodecError as exc:
        print(f"{shown}: {exc}", file=sys.stderr)
        return 1
    if args.pretty:
        if args.to_format == "json":
            result = orjson.dumps(orjson.loads(result), option=orjson.OPT_INDENT_2)
            if escapes_slashes(VERSIONS[args.to_version]):
                result = result.replace(b"/", b"\\/")
            result += b"\n"
        else:
            result = _indent_xml(result)
    if not result.endswith(b"\n"):
        result += b"\n"
    if args.output:
        try:
            Path(args.output).write_bytes(result)
        except OSError as exc:
            raise _UsageError(f"{_shown(args.output)}: cannot write: {exc.strerror}") from None
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


def _source_command(args: argparse.Namespace, out: IO[str]) -> int:
    cls = _type_named(args.type)
    assert cls is not None  # the argument is required
    source = codec_for(cls, version=args.version, format=args.format).source
    out.write(source if source.endswith("\n") else source + "\n")
    return 0


def _infer_command(args: argparse.Namespace, out: IO[str]) -> int:
    """``infer``: the models' source to ``-o`` or standard output; with ``--check``, every
    difference on standard error and exit status 1."""
    from ._infer import check_models, read_samples

    try:
        samples = read_samples(args.payloads, args.version, ENVELOPE_URLS)
        source = infer_models(args.payloads, version=args.version)
        problems = check_models(source, samples) if args.check else []
    except CodecError as exc:
        raise _UsageError(str(exc)) from None
    if args.output:
        Path(args.output).write_text(source, encoding="utf-8")
    else:
        out.write(source)
    for problem in problems:
        print(f"{problem.path}: {problem.message}", file=sys.stderr)
    return 1 if problems else 0


def _program(argv0: str) -> str:
    """The name the help shows: ``pi-codec`` when run as that script, else ``python -m
    codec``."""
    name = os.path.basename(argv0).lower()
    return "pi-codec" if name.startswith("pi-codec") else "python -m codec"


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version  # only when asked for

    try:
        return version("codec")
    except PackageNotFoundError:  # run from a source tree that is not installed
        return "unknown (not installed)"


class _VersionAction(argparse.Action):
    """``--version``: print ``pi-codec <version>`` and exit (the version read when asked)."""

    def __init__(self, option_strings: Sequence[str], dest: str, help: str | None = None) -> None:
        del dest  # nothing is stored
        super().__init__(
            option_strings, dest=argparse.SUPPRESS, default=argparse.SUPPRESS, nargs=0, help=help
        )

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: str | Sequence[Any] | None,
        option_string: str | None = None,
    ) -> None:
        del namespace, values, option_string  # nothing is stored
        print(f"pi-codec {_version()}")
        parser.exit()


def _positive(what: str) -> Callable[[str], int]:
    """An argparse type: a positive number of ``what``."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            value = 0
        if value < 1:
            raise argparse.ArgumentTypeError(f"expected a positive number of {what}, got {text!r}")
        return value

    return parse


_jobs = _positive("processes")
_max_bytes = _positive("bytes")


def _max_bytes_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--max-bytes",
        type=_max_bytes,
        default=_MAX_BYTES,
        metavar="N",
        help="refuse a file larger than this, from its size, without reading it (default: "
        "64 MiB, codec's max_bytes)",
    )


def _parser(prog: str = "python -m codec") -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=prog,
        description="Validate, convert and describe Cisco Prime Infrastructure API payloads.",
    )
    parser.add_argument("--version", action=_VersionAction, help="print the version and exit")
    parser.add_argument(
        "--models",
        action="append",
        default=[],
        metavar="MODULE",
        help="import MODULE and know the payload models it declares (repeatable); installed "
        f"packages add theirs through the entry point group {ENTRY_POINTS!r}",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    versions = list(VERSIONS)

    check = commands.add_parser("validate", help="check payload files and report every problem")
    check.add_argument(
        "paths",
        nargs="+",
        metavar="PATH",
        help="a regular file, a folder (searched for *.xml and *.json, any case) or - for stdin",
    )
    check.add_argument("--version", type=int, choices=versions, help="check this version only")
    check.add_argument("--format", choices=FORMATS, help="the format (default: detected)")
    check.add_argument("--type", help="payload type: class or root element name")
    check.add_argument(
        "--lenient", action="store_true", help="report only what lenient decoding refuses"
    )
    check.add_argument(
        "--output",
        choices=("text", "json", "jsonl", "sarif"),
        default="text",
        help="text (default); json: one JSON document at the end; jsonl: JSON Lines, one object "
        "a file as it is checked, then the summary; sarif: a SARIF 2.1.0 log, one result a "
        "problem at its file, line and column, for CI systems",
    )
    check.add_argument(
        "--quiet", action="store_true", help="text: the problems and the summary only"
    )
    check.add_argument(
        "--jobs",
        type=_jobs,
        default=None,
        help="processes to check files on (default: every core; 1: this process alone)",
    )
    _max_bytes_option(check)

    convert = commands.add_parser(
        "convert",
        help="rewrite a payload for another version/format",
        description="Rewrite a payload for another version and format, losslessly: content "
        "the model does not declare is kept and written back (unless --drop-unknown), and "
        "the version segment /webacs/api/vN/ of the envelope URLs (requestUrl, rootUrl) is "
        "rewritten to the target version, so the output validates for it. The output ends "
        "with a newline.",
    )
    convert.add_argument("path", metavar="PATH")
    convert.add_argument("--to-version", type=int, choices=versions, required=True)
    convert.add_argument("--to-format", choices=FORMATS, required=True)
    convert.add_argument("--from-version", type=int, choices=versions)
    convert.add_argument("--from-format", choices=FORMATS)
    convert.add_argument("--type", help="payload type: class or root element name")
    convert.add_argument("--pretty", action="store_true", help="indent the output")
    convert.add_argument(
        "--drop-unknown",
        action="store_true",
        help="drop the elements, attributes and keys the payload type does not declare "
        "(default: keep them and write them back)",
    )
    _max_bytes_option(convert)
    convert.add_argument("-o", "--output", metavar="FILE", help="write here, not to stdout")

    commands.add_parser("describe", help="list the operations, paths and payload types")

    schema = commands.add_parser("schema", help="print the JSON Schema of a version's payloads")
    schema.add_argument("--version", type=int, choices=versions, required=True)
    schema.add_argument("--type", help="payload type: class or root element name (default: any)")

    diff = commands.add_parser("diff", help="what changes in the JSON between two versions")
    diff.add_argument("--from", dest="from_version", type=int, choices=versions, required=True)
    diff.add_argument("--to", dest="to_version", type=int, choices=versions, required=True)
    diff.add_argument("--type", help="payload type: class or root element name (default: all)")

    source = commands.add_parser(
        "source", help="print the Python source generated for a payload type's codec"
    )
    source.add_argument("type", metavar="TYPE", help="payload type: class or root element name")
    source.add_argument("--version", type=int, choices=versions, required=True)
    source.add_argument("--format", choices=FORMATS, required=True)

    infer = commands.add_parser(
        "infer", help="print the source of models inferred from captured payloads"
    )
    infer.add_argument("payloads", nargs="+", metavar="PAYLOAD", help="a file or a folder")
    infer.add_argument("--version", type=int, choices=versions, help="JSON payloads' version")
    infer.add_argument("-o", "--output", metavar="FILE", help="write here, not to stdout")
    infer.add_argument(
        "--check", action="store_true", help="prove every payload round-trips through them"
    )
    return parser


def _models_of(module: Any) -> list[type[Any]]:
    """The top-level payload models a module declares (not those it imports)."""
    return [
        value
        for value in vars(module).values()
        if isinstance(value, type)
        and value.__module__ == module.__name__
        and is_model(value)
        and root_of(value) is not None
    ]


def _load_models(names: Sequence[str]) -> tuple[type[Any], ...]:
    """The shipped payload types, those of the modules ``names`` (``--models``) and those of
    installed packages' `ENTRY_POINTS`, each once; a module that does not import, or declares
    no payload model, is a usage error."""
    found: dict[type[Any], None] = dict.fromkeys(SHIPPED)
    modules: list[tuple[str, Any]] = []
    for entry in importlib.metadata.entry_points(group=ENTRY_POINTS):
        try:
            modules.append((f"entry point {entry.name!r}", entry.load()))
        except Exception as exc:  # a broken installed package names itself
            raise _UsageError(f"entry point {entry.name!r} ({entry.value}): {exc}") from None
    for name in names:
        try:
            modules.append((f"--models {name}", importlib.import_module(name)))
        except Exception as exc:
            raise _UsageError(f"--models {name}: cannot import it: {exc}") from None
    for what, module in modules:
        models = _models_of(module)
        if not models:
            raise _UsageError(f"{what}: {module.__name__} declares no payload model")
        found.update(dict.fromkeys(models))
    return tuple(found)


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser(_program(sys.argv[0] if sys.argv else "")).parse_args(argv)
    global _TYPES
    try:
        _TYPES = _load_models(args.models)
        if args.command == "validate":
            return _validate_command(args, sys.stdout)
        if args.command == "convert":
            return _convert_command(args, sys.stdout.buffer)
        if args.command == "schema":
            return _schema_command(args, sys.stdout.buffer)
        if args.command == "diff":
            return _diff_command(args, sys.stdout)
        if args.command == "source":
            return _source_command(args, sys.stdout)
        if args.command == "infer":
            return _infer_command(args, sys.stdout)
        return _describe_command(sys.stdout)
    except _UsageError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # e.g. piped into head
        return 0


if __name__ == "__main__":
    sys.exit(main())
