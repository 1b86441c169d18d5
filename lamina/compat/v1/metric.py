"""`tf.compat.v1.metrics`: streaming metrics of TensorFlow 1.x graphs.

Each metric function builds, in the current v1 graph, state variables (zeros, in the LOCAL_VARIABLES
and METRIC_VARIABLES collections, never trained, initialized by `local_variables_initializer()`)
under a variable scope named after the metric (`mean/total:0`), and returns a pair:

- `value`: computed from the state alone, so fetching it never changes anything;
- `update_op`: adds one batch to the state and evaluates to the value including that batch.

Running `update_op` once per batch and then `value` gives the metric over every batch seen so far
("as data comes in"). This module holds the machinery every metric uses (the eager check, scopes,
local state, collections), the mean family and the counts of boolean decisions (any non-zero value is
True) with precision and recall. The others: `metric_thresholds.py` (scores at thresholds, AUC),
`metric_classes.py` (mean IoU, per-class accuracy), `metric_at_k.py` (top-k against sparse labels).
The per-batch math is shared with the Keras metrics where TensorFlow 1.x agrees with Keras.

TensorFlow 1.x metrics do not work eagerly; like TensorFlow 2.15, each raises RuntimeError then.
"""

from __future__ import annotations

import contextlib

from lamina._core import dtypes
from lamina._core.context import STATE, executing_eagerly
from lamina._core.variables import Variable, VariableAggregation, VariableSynchronization
from lamina.compat.v1.variable_scope import variable_scope
from lamina.keras import loss_utils
from lamina.keras.metric.broadcast import broadcast_weights
from lamina.ops import (
    array_ops,
    cast_ops,
    comparison_ops,
    creation_ops,
    indexing_ops,
    math_functions,
    math_ops,
    reduction_ops,
)
from lamina.ops._op import tensor

LOCAL_VARIABLES = "local_variables"
METRIC_VARIABLES = "metric_variables"


# ---- state and scopes ------------------------------------------------------------------------------
def check_graph_mode(api: str):
    """Raises RuntimeError when executing eagerly: v1 metrics need a graph (as in TensorFlow 2.15)."""
    if executing_eagerly():
        raise RuntimeError(f"tf.metrics.{api} is not supported when eager execution is enabled.")


@contextlib.contextmanager
def metric_scope(name, default_name: str):
    """The variable scope (and name scope) of one metric: `name`, or `default_name` made unique."""
    with variable_scope(name, default_name=default_name) as scope:
        yield scope


def metric_variable(shape, dtype, name: str) -> Variable:
    """A zero-initialized, non-trainable state variable in the LOCAL_VARIABLES and METRIC_VARIABLES
    collections (not in the global variables, so global_variables_initializer leaves it alone)."""
    variable = Variable(
        creation_ops.zeros(shape, dtype),
        trainable=False,
        name=name,
        synchronization=VariableSynchronization.ON_READ,
        aggregation=VariableAggregation.SUM,
    )
    graph = STATE.builder
    # A graph Variable registers itself as a global variable; a metric's state is local instead.
    global_variables = graph.get_collection_ref("variables")
    if global_variables and global_variables[-1] is variable:
        global_variables.pop()
    graph.add_to_collections([LOCAL_VARIABLES, METRIC_VARIABLES], variable)
    return variable


def finish(value, update_op, metrics_collections, updates_collections):
    """Adds `value` and `update_op` to the requested collections; returns the pair."""
    graph = STATE.builder
    if metrics_collections:
        graph.add_to_collections(metrics_collections, value)
    if updates_collections:
        graph.add_to_collections(updates_collections, update_op)
    return value, update_op


def _align(predictions, labels=None, weights=None):
    """Squeezes a trailing size-1 dimension so labels match predictions, and squeezes or expands the
    weights' last dimension so their rank matches (TensorFlow 1.x's rule). Returns (p, l, w)."""
    if weights is None:
        predictions, labels = loss_utils.squeeze_or_expand_dimensions(predictions, labels)
        return predictions, labels, None
    return loss_utils.squeeze_or_expand_dimensions(predictions, labels, weights)


def check_shapes(predictions, labels):
    """Raises ValueError when the static shapes of predictions and labels are incompatible."""
    predictions.shape.assert_is_compatible_with(labels.shape)


