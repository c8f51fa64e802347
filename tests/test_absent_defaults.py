"""A field that is neither optional nor a list, declared with a default, decodes as its
default where the payload leaves it out, on every path: a field typed ``int`` with
``default=5`` is never ``None`` (before, every decoder wrote ``None`` there)."""

from __future__ import annotations

from typing import Any

import attrs
import pytest

import codec
from codec._check import read


@codec.model(root="settings")
class Settings:
    mode: str = codec.element(default="auto")
    retries: int = codec.attribute(default=5)
    made: str = codec.element(default=attrs.Factory(lambda: "made"))
    note: str | None = codec.element(default=None)
    tags: tuple[str, ...] = codec.wrapped("tags", "tag", default=())


EXPECTED = Settings()
DOCUMENTS = [
    ("xml", b"<settings/>"),
    ("xml", b"<settings>" + b" " * 70_000 + b"</settings>"),  # the streaming reader
    ("json", b'{"settings": {}}'),
    ("json", b'{"settings": {' + b" " * 70_000 + b"}}"),
]


@pytest.mark.parametrize(("fmt", "raw"), DOCUMENTS)
@pytest.mark.parametrize("options", [{}, {"strict": True}, {"unknown": "keep"}, {"max_depth": 9}])
def test_an_absent_field_takes_its_default(fmt: str, raw: bytes, options: dict[str, Any]) -> None:
    for version in (1, 3):
        decoded = codec.decode(raw, Settings, version=version, format=fmt, **options)
        assert decoded == EXPECTED
        assert (decoded.mode, decoded.retries, decoded.made) == ("auto", 5, "made")
        assert read(raw, Settings, version, fmt).value == EXPECTED
        assert codec.validate(raw, Settings, version=version, format=fmt).ok


def test_a_default_written_reads_back() -> None:
    for version in (1, 3):
        for fmt in ("xml", "json"):
            raw = codec.encode(EXPECTED, version=version, format=fmt)
            assert codec.decode(raw, Settings, version=version, format=fmt) == EXPECTED
