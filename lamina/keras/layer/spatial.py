"""Layers that change the spatial extent of their input without weights: `UpSampling1D/2D/3D`
(repeat, or resample for UpSampling2D), `ZeroPadding1D/2D/3D` and `Cropping1D/2D/3D`."""

from __future__ import annotations

from lamina._core.shape import TensorShape
from lamina.keras.layer import conv_utils
from lamina.keras.layer.base import Layer
from lamina.keras.layer.input_spec import InputSpec
from lamina.ops import array_ops, image_ops

_INTERPOLATIONS = (
    "bilinear",
    "nearest",
    "bicubic",
    "area",
    "lanczos3",
    "lanczos5",
    "gaussian",
    "mitchellcubic",
)


class _Spatial(Layer):
    """A weightless layer over the `rank` spatial axes of `(batch, *spatial, channels)`; subclasses
    define `_output_lengths` (spatial input lengths -> output lengths, None when unknown)."""

    def __init__(self, rank, data_format, **kwargs):
        super().__init__(**kwargs)
        self.rank = rank
        self.data_format = conv_utils.normalize_data_format(data_format)
        self.input_spec = InputSpec(ndim=rank + 2)

    def _spatial_axes(self) -> list:
        first = 2 if self.data_format == "channels_first" else 1
        return list(range(first, first + self.rank))

    def compute_output_shape(self, input_shape):
        shape = TensorShape(input_shape).as_list()
        spatial = conv_utils.spatial_dims(shape, self.data_format)
        channels = shape[1] if self.data_format == "channels_first" else shape[-1]
        return TensorShape(
            conv_utils.with_spatial(shape, self._output_lengths(spatial), channels, self.data_format)
        )

    def get_config(self) -> dict:
        config = super().get_config()
        if self.rank > 1:
            config["data_format"] = self.data_format
        return config


# ---- upsampling -----------------------------------------------------------------------------------
class _UpSampling(_Spatial):
    def __init__(self, rank, size, data_format, **kwargs):
        super().__init__(rank, data_format, **kwargs)
        self.size = conv_utils.normalize_tuple(size, rank, "size")

    def _output_lengths(self, lengths: list) -> list:
        return [None if length is None else length * factor for length, factor in zip(lengths, self.size)]

    def call(self, inputs):
        for axis, factor in zip(self._spatial_axes(), self.size):
            if factor != 1:
                inputs = array_ops.repeat(inputs, factor, axis=axis)
        return inputs

    def get_config(self) -> dict:
        return {**super().get_config(), "size": self.size}


class UpSampling1D(_UpSampling):
    """Repeats each step of `(batch, steps, features)` `size` times: `(batch, steps * size, features)`.

    Raises:
      ValueError: a size below 1; an input that is not rank 3.
    """

    def __init__(self, size=2, **kwargs):
        super().__init__(1, size, "channels_last", **kwargs)

    def get_config(self) -> dict:
        return {**super().get_config(), "size": self.size[0]}


class UpSampling2D(_UpSampling):
    """Upsamples rows and columns of `(batch, rows, cols, channels)` (or channels first) by `size`.

    Args:
      size: an int or (rows factor, columns factor).
      data_format: "channels_last" or "channels_first" (default: the backend's image data format).
      interpolation: "nearest" repeats each pixel (keeps the dtype); "bilinear", "bicubic", "area",
        "lanczos3", "lanczos5", "gaussian" and "mitchellcubic" resample like `tf.image.resize`
        (float32 output; the input's height and width must be known).

    Raises:
      ValueError: a size below 1. NotImplementedError: an unknown interpolation (as in TensorFlow).
    """

    def __init__(self, size=(2, 2), data_format=None, interpolation="nearest", **kwargs):
        super().__init__(2, size, data_format, **kwargs)
        if interpolation not in _INTERPOLATIONS:
            raise NotImplementedError(
                f"Value not recognized for `interpolation`: {interpolation}. Supported values are: "
                f"dict_keys({list(_INTERPOLATIONS)})"
            )
        self.interpolation = interpolation

    def call(self, inputs):
        if self.interpolation == "nearest":
            return super().call(inputs)
        channels_first = self.data_format == "channels_first"
        images = array_ops.transpose(inputs, [0, 2, 3, 1]) if channels_first else inputs
        height, width = images.shape.as_list()[1:3]
        if height is None or width is None:
            raise ValueError(
                f"UpSampling2D with interpolation={self.interpolation!r} needs inputs of known height and "
                "width. "
                f"Received: inputs.shape={inputs.shape}"
            )
        size = [height * self.size[0], width * self.size[1]]
        outputs = image_ops.resize(images, size, method=self.interpolation)
        return array_ops.transpose(outputs, [0, 3, 1, 2]) if channels_first else outputs

    def get_config(self) -> dict:
        return {**super().get_config(), "interpolation": self.interpolation}


class UpSampling3D(_UpSampling):
    """Repeats each voxel of a rank-5 input `size` = (d1, d2, d3) times along the spatial axes.

    Raises:
      ValueError: a size below 1; an input that is not rank 5.
    """

    def __init__(self, size=(2, 2, 2), data_format=None, **kwargs):
        super().__init__(3, size, data_format, **kwargs)


