"""Metrics over thresholded predictions: the confusion counts (TruePositives, ...), Precision, Recall,
and the metrics that pick the best threshold under a constraint (PrecisionAtRecall,
RecallAtPrecision, SensitivityAtSpecificity, SpecificityAtSensitivity)."""

from __future__ import annotations

from lamina.keras.metric import confusion
from lamina.keras.metric.base import Metric
from lamina.ops import array_ops, comparison_ops, creation_ops, math_ops, reduction_ops
from lamina.ops.indexing_ops import where


def _first_or_all(values, thresholds):
    """One threshold: the scalar; several: the vector (as Keras's results)."""
    return values[0] if len(thresholds) == 1 else array_ops.identity(values)


class _ConfusionMatrixConditionCount(Metric):
    """The weighted count of one confusion-matrix cell, at each threshold."""

    _COUNT = None  # "tp", "fp", "tn" or "fn"

    def __init__(self, thresholds=None, name=None, dtype=None):
        super().__init__(name=name, dtype=dtype)
        self.init_thresholds = thresholds
        self.thresholds = confusion.parse_thresholds(thresholds, default_threshold=0.5)
        self._thresholds_distributed_evenly = confusion.is_evenly_distributed(self.thresholds)
        self.accumulator = self.add_weight("accumulator", shape=(len(self.thresholds),))

    def update_state(self, y_true, y_pred, sample_weight=None):
        """Adds the batch's weighted count at each threshold.

        Args:
          y_true: labels (non-zero is positive).
          y_pred: predictions in [0, 1], the shape of `y_true`.
          sample_weight: optional weights broadcastable to the predictions.
        """
        return confusion.update_confusion_matrix_variables(
            {self._COUNT: self.accumulator},
            y_true,
            y_pred,
            self.thresholds,
            thresholds_distributed_evenly=self._thresholds_distributed_evenly,
            sample_weight=sample_weight,
        )

    def result(self):
        return _first_or_all(self.accumulator.read_value(), self.thresholds)

    def get_config(self):
        return {**super().get_config(), "thresholds": self.init_thresholds}


class TruePositives(_ConfusionMatrixConditionCount):
    """The weighted number of positive labels predicted above the threshold(s).

    Args:
      thresholds: a float or list of floats in [0, 1] (default 0.5); the result has one count per
        threshold (a scalar for one).
      name: the metric's name.
      dtype: the dtype of the state and result.
    """

    _COUNT = confusion.TRUE_POSITIVES


class FalsePositives(_ConfusionMatrixConditionCount):
    """The weighted number of negative labels predicted above the threshold(s). See TruePositives."""

    _COUNT = confusion.FALSE_POSITIVES


class TrueNegatives(_ConfusionMatrixConditionCount):
    """The weighted number of negative labels predicted at or below the threshold(s). See
    TruePositives."""

    _COUNT = confusion.TRUE_NEGATIVES


class FalseNegatives(_ConfusionMatrixConditionCount):
    """The weighted number of positive labels predicted at or below the threshold(s). See
    TruePositives."""

    _COUNT = confusion.FALSE_NEGATIVES


