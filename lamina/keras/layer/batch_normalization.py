"""`tf.keras.layers.BatchNormalization`: normalizes each feature with the batch's statistics while
training and with moving averages of them in inference.

The moving mean and variance are non-trainable weights updated by `assign` inside `call` when
`training=True`; inside a tf.function the assignments are functionalized like any variable write, so
a training step stays one compiled program. As in Keras 2, a layer with `trainable=False` always runs
in inference mode (fine-tuning a frozen backbone keeps its statistics).

Like TensorFlow, the layer takes the "fused" path for rank-4 and rank-5 inputs normalized over their
channel axis (first or last): the output is the same, but the moving variance is updated with the
unbiased batch variance (n / (n - 1) times the biased one), as TensorFlow's fused kernel does.
"""

from __future__ import annotations

import numbers

from lamina._core.errors import unimplemented
from lamina._core.shape import TensorShape
from lamina._core.tensor import Tensor
from lamina.keras import constraint as constraints
from lamina.keras import initializer as initializers
from lamina.keras import regularizer as regularizers
from lamina.keras.autocast_variable import autocast
from lamina.keras.layer.base import Layer
from lamina.keras.layer.input_spec import InputSpec
from lamina.ops import array_ops, cast_ops, control_flow_ops, creation_ops, math_ops, nn_ops, reduction_ops
from lamina.ops._op import static_value

_HALF = ("float16", "bfloat16")


def normalize_axis(axis, what: str = "axis"):
    """An int, or a list of ints (from a list or tuple); anything else is a TypeError."""
    if isinstance(axis, numbers.Integral) and not isinstance(axis, bool):
        return int(axis)
    if isinstance(axis, (list, tuple)) and all(isinstance(a, numbers.Integral) for a in axis):
        return [int(a) for a in axis]
    raise TypeError(
        f"Expected an int or a list/tuple of ints for the argument '{what}', but received: {axis!r}"
    )


def resolve_axes(axis, rank: int) -> list:
    """`axis` (int or list) as sorted non-negative axes of a rank-`rank` input.

    Raises:
      ValueError: an axis out of range, or a repeated one.
    """
    axes = [axis] if isinstance(axis, int) else list(axis)
    resolved = [a + rank if a < 0 else a for a in axes]
    if any(not 0 <= a < rank for a in resolved):
        raise ValueError(
            "Invalid value for `axis` argument. Expected 0 <= axis < inputs.rank (with inputs.rank="
            f"{rank}). Received: axis={tuple(axes)}"
        )
    if len(set(resolved)) != len(resolved):
        raise ValueError(f"Duplicate axis: {tuple(axes)}")
    return sorted(resolved)


def static_training(training):
    """A Python bool for `training` when it is one (or a tensor of known value), else the tensor."""
    if isinstance(training, Tensor):
        value = static_value(training)
        return training if value is None else bool(value)
    return bool(training)


