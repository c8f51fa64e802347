"""`validate`'s fast path against its reference: the same report, problem for problem.

`validate` asks the generated strict predicates first (`codec._strict`), and where they accept
the payload for some version, it asks the checker (`codec._check`) only whether each other
version passes: it walks the JSON once per version and reads it a second time (repeated keys,
``-0``) only for a version the walk finds nothing in. The reference is `validate` with the
predicates made to doubt everything: the checker alone, on every version.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import codec
from codec import _check, _validate
from codec._limits import DEFAULT_LIMITS
from codec._plan import plan_for
from codec._versions import VERSIONS
from codec.jobservice import JobRunOperationPayload

from .models_all import ROOTS
from .strategies import instances, mutated_documents

GOLDEN = Path(__file__).parent / "golden"


@contextmanager
def _patched(name: str, function: Any) -> Iterator[None]:
    saved = getattr(_validate, name)
    setattr(_validate, name, function)
    try:
        yield
    finally:
        setattr(_validate, name, saved)


def _doubt(data: Any, cls: Any, *_: Any) -> tuple[Any, set[int], set[int]]:
    """A fast path that doubts every payload: the checker decides alone."""
    return cls, set(), set()


def _failing_in_full(
    data: Any, plan: Any, rest: tuple[Any, ...], fmt: Any, strict: bool, limits: Any
) -> set[int]:
    """The versions the checker finds a problem in, every problem of each collected."""
    found = _check.problems_by_version(data, plan, rest, fmt, strict, limits)
    return {number for number, problems in found.items() if problems}


def _same_reports(data: bytes, cls: type[Any]) -> None:
    """Strict, with and without type and version, `validate` gives the checker's report
    alone; lenient too, but for the versions the URLs name (see the note below), `validate`
    asking the checker for every problem of the other versions."""
    calls: list[dict[str, Any]] = [{}, {"type": cls}, {"lenient": True}]
    calls += [{"type": cls, "version": v} for v in VERSIONS]
    for kwargs in calls:
        fast = codec.validate(data, types=ROOTS, **kwargs)
        with _patched("_failing", _failing_in_full):
            assert fast == codec.validate(data, types=ROOTS, **kwargs), kwargs
        if not kwargs.get("lenient"):
            with _patched("_fast_path", _doubt):
                assert fast == codec.validate(data, types=ROOTS, **kwargs), kwargs


# Note: lenient validation of a payload whose URLs name a version, valid for it, reports that
# version alone where the checker alone accepts every version lenient decoding takes (the
# fast path leaves out the versions the URLs refuse strictly): left as it stands here.


@given(instances(), st.sampled_from(codec.FORMATS), st.sampled_from(list(VERSIONS)))
def test_a_valid_payload_gets_the_reference_report(
    case: tuple[type[Any], int, Any], fmt: str, written: int
) -> None:
    """A payload written for one version, valid for it and maybe for others, gets from
    `validate` the report the checker alone gives: the same versions, no problems."""
    cls, _, instance = case
    _same_reports(codec.encode(instance, version=written, format=fmt), cls)


@given(mutated_documents())
def test_a_mutated_payload_gets_the_reference_report(
    case: tuple[type[Any], int, str, bytes, Any],
) -> None:
    """A payload mutated once, valid or not, gets from `validate` the report the checker
    alone gives, problem for problem."""
    cls, _, _, data, _ = case
    _same_reports(data, cls)


@pytest.mark.parametrize("name", sorted(p.name for p in GOLDEN.iterdir()))
def test_vendor_samples_get_the_reference_report(name: str) -> None:
    """Each vendor sample gets the report the checker alone gives."""
    data = (GOLDEN / name).read_bytes()
    _same_reports(data, codec.validate(data).type or JobRunOperationPayload)


def test_other_versions_refuted_by_the_walk_are_not_read_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The v1 request, in JSON, is refused by v2-v4's list shape: the walk says so, and the
    second reading of the JSON (the standard library's, for repeated keys and -0) is skipped."""

    def second_reading(data: Any) -> list[codec.Problem]:
        raise AssertionError("read a second time")

    monkeypatch.setattr(_check, "_second_reading", second_reading)
    report = codec.validate((GOLDEN / "v1_request.json").read_bytes())
    assert report.versions == (1,)
    assert report.problems == ()


def test_a_version_the_walk_finds_nothing_in_goes_to_the_checker() -> None:
    """A key repeated (orjson keeps the last) is found by the checker's second reading only:
    the walk finds nothing, so the checker reads the payload in full and refuses it."""
    data = b'{"jobRunOperationPayload": {"runIds": {"runId": [1]}, "runIds": {"runId": [2]}}}'
    plan = plan_for(JobRunOperationPayload)
    rest = (VERSIONS[2], VERSIONS[3])
    failing = _validate._failing(data, plan, rest, "json", True, DEFAULT_LIMITS)
    assert failing == {2, 3}
    assert _validate._failing(data, plan, rest, "json", False, DEFAULT_LIMITS) == set()


def test_types_given_as_a_generator_serve_the_fast_path_and_detection() -> None:
    """``types`` is read by the fast path and, for an invalid payload, by detection too: a
    generator gives both the same types."""
    from codec.jobservice import JobRunOperationPayload, MgmtResponse

    bad = (GOLDEN / "v3_response.xml").read_bytes().replace(b"<id>2</id>", b"<id>x</id>", 1)
    given = codec.validate(bad, types=(t for t in (JobRunOperationPayload, MgmtResponse)))
    assert given == codec.validate(bad, types=(JobRunOperationPayload, MgmtResponse))
    assert given.type is MgmtResponse
    assert not given.ok
