"""Readable generated code: stable names, source in `linecache`, `Codec.source`, the CLI.

Generated modules are registered with `linecache` as attrs does, so tracebacks through them
show their lines and `inspect.getsource` works; their global names come from the models'
qualnames, never from ``id()``, so the text is the same from one run to the next.
"""

from __future__ import annotations

import enum
import inspect
import os
import re
import subprocess
import sys
import textwrap
import traceback
from collections.abc import Iterator
from types import CodeType, TracebackType
from typing import Any

import attrs
import pytest

import codec
from codec.jobservice import MgmtResponse

from .support import ROOT
from .support import run_cli as run


class Shade(enum.Enum):
    LIGHT = "light"
    DARK = "dark"


@codec.model()
class Swatch:
    code: int = codec.element()
    shade: Shade | None = codec.element(default=None)


@codec.model(root="palette")
class Palette:
    title: str | None = codec.attribute(default=None)
    swatches: tuple[Swatch, ...] = codec.wrapped("swatches", "swatch", default=())


@codec.model(root="checked")
class Checked:
    """A model whose own validator refuses a negative count: built by ``__init__``."""

    count: int = attrs.field(validator=attrs.validators.ge(0))


#: A swatch code that is not a number: refused inside the generated decoder of Swatch.
BAD_PALETTE = b'{"palette": {"swatches": {"swatch": [{"code": "x"}]}}}'


def _tracebacks(exc: BaseException | None) -> Iterator[TracebackType]:
    """The tracebacks of ``exc`` and of every exception in its context chain."""
    while exc is not None:
        if exc.__traceback__ is not None:
            yield exc.__traceback__
        exc = exc.__context__


def _generated_code(exc: BaseException, what: str) -> list[CodeType]:
    """The code objects of the frames in generated modules whose filename starts with ``what``."""
    return [
        frame.f_code
        for tb in _tracebacks(exc)
        for frame, _ in traceback.walk_tb(tb)
        if frame.f_code.co_filename.startswith(f"<codec generated {what}")
    ]


def test_getsource_of_generated_decoder_shows_the_model() -> None:
    """`inspect.getsource` of a generated JSON decoder function shows its model's fields."""
    with pytest.raises(codec.DecodeError) as info:
        codec.decode(BAD_PALETTE, Palette, version=2, format="json")
    codes = _generated_code(info.value, "json decoder for tests.test_source.Palette")
    assert codes, "no frame of the generated decoder in the traceback"
    names = {code.co_name for code in codes}
    assert names == {"jd_Palette_0", "jd_Swatch_1"}
    swatch = next(code for code in codes if code.co_name == "jd_Swatch_1")
    source = inspect.getsource(swatch)
    assert source.startswith("def jd_Swatch_1(")
    assert "'code'" in source
    assert "'shade'" in source
    assert "_E_Shade" in source  # the enum's table, named after the enum


def test_traceback_through_a_validator_shows_generated_lines() -> None:
    """A validator raising inside generated construction shows the generated line in tracebacks."""
    with pytest.raises(codec.DecodeError, match="validator") as info:
        codec.decode(b'{"checked": {"count": -1}}', Checked, version=3, format="json")
    fail = info.value.__context__  # the Fail raised by the generated code for the refusal
    assert fail is not None
    refusal = fail.__context__  # the validator's own error
    assert isinstance(refusal, ValueError)
    frames = [
        frame
        for frame in traceback.extract_tb(refusal.__traceback__)
        if frame.filename.startswith("<codec generated json decoder for tests.test_source.")
    ]
    assert [frame.line for frame in frames] == ["o = _C_Checked(count=v_count)"]
    text = "".join(traceback.format_exception(refusal))
    assert "o = _C_Checked(count=v_count)" in text


def test_traceback_of_an_encoder_given_a_wrong_type_shows_generated_lines() -> None:
    """An encoder refusing a value of the wrong type shows the generated line that refused it."""
    with pytest.raises(codec.EncodeError, match="expected a string, found integer 5") as info:
        codec.encode(Palette(title=5), version=2, format="xml")  # type: ignore[arg-type]
    fail = info.value.__context__  # the generated code's Fail, raised where it refused the value
    assert fail is not None
    text = "".join(traceback.format_exception(fail))
    where = re.escape('File "<codec generated xml encoder for tests.test_source.Palette>"')
    line = re.escape("raise _type_fail('a string', v_title, \"['@title']\")")
    assert re.search(rf"{where}, line \d+, in xe_Palette_0\n +{line}\n", text), text


