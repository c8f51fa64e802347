"""Hypothesis strategies for every shipped model, kept in one place.

Lists are drawn empty, with one item and with many (``valid_payload``: what strict decoding
accepts); integers include the int64 extremes;
text includes XML-special characters, non-BMP characters, and leading, trailing and inner
whitespace and newlines. ``xml_text`` leaves out the characters XML 1.0 cannot carry (those are
tested separately: the XML encoder refuses them).
"""

from __future__ import annotations

import copy
import enum
from typing import Any, Final

import attrs
import orjson
import xmltodict
from hypothesis import strategies as st

import codec
from codec import testing
from codec._check import version_urls_of
from codec._fields import WireKind
from codec._kinds import DATETIME
from codec._plan import FieldPlan, ModelPlan, ScalarKind, plan_for
from codec._versions import VERSIONS, collapses
from codec.jobservice import (
    Job,
    JobOperationPayload,
    JobRunOperationPayload,
    JobStatus,
    MgmtResponse,
    OperationEnum,
    OperationResult,
    OperationResultStatus,
    PropertyAndValue,
    ResultStatus,
    RunInstance,
    RunStatus,
)

from . import oracle
from .models_all import ROOTS

INT64_MIN = -(2**63)
INT64_MAX = 2**63 - 1

# The scalar strategies are the public ones of codec.testing: our tests use what users get.
int64s = testing.int64s
xml_text = testing.xml_text


def lists(elements: st.SearchStrategy[Any]) -> st.SearchStrategy[list[Any]]:
    """Empty, one-item and many-item lists, each well represented."""
    return st.one_of(
        st.just([]), st.lists(elements, min_size=1, max_size=1), st.lists(elements, max_size=6)
    )


# JSON carries every Unicode scalar value (control characters escaped); only surrogates,
# which UTF-8 cannot encode, are left out.
json_text = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=40)

optional_text = st.none() | xml_text

statuses = st.builds(OperationResultStatus, id=int64s, message=optional_text, status=optional_text)
known_operations = st.none() | st.sampled_from(OperationEnum)


def operation_results(operations: st.SearchStrategy[Any]) -> st.SearchStrategy[OperationResult]:
    """Results whose ``operation`` is drawn from ``operations``."""
    return st.builds(
        OperationResult,
        failure=lists(statuses),
        message=optional_text,
        operation=operations,
        success=lists(statuses),
    )


# an open enum: known members, and text it keeps without knowing
results = operation_results(known_operations | xml_text)
properties = st.builds(PropertyAndValue, property=optional_text, value=optional_text)
# PI's dates: a millisecond grain and a whole-minute offset (what the datetime kind writes).
pi_datetimes = st.none() | DATETIME.strategy()


def open_enum_values(members: type[enum.Enum], valid: bool) -> st.SearchStrategy[Any]:
    """An open enum's values: its members, and (unless ``valid``: what strict decoding
    accepts) text it keeps without knowing."""
    known = st.none() | st.sampled_from(members)
    return known if valid else known | xml_text


def run_history(valid: bool) -> st.SearchStrategy[Job]:
    """``runhistory``'s jobs, their runs and results (see `open_enum_values` for ``valid``)."""
    run_instances = st.builds(
        RunInstance,
        completion_time=pi_datetimes,
        last_start_time=pi_datetimes,
        result_status=open_enum_values(ResultStatus, valid),
        results=lists(properties),
        run_id=st.none() | int64s,
        run_status=open_enum_values(RunStatus, valid),
    )
    return st.builds(
        Job,
        description=optional_text,
        job_id=st.none() | int64s,
        job_name=optional_text,
        job_status=open_enum_values(JobStatus, valid),
        job_type=optional_text,
        next_run_time=pi_datetimes,
        run_instances=lists(run_instances),
    )


