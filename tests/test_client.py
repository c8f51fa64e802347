"""The client helpers: `Operation.request` and `Operation.response`, alone and end to end.

End to end, a small fake PI server (`FakePI`, also used by ``test_readme.py``) serves the
jobService operations for versions 1 to 4 in both formats at
``[prefix]/webacs/api/vN/op/jobService/<op>[.json]``, and an operation this library does not
ship, declared here as a user would (``DELETE op/apOnboarding/profile``, whose body holds the
profile ids). It decodes each request body with codec, records what it received, and answers
the vendor samples of ``tests/golden/`` (v4: v3's, with the version in the URLs replaced;
``runhistory`` and the user's operation, which have no sample here: a model encoded with codec
for the version asked). The request header ``X-Fake-Answer: <answer>``, or the path prefix
``/fake-answer/<answer>`` (for code that sends no header of its own), or a path outside the
operations makes it answer an ``errorDocument`` 404, a 401, a redirect to the login page (also
with ``;jsessionid=``) or elsewhere, a 503 (with ``Retry-After`` in either form, or unreadable,
and a header holding a non-ASCII ISO-8859-1 byte), or a 2xx or 500 carrying garbage. Clients
drive it through ``httpx`` (its headers as text, or as the raw bytes pairs) and
``urllib.request``; every request has a timeout, and the server thread is joined at the end.
"""

from __future__ import annotations

import contextlib
import pickle
import re
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from http.client import HTTPMessage
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import IO, Any, Final
from urllib.parse import urlsplit

import attrs
import httpx
import pytest

import codec
from codec import _client
from codec._client import build_request, read_response
from codec.errordocument import ErrorDocument
from codec.jobservice import (
    CANCEL,
    CANCEL_RUNNING,
    OPERATIONS,
    RESUME,
    RUN_HISTORY,
    SUSPEND,
    Job,
    JobOperationPayload,
    JobRunOperationPayload,
    JobStatus,
    MgmtResponse,
    Operation,
    PropertyAndValue,
    ResultStatus,
    RunInstance,
    RunStatus,
)
from codec.pi import ApiOperation, OperationResponse

from .support import LoopbackServer, running

GOLDEN: Final = Path(__file__).parent / "golden"
TIMEOUT: Final = 10.0
LOGIN: Final = "/webacs/pages/common/login.jsp"
ANSWER: Final = "X-Fake-Answer"
ANSWER_PREFIX: Final = "/fake-answer/"

# PI's answer to an unknown resource, as the vendor documents it, and its XML equivalent.
ERROR_JSON: Final = (
    b'{"errorDocument":{"httpResponseCode":404,"httpMethod":"GET",'
    b'"message":"No such entity type as unkown.-PRS-102","id":"presentation.PRS-102",'
    b'"uriPath":"\\/data\\/unkown","queryParams":"{}"}}'
)
ERROR_XML: Final = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<errorDocument>'
    b"<httpResponseCode>404</httpResponseCode><httpMethod>GET</httpMethod>"
    b"<message>No such entity type as unkown.-PRS-102</message><id>presentation.PRS-102</id>"
    b"<uriPath>/data/unkown</uriPath><queryParams>{}</queryParams></errorDocument>"
)
ERROR_DOCUMENT: Final = ErrorDocument(
    http_response_code=404,
    http_method="GET",
    message="No such entity type as unkown.-PRS-102",
    id="presentation.PRS-102",
    uri_path="/data/unkown",
    query_params="{}",
)
MEDIA: Final = {"json": "application/json", "xml": "application/xml;charset=UTF-8"}
GARBAGE: Final = b"\x00\x01 this is neither XML nor JSON }{"
VERSIONS: Final = (1, 2, 3, 4)
FORMATS: Final = ("xml", "json")

# What ``runhistory`` answers: no vendor sample exists, so the server encodes this model.
RUN_HISTORY_ANSWER: Final = MgmtResponse(
    response_type="operation",
    jobs=[
        Job(
            description="Nightly backup",
            job_id=42,
            job_name="backup",
            job_status=JobStatus.SCHEDULED,
            job_type="Backup",
            next_run_time=datetime.fromisoformat("2024-01-02T00:00:00.000Z"),
            run_instances=[
                RunInstance(
                    completion_time=datetime.fromisoformat("2024-01-01T00:10:00.000Z"),
                    result_status=ResultStatus.SUCCESS,
                    results=[PropertyAndValue(property="files", value="120")],
                    run_id=7,
                    run_status=RunStatus.COMPLETED,
                )
            ],
        )
    ],
)


# -- an operation this library does not ship, declared as a user would -------------------------
# PI 3.4+ ``DELETE op/apOnboarding/profile``: the body names the profiles to delete
# (``<profileIds><profileIds><profileId>15</profileId>...``), the answer is an ``mgmtResponse``
# holding ``apOnboardingProfileOpResults``.


@codec.model(root="profileIds")
class ProfileIds:
    """The request of ``DELETE op/apOnboarding/profile``."""

    profile_ids: Sequence[int] = codec.wrapped("profileIds", "profileId", default=(), required=True)


@codec.model()
class ProfileOpResult:
    """What happened to one profile."""

    key: str | None = codec.element(default=None)
    message: str | None = codec.element(default=None)
    success: bool | None = codec.element(default=None)


@codec.model(element="apOnboardingProfileOpResults")
class ProfileOpResults:
    """The results of an apOnboarding profile operation."""

    operation: str | None = codec.element(default=None)
    results: Sequence[ProfileOpResult] = codec.wrapped("results", "result", default=())


DELETE_PROFILES: Final = ApiOperation(
    "deleteProfiles",
    "DELETE",
    "apOnboarding/profile",
    ProfileIds,
    OperationResponse[ProfileOpResults],
)
DELETE_PROFILES_ANSWER: Final = OperationResponse(
    response_type="operation",
    results=[
        ProfileOpResults(
            operation="DELETE_PROFILES",
            results=[
                ProfileOpResult(key="15", message="deleted", success=True),
                ProfileOpResult(key="25", message="no such profile", success=False),
            ],
        )
    ],
)

ROUTE: Final = re.compile(
    r"(?P<prefix>(?:/[^/]+)*?)/webacs/api/v(?P<version>[1-4])/op/"
    r"(?P<resource>jobService/[a-z]+|apOnboarding/profile)(?P<suffix>\.json|\.xml)?"
)
SERVED: Final[tuple[ApiOperation[Any], ...]] = (*OPERATIONS, DELETE_PROFILES)
BY_RESOURCE: Final = {op.resource: op for op in SERVED}
#: An IMF-fixdate and the Date a server sends with it: the wait is two minutes.
RETRY_AT: Final = "Wed, 02 Dec 2026 10:02:00 GMT"
SENT_AT: Final = "Wed, 02 Dec 2026 10:00:00 GMT"


def sample_answer(op: ApiOperation[Any], version: int, fmt: str) -> bytes:
    """The bytes the fake server answers for a successful call."""
    if op is RUN_HISTORY:
        return codec.encode(RUN_HISTORY_ANSWER, version=version, format=fmt)
    if op is DELETE_PROFILES:
        return codec.encode(DELETE_PROFILES_ANSWER, version=version, format=fmt)
    if version == 4:
        return sample_answer(op, 3, fmt).replace(b"/api/v3/", b"/api/v4/")
    return (GOLDEN / f"v{version}_response.{fmt}").read_bytes()


def expected_answer(op: Operation, version: int, fmt: str) -> MgmtResponse:
    """What a client must get: the served sample, decoded by codec directly."""
    return codec.decode(sample_answer(op, version, fmt), MgmtResponse, version=version, format=fmt)


@attrs.frozen
class Received:
    """One request as the fake server saw it; ``payload`` decoded with codec."""

    method: str
    path: str
    headers: Mapping[str, str]  # names lower-cased
    body: bytes
    payload: object


