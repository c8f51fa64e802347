"""The XML decoding paths agree with each other and with xmltodict, on generated payloads.

Three readers of the same bytes: the tree walker (fast path, small and medium inputs), the
streaming reader (large inputs, and every error), and ``xmltodict.parse(force_list=...)`` with a
plain hand-written mapping to the models, as an independent oracle.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
import xmltodict
from hypothesis import given
from hypothesis import strategies as st

import codec
from codec._limits import DEFAULT_LIMITS
from codec._xml_reader import build_xml_reader
from codec._xml_walker import build_xml_decoder
from codec.jobservice import (
    Job,
    JobOperationPayload,
    JobRunOperationPayload,
    MgmtResponse,
    OperationResult,
    OperationResultStatus,
    PropertyAndValue,
    RunInstance,
)

from .strategies import MODELS, any_payload

READERS = {cls: build_xml_reader(cls) for cls in MODELS}
WALKERS = {cls: build_xml_decoder(cls) for cls in MODELS}

# Item elements whose parent is the wrapper of the same list.
_WRAPPER_OF = {
    "jobId": "jobIds",
    "runId": "runIds",
    "failure": "failure",
    "success": "success",
    "runInstances": "runInstances",
    "results": "results",
}


def _force_list(path: Any, key: str, _value: Any) -> bool:
    if key == "operationResult":
        return True
    return key in _WRAPPER_OF and bool(path) and path[-1][0] == _WRAPPER_OF[key]


def _items(wrapper: Any, item: str) -> list[Any]:
    return [] if not wrapper else list(wrapper.get(item, []))


def _status(d: dict[str, Any]) -> OperationResultStatus:
    return OperationResultStatus(id=int(d["id"]), message=d.get("message"), status=d.get("status"))


def _text(d: dict[str, Any], key: str) -> str | None:
    if key not in d:
        return None
    value = d[key]
    return "" if value is None else value


def _oracle(data: bytes, cls: type[Any]) -> Any:
    """Decode with xmltodict and a direct, hand-written mapping (no codec code)."""
    tree = xmltodict.parse(data, force_list=_force_list, strip_whitespace=False)
    body = next(iter(tree.values())) or {}
    if cls is JobOperationPayload:
        return JobOperationPayload(job_ids=[int(x) for x in _items(body.get("jobIds"), "jobId")])
    if cls is JobRunOperationPayload:
        return JobRunOperationPayload(run_ids=[int(x) for x in _items(body.get("runIds"), "runId")])
    results = []
    for r in body.get("operationResult", []):
        r = r or {}
        statuses = {
            k: [
                _status({sk: _text(s, sk) for sk in ("id", "message", "status") if sk in s})
                for s in _items(r.get(k), k)
            ]
            for k in ("failure", "success")
        }
        operation = _text(r, "operation")
        results.append(
            OperationResult(
                failure=statuses["failure"],
                message=_text(r, "message"),
                operation=operation,  # the model's converter knows the members
                success=statuses["success"],
            )
        )
    return MgmtResponse(
        response_type=body.get("@responseType"),
        request_url=body.get("@requestUrl"),
        root_url=body.get("@rootUrl"),
        operation_results=results,
        job=None if "job" not in body else _job(body["job"] or {}),
    )


def _job(d: dict[str, Any]) -> Job:
    texts = ("description", "jobName", "jobStatus", "jobType", "nextRunTime")
    runs = [
        RunInstance(
            completion_time=_text(r, "completionTime"),
            last_start_time=_text(r, "lastStartTime"),
            result_status=_text(r, "resultStatus"),
            results=[
                PropertyAndValue(property=_text(p, "property"), value=_text(p, "value"))
                for p in (p or {} for p in _items(r.get("results"), "results"))
            ],
        )
        for r in (r or {} for r in _items(d.get("runInstances"), "runInstances"))
    ]
    values = {name: _text(d, name) for name in texts}
    return Job(
        description=values["description"],
        job_id=None if d.get("jobId") is None else int(d["jobId"]),
        job_name=values["jobName"],
        job_status=values["jobStatus"],
        job_type=values["jobType"],
        next_run_time=values["nextRunTime"],
        run_instances=runs,
    )


def _pretty(data: bytes) -> bytes:
    """The vendor's layout: a newline after each end tag and between nested start tags (an
    empty element ``<a></a>`` stays as it is: a newline there would be its text)."""
    data = re.sub(rb"(</[^>]+>)(?=<)", rb"\1\n", data)
    return re.sub(rb"(<[^/?][^>]*>)(?=<[^/])", rb"\1\n", data)


@given(any_payload, st.booleans())
def test_walker_reader_and_xmltodict_agree(model: Any, pretty: bool) -> None:
    """Every generated payload decodes to the same model by all three readers."""
    data = codec.encode(model, version=2, format="xml")
    if pretty:
        data = _pretty(data)
    cls = type(model)
    assert WALKERS[cls](data, DEFAULT_LIMITS) == model
    assert READERS[cls](data, DEFAULT_LIMITS) == model
    assert _oracle(data, cls) == model


# Mutations of a valid payload: each must give the same outcome on both paths, a model or the
# same DecodeError (the walker defers every error to the reader, so this pins that it never
# accepts what the reader refuses, nor decodes differently).
_BASE = (
    '<?xml version="1.0" ?>\n<mgmtResponse responseType="operation" requestUrl="u">'
    "<operationResult><failure><failure><id>2</id><message>m</message><status>s</status>"
    "</failure></failure><message>x</message><operation>SUSPEND</operation>"
    "<success><success><id>3</id></success></success></operationResult></mgmtResponse>"
)
MUTATIONS = [
    _BASE,
    _BASE.replace("<id>2</id>", "<id>02</id>"),
    _BASE.replace("<id>2</id>", "<id> 2</id>"),
    _BASE.replace("<id>2</id>", "<id>-0</id>"),
    _BASE.replace("<id>2</id>", "<id>2<x/></id>"),
    _BASE.replace("<id>2</id>", "<id>2<!-- c -->3</id>"),
    _BASE.replace("<id>2</id>", "<id><![CDATA[4]]></id>"),
    _BASE.replace("<id>2</id>", ""),
    _BASE.replace("<message>m</message>", "<message>m</message><message>n</message>"),
    _BASE.replace("<message>m</message>", "<message/>"),
    _BASE.replace("<message>m</message>", "<message>&amp;&#x1F600;</message>"),
    _BASE.replace("SUSPEND", "suspend"),
    _BASE.replace('requestUrl="u"', 'requestUrl="u" xmlns:x="urn:x" x:type="t"'),
    _BASE.replace("<mgmtResponse ", '<mgmtResponse xmlns="urn:pi" '),
    _BASE.replace("<operationResult>", "<operationResult><unknown><id>z</id></unknown>"),
    _BASE.replace("<operationResult>", "<?pi data?><operationResult>"),
    _BASE.replace("</mgmtResponse>", "</mgmtResponse>trailing"),
    _BASE.replace("<failure><failure>", "<failure>text<failure>"),
    _BASE.replace("</success></success>", "</success></success><success/>"),
    _BASE.replace("mgmtResponse", "errorDocument"),
    _BASE[:-10],
]


@pytest.mark.parametrize("data", MUTATIONS)
def test_walker_and_reader_agree_on_mutations(data: str) -> None:
    """On valid and invalid variants alike, both paths give the same model or the same error."""
    outcomes = []
    for decode in (WALKERS[MgmtResponse], READERS[MgmtResponse]):
        for given_data in (data, data.encode()):
            try:
                outcomes.append(decode(given_data, DEFAULT_LIMITS))
            except codec.DecodeError as error:
                outcomes.append(error)
    assert all(o == outcomes[0] for o in outcomes), outcomes


def test_large_input_takes_the_reader_and_decodes_the_same() -> None:
    """Above the tree limit the streaming reader decodes; the result is the same model."""
    from codec._xml_walker import TREE_LIMIT

    statuses = [OperationResultStatus(id=i, message="m" * 20) for i in range(TREE_LIMIT // 40)]
    model = MgmtResponse(operation_results=[OperationResult(failure=statuses, success=statuses)])
    data = codec.encode(model, version=3, format="xml")
    assert len(data) > TREE_LIMIT
    assert codec.decode(data, MgmtResponse, version=3, format="xml") == model
