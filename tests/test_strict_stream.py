"""Strict decoding and `validate` of large XML: one streaming pass (`codec._strict_xml`).

Past ``XML_TREE_LIMIT`` bytes the strict predicate is the streaming reader with the strict
checks inline: it only ever says "certainly no problem", and then hands over the value it
built. The differential property here builds large payloads by repeating list items, mutates
them the ways strict checking cares about, and compares the streaming predicate, strict
decoding and `validate` with the reference checker (`codec._check`) and lenient decoding.
"""

from __future__ import annotations

import functools
import gc
import re
import tracemalloc
from collections.abc import Callable
from typing import Any, Final

import attrs
import pytest
from hypothesis import HealthCheck, event, given, note, settings
from hypothesis import strategies as st

import codec
from codec import _check, _validate
from codec._check import problems_by_version
from codec._limits import DEFAULT_LIMITS, Limits
from codec._plan import plan_for
from codec._strict import XML_TREE_LIMIT, parse, verdicts
from codec._versions import VERSIONS
from codec.jobservice import JobRunOperationPayload, MgmtResponse, OperationResult
from codec.testing import int64s, models

from .models_all import Branch, Hostile, Note
from .support import ROOT
from .test_differential_hostile import (
    _LEAF,
    _START_TAG,
    XML_ATTRIBUTES,
    XML_FRAGMENTS,
    XML_TEXTS,
    _xml_edit,
)

#: A payload type, and the top-level list whose items are repeated to make it large.
_GROWN: Final[dict[type[Any], tuple[str, st.SearchStrategy[Any]]]] = {
    MgmtResponse: ("operation_results", models(OperationResult)),
    Hostile: ("notes", models(Note)),
    JobRunOperationPayload: ("run_ids", int64s),
}
#: bytes past XML_TREE_LIMIT: more than two mutations remove
_MARGIN: Final = 1024
_URLS: Final = [None, *(f"https://localhost/webacs/api/v{n}/op" for n in VERSIONS)]

