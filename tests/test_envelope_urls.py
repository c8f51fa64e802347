"""The envelope URL rule (`codec.pi._urls`): which versions a payload's URLs name."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

import codec
from codec.jobservice import MgmtResponse
from codec.pi._urls import ENVELOPE_URLS

_SEGMENT = re.compile(r"(?=/webacs/api/v([0-9]+)/)")


def _named(url: str) -> set[int]:
    """The rule as the module docstring states it, read another way: every (overlapping)
    ``/webacs/api/vN/``; numbers past nine significant digits stand as 10**9."""
    out = set()
    for digits in _SEGMENT.findall(url):
        significant = digits.lstrip("0") or "0"
        out.add(int(significant) if len(significant) <= 9 else 10**9)
    return out


_PIECES = st.sampled_from(["/webacs/api/v", "3", "0", "12", "/", "op", "x", "v", "٣", "/webacs"])


@given(st.lists(st.lists(_PIECES, max_size=12).map("".join), max_size=3))
def test_versions_named_follow_the_rule(urls: list[str]) -> None:
    expected: set[int] = set().union(*map(_named, urls)) if urls else set()
    assert ENVELOPE_URLS.versions(urls) == expected
    assert ENVELOPE_URLS.versions(urls) == expected  # read again: from the cache, the same


@pytest.mark.parametrize("fmt", ["xml", "json"])
def test_a_version_of_thousands_of_digits_is_a_problem_not_a_crash(fmt: str) -> None:
    url = "/webacs/api/v" + "7" * 5000 + "/op"
    if fmt == "xml":
        data = f'<mgmtResponse requestUrl="{url}"/>'.encode()
    else:
        data = ('{"mgmtResponse": {"@requestUrl": "' + url + '"}}').encode()
    report = codec.validate(data, MgmtResponse, version=3)
    assert [p.code for p in report.problems] == ["shape"]
    assert "v1000000000" in report.problems[0].message
    with pytest.raises(codec.DecodeError) as caught:
        codec.decode(data, MgmtResponse, version=3, format=fmt, strict=True)
    assert caught.value.problems[0].code == "shape"
    # as for v9: detection names what the shapes allow, the checker refuses them all
    assert codec.detect(data).versions == codec.detect(data.replace(b"7" * 5000, b"9")).versions
    assert not codec.validate(data).ok
