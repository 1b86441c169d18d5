"""`tf.keras.layers.MultiHeadAttention` (Vaswani et al., 2017).

query, key and value are projected per head (sublayers "query", "key", "value": einsum kernels
`[features, num_heads, key_dim]`), scaled dot products between query and key steps go through a
softmax over the attention axes, the distribution averages the value steps, and the heads are
projected back ("attention_output": `[num_heads, value_dim, *output_shape]`). The weights are named
`mha/query/kernel:0`, ... as in Keras.

`attention_axes` picks which axes attend (default: every axis between batch and features); the
other axes are batch-like. The einsum equations are built from those axes once, when the layer is
built from the shapes of its first call's query, value and key.

Masks: `attention_mask` (`[batch, query steps, key steps]`, True = attend), the Keras masks of
query/value/key, and `use_causal_mask` are combined with "and"; masked scores get -1e9 added before
the softmax (-65504 in float16), as Keras's Softmax layer does.
"""

from __future__ import annotations

import math
import string

from lamina._core.convert import convert_to_tensor
from lamina._core.shape import TensorShape
from lamina.keras import constraint as constraints
from lamina.keras import initializer as initializers
from lamina.keras import regularizer as regularizers
from lamina.keras.layer import keras_graph
from lamina.keras.layer.base import Layer
from lamina.keras.layer.rnn_cell import child_scope
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

_LETTERS = string.ascii_lowercase


class _EinsumProjection(Layer):
    """`einsum(equation, inputs, kernel) + bias`: MultiHeadAttention's projections (Keras uses its
    EinsumDense layer here)."""

    def __init__(self, equation, kernel_shape, bias_shape, settings: dict, **kwargs):
        super().__init__(**kwargs)
        self.equation, self.kernel_shape, self.bias_shape = equation, tuple(kernel_shape), bias_shape
        self._settings = settings

    def build(self, input_shape):
        s = self._settings
        kernel_shape = self.kernel_shape
        if kernel_shape[0] is None:  # the input projections contract the inputs' features
            kernel_shape = (TensorShape(input_shape)[-1], *kernel_shape[1:])
        self.kernel = self.add_weight(
            name="kernel", shape=kernel_shape, initializer=s["kernel_initializer"],
            regularizer=s["kernel_regularizer"], constraint=s["kernel_constraint"],
        )  # fmt: skip
        self.bias = None
        if self.bias_shape is not None:
            self.bias = self.add_weight(
                name="bias", shape=tuple(self.bias_shape), initializer=s["bias_initializer"],
                regularizer=s["bias_regularizer"], constraint=s["bias_constraint"],
            )  # fmt: skip

    def call(self, inputs):
        outputs = linalg_ops.einsum(self.equation, inputs, self.kernel)
        return outputs if self.bias is None else math_ops.add(outputs, self.bias)


def _projection_equation(free: int, outputs: int):
    """(equation, letters) for `[*free, features] x [features, *outputs] -> [*free, *outputs]`."""
    free_letters = _LETTERS[:free]
    bound = _LETTERS[free]
    output_letters = _LETTERS[free + 1 : free + 1 + outputs]
    return f"{free_letters}{bound},{bound}{output_letters}->{free_letters}{output_letters}"


def _attention_equations(rank: int, attention_axes: tuple):
    """(scores equation, combine equation, scores rank) for projected tensors of `rank`
    (`[batch, ..., heads, dim]`) attending over `attention_axes`."""
    query = _LETTERS[:rank]
    batch_axes = [i for i in range(rank - 1) if i not in attention_axes]
    key = list(query)
    for offset, axis in enumerate(attention_axes):
        key[axis] = _LETTERS[rank + offset]
    key = "".join(key)
    scores = "".join(query[i] for i in batch_axes) + "".join(query[i] for i in attention_axes)
    scores += "".join(key[i] for i in attention_axes)
    return f"{key},{query}->{scores}", f"{scores},{key}->{query}", len(scores)


