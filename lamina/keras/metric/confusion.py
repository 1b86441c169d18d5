"""Confusion-matrix counts as pure functions of tensors, shared by the Keras metrics (Precision,
Recall, AUC, TruePositives, ..., the IoU family) and tf.compat.v1.metrics.

`thresholded_counts` turns one batch of labels and predictions into the weighted numbers of true
positives, false positives, true negatives and false negatives at each threshold (a prediction above
a threshold is positive; any non-zero label is positive). `class_confusion_matrix` counts (label,
prediction) class pairs. Neither reads values back to the host, so both compile into a training step.
"""

from __future__ import annotations

import numpy as np

from lamina._core import dtypes
from lamina.keras import loss_utils
from lamina.keras.metric.broadcast import broadcast_weights
from lamina.ops import (
    array_ops,
    cast_ops,
    clip_ops,
    comparison_ops,
    creation_ops,
    math_functions,
    math_ops,
    nn_ops,
    reduction_ops,
)
from lamina.ops._op import tensor
from lamina.ops.dependency_ops import group

# The score given to predictions outside the top k: never above any threshold.
NEG_INF = -1e10
EPSILON = 1e-7  # Keras's backend epsilon: the outer thresholds are -EPSILON and 1 + EPSILON
TRUE_POSITIVES, FALSE_POSITIVES, TRUE_NEGATIVES, FALSE_NEGATIVES = "tp", "fp", "tn", "fn"
ALL_COUNTS = (TRUE_POSITIVES, FALSE_POSITIVES, TRUE_NEGATIVES, FALSE_NEGATIVES)


# ---- thresholds -----------------------------------------------------------------------------------
def parse_thresholds(thresholds, default_threshold=0.5) -> list:
    """A metric's `thresholds` argument as a list of floats (`[default_threshold]` when None).

    Raises:
      ValueError: a threshold outside [0, 1].
    """
    if thresholds is None:
        return [default_threshold]
    values = list(np.ravel(np.asarray(thresholds, dtype=np.float64)).tolist())
    invalid = [t for t in values if t is None or not 0 <= t <= 1]
    if invalid:
        raise ValueError(f"Threshold values must be in [0, 1]. Received: {invalid}")
    return values


def is_evenly_distributed(thresholds) -> bool:
    """Whether `thresholds` (at least 3) are i / (n - 1) for i = 0..n-1, up to Keras's epsilon. Such
    thresholds are counted by bucketing each prediction once, not by comparing it with each one."""
    thresholds = np.asarray(thresholds, dtype=np.float64)
    count = len(thresholds)
    if count < 3:
        return False
    even = np.arange(count, dtype=np.float32) / (count - 1)
    return bool(np.allclose(thresholds, even, atol=EPSILON))


def evenly_spaced_thresholds(num_thresholds: int) -> list:
    """The `num_thresholds` thresholds of AUC and the at-recall metrics: (i + 1) / (n - 1) between
    -EPSILON and 1 + EPSILON (so predictions of exactly 0 and 1 are counted at the ends)."""
    inner = [(i + 1) * 1.0 / (num_thresholds - 1) for i in range(num_thresholds - 2)]
    return [0.0 - EPSILON] + inner + [1.0 + EPSILON]


# ---- preparing one batch ----------------------------------------------------------------------------
def filter_top_k(x, k: int):
    """`x` with every entry outside the `k` largest of its last axis replaced by NEG_INF."""
    _, indices = reduction_ops.top_k(x, k, sorted=False)
    kept = reduction_ops.reduce_sum(array_ops.one_hot(indices, x.shape[-1], dtype=x.dtype), axis=-2)
    return math_ops.add(math_ops.multiply(x, kept), math_ops.multiply(NEG_INF, math_ops.subtract(1.0, kept)))


def _select_class(x, class_id: int):
    """The `class_id` column of the last axis, keeping that axis (size 1) to match sample weights."""
    num_classes = x.shape[-1]
    index = class_id + num_classes if class_id < 0 and num_classes is not None else class_id
    return x[..., index : index + 1]


