"""The jobService operations: their payload models and operation descriptors.

Wire names are the vendor's; Python names are snake_case. Child elements are declared in the
vendor's order, which is alphabetical; the attributes of ``mgmtResponse`` in the order the
server writes them (``responseType``, ``requestUrl``, ``rootUrl``).

``suspend``, ``resume`` and ``cancel`` take a `JobOperationPayload`, ``cancelrunning`` a
`JobRunOperationPayload`; all four answer a `MgmtResponse` holding `OperationResult` items.
Every vendor sample says ``SUSPEND`` as the operation, whatever the operation was: the model
keeps what the server sent and does not second-guess it.

``runhistory`` answers a `MgmtResponse` holding `Job` items, modelled on real servers'
answers (EPN Manager, v1 JSON): each field's evidence is in its model's documentation.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from datetime import datetime
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
    "JobStatus",
    "MgmtResponse",
    "Operation",
    "OperationEnum",
    "OperationResult",
    "OperationResultStatus",
    "PropertyAndValue",
    "ResultStatus",
    "RunInstance",
    "RunStatus",
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


class JobStatus(enum.Enum):
    """A job's state in a ``runhistory`` answer: the values seen in captures (an open enum)."""

    COMPLETED = "COMPLETED"
    SCHEDULED = "SCHEDULED"


class RunStatus(enum.Enum):
    """A run instance's state: the values seen in captures (an open enum)."""

    COMPLETED = "COMPLETED"
    RUNNING = "RUNNING"


class ResultStatus(enum.Enum):
    """A finished run's outcome: the values seen in captures (an open enum; a run still
    ``RUNNING`` has none)."""

    SUCCESS = "SUCCESS"
    FAILURE = "FAILURE"


@model()
class PropertyAndValue:
    """One ``result`` of a job run: a property and its value.

    * ``property``: confirmed (EPN Manager v1 JSON captures, ``runhistory/gve-epnm_v1_*`` in
      tests/vendor/index.json): a device id or the job name. v1 JSON writes the device id as a
      number (``"property": 1254261``), read as its text once the v1 typing rule is in place.
    * ``value``: confirmed (same captures): the configlet and the device's answer, or
      ``"1/1 template configurations successfully applied."``.
    """

    property: str | None = element(default=None)
    value: str | None = element(default=None)


@model()
class RunInstance:
    """One run of a job (a ``runInstance`` item of ``runInstances``).

    Every field is confirmed by the EPN Manager v1 JSON captures (``runhistory/gve-epnm_v1_*``
    in tests/vendor/index.json; no XML or v2+ answer was found, their shape follows the
    version rules):

    * ``completionTime``: a date (``2017-05-01T11:35:46.764-05:00``, ``...Z``); absent while
      the run is ``RUNNING``;
    * ``lastStartTime``: a date, in the same form;
    * ``resultStatus``: ``SUCCESS`` or ``FAILURE`` (open enum); absent while ``RUNNING``;
    * ``results``: ``results`` > ``result`` items (`PropertyAndValue`); v1 JSON writes
      ``"results": ""`` for a run still ``RUNNING``: an empty list, read so and written so
      (``write_empty``; XML ``<results></results>`` is inferred, v2+ leaves it out);
    * ``runId``: a long (``282800294``);
    * ``runStatus``: ``COMPLETED`` or ``RUNNING`` (open enum).
    """

    completion_time: datetime | None = element(default=None)
    last_start_time: datetime | None = element(default=None)
    #: Open enums: a value this library does not know is kept as a plain string by lenient
    #: decoding and written back as received; strict decoding reports it (code ``enum``).
    result_status: ResultStatus | str | None = element(
        default=None, converter=open_enum(ResultStatus)
    )
    results: Sequence[PropertyAndValue] = wrapped("results", "result", default=(), write_empty=True)
    run_id: int | None = element(default=None)
    run_status: RunStatus | str | None = element(default=None, converter=open_enum(RunStatus))


@model()
class Job:
    """A job and its run history: one ``job`` item of a ``runhistory`` answer.

    Every field is confirmed by the EPN Manager v1 JSON captures (``runhistory/gve-epnm_v1_*``
    in tests/vendor/index.json; no XML or v2+ answer was found, their shape follows the
    version rules):

    * ``description``: text (``Cli Template Deploy for IOS devices``);
    * ``jobId``: a long (``273620913``);
    * ``jobName``: text (``JobCliTemplateDeployIOSDevices06_19_31_651_PM_05_16_2017``);
    * ``jobStatus``: ``COMPLETED`` or ``SCHEDULED`` (open enum);
    * ``jobType``: text (``CliTemplateDeployIOSDevices``, the one value seen: kept a string);
    * ``nextRunTime``: a date (``2017-05-01T12:55:20.860-05:00``, ``2017-05-16T18:20:53.279Z``),
      on ``SCHEDULED`` jobs only;
    * ``runInstances``: ``runInstances`` > ``runInstance`` items (`RunInstance`); v1 JSON
      collapses the one run of each job to an object, as it collapses every one-item list.
    """

    description: str | None = element(default=None)
    job_id: int | None = element(default=None)
    job_name: str | None = element(default=None)
    job_status: JobStatus | str | None = element(default=None, converter=open_enum(JobStatus))
    job_type: str | None = element(default=None)
    next_run_time: datetime | None = element(default=None)
    run_instances: Sequence[RunInstance] = wrapped("runInstances", "runInstance", default=())


@model(root="mgmtResponse")
class MgmtResponse:
    """The answer of every jobService operation.

    ``suspend``, ``resume``, ``cancel`` and ``cancelrunning`` answer with `operation_results`;
    ``runhistory`` answers with `jobs`, ``job`` items repeated directly inside
    ``mgmtResponse`` (12 and 73 of them in two captured answers; an array in v1 JSON, an
    object where v1 collapses a single job). Decoding fills whichever the payload holds; the
    other stays ``()``.
    """

    __codec_version_urls__: ClassVar[EnvelopeUrls] = ENVELOPE_URLS

    response_type: str | None = attribute(default=None)
    request_url: str | None = attribute(default=None)
    root_url: str | None = attribute(default=None)
    operation_results: Sequence[OperationResult] = repeated("operationResult", default=())
    jobs: Sequence[Job] = repeated("job", default=())


@attrs.frozen
class Operation(ApiOperation[MgmtResponse]):
    """One jobService operation: its HTTP method, resource and payload types (the path rule,
    the error answers and the HTTP helpers are PI's, `codec.pi.ApiOperation`)."""


SUSPEND = Operation("suspend", "PUT", "jobService/suspend", JobOperationPayload, MgmtResponse)
RESUME = Operation("resume", "PUT", "jobService/resume", JobOperationPayload, MgmtResponse)
CANCEL = Operation("cancel", "PUT", "jobService/cancel", JobOperationPayload, MgmtResponse)
CANCEL_RUNNING = Operation(
    "cancelrunning", "PUT", "jobService/cancelrunning", JobRunOperationPayload, MgmtResponse
)
#: GET, with the query parameters ``jobId``, ``jobType``, ``jobName``, ``startTime``.
RUN_HISTORY = Operation("runhistory", "GET", "jobService/runhistory", None, MgmtResponse)
OPERATIONS: tuple[Operation, ...] = (SUSPEND, RESUME, CANCEL, CANCEL_RUNNING, RUN_HISTORY)
