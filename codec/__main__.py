"""Command line: ``python -m codec decode PATH...`` (and the ``pi-codec`` script).

Uses the public API only. Each file is detected (format, payload type, candidate versions),
then decoded; one line per file, ``PATH: TYPE vN, ...`` or ``PATH: error: ...``.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

from . import CodecError, decode
from ._detect import detect

_SUFFIXES = (".xml", ".json")


def _files(paths: Sequence[str]) -> Iterator[Path]:
    for name in paths:
        path = Path(name)
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.suffix in _SUFFIXES and p.is_file())
        else:
            yield path


def _decode_command(paths: Sequence[str]) -> int:
    status = 0
    for path in _files(paths):
        try:
            data = path.read_bytes()
        except OSError as exc:
            print(f"{path}: cannot read: {exc.strerror}", file=sys.stderr)
            status = 2
            continue
        found = detect(data)
        if found.format is None or found.type is None or not found.versions:
            what = "format" if found.format is None else "payload type"
            if found.format is not None and found.type is not None:
                what = "API version"
            print(f"{path}: error: unknown {what}")
            status = max(status, 1)
            continue
        try:
            decode(data, found.type, version=found.versions[0], format=found.format)
        except CodecError as exc:
            print(f"{path}: error: {exc}")
            status = max(status, 1)
            continue
        versions = ", ".join(f"v{v}" for v in found.versions)
        print(f"{path}: {found.type.__name__} {found.format} ({versions})")
    return status


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m codec", description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser(
        "decode", help="decode payload files and print their type and versions"
    )
    run.add_argument(
        "paths", nargs="+", metavar="PATH", help="a file, or a folder of *.xml / *.json"
    )
    args = parser.parse_args(argv)
    return _decode_command(args.paths)


if __name__ == "__main__":
    sys.exit(main())
