"""Files per second of `codec.validate_files` against a bare decode loop, and its memory.

    python -m benchmarks.batch                  # 20,000 files
    python -m benchmarks.batch --files 100000   # the issue's folder (or CODEC_BATCH_FILES=100000)

A folder of small valid payloads (copies of the vendor samples in ``tests/golden/``: both
formats, v1 to v3, requests and responses, in turn) is written to a temporary folder, in
subfolders of 10,000 files, and removed after. Rows, in one process, taking turns round after
round (the best round of each is kept, so that a busy neighbour hits every row alike):

* the limit row: a bare Python loop that reads each file and calls `codec.decode` with its
  type, version and format known (what a script that trusts its files would do);
* `validate_files(jobs=1)`: type and version detected, every version checked, as the command
  line does; its ratio to the limit (target, issue [scale]: at least 0.5x);
* `validate_files(jobs=J)` (``--jobs``, default 2): its ratio to the limit, and the scaling,
  its rate over that of ``jobs=1`` (on a machine of J idle cores, near J);
* listing the folder alone (``codec._batch.payload_files``), the part of ``validate_files``
  that the limit row, given its list of files, does not do.

Memory, of a run that consumes the iterator and writes each report as a JSON line (what
``--output jsonl`` does), each in a fresh process, over the first subfolder and over the whole
folder: the peak traced by `tracemalloc` in the consuming process; and, in another run without
it, its peak resident size and the largest resident size of its worker processes
(`resource.getrusage(RUSAGE_CHILDREN)`; they start as copies of it). Flat memory: the same
figures for 10,000 files and for all.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson

import codec
from codec._batch import payload_files

GOLDEN = Path(__file__).parent.parent / "tests" / "golden"
#: files per subfolder
SUBFOLDER = 10_000


def _corpus(folder: Path, count: int) -> list[tuple[Path, type[Any], int, str]]:
    """Write ``count`` copies of the vendor samples, in turn; (path, type, version, format)."""
    known = []
    for sample in sorted(GOLDEN.iterdir()):
        data = sample.read_bytes()
        report = codec.validate(data)
        assert report.ok, sample
        assert report.type is not None, sample
        assert report.format is not None, sample
        known.append((sample.name, data, report.type, report.versions[0], report.format))
    out: list[tuple[Path, type[Any], int, str]] = []
    for i in range(count):
        name, data, cls, version, fmt = known[i % len(known)]
        sub = folder / f"{i // SUBFOLDER:03}"
        if i % SUBFOLDER == 0:
            sub.mkdir()
        path = sub / f"{i:06}_{name}"
        path.write_bytes(data)
        out.append((path, cls, version, fmt))
    return out


def _rounds(rows: dict[str, Callable[[], object]], rounds: int) -> dict[str, float]:
    """The best time of each row over ``rounds`` rounds in which the rows take turns."""
    best = dict.fromkeys(rows, float("inf"))
    for _ in range(rounds):
        for row, run in rows.items():
            start = time.perf_counter()
            run()
            best[row] = min(best[row], time.perf_counter() - start)
    return best


def _memory_run(folder: str, jobs: int, traced: bool) -> None:
    """In a fresh process: validate ``folder`` writing JSON lines to nowhere; print the
    figures as one JSON object (``traced``: under `tracemalloc`, whose own records make the
    resident sizes larger, so those are measured in a run of their own)."""
    if traced:
        tracemalloc.start()
    count = 0
    with open(os.devnull, "wb") as out:
        for checked in codec.validate_files([folder], jobs=jobs):
            report = checked.report
            line = {"file": checked.file, "ok": report.ok, "versions": report.versions}
            out.write(orjson.dumps(line) + b"\n")
            count += 1
    peak = tracemalloc.get_traced_memory()[1] if traced else 0
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # KiB (Linux)
    figures = {"files": count, "traced": peak, "own": _own_peak(), "children": children}
    print(orjson.dumps(figures).decode())


def _own_peak() -> int:
    """This process's peak resident size in KiB: ``VmHWM`` where Linux tells it, which counts
    this program alone (``ru_maxrss`` keeps, across ``exec``, the size of the process that
    started it: here the benchmark, holding its list of files)."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _memory(folder: Path, jobs: int) -> dict[str, int]:
    """The traced peak of one fresh run, the resident sizes of another, untraced."""
    runs = []
    for traced in (True, False):
        command = [sys.executable, "-m", "benchmarks.batch", "--memory-of", str(folder)]
        command += ["--jobs", str(jobs), *(["--traced"] if traced else [])]
        done = subprocess.run(command, check=True, capture_output=True, text=True)
        runs.append(orjson.loads(done.stdout.strip().splitlines()[-1]))
    traced_run, untraced_run = runs
    figures: dict[str, int] = {**untraced_run, "traced": traced_run["traced"]}
    return figures


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    default = int(os.environ.get("CODEC_BATCH_FILES", "20000"))
    parser.add_argument("--files", type=int, default=default, help="default 20,000")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=2, help="processes of the parallel row")
    parser.add_argument("--memory-of", help=argparse.SUPPRESS)
    parser.add_argument("--traced", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.memory_of:
        _memory_run(args.memory_of, args.jobs, args.traced)
        return
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        files = _corpus(folder, args.files)

        def bare() -> None:
            for path, cls, version, fmt in files:
                codec.decode(path.read_bytes(), cls, version=version, format=fmt)

        def batch(jobs: int) -> int:
            return sum(r.report.ok for r in codec.validate_files([folder], jobs=jobs))

        def listing() -> None:
            for _ in payload_files([folder]):
                pass

        assert batch(1) == len(files)  # warm, and every file valid
        rows = {"bare": bare, "one": lambda: batch(1), "many": lambda: batch(args.jobs)}
        best = _rounds({**rows, "listing": listing}, args.rounds)
        first = folder / "000"
        some = min(SUBFOLDER, len(files))
        memory = [(some, _memory(first, 1)), (len(files), _memory(folder, 1))]
        memory += [(some, _memory(first, args.jobs)), (len(files), _memory(folder, args.jobs))]
    n = len(files)
    rate = {row: n / seconds for row, seconds in best.items()}
    limit = rate["bare"]
    print(f"{n:,} files, {os.cpu_count()} cores, best of {args.rounds} rounds")
    print(f"  bare decode loop [limit]       {rate['bare']:9,.0f} files/s   1.00x")
    print(
        f"  validate_files, jobs=1         {rate['one']:9,.0f} files/s   {rate['one'] / limit:.2f}x"
    )
    print(
        f"  validate_files, jobs={args.jobs:<2}        {rate['many']:9,.0f} files/s   "
        f"{rate['many'] / limit:.2f}x   scaling {rate['many'] / rate['one']:.2f}x over jobs=1"
    )
    print(
        f"  of which listing the folder    {rate['listing']:9,.0f} files/s   "
        f"({best['listing'] / best['one']:.0%} of jobs=1's time)"
    )
    print("  memory of a run writing JSON lines (fresh process each):")
    for (count, figures), jobs in zip(memory, (1, 1, args.jobs, args.jobs), strict=True):
        workers = f"{figures['children'] / 1024:6.1f} MB" if jobs > 1 else "     none"
        print(
            f"    jobs={jobs:<2} {count:>7,} files: traced peak {figures['traced'] / 1e6:5.1f} MB, "
            f"max RSS {figures['own'] / 1024:5.1f} MB, workers' max RSS {workers}"
        )
    ratio = rate["one"] / limit
    verdict = "MET" if ratio >= 0.5 else "NOT MET"
    print(f"TARGET validate_files jobs=1 >= 0.5x the bare loop: {verdict} ({ratio:.2f}x)")


if __name__ == "__main__":
    main()
