# ruff: noqa: ARG002  (the strict reader overrides the hooks; the defaults ignore arguments)
"""The streaming XML reader: pyexpat events straight into models, with exact locations.

Decoding semantics (shared by the fast path in `_xml_walker`, which defers to this reader
whenever it meets anything it does not handle, so that this module alone defines them):

* Whitespace between elements is dropped; the text of a scalar element (or of a `text()`
  model) is taken exactly, never stripped: whitespace alone is text, which a string keeps
  and any other kind refuses, as it refuses no text at all. An empty element is the empty
  string for a string, an empty list for a wrapper. An optional `text()` field whose
  element has no text at all is ``None``, whatever its kind (the encoder refuses to write
  ``""`` there, which would read back as ``None``); whitespace alone is read by its kind.
* Names are matched as written, prefix included (``xsi:type``): namespaces are not resolved.
  ``xmlns`` and ``xmlns:*`` attributes declare namespaces; they are never fields and never
  unknown content. Every decode path follows this rule (the tree walker hands any document
  that declares a namespace to this reader).
* Unknown elements (with their subtrees) and attributes are skipped. A scalar element that
  appears twice keeps the last value, as JSON does with a repeated key.
* A scalar element that holds an element is a ``type`` problem.
* A DOCTYPE is refused outright: PI never sends one, and refusing it closes every entity attack
  (billion laughs, external entities, external DTDs) before expat reads a declaration.
* A problem is located by JSON path, element path (1-based indices, XPath style), line and
  column (1-based) of the start tag of the element at fault: the value's element, the model's
  for a missing value, the element itself for an element found in scalar text (a limit or
  a syntax problem: where expat stopped); exactly as the checker (`_check`) locates it. Only
  the error path finds the line and column, reading the document again up to where the
  reader stopped (`_start_tag`): success pays nothing.

How: the expat handlers are generated per payload type, so the generic machinery costs what a
handler written by hand for that payload would. The reader is a state machine: ``ctx`` numbers
the open element's kind (0 skip, 1 document, then one per model and one per wrapper), ``vals`` is
the slot list of the open model (or the list a wrapper fills), and ``leaf`` numbers the open
scalar element, which gets no frame at all. ``start`` and ``end`` are if-chains on those numbers
and on element names, written out in the generated source, each number commented with the
model, list or field it stands for (``elif c == 4:  # OperationResult.failure list <failure>``).
Character data is only listened to inside a scalar element (or a model with a ``text()``
field): the start tag sets the C-level ``list.append`` as expat's handler and the end tag
removes it, so whitespace between elements costs no call at all and at the end tag the list
holds exactly the element's text.

A frame on the stack is ``(parent ctx, parent vals, name, store)``, where ``store`` says where the
finished model goes in the parent: ``k >= 0`` slot k, ``-1`` append to the parent list (a wrapper),
``-2 - k`` append to the list in slot k (a repeated element), ``None`` nowhere (wrapper, skip).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any, Final
from xml.parsers import expat

from ._check import document_problem
from ._codegen import Namespace, compile_module, construct_lines, readable
from ._errors import DecodeError, Problem
from ._fields import WireKind
from ._limits import DEFAULT_LIMITS, Limits
from ._parse import DOCTYPE_MESSAGE, Doctype, as_input, expat_parser, xml_bytes
from ._plan import (
    FieldPlan,
    ModelPlan,
    ScalarKind,
    plan_for,
)
from ._values import Fail, key_segment

__all__ = ["Generator", "Stop", "build_xml_reader"]


# --------------------------------------------------------------------------- generation

_SKIP_CTX, _DOCUMENT_CTX = 0, 1
_MISSING: Final = object()


def _DEPTH_CHECK(ind: str) -> list[str]:
    """Lines after a push: past max_depth is an error; at it, no child may open (``full``)."""
    return [
        f"{ind}if len(stack) >= max_depth:",
        f"{ind}    if len(stack) > max_depth:",
        f"{ind}        raise _TooDeep",
        f"{ind}    full = True",
    ]


def _bulk(f: FieldPlan, store: int) -> bool:
    """An item of a wrapped list whose kind converts in batches (integers): converted with
    its siblings, at C speed."""
    kind = f.value_kind
    return store == -1 and f.kind is WireKind.WRAPPED and kind is not None and kind.bulk is not None


_BATCH: Final = 4096


class _Leaf:
    """What the end tag of one kind of scalar element does."""

    __slots__ = ("field", "label", "name", "store")

    def __init__(self, field: FieldPlan, name: str, store: int, label: str) -> None:
        self.field = field
        self.name = name
        self.store = store
        self.label = label  # what the generated source's comments call it


class Generator:
    """The handlers of the reader of one payload type.

    The methods under "hooks" are the points where the strict reader (`_strict_xml`), a
    subclass, adds its checks; here they write what lenient decoding does.
    """

    #: the namespace prefix of the generated module (see `_codegen`)
    prefix = "xr"
    #: expat's CharacterDataHandler outside scalar text: none, so that whitespace between
    #: elements (and stray text, which lenient decoding skips) costs no call at all
    outside = "None"

    def __init__(self, root: type[Any]) -> None:
        self.root = plan_for(root)
        # Globals named from the models (see `Namespace.global_for`), never from id().
        self.ns = Namespace(
            self.prefix,
            {
                "Fail": Fail,
                "_Inside": _Inside,
                "_MISSING": _MISSING,
                "_TooDeep": _TooDeep,
                "_TooManyAttributes": _TooManyAttributes,
                "_WrongRoot": _WrongRoot,
            },
        )
        self.env = self.ns.env
        #: ctx number -> what it stands for, for the comments of the generated source
        self.labels: dict[int, str] = {_SKIP_CTX: "skipped element", _DOCUMENT_CTX: "document"}
        self.models: dict[Any, int] = {}  # by model type (`ModelPlan.key`)
        self.plans: list[ModelPlan] = []
        self.wrappers: dict[int, tuple[int, FieldPlan]] = {}
        self.leaves: list[_Leaf] = []
        self._next = 2
        self._number(self.root)

    def _number(self, plan: ModelPlan) -> int:
        if plan.key in self.models:
            return self.models[plan.key]
        ctx = self.models[plan.key] = self._next
        self.labels[ctx] = readable(plan.label)
        self._next += 1
        self.plans.append(plan)
        for f in plan.children:
            if f.kind is WireKind.WRAPPED:
                self.wrappers[self._next] = (ctx, f)
                self.labels[self._next] = readable(f"{self.labels[ctx]}.{f.attr} list <{f.name}>")
                self._next += 1
            if f.scalar is ScalarKind.MODEL:
                self._number(plan_for(f.type))
        return ctx

    def leaf(self, field: FieldPlan, name: str, store: int, owner: int) -> int:
        label = f"{self.labels[owner]}.{field.attr}{' item' if store == -1 else ''} <{name}>"
        self.leaves.append(_Leaf(field, name, store, readable(label)))
        return len(self.leaves)

    # -- start --------------------------------------------------------------------------

    def open_model(self, plan: ModelPlan, name: str, store: int, ind: str) -> list[str]:
        template = ", ".join(
            "_MISSING" if f.required and not f.is_list else "None" for f in plan.fields
        )
        lines = [
            f"{ind}push((c, vals, {name!r}, {store}))",
            *_DEPTH_CHECK(ind),
            f"{ind}ctx = {self.models[plan.key]}  # {self.labels[self.models[plan.key]]}",
            f"{ind}vals = [{template}]",
        ]
        if plan.text is not None:
            lines.append(f"{ind}parser.CharacterDataHandler = append")
        return [*lines, *self.attributes(plan, ind), f"{ind}return"]

    def open_item(self, f: FieldPlan, name: str, store: int, ind: str, owner: int) -> list[str]:
        """Lines opening an element of ``f``, a field of ``owner`` (a ctx)."""
        if f.scalar is ScalarKind.MODEL:
            return self.open_model(plan_for(f.type), name, store, ind)
        code = self.leaf(f, name, store, owner)
        return [
            *self.opening_leaf(store, ind),
            f"{ind}leaf = {code}  # {self.leaves[code - 1].label}",
            f"{ind}if full:",
            f"{ind}    raise _TooDeep",
            f"{ind}parser.CharacterDataHandler = append",
            f"{ind}return",
        ]

    def start_source(self) -> list[str]:
        lines = [
            "def start(name, attrs):",
            "    nonlocal ctx, vals, leaf, full",
            "    if leaf:",
            "        raise _Inside(name)",
            "    if attrs and len(attrs) > max_attributes2:",
            "        raise _TooManyAttributes(name, len(attrs) // 2)",
            "    c = ctx",
        ]
        branches: list[tuple[int, list[str]]] = []
        for plan in self.plans:
            body: list[str] = []
            for slot, f in enumerate(plan.children and plan.fields):
                if f.kind in (WireKind.ATTRIBUTE, WireKind.TEXT):
                    continue
                body.append(f"        if name == {f.name!r}:")
                ind = "            "
                body += self.opening(f, slot, ind)
                if f.kind is WireKind.WRAPPED:
                    wctx = self._wrapper_ctx(plan, f)
                    body += [
                        f"{ind}items = vals[{slot}]",
                        f"{ind}if items is None:",
                        f"{ind}    items = vals[{slot}] = []",
                        f"{ind}push((c, vals, {f.name!r}, None))",
                        *_DEPTH_CHECK(ind),
                        f"{ind}ctx = {wctx}  # {self.labels[wctx]}",
                        f"{ind}vals = items",
                        f"{ind}return",
                    ]
                elif f.kind is WireKind.REPEATED:
                    body += self.open_item(f, f.name, -2 - slot, ind, self.models[plan.key])
                else:
                    body += self.open_item(f, f.name, slot, ind, self.models[plan.key])
            if plan.text is not None:  # no child fields: any element inside is misplaced
                body = ["        raise _Inside(name)"]
            branches.append((self.models[plan.key], body))
        for wctx, (owner, f) in self.wrappers.items():
            assert f.item is not None
            body = [
                f"        if name == {f.item!r}:",
                *self.open_item(f, f.item, -1, "            ", owner),
            ]
            branches.append((wctx, body))
        root = self.root
        assert root.root is not None
        document = [
            f"        if name == {root.root!r}:",
            *self.open_model(root, root.root, 0, "            "),
        ]
        branches.append((_DOCUMENT_CTX, document))
        # Deepest contexts first: their elements (the list items) are the most numerous.
        branches.sort(key=lambda b: -b[0])
        for i, (ctx, body) in enumerate(b for b in branches if b[1]):
            lines.append(f"    {'if' if i == 0 else 'elif'} c == {ctx}:  # {self.labels[ctx]}")
            lines += body
        lines += [
            "    if c == 1:  # document",
            "        raise _WrongRoot(name)",
            *self.unknown(),
        ]
        return lines

    def _wrapper_ctx(self, plan: ModelPlan, field: FieldPlan) -> int:
        owner = self.models[plan.key]
        return next(w for w, (o, f) in self.wrappers.items() if o == owner and f is field)

    # -- hooks --------------------------------------------------------------------------

    def attributes(self, plan: ModelPlan, ind: str) -> list[str]:
        """Lines reading the attributes ``attrs`` of a model's start tag into ``vals``."""
        lines: list[str] = []
        attributes = [
            (slot, f) for slot, f in enumerate(plan.fields) if f.kind is WireKind.ATTRIBUTE
        ]
        if attributes:
            # ordered_attributes: a flat [name, value, ...] list, cheaper than a dict
            # for the many elements that have none.
            lines.append(f"{ind}if attrs:")
            lines.append(f"{ind}    attrs = dict(zip(attrs[::2], attrs[1::2]))")
            for slot, f in attributes:
                lines += [
                    f"{ind}    a = attrs.get({f.name!r})",
                    f"{ind}    if a is not None:",
                    f"{ind}        try:",
                    *self.convert(f, "a", "v", ind + "            "),
                    *self.read_value(f, "a", ind + "            "),
                    f"{ind}        except Fail as e:",
                    f"{ind}            e.attribute = {f.name!r}",
                    f"{ind}            raise",
                    f"{ind}        vals[{slot}] = v",
                ]
        return lines

    def opening(self, f: FieldPlan, slot: int, ind: str) -> list[str]:
        """Lines opening an element of child field ``f`` (slot ``slot``) of the open model,
        before anything else; none here."""
        return []

    def opening_leaf(self, store: int, ind: str) -> list[str]:
        """Lines opening a scalar element (stored as ``store`` says: see `store`), before
        anything else; none here."""
        return []

    def unknown(self) -> list[str]:
        """Lines opening an element the model does not declare here: skipped, with all it
        holds (its depth still counts)."""
        return [
            "    push((c, vals, name, None))",
            *_DEPTH_CHECK("    "),
            "    ctx = 0  # skipped element",
            "    vals = None",
        ]

    def read_value(self, f: FieldPlan, src: str, ind: str) -> list[str]:
        """Lines after text ``src`` was read into the value ``v`` of ``f``; none here."""
        return []

    def closing(self, plan: ModelPlan, ind: str) -> list[str]:
        """Lines at the end tag of a model, before it is built from ``vals``; none here."""
        return []

    #: the parameters of ``make``, the factory of one call's handlers
    parameters: tuple[str, ...] = (
        "parser",
        "document",
        "buf",
        "stack",
        "max_depth",
        "max_attributes2",
    )

    def factory(self) -> list[str]:
        """The head of ``make``: its signature, then what it sets up."""
        return [
            f"def make({', '.join(self.parameters)}):",
            "    ctx, vals, leaf, full = 1, document, 0, False",
            "    clear, append, join = buf.clear, buf.append, ''.join",
            "    pending = []  # id texts waiting for their batch conversion",
            "    push, pop = stack.append, stack.pop",
        ]

    def module(self, cls: type[Any]) -> Callable[..., Any]:
        """Compile the handlers' factory; return ``make``."""
        handlers = [*self.start_source(), *self.end_source()]
        # One factory, compiled once; each decode call makes fresh closures, so the handlers'
        # state (ctx, vals, leaf, the stack) belongs to that call alone: decoding is pure and
        # threads share nothing.
        source = [
            *self.factory(),
            *("    " + line for line in handlers),
            "    def state():",
            "        return ctx, vals, leaf, pending",
            "    return start, end, state",
        ]
        compile_module("\n".join(source) + "\n", self.env, self.prefix, cls)
        make: Callable[..., Any] = self.env["make"]
        return make

    # -- end ----------------------------------------------------------------------------

    def convert(self, f: FieldPlan, src: str, out: str, ind: str) -> list[str]:
        """Lines turning text ``src`` into value ``out``, raising `Fail` for bad text."""
        return f.vkind.read(self.ns, src, out, ind)

    def convert_text(self, f: FieldPlan, ind: str) -> list[str]:
        """Lines turning a model's text ``t`` into ``v``: a `Fail` is located at its ``$``, as
        in JSON and the reference reader (`_check`)."""
        return [
            f"{ind}try:",
            *self.convert(f, "t", "v", ind + "    "),
            f"{ind}except Fail as e:",
            f"{ind}    e.segments.append({key_segment('$')!r})",
            f"{ind}    raise",
        ]

    def bulk(self, f: FieldPlan) -> str:
        """The name of the batch conversion of ``f``'s kind (see `_bulk`)."""
        return self.ns.global_for(f.vkind.bulk, "B", f.vkind.name)

    def store(self, store: int, value: str, ind: str) -> list[str]:
        if store >= 0:
            return [f"{ind}vals[{store}] = {value}"]
        if store == -1:
            return [f"{ind}vals.append({value})"]
        slot = -2 - store
        return [
            f"{ind}items = vals[{slot}]",
            f"{ind}if items is None:",
            f"{ind}    vals[{slot}] = [{value}]",
            f"{ind}else:",
            f"{ind}    items.append({value})",
        ]

    def build(self, plan: ModelPlan, ind: str) -> list[str]:
        """Lines making instance ``o`` from the finished slot list ``vals``."""
        lines = []
        if plan.fields:
            names = ", ".join(f"v_{f.attr}" for f in plan.fields)
            lines.append(f"{ind}{names}{',' if len(plan.fields) == 1 else ''} = vals")
        for f in plan.fields:
            var = f"v_{f.attr}"
            if f.is_list:
                lines.append(f"{ind}{var} = () if {var} is None else tuple({var})")
            elif f.required:
                where = ("@" if f.kind is WireKind.ATTRIBUTE else "") + f.name
                message = f"missing required value {where!r}"
                lines += [
                    f"{ind}if {var} is _MISSING:",
                    f"{ind}    raise Fail('missing', {message!r}, {key_segment(where)!r})",
                ]
        build, env = construct_lines(plan, ind, self.env)
        self.env.update(env)
        return [*lines, *build]

    def end_source(self) -> list[str]:
        lines = [
            "def end(_name):",
            "    nonlocal ctx, vals, leaf, full",
            "    l = leaf",
            "    if l:",
            f"        parser.CharacterDataHandler = {self.outside}",
            "        t = join(buf)",
            "        clear()",
        ]
        # Scalar elements of the most deeply nested models (the many list items) come first.
        for i, code in enumerate(sorted(range(1, len(self.leaves) + 1), key=lambda c: -c)):
            info = self.leaves[code - 1]
            lines.append(f"        {'if' if i == 0 else 'elif'} l == {code}:  # {info.label}")
            if _bulk(info.field, info.store):
                # An id in an id list waits as text, converted with the others in batches of
                # _BATCH (and the rest where the wrapper ends): see _bulk_ints.
                segment = key_segment(info.name)
                lines += [
                    "            pending.append(t)",
                    "            leaf = 0  # a batch's problem is located by its index: _problem",
                    f"            if len(pending) >= {_BATCH}:",
                    f"                vals += {self.bulk(info.field)}"
                    f"(pending, len(vals), {segment!r})",
                    "                pending.clear()",
                ]
                continue
            lines += [
                *self.convert(info.field, "t", "v", "            "),
                *self.read_value(info.field, "t", "            "),
                *self.store(info.store, "v", "            "),
            ]
        lines += ["        leaf = 0", "        return", "    c = ctx"]
        for i, plan in enumerate(reversed(self.plans)):
            ctx = self.models[plan.key]
            lines.append(f"    {'if' if i == 0 else 'elif'} c == {ctx}:  # {self.labels[ctx]}")
            text = plan.text
            if text is not None:
                slot = plan.fields.index(text)
                lines += [
                    f"        parser.CharacterDataHandler = {self.outside}",
                    "        t = join(buf)",
                    "        clear()",
                ]
                if text.optional:  # an empty text is None
                    lines += [
                        "        if t:",
                        *self.convert_text(text, "            "),
                        *self.read_value(text, "t", "            "),
                        f"            vals[{slot}] = v",
                    ]
                else:
                    lines += [
                        *self.convert_text(text, "        "),
                        *self.read_value(text, "t", "        "),
                        f"        vals[{slot}] = v",
                    ]
            lines += [
                *self.closing(plan, "        "),
                *self.build(plan, "        "),
                "        c, vals, _, s = pop()",
                "        ctx = c",
                "        full = False",
                "        if s == -1:",
                "            vals.append(o)",
                "        elif s >= 0:",
                "            vals[s] = o",
                "        else:",
                "            items = vals[-2 - s]",
                "            if items is None:",
                "                vals[-2 - s] = [o]",
                "            else:",
                "                items.append(o)",
                "        return",
            ]
        for wctx, (_, f) in self.wrappers.items():
            if _bulk(f, -1):
                segment = key_segment(f.item or "")
                lines += [
                    f"    {'if' if not self.plans else 'elif'} c == {wctx} and pending:"
                    f"  # {self.labels[wctx]}",
                    f"        vals += {self.bulk(f)}(pending, len(vals), {segment!r})",
                    "        pending.clear()",
                ]
        lines += ["    ctx, vals, _, _ = pop()", "    full = False"]
        return lines


