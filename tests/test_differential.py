"""Every decode path against an independent oracle and the reference checker.

Over the shipped payload types and test models that between them hold every field kind and
value kind (`tests.models_all`), in every version and both formats:

* the oracle (`tests.oracle`: xmltodict and the model's plan, no code of the library's): the
  XML of a drawn instance is what xmltodict reads back as its fields, and its JSON for each
  version is that reading reshaped by the version's rules, key order included;
* every decode path (`tests.paths.decode_paths`: the tree walker, the streaming reader, the
  JSON decoder and the strict predicates, strict and lenient, each ``unknown=`` mode, and
  `codec.validate`) gives the drawn instance back from what the encoder wrote;
* a document mutated once at a place its plan names (`tests.strategies.mutate`) gets the
  reference checker's answer (`codec._check.problems_of`) on every path, and the checker
  reports the problem the mutation made.

The disagreements found (between the decoders and the checker, and a fast path that hands
valid input over) are pinned at the end, one test each, settled: any disagreement fails.
"""

from __future__ import annotations

import re
from typing import Any, Final

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

import codec
from codec._check import problems_of
from codec._limits import DEFAULT_LIMITS
from codec._plan import plan_for
from codec._versions import VERSIONS
from codec._xml_walker import TREE_LIMIT, tree_reads
from codec.jobservice import MgmtResponse, OperationResult, OperationResultStatus

from . import oracle
from .models_all import Envelope, Hostile, Note, Texts
from .oracle import ordered
from .paths import (
    Answer,
    answer,
    attempt,
    decode_paths,
    outcome,
    pad_xml,
    reader,
    walker_alone,
)
from .strategies import Expectation, instances, mutated_documents

FORMATS: Final = ("xml", "json")
_EXAMPLES: Final = settings().max_examples


def _pretty(data: bytes) -> bytes:
    """The vendor's layout: a newline after each end tag and between nested start tags (an
    empty element ``<a></a>`` stays as it is: a newline there would be its text)."""
    data = re.sub(rb"(</[^>]+>)(?=<)", rb"\1\n", data)
    return re.sub(rb"(<[^/?][^>]*>)(?=<[^/])", rb"\1\n", data)


# --------------------------------------------------------------------------- valid documents


@given(instances())
def test_encoded_documents_are_the_oracles(case: tuple[type[Any], int, Any]) -> None:
    """The XML of a drawn instance is what xmltodict reads back as its fields, in declared
    order; its JSON for the version is that reading reshaped by the version's rules (a
    one-item list collapsed or not, key order, attributes as text or typed)."""
    cls, version, instance = case
    xml = codec.encode(instance, version=version, format="xml")
    assert xml.startswith(oracle.XML_DECLARATION)
    tree = oracle.read_xml(xml)
    assert ordered(tree) == ordered(oracle.xml_tree(instance))
    assert oracle.value_of(tree, cls) == instance
    written = oracle.read_json(codec.encode(instance, version=version, format="json"))
    assert ordered(written) == ordered(oracle.json_document(tree, cls, version))


def _decodes_everywhere(cls: type[Any], data: bytes, version: int, fmt: str, value: Any) -> None:
    """Lenient and strict decoding, each ``unknown=`` mode, give ``value``; validate agrees."""
    for options in ({}, {"strict": True}, {"unknown": "error"}, {"unknown": "keep"}):
        assert attempt(cls, data, version, fmt, **options) == (True, value), options
    assert codec.validate(data, cls, version=version, format=fmt).ok


def _walks_alone(cls: type[Any], data: bytes, value: Any) -> None:
    """The tree walker, the fast path, decodes ``data`` to ``value`` without the reader."""
    assert walker_alone(cls, data) == value


@given(instances(), st.sampled_from(["as written", "pretty", "padded"]))
def test_every_path_decodes_what_the_encoder_wrote(
    case: tuple[type[Any], int, Any], layout: str
) -> None:
    """Every decode path gives a drawn instance back from its XML (as written, laid out as the
    vendor does, or padded past the tree walker's limit) and from its JSON; the tree walker
    does without the reader."""
    cls, version, instance = case
    for fmt in FORMATS:
        data = codec.encode(instance, version=version, format=fmt)
        if fmt == "json" or layout != "padded":
            if fmt == "xml" and layout == "pretty":
                data = _pretty(data)
            assert decode_paths(cls, data, version, fmt) == (True, instance)
            _decodes_everywhere(cls, data, version, fmt, instance)
            if fmt == "xml" and tree_reads(data, DEFAULT_LIMITS):
                _walks_alone(cls, data, instance)
        else:  # the reader, through the API: the common calls only (each costs ~40 ms)
            padded = pad_xml(data)
            assert isinstance(padded, bytes)
            assert len(padded) > TREE_LIMIT
            _decodes_everywhere(cls, padded, version, fmt, instance)


