"""`tf.keras.initializers`: objects that build a variable's initial value from its shape and dtype.

The sampling math lives in functions (`compute_fans`, `variance_scaling_sample`, `orthogonal_sample`,
`identity_matrix`) that take a *draws* object: where random values come from. Keras initializers draw
with a fixed seed pair (`SeededDraws`, stateless ops), so one instance returns the same values on every
call; TensorFlow's v1 initializers (lamina/compat/v1/init_ops.py) and its unseeded v2 ones draw from
stateful ops (`OpSeedDraws`), so every call returns new values. The formulas exist once, here.

An unseeded Keras initializer picks its seed pair when it is built, from lamina's seed rules (so
`tf.random.set_seed` makes it reproducible), and warns when it is called a second time, as Keras does.
"""

from __future__ import annotations

import inspect
import math
import warnings

import numpy as np

from lamina._core import dtypes
from lamina._core.convert import get_static_value
from lamina._core.errors import unimplemented
from lamina._core.shape import TensorShape
from lamina.keras import backend
from lamina.keras.serialization import Catalog
from lamina.ops import (
    array_ops,
    creation_ops,
    linalg_ops,
    linalg_solve_ops,
    math_functions,
    math_ops,
    random_ops,
)

# The standard deviation of a unit normal truncated to [-2, 2] (what truncated_normal samples):
# dividing by it makes a truncated sample's standard deviation the one asked for.
TRUNCATED_NORMAL_STDDEV = 0.87962566103423978

_CALL_KEYWORDS = ("partition_shape", "partition_offset", "layout")


# ---- shapes and fans ---------------------------------------------------------------------------
def static_shape(shape) -> tuple[int, ...]:
    """`shape` (tuple, list, TensorShape, or constant tensor) as a tuple of Python ints.

    Raises:
      ValueError: a dimension is unknown.
    """
    if isinstance(shape, TensorShape):
        dims = shape.as_list()
    elif hasattr(shape, "dtype") and hasattr(shape, "shape"):
        value = get_static_value(shape)
        dims = [] if value is None else np.asarray(value).reshape(-1).tolist()
        if value is None:
            raise ValueError(f"An initializer needs a shape known when it is called. Received: shape={shape}")
    else:
        dims = list(shape)
    if any(d is None for d in dims):
        raise ValueError(f"An initializer needs a fully defined shape. Received: shape={tuple(dims)}")
    return tuple(int(d) for d in dims)


def compute_fans(shape) -> tuple[int, int]:
    """(fan_in, fan_out) of a weight of `shape`.

    A scalar counts as one input and one output; a vector of n as n of each; a matrix is
    (inputs, outputs); a convolution kernel `(*spatial, in_channels, out_channels)` multiplies both
    channel counts by the receptive field size (the product of the spatial dimensions).
    """
    shape = static_shape(shape)
    if not shape:
        return 1, 1
    if len(shape) == 1:
        return shape[0], shape[0]
    receptive_field = math.prod(shape[:-2])
    return shape[-2] * receptive_field, shape[-1] * receptive_field


def _fan(shape, mode: str) -> float:
    fan_in, fan_out = compute_fans(shape)
    fan = {"fan_in": fan_in, "fan_out": fan_out, "fan_avg": (fan_in + fan_out) / 2.0}[mode]
    return max(1.0, fan)


# ---- where random values come from -------------------------------------------------------------
class SeededDraws:
    """Random values that are a fixed function of a `[2]` seed pair (stateless ops)."""

    def __init__(self, seed_pair):
        self.seed = np.asarray(seed_pair, dtype=np.int64)

    def normal(self, shape, mean, stddev, dtype):
        return random_ops.stateless_normal(shape, self.seed, mean, stddev, dtype)

    def truncated_normal(self, shape, mean, stddev, dtype):
        return random_ops.stateless_truncated_normal(shape, self.seed, mean, stddev, dtype)

    def uniform(self, shape, minval, maxval, dtype):
        return random_ops.stateless_uniform(shape, self.seed, minval, maxval, dtype)


class OpSeedDraws:
    """Random values from stateful ops with an op seed: each call draws new values, reproducibly
    under `tf.random.set_seed` (TensorFlow's global/op seed rules)."""

    def __init__(self, seed=None):
        self.seed = seed

    def normal(self, shape, mean, stddev, dtype):
        return random_ops.normal(shape, mean, stddev, dtype, seed=self.seed)

    def truncated_normal(self, shape, mean, stddev, dtype):
        return random_ops.truncated_normal(shape, mean, stddev, dtype, seed=self.seed)

    def uniform(self, shape, minval, maxval, dtype):
        return random_ops.uniform(shape, minval, maxval, dtype, seed=self.seed)


