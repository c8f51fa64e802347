"""Properties over generated models: everything the encoder writes, every reader accepts."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

import codec
from codec.jobservice import MgmtResponse

from . import oracle
from .oracle import ordered
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


@given(any_payload)
def test_json_is_the_xml_reshaped_by_each_version(model: Any) -> None:
    """The JSON of a payload (unknown open-enum values included) is what xmltodict reads of
    its XML, the same in every version, reshaped by each version's rules (`tests.oracle`): in
    v1 a list is its single item exactly when it has one, v2+ always arrays."""
    cls = type(model)
    tree = oracle.read_xml(codec.encode(model, version=1, format="xml"))
    for version in (1, 2, 3, 4):
        assert oracle.read_xml(codec.encode(model, version=version, format="xml")) == tree
        written = oracle.read_json(codec.encode(model, version=version, format="json"))
        assert ordered(written) == ordered(oracle.json_document(tree, cls, version))


@given(st.sampled_from(list(MODELS)), st.data())
def test_json_carries_any_text(cls: type[Any], data: st.DataObject) -> None:
    """JSON writes any Unicode scalar value, control characters included, and reads it back."""
    text = data.draw(json_text)
    model = MgmtResponse(response_type=text, request_url=text)
    encoded = codec.encode(model, version=2, format="json")
    assert codec.decode(encoded, MgmtResponse, version=2, format="json") == model
    del cls
