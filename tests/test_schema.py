"""The JSON Schemas (`codec._schema`) and version diffs (`codec._diff`) against the codecs.

The schema of a version must accept what strict decoding accepts in that version and nothing
else (but for the differences its module documents), so the vendor samples, the encoder's
output and mutated payloads are checked against both; the diff must say what the encoder
really writes differently.
"""

from __future__ import annotations

import copy
import enum
import functools
import json
import re
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any, Final

import jsonschema
import orjson
import pytest
from hypothesis import given
from hypothesis import strategies as st

import codec
from codec import any_payload_schema
from codec._diff import version_diff
from codec._plan import ScalarKind, plan_for
from codec._schema import DIALECT, int64_text_pattern, json_schema
from codec._values import Fail, key_segment, xml_int
from codec.jobservice import (
    JobOperationPayload,
    JobRunOperationPayload,
    MgmtResponse,
    OperationResultStatus,
)
from codec.pi import SHIPPED

from .strategies import int64s, json_text, valid_payload
from .support import SAMPLE_VERSIONS as SAMPLES
from .support import run_cli as run

ROOT = Path(__file__).parent.parent
GOLDEN = ROOT / "tests" / "golden"
VERSIONS = (1, 2, 3, 4)

J = JobOperationPayload
R = JobRunOperationPayload
M = MgmtResponse


class Color(enum.Enum):
    RED = "red"
    BLUE = "blue"


@codec.model()
class Note:
    """Attributes beside text: the ``"$"`` key."""

    body: str = codec.text()
    lang: str | None = codec.attribute(default=None)


@codec.model(root="gauge")
class Gauge:
    """What the shipped models lack: integer and boolean attributes, a closed enum, text, a
    list that stays an array in v1, a required list of strings."""

    count: int | None = codec.attribute(default=None)
    flag: bool | None = codec.attribute(default=None)
    color: Color | None = codec.element(default=None)
    note: Note | None = codec.element(default=None)
    entries: Sequence[int] = codec.wrapped("entries", "entry", default=(), always_array=True)
    tags: Sequence[str] = codec.repeated("tag", default=(), required=True)


TYPES: tuple[type[Any], ...] = (*SHIPPED, Gauge)


_VALIDATORS: dict[tuple[type[Any] | None, int], jsonschema.Draft202012Validator] = {}


def validator(cls: type[Any] | None, version: int) -> jsonschema.Draft202012Validator:
    """The validator of one payload type's schema (``None``: any shipped payload), built once."""
    found = _VALIDATORS.get((cls, version))
    if found is None:
        schema = any_payload_schema(version) if cls is None else json_schema(cls, version)
        found = _VALIDATORS[cls, version] = jsonschema.Draft202012Validator(schema)
    return found


def schema_ok(doc: Any, cls: type[Any] | None, version: int) -> bool:
    """Does the schema of ``cls`` (or of any payload) in ``version`` accept ``doc``?"""
    return bool(validator(cls, version).is_valid(doc))


def strict_ok(data: bytes | str, cls: type[Any], version: int) -> bool:
    """Does strict validation accept ``data`` as JSON of ``cls`` in ``version``?"""
    return codec.validate(data, cls, version=version, format="json").ok


# ---------------------------------------------------------------------- the schemas


@pytest.mark.parametrize("version", VERSIONS)
def test_schemas_are_valid_draft_2020_12(version: int) -> None:
    """Every payload schema and the any-payload schema are valid 2020-12 schemas."""
    for schema in [json_schema(cls, version) for cls in TYPES] + [any_payload_schema(version)]:
        jsonschema.Draft202012Validator.check_schema(schema)
        assert schema["$schema"] == DIALECT
        assert jsonschema.validators.validator_for(schema) is jsonschema.Draft202012Validator


