"""Regression metrics: the means of the regression losses, RootMeanSquaredError, CosineSimilarity,
LogCoshError, MeanRelativeError and R2Score."""

from __future__ import annotations

from lamina._core import dtypes
from lamina.keras import loss, loss_utils
from lamina.keras.metric import functions
from lamina.keras.metric.base import Mean, MeanMetricWrapper, Metric, _as_tensor
from lamina.ops import (
    array_ops,
    cast_ops,
    comparison_ops,
    creation_ops,
    math_functions,
    math_ops,
    reduction_ops,
)
from lamina.ops.dependency_ops import group
from lamina.ops.indexing_ops import where


class MeanSquaredError(MeanMetricWrapper):
    """The mean of (y_pred - y_true) ** 2.

    Args:
      name: the metric's name.
      dtype: the dtype of the state and result.
    """

    def __init__(self, name="mean_squared_error", dtype=None):
        super().__init__(loss.mean_squared_error, name, dtype=dtype)


class MeanAbsoluteError(MeanMetricWrapper):
    """The mean of |y_pred - y_true|. Arguments as MeanSquaredError's."""

    def __init__(self, name="mean_absolute_error", dtype=None):
        super().__init__(loss.mean_absolute_error, name, dtype=dtype)


class MeanAbsolutePercentageError(MeanMetricWrapper):
    """The mean of 100 * |(y_true - y_pred) / y_true|. Arguments as MeanSquaredError's."""

    def __init__(self, name="mean_absolute_percentage_error", dtype=None):
        super().__init__(loss.mean_absolute_percentage_error, name, dtype=dtype)


class MeanSquaredLogarithmicError(MeanMetricWrapper):
    """The mean of (log(y_pred + 1) - log(y_true + 1)) ** 2. Arguments as MeanSquaredError's."""

    def __init__(self, name="mean_squared_logarithmic_error", dtype=None):
        super().__init__(loss.mean_squared_logarithmic_error, name, dtype=dtype)


class LogCoshError(MeanMetricWrapper):
    """The mean of log(cosh(y_pred - y_true)). Arguments as MeanSquaredError's."""

    def __init__(self, name="logcosh", dtype=None):
        super().__init__(loss.log_cosh, name, dtype=dtype)


class CosineSimilarity(MeanMetricWrapper):
    """The mean cosine similarity of labels and predictions along `axis` (1: same direction).

    Args:
      name: the metric's name.
      dtype: the dtype of the state and result.
      axis: the axis along which the vectors lie.
    """

    def __init__(self, name="cosine_similarity", dtype=None, axis=-1):
        super().__init__(functions.cosine_similarity, name, dtype=dtype, axis=axis)


class RootMeanSquaredError(Mean):
    """The square root of the (weighted) mean of (y_pred - y_true) ** 2.

    Args:
      name: the metric's name.
      dtype: the dtype of the state and result.
    """

    def __init__(self, name="root_mean_squared_error", dtype=None):
        super().__init__(name=name, dtype=dtype)

    def update_state(self, y_true, y_pred, sample_weight=None):
        """Adds the batch's squared errors (optionally weighted) to the mean."""
        y_true = cast_ops.cast(_as_tensor(y_true), self._dtype)
        y_pred = cast_ops.cast(_as_tensor(y_pred), self._dtype)
        y_pred, y_true = loss_utils.squeeze_or_expand_dimensions(y_pred, y_true)
        return super().update_state(math_ops.squared_difference(y_pred, y_true), sample_weight=sample_weight)

    def result(self):
        return math_ops.sqrt(super().result())


class MeanRelativeError(Mean):
    """The mean of |y_pred - y_true| / normalizer.

    Args:
      normalizer: the values dividing the absolute errors (broadcast against them).
      name: the metric's name.
      dtype: the dtype of the state and result.
    """

    def __init__(self, normalizer, name=None, dtype=None):
        super().__init__(name=name, dtype=dtype)
        self.normalizer = cast_ops.cast(_as_tensor(normalizer), self._dtype)

    def update_state(self, y_true, y_pred, sample_weight=None):
        """Adds the batch's relative errors (optionally weighted) to the mean.

        Raises:
          ValueError: if the shapes of `y_true` and `y_pred` are incompatible.
        """
        y_true = cast_ops.cast(_as_tensor(y_true), self._dtype)
        y_pred = cast_ops.cast(_as_tensor(y_pred), self._dtype)
        y_pred, y_true = loss_utils.squeeze_or_expand_dimensions(y_pred, y_true)
        y_pred, normalizer = loss_utils.remove_squeezable_dimensions(y_pred, self.normalizer)
        y_pred.shape.assert_is_compatible_with(y_true.shape)
        errors = math_ops.divide_no_nan(math_functions.abs(math_ops.subtract(y_true, y_pred)), normalizer)
        return super().update_state(errors, sample_weight=sample_weight)

    def get_config(self):
        return {**super().get_config(), "normalizer": self.normalizer.numpy()}


