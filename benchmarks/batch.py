"""Files per second of `codec.validate_files` against a bare decode loop, in one process.

    python -m benchmarks.batch            # 20,000 files
    python -m benchmarks.batch --files 100000

A folder of small valid payloads (copies of the vendor samples in ``tests/golden/``: both
formats, v1 to v3, requests and responses) is written to a temporary folder. The limit row is a
bare Python loop that reads each file and calls `codec.decode` with its type and version known
(what a script that trusts its files would do); the rows are `validate_files` on one process
(type and version detected, every version checked, as the command line does) and on every
core. Target (issue [scale]): one process reaches at least half the limit's files per second.
"""

from __future__ import annotations

import argparse
import os
import shutil
import tempfile
import time
import tracemalloc
from pathlib import Path

import codec
from codec.pi import SHIPPED

GOLDEN = Path(__file__).parent.parent / "tests" / "golden"


def _corpus(folder: Path, count: int) -> list[tuple[Path, type, int, str]]:
    samples = sorted(GOLDEN.iterdir())
    by_root = {codec.root_of(t): t for t in SHIPPED}
    known = []
    for sample in samples:
        report = codec.validate(sample.read_bytes())
        assert report.ok, sample
        assert report.type is not None, sample
        root = codec.root_of(report.type)
        assert root in by_root
        known.append((sample, report.type, report.versions[0], report.format or ""))
    out = []
    for i in range(count):
        sample, cls, version, fmt = known[i % len(known)]
        path = folder / f"{i:06}_{sample.name}"
        shutil.copyfile(sample, path)
        out.append((path, cls, version, fmt))
    return out


def _best(run: object, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=20_000)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        files = _corpus(folder, args.files)

        def bare() -> None:
            for path, cls, version, fmt in files:
                codec.decode(path.read_bytes(), cls, version=version, format=fmt)

        def batch(jobs: int) -> int:
            return sum(r.report.ok for r in codec.validate_files([folder], jobs=jobs))

        assert batch(1) == len(files)
        limit = _best(bare, args.repeats)
        one = _best(lambda: batch(1), args.repeats)
        cores = os.cpu_count() or 1
        every = _best(lambda: batch(cores), args.repeats)
        tracemalloc.start()
        for _ in codec.validate_files([folder], jobs=1):
            pass
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    n = len(files)
    print(f"{n} files, {cores} cores")
    print(f"  bare decode loop [limit]       {n / limit:9.0f} files/s   1.00x")
    print(f"  validate_files, jobs=1         {n / one:9.0f} files/s   {limit / one:.2f}x")
    print(
        f"  validate_files, jobs={cores:<2}        {n / every:9.0f} files/s   {limit / every:.2f}x"
    )
    print(f"  peak traced memory, jobs=1: {peak / 1e6:.1f} MB for {n} files")
    verdict = "MET" if limit / one >= 0.5 else "NOT MET"
    print(f"TARGET validate_files jobs=1 >= 0.5x the bare loop: {verdict} ({limit / one:.2f}x)")


if __name__ == "__main__":
    main()
