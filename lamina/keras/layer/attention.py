"""Dot-product and additive attention: `tf.keras.layers.Attention` (Luong-style) and
`tf.keras.layers.AdditiveAttention` (Bahdanau-style).

Both take `[query, value]` or `[query, value, key]` (key defaults to value), score every query step
against every key step, turn the scores into a distribution over the value steps with a softmax, and
return the distribution's average of the values. Masked value steps (the value mask, and with
`use_causal_mask` the steps after the query's own) get a score lowered by 1e9 before the softmax
(65504 in float16), which is how Keras masks; masked query steps give zero outputs.
"""

from __future__ import annotations

from lamina._core.shape import TensorShape
from lamina.keras.layer.base import Layer
from lamina.ops import (
    array_ops,
    cast_ops,
    comparison_ops,
    creation_ops,
    linalg_ops,
    math_functions,
    math_ops,
    nn_ops,
    reduction_ops,
)


class _DenseAttention(Layer):
    """What Attention and AdditiveAttention share: input and mask checks, masking, the softmax,
    dropout, and the weighted sum. Subclasses define `_scores(query, key)`."""

    def __init__(self, dropout=0.0, **kwargs):
        self._causal = bool(kwargs.pop("causal", False))
        super().__init__(**kwargs)
        self.dropout = float(dropout)
        self.supports_masking = True

    def call(self, inputs, mask=None, training=None, return_attention_scores=False, use_causal_mask=False):
        _check_inputs(self, inputs, mask)
        query, value = inputs[0], inputs[1]
        key = inputs[2] if len(inputs) > 2 else value
        query_mask = mask[0] if mask else None
        value_mask = mask[1] if mask else None
        scores = self._scores(query, key)
        keep = None
        if value_mask is not None:
            keep = array_ops.expand_dims(_as_bool(value_mask), axis=-2)
        if use_causal_mask or self._causal:
            causal = cast_ops.cast(linalg_ops.band_part(creation_ops.ones_like(scores), -1, 0), "bool")
            keep = causal if keep is None else comparison_ops.logical_and(keep, causal)
        if keep is not None:
            large = 65504.0 if scores.dtype.name == "float16" else 1.0e9
            dropped = cast_ops.cast(comparison_ops.logical_not(keep), scores.dtype)
            scores = math_ops.subtract(scores, math_ops.multiply(dropped, large))
        weights = nn_ops.softmax(scores, axis=-1)
        if training and self.dropout > 0:
            weights = nn_ops.dropout(weights, self.dropout)
        result = linalg_ops.matmul(weights, value)
        if query_mask is not None:
            keep_rows = cast_ops.cast(array_ops.expand_dims(_as_bool(query_mask), axis=-1), result.dtype)
            result = math_ops.multiply(result, keep_rows)
        if return_attention_scores:
            return result, weights
        return result

    def compute_mask(self, inputs, mask=None):
        _check_inputs(self, inputs, mask)
        if not mask:
            return None
        return None if mask[0] is None else _as_bool(mask[0])

    def compute_output_shape(self, input_shape):
        query, value = TensorShape(input_shape[0]), TensorShape(input_shape[1])
        return query[:-1].concatenate(value[-1:])

    def get_config(self) -> dict:
        config = {**super().get_config(), "dropout": self.dropout}
        if self._causal:
            config["causal"] = True
        return config


def _check_inputs(layer, inputs, mask):
    name = type(layer).__name__
    if not isinstance(inputs, (list, tuple)):
        raise ValueError(
            f"{name} layer must be called on a list of inputs, namely [query, value] or [query, value, "
            f"key]. Received: {inputs}."
        )
    if len(inputs) not in (2, 3):
        raise ValueError(
            f"{name} layer accepts inputs list of length 2 or 3, namely [query, value] or [query, value, "
            f"key]. Received length: {len(inputs)}."
        )
    if mask is not None:
        if not isinstance(mask, (list, tuple)):
            raise ValueError(
                f"{name} layer mask must be a list, namely [query_mask, value_mask]. Received: {mask}."
            )
        if len(mask) < 2 or len(mask) > len(inputs):
            raise ValueError(
                f"{name} layer mask must be a list of length 2, namely [query_mask, value_mask]. Received "
                f"length: {len(mask)}."
            )


