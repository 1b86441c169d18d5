"""Convolutions and pooling (`tf.nn.conv*`, `tf.nn.*pool*`) on lax.conv_general_dilated / reduce_window.

Every convolution, whatever its rank, data format or grouping, is the one `Conv` op below; the
transposed convolutions are the gradient of that op with respect to its input (TensorFlow's
Conv2DBackpropInput), computed with jax.vjp inside the implementation, so the padding rules of
both directions agree by construction.
"""

from __future__ import annotations

import functools
import itertools

import jax
import jax.numpy as jnp
import numpy as np
from jax import lax

from lamina._core.errors import UnimplementedError, op_error
from lamina.ops._op import defop, dtypes, execute, shape_error, static_ints, tensor

_CONV_TYPES = frozenset((dtypes.float16, dtypes.bfloat16, dtypes.float32, dtypes.float64, dtypes.int32))
_POOL_TYPES = dtypes.REAL
_LOW_PRECISION = (jnp.float16, jnp.bfloat16)


# ---- argument normalization ---------------------------------------------------------------------
def _spatial_format(data_format, num_spatial: int, op_name: str):
    """(channels_first, lhs spec like "NHWC") for a data_format string (None: channels last)."""
    default = "N" + "DHW"[3 - num_spatial :] + "C"
    if data_format is None:
        return False, default
    well_formed = len(data_format) == num_spatial + 2 and data_format[0] == "N"
    if not well_formed or "C" not in (data_format[1], data_format[-1]):
        raise ValueError(
            f"`data_format` must be {default!r} or its channels-first form, received: {data_format}"
        )
    channels_first = data_format[1] == "C"
    spatial = "DHW"[3 - num_spatial :]
    return channels_first, ("NC" + spatial) if channels_first else ("N" + spatial + "C")


def _per_spatial(value, num_spatial: int, channels_first: bool, what: str, op_name: str, default=1) -> tuple:
    """strides/dilations/ksize: an int, or a list of 1, N or N+2 ints -> a tuple of N spatial ints."""
    if value is None:
        return (default,) * num_spatial
    values = static_ints(value, what, op_name)
    values = (values,) if isinstance(values, int) else tuple(values)
    if len(values) == 1:
        return values * num_spatial
    if len(values) == num_spatial:
        return values
    if len(values) == num_spatial + 2:
        outer = (values[0], values[1]) if channels_first else (values[0], values[-1])
        if outer != (1, 1):
            batch = "batch" if what == "ksize" else "batch and depth"
            message = (
                "Pooling is not yet supported on the batch dimension."
                if what == "ksize"
                else f"Current implementation does not yet support {what} in the {batch} dimensions."
            )
            raise op_error(UnimplementedError, op_name, message)
        return values[2:] if channels_first else values[1:-1]
    raise ValueError(
        f"{what} should be of length 1, {num_spatial} or {num_spatial + 2}. Received: {what}="
        f"{list(values)} of length {len(values)}"
    )


def _padding(padding, num_spatial: int, channels_first: bool, op_name: str):
    """ "SAME"/"VALID", or explicit [[before, after], ...] over all dimensions -> spatial pairs."""
    if isinstance(padding, str):
        upper = padding.upper()
        if upper not in ("SAME", "VALID"):
            raise ValueError(
                f"`padding` must be one of 'SAME', 'VALID' or a list of pairs; received: {padding!r}"
            )
        return upper
    pairs = [tuple(int(v) for v in pair) for pair in padding]
    if len(pairs) != num_spatial + 2 or any(len(pair) != 2 for pair in pairs):
        raise ValueError(
            f"When `padding` is explicit it must have {num_spatial + 2} pairs of ints, received: {padding}"
        )
    outer = [pairs[0], pairs[1]] if channels_first else [pairs[0], pairs[-1]]
    if any(pair != (0, 0) for pair in outer):
        raise shape_error(
            op_name, f"Explicit padding of the batch or channel dimension is not allowed; received: {padding}"
        )
    if any(v < 0 for pair in pairs for v in pair):
        raise shape_error(
            op_name, f"All elements of explicit padding must be nonnegative; received: {padding}"
        )
    spatial = pairs[2:] if channels_first else pairs[1:-1]
    return tuple(spatial)


def _dimension_numbers(lhs_spec: str):
    spatial = lhs_spec.replace("N", "").replace("C", "")
    return (lhs_spec, spatial + "IO", lhs_spec)


