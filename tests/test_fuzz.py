"""Fuzzing in the test suite, driven by Hypothesis: mutated vendor samples and random bytes.

The properties are those of the atheris harness (`tests/fuzz/fuzz_codec.py`, which runs long
campaigns): only `CodecError` escapes `decode`, `validate` and `detect` never raise, lenient
`validate` agrees with lenient `decode`, and what decodes re-encodes to the same model.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from .fuzz.fuzz_codec import check_one

SAMPLES = sorted((Path(__file__).parent / "golden").iterdir())
SAMPLE_BYTES = [p.read_bytes() for p in SAMPLES]

# XML and JSON fragments that mutations splice in: markup that changes the structure.
FRAGMENTS = [
    b"<",
    b">",
    b"</",
    b"/>",
    b"&",
    b"&amp;",
    b"&#0;",
    b"<x>",
    b"</x>",
    b"<![CDATA[",
    b"]]>",
    b"<!--",
    b"-->",
    b"<?pi?>",
    b"<!DOCTYPE a>",
    b'"',
    b"'",
    b"=",
    b' a="1"',
    b"{",
    b"}",
    b"[",
    b"]",
    b",",
    b":",
    b"null",
    b"true",
    b"1e999",
    b"-0",
    b"9223372036854775808",
    b"\\u0000",
    b"\\ud800",
    b"\xff",
    b"\xef\xbb\xbf",
    b"\x00",
    b"\n",
    b"SUSPEND",
    b"runId",
    b"failure",
    b"operationResult",
    b"@requestUrl",
    b"/webacs/api/v7/",
]


@st.composite
def mutated_samples(draw: st.DrawFn) -> bytes:
    """A vendor sample with a few bytes flipped, spliced, deleted or cut."""
    data = bytearray(draw(st.sampled_from(SAMPLE_BYTES)))
    for _ in range(draw(st.integers(1, 4))):
        where = draw(st.integers(0, len(data)))
        action = draw(st.sampled_from(["flip", "insert", "delete", "cut", "fragment"]))
        if action == "flip" and where < len(data):
            data[where] = draw(st.integers(0, 255))
        elif action == "insert":
            data[where:where] = draw(st.binary(min_size=1, max_size=8))
        elif action == "delete":
            del data[where : where + draw(st.integers(1, 16))]
        elif action == "cut":
            del data[where:]
        else:
            data[where:where] = draw(st.sampled_from(FRAGMENTS))
    return bytes(data)


@given(mutated_samples())
def test_mutated_samples(data: bytes) -> None:
    """Mutated vendor samples: only codec errors, agreement, no loss."""
    check_one(data)


@given(st.binary(max_size=200))
def test_random_bytes(data: bytes) -> None:
    """Random bytes: only codec errors, and validate and detect never raise."""
    check_one(data)


@given(st.text(max_size=100))
def test_random_text(data: str) -> None:
    """Random text, lone surrogates included, passed as str."""
    check_one(data)


# Inputs the atheris campaigns found, kept as regressions.
FOUND = [
    # JSON text holding U+0008 (``\b``): it decodes, and XML cannot carry it, so encoding it as
    # XML is an EncodeError, not broken XML (the first campaign's one finding).
    b'{"mgmtResponse": {"@requestUrl": "https : \\/\\/localhot/wse\\bacs"}}',
]


def test_found_by_fuzzing() -> None:
    """Every input a campaign reported stays handled."""
    for data in FOUND:
        check_one(data)
