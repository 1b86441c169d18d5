"""The Keras loss functions (`tf.keras.losses.mean_squared_error`, ...): the maths of every loss,
written once. The Loss classes (lamina/keras/loss_classes.py), the loss metrics and tf.compat.v1's
losses call these.

Each function takes `y_true` (labels; cast to the predictions' dtype) and `y_pred` and returns the
loss per example: reduced over the last axis (or `axis`), not over the batch. Probabilities are
clipped to [1e-7, 1 - 1e-7] (Keras's backend epsilon) unless `from_logits`; a probability that a
Keras softmax/sigmoid activation produced (or, in a graph, a Softmax/Sigmoid op) is replaced by the
logits it came from, as Keras 2.15 does.
"""

from __future__ import annotations

import warnings

import numpy as np

from lamina._core import dtypes
from lamina._core.convert import convert_to_tensor
from lamina._core.graph import SymbolicTensor
from lamina.keras import attachments
from lamina.ops import (
    array_ops,
    clip_ops,
    comparison_ops,
    creation_ops,
    indexing_ops,
    math_ops,
    nn_ops,
    reduction_ops,
)
from lamina.ops import math_functions as mf
from lamina.ops.cast_ops import cast

EPSILON = 1e-7  # Keras's backend epsilon
# log(2) as Keras computes it: in float32, then cast to the loss's dtype.
_LOG_2 = float(np.float32(np.log(2.0)))


def _prepare(y_true, y_pred):
    y_pred = convert_to_tensor(y_pred)
    return cast(y_true, y_pred.dtype), y_pred


def _mean(x, axis=-1):
    if x.dtype is dtypes.bool:
        x = cast(x, dtypes.float32)
    return reduction_ops.reduce_mean(x, axis)


def _is_zero(value) -> bool:
    return isinstance(value, (int, float)) and value == 0


# ---- regression ---------------------------------------------------------------------------------
# The element-wise parts (`squared_error`, `absolute_error`, `huber_elementwise`, ...) are shared
# with tf.compat.v1.losses, which weights element-wise losses instead of averaging the last axis.
def squared_error(y_true, y_pred):
    """(y_pred - y_true) ** 2 element-wise."""
    return math_ops.squared_difference(y_pred, y_true)


def absolute_error(y_true, y_pred):
    """|y_pred - y_true| element-wise."""
    return mf.abs(y_pred - y_true)


def mean_squared_error(y_true, y_pred):
    """mean((y_pred - y_true) ** 2, axis=-1)."""
    y_true, y_pred = _prepare(y_true, y_pred)
    return _mean(squared_error(y_true, y_pred))


def mean_absolute_error(y_true, y_pred):
    """mean(|y_pred - y_true|, axis=-1)."""
    y_true, y_pred = _prepare(y_true, y_pred)
    return _mean(absolute_error(y_true, y_pred))


def mean_absolute_percentage_error(y_true, y_pred):
    """100 * mean(|(y_true - y_pred) / max(|y_true|, 1e-7)|, axis=-1)."""
    y_true, y_pred = _prepare(y_true, y_pred)
    ratio = (y_true - y_pred) / math_ops.maximum(mf.abs(y_true), EPSILON)
    return 100.0 * _mean(mf.abs(ratio))


def mean_squared_logarithmic_error(y_true, y_pred):
    """mean((log(max(y_pred, 1e-7) + 1) - log(max(y_true, 1e-7) + 1)) ** 2, axis=-1)."""
    y_true, y_pred = _prepare(y_true, y_pred)
    first = mf.log(math_ops.maximum(y_pred, EPSILON) + 1.0)
    second = mf.log(math_ops.maximum(y_true, EPSILON) + 1.0)
    return _mean(math_ops.squared_difference(first, second))


def huber(y_true, y_pred, delta=1.0):
    """mean(0.5 * e**2 if |e| <= delta else delta * |e| - 0.5 * delta**2, axis=-1), e = y_pred - y_true.

    Computed in float32 whatever the inputs' dtype (Keras casts to its default float type)."""
    y_pred = cast(y_pred, dtypes.float32)
    y_true = cast(y_true, dtypes.float32)
    return _mean(huber_elementwise(y_pred - y_true, cast(delta, dtypes.float32)))


def huber_elementwise(error, delta):
    """0.5 * error**2 where |error| <= delta, else delta * |error| - 0.5 * delta**2."""
    abs_error = mf.abs(error)
    quadratic = 0.5 * math_ops.square(error)
    linear = delta * abs_error - 0.5 * math_ops.square(delta)
    return indexing_ops.where(abs_error <= delta, quadratic, linear)


