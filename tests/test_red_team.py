"""Disagreements and bad answers found by attacking the decode paths from outside, each kept
as a regression test next to its minimal reproducer.

1. JSON nested past the interpreter's default recursion limit (about 990 levels) but within
   orjson's 1024: the standard library's second reading (repeated keys and ``-0`` for strict
   checking; integer literals too long for orjson) ran out of recursion, so strict decoding
   and `validate` accepted a repeated key or ``-0`` they refuse at any shallower depth, and
   a 500-digit integer (even in content lenient decoding skips) was a ``syntax`` problem at
   ``$`` where a shallower one is skipped or is ``range`` at its path.
2. ``max_bytes`` measured a str by its characters: the same document, non-ASCII, was within
   the limit as a str and over it as bytes (and a str of 64 Mi characters holding more than
   64 MiB of UTF-8 passed the default limit).
"""

from __future__ import annotations

from typing import Any, Final

import pytest

import codec
from codec._limits import DEFAULT_LIMITS
from tests.models_all import Tree

#: Nesting past the interpreter's default recursion limit, within orjson's 1024 levels and
#: the default ``max_depth`` (the deepest key is at depth 1022).
DEEP: Final = 1019


def _nested(levels: int, leaf: str) -> bytes:
    """A `Tree` whose trunk holds ``levels`` nodes in a chain, the last holding ``leaf``."""
    chain = ',"next":{"@name":"n"' * levels
    return f'{{"tree":{{"trunk":{{"@name":"a"{chain},"next":{leaf}{"}" * levels}}}}}}}'.encode()


def _problems(data: bytes, version: int, **options: Any) -> list[tuple[str, str]]:
    try:
        codec.decode(data, Tree, version=version, format="json", **options)
    except codec.DecodeError as error:
        return [(p.code, p.path) for p in error.problems]
    return []


@pytest.mark.parametrize(
    ("leaf", "code"),
    [('{"@name":"a","@name":"b"}', "shape"), ('{"@name":"a","@weight":-0}', None)],
    ids=["repeated key", "-0 in unknown content"],
)
@pytest.mark.parametrize("levels", [5, DEEP])
def test_deep_json_gets_the_strict_problems_of_shallow_json(
    leaf: str, code: str | None, levels: int
) -> None:
    """A repeated key or -0 is a strict problem at any depth orjson reads, not only near the
    top."""
    data = _nested(levels, leaf)
    for version in (1, 3):
        assert _problems(data, version) == []
        strict = _problems(data, version, strict=True)
        report = codec.validate(data, Tree, version=version, format="json")
        assert [(p.code, p.path) for p in report.problems] == strict
        deepest = "$.tree.trunk" + ".next" * (levels + 1)
        if code == "shape":
            assert strict == [("shape", deepest + "['@name']")]
        else:
            assert strict == [
                ("unknown", deepest + "['@weight']"),
                ("type", deepest + "['@weight']"),
            ]


@pytest.mark.parametrize("levels", [5, DEEP])
def test_deep_json_reads_a_long_integer_as_shallow_json_does(levels: int) -> None:
    """An integer literal too long for orjson is skipped in unknown content and ``range`` at
    its path in a declared place, however deep."""
    long = "9" * 500
    skipped = _nested(levels, f'{{"@name":"a","big":{long}}}')
    assert _problems(skipped, 3) == []
    kept = codec.decode(skipped, Tree, version=3, format="json", unknown="keep")
    assert long.encode() in codec.encode(kept, version=3, format="json")
    declared = f'{{"tree":{{"trunk":{{"@name":"a"}},"branch":{_branches(levels, long)}}}}}'
    path = "$.tree" + ".branch" * (levels + 1) + "['@weight']"
    assert _problems(declared.encode(), 1) == [("range", path)]


def _branches(levels: int, weight: str) -> str:
    """``levels`` branches in a chain, the last one's weight ``weight`` (v1 shapes)."""
    opened = '{"@name":"b","branch":' * levels
    return f'{opened}{{"@name":"b","@weight":{weight}}}{"}" * levels}'


# --------------------------------------------------------------------------- max_bytes


@pytest.mark.parametrize("fmt", ["xml", "json"])
def test_max_bytes_counts_the_utf8_bytes_of_a_str(fmt: str) -> None:
    """``max_bytes`` bounds a str's UTF-8 bytes, as it bounds the same document as bytes: one
    answer whichever form it is given in, on every path."""
    if fmt == "xml":
        text = f"<tree><trunk name='{'é' * 40}'/></tree>"
    else:
        text = '{"tree":{"trunk":{"@name":"' + "é" * 40 + '"}}}'
    size = len(text.encode())
    assert size == len(text) + 40
    for data in (text, text.encode()):
        for limit, within in ((len(text), False), (size - 1, False), (size, True)):
            for options in ({}, {"strict": True}, {"unknown": "keep"}, {"unknown": "error"}):
                problems = _decoded(data, fmt, max_bytes=limit, **options)
                expected = [] if within else [("limit", "$")]
                assert problems == expected, (type(data), limit, options)
            for lenient in (False, True):
                report = codec.validate(
                    data, Tree, version=3, format=fmt, lenient=lenient, max_bytes=limit
                )
                assert report.ok is within
                if not within:
                    assert report.problems[0].message.startswith(f"input of {size} bytes")


def _decoded(data: bytes | str, fmt: str, **options: Any) -> list[tuple[str, str]]:
    try:
        codec.decode(data, Tree, version=3, format=fmt, **options)
    except codec.DecodeError as error:
        return [(p.code, p.path) for p in error.problems]
    return []


def test_the_default_max_bytes_bounds_a_str_by_its_utf8_bytes() -> None:
    """A str within 64 Mi characters but past 64 MiB as UTF-8 is over the default limit, as
    its bytes are (the common call measures it too)."""
    padding = "é" * (DEFAULT_LIMITS.max_bytes // 2)  # two bytes each: past the limit by 1+
    text = '{"tree":{"trunk":{"@name":"a"}},"pad":"' + padding + '"}'
    assert len(text) <= DEFAULT_LIMITS.max_bytes < len(text.encode())
    for options in ({}, {"strict": True}):
        assert _decoded(text, "json", **options) == [("limit", "$")]
