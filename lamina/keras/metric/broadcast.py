"""Broadcasting sample weights against metric values, the way TensorFlow's weighted metrics allow.

(Rank alignment of labels, predictions and weights is shared with the losses: see
lamina.keras.loss_utils.squeeze_or_expand_dimensions.)
"""

from __future__ import annotations

from lamina.ops import cast_ops, creation_ops, math_ops


def can_broadcast_weights(weights, values) -> bool:
    """Whether `weights` broadcasts to `values`: a scalar, or the same rank with every dimension 1 or
    equal to the value's (checked on static shapes; unknown dimensions pass)."""
    weights_shape, values_shape = weights.shape, values.shape
    if weights_shape.rank == 0 or weights_shape.rank is None or values_shape.rank is None:
        return True
    if weights_shape.rank != values_shape.rank:
        return False
    return all(w in (1, None) or v is None or w == v for w, v in zip(weights_shape, values_shape))


def broadcast_weights(weights, values):
    """`weights` (cast to `values`' dtype) broadcast to the shape of `values`.

    Raises:
      ValueError: if the weights cannot be broadcast to the values (see can_broadcast_weights).
    """
    weights = cast_ops.cast(weights, values.dtype)
    if not can_broadcast_weights(weights, values):
        raise ValueError(
            "weights can not be broadcast to values. "
            f"values.rank={values.shape.rank}. weights.rank={weights.shape.rank}. "
            f"values.shape={values.shape}. weights.shape={weights.shape}."
        )
    if weights.shape.is_fully_defined() and weights.shape == values.shape:
        return weights
    return math_ops.multiply(weights, creation_ops.ones_like(values))
