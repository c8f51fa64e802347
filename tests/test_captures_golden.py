"""Golden tests on the real servers' answers recorded in ``tests/vendor/index.json`` (kind
``server-capture``): what live PI and EPN Manager servers send, beside what the vendor's
samples show (``tests/test_vendor_golden.py`` tests those, and this file works the same way).

For each capture: the model that reads it (the shipped `codec.jobservice.MgmtResponse` for
``runhistory``, the shipped DTOs of `codec.pi` for ``AccessPoints`` and ``InventoryDetails``,
models declared here with the public API for the other data resources), an instance
holding the values the capture shows (written from the values read, never copied: the
captures stay where they are, see ``tests/vendor/README.md``), the capture's quotes found in
the instance's encoding in the capture's version and format, and that encoding decoded back,
lenient and strict, with `codec.validate` fitting it to that version.

The runhistory captures show v1's own rules: element text typed by its content
(``"property": 1254261``) and an empty wrapper written ``""`` (``"results": ""`` on runs
still ``RUNNING``): both reproduced here (see `codec._versions`).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, Final

import orjson
import pytest

import codec
from codec.jobservice import (
    RUN_HISTORY,
    Job,
    JobStatus,
    MgmtResponse,
    PropertyAndValue,
    ResultStatus,
    RunInstance,
    RunStatus,
)
from codec.pi import AccessPoint, Entity, InventoryDetails, QueryResponse
from codec.pi.access_points import ApAdminStatus
from codec.pi.inventory import Chassis, EthernetInterface, InventorySummary
from codec.pi.values import AlarmSeverity

from .test_vendor_golden import ENTRIES, _squeeze, assert_decodes_back

VERSIONS: Final = (1, 2, 3, 4)
FORMATS: Final = ("xml", "json")

#: Server captures of the index not reproduced here, and why.
NOT_DECLARED: Final[dict[str, str]] = {
    "wlancontrollers/checkmk_v4_full": "WlanControllers DTO not declared here yet",
    "clientcounts/checkmk_v1_full": "ClientCounts DTO not declared here yet",
}


def _at(text: str) -> datetime:
    return datetime.fromisoformat(text)


# --------------------------------------------------------------------------- runhistory

DEPLOY: Final = "Cli Template Deploy for IOS devices"
DEPLOY_TYPE: Final = "CliTemplateDeployIOSDevices"
APPLIED: Final = "1/1 template configurations successfully applied."


def _op(host: str) -> str:
    return f"https://{host}/webacs/api/v1/op"


def _url(host: str, start: str, end: str) -> str:
    """The request URL the server echoed: its ``&`` escaped as ``&amp;`` (text, not markup)."""
    return (
        f"{_op(host)}/jobService/runhistory?jobName=startsWith(%22Job%22)"
        f"&amp;startTime=between(%22{start}%22,%22{end}%22)"
    )


def _configlet(device: str, lines: str) -> str:
    """The result a device id names: the configlet sent and the device's answer (cut here)."""
    return f"configlet:\n{lines}\n response:\n<cliChunks><cliChunk><cli>terminal width 0 ({device})"


def _job(
    job_id: int,
    name: str,
    run: RunInstance,
    *,
    status: JobStatus = JobStatus.COMPLETED,
    next_run: str | None = None,
) -> Job:
    return Job(
        description=DEPLOY,
        job_id=job_id,
        job_name=name,
        job_status=status,
        job_type=DEPLOY_TYPE,
        next_run_time=None if next_run is None else _at(next_run),
        run_instances=[run],
    )


def _run(
    run_id: int,
    start: str,
    end: str | None,
    results: Sequence[PropertyAndValue],
    outcome: ResultStatus | None = ResultStatus.SUCCESS,
) -> RunInstance:
    """A run: finished (``end``, ``outcome``) or, without them, still ``RUNNING``."""
    return RunInstance(
        completion_time=None if end is None else _at(end),
        last_start_time=_at(start),
        result_status=outcome if end is not None else None,
        results=results,
        run_id=run_id,
        run_status=RunStatus.COMPLETED if end is not None else RunStatus.RUNNING,
    )


