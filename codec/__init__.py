"""Typed encoder/decoder pairs for every Cisco Prime Infrastructure REST API version.

The public names are those in ``__all__``; everything in a ``_module`` is private. The payload
models live in submodules by service (`codec.jobservice`).
"""

from ._api import Codec, codec_for, decode, encode
from ._client import (
    ApiError,
    AuthenticationError,
    RateLimitedError,
    Request,
    build_request,
    read_response,
)
from ._detect import Detected, detect
from ._diff import version_diff
from ._errors import ArgumentError, CodecError, DecodeError, EncodeError, Problem
from ._fields import attribute, element, model, open_enum, repeated, root_of, text, wrapped
from ._kept import Kept, kept
from ._plan import DeclarationError
from ._schema import any_payload_schema, json_schema
from ._validate import Report, validate
from ._versions import FORMATS, VERSIONS, Format

__all__ = [
    "FORMATS",
    "VERSIONS",
    "ApiError",
    "ArgumentError",
    "AuthenticationError",
    "Codec",
    "Detected",
    "CodecError",
    "DeclarationError",
    "DecodeError",
    "EncodeError",
    "Format",
    "Kept",
    "Problem",
    "RateLimitedError",
    "Report",
    "Request",
    "any_payload_schema",
    "attribute",
    "build_request",
    "codec_for",
    "decode",
    "detect",
    "element",
    "encode",
    "json_schema",
    "kept",
    "model",
    "open_enum",
    "read_response",
    "repeated",
    "root_of",
    "text",
    "validate",
    "version_diff",
    "wrapped",
]
