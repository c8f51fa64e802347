"""The rows of each benchmark group: the limit (a raw parser or serializer), our codec, peers.

Every row is a `Row`: a zero-argument callable closed over the payload, and a function that
turns what it returns into canonical content for the correctness guard (``None`` for a raw
parser that builds nothing). A peer whose library is missing is a `Row` with ``skipped`` set,
never an exception.

All peers read and write the same v3 wire shape as the codec:

* JSON: ``{"mgmtResponse": {"@requestUrl": ..., "operationResult": [{"failure": {"failure":
  [...]}, ...}]}}`` and ``{"jobRunOperationPayload": {"runIds": {"runId": [...]}}}``.
* XML: the same tree with attributes; xmltodict gives the JSON shape with every scalar a string.

The peers' models (pydantic, msgspec, xsdata, pydantic-xml) are declared here, field for field
like `codec.jobservice`, with the wrapper elements as nested models where the library has no
wrapper notion of its own.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal
from xml.parsers import expat

import orjson

import codec
from codec.jobservice import (
    JobRunOperationPayload,
    MgmtResponse,
    OperationEnum,
    OperationResult,
    OperationResultStatus,
)

from .payloads import Payload, request_wire, response_wire

__all__ = [
    "CODEC",
    "HAND_WALK",
    "XMLTODICT_PARSE",
    "XMLTODICT_UNPARSE",
    "Canon",
    "Row",
    "canon_model",
    "canon_wire",
    "rows_for",
]

Canon = tuple[Any, ...]
Operation = Literal["decode", "encode"]
Format = Literal["json", "xml"]

VERSION = 3
"""The API version every row speaks."""

CODEC = "codec"
HAND_WALK = "hand-written walk (orjson.loads + attrs)"
XMLTODICT_PARSE = "xmltodict.parse"
XMLTODICT_UNPARSE = "xmltodict.unparse of a pre-built dict"


@dataclass(frozen=True)
class Row:
    """One line of a group: what to time and how to check what it produced."""

    name: str
    fn: Callable[[], object] | None = None
    canon: Callable[[object], Canon] | None = None
    """Canonical content of ``fn()``; ``None``: a raw parser, nothing to compare."""
    limit: bool = False
    """The row every ratio of the group is relative to."""
    skipped: str | None = None


def _missing(name: str, reason: str = "not installed") -> Row:
    return Row(name, skipped=reason)


# --- canonical content, for the correctness guard ------------------------------------------


def _items(value: Any, item: str) -> Sequence[Any]:
    """A list field: a list/tuple, a wrapper object holding it as ``item``, or ``None``."""
    if value is None:
        return ()
    if isinstance(value, (list, tuple)):
        return value
    return getattr(value, item) or ()


def _enum_value(value: Any) -> Any:
    return value.value if isinstance(value, enum.Enum) else value


def _canon_status(status: Any) -> Canon:
    return (status.id, status.message, status.status)


def canon_model(obj: Any) -> Canon:
    """Content of an object tree with the codec's Python field names (attrs, pydantic, ...)."""
    for root in ("mgmt_response", "job_run_operation_payload"):
        inner = getattr(obj, root, None)
        if inner is not None:
            obj = inner
    if hasattr(obj, "run_ids"):
        return ("request", tuple(_items(obj.run_ids, "run_id")))
    results = tuple(
        (
            tuple(_canon_status(s) for s in _items(r.failure, "failure")),
            r.message,
            _enum_value(r.operation),
            tuple(_canon_status(s) for s in _items(r.success, "success")),
        )
        for r in obj.operation_results
    )
    return ("response", obj.response_type, obj.request_url, obj.root_url, results)


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _canon_wire_status(status: dict[str, Any]) -> Canon:
    return (int(status["id"]), status.get("message"), status.get("status"))


def _wire_items(result: dict[str, Any], name: str) -> Canon:
    wrapper = result.get(name)
    items = _as_list(wrapper.get(name)) if isinstance(wrapper, dict) else []
    return tuple(_canon_wire_status(s) for s in items)


