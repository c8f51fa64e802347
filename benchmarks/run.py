"""Timing, the correctness guard, the table, the targets, memory and import time.

A group is one (payload, operation, format). Its rows are timed side by side: each row gets a
loop count that makes one repeat last at least ``min_repeat_s``, then the rows take turns, one
repeat each, round after round (rotating who goes first), so drift of the machine hits every row
alike. Each repeat runs with the garbage collector disabled, after a ``gc.collect()``; objects
built before the group (payloads, pre-built peer objects) are frozen out of the collector so that
collection stays cheap. A row's time is the median over its repeats of the time per call.

Every ratio is a row's median over the group's limit row's median. A TARGET line compares the
codec row with the limit row, or with another row where the issue says so (the hand-written walk,
xmltodict.parse).
"""

from __future__ import annotations

import argparse
import datetime
import gc
import itertools
import json
import math
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any
from xml.parsers import expat

from . import declared, peers
from .payloads import Payload, build_payloads
from .peers import CODEC, HAND_WALK, XMLTODICT_PARSE, Format, Operation, Row

__all__ = ["Settings", "main"]

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_JSON = Path(__file__).resolve().parent / "results.json"

DISTRIBUTIONS: tuple[str, ...] = (
    "orjson",
    "xmltodict",
    "attrs",
    "cattrs",
    "pydantic",
    "pydantic-core",
    "msgspec",
    "xsdata",
    "pydantic-xml",
    "lxml",
)

OPERATIONS: tuple[Operation, ...] = ("decode", "encode")
FORMATS: tuple[Format, ...] = ("json", "xml")


@dataclass(frozen=True)
class Settings:
    quick: bool
    min_repeat_s: float
    """Each repeat of a row loops until it lasts at least this long."""
    budget_s: float
    """Time aimed at for one group of small or medium payload, all rounds together."""
    large_budget_s: float
    min_repeats: int
    max_repeats: int

    @classmethod
    def for_mode(cls, quick: bool) -> Settings:
        if quick:
            return cls(True, 0.005, 0.15, 0.3, 3, 15)
        return cls(False, 0.02, 1.5, 4.0, 9, 75)


@dataclass
class Measured:
    name: str
    limit: bool
    median_s: float | None = None
    min_s: float | None = None
    ratio: float | None = None
    loops: int = 0
    repeats: int = 0
    checked: bool = False
    skipped: str | None = None
    times: list[float] = field(default_factory=list)
    """Seconds per call, one per round, in round order."""


def paired_ratio(row: Measured, reference: Measured) -> float:
    """Median over rounds of row / reference timed in the same round (see measure_group)."""
    pairs = zip(row.times, reference.times, strict=True)
    return statistics.median(t / base for t, base in pairs)


@dataclass(frozen=True)
class TargetSpec:
    reference: str | None
    """Row name the codec is compared with; ``None``: the limit row."""
    limit: float


@dataclass
class TargetResult:
    text: str
    limit: float
    ratio: float | None
    met: bool | None


@dataclass
class Group:
    payload: Payload
    operation: Operation
    fmt: Format
    rows: list[Measured] = field(default_factory=list)
    targets: list[TargetResult] = field(default_factory=list)

    @property
    def input_bytes(self) -> int:
        return len(self.payload.json if self.fmt == "json" else self.payload.xml)


# --- targets ---------------------------------------------------------------------------------


def target_specs(payload: Payload, operation: Operation, fmt: Format) -> list[TargetSpec]:
    """The issue's targets, where the issue sets them: ratios of the codec row, at most ``limit``.

    The large payloads (the 10,000 + 10,000 status response, the 100,000-id request) carry all
    of them; the vendor samples (small) carry the two decode targets; the medium payloads
    carry none and show their ratios for reading between the two.
    """
    if payload.size == "small":
        if operation != "decode":
            return []
        return [TargetSpec(None, 4.5 if fmt == "json" else 6.0)]
    if payload.size != "large":
        return []
    if operation == "decode" and fmt == "json":
        return [TargetSpec(None, 3.5), TargetSpec(HAND_WALK, 1.15)]
    if operation == "decode":
        return [TargetSpec(None, 8.0), TargetSpec(XMLTODICT_PARSE, 0.5)]
    if fmt == "json":
        return [TargetSpec(None, 5.5)]
    return [TargetSpec(None, 0.1)]


