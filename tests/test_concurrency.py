"""Threads and processes: shared codecs give the same answers, and models and errors travel."""

from __future__ import annotations

import pickle
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

import codec
from codec.jobservice import (
    JobRunOperationPayload,
    MgmtResponse,
    OperationEnum,
    OperationResult,
    OperationResultStatus,
)


def _response(n: int) -> MgmtResponse:
    statuses = [OperationResultStatus(id=i, message=f"m{i} & <{n}>") for i in range(n)]
    return MgmtResponse(
        response_type="operation",
        operation_results=[
            OperationResult(failure=statuses, operation=OperationEnum.CANCEL, success=statuses)
        ],
    )


# Small, medium and large (the large one takes the XML reader, the others the tree walker).
MODELS: list[Any] = [_response(n) for n in (1, 50, 9000)] + [
    JobRunOperationPayload(run_ids=list(range(n))) for n in (1, 20, 5000)
]
JOBS = [(m, v, f) for m in MODELS for v in (1, 2, 3, 4) for f in ("xml", "json")]


def _round(job: tuple[Any, int, str]) -> tuple[bytes, Any]:
    model, version, fmt = job
    data = codec.encode(model, version=version, format=fmt)
    return data, codec.decode(data, type(model), version=version, format=fmt)


def test_threads_agree_with_a_single_thread() -> None:
    """8 threads encoding and decoding the same and different payloads at once give exactly
    the single-threaded results (codecs hold no state between calls)."""
    expected = [_round(job) for job in JOBS]
    work = JOBS * 3  # each payload handled by several threads at once
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(_round, work))
    assert results == expected * 3


def test_threads_building_codecs_at_once_get_one_codec() -> None:
    """First use from many threads builds each codec once: all get the same object."""

    @codec.model(root="raceProbe")
    class RaceProbe:
        ids: tuple[int, ...] = codec.wrapped("ids", "id", default=())

    with ThreadPoolExecutor(max_workers=8) as pool:
        pairs = list(
            pool.map(lambda _: codec.codec_for(RaceProbe, version=2, format="json"), range(32))
        )
    assert all(p is pairs[0] for p in pairs)


@pytest.mark.parametrize("model", MODELS[:2] + MODELS[3:5])
def test_models_pickle(model: Any) -> None:
    """Models survive pickling, equal and hashable."""
    again = pickle.loads(pickle.dumps(model))
    assert again == model
    assert hash(again) == hash(model)


def test_decoded_models_pickle() -> None:
    """Instances built by the decoders (without __init__) pickle like any other."""
    model = _response(3)
    for fmt in ("xml", "json"):
        decoded = codec.decode(
            codec.encode(model, version=1, format=fmt), MgmtResponse, version=1, format=fmt
        )
        assert pickle.loads(pickle.dumps(decoded)) == model


def _validate_file(path: str) -> tuple[str, bool, tuple[int, ...], list[str]]:
    report = codec.validate(Path(path).read_bytes())
    return path, report.ok, report.versions, [p.code for p in report.problems]


def test_process_pool_batch_validation(tmp_path: Path) -> None:
    """Validating many files in a process pool (the pattern for a million captures) gives the
    same reports as doing it in this process."""
    files = []
    for i in range(60):
        model = _response(i % 7) if i % 2 else JobRunOperationPayload(run_ids=[i, i + 1])
        fmt = "xml" if i % 3 else "json"
        data = codec.encode(model, version=1 + i % 4, format=fmt)
        if i % 5 == 0:
            data = data[: len(data) // 2]  # some broken ones
        path = tmp_path / f"p{i}.{fmt}"
        path.write_bytes(data)
        files.append(str(path))
    with ProcessPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(_validate_file, files, chunksize=8))
    assert results == [_validate_file(f) for f in files]
    assert sum(ok for _, ok, _, _ in results) == 48  # the 12 truncated ones are invalid
