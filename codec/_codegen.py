"""A namespace for generated code: one function per reachable model, compiled together.

Each codec (JSON decoder, JSON encoder per version, XML encoder, XML tree walker, XML
streaming reader) generates Python source from plans, once, at first use, as attrs and cattrs
do. Functions of one codec live in one namespace and call each other by name, so a model that
holds another (or itself) needs no forward declarations: `function_for` hands out a name at
once and queues the plan.

The source is meant to be read: global names come from the model's ``__qualname__`` (only
``[A-Za-z0-9_]`` kept, a counter where two would clash), never from ``id()``, so the text is the
same from one run to the next; every module is registered with `linecache` under a filename
of its own (``<codec generated json decoder for pkg.Model>``), so tracebacks show its lines
and `inspect.getsource` works; and `generated_source` gives it back per payload type (what
`Codec.source` shows).
"""

from __future__ import annotations

import enum
import functools
import keyword
import linecache
import re
import threading
import weakref
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, Final

import attrs

from ._fields import KEPT_ATTR, Kept, WireKind
from ._plan import ModelPlan, blame, plan_for
from ._plan import blamer as make_blamer
from ._values import enum_table
from ._wire import origin_of, type_label

__all__ = [
    "construct_lines",
    "constructor",
    "Namespace",
    "compile_module",
    "generated_source",
    "identifier",
    "readable",
]

_NOT_NAME: Final = re.compile("[^A-Za-z0-9_]+")

#: What each kind of generated module is, by namespace prefix (``je3``: JSON encoder, v3).
_KINDS: Final = {
    "jd": "json decoder",
    "je": "json encoder",
    "xe": "xml encoder",
    "xw": "xml tree walker",
    "xr": "xml streaming reader",
    "sc": "strict json check",
    "sj": "strict json decoder",
    "xs": "strict xml streaming reader",
}


def identifier(text: str, limit: int = 60) -> str:
    """``text`` as part of a Python name: runs of anything but ``[A-Za-z0-9_]`` become ``_``
    (``test.<locals>.Model`` -> ``test_locals_Model``), cut at ``limit`` characters; never
    empty (a class named ``-`` is ``unnamed``)."""
    name = _NOT_NAME.sub("_", text).strip("_")[:limit].rstrip("_")
    return name or "unnamed"


def readable(text: str) -> str:
    """``text`` safe inside a comment or a filename: one line of printable ASCII (newlines,
    control and non-ASCII characters as backslash escapes)."""
    return text.encode("unicode_escape").decode("ascii")


def _qualified(cls: Any) -> str:
    """``pkg.Model``, ``pkg.QueryResponse[Device]``: a model type as generated code names it."""
    origin = origin_of(cls) or cls
    module = getattr(origin, "__module__", None)
    name = type_label(cls)
    return readable(f"{module}.{name}" if isinstance(module, str) else str(name))


def _describe(prefix: str) -> str:
    """``je3`` -> ``json encoder v3``."""
    kind = prefix.rstrip("0123456789")
    number = prefix[len(kind) :]
    what = _KINDS.get(kind, kind)
    return f"{what} v{number}" if number else what


_lock: Final = threading.Lock()
#: Filenames handed out so far, by what they name: a second module for the same thing (two
#: classes sharing a qualname, a codec built again) gets ``-2``, ``-3``...
_filenames: Final[dict[str, int]] = {}
#: Root class -> (parametrization, namespace prefix) -> the source generated for it. Weak on
#: the class, and the keys and values are strings, so that a class nobody uses any more is
#: freed as before. A parametrization (``QueryResponse[Device]``) is kept under its generic
#: class, by the alias's repr (modules included); the class itself under ``""``.
_sources: Final[weakref.WeakKeyDictionary[type[Any], dict[tuple[str, str], str]]] = (
    weakref.WeakKeyDictionary()
)


def _source_key(root: Any) -> tuple[type[Any], str]:
    origin = origin_of(root)
    if origin is None or origin is root:
        return root, ""
    return origin, repr(root)


def compile_module(source: str, env: dict[str, Any], prefix: str, root: Any) -> None:
    """Compile and run ``source`` in ``env``, as the module ``prefix`` generated for ``root``:
    registered with `linecache` under a unique filename, and kept for `generated_source`."""
    what = f"codec generated {_describe(prefix)} for {_qualified(root)}"
    with _lock:
        count = _filenames[what] = _filenames.get(what, 0) + 1
        filename = f"<{what}>" if count == 1 else f"<{what}-{count}>"
        holder, name = _source_key(root)
        _sources.setdefault(holder, {})[name, prefix] = source
    code = compile(source, filename, "exec")
    # As attrs does: no mtime, so linecache.checkcache keeps the entry.
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    exec(code, env)


def generated_source(root: Any, prefixes: Iterable[str]) -> str:
    """The source of the modules ``prefixes`` generated for ``root``, in that order, each
    under a header comment saying what it is."""
    holder, name = _source_key(root)
    with _lock:
        sources = dict(_sources.get(holder, {}))
    parts = []
    for prefix in prefixes:
        source = sources.get((name, prefix))
        if source is not None:
            header = f"# codec generated {_describe(prefix)} for {_qualified(root)}"
            parts.append(f"{header}\n\n{source.rstrip()}\n")
    return "\n\n".join(parts)