# --------------------------------------------------------------------------- the reader


def _locate(
    frames: list[tuple[Any, ...]],
    tail: tuple[str, int | None] | None,
    attribute: str | None,
    inside: str | None,
) -> tuple[str, str]:
    """JSON path and element path of the open elements ``frames``, then of ``tail`` (a scalar
    element's name, and its index if it is a list item), then of ``attribute`` (``@name``);
    ``inside`` is an element found inside scalar text, which only the element path names."""
    json_parts = ["$"]
    xml_parts = [""]

    def step(name: str, index: int | None) -> None:
        if index is None:
            json_parts.append(key_segment(name))
            xml_parts.append(name)
        else:
            json_parts.append(f"{key_segment(name)}[{index}]")
            xml_parts.append(f"{name}[{index + 1}]")

    for _, parent, name, store in frames:
        step(name, _index(store, parent))
    if tail is not None:
        step(*tail)
    if attribute is not None:
        json_parts.append(key_segment(attribute))
        xml_parts.append(attribute)
    if inside is not None:
        xml_parts.append(inside)
    return "".join(json_parts), "/".join(xml_parts)


def _index(store: int | None, parent: Any) -> int | None:
    """The list index of the element about to be stored as ``store`` says (see `Generator`)
    in ``parent`` (the slot list or list it goes to); ``None`` where it is no list item."""
    if store is None or store >= 0:
        return None
    return len(parent) if store == -1 else len(parent[-2 - store] or ())


