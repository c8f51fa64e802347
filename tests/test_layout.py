"""The package layout: the generic core (``codec/_*.py``) apart from the PI specifics
(`codec.pi`), and no import cycles.

The import graph is built from the source: each module of ``codec/`` is parsed with `ast` and
every ``import`` and ``from ... import`` of a `codec` module counts, wherever it is (at the top,
inside a function, under ``TYPE_CHECKING``). ``from package import name`` is an edge to the
submodule ``package.name`` when there is one, else to the package.
"""

from __future__ import annotations

import ast
import inspect
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar, Final

import attrs
import pytest

import codec
from codec import __main__ as cli
from codec import _client
from codec._check import version_urls_of
from codec.jobservice import SUSPEND
from codec.pi import SHIPPED
from codec.pi._urls import ENVELOPE_URLS, EnvelopeUrls
from codec.pi.errordocument import ErrorDocument

PACKAGE: Final = Path(codec.__file__).parent
#: What the core must not import: the PI package and the modules re-exporting it.
PI: Final = ("codec.pi", "codec.jobservice", "codec.errordocument")

Graph = dict[str, set[str]]


def _module_name(path: Path) -> str:
    parts = ["codec", *path.relative_to(PACKAGE).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _imports(name: str, path: Path, known: set[str]) -> Iterator[str]:
    """The `codec` modules that module ``name`` (source at ``path``) imports, anywhere in it."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                target = alias.name
                while target and target not in known:  # ``import codec.pi.x`` -> codec.pi.x
                    target = target.rpartition(".")[0]
                if target:
                    yield target
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{base}.{node.module}" if node.module else base
            else:
                base = node.module or ""
            if base not in known:
                continue
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                yield sub if sub in known else base


def import_graph() -> Graph:
    """Module -> the `codec` modules it imports."""
    modules = _modules()
    known = set(modules)
    return {name: set(_imports(name, path, known)) - {name} for name, path in modules.items()}


def cycles(graph: Graph) -> list[list[str]]:
    """One cycle per strongly connected component of more than one module, as a path that
    starts and ends with the same module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = set()
            while True:
                member = stack.pop()
                component.add(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(_cycle_in(graph, component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def _cycle_in(graph: Graph, component: set[str]) -> list[str]:
    """A cycle through the first module of ``component``, by breadth-first search."""
    start = min(component)
    paths = {start: [start]}
    pending = [start]
    while pending:
        node = pending.pop(0)
        for target in sorted(graph[node] & component):
            if target == start:
                return [*paths[node], start]
            if target not in paths:
                paths[target] = [*paths[node], target]
                pending.append(target)
    raise AssertionError(f"no cycle in {sorted(component)}")  # pragma: no cover


def _is_core(name: str) -> bool:
    last = name.rpartition(".")[2]
    return name.count(".") == 1 and last.startswith("_") and not last.startswith("__")


#: Cycles older than the PI split, inside the core and in modules it did not touch: `_plan`
#: imports `_values` inside `blame`, and `_values` imports `_plan`'s integer bounds. Listed so
#: that any other cycle fails; the test also fails once one of these is gone, to drop it here.
KNOWN_CYCLES: Final[list[set[str]]] = []


def test_no_import_cycles() -> None:
    """No module of codec imports, directly or not, one that imports it back (but the known
    core cycles, which must still exist)."""
    found = cycles(import_graph())
    new = [
        " -> ".join(c) + f"  (modules in the cycle: {', '.join(sorted(set(c)))})"
        for c in found
        if set(c) not in KNOWN_CYCLES
    ]
    assert not new, "import cycles:\n" + "\n".join(new)
    gone = [sorted(k) for k in KNOWN_CYCLES if k not in [set(c) for c in found]]
    assert not gone, f"no longer cycles, drop them from KNOWN_CYCLES: {gone}"


def test_graph_sees_function_level_imports() -> None:
    """The graph counts imports made inside functions: PI operations reach the HTTP helpers
    only when called, and the import still counts."""
    graph = import_graph()
    assert {"codec._client", "codec.pi._urls", "codec.pi.errordocument"} <= graph[
        "codec.pi._operation"
    ]


def test_core_never_imports_pi() -> None:
    """No core module (codec/_*.py) imports codec.pi, codec.jobservice or codec.errordocument."""
    graph = import_graph()
    core = sorted(name for name in graph if _is_core(name))
    assert "codec._check" in core
    assert "codec.__main__" not in core
    wrong = [
        f"{name} imports {target}"
        for name in core
        for target in sorted(graph[name])
        if any(target == p or target.startswith(p + ".") for p in PI)
    ]
    assert not wrong, "the core imports PI specifics:\n" + "\n".join(wrong)


def test_core_code_holds_no_pi_url() -> None:
    """No string in the core's code (docstrings aside) holds a PI path: /webacs/ lives in
    codec.pi._urls."""
    wrong = []
    for name, path in _modules().items():
        if not _is_core(name):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {
            id(node.body[0].value)
            for node in ast.walk(tree)
            if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
            and node.body
            and isinstance(node.body[0], ast.Expr)
            and isinstance(node.body[0].value, ast.Constant)
        }
        wrong += [
            f"{name}:{node.lineno}: {node.value!r}"
            for node in ast.walk(tree)
            if isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and "/webacs/" in node.value
            and id(node) not in docstrings
        ]
    assert not wrong, "PI URLs in the core:\n" + "\n".join(wrong)


def test_shipped_types_are_one_registry() -> None:
    """detect, validate, any_payload_schema and the command line default to codec.pi.SHIPPED."""
    for function in (codec.detect, codec.validate, codec.any_payload_schema):
        assert inspect.signature(function).parameters["types"].default is SHIPPED
    assert cli._TYPES is SHIPPED


def test_shipped_roots_carry_the_envelope_url_rule() -> None:
    """Every PI root model carries codec.pi's envelope URL rule, which the core reads from it."""
    for cls in (*SHIPPED, ErrorDocument):
        assert version_urls_of(cls) is ENVELOPE_URLS
    assert ENVELOPE_URLS.names == ("requestUrl", "rootUrl")


V1_URL: Final = "https://pi/webacs/api/v1/data/Devices"


@codec.model(root="queryResponse")
class Plain:
    """A declared envelope that does not carry the URL rule."""

    request_url: str | None = codec.attribute(default=None)


@codec.model(root="queryResponse")
class Marked:
    """The same envelope, carrying PI's URL rule."""

    __codec_version_urls__: ClassVar[EnvelopeUrls] = ENVELOPE_URLS

    request_url: str | None = codec.attribute(default=None)


@pytest.mark.parametrize("fmt", ["xml", "json"])
def test_url_rule_applies_to_models_that_carry_it(fmt: str) -> None:
    """The core applies the URL rule to a model that carries one, and to no other."""
    data = codec.encode(Marked(request_url=V1_URL), version=3, format=fmt)
    assert codec.validate(data, Plain, version=3).ok
    assert codec.detect(data, [Plain]).versions == (1, 2, 3, 4)
    report = codec.validate(data, Marked, version=3)
    assert [p.code for p in report.problems] == ["shape"]
    assert codec.detect(data, [Marked]).versions == (1,)
    assert codec.validate(data, Marked).versions == (1,)
    assert "anyOf" not in codec.json_schema(Plain, 3)["$defs"]["Plain"]
    assert "anyOf" in codec.json_schema(Marked, 3)["$defs"]["Marked"]


ERROR_BODY: Final = (
    b'{"errorDocument": {"httpResponseCode": 404, "message": "No such thing", "id": "E1"}}'
)


@attrs.frozen
class Lookup:
    """An operation of some API: no error answers of its own."""

    name: str = "lookup"
    method: str = "GET"
    request_type: None = None
    response_type: type[ErrorDocument] = ErrorDocument

    def path(self, *, version: int | str, format: str) -> str:
        return "/api/lookup"


@attrs.frozen
class LookupWithErrors(Lookup):
    """The same, telling its API's error answers and login page."""

    def read_error(self, body: bytes, format: str) -> Any:
        return ("read", format, body)

    def login_redirect(self, location: str) -> bool:
        return location == "/login"


def test_http_helpers_read_errors_through_the_operation() -> None:
    """The generic helpers read an error document, and take a redirect for a login, only as
    the operation says; PI's operations say PI's."""
    with pytest.raises(codec.ApiError) as plain:
        _client.read_response(Lookup(), 404, {}, ERROR_BODY, version=3)
    assert type(plain.value) is codec.ApiError
    assert plain.value.error_document is None
    with pytest.raises(codec.ApiError) as told:
        _client.read_response(LookupWithErrors(), 404, {}, ERROR_BODY, version=3)
    assert told.value.error_document == ("read", "json", ERROR_BODY)
    with pytest.raises(codec.AuthenticationError):
        _client.read_response(LookupWithErrors(), 302, {"Location": "/login"}, b"", version=3)
    with pytest.raises(codec.ApiError) as elsewhere:
        _client.read_response(Lookup(), 302, {"Location": "/login"}, b"", version=3)
    assert type(elsewhere.value) is codec.ApiError
    with pytest.raises(codec.ApiError) as pi:
        SUSPEND.response(404, {}, ERROR_BODY, version=3)
    assert pi.value.error_document == ErrorDocument(
        http_response_code=404, message="No such thing", id="E1"
    )
    assert str(pi.value) == "HTTP 404 Not Found: No such thing [E1]"