def log_cosh(y_true, y_pred):
    """mean(log(cosh(y_pred - y_true)), axis=-1), computed as x + softplus(-2x) - log(2)."""
    y_true, y_pred = _prepare(y_true, y_pred)
    x = y_pred - y_true
    return _mean(x + mf.softplus(-2.0 * x) - _LOG_2)


# ---- probabilistic ------------------------------------------------------------------------------
def poisson(y_true, y_pred):
    """mean(y_pred - y_true * log(y_pred + 1e-7), axis=-1)."""
    y_true, y_pred = _prepare(y_true, y_pred)
    return _mean(y_pred - y_true * mf.log(y_pred + EPSILON))


def kl_divergence(y_true, y_pred):
    """sum(y_true * log(y_true / y_pred), axis=-1), both clipped to [1e-7, 1]."""
    y_true, y_pred = _prepare(y_true, y_pred)
    y_true = clip_ops.clip_by_value(y_true, EPSILON, 1.0)
    y_pred = clip_ops.clip_by_value(y_pred, EPSILON, 1.0)
    return reduction_ops.reduce_sum(y_true * mf.log(y_true / y_pred), -1)


def cosine_similarity(y_true, y_pred, axis=-1):
    """-sum(l2_normalize(y_true) * l2_normalize(y_pred), axis): -1 for vectors pointing the same way."""
    y_true, y_pred = _prepare(y_true, y_pred)
    y_true = math_ops.l2_normalize(y_true, axis=axis)
    y_pred = math_ops.l2_normalize(y_pred, axis=axis)
    return -reduction_ops.reduce_sum(y_true * y_pred, axis)


# ---- hinge --------------------------------------------------------------------------------------
def _signed_labels(y_true):
    """Labels that are all 0 or 1 become -1 or 1; any other labels are kept (decided on the device)."""
    binary = comparison_ops.logical_or(comparison_ops.equal(y_true, 0.0), comparison_ops.equal(y_true, 1.0))
    return indexing_ops.where(reduction_ops.reduce_all(binary), 2.0 * y_true - 1.0, y_true)


def hinge_elementwise(signed_labels, y_pred):
    """max(1 - signed_labels * y_pred, 0) element-wise, for labels in {-1, 1}."""
    return math_ops.maximum(1.0 - signed_labels * y_pred, 0.0)


def hinge(y_true, y_pred):
    """mean(max(1 - y_true * y_pred, 0), axis=-1); labels in {0, 1} are read as {-1, 1}."""
    y_true, y_pred = _prepare(y_true, y_pred)
    return _mean(hinge_elementwise(_signed_labels(y_true), y_pred))


def squared_hinge(y_true, y_pred):
    """mean(max(1 - y_true * y_pred, 0) ** 2, axis=-1); labels in {0, 1} are read as {-1, 1}."""
    y_true, y_pred = _prepare(y_true, y_pred)
    return _mean(math_ops.square(hinge_elementwise(_signed_labels(y_true), y_pred)))


def categorical_hinge(y_true, y_pred):
    """max(max((1 - y_true) * y_pred) - sum(y_true * y_pred) + 1, 0) over the last axis."""
    y_true, y_pred = _prepare(y_true, y_pred)
    positive = reduction_ops.reduce_sum(y_true * y_pred, -1)
    negative = reduction_ops.reduce_max((1.0 - y_true) * y_pred, -1)
    return math_ops.maximum(negative - positive + 1.0, 0.0)


# ---- crossentropy -------------------------------------------------------------------------------
def resolve_logits(output, from_logits: bool, op_type: str, function_name: str):
    """(logits or probabilities, from_logits): the logits behind `output` when a Keras activation
    attached them, or when `output` is, in a graph, the result of a `op_type` (Softmax/Sigmoid) op."""
    logits = attachments.get_logits(output)
    if logits is None and isinstance(output, SymbolicTensor) and output.op.type == op_type:
        logits = output.op.inputs[0]
    if logits is None:
        return output, from_logits
    if from_logits:
        warnings.warn(
            f'"`{function_name}` received `from_logits=True`, but the `output` argument was produced by '
            f"a {op_type} activation and thus does not represent logits. Was this intended?",
            stacklevel=3,
        )
    return logits, True


def _clip_probabilities(output):
    return clip_ops.clip_by_value(output, EPSILON, 1.0 - EPSILON)


