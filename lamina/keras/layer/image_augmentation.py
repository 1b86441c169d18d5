"""Random image augmentation layers: flips, rotations, zooms, translations, contrast, brightness,
crops, and random height or width.

Each layer augments when called with `training=True`, which is the default of `call` as in
TensorFlow (a model passes `training=False` for inference, where the layers pass images through,
except RandomCrop, which then resizes to its size). Randomness comes from the layer's own
`tf.random.Generator`, seeded from `seed` (or from TensorFlow's seed rules when it is None): two
layers made with the same seed give the same draws, and each call draws anew. The generator's state
is a Variable, so a compiled training step advances it like any other state. Draws are per image,
except RandomContrast, RandomCrop, RandomHeight and RandomWidth, which draw once per batch.
"""

from __future__ import annotations

import math

from lamina._core import dtypes
from lamina._core.errors import InvalidArgumentError
from lamina._core.graph import init_scope
from lamina._core.shape import TensorShape
from lamina.keras.layer.base import Layer
from lamina.keras.layer.image_preprocessing import check_image_rank, check_interpolation, with_spatial_size
from lamina.ops import (
    array_ops,
    cast_ops,
    clip_ops,
    comparison_ops,
    creation_ops,
    image_ops,
    indexing_ops,
    math_functions,
    random_ops,
    reduction_ops,
)

_FILL_MODES = ("reflect", "wrap", "constant", "nearest")


def _factor_range(factor, name="factor"):
    """A symmetric float `f` as (-f, f); a pair as given."""
    if isinstance(factor, (tuple, list)):
        if len(factor) != 2:
            raise ValueError(f"`{name}` must be a number or a pair of numbers, received: {name}={factor}")
        return float(factor[0]), float(factor[1])
    return -float(factor), float(factor)


def _check_fill_and_interpolation(fill_mode, interpolation):
    if fill_mode not in _FILL_MODES:
        raise NotImplementedError(
            f"Unknown `fill_mode` {fill_mode}. Only `reflect`, `wrap`, `constant` and `nearest` are "
            "supported."
        )
    if interpolation not in ("nearest", "bilinear"):
        raise NotImplementedError(
            f"Unknown `interpolation` {interpolation}. Only `nearest` and `bilinear` are supported."
        )


class _RandomImageLayer(Layer):
    """Shared by the Random* layers: seeding, casting, unbatched images, the training switch."""

    _draws_per_image = True

    def __init__(self, seed=None, **kwargs):
        super().__init__(**kwargs)
        self.seed = seed
        with init_scope():
            start = seed if seed is not None else [int(w) for w in random_ops.next_seed()]
            self._generator = random_ops.Generator.from_seed(start)
        self._autocast = False

    def call(self, inputs, training=True):
        inputs = cast_ops.cast(inputs, self.compute_dtype)
        check_image_rank(inputs, self._rank_error)
        if not training:
            return self._inference(inputs)
        if inputs.shape.rank == 3:
            return array_ops.squeeze(self._augment(array_ops.expand_dims(inputs, 0)), 0)
        return self._augment(inputs)

    _rank_error = ValueError

    def _inference(self, images):
        return images

    def _augment(self, images):
        """The random transformation of a batch of images: each Random* layer defines its own."""
        raise NotImplementedError(f"{type(self).__name__} must define `_augment(images)`.")

    def _per_image(self, images, low, high):
        """One uniform draw in [low, high) per image of the batch."""
        seed = self._generator.uniform_full_int((2,), dtypes.int64)
        return image_ops.random_uniform_per_image(images, seed, low, high)

    def compute_output_shape(self, input_shape):
        return TensorShape(input_shape)

    def get_config(self) -> dict:
        return {**super().get_config(), "seed": self.seed}


def _spatial_sizes(images):
    """(height, width) as float32 scalars: Python floats when static, else read from the shape."""
    shape = images.shape.as_list()
    if shape[1] is not None and shape[2] is not None:
        return float(shape[1]), float(shape[2])
    dynamic = cast_ops.cast(array_ops.shape(images), "float32")
    return dynamic[1], dynamic[2]


def _transform(images, rows, layer):
    """Applies per-image transforms (a list of 8 `[batch]` float32 rows) with the layer's fill."""
    transforms = array_ops.stack(rows, axis=1)
    outputs = image_ops.transform(
        images,
        transforms,
        fill_mode=layer.fill_mode,
        fill_value=layer.fill_value,
        interpolation=layer.interpolation,
    )
    return cast_ops.cast(outputs, images.dtype)


