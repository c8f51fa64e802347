# ruff: noqa: ARG002  (kinds override these hooks; the defaults ignore some arguments)
"""Value kinds: one object per kind of scalar value (int, str, bool, float, datetime, enum,
open enum), the one place that says how that kind is tested, read and written in every format.

A kind defines, once:

* its Python type test (`Kind.is_value`);
* XML text parsing and writing (`Kind.from_text`, `Kind.to_text`), which are also its v1
  attribute-string form (v1 writes attribute values as strings: see `_versions`);
* JSON parsing, lenient (`Kind.from_json`) and what strict decoding and validation also
  refuse (`Kind.strict_json`, `Kind.strict_text`), and JSON writing (`Kind.to_json`);
* its JSON Schema fragment (`Kind.schema`) and its Hypothesis strategy (`Kind.strategy`);
* its other wire forms, by name (`Kind.forms`), which a field picks with ``form=`` (see
  `_fields`): a datetime is ISO 8601 text by default, ``form="epoch_ms"`` makes it a number
  of milliseconds;
* the snippets the code generators emit for it. The defaults are "an inline fast test, else
  the slow conversion method of the kind, called from the generated code" (the kind object is
  put in the generated module's namespace); int, str, bool and enums override them with the
  hand-tuned inline code that keeps the generated fast paths fast.

`kind_for` maps a declared Python type (and a field's ``form``) to its kind and fails loudly
(`DeclarationError`) for a type no kind takes, or a form its kind does not have. Slow
functions raise `Fail` (from `_values`) with code ``type``, ``range`` or ``enum``;
``segment`` is the path segment of the value, if any.

Generated-code conventions the snippets rely on: ``seg`` is a Python expression for the
failure's path segment (``"None"`` inside loops); the XML tree walker's snippets raise
``_Defer`` to let the streaming reader decide an input, and get ``None`` for an empty element;
the strict streaming reader's (`_strict_xml`) raise ``_Doubt`` to let the checker decide.
"""

from __future__ import annotations

import enum
import functools
import math
import re
from collections.abc import Callable, Mapping
from datetime import UTC, datetime, timedelta, timezone
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Final, Protocol

from ._errors import DeclarationError, describe_value, short_text
from ._values import (
    INT64_MAX,
    INT64_MIN,
    Fail,
    check_ints,
    enum_fail,
    enum_table,
    int_array_json,
    int_fail,
    json_bool,
    json_int,
    json_ints,
    json_strs,
    type_fail,
    typed_text,
    xml_bool,
    xml_int,
)

if TYPE_CHECKING:
    from hypothesis import strategies as st


class Namespace(Protocol):
    """What the snippets need of a generated module (`_codegen.Namespace`; a protocol, so
    that this module does not import the code generator)."""

    env: dict[str, Any]

    def global_for(self, value: object, hint: str, label: str | None = None) -> str: ...

    def enum(self, cls: type[enum.Enum]) -> tuple[str, str]: ...


__all__ = [
    "BOOL",
    "DATETIME",
    "EPOCH_MS_MAX",
    "EPOCH_MS_MIN",
    "FLOAT",
    "INT",
    "KINDS",
    "STR",
    "DateTimeKind",
    "EnumKind",
    "EpochMillisKind",
    "Kind",
    "TextKind",
    "kind_for",
    "value_kind",
]

_INT64: Final = "-9223372036854775808 <= {v} <= 9223372036854775807"
#: the types of a JSON array of strings, of booleans (`Kind.strict_json_many`)
_STRS: Final = frozenset({str})
_BOOLS: Final = frozenset({bool})


def _use(mod: Namespace, name: str, value: object) -> str:
    """Put helper ``value`` in the generated module under ``name``; returns the name."""
    mod.env[name] = value
    return name


