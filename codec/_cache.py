"""`once`: a per-class cache whose function runs once per key, even across threads.

`functools.cache` may run the function twice when two threads miss at the same time; building
a codec twice would be harmless but wasteful, and "built once" is part of the contract of
`codec_for`. The first argument is a class, or a parametrized generic model
(``QueryResponse[Device]``, a `typing` alias, not a class): its results are kept on the
generic class, keyed by the alias (equal aliases hash alike); the others positional and
hashable.

The results live on the class itself, in its own ``__dict__`` (a subclass gets its own), never
in a module-level table: a table keyed by the class, even weakly, would keep it alive through
its values (a plan or a codec refers to its class). So a class and everything built for it
are one garbage cycle, and a class nobody uses any more is freed with its codecs.
"""

from __future__ import annotations

import functools
import itertools
import threading
import typing
from collections.abc import Callable
from typing import Any, Final, ParamSpec, TypeVar

__all__ = ["once"]

P = ParamSpec("P")
R = TypeVar("R")

_numbers: Final = itertools.count()


def _holder(key: object) -> Any:
    """What keeps the results for a key that is no class: a parametrization's generic class."""
    return typing.get_origin(key)


def once(fn: Callable[P, R]) -> Callable[P, R]:
    # One attribute per cached function, each guarded by that function's lock.
    slot = f"__codec_once_{next(_numbers)}__"
    # Re-entrant: building one model's codec builds the plans of the models it holds.
    lock = threading.RLock()

    @functools.wraps(fn)
    def cached(*args: P.args, **kwargs: P.kwargs) -> R:
        first = args[0]
        cls = first if first.__class__ is type or isinstance(first, type) else _holder(first)
        try:
            # A subclass sees its base's table here, but keys start with the class: it misses.
            return getattr(cls, slot)[args]  # type: ignore[no-any-return]
        except (AttributeError, KeyError):
            pass
        with lock:
            table: dict[Any, R] | None = getattr(cls, "__dict__", {}).get(slot)
            if table is not None and args in table:
                return table[args]
            result = fn(*args, **kwargs)
            if not isinstance(cls, type):
                return result  # not a class: nothing to keep it on (the callers refuse it)
            if table is None:
                table = {}
                try:
                    type.__setattr__(cls, slot, table)
                except TypeError:  # a built-in or extension type
                    return result
            table[args] = result
            return result

    return cached
