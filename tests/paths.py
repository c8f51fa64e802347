"""Every decode path the library has, and the reference answer they must all give.

`decode_paths` runs one input through every path and asserts that they agree with each other
and with the reference checker, `codec._check.problems_of`: the same model where decoding
succeeds; where it does not, a `codec.DecodeError` whose first problem is the checker's
first (lenient decoding), or whose problems are the checker's (strict decoding), and the
matching `codec.validate` report. The paths:

* XML: `codec.decode` (the tree walker up to ``TREE_LIMIT`` bytes, which defers to the reader
  on any doubt) and the reference reader called directly; `pad_xml` makes a document take
  the reader through the API (past ``TREE_LIMIT``, with whitespace no path reads);
* JSON: `codec.decode` (orjson and generated code), and the same with a ``max_depth`` under
  orjson's own (read through `codec._parse.parse_json`);
* for both: explicit limits; ``strict=True`` (the generated strict predicate, else the
  checker), ``unknown="error"`` and ``unknown="keep"``; `codec.validate`, lenient and strict;
  `codec.detect` and untyped `codec.validate`, which must not raise; and the input as
  ``bytes``, ``str`` (when the bytes are UTF-8), ``bytearray`` and ``memoryview``.

Only `codec.DecodeError` may escape a decode.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any, Final, cast
from xml.etree import ElementTree
from xml.parsers import expat

import attrs

import codec
from codec._check import decode_reference, problems_of
from codec._limits import DEFAULT_LIMITS, Limits
from codec._parse import tag_end, xml_bytes
from codec._plan import plan_for, reference_only
from codec._versions import VERSIONS
from codec._xml_reader import build_xml_reader
from codec._xml_walker import TREE_LIMIT, build_xml_decoder

BOM: Final = b"\xef\xbb\xbf"

_READERS: dict[type[Any], Callable[[bytes | str, Limits], Any]] = {}


def reader(cls: type[Any]) -> Callable[[bytes | str, Limits], Any]:
    """The streaming XML reader of a payload type, to call directly (of a payload holding a
    union, which no generated reader reads: the reference reader, lenient)."""
    if cls not in _READERS:
        if reference_only(cls):
            _READERS[cls] = lambda data, limits: decode_reference(
                data, cls, 1, "xml", limits=limits
            )
        else:
            _READERS[cls] = build_xml_reader(cls)
    return _READERS[cls]


_WALKERS: dict[type[Any], Any] = {}


def walker_alone(cls: type[Any], data: bytes) -> Any:
    """What the XML tree walker makes of ``data`` without the reader: the model, or
    `DEFERRED` where it hands the input over (for input that `tree_reads`); of a payload
    holding a union, which no generated walker reads, the reference reader's model."""
    if reference_only(cls):
        return decode_reference(data, cls, 1, "xml")
    if cls not in _WALKERS:
        _WALKERS[cls] = build_xml_decoder(cls)
    parser = ElementTree.XMLParser(encoding="utf-8")
    parser.feed(data)
    tree = parser.close()
    try:  # the reader, were it asked, would get no input at all, and refuse it
        return _WALKERS[cls].from_parsed(tree, b"", DEFAULT_LIMITS)
    except codec.DecodeError:
        return DEFERRED


#: What `walker_alone` returns where the walker hands its input to the reader.
DEFERRED: Final = "deferred to the reader"


# --------------------------------------------------------------------------- answers

#: ``(True, value)`` or ``(False, the DecodeError)``
Answer = tuple[bool, Any]


def answer(call: Callable[[], object]) -> Answer:
    """What one path says: a value or a DecodeError (any other exception fails the test)."""
    try:
        return True, call()
    except codec.DecodeError as error:
        return False, error


def attempt(cls: type[Any], data: Any, version: int, fmt: str, **options: Any) -> Answer:
    """`codec.decode`'s answer (``data`` may be any bytes-like object)."""
    return answer(lambda: codec.decode(data, cls, version=version, format=fmt, **options))


def outcome(result: Answer) -> str:
    """A label for Hypothesis statistics: decoded, or the first problem's code."""
    return "decoded" if result[0] else f"refused: {result[1].code}"


def unlocated(p: codec.Problem) -> tuple[str, str, str | None, str]:
    """A problem without its line and column."""
    return p.code, p.path, p.xml_path, p.message


def agree(expected: Answer, got: Answer, what: str, *, level: str = "exact") -> None:
    """``got`` is ``expected``: an equal model, or the same problems: all of them, lines and
    columns included (``exact``) or not (``problems``); the first without its line and column
    (``unlocated``); the first one's code and path (``code``)."""
    assert expected[0] == got[0], f"{what}: {expected[1]!r} but {got[1]!r}"
    if expected[0]:
        assert type(got[1]) is type(expected[1]), what
        assert got[1] == expected[1], f"{what}: {expected[1]!r} != {got[1]!r}"
        return
    if level == "exact":
        same = got[1].problems == expected[1].problems
    elif level == "problems":
        same = list(map(unlocated, got[1].problems)) == list(map(unlocated, expected[1].problems))
    elif level == "unlocated":
        same = unlocated(got[1].problems[0]) == unlocated(expected[1].problems[0])
    else:
        same = (got[1].code, got[1].path) == (expected[1].code, expected[1].path)
    assert same, f"{what}: {expected[1]!r} != {got[1]!r}"


