"""Typed encoder/decoder pairs for every Cisco Prime Infrastructure REST API version.

The public names are those in ``__all__``; everything in a ``_module`` is private. The payload
models live in submodules by service (`codec.jobservice`). Layout: the generic core is the
``codec/_*.py`` modules, which never import `codec.pi`, where the Cisco Prime Infrastructure
specifics live (models, operations, URLs, the shipped payload types); `codec.detect`,
`codec.validate` and `codec.any_payload_schema` are the core's, defaulting to those types.
"""

import importlib
from typing import TYPE_CHECKING, Any

from ._api import Codec, codec_for, decode, encode
from ._errors import (
    ArgumentError,
    CodecError,
    DeclarationError,
    DecodeError,
    EncodeError,
    Problem,
)
from ._fields import attribute, element, model, open_enum, repeated, root_of, text, wrapped
from ._kept import Kept, kept
from ._kinds import value_kind
from ._versions import FORMATS, VERSIONS, Format

if TYPE_CHECKING:
    from ._batch import FileReport
    from ._client import (
        ApiError,
        AuthenticationError,
        ErrorAnswers,
        OperationLike,
        RateLimitedError,
        Request,
        UnexpectedResponseError,
        build_request,
        read_response,
    )
    from ._detect import Detected
    from ._diff import version_diff
    from ._sarif import write_sarif
    from ._schema import json_schema
    from ._validate import Report
    from .pi._defaults import any_payload_schema, detect, infer_models, validate, validate_files

# Loaded on first use (PEP 562): every client pays the import of `codec`, and these (the HTTP
# helpers, validation, schema export) pull in more modules than encoding and decoding need.
_LAZY = {
    "ApiError": "._client",
    "AuthenticationError": "._client",
    "ErrorAnswers": "._client",
    "OperationLike": "._client",
    "RateLimitedError": "._client",
    "Request": "._client",
    "UnexpectedResponseError": "._client",
    "build_request": "._client",
    "read_response": "._client",
    "Detected": "._detect",
    "detect": ".pi._defaults",
    "version_diff": "._diff",
    "infer_models": ".pi._defaults",
    "any_payload_schema": ".pi._defaults",
    "json_schema": "._schema",
    "Report": "._validate",
    "validate": ".pi._defaults",
    "validate_files": ".pi._defaults",
    "FileReport": "._batch",
    "write_sarif": "._sarif",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'codec' has no attribute {name!r}")
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    """The module's names, the lazily loaded ones included (for `dir` and `help`)."""
    return sorted(set(globals()) | set(__all__))


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
    "ErrorAnswers",
    "FileReport",
    "Format",
    "Kept",
    "OperationLike",
    "Problem",
    "RateLimitedError",
    "Report",
    "Request",
    "UnexpectedResponseError",
    "any_payload_schema",
    "attribute",
    "build_request",
    "codec_for",
    "decode",
    "detect",
    "element",
    "encode",
    "infer_models",
    "json_schema",
    "kept",
    "model",
    "open_enum",
    "read_response",
    "repeated",
    "root_of",
    "text",
    "validate",
    "validate_files",
    "value_kind",
    "version_diff",
    "wrapped",
    "write_sarif",
]
