"""`tf.keras.layers.DepthwiseConv1D/2D` (each input channel convolved with its own
`depth_multiplier` filters) and `SeparableConv1D/2D` (that, then a 1x1 convolution mixing the
channels). The 1-D layers run the 2-D ops on inputs with a height of 1, as Keras does."""

from __future__ import annotations

from lamina.keras import constraint as constraints
from lamina.keras import initializer as initializers
from lamina.keras import regularizer as regularizers
from lamina.keras.layer import conv_utils
from lamina.keras.layer.conv import BaseConv, as_compute_dtype
from lamina.ops import array_ops, nn_conv


class _Depthwise(BaseConv):
    """Shared by the depthwise and separable layers: the depthwise kernel
    kernel_size + (input channels, depth_multiplier) and how the 2-D ops are called."""

    def _spec_ndim(self) -> dict:
        return {"ndim": self.rank + 2}

    def _build_depthwise(self, channels: int):
        self.depthwise_kernel = self.add_weight(
            "depthwise_kernel",
            shape=(*self.kernel_size, channels, self.depth_multiplier),
            initializer=self.depthwise_initializer,
            regularizer=self.depthwise_regularizer,
            constraint=self.depthwise_constraint,
            trainable=True,
        )

    def _as_2d(self, inputs, *kernels):
        """(inputs, kernels, strides, dilations) for the 2-D ops: 1-D layers add a height of 1."""
        channels_first = self.data_format == "channels_first"
        if self.rank == 2:
            strides = (1, 1, *self.strides) if channels_first else (1, *self.strides, 1)
            return inputs, kernels, strides, self.dilation_rate
        inputs = array_ops.expand_dims(inputs, 2 if channels_first else 1)
        kernels = tuple(array_ops.expand_dims(k, 0) for k in kernels)
        strides = (1, 1, 1, self.strides[0]) if channels_first else (1, 1, self.strides[0], 1)
        return inputs, kernels, strides, (1, self.dilation_rate[0])

    def _from_2d(self, outputs):
        if self.rank == 2:
            return outputs
        return array_ops.squeeze(outputs, [2 if self.data_format == "channels_first" else 1])

    def _depthwise_config(self) -> dict:
        return {
            "depth_multiplier": self.depth_multiplier,
            "depthwise_initializer": initializers.serialize(self.depthwise_initializer),
            "depthwise_regularizer": regularizers.serialize(self.depthwise_regularizer),
            "depthwise_constraint": constraints.serialize(self.depthwise_constraint),
        }


def _store_depthwise(layer, depth_multiplier, initializer, regularizer, constraint):
    if int(depth_multiplier) < 1:
        raise ValueError(
            "Invalid value for argument `depth_multiplier`. Expected a positive integer. "
            f"Received: {depth_multiplier}"
        )
    layer.depth_multiplier = int(depth_multiplier)
    layer.depthwise_initializer = initializers.get(initializer)
    layer.depthwise_regularizer = regularizers.get(regularizer)
    layer.depthwise_constraint = constraints.get(constraint)


class BaseDepthwiseConv(_Depthwise):
    """Depthwise convolution of `rank` spatial dimensions: output channels = input channels *
    depth_multiplier, each from one input channel."""

    def __init__(
        self,
        rank,
        kernel_size,
        strides,
        padding,
        depth_multiplier,
        data_format,
        dilation_rate,
        activation,
        use_bias,
        depthwise_initializer,
        bias_initializer,
        depthwise_regularizer,
        bias_regularizer,
        activity_regularizer,
        depthwise_constraint,
        bias_constraint,
        **kwargs,
    ):
        super().__init__(
            rank,
            None,
            kernel_size,
            strides,
            padding,
            data_format,
            dilation_rate,
            activation=activation,
            use_bias=use_bias,
            bias_initializer=bias_initializer,
            bias_regularizer=bias_regularizer,
            activity_regularizer=activity_regularizer,
            bias_constraint=bias_constraint,
            **kwargs,
        )
        _store_depthwise(
            self, depth_multiplier, depthwise_initializer, depthwise_regularizer, depthwise_constraint
        )

    def build(self, input_shape):
        channels = self._input_channels(input_shape)
        self._set_input_spec(channels)
        self._build_depthwise(channels)
        self._build_bias(channels * self.depth_multiplier)

    def _convolve(self, inputs):
        x, (kernel,), strides, dilations = self._as_2d(
            inputs, as_compute_dtype(self.depthwise_kernel, inputs.dtype)
        )
        outputs = nn_conv.depthwise_conv2d(
            x,
            kernel,
            strides,
            self.padding.upper(),
            data_format=conv_utils.tf_data_format(self.data_format, 2),
            dilations=dilations,
        )
        return self._from_2d(outputs)

    def _output_channels(self, input_channels):
        return None if input_channels is None else input_channels * self.depth_multiplier

    def get_config(self) -> dict:
        config = super().get_config()
        for key in ("filters", "kernel_initializer", "kernel_regularizer", "kernel_constraint"):
            del config[key]
        return {**config, **self._depthwise_config()}