# ---- the mean family -------------------------------------------------------------------------------
def _streaming_mean(values, weights, metrics_collections, updates_collections, name, default_name):
    """The weighted mean of every value seen so far: state `total` and `count` (float32 scalars)."""
    with metric_scope(name, default_name):
        values = cast_ops.cast(tensor(values), dtypes.float32)
        total = metric_variable([], dtypes.float32, "total")
        count = metric_variable([], dtypes.float32, "count")
        if weights is None:
            num_values = cast_ops.cast(array_ops.size(values), dtypes.float32)
        else:
            values, _, weights = _align(values, None, cast_ops.cast(tensor(weights), dtypes.float32))
            weights = broadcast_weights(weights, values)
            values = math_ops.multiply(values, weights)
            num_values = reduction_ops.reduce_sum(weights)
        update_total = total.assign_add(reduction_ops.reduce_sum(values))
        update_count = count.assign_add(num_values)
        value = math_ops.divide_no_nan(total.read_value(), count.read_value(), name="value")
        update_op = math_ops.divide_no_nan(update_total, update_count, name="update_op")
        return finish(value, update_op, metrics_collections, updates_collections)


def mean(values, weights=None, metrics_collections=None, updates_collections=None, name=None):
    """The streaming (weighted) mean of `values`.

    Args:
      values: a tensor of any shape.
      weights: optional weights, broadcastable to `values` (rank 0, or the rank of `values` with each
        dimension 1 or equal); a weight of 0 masks a value.
      metrics_collections, updates_collections: collections to add the value / update op to.
      name: the variable scope (default "mean").

    Returns:
      (mean, update_op): float32 scalars; the mean is 0 before any weight was seen.

    Raises:
      RuntimeError: when executing eagerly.
      ValueError: weights that do not broadcast to the values.
    """
    check_graph_mode("mean")
    return _streaming_mean(values, weights, metrics_collections, updates_collections, name, "mean")


def mean_tensor(values, weights=None, metrics_collections=None, updates_collections=None, name=None):
    """The element-wise streaming mean of `values` (whose shape must be fully known).

    Returns:
      (mean, update_op): float32 tensors of the shape of `values`; entries with no weight yet are 0.

    Raises:
      RuntimeError: when executing eagerly.
      ValueError: `values` of a partially known shape, or weights that do not broadcast.
    """
    check_graph_mode("mean_tensor")
    with metric_scope(name, "mean"):
        values = cast_ops.cast(tensor(values), dtypes.float32)
        if not values.shape.is_fully_defined():
            raise ValueError(f"Cannot convert a partially known TensorShape {values.shape} to a Tensor.")
        shape = values.shape.as_list()
        total = metric_variable(shape, dtypes.float32, "total_tensor")
        count = metric_variable(shape, dtypes.float32, "count_tensor")
        num_values = creation_ops.ones_like(values)
        if weights is not None:
            values, _, weights = _align(values, None, cast_ops.cast(tensor(weights), dtypes.float32))
            weights = broadcast_weights(weights, values)
            values = math_ops.multiply(values, weights)
            num_values = math_ops.multiply(num_values, weights)
        update_total = total.assign_add(values)
        update_count = count.assign_add(num_values)
        value = math_ops.divide_no_nan(total.read_value(), count.read_value(), name="value")
        update_op = math_ops.divide_no_nan(update_total, update_count, name="update_op")
        return finish(value, update_op, metrics_collections, updates_collections)


def accuracy(
    labels, predictions, weights=None, metrics_collections=None, updates_collections=None, name=None
):
    """How often `predictions` equals `labels` (predictions are cast to the labels' dtype first).

    Returns:
      (accuracy, update_op): float32 scalars.

    Raises:
      RuntimeError: when executing eagerly.
      ValueError: incompatible shapes of labels and predictions, or weights that do not broadcast.
    """
    check_graph_mode("accuracy")
    predictions, labels, weights = _align(tensor(predictions), tensor(labels), weights)
    check_shapes(predictions, labels)
    if predictions.dtype is not labels.dtype:
        predictions = cast_ops.cast(predictions, labels.dtype)
    is_correct = cast_ops.cast(comparison_ops.equal(predictions, labels), dtypes.float32)
    return _streaming_mean(is_correct, weights, metrics_collections, updates_collections, name, "accuracy")


def _error_metric(labels, predictions, weights, error, collections, name, default_name):
    """The streaming mean of `error(labels, predictions)` after aligning and checking shapes."""
    predictions, labels, weights = _align(tensor(predictions), tensor(labels), weights)
    check_shapes(predictions, labels)
    return _streaming_mean(error(labels, predictions), weights, *collections, name, default_name)


def mean_squared_error(
    labels, predictions, weights=None, metrics_collections=None, updates_collections=None, name=None
):
    """The streaming mean of `(labels - predictions) ** 2`.

    Returns:
      (mean_squared_error, update_op): float32 scalars.

    Raises:
      RuntimeError: when executing eagerly.
      ValueError: incompatible shapes of labels and predictions, or weights that do not broadcast.
    """
    check_graph_mode("mean_squared_error")
    collections = (metrics_collections, updates_collections)
    return _error_metric(
        labels, predictions, weights, math_ops.squared_difference, collections, name, "mean_squared_error"
    )


