"""`validate`: is this a valid payload, of which type, for which versions, and if not, why.

Never raises for bad payload content: everything wrong is a `Problem` in the `Report`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Final

import attrs

from ._api import decode
from ._cache import once
from ._check import check_json, problems_by_version, problems_of
from ._detect import Detected, detect, payload_types
from ._errors import DecodeError, Problem
from ._fields import model
from ._limits import Limits, input_size, limits_of, with_room
from ._parse import as_input, parse_json, sniff_format
from ._plan import ModelPlan, plan_for, reference_only
from ._sparse import sparse_pays
from ._strict import parse, verdicts
from ._versions import VERSIONS, Format, VersionRules, parse_format, parse_version

__all__ = ["Report", "validate"]

#: every version, checked where none is asked for
_EVERY: Final = tuple(VERSIONS)


@model(root="payload")
class _Probe:
    """A payload type that declares nothing: what checking any document against it finds
    first is that document's syntax or limit problem, if it has one."""


@attrs.frozen
class Report:
    """The verdict on one payload.

    ``versions`` are the API versions for which the payload is valid (sorted); ``ok`` is true
    when there is one (or, given a version, when it is valid for that version); ``problems``
    are those against the version asked for, else the most likely one.
    """

    ok: bool
    format: Format | None
    type: type[Any] | None
    versions: tuple[int, ...]
    problems: tuple[Problem, ...]


def validate(
    data: bytes | str,
    type: type[Any] | None = None,
    *,
    version: int | str | None = None,
    format: str | None = None,
    lenient: bool = False,
    types: Iterable[type[Any]] = (),
    max_bytes: int | None = None,
    max_depth: int | None = None,
    max_attributes: int | None = None,
) -> Report:
    """Check a payload against every version (or ``version``) and report all its problems.

    Without ``type``, the type comes from the root element among ``types`` (`codec.validate`
    defaults them to the payloads this library ships). Strict by default: ``lenient=True``
    reports only what lenient decoding refuses, that is, answers "will a client accept
    this?". The limits are those of `codec.decode`; a payload over one is not valid, with a
    ``limit`` problem.
    """
    data = as_input(data)
    types = tuple(types)  # read twice (the fast path, then detection): a generator once
    number = None if version is None else parse_version(version)
    limits = limits_of(max_bytes, max_depth, max_attributes)
    too_large = limits.too_large(input_size(data))
    if too_large is not None:
        return Report(False, sniff_format(data[:64]), type, (), (too_large,))
    checked = (number,) if number is not None else _EVERY
    sniffed = sniff_format(data)
    fmt = parse_format(format) if format is not None else sniffed
    # The fast path first: one C reading, and the generated predicates, which accept most
    # valid payloads; the checker sees only the versions they do not accept.
    found: Detected | None = None
    fast: set[int] = set()
    refused: set[int] = set()
    cls = type
    if fmt is not None and not (fmt == "json" and sparse_pays(data, limits)):
        target, fast, refused = _fast_path(data, cls, fmt, fmt == sniffed, types, checked, limits)
        if fast:
            cls = target
    if fast and cls is not None and fmt is not None and not _runs_init(cls):
        # The common verdict, said at once: the rest below comes to the same (every version
        # checked is accepted, or refused by the URLs, which the report then leaves out; a
        # version asked for is the one accepted, as the fast path accepted something).
        if (fast | refused).issuperset(checked):
            return Report(True, fmt, cls, tuple(sorted(fast)), ())
        # Valid, then, with no problems to report (those of a passing version: none). All
        # that is left to know is which of the other versions pass: a yes or no each.
        rest = tuple(VERSIONS[v] for v in checked if v not in fast and v not in refused)
        failing = _failing(data, plan_for(cls), rest, fmt, not lenient, limits)
        accepted = (v for v in checked if v in fast or (v not in refused and v not in failing))
        return Report(True, fmt, cls, tuple(accepted), ())
    if not fast:
        found = detect(data, types)
        fmt = parse_format(format) if format is not None else found.format
    if fmt is None:
        message = "neither XML nor JSON: expected '<' or '{' as the first significant character"
        return Report(False, None, type, (), (Problem("syntax", "$", message),))
    if cls is None:
        assert found is not None  # the fast path found no type
        root = found.root if found.format == fmt else None
        known = payload_types(types)
        cls = known.get(root or "")
        if cls is None:
            # Against any type (the last given, else one declaring nothing): what it finds
            # first is the syntax or limit problem, if any.
            probe = list(known.values())[-1] if known else _Probe
            problems = problems_of(data, plan_for(probe), VERSIONS[4], fmt, True, limits)
            if not problems or problems[0].code not in ("syntax", "limit"):
                names = ", ".join(repr(r) for r in known)
                what = "no root element" if root is None else f"unknown payload {root!r}"
                message = f"{what}: expected one of {names}" if names else f"{what}: no types given"
                problems = [Problem("root", "$", message)]
            return Report(False, fmt, None, (), (problems[0],))
    plan = plan_for(cls)
    results: dict[int, list[Problem]] = {v: [] for v in fast}
    # Versions certainly refused need their problems only where the report shows them: when
    # no version passes (or one was asked for).
    later = refused if fast and number is None else set()
    rest = tuple(VERSIONS[v] for v in checked if v not in fast and v not in later)
    if rest:
        results.update(problems_by_version(data, plan, rest, fmt, not lenient, limits))
    passing = tuple(v for v in checked if v not in later and not results[v])
    if passing and plan.root is not None and _runs_init(cls):
        # The checker builds no models: what a model's own validators, converters or
        # __attrs_post_init__ refuse, only building it says (the same in every version).
        try:
            decode(
                data,
                cls,
                version=passing[-1],
                format=fmt,
                max_bytes=max_bytes,
                max_depth=max_depth,
                max_attributes=max_attributes,
            )
        except DecodeError as error:
            invalid = [p for p in error.problems if p.code == "invalid"]
            if invalid:
                results.update((v, invalid) for v in passing)
                passing = ()
    if later and not passing:
        rules = tuple(VERSIONS[v] for v in sorted(later))
        results.update(problems_by_version(data, plan, rules, fmt, not lenient, limits))
    if number is not None:
        likely = number
    elif found is None and passing:
        likely = max(passing)  # what the detected versions would pick too: a passing one
    else:
        if found is None:
            found = detect(data, types)
        candidates = [v for v in found.versions if v in passing] or list(found.versions) or [4]
        likely = max(passing) if passing and max(candidates) not in passing else max(candidates)
    return Report(bool(passing), fmt, cls, passing, tuple(results[likely]))


