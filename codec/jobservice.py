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

import attrs

from ._fields import attribute, element, model, open_enum, repeated, wrapped
from ._versions import parse_format, parse_version

__all__ = [
    "CANCEL",
    "CANCEL_RUNNING",
    "OPERATIONS",
    "RESUME",
    "SUSPEND",
    "JobOperationPayload",
    "JobRunOperationPayload",
    "MgmtResponse",
    "Operation",
    "OperationEnum",
    "OperationResult",
    "OperationResultStatus",
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


@model(root="mgmtResponse")
class MgmtResponse:
    """The answer of every jobService operation."""

    response_type: str | None = attribute(default=None)
    request_url: str | None = attribute(default=None)
    root_url: str | None = attribute(default=None)
    operation_results: Sequence[OperationResult] = repeated("operationResult", default=())


@attrs.frozen
class Operation:
    """One jobService operation: its HTTP method, resource and payload types."""

    name: str
    method: str
    resource: str
    request_type: type[JobOperationPayload] | type[JobRunOperationPayload]
    response_type: type[MgmtResponse]

    def path(self, *, version: int | str, format: str) -> str:
        """``/webacs/api/v3/op/jobService/cancelrunning.json``; XML takes no suffix."""
        number = parse_version(version)
        suffix = ".json" if parse_format(format) == "json" else ""
        return f"/webacs/api/v{number}/op/{self.resource}{suffix}"


SUSPEND = Operation("suspend", "PUT", "jobService/suspend", JobOperationPayload, MgmtResponse)
RESUME = Operation("resume", "PUT", "jobService/resume", JobOperationPayload, MgmtResponse)
CANCEL = Operation("cancel", "PUT", "jobService/cancel", JobOperationPayload, MgmtResponse)
CANCEL_RUNNING = Operation(
    "cancelrunning", "PUT", "jobService/cancelrunning", JobRunOperationPayload, MgmtResponse
)
OPERATIONS: tuple[Operation, ...] = (SUSPEND, RESUME, CANCEL, CANCEL_RUNNING)
