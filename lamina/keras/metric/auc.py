"""`tf.keras.metrics.AUC`: the area under the ROC or precision-recall curve, approximated by a
Riemann sum over thresholds (or, for PR, the interpolation of Davis & Goadrich 2006)."""

from __future__ import annotations

import numpy as np

from lamina._core.errors import InvalidArgumentError
from lamina._core.tensor import Tensor
from lamina.keras.metric import confusion
from lamina.keras.metric.base import Metric
from lamina.ops import creation_ops, math_functions, math_ops, reduction_ops
from lamina.ops.comparison_ops import greater, logical_and
from lamina.ops.indexing_ops import where
from lamina.ops.math_functions import sigmoid

_CURVES = {"roc": "ROC", "pr": "PR"}
_SUMMATIONS = ("interpolation", "majoring", "minoring")


def _curve(curve) -> str:
    key = getattr(curve, "value", curve)
    if not isinstance(key, str) or key.lower() not in _CURVES:
        raise ValueError(f'Invalid AUC curve value: "{key}". Expected values are ["PR", "ROC"]')
    return _CURVES[key.lower()]


def _summation(method) -> str:
    key = getattr(method, "value", method)
    if not isinstance(key, str) or key.lower() not in _SUMMATIONS:
        raise ValueError(
            f'Invalid AUC summation method value: "{key}". Expected values are '
            '["interpolation", "majoring", "minoring"]'
        )
    return key.lower()


class AUC(Metric):
    """The area under the ROC curve (true positive rate against false positive rate) or the PR curve
    (precision against recall), from confusion counts at a set of thresholds.

    Args:
      num_thresholds: how many evenly spaced thresholds in [0, 1] (at least 2); ignored when
        `thresholds` is given.
      curve: "ROC" or "PR".
      summation_method: "interpolation" (trapezoids; for PR, Davis & Goadrich's interpolation),
        "minoring" (the lower value of each interval) or "majoring" (the higher).
      name: the metric's name.
      dtype: the dtype of the state and result.
      thresholds: explicit thresholds in [0, 1]; -epsilon and 1 + epsilon are added at the ends.
      multi_label: compute one curve per label (the last axis of rank-2 inputs) and average the
        areas; otherwise every entry is pooled into one curve.
      num_labels: the number of labels, with multi_label, to create the state now (else on the
        first update).
      label_weights: per-label weights: in the pooled curve they weight each label's entries; with
        multi_label they weight the average of the areas.
      from_logits: predictions are logits (a sigmoid is applied first).

    Raises:
      ValueError: an unknown curve or summation method, num_thresholds <= 1, or num_labels without
        multi_label.
      InvalidArgumentError: negative label_weights.
    """

    def __init__(
        self,
        num_thresholds=200,
        curve="ROC",
        summation_method="interpolation",
        name=None,
        dtype=None,
        thresholds=None,
        multi_label=False,
        num_labels=None,
        label_weights=None,
        from_logits=False,
    ):
        self.curve = _curve(curve)
        self.summation_method = _summation(summation_method)
        super().__init__(name=name, dtype=dtype)
        self._init_from_thresholds = thresholds is not None
        if thresholds is not None:
            # (Unlike Precision's, AUC's thresholds are not checked to lie in [0, 1].)
            inner = sorted(float(t) for t in np.ravel(np.asarray(thresholds, dtype=np.float64)))
            self.num_thresholds = len(inner) + 2
            self._thresholds_distributed_evenly = confusion.is_evenly_distributed([0.0] + inner + [1.0])
            self._thresholds = np.array([0.0 - confusion.EPSILON] + inner + [1.0 + confusion.EPSILON])
        else:
            if not isinstance(num_thresholds, int) or num_thresholds <= 1:
                raise ValueError(
                    "Argument `num_thresholds` must be an integer > 1. "
                    f"Received: num_thresholds={num_thresholds}"
                )
            self.num_thresholds = num_thresholds
            self._thresholds_distributed_evenly = True
            self._thresholds = np.array(confusion.evenly_spaced_thresholds(num_thresholds))
        self.multi_label = multi_label
        self._num_labels = num_labels
        self.label_weights, self._label_weights_array = None, None
        if label_weights is not None:
            weights = np.asarray(label_weights, dtype=self._dtype.as_numpy_dtype)
            if (weights < 0).any():  # TensorFlow checks this with an assertion op
                raise InvalidArgumentError(
                    None,
                    None,
                    f"All values of `label_weights` must be non-negative. Received: {label_weights}",
                )
            self._label_weights_array = weights
            self.label_weights = creation_ops.constant(weights, dtype=self._dtype)
        self._from_logits = from_logits
        self._built = False
        if multi_label:
            if num_labels:
                self._build(num_labels)
        else:
            if num_labels:
                raise ValueError("`num_labels` is needed only when `multi_label` is True.")
            self._build(None)

    @property
    def thresholds(self) -> list:
        """The thresholds (NumPy floats), including -epsilon and 1 + epsilon at the ends."""
        return list(self._thresholds)

    @property
    def num_labels(self):
        return self._num_labels

    def _build(self, num_labels):
        shape = (self.num_thresholds,) if num_labels is None else (self.num_thresholds, num_labels)
        self._num_labels = num_labels
        self.true_positives = self.add_weight("true_positives", shape=shape)
        self.true_negatives = self.add_weight("true_negatives", shape=shape)
        self.false_positives = self.add_weight("false_positives", shape=shape)
        self.false_negatives = self.add_weight("false_negatives", shape=shape)
        self._built = True

    def _check_labels(self, y_pred):
        """With multi_label: rank-2 inputs whose label count matches the state (creating it first)."""
        shape = y_pred.shape
        if shape.rank != 2:
            raise ValueError(
                f"`y_pred` must have rank 2 when `multi_label=True`. Found rank {shape.rank}. Full shape "
                f"received for `y_pred`: {shape}"
            )
        if not self._built:
            self._build(shape[1])
        elif shape[1] is not None and shape[1] != self._num_labels:
            raise ValueError(
                f"Number of labels is not consistent: the metric has {self._num_labels}, `y_pred` has "
                f"shape {shape}."
            )

    def update_state(self, y_true, y_pred, sample_weight=None):
        """Adds the batch's confusion counts at every threshold.

        Args:
          y_true: labels (non-zero is positive).
          y_pred: predictions in [0, 1] (logits with from_logits), the shape of `y_true`.
          sample_weight: optional weights broadcastable to the predictions.
        """
        y_pred = y_pred if isinstance(y_pred, Tensor) else creation_ops.constant(y_pred)
        if self.multi_label:
            self._check_labels(y_pred)
        if self._from_logits:
            y_pred = sigmoid(y_pred)
        return confusion.update_confusion_matrix_variables(
            {
                confusion.TRUE_POSITIVES: self.true_positives,
                confusion.TRUE_NEGATIVES: self.true_negatives,
                confusion.FALSE_POSITIVES: self.false_positives,
                confusion.FALSE_NEGATIVES: self.false_negatives,
            },
            y_true,
            y_pred,
            self._thresholds,
            thresholds_distributed_evenly=self._thresholds_distributed_evenly,
            sample_weight=sample_weight,
            multi_label=self.multi_label,
            label_weights=None if self.multi_label else self.label_weights,
        )

    def _counts(self):
        return tuple(
            v.read_value() for v in (self.true_positives, self.false_positives, self.false_negatives)
        )

    def _average_over_labels(self, per_threshold_terms):
        """Sums the terms over thresholds; with multi_label, averages the per-label areas (weighted
        by label_weights when given)."""
        if not self.multi_label:
            return reduction_ops.reduce_sum(per_threshold_terms)
        by_label = reduction_ops.reduce_sum(per_threshold_terms, axis=0)
        if self.label_weights is None:
            return reduction_ops.reduce_mean(by_label)
        return math_ops.divide_no_nan(
            reduction_ops.reduce_sum(math_ops.multiply(by_label, self.label_weights)),
            reduction_ops.reduce_sum(self.label_weights),
        )

    def interpolate_pr_auc(self):
        """The PR-AUC by Davis & Goadrich's interpolation (see `pr_interpolation_terms`)."""
        tp, fp, fn = self._counts()
        return self._average_over_labels(pr_interpolation_terms(tp, fp, fn, self.num_thresholds))

    def result(self):
        """The area under the curve (a scalar)."""
        if self.curve == "PR" and self.summation_method == "interpolation":
            return self.interpolate_pr_auc()
        tp, fp, fn = self._counts()
        recall = math_ops.divide_no_nan(tp, tp + fn)
        if self.curve == "ROC":
            x, y = math_ops.divide_no_nan(fp, fp + self.true_negatives.read_value()), recall
        else:
            x, y = recall, math_ops.divide_no_nan(tp, tp + fp)
        method = "trapezoidal" if self.summation_method == "interpolation" else self.summation_method
        return self._average_over_labels(riemann_terms(x, y, self.num_thresholds, method))

    def reset_state(self):
        return super().reset_state() if self._built else None

    def get_config(self):
        config = {
            "num_thresholds": self.num_thresholds,
            "curve": self.curve,
            "summation_method": self.summation_method,
            "multi_label": self.multi_label,
            "num_labels": self._num_labels,
            "label_weights": self._label_weights_array,
            "from_logits": self._from_logits,
        }
        if self._init_from_thresholds:
            config["thresholds"] = self.thresholds[1:-1]
        return {**super().get_config(), **config}