def unique_name(base: str, value: object, taken: Mapping[str, Any]) -> str:
    """``base``, or ``base_2``, ``base_3``... : the first not taken by another value."""
    name, count = base, 1
    while name in taken and taken[name] is not value:
        count += 1
        name = f"{base}_{count}"
    return name


class Namespace:
    def __init__(self, prefix: str, env: dict[str, Any]) -> None:
        self.prefix = prefix
        self.env: dict[str, Any] = dict(env)
        #: model type (a class, or a parametrization of a generic one) -> its function
        self.names: dict[Any, str] = {}
        self._pending: list[ModelPlan] = []
        #: (hint, the value's identity, or a string's text) -> its global name
        self._globals: dict[tuple[str, object], str] = {}
        self._enums: dict[type[enum.Enum], tuple[str, str]] = {}

    def function_for(self, cls: Any) -> str:
        """The name of the function generated for model type ``cls`` (a class, or a
        parametrization: ``QueryResponse[Device]`` is ``..._QueryResponse_Device_0``);
        queues it on first request."""
        name = self.names.get(cls)
        if name is None:
            plan = plan_for(cls)
            # An identifier whatever the class is called: the counter keeps names unique.
            name = f"{self.prefix}_{identifier(plan.label)}_{len(self.names)}"
            self.names[cls] = name
            self._pending.append(plan)
        return name

    def global_for(self, value: object, hint: str, label: str | None = None) -> str:
        """Put ``value`` in the namespace and return its name, ``_<hint>_<label>``: the label
        defaults to a class's qualname, a string's text, else the value's type name, kept to
        ``[A-Za-z0-9_]``, with a counter where two values would share a name. The same value
        (a string: the same text) gets the same name."""
        key = (hint, value if isinstance(value, str) else id(value))
        name = self._globals.get(key)
        if name is not None:
            return name
        if label is None:
            if isinstance(value, type):
                label = value.__qualname__
            elif isinstance(value, str):
                label = value
            else:
                label = type(value).__qualname__
        name = unique_name(f"_{hint}_{identifier(label, 40)}", value, self.env)
        self.env[name] = value
        self._globals[key] = name
        return name

    def enum(self, cls: type[enum.Enum]) -> tuple[str, str]:
        """Names of an enum class and of its wire value -> member table."""
        names = self._enums.get(cls)
        if names is None:
            table = enum_table(cls)
            names = self._enums[cls] = (
                self.global_for(cls, "T"),
                self.global_for(table, "E", cls.__qualname__),
            )
        return names

    def generate(
        self, root: Any, function: Callable[[ModelPlan, str], list[str]]
    ) -> Callable[..., Any]:
        """Generate ``function(plan, name)`` for ``root`` and all it reaches; return root's."""
        entry = self.function_for(root)
        source: list[str] = []
        while self._pending:
            plan = self._pending.pop()
            source += [*function(plan, self.names[plan.key]), ""]  # a blank line between
        compile_module("\n".join(source), self.env, self.prefix, root)
        result: Callable[..., Any] = self.env[entry]
        return result


def _slot_setters(plan: ModelPlan) -> tuple[list[Any], Any] | None:
    """The slot setters of ``plan``'s fields and of the hidden kept field, where instances may
    be made without ``__init__`` (see `construct_lines`); else ``None``."""
    cls = plan.cls
    slots = [cls.__dict__.get(f.attr) for f in plan.fields]
    kept_slot = cls.__dict__.get(KEPT_ATTR)
    if not plan.direct_build or not all(hasattr(s, "__set__") for s in [*slots, kept_slot]):
        return None
    return [s.__set__ for s in slots], kept_slot.__set__  # type: ignore[union-attr]


def absent_defaults(plan: ModelPlan) -> dict[int, Callable[[], Any]]:
    """By field index, how to make the value of a field absent from the payload that is
    neither optional nor a list (nor text) and has a default: its default, so that a field
    typed ``int`` with ``default=5`` decodes as ``5``, never as ``None``."""
    fields = attrs.fields_dict(plan.cls)
    out: dict[int, Callable[[], Any]] = {}
    for i, f in enumerate(plan.fields):
        if f.optional or f.is_list or f.kind is WireKind.TEXT or f.required:
            continue
        default: Any = fields[f.attr].default
        if isinstance(default, attrs.Factory):  # type: ignore[arg-type]  # a class at runtime
            if not default.takes_self:
                out[i] = default.factory
        elif default is not None:
            out[i] = functools.partial(_same, default)
    return out


def _same(value: Any) -> Any:
    return value


def _init_keywords(plan: ModelPlan) -> list[str]:
    """The ``__init__`` keyword of each field: attrs names the keyword of ``_x`` ``x``, its
    alias."""
    alias = {a.name: a.alias for a in attrs.fields(plan.cls)}
    return [alias.get(f.attr) or f.attr for f in plan.fields]


