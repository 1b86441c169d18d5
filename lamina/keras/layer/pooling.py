"""Pooling layers: `MaxPooling1D/2D/3D` and `AveragePooling1D/2D/3D` (a window sliding over the
spatial axes), and `GlobalMaxPooling1D/2D/3D` and `GlobalAveragePooling1D/2D/3D` (the whole spatial
extent at once; GlobalAveragePooling1D averages only the unmasked steps)."""

from __future__ import annotations

from lamina._core.shape import TensorShape
from lamina.keras.layer import conv_utils
from lamina.keras.layer.base import Layer
from lamina.keras.layer.input_spec import InputSpec
from lamina.ops import array_ops, cast_ops, math_ops, nn_conv, reduction_ops


class BasePooling(Layer):
    """Max or average pooling over `rank` spatial axes of `(batch, *spatial, channels)`."""

    _pool_function = None  # nn_conv.max_pool or nn_conv.avg_pool, set by the subclasses

    def __init__(self, rank, pool_size, strides, padding, data_format, **kwargs):
        super().__init__(**kwargs)
        self.rank = rank
        self.pool_size = conv_utils.normalize_tuple(pool_size, rank, "pool_size")
        strides = pool_size if strides is None else strides
        self.strides = conv_utils.normalize_tuple(strides, rank, "strides")
        self.padding = conv_utils.normalize_padding(padding)
        if self.padding == "causal":
            raise ValueError(
                f'The `padding` argument of a pooling layer must be "valid" or "same". Received: {padding}'
            )
        self.data_format = conv_utils.normalize_data_format(data_format)
        self.input_spec = InputSpec(ndim=rank + 2)

    def call(self, inputs):
        data_format = conv_utils.tf_data_format(self.data_format, self.rank)
        return self._pool_function(
            inputs, self.pool_size, self.strides, self.padding.upper(), data_format=data_format
        )

    def compute_output_shape(self, input_shape):
        shape = TensorShape(input_shape).as_list()
        spatial = conv_utils.spatial_dims(shape, self.data_format)
        lengths = [
            conv_utils.conv_output_length(length, window, self.padding, stride)
            for length, window, stride in zip(spatial, self.pool_size, self.strides)
        ]
        channels = shape[1] if self.data_format == "channels_first" else shape[-1]
        return TensorShape(conv_utils.with_spatial(shape, lengths, channels, self.data_format))

    def get_config(self) -> dict:
        return {
            **super().get_config(),
            "pool_size": self.pool_size,
            "padding": self.padding,
            "strides": self.strides,
            "data_format": self.data_format,
        }


class MaxPooling1D(BasePooling):
    """Max pooling over the steps of `(batch, steps, channels)` (or channels first).

    Args:
      pool_size: the window, an int or a 1-tuple. strides: the step (default: pool_size).
      padding: "valid" (windows inside the input) or "same" (output length ceil(steps / strides)).
      data_format: "channels_last" (default) or "channels_first".

    Raises:
      ValueError: non-positive sizes, another padding or data format.
    """

    _pool_function = staticmethod(nn_conv.max_pool)

    def __init__(self, pool_size=2, strides=None, padding="valid", data_format="channels_last", **kwargs):
        super().__init__(1, pool_size, strides, padding, data_format, **kwargs)


class MaxPooling2D(BasePooling):
    """Max pooling over rows and columns of `(batch, rows, cols, channels)`; see MaxPooling1D
    (tuples have 2 entries; data_format defaults to tf.keras.backend.image_data_format())."""

    _pool_function = staticmethod(nn_conv.max_pool)

    def __init__(self, pool_size=(2, 2), strides=None, padding="valid", data_format=None, **kwargs):
        super().__init__(2, pool_size, strides, padding, data_format, **kwargs)


class MaxPooling3D(BasePooling):
    """Max pooling over the three spatial axes of a rank-5 input; see MaxPooling2D."""

    _pool_function = staticmethod(nn_conv.max_pool)

    def __init__(self, pool_size=(2, 2, 2), strides=None, padding="valid", data_format=None, **kwargs):
        super().__init__(3, pool_size, strides, padding, data_format, **kwargs)


class AveragePooling1D(BasePooling):
    """Average pooling over the steps of `(batch, steps, channels)`; see MaxPooling1D. With
    padding="same", a window at the border averages only its real elements."""

    _pool_function = staticmethod(nn_conv.avg_pool)

    def __init__(self, pool_size=2, strides=None, padding="valid", data_format="channels_last", **kwargs):
        super().__init__(1, pool_size, strides, padding, data_format, **kwargs)


class AveragePooling2D(BasePooling):
    """Average pooling over rows and columns; see AveragePooling1D and MaxPooling2D."""

    _pool_function = staticmethod(nn_conv.avg_pool)

    def __init__(self, pool_size=(2, 2), strides=None, padding="valid", data_format=None, **kwargs):
        super().__init__(2, pool_size, strides, padding, data_format, **kwargs)