# ---- the curve integrals, shared with tf.compat.v1.metrics.auc ------------------------------------
def riemann_terms(x, y, num_thresholds: int, method: str):
    """The area of each slice between neighbouring thresholds of the curve y(x): width times the
    mean ("trapezoidal"), smaller ("minoring") or larger ("majoring") of its two heights."""
    n = num_thresholds
    y_low, y_high = y[: n - 1], y[1:]
    if method == "trapezoidal":
        heights = (y_low + y_high) / 2.0
    elif method == "minoring":
        heights = math_ops.minimum(y_low, y_high)
    else:
        heights = math_ops.maximum(y_low, y_high)
    return (x[: n - 1] - x[1:]) * heights


def pr_interpolation_terms(tp, fp, fn, num_thresholds: int):
    """Davis & Goadrich's (2006) PR-AUC slices: between two thresholds precision is interpolated
    along the true-positive count, which integrates to a closed form with a log."""
    n = num_thresholds
    predicted = tp + fp  # predicted positives
    tp_low, tp_high, p_low, p_high = tp[: n - 1], tp[1:], predicted[: n - 1], predicted[1:]
    d_tp = tp_low - tp_high
    slope = math_ops.divide_no_nan(d_tp, math_ops.maximum(p_low - p_high, 0.0))
    intercept = tp_high - slope * p_high
    ratio = where(
        logical_and(greater(p_low, 0.0), greater(p_high, 0.0)),
        math_ops.divide_no_nan(p_low, math_ops.maximum(p_high, 0.0)),
        creation_ops.ones_like(p_high),
    )
    area = slope * (d_tp + intercept * math_functions.log(ratio))
    positives = math_ops.maximum(tp_high + fn[1:], 0.0)
    return math_ops.divide_no_nan(area, positives)