def constructor(plan: ModelPlan) -> Callable[[Sequence[Any], Kept | None], Any]:
    """``(values, kept) -> instance`` of ``plan.cls``, made as `construct_lines` makes it
    (slots written where it writes slots, ``__init__`` where it calls it, a refusal turned
    into the `Fail` of `blame`), with ``kept`` in the hidden field: the reference reader's
    twin of the generated lines, in plain Python."""
    cls = plan.cls
    setters = _slot_setters(plan)
    defaults = absent_defaults(plan)
    if setters is not None:
        fields, set_kept = setters
        new = object.__new__

        def build_slots(values: Sequence[Any], kept: Kept | None) -> Any:
            for i, make in defaults.items():
                if values[i] is None:
                    values = [*values[:i], make(), *values[i + 1 :]]
            o = new(cls)
            for set_field, value in zip(fields, values, strict=True):
                set_field(o, value)
            set_kept(o, kept)
            return o

        return build_slots
    keywords = _init_keywords(plan)

    def build_init(values: Sequence[Any], kept: Kept | None) -> Any:
        for i, make in defaults.items():
            if values[i] is None:
                values = [*values[:i], make(), *values[i + 1 :]]
        try:
            o = cls(**dict(zip(keywords, values, strict=True)))
        except Exception as e:
            raise blame(plan, e, values) from None
        if kept is not None:  # models are frozen: written as the slots are
            object.__setattr__(o, KEPT_ATTR, kept)
        return o

    return build_init


def construct_lines(
    plan: ModelPlan, indent: str, taken: Mapping[str, Any]
) -> tuple[list[str], dict[str, Any]]:
    """Source lines building ``plan.cls`` into local ``o`` from locals named ``v_<attr>``.

    Returns the lines and the globals they need. Decoders have already checked and converted
    every value (lists are tuples), so where the class has no validators or foreign converters
    the instance is made without ``__init__``, by writing its slots: a frozen attrs
    ``__init__`` costs more than twice the slot writes it performs. Where ``__init__`` runs,
    anything it raises becomes the `Fail` of the field that refused the value (see `blame`).
    `constructor` makes instances the same way, without generated code.

    No user text is spliced into the source: the globals are named from the class's qualname
    with only ``[A-Za-z0-9_]`` kept (``_C_Model``, ``_set_Model_id``); where one of those names
    is ``taken`` (by another class) in the globals these will join, a counter makes them unique
    (``_C_Model_2``). So the source is the same from one run to the next.
    """
    cls = plan.cls

    def free(tag: str) -> bool:
        owner = taken.get(f"_C_{tag}")
        if owner is not None:
            return owner is cls  # the same class: its names are the same
        return f"_blame_{tag}" not in taken and all(
            f"_set_{tag}_{f.attr}" not in taken for f in plan.fields
        )

    base = tag = identifier(plan.label)
    count = 1
    while not free(tag):
        count += 1
        tag = f"{base}_{count}"
    name = f"_C_{tag}"
    env: dict[str, Any] = {name: cls}
    # An absent field that is neither optional nor a list takes its default (absent_defaults).
    first: list[str] = []
    for i, make in absent_defaults(plan).items():
        attr = plan.fields[i].attr
        env[f"_d_{tag}_{attr}"] = make
        first += [f"{indent}if v_{attr} is None:", f"{indent}    v_{attr} = _d_{tag}_{attr}()"]
    lines, built = _construct(plan, indent, tag, name, env)
    return [*first, *lines], built


def _construct(
    plan: ModelPlan, indent: str, tag: str, name: str, env: dict[str, Any]
) -> tuple[list[str], dict[str, Any]]:
    setters = _slot_setters(plan)
    if setters is None:
        keywords = _init_keywords(plan)
        if all(k.isidentifier() and not keyword.iskeyword(k) for k in keywords):
            args = ", ".join(f"{k}=v_{f.attr}" for k, f in zip(keywords, plan.fields, strict=True))
        else:
            pairs = (f"{k!r}: v_{f.attr}" for k, f in zip(keywords, plan.fields, strict=True))
            args = "**{" + ", ".join(pairs) + "}"
        values = ", ".join(f"v_{f.attr}" for f in plan.fields)
        blamer = f"_blame_{tag}"
        env[blamer] = make_blamer(plan)
        return [
            f"{indent}try:",
            f"{indent}    o = {name}({args})",
            f"{indent}except Exception as e:",
            f"{indent}    raise {blamer}(e, ({values}{',' if len(plan.fields) == 1 else ''}))"
            " from None",
        ], env
    fields, set_kept = setters
    env["_new"] = object.__new__
    lines = [f"{indent}o = _new({name})"]
    for f, set_field in zip(plan.fields, fields, strict=True):
        setter = f"_set_{tag}_{f.attr}"
        env[setter] = set_field
        lines.append(f"{indent}{setter}(o, v_{f.attr})")
    # The hidden field (see `_fields.model`): nothing kept, until unknown="keep" says so.
    env[f"_kept_{tag}"] = set_kept
    lines.append(f"{indent}_kept_{tag}(o, None)")
    return lines, env