class FakePI(LoopbackServer[Received]):
    """A fake PI on 127.0.0.1 and a free port; see the module documentation."""

    def __init__(self) -> None:
        super().__init__(_Handler)


class _Handler(BaseHTTPRequestHandler):
    server: FakePI
    timeout = TIMEOUT  # a stalled client cannot hold a handler thread for longer

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the tests check what was received instead."""

    def do_GET(self) -> None:
        self._serve()

    def do_PUT(self) -> None:
        self._serve()

    def do_POST(self) -> None:
        self._serve()

    def do_DELETE(self) -> None:
        self._serve()

    def _answer(self, status: int, body: bytes = b"", **headers: str) -> None:
        self.send_response_only(status)
        headers.setdefault("Date", self.date_time_string())  # one Date: the given one, or now
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _error_document(self, fmt: str) -> None:
        body = ERROR_JSON if fmt == "json" else ERROR_XML
        self._answer(404, body, Content_Type=MEDIA[fmt])

    def _serve(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        if length > 1 << 20:
            self._answer(413)
            return
        body = self.rfile.read(length) if length else b""
        url = urlsplit(self.path)
        match = ROUTE.fullmatch(url.path)
        suffix = match["suffix"] if match else None
        wants_json = "application/json" in (self.headers.get("Accept") or "")
        fmt = "json" if suffix == ".json" or (suffix is None and wants_json) else "xml"
        op = BY_RESOURCE.get(match["resource"]) if match else None
        version = int(match["version"]) if match else 4
        payload: object = None
        if op is not None and op.request_type is not None and body:
            media = (self.headers.get("Content-Type") or "").split(";")[0].strip()
            request_fmt = "json" if media == "application/json" else "xml"
            try:
                payload = codec.decode(body, op.request_type, version=version, format=request_fmt)
            except codec.CodecError as error:
                payload = error
        headers = {k.lower(): v for k, v in self.headers.items()}
        self.server.record(Received(self.command, self.path, headers, body, payload))

        prefix = match["prefix"] if match else ""
        special = self.headers.get(ANSWER)
        if special is None and prefix.startswith(ANSWER_PREFIX):
            special = prefix[len(ANSWER_PREFIX) :]
        if op is None or special == "not-found":
            self._error_document(fmt)
        elif special == "unauthorized":
            self._answer(
                401,
                b"<html><body>Unauthorized</body></html>",
                Content_Type="text/html",
                WWW_Authenticate='Basic realm="Prime Infrastructure"',
            )
        elif special == "login":
            self._answer(302, Location=f"{self.server.base_url}{LOGIN}")
        elif special == "login-relative":
            self._answer(302, Location=LOGIN)
        elif special == "login-query":
            self._answer(
                302, Location=f"{LOGIN}?redirect=%2Fwebacs%2Fapi", Content_Type="text/html"
            )
        elif special == "login-jsessionid":
            self._answer(302, Location=f"{LOGIN};jsessionid=ABC?redirect=%2Fwebacs%2Fapi")
        elif special == "login-jsessionid-absolute":
            location = f"{self.server.base_url}/WEBACS/pages/common/Login.jsp;JSESSIONID=a1"
            self._answer(302, Location=location)
        elif special == "redirect":
            self._answer(302, Location="/webacs/welcome.do")
        elif special == "redirect-jsessionid":
            self._answer(302, Location="/webacs/welcome.do;jsessionid=ABC")
        elif special == "busy":
            self._answer(503, b"Too many requests", Content_Type="text/plain", Retry_After="1")
        elif special == "busy-date":
            self._answer(503, b"", Retry_After=RETRY_AT, Date=SENT_AT)
        elif special == "busy-unreadable":
            self._answer(503, b"", Retry_After="soon", X_Note="caf\u00e9")  # sent as latin-1
        elif special == "garbage":
            self._answer(200, GARBAGE, Content_Type=MEDIA[fmt])
        elif special == "server-garbage":
            self._answer(500, GARBAGE, Content_Type=MEDIA[fmt])
        elif special == "mislabelled":
            other = "xml" if fmt == "json" else "json"
            self._answer(200, sample_answer(op, version, fmt), Content_Type=MEDIA[other])
        elif isinstance(payload, codec.CodecError) or (op.request_type is not None and not body):
            self._answer(400, b"", Content_Type=MEDIA[fmt])
        else:
            self._answer(200, sample_answer(op, version, fmt), Content_Type=MEDIA[fmt])


@contextlib.contextmanager
def running_fake_pi() -> Iterator[FakePI]:
    """A started fake server; shut down, closed and its thread joined on exit."""
    with running(FakePI()) as server:
        yield server


@pytest.fixture(scope="module")
def _server() -> Iterator[FakePI]:
    with running_fake_pi() as server:
        yield server


@pytest.fixture
def pi(_server: FakePI) -> FakePI:
    """The module's fake server, with nothing received yet."""
    _server.clear()
    return _server


# -- the clients: each sends a Request and returns (status, headers, body) ----------------------

Answer = tuple[int, Any, bytes]


def send_httpx(request: codec.Request, **extra: str) -> Answer:
    headers = {**request.headers, **extra}
    with httpx.Client(timeout=TIMEOUT) as client:  # httpx does not follow redirects
        reply = client.request(request.method, request.url, headers=headers, content=request.body)
    return reply.status_code, reply.headers, reply.content


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """urllib follows redirects by default; a client must see the login redirect."""

    def redirect_request(
        self,
        req: urllib.request.Request,
        fp: IO[bytes],
        code: int,
        msg: str,
        headers: HTTPMessage,
        newurl: str,
    ) -> urllib.request.Request | None:
        return None


def send_urllib(request: codec.Request, **extra: str) -> Answer:
    sent = urllib.request.Request(
        request.url,
        data=request.body or None,
        headers={**request.headers, **extra},
        method=request.method,
    )
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(sent, timeout=TIMEOUT) as reply:
            return reply.status, reply.headers.items(), reply.read()
    except urllib.error.HTTPError as error:  # any status but 2xx
        try:
            return error.code, error.headers.items(), error.read()
        finally:
            error.close()


def send_httpx_raw(request: codec.Request, **extra: str) -> Answer:
    """httpx, its headers handed over as the bytes pairs on the wire (as h11 gives them)."""
    status, headers, body = send_httpx(request, **extra)
    raw: list[tuple[bytes, bytes]] = headers.raw
    return status, raw, body


SENDERS = {"httpx": send_httpx, "httpx-raw": send_httpx_raw, "urllib": send_urllib}


def payload_for(op: Operation) -> Any:
    if op.request_type is JobRunOperationPayload:
        return JobRunOperationPayload(run_ids=[15, 25])
    if op.request_type is JobOperationPayload:
        return JobOperationPayload(job_ids=[7, 2**63 - 1])
    return None


# -- end to end ----------------------------------------------------------------------------------


@pytest.mark.parametrize("op", OPERATIONS, ids=[op.name for op in OPERATIONS])
@pytest.mark.parametrize("version", VERSIONS, ids=[f"v{v}" for v in VERSIONS])
@pytest.mark.parametrize("fmt", FORMATS)
def test_every_operation_end_to_end(pi: FakePI, op: Operation, version: int, fmt: str) -> None:
    """Request built, sent with httpx, received as sent, answer decoded to the sample."""
    payload = payload_for(op)
    request = op.request(payload, version=version, format=fmt, base_url=pi.base_url)
    status, headers, body = send_httpx(request)
    assert status == 200
    assert op.response(status, headers, body, version=version) == expected_answer(op, version, fmt)

    [received] = pi.received
    assert received.method == op.method
    assert received.path == op.path(version=version, format=fmt)
    assert received.headers["accept"] == ("application/json" if fmt == "json" else "text/xml")
    assert received.payload == payload
    if payload is None:
        assert received.body == b""
        assert "content-type" not in received.headers
    else:
        assert received.headers["content-type"] == (
            "application/json" if fmt == "json" else "application/xml"
        )


