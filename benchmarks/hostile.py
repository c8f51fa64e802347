"""Strict decoding and validation on hostile input: time and peak memory, as ratios.

``python -m benchmarks.hostile``. The inputs are the ones that made strict checking cost about
100x the input: a ``mgmtResponse`` holding 0.96 MB of unknown ``<x/>`` elements (each one a
problem for strict decoding), and a JSON payload holding 1 MB of unknown content. For each
input and mode (lenient decode, strict decode, ``unknown="error"``, ``unknown="keep"``,
``validate`` with type and version, auto-detecting ``validate``) it prints the median time
and its ratio to a lenient decode of the same input, and the peak of memory traced during one
call (``tracemalloc``) as a ratio to the input's size and to the lenient decode's peak.

Strict decoding and validation collect at most 100 problems and count the rest (see
`codec._limits`), and the XML checker reads no element that it would only report as unknown
once 100 have been read, so both stay within a small multiple of a lenient decode.
"""

from __future__ import annotations

import gc
import statistics
import time
import tracemalloc
from collections.abc import Callable

import orjson

import codec
from codec.jobservice import MgmtResponse

__all__ = ["main"]


def _inputs() -> list[tuple[str, bytes, str]]:
    xml = b"<mgmtResponse>" + b"<x/>" * 240_000 + b"</mgmtResponse>"
    unknown = {f"k{i}": {"a": [i, "text"]} for i in range(40_000)}
    js = orjson.dumps({"mgmtResponse": unknown})
    return [("xml: 0.96 MB of <x/>", xml, "xml"), ("json: 1 MB of unknown keys", js, "json")]


def _modes(data: bytes, fmt: str) -> list[tuple[str, Callable[[], object]]]:
    def decode(**options: object) -> Callable[[], object]:
        def run() -> object:
            try:
                return codec.decode(data, MgmtResponse, version=3, format=fmt, **options)  # type: ignore[arg-type]
            except codec.DecodeError as error:
                return error

        return run

    return [
        ("lenient decode", decode()),
        ("strict decode", decode(strict=True)),
        ('unknown="error"', decode(unknown="error")),
        ('unknown="keep"', decode(unknown="keep")),
        ("validate (type, version)", lambda: codec.validate(data, MgmtResponse, version=3)),
        ("validate (auto-detect)", lambda: codec.validate(data)),
    ]


def _seconds(fn: Callable[[], object], repeats: int = 5) -> float:
    times = []
    for _ in range(repeats):
        gc.collect()
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _peak(fn: Callable[[], object]) -> int:
    gc.collect()
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def main() -> int:
    print("mode                      time      x lenient   peak      x input  x lenient")
    for title, data, fmt in _inputs():
        print(f"\n{title} ({len(data) / 1e6:.2f} MB)")
        modes = _modes(data, fmt)
        base_time = _seconds(modes[0][1])
        base_peak = _peak(modes[0][1])
        for name, fn in modes:
            seconds = base_time if fn is modes[0][1] else _seconds(fn)
            peak = base_peak if fn is modes[0][1] else _peak(fn)
            print(
                f"{name:25} {seconds * 1e3:8.1f} ms {seconds / base_time:6.2f}x"
                f" {peak / 1e6:8.1f} MB {peak / len(data):6.2f}x {peak / base_peak:8.2f}x"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
