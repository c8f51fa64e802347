"""The reference reader is the oracle: every generated decode path gives its value, or its
first problem.

`codec._check.read` walks a parsed payload by its plan and yields the value, every problem and
the kept content in one walk. On hostile input (the mutated payloads of
``test_differential_hostile``: every shipped top-level model, ``errorDocument`` and test models
holding every value kind, in every version and format), whenever the reference finds no
problem, each generated path returns a value equal to the reference's (same type, equal
fields), and ``unknown="keep"`` returns it with the same kept content from every form of the
input; whenever the lenient reading has a problem, each path raises a `codec.DecodeError`
whose first problem has the reference's code and path (for XML: is the reference's first
problem, element path, line and column included). The paths:

* XML: `codec.decode` (the C tree walker for small input, which defers to the reader), the
  streaming reader called directly, and the document padded past ``TREE_LIMIT`` (the reader
  through the API);
* JSON: `codec.decode` (orjson and the generated decoder), and with a ``max_depth`` under
  orjson's own (read through `codec._parse.parse_json`).

The disagreements this module found are pinned at its end, one test each.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, Final, cast

import pytest
from hypothesis import event, given

import codec
from codec._api import _decode_half
from codec._check import Reading, decode_reference, read
from codec._limits import DEFAULT_LIMITS, Limits
from codec._versions import Format
from codec.errordocument import ErrorDocument
from codec.jobservice import JobRunOperationPayload, MgmtResponse
from codec.pi import SHIPPED

from .models_all import Hostile
from .paths import Answer, answer, attempt, forms, kept_tree, pad_xml, reader
from .test_differential_hostile import (
    FEW,
    MANY,
    TYPES,
    VERSIONS,
    hostile_json,
    hostile_xml,
)

#: The paths of each format: (name, decode), ``decode(cls, data, version)``.
Path = Callable[[type[Any], Any, int], object]
XML_PATHS: Final[list[tuple[str, Path]]] = [
    ("tree walker", lambda cls, data, v: codec.decode(data, cls, version=v, format="xml")),
    ("streaming reader", lambda cls, data, v: reader(cls)(data, DEFAULT_LIMITS)),
]
JSON_PATHS: Final[list[tuple[str, Path]]] = [
    ("json decoder", lambda cls, data, v: codec.decode(data, cls, version=v, format="json")),
    (
        "json via parse_json",
        lambda cls, data, v: codec.decode(data, cls, version=v, format="json", max_depth=1000),
    ),
]


def test_every_shipped_model_is_drawn() -> None:
    """The hostile inputs cover every shipped top-level model and errorDocument."""
    assert {*SHIPPED, ErrorDocument} <= set(TYPES)


def holds_to(reading: Reading, got: Answer, what: str, *, exact: bool = False) -> None:
    """``got`` is the reference's answer: its value, or a DecodeError whose first problem
    has the code and path of the reference's first problem (``exact``: is that problem,
    message, element path, line and column included)."""
    if reading.decodes:
        assert got[0], f"{what}: {got[1]!r}, but the reference reads {reading.value!r}"
        assert type(got[1]) is type(reading.value), what
        assert got[1] == reading.value, f"{what}: {got[1]!r} != {reading.value!r}"
        return
    first = reading.problems[0]
    assert not got[0], f"{what}: decoded to {got[1]!r}, but the reference finds {first!r}"
    problem = got[1].problems[0]
    if exact:
        assert problem == first, f"{what}: {problem!r}, but the reference finds {first!r}"
    assert (problem.code, problem.path) == (first.code, first.path), (
        f"{what}: {problem!r}, but the reference finds {first!r}"
    )


def agrees_with_reference(
    cls: type[Any], data: bytes, version: int, fmt: str, paths: list[tuple[str, Path]]
) -> Reading:
    """Every path in ``paths``, and ``unknown="keep"`` on every form of the input, hold to the
    reference's reading (exactly, for XML); returns it."""
    reading = read(data, cls, version, fmt)
    assert reading.decodes == (not reading.problems)
    exact = fmt == "xml"
    for name, decode in paths:
        got = answer(functools.partial(decode, cls, data, version))
        holds_to(reading, got, name, exact=exact)
    kept = read(data, cls, version, fmt, unknown="keep")
    assert kept.decodes == reading.decodes
    assert kept.value == reading.value
    # the kept reading's integers are exact where orjson's are floats: messages may differ
    assert [(p.code, p.path) for p in kept.problems[:1]] == [
        (p.code, p.path) for p in reading.problems[:1]
    ]
    keep = attempt(cls, data, version, fmt, unknown="keep")
    holds_to(reading, keep, "unknown='keep'", exact=exact)
    for form in forms(data, fmt):
        again = attempt(cls, form, version, fmt, unknown="keep")
        holds_to(reading, again, f"unknown='keep', as {type(form).__name__}", exact=exact)
        if reading.decodes:
            assert kept_tree(again[1]) == kept_tree(kept.value), type(form).__name__
    return reading


