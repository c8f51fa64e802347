"""A namespace for generated code: one function per reachable model, compiled together.

Each codec (JSON decoder, JSON encoder per version, XML encoder, XML tree walker) generates
Python source from plans, once, at first use, as attrs and cattrs do. Functions of one codec
live in one namespace and call each other by name, so a model that holds another (or itself)
needs no forward declarations: `function_for` hands out a name at once and queues the plan.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Callable
from typing import Any

from ._plan import ModelPlan, plan_for
from ._values import enum_table

__all__ = ["Namespace"]


class Namespace:
    def __init__(self, prefix: str, env: dict[str, Any]) -> None:
        self.prefix = prefix
        self.env: dict[str, Any] = dict(env)
        self.names: dict[type[Any], str] = {}
        self._pending: list[ModelPlan] = []

    def function_for(self, cls: type[Any]) -> str:
        """The name of the function generated for ``cls``; queues it on first request."""
        name = self.names.get(cls)
        if name is None:
            # An identifier whatever the class is called: the counter keeps names unique.
            name = f"{self.prefix}_{re.sub('[^A-Za-z0-9_]', '', cls.__name__)}_{len(self.names)}"
            self.names[cls] = name
            self._pending.append(plan_for(cls))
        return name

    def global_for(self, value: object, hint: str) -> str:
        """Put ``value`` in the namespace under a unique name and return that name."""
        name = f"_{hint}_{id(value):x}"
        self.env[name] = value
        return name

    def enum(self, cls: type[enum.Enum]) -> tuple[str, str]:
        """Names of an enum class and of its wire value -> member table."""
        return self.global_for(cls, "T"), self.global_for(enum_table(cls), "E")

    def generate(
        self, root: type[Any], function: Callable[[ModelPlan, str], list[str]]
    ) -> Callable[..., Any]:
        """Generate ``function(plan, name)`` for ``root`` and all it reaches; return root's."""
        entry = self.function_for(root)
        source: list[str] = []
        while self._pending:
            plan = self._pending.pop()
            source += function(plan, self.names[plan.cls])
        code = compile("\n".join(source), f"<codec generated {self.prefix}>", "exec")
        exec(code, self.env)
        result: Callable[..., Any] = self.env[entry]
        return result
