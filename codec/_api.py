"""`encode`, `decode` and `codec_for`: pick the compiled pair for a type, version and format.

A `Codec` is built once per (type, version, format) and cached; its two halves are plain
functions closed over generated code, with no state that survives a call, so one `Codec` may
be shared by any number of threads.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar

import attrs

from ._cache import once
from ._check import problems_of
from ._errors import ArgumentError, DecodeError
from ._fields import is_model, root_of
from ._json import build_json_decoder, build_json_encoder
from ._plan import plan_for
from ._versions import VERSIONS, Format, parse_format, parse_version
from ._xml import build_xml_encoder
from ._xml_walker import build_xml_decoder

__all__ = ["Codec", "codec_for", "decode", "encode"]

T = TypeVar("T")


@attrs.frozen
class Codec(Generic[T]):
    """The encoder/decoder pair of one payload type in one API version and format."""

    type: type[T]
    version: int
    format: Format
    _encode: Callable[[Any], bytes] = attrs.field(repr=False, eq=False)
    _decode: Callable[[bytes | str], Any] = attrs.field(repr=False, eq=False)

    def encode(self, obj: T) -> bytes:
        """The wire bytes of ``obj``; raises `EncodeError` for a value that cannot be written."""
        return self._encode(obj)

    def decode(self, data: bytes | str, *, strict: bool = False) -> T:
        """The model in ``data``; raises `DecodeError` with the path of what is wrong.

        Lenient (the default) takes either version's list shapes and skips what the model
        does not declare. ``strict=True`` first checks the payload against this version's
        rules and raises a `DecodeError` carrying every problem found (see `codec.validate`).
        """
        if strict:
            problems = problems_of(
                data, plan_for(self.type), VERSIONS[self.version], self.format, True
            )
            if problems:
                raise DecodeError(tuple(problems))
        result: T = self._decode(data)
        return result


@once
def _xml_pair(cls: type[Any]) -> tuple[Callable[[Any], bytes], Callable[[bytes | str], Any]]:
    return build_xml_encoder(cls), build_xml_decoder(cls)


@once
def _json_decoder(cls: type[Any]) -> Callable[[bytes | str], Any]:
    return build_json_decoder(cls)


@once
def _build(cls: type[Any], version: int, format: Format) -> Codec[Any]:
    if format == "xml":
        # XML is the same tree in every version: one pair serves all four.
        encoder, decoder = _xml_pair(cls)
    else:
        encoder, decoder = build_json_encoder(cls, VERSIONS[version]), _json_decoder(cls)
    return Codec(cls, version, format, encoder, decoder)


def codec_for(type: type[T], *, version: int | str, format: str) -> Codec[T]:
    """The cached encoder/decoder pair for a top-level payload type, version and format."""
    number = parse_version(version)
    fmt = parse_format(format)
    if not is_model(type) or root_of(type) is None:
        raise ArgumentError(
            f"{type!r} is not a top-level payload model (one declared with @model(root=...))"
        )
    codec: Codec[T] = _build(type, number, fmt)
    return codec


def encode(obj: object, *, version: int | str, format: str) -> bytes:
    """Encode a payload model instance for one API version and format."""
    return codec_for(obj.__class__, version=version, format=format).encode(obj)


def decode(
    data: bytes | str, type: type[T], *, version: int | str, format: str, strict: bool = False
) -> T:
    """Decode a payload of ``type`` written in one API version and format (see `Codec.decode`)."""
    return codec_for(type, version=version, format=format).decode(data, strict=strict)