# ---- the shared formulas -----------------------------------------------------------------------
def variance_scaling_sample(draws, shape, dtype, scale, mode, distribution, fan_shape=None):
    """Samples of `shape` whose variance is `scale / fan` (fan chosen by `mode` from `fan_shape`,
    which defaults to `shape`; partitioned variables pass the full variable's shape).

    `distribution` is "truncated_normal" (a normal truncated at two standard deviations, rescaled so
    the truncated samples have the target variance), "untruncated_normal", or "uniform" (on
    [-limit, limit] with limit = sqrt(3 * variance)).
    """
    variance = scale / _fan(shape if fan_shape is None else fan_shape, mode)
    if distribution == "truncated_normal":
        return draws.truncated_normal(shape, 0.0, math.sqrt(variance) / TRUNCATED_NORMAL_STDDEV, dtype)
    if distribution == "untruncated_normal":
        return draws.normal(shape, 0.0, math.sqrt(variance), dtype)
    limit = math.sqrt(3.0 * variance)
    return draws.uniform(shape, -limit, limit, dtype)


def orthogonal_sample(draws, shape, dtype, gain):
    """A random orthogonal matrix reshaped to `shape` (rank >= 2), times `gain`.

    The weight is viewed as a matrix (prod(shape[:-1]), shape[-1]). A normal matrix of the taller
    orientation is factored as QR; Q's columns are orthonormal, and flipping each column by the sign
    of R's diagonal makes Q uniformly distributed over orthogonal matrices. A wide weight takes the
    transpose, so its rows are orthonormal instead.
    """
    num_rows, num_cols = math.prod(shape[:-1]), shape[-1]
    tall = (max(num_rows, num_cols), min(num_rows, num_cols))
    q, r = linalg_solve_ops.qr(draws.normal(tall, 0.0, 1.0, dtype))
    q = math_ops.multiply(q, math_functions.sign(linalg_ops.diag_part(r)))
    if num_rows < num_cols:
        q = array_ops.transpose(q)
    return math_ops.multiply(array_ops.reshape(q, shape), creation_ops.constant(gain, dtype=dtype))


def identity_matrix(shape, dtype, gain):
    """`gain` times the (possibly rectangular) identity matrix of 2-D `shape`."""
    return math_ops.multiply(
        creation_ops.eye(shape[0], shape[1], dtype=dtype), creation_ops.constant(gain, dtype=dtype)
    )


# ---- Keras's base class and call protocol ------------------------------------------------------
def _dtype(dtype):
    return dtypes.as_dtype(backend.floatx()) if dtype is None else dtypes.as_dtype(dtype)


def _require_float(dtype):
    dtype = _dtype(dtype)
    if not dtype.is_floating:
        raise ValueError(f"Expected floating point type, got {dtype}.")
    return dtype


def _require_numeric(dtype):
    dtype = _dtype(dtype)
    if not (dtype.is_numeric or dtype.is_bool):
        raise ValueError(f"Expected numeric or boolean dtype, got {dtype}.")
    return dtype


def _call_shapes(shape, kwargs) -> tuple[tuple, tuple, int]:
    """(full shape, output shape, linear offset of the partition) for one call.

    Raises:
      TypeError: an unknown keyword argument.
    """
    unknown = [key for key in kwargs if key not in _CALL_KEYWORDS]
    if unknown:
        raise TypeError(
            f"Unknown keyword arguments: {unknown}. Allowed keyword arguments: {list(_CALL_KEYWORDS)}."
        )
    if kwargs.get("layout") is not None:
        raise unimplemented("tf.keras.initializers.Initializer.__call__(layout=...)")
    full = static_shape(shape)
    if kwargs.get("partition_shape") is None:
        return full, full, 0
    offset = static_shape(kwargs.get("partition_offset") or [0] * len(full))
    linear = int(np.ravel_multi_index(offset, full)) if full and all(full) else 0
    return full, static_shape(kwargs["partition_shape"]), linear


