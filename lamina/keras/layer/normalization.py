"""Per-example normalization layers: `LayerNormalization` (over chosen axes), `GroupNormalization`
(over groups of channels) and `UnitNormalization` (to unit L2 norm). Unlike BatchNormalization they
behave the same in training and inference and keep no statistics. Half-precision inputs are
normalized in float32 and cast back."""

from __future__ import annotations

import numbers

from lamina._core.shape import TensorShape
from lamina.keras import constraint as constraints
from lamina.keras import initializer as initializers
from lamina.keras import regularizer as regularizers
from lamina.keras.autocast_variable import autocast
from lamina.keras.layer.base import Layer
from lamina.keras.layer.batch_normalization import normalize_axis, resolve_axes
from lamina.keras.layer.input_spec import InputSpec
from lamina.ops import array_ops, cast_ops, math_ops, nn_ops

_HALF = ("float16", "bfloat16")


def _widen(inputs):
    """Inputs in float32 when they are half precision (or not floating), else unchanged."""
    if inputs.dtype.is_floating and inputs.dtype.name not in _HALF:
        return inputs
    return cast_ops.cast(inputs, "float32")


def _restore(outputs, inputs):
    dtype = inputs.dtype if inputs.dtype.is_floating else outputs.dtype
    return outputs if outputs.dtype == dtype else cast_ops.cast(outputs, dtype)


class _AffineNormalization(Layer):
    """The learned `gamma` and `beta` shared by LayerNormalization and GroupNormalization."""

    def __init__(
        self,
        epsilon,
        center,
        scale,
        beta_initializer,
        gamma_initializer,
        beta_regularizer,
        gamma_regularizer,
        beta_constraint,
        gamma_constraint,
        **kwargs,
    ):
        super().__init__(**kwargs)
        self.epsilon = epsilon
        self.center = center
        self.scale = scale
        self.beta_initializer = initializers.get(beta_initializer)
        self.gamma_initializer = initializers.get(gamma_initializer)
        self.beta_regularizer = regularizers.get(beta_regularizer)
        self.gamma_regularizer = regularizers.get(gamma_regularizer)
        self.beta_constraint = constraints.get(beta_constraint)
        self.gamma_constraint = constraints.get(gamma_constraint)
        self.supports_masking = True

    def _build_affine(self, shape):
        dtype = "float32" if self.dtype in _HALF else self.dtype
        self.gamma = self.beta = None
        if self.scale:
            self.gamma = self.add_weight(
                "gamma",
                shape=shape,
                dtype=dtype,
                initializer=self.gamma_initializer,
                regularizer=self.gamma_regularizer,
                constraint=self.gamma_constraint,
            )
        if self.center:
            self.beta = self.add_weight(
                "beta",
                shape=shape,
                dtype=dtype,
                initializer=self.beta_initializer,
                regularizer=self.beta_regularizer,
                constraint=self.beta_constraint,
            )

    def _apply_affine(self, normalized, broadcast_shape):
        with autocast(None):  # float32 weights under a mixed-precision policy: no round trip to float16
            for weight, combine in ((self.gamma, math_ops.multiply), (self.beta, math_ops.add)):
                if weight is not None:
                    value = array_ops.reshape(cast_ops.cast(weight, normalized.dtype), broadcast_shape)
                    normalized = combine(normalized, value)
        return normalized

    def compute_output_shape(self, input_shape):
        return TensorShape(input_shape)

    def get_config(self) -> dict:
        return {
            **super().get_config(),
            "epsilon": self.epsilon,
            "center": self.center,
            "scale": self.scale,
            "beta_initializer": initializers.serialize(self.beta_initializer),
            "gamma_initializer": initializers.serialize(self.gamma_initializer),
            "beta_regularizer": regularizers.serialize(self.beta_regularizer),
            "gamma_regularizer": regularizers.serialize(self.gamma_regularizer),
            "beta_constraint": constraints.serialize(self.beta_constraint),
            "gamma_constraint": constraints.serialize(self.gamma_constraint),
        }


class LayerNormalization(_AffineNormalization):
    """Normalizes each example over `axis`: `gamma * (x - mean) / sqrt(variance + epsilon) + beta`,
    mean and variance taken over the axes in `axis` only.

    Args:
      axis: an int or a list of ints (default -1, the features). epsilon: added to the variance.
      center, scale, beta/gamma_initializer, beta/gamma_regularizer, beta/gamma_constraint: for the
        weights `gamma` and `beta` (in that order), of shape `[input_shape[a] for a in axis]`.

    Raises:
      TypeError: a malformed axis. ValueError: an axis out of range or repeated.
    """

    def __init__(
        self,
        axis=-1,
        epsilon=1e-3,
        center=True,
        scale=True,
        beta_initializer="zeros",
        gamma_initializer="ones",
        beta_regularizer=None,
        gamma_regularizer=None,
        beta_constraint=None,
        gamma_constraint=None,
        **kwargs,
    ):
        super().__init__(
            epsilon,
            center,
            scale,
            beta_initializer,
            gamma_initializer,
            beta_regularizer,
            gamma_regularizer,
            beta_constraint,
            gamma_constraint,
            **kwargs,
        )
        self.axis = normalize_axis(axis)

    def build(self, input_shape):
        input_shape = TensorShape(input_shape)
        self._axes = resolve_axes(self.axis, input_shape.rank)
        dims = input_shape.as_list()
        if any(dims[a] is None for a in self._axes):
            raise ValueError(
                f"The normalized axes {tuple(self._axes)} of the inputs to LayerNormalization must be known. "
                f"Received: input_shape={tuple(dims)}"
            )
        self._build_affine([dims[a] for a in self._axes])

    def call(self, inputs):
        x = _widen(inputs)
        mean, variance = nn_ops.moments(x, self._axes, keepdims=True)
        normalized = nn_ops.batch_normalization(x, mean, variance, None, None, self.epsilon)
        shape = [x.shape.as_list()[i] if i in self._axes else 1 for i in range(x.shape.rank)]
        return _restore(self._apply_affine(normalized, shape), inputs)

    def get_config(self) -> dict:
        return {**super().get_config(), "axis": self.axis}


