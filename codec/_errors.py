"""The error tree, and problems as data.

Invariants:

* Every error this library raises for bad input or bad arguments is a `CodecError`, which is a
  `ValueError`, so ``except ValueError`` in a client still catches it.
* A `DecodeError` always carries at least one `Problem`; `.path`, `.code` and `.message` are
  those of the first one. The problem says *what* (code, message naming the expected and the
  found value) and *where* (a JSON path, and for XML input an element path, line and column).
* Errors are values: they pickle, compare equal and print the same after a round trip.
"""

from __future__ import annotations

from typing import Any, Final

import attrs

__all__ = [
    "ArgumentError",
    "CodecError",
    "DeclarationError",
    "DecodeError",
    "EncodeError",
    "PROBLEM_CODES",
    "Problem",
    "describe_value",
    "short_text",
]


@attrs.frozen
class Problem:
    """One thing wrong with a payload, and where it is.

    ``code`` is one of ``syntax``, ``root``, ``type``, ``range``, ``enum``, ``missing``,
    ``unknown``, ``shape``, ``limit``, ``invalid`` (a value the model's own attrs validator,
    converter or ``__attrs_post_init__`` refused; at that field's path, or at the model's
    where no single field is to blame); and ``unreadable``, which only the command line
    reports (a file it could not open or read, or one that is not a regular file, such as a
    FIFO). ``path`` is JSON-path style
    (``$.mgmtResponse.operationResult[0].failure.failure[1].id``) for either format;
    ``xml_path``, ``line`` and ``column`` (1-based) are set where the input was XML and the
    parser gave a position.
    """

    code: str
    path: str
    message: str
    xml_path: str | None = None
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        where = self.path
        if self.line is not None:
            where = f"{where} (line {self.line}, column {self.column})"
        return f"{self.message} - at {where}"


#: Every `Problem.code`, and what it means (the rules of a SARIF report are these).
PROBLEM_CODES: Final = {
    "syntax": "The payload is not well-formed XML or JSON.",
    "root": "The root element is not the payload type's.",
    "type": "A value is of the wrong kind (a string where a number is expected, ...).",
    "range": "A number is outside the range its field allows.",
    "enum": "A value is not one of its enumeration's members.",
    "missing": "A required field is absent.",
    "unknown": "Content the model does not declare.",
    "shape": "A list, wrapper or object where the version writes another shape.",
    "limit": "The payload exceeds a limit (size, depth, items, text length).",
    "invalid": "A value the model's own validator, converter or post-init refused.",
    "unreadable": "A file that could not be read, or is not a regular file.",
}


class CodecError(ValueError):
    """Root of every error raised by `codec`."""

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), self.args)

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return bool(self.args == other.args)

    def __hash__(self) -> int:
        return hash((type(self), self.args))


class DeclarationError(CodecError, TypeError):
    """A model class whose declaration cannot be put on the wire."""


class ArgumentError(CodecError):
    """A call named a version, format or type that `codec` does not accept."""


class _PayloadError(CodecError):
    """Shared shape of `DecodeError` and `EncodeError`: a non-empty tuple of problems."""

    def __init__(self, problems: tuple[Problem, ...] | Problem) -> None:
        if isinstance(problems, Problem):
            problems = (problems,)
        if not problems:
            raise TypeError("an error needs at least one problem")
        super().__init__(tuple(problems))

    @property
    def problems(self) -> tuple[Problem, ...]:
        """Every problem found; the first is the one the message leads with."""
        problems: tuple[Problem, ...] = self.args[0]
        return problems

    @property
    def path(self) -> str:
        """JSON path of the first problem, ``$`` for the whole payload."""
        return self.problems[0].path

    @property
    def code(self) -> str:
        """Code of the first problem."""
        return self.problems[0].code

    @property
    def message(self) -> str:
        """Message of the first problem, without its location."""
        return self.problems[0].message

    def __str__(self) -> str:
        first = str(self.problems[0])
        more = len(self.problems) - 1
        return f"{first} (and {more} more)" if more else first


class DecodeError(_PayloadError):
    """Bytes or text that do not decode to the requested model."""


class EncodeError(_PayloadError):
    """A model instance that cannot be written, such as a wrong type or an unwritable char."""


def short_text(text: str) -> str:
    """``repr`` of a found text for a message, cut to 40 characters (and its length said):
    a message never carries a whole payload."""
    if len(text) <= 40:
        return repr(text)
    return f"{text[:37]!r}... ({len(text)} characters)"


def describe_value(value: object) -> str:
    """Name a found value for a message: its JSON kind and a short repr."""
    if value is None:
        return "null"
    if value is True or value is False:
        return f"boolean {'true' if value else 'false'}"
    if isinstance(value, int):
        return f"integer {value}"
    if isinstance(value, float):
        return f"number {value!r}"
    if isinstance(value, str):
        return f"string {short_text(value)}"
    if isinstance(value, dict):
        return "object"
    if isinstance(value, list):
        return "array"
    return type(value).__name__