def _binary_crossentropy_elementwise(target, output, from_logits):
    output, from_logits = resolve_logits(output, from_logits, "Sigmoid", "binary_crossentropy")
    if from_logits:
        return nn_ops.sigmoid_cross_entropy_with_logits(labels=target, logits=output)
    return log_loss_elementwise(target, _clip_probabilities(output), EPSILON)


def log_loss_elementwise(labels, probabilities, epsilon):
    """-(labels * log(p + epsilon) + (1 - labels) * log(1 - p + epsilon)) element-wise."""
    positive = labels * mf.log(probabilities + epsilon)
    negative = (1.0 - labels) * mf.log(1.0 - probabilities + epsilon)
    return -(positive + negative)


def smooth_binary_labels(y_true, label_smoothing):
    """Labels moved towards 0.5: y * (1 - s) + 0.5 * s (unchanged when s is 0)."""
    if _is_zero(label_smoothing):
        return y_true
    smoothing = convert_to_tensor(label_smoothing, dtype=y_true.dtype)
    return y_true * (1.0 - smoothing) + 0.5 * smoothing


def smooth_categorical_labels(y_true, label_smoothing, axis=-1):
    """Labels mixed with the uniform distribution: y * (1 - s) + s / num_classes (unchanged when s is 0);
    the classes are along `axis`."""
    if _is_zero(label_smoothing):
        return y_true
    smoothing = convert_to_tensor(label_smoothing, dtype=y_true.dtype)
    num_classes = cast(array_ops.shape(y_true)[axis], y_true.dtype)
    return y_true * (1.0 - smoothing) + smoothing / num_classes


def binary_crossentropy(y_true, y_pred, from_logits=False, label_smoothing=0.0, axis=-1):
    """mean(-(y * log(p) + (1 - y) * log(1 - p)), axis), p = y_pred (or sigmoid(y_pred) from logits).

    `label_smoothing` moves the labels towards 0.5: y * (1 - s) + 0.5 * s."""
    y_true, y_pred = _prepare(y_true, y_pred)
    y_true = smooth_binary_labels(y_true, label_smoothing)
    return _mean(_binary_crossentropy_elementwise(y_true, y_pred, from_logits), axis)


def binary_focal_crossentropy(
    y_true,
    y_pred,
    apply_class_balancing=False,
    alpha=0.25,
    gamma=2.0,
    from_logits=False,
    label_smoothing=0.0,
    axis=-1,
):
    """Binary crossentropy scaled by (1 - p_t) ** gamma (p_t: the probability of the true class), and
    by alpha (positives) / 1 - alpha (negatives) when `apply_class_balancing`; mean over `axis`."""
    y_true, y_pred = _prepare(y_true, y_pred)
    y_true = smooth_binary_labels(y_true, label_smoothing)
    probabilities = mf.sigmoid(y_pred) if from_logits else y_pred
    p_t = y_true * probabilities + (1.0 - y_true) * (1.0 - probabilities)
    focal = math_ops.pow(1.0 - p_t, gamma)
    loss = focal * _binary_crossentropy_elementwise(y_true, y_pred, from_logits)
    if apply_class_balancing:
        loss = (y_true * alpha + (1.0 - y_true) * (1.0 - alpha)) * loss
    return _mean(loss, axis)


def _check_compatible(target, output):
    if not target.shape.is_compatible_with(output.shape):
        raise ValueError(f"Shapes {target.shape} and {output.shape} are incompatible")


def categorical_crossentropy(y_true, y_pred, from_logits=False, label_smoothing=0.0, axis=-1):
    """-sum(y_true * log(p), axis), p = y_pred normalized to sum 1 (or softmax(y_pred) from logits).

    `label_smoothing` mixes the labels with the uniform distribution: y * (1 - s) + s / num_classes.

    Raises:
      ValueError: y_true and y_pred have incompatible shapes.
    """
    y_true, y_pred = _prepare(y_true, y_pred)
    y_true = smooth_categorical_labels(y_true, label_smoothing, axis)
    _check_compatible(y_true, y_pred)
    output, from_logits = resolve_logits(y_pred, from_logits, "Softmax", "categorical_crossentropy")
    if from_logits:
        return nn_ops.softmax_cross_entropy_with_logits(labels=y_true, logits=output, axis=axis)
    output = output / reduction_ops.reduce_sum(output, axis, keepdims=True)
    output = _clip_probabilities(output)
    return -reduction_ops.reduce_sum(y_true * mf.log(output), axis)


