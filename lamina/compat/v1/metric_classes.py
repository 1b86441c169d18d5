"""`tf.compat.v1.metrics` of class predictions: mean_iou (from a streaming float64 confusion
matrix, Keras's `class_confusion_matrix`) and mean_per_class_accuracy."""

from __future__ import annotations

from lamina._core import dtypes
from lamina.compat.v1.metric import check_graph_mode, check_shapes, finish, metric_scope, metric_variable
from lamina.keras.metric import confusion
from lamina.ops import (
    array_ops,
    cast_ops,
    comparison_ops,
    creation_ops,
    indexing_ops,
    linalg_ops,
    math_ops,
    reduction_ops,
)
from lamina.ops._op import tensor


# ---- classes ---------------------------------------------------------------------------------------
def _flat_classes(labels, predictions, weights):
    """Labels and predictions as flat int64 class vectors (shape-checked), weights flattened."""
    labels, predictions = tensor(labels), tensor(predictions)
    check_shapes(predictions, labels)
    labels = array_ops.reshape(cast_ops.cast(labels, dtypes.int64), [-1])
    predictions = array_ops.reshape(cast_ops.cast(predictions, dtypes.int64), [-1])
    if weights is not None:
        weights = cast_ops.cast(tensor(weights), dtypes.float32)
        if weights.shape.rank is None or weights.shape.rank > 1:
            weights = array_ops.reshape(weights, [-1])
    return labels, predictions, weights


def _mean_iou_of(matrix):
    """The mean over classes present (in labels or predictions) of diag / (row + column - diag)."""
    matrix = cast_ops.cast(matrix, dtypes.float32)
    predicted = reduction_ops.reduce_sum(matrix, axis=0)
    actual = reduction_ops.reduce_sum(matrix, axis=1)
    diagonal = linalg_ops.diag_part(matrix)
    union = math_ops.subtract(math_ops.add(predicted, actual), diagonal)
    num_present = reduction_ops.reduce_sum(
        cast_ops.cast(comparison_ops.not_equal(union, 0.0), dtypes.float32)
    )
    union = indexing_ops.where(comparison_ops.greater(union, 0.0), union, creation_ops.ones_like(union))
    iou_sum = reduction_ops.reduce_sum(math_ops.divide(diagonal, union))
    return indexing_ops.where(
        comparison_ops.greater(num_present, 0.0),
        math_ops.divide_no_nan(iou_sum, num_present),
        creation_ops.zeros_like(iou_sum),
    )


def mean_iou(
    labels,
    predictions,
    num_classes,
    weights=None,
    metrics_collections=None,
    updates_collections=None,
    name=None,
):
    """The streaming mean intersection-over-union of class predictions, from a confusion matrix.

    Args:
      labels, predictions: class indices (flattened), the same shape.
      num_classes: the number of classes (the state is a [num_classes, num_classes] float64 matrix).
      weights: optional per-example weights.

    Returns:
      (mean_iou, update_op): a float32 scalar (the mean over classes that occur), and the updated
      confusion matrix (rows: labels, columns: predictions).

    Raises:
      RuntimeError: when executing eagerly.
      ValueError: incompatible shapes of labels and predictions.
    """
    check_graph_mode("mean_iou")
    with metric_scope(name, "mean_iou"):
        labels, predictions, weights = _flat_classes(labels, predictions, weights)
        total = metric_variable([num_classes, num_classes], dtypes.float64, "total_confusion_matrix")
        batch = confusion.class_confusion_matrix(
            labels, predictions, num_classes, weights, dtype=dtypes.float64
        )
        update_op = total.assign_add(batch)
        value = array_ops.identity(_mean_iou_of(total.read_value()), name="value")
        return finish(value, update_op, metrics_collections, updates_collections)


def mean_per_class_accuracy(
    labels,
    predictions,
    num_classes,
    weights=None,
    metrics_collections=None,
    updates_collections=None,
    name=None,
):
    """The streaming accuracy of each class (by label), averaged over the classes.

    Args:
      labels, predictions: class indices (flattened), the same shape.
      num_classes: the number of classes.
      weights: optional per-example weights.

    Returns:
      (mean_accuracy, update_op): a float32 scalar (classes never seen count as 0), and the updated
      per-class accuracies (a float32 vector of `num_classes`).

    Raises:
      RuntimeError: when executing eagerly.
      ValueError: incompatible shapes of labels and predictions.
    """
    check_graph_mode("mean_per_class_accuracy")
    with metric_scope(name, "mean_accuracy"):
        labels, predictions, weights = _flat_classes(labels, predictions, weights)
        total = metric_variable([num_classes], dtypes.float32, "total")
        count = metric_variable([num_classes], dtypes.float32, "count")
        # (ones_like with another dtype needs a fully known shape; ones_like then cast does not)
        seen = cast_ops.cast(creation_ops.ones_like(labels), dtypes.float32)
        correct = cast_ops.cast(comparison_ops.equal(predictions, labels), dtypes.float32)
        if weights is not None:
            seen, correct = math_ops.multiply(seen, weights), math_ops.multiply(correct, weights)
        update_total = total.assign_add(reduction_ops.unsorted_segment_sum(seen, labels, num_classes))
        update_count = count.assign_add(reduction_ops.unsorted_segment_sum(correct, labels, num_classes))
        per_class = math_ops.divide_no_nan(count.read_value(), total.read_value())
        value = reduction_ops.reduce_mean(per_class, name="mean_accuracy")
        update_op = math_ops.divide_no_nan(update_count, update_total, name="update_op")
        return finish(value, update_op, metrics_collections, updates_collections)
