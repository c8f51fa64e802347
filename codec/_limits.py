"""Resource limits: what bounds the work and memory of decoding and validating one payload.

| limit            | default  | checked                                                       |
|------------------|----------|---------------------------------------------------------------|
| ``max_bytes``    | 64 MiB   | before anything is parsed (bytes, or characters for ``str``) |
| ``max_depth``    | 1024     | element nesting (XML), array/object nesting (JSON)            |
| ``max_attributes`` | 256    | attributes on any one XML element, known or skipped           |

1024 is also where orjson stops nesting, so JSON deeper than that is refused whatever the
setting. Exceeding a limit is a `DecodeError` (or a `Problem` from `validate`) with code
``limit``, whose message names the limit and its value.
"""

from __future__ import annotations

from typing import Final

import attrs

from ._errors import ArgumentError, Problem

__all__ = ["DEFAULT_LIMITS", "JSON_DEPTH", "Limits", "limits_of"]

#: orjson refuses nesting deeper than this.
JSON_DEPTH: Final = 1024


@attrs.frozen
class Limits:
    max_bytes: int = 64 * 1024 * 1024
    max_depth: int = 1024
    max_attributes: int = 256

    def too_large(self, size: int) -> Problem | None:
        if size <= self.max_bytes:
            return None
        return Problem("limit", "$", f"input of {size} bytes exceeds max_bytes={self.max_bytes}")

    def depth_message(self) -> str:
        return f"elements nested deeper than max_depth={self.max_depth}"

    def attributes_message(self, count: int) -> str:
        return f"an element with {count} attributes exceeds max_attributes={self.max_attributes}"


DEFAULT_LIMITS: Final = Limits()


def limits_of(max_bytes: int | None, max_depth: int | None, max_attributes: int | None) -> Limits:
    """The limits a call asked for, the defaults for those it left out."""
    if max_bytes is None and max_depth is None and max_attributes is None:
        return DEFAULT_LIMITS
    for name, value in (
        ("max_bytes", max_bytes),
        ("max_depth", max_depth),
        ("max_attributes", max_attributes),
    ):
        if value is not None and (type(value) is not int or value < 1):
            raise ArgumentError(f"{name} must be a positive integer, not {value!r}")
    return Limits(
        DEFAULT_LIMITS.max_bytes if max_bytes is None else max_bytes,
        DEFAULT_LIMITS.max_depth if max_depth is None else max_depth,
        DEFAULT_LIMITS.max_attributes if max_attributes is None else max_attributes,
    )