def _as_bool(mask):
    return mask if mask.dtype.name == "bool" else cast_ops.cast(mask, "bool")


class Attention(_DenseAttention):
    """Dot-product attention: `scores = query @ key^T` (times a learned scalar `scale` when
    `use_scale`), or with `score_mode="concat"`
    `concat_score_weight * sum(tanh(scale * (query + key)), -1)` over every (query, key) pair.

    Args:
      use_scale: learn a scalar that scales the scores (weight "scale", initialized to 1).
      score_mode: "dot" or "concat".
      dropout: fraction of the attention distribution dropped in training.

    Call arguments: inputs (`[query, value]` or `[query, value, key]`), mask (`[query_mask,
    value_mask]`), training, return_attention_scores (also return the distribution),
    use_causal_mask (query step i sees value steps 0..i only).

    Raises:
      ValueError: another score_mode; inputs that are not a list of 2 or 3 tensors.
    """

    def __init__(self, use_scale=False, score_mode="dot", dropout=0.0, **kwargs):
        super().__init__(dropout=dropout, **kwargs)
        if score_mode not in ("dot", "concat"):
            raise ValueError(
                f"Invalid value for argument score_mode. Expected one of {{'dot', 'concat'}}. Received: "
                f"score_mode={score_mode}"
            )
        self.use_scale = bool(use_scale)
        self.score_mode = score_mode

    def build(self, input_shape):
        _check_inputs(self, input_shape, None)
        self.scale = None
        self.concat_score_weight = None
        if self.use_scale:
            self.scale = self.add_weight(name="scale", shape=(), initializer="ones", trainable=True)
        if self.score_mode == "concat":
            self.concat_score_weight = self.add_weight(
                name="concat_score_weight", shape=(), initializer="ones", trainable=True
            )

    def _scores(self, query, key):
        if self.score_mode == "dot":
            scores = linalg_ops.matmul(query, key, transpose_b=True)
            return scores if self.scale is None else math_ops.multiply(scores, self.scale)
        pairs = math_ops.add(array_ops.expand_dims(query, -2), array_ops.expand_dims(key, -3))
        if self.scale is not None:
            pairs = math_ops.multiply(self.scale, pairs)
        summed = reduction_ops.reduce_sum(math_functions.tanh(pairs), axis=-1)
        return math_ops.multiply(self.concat_score_weight, summed)

    def get_config(self) -> dict:
        return {**super().get_config(), "use_scale": self.use_scale, "score_mode": self.score_mode}


class AdditiveAttention(_DenseAttention):
    """Additive attention: `scores = sum(scale * tanh(query + key), -1)` over every (query, key)
    pair, with `scale` a learned vector of the feature size (without it when `use_scale` is False).

    Args:
      use_scale: learn the vector `scale` (weight "scale", glorot_uniform initialized).
      dropout: fraction of the attention distribution dropped in training.

    Call arguments: as for `tf.keras.layers.Attention`.

    Raises:
      ValueError: inputs that are not a list of 2 or 3 tensors.
    """

    def __init__(self, use_scale=True, dropout=0.0, **kwargs):
        super().__init__(dropout=dropout, **kwargs)
        self.use_scale = bool(use_scale)

    def build(self, input_shape):
        _check_inputs(self, input_shape, None)
        self.scale = None
        if self.use_scale:
            dim = TensorShape(input_shape[0])[-1]
            self.scale = self.add_weight(
                name="scale", shape=(dim,), initializer="glorot_uniform", trainable=True
            )

    def _scores(self, query, key):
        pairs = math_functions.tanh(
            math_ops.add(array_ops.expand_dims(query, -2), array_ops.expand_dims(key, -3))
        )
        if self.scale is not None:
            pairs = math_ops.multiply(self.scale, pairs)
        return reduction_ops.reduce_sum(pairs, axis=-1)

    def get_config(self) -> dict:
        return {**super().get_config(), "use_scale": self.use_scale}