class Kind:
    """One kind of scalar value. Subclasses define the conversions; the snippet methods have
    generic defaults built from `fast_value` and the slow methods."""

    #: the name in messages and generated globals
    name: str = ""
    #: what a value must be, in messages ("an integer")
    expected: str = ""
    #: the Python type of a value, for declarations (``None``: matched by `EnumKind`)
    python_type: type[Any] | None = None
    #: JSON carries the value as a string in every version (str, enums)
    json_string: bool = False
    #: any text is a value as it stands (str): no conversion, ever
    free_text: bool = False
    #: written text may hold characters XML must escape
    escapes: bool = False
    #: (string form, JSON form) of an example, where v1 attribute strings differ (version diff)
    attribute_example: tuple[str, str] | None = None
    #: other wire forms of the same Python type, by the name a field gives as ``form=``
    forms: Mapping[str, Kind] = MappingProxyType({})

    # -- the values ----------------------------------------------------------------------

    def is_value(self, value: object) -> bool:
        raise NotImplementedError

    def from_text(self, text: str, segment: str | None = None) -> Any:
        """XML text (or a v1 attribute string) -> value; `Fail` for bad text."""
        raise NotImplementedError

    def to_text(self, value: Any, segment: str | None = None) -> str:
        """Value -> XML text (unescaped); `Fail` for a value this kind does not take."""
        raise NotImplementedError

    def from_json(self, value: Any, segment: str | None = None) -> Any:
        """A JSON value -> value, leniently: a non-string kind also takes its text form (v1
        attributes are strings); `Fail` otherwise."""
        if type(value) is str and not self.json_string:
            try:
                return self.from_text(value, segment)
            except Fail as fail:
                fail.message = f"expected {self.expected}, found {describe_value(value)}"
                raise
        return self.from_json_value(value, segment)

    def from_json_value(self, value: Any, segment: str | None = None) -> Any:
        """A JSON value that is not a string -> value (non-string kinds)."""
        raise type_fail(self.expected, value, segment)

    def to_json(self, value: Any, as_text: bool, segment: str | None = None) -> Any:
        """Value -> JSON value; ``as_text``: the version writes it as a string."""
        if as_text or self.json_string:
            return self.to_text(value, segment)
        return self.to_json_value(value, segment)

    def to_json_value(self, value: Any, segment: str | None = None) -> Any:
        raise NotImplementedError

    def strict_text(self, text: str) -> tuple[str, str] | None:
        """(code, message) of what strict decoding refuses in text lenient decoding took."""
        return None

    def strict_json(self, value: Any, as_text: bool, version: int) -> tuple[str, str] | None:
        """(code, message) of what strict decoding refuses in a JSON value lenient decoding
        took; ``as_text``: the version writes this value as a string."""
        if self.json_string:
            return None
        if as_text and type(value) is not str:
            return (
                "shape",
                f"v{version} writes attribute values as strings, "
                f"found {describe_value(value)}: legal in v2+, not in v1",
            )
        if type(value) is str and not as_text:
            return (
                "type",
                f"expected {self.expected}, found {describe_value(value)}: "
                "a value written as a string",
            )
        return None

    def schema(self, as_text: bool) -> dict[str, Any]:
        raise NotImplementedError

    def typed_schema(self) -> dict[str, Any]:
        """The schema of element text v1 writes by its content (str: see `_versions`)."""
        return self.schema(False)

    def for_attribute(self) -> Kind:
        """The kind of this kind's values held in an attribute (itself, but for str)."""
        return self

    def strategy(self) -> st.SearchStrategy[Any]:
        raise NotImplementedError

    # -- generated code: generic defaults ------------------------------------------------

    def fast_value(self, var: str, first: str | None = None) -> str:
        """An inline test that the Python value in ``var`` is well typed and writable;
        ``first``: the expression to evaluate in place of the first ``var`` (an
        assignment)."""
        raise NotImplementedError

    def fixed_texts(self) -> tuple[str, ...] | None:
        """Every text a value passing `fast_value` can have, where known (enums)."""
        return None

    def fast_text(self, var: str) -> str:
        """The inline text of a value that passed `fast_value` (escaped by the caller)."""
        return f"{self.ref_name()}.to_text({var})"

    def ref_name(self) -> str:
        return f"_K_{self.name}"

    def ref(self, mod: Namespace) -> str:
        """The name of this kind in the generated module."""
        return _use(mod, self.ref_name(), self)

    def json_decode(self, mod: Namespace, var: str, seg: str, ind: str) -> list[str]:
        """Lines checking/converting the non-None JSON value in ``var``."""
        return [
            f"{ind}if not ({self.fast_json_in(var)}):",
            f"{ind}    {var} = {self.ref(mod)}.from_json({var}, {seg})",
        ]

    def fast_json_in(self, var: str) -> str:
        """An inline test that the JSON value in ``var`` is the value as it stands."""
        return self.fast_value(var)

    def json_decode_many(self, mod: Namespace, src: str) -> str | None:
        """An expression turning the JSON array ``src`` into a tuple at C speed, or None."""
        return None

    def json_encode(self, mod: Namespace, var: str, seg: str, ind: str, as_text: bool) -> list[str]:
        """Lines checking the non-None value in ``var`` and replacing it by its JSON value."""
        text = as_text or self.json_string
        return [
            f"{ind}if {self.fast_value(var)}:",
            f"{ind}    {var} = {self.fast_text(var) if text else var}",
            f"{ind}else:",
            f"{ind}    {var} = {self.ref(mod)}.to_json({var}, {as_text}, {seg})",
        ]

    def json_encode_many(
        self, mod: Namespace, var: str, ind: str, collapse: bool, as_text: bool
    ) -> list[str] | None:
        """Lines setting ``x`` to the JSON items of the non-empty list ``var``, or None."""
        return None

    def fast_json(self, mod: Namespace, var: str, read: str, as_text: bool) -> tuple[str, str]:
        """(test, value) of a field in a flat record's one-expression JSON encoding; ``read``
        is ``(var := item.field)``, to be evaluated first."""
        self.ref(mod)
        text = as_text or self.json_string
        return self.fast_value(var, read), (self.fast_text(var) if text else var)

    def xml_encode(self, mod: Namespace, var: str, seg: str, ind: str) -> list[str]:
        """Lines checking the non-None value in ``var`` and replacing it by its (unescaped)
        text."""
        return [
            f"{ind}if {self.fast_value(var)}:",
            f"{ind}    {var} = {self.fast_text(var)}",
            f"{ind}else:",
            f"{ind}    {var} = {self.ref(mod)}.to_text({var}, {seg})",
        ]

    def xml_encode_many(
        self, mod: Namespace, var: str, ind: str, opening: str, closing: str
    ) -> list[str] | None:
        """Lines writing (``ap``) all items of the non-empty list ``var`` at once, or None."""
        return None

    def fast_xml(self, mod: Namespace, var: str, read: str) -> tuple[str, str]:
        """(test, text) of a field in a flat record's one-f-string XML encoding; ``read`` as
        for `fast_json`. The caller escapes the text of kinds that `escapes`."""
        self.ref(mod)
        return self.fast_value(var, read), self.fast_text(var)

    def walk(self, mod: Namespace, src: str, out: str, ind: str) -> list[str]:
        """Tree walker: text ``src`` (None: empty) -> ``out``, or ``raise _Defer``."""
        return [
            f"{ind}try:",
            f"{ind}    {out} = {self.ref(mod)}.from_text({src})",
            f"{ind}except ({_use(mod, 'Fail', Fail)}, TypeError):",
            f"{ind}    raise _Defer from None",
        ]

    def walk_many(self, mod: Namespace, texts: str, out: str, ind: str) -> list[str] | None:
        """Tree walker: the list of texts ``texts`` -> list ``out`` at C speed, or None."""
        return None

    def read(self, mod: Namespace, src: str, out: str, ind: str) -> list[str]:
        """Streaming reader: text ``src`` -> ``out``, raising `Fail` for bad text."""
        return [f"{ind}{out} = {self.ref(mod)}.from_text({src})"]

    def strict_read(self, mod: Namespace, src: str, ind: str) -> list[str]:
        """Strict streaming reader: lines raising ``_Doubt`` where strict decoding refuses the
        text ``src`` that `read` took (`strict_text`); none for a kind that refuses nothing
        more."""
        if type(self).strict_text is Kind.strict_text:
            return []
        return [
            f"{ind}if {self.ref(mod)}.strict_text({src}) is not None:",
            f"{ind}    raise _Doubt",
        ]

    #: streaming reader: batch conversion of item texts (texts, start, item segment), if any
    bulk: Callable[[list[str], int, str], list[Any]] | None = None

    # -- generated code: the strict JSON decoder (`_json`, strict mode) ---------------------
    #: JSON numbers: a zero read from the text may have been written ``-0`` (orjson reads it
    #: as ``0``), which only the text can tell; the strict decoder then looks at the text
    json_number: bool = False

    def strict_json_ok(self, value: Any, as_text: bool, version: int) -> bool:
        """Would the checker (`_check`, strictly) find nothing wrong with this JSON value?"""
        if self.json_string and type(value) is not str:
            return False
        try:
            self.from_json(value)
        except Fail:
            return False
        return self.strict_json(value, as_text, version) is None

    def strict_json_in(self, mod: Namespace, var: str, as_text: bool, version: int) -> str:
        """An inline test that the JSON value in ``var`` is strictly right: exactly
        `strict_json_ok`, faster where a kind can say it inline."""
        return f"{self.ref(mod)}.strict_json_ok({var}, {as_text}, {version})"

    def strict_json_many(self, mod: Namespace, src: str) -> str | None:
        """An inline test, at C speed, that every item of the JSON array ``src`` (elements,
        never attribute text) is strictly right; None: test each with `strict_json_in`."""
        return None

    def strict_json_as_is(self, as_text: bool) -> bool:
        """A JSON value `strict_json_in` accepts is the value as it stands (no conversion)."""
        return False

    def strict_json_decode(
        self, mod: Namespace, var: str, as_text: bool, version: int, ind: str
    ) -> list[str]:
        """Lines raising ``_No`` (the strict decoder's doubt) unless the JSON value in ``var``
        is strictly right, then converting it in place."""
        lines = [
            f"{ind}if not ({self.strict_json_in(mod, var, as_text, version)}):",
            f"{ind}    raise _No",
        ]
        if self.strict_json_as_is(as_text):
            return lines
        return lines + self.json_decode(mod, var, "None", ind)

    def strict_json_string(self, as_text: bool) -> bool:
        """A value `strict_json_in` accepts is always a JSON string (else never one)."""
        return self.json_string or as_text

    def strict_json_count(self, var: str, as_text: bool, version: int) -> str | None:
        """An expression: how many JSON strings the value in ``var`` (before conversion) is,
        for the quote count of the strict JSON decoder; ``None`` for none ever."""
        return "1" if self.strict_json_string(as_text) else None

    def strict_json_items(self, mod: Namespace, src: str, version: int) -> str | None:
        """`strict_json_many` where ``version`` writes the items as the kind's own values
        (else ``None``: each item is tested by `strict_json_in`)."""
        return self.strict_json_many(mod, src)

    def strict_json_converts(self, as_text: bool, version: int) -> bool:
        """Must an accepted value be converted (not `strict_json_as_is`) in ``version``?"""
        return not self.strict_json_as_is(as_text)

    def strict_json_zero(self, var: str, as_text: bool, version: int) -> str | None:
        """A condition: the accepted value in ``var`` (before conversion) is a number read as
        zero, perhaps written ``-0``, which only the text tells; ``None``: never one."""
        if self.json_number and not self.strict_json_string(as_text):
            return f"not {var}"
        return None


# --------------------------------------------------------------------------- int


def _bulk_ints(texts: list[str], start: int, item_segment: str) -> list[int]:
    """The ints of a batch of id texts (items ``start``... of their list), or `Fail` at the
    first bad one.

    An id list is the longest run of scalar elements in any payload: converting a batch in one
    go (``map(int)``, then ``map(str)`` to check that every text was canonical, then ``min``
    and ``max`` for the range) replaces a Python conversion per element by C loops; batches
    keep the texts waiting, and the temporaries, small beside the finished list.
    """
    try:
        values = list(map(int, texts))
        if (
            list(map(str, values)) == texts
            and min(values) >= INT64_MIN
            and max(values) <= INT64_MAX
        ):
            return values
    except ValueError:
        pass
    for i, text in enumerate(texts):
        try:
            xml_int(text)
        except Fail as fail:
            fail.segments.append(f"{item_segment}[{start + i}]")
            raise
    raise AssertionError("a bad id was not found")  # pragma: no cover


def _at_most(limit: str) -> str:
    """A regular expression for the decimal numbers from 1 to ``limit`` (digits, no sign),
    without leading zeros, as alternatives: shorter numbers, then digit by digit below
    ``limit``, then ``limit`` itself."""
    size = len(limit)
    parts = [f"[1-9][0-9]{{0,{size - 2}}}"] if size > 1 else []
    for i, digit in enumerate(limit):
        low = 1 if i == 0 else 0
        high = int(digit) - 1
        if high < low:
            continue
        digits = str(low) if high == low else f"[{low}-{high}]"
        rest = size - i - 1
        parts.append(limit[:i] + digits + (f"[0-9]{{{rest}}}" if rest else ""))
    parts.append(limit)
    return "|".join(parts)


def int64_text_pattern() -> str:
    """The pattern of canonical decimal text of a signed 64-bit integer (v1 attributes).

    Exactly what the decoders take: ``0``, or an optional ``-`` and digits without leading
    zeros, within range. The end is ``(?![\\s\\S])``, not ``$``: Python's ``$`` also matches
    before a final newline, and some validators use Python's regular expressions.
    """
    positive = _at_most(str(INT64_MAX))
    negative = _at_most(str(-INT64_MIN))
    return f"^(?:0|{positive}|-(?:{negative}))(?![\\s\\S])"


