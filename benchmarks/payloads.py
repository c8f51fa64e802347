"""The payloads benchmarked: fixed content, generated deterministically (no randomness).

Each `Payload` carries one document in every shape a row needs: the attrs model (what encoders
take), the v3 JSON document as plain Python values (what ``orjson.loads`` gives, and what
``xmltodict.unparse`` takes), the XML bytes and the JSON bytes.

* ``small`` is the vendor's v3 ``mgmtResponse`` sample (2 + 2 statuses) read from
  ``tests/golden/``, and a request with 1 run id.
* ``medium`` is a response with 50 + 50 statuses and a request with 100 run ids.
* ``large`` is a response with 10,000 + 10,000 statuses (about 2.5 MB of XML, 3.3 MB of JSON)
  and a request with 100,000 run ids; ``--quick`` shrinks it to 1,000 + 1,000 and 10,000.

Generated XML is written as the vendor writes it: one element per line, no indentation. The
generated JSON is ``orjson`` with two-space indentation (the vendor's own JSON puts every value
on its own line too). Messages and statuses cycle through fixed texts, some with non-ASCII and
XML-special characters (``& < >``), none with leading or trailing spaces (xmltodict strips
those, and the correctness guard compares content exactly).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import orjson

from codec.jobservice import (
    JobRunOperationPayload,
    MgmtResponse,
    OperationEnum,
    OperationResult,
    OperationResultStatus,
)

__all__ = [
    "GOLDEN",
    "Payload",
    "build_payloads",
    "request_payload",
    "response_payload",
]

Kind = Literal["response", "request"]
Size = Literal["small", "medium", "large"]

GOLDEN = Path(__file__).resolve().parent.parent / "tests" / "golden"
"""The vendor samples; the small response is read from here when present."""

_ROOT_URL = "https://localhost/webacs/api/v3/op"
_REQUEST_URL = _ROOT_URL + "/jobService/cancelrunning"

_MESSAGES: tuple[str, ...] = (
    "Job {n} suspended by the scheduler",
    "Run {n} stopped: queue < 5 & load > 90%",
    "Tâche {n} annulée — réessayez plus tard",
    "作业 {n} 已暂停, 请稍后重试 ✓",
    "Job {n} resumed after maintenance",
    "Run {n} cancelled by <admin> & audit",
    "Größenänderung für Job {n} übersprungen",
)
_SUCCESS_STATUSES: tuple[str, ...] = ("SUCCESS", "COMPLETED", "SUSPENDED")
_FAILURE_STATUSES: tuple[str, ...] = ("FAILED", "NOT_FOUND", "ALREADY_SUSPENDED", "DENIED <policy>")


@dataclass(frozen=True)
class Payload:
    """One document in every shape the benchmark rows need."""

    kind: Kind
    size: Size
    detail: str
    """What it holds, for the table: ``"10,000 + 10,000 statuses"``."""
    count: int
    """Statuses (success + failure) or run ids."""
    model: MgmtResponse | JobRunOperationPayload
    wire: dict[str, Any]
    """The v3 JSON document as plain values; xmltodict-shaped, so it serves both formats."""
    xml: bytes
    json: bytes

    @property
    def name(self) -> str:
        return f"{self.kind}/{self.size}"

    @property
    def cls(self) -> type[MgmtResponse] | type[JobRunOperationPayload]:
        return MgmtResponse if self.kind == "response" else JobRunOperationPayload


# --- content -------------------------------------------------------------------------------


def make_response(n_success: int, n_failure: int) -> MgmtResponse:
    """A cancelrunning answer with ``n_success`` + ``n_failure`` statuses, always the same."""
    success = tuple(
        OperationResultStatus(
            id=100_000 + 2 * i,
            message=_MESSAGES[i % len(_MESSAGES)].format(n=100_000 + 2 * i),
            status=_SUCCESS_STATUSES[i % len(_SUCCESS_STATUSES)],
        )
        for i in range(n_success)
    )
    failure = tuple(
        OperationResultStatus(
            id=100_001 + 2 * i,
            message=_MESSAGES[(3 * i + 1) % len(_MESSAGES)].format(n=100_001 + 2 * i),
            status=_FAILURE_STATUSES[i % len(_FAILURE_STATUSES)],
        )
        for i in range(n_failure)
    )
    result = OperationResult(
        failure=failure,
        message=f"{n_success} of {n_success + n_failure} run instances cancelled",
        operation=OperationEnum.CANCELRUNNING,
        success=success,
    )
    return MgmtResponse(
        response_type="operation",
        request_url=_REQUEST_URL,
        root_url=_ROOT_URL,
        operation_results=(result,),
    )


def vendor_response() -> MgmtResponse:
    """The content of the vendor's v3 ``mgmtResponse`` sample."""
    status = OperationResultStatus(id=2, message="String value", status="String value")
    result = OperationResult(
        failure=(status, status),
        message="String value",
        operation=OperationEnum.SUSPEND,
        success=(status, status),
    )
    return MgmtResponse(
        response_type="operation",
        request_url=_REQUEST_URL,
        root_url=_ROOT_URL,
        operation_results=(result,),
    )


def make_request(n_ids: int) -> JobRunOperationPayload:
    """A cancelrunning request for ``n_ids`` run ids: 15, 25, 35, ..."""
    return JobRunOperationPayload(run_ids=tuple(range(15, 15 + 10 * n_ids, 10)))


# --- rendering (independent of the codec, so the guard checks the codec against it) ---------


