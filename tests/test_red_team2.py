"""Hostile inputs to the newer surfaces: the SARIF log's JSON locator, the data API's pager and
model inference. Each test pins a behaviour an outsider could break before it was fixed."""

from __future__ import annotations

import json
import re
from typing import Any

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import codec
from codec import _infer, _locate
from codec._infer import load_models, read_samples
from codec._locate import json_position, json_positions
from codec._values import key_segment
from codec.pi import DataResource, Device, EntityIds

# -- the JSON locator --------------------------------------------------------------------------


def _value_at(text: str, line: int, column: int) -> Any:
    lines = text.split("\n")
    offset = sum(len(x) + 1 for x in lines[: line - 1]) + column - 1
    return json.JSONDecoder().raw_decode(text, offset)[0]


_KEYS = st.sampled_from(["a", "@id", "$", "é", "\u2028", "\U0001f600", 'q"', "\\", "a.b"])
_LEAVES = st.integers(-5, 5) | st.text(max_size=3) | st.lists(st.integers(0, 3), max_size=2)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(_KEYS, _LEAVES), min_size=1, max_size=8), st.booleans())
def test_a_repeated_key_is_located_at_the_value_orjson_keeps(
    members: list[tuple[str, Any]], escaped: bool
) -> None:
    """An object repeating a key: its problem is placed on the last value, the one orjson
    reads and `validate` judged, not on the first."""

    def dumps(value: Any) -> str:
        return json.dumps(value) if escaped else orjson.dumps(value).decode()

    body = ",\n ".join(f"{dumps(k)}: {dumps(v)}" for k, v in members)
    text = '{"r": {' + body + "}}"
    kept = orjson.loads(text)["r"]
    for key, value in kept.items():
        where = json_position(text, "$.r" + key_segment(key))
        assert where is not None
        assert _value_at(text, *where) == value


class _CountingPattern:
    """A compiled pattern that counts its ``match`` calls."""

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern = pattern
        self.calls = 0

    def match(self, text: str, pos: int = 0) -> re.Match[str] | None:
        self.calls += 1
        return self.pattern.match(text, pos)