class IntKind(Kind):
    """Signed 64-bit integers: canonical decimal text (see `_values.xml_int`), JSON numbers."""

    name = "int"
    expected = "an integer"
    python_type = int
    attribute_example = ('"5"', "5")
    bulk = staticmethod(_bulk_ints)

    def is_value(self, value: object) -> bool:
        return type(value) is int and INT64_MIN <= value <= INT64_MAX

    def from_text(self, text: str, segment: str | None = None) -> int:
        return xml_int(text, segment)

    def to_text(self, value: Any, segment: str | None = None) -> str:
        if not self.is_value(value):
            raise int_fail(value, segment)
        return str(value)

    def from_json(self, value: Any, segment: str | None = None) -> int:
        return json_int(value, segment)

    def to_json_value(self, value: Any, segment: str | None = None) -> int:
        if not self.is_value(value):
            raise int_fail(value, segment)
        return int(value)

    def schema(self, as_text: bool) -> dict[str, Any]:
        if as_text:
            return {"type": "string", "pattern": int64_text_pattern()}
        return {"type": "integer", "minimum": INT64_MIN, "maximum": INT64_MAX}

    def strategy(self) -> st.SearchStrategy[Any]:
        from hypothesis import strategies as st

        return st.one_of(
            st.sampled_from([INT64_MIN, INT64_MIN + 1, -1, 0, 1, INT64_MAX - 1, INT64_MAX]),
            st.integers(INT64_MIN, INT64_MAX),
        )

    def fast_value(self, var: str, first: str | None = None) -> str:
        return f"{first or var}.__class__ is int and {_INT64.format(v=var)}"

    def fast_text(self, var: str) -> str:
        return f"str({var})"

    def json_decode(self, mod: Namespace, var: str, seg: str, ind: str) -> list[str]:
        return [
            f"{ind}if {var}.__class__ is not int or not {_INT64.format(v=var)}:",
            f"{ind}    {var} = {_use(mod, '_json_int', json_int)}({var}, {seg})",
        ]

    def json_decode_many(self, mod: Namespace, src: str) -> str | None:
        return f"{_use(mod, '_json_ints', json_ints)}({src})"

    json_number = True

    def strict_json_in(self, mod: Namespace, var: str, as_text: bool, version: int) -> str:
        if as_text:
            return super().strict_json_in(mod, var, as_text, version)
        return f"{var}.__class__ is int and {_INT64.format(v=var)}"

    def strict_json_many(self, mod: Namespace, src: str) -> str | None:
        return f"{_use(mod, '_int_array_json', int_array_json)}({src}) is not None"

    def strict_json_as_is(self, as_text: bool) -> bool:
        return not as_text

    def json_encode(self, mod: Namespace, var: str, seg: str, ind: str, as_text: bool) -> list[str]:
        lines = [
            f"{ind}if {var}.__class__ is not int or not {_INT64.format(v=var)}:",
            f"{ind}    raise {_use(mod, '_int_fail', int_fail)}({var}, {seg})",
        ]
        return [*lines, f"{ind}{var} = str({var})"] if as_text else lines

    def json_encode_many(
        self, mod: Namespace, var: str, ind: str, collapse: bool, as_text: bool
    ) -> list[str] | None:
        if as_text:
            return None
        check = _use(mod, "_check_ints", check_ints)
        fragment = _use(mod, "_Fragment", _fragment())
        # A long list is checked as JSON text (see int_array_json), which then goes in as a
        # fragment, so orjson writes it once; a short one is cheaper to check item by item.
        items = [
            f"{ind}if len({var}) > 8:",
            f"{ind}    x = {fragment}({check}({var}))",
            f"{ind}else:",
            f"{ind}    for it in {var}:",
            f"{ind}        if it.__class__ is not int or not {_INT64.format(v='it')}:",
            f"{ind}            {check}({var})",
            f"{ind}    x = {var}",
        ]
        if collapse:
            items += [f"{ind}if len({var}) == 1:", f"{ind}    x = [{var}[0]]"]
        return items

    def xml_encode(self, mod: Namespace, var: str, seg: str, ind: str) -> list[str]:
        return [
            f"{ind}if {var}.__class__ is not int or not {_INT64.format(v=var)}:",
            f"{ind}    raise {_use(mod, '_int_fail', int_fail)}({var}, {seg})",
            f"{ind}{var} = str({var})",
        ]

    def xml_encode_many(
        self, mod: Namespace, var: str, ind: str, opening: str, closing: str
    ) -> list[str] | None:
        check = _use(mod, "_check_ints", check_ints)
        # The JSON text of a checked id list is "[1,2,3]": its commas become the tags between.
        between = (closing + opening).encode()
        return [
            f"{ind}if len({var}) > 8:",
            f"{ind}    ap({opening!r} + {check}({var})[1:-1]"
            f".replace(b',', {between!r}).decode() + {closing!r})",
            f"{ind}else:",
            f"{ind}    for it in {var}:",
            f"{ind}        if it.__class__ is not int or not {_INT64.format(v='it')}:",
            f"{ind}            {check}({var})",
            f"{ind}    ap({opening!r} + {between.decode()!r}.join(map(str, {var})) + {closing!r})",
        ]

    def fast_xml(self, mod: Namespace, var: str, read: str) -> tuple[str, str]:
        return self.fast_value(var, read), var

    def walk(self, mod: Namespace, src: str, out: str, ind: str) -> list[str]:
        # str(int(t)) == t holds exactly for canonical decimal text (no sign "+", no leading
        # zeros, spaces, "_" or non-ASCII digits, and not "-0"), the reader's rule.
        # The number goes to a temporary first: ``src`` and ``out`` may be one variable.
        return [
            f"{ind}try:",
            f"{ind}    n_ = int({src})",
            f"{ind}except (TypeError, ValueError):",
            f"{ind}    raise _Defer from None",
            f"{ind}if str(n_) != {src} or not {_INT64.format(v='n_')}:",
            f"{ind}    raise _Defer",
            f"{ind}{out} = n_",
        ]

    def walk_many(self, mod: Namespace, texts: str, out: str, ind: str) -> list[str] | None:
        # Long id lists: checked and converted with C-level map/min/max, not a Python loop.
        return [
            f"{ind}try:",
            f"{ind}    {out} = list(map(int, {texts}))",
            f"{ind}except (TypeError, ValueError):",
            f"{ind}    raise _Defer from None",
            f"{ind}if list(map(str, {out})) != {texts}:",
            f"{ind}    raise _Defer",
            f"{ind}if {out} and (min({out}) < {INT64_MIN} or max({out}) > {INT64_MAX}):",
            f"{ind}    raise _Defer",
        ]

    def read(self, mod: Namespace, src: str, out: str, ind: str) -> list[str]:
        # str(int(t)) == t exactly for canonical decimal text; _xml_int says what is wrong.
        return [
            f"{ind}try:",
            f"{ind}    {out} = int({src})",
            f"{ind}    ok = str({out}) == {src} and {_INT64.format(v=out)}",
            f"{ind}except ValueError:",
            f"{ind}    ok = False",
            f"{ind}if not ok:",
            f"{ind}    {out} = {_use(mod, '_xml_int', xml_int)}({src})",
        ]


def _fragment() -> Any:
    import orjson

    return orjson.Fragment


# --------------------------------------------------------------------------- str


