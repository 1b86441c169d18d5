"""`tf.compat.v1.layers.Layer`: a Keras layer whose weights are TensorFlow 1.x variables.

The maths is the Keras layer's; what this base adds is TF1's bookkeeping around it:
- A layer gets a variable scope on its first call (`name`, or its class name made unique by the
  scope counts; `reuse`, or `tf.compat.v1.AUTO_REUSE`, shares the variables of an earlier layer),
  and `add_weight` goes through `get_variable` in it, so weights are named `<scopes>/dense/kernel:0`
  and land in the graph's variable collections. Later calls re-enter the same scope.
- While a v1 graph is built, weight and activity regularization losses go to the graph's
  REGULARIZATION_LOSSES collection, and the variable assignments a call adds (batch
  normalization's moving statistics) go to UPDATE_OPS instead of running by themselves: a Session
  runs them only when the train op depends on them.
- Inside a call decorated with `track_tf1_style_variables`, a layer made there (the functional
  `tf.compat.v1.layers.dense(...)` makes one per call) hands its regularization losses to the
  decorated layer, which owns the variables.
"""

from __future__ import annotations

import contextlib
import functools

from lamina._core.context import STATE
from lamina._core.errors import unimplemented
from lamina._core.graph import ASSIGN_VARIABLE, Graph
from lamina._core.tensor import Tensor
from lamina._core.variables import VariableSynchronization
from lamina.compat.v1 import variable_scope as vs
from lamina.keras import initializer as initializers
from lamina.keras import regularizer as regularizers
from lamina.keras.layer import base as keras_base
from lamina.keras.naming import to_snake_case

UPDATE_OPS = "update_ops"  # tf.compat.v1.GraphKeys.UPDATE_OPS
REGULARIZATION_LOSSES = vs.REGULARIZATION_LOSSES

_ADD_WEIGHT_KWARGS = ("getter", "collections", "experimental_autocast", "caching_device")


