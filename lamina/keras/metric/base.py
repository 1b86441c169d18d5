"""`tf.keras.metrics.Metric` and the metrics every other one builds on: Sum, Mean, MeanTensor and
MeanMetricWrapper (the mean of a per-example function such as accuracy or a loss).

A metric accumulates state across batches in non-trainable Variables created by `add_weight`;
`update_state` adds a batch, `result` reads the value, `reset_state` zeroes the state. Because the
state is Variables and updates are ops, `update_state` works eagerly, inside `tf.function` (where the
updates of several metrics compile into the step's one XLA program) and in v1 graphs.
"""

from __future__ import annotations

import abc

from lamina._core import dtypes
from lamina._core.convert import convert_to_tensor
from lamina._core.shape import TensorShape, as_shape
from lamina._core.variables import Variable, VariableAggregation, VariableSynchronization
from lamina.keras import attachments, initializer, loss_utils
from lamina.keras.metric.broadcast import broadcast_weights, can_broadcast_weights
from lamina.keras.metric.functions import FUNCTIONS
from lamina.keras.naming import to_snake_case, unique_name
from lamina.ops import array_ops, cast_ops, creation_ops, math_ops, reduction_ops
from lamina.ops.dependency_ops import group


def _metric_dtype(dtype) -> dtypes.DType:
    dtype = dtypes.float32 if dtype is None else dtypes.as_dtype(dtype)
    if not (dtype.is_floating or dtype.is_integer or dtype.is_complex or dtype is dtypes.bool):
        raise ValueError(f"Expected numeric or boolean dtype, got {dtype!r}.")
    return dtype


def _initial_value(init, shape: TensorShape, dtype: dtypes.DType):
    """A callable producing the initial value (called where variables are created, outside graphs)."""
    init = initializer.get("zeros" if init is None else init)
    return lambda: convert_to_tensor(init(shape.as_list(), dtype=dtype), dtype=dtype)


class Metric(abc.ABC):
    """Base class of stateful metrics.

    A subclass creates its state in `__init__` with `add_weight`, and implements `update_state`
    (accumulate one batch into the state with Variable assignments) and `result` (compute the
    metric's value from the state). Calling the metric updates it and returns the result.

    Args:
      name: the metric's name (default: the class name in snake case, made unique).
      dtype: the dtype of the state and of the result (default float32).
      **kwargs: `trainable` (kept for compatibility with Keras layers; a metric's weights are never
        trained).

    Raises:
      TypeError: a name that is not a string, or an unknown keyword argument.
      ValueError: a dtype that is not numeric.
    """

    def __init__(self, name=None, dtype=None, **kwargs):
        for key in kwargs:
            if key != "trainable":
                raise TypeError(f"Keyword argument not understood: {key!r}")
        if name is not None and not isinstance(name, str):
            raise TypeError(f"Expected `name` argument to be a string, but got: {name!r}")
        self._name = name if name is not None else unique_name(to_snake_case(type(self).__name__))
        self._dtype = _metric_dtype(dtype)
        self.trainable = bool(kwargs.get("trainable", True))
        self._metric_variables: list[Variable] = []

    # ---- the contract ------------------------------------------------------------------------------
    @abc.abstractmethod
    def update_state(self, *args, **kwargs):
        """Accumulates statistics of one batch into the metric's variables. The built-in metrics
        return the update as one op while a graph is built (to run in a v1 Session), None eagerly."""

    @abc.abstractmethod
    def result(self):
        """The metric's value computed from its variables (a tensor)."""

    def __call__(self, *args, **kwargs):
        """Updates the state with one batch (`update_state(*args, **kwargs)`) and returns `result()`."""
        self.update_state(*args, **kwargs)
        return self.result()

    def reset_state(self):
        """Sets every state variable to zeros (called between epochs and evaluations). Returns the
        assignments as one op while a graph is built (None eagerly)."""
        return group(
            *[v.assign(creation_ops.zeros(v.shape.as_list(), v.dtype)) for v in self._metric_variables]
        )

    def reset_states(self):
        """Deprecated spelling of `reset_state`."""
        return self.reset_state()

    def merge_state(self, metrics):
        """Adds the state of each metric in `metrics` (same class and weights) into this one's.

        Raises:
          ValueError: if a metric's weights do not match this metric's.
        """
        updates = []
        for metric in metrics:
            if len(metric.weights) != len(self.weights):
                raise ValueError(f"Metric {metric} is not compatible with {self}")
            updates += [
                mine.assign_add(theirs.read_value()) for mine, theirs in zip(self.weights, metric.weights)
            ]
        return group(*updates)

    # ---- state -------------------------------------------------------------------------------------
    def add_weight(
        self,
        name,
        shape=(),
        aggregation=VariableAggregation.SUM,
        synchronization=VariableSynchronization.ON_READ,
        initializer=None,
        dtype=None,
    ):
        """Creates a non-trainable state Variable named `name` (e.g. "total:0").

        Args:
          name: the variable's name.
          shape: its shape (fully defined); a scalar by default.
          aggregation, synchronization: recorded on the Variable (how replicas combine it).
          initializer: an initializer or its name (`tf.keras.initializers.get`); zeros by default.
          dtype: the variable's dtype (default: the metric's dtype).

        Returns:
          The Variable.
        """
        shape = as_shape(shape)
        if not shape.is_fully_defined():
            raise ValueError(f"Metric.add_weight needs a fully defined shape. Received: shape={shape}")
        dtype = self._dtype if dtype is None else dtypes.as_dtype(dtype)
        variable = Variable(
            _initial_value(initializer, shape, dtype),
            trainable=False,
            name=name,
            dtype=dtype,
            aggregation=aggregation,
            synchronization=synchronization,
        )
        self._metric_variables.append(variable)
        return variable

    @property
    def variables(self) -> list:
        return list(self._metric_variables)

    @property
    def weights(self) -> list:
        return list(self._metric_variables)

    @property
    def trainable_weights(self) -> list:
        return []

    @property
    def non_trainable_weights(self) -> list:
        return list(self._metric_variables)

    trainable_variables = trainable_weights
    non_trainable_variables = non_trainable_weights

    # ---- description -------------------------------------------------------------------------------
    @property
    def name(self) -> str:
        return self._name

    @property
    def dtype(self) -> str:
        """The name of the state's dtype ("float32")."""
        return self._dtype.name

    def get_config(self) -> dict:
        """The constructor arguments that rebuild this metric with `from_config`."""
        return {"name": self._name, "dtype": self._dtype.name}

    @classmethod
    def from_config(cls, config):
        return cls(**config)

    def __repr__(self):
        items = ",".join(f"{key}={value}" for key, value in self.get_config().items())
        return f"{type(self).__name__}({items})"


