"""Value kinds (`codec._kinds`): one home per kind, and float, the kind added there alone."""

from __future__ import annotations

import decimal
import math
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import codec
from codec._kinds import FLOAT, INT, KINDS, Kind
from codec._values import Fail
from codec.testing import models, payloads

VERSIONS = (1, 2, 3, 4)
FORMATS = ("xml", "json")


@codec.model()
class Point:
    """Floats in an attribute and in text."""

    value: float = codec.text()
    weight: float | None = codec.attribute(default=None)


@codec.model(root="floor")
class Floor:
    """A float in every field kind."""

    scale: float = codec.attribute()
    x: float = codec.element("XCoordinate")
    y: float | None = codec.element("YCoordinate", default=None)
    widths: Sequence[float] = codec.wrapped("widths", "width", default=())
    heights: Sequence[float] = codec.repeated("height", default=())
    points: Sequence[Point] = codec.repeated("point", default=())


def _xml(body: str, scale: str = "1.0") -> bytes:
    return f'<floor scale="{scale}">{body}</floor>'.encode()


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("fmt", FORMATS)
def test_floats_round_trip_in_every_version_and_format(version: int, fmt: str) -> None:
    """A drawn model with floats in every field kind decodes back equal, leniently and
    strictly, validates, and its payload is written again byte for byte."""

    @settings(max_examples=60)
    @given(models(Floor))
    def check(model: Floor) -> None:
        data = codec.encode(model, version=version, format=fmt)
        assert codec.decode(data, Floor, version=version, format=fmt) == model
        assert codec.decode(data, Floor, version=version, format=fmt, strict=True) == model
        report = codec.validate(data, Floor, version=version, format=fmt)
        assert report.ok, report.problems

    check()

    @settings(max_examples=30)
    @given(payloads(Floor, version=version, format=fmt))
    def again(data: bytes) -> None:
        model = codec.decode(data, Floor, version=version, format=fmt, strict=True)
        assert codec.encode(model, version=version, format=fmt) == data

    again()


def test_java_forms_decode_exactly() -> None:
    """XML text as Java writes doubles reads exactly, in every decoder (tree and stream)."""
    body = (
        "<XCoordinate>1.0E10</XCoordinate><YCoordinate>-0.5</YCoordinate>"
        "<widths><width>15.0</width><width>1.5E-7</width></widths>"
        '<point weight="2.5E+3">7</point>'
    )
    # The second is past the tree walker's size limit: the streaming reader decodes it.
    for data in (_xml(body), _xml(body + "<!--" + "x" * 600_000 + "-->")):
        floor = codec.decode(data, Floor, version=3, format="xml", strict=True)
        assert floor.x == 1.0e10
        assert floor.y == -0.5
        assert floor.widths == (15.0, 1.5e-7)
        assert floor.points == (Point(7.0, weight=2500.0),)
        assert all(type(v) is float for v in (floor.x, floor.points[0].value))


def test_written_form_reads_back() -> None:
    """A float is written as ``repr``: the shortest text that reads back to the same float;
    an int given for a float is written as that float, a bool is refused."""
    assert b"<XCoordinate>15.0</XCoordinate>" in codec.encode(
        Floor(scale=1, x=15), version=2, format="xml"
    )
    assert (
        orjson.loads(codec.encode(Floor(scale=1, x=15), version=2, format="json"))["floor"][
            "@scale"
        ]
        == 1.0
    )
    with pytest.raises(codec.EncodeError, match="expected a float, found boolean true"):
        codec.encode(Floor(scale=1.0, x=True), version=2, format="json")
    model = Floor(scale=1e16, x=15.0, y=1e-07, widths=(0.1,))
    xml = codec.encode(model, version=2, format="xml").decode()
    assert 'scale="1e+16"' in xml
    assert "<XCoordinate>15.0</XCoordinate>" in xml
    assert "<YCoordinate>1e-07</YCoordinate>" in xml
    assert "<width>0.1</width>" in xml
    v1 = orjson.loads(codec.encode(model, version=1, format="json"))
    assert v1["floor"]["@scale"] == "1e+16"
    assert v1["floor"]["XCoordinate"] == 15.0


