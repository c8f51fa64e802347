"""`codec.dask` (the ``dask`` extra): the per-file check on a Dask cluster, here a
`LocalCluster` of two worker processes, gives what one process gives, report for report."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from dask.distributed import Client, LocalCluster

import codec
from codec.dask import report_bag, summary

from .support import ROOT

GOLDEN = ROOT / "tests" / "golden"


@pytest.fixture(scope="module")
def client() -> Iterator[Client]:
    with (
        LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        Client(cluster) as client,
    ):
        yield client


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Each vendor sample, broken copies of each in both formats, an empty file and a FIFO."""
    folder = tmp_path_factory.mktemp("dask")
    for i in range(5):
        for sample in sorted(GOLDEN.iterdir()):
            data = sample.read_bytes()
            (folder / f"{i}_{sample.name}").write_bytes(data)
            (folder / f"{i}_bad_{sample.name}").write_bytes(data.replace(b"15", b"1.5", 1))
    (folder / "empty.json").write_bytes(b"")
    os.mkfifo(folder / "pipe.xml")
    return folder


def test_the_cluster_gives_the_serial_reports_in_order(client: Client, corpus: Path) -> None:
    serial = list(codec.validate_files([corpus], jobs=1))
    bag = report_bag([corpus], partition_size=7)
    assert bag.npartitions > 2
    on_cluster = bag.compute()
    assert on_cluster == serial
    assert len(client.scheduler_info()["workers"]) == 2
    assert any(r.report.ok for r in serial)
    assert any(not r.report.ok for r in serial)


def test_the_summary_is_the_command_lines(client: Client, corpus: Path) -> None:
    expected = {"files": 0, "valid": 0, "invalid": 0, "problems": 0}
    for checked in codec.validate_files([corpus], jobs=1):
        report = checked.report
        expected["files"] += 1
        expected["valid" if report.ok else "invalid"] += 1
        expected["problems"] += 0 if report.ok else len(report.problems)
    assert summary(report_bag([corpus], partition_size=5)) == expected
    assert expected["invalid"] > 0


def test_arguments_are_checked_before_any_work(corpus: Path) -> None:
    with pytest.raises(codec.ArgumentError, match="standard input"):
        report_bag([corpus, "-"])
    with pytest.raises(codec.ArgumentError, match="no such file"):
        report_bag([corpus / "absent"])
    with pytest.raises(codec.ArgumentError, match="partition_size"):
        report_bag([corpus], partition_size=0)
    with pytest.raises(codec.ArgumentError, match="version"):
        report_bag([corpus], version=7)


def test_options_reach_the_workers(client: Client, corpus: Path) -> None:
    """A type, a version, lenient: the workers check with what the caller gave."""
    from codec.jobservice import JobRunOperationPayload

    serial = list(
        codec.validate_files([corpus], JobRunOperationPayload, version=1, lenient=True, jobs=1)
    )
    bag = report_bag([corpus], JobRunOperationPayload, version=1, lenient=True)
    assert bag.compute() == serial
    assert serial != list(codec.validate_files([corpus], jobs=1))
