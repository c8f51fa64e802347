"""Regressions of the outside audit ([trust]): each test fails without its fix.

Items 2 and 15 (names, model validators) are in ``test_trust_declare.py``; items 9, 16 and the
command-line papercuts of 20 in ``test_trust_cli.py`` and ``test_cli.py``; the differential
property test over hostile inputs in ``test_differential_hostile.py``.
"""

from __future__ import annotations

import enum
import functools
import json
import subprocess
import sys
import tracemalloc
from collections.abc import Sequence
from typing import Any, Optional

import orjson
import pytest

import codec
from codec._limits import DEFAULT_LIMITS, MAX_PROBLEMS
from codec._xml_reader import build_xml_reader
from codec._xml_walker import TREE_LIMIT
from codec.jobservice import (
    CANCEL,
    JobOperationPayload,
    JobRunOperationPayload,
    MgmtResponse,
    OperationResult,
)

PAD = b" " * (TREE_LIMIT + 1)


def _padded(xml: bytes) -> bytes:
    """The same document past the tree walker's size limit: whitespace after the root's start
    tag, which every path ignores."""
    head = xml.index(b">", xml.index(b"<mgmtResponse")) + 1
    return xml[:head] + PAD + xml[head:]


def _answer(fn: Any) -> Any:
    try:
        return fn()
    except codec.DecodeError as error:
        return ("error", error.code, error.path)


# --------------------------------------------------------------------------- 1: kept keys


FORGED_KEY = (
    '@x="1"><operationResult><operation>CANCEL</operation><success><success><id>666</id>'
    '</success></success></operationResult><q-- y="1"><!--'
)


def test_kept_json_key_cannot_forge_xml() -> None:
    """The audit's forged key: writing it as XML is an EncodeError naming the key, not markup
    that decodes back with a CANCEL of id 666."""
    doc = {"mgmtResponse": {FORGED_KEY: "", "operationResult": [{"message": "genuine"}]}}
    model = codec.decode(json.dumps(doc), MgmtResponse, version=3, format="json", unknown="keep")
    with pytest.raises(codec.EncodeError) as caught:
        codec.encode(model, version=3, format="xml")
    assert "not an XML name" in caught.value.message
    assert FORGED_KEY[1:] in caught.value.message


@pytest.mark.parametrize("key", ["", "1abc", "$", "a b", "a<b", "@", "@1x", "@a b", "a:b:c"])
def test_kept_keys_that_are_not_xml_names_are_refused(key: str) -> None:
    """Element and attribute names from kept JSON keys must be XML names; `$` beside elements
    is no name either."""
    doc = {"mgmtResponse": {key: "v", "operationResult": [{"message": "m"}]}}
    model = codec.decode(json.dumps(doc), MgmtResponse, version=3, format="json", unknown="keep")
    with pytest.raises(codec.EncodeError, match="cannot be written in XML"):
        codec.encode(model, version=3, format="xml")


@pytest.mark.parametrize(
    "value",
    [{"@a b": "1"}, {"c d": "1"}, [{"x<": 1}], {"ok": {"@bad=": "1"}}],
)
def test_nested_kept_names_are_checked(value: Any) -> None:
    """Names inside a kept value (its attributes and children) are checked too."""
    doc = {"mgmtResponse": {"extra": value}}
    model = codec.decode(json.dumps(doc), MgmtResponse, version=3, format="json", unknown="keep")
    with pytest.raises(codec.EncodeError) as caught:
        codec.encode(model, version=3, format="xml")
    assert caught.value.path.startswith("$.mgmtResponse.extra")


def test_kept_values_are_escaped_and_read_back() -> None:
    """Kept values are text like any other: escaped, and read back the same."""
    doc = {
        "mgmtResponse": {
            "@note": 'a"b<c&\n',
            "extra": {"@k": "<&>", "$": "t&<", "child": ["1", "]]>"]},
            "operationResult": [{"message": "m"}],
        }
    }
    model = codec.decode(json.dumps(doc), MgmtResponse, version=3, format="json", unknown="keep")
    xml = codec.encode(model, version=3, format="xml")
    again = codec.decode(xml, MgmtResponse, version=3, format="xml", unknown="keep")
    assert again == model
    back = json.loads(codec.encode(again, version=3, format="json"))["mgmtResponse"]
    assert back["@note"] == 'a"b<c&\n'
    assert back["extra"] == {"@k": "<&>", "$": "t&<", "child": ["1", "]]>"]}


