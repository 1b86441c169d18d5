"""Deterministic image layers: `Resizing` (to a fixed size, optionally cropping to the target's
aspect ratio first) and `CenterCrop`. Images are `[batch, height, width, channels]` or
`[height, width, channels]`; outputs are in the layer's compute dtype."""

from __future__ import annotations

from lamina._core.errors import InvalidArgumentError, op_error
from lamina._core.shape import TensorShape
from lamina.keras.layer.base import Layer
from lamina.ops import cast_ops, image_ops

INTERPOLATIONS = (
    "bilinear",
    "nearest",
    "bicubic",
    "area",
    "lanczos3",
    "lanczos5",
    "gaussian",
    "mitchellcubic",
)


def check_interpolation(interpolation):
    if interpolation not in INTERPOLATIONS:
        raise NotImplementedError(
            f"Value not recognized for `interpolation`: {interpolation}. Supported values are: "
            f"dict_keys({list(INTERPOLATIONS)})"
        )
    return interpolation


def with_spatial_size(input_shape, height, width) -> TensorShape:
    """`input_shape` (rank 3 or 4) with its height and width replaced."""
    shape = TensorShape(input_shape).as_list()
    shape[-3], shape[-2] = height, width
    return TensorShape(shape)


def check_image_rank(inputs, error=ValueError):
    if inputs.shape.rank not in (3, 4):
        message = f"Expected an image or a batch of images (rank 3 or 4), received: shape={inputs.shape}"
        if error is InvalidArgumentError:
            raise op_error(InvalidArgumentError, "StridedSlice", message)
        raise error(message)


class Resizing(Layer):
    """Resizes images to `height` x `width` with `interpolation` (see `tf.image.resize`).

    Args:
      height, width: the output size.
      interpolation: "bilinear", "nearest", "bicubic", "area", "lanczos3", "lanczos5", "gaussian"
        or "mitchellcubic".
      crop_to_aspect_ratio: first crop the largest centred box of the output's aspect ratio, so the
        image is not distorted.

    Raises:
      NotImplementedError: an unknown interpolation.
      ValueError (call): inputs of rank other than 3 or 4.
    """

    def __init__(self, height, width, interpolation="bilinear", crop_to_aspect_ratio=False, **kwargs):
        super().__init__(**kwargs)
        self.height, self.width = height, width
        self.interpolation = check_interpolation(interpolation)
        self.crop_to_aspect_ratio = crop_to_aspect_ratio

    def call(self, inputs):
        check_image_rank(inputs)
        size = [self.height, self.width]
        if self.crop_to_aspect_ratio:
            outputs = image_ops.smart_resize(inputs, size, interpolation=self.interpolation)
        else:
            outputs = image_ops.resize(inputs, size, method=self.interpolation)
        return cast_ops.cast(outputs, self.compute_dtype)

    def compute_output_shape(self, input_shape):
        return with_spatial_size(input_shape, self.height, self.width)

    def get_config(self) -> dict:
        return {
            **super().get_config(),
            "height": self.height,
            "width": self.width,
            "interpolation": self.interpolation,
            "crop_to_aspect_ratio": self.crop_to_aspect_ratio,
        }


class CenterCrop(Layer):
    """Crops the central `height` x `width` window of each image. An image smaller than that in
    either dimension is instead cropped to the window's aspect ratio and resized to it (bilinear).

    Raises:
      InvalidArgumentError (call): inputs of rank other than 3 or 4.
    """

    def __init__(self, height, width, **kwargs):
        super().__init__(**kwargs)
        self.height, self.width = height, width

    def call(self, inputs):
        check_image_rank(inputs, InvalidArgumentError)
        outputs = image_ops.crop_or_smart_resize(inputs, self.height, self.width)
        return cast_ops.cast(outputs, self.compute_dtype)

    def compute_output_shape(self, input_shape):
        return with_spatial_size(input_shape, self.height, self.width)

    def get_config(self) -> dict:
        return {**super().get_config(), "height": self.height, "width": self.width}
