"""`tf.compat.v1.metrics` of top-k predictions against sparse labels: precision_at_k, recall_at_k and
their `_at_top_k` forms (which take the top-k class indices instead of scores).

Each example (row) has a set of predicted classes (its top k) and a set of labels (the last axis of
`labels`, or one label when `labels` has the rank of the scores minus one). Without `class_id`, a row
contributes |top ∩ labels| true positives, |top - labels| false positives and |labels - top| false
negatives; with `class_id`, only whether that class is in either set counts. Sets ignore duplicates;
a label outside [0, num_classes) is never predicted, so it only ever counts as a false negative.
The state is float64, and the value is tp / (tp + fp) (or tp / (tp + fn)): NaN until a row counted.
Sets are compared with [..., k, labels] equality tables, so no host-side set operation is needed.
"""

from __future__ import annotations

import numpy as np

from lamina._core import dtypes
from lamina.compat.v1.metric import check_graph_mode, finish, metric_scope, metric_variable
from lamina.keras.metric.broadcast import broadcast_weights
from lamina.ops import array_ops, cast_ops, comparison_ops, creation_ops, math_ops, reduction_ops
from lamina.ops._op import tensor


def _at_k_name(prefix: str, k, class_id) -> str:
    """ "precision_at_5", "recall_at_k" (k unknown), "precision_at_5_class3"."""
    name = f"{prefix}_at_{'k' if k is None else k}"
    return name if class_id is None else f"{name}_class{class_id}"


def _first_occurrences(values):
    """True at each entry of the last axis that does not repeat an earlier entry of that axis."""
    size = values.shape[-1]
    earlier = creation_ops.constant(np.tril(np.ones((size, size), dtype=bool), -1))
    equal = comparison_ops.equal(array_ops.expand_dims(values, -1), array_ops.expand_dims(values, -2))
    repeated = reduction_ops.reduce_any(comparison_ops.logical_and(equal, earlier), axis=-1)
    return comparison_ops.logical_not(repeated)


def _count(condition):
    """How many entries of the last axis are True, per row (float64)."""
    return reduction_ops.reduce_sum(cast_ops.cast(condition, dtypes.float64), axis=-1)


def _indicator(condition):
    return cast_ops.cast(condition, dtypes.float64)


def _row_counts(labels, top_indices, class_id) -> dict:
    """Per-row true positives, false positives and false negatives (float64, shape [D1..DN])."""
    top_indices = cast_ops.cast(tensor(top_indices), dtypes.int64)
    labels = cast_ops.cast(tensor(labels), dtypes.int64)
    if labels.shape.rank is not None and labels.shape.rank == top_indices.shape.rank - 1:
        labels = array_ops.expand_dims(labels, -1)
    if class_id is not None:
        in_top = reduction_ops.reduce_any(comparison_ops.equal(top_indices, class_id), axis=-1)
        in_labels = reduction_ops.reduce_any(comparison_ops.equal(labels, class_id), axis=-1)
        return {
            "tp": _indicator(comparison_ops.logical_and(in_top, in_labels)),
            "fp": _indicator(comparison_ops.logical_and(in_top, comparison_ops.logical_not(in_labels))),
            "fn": _indicator(comparison_ops.logical_and(in_labels, comparison_ops.logical_not(in_top))),
        }
    matches = comparison_ops.equal(array_ops.expand_dims(top_indices, -1), array_ops.expand_dims(labels, -2))
    in_labels = reduction_ops.reduce_any(matches, axis=-1)
    first_top = _first_occurrences(top_indices)
    hits = _count(comparison_ops.logical_and(first_top, in_labels))
    return {
        "tp": hits,
        "fp": math_ops.subtract(_count(first_top), hits),
        "fn": math_ops.subtract(_count(_first_occurrences(labels)), hits),
    }


def _streaming_ratio(labels, top_indices, k, class_id, weights, other, collections, name, prefix):
    """tp / (tp + other) summed over rows and batches, with other "fp" (precision) or "fn" (recall)."""
    other_name = {"fp": "false_positive", "fn": "false_negative"}[other]
    suffix = _at_k_name("", k, class_id)  # "_at_5_class3"
    with metric_scope(name, _at_k_name(prefix, k, class_id)):
        counts = _row_counts(labels, top_indices, class_id)
        variables = {
            "tp": metric_variable([], dtypes.float64, f"true_positive{suffix}"),
            other: metric_variable([], dtypes.float64, f"{other_name}{suffix}"),
        }
        updates = {}
        for kind, variable in variables.items():
            per_row = counts[kind]
            if weights is not None:
                per_row = math_ops.multiply(
                    per_row, broadcast_weights(cast_ops.cast(tensor(weights), dtypes.float64), per_row)
                )
            updates[kind] = variable.assign_add(reduction_ops.reduce_sum(per_row))
        values = {kind: variable.read_value() for kind, variable in variables.items()}

        def ratio(state, label):
            return math_ops.divide(state["tp"], math_ops.add(state["tp"], state[other]), name=label)

        return finish(ratio(values, "value"), ratio(updates, "update"), *collections)