# --------------------------------------------------------------------------- mutations


def _problems(data: bytes, cls: type[Any], version: int, fmt: str, strict: bool) -> set[Any]:
    found = problems_of(data, plan_for(cls), VERSIONS[version], fmt, strict)
    return {(p.code, p.path) for p in found}


@settings(max_examples=2 * _EXAMPLES)
@given(mutated_documents())
def test_mutated_documents_get_the_reference_answer(
    case: tuple[type[Any], int, str, bytes, Expectation | None],
) -> None:
    """A valid document mutated once at a place its plan names (a hostile value for the
    field's kind, a field dropped, repeated, nulled or in another list shape, unknown content,
    another version's URL) gets the reference checker's answer on every path; the checker
    reports the problem made (strictly only, where only strict decoding refuses it)."""
    cls, version, fmt, data, expectation = case
    event(outcome(decode_paths(cls, data, version, fmt)))
    if expectation is not None:
        code, path, strict_only = expectation
        assert (code, path) in _problems(data, cls, version, fmt, True)
        assert ((code, path) in _problems(data, cls, version, fmt, False)) != strict_only


# Fixed variants of one response, valid and not: one answer each, the reference's.
_BASE = (
    '<?xml version="1.0" ?>\n<mgmtResponse responseType="operation" requestUrl="u">'
    "<operationResult><failure><failure><id>2</id><message>m</message><status>s</status>"
    "</failure></failure><message>x</message><operation>SUSPEND</operation>"
    "<success><success><id>3</id></success></success></operationResult></mgmtResponse>"
)
MUTATIONS = [
    _BASE,
    _BASE.replace("<id>2</id>", "<id>02</id>"),
    _BASE.replace("<id>2</id>", "<id> 2</id>"),
    _BASE.replace("<id>2</id>", "<id>-0</id>"),
    _BASE.replace("<id>2</id>", "<id>2<x/></id>"),
    _BASE.replace("<id>2</id>", "<id>2<!-- c -->3</id>"),
    _BASE.replace("<id>2</id>", "<id><![CDATA[4]]></id>"),
    _BASE.replace("<id>2</id>", ""),
    _BASE.replace("<message>m</message>", "<message>m</message><message>n</message>"),
    _BASE.replace("<message>m</message>", "<message/>"),
    _BASE.replace("<message>m</message>", "<message>&amp;&#x1F600;</message>"),
    _BASE.replace("SUSPEND", "suspend"),
    _BASE.replace('requestUrl="u"', 'requestUrl="u" xmlns:x="urn:x" x:type="t"'),
    _BASE.replace("<mgmtResponse ", '<mgmtResponse xmlns="urn:pi" '),
    _BASE.replace("<operationResult>", "<operationResult><unknown><id>z</id></unknown>"),
    _BASE.replace("<operationResult>", "<?pi data?><operationResult>"),
    _BASE.replace("</mgmtResponse>", "</mgmtResponse>trailing"),
    _BASE.replace("<failure><failure>", "<failure>text<failure>"),
    _BASE.replace("</success></success>", "</success></success><success/>"),
    _BASE.replace("mgmtResponse", "errorDocument"),
    _BASE[:-10],
]


@pytest.mark.parametrize("data", MUTATIONS)
def test_fixed_mutations_get_one_answer(data: str) -> None:
    """On valid and invalid variants alike, every path gives the reference's answer."""
    for version in (1, 3):
        decode_paths(MgmtResponse, data.encode(), version, "xml")


