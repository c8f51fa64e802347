"""What a declaration may put into generated code, models' own checks, and freed classes.

* Wire names are XML names, checked when the model is declared: no name reaches generated
  source or a document unless it is one, and class names and enum values are never spliced into
  source at all.
* A model's attrs validators, converters and ``__attrs_post_init__`` refuse values with a
  located ``invalid`` problem, the same from every decoder and from `codec.validate`.
* The codec caches keep nothing alive: a model class nobody refers to is freed with its codecs.

Annotations here are evaluated (no ``from __future__ import annotations``) so that models
declared inside a test function can refer to each other.
"""

import builtins
import enum
import gc
import re
import weakref
from collections.abc import Callable
from typing import Any

import attrs
import pytest

import codec

# --------------------------------------------------------------------------- item 2: names


def _declare(fields: dict[str, tuple[type[Any], Any]], root: str | None = "doc") -> type[Any]:
    """A model class named ``Declared`` with ``fields`` (name -> (type, field specifier))."""
    namespace: dict[str, Any] = {"__annotations__": {k: t for k, (t, _) in fields.items()}}
    namespace.update((k, spec) for k, (_, spec) in fields.items())
    declared: type[Any] = codec.model(root=root)(type("Declared", (), namespace))
    return declared


BAD_NAMES: list[tuple[str, Callable[[], Any]]] = [
    ("v{__import__('os').getpid()}", lambda: codec.element("v{__import__('os').getpid()}")),
    ("a{", lambda: codec.attribute("a{")),
    ("x y", lambda: codec.element("x y")),
    ("b><evil/><b", lambda: codec.element("b><evil/><b")),
    ("", lambda: codec.attribute("")),
    ("1st", lambda: codec.element("1st")),
    ("a:b:c", lambda: codec.element("a:b:c")),
    (":a", lambda: codec.attribute(":a")),
    ("a:", lambda: codec.element("a:")),
    ("xmlns", lambda: codec.attribute("xmlns")),
    ("xmlns:p", lambda: codec.attribute("xmlns:p")),
    ("@a", lambda: codec.element("@a")),
    ("$", lambda: codec.element("$")),
    ("\u2170", lambda: codec.element("\u2170")),  # XML 1.0 5th edition only: expat refuses it
]


def test_wire_names_must_be_xml_names() -> None:
    """Only XML names (NCName or prefix:NCName, not xmlns) are wire names, checked at
    declaration."""
    for name, spec in BAD_NAMES:
        with pytest.raises(codec.DeclarationError, match=r"Declared\.value: .*name") as info:
            _declare({"value": (str, spec())})
        assert repr(name) in str(info.value)
    for name in ("a-b.c_d", "_x", "A1", "\u00e9t\u00e9", "\u00dcber\u00b7all", "xml:lang"):
        cls = _declare({"value": (str, codec.attribute(name)), "child": (str, codec.element(name))})
        obj = cls(value="1", child="2")
        for fmt in ("xml", "json"):
            data = codec.encode(obj, version=2, format=fmt)
            assert codec.decode(data, cls, version=2, format=fmt) == obj


@pytest.mark.parametrize(
    "spec",
    [
        lambda: codec.wrapped("ids", "i d"),
        lambda: codec.wrapped("i d", "id"),
        lambda: codec.repeated("it em"),
        lambda: codec.wrapped("ids", "xmlns"),
    ],
    ids=["item", "wrapper", "repeated", "xmlns-item"],
)
def test_list_wire_names_must_be_xml_names(spec: Callable[[], Any]) -> None:
    """Wrapper, item and repeated names are checked too, naming the class and the field."""
    with pytest.raises(codec.DeclarationError, match=r"^Declared\.ids: "):
        _declare({"ids": (tuple[int, ...], spec())})