def label(reading: Reading) -> str:
    """Hypothesis statistics: decoded, or the first problem's code."""
    return "decoded" if reading.decodes else f"refused: {reading.problems[0].code}"


@MANY
@given(hostile_xml())
def test_xml_paths_hold_to_the_reference(case: tuple[type[Any], int, bytes]) -> None:
    """Mutated XML: the tree walker and the streaming reader give the reference's value or
    first problem, and unknown='keep' its value with the same kept content from every form."""
    cls, version, data = case
    event(label(agrees_with_reference(cls, data, version, "xml", XML_PATHS)))


@FEW
@given(hostile_xml())
def test_padded_xml_holds_to_the_reference(case: tuple[type[Any], int, bytes]) -> None:
    """Padded past TREE_LIMIT (the streaming reader through the API), mutated XML gets the
    reference's value or first problem, and its kept content is that of the unpadded input."""
    cls, version, data = case
    padded = pad_xml(data)
    assert isinstance(padded, bytes)
    reading = agrees_with_reference(cls, padded, version, "xml", XML_PATHS[:1])
    plain = read(data, cls, version, "xml")
    assert reading.decodes == plain.decodes
    if plain.decodes:
        assert reading.value == plain.value
        kept = read(data, cls, version, "xml", unknown="keep")
        kept_padded = read(padded, cls, version, "xml", unknown="keep")
        assert kept_tree(kept_padded.value) == kept_tree(kept.value)


@MANY
@given(hostile_json())
def test_json_paths_hold_to_the_reference(case: tuple[type[Any], int, bytes]) -> None:
    """Mutated JSON: the generated decoder, over orjson's reading and over parse_json's, gives
    the reference's value or first problem, and unknown='keep' its value and kept content."""
    cls, version, data = case
    event(label(agrees_with_reference(cls, data, version, "json", JSON_PATHS)))


@pytest.mark.parametrize("fmt", ["xml", "json"])
@pytest.mark.parametrize("version", VERSIONS)
def test_strict_reading_is_what_strict_decoding_and_validate_say(fmt: str, version: int) -> None:
    """A strict reading holds the problems strict decoding raises and validate reports; a
    lenient one decodes what lenient decoding decodes."""
    model = MgmtResponse(response_type="x", operation_results=())
    data = codec.encode(model, version=4 if version == 1 else 1, format=fmt)
    reading = read(data, MgmtResponse, version, fmt, strict=True)
    report = codec.validate(data, MgmtResponse, version=version, format=fmt)
    assert reading.problems == report.problems
    assert reading.decodes
    assert reading.value == model
    if reading.problems:
        with pytest.raises(codec.DecodeError) as info:
            codec.decode(data, MgmtResponse, version=version, format=fmt, strict=True)
        assert info.value.problems == reading.problems
    assert decode_reference(data, MgmtResponse, version, fmt) == model


RUN_OF_TWO: Final = (
    b"<jobRunOperationPayload><runIds><runId>{}</runId></runIds><a/><b/></jobRunOperationPayload>"
)


def test_a_strict_reading_that_keeps_reports_each_unknown_element() -> None:
    """Strict and keeping: every unknown element of a run is a problem of its own, and the
    run is kept whole on the value."""
    data = RUN_OF_TWO.replace(b"{}", b"1")
    reading = read(data, JobRunOperationPayload, 3, "xml", strict=True, unknown="keep")
    assert [(p.code, p.path) for p in reading.problems] == [
        ("unknown", "$.jobRunOperationPayload.a"),
        ("unknown", "$.jobRunOperationPayload.b"),
    ]
    kept = codec.kept(reading.value)
    assert kept is not None
    assert kept.elements == (("runIds", "<a/><b/>"),)


