"""TensorFlow 1.x initializers (`tf.compat.v1.zeros_initializer()`, ...): callables
`initializer(shape, dtype=None, partition_info=None)` that build an initial value from ops."""

from __future__ import annotations

import math

from lamina._core import dtypes
from lamina.ops import creation_ops, random_ops


class Initializer:
    """Base class: `__call__(shape, dtype=None, partition_info=None)` returns a tensor."""

    def __init__(self, dtype=dtypes.float32):
        self.dtype = dtypes.as_dtype(dtype)

    def _dtype(self, dtype):
        return dtypes.as_dtype(dtype) if dtype is not None else self.dtype

    def get_config(self) -> dict:
        return {"dtype": self.dtype.name}


class Zeros(Initializer):
    def __call__(self, shape, dtype=None, partition_info=None):
        return creation_ops.zeros(shape, self._dtype(dtype))


class Ones(Initializer):
    def __call__(self, shape, dtype=None, partition_info=None):
        return creation_ops.ones(shape, self._dtype(dtype))


class Constant(Initializer):
    def __init__(self, value=0, dtype=dtypes.float32, verify_shape=False):
        super().__init__(dtype)
        self.value = value

    def __call__(self, shape, dtype=None, partition_info=None):
        return creation_ops.constant(self.value, dtype=self._dtype(dtype), shape=shape)


class RandomNormal(Initializer):
    def __init__(self, mean=0.0, stddev=1.0, seed=None, dtype=dtypes.float32):
        super().__init__(dtype)
        self.mean, self.stddev, self.seed = mean, stddev, seed

    def __call__(self, shape, dtype=None, partition_info=None):
        return random_ops.normal(shape, self.mean, self.stddev, self._dtype(dtype), seed=self.seed)


class TruncatedNormal(RandomNormal):
    def __call__(self, shape, dtype=None, partition_info=None):
        return random_ops.truncated_normal(shape, self.mean, self.stddev, self._dtype(dtype), seed=self.seed)


class RandomUniform(Initializer):
    def __init__(self, minval=0.0, maxval=None, seed=None, dtype=dtypes.float32):
        super().__init__(dtype)
        self.minval, self.maxval, self.seed = minval, maxval, seed

    def __call__(self, shape, dtype=None, partition_info=None):
        dtype = self._dtype(dtype)
        maxval = self.maxval if self.maxval is not None else (1.0 if dtype.is_floating else None)
        return random_ops.uniform(shape, self.minval, maxval, dtype, seed=self.seed)


def _fans(shape) -> tuple[int, int]:
    dims = [int(d) for d in shape]
    if not dims:
        return 1, 1
    if len(dims) == 1:
        return dims[0], dims[0]
    receptive = math.prod(dims[:-2])
    return dims[-2] * receptive, dims[-1] * receptive


class GlorotUniform(Initializer):
    """Uniform in [-limit, limit], limit = sqrt(6 / (fan_in + fan_out))."""

    def __init__(self, seed=None, dtype=dtypes.float32):
        super().__init__(dtype)
        self.seed = seed

    def __call__(self, shape, dtype=None, partition_info=None):
        fan_in, fan_out = _fans(shape)
        limit = math.sqrt(6.0 / max(1.0, fan_in + fan_out))
        return random_ops.uniform(shape, -limit, limit, self._dtype(dtype), seed=self.seed)


class GlorotNormal(GlorotUniform):
    """Truncated normal with stddev sqrt(2 / (fan_in + fan_out)) (corrected for the truncation)."""

    def __call__(self, shape, dtype=None, partition_info=None):
        fan_in, fan_out = _fans(shape)
        # 0.879... is the stddev of a standard normal truncated to [-2, 2].
        stddev = math.sqrt(2.0 / max(1.0, fan_in + fan_out)) / 0.87962566103423978
        return random_ops.truncated_normal(shape, 0.0, stddev, self._dtype(dtype), seed=self.seed)


zeros_initializer = Zeros
ones_initializer = Ones
constant_initializer = Constant
random_normal_initializer = RandomNormal
truncated_normal_initializer = TruncatedNormal
random_uniform_initializer = RandomUniform
glorot_uniform_initializer = GlorotUniform
glorot_normal_initializer = GlorotNormal