class RandomFlip(_RandomImageLayer):
    """Flips each image left-right and/or up-down, each with probability 1/2.

    Args:
      mode: "horizontal", "vertical" or "horizontal_and_vertical".
      seed: an int seed for the layer's random draws.

    Raises:
      ValueError: an unknown mode.
    """

    def __init__(self, mode="horizontal_and_vertical", seed=None, **kwargs):
        super().__init__(seed=seed, **kwargs)
        if mode not in ("horizontal", "vertical", "horizontal_and_vertical"):
            raise ValueError(f"RandomFlip layer {self.name} received an unknown mode argument {mode}")
        self.mode = mode

    def _augment(self, images):
        axes = {"horizontal": [2], "vertical": [1], "horizontal_and_vertical": [2, 1]}[self.mode]
        for axis in axes:
            flip = comparison_ops.less(self._per_image(images, 0.0, 1.0), 0.5)
            flip = array_ops.reshape(flip, [-1, 1, 1, 1])
            images = indexing_ops.where(flip, array_ops.reverse(images, [axis]), images)
        return images

    def get_config(self) -> dict:
        return {**super().get_config(), "mode": self.mode}


class RandomRotation(_RandomImageLayer):
    """Rotates each image by a random angle, `factor` times a full turn (counter-clockwise for
    positive values): a float `f` draws from [-f, f], a pair from its range.

    Args:
      factor: a float or a pair of floats, fractions of 2 pi.
      fill_mode: how to fill points outside the image: "reflect", "wrap", "constant", "nearest".
      interpolation: "bilinear" or "nearest".
      seed: an int seed. fill_value: the "constant" fill.

    Raises:
      ValueError: a range whose upper bound is below its lower bound.
      NotImplementedError: an unknown fill_mode or interpolation.
    """

    def __init__(
        self, factor, fill_mode="reflect", interpolation="bilinear", seed=None, fill_value=0.0, **kwargs
    ):
        super().__init__(seed=seed, **kwargs)
        self.factor = factor
        self.lower, self.upper = _factor_range(factor)
        if self.upper < self.lower:
            raise ValueError(f"`factor` argument cannot have a negative value. Received: factor={factor}")
        _check_fill_and_interpolation(fill_mode, interpolation)
        self.fill_mode, self.fill_value, self.interpolation = fill_mode, fill_value, interpolation

    def _augment(self, images):
        height, width = _spatial_sizes(images)
        angles = self._per_image(images, self.lower * 2.0 * math.pi, self.upper * 2.0 * math.pi)
        cos, sin = math_functions.cos(angles), math_functions.sin(angles)
        x_offset = ((width - 1.0) - (cos * (width - 1.0) - sin * (height - 1.0))) / 2.0
        y_offset = ((height - 1.0) - (sin * (width - 1.0) + cos * (height - 1.0))) / 2.0
        zeros = creation_ops.zeros_like(angles)
        return _transform(images, [cos, -sin, x_offset, sin, cos, y_offset, zeros, zeros], self)

    def get_config(self) -> dict:
        return {
            **super().get_config(),
            "factor": self.factor,
            "fill_mode": self.fill_mode,
            "fill_value": self.fill_value,
            "interpolation": self.interpolation,
        }


def _check_unit_range(factor, name):
    low, high = _factor_range(factor, name)
    if not (-1.0 <= low <= 1.0 and -1.0 <= high <= 1.0):
        raise ValueError(f"`{name}` argument must have values between [-1, 1]. Received: {name}={factor}")
    return low, high


