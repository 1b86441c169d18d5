"""Per-example metric functions (`tf.keras.metrics.binary_accuracy`, ...) and the table that finds a
metric function by name (`"acc"`, `"mse"`), used to rebuild a MeanMetricWrapper from its config.

Each function returns one value per example (accuracies: 1.0 for a hit, 0.0 for a miss); the
stateful metrics average them. The loss functions that double as metrics (`mse`, `hinge`, the
crossentropies) live once, in lamina.keras.loss.
"""

from __future__ import annotations

from lamina._core import dtypes
from lamina.keras import loss
from lamina.keras.serialization import Catalog
from lamina.ops import array_ops, cast_ops, comparison_ops, math_ops, nn_ops, reduction_ops
from lamina.ops._op import tensor


def accuracy(y_true, y_pred):
    """1.0 where `y_pred` equals `y_true` exactly, else 0.0 (same shapes).

    Raises:
      ValueError: if the shapes of `y_true` and `y_pred` are incompatible.
    """
    y_true, y_pred = tensor(y_true), tensor(y_pred)
    y_true.shape.assert_is_compatible_with(y_pred.shape)
    if y_pred.dtype is not y_true.dtype:
        y_pred = cast_ops.cast(y_pred, y_true.dtype)
    return cast_ops.cast(comparison_ops.equal(y_true, y_pred), dtypes.float32)


def binary_matches(y_true, y_pred, threshold=0.5):
    """1.0 where `y_pred > threshold` agrees with the 0/1 label `y_true`, element-wise."""
    y_pred = tensor(y_pred)
    predicted = cast_ops.cast(
        comparison_ops.greater(y_pred, cast_ops.cast(threshold, y_pred.dtype)), y_pred.dtype
    )
    return cast_ops.cast(comparison_ops.equal(y_true, predicted), dtypes.float32)


def binary_accuracy(y_true, y_pred, threshold=0.5):
    """The fraction of the last axis where `y_pred > threshold` agrees with the 0/1 label `y_true`.

    Args:
      y_true: 0/1 labels.
      y_pred: probabilities (or any scores compared with `threshold`), same shape.
      threshold: a prediction above it counts as 1.

    Returns:
      The accuracy per example (the last axis averaged away).
    """
    return reduction_ops.reduce_mean(binary_matches(y_true, y_pred, threshold), axis=-1)


def sparse_categorical_matches(y_true, y_pred):
    """1.0 where the class index `y_true` is the argmax of `y_pred` (ties: the first index wins).

    `y_true` has shape (N,) or (N, 1) for predictions of shape (N, C); the result has `y_true`'s shape.
    """
    y_true, y_pred = tensor(y_true), tensor(y_pred)
    squeezed = y_true.shape.rank is not None and y_true.shape.rank == y_pred.shape.rank
    if squeezed:
        y_true = array_ops.squeeze(y_true, [-1])
    predicted = reduction_ops.argmax(y_pred, axis=-1)
    if predicted.dtype is not y_true.dtype:
        predicted = cast_ops.cast(predicted, y_true.dtype)
    matches = cast_ops.cast(comparison_ops.equal(y_true, predicted), dtypes.float32)
    return array_ops.expand_dims(matches, -1) if squeezed else matches


def sparse_categorical_accuracy(y_true, y_pred):
    """1.0 per example where the integer label `y_true` is the argmax of the scores `y_pred`.

    Args:
      y_true: class indices, shape (N,) or (N, 1).
      y_pred: scores, shape (N, C).

    Returns:
      Shape (N,) accuracies.
    """
    matches = sparse_categorical_matches(y_true, y_pred)
    if matches.shape.rank is not None and matches.shape.rank > 1 and matches.shape[-1] == 1:
        matches = array_ops.squeeze(matches, [-1])
    return matches


def categorical_accuracy(y_true, y_pred):
    """1.0 per example where the argmax of the one-hot `y_true` is the argmax of `y_pred`."""
    return sparse_categorical_matches(reduction_ops.argmax(tensor(y_true), axis=-1), y_pred)