class MultiHeadAttention(Layer):
    """Multi-head attention (see the module docstring).

    Args:
      num_heads: the number of heads. key_dim: the size of each head for query and key.
      value_dim: the size of each head for value (default key_dim).
      dropout: fraction of the attention distribution dropped in training.
      use_bias: whether the projections have biases.
      output_shape: the output's last dimensions (an int or a tuple; default: query's features).
      attention_axes: the axes attention runs over (default: all but batch, heads and features).
      kernel_initializer, bias_initializer, kernel_regularizer, bias_regularizer,
      activity_regularizer, kernel_constraint, bias_constraint: for the projections.

    Call arguments: query `[B, T, dim]`, value `[B, S, dim]`, key (default value), attention_mask
    (`[B, T, S]`), return_attention_scores (also return `[B, heads, T, S]`), training,
    use_causal_mask.

    Raises:
      ValueError: a mask whose rank cannot be broadcast to the scores.
    """

    def __init__(
        self,
        num_heads,
        key_dim,
        value_dim=None,
        dropout=0.0,
        use_bias=True,
        output_shape=None,
        attention_axes=None,
        kernel_initializer="glorot_uniform",
        bias_initializer="zeros",
        kernel_regularizer=None,
        bias_regularizer=None,
        activity_regularizer=None,
        kernel_constraint=None,
        bias_constraint=None,
        **kwargs,
    ):
        shapes = {key: kwargs.pop(key, None) for key in ("query_shape", "key_shape", "value_shape")}
        super().__init__(activity_regularizer=activity_regularizer, **kwargs)
        self.supports_masking = True
        self._num_heads = int(num_heads)
        self._key_dim = int(key_dim)
        self._value_dim = int(value_dim) if value_dim else self._key_dim
        self._dropout = float(dropout)
        self._use_bias = bool(use_bias)
        self._output_shape = output_shape
        if attention_axes is not None and not isinstance(attention_axes, (list, tuple)):
            attention_axes = (attention_axes,)
        self._attention_axes = None if attention_axes is None else tuple(int(a) for a in attention_axes)
        self._attention_axes_config = self._attention_axes
        self._kernel_initializer = initializers.get(kernel_initializer)
        self._bias_initializer = initializers.get(bias_initializer)
        self._kernel_regularizer = regularizers.get(kernel_regularizer)
        self._bias_regularizer = regularizers.get(bias_regularizer)
        self._kernel_constraint = constraints.get(kernel_constraint)
        self._bias_constraint = constraints.get(bias_constraint)
        self._query_dense = self._key_dense = self._value_dense = self._output_dense = None
        self._query_shape = self._key_shape = self._value_shape = None
        self._signature_shapes = None
        self._input_masks = (None, None, None)
        if None not in shapes.values():
            with child_scope(self.name):
                self._build_from_signature(shapes["query_shape"], shapes["value_shape"], shapes["key_shape"])
            self.built = True

    # ---- building ---------------------------------------------------------------------------------
    def __call__(self, *args, **kwargs):
        query, value, key = _call_tensors(args, kwargs)
        if value is None:
            raise TypeError("MultiHeadAttention.call() missing 1 required positional argument: 'value'")
        if not self.built and query is not None and value is not None:
            self._signature_shapes = (query.shape, value.shape, None if key is None else key.shape)
        self._input_masks = tuple(None if t is None else keras_graph.get_mask(t) for t in (query, value, key))
        try:
            return super().__call__(*args, **kwargs)
        finally:
            self._input_masks = (None, None, None)

    def build(self, input_shape):
        if self._query_dense is not None:
            return
        if self._signature_shapes is None:
            raise ValueError(
                "MultiHeadAttention is built on its first call, from the shapes of query, value and key. "
                f"Received only input_shape={input_shape}"
            )
        self._build_from_signature(*self._signature_shapes)

    def _build_from_signature(self, query_shape, value_shape, key_shape=None):
        query_shape, value_shape = TensorShape(query_shape), TensorShape(value_shape)
        key_shape = value_shape if key_shape is None else TensorShape(key_shape)
        self._query_shape, self._value_shape, self._key_shape = query_shape, value_shape, key_shape
        heads = self._num_heads
        self._query_dense = self._projection("query", query_shape.rank, [heads, self._key_dim])
        self._key_dense = self._projection("key", key_shape.rank, [heads, self._key_dim])
        self._value_dense = self._projection("value", value_shape.rank, [heads, self._value_dim])
        rank = query_shape.rank + 1  # the projected tensors: [batch, ..., heads, dim]
        if self._attention_axes is None:
            self._attention_axes = tuple(range(1, rank - 2))
        self._scores_equation, self._combine_equation, scores_rank = _attention_equations(
            rank, self._attention_axes
        )
        self._softmax_axes = tuple(range(scores_rank - len(self._attention_axes), scores_rank))
        self._output_dense = self._output_projection(query_shape.rank - 1, self._output_dims(query_shape))
        for layer, shape in (
            (self._query_dense, query_shape),
            (self._key_dense, key_shape),
            (self._value_dense, value_shape),
        ):
            with child_scope(layer.name):
                layer.build(shape)
        with child_scope(self._output_dense.name):
            self._output_dense.build(None)

    def _settings(self) -> dict:
        # Each projection gets its own copy of the initializers: one unseeded initializer object
        # gives the same values every time it is called (Keras's rule).
        return {
            "kernel_initializer": _clone(self._kernel_initializer),
            "bias_initializer": _clone(self._bias_initializer),
            "kernel_regularizer": self._kernel_regularizer,
            "bias_regularizer": self._bias_regularizer,
            "kernel_constraint": self._kernel_constraint,
            "bias_constraint": self._bias_constraint,
        }

    def _projection(self, name, input_rank, output_dims):
        equation = _projection_equation(input_rank - 1, len(output_dims))
        return _EinsumProjection(
            equation,
            [None, *output_dims],
            output_dims if self._use_bias else None,
            self._settings(),
            name=name,
            dtype=self.dtype_policy,
        )

    def _output_dims(self, query_shape) -> list:
        if self._output_shape is None:
            return [query_shape[-1]]
        if isinstance(self._output_shape, int):
            return [self._output_shape]
        return list(self._output_shape)

    def _output_projection(self, free: int, output_dims: list):
        """[*free, heads, value_dim] x [heads, value_dim, *output] -> [*free, *output]."""
        free_letters = _LETTERS[:free]
        bound = _LETTERS[free : free + 2]
        output_letters = _LETTERS[free + 2 : free + 2 + len(output_dims)]
        equation = f"{free_letters}{bound},{bound}{output_letters}->{free_letters}{output_letters}"
        kernel_shape = [self._num_heads, self._value_dim, *output_dims]
        bias_shape = output_dims if self._use_bias else None
        return _EinsumProjection(
            equation,
            kernel_shape,
            bias_shape,
            self._settings(),
            name="attention_output",
            dtype=self.dtype_policy,
        )

    # ---- calling ----------------------------------------------------------------------------------
    def call(
        self,
        query,
        value,
        key=None,
        attention_mask=None,
        return_attention_scores=False,
        training=None,
        use_causal_mask=False,
    ):
        value = self._as_input(value)
        key = value if key is None else self._as_input(key)
        attention_mask = self._attention_mask(query, value, key, attention_mask, use_causal_mask)
        query_heads = self._query_dense(query)
        key_heads = self._key_dense(key)
        value_heads = self._value_dense(value)
        query_heads = math_ops.multiply(query_heads, 1.0 / math.sqrt(float(self._key_dim)))
        scores = linalg_ops.einsum(self._scores_equation, key_heads, query_heads)
        probabilities = self._masked_softmax(scores, attention_mask)
        dropped = probabilities
        if training and self._dropout > 0:
            dropped = nn_ops.dropout(probabilities, self._dropout)
        attended = linalg_ops.einsum(self._combine_equation, dropped, value_heads)
        output = self._output_dense(attended)
        if return_attention_scores:
            return output, probabilities
        return output

    def _as_input(self, value):
        value = convert_to_tensor(value)
        compute = self.compute_dtype
        if compute and value.dtype.is_floating and value.dtype.name != compute:
            value = cast_ops.cast(value, compute)
        return value

    def _attention_mask(self, query, value, key, attention_mask, use_causal_mask):
        query_mask, value_mask, key_mask = self._input_masks
        automatic = None
        if query_mask is not None:
            automatic = array_ops.expand_dims(_as_bool(query_mask), -1)
        for mask in (value_mask, key_mask):
            if mask is not None:
                expanded = array_ops.expand_dims(_as_bool(mask), -2)
                automatic = expanded if automatic is None else comparison_ops.logical_and(automatic, expanded)
        if use_causal_mask:
            causal = _causal_mask(query, value)
            automatic = causal if automatic is None else comparison_ops.logical_and(automatic, causal)
        if automatic is None:
            return attention_mask
        if attention_mask is None:
            return automatic
        return comparison_ops.logical_and(_as_bool(convert_to_tensor(attention_mask)), automatic)

    def _masked_softmax(self, scores, mask):
        if mask is not None:
            mask = convert_to_tensor(mask)
            axis = -len(self._attention_axes) * 2 - 1
            if mask.shape.rank > scores.shape.rank:
                raise ValueError(
                    f"The attention mask has rank {mask.shape.rank}, more than the attention scores' rank "
                    f"{scores.shape.rank}. Received: attention_mask.shape={mask.shape}"
                )
            for _ in range(scores.shape.rank - mask.shape.rank):
                mask = array_ops.expand_dims(mask, axis)
            large = 65504.0 if scores.dtype.name == "float16" else 1.0e9
            dropped = math_ops.subtract(1.0, cast_ops.cast(mask, scores.dtype))
            scores = math_ops.add(scores, math_ops.multiply(dropped, -large))
        if len(self._softmax_axes) == 1:
            return nn_ops.softmax(scores, axis=self._softmax_axes[0])
        normalizer = reduction_ops.reduce_logsumexp(scores, axis=list(self._softmax_axes), keepdims=True)
        return math_functions.exp(math_ops.subtract(scores, normalizer))

    def compute_mask(self, inputs, mask=None):
        return self._input_masks[0]

    def compute_output_shape(self, query_shape, value_shape=None, key_shape=None):
        query_shape = TensorShape(query_shape)
        return query_shape[:-1].concatenate(self._output_dims(query_shape))

    # ---- config -----------------------------------------------------------------------------------
    def get_config(self) -> dict:
        return {
            **super().get_config(),
            "num_heads": self._num_heads,
            "key_dim": self._key_dim,
            "value_dim": self._value_dim,
            "dropout": self._dropout,
            "use_bias": self._use_bias,
            "output_shape": self._output_shape,
            "attention_axes": self._attention_axes_config,
            "kernel_initializer": initializers.serialize(self._kernel_initializer),
            "bias_initializer": initializers.serialize(self._bias_initializer),
            "kernel_regularizer": regularizers.serialize(self._kernel_regularizer),
            "bias_regularizer": regularizers.serialize(self._bias_regularizer),
            "activity_regularizer": regularizers.serialize(self.activity_regularizer),
            "kernel_constraint": constraints.serialize(self._kernel_constraint),
            "bias_constraint": constraints.serialize(self._bias_constraint),
            "query_shape": _shape_config(self._query_shape),
            "key_shape": _shape_config(self._key_shape),
            "value_shape": _shape_config(self._value_shape),
        }