def _wire_value(value: enum.Enum | str) -> str:
    """An enum member's value; a plain string (an operation the library does not know) as is."""
    return str(value.value) if isinstance(value, enum.Enum) else value


def _status_wire(status: OperationResultStatus) -> dict[str, Any]:
    out: dict[str, Any] = {"id": status.id}
    if status.message is not None:
        out["message"] = status.message
    if status.status is not None:
        out["status"] = status.status
    return out


def response_wire(obj: MgmtResponse) -> dict[str, Any]:
    """The v3 JSON document of a response, keys sorted as v3 writes them."""
    body: dict[str, Any] = {}
    for key, value in (
        ("@requestUrl", obj.request_url),
        ("@responseType", obj.response_type),
        ("@rootUrl", obj.root_url),
    ):
        if value is not None:
            body[key] = value
    results = []
    for result in obj.operation_results:
        item: dict[str, Any] = {}
        if result.failure:
            item["failure"] = {"failure": [_status_wire(s) for s in result.failure]}
        if result.message is not None:
            item["message"] = result.message
        if result.operation is not None:
            item["operation"] = _wire_value(result.operation)
        if result.success:
            item["success"] = {"success": [_status_wire(s) for s in result.success]}
        results.append(item)
    if results:
        body["operationResult"] = results
    return {"mgmtResponse": body}


def request_wire(obj: JobRunOperationPayload) -> dict[str, Any]:
    body: dict[str, Any] = {}
    if obj.run_ids:
        body["runIds"] = {"runId": list(obj.run_ids)}
    return {"jobRunOperationPayload": body}


def _text(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _attr(value: str) -> str:
    return _text(value).replace('"', "&quot;")


def _status_xml(tag: str, status: OperationResultStatus, out: list[str]) -> None:
    out.append(f"<{tag}>\n<id>{status.id}</id>\n")
    if status.message is not None:
        out.append(f"<message>{_text(status.message)}</message>\n")
    if status.status is not None:
        out.append(f"<status>{_text(status.status)}</status>\n")
    out.append(f"</{tag}>\n")


def response_xml(obj: MgmtResponse) -> bytes:
    """Vendor-style XML: declaration, then one element per line, no indentation."""
    out = ['<?xml version="1.0" ?>\n<mgmtResponse']
    for name, value in (
        ("responseType", obj.response_type),
        ("requestUrl", obj.request_url),
        ("rootUrl", obj.root_url),
    ):
        if value is not None:
            out.append(f' {name}="{_attr(value)}"')
    out.append(">\n")
    for result in obj.operation_results:
        out.append("<operationResult>\n")
        if result.failure:
            out.append("<failure>\n")
            for status in result.failure:
                _status_xml("failure", status, out)
            out.append("</failure>\n")
        if result.message is not None:
            out.append(f"<message>{_text(result.message)}</message>\n")
        if result.operation is not None:
            out.append(f"<operation>{_text(_wire_value(result.operation))}</operation>\n")
        if result.success:
            out.append("<success>\n")
            for status in result.success:
                _status_xml("success", status, out)
            out.append("</success>\n")
        out.append("</operationResult>\n")
    out.append("</mgmtResponse>\n")
    return "".join(out).encode()


def request_xml(obj: JobRunOperationPayload) -> bytes:
    out = ['<?xml version="1.0" ?>\n<jobRunOperationPayload>\n']
    if obj.run_ids:
        out.append("<runIds>\n")
        out.extend(f"<runId>{i}</runId>\n" for i in obj.run_ids)
        out.append("</runIds>\n")
    out.append("</jobRunOperationPayload>\n")
    return "".join(out).encode()


def _json(wire: dict[str, Any]) -> bytes:
    return orjson.dumps(wire, option=orjson.OPT_INDENT_2)


# --- the payload sets ----------------------------------------------------------------------


def response_payload(size: Size, quick: bool = False) -> Payload:
    if size == "small":
        model = vendor_response()
        wire = response_wire(model)
        xml_path, json_path = GOLDEN / "v3_response.xml", GOLDEN / "v3_response.json"
        if xml_path.is_file() and json_path.is_file():
            xml, json = xml_path.read_bytes(), json_path.read_bytes()
            detail = "vendor v3 sample, 2 + 2 statuses"
        else:  # the samples are not shipped with an installed package: render the same content
            xml, json = response_xml(model), _json(wire)
            detail = "vendor v3 sample content (rendered), 2 + 2 statuses"
        return Payload("response", size, detail, 4, model, wire, xml, json)
    half = {"medium": 50, "large": 1_000 if quick else 10_000}[size]
    model = make_response(half, half)
    wire = response_wire(model)
    detail = f"{half:,} + {half:,} statuses"
    return Payload(
        "response", size, detail, 2 * half, model, wire, response_xml(model), _json(wire)
    )


def request_payload(size: Size, quick: bool = False) -> Payload:
    count = {"small": 1, "medium": 100, "large": 10_000 if quick else 100_000}[size]
    model = make_request(count)
    wire = request_wire(model)
    detail = f"{count:,} run id{'s' if count != 1 else ''}"
    return Payload("request", size, detail, count, model, wire, request_xml(model), _json(wire))


def build_payloads(quick: bool = False) -> list[Payload]:
    """Every payload benchmarked, responses first, small to large."""
    sizes: tuple[Size, ...] = ("small", "medium", "large")
    return [response_payload(s, quick) for s in sizes] + [request_payload(s, quick) for s in sizes]