def test_schema_shape_of_a_payload() -> None:
    """The document holds exactly the root key; each model is one ``$defs`` entry by class name."""
    schema = json_schema(M, 2)
    assert schema["required"] == ["mgmtResponse"]
    assert schema["additionalProperties"] is False
    assert schema["properties"] == {"mgmtResponse": {"$ref": "#/$defs/MgmtResponse"}}
    assert {"MgmtResponse", "OperationResult", "OperationResultStatus"} <= set(schema["$defs"])
    status = schema["$defs"]["OperationResultStatus"]
    assert status["additionalProperties"] is False
    assert status["required"] == ["id"]
    assert status["properties"]["id"] == {
        "type": "integer",
        "minimum": -(2**63),
        "maximum": 2**63 - 1,
    }


def test_schema_is_deterministic_and_sorted() -> None:
    """Two builds give the same text; properties, required, enums and $defs are sorted."""
    for version in VERSIONS:
        for make, arg in (
            (functools.partial(json_schema, Gauge), version),
            (any_payload_schema, version),
        ):
            first, second = make(arg), make(arg)
            assert orjson.dumps(first) == orjson.dumps(second)
            assert list(first["$defs"]) == sorted(first["$defs"])
            for definition in first["$defs"].values():
                assert list(definition["properties"]) == sorted(definition["properties"])
                assert definition.get("required", []) == sorted(definition.get("required", []))
    color = json_schema(Gauge, 2)["$defs"]["Gauge"]["properties"]["color"]
    assert color == {"anyOf": [{"enum": ["blue", "red"]}, {"$ref": "#/$defs/xsi_nil"}]}
    roots = [next(iter(d["properties"])) for d in any_payload_schema(3)["oneOf"]]
    assert roots == sorted(plan_for(cls).root or "" for cls in SHIPPED)


def test_open_enum_is_an_enum_in_the_schema() -> None:
    """An open enum is a plain ``enum``: strict decoding refuses values it does not know."""
    operation = json_schema(M, 2)["$defs"]["OperationResult"]["properties"]["operation"]
    assert operation["anyOf"][0]["enum"] == ["CANCEL", "CANCELRUNNING", "RESUME", "SUSPEND"]
    doc = {"mgmtResponse": {"operationResult": [{"operation": "STOP"}]}}
    assert not schema_ok(doc, M, 2)
    assert not strict_ok(orjson.dumps(doc), M, 2)


def test_not_a_payload_type_is_refused() -> None:
    """A nested model has no document of its own: `ArgumentError`, as for `codec_for`."""
    with pytest.raises(codec.ArgumentError, match="top-level payload"):
        json_schema(OperationResultStatus, 1)
    with pytest.raises(codec.ArgumentError, match="top-level payload"):
        version_diff(OperationResultStatus, 1, 2)
    with pytest.raises(codec.ArgumentError, match="unknown API version"):
        json_schema(M, 5)


# ---------------------------------------------------------------------- vendor samples


def _sample_json(name: str, version: int) -> bytes:
    """A JSON sample as it is; an XML sample as the JSON the encoder writes of it in
    ``version`` (the same tree, so the same verdict as the XML)."""
    data = (GOLDEN / name).read_bytes()
    if name.endswith(".json"):
        return data
    cls = R if "request" in name else M
    return codec.encode(
        codec.decode(data, cls, version=version, format="xml"), version=version, format="json"
    )


@pytest.mark.parametrize(("name", "versions"), SAMPLES, ids=[s[0] for s in SAMPLES])
def test_vendor_samples_pass_the_schema_of_exactly_their_versions(
    name: str, versions: tuple[int, ...]
) -> None:
    """Each sample passes the schemas of exactly the versions validate accepts it for."""
    cls = R if "request" in name else M
    for version in VERSIONS:
        data = _sample_json(name, version)
        doc = orjson.loads(data)
        assert schema_ok(doc, cls, version) == (version in versions), version
        assert schema_ok(doc, None, version) == (version in versions), version
        assert strict_ok(data, cls, version) == (version in versions), version


