"""`tf.compat.v1.variable_scope` and `get_variable`: named variables shared by reuse.

Variables made by `get_variable` live in a store per graph (one store for eager code), keyed by
their full name `scope/name`. Creating one that exists, or reusing one that does not, is an error
unless the scope's reuse is `AUTO_REUSE`, as in TensorFlow 1.x.

A scope opened by `default_name` is made unique by counting the scopes opened under the same
parent, TensorFlow 1.x's rule: leaving a named scope forgets the counts of the scopes inside it, so
re-entering `variable_scope("model", reuse=True)` gives a second `tf.compat.v1.layers.dense` the name
`model/dense` again (and so the first one's variables). `use_store` swaps in another store (a Keras
layer decorated with `track_tf1_style_variables` keeps its own).
"""

from __future__ import annotations

import contextlib
import weakref

from lamina._core import dtypes
from lamina._core.context import STATE, name_scope
from lamina._core.errors import unimplemented
from lamina._core.graph import Graph, init_scope
from lamina._core.shape import TensorShape
from lamina._core.tensor import Tensor
from lamina._core.variables import Variable
from lamina.compat.v1 import init_ops


class _ReuseMode:
    def __repr__(self):
        return "AUTO_REUSE"


AUTO_REUSE = _ReuseMode()
REGULARIZATION_LOSSES = "regularization_losses"  # tf.compat.v1.GraphKeys.REGULARIZATION_LOSSES


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


class VariableStore:
    """Where get_variable keeps variables (`variables`, by full name) and counts the scopes opened
    by default name (`scope_counts`). The store of a Keras layer or tf.Module (`owner`, see
    track_tf1_style_variables) has `on_create(variable, regularizer)`, told about each new variable,
    and takes the regularization losses that would go to a graph's collection (`add_loss`)."""

    def __init__(self, owner=None, on_create=None):
        self.variables: dict[str, Variable] = {}
        self.scope_counts: dict[str, int] = {}
        self.owner = owner
        self.on_create = on_create
        self.regularization_losses: list = []  # of an owner without `add_loss` (a tf.Module)
        self.global_step = None  # eager code's global step (a graph keeps it in a collection)

    def add_loss(self, loss):
        """Gives `loss` (a tensor or a callable) to the owner's `add_loss`, or keeps it."""
        if hasattr(self.owner, "add_loss"):
            self.owner.add_loss(loss)
        else:
            self.regularization_losses.append(loss)


_SCOPES: list[VariableScope] = []
_STORES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_EAGER_STORE = VariableStore()
_STORE_OVERRIDES: list[VariableStore] = []


def get_variable_scope() -> VariableScope:
    return _SCOPES[-1] if _SCOPES else VariableScope()


def _store() -> VariableStore:
    if _STORE_OVERRIDES:
        return _STORE_OVERRIDES[-1]
    builder = STATE.builder
    if isinstance(builder, Graph):
        store = _STORES.get(builder)
        if store is None:
            store = _STORES[builder] = VariableStore()
        return store
    return _EAGER_STORE


@contextlib.contextmanager
def use_store(store: VariableStore):
    """Makes get_variable and variable_scope use `store`, starting from the root scope with
    AUTO_REUSE and fresh default-name counts (so each run of the code inside names its scopes alike
    and gets the variables of the previous run)."""
    saved_scopes = _SCOPES[:]
    _SCOPES[:] = [VariableScope(reuse=AUTO_REUSE)]
    _STORE_OVERRIDES.append(store)
    saved_counts, store.scope_counts = store.scope_counts, {}
    try:
        yield store
    finally:
        store.scope_counts = saved_counts
        _STORE_OVERRIDES.pop()
        _SCOPES[:] = saved_scopes


def active_store():
    """The store `use_store` put in place (a layer's own), or None while the default ones serve."""
    return _STORE_OVERRIDES[-1] if _STORE_OVERRIDES else None


def find_variable(name: str):
    """The variable that `get_variable(name)` would share in the current scope, or None."""
    scope = get_variable_scope()
    return _store().variables.get(f"{scope.name}/{name}" if scope.name else name)


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
    counts = _store().scope_counts
    if isinstance(name_or_scope, VariableScope):
        path = name_or_scope.name
    else:
        if name_or_scope is None and default_name is None:
            raise TypeError("If default_name is None then name_or_scope is required")
        if name_or_scope is None and reuse is True:
            raise ValueError("reuse=True cannot be used without a name_or_scope")
        base = name_or_scope if name_or_scope is not None else _unique_default(parent, default_name, counts)
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
    # Re-entering a scope object restores the counts it found; leaving a named scope forgets the
    # counts of the scopes opened inside it (TensorFlow's rule, which makes reuse find the names).
    saved_counts = dict(counts) if isinstance(name_or_scope, VariableScope) else None
    counts[path] = counts.get(path, 0) + 1
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
        if saved_counts is not None:
            counts.clear()
            counts.update(saved_counts)
        else:
            for key in counts:
                if key.startswith(path + "/"):
                    counts[key] = 0


def _unique_default(parent: VariableScope, default_name: str, counts: dict) -> str:
    prefix = f"{parent.name}/" if parent.name else ""
    count, name = 0, default_name
    while counts.get(prefix + name, 0) > 0:
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
    existing = store.variables.get(full_name)
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
    if partitioner is not None:
        raise unimplemented("tf.compat.v1.get_variable(partitioner=...)")
    # While a tf.function traces, a new variable (and its initial value) is made eagerly.
    lift = getattr(STATE.builder, "is_function", False)
    with init_scope() if lift else contextlib.nullcontext():
        variable = _create(
            full_name,
            shape,
            dtype,
            initializer if initializer is not None else scope.initializer,
            trainable,
            constraint if constraint is not None else scope.constraint,
            scope,
        )
    store.variables[full_name] = variable
    for collection in collections or ():
        if collection not in ("variables", "trainable_variables") and isinstance(STATE.builder, Graph):
            STATE.builder.add_to_collection(collection, variable)
    regularizer = regularizer if regularizer is not None else scope.regularizer
    if store.on_create is not None:
        store.on_create(variable, regularizer)
    elif regularizer is not None:
        add_regularization_loss(variable, regularizer)
    return variable


def add_regularization_loss(variable, regularizer):
    """While a graph is built, adds `regularizer(variable)` (computed under `<variable>/Regularizer/`)
    to its REGULARIZATION_LOSSES collection, where tf.compat.v1.losses.get_regularization_loss finds
    it. Eagerly there are no collections, so nothing is added."""
    builder = STATE.builder
    if not isinstance(builder, Graph):
        return
    loss = regularization_penalty(variable, regularizer)
    if loss is not None:
        builder.add_to_collection(REGULARIZATION_LOSSES, loss)


def regularization_penalty(variable, regularizer):
    """`regularizer(variable)`, its ops named under `<variable>/Regularizer/` as in TensorFlow."""
    with name_scope(variable.name.rsplit(":", 1)[0] + "/Regularizer/"):
        return regularizer(variable)


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
            _EAGER_STORE.global_step = step
    return step


def get_global_step(graph=None):
    with _graph_context(graph):
        if isinstance(STATE.builder, Graph):
            found = STATE.builder.get_collection("global_step")
            return found[0] if found else None
        return _EAGER_STORE.global_step


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
