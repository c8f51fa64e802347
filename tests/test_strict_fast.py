"""The generated strict predicates (`codec._strict`) only ever say "certainly no problem":
whenever one accepts, the reference checker finds nothing; and they accept the common case."""

from __future__ import annotations

from typing import Any

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import codec
from codec._check import problems_of
from codec._limits import DEFAULT_LIMITS, Limits
from codec._plan import plan_for
from codec._strict import accepted, parse, strict_predicate, verdicts
from codec._versions import VERSIONS
from codec.errordocument import ErrorDocument
from codec.jobservice import JobOperationPayload, JobRunOperationPayload, MgmtResponse
from codec.testing import payloads

from .support import ROOT, SAMPLE_VERSIONS
from .test_kinds import Floor
from .test_testing import Inventory
from .test_trust import Panel

TYPES: list[type[Any]] = [
    JobOperationPayload,
    JobRunOperationPayload,
    MgmtResponse,
    ErrorDocument,
    Inventory,
    Panel,
    Floor,  # floats: a kind the predicate asks through the kind itself
]


def _clean(data: bytes, cls: type[Any], version: int, fmt: str) -> bool:
    return not problems_of(data, plan_for(cls), VERSIONS[version], fmt, True, DEFAULT_LIMITS)


@pytest.mark.parametrize(("name", "versions"), SAMPLE_VERSIONS)
def test_vendor_samples_are_accepted_for_their_versions(
    name: str, versions: tuple[int, ...]
) -> None:
    """Every vendor sample is accepted by the predicate for exactly its versions."""
    data = (ROOT / "tests" / "golden" / name).read_bytes()
    cls = codec.detect(data).type
    assert cls is not None
    assert accepted(cls, name.rsplit(".", 1)[1], data, (1, 2, 3, 4)) == set(versions)