def test_the_problems_of_a_long_array_are_found_in_one_reading(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A hundred problems at the end of an array of 20 000 numbers: far fewer token reads
    than items (runs of numbers are crossed at once), not a walk per problem."""
    n = 20_000
    text = '{"a": [' + ", ".join(["7"] * n) + "]}"
    counting = _CountingPattern(_locate._TOKEN)
    monkeypatch.setattr(_locate, "_TOKEN", counting)
    locate = json_positions(text)
    for i in range(n - 100, n):
        where = locate(f"$.a[{i}]")
        assert where is not None
        assert _value_at(text, *where) == 7
        assert where == (1, 8 + 3 * i)
    assert counting.calls < n // 10


def test_the_problems_of_a_wide_object_read_it_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """A hundred problems in an object of 5 000 members: the object is read once (a few
    tokens a member), however many of its members are asked for."""
    n = 5_000
    text = "{" + ",".join(f'"k{i}": {{"v": {i}}}' for i in range(n)) + "}"
    counting = _CountingPattern(_locate._TOKEN)
    monkeypatch.setattr(_locate, "_TOKEN", counting)
    locate = json_positions(text)
    for i in range(n - 100, n):
        where = locate(f"$.k{i}.v")
        assert where is not None
        assert _value_at(text, *where) == i
    assert counting.calls < 6 * n


# -- the pager ---------------------------------------------------------------------------------

DEVICES = DataResource("Devices", Device)


@pytest.mark.parametrize(
    ("start", "first", "last", "count"),
    [
        (None, 50, 59, 100),  # entities 0 to 49 would be skipped
        (10, 20, 29, 100),
        (10, 5, 29, 100),  # 5 to 9 given twice
        (None, 50, 99, 100),  # ends at the last match, yet 0 to 49 were never seen
        (0, -3, 2, 10),
    ],
)
def test_a_page_that_is_not_the_one_asked_for_is_a_decode_error(
    start: int | None, first: int, last: int, count: int
) -> None:
    """A non-empty page whose ``first`` is not where the query starts is not followed (nor
    taken for the last): the matches it skips or repeats would go unnoticed."""
    page = EntityIds(first=first, last=last, count=count)
    with pytest.raises(codec.DecodeError) as error:
        DEVICES.ids(first_result=start, max_results=10).next(page)
    assert (error.value.code, error.value.path) == ("range", "$.queryResponse['@first']")


def test_an_empty_page_anywhere_ends_the_pages() -> None:
    """An empty page (``last`` before ``first``) is the end, wherever it says it starts."""
    assert DEVICES.ids(first_result=30).next(EntityIds(first=24, last=23, count=24)) is None


# -- inference ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "payloads",
    [
        [b"<a><x>hi</x></a>", b"<a><x><y>1</y></x></a>"],
        [b'{"a": {"x": "hi"}}', b'{"a": {"x": {"y": 1}}}'],
        [b'{"a": {"x": {"$": "hi"}}}', b'{"a": {"x": {"y": 1}}}'],
        [b'{"a": {"x": {"$": "", "y": 1}}}'],
    ],
)
def test_text_in_one_place_and_elements_in_another_is_a_decode_error(
    payloads: list[bytes],
) -> None:
    """An element holding text in one sample and child elements in another (or beside them,
    in JSON's ``$``) is a `DecodeError` naming it: no model declares both, and the source
    written for it would not import."""
    with pytest.raises(codec.DecodeError) as error:
        codec.infer_models(payloads)
    assert (error.value.code, error.value.path) == ("shape", "a/x")
    assert "<x>" in error.value.message
    assert "<y>" in error.value.message


_NAMES = st.builds(
    lambda a, b: a + b,
    st.sampled_from(list("aZ_é名")),
    st.text(st.sampled_from(list("aZ_é.-0")), max_size=4),
).filter(lambda n: not n.lower().startswith("xml"))
_SCALARS = st.text(max_size=4) | st.integers(-(2**63), 2**63 - 1) | st.booleans()
_BODIES = st.recursive(
    _SCALARS,
    lambda inner: (
        st.dictionaries(_NAMES | _NAMES.map(lambda n: "@" + n) | st.just("$"), inner, max_size=3)
        | st.lists(st.dictionaries(_NAMES, inner, max_size=2), min_size=1, max_size=2)
    ),
    max_leaves=8,
)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(_NAMES, _BODIES), min_size=1, max_size=3), st.sampled_from([None, 1, 4]))
def test_inferred_source_from_any_json_imports_or_is_refused(
    docs: list[tuple[str, Any]], version: int | None
) -> None:
    """Whatever JSON the captures hold, inference gives source that imports (and a check
    that answers with problems, never an exception), or a `DecodeError`."""
    payloads = [orjson.dumps({root: body}) for root, body in docs]
    try:
        source = codec.infer_models(payloads, version=version)
    except codec.DecodeError:
        return
    load_models(source)
    for problem in _infer.check_models(source, read_samples(payloads, version)):
        assert problem.code == "invalid"


class _CountedName(str):
    """A name that counts how often it is hashed."""

    hashes = 0

    def __hash__(self) -> int:
        _CountedName.hashes += 1
        return super().__hash__()


def test_many_names_are_ordered_in_n_log_n() -> None:
    """The order of 2 000 names seen in two samples takes a few look-ups a name, not one
    per name still pending (which made a capture of many names hang)."""
    n = 2_000
    names = [_CountedName(f"n{i}") for i in range(n)]
    _CountedName.hashes = 0
    merged = _infer._merge([names, names[::2]])
    assert merged == names
    assert _CountedName.hashes < 40 * n


def _merge_reference(orders: list[list[str]]) -> list[str]:
    """The order `_infer._merge` gives, by its definition: repeatedly, of the names nothing
    pending comes before (all pending ones, on a contradiction), the first seen."""
    first: dict[str, int] = {}
    after: dict[str, set[str]] = {}
    for names in orders:
        order = list(dict.fromkeys(names))
        for i, name in enumerate(order):
            first.setdefault(name, len(first))
            after.setdefault(name, set())
            if i:
                after[order[i - 1]].add(name)
    merged: list[str] = []
    pending = set(first)
    while pending:
        ready = [n for n in pending if not any(n in after[m] for m in pending if m != n)] or list(
            pending
        )
        name = min(ready, key=first.__getitem__)
        pending.discard(name)
        merged.append(name)
    return merged


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.sampled_from("abcdefg"), max_size=7), max_size=4))
def test_names_are_ordered_as_the_definition_says(orders: list[list[str]]) -> None:
    """Merged orders keep each sample's order where they agree, and settle contradictions
    by first appearance, exactly as the definition (a quadratic reference) does."""
    assert _infer._merge(orders) == _merge_reference(orders)
    assert _infer._merge([["b", "c"], ["a", "c"], ["c", "a"]]) == ["b", "c", "a"]


class _CountingSet(set[str]):
    """A set that counts its membership tests."""

    tests = 0

    def __contains__(self, item: object) -> bool:
        _CountingSet.tests += 1
        return super().__contains__(item)


def test_many_wire_names_of_one_python_name_take_a_step_each() -> None:
    """3 000 wire names that all map to ``x`` are numbered ``x``, ``x2``... with a few
    look-ups each, not one per copy made before."""
    names = _infer._Names(["x3"])
    names.taken = _CountingSet(names.taken)
    _CountingSet.tests = 0
    given = [names.unique("x") for _ in range(3_000)]
    assert given[:4] == ["x", "x2", "x4", "x5"]
    assert len(set(given)) == 3_000
    assert _CountingSet.tests < 3 * 3_000
    assert names.unique("for_") == "for_"
    assert names.unique("for_") == "for_2_"


def test_an_element_of_many_distinct_names_is_inferred() -> None:
    """A capture whose one element holds 3 000 distinct child names gives a model of them
    all, in document order."""
    n = 3_000
    xml = "<r>" + "".join(f"<a{i}>{i}</a{i}>" for i in range(n)) + "</r>"
    source = codec.infer_models([xml.encode()])
    fields = re.findall(r"^    (a\d+): int = codec.element\(\)$", source, re.M)
    assert fields == [f"a{i}" for i in range(n)]