class _PrecisionOrRecall(Metric):
    """tp / (tp + other) at each threshold, where `other` is fp (precision) or fn (recall)."""

    _OTHER = None

    def __init__(self, thresholds=None, top_k=None, class_id=None, name=None, dtype=None):
        super().__init__(name=name, dtype=dtype)
        self.init_thresholds = thresholds
        self.top_k = top_k
        self.class_id = class_id
        default_threshold = confusion.NEG_INF if top_k else 0.5
        self.thresholds = confusion.parse_thresholds(thresholds, default_threshold=default_threshold)
        self._thresholds_distributed_evenly = confusion.is_evenly_distributed(self.thresholds)
        shape = (len(self.thresholds),)
        self.true_positives = self.add_weight("true_positives", shape=shape)
        other_name = {
            confusion.FALSE_POSITIVES: "false_positives",
            confusion.FALSE_NEGATIVES: "false_negatives",
        }
        self._other = self.add_weight(other_name[self._OTHER], shape=shape)

    def update_state(self, y_true, y_pred, sample_weight=None):
        """Adds the batch's true positives and false positives (precision) or negatives (recall).

        Args:
          y_true: labels (non-zero is positive).
          y_pred: predictions in [0, 1], the shape of `y_true`.
          sample_weight: optional weights broadcastable to the predictions.
        """
        return confusion.update_confusion_matrix_variables(
            {confusion.TRUE_POSITIVES: self.true_positives, self._OTHER: self._other},
            y_true,
            y_pred,
            self.thresholds,
            thresholds_distributed_evenly=self._thresholds_distributed_evenly,
            top_k=self.top_k,
            class_id=self.class_id,
            sample_weight=sample_weight,
        )

    def result(self):
        true_positives = self.true_positives.read_value()
        ratio = math_ops.divide_no_nan(true_positives, math_ops.add(true_positives, self._other.read_value()))
        return _first_or_all(ratio, self.thresholds)

    def get_config(self):
        config = {"thresholds": self.init_thresholds, "top_k": self.top_k, "class_id": self.class_id}
        return {**super().get_config(), **config}


class Precision(_PrecisionOrRecall):
    """The fraction of positive predictions whose label is positive: tp / (tp + fp).

    Args:
      thresholds: a float or list of floats in [0, 1]: predictions above one are positive (default
        0.5, or with top_k every kept prediction); one result per threshold.
      top_k: only the k highest predictions of the last axis may be positive.
      class_id: measure only this class (an index of the last axis).
      name: the metric's name.
      dtype: the dtype of the state and result.
    """

    _OTHER = confusion.FALSE_POSITIVES

    @property
    def false_positives(self):
        return self._other


class Recall(_PrecisionOrRecall):
    """The fraction of positive labels predicted positive: tp / (tp + fn). Arguments as Precision's."""

    _OTHER = confusion.FALSE_NEGATIVES

    @property
    def false_negatives(self):
        return self._other


class SensitivitySpecificityBase(Metric):
    """Accumulates all four confusion counts at `num_thresholds` evenly spaced thresholds; subclasses
    pick the best threshold under a constraint on one rate (`value`)."""

    _VALUE_NAME = None  # the constructor argument holding `value`, for get_config

    def __init__(self, value, num_thresholds=200, class_id=None, name=None, dtype=None):
        super().__init__(name=name, dtype=dtype)
        if not isinstance(num_thresholds, int) or num_thresholds <= 0:
            raise ValueError(
                f"Argument `num_thresholds` must be an integer > 0. Received: num_thresholds={num_thresholds}"
            )
        self.value = value
        self.class_id = class_id
        self.num_thresholds = num_thresholds
        if num_thresholds == 1:
            self.thresholds = [0.5]
            self._thresholds_distributed_evenly = False
        else:
            # 0 and 1 themselves (AUC's thresholds reach past them by epsilon).
            inner = [(i + 1) * 1.0 / (num_thresholds - 1) for i in range(num_thresholds - 2)]
            self.thresholds = [0.0] + inner + [1.0]
            self._thresholds_distributed_evenly = True
        shape = (num_thresholds,)
        self.true_positives = self.add_weight("true_positives", shape=shape)
        self.true_negatives = self.add_weight("true_negatives", shape=shape)
        self.false_positives = self.add_weight("false_positives", shape=shape)
        self.false_negatives = self.add_weight("false_negatives", shape=shape)

    def update_state(self, y_true, y_pred, sample_weight=None):
        """Adds the batch's confusion counts at every threshold.

        Args:
          y_true: labels (non-zero is positive).
          y_pred: predictions in [0, 1], the shape of `y_true`.
          sample_weight: optional weights broadcastable to the predictions.
        """
        return confusion.update_confusion_matrix_variables(
            {
                confusion.TRUE_POSITIVES: self.true_positives,
                confusion.TRUE_NEGATIVES: self.true_negatives,
                confusion.FALSE_POSITIVES: self.false_positives,
                confusion.FALSE_NEGATIVES: self.false_negatives,
            },
            y_true,
            y_pred,
            self.thresholds,
            thresholds_distributed_evenly=self._thresholds_distributed_evenly,
            class_id=self.class_id,
            sample_weight=sample_weight,
        )

    def _rates(self):
        """(sensitivity = recall, specificity, precision) at each threshold."""
        tp, tn = self.true_positives.read_value(), self.true_negatives.read_value()
        fp, fn = self.false_positives.read_value(), self.false_negatives.read_value()
        sensitivity = math_ops.divide_no_nan(tp, math_ops.add(tp, fn))
        specificity = math_ops.divide_no_nan(tn, math_ops.add(tn, fp))
        precision = math_ops.divide_no_nan(tp, math_ops.add(tp, fp))
        return sensitivity, specificity, precision

    def _best_under_constraint(self, constrained, dependent):
        """The largest `dependent` rate among thresholds where `constrained >= value`; 0 if none.
        (Rates are >= 0, so masking the infeasible thresholds with 0 leaves the maximum unchanged.)"""
        feasible = comparison_ops.greater_equal(constrained, self.value)
        return reduction_ops.reduce_max(where(feasible, dependent, creation_ops.zeros_like(dependent)))

    def get_config(self):
        config = {
            "class_id": self.class_id,
            "num_thresholds": self.num_thresholds,
            self._VALUE_NAME: self.value,
        }
        return {**super().get_config(), **config}