class Initializer:
    """Base class of Keras initializers.

    A subclass implements `__call__(shape, dtype=None, **kwargs)`, returning a tensor of `shape`, and
    `get_config()`, returning its constructor arguments.
    """

    def __call__(self, shape, dtype=None, **kwargs):
        """The initial value for a variable of `shape` and `dtype`.

        Raises:
          NotImplementedError: the subclass did not define `__call__` (this class is abstract).
        """
        raise NotImplementedError("Initializer subclasses must implement the `__call__()` method.")

    def get_config(self) -> dict:
        """The constructor arguments, as a dict of Python values."""
        return {}

    @classmethod
    def from_config(cls, config: dict):
        """An initializer built from `get_config()`'s dict (a stray "dtype" key is ignored, as in Keras)."""
        config = dict(config)
        config.pop("dtype", None)
        return cls(**config)


class Zeros(Initializer):
    """Fills with 0 (False for bool)."""

    def __call__(self, shape, dtype=None, **kwargs):
        """A tensor of zeros.

        Raises:
          ValueError: `dtype` is neither numeric nor bool.
        """
        _, out_shape, _ = _call_shapes(shape, kwargs)
        return creation_ops.zeros(out_shape, _require_numeric(dtype))


class Ones(Initializer):
    """Fills with 1 (True for bool)."""

    def __call__(self, shape, dtype=None, **kwargs):
        """A tensor of ones.

        Raises:
          ValueError: `dtype` is neither numeric nor bool.
        """
        _, out_shape, _ = _call_shapes(shape, kwargs)
        return creation_ops.ones(out_shape, _require_numeric(dtype))


class Constant(Initializer):
    """Fills with `value`: a scalar (broadcast) or a value with as many elements as the shape."""

    def __init__(self, value=0):
        self.value = value

    def __call__(self, shape, dtype=None, **kwargs):
        """`value` reshaped (or broadcast, when scalar) to `shape`.

        Raises:
          TypeError: `value` has another number of elements, or cannot be converted to `dtype`.
        """
        _, out_shape, _ = _call_shapes(shape, kwargs)
        return creation_ops.constant(self.value, dtype=_dtype(dtype), shape=out_shape)

    def get_config(self) -> dict:
        return {"value": self.value}


class _RandomInitializer(Initializer):
    """An initializer with a seed: seeded, it always returns the same values; unseeded, it picks a
    seed pair once, when built, and warns when called again (each call repeats the first values)."""

    def __init__(self, seed=None):
        if seed is not None and (isinstance(seed, bool) or not isinstance(seed, (int, np.integer))):
            raise ValueError(f"Argument `seed` must be an integer or None. Received: seed={seed!r}")
        self.seed = None if seed is None else int(seed)
        self._seed_pair = random_ops.next_seed() if seed is None else np.array([self.seed, 0], np.int64)
        self._called = False

    def _draws(self, partition: int) -> SeededDraws:
        if self.seed is None and self._called:
            warnings.warn(
                f"The initializer {type(self).__name__} is unseeded and is being called again: every call "
                "of one unseeded initializer returns the same values. Pass a `seed` to the initializer, or "
                "use a new initializer instance for each variable.",
                UserWarning,
                stacklevel=3,
            )
        self._called = True
        pair = self._seed_pair.copy()
        pair[1] += partition
        return SeededDraws(pair)

    def get_config(self) -> dict:
        return {"seed": self.seed}


class RandomNormal(_RandomInitializer):
    """Normal samples with `mean` and `stddev`."""

    def __init__(self, mean=0.0, stddev=0.05, seed=None):
        super().__init__(seed)
        self.mean, self.stddev = mean, stddev

    def __call__(self, shape, dtype=None, **kwargs):
        """Normal samples of `shape`.

        Raises:
          ValueError: `dtype` is not a floating type.
        """
        dtype = _require_float(dtype)
        _, out_shape, partition = _call_shapes(shape, kwargs)
        return self._draws(partition).normal(out_shape, self.mean, self.stddev, dtype)

    def get_config(self) -> dict:
        return {"mean": self.mean, "stddev": self.stddev, "seed": self.seed}


class TruncatedNormal(RandomNormal):
    """Normal samples with `mean` and `stddev`, redrawn when more than two stddevs from the mean."""

    def __call__(self, shape, dtype=None, **kwargs):
        """Truncated normal samples of `shape`.

        Raises:
          ValueError: `dtype` is not a floating type.
        """
        dtype = _require_float(dtype)
        _, out_shape, partition = _call_shapes(shape, kwargs)
        return self._draws(partition).truncated_normal(out_shape, self.mean, self.stddev, dtype)


