"""Unions of models, ``xsi:nil`` and declared namespaces (issue [vocabulary]).

* A field typed ``A | B`` holds one of several models, told apart by the element's name (the
  child of ``mgmtResponse``: ``operationResult``, ``apOperationResult``, ...) or by a
  discriminator attribute (``xsi:type``) with ``choices``. Every decode of a payload holding
  a union is the reference reader's; the encoders are generated.
* ``xsi:nil="true"`` on a single element reads as ``None``; every path hands a payload that
  holds the text ``xsi:nil`` to the reference reader, so that all give one answer.
* ``@model(namespaces=...)`` declares the prefixes of prefixed names; XML encoding writes the
  declarations on the model's element.

No vendor sample or server capture shows ``xsi:type`` or ``xsi:nil`` (see
``tests/vendor/index.json``, ``not_found``): the wire forms here follow XML Schema and the
xmltodict-style JSON mapping of the rest of the library, and are inferred.
"""

from __future__ import annotations

import re
from typing import Any

import jsonschema
import orjson
import pytest
import xmltodict
from hypothesis import given, settings
from hypothesis import strategies as st

import codec
from codec._check import decode_reference, read
from codec.testing import models

XSI = "http://www.w3.org/2001/XMLSchema-instance"
VERSIONS = (1, 2, 3, 4)
FORMATS = ("xml", "json")


@codec.model(element="operationResult")
class OpResult:
    status: str | None = codec.element(default=None)
    ids: tuple[int, ...] = codec.wrapped("ids", "id", default=())


@codec.model(element="apOperationResult")
class ApOpResult:
    note: str | None = codec.attribute(default=None)
    ap_id: int | None = codec.element("apID", default=None)


@codec.model(root="mgmtResponse")
class Answer:
    request_url: str | None = codec.attribute(default=None)
    result: OpResult | ApOpResult | None = codec.element(default=None)
    after: str | None = codec.element(default=None)


@codec.model()
class DeviceDto:
    name: str | None = codec.element(default=None)
    seen: int | None = codec.attribute(default=None)


@codec.model()
class ControllerDto:
    ip: str | None = codec.element(default=None)


@codec.model(root="entity", namespaces={"xsi": XSI})
class Holder:
    dto: DeviceDto | ControllerDto = codec.element(
        "dto",
        discriminator="xsi:type",
        choices={"ns2:deviceDTO": DeviceDto, "ns2:controllerDTO": ControllerDto},
    )
    count: int | None = codec.element(default=None)


@codec.model()
class Inner:
    x: int | None = codec.element(default=None)


@codec.model(root="r", kw_only=True)
class Nillable:
    a: int | None = codec.element(default=None)
    b: str | None = codec.element(default=None)
    inner: Inner | None = codec.element(default=None)
    need: str = codec.element()
    ids: tuple[int, ...] = codec.wrapped("ids", "id", default=())


@codec.model()
class Plain:
    a: int | None = codec.element(default=None)


@codec.model(namespaces={"xsi": "urn:other"})
class Part:
    kind: str | None = codec.attribute("xsi:type", default=None)


@codec.model()
class Tagged:
    t: str | None = codec.attribute("t", default=None)


# --------------------------------------------------------------------------- unions: the wire


def test_union_by_element_name_is_written_under_the_members_name() -> None:
    answer = Answer("u", ApOpResult("n", 5), "z")
    xml = codec.encode(answer, version=3, format="xml")
    assert xml.endswith(
        b'<mgmtResponse requestUrl="u"><apOperationResult note="n"><apID>5</apID>'
        b"</apOperationResult><after>z</after></mgmtResponse>"
    )
    # v1 keeps XML order; v2+ sorts keys, the union's key in its member's sorted place
    v1 = codec.encode(answer, version=1, format="json")
    assert list(orjson.loads(v1)["mgmtResponse"]) == ["@requestUrl", "apOperationResult", "after"]
    v3 = codec.encode(answer, version=3, format="json")
    assert list(orjson.loads(v3)["mgmtResponse"]) == ["@requestUrl", "after", "apOperationResult"]
    for version, raw in ((1, v1), (3, v3), (3, xml)):
        fmt = "xml" if raw.startswith(b"<") else "json"
        assert codec.decode(raw, Answer, version=version, format=fmt, strict=True) == answer