# The examples are about 70-130 kB each, checked by every path: half the profile's budget.
_LARGE: Final = settings(
    max_examples=max(10, settings().max_examples // 2),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def _chain(depth: int) -> Branch:
    """A tree of ``depth`` nested branches."""
    tree = Branch(name="leaf")
    for i in range(depth - 1):
        tree = Branch(name=f"b{i}", branches=(tree,))
    return tree


@st.composite
def large_payloads(draw: st.DrawFn) -> tuple[type[Any], bytes]:
    """A payload type and a valid XML payload of it past ``XML_TREE_LIMIT``: a drawn
    instance whose list items (drawn too) are repeated until it is large enough."""
    cls = draw(st.sampled_from(sorted(_GROWN, key=lambda c: c.__name__)))
    value = draw(models(cls))
    if cls is MgmtResponse:  # URLs naming a version, or none
        value = attrs.evolve(value, root_url=draw(st.sampled_from(_URLS)))
    if cls is Hostile and draw(st.booleans()):  # deep nesting of a known element
        value = attrs.evolve(value, tree=_chain(draw(st.integers(1, 40))))
    name, items = _GROWN[cls]
    drawn = draw(st.lists(items, min_size=1, max_size=3))
    encode = codec.codec_for(cls, version=3, format="xml").encode

    def size(times: int) -> int:
        return len(encode(attrs.evolve(value, **{name: tuple(drawn) * times})))

    # Just past the limit, and past what mutations take away (the size grows by the same
    # bytes per repeat): cheap examples.
    once = size(1)
    times = 2 + (XML_TREE_LIMIT + _MARGIN - once) // (size(2) - once)
    data = encode(attrs.evolve(value, **{name: tuple(drawn) * times}))
    return cls, data


def _at(draw: st.DrawFn, pattern: re.Pattern[bytes], data: bytes, group: int = 0) -> int | None:
    """The end of a drawn match of ``pattern`` in ``data`` (of its ``group``), if any."""
    found = [m.end(group) for m in pattern.finditer(data)]
    return draw(st.sampled_from(found)) if found else None


_TAG_END: Final = re.compile(rb">")
_VERSION: Final = re.compile(rb"/v[0-9]/")
_MUTATIONS: Final = [
    "unknown element",
    "unknown attribute",
    "namespace",
    "duplicate",
    "missing",
    "text",
    "long text",
    "cdata",
    "whitespace",
    "stray text",
    "comment",
    "url",
    "deep",
    "any",
]


def _leaf_mutation(draw: st.DrawFn, data: bytes, what: str) -> bytes:
    """A drawn scalar element repeated or dropped, or its text replaced: by drawn text
    (bad integers, booleans, enum values, whitespace...), by itself repeated past expat's
    text buffer, or wrapped in CDATA."""
    leaves = list(_LEAF.finditer(data))
    if not leaves:
        return data
    leaf = draw(st.sampled_from(leaves))
    if what == "duplicate":
        return data[: leaf.end()] + leaf.group(0) + data[leaf.end() :]
    if what == "missing":
        return data[: leaf.start()] + data[leaf.end() :]
    text = leaf.group(3)
    if what == "text":
        text = draw(st.sampled_from(XML_TEXTS))
    elif what == "long text":
        text = (text or b"x") * (9000 // max(1, len(text)) + 1)
    else:
        text = b"<![CDATA[" + text + b"]]>"
    return data[: leaf.start(3)] + text + data[leaf.end(3) :]


def _mutate(draw: st.DrawFn, data: bytes) -> bytes:
    """One mutation, at a drawn place: see `_MUTATIONS`."""
    what = draw(st.sampled_from(_MUTATIONS))
    event(what)
    if what in ("duplicate", "missing", "text", "long text", "cdata"):
        return _leaf_mutation(draw, data, what)
    if what == "url":
        other = draw(st.sampled_from([f"/v{n}/".encode() for n in (*VERSIONS, 7)]))
        return _VERSION.sub(other, data)
    if what in ("unknown attribute", "namespace"):
        at = _at(draw, _START_TAG, data)
        if at is None:
            return data
        extra = (
            draw(st.sampled_from(XML_ATTRIBUTES))
            if what == "unknown attribute"
            else draw(st.sampled_from([b' xmlns="urn:x"', b' xmlns:p="urn:p"']))
        )
        return data[:at] + extra + data[at:]
    if what == "any":
        return _xml_edit(draw, data)
    at = _at(draw, _TAG_END, data)
    if at is None:
        return data
    insert = {
        "unknown element": draw(st.sampled_from([b"<zz/>", b'<zz a="1">t</zz>', *XML_FRAGMENTS])),
        "whitespace": draw(st.sampled_from([b" ", b"\n  ", b"\t\r\n", b"\xc2\xa0"])),
        "stray text": draw(st.sampled_from([b"stray", b" x ", b"&#65;", b"&#32;"])),
        "comment": b"<!-- c -->",
        "deep": b"<zz>" * 30 + b"</zz>" * 30,
    }[what]
    return data[:at] + insert + data[at:]


class Case:
    """A payload type and a large payload, shown by its size (the bytes are too many)."""

    def __init__(self, cls: type[Any], data: bytes) -> None:
        self.cls = cls
        self.data = data

    def __repr__(self) -> str:
        return f"Case({self.cls.__name__}, {len(self.data)} bytes)"


@st.composite
def hostile_large_xml(draw: st.DrawFn) -> Case:
    """A large valid payload, mutated up to twice (or not at all)."""
    cls, data = draw(large_payloads())
    for _ in range(draw(st.integers(0, 2))):
        before = data
        data = _mutate(draw, data)
        at = next(
            (i for i, (a, b) in enumerate(zip(before, data, strict=False)) if a != b), len(before)
        )
        note(f"mutated at {at}: {before[at - 40 : at + 40]!r} -> {data[at - 40 : at + 80]!r}")
    return Case(cls, data)


def _value_or_error(call: Callable[[], Any]) -> tuple[bool, Any]:
    try:
        return True, call()
    except codec.DecodeError as error:
        return False, error


@_LARGE
@given(hostile_large_xml(), st.sampled_from(tuple(VERSIONS)), st.sampled_from([None, 3, 5, 24, 45]))
def test_streaming_predicate_never_accepts_what_the_checker_faults(
    case: Case, version: int, max_depth: int | None
) -> None:
    """Large mutated XML: the streaming predicate accepts only versions the checker finds
    clean (and refuses only others); strict decode and validate give the checker's problems,
    and the lenient value where it is clean."""
    cls, data = case.cls, case.data
    assert len(data) > XML_TREE_LIMIT
    limits = DEFAULT_LIMITS if max_depth is None else Limits(max_depth=max_depth)
    options: dict[str, Any] = {} if max_depth is None else {"max_depth": max_depth}
    found = problems_by_version(data, plan_for(cls), tuple(VERSIONS.values()), "xml", True, limits)
    clean = {v for v, problems in found.items() if not problems}

    parsed = parse(data, "xml", limits)
    fast, refused = verdicts(cls, parsed, tuple(VERSIONS))
    event("streamed" if parsed.doc.__class__ is bytes else "not streamed")
    event(f"accepted for {len(fast)} of {len(clean)} clean versions")
    assert fast <= clean, (fast, found)
    assert not refused & clean, (refused, found)
    if fast:
        assert parsed.value == codec.decode(data, cls, version=min(fast), format="xml", **options)

    codec_ = codec.codec_for(cls, version=version, format="xml")
    strict = _value_or_error(lambda: codec_.decode(data, strict=True, **options))
    lenient = _value_or_error(lambda: codec_.decode(data, **options))
    if strict[0]:
        assert version in clean, found[version]
        assert strict == lenient
    else:
        assert version not in clean, strict[1]
        assert list(strict[1].problems) == found[version]

    report = codec.validate(data, cls, version=version, format="xml", **options)
    assert report.ok == (version in clean)
    assert list(report.problems) == found[version]
    auto = codec.validate(data, types=(cls,), **options)
    assert set(auto.versions) == clean
    if auto.type is cls and auto.problems:
        assert auto.problems[0] in {found[v][0] for v in VERSIONS if found[v]}


# --------------------------------------------------------------------------- the common case


def _large_response(statuses: int) -> bytes:
    """The vendor's v3 sample (one element per line) with ``statuses`` more statuses of each
    kind, numbered."""
    data = (ROOT / "tests" / "golden" / "v3_response.xml").read_bytes()
    for name in (b"failure", b"success"):
        item = re.search(rb"<%s>\n<id>2</id>\n.*?</%s>\n" % (name, name), data, re.DOTALL)
        assert item is not None
        more = b"".join(
            item.group().replace(b"<id>2</id>", b"<id>%d</id>" % i) for i in range(statuses)
        )
        data = data[: item.end()] + more + data[item.end() :]
    return data


def _refuse(*_: Any, **__: Any) -> Any:
    raise AssertionError("the checker was asked")


def test_large_valid_xml_is_decided_without_the_checker(monkeypatch: pytest.MonkeyPatch) -> None:
    """A large valid payload is decoded strictly and validated (with or without its type) in
    the one streaming pass: the checker is never asked, and the value is the lenient one."""
    data = _large_response(600)
    assert len(data) > XML_TREE_LIMIT
    lenient = codec.decode(data, MgmtResponse, version=3, format="xml")
    for module in (_check, _validate):
        for name in ("problems_of", "problems_by_version"):
            monkeypatch.setattr(module, name, _refuse)
    assert codec.decode(data, MgmtResponse, version=3, format="xml", strict=True) == lenient
    assert codec.decode(data, MgmtResponse, version=3, format="xml", unknown="error") == lenient
    assert codec.validate(data, MgmtResponse, version=3).ok
    report = codec.validate(data)
    assert (report.ok, report.type, report.versions) == (True, MgmtResponse, (3,))


def test_large_xml_naming_another_version_is_refused_for_it() -> None:
    """The root's URLs narrow the versions the streaming pass accepts: v3 URLs pass v3 only,
    and strict decoding for v2 says so (the checker's ``shape`` problem)."""
    data = _large_response(600)
    fast, refused = verdicts(MgmtResponse, parse(data, "xml"), (1, 2, 3, 4))
    assert (fast, refused) == ({3}, {1, 2, 4})
    with pytest.raises(codec.DecodeError) as caught:
        codec.decode(data, MgmtResponse, version=2, format="xml", strict=True)
    assert caught.value.code == "shape"


@pytest.mark.parametrize(
    ("old", "new", "code"),
    [
        (b"<status>", b'<status a="1">', "unknown"),
        (b"</message>", b"</message><zz/>", "unknown"),
        (b"</message>", b"</message>\n stray", "unknown"),
        (b"<id>", b"<id>0", "type"),
        (b"<operation>SUSPEND<", b"<operation>SUSPENDED<", "enum"),
        (b"</status>", b"</status><status>x</status>", "shape"),
        (b"<id>599</id>", b"", "missing"),
    ],
)
def test_large_xml_with_one_problem_at_the_end_gets_the_checkers_answer(
    old: bytes, new: bytes, code: str
) -> None:
    """One problem in the last status of a large payload: the streaming pass doubts, and
    strict decoding and validate say what the checker says."""
    data = _large_response(600)
    at = data.rindex(old)
    bad = data[:at] + new + data[at + len(old) :]
    expected = _check.problems_of(bad, plan_for(MgmtResponse), VERSIONS[3], "xml", True)
    assert expected[0].code == code
    assert not verdicts(MgmtResponse, parse(bad, "xml"), (3,))[0]
    with pytest.raises(codec.DecodeError) as caught:
        codec.decode(bad, MgmtResponse, version=3, format="xml", strict=True)
    assert list(caught.value.problems) == expected
    assert list(codec.validate(bad, MgmtResponse, version=3).problems) == expected


def _peak(call: Callable[[], object]) -> int:
    gc.collect()
    tracemalloc.start()
    try:
        call()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_strict_memory_of_large_valid_xml_is_a_lenient_decodes() -> None:
    """Strict decoding and validate of a large valid payload peak within 1.5x a lenient
    decode (the streaming reader's memory), where the checker's nodes took about 15x the
    input."""
    data = _large_response(3000)
    decode = functools.partial(codec.decode, data, MgmtResponse, version=3, format="xml")
    decode(strict=True)  # generated outside the measure
    lenient = _peak(decode)
    assert _peak(functools.partial(decode, strict=True)) < 1.5 * lenient
    assert _peak(lambda: codec.validate(data, MgmtResponse, version=3)) < 1.5 * lenient
    assert _peak(lambda: codec.validate(data)) < 1.5 * lenient