def _prepare(y_true, y_pred, sample_weight, top_k, class_id, label_weights, dtype):
    """Labels as booleans, predictions and per-entry weights (or None), all of one shape."""
    y_true = cast_ops.cast(tensor(y_true), dtype)
    y_pred = cast_ops.cast(tensor(y_pred), dtype)
    if sample_weight is None:
        y_pred, y_true = loss_utils.squeeze_or_expand_dimensions(y_pred, y_true)
    else:
        sample_weight = cast_ops.cast(tensor(sample_weight), dtype)
        y_pred, y_true, sample_weight = loss_utils.squeeze_or_expand_dimensions(y_pred, y_true, sample_weight)
    y_pred.shape.assert_is_compatible_with(y_true.shape)
    if top_k is not None:
        y_pred = filter_top_k(y_pred, top_k)
    if class_id is not None:
        y_true, y_pred = _select_class(y_true, class_id), _select_class(y_pred, class_id)
    weights = None if sample_weight is None else broadcast_weights(sample_weight, y_pred)
    if label_weights is not None:
        label_weights = array_ops.expand_dims(cast_ops.cast(tensor(label_weights), dtype), 0)
        label_weights = broadcast_weights(label_weights, y_pred)
        weights = label_weights if weights is None else math_ops.multiply(weights, label_weights)
    return cast_ops.cast(y_true, dtypes.bool), y_pred, weights


# ---- counting -------------------------------------------------------------------------------------
def thresholded_counts(
    y_true,
    y_pred,
    thresholds,
    *,
    counts=ALL_COUNTS,
    sample_weight=None,
    top_k=None,
    class_id=None,
    multi_label=False,
    label_weights=None,
    thresholds_distributed_evenly=False,
    dtype=dtypes.float32,
) -> dict:
    """The weighted confusion counts of one batch at each threshold.

    Args:
      y_true: labels; any non-zero value is positive.
      y_pred: predictions, shape compatible with `y_true` (a trailing size-1 dimension of one of them
        is dropped); a prediction strictly above a threshold is positive.
      thresholds: a list of floats.
      counts: which counts to compute, among "tp", "fp", "tn", "fn".
      sample_weight: weights broadcastable to the predictions (one rank below is expanded).
      top_k: only the k largest predictions of the last axis may be positive.
      class_id: count only this index of the last axis.
      multi_label: count each label (the last axis of rank-2 predictions) separately; otherwise every
        entry is pooled.
      label_weights: per-label weights (the last axis), multiplied into the sample weights.
      thresholds_distributed_evenly: the thresholds are evenly spaced from 0 to 1 (see
        is_evenly_distributed): each prediction is bucketed once instead of compared with each.
      dtype: the dtype of the counts.

    Returns:
      {name: counts} with shape [num_thresholds], or [num_thresholds, num_labels] for multi_label.

    Raises:
      ValueError: incompatible label and prediction shapes, or weights that do not broadcast.
    """
    dtype = dtypes.as_dtype(dtype)
    labels, y_pred, weights = _prepare(y_true, y_pred, sample_weight, top_k, class_id, label_weights, dtype)
    if thresholds_distributed_evenly:
        return _bucketed_counts(labels, y_pred, weights, thresholds, counts, multi_label, dtype)
    return _compared_counts(labels, y_pred, weights, thresholds, counts, multi_label, dtype)


def _compared_counts(labels, y_pred, weights, thresholds, counts, multi_label, dtype) -> dict:
    """Compares every prediction with every threshold: [T, N*L] (or [T, N, L]) booleans, summed."""
    num_thresholds = len(thresholds)
    thresholds = creation_ops.constant(np.asarray(thresholds, dtype=dtype.as_numpy_dtype), dtype=dtype)
    if multi_label:
        rank = y_pred.shape.rank
        thresholds = array_ops.reshape(thresholds, [num_thresholds] + [1] * rank)
        labels, y_pred = array_ops.expand_dims(labels, 0), array_ops.expand_dims(y_pred, 0)
        weights = None if weights is None else array_ops.expand_dims(weights, 0)
    else:
        thresholds = array_ops.reshape(thresholds, [num_thresholds, 1])
        labels, y_pred = array_ops.reshape(labels, [1, -1]), array_ops.reshape(y_pred, [1, -1])
        weights = None if weights is None else array_ops.reshape(weights, [1, -1])
    above = comparison_ops.greater(y_pred, thresholds)
    below = comparison_ops.logical_not(above)
    negative = comparison_ops.logical_not(labels)
    cases = {
        TRUE_POSITIVES: (labels, above),
        FALSE_POSITIVES: (negative, above),
        TRUE_NEGATIVES: (negative, below),
        FALSE_NEGATIVES: (labels, below),
    }
    result = {}
    for name in counts:
        label_case, prediction_case = cases[name]
        hits = cast_ops.cast(comparison_ops.logical_and(label_case, prediction_case), dtype)
        if weights is not None:
            hits = math_ops.multiply(hits, weights)
        result[name] = reduction_ops.reduce_sum(hits, axis=1)
    return result


