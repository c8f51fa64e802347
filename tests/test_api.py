"""The public contract: facade, cached pairs, models, operation descriptors, command line."""

from __future__ import annotations

import attrs
import pytest

import codec
from codec.jobservice import (
    CANCEL,
    CANCEL_RUNNING,
    OPERATIONS,
    RESUME,
    SUSPEND,
    JobOperationPayload,
    JobRunOperationPayload,
    MgmtResponse,
    OperationResult,
    OperationResultStatus,
)


def test_codec_for_is_cached_and_accepts_version_names() -> None:
    """The same pair object comes back for 3 and 'v3'; XML and JSON pairs differ."""
    pair = codec.codec_for(MgmtResponse, version=3, format="json")
    assert codec.codec_for(MgmtResponse, version="v3", format="json") is pair
    assert codec.codec_for(MgmtResponse, version=3, format="xml") is not pair
    assert (pair.type, pair.version, pair.format) == (MgmtResponse, 3, "json")


def test_pair_round_trip() -> None:
    """The pair's halves are the same functions encode/decode use."""
    pair = codec.codec_for(JobRunOperationPayload, version=1, format="json")
    model = JobRunOperationPayload(run_ids=[15])
    assert pair.encode(model) == b'{"jobRunOperationPayload":{"runIds":{"runId":15}}}'
    assert pair.decode(pair.encode(model)) == model


def test_models_are_frozen_slotted_and_by_value() -> None:
    """Models are immutable, slotted, hashable and equal whether built from lists or tuples."""
    a = JobOperationPayload(job_ids=[1, 2])
    b = JobOperationPayload(job_ids=(1, 2))
    assert a == b
    assert hash(a) == hash(b)
    assert a.job_ids == (1, 2)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        a.job_ids = ()  # type: ignore[misc]
    assert not hasattr(a, "__dict__")


def test_defaults() -> None:
    """Lists default to empty, absent optional values to None."""
    assert JobRunOperationPayload().run_ids == ()
    result = OperationResult()
    assert (result.failure, result.message, result.operation, result.success) == (
        (),
        None,
        None,
        (),
    )
    status = OperationResultStatus(id=3)
    assert (status.message, status.status) == (None, None)
    response = MgmtResponse()
    assert (response.response_type, response.operation_results) == (None, ())


def test_decoded_models_equal_constructed_ones() -> None:
    """A decoded instance (built without __init__) is equal, hashable and frozen like any other."""
    data = b"<jobOperationPayload><jobIds><jobId>4</jobId></jobIds></jobOperationPayload>"
    decoded = codec.decode(data, JobOperationPayload, version=2, format="xml")
    assert decoded == JobOperationPayload(job_ids=[4])
    assert hash(decoded) == hash(JobOperationPayload(job_ids=[4]))
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        decoded.job_ids = ()  # type: ignore[misc]


@pytest.mark.parametrize(
    ("operation", "resource", "request_type"),
    [
        (SUSPEND, "suspend", JobOperationPayload),
        (RESUME, "resume", JobOperationPayload),
        (CANCEL, "cancel", JobOperationPayload),
        (CANCEL_RUNNING, "cancelrunning", JobRunOperationPayload),
    ],
)
def test_operation_descriptors(
    operation: codec.jobservice.Operation, resource: str, request_type: type
) -> None:
    """Each operation is a PUT with its path per version and format and its payload types."""
    assert operation.method == "PUT"
    assert operation.request_type is request_type
    assert operation.response_type is MgmtResponse
    assert (
        operation.path(version=3, format="json") == f"/webacs/api/v3/op/jobService/{resource}.json"
    )
    assert operation.path(version="v1", format="xml") == f"/webacs/api/v1/op/jobService/{resource}"
    with pytest.raises(codec.ArgumentError):
        operation.path(version=5, format="xml")
    assert operation in OPERATIONS


def test_public_names() -> None:
    """The facade exports what users touch, and every name in __all__ exists."""
    for name in codec.__all__:
        assert hasattr(codec, name), name
    assert issubclass(codec.DecodeError, codec.CodecError)
    assert issubclass(codec.EncodeError, codec.CodecError)
    assert issubclass(codec.CodecError, ValueError)
