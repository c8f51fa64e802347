"""The client helpers: `Operation.request` and `Operation.response`, alone and end to end.

End to end, a small fake PI server (`FakePI`, also used by ``test_readme.py``) serves the
jobService operations for versions 1 to 4 in both formats at
``[prefix]/webacs/api/vN/op/jobService/<op>[.json]``. It decodes each request body with codec,
records what it received, and answers the vendor samples of ``tests/golden/`` (v4: v3's, with
the version in the URLs replaced; ``runhistory``, which has no sample: a model encoded with
codec for the version asked). The request header ``X-Fake-Answer: <answer>``, or the path
prefix ``/fake-answer/<answer>`` (for code that sends no header of its own), or a path outside
the jobService makes it answer an ``errorDocument`` 404, a 401, a redirect to the login page or
elsewhere, a 503, or a 2xx or 500 carrying garbage. Clients drive it through ``httpx`` and
``urllib.request``; every request has a timeout, and the server thread is joined at the end.
"""

from __future__ import annotations

import contextlib
import pickle
import re
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping
from datetime import datetime
from http.client import HTTPMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
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

ROUTE: Final = re.compile(
    r"(?P<prefix>(?:/[^/]+)*?)/webacs/api/v(?P<version>[1-4])/op/jobService/"
    r"(?P<op>[a-z]+)(?P<suffix>\.json|\.xml)?"
)
BY_RESOURCE: Final = {op.resource.rsplit("/", 1)[1]: op for op in OPERATIONS}


def sample_answer(op: Operation, version: int, fmt: str) -> bytes:
    """The bytes the fake server answers for a successful call."""
    if op is RUN_HISTORY:
        return codec.encode(RUN_HISTORY_ANSWER, version=version, format=fmt)
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


class FakePI(ThreadingHTTPServer):
    """A fake PI on 127.0.0.1 and a free port; see the module documentation."""

    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self._lock = threading.Lock()
        self._received: list[Received] = []

    @property
    def base_url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host!s}:{port}"

    def record(self, received: Received) -> None:
        with self._lock:
            self._received.append(received)

    @property
    def received(self) -> list[Received]:
        with self._lock:
            return list(self._received)

    def clear(self) -> None:
        with self._lock:
            self._received.clear()


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

    def _answer(self, status: int, body: bytes = b"", **headers: str) -> None:
        self.send_response(status)
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
        op = BY_RESOURCE.get(match["op"]) if match else None
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
        elif special == "redirect":
            self._answer(302, Location="/webacs/welcome.do")
        elif special == "busy":
            self._answer(503, b"Too many requests", Content_Type="text/plain", Retry_After="1")
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
    server = FakePI()
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.daemon = True
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(TIMEOUT)
        assert not thread.is_alive(), "the fake server's thread did not stop"


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


SENDERS = {"httpx": send_httpx, "urllib": send_urllib}


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
    ("redirect", codec.ApiError, 302),
    ("busy", codec.RateLimitedError, 503),
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
    assert len(pi.received) == 1  # the redirect was not followed


@pytest.mark.parametrize("answer", ["garbage", "mislabelled"])
@pytest.mark.parametrize("fmt", FORMATS)
def test_a_2xx_that_does_not_decode_is_a_decode_error(pi: FakePI, answer: str, fmt: str) -> None:
    """Garbage, or a sample under the other format's Content-Type, in a 200: `DecodeError`."""
    request = RESUME.request(payload_for(RESUME), version=4, format=fmt, base_url=pi.base_url)
    status, headers, body = send_httpx(request, **{ANSWER: answer})
    assert status == 200
    with pytest.raises(codec.DecodeError):
        RESUME.response(status, headers, body, version=4)


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
