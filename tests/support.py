"""What several test modules share: the vendor samples' versions and a command-line runner."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parent.parent

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
