"""The small core layers: Activation, Identity, Masking, and the reshaping of a sample's axes
(Flatten, Reshape, Permute, RepeatVector). None of them has weights; every one leaves the batch axis
(axis 0) alone."""

from __future__ import annotations

import numpy as np

from lamina._core import nest
from lamina._core.shape import TensorShape
from lamina.keras import activation as activations
from lamina.keras import backend
from lamina.keras.layer.base import Layer, to_shapes
from lamina.keras.layer.input_spec import InputSpec
from lamina.ops import array_ops, cast_ops, comparison_ops, reduction_ops


class Activation(Layer):
    """Applies an activation function to its input.

    Args:
      activation: an activation function or its name ("relu", "tanh", ...); None is linear.

    Raises:
      ValueError: an unknown activation name.
    """

    def __init__(self, activation, **kwargs):
        super().__init__(**kwargs)
        self.supports_masking = True
        self.activation = activations.get(activation)

    def call(self, inputs):
        output = self.activation(inputs)
        # A new tensor even for "linear": a Keras tensor must not be its own layer's output.
        return array_ops.identity(output) if output is inputs else output

    def compute_output_shape(self, input_shape):
        return TensorShape(input_shape)

    def get_config(self) -> dict:
        return {**super().get_config(), "activation": activations.serialize(self.activation)}


class Identity(Layer):
    """Returns its input (a tensor or a structure of them) unchanged: a placeholder where a layer is
    expected. Like Keras 2.15's, it does not pass masks on."""

    def call(self, inputs):
        return nest.map_structure(array_ops.identity, inputs)

    def compute_output_shape(self, input_shape):
        return to_shapes(input_shape)

    def get_config(self) -> dict:
        return super().get_config()


class Masking(Layer):
    """Marks the timesteps whose features all equal `mask_value` as masked and zeroes them.

    For inputs of shape `(batch, timesteps, features)` the mask is `(batch, timesteps)`: a timestep is
    kept when any of its features differs from `mask_value`. Layers downstream that support masking
    (RNNs, merges) skip the masked timesteps.

    Args:
      mask_value: the value that marks padding.
    """

    def __init__(self, mask_value=0.0, **kwargs):
        super().__init__(**kwargs)
        self.supports_masking = True
        self.mask_value = mask_value

    def _keep(self, inputs):
        return reduction_ops.reduce_any(
            comparison_ops.not_equal(inputs, self.mask_value), axis=-1, keepdims=True
        )

    def call(self, inputs):
        return inputs * cast_ops.cast(self._keep(inputs), inputs.dtype)

    def compute_mask(self, inputs, mask=None):
        return array_ops.squeeze(self._keep(inputs), axis=-1)

    def compute_output_shape(self, input_shape):
        return TensorShape(input_shape)

    def get_config(self) -> dict:
        return {**super().get_config(), "mask_value": self.mask_value}


def normalize_data_format(value):
    """ "channels_last" or "channels_first"; None means `tf.keras.backend.image_data_format()`."""
    if value is None:
        return backend.image_data_format()
    data_format = str(value).lower()
    if data_format not in ("channels_last", "channels_first"):
        raise ValueError(
            f'The `data_format` argument must be one of "channels_first", "channels_last". Received: {value}'
        )
    return data_format


class Flatten(Layer):
    """Flattens each sample to one axis: `(batch, d1, d2, ...)` becomes `(batch, d1 * d2 * ...)`;
    a rank-1 input `(batch,)` becomes `(batch, 1)`.

    Args:
      data_format: "channels_last" (default: the backend's image data format) or "channels_first";
        channels_first inputs are moved to channels_last before flattening, so the order of values
        matches a channels_last model.
    """

    def __init__(self, data_format=None, **kwargs):
        super().__init__(**kwargs)
        self.data_format = normalize_data_format(data_format)
        self.input_spec = InputSpec(min_ndim=1)

    def call(self, inputs):
        rank = inputs.shape.rank
        if self.data_format == "channels_first" and rank > 2:
            inputs = array_ops.transpose(inputs, [0, *range(2, rank), 1])
        if rank == 1:
            return array_ops.expand_dims(inputs, 1)
        size = _product(inputs.shape.as_list()[1:])
        if size is not None:
            return array_ops.reshape(inputs, [-1, size])
        batch = inputs.shape[0]
        if batch is None:
            raise ValueError(
                "Flatten needs either the batch size or the sample shape to be known. Received: "
                f"input_shape={inputs.shape}"
            )
        return array_ops.reshape(inputs, [batch, -1])

    def compute_output_shape(self, input_shape):
        dims = TensorShape(input_shape).as_list()
        if len(dims) == 1:
            return TensorShape([dims[0], 1])
        return TensorShape([dims[0], _product(dims[1:])])

    def get_config(self) -> dict:
        return {**super().get_config(), "data_format": self.data_format}


