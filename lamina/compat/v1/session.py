"""`tf.compat.v1.Session`: runs the part of a Graph that the fetches need, as one XLA call.

Each distinct (fetches, fed tensors) pair is lowered once (`_core/lowering.py`); JAX then compiles
it once per feed shape. Variables keep their values between runs (a Session shares them with the
Python objects, as one process has one copy of each variable).
"""

from __future__ import annotations

import contextlib

import numpy as np

from lamina._core import dtypes, nest
from lamina._core.convert import constant_value_tensor
from lamina._core.dispatch import execute, read_variable
from lamina._core.errors import FailedPreconditionError
from lamina._core.graph import Graph, Operation, SymbolicTensor, get_default_graph, init_scope
from lamina._core.lowering import lower
from lamina._core.tensor import EagerTensor
from lamina._core.variables import Variable

_DEFAULT_SESSIONS: list = []


def get_default_session():
    return _DEFAULT_SESSIONS[-1] if _DEFAULT_SESSIONS else None


class Session:
    """Runs graph fragments: `sess.run(fetches, feed_dict)`."""

    def __init__(self, target="", graph=None, config=None):
        self._graph = graph if graph is not None else get_default_graph()
        self._closed = False
        self._lowered: dict = {}
        self._variable_reads: dict[int, SymbolicTensor] = {}
        self._default_stack: list = []

    @property
    def graph(self) -> Graph:
        return self._graph

    @property
    def sess_str(self) -> str:
        return ""

    def close(self):
        self._closed = True
        self._lowered.clear()

    def __enter__(self):
        self._default_stack.append((self._graph.as_default(), self.as_default()))
        for manager in self._default_stack[-1]:
            manager.__enter__()
        return self

    def __exit__(self, *exc):
        for manager in reversed(self._default_stack.pop()):
            manager.__exit__(*exc)
        self.close()
        return False

    @contextlib.contextmanager
    def as_default(self):
        _DEFAULT_SESSIONS.append(self)
        try:
            yield self
        finally:
            _DEFAULT_SESSIONS.remove(self)

    # ---- run -----------------------------------------------------------------------------------
    def run(self, fetches, feed_dict=None, options=None, run_metadata=None):
        """Values of `fetches` (a tensor, op, name, or nested list/tuple/dict of them) as NumPy;
        an Operation fetches None. `feed_dict` maps tensors (or their names) to values."""
        if self._closed:
            raise RuntimeError("Attempted to use a closed Session.")
        leaves = nest.flatten(fetches)
        elements = [self._element(leaf, "fetch") for leaf in leaves]
        fed, values = self._feeds(feed_dict or {})
        tensors = [e for e in elements if isinstance(e, SymbolicTensor)]
        unique = list({id(t): t for t in tensors}.values())
        targets = [e for e in elements if isinstance(e, Operation)]
        key = (tuple(id(t) for t in unique), tuple(id(o) for o in targets), tuple(id(t) for t in fed))
        lowered = self._lowered.get(key)
        if lowered is None:
            lowered = lower(self._graph, fed, unique, "session_run", targets=targets)
            self._lowered[key] = lowered
        results = self._execute(lowered, values)
        by_id = {id(t): r for t, r in zip(unique, results)}
        outputs = [by_id[id(e)].numpy() if isinstance(e, SymbolicTensor) else None for e in elements]
        return nest.pack_sequence_as(fetches, outputs)

    def _execute(self, lowered, values) -> list:
        with init_scope():
            uninitialized = [v for v in lowered.read_first if v._array is None]
            if uninitialized:
                raise FailedPreconditionError(
                    None,
                    None,
                    f"Attempting to use uninitialized value {uninitialized[0]._name}: run its "
                    "initializer (e.g. tf.compat.v1.global_variables_initializer()) first.",
                )
            state = [read_variable(v) if v._array is not None else _zeros(v) for v in lowered.variables]
            arguments = values + [value for value, _ in lowered.captured] + state
            results = execute(lowered.opdef, arguments, None, "session_run")
            results = results if isinstance(results, list) else [results]
            for variable, value in zip(lowered.assigned, results[len(lowered.outputs) :]):
                variable._eager_assign(value)
        return results[: len(lowered.outputs)]

    def _element(self, value, role: str):
        if isinstance(value, str):
            value = self._graph.as_graph_element(value)
        if isinstance(value, Variable):
            read = self._variable_reads.get(id(value))
            if read is None:
                with self._graph.as_default():
                    read = read_variable(value)
                self._variable_reads[id(value)] = read
            return read
        if isinstance(value, (SymbolicTensor, Operation)):
            if value.graph is not self._graph:
                raise ValueError(f"{role} {value!r} is not an element of this Session's graph.")
            return value
        raise TypeError(
            f"Fetch argument {value!r} has invalid type {type(value).__name__}: it must be a string or a "
            "Tensor or Operation of the Session's graph."
        )

    def _feeds(self, feed_dict):
        fed, values = [], []
        for key, value in feed_dict.items():
            target = self._element(key, "feed")
            if not isinstance(target, SymbolicTensor):
                raise TypeError(f"Only tensors can be fed, not {target!r}.")
            array = value.numpy() if isinstance(value, EagerTensor) else value
            # As TensorFlow: the value is converted to the tensor's dtype NumPy's way (floats fed to
            # an int placeholder truncate; text fed to a number raises ValueError).
            array = np.asarray(array, dtype=None if target.dtype is dtypes.string else target.dtype.np_dtype)
            if not target.shape.is_compatible_with(array.shape):
                raise ValueError(
                    f"Cannot feed value of shape {array.shape} for Tensor {target.name}, which has shape "
                    f"{target.shape}"
                )
            fed.append(target)
            values.append(constant_value_tensor(array, target.dtype))
        return fed, values


def _zeros(variable):
    """A stand-in state value for a variable that the run initializes before reading."""
    return EagerTensor(np.zeros(variable.shape.as_list(), variable.dtype.np_dtype))


class InteractiveSession(Session):
    """A Session that makes itself the default on creation (for shells and notebooks)."""

    def __init__(self, target="", graph=None, config=None):
        super().__init__(target, graph, config)
        self._context = (self._graph.as_default(), self.as_default())
        for manager in self._context:
            manager.__enter__()

    def close(self):
        if self._context is not None:
            for manager in reversed(self._context):
                manager.__exit__(None, None, None)
            self._context = None
        super().close()


def _tensor_eval(tensor, feed_dict=None, session=None):
    """`Tensor.eval()`: runs the default (or given) Session on this tensor."""
    session = session or get_default_session()
    if session is None:
        raise ValueError("Cannot evaluate tensor using `eval()`: No default session is registered.")
    return session.run(tensor, feed_dict)


def _operation_run(operation, feed_dict=None, session=None):
    session = session or get_default_session()
    if session is None:
        raise ValueError("Cannot execute operation using `run()`: No default session is registered.")
    session.run(operation, feed_dict)


SymbolicTensor.eval = _tensor_eval
Operation.run = _operation_run
