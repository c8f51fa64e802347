"""`codec.infer_models` and ``python -m codec infer``: models inferred from captured payloads.

The round trip (``--check``) is the property: the vendor samples, and payloads the library
encodes from the shipped models and from every test model (`tests.models_all`) in every version
and format, decode with the inferred models and encode back equal to themselves.
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path
from typing import Any, Final

import pytest
from hypothesis import HealthCheck, given, settings

import codec
import codec.pi
from codec import __main__ as cli
from codec._infer import check_models, load_models, read_samples
from codec.testing import models
from tests.models_all import ROOTS

GOLDEN: Final = Path(__file__).parent / "golden"
ROOT: Final = Path(__file__).parent.parent
EXAMPLES: Final = 6


def _batch(cls: type[Any], version: int) -> list[bytes]:
    """Payloads the library writes for ``EXAMPLES`` drawn instances, in both formats."""
    found: list[bytes] = []

    @settings(
        max_examples=EXAMPLES,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
        deadline=None,
    )
    @given(models(cls, version=version))
    def collect(value: Any) -> None:
        for format in codec.FORMATS:
            found.append(codec.encode(value, version=version, format=format, type=cls))

    collect()
    return found


def _field_line(source: str, name: str) -> str:
    return next(line.strip() for line in source.splitlines() if line.strip().startswith(name))


def _comment_before(source: str, name: str) -> str:
    lines = source.splitlines()
    at = next(i for i, line in enumerate(lines) if line.strip().startswith(name))
    comments: list[str] = []
    for line in reversed(lines[:at]):
        if not line.strip().startswith("#"):
            break
        comments.insert(0, line.strip().lstrip("# "))
    return " ".join(comments)


@pytest.mark.parametrize("group", ["request", "response", ""], ids=["requests", "responses", "all"])
def test_golden_samples_check(
    group: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """infer --check passes on the vendor samples of jobService, each resource's files at once
    (and all of them together), and the answer is the shipped envelope of an inferred item."""
    monkeypatch.setattr(cli, "_TYPES", cli._TYPES)  # main() sets the types it knows
    paths = [str(p) for p in sorted(GOLDEN.iterdir()) if group in p.name]
    assert cli.main(["infer", "--check", *paths]) == 0
    out = capsys.readouterr().out
    if group != "request":
        assert "OperationResponse[OperationResult]" in out
        assert '@codec.model(element="operationResult", kw_only=True)' in out
    if group != "response":
        assert 'run_ids: Sequence[int] = codec.wrapped("runIds", "runId", default=())' in out


@pytest.mark.parametrize("version", sorted(codec.VERSIONS))
@pytest.mark.parametrize("cls", ROOTS, ids=lambda c: c.__name__)
def test_library_payloads_round_trip(cls: type[Any], version: int) -> None:
    """Payloads encoded from drawn instances of every shipped and test model, XML and JSON of
    one version, give models that read and write each of them back unchanged."""
    batch = _batch(cls, version)
    source = codec.infer_models(batch, version=version, check=True)
    assert check_models(source, read_samples(batch, version)) == []


DTOS: Final = (
    codec.pi.Device,
    codec.pi.AccessPoint,
    codec.pi.ClientDetail,
    codec.pi.Alarm,
    codec.pi.Event,
    codec.pi.InventoryDetails,
)


@pytest.mark.parametrize("version", sorted(codec.VERSIONS))
@pytest.mark.parametrize("dto", DTOS, ids=lambda c: c.__name__)
def test_data_api_pages_of_the_shipped_dtos_round_trip(dto: type[Any], version: int) -> None:
    """Pages of the shipped data models (``queryResponse`` of 20 to 60 fields a DTO, shapes
    that change between versions) give a `QueryResponse` of an inferred DTO that reads and
    writes each of them back unchanged."""
    kind: Any = codec.pi.QueryResponse[dto]  # type: ignore[valid-type]
    batch = _batch(kind, version)
    source = codec.infer_models(batch, version=version, check=True)
    assert check_models(source, read_samples(batch, version)) == []
    assert "QueryResponse[" in source


def test_v1_json_without_version_round_trips() -> None:
    """v1 JSON with no envelope URL nor ``\\/`` is read by v2's rules and still round-trips
    (its one-item lists are single elements, its attribute values strings)."""
    batch = [b for b in _batch(ROOTS[-2], 1) if b.startswith(b"{")]  # Choices
    source = codec.infer_models(batch, check=True)
    assert "class Choices" in source


def test_check_reports_what_differs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """--check exits 1 naming the sample, where it differs and both values, when the models
    cannot write a capture back (elements interleaved, which a model writes grouped)."""
    monkeypatch.setattr(cli, "_TYPES", cli._TYPES)
    sample = tmp_path / "mixed.xml"
    sample.write_text("<r><a>1</a><b>x</b><a>2</a></r>")
    assert cli.main(["infer", "--check", "-o", str(tmp_path / "m.py"), str(sample)]) == 1
    err = capsys.readouterr().err
    assert "$[2][1][0]: " in err
    assert "mixed.xml (v2)" in err
    assert "'b'" in err
    with pytest.raises(codec.DecodeError) as caught:
        codec.infer_models([sample], check=True)
    assert caught.value.path == "$[2][1][0]"
    assert (tmp_path / "m.py").read_text().startswith('"""Payload models inferred')


