"""The fast XML path: expat builds an ElementTree in C, generated code walks it into models.

Why: a Python callback per expat event costs about five times the parse itself, while the C
tree builder of ``xml.etree`` makes the whole tree with no Python call, and walking a tree
whose shape the model already knows is a few attribute reads per element.

Invariant: this path never decides anything. It returns a model only for input it handled
completely under the semantics of `_xml_reader`; for anything else (a DOCTYPE, comments,
CDATA or processing instructions, namespaces, malformed bytes, a wrong root, any value that
does not convert) it hands the original input to the streaming reader, which either decodes
it or raises the located `DecodeError`. So errors cost a second parse, and successes cost one.
Differential tests check that both paths agree on every generated payload.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final
from xml.etree import ElementTree

from ._codegen import Namespace, construct_lines
from ._fields import WireKind
from ._limits import DEFAULT_LIMITS, Limits, TooDeep, retry_with_room
from ._parse import as_input, xml_bytes
from ._plan import FieldPlan, ModelPlan, ScalarKind, plan_for
from ._values import Fail
from ._xml_reader import build_xml_reader

__all__ = ["TREE_LIMIT", "build_xml_decoder", "plain_markup", "tree_reads"]


class _Defer(Exception):
    """Raised inside the walk: let the streaming reader decide this input."""


_MISSING: Final = object()

#: Inputs above this many bytes are decoded by the streaming reader instead: the tree costs
#: about three times the memory of the finished models, the reader about one, and above this
#: size the reader's fixed cost per call no longer matters (it is 7-8x a bare expat parse on
#: large payloads, against about 5x here; on small ones 9-16x, against 4-5x here).
TREE_LIMIT: Final = 512 * 1024

_ENV: Final[dict[str, Any]] = {
    "_Defer": _Defer,
    "_MISSING": _MISSING,
}


def _convert(f: FieldPlan, mod: Namespace, src: str, out: str, ind: str) -> list[str]:
    """Lines turning the text in ``src`` (``None`` for an empty element) into ``out``, or
    raising ``_Defer``: the kind's snippet (see `_kinds`)."""
    return f.vkind.walk(mod, src, out, ind)


def _leaf(f: FieldPlan, mod: Namespace, el: str, out: str, ind: str) -> list[str]:
    """Lines reading the scalar element ``el`` (which must hold no element) into ``out``."""
    return [
        f"{ind}if len({el}):",
        f"{ind}    raise _Defer",
        f"{ind}t = {el}.text",
        *_convert(f, mod, "t", out, ind),
    ]


def _item(
    f: FieldPlan, mod: Namespace, el: str, acc: str, ind: str, budget: str = "b - 1"
) -> list[str]:
    """Lines appending the value of list item element ``el`` to ``acc``."""
    if f.scalar is ScalarKind.MODEL:
        return [f"{ind}{acc}.append({mod.function_for(f.type)}({el}, {budget}))"]
    return [*_leaf(f, mod, el, "v", ind), f"{ind}{acc}.append(v)"]


def _wrapper_items(f: FieldPlan, mod: Namespace, acc: str, ind: str) -> list[str]:
    """Lines collecting the items of wrapper element ``ch`` into ``acc``."""
    item = f.item
    many = f.vkind.walk_many(mod, "texts", "values", ind) if f.scalar is ScalarKind.VALUE else None
    if many is not None:
        return [
            f"{ind}items = [it for it in ch if it.tag == {item!r}]",
            f"{ind}if any(map(len, items)):",
            f"{ind}    raise _Defer",
            f"{ind}if len(items) != len(ch):",
            f"{ind}    _skipped([it for it in ch if it.tag != {item!r}], b - 2)",
            f"{ind}texts = [it.text for it in items]",
            *many,
            f"{ind}{acc} += values",
        ]
    return [
        f"{ind}for it in ch:",
        f"{ind}    if it.tag == {item!r}:",
        *_item(f, mod, "it", acc, ind + "        ", "b - 2"),
        f"{ind}    elif len(it):",
        f"{ind}        _skipped(it, b - 2)",
    ]