def _results(job_name: str, device: int, lines: str, summary: str = APPLIED) -> list[Any]:
    return [
        PropertyAndValue(property=job_name, value=summary),
        PropertyAndValue(property=str(device), value=_configlet(str(device), lines)),
    ]


N1 = "JobCliTemplateDeployIOSDevices11_35_15_688_AM_05_01_2017"
N2 = "JobCliTemplateDeployIOSDevices11_35_16_269_AM_05_01_2017"
TWELVE_JOBS: Final = MgmtResponse(
    response_type="operation",
    request_url=_url("198.18.134.7", "2017-05-01T11:35:13", "2017-05-01T11:35:50"),
    root_url=_op("198.18.134.7"),
    jobs=[
        _job(
            8913733,
            N1,
            _run(
                9573044,
                "2017-05-01T11:35:45.745-05:00",
                "2017-05-01T11:35:46.764-05:00",
                _results(N1, 1254261, "interface Gig4\ncdp enable\nno shutdown"),
            ),
        ),
        _job(
            8913734,
            N2,
            _run(
                9573045,
                "2017-05-01T11:35:46.309-05:00",
                "2017-05-01T11:35:47.330-05:00",
                _results(N2, 1254261, "interface Gig2\ncdp enable\nno shutdown"),
            ),
        ),
    ],
)

S1 = "JobCliTemplateDeployIOSDevices12_54_50_858_PM_05_01_2017"
S2 = "JobCliTemplateDeployIOSDevices12_54_52_957_PM_05_01_2017"
OSPF = "interface Gig2\n ip ospf 1 area 0"
SCHEDULED: Final = MgmtResponse(
    response_type="operation",
    request_url=_url("198.18.134.7", "2017-05-01T12:54:36", "2017-05-01T12:56:10"),
    root_url=_op("198.18.134.7"),
    jobs=[
        _job(
            9587004,
            S1,
            _run(
                9591860,
                "2017-05-01T12:55:20.907-05:00",
                "2017-05-01T12:55:21.926-05:00",
                _results(S1, 1254261, OSPF),
            ),
            status=JobStatus.SCHEDULED,
            next_run="2017-05-01T12:55:20.860-05:00",
        ),
        _job(
            9587008,
            S2,
            _run(9591887, "2017-05-01T12:55:23.014-05:00", None, _results(S2, 1254259, OSPF)[::-1]),
            status=JobStatus.SCHEDULED,
            next_run="2017-05-01T12:55:22.958-05:00",
        ),
    ],
)

F1 = "JobCliTemplateDeployIOSDevices02_51_22_562_PM_05_08_2017"
F2 = "JobCliTemplateDeployIOSDevices02_51_30_714_PM_05_08_2017"
FAILURE: Final = MgmtResponse(
    response_type="operation",
    request_url=_url("tme-storm", "2017-05-08T14:51:15", "2017-05-08T14:53:21"),
    root_url=_op("tme-storm"),
    jobs=[
        _job(
            253577747,
            F1,
            _run(
                273471845,
                "2017-05-08T14:51:52.592Z",
                "2017-05-08T14:51:53.610Z",
                [
                    # the inner double space is the server's
                    PropertyAndValue(
                        "112401328", "Invalid var Values  for given template's variables"
                    ),
                    PropertyAndValue(F1, "0/1 template configurations successfully applied."),
                ],
                ResultStatus.FAILURE,
            ),
        ),
        _job(253577756, F2, _run(273471857, "2017-05-08T14:52:00.751Z", None, [])),
    ],
)

