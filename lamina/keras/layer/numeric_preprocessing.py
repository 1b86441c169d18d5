"""Numeric preprocessing layers: `Normalization` (mean and variance, given or adapted),
`Rescaling` (`x * scale + offset`) and `Discretization` (bucket indices, boundaries given or adapted
as approximate quantiles)."""

from __future__ import annotations

import numpy as np

from lamina._core.errors import unimplemented
from lamina._core.shape import TensorShape
from lamina._core.tensor import Tensor
from lamina.keras.layer.base import Layer
from lamina.keras.layer.preprocessing import (
    COUNT,
    INT,
    MULTI_HOT,
    ONE_HOT,
    PreprocessingLayer,
    check_output_mode,
    encode,
    encoded_shape,
)
from lamina.ops import array_ops, cast_ops, comparison_ops, creation_ops, math_ops, reduction_ops

_EPSILON = 1e-7  # Keras's backend epsilon: the smallest standard deviation Normalization divides by


def _listify(value):
    """A config value as plain Python (lists for arrays and tensors)."""
    if isinstance(value, Tensor):
        value = value.numpy()
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, (list, tuple)):
        return [_listify(v) for v in value]
    return value


class Normalization(PreprocessingLayer):
    """Shifts and scales inputs to zero mean and unit variance: `(x - mean) / sqrt(variance)`.

    Args:
      axis: the axis or axes with a separate mean and variance (default -1, the features); None
        for one mean and variance over everything.
      mean, variance: the statistics, broadcastable to the kept axes; set both, or neither and
        call `adapt` (which computes them from data and stores them in the weights `mean`,
        `variance` and `count`).
      invert: apply the inverse transform, `x * sqrt(variance) + mean`.

    Raises:
      ValueError: only one of mean and variance; axes outside the input's rank or of unknown size;
        adapting a layer whose mean and variance were given.
    """

    def __init__(self, axis=-1, mean=None, variance=None, invert=False, **kwargs):
        super().__init__(**kwargs)
        if axis is None:
            axis = ()
        elif isinstance(axis, int):
            axis = (axis,)
        else:
            axis = tuple(int(a) for a in axis)
        self.axis = axis
        if (mean is None) != (variance is None):
            raise ValueError(
                "When setting values directly, both `mean` and `variance` must be set. Got mean: "
                f"{mean} and variance: {variance}"
            )
        self.input_mean, self.input_variance = mean, variance
        self.invert = bool(invert)

    def build(self, input_shape):
        shape = TensorShape(input_shape).as_list()
        ndim = len(shape)
        if any(a < -ndim or a >= ndim for a in self.axis):
            raise ValueError(
                f"All `axis` values must be in the range [-ndim, ndim). Received inputs with ndim={ndim}, "
                f"while axis={self.axis}"
            )
        self._keep_axis = sorted(a % ndim for a in self.axis)
        self._reduce_axis = [d for d in range(ndim) if d not in self._keep_axis]
        unknown = [d for d in self._keep_axis if shape[d] is None]
        if unknown:
            raise ValueError(
                f"All `axis` values to be kept must have known shape. Got axis: {self.axis}, input shape: "
                f"{tuple(shape)}, with unknown axis at index: {unknown[0]}"
            )
        self._stat_shape = [shape[d] for d in self._keep_axis]
        self._broadcast_shape = [shape[d] if d in self._keep_axis else 1 for d in range(ndim)]
        if self.input_mean is None:
            self.adapt_mean = self.add_weight("mean", self._stat_shape, initializer="zeros", trainable=False)
            self.adapt_variance = self.add_weight(
                "variance", self._stat_shape, initializer="ones", trainable=False
            )
            self.count = self.add_weight("count", (), dtype="int64", initializer="zeros", trainable=False)

    @property
    def mean(self):
        """The mean, shaped to broadcast against the inputs (None before the layer is built)."""
        return self._statistic(self.input_mean, "adapt_mean")

    @property
    def variance(self):
        """The variance, shaped to broadcast against the inputs (None before the layer is built)."""
        return self._statistic(self.input_variance, "adapt_variance")

    def _statistic(self, given, weight_name):
        if not self.built:
            return None
        if given is None:  # read the weight now: adapt, set_weights and traced functions all see it
            return array_ops.reshape(getattr(self, weight_name).read_value(), self._broadcast_shape)
        values = np.asarray(given, np.float32) * np.ones(self._stat_shape, np.float32)
        return creation_ops.constant(values.reshape(self._broadcast_shape))

    def update_state(self, data):
        if self.input_mean is not None:
            raise ValueError(
                "Cannot `adapt` a Normalization layer that is initialized with static `mean` and `variance`, "
                f"you passed mean {self.input_mean} and variance {self.input_variance}."
            )
        if not self.built:
            self.build(data.shape)
        data = cast_ops.cast(creation_ops.constant(data), "float32")
        if data.shape.rank != len(self._broadcast_shape):
            raise ValueError(
                f"Expected adapt data of rank {len(self._broadcast_shape)}, received: shape={data.shape}"
            )
        batch_mean = reduction_ops.reduce_mean(data, axis=self._reduce_axis)
        batch_variance = reduction_ops.reduce_variance(data, axis=self._reduce_axis)
        batch_count = int(np.prod([data.shape[d] for d in self._reduce_axis], dtype=np.int64))
        total = int(self.count.numpy()) + batch_count
        if total == 0:
            return
        batch_weight = np.float32(batch_count / total)
        mean, variance = self.adapt_mean.read_value(), self.adapt_variance.read_value()
        new_mean = mean * (1.0 - batch_weight) + batch_mean * batch_weight
        new_variance = (variance + (mean - new_mean) ** 2) * (1.0 - batch_weight) + (
            batch_variance + (batch_mean - new_mean) ** 2
        ) * batch_weight
        self.adapt_mean.assign(new_mean)
        self.adapt_variance.assign(new_variance)
        self.count.assign(total)

    def reset_state(self):
        if self.input_mean is not None or not self.built:
            return
        self.adapt_mean.assign(np.zeros(self._stat_shape, np.float32))
        self.adapt_variance.assign(np.ones(self._stat_shape, np.float32))
        self.count.assign(0)

    def call(self, inputs):
        inputs = cast_ops.cast(inputs, self.compute_dtype)
        mean = cast_ops.cast(self.mean, self.compute_dtype)
        deviation = math_ops.maximum(
            math_ops.sqrt(cast_ops.cast(self.variance, self.compute_dtype)), _EPSILON
        )
        if self.invert:
            return math_ops.add(mean, math_ops.multiply(inputs, deviation))
        return math_ops.divide(math_ops.subtract(inputs, mean), deviation)

    def compute_output_shape(self, input_shape):
        return TensorShape(input_shape)

    def get_config(self) -> dict:
        return {
            **super().get_config(),
            "axis": self.axis,
            "invert": self.invert,
            "mean": _listify(self.input_mean),
            "variance": _listify(self.input_variance),
        }


