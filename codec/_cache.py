"""`once`: a per-arguments cache whose function runs once per key, even across threads.

`functools.cache` may run the function twice when two threads miss at the same time; building
a codec twice would be harmless but wasteful, and "built once" is part of the contract of
`codec_for`. Positional, hashable arguments only.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar

__all__ = ["once"]

P = ParamSpec("P")
R = TypeVar("R")


def once(fn: Callable[P, R]) -> Callable[P, R]:
    cache: dict[Any, R] = {}
    # Re-entrant: building one model's codec builds the plans of the models it holds.
    lock = threading.RLock()

    @functools.wraps(fn)
    def cached(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return cache[args]
        except KeyError:
            pass
        with lock:
            if args not in cache:
                cache[args] = fn(*args, **kwargs)
            return cache[args]

    return cached