@pytest.mark.parametrize("where", ["element", "attribute"])
def test_kept_text_xml_cannot_carry_is_an_encode_error(where: str) -> None:
    """A kept NUL is an EncodeError, as for a declared field."""
    key = "extra" if where == "element" else "@extra"
    doc = {"mgmtResponse": {key: "a\x00b"}}
    model = codec.decode(json.dumps(doc), MgmtResponse, version=3, format="json", unknown="keep")
    with pytest.raises(codec.EncodeError, match="U\\+0000"):
        codec.encode(model, version=3, format="xml")


# --------------------------------------------------------------------------- 3, 5, 7: encodings

ENTITY_DOC = (
    '<!DOCTYPE m [<!ENTITY e "INJECTED">]><mgmtResponse><operationResult>'
    "<message>&e;</message></operationResult></mgmtResponse>"
)
LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
        for i in range(1, 9)
    )
    + "]><mgmtResponse><operationResult><message>&lol8;</message></operationResult></mgmtResponse>"
)


def _every_xml_path(data: bytes | str) -> list[Any]:
    """The answer of every XML decode path and of validate and detect, for ``data``."""
    answers: list[Any] = []
    for options in ({}, {"strict": True}, {"unknown": "keep"}, {"unknown": "error"}):
        decode = functools.partial(codec.decode, data, MgmtResponse, version=3, format="xml")
        answers.append(_answer(functools.partial(decode, **options)))
    answers.append(_answer(lambda: build_xml_reader(MgmtResponse)(data, DEFAULT_LIMITS)))
    for lenient in (False, True):
        report = codec.validate(data, MgmtResponse, version=3, lenient=lenient)
        answers.append(("report", report.ok, report.problems[0].code if report.problems else None))
    report = codec.validate(data)
    answers.append(("auto", report.ok, report.format))
    answers.append(("detect", codec.detect(data).format))
    return answers


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
@pytest.mark.parametrize("document", [ENTITY_DOC, LAUGHS])
def test_doctype_in_any_encoding_is_refused_everywhere(encoding: str, document: str) -> None:
    """A DOCTYPE never gets past the refusal by an encoding in which ``<!`` is not two bytes:
    such XML is refused as not UTF-8 on every path, and detect still calls it XML."""
    data = document.encode(encoding)
    tracemalloc.start()
    answers = _every_xml_path(data)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 2_000_000  # the laughs never expand
    assert "INJECTED" not in repr(answers)
    for answer in answers[:5]:
        assert answer == ("error", "syntax", "$")
    assert answers[5:] == [
        ("report", False, "syntax"),
        ("report", False, "syntax"),
        ("auto", False, "xml"),
        ("detect", "xml"),
    ]
    with pytest.raises(codec.DecodeError, match=r"UTF-(16|32)"):
        codec.decode(data, MgmtResponse, version=3, format="xml")


@pytest.mark.parametrize("document", [ENTITY_DOC, LAUGHS])
def test_doctype_as_text_is_refused_everywhere(document: str) -> None:
    """Given as ``str`` (already characters), a DOCTYPE is refused on every path too."""
    answers = _every_xml_path(document)
    assert "INJECTED" not in repr(answers)
    for answer in answers[:5]:
        assert answer[:2] == ("error", "syntax")


LATIN = (
    '<?xml version="1.0" encoding="ISO-8859-1"?><mgmtResponse><operationResult>'
    "<message>café</message></operationResult></mgmtResponse>"
)


@pytest.mark.parametrize("padded", [False, True])
def test_text_input_ignores_its_declared_encoding(padded: bool) -> None:
    """A ``str`` is characters already: ``café`` decodes as ``café`` on both XML paths, kept
    content included, whatever its declaration says."""
    text = LATIN if not padded else _padded(LATIN.encode()).decode()
    for unknown in ("ignore", "keep"):
        model = codec.decode(text, MgmtResponse, version=3, format="xml", unknown=unknown)
        assert model.operation_results[0].message == "café"
    assert codec.validate(text, MgmtResponse, version=3).ok


