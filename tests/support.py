"""What several test modules share: the vendor samples' versions, a command-line runner and
the scaffold of the fake servers on loopback."""

from __future__ import annotations

import contextlib
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Final, Generic, TypeVar

ROOT = Path(__file__).parent.parent
#: how long a fake server's thread may take to stop
SERVER_TIMEOUT: Final = 10.0
R = TypeVar("R")

#: Each vendor sample in tests/golden and the API versions it is valid for: XML requests carry
#: nothing version-specific, JSON list shapes and response URLs do.
SAMPLE_VERSIONS: list[tuple[str, tuple[int, ...]]] = [
    ("v1_request.json", (1,)),
    ("v1_request.xml", (1, 2, 3, 4)),
    ("v1_response.json", (1,)),
    ("v1_response.xml", (1,)),
    ("v2_request.json", (2, 3, 4)),
    ("v2_request.xml", (1, 2, 3, 4)),
    ("v2_response.json", (2,)),
    ("v2_response.xml", (2,)),
    ("v3_request.json", (1, 2, 3, 4)),
    ("v3_request.xml", (1, 2, 3, 4)),
    ("v3_response.json", (3,)),
    ("v3_response.xml", (3,)),
]


def run_cli(*args: str, stdin: bytes = b"") -> subprocess.CompletedProcess[str]:
    """Run ``python -m codec ARGS`` from the repository root; it never prints a traceback."""
    result = subprocess.run(
        [sys.executable, "-m", "codec", *args],
        cwd=ROOT,
        input=stdin.decode("latin-1"),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert "Traceback" not in result.stderr, result.stderr
    return result


class LoopbackServer(ThreadingHTTPServer, Generic[R]):
    """A fake server on 127.0.0.1 and a free port, answering with ``handler``, that records
    what it received (``R`` a request): the scaffold of the fake PI servers."""

    daemon_threads = True

    def __init__(self, handler: type[BaseHTTPRequestHandler]) -> None:
        super().__init__(("127.0.0.1", 0), handler)
        self._lock = threading.Lock()
        self._received: list[R] = []

    @property
    def base_url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host!s}:{port}"

    def record(self, received: R) -> None:
        with self._lock:
            self._received.append(received)

    @property
    def received(self) -> list[R]:
        with self._lock:
            return list(self._received)

    def clear(self) -> None:
        with self._lock:
            self._received.clear()


S = TypeVar("S", bound=LoopbackServer[Any])


@contextlib.contextmanager
def running(server: S) -> Iterator[S]:
    """``server`` started on a thread; shut down, closed and its thread joined on exit."""
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.daemon = True
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(SERVER_TIMEOUT)
        assert not thread.is_alive(), "the fake server's thread did not stop"