class BaseSeparableConv(_Depthwise):
    """Separable convolution of `rank` spatial dimensions: depthwise, then a pointwise (1x1)
    convolution to `filters` channels."""

    def __init__(
        self,
        rank,
        filters,
        kernel_size,
        strides,
        padding,
        data_format,
        dilation_rate,
        depth_multiplier,
        activation,
        use_bias,
        depthwise_initializer,
        pointwise_initializer,
        bias_initializer,
        depthwise_regularizer,
        pointwise_regularizer,
        bias_regularizer,
        activity_regularizer,
        depthwise_constraint,
        pointwise_constraint,
        bias_constraint,
        **kwargs,
    ):
        super().__init__(
            rank,
            filters,
            kernel_size,
            strides,
            padding,
            data_format,
            dilation_rate,
            activation=activation,
            use_bias=use_bias,
            bias_initializer=bias_initializer,
            bias_regularizer=bias_regularizer,
            activity_regularizer=activity_regularizer,
            bias_constraint=bias_constraint,
            **kwargs,
        )
        _store_depthwise(
            self, depth_multiplier, depthwise_initializer, depthwise_regularizer, depthwise_constraint
        )
        self.pointwise_initializer = initializers.get(pointwise_initializer)
        self.pointwise_regularizer = regularizers.get(pointwise_regularizer)
        self.pointwise_constraint = constraints.get(pointwise_constraint)

    def build(self, input_shape):
        channels = self._input_channels(input_shape)
        self._set_input_spec(channels)
        self._build_depthwise(channels)
        self.pointwise_kernel = self.add_weight(
            "pointwise_kernel",
            shape=(*(1,) * self.rank, channels * self.depth_multiplier, self.filters),
            initializer=self.pointwise_initializer,
            regularizer=self.pointwise_regularizer,
            constraint=self.pointwise_constraint,
            trainable=True,
        )
        self._build_bias(self.filters)

    def _convolve(self, inputs):
        kernels = (as_compute_dtype(k, inputs.dtype) for k in (self.depthwise_kernel, self.pointwise_kernel))
        x, (depthwise, pointwise), strides, dilations = self._as_2d(self._causal_pad(inputs), *kernels)
        outputs = nn_conv.separable_conv2d(
            x,
            depthwise,
            pointwise,
            strides,
            self._op_padding(),
            data_format=conv_utils.tf_data_format(self.data_format, 2),
            dilations=dilations,
        )
        return self._from_2d(outputs)

    def get_config(self) -> dict:
        return {
            **super().get_config(),
            **self._depthwise_config(),
            "pointwise_initializer": initializers.serialize(self.pointwise_initializer),
            "pointwise_regularizer": regularizers.serialize(self.pointwise_regularizer),
            "pointwise_constraint": constraints.serialize(self.pointwise_constraint),
        }


class DepthwiseConv1D(BaseDepthwiseConv):
    """Depthwise 1-D convolution of `(batch, steps, channels)` (or channels first).

    Args:
      kernel_size, strides, dilation_rate: an int or a 1-tuple. padding: "valid" or "same".
      depth_multiplier: filters per input channel (output channels = channels * depth_multiplier).
      depthwise_initializer, depthwise_regularizer, depthwise_constraint: for `depthwise_kernel`
        (kernel_size + (channels, depth_multiplier)); bias_* and the others as in Conv1D.

    Raises:
      ValueError: as Conv1D, and a depth_multiplier below 1.
    """

    def __init__(
        self,
        kernel_size,
        strides=1,
        padding="valid",
        depth_multiplier=1,
        data_format=None,
        dilation_rate=1,
        activation=None,
        use_bias=True,
        depthwise_initializer="glorot_uniform",
        bias_initializer="zeros",
        depthwise_regularizer=None,
        bias_regularizer=None,
        activity_regularizer=None,
        depthwise_constraint=None,
        bias_constraint=None,
        **kwargs,
    ):
        super().__init__(
            1,
            kernel_size,
            strides,
            padding,
            depth_multiplier,
            data_format,
            dilation_rate,
            activation,
            use_bias,
            depthwise_initializer,
            bias_initializer,
            depthwise_regularizer,
            bias_regularizer,
            activity_regularizer,
            depthwise_constraint,
            bias_constraint,
            **kwargs,
        )


