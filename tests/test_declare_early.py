"""Declarations checked when the class statement runs, forward references resolved at first
use, attrs' refusals as `DeclarationError`, and ``kw_only`` models.

Annotations here are strings (``from __future__ import annotations``), as in most modules that
declare models: a class named in one is looked up in this module, so the models these tests
refer to by name are declared at its top level.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Callable, Sequence
from typing import Any

import attrs
import pytest
from hypothesis import given

import codec
from codec.testing import models
from tests import test_declare
from tests.conftest import FORMATS, VERSIONS

# --------------------------------------------------------------------------- at the class


class Numbered(enum.Enum):
    """An enum whose values are not strings: no wire form."""

    ONE = 1


class Plain:
    """A class that is not a model."""


@codec.model()
class Part:
    """A nested model the mistakes below refer to."""

    size: int = codec.element()


def _unsupported_type() -> None:
    @codec.model(root="bad")
    class Bad:
        value: complex = codec.element()


def _unknown_annotation() -> None:
    @codec.model(root="bad")
    class Bad:
        value: dict[str, int] = codec.element()


def _plain_class() -> None:
    @codec.model(root="bad")
    class Bad:
        value: Plain = codec.element()


def _enum_of_numbers() -> None:
    @codec.model(root="bad")
    class Bad:
        value: Numbered = codec.attribute()


def _list_not_tuple() -> None:
    @codec.model(root="bad")
    class Bad:
        ids: list[int] = codec.wrapped("ids", "id", default=())


def _tuple_without_wrapped() -> None:
    @codec.model(root="bad")
    class Bad:
        ids: tuple[int, ...] = codec.element(default=())


def _wrapped_scalar() -> None:
    @codec.model(root="bad")
    class Bad:
        ids: int = codec.wrapped("ids", "id")


def _optional_list() -> None:
    @codec.model(root="bad")
    class Bad:
        ids: Sequence[int] | None = codec.repeated("id", default=None)


def _attribute_holding_a_model() -> None:
    @codec.model(root="bad")
    class Bad:
        part: Part = codec.attribute()


def _bad_element_name() -> None:
    @codec.model(root="bad")
    class Bad:
        value: int = codec.element("x y")


def _bad_item_name() -> None:
    @codec.model(root="bad")
    class Bad:
        ids: tuple[int, ...] = codec.wrapped("ids", "i{d}", default=())


def _bad_root() -> None:
    @codec.model(root="a b")
    class Bad:
        value: int = codec.element()


def _two_fields_one_name() -> None:
    @codec.model(root="bad")
    class Bad:
        first: int = codec.element("value")
        second: str = codec.element("value")


def _wrapper_beside_its_element() -> None:
    @codec.model(root="bad")
    class Bad:
        count: int = codec.element("ids")
        ids: tuple[int, ...] = codec.wrapped("ids", "id", default=())


def _text_beside_an_element() -> None:
    @codec.model(root="bad")
    class Bad:
        value: str = codec.text()
        child: int = codec.element()


def _two_texts() -> None:
    @codec.model(root="bad")
    class Bad:
        first: str = codec.text()
        second: str = codec.text()


def _default_of_another_type() -> None:
    @codec.model(root="bad")
    class Bad:
        count: int = codec.element(default="3")


def _default_none_not_optional() -> None:
    @codec.model(root="bad")
    class Bad:
        count: int = codec.element(default=None)


def _list_default_not_a_list() -> None:
    @codec.model(root="bad")
    class Bad:
        ids: tuple[int, ...] = codec.wrapped("ids", "id", default=5)


def _model_default_of_another_model() -> None:
    @codec.model(root="bad")
    class Bad:
        part: Part = codec.element(default=Numbered.ONE)


def _annotation_not_a_type() -> None:
    namespace: dict[str, Any] = {"__annotations__": {"value": "int |"}, "value": codec.element()}
    namespace["__qualname__"] = "_annotation_not_a_type.<locals>.Bad"
    codec.model(root="bad")(type("Bad", (), namespace))


def _required_after_default() -> None:
    @codec.model(root="bad")
    class Bad:
        note: str | None = codec.element(default=None)
        count: int = codec.element()  # type: ignore[misc]


def _unannotated() -> None:
    @codec.model(root="bad")
    class Bad:
        count: int = codec.element()
        note = codec.element(default=None)


def _duplicate_alias() -> None:
    @codec.model(root="bad")
    class Bad:
        first: int = attrs.field(alias="value")
        second: int = attrs.field(alias="value")


#: (mistake, the declaration that makes it, what the error says after the class's qualified
#: name, here ``_function.<locals>.``); every message names the class and, where one field is
#: to blame, the field.
MISTAKES: list[tuple[str, Callable[[], None], str]] = [
    ("type", _unsupported_type, r"Bad\.value: type <class 'complex'> is not one of int"),
    ("annotation", _unknown_annotation, r"Bad\.value: type dict\[str, int\] is not one of"),
    ("plain class", _plain_class, r"Bad\.value: type .*Plain.* or a codec model"),
    ("enum values", _enum_of_numbers, r"Bad\.value: enum Numbered must have string values"),
    ("list[X]", _list_not_tuple, r"Bad\.ids: .*tuple\[X, \.\.\.\] or Sequence\[X\], not list"),
    ("list, no wrapped", _tuple_without_wrapped, r"Bad\.ids: a list type needs wrapped\(\)"),
    ("wrapped scalar", _wrapped_scalar, r"Bad\.ids: wrapped\(\) holds a list: .* not int$"),
    ("optional list", _optional_list, r"Bad\.ids: a list is never None"),
    ("model attribute", _attribute_holding_a_model, r"Bad\.part: an attribute .* not a model"),
    ("element name", _bad_element_name, r"Bad\.value: element name 'x y' is not an XML name"),
    ("item name", _bad_item_name, r"Bad\.ids: item name 'i\{d\}' is not an XML name"),
    ("root name", _bad_root, r"Bad: root 'a b' is not an XML name"),
    (
        "one name",
        _two_fields_one_name,
        r"Bad\.second: wire name 'value' \(JSON key 'value'\) is already first's$",
    ),
    ("wrapper name", _wrapper_beside_its_element, r"Bad\.ids: wire name 'ids' .* already count's"),
    ("text, element", _text_beside_an_element, r"Bad\.child: an element beside text\(\) \(value\)"),
    ("two texts", _two_texts, r"Bad\.second: a second text\(\), after first"),
    ("default type", _default_of_another_type, r"Bad\.count: bad default: expected an integer"),
    ("default None", _default_none_not_optional, r"Bad\.count: bad default: None, .* int \| None"),
    ("list default", _list_default_not_a_list, r"Bad\.ids: bad default: expected a list or a"),
    ("model default", _model_default_of_another_model, r"Bad\.part: bad default: expected a Part"),
    ("not a type", _annotation_not_a_type, r"Bad\.value: annotation 'int \|' is not a type"),
    ("attrs order", _required_after_default, r"Bad\.count: a field without a default follows"),
    ("attrs annotation", _unannotated, r"Bad\.note: a field needs a type annotation$"),
    ("attrs other", _duplicate_alias, r"Bad: attrs refused the class: SyntaxError: duplicate"),
]


@pytest.mark.parametrize(
    ("declare", "message"), [m[1:] for m in MISTAKES], ids=[m[0] for m in MISTAKES]
)
def test_mistakes_raise_at_the_class_statement(declare: Callable[[], None], message: str) -> None:
    """Each declaration mistake is a `DeclarationError` as the class is made, naming it."""
    with pytest.raises(codec.DeclarationError, match=rf"^{declare.__name__}\.<locals>\.{message}"):
        declare()


def test_attrs_refusals_keep_attrs_error_as_the_cause() -> None:
    """What attrs raises is chained (``from``) to the `DeclarationError` that explains it."""
    with pytest.raises(codec.DeclarationError, match="kw_only=True") as order:
        _required_after_default()
    assert isinstance(order.value.__cause__, ValueError)
    assert "No mandatory attributes" in str(order.value.__cause__)
    with pytest.raises(codec.DeclarationError) as annotation:
        _unannotated()
    assert isinstance(annotation.value.__cause__, attrs.exceptions.UnannotatedAttributeError)
    with pytest.raises(codec.DeclarationError) as alias:
        _duplicate_alias()
    assert isinstance(alias.value.__cause__, SyntaxError)


def test_a_good_declaration_is_planned_at_the_class_statement() -> None:
    """A model whose annotations all resolve is planned as it is made: the plan its codecs use
    is that one (nothing is read again at first use)."""
    from codec._plan import plan_for

    @codec.model(root="good")
    class Good:
        value: int = codec.element()

    assert plan_for(Good) is Good.__dict__["__codec_plan__"]
    assert [f.attr for f in plan_for(Good).fields] == ["value"]


# --------------------------------------------------------------------------- forward refs


@codec.model(root="tree")
class Tree:
    """Holds a class declared further down, and names it in a wrapped list too."""

    trunk: Branch | None = codec.element(default=None)
    spares: Sequence[Branch] = codec.wrapped("spares", "branch", default=())
    label: str = codec.attribute(default="")


@codec.model()
class Branch:
    """Holds itself, and a class declared further down."""

    leaf: Leaf | None = codec.element(default=None)
    branches: tuple[Branch, ...] = codec.repeated("branch", default=())


@codec.model()
class Leaf:
    colour: str = codec.attribute()


@codec.model(root="holder")
class Holder:
    """Names a class declared further down that turns out not to be a model."""

    later: LaterPlain | None = codec.element(default=None)


class LaterPlain:
    """Not a model: found wrong only when `Holder` is first used."""


def test_forward_references_resolve_at_first_use(version: int, fmt: str) -> None:
    """Models naming classes declared further down, and themselves, encode and decode."""
    tree = Tree(
        trunk=Branch(leaf=Leaf("green"), branches=(Branch(), Branch(leaf=Leaf("red")))),
        spares=[Branch(branches=(Branch(leaf=Leaf("x")),))],
        label="oak",
    )
    data = codec.encode(tree, version=version, format=fmt)
    assert codec.decode(data, Tree, version=version, format=fmt) == tree
    assert codec.decode(data, Tree, version=version, format=fmt, strict=True) == tree
    assert codec.validate(data, Tree, version=version, format=fmt).ok


@given(models(Tree))
def test_forward_referencing_models_are_drawn(tree: Tree) -> None:
    """`codec.testing` draws a model whose annotations resolved at first use."""
    for version in VERSIONS:
        for fmt in FORMATS:
            data = codec.encode(tree, version=version, format=fmt)
            assert codec.decode(data, Tree, version=version, format=fmt) == tree


def test_a_forward_reference_found_wrong_at_first_use() -> None:
    """A class resolved at first use is checked then: here it is not a model."""
    with pytest.raises(codec.DeclarationError, match=r"^Holder\.later: type .*LaterPlain"):
        codec.encode(Holder(), version=2, format="xml")


def test_names_are_checked_at_the_class_statement_even_beside_forward_references() -> None:
    """What needs no type (wire names, places) is checked at once, whatever is left for later."""
    with pytest.raises(codec.DeclarationError, match=r"<locals>\.Early\.later: element name 'a b'"):

        @codec.model(root="early")
        class Early:
            later: NeverDeclared | None = codec.element("a b", default=None)  # type: ignore[name-defined]  # noqa: F821

    with pytest.raises(codec.DeclarationError, match=r"<locals>\.Early\.count: wire name 'later'"):

        @codec.model(root="early")
        class Early:  # type: ignore[no-redef]
            later: NeverDeclared | None = codec.element(default=None)  # type: ignore[name-defined]  # noqa: F821
            count: int = codec.element("later", default=0)


def test_a_forward_reference_that_never_resolves_errors_at_first_use() -> None:
    """A class an annotation names must be importable from the model's module by first use:
    the error says which name did not resolve, at every first use, and again after."""

    @codec.model(root="orphan")
    class Orphan:
        part: Local | None = codec.element(default=None)

    @codec.model()
    class Local:  # in the function, not the module: the annotation never finds it
        size: int = codec.element()

    message = (
        r"^test_a_forward_reference_that_never_resolves_errors_at_first_use\.<locals>\.Orphan"
        r"\.part: annotation 'Local \| None' does not resolve \(name 'Local' is not defined\); "
        r".* importable from the model's module \(tests\.test_declare_early: "
    )
    uses: list[Callable[[], object]] = [
        lambda: codec.encode(Orphan(), version=3, format="json"),
        lambda: codec.decode(b"<orphan/>", Orphan, version=3, format="xml"),
        lambda: codec.codec_for(Orphan, version=1, format="xml"),
        lambda: codec.validate(b"{}", Orphan, version=2, format="json"),
        lambda: models(Orphan),
    ]
    for use in uses:
        with pytest.raises(codec.DeclarationError, match=message) as info:
            use()
        assert isinstance(info.value.__cause__, NameError)
    assert Local(size=1).size == 1


def test_a_model_declared_in_a_function_may_hold_itself(version: int, fmt: str) -> None:
    """A string annotation naming the model's own class resolves, even where the class is not
    a module-level name (the class's own name is bound to it)."""

    @codec.model(root="node")
    class Node:
        name: str = codec.attribute()
        children: tuple[Node, ...] = codec.repeated("node", default=())

    node = Node("a", (Node("b"), Node("c", (Node("d"),))))
    data = codec.encode(node, version=version, format=fmt)
    assert codec.decode(data, Node, version=version, format=fmt) == node


def test_an_inherited_field_resolves_in_its_base_module() -> None:
    """A model extending one of another module resolves the inherited annotations there
    (`Sequence` and `EntityId` are names of `tests.test_declare`, not of this module)."""

    @codec.model(root="queryResponse")
    class Counted(test_declare.QueryResponse):
        total: int | None = codec.element(default=None)

    page = Counted(count=1, entity_ids=[test_declare.EntityId(value=7)], total=3)
    data = codec.encode(page, version=2, format="json")
    assert codec.decode(data, Counted, version=2, format="json") == page


@codec.model(root="shadowing")
class Shadowing:
    """A field named like a built-in type, and an enum declared in the class body."""

    class Colour(enum.Enum):
        RED = "red"

    str: str = codec.element()
    colour: Colour | None = codec.element(default=None)


def test_class_body_names_resolve_after_module_names_and_builtins() -> None:
    """``str`` is the built-in though a slot of that name is in the class body; ``Colour`` is
    found in the class body, where the module has no such name."""
    obj = Shadowing(str="x", colour=Shadowing.Colour.RED)
    data = codec.encode(obj, version=2, format="json")
    assert data == b'{"shadowing":{"colour":"red","str":"x"}}'
    assert codec.decode(data, Shadowing, version=2, format="json") == obj


# --------------------------------------------------------------------------- kw_only


@codec.model(root="order", kw_only=True)
class Order:
    """Wire order puts required fields after optional ones: a keyword-only model takes it."""

    note: str | None = codec.attribute(default=None)
    id: int = codec.attribute()
    comment: str | None = codec.element(default=None)
    lines: tuple[OrderLine, ...] = codec.repeated("line", default=())
    total: int = codec.element()
    carrier: Carrier = codec.element()


@codec.model(kw_only=True)
class OrderLine:
    sku: str | None = codec.element(default=None)
    quantity: int = codec.element()


@codec.model(kw_only=True)
class Carrier:
    """A nested keyword-only model built through its ``__init__`` (a converter of its own)."""

    code: str | None = codec.element(default=None)
    name: str = codec.element(converter=str)


def test_kw_only_models_keep_wire_order() -> None:
    """Fields of a ``kw_only`` model are keyword-only, and written in their declared order."""
    order = Order(id=7, total=5, carrier=Carrier(name="post"), note="n", comment="c")
    with pytest.raises(TypeError):
        Order(None, 7)  # type: ignore[call-arg]
    xml = codec.encode(order, version=2, format="xml")
    assert re.sub(rb"<\?xml[^>]*>\s*", b"", xml) == (
        b'<order note="n" id="7"><comment>c</comment><total>5</total>'
        b"<carrier><name>post</name></carrier></order>"
    )
    assert codec.decode(xml, Order, version=2, format="xml") == order


@given(models(Order))
def test_kw_only_models_round_trip_everywhere(order: Order) -> None:
    """A ``kw_only`` model with required fields after optional ones (nested ones too) decodes
    back equal, leniently and strictly, and validates, in every version and format."""
    for version in VERSIONS:
        for fmt in FORMATS:
            data = codec.encode(order, version=version, format=fmt)
            assert codec.decode(data, Order, version=version, format=fmt) == order
            assert codec.decode(data, Order, version=version, format=fmt, strict=True) == order
            assert codec.validate(data, Order, version=version, format=fmt).ok


def test_kw_only_validator_refusal_is_located(fmt: str) -> None:
    """A keyword-only model built through ``__init__`` still blames the refusing field."""

    @codec.model(root="signed", kw_only=True)
    class Signed:
        note: str | None = codec.element(default=None)
        name: str = codec.element()

        @name.validator  # type: ignore[attr-defined,untyped-decorator]
        def _named(self, attribute: Any, value: str) -> None:
            if value == "":
                raise ValueError("a name is needed")

    data = codec.encode(Signed(note="n", name="post"), version=3, format=fmt)
    with pytest.raises(codec.DecodeError) as info:
        codec.decode(data.replace(b"post", b""), Signed, version=3, format=fmt)
    assert (info.value.code, info.value.path) == ("invalid", "$.signed.name")
    assert "a name is needed" in info.value.message


def test_positional_models_keep_their_signature() -> None:
    """Without ``kw_only`` a model's fields stay positional, as before."""
    assert Part(3) == Part(size=3)
    assert Leaf("green").colour == "green"