@pytest.mark.parametrize(
    "text",
    ["nan", "NaN", "inf", "-Infinity", " 1.0", "1.0 ", "1_0.0", "0x1p3", "+1.0", "", "1e999"],
)
def test_bad_xml_text_is_refused_with_a_path(text: str) -> None:
    """Text that is not a finite decimal number is ``type`` (``range`` past double) at its
    path, in lenient and strict decoding, and validation agrees."""
    data = _xml(f"<XCoordinate>{text}</XCoordinate>")
    for strict in (False, True):
        with pytest.raises(codec.DecodeError) as info:
            codec.decode(data, Floor, version=2, format="xml", strict=strict)
        assert info.value.path == "$.floor.XCoordinate"
        assert info.value.code == ("range" if text == "1e999" else "type")
    report = codec.validate(data, Floor, version=2, format="xml")
    assert not report.ok


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf])
def test_non_finite_values_are_not_encoded(value: float) -> None:
    """NaN and the infinities are an `EncodeError` at their path, in every format."""
    for fmt in FORMATS:
        for model, path in (
            (Floor(scale=1.0, x=value), "$.floor.XCoordinate"),
            (Floor(scale=value, x=1.0), "$.floor['@scale']"),
            (Floor(scale=1.0, x=1.0, widths=(1.0, value)), "$.floor.widths.width[1]"),
            (Floor(scale=1.0, x=1.0, points=(Point(value),)), "$.floor.point[0]['$']"),
        ):
            with pytest.raises(codec.EncodeError) as info:
                codec.encode(model, version=1, format=fmt)
            assert info.value.code == "range", (fmt, model)
            assert info.value.path.replace("['$']", "") == path.replace("['$']", ""), fmt


def _code(data: bytes, version: int, strict: bool) -> str | None:
    """The code of the first problem of decoding JSON ``data`` as a `Floor`, if any."""
    try:
        codec.decode(data, Floor, version=version, format="json", strict=strict)
    except codec.DecodeError as exc:
        return exc.code
    return None


def test_json_numbers() -> None:
    """JSON: an integer literal gives a float; a bool, NaN-like text and v1 strings outside
    attributes are refused (strictly) as for int; validation agrees with strict decoding."""

    def doc(**fields: Any) -> bytes:
        return orjson.dumps({"floor": {"@scale": 1, "XCoordinate": 2.5, **fields}})

    floor = codec.decode(doc(), Floor, version=2, format="json", strict=True)
    assert floor.scale == 1.0
    assert type(floor.scale) is float
    cases: list[tuple[bytes, int, str | None, str | None]] = [
        # data, version, lenient problem code, strict problem code
        (doc(XCoordinate=True), 2, "type", "type"),
        (doc(XCoordinate="2.5"), 2, None, "type"),
        (doc(XCoordinate="nan"), 2, "type", "type"),
        (doc(XCoordinate="1e999"), 2, "range", "range"),
        (doc(**{"@scale": "1.5E3"}), 1, None, None),
        (doc(**{"@scale": 1.5}), 1, None, "shape"),
    ]
    for data, version, lenient, strict in cases:
        for mode, code in ((False, lenient), (True, strict)):
            assert _code(data, version, mode) == code, (data, mode)
        report = codec.validate(data, Floor, version=version, format="json")
        assert report.ok == (strict is None), (data, report.problems)


def test_schema_and_diff() -> None:
    """The schema says ``number`` (a string pattern in v1 attributes) and the version diff
    names float attributes."""
    schema = codec.json_schema(Floor, version=2)
    props = schema["$defs"]["Floor"]["properties"]
    assert props["XCoordinate"] == {"type": "number"}
    v1 = codec.json_schema(Floor, version=1)
    pattern = v1["$defs"]["Floor"]["properties"]["@scale"]["pattern"]
    assert re.search(pattern, "1.0E10")
    assert not re.search(pattern, "nan")
    lines = codec.version_diff(Floor, 1, 2)
    assert any("@scale" in line and "a number" in line for line in lines), lines


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_float_text_round_trips(value: float) -> None:
    """Every finite float's text reads back to the same float (the kind itself)."""
    assert FLOAT.from_text(FLOAT.to_text(value)) == value


def test_unsupported_types_are_declaration_errors() -> None:
    """A field of a type no kind takes fails loudly when the model is declared."""
    with pytest.raises(
        codec.DeclarationError, match=r"WithComplex\.value: type .* is not one of int"
    ):

        @codec.model(root="bad")
        class WithComplex:
            value: complex = codec.element()

    with pytest.raises(
        codec.DeclarationError, match=r"WithBytes\.value: type .* is not one of int"
    ):

        @codec.model(root="bad")
        class WithBytes:
            value: bytes | None = codec.attribute(default=None)


# Modules whose per-kind behaviour must come from _kinds: no branch on a value type there.
_ASKERS = (
    "_plan",
    "_json",
    "_xml",
    "_xml_walker",
    "_xml_reader",
    "_check",
    "_schema",
    "_diff",
    "testing",
)
_PER_KIND = re.compile(
    r"ScalarKind\.(?!MODEL\b|VALUE\b|UNION\b)\w+"
    r"|\bis (?:not )?(?:int|bool|float)\b"
    r"|\b(?:xml_int|json_int|xml_bool|json_bool|enum_fail|enum_table|int_fail)\b"
)