def test_response_sample_fails_another_version_only_by_its_urls() -> None:
    """v2_response.json is v3-shaped but names v2 in its URLs: without them it passes v3."""
    doc = orjson.loads((GOLDEN / "v2_response.json").read_bytes())
    assert not schema_ok(doc, M, 3)
    for key in ("@requestUrl", "@rootUrl"):
        del doc["mgmtResponse"][key]
    assert schema_ok(doc, M, 3)
    doc["mgmtResponse"]["@rootUrl"] = "https://localhost/webacs/api/v3/op"
    doc["mgmtResponse"]["@requestUrl"] = "https://localhost/webacs/api/v2/op/jobService/cancel"
    assert schema_ok(doc, M, 3)  # one URL naming v3 is enough, as for strict decoding
    assert strict_ok(orjson.dumps(doc), M, 3)


# ---------------------------------------------------------------------- invalid payloads

V2_URL = "https://localhost/webacs/api/v2/op/jobService/cancel"

# (id, version, type, payload, the problem codes strict validation reports): JSON cases of
# test_validate whose problems are all shape, unknown, type, missing or enum.
INVALID: list[tuple[str, int, type[Any], str, set[str]]] = [
    (
        "v2-collapsed-operation-result",
        2,
        M,
        '{"mgmtResponse": {"operationResult": {"message": "m"}}}',
        {"shape"},
    ),
    (
        "v3-collapsed-run-id",
        3,
        R,
        '{"jobRunOperationPayload": {"runIds": {"runId": 5}}}',
        {"shape"},
    ),
    (
        "v4-collapsed-failure",
        4,
        M,
        '{"mgmtResponse": {"operationResult": [{"failure": {"failure": {"id": 1}}}]}}',
        {"shape"},
    ),
    (
        "v1-one-item-run-ids",
        1,
        R,
        '{"jobRunOperationPayload": {"runIds": {"runId": [5]}}}',
        {"shape"},
    ),
    (
        "v1-one-item-operation-result",
        1,
        M,
        '{"mgmtResponse": {"operationResult": [{"message": "m"}]}}',
        {"shape"},
    ),
    ("v1-attribute-as-number", 1, Gauge, '{"gauge": {"@count": 5, "tag": "a"}}', {"shape"}),
    (
        "root-url-names-other-version",
        4,
        M,
        '{"mgmtResponse": {"@rootUrl": "https://localhost/webacs/api/v1/op"}}',
        {"shape"},
    ),
    (
        "v2-payload-read-as-v1",
        1,
        M,
        '{"mgmtResponse": {"@requestUrl": "' + V2_URL + '", "operationResult": [{'
        '"failure": {"failure": [{"id": 1}]}, "success": {"success": [{"id": 2}]}}]}}',
        {"shape"},
    ),
    ("unknown-key", 2, M, '{"mgmtResponse": {"extra": 1}}', {"unknown"}),
    ("unknown-attribute-key", 1, M, '{"mgmtResponse": {"@bogus": "x"}}', {"unknown"}),
    (
        "unknown-key-in-wrapper",
        3,
        R,
        '{"jobRunOperationPayload": {"runIds": {"runId": [1], "other": 2}}}',
        {"unknown"},
    ),
    (
        "top-level-extra-key",
        4,
        J,
        '{"jobOperationPayload": {"jobIds": {"jobId": [1]}}, "extra-key": 1}',
        {"unknown"},
    ),
    (
        "v2-number-as-string",
        2,
        R,
        '{"jobRunOperationPayload": {"runIds": {"runId": ["2"]}}}',
        {"type"},
    ),
    (
        "v1-element-number-as-string",
        1,
        J,
        '{"jobOperationPayload": {"jobIds": {"jobId": "7"}}}',
        {"type"},
    ),
    (
        "v2-attribute-number-as-string",
        2,
        Gauge,
        '{"gauge": {"@count": "5", "tag": ["a"]}}',
        {"type"},
    ),
    ("url-a-number", 4, M, '{"mgmtResponse": {"@requestUrl": 5}}', {"type"}),
    (
        "operation-a-number",
        3,
        M,
        '{"mgmtResponse": {"operationResult": [{"operation": 5}]}}',
        {"type"},
    ),
    ("run-id-boolean", 1, R, '{"jobRunOperationPayload": {"runIds": {"runId": true}}}', {"type"}),
    (
        "id-absent",
        3,
        M,
        '{"mgmtResponse": {"operationResult": [{"failure": {"failure": [{"message": "x"}]}}]}}',
        {"missing"},
    ),
    (
        "id-null",
        2,
        M,
        '{"mgmtResponse": {"operationResult": [{"success": {"success": [{"id": null}]}}]}}',
        {"missing"},
    ),
    ("run-ids-empty", 2, R, '{"jobRunOperationPayload": {"runIds": {"runId": []}}}', {"missing"}),
    ("run-ids-absent", 1, R, '{"jobRunOperationPayload": {}}', {"missing"}),
    ("job-ids-empty-wrapper", 4, J, '{"jobOperationPayload": {"jobIds": {}}}', {"missing"}),
    (
        "unknown-operation",
        2,
        M,
        '{"mgmtResponse": {"operationResult": [{"operation": "STOP"}]}}',
        {"enum"},
    ),
    (
        "v1-collapsed-unknown-operation",
        1,
        M,
        '{"mgmtResponse": {"operationResult": {"operation": "suspend"}}}',
        {"enum"},
    ),
]