# ---- zero padding ---------------------------------------------------------------------------------
class _ZeroPadding(_Spatial):
    def __init__(self, rank, padding, data_format, **kwargs):
        super().__init__(rank, data_format, **kwargs)
        if rank == 1:
            self.padding = conv_utils.normalize_tuple(padding, 2, "padding", allow_zero=True)
        else:
            self.padding = conv_utils.normalize_pairs(padding, rank, "padding")

    def _pairs(self) -> tuple:
        return (self.padding,) if self.rank == 1 else self.padding

    def _output_lengths(self, lengths: list) -> list:
        return [
            None if n is None else n + before + after for n, (before, after) in zip(lengths, self._pairs())
        ]

    def call(self, inputs):
        pairs = [[0, 0] for _ in range(inputs.shape.rank)]
        for axis, pair in zip(self._spatial_axes(), self._pairs()):
            pairs[axis] = list(pair)
        return array_ops.pad(inputs, pairs)

    def get_config(self) -> dict:
        return {**super().get_config(), "padding": self.padding}


class ZeroPadding1D(_ZeroPadding):
    """Adds zeros before and after the steps of `(batch, steps, features)`.

    Args:
      padding: an int (both sides) or (before, after).

    Raises:
      ValueError: a negative or malformed padding; an input that is not rank 3.
    """

    def __init__(self, padding=1, **kwargs):
        super().__init__(1, padding, "channels_last", **kwargs)


class ZeroPadding2D(_ZeroPadding):
    """Adds rows and columns of zeros around `(batch, rows, cols, channels)` (or channels first).

    Args:
      padding: an int (everywhere), (rows, cols) (symmetric), or ((top, bottom), (left, right)).
      data_format: "channels_last" or "channels_first" (default: the backend's image data format).

    Raises:
      ValueError: a negative or malformed padding; an input that is not rank 4.
    """

    def __init__(self, padding=(1, 1), data_format=None, **kwargs):
        super().__init__(2, padding, data_format, **kwargs)


class ZeroPadding3D(_ZeroPadding):
    """Adds zeros around the three spatial axes of a rank-5 input; padding is an int, 3 ints or 3
    (before, after) pairs (see ZeroPadding2D)."""

    def __init__(self, padding=(1, 1, 1), data_format=None, **kwargs):
        super().__init__(3, padding, data_format, **kwargs)


# ---- cropping -------------------------------------------------------------------------------------
class _Cropping(_Spatial):
    def __init__(self, rank, cropping, data_format, **kwargs):
        super().__init__(rank, data_format, **kwargs)
        if rank == 1:
            self.cropping = conv_utils.normalize_tuple(cropping, 2, "cropping", allow_zero=True)
        else:
            self.cropping = conv_utils.normalize_pairs(cropping, rank, "cropping")

    def _pairs(self) -> tuple:
        return (self.cropping,) if self.rank == 1 else self.cropping

    def _output_lengths(self, lengths: list) -> list:
        result = []
        for n, (before, after) in zip(lengths, self._pairs()):
            if n is not None and before + after > n:
                raise ValueError(
                    f"Cropping {self.cropping} is larger than the input's spatial dimensions {lengths}."
                )
            result.append(None if n is None else n - before - after)
        return result

    def call(self, inputs):
        spatial = conv_utils.spatial_dims(inputs.shape.as_list(), self.data_format)
        for n, (before, after) in zip(spatial, self._pairs()):
            # TensorFlow refuses to crop a 1-D or 2-D input to nothing; 3-D crops may be empty.
            if n is not None and (before + after > n or (self.rank < 3 and before + after == n)):
                raise ValueError(
                    "Argument `cropping` must be greater than the input shape. Received: "
                    f"inputs.shape={tuple(inputs.shape.as_list())}, and cropping={self.cropping}"
                )
        index = [slice(None)] * inputs.shape.rank
        for axis, (before, after) in zip(self._spatial_axes(), self._pairs()):
            index[axis] = slice(before, -after if after else None)
        return inputs[tuple(index)]

    def get_config(self) -> dict:
        return {**super().get_config(), "cropping": self.cropping}


class Cropping1D(_Cropping):
    """Removes steps from the start and end of `(batch, steps, features)`.

    Args:
      cropping: an int (both ends) or (start, end).

    Raises:
      ValueError: a negative or malformed cropping, or one that removes every step.
    """

    def __init__(self, cropping=(1, 1), **kwargs):
        super().__init__(1, cropping, "channels_last", **kwargs)


class Cropping2D(_Cropping):
    """Removes rows and columns at the borders of `(batch, rows, cols, channels)` (or channels first).

    Args:
      cropping: an int (everywhere), (rows, cols) (symmetric), or ((top, bottom), (left, right)).
      data_format: "channels_last" or "channels_first" (default: the backend's image data format).

    Raises:
      ValueError: a negative or malformed cropping, or one that removes every row or column.
    """

    def __init__(self, cropping=((0, 0), (0, 0)), data_format=None, **kwargs):
        super().__init__(2, cropping, data_format, **kwargs)


class Cropping3D(_Cropping):
    """Removes slices at the borders of the three spatial axes of a rank-5 input; cropping is an int,
    3 ints or 3 (start, end) pairs (see Cropping2D).

    Raises:
      ValueError: a negative or malformed cropping, or one larger than the input.
    """

    def __init__(self, cropping=((1, 1), (1, 1), (1, 1)), data_format=None, **kwargs):
        super().__init__(3, cropping, data_format, **kwargs)