class RandomUniform(_RandomInitializer):
    """Uniform samples in [minval, maxval); integer dtypes draw integers."""

    def __init__(self, minval=-0.05, maxval=0.05, seed=None):
        super().__init__(seed)
        self.minval, self.maxval = minval, maxval

    def __call__(self, shape, dtype=None, **kwargs):
        """Uniform samples of `shape`.

        Raises:
          ValueError: `dtype` is neither floating nor integer.
          TypeError: `minval`/`maxval` are not representable in an integer `dtype`.
        """
        dtype = _dtype(dtype)
        if not (dtype.is_floating or dtype.is_integer):
            raise ValueError(f"Expected float or integer dtype, got {dtype}.")
        _, out_shape, partition = _call_shapes(shape, kwargs)
        return self._draws(partition).uniform(out_shape, self.minval, self.maxval, dtype)

    def get_config(self) -> dict:
        return {"minval": self.minval, "maxval": self.maxval, "seed": self.seed}


_MODES = ("fan_in", "fan_out", "fan_avg")
_DISTRIBUTIONS = ("truncated_normal", "untruncated_normal", "uniform")


class VarianceScaling(_RandomInitializer):
    """Samples whose variance is `scale / fan`, where the fan is the weight's number of inputs
    ("fan_in"), outputs ("fan_out") or their mean ("fan_avg"); see `variance_scaling_sample`.

    Raises:
      ValueError: `scale` is not positive, or `mode`/`distribution` is unknown ("normal" means
        "truncated_normal"; the distribution is case-insensitive).
    """

    def __init__(self, scale=1.0, mode="fan_in", distribution="truncated_normal", seed=None):
        if scale <= 0.0:
            raise ValueError(f"`scale` must be positive float. Received: scale={scale}.")
        if mode not in _MODES:
            raise ValueError(f"Invalid `mode` argument: {mode}. Expected one of {_MODES}.")
        distribution = str(distribution).lower()
        distribution = "truncated_normal" if distribution == "normal" else distribution
        if distribution not in _DISTRIBUTIONS:
            raise ValueError(
                f"Invalid `distribution` argument: {distribution}. Expected one of {_DISTRIBUTIONS}."
            )
        super().__init__(seed)
        self.scale, self.mode, self.distribution = scale, mode, distribution

    def __call__(self, shape, dtype=None, **kwargs):
        """Samples of `shape`; the fans come from the full shape even when a partition is asked for.

        Raises:
          ValueError: `dtype` is not a floating type.
        """
        dtype = _require_float(dtype)
        full, out_shape, partition = _call_shapes(shape, kwargs)
        draws = self._draws(partition)
        return variance_scaling_sample(
            draws, out_shape, dtype, self.scale, self.mode, self.distribution, fan_shape=full
        )

    def get_config(self) -> dict:
        return {"scale": self.scale, "mode": self.mode, "distribution": self.distribution, "seed": self.seed}


class _VarianceScalingPreset(VarianceScaling):
    """A VarianceScaling with fixed (scale, mode, distribution), configured by its seed alone."""

    PARAMETERS: tuple = ()

    def __init__(self, seed=None):
        super().__init__(*self.PARAMETERS, seed=seed)

    def get_config(self) -> dict:
        return {"seed": self.seed}


class GlorotUniform(_VarianceScalingPreset):
    """Uniform in [-limit, limit], limit = sqrt(6 / (fan_in + fan_out)) (Glorot & Bengio, "Xavier")."""

    PARAMETERS = (1.0, "fan_avg", "uniform")


class GlorotNormal(_VarianceScalingPreset):
    """Truncated normal with standard deviation sqrt(2 / (fan_in + fan_out))."""

    PARAMETERS = (1.0, "fan_avg", "truncated_normal")


class HeUniform(_VarianceScalingPreset):
    """Uniform in [-limit, limit], limit = sqrt(6 / fan_in) (He et al., for ReLU layers)."""

    PARAMETERS = (2.0, "fan_in", "uniform")


class HeNormal(_VarianceScalingPreset):
    """Truncated normal with standard deviation sqrt(2 / fan_in)."""

    PARAMETERS = (2.0, "fan_in", "truncated_normal")


class LecunUniform(_VarianceScalingPreset):
    """Uniform in [-limit, limit], limit = sqrt(3 / fan_in) (LeCun, for SELU layers)."""

    PARAMETERS = (1.0, "fan_in", "uniform")