class Rescaling(Layer):
    """Multiplies inputs by `scale` and adds `offset` (in the compute dtype): `x / 255.0` is
    `Rescaling(1.0 / 255)`, [-1, 1] from [0, 255] is `Rescaling(1.0 / 127.5, offset=-1)`."""

    def __init__(self, scale, offset=0.0, **kwargs):
        super().__init__(**kwargs)
        self.scale, self.offset = scale, offset

    def call(self, inputs):
        dtype = self.compute_dtype
        scale = cast_ops.cast(self.scale, dtype)
        offset = cast_ops.cast(self.offset, dtype)
        return math_ops.add(math_ops.multiply(cast_ops.cast(inputs, dtype), scale), offset)

    def compute_output_shape(self, input_shape):
        return TensorShape(input_shape)

    def get_config(self) -> dict:
        return {**super().get_config(), "scale": _listify(self.scale), "offset": _listify(self.offset)}


class Discretization(PreprocessingLayer):
    """Buckets numbers: the output is the number of `bin_boundaries` at or below each value (so
    `[0., 1., 2.]` gives buckets `(-inf, 0)`, `[0, 1)`, `[1, 2)`, `[2, inf)`), encoded per
    `output_mode` ("int", "one_hot", "multi_hot", "count").

    Args:
      bin_boundaries: sorted boundaries; or None, with `num_bins`, to adapt them from data as
        approximate quantiles (accurate to about `epsilon`).
      num_bins: the number of bins `adapt` makes.
      epsilon: the quantile approximation error `adapt` allows.
      output_mode: "int" (int64 bucket indices) or an encoding of them (float32).
      sparse: must be False (sparse outputs are not supported).

    Raises:
      ValueError: both or a negative `num_bins`, or an unknown output_mode.
    """

    def __init__(
        self, bin_boundaries=None, num_bins=None, epsilon=0.01, output_mode="int", sparse=False, **kwargs
    ):
        if kwargs.get("dtype") is None:
            kwargs["dtype"] = "int64" if output_mode == INT else "float32"
        super().__init__(**kwargs)
        check_output_mode(output_mode, (INT, ONE_HOT, MULTI_HOT, COUNT), "Discretization")
        if sparse:
            raise unimplemented("tf.keras.layers.Discretization(sparse=True)")
        if num_bins is not None and num_bins < 0:
            raise ValueError(
                f"`num_bins` must be greater than or equal to 0. You passed `num_bins={num_bins}`"
            )
        if num_bins is not None and bin_boundaries is not None:
            raise ValueError(
                "Both `num_bins` and `bin_boundaries` should not be set. You passed "
                f"`num_bins={num_bins}` and `bin_boundaries={bin_boundaries}`"
            )
        self.input_bin_boundaries = bin_boundaries
        self.bin_boundaries = [] if bin_boundaries is None else [float(b) for b in bin_boundaries]
        self.num_bins, self.epsilon = num_bins, epsilon
        self.output_mode, self.sparse = output_mode, sparse
        self._autocast = False
        self._summary = None

    def update_state(self, data):
        if self.input_bin_boundaries is not None:
            raise ValueError(
                "Cannot adapt a Discretization layer that has been initialized with `bin_boundaries`, use "
                f"`num_bins` instead. You passed `bin_boundaries={self.input_bin_boundaries}`."
            )
        summary = _summarize(np.asarray(data, np.float32).reshape(-1), self.epsilon)
        self._summary = summary if self._summary is None else _merge(self._summary, summary, self.epsilon)

    def finalize_state(self):
        if self.input_bin_boundaries is not None or self._summary is None or not self.num_bins:
            return
        self.bin_boundaries = [float(b) for b in _compress(self._summary, 1.0 / self.num_bins)[0, :-1]]

    def reset_state(self):
        if self.input_bin_boundaries is None:
            self._summary = None

    def call(self, inputs):
        if inputs.dtype.is_integer:
            inputs = cast_ops.cast(inputs, "float64")
        boundaries = creation_ops.constant(np.asarray(self.bin_boundaries, inputs.dtype.as_numpy_dtype))
        at_or_above = comparison_ops.greater_equal(array_ops.expand_dims(inputs, -1), boundaries)
        indices = reduction_ops.reduce_sum(cast_ops.cast(at_or_above, "int64"), axis=-1)
        return encode(indices, self.output_mode, len(self.bin_boundaries) + 1, dtype=self.compute_dtype)

    def compute_output_shape(self, input_shape):
        shape = TensorShape(input_shape).as_list()
        return TensorShape(encoded_shape(shape, self.output_mode, len(self.bin_boundaries) + 1))

    def get_config(self) -> dict:
        return {
            **super().get_config(),
            "bin_boundaries": _listify(self.input_bin_boundaries),
            "num_bins": self.num_bins,
            "epsilon": self.epsilon,
            "output_mode": self.output_mode,
            "sparse": self.sparse,
        }


