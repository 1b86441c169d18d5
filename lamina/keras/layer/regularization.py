"""The regularization layers: Dropout and its spatial forms, GaussianNoise, GaussianDropout,
AlphaDropout, and ActivityRegularization.

The random layers act only while training (`training=True`, given or inherited from the enclosing
layer's call); in inference (`training=None` or False) they return their input unchanged. `training`
may also be a boolean tensor: then both branches are built and a `cond` chooses at run time. Masks
pass through every layer here.
"""

from __future__ import annotations

import math

from lamina._core.shape import TensorShape
from lamina._core.tensor import Tensor
from lamina.keras import regularizer as regularizers
from lamina.keras.layer.base import Layer
from lamina.keras.layer.core import normalize_data_format
from lamina.keras.layer.input_spec import InputSpec
from lamina.ops import array_ops, cast_ops, comparison_ops, control_flow_ops, creation_ops, nn_ops, random_ops
from lamina.ops._op import static_value

# The SELU constants (Klambauer et al., 2017): AlphaDropout keeps SELU's mean and variance.
_SELU_ALPHA = 1.6732632423543772848170429916717
_SELU_SCALE = 1.0507009873554804934193349852946


def _when_training(training, dropped, kept):
    """`dropped()` when training, else `kept()`; a symbolic boolean `training` builds a cond."""
    if isinstance(training, Tensor):
        value = static_value(training)
        if value is None:
            return control_flow_ops.cond(cast_ops.cast(training, "bool"), dropped, kept)
        training = bool(value)
    return dropped() if training else kept()


def _check_rate(rate):
    if isinstance(rate, (int, float)) and not isinstance(rate, bool) and not 0 <= rate <= 1:
        raise ValueError(f"Invalid value {rate} received for `rate`, expected a value between 0 and 1.")


