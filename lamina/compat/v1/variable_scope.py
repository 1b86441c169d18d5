"""`tf.compat.v1.variable_scope` and `get_variable`: named variables shared by reuse.

Variables made by `get_variable` live in a store per graph (one store for eager code), keyed by
their full name `scope/name`. Creating one that exists, or reusing one that does not, is an error
unless the scope's reuse is `AUTO_REUSE`, as in TensorFlow 1.x.
"""

from __future__ import annotations

import contextlib
import weakref

from lamina._core import dtypes
from lamina._core.context import STATE, name_scope
from lamina._core.graph import Graph
from lamina._core.shape import TensorShape
from lamina._core.tensor import Tensor
from lamina._core.variables import Variable
from lamina.compat.v1 import init_ops


class _ReuseMode:
    def __repr__(self):
        return "AUTO_REUSE"


AUTO_REUSE = _ReuseMode()


class VariableScope:
    """The current variable scope: its name, reuse mode and defaults for get_variable."""

    def __init__(
        self, name="", reuse=None, initializer=None, regularizer=None, dtype=dtypes.float32, constraint=None
    ):
        self.name = name
        self.reuse = reuse
        self.initializer = initializer
        self.regularizer = regularizer
        self.dtype = dtypes.as_dtype(dtype)
        self.constraint = constraint
        self.original_name_scope = name + "/" if name else ""

    def reuse_variables(self):
        self.reuse = True


_SCOPES: list[VariableScope] = []
_STORES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_EAGER_STORE: dict = {}


def get_variable_scope() -> VariableScope:
    return _SCOPES[-1] if _SCOPES else VariableScope()


def _store() -> dict:
    builder = STATE.builder
    if isinstance(builder, Graph):
        return _STORES.setdefault(builder, {})
    return _EAGER_STORE


@contextlib.contextmanager
def variable_scope(
    name_or_scope,
    default_name=None,
    values=None,
    initializer=None,
    regularizer=None,
    caching_device=None,
    partitioner=None,
    custom_getter=None,
    reuse=None,
    dtype=None,
    use_resource=None,
    constraint=None,
    auxiliary_name_scope=True,
):
    """Prefixes get_variable names with a scope, and sets reuse and defaults for them."""
    parent = get_variable_scope()
    if isinstance(name_or_scope, VariableScope):
        path = name_or_scope.name
    else:
        if name_or_scope is None and default_name is None:
            raise TypeError("If default_name is None then name_or_scope is required")
        base = name_or_scope if name_or_scope is not None else _unique_default(parent, default_name)
        path = f"{parent.name}/{base}" if parent.name else base
    # Reuse is inherited: inside a reusing scope every sub-scope reuses (reuse=False cannot undo it).
    if isinstance(name_or_scope, VariableScope):
        reuse = reuse or name_or_scope.reuse
    reuse = reuse or parent.reuse
    scope = VariableScope(
        path,
        reuse,
        initializer if initializer is not None else parent.initializer,
        regularizer if regularizer is not None else parent.regularizer,
        dtype if dtype is not None else parent.dtype,
        constraint if constraint is not None else parent.constraint,
    )
    _SCOPES.append(scope)
    try:
        if auxiliary_name_scope:
            leaf = path.rsplit("/", 1)[-1]
            with name_scope(leaf) as scope_name:
                scope.original_name_scope = scope_name
                yield scope
        else:
            yield scope
    finally:
        _SCOPES.pop()


def _unique_default(parent: VariableScope, default_name: str) -> str:
    store, prefix = _store(), f"{parent.name}/" if parent.name else ""
    count, name = 0, default_name
    while any(key == prefix + name or key.startswith(prefix + name + "/") for key in store):
        count += 1
        name = f"{default_name}_{count}"
    return name


