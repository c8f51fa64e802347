"""Every ``python`` block of README.md runs as written.

The blocks run in README order in one module, as a reader's session would, given the names the
README says they assume: ``base_url`` (here the fake PI server of ``test_client.py``), ``raw``
(a payload received: the v3 JSON response sample) and ``data`` (captured bytes: the v2 JSON
response sample). The module is registered while they run, as a script's would be, so that
models declared in a block resolve their annotations.
"""

from __future__ import annotations

import re
import sys
import types
from collections.abc import Iterator
from pathlib import Path
from typing import Final

import pytest

import codec
from codec.jobservice import JobRunOperationPayload

from .test_client import ANSWER_PREFIX, FakePI, running_fake_pi

ROOT: Final = Path(__file__).parent.parent
GOLDEN: Final = Path(__file__).parent / "golden"
BLOCK: Final = re.compile(r"^```python\n(.*?)^```\s*$", re.MULTILINE | re.DOTALL)


def python_blocks() -> list[str]:
    return BLOCK.findall((ROOT / "README.md").read_text(encoding="utf-8"))


@pytest.fixture
def pi() -> Iterator[FakePI]:
    with running_fake_pi() as server:
        yield server


def test_readme_has_the_documented_examples() -> None:
    """The usage, client and validation examples are all found (so all of them run)."""
    blocks = python_blocks()
    assert len(blocks) >= 3
    assert any(".request(" in b and "base_url=base_url" in b for b in blocks)


def test_readme_python_blocks_run(pi: FakePI) -> None:
    """All blocks run; the client example reaches the server with its payload."""
    module = types.ModuleType("readme_examples")
    module.__dict__.update(
        base_url=pi.base_url,
        raw=(GOLDEN / "v3_response.json").read_bytes(),
        data=(GOLDEN / "v2_response.json").read_bytes(),
    )
    sys.modules[module.__name__] = module
    try:
        for number, block in enumerate(python_blocks(), 1):
            # dont_inherit: the blocks get no __future__ import from this file
            code = compile(block, f"README.md python block {number}", "exec", dont_inherit=True)
            exec(code, module.__dict__)
    finally:
        del sys.modules[module.__name__]
    [received] = pi.received
    assert received.method == "PUT"
    assert received.path == "/webacs/api/v3/op/jobService/cancelrunning.json"
    assert received.payload == JobRunOperationPayload(run_ids=[15, 25])
    assert received.headers["authorization"].startswith("Basic ")
    assert isinstance(module.request, codec.Request)  # the client example's names
    assert module.reply.status_code == 200
    assert module.answer.operation_results[0].success[0].id == 2


def client_block() -> str:
    [block] = [b for b in python_blocks() if "base_url=base_url" in b]
    return block


@pytest.mark.parametrize(
    ("answer", "printed"),
    [
        ("unauthorized", "PI refused the credentials"),
        ("login", "PI refused the credentials"),
        ("not-found", "404 ErrorDocument(http_response_code=404"),
        ("busy", "retry after 0:00:01"),
    ],
)
def test_readme_client_example_handles_failures(
    pi: FakePI, capsys: pytest.CaptureFixture[str], answer: str, printed: str
) -> None:
    """The client example's ``except`` branches, reached through a fake-server path prefix."""
    code = compile(client_block(), "README.md client example", "exec", dont_inherit=True)
    exec(code, {"base_url": f"{pi.base_url}{ANSWER_PREFIX}{answer}"})
    assert printed in capsys.readouterr().out
    [received] = pi.received
    assert received.payload == JobRunOperationPayload(run_ids=[15, 25])