class RandomZoom(_RandomImageLayer):
    """Zooms each image by a random factor: `height_factor` `f` draws a vertical zoom from
    [1 - f, 1 + f] (a pair (a, b) from [1 + a, 1 + b]); values above 1 zoom out. The horizontal zoom
    uses `width_factor` the same way, or equals the vertical one when it is None (aspect kept).

    Raises:
      ValueError: factors outside [-1, 1].
      NotImplementedError: an unknown fill_mode or interpolation.
    """

    def __init__(
        self, height_factor, width_factor=None, fill_mode="reflect", interpolation="bilinear", seed=None,
        fill_value=0.0, **kwargs,
    ):  # fmt: skip
        super().__init__(seed=seed, **kwargs)
        self.height_factor, self.width_factor = height_factor, width_factor
        self.height_lower, self.height_upper = _check_unit_range(height_factor, "height_factor")
        if width_factor is not None:
            self.width_lower, self.width_upper = _check_unit_range(width_factor, "width_factor")
        _check_fill_and_interpolation(fill_mode, interpolation)
        self.fill_mode, self.fill_value, self.interpolation = fill_mode, fill_value, interpolation

    def _augment(self, images):
        height, width = _spatial_sizes(images)
        height_zoom = self._per_image(images, 1.0 + self.height_lower, 1.0 + self.height_upper)
        if self.width_factor is None:
            width_zoom = height_zoom
        else:
            width_zoom = self._per_image(images, 1.0 + self.width_lower, 1.0 + self.width_upper)
        x_offset = (width - 1.0) / 2.0 * (1.0 - width_zoom)
        y_offset = (height - 1.0) / 2.0 * (1.0 - height_zoom)
        zeros = creation_ops.zeros_like(height_zoom)
        return _transform(
            images, [width_zoom, zeros, x_offset, zeros, height_zoom, y_offset, zeros, zeros], self
        )

    def get_config(self) -> dict:
        return {
            **super().get_config(),
            "height_factor": self.height_factor,
            "width_factor": self.width_factor,
            "fill_mode": self.fill_mode,
            "fill_value": self.fill_value,
            "interpolation": self.interpolation,
        }


class RandomTranslation(_RandomImageLayer):
    """Shifts each image by random fractions of its height and width: a factor `f` draws from
    [-f, f] (positive moves down / right), a pair from its range.

    Raises:
      ValueError: factors outside [-1, 1] or a pair whose upper bound is below its lower bound.
      NotImplementedError: an unknown fill_mode or interpolation.
    """

    def __init__(
        self, height_factor, width_factor, fill_mode="reflect", interpolation="bilinear", seed=None,
        fill_value=0.0, **kwargs,
    ):  # fmt: skip
        super().__init__(seed=seed, **kwargs)
        self.height_factor, self.width_factor = height_factor, width_factor
        self.height_lower, self.height_upper = _check_unit_range(height_factor, "height_factor")
        self.width_lower, self.width_upper = _factor_range(width_factor, "width_factor")
        if self.width_upper < self.width_lower:
            raise ValueError(
                f"`width_factor` cannot have upper bound less than lower bound, got {width_factor}"
            )
        if abs(self.width_lower) > 1.0 or abs(self.width_upper) > 1.0:
            raise ValueError(f"`width_factor` must have values between [-1, 1], got {width_factor}")
        _check_fill_and_interpolation(fill_mode, interpolation)
        self.fill_mode, self.fill_value, self.interpolation = fill_mode, fill_value, interpolation

    def _augment(self, images):
        height, width = _spatial_sizes(images)
        dy = self._per_image(images, self.height_lower, self.height_upper) * height
        dx = self._per_image(images, self.width_lower, self.width_upper) * width
        ones, zeros = creation_ops.ones_like(dx), creation_ops.zeros_like(dx)
        return _transform(images, [ones, zeros, -dx, zeros, ones, -dy, zeros, zeros], self)

    def get_config(self) -> dict:
        return {
            **super().get_config(),
            "height_factor": self.height_factor,
            "width_factor": self.width_factor,
            "fill_mode": self.fill_mode,
            "fill_value": self.fill_value,
            "interpolation": self.interpolation,
        }


class RandomContrast(_RandomImageLayer):
    """Scales each channel's deviation from its mean by one random factor per batch, drawn from
    [1 - lower, 1 + upper] (`factor` is `lower = upper` or the pair), and clips to [0, 255].

    Raises:
      ValueError: negative factors, or a lower factor above 1.
    """

    def __init__(self, factor, seed=None, **kwargs):
        super().__init__(seed=seed, **kwargs)
        self.factor = factor
        lower, upper = factor if isinstance(factor, (tuple, list)) else (factor, factor)
        if lower < 0.0 or upper < 0.0 or lower > 1.0:
            raise ValueError(
                "`factor` argument cannot have negative values or values greater than 1."
                f"Received: factor={factor}"
            )
        self.lower, self.upper = float(lower), float(upper)

    def _augment(self, images):
        scale = self._generator.uniform((), 1.0 - self.lower, 1.0 + self.upper)
        data = cast_ops.cast(images, "float32")
        mean = reduction_ops.reduce_mean(data, axis=[1, 2], keepdims=True)
        contrasted = (data - mean) * scale + mean
        return cast_ops.cast(clip_ops.clip_by_value(contrasted, 0.0, 255.0), images.dtype)

    def get_config(self) -> dict:
        return {**super().get_config(), "factor": self.factor}


