"""`tf.keras.layers.Conv1DTranspose`, `Conv2DTranspose`, `Conv3DTranspose`: the transpose (gradient)
of a convolution, which maps a convolution's output shape back to its input shape — the layer that
upsamples in decoders and generators. `output_padding` picks among the output sizes that the forward
convolution maps to the same input size."""

from __future__ import annotations

from lamina._core.shape import TensorShape
from lamina.keras.layer import conv_utils
from lamina.keras.layer.conv import BaseConv, as_compute_dtype
from lamina.ops import nn_conv


class BaseConvTranspose(BaseConv):
    """What the transposed convolutions share: the kernel is kernel_size + (filters, input channels)
    and the output length follows `conv_utils.deconv_output_length`."""

    def __init__(
        self,
        rank,
        filters,
        kernel_size,
        strides,
        padding,
        output_padding,
        data_format,
        dilation_rate,
        activation,
        use_bias,
        kernel_initializer,
        bias_initializer,
        kernel_regularizer,
        bias_regularizer,
        activity_regularizer,
        kernel_constraint,
        bias_constraint,
        groups=1,
        **kwargs,
    ):
        if groups != 1:
            raise ValueError(
                f"Transposed convolutions do not support `groups` other than 1. Received: groups={groups}"
            )
        super().__init__(
            rank,
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
        self.output_padding = None
        if output_padding is not None:
            self.output_padding = conv_utils.normalize_tuple(
                output_padding, rank, "output_padding", allow_zero=True
            )
            if any(p >= s for p, s in zip(self.output_padding, self.strides)):
                raise ValueError(
                    f"Strides must be greater than output padding. Received strides={self.strides}, "
                    f"output_padding={self.output_padding}."
                )

    def _spec_ndim(self) -> dict:
        return {"ndim": self.rank + 2}

    def _kernel_shape(self, input_channels: int) -> tuple:
        return (*self.kernel_size, self.filters, input_channels)

    def _output_lengths(self, spatial: list) -> list:
        paddings = self.output_padding or (None,) * self.rank
        return [
            conv_utils.deconv_output_length(length, k, self.padding, p, s, d)
            for length, k, p, s, d in zip(
                spatial, self.kernel_size, paddings, self.strides, self.dilation_rate
            )
        ]

    def _convolve(self, inputs):
        # Unknown spatial sizes stay None: the op computes them from the input's when it runs.
        return nn_conv.keras_conv_transpose(
            inputs,
            as_compute_dtype(self.kernel, inputs.dtype),
            self.compute_output_shape(inputs.shape).as_list(),
            strides=self.strides,
            padding=self.padding.upper(),
            data_format=conv_utils.tf_data_format(self.data_format, self.rank),
            dilations=self.dilation_rate,
            output_padding=self.output_padding,
        )

    def compute_output_shape(self, input_shape):
        shape = TensorShape(input_shape)
        if shape.rank is not None and shape.rank != self.rank + 2:
            raise ValueError(
                f"Inputs should have rank {self.rank + 2}. Received input_shape={tuple(shape.as_list())}"
            )
        return super().compute_output_shape(shape)

    def get_config(self) -> dict:
        return {**super().get_config(), "output_padding": self.output_padding}


class Conv1DTranspose(BaseConvTranspose):
    """Transposed 1-D convolution of `(batch, steps, channels)` (or channels first).

    Args:
      filters: output channels. kernel_size, strides, dilation_rate: an int or a 1-tuple.
      padding: "valid" or "same". output_padding: None (the largest output that fits) or the extra
        length along the axis, below `strides`. Others as in Conv1D (`kernel` has shape
        kernel_size + (filters, input channels)).

    Raises:
      ValueError: output_padding not below strides, and Conv1D's argument errors.
    """

    def __init__(
        self,
        filters,
        kernel_size,
        strides=1,
        padding="valid",
        output_padding=None,
        data_format=None,
        dilation_rate=1,
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
            output_padding,
            data_format,
            dilation_rate,
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


class Conv2DTranspose(BaseConvTranspose):
    """Transposed 2-D convolution ("deconvolution"); see Conv1DTranspose (tuples have 2 entries)."""

    def __init__(
        self,
        filters,
        kernel_size,
        strides=(1, 1),
        padding="valid",
        output_padding=None,
        data_format=None,
        dilation_rate=(1, 1),
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
            output_padding,
            data_format,
            dilation_rate,
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


class Conv3DTranspose(BaseConvTranspose):
    """Transposed 3-D convolution; see Conv1DTranspose (tuples have 3 entries).

    TensorFlow 2.15's Conv3DTranspose accepts `dilation_rate` and ignores it (its config omits it);
    lamina raises instead of silently computing something else.

    Raises:
      ValueError: a dilation_rate other than 1, and Conv1DTranspose's errors.
    """

    def __init__(
        self,
        filters,
        kernel_size,
        strides=(1, 1, 1),
        padding="valid",
        output_padding=None,
        data_format=None,
        dilation_rate=(1, 1, 1),
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
        if conv_utils.normalize_tuple(dilation_rate, 3, "dilation_rate") != (1, 1, 1):
            raise ValueError(
                "Conv3DTranspose does not support `dilation_rate` > 1. "
                f"Received: dilation_rate={dilation_rate}"
            )
        super().__init__(
            3,
            filters,
            kernel_size,
            strides,
            padding,
            output_padding,
            data_format,
            dilation_rate,
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

    def get_config(self) -> dict:
        config = super().get_config()
        del config["dilation_rate"]
        return config


Convolution1DTranspose = Conv1DTranspose
Convolution2DTranspose = Conv2DTranspose
Convolution3DTranspose = Conv3DTranspose
