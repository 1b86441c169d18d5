"""Argument checks and shape arithmetic shared by the convolution, pooling and spatial layers:
tuples of per-axis ints, padding names, data formats, and the output length of a (transposed)
convolution or pooling window along one axis."""

from __future__ import annotations

import numbers

from lamina.keras import backend
from lamina.ops import nn_conv

_PADDINGS = ("valid", "same", "causal")


def normalize_tuple(value, n: int, name: str, allow_zero: bool = False) -> tuple:
    """An int or an iterable of `n` ints -> a tuple of `n` ints, each > 0 (>= 0 if allow_zero).

    Raises:
      ValueError: not an int or `n` ints, or a value below the bound.
    """
    message = f"The `{name}` argument must be a tuple of {n} integers. Received: {value}"
    if isinstance(value, numbers.Integral) and not isinstance(value, bool):
        values = (int(value),) * n
    else:
        try:
            values = tuple(value)
        except TypeError:
            raise ValueError(message) from None
        if isinstance(value, str) or len(values) != n:
            raise ValueError(message)
        if not all(isinstance(v, numbers.Integral) and not isinstance(v, bool) for v in values):
            raise ValueError(f"{message} including element {values} of type(s) that are not integers")
        values = tuple(int(v) for v in values)
    bound, requirement = (0, ">= 0") if allow_zero else (1, "> 0")
    invalid = {v for v in values if v < bound}
    if invalid:
        raise ValueError(
            f"{message} including {invalid} that does not satisfy the requirement `{requirement}`."
        )
    return values


def normalize_padding(value) -> str:
    """ "valid", "same" or "causal" (any case).

    Raises:
      ValueError: another value (Keras's conv layers do not take explicit paddings).
    """
    padding = value.lower() if isinstance(value, str) else value
    if padding not in _PADDINGS:
        raise ValueError(
            'The `padding` argument must be a list/tuple or one of "valid", "same" (or "causal", only for '
            f"`Conv1D). Received: {value}"
        )
    return padding


def normalize_data_format(value) -> str:
    """ "channels_last" or "channels_first"; None means `tf.keras.backend.image_data_format()`."""
    if value is None:
        value = backend.image_data_format()
    data_format = value.lower() if isinstance(value, str) else value
    if data_format not in ("channels_first", "channels_last"):
        raise ValueError(
            f'The `data_format` argument must be one of "channels_first", "channels_last". Received: {value}'
        )
    return data_format


def tf_data_format(data_format: str, num_spatial: int) -> str:
    """The ops' spelling of a Keras data format: "NHWC" / "NCHW" (and the 1-D and 3-D forms)."""
    spatial = "DHW"[3 - num_spatial :]
    return f"NC{spatial}" if data_format == "channels_first" else f"N{spatial}C"


def channel_axis(data_format: str) -> int:
    return 1 if data_format == "channels_first" else -1


def spatial_dims(shape: list, data_format: str) -> list:
    """The spatial dimensions of a full shape [batch, ..., channels] (or channels first)."""
    return list(shape[2:]) if data_format == "channels_first" else list(shape[1:-1])


def with_spatial(shape: list, spatial: list, channels, data_format: str) -> list:
    """A full shape from its batch (shape[0]), spatial dimensions and channel count."""
    if data_format == "channels_first":
        return [shape[0], channels, *spatial]
    return [shape[0], *spatial, channels]


def conv_output_length(length, window: int, padding: str, stride: int, dilation: int = 1):
    """The output length of a convolution or pooling window along one axis (None if unknown)."""
    if length is None:
        return None
    effective = (window - 1) * dilation + 1
    if padding in ("same", "causal"):
        size = length
    else:
        size = length - effective + 1
    return max((size + stride - 1) // stride, 0)


def deconv_output_length(length, window: int, padding: str, output_padding, stride: int, dilation: int = 1):
    """The output length of a transposed convolution along one axis (None if unknown): the largest
    length the forward convolution maps to `length`, or the one `output_padding` picks."""
    if length is None:
        return None
    return nn_conv.transposed_output_length(length, window, stride, dilation, padding.upper(), output_padding)


def check_strides_and_dilation(strides: tuple, dilation_rate: tuple) -> None:
    """Strides and dilation may not both exceed 1 (the ops define no such convolution)."""
    if max(strides) > 1 and max(dilation_rate) > 1:
        raise ValueError(
            "`strides > 1` not supported in conjunction with `dilation_rate > 1`. Received: "
            f"strides={strides} and dilation_rate={dilation_rate}"
        )


def normalize_pairs(value, n: int, name: str) -> tuple:
    """Padding/cropping of `n` axes: an int (the same on every side), `n` ints (symmetric per
    axis) or `n` pairs (before, after) -> a tuple of `n` pairs of ints >= 0.

    Raises:
      ValueError: any other form, or a negative value.
    """
    if isinstance(value, numbers.Integral) and not isinstance(value, bool):
        pair = normalize_tuple(value, 2, name, allow_zero=True)
        return (pair,) * n
    if not hasattr(value, "__len__") or len(value) != n:
        words = {2: "two", 3: "three"}.get(n, str(n))
        raise ValueError(f"`{name}` should have {words} elements. Received: {value}.")
    ordinals = ("1st", "2nd", "3rd")
    return tuple(
        normalize_tuple(item, 2, f"{ordinals[i]} entry of {name}", allow_zero=True)
        for i, item in enumerate(value)
    )