@pytest.mark.parametrize(
    ("name", "version", "cls", "data", "codes"), INVALID, ids=[case[0] for case in INVALID]
)
def test_shape_wrong_payloads_fail_the_schema_of_their_version(
    name: str, version: int, cls: type[Any], data: str, codes: set[str]
) -> None:
    """A payload strict validation refuses for its shape fails the schema of its version."""
    report = codec.validate(data, cls, version=version, format="json")
    assert {p.code for p in report.problems} == codes
    doc = orjson.loads(data)
    assert not schema_ok(doc, cls, version)
    if cls in SHIPPED:
        assert not schema_ok(doc, None, version)


# ---------------------------------------------------------------------- beside the encoder


@pytest.mark.parametrize(
    ("version", "doc", "valid"),
    [
        (1, {"@count": "5", "@flag": "true", "tag": "a"}, True),
        (1, {"@count": "-9223372036854775808", "tag": ["a", "b"]}, True),
        (1, {"@count": "9223372036854775808", "tag": "a"}, False),
        (1, {"@count": "-0", "tag": "a"}, False),
        (1, {"@count": "05", "tag": "a"}, False),
        (1, {"@count": "5\n", "tag": "a"}, False),
        (1, {"@flag": True, "tag": "a"}, False),
        (1, {"@flag": "True", "tag": "a"}, False),
        (2, {"@count": 5, "@flag": True, "tag": ["a"]}, True),
        (2, {"@flag": "true", "tag": ["a"]}, False),
        (1, {"entries": {"entry": [1]}, "tag": "a"}, True),
        (1, {"entries": {"entry": 1}, "tag": "a"}, False),
        (2, {"note": {"@lang": "en", "$": "text"}, "tag": ["a"]}, True),
        (2, {"note": {"@lang": "en"}, "tag": ["a"]}, False),
        (3, {"color": "red", "tag": ["a"]}, True),
        (3, {"color": "RED", "tag": ["a"]}, False),
        (4, {"tag": []}, False),
        (4, {"tag": None}, False),
        (4, {"@count": None, "color": None, "note": None, "entries": None, "tag": ["a"]}, False),
        (4, {"color": None, "tag": ["a"]}, False),
        (4, {"tag": ["a"]}, True),
        (1, {"entries": [], "tag": "a"}, False),
        (1, {"entries": {}, "tag": "a"}, False),
        (1, {"entries": {"entry": None}, "tag": "a"}, False),
        (1, {"entries": {"entry": []}, "tag": "a"}, False),
    ],
)
def test_schema_agrees_with_strict_validation_on_edge_cases(
    version: int, doc: dict[str, Any], valid: bool
) -> None:
    """Attribute typing, int64 text, null and empty forms: schema and strict validation agree."""
    payload = {"gauge": doc}
    assert schema_ok(payload, Gauge, version) == valid
    assert strict_ok(json.dumps(payload), Gauge, version) == valid


