# ruff: noqa: ARG002  (kinds override these hooks; the defaults ignore some arguments)
"""Value kinds: one object per kind of scalar value (int, str, bool, float, enum, open enum),
the one place that says how that kind is tested, read and written in every format.

A kind defines, once:

* its Python type test (`Kind.is_value`);
* XML text parsing and writing (`Kind.from_text`, `Kind.to_text`), which are also its v1
  attribute-string form (v1 writes attribute values as strings: see `_versions`);
* JSON parsing, lenient (`Kind.from_json`) and what strict decoding and validation also
  refuse (`Kind.strict_json`, `Kind.strict_text`), and JSON writing (`Kind.to_json`);
* its JSON Schema fragment (`Kind.schema`) and its Hypothesis strategy (`Kind.strategy`);
* the snippets the code generators emit for it. The defaults are "an inline fast test, else
  the slow conversion method of the kind, called from the generated code" (the kind object is
  put in the generated module's namespace); int, str, bool and enums override them with the
  hand-tuned inline code that keeps the generated fast paths fast.

`kind_for` maps a declared Python type to its kind and fails loudly (`DeclarationError`) for
a type no kind takes. Slow functions raise `Fail` (from `_values`) with code ``type``,
``range`` or ``enum``; ``segment`` is the path segment of the value, if any.

Generated-code conventions the snippets rely on: ``seg`` is a Python expression for the
failure's path segment (``"None"`` inside loops); the XML tree walker's snippets raise
``_Defer`` to let the streaming reader decide an input, and get ``None`` for an empty element.
"""

from __future__ import annotations

import enum
import math
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Final, Protocol

from ._errors import DeclarationError, describe_value, short_text
from ._values import (
    INT64_MAX,
    INT64_MIN,
    Fail,
    check_ints,
    enum_fail,
    enum_table,
    int_fail,
    json_bool,
    json_int,
    json_ints,
    json_strs,
    type_fail,
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


__all__ = ["BOOL", "FLOAT", "INT", "KINDS", "STR", "EnumKind", "Kind", "kind_for"]

_INT64: Final = "-9223372036854775808 <= {v} <= 9223372036854775807"


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

    #: streaming reader: batch conversion of item texts (texts, start, item segment), if any
    bulk: Callable[[list[str], int, str], list[Any]] | None = None


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
        return [
            f"{ind}try:",
            f"{ind}    {out} = int({src})",
            f"{ind}except (TypeError, ValueError):",
            f"{ind}    raise _Defer from None",
            f"{ind}if str({out}) != {src} or not {_INT64.format(v=out)}:",
            f"{ind}    raise _Defer",
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

    def from_json(self, value: Any, segment: str | None = None) -> str:
        if type(value) is not str:
            raise type_fail("a string", value, segment)
        return str(value)

    def schema(self, as_text: bool) -> dict[str, Any]:
        return {"type": "string"}

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
            st.text(chars, max_size=40),
        )

    def fast_value(self, var: str, first: str | None = None) -> str:
        return f"{first or var}.__class__ is str"

    def fast_text(self, var: str) -> str:
        return var

    def json_decode(self, mod: Namespace, var: str, seg: str, ind: str) -> list[str]:
        return [
            f"{ind}if {var}.__class__ is not str:",
            f"{ind}    raise {_use(mod, '_type_fail', type_fail)}('a string', {var}, {seg})",
        ]

    def json_decode_many(self, mod: Namespace, src: str) -> str | None:
        return f"{_use(mod, '_json_strs', json_strs)}({src})"

    def json_encode(self, mod: Namespace, var: str, seg: str, ind: str, as_text: bool) -> list[str]:
        return self.json_decode(mod, var, seg, ind)

    def xml_encode(self, mod: Namespace, var: str, seg: str, ind: str) -> list[str]:
        return self.json_decode(mod, var, seg, ind)

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

    def fast_text(self, var: str) -> str:
        return f"repr({var})"


# --------------------------------------------------------------------------- lookup


INT: Final = IntKind()
STR: Final = StrKind()
BOOL: Final = BoolKind()
FLOAT: Final = FloatKind()

#: The kinds of plain Python types, by type (enums: `EnumKind`, one per class and openness).
KINDS: Final[dict[type[Any], Kind]] = {
    kind.python_type: kind for kind in (INT, STR, BOOL, FLOAT) if kind.python_type is not None
}


def kind_for(tp: Any, open_: bool, where: str) -> Kind:
    """The kind of declared value type ``tp`` (``open_``: an enum declared ``E | str``);
    `DeclarationError` for a type no kind takes."""
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