def test_bytes_declaring_another_encoding_are_refused_saying_so() -> None:
    """Bytes declared ISO-8859-1 are refused on every path (PI writes UTF-8), with a message
    that names the encoding, rather than read as mojibake on one path."""
    data = LATIN.encode("latin-1")
    answers = _every_xml_path(data)
    for answer in answers[:5]:
        assert answer == ("error", "syntax", "$")
    with pytest.raises(codec.DecodeError, match="ISO-8859-1"):
        codec.decode(data, MgmtResponse, version=3, format="xml", unknown="keep")


KEPT_XML = (
    '<mgmtResponse z="é"><operationResult><message>m</message><x a="1">é</x>'
    "</operationResult></mgmtResponse>"
)


@pytest.mark.parametrize("kind", [bytes, bytearray, memoryview, str])
def test_keep_takes_every_input_kind(kind: Any) -> None:
    """Kept content is exact from bytes, bytearray, memoryview and str, and writes no NUL."""
    data = kind(KEPT_XML.encode()) if kind is not str else KEPT_XML
    model = codec.decode(data, MgmtResponse, version=3, format="xml", unknown="keep")
    out = codec.encode(model, version=3, format="xml")
    assert b"\x00" not in out
    assert out.endswith(KEPT_XML.replace("<mgmtResponse", "", 1).split(">", 1)[1].encode())
    assert 'z="é"'.encode() in out


# --------------------------------------------------------------------------- 4: namespaces

NAMESPACED = (
    '<mgmtResponse xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" responseType="r">'
    '<operationResult xmlns="urn:x" xsi:type="t"><message>m</message></operationResult>'
    "</mgmtResponse>"
)


@pytest.mark.parametrize("padded", [False, True])
def test_namespaces_are_names_as_written_on_every_path(padded: bool) -> None:
    """A child with ``xmlns="urn:x"`` is the same child on the fast path and the reader;
    ``xmlns`` declarations are never unknown; a prefixed attribute is unknown as written."""
    data = NAMESPACED.encode()
    if padded:
        data = _padded(data)
    expected = MgmtResponse(response_type="r", operation_results=[OperationResult(message="m")])
    assert codec.decode(data, MgmtResponse, version=3, format="xml") == expected
    assert build_xml_reader(MgmtResponse)(data, DEFAULT_LIMITS) == expected
    report = codec.validate(data, MgmtResponse, version=3)
    assert [p.path for p in report.problems] == ["$.mgmtResponse.operationResult[0]['@xsi:type']"]
    assert codec.validate(data, MgmtResponse, version=3, lenient=True).ok
    kept = codec.decode(data, MgmtResponse, version=3, format="xml", unknown="keep")
    assert b'xsi:type="t"' in codec.encode(kept, version=3, format="xml")


def test_xmlns_keys_in_json_are_not_unknown() -> None:
    """``@xmlns`` keys, as xmltodict writes the declarations, are not unknown in JSON either."""
    doc = {"mgmtResponse": {"@xmlns:xsi": "urn:x", "@xmlns": "urn:y", "@responseType": "r"}}
    assert codec.validate(json.dumps(doc), MgmtResponse, version=3).ok


@codec.model(root="holder", namespaces={"xsi": "urn:xsi"})
class Holder:
    type: str | None = codec.attribute("xsi:type", default=None)
    value: str | None = codec.element(default=None)


@pytest.mark.parametrize("padded", [False, True])
def test_prefixed_wire_names_decode_as_written(padded: bool) -> None:
    """A declared ``xsi:type`` attribute is found on both XML paths, with or without its
    namespace declaration."""
    for head in ('<holder xsi:type="T">', '<holder xmlns:xsi="urn:xsi" xsi:type="T">'):
        data = (head + "<value>v</value></holder>").encode()
        if padded:
            data = data.replace(b"<value>", PAD + b"<value>")
        assert codec.decode(data, Holder, version=3, format="xml") == Holder(type="T", value="v")


# --------------------------------------------------------------------------- 6: text() None


class Shade(enum.Enum):
    DARK = "dark"


@codec.model()
class Reading:
    unit: str | None = codec.attribute(default=None)
    value: int | None = codec.text(default=None)


@codec.model()
class Caption:
    value: str | None = codec.text(default=None)


@codec.model()
class Tint:
    value: Shade | None = codec.text(default=None)


@codec.model(root="panel")
class Panel:
    reading: Reading | None = codec.element(default=None)
    caption: Caption | None = codec.element(default=None)
    tint: Tint | None = codec.element(default=None)
    flags: Sequence[bool] = codec.repeated("flag", default=())


