"""`datetime.datetime` fields: the datetime kinds of `codec._kinds`, on every path.

PI writes dates as ISO 8601 text with milliseconds and its own offset
(``2017-05-01T11:35:45.745-05:00``, ``Z`` on UTC servers), some v1 resources without the
fraction (``2017-10-12T13:09:39-07:00``: ``form="iso_trimmed"``), and ``long`` time fields as
epoch milliseconds (``"collectionTime": 1494512992280``: ``form="epoch_ms"``). Each decode
path is asked the same questions: the JSON decoder, the XML tree walker (small documents),
the streaming reader (documents past ``TREE_LIMIT``, and called directly) and `codec.validate`.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from typing import Any, Final

import jsonschema
import orjson
import pytest
from hypothesis import HealthCheck, find, given, settings
from hypothesis import strategies as st

import codec
from codec._kinds import DATETIME, EPOCH_MS_MAX, EPOCH_MS_MIN, KINDS, DateTimeKind
from codec._limits import DEFAULT_LIMITS
from codec._values import Fail
from codec._xml_reader import build_xml_reader
from codec._xml_walker import TREE_LIMIT
from codec.testing import models, payloads

VERSIONS: Final = (1, 2, 3, 4)
FORMATS: Final = ("xml", "json")


def zone(minutes: int) -> timezone:
    return timezone(timedelta(minutes=minutes))


@codec.model()
class Stamp:
    """A flat record (the encoders' one-expression fast paths): datetimes as text and
    attributes, one of them epoch milliseconds."""

    at: datetime = codec.text()
    since: datetime | None = codec.attribute(default=None)
    polled: datetime | None = codec.attribute(default=None, form="epoch_ms")


@codec.model(root="backup")
class Backup:
    """A datetime in every field kind, and in each wire form."""

    taken: datetime = codec.attribute()
    last_backup: datetime = codec.element()
    next_backup: datetime | None = codec.element(default=None)
    history: Sequence[datetime] = codec.wrapped("history", "time", default=())
    marks: Sequence[datetime] = codec.repeated("mark", default=())
    stamps: Sequence[Stamp] = codec.repeated("stamp", default=())
    collection_time: datetime | None = codec.element(default=None, form="epoch_ms")
    polled: datetime | None = codec.attribute(default=None, form="epoch_ms")
    samples: Sequence[datetime] = codec.wrapped("samples", "sample", default=(), form="epoch_ms")
    updated: datetime | None = codec.element(default=None, form="iso_trimmed")
    changed: datetime | None = codec.attribute(default=None, form="iso_trimmed")


@codec.model(root="job")
class Job:
    """One optional datetime of each form, as element and attribute: one field per document."""

    last_backup: datetime | None = codec.element(default=None)
    at: datetime | None = codec.attribute(default=None)
    updated: datetime | None = codec.element(default=None, form="iso_trimmed")
    collection_time: datetime | None = codec.element(default=None, form="epoch_ms")
    polled: datetime | None = codec.attribute(default=None, form="epoch_ms")


# --------------------------------------------------------------------------- the paths

_READER: Final = build_xml_reader(Job)
_PAD: Final = " " * (TREE_LIMIT + 16)


def _xml(field: str, text: str) -> bytes:
    """A `Job` document with ``text`` in ``field`` (an ``@name`` is an attribute)."""
    if field.startswith("@"):
        return f'<?xml version="1.0" ?>\n<job {field[1:]}="{text}"></job>'.encode()
    return f'<?xml version="1.0" ?>\n<job><{field}>{text}</{field}></job>'.encode()


def _json(field: str, value: Any) -> bytes:
    return orjson.dumps({"job": {field: value}})


def _xml_paths(data: bytes) -> dict[str, Callable[[], Any]]:
    """Decoders of XML ``data``: the tree walker (which hands doubts to the reader), the
    streaming reader through the API (past TREE_LIMIT) and called directly."""
    padded = data.replace(b"<job", b"<job" + _PAD.encode(), 1)
    assert len(padded) > TREE_LIMIT
    return {
        "walker": lambda: codec.decode(data, Job, version=2, format="xml"),
        "reader": lambda: codec.decode(padded, Job, version=2, format="xml"),
        "reader direct": lambda: _READER(data, DEFAULT_LIMITS),
    }


def _answer(decode: Callable[[], Any]) -> tuple[str, str] | Any:
    """The decoded model, or the (code, path) of the decode error."""
    try:
        return decode()
    except codec.DecodeError as exc:
        return exc.code, exc.path


def _problems(data: bytes, version: int, fmt: str, lenient: bool = False) -> list[tuple[str, str]]:
    report = codec.validate(data, Job, version=version, format=fmt, lenient=lenient)
    return [(p.code, p.path) for p in report.problems]


# --------------------------------------------------------------------------- round trips


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("fmt", FORMATS)
def test_round_trip_in_every_version_and_format(version: int, fmt: str) -> None:
    """A drawn model with datetimes in every field kind and form decodes back equal,
    leniently and strictly, validates, keeps its offsets, and its payload is written again
    byte for byte."""

    @settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
    @given(models(Backup))
    def check(model: Backup) -> None:
        data = codec.encode(model, version=version, format=fmt)
        lenient = codec.decode(data, Backup, version=version, format=fmt)
        assert lenient == model
        assert codec.decode(data, Backup, version=version, format=fmt, strict=True) == model
        report = codec.validate(data, Backup, version=version, format=fmt)
        assert report.ok, report.problems
        # Equality is by instant: the offsets and the text are checked apart.
        assert lenient.last_backup.utcoffset() == model.last_backup.utcoffset()
        assert [t.utcoffset() for t in lenient.history] == [t.utcoffset() for t in model.history]
        assert codec.encode(lenient, version=version, format=fmt) == data

    check()

    @settings(max_examples=30, suppress_health_check=[HealthCheck.too_slow])
    @given(payloads(Backup, version=version, format=fmt))
    def again(data: bytes) -> None:
        model = codec.decode(data, Backup, version=version, format=fmt, strict=True)
        assert codec.encode(model, version=version, format=fmt) == data

    again()


#: PI's own texts, as its servers write them (field: the form that writes them).
PI_TEXTS: Final = [
    ("lastBackup", "2020-07-27T17:28:02.000Z"),  # v4, a UTC server
    ("lastBackup", "2017-05-01T11:35:45.745-05:00"),
    ("lastBackup", "2016-05-22T12:09:07.096+10:00"),
    ("lastBackup", "2018-03-29T09:49:43.000Z"),
    ("@at", "2017-05-01T11:35:45.745-05:00"),
    ("updated", "2017-10-12T13:09:39-07:00"),  # v1, no fraction: form="iso_trimmed"
    ("updated", "2017-10-12T13:09:39.5+05:30"),
    ("collectionTime", "1494512992280"),  # a long time field: form="epoch_ms"
    ("@polled", "1494512992280"),
]


@pytest.mark.parametrize(("field", "text"), PI_TEXTS)
def test_pi_texts_round_trip_exactly_on_every_path(field: str, text: str) -> None:
    """Each form PI writes decodes, strictly, on every path, and encodes back to the very
    same document, in both formats and every version: the offset is kept."""
    data = _xml(field, text)
    values = {name: _answer(decode) for name, decode in _xml_paths(data).items()}
    model = values["walker"]
    assert isinstance(model, Job), values
    assert values == dict.fromkeys(values, model)
    assert codec.decode(data, Job, version=2, format="xml", strict=True) == model
    for version in VERSIONS:
        assert codec.encode(model, version=version, format="xml") == data
        number = text.isdigit() and not (version == 1 and field.startswith("@"))
        doc = _json(field, int(text) if number else text)
        assert codec.decode(doc, Job, version=version, format="json", strict=True) == model
        assert codec.encode(model, version=version, format="json") == doc
    written = [v for v in (model.last_backup, model.at, model.updated) if v is not None]
    for value in written:  # the ISO forms keep the text's offset
        offset = text[-6:]
        assert value.utcoffset() == (timedelta(0) if text.endswith("Z") else _offset(offset))


def _offset(text: str) -> timedelta:
    sign = -1 if text[0] == "-" else 1
    return sign * timedelta(hours=int(text[1:3]), minutes=int(text[4:6]))


def test_epoch_milliseconds_are_utc_instants() -> None:
    """``form="epoch_ms"`` reads PI's ``long`` time fields as UTC datetimes, and writes a
    value's instant whatever its offset: a number in JSON (a string in v1 attributes)."""
    instant = datetime(2017, 5, 11, 14, 29, 52, 280000, tzinfo=UTC)
    job = codec.decode(_json("collectionTime", 1494512992280), Job, version=1, format="json")
    assert job.collection_time == instant
    assert job.collection_time is not None
    assert job.collection_time.tzinfo is UTC
    local = Job(collection_time=instant.astimezone(zone(-300)), polled=instant)
    assert orjson.loads(codec.encode(local, version=1, format="json")) == {
        "job": {"@polled": "1494512992280", "collectionTime": 1494512992280}
    }
    assert orjson.loads(codec.encode(local, version=2, format="json")) == {
        "job": {"@polled": 1494512992280, "collectionTime": 1494512992280}
    }
    assert b"<collectionTime>1494512992280</collectionTime>" in codec.encode(
        local, version=3, format="xml"
    )
    for millis in (EPOCH_MS_MIN, -1, 0, EPOCH_MS_MAX):  # the instants a datetime holds
        data = _xml("collectionTime", str(millis))
        value = codec.decode(data, Job, version=2, format="xml", strict=True).collection_time
        assert codec.encode(Job(collection_time=value), version=2, format="xml") == data


def test_extreme_values_round_trip() -> None:
    """The first and last millisecond a datetime holds, at the widest offsets, round-trip
    as ISO text."""
    for text in ("0001-01-01T00:00:00.000+23:59", "9999-12-31T23:59:59.999-23:59"):
        for path, decode in _xml_paths(_xml("lastBackup", text)).items():
            job = decode()
            assert codec.encode(job, version=2, format="xml") == _xml("lastBackup", text), path


# --------------------------------------------------------------------------- lenient reads

#: Text lenient decoding reads that strict decoding refuses, and the text written back.
LENIENT: Final = [
    ("lastBackup", "2017-10-12T13:09:39-07:00", "2017-10-12T13:09:39.000-07:00"),
    ("lastBackup", "2017-05-01T11:35:45.7-05:00", "2017-05-01T11:35:45.700-05:00"),
    ("lastBackup", "2017-05-01T11:35:45.745000-05:00", "2017-05-01T11:35:45.745-05:00"),
    ("lastBackup", "2017-05-01T11:35:45.745+00:00", "2017-05-01T11:35:45.745Z"),
    ("lastBackup", "2017-05-01T11:35:45.745-00:00", "2017-05-01T11:35:45.745Z"),
    ("lastBackup", "2017-05-01T11:35:45.745+0530", "2017-05-01T11:35:45.745+05:30"),
    ("@at", "2017-05-01T11:35:45.745-2359", "2017-05-01T11:35:45.745-23:59"),
    ("updated", "2017-10-12T13:09:39.000-07:00", "2017-10-12T13:09:39-07:00"),
    ("updated", "2017-10-12T13:09:39.500Z", "2017-10-12T13:09:39.5Z"),
]


@pytest.mark.parametrize(("field", "text", "written"), LENIENT)
def test_lenient_reads_what_strict_refuses(field: str, text: str, written: str) -> None:
    """Other ISO 8601 forms (no fraction, other fraction digits, ``+00:00``, ``+hhmm``) read
    leniently on every path, to the same instant and offset, and are written in the field's
    form; strict decoding and validation refuse them (``type``) at their path."""
    data = _xml(field, text)
    answers = [_answer(decode) for decode in _xml_paths(data).values()]
    answers.append(_answer(lambda: codec.decode(_json(field, text), Job, version=2, format="json")))
    assert all(a == answers[0] for a in answers)
    assert codec.encode(answers[0], version=2, format="xml") == _xml(field, written)
    path = "$.job" + ("['@at']" if field == "@at" else f".{field}")
    for version, fmt, doc in ((2, "xml", data), (1, "json", _json(field, text))):
        with pytest.raises(codec.DecodeError) as info:
            codec.decode(doc, Job, version=version, format=fmt, strict=True)
        assert (info.value.code, info.value.path) == ("type", path)
        assert repr(written) in info.value.message  # it says what PI writes
        assert _problems(doc, version, fmt) == [("type", path)]
        assert _problems(doc, version, fmt, lenient=True) == []


# --------------------------------------------------------------------------- refusals

#: Text no decoding takes, with its code, in an ISO field.
BAD_ISO: Final = [
    ("", "type"),
    ("abc", "type"),
    ("2017-05-01", "type"),
    ("2017-05-01T11:35:45.745", "type"),  # no zone
    ("2017-05-01T11:35:45", "type"),
    (" 2017-05-01T11:35:45.745Z", "type"),
    ("2017-05-01T11:35:45.745Z ", "type"),
    ("2017-05-01t11:35:45.745Z", "type"),
    ("2017-05-01T11:35:45.745z", "type"),
    ("2017-05-01 11:35:45.745Z", "type"),
    ("2017-05-01T11:35Z", "type"),
    ("2017-05-01T11:35:45.Z", "type"),
    ("2017-05-01T11:35:45.1234567Z", "type"),
    ("2017-05-01T11:35:45.745+05", "type"),
    ("2017-05-01T11:35:45.745+05:30:15", "type"),
    ("\uff12017-05-01T11:35:45.745Z", "type"),  # a full-width digit
    ("+2017-05-01T11:35:45.745Z", "type"),
    ("2017-13-01T00:00:00.000Z", "range"),
    ("2017-02-29T00:00:00.000Z", "range"),
    ("0000-01-01T00:00:00.000Z", "range"),
    ("2017-05-01T24:00:00.000Z", "range"),
    ("2017-05-01T23:60:00.000Z", "range"),
    ("2016-12-31T23:59:60.000Z", "range"),  # a leap second: datetime has none
    ("2017-05-01T11:35:45.745+24:00", "range"),
    ("2017-05-01T11:35:45.745+05:60", "range"),
    ("2017-05-01T11:35:45.7451Z", "range"),  # finer than a millisecond
    ("2017-05-01T11:35:45.000001Z", "range"),
]

#: Text no decoding takes in an epoch-milliseconds field.
BAD_EPOCH: Final = [
    ("", "type"),
    ("01494512992280", "type"),
    ("+1494512992280", "type"),
    ("1494512992280.0", "type"),
    ("-0", "type"),
    ("2017-05-01T11:35:45.745Z", "type"),
    (str(EPOCH_MS_MAX + 1), "range"),
    (str(EPOCH_MS_MIN - 1), "range"),
    ("9" * 30, "range"),
]

_CASES: Final = [
    *[("lastBackup", t, c) for t, c in BAD_ISO],
    *[("@at", t, c) for t, c in BAD_ISO[:4]],
    *[("updated", t, c) for t, c in BAD_ISO[-3:]],
    *[("collectionTime", t, c) for t, c in BAD_EPOCH],
    ("@polled", "x", "type"),
]


def _escaped(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;")


@pytest.mark.parametrize(("field", "text", "code"), _CASES)
def test_bad_text_is_refused_with_its_path_on_every_path(field: str, text: str, code: str) -> None:
    """Bad text is a `DecodeError` with its code at its path on every XML path and in JSON
    (as a string: v1 attributes; in any element), lenient or strict, and `codec.validate`
    reports that very problem."""
    path = "$.job" + (f"['{field}']" if field.startswith("@") else f".{field}")
    data = _xml(field, _escaped(text))
    for name, decode in _xml_paths(data).items():
        assert _answer(decode) == (code, path), name
    with pytest.raises(codec.DecodeError) as info:
        codec.decode(data, Job, version=2, format="xml", strict=True)
    assert (info.value.code, info.value.path) == (code, path)
    assert info.value.problems[0].xml_path is not None
    assert _problems(data, 2, "xml") == [(code, path)]
    doc = _json(field, text)
    for strict in (False, True):
        with pytest.raises(codec.DecodeError) as info:
            codec.decode(doc, Job, version=1, format="json", strict=strict)
        assert (info.value.code, info.value.path) == (code, path)
    assert _problems(doc, 1, "json") == [(code, path)]


def test_no_zone_says_so() -> None:
    """Text without a zone is refused as naming no instant, in both formats."""
    for data, fmt in (
        (_xml("lastBackup", "2017-05-01T11:35:45.745"), "xml"),
        (_json("lastBackup", "2017-05-01T11:35:45.745"), "json"),
    ):
        with pytest.raises(codec.DecodeError, match="without a zone"):
            codec.decode(data, Job, version=2, format=fmt)


#: JSON values (not text) each decoding refuses: (field, value, lenient code, strict code).
JSON_VALUES: Final = [
    ("lastBackup", 1494512992280, "type", "type"),
    ("lastBackup", True, "type", "type"),
    ("lastBackup", 1.5, "type", "type"),
    ("lastBackup", ["2017-05-01T11:35:45.745Z"], "type", "type"),
    ("collectionTime", True, "type", "type"),
    ("collectionTime", 1494512992280.0, "type", "type"),
    ("collectionTime", orjson.Fragment(b"1" + b"0" * 25), "range", "range"),  # past 64 bits
    ("collectionTime", EPOCH_MS_MAX + 1, "range", "range"),
    ("collectionTime", "1494512992280", None, "type"),  # a number written as a string
    ("collectionTime", orjson.Fragment(b"-0"), None, "type"),  # no writer writes -0
    ("@polled", 1494512992280, None, None),  # v2+: a number
]


@pytest.mark.parametrize(("field", "value", "lenient", "strict"), JSON_VALUES)
def test_json_values(field: str, value: Any, lenient: str | None, strict: str | None) -> None:
    """JSON: an ISO field takes only a string; an epoch field an integer in range, a string
    leniently (strictly only in v1 attributes); validate agrees with strict decoding."""
    doc = _json(field, value)
    path = "$.job" + (f"['{field}']" if field.startswith("@") else f".{field}")
    for mode, code in ((False, lenient), (True, strict)):
        answer = _answer(
            functools.partial(codec.decode, doc, Job, version=2, format="json", strict=mode)
        )
        if code is None:
            assert isinstance(answer, Job), (mode, answer)
        else:
            assert answer == (code, path), mode
    assert _problems(doc, 2, "json") == ([(strict, path)] if strict else [])


@pytest.mark.parametrize("version", [1, 2])
def test_negative_zero_is_refused_strictly(version: int) -> None:
    """``-0`` (read as 0; no writer writes it) in an epoch field or list item is ``type``
    strictly, in decode and validate alike, though it decodes leniently."""
    aware = '"2017-05-01T11:35:45.745Z"'
    for body, path in (
        (b'"collectionTime":-0', "$.backup.collectionTime"),
        (b'"samples":{"sample":[1,-0]}', "$.backup.samples.sample[1]"),
    ):
        data = b'{"backup":{"@taken":%s,"lastBackup":%s,%s}}' % (
            aware.encode(),
            aware.encode(),
            body,
        )
        assert codec.decode(data, Backup, version=version, format="json")
        with pytest.raises(codec.DecodeError) as info:
            codec.decode(data, Backup, version=version, format="json", strict=True)
        assert (info.value.code, info.value.path) == ("type", path)
        report = codec.validate(data, Backup, version=version, format="json")
        assert [(p.code, p.path) for p in report.problems] == [("type", path)]


def test_v1_attributes_are_strings_strictly() -> None:
    """An epoch attribute is a string in v1 (a number is ``shape`` strictly), a number in
    v2+; an ISO attribute is a string in every version (a diff says nothing of it)."""
    number = _json("@polled", 1494512992280)
    assert isinstance(codec.decode(number, Job, version=1, format="json"), Job)
    assert _answer(lambda: codec.decode(number, Job, version=1, format="json", strict=True)) == (
        "shape",
        "$.job['@polled']",
    )
    lines = codec.version_diff(Job, 1, 2)
    assert any("['@polled']" in line and "epoch milliseconds" in line for line in lines), lines
    assert not any("['@at']" in line for line in lines), lines


# --------------------------------------------------------------------------- encoding


class _NoOffset(tzinfo):
    """A tzinfo that gives no offset: the datetime is naive for all purposes."""

    def utcoffset(self, dt: datetime | None) -> timedelta | None:
        return None

    def dst(self, dt: datetime | None) -> timedelta | None:
        return None

    def tzname(self, dt: datetime | None) -> str | None:
        return None


class _Sub(datetime):
    """A datetime subclass: refused like any other type."""


NAIVE: Final = datetime(2017, 5, 1, 11, 35, 45, 745000)
AWARE: Final = NAIVE.replace(tzinfo=zone(-300))
#: Values no form writes, and the code of the refusal.
UNWRITABLE: Final = [
    (NAIVE, "type"),
    (NAIVE.replace(tzinfo=_NoOffset()), "type"),
    (AWARE.replace(microsecond=745001), "range"),
    (AWARE.replace(microsecond=1), "range"),
    (date(2017, 5, 1), "type"),
    ("2017-05-01T11:35:45.745-05:00", "type"),
    (1494512992280, "type"),
    (_Sub(2017, 5, 1, tzinfo=UTC), "type"),
]


@pytest.mark.parametrize(("value", "code"), UNWRITABLE)
@pytest.mark.parametrize("fmt", FORMATS)
def test_unwritable_values_are_encode_errors_with_a_path(value: Any, code: str, fmt: str) -> None:
    """Naive datetimes, sub-millisecond precision and non-datetimes are an `EncodeError` at
    their path, in every field kind and form (flat records' fast paths included): nothing is
    guessed or rounded away."""
    base = Backup(taken=AWARE, last_backup=AWARE)
    cases = [
        (Backup(taken=value, last_backup=AWARE), "$.backup['@taken']"),
        (Backup(taken=AWARE, last_backup=value), "$.backup.lastBackup"),
        (
            Backup(taken=AWARE, last_backup=AWARE, history=(AWARE, value)),
            "$.backup.history.time[1]",
        ),
        (Backup(taken=AWARE, last_backup=AWARE, marks=(value,)), "$.backup.mark[0]"),
        (
            Backup(taken=AWARE, last_backup=AWARE, stamps=(Stamp(AWARE), Stamp(value))),
            "$.backup.stamp[1]['$']",
        ),
        (
            Backup(taken=AWARE, last_backup=AWARE, stamps=(Stamp(AWARE, polled=value),)),
            "$.backup.stamp[0]['@polled']",
        ),
        (Backup(taken=AWARE, last_backup=AWARE, collection_time=value), "$.backup.collectionTime"),
        (Backup(taken=AWARE, last_backup=AWARE, polled=value), "$.backup['@polled']"),
        (Backup(taken=AWARE, last_backup=AWARE, samples=(value,)), "$.backup.samples.sample[0]"),
        (Backup(taken=AWARE, last_backup=AWARE, updated=value), "$.backup.updated"),
    ]
    assert codec.encode(base, version=1, format=fmt)
    for version in (1, 2):
        for model, path in cases:
            with pytest.raises(codec.EncodeError) as info:
                codec.encode(model, version=version, format=fmt)
            # XML paths name the text of a model as the element itself.
            found = info.value.path.replace("['$']", "")
            assert (info.value.code, found) == (code, path.replace("['$']", "")), model


def test_refusals_say_what_is_wrong() -> None:
    """The messages name a naive datetime, the lost microseconds, an offset in seconds."""
    messages = {
        "naive": NAIVE,
        "745001 microseconds would be lost": AWARE.replace(microsecond=745001),
        "offset in whole minutes": AWARE.replace(tzinfo=timezone(timedelta(seconds=30))),
    }
    for text, value in messages.items():
        with pytest.raises(codec.EncodeError, match=re.escape(text)):
            codec.encode(Job(last_backup=value), version=2, format="json")
    # Epoch milliseconds carry no offset: one in seconds is no loss there.
    odd = datetime(2017, 5, 1, tzinfo=timezone(timedelta(seconds=30)))
    assert codec.encode(Job(collection_time=odd), version=2, format="json") == _json(
        "collectionTime", 1493596770000
    )


def test_epoch_refuses_instants_it_could_not_read_back() -> None:
    """An instant before year 1 UTC (year 1 at a positive offset) is ``range`` as epoch
    milliseconds, though ISO text writes it."""
    early = datetime(1, 1, 1, tzinfo=zone(60))
    assert b"0001-01-01T00:00:00.000+01:00" in codec.encode(
        Job(last_backup=early), version=2, format="xml"
    )
    with pytest.raises(codec.EncodeError) as info:
        codec.encode(Job(collection_time=early), version=2, format="json")
    assert (info.value.code, info.value.path) == ("range", "$.job.collectionTime")


def test_any_tzinfo_is_written_by_its_offset() -> None:
    """An aware datetime with any tzinfo (a `zoneinfo` zone) is written with the offset it
    has at that instant."""
    zoneinfo = pytest.importorskip("zoneinfo")
    try:
        chicago = zoneinfo.ZoneInfo("America/Chicago")
    except zoneinfo.ZoneInfoNotFoundError:
        pytest.skip("no time zone database here")
    value = datetime(2017, 5, 1, 11, 35, 45, 745000, tzinfo=chicago)
    assert codec.encode(Job(last_backup=value), version=2, format="json") == _json(
        "lastBackup", "2017-05-01T11:35:45.745-05:00"
    )


# --------------------------------------------------------------------------- one answer

_VALID: Final = st.sampled_from(
    [t for _, t in PI_TEXTS if not t.isdigit()] + [t for _, t, _ in LENIENT]
)


@st.composite
def _near_iso(draw: st.DrawFn) -> str:
    """ISO text, valid or one small edit away from it."""
    text = draw(st.one_of(_VALID, DATETIME.strategy().map(DATETIME.to_text)))
    if draw(st.booleans()):
        return text
    at = draw(st.integers(0, len(text)))
    edit = draw(st.sampled_from(["insert", "delete", "replace"]))
    char = draw(st.sampled_from(list("0123456789+-:.TZ tz9")))
    if edit == "insert":
        return text[:at] + char + text[at:]
    if edit == "delete":
        return text[:at] + text[at + 1 :]
    return text[:at] + char + text[at + 1 :]


@settings(max_examples=150)
@given(_near_iso())
def test_every_path_gives_one_answer(text: str) -> None:
    """Text near ISO 8601 gets one answer from the walker, the reader, the JSON decoder and
    `codec.validate`: the same value (same offset), or the same code at the same path."""
    data = _xml("lastBackup", text)
    answers = [_answer(decode) for decode in _xml_paths(data).values()]
    doc = _json("lastBackup", text)
    answers.append(_answer(lambda: codec.decode(doc, Job, version=2, format="json")))
    assert all(a == answers[0] for a in answers), answers
    if isinstance(answers[0], Job):
        # Equality is by instant: the offsets too must agree.
        jobs = [a for a in answers if isinstance(a, Job) and a.last_backup is not None]
        assert len(jobs) == len(answers)
        assert len({a.last_backup.utcoffset() for a in jobs if a.last_backup}) == 1
        assert _problems(data, 2, "xml", lenient=True) == []
        strict = _answer(lambda: codec.decode(doc, Job, version=2, format="json", strict=True))
        assert _problems(doc, 2, "json") == ([] if isinstance(strict, Job) else [strict])
    else:
        assert _problems(data, 2, "xml", lenient=True) == [answers[0]]
        assert _problems(doc, 2, "json", lenient=True) == [answers[0]]


@settings(max_examples=300)
@given(_near_iso())
def test_fast_reading_is_the_exact_reading(text: str) -> None:
    """The fast path of ISO text (`datetime.fromisoformat` on text of the written shape)
    gives the exact reading's value and offset, or refuses where it refuses."""

    def read(function: Callable[[str], datetime]) -> datetime | str:
        try:
            return function(text)
        except Fail as fail:
            return fail.code

    for kind in (DATETIME, DATETIME.forms["iso_trimmed"]):
        assert isinstance(kind, DateTimeKind)
        fast = read(kind.from_text)
        exact = read(functools.partial(kind.read_exact, segment=None, found="text"))
        assert fast == exact
        if isinstance(fast, datetime) and isinstance(exact, datetime):
            assert fast.utcoffset() == exact.utcoffset()


# --------------------------------------------------------------------------- schema, diff


def test_schema_fragments() -> None:
    """ISO fields are ``date-time`` strings with PI's pattern; epoch fields integers in the
    range a datetime holds (v1 attributes: a decimal pattern)."""
    props = codec.json_schema(Backup, version=2)["$defs"]["Backup"]["properties"]
    assert props["lastBackup"]["type"] == "string"
    assert props["lastBackup"]["format"] == "date-time"
    epoch, nil = props["collectionTime"]["anyOf"]  # an optional element may be nil
    assert epoch == {"type": "integer", "minimum": EPOCH_MS_MIN, "maximum": EPOCH_MS_MAX}
    assert nil == {"$ref": "#/$defs/xsi_nil"}
    v1 = codec.json_schema(Backup, version=1)["$defs"]["Backup"]["properties"]
    pattern = v1["@polled"]["pattern"]
    for text, ok in (("1494512992280", True), (str(EPOCH_MS_MAX), True), ("-1", True)):
        assert bool(re.search(pattern, text)) is ok
    for text in (str(EPOCH_MS_MAX + 1), str(EPOCH_MS_MIN - 1), "01", "-0", "1\n"):
        assert not re.search(pattern, text), text
    assert "February 30" in props["lastBackup"]["$comment"]  # what the pattern cannot see


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize(
    "value",
    [
        *[t for _, t, _ in LENIENT],
        *[t for _, t in PI_TEXTS],
        *[t for t, _ in BAD_ISO if t != "2017-02-29T00:00:00.000Z"],  # the calendar aside
        1494512992280,
        EPOCH_MS_MAX + 1,
        -1,
        1.5,
        True,
        None,
    ],
)
def test_schema_agrees_with_strict_decoding(version: int, value: Any) -> None:
    """The JSON Schema of each form takes what strict decoding takes, element and v1
    attribute alike (the calendar aside: see its comment)."""
    from tests.test_schema import schema_ok, strict_ok

    for key in ("lastBackup", "@at", "updated", "collectionTime", "@polled"):
        doc = {"job": {key: value}}
        data = orjson.dumps(doc)
        assert schema_ok(doc, Job, version) == strict_ok(data, Job, version), (key, data)


def test_schema_date_time_format_holds() -> None:
    """What the schema's pattern takes is also an RFC 3339 ``date-time``."""
    schema = codec.json_schema(Job, version=2)
    checker = jsonschema.Draft202012Validator.FORMAT_CHECKER
    assert "date-time" in checker.checkers
    validator = jsonschema.Draft202012Validator(schema, format_checker=checker)
    for _, text in PI_TEXTS[:4]:
        assert validator.is_valid({"job": {"lastBackup": text}})
    assert not validator.is_valid({"job": {"lastBackup": "2017-02-30T00:00:00.000Z"}})


# --------------------------------------------------------------------------- declaring


def _form_on_int() -> None:
    @codec.model(root="bad")
    class FormOnInt:
        value: int = codec.element(form="epoch_ms")


def _unknown_form() -> None:
    @codec.model(root="bad")
    class UnknownForm:
        value: datetime = codec.element(form="epoch_s")


def _form_on_model() -> None:
    @codec.model(root="bad")
    class FormOnModel:
        value: Stamp = codec.element(form="epoch_ms")


@pytest.mark.parametrize(
    ("declare", "message"),
    [
        (_form_on_int, r"form 'epoch_ms' is not a wire form of <class 'int'> \(its forms: none"),
        (_unknown_form, r"form 'epoch_s' is not a wire form of .*'iso_trimmed', 'epoch_ms'"),
        (_form_on_model, r"a form \('epoch_ms'\) is for a scalar, not a model"),
    ],
)
def test_forms_are_checked_at_the_class_statement(
    declare: Callable[[], None], message: str
) -> None:
    """A form the field's kind does not have is a `DeclarationError` naming the forms, raised
    where the model is declared."""
    with pytest.raises(codec.DeclarationError, match=message):
        declare()


def test_datetime_is_a_registered_kind() -> None:
    """datetime has its one entry in the kinds' registry; its forms hang off it."""
    assert KINDS[datetime] is DATETIME
    assert set(DATETIME.forms) == {"iso_trimmed", "epoch_ms"}


# --------------------------------------------------------------------------- strategy


def test_strategy_draws_pi_values() -> None:
    """`codec.testing` draws aware datetimes in whole milliseconds with offsets in whole
    minutes: UTC (written ``Z``), negative and positive offsets alike."""

    @settings(max_examples=100)
    @given(models(Job))
    def check(job: Job) -> None:
        for value in (job.last_backup, job.at, job.updated, job.collection_time, job.polled):
            if value is None:
                continue
            offset = value.utcoffset()
            assert offset is not None
            assert value.microsecond % 1000 == 0
            assert offset % timedelta(minutes=1) == timedelta(0)

    check()
    strategy = DATETIME.strategy()
    for wanted in (
        lambda d: d.utcoffset() == timedelta(0),
        lambda d: d.utcoffset() < timedelta(0),
        lambda d: d.utcoffset() > timedelta(0),
        lambda d: d.microsecond != 0,
    ):
        find(strategy, wanted)
