"""TensorFlow 1.x initializers (`tf.compat.v1.zeros_initializer()`, `glorot_uniform_initializer()`,
...): callables `initializer(shape, dtype=None, partition_info=None)` that build an initial value from ops.

They differ from Keras's in their defaults (a `dtype` given to the constructor, unit-variance random
initializers) and in their randomness: the seed is an op seed of stateful random ops, so every call
draws new values, reproducibly under `tf.compat.v1.set_random_seed`. The formulas themselves (fans,
variance scaling, orthogonal and identity matrices) are Keras's, in lamina/keras/initializer.py.
"""

from __future__ import annotations

import math

from lamina._core import dtypes
from lamina.keras.initializer import (
    OpSeedDraws,
    identity_matrix,
    orthogonal_sample,
    static_shape,
    variance_scaling_sample,
)
from lamina.ops import creation_ops, random_ops


def _require_float(dtype):
    dtype = dtypes.as_dtype(dtype)
    if not dtype.is_floating:
        raise ValueError(f"Argument `dtype` is expected to be floating point. Received: {dtype}.")
    return dtype


def _fan_shape(shape, partition_info):
    """The shape the fans come from: the whole variable's when this call builds one partition."""
    return shape if partition_info is None else static_shape(partition_info.full_shape)


class Initializer:
    """Base class: `__call__(shape, dtype=None, partition_info=None)` returns a tensor; the
    constructor's `dtype` is the default of a call."""

    def __init__(self, dtype=dtypes.float32):
        self.dtype = dtypes.as_dtype(dtype)

    def _dtype(self, dtype):
        return dtypes.as_dtype(dtype) if dtype is not None else self.dtype

    def get_config(self) -> dict:
        """The constructor arguments, as a dict (the dtype by name)."""
        return {"dtype": self.dtype.name}

    @classmethod
    def from_config(cls, config: dict):
        """An initializer built from `get_config()`'s dict."""
        return cls(**config)


class Zeros(Initializer):
    """Fills with zeros (empty strings for tf.string)."""

    def __call__(self, shape, dtype=None, partition_info=None):
        return creation_ops.zeros(shape, self._dtype(dtype))


class Ones(Initializer):
    """Fills with ones."""

    def __call__(self, shape, dtype=None, partition_info=None):
        return creation_ops.ones(shape, self._dtype(dtype))


class Constant(Initializer):
    """Fills with `value`: a scalar (broadcast) or a value with as many elements as the shape."""

    def __init__(self, value=0, dtype=dtypes.float32, verify_shape=False):
        super().__init__(dtype)
        self.value = value

    def __call__(self, shape, dtype=None, partition_info=None, verify_shape=None):
        """`value` as a tensor of `shape`.

        Raises:
          TypeError: `value` has another number of elements, or does not convert to the dtype.
        """
        return creation_ops.constant(self.value, dtype=self._dtype(dtype), shape=shape)

    def get_config(self) -> dict:
        return {"value": self.value, "dtype": self.dtype.name}


class RandomNormal(Initializer):
    """Normal samples (mean 0 and stddev 1 by default).

    Raises:
      ValueError: `dtype` is not a floating type.
    """

    def __init__(self, mean=0.0, stddev=1.0, seed=None, dtype=dtypes.float32):
        super().__init__(_require_float(dtype))
        self.mean, self.stddev, self.seed = mean, stddev, seed

    def __call__(self, shape, dtype=None, partition_info=None):
        return random_ops.normal(shape, self.mean, self.stddev, self._dtype(dtype), seed=self.seed)

    def get_config(self) -> dict:
        return {"mean": self.mean, "stddev": self.stddev, "seed": self.seed, "dtype": self.dtype.name}


class TruncatedNormal(RandomNormal):
    """Normal samples redrawn when more than two standard deviations from the mean."""

    def __call__(self, shape, dtype=None, partition_info=None):
        return random_ops.truncated_normal(shape, self.mean, self.stddev, self._dtype(dtype), seed=self.seed)


class RandomUniform(Initializer):
    """Uniform samples in [minval, maxval); `maxval` defaults to 1 for floats (integers need it)."""

    def __init__(self, minval=0.0, maxval=None, seed=None, dtype=dtypes.float32):
        super().__init__(dtype)
        self.minval, self.maxval, self.seed = minval, maxval, seed

    def __call__(self, shape, dtype=None, partition_info=None):
        return random_ops.uniform(shape, self.minval, self.maxval, self._dtype(dtype), seed=self.seed)

    def get_config(self) -> dict:
        return {"minval": self.minval, "maxval": self.maxval, "seed": self.seed, "dtype": self.dtype.name}


class UniformUnitScaling(Initializer):
    """Uniform in ±factor * sqrt(3 / input_size), input_size the product of all but the last
    dimension (deprecated in TensorFlow for `variance_scaling_initializer(distribution="uniform")`)."""

    def __init__(self, factor=1.0, seed=None, dtype=dtypes.float32):
        super().__init__(_require_float(dtype))
        self.factor, self.seed = factor, seed

    def __call__(self, shape, dtype=None, partition_info=None):
        scale_shape = _fan_shape(static_shape(shape), partition_info)
        input_size = max(1.0, float(math.prod(scale_shape[:-1])))
        limit = math.sqrt(3.0 / input_size) * self.factor
        return random_ops.uniform(shape, -limit, limit, self._dtype(dtype), seed=self.seed)

    def get_config(self) -> dict:
        return {"factor": self.factor, "seed": self.seed, "dtype": self.dtype.name}