@pytest.mark.parametrize("root", ["c d", "a{", "xmlns", "r/>"])
def test_root_name_must_be_an_xml_name(root: str) -> None:
    """The root given to @codec.model is checked when the model is declared."""
    with pytest.raises(codec.DeclarationError, match=r"^Declared: root"):
        _declare({"value": (int, codec.element())}, root=root)


def test_element_named_like_an_attribute_key_is_refused() -> None:
    """An element "@a" beside an attribute "a" would share the JSON key "@a": refused."""
    with pytest.raises(codec.DeclarationError, match=r"Declared\.b: "):
        _declare({"a": (str, codec.attribute()), "b": (str, codec.element("@a"))})


def test_injected_name_never_runs() -> None:
    """A name holding Python code is refused at declaration, before any code is generated; it
    never runs."""
    flag = "codec_trust_declare_injected"
    name = "v{setattr(__import__('builtins'), '" + flag + "', 1)}"

    with pytest.raises(codec.DeclarationError, match=r"Item\.value"):

        @codec.model()
        class Item:
            value: int = codec.element(name)

    assert not hasattr(builtins, flag)


class Mood(enum.Enum):
    """Values that would end a string literal, open an f-string field, or be markup."""

    QUOTE = "a'b"
    BRACES = "{x}"
    MARKUP = "<&>"


Mood.__name__ = "{mood}'s"


def _odd_models() -> tuple[type[Any], type[Any], type[Any]]:
    @codec.model()
    class Leaf:  # flat: list items take the encoders' one-expression paths
        mood: Mood = codec.attribute()
        label: str = codec.element()

    @codec.model()
    class Checked:  # a converter of its own: built by __init__ (see construct_lines)
        mood: Mood | None = codec.element(default=None, converter=lambda value: value)

    @codec.model(root="odd")
    class Odd:
        mood: Mood = codec.attribute()
        open: Mood | str | None = codec.element(default=None, converter=codec.open_enum(Mood))
        leaves: tuple[Leaf, ...] = codec.repeated("leaf", default=())
        checked: Checked | None = codec.element(default=None)

    Leaf.__name__ = Checked.__name__ = "-"
    Odd.__name__ = "it's"
    return Leaf, Checked, Odd


def test_odd_class_names_and_enum_values_round_trip(version: int, fmt: str) -> None:
    """Class names like "-" and "it's" and enum values "a'b", "{x}", "<&>" encode and decode."""
    leaf, checked, odd = _odd_models()
    obj = odd(
        mood=Mood.BRACES,
        open="{unknown}'",
        leaves=[leaf(mood=m, label=m.value) for m in Mood],
        checked=checked(mood=Mood.QUOTE),
    )
    data = codec.encode(obj, version=version, format=fmt)
    assert codec.decode(data, odd, version=version, format=fmt) == obj
    if fmt == "xml":  # a comment sends the document to the reader instead of the tree walker
        assert codec.decode(data + b"<!---->", odd, version=version, format=fmt) == obj
    with pytest.raises(codec.EncodeError, match="expected -, found string"):
        codec.encode(odd(mood=Mood.QUOTE, leaves=["leaf"]), version=version, format=fmt)
    with pytest.raises(codec.EncodeError, match="expected it's, found"):
        codec.codec_for(odd, version=version, format=fmt).encode(leaf(Mood.QUOTE, "x"))
    with pytest.raises(codec.EncodeError, match=re.escape("expected {mood}'s, found string 'a'")):
        codec.encode(odd(mood="a"), version=version, format=fmt)
    with pytest.raises(
        codec.EncodeError, match=re.escape("expected {mood}'s or a string, found integer")
    ):
        codec.encode(odd(mood=Mood.QUOTE, open=5), version=version, format=fmt)


