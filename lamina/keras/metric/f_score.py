"""F-scores: FBetaScore (the weighted harmonic mean of precision and recall) and F1Score."""

from __future__ import annotations

from lamina.keras.metric.base import Metric, _as_tensor
from lamina.ops import array_ops, cast_ops, comparison_ops, math_functions, math_ops, reduction_ops
from lamina.ops.dependency_ops import group

_EPSILON = 1e-7
_AVERAGES = (None, "micro", "macro", "weighted")


def _check_arguments(average, beta, threshold):
    if average not in _AVERAGES:
        raise ValueError(
            "Invalid `average` argument value. Expected one of: {None, 'micro', 'macro', 'weighted'}. "
            f"Received: average={average}"
        )
    if not isinstance(beta, float):
        raise ValueError(
            "Invalid `beta` argument value. It should be a Python float. "
            f"Received: beta={beta} of type '{type(beta)}'"
        )
    if beta <= 0.0:
        raise ValueError(f"Invalid `beta` argument value. It should be > 0. Received: beta={beta}")
    if threshold is None:
        return
    if not isinstance(threshold, float):
        raise ValueError(
            "Invalid `threshold` argument value. It should be a Python float. "
            f"Received: threshold={threshold} of type '{type(threshold)}'"
        )
    if threshold > 1.0 or threshold <= 0.0:
        raise ValueError(
            "Invalid `threshold` argument value. It should verify 0 < threshold <= 1. "
            f"Received: threshold={threshold}"
        )


class FBetaScore(Metric):
    """(1 + beta^2) * precision * recall / (beta^2 * precision + recall), per class or averaged.

    Args:
      average: None (one score per class), "micro" (counts pooled over classes), "macro" (the mean
        of the class scores) or "weighted" (the class scores weighted by their label counts).
      beta: how much more recall weighs than precision (a float > 0).
      threshold: predictions above it are positive; None: the highest prediction of each row is.
      name: the metric's name.
      dtype: the dtype of the state and result.

    Raises:
      ValueError: an unknown average, a beta or threshold that is not a float in range.
    """

    def __init__(self, average=None, beta=1.0, threshold=None, name="fbeta_score", dtype=None):
        super().__init__(name=name, dtype=dtype)
        _check_arguments(average, beta, threshold)
        self.average = average
        self.beta = beta
        self.threshold = threshold
        self.axis = None if average == "micro" else 0
        self.built = False

    def _build(self, y_true_shape, y_pred_shape):
        if y_pred_shape.rank != 2 or y_true_shape.rank != 2:
            raise ValueError(
                "FBetaScore expects 2D inputs with shape (batch_size, output_dim). Received input "
                f"shapes: y_pred.shape={y_pred_shape} and y_true.shape={y_true_shape}."
            )
        if y_pred_shape[-1] is None or y_true_shape[-1] is None:
            raise ValueError(
                "FBetaScore expects 2D inputs with shape (batch_size, output_dim), with output_dim fully "
                f"defined (not None). Received input shapes: y_pred.shape={y_pred_shape} and "
                f"y_true.shape={y_true_shape}."
            )
        shape = () if self.average == "micro" else (y_pred_shape[-1],)
        self.true_positives = self.add_weight("true_positives", shape=shape)
        self.false_positives = self.add_weight("false_positives", shape=shape)
        self.false_negatives = self.add_weight("false_negatives", shape=shape)
        self.intermediate_weights = self.add_weight("intermediate_weights", shape=shape)
        self.built = True

    def update_state(self, y_true, y_pred, sample_weight=None):
        """Adds the batch's per-class counts.

        Args:
          y_true: 0/1 labels, shape (batch_size, num_classes).
          y_pred: predictions of the same shape.
          sample_weight: optional per-example weights, shape (batch_size,).
        """
        y_true = cast_ops.cast(_as_tensor(y_true), self._dtype)
        y_pred = cast_ops.cast(_as_tensor(y_pred), self._dtype)
        if not self.built:
            self._build(y_true.shape, y_pred.shape)
        if self.threshold is None:
            # The row maximum is positive, unless it is (about) zero: a row of zeros stays negative.
            row_max = reduction_ops.reduce_max(y_pred, axis=-1, keepdims=True)
            positive = comparison_ops.logical_and(
                comparison_ops.greater_equal(y_pred, row_max),
                comparison_ops.greater(math_functions.abs(y_pred), 1e-9),
            )
        else:
            positive = comparison_ops.greater(y_pred, self.threshold)
        y_pred = cast_ops.cast(positive, self._dtype)
        if sample_weight is not None:
            sample_weight = array_ops.expand_dims(cast_ops.cast(_as_tensor(sample_weight), self._dtype), 1)

        def weighted_sum(values):
            if sample_weight is not None:
                values = math_ops.multiply(values, sample_weight)
            return reduction_ops.reduce_sum(values, axis=self.axis)

        negative_pred, negative_true = math_ops.subtract(1.0, y_pred), math_ops.subtract(1.0, y_true)
        return group(
            self.true_positives.assign_add(weighted_sum(y_pred * y_true)),
            self.false_positives.assign_add(weighted_sum(y_pred * negative_true)),
            self.false_negatives.assign_add(weighted_sum(negative_pred * y_true)),
            self.intermediate_weights.assign_add(weighted_sum(y_true)),
        )

    def result(self):
        tp, fp, fn = (
            v.read_value() for v in (self.true_positives, self.false_positives, self.false_negatives)
        )
        precision = math_ops.divide(tp, math_ops.add(math_ops.add(tp, fp), _EPSILON))
        recall = math_ops.divide(tp, math_ops.add(math_ops.add(tp, fn), _EPSILON))
        beta_squared = self.beta**2
        harmonic = math_ops.divide(
            math_ops.multiply(precision, recall),
            math_ops.add(math_ops.add(math_ops.multiply(beta_squared, precision), recall), _EPSILON),
        )
        score = math_ops.multiply(harmonic, 1.0 + beta_squared)
        if self.average == "weighted":
            weights = self.intermediate_weights.read_value()
            weights = math_ops.divide(weights, math_ops.add(reduction_ops.reduce_sum(weights), _EPSILON))
            return reduction_ops.reduce_sum(math_ops.multiply(score, weights))
        if self.average is not None:
            return reduction_ops.reduce_mean(score)
        return score

    def get_config(self):
        config = {"average": self.average, "beta": self.beta, "threshold": self.threshold}
        return {**super().get_config(), **config}


class F1Score(FBetaScore):
    """The F-score with beta = 1: the harmonic mean of precision and recall. Arguments as
    FBetaScore's, without beta."""

    def __init__(self, average=None, threshold=None, name="f1_score", dtype=None):
        super().__init__(average=average, beta=1.0, threshold=threshold, name=name, dtype=dtype)

    def get_config(self):
        config = super().get_config()
        del config["beta"]
        return config