M1 = "JobCliTemplateDeployIOSDevices06_19_31_651_PM_05_16_2017"
M2 = "JobCliTemplateDeployIOSDevices06_20_23_278_PM_05_16_2017"
M3 = "JobCliTemplateDeployIOSDevices06_20_17_051_PM_05_16_2017"
SEVENTY_THREE_JOBS: Final = MgmtResponse(
    response_type="operation",
    request_url=_url("tme-storm", "2017-05-16T18:19:01", "2017-05-16T18:21:23"),
    root_url=_op("tme-storm"),
    jobs=[
        _job(
            273620913,
            M1,
            _run(
                282800294,
                "2017-05-16T18:20:01.680Z",
                "2017-05-16T18:20:07.696Z",
                _results(M1, 112401323, "router ospf 1\n  router-id 192.168.4.7")[::-1],
            ),
        ),
        _job(
            273620957,
            M2,
            _run(282800401, "2017-05-16T18:20:55.473Z", None, []),
            status=JobStatus.SCHEDULED,
            next_run="2017-05-16T18:20:53.279Z",
        ),
        _job(273620950, M3, _run(282800387, "2017-05-16T18:20:48.525Z", None, [])),
    ],
)

RUN_HISTORY_ANSWERS: Final = (TWELVE_JOBS, SCHEDULED, FAILURE, SEVENTY_THREE_JOBS)

# --------------------------------------------------------------------------- data API


@codec.model(element="cliTemplateDTO")
class CliTemplate:
    display_name: str | None = codec.attribute(default=None)
    id: int | None = codec.attribute(default=None)
    author: str | None = codec.element(default=None)
    created_on: datetime | None = codec.element(default=None)
    deploy_count: int | None = codec.element(default=None)
    description: str | None = codec.element(default=None)
    last_deploy_time: datetime | None = codec.element(default=None)
    name: str | None = codec.element(default=None)
    path: str | None = codec.element(default=None)
    template_id: int | None = codec.element(default=None)


ADAM: Final = "https://adam-pi/webacs/api/v1/data"
CLI_TEMPLATE: Final = QueryResponse(
    type="CliTemplate",
    response_type="getEntity",
    request_url=f"{ADAM}/CliTemplate/541541?.full=true",
    root_url=ADAM,
    entities=[
        Entity(
            dto_type="cliTemplateDTO",
            type="CliTemplate",
            url=f"{ADAM}/CliTemplate/541541",
            dto=CliTemplate(
                display_name="541541",
                id=541541,
                author="Cisco Systems",
                created_on=_at("2016-05-15T16:00:10.680+10:00"),
                deploy_count=2,
                description="Configure Interface",
                last_deploy_time=_at("2016-05-22T12:09:07.096+10:00"),
                name="Configure Interface",
                path="CLI Templates/System Templates - CLI",
                template_id=541541,
            ),
        )
    ],
)


PI3: Final = "https://primeinfra3.corporate.com/webacs/api/v3/data"
PORT: Final = 1_000_000_000
INVENTORY: Final = QueryResponse(
    type="InventoryDetails",
    response_type="getEntity",
    request_url=f"{PI3}/InventoryDetails/805143339",
    root_url=PI3,
    entities=[
        Entity(
            dto_type="inventoryDetailsDTO",
            type="InventoryDetails",
            url=f"{PI3}/InventoryDetails/805143339",
            dto=InventoryDetails(
                display_name="805143339",
                id=805143339,
                chassis=[Chassis("Cisco Prime Virtual Network Analysis Module ESXi", "1", "ESX")],
                ethernet_interfaces=[
                    EthernetInterface(admin_status="UP", mtu=1500, name="DATA PORT", speed=PORT),
                    EthernetInterface(admin_status="UP", mtu=1500, name="MGMT PORT", speed=PORT),
                ],
                summary=InventorySummary(
                    799446649, "REACHABLE", _at("2018-03-29T09:49:43.000Z"), 19591766455
                ),
            ),
        )
    ],
)

CHECKMK: Final = "https://hello.world.de/webacs/api/v1/data/AccessPoints"


def _ap(id: int, **fields: Any) -> Entity[AccessPoint]:
    """One access point of the Checkmk v1 answer: every one enabled, no HREAP, ``DE``."""
    dto = AccessPoint(
        display_name=str(id),
        id=id,
        admin_status=ApAdminStatus.ENABLE,
        country_code="DE",
        hreap_enabled=False,
        **fields,
    )
    return Entity(dto_type="accessPointsDTO", type="AccessPoints", url=f"{CHECKMK}/{id}", dto=dto)