def test_value_kinds_and_optional_fields() -> None:
    """Kinds are those whose reader gives every sample back (PI's datetime form, not ``007``
    as an int), and a field absent from one sample is optional."""
    one = (
        b'<r id="7" on="true"><t>2017-05-01T11:35:45.745-05:00</t><n>007</n><f>1.5</f>'
        b"<i>-3</i><s>15</s></r>"
    )
    two = b'<r id="8"><t>2017-05-16T18:20:53.279Z</t><n>8</n><f>2.0</f><i>4</i><s>x</s></r>'
    source = codec.infer_models([one, two], check=True)
    assert _field_line(source, "id:") == "id: int = codec.attribute()"
    assert _field_line(source, "on:") == "on: bool | None = codec.attribute(default=None)"
    assert _field_line(source, "t:") == "t: datetime = codec.element()"
    assert _field_line(source, "n:") == "n: str = codec.element()"
    assert _field_line(source, "f:") == "f: float = codec.element()"
    assert _field_line(source, "i:") == "i: int = codec.element()"
    assert _field_line(source, "s:") == "s: str = codec.element()"
    assert "from datetime import datetime" in source


def test_ambiguities_are_commented() -> None:
    """One item everywhere (list or not?) and values empty everywhere (which kind?) are said
    at the field; a second sample with two items settles the list, and its comment goes."""
    one = b"<r><ids><id>1</id></ids><item><a>1</a></item><e></e></r>"
    source = codec.infer_models([one], check=True)
    assert "one 'id' in every sample: declared a list" in _comment_before(source, "ids:")
    assert "one in every sample: declared single" in _comment_before(source, "item:")
    assert "empty in every sample: the kind is unknown" in _comment_before(source, "e:")
    two = b"<r><ids><id>1</id><id>2</id></ids><item><a>1</a></item><e></e></r>"
    settled = codec.infer_models([one, two], check=True)
    assert _comment_before(settled, "ids:") == ""
    assert _field_line(settled, "ids:").startswith("ids: Sequence[int] = codec.wrapped(")


def test_v1_collapsed_item_is_a_list_where_another_sample_has_several() -> None:
    """v1 JSON writes a one-item list as the item: another sample's array makes it a list."""
    url = b'"@requestUrl":"https:\\/\\/h\\/webacs\\/api\\/v1\\/op"'
    one = b'{"r":{' + url + b',"job":{"id":1}}}'
    two = b'{"r":{' + url + b',"job":[{"id":1},{"id":2}]}}'
    source = codec.infer_models([one, two], check=True)
    assert _field_line(source, "job:") == 'job: Sequence[Job] = codec.repeated("job", default=())'


def test_envelopes_are_the_shipped_ones() -> None:
    """queryResponse (with .full and without) and mgmtResponse are expressed with
    QueryResponse[T], EntityIds and OperationResponse[T], T declaring its element."""
    full = (
        b'<queryResponse last="0" first="0" count="1" type="Devices" '
        b'responseType="listEntityInstances" '
        b'requestUrl="https://h/webacs/api/v3/data/Devices?.full=true" '
        b'rootUrl="https://h/webacs/api/v3/data">'
        b'<entity dtoType="devicesDTO" type="Devices" url="https://h/webacs/api/v3/data/Devices/7">'
        b'<devicesDTO displayName="wlc" id="7"><collectionTime>2020-07-27T17:28:02.000Z'
        b"</collectionTime><deviceName>wlc</deviceName></devicesDTO></entity></queryResponse>"
    )
    ids = (
        b'{"queryResponse":{"@count":2,"@requestUrl":"https://h/webacs/api/v3/data/Devices",'
        b'"entityId":[{"$":7,"@type":"Devices"},{"$":8,"@type":"Devices"}]}}'
    )
    ops = (
        b'<mgmtResponse responseType="operation"><rogueAccessPointDTO><mac>aa</mac>'
        b"</rogueAccessPointDTO><rogueAccessPointDTO><mac>bb</mac></rogueAccessPointDTO>"
        b"</mgmtResponse>"
    )
    source = codec.infer_models([full, ids, ops], check=True)
    assert "from codec.pi import EntityIds, OperationResponse, QueryResponse" in source
    assert '@codec.model(element="devicesDTO")' in source
    assert '@codec.model(element="rogueAccessPointDTO")' in source
    assert "QueryResponse[DevicesDTO]," in source
    assert "EntityIds," in source
    assert "OperationResponse[RogueAccessPointDTO]," in source
    namespace = load_models(source)
    page = codec.decode(full, namespace["PAYLOADS"][0], version=3, format="xml")
    assert page.entities[0].dto.device_name == "wlc"