def sparse_top_k_categorical_matches(y_true, y_pred, k=5):
    """1.0 where the class index `y_true` is among the `k` largest scores of `y_pred` (a tie with
    the k-th largest counts as in). Predictions of rank > 2 are flattened to (-1, C); the result has
    `y_true`'s shape."""
    y_true, y_pred = tensor(y_true), tensor(y_pred)
    true_shape = y_true.shape
    if y_pred.shape.rank is not None and y_pred.shape.rank > 2:
        y_pred = array_ops.reshape(y_pred, [-1, y_pred.shape[-1]])
    reshaped = true_shape.rank is not None and true_shape.rank > 1
    if reshaped:
        y_true = array_ops.reshape(y_true, [-1])
    hits = nn_ops.in_top_k(cast_ops.cast(y_true, dtypes.int32), y_pred, k)
    matches = cast_ops.cast(hits, dtypes.float32)
    if reshaped:
        matches = array_ops.reshape(matches, [-1 if d is None else d for d in true_shape.as_list()])
    return matches


def sparse_top_k_categorical_accuracy(y_true, y_pred, k=5):
    """1.0 per example where the integer label `y_true` is among the top `k` scores of `y_pred`."""
    return sparse_top_k_categorical_matches(y_true, y_pred, k)


def top_k_categorical_accuracy(y_true, y_pred, k=5):
    """1.0 per example where the argmax of the one-hot `y_true` is among the top `k` scores."""
    return sparse_top_k_categorical_matches(reduction_ops.argmax(tensor(y_true), axis=-1), y_pred, k)


def cosine_similarity(y_true, y_pred, axis=-1):
    """The cosine of the angle between `y_true` and `y_pred` along `axis` (1 for the same direction).

    Unlike the loss `tf.keras.losses.cosine_similarity`, the sign is not flipped.
    """
    y_true = math_ops.l2_normalize(tensor(y_true), axis=axis)
    y_pred = math_ops.l2_normalize(tensor(y_pred), axis=axis)
    return reduction_ops.reduce_sum(math_ops.multiply(y_true, y_pred), axis=axis)


# Names a metric function is found by (`get`, `MeanMetricWrapper.from_config`).
# fmt: off
FUNCTIONS = Catalog(
    "keras.metrics",
    "metric function",
    {
        "accuracy": accuracy,
        "acc": accuracy,
        "ACC": accuracy,
        "binary_accuracy": binary_accuracy,
        "categorical_accuracy": categorical_accuracy,
        "sparse_categorical_accuracy": sparse_categorical_accuracy,
        "top_k_categorical_accuracy": top_k_categorical_accuracy,
        "sparse_top_k_categorical_accuracy": sparse_top_k_categorical_accuracy,
        "cosine_similarity": cosine_similarity,
        "cosine_proximity": cosine_similarity,
        # The loss functions, under the names tf.keras.metrics gives them.
        **{function.__name__: function for function in (
            loss.binary_crossentropy, loss.binary_focal_crossentropy, loss.categorical_crossentropy,
            loss.categorical_focal_crossentropy, loss.categorical_hinge, loss.hinge, loss.kl_divergence,
            loss.log_cosh, loss.mean_absolute_error, loss.mean_absolute_percentage_error,
            loss.mean_squared_error, loss.mean_squared_logarithmic_error, loss.poisson,
            loss.sparse_categorical_crossentropy, loss.squared_hinge,
        )},
        "mse": loss.mean_squared_error, "MSE": loss.mean_squared_error,
        "mae": loss.mean_absolute_error, "MAE": loss.mean_absolute_error,
        "mape": loss.mean_absolute_percentage_error, "MAPE": loss.mean_absolute_percentage_error,
        "msle": loss.mean_squared_logarithmic_error, "MSLE": loss.mean_squared_logarithmic_error,
        "kld": loss.kl_divergence, "KLD": loss.kl_divergence,
        "kullback_leibler_divergence": loss.kl_divergence,
        "logcosh": loss.log_cosh,
    },
)
# fmt: on
