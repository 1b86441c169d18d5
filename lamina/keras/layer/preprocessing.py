"""What the preprocessing layers share: `PreprocessingLayer` (state computed from data by `adapt`)
and the categorical encodings (`one_hot`, `multi_hot`, `count`, `tf_idf`) of integer indices.

`adapt(data)` runs `reset_state`, then `update_state` on each batch of `data` (NumPy arrays,
Python lists or tensors, split along the first axis into `batch_size` rows, at most `steps`
batches), then `finalize_state`. A layer's state lives on the host (vocabularies) or in Variables
(Normalization's mean and variance) and is used by `call`, which runs in graphs like any layer.
"""

from __future__ import annotations

import numpy as np

from lamina._core.tensor import Tensor
from lamina.keras.layer.base import Layer
from lamina.ops import array_ops, cast_ops, math_ops, reduction_ops

_DEFAULT_BATCH_SIZE = 32


class PreprocessingLayer(Layer):
    """Base class of preprocessing layers whose state `adapt` computes from data.

    Subclasses implement `update_state(batch)` (accumulate one batch, a NumPy array) and
    `finalize_state()` (turn the accumulators into the layer's state), and `reset_state()`.
    """

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._is_adapted = False

    @property
    def is_adapted(self) -> bool:
        """Whether `adapt` has run on this layer."""
        return self._is_adapted

    def update_state(self, data):
        raise NotImplementedError(f"{type(self).__name__} does not support `adapt`.")

    def finalize_state(self):
        """Computes the layer's state from what `update_state` accumulated (default: nothing)."""

    def reset_state(self):
        """Clears what `update_state` accumulated (default: nothing)."""

    def compile(self, run_eagerly=None, steps_per_execution=None):
        """Accepted for compatibility: `adapt` always runs its batches eagerly here."""

    def adapt(self, data, batch_size=None, steps=None):
        """Computes the layer's state from `data`.

        Args:
          data: a NumPy array, a tensor, or a (nested) Python list, batched along its first axis.
          batch_size: rows per batch (default 32).
          steps: the number of batches to use (default: all of them).

        Raises:
          TypeError: data of another type (a tf.data Dataset is not supported yet).
          ValueError: a non-positive batch_size or steps.
        """
        array = adapt_array(data)
        batch_size = _DEFAULT_BATCH_SIZE if batch_size is None else int(batch_size)
        if batch_size <= 0:
            raise ValueError(f"`batch_size` must be a positive integer, received: batch_size={batch_size}")
        if steps is not None and int(steps) <= 0:
            raise ValueError(f"`steps` must be a positive integer, received: steps={steps}")
        self.reset_state()
        batches = (
            [array]
            if array.ndim == 0
            else [array[i : i + batch_size] for i in range(0, len(array), batch_size)]
        )
        for batch in batches[: None if steps is None else int(steps)]:
            self.update_state(batch)
        self.finalize_state()
        self._is_adapted = True


def adapt_array(data) -> np.ndarray:
    """`adapt`'s data as a NumPy array (strings as an object array of bytes)."""
    if isinstance(data, Tensor):
        return np.asarray(data.numpy())
    if isinstance(data, np.ndarray):
        return _bytes_array(data) if data.dtype.kind in "OSU" else data
    if isinstance(data, (list, tuple)):
        array = np.asarray(data)
        return _bytes_array(array) if array.dtype.kind in "OSU" else array
    raise TypeError(
        f"`adapt` takes a NumPy array, a tensor or a Python list; received: {type(data).__name__}. "
        "(tf.data Datasets are not supported by lamina yet.)"
    )


def _bytes_array(array: np.ndarray) -> np.ndarray:
    out = np.empty(array.shape, dtype=object)
    out.reshape(-1)[:] = [v if isinstance(v, bytes) else str(v).encode("utf-8") for v in array.reshape(-1)]
    return out


# ---- categorical encodings -----------------------------------------------------------------------
INT, ONE_HOT, MULTI_HOT, COUNT, TF_IDF = "int", "one_hot", "multi_hot", "count", "tf_idf"


def check_output_mode(output_mode, allowed, layer_name: str):
    if output_mode not in allowed:
        raise ValueError(
            f"Unkown value for `output_mode` argument of layer {layer_name}. Allowed values are: or one of "
            f"the following values: {tuple(allowed)}. Received: {output_mode}"
        )


def encoded_shape(input_shape, output_mode, depth):
    """The output shape of `encode` for inputs of `input_shape` (a list; None entries unknown)."""
    shape = list(input_shape)
    if output_mode == INT:
        return shape
    if not shape:
        return [depth]
    if output_mode == ONE_HOT and shape[-1] != 1:
        return [*shape, depth]
    return [*shape[:-1], depth]


def encode(inputs, output_mode, depth, dtype="float32", count_weights=None, idf_weights=None):
    """Encodes integer indices `inputs` in `[0, depth)` (others are ignored) per `output_mode`.

    "one_hot" adds a `depth` axis to each index (a trailing axis of size 1 is replaced); the others
    reduce the last axis of a rank-1 or rank-2 input to `depth` counts: present or not ("multi_hot"),
    how many ("count", weighted by `count_weights`), or counts times `idf_weights` ("tf_idf").

    Raises:
      ValueError: an input whose encoding would have rank above 2.
    """
    if output_mode == INT:
        return inputs
    if inputs.shape.rank == 0:
        inputs = array_ops.expand_dims(inputs, 0)
    elif output_mode == ONE_HOT and inputs.shape[-1] != 1:
        inputs = array_ops.expand_dims(inputs, -1)
    if inputs.shape.rank > 2:
        raise ValueError(
            f"When output_mode is not `'int'`, maximum supported output rank is 2. Received output_mode "
            f"{output_mode} and input shape {tuple(inputs.shape.as_list())}, which would result in "
            "output rank "
            f"{inputs.shape.rank}."
        )
    hot = array_ops.one_hot(cast_ops.cast(inputs, "int64"), depth, dtype=dtype)  # [..., n, depth]
    if output_mode in (ONE_HOT, MULTI_HOT):
        return reduction_ops.reduce_max(hot, axis=-2)
    if count_weights is not None:
        weights = cast_ops.cast(count_weights, dtype)
        hot = math_ops.multiply(hot, array_ops.expand_dims(weights, -1))
    counts = reduction_ops.reduce_sum(hot, axis=-2)
    if output_mode == TF_IDF:
        counts = math_ops.multiply(counts, cast_ops.cast(idf_weights, dtype))
    return counts