class R2Score(Metric):
    """The coefficient of determination, 1 - sum((y - y_pred)^2) / sum((y - mean(y))^2), per output.

    Args:
      class_aggregation: how the outputs' scores combine: "uniform_average" (the mean),
        "variance_weighted_average" (weighted by each output's variance) or None (one per output).
      num_regressors: the number of independent variables, for the adjusted R2 score (0: plain R2).
        When it is not below the number of samples minus one, the plain score is returned.
      name: the metric's name.
      dtype: the dtype of the state and result.

    Raises:
      ValueError: an unknown class_aggregation, or a negative num_regressors.
    """

    _AGGREGATIONS = (None, "uniform_average", "variance_weighted_average")

    def __init__(self, class_aggregation="uniform_average", num_regressors=0, name="r2_score", dtype=None):
        super().__init__(name=name, dtype=dtype)
        if class_aggregation not in self._AGGREGATIONS:
            raise ValueError(
                "Invalid value for argument `class_aggregation`. Expected one of "
                f"{self._AGGREGATIONS}. Received: class_aggregation={class_aggregation}"
            )
        if num_regressors < 0:
            raise ValueError(
                "Invalid value for argument `num_regressors`. Expected a value >= 0. "
                f"Received: num_regressors={num_regressors}"
            )
        self.class_aggregation = class_aggregation
        self.num_regressors = num_regressors
        self.num_samples = self.add_weight("num_samples", dtype=dtypes.int32)
        self.built = False

    def _build(self, y_true_shape, y_pred_shape):
        if y_pred_shape.rank != 2 or y_true_shape.rank != 2:
            raise ValueError(
                "R2Score expects 2D inputs with shape (batch_size, output_dim). Received input shapes: "
                f"y_pred.shape={y_pred_shape} and y_true.shape={y_true_shape}."
            )
        if y_pred_shape[-1] is None or y_true_shape[-1] is None:
            raise ValueError(
                "R2Score expects 2D inputs with shape (batch_size, output_dim), with output_dim fully "
                f"defined (not None). Received input shapes: y_pred.shape={y_pred_shape} and "
                f"y_true.shape={y_true_shape}."
            )
        shape = (y_pred_shape[-1],)
        self.squared_sum = self.add_weight("squared_sum", shape=shape)
        self.sum = self.add_weight("sum", shape=shape)
        self.total_mse = self.add_weight("residual", shape=shape)
        self.count = self.add_weight("count", shape=shape)
        self.built = True

    def update_state(self, y_true, y_pred, sample_weight=None):
        """Adds the batch's sums; `sample_weight` is per example ((N,) or (N, 1)) or per entry."""
        y_true = cast_ops.cast(_as_tensor(y_true), self._dtype)
        y_pred = cast_ops.cast(_as_tensor(y_pred), self._dtype)
        if not self.built:
            self._build(y_true.shape, y_pred.shape)
        weights = cast_ops.cast(_as_tensor(1.0 if sample_weight is None else sample_weight), self._dtype)
        if weights.shape.rank == 1:
            weights = array_ops.expand_dims(weights, axis=1)
        weights = array_ops.broadcast_to(weights, array_ops.shape(y_true))
        weighted_true = y_true * weights
        squared_errors = math_ops.square(y_true - y_pred) * weights
        return group(
            self.sum.assign_add(reduction_ops.reduce_sum(weighted_true, axis=0)),
            self.squared_sum.assign_add(reduction_ops.reduce_sum(y_true * weighted_true, axis=0)),
            self.total_mse.assign_add(reduction_ops.reduce_sum(squared_errors, axis=0)),
            self.count.assign_add(reduction_ops.reduce_sum(weights, axis=0)),
            self.num_samples.assign_add(array_ops.size(y_true)),
        )

    def result(self):
        total_sum = self.sum.read_value()
        mean = total_sum / self.count.read_value()
        total = self.squared_sum.read_value() - total_sum * mean  # the weighted sum of squares about the mean
        scores = 1.0 - self.total_mse.read_value() / total
        scores = where(math_functions.is_inf(scores), creation_ops.zeros_like(scores), scores)
        if self.class_aggregation == "uniform_average":
            score = reduction_ops.reduce_mean(scores)
        elif self.class_aggregation == "variance_weighted_average":
            score = reduction_ops.reduce_sum(total * scores) / reduction_ops.reduce_sum(total)
        else:
            score = scores
        return score if self.num_regressors == 0 else self._adjusted(score)

    def _adjusted(self, score):
        """1 - (1 - R2) (n - 1) / (n - p - 1) where n - 1 > p; the plain score otherwise (decided on
        the device, so no value is read back)."""
        n = cast_ops.cast(self.num_samples.read_value(), score.dtype)
        denominator = n - float(self.num_regressors) - 1.0
        adjusted = 1.0 - (1.0 - score) * (n - 1.0) / denominator
        return where(comparison_ops.greater(denominator, 0.0), adjusted, score)

    def get_config(self):
        config = {"class_aggregation": self.class_aggregation, "num_regressors": self.num_regressors}
        return {**super().get_config(), **config}