def _bucketed_counts(labels, y_pred, weights, thresholds, counts, multi_label, dtype) -> dict:
    """Evenly spaced thresholds t_i = i / (T - 1): a prediction p (clipped to [0, 1]) is above t_i iff
    i <= ceil(p * (T - 1)) - 1, so a histogram of those bucket indices, summed from the top, gives
    every threshold's count in one pass. A prediction of 0 (bucket -1) is above the first threshold
    only when that one is below 0 (AUC's -epsilon), as TensorFlow counts it."""
    num_thresholds = len(thresholds)
    positive = cast_ops.cast(labels, dtype)
    negative = math_ops.subtract(1.0, positive)
    if weights is not None:
        positive, negative = math_ops.multiply(positive, weights), math_ops.multiply(negative, weights)
    y_pred = clip_ops.clip_by_value(y_pred, 0.0, 1.0)
    buckets = math_functions.ceil(y_pred * float(num_thresholds - 1)) - 1.0
    if thresholds[0] < 0:
        buckets = nn_ops.relu(buckets)
    # one_hot of bucket -1 is all zeros: such predictions count at no threshold.
    one_hot = array_ops.one_hot(cast_ops.cast(buckets, dtypes.int32), num_thresholds, dtype=dtype)  # [..., T]
    if multi_label:  # [N, L] -> histograms [T, L]
        pool_axes, total_axes = [0], [0]
    else:  # every entry pooled -> [T]
        pool_axes = list(range(one_hot.shape.rank - 1))
        total_axes = None

    def above(per_entry):
        histogram = reduction_ops.reduce_sum(
            math_ops.multiply(one_hot, array_ops.expand_dims(per_entry, -1)), axis=pool_axes
        )
        if multi_label:
            histogram = array_ops.transpose(histogram)
        return reduction_ops.cumsum(histogram, axis=0, reverse=True)

    result = {}
    if TRUE_POSITIVES in counts or FALSE_NEGATIVES in counts:
        true_positives = above(positive)
        result[TRUE_POSITIVES] = true_positives
        if FALSE_NEGATIVES in counts:
            total = reduction_ops.reduce_sum(positive, axis=total_axes)
            result[FALSE_NEGATIVES] = math_ops.subtract(total, true_positives)
    if FALSE_POSITIVES in counts or TRUE_NEGATIVES in counts:
        false_positives = above(negative)
        result[FALSE_POSITIVES] = false_positives
        if TRUE_NEGATIVES in counts:
            total = reduction_ops.reduce_sum(negative, axis=total_axes)
            result[TRUE_NEGATIVES] = math_ops.subtract(total, false_positives)
    return {name: result[name] for name in counts}


def update_confusion_matrix_variables(variables: dict, y_true, y_pred, thresholds, **options):
    """Adds one batch's counts (see thresholded_counts) to `variables` ({"tp": Variable, ...}).
    Returns the update as one op while a graph is built (None eagerly)."""
    first = next(iter(variables.values()))
    deltas = thresholded_counts(
        y_true, y_pred, thresholds, counts=tuple(variables), dtype=first.dtype, **options
    )
    return group(*[variable.assign_add(deltas[name]) for name, variable in variables.items()])


def class_confusion_matrix(labels, predictions, num_classes: int, weights=None, dtype=dtypes.float32):
    """The [num_classes, num_classes] matrix whose entry [i, j] sums the weights of the examples with
    label i predicted as class j (like tf.math.confusion_matrix).

    Args:
      labels, predictions: class indices (floats are truncated), flattened to one dimension.
      num_classes: the number of classes.
      weights: optional per-example weights (flattened like the labels).
      dtype: the result's dtype.

    Returns:
      The matrix. Indices outside [0, num_classes) are not counted.
    """
    dtype = dtypes.as_dtype(dtype)
    labels = cast_ops.cast(array_ops.reshape(tensor(labels), [-1]), dtypes.int32)
    predictions = cast_ops.cast(array_ops.reshape(tensor(predictions), [-1]), dtypes.int32)
    true_classes = array_ops.one_hot(labels, num_classes, dtype=dtype)
    predicted_classes = array_ops.one_hot(predictions, num_classes, dtype=dtype)
    if weights is not None:
        weights = cast_ops.cast(array_ops.reshape(tensor(weights), [-1, 1]), dtype)
        predicted_classes = math_ops.multiply(predicted_classes, weights)
    # A broadcast product summed over examples rather than a matmul: a float32 matmul may run in
    # reduced precision (TF32) on GPUs, and the counts must be exact. XLA fuses this into one reduction.
    pairs = array_ops.expand_dims(true_classes, 2) * array_ops.expand_dims(predicted_classes, 1)
    return reduction_ops.reduce_sum(pairs, axis=0)