def get_variable(
    name,
    shape=None,
    dtype=None,
    initializer=None,
    regularizer=None,
    trainable=None,
    collections=None,
    caching_device=None,
    partitioner=None,
    validate_shape=True,
    use_resource=None,
    custom_getter=None,
    constraint=None,
    synchronization=None,
    aggregation=None,
):
    """The variable `scope/name`: created (from `initializer`, default Glorot uniform for floats and
    zeros otherwise) or, when the scope reuses, the existing one."""
    scope = get_variable_scope()
    full_name = f"{scope.name}/{name}" if scope.name else name
    store = _store()
    shape = None if shape is None else TensorShape(shape)
    existing = store.get(full_name)
    if existing is not None:
        if not scope.reuse:
            raise ValueError(
                f"Variable {full_name} already exists, disallowed. Did you mean to set reuse=True or "
                "reuse=tf.AUTO_REUSE in VarScope?"
            )
        if shape is not None and not shape.is_compatible_with(existing.shape):
            raise ValueError(
                f"Trying to share variable {full_name}, but specified shape {shape} and found shape "
                f"{existing.shape}."
            )
        if dtype is not None and dtypes.as_dtype(dtype) is not existing.dtype:
            raise ValueError(
                f"Trying to share variable {full_name}, but specified dtype {dtypes.as_dtype(dtype).name} "
                f"and found dtype {existing.dtype.name}."
            )
        return existing
    if scope.reuse is True:
        raise ValueError(
            f"Variable {full_name} does not exist, or was not created with tf.get_variable(). Did you "
            "mean to set reuse=tf.AUTO_REUSE in VarScope?"
        )
    variable = _create(
        full_name,
        shape,
        dtype,
        initializer if initializer is not None else scope.initializer,
        trainable,
        constraint if constraint is not None else scope.constraint,
        scope,
    )
    store[full_name] = variable
    for collection in collections or ():
        if collection not in ("variables", "trainable_variables") and isinstance(STATE.builder, Graph):
            STATE.builder.add_to_collection(collection, variable)
    return variable


def _create(full_name, shape, dtype, initializer, trainable, constraint, scope) -> Variable:
    if isinstance(initializer, Tensor) or not callable(initializer) and initializer is not None:
        initial = initializer  # a value: its shape is the variable's
        dtype = dtype if dtype is not None else getattr(initializer, "dtype", None)
    else:
        dtype = dtypes.as_dtype(dtype if dtype is not None else scope.dtype)
        if shape is None or not shape.is_fully_defined():
            raise ValueError(
                f"Shape of a new variable ({full_name}) must be fully defined, but instead was {shape}."
            )
        if initializer is None:
            initializer = init_ops.GlorotUniform() if dtype.is_floating else init_ops.Zeros()
        with name_scope(f"{full_name}/Initializer/"):  # where TensorFlow puts initializer ops
            initial = initializer(shape.as_list(), dtype=dtype)
    scope_path, _, base = full_name.rpartition("/")
    with name_scope(scope_path + "/" if scope_path else ""):
        return Variable(initial, trainable=trainable, name=base, dtype=dtype, constraint=constraint)


def get_or_create_global_step(graph=None):
    """The int64 `global_step` variable of the graph (created at 0, non-trainable) that training
    loops count steps in."""
    existing = get_global_step(graph)
    if existing is not None:
        return existing
    with _graph_context(graph):
        step = Variable(0, dtype=dtypes.int64, trainable=False, name="global_step")
        if isinstance(STATE.builder, Graph):
            STATE.builder.add_to_collection("global_step", step)
        else:
            _EAGER_STORE["__global_step__"] = step
    return step


def get_global_step(graph=None):
    with _graph_context(graph):
        if isinstance(STATE.builder, Graph):
            found = STATE.builder.get_collection("global_step")
            return found[0] if found else None
        return _EAGER_STORE.get("__global_step__")


def create_global_step(graph=None):
    if get_global_step(graph) is not None:
        raise ValueError('"global_step" already exists.')
    return get_or_create_global_step(graph)


@contextlib.contextmanager
def _graph_context(graph):
    if graph is None or graph is STATE.builder:
        yield
    else:
        with graph.as_default():
            yield