class LecunNormal(_VarianceScalingPreset):
    """Truncated normal with standard deviation sqrt(1 / fan_in)."""

    PARAMETERS = (1.0, "fan_in", "truncated_normal")


class Orthogonal(_RandomInitializer):
    """A random orthogonal matrix (rows or columns orthonormal), reshaped to the weight, times `gain`."""

    def __init__(self, gain=1.0, seed=None):
        super().__init__(seed)
        self.gain = gain

    def __call__(self, shape, dtype=None, **kwargs):
        """An orthogonal tensor of `shape`; see `orthogonal_sample`.

        Raises:
          ValueError: `dtype` is not a floating type, or `shape` has rank < 2.
        """
        dtype = _require_float(dtype)
        _, out_shape, partition = _call_shapes(shape, kwargs)
        if len(out_shape) < 2:
            raise ValueError(
                "The tensor to initialize must be at least two-dimensional. "
                f"Received: shape={out_shape} of rank {len(out_shape)}."
            )
        return orthogonal_sample(self._draws(partition), out_shape, dtype, self.gain)

    def get_config(self) -> dict:
        return {"gain": self.gain, "seed": self.seed}


class Identity(Initializer):
    """`gain` times the identity matrix (rectangular shapes get ones on the main diagonal)."""

    def __init__(self, gain=1.0):
        self.gain = gain

    def __call__(self, shape, dtype=None, **kwargs):
        """The scaled identity matrix of 2-D `shape`.

        Raises:
          ValueError: `dtype` is not a floating type, or `shape` is not 2-D.
        """
        dtype = _require_float(dtype)
        _, out_shape, _ = _call_shapes(shape, kwargs)
        if len(out_shape) != 2:
            raise ValueError(
                "Identity matrix initializer can only be used for 2D matrices. "
                f"Received: shape={out_shape} of rank {len(out_shape)}."
            )
        return identity_matrix(out_shape, dtype, self.gain)

    def get_config(self) -> dict:
        return {"gain": self.gain}


# ---- get / serialize / deserialize -------------------------------------------------------------
_CLASSES = (
    Initializer, Zeros, Ones, Constant, RandomNormal, RandomUniform, TruncatedNormal, VarianceScaling,
    GlorotUniform, GlorotNormal, HeUniform, HeNormal, LecunUniform, LecunNormal, Orthogonal, Identity,
)  # fmt: skip
ALIASES = {
    "zeros": Zeros, "ones": Ones, "constant": Constant, "random_normal": RandomNormal,
    "random_uniform": RandomUniform, "truncated_normal": TruncatedNormal, "variance_scaling": VarianceScaling,
    "glorot_uniform": GlorotUniform, "glorot_normal": GlorotNormal, "he_uniform": HeUniform,
    "he_normal": HeNormal, "lecun_uniform": LecunUniform, "lecun_normal": LecunNormal,
    "orthogonal": Orthogonal, "identity": Identity,
}  # fmt: skip
# Older Keras spellings that string lookup still accepts.
_LEGACY_NAMES = {"uniform": RandomUniform, "normal": RandomNormal, "one": Ones, "zero": Zeros}

CATALOG = Catalog(
    "keras.initializers", "initializer", {**{c.__name__: c for c in _CLASSES}, **ALIASES, **_LEGACY_NAMES}
)


def serialize(initializer, use_legacy_format=False):
    """An initializer as Keras's dict (`{"module", "class_name", "config", "registered_name"}`; only
    `class_name` and `config` with `use_legacy_format`)."""
    config = CATALOG.serialize(initializer)
    if use_legacy_format and isinstance(config, dict):
        return {"class_name": config["class_name"], "config": config["config"]}
    return config


def deserialize(config, custom_objects=None, use_legacy_format=False):
    """The initializer described by a name or a serialized dict.

    Raises:
      ValueError: an unknown name or class.
    """
    return CATALOG.deserialize(config, custom_objects)


def get(identifier):
    """An initializer from None, a name, a serialized dict, a class (instantiated) or a callable.

    Raises:
      ValueError: an unknown name, or an identifier of another kind.
    """
    if inspect.isclass(identifier):
        return identifier()
    if identifier is not None and not isinstance(identifier, (str, dict)) and not callable(identifier):
        raise ValueError(f"Could not interpret initializer identifier: {identifier}")
    return CATALOG.get(identifier)