class AveragePooling3D(BasePooling):
    """Average pooling over the three spatial axes of a rank-5 input; see AveragePooling2D."""

    _pool_function = staticmethod(nn_conv.avg_pool)

    def __init__(self, pool_size=(2, 2, 2), strides=None, padding="valid", data_format=None, **kwargs):
        super().__init__(3, pool_size, strides, padding, data_format, **kwargs)


# ---- global pooling ---------------------------------------------------------------------------------
class BaseGlobalPooling(Layer):
    """Reduces all `rank` spatial axes; `keepdims` keeps them with size 1."""

    def __init__(self, rank, data_format, keepdims, **kwargs):
        super().__init__(**kwargs)
        self.rank = rank
        self.data_format = conv_utils.normalize_data_format(data_format)
        self.keepdims = bool(keepdims)
        self.input_spec = InputSpec(ndim=rank + 2)

    def _spatial_axes(self) -> list:
        first = 2 if self.data_format == "channels_first" else 1
        return list(range(first, first + self.rank))

    def compute_output_shape(self, input_shape):
        shape = TensorShape(input_shape).as_list()
        channels = shape[1] if self.data_format == "channels_first" else shape[-1]
        if not self.keepdims:
            return TensorShape([shape[0], channels])
        return TensorShape(conv_utils.with_spatial(shape, [1] * self.rank, channels, self.data_format))

    def get_config(self) -> dict:
        return {**super().get_config(), "data_format": self.data_format, "keepdims": self.keepdims}


class BaseGlobalMaxPooling(BaseGlobalPooling):
    def call(self, inputs):
        return reduction_ops.reduce_max(inputs, axis=self._spatial_axes(), keepdims=self.keepdims)


class BaseGlobalAveragePooling(BaseGlobalPooling):
    def call(self, inputs):
        return reduction_ops.reduce_mean(inputs, axis=self._spatial_axes(), keepdims=self.keepdims)


class GlobalMaxPooling1D(BaseGlobalMaxPooling):
    """The maximum over the steps of `(batch, steps, features)` (or channels first): `(batch,
    features)`, or `(batch, 1, features)` with keepdims."""

    def __init__(self, data_format="channels_last", keepdims=False, **kwargs):
        super().__init__(1, data_format, keepdims, **kwargs)


class GlobalMaxPooling2D(BaseGlobalMaxPooling):
    """The maximum over rows and columns of `(batch, rows, cols, channels)` (or channels first)."""

    def __init__(self, data_format=None, keepdims=False, **kwargs):
        super().__init__(2, data_format, keepdims, **kwargs)


class GlobalMaxPooling3D(BaseGlobalMaxPooling):
    """The maximum over the three spatial axes of a rank-5 input."""

    def __init__(self, data_format=None, keepdims=False, **kwargs):
        super().__init__(3, data_format, keepdims, **kwargs)


class GlobalAveragePooling1D(BaseGlobalAveragePooling):
    """The mean over the steps of `(batch, steps, features)` (or channels first). With a mask
    `(batch, steps)`, only the unmasked steps are averaged (a fully masked row gives NaN, as in
    TensorFlow); the output carries no mask."""

    def __init__(self, data_format="channels_last", **kwargs):
        keepdims = kwargs.pop("keepdims", False)
        super().__init__(1, data_format, keepdims, **kwargs)
        self.supports_masking = True

    def call(self, inputs, mask=None):
        if mask is None:
            return super().call(inputs)
        steps_axis = self._spatial_axes()[0]
        weights = cast_ops.cast(mask, inputs.dtype)
        weights = array_ops.expand_dims(weights, 1 if self.data_format == "channels_first" else 2)
        total = reduction_ops.reduce_sum(inputs * weights, axis=steps_axis, keepdims=self.keepdims)
        count = reduction_ops.reduce_sum(weights, axis=steps_axis, keepdims=self.keepdims)
        return math_ops.divide(total, count)

    def compute_mask(self, inputs, mask=None):
        return None


class GlobalAveragePooling2D(BaseGlobalAveragePooling):
    """The mean over rows and columns of `(batch, rows, cols, channels)` (or channels first)."""

    def __init__(self, data_format=None, keepdims=False, **kwargs):
        super().__init__(2, data_format, keepdims, **kwargs)


class GlobalAveragePooling3D(BaseGlobalAveragePooling):
    """The mean over the three spatial axes of a rank-5 input."""

    def __init__(self, data_format=None, keepdims=False, **kwargs):
        super().__init__(3, data_format, keepdims, **kwargs)


MaxPool1D, MaxPool2D, MaxPool3D = MaxPooling1D, MaxPooling2D, MaxPooling3D
AvgPool1D, AvgPool2D, AvgPool3D = AveragePooling1D, AveragePooling2D, AveragePooling3D
GlobalMaxPool1D, GlobalMaxPool2D, GlobalMaxPool3D = GlobalMaxPooling1D, GlobalMaxPooling2D, GlobalMaxPooling3D
GlobalAvgPool1D, GlobalAvgPool2D, GlobalAvgPool3D = (
    GlobalAveragePooling1D,
    GlobalAveragePooling2D,
    GlobalAveragePooling3D,
)