def _clone(initializer):
    if hasattr(initializer, "get_config") and hasattr(type(initializer), "from_config"):
        return type(initializer).from_config(initializer.get_config())
    return initializer


def _shape_config(shape):
    return None if shape is None else tuple(TensorShape(shape).as_list())


def _call_tensors(args, kwargs):
    names = ("query", "value", "key")
    found = list(args[:3]) + [None] * (3 - len(args[:3]))
    for index, name in enumerate(names):
        if found[index] is None and kwargs.get(name) is not None:
            found[index] = kwargs[name]
    return [None if v is None else (v if hasattr(v, "shape") else convert_to_tensor(v)) for v in found]


def _as_bool(mask):
    return mask if mask.dtype.name == "bool" else cast_ops.cast(mask, "bool")


def _causal_mask(query, value):
    """[1, T, S] booleans, True where query step i may see value step j (j <= i); T and S are the
    sizes of axis 1 of query and value (Keras's rule)."""
    rows, columns = _axis_one(query), _axis_one(value)
    steps = creation_ops.ones_like(
        math_ops.add(array_ops.expand_dims(rows, -1), array_ops.expand_dims(columns, -2))
    )
    return cast_ops.cast(linalg_ops.band_part(steps, -1, 0), "bool")


def _axis_one(tensor):
    """Zeros of shape [1, tensor.shape[1]]."""
    first = creation_ops.zeros_like(tensor[:1])
    if first.shape.rank > 2:
        first = reduction_ops.reduce_sum(first, axis=list(range(2, first.shape.rank)))
    return first
