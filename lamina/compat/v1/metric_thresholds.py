"""`tf.compat.v1.metrics` of scores at thresholds: the confusion counts at each threshold
(`true_positives_at_thresholds`, ...), precision and recall at thresholds, the AUC, and specificity at
a sensitivity / sensitivity at a specificity.

The counting is Keras's (`lamina.keras.metric.confusion.thresholded_counts`: a score strictly above a
threshold is positive, any non-zero label is positive). What TensorFlow 1.x does differently lives
here: rates add 1e-7 to numerator and denominator, precision/recall at thresholds divide by
`count + 1e-7`, the AUC's default summation is 'trapezoidal', and scores outside [0, 1] fail the
update (InvalidArgumentError when it runs).
"""

from __future__ import annotations

import numpy as np

from lamina._core import dtypes
from lamina._core.context import STATE
from lamina.compat.v1.metric import check_graph_mode, finish, metric_scope, metric_variable
from lamina.keras.metric import auc as auc_math
from lamina.keras.metric import confusion
from lamina.ops import (
    array_ops,
    cast_ops,
    debug_ops,
    indexing_ops,
    math_functions,
    math_ops,
    reduction_ops,
)
from lamina.ops._op import tensor
from lamina.ops.dependency_ops import control_dependencies

# Added to rates and denominators by TensorFlow 1.x's threshold metrics (not Keras's epsilon rule).
EPSILON = 1e-7
_CURVES = ("ROC", "PR")
_SUMMATIONS = ("trapezoidal", "careful_interpolation", "minoring", "majoring")


# ---- counts at thresholds ------------------------------------------------------------------------
_COUNT_NAMES = {
    confusion.TRUE_POSITIVES: "true_positives",
    confusion.FALSE_NEGATIVES: "false_negatives",
    confusion.TRUE_NEGATIVES: "true_negatives",
    confusion.FALSE_POSITIVES: "false_positives",
}


def _graph_check(check, *args, **kwargs) -> list:
    """Runs an assertion builder and returns the ops it added to the graph (the assertions return
    None, so the ops are found by position), to be used as control dependencies."""
    graph = STATE.builder
    before = graph.operations_count
    check(*args, **kwargs)
    return graph.get_operations()[before:]


def _unit_interval_checks(predictions) -> list:
    """Ops that fail the run (InvalidArgumentError) unless every prediction is in [0, 1]."""
    message = "predictions must be in [0, 1]"
    zero, one = cast_ops.cast(0.0, predictions.dtype), cast_ops.cast(1.0, predictions.dtype)
    return _graph_check(debug_ops.assert_greater_equal, predictions, zero, message=message) + _graph_check(
        debug_ops.assert_less_equal, predictions, one, message=message
    )


def counts_at_thresholds(labels, predictions, thresholds, weights, counts) -> tuple[dict, dict]:
    """State variables for `counts` (among "tp", "fn", "tn", "fp", created in that order, each a
    float32 vector with one entry per threshold) and the ops that add a batch to them.

    A prediction strictly above a threshold is positive; any non-zero label is positive. Predictions
    must be in [0, 1] (checked when the update runs).

    Returns:
      ({count: value tensor}, {count: update tensor}).
    """
    thresholds = [float(t) for t in np.ravel(np.asarray(thresholds, dtype=np.float64))]
    predictions = cast_ops.cast(tensor(predictions), dtypes.float32)
    variables = {
        count: metric_variable([len(thresholds)], dtypes.float32, _COUNT_NAMES[count])
        for count in _COUNT_NAMES
        if count in counts
    }
    deltas = confusion.thresholded_counts(
        labels, predictions, thresholds, counts=tuple(variables), sample_weight=weights
    )
    with control_dependencies(_unit_interval_checks(predictions)):
        updates = {count: variable.assign_add(deltas[count]) for count, variable in variables.items()}
    values = {count: variable.read_value() for count, variable in variables.items()}
    return values, updates


