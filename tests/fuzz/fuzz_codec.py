"""Coverage-guided fuzzing of decode, validate and detect with atheris (libFuzzer).

Run from the repository root, with atheris installed (``python -m pip install atheris``):

    python tests/fuzz/fuzz_codec.py tests/fuzz/corpus -max_total_time=600

The corpus directory is created and seeded with the vendor samples. Each input is decoded as
every payload type, in both formats and every version, leniently and strictly; what must hold:

* only `codec.CodecError` escapes `decode`; `validate` and `detect` never raise;
* lenient `validate` is ok exactly when lenient `decode` succeeds;
* what decodes re-encodes and decodes back to the same model (nothing is lost); encoding in
  the other format may only fail with `codec.EncodeError` (text XML 1.0 cannot carry), and
  either format with code ``missing`` (a required list lenient decoding let be empty).

Any other outcome raises, and libFuzzer saves the input as a crash file.
"""

from __future__ import annotations

import contextlib
import importlib
import shutil
import sys
from pathlib import Path
from typing import Any

import codec
from codec.jobservice import JobOperationPayload, JobRunOperationPayload, MgmtResponse

TYPES: tuple[type[Any], ...] = (JobOperationPayload, JobRunOperationPayload, MgmtResponse)
GOLDEN = Path(__file__).parent.parent / "golden"


def check_one(data: bytes | str) -> None:
    """The properties above, for one input; raises AssertionError when one fails."""
    codec.detect(data)
    fmt = codec.detect(data).format or "xml"
    for cls in TYPES:
        for version in (1, 2, 3, 4):
            try:
                model = codec.decode(data, cls, version=version, format=fmt)
            except codec.CodecError:
                model = None
            report = codec.validate(data, cls, version=version, format=fmt, lenient=True)
            assert report.ok == (model is not None), (cls, version, fmt, report)
            with contextlib.suppress(codec.CodecError):
                codec.decode(data, cls, version=version, format=fmt, strict=True)
            if model is not None:
                for out in ("xml", "json"):
                    try:
                        again = codec.encode(model, version=version, format=out)
                    except codec.EncodeError as error:
                        # Only crossing formats may fail (JSON carries characters, most C0
                        # controls, that XML 1.0 cannot, and the XML encoder says so), or a
                        # list declared required that lenient decoding let be empty, which
                        # no encoder writes.
                        if out == fmt and error.code != "missing":
                            raise AssertionError(error) from None
                        continue
                    assert codec.decode(again, cls, version=version, format=out) == model
    codec.validate(data)


def main() -> None:
    atheris = importlib.import_module("atheris")
    corpus = Path(sys.argv[1]) if len(sys.argv) > 1 and not sys.argv[1].startswith("-") else None
    if corpus is not None:
        corpus.mkdir(parents=True, exist_ok=True)
        for sample in GOLDEN.iterdir():
            shutil.copy(sample, corpus / sample.name)

    def one_input(data: bytes) -> None:
        check_one(data)

    atheris.instrument_all()  # coverage of the library's (and the generated) bytecode
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
