"""Large JSON read sparsely (`codec._sparse`) gets the reference's answer, in bounded memory.

The sparse reading replaces orjson's for the checker, `codec.detect`, strict decoding and
`validate` where orjson would read a large input at many times its size. One input, one
answer: on hostile JSON (the mutated payloads of ``test_differential_hostile``, with unknown
content added: nested values, runs of more than `MAX_PROBLEMS` unknown keys in a model or a
wrapper, repeated keys and ``-0`` inside it), every problem (code, path, message, order, the
count of the rest) and every value is the one the reading by orjson gives. The gate is forced
open (and shut, for the reference) so that small inputs take the sparse path; a few large
inputs go through the real gate.
"""

from __future__ import annotations

import contextlib
import gc
import tracemalloc
from collections.abc import Callable, Iterator
from typing import Any, Final
from unittest import mock

import orjson
import pytest
from hypothesis import event, given
from hypothesis import strategies as st

import codec
from codec import _check, _strict, _validate
from codec._check import json_sparse, problems_by_version
from codec._limits import DEFAULT_LIMITS, MAX_PROBLEMS, Limits
from codec._plan import plan_for
from codec._sparse import SPARSE_FROM, read_sparse, sparse_pays
from codec._versions import VERSIONS as RULES
from codec.jobservice import MgmtResponse

from .paths import Answer, agree, attempt
from .test_differential_hostile import MANY, TYPES, VERSIONS, hostile_json


@contextlib.contextmanager
def gate(open_: bool | None) -> Iterator[None]:
    """The sparse reading forced on every JSON input (``True``), on none (``False``: the
    reading by orjson, the reference), or left to `sparse_pays` (``None``)."""
    if open_ is None:
        yield
        return

    def forced(data: bytes | str, limits: Limits, ratio: float = 0) -> bool:
        return open_ and limits.max_depth >= DEFAULT_LIMITS.max_depth

    with contextlib.ExitStack() as stack:
        for module in (_strict, _check, _validate):
            stack.enter_context(mock.patch.object(module, "sparse_pays", forced))
        yield


def _unknown_value(n: int) -> str:
    """Unknown content: nested objects and arrays, -0, a repeated key, an escaped quote."""
    return [
        "0",
        '{"a":[0,"text"]}',
        '[-0,{"b":1,"b":{"c":[]}}]',
        '{"x\\"y":[[[1.5e3]]],"n":null,"t":true}',
        '"-0 \\\\"',
        '{"a":{"a":{"a":-0}}}',
    ][n % 6]


@st.composite
def sparse_json(draw: st.DrawFn) -> tuple[type[Any], int, bytes]:
    """A hostile JSON payload with unknown content put into some of its objects (a few keys,
    or a run past `MAX_PROBLEMS`, some repeated)."""
    cls, version, data = draw(hostile_json())
    starts = [i for i, byte in enumerate(data) if byte == ord("{")]
    for _ in range(draw(st.integers(0, 3)) if starts else 0):
        at = draw(st.sampled_from(starts)) + 1
        count = draw(st.sampled_from([1, 2, MAX_PROBLEMS - 1, MAX_PROBLEMS + 1, 250]))
        names = draw(st.sampled_from(["u{}", "@u{}", "@xmlns:p{}", "id", "u{}", "item"]))
        repeat = draw(st.booleans())
        pairs = [
            f'"{names.format(i % 7 if repeat else i)}":{_unknown_value(i)}' for i in range(count)
        ]
        closed = data[at : at + 1] == b"}"
        text = ",".join(pairs) + ("" if closed else ",")
        data = data[:at] + text.encode() + data[at:]
        starts = [i for i, byte in enumerate(data) if byte == ord("{")]
    return cls, version, data


def _answers(cls: type[Any], data: bytes | str, version: int) -> list[object]:
    """What every entry point says of ``data``: problems (strict and lenient, every version),
    strict decoding, unknown='error', validate with and without type and version, detect."""
    plan = plan_for(cls)
    rules = tuple(RULES.values())
    return [
        problems_by_version(data, plan, rules, "json", True),
        problems_by_version(data, plan, rules, "json", False),
        _decoded(attempt(cls, data, version, "json", strict=True)),
        _decoded(attempt(cls, data, version, "json", unknown="error")),
        codec.validate(data, cls, version=version, format="json"),
        codec.validate(data, cls, version=version, format="json", lenient=True),
        codec.validate(data, types=TYPES),
        codec.detect(data, TYPES),
    ]


def _decoded(result: Answer) -> object:
    return (True, result[1]) if result[0] else (False, result[1].problems)


def _same(cls: type[Any], data: bytes | str, version: int) -> None:
    with gate(False):
        expected = _answers(cls, data, version)
    with gate(True):
        got = _answers(cls, data, version)
    for want, have in zip(expected, got, strict=True):
        assert have == want


@MANY
@given(sparse_json())
def test_sparse_reading_gives_the_reference_answer(case: tuple[type[Any], int, bytes]) -> None:
    """Hostile JSON with unknown content: the sparse reading's problems, values, reports and
    detection are the reading by orjson's, byte for byte."""
    cls, version, data = case
    with gate(True):
        read = json_sparse(data, {str(codec.root_of(cls)): cls})
    event("sparse" if read is not None else "doubted")
    _same(cls, data, version)


@given(sparse_json())
def test_sparse_reading_of_text_is_that_of_its_bytes(case: tuple[type[Any], int, bytes]) -> None:
    """A ``str`` input read sparsely gets the answer its bytes get."""
    cls, version, data = case
    try:
        text = data.decode()
    except UnicodeDecodeError:
        return
    with gate(True):
        assert _answers(cls, text, version) == _answers(cls, data, version)