def evaluate_targets(group: Group) -> list[TargetResult]:
    by_name = {m.name: m for m in group.rows}
    codec_row = by_name[CODEC]
    limit_row = next(m for m in group.rows if m.limit)
    out = []
    for spec in target_specs(group.payload, group.operation, group.fmt):
        reference = limit_row if spec.reference is None else by_name.get(spec.reference)
        ref_name = spec.reference or limit_row.name
        text = f"codec <= {spec.limit:g}x {ref_name}"
        if reference is None or reference.median_s is None or codec_row.median_s is None:
            out.append(TargetResult(text, spec.limit, None, None))
            continue
        ratio = paired_ratio(codec_row, reference)
        out.append(TargetResult(text, spec.limit, ratio, ratio <= spec.limit))
    return out


# --- timing ----------------------------------------------------------------------------------


def _timed(fn: Callable[[], object], loops: int) -> float:
    """Seconds per call over ``loops`` calls, the collector off."""
    gc.collect()
    gc.disable()
    try:
        start = time.perf_counter()
        for _ in range(loops):
            fn()
        return (time.perf_counter() - start) / loops
    finally:
        gc.enable()


def guard(row: Row, expected: peers.Canon) -> str | None:
    """Run ``row`` once and compare its content with the payload's.

    Returns a skip reason for a peer that raises; the codec and the limit rows raising, or any
    row returning other content, stop the run: a ratio must never compare unequal work.
    """
    assert row.fn is not None
    try:
        out = row.fn()
    except Exception as exc:
        if row.name == CODEC or row.limit:
            raise
        return f"error: {type(exc).__name__}: {exc}"
    if row.canon is not None:
        got = row.canon(out)
        if got != expected:
            raise AssertionError(f"{row.name} produced other content than the payload holds")
    return None


def measure_group(payload: Payload, operation: Operation, fmt: Format, settings: Settings) -> Group:
    group = Group(payload, operation, fmt)
    rows = peers.rows_for(payload, operation, fmt)
    expected = peers.canon_model(payload.model)
    live: list[tuple[Row, Measured]] = []
    for row in rows:
        measured = Measured(row.name, row.limit, skipped=row.skipped)
        group.rows.append(measured)
        if row.skipped is None:
            measured.skipped = guard(row, expected)
            measured.checked = measured.skipped is None and row.canon is not None
        if measured.skipped is None:
            live.append((row, measured))

    gc.collect()
    gc.freeze()
    try:
        # Calibrate: a loop count per row making one repeat last min_repeat_s.
        per_call = {}
        for row, measured in live:
            assert row.fn is not None
            once = _timed(row.fn, 1)
            if once < settings.min_repeat_s / 10:  # noisy: time a short loop instead
                once = _timed(row.fn, max(1, int(settings.min_repeat_s / 10 / max(once, 1e-9))))
            measured.loops = max(1, math.ceil(settings.min_repeat_s / max(once, 1e-9)))
            per_call[measured.name] = once
        round_s = sum(per_call[m.name] * m.loops for _, m in live)
        budget = settings.large_budget_s if payload.size == "large" else settings.budget_s
        repeats = int(budget / round_s) if round_s > 0 else settings.max_repeats
        repeats = max(settings.min_repeats, min(settings.max_repeats, repeats))

        times: dict[str, list[float]] = {m.name: [] for _, m in live}
        for r in range(repeats):
            shift = r % len(live)
            for row, measured in live[shift:] + live[:shift]:
                assert row.fn is not None
                times[measured.name].append(_timed(row.fn, measured.loops))
    finally:
        gc.unfreeze()

    for _, measured in live:
        measured.repeats = repeats
        measured.times = times[measured.name]
        measured.median_s = statistics.median(times[measured.name])
        measured.min_s = min(times[measured.name])
    # A ratio is the median over rounds of (row / limit) within the same round: rows run in
    # rotation, so the two timings of a round sit close together, and the machine's slow and
    # fast phases (seconds long on a shared host) cancel out instead of skewing one row.
    limit = next(m for m in group.rows if m.limit)
    for measured in group.rows:
        if measured.median_s is not None and limit.median_s:
            measured.ratio = paired_ratio(measured, limit)
    group.targets = evaluate_targets(group)
    return group