def _fast_path(
    data: bytes | str,
    cls: type[Any] | None,
    fmt: Format,
    sniffed: bool,
    types: Iterable[type[Any]],
    checked: tuple[int, ...],
    limits: Limits,
) -> tuple[type[Any] | None, set[int], set[int]]:
    """The type the fast path read (``cls``, or the one the root names), the versions it
    accepts, and those it refuses. What it read is let go on return, before the checker reads
    (large JSON that orjson would read at many times its size is not read here: `_sparse`)."""
    parsed = parse(data, fmt, limits)
    if cls is None and parsed.root is not None and sniffed:
        target = payload_types(types).get(parsed.root)
    else:
        target = cls
    if target is None or reference_only(target):
        return target, set(), set()  # a union: the reference reader's alone
    # xsi:nil needs no look of its own: no predicate accepts the undeclared attribute (XML)
    # or key (JSON) that says it, so such a payload goes to the checker as any doubt does.
    fast, refused = verdicts(target, parsed, checked)
    return target, fast, refused


def _failing(
    data: bytes | str,
    plan: ModelPlan,
    rest: tuple[VersionRules, ...],
    fmt: Format,
    strict: bool,
    limits: Limits,
) -> set[int]:
    """The versions among ``rest`` that `problems_by_version` finds a problem in, when only
    whether it finds one matters: JSON is read once and walked per version, and only for a
    version the walk finds nothing in is it read again, by the checker in full (whose second
    reading, which alone finds repeated keys and ``-0``, costs more than a walk of a small
    payload). The caller has ruled out the sparse reading (`sparse_pays`)."""
    failing: set[int] = set()
    if fmt == "json" and rest:
        doc, syntax = parse_json(data, limits)
        if syntax is not None:
            return {rules.number for rules in rest}
        unsure = []
        for rules in rest:
            walk = with_room(limits.max_depth, check_json, doc, plan, rules, strict)
            if walk.finish():
                failing.add(rules.number)
            else:
                unsure.append(rules)
        rest = tuple(unsure)
    if rest:
        found = problems_by_version(data, plan, rest, fmt, strict, limits)
        failing.update(number for number, problems in found.items() if problems)
    return failing


@once
def _runs_init(cls: type[Any]) -> bool:
    """True where decoding ``cls`` or a model it holds calls the class (see `direct_build`);
    asked once per class."""
    seen: set[Any] = set()
    pending = [plan_for(cls)]
    while pending:
        p = pending.pop()
        if not p.direct_build:
            return True
        seen.add(p.key)
        pending += (plan_for(m) for f in p.fields for m in f.members if m not in seen)
    return False