jobs = run_history(valid=False)
responses = st.builds(
    MgmtResponse,
    response_type=optional_text,
    request_url=optional_text,
    root_url=optional_text,
    operation_results=lists(results),
    jobs=lists(jobs),
)
# The id lists are declared required: an empty one is refused when encoding.
job_payloads = st.builds(JobOperationPayload, job_ids=st.lists(int64s, min_size=1, max_size=6))
run_payloads = st.builds(JobRunOperationPayload, run_ids=st.lists(int64s, min_size=1, max_size=6))

# Valid payloads: what strict decoding accepts. The id lists are required (non-empty), and
# the operation is one the enum knows; lenient decoding also keeps the other values, which
# the encoder writes back as received but strict decoding reports.
valid_results = operation_results(known_operations)
valid_payload = st.one_of(
    st.builds(JobOperationPayload, job_ids=st.lists(int64s, min_size=1, max_size=6)),
    st.builds(JobRunOperationPayload, run_ids=st.lists(int64s, min_size=1, max_size=6)),
    st.builds(
        MgmtResponse,
        response_type=optional_text,
        request_url=optional_text,
        root_url=optional_text,
        operation_results=lists(valid_results),
        jobs=lists(run_history(valid=True)),
    ),
)

MODELS: dict[type[Any], st.SearchStrategy[Any]] = {
    JobOperationPayload: job_payloads,
    JobRunOperationPayload: run_payloads,
    MgmtResponse: responses,
}
any_payload = st.one_of(*MODELS.values())


# --------------------------------------------------------------------------- plan-driven mutations
#
# A valid document of any model, read back into plain objects (the JSON as parsed, the XML as
# xmltodict reads it), then mutated at a place its plan names: a value of a field replaced by a
# hostile one for its kind, a field dropped, repeated, nulled or reshaped, unknown content
# added, a URL naming another version. Each mutation says, where it can, which problem the
# reference checker must then report (code and path), and whether only strict checking does.

#: (code, path, strict only) of the problem a mutation makes
Expectation = tuple[str, str, bool]


class Raw:
    """JSON text put in place of a value: what orjson cannot write (``-0``, ``1e400``,
    integers past 64 bits, lone surrogates escaped, ``NaN``)."""

    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:
        return f"Raw({self.text!r})"


def _segment(key: str) -> str:
    """A path segment, as problems write them."""
    return f".{key}" if key.isidentifier() else f"[{key!r}]"


@attrs.frozen
class Place:
    """A model's object in a document: its plan and its path."""

    node: dict[str, Any]
    plan: ModelPlan
    path: str


@attrs.frozen
class Slot:
    """One value in a document (a field's, or a list item's): where it is, of which field."""

    holder: Any  # the dict or list holding it
    key: str | int
    field: FieldPlan
    path: str


def _node(value: Any) -> Any:
    """A model's element as xmltodict read it, as a dict (``None`` and text alike)."""
    return {} if value is None else {"#text": value} if isinstance(value, str) else value


