"""`tf.Module`: a named container of state that finds its Variables and sub-modules by walking its
attributes, so `variables` and `trainable_variables` need no bookkeeping by the user.

Keras layers and models are Modules; checkpoints and saved models (later) walk the same tree.
"""

from __future__ import annotations

import re

from lamina._core.context import name_scope
from lamina._core.variables import Variable

_VALID_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.\-]*$")


def walk_attributes(value, visit, seen: set):
    """Calls `visit(item)` on every Variable and Module reachable from `value` through lists,
    tuples and dict values, once each, in attribute order; stops at Modules (visit decides)."""
    if id(value) in seen:
        return
    if isinstance(value, (Variable, Module)):
        seen.add(id(value))
        visit(value)
    elif isinstance(value, (list, tuple)):
        seen.add(id(value))
        for item in value:
            walk_attributes(item, visit, seen)
    elif isinstance(value, dict):
        seen.add(id(value))
        for item in value.values():
            walk_attributes(item, visit, seen)


class Module:
    """Base class of objects that own Variables (`tf.Module`).

    Args:
      name: the module's name (default: the class name in snake case); it must be a valid Python
        identifier-like name because it prefixes the names of Variables made in `name_scope`.

    Raises:
      ValueError: a name with characters TensorFlow does not allow in scope names.
    """

    # Attributes that hold bookkeeping rather than owned state (subclasses extend this).
    _TRACKING_EXCLUDED: frozenset = frozenset()

    def __init__(self, name=None):
        if name is None:
            name = _snake_case(type(self).__name__)
        elif not isinstance(name, str) or not _VALID_NAME.match(name):
            raise ValueError(
                f"{name!r} is not a valid module name. Module names must be valid Python identifiers "
                "(e.g. a valid class name)."
            )
        self._name = name
        self._scope_name = None

    @property
    def name(self) -> str:
        return self._name

    @property
    def name_scope(self):
        """A `tf.name_scope` named after the module (variables made in it get the prefix)."""
        return name_scope(self._name)

    def _tracked_children(self):
        """Variables and Modules this one holds directly, in attribute order."""
        found: list = []
        seen: set = {id(self)}
        for key, value in vars(self).items():
            if key not in self._TRACKING_EXCLUDED:
                walk_attributes(value, found.append, seen)
        return found

    def _flatten_modules(self, include_self=True):
        """This module and every module under it, depth first, each once."""
        result, seen = [], set()

        def visit(module):
            if id(module) in seen:
                return
            seen.add(id(module))
            result.append(module)
            for child in module._tracked_children():
                if isinstance(child, Module):
                    visit(child)

        visit(self)
        return result if include_self else result[1:]

    @property
    def submodules(self) -> tuple:
        return tuple(self._flatten_modules(include_self=False))

    @property
    def variables(self) -> tuple:
        return tuple(_unique(v for m in self._flatten_modules() for v in m._own_variables()))

    @property
    def trainable_variables(self) -> tuple:
        return tuple(v for v in self.variables if v.trainable)

    @property
    def non_trainable_variables(self) -> tuple:
        return tuple(v for v in self.variables if not v.trainable)

    def _own_variables(self):
        return [c for c in self._tracked_children() if isinstance(c, Variable)]

    @classmethod
    def with_name_scope(cls, method):
        """Decorator: runs `method` inside the module's name scope."""

        def wrapped(self, *args, **kwargs):
            with self.name_scope:
                return method(self, *args, **kwargs)

        wrapped.__name__ = getattr(method, "__name__", "method")
        wrapped.__doc__ = getattr(method, "__doc__", None)
        return wrapped


def _unique(values):
    seen = set()
    for value in values:
        if id(value) not in seen:
            seen.add(id(value))
            yield value


def _snake_case(name: str) -> str:
    words = re.sub(r"(.)([A-Z][a-z0-9]+)", r"\1_\2", name)
    return re.sub(r"([a-z])([A-Z])", r"\1_\2", words).lower()