def root_mean_squared_error(
    labels, predictions, weights=None, metrics_collections=None, updates_collections=None, name=None
):
    """The square root of the streaming mean squared error: the RMSE of every batch seen so far.

    Returns:
      (root_mean_squared_error, update_op): float32 scalars.

    Raises:
      RuntimeError: when executing eagerly.
      ValueError: incompatible shapes of labels and predictions, or weights that do not broadcast.
    """
    check_graph_mode("root_mean_squared_error")
    mse, update_mse = _error_metric(
        labels,
        predictions,
        weights,
        math_ops.squared_difference,
        (None, None),
        name,
        "root_mean_squared_error",
    )
    return finish(math_ops.sqrt(mse), math_ops.sqrt(update_mse), metrics_collections, updates_collections)


def mean_absolute_error(
    labels, predictions, weights=None, metrics_collections=None, updates_collections=None, name=None
):
    """The streaming mean of `|predictions - labels|`.

    Returns:
      (mean_absolute_error, update_op): float32 scalars.

    Raises:
      RuntimeError: when executing eagerly.
      ValueError: incompatible shapes of labels and predictions, or weights that do not broadcast.
    """
    check_graph_mode("mean_absolute_error")

    def absolute_error(labels, predictions):
        return math_functions.abs(math_ops.subtract(predictions, labels))

    collections = (metrics_collections, updates_collections)
    return _error_metric(
        labels, predictions, weights, absolute_error, collections, name, "mean_absolute_error"
    )


def mean_relative_error(
    labels,
    predictions,
    normalizer,
    weights=None,
    metrics_collections=None,
    updates_collections=None,
    name=None,
):
    """The streaming mean of `|labels - predictions| / normalizer` (0 where the normalizer is 0).

    Returns:
      (mean_relative_error, update_op): float32 scalars.

    Raises:
      RuntimeError: when executing eagerly.
      ValueError: incompatible shapes of labels, predictions and normalizer, or weights that do not
        broadcast.
    """
    check_graph_mode("mean_relative_error")
    predictions, labels, weights = _align(tensor(predictions), tensor(labels), weights)
    check_shapes(predictions, labels)
    normalizer = tensor(normalizer)
    check_shapes(predictions, normalizer)
    relative = math_ops.divide(math_functions.abs(math_ops.subtract(labels, predictions)), normalizer)
    relative = indexing_ops.where(
        comparison_ops.equal(normalizer, 0.0), creation_ops.zeros_like(labels), relative
    )
    collections = (metrics_collections, updates_collections)
    return _streaming_mean(relative, weights, *collections, name, "mean_relative_error")


def mean_cosine_distance(
    labels, predictions, dim, weights=None, metrics_collections=None, updates_collections=None, name=None
):
    """The streaming mean of `1 - sum(labels * predictions, axis=dim)` for unit-normalized inputs.

    Args:
      dim: the axis along which the vectors lie.
      weights: optional weights broadcastable to the per-vector values (`dim` kept with size 1).

    Returns:
      (mean_distance, update_op): float32 scalars.

    Raises:
      RuntimeError: when executing eagerly.
      ValueError: incompatible shapes of labels and predictions, or weights that do not broadcast.
    """
    check_graph_mode("mean_cosine_distance")
    predictions, labels, weights = _align(tensor(predictions), tensor(labels), weights)
    check_shapes(predictions, labels)
    radial = reduction_ops.reduce_sum(math_ops.multiply(predictions, labels), axis=[dim], keepdims=True)
    similarity, update_similarity = _streaming_mean(radial, weights, None, None, name, "mean_cosine_distance")
    return finish(
        math_ops.subtract(1.0, similarity),
        math_ops.subtract(1.0, update_similarity),
        metrics_collections,
        updates_collections,
    )


def percentage_below(
    values, threshold, weights=None, metrics_collections=None, updates_collections=None, name=None
):
    """The streaming (weighted) fraction of `values` strictly below `threshold`.

    Returns:
      (percentage, update_op): float32 scalars in [0, 1].

    Raises:
      RuntimeError: when executing eagerly.
      ValueError: weights that do not broadcast to the values.
    """
    check_graph_mode("percentage_below")
    values = tensor(values)
    is_below = cast_ops.cast(
        comparison_ops.less(values, cast_ops.cast(threshold, values.dtype)), dtypes.float32
    )
    collections = (metrics_collections, updates_collections)
    return _streaming_mean(is_below, weights, *collections, name, "percentage_below_threshold")