class GroupNormalization(_AffineNormalization):
    """Splits the channels (`axis`) into `groups` groups of consecutive channels and normalizes each
    group of each example over its channels and every other non-batch axis; then applies `gamma` and
    `beta` per channel. groups=1 is LayerNormalization over all but the batch axis; groups=-1 (or the
    number of channels) is instance normalization.

    Args:
      groups: the number of groups, dividing the channels (-1: one group per channel).
      axis: the channel axis (default -1). Others as in LayerNormalization (`gamma`, `beta` have
        shape (channels,)).

    Raises:
      ValueError: a channel dimension that is undefined, smaller than `groups` or not a multiple of it.
    """

    def __init__(
        self,
        groups=32,
        axis=-1,
        epsilon=1e-3,
        center=True,
        scale=True,
        beta_initializer="zeros",
        gamma_initializer="ones",
        beta_regularizer=None,
        gamma_regularizer=None,
        beta_constraint=None,
        gamma_constraint=None,
        **kwargs,
    ):
        super().__init__(
            epsilon,
            center,
            scale,
            beta_initializer,
            gamma_initializer,
            beta_regularizer,
            gamma_regularizer,
            beta_constraint,
            gamma_constraint,
            **kwargs,
        )
        if not isinstance(groups, numbers.Integral) or isinstance(groups, bool) or groups == 0 or groups < -1:
            raise ValueError(f"`groups` must be a positive integer or -1. Received: groups={groups}")
        self.groups = int(groups)
        self.axis = normalize_axis(axis)
        if not isinstance(self.axis, int):
            raise TypeError(f"GroupNormalization takes a single `axis`. Received: axis={axis}")

    def build(self, input_shape):
        input_shape = TensorShape(input_shape)
        dims = input_shape.as_list()
        (self._axis,) = resolve_axes(self.axis, input_shape.rank)
        channels = dims[self._axis]
        if channels is None:
            raise ValueError(
                f"Axis {self.axis} of input tensor should have a defined dimension but the layer received an "
                f"input with shape {tuple(dims)}."
            )
        self._groups = channels if self.groups == -1 else self.groups
        if channels < self._groups:
            raise ValueError(
                f"Number of groups ({self._groups}) cannot be more than the number of channels ({channels})."
            )
        if channels % self._groups:
            raise ValueError(
                f"Number of groups ({self._groups}) must be a multiple of the number of channels "
                f"({channels})."
            )
        self.input_spec = InputSpec(ndim=len(dims), axes={self.axis: channels})
        self._build_affine((channels,))

    def call(self, inputs):
        x = _widen(inputs)
        normalized = nn_ops.group_normalize(x, self._groups, self._axis, self.epsilon)
        shape = [-1 if i == self._axis else 1 for i in range(x.shape.rank)]
        return _restore(self._apply_affine(normalized, shape), inputs)

    def get_config(self) -> dict:
        return {**super().get_config(), "groups": self.groups, "axis": self.axis}


class UnitNormalization(Layer):
    """Scales each example to unit L2 norm over `axis`: `x / sqrt(max(sum(x ** 2), 1e-12))`.

    Args:
      axis: an int or a list of ints (default -1).

    Raises:
      TypeError: a malformed axis. ValueError: an axis out of range.
    """

    def __init__(self, axis=-1, **kwargs):
        super().__init__(**kwargs)
        try:
            self.axis = normalize_axis(axis)
        except TypeError:
            raise TypeError(
                "Invalid value for `axis` argument: expected an int or a list/tuple of ints. "
                f"Received: axis={axis}"
            ) from None
        self.supports_masking = True

    def build(self, input_shape):
        self._axes = resolve_axes(self.axis, TensorShape(input_shape).rank)

    def call(self, inputs):
        x = _widen(inputs)
        return _restore(math_ops.l2_normalize(x, axis=self._axes, epsilon=1e-12), inputs)

    def compute_output_shape(self, input_shape):
        return TensorShape(input_shape)

    def get_config(self) -> dict:
        return {**super().get_config(), "axis": self.axis}