class StrKind(Kind):
    """Strings, taken exactly as found: never stripped, never case-folded."""

    name = "str"
    expected = "a string"
    python_type = str
    json_string = True
    free_text = True
    escapes = True

    def is_value(self, value: object) -> bool:
        return type(value) is str

    def from_text(self, text: str, segment: str | None = None) -> str:
        return text

    def to_text(self, value: Any, segment: str | None = None) -> str:
        if type(value) is not str:
            raise type_fail("a string", value, segment)
        return str(value)

    #: a JSON number or boolean is the text v1 wrote it for: element text, never an attribute
    typed = True

    def for_attribute(self) -> Kind:
        return STR_ATTRIBUTE

    def from_json(self, value: Any, segment: str | None = None) -> str:
        if type(value) is str:
            return str(value)
        # v1 writes element text by its content (see `_versions`)
        text = typed_text(value) if self.typed else None
        if text is None:
            raise type_fail("a string", value, segment)
        return text

    def strict_json(self, value: Any, as_text: bool, version: int) -> tuple[str, str] | None:
        if type(value) is str or (version == 1 and not as_text):
            return None  # v1 writes element text by its content: a number or a boolean too
        if as_text:
            return (
                "shape",
                f"v{version} writes attribute values as strings, found {describe_value(value)}",
            )
        return (
            "type",
            f"expected a string, found {describe_value(value)}: only v1 writes element text "
            "as a number or a boolean",
        )

    def strict_json_ok(self, value: Any, as_text: bool, version: int) -> bool:
        if type(value) is not str and typed_text(value) is None:
            return False
        return self.strict_json(value, as_text, version) is None

    def schema(self, as_text: bool) -> dict[str, Any]:
        return {"type": "string"}

    def typed_schema(self) -> dict[str, Any]:
        """The schema of element text v1 writes by its content (see `_versions`)."""
        return {"type": ["string", "number", "boolean"]}

    def strategy(self) -> st.SearchStrategy[Any]:
        from hypothesis import strategies as st

        chars = st.characters(
            codec="utf-8",
            exclude_categories=["Cs"],
            exclude_characters="".join(chr(c) for c in range(32) if chr(c) not in "\t\n\r")
            + "\ufffe\uffff",
        )
        return st.one_of(
            st.sampled_from(
                ["", " ", "String value", " a\n b ", "& < > \" '", "\r\n", "\t", "\U0001f600 é"]
            ),
            # text v1 writes as a number or a boolean, and text that only looks like one
            st.sampled_from(
                [
                    *("15", "-3", "0", "1.5", "1.0E10", "-0.0", "true", "false", "1254261"),
                    *("007", "+1", "-0", "1.50", "1e5", "True", " 15", "9223372036854775808"),
                ]
            ),
            st.text(chars, max_size=40),
        )

    def fast_value(self, var: str, first: str | None = None) -> str:
        return f"{first or var}.__class__ is str"

    def fast_text(self, var: str) -> str:
        return var

    def json_decode(self, mod: Namespace, var: str, seg: str, ind: str) -> list[str]:
        if not self.typed:
            return self.xml_encode(mod, var, seg, ind)
        return [
            f"{ind}if {var}.__class__ is not str:",
            f"{ind}    {var} = {self.ref(mod)}.from_json({var}, {seg})",
        ]

    def json_decode_many(self, mod: Namespace, src: str) -> str | None:
        return f"{_use(mod, '_json_strs', json_strs)}({src})"

    def _typed_in(self, as_text: bool, version: int) -> bool:
        """Does ``version`` write this value by its content (v1 element text)?"""
        return self.typed and version == 1 and not as_text

    def strict_json_in(self, mod: Namespace, var: str, as_text: bool, version: int) -> str:
        if self._typed_in(as_text, version):
            return f"({var}.__class__ is str or {self.ref(mod)}.strict_json_ok({var}, False, 1))"
        return f"{var}.__class__ is str"

    def strict_json_many(self, mod: Namespace, src: str) -> str | None:
        return f"{_use(mod, '_STRS', _STRS)}.issuperset(map(type, {src}))"

    def strict_json_as_is(self, as_text: bool) -> bool:
        return True

    def strict_json_decode(
        self, mod: Namespace, var: str, as_text: bool, version: int, ind: str
    ) -> list[str]:
        lines = [
            f"{ind}if not ({self.strict_json_in(mod, var, as_text, version)}):",
            f"{ind}    raise _No",
        ]
        if self._typed_in(as_text, version):  # a number or a boolean: the text v1 wrote
            lines += self.json_decode(mod, var, "None", ind)
        return lines

    def strict_json_count(self, var: str, as_text: bool, version: int) -> str | None:
        return f"({var}.__class__ is str)" if self._typed_in(as_text, version) else "1"

    def strict_json_items(self, mod: Namespace, src: str, version: int) -> str | None:
        return None if self._typed_in(False, version) else self.strict_json_many(mod, src)

    def strict_json_converts(self, as_text: bool, version: int) -> bool:
        return self._typed_in(as_text, version)

    def strict_json_zero(self, var: str, as_text: bool, version: int) -> str | None:
        return (
            f"({var}.__class__ is int and not {var})" if self._typed_in(as_text, version) else None
        )

    def json_encode(self, mod: Namespace, var: str, seg: str, ind: str, as_text: bool) -> list[str]:
        return self.xml_encode(mod, var, seg, ind)

    def xml_encode(self, mod: Namespace, var: str, seg: str, ind: str) -> list[str]:
        return [
            f"{ind}if {var}.__class__ is not str:",
            f"{ind}    raise {_use(mod, '_type_fail', type_fail)}('a string', {var}, {seg})",
        ]

    def fast_json(self, mod: Namespace, var: str, read: str, as_text: bool) -> tuple[str, str]:
        return self.fast_value(var, read), var

    def fast_xml(self, mod: Namespace, var: str, read: str) -> tuple[str, str]:
        return self.fast_value(var, read), var

    def walk(self, mod: Namespace, src: str, out: str, ind: str) -> list[str]:
        return [f"{ind}{out} = '' if {src} is None else {src}"]

    def read(self, mod: Namespace, src: str, out: str, ind: str) -> list[str]:
        return [f"{ind}{out} = {src}"]


# --------------------------------------------------------------------------- bool


class BoolKind(Kind):
    """Booleans: ``true``/``false`` (JSON literals, or that text in XML and v1 attributes)."""

    name = "bool"
    expected = "a boolean"
    python_type = bool
    attribute_example = ('"true"', "true")

    def is_value(self, value: object) -> bool:
        return type(value) is bool

    def from_text(self, text: str, segment: str | None = None) -> bool:
        return xml_bool(text, segment)

    def to_text(self, value: Any, segment: str | None = None) -> str:
        if type(value) is not bool:
            raise type_fail("a boolean", value, segment)
        return "true" if value else "false"

    def from_json(self, value: Any, segment: str | None = None) -> bool:
        if type(value) is bool:
            return value
        return json_bool(value, segment)

    def to_json_value(self, value: Any, segment: str | None = None) -> bool:
        if type(value) is not bool:
            raise type_fail("a boolean", value, segment)
        return bool(value)

    def schema(self, as_text: bool) -> dict[str, Any]:
        return {"enum": ["false", "true"]} if as_text else {"type": "boolean"}

    def strategy(self) -> st.SearchStrategy[Any]:
        from hypothesis import strategies as st

        return st.booleans()

    def fast_value(self, var: str, first: str | None = None) -> str:
        return f"{first or var}.__class__ is bool"

    def fast_text(self, var: str) -> str:
        return f'("true" if {var} else "false")'  # no quote repr() would escape

    def json_decode(self, mod: Namespace, var: str, seg: str, ind: str) -> list[str]:
        return [
            f"{ind}if {var}.__class__ is not bool:",
            f"{ind}    {var} = {_use(mod, '_json_bool', json_bool)}({var}, {seg})",
        ]

    def strict_json_in(self, mod: Namespace, var: str, as_text: bool, version: int) -> str:
        if as_text:
            return f"{var}.__class__ is str and ({var} == 'true' or {var} == 'false')"
        return f"{var}.__class__ is bool"

    def strict_json_many(self, mod: Namespace, src: str) -> str | None:
        return f"{_use(mod, '_BOOLS', _BOOLS)}.issuperset(map(type, {src}))"

    def strict_json_as_is(self, as_text: bool) -> bool:
        return not as_text

    def json_encode(self, mod: Namespace, var: str, seg: str, ind: str, as_text: bool) -> list[str]:
        lines = [
            f"{ind}if {var}.__class__ is not bool:",
            f"{ind}    raise {_use(mod, '_type_fail', type_fail)}('a boolean', {var}, {seg})",
        ]
        return [*lines, f"{ind}{var} = 'true' if {var} else 'false'"] if as_text else lines

    def fast_json(self, mod: Namespace, var: str, read: str, as_text: bool) -> tuple[str, str]:
        return self.fast_value(var, read), (f"('true' if {var} else 'false')" if as_text else var)

    def fast_xml(self, mod: Namespace, var: str, read: str) -> tuple[str, str]:
        return self.fast_value(var, read), self.fast_text(var)

    def xml_encode(self, mod: Namespace, var: str, seg: str, ind: str) -> list[str]:
        return [*self.json_encode(mod, var, seg, ind, True)]

    def walk(self, mod: Namespace, src: str, out: str, ind: str) -> list[str]:
        return [
            f"{ind}if {src} == 'true':",
            f"{ind}    {out} = True",
            f"{ind}elif {src} == 'false':",
            f"{ind}    {out} = False",
            f"{ind}else:",
            f"{ind}    raise _Defer",
        ]

    def read(self, mod: Namespace, src: str, out: str, ind: str) -> list[str]:
        return [f"{ind}{out} = {_use(mod, '_xml_bool', xml_bool)}({src})"]


# --------------------------------------------------------------------------- enums