class Stop(Exception):
    """A handler's reason to stop that is not a `Fail` of a value."""


class _TooDeep(Stop):
    pass


class _TooManyAttributes(Stop):
    pass


class _WrongRoot(Stop):
    pass


class _Inside(Fail):
    """An element inside scalar text (or a `text()` model's): a problem of the value it
    interrupts, located at that element."""

    __slots__ = ("element",)

    def __init__(self, element: str) -> None:
        super().__init__("type", f"expected text, found element <{element}>")
        self.element = element


class _Found(Exception):
    """Stops `_start_tag`'s reading where it found what it looks for."""


def _start_tag(
    raw: bytes, stopped: int, depth: int, item: str | None, after: int
) -> tuple[int, int]:
    """Line and column of the start tag of the element at fault, found by reading ``raw``
    again (on the error path only, so success pays nothing for locations; a lean reading, as
    `document_problem`'s: one Python call per start tag, none per end tag or text).

    ``stopped`` is expat's byte index once a handler raised: just past the tag it was called
    for, so that every start tag before it was read before the reader stopped. The element is
    the last of them with ``depth`` elements open around it; with ``item``, it is the ``item``
    element ``after`` items before the last one at that depth (in a wrapper whose items were
    waiting for their batch conversion, see `_bulk`).
    """
    parser = expat_parser()
    parser.ordered_attributes = True
    opened: list[str] = []
    items: list[tuple[int, int]] = []
    found = (1, 1)

    def start(name: str, _attributes: list[str]) -> None:
        nonlocal found
        if parser.CurrentByteIndex >= stopped:
            raise _Found
        level = len(opened)
        opened.append(name)
        if level == depth:
            if item is None:
                found = (parser.CurrentLineNumber, parser.CurrentColumnNumber + 1)
            elif name == item:
                items.append((parser.CurrentLineNumber, parser.CurrentColumnNumber + 1))
        elif level == depth - 1:
            items.clear()  # the wrapper, or an element before it

    parser.StartElementHandler = start
    # No Python call per end tag: depth is all that counts, not which of the names goes.
    parser.EndElementHandler = opened.remove
    # A document with a syntax problem is not located here (see document_problem).
    with contextlib.suppress(_Found, Doctype, expat.ExpatError):
        parser.Parse(raw, True)
    return items[-1 - after] if item is not None and after < len(items) else found