def _counts(total: int = 0, band_2_4: int = 0, band_5: int = 0) -> dict[str, int]:
    return {"client_count": total, "client_count_2_4ghz": band_2_4, "client_count_5ghz": band_5}


CLEARED: Final = AlarmSeverity.CLEARED
#: The answer without envelope attributes: its recorder kept the entities only.
ACCESS_POINTS: Final = QueryResponse(
    entities=[
        _ap(
            2101795,
            **_counts(),
            controller_name="wism22",
            location="default location",
            lwapp_up_time=70343302,
            model="AIR-LAP1131AG-E-K9",
            software_version="8.0.152.12",
            status=CLEARED,
            type="AP1130",
            up_time=125852602,
        ),
        _ap(
            40164274,
            **_counts(),
            controller_name="wism21",
            lwapp_up_time=126151608,
            model="AIR-LAP1131AG-E-K9",
            serial_number="FCZ1046Q143",
            software_version="8.0.152.12",
            status=CLEARED,
            type="AP1130",
            up_time=126158708,
        ),
        _ap(
            40164277,
            boot_version="12.3.2.4",
            **_counts(),
            lwapp_up_time=3638416300,
            model="AIR-LAP1231G-E-K9    ",  # the trailing spaces are the server's
            software_version="7.0.252.0",
            status=AlarmSeverity.CRITICAL,
            type="AP1200",
            up_time=941477604,
        ),
        _ap(
            59467791,
            boot_version="1.2.3.4",
            **_counts(4, 3, 1),
            controller_name="wism22",
            location="Daheim",
            lwapp_up_time=70336104,
            model="AIR-LAP1242AG-E-K9",
            software_version="8.0.152.12",
            status=CLEARED,
            type="AP1240",
            up_time=125766504,
        ),
    ]
)

# (index entry id, the type to decode with, the instance the capture's values make)
CAPTURE_CASES: Final[list[tuple[str, Any, Any]]] = [
    ("runhistory/gve-epnm_v1_12jobs", MgmtResponse, TWELVE_JOBS),
    ("runhistory/gve-epnm_v1_scheduled", MgmtResponse, SCHEDULED),
    ("runhistory/gve-epnm_v1_failure", MgmtResponse, FAILURE),
    ("runhistory/gve-epnm_v1_73jobs", MgmtResponse, SEVENTY_THREE_JOBS),
    ("clitemplate/aradford_v1_getentity", QueryResponse[CliTemplate], CLI_TEMPLATE),
    ("inventorydetails/durgell_v3_getentity", QueryResponse[InventoryDetails], INVENTORY),
    ("accesspoints/checkmk_v1_full", QueryResponse[AccessPoint], ACCESS_POINTS),
]
CAPTURE_IDS: Final = [case[0] for case in CAPTURE_CASES]


def _encoded(entry_id: str, instance: Any) -> str:
    entry = ENTRIES[entry_id]
    fmt, version = entry["format"], int(entry["version"][1:])
    return _squeeze(codec.encode(instance, version=version, format=fmt).decode(), fmt)


def test_every_server_capture_is_accounted_for() -> None:
    """Each server capture of the index is a case here or listed as not declared, never both."""
    captures = {i for i, entry in ENTRIES.items() if entry["kind"] == "server-capture"}
    assert len(CAPTURE_IDS) == len(set(CAPTURE_IDS))
    assert not set(CAPTURE_IDS) & set(NOT_DECLARED)
    assert set(CAPTURE_IDS) | set(NOT_DECLARED) == captures


@pytest.mark.parametrize(("entry_id", "cls", "instance"), CAPTURE_CASES, ids=CAPTURE_IDS)
def test_encoding_shows_the_capture_quotes(entry_id: str, cls: Any, instance: Any) -> None:
    """The instance, encoded in the capture's version and format, contains every quote of the
    capture up to whitespace."""
    entry, fmt = ENTRIES[entry_id], ENTRIES[entry_id]["format"]
    encoded = _encoded(entry_id, instance)
    assert [f for f in entry["fragments"] if _squeeze(f, fmt) not in encoded] == []