class EnumKind(Kind):
    """A string enum; open (declared ``SomeEnum | str``): also any other string, kept as it
    is by lenient decoding, reported (``enum``) by strict decoding and validation."""

    json_string = True
    escapes = True

    def __init__(self, cls: type[enum.Enum], open_: bool) -> None:
        self.cls = cls
        self.open = open_
        self.table = enum_table(cls)
        self.name = f"enum_{cls.__qualname__}{'_open' if open_ else ''}"
        self.expected = f"{cls.__name__} or a string" if open_ else cls.__name__

    def ref_name(self) -> str:
        raise AssertionError("enum snippets name the enum, not the kind")  # pragma: no cover

    def is_value(self, value: object) -> bool:
        return type(value) is self.cls or (self.open and type(value) is str)

    def from_text(self, text: str, segment: str | None = None) -> Any:
        value = self.table.get(text)
        if value is None:
            if not self.open:
                raise enum_fail(self.cls, text, segment)
            return text
        return value

    def to_text(self, value: Any, segment: str | None = None) -> str:
        if type(value) is self.cls:
            return str(value.value)
        if self.open and type(value) is str:
            return str(value)
        raise type_fail(self.expected, value, segment)

    def from_json(self, value: Any, segment: str | None = None) -> Any:
        if type(value) is not str:
            if self.open:
                raise type_fail("a string", value, segment)
            raise enum_fail(self.cls, value, segment)
        return self.from_text(value, segment)

    def strict_text(self, text: str) -> tuple[str, str] | None:
        if self.open and text not in self.table:
            return "enum", enum_fail(self.cls, text, None).message
        return None

    def strict_json(self, value: Any, as_text: bool, version: int) -> tuple[str, str] | None:
        return self.strict_text(value) if type(value) is str else None

    def schema(self, as_text: bool) -> dict[str, Any]:
        schema: dict[str, Any] = {"enum": sorted(m.value for m in self.cls)}
        if self.open:
            schema["$comment"] = (
                f"open enum {self.cls.__name__}: lenient decoding also keeps other strings, "
                "strict decoding reports them"
            )
        return schema

    def strategy(self) -> st.SearchStrategy[Any]:
        from hypothesis import strategies as st

        members = list(self.cls)
        return st.sampled_from(members) if members else st.nothing()

    def json_decode(self, mod: Namespace, var: str, seg: str, ind: str) -> list[str]:
        cls_name, table = mod.enum(self.cls)
        if self.open:  # unknown strings are kept as they are
            return [
                f"{ind}if {var}.__class__ is not str:",
                f"{ind}    raise {_use(mod, '_type_fail', type_fail)}('a string', {var}, {seg})",
                f"{ind}{var} = {table}.get({var}, {var})",
            ]
        return [
            f"{ind}{var}_ = {table}.get({var}) if {var}.__class__ is str else None",
            f"{ind}if {var}_ is None:",
            f"{ind}    raise {_use(mod, '_enum_fail', enum_fail)}({cls_name}, {var}, {seg})",
            f"{ind}{var} = {var}_",
        ]

    def strict_json_in(self, mod: Namespace, var: str, as_text: bool, version: int) -> str:
        return f"{var}.__class__ is str and {var} in {mod.enum(self.cls)[1]}"

    def strict_json_many(self, mod: Namespace, src: str) -> str | None:
        known = f"all(map({mod.enum(self.cls)[1]}.__contains__, {src}))"
        return f"{_use(mod, '_STRS', _STRS)}.issuperset(map(type, {src})) and {known}"

    def strict_json_decode(
        self, mod: Namespace, var: str, as_text: bool, version: int, ind: str
    ) -> list[str]:
        table = mod.enum(self.cls)[1]  # strictly, a known value: a member, open or closed
        return [
            f"{ind}{var}_ = {table}.get({var}) if {var}.__class__ is str else None",
            f"{ind}if {var}_ is None:",
            f"{ind}    raise _No",
            f"{ind}{var} = {var}_",
        ]

    def json_encode(self, mod: Namespace, var: str, seg: str, ind: str, as_text: bool) -> list[str]:
        cls_name, _ = mod.enum(self.cls)
        fail = _use(mod, "_type_fail", type_fail)
        expected = mod.global_for(self.expected, "N")
        if self.open:  # a kept unknown value is written as received
            return [
                f"{ind}if {var}.__class__ is {cls_name}:",
                f"{ind}    {var} = {var}.value",
                f"{ind}elif {var}.__class__ is not str:",
                f"{ind}    raise {fail}({expected}, {var}, {seg})",
            ]
        return [
            f"{ind}if {var}.__class__ is not {cls_name}:",
            f"{ind}    raise {fail}({expected}, {var}, {seg})",
            f"{ind}{var} = {var}.value",
        ]

    def fast_json(self, mod: Namespace, var: str, read: str, as_text: bool) -> tuple[str, str]:
        return f"{read}.__class__ is {mod.enum(self.cls)[0]}", f"{var}.value"

    def xml_encode(self, mod: Namespace, var: str, seg: str, ind: str) -> list[str]:
        return self.json_encode(mod, var, seg, ind, True)

    def fixed_texts(self) -> tuple[str, ...] | None:
        return tuple(m.value for m in self.cls)

    def fast_xml(self, mod: Namespace, var: str, read: str) -> tuple[str, str]:
        return self.fast_json(mod, var, read, True)

    def walk(self, mod: Namespace, src: str, out: str, ind: str) -> list[str]:
        _, table = mod.enum(self.cls)
        if self.open:  # unknown text is kept as it is
            return [
                f"{ind}{out} = '' if {src} is None else {src}",
                f"{ind}{out} = {table}.get({out}, {out})",
            ]
        return [
            f"{ind}{out} = {table}.get({src})",
            f"{ind}if {out} is None:",
            f"{ind}    raise _Defer",
        ]

    def strict_read(self, mod: Namespace, src: str, ind: str) -> list[str]:
        if not self.open:  # `read` refuses what the enum does not know
            return []
        _, table = mod.enum(self.cls)
        return [f"{ind}if {src} not in {table}:", f"{ind}    raise _Doubt"]

    def read(self, mod: Namespace, src: str, out: str, ind: str) -> list[str]:
        cls, table = mod.enum(self.cls)
        if self.open:  # unknown text is kept as it is
            return [f"{ind}{out} = {table}.get({src}, {src})"]
        return [
            f"{ind}{out} = {table}.get({src})",
            f"{ind}if {out} is None:",
            f"{ind}    raise {_use(mod, '_enum_fail', enum_fail)}({cls}, {src}, None)",
        ]


# --------------------------------------------------------------------------- float


#: Decimal text with an optional exponent, as Java writes doubles (``15.0``, ``-0.5``,
#: ``1.0E10``, ``1.5E-7``) and ``repr`` writes floats (``1e-07``, ``1e+16``): no spaces, no
#: sign ``+``, no ``inf``/``nan``/``Infinity``, no ``_``, no hex, ASCII digits only.
_FLOAT_TEXT: Final = re.compile(r"-?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?", re.ASCII)


def _not_finite(value: float, segment: str | None) -> Fail:
    return Fail("range", f"expected a finite number, found {value!r}", segment)


class FloatKind(Kind):
    """Doubles. XML text is read with `float` after a strict check (decimal with an optional
    exponent: Java's ``15.0``, ``-0.5``, ``1.0E10``, ``1.5E-7`` as well as ``1e-07``), so it
    reads exactly; text past the double range is ``range``. A value is written as
    ``repr(value)``, the shortest text that reads back to the same float (``15.0``,
    ``1e-07``, ``1e+16``). JSON: numbers; an integer literal gives a float; ``true``/
    ``false`` are refused; lenient decoding also takes the text form (v1 attributes, where it
    is written so), strict decoding reports it elsewhere. NaN and the infinities are refused
    (``range``) when decoding and encoding, in both formats. In Python a value is a `float`;
    an `int` (not a `bool`) is also written, as the float it converts to (``15`` as
    ``15.0``), since type checkers take an int for a float."""

    name = "float"
    expected = "a number"
    python_type = float
    attribute_example = ('"1.5"', "1.5")

    def is_value(self, value: object) -> bool:
        return type(value) is float and math.isfinite(value)

    def from_text(self, text: str, segment: str | None = None) -> float:
        if len(text) > 400 or _FLOAT_TEXT.fullmatch(text) is None:
            raise Fail("type", f"expected a number, found text {short_text(text)}", segment)
        value = float(text)
        if not math.isfinite(value):
            raise Fail("range", f"expected a finite number, found text {short_text(text)}", segment)
        return value

    def to_text(self, value: Any, segment: str | None = None) -> str:
        return repr(self.to_json_value(value, segment))

    def from_json_value(self, value: Any, segment: str | None = None) -> float:
        if type(value) is float:
            if not math.isfinite(value):
                raise _not_finite(value, segment)
            return value
        if type(value) is int:
            try:
                return float(value)
            except OverflowError:
                raise Fail(
                    "range", "expected a finite number, found a larger integer", segment
                ) from None
        raise type_fail(self.expected, value, segment)

    def to_json_value(self, value: Any, segment: str | None = None) -> float:
        if type(value) is int:  # typing's numeric tower: an int is accepted for a float
            return self.from_json_value(value, segment)
        if type(value) is not float:
            raise type_fail("a float", value, segment)
        if not math.isfinite(value):
            raise _not_finite(value, segment)
        return float(value)

    def schema(self, as_text: bool) -> dict[str, Any]:
        if as_text:
            return {"type": "string", "pattern": f"^(?:{_FLOAT_TEXT.pattern})(?![\\s\\S])"}
        return {"type": "number"}

    def strategy(self) -> st.SearchStrategy[Any]:
        from hypothesis import strategies as st

        return st.floats(allow_nan=False, allow_infinity=False)

    def fast_value(self, var: str, first: str | None = None) -> str:
        return f"{first or var}.__class__ is float and {var} - {var} == 0.0"

    json_number = True

    def strict_json_in(self, mod: Namespace, var: str, as_text: bool, version: int) -> str:
        if as_text:
            return super().strict_json_in(mod, var, as_text, version)
        # an integer literal is a float's value too (orjson's ints are within 64 bits)
        return f"({var}.__class__ is float and {var} - {var} == 0.0 or {var}.__class__ is int)"

    def strict_json_decode(
        self, mod: Namespace, var: str, as_text: bool, version: int, ind: str
    ) -> list[str]:
        if as_text:
            return super().strict_json_decode(mod, var, as_text, version, ind)
        return [
            f"{ind}if {var}.__class__ is int:",
            f"{ind}    {var} = float({var})",
            f"{ind}elif {var}.__class__ is not float or {var} - {var} != 0.0:",
            f"{ind}    raise _No",
        ]

    def fast_text(self, var: str) -> str:
        return f"repr({var})"