def _count_at_thresholds_metric(kind: str, count: str):
    def count_at_thresholds(
        labels,
        predictions,
        thresholds,
        weights=None,
        metrics_collections=None,
        updates_collections=None,
        name=None,
    ):
        check_graph_mode(f"{kind}_at_thresholds")
        with metric_scope(name, kind):
            values, updates = counts_at_thresholds(labels, predictions, thresholds, weights, (count,))
            value = array_ops.identity(values[count])
            return finish(value, updates[count], metrics_collections, updates_collections)

    count_at_thresholds.__name__ = count_at_thresholds.__qualname__ = f"{kind}_at_thresholds"
    count_at_thresholds.__doc__ = f"""The streaming weighted number of {kind.replace("_", " ")} at each
    threshold (a prediction in [0, 1] strictly above the threshold is positive).

    Returns:
      ({kind}, update_op): float32 vectors with one entry per threshold.

    Raises:
      RuntimeError: when executing eagerly.
      ValueError: incompatible shapes of labels and predictions, or weights that do not broadcast.
      InvalidArgumentError: (when the update runs) predictions outside [0, 1].
    """
    return count_at_thresholds


true_positives_at_thresholds = _count_at_thresholds_metric("true_positives", confusion.TRUE_POSITIVES)
false_positives_at_thresholds = _count_at_thresholds_metric("false_positives", confusion.FALSE_POSITIVES)
true_negatives_at_thresholds = _count_at_thresholds_metric("true_negatives", confusion.TRUE_NEGATIVES)
false_negatives_at_thresholds = _count_at_thresholds_metric("false_negatives", confusion.FALSE_NEGATIVES)


def _ratio_at_thresholds(labels, predictions, thresholds, weights, other, collections, name, prefix):
    """tp / (tp + other + 1e-7) at each threshold (precision with "fp", recall with "fn")."""
    with metric_scope(name, f"{prefix}_at_thresholds"):
        values, updates = counts_at_thresholds(
            labels, predictions, thresholds, weights, (confusion.TRUE_POSITIVES, other)
        )

        def ratio(counts, suffix):
            hits = counts[confusion.TRUE_POSITIVES]
            denominator = math_ops.add(math_ops.add(EPSILON, hits), counts[other])
            return math_ops.divide(hits, denominator, name=f"{prefix}_{suffix}")

        return finish(ratio(values, "value"), ratio(updates, "update_op"), *collections)


def precision_at_thresholds(
    labels,
    predictions,
    thresholds,
    weights=None,
    metrics_collections=None,
    updates_collections=None,
    name=None,
):
    """The streaming precision at each threshold: tp / (tp + fp + 1e-7).

    Returns:
      (precision, update_op): float32 vectors with one entry per threshold.

    Raises:
      RuntimeError: when executing eagerly.
      ValueError: incompatible shapes of labels and predictions, or weights that do not broadcast.
      InvalidArgumentError: (when the update runs) predictions outside [0, 1].
    """
    check_graph_mode("precision_at_thresholds")
    collections = (metrics_collections, updates_collections)
    return _ratio_at_thresholds(
        labels, predictions, thresholds, weights, confusion.FALSE_POSITIVES, collections, name, "precision"
    )


def recall_at_thresholds(
    labels,
    predictions,
    thresholds,
    weights=None,
    metrics_collections=None,
    updates_collections=None,
    name=None,
):
    """The streaming recall at each threshold: tp / (tp + fn + 1e-7).

    Returns:
      (recall, update_op): float32 vectors with one entry per threshold.

    Raises:
      RuntimeError: when executing eagerly.
      ValueError: incompatible shapes of labels and predictions, or weights that do not broadcast.
      InvalidArgumentError: (when the update runs) predictions outside [0, 1].
    """
    check_graph_mode("recall_at_thresholds")
    collections = (metrics_collections, updates_collections)
    return _ratio_at_thresholds(
        labels, predictions, thresholds, weights, confusion.FALSE_NEGATIVES, collections, name, "recall"
    )