@pytest.mark.parametrize("padded", [False, True])
def test_optional_text_none_round_trips_in_xml(padded: bool) -> None:
    """An optional text() holding None writes an empty element that every path reads back as
    None, for each kind; strict decoding and validate accept it."""
    model = Panel(
        reading=Reading(unit="D", value=None), caption=Caption(value=None), tint=Tint(value=None)
    )
    data = codec.encode(model, version=3, format="xml")
    if padded:
        data = data.replace(b"<reading", PAD + b"<reading")
    for strict in (False, True):
        assert codec.decode(data, Panel, version=3, format="xml", strict=strict) == model
    assert build_xml_reader(Panel)(data, DEFAULT_LIMITS) == model
    assert codec.validate(data, Panel, version=3).ok


def test_empty_string_in_optional_text_is_refused_in_xml() -> None:
    """``""`` in an optional str text() would read back as None: XML refuses to write it;
    JSON, which can tell them apart, writes it."""
    model = Panel(caption=Caption(value=""))
    with pytest.raises(codec.EncodeError, match="optional text"):
        codec.encode(model, version=3, format="xml")
    assert (
        codec.decode(codec.encode(model, version=3, format="json"), Panel, version=3, format="json")
        == model
    )


# --------------------------------------------------------------------------- 8: 1e400, surrogates


@pytest.mark.parametrize(
    "data",
    [
        '{"mgmtResponse": {"x": 1e400, "@responseType": "\\ud800"}}',
        '{"mgmtResponse": {"x": 1e400, "y": {"z": "\\udfff"}}}',
        '{"mgmtResponse": {"x": 1' + "0" * 400 + ', "@responseType": "\\ud800"}}',
    ],
)
def test_a_lone_surrogate_never_gets_in_behind_a_huge_number(data: str) -> None:
    """The fallback reading for numbers orjson cannot hold refuses what orjson refuses."""
    for options in ({}, {"strict": True}, {"unknown": "keep"}):
        with pytest.raises(codec.DecodeError) as caught:
            codec.decode(data, MgmtResponse, version=3, format="json", **options)
        assert caught.value.code == "syntax"
    assert not codec.validate(data, MgmtResponse, version=3, lenient=True).ok


def test_infinite_number_is_refused_by_the_fallback_reading() -> None:
    """``1e400`` is no number a float holds: refused, not kept as infinity (then null)."""
    data = '{"mgmtResponse": {"x": 1e400, "y": 1' + "0" * 400 + "}}"
    with pytest.raises(codec.DecodeError):
        codec.decode(data, MgmtResponse, version=3, format="json", unknown="keep")


# --------------------------------------------------------------------------- 10: keep, repeats


@codec.model()
class _Run:
    run_id: int | None = codec.element(default=None)


@codec.model(root="holder")
class _Holder:
    """A model holding one nested model (not a list): ``run`` may appear once."""

    run: _Run | None = codec.element(default=None)


def test_keep_with_a_repeated_single_element_keeps_the_survivors_content() -> None:
    """Decoding keeps the last of a repeated single element; the first one's unknown content
    is not carried into it."""
    xml = (
        "<holder><run><runId>1</runId><stale>first</stale></run>"
        "<run><runId>2</runId><fresh>second</fresh></run></holder>"
    )
    model = codec.decode(xml, _Holder, version=3, format="xml", unknown="keep")
    assert model.run == _Run(run_id=2)
    out = codec.encode(model, version=3, format="xml")
    assert b"<fresh>second</fresh>" in out
    assert b"stale" not in out


# --------------------------------------------------------------------------- 11: BOM padding


@pytest.mark.parametrize("padding", [64, 65, 200, 100_000])
def test_bom_and_whitespace_never_recurse(padding: int) -> None:
    """A UTF-8 BOM followed by much whitespace is sniffed without recursion everywhere."""
    data = b"\xef\xbb\xbf" + b" " * padding + b"{}"
    assert codec.detect(data).format == "json"
    assert not codec.validate(data).ok
    with pytest.raises(codec.ApiError):
        CANCEL.response(500, [("content-type", "text/html")], data, version=3)


def test_bom_and_whitespace_in_the_command_line(tmp_path: Any) -> None:
    """The command line reports such a file as a problem, not a traceback."""
    path = tmp_path / "b.json"
    path.write_bytes(b"\xef\xbb\xbf" + b" " * 64 + b"{}")
    done = subprocess.run(
        [sys.executable, "-m", "codec", "validate", str(path)], capture_output=True, timeout=60
    )
    assert done.returncode == 1
    assert b"Traceback" not in done.stderr


