"""Typed encoder/decoder pairs for every Cisco Prime Infrastructure REST API version.

The public names are those in ``__all__``; everything in a ``_module`` is private. The payload
models live in submodules by service (`codec.jobservice`).
"""

from ._api import Codec, codec_for, decode, encode
from ._errors import ArgumentError, CodecError, DecodeError, EncodeError, Problem
from ._fields import attribute, element, model, repeated, text, wrapped
from ._plan import DeclarationError
from ._versions import FORMATS, VERSIONS, Format

__all__ = [
    "FORMATS",
    "VERSIONS",
    "ArgumentError",
    "Codec",
    "CodecError",
    "DeclarationError",
    "DecodeError",
    "EncodeError",
    "Format",
    "Problem",
    "attribute",
    "codec_for",
    "decode",
    "element",
    "encode",
    "model",
    "repeated",
    "text",
    "wrapped",
]