class BatchNormalization(Layer):
    """Normalizes its inputs feature-wise: `gamma * (x - mean) / sqrt(variance + epsilon) + beta`.

    While training (`training=True`), mean and variance are the batch's over every axis but `axis`,
    and the moving averages move toward them: `moving = moving * momentum + batch * (1 - momentum)`.
    In inference (`training=None` or False, or a layer with `trainable=False`) the moving averages
    are used. With a mask (e.g. from Embedding(mask_zero=True)), masked steps do not count in the
    batch statistics.

    Args:
      axis: the feature axis (or a list of axes) that keeps its own statistics (default -1).
      momentum: of the moving averages. epsilon: added to the variance.
      center, scale: whether to learn `beta` and `gamma`.
      beta/gamma/moving_mean/moving_variance_initializer, beta/gamma_regularizer,
        beta/gamma_constraint: for the weights gamma, beta, moving_mean and moving_variance (in that
        order; shape (features,) for one axis, else the input's rank with 1 on the other axes).
      synchronized: accepted; with one replica (lamina has no distribution yet) synchronized batch
        statistics are the ordinary ones.
      fused: None (choose, like TensorFlow), True (require the fused path) or False.
      renorm, renorm_clipping, renorm_momentum, virtual_batch_size, adjustment: not implemented;
        setting them raises.

    Raises:
      TypeError: a malformed axis. ValueError: an axis out of range or repeated, an undefined
        feature dimension, fused=True for an input the fused path does not take.
      UnimplementedError: renorm, virtual_batch_size or adjustment.
    """

    def __init__(
        self,
        axis=-1,
        momentum=0.99,
        epsilon=1e-3,
        center=True,
        scale=True,
        beta_initializer="zeros",
        gamma_initializer="ones",
        moving_mean_initializer="zeros",
        moving_variance_initializer="ones",
        beta_regularizer=None,
        gamma_regularizer=None,
        beta_constraint=None,
        gamma_constraint=None,
        synchronized=False,
        **kwargs,
    ):
        _refuse_unimplemented(kwargs)
        self.fused = kwargs.pop("fused", None)
        super().__init__(**kwargs)
        self.axis = normalize_axis(axis)
        self.momentum = momentum
        self.epsilon = epsilon
        self.center = center
        self.scale = scale
        self.synchronized = bool(synchronized)
        self.beta_initializer = initializers.get(beta_initializer)
        self.gamma_initializer = initializers.get(gamma_initializer)
        self.moving_mean_initializer = initializers.get(moving_mean_initializer)
        self.moving_variance_initializer = initializers.get(moving_variance_initializer)
        self.beta_regularizer = regularizers.get(beta_regularizer)
        self.gamma_regularizer = regularizers.get(gamma_regularizer)
        self.beta_constraint = constraints.get(beta_constraint)
        self.gamma_constraint = constraints.get(gamma_constraint)
        self.supports_masking = True

    def build(self, input_shape):
        input_shape = TensorShape(input_shape)
        if input_shape.rank is None:
            raise ValueError(f"Input has undefined rank. Received: input_shape={input_shape}")
        rank = input_shape.rank
        self._axes = resolve_axes(self.axis, rank)
        dims = input_shape.as_list()
        if any(dims[a] is None for a in self._axes):
            raise ValueError(
                f"Input has undefined `axis` dimension. Received input with shape {tuple(dims)} and "
                f"axis={tuple(self._axes)}"
            )
        self._fused = self._use_fused(dims)
        self.input_spec = InputSpec(ndim=rank, axes={a: dims[a] for a in self._axes})
        if len(self._axes) == 1:
            param_shape = (dims[self._axes[0]],)
        else:
            param_shape = tuple(dims[i] if i in self._axes else 1 for i in range(rank))
        dtype = "float32" if self.dtype in _HALF else self.dtype
        self.gamma = self._param(
            "gamma",
            param_shape,
            dtype,
            self.gamma_initializer,
            self.scale,
            self.gamma_regularizer,
            self.gamma_constraint,
        )
        self.beta = self._param(
            "beta",
            param_shape,
            dtype,
            self.beta_initializer,
            self.center,
            self.beta_regularizer,
            self.beta_constraint,
        )
        self.moving_mean = self.add_weight(
            "moving_mean",
            shape=param_shape,
            dtype=dtype,
            initializer=self.moving_mean_initializer,
            trainable=False,
        )
        self.moving_variance = self.add_weight(
            "moving_variance",
            shape=param_shape,
            dtype=dtype,
            initializer=self.moving_variance_initializer,
            trainable=False,
        )

    def _param(self, name, shape, dtype, initializer, enabled, regularizer, constraint):
        if not enabled:
            return None
        return self.add_weight(
            name,
            shape=shape,
            dtype=dtype,
            initializer=initializer,
            regularizer=regularizer,
            constraint=constraint,
            trainable=True,
        )

    def _use_fused(self, dims: list) -> bool:
        rank = len(dims)
        channel_axes = ([1], [rank - 1])
        possible = rank in (4, 5) and self._axes in channel_axes
        if self.fused is True and rank not in (4, 5):
            raise ValueError(
                "Batch normalization layers with `fused=True` only support 4D or 5D input tensors. Received "
                f"tensor with shape: {tuple(dims)}"
            )
        if self.fused is True and not possible:
            raise ValueError(
                "Passing `fused=True` is only supported when axis is 1 or 3 for input rank = 4 or 1 or 4 for "
                f"input rank = 5. Got axis {self._axes}"
            )
        return possible and self.fused is not False

    # ---- the computation ---------------------------------------------------------------------------
    def call(self, inputs, training=None, mask=None):
        training = static_training(training) if self.trainable else False
        input_dtype = inputs.dtype
        compute = "float32" if input_dtype.name in _HALF or not input_dtype.is_floating else input_dtype.name
        x = cast_ops.cast(inputs, compute) if input_dtype.name != compute else inputs
        with autocast(None):  # statistics and weights stay float32 under a mixed-precision policy
            outputs = self._normalize_batch(x, training, mask)
        out_dtype = input_dtype.name if input_dtype.is_floating else compute
        return cast_ops.cast(outputs, out_dtype) if outputs.dtype.name != out_dtype else outputs

    def _normalize_batch(self, x, training, mask):
        if isinstance(training, Tensor):
            return control_flow_ops.cond(
                cast_ops.cast(training, "bool"), lambda: self._training(x, mask), lambda: self._inference(x)
            )
        return self._training(x, mask) if training else self._inference(x)

    def _broadcast(self, value, rank):
        """A (features,) statistic or weight reshaped to broadcast against a rank-`rank` input."""
        if value is None or len(self._axes) > 1 or self._axes[0] == rank - 1:
            return value
        shape = [1] * rank
        shape[self._axes[0]] = -1
        return array_ops.reshape(value, shape)

    def _normalize(self, x, mean, variance):
        rank = x.shape.rank
        gamma, beta = (None if w is None else cast_ops.cast(w, x.dtype) for w in (self.gamma, self.beta))
        return nn_ops.batch_normalization(
            x,
            self._broadcast(mean, rank),
            self._broadcast(variance, rank),
            self._broadcast(beta, rank),
            self._broadcast(gamma, rank),
            self.epsilon,
        )

    def _inference(self, x):
        mean, variance = (cast_ops.cast(v, x.dtype) for v in (self.moving_mean, self.moving_variance))
        return self._normalize(x, mean, variance)

    def _training(self, x, mask):
        rank = x.shape.rank
        reduction_axes = [i for i in range(rank) if i not in self._axes]
        keepdims = len(self._axes) > 1
        if mask is not None:
            mean, variance = _masked_moments(x, mask, reduction_axes, keepdims)
            update_variance = variance
        else:
            mean, variance = nn_ops.moments(x, reduction_axes, keepdims=keepdims)
            update_variance = _unbiased(variance, x, mean) if self._fused else variance
        self._update_moving(self.moving_mean, mean)
        self._update_moving(self.moving_variance, update_variance)
        return self._normalize(x, mean, variance)

    def _update_moving(self, variable, value):
        decay = 1.0 - self.momentum
        value = cast_ops.cast(value, variable.dtype)
        variable.assign_sub(math_ops.multiply(math_ops.subtract(variable, value), decay))

    def compute_output_shape(self, input_shape):
        return TensorShape(input_shape)

    def get_config(self) -> dict:
        config = {
            **super().get_config(),
            "axis": self.axis,
            "momentum": self.momentum,
            "epsilon": self.epsilon,
            "center": self.center,
            "scale": self.scale,
            "beta_initializer": initializers.serialize(self.beta_initializer),
            "gamma_initializer": initializers.serialize(self.gamma_initializer),
            "moving_mean_initializer": initializers.serialize(self.moving_mean_initializer),
            "moving_variance_initializer": initializers.serialize(self.moving_variance_initializer),
            "beta_regularizer": regularizers.serialize(self.beta_regularizer),
            "gamma_regularizer": regularizers.serialize(self.gamma_regularizer),
            "beta_constraint": constraints.serialize(self.beta_constraint),
            "gamma_constraint": constraints.serialize(self.gamma_constraint),
        }
        if self.synchronized:
            config["synchronized"] = True
        return config


