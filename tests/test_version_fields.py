"""Fields of some API versions only (issue [real-servers], "one field, two shapes across
versions"): ``versions=`` on a field helper.

What the vendor pages and captures show: ``collectionStatus`` was added to Devices in v3, and
InventoryDetails' ``ethernetInterface.speed`` is an object ``{instanceId, instanceVersion,
units, longAmount}`` in v1 and a plain number in v3. So a field may be limited to some
versions, and two fields may share one wire name in disjoint versions. Encoding writes a
field only in its versions; decoding reads it only there (elsewhere it is content the model
does not declare, which strict decoding and `validate` report, saying where it is declared);
the schema of a version holds that version's fields; `version_diff` names the changes.
"""

from __future__ import annotations

import jsonschema
import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import codec
from codec.testing import models

VERSIONS = (1, 2, 3, 4)


@codec.model()
class Speed:
    instance_id: int | None = codec.element(default=None)
    units: str | None = codec.element(default=None)
    long_amount: int | None = codec.element(default=None)


@codec.model(root="ethernetInterface")
class Interface:
    collection_status: str | None = codec.attribute(default=None, versions=(3, 4))
    name: str | None = codec.element(default=None)
    speed_v1: Speed | None = codec.element("speed", default=None, versions=(1,))
    speed: int | None = codec.element(default=None, versions=(2, 3, 4))
    aliases: tuple[str, ...] = codec.wrapped("aliases", "alias", default=(), versions=(4,))


FULL = Interface("ok", "eth0", Speed(7, "bps", 1000), 1000, ("uplink",))


def test_each_version_writes_its_own_fields() -> None:
    assert codec.encode(FULL, version=1, format="xml").endswith(
        b"<ethernetInterface><name>eth0</name><speed><instanceId>7</instanceId><units>bps"
        b"</units><longAmount>1000</longAmount></speed></ethernetInterface>"
    )
    assert codec.encode(FULL, version=3, format="xml").endswith(
        b'<ethernetInterface collectionStatus="ok"><name>eth0</name><speed>1000</speed>'
        b"</ethernetInterface>"
    )
    v4 = orjson.loads(codec.encode(FULL, version=4, format="json"))["ethernetInterface"]
    assert v4 == {
        "@collectionStatus": "ok",
        "aliases": {"alias": ["uplink"]},
        "name": "eth0",
        "speed": 1000,
    }
    v1 = orjson.loads(codec.encode(FULL, version=1, format="json"))["ethernetInterface"]
    assert v1 == {"name": "eth0", "speed": {"instanceId": 7, "units": "bps", "longAmount": 1000}}


@pytest.mark.parametrize("fmt", ["xml", "json"])
def test_a_field_outside_its_versions_is_undeclared_content(fmt: str) -> None:
    v3 = codec.encode(FULL, version=3, format=fmt)
    problems = codec.validate(v3, Interface, version=1, format=fmt).problems
    status = [p for p in problems if "collectionStatus" in p.path]
    assert status[0].code == "unknown"
    assert "declares it in v3, v4 only" in status[0].message
    # lenient v1 reads what v1 declares: where v1 holds an object, JSON's number is refused
    # and XML's text is stray text in an empty object (which strict decoding reports)
    assert "$.ethernetInterface.speed" in [p.path for p in problems]
    if fmt == "json":
        with pytest.raises(codec.DecodeError) as info:
            codec.decode(v3, Interface, version=1, format=fmt)
        assert info.value.path == "$.ethernetInterface.speed"
    else:
        lenient = codec.decode(v3, Interface, version=1, format=fmt)
        assert lenient == Interface(name="eth0", speed_v1=Speed())
    v1 = codec.encode(FULL, version=1, format=fmt)
    decoded = codec.decode(v1, Interface, version=1, format=fmt, strict=True)
    assert decoded == Interface(name="eth0", speed_v1=Speed(7, "bps", 1000))


@settings(max_examples=40, deadline=None)
@given(st.data(), st.sampled_from(VERSIONS), st.sampled_from(["xml", "json"]))
def test_models_of_a_version_round_trip_strictly(
    data: st.DataObject, version: int, fmt: str
) -> None:
    value = data.draw(models(Interface, version=version))
    raw = codec.encode(value, version=version, format=fmt)
    assert codec.decode(raw, Interface, version=version, format=fmt, strict=True) == value
    assert codec.validate(raw, Interface, version=version, format=fmt).ok
    if fmt == "json":
        jsonschema.validate(orjson.loads(raw), codec.json_schema(Interface, version=version))