@pytest.mark.parametrize("name", _ASKERS)
def test_kinds_have_one_home(name: str) -> None:
    """Generators, reader, walker, checker, schema, diff and testing hold no per-kind branch:
    they ask `codec._kinds`."""
    source = (Path(codec.__file__).parent / f"{name}.py").read_text()
    found = [m.group() for m in _PER_KIND.finditer(source)]
    assert not found, f"{name}: {found}"


def test_ints_keep_their_fast_paths() -> None:
    """The int kind provides the hand-tuned inline snippets (no call on the fast path)."""
    assert (
        INT.fast_value("v")
        == "v.__class__ is int and -9223372036854775808 <= v <= 9223372036854775807"
    )
    assert INT.bulk is not None


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize(
    "value", [1.5, 2, -0.0, 1e300, "1.0E10", "1e-07", "nan", "1.0 ", True, None, [1.5]]
)
def test_schema_agrees_with_strict_decoding(version: int, value: Any) -> None:
    """The JSON Schema of float fields takes what strict decoding takes, element and v1
    attribute alike."""
    from tests.test_schema import schema_ok, strict_ok

    for key in ("XCoordinate", "@scale"):
        doc = {"floor": {"@scale": "1.0" if version == 1 else 1.0, "XCoordinate": 1.0}}
        doc["floor"][key] = value
        data = orjson.dumps(doc)
        assert schema_ok(doc, Floor, version) == strict_ok(data, Floor, version), (key, data)


class _DecimalKind(Kind):
    """A kind declared outside the library: decimals, written as JSON strings."""

    name = "decimal"
    expected = "a decimal"
    python_type = decimal.Decimal
    json_string = True

    def is_value(self, value: object) -> bool:
        return type(value) is decimal.Decimal and value.is_finite()

    def from_text(self, text: str, segment: str | None = None) -> Any:
        if re.fullmatch(r"-?[0-9]+(?:\.[0-9]+)?", text) is None:
            raise Fail("type", f"expected a decimal, found {text!r}", segment)
        return decimal.Decimal(text)

    def to_text(self, value: Any, segment: str | None = None) -> str:
        if not self.is_value(value):
            raise Fail("type", f"expected a decimal, found {value!r}", segment)
        return str(value)

    def from_json(self, value: Any, segment: str | None = None) -> Any:
        if type(value) is not str:
            raise Fail("type", f"expected a decimal string, found {value!r}", segment)
        return self.from_text(value, segment)

    def schema(self, as_text: bool) -> dict[str, Any]:
        return {"type": "string", "pattern": r"^-?[0-9]+(?:\.[0-9]+)?$"}

    def strategy(self) -> st.SearchStrategy[Any]:
        return st.decimals(allow_nan=False, allow_infinity=False, places=3)

    def fast_value(self, var: str, first: str | None = None) -> str:
        return f"{first or var}.__class__ is {self.ref_name()}.python_type"


def test_a_kind_needs_only_its_own_home(monkeypatch: pytest.MonkeyPatch) -> None:
    """A kind added to the registry of `_kinds` alone works in every generator, the checker,
    the schema and `codec.testing`: nothing else knows the kinds one by one."""
    monkeypatch.setitem(KINDS, decimal.Decimal, _DecimalKind())

    @codec.model(root="price")
    class Price:
        amount: decimal.Decimal = codec.attribute()
        net: decimal.Decimal | None = codec.element(default=None)
        steps: Sequence[decimal.Decimal] = codec.wrapped("steps", "step", default=())

    @settings(max_examples=30)
    @given(models(Price))
    def check(model: Any) -> None:
        for version in VERSIONS:
            for fmt in FORMATS:
                data = codec.encode(model, version=version, format=fmt)
                assert codec.decode(data, Price, version=version, format=fmt, strict=True) == model
                assert codec.validate(data, Price, version=version, format=fmt).ok

    check()
    schema = codec.json_schema(Price, version=2)
    net, nil = schema["$defs"]["Price"]["properties"]["net"]["anyOf"]  # optional: or nil
    assert net["type"] == "string"
    assert nil == {"$ref": "#/$defs/xsi_nil"}
    with pytest.raises(codec.DecodeError) as info:
        codec.decode(b'<price amount="x1"/>', Price, version=2, format="xml")
    assert info.value.path == "$.price['@amount']"