def test_fast_xml_item_doubles_braces_of_names() -> None:
    """The XML encoder's f-string for a list item keeps literal braces (defence in depth)."""
    from codec._codegen import Namespace
    from codec._plan import plan_for
    from codec._xml import _ENCODER_ENV, _fast_element

    @codec.model()
    class Pair:
        a: str = codec.attribute()
        b: int = codec.element()

    plan = plan_for(Pair)
    fields = tuple(attrs.evolve(f, name=f"{f.name}{{{f.name}}}") for f in plan.fields)
    mod = Namespace("t", _ENCODER_ENV)
    fast = _fast_element(attrs.evolve(plan, fields=fields), mod, "it", "i{t}")
    assert fast is not None
    condition, text = fast
    env = {**mod.env, "it": Pair("x", 1), "a": "A", "b": "B", "t": "T"}
    assert eval(condition, env)
    assert eval(text, env) == '<i{t} a{a}="x"><b{b}>1</b{b}></i{t}>'


def test_list_item_with_boolean_attribute_encodes() -> None:
    """A list item with a boolean attribute and a string attribute takes the fast XML path."""

    @codec.model()
    class Flagged:
        on: bool = codec.attribute()
        name: str = codec.attribute()

    @codec.model(root="flags")
    class Flags:
        items: tuple[Flagged, ...] = codec.repeated("flag", default=())

    obj = Flags(items=(Flagged(True, "a"), Flagged(False, "b")))
    data = codec.encode(obj, version=2, format="xml")
    assert b'<flag on="true" name="a"></flag><flag on="false" name="b"></flag>' in data
    assert codec.decode(data, Flags, version=2, format="xml") == obj


# --------------------------------------------------------------------------- item 15: invalid


@codec.model()
class Reading:
    """A record whose own validator refuses a negative number."""

    number: int = codec.element()

    @number.validator  # type: ignore[attr-defined,untyped-decorator]
    def _non_negative(self, attribute: Any, value: int) -> None:
        if value < 0:
            raise ValueError("must not be negative")


@codec.model(root="readings")
class Readings:
    readings: tuple[Reading, ...] = codec.repeated("reading", default=())


_BAD = Readings(readings=(Reading(1), Reading(2), Reading(3)))
_BAD_PATH = "$.readings.reading[2].number"
_BAD_MESSAGE = "rejected by Reading.number's validator: ValueError: must not be negative"


def _with_negative(version: int, fmt: str) -> bytes:
    """`_BAD` encoded, with its last number made negative."""
    data = codec.encode(_BAD, version=version, format=fmt)
    if fmt == "xml":
        return data.replace(b"<number>3<", b"<number>-3<")
    return re.sub(rb'"number": ?3', b'"number":-3', data)


def test_model_validator_is_an_invalid_problem_everywhere(version: int, fmt: str) -> None:
    """A validator's refusal is one `invalid` problem at its field, in all decoders and validate."""
    data = _with_negative(version, fmt)
    assert data != codec.encode(_BAD, version=version, format=fmt)
    inputs = [data]
    if fmt == "xml":  # whitespace after the root: past the tree walker's limit, to the reader
        inputs.append(data + b" " * (512 * 1024))
    errors = []
    for payload in inputs:
        for strict in (False, True):
            with pytest.raises(codec.DecodeError) as info:
                codec.decode(payload, Readings, version=version, format=fmt, strict=strict)
            errors.append(info.value)
        for lenient in (False, True):
            report = codec.validate(payload, Readings, version=version, format=fmt, lenient=lenient)
            assert not report.ok
            assert report.versions == ()
            errors.append(codec.DecodeError(report.problems))
    for error in errors:
        assert [(p.code, p.path, p.message) for p in error.problems] == [
            ("invalid", _BAD_PATH, _BAD_MESSAGE)
        ]
    assert all(error == errors[0] for error in errors)  # XML: the same line and column too
    if fmt == "xml":  # at the end tag of the model, after the XML declaration's line
        assert (errors[0].problems[0].xml_path, errors[0].problems[0].line) == (
            "/readings/reading[3]",
            2,
        )