def test_union_by_discriminator_writes_it_first_and_the_namespace_on_the_root() -> None:
    holder = Holder(DeviceDto("d", 7), 2)
    xml = codec.encode(holder, version=4, format="xml")
    assert xml.endswith(
        f'<entity xmlns:xsi="{XSI}"><dto xsi:type="ns2:deviceDTO" seen="7"><name>d</name>'
        "</dto><count>2</count></entity>".encode()
    )
    parsed = xmltodict.parse(xml, process_namespaces=True)  # the declaration is right
    assert parsed["entity"]["dto"][f"@{XSI}:type"] == "ns2:deviceDTO"
    v1 = orjson.loads(codec.encode(holder, version=1, format="json"))
    assert v1 == {"entity": {"dto": {"@xsi:type": "ns2:deviceDTO", "@seen": "7", "name": "d"},
                             "count": 2}}  # fmt: skip
    v2 = codec.encode(holder, version=2, format="json")
    assert v2 == (
        b'{"entity":{"count":2,"dto":{"@seen":7,"@xsi:type":"ns2:deviceDTO","name":"d"}}}'
    )


@settings(max_examples=60, deadline=None)
@given(models(Answer), models(Holder), st.sampled_from(VERSIONS), st.sampled_from(FORMATS))
def test_unions_round_trip_strictly_in_every_version(
    answer: Answer, holder: Holder, version: int, fmt: str
) -> None:
    for value in (answer, holder):
        raw = codec.encode(value, version=version, format=fmt)
        assert codec.decode(raw, type(value), version=version, format=fmt, strict=True) == value
        assert codec.validate(raw, type(value), version=version, format=fmt).ok
        schema = codec.json_schema(type(value), version=version)
        if fmt == "json":
            jsonschema.validate(orjson.loads(raw), schema)


# --------------------------------------------------------------------------- unions: bad input


def _padded(raw: bytes, fmt: str) -> bytes:
    """The same payload past 64 KiB (where other decode paths take over), padded with
    whitespace that no path reads."""
    if fmt == "xml":
        head, _, rest = raw.partition(b">")  # after the XML declaration
        return head + b">" + b" " * 70_000 + rest
    return raw[:-1] + b" " * 70_000 + raw[-1:]


UNKNOWN_MEMBER = [
    ("xml", b'<entity><dto xsi:type="ns2:other"><name>q</name></dto><count>2</count></entity>'),
    ("json", b'{"entity": {"dto": {"@xsi:type": "ns2:other", "name": "q"}, "count": 2}}'),
    ("xml", b"<entity><dto><name>q</name></dto><count>2</count></entity>"),
]


@pytest.mark.parametrize(("fmt", "raw"), UNKNOWN_MEMBER)
@pytest.mark.parametrize("large", [False, True])
def test_an_unknown_member_is_reported_strictly_and_kept_leniently(
    fmt: str, raw: bytes, large: bool
) -> None:
    if large:
        raw = _padded(raw, fmt)
    report = codec.validate(raw, Holder, version=3, format=fmt)
    codes = [p.code for p in report.problems]
    assert codes[0] in ("unknown", "missing")
    assert codes[-1] == "missing"
    assert report.problems[0].path.startswith("$.entity.dto")
    with pytest.raises(codec.DecodeError) as strict:
        codec.decode(raw, Holder, version=3, format=fmt, strict=True)
    assert strict.value.problems == report.problems
    # lenient: the required field has no value it can read
    with pytest.raises(codec.DecodeError, match="missing required value 'dto'"):
        codec.decode(raw, Holder, version=3, format=fmt)