_MODES = ("fan_in", "fan_out", "fan_avg")
_DISTRIBUTIONS = ("normal", "uniform", "truncated_normal", "untruncated_normal")


class VarianceScaling(Initializer):
    """Samples whose variance is `scale / fan` (see lamina/keras/initializer.py's
    `variance_scaling_sample`); "normal" is TensorFlow 1's name for "truncated_normal".

    Raises:
      ValueError: `scale` is not positive, or `mode`/`distribution` is unknown.
    """

    def __init__(
        self, scale=1.0, mode="fan_in", distribution="truncated_normal", seed=None, dtype=dtypes.float32
    ):
        if scale <= 0.0:
            raise ValueError(f"Argument `scale` must be a positive float. Received: {scale}")
        if mode not in _MODES:
            raise ValueError(f"Argument `mode` should be one of {_MODES}. Received: {mode}")
        distribution = distribution.lower()
        if distribution not in _DISTRIBUTIONS:
            raise ValueError(
                f"Argument `distribution` should be one of {_DISTRIBUTIONS}. Received: {distribution}"
            )
        super().__init__(dtype)
        self.scale, self.mode, self.distribution, self.seed = scale, mode, distribution, seed

    def __call__(self, shape, dtype=None, partition_info=None):
        shape = static_shape(shape)
        distribution = "truncated_normal" if self.distribution == "normal" else self.distribution
        return variance_scaling_sample(
            OpSeedDraws(self.seed),
            shape,
            self._dtype(dtype),
            self.scale,
            self.mode,
            distribution,
            fan_shape=_fan_shape(shape, partition_info),
        )

    def get_config(self) -> dict:
        return {
            "scale": self.scale,
            "mode": self.mode,
            "distribution": self.distribution,
            "seed": self.seed,
            "dtype": self.dtype.name,
        }


class GlorotUniform(VarianceScaling):
    """Uniform in ±sqrt(6 / (fan_in + fan_out)) ("Xavier"; get_variable's default for floats)."""

    def __init__(self, seed=None, dtype=dtypes.float32):
        super().__init__(1.0, "fan_avg", "uniform", seed, dtype)

    def get_config(self) -> dict:
        return {"seed": self.seed, "dtype": self.dtype.name}


class GlorotNormal(VarianceScaling):
    """Truncated normal with standard deviation sqrt(2 / (fan_in + fan_out))."""

    def __init__(self, seed=None, dtype=dtypes.float32):
        super().__init__(1.0, "fan_avg", "truncated_normal", seed, dtype)

    def get_config(self) -> dict:
        return {"seed": self.seed, "dtype": self.dtype.name}


class Orthogonal(Initializer):
    """A random orthogonal matrix reshaped to the weight, times `gain`.

    Raises:
      ValueError: `dtype` is not a floating type.
    """

    def __init__(self, gain=1.0, seed=None, dtype=dtypes.float32):
        super().__init__(_require_float(dtype))
        self.gain, self.seed = gain, seed

    def __call__(self, shape, dtype=None, partition_info=None):
        """An orthogonal tensor of `shape`.

        Raises:
          ValueError: `shape` has rank < 2.
        """
        shape = static_shape(shape)
        if len(shape) < 2:
            raise ValueError(
                "The tensor to initialize, specified by argument `shape` must be at least two-dimensional. "
                f"Received shape={shape}"
            )
        return orthogonal_sample(OpSeedDraws(self.seed), shape, self._dtype(dtype), self.gain)

    def get_config(self) -> dict:
        return {"gain": self.gain, "seed": self.seed, "dtype": self.dtype.name}


class Identity(Initializer):
    """`gain` times the identity matrix (2-D shapes only).

    Raises:
      ValueError: `dtype` is not a floating type.
    """

    def __init__(self, gain=1.0, dtype=dtypes.float32):
        super().__init__(_require_float(dtype))
        self.gain = gain

    def __call__(self, shape, dtype=None, partition_info=None):
        """The scaled identity matrix.

        Raises:
          ValueError: `shape` is not 2-D.
        """
        shape = static_shape(shape)
        if len(shape) != 2:
            raise ValueError(
                "The tensor to initialize, specified by argument `shape` must be at least two-dimensional. "
                f"Received shape={shape}"
            )
        return identity_matrix(shape, self._dtype(dtype), self.gain)

    def get_config(self) -> dict:
        return {"gain": self.gain, "dtype": self.dtype.name}


def he_normal(seed=None):
    """VarianceScaling(scale=2, mode="fan_in", distribution="truncated_normal")."""
    return VarianceScaling(2.0, "fan_in", "truncated_normal", seed)


def he_uniform(seed=None):
    """VarianceScaling(scale=2, mode="fan_in", distribution="uniform")."""
    return VarianceScaling(2.0, "fan_in", "uniform", seed)


def lecun_normal(seed=None):
    """VarianceScaling(scale=1, mode="fan_in", distribution="truncated_normal")."""
    return VarianceScaling(1.0, "fan_in", "truncated_normal", seed)


def lecun_uniform(seed=None):
    """VarianceScaling(scale=1, mode="fan_in", distribution="uniform")."""
    return VarianceScaling(1.0, "fan_in", "uniform", seed)
