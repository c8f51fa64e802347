"""What input is accepted, and how each format is read: the one place every reader starts from.

Rules (every entry point and every decode path follows them):

* Input is ``bytes``, ``str`` or any other bytes-like object (``bytearray``, ``memoryview``),
  which is read as the bytes it holds; anything else is an `ArgumentError`.
* XML is read as UTF-8. A ``str`` is already characters: its XML declaration's ``encoding``
  is ignored. ``bytes`` must be UTF-8 (ASCII included): a UTF-16 or UTF-32 byte order mark, a
  NUL byte among the first four, or a declaration naming another encoding is a ``syntax``
  problem that says so (PI writes UTF-8; decode such bytes yourself and pass the text). Every
  expat parser is created with its encoding forced to UTF-8, so no declaration can change how
  the bytes are read, and the refusal of a DOCTYPE (below) cannot be dodged by an encoding in
  which ``<!`` is not those two bytes.
* A DOCTYPE is refused on every path: PI never sends one, and refusing it closes every entity
  attack (billion laughs, external entities and DTDs) before expat reads a declaration.
* JSON is read by orjson, past an optional UTF-8 byte order mark. An integer literal too long
  for orjson is read again by the standard library so that its problem can say ``range`` at
  its path; that second reading refuses what orjson refuses (a lone surrogate, ``NaN``).
* ``max_depth`` counts the same nesting in both formats: an XML element's depth (the root is 1)
  is the depth of its key in the JSON document (the root key is 1); ``@attribute`` and ``$``
  keys and the arrays of repeated elements add no level, as in XML. orjson itself refuses more
  than 1024 nested arrays and objects, whatever the setting.
"""

from __future__ import annotations

import json
import re
from typing import Any, Final
from xml.parsers import expat

import attrs
import orjson

from ._errors import ArgumentError, Problem
from ._limits import DEFAULT_LIMITS, JSON_DEPTH, Limits, TooDeep, with_room
from ._versions import Format

__all__ = [
    "holds_nil",
    "DOCTYPE_MESSAGE",
    "NEGATIVE_ZERO",
    "NegativeZero",
    "Doctype",
    "XmlNode",
    "as_input",
    "exact_json",
    "expat_parser",
    "json_too_deep",
    "parse_json",
    "refuse_doctype",
    "sniff_format",
    "tag_end",
    "xml_bytes",
]

DOCTYPE_MESSAGE: Final = "a DOCTYPE is not allowed: PI payloads never have one"
_UTF8_BOM: Final = b"\xef\xbb\xbf"


def as_input(data: object) -> bytes | str:
    """``data`` as exactly ``bytes`` or ``str``: other bytes-like objects (and subclasses)
    are copied to bytes (or str)."""
    if isinstance(data, str):
        return data if data.__class__ is str else str.__str__(data)
    if isinstance(data, bytes) and data.__class__ is bytes:
        return data
    try:
        return bytes(memoryview(data))  # type: ignore[arg-type]  # refused below if not
    except TypeError:
        raise ArgumentError(
            f"expected bytes, str or a bytes-like object, not {type(data).__name__}"
        ) from None


class Doctype(Exception):
    """Raised by `refuse_doctype`, the DOCTYPE handler of every expat parser."""


def holds_nil(data: bytes | str) -> bool:
    """Does ``data`` hold the text ``xsi:nil``? Only such payloads may say an element holds no
    value (see `codec._check.NIL`): the generated decoders hand them to the reference reader,
    which reads that attribute, at the cost of one scan for the rest."""
    return (b"xsi:nil" if data.__class__ is bytes else "xsi:nil") in data  # type: ignore[operator]


def refuse_doctype(*_: Any) -> None:
    raise Doctype


def expat_parser() -> Any:
    """A new expat parser reading UTF-8 whatever the document declares, refusing DOCTYPEs."""
    parser = expat.ParserCreate("UTF-8")
    parser.StartDoctypeDeclHandler = refuse_doctype
    return parser


_DECLARED: Final = re.compile(rb"<\?xml[^>]*?\sencoding\s*=\s*[\"']([^\"']*)[\"']")
_UTF8_NAMES: Final = frozenset({"utf-8", "utf8", "us-ascii", "ascii"})
_BOMS: Final = (
    (b"\x00\x00\xfe\xff", "UTF-32"),
    (b"\xff\xfe\x00\x00", "UTF-32"),
    (b"\xfe\xff", "UTF-16"),
    (b"\xff\xfe", "UTF-16"),
)