# --------------------------------------------------------------------------- 12: bounded


def test_strict_problems_are_capped_and_the_rest_counted() -> None:
    """Strict decoding and validate list at most MAX_PROBLEMS problems and count the rest in
    one last ``limit`` problem, in both formats, for every version checked."""
    count = 3 * MAX_PROBLEMS
    xml = "<mgmtResponse>" + "<x/>" * count + "</mgmtResponse>"
    keys = ", ".join(f'"k{i}": 1' for i in range(count))
    js = '{"mgmtResponse": {' + keys + "}}"
    for data, fmt in ((xml, "xml"), (js, "json")):
        with pytest.raises(codec.DecodeError) as caught:
            codec.decode(data, MgmtResponse, version=3, format=fmt, strict=True)
        problems = caught.value.problems
        assert len(problems) == MAX_PROBLEMS + 1
        assert {p.code for p in problems[:-1]} == {"unknown"}
        assert problems[-1].code == "limit"
        assert problems[-1].message.startswith(f"{count - MAX_PROBLEMS} more problems")
        report = codec.validate(data)
        assert len(report.problems) == MAX_PROBLEMS + 1


def _peak(fn: Any) -> int:
    tracemalloc.start()
    try:
        _answer(fn)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_strict_memory_stays_near_the_inputs_size() -> None:
    """The audit's case, smaller: strict checking of unknown ``<x/>`` no longer builds a node
    (and a problem) per element (+441 MB for 0.96 MB before): validate and strict decoding
    peak within 3x the input, keeping within 1.5x a lenient decode (benchmarks/hostile.py
    measures the full size)."""
    data = b"<mgmtResponse>" + b"<x/>" * 30_000 + b"</mgmtResponse>"
    decode = functools.partial(codec.decode, data, MgmtResponse, version=3, format="xml")
    for warm in (
        decode,
        functools.partial(decode, unknown="keep"),
        functools.partial(decode, strict=True),
    ):
        _answer(warm)  # the codecs are generated once, outside the measure
    assert _peak(lambda: codec.validate(data, MgmtResponse, version=3)) < 3 * len(data)
    assert _peak(functools.partial(decode, strict=True)) < 3 * len(data)
    assert _peak(functools.partial(decode, unknown="error")) < 3 * len(data)
    assert _peak(functools.partial(decode, unknown="keep")) < 1.5 * _peak(decode)


# --------------------------------------------------------------------------- 13: recursion


@codec.model(root="node")
class Node:
    value: int = codec.element()
    child: Optional[Node] = codec.element(default=None)  # noqa: UP045  # resolved later
    kids: Sequence[Node] = codec.repeated("kid", default=())


def _chain(levels: int) -> Node:
    node = Node(value=0)
    for i in range(1, levels):
        node = Node(value=i, child=node)
    return node


def _depth(node: Node | None) -> int:
    count = 0
    while node is not None:
        count, node = count + 1, node.child
    return count


@pytest.mark.parametrize("fmt", ["xml", "json"])
def test_self_referencing_models_nest_as_deep_as_the_limit(fmt: str) -> None:
    """Nested 900 deep (below max_depth=1024), a model that holds itself encodes, decodes on
    every path, validates and keeps, in both formats, without RecursionError."""
    model = _chain(900)
    data = codec.encode(model, version=3, format=fmt)
    for options in ({}, {"strict": True}, {"unknown": "keep"}, {"unknown": "error"}):
        decoded = codec.decode(data, Node, version=3, format=fmt, **options)
        assert _depth(decoded) == 900
    assert codec.validate(data, Node, version=3).ok
    assert codec.validate(data, Node, version=3, lenient=True).ok
    if fmt == "xml":
        assert _depth(build_xml_reader(Node)(data, DEFAULT_LIMITS)) == 900


def test_json_encodes_past_orjsons_nesting() -> None:
    """Past orjson's 255 levels, JSON is still written, the same bytes orjson would write."""
    model = _chain(400)
    data = codec.encode(model, version=3, format="json")
    assert _depth(codec.decode(data, Node, version=3, format="json")) == 400
    small = codec.encode(_chain(3), version=3, format="json")
    assert small == orjson.dumps(orjson.loads(small))


