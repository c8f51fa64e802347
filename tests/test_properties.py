"""Properties over generated models: everything the encoder writes, every reader accepts."""

from __future__ import annotations

from typing import Any

import orjson
from hypothesis import given
from hypothesis import strategies as st

import codec
from codec.jobservice import JobOperationPayload, JobRunOperationPayload, MgmtResponse

from .strategies import MODELS, any_payload, json_text, valid_payload


@given(valid_payload)
def test_strict_decode_and_validate_accept_what_the_encoder_writes(model: Any) -> None:
    """Strict decoding and validation pass what the encoder writes of a valid model, in every
    version and format."""
    for version in (1, 2, 3, 4):
        for fmt in ("xml", "json"):
            data = codec.encode(model, version=version, format=fmt)
            assert (
                codec.decode(data, type(model), version=version, format=fmt, strict=True) == model
            )
            report = codec.validate(data, type(model), version=version, format=fmt)
            assert report.ok, report.problems
            assert codec.validate(data).ok


def _list_values(model: Any, doc: dict[str, Any]) -> list[tuple[int, Any]]:
    """(length of a model list, what the JSON holds for it) for every non-empty list."""
    out: list[tuple[int, Any]] = []
    if isinstance(model, JobOperationPayload) and model.job_ids:
        out.append((len(model.job_ids), doc["jobIds"]["jobId"]))
    if isinstance(model, JobRunOperationPayload) and model.run_ids:
        out.append((len(model.run_ids), doc["runIds"]["runId"]))
    if isinstance(model, MgmtResponse) and model.operation_results:
        raw = doc["operationResult"]
        out.append((len(model.operation_results), raw))
        items = raw if isinstance(raw, list) else [raw]
        for result, item in zip(model.operation_results, items, strict=True):
            for name in ("failure", "success"):
                statuses = getattr(result, name)
                if statuses:
                    out.append((len(statuses), item[name][name]))
    return out


@given(any_payload)
def test_v1_collapses_a_list_exactly_when_it_has_one_item(model: Any) -> None:
    """In v1 JSON a list is its single item exactly when it has one; v2+ always arrays."""
    root = codec.root_of(type(model))
    for version in (1, 2, 3, 4):
        doc = orjson.loads(codec.encode(model, version=version, format="json"))[root]
        for length, value in _list_values(model, doc):
            collapsed = not isinstance(value, list)
            assert collapsed == (version == 1 and length == 1)


@given(st.sampled_from(list(MODELS)), st.data())
def test_json_carries_any_text(cls: type[Any], data: st.DataObject) -> None:
    """JSON writes any Unicode scalar value, control characters included, and reads it back."""
    text = data.draw(json_text)
    model = MgmtResponse(response_type=text, request_url=text)
    encoded = codec.encode(model, version=2, format="json")
    assert codec.decode(encoded, MgmtResponse, version=2, format="json") == model
    del cls