def _port(value: object) -> int:
    port = int(str(value))
    if not 0 < port < 65536:
        raise ValueError(f"{port} is not a port")
    return port


@codec.model(root="server")
class Server:
    """A foreign converter, a private field, and a check across fields."""

    port: int = codec.attribute(converter=_port)
    _secret: str = codec.element("secret", converter=str.strip)
    low: int = codec.element(default=0)
    high: int = codec.element(default=0)

    def __attrs_post_init__(self) -> None:
        if self.low > self.high:
            raise ValueError("low above high")


def _server(**values: Any) -> Server:
    """A `Server`: ``__init__`` takes ``secret`` for the field ``_secret`` (attrs' alias)."""
    return Server(**values)


def test_converter_and_post_init_refusals_are_located(fmt: str) -> None:
    """A converter's refusal is at its field; ``__attrs_post_init__``'s at the model itself."""
    good = codec.encode(_server(port=80, secret="s", low=1, high=2), version=2, format=fmt)
    bad_port = good.replace(b"80", b"70000")
    bad_range = good.replace(b"2", b"0")
    cases = [
        (bad_port, "$.server['@port']", "Server.port's converter: ValueError: 70000 is not a port"),
        (bad_range, "$.server", "Server: ValueError: low above high"),
    ]
    for data, path, message in cases:
        with pytest.raises(codec.DecodeError) as info:
            codec.decode(data, Server, version=2, format=fmt)
        assert [(p.code, p.path, p.message) for p in info.value.problems] == [
            ("invalid", path, "rejected by " + message)
        ]
        report = codec.validate(data, Server, version=2, format=fmt)
        assert [(p.code, p.path) for p in report.problems] == [("invalid", path)]


def test_private_field_with_converter_round_trips(version: int, fmt: str) -> None:
    """A ``_private`` field with a converter decodes (keyword ``secret``) and encodes."""
    obj = _server(port=443, secret="  hidden  ", low=1, high=1)
    assert obj._secret == "hidden"
    data = codec.encode(obj, version=version, format=fmt)
    assert b"hidden" in data
    assert codec.decode(data, Server, version=version, format=fmt) == obj
    assert codec.validate(data, Server, version=version, format=fmt).ok


# --------------------------------------------------------------------------- item 19: caches


def _declare_and_use() -> tuple[weakref.ref[type[Any]], ...]:
    """Declare models in a function, build all their codecs, and return weak references."""

    class Shade(enum.Enum):
        DARK = "dark"

    @codec.model()
    class Part:
        shade: Shade = codec.attribute()
        size: int = codec.element()

    @codec.model(root="temporary")
    class Temporary:
        parts: tuple[Part, ...] = codec.wrapped("parts", "part", default=())
        note: str | None = codec.element(default=None)

    @codec.model(root="temporary")
    class Longer(Temporary):  # a subclass has codecs of its own, not its base's
        extra: int | None = codec.element(default=None)

    obj = Temporary(parts=(Part(Shade.DARK, 1),), note="n")
    for version in (1, 2, 3, 4):
        for fmt in ("xml", "json"):
            data = codec.encode(obj, version=version, format=fmt)
            assert codec.decode(data, Temporary, version=version, format=fmt) == obj
            assert codec.validate(data, Temporary, version=version, format=fmt).ok
    first = codec.codec_for(Temporary, version=2, format="json")
    assert codec.codec_for(Temporary, version=2, format="json") is first
    assert codec.codec_for(Temporary, version="v2", format="json") is first
    assert b'"extra":5' in codec.encode(Longer(extra=5), version=2, format="json")
    return weakref.ref(Temporary), weakref.ref(Longer), weakref.ref(Part), weakref.ref(Shade)


def test_dropped_model_classes_are_freed() -> None:
    """Codecs are cached per class while it lives, and a class nobody holds is freed."""
    refs = _declare_and_use()
    gc.collect()
    assert [r() for r in refs] == [None] * len(refs)