def test_an_unknown_member_of_an_optional_union_is_kept_and_written_back() -> None:
    raw = b"<mgmtResponse><after>z</after><otherResult><a>1</a></otherResult></mgmtResponse>"
    assert codec.decode(raw, Answer, version=3, format="xml") == Answer(after="z")
    kept = codec.decode(raw, Answer, version=3, format="xml", unknown="keep")
    assert codec.encode(kept, version=3, format="xml").endswith(raw)
    holder_raw = b'{"entity":{"count":2,"dto":{"@xsi:type":"ns2:other","name":"q"}}}'

    @codec.model(root="entity")
    class Loose:
        dto: DeviceDto | ControllerDto | None = codec.element(
            "dto", discriminator="t", choices={"d": DeviceDto, "c": ControllerDto}, default=None
        )
        count: int | None = codec.element(default=None)

    raw_loose = holder_raw.replace(b"@xsi:type", b"@t")
    loose = codec.decode(raw_loose, Loose, version=3, format="json", unknown="keep")
    assert loose.dto is None
    assert codec.encode(loose, version=3, format="json") == raw_loose
    with pytest.raises(codec.DecodeError, match="unknown t 'ns2:other'"):
        codec.decode(raw_loose, Loose, version=3, format="json", strict=True)


def test_two_members_of_one_union_are_a_strict_problem_and_the_last_wins() -> None:
    raw = (
        b"<mgmtResponse><operationResult><status>a</status></operationResult>"
        b'<apOperationResult note="n"/></mgmtResponse>'
    )
    assert codec.decode(raw, Answer, version=3, format="xml").result == ApOpResult("n")
    problems = codec.validate(raw, Answer, version=3, format="xml").problems
    assert [(p.code, p.path) for p in problems] == [("shape", "$.mgmtResponse.apOperationResult")]
    raw_json = b'{"mgmtResponse":{"operationResult":{"status":"a"},"apOperationResult":{}}}'
    assert codec.decode(raw_json, Answer, version=3, format="json").result == ApOpResult()
    assert not codec.validate(raw_json, Answer, version=3, format="json").ok


# --------------------------------------------------------------------------- unions: declarations


def test_union_declaration_mistakes_are_named() -> None:
    with pytest.raises(codec.DeclarationError, match="declares no element name"):

        @codec.model(root="x")
        class NoName:
            v: OpResult | Plain | None = codec.element(default=None)

    with pytest.raises(codec.DeclarationError, match="takes its members' element names"):

        @codec.model(root="x")
        class Named:
            v: OpResult | ApOpResult | None = codec.element("v", default=None)

    with pytest.raises(codec.DeclarationError, match="needs choices="):

        @codec.model(root="x")
        class NoChoices:
            v: OpResult | Plain | None = codec.element("v", discriminator="t", default=None)

    with pytest.raises(codec.DeclarationError, match="no choice names"):

        @codec.model(root="x")
        class Missing:
            v: OpResult | Plain | None = codec.element(
                "v", discriminator="t", choices={"a": OpResult}, default=None
            )

    with pytest.raises(
        codec.DeclarationError, match="a list of a union of models is not supported"
    ):

        @codec.model(root="x")
        class Listed:
            v: tuple[OpResult | ApOpResult, ...] = codec.repeated(default=())

    with pytest.raises(codec.DeclarationError, match="'xsi:nil' is read by every model"):

        @codec.model(root="x")
        class Nil:
            v: str | None = codec.attribute("xsi:nil", default=None)

    with pytest.raises(codec.DeclarationError, match="is already"):

        @codec.model(root="x")
        class Clash:
            v: OpResult | ApOpResult | None = codec.element(default=None)
            w: str | None = codec.element("apOperationResult", default=None)


def test_prefixes_are_declared_once_per_payload() -> None:
    @codec.model(root="x")
    class Undeclared:
        kind: str | None = codec.attribute("xsi:type", default=None)

    with pytest.raises(codec.DeclarationError, match=r"prefix 'xsi'.*declares"):
        codec.codec_for(Undeclared, version=3, format="xml")

    @codec.model(root="x", namespaces={"xsi": XSI})
    class Conflict:
        part: Part | None = codec.element(default=None)

    with pytest.raises(codec.DeclarationError, match="prefix 'xsi' is 'urn:other' here"):
        codec.codec_for(Conflict, version=3, format="xml")
    with pytest.raises(codec.DeclarationError, match="cannot be declared as a prefix"):

        @codec.model(root="y", namespaces={"xml": XSI})
        class Bad:
            a: int | None = codec.element(default=None)

    @codec.model(root="z")
    class Own:
        v: Tagged | ControllerDto | None = codec.element(
            "v", discriminator="t", choices={"a": Tagged, "b": ControllerDto}, default=None
        )

    with pytest.raises(codec.DeclarationError, match="declares the discriminator"):
        codec.codec_for(Own, version=3, format="xml")