@pytest.mark.parametrize("fmt", ["xml", "json"])
def test_depth_limit_counts_the_same_in_both_formats(fmt: str) -> None:
    """The same nesting needs the same max_depth in JSON and XML: node > child > child >
    child > value is 5 deep."""
    data = codec.encode(_chain(4), version=3, format=fmt)
    with pytest.raises(codec.DecodeError) as caught:
        codec.decode(data, Node, version=3, format=fmt, max_depth=4)
    assert caught.value.code == "limit"
    assert _depth(codec.decode(data, Node, version=3, format=fmt, max_depth=5)) == 4
    assert not codec.validate(data, Node, version=3, max_depth=4).ok
    assert codec.validate(data, Node, version=3, max_depth=5).ok


def test_models_deeper_than_the_limit_are_a_limit_problem_in_both_formats() -> None:
    """Beyond max_depth, both formats say ``limit``: never RecursionError."""
    model = _chain(2000)
    for fmt in ("xml", "json"):
        data = codec.encode(model, version=3, format=fmt)
        with pytest.raises(codec.DecodeError) as caught:
            codec.decode(data, Node, version=3, format=fmt)
        assert caught.value.code == "limit"


# --------------------------------------------------------------------------- 14: bytes-like

JSON_SAMPLE = b'{"jobOperationPayload": {"jobIds": {"jobId": [1, 2]}}}'
BAD_JSON = b'{"jobOperationPayload": '


@pytest.mark.parametrize("kind", [bytearray, memoryview])
def test_every_entry_point_takes_bytes_like_input(kind: Any) -> None:
    """bytearray and memoryview work wherever bytes do: strict decode, invalid input,
    validate, detect."""
    expected = JobOperationPayload(job_ids=[1, 2])
    assert (
        codec.decode(kind(JSON_SAMPLE), JobOperationPayload, version=3, format="json", strict=True)
        == expected
    )
    with pytest.raises(codec.DecodeError):
        codec.decode(kind(BAD_JSON), JobOperationPayload, version=3, format="json")
    with pytest.raises(codec.DecodeError):
        codec.decode(kind(BAD_JSON), JobOperationPayload, version=3, format="json", strict=True)
    assert codec.validate(kind(JSON_SAMPLE)).ok
    assert not codec.validate(kind(BAD_JSON)).ok
    assert codec.detect(kind(JSON_SAMPLE)).type is JobOperationPayload
    xml = codec.encode(expected, version=3, format="xml")
    assert (
        codec.decode(kind(xml), JobOperationPayload, version=3, format="xml", unknown="keep")
        == expected
    )


@pytest.mark.parametrize("data", [None, 12, ["x"], object()])
def test_what_is_not_bytes_like_is_an_argument_error(data: Any) -> None:
    """Anything else is an ArgumentError on every entry point."""
    with pytest.raises(codec.ArgumentError):
        codec.decode(data, JobOperationPayload, version=3, format="json")
    with pytest.raises(codec.ArgumentError):
        codec.validate(data)
    with pytest.raises(codec.ArgumentError):
        codec.detect(data)


# --------------------------------------------------------------------------- 17: messages


@codec.model(root="gauge")
class Gauge:
    entries: Sequence[int] = codec.wrapped("entries", "entry", default=(), always_array=True)


def test_always_array_message_does_not_contradict_itself() -> None:
    """A collapsed always_array list in v1 says the list is always an array, not "legal in
    v1, not in v1"."""
    report = codec.validate('{"gauge": {"entries": {"entry": 1}}}', Gauge, version=1)
    (problem,) = report.problems
    assert "always an array" in problem.message
    assert "not in v1" not in problem.message


def test_out_of_range_integer_is_not_reported_as_another_number() -> None:
    """-9223372036854775809 is no longer reported as -9223372036854775808."""
    data = '{"jobOperationPayload": {"jobIds": {"jobId": [-9223372036854775809]}}}'
    with pytest.raises(codec.DecodeError) as caught:
        codec.decode(data, JobOperationPayload, version=3, format="json")
    assert caught.value.code == "range"
    assert "-9223372036854775808" not in caught.value.message