#: Names no Python name may be taken from as they stand, and a file name that is code.
HOSTILE_XML: Final = (
    b'<class xmlns:ns="urn:x" self="1" value="v" for="2"><for-each>1</for-each><a.b>x</a.b>'
    b"<ns:x>y</ns:x><int>3</int><PAYLOADS>z</PAYLOADS><_9>0</_9><codec>c</codec>"
    b'<import><os value="1">t</os></import></class>'
)
HOSTILE_FILE: Final = 'a"; import os\nos.system("x")  #.xml'


def _hostile_source(tmp_path: Path) -> str:
    tmp_path.mkdir(exist_ok=True)
    path = tmp_path / HOSTILE_FILE
    path.write_bytes(HOSTILE_XML)
    return codec.infer_models([path], check=True)


def test_hostile_names_make_safe_valid_code(tmp_path: Path) -> None:
    """Keywords, non-identifiers, prefixed names and names the module uses become checked
    Python names with the wire name given (by repr); a file name holding code stays in the
    docstring as a repr; the module imports nothing but its own imports."""
    source = _hostile_source(tmp_path)
    tree = ast.parse(source)
    imports = [ast.unparse(n) for n in tree.body if isinstance(n, ast.Import | ast.ImportFrom)]
    assert imports == [
        "from collections.abc import Sequence",
        "from typing import Any, Final",
        "import codec",
    ] or imports == ["from typing import Any, Final", "import codec"]
    assert ast.get_docstring(tree) is not None
    assert repr(str(tmp_path / HOSTILE_FILE)) in str(ast.get_docstring(tree, clean=False))
    assert "\nos.system" not in source
    assert _field_line(source, "for_:") == "for_: int = codec.attribute()"  # wire name: for
    assert _field_line(source, "self_:") == "self_: int = codec.attribute()"
    assert _field_line(source, "for_each:") == 'for_each: int = codec.element("for-each")'
    assert _field_line(source, "a_b:") == 'a_b: str = codec.element("a.b")'
    assert _field_line(source, "x:") == 'x: str = codec.element("ns:x")'
    assert _field_line(source, "int_:") == "int_: int = codec.element()"
    assert 'namespaces={"ns": "urn:x"}' in source
    assert "class Class_:" in source or "class Class:" in source
    with pytest.raises(codec.DecodeError) as caught:
        codec.infer_models([b'{"r":{"a\\"; import os":1}}'])
    assert caught.value.path == '$.r.a"; import os'
    assert "not an XML name" in caught.value.message


def test_generated_source_passes_ruff_and_mypy(tmp_path: Path) -> None:
    """The generated files are ruff format clean, pass ruff check (its defaults and this
    project's rules) and mypy --strict: one with every field helper and kind, one of hostile
    names."""
    batch = [*_batch(ROOTS[2], 2), *_batch(ROOTS[7], 2)]  # MgmtResponse, Lists
    files = [tmp_path / "models.py", tmp_path / "hostile.py"]
    files[0].write_text(codec.infer_models([*batch, GOLDEN], version=2))
    files[1].write_text(_hostile_source(tmp_path / "in"))
    names = [str(f) for f in files]
    run = [sys.executable, "-m"]
    config = ["--config", str(ROOT / "pyproject.toml")]
    env = {**os.environ, "PYTHONPATH": str(ROOT), "MYPYPATH": str(ROOT)}
    for command in (
        [*run, "ruff", "format", "--isolated", "--check", *names],
        [*run, "ruff", "check", "--isolated", *names],
        [*run, "ruff", "check", *config, *names],
        [*run, "mypy", "--strict", "--no-incremental", *names],
    ):
        done = subprocess.run(
            command, capture_output=True, text=True, cwd=tmp_path, env=env, check=False
        )
        assert done.returncode == 0, f"{command[2:4]}: {done.stdout}{done.stderr}"


def _vendor_reconstructions() -> dict[str, list[bytes]]:
    """The payload of each vendor sample and server capture indexed in ``tests/vendor/`` that
    the golden tests rebuild (their instance, encoded as the sample's version and format; it
    shows every quote of the sample), grouped by resource. The samples themselves may not be
    kept whole: see ``tests/vendor/README.md``."""
    from .test_captures_golden import CAPTURE_CASES
    from .test_vendor_golden import ENTRIES, FRAGMENT_CASES

    groups: dict[str, list[bytes]] = {}
    for entry_id, cls, instance in [*FRAGMENT_CASES, *CAPTURE_CASES]:
        entry = ENTRIES[entry_id]
        version = int(entry["version"][1:])
        payload = codec.encode(instance, version=version, format=entry["format"], type=cls)
        groups.setdefault(entry["resource"], []).append(payload)
    return groups


@pytest.mark.parametrize("resource", sorted(_vendor_reconstructions()))
def test_every_vendor_sample_rebuilt_checks_grouped_by_resource(resource: str) -> None:
    """infer --check over each resource's vendor samples and server captures (as the golden
    tests rebuild them): every one decodes with the inferred models and re-encodes equal to
    itself."""
    batch = _vendor_reconstructions()[resource]
    source = codec.infer_models(batch, check=True)
    assert "PAYLOADS" in source
