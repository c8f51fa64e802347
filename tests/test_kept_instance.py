"""Kept content lives on the instance, in a hidden field outside equality, hashing and repr:
it goes along with pickling, ``copy``, ``deepcopy`` and ``attrs.evolve``, and the encoders
read it there, with no global registry."""

from __future__ import annotations

import copy
import gc
import inspect
import pickle
from collections.abc import Callable
from typing import Any

import attrs
import pytest

import codec
from codec import _kept
from codec._fields import KEPT_ATTR
from codec._plan import plan_for
from codec.jobservice import MgmtResponse

#: Kept content at every level: the root (an attribute, elements), a repeated item, and a
#: status in a list of flat records (the encoders' fast path), as XML reads it.
XML = (
    b'<?xml version="1.0" ?>\n<mgmtResponse requestUrl="u" extra="1"><zzz>first</zzz>'
    b"<operationResult><operation>SUSPEND</operation><success><success><id>1</id>"
    b"<message>m</message><odd>x</odd></success><success><id>2</id></success></success>"
    b"<custom/></operationResult><tail>t</tail></mgmtResponse>"
)
#: The same in JSON (v2+), and an integer past 64 bits, which orjson alone cannot write.
JSON = (
    b'{"mgmtResponse":{"@extra":"1","@requestUrl":"u","big":18446744073709551616,'
    b'"operationResult":[{"custom":{"a":[1,null]},"operation":"SUSPEND","success":{"success":'
    b'[{"id":1,"message":"m","odd":"x"},{"id":2}]}}],"tail":"t"}}'
)
SOURCES = [("xml", XML), ("json", JSON)]

COPIES: list[tuple[str, Callable[[Any], Any]]] = [
    ("pickle", lambda m: pickle.loads(pickle.dumps(m))),
    ("copy", copy.copy),
    ("deepcopy", copy.deepcopy),
    ("evolve", lambda m: attrs.evolve(m, request_url="v")),
]


def _decode(fmt: str, data: bytes) -> Any:
    return codec.decode(data, MgmtResponse, version=3, format=fmt, unknown="keep")


def _kept_everywhere(model: MgmtResponse) -> list[codec.Kept | None]:
    result = model.operation_results[0]
    return [codec.kept(model), codec.kept(result), *(codec.kept(s) for s in result.success)]


@pytest.mark.parametrize(("how", "make_copy"), COPIES, ids=[name for name, _ in COPIES])
@pytest.mark.parametrize(("fmt", "data"), SOURCES, ids=[fmt for fmt, _ in SOURCES])
def test_kept_content_survives_copies(
    fmt: str, data: bytes, how: str, make_copy: Callable[[Any], Any]
) -> None:
    """pickle, copy, deepcopy and evolve keep what every instance kept, and both encoders
    write it back from the copy as from the original."""
    model = _decode(fmt, data)
    twin = make_copy(model)
    assert twin is not model
    assert _kept_everywhere(twin) == _kept_everywhere(model)
    assert codec.kept(twin) is not None
    for out_format in ("xml", "json"):
        expected = codec.encode(model, version=3, format=out_format)
        assert b"odd" in expected
        assert b"tail" in expected
        if how == "evolve":  # requestUrl="u" or "@requestUrl":"u" changed
            expected = expected.replace(b'"u"', b'"v"')
        assert codec.encode(twin, version=3, format=out_format) == expected


def test_evolve_writes_kept_content_beside_the_changed_field() -> None:
    """attrs.evolve changing a field keeps the kept content, written back in place around it."""
    twin = attrs.evolve(_decode("xml", XML), request_url="v")
    out = codec.encode(twin, version=3, format="xml")
    assert out == XML.replace(b'requestUrl="u"', b'requestUrl="v"')


def test_models_differing_only_in_kept_content_are_equal() -> None:
    """Instances whose hidden fields differ (other content, or none) are equal and hash equal."""
    one = _decode("xml", XML)
    other = _decode("xml", XML.replace(b"<zzz>first</zzz>", b"<yyy/>"))
    plain: Any = codec.decode(XML, MgmtResponse, version=3, format="xml")
    content = codec.kept(one)
    variants = [one, other, plain, attrs.evolve(plain, **{KEPT_ATTR: content})]
    assert codec.kept(variants[-1]) == content != codec.kept(other)
    assert all(v == plain and hash(v) == hash(plain) for v in variants)


def test_repr_does_not_show_kept_content() -> None:
    """repr names the declared fields only: no trace of the hidden field or what it holds."""
    plain: Any = codec.decode(XML, MgmtResponse, version=3, format="xml")
    model = attrs.evolve(plain, **{KEPT_ATTR: codec.kept(_decode("xml", XML))})
    assert codec.kept(model) is not None
    assert repr(model) == repr(plain)
    assert KEPT_ATTR not in repr(model)
    assert "zzz" not in repr(model)


def test_no_global_registry() -> None:
    """Kept content is on the instance itself: `_kept` has no registry, and the encoders
    write it back after collection and from an instance the decoder never saw."""
    assert not hasattr(_kept, "KEPT")
    model = _decode("xml", XML)
    content = codec.kept(model)
    assert content is not None
    assert getattr(model, KEPT_ATTR) is content
    gc.collect()
    fresh = pickle.loads(pickle.dumps(model))
    del model
    gc.collect()
    assert codec.encode(fresh, version=3, format="xml") == XML