@pytest.mark.parametrize("fmt", ["xml", "json"])
def test_type_messages_cut_long_text(fmt: str) -> None:
    """A type error quotes at most 40 characters of a 1 MB text, in XML as in JSON."""
    text = "x" * 1_000_000
    data = (
        f"<jobOperationPayload><jobIds><jobId>{text}</jobId></jobIds></jobOperationPayload>"
        if fmt == "xml"
        else json.dumps({"jobOperationPayload": {"jobIds": {"jobId": [text]}}})
    )
    with pytest.raises(codec.DecodeError) as caught:
        codec.decode(data, JobOperationPayload, version=3, format=fmt)
    assert len(caught.value.message) < 200
    assert len(codec.validate(data).problems[0].message) < 200


# --------------------------------------------------------------------------- 18: strict


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ('{"@responseType": null}', "shape"),
        ('{"operationResult": null}', "shape"),
        ('{"operationResult": []}', "shape"),
        ('{"operationResult": [{"failure": {}}]}', "shape"),
        ('{"operationResult": [{"failure": []}]}', "shape"),
        ('{"operationResult": [{"failure": {"failure": []}}]}', "shape"),
        ('{"operationResult": [{"failure": {"failure": null}}]}', "shape"),
        ('{"job": [{"jobId": -0}]}', "type"),
    ],
)
def test_strict_refuses_what_no_version_writes(body: str, code: str) -> None:
    """null, [] and {} as a list value, null for a scalar and -0 are accepted leniently and
    refused strictly (no version writes them), by decode and validate alike."""
    data = '{"mgmtResponse": ' + body + "}"
    codec.decode(data, MgmtResponse, version=3, format="json")
    with pytest.raises(codec.DecodeError) as caught:
        codec.decode(data, MgmtResponse, version=3, format="json", strict=True)
    assert caught.value.code == code
    assert not codec.validate(data, MgmtResponse, version=3).ok
    assert codec.validate(data, MgmtResponse, version=3, lenient=True).ok


def test_auto_detecting_validate_takes_a_second_top_level_key_as_decode_does() -> None:
    """A second top-level key: lenient decode accepts it, so does lenient auto-detecting
    validate; strict validate reports that key as unknown."""
    data = '{"mgmtResponse": {"@responseType": "r"}, "extra": 1}'
    codec.decode(data, MgmtResponse, version=3, format="json")
    report = codec.validate(data, lenient=True)
    assert report.ok
    assert report.type is MgmtResponse
    strict = codec.validate(data)
    assert strict.type is MgmtResponse
    assert [(p.code, p.path) for p in strict.problems] == [("unknown", "$.extra")]


def test_xml_encoding_retried_for_room_writes_one_document() -> None:
    """Past the interpreter's recursion limit the XML encoder runs again with room: the
    output is one well-formed document, not the failed try's half followed by the whole."""
    model = _chain(996)
    data = codec.encode(model, version=3, format="xml")
    assert data.count(b"<value>") == 996
    assert data.count(b"<?xml") == 1
    assert _depth(codec.decode(data, Node, version=3, format="xml", max_depth=2000)) == 996

    def nested(levels: int) -> bytes:  # called from deep in the stack, a shallower model
        if levels:
            return nested(levels - 1)
        return codec.encode(_chain(600), version=3, format="xml")

    assert nested(450).count(b"<value>") == 600


LEAF_ATTRIBUTES = (
    b'<jobRunOperationPayload><runIds w="1"><runId>1</runId><runId bar="2">2</runId>'
    + b"".join(b"<runId>%d</runId>" % i for i in range(10))
    + b"</runIds></jobRunOperationPayload>"
)


@pytest.mark.parametrize("padded", [False, True])
def test_attributes_of_scalar_elements_are_unknown_strictly(padded: bool) -> None:
    """Attributes on a scalar element, a scalar list item or a wrapper are unknown content:
    strict decoding, unknown='error' and validate report them, as JSON's ``{"@a": ..}`` is
    refused there; xmlns declarations are not."""
    xml = (
        b'<mgmtResponse><operationResult><message evil="1" xmlns:z="u">hi</message>'
        b"</operationResult></mgmtResponse>"
    )
    if padded:
        xml = _padded(xml)
    for options in ({"strict": True}, {"unknown": "error"}):
        with pytest.raises(codec.DecodeError) as caught:
            codec.decode(xml, MgmtResponse, version=3, format="xml", **options)
        assert [p.path for p in caught.value.problems] == [
            "$.mgmtResponse.operationResult[0].message['@evil']"
        ]
    paths = [p.path for p in codec.validate(LEAF_ATTRIBUTES, version=3).problems]
    assert paths == [
        "$.jobRunOperationPayload.runIds['@w']",
        "$.jobRunOperationPayload.runIds.runId[1]['@bar']",
    ]


