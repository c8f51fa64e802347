"""PI's URLs, in one place: the API root ``/webacs/api/vN``, the ``op`` paths under it, the
envelope URL rule and the login page.

* Operation path: ``/webacs/api/v3/op/jobService/cancelrunning.json``; XML takes no suffix.
* Data path: ``/webacs/api/v4/data/Devices.json``, ``/webacs/api/v4/data/Devices/42.json``
  for one entity; XML takes no suffix, as for operations (the vendor reference, PI 2.2
  "Getting started": ``../webacs/api/v1/data/Devices.json?ipAddress=...``).
* Envelope URL rule: the ``/webacs/api/vN/`` segments of a payload root's ``requestUrl`` and
  ``rootUrl`` attributes name the API version it is written for. Each segment counts,
  overlapping ones included (``/webacs/api/v3/webacs/api/v2/`` names v3 and v2); the number
  is ASCII digits, leading zeros allowed (``v02`` is v2). `ENVELOPE_URLS` is the rule; strict
  checking (`codec.validate`, ``decode(..., strict=True)``) refuses a payload whose URLs name
  versions but not the one checked, `codec.detect` takes the versions they name, the JSON
  Schema says the same with two patterns, and ``pi-codec convert`` rewrites the segments to
  the target version.
* Login page: PI redirects a call whose credentials it refused to
  ``/webacs/pages/common/login.jsp`` (absolute or relative URL, any query string). The
  servlet container may add the session to the path (``login.jsp;jsessionid=ABC``): a path
  segment's ``;`` parameters are not part of its name, and the path is matched in any case.

Decision, how the generic core gets the envelope rule without importing `codec.pi`: the
model carries it. A root model marks its version-bearing URLs with the class attribute
``__codec_version_urls__``, holding a value that satisfies the core's small, PI-free protocol
`codec._check.VersionUrls` (which attribute names hold such URLs, which versions some URLs
name, and the two JSON Schema patterns); the checker, `detect` and the schema read it with
`codec._check.version_urls_of`. So the rule travels with the models it applies to: no hook to
register, nothing that depends on which module was imported first, and importing the models
does not load the checker. Every PI root model shipped here carries `ENVELOPE_URLS` (those
that declare no such attributes too: a stray ``requestUrl`` still names a version, as it did
before the split); a declared model opts in the same way::

    __codec_version_urls__: ClassVar[EnvelopeUrls] = ENVELOPE_URLS
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Final

import attrs

from .._versions import parse_format, parse_version

__all__ = [
    "ENVELOPE_URLS",
    "LOGIN_PATH",
    "EnvelopeUrls",
    "data_path",
    "is_login_redirect",
    "op_path",
]

#: Where PI redirects a call whose credentials it refused.
LOGIN_PATH: Final = "/webacs/pages/common/login.jsp"
_LOGIN_PATH_FOLDED: Final = LOGIN_PATH.lower()

#: The text before the version number of an API URL, and after it.
_BEFORE: Final = "/webacs/api/v"
_AFTER: Final = "/"
#: The version number of ``/webacs/api/vN/``, matched alone so that overlapping segments
#: (``/webacs/api/v3/webacs/api/v2/``) are all found.
_VERSION: Final = re.compile(rf"(?<={re.escape(_BEFORE)})[0-9]+(?={re.escape(_AFTER)})")


#: A version number of more digits than this (after leading zeros) names no API version that
#: exists or could: it stands as `_HUGE` (so that ``v{n}`` in a message stays short and
#: reading it never converts thousands of digits).
_DIGITS: Final = 9
_HUGE: Final = 10**_DIGITS
#: URLs already read, and the versions they name: a server writes the same few URLs into
#: every payload, so validating many captures reads each once (bounded: cleared when full).
_NAMED: Final[dict[str, frozenset[int]]] = {}
_NAMED_SIZE: Final = 4096


def _named_in(url: str) -> frozenset[int]:
    """The versions ``/webacs/api/vN/`` segments of ``url`` name (overlapping ones too)."""
    named = set()
    for match in _VERSION.finditer(url) if _BEFORE in url else ():
        digits = match.group().lstrip("0") or "0"
        named.add(int(digits) if len(digits) <= _DIGITS else _HUGE)
    return frozenset(named)


@attrs.frozen
class EnvelopeUrls:
    """The envelope URL rule: the attributes ``names`` hold URLs whose ``/webacs/api/vN/``
    names the API version (a `codec._check.VersionUrls`)."""

    names: tuple[str, ...]

    def versions(self, urls: Iterable[str]) -> set[int]:
        """API versions named by ``/webacs/api/vN/`` in the given URLs."""
        named: set[int] = set()
        for url in urls:
            found = _NAMED.get(url)
            if found is None:
                found = _named_in(url)
                if len(_NAMED) >= _NAMED_SIZE:
                    _NAMED.clear()
                _NAMED[url] = found
            named |= found
        return named

    def for_version(self, url: str, version: int) -> str:
        """``url`` with every ``/webacs/api/vN/`` naming ``version``."""
        return _VERSION.sub(str(version), url)

    def json_patterns(self, version: int) -> tuple[str, str]:
        """JSON Schema patterns of a URL naming some version, and of one naming ``version``;
        the same segments as `versions` finds (ASCII digits, leading zeros allowed)."""
        return f"{_BEFORE}[0-9]+{_AFTER}", f"{_BEFORE}0*{version}{_AFTER}"


#: The envelope URLs of a PI payload: the root's ``requestUrl`` and ``rootUrl``.
ENVELOPE_URLS: Final = EnvelopeUrls(("requestUrl", "rootUrl"))


def op_path(resource: str, *, version: int | str, format: str) -> str:
    """``/webacs/api/v3/op/jobService/cancelrunning.json`` for ``jobService/cancelrunning``;
    XML takes no suffix."""
    number = parse_version(version)
    suffix = ".json" if parse_format(format) == "json" else ""
    return f"{_BEFORE}{number}/op/{resource}{suffix}"


def data_path(resource: str, *, version: int | str, format: str, id: int | None = None) -> str:
    """``/webacs/api/v4/data/Devices.json``, or ``/webacs/api/v4/data/Devices/42.json`` for
    the entity ``42``; XML takes no suffix. ``resource`` is checked by the caller
    (`codec.pi.query.DataResource`)."""
    number = parse_version(version)
    suffix = ".json" if parse_format(format) == "json" else ""
    entity = "" if id is None else f"/{id}"
    return f"{_BEFORE}{number}/data/{resource}{entity}{suffix}"


def is_login_redirect(location: str) -> bool:
    """True when ``location`` (absolute or relative, any query, any case, ``;jsessionid=``
    or other path parameters on any segment) is PI's login page."""
    from urllib.parse import urlsplit  # here, not at import: the models import this module

    try:
        path = urlsplit(location.strip()).path
    except ValueError:  # "http://[::1" and the like: not a URL, so not the login page
        return False
    # RFC 3986 3.3: "/a;x=1/b;y" names the segments a and b.
    bare = "/".join(segment.partition(";")[0] for segment in path.split("/"))
    return bare.lower().endswith(_LOGIN_PATH_FOLDED)