def test_hidden_field_is_no_wire_field() -> None:
    """Every model has the hidden field, keyword-only and defaulting to None, and its plan,
    its positional signature and its match args leave it out."""
    classes: list[Any] = [MgmtResponse, Declared, Checked]
    for cls in classes:
        field = attrs.fields_dict(cls)[KEPT_ATTR]
        assert (field.default, field.kw_only, field.eq, field.repr) == (None, True, False, False)
        assert field.alias == KEPT_ATTR
        assert KEPT_ATTR not in [f.attr for f in plan_for(cls).fields]
        assert KEPT_ATTR not in getattr(cls, "__match_args__", ())
        parameter = inspect.signature(cls).parameters[KEPT_ATTR]
        assert parameter.kind is inspect.Parameter.KEYWORD_ONLY


# --------------------------------------------------------------------------- users' models


@codec.model()
class Item:
    name: str = codec.attribute()


@codec.model(root="declared")
class Declared:
    """Built by writing its slots (no validators or converters of its own)."""

    number: int = codec.element()
    items: tuple[Item, ...] = codec.repeated("item", default=())


@codec.model(root="checked")
class Checked:
    """Built by ``__init__`` (a check of its own)."""

    number: int = codec.element()

    def __attrs_post_init__(self) -> None:
        if self.number < 0:
            raise ValueError("negative")


@codec.model(root="declared")
class More(Declared):
    """A model on top of another."""

    extra: str | None = codec.element(default=None)


@pytest.mark.parametrize("fmt", ["xml", "json"])
def test_users_models_keep_content_on_the_instance(fmt: str) -> None:
    """A model declared with @codec.model holds kept content (built by slots or by
    __init__), and pickling or evolving it keeps that content for both encoders."""
    data = {
        "xml": b'<declared><number>1</number><item name="a" x="y"/><zz/></declared>',
        "json": b'{"declared":{"item":[{"@name":"a","@x":"y"}],"number":1,"zz":2}}',
    }[fmt]
    model: Any = codec.decode(data, Declared, version=3, format=fmt, unknown="keep")
    for twin in (pickle.loads(pickle.dumps(model)), attrs.evolve(model, number=2)):
        assert codec.kept(twin) == codec.kept(model) is not None
        assert codec.kept(twin.items[0]) == codec.kept(model.items[0]) is not None
        assert b'x="y"' in codec.encode(twin, version=3, format="xml")
        assert b'"@x":"y"' in codec.encode(twin, version=3, format="json")
        assert b"zz" in codec.encode(twin, version=3, format="xml")
        assert b'"zz"' in codec.encode(twin, version=3, format="json")
    data = b"<checked><number>1</number><zz/></checked>"
    checked: Any = codec.decode(data, Checked, version=3, format="xml", unknown="keep")
    assert codec.kept(attrs.evolve(checked, number=3)) == codec.kept(checked) is not None


@pytest.mark.parametrize(
    "data",
    [
        b"<declared><number>1</number></declared>",  # the fast path (a tree walk)
        b"<!-- c --><declared><number>1</number></declared>",  # the reference reader
        b'{"declared":{"number":1}}',
    ],
)
def test_decoders_set_the_hidden_field(data: bytes) -> None:
    """Every decoder, on both build paths (slots and __init__), sets the hidden field to None,
    so an instance decoded without keep reads, pickles and encodes with nothing kept."""
    fmt = "json" if data.startswith(b"{") else "xml"
    for cls in (Declared, Checked):
        payload = data.replace(b"declared", cls.__name__.lower().encode())
        model = codec.decode(payload, cls, version=3, format=fmt)
        assert getattr(model, KEPT_ATTR) is None
        assert getattr(pickle.loads(pickle.dumps(model)), KEPT_ATTR) is None


def test_a_user_field_cannot_take_the_hidden_name() -> None:
    """A field named like the hidden one, in the class or in an attrs base, or aliased to it,
    is a DeclarationError at declaration."""
    with pytest.raises(codec.DeclarationError, match="reserved for kept content"):

        @codec.model()
        class Clash:
            _codec_kept: int = codec.element(default=0)

    with pytest.raises(codec.DeclarationError, match="reserved for kept content"):

        @codec.model()
        class Aliased:
            value: int = attrs.field(default=0, alias=KEPT_ATTR)

    @attrs.frozen
    class Base:
        _codec_kept: int = 0

    with pytest.raises(codec.DeclarationError, match="reserved for kept content"):

        @codec.model()
        class Derived(Base):
            value: int = codec.element(default=0)


def test_a_model_extending_a_model_shares_the_hidden_field() -> None:
    """A model declared on top of another inherits its hidden field (one slot) and keeps
    content on it like any model."""
    more: Any = More
    assert [a.name for a in attrs.fields(more)].count(KEPT_ATTR) == 1
    data = b"<declared><number>1</number><zz/></declared>"
    model = codec.decode(data, More, version=3, format="xml", unknown="keep")
    assert codec.encode(pickle.loads(pickle.dumps(model)), version=3, format="xml").endswith(data)
