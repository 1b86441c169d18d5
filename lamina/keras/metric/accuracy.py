"""The accuracy metrics: the weighted fraction of predictions that hit their labels."""

from __future__ import annotations

from lamina.keras.metric import functions
from lamina.keras.metric.base import MeanMetricWrapper


class Accuracy(MeanMetricWrapper):
    """How often predictions equal labels exactly.

    Args:
      name: the metric's name.
      dtype: the dtype of the state and result.
    """

    def __init__(self, name="accuracy", dtype=None):
        super().__init__(functions.accuracy, name, dtype=dtype)


class BinaryAccuracy(MeanMetricWrapper):
    """How often `y_pred > threshold` agrees with the 0/1 label, entry by entry.

    Args:
      name: the metric's name.
      dtype: the dtype of the state and result.
      threshold: a prediction above it counts as 1.
    """

    def __init__(self, name="binary_accuracy", dtype=None, threshold=0.5):
        super().__init__(functions.binary_matches, name, dtype=dtype, threshold=threshold)


class CategoricalAccuracy(MeanMetricWrapper):
    """How often the argmax of the predictions is the argmax of the one-hot labels.

    Args:
      name: the metric's name.
      dtype: the dtype of the state and result.
    """

    def __init__(self, name="categorical_accuracy", dtype=None):
        super().__init__(functions.categorical_accuracy, name, dtype=dtype)


class SparseCategoricalAccuracy(MeanMetricWrapper):
    """How often the argmax of the predictions is the integer label.

    Args:
      name: the metric's name.
      dtype: the dtype of the state and result.
    """

    def __init__(self, name="sparse_categorical_accuracy", dtype=None):
        super().__init__(functions.sparse_categorical_matches, name, dtype=dtype)


class TopKCategoricalAccuracy(MeanMetricWrapper):
    """How often the one-hot label's class is among the `k` highest predictions.

    Args:
      k: how many of the top predictions count.
      name: the metric's name.
      dtype: the dtype of the state and result.
    """

    def __init__(self, k=5, name="top_k_categorical_accuracy", dtype=None):
        super().__init__(functions.top_k_categorical_accuracy, name, dtype=dtype, k=k)


class SparseTopKCategoricalAccuracy(MeanMetricWrapper):
    """How often the integer label is among the `k` highest predictions.

    Args:
      k: how many of the top predictions count.
      name: the metric's name.
      dtype: the dtype of the state and result.
    """

    def __init__(self, k=5, name="sparse_top_k_categorical_accuracy", dtype=None):
        super().__init__(functions.sparse_top_k_categorical_matches, name, dtype=dtype, k=k)