@pytest.mark.parametrize(
    ("op", "version", "fmt"),
    [(CANCEL_RUNNING, 3, "json"), (SUSPEND, 1, "xml"), (RESUME, 4, "json"), (CANCEL, 2, "xml")],
)
def test_urllib_end_to_end(pi: FakePI, op: Operation, version: int, fmt: str) -> None:
    """The same with the standard library's client, whose headers are an email message."""
    payload = payload_for(op)
    request = op.request(payload, version=version, format=fmt, base_url=pi.base_url + "/")
    status, headers, body = send_urllib(request)
    assert op.response(status, headers, body, version=version) == expected_answer(op, version, fmt)
    [received] = pi.received
    assert (received.method, received.path) == (op.method, op.path(version=version, format=fmt))
    assert received.payload == payload


@pytest.mark.parametrize("sender", SENDERS)
def test_runhistory_query_parameters(pi: FakePI, sender: str) -> None:
    """A GET without body, its query parameters URL-encoded."""
    request = build_request(
        RUN_HISTORY,
        None,
        version=2,
        format="json",
        base_url=pi.base_url,
        params={"jobName": "nightly backup", "jobId": 42},
    )
    status, headers, body = SENDERS[sender](request)
    assert RUN_HISTORY.response(status, headers, body, version=2) == RUN_HISTORY_ANSWER
    [received] = pi.received
    assert received.method == "GET"
    assert (
        received.path
        == "/webacs/api/v2/op/jobService/runhistory.json?jobName=nightly+backup&jobId=42"
    )
    assert received.body == b""


def test_base_url_with_a_path_prefix_end_to_end(pi: FakePI) -> None:
    """A base URL behind a proxy path keeps its prefix, with one slash at the seam."""
    request = CANCEL.request(
        payload_for(CANCEL), version=3, format="xml", base_url=pi.base_url + "/pi-proxy/"
    )
    status, headers, body = send_httpx(request)
    assert CANCEL.response(status, headers, body, version=3) == expected_answer(CANCEL, 3, "xml")
    [received] = pi.received
    assert received.path == "/pi-proxy/webacs/api/v3/op/jobService/cancel"


@pytest.mark.parametrize("sender", SENDERS)
@pytest.mark.parametrize("fmt", FORMATS)
def test_error_document_end_to_end(pi: FakePI, sender: str, fmt: str) -> None:
    """A 404 carries PI's errorDocument, decoded, with the status and the raw body."""
    request = SUSPEND.request(payload_for(SUSPEND), version=3, format=fmt, base_url=pi.base_url)
    status, headers, body = SENDERS[sender](request, **{ANSWER: "not-found"})
    with pytest.raises(codec.ApiError) as caught:
        SUSPEND.response(status, headers, body, version=3)
    error = caught.value
    assert type(error) is codec.ApiError
    assert error.status == 404
    assert error.error_document == ERROR_DOCUMENT
    assert error.body == (ERROR_JSON if fmt == "json" else ERROR_XML)
    assert "404" in str(error)
    assert "No such entity type as unkown.-PRS-102" in str(error)


def test_unknown_resource_end_to_end(pi: FakePI) -> None:
    """A path outside the jobService gets the errorDocument too (here with Accept: JSON)."""
    request = codec.Request(
        "GET", pi.base_url + "/webacs/api/v3/data/unkown", {"Accept": "application/json"}
    )
    status, headers, body = send_httpx(request)
    with pytest.raises(codec.ApiError) as caught:
        RUN_HISTORY.response(status, headers, body, version=3)
    assert caught.value.error_document == ERROR_DOCUMENT


# (answer asked for, exception class, status, error document expected)
FAILURES: list[tuple[str, type[codec.ApiError], int]] = [
    ("unauthorized", codec.AuthenticationError, 401),
    ("login", codec.AuthenticationError, 302),
    ("login-relative", codec.AuthenticationError, 302),
    ("login-query", codec.AuthenticationError, 302),
    ("login-jsessionid", codec.AuthenticationError, 302),
    ("login-jsessionid-absolute", codec.AuthenticationError, 302),
    ("redirect", codec.ApiError, 302),
    ("redirect-jsessionid", codec.ApiError, 302),
    ("busy", codec.RateLimitedError, 503),
    ("busy-date", codec.RateLimitedError, 503),
    ("busy-unreadable", codec.RateLimitedError, 503),
    ("server-garbage", codec.ApiError, 500),
]


@pytest.mark.parametrize("sender", SENDERS)
@pytest.mark.parametrize(("answer", "cls", "status"), FAILURES, ids=[f[0] for f in FAILURES])
def test_failures_end_to_end(
    pi: FakePI, sender: str, answer: str, cls: type[codec.ApiError], status: int
) -> None:
    """Each failure is its exception class, never a bare codec error, with the body kept."""
    request = CANCEL_RUNNING.request(
        payload_for(CANCEL_RUNNING), version=2, format="json", base_url=pi.base_url
    )
    got_status, headers, body = SENDERS[sender](request, **{ANSWER: answer})
    assert got_status == status
    with pytest.raises(codec.ApiError) as caught:
        CANCEL_RUNNING.response(got_status, headers, body, version=2)
    assert type(caught.value) is cls
    assert caught.value.status == status
    assert caught.value.error_document is None
    assert caught.value.body == body
    assert caught.value.headers["CONTENT-LENGTH"] == str(len(body))  # every header kept
    assert caught.value.location == caught.value.headers.get("location")
    assert len(pi.received) == 1  # the redirect was not followed


# (answer asked for, the wait Retry-After asks for)
WAITS: list[tuple[str, timedelta | None]] = [
    ("busy", timedelta(seconds=1)),
    ("busy-date", timedelta(minutes=2)),  # counted from the answer's Date, not this clock
    ("busy-unreadable", None),
]


@pytest.mark.parametrize("sender", SENDERS)
@pytest.mark.parametrize(("answer", "wait"), WAITS, ids=[w[0] for w in WAITS])
def test_rate_limited_says_how_long_to_wait_end_to_end(
    pi: FakePI, sender: str, answer: str, wait: timedelta | None
) -> None:
    """A 503's Retry-After, delta-seconds or HTTP-date, is `retry_after`; unreadable: None."""
    request = SUSPEND.request(payload_for(SUSPEND), version=3, format="xml", base_url=pi.base_url)
    status, headers, body = SENDERS[sender](request, **{ANSWER: answer})
    with pytest.raises(codec.RateLimitedError) as caught:
        SUSPEND.response(status, headers, body, version=3)
    assert caught.value.retry_after == wait
    again = pickle.loads(pickle.dumps(caught.value))
    assert again == caught.value
    assert again.retry_after == wait


@pytest.mark.parametrize("sender", SENDERS)
def test_a_latin_1_header_is_read_as_http_reads_it_end_to_end(pi: FakePI, sender: str) -> None:
    """A header byte beyond ASCII (0xE9 on the wire) is its ISO-8859-1 character, whatever
    the client hands over: text or bytes pairs."""
    request = SUSPEND.request(payload_for(SUSPEND), version=3, format="xml", base_url=pi.base_url)
    status, headers, body = SENDERS[sender](request, **{ANSWER: "busy-unreadable"})
    with pytest.raises(codec.RateLimitedError) as caught:
        SUSPEND.response(status, headers, body, version=3)
    assert caught.value.headers["x-note"] == "caf\u00e9"


