"""Hypothesis strategies for every shipped model, kept in one place.

Lists are drawn empty, with one item and with many (``valid_payload``: what strict decoding
accepts); integers include the int64 extremes;
text includes XML-special characters, non-BMP characters, and leading, trailing and inner
whitespace and newlines. ``xml_text`` leaves out the characters XML 1.0 cannot carry (those are
tested separately: the XML encoder refuses them).
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from codec import testing
from codec.jobservice import (
    Job,
    JobOperationPayload,
    JobRunOperationPayload,
    MgmtResponse,
    OperationEnum,
    OperationResult,
    OperationResultStatus,
    PropertyAndValue,
    RunInstance,
)

INT64_MIN = -(2**63)
INT64_MAX = 2**63 - 1

# The scalar strategies are the public ones of codec.testing: our tests use what users get.
int64s = testing.int64s
xml_text = testing.xml_text


def lists(elements: st.SearchStrategy[Any]) -> st.SearchStrategy[list[Any]]:
    """Empty, one-item and many-item lists, each well represented."""
    return st.one_of(
        st.just([]), st.lists(elements, min_size=1, max_size=1), st.lists(elements, max_size=6)
    )


# JSON carries every Unicode scalar value (control characters escaped); only surrogates,
# which UTF-8 cannot encode, are left out.
json_text = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=40)

optional_text = st.none() | xml_text

statuses = st.builds(OperationResultStatus, id=int64s, message=optional_text, status=optional_text)
known_operations = st.none() | st.sampled_from(OperationEnum)


def operation_results(operations: st.SearchStrategy[Any]) -> st.SearchStrategy[OperationResult]:
    """Results whose ``operation`` is drawn from ``operations``."""
    return st.builds(
        OperationResult,
        failure=lists(statuses),
        message=optional_text,
        operation=operations,
        success=lists(statuses),
    )


# an open enum: known members, and text it keeps without knowing
results = operation_results(known_operations | xml_text)
properties = st.builds(PropertyAndValue, property=optional_text, value=optional_text)
run_instances = st.builds(
    RunInstance,
    completion_time=optional_text,
    last_start_time=optional_text,
    result_status=optional_text,
    results=lists(properties),
)
jobs = st.builds(
    Job,
    description=optional_text,
    job_id=st.none() | int64s,
    job_name=optional_text,
    job_status=optional_text,
    job_type=optional_text,
    next_run_time=optional_text,
    run_instances=lists(run_instances),
)
responses = st.builds(
    MgmtResponse,
    response_type=optional_text,
    request_url=optional_text,
    root_url=optional_text,
    operation_results=lists(results),
    job=st.none() | jobs,
)
# The id lists are declared required: an empty one is refused when encoding.
job_payloads = st.builds(JobOperationPayload, job_ids=st.lists(int64s, min_size=1, max_size=6))
run_payloads = st.builds(JobRunOperationPayload, run_ids=st.lists(int64s, min_size=1, max_size=6))

# Valid payloads: what strict decoding accepts. The id lists are required (non-empty), and
# the operation is one the enum knows; lenient decoding also keeps the other values, which
# the encoder writes back as received but strict decoding reports.
valid_results = operation_results(known_operations)
valid_payload = st.one_of(
    st.builds(JobOperationPayload, job_ids=st.lists(int64s, min_size=1, max_size=6)),
    st.builds(JobRunOperationPayload, run_ids=st.lists(int64s, min_size=1, max_size=6)),
    st.builds(
        MgmtResponse,
        response_type=optional_text,
        request_url=optional_text,
        root_url=optional_text,
        operation_results=lists(valid_results),
        job=st.none() | jobs,
    ),
)

MODELS: dict[type[Any], st.SearchStrategy[Any]] = {
    JobOperationPayload: job_payloads,
    JobRunOperationPayload: run_payloads,
    MgmtResponse: responses,
}
any_payload = st.one_of(*MODELS.values())
