"""Strict checking against lenient decoding: ``python -m benchmarks.validate_speed``.

For the vendor's v3 ``mgmtResponse`` sample and a large response (10,000 + 10,000 statuses,
built from the models and encoded by `codec.encode`), in XML and JSON: the median time of a
lenient decode, a strict decode, ``validate`` given type and version, and auto-detecting
``validate``, each as a ratio to the lenient decode (the best of rounds in which the rows
take turns: see `_best`); beside them, ``fastjsonschema`` (if
installed: the ``bench`` extra) and ``jsonschema`` validating the JSON against
``codec.json_schema(MgmtResponse, 3)``.

Targets (ratio to lenient decode): strict decode at most 1.5, validate with type and version
at most 2, auto-detecting validate at most 3; and validate with type and version faster than
fastjsonschema checking the same JSON (install the ``bench`` extra to compare).
"""

from __future__ import annotations

import argparse
import gc
import time
from collections.abc import Callable
from typing import Any

import codec
from codec.jobservice import MgmtResponse

from .payloads import GOLDEN, make_response

__all__ = ["main"]

TARGETS: dict[str, float] = {"strict decode": 1.5, "validate(type, v3)": 2.0, "validate()": 3.0}


ROUNDS = 9


def _best(functions: dict[str, Callable[[], Any]], seconds: float) -> dict[str, float]:
    """Seconds per call of each function: the best of ``ROUNDS`` rounds in which the rows take
    turns, one timed loop each (about ``seconds / ROUNDS`` long), so that any drift of the
    machine hits every row alike. The best, not the median, as `timeit` advises: on a shared
    machine the other rounds measure the neighbours (a row of a few microseconds varied by
    a third between medians of two runs)."""
    loops = {}
    for row, function in functions.items():
        function()  # warm: the first call may generate code (a strict decoder, say)
        start = time.perf_counter()
        function()
        once = max(time.perf_counter() - start, 1e-7)
        loops[row] = max(1, int(seconds / ROUNDS / once))
    times: dict[str, list[float]] = {row: [] for row in functions}
    for _ in range(ROUNDS):
        for row, function in functions.items():
            gc.collect()
            gc.disable()
            try:
                start = time.perf_counter()
                for _ in range(loops[row]):
                    function()
                times[row].append((time.perf_counter() - start) / loops[row])
            finally:
                gc.enable()
    return {row: min(t) for row, t in times.items()}


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
        rows = _rows(data, fmt)
        for row, function in rows.items():
            if function is None:
                print(f"  {row:<22} skipped (not installed: pip install -e .[bench])")
        timed = {row: function for row, function in rows.items() if function is not None}
        slow = {row: f for row, f in timed.items() if row == "jsonschema" and name == "large"}
        medians = _best({r: f for r, f in timed.items() if r not in slow}, args.seconds)
        medians.update(_best(slow, args.seconds * 0.3) if slow else {})
        base = medians["lenient decode"]
        for row in timed:
            median = medians[row]
            ratio = median / base
            target = TARGETS.get(row)
            mark = "" if target is None else f"  (target <= {target})"
            if target is not None and ratio > target:
                mark += "  MISSED"
                missed.append(f"{name} {fmt} {row}")
            if row == "fastjsonschema":  # the other target: validate beats it
                ours = medians["validate(type, v3)"]
                mark = f"  (validate(type, v3) is {median / ours:.2f}x faster)"
                if ours > median:
                    mark += "  MISSED"
                    missed.append(f"{name} {fmt} validate against fastjsonschema")
            print(f"  {row:<22} {median * 1e6:12.1f} us  {ratio:6.2f}x{mark}")
    print("\ntargets missed: " + (", ".join(missed) if missed else "none"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