@pytest.mark.parametrize("answer", ["garbage", "mislabelled"])
@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("sender", SENDERS)
def test_a_2xx_that_does_not_decode_keeps_the_answer(
    pi: FakePI, sender: str, answer: str, fmt: str
) -> None:
    """Garbage, or a sample under the other format's Content-Type, in a 200: an
    `UnexpectedResponseError` (a `DecodeError`) with the status, headers, body and the
    decoding's problems."""
    request = RESUME.request(payload_for(RESUME), version=4, format=fmt, base_url=pi.base_url)
    status, headers, body = SENDERS[sender](request, **{ANSWER: answer})
    assert status == 200
    with pytest.raises(codec.UnexpectedResponseError) as caught:
        RESUME.response(status, headers, body, version=4)
    error = caught.value
    assert isinstance(error, codec.DecodeError)
    assert (error.status, error.body) == (200, body)
    labelled = fmt if answer == "garbage" else {"json": "xml", "xml": "json"}[fmt]
    assert error.headers["Content-Type"] == MEDIA[labelled]
    with pytest.raises(codec.DecodeError) as direct:
        codec.decode(body, MgmtResponse, version=4, format=labelled)
    assert error.problems == direct.value.problems
    assert error.__cause__ == direct.value
    assert str(error).startswith("HTTP 200 OK: the body does not decode: ")


# -- requests, alone --------------------------------------------------------------------------

JOINS = [
    ("https://pi.example.com", "https://pi.example.com"),
    ("https://pi.example.com/", "https://pi.example.com"),
    ("https://pi.example.com//", "https://pi.example.com"),
    ("https://gw.example.com:8443/pi", "https://gw.example.com:8443/pi"),
    ("https://gw.example.com:8443/pi/", "https://gw.example.com:8443/pi"),
    ("http://10.0.0.1/a/b/", "http://10.0.0.1/a/b"),
]


@pytest.mark.parametrize(("base_url", "root"), JOINS)
@pytest.mark.parametrize("fmt", FORMATS)
def test_url_joins_base_and_path(base_url: str, root: str, fmt: str) -> None:
    """One slash at the seam whatever the base ends with; a path prefix is kept."""
    request = CANCEL_RUNNING.request(
        JobRunOperationPayload(run_ids=[1]), version=3, format=fmt, base_url=base_url
    )
    suffix = ".json" if fmt == "json" else ""
    assert request.url == f"{root}/webacs/api/v3/op/jobService/cancelrunning{suffix}"
    assert isinstance(request.url, str)


@pytest.mark.parametrize(
    "base_url",
    [
        "pi.example.com",
        "ftp://pi.example.com",
        "https://",
        "https://pi.example.com/?a=1",
        "https://pi.example.com/#top",
        "",
    ],
)
def test_bad_base_url(base_url: str) -> None:
    """A base_url that is not http(s) with a host, or has a query or fragment, is refused."""
    with pytest.raises(codec.ArgumentError, match="base_url"):
        SUSPEND.request(
            JobOperationPayload(job_ids=[1]), version=3, format="xml", base_url=base_url
        )


@pytest.mark.parametrize(
    ("base_url", "words"),
    [
        ("https://pi.example.com\r\n", "control character (U+000D) at index 22"),
        ("https://pi.example.com\n", "control character (U+000A)"),
        ("\nhttps://pi.example.com", "control character (U+000A) at index 0"),
        ("https://pi.example.com/a\r\nX-Injected: 1", "control character (U+000D)"),
        ("https://pi.example.com/a b", "whitespace (U+0020) at index 24"),
        (" https://pi.example.com", "whitespace (U+0020) at index 0"),
        ("https://pi.example.com\t", "control character (U+0009)"),
        ("https://pi.example.com\u00a0", "whitespace (U+00A0)"),
        ("https://pi.exa\u200bmple.com", "unprintable character (U+200B) at index 14"),
        ("https://pi.exa\x00mple.com", "control character (U+0000) at index 14"),
        ("https://pi.example.com\x7f", "control character (U+007F)"),
        ("https://pi.example.com:99999", "port '99999': expected 1 to 65535"),
        ("https://pi.example.com:0", "port '0': expected 1 to 65535"),
        ("https://pi.example.com:https", "port 'https': expected 1 to 65535"),
        ("https://@/", "user information"),
        ("https://user:secret@/", "user information"),
        ("https://user:pw@pi.example.com", "user information"),
        ("https://pi.example.com@evil.example.com", "user information"),
        ("https://pi.example.com:", "empty port"),
        ("https://p<i>", "has the host"),
        ('https://"x"', "has the host"),
        ("https://pi_example.com", "has the host"),
        ("https://[::g]", "is not a URL"),
        ("https://:8443/", "empty host"),
        ("http://[::1", "is not a URL"),
    ],
)
def test_bad_base_url_is_refused_naming_the_problem(base_url: str, words: str) -> None:
    """Whitespace or control characters anywhere, a bad port or an empty host: ArgumentError."""
    with pytest.raises(codec.ArgumentError, match="base_url") as caught:
        build_request(
            SUSPEND, JobOperationPayload(job_ids=[1]), version=3, format="xml", base_url=base_url
        )
    assert words in str(caught.value)


@pytest.mark.parametrize(
    "params",
    [
        [("jobName", "nightly backup"), ("jobId", 42)],
        (("jobName", "nightly backup"), ("jobId", 42)),
        iter([("jobName", "nightly backup"), ["jobId", 42]]),
    ],
    ids=["list", "tuple", "iterator"],
)
def test_params_as_a_mapping_or_pairs(params: Any) -> None:
    """params given as (name, value) pairs make the query string a mapping makes."""
    request = build_request(
        RUN_HISTORY, None, version=2, format="json", base_url="https://pi", params=params
    )
    assert request.url.endswith("/runhistory.json?jobName=nightly+backup&jobId=42")


def test_params_pairs_may_repeat_a_name() -> None:
    """Pairs keep their order and may repeat a name, which a mapping cannot."""
    request = build_request(
        RUN_HISTORY,
        None,
        version=2,
        format="xml",
        base_url="https://pi",
        params=[("a", 1), ("a", 2)],
    )
    assert request.url.endswith("/runhistory?a=1&a=2")


@pytest.mark.parametrize(
    ("params", "words"),
    [
        ("jobId=42", "got str"),
        (b"jobId=42", "got bytes"),
        (42, "got int"),
        ([("jobId", 42, "extra")], "pairs, got ('jobId', 42, 'extra')"),
        (["jobId"], "pairs, got 'jobId'"),
        ({"jobId"}, "pairs, got 'jobId'"),
        ({"jobName": None}, "strings or integers, got None"),
        ({"flag": True}, "strings or integers, got True"),
        ({"name": b"x"}, "strings or integers, got b'x'"),
        ({"k": "\ud800"}, "UTF-8 cannot encode"),
    ],
)
def test_bad_params_are_an_argument_error(params: Any, words: str) -> None:
    """params that are neither a mapping nor (name, value) pairs: ArgumentError, not TypeError."""
    with pytest.raises(codec.ArgumentError, match="params") as caught:
        build_request(
            RUN_HISTORY, None, version=2, format="json", base_url="https://pi", params=params
        )
    assert words in str(caught.value)


@pytest.mark.parametrize(
    ("fmt", "accept", "content_type"),
    [("json", "application/json", "application/json"), ("xml", "text/xml", "application/xml")],
)
def test_request_headers_and_body(fmt: str, accept: str, content_type: str) -> None:
    """Accept and Content-Type for the format; the body is what codec encodes."""
    payload = JobOperationPayload(job_ids=[3, 4])
    request = SUSPEND.request(payload, version=1, format=fmt, base_url="https://pi")
    assert request.method == "PUT"
    assert dict(request.headers) == {"Accept": accept, "Content-Type": content_type}
    assert request.headers["content-type"] == content_type  # names ignore case
    assert request.headers["ACCEPT"] == accept
    assert request.body == codec.encode(payload, version=1, format=fmt)
    assert not isinstance(request.headers, dict)
    with pytest.raises(TypeError):
        request.headers["Accept"] = "text/plain"  # type: ignore[index]
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        request.body = b""  # type: ignore[misc]


def test_request_without_body() -> None:
    """runhistory: a GET, no Content-Type, an empty body."""
    request = RUN_HISTORY.request(None, version="v4", format="xml", base_url="https://pi")
    assert (request.method, request.body) == ("GET", b"")
    assert dict(request.headers) == {"Accept": "text/xml"}
    assert "Content-Type" not in request.headers