def test_the_schema_and_the_diff_show_the_versions() -> None:
    v1 = codec.json_schema(Interface, version=1)["$defs"]["Interface"]["properties"]
    v4 = codec.json_schema(Interface, version=4)["$defs"]["Interface"]["properties"]
    assert set(v1) == {"name", "speed"}
    assert set(v4) == {"@collectionStatus", "aliases", "name", "speed"}
    assert v1["speed"]["anyOf"][0] == {"$ref": "#/$defs/Speed"}
    diff = codec.version_diff(Interface, 1, 4)
    assert "field $.ethernetInterface.speed: Speed in v1, an integer in v4" in diff
    assert "field $.ethernetInterface['@collectionStatus']: not in v1, in v4" in diff
    assert "field $.ethernetInterface.aliases: not in v1, in v4" in diff
    assert diff[-1].startswith("XML: the fields above change")
    assert codec.version_diff(Interface, 2, 3)[0] == (
        "field $.ethernetInterface['@collectionStatus']: not in v2, in v3"
    )


def test_version_declaration_mistakes_are_named() -> None:
    with pytest.raises(codec.DeclarationError, match="needs a default"):

        @codec.model(root="x")
        class NoDefault:
            a: int = codec.element(versions=(1,))

    with pytest.raises(codec.DeclarationError, match="expected some of"):

        @codec.model(root="x")
        class Unknown:
            a: int | None = codec.element(default=None, versions=(5,))

    with pytest.raises(codec.DeclarationError, match="expected API version numbers"):
        codec.element(default=None, versions="12")  # type: ignore[arg-type]

    with pytest.raises(codec.DeclarationError, match="is already"):

        @codec.model(root="x")
        class Overlap:
            a: int | None = codec.element("a", default=None, versions=(1, 2))
            b: str | None = codec.element("a", default=None, versions=(2, 3))


@codec.model()
class Part:
    name: str | None = codec.element(default=None)
    serial: str | None = codec.element(default=None)


@codec.model(root="device")
class ValueFirst:
    """Fields whose shape changed, the value declared before the structure: the reading of
    an element must not depend on which of the two comes first."""

    speed: str | None = codec.element(default=None, versions=(2, 3, 4))
    speed_v1: Speed | None = codec.element("speed", default=None, versions=(1,))
    parts: tuple[str, ...] = codec.wrapped("parts", "part", default=(), versions=(1, 2, 3))
    parts_v4: tuple[Part, ...] = codec.wrapped("parts", "part", default=(), versions=(4,))


@pytest.mark.parametrize("strict", [False, True])
def test_a_shape_declared_after_its_value_form_is_read_whole(strict: bool) -> None:
    """Every element of the object form is read, in any order of declaration (the element
    was read as the first field of its name, a value: all but one child were dropped)."""
    v1 = ValueFirst(speed_v1=Speed(instance_id=1, units="bps", long_amount=10), parts=(" ",))
    v4 = ValueFirst(speed=" ", parts_v4=(Part("a", "1"), Part("b", "2")))
    for value, version in ((v1, 1), (v4, 4)):
        xml = codec.encode(value, version=version, format="xml")
        assert codec.decode(xml, ValueFirst, version=version, format="xml", strict=strict) == value
        assert codec.validate(xml, ValueFirst, version=version, format="xml").ok


def test_the_value_form_reports_an_element_of_the_object_form() -> None:
    xml = codec.encode(ValueFirst(speed_v1=Speed(units="bps")), version=1, format="xml")
    [problem] = codec.validate(xml, ValueFirst, version=3, format="xml").problems
    assert (problem.code, problem.path) == ("type", "$.device.speed")
    assert problem.message == "expected text, found element <units>"


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(VERSIONS), st.sampled_from(codec.FORMATS), st.data())
def test_fields_whose_shape_changed_round_trip_in_any_order(
    version: int, fmt: str, data: st.DataObject
) -> None:
    value = data.draw(models(ValueFirst, version=version))
    encoded = codec.encode(value, version=version, format=fmt)
    assert codec.decode(encoded, ValueFirst, version=version, format=fmt) == value
    assert codec.decode(encoded, ValueFirst, version=version, format=fmt, strict=True) == value
    assert codec.validate(encoded, ValueFirst, version=version, format=fmt).ok