def _walk_function(plan: ModelPlan, mod: Namespace, name: str) -> list[str]:
    # ``b`` is the depth budget: max_depth less the depth of ``el``. Too little room for this
    # element's children and grandchildren, and the reader decides (exactly).
    lines = [f"def {name}(el, b):", "    if b < 2:", "        raise _Defer"]
    for f in plan.attributes:
        var = f"v_{f.attr}"
        lines.append(f"    {var} = el.get({f.name!r})")
        if f.required:
            lines += [f"    if {var} is None:", "        raise _Defer"]
        if not f.vkind.free_text:
            lines += [f"    if {var} is not None:", *_convert(f, mod, var, var, "        ")]
    children = plan.children
    for f in children:
        if f.is_list:
            lines.append(f"    a_{f.attr} = []")
        else:
            lines.append(f"    v_{f.attr} = {'_MISSING' if f.required else 'None'}")
    if children:
        lines += ["    for ch in el:", "        tag = ch.tag"]
        for i, f in enumerate(children):
            lines.append(f"        {'if' if i == 0 else 'elif'} tag == {f.name!r}:")
            ind = "            "
            if f.kind is WireKind.WRAPPED:
                lines += _wrapper_items(f, mod, f"a_{f.attr}", ind)
            elif f.kind is WireKind.REPEATED:
                lines += _item(f, mod, "ch", f"a_{f.attr}", ind)
            elif f.scalar is ScalarKind.MODEL:
                lines.append(f"{ind}v_{f.attr} = {mod.function_for(f.type)}(ch, b - 1)")
            else:
                lines += _leaf(f, mod, "ch", f"v_{f.attr}", ind)
        lines += ["        elif len(ch):", "            _skipped(ch, b - 1)"]
    text = plan.text
    if text is not None:  # such a model has no child fields (see _plan): any child is wrong
        lines += [
            "    if len(el):",
            "        raise _Defer",
            "    t = el.text",
        ]
        if text.optional:  # an empty text is None (see _xml_reader)
            lines += [
                "    if t is None:",
                f"        v_{text.attr} = None",
                "    else:",
                *_convert(text, mod, "t", f"v_{text.attr}", "        "),
            ]
        else:
            lines += _convert(text, mod, "t", f"v_{text.attr}", "    ")
    for f in children:
        if f.is_list:
            lines.append(f"    v_{f.attr} = tuple(a_{f.attr})")
        elif f.required:
            lines += [f"    if v_{f.attr} is _MISSING:", "        raise _Defer"]
    build, env = construct_lines(plan, "    ", mod.env)
    mod.env.update(env)
    return [*lines, *build, "    return o"]


def _skipped(element: Any, budget: int) -> None:
    """Skipped content must fit the depth budget too: defer if it goes deeper.

    ``element`` (or a list of elements) sits at the depth ``budget`` counts down from; only
    unknown content with children pays for this walk.
    """
    pending = [(e, budget) for e in element] if isinstance(element, list) else [(element, budget)]
    while pending:
        node, room = pending.pop()
        if room < 0:
            raise _Defer
        pending.extend((child, room - 1) for child in node)


_ENV["_skipped"] = _skipped


def plain_markup(raw: bytes) -> bool:
    """True where ``raw`` can hold nothing but elements, attributes and text (and an XML
    declaration at the start): "<!" opens a DOCTYPE, a comment or CDATA, "<?" past the start
    a processing instruction, "xmlns" declares a namespace and "xml:" uses the one every
    document has, and a first byte that is not "<" may be a byte order mark of an encoding
    the reader refuses. Each is a C-speed search of the bytes."""
    return not (
        raw[:1] != b"<"
        or b"<!" in raw
        or raw.find(b"<?", 1) != -1
        or b"xmlns" in raw
        or b"xml:" in raw
    )


def tree_reads(raw: bytes, limits: Limits, size: int = TREE_LIMIT) -> bool:
    """True where the C tree may read ``raw`` under the reader's semantics (`_xml_reader`);
    else the reader decides.

    Large documents go to the reader, whose memory stays near the size of the finished
    models, where a tree holds about three times that until the walk ends. Anything but
    elements, attributes and text goes there too (`plain_markup`): the C tree would resolve
    the names of namespaces that the reader takes as written, and handle the rest its own
    way. And where the input holds more "=" than an element may have attributes, some
    element might: the reader counts.
    """
    return len(raw) <= size and plain_markup(raw) and raw.count(b"=") <= limits.max_attributes


def build_xml_decoder(cls: type[Any]) -> Callable[[bytes | str, Limits], Any]:
    """The XML decoder of a top-level model: the fast path, deferring to the reader."""
    reader = build_xml_reader(cls)
    mod = Namespace("xw", _ENV)
    walk = mod.generate(cls, lambda p, name: _walk_function(p, mod, name))
    root = plan_for(cls).root
    parse = ElementTree.XMLParser
    parse_error = ElementTree.ParseError

    def decode(data: bytes | str, limits: Limits = DEFAULT_LIMITS) -> Any:
        if data.__class__ is not bytes and data.__class__ is not str:
            data = as_input(data)
        raw = xml_bytes(data)
        if raw.__class__ is not bytes:
            return reader(data, limits)  # which says what is wrong with it
        if not tree_reads(raw, limits):
            return reader(data, limits)
        parser = parse(encoding="utf-8")
        try:
            parser.feed(raw)
            tree = parser.close()
        except parse_error:
            return reader(data, limits)
        if tree.tag != root:
            return reader(data, limits)
        return from_tree(tree, data, limits)

    def from_tree(tree: Any, data: bytes | str, limits: Limits) -> Any:
        """The model of ``tree``, the C tree of ``data`` (under `tree_reads`); strict
        decoding hands over the tree its predicate read."""
        try:
            return walk(tree, limits.max_depth - 1)
        except (_Defer, Fail):  # Fail: a model refused its values; the reader says where
            return reader(data, limits)
        except RecursionError:
            pass  # a model that holds itself, nested deep: again, with room (see _limits)
        try:
            return retry_with_room(limits.max_depth, walk, tree, limits.max_depth - 1)
        except (_Defer, Fail, TooDeep):
            return reader(data, limits)

    decode.from_parsed = from_tree  # type: ignore[attr-defined]  # see _api._decode_half
    return decode