def test_requests_are_values() -> None:
    """Equal inputs make equal, hashable, picklable requests."""
    one, two = (
        CANCEL.request(
            JobOperationPayload(job_ids=[1]), version=2, format="json", base_url="https://pi"
        )
        for _ in range(2)
    )
    assert one == two
    assert hash(one) == hash(two)
    assert pickle.loads(pickle.dumps(one)) == one
    assert codec.Request("GET", "https://pi/x", {"Accept": "text/xml"}) == codec.Request(
        "GET", "https://pi/x", [("Accept", "text/xml")]
    )


WRONG_PAYLOADS = [
    (SUSPEND, JobRunOperationPayload(run_ids=[1])),
    (CANCEL_RUNNING, JobOperationPayload(job_ids=[1])),
    (RESUME, None),
    (CANCEL, {"jobIds": {"jobId": [1]}}),
    (RUN_HISTORY, JobOperationPayload(job_ids=[1])),
    (RUN_HISTORY, b""),
]


@pytest.mark.parametrize(("op", "payload"), WRONG_PAYLOADS)
def test_wrong_payload_type_is_a_type_error_before_encoding(
    monkeypatch: pytest.MonkeyPatch, op: Operation, payload: object
) -> None:
    """A payload of the wrong type is a TypeError, raised before anything is encoded."""

    def no_encoding(*args: object, **kwargs: object) -> bytes:
        raise AssertionError("encoded a payload of the wrong type")

    monkeypatch.setattr(_client, "encode", no_encoding)
    with pytest.raises(TypeError, match=op.name):
        op.request(payload, version=3, format="json", base_url="https://pi")


def test_bad_version_or_format() -> None:
    """An unknown version or format is an argument error, as everywhere."""
    payload = JobOperationPayload(job_ids=[1])
    with pytest.raises(codec.ArgumentError):
        SUSPEND.request(payload, version=5, format="json", base_url="https://pi")
    with pytest.raises(codec.ArgumentError):
        SUSPEND.request(payload, version=3, format="JSON", base_url="https://pi")
    with pytest.raises(codec.ArgumentError):
        SUSPEND.response(200, {}, b"", version=0)


# -- responses, alone -------------------------------------------------------------------------

JSON_ANSWER: Final = (GOLDEN / "v3_response.json").read_bytes()
XML_ANSWER: Final = (GOLDEN / "v3_response.xml").read_bytes()
EXPECTED_V3: Final = codec.decode(XML_ANSWER, MgmtResponse, version=3, format="xml")


@pytest.mark.parametrize(
    "headers",
    [
        {"Content-Type": "application/json"},
        {"content-type": "application/json; charset=UTF-8"},
        {"CONTENT-TYPE": "Application/JSON;charset=utf-8"},
        [("Content-Type", "application/json")],
        httpx.Headers({"Content-Type": "application/json"}),
        {},
        {"Content-Type": "text/html"},
        {"Content-Type": "text/plain; charset=us-ascii"},
    ],
)
def test_json_answer_with_any_headers(headers: Any) -> None:
    """A recognised Content-Type in any case and with parameters, or detection."""
    assert CANCEL_RUNNING.response(200, headers, JSON_ANSWER, version=3) == EXPECTED_V3


@pytest.mark.parametrize("content_type", ["text/xml", "application/xml", "TEXT/XML; charset=UTF-8"])
def test_xml_answer(content_type: str) -> None:
    """An XML answer decodes whatever XML content type names it."""
    assert (
        CANCEL_RUNNING.response(200, {"Content-Type": content_type}, XML_ANSWER, version=3)
        == EXPECTED_V3
    )


@pytest.mark.parametrize(
    ("content_type", "body"),
    [("text/xml", JSON_ANSWER), ("application/xml", JSON_ANSWER), ("application/json", XML_ANSWER)],
)
def test_content_type_wins_over_the_body(content_type: str, body: bytes) -> None:
    """A body that looks like the other format is read as the Content-Type says: it fails."""
    with pytest.raises(codec.DecodeError) as caught:
        CANCEL_RUNNING.response(200, {"Content-Type": content_type}, body, version=3)
    assert caught.value.code == "syntax"
    assert CANCEL_RUNNING.response(200, {}, body, version=3) == EXPECTED_V3


@pytest.mark.parametrize("status", [200, 201, 202, 299])
def test_any_2xx_decodes(status: int) -> None:
    """Every 2xx status decodes the body."""
    assert CANCEL_RUNNING.response(status, [], XML_ANSWER, version=3) == EXPECTED_V3


@pytest.mark.parametrize("body", [b"", b"   \n", GARBAGE, b"<mgmtResponse>", b'{"other": {}}'])
def test_2xx_that_does_not_decode(body: bytes) -> None:
    """A 2xx body that does not decode is a DecodeError."""
    with pytest.raises(codec.DecodeError):
        CANCEL_RUNNING.response(200, {}, body, version=3)


LOGIN_LOCATIONS = [
    "https://pi.example.com/webacs/pages/common/login.jsp",
    "http://pi.example.com:8080/webacs/pages/common/login.jsp?redirect=%2Fwebacs",
    "/webacs/pages/common/login.jsp",
    "/webacs/pages/common/login.jsp?next=/webacs/api/v3/op",
    "https://gw.example.com/pi/webacs/pages/common/login.jsp#form",
]
ELSEWHERE = [
    "/webacs/welcome.do",
    "https://pi.example.com/login.jsp",
    "/webacs/pages/common/login.jsp.old",
    "https://pi.example.com/?to=/webacs/pages/common/login.jsp",
]


@pytest.mark.parametrize("location", LOGIN_LOCATIONS)
@pytest.mark.parametrize("status", [302, 303, 307])
def test_redirect_to_login_is_an_authentication_error(location: str, status: int) -> None:
    """A redirect to the login page, absolute or relative, is an AuthenticationError."""
    with pytest.raises(codec.AuthenticationError) as caught:
        SUSPEND.response(status, {"Location": location}, b"", version=3)
    assert caught.value.location == location
    assert "authentication failed" in str(caught.value)


@pytest.mark.parametrize("location", [*ELSEWHERE, None])
def test_redirect_elsewhere_is_a_plain_api_error(location: str | None) -> None:
    """A redirect elsewhere is a plain ApiError."""
    headers = {} if location is None else {"Location": location}
    with pytest.raises(codec.ApiError) as caught:
        SUSPEND.response(302, headers, b"", version=3)
    assert type(caught.value) is codec.ApiError
    assert caught.value.location == location


@pytest.mark.parametrize(
    ("status", "cls"),
    [
        (401, codec.AuthenticationError),
        (503, codec.RateLimitedError),
        (400, codec.ApiError),
        (403, codec.ApiError),
        (404, codec.ApiError),
        (500, codec.ApiError),
        (502, codec.ApiError),
        (304, codec.ApiError),
        (199, codec.ApiError),
    ],
)
@pytest.mark.parametrize("fmt", FORMATS)
def test_status_classes_with_error_document(
    status: int, cls: type[codec.ApiError], fmt: str
) -> None:
    """Every non-2xx status raises its class, with the errorDocument decoded when sent."""
    body = ERROR_JSON if fmt == "json" else ERROR_XML
    with pytest.raises(codec.ApiError) as caught:
        SUSPEND.response(status, {"Content-Type": MEDIA[fmt]}, body, version=1)
    assert type(caught.value) is cls
    assert caught.value.status == status
    assert caught.value.error_document == ERROR_DOCUMENT
    assert caught.value.body == body


