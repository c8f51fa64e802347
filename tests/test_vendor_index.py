"""``tests/vendor/index.json`` and the files beside it agree.

The index records evidence of what PI and EPN Manager payloads look like: where each vendor
sample or server capture is, what it shows, and short quotes of it. An entry may name a payload
file (``path``); every file under ``tests/vendor/`` other than the index and its README must be
named by an entry, every named file must exist and be of a sample the source shows whole
(``whole``), XML files must be well-formed and JSON files must parse. Every phenomenon of the
index's vocabulary is either shown by an entry or declared not found (and then listed in the
README).
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any, Final
from xml.parsers import expat

VENDOR: Final = Path(__file__).parent / "vendor"
OWN: Final = frozenset({"index.json", "README.md"})
KINDS: Final = frozenset({"vendor-sample", "vendor-field-table", "server-capture", "client-code"})
FORMATS: Final = frozenset({"xml", "json", "table"})
VERSIONS: Final = frozenset({"v1", "v2", "v3", "v4"})
KEYS: Final = frozenset(
    {
        "id",
        "path",
        "resource",
        "root",
        "version",
        "format",
        "kind",
        "source",
        "whole",
        "phenomena",
        "note",
        "fragments",
    }
)
SOURCE_KEYS: Final = {
    "vendor-sample": frozenset({"bundle", "page", "url"}),
    "vendor-field-table": frozenset({"bundle", "page", "url"}),
    "server-capture": frozenset({"repo", "path", "commit"}),
    "client-code": frozenset({"index_id", "note"}),
}
COMMIT: Final = re.compile(r"[0-9a-f]{40}")
FRAGMENT_MAX: Final = 120


def _payload_problem(file: Path, fmt: str) -> str | None:
    data = file.read_bytes()
    if fmt == "xml":
        parser = expat.ParserCreate()
        try:
            parser.Parse(data, True)
        except expat.ExpatError as exc:
            return f"{file.name}: not well-formed XML ({exc})"
        return None
    if fmt == "json":
        try:
            json.loads(data)
        except ValueError as exc:
            return f"{file.name}: not JSON ({exc})"
        return None
    return f"{file.name}: a payload file must be xml or json, not {fmt!r}"


def _entry_problems(root: Path, entry: dict[str, Any], vocabulary: set[str]) -> list[str]:
    where = f"entry {entry.get('id')!r}"
    if set(entry) != KEYS:
        return [f"{where}: keys {sorted(set(entry) ^ KEYS)} missing or unexpected"]
    found: list[str] = []
    kind, fmt = entry["kind"], entry["format"]
    if kind not in KINDS:
        found.append(f"{where}: kind {kind!r}")
    if fmt not in FORMATS:
        found.append(f"{where}: format {fmt!r}")
    if entry["version"] not in VERSIONS:
        found.append(f"{where}: version {entry['version']!r}")
    if not isinstance(entry["whole"], bool):
        found.append(f"{where}: whole must be a boolean")
    source = entry["source"]
    if not isinstance(source, dict) or set(source) != SOURCE_KEYS.get(kind, set()):
        found.append(f"{where}: source keys do not fit kind {kind!r}")
    elif kind == "server-capture" and not COMMIT.fullmatch(source["commit"]):
        found.append(f"{where}: commit {source['commit']!r}")
    elif kind.startswith("vendor") and not source["url"].startswith(("http://", "https://")):
        found.append(f"{where}: url {source['url']!r}")
    phenomena = entry["phenomena"]
    if not phenomena or not set(phenomena) <= vocabulary:
        found.append(f"{where}: phenomena {phenomena!r} empty or outside the vocabulary")
    fragments = entry["fragments"]
    if not fragments or any(not isinstance(f, str) or len(f) > FRAGMENT_MAX for f in fragments):
        found.append(f"{where}: fragments must be short quotes (1 to {FRAGMENT_MAX} characters)")
    path = entry["path"]
    if path is not None and entry["whole"] is not True:
        found.append(f"{where}: a payload file is kept only of a sample shown whole")
    elif path is not None:
        file = root / path
        if not file.is_file():
            found.append(f"{where}: file {path} does not exist")
        elif file.suffix != f".{fmt}":
            found.append(f"{where}: file {path} does not end in .{fmt}")
        else:
            problem = _payload_problem(file, fmt)
            if problem is not None:
                found.append(f"{where}: {problem}")
    return found


def problems(root: Path) -> list[str]:
    """Everything on which the index and the tree at ``root`` disagree, as messages."""
    index: dict[str, Any] = json.loads((root / "index.json").read_text(encoding="utf-8"))
    vocabulary = set(index["phenomena"])
    not_found = set(index["not_found"])
    entries: list[dict[str, Any]] = index["entries"]
    found: list[str] = []
    ids = [str(entry.get("id")) for entry in entries]
    found += [f"entry id {i!r} used twice" for i in sorted({i for i in ids if ids.count(i) > 1})]
    for entry in entries:
        found += _entry_problems(root, entry, vocabulary)
    named = {entry.get("path") for entry in entries}
    for file in sorted(root.rglob("*")):
        relative = file.relative_to(root).as_posix()
        if file.is_file() and relative not in OWN and relative not in named:
            found.append(f"file {relative} is not in the index")
    shown = {p for entry in entries for p in entry.get("phenomena", [])}
    if not not_found <= vocabulary:
        found.append(f"not_found names {sorted(not_found - vocabulary)} outside the vocabulary")
    found += [
        f"phenomenon {p!r} is shown yet declared not found" for p in sorted(shown & not_found)
    ]
    found += [
        f"phenomenon {p!r} is neither shown nor declared not found"
        for p in sorted(vocabulary - shown - not_found)
    ]
    readme = (root / "README.md").read_text(encoding="utf-8")
    found += [
        f"README does not list {p!r} as not found" for p in sorted(not_found) if p not in readme
    ]
    return found


def _copy(tmp_path: Path) -> Path:
    root = tmp_path / "vendor"
    shutil.copytree(VENDOR, root)
    return root


def _edit_index(root: Path, edit: Any) -> None:
    index = json.loads((root / "index.json").read_text(encoding="utf-8"))
    edit(index)
    (root / "index.json").write_text(json.dumps(index), encoding="utf-8")


def test_index_and_files_agree() -> None:
    """The committed index and the files under tests/vendor/ agree."""
    assert problems(VENDOR) == []


def test_unindexed_file_is_reported(tmp_path: Path) -> None:
    """A payload file that no entry names is reported."""
    root = _copy(tmp_path)
    (root / "devices").mkdir(exist_ok=True)
    (root / "devices" / "pi-3.8_v4_full.json").write_text("{}", encoding="utf-8")
    assert problems(root) == ["file devices/pi-3.8_v4_full.json is not in the index"]


def test_missing_file_is_reported(tmp_path: Path) -> None:
    """An entry naming a file that does not exist is reported."""
    root = _copy(tmp_path)

    def name_a_file(index: dict[str, Any]) -> None:
        entry = next(e for e in index["entries"] if e["path"] is None)
        entry["path"] = "maps-rogueaps/pi-3.9_v4_1.xml"

    _edit_index(root, name_a_file)
    [problem] = problems(root)
    assert "maps-rogueaps/pi-3.9_v4_1.xml does not exist" in problem


def test_payload_files_are_parsed(tmp_path: Path) -> None:
    """Named XML and JSON files are checked: well-formed ones pass, broken ones are reported."""
    root = _copy(tmp_path)
    folder = root / "maps-rogueaps"
    folder.mkdir(exist_ok=True)
    (folder / "good_v4_1.xml").write_text("<mgmtResponse><a>1.0</a></mgmtResponse>", "utf-8")
    (folder / "bad_v4_1.xml").write_text("<mgmtResponse><a></mgmtResponse>", "utf-8")
    (folder / "bad_v4_1.json").write_text('{"mgmtResponse": ', "utf-8")

    def name_files(index: dict[str, Any]) -> None:
        template = index["entries"][0]
        for name, fmt in (("good_v4_1", "xml"), ("bad_v4_1", "xml"), ("bad_v4_1", "json")):
            entry = dict(template, id=f"{name}.{fmt}", format=fmt)
            entry["path"] = f"maps-rogueaps/{name}.{fmt}"
            index["entries"].append(entry)

    _edit_index(root, name_files)
    found = problems(root)
    assert len(found) == 2
    assert "bad_v4_1.xml: not well-formed XML" in found[0]
    assert "bad_v4_1.json: not JSON" in found[1]


def test_every_phenomenon_is_accounted_for(tmp_path: Path) -> None:
    """A phenomenon no entry shows any more, and not declared not found, is reported."""
    root = _copy(tmp_path)

    def drop_doubles(index: dict[str, Any]) -> None:
        for entry in index["entries"]:
            entry["phenomena"] = [p for p in entry["phenomena"] if p != "doubles"] or ["enum"]

    _edit_index(root, drop_doubles)
    assert problems(root) == ["phenomenon 'doubles' is neither shown nor declared not found"]


def test_file_of_a_cut_sample_is_reported(tmp_path: Path) -> None:
    """An entry naming a file while its source shows the sample cut (``whole`` false) is
    reported: a cut sample is never completed into a file."""
    root = _copy(tmp_path)
    (root / "cut").mkdir()
    (root / "cut" / "sample.xml").write_text("<a/>")

    def cut_the_kept_sample(index: dict[str, Any]) -> None:
        entry = next(e for e in index["entries"] if e["kind"] == "vendor-sample")
        entry["path"] = "cut/sample.xml"
        entry["whole"] = False

    _edit_index(root, cut_the_kept_sample)
    [problem] = problems(root)
    assert "a payload file is kept only of a sample shown whole" in problem