def test_a_namespace_uri_is_escaped_when_written() -> None:
    @codec.model(root="x", namespaces={"p": 'urn:a"><evil/>'})
    class Escaped:
        v: str | None = codec.attribute("p:v", default=None)

    xml = codec.encode(Escaped("1"), version=3, format="xml")
    assert b"<evil/>" not in xml
    assert xmltodict.parse(xml)["x"]["@xmlns:p"] == 'urn:a"><evil/>'


# --------------------------------------------------------------------------- xsi:nil


NIL_CASES: list[tuple[str, bytes]] = [
    ("xml", b'<r><a xsi:nil="true"/><b>x</b><need>n</need></r>'),
    ("xml", b'<r><a xsi:nil="1"/><b xsi:nil=" true "/><inner xsi:nil="true"/><need>n</need></r>'),
    ("xml", b'<r><a xsi:nil="false">4</a><need>n</need></r>'),
    ("xml", b'<r><a xsi:nil="true">4</a><need>n</need></r>'),
    ("xml", b'<r><a xsi:nil="maybe">4</a><need>n</need></r>'),
    ("xml", b'<r><need xsi:nil="true"/></r>'),
    ("xml", b'<r><need>n</need><ids><id xsi:nil="true"/></ids></r>'),
    ("xml", b'<r><need>n</need><ids xsi:nil="true"/></r>'),
    ("xml", b'<r xsi:nil="true"><need>n</need></r>'),
    ("xml", b'<r><inner xsi:nil="false" extra="1"><x>1</x></inner><need>n</need></r>'),
    ("xml", b'<r><a i:nil="true"/><need>n</need></r>'),
    ("json", b'{"r": {"a": {"@xsi:nil": "true"}, "b": "q", "need": "n"}}'),
    ("json", b'{"r": {"inner": {"@xsi:nil": true}, "need": "n"}}'),
    ("json", b'{"r": {"inner": {"@xsi:nil": "false", "x": 3}, "need": "n"}}'),
    ("json", b'{"r": {"a": {"@xsi:nil": "true", "$": 4}, "need": "n"}}'),
    ("json", b'{"r": {"a": {"@xsi:nil": 2}, "need": "n"}}'),
    ("json", b'{"r": {"need": "n", "ids": {"id": [1, {"@xsi:nil": "true"}]}}}'),
]

NIL_VALUES = {
    0: Nillable(b="x", need="n"),
    1: Nillable(need="n"),
    2: Nillable(a=4, need="n"),
    9: Nillable(inner=Inner(1), need="n"),
    11: Nillable(b="q", need="n"),
    12: Nillable(need="n"),
    13: Nillable(inner=Inner(3), need="n"),
}


def _answers(raw: bytes, fmt: str, **options: Any) -> tuple[str, Any]:
    try:
        return "value", codec.decode(raw, Nillable, version=3, format=fmt, **options)
    except codec.DecodeError as error:
        return "error", error.problems[0]


@pytest.mark.parametrize("case", range(len(NIL_CASES)))
@pytest.mark.parametrize("large", [False, True])
def test_xsi_nil_reads_as_none_and_every_path_agrees(case: int, large: bool) -> None:
    fmt, raw = NIL_CASES[case]
    if large:
        raw = _padded(raw, fmt)
    lenient = _answers(raw, fmt)
    if case in NIL_VALUES:
        assert lenient == ("value", NIL_VALUES[case])
    else:
        assert lenient[0] == "error"
    for options in ({}, {"strict": True}, {"unknown": "keep"}, {"unknown": "error"}):
        reading = read(raw, Nillable, 3, fmt, **options)
        got = _answers(raw, fmt, **options)
        if reading.problems:
            assert got == ("error", reading.problems[0])
        else:
            assert got == ("value", reading.value)
    report = codec.validate(raw, Nillable, version=3, format=fmt)
    assert list(report.problems) == list(read(raw, Nillable, 3, fmt, strict=True).problems)


