"""The vendor samples, one table run both ways.

Normalisation, and no other: XML has the whitespace between elements (and around the
document) removed on both sides; JSON is parsed on both sides with key order kept
(``object_pairs_hook=list``), so values and key order at every level must match, while the
vendor's pretty-printing and ``\\/`` escapes are not significant.
"""

from __future__ import annotations

import json
import re
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

from . import oracle

GOLDEN = Path(__file__).parent / "golden"


def _status() -> OperationResultStatus:
    return OperationResultStatus(id=2, message="String value", status="String value")


def _response(version: int, items: int, host: str = "https://localhost") -> MgmtResponse:
    return MgmtResponse(
        response_type="operation",
        request_url=f"{host}/webacs/api/v{version}/op/jobService/cancelrunning",
        root_url=f"{host}/webacs/api/v{version}/op",
        operation_results=[
            OperationResult(
                failure=[_status()] * items,
                message="String value",
                operation=OperationEnum.SUSPEND,
                success=[_status()] * items,
            )
        ],
    )


# (file, version, type, expected model). The v1 JSON sample writes its URLs as
# "https : \/\/localhost...", an artefact of the reference page that is carried as data.
CASES: list[tuple[str, int, type[Any], Any]] = [
    ("v1_request.xml", 1, JobRunOperationPayload, JobRunOperationPayload(run_ids=[15])),
    ("v1_request.json", 1, JobRunOperationPayload, JobRunOperationPayload(run_ids=[15])),
    ("v1_response.xml", 1, MgmtResponse, _response(1, 1)),
    ("v1_response.json", 1, MgmtResponse, _response(1, 1, host="https : //localhost")),
    ("v2_request.xml", 2, JobRunOperationPayload, JobRunOperationPayload(run_ids=[15])),
    ("v2_request.json", 2, JobRunOperationPayload, JobRunOperationPayload(run_ids=[15])),
    ("v2_response.xml", 2, MgmtResponse, _response(2, 1)),
    ("v2_response.json", 2, MgmtResponse, _response(2, 1)),
    ("v3_request.xml", 3, JobRunOperationPayload, JobRunOperationPayload(run_ids=[15, 25])),
    ("v3_request.json", 3, JobRunOperationPayload, JobRunOperationPayload(run_ids=[15, 25])),
    ("v3_response.xml", 3, MgmtResponse, _response(3, 2)),
    ("v3_response.json", 3, MgmtResponse, _response(3, 2)),
]
IDS = [c[0] for c in CASES]


def normalise(data: bytes, fmt: str) -> Any:
    """The documented normalisation: see the module docstring."""
    if fmt == "xml":
        return re.sub(rb">\s+<", b"><", data.strip())
    return json.loads(data, object_pairs_hook=list)


def test_every_sample_is_in_the_table() -> None:
    """The table covers the 12 vendor samples: 3 versions x request/response x XML/JSON."""
    assert sorted(p.name for p in GOLDEN.iterdir()) == sorted(IDS)
    assert len(IDS) == 12


@pytest.mark.parametrize(("name", "version", "cls", "expected"), CASES, ids=IDS)
def test_decode_sample(name: str, version: int, cls: type[Any], expected: Any) -> None:
    """Decoding a vendor sample gives the model written out in the table."""
    fmt = name.rsplit(".", 1)[1]
    assert codec.decode((GOLDEN / name).read_bytes(), cls, version=version, format=fmt) == expected


@pytest.mark.parametrize(("name", "version", "cls", "expected"), CASES, ids=IDS)
def test_encode_sample(name: str, version: int, cls: type[Any], expected: Any) -> None:
    """Encoding the table's model gives the vendor's bytes, up to the normalisation."""
    fmt = name.rsplit(".", 1)[1]
    sample = (GOLDEN / name).read_bytes()
    assert normalise(codec.encode(expected, version=version, format=fmt), fmt) == normalise(
        sample, fmt
    )


@pytest.mark.parametrize("name", [n for n in IDS if n.endswith(".json")])
def test_encode_str_input_decodes_same(name: str) -> None:
    """``decode`` takes text as well as bytes."""
    _, version, cls, expected = CASES[IDS.index(name)]
    text = (GOLDEN / name).read_text(encoding="utf-8")
    assert codec.decode(text, cls, version=version, format="json") == expected


@pytest.mark.parametrize("version", [1, 2, 3])
@pytest.mark.parametrize("kind", ["request", "response"])
def test_xml_and_json_samples_agree(version: int, kind: str) -> None:
    """The XML and JSON samples of one version decode to equal models (v1 URLs aside)."""
    cls = MgmtResponse if kind == "response" else JobRunOperationPayload
    base = GOLDEN / f"v{version}_{kind}"
    from_xml = codec.decode(
        base.with_suffix(".xml").read_bytes(), cls, version=version, format="xml"
    )
    from_json = codec.decode(
        base.with_suffix(".json").read_bytes().replace(b"https : ", b"https:"),
        cls,
        version=version,
        format="json",
    )
    assert from_xml == from_json


def test_v1_url_artefact_is_data() -> None:
    """The v1 JSON sample's spaced URL decodes as text and is written back as that text."""
    sample = (GOLDEN / "v1_response.json").read_bytes()
    model = codec.decode(sample, MgmtResponse, version=1, format="json")
    assert model.request_url == "https : //localhost/webacs/api/v1/op/jobService/cancelrunning"
    out = codec.encode(model, version=1, format="json")
    assert b'"https : \\/\\/localhost\\/webacs\\/api\\/v1\\/op"' in out


@pytest.mark.parametrize("version", [1, 2, 3])
@pytest.mark.parametrize("kind", ["request", "response"])
def test_the_oracle_writes_the_vendors_json_from_its_xml(version: int, kind: str) -> None:
    """The differential tests' oracle (`tests.oracle`), given the vendor's XML sample of a
    version, writes the vendor's JSON sample of it: values, list shapes and key order (the
    v1 URL artefact aside)."""
    cls = MgmtResponse if kind == "response" else JobRunOperationPayload
    base = GOLDEN / f"v{version}_{kind}"
    tree = oracle.read_xml(base.with_suffix(".xml").read_bytes())
    vendor = base.with_suffix(".json").read_bytes().replace(b"https : ", b"https:")
    expected = oracle.ordered(oracle.json_document(tree, cls, version))
    assert oracle.ordered(oracle.read_json(vendor)) == expected
