"""Unknown content: ignored, refused, or kept and written back in place (``unknown=``)."""

from __future__ import annotations

import json
import pickle
import re

import pytest

import codec
from codec.jobservice import JobRunOperationPayload, MgmtResponse

XML = (
    '<?xml version="1.0" ?>\n<mgmtResponse responseType="operation" extra="1" '
    'requestUrl="u"><zzz>first</zzz><operationResult><failure><failure><id>2</id>'
    '<note a="1&amp;2">hi <b/> there</note><message>m</message></failure></failure>'
    "<operation>SUSPEND</operation><custom/></operationResult><tail>t</tail></mgmtResponse>"
)
V1_JSON = (
    '{"mgmtResponse":{"@responseType":"operation","@x":"1","operationResult":{"failure":'
    '{"failure":{"id":2,"extra":{"deep":[1,2,{"k":null}]},"message":"m"}},"zz":true,'
    '"operation":"SUSPEND"},"last":[1]}}'
)


def _compact(data: bytes) -> bytes:
    return re.sub(rb">\s+<", b"><", data.strip())


def test_keep_writes_xml_back_in_place() -> None:
    """Unknown attributes and elements come back byte for byte, each where it stood."""
    model = codec.decode(XML, MgmtResponse, version=3, format="xml", unknown="keep")
    out = codec.encode(model, version=3, format="xml")
    assert _compact(out) == _compact(XML.encode()).replace(
        b'extra="1" requestUrl="u"',
        b'requestUrl="u" extra="1"',  # attributes: known first
    )


@pytest.mark.parametrize("version", [1, 2, 3, 4])
def test_keep_writes_json_back_in_place(version: int) -> None:
    """Unknown keys come back with their values: after the key they followed in v1, sorted
    in v2+ (as every key is)."""
    model = codec.decode(V1_JSON, MgmtResponse, version=1, format="json", unknown="keep")
    out = json.loads(codec.encode(model, version=version, format="json"), object_pairs_hook=list)
    if version == 1:
        assert out == json.loads(V1_JSON, object_pairs_hook=list)
    else:
        flat = json.dumps(out)
        for key in ('"@x"', '"extra"', '"deep"', '"zz"', '"last"'):
            assert key in flat
        body = dict(out[0][1])
        assert list(body) == sorted(body)


def test_kept_content_is_not_part_of_equality() -> None:
    """A model that kept content equals the same model without it; `kept` tells them apart,
    and a pickled copy keeps the content."""
    kept = codec.decode(XML, MgmtResponse, version=3, format="xml", unknown="keep")
    plain = codec.decode(XML, MgmtResponse, version=3, format="xml")
    assert kept == plain
    assert hash(kept) == hash(plain)
    assert codec.kept(plain) is None
    content = codec.kept(kept)
    assert content is not None
    assert content.attributes == (("extra", "1"),)
    assert [raw for _, raw in content.elements] == ["<zzz>first</zzz>", "<tail>t</tail>"]
    assert codec.kept(pickle.loads(pickle.dumps(kept))) == content  # it goes with the instance


def test_ignore_drops_and_error_refuses() -> None:
    """``ignore`` (the default) writes nothing back; ``error`` refuses unknown content only."""
    plain = codec.decode(XML, MgmtResponse, version=3, format="xml", unknown="ignore")
    assert b"zzz" not in codec.encode(plain, version=3, format="xml")
    with pytest.raises(codec.DecodeError) as info:
        codec.decode(XML, MgmtResponse, version=3, format="xml", unknown="error")
    assert {p.code for p in info.value.problems} == {"unknown"}
    assert "$.mgmtResponse['@extra']" in [p.path for p in info.value.problems]
    # shape problems are strict's business, not unknown='error''s
    collapsed = '{"jobRunOperationPayload": {"runIds": {"runId": 5}}}'
    assert codec.decode(
        collapsed, JobRunOperationPayload, version=3, format="json", unknown="error"
    ).run_ids == (5,)
    with pytest.raises(codec.ArgumentError, match="'ignore', 'keep' or 'error'"):
        codec.decode(XML, MgmtResponse, version=3, format="xml", unknown="drop")


def test_crossing_formats_converts_kept_content() -> None:
    """XML content kept and written as JSON becomes xmltodict-style keys, and back."""
    model = codec.decode(XML, MgmtResponse, version=3, format="xml", unknown="keep")
    as_json = codec.encode(model, version=1, format="json")
    doc = json.loads(as_json)["mgmtResponse"]
    assert doc["@extra"] == "1"
    assert doc["zzz"] == "first"
    assert doc["operationResult"]["failure"]["failure"]["note"]["@a"] == "1&2"
    again = codec.decode(as_json, MgmtResponse, version=1, format="json", unknown="keep")
    xml = codec.encode(again, version=3, format="xml")
    assert b"<zzz>first</zzz>" in xml
    assert b'<note a="1&amp;2">' in xml
    assert codec.decode(xml, MgmtResponse, version=3, format="xml") == model


def test_lists_keep_per_item() -> None:
    """Each list item keeps its own unknown content, across repeated wrappers."""
    data = (
        "<mgmtResponse><operationResult><failure><failure><id>1</id><a/></failure></failure>"
        "<failure><failure><id>2</id><b/></failure></failure></operationResult>"
        "<operationResult><c/></operationResult></mgmtResponse>"
    )
    model = codec.decode(data, MgmtResponse, version=2, format="xml", unknown="keep")
    first, second = model.operation_results[0].failure
    assert [raw for _, raw in codec.kept(first).elements] == ["<a/>"]  # type: ignore[union-attr]
    assert [raw for _, raw in codec.kept(second).elements] == ["<b/>"]  # type: ignore[union-attr]
    assert [raw for _, raw in codec.kept(model.operation_results[1]).elements] == ["<c/>"]  # type: ignore[union-attr]
