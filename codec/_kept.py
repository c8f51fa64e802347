"""Lossless pass-through: content the model does not declare, kept and written back in place.

``decode(..., unknown="keep")`` reads the payload with the reference reader (`_check.read`),
which keeps in its one walk, per model instance, what the model does not declare:

* XML: unknown attributes (name and value, in order), and unknown child elements, verbatim
  (their exact bytes), each with the known field it followed;
* JSON: unknown keys and their values, each with the known key it followed.

Encoding writes kept content back: XML attributes after the known ones, elements right after
the known field they followed (before all known children if they came first); JSON keys after
the key they followed in XML order (v1), or in their sorted place (v2+).

Decisions:

* Kept content is held on the instance, in the hidden field every model gets (`KEPT_ATTR`,
  see `_fields.model`; ``None`` when nothing was kept), so the encoders read one attribute and
  test it for ``None``, with nothing global to consult. It does not take part in equality,
  hashing or repr: two models that differ only in what they kept are equal. It survives
  pickling, ``copy``, ``deepcopy`` and ``attrs.evolve``, as any field does; `kept` tells what
  an instance holds. Values are plain Python (an integer past 64 bits stays an ``int``, made a
  fragment of its digits only as JSON is written), so that `Kept` pickles and copies.
* Crossing formats converts it the xmltodict way (attributes ``@name``, text ``$``): an XML
  element becomes a JSON key whose value is what ``xmltodict.parse`` makes of it (all values
  strings), and a JSON key becomes an element (``@key`` an attribute, ``$`` text) written by
  `_xml` like any field: a key that is not an XML name, or text that XML cannot carry, makes
  the XML encoder raise `EncodeError` naming it, so no kept key can forge markup.
* A run of unknown sibling elements is kept as one piece of raw XML (its exact bytes).
* ``xmlns`` declarations are kept like attributes (they are never reported as unknown).
* Unknown content inside a list wrapper (a stray element between items) belongs to no
  instance and is not kept; strict decoding reports it.
"""

from __future__ import annotations

from typing import Any

import orjson

from ._fields import KEPT_ATTR, Kept
from ._parse import NegativeZero
from ._values import Fail, key_segment
from ._versions import VersionRules, sorts_keys

__all__ = ["Kept", "check_kept", "json_merge", "kept", "xml_after"]


def kept(obj: object) -> Kept | None:
    """What ``obj`` kept when it was decoded with ``unknown="keep"``, or ``None``."""
    content = getattr(obj, KEPT_ATTR, None)
    return content if isinstance(content, Kept) else None


# --------------------------------------------------------------------------- writing


def _writable(value: Any) -> Any:
    """A kept JSON value as orjson will write it back exactly: an integer beyond the 64 bits
    orjson writes becomes a fragment of its digits."""
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int):
        if value.__class__ is NegativeZero:
            return orjson.Fragment(b"-0")
        if -(2**63) <= value < 2**64:
            return value
        return orjson.Fragment(str(value).encode())
    if isinstance(value, dict):
        return {k: _writable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_writable(v) for v in value]
    return value


# --------------------------------------------------------------------------- writing


def _xmltodict() -> Any:
    """xmltodict, imported on first use: it pulls in urllib and http (some 50 ms), which a
    program that never crosses formats with kept content should not pay at import."""
    import xmltodict

    return xmltodict


def _as_json(content: Kept) -> list[tuple[str | None, str, Any]]:
    """Kept XML elements as JSON keys, the xmltodict way (crossing formats). Attributes kept
    on a known element that holds a plain value have no place in JSON, where that value is a
    number or a string: `Fail`, rather than lose them."""
    if content.leaves:
        name = content.leaves[0][0]
        raise Fail(
            "unknown",
            f"the attributes kept on <{name}> cannot be written in JSON, where it holds a "
            "plain value (decode with unknown='ignore' to drop them)",
            key_segment(name),
        )
    out: list[tuple[str | None, str, Any]] = []
    for name, value in content.attributes:
        out.append((None, "@" + name, value))
    for after, raw in content.elements:
        # A kept run may hold several elements: read them as the children of one wrapper.
        try:
            parsed = _xmltodict().parse(f"<r>{raw}</r>", attr_prefix="@", cdata_key="$")
        except Exception:  # expat's error, or a DOCTYPE xmltodict refuses: content by hand
            raise Fail("unknown", "kept content is not well-formed XML") from None
        wrapper = parsed["r"]
        for key, value in (wrapper or {}).items():
            out.append((after, key, value))
    return out


def xml_after(elements: list[tuple[str | None, str]], field: str | None) -> str:
    """The raw kept elements that followed the known child ``field`` (None: the start)."""
    return "".join(raw for after, raw in elements if after == field)


def check_kept(content: object) -> None:
    """`Fail` unless ``content`` is a `Kept` of a known format: the hidden field can be given
    anything by hand, and what it holds is written as it stands."""
    if content.__class__ is not Kept:
        raise Fail("type", f"kept content must be a codec.Kept, found {type(content).__name__}")
    if content.format not in ("xml", "json"):
        raise Fail("type", "kept content of an unknown format")


def json_merge(
    d: dict[str, Any],
    content: object,
    rules: VersionRules,
    declared_order: bool,
    declared: frozenset[str] = frozenset(),
) -> dict[str, Any]:
    """``d`` with the kept keys put in place: right after the key they followed (XML order,
    those that came first after the attributes), or sorted where the version sorts keys.
    `Fail` for a key the model declares (``declared``): it would replace the field's value."""
    check_kept(content)
    assert isinstance(content, Kept)
    if content.format == "json":
        extra = [(after, key, _writable(value)) for after, key, value in content.keys]
    else:
        extra = _as_json(content)
    for _, key, _ in extra:
        if key in declared:
            raise Fail(
                "unknown", f"the kept key {key!r} would repeat a declared one", key_segment(key)
            )
    if sorts_keys(rules, declared_order):
        merged = dict(d)
        merged.update((key, value) for _, key, value in extra)
        return dict(sorted(merged.items()))
    leading = [(key, value) for after, key, value in extra if after is None]
    out: dict[str, Any] = {}
    for key, value in d.items():
        if leading and not key.startswith(("@", "$")):
            out.update(leading)
            leading = []
        out[key] = value
        out.update((k, v) for after, k, v in extra if after == key)
    out.update(leading)
    return out