def _output_size(size, window, stride, dilation, padding_mode, pads=None):
    effective = (window - 1) * dilation + 1
    if padding_mode == "SAME":
        return -(-size // stride)
    if padding_mode == "VALID":
        return (size - effective) // stride + 1 if size >= effective else -1
    before, after = pads
    total = size + before + after
    return (total - effective) // stride + 1 if total >= effective else -1


# ---- convolution ----------------------------------------------------------------------------------
def _conv_impl(input, filters, strides, padding, dilations, lhs_spec, groups):  # noqa: A002
    accumulate = jnp.float32 if input.dtype in _LOW_PRECISION else input.dtype
    out = lax.conv_general_dilated(
        input,
        filters,
        window_strides=strides,
        padding=padding,
        rhs_dilation=dilations,
        dimension_numbers=_dimension_numbers(lhs_spec),
        feature_group_count=groups,
        preferred_element_type=accumulate,
    )
    return out.astype(input.dtype)


_CONV = defop("Conv", _conv_impl, inputs=["input: T", "filter: T"], types={"T": _CONV_TYPES})


def _conv(input, filters, strides, padding, data_format, dilations, num_spatial, op_name, name):  # noqa: A002
    x = tensor(input)
    w = tensor(filters, dtype_hint=x.dtype)
    if x.shape.rank != num_spatial + 2:
        raise ValueError(
            f"`input` must have rank {num_spatial + 2} for a {num_spatial}-D convolution, "
            f"received shape {x.shape}"
        )
    if w.shape.rank != num_spatial + 2:
        raise ValueError(f"`filters` must have rank {num_spatial + 2}, received shape {w.shape}")
    channels_first, lhs_spec = _spatial_format(data_format, num_spatial, op_name)
    strides = _per_spatial(strides, num_spatial, channels_first, "strides", op_name)
    dilations = _per_spatial(dilations, num_spatial, channels_first, "dilations", op_name)
    if max(strides) > 1 and max(dilations) > 1:
        raise ValueError(
            f"`strides` > 1 not supported in conjunction with `dilation_rate` > 1. Received: "
            f"strides={list(strides)} and dilation_rate={list(dilations)}"
        )
    padding = _padding(padding, num_spatial, channels_first, op_name)
    shape, filter_shape = x.shape.as_list(), w.shape.as_list()
    in_channels = shape[1] if channels_first else shape[-1]
    if in_channels is None:
        raise ValueError(f"The channel dimension of `input` must be known, received shape {x.shape}")
    if in_channels % filter_shape[-2]:
        raise shape_error(
            op_name,
            f"input depth must be evenly divisible by filter depth: {in_channels} vs {filter_shape[-2]}",
        )
    spatial = shape[2:] if channels_first else shape[1:-1]
    for axis, size in enumerate(spatial):
        pads = padding[axis] if isinstance(padding, tuple) else None
        if size is not None and (
            _output_size(
                size,
                filter_shape[axis],
                strides[axis],
                dilations[axis],
                padding if isinstance(padding, str) else None,
                pads,
            )
            < 0
        ):
            raise shape_error(
                op_name,
                f"Computed output size would be negative: input shape {shape}, filter "
                f"shape {filter_shape}, padding {padding}",
            )
    attrs = {
        "strides": strides,
        "padding": padding,
        "dilations": dilations,
        "lhs_spec": lhs_spec,
        "groups": in_channels // filter_shape[-2],
    }
    return execute(_CONV, [x, w], attrs, name)


def conv1d(input, filters, stride, padding, data_format="NWC", dilations=None, name=None):  # noqa: A002
    """1-D convolution: input [batch, width, in_channels], filters [width, in_channels, out_channels]."""
    return _conv(input, filters, stride, padding, data_format, dilations, 1, "Conv1D", name)


def conv2d(input, filters, strides, padding, data_format="NHWC", dilations=None, name=None):  # noqa: A002
    """2-D convolution: input [batch, height, width, channels] (or NCHW), filters [h, w, in, out].

    `padding` is "SAME", "VALID", or explicit [[0, 0], [top, bottom], [left, right], [0, 0]].
    `in` may divide the input channels, which makes a grouped convolution.
    """
    return _conv(input, filters, strides, padding, data_format, dilations, 2, "Conv2D", name)


def conv3d(input, filters, strides, padding, data_format="NDHWC", dilations=None, name=None):  # noqa: A002
    """3-D convolution: input [batch, depth, height, width, channels], filters [d, h, w, in, out]."""
    return _conv(input, filters, strides, padding, data_format, dilations, 3, "Conv3D", name)


def convolution(
    input,
    filters,
    strides=None,
    padding="VALID",
    data_format=None,
    dilations=None,  # noqa: A002
    name=None,
):
    """N-D convolution (N = 1, 2 or 3, from the rank of `input`)."""
    x = tensor(input)
    num_spatial = x.shape.rank - 2
    if num_spatial not in (1, 2, 3):
        raise ValueError(f"`input` must have rank 3, 4 or 5, received shape {x.shape}")
    return _conv(x, filters, strides, padding, data_format, dilations, num_spatial, "Conv", name)


def atrous_conv2d(value, filters, rate, padding, name=None):
    """2-D convolution with holes: conv2d with dilations=rate and stride 1."""
    if int(rate) < 1:
        raise ValueError(f"rate {rate} cannot be less than one")
    return _conv(value, filters, 1, padding, "NHWC", int(rate), 2, "Conv2D", name)


# ---- transposed convolution -----------------------------------------------------------------------
def transposed_output_length(length, window, stride, dilation, padding, output_padding=None):
    """The output length of a transposed convolution whose output size is not given (Keras's rule):
    the largest length that the forward convolution maps onto `length` ("VALID"), or `length *
    stride` ("SAME"); with `output_padding`, (length - 1) * stride + window - 2 * pad + output_padding."""
    effective = (window - 1) * dilation + 1
    if output_padding is None:
        if padding == "VALID":
            return length * stride + max(effective - stride, 0)
        return length * stride
    pad = effective // 2 if padding == "SAME" else 0
    return (length - 1) * stride + effective - 2 * pad + output_padding


def _resolve_output_shape(
    input_shape, filter_shape, output_shape, strides, padding, dilations, lhs_spec, output_padding
):
    """`output_shape` with its batch size taken from the input and unknown (None) spatial sizes
    computed by `transposed_output_length` (None where the input's size is unknown too)."""
    shape = [input_shape[0], *output_shape[1:]]
    spatial = [i for i, letter in enumerate(lhs_spec) if letter not in "NC"]
    for n, i in enumerate(spatial):
        if shape[i] is None and input_shape[i] is not None:
            extra = None if output_padding is None else output_padding[n]
            shape[i] = transposed_output_length(
                input_shape[i], filter_shape[n], strides[n], dilations[n], padding, extra
            )
    return tuple(shape)


def _conv_transpose_impl(input, filters, output_shape, strides, padding, dilations, lhs_spec, output_padding):  # noqa: A002
    # The batch size is the input's (a Keras layer builds this op before the batch size is known), and
    # so are the spatial sizes a Keras layer leaves to the input's (unknown while its graph is built).
    output_shape = _resolve_output_shape(
        input.shape, filters.shape, output_shape, strides, padding, dilations, lhs_spec, output_padding
    )

    def forward(x):
        return _conv_impl(x, filters, strides, padding, dilations, lhs_spec, 1)

    _, pullback = jax.vjp(forward, jnp.zeros(output_shape, input.dtype))
    return pullback(input)[0]


_CONV_TRANSPOSE = defop(
    "ConvBackpropInput",
    _conv_transpose_impl,
    inputs=["out_backprop: T", "filter: T"],
    types={"T": _CONV_TYPES - {dtypes.int32}},
)


def _conv_transpose(
    input,  # noqa: A002
    filters,
    output_shape,
    strides,
    padding,
    data_format,
    dilations,
    num_spatial,
    op_name,
    name,
    output_padding=None,
):
    x = tensor(input)
    w = tensor(filters, dtype_hint=x.dtype)
    output_shape = _transpose_output_shape(output_shape, op_name)
    if len(output_shape) != num_spatial + 2:
        raise ValueError(
            f"`output_shape` must be of length {num_spatial + 2}, received: {list(output_shape)}"
        )
    channels_first, lhs_spec = _spatial_format(data_format, num_spatial, op_name)
    strides = _per_spatial(strides, num_spatial, channels_first, "strides", op_name)
    dilations = _per_spatial(dilations, num_spatial, channels_first, "dilations", op_name)
    padding = _padding(padding, num_spatial, channels_first, op_name)
    out_channels = output_shape[1] if channels_first else output_shape[-1]
    in_channels = x.shape.as_list()[1 if channels_first else -1]
    filter_shape = w.shape.as_list()
    if filter_shape[-2] != out_channels or filter_shape[-1] != in_channels:
        raise shape_error(
            op_name,
            f"filters {filter_shape} must be [..., output channels {out_channels}, input channels "
            f"{in_channels}]",
        )
    _check_transpose_shapes(
        x, filter_shape, output_shape, strides, padding, dilations, lhs_spec, output_padding, op_name
    )
    attrs = {
        "output_shape": output_shape,
        "strides": strides,
        "padding": padding,
        "dilations": dilations,
        "lhs_spec": lhs_spec,
        "output_padding": output_padding,
    }
    return execute(_CONV_TRANSPOSE, [x, w], attrs, name)


def _check_transpose_shapes(
    x, filter_shape, output_shape, strides, padding, dilations, lhs_spec, output_padding, op_name
):
    """The output shape must be one that the forward convolution maps onto the input's shape."""
    input_shape = x.shape.as_list()
    resolved = _resolve_output_shape(
        input_shape, filter_shape, output_shape, strides, padding, dilations, lhs_spec, output_padding
    )
    if any(d is None for d in resolved[1:]):
        return  # sizes known only when the op runs
    forward = jax.eval_shape(
        lambda a, b: _conv_impl(a, b, strides, padding, dilations, lhs_spec, 1),
        jax.ShapeDtypeStruct((resolved[0] or 1, *resolved[1:]), np.float32),
        jax.ShapeDtypeStruct(tuple(filter_shape), np.float32),
    )
    if any(a is not None and a != b for a, b in zip(input_shape, forward.shape, strict=True)):
        num_spatial = len(input_shape) - 2
        raise shape_error(
            op_name,
            f"Conv{num_spatial}DBackpropInput: Size of out_backprop doesn't match computed: actual = "
            f"{input_shape}, computed = {list(forward.shape)} for output_shape {list(output_shape)}",
        )


def _transpose_output_shape(output_shape, op_name) -> tuple:
    """The static output shape of a transposed convolution. Its batch size may be None (the input's,
    unknown while a Keras functional model is described), and so may spatial sizes, which then follow
    `transposed_output_length`."""
    if isinstance(output_shape, (list, tuple)) and any(d is None for d in output_shape):
        known = static_ints([d for d in output_shape if d is not None], "output_shape", op_name)
        known = iter((known,) if isinstance(known, int) else known)
        return tuple(None if d is None else next(known) for d in output_shape)
    output_shape = static_ints(output_shape, "output_shape", op_name)
    return tuple(output_shape) if not isinstance(output_shape, int) else (output_shape,)


def keras_conv_transpose(
    inputs, filters, output_shape, strides, padding, data_format, dilations, output_padding
):
    """The transposed convolution of Keras's Conv*DTranspose layers: as `conv_transpose`, but spatial
    sizes of `output_shape` may be None (computed from the input's when the op runs, by
    `transposed_output_length` with `output_padding`, a tuple per spatial axis or None)."""
    num_spatial = len(output_shape) - 2
    op_name = f"Conv{num_spatial}DBackpropInput" if num_spatial < 3 else "Conv3DBackpropInputV2"
    output_padding = None if output_padding is None else tuple(int(p) for p in output_padding)
    return _conv_transpose(
        inputs,
        filters,
        output_shape,
        strides,
        padding,
        data_format,
        dilations,
        num_spatial,
        op_name,
        None,
        output_padding=output_padding,
    )


def conv1d_transpose(
    input,
    filters,
    output_shape,
    strides,
    padding="SAME",
    data_format="NWC",  # noqa: A002
    dilations=None,
    name=None,
):
    """The transpose (gradient) of conv1d; filters are [width, out_channels, in_channels]."""
    return _conv_transpose(
        input, filters, output_shape, strides, padding, data_format, dilations, 1, "Conv1DBackpropInput", name
    )


def conv2d_transpose(
    input,
    filters,
    output_shape,
    strides,
    padding="SAME",
    data_format="NHWC",  # noqa: A002
    dilations=None,
    name=None,
):
    """The transpose (gradient) of conv2d, often called deconvolution.

    `filters` are [height, width, out_channels, in_channels]; `output_shape` is the full output shape.
    """
    return _conv_transpose(
        input, filters, output_shape, strides, padding, data_format, dilations, 2, "Conv2DBackpropInput", name
    )


def conv3d_transpose(
    input,
    filters,
    output_shape,
    strides,
    padding="SAME",
    data_format="NDHWC",  # noqa: A002
    dilations=None,
    name=None,
):
    """The transpose (gradient) of conv3d; filters are [d, h, w, out_channels, in_channels]."""
    return _conv_transpose(
        input,
        filters,
        output_shape,
        strides,
        padding,
        data_format,
        dilations,
        3,
        "Conv3DBackpropInputV2",
        name,
    )


def conv_transpose(
    input,
    filters,
    output_shape,
    strides,
    padding="SAME",
    data_format=None,  # noqa: A002
    dilations=None,
    name=None,
):
    """N-D transposed convolution (N from len(output_shape) - 2)."""
    num_spatial = len(_transpose_output_shape(output_shape, "ConvBackpropInput")) - 2
    return _conv_transpose(
        input,
        filters,
        output_shape,
        strides,
        padding,
        data_format,
        dilations,
        num_spatial,
        "ConvBackpropInput",
        name,
    )


# ---- depthwise and separable convolution ----------------------------------------------------------
def _depthwise_filter(filters):
    """[h, w, in, multiplier] -> [h, w, 1, in * multiplier], the grouped-convolution layout."""
    h, w, channels, multiplier = filters.shape
    return filters.reshape(h, w, 1, channels * multiplier)


def _depthwise_impl(input, filters, strides, padding, dilations, lhs_spec):  # noqa: A002
    groups = filters.shape[2]
    return _conv_impl(input, _depthwise_filter(filters), strides, padding, dilations, lhs_spec, groups)


_DEPTHWISE = defop(
    "DepthwiseConv2dNative",
    _depthwise_impl,
    inputs=["input: T", "filter: T"],
    types={"T": _CONV_TYPES - {dtypes.int32}},
)


def _separable_impl(input, depthwise_filter, pointwise_filter, strides, padding, dilations, lhs_spec):
    depthwise = _depthwise_impl(input, depthwise_filter, strides, padding, dilations, lhs_spec)
    return _conv_impl(depthwise, pointwise_filter, (1, 1), "VALID", (1, 1), lhs_spec, 1)


_SEPARABLE = defop(
    "SeparableConv2D",
    _separable_impl,
    inputs=["input: T", "depthwise_filter: T", "pointwise_filter: T"],
    types={"T": _CONV_TYPES - {dtypes.int32}},
)


def _depthwise_args(input, filters, strides, padding, data_format, dilations, op_name):  # noqa: A002
    x = tensor(input)
    w = tensor(filters, dtype_hint=x.dtype)
    if x.shape.rank != 4 or w.shape.rank != 4:
        raise ValueError(
            f"depthwise convolution needs a rank-4 input and filter, received {x.shape} and {w.shape}"
        )
    channels_first, lhs_spec = _spatial_format(data_format, 2, op_name)
    strides = static_ints(strides, "strides", op_name)
    if isinstance(strides, int) or len(strides) != 4:
        raise shape_error(op_name, "Sliding window strides field must specify 4 or 5 dimensions")
    strides = _per_spatial(strides, 2, channels_first, "strides", op_name)
    dilations = _per_spatial(dilations, 2, channels_first, "dilations", op_name)
    padding = _padding(padding, 2, channels_first, op_name)
    in_channels = x.shape.as_list()[1 if channels_first else -1]
    if in_channels != w.shape.as_list()[2]:
        raise shape_error(
            op_name,
            f"input depth must be evenly divisible by filter depth: {in_channels} vs {w.shape.as_list()[2]}",
        )
    return x, w, {"strides": strides, "padding": padding, "dilations": dilations, "lhs_spec": lhs_spec}


def depthwise_conv2d(input, filter, strides, padding, data_format=None, dilations=None, name=None):
    """Convolves each input channel with its own `channel_multiplier` filters (filter [h, w, in, mult]);
    the output has in * mult channels. `strides` is a list of 4 ints."""
    x, w, attrs = _depthwise_args(
        input, filter, strides, padding, data_format, dilations, "DepthwiseConv2dNative"
    )
    return execute(_DEPTHWISE, [x, w], attrs, name)


def separable_conv2d(
    input, depthwise_filter, pointwise_filter, strides, padding, data_format=None, dilations=None, name=None
):
    """A depthwise convolution followed by a 1x1 convolution mixing channels (pointwise_filter
    [1, 1, in * mult, out])."""
    x, w, attrs = _depthwise_args(
        input, depthwise_filter, strides, padding, data_format, dilations, "SeparableConv2D"
    )
    pointwise = tensor(pointwise_filter, dtype_hint=x.dtype)
    depth_shape, point_shape = w.shape.as_list(), pointwise.shape.as_list()
    if point_shape[:2] != [1, 1] or point_shape[2] != depth_shape[2] * depth_shape[3]:
        expected = depth_shape[2] * depth_shape[3]
        raise ValueError(
            f"`pointwise_filter` must be [1, 1, {expected}, out_channels], received shape {point_shape}"
        )
    return execute(_SEPARABLE, [x, w, pointwise], attrs, name)


# ---- pooling --------------------------------------------------------------------------------------
def _window(lhs_spec, spatial_values, fill=1):
    """A per-dimension tuple: `spatial_values` on the spatial dimensions, `fill` on N and C."""
    values = iter(spatial_values)
    return tuple(fill if letter in "NC" else next(values) for letter in lhs_spec)


def _pool_padding(padding, lhs_spec, window, strides, dilations, shape):
    if isinstance(padding, tuple):
        spatial = iter(padding)
        return tuple((0, 0) if letter in "NC" else next(spatial) for letter in lhs_spec)
    effective = [(w - 1) * d + 1 for w, d in zip(window, dilations, strict=True)]
    return tuple(lax.padtype_to_pads(shape, effective, strides, padding))


def _pool_impl(input, pooling_type, window, strides, dilations, padding, lhs_spec):  # noqa: A002
    window_full = _window(lhs_spec, window)
    strides_full = _window(lhs_spec, strides)
    dilations_full = _window(lhs_spec, dilations)
    pads = _pool_padding(padding, lhs_spec, window_full, strides_full, dilations_full, input.shape)
    if pooling_type == "MAX":
        # NumPy (not jnp) init values: JAX recognizes max/sum windows, which it can differentiate,
        # only from a concrete init value, and jnp values are traced inside jit.
        floating = jnp.issubdtype(input.dtype, jnp.floating)
        lowest = np.asarray(-np.inf if floating else np.iinfo(input.dtype).min, input.dtype)
        tiled = strides_full == window_full and set(dilations_full) == {1}
        if tiled and min(min(p) for p in pads) >= 0 and np.prod(window_full) <= _TILED_MAX_POSITIONS:
            return _tiled_max(input, window_full, tuple(tuple(p) for p in pads))
        return lax.reduce_window(
            input, lowest, lax.max, window_full, strides_full, pads, window_dilation=dilations_full
        )
    compute = jnp.float32 if input.dtype in _LOW_PRECISION else input.dtype
    zero = np.asarray(0, compute)
    total = lax.reduce_window(
        input.astype(compute), zero, lax.add, window_full, strides_full, pads, window_dilation=dilations_full
    )
    # Divide by the number of real (unpadded) elements in each window, as TensorFlow does.
    count = lax.reduce_window(
        jnp.ones(input.shape, compute),
        zero,
        lax.add,
        window_full,
        strides_full,
        pads,
        window_dilation=dilations_full,
    )
    return (total / count).astype(input.dtype)


# ---- max pooling over windows that tile the input ----------------------------------------------------
# The usual case (strides equal to the window, as in MaxPooling2D()) as a reshape that splits each
# spatial axis into (tiles, window) and a max over the window axes. Its gradient goes to the first
# maximum of each window, as TensorFlow's MaxPoolGrad does; XLA's generic window-max gradient
# (select-and-scatter) is several times slower on CPU. Windows of up to _TILED_MAX_POSITIONS elements.
_TILED_MAX_POSITIONS = 16


def _split_tiles(x, window, pads):
    """x padded with its lowest value and cut to whole tiles, as (tiles_0, window_0, tiles_1, ...)."""
    floating = jnp.issubdtype(x.dtype, jnp.floating)
    lowest = -np.inf if floating else np.iinfo(x.dtype).min
    padded = jnp.pad(x, pads, constant_values=np.asarray(lowest, x.dtype))
    counts = [size // w for size, w in zip(padded.shape, window)]
    cropped = padded[tuple(slice(0, c * w) for c, w in zip(counts, window))]
    return cropped.reshape([v for c, w in zip(counts, window) for v in (c, w)]), padded.shape


def _window_axes(rank: int) -> tuple:
    return tuple(2 * i + 1 for i in range(rank))


@functools.partial(jax.custom_vjp, nondiff_argnums=(1, 2))
def _tiled_max(x, window, pads):
    split, _ = _split_tiles(x, window, pads)
    return jnp.max(split, axis=_window_axes(len(window)))


def _tiled_max_forward(x, window, pads):
    result = _tiled_max(x, window, pads)
    return result, (x, result)


def _tiled_max_backward(window, pads, residuals, gradient):
    x, result = residuals
    split, padded_shape = _split_tiles(x, window, pads)
    axes = _window_axes(len(window))
    is_max = split == jnp.expand_dims(result, axes)
    first = jnp.zeros(split.shape, bool)
    seen = jnp.zeros(result.shape, bool)
    for position in itertools.product(*(range(w) for w in window)):  # row-major, as TF scans a window
        index = tuple(p for i in range(len(window)) for p in (slice(None), position[i]))
        here = is_max[index]
        first = first.at[index].set(here & ~seen)
        seen = seen | here
    spread = jnp.where(first, jnp.expand_dims(gradient, axes), jnp.zeros((), gradient.dtype))
    cropped = spread.reshape([c * w for c, w in zip(result.shape, window)])
    padded = jnp.pad(cropped, [(0, p - c) for p, c in zip(padded_shape, cropped.shape)])
    return (padded[tuple(slice(lo, lo + n) for (lo, _), n in zip(pads, x.shape))],)


_tiled_max.defvjp(_tiled_max_forward, _tiled_max_backward)

_POOL = defop("Pool", _pool_impl, inputs=["input: T"], types={"T": _POOL_TYPES})


def _pool(
    input,
    pooling_type,
    ksize,
    strides,
    padding,
    data_format,
    dilations,
    num_spatial,  # noqa: A002
    op_name,
    name,
):
    x = tensor(input)
    if num_spatial is None:
        num_spatial = x.shape.rank - 2
    if x.shape.rank != num_spatial + 2 or num_spatial not in (1, 2, 3):
        raise ValueError(f"`input` must have rank {num_spatial + 2}, received shape {x.shape}")
    if pooling_type == "AVG" and not x.dtype.is_floating:
        raise shape_error(
            op_name,
            f"Value for attr 'T' of {x.dtype.name} is not in the list of "
            f"allowed values: "
            "half, bfloat16, float, double",
        )
    channels_first, lhs_spec = _spatial_format(data_format, num_spatial, op_name)
    window = _per_spatial(ksize, num_spatial, channels_first, "ksize", op_name)
    strides = _per_spatial(strides, num_spatial, channels_first, "strides", op_name)
    dilations = _per_spatial(dilations, num_spatial, channels_first, "dilations", op_name)
    padding = _padding(padding, num_spatial, channels_first, op_name)
    spatial = x.shape.as_list()[2:] if channels_first else x.shape.as_list()[1:-1]
    if padding == "VALID" and any(
        size is not None and size < (w - 1) * d + 1
        for size, w, d in zip(spatial, window, dilations, strict=True)
    ):
        raise shape_error(
            op_name,
            f"Computed output size would be negative: input spatial shape {spatial}, window {list(window)}",
        )
    attrs = {
        "pooling_type": pooling_type,
        "window": window,
        "strides": strides,
        "dilations": dilations,
        "padding": padding,
        "lhs_spec": lhs_spec,
    }
    return execute(_POOL, [x], attrs, name)


def _first_max(a, b):
    """Window reducer over (value, flat index) pairs: the larger value, the earlier index on ties."""
    (a_value, a_index), (b_value, b_index) = a, b
    take_b = (b_value > a_value) | ((b_value == a_value) & (b_index < a_index))
    return jnp.where(take_b, b_value, a_value), jnp.where(take_b, b_index, a_index)


def _flat_positions(shape, include_batch_in_index):
    batch, height, width, channels = shape
    positions = jnp.arange(height * width * channels, dtype=jnp.int64).reshape(1, height, width, channels)
    if include_batch_in_index:
        positions = positions + jnp.arange(batch, dtype=jnp.int64).reshape(batch, 1, 1, 1) * positions.size
    return jnp.broadcast_to(positions, shape)


def _max_pool_argmax_impl(input, window, strides, padding, include_batch_in_index, Targmax):  # noqa: A002
    window_full, strides_full = (1, *window, 1), (1, *strides, 1)
    pads = lax.padtype_to_pads(input.shape, window_full, strides_full, padding)
    floating = jnp.issubdtype(input.dtype, jnp.floating)
    lowest = np.asarray(-np.inf if floating else np.iinfo(input.dtype).min, input.dtype)
    positions = _flat_positions(input.shape, include_batch_in_index)
    values, argmax = lax.reduce_window(
        (input, positions),
        (lowest, np.int64(np.iinfo(np.int64).max)),
        _first_max,
        window_full,
        strides_full,
        pads,
    )
    return values, argmax.astype(Targmax.np_dtype)


def _max_pool_argmax_grad_impl(input, grad, argmax, include_batch_in_index):  # noqa: A002
    batch = input.shape[0]
    per_example = input.size // batch
    index = argmax.astype(jnp.int64).reshape(batch, -1)
    if not include_batch_in_index:
        index = index + jnp.arange(batch, dtype=jnp.int64)[:, None] * per_example
    flat = jnp.zeros(input.size, grad.dtype).at[index.reshape(-1)].add(grad.reshape(-1))
    return flat.reshape(input.shape)


_MAX_POOL_ARGMAX_GRAD = defop(
    "MaxPoolGradWithArgmax", _max_pool_argmax_grad_impl, inputs=["input: T", "grad: T", "argmax: Targmax"]
)


def _max_pool_argmax_grad(ctx, values_grad, argmax_grad):
    (x,) = ctx.inputs
    attrs = {"include_batch_in_index": ctx.attrs["include_batch_in_index"]}
    return [execute(_MAX_POOL_ARGMAX_GRAD, [x, values_grad, ctx.outputs[1]], attrs)]


_MAX_POOL_ARGMAX = defop(
    "MaxPoolWithArgmax",
    _max_pool_argmax_impl,
    inputs=["input: T"],
    types={"T": _POOL_TYPES},
    grad=_max_pool_argmax_grad,
)


def max_pool_with_argmax(
    input,
    ksize,
    strides,
    padding,
    data_format="NHWC",  # noqa: A002
    output_dtype=dtypes.int64,
    include_batch_in_index=False,
    name=None,
):
    """2-D max pooling that also returns, for each output, the flat index of the chosen input:
    (y * width + x) * channels + c, plus batch * height * width * channels if include_batch_in_index."""
    x = tensor(input)
    if data_format != "NHWC":
        raise ValueError(f"max_pool_with_argmax supports only data_format='NHWC', received {data_format!r}")
    if x.shape.rank != 4:
        raise ValueError(f"`input` must have rank 4, received shape {x.shape}")
    output_dtype = dtypes.as_dtype(output_dtype)
    if output_dtype not in dtypes.INDEX:
        raise ValueError(f"output_dtype must be int32 or int64, received {output_dtype.name}")
    window = _per_spatial(ksize, 2, False, "ksize", "MaxPoolWithArgmax")
    strides = _per_spatial(strides, 2, False, "strides", "MaxPoolWithArgmax")
    if padding not in ("SAME", "VALID"):
        raise ValueError(f"padding must be 'SAME' or 'VALID', received {padding!r}")
    attrs = {
        "window": window,
        "strides": strides,
        "padding": padding,
        "include_batch_in_index": bool(include_batch_in_index),
        "Targmax": output_dtype,
    }
    values, argmax = execute(_MAX_POOL_ARGMAX, [x], attrs, name)
    return values, argmax


def max_pool(input, ksize, strides, padding, data_format=None, name=None):  # noqa: A002
    """Max pooling over 1, 2 or 3 spatial dimensions (from the rank of `input`)."""
    return _pool(input, "MAX", ksize, strides, padding, data_format, None, None, "MaxPool", name)


def avg_pool(input, ksize, strides, padding, data_format=None, name=None):  # noqa: A002
    """Average pooling; with SAME padding each window averages only its real (unpadded) elements."""
    return _pool(input, "AVG", ksize, strides, padding, data_format, None, None, "AvgPool", name)


def max_pool1d(input, ksize, strides, padding, data_format="NWC", name=None):  # noqa: A002
    """Max pooling over the width of [batch, width, channels]."""
    return _pool(input, "MAX", ksize, strides, padding, data_format, None, 1, "MaxPool", name)


def max_pool2d(input, ksize, strides, padding, data_format="NHWC", name=None):  # noqa: A002
    """Max pooling over height and width of [batch, height, width, channels]."""
    return _pool(input, "MAX", ksize, strides, padding, data_format, None, 2, "MaxPool", name)


def max_pool3d(input, ksize, strides, padding, data_format="NDHWC", name=None):  # noqa: A002
    """Max pooling over depth, height and width."""
    return _pool(input, "MAX", ksize, strides, padding, data_format, None, 3, "MaxPool3D", name)


def avg_pool1d(input, ksize, strides, padding, data_format="NWC", name=None):  # noqa: A002
    """Average pooling over the width of [batch, width, channels]."""
    return _pool(input, "AVG", ksize, strides, padding, data_format, None, 1, "AvgPool", name)


def avg_pool2d(input, ksize, strides, padding, data_format="NHWC", name=None):  # noqa: A002
    """Average pooling over height and width."""
    return _pool(input, "AVG", ksize, strides, padding, data_format, None, 2, "AvgPool", name)


def avg_pool3d(input, ksize, strides, padding, data_format="NDHWC", name=None):  # noqa: A002
    """Average pooling over depth, height and width."""
    return _pool(input, "AVG", ksize, strides, padding, data_format, None, 3, "AvgPool3D", name)


def pool(
    input,
    window_shape,
    pooling_type,
    strides=None,
    padding="VALID",
    data_format=None,  # noqa: A002
    dilations=None,
    name=None,
):
    """N-D max or average pooling with optional window dilation ("MAX" or "AVG")."""
    if pooling_type not in ("MAX", "AVG"):
        raise ValueError(
            f"`pooling_type` must be either 'MAX' or 'AVG'. Received: pooling_type={pooling_type}"
        )
    strides_given = strides is not None and max(np.atleast_1d(strides)) > 1
    if strides_given and dilations is not None and max(np.atleast_1d(dilations)) > 1:
        raise ValueError(
            f"strides > 1 not supported in conjunction with dilation_rate > 1. Received: "
            f"strides={strides} and dilation_rate={dilations}"
        )
    dilated = dilations is not None and max(np.atleast_1d(dilations)) > 1
    if dilated and isinstance(padding, str) and padding.upper() == "SAME":
        raise ValueError(
            f"pooling with 'SAME' padding is not implemented for `dilation_rate` > 1. Received: "
            f"padding={padding} and dilation_rate={dilations}"
        )
    return _pool(
        input,
        pooling_type,
        window_shape,
        strides,
        padding,
        data_format,
        dilations,
        None,
        "MaxPool" if pooling_type == "MAX" else "AvgPool",
        name,
    )