# ---- approximate quantiles: a summary is [values; weights], sorted by value ------------------------
def _summarize(values: np.ndarray, epsilon: float) -> np.ndarray:
    """A batch's summary: about 1/epsilon evenly spaced order statistics, each weighted by the
    number of values it stands for."""
    values = np.sort(values)
    stride = int(values.size / (1.0 / epsilon))
    step = max(stride, 1)
    kept = values[stride::step]
    return _compress(np.stack([kept, np.full(kept.shape, step, np.float32)]).astype(np.float32), epsilon)


def _merge(first: np.ndarray, second: np.ndarray, epsilon: float) -> np.ndarray:
    merged = np.concatenate([first, second], axis=1)
    merged = merged[:, np.argsort(merged[0], kind="stable")]
    return _compress(merged, epsilon)


def _compress(summary: np.ndarray, epsilon: float) -> np.ndarray:
    """Re-samples a summary at the cumulative-weight fractions epsilon, 2 epsilon, ..., 1 (linear
    interpolation of the weighted empirical CDF); small summaries stay as they are."""
    if summary.shape[1] * epsilon < 1:
        return summary
    fractions = epsilon + np.arange(0.0, 1.0, epsilon)
    cumulative = np.cumsum(summary[1])
    cdf = cumulative / cumulative[-1]
    values = np.interp(fractions, cdf, summary[0])
    cumulative = np.interp(fractions, cdf, cumulative)
    weights = cumulative - np.concatenate([[0.0], cumulative[:-1]])
    return np.stack([values, weights]).astype(np.float32)
