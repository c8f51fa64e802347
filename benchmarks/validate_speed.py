"""Strict checking against lenient decoding: ``python -m benchmarks.validate_speed``.

For the vendor's v3 ``mgmtResponse`` sample and a large response (10,000 + 10,000 statuses,
built from the models and encoded by `codec.encode`), in XML and JSON: the median time of a
lenient decode, a strict decode, ``validate`` given type and version, and auto-detecting
``validate``, each as a ratio to the lenient decode; beside them, ``fastjsonschema`` (if
installed: the ``bench`` extra) and ``jsonschema`` validating the JSON against
``codec.json_schema(MgmtResponse, 3)``.

Targets (ratio to lenient decode): strict decode at most 1.5, validate with type and version
at most 2, auto-detecting validate at most 3; and validate with type and version faster than
fastjsonschema checking the same JSON (install the ``bench`` extra to compare).
"""

from __future__ import annotations

import argparse
import gc
import statistics
import time
from collections.abc import Callable
from typing import Any

import codec
from codec.jobservice import MgmtResponse

from .payloads import GOLDEN, make_response

__all__ = ["main"]

TARGETS: dict[str, float] = {"strict decode": 1.5, "validate(type, v3)": 2.0, "validate()": 3.0}


def _median(function: Callable[[], Any], seconds: float) -> float:
    """Median seconds per call over repeats of a loop lasting about ``seconds / 7``."""
    start = time.perf_counter()
    function()
    once = max(time.perf_counter() - start, 1e-7)
    loops = max(1, int(seconds / 7 / once))
    times = []
    for _ in range(7):
        gc.collect()
        gc.disable()
        try:
            start = time.perf_counter()
            for _ in range(loops):
                function()
            times.append((time.perf_counter() - start) / loops)
        finally:
            gc.enable()
    return statistics.median(times)


def _rows(data: bytes, fmt: str) -> dict[str, Callable[[], Any]]:
    decode = codec.codec_for(MgmtResponse, version=3, format=fmt).decode
    rows: dict[str, Callable[[], Any]] = {
        "lenient decode": lambda: decode(data),
        "strict decode": lambda: decode(data, strict=True),
        "validate(type, v3)": lambda: codec.validate(data, MgmtResponse, version=3),
        "validate()": lambda: codec.validate(data),
    }
    if fmt == "json":
        schema = codec.json_schema(MgmtResponse, 3)
        try:
            import fastjsonschema  # type: ignore[import-not-found, unused-ignore]
        except ImportError:
            rows["fastjsonschema"] = None  # type: ignore[assignment]  # printed as skipped
        else:
            check = fastjsonschema.compile(schema)
            rows["fastjsonschema"] = lambda: check(__import__("orjson").loads(data))
        import jsonschema
        import orjson

        validator = jsonschema.Draft202012Validator(schema)
        rows["jsonschema"] = lambda: validator.is_valid(orjson.loads(data))
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.validate_speed")
    parser.add_argument("--seconds", type=float, default=1.0, help="time per row (default 1)")
    parser.add_argument("--statuses", type=int, default=10_000, help="of each kind, large")
    args = parser.parse_args(argv)
    large = make_response(args.statuses, args.statuses)
    payloads = [
        ("vendor v3", "xml", (GOLDEN / "v3_response.xml").read_bytes()),
        ("vendor v3", "json", (GOLDEN / "v3_response.json").read_bytes()),
        ("large", "xml", codec.encode(large, version=3, format="xml")),
        ("large", "json", codec.encode(large, version=3, format="json")),
    ]
    missed = []
    for name, fmt, data in payloads:
        assert codec.validate(data, MgmtResponse, version=3).ok
        print(f"\n{name} {fmt} ({len(data):,} bytes)")
        base = 0.0
        seen: dict[str, float] = {}
        for row, function in _rows(data, fmt).items():
            seconds = args.seconds * (0.3 if row == "jsonschema" and name == "large" else 1)
            if function is None:
                print(f"  {row:<22} skipped (not installed: pip install -e .[bench])")
                continue
            median = _median(function, seconds)
            base = base or median
            ratio = median / base
            target = TARGETS.get(row)
            mark = "" if target is None else f"  (target <= {target})"
            if target is not None and ratio > target:
                mark += "  MISSED"
                missed.append(f"{name} {fmt} {row}")
            if row == "fastjsonschema":  # the other target: validate beats it
                mark = (
                    f"  (validate(type, v3) is {median / seen['validate(type, v3)']:.2f}x faster)"
                )
                if seen["validate(type, v3)"] > median:
                    mark += "  MISSED"
                    missed.append(f"{name} {fmt} validate against fastjsonschema")
            seen[row] = median
            print(f"  {row:<22} {median * 1e6:12.1f} us  {ratio:6.2f}x{mark}")
    print("\ntargets missed: " + (", ".join(missed) if missed else "none"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