def test_xsi_nil_on_the_shipped_models_is_read_by_the_reference() -> None:
    """A shipped model's generated decoders would read ``<message xsi:nil="true"/>`` as
    ``""``: the payload goes to the reference reader instead, which reads ``None``."""
    from codec.pi.jobservice import MgmtResponse

    raw = (
        b'<mgmtResponse xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        b'<operationResult><message xsi:nil="true"/><operation>CANCEL</operation>'
        b"</operationResult></mgmtResponse>"
    )
    for strict in (False, True):
        decoded = codec.decode(raw, MgmtResponse, version=3, format="xml", strict=strict)
        assert decoded.operation_results[0].message is None
    assert decoded == decode_reference(raw, MgmtResponse, 3, "xml")
    assert codec.validate(raw, MgmtResponse, version=3, format="xml").ok


@settings(max_examples=150, deadline=None)
@given(
    models(Nillable),
    st.lists(st.tuples(st.integers(0, 40), st.sampled_from(["true", "false", "1", "x", ""]))),
    st.sampled_from(FORMATS),
    st.booleans(),
)
def test_nil_anywhere_gives_one_answer_on_every_path(
    value: Nillable, marks: list[tuple[int, str]], fmt: str, large: bool
) -> None:
    """Hostile: ``xsi:nil`` put on any element (or object) of a valid payload, with any
    value; every decode mode and `validate` give the reference reader's answer."""
    raw = codec.encode(value, version=2, format=fmt)
    if fmt == "xml":
        starts = [m.end() for m in re.finditer(rb"<[A-Za-z]+", raw)]
        for index, said in marks:
            if starts:
                at = starts[index % len(starts)]
                raw = raw[:at] + f' xsi:nil="{said}"'.encode() + raw[at:]
                starts = [m.end() for m in re.finditer(rb"<[A-Za-z]+", raw)]
    else:
        opens = [m.end() for m in re.finditer(rb"\{", raw)]
        for index, said in marks:
            if opens:
                at = opens[index % len(opens)]
                raw = raw[:at] + f'"@xsi:nil": "{said}", '.encode() + raw[at:]
                raw = raw.replace(b", }", b"}")
                opens = [m.end() for m in re.finditer(rb"\{", raw)]
    if large:
        raw = _padded(raw, fmt)
    for options in ({}, {"strict": True}, {"unknown": "keep"}):
        reading = read(raw, Nillable, 2, fmt, **options)
        got = _answers_v(raw, fmt, 2, **options)
        if reading.problems:
            assert got == ("error", reading.problems[0])
        else:
            assert got == ("value", reading.value)
    report = codec.validate(raw, Nillable, version=2, format=fmt)
    assert list(report.problems) == list(read(raw, Nillable, 2, fmt, strict=True).problems)


def _answers_v(raw: bytes, fmt: str, version: int, **options: Any) -> tuple[str, Any]:
    try:
        return "value", codec.decode(raw, Nillable, version=version, format=fmt, **options)
    except codec.DecodeError as error:
        return "error", error.problems[0]


@pytest.mark.parametrize("version", VERSIONS)
def test_the_schema_takes_nil_where_validate_does(version: int) -> None:
    schema = codec.json_schema(Nillable, version=version)
    for raw, ok in [
        (b'{"r": {"a": {"@xsi:nil": "true"}, "inner": {"@xsi:nil": true}, "need": "n"}}', True),
        (b'{"r": {"b": {"@xsi:nil": " 1 "}, "need": "n"}}', True),
        (b'{"r": {"a": {"@xsi:nil": "true", "$": 4}, "need": "n"}}', False),
        (b'{"r": {"a": {"@xsi:nil": "maybe"}, "need": "n"}}', False),
        (b'{"r": {"need": {"@xsi:nil": "true"}}}', False),
    ]:
        assert codec.validate(raw, Nillable, version=version, format="json").ok is ok
        try:
            jsonschema.validate(orjson.loads(raw), schema)
            valid = True
        except jsonschema.ValidationError:
            valid = False
        assert valid is ok, raw