class Layer(keras_base.Layer):
    """Base class of the tf.compat.v1.layers classes (see the module docstring).

    Args:
      trainable: whether the layer's variables are trainable (in TRAINABLE_VARIABLES).
      name: the layer's name, also the base of its variable scope's name.
      dtype: the dtype of its variables and computations.
      **kwargs: the Keras layer's keywords.
    """

    _TRACKING_EXCLUDED = keras_base.Layer._TRACKING_EXCLUDED | {"_v1_store", "_v1_scope", "_v1_updates"}

    def __init__(self, trainable=True, name=None, dtype=None, **kwargs):
        scope = kwargs.pop("_scope", None)
        reuse = kwargs.pop("_reuse", None)
        super().__init__(trainable=trainable, name=name, dtype=dtype, **kwargs)
        self._v1_scope_argument = scope
        self._v1_reuse = reuse
        self._v1_base_name = name or to_snake_case(type(self).__name__)
        self._v1_scope = None  # the VariableScope captured on the first call
        self._v1_updates: list = []
        # A layer made inside a track_tf1_style_variables call lives for that call only: the
        # decorated layer (through its store) owns its variables and its losses.
        self._v1_store = vs.active_store()

    # ---- the variable scope ----------------------------------------------------------------------
    @property
    def scope_name(self) -> str:
        """The name of the layer's variable scope (known after the first call)."""
        if self._v1_scope is None:
            raise ValueError(
                f"No name available for layer scope because the layer {self.name!r} has not been used "
                "yet. The scope name is determined the first time the layer instance is called. You "
                "must therefore call the layer before querying `scope_name`."
            )
        return self._v1_scope.name

    def _scope_context(self, scope=None):
        """The layer's variable scope: entered again after the first call, made on the first."""
        if self._v1_scope is not None:
            return vs.variable_scope(self._v1_scope, reuse=True, auxiliary_name_scope=False)
        scope = scope if scope is not None else self._v1_scope_argument
        if self._v1_reuse:
            return vs.variable_scope(scope if scope is not None else self._v1_base_name, reuse=self._v1_reuse)
        return vs.variable_scope(scope, default_name=self._v1_base_name)

    @contextlib.contextmanager
    def _in_scope(self, scope=None):
        with self._scope_context(scope) as captured:
            if self._v1_scope is None:
                self._v1_scope = captured
            yield captured

    def _name_scope(self) -> str:
        # Ops of every call go under the scope's own name scope ("dense/MatMul", "dense/MatMul_1").
        return self._v1_scope.original_name_scope if self._v1_scope is not None else self.name

    # ---- calling -------------------------------------------------------------------------------
    def __call__(self, inputs, *args, **kwargs):
        scope = kwargs.pop("scope", None)
        builder = STATE.builder
        graph = builder if isinstance(builder, Graph) and not builder.is_function else None
        first_op = len(graph.get_operations()) if graph is not None else 0
        with self._in_scope(scope):
            outputs = super().__call__(inputs, *args, **kwargs)
        if graph is not None:
            self._collect_updates(graph, first_op)
        return outputs

    def _collect_updates(self, graph: Graph, first_op: int):
        """Puts the assignments to the layer's own variables that this call added to `graph` (not
        their initializers) into UPDATE_OPS; internal state (random-op counters) is not an update."""
        own = {id(v) for v in self._trainable_weights + self._non_trainable_weights}
        for op in graph.get_operations()[first_op:]:
            if op.opdef is not ASSIGN_VARIABLE:
                continue
            variable = op.attrs["variable"]
            if id(variable) in own and variable.initializer is not op:
                self._v1_updates.append(op)
                graph.add_to_collection(UPDATE_OPS, op)

    @property
    def updates(self) -> list:
        """The update ops (variable assignments) that calls in v1 graphs added to UPDATE_OPS."""
        return list(self._v1_updates)

    # ---- weights -------------------------------------------------------------------------------
    def add_weight(
        self,
        name=None,
        shape=None,
        dtype=None,
        initializer=None,
        regularizer=None,
        trainable=None,
        constraint=None,
        use_resource=None,
        synchronization=VariableSynchronization.AUTO,
        aggregation=None,
        partitioner=None,
        **kwargs,
    ):
        """The variable `<layer scope>/<name>` from `tf.compat.v1.get_variable`: new, or the one the
        scope shares. An initializer of None takes the scope's default (Glorot uniform for floats).

        Raises:
          ValueError: get_variable's errors (a variable that exists without reuse, or is missing with
            reuse=True, or whose shape differs).
        """
        for key in kwargs:
            if key not in _ADD_WEIGHT_KWARGS:
                raise TypeError(f"Unknown keyword argument: {key}")
        if partitioner is not None:
            raise unimplemented("tf.compat.v1.layers.Layer.add_weight(partitioner=...)")
        synchronization = VariableSynchronization(synchronization)
        if trainable is None:
            trainable = synchronization is not VariableSynchronization.ON_READ
        elif trainable and synchronization is VariableSynchronization.ON_READ:
            raise ValueError(
                "Synchronization value can be set to VariableSynchronization.ON_READ only for "
                "non-trainable variables."
            )
        trainable = bool(trainable) and self.trainable
        if isinstance(initializer, (str, dict)):
            initializer = initializers.get(initializer)
        dtype = dtype or self._dtype_policy.variable_dtype or "float32"
        # Inside `__call__` the layer's scope is current; otherwise (a direct `build`) enter it.
        in_scope = self._v1_scope is not None and vs.get_variable_scope().name == self._v1_scope.name
        with contextlib.nullcontext() if in_scope else self._in_scope():
            existed = vs.find_variable(name) is not None
            variable = vs.get_variable(
                name, shape=shape, dtype=dtype, initializer=initializer, trainable=trainable,
                constraint=constraint, synchronization=synchronization, aggregation=aggregation,
            )  # fmt: skip
        weights = self._trainable_weights if variable.trainable else self._non_trainable_weights
        if all(v is not variable for v in weights):
            weights.append(variable)
        if regularizer is not None:
            self._regularize(variable, regularizers.get(regularizer), existed)
        return variable

    def _regularize(self, variable, regularizer, existed: bool):
        """The penalty of a new variable joins the layer's losses (and, in a graph, the collection);
        eagerly, a shared one's does too, as in TensorFlow."""
        penalty = functools.partial(vs.regularization_penalty, variable, regularizer)
        if self._v1_store is not None:
            if not existed:
                self._v1_store.add_loss(penalty)
        elif not existed or STATE.builder is None:
            self.add_loss(penalty)

    # ---- losses -------------------------------------------------------------------------------
    def add_loss(self, losses, inputs=None, **kwargs):
        """Adds losses like a Keras layer; while a v1 graph is built they (callables evaluated now)
        also go to its REGULARIZATION_LOSSES collection."""
        if self._v1_store is not None:
            for loss in losses if isinstance(losses, (list, tuple)) else [losses]:
                self._v1_store.add_loss(loss)
            return
        super().add_loss(losses, **kwargs)
        builder = STATE.builder
        if not isinstance(builder, Graph) or builder.is_function:
            return
        for loss in losses if isinstance(losses, (list, tuple)) else [losses]:
            if loss is None:
                continue
            value = loss() if callable(loss) and not isinstance(loss, Tensor) else loss
            if value is not None:
                builder.add_to_collection(REGULARIZATION_LOSSES, value)
