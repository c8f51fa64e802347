"""A payload declared with the public API only (the data API's ``queryResponse``), timed like
the shipped ones: generic machinery must give a model declared tomorrow the same speed.

20,000 ``entityId`` items (attributes beside a text value), API v3. Limit rows as in the main
groups: ``orjson.loads`` / pyexpat without handlers for decoding, ``orjson.dumps`` of the plain
dict / ``xmltodict.unparse`` for encoding; the targets are those of the large payloads.
"""

from __future__ import annotations

import gc
import statistics
import time
from collections.abc import Callable, Sequence
from xml.parsers import expat

import orjson
import xmltodict

import codec


@codec.model()
class EntityId:
    type: str | None = codec.attribute(default=None)
    url: str | None = codec.attribute(default=None)
    display_name: str | None = codec.attribute(default=None)
    value: int | None = codec.text(default=None)


@codec.model(root="queryResponse")
class QueryResponse:
    type: str | None = codec.attribute(default=None)
    count: int | None = codec.attribute(default=None)
    first: int | None = codec.attribute(default=None)
    last: int | None = codec.attribute(default=None)
    entity_ids: Sequence[EntityId] = codec.repeated("entityId", default=(), always_array=True)


def _once(fn: Callable[[], object]) -> float:
    gc.collect()
    gc.disable()
    try:
        start = time.perf_counter()
        fn()
        return time.perf_counter() - start
    finally:
        gc.enable()


def _paired_ratio(ours: Callable[[], object], limit: Callable[[], object], repeats: int) -> float:
    """Median over rounds of ours / limit, timed one after the other in each round."""
    ours()
    limit()
    return statistics.median(_once(ours) / _once(limit) for _ in range(repeats))


def run(quick: bool) -> list[str]:
    """Lines of the report: one per (operation, format), ratio to the limit and target."""
    n = 2_000 if quick else 20_000
    repeats = 5 if quick else 11
    model = QueryResponse(
        type="Devices",
        count=n,
        first=0,
        last=n - 1,
        entity_ids=[
            EntityId(
                type="Devices",
                url=f"https://pi/webacs/api/v3/data/Devices/{i}",
                display_name=f"device {i}",
                value=1_000_000 + i,
            )
            for i in range(n)
        ],
    )
    xml_pair = codec.codec_for(QueryResponse, version=3, format="xml")
    json_pair = codec.codec_for(QueryResponse, version=3, format="json")
    xml_data = xml_pair.encode(model).replace(b"><", b">\n<")
    json_data = json_pair.encode(model)
    tree = orjson.loads(json_data)
    assert xml_pair.decode(xml_data) == model
    assert json_pair.decode(json_data) == model

    def expat_parse() -> None:
        expat.ParserCreate().Parse(xml_data, True)

    rows = [
        ("decode json", lambda: json_pair.decode(json_data), lambda: orjson.loads(json_data), 3.5),
        ("decode xml", lambda: xml_pair.decode(xml_data), expat_parse, 8.0),
        ("encode json", lambda: json_pair.encode(model), lambda: orjson.dumps(tree), 5.5),
        ("encode xml", lambda: xml_pair.encode(model), lambda: xmltodict.unparse(tree), 0.1),
    ]
    lines = [f"Declared payload (public API): queryResponse, {n:,} entityId items, v3"]
    for name, ours, limit, target in rows:
        ratio = _paired_ratio(ours, limit, repeats)
        verdict = "MET" if ratio <= target else "NOT MET"
        lines.append(f"  {name:12s} {ratio:7.3f}x the limit   TARGET <= {target:g}x: {verdict}")
    return lines