def test_keep_keeps_attributes_of_scalar_elements() -> None:
    """unknown='keep' writes attributes of scalar elements, items and wrappers back in XML;
    JSON, where such an element is a plain value, refuses them rather than lose them."""
    model = codec.decode(
        LEAF_ATTRIBUTES, JobRunOperationPayload, version=3, format="xml", unknown="keep"
    )
    assert codec.encode(model, version=3, format="xml").endswith(LEAF_ATTRIBUTES)
    with pytest.raises(codec.EncodeError, match="cannot be written in JSON"):
        codec.encode(model, version=3, format="json")
    xml = (
        b'<mgmtResponse><operationResult><message evil="1">hi</message></operationResult>'
        b"</mgmtResponse>"
    )
    kept = codec.decode(xml, MgmtResponse, version=3, format="xml", unknown="keep")
    assert codec.encode(kept, version=3, format="xml").endswith(xml)


@pytest.mark.parametrize(
    "number", [b"18446744073709551616", b"-99999999999999999999", b"1" + b"0" * 400]
)
def test_kept_integers_past_64_bits_are_exact(number: bytes) -> None:
    """Kept JSON integers beyond 64 bits are written back with every digit, in JSON and in
    XML, not as a rounded float or an EncodeError."""
    data = b'{"mgmtResponse": {"big": ' + number + b', "deep": {"x": [' + number + b"]}}}"
    model = codec.decode(data, MgmtResponse, version=3, format="json", unknown="keep")
    out = codec.encode(model, version=3, format="json")
    assert out.count(number) == 2
    assert codec.encode(model, version=3, format="xml").count(number) == 2


def test_version_rules_have_one_reader() -> None:
    """No module but codec._versions reads the flags of the version table: the others ask
    its questions (collapses, attribute_as_text, sorts_keys, escapes_slashes, ...)."""
    import pathlib
    import re

    flags = re.compile(r"\.(collapse_single|sort_keys|attribute_text|escape_slashes)\b")
    package = pathlib.Path(codec.__file__).parent
    readers = sorted(
        str(path.relative_to(package))
        for path in package.rglob("*.py")
        if flags.search(path.read_text()) and path.name != "_versions.py"
    )
    assert readers == []


FORGED_KEPT: list[tuple[object, tuple[str, ...]]] = [
    # An attribute named anyhow is a JSON key like any: markup can be forged in XML only.
    (codec.Kept("xml", attributes=(('a="1"><injected attr', "v"),)), ("xml",)),
    (codec.Kept("xml", elements=((None, "<evil/></mgmtResponse><x>"),)), ("xml", "json")),
    (codec.Kept("xml", elements=((None, "<operationResult/>"),)), ("xml", "json")),
    (codec.Kept("json", keys=((None, "@responseType", "forged"),)), ("xml", "json")),
    (codec.Kept("json", keys=((None, "operationResult", []),)), ("xml", "json")),
    (codec.Kept("yaml"), ("xml", "json")),
    ("<x/>", ("xml", "json")),
]


@pytest.mark.parametrize(
    ("content", "fmt"),
    [(content, fmt) for content, formats in FORGED_KEPT for fmt in formats],
    ids=repr,
)
def test_kept_content_given_by_hand_is_checked_when_written(content: Any, fmt: str) -> None:
    """Kept content set by hand (the hidden field is a keyword) is checked as it is written:
    names, well-formedness, no key or element the model declares, a Kept of a known format;
    an EncodeError, never forged markup or a replaced field."""
    model = MgmtResponse(response_type="real")
    object.__setattr__(model, "_codec_kept", content)  # as _codec_kept=... would
    with pytest.raises(codec.EncodeError):
        codec.encode(model, version=3, format=fmt)


def test_kept_negative_zero_is_written_back() -> None:
    """A kept ``-0`` is written back as ``-0``, after pickling too, not as ``0``."""
    import pickle

    data = b'{"mgmtResponse":{"y":[-0,0,5],"z":-0}}'
    model = codec.decode(data, MgmtResponse, version=3, format="json", unknown="keep")
    for again in (model, pickle.loads(pickle.dumps(model))):
        assert codec.encode(again, version=3, format="json") == data