def forms(data: bytes | str, fmt: str) -> list[object]:
    """The other ways to pass the same input: bytearray, memoryview, and str when the bytes are
    UTF-8.

    XML bytes refused for their encoding (a NUL or UTF-16 mark among the first four bytes, a
    declaration naming another encoding) are another text than the same bytes read as a str,
    which declares nothing a reader heeds: that str gets its own answer.
    """
    if isinstance(data, str):
        return []
    out: list[object] = [bytearray(data), memoryview(data)]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return out
    if fmt == "json" or isinstance(xml_bytes(data), bytes):
        out.append(text)
    return out


def kept_tree(value: object) -> list[object]:
    """What ``value`` and every model inside it kept (``unknown="keep"``), in order."""
    found: list[object] = []
    pending = [value]
    while pending:
        node = pending.pop()
        if isinstance(node, tuple):
            pending += reversed(node)
        elif attrs.has(type(node)):
            found.append(codec.kept(node))
            names = [f.name for f in attrs.fields(cast(Any, type(node)))]
            pending += reversed([getattr(node, name) for name in names])
    return found


def reference(got: Answer, expected: list[codec.Problem], what: str, *, every: bool) -> None:
    """``got`` is the reference checker's verdict: a value where it finds no problem, else
    its first problem (``every``: all its problems), lines and columns included."""
    if got[0]:
        assert not expected, f"{what}: decoded {got[1]!r}, the reference: {expected}"
        return
    found = list(got[1].problems)
    assert expected, f"{what}: {found}, but the reference finds no problem"
    if every:
        assert found == expected, f"{what}: {found} != the reference's {expected}"
    else:
        assert found[0] == expected[0], f"{what}: {found} != the reference's {expected}"


def decode_paths(cls: type[Any], data: bytes | str, version: int, fmt: str) -> Answer:
    """Every decode path and `validate` on ``data``: they agree with each other and with the
    reference checker, and this is their answer."""
    plan, rules = plan_for(cls), VERSIONS[version]
    lenient_reference = problems_of(data, plan, rules, fmt, False)
    strict_reference = problems_of(data, plan, rules, fmt, True)

    lenient = attempt(cls, data, version, fmt)
    reference(lenient, lenient_reference, "lenient decode", every=False)
    if fmt == "xml":
        agree(lenient, answer(lambda: reader(cls)(data, DEFAULT_LIMITS)), "walker vs reader")
    else:  # max_depth under orjson's own limit: the document is read by parse_json
        agree(lenient, attempt(cls, data, version, fmt, max_depth=1000), "json via parse_json")
    agree(lenient, attempt(cls, data, version, fmt, max_attributes=256), "explicit limits")
    for form in forms(data, fmt):
        agree(lenient, attempt(cls, form, version, fmt), f"as {type(form).__name__}")

    # validate is the reference checker, behind the generated strict predicates
    report = codec.validate(data, cls, version=version, format=fmt, lenient=True)
    assert (report.ok, list(report.problems)) == (not lenient_reference, lenient_reference)
    strict_report = codec.validate(data, cls, version=version, format=fmt)
    assert (strict_report.ok, list(strict_report.problems)) == (
        not strict_reference,
        strict_reference,
    )

    strict = attempt(cls, data, version, fmt, strict=True)
    reference(strict, strict_reference, "strict decode", every=True)
    if strict[0]:
        assert strict[1] == lenient[1]
    for form in forms(data, fmt):
        got = attempt(cls, form, version, fmt, strict=True)
        agree(strict, got, f"strict, as {type(form).__name__}")

    # unknown="error": every unknown content the checker finds, else the lenient answer
    refused = attempt(cls, data, version, fmt, unknown="error")
    unknown = [p for p in strict_reference if p.code == "unknown"]
    if unknown:
        reference(refused, unknown, "unknown='error'", every=True)
    else:
        agree(lenient, refused, "unknown='error'")
    keep = attempt(cls, data, version, fmt, unknown="keep")
    agree(lenient, keep, "unknown='keep'")
    for form in forms(data, fmt):
        again = attempt(cls, form, version, fmt, unknown="keep")
        agree(keep, again, f"unknown='keep', as {type(form).__name__}")
        if keep[0]:
            assert kept_tree(again[1]) == kept_tree(keep[1]), type(form).__name__

    codec.detect(data)
    codec.validate(data)
    return lenient


# --------------------------------------------------------------------------- padding


def _root_start(raw: bytes) -> int | None:
    """The byte offset of the root's start tag, read by a plain expat parser, if any."""
    parser = expat.ParserCreate("UTF-8")
    found: list[int] = []

    def start(_name: str, _attributes: object) -> None:
        found.append(parser.CurrentByteIndex)
        raise StopIteration

    parser.StartElementHandler = start
    with contextlib.suppress(StopIteration, expat.ExpatError):
        parser.Parse(raw, True)
    return found[0] if found else None


PAD: Final = b" \n\t\r" * (TREE_LIMIT // 4 + 16)


def _pad_bytes(raw: bytes) -> bytes:
    start = _root_start(raw)
    if start is None:  # no root starts: at the end, where whitespace is as good as anything
        return raw + PAD
    at = tag_end(raw, start)
    return raw[:at] + PAD + raw[at:]


def pad_xml(data: bytes | str) -> bytes | str:
    """``data`` past TREE_LIMIT, with whitespace that no path reads: right after the root's
    start tag (or at the end where no root starts)."""
    if isinstance(data, bytes):
        return _pad_bytes(data)
    try:
        raw = data.encode()
    except UnicodeEncodeError:  # a lone surrogate: refused whatever follows
        return data + PAD.decode()
    return _pad_bytes(raw).decode()
