"""Validation of corpora beyond one machine, on a Dask cluster (the ``dask`` extra:
``pip install 'codec[dask]'``).

The per-file check is `codec.validate_files`'s, unchanged: a worker reads each file itself (so
the files must be where the workers see them: a shared file system, the same paths) and
reports on it; Dask schedules the partitions, retries, spreads them over machines. This
module only hands the work to Dask: no scheduler of its own.

    >>> from dask.distributed import Client
    >>> from codec.dask import report_bag, summary
    >>> client = Client("tcp://scheduler:8786")             # or LocalCluster(), or none at all
    >>> reports = report_bag(["/corpus/2026-12-01"])        # a dask.bag.Bag of FileReport
    >>> summary(reports)                                   # computed on the cluster
    {'files': 100000, 'valid': 99873, 'invalid': 127, 'problems': 131}
    >>> bad = reports.filter(lambda r: not r.report.ok).compute()

The bag's items are in the files' order (a folder's sorted), and equal to what
`codec.validate_files` gives on one machine, report for report. The payload types are sent
by reference: a worker imports the modules that declare them (the shipped ones, or a package
of the user's installed there too). Standard input (``-``) cannot be shared with workers and is
refused.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Final

from ._batch import (
    FileReport,
    _check_chunk,
    add_to_summary,
    check_options,
    new_summary,
    payload_files,
)
from ._errors import ArgumentError
from .pi import SHIPPED

if TYPE_CHECKING:
    import dask.bag

__all__ = ["report_bag", "summary"]

#: files to a partition, by default: large enough that scheduling costs little against the
#: checks (about a second of work for small payloads), small enough to spread a folder well
PARTITION: Final = 2000


def report_bag(
    paths: Iterable[str | os.PathLike[str]],
    type: type[Any] | None = None,
    *,
    version: int | str | None = None,
    format: str | None = None,
    lenient: bool = False,
    types: Iterable[type[Any]] | None = None,
    max_bytes: int | None = None,
    partition_size: int = PARTITION,
) -> dask.bag.Bag:
    """A lazy `dask.bag.Bag` of one `codec.FileReport` a payload file ``paths`` name (files,
    folders searched for ``*.xml`` and ``*.json``), in that order; the arguments are
    `codec.validate_files`'s (``types`` defaults to the shipped payload types). The files are
    listed here, at once (`ArgumentError` for a path that does not exist, or ``-``); they are
    read and checked by the workers when the bag is computed."""
    import dask.bag as db  # the extra: needed only here

    if partition_size.__class__ is not int or partition_size < 1:
        raise ArgumentError(f"partition_size={partition_size!r}: expected a positive number")
    files: list[tuple[str, str]] = []
    for name, path in payload_files(paths):
        if path is None:
            raise ArgumentError("'-': standard input cannot be read by the workers of a cluster")
        files.append((name, path))
    options = check_options(
        type, version, format, lenient, SHIPPED if types is None else types, max_bytes
    )
    bag = db.from_sequence(files, partition_size=partition_size)  # type: ignore[no-untyped-call]
    reports: db.Bag = bag.map_partitions(_check_chunk, options)  # a partition is a list
    return reports


def _counts(reports: Iterable[FileReport]) -> dict[str, int]:
    counts = new_summary()
    for checked in reports:
        add_to_summary(counts, checked.report)
    return counts


def _added(parts: Iterable[dict[str, int]]) -> dict[str, int]:
    total = new_summary()
    for part in parts:
        for key, count in part.items():
            total[key] += count
    return total


def summary(reports: dask.bag.Bag, **compute: Any) -> dict[str, int]:
    """The counts of `report_bag`'s reports, the numbers ``python -m codec validate`` ends
    with (``files``, ``valid``, ``invalid``, ``problems``), computed where the bag is
    (``compute``: `dask.compute`'s options, a ``scheduler=`` among them); only the counts
    travel back."""
    counted = reports.reduction(_counts, _added)  # type: ignore[no-untyped-call]
    result: dict[str, int] = counted.compute(**compute)
    return result
