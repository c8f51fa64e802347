"""`encode`, `decode` and `codec_for`: pick the compiled pair for a type, version and format.

A `Codec` is built once per (type, version, format) and cached; its two halves are plain
functions closed over generated code, with no state that survives a call, so one `Codec` may
be shared by any number of threads.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final, Generic, Protocol, TypeVar

import attrs

from ._cache import once
from ._codegen import generated_source
from ._errors import ArgumentError, DecodeError
from ._fields import is_model, root_of
from ._json import build_json_decoder, build_json_encoder
from ._limits import DEFAULT_LIMITS, Limits, input_size, limits_of
from ._parse import as_input, holds_nil
from ._plan import ModelPlan, check_tree, plan_for, reference_only, versioned
from ._versions import VERSIONS, Format, parse_format, parse_version
from ._wire import is_generic
from ._xml import build_xml_encoder
from ._xml_walker import build_xml_decoder

__all__ = ["Codec", "codec_for", "decode", "encode"]

T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)


class Decode(Protocol[T_co]):
    """The decoding half of a `Codec`."""

    def __call__(
        self,
        data: bytes | str,
        *,
        strict: bool = False,
        max_bytes: int | None = None,
        max_depth: int | None = None,
        max_attributes: int | None = None,
        unknown: str = "ignore",
    ) -> T_co: ...


@attrs.frozen
class Codec(Generic[T]):
    """The encoder/decoder pair of one payload type in one API version and format.

    ``encode(obj) -> bytes`` raises `EncodeError` for a value that cannot be written.

    ``decode(data, *, strict=False, unknown="ignore", max_bytes=None, max_depth=None,
    max_attributes=None)`` returns the model or raises `DecodeError` with the path of what is
    wrong. Lenient (the default) takes either version's list shapes and skips what the model
    does not declare; ``strict=True`` first checks the payload against this version's rules
    and raises with every problem found (see `codec.validate`). ``unknown`` says what becomes
    of content the model does not declare: ``"ignore"`` skips it, ``"keep"`` keeps it on the
    instances and the encoders write it back in place (see `codec.kept`), ``"error"`` refuses
    it as strict decoding does. The limits (defaults in `codec.Limits`) bound the work on
    hostile input.

    Both are plain functions, not methods, so that a hot loop calls the generated code with
    no layer in between.

    ``source`` is the Python source generated for this pair, to read: every module its
    ``encode`` and ``decode`` run (JSON: the version's encoder, the decoder, and the strict
    check and strict decoder of the version's rules; XML: the encoder, the tree walker, the
    streaming reader, the strict predicate and the strict streaming reader), each under a
    header comment. It is the same text from one run to the next (the strict modules, made at
    the first strict call, are made for it if they are not yet), and tracebacks through that
    code show its lines.
    """

    type: type[T]
    version: int
    format: Format
    encode: Callable[[T], bytes] = attrs.field(repr=False, eq=False)
    decode: Decode[T] = attrs.field(repr=False, eq=False)
    #: the prefixes of the modules ``encode`` and lenient ``decode`` run
    modules: tuple[str, ...] = attrs.field(repr=False, eq=False)

    @property
    def source(self) -> str:
        """The generated source of every module this pair runs (see the class)."""
        from ._strict import strict_modules

        strict = strict_modules(self.type, self.version, self.format)
        return generated_source(self.type, (*self.modules, *strict))


def keep(
    data: bytes | str,
    plan: ModelPlan,
    version: int,
    fmt: Format,
    limits: Limits,
    decoder: Callable[[bytes | str, Limits], Any],
) -> Any:
    """The model of ``data`` with what it does not declare kept on its instances: one walk of
    the reference reader (`_check.read`). Where it finds a problem, the generated ``decoder``
    raises the very error lenient decoding raises."""
    from ._check import read

    reading = read(data, plan, version, fmt, unknown="keep", limits=limits)
    if not reading.decodes:
        if not holds_nil(data):  # xsi:nil: the reference's reading alone
            decoder(data, limits)  # raises its own DecodeError: the differential tests hold
        raise DecodeError(reading.problems)  # it to the reference's first problem
    return reading.value


def _reference_half(cls: type[Any], version: int, fmt: Format) -> Decode[Any]:
    """The decoding half that the reference reader (`_check.read`) is, in every mode: for a
    payload whose models hold a union (`_plan.reference_only`), and for payloads that may say
    ``xsi:nil`` (`_parse.holds_nil`). Lenient decoding raises every problem it refuses."""

    def decode(
        data: bytes | str,
        *,
        strict: bool = False,
        max_bytes: int | None = None,
        max_depth: int | None = None,
        max_attributes: int | None = None,
        unknown: str = "ignore",
    ) -> Any:
        from ._check import decode_reference

        limits = limits_of(max_bytes, max_depth, max_attributes)
        return decode_reference(
            as_input(data), cls, version, fmt, strict=strict, unknown=unknown, limits=limits
        )

    return decode


def _decode_half(
    cls: type[Any], version: int, fmt: Format, decoder: Callable[[bytes | str, Limits], Any]
) -> Decode[Any]:
    plan = plan_for(cls)
    reference = _reference_half(cls, version, fmt)
    rules = VERSIONS[version]
    default_max_bytes = DEFAULT_LIMITS.max_bytes
    #: a length within the default max_bytes as bytes or str (UTF-8 takes at most 4 bytes a
    #: character), so the common call measures nothing
    surely_within = default_max_bytes // 4
    #: scan XML for xsi:nil before decoding (JSON: only where its decoder refuses the payload)
    scan = fmt == "xml"
    #: the strict fast path's reading and decoder, loaded at the first strict call
    fast: list[tuple[Callable[[bytes | str, Limits], Any], object]] = []
    from_parsed: Callable[[Any, bytes | str, Limits], Any] = decoder.from_parsed  # type: ignore[attr-defined]

    def decode(
        data: bytes | str,
        *,
        strict: bool = False,
        max_bytes: int | None = None,
        max_depth: int | None = None,
        max_attributes: int | None = None,
        unknown: str = "ignore",
    ) -> Any:
        # A payload that may say xsi:nil is the reference's to read (`holds_nil`): XML is
        # scanned for it first; the JSON decoder refuses what may be nil (an object where a
        # scalar is, or one holding "@xsi:nil"), and only then is the text scanned.
        if not scan:
            plain = True
            if data.__class__ is not bytes and data.__class__ is not str:
                data = as_input(data)
        elif data.__class__ is bytes:
            plain = b"xsi:nil" not in data
        elif data.__class__ is str:
            plain = "xsi:nil" not in data
        else:
            data = as_input(data)
            plain = not holds_nil(data)
        if (
            plain
            and not strict
            and unknown == "ignore"
            and max_bytes is None
            and max_depth is None
            and max_attributes is None
            and (len(data) <= surely_within or input_size(data) <= default_max_bytes)
        ):
            try:
                return decoder(data, DEFAULT_LIMITS)  # the common call, kept short
            except DecodeError:
                if scan or not holds_nil(data):
                    raise
                plain = False
        # past the common call: what the reference reader is given where it reads alone
        limits_given = {
            "max_bytes": max_bytes,
            "max_depth": max_depth,
            "max_attributes": max_attributes,
        }
        if not plain:
            return reference(data, strict=strict, unknown=unknown, **limits_given)
        doubted = False  # the fast path has been asked, and doubts
        if (
            strict
            and fast
            and unknown == "ignore"
            and max_bytes is None
            and max_depth is None
            and max_attributes is None
            and (len(data) <= surely_within or input_size(data) <= default_max_bytes)
        ):  # the common strict call: the fast path, then (on doubt) the checker below
            result = fast[0][0](data, DEFAULT_LIMITS)
            if result is not fast[0][1]:
                return result
            doubted = True
        limits = limits_of(max_bytes, max_depth, max_attributes)
        too_large = limits.too_large(input_size(data))
        if too_large is not None:
            raise DecodeError(too_large)
        if unknown not in _UNKNOWN:
            raise ArgumentError(f"unknown={unknown!r}: expected 'ignore', 'keep' or 'error'")
        result = _NOTHING
        keeping = unknown == "keep"
        if strict or unknown == "error":
            # The generated fast path reads most payloads (JSON: one walk that checks and
            # builds; large XML: one streaming pass that checks and builds; smaller XML: a
            # predicate, then the tree walker over the tree it read);
            # where it doubts, the checker (loaded on first strict use) says what is wrong.
            # Large JSON that orjson would read at many times its size goes to the checker
            # at once, which reads it sparsely (`_sparse`) in bounded memory.
            if not fast:
                from ._strict import DOUBT, strict_decoder

                fast.append((strict_decoder(cls, version, fmt, from_parsed), DOUBT))
            strict_read, doubt = fast[0]
            result = doubt if doubted else strict_read(data, limits)
            if result is doubt:
                result = _NOTHING
                from ._check import problems_of

                problems = problems_of(data, plan, rules, fmt, True, limits)
                if not strict:
                    problems = [p for p in problems if p.code == "unknown"]
                if problems:
                    raise DecodeError(tuple(problems))
        if keeping:
            return keep(data, plan, version, fmt, limits, decoder)
        if result is _NOTHING:
            try:
                result = decoder(data, limits)
            except DecodeError:
                if scan or not holds_nil(data):
                    raise
                return reference(data, strict=strict, unknown=unknown, **limits_given)
        return result

    return decode


_UNKNOWN = ("ignore", "keep", "error")
_NOTHING: Final = object()


@once
def _xml_encoder(cls: type[Any], version: int = 0) -> Callable[[Any], bytes]:
    return build_xml_encoder(cls, version)


@once
def _xml_pair(
    cls: type[Any],
) -> tuple[Callable[[Any], bytes], Callable[[bytes | str, Limits], Any]]:
    return _xml_encoder(cls), build_xml_decoder(cls)


@once
def _json_decoder(cls: type[Any]) -> Callable[[bytes | str, Limits], Any]:
    return build_json_decoder(cls)


@once
def _build(cls: type[Any], version: int, format: Format) -> Codec[Any]:
    check_tree(cls)
    if reference_only(cls):
        if format == "xml":
            # fields of some versions only: an encoder per version, else one for all four
            number = version if versioned(cls) else 0
            return Codec(
                cls,
                version,
                format,
                _xml_encoder(cls, number),
                _reference_half(cls, version, format),
                (f"xe{number or ''}",),
            )
        encoder = build_json_encoder(cls, VERSIONS[version])
        return Codec(
            cls, version, format, encoder, _reference_half(cls, version, format), (f"je{version}",)
        )
    if format == "xml":
        # XML is the same tree in every version: one pair serves all four.
        encoder, decoder = _xml_pair(cls)
        modules: tuple[str, ...] = ("xe", "xw", "xr")
    else:
        encoder, decoder = build_json_encoder(cls, VERSIONS[version]), _json_decoder(cls)
        modules = (f"je{version}", "jd")
    decode = _decode_half(cls, version, format, decoder)
    return Codec(cls, version, format, encoder, decode, modules)


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


def encode(obj: object, *, version: int | str, format: str, type: type[Any] | None = None) -> bytes:
    """Encode a payload model instance for one API version and format.

    ``type`` says which payload type to write ``obj`` as; it defaults to ``obj``'s class, or
    for an instance of a generic model to the parametrization its values show (a
    ``QueryResponse`` holding ``Device`` items is a ``QueryResponse[Device]``; see
    `codec._generic`). Pass it where the values do not tell (an empty page)."""
    if type is None:
        type = obj.__class__
        if is_generic(type):
            from ._generic import parametrization_of

            type = parametrization_of(obj)
    return codec_for(type, version=version, format=format).encode(obj)


def decode(
    data: bytes | str,
    type: type[T],
    *,
    version: int | str,
    format: str,
    strict: bool = False,
    unknown: str = "ignore",
    max_bytes: int | None = None,
    max_depth: int | None = None,
    max_attributes: int | None = None,
) -> T:
    """Decode a payload of ``type`` written in one API version and format (see `Codec.decode`)."""
    return codec_for(type, version=version, format=format).decode(
        data,
        strict=strict,
        unknown=unknown,
        max_bytes=max_bytes,
        max_depth=max_depth,
        max_attributes=max_attributes,
    )