@pytest.mark.parametrize(
    ("headers", "body"),
    [
        ({}, b""),
        ({}, GARBAGE),
        ({"Content-Type": "application/json"}, b'{"errorDocument": {"httpResponseCode": "x"}}'),
        ({"Content-Type": "text/html"}, b"<html><body>Internal error</body></html>"),
        ({}, XML_ANSWER),  # a payload, but not an errorDocument
        ({"Content-Type": "application/xml"}, ERROR_JSON),  # the Content-Type wins here too
    ],
)
def test_error_without_a_readable_error_document(headers: dict[str, str], body: bytes) -> None:
    """A non-2xx body that does not decode still raises `ApiError`, never a codec error."""
    with pytest.raises(codec.ApiError) as caught:
        SUSPEND.response(500, headers, body, version=2)
    assert type(caught.value) is codec.ApiError
    assert caught.value.error_document is None
    assert caught.value.body == body
    assert str(caught.value).startswith("HTTP 500 Internal Server Error")


def test_headers_must_be_a_mapping_or_pairs() -> None:
    """Headers are a mapping or pairs; anything else is a TypeError."""
    with pytest.raises(TypeError):
        SUSPEND.response(200, "Content-Type: text/xml", XML_ANSWER, version=3)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        SUSPEND.response(200, ["Content-Type"], XML_ANSWER, version=3)  # type: ignore[list-item]


def test_bad_status_or_body() -> None:
    """A status that is not an HTTP status is an argument error; a body must be bytes-like."""
    with pytest.raises(codec.ArgumentError):
        SUSPEND.response(99, {}, XML_ANSWER, version=3)
    with pytest.raises(codec.ArgumentError):
        SUSPEND.response("200", {}, XML_ANSWER, version=3)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        SUSPEND.response(200, {}, XML_ANSWER.decode(), version=3)  # type: ignore[arg-type]
    assert SUSPEND.response(200, {}, bytearray(XML_ANSWER), version=3) == EXPECTED_V3  # type: ignore[arg-type]


def test_read_response_is_generic() -> None:
    """`read_response` works for any operation-like value and returns its response type."""

    @attrs.frozen
    class ErrorLookup:
        name: str = "lookup"
        method: str = "GET"
        request_type: None = None
        response_type: type[ErrorDocument] = ErrorDocument

        def path(self, *, version: int | str, format: str) -> str:
            return "/webacs/api/v3/op/lookup"

    document: ErrorDocument = read_response(ErrorLookup(), 200, {}, ERROR_XML, version=3)
    assert document == ERROR_DOCUMENT
    request = build_request(ErrorLookup(), None, version=3, format="xml", base_url="https://pi")
    assert request.url == "https://pi/webacs/api/v3/op/lookup"


# -- errors are values ------------------------------------------------------------------------

ERRORS: list[codec.ApiError] = [
    codec.ApiError(404, ERROR_DOCUMENT, ERROR_JSON),
    codec.ApiError(500, None, GARBAGE),
    codec.ApiError(302, None, b"", "/webacs/welcome.do"),
    codec.AuthenticationError(302, None, b"", LOGIN),
    codec.AuthenticationError(401, None, b"<html/>"),
    codec.RateLimitedError(503, None, b"Too many requests"),
    codec.ApiError(599),
]


@pytest.mark.parametrize("error", ERRORS, ids=[f"{type(e).__name__}-{e.status}" for e in ERRORS])
def test_api_errors_pickle_compare_and_print_the_same(error: codec.ApiError) -> None:
    """ApiErrors pickle, compare and print the same after the round trip."""
    again = pickle.loads(pickle.dumps(error))
    assert type(again) is type(error)
    assert again == error
    assert hash(again) == hash(error)
    assert str(again) == str(error)
    assert (again.status, again.error_document, again.body, again.location) == (
        error.status,
        error.error_document,
        error.body,
        error.location,
    )
    assert isinstance(error, codec.CodecError)
    assert isinstance(error, ValueError)
    assert str(error.status) in str(error)


def test_api_errors_compare_by_class_and_content() -> None:
    """ApiErrors are equal by class and content."""
    assert codec.ApiError(500) != codec.ApiError(502)
    assert codec.ApiError(401) != codec.AuthenticationError(401)
    assert codec.ApiError(404, ERROR_DOCUMENT) == codec.ApiError(404, ERROR_DOCUMENT)


def test_error_messages() -> None:
    """An ApiError says the status, its phrase and the server's message."""
    assert str(ERRORS[0]) == (
        "HTTP 404 Not Found: No such entity type as unkown.-PRS-102 [presentation.PRS-102]"
    )
    assert str(ERRORS[2]) == "HTTP 302 Found: redirected to /webacs/welcome.do"
    assert str(ERRORS[5]) == (
        "HTTP 503 Service Unavailable: no errorDocument in the body 'Too many requests' "
        "(rate limited: retry later)"
    )
    assert str(ERRORS[6]) == "HTTP 599"


# -- Retry-After, alone -----------------------------------------------------------------------

RETRY_AFTER: list[tuple[list[tuple[str, str]], timedelta | None]] = [
    ([("Retry-After", "120")], timedelta(seconds=120)),
    ([("retry-after", " 0 ")], timedelta(0)),
    ([("RETRY-AFTER", "007")], timedelta(seconds=7)),
    ([("Retry-After", "0" * 40 + "5")], timedelta(seconds=5)),  # leading zeros are no size
    ([("Retry-After", RETRY_AT), ("Date", SENT_AT)], timedelta(minutes=2)),
    (
        [("Retry-After", "Wednesday, 02-Dec-26 10:02:00 GMT"), ("Date", SENT_AT)],
        timedelta(minutes=2),
    ),
    ([("Retry-After", "Wed Dec  2 10:00:30 2026"), ("Date", SENT_AT)], timedelta(seconds=30)),
    ([("Retry-After", "Wed, 02 Dec 2026 10:00:60 GMT"), ("Date", SENT_AT)], timedelta(seconds=59)),
    ([("Retry-After", SENT_AT), ("Date", RETRY_AT)], timedelta(0)),  # already past: no wait
    ([], None),
    ([("Retry-After", "")], None),
    ([("Retry-After", "soon")], None),
    ([("Retry-After", "-5")], None),
    ([("Retry-After", "1.5")], None),
    ([("Retry-After", "\u0661\u0662")], None),  # Arabic-Indic digits are not HTTP's
    ([("Retry-After", "9" * 5000)], None),  # more digits than int() takes
    ([("Retry-After", "9" * 15)], None),  # more seconds than a timedelta holds
    ([("Retry-After", "Wed, 31 Feb 2026 10:00:00 GMT"), ("Date", SENT_AT)], None),
    ([("Retry-After", "Wed, 02 Foo 2026 10:00:00 GMT"), ("Date", SENT_AT)], None),
    ([("Retry-After", "Wed, 02 Dec 2026 25:00:00 GMT"), ("Date", SENT_AT)], None),
    ([("Retry-After", "Wed, 02 Dec 2026 10:00:00 PST"), ("Date", SENT_AT)], None),
    ([("Retry-After", "2026-12-02T10:02:00Z"), ("Date", SENT_AT)], None),
]


@pytest.mark.parametrize(("headers", "wait"), RETRY_AFTER)
def test_retry_after_both_forms_and_nothing_else(
    headers: list[tuple[str, str]], wait: timedelta | None
) -> None:
    """delta-seconds and the three HTTP-date forms (counted from Date) are read; anything
    else, or a value no `timedelta` holds, is None, never an error."""
    with pytest.raises(codec.RateLimitedError) as caught:
        SUSPEND.response(503, headers, b"", version=3)
    assert caught.value.retry_after == wait
    assert codec.RateLimitedError(503, headers=headers).retry_after == wait


def test_retry_after_date_without_a_date_header_counts_from_now() -> None:
    """An HTTP-date without the answer's Date (or with an unreadable one) counts from now."""
    far = "Fri, 01 Jan 2100 00:00:00 GMT"
    for headers in ([("Retry-After", far)], [("Retry-After", far), ("Date", "yesterday")]):
        wait = codec.RateLimitedError(503, headers=headers).retry_after
        assert wait is not None
        expected = datetime(2100, 1, 1, tzinfo=UTC) - datetime.now(UTC)
        assert abs(wait - expected) < timedelta(minutes=5)
    gone = codec.RateLimitedError(503, headers={"Retry-After": "Sun, 06 Nov 1994 08:49:37 GMT"})
    assert gone.retry_after == timedelta(0)