def test_large_input_takes_the_reader_and_decodes_the_same() -> None:
    """Above the tree limit the streaming reader decodes; the result is the same model."""
    statuses = [OperationResultStatus(id=i, message="m" * 20) for i in range(TREE_LIMIT // 40)]
    model = MgmtResponse(operation_results=[OperationResult(failure=statuses, success=statuses)])
    data = codec.encode(model, version=3, format="xml")
    assert len(data) > TREE_LIMIT
    assert codec.decode(data, MgmtResponse, version=3, format="xml") == model


# --------------------------------------------------------------------------- found
#
# Disagreements the paths once had, one input each, settled.


def _first(result: Answer) -> codec.Problem:
    assert not result[0], result[1]
    problem: codec.Problem = result[1].problems[0]
    return problem


def _validated(data: bytes, cls: type[Any], fmt: str) -> codec.Report:
    return codec.validate(data, cls, version=3, format=fmt, lenient=True)


def test_the_walker_reads_an_int_attribute() -> None:
    """The tree walker decodes an element with an integer attribute itself (it once handed
    every such input to the reader: its test compared the converted int with itself)."""
    data = b"<envelope status='7'></envelope>"
    assert tree_reads(data, DEFAULT_LIMITS)
    assert walker_alone(Envelope, data) == Envelope(status=7)


def test_blank_text_of_an_optional_int_text_gets_one_verdict() -> None:
    """Whitespace alone in an optional text() is text, not "no text": an int refuses it
    alike in decode (lenient and strict) and validate (whose fast path once read it as
    absent); a str keeps it; no text at all is None."""
    data = b"<texts><maybeCount> </maybeCount></texts>"
    problem = _validated(data, Texts, "xml").problems[0]
    assert (problem.code, problem.message) == ("type", "expected an integer, found text ' '")
    assert not codec.validate(data, Texts, version=3, format="xml").ok
    assert _first(attempt(Texts, data, 3, "xml")) == problem
    assert _first(attempt(Texts, data, 3, "xml", strict=True)) == problem
    for data, body in ((b"<texts><note> </note></texts>", " "), (b"<texts><note/></texts>", None)):
        expected = Texts(note=Note(body=body))
        assert _validated(data, Texts, "xml").ok
        assert codec.validate(data, Texts, version=3, format="xml").ok
        assert attempt(Texts, data, 3, "xml") == (True, expected)
        assert attempt(Texts, data, 3, "xml", strict=True) == (True, expected)


def test_malformed_xml_is_a_syntax_problem_on_every_path() -> None:
    """Malformed XML is a syntax problem first, from decode as from validate, even where the
    reader meets a bad value before the junk after the root."""
    data = b"<texts><count>x</count></texts><junk/>"
    problem = _validated(data, Texts, "xml").problems[0]
    assert problem.code == "syntax"
    assert _first(attempt(Texts, data, 3, "xml")) == problem


def test_a_bad_text_value_has_one_path() -> None:
    """A bad text() value is located at its ``['$']`` by decode as by validate."""
    data = b"<texts><flag>yes</flag></texts>"
    problem = _validated(data, Texts, "xml").problems[0]
    assert problem.path == "$.texts.flag['$']"
    assert _first(attempt(Texts, data, 3, "xml")).path == problem.path


def test_an_item_holding_an_element_has_its_index() -> None:
    """The second item of a wrapped int list, holding an element, is ``code[1]`` to decode
    as to validate, though the reader converts the items before it in a batch."""
    data = b"<hostile id='1'><name>n</name><codes><code>1</code><code><x/></code></codes></hostile>"
    problem = _validated(data, Hostile, "xml").problems[0]
    assert problem.path == "$.hostile.codes.code[1]"
    assert _first(attempt(Hostile, data, 3, "xml")).path == problem.path


def test_a_problem_has_one_location() -> None:
    """An XML problem has the same element path, line and column from decode as from
    validate: its element's start tag (the reader once gave a list item's problem at its
    wrapper, and the column of the element's end)."""
    data = b"<hostile id='1'><name>n</name><codes><code/></codes></hostile>"
    problem = _validated(data, Hostile, "xml").problems[0]
    assert (problem.xml_path, problem.column) == ("/hostile/codes/code[1]", 38)
    assert _first(attempt(Hostile, data, 3, "xml")) == problem
    assert _first(answer(lambda: reader(Hostile)(data, DEFAULT_LIMITS))) == problem


def _codes(bad: dict[int, bytes], count: int = 5000) -> bytes:
    """A hostile document whose wrapped int list holds ``count`` items, one a line (item i
    on line i + 2), ``bad`` replacing some items' content."""
    items = b"".join(b"\n<code>%b</code>" % bad.get(i, b"%d" % i) for i in range(count))
    return b"<hostile id='1'><codes>" + items + b"</codes><name>n</name></hostile>"


#: (document, the element path, line and column of its first problem)
LOCATED: Final = [
    # a bad attribute: its element's start tag
    (b"<hostile id='x'><name>n</name><codes/></hostile>", "/hostile/@id", 1, 1),
    # a missing value: its model's
    (b"<hostile id='1'>\n  <codes/>\n</hostile>", "/hostile", 1, 1),
    (
        b"<hostile id='1'><name>n</name><codes/><tree><branch/></tree></hostile>",
        "/hostile/tree/branch[1]",
        1,
        45,
    ),
    # an element in scalar text: that element
    (b"<hostile id='1'><name>n<b/></name><codes/></hostile>", "/hostile/name/b", 1, 24),
    (
        b"<hostile id='1'><name>n</name><count>x<b/></count><codes/></hostile>",
        "/hostile/count/b",
        1,
        39,
    ),
    # a bad value: its element's
    (b"<hostile id='1'><name>n</name>\n<limit>x</limit><codes/></hostile>", "/hostile/limit", 2, 1),
    (b"<hostile id='1'><name>n</name><count> </count><codes/></hostile>", "/hostile/count", 1, 31),
    (
        b"<hostile id='1'><name>n</name><modeItem>on</modeItem><modeItem>x</modeItem>"
        b"<codes/></hostile>",
        "/hostile/modeItem[2]",
        1,
        54,
    ),
    # an item of an int list, converted in batches: the first batch ends at its 4096th item,
    # the second at the wrapper's end; a wrapper given twice numbers its items on
    (_codes({10: b"x"}), "/hostile/codes/code[11]", 12, 1),
    (_codes({4100: b""}), "/hostile/codes/code[4101]", 4102, 1),
    (_codes({20: b"<x/>"}), "/hostile/codes/code[21]/x", 22, 7),
    (_codes({5: b"-0", 20: b"<x/>"}), "/hostile/codes/code[6]", 7, 1),
    (
        _codes({1: b" 1"}, 2).replace(b"<codes>", b"<codes><code>7</code></codes><codes>"),
        "/hostile/codes/code[3]",
        3,
        1,
    ),
]


@pytest.mark.parametrize(
    ("data", "xml_path", "line", "column"), LOCATED, ids=[f"{c[1]}@{c[2]}" for c in LOCATED]
)
def test_every_path_locates_a_problem_at_its_start_tag(
    data: bytes, xml_path: str, line: int, column: int
) -> None:
    """An XML problem is located at the start tag of the element at fault (the model's, for a
    missing value) by validate, the reader, decode lenient and strict, and padded."""
    problem = _validated(data, Hostile, "xml").problems[0]
    assert (problem.xml_path, problem.line, problem.column) == (xml_path, line, column)
    assert _first(attempt(Hostile, data, 3, "xml")) == problem
    strict = codec.validate(data, Hostile, version=3, format="xml").problems[0]
    assert _first(attempt(Hostile, data, 3, "xml", strict=True)) == strict
    assert _first(answer(lambda: reader(Hostile)(data, DEFAULT_LIMITS))) == problem
    padded = pad_xml(data)
    assert isinstance(padded, bytes)
    assert (
        _first(attempt(Hostile, padded, 3, "xml")) == _validated(padded, Hostile, "xml").problems[0]
    )


def test_a_closed_enum_given_an_array_has_one_code() -> None:
    """A closed-enum value that is not a string has one problem code from decode and from
    validate (``enum``)."""
    data = b'{"hostile": {"@id": 1, "name": "n", "mode": []}}'
    problem = _validated(data, Hostile, "json").problems[0]
    assert _first(attempt(Hostile, data, 3, "json")) == problem


def test_json_problems_come_first_in_one_order() -> None:
    """The first JSON problem is the same from decode and from validate: fields in declared
    order (``operationResult`` before ``job``), whatever the document's order."""
    data = b'{"mgmtResponse": {"job": {"jobId": "x"}, "operationResult": [{"message": {}}]}}'
    problem = _validated(data, MgmtResponse, "json").problems[0]
    assert problem.path == "$.mgmtResponse.operationResult[0].message"
    assert _first(attempt(MgmtResponse, data, 3, "json")) == problem
