"""Scalar values on the wire: checks and conversions shared by both formats, and `Fail`.

Rules (the same for decode in both formats unless said otherwise):

* Integers are signed 64-bit. XML text must be canonical decimal (``-?(0|[1-9][0-9]*)``):
  no sign ``+``, no leading zeros, no spaces, no ``_``, no non-ASCII digits, so that what
  decodes re-encodes to the same text. Outside the range is ``range``, anything else ``type``.
* JSON integers are numbers. A string holding a canonical integer is accepted when decoding
  leniently (v1 writes attribute values as strings); a float never is, except that an integral
  float beyond 64 bits is reported as ``range`` since the parser turns such literals into floats.
  ``true``/``false`` are not integers.
* Booleans are ``true``/``false`` (JSON literals, or that text in XML and in v1 attributes).
* Strings are taken exactly as found: never stripped, never case-folded.

`Fail` is the internal, cheap error raised by generated code. It collects path segments while
it unwinds (the innermost first); the public entry points turn it into a `DecodeError` or an
`EncodeError` with the finished path.
"""

from __future__ import annotations

import enum
import math
import re
from collections.abc import Sequence
from typing import Any, Final

import orjson

from ._errors import Problem, describe_value, short_text

#: Integers on the wire are signed 64-bit.
INT64_MIN: Final = -(2**63)
INT64_MAX: Final = 2**63 - 1

__all__ = [
    "INT64_MAX",
    "INT64_MIN",
    "Fail",
    "check_ints",
    "enum_fail",
    "enum_table",
    "int_array_json",
    "int_fail",
    "json_bool",
    "json_int",
    "json_ints",
    "java_double_text",
    "json_strs",
    "typed_json",
    "typed_text",
    "key_segment",
    "type_fail",
    "xml_bool",
    "xml_int",
]


class Fail(Exception):
    """Raised inside generated code; ``segments`` grow as the error unwinds."""

    __slots__ = ("attribute", "code", "message", "segments")

    def __init__(self, code: str, message: str, segment: str | None = None) -> None:
        self.code = code
        self.message = message
        self.segments: list[str] = [] if segment is None else [segment]
        #: set by the XML reader when the value is an attribute's
        self.attribute: str | None = None

    def problem(self, prefix: str) -> Problem:
        return Problem(self.code, prefix + "".join(reversed(self.segments)), self.message)


def key_segment(key: str) -> str:
    """Path segment of an object key: ``.name``, or ``['@name']`` where dots would be unclear."""
    return f".{key}" if key.isidentifier() else f"[{key!r}]"


def type_fail(expected: str, found: object, segment: str | None) -> Fail:
    return Fail("type", f"expected {expected}, found {describe_value(found)}", segment)


def _range_fail(found: object, segment: str | None) -> Fail:
    text = str(found)
    if len(text) > 24:
        text = f"{text[:12]}...{text[-4:]} ({len(text.lstrip('-'))} digits)"
    return Fail("range", f"expected a signed 64-bit integer, found {text}", segment)


_CANONICAL_INT: Final = re.compile(r"-?(?:0|[1-9][0-9]*)")


def xml_int(text: str, segment: str | None = None) -> int:
    """Canonical decimal text to int, or `Fail`."""
    # Fast path: str(int(t)) == t holds exactly for canonical decimal text (int() alone would
    # take " 2", "+2", "02", "1_0" and non-ASCII digits, which str() never writes).
    if len(text) < 19:
        try:
            value = int(text)
        except ValueError:
            pass
        else:
            if str(value) == text:
                return value
    if _CANONICAL_INT.fullmatch(text) is None or text == "-0":
        raise Fail("type", f"expected an integer, found text {short_text(text)}", segment)
    if len(text) > 20:  # also keeps int() away from its digit limit
        raise _range_fail(text, segment)
    value = int(text)
    if not INT64_MIN <= value <= INT64_MAX:
        raise _range_fail(text, segment)
    return value


def json_int(value: object, segment: str | None = None) -> int:
    """The slow path of a JSON integer, taken when the value is not a plain int in range."""
    if type(value) is int:
        if INT64_MIN <= value <= INT64_MAX:
            return value
        raise _range_fail(value, segment)
    if type(value) is str:
        try:
            return xml_int(value, segment)
        except Fail as fail:
            fail.message = f"expected an integer, found {describe_value(value)}"
            raise
    if type(value) is float and value.is_integer() and abs(value) >= 2**63:
        # An integer literal past 64 bits, which orjson reads as a float: its digits are
        # gone, so the message shows the float, not a rounded integer it never held.
        raise Fail(
            "range",
            f"expected a signed 64-bit integer, found a number beyond that range ({value!r})",
            segment,
        )
    raise type_fail("an integer", value, segment)


_INT_ARRAY_CHARS: Final = b"0123456789,-"


def int_array_json(values: Sequence[Any]) -> bytes | None:
    """The JSON text of ``values`` if every item is an int in signed 64-bit range, else None.

    Long id lists are the largest payloads, so this check runs at C speed: orjson writes the
    list (it refuses what is not JSON, and integers below -2**63 or above 2**64-1); if only
    digits, commas and minus signs stand between the brackets, every item was an integer
    (booleans become ``true``/``false``, floats get ``.`` or ``e``, nested lists more brackets);
    ``max`` then closes the range at 2**63-1. Callers take their slow path on ``None``, to say
    which item is wrong.
    """
    try:
        text = orjson.dumps(values)
    except orjson.JSONEncodeError:
        return None
    if text.translate(None, _INT_ARRAY_CHARS) != b"[]":
        return None
    if values and max(values) > INT64_MAX:
        return None
    return text