def _problem(
    stop: Exception,
    parser: Any,
    raw: bytes,
    stack: list[tuple[Any, ...]],
    state: tuple[int, Any, int, list[str]],
    gen: Generator,
    limits: Limits,
) -> Problem:
    """The located problem for what stopped the handlers, as the checker locates it (see
    `_check`): a value's at the start tag of its element (of the model, for a missing one)."""
    line, column = parser.CurrentLineNumber, parser.CurrentColumnNumber + 1
    names = [frame[2] for frame in stack]
    if isinstance(stop, Doctype):
        return Problem("syntax", "$", DOCTYPE_MESSAGE, None, line, column)
    ctx, vals, leaf, pending = state
    at = gen.leaves[leaf - 1] if leaf else None
    if isinstance(stop, _WrongRoot):
        message = f"expected root element {gen.root.root!r}, found {stop.args[0]!r}"
        line, column = _start_tag(raw, parser.CurrentByteIndex, 0, None, 0)
        return Problem("root", "$", message, "/" + stop.args[0], line, column)
    if isinstance(stop, Fail):
        tail = None if at is None else (at.name, _index(at.store, vals))
        item: str | None = None
        after = 0
        wrapper = gen.wrappers.get(ctx)
        if pending and wrapper is not None:
            # Items of this wrapper wait for their batch (see _bulk): a bad one among them
            # comes first (it may be what stopped the reader, at a batch's end).
            f = wrapper[1]
            for i, text in enumerate(pending):
                try:
                    f.vkind.from_text(text)
                except Fail as fail:
                    stop, item = fail, f.item or ""
                    tail = (item, len(vals) + i)
                    # the items read after it (the open one too, if any)
                    after = len(pending) - 1 - i + (0 if at is None else 1)
                    break
            else:  # all good: the open item comes after them
                tail = None if at is None else (at.name, len(vals) + len(pending))
        attribute = None if stop.attribute is None else "@" + stop.attribute
        inside = stop.element if isinstance(stop, _Inside) else None
        json_path, xml_path = _locate(stack, tail, attribute, inside)
        path = json_path + "".join(reversed(stop.segments))
        # How many elements are open around the one at fault: the frames, less a model's own
        # (at its end, or reading its attributes), plus a scalar element's (no frame) for an
        # element inside it; list items waiting for their batch are the wrapper's children.
        if item is not None:
            depth = len(stack)
        elif isinstance(stop, _Inside):
            depth = len(stack) if at is None else len(stack) + 1
        else:
            depth = len(stack) - 1 if at is None else len(stack)
        line, column = _start_tag(raw, parser.CurrentByteIndex, depth, item, after)
        return Problem(stop.code, path, stop.message, xml_path, line, column)
    # Limits are about the document, not the model: located by element names alone, as
    # the checker that runs before any model is known locates them (and where it does: at
    # the end of the start tag that breaks one).
    if isinstance(stop, _TooManyAttributes):
        names.append(stop.args[0])
        message = limits.attributes_message(stop.args[1])
    else:
        names += [at.name] if at is not None else []
        message = limits.depth_message()
    path = "$" + "".join(key_segment(n) for n in names)
    return Problem("limit", path, message, "/" + "/".join(names), line, column)