# --------------------------------------------------------------------------- datetime


#: What lenient decoding reads as a date and time: ``YYYY-MM-DDThh:mm:ss``, an optional
#: fraction of one to six digits, and a zone: ``Z``, ``+hh:mm``/``-hh:mm`` or ``+hhmm``/
#: ``-hhmm`` (missing: refused with its own message). ASCII digits, upper-case ``T`` and ``Z``,
#: no spaces. The calendar (month, day, hour 0-23, second 0-59, zone up to 23:59) is checked
#: when the value is built.
_DATE_TIME_TEXT: Final = re.compile(
    r"([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})"
    r"(?:\.([0-9]{1,6}))?(Z|[-+][0-9]{2}:?[0-9]{2})?",
    re.ASCII,
)

#: The shape of what the encoders write (either ISO form), ``+00:00`` too: for such text
#: `datetime.fromisoformat` gives the very value `DateTimeKind.read_exact` gives, in a tenth of
#: the time, or raises where it does. Hours and zones are bounded here, since fromisoformat would
#: read ``+05:60`` as +06:00; a fraction of at most three digits is whole milliseconds.
_WRITTEN_SHAPE: Final = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}T(?:[01][0-9]|2[0-3]):[0-9]{2}:[0-9]{2}(?:\.[0-9]{1,3})?"
    r"(?:Z|[-+](?:[01][0-9]|2[0-3]):[0-5][0-9])",
    re.ASCII,
)
_from_iso: Final = datetime.fromisoformat

#: JSON Schema pattern pieces of the written forms (see `DateTimeKind.schema`).
_SCHEMA_DATE: Final = (
    r"(?!0000)[0-9]{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])"
    r"T(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]"
)
_SCHEMA_ZONE: Final = r"(?:Z|[-+](?!00:00)(?:[01][0-9]|2[0-3]):[0-5][0-9])"

_EPOCH: Final = datetime(1970, 1, 1, tzinfo=UTC)
_MILLISECOND: Final = timedelta(milliseconds=1)
#: The epoch milliseconds of the first and last millisecond a `datetime` holds (UTC).
EPOCH_MS_MIN: Final = (datetime.min.replace(tzinfo=UTC) - _EPOCH) // _MILLISECOND
EPOCH_MS_MAX: Final = (
    datetime.max.replace(microsecond=999_000, tzinfo=UTC) - _EPOCH
) // _MILLISECOND


@functools.cache
def _zone(text: str) -> timezone:
    """The fixed zone of zone text that `_DATE_TIME_TEXT` matched (``Z``, ``-05:00``, ``+1000``);
    ``ValueError`` past 23:59. At most a few thousand texts match, so the cache is bounded."""
    if text == "Z":
        return UTC
    hours, minutes = int(text[1:3]), int(text[-2:])
    if minutes > 59:
        raise ValueError(f"zone minutes must be in 0..59, found {text}")
    offset = timedelta(hours=hours, minutes=minutes)
    return timezone(-offset if text[0] == "-" else offset)  # refuses 24:00 and past


def _offset(value: datetime) -> timedelta | None:
    """The UTC offset of ``value``; ``None`` for a naive datetime or a tzinfo that fails to
    give one (its exception is the caller's ``type`` problem, not an escape)."""
    try:
        return value.utcoffset()
    except (ValueError, TypeError, OverflowError):
        return None


def _refusal(value: object, expected: str, segment: str | None, *, minutes: bool) -> Fail:
    """The `Fail` for a value that is not a writable datetime: what is wrong with it."""
    if type(value) is not datetime:
        return type_fail(f"an aware datetime ({expected})", value, segment)
    offset = _offset(value)
    shown = value.replace(tzinfo=None).isoformat()
    if offset is None:
        what = "naive" if value.tzinfo is None else "whose tzinfo gives no offset:"
        return Fail(
            "type",
            f"expected an aware datetime (with a UTC offset), found a datetime {what} {shown}",
            segment,
        )
    if value.microsecond % 1000:
        return Fail(
            "range",
            f"expected a datetime in whole milliseconds, found {shown}: "
            f"{value.microsecond} microseconds would be lost",
            segment,
        )
    if minutes and (offset.microseconds or offset.seconds % 60):
        return Fail(
            "range",
            f"expected a UTC offset in whole minutes, found {offset} ({shown})",
            segment,
        )
    return Fail(
        "range",
        f"expected an instant within years 1 to 9999 UTC, found {value.isoformat()}",
        segment,
    )


class _CalledKind(Kind):
    """A kind whose generated code calls the kind's methods: no inline test would be cheaper
    than the one call that both checks a value and writes it (`written`)."""

    def written(self, value: Any, as_text: bool) -> Any:
        """The JSON value (``as_text``: the text) of a writable ``value``; ``None`` for a value
        this kind does not write (the caller then asks `to_text`/`to_json` what is wrong)."""
        raise NotImplementedError

    def refuse(self, value: Any, segment: str | None) -> Fail:
        """What is wrong with a value `written` turned down."""
        raise NotImplementedError

    def is_value(self, value: object) -> bool:
        return self.written(value, False) is not None

    def to_text(self, value: Any, segment: str | None = None) -> str:
        text = self.written(value, True)
        if text is None:
            raise self.refuse(value, segment)
        return str(text)

    def to_json_value(self, value: Any, segment: str | None = None) -> Any:
        written = self.written(value, False)
        if written is None:
            raise self.refuse(value, segment)
        return written

    def fast_value(self, var: str, first: str | None = None) -> str:
        return f"{self.ref_name()}.is_value({first or var})"

    def json_decode(self, mod: Namespace, var: str, seg: str, ind: str) -> list[str]:
        return [f"{ind}{var} = {self.ref(mod)}.from_json({var}, {seg})"]

    def json_encode(self, mod: Namespace, var: str, seg: str, ind: str, as_text: bool) -> list[str]:
        return [f"{ind}{var} = {self.ref(mod)}.to_json({var}, {as_text}, {seg})"]

    def xml_encode(self, mod: Namespace, var: str, seg: str, ind: str) -> list[str]:
        return [f"{ind}{var} = {self.ref(mod)}.to_text({var}, {seg})"]

    def fast_json(self, mod: Namespace, var: str, read: str, as_text: bool) -> tuple[str, str]:
        as_text = as_text or self.json_string
        return f"({var} := {self.ref(mod)}.written({read}, {as_text})) is not None", var

    def fast_xml(self, mod: Namespace, var: str, read: str) -> tuple[str, str]:
        return f"({var} := {self.ref(mod)}.written({read}, True)) is not None", var