class RandomBrightness(_RandomImageLayer):
    """Adds a random delta to each image, `factor` times the width of `value_range` (a float `f`
    draws from [-f, f], a pair from its range), and clips to `value_range`.

    Raises:
      ValueError: factors outside [-1, 1], or a value_range that is not two numbers.
    """

    def __init__(self, factor, value_range=(0, 255), seed=None, **kwargs):
        super().__init__(seed=seed, **kwargs)
        if isinstance(factor, (tuple, list)):
            pair = list(factor)
        else:
            pair = [-factor, factor] if isinstance(factor, (int, float)) else []
        if len(pair) != 2 or any(abs(v) > 1.0 for v in pair):
            raise ValueError(
                "The `factor` argument should be a number (or a list of two numbers) in the range "
                "[-1.0, 1.0]. "
                f"Got {factor}"
            )
        if not isinstance(value_range, (tuple, list)) or len(value_range) != 2:
            raise ValueError(f"The `value_range` argument should be a list of two numbers. Got {value_range}")
        self.factor = sorted(pair)
        self.value_range = sorted(value_range)

    def _augment(self, images):
        low, high = self.value_range
        deltas = self._per_image(images, self.factor[0], self.factor[1]) * float(high - low)
        deltas = cast_ops.cast(array_ops.reshape(deltas, [-1, 1, 1, 1]), images.dtype)
        return clip_ops.clip_by_value(images + deltas, float(low), float(high))

    def get_config(self) -> dict:
        return {**super().get_config(), "factor": self.factor, "value_range": self.value_range}


class RandomCrop(_RandomImageLayer):
    """Crops a random `height` x `width` window (one position per batch) in training; at inference,
    or for images smaller than the window, crops to its aspect ratio and resizes to it."""

    _rank_error = InvalidArgumentError

    def __init__(self, height, width, seed=None, **kwargs):
        super().__init__(seed=seed, **kwargs)
        self.height, self.width = height, width

    def _inference(self, images):
        resized = image_ops.smart_resize(images, [self.height, self.width])
        return cast_ops.cast(resized, images.dtype)

    def _augment(self, images):
        fraction = self._generator.uniform((2,), 0.0, 1.0)
        cropped = image_ops.crop_or_smart_resize(images, self.height, self.width, fraction=fraction)
        return cast_ops.cast(cropped, images.dtype)

    def compute_output_shape(self, input_shape):
        return with_spatial_size(input_shape, self.height, self.width)

    def get_config(self) -> dict:
        return {**super().get_config(), "height": self.height, "width": self.width}


class _RandomLength(_RandomImageLayer):
    """RandomHeight / RandomWidth: resizes one axis by a random factor per batch."""

    _axis = -3
    _order_message = "lesser"

    def __init__(self, factor, interpolation="bilinear", seed=None, **kwargs):
        super().__init__(seed=seed, **kwargs)
        self.factor = factor
        self.lower, self.upper = _factor_range(factor)
        if self.upper < self.lower:
            raise ValueError(
                f"`factor` argument cannot have an upper bound {self._order_message} than the lower bound. "
                f"Received: factor={factor}"
            )
        if self.lower < -1.0 or self.upper < -1.0:
            raise ValueError(f"`factor` argument must have values larger than -1. Received: factor={factor}")
        self.interpolation = check_interpolation(interpolation)

    def _augment(self, images):
        scale = self._generator.uniform((), 1.0 + self.lower, 1.0 + self.upper)
        resized = image_ops.resize_to_factor_size(images, scale, self._axis, self.interpolation)
        return cast_ops.cast(resized, images.dtype)

    def compute_output_shape(self, input_shape):
        shape = TensorShape(input_shape).as_list()
        shape[self._axis] = None
        return TensorShape(shape)

    def get_config(self) -> dict:
        return {**super().get_config(), "factor": self.factor, "interpolation": self.interpolation}


class RandomHeight(_RandomLength):
    """Resizes the height of a batch by a random factor drawn from [1 - f, 1 + f] for a float `f`
    (or [1 + a, 1 + b] for a pair), with `interpolation`; the width is kept.

    Raises:
      ValueError: a range whose upper bound is below its lower bound, or below -1.
      NotImplementedError: an unknown interpolation.
    """


class RandomWidth(_RandomLength):
    """Resizes the width of a batch by a random factor drawn from [1 - f, 1 + f] for a float `f`
    (or [1 + a, 1 + b] for a pair), with `interpolation`; the height is kept.

    Raises:
      ValueError: a range whose upper bound is below its lower bound, or below -1.
      NotImplementedError: an unknown interpolation.
    """

    _axis = -2
    _order_message = "less"