def _hostile(count: int) -> bytes:
    unknown = {f"k{i}": {"a": [i, "text"]} for i in range(count)}
    return orjson.dumps({"mgmtResponse": unknown})


LARGE: Final = [
    pytest.param(_hostile(40_000), id="1 MB of unknown keys"),
    pytest.param(
        b'{"mgmtResponse":{"@responseType":"x",'
        + b",".join(b'"k%d":[%d,{"b":-0}]' % (i, i) for i in range(8_000))
        + b',"k1":{"k1":1,"k1":2}}}',
        id="repeated keys and -0 in unknown content",
    ),
    pytest.param(
        b'{"mgmtResponse":{"operationResult":{"success":'
        + orjson.dumps({f"s{i}": [{"a": {}}] for i in range(5_000)})
        + b"}}}",
        id="unknown keys in a wrapper",
    ),
    pytest.param(_hostile(5_000)[:-2] + b"}", id="not JSON"),
    pytest.param(_hostile(5_000).replace(b'"text"', b'"\\ud800"', 1), id="a lone surrogate"),
]


@pytest.mark.parametrize("data", LARGE)
def test_large_hostile_json_takes_the_sparse_path_and_agrees(data: bytes) -> None:
    """Large hostile JSON passes the real gate and gets the reading by orjson's answer."""
    assert len(data) >= SPARSE_FROM
    assert sparse_pays(data, DEFAULT_LIMITS)
    with gate(False):
        expected = _answers(MgmtResponse, data, 3)
    assert _answers(MgmtResponse, data, 3) == expected


def test_valid_large_json_is_not_read_sparsely() -> None:
    """A large valid payload as PI writes them (statuses with an id, a message and a status)
    stays with orjson and the fast path; one as dense as the hostile payload does not."""
    statuses = [
        {"id": i, "message": f"Job {i} stopped by the scheduler", "status": "FAILED"}
        for i in range(2000)
    ]
    body = {"@responseType": "operation", "operationResult": [{"failure": {"failure": statuses}}]}
    data = orjson.dumps({"mgmtResponse": body})
    assert len(data) >= SPARSE_FROM
    assert not sparse_pays(data, DEFAULT_LIMITS)
    assert not sparse_pays(data.decode(), DEFAULT_LIMITS)
    assert sparse_pays(_hostile(5_000), DEFAULT_LIMITS)
    assert not sparse_pays(_hostile(5_000), Limits(max_depth=100))  # checked on orjson's reading


@pytest.mark.parametrize(
    "text",
    [
        '{"mgmtResponse":{"k":"\\ud83d\\ude00"}}',
        '{"mgmtResponse":{"k":123456789012345678901}}',
        '{"mgmtResponse":{"k":NaN}}',
        '{"mgmtResponse":{"k":1e400}}',
        '[{"mgmtResponse":{}}]',
        '{"mgmtResponse":{}} x',
        '{"mgmtResponse":{"k":[1,]}}',
    ],
)
def test_the_sparse_reading_doubts_what_orjson_might_read_otherwise(text: str) -> None:
    """Surrogates, long integers, NaN, floats out of range, a top-level array, trailing text
    and syntax errors are left to orjson."""
    assert read_sparse(text.encode(), {"mgmtResponse": MgmtResponse}, _check._object_plan) is None


def _peak(call: Callable[[], object]) -> int:
    gc.collect()
    tracemalloc.start()
    try:
        call()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize(
    "call",
    [
        pytest.param(lambda d: attempt(MgmtResponse, d, 3, "json", strict=True), id="strict"),
        pytest.param(lambda d: attempt(MgmtResponse, d, 3, "json", unknown="error"), id="error"),
        pytest.param(lambda d: codec.validate(d, MgmtResponse, version=3), id="validate"),
        pytest.param(lambda d: codec.validate(d), id="validate auto"),
    ],
)
def test_checking_1mb_of_unknown_json_stays_within_10x(call: Callable[[bytes], object]) -> None:
    """Strict decoding and validate of 1 MB of unknown JSON content peak under ten times the
    input (orjson's reading alone takes some 26 times)."""
    data = _hostile(40_000)
    call(data)  # plans and generated code made before measuring
    assert _peak(lambda: call(data)) < 10 * len(data)


def test_sparse_and_orjson_readings_of_1mb_agree_on_problems() -> None:
    """The 1 MB payload's problems: the first 100 unknown keys and a count of the rest."""
    data = _hostile(40_000)
    with gate(False):
        expected = attempt(MgmtResponse, data, 3, "json", strict=True)
    got = attempt(MgmtResponse, data, 3, "json", strict=True)
    agree(expected, got, "sparse")
    assert not got[0]
    assert len(got[1].problems) == MAX_PROBLEMS + 1
    assert got[1].problems[-1].message.startswith(f"{40_000 - MAX_PROBLEMS} more problems")
    assert VERSIONS == (1, 2, 3, 4)


def test_a_value_let_go_leaves_no_count_behind() -> None:
    """A repeated key whose first value held more than 100 unknown keys: orjson keeps the last
    value, and the count of the first does not land on another object (one taking its id)."""
    unknown = ",".join(f'"u{i}":0' for i in range(MAX_PROBLEMS + 1))
    item = '{"resultStatus":"","results":{"result":{' + unknown + '},"result":null}}'
    runs = '{"runInstance":[{},' + item + ',{"resultStatus":""},{"resultStatus":""}]}'
    data = ('{"mgmtResponse":{"job":{"jobId":1,"runInstances":' + runs + "}}}").encode()
    _same(MgmtResponse, data, 1)
