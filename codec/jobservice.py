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
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

import attrs

from ._fields import attribute, element, model, open_enum, repeated, wrapped
from ._versions import parse_format, parse_version

if TYPE_CHECKING:
    from ._client import Request

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

    job_ids: Sequence[int] = wrapped("jobIds", "jobId", default=(), required=True)


@model(root="jobRunOperationPayload")
class JobRunOperationPayload:
    """Request of ``cancelrunning``: the run instance ids to stop."""

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

    response_type: str | None = attribute(default=None)
    request_url: str | None = attribute(default=None)
    root_url: str | None = attribute(default=None)
    operation_results: Sequence[OperationResult] = repeated("operationResult", default=())
    job: Job | None = element(default=None)


@attrs.frozen
class Operation:
    """One jobService operation: its HTTP method, resource and payload types."""

    name: str
    method: str
    resource: str
    #: ``None`` for an operation without a body (``runhistory``, a GET with query parameters)
    request_type: type[JobOperationPayload] | type[JobRunOperationPayload] | None
    response_type: type[MgmtResponse]

    def path(self, *, version: int | str, format: str) -> str:
        """``/webacs/api/v3/op/jobService/cancelrunning.json``; XML takes no suffix."""
        number = parse_version(version)
        suffix = ".json" if parse_format(format) == "json" else ""
        return f"/webacs/api/v{number}/op/{self.resource}{suffix}"

    def request(
        self,
        payload: object,
        *,
        version: int | str,
        format: str,
        base_url: str,
        params: Mapping[str, str | int] | None = None,
    ) -> Request:
        """The HTTP request for this operation (sans-io: nothing is sent; see `codec.Request`).

        ``params`` are the query parameters (``runhistory``'s ``jobId``, ``jobName``, ...).
        """
        from ._client import build_request

        return build_request(
            self, payload, version=version, format=format, base_url=base_url, params=params
        )

    def response(
        self,
        status: int,
        headers: Mapping[str, str] | Iterable[tuple[str, str]],
        body: bytes,
        *,
        version: int | str,
    ) -> MgmtResponse:
        """The decoded answer, or `codec.ApiError` (and subclasses) for a failed call."""
        from ._client import read_response

        result: MgmtResponse = read_response(self, status, headers, body, version=version)
        return result


SUSPEND = Operation("suspend", "PUT", "jobService/suspend", JobOperationPayload, MgmtResponse)
RESUME = Operation("resume", "PUT", "jobService/resume", JobOperationPayload, MgmtResponse)
CANCEL = Operation("cancel", "PUT", "jobService/cancel", JobOperationPayload, MgmtResponse)
CANCEL_RUNNING = Operation(
    "cancelrunning", "PUT", "jobService/cancelrunning", JobRunOperationPayload, MgmtResponse
)
#: GET, with the query parameters ``jobId``, ``jobType``, ``jobName``, ``startTime``.
RUN_HISTORY = Operation("runhistory", "GET", "jobService/runhistory", None, MgmtResponse)
OPERATIONS: tuple[Operation, ...] = (SUSPEND, RESUME, CANCEL, CANCEL_RUNNING, RUN_HISTORY)