@pytest.mark.parametrize(
    ("cls", "version", "data"),
    [
        (M, 2, '{"mgmtResponse": {"operationResult": [{"success": {"success": [{"id": 1.0}]}}]}}'),
        (R, 3, '{"jobRunOperationPayload": {"runIds": {"runId": [1e2]}}}'),
        (R, 2, '{"jobRunOperationPayload": {"runIds": {"runId": [1]}, "runIds": {"runId": [2]}}}'),
    ],
    ids=["integral-float", "exponent", "repeated-key"],
)
def test_documented_disagreements(cls: type[Any], version: int, data: str) -> None:
    """What the schema module documents as more lenient passes the schema, not strict validation."""
    assert schema_ok(json.loads(data), cls, version)
    assert not strict_ok(data, cls, version)


@pytest.mark.parametrize("version", [1, 2, 3])
def test_overlapping_url_segments_count_alike(version: int) -> None:
    """Every /webacs/api/vN/ of a URL counts, overlapping ones too, in the schema and in strict
    checking alike."""
    data = '{"mgmtResponse": {"@rootUrl": "https://h/webacs/api/v1/webacs/api/v2/op"}}'
    assert schema_ok(json.loads(data), M, version) == (version in (1, 2))
    assert strict_ok(data, M, version) == (version in (1, 2))


@given(
    st.one_of(
        int64s.map(str),
        st.integers(-(2**65), 2**65).map(str),
        st.sampled_from(["-0", "+1", "01", " 1", "1 ", "1\n", "", "-", "1_0", "\u0661", "0x1"]),
        st.text("-0123456789", max_size=21),
    )
)
def test_int64_text_pattern_is_the_decoders_rule(text: str) -> None:
    """The v1 integer-attribute pattern matches exactly the text the decoders read as an int64."""
    try:
        xml_int(text)
        accepted = True
    except Fail:
        accepted = False
    assert (re.search(int64_text_pattern(), text) is not None) == accepted


gauges = st.builds(
    Gauge,
    count=st.none() | int64s,
    flag=st.none() | st.booleans(),
    color=st.none() | st.sampled_from(Color),
    note=st.none() | st.builds(Note, lang=st.none() | json_text, body=json_text),
    entries=st.lists(int64s, max_size=3),
    tags=st.lists(json_text, min_size=1, max_size=3),
)


@given(st.one_of(valid_payload, gauges))
def test_encoder_output_passes_its_schema_and_agrees_with_validate(model: Any) -> None:
    """Encoder output passes its version's schema; every version's schema agrees with validate."""
    cls = type(model)
    for written in VERSIONS:
        data = codec.encode(model, version=written, format="json")
        doc = orjson.loads(data)
        assert schema_ok(doc, cls, written), list(validator(cls, written).iter_errors(doc))
        for version in VERSIONS:
            assert schema_ok(doc, cls, version) == strict_ok(data, cls, version), version
            if cls in SHIPPED:
                assert schema_ok(doc, None, version) == schema_ok(doc, cls, version)