def json_ints(values: list[Any]) -> tuple[int, ...]:
    """A JSON array of integers to a tuple; the common case is checked at C speed."""
    if int_array_json(values) is not None:
        return tuple(values)
    out = []
    for i, value in enumerate(values):
        out.append(json_int(value, f"[{i}]"))
    return tuple(out)


def json_strs(values: list[Any]) -> tuple[str, ...]:
    """The strings of a JSON array of a str list: each as it stands, a number or a boolean as
    the text v1 wrote it as (`typed_text`); `Fail` at the first other item."""
    if set(map(type, values)) <= {str}:
        return tuple(values)
    out = []
    for i, value in enumerate(values):
        text = value if type(value) is str else typed_text(value)
        if text is None:
            raise type_fail("a string", value, f"[{i}]")
        out.append(text)
    return tuple(out)


# v1 JSON writes element text by its content (PI's v1 serializer, Jettison, converts text that
# Java reads as a long, a double or a boolean, and writes back unchanged, to that JSON value).


def java_double_text(value: float) -> str:
    """Java's ``Double.toString`` of a finite double: the shortest digits that read back
    (as Python's ``repr``), written plain from 10^-3 up to 10^7 (``15.0``, ``0.001``) and in
    computerized scientific notation outside (``1.0E10``, ``1.5E-4``)."""
    if value == 0:
        return "-0.0" if math.copysign(1.0, value) < 0 else "0.0"
    from decimal import Decimal  # here: `import codec` need not load it

    sign = "-" if value < 0 else ""
    _, digit_tuple, exponent = Decimal(repr(abs(value))).normalize().as_tuple()
    digits = "".join(map(str, digit_tuple))
    assert isinstance(exponent, int)
    point = len(digits) - 1 + exponent  # value = d.ddd x 10^point
    if 1e-3 <= abs(value) < 1e7:
        if point < 0:
            return f"{sign}0.{'0' * (-point - 1)}{digits}"
        whole = digits[: point + 1].ljust(point + 1, "0")
        return f"{sign}{whole}.{digits[point + 1 :] or '0'}"
    return f"{sign}{digits[0]}.{digits[1:] or '0'}E{point}"


_LONG: Final = re.compile(r"-?(?:0|[1-9][0-9]{0,18})")


def typed_json(text: str) -> str | int | float | bool:
    """The JSON value v1 writes for element text ``text``: a number where Java reads the text
    as a long (or else a finite double) and writes it back unchanged (``15``, ``-3``,
    ``1.5``, ``1.0E10``; not ``007``, ``+1``, ``-0``, ``1.50``, ``1e5``), a boolean for
    ``true`` and ``false``, else the text itself."""
    if text == "true" or text == "false":
        return text == "true"
    first = text[:1]
    if not first or first not in "-0123456789":
        return text
    if _LONG.fullmatch(text) is not None and text != "-0":
        number = int(text)
        return number if INT64_MIN <= number <= INT64_MAX else text
    try:
        double = float(text)
    except ValueError:
        return text
    if math.isfinite(double) and java_double_text(double) == text:
        return double
    return text


def typed_text(value: object) -> str | None:
    """The element text a v1 JSON number or boolean stands for (see `typed_json`), or
    ``None`` for any other value."""
    if value is True or value is False:
        return "true" if value else "false"
    if type(value) is int:
        if INT64_MIN <= value <= INT64_MAX:
            return str(value)
        # Past a long, v1 writes a double; orjson reads such an integer as the double too
        # (an exact reading must say what orjson's says: one input, one answer).
        try:
            value = float(value)
        except OverflowError:
            return None
    if type(value) is float and math.isfinite(value):
        return java_double_text(value)
    return None


def int_fail(value: object, segment: str | None) -> Fail:
    """The `Fail` for a value that is not a plain int in 64-bit range."""
    if type(value) is int:
        return _range_fail(value, segment)
    return type_fail("an integer", value, segment)


def check_ints(values: Sequence[Any]) -> bytes:
    """Encode side: the JSON text of ``values`` (see `int_array_json`), or `Fail` at the index
    of the first item that is not an int in 64-bit range."""
    text = int_array_json(values)
    if text is not None:
        return text
    for i, value in enumerate(values):
        if type(value) is not int or not INT64_MIN <= value <= INT64_MAX:
            raise int_fail(value, f"[{i}]")
    # An int subclass other than bool that orjson will not write: say so at the first one.
    raise type_fail("an integer", next(v for v in values if type(v) is not int), None)


def json_bool(value: object, segment: str | None = None) -> bool:
    if type(value) is str:
        return xml_bool(value, segment)
    raise type_fail("a boolean", value, segment)


def xml_bool(text: str, segment: str | None = None) -> bool:
    if text == "true":
        return True
    if text == "false":
        return False
    raise Fail("type", f"expected 'true' or 'false', found text {short_text(text)}", segment)


def enum_table(cls: type[enum.Enum]) -> dict[str, enum.Enum]:
    """Wire value -> member, for a one-lookup decode."""
    return {m.value: m for m in cls}


def enum_fail(cls: type[enum.Enum], value: object, segment: str | None) -> Fail:
    allowed = ", ".join(m.value for m in cls)
    return Fail(
        "enum",
        f"expected one of {allowed} ({cls.__name__}), found {describe_value(value)}",
        segment,
    )