def test_a_two_digit_year_is_in_the_next_fifty() -> None:
    """RFC 850's two-digit year: more than 50 years ahead of this year means the past century."""
    this_year = datetime.now(UTC).year
    near = (this_year + 10) % 100
    far = (this_year + 60) % 100
    sent = "Sun, 06 Nov 1994 08:49:37 GMT"
    error = codec.RateLimitedError(
        503, headers={"Retry-After": f"Monday, 01-Jan-{near:02d} 00:00:00 GMT", "Date": sent}
    )
    assert error.retry_after is not None
    assert error.retry_after > timedelta(days=365 * 30)
    past = codec.RateLimitedError(
        503, headers={"Retry-After": f"Monday, 01-Jan-{far:02d} 00:00:00 GMT", "Date": sent}
    )
    assert past.retry_after == timedelta(0)  # a year before 1994's Date


# -- headers: kept, read-only, bytes or text --------------------------------------------------


def test_api_error_keeps_the_headers_read_only_and_case_blind() -> None:
    """Every header of a failed answer, in order, looked up in any case; not writable."""
    headers = [("Content-Type", "text/plain"), ("X-Request-Id", "r1"), ("x-request-id", "r2")]
    with pytest.raises(codec.ApiError) as caught:
        SUSPEND.response(500, headers, b"oops", version=3)
    kept = caught.value.headers
    assert kept["content-type"] == kept["CONTENT-TYPE"] == "text/plain"
    assert kept["X-REQUEST-ID"] == "r1"  # a repeated name: its first value
    assert list(kept) == ["Content-Type", "X-Request-Id", "x-request-id"]
    assert "x-missing" not in kept
    assert kept.get("x-missing") is None
    with pytest.raises(TypeError):
        kept["X-Request-Id"] = "forged"  # type: ignore[index]
    assert not isinstance(kept, dict)
    assert codec.ApiError(500).headers == {}


def test_api_errors_with_headers_are_values() -> None:
    """Errors with headers pickle and compare; header names compare without case and order."""
    one = codec.RateLimitedError(503, None, b"", None, {"Retry-After": "5", "Date": SENT_AT})
    two = codec.RateLimitedError(503, None, b"", None, [("date", SENT_AT), ("retry-after", "5")])
    assert one == two
    assert hash(one) == hash(two)
    again = pickle.loads(pickle.dumps(one))
    assert again == one
    assert again.headers == one.headers
    assert str(again) == str(one)
    assert again.retry_after == timedelta(seconds=5)
    assert one != codec.RateLimitedError(503, None, b"", None, {"Retry-After": "6"})


BYTES_HEADERS: list[Any] = [
    [(b"content-type", b"application/json")],
    [(b"Content-Type", "application/json")],
    [("Content-Type", b"application/json")],
    {b"content-type": b"application/json"},
    [[b"content-type", b"application/json"]],
    [(bytearray(b"content-type"), memoryview(b"application/json"))],
]


@pytest.mark.parametrize("headers", BYTES_HEADERS)
def test_bytes_headers_are_read(headers: Any) -> None:
    """Header names and values as bytes (h11's pairs), or mixed with text, are read: here the
    Content-Type makes XML bytes a JSON syntax error, as the text header does."""
    with pytest.raises(codec.UnexpectedResponseError) as caught:
        CANCEL_RUNNING.response(200, headers, XML_ANSWER, version=3)
    assert caught.value.code == "syntax"
    assert caught.value.headers["Content-Type"] == "application/json"
    assert CANCEL_RUNNING.response(200, headers, JSON_ANSWER, version=3) == EXPECTED_V3


def test_a_bytes_location_is_the_login_redirect() -> None:
    """A Location given as bytes is read, so a login redirect is an AuthenticationError."""
    headers = [(b"location", b"/webacs/pages/common/login.jsp;jsessionid=F00")]
    with pytest.raises(codec.AuthenticationError) as caught:
        SUSPEND.response(302, headers, b"", version=3)
    assert caught.value.location == "/webacs/pages/common/login.jsp;jsessionid=F00"


@pytest.mark.parametrize("raw", [b"caf\xe9", b"\xff\xfe\x00", b"\xc3\xa9", bytes(range(256))])
def test_header_bytes_are_latin_1(raw: bytes) -> None:
    """Every byte is a character, ISO-8859-1 (as h11 and http.client read fields): no
    UnicodeDecodeError, and UTF-8 bytes are not guessed at."""
    with pytest.raises(codec.ApiError) as caught:
        SUSPEND.response(500, [(b"X-Note", raw), ("X-Other", "ok")], b"", version=3)
    assert caught.value.headers["x-note"] == raw.decode("latin-1")
    assert caught.value.headers["x-note"].encode("latin-1") == raw


@pytest.mark.parametrize(
    ("headers", "words"),
    [
        ([("Retry-After", 5)], "header values must be str or bytes, got int"),
        ([(None, "x")], "header names must be str or bytes, got NoneType"),
        ({"Retry-After": None}, "header values must be str or bytes, got NoneType"),
        ([(b"a", b"b", b"c")], "pairs of name and value, got (b'a', b'b', b'c')"),
        (b"Content-Type: text/xml", "got bytes"),
        (42, "got int"),
    ],
)
def test_headers_of_another_kind_are_a_type_error_naming_it(headers: Any, words: str) -> None:
    """Neither text nor bytes: a TypeError that says what it got (not str()'s "None")."""
    with pytest.raises(TypeError) as caught:
        SUSPEND.response(500, headers, b"", version=3)
    assert words in str(caught.value)
    with pytest.raises(TypeError):
        codec.Request("GET", "https://pi/x", headers)


def test_request_headers_may_be_bytes() -> None:
    """A Request takes bytes pairs too, and equals the same request in text."""
    raw = codec.Request("GET", "https://pi/x", [(b"Accept", b"text/xml")])
    assert raw == codec.Request("GET", "https://pi/x", {"accept": "text/xml"})
    assert raw.headers["ACCEPT"] == "text/xml"


# -- a 2xx that does not decode, alone --------------------------------------------------------


@pytest.mark.parametrize("body", [b"", b"   \n", GARBAGE, b"<mgmtResponse>", b'{"other": {}}'])
def test_2xx_that_does_not_decode_keeps_status_headers_and_body(body: bytes) -> None:
    """An `UnexpectedResponseError`: a DecodeError carrying the answer, and printed as one."""
    headers = {"X-Request-Id": "r1"}
    with pytest.raises(codec.UnexpectedResponseError) as caught:
        CANCEL_RUNNING.response(201, headers, body, version=3)
    error = caught.value
    assert (error.status, error.body, error.headers["x-request-id"]) == (201, body, "r1")
    assert error.problems
    assert error.code == error.problems[0].code
    assert str(error).startswith("HTTP 201 Created: the body does not decode: ")
    assert str(error.problems[0]) in str(error)
    again = pickle.loads(pickle.dumps(error))
    assert again == error
    assert str(again) == str(error)
    assert hash(again) == hash(error)
    assert (again.status, again.headers, again.body) == (201, error.headers, body)


def test_unexpected_response_errors_compare_by_content() -> None:
    """Equal by problems, status, headers and body."""
    problem = codec.Problem("syntax", "$", "an empty body")
    one = codec.UnexpectedResponseError(problem, 200, {"A": "1"}, b"")
    assert one == codec.UnexpectedResponseError((problem,), 200, [("a", "1")], b"")
    assert one != codec.UnexpectedResponseError(problem, 204, {"A": "1"}, b"")
    assert one != codec.DecodeError(problem)


# -- login redirects with a session in the path -----------------------------------------------