# ---- counts of boolean decisions -------------------------------------------------------------------
def _decisions(labels, predictions, weights):
    """Labels and predictions as booleans (non-zero is True), aligned and shape-checked."""
    predictions = cast_ops.cast(tensor(predictions), dtypes.bool)
    labels = cast_ops.cast(tensor(labels), dtypes.bool)
    predictions, labels, weights = _align(predictions, labels, weights)
    check_shapes(predictions, labels)
    return labels, predictions, weights


def _count_condition(labels, predictions, weights, condition, collections, name, default_name):
    """A streaming weighted count of the entries where `condition(labels, predictions)` holds."""
    with metric_scope(name, default_name):
        labels, predictions, weights = _decisions(labels, predictions, weights)
        count = metric_variable([], dtypes.float32, "count")
        hits = cast_ops.cast(condition(labels, predictions), dtypes.float32)
        if weights is not None:
            hits = math_ops.multiply(
                hits, broadcast_weights(cast_ops.cast(tensor(weights), dtypes.float32), hits)
            )
        update_op = count.assign_add(reduction_ops.reduce_sum(hits))
        return finish(array_ops.identity(count.read_value()), update_op, *collections)


_CONDITIONS = {
    "true_positives": lambda labels, predictions: comparison_ops.logical_and(labels, predictions),
    "false_positives": lambda labels, predictions: comparison_ops.logical_and(
        comparison_ops.logical_not(labels), predictions
    ),
    "true_negatives": lambda labels, predictions: comparison_ops.logical_and(
        comparison_ops.logical_not(labels), comparison_ops.logical_not(predictions)
    ),
    "false_negatives": lambda labels, predictions: comparison_ops.logical_and(
        labels, comparison_ops.logical_not(predictions)
    ),
}


def _count_metric(kind: str):
    def count(
        labels, predictions, weights=None, metrics_collections=None, updates_collections=None, name=None
    ):
        check_graph_mode(kind)
        collections = (metrics_collections, updates_collections)
        return _count_condition(labels, predictions, weights, _CONDITIONS[kind], collections, name, kind)

    noun = kind.replace("_", " ")
    count.__name__ = count.__qualname__ = kind
    count.__doc__ = f"""The streaming weighted number of {noun}: labels and predictions are booleans (any
    non-zero value is True).

    Returns:
      ({kind}, update_op): float32 scalars.

    Raises:
      RuntimeError: when executing eagerly.
      ValueError: incompatible shapes of labels and predictions, or weights that do not broadcast.
    """
    return count


true_positives = _count_metric("true_positives")
false_positives = _count_metric("false_positives")
true_negatives = _count_metric("true_negatives")
false_negatives = _count_metric("false_negatives")


def _rate(numerator, other, name):
    """numerator / (numerator + other), 0 where that sum is 0."""
    denominator = math_ops.add(numerator, other)
    return indexing_ops.where(
        comparison_ops.greater(denominator, 0.0),
        math_ops.divide(numerator, denominator),
        creation_ops.zeros_like(numerator),
        name=name,
    )


def _precision_or_recall(labels, predictions, weights, other_kind, collections, name, default_name):
    with metric_scope(name, default_name):
        labels, predictions, weights = _decisions(labels, predictions, weights)
        hits, update_hits = true_positives(labels, predictions, weights)
        misses, update_misses = _count_metric(other_kind)(labels, predictions, weights)
        value = _rate(hits, misses, "value")
        update_op = _rate(update_hits, update_misses, "update_op")
        return finish(value, update_op, *collections)


def precision(
    labels, predictions, weights=None, metrics_collections=None, updates_collections=None, name=None
):
    """The streaming precision tp / (tp + fp) of boolean predictions (non-zero is positive).

    Returns:
      (precision, update_op): float32 scalars, 0 while nothing was predicted positive.

    Raises:
      RuntimeError: when executing eagerly.
      ValueError: incompatible shapes of labels and predictions, or weights that do not broadcast.
    """
    check_graph_mode("precision")
    collections = (metrics_collections, updates_collections)
    return _precision_or_recall(
        labels, predictions, weights, "false_positives", collections, name, "precision"
    )


def recall(labels, predictions, weights=None, metrics_collections=None, updates_collections=None, name=None):
    """The streaming recall tp / (tp + fn) of boolean predictions (non-zero is positive).

    Returns:
      (recall, update_op): float32 scalars, 0 while no label was positive.

    Raises:
      RuntimeError: when executing eagerly.
      ValueError: incompatible shapes of labels and predictions, or weights that do not broadcast.
    """
    check_graph_mode("recall")
    collections = (metrics_collections, updates_collections)
    return _precision_or_recall(labels, predictions, weights, "false_negatives", collections, name, "recall")