# --- memory ----------------------------------------------------------------------------------


@dataclass
class MemoryResult:
    payload: str
    fmt: Format
    decoder: str
    input_bytes: int
    finished_bytes: int
    peak_bytes: int
    target: float | None

    @property
    def ratio(self) -> float:
        return self.peak_bytes / self.finished_bytes if self.finished_bytes else math.inf

    @property
    def met(self) -> bool | None:
        return None if self.target is None else self.ratio <= self.target


def traced(fn: Callable[[], object]) -> tuple[int, int]:
    """(bytes held by the result, peak bytes during the call), both above the start.

    The peak is read as the call returns; the held bytes after a ``gc.collect()`` with the
    result alive, so that cyclic garbage the call left behind (a parser and its handlers, say)
    is not counted as part of the finished objects.
    """
    fn()  # warm: build any cached decoder outside the trace
    gc.collect()
    tracemalloc.start()
    try:
        before, _ = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        result = fn()
        _, peak = tracemalloc.get_traced_memory()
        gc.collect()
        held, _ = tracemalloc.get_traced_memory()
        del result
    finally:
        tracemalloc.stop()
    return held - before, peak - before


def measure_memory(payloads: Sequence[Payload], only: Format | None) -> list[MemoryResult]:
    """Peak memory of the large decodes; the XML target is peak <= 2x the finished objects."""
    out = []
    for payload in payloads:
        if payload.size != "large":
            continue
        for fmt in FORMATS:
            if only is not None and fmt != only:
                continue
            data = payload.json if fmt == "json" else payload.xml
            wanted = {CODEC, XMLTODICT_PARSE, "orjson.loads", HAND_WALK}
            for row in peers.rows_for(payload, "decode", fmt):
                if row.name not in wanted or row.fn is None:
                    continue
                finished, peak = traced(row.fn)
                target = 2.0 if (fmt == "xml" and row.name == CODEC) else None
                out.append(
                    MemoryResult(payload.name, fmt, row.name, len(data), finished, peak, target)
                )
    return out


# --- import time -----------------------------------------------------------------------------


def import_time(runs: int = 5) -> dict[str, float]:
    """Median cumulative microseconds of ``import codec`` (and of its dependencies attrs and
    orjson) in a fresh interpreter, from ``python -X importtime``.

    Bytecode goes to a temporary ``PYTHONPYCACHEPREFIX`` (nothing is written into the source
    tree), and a first, unreported run fills it: the runs reported load cached bytecode, as an
    installed package does.
    """
    wanted = ("codec", "attrs", "orjson")
    samples: dict[str, list[float]] = {name: [] for name in wanted}
    with tempfile.TemporaryDirectory() as cache:
        env = dict(os.environ)
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = cache
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
        for i in range(runs + 1):
            proc = subprocess.run(
                [sys.executable, "-X", "importtime", "-c", "import codec"],
                capture_output=True,
                text=True,
                env=env,
                cwd=ROOT,
                check=True,
            )
            if i > 0:
                totals = _importtime_totals(proc.stderr, wanted)
                for name in wanted:
                    samples[name].append(totals[name])
    return {name: statistics.median(values) for name, values in samples.items()}