def test_codec_source_names_every_module_and_keeps_equality() -> None:
    """`Codec.source` holds each module its pair runs, strict decoding's included, under a
    header; eq, hash, repr ignore it."""
    pair = codec.codec_for(Palette, version=3, format="json")
    headers = [line for line in pair.source.splitlines() if line.startswith("# codec generated")]
    assert headers == [
        "# codec generated json encoder v3 for tests.test_source.Palette",
        "# codec generated json decoder for tests.test_source.Palette",
        # strict decoding's: v3 has the rules of v2 (v2 to v4 write JSON alike)
        "# codec generated strict json check v2 for tests.test_source.Palette",
        "# codec generated strict json decoder v2 for tests.test_source.Palette",
    ]
    assert "def sj2_Palette_0(d, c):" in pair.source
    xml = codec.codec_for(Palette, version=3, format="xml").source
    assert [line for line in xml.splitlines() if line.startswith("# codec generated")] == [
        "# codec generated xml encoder for tests.test_source.Palette",
        "# codec generated xml tree walker for tests.test_source.Palette",
        "# codec generated xml streaming reader for tests.test_source.Palette",
        "# codec generated strict xml predicate for tests.test_source.Palette",
        "# codec generated strict xml streaming reader for tests.test_source.Palette",
    ]
    assert "elif c == 3:  # Palette.swatches list <swatches>" in xml  # branches say what
    other = attrs.evolve(pair, modules=())
    assert other == pair
    assert hash(other) == hash(pair)
    assert repr(pair) == "Codec(type=<class 'tests.test_source.Palette'>, version=3, format='json')"


def test_classes_sharing_a_qualname_get_distinct_names() -> None:
    """Two classes with one qualname get names told apart by a counter, and decode as their own."""

    def declare(name: str, fields: dict[str, tuple[Any, Any]], root: str | None = None) -> Any:
        namespace: dict[str, Any] = {"__annotations__": {k: t for k, (t, _) in fields.items()}}
        namespace.update((k, spec) for k, (_, spec) in fields.items())
        return codec.model(root=root)(type(name, (), namespace))

    number = declare("Part", {"value": (int, codec.element())})
    text = declare("Part", {"value": (str, codec.element())})
    both = declare(
        "Both", {"first": (number, codec.element()), "second": (text, codec.element())}, "both"
    )
    assert number.__qualname__ == text.__qualname__
    obj = both(first=number(1), second=text("a"))
    for fmt in ("json", "xml"):
        pair = codec.codec_for(both, version=2, format=fmt)
        decoded = pair.decode(pair.encode(obj))
        assert decoded == obj
        assert type(decoded.first) is number
        assert type(decoded.second) is text
        assert re.search(r"\b_C_Part\b", pair.source)
        assert re.search(r"\b_C_Part_2\b", pair.source)


_SCRIPT = textwrap.dedent(
    """
    import enum
    from collections.abc import Sequence

    import codec

    class Tone(enum.Enum):
        LOW = "low"
        HIGH = "high"

    @codec.model()
    class Note:
        pitch: int = codec.element()
        tone: Tone | str | None = codec.element(default=None, converter=codec.open_enum(Tone))

    Odd = codec.model()(
        type("it's", (), {"__annotations__": {"x": int | None}, "x": codec.element(default=None)})
    )

    @codec.model(root="score")
    class Score:
        notes: Sequence[Note] = codec.wrapped("notes", "note", default=())
        odd: Odd | None = codec.element(default=None)
        name: str | None = codec.attribute(default=None)

    for version, fmt in ((1, "json"), (4, "json"), (2, "xml")):
        print(codec.codec_for(Score, version=version, format=fmt).source)
    """
)


def _source_in_a_new_process(seed: str) -> str:
    env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        [sys.executable, "-c", _SCRIPT],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return result.stdout


def test_source_is_the_same_in_two_processes_and_has_no_ids() -> None:
    """Equal models built in two processes give the same `Codec.source`, with no id-like names."""
    first, second = _source_in_a_new_process("1"), _source_in_a_new_process("2")
    assert first == second
    assert "def je1_Score_0(o):" in first
    assert "def xr_" not in first
    assert "_C_it_s" in first
    assert "_T_Tone" in first
    assert "0x" not in first
    assert not re.search(r"_[0-9a-f]{8,}\b", first), re.findall(r"\w*_[0-9a-f]{8,}\b", first)


def test_cli_source_prints_the_same_text_every_run() -> None:
    """`python -m codec source TYPE --version N --format F` prints the source, the same each run."""
    first = run("source", "mgmtResponse", "--version", "3", "--format", "xml")
    second = run("source", "MgmtResponse", "--version", "3", "--format", "xml")
    assert first.returncode == second.returncode == 0, first.stderr
    assert first.stdout == second.stdout
    expected = codec.codec_for(MgmtResponse, version=3, format="xml").source
    assert first.stdout == expected
    assert first.stdout.startswith(
        "# codec generated xml encoder for codec.pi.jobservice.MgmtResponse"
    )
    unknown = run("source", "nope", "--version", "3", "--format", "xml")
    assert unknown.returncode == 2
    assert "unknown payload type 'nope'" in unknown.stderr
