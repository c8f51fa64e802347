"""`detect`, `validate` and `any_payload_schema` as `codec` exposes them: the generic core's,
with the payload types defaulting to the shipped ones (`codec.pi.SHIPPED`).

The core functions take the types they know as an argument and default to none: which
payloads exist is PI's to say, and the core never imports `codec.pi`.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from typing import Any

from .. import _batch, _detect, _infer, _schema, _validate
from . import SHIPPED
from ._urls import ENVELOPE_URLS

__all__ = ["any_payload_schema", "detect", "infer_models", "validate", "validate_files"]


def detect(data: bytes | str, types: Iterable[type[Any]] = SHIPPED) -> _detect.Detected:
    """Detect format, payload type and candidate versions; never raises for bad content.

    The type is the one among ``types`` (the payloads this library ships) whose root element
    the payload has.
    """
    return _detect.detect(data, types)


def validate(
    data: bytes | str,
    type: type[Any] | None = None,
    *,
    version: int | str | None = None,
    format: str | None = None,
    lenient: bool = False,
    types: Iterable[type[Any]] = SHIPPED,
    max_bytes: int | None = None,
    max_depth: int | None = None,
    max_attributes: int | None = None,
) -> _validate.Report:
    """Check a payload against every version (or ``version``) and report all its problems.

    Without ``type``, the type comes from the root element among ``types`` (the payloads this
    library ships). Strict by default: ``lenient=True`` reports only what lenient decoding
    refuses, that is, answers "will a client accept this?". The limits are those of
    `codec.decode`; a payload over one is not valid, with a ``limit`` problem.
    """
    return _validate.validate(
        data,
        type,
        version=version,
        format=format,
        lenient=lenient,
        types=types,
        max_bytes=max_bytes,
        max_depth=max_depth,
        max_attributes=max_attributes,
    )


def validate_files(
    paths: Iterable[str | os.PathLike[str]],
    type: type[Any] | None = None,
    *,
    version: int | str | None = None,
    format: str | None = None,
    lenient: bool = False,
    types: Iterable[type[Any]] = SHIPPED,
    max_bytes: int | None = None,
    jobs: int | None = None,
) -> Iterator[_batch.FileReport]:
    """`validate` every payload file ``paths`` name, on every core (``jobs``), one
    `codec.FileReport` a file in the files' order (see `codec._batch.validate_files`). Without
    ``type``, each file's type comes from its root element among ``types`` (the payloads this
    library ships, and those you add)."""
    return _batch.validate_files(
        paths,
        type,
        version=version,
        format=format,
        lenient=lenient,
        types=types,
        max_bytes=max_bytes,
        jobs=jobs,
    )


def any_payload_schema(version: int | str, types: Iterable[type[Any]] = SHIPPED) -> dict[str, Any]:
    """One JSON Schema accepting any payload of ``types`` (the shipped ones) in one version."""
    return _schema.any_payload_schema(version, types)


def infer_models(
    sources: Iterable[str | os.PathLike[str] | bytes],
    *,
    version: int | str | None = None,
    check: bool = False,
) -> str:
    """The source of models for the payloads ``sources`` name or hold (`codec._infer`), a
    JSON payload's version read from its envelope URLs by PI's rule (``/webacs/api/vN/``)."""
    return _infer.infer_models(sources, version=version, check=check, urls=ENVELOPE_URLS)
