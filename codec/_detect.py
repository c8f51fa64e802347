"""What a payload is, before decoding it: format, payload type and candidate versions.

* Format: the first significant byte (after a UTF-8 BOM and whitespace): ``<`` is XML,
  ``{`` is JSON.
* Type: the root element (XML) or the single top-level key (JSON), looked up among the
  payload models this library ships.
* Versions: ``/webacs/api/vN/`` in ``@requestUrl`` or ``@rootUrl`` when present; else, for
  JSON, the list shapes: a collapsed single item means v1, a one-item array v2 or later;
  else all versions.
"""

from __future__ import annotations

import contextlib
import re
from typing import Any, Final
from xml.parsers import expat

import attrs
import orjson

from ._fields import WireKind
from ._plan import ModelPlan, ScalarKind, plan_for
from ._versions import VERSIONS, Format
from .jobservice import JobOperationPayload, JobRunOperationPayload, MgmtResponse

__all__ = ["Detected", "detect", "payload_types"]

_SHIPPED: Final[tuple[type[Any], ...]] = (
    JobOperationPayload,
    JobRunOperationPayload,
    MgmtResponse,
)
_URL_VERSION: Final = re.compile(r"/webacs/api/v(\d+)/")
_ALL: Final = tuple(VERSIONS)


def payload_types() -> dict[str, type[Any]]:
    """Root element name -> model, for the payloads this library ships."""
    return {plan_for(cls).root or "": cls for cls in _SHIPPED}


@attrs.frozen
class Detected:
    format: Format | None
    root: str | None
    type: type[Any] | None
    versions: tuple[int, ...]


def _sniff_format(data: bytes) -> Format | None:
    stripped = data.removeprefix(b"\xef\xbb\xbf").lstrip()
    if stripped.startswith(b"<"):
        return "xml"
    if stripped.startswith(b"{"):
        return "json"
    return None


def _versions_from_urls(urls: list[str]) -> tuple[int, ...] | None:
    found = {int(m.group(1)) for url in urls for m in _URL_VERSION.finditer(url)}
    found &= set(VERSIONS)
    return tuple(sorted(found)) if found else None


def _list_shapes(plan: ModelPlan, value: Any, shapes: set[str]) -> None:
    """Add "collapsed" and/or "array1" for the list fields of ``value`` (a JSON object)."""
    if not isinstance(value, dict):
        return
    for f in plan.fields:
        raw = value.get(f.json_key)
        if f.is_list and f.kind is WireKind.WRAPPED and isinstance(raw, dict):
            raw = raw.get(f.item or "")
        if raw is None:
            continue
        items = raw if isinstance(raw, list) else [raw]
        if f.is_list and not f.always_array:
            if not isinstance(raw, list):
                shapes.add("collapsed")
            elif len(raw) == 1:
                shapes.add("array1")
        if f.scalar is ScalarKind.MODEL:
            for item in items:
                _list_shapes(plan_for(f.type), item, shapes)


def detect(data: bytes | str) -> Detected:
    """Detect format, type and candidate versions; never raises for bad content."""
    raw = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data
    fmt = _sniff_format(raw)
    types = payload_types()
    root: str | None = None
    urls: list[str] = []
    shapes: set[str] = set()
    if fmt == "json":
        try:
            doc = orjson.loads(raw.removeprefix(b"\xef\xbb\xbf"))
        except orjson.JSONDecodeError:
            doc = None
        if isinstance(doc, dict) and len(doc) == 1:
            root = next(iter(doc))
            body = doc[root]
            if isinstance(body, dict):
                urls = [
                    v
                    for k, v in body.items()
                    if k in ("@requestUrl", "@rootUrl") and isinstance(v, str)
                ]
                if root in types:
                    _list_shapes(plan_for(types[root]), body, shapes)
    elif fmt == "xml":
        parser = expat.ParserCreate()

        def start(name: str, attributes: dict[str, str]) -> None:
            nonlocal root
            root = name
            urls.extend(v for k, v in attributes.items() if k in ("requestUrl", "rootUrl"))
            raise StopIteration

        def doctype(*_: Any) -> None:
            raise StopIteration  # never expand a DTD; the payload is refused on decode

        parser.StartElementHandler = start
        parser.StartDoctypeDeclHandler = doctype
        with contextlib.suppress(StopIteration, expat.ExpatError):
            parser.Parse(raw, True)
    versions = _versions_from_urls(urls)
    if versions is None:
        if shapes == {"collapsed"}:
            versions = (1,)
        elif shapes == {"array1"}:
            versions = tuple(v for v in _ALL if v != 1)
        elif shapes:
            versions = ()
        else:
            versions = _ALL
    return Detected(fmt, root, types.get(root or ""), versions)