def canon_wire(doc: Any) -> Canon:
    """Content of a wire-shaped dict: ``orjson.loads`` output, or ``xmltodict.parse`` output
    (scalars as strings, one-item lists collapsed)."""
    if "jobRunOperationPayload" in doc:
        body = doc["jobRunOperationPayload"] or {}
        ids = _as_list((body.get("runIds") or {}).get("runId"))
        return ("request", tuple(int(i) for i in ids))
    body = doc["mgmtResponse"]
    results = tuple(
        (
            _wire_items(r, "failure"),
            r.get("message"),
            r.get("operation"),
            _wire_items(r, "success"),
        )
        for r in _as_list(body.get("operationResult"))
    )
    return (
        "response",
        body.get("@responseType"),
        body.get("@requestUrl"),
        body.get("@rootUrl"),
        results,
    )


# --- hand-written: the minimal code a user would write without a library --------------------


def _check_str(value: Any) -> str | None:
    if value is not None and not isinstance(value, str):
        raise TypeError(f"expected a string, found {type(value).__name__}")
    return value


def _walk_status(item: dict[str, Any]) -> OperationResultStatus:
    id_ = item["id"]
    if not isinstance(id_, int):
        raise TypeError(f"expected an integer id, found {type(id_).__name__}")
    return OperationResultStatus(
        id=id_, message=_check_str(item.get("message")), status=_check_str(item.get("status"))
    )


def _walk_wrapped(result: dict[str, Any], name: str) -> tuple[OperationResultStatus, ...]:
    wrapper = result.get(name)
    if not wrapper:
        return ()
    return tuple([_walk_status(item) for item in wrapper[name]])


def _walk_result(item: dict[str, Any]) -> OperationResult:
    operation = item.get("operation")
    return OperationResult(
        failure=_walk_wrapped(item, "failure"),
        message=_check_str(item.get("message")),
        operation=None if operation is None else OperationEnum(operation),
        success=_walk_wrapped(item, "success"),
    )


def hand_walk_response(data: bytes) -> MgmtResponse:
    """``orjson.loads``, then the models through their constructors, with type checks."""
    body = orjson.loads(data)["mgmtResponse"]
    return MgmtResponse(
        response_type=_check_str(body.get("@responseType")),
        request_url=_check_str(body.get("@requestUrl")),
        root_url=_check_str(body.get("@rootUrl")),
        operation_results=tuple([_walk_result(r) for r in body.get("operationResult", ())]),
    )


def hand_walk_request(data: bytes) -> JobRunOperationPayload:
    body = orjson.loads(data)["jobRunOperationPayload"]
    wrapper = body.get("runIds")
    ids = wrapper["runId"] if wrapper else []
    for id_ in ids:
        if not isinstance(id_, int):
            raise TypeError(f"expected an integer run id, found {type(id_).__name__}")
    return JobRunOperationPayload(run_ids=tuple(ids))


# The hand-written attrs -> dict peer is the builder of the payloads' plain dicts: one piece
# of code, timed here and used there.
hand_dict_response = response_wire
hand_dict_request = request_wire