class DateTimeKind(_CalledKind):
    """Aware `datetime.datetime` values as ISO 8601 text, a JSON string in every version.

    Written as PI writes them: ``2017-05-01T11:35:45.745-05:00``, milliseconds always, ``Z``
    for offset zero (``2018-03-29T09:49:43.000Z``), else ``+hh:mm``/``-hh:mm``; the value's own
    offset is kept, so text PI wrote decodes and encodes back to the very same text. The
    ``form="iso_trimmed"`` variant writes java.time's ``ISO_OFFSET_DATE_TIME`` instead: the
    fraction only when the value has one, its trailing zeros dropped
    (``2017-10-12T13:09:39-07:00``, ``...:39.5-07:00``), as some v1 resources do.

    Read leniently (see `_DATE_TIME_TEXT`): with or without a fraction of one to six digits,
    zone ``Z``, ``+hh:mm`` or ``+hhmm`` (``+00:00`` and ``-00:00`` are UTC). A decoded value
    carries a fixed `datetime.timezone` of the text's offset (``datetime.UTC`` for zero).
    Refused, code ``type``: text without a zone (a local time names no instant), anything
    else not of that shape (spaces, ``t``/``z``, no seconds, more than six fraction digits);
    code ``range``: a date or time that does not exist (month 13, February 30, hour 24,
    second 60, year 0, a zone past 23:59), and a fraction finer than a millisecond (it could
    not be written back). Strict decoding and validation also refuse, code ``type``, text that
    is not exactly what the encoder writes for its value (``.745000``, ``+00:00``, ``+0500``,
    a missing or trimmed fraction): PI's own form only.

    Encoding takes a `datetime.datetime` (not a subclass, not a `date`) that is aware (code
    ``type`` for a naive one), in whole milliseconds and with an offset in whole minutes
    (code ``range``: nothing is rounded away). Beware that Python compares aware datetimes by
    instant: two values with different offsets are equal, though they are written apart.
    """

    python_type = datetime
    json_string = True

    def __init__(self, trimmed: bool) -> None:
        self.trimmed = trimmed
        self.name = "datetime_trimmed" if trimmed else "datetime"
        example = "2017-10-12T13:09:39-07:00" if trimmed else "2017-05-01T11:35:45.745-05:00"
        self.expected = f"a date and time as ISO 8601 text with a zone ({example})"

    def parse(self, text: str, segment: str | None, found: str) -> datetime:
        """Text -> value; ``found`` names the text in messages (``text`` or ``string``)."""
        if _WRITTEN_SHAPE.fullmatch(text) is not None:
            try:
                return _from_iso(text)
            except ValueError:  # a day, minute or second out of range: the reading says which
                pass
        return self.read_exact(text, segment, found)

    def read_exact(self, text: str, segment: str | None, found: str) -> datetime:
        """`parse` without its fast path: the reading that defines what is taken."""
        match = _DATE_TIME_TEXT.fullmatch(text) if len(text) <= 40 else None
        if match is None:
            raise Fail(
                "type", f"expected {self.expected}, found {found} {short_text(text)}", segment
            )
        year, month, day, hour, minute, second, fraction, zone = match.groups()
        if zone is None:
            raise Fail(
                "type",
                f"expected {self.expected}, found {found} {short_text(text)} without a zone "
                "(Z or +hh:mm): a local time names no instant",
                segment,
            )
        micro = 0 if fraction is None else int(fraction.ljust(6, "0"))
        if micro % 1000:
            raise Fail(
                "range",
                f"expected a date and time in whole milliseconds, found {found} "
                f"{short_text(text)}: finer than a millisecond, which PI's form cannot carry",
                segment,
            )
        try:
            return datetime(
                int(year), int(month), int(day), int(hour), int(minute), int(second), micro,
                _zone(zone),
            )  # fmt: skip
        except ValueError as exc:
            raise Fail(
                "range",
                f"expected a date and time, found {found} {short_text(text)}: {exc}",
                segment,
            ) from None

    def from_text(self, text: str, segment: str | None = None) -> datetime:
        return self.parse(text, segment, "text")

    def from_json(self, value: Any, segment: str | None = None) -> datetime:
        if type(value) is not str:
            raise type_fail("a string", value, segment)  # as the checker says of JSON strings
        return self.parse(value, segment, "string")

    def written(self, value: Any, as_text: bool) -> str | None:
        if value.__class__ is not datetime or value.microsecond % 1000:
            return None
        offset = _offset(value)
        if offset is None or offset.microseconds or offset.seconds % 60:
            return None
        if self.trimmed:
            millis = value.microsecond // 1000
            text = value.isoformat("T", "seconds")
            fraction = f".{millis:03}".rstrip("0") if millis else ""
            return text[:19] + fraction + (text[19:] if offset else "Z")
        text = value.isoformat("T", "milliseconds")  # positional: keywords cost a fifth more
        return text if offset else text[:23] + "Z"

    def refuse(self, value: Any, segment: str | None) -> Fail:
        return _refusal(value, "ISO 8601 text", segment, minutes=True)

    def strict_text(self, text: str) -> tuple[str, str] | None:
        try:
            canonical = self.written(self.from_text(text), True)
        except Fail:  # lenient decoding reports it
            return None
        if canonical == text:
            return None
        form = "java.time's ISO_OFFSET_DATE_TIME" if self.trimmed else "PI's form"
        return (
            "type",
            f"expected {self.expected}, found text {short_text(text)}: not {form}, "
            f"which writes this value as {canonical!r}",
        )

    def strict_json(self, value: Any, as_text: bool, version: int) -> tuple[str, str] | None:
        return self.strict_text(value) if type(value) is str else None

    def strict_value(self, value: Any) -> datetime | None:
        """The value of a JSON value strict decoding takes (the text this form writes for
        it), else ``None``: `strict_json_ok` and the conversion in one reading."""
        if value.__class__ is not str:
            return None
        try:
            result = self.parse(value, None, "string")
        except Fail:
            return None
        return result if self.written(result, True) == value else None

    def strict_json_in(self, mod: Namespace, var: str, as_text: bool, version: int) -> str:
        return f"{self.ref(mod)}.strict_value({var}) is not None"

    def strict_json_decode(
        self, mod: Namespace, var: str, as_text: bool, version: int, ind: str
    ) -> list[str]:
        return [
            f"{ind}{var} = {self.ref(mod)}.strict_value({var})",
            f"{ind}if {var} is None:",
            f"{ind}    raise _No",
        ]

    def schema(self, as_text: bool) -> dict[str, Any]:
        fraction = r"(?:\.(?:[0-9]{2}[1-9]|[0-9]?[1-9]))?" if self.trimmed else r"\.[0-9]{3}"
        return {
            "type": "string",
            "format": "date-time",
            "pattern": f"^{_SCHEMA_DATE}{fraction}{_SCHEMA_ZONE}(?![\\s\\S])",
            "$comment": "the pattern does not know the calendar (February 30): strict "
            "decoding reports such a date (range)",
        }

    def strategy(self) -> st.SearchStrategy[Any]:
        return _datetimes(datetime.min, datetime.max)


def _datetimes(low: datetime, high: datetime) -> st.SearchStrategy[datetime]:
    """Aware datetimes from ``low`` to ``high`` (naive bounds, local time) in whole
    milliseconds, with offsets in whole minutes: UTC, PI's usual ones and the extremes often,
    any other too, negative ones included."""
    from hypothesis import strategies as st

    extreme = 23 * 60 + 59
    minutes = st.one_of(
        st.sampled_from([0, -5 * 60, -7 * 60, 10 * 60, 5 * 60 + 30, -extreme, extreme]),
        st.integers(-extreme, extreme),
    )
    zones = minutes.map(lambda m: timezone(timedelta(minutes=m)))
    drawn = st.datetimes(min_value=low, max_value=high, timezones=zones)
    return drawn.map(lambda d: d.replace(microsecond=d.microsecond - d.microsecond % 1000))


def _epoch_text_pattern() -> str:
    """The pattern of canonical decimal text of the epoch milliseconds a datetime holds."""
    return f"^(?:0|{_at_most(str(EPOCH_MS_MAX))}|-(?:{_at_most(str(-EPOCH_MS_MIN))}))(?![\\s\\S])"


