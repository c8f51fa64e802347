"""The jobService operations: their payload models and operation descriptors.

Re-exported from `codec.pi.jobservice`, where they live with the other PI specifics.
"""

from .pi.jobservice import (
    CANCEL,
    CANCEL_RUNNING,
    OPERATIONS,
    RESUME,
    RUN_HISTORY,
    SUSPEND,
    Job,
    JobOperationPayload,
    JobRunOperationPayload,
    MgmtResponse,
    Operation,
    OperationEnum,
    OperationResult,
    OperationResultStatus,
    PropertyAndValue,
    RunInstance,
)

__all__ = [
    "CANCEL",
    "CANCEL_RUNNING",
    "OPERATIONS",
    "RESUME",
    "RUN_HISTORY",
    "SUSPEND",
    "Job",
    "JobOperationPayload",
    "JobRunOperationPayload",
    "MgmtResponse",
    "Operation",
    "OperationEnum",
    "OperationResult",
    "OperationResultStatus",
    "PropertyAndValue",
    "RunInstance",
]
