"""Activation layers with parameters: ReLU (capped, leaky, thresholded), LeakyReLU, PReLU (a learned
slope), ELU, ThresholdedReLU and Softmax (with a mask). They compute with the activation functions
of `tf.keras.activations`, so a layer and its function give the same values."""

from __future__ import annotations

import numpy as np

from lamina._core.shape import TensorShape
from lamina.keras import activation as activations
from lamina.keras import constraint as constraints
from lamina.keras import initializer as initializers
from lamina.keras import regularizer as regularizers
from lamina.keras.layer.base import Layer
from lamina.keras.layer.input_spec import InputSpec
from lamina.ops import cast_ops, comparison_ops, math_ops, nn_ops


class _Elementwise(Layer):
    """An activation applied element by element: shape and mask pass through."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.supports_masking = True

    def compute_output_shape(self, input_shape):
        return TensorShape(input_shape)


def _non_negative(value, name: str, layer: str) -> float:
    if value is None:
        raise ValueError(f"{name} of a {layer} layer cannot be None. Expecting a float. Received: {value}")
    if value < 0:
        raise ValueError(f"{name} of a {layer} layer must be >= 0. Received: {name}={value}")
    return float(value)


class ReLU(_Elementwise):
    """max(x, 0), with `max_value` capping it, `negative_slope` below `threshold` and values not above
    `threshold` set to 0 (or to the slope times the distance).

    Raises:
      ValueError: a negative max_value or negative_slope, or a None threshold.
    """

    def __init__(self, max_value=None, negative_slope=0.0, threshold=0.0, **kwargs):
        super().__init__(**kwargs)
        self.max_value = None if max_value is None else _non_negative(max_value, "max_value", "ReLU")
        # Kept as float32 arrays, as Keras keeps them (so they appear so in the config).
        self.negative_slope = np.asarray(_non_negative(negative_slope, "negative_slope", "ReLU"), "float32")
        if threshold is None:
            raise ValueError(
                f"threshold of a ReLU layer cannot be None. Expecting a float. Received: {threshold}"
            )
        self.threshold = np.asarray(threshold, "float32")

    def call(self, inputs):
        return activations.relu(
            inputs,
            alpha=float(self.negative_slope),
            max_value=self.max_value,
            threshold=float(self.threshold),
        )

    def get_config(self) -> dict:
        return {
            **super().get_config(),
            "max_value": self.max_value,
            "negative_slope": self.negative_slope,
            "threshold": self.threshold,
        }


class LeakyReLU(_Elementwise):
    """x if x > 0, else alpha * x (alpha default 0.3).

    Raises:
      ValueError: alpha None or negative.
    """

    def __init__(self, alpha=0.3, **kwargs):
        super().__init__(**kwargs)
        self.alpha = _non_negative(alpha, "alpha", "LeakyReLU")

    def call(self, inputs):
        return nn_ops.leaky_relu(inputs, alpha=self.alpha)

    def get_config(self) -> dict:
        return {**super().get_config(), "alpha": self.alpha}


class ELU(_Elementwise):
    """x if x > 0, else alpha * (exp(x) - 1).

    Raises:
      ValueError: alpha None.
    """

    def __init__(self, alpha=1.0, **kwargs):
        super().__init__(**kwargs)
        if alpha is None:
            raise ValueError(f"Alpha of an ELU layer cannot be None, expecting a float. Received: {alpha}")
        self.alpha = float(alpha)

    def call(self, inputs):
        return activations.elu(inputs, alpha=self.alpha)

    def get_config(self) -> dict:
        return {**super().get_config(), "alpha": self.alpha}


class ThresholdedReLU(_Elementwise):
    """x if x > theta, else 0.

    Raises:
      ValueError: theta None or negative.
    """

    def __init__(self, theta=1.0, **kwargs):
        super().__init__(**kwargs)
        self.theta = _non_negative(theta, "Theta", "ThresholdedReLU")

    def call(self, inputs):
        theta = cast_ops.cast(self.theta, inputs.dtype)
        return inputs * cast_ops.cast(comparison_ops.greater(inputs, theta), inputs.dtype)

    def get_config(self) -> dict:
        return {**super().get_config(), "theta": self.theta}


class PReLU(_Elementwise):
    """x if x > 0, else alpha * x, with alpha a learned weight (one per input feature; `shared_axes`
    share one alpha along those axes).

    Args:
      alpha_initializer, alpha_regularizer, alpha_constraint: for the weight `alpha`.
      shared_axes: axes (counted from 1, the batch axis being 0) along which alpha is shared.
    """

    def __init__(
        self,
        alpha_initializer="zeros",
        alpha_regularizer=None,
        alpha_constraint=None,
        shared_axes=None,
        **kwargs,
    ):
        super().__init__(**kwargs)
        self.alpha_initializer = initializers.get(alpha_initializer)
        self.alpha_regularizer = regularizers.get(alpha_regularizer)
        self.alpha_constraint = constraints.get(alpha_constraint)
        if shared_axes is None or isinstance(shared_axes, (list, tuple)):
            self.shared_axes = None if shared_axes is None else tuple(shared_axes)
        else:
            self.shared_axes = (shared_axes,)

    def build(self, input_shape):
        dims = list(TensorShape(input_shape).as_list()[1:])
        for axis in self.shared_axes or []:
            dims[axis - 1] = 1
        self.alpha = self.add_weight(
            "alpha",
            shape=dims,
            initializer=self.alpha_initializer,
            regularizer=self.alpha_regularizer,
            constraint=self.alpha_constraint,
        )
        axes = {
            i + 1: d
            for i, d in enumerate(TensorShape(input_shape).as_list()[1:])
            if i + 1 not in (self.shared_axes or [])
        }
        self.input_spec = InputSpec(ndim=len(dims) + 1, axes=axes)

    def call(self, inputs):
        positive = nn_ops.relu(inputs)
        negative = -self.alpha * nn_ops.relu(-inputs)
        return math_ops.add(positive, negative)

    def get_config(self) -> dict:
        return {
            **super().get_config(),
            "alpha_initializer": initializers.serialize(self.alpha_initializer),
            "alpha_regularizer": regularizers.serialize(self.alpha_regularizer),
            "alpha_constraint": constraints.serialize(self.alpha_constraint),
            "shared_axes": self.shared_axes,
        }


class Softmax(_Elementwise):
    """softmax along `axis`; entries whose mask is False get (almost) zero probability."""

    def __init__(self, axis=-1, **kwargs):
        super().__init__(**kwargs)
        self.axis = axis

    def call(self, inputs, mask=None):
        if mask is not None:
            # A large negative logit where masked: exp of it underflows to 0 (Keras's rule).
            penalty = (1.0 - cast_ops.cast(mask, inputs.dtype)) * cast_ops.cast(
                -1e9 if inputs.dtype.size > 2 else -65500.0, inputs.dtype
            )
            inputs = inputs + penalty
        return activations.softmax(inputs, axis=self.axis)

    def get_config(self) -> dict:
        return {**super().get_config(), "axis": self.axis}