@pytest.mark.parametrize("run_id", [b"1", b"x"])
def test_an_unknown_error_reading_is_what_decoding_raises(run_id: bytes) -> None:
    """unknown='error': the unknown content, as decoding raises it (before a bad value)."""
    data = RUN_OF_TWO.replace(b"{}", run_id)
    reading = read(data, JobRunOperationPayload, 3, "xml", unknown="error")
    with pytest.raises(codec.DecodeError) as info:
        codec.decode(data, JobRunOperationPayload, version=3, format="xml", unknown="error")
    assert reading.problems == info.value.problems
    assert {p.code for p in reading.problems} == {"unknown"}
    assert reading.decodes == (run_id == b"1")
    with pytest.raises(codec.DecodeError) as again:
        decode_reference(data, JobRunOperationPayload, 3, "xml", unknown="error")
    assert again.value.problems == reading.problems


# --------------------------------------------------------------------------- building


def _not_negative(value: int) -> int:
    if value < 0:
        raise ValueError(f"{value} is negative")
    return value


@codec.model(root="checked")
class Checked:
    """A model with a converter and a check of its own: instances are made by ``__init__``."""

    low: int = codec.attribute(converter=_not_negative)
    high: int = codec.attribute(default=0)

    def __attrs_post_init__(self) -> None:
        if self.high < self.low:
            raise ValueError("high below low")


@pytest.mark.parametrize("fmt", ["xml", "json"])
@pytest.mark.parametrize(
    ("low", "high", "path"),
    [(1, 2, None), (-1, 2, "$.checked['@low']"), (3, 2, "$.checked")],
    ids=["valid", "converter", "post-init"],
)
def test_reference_builds_through_init_and_blames_as_decoders_do(
    fmt: str, low: int, high: int, path: str | None
) -> None:
    """A model that runs ``__init__`` is built by it; what it refuses is an ``invalid``
    problem at the field (or the model), in the reference as in the decoders."""
    data = (
        f'<checked low="{low}" high="{high}"/>'
        if fmt == "xml"
        else f'{{"checked": {{"@low": {low}, "@high": {high}}}}}'
    )
    reading = read(data, Checked, 3, fmt)
    holds_to(reading, attempt(Checked, data, 3, fmt), "decode")
    if path is None:
        assert reading.value == Checked(low=low, high=high)
    else:
        assert [(p.code, p.path) for p in reading.problems] == [("invalid", path)]


def test_reference_makes_what_the_decoders_make() -> None:
    """The value is made as the generated code makes it: slots written, nothing kept."""
    data = codec.encode(
        Hostile(id=1, name="n", ratio=1.5, scale=-0.5, codes=(1,)), version=1, format="xml"
    )
    value = read(data, Hostile, 1, "xml").value
    assert value == codec.decode(data, Hostile, version=1, format="xml")
    assert codec.kept(value) is None
    assert read(data, Hostile, 1, "xml", build=False).value is None


@pytest.mark.parametrize("fmt", ["xml", "json"])
def test_keep_is_one_reading_by_the_reference(fmt: str) -> None:
    """unknown='keep' reads a payload once, by the reference reader: the generated decoder
    runs only where the reference finds a problem, to raise the error lenient decoding
    raises."""
    calls: list[object] = []

    def decoder(data: bytes | str, limits: Limits) -> object:
        calls.append(data)
        raise codec.DecodeError(codec.Problem("type", "$.decoder", "the decoder's own word"))

    decoder.from_parsed = decoder  # type: ignore[attr-defined]  # as _api expects of one
    decode = _decode_half(MgmtResponse, 3, cast(Format, fmt), decoder)
    model = MgmtResponse(response_type="x")
    data = codec.encode(model, version=3, format=fmt)
    kept = decode(data.replace(b"x", b"y"), unknown="keep")
    assert kept == MgmtResponse(response_type="y")
    assert calls == []
    with pytest.raises(codec.DecodeError) as info:
        decode(data[:-2], unknown="keep")  # cut short
    assert info.value.path == "$.decoder"
    assert len(calls) == 1


# --------------------------------------------------------------------------- found
#
# Disagreements the value oracle and the first-problem comparison found, each fixed with it:
#
# 1. XML: the streaming reader reported the first value problem (or a wrong root) where the
#    document broke further on, which the reference reports as its syntax or limit problem;
# 2. XML: the streaming reader located a bad text() value at its element, where JSON and the
#    reference say ``['$']``;
# 3. XML: an integer list item was located before the items waiting for their batch conversion
#    (see _xml_reader._bulk), and a bad one among those came second;
# 4. the reference reported its problems in document order, where the decoders meet a JSON
#    model's fields and an XML element's attributes in declared order; and a closed enum given
#    a JSON non-string as ``type``, where the decoder (and the kind) say ``enum``;
# 5. the reference read only the first piece of a text() model's text that expat hands over
#    in pieces (past its buffer), and restarted a wrapper's item indices when it came twice.