class EpochMillisKind(_CalledKind):
    """Aware datetimes as milliseconds since 1970-01-01T00:00Z (``form="epoch_ms"``: PI's
    ``long`` time fields, ``"collectionTime": 1494512992280``): an integer as the int kind
    reads and writes one (canonical decimal text in XML and v1 attributes, a JSON number
    elsewhere, a JSON string leniently and not strictly), within the instants a datetime
    holds (years 1 to 9999 UTC; ``range`` past them). A decoded value is in UTC
    (``datetime.UTC``). Encoding takes any aware datetime in whole milliseconds and writes its
    instant: the offset is not on the wire (refusals as for `DateTimeKind`)."""

    name = "datetime_epoch_ms"
    expected = "an integer of epoch milliseconds"
    python_type = datetime
    attribute_example = ('"1494512992280"', "1494512992280")
    json_number = True

    @staticmethod
    def from_millis(millis: int, segment: str | None) -> datetime:
        if not EPOCH_MS_MIN <= millis <= EPOCH_MS_MAX:
            raise Fail(
                "range",
                f"expected epoch milliseconds within years 1 to 9999 "
                f"({EPOCH_MS_MIN} to {EPOCH_MS_MAX}), found {millis}",
                segment,
            )
        return _EPOCH + timedelta(milliseconds=millis)

    def from_text(self, text: str, segment: str | None = None) -> datetime:
        return self.from_millis(xml_int(text, segment), segment)

    def from_json_value(self, value: Any, segment: str | None = None) -> datetime:
        return self.from_millis(json_int(value, segment), segment)

    def written(self, value: Any, as_text: bool) -> int | str | None:
        if value.__class__ is not datetime or _offset(value) is None:
            return None
        try:
            millis, rest = divmod(value - _EPOCH, _MILLISECOND)
        except (ValueError, TypeError, OverflowError):  # a tzinfo that answers only once
            return None
        if rest or not EPOCH_MS_MIN <= millis <= EPOCH_MS_MAX:
            return None
        return str(millis) if as_text else millis

    def refuse(self, value: Any, segment: str | None) -> Fail:
        return _refusal(value, "epoch milliseconds", segment, minutes=False)

    def strict_json_in(self, mod: Namespace, var: str, as_text: bool, version: int) -> str:
        if as_text:
            return super().strict_json_in(mod, var, as_text, version)
        return f"{var}.__class__ is int and {EPOCH_MS_MIN} <= {var} <= {EPOCH_MS_MAX}"

    def schema(self, as_text: bool) -> dict[str, Any]:
        if as_text:
            return {"type": "string", "pattern": _epoch_text_pattern()}
        return {"type": "integer", "minimum": EPOCH_MS_MIN, "maximum": EPOCH_MS_MAX}

    def strategy(self) -> st.SearchStrategy[Any]:
        # A day inside the bounds: any offset then keeps the instant within years 1 to 9999.
        return _datetimes(datetime.min + timedelta(days=1), datetime.max - timedelta(days=1))


# --------------------------------------------------------------------------- lookup


INT: Final = IntKind()
STR: Final = StrKind()


class _StrAttributeKind(StrKind):
    """Strings in attributes: a JSON string in every version (v1 types element text only)."""

    name = "str_attribute"
    typed = False


STR_ATTRIBUTE: Final = _StrAttributeKind()
BOOL: Final = BoolKind()
FLOAT: Final = FloatKind()
DATETIME: Final = DateTimeKind(trimmed=False)
DATETIME.forms = MappingProxyType(
    {"iso_trimmed": DateTimeKind(trimmed=True), "epoch_ms": EpochMillisKind()}
)


#: The kinds of plain Python types, by type (enums: `EnumKind`, one per class and openness).
class TextKind(_CalledKind):
    """A user's value type written as text (`codec.value_kind`): XML text, a JSON string in
    every version (v1 attributes too), through the user's ``parse`` and ``write``.

    Reading: ``parse(text)`` gives the value; any exception it raises, or a result that is not
    an instance of the type, is a ``type`` problem at the field's path, with the exception's
    message. Strict reading also wants the text in the form ``write`` gives back (``type``
    otherwise, naming that form), as for every kind with one written form. Writing: a value
    must be an instance of the type and ``write`` must return a `str`; anything else, or an
    exception from ``write``, is an `EncodeError` at the field's path."""

    json_string = True
    escapes = True

    def __init__(
        self,
        tp: type[Any],
        parse: Callable[[str], Any],
        write: Callable[[Any], str],
        name: str,
        json_schema: dict[str, Any] | None,
        strategy: st.SearchStrategy[Any] | None,
    ) -> None:
        self.python_type = tp
        self.parse = parse
        self.write = write
        self.name = name
        self.expected = f"a {tp.__name__}"
        self.json_schema = dict(json_schema or {})
        self.values = strategy

    def from_text(self, text: str, segment: str | None = None) -> Any:
        try:
            value = self.parse(text)
        except Exception as exc:  # the user's parser: whatever it raises is a bad text
            raise Fail(
                "type",
                f"expected {self.expected}, found text {short_text(text)}: "
                f"{type(exc).__name__}: {exc}",
                segment,
            ) from None
        assert self.python_type is not None
        if not isinstance(value, self.python_type):
            raise Fail(
                "type",
                f"expected {self.expected}, found text {short_text(text)}: its parser "
                f"returned {describe_value(value)}",
                segment,
            )
        return value

    def from_json(self, value: Any, segment: str | None = None) -> Any:
        if type(value) is not str:
            raise type_fail("a string", value, segment)
        return self.from_text(value, segment)

    def written(self, value: Any, as_text: bool) -> Any:
        assert self.python_type is not None
        if not isinstance(value, self.python_type):
            return None
        try:
            text = self.write(value)
        except Exception:  # said by `refuse`, which asks again
            return None
        return text if type(text) is str else None

    def refuse(self, value: Any, segment: str | None) -> Fail:
        assert self.python_type is not None
        if not isinstance(value, self.python_type):
            return type_fail(self.expected, value, segment)
        try:
            text = self.write(value)
        except Exception as exc:
            return Fail("type", f"cannot write {value!r}: {type(exc).__name__}: {exc}", segment)
        return Fail("type", f"its writer returned {describe_value(text)}, not a string", segment)

    def strict_text(self, text: str) -> tuple[str, str] | None:
        written = self.written(self.from_text(text), True)
        if written != text:
            return "type", f"{short_text(text)} is not in its written form {written!r}"
        return None

    def strict_json(self, value: Any, as_text: bool, version: int) -> tuple[str, str] | None:
        return self.strict_text(value) if type(value) is str else None

    def schema(self, as_text: bool) -> dict[str, Any]:
        return {"type": "string", **self.json_schema}

    def strategy(self) -> st.SearchStrategy[Any]:
        if self.values is None:
            raise DeclarationError(
                f"value kind {self.name!r}: no strategy was given to codec.value_kind "
                "(strategy=...), so codec.testing cannot draw its values"
            )
        return self.values


KINDS: Final[dict[type[Any], Kind]] = {
    kind.python_type: kind
    for kind in (INT, STR, BOOL, FLOAT, DATETIME)
    if kind.python_type is not None
}


def value_kind(
    tp: type[Any],
    *,
    parse: Callable[[str], Any],
    write: Callable[[Any], str],
    json_schema: dict[str, Any] | None = None,
    strategy: st.SearchStrategy[Any] | None = None,
) -> None:
    """Make ``tp`` a value type that fields may hold, written as text by ``write`` and read
    by ``parse`` (see `TextKind`): for example ``ipaddress.IPv4Address`` with ``parse=
    IPv4Address`` and ``write=str``. Every path takes it from there: decoding (lenient and
    strict, every version and format), encoding, `validate`, the JSON Schema (a string, plus
    ``json_schema``: e.g. a ``pattern`` or ``format``) and `codec.testing` (``strategy``, a
    Hypothesis strategy of values). Register a type once, before declaring the models that
    hold it; a type that already has a kind (built-in, an enum, a model, or registered) is a
    `DeclarationError`."""
    where = "codec.value_kind"
    if not isinstance(tp, type):
        raise DeclarationError(f"{where}: {tp!r} is not a class")
    if tp in KINDS or issubclass(tp, enum.Enum) or getattr(tp, "__attrs_attrs__", None):
        raise DeclarationError(f"{where}: {tp.__qualname__} already has a kind or is a model")
    if not callable(parse) or not callable(write):
        raise DeclarationError(f"{where}: parse and write must be callables")
    if json_schema is not None and not isinstance(json_schema, dict):
        raise DeclarationError(f"{where}: json_schema must be a dict")
    KINDS[tp] = TextKind(tp, parse, write, tp.__qualname__, json_schema, strategy)


def kind_for(tp: Any, open_: bool, where: str, form: object = None) -> Kind:
    """The kind of declared value type ``tp`` (``open_``: an enum declared ``E | str``) in
    wire form ``form`` (``None``: the kind's own); `DeclarationError` for a type no kind
    takes, or a form its kind does not have."""
    kind = _kind_of(tp, open_, where)
    if form is None:
        return kind
    chosen = kind.forms.get(form) if isinstance(form, str) else None
    if chosen is None:
        known = ", ".join(map(repr, kind.forms)) or "none but its own"
        raise DeclarationError(
            f"{where}: form {form!r} is not a wire form of {tp!r} (its forms: {known})"
        )
    return chosen


def _kind_of(tp: Any, open_: bool, where: str) -> Kind:
    kind = KINDS.get(tp) if isinstance(tp, type) else None
    if kind is not None:
        return kind
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        if not all(isinstance(m.value, str) for m in tp):
            raise DeclarationError(f"{where}: enum {tp.__name__} must have string values")
        # Not cached here: plans are (weakly, per class), and a dropped enum must be freed.
        return EnumKind(tp, open_)
    names = ", ".join(t.__name__ for t in KINDS)
    raise DeclarationError(
        f"{where}: type {tp!r} is not one of {names}, a string enum or a codec model"
    )