def _esc(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _esc_attr(value: str) -> str:
    return _esc(value).replace('"', "&quot;")


def _write_status(out: list[str], tag: str, status: OperationResultStatus) -> None:
    out += ("<", tag, "><id>", str(status.id), "</id>")
    if status.message is not None:
        out += ("<message>", _esc(status.message), "</message>")
    if status.status is not None:
        out += ("<status>", _esc(status.status), "</status>")
    out += ("</", tag, ">")


def hand_xml_response(obj: MgmtResponse) -> bytes:
    """A str.join writer: pieces appended to a list, text escaped with str.replace."""
    out = ['<?xml version="1.0" ?>\n<mgmtResponse']
    if obj.response_type is not None:
        out += (' responseType="', _esc_attr(obj.response_type), '"')
    if obj.request_url is not None:
        out += (' requestUrl="', _esc_attr(obj.request_url), '"')
    if obj.root_url is not None:
        out += (' rootUrl="', _esc_attr(obj.root_url), '"')
    out.append(">")
    for result in obj.operation_results:
        out.append("<operationResult>")
        if result.failure:
            out.append("<failure>")
            for status in result.failure:
                _write_status(out, "failure", status)
            out.append("</failure>")
        if result.message is not None:
            out += ("<message>", _esc(result.message), "</message>")
        if result.operation is not None:
            out += ("<operation>", _esc(_enum_value(result.operation)), "</operation>")
        if result.success:
            out.append("<success>")
            for status in result.success:
                _write_status(out, "success", status)
            out.append("</success>")
        out.append("</operationResult>")
    out.append("</mgmtResponse>")
    return "".join(out).encode()


def hand_xml_request(obj: JobRunOperationPayload) -> bytes:
    out = ['<?xml version="1.0" ?>\n<jobRunOperationPayload>']
    if obj.run_ids:
        out.append("<runIds>")
        for id_ in obj.run_ids:
            out += ("<runId>", str(id_), "</runId>")
        out.append("</runIds>")
    out.append("</jobRunOperationPayload>")
    return "".join(out).encode()


# --- pyexpat ---------------------------------------------------------------------------------


def expat_bare(data: bytes) -> None:
    """pyexpat with no handlers: the floor of any pyexpat-based decoder."""
    expat.ParserCreate().Parse(data, True)


def _noop_start(name: str, attributes: dict[str, str]) -> None:
    pass


def _noop_end(name: str) -> None:
    pass


def _noop_chars(data: str) -> None:
    pass


def expat_noop(data: bytes) -> None:
    """pyexpat calling a no-op Python function for every start tag, end tag and text run."""
    parser = expat.ParserCreate()
    parser.StartElementHandler = _noop_start
    parser.EndElementHandler = _noop_end
    parser.CharacterDataHandler = _noop_chars
    parser.Parse(data, True)


# --- xmltodict -------------------------------------------------------------------------------

try:
    import xmltodict  # type: ignore[import-untyped,unused-ignore]
except ImportError:  # pragma: no cover - depends on the environment
    xmltodict = None  # type: ignore[assignment,unused-ignore]

# "failure" and "success" name both the wrapper and its items, so both come back as lists.
_FORCE_LIST = ("operationResult", "failure", "success", "runId")


# --- cattrs ----------------------------------------------------------------------------------

try:
    import cattrs
    from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override
except ImportError:  # pragma: no cover
    cattrs = None  # type: ignore[assignment]


def _cattrs_converter(xml: bool) -> Any:
    """A converter for the v3 wire shape: renames ``@attributes``, unwraps wrapper dicts.

    ``xml=True`` reads ``xmltodict.parse(force_list=_FORCE_LIST)`` output, where a wrapper is a
    one-item list and every scalar a string (cattrs' ``int`` hook parses it).
    """
    conv = cattrs.Converter()

    def statuses(item: str) -> Callable[[Any, Any], tuple[OperationResultStatus, ...]]:
        def hook(value: Any, _: Any) -> tuple[OperationResultStatus, ...]:
            if not value:
                return ()
            items = value[0][item] if xml else value[item]
            return conv.structure(items, tuple[OperationResultStatus, ...])

        return hook

    def results(value: Any, _: Any) -> tuple[OperationResult, ...]:
        return conv.structure(value, tuple[OperationResult, ...])

    def run_ids(value: Any, _: Any) -> tuple[int, ...]:
        return conv.structure(value["runId"], tuple[int, ...]) if value else ()

    conv.register_structure_hook(
        OperationResultStatus, make_dict_structure_fn(OperationResultStatus, conv)
    )
    conv.register_structure_hook(
        OperationResult,
        make_dict_structure_fn(
            OperationResult,
            conv,
            failure=override(struct_hook=statuses("failure")),
            success=override(struct_hook=statuses("success")),
        ),
    )
    conv.register_structure_hook(
        MgmtResponse,
        make_dict_structure_fn(
            MgmtResponse,
            conv,
            response_type=override(rename="@responseType"),
            request_url=override(rename="@requestUrl"),
            root_url=override(rename="@rootUrl"),
            operation_results=override(rename="operationResult", struct_hook=results),
        ),
    )
    conv.register_structure_hook(
        JobRunOperationPayload,
        make_dict_structure_fn(
            JobRunOperationPayload, conv, run_ids=override(rename="runIds", struct_hook=run_ids)
        ),
    )

    def wrap(item: str) -> Callable[[Any], Any]:
        def hook(value: Any) -> Any:
            return {item: conv.unstructure(value, tuple[OperationResultStatus, ...])}

        return hook

    conv.register_unstructure_hook(
        OperationResultStatus,
        make_dict_unstructure_fn(OperationResultStatus, conv, _cattrs_omit_if_default=True),
    )
    conv.register_unstructure_hook(
        OperationResult,
        make_dict_unstructure_fn(
            OperationResult,
            conv,
            _cattrs_omit_if_default=True,
            failure=override(unstruct_hook=wrap("failure")),
            success=override(unstruct_hook=wrap("success")),
        ),
    )
    conv.register_unstructure_hook(
        MgmtResponse,
        make_dict_unstructure_fn(
            MgmtResponse,
            conv,
            _cattrs_omit_if_default=True,
            response_type=override(rename="@responseType"),
            request_url=override(rename="@requestUrl"),
            root_url=override(rename="@rootUrl"),
            operation_results=override(rename="operationResult"),
        ),
    )
    conv.register_unstructure_hook(
        JobRunOperationPayload,
        make_dict_unstructure_fn(
            JobRunOperationPayload,
            conv,
            _cattrs_omit_if_default=True,
            run_ids=override(rename="runIds", unstruct_hook=lambda v: {"runId": list(v)}),
        ),
    )
    return conv


_CATTRS: dict[bool, Any] = {}


def cattrs_converter(xml: bool) -> Any:
    if xml not in _CATTRS:
        _CATTRS[xml] = _cattrs_converter(xml)
    return _CATTRS[xml]


_ROOTS: dict[type[Any], str] = {
    MgmtResponse: "mgmtResponse",
    JobRunOperationPayload: "jobRunOperationPayload",
}


# --- pydantic v2 -----------------------------------------------------------------------------

try:
    import pydantic
    from pydantic import BaseModel, ConfigDict, Field
except ImportError:  # pragma: no cover
    pydantic = None  # type: ignore[assignment]

if pydantic is not None:
    _FROZEN = ConfigDict(frozen=True)

    class PydStatus(BaseModel):
        model_config = _FROZEN
        id: int
        message: str | None = None
        status: str | None = None

    class PydFailures(BaseModel):
        model_config = _FROZEN
        failure: list[PydStatus] = []

    class PydSuccesses(BaseModel):
        model_config = _FROZEN
        success: list[PydStatus] = []

    class PydOperationResult(BaseModel):
        model_config = _FROZEN
        failure: PydFailures | None = None
        message: str | None = None
        operation: OperationEnum | None = None
        success: PydSuccesses | None = None

    class PydMgmtResponse(BaseModel):
        model_config = ConfigDict(frozen=True, populate_by_name=True)
        request_url: str | None = Field(None, alias="@requestUrl")
        response_type: str | None = Field(None, alias="@responseType")
        root_url: str | None = Field(None, alias="@rootUrl")
        operation_results: list[PydOperationResult] = Field([], alias="operationResult")

    class PydMgmtDoc(BaseModel):
        model_config = ConfigDict(frozen=True, populate_by_name=True)
        mgmt_response: PydMgmtResponse = Field(alias="mgmtResponse")

    class PydRunIds(BaseModel):
        model_config = ConfigDict(frozen=True, populate_by_name=True)
        run_id: list[int] = Field([], alias="runId")

    class PydRequest(BaseModel):
        model_config = ConfigDict(frozen=True, populate_by_name=True)
        run_ids: PydRunIds | None = Field(None, alias="runIds")

    class PydRequestDoc(BaseModel):
        model_config = ConfigDict(frozen=True, populate_by_name=True)
        job_run_operation_payload: PydRequest = Field(alias="jobRunOperationPayload")


def _pydantic_doc(kind: str) -> Any:
    return PydMgmtDoc if kind == "response" else PydRequestDoc


# --- msgspec ---------------------------------------------------------------------------------

try:
    import msgspec
except ImportError:  # pragma: no cover
    msgspec = None  # type: ignore[assignment]

if msgspec is not None:

    class MsStatus(msgspec.Struct, frozen=True, omit_defaults=True):
        id: int
        message: str | None = None
        status: str | None = None

    class MsFailures(msgspec.Struct, frozen=True, omit_defaults=True):
        failure: list[MsStatus] = msgspec.field(default_factory=list)

    class MsSuccesses(msgspec.Struct, frozen=True, omit_defaults=True):
        success: list[MsStatus] = msgspec.field(default_factory=list)

    class MsOperationResult(msgspec.Struct, frozen=True, omit_defaults=True):
        failure: MsFailures | None = None
        message: str | None = None
        operation: OperationEnum | None = None
        success: MsSuccesses | None = None

    class MsMgmtResponse(msgspec.Struct, frozen=True, omit_defaults=True):
        request_url: str | None = msgspec.field(default=None, name="@requestUrl")
        response_type: str | None = msgspec.field(default=None, name="@responseType")
        root_url: str | None = msgspec.field(default=None, name="@rootUrl")
        operation_results: list[MsOperationResult] = msgspec.field(
            default_factory=list, name="operationResult"
        )

    class MsMgmtDoc(msgspec.Struct, frozen=True):
        mgmt_response: MsMgmtResponse = msgspec.field(name="mgmtResponse")

    class MsRunIds(msgspec.Struct, frozen=True, omit_defaults=True):
        run_id: list[int] = msgspec.field(default_factory=list, name="runId")

    class MsRequest(msgspec.Struct, frozen=True, omit_defaults=True):
        run_ids: MsRunIds | None = msgspec.field(default=None, name="runIds")

    class MsRequestDoc(msgspec.Struct, frozen=True):
        job_run_operation_payload: MsRequest = msgspec.field(name="jobRunOperationPayload")


def _msgspec_doc(kind: str) -> Any:
    return MsMgmtDoc if kind == "response" else MsRequestDoc


# --- xsdata (XML data bindings on dataclasses) -------------------------------------------------

try:
    from xsdata.formats.dataclass.parsers import XmlParser
    from xsdata.formats.dataclass.serializers import XmlSerializer
    from xsdata.formats.dataclass.serializers.config import SerializerConfig

    _XSDATA: str | None = None
except ImportError:  # pragma: no cover
    _XSDATA = "not installed"

if _XSDATA is None:

    @dataclass
    class XsStatus:
        id: int = field(metadata={"type": "Element"})
        message: str | None = field(default=None, metadata={"type": "Element"})
        status: str | None = field(default=None, metadata={"type": "Element"})

    @dataclass
    class XsOperationResult:
        failure: list[XsStatus] = field(
            default_factory=list, metadata={"type": "Element", "wrapper": "failure"}
        )
        message: str | None = field(default=None, metadata={"type": "Element"})
        operation: OperationEnum | None = field(default=None, metadata={"type": "Element"})
        success: list[XsStatus] = field(
            default_factory=list, metadata={"type": "Element", "wrapper": "success"}
        )

    @dataclass
    class XsMgmtResponse:
        class Meta:
            name = "mgmtResponse"

        response_type: str | None = field(
            default=None, metadata={"type": "Attribute", "name": "responseType"}
        )
        request_url: str | None = field(
            default=None, metadata={"type": "Attribute", "name": "requestUrl"}
        )
        root_url: str | None = field(
            default=None, metadata={"type": "Attribute", "name": "rootUrl"}
        )
        operation_results: list[XsOperationResult] = field(
            default_factory=list, metadata={"type": "Element", "name": "operationResult"}
        )

    @dataclass
    class XsRequest:
        class Meta:
            name = "jobRunOperationPayload"

        run_ids: list[int] = field(
            default_factory=list,
            metadata={"type": "Element", "name": "runId", "wrapper": "runIds"},
        )


def _xsdata_type(kind: str) -> Any:
    return XsMgmtResponse if kind == "response" else XsRequest


# --- pydantic-xml ----------------------------------------------------------------------------

try:
    from pydantic_xml import BaseXmlModel, attr, element, wrapped

    _PYDANTIC_XML: str | None = None
except ImportError:  # pragma: no cover
    _PYDANTIC_XML = "not installed"

if _PYDANTIC_XML is None:

    class PxStatus(BaseXmlModel, search_mode="unordered"):
        id: int = element()
        message: str | None = element(default=None)
        status: str | None = element(default=None)

    class PxOperationResult(BaseXmlModel, tag="operationResult", search_mode="unordered"):
        failure: list[PxStatus] = wrapped("failure", element(tag="failure", default=[]))
        message: str | None = element(default=None)
        operation: OperationEnum | None = element(default=None)
        success: list[PxStatus] = wrapped("success", element(tag="success", default=[]))

    class PxMgmtResponse(BaseXmlModel, tag="mgmtResponse", search_mode="unordered"):
        response_type: str | None = attr(name="responseType", default=None)
        request_url: str | None = attr(name="requestUrl", default=None)
        root_url: str | None = attr(name="rootUrl", default=None)
        operation_results: list[PxOperationResult] = element(tag="operationResult", default=[])

    class PxRequest(BaseXmlModel, tag="jobRunOperationPayload"):
        run_ids: list[int] = wrapped("runIds", element(tag="runId", default=[]))


def _pydantic_xml_type(kind: str) -> Any:
    return PxMgmtResponse if kind == "response" else PxRequest


# --- the rows of each group --------------------------------------------------------------------


def _codec(payload: Payload, fmt: Format) -> codec.Codec[Any]:
    return codec.codec_for(payload.cls, version=VERSION, format=fmt)


def _peer(name: str, available: str | None, make: Callable[[], Row]) -> Row:
    """An optional peer's row; skipped with the reason when its library is missing or its
    setup fails (a peer is never allowed to stop the run)."""
    if available is not None:
        return _missing(name, available)
    try:
        return make()
    except Exception as exc:
        return _missing(name, f"setup failed: {type(exc).__name__}: {exc}")


def _installed(module: object) -> str | None:
    return None if module is not None else "not installed"


def json_decode_rows(p: Payload) -> list[Row]:
    data, kind, cls = p.json, p.kind, p.cls
    loads = orjson.loads
    decode = _codec(p, "json").decode
    walk: Callable[[bytes], Any] = hand_walk_response if kind == "response" else hand_walk_request

    def pydantic_row() -> Row:
        validate = _pydantic_doc(kind).model_validate_json
        return Row("pydantic model_validate_json", lambda: validate(data), canon_model)

    def cattrs_row() -> Row:
        structure, root = cattrs_converter(False).structure, _ROOTS[cls]
        return Row(
            "orjson.loads + cattrs structure",
            lambda: structure(loads(data)[root], cls),
            canon_model,
        )

    def msgspec_row() -> Row:
        ms_decode = msgspec.json.Decoder(_msgspec_doc(kind)).decode
        return Row("msgspec.json decode (Structs)", lambda: ms_decode(data), canon_model)

    return [
        Row("orjson.loads", lambda: loads(data), canon_wire, limit=True),
        Row(CODEC, lambda: decode(data), canon_model),
        Row(HAND_WALK, lambda: walk(data), canon_model),
        _peer("pydantic model_validate_json", _installed(pydantic), pydantic_row),
        _peer("orjson.loads + cattrs structure", _installed(cattrs), cattrs_row),
        _peer("msgspec.json decode (Structs)", _installed(msgspec), msgspec_row),
    ]


def xml_decode_rows(p: Payload) -> list[Row]:
    data, kind, cls = p.xml, p.kind, p.cls
    decode = _codec(p, "xml").decode

    def xmltodict_row() -> Row:
        parse = xmltodict.parse
        return Row(XMLTODICT_PARSE, lambda: parse(data), canon_wire)

    def xmltodict_cattrs_row() -> Row:
        parse = xmltodict.parse
        structure, root = cattrs_converter(True).structure, _ROOTS[cls]
        return Row(
            "xmltodict.parse(force_list) + cattrs",
            lambda: structure(parse(data, force_list=_FORCE_LIST)[root], cls),
            canon_model,
        )

    def xsdata_row() -> Row:
        xs_parse, xs_type = XmlParser().from_bytes, _xsdata_type(kind)
        return Row("xsdata XmlParser", lambda: xs_parse(data, xs_type), canon_model)

    def pydantic_xml_row() -> Row:
        px_parse = _pydantic_xml_type(kind).from_xml
        return Row("pydantic-xml from_xml", lambda: px_parse(data), canon_model)

    both = _installed(xmltodict) or _installed(cattrs)
    return [
        Row("pyexpat, no handlers", lambda: expat_bare(data), None, limit=True),
        Row(CODEC, lambda: decode(data), canon_model),
        Row("pyexpat, no-op Python handlers", lambda: expat_noop(data), None),
        _peer(XMLTODICT_PARSE, _installed(xmltodict), xmltodict_row),
        _peer("xmltodict.parse(force_list) + cattrs", both, xmltodict_cattrs_row),
        _peer("xsdata XmlParser", _XSDATA, xsdata_row),
        _peer("pydantic-xml from_xml", _PYDANTIC_XML, pydantic_xml_row),
    ]


def _json_out(kind: str) -> Callable[[object], Canon]:
    """Guard of a JSON encoder: the content the codec decodes from its output."""
    cls = MgmtResponse if kind == "response" else JobRunOperationPayload
    decode = codec.codec_for(cls, version=VERSION, format="json").decode

    def canon(out: Any) -> Canon:
        return canon_model(decode(out))

    return canon


def _xml_out(kind: str) -> Callable[[object], Canon]:
    """Guard of an XML encoder (str output is UTF-8 encoded first)."""
    cls = MgmtResponse if kind == "response" else JobRunOperationPayload
    decode = codec.codec_for(cls, version=VERSION, format="xml").decode

    def canon(out: Any) -> Canon:
        return canon_model(decode(out.encode() if isinstance(out, str) else out))

    return canon


def json_encode_rows(p: Payload) -> list[Row]:
    obj, wire, kind, cls = p.model, p.wire, p.kind, p.cls
    dumps = orjson.dumps
    encode = _codec(p, "json").encode
    to_dict: Callable[[Any], dict[str, Any]] = (
        hand_dict_response if kind == "response" else hand_dict_request
    )
    check = _json_out(kind)

    def cattrs_row() -> Row:
        unstructure, root = cattrs_converter(False).unstructure, _ROOTS[cls]
        return Row(
            "cattrs unstructure + orjson.dumps", lambda: dumps({root: unstructure(obj)}), check
        )

    def pydantic_row() -> Row:
        dump = _pydantic_doc(kind).model_validate_json(p.json).model_dump_json
        return Row(
            "pydantic model_dump_json", lambda: dump(by_alias=True, exclude_none=True), check
        )

    def msgspec_row() -> Row:
        struct = msgspec.json.decode(p.json, type=_msgspec_doc(kind))
        ms_encode = msgspec.json.Encoder().encode
        return Row("msgspec.json encode (Structs)", lambda: ms_encode(struct), check)

    return [
        Row("orjson.dumps of a pre-built dict", lambda: dumps(wire), check, limit=True),
        Row(CODEC, lambda: encode(obj), check),
        Row("hand-written attrs -> dict -> orjson.dumps", lambda: dumps(to_dict(obj)), check),
        _peer("cattrs unstructure + orjson.dumps", _installed(cattrs), cattrs_row),
        _peer("pydantic model_dump_json", _installed(pydantic), pydantic_row),
        _peer("msgspec.json encode (Structs)", _installed(msgspec), msgspec_row),
    ]


def xml_encode_rows(p: Payload) -> list[Row]:
    obj, wire, kind = p.model, p.wire, p.kind
    encode = _codec(p, "xml").encode
    writer: Callable[[Any], bytes] = hand_xml_response if kind == "response" else hand_xml_request
    check = _xml_out(kind)

    def xmltodict_row() -> Row:
        unparse = xmltodict.unparse
        return Row(XMLTODICT_UNPARSE, lambda: unparse(wire), check, limit=True)

    def xsdata_row() -> Row:
        xs_obj = XmlParser().from_bytes(p.xml, _xsdata_type(kind))
        render = XmlSerializer(config=SerializerConfig(indent=None)).render
        return Row("xsdata XmlSerializer", lambda: render(xs_obj), check)

    def pydantic_xml_row() -> Row:
        to_xml = _pydantic_xml_type(kind).from_xml(p.xml).to_xml
        return Row("pydantic-xml to_xml", lambda: to_xml(), check)

    limit = _peer(XMLTODICT_UNPARSE, _installed(xmltodict), xmltodict_row)
    return [
        limit if limit.skipped is None else Row(limit.name, limit=True, skipped=limit.skipped),
        Row(CODEC, lambda: encode(obj), check),
        Row("hand-written str.join writer", lambda: writer(obj), check),
        _peer("xsdata XmlSerializer", _XSDATA, xsdata_row),
        _peer("pydantic-xml to_xml", _PYDANTIC_XML, pydantic_xml_row),
    ]


_BUILDERS: dict[tuple[str, str], Callable[[Payload], list[Row]]] = {
    ("decode", "json"): json_decode_rows,
    ("decode", "xml"): xml_decode_rows,
    ("encode", "json"): json_encode_rows,
    ("encode", "xml"): xml_encode_rows,
}


def rows_for(payload: Payload, operation: Operation, fmt: Format) -> list[Row]:
    """The rows of one group, the limit row first; optional peers that fail to set up are
    turned into skipped rows with the reason."""
    return _BUILDERS[(operation, fmt)](payload)
