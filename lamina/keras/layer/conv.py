"""`tf.keras.layers.Conv1D`, `Conv2D`, `Conv3D`: `activation(conv(inputs, kernel) + bias)`.

One base class holds what every convolution layer shares (argument checks, the kernel and bias,
bias and activation, config); the transposed, separable and depthwise layers (conv_transpose.py,
conv_depthwise.py) derive from it and replace the kernel's shape and the op that applies it.
"""

from __future__ import annotations

import numbers

from lamina._core.shape import TensorShape
from lamina.keras import activation as activations
from lamina.keras import constraint as constraints
from lamina.keras import initializer as initializers
from lamina.keras import regularizer as regularizers
from lamina.keras.layer import conv_utils
from lamina.keras.layer.base import Layer
from lamina.keras.layer.input_spec import InputSpec
from lamina.ops import array_ops, cast_ops, nn_conv, nn_ops


def as_compute_dtype(weight, dtype):
    """A weight read in the inputs' dtype (float32 weights of a mixed-precision layer meet float16
    inputs)."""
    return weight if weight.dtype == dtype else cast_ops.cast(weight, dtype)


class BaseConv(Layer):
    """What the convolution layers share; `rank` is the number of spatial dimensions.

    Subclasses set `_causal_allowed` (1-D layers that accept padding="causal") and may override
    `_kernel_shape`, `_convolve` and `compute_output_shape`.
    """

    _causal_allowed = False

    def __init__(
        self,
        rank,
        filters,
        kernel_size,
        strides=1,
        padding="valid",
        data_format=None,
        dilation_rate=1,
        groups=1,
        activation=None,
        use_bias=True,
        kernel_initializer="glorot_uniform",
        bias_initializer="zeros",
        kernel_regularizer=None,
        bias_regularizer=None,
        activity_regularizer=None,
        kernel_constraint=None,
        bias_constraint=None,
        **kwargs,
    ):
        super().__init__(activity_regularizer=activity_regularizer, **kwargs)
        self.rank = rank
        self.filters = _filters(filters)
        self.groups = _groups(groups)
        if self.filters is not None and self.filters % self.groups:
            raise ValueError(
                "The number of filters must be evenly divisible by the number of groups. Received: "
                f"groups={self.groups}, filters={self.filters}"
            )
        self.kernel_size = conv_utils.normalize_tuple(kernel_size, rank, "kernel_size")
        self.strides = conv_utils.normalize_tuple(strides, rank, "strides", allow_zero=True)
        if 0 in self.strides:
            raise ValueError(f"The argument `strides` cannot contains 0(s). Received: {self.strides}")
        self.padding = conv_utils.normalize_padding(padding)
        if self.padding == "causal" and not self._causal_allowed:
            raise ValueError("Causal padding is only supported for `Conv1D`and `SeparableConv1D`.")
        self.data_format = conv_utils.normalize_data_format(data_format)
        self.dilation_rate = conv_utils.normalize_tuple(dilation_rate, rank, "dilation_rate")
        conv_utils.check_strides_and_dilation(self.strides, self.dilation_rate)
        self.activation = activations.get(activation)
        self.use_bias = use_bias
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.kernel_regularizer = regularizers.get(kernel_regularizer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        self.kernel_constraint = constraints.get(kernel_constraint)
        self.bias_constraint = constraints.get(bias_constraint)
        self.input_spec = InputSpec(**self._spec_ndim())

    # ---- weights ---------------------------------------------------------------------------------
    def _input_channels(self, input_shape) -> int:
        input_shape = TensorShape(input_shape)
        axis = conv_utils.channel_axis(self.data_format)
        channels = input_shape[axis]
        if channels is None:
            raise ValueError(
                "The channel dimension of the inputs should be defined. The input_shape received is "
                f"{_text(input_shape)}, where axis {axis} (0-based) is the channel dimension, which found "
                "to be `None`."
            )
        return channels

    def _kernel_shape(self, input_channels: int) -> tuple:
        if input_channels % self.groups:
            raise ValueError(
                "The number of input channels must be evenly divisible by the number of groups. Received "
                f"groups={self.groups}, but the input has {input_channels} channels."
            )
        return (*self.kernel_size, input_channels // self.groups, self.filters)

    def _spec_ndim(self) -> dict:
        return {"min_ndim": self.rank + 2}

    def _set_input_spec(self, channels: int):
        self.input_spec = InputSpec(
            **self._spec_ndim(), axes={conv_utils.channel_axis(self.data_format): channels}
        )

    def build(self, input_shape):
        channels = self._input_channels(input_shape)
        self._set_input_spec(channels)
        self.kernel = self.add_weight(
            "kernel",
            shape=self._kernel_shape(channels),
            initializer=self.kernel_initializer,
            regularizer=self.kernel_regularizer,
            constraint=self.kernel_constraint,
            trainable=True,
        )
        self._build_bias(self.filters)

    def _build_bias(self, size: int):
        self.bias = None
        if self.use_bias:
            self.bias = self.add_weight(
                "bias",
                shape=(size,),
                initializer=self.bias_initializer,
                regularizer=self.bias_regularizer,
                constraint=self.bias_constraint,
                trainable=True,
            )

    # ---- the computation ---------------------------------------------------------------------------
    def call(self, inputs):
        outer = inputs.shape.rank - (self.rank + 2)
        if outer > 0:
            # Extra leading batch dimensions: fold them into one, convolve, unfold.
            leading = inputs.shape.as_list()[: outer + 1]
            inputs = array_ops.reshape(inputs, [-1, *inputs.shape.as_list()[outer + 1 :]])
        outputs = self._convolve(inputs)
        if self.bias is not None:
            data_format = conv_utils.tf_data_format(self.data_format, self.rank)
            outputs = nn_ops.bias_add(
                outputs, as_compute_dtype(self.bias, outputs.dtype), data_format=data_format
            )
        if outer > 0:
            outputs = array_ops.reshape(outputs, [-1, *leading[1:], *outputs.shape.as_list()[1:]])
        return self.activation(outputs) if self.activation is not None else outputs

    def _causal_pad(self, inputs):
        """Pads the time axis on the left so that each output sees only the present and the past."""
        if self.padding != "causal":
            return inputs
        left = self.dilation_rate[0] * (self.kernel_size[0] - 1)
        time_axis = 2 if self.data_format == "channels_first" else 1
        pairs = [[0, 0] for _ in range(inputs.shape.rank)]
        pairs[time_axis] = [left, 0]
        return array_ops.pad(inputs, pairs)

    def _op_padding(self) -> str:
        return "VALID" if self.padding == "causal" else self.padding.upper()

    def _convolve(self, inputs):
        return nn_conv.convolution(
            self._causal_pad(inputs),
            as_compute_dtype(self.kernel, inputs.dtype),
            strides=self.strides,
            padding=self._op_padding(),
            data_format=conv_utils.tf_data_format(self.data_format, self.rank),
            dilations=self.dilation_rate,
        )

    def compute_output_shape(self, input_shape):
        shape = TensorShape(input_shape).as_list()
        batch = shape[: len(shape) - self.rank - 1]
        if self.data_format == "channels_first":
            channels, spatial = shape[len(shape) - self.rank - 1], shape[len(shape) - self.rank :]
        else:
            channels, spatial = shape[-1], shape[len(shape) - self.rank - 1 : -1]
        lengths = self._output_lengths(spatial)
        out_channels = self._output_channels(channels)
        if self.data_format == "channels_first":
            return TensorShape([*batch, out_channels, *lengths])
        return TensorShape([*batch, *lengths, out_channels])

    def _output_lengths(self, spatial: list) -> list:
        return [
            conv_utils.conv_output_length(length, k, self.padding, s, d)
            for length, k, s, d in zip(spatial, self.kernel_size, self.strides, self.dilation_rate)
        ]

    def _output_channels(self, input_channels):
        return self.filters

    # ---- config ------------------------------------------------------------------------------------
    def get_config(self) -> dict:
        return {
            **super().get_config(),
            "filters": self.filters,
            "kernel_size": self.kernel_size,
            "strides": self.strides,
            "padding": self.padding,
            "data_format": self.data_format,
            "dilation_rate": self.dilation_rate,
            "groups": self.groups,
            "activation": activations.serialize(self.activation),
            "use_bias": self.use_bias,
            "kernel_initializer": initializers.serialize(self.kernel_initializer),
            "bias_initializer": initializers.serialize(self.bias_initializer),
            "kernel_regularizer": regularizers.serialize(self.kernel_regularizer),
            "bias_regularizer": regularizers.serialize(self.bias_regularizer),
            "activity_regularizer": regularizers.serialize(self.activity_regularizer),
            "kernel_constraint": constraints.serialize(self.kernel_constraint),
            "bias_constraint": constraints.serialize(self.bias_constraint),
        }


def _filters(filters):
    if filters is None:
        return None
    if not isinstance(filters, numbers.Real) or isinstance(filters, bool):
        raise TypeError(
            f"Invalid value for argument `filters`. Expected an integer. Received filters={filters!r}"
        )
    filters = int(filters)
    if filters <= 0:
        raise ValueError(
            "Invalid value for argument `filters`. Expected a strictly positive value. "
            f"Received filters={filters}."
        )
    return filters


def _groups(groups) -> int:
    if not isinstance(groups, numbers.Integral) or isinstance(groups, bool) or groups < 1:
        raise ValueError(
            f"Invalid value for argument `groups`. Expected a positive integer. Received groups={groups}"
        )
    return int(groups)


def _text(shape: TensorShape) -> str:
    return str(tuple(shape.as_list())) if shape.rank is not None else "<unknown>"


class Conv1D(BaseConv):
    """1-D convolution over the time axis of `(batch, steps, channels)` (or channels first).

    Args:
      filters: the number of output channels. kernel_size, strides, dilation_rate: an int or a
        1-tuple. padding: "valid", "same" or "causal" (left-padded: output t sees inputs <= t).
      data_format: "channels_last" (default) or "channels_first". groups: splits the input channels
        into that many groups convolved separately (must divide the input channels and `filters`).
      activation, use_bias, *_initializer, *_regularizer, activity_regularizer, *_constraint: as in
        Dense, for the weights `kernel` (kernel_size + (channels // groups, filters)) and `bias`.

    Raises:
      ValueError: non-positive sizes, an unknown padding or data format, strides and dilation both
        above 1, groups that do not divide filters or the input channels.
    """

    _causal_allowed = True

    def __init__(
        self,
        filters,
        kernel_size,
        strides=1,
        padding="valid",
        data_format="channels_last",
        dilation_rate=1,
        groups=1,
        activation=None,
        use_bias=True,
        kernel_initializer="glorot_uniform",
        bias_initializer="zeros",
        kernel_regularizer=None,
        bias_regularizer=None,
        activity_regularizer=None,
        kernel_constraint=None,
        bias_constraint=None,
        **kwargs,
    ):
        super().__init__(
            1,
            filters,
            kernel_size,
            strides,
            padding,
            data_format,
            dilation_rate,
            groups,
            activation,
            use_bias,
            kernel_initializer,
            bias_initializer,
            kernel_regularizer,
            bias_regularizer,
            activity_regularizer,
            kernel_constraint,
            bias_constraint,
            **kwargs,
        )


class Conv2D(BaseConv):
    """2-D convolution over `(batch, rows, cols, channels)` (or channels first); see Conv1D for the
    arguments (padding "valid" or "same"; tuples have 2 entries)."""

    def __init__(
        self,
        filters,
        kernel_size,
        strides=(1, 1),
        padding="valid",
        data_format=None,
        dilation_rate=(1, 1),
        groups=1,
        activation=None,
        use_bias=True,
        kernel_initializer="glorot_uniform",
        bias_initializer="zeros",
        kernel_regularizer=None,
        bias_regularizer=None,
        activity_regularizer=None,
        kernel_constraint=None,
        bias_constraint=None,
        **kwargs,
    ):
        super().__init__(
            2,
            filters,
            kernel_size,
            strides,
            padding,
            data_format,
            dilation_rate,
            groups,
            activation,
            use_bias,
            kernel_initializer,
            bias_initializer,
            kernel_regularizer,
            bias_regularizer,
            activity_regularizer,
            kernel_constraint,
            bias_constraint,
            **kwargs,
        )


class Conv3D(BaseConv):
    """3-D convolution over `(batch, depth, rows, cols, channels)` (or channels first); see Conv1D for
    the arguments (padding "valid" or "same"; tuples have 3 entries)."""

    def __init__(
        self,
        filters,
        kernel_size,
        strides=(1, 1, 1),
        padding="valid",
        data_format=None,
        dilation_rate=(1, 1, 1),
        groups=1,
        activation=None,
        use_bias=True,
        kernel_initializer="glorot_uniform",
        bias_initializer="zeros",
        kernel_regularizer=None,
        bias_regularizer=None,
        activity_regularizer=None,
        kernel_constraint=None,
        bias_constraint=None,
        **kwargs,
    ):
        super().__init__(
            3,
            filters,
            kernel_size,
            strides,
            padding,
            data_format,
            dilation_rate,
            groups,
            activation,
            use_bias,
            kernel_initializer,
            bias_initializer,
            kernel_regularizer,
            bias_regularizer,
            activity_regularizer,
            kernel_constraint,
            bias_constraint,
            **kwargs,
        )


Convolution1D = Conv1D
Convolution2D = Conv2D
Convolution3D = Conv3D