def places_and_slots(
    doc: dict[str, Any], cls: type[Any], fmt: str
) -> tuple[list[Place], list[Slot]]:
    """Every model object and every value of a document, placed by the plan (models read from
    XML are made dicts on the way: the same XML)."""
    root_plan = plan_for(cls)
    assert root_plan.root is not None
    text_key = "#text" if fmt == "xml" else "$"
    places: list[Place] = []
    slots: list[Slot] = []

    def model(holder: Any, key: str | int, plan: ModelPlan, path: str) -> None:
        if fmt == "xml":
            holder[key] = _node(holder[key])
        node = holder[key]
        if not isinstance(node, dict):
            return
        places.append(Place(node, plan, path))
        fields = {text_key if f.is_text else k: f for f in plan.fields for k in f.names}
        for name in list(node):
            f = fields.get(name)
            if f is None:
                continue
            where = path + _segment(name if f.by_name else f.json_key)
            if not f.is_list:
                value(node, name, f, where)
                continue
            items_holder, items_key = node, name
            if f.kind is WireKind.WRAPPED:
                assert f.item is not None
                if fmt == "xml":
                    node[name] = _node(node[name])
                if not isinstance(node[name], dict) or f.item not in node[name]:
                    continue
                items_holder, items_key, where = node[name], f.item, where + _segment(f.item)
            items = items_holder[items_key]
            if isinstance(items, list):
                for i in range(len(items)):
                    value(items, i, f, f"{where}[{i}]")
            else:
                value(items_holder, items_key, f, where + ("[0]" if fmt == "xml" else ""))

    def value(holder: Any, key: str | int, f: FieldPlan, path: str) -> None:
        slots.append(Slot(holder, key, f, path))
        if f.scalar is ScalarKind.MODEL:
            model(holder, key, plan_for(f.type), path)
        elif f.choices:  # a union: the member the name or the discriminator names
            node = holder[key]
            tag = key if f.discriminator is None else None
            if f.discriminator is not None and isinstance(node, dict):
                tag = node.get("@" + f.discriminator)
            for choice, member in f.choices:
                if choice == tag:
                    model(holder, key, plan_for(member), path)

    model(doc, root_plan.root, root_plan, "$" + _segment(root_plan.root))
    return places, slots


def _kind(f: FieldPlan) -> str:
    if f.scalar is not ScalarKind.VALUE:  # a model, or a union of models
        return "model"
    if isinstance(f.type, type) and issubclass(f.type, enum.Enum):
        return "open" if f.open else "enum"
    return str(f.type.__name__)


_RANGE: Final = ["9223372036854775808", "-9223372036854775809"]
_ENUM_TEXTS: Final = ["zz", "ON", "", " ", " on", "\n"]
#: XML text put in place of a value, by kind: right and wrong, edges, whitespace
HOSTILE_TEXTS: Final[dict[str, list[Any]]] = {
    "int": [*_RANGE, "01", "+1", "-0", " 1", "1 ", "x", "", " ", "1.0", "\u0663"],
    "bool": ["TRUE", "1", "yes", "", " ", " true", "\n"],
    "float": [
        *["NaN", "inf", "-inf", "Infinity", "1e400", "-1e400", "1.0E10", "0x1p3", " 1.5"],
        *["1_0", "", " ", "1e", "-0.0", ".5"],
    ],
    "enum": _ENUM_TEXTS,
    "open": _ENUM_TEXTS,
    "str": ["", " ", "\t"],
    "datetime": [
        *["2026-02-30T00:00:00.000Z", "2026-01-01", "2026-01-01T00:00:00", " 2026-01-01T00:00Z"],
        *["2026-01-01T24:00:00.000+00:00", "x", "", " ", "1767225600000"],
    ],
    "model": ["x", None, {"zz": "1"}],
}
_JSON_ANY: Final[list[Any]] = [[], {}, True, "x"]
#: JSON values put in place of a value, by kind
HOSTILE_JSON: Final[dict[str, list[Any]]] = {
    "int": [Raw(_RANGE[0]), Raw(_RANGE[1]), Raw("-0"), "5", 5, 1.5, *_JSON_ANY],
    "bool": [True, "true", 1, "yes", *_JSON_ANY],
    "float": [1.5, "1.5", 1, Raw("1e400"), Raw("-0"), Raw("1E2"), "NaN", *_JSON_ANY],
    "enum": ["zz", "ON", "", 5, *_JSON_ANY],
    "open": ["zz", "ON", "", 5, *_JSON_ANY],
    "str": ["", 5, "\x00", *_JSON_ANY],
    "datetime": ["2026-02-30T00:00:00.000Z", "2026-01-01", 1767225600000, "", *_JSON_ANY],
    "model": ["x", 5, *_JSON_ANY],
}