# A mutation: a place in the document (keys and indices) and what happens there.
REPLACEMENTS: list[Any] = [
    None,
    [],
    {},
    "x",
    "5",
    "-0",
    "true",
    5,
    -1,
    2**63,
    1.5,
    True,
    "SUSPEND",
    "STOP",
    "red",
    {"x": 1},
    {"id": 1},
    [1, 2],
    "https://localhost/webacs/api/v1/op",
    "https://localhost/webacs/api/v02/op",
    "https://localhost/webacs/api/v3/op",
]
ADDED_KEYS = ["extra", "@extra", "$", "@requestUrl", "@rootUrl", "id", "tag", "entries"]


def _places(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every place in a JSON value, the value itself first."""
    out = [path]
    if isinstance(value, dict):
        for key, item in value.items():
            out += _places(item, (*path, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            out += _places(item, (*path, i))
    return out


def _mutate(doc: Any, data: st.DataObject) -> Any:
    """``doc`` with one value replaced, wrapped in an array, taken out of one, doubled, or
    with a key removed or added."""
    path = data.draw(st.sampled_from(_places(doc)))
    how = data.draw(st.sampled_from(["replace", "wrap", "unwrap", "double", "delete", "add"]))
    doc = copy.deepcopy(doc)
    if not path:
        return data.draw(st.sampled_from(REPLACEMENTS)) if how == "replace" else doc
    parent = doc
    for step in path[:-1]:
        parent = parent[step]
    value = parent[path[-1]]
    if how == "replace":
        parent[path[-1]] = data.draw(st.sampled_from(REPLACEMENTS))
    elif how == "wrap":
        parent[path[-1]] = [value]
    elif how == "unwrap" and isinstance(value, list) and value:
        parent[path[-1]] = value[0]
    elif how == "double":
        parent[path[-1]] = [value, value] if not isinstance(value, list) else value + value
    elif how == "delete" and isinstance(parent, dict):
        del parent[path[-1]]
    elif how == "add" and isinstance(value, dict):
        value[data.draw(st.sampled_from(ADDED_KEYS))] = data.draw(st.sampled_from(REPLACEMENTS))
    return doc


@given(st.one_of(valid_payload, gauges), st.sampled_from(VERSIONS), st.data())
def test_schema_agrees_with_validate_on_mutated_payloads(
    model: Any, written: int, data: st.DataObject
) -> None:
    """On mutated encoder output every version's schema agrees with strict validation."""
    cls = type(model)
    doc = orjson.loads(codec.encode(model, version=written, format="json"))
    for _ in range(data.draw(st.integers(1, 2))):
        doc = _mutate(doc, data)
    text = orjson.dumps(doc)
    for version in VERSIONS:
        assert schema_ok(doc, cls, version) == strict_ok(text, cls, version), (version, text)


# ---------------------------------------------------------------------- version_diff


_WHEN: Final = datetime.fromisoformat("2017-05-01T11:35:45.745-05:00")


def _sample(cls: type[Any]) -> Any:
    """An instance with every value present and every list holding one item; strings hold
    a ``/``."""
    values: dict[str, Any] = {}
    for f in plan_for(cls).fields:
        if f.scalar is ScalarKind.MODEL:
            value: Any = _sample(f.type)
        elif isinstance(f.type, type) and issubclass(f.type, enum.Enum):
            members: type[enum.Enum] = f.type
            value = next(iter(members))
        else:
            value = {int: 7, bool: True, str: "a/b", float: 1.5, datetime: _WHEN}[f.type]
        values[f.attr] = [value] if f.is_list else value
    return cls(**values)


class _Pairs(list[tuple[str, Any]]):
    """A JSON object as its pairs, key order kept."""


def _compare(
    old: Any, new: Any, path: str, collapsed: set[str], orders: dict[str, tuple[list[str], ...]]
) -> None:
    """Walk two renderings of one model: the list paths where ``old`` has the item and ``new``
    a one-item array, and the key orders of every object."""
    if isinstance(new, _Pairs):
        assert isinstance(old, _Pairs)
        orders[path] = ([k for k, _ in old], [k for k, _ in new])
        olds = dict(old)
        for key, value in new:
            _compare(olds[key], value, path + key_segment(key), collapsed, orders)
    elif isinstance(new, list):
        if not isinstance(old, list) or isinstance(old, _Pairs):
            collapsed.add(path)
            old = [old]
        for before, after in zip(old, new, strict=True):
            _compare(before, after, path + "[]", collapsed, orders)


@pytest.mark.parametrize("cls", TYPES, ids=[c.__name__ for c in TYPES])
@pytest.mark.parametrize(("old", "new"), [(1, 2), (2, 1), (1, 4), (3, 2)])
def test_diff_says_what_the_encoder_does(cls: type[Any], old: int, new: int) -> None:
    """The diff's list, key order and slash lines are exactly what the two encoder outputs show."""
    model = _sample(cls)
    texts = [codec.encode(model, version=v, format="json") for v in (old, new)]
    docs = [json.loads(t, object_pairs_hook=_Pairs) for t in texts]
    collapsed: set[str] = set()
    orders: dict[str, tuple[list[str], ...]] = {}
    if old == 1:
        _compare(docs[0], docs[1], "$", collapsed, orders)
    else:
        _compare(docs[1], docs[0], "$", collapsed, orders)
    lines = version_diff(cls, old, new)
    assert lines[-1].startswith("XML: unchanged")
    listed = {line.split(" ", 2)[1].rstrip(":") for line in lines if line.startswith("list $")}
    assert listed == collapsed
    changed = {path: pair for path, pair in orders.items() if pair[0] != pair[1]}
    ordered = [line for line in lines if line.startswith("key order $")]
    assert {line.split(" ", 3)[2].rstrip(":") for line in ordered} == set(changed)
    for line in ordered:
        path = line.split(" ", 3)[2].rstrip(":")
        first, second = changed[path] if old == 1 else changed[path][::-1]
        assert f"v{old} " in line
        assert line.index(", ".join(first)) < line.index(", ".join(second))
    escaped = [b"\\/" in t for t in texts]
    assert any(line.startswith('slashes: "/"') for line in lines) == (escaped[0] != escaped[1])


def test_diff_of_typed_attributes() -> None:
    """The diff names each integer and boolean attribute (a string in v1) and no string one."""
    lines = version_diff(Gauge, 1, 3)
    typed = [line for line in lines if line.startswith("attribute ")]
    assert typed == [
        "attribute $.gauge['@count']: an integer, written as a string (\"5\") in v1, "
        "a JSON value (5) in v3",
        "attribute $.gauge['@flag']: a boolean, written as a string (\"true\") in v1, "
        "a JSON value (true) in v3",
    ]
    assert not any("@lang" in line for line in lines if line.startswith("attribute"))
    assert "key order $.gauge.note: v1 XML order (@lang, $), v3 sorted ($, @lang)" in lines
    assert not any("entries" in line for line in lines if line.startswith("list "))
    assert "list $.gauge.tag: one item is written as the item itself in v1, " in "\n".join(lines)


@pytest.mark.parametrize(("old", "new"), [(2, 3), (3, 4), (4, 2), (1, 1)])
def test_diff_without_changes_says_so(old: int, new: int) -> None:
    """Between versions with the same rules the diff is one JSON line and the XML line."""
    for cls in TYPES:
        assert version_diff(cls, old, new) == [
            f"JSON: unchanged from v{old} to v{new}",
            "XML: unchanged (the same tree in every version)",
        ]


# ---------------------------------------------------------------------- command line


def test_cli_schema_prints_the_schema() -> None:
    """``schema`` prints sorted, indented JSON; ``--type`` takes a class or root element name."""
    result = run("schema", "--version", "2")
    assert result.returncode == 0, result.stderr
    schema = json.loads(result.stdout)
    assert schema["$schema"] == DIALECT
    assert schema == json.loads(json.dumps(any_payload_schema(2)))
    assert result.stdout == json.dumps(schema, indent=2, sort_keys=True) + "\n"
    by_root = json.loads(run("schema", "--version", "1", "--type", "mgmtResponse").stdout)
    by_class = json.loads(run("schema", "--version", "1", "--type", "MgmtResponse").stdout)
    assert by_root == by_class == json.loads(json.dumps(json_schema(M, 1)))


def test_cli_diff_from_1_to_2() -> None:
    """``diff --from 1 --to 2`` names the collapsed operationResult and the key order change."""
    result = run("diff", "--from", "1", "--to", "2")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "list $.mgmtResponse.operationResult: one item is written as the item itself" in out
    assert "key order $.mgmtResponse: v1 XML order (@responseType, @requestUrl" in out
    for cls in SHIPPED:
        assert f"{cls.__name__} <{plan_for(cls).root}>: JSON v1 -> v2" in out
    one = run("diff", "--from", "3", "--to", "4", "--type", "jobOperationPayload")
    assert one.stdout.splitlines()[1:] == [
        "  JSON: unchanged from v3 to v4",
        "  XML: unchanged (the same tree in every version)",
    ]


@pytest.mark.parametrize(
    "args",
    [
        ("schema", "--version", "2", "--type", "Nope"),
        ("diff", "--from", "1", "--to", "2", "--type", "queryResponse"),
    ],
)
def test_cli_unknown_type_is_a_usage_error(args: tuple[str, ...]) -> None:
    """An unknown payload type: one line on stderr, status 2."""
    result = run(*args)
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert "unknown payload type" in result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize(
    "args",
    [("schema",), ("schema", "--version", "5"), ("diff", "--from", "1"), ("diff", "--to", "x")],
)
def test_cli_bad_options_exit_2(args: tuple[str, ...]) -> None:
    """A missing or out-of-range version is argparse's usage error, status 2."""
    assert run(*args).returncode == 2


@codec.model()
class Node:
    """A model that holds itself."""

    name: str | None = codec.element(default=None)
    children: Sequence[Node] = codec.repeated("child", default=())


@codec.model(root="tree")
class Tree:
    """A payload of nested nodes."""

    node: Node | None = codec.element(default=None)


def test_a_model_that_holds_itself() -> None:
    """A recursive model is one ``$defs`` entry referring to itself; the diff enters it once."""
    schema = json_schema(Tree, 1)
    children = schema["$defs"]["Node"]["properties"]["child"]["oneOf"]
    assert children[0] == {"$ref": "#/$defs/Node"}
    tree = Tree(Node("a", [Node("b", [Node("c")]), Node("d")]))
    for written in VERSIONS:
        data = codec.encode(tree, version=written, format="json")
        for version in VERSIONS:
            verdict = schema_ok(orjson.loads(data), Tree, version)
            assert verdict == strict_ok(data, Tree, version) == ((written == 1) == (version == 1))
    assert [line for line in version_diff(Tree, 1, 2) if line.startswith("list")] == [
        "list $.tree.node.child: one item is written as the item itself in v1, "
        "as a one-item array in v2"
    ]


def test_names_and_roots_must_be_unique() -> None:
    """Two models of one name, or two payloads of one root, cannot share a schema."""

    @codec.model(root="tree")
    class Tree2:
        """Another payload of the same root."""

        node: int | None = codec.element(default=None)

    with pytest.raises(codec.ArgumentError, match="share the root 'tree'"):
        any_payload_schema(2, [Tree, Tree2])

    @codec.model(root="grove")
    class Note:
        """Another model of the name of one that `Gauge` holds."""

        size: int | None = codec.element(default=None)

    with pytest.raises(codec.ArgumentError, match="two models named 'Note'"):
        any_payload_schema(2, [Gauge, Note])