@pytest.mark.parametrize("strict", [False, True])
@pytest.mark.parametrize(("entry_id", "cls", "instance"), CAPTURE_CASES, ids=CAPTURE_IDS)
def test_encoding_decodes_to_the_instance(
    entry_id: str, cls: Any, instance: Any, strict: bool
) -> None:
    """The encoding decodes back to the instance, lenient and strict, and `codec.validate`
    fits it to the capture's version."""
    assert_decodes_back(entry_id, cls, instance, strict)


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("answer", RUN_HISTORY_ANSWERS, ids=CAPTURE_IDS[:4])
def test_run_history_answers_read_in_every_version_and_format(
    answer: MgmtResponse, version: int, fmt: str
) -> None:
    """What the captures show, as a server of each version would write it in each format (the
    URLs naming that version), is read back whole by `RUN_HISTORY` and strict decoding."""

    def in_version(url: str | None) -> str | None:
        return None if url is None else url.replace("/api/v1/", f"/api/v{version}/")

    answer = MgmtResponse(
        response_type=answer.response_type,
        request_url=in_version(answer.request_url),
        root_url=in_version(answer.root_url),
        jobs=answer.jobs,
    )
    body = codec.encode(answer, version=version, format=fmt)
    media = "application/json" if fmt == "json" else "application/xml"
    assert RUN_HISTORY.response(200, {"Content-Type": media}, body, version=version) == answer
    decoded = codec.decode(body, MgmtResponse, version=version, format=fmt, strict=True)
    assert decoded == answer
    assert len(decoded.jobs) == len(answer.jobs) > 1
    assert codec.validate(body, MgmtResponse, version=version, format=fmt).ok


def test_a_single_job_is_an_object_in_v1_and_an_array_after() -> None:
    """v1 JSON collapses a one-job answer to the job (as a v1 client reads it, ``['job']
    ['runInstances']``), v2+ keep an array (``['job'][0]``); both read back as one job."""
    one = MgmtResponse(jobs=TWELVE_JOBS.jobs[:1])
    v1 = orjson.loads(codec.encode(one, version=1, format="json"))["mgmtResponse"]
    v3 = orjson.loads(codec.encode(one, version=3, format="json"))["mgmtResponse"]
    assert isinstance(v1["job"], dict)
    assert isinstance(v1["job"]["runInstances"]["runInstance"], dict)
    assert isinstance(v3["job"], list)
    assert isinstance(v3["job"][0]["runInstances"]["runInstance"], list)
    for version in VERSIONS:
        data = codec.encode(one, version=version, format="json")
        assert codec.decode(data, MgmtResponse, version=version, format="json", strict=True) == one


def test_unknown_statuses_are_kept_leniently_and_reported_strictly() -> None:
    """``jobStatus``, ``runStatus`` and ``resultStatus`` are open enums: a value no capture
    showed is kept by lenient decoding and written back, and strict decoding reports it."""
    data = (
        b'{"mgmtResponse":{"job":{"jobStatus":"PAUSED","runInstances":{"runInstance":'
        b'{"resultStatus":"PARTIAL_SUCCESS","results":"","runStatus":"ABORTED"}}}}}'
    )
    model = codec.decode(data, MgmtResponse, version=1, format="json")
    [job] = model.jobs
    [run] = job.run_instances
    assert (job.job_status, run.result_status, run.run_status) == (
        "PAUSED",
        "PARTIAL_SUCCESS",
        "ABORTED",
    )
    assert codec.encode(model, version=1, format="json") == data
    with pytest.raises(codec.DecodeError) as info:
        codec.decode(data, MgmtResponse, version=1, format="json", strict=True)
    assert {p.code for p in info.value.problems} == {"enum"}
    assert len(info.value.problems) == 3