def _importtime_totals(stderr: str, wanted: Sequence[str]) -> dict[str, float]:
    """Sum of the cumulative column of the lines naming each module of ``wanted``."""
    totals = dict.fromkeys(wanted, 0.0)
    for line in stderr.splitlines():
        if not line.startswith("import time:"):
            continue
        parts = line[len("import time:") :].split("|")
        if len(parts) != 3 or not parts[1].strip().isdigit():
            continue  # the header line
        name = parts[2].strip()
        if name in totals:
            totals[name] += float(parts[1])
    return totals


# --- output ----------------------------------------------------------------------------------


def versions() -> dict[str, str]:
    out = {
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "platform": f"{platform.system()} {platform.machine()}",
        "cpus": str(os.cpu_count()),
        "expat": expat.EXPAT_VERSION,
    }
    for dist in DISTRIBUTIONS:
        try:
            out[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            out[dist] = "not installed"
    return out


def fmt_time(seconds: float) -> str:
    if seconds < 1e-3:
        return f"{seconds * 1e6:.1f} µs"
    if seconds < 1:
        return f"{seconds * 1e3:.2f} ms"
    return f"{seconds:.3f} s"


def fmt_bytes(n: float) -> str:
    if n >= 1e6:
        return f"{n / 1e6:.2f} MB"
    if n >= 1e3:
        return f"{n / 1e3:.1f} kB"
    return f"{n:.0f} B"


def fmt_ratio(ratio: float) -> str:
    """Two decimals, three below 1 (where the XML encode target of 0.1x lives)."""
    return f"{ratio:.3f}x" if ratio < 1 else f"{ratio:.2f}x"


def fmt_target(t: TargetResult) -> str:
    if t.met is None or t.ratio is None:
        return f"TARGET {t.text}: n/a (a row was skipped)"
    return f"TARGET {t.text}: {'MET' if t.met else 'NOT MET'} ({fmt_ratio(t.ratio)})"


NAME_WIDTH = 46


def render_group(g: Group) -> list[str]:
    p = g.payload
    lines = [
        f"{p.name} ({p.detail}) | {g.operation} | {g.fmt} | input {fmt_bytes(g.input_bytes)}",
        f"  {'row':<{NAME_WIDTH}} {'median':>11} {'min':>11} {'ratio':>8}  guard",
    ]
    for m in g.rows:
        label = m.name + (" [limit]" if m.limit else "")
        if m.skipped is not None:
            lines.append(f"  {label:<{NAME_WIDTH}} skipped ({m.skipped})")
            continue
        assert m.median_s is not None
        assert m.min_s is not None
        ratio = "-" if m.ratio is None else fmt_ratio(m.ratio)
        check = "ok" if m.checked else "n/a"
        lines.append(
            f"  {label:<{NAME_WIDTH}} {fmt_time(m.median_s):>11} {fmt_time(m.min_s):>11}"
            f" {ratio:>8}  {check}"
        )
    lines.extend("  " + fmt_target(t) for t in g.targets)
    return lines


def render_memory(results: Sequence[MemoryResult]) -> list[str]:
    lines = [
        "Peak memory of the large decodes (tracemalloc; finished = held by the result)",
        f"  {'payload':<15} {'fmt':<4} {'decoder':<{NAME_WIDTH}} {'finished':>9} {'peak':>9}"
        f" {'peak/fin':>8}",
    ]
    for r in results:
        line = (
            f"  {r.payload:<15} {r.fmt:<4} {r.decoder:<{NAME_WIDTH}}"
            f" {fmt_bytes(r.finished_bytes):>9} {fmt_bytes(r.peak_bytes):>9} {r.ratio:>7.2f}x"
        )
        if r.target is not None:
            line += f"  target <= {r.target:.1f}x: {'MET' if r.met else 'NOT MET'}"
        lines.append(line)
    return lines


def _group_json(g: Group) -> dict[str, Any]:
    return {
        "payload": g.payload.name,
        "detail": g.payload.detail,
        "operation": g.operation,
        "format": g.fmt,
        "input_bytes": g.input_bytes,
        "rows": [
            {
                "name": m.name,
                "limit": m.limit,
                "median_s": m.median_s,
                "min_s": m.min_s,
                "ratio": m.ratio,
                "loops": m.loops,
                "repeats": m.repeats,
                "checked": m.checked,
                "skipped": m.skipped,
            }
            for m in g.rows
        ],
        "targets": [
            {"target": t.text, "limit": t.limit, "ratio": t.ratio, "met": t.met} for t in g.targets
        ],
    }


def _memory_json(r: MemoryResult) -> dict[str, Any]:
    return {
        "payload": r.payload,
        "format": r.fmt,
        "decoder": r.decoder,
        "input_bytes": r.input_bytes,
        "finished_bytes": r.finished_bytes,
        "peak_bytes": r.peak_bytes,
        "peak_over_finished": r.ratio,
        "target": r.target,
        "met": r.met,
    }


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return path.name


# --- main ------------------------------------------------------------------------------------


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks",
        description="Time the codec against raw parsers and peer libraries; check the targets.",
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="smoke run: fewer repeats, large payloads shrunk to 2,000 statuses / 10,000 ids",
    )
    parser.add_argument("--only", choices=FORMATS, help="run only the json or the xml groups")
    parser.add_argument(
        "--json",
        type=Path,
        default=DEFAULT_JSON,
        metavar="PATH",
        help="where to write the results as JSON (default: benchmarks/results.json)",
    )
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    settings = Settings.for_mode(args.quick)
    only: Format | None = args.only
    started = time.perf_counter()

    info = versions()
    print("codec benchmarks" + (" (--quick)" if args.quick else ""))
    print("  " + "  ".join(f"{k} {v}" for k, v in itertools.islice(info.items(), 4)))
    print("  " + "  ".join(f"{k} {v}" for k, v in itertools.islice(info.items(), 4, None)))
    print(flush=True)

    payloads = build_payloads(quick=args.quick)
    groups: list[Group] = []
    for payload in payloads:
        for operation in OPERATIONS:
            for fmt in FORMATS:
                if only is not None and fmt != only:
                    continue
                group = measure_group(payload, operation, fmt, settings)
                groups.append(group)
                print("\n".join(render_group(group)), end="\n\n", flush=True)

    memory = measure_memory(payloads, only)
    print("\n".join(render_memory(memory)), end="\n\n")

    declared_lines = declared.run(args.quick)
    print("\n".join(declared_lines), end="\n\n")

    imports = import_time()
    print(
        "Import time of codec (python -X importtime, cumulative, median of 5): "
        f"{imports['codec'] / 1000:.1f} ms (of which attrs {imports['attrs'] / 1000:.1f} ms,"
        f" orjson {imports['orjson'] / 1000:.1f} ms)"
    )
    print()

    missed = [
        f"{g.payload.name} {g.operation} {g.fmt}: {fmt_target(t)}"
        for g in groups
        for t in g.targets
        if t.met is False
    ] + [
        f"{r.payload} decode {r.fmt}: peak memory {r.ratio:.2f}x the finished objects"
        f" (target <= {r.target:g}x)"
        for r in memory
        if r.met is False and r.target is not None
    ]
    print(f"Targets not met: {len(missed)}")
    for line in missed:
        print("  " + line)

    document = {
        "meta": {
            **info,
            "quick": args.quick,
            "only": only,
            "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
            "api_version": peers.VERSION,
        },
        "groups": [_group_json(g) for g in groups],
        "memory": [_memory_json(r) for r in memory],
        "import_time_us": imports,
        "declared": declared_lines,
    }
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
    elapsed = time.perf_counter() - started
    print(f"Results written to {_display(args.json)} ({elapsed:.0f} s)")
    return 0