def _value_expectation(f: FieldPlan, value: Any, path: str, fmt: str) -> Expectation | None:
    """The problem a hostile value certainly makes, where it is plain which."""
    kind = _kind(f)
    text = value.text if isinstance(value, Raw) else value
    if kind == "int" and text in _RANGE:
        return "range", path, False
    if kind in ("enum", "open") and text == "zz":
        return "enum", path, kind == "open"
    if fmt == "xml" and kind == "float" and text in ("1e400", "-1e400"):
        return "range", path, False
    if fmt == "xml" and kind == "float" and text in ("NaN", "inf", "-inf", "Infinity"):
        return "type", path, False
    return None


_MUTATIONS: Final = ["value", "value", "drop", "unknown", "repeat", "null", "reshape", "url"]


def _items_of(place: Place, key: str, f: FieldPlan) -> tuple[Any, str, str] | None:
    """Where a list field's items are in a JSON object: (holder, key, path)."""
    where = place.path + _segment(f.json_key)
    if f.kind is WireKind.REPEATED:
        return place.node, key, where
    wrapper = place.node[key]
    assert f.item is not None
    if not isinstance(wrapper, dict) or f.item not in wrapper:
        return None
    return wrapper, f.item, where + _segment(f.item)


def _reshape(place: Place, key: str, f: FieldPlan, version: int) -> Expectation | None:
    """A JSON list in another shape: one item collapsed or not, or the list emptied."""
    found = _items_of(place, key, f)
    if found is None:
        return None
    holder, items_key, path = found
    items = holder[items_key]
    collapse = collapses(VERSIONS[version], f)
    if not isinstance(items, list):
        holder[items_key] = [items]
        return ("shape", path, True) if collapse else None
    if len(items) == 1:
        holder[items_key] = items[0]
        return None if collapse else ("shape", path, True)
    holder[items_key] = []
    if f.nonempty:
        return "missing", place.path + _segment(f.json_key), True
    return "shape", place.path + _segment(f.json_key) if holder is place.node else path, True


def _unknown(draw: st.DrawFn, place: Place, fmt: str) -> Expectation | None:
    """Content the model does not declare: a key, an element, an attribute, stray text."""
    if fmt == "json":
        key = draw(st.sampled_from(["zzUnknown", "@zzUnknown"]))
        place.node[key] = 1 if key[0] != "@" else "1"
        return "unknown", place.path + _segment(key), True
    what = draw(st.sampled_from(["element", "attribute", "text", "namespace"]))
    if what == "attribute":
        place.node["@zzUnknown"] = "1"
        return "unknown", place.path + "['@zzUnknown']", True
    if what == "namespace":
        place.node["@xmlns:zz"] = "urn:zz"  # a declaration: never unknown
        return None
    if what == "text" and place.plan.text is None and "#text" not in place.node:
        place.node["#text"] = "stray"
        return "unknown", place.path, True
    place.node["zzUnknown"] = "1"
    if place.plan.text is not None:  # a text() model holds no element
        return "type", place.path, False
    return "unknown", place.path + ".zzUnknown", True


