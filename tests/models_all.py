"""Test models, declared as a user would (`codec.model` and the field helpers), that between
them hold every field kind and every value kind, for the differential and hostile tests.

| shape                      | where                                                       |
|----------------------------|-------------------------------------------------------------|
| attribute, each value kind | `Scalars` (required and optional); also in text() models    |
| element, each value kind   | `Scalars` (required and optional), `Hostile`                |
| ``text()``, each kind      | required: `Count` `Flag` `Label` `Measure` `Setting` `Hint`; |
|                            | optional: `MaybeCount` `MaybeFlag` `Note` `MaybeMeasure`     |
|                            | `MaybeSetting` `MaybeHint` (all held by `Texts`)             |
| repeated, wrapped lists    | `Lists`: of each kind and of models, ``always_array``,       |
|                            | ``required=True`` (of scalars and of models), a wrapper      |
|                            | named as its items (as PI's ``failure``)                     |
| nesting, self-reference    | `Branch` (a list of itself), `Node` (itself as an optional   |
|                            | element, a repeated and a wrapped list), held by `Tree`      |
|                            | as a required model element                                  |
| version-bearing URLs       | `Envelope`: ``requestUrl`` and ``rootUrl``, as PI's roots    |
| reserved ``xml:`` names    | `Tagged`                                                     |
| unions, namespaces         | `Choices`: a union by element name (`Ok`, `Refused`), one by |
|                            | ``xsi:type`` (`Ok`, `Tree`'s `Node`); ``xmlns:xsi`` declared |
|                            | on the root, and again (the same URI) on `Refused`           |
| a JSON order of its own    | `Page`: ``json_order`` other than the XML order and sorted   |

Value kinds: int, bool, str, float, a closed enum (`Mode`) and an open one (``Mode | str``).
A list of open-enum values cannot be declared (``Sequence[Mode | str]`` is refused), so
`Lists` holds open-enum text models instead.

No root holds a ``text()`` field: whitespace after a root's start tag is then read by no path,
which the padded documents of the differential tests rely on.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from typing import Any, ClassVar, Final

import codec
from codec.errordocument import ErrorDocument
from codec.pi import ENVELOPE_URLS, SHIPPED, EnvelopeUrls


class Mode(enum.Enum):
    ON = "on"
    OFF = "off"
    AUTO = "auto"


# --------------------------------------------------------------------------- text() models


@codec.model()
class Count:
    """Integer text beside a boolean attribute."""

    value: int = codec.text()
    exact: bool | None = codec.attribute(default=None)


@codec.model()
class Flag:
    """Boolean text."""

    value: bool = codec.text()


@codec.model()
class Setting:
    """Closed-enum text beside an integer attribute."""

    value: Mode = codec.text()
    rank: int | None = codec.attribute(default=None)


@codec.model()
class Hint:
    """Open-enum text: unknown values are kept as strings."""

    value: Mode | str = codec.text(converter=codec.open_enum(Mode))


@codec.model()
class Note:
    """Optional text: an empty element reads as None."""

    body: str | None = codec.text(default=None)
    lang: str | None = codec.attribute(default=None)


@codec.model()
class Label:
    """Required str text (``""`` too) beside a closed-enum attribute."""

    value: str = codec.text()
    mode: Mode | None = codec.attribute(default=None)


@codec.model()
class Measure:
    """Float text beside an open-enum attribute."""

    value: float = codec.text()
    unit: Mode | str | None = codec.attribute(default=None, converter=codec.open_enum(Mode))


@codec.model()
class MaybeCount:
    """Optional integer text beside a float attribute."""

    value: int | None = codec.text(default=None)
    scale: float | None = codec.attribute(default=None)


@codec.model()
class MaybeFlag:
    """Optional boolean text beside a required attribute."""

    id: int = codec.attribute()
    value: bool | None = codec.text(default=None)


@codec.model()
class MaybeMeasure:
    """Optional float text."""

    value: float | None = codec.text(default=None)


@codec.model()
class MaybeSetting:
    """Optional closed-enum text."""

    value: Mode | None = codec.text(default=None)


@codec.model()
class MaybeHint:
    """Optional open-enum text."""

    value: Mode | str | None = codec.text(default=None, converter=codec.open_enum(Mode))


# --------------------------------------------------------------------------- nesting


@codec.model()
class Branch:
    """A model that holds itself."""

    name: str = codec.attribute()
    weight: int | None = codec.attribute(default=None)
    leaf: bool | None = codec.attribute(default=None)
    branches: Sequence[Branch] = codec.repeated("branch", default=())


@codec.model()
class Node:
    """A model that holds itself three ways: an element, a repeated and a wrapped list."""

    name: str = codec.attribute()
    label: Label | None = codec.element(default=None)
    next: Node | None = codec.element(default=None)
    children: Sequence[Node] = codec.repeated("child", default=())
    grafts: Sequence[Node] = codec.wrapped("grafts", "graft", default=())


# --------------------------------------------------------------------------- roots


@codec.model(root="hostile")
class Hostile:
    """Every field kind: attributes, scalar elements, text models, enums, lists, nesting."""

    id: int = codec.attribute()
    name: str = codec.element()
    active: bool | None = codec.attribute(default=None)
    scale: float | None = codec.attribute(default=None)
    label: str | None = codec.element(default=None)
    mode: Mode | None = codec.element(default=None)
    kind: Mode | str | None = codec.element(default=None, converter=codec.open_enum(Mode))
    limit: int | None = codec.element(default=None)
    ratio: float | None = codec.element(default=None)
    enabled: bool | None = codec.element(default=None)
    count: Count | None = codec.element(default=None)
    flag: Flag | None = codec.element(default=None)
    setting: Setting | None = codec.element(default=None)
    hint: Hint | None = codec.element(default=None)
    note: Note | None = codec.element(default=None)
    notes: Sequence[Note] = codec.repeated("extraNote", default=())
    codes: Sequence[int] = codec.wrapped("codes", "code", default=(), required=True)
    switches: Sequence[bool] = codec.wrapped("switches", "switch", default=(), always_array=True)
    modes: Sequence[Mode] = codec.repeated("modeItem", default=(), always_array=True)
    tags: Sequence[str] = codec.repeated("tag", default=())
    tree: Branch | None = codec.element(default=None)


@codec.model(root="scalars")
class Scalars:
    """Each value kind as a required and an optional attribute and element."""

    int_attr: int = codec.attribute()
    bool_attr: bool = codec.attribute()
    str_attr: str = codec.attribute()
    float_attr: float = codec.attribute()
    enum_attr: Mode = codec.attribute()
    open_attr: Mode | str = codec.attribute(converter=codec.open_enum(Mode))
    int_el: int = codec.element()
    bool_el: bool = codec.element()
    str_el: str = codec.element()
    float_el: float = codec.element()
    enum_el: Mode = codec.element()
    open_el: Mode | str = codec.element(converter=codec.open_enum(Mode))
    int_attr_opt: int | None = codec.attribute(default=None)
    bool_attr_opt: bool | None = codec.attribute(default=None)
    str_attr_opt: str | None = codec.attribute(default=None)
    float_attr_opt: float | None = codec.attribute(default=None)
    enum_attr_opt: Mode | None = codec.attribute(default=None)
    open_attr_opt: Mode | str | None = codec.attribute(
        default=None, converter=codec.open_enum(Mode)
    )
    int_el_opt: int | None = codec.element(default=None)
    bool_el_opt: bool | None = codec.element(default=None)
    str_el_opt: str | None = codec.element(default=None)
    float_el_opt: float | None = codec.element(default=None)
    enum_el_opt: Mode | None = codec.element(default=None)
    open_el_opt: Mode | str | None = codec.element(default=None, converter=codec.open_enum(Mode))


@codec.model(root="texts")
class Texts:
    """Every text() model, each an optional element."""

    count: Count | None = codec.element(default=None)
    flag: Flag | None = codec.element(default=None)
    label: Label | None = codec.element(default=None)
    measure: Measure | None = codec.element(default=None)
    setting: Setting | None = codec.element(default=None)
    hint: Hint | None = codec.element(default=None)
    note: Note | None = codec.element(default=None)
    maybe_count: MaybeCount | None = codec.element(default=None)
    maybe_flag: MaybeFlag | None = codec.element(default=None)
    maybe_measure: MaybeMeasure | None = codec.element(default=None)
    maybe_setting: MaybeSetting | None = codec.element(default=None)
    maybe_hint: MaybeHint | None = codec.element(default=None)


@codec.model(root="lists")
class Lists:
    """Lists of every value kind and of models, repeated and wrapped, ``always_array`` and
    ``required``."""

    ids: Sequence[int] = codec.wrapped("ids", "id", default=(), required=True)
    entries: Sequence[Label] = codec.repeated("entry", default=(), required=True)
    ints: Sequence[int] = codec.repeated("int", default=())
    bools: Sequence[bool] = codec.wrapped("bools", "bool", default=())
    strs: Sequence[str] = codec.repeated("str", default=(), always_array=True)
    floats: Sequence[float] = codec.wrapped("floats", "float", default=(), always_array=True)
    modes: Sequence[Mode] = codec.repeated("mode", default=())
    hints: Sequence[Hint] = codec.wrapped("hints", "hint", default=())
    counts: Sequence[Count] = codec.wrapped("counts", "count", default=())
    measures: Sequence[Measure] = codec.repeated("measure", default=(), always_array=True)
    notes: Sequence[Note] = codec.wrapped("notes", "notes", default=(), always_array=True)
    flags: Sequence[MaybeFlag] = codec.wrapped("flags", "flag", default=(), required=True)


@codec.model(root="tree")
class Tree:
    """A required model element that holds itself, and a list of another."""

    trunk: Node = codec.element()
    branches: Sequence[Branch] = codec.repeated("branch", default=())


@codec.model(root="envelope")
class Envelope:
    """A root whose ``requestUrl`` and ``rootUrl`` name the API version (PI's rule)."""

    __codec_version_urls__: ClassVar[EnvelopeUrls] = ENVELOPE_URLS

    request_url: str | None = codec.attribute(default=None)
    root_url: str | None = codec.attribute(default=None)
    status: int | None = codec.attribute(default=None)
    entries: Sequence[Label] = codec.repeated("entry", default=(), always_array=True)


@codec.model(root="tagged")
class Tagged:
    """Wire names with the reserved ``xml:`` prefix, which no document needs to declare."""

    lang: str | None = codec.attribute("xml:lang", default=None)
    space: str | None = codec.element("xml:space", default=None)


XSI: Final = "http://www.w3.org/2001/XMLSchema-instance"


@codec.model(element="ok")
class Ok:
    code: int | None = codec.attribute(default=None)
    labels: Sequence[Label] = codec.wrapped("labels", "label", default=())


@codec.model(element="refused", namespaces={"xsi": XSI})
class Refused:
    reason: str = codec.element()
    kind: str | None = codec.attribute("xsi:kind", default=None)


@codec.model(root="choices", namespaces={"xsi": XSI}, kw_only=True)
class Choices:
    """A union told apart by element name, one told apart by ``xsi:type``, beside values."""

    before: str | None = codec.element(default=None)
    outcome: Ok | Refused | None = codec.element(default=None)
    item: Ok | Node = codec.element(
        "item", discriminator="xsi:type", choices={"ns2:ok": Ok, "ns2:node": Node}
    )
    after: Mode | None = codec.element(default=None)


@codec.model(root="page", json_order=("z", "count", "a"))
class Page:
    """v2+ JSON: ``@z, @count, a`` first, then the rest in XML order; XML as declared."""

    a: str | None = codec.element(default=None)
    count: int | None = codec.attribute(default=None)
    z: str | None = codec.attribute(default=None)
    b: int | None = codec.attribute(default=None)
    rows: Sequence[Label] = codec.repeated("row", default=(), always_array=True)


#: The roots declared here.
DECLARED: Final[tuple[type[Any], ...]] = (
    Hostile,
    Scalars,
    Texts,
    Lists,
    Tree,
    Envelope,
    Tagged,
    Choices,
    Page,
)
#: Every top-level payload type the differential tests run over: the shipped ones too.
ROOTS: Final[tuple[type[Any], ...]] = (*SHIPPED, ErrorDocument, *DECLARED)