class Reduce(Metric):
    """Reduces values to a sum ("sum"), a mean of all entries ("sum_over_batch_size") or a weighted
    mean ("weighted_mean") across every batch; the base of Sum and Mean."""

    _REDUCTIONS = ("sum", "sum_over_batch_size", "weighted_mean")

    def __init__(self, reduction, name, dtype=None):
        super().__init__(name=name, dtype=dtype)
        if reduction not in self._REDUCTIONS:
            raise ValueError(f"Unknown reduction: {reduction!r}. Expected one of {self._REDUCTIONS}.")
        self.reduction = reduction
        self.total = self.add_weight("total")
        if reduction != "sum":
            self.count = self.add_weight("count")

    def update_state(self, values, sample_weight=None):
        """Adds `values` (optionally weighted by `sample_weight`, broadcastable to them) to the state.

        Sample weights one rank below the values apply per row; weights that cannot be broadcast
        to the values reduce the values to the weights' rank first (sum or mean over the extra axes).
        """
        values = cast_ops.cast(_as_tensor(values), self._dtype)
        count = None
        if sample_weight is not None:
            sample_weight = cast_ops.cast(_as_tensor(sample_weight), self._dtype)
            values, _, sample_weight = loss_utils.squeeze_or_expand_dimensions(
                values, sample_weight=sample_weight
            )
            if can_broadcast_weights(sample_weight, values):
                sample_weight = broadcast_weights(sample_weight, values)
            else:
                extra_axes = list(range(sample_weight.shape.rank, values.shape.rank))
                reduce = reduction_ops.reduce_sum if self.reduction == "sum" else reduction_ops.reduce_mean
                values = reduce(values, axis=extra_axes)
            values = math_ops.multiply(values, sample_weight)
            if self.reduction == "weighted_mean":
                count = reduction_ops.reduce_sum(sample_weight)
        updates = [self.total.assign_add(reduction_ops.reduce_sum(values))]
        if self.reduction != "sum":
            if count is None:
                count = cast_ops.cast(array_ops.size(values), self._dtype)
            updates.append(self.count.assign_add(count))
        return group(*updates)

    def result(self):
        if self.reduction == "sum":
            return array_ops.identity(self.total)
        return math_ops.divide_no_nan(self.total.read_value(), self.count.read_value())


class Sum(Reduce):
    """The (weighted) sum of all values seen.

    Args:
      name: the metric's name.
      dtype: the dtype of the state and result.
    """

    def __init__(self, name="sum", dtype=None):
        super().__init__("sum", name=name, dtype=dtype)


