"""What a payload is, before decoding it: format, payload type and candidate versions.

* Format: the first significant byte (after a UTF-8 BOM and whitespace): ``<`` is XML,
  ``{`` is JSON; a UTF-16 or UTF-32 byte order mark or NUL-padded ``<`` is XML too (which
  decoding then refuses, saying why: see `_parse`).
* Type: the root element (XML) or the top-level key (JSON) naming one of the payload models
  the caller names (`codec.detect`: those this library ships); else the first key.
* Versions: those named by the URL attributes the type marks as version-bearing
  (`codec._check.VersionUrls`; PI's ``/webacs/api/vN/`` in ``@requestUrl`` or ``@rootUrl``)
  when present; else, for JSON, the versions that write its one-item lists the way they
  stand (as the item itself, or as an array of one: `_versions.collapses` per field), none if
  no version writes them all so; else (XML without such URLs, or JSON whose lists say
  nothing) all versions.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable
from typing import Any
from xml.parsers import expat

import attrs

from ._check import json_sparse, version_urls_of
from ._fields import WireKind
from ._parse import Doctype, as_input, expat_parser, parse_json, sniff_format, xml_bytes
from ._plan import ModelPlan, ScalarKind, plan_for
from ._versions import VERSIONS, Format, collapses

__all__ = ["Detected", "detect", "payload_types", "sniff_format"]


def payload_types(types: Iterable[type[Any]]) -> dict[str, type[Any]]:
    """Root element name -> model."""
    return {plan_for(cls).root or "": cls for cls in types}


@attrs.frozen
class Detected:
    """What `detect` found: ``None`` where it could not tell."""

    format: Format | None
    root: str | None
    type: type[Any] | None
    versions: tuple[int, ...]


def _list_shapes(plan: ModelPlan, value: Any, versions: set[int]) -> None:
    """Keep in ``versions`` those that write the one-item lists of ``value`` (a JSON object)
    the way they stand: as the item itself, or as an array of one (see `_versions`)."""
    if not isinstance(value, dict):
        return
    for f in plan.fields:
        raw = value.get(f.json_key)
        if f.is_list and f.kind is WireKind.WRAPPED and isinstance(raw, dict):
            raw = raw.get(f.item or "")
        if raw is None:
            continue
        items = raw if isinstance(raw, list) else [raw]
        if f.is_list and len(items) == 1:
            collapsed = not isinstance(raw, list)
            versions &= {n for n, rules in VERSIONS.items() if collapses(rules, f) == collapsed}
        if f.scalar is ScalarKind.MODEL:
            for item in items:
                _list_shapes(plan_for(f.type), item, versions)
        # A union's member: its shapes are not looked into (detection needs none of them).


class _Stop(Exception):
    pass


def _xml_root(data: bytes | str) -> tuple[str | None, dict[str, str]]:
    """The root element's name and attributes, reading no further than its start tag."""
    raw = xml_bytes(data)
    if not isinstance(raw, bytes):
        return None, {}
    parser = expat_parser()
    found: list[Any] = [None, {}]

    def start(name: str, attributes: dict[str, str]) -> None:
        found[0] = name
        found[1] = attributes
        raise _Stop

    parser.StartElementHandler = start
    with contextlib.suppress(_Stop, Doctype, expat.ExpatError):
        parser.Parse(raw, True)
    return found[0], found[1]


def detect(data: bytes | str, types: Iterable[type[Any]] = ()) -> Detected:
    """Detect format, payload type (among ``types``) and candidate versions; never raises for
    bad content."""
    data = as_input(data)
    fmt = sniff_format(data)
    known = payload_types(types)
    root: str | None = None
    # The root's attributes: XML names, or the JSON object whose keys are "@" and the name.
    attributes: dict[str, Any] = {}
    at = ""
    shaped = set(VERSIONS)  # the versions the JSON list shapes allow
    if fmt == "json":
        sparse = json_sparse(data, known)  # large JSON: what the payload types read, alone
        doc = sparse.doc if sparse is not None else parse_json(data)[0]
        if isinstance(doc, dict) and doc:
            # The root is the key naming a known payload (lenient decoding skips the others,
            # strict decoding reports them), else the first key.
            root = next((key for key in doc if key in known), next(iter(doc)))
            body = doc[root]
            if isinstance(body, dict):
                attributes, at = body, "@"
                if root in known:
                    _list_shapes(plan_for(known[root]), body, shaped)
    elif fmt == "xml":
        root, attributes = _xml_root(data)
    cls = known.get(root or "")
    rule = None if cls is None else version_urls_of(cls)
    named: tuple[int, ...] = ()
    if rule is not None:
        urls = [v for k in rule.names if isinstance(v := attributes.get(at + k), str)]
        named = tuple(sorted(rule.versions(urls) & set(VERSIONS)))
    # Named URLs tell; else the list shapes narrow them (none where no version writes them).
    versions = named or tuple(sorted(shaped))
    return Detected(fmt, root, cls, versions)