def _top_k_indices(predictions, k):
    _, indices = reduction_ops.top_k(tensor(predictions), k)
    return indices


def precision_at_top_k(
    labels,
    predictions_idx,
    k=None,
    class_id=None,
    weights=None,
    metrics_collections=None,
    updates_collections=None,
    name=None,
):
    """The streaming precision of predicted class indices against sparse labels.

    Args:
      labels: int64 labels, shape [D1, ... DN, num_labels] or [D1, ... DN] (one label per row).
      predictions_idx: the predicted class indices, shape [D1, ... DN, k].
      k: only names the scope ("precision_at_<k>").
      class_id: count only this class (rows where it was predicted).
      weights: optional per-row weights (rank 0, or the rank of the rows).

    Returns:
      (precision, update_op): float64 scalars (NaN while no prediction counted).

    Raises:
      RuntimeError: when executing eagerly.
      ValueError: weights that do not broadcast to the rows.
    """
    check_graph_mode("precision_at_top_k")
    collections = (metrics_collections, updates_collections)
    return _streaming_ratio(
        labels, predictions_idx, k, class_id, weights, "fp", collections, name, "precision"
    )


def recall_at_top_k(
    labels,
    predictions_idx,
    k=None,
    class_id=None,
    weights=None,
    metrics_collections=None,
    updates_collections=None,
    name=None,
):
    """The streaming recall of predicted class indices against sparse labels (see
    precision_at_top_k for the arguments); with `class_id`, over the rows labelled with it.

    Returns:
      (recall, update_op): float64 scalars (NaN while no label counted).

    Raises:
      RuntimeError: when executing eagerly.
      ValueError: weights that do not broadcast to the rows.
    """
    check_graph_mode("recall_at_top_k")
    collections = (metrics_collections, updates_collections)
    return _streaming_ratio(labels, predictions_idx, k, class_id, weights, "fn", collections, name, "recall")


def precision_at_k(
    labels,
    predictions,
    k,
    class_id=None,
    weights=None,
    metrics_collections=None,
    updates_collections=None,
    name=None,
):
    """The streaming precision@k: how many of each row's `k` highest-scored classes are among its
    labels (ties between scores go to the lower class index).

    Args:
      labels: int64 labels, shape [D1, ... DN, num_labels] or [D1, ... DN].
      predictions: scores, shape [D1, ... DN, num_classes] with num_classes >= k.
      k: how many top classes each row predicts.
      class_id: count only this class (rows where it is among the top k).
      weights: optional per-row weights.

    Returns:
      (precision, update_op): float64 scalars (NaN while no prediction counted).

    Raises:
      RuntimeError: when executing eagerly.
      ValueError: k larger than the number of classes, or weights that do not broadcast.
    """
    check_graph_mode("precision_at_k")
    collections = (metrics_collections, updates_collections)
    indices = _top_k_indices(predictions, k)
    return _streaming_ratio(labels, indices, k, class_id, weights, "fp", collections, name, "precision")


def recall_at_k(
    labels,
    predictions,
    k,
    class_id=None,
    weights=None,
    metrics_collections=None,
    updates_collections=None,
    name=None,
):
    """The streaming recall@k: how many of each row's labels are among its `k` highest-scored
    classes (see precision_at_k for the arguments); with `class_id`, over the rows labelled with it.

    Returns:
      (recall, update_op): float64 scalars (NaN while no label counted).

    Raises:
      RuntimeError: when executing eagerly.
      ValueError: k larger than the number of classes, or weights that do not broadcast.
    """
    check_graph_mode("recall_at_k")
    collections = (metrics_collections, updates_collections)
    indices = _top_k_indices(predictions, k)
    return _streaming_ratio(labels, indices, k, class_id, weights, "fn", collections, name, "recall")


def sparse_precision_at_k(
    labels,
    predictions,
    k,
    class_id=None,
    weights=None,
    metrics_collections=None,
    updates_collections=None,
    name=None,
):
    """The deprecated name of precision_at_k (same arguments and result)."""
    return precision_at_k(
        labels, predictions, k, class_id, weights, metrics_collections, updates_collections, name
    )