def categorical_focal_crossentropy(
    y_true, y_pred, alpha=0.25, gamma=2.0, from_logits=False, label_smoothing=0.0, axis=-1
):
    """sum(alpha * (1 - p) ** gamma * -y_true * log(p), axis), p the (normalized, clipped) probabilities.

    Raises:
      ValueError: y_true and y_pred have incompatible shapes.
    """
    y_true, y_pred = _prepare(y_true, y_pred)
    # Unlike categorical_crossentropy, Keras counts the classes along the last axis here, whatever `axis`.
    y_true = smooth_categorical_labels(y_true, label_smoothing)
    _check_compatible(y_true, y_pred)
    output, from_logits = resolve_logits(y_pred, from_logits, "Softmax", "categorical_focal_crossentropy")
    if from_logits:
        output = nn_ops.softmax(output, axis=axis)
    output = output / reduction_ops.reduce_sum(output, axis, keepdims=True)
    output = _clip_probabilities(output)
    crossentropy = -y_true * mf.log(output)
    weight = math_ops.pow(1.0 - output, gamma) * alpha
    return reduction_ops.reduce_sum(weight * crossentropy, axis)


def _move_axis_last(output, axis):
    rank = output.shape.rank
    if rank is None:
        if axis != -1:
            raise ValueError(
                f"Cannot compute sparse categorical crossentropy with `axis={axis}` on an output tensor "
                "with unknown rank."
            )
        return output, None
    axis %= rank
    if axis != rank - 1:
        output = array_ops.transpose(output, [*range(axis), *range(axis + 1, rank), axis])
    return output, rank


def _reshape_target(dims, output):
    """`dims` as a reshape target: static where known (reshape targets must be known when the op is
    built), -1 for a single unknown dimension; several unknown ones are read from the tensor's shape."""
    if sum(d is None for d in dims) <= 1:
        return [-1 if d is None else d for d in dims]
    full = array_ops.shape(output)
    return [full[index] for index in range(len(dims))]


def _check_flattenable_labels(target_shape, output_shape):
    """Labels of the predictions' rank must end in an axis of 1 (class indices, one per example)."""
    if target_shape.rank == output_shape.rank and target_shape[-1] not in (1, None):
        raise ValueError(
            "Shape mismatch: The shape of labels (received "
            f"{tuple(target_shape.as_list())}) should equal the shape of logits except for the last "
            f"dimension (received {tuple(output_shape.as_list())})."
        )


def sparse_categorical_crossentropy(y_true, y_pred, from_logits=False, axis=-1, ignore_class=None):
    """-log(p[y_true]) per example; `y_true` holds class indices (cast to int64), `y_pred` the class
    probabilities (normalized after clipping) or logits along `axis`.

    Labels of shape [..., 1] against predictions [..., C] are flattened. Labels equal to `ignore_class`
    give a loss of 0, and the result carries a mask of the kept entries (so that a Loss averages over
    them only).

    Raises:
      ValueError: the shapes do not match (labels must be the predictions' shape without `axis`).
      InvalidArgumentError: a label is outside [0, num_classes) (checked eagerly on the host).
    """
    output = convert_to_tensor(y_pred)
    target = cast(y_true, dtypes.int64)
    output, from_logits = resolve_logits(output, from_logits, "Softmax", "sparse_categorical_crossentropy")
    if not from_logits:
        output = mf.log(_clip_probabilities(output))
    output, output_rank = _move_axis_last(output, axis)
    target_rank = target.shape.rank
    result_shape = None
    if target_rank is not None and output_rank is not None and target_rank != output_rank - 1:
        _check_flattenable_labels(target.shape, output.shape)
        if output_rank >= 3 or ignore_class is not None:
            result_shape = _reshape_target(output.shape.as_list()[:-1], output)
        target = array_ops.reshape(target, [-1])
        output = array_ops.reshape(output, [-1, _reshape_target(output.shape.as_list()[-1:], output)[0]])
    if ignore_class is None:
        loss = nn_ops.sparse_softmax_cross_entropy_with_logits(labels=target, logits=output)
        return loss if result_shape is None else array_ops.reshape(loss, result_shape)
    valid = comparison_ops.not_equal(target, cast(ignore_class, target.dtype))
    safe_target = indexing_ops.where(valid, target, creation_ops.zeros_like(target))
    loss = nn_ops.sparse_softmax_cross_entropy_with_logits(labels=safe_target, logits=output)
    loss = indexing_ops.where(valid, loss, creation_ops.zeros_like(loss))
    if result_shape is not None:
        loss, valid = array_ops.reshape(loss, result_shape), array_ops.reshape(valid, result_shape)
    attachments.set_mask(loss, valid)
    return loss