def _mutations(data: bytes, fmt: str) -> list[bytes]:
    """Hostile variants of a payload: unknown content, nulls, duplicates, -0, attributes on
    scalars, namespaces, other versions' URLs and shapes."""
    out = [
        data.replace(b"/v3/", b"/v2/"),
        data.replace(b"/v1/", b"/v4/"),
        data.replace(b"2", b"-0"),
        data.replace(b"1", b"01"),
    ]
    if fmt == "json":
        doc = orjson.loads(data)
        root = next(iter(doc))
        body = doc[root]
        out += [
            orjson.dumps({**doc, "extra": 1}),
            orjson.dumps({root: {**body, "unknownKey": 1}}),
            orjson.dumps({root: {**body, "@xmlns": "urn:x"}}),
            orjson.dumps({root: dict.fromkeys(body) or None}),
            orjson.dumps({root: {k: [] for k in body}}),
            orjson.dumps({root: {k: [v] for k, v in body.items()}}),
            orjson.dumps({root: {k: str(v) for k, v in body.items()}}),
            data.replace(b"{", b'{"dup": 1, "dup": 2, ', 1),
            data.replace(b"}", b', "@a": 1, "@a": 2}', 1),
            data.replace(b'":', b'" :'),
            data.replace(b'":', b'"\n\t:'),
            data.replace(b"[", b"[null, ", 1),
            # escapes beside a repeated key: the quotes must still count every string
            data.replace(b"{", b'{"dup": "a\\"", "dup": "b", ', 1),
            data.replace(b"{", b'{"dup": "a\\\\", "dup": "\\u0022", ', 1),
            data.replace(b"{", b'{"@xmlns": "a\\"\\\\", "@xmlns": 1, ', 1),
            data.replace(b'"String value"', b'"String \\"value\\""'),
            data.replace(b'"String value"', b'"String value\\\\"'),
            data.replace(b'"String value"', b'"\\u0022\\/"'),
            data.replace(b'"String value"', b'"String -0 null"'),
        ]
        opening = b"{" + orjson.dumps(root) + b":{"
        strings = {k: 'a"b\\c/' if type(v) is str else v for k, v in body.items()}
        # strings ending in a backslash: each ends in the text \\" (not an escaped quote)
        ending = {k: "a\\" if type(v) is str else v for k, v in body.items()}
        out += [orjson.dumps({root: strings}), orjson.dumps({root: ending})]
        for key in body:
            out.append(orjson.dumps({root: {**body, key: body[key], key + "x": 0}}))
            # a declared key twice (orjson keeps the last), its strings holding escapes
            for base in (strings, ending):
                for first in (body[key], base[key], 'x\\"', 0, None):
                    twice = b'{"%s":%s,' % (key.encode(), orjson.dumps(first))
                    text = orjson.dumps({root: base})
                    out.append(text.replace(opening, opening[:-1] + twice, 1))
            rest = {k: v for k, v in body.items() if k != key}
            out.append(orjson.dumps({root: rest}))
    else:
        out += [
            data.replace(b">", b' bogus="1">', 2),
            data.replace(b"</", b"<x/></", 1),
            data.replace(b"</", b"text</", 1),
            data.replace(b"><", b">stray<", 2),
            data.replace(b">", b' xmlns="urn:x">', 1),
            data.replace(b"<", b"<!-- c --><", 1),
            data.replace(b"true", b"TRUE"),
            data.replace(b">", b"><x/>", 2),
        ]
    return out


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_accepting_means_no_problem_and_strict_decoding_agrees(data: st.DataObject) -> None:
    """Soundness: on valid payloads of every version and format and their hostile mutations,
    whenever the predicate accepts, the checker finds nothing; strict decode and validate
    give the checker's verdict, and a valid payload decodes strictly to the lenient value."""
    cls = data.draw(st.sampled_from(TYPES))
    version = data.draw(st.sampled_from([1, 2, 3, 4]))
    fmt = data.draw(st.sampled_from(["json", "xml"]))
    payload = data.draw(payloads(cls, version=version, format=fmt))
    for candidate in [payload, *_mutations(payload, fmt)]:
        for v in (1, 2, 3, 4):
            clean = _clean(candidate, cls, v, fmt)
            if strict_predicate(cls, v, fmt)(candidate, DEFAULT_LIMITS):
                assert clean, (candidate, v)
            decode = codec.codec_for(cls, version=v, format=fmt).decode
            try:
                value = decode(candidate, strict=True)
            except codec.DecodeError:
                assert not clean
            else:
                assert clean
                assert value == decode(candidate)
            assert codec.validate(candidate, cls, version=v, format=fmt).ok == clean
        fast, refused = verdicts(cls, parse(candidate, fmt), (1, 2, 3, 4))
        assert all(_clean(candidate, cls, v, fmt) for v in fast)
        assert not any(_clean(candidate, cls, v, fmt) for v in refused)
        report = codec.validate(candidate, cls, format=fmt)
        assert set(report.versions) == {v for v in (1, 2, 3, 4) if _clean(candidate, cls, v, fmt)}
    # The common case: a valid payload is accepted for the version it was written for.
    predicate = strict_predicate(cls, version, fmt)
    if fmt == "json" or b"xmlns" not in payload:
        assert predicate(payload, DEFAULT_LIMITS) == _clean(payload, cls, version, fmt)


def test_limits_are_doubt() -> None:
    """A payload over a limit is never accepted by the predicate."""
    data = (ROOT / "tests" / "golden" / "v3_response.xml").read_bytes()
    ok = strict_predicate(MgmtResponse, 3, "xml")
    assert ok(data, DEFAULT_LIMITS)
    assert not ok(data, Limits(max_bytes=100))
    assert not ok(data, Limits(max_depth=3))
    assert not ok(data, Limits(max_attributes=2))
    js = (ROOT / "tests" / "golden" / "v3_response.json").read_bytes()
    ok = strict_predicate(MgmtResponse, 3, "json")
    assert ok(js, DEFAULT_LIMITS)
    assert not ok(js, Limits(max_depth=3))
