"""Process-wide execution state: eager vs graph building, scopes, and the active tapes.

Everything here is read on the eager hot path, so the state is plain module-level data and
`State` attributes rather than properties. Tapes and scopes are per thread, like TensorFlow's.
"""

from __future__ import annotations

import threading


class State(threading.local):
    """Per-thread execution state."""

    def __init__(self):
        # The graph builder that op calls add nodes to (None: run eagerly). Set by tf.function
        # tracing, tf.compat.v1 graphs and Keras functional model construction.
        self.builder = None
        # Active GradientTapes (innermost last) that record eager op calls.
        self.tapes: list = []
        # Name scope stack (strings without trailing "/").
        self.name_scope: list[str] = []
        # Device scope stack: jax.Device or None (no placement requested).
        self.device: list = []


STATE = State()


class Settings:
    """Process-wide switches (the same in every thread, like TensorFlow's)."""

    # tf.config.run_functions_eagerly: tf.function bodies (and later fit, Dataset.map, Estimators)
    # run eagerly, so print and breakpoints work inside them.
    run_functions_eagerly = False


SETTINGS = Settings()


def executing_eagerly() -> bool:
    """True when op calls run immediately (no graph is being built)."""
    return STATE.builder is None


def current_device():
    """The jax device requested by the innermost `tf.device` scope, or None."""
    stack = STATE.device
    return stack[-1] if stack else None


class name_scope:  # noqa: N801 - TensorFlow's public name
    """`tf.name_scope(name)`: prefixes the names of variables (and, in graphs, ops) made inside it.

    A name ending in "/" is absolute (it replaces the current scope); "" clears the scope.
    Entering returns the full scope string, ending in "/".
    """

    def __init__(self, name):
        if not isinstance(name, str):
            raise ValueError("name for name_scope must be a string.")
        self._name = name
        self._saved = None

    @property
    def name(self) -> str:
        return self._name

    def __enter__(self) -> str:
        self._saved = STATE.name_scope
        if self._name.endswith("/"):
            stack = [self._name[:-1]]
        elif not self._name:
            stack = []
        elif STATE.builder is not None:  # in a graph, scopes are unique: a second "model" is "model_1"
            stack = STATE.builder.unique_name(self._name).split("/")
        else:
            stack = [*STATE.name_scope, self._name]
        STATE.name_scope = stack
        return "/".join(stack) + "/" if stack else ""

    def __exit__(self, *exc):
        STATE.name_scope = self._saved
        return False