H: Final = '<hostile id="1"><name>n</name>{}<codes><code>1</code></codes></hostile>'
RUNS: Final = "<jobRunOperationPayload><runIds>{}</runIds></jobRunOperationPayload>"


def first_problems(cls: type[Any], data: str | bytes, fmt: str) -> set[tuple[str, str]]:
    """The code and path of the first problem on every path and of validate (one, if all
    agree)."""
    found = {(p.code, p.path) for p in read(data, cls, 3, fmt).problems[:1]}
    report = codec.validate(data, cls, version=3, format=fmt, lenient=True)
    found.add((report.problems[0].code, report.problems[0].path))
    for name, decode in XML_PATHS if fmt == "xml" else JSON_PATHS:
        got = answer(functools.partial(decode, cls, data, 3))
        assert not got[0], name
        found.add((got[1].code, got[1].path))
    return found


@pytest.mark.parametrize(
    ("cls", "document"),
    [
        (Hostile, H.format("<count>x</count>")[:-2]),
        (JobRunOperationPayload, RUNS.format("<runId>x</runId>")[:-1]),
        (MgmtResponse, "<mgmt></mgmtResponse>"),
        (Hostile, H.format("<count>x</count>" + "<a>" * 1100)),
    ],
    ids=["type", "item", "root", "limit"],
)
def test_a_broken_document_has_its_syntax_or_limit_problem_first(
    cls: type[Any], document: str
) -> None:
    """XML that does not parse (or breaks a limit) further on than a bad value gets that
    problem first, on every path."""
    found = first_problems(cls, document, "xml")
    assert len(found) == 1, found
    assert next(iter(found))[0] in ("syntax", "limit"), found


def test_a_text_value_is_located_at_its_dollar() -> None:
    """A bad text() value is located at ``['$']`` on every XML path, as in JSON."""
    assert first_problems(Hostile, H.format("<count>x</count>"), "xml") == {
        ("type", "$.hostile.count['$']")
    }
    json = '{"hostile": {"@id": 1, "name": "n", "count": {"$": "x"}, "codes": {"code": [1]}}}'
    assert first_problems(Hostile, json, "json") == {("type", "$.hostile.count['$']")}


@pytest.mark.parametrize(
    ("items", "path"),
    [
        ("<runId>1</runId><runId><x/></runId>", "$.jobRunOperationPayload.runIds.runId[1]"),
        ("<runId>1</runId><runId/><runId><x/></runId>", "$.jobRunOperationPayload.runIds.runId[1]"),
    ],
    ids=["after waiting items", "a waiting item first"],
)
def test_integer_items_are_located_in_document_order(items: str, path: str) -> None:
    """Integer list items waiting for their batch count before the item that fails, and a
    bad one among them is the first problem."""
    assert first_problems(JobRunOperationPayload, RUNS.format(items), "xml") == {("type", path)}


@pytest.mark.parametrize(
    ("fmt", "document", "first"),
    [
        ("json", '{"hostile": {"name": 5}}', ("missing", "$.hostile['@id']")),
        (
            "json",
            '{"hostile": {"@id": 1, "name": "n", "mode": 5, "codes": {"code": [1]}}}',
            ("enum", "$.hostile.mode"),
        ),
        ("xml", H.format("").replace('id="1"', 'active="y" id="x"'), ("type", "$.hostile['@id']")),
    ],
    ids=["json fields in declared order", "closed enum", "xml attributes in declared order"],
)
def test_validate_reports_first_what_decode_raises(
    fmt: str, document: str, first: tuple[str, str]
) -> None:
    """The first problem validate reports is the one decoding raises."""
    assert first_problems(Hostile, document, fmt) == {first}


def test_a_long_text_value_is_read_whole() -> None:
    """A text() value that expat hands over in pieces is read whole by the reference too."""
    data = H.format("<note>" + "é&amp; " * 3000 + "</note>").encode()
    reading = read(data, Hostile, 3, "xml")
    assert reading.value.note.body == "é& " * 3000
    assert reading.value == codec.decode(data, Hostile, version=3, format="xml")


def test_a_wrapper_given_twice_numbers_its_items_on() -> None:
    """Items of a wrapper given twice are one list: the second one's are located after the
    first one's, on every path."""
    document = H.replace("</hostile>", "<codes><code>x</code></codes></hostile>").format("")
    assert first_problems(Hostile, document, "xml") == {("type", "$.hostile.codes.code[1]")}
    ok = read(H.format("<codes><code>2</code></codes>"), Hostile, 3, "xml")
    assert ok.value.codes == (2, 1)