class DepthwiseConv2D(BaseDepthwiseConv):
    """Depthwise 2-D convolution; see DepthwiseConv1D (tuples have 2 entries)."""

    def __init__(
        self,
        kernel_size,
        strides=(1, 1),
        padding="valid",
        depth_multiplier=1,
        data_format=None,
        dilation_rate=(1, 1),
        activation=None,
        use_bias=True,
        depthwise_initializer="glorot_uniform",
        bias_initializer="zeros",
        depthwise_regularizer=None,
        bias_regularizer=None,
        activity_regularizer=None,
        depthwise_constraint=None,
        bias_constraint=None,
        **kwargs,
    ):
        super().__init__(
            2,
            kernel_size,
            strides,
            padding,
            depth_multiplier,
            data_format,
            dilation_rate,
            activation,
            use_bias,
            depthwise_initializer,
            bias_initializer,
            depthwise_regularizer,
            bias_regularizer,
            activity_regularizer,
            depthwise_constraint,
            bias_constraint,
            **kwargs,
        )


class SeparableConv1D(BaseSeparableConv):
    """Separable 1-D convolution: depthwise (`depthwise_kernel`: kernel_size + (channels,
    depth_multiplier)), then pointwise to `filters` channels (`pointwise_kernel`: (1, channels *
    depth_multiplier, filters)), plus `bias`. padding may be "causal".

    The config also carries Conv1D's kernel_initializer/regularizer/constraint, which TensorFlow
    accepts and does not use; lamina keeps them for the round trip and does not use them either.

    Raises:
      ValueError: as Conv1D, and a depth_multiplier below 1.
    """

    _causal_allowed = True

    def __init__(
        self,
        filters,
        kernel_size,
        strides=1,
        padding="valid",
        data_format=None,
        dilation_rate=1,
        depth_multiplier=1,
        activation=None,
        use_bias=True,
        depthwise_initializer="glorot_uniform",
        pointwise_initializer="glorot_uniform",
        bias_initializer="zeros",
        depthwise_regularizer=None,
        pointwise_regularizer=None,
        bias_regularizer=None,
        activity_regularizer=None,
        depthwise_constraint=None,
        pointwise_constraint=None,
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
            depth_multiplier,
            activation,
            use_bias,
            depthwise_initializer,
            pointwise_initializer,
            bias_initializer,
            depthwise_regularizer,
            pointwise_regularizer,
            bias_regularizer,
            activity_regularizer,
            depthwise_constraint,
            pointwise_constraint,
            bias_constraint,
            **kwargs,
        )


class SeparableConv2D(BaseSeparableConv):
    """Separable 2-D convolution; see SeparableConv1D (tuples have 2 entries, no causal padding)."""

    def __init__(
        self,
        filters,
        kernel_size,
        strides=(1, 1),
        padding="valid",
        data_format=None,
        dilation_rate=(1, 1),
        depth_multiplier=1,
        activation=None,
        use_bias=True,
        depthwise_initializer="glorot_uniform",
        pointwise_initializer="glorot_uniform",
        bias_initializer="zeros",
        depthwise_regularizer=None,
        pointwise_regularizer=None,
        bias_regularizer=None,
        activity_regularizer=None,
        depthwise_constraint=None,
        pointwise_constraint=None,
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
            depth_multiplier,
            activation,
            use_bias,
            depthwise_initializer,
            pointwise_initializer,
            bias_initializer,
            depthwise_regularizer,
            pointwise_regularizer,
            bias_regularizer,
            activity_regularizer,
            depthwise_constraint,
            pointwise_constraint,
            bias_constraint,
            **kwargs,
        )


SeparableConvolution1D = SeparableConv1D
SeparableConvolution2D = SeparableConv2D