class Mean(Reduce):
    """The (weighted) mean of all values seen: sum(values * weights) / sum(weights).

    Args:
      name: the metric's name.
      dtype: the dtype of the state and result.
    """

    def __init__(self, name="mean", dtype=None):
        super().__init__("weighted_mean", name=name, dtype=dtype)


class MeanMetricWrapper(Mean):
    """The weighted mean of `fn(y_true, y_pred, **kwargs)` over every example seen.

    Labels and predictions are cast to the metric's dtype and a trailing size-1 dimension that only
    one of them has is dropped before `fn` runs; a mask attached to `fn`'s result (see
    lamina.keras.attachments) zeroes the weight of masked entries.

    Args:
      fn: a function `fn(y_true, y_pred, **kwargs)` returning per-example values.
      name: the metric's name.
      dtype: the dtype of the state and result.
      **kwargs: passed to `fn` on every update (and kept in get_config).
    """

    def __init__(self, fn, name=None, dtype=None, **kwargs):
        super().__init__(name=name, dtype=dtype)
        self._fn = fn
        self._fn_kwargs = kwargs

    def update_state(self, y_true, y_pred, sample_weight=None):
        """Adds the batch's per-example values of `fn` to the weighted mean."""
        y_true = cast_ops.cast(_as_tensor(y_true), self._dtype)
        y_pred = cast_ops.cast(_as_tensor(y_pred), self._dtype)
        y_pred, y_true = loss_utils.squeeze_or_expand_dimensions(y_pred, y_true)
        values = self._fn(y_true, y_pred, **self._fn_kwargs)
        sample_weight = loss_utils.apply_mask(values, sample_weight, attachments.get_mask(values))
        return super().update_state(values, sample_weight=sample_weight)

    def get_config(self) -> dict:
        config = dict(super().get_config())
        for key, value in self._fn_kwargs.items():
            config[key] = value.numpy() if hasattr(value, "numpy") else value
        if type(self) is MeanMetricWrapper:
            config["fn"] = self._fn
        return config

    @classmethod
    def from_config(cls, config):
        config = dict(config)
        fn = config.pop("fn", None)
        if cls is MeanMetricWrapper:
            return cls(FUNCTIONS.get(fn), **config)
        return super().from_config(config)


class MeanTensor(Metric):
    """The element-wise (weighted) mean of tensors of one shape, over every update.

    Args:
      name: the metric's name.
      dtype: the dtype of the state and result.
      shape: the values' shape; when None, the first update sets it and creates the state.
    """

    def __init__(self, name="mean_tensor", dtype=None, shape=None):
        super().__init__(name=name, dtype=dtype)
        self._shape = None
        self._built = False
        if shape is not None:
            self._build(as_shape(shape))

    def _build(self, shape: TensorShape):
        self._shape = shape
        self.total = self.add_weight("total", shape=shape)
        self.count = self.add_weight("count", shape=shape)
        self._built = True

    def update_state(self, values, sample_weight=None):
        """Adds `values` (optionally weighted) element-wise.

        Raises:
          ValueError: if `values` has another shape than the first update's.
        """
        values = cast_ops.cast(_as_tensor(values), self._dtype)
        if not self._built:
            self._build(values.shape)
        elif values.shape != self._shape:
            raise ValueError(
                "MeanTensor input values must always have the same shape. Expected shape (set during "
                f"the first call): {self._shape}. Got: {values.shape}."
            )
        counts = creation_ops.ones_like(values)
        if sample_weight is not None:
            sample_weight = cast_ops.cast(_as_tensor(sample_weight), self._dtype)
            values, _, sample_weight = loss_utils.squeeze_or_expand_dimensions(
                values, sample_weight=sample_weight
            )
            sample_weight = broadcast_weights(sample_weight, values)
            counts = math_ops.multiply(counts, sample_weight)
            values = math_ops.multiply(values, sample_weight)
        return group(self.total.assign_add(values), self.count.assign_add(counts))

    @property
    def total_tensor(self):
        return self.total if self._built else None

    @property
    def count_tensor(self):
        return self.count if self._built else None

    def result(self):
        """The element-wise mean. Raises ValueError before the first update."""
        if not self._built:
            raise ValueError(
                "MeanTensor does not have any value yet. Please call the MeanTensor instance or use "
                "`.update_state(value)` before retrieving the result."
            )
        return math_ops.divide_no_nan(self.total.read_value(), self.count.read_value())

    def reset_state(self):
        return super().reset_state() if self._built else None


def _as_tensor(value):
    """A tensor from a tensor, Variable, NumPy array or Python value (Variables are read)."""
    return value.read_value() if isinstance(value, Variable) else convert_to_tensor(value)