def _refuse_unimplemented(kwargs):
    """Batch renormalization, ghost batches and custom adjustments are not implemented; they raise
    when set (their default values are accepted, so configs from TensorFlow load)."""
    defaults = {
        "renorm": False,
        "renorm_clipping": None,
        "renorm_momentum": 0.99,
        "virtual_batch_size": None,
        "adjustment": None,
    }
    for key, default in defaults.items():
        value = kwargs.pop(key, default)
        if value != default:
            raise unimplemented(f"tf.keras.layers.BatchNormalization({key}={value!r})")


def _masked_moments(x, mask, axes, keepdims):
    """Mean and variance over `axes` of the entries whose mask is True (the mask covers the input's
    leading dimensions, e.g. (batch, steps) for (batch, steps, features))."""
    weights = cast_ops.cast(mask, x.dtype)
    while weights.shape.rank < x.shape.rank:
        weights = array_ops.expand_dims(weights, -1)
    weights = math_ops.add(weights, creation_ops.zeros_like(x))
    count = reduction_ops.reduce_sum(weights, axis=axes, keepdims=True)
    mean = math_ops.divide_no_nan(reduction_ops.reduce_sum(x * weights, axis=axes, keepdims=True), count)
    squares = math_ops.square(x - mean) * weights
    variance = math_ops.divide_no_nan(reduction_ops.reduce_sum(squares, axis=axes, keepdims=True), count)
    if not keepdims:
        mean, variance = array_ops.squeeze(mean, axes), array_ops.squeeze(variance, axes)
    return mean, variance


def _unbiased(variance, x, mean):
    """n / (n - 1) * variance, n the number of entries each statistic was computed over."""
    count = cast_ops.cast(array_ops.size(x), variance.dtype) / cast_ops.cast(
        array_ops.size(mean), variance.dtype
    )
    return variance * (count / math_ops.maximum(count - 1.0, 1.0))
