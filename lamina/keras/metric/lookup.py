"""`tf.keras.metrics.get`, `serialize` and `deserialize`: metrics by name or serialized dict.

A class name ("AUC", "MeanSquaredError") gives a new instance with default arguments; a function
name ("accuracy", "acc", "mse") gives the function.
"""

from __future__ import annotations

from lamina.keras.metric import accuracy, auc, base, f_score, iou, loss_metrics, regression, thresholded
from lamina.keras.metric.functions import FUNCTIONS
from lamina.keras.serialization import Catalog

_CLASSES = (
    base.Metric, base.Mean, base.Sum, base.MeanMetricWrapper, base.MeanTensor,
    accuracy.Accuracy, accuracy.BinaryAccuracy, accuracy.CategoricalAccuracy,
    accuracy.SparseCategoricalAccuracy, accuracy.TopKCategoricalAccuracy,
    accuracy.SparseTopKCategoricalAccuracy,
    auc.AUC,
    thresholded.TruePositives, thresholded.FalsePositives, thresholded.TrueNegatives,
    thresholded.FalseNegatives, thresholded.Precision, thresholded.Recall,
    thresholded.PrecisionAtRecall, thresholded.RecallAtPrecision, thresholded.SensitivityAtSpecificity,
    thresholded.SpecificityAtSensitivity,
    regression.MeanSquaredError, regression.RootMeanSquaredError, regression.MeanAbsoluteError,
    regression.MeanAbsolutePercentageError, regression.MeanSquaredLogarithmicError,
    regression.CosineSimilarity, regression.LogCoshError, regression.MeanRelativeError, regression.R2Score,
    iou.IoU, iou.MeanIoU, iou.BinaryIoU, iou.OneHotIoU, iou.OneHotMeanIoU,
    loss_metrics.Hinge, loss_metrics.SquaredHinge, loss_metrics.CategoricalHinge, loss_metrics.KLDivergence,
    loss_metrics.Poisson, loss_metrics.BinaryCrossentropy, loss_metrics.CategoricalCrossentropy,
    loss_metrics.SparseCategoricalCrossentropy,
    f_score.FBetaScore, f_score.F1Score,
)  # fmt: skip

CATALOG = Catalog("keras.metrics", "metric", {**FUNCTIONS.objects, **{c.__name__: c for c in _CLASSES}})


def serialize(metric, use_legacy_format=False):
    """A metric object as Keras's dict (`{"module", "class_name", "config", "registered_name"}`), a
    metric function as its name."""
    config = CATALOG.serialize(metric)
    if use_legacy_format and isinstance(config, dict):
        return {"class_name": config["class_name"], "config": config["config"]}
    return config


def deserialize(config, custom_objects=None, use_legacy_format=False):
    """The metric described by a name or a serialized dict.

    Raises:
      ValueError: an unknown name or class.
    """
    return CATALOG.deserialize(config, custom_objects)


def get(identifier):
    """A metric from a name ("accuracy", "AUC"), a serialized dict, or a metric/function (returned
    as it is).

    Raises:
      ValueError: an unknown name, or an identifier of another kind.
    """
    if identifier is None or not (isinstance(identifier, (str, dict)) or callable(identifier)):
        raise ValueError(f"Could not interpret metric identifier: {identifier}")
    return CATALOG.get(identifier)