def _check_rate(argument: str, value):
    if value < 0 or value > 1:
        raise ValueError(f"Argument `{argument}` must be in the range [0, 1]. Received: {argument}={value}")


class SensitivityAtSpecificity(SensitivitySpecificityBase):
    """The best sensitivity (recall) at a threshold whose specificity is >= `specificity`.

    Args:
      specificity: the required specificity, in [0, 1].
      num_thresholds: how many evenly spaced thresholds are tried.
      class_id: measure only this class (an index of the last axis).
      name: the metric's name.
      dtype: the dtype of the state and result.
    """

    _VALUE_NAME = "specificity"

    def __init__(self, specificity, num_thresholds=200, class_id=None, name=None, dtype=None):
        _check_rate("specificity", specificity)
        self.specificity = specificity
        super().__init__(specificity, num_thresholds, class_id, name, dtype)

    def result(self):
        sensitivity, specificity, _ = self._rates()
        return self._best_under_constraint(specificity, sensitivity)


class SpecificityAtSensitivity(SensitivitySpecificityBase):
    """The best specificity at a threshold whose sensitivity (recall) is >= `sensitivity`.
    Arguments as SensitivityAtSpecificity's, with `sensitivity` the required sensitivity."""

    _VALUE_NAME = "sensitivity"

    def __init__(self, sensitivity, num_thresholds=200, class_id=None, name=None, dtype=None):
        _check_rate("sensitivity", sensitivity)
        self.sensitivity = sensitivity
        super().__init__(sensitivity, num_thresholds, class_id, name, dtype)

    def result(self):
        sensitivity, specificity, _ = self._rates()
        return self._best_under_constraint(sensitivity, specificity)


class PrecisionAtRecall(SensitivitySpecificityBase):
    """The best precision at a threshold whose recall is >= `recall`. Arguments as
    SensitivityAtSpecificity's, with `recall` the required recall."""

    _VALUE_NAME = "recall"

    def __init__(self, recall, num_thresholds=200, class_id=None, name=None, dtype=None):
        _check_rate("recall", recall)
        self.recall = recall
        super().__init__(recall, num_thresholds, class_id, name, dtype)

    def result(self):
        recall, _, precision = self._rates()
        return self._best_under_constraint(recall, precision)


class RecallAtPrecision(SensitivitySpecificityBase):
    """The best recall at a threshold whose precision is >= `precision`. Arguments as
    SensitivityAtSpecificity's, with `precision` the required precision."""

    _VALUE_NAME = "precision"

    def __init__(self, precision, num_thresholds=200, class_id=None, name=None, dtype=None):
        _check_rate("precision", precision)
        self.precision = precision
        super().__init__(precision, num_thresholds, class_id, name, dtype)

    def result(self):
        recall, _, precision = self._rates()
        return self._best_under_constraint(precision, recall)