SESSION_LOGINS = [
    "/webacs/pages/common/login.jsp;jsessionid=ABC",
    "/webacs/pages/common/login.jsp;jsessionid=ABC?redirect=%2Fwebacs%2Fapi",
    "https://pi.example.com/webacs/pages/common/login.jsp;jsessionid=0A1B2C3D",
    "https://pi.example.com:8443/webacs/pages/common/login.jsp;jsessionid=x?a=1#f",
    "/WEBACS/Pages/Common/LOGIN.JSP;JSESSIONID=abc",
    "/webacs;v=1/pages/common/login.jsp",
    " /webacs/pages/common/login.jsp;jsessionid=ABC ",
]
SESSION_ELSEWHERE = [
    "/webacs/welcome.do;jsessionid=ABC",
    "/webacs/pages/common/login.jspx;jsessionid=ABC",
    "/webacs/pages/common/login.jsp.old;jsessionid=ABC",
    "/webacs/pages/common;jsessionid=ABC",
    "https://pi.example.com/?next=/webacs/pages/common/login.jsp;jsessionid=ABC",
    "http://[::1/webacs/pages/common/login.jsp",  # not a URL at all
]


@pytest.mark.parametrize("location", SESSION_LOGINS)
def test_login_redirect_with_a_session_id(location: str) -> None:
    """``;jsessionid=`` (or any path parameter), a query, an absolute URL, any case: login."""
    with pytest.raises(codec.AuthenticationError) as caught:
        SUSPEND.response(302, {"Location": location}, b"", version=3)
    assert caught.value.location == location


@pytest.mark.parametrize("location", SESSION_ELSEWHERE)
def test_other_redirects_with_a_session_id_stay_plain(location: str) -> None:
    """A redirect elsewhere stays a plain ApiError, session id or not; a Location that is
    not a URL too, never a bare ValueError."""
    with pytest.raises(codec.ApiError) as caught:
        SUSPEND.response(302, {"Location": location}, b"", version=3)
    assert type(caught.value) is codec.ApiError


# -- an operation the user declares -----------------------------------------------------------


def _call(op: codec.OperationLike[codec.pi.OperationResponse[ProfileOpResults]]) -> None:
    """Type checkers take a user's operation where the public protocol is asked for."""


@pytest.mark.parametrize("version", [3, 4])
@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("sender", SENDERS)
def test_user_declared_delete_with_a_body_end_to_end(
    pi: FakePI, sender: str, version: int, fmt: str
) -> None:
    """A user's `codec.pi.ApiOperation`: a DELETE whose body the server receives and decodes,
    and whose answer decodes to the user's model."""
    _call(DELETE_PROFILES)
    payload = ProfileIds(profile_ids=[15, 25])
    request = DELETE_PROFILES.request(payload, version=version, format=fmt, base_url=pi.base_url)
    suffix = ".json" if fmt == "json" else ""
    assert request.url == f"{pi.base_url}/webacs/api/v{version}/op/apOnboarding/profile{suffix}"
    assert request.method == "DELETE"
    status, headers, body = SENDERS[sender](request)
    assert status == 200
    answer = DELETE_PROFILES.response(status, headers, body, version=version)
    assert answer == DELETE_PROFILES_ANSWER
    assert [r.success for r in answer.results[0].results] == [True, False]

    [received] = pi.received
    assert (received.method, received.path) == ("DELETE", request.url[len(pi.base_url) :])
    assert received.body == request.body != b""
    assert received.payload == payload
    assert received.headers["content-type"] == (
        "application/json" if fmt == "json" else "application/xml"
    )


def test_user_declared_operation_request_body_on_the_wire() -> None:
    """The body is the documented shape: profileIds > profileIds > profileId items."""
    request = DELETE_PROFILES.request(
        ProfileIds(profile_ids=[15, 25]), version=4, format="json", base_url="https://pi"
    )
    assert codec.decode(request.body, ProfileIds, version=4, format="json").profile_ids == (15, 25)
    assert request.body == b'{"profileIds":{"profileIds":{"profileId":[15,25]}}}'
    xml = DELETE_PROFILES.request(
        ProfileIds(profile_ids=[15]), version=4, format="xml", base_url="https://pi"
    ).body
    assert b"<profileIds><profileIds><profileId>15</profileId></profileIds></profileIds>" in xml


@pytest.mark.parametrize("sender", SENDERS)
def test_user_declared_operation_reads_pi_errors_end_to_end(pi: FakePI, sender: str) -> None:
    """A user's operation reads PI's errorDocument and login redirects as the shipped ones."""
    request = DELETE_PROFILES.request(
        ProfileIds(profile_ids=[1]), version=4, format="json", base_url=pi.base_url
    )
    for answer, cls in [
        ("not-found", codec.ApiError),
        ("login-jsessionid", codec.AuthenticationError),
    ]:
        status, headers, body = SENDERS[sender](request, **{ANSWER: answer})
        with pytest.raises(codec.ApiError) as caught:
            DELETE_PROFILES.response(status, headers, body, version=4)
        assert type(caught.value) is cls
    assert caught.value.status == 302
    assert [r.method for r in pi.received] == ["DELETE", "DELETE"]


@pytest.mark.parametrize(
    ("method", "resource", "words"),
    [
        ("DELETE ", "apOnboarding/profile", "method"),
        ("GET\r\nX-Injected: 1", "apOnboarding/profile", "method"),
        ("", "apOnboarding/profile", "method"),
        ("DELETE", "/apOnboarding/profile", "resource"),
        ("DELETE", "apOnboarding/profile?x=1", "resource"),
        ("DELETE", "apOnboarding/profile#top", "resource"),
        ("DELETE", "ap Onboarding/profile", "resource"),
        ("DELETE", "apOnboarding//profile", "resource"),
        ("DELETE", "apOnboarding/../data/Devices", "'..'"),
        ("DELETE", "./profile", "'.'"),
        ("DELETE", "apOnboarding/profile\n", "resource"),
        ("DELETE", "apOnboarding/%zz", "resource"),
    ],
)
def test_a_user_operation_is_checked_when_declared(method: str, resource: str, words: str) -> None:
    """A method that is not an HTTP token, or a resource that is not a clean relative path,
    is an ArgumentError when the operation is declared, before anything reaches a URL."""
    with pytest.raises(codec.ArgumentError, match="operation's") as caught:
        ApiOperation("bad", method, resource, ProfileIds, MgmtResponse)
    assert words in str(caught.value)


def test_a_user_operation_resource_may_hold_path_parameters() -> None:
    """Segments with %XX, ':' or '@' (a path parameter filled in) are a valid resource."""
    op = ApiOperation("instance", "DELETE", "pnp/profile/a%20b/instance/x:1@y", None, MgmtResponse)
    assert op.path(version=3, format="xml") == "/webacs/api/v3/op/pnp/profile/a%20b/instance/x:1@y"


def test_the_operation_types_are_public() -> None:
    """OperationLike, ErrorAnswers and ApiOperation are exported and documented."""
    assert {"OperationLike", "ErrorAnswers", "UnexpectedResponseError"} <= set(codec.__all__)
    assert "ApiOperation" in codec.pi.__all__
    assert codec.pi.ApiOperation is ApiOperation
    assert isinstance(DELETE_PROFILES, codec.ErrorAnswers)
    assert codec.OperationLike.__doc__
    assert "declare" in codec.OperationLike.__doc__


@pytest.mark.parametrize("status", [429, 503])
def test_too_many_requests_is_rate_limited_with_its_wait(status: int) -> None:
    """503 (PI's answer) and 429 (HTTP's Too Many Requests, from a gateway in front of PI)
    are both `RateLimitedError`, with the wait its ``Retry-After`` gives; other 4xx/5xx not."""
    headers = [(b"Retry-After", b"7"), (b"Content-Type", b"text/plain")]
    with pytest.raises(codec.RateLimitedError) as caught:
        SUSPEND.response(status, headers, b"slow down", version=3)
    assert caught.value.status == status
    assert caught.value.retry_after == timedelta(seconds=7)
    with pytest.raises(codec.ApiError) as other:
        SUSPEND.response(status + 1, headers, b"", version=3)
    assert type(other.value) is codec.ApiError
