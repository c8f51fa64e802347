"""Resource limits: what bounds the work and memory of decoding and validating one payload.

| limit            | default  | checked                                                       |
|------------------|----------|---------------------------------------------------------------|
| ``max_bytes``    | 64 MiB   | before anything is parsed (bytes, or characters for ``str``) |
| ``max_depth``    | 1024     | element nesting (XML), array/object nesting (JSON)            |
| ``max_attributes`` | 256    | attributes on any one XML element, known or skipped           |

Depth counts the same nesting in both formats (see `_parse`); orjson also stops at 1024
nested arrays and objects, so JSON deeper than that is refused whatever the setting.
Exceeding a limit is a `DecodeError` (or a `Problem` from `validate`) with code ``limit``,
whose message names the limit and its value.

Strict decoding and `validate` collect at most `MAX_PROBLEMS` problems per payload (per
version checked); the rest are counted in one last problem, code ``limit``, path ``$``. That
keeps their time and memory within a small multiple of a lenient decode's however much is wrong.

Recursion: models that hold themselves nest as deep as the document does. Generated code
recurses once per level, so `with_room` runs it with the interpreter's recursion limit raised
to what ``max_depth`` needs (while any such call runs), instead of letting `RecursionError`
out at about 1000 levels.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from typing import Final, TypeVar

import attrs

from ._errors import ArgumentError, Problem

__all__ = [
    "DEFAULT_LIMITS",
    "ENCODE_LEVELS",
    "JSON_DEPTH",
    "MAX_PROBLEMS",
    "TOO_DEEP_TO_WRITE",
    "Limits",
    "TooDeep",
    "input_size",
    "limits_of",
    "more_problems",
    "retry_with_room",
    "with_room",
]

#: orjson refuses nesting deeper than this.
JSON_DEPTH: Final = 1024

#: Problems collected per payload by strict decoding and `validate`; the rest are counted.
MAX_PROBLEMS: Final = 100


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

#: Characters of a str measured at a time by `input_size` (a bounded copy).
_CHUNK: Final = 1 << 20


def input_size(data: bytes | str) -> int:
    """The size ``max_bytes`` bounds: the length of bytes, and of a str its UTF-8 bytes (what
    the readers read: the same document gets the same answer as str or bytes). ASCII text is
    not copied to be measured, other text a chunk at a time; a lone surrogate counts the
    three bytes it would take."""
    if not isinstance(data, str) or data.isascii():
        return len(data)
    return sum(
        len(data[at : at + _CHUNK].encode("utf-8", "surrogatepass"))
        for at in range(0, len(data), _CHUNK)
    )


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


def more_problems(count: int) -> Problem:
    """The last problem of a list cut at `MAX_PROBLEMS`: how many more there were."""
    return Problem(
        "limit",
        "$",
        f"{count} more problem{'s' if count != 1 else ''} not listed: at most "
        f"{MAX_PROBLEMS} are collected",
    )


T = TypeVar("T")

#: Frames a level of nesting may take in generated code (a decoder, an encoder, a checker
#: walk), with room to spare; and the frames a call may already stand on.
_FRAMES_PER_LEVEL: Final = 4
_BASE_ROOM: Final = 1000
_room_lock = threading.Lock()
_room_users = 0
_saved_limit = 0


#: Levels of nesting an encoder makes room for: an instance is built by hand, not read under
#: a limit, so it has its own bound.
ENCODE_LEVELS: Final = 100_000
TOO_DEEP_TO_WRITE: Final = f"models nested deeper than {ENCODE_LEVELS} levels cannot be written"


class TooDeep(Exception):
    """Nesting that even the raised recursion limit could not hold."""


def with_room(levels: int, function: Callable[..., T], *args: object) -> T:
    """``function(*args)``, retried with room for ``levels`` levels of nesting if the
    interpreter's recursion limit stopped it. Raises `TooDeep` if that is not enough.

    ``function`` must be pure (generated decoders, encoders and checkers are, given their
    input), so that running it again is safe: it must not append to a list it was given.
    The raised limit stays while any retry runs (threads share it) and the old one comes
    back after the last.
    """
    try:
        return function(*args)
    except RecursionError:
        return retry_with_room(levels, function, *args)


def retry_with_room(levels: int, function: Callable[..., T], *args: object) -> T:
    """The retry of `with_room`, for the hot paths that make the first call themselves
    (catching `RecursionError` costs nothing when none is raised; a call more does)."""
    global _room_users, _saved_limit
    needed = _BASE_ROOM + _FRAMES_PER_LEVEL * levels
    with _room_lock:
        if _room_users == 0:
            _saved_limit = sys.getrecursionlimit()
        _room_users += 1
        if sys.getrecursionlimit() < needed:
            sys.setrecursionlimit(needed)
    try:
        return function(*args)
    except RecursionError:
        raise TooDeep from None
    finally:
        with _room_lock:
            _room_users -= 1
            if _room_users == 0:
                sys.setrecursionlimit(_saved_limit)
