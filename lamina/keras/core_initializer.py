"""TensorFlow's own v2 initializers (`tf.zeros_initializer`, `tf.ones_initializer`,
`tf.constant_initializer`, `tf.random_normal_initializer`, `tf.random_uniform_initializer`).

They differ from Keras's in a few ways TensorFlow keeps: the default dtype of a call is float32 (the
constant initializer's is the value's own), seeded ones draw the same values on every call but unseeded
ones draw new values each call (stateful ops, reproducible under `tf.random.set_seed`), and the call
accepts only the partition keywords. The sampling itself is Keras's (lamina/keras/initializer.py).
"""

from __future__ import annotations

import numpy as np

from lamina._core import dtypes
from lamina._core.tensor import Tensor
from lamina.keras.initializer import OpSeedDraws, SeededDraws, static_shape
from lamina.ops import creation_ops

_CALL_KEYWORDS = ("partition_shape", "partition_offset")


def _output_shape(shape, kwargs) -> tuple:
    """The shape to build: the partition's when one is asked for.

    Raises:
      TypeError: an unknown keyword argument.
    """
    for key in kwargs:
        if key not in _CALL_KEYWORDS:
            raise TypeError(f"Keyword argument should be one of {list(_CALL_KEYWORDS)}. Received: {key}")
    if kwargs.get("partition_shape") is not None:
        return static_shape(kwargs["partition_shape"])
    return static_shape(shape)


def _numeric_or_bool(dtype):
    dtype = dtypes.as_dtype(dtype)
    if not (dtype.is_numeric or dtype.is_bool):
        raise ValueError(f"Argument `dtype` expected to be numeric or boolean. Received {dtype}.")
    return dtype


def _draws(seed):
    """Seeded: the same values on every call. Unseeded: new values on every call."""
    return OpSeedDraws(None) if seed is None else SeededDraws([seed, 0])


class Initializer:
    """Base class of TensorFlow's v2 initializers: `__call__(shape, dtype, **kwargs)` returns a tensor."""

    def __call__(self, shape, dtype=None, **kwargs):
        """The initial value for a variable of `shape` and `dtype`.

        Raises:
          NotImplementedError: the subclass did not define `__call__` (this class is abstract).
        """
        raise NotImplementedError("Initializer subclasses must implement the `__call__()` method.")

    def get_config(self) -> dict:
        """The constructor arguments, as a dict."""
        return {}

    @classmethod
    def from_config(cls, config: dict):
        """An initializer built from `get_config()`'s dict (a "dtype" key is ignored)."""
        config = dict(config)
        config.pop("dtype", None)
        return cls(**config)


class Zeros(Initializer):
    """`tf.zeros_initializer()`: fills with zeros."""

    def __call__(self, shape, dtype=dtypes.float32, **kwargs):
        """A tensor of zeros.

        Raises:
          ValueError: `dtype` is neither numeric nor bool.
        """
        return creation_ops.zeros(_output_shape(shape, kwargs), _numeric_or_bool(dtype))


class Ones(Initializer):
    """`tf.ones_initializer()`: fills with ones."""

    def __call__(self, shape, dtype=dtypes.float32, **kwargs):
        """A tensor of ones.

        Raises:
          ValueError: `dtype` is neither numeric nor bool.
        """
        return creation_ops.ones(_output_shape(shape, kwargs), _numeric_or_bool(dtype))


class Constant(Initializer):
    """`tf.constant_initializer(value)`: fills with `value` (a scalar is broadcast).

    Raises:
      TypeError: `value` is not a Python scalar, list, tuple, NumPy array or tensor.
    """

    def __init__(self, value=0, support_partition=False):
        if not (np.isscalar(value) or isinstance(value, (list, tuple, np.ndarray, Tensor))):
            raise TypeError(
                f"Invalid type for initial value: {type(value).__name__}. Expected Python scalar, list or "
                "tuple of values, or numpy.ndarray."
            )
        self.value, self.support_partition = value, support_partition

    def __call__(self, shape, dtype=None, **kwargs):
        """`value` as a tensor of `shape`; without `dtype`, the value's own dtype.

        Raises:
          TypeError: `value` has another number of elements, or does not convert to `dtype`.
        """
        return creation_ops.constant(self.value, dtype=dtype, shape=_output_shape(shape, kwargs))

    def get_config(self) -> dict:
        return {"value": self.value}


class RandomUniform(Initializer):
    """`tf.random_uniform_initializer(minval, maxval, seed)`: uniform samples in [minval, maxval)."""

    def __init__(self, minval=-0.05, maxval=0.05, seed=None):
        self.minval, self.maxval, self.seed = minval, maxval, seed

    def __call__(self, shape, dtype=dtypes.float32, **kwargs):
        """Uniform samples of `shape` (integers for an integer dtype).

        Raises:
          ValueError: `dtype` is neither floating nor integer.
        """
        dtype = dtypes.as_dtype(dtype)
        if not (dtype.is_floating or dtype.is_integer):
            raise ValueError(f"Argument `dtype` expected to be numeric or boolean. Received {dtype}.")
        return _draws(self.seed).uniform(_output_shape(shape, kwargs), self.minval, self.maxval, dtype)

    def get_config(self) -> dict:
        return {"minval": self.minval, "maxval": self.maxval, "seed": self.seed}


class RandomNormal(Initializer):
    """`tf.random_normal_initializer(mean, stddev, seed)`: normal samples."""

    def __init__(self, mean=0.0, stddev=0.05, seed=None):
        self.mean, self.stddev, self.seed = mean, stddev, seed

    def __call__(self, shape, dtype=dtypes.float32, **kwargs):
        """Normal samples of `shape`.

        Raises:
          ValueError: `dtype` is not a floating type.
        """
        dtype = dtypes.as_dtype(dtype)
        if not dtype.is_floating:
            raise ValueError(f"Argument `dtype` is expected to be floating point. Received: {dtype}.")
        return _draws(self.seed).normal(_output_shape(shape, kwargs), self.mean, self.stddev, dtype)

    def get_config(self) -> dict:
        return {"mean": self.mean, "stddev": self.stddev, "seed": self.seed}
