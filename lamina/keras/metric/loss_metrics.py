"""The losses as metrics: the weighted mean of a loss function over every example seen. The loss
formulas live once, in lamina.keras.loss."""

from __future__ import annotations

from lamina.keras import loss
from lamina.keras.metric.base import MeanMetricWrapper


class Hinge(MeanMetricWrapper):
    """The mean hinge loss, mean(max(1 - y_true * y_pred, 0)) with labels in {-1, 1} (0/1 labels are
    mapped to -1/1).

    Args:
      name: the metric's name.
      dtype: the dtype of the state and result.
    """

    def __init__(self, name="hinge", dtype=None):
        super().__init__(loss.hinge, name, dtype=dtype)


class SquaredHinge(MeanMetricWrapper):
    """The mean squared hinge loss. Arguments as Hinge's."""

    def __init__(self, name="squared_hinge", dtype=None):
        super().__init__(loss.squared_hinge, name, dtype=dtype)


class CategoricalHinge(MeanMetricWrapper):
    """The mean categorical hinge loss, max(0, 1 + max(wrong scores) - true score). Arguments as
    Hinge's."""

    def __init__(self, name="categorical_hinge", dtype=None):
        super().__init__(loss.categorical_hinge, name, dtype=dtype)


class KLDivergence(MeanMetricWrapper):
    """The mean Kullback-Leibler divergence of the predicted from the true distribution. Arguments
    as Hinge's."""

    def __init__(self, name="kullback_leibler_divergence", dtype=None):
        super().__init__(loss.kl_divergence, name, dtype=dtype)


class Poisson(MeanMetricWrapper):
    """The mean Poisson loss, mean(y_pred - y_true * log(y_pred)). Arguments as Hinge's."""

    def __init__(self, name="poisson", dtype=None):
        super().__init__(loss.poisson, name, dtype=dtype)


class BinaryCrossentropy(MeanMetricWrapper):
    """The mean binary crossentropy.

    Args:
      name: the metric's name.
      dtype: the dtype of the state and result.
      from_logits: predictions are logits rather than probabilities.
      label_smoothing: labels move towards 0.5 by this amount.
    """

    def __init__(self, name="binary_crossentropy", dtype=None, from_logits=False, label_smoothing=0):
        super().__init__(
            loss.binary_crossentropy,
            name,
            dtype=dtype,
            from_logits=from_logits,
            label_smoothing=label_smoothing,
        )


class CategoricalCrossentropy(MeanMetricWrapper):
    """The mean categorical crossentropy of one-hot labels.

    Args:
      name: the metric's name.
      dtype: the dtype of the state and result.
      from_logits: predictions are logits rather than probabilities.
      label_smoothing: labels move towards uniform by this amount.
      axis: the class axis.
    """

    def __init__(
        self, name="categorical_crossentropy", dtype=None, from_logits=False, label_smoothing=0, axis=-1
    ):
        super().__init__(
            loss.categorical_crossentropy,
            name,
            dtype=dtype,
            from_logits=from_logits,
            label_smoothing=label_smoothing,
            axis=axis,
        )


class SparseCategoricalCrossentropy(MeanMetricWrapper):
    """The mean categorical crossentropy of integer labels.

    Args:
      name: the metric's name.
      dtype: the dtype of the state and result.
      from_logits: predictions are logits rather than probabilities.
      ignore_class: a label whose examples are not counted.
      axis: the class axis.
    """

    def __init__(
        self,
        name="sparse_categorical_crossentropy",
        dtype=None,
        from_logits=False,
        ignore_class=None,
        axis=-1,
    ):
        super().__init__(
            loss.sparse_categorical_crossentropy,
            name,
            dtype=dtype,
            from_logits=from_logits,
            ignore_class=ignore_class,
            axis=axis,
        )