def _not_utf8(message: str) -> Problem:
    return Problem(
        "syntax",
        "$",
        f"{message}: XML is read as UTF-8 only (PI writes UTF-8); decode other encodings "
        "and pass the text",
    )


def xml_bytes(data: bytes | str) -> bytes | Problem:
    """The UTF-8 bytes an expat parser is given for ``data``, or the problem refusing it."""
    if data.__class__ is str:
        try:
            return data.encode()
        except UnicodeEncodeError as exc:
            return Problem(
                "syntax", "$", f"unreadable XML: a lone surrogate at character {exc.start}"
            )
    raw: bytes = data  # type: ignore[assignment]  # bytes, by as_input
    head = raw[:4]
    if b"\x00" in head or head[:2] in (b"\xfe\xff", b"\xff\xfe"):
        name = next((n for bom, n in _BOMS if head.startswith(bom)), "UTF-16 or UTF-32")
        return _not_utf8(f"XML encoded as {name}")
    if raw.startswith((b"<?xml", _UTF8_BOM + b"<?xml")):
        end = raw.find(b"?>")  # the declaration ends there, however much space it holds
        declared = _DECLARED.match(raw, raw.find(b"<?xml"), end if end != -1 else len(raw))
        if declared is not None:
            name = declared.group(1).decode("ascii", "replace")
            if name.lower() not in _UTF8_NAMES:
                return _not_utf8(f"XML declared as {name!r}")
    return raw


def sniff_format(data: bytes | str) -> Format | None:
    """``"xml"`` or ``"json"`` from the first significant character (past a byte order mark
    and whitespace), ``"xml"`` for XML in UTF-16 or UTF-32 too; else ``None``."""
    if isinstance(data, str):
        found = _SIGNIFICANT_S.search(data)
        head = found.group() if found is not None else ""
        return "xml" if head == "<" else "json" if head == "{" else None
    raw = data if data.__class__ is bytes else bytes(data)
    start = raw[:4]
    if start[:1] == b"{":
        return "json"  # the common cases first
    if start[:1] == b"<" and start[1:2] != b"\x00":
        return "xml"
    if any(start.startswith(bom) for bom, _ in _BOMS) or b"<\x00" in start or b"\x00<" in start:
        return "xml"  # refused when read, with a message naming the encoding
    first = _SIGNIFICANT_B.search(raw, 3 if raw.startswith(_UTF8_BOM) else 0)
    byte = first.group() if first is not None else b""
    return "xml" if byte == b"<" else "json" if byte == b"{" else None


# The first character that is not whitespace (nor, in text, a byte order mark), found without
# copying the input.
_SIGNIFICANT_S: Final = re.compile("[^\ufeff \t\r\n]")
_SIGNIFICANT_B: Final = re.compile(b"[^ \t\r\n]")


@attrs.define(slots=True)
class XmlNode:
    """An element as read for checking: name, attributes, text pieces, children, position.

    ``opaque`` marks an element the plan does not expect where it stands (unknown, or inside a
    scalar): its own name and place are all a check needs, so its content is not read into
    nodes. For kept content (``spans``), a run of such siblings is one node spanning them all.
    """

    name: str
    attributes: dict[str, str]
    line: int
    column: int
    children: list[XmlNode] = attrs.field(factory=list)
    texts: list[str] = attrs.field(factory=list)
    #: byte offsets of the element's start tag and of the end of its end tag (bytes input)
    start: int = 0
    end: int = 0
    opaque: bool = False


def tag_end(data: bytes, at: int) -> int:
    """The offset just past the tag that starts at ``at`` (quotes in attribute values may hold
    ``>``, so they are skipped)."""
    quote = 0
    for i in range(at, len(data)):
        byte = data[i]
        if quote:
            if byte == quote:
                quote = 0
        elif byte in (34, 39):  # " '
            quote = byte
        elif byte == 62:  # >
            return i + 1
    return len(data)


# --------------------------------------------------------------------------- JSON