# ---- curves: AUC, sensitivity and specificity -----------------------------------------------------------
def _area_under_curve(counts, num_thresholds, curve, summation_method, name):
    """TensorFlow 1.x's AUC from the counts at each threshold: a Riemann sum whose rates add 1e-7 to
    numerator and denominator (so an empty curve has recall and precision 1, not 0)."""
    tp, fn = counts[confusion.TRUE_POSITIVES], counts[confusion.FALSE_NEGATIVES]
    tn, fp = counts[confusion.TRUE_NEGATIVES], counts[confusion.FALSE_POSITIVES]
    if curve == "PR" and summation_method == "careful_interpolation":
        terms = auc_math.pr_interpolation_terms(tp, fp, fn, num_thresholds)
        return reduction_ops.reduce_sum(terms, name=name)
    recall_rate = math_ops.divide(math_ops.add(tp, EPSILON), math_ops.add(math_ops.add(tp, fn), EPSILON))
    if curve == "ROC":
        x = math_ops.divide(fp, math_ops.add(math_ops.add(fp, tn), EPSILON))
        y = recall_rate
    else:
        x = recall_rate
        y = math_ops.divide(math_ops.add(tp, EPSILON), math_ops.add(math_ops.add(tp, fp), EPSILON))
    # careful_interpolation of a ROC curve is trapezoidal too
    method = "trapezoidal" if summation_method == "careful_interpolation" else summation_method
    return reduction_ops.reduce_sum(auc_math.riemann_terms(x, y, num_thresholds, method), name=name)


def _curve_thresholds(num_thresholds, thresholds) -> list:
    """The given thresholds, or `num_thresholds` evenly spaced ones, between -1e-7 and 1 + 1e-7."""
    if thresholds is not None:
        inner = [float(t) for t in np.ravel(np.asarray(thresholds, dtype=np.float64))]
        return [0.0 - EPSILON] + inner + [1.0 + EPSILON]
    return confusion.evenly_spaced_thresholds(num_thresholds)


def auc(
    labels,
    predictions,
    weights=None,
    num_thresholds=200,
    metrics_collections=None,
    updates_collections=None,
    curve="ROC",
    name=None,
    summation_method="trapezoidal",
    thresholds=None,
):
    """The streaming area under the ROC curve or the precision-recall curve, from confusion counts
    at `num_thresholds` thresholds.

    Args:
      labels: labels; any non-zero value is positive.
      predictions: scores in [0, 1], the shape of `labels`.
      weights: optional weights broadcastable to the predictions.
      num_thresholds: how many evenly spaced thresholds (ignored when `thresholds` is given).
      curve: "ROC" or "PR".
      summation_method: "trapezoidal", "careful_interpolation" (for PR, Davis & Goadrich's
        interpolation; for ROC, trapezoidal), "minoring" or "majoring".
      thresholds: explicit thresholds; -1e-7 and 1 + 1e-7 are added at the ends.

    Returns:
      (auc, update_op): float32 scalars.

    Raises:
      RuntimeError: when executing eagerly.
      ValueError: an unknown curve or summation method, incompatible shapes of labels and
        predictions, or weights that do not broadcast.
      InvalidArgumentError: (when the update runs) predictions outside [0, 1].
    """
    check_graph_mode("auc")
    if curve not in _CURVES:
        raise ValueError(f"Curve must be either ROC or PR. Curve {curve} is unknown.")
    if summation_method not in _SUMMATIONS:
        raise ValueError(
            f"Invalid summation_method: {summation_method} summation_method should be 'trapezoidal', "
            "'careful_interpolation', 'minoring' or 'majoring'."
        )
    with metric_scope(name, "auc"):
        thresholds = _curve_thresholds(num_thresholds, thresholds)
        values, updates = counts_at_thresholds(labels, predictions, thresholds, weights, tuple(_COUNT_NAMES))
        count = len(thresholds)
        value = _area_under_curve(values, count, curve, summation_method, "value")
        update_op = _area_under_curve(updates, count, curve, summation_method, "update_op")
        return finish(value, update_op, metrics_collections, updates_collections)


def _rate_at(hits, misses, index):
    """hits[index] / (hits[index] + misses[index] + 1e-7)."""
    hit, miss = indexing_ops.gather(hits, index), indexing_ops.gather(misses, index)
    return math_ops.divide(hit, math_ops.add(math_ops.add(hit, miss), EPSILON))