def _product(dims):
    """The product of `dims`, or None when one is unknown."""
    if any(d is None for d in dims):
        return None
    return int(np.prod(dims, dtype=np.int64))


class Reshape(Layer):
    """Reshapes each sample to `target_shape` (the batch axis stays).

    Args:
      target_shape: a tuple of ints, without the batch axis; one entry may be -1 (inferred).

    Raises:
      TypeError: a target_shape that is not a sequence.
      ValueError: (when called) a sample whose size does not fit the target shape.
    """

    def __init__(self, target_shape, **kwargs):
        super().__init__(**kwargs)
        if not isinstance(target_shape, (list, tuple, TensorShape)):
            raise TypeError(f"'{type(target_shape).__name__}' object is not iterable")
        self.target_shape = tuple(target_shape)

    def _resolved(self, sample_shape):
        """target_shape with its -1 filled in from the sample shape (kept -1 when that is unknown)."""
        unknown = [i for i, d in enumerate(self.target_shape) if d == -1]
        if len(unknown) > 1:
            raise ValueError(
                f"There must be at most one unknown dimension in output_shape. Received: "
                f"output_shape={self.target_shape}"
            )
        size = _product(sample_shape)
        known = _product([d for d in self.target_shape if d != -1])
        if size is None:
            return self.target_shape
        if (unknown and (known == 0 or size % known)) or (not unknown and size != known):
            raise ValueError(
                f"total size of new array must be unchanged, input_shape = {list(sample_shape)}, "
                f"output_shape = {list(self.target_shape)}"
            )
        return tuple(size // known if d == -1 else d for d in self.target_shape)

    def call(self, inputs):
        batch = inputs.shape[0]
        if batch is not None:
            # The op reports a sample that does not fit (InvalidArgumentError, as in TensorFlow).
            return array_ops.reshape(inputs, [batch, *self.target_shape])
        # An unknown batch size takes the op's one -1, so the target's own -1 is resolved here.
        sample = inputs.shape.as_list()[1:]
        target = self.target_shape
        if -1 in target and _product(sample) is not None:
            target = self._resolved(sample)
        return array_ops.reshape(inputs, [-1, *target])

    def compute_output_shape(self, input_shape):
        dims = TensorShape(input_shape).as_list()
        target = [None if d == -1 else d for d in self._resolved(dims[1:])]
        return TensorShape([dims[0], *target])

    def get_config(self) -> dict:
        return {**super().get_config(), "target_shape": self.target_shape}


class Permute(Layer):
    """Permutes the axes of each sample: `Permute((2, 1))` swaps the two axes of a rank-3 input.

    Args:
      dims: a permutation of 1..n (axis 0, the batch, never moves).

    Raises:
      ValueError: dims that are not a permutation of 1..n.
    """

    def __init__(self, dims, **kwargs):
        super().__init__(**kwargs)
        self.dims = tuple(dims)
        if sorted(self.dims) != list(range(1, len(self.dims) + 1)):
            raise ValueError(
                "Invalid permutation argument `dims` for Permute Layer. The set of indices in `dims` must "
                f"be consecutive and start from 1. Received dims={self.dims}"
            )
        self.input_spec = InputSpec(ndim=len(self.dims) + 1)

    def call(self, inputs):
        return array_ops.transpose(inputs, [0, *self.dims])

    def compute_output_shape(self, input_shape):
        dims = TensorShape(input_shape).as_list()
        return TensorShape([dims[0], *(dims[d] for d in self.dims)])

    def get_config(self) -> dict:
        return {**super().get_config(), "dims": self.dims}


class RepeatVector(Layer):
    """Repeats each sample `n` times: `(batch, features)` becomes `(batch, n, features)`.

    Args:
      n: the number of repetitions (an int).

    Raises:
      TypeError: an `n` that is not an int.
    """

    def __init__(self, n, **kwargs):
        super().__init__(**kwargs)
        if isinstance(n, bool) or not isinstance(n, (int, np.integer)):
            raise TypeError(f"Expected an integer value for `n`, got {type(n)}.")
        self.n = int(n)
        self.input_spec = InputSpec(ndim=2)

    def call(self, inputs):
        return array_ops.tile(array_ops.expand_dims(inputs, 1), [1, self.n, 1])

    def compute_output_shape(self, input_shape):
        dims = TensorShape(input_shape).as_list()
        return TensorShape([dims[0], self.n, dims[1]])

    def get_config(self) -> dict:
        return {**super().get_config(), "n": self.n}