def json_too_deep(doc: Any, max_depth: int) -> bool:
    """True if some key of ``doc`` stands deeper than ``max_depth`` (see the module rules)."""
    pending: list[tuple[Any, int]] = [(doc, 1)]
    while pending:
        value, depth = pending.pop()  # value is an object whose element keys are at depth
        for key, item in value.items():
            here = depth - 1 if key[:1] in ("@", "$") else depth
            if here > max_depth:
                return True
            items = item if item.__class__ is list else (item,)
            for it in items:
                if it.__class__ is dict:
                    pending.append((it, here + 1))
                elif it.__class__ is list:  # an array in an array: no XML has that; count it
                    pending.append(({"": it}, here + 1))
    return False


def _refuse_constant(name: str) -> None:
    raise ValueError(f"{name} is not JSON")


def _finite(text: str) -> float:
    """A JSON number with a fraction or exponent, refused where a float cannot hold it
    (``1e400``), as orjson refuses it."""
    value = float(text)
    if value - value != 0.0:  # inf (nan cannot be written in JSON)
        raise ValueError(f"{text} is out of range")
    return value


def _has_surrogate(doc: Any) -> bool:
    """True if a key or string of ``doc`` holds a lone surrogate (the standard library's
    reader takes ``"\\ud800"``, which orjson refuses and no UTF-8 writer can write)."""
    try:  # the common answer in one pass of C: every key and string written, then encoded
        json.dumps(doc, ensure_ascii=False, check_circular=False).encode()
    except UnicodeEncodeError:
        return True
    except RecursionError:
        pass  # nested past the C writer's reach: walked below
    else:
        return False
    pending = [doc]
    while pending:
        value = pending.pop()
        if value.__class__ is str:
            try:
                value.encode()
            except UnicodeEncodeError:
                return True
        elif value.__class__ is dict:
            pending.extend(value)
            pending.extend(value.values())
        elif value.__class__ is list:
            pending.extend(value)
    return False


class NegativeZero(int):
    """The integer literal ``-0`` as the exact reading keeps it (``int("-0")`` is ``0``), so
    that kept content writes back what it read."""

    def __repr__(self) -> str:
        return "-0"


NEGATIVE_ZERO: Final = NegativeZero(0)


def _exact_int(text: str) -> int:
    return NEGATIVE_ZERO if text == "-0" else int(text)


def _exact_numbers(data: bytes | str) -> Any:
    """A second reading, by the standard library, of JSON that orjson refused for a number it
    cannot hold (an integer literal of hundreds of digits): its integers stay exact, so that
    the checks can say ``range`` at the right path. ``None`` if that reading fails, or finds
    what orjson refuses."""
    try:  # with room for orjson's nesting: the interpreter's default stops short of it
        doc = with_room(JSON_DEPTH, _exact_loads, data)
    except (ValueError, TooDeep):
        return None
    return None if _has_surrogate(doc) else doc


def _exact_loads(data: bytes | str) -> Any:
    return json.loads(
        data, parse_constant=_refuse_constant, parse_float=_finite, parse_int=_exact_int
    )


def exact_json(data: bytes | str) -> Any:
    """The standard library's reading of a JSON payload that orjson accepted, integers exact
    at any length (kept content keeps them as written); ``None`` where it fails."""
    data = data.removeprefix(_UTF8_BOM) if isinstance(data, bytes) else data.removeprefix("\ufeff")
    return _exact_numbers(data)


def parse_json(data: bytes | str, limits: Limits = DEFAULT_LIMITS) -> tuple[Any, Problem | None]:
    """orjson's reading of a JSON payload (a UTF-8 BOM allowed), or its problem."""
    data = data.removeprefix(_UTF8_BOM) if isinstance(data, bytes) else data.removeprefix("\ufeff")
    try:
        doc = orjson.loads(data)
    except orjson.JSONDecodeError as exc:
        if "depth limit" in exc.msg or "recursion" in exc.msg.lower():
            message = f"arrays and objects nested deeper than {JSON_DEPTH}, orjson's limit"
            return None, Problem("limit", "$", message)
        exact = _exact_numbers(data) if "number" in exc.msg else None
        if exact is None:
            message = f"invalid JSON: {exc.msg}"
            return None, Problem("syntax", "$", message, None, exc.lineno, exc.colno)
        doc = exact
    too_deep = limits.max_depth < JSON_DEPTH and doc.__class__ is dict
    if too_deep and json_too_deep(doc, limits.max_depth):
        return None, Problem("limit", "$", limits.depth_message())
    return doc, None