def build_xml_reader(cls: type[Any]) -> Callable[[bytes | str, Limits], Any]:
    """The streaming XML decoder of a top-level model (the same for every version)."""
    gen = Generator(cls)
    make = gen.module(cls)

    def decode(data: bytes | str, limits: Limits = DEFAULT_LIMITS) -> Any:
        raw = xml_bytes(as_input(data))
        if isinstance(raw, Problem):
            raise DecodeError(raw)
        parser = expat_parser()
        parser.buffer_text = True
        parser.ordered_attributes = True
        buf: list[str] = []
        stack: list[tuple[Any, ...]] = []
        document: list[Any] = [None]

        start, end, state = make(
            parser, document, buf, stack, limits.max_depth, 2 * limits.max_attributes
        )
        parser.StartElementHandler = start
        parser.EndElementHandler = end
        try:
            parser.Parse(raw, True)
        except (Fail, Stop, Doctype) as stop:
            # Every problem is located here, after expat has stopped: the handlers only
            # raise, so that a call that succeeds makes no error machinery at all.
            if isinstance(stop, (Fail, _WrongRoot)):
                # A document that does not parse, or breaks a limit, further on has that
                # problem first, as the reference reader says (no model path is reliable
                # in it): the rest is read for it (this path only, so success pays nothing).
                problem = document_problem(data, limits)
                if problem is not None:
                    raise DecodeError(problem) from None
            problem = _problem(stop, parser, raw, stack, state(), gen, limits)
            raise DecodeError(problem) from None
        except expat.ExpatError as exc:
            # Located by line and column only, as the checker does: see _check.parse_xml.
            message = f"malformed XML: {expat.ErrorString(exc.code)}"
            problem = Problem("syntax", "$", message, None, exc.lineno, exc.offset + 1)
            raise DecodeError(problem) from None

        return document[0]

    return decode
