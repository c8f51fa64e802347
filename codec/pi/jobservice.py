"""The jobService operations: their payload models and operation descriptors.

Wire names are the vendor's; Python names are snake_case. Child elements are declared in the
vendor's order, which is alphabetical; the attributes of ``mgmtResponse`` in the order the
server writes them (``responseType``, ``requestUrl``, ``rootUrl``).

``suspend``, ``resume`` and ``cancel`` take a `JobOperationPayload`, ``cancelrunning`` a
`JobRunOperationPayload`; all four answer a `MgmtResponse` holding `OperationResult` items.
Every vendor sample says ``SUSPEND`` as the operation, whatever the operation was: the model
keeps what the server sent and does not second-guess it.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from typing import ClassVar

import attrs

from .._fields import attribute, element, model, open_enum, repeated, wrapped
from ._operation import ApiOperation
from ._urls import ENVELOPE_URLS, EnvelopeUrls

__all__ = [
    "CANCEL",
    "CANCEL_RUNNING",
    "OPERATIONS",
    "RESUME",
    "RUN_HISTORY",
    "SUSPEND",
    "JobOperationPayload",
    "Job",
    "JobRunOperationPayload",
    "MgmtResponse",
    "Operation",
    "OperationEnum",
    "OperationResult",
    "OperationResultStatus",
    "PropertyAndValue",
    "RunInstance",
]


class OperationEnum(enum.Enum):
    """The service name in an `OperationResult`."""

    SUSPEND = "SUSPEND"
    RESUME = "RESUME"
    CANCEL = "CANCEL"
    CANCELRUNNING = "CANCELRUNNING"


@model(root="jobOperationPayload")
class JobOperationPayload:
    """Request of ``suspend``, ``resume`` and ``cancel``: the job ids to act on."""

    #: PI's envelope URL rule, as every PI payload root carries it (`codec.pi._urls`).
    __codec_version_urls__: ClassVar[EnvelopeUrls] = ENVELOPE_URLS

    job_ids: Sequence[int] = wrapped("jobIds", "jobId", default=(), required=True)


@model(root="jobRunOperationPayload")
class JobRunOperationPayload:
    """Request of ``cancelrunning``: the run instance ids to stop."""

    __codec_version_urls__: ClassVar[EnvelopeUrls] = ENVELOPE_URLS

    run_ids: Sequence[int] = wrapped("runIds", "runId", default=(), required=True)


@model()
class OperationResultStatus:
    """The outcome for one job id or run instance id."""

    id: int = element()
    message: str | None = element(default=None)
    status: str | None = element(default=None)


@model()
class OperationResult:
    """What one operation did: the ids that failed and those that succeeded."""

    failure: Sequence[OperationResultStatus] = wrapped("failure", "failure", default=())
    message: str | None = element(default=None)
    #: An open enum: a value this library does not know is kept as a plain string by lenient
    #: decoding and written back as received; strict decoding reports it (code ``enum``).
    operation: OperationEnum | str | None = element(
        default=None, converter=open_enum(OperationEnum)
    )
    success: Sequence[OperationResultStatus] = wrapped("success", "success", default=())


@model()
class PropertyAndValue:
    """One result of a job run: a property and its value."""

    property: str | None = element(default=None)
    value: str | None = element(default=None)


@model()
class RunInstance:
    """One run of a job. Times are kept as the server writes them (text)."""

    completion_time: str | None = element(default=None)
    last_start_time: str | None = element(default=None)
    result_status: str | None = element(default=None)
    # PI writes an array field as a wrapper and items of the same name, as with
    # ``failure``/``failure`` (inferred for these two from that rule; no sample shows them).
    results: Sequence[PropertyAndValue] = wrapped("results", "results", default=())


@model()
class Job:
    """A job and its run history, the answer of ``runhistory``."""

    description: str | None = element(default=None)
    job_id: int | None = element(default=None)
    job_name: str | None = element(default=None)
    job_status: str | None = element(default=None)
    job_type: str | None = element(default=None)
    next_run_time: str | None = element(default=None)
    run_instances: Sequence[RunInstance] = wrapped("runInstances", "runInstances", default=())


@model(root="mgmtResponse")
class MgmtResponse:
    """The answer of every jobService operation.

    ``suspend``, ``resume``, ``cancel`` and ``cancelrunning`` answer with `operation_results`;
    ``runhistory`` answers with a `job` (and no operation results). Decoding fills whichever
    the payload holds; the other stays empty (``()`` or ``None``).
    """

    __codec_version_urls__: ClassVar[EnvelopeUrls] = ENVELOPE_URLS

    response_type: str | None = attribute(default=None)
    request_url: str | None = attribute(default=None)
    root_url: str | None = attribute(default=None)
    operation_results: Sequence[OperationResult] = repeated("operationResult", default=())
    job: Job | None = element(default=None)


@attrs.frozen
class Operation(ApiOperation[MgmtResponse]):
    """One jobService operation: its HTTP method, resource and payload types (the path rule,
    the error answers and the HTTP helpers are PI's, `codec.pi._operation.ApiOperation`)."""


SUSPEND = Operation("suspend", "PUT", "jobService/suspend", JobOperationPayload, MgmtResponse)
RESUME = Operation("resume", "PUT", "jobService/resume", JobOperationPayload, MgmtResponse)
CANCEL = Operation("cancel", "PUT", "jobService/cancel", JobOperationPayload, MgmtResponse)
CANCEL_RUNNING = Operation(
    "cancelrunning", "PUT", "jobService/cancelrunning", JobRunOperationPayload, MgmtResponse
)
#: GET, with the query parameters ``jobId``, ``jobType``, ``jobName``, ``startTime``.
RUN_HISTORY = Operation("runhistory", "GET", "jobService/runhistory", None, MgmtResponse)
OPERATIONS: tuple[Operation, ...] = (SUSPEND, RESUME, CANCEL, CANCEL_RUNNING, RUN_HISTORY)