def mutate(
    draw: st.DrawFn,
    doc: dict[str, Any],
    cls: type[Any],
    fmt: str,
    version: int,
    raws: dict[str, str],
) -> Expectation | None:
    """Mutate ``doc`` once, in place, at a place its plan names (``raws`` receives the JSON
    text of the placeholders put in it); returns the problem made, where it is plain which,
    for ``version``."""
    places, slots = places_and_slots(doc, cls, fmt)
    op = draw(st.sampled_from(_MUTATIONS))
    place = draw(st.sampled_from(places))
    fields = {("#text" if fmt == "xml" and f.is_text else f.json_key): f for f in place.plan.fields}
    present = [k for k in place.node if k in fields]

    def raw(text: str) -> str:
        name = f"@@raw{len(raws)}@@"
        raws[name] = text
        return name

    if op == "value" and slots:
        slot = draw(st.sampled_from(slots))
        pool = HOSTILE_TEXTS if fmt == "xml" else HOSTILE_JSON
        kind = _kind(slot.field)
        assert kind in pool, f"no hostile values for the kind {kind!r}: add them"
        value = copy.deepcopy(draw(st.sampled_from(pool[kind])))
        if fmt == "xml" and slot.field.is_attribute and not isinstance(value, str):
            value = "x"  # an attribute holds text only
        slot.holder[slot.key] = raw(value.text) if isinstance(value, Raw) else value
        return _value_expectation(slot.field, value, slot.path, fmt)
    if op == "url":
        rule = version_urls_of(cls)
        if rule is None:
            return None
        other = draw(st.sampled_from([v for v in (1, 2, 3, 4, 7) if v != version]))
        places[0].node["@" + draw(st.sampled_from(rule.names))] = (
            f"https://h/webacs/api/v{other}/op"
        )
        return "shape", places[0].path, True
    if op == "unknown" or not present:
        return _unknown(draw, place, fmt)
    key = draw(st.sampled_from(present))
    f = fields[key]
    where = place.path + _segment(f.json_key)
    if op == "drop":
        del place.node[key]
        if f.is_list:
            return ("missing", where, True) if f.nonempty else None
        required = f.required and not (fmt == "xml" and f.is_text)  # XML: empty text
        return ("missing", where, False) if required else None
    if op == "repeat":  # a single-valued field twice
        if fmt == "json":  # the same key again, which orjson reads as one
            place.node[raw(orjson.dumps(key).decode())] = copy.deepcopy(place.node[key])
            return "shape", where, True
        if f.is_attribute or f.is_text or f.is_list:
            return None
        place.node[key] = [place.node[key], copy.deepcopy(place.node[key])]
        return "shape", where, True
    if fmt == "xml":  # null and reshape are JSON's
        return _unknown(draw, place, fmt)
    if op == "null":
        place.node[key] = None
        required = f.nonempty if f.is_list else f.required
        return ("missing", where, f.is_list) if required else ("shape", where, True)
    return _reshape(place, key, f, version) if f.is_list else None


@st.composite
def instances(draw: st.DrawFn) -> tuple[type[Any], int, Any]:
    """A payload type (shipped or declared for the tests), a version and a valid instance;
    where the root's URLs name a version (PI's rule), they name this one half of the time."""
    cls = draw(st.sampled_from(ROOTS))
    version = draw(st.sampled_from(list(VERSIONS)))
    instance = draw(testing.models(cls))
    rule = version_urls_of(cls)
    if rule is not None and draw(st.booleans()):
        url = f"https://host/webacs/api/v{version}/op/x"
        names = {f.name: f.attr for f in plan_for(cls).attributes}
        urls = {names[n]: url for n in rule.names if n in names}
        instance = attrs.evolve(instance, **urls)
    return cls, version, instance


@st.composite
def mutated_documents(draw: st.DrawFn) -> tuple[type[Any], int, str, bytes, Expectation | None]:
    """A payload type, a version and a format, and a valid document written for that version
    or another, mutated once (`mutate`); with the problem made, where it is plain which."""
    cls = draw(st.sampled_from(ROOTS))
    fmt = draw(st.sampled_from(codec.FORMATS))
    version = draw(st.sampled_from(list(VERSIONS)))
    written = draw(st.sampled_from([version, version, *VERSIONS]))
    data = codec.encode(draw(testing.models(cls)), version=written, format=fmt)
    doc = oracle.read_xml(data) if fmt == "xml" else oracle.read_json(data)
    raws: dict[str, str] = {}
    expectation = mutate(draw, doc, cls, fmt, version, raws)
    if fmt == "xml":
        return cls, version, fmt, xmltodict.unparse(doc).encode(), expectation
    text = orjson.dumps(doc).decode()
    for name, raw in raws.items():
        text = text.replace(f'"{name}"', raw)
    return cls, version, fmt, text.encode(), expectation