def _specificity_at(counts, sensitivity):
    """The specificity at the last threshold whose sensitivity is closest to `sensitivity`."""
    tp, fn = counts[confusion.TRUE_POSITIVES], counts[confusion.FALSE_NEGATIVES]
    sensitivities = math_ops.divide(tp, math_ops.add(math_ops.add(tp, fn), EPSILON))
    distance = math_functions.abs(math_ops.subtract(sensitivities, sensitivity))
    last = tp.shape[0] - 1
    index = math_ops.subtract(
        last, reduction_ops.argmin(array_ops.reverse(distance, [0]), axis=0, output_type=dtypes.int32)
    )
    return _rate_at(counts[confusion.TRUE_NEGATIVES], counts[confusion.FALSE_POSITIVES], index)


def _sensitivity_at(counts, specificity):
    """The sensitivity at the first threshold whose specificity is closest to `specificity`."""
    tn, fp = counts[confusion.TRUE_NEGATIVES], counts[confusion.FALSE_POSITIVES]
    specificities = math_ops.divide(tn, math_ops.add(math_ops.add(tn, fp), EPSILON))
    distance = math_functions.abs(math_ops.subtract(specificities, specificity))
    index = reduction_ops.argmin(distance, axis=0, output_type=dtypes.int32)
    return _rate_at(counts[confusion.TRUE_POSITIVES], counts[confusion.FALSE_NEGATIVES], index)


def _rate_at_rate(
    labels, predictions, weights, num_thresholds, target, find, collections, name, default_name
):
    with metric_scope(name, default_name):
        thresholds = confusion.evenly_spaced_thresholds(num_thresholds)
        values, updates = counts_at_thresholds(labels, predictions, thresholds, weights, tuple(_COUNT_NAMES))
        value = array_ops.identity(find(values, target), name="value")
        update_op = array_ops.identity(find(updates, target), name="update_op")
        return finish(value, update_op, *collections)


def specificity_at_sensitivity(
    labels,
    predictions,
    sensitivity,
    weights=None,
    num_thresholds=200,
    metrics_collections=None,
    updates_collections=None,
    name=None,
):
    """The streaming specificity tn / (tn + fp) at the threshold whose sensitivity (recall) is closest
    to `sensitivity` (the highest such threshold on ties).

    Returns:
      (specificity, update_op): float32 scalars.

    Raises:
      RuntimeError: when executing eagerly.
      ValueError: `sensitivity` outside [0, 1], incompatible shapes, or weights that do not broadcast.
      InvalidArgumentError: (when the update runs) predictions outside [0, 1].
    """
    check_graph_mode("specificity_at_sensitivity")
    if not 0 <= sensitivity <= 1:
        raise ValueError(
            f"`sensitivity` must be in the range [0, 1]. Currently, `sensitivity` is {sensitivity}."
        )
    collections = (metrics_collections, updates_collections)
    return _rate_at_rate(
        labels,
        predictions,
        weights,
        num_thresholds,
        sensitivity,
        _specificity_at,
        collections,
        name,
        "specificity_at_sensitivity",
    )


def sensitivity_at_specificity(
    labels,
    predictions,
    specificity,
    weights=None,
    num_thresholds=200,
    metrics_collections=None,
    updates_collections=None,
    name=None,
):
    """The streaming sensitivity (recall) tp / (tp + fn) at the threshold whose specificity is closest
    to `specificity` (the lowest such threshold on ties).

    Returns:
      (sensitivity, update_op): float32 scalars.

    Raises:
      RuntimeError: when executing eagerly.
      ValueError: `specificity` outside [0, 1], incompatible shapes, or weights that do not broadcast.
      InvalidArgumentError: (when the update runs) predictions outside [0, 1].
    """
    check_graph_mode("sensitivity_at_specificity")
    if not 0 <= specificity <= 1:
        raise ValueError(
            f"`specificity` must be in the range [0, 1]. Currently, `specificity` got {specificity}."
        )
    collections = (metrics_collections, updates_collections)
    return _rate_at_rate(
        labels,
        predictions,
        weights,
        num_thresholds,
        specificity,
        _sensitivity_at,
        collections,
        name,
        "sensitivity_at_specificity",
    )