class _PassThrough(Layer):
    """A layer whose output has its input's shape and mask."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.supports_masking = True

    def compute_output_shape(self, input_shape):
        return TensorShape(input_shape)


class Dropout(_PassThrough):
    """While training, zeroes each input entry with probability `rate` and scales the others by
    `1 / (1 - rate)`, so the expected sum is unchanged; in inference it is the identity.

    Args:
      rate: the fraction of entries to drop, in [0, 1].
      noise_shape: the shape of the keep/drop mask, broadcast against the input (None entries take
        the input's size): `(batch, 1, features)` drops the same features at every timestep.
      seed: an op seed (with `tf.random.set_seed`, makes the masks reproducible).

    Raises:
      ValueError: a rate outside [0, 1]; (when training) a rate of 1 or a non-float input.
    """

    def __init__(self, rate, noise_shape=None, seed=None, **kwargs):
        super().__init__(**kwargs)
        _check_rate(rate)
        self.rate = rate
        self.noise_shape = noise_shape
        self.seed = seed

    def _noise_shape(self, inputs):
        return self.noise_shape

    def call(self, inputs, training=None):
        def dropped():
            output = nn_ops.dropout(inputs, self.rate, noise_shape=self._noise_shape(inputs), seed=self.seed)
            return array_ops.identity(output) if output is inputs else output  # rate 0 returns x itself

        return _when_training(training, dropped, lambda: array_ops.identity(inputs))

    def get_config(self) -> dict:
        return {**super().get_config(), "rate": self.rate, "noise_shape": self.noise_shape, "seed": self.seed}


class SpatialDropout1D(Dropout):
    """Dropout of whole channels: for inputs `(batch, timesteps, channels)` each channel of a sample is
    dropped at every timestep at once (adjacent timesteps are strongly correlated).

    Args:
      rate: the fraction of channels to drop, in [0, 1]. Other arguments as for Dropout.
    """

    def __init__(self, rate, **kwargs):
        super().__init__(rate, **kwargs)
        self.input_spec = InputSpec(ndim=3)

    def _noise_shape(self, inputs):
        return [inputs.shape[0], 1, inputs.shape[2]]


class _SpatialDropoutND(Dropout):
    """Whole-feature-map dropout for inputs of rank `_RANK` in either data format."""

    _RANK = 4

    def __init__(self, rate, data_format=None, **kwargs):
        super().__init__(rate, **kwargs)
        if data_format is not None and data_format not in ("channels_last", "channels_first"):
            raise ValueError(
                '`data_format` must be "channels_last" or "channels_first". '
                f"Received: data_format={data_format}."
            )
        self.data_format = normalize_data_format(data_format)
        self.input_spec = InputSpec(ndim=self._RANK)

    def _noise_shape(self, inputs):
        batch, spatial = inputs.shape[0], [1] * (self._RANK - 2)
        if self.data_format == "channels_first":
            return [batch, inputs.shape[1], *spatial]
        return [batch, *spatial, inputs.shape[-1]]


class SpatialDropout2D(_SpatialDropoutND):
    """Dropout of whole 2-D feature maps: each channel of a sample is dropped everywhere at once.

    Args:
      rate: the fraction of channels to drop, in [0, 1].
      data_format: "channels_last" (inputs `(batch, rows, cols, channels)`) or "channels_first"
        (default: the backend's image data format). Like Keras 2.15, get_config does not record it.
    """

    _RANK = 4


class SpatialDropout3D(_SpatialDropoutND):
    """Dropout of whole 3-D feature maps: each channel of a sample is dropped everywhere at once.

    Args:
      rate: the fraction of channels to drop, in [0, 1].
      data_format: "channels_last" (inputs `(batch, d1, d2, d3, channels)`) or "channels_first".
    """

    _RANK = 5


class GaussianNoise(_PassThrough):
    """While training, adds zero-mean Gaussian noise of standard deviation `stddev`; in inference it is
    the identity.

    Args:
      stddev: the noise's standard deviation.
      seed: an op seed.
    """

    def __init__(self, stddev, seed=None, **kwargs):
        super().__init__(**kwargs)
        self.stddev = stddev
        self.seed = seed

    def call(self, inputs, training=None):
        def noisy():
            return inputs + random_ops.normal_like(inputs, mean=0.0, stddev=self.stddev, seed=self.seed)

        return _when_training(training, noisy, lambda: array_ops.identity(inputs))

    def get_config(self) -> dict:
        return {**super().get_config(), "stddev": self.stddev, "seed": self.seed}


class GaussianDropout(_PassThrough):
    """While training (and for 0 < rate < 1), multiplies the input by Gaussian noise of mean 1 and
    standard deviation `sqrt(rate / (1 - rate))`; otherwise it is the identity.

    Args:
      rate: the equivalent drop probability.
      seed: an op seed.
    """

    def __init__(self, rate, seed=None, **kwargs):
        super().__init__(**kwargs)
        self.rate = rate
        self.seed = seed

    def call(self, inputs, training=None):
        if not 0 < self.rate < 1:
            return array_ops.identity(inputs)

        def noisy():
            stddev = math.sqrt(self.rate / (1.0 - self.rate))
            return inputs * random_ops.normal_like(inputs, mean=1.0, stddev=stddev, seed=self.seed)

        return _when_training(training, noisy, lambda: array_ops.identity(inputs))

    def get_config(self) -> dict:
        return {**super().get_config(), "rate": self.rate, "seed": self.seed}


class AlphaDropout(_PassThrough):
    """Dropout for self-normalizing (SELU) networks: while training (and for 0 < rate < 1), dropped
    entries are set to SELU's negative saturation value and the result is scaled and shifted so the
    inputs' mean and variance are kept; in inference it is the identity.

    Args:
      rate: the drop probability.
      noise_shape: the shape of the keep/drop mask (None entries take the input's size).
      seed: an op seed.
    """

    def __init__(self, rate, noise_shape=None, seed=None, **kwargs):
        super().__init__(**kwargs)
        self.rate = rate
        self.noise_shape = noise_shape
        self.seed = seed

    def call(self, inputs, training=None):
        if not 0 < self.rate < 1:
            return array_ops.identity(inputs)

        def dropped():
            # The keep mask is the non-zero pattern of a dropout of ones (same mask rules as Dropout).
            ones = creation_ops.ones_like(inputs)
            kept = nn_ops.dropout(ones, self.rate, noise_shape=self.noise_shape, seed=self.seed)
            kept = cast_ops.cast(comparison_ops.greater(kept, 0), inputs.dtype)
            saturation = -_SELU_ALPHA * _SELU_SCALE
            a = ((1 - self.rate) * (1 + self.rate * saturation**2)) ** -0.5
            b = -a * saturation * self.rate
            return a * (inputs * kept + saturation * (1 - kept)) + b

        return _when_training(training, dropped, lambda: array_ops.identity(inputs))

    def get_config(self) -> dict:
        return {**super().get_config(), "rate": self.rate, "seed": self.seed}


class ActivityRegularization(_PassThrough):
    """Returns its input and adds `(l1 * sum(|x|) + l2 * sum(x**2)) / batch_size` to `losses`.

    Args:
      l1, l2: the penalty factors (non-negative floats).
    """

    def __init__(self, l1=0.0, l2=0.0, **kwargs):
        super().__init__(activity_regularizer=regularizers.L1L2(l1=l1, l2=l2), **kwargs)
        self.l1 = l1
        self.l2 = l2

    def call(self, inputs):
        return array_ops.identity(inputs)

    def get_config(self) -> dict:
        return {**super().get_config(), "l1": self.l1, "l2": self.l2}
