"""Image ops: resizing (`tf.image.resize` and its kernels), projective transforms, and the crops the
Keras image layers need.

Images are `[batch, height, width, channels]` (or `[height, width, channels]`). Every resize method
is separable: an output row is a weighted sum of input rows, so each method is a pair of
`[out, in]` weight matrices, built with NumPy when the op is traced (the input sizes are static
then, also inside a graph whose height and width were unknown while it was built) and applied with
two contractions. Weights follow TensorFlow's kernels: half-pixel centres, float32 sample positions,
edge taps dropped and the rest renormalized. Nearest neighbour is a gather, so it keeps the dtype.
"""

from __future__ import annotations

import functools

import jax
import jax.numpy as jnp
import numpy as np

from lamina._core.shape import TensorShape
from lamina.ops._op import defop, dtypes, execute, invalid, static_ints, tensor
from lamina.ops.cast_ops import cast
from lamina.ops.random_ops import key_from_seed

_HIGHEST = jax.lax.Precision.HIGHEST
_NUMERIC = dtypes.INTEGER | dtypes.FLOATING


class ResizeMethod:
    """The names `tf.image.resize` accepts for `method`."""

    BILINEAR = "bilinear"
    NEAREST_NEIGHBOR = "nearest"
    BICUBIC = "bicubic"
    AREA = "area"
    LANCZOS3 = "lanczos3"
    LANCZOS5 = "lanczos5"
    GAUSSIAN = "gaussian"
    MITCHELLCUBIC = "mitchellcubic"


# ---- sampling kernels (functions of the distance in input pixels) ---------------------------------
def _triangle(x):
    return np.maximum(0.0, 1.0 - np.abs(x))


def _keys_cubic(x, a=-0.5):
    x = np.abs(x)
    near = ((a + 2.0) * x - (a + 3.0)) * x * x + 1.0
    far = ((a * x - 5.0 * a) * x + 8.0 * a) * x - 4.0 * a
    return np.where(x <= 1.0, near, np.where(x < 2.0, far, 0.0))


def _mitchell_cubic(x):
    # Mitchell-Netravali with B = C = 1/3.
    x = np.abs(x)
    near = (7.0 * x**3 - 12.0 * x**2 + 16.0 / 3.0) / 6.0
    far = (-7.0 / 3.0 * x**3 + 12.0 * x**2 - 20.0 * x + 32.0 / 3.0) / 6.0
    return np.where(x < 1.0, near, np.where(x < 2.0, far, 0.0))


def _lanczos(radius):
    def kernel(x):
        x = np.abs(x)
        return np.where(x < radius, np.sinc(x) * np.sinc(x / radius), 0.0)

    return kernel


def _gaussian(x):
    # A Gaussian of standard deviation 0.5, cut off at 3 standard deviations.
    x = np.abs(x)
    return np.where(x < 1.5, np.exp(-2.0 * x * x), 0.0)


# kernel and radius of the methods that resample with a kernel (TensorFlow's ScaleAndTranslate).
_KERNELS = {
    "bilinear": (_triangle, 1.0),
    "bicubic": (_keys_cubic, 2.0),
    "lanczos3": (_lanczos(3.0), 3.0),
    "lanczos5": (_lanczos(5.0), 5.0),
    "gaussian": (_gaussian, 1.5),
    "mitchellcubic": (_mitchell_cubic, 2.0),
}


# ---- weight matrices [out, in] -------------------------------------------------------------------
def _scale(in_size: int, out_size: int) -> np.float32:
    return np.float32(in_size) / np.float32(out_size)


def _bilinear_weights(in_size: int, out_size: int) -> np.ndarray:
    """TensorFlow's ResizeBilinear (half-pixel centres): the two neighbours of each sample
    position, positions past an edge clamped to it."""
    positions = (np.arange(out_size, dtype=np.float32) + np.float32(0.5)) * _scale(in_size, out_size)
    positions = positions - np.float32(0.5)
    floor = np.floor(positions)
    lerp = positions - floor
    lower = np.clip(floor, 0, in_size - 1).astype(np.int64)
    upper = np.clip(np.ceil(positions), 0, in_size - 1).astype(np.int64)
    weights = np.zeros((out_size, in_size), np.float64)
    rows = np.arange(out_size)
    np.add.at(weights, (rows, lower), 1.0 - lerp)
    np.add.at(weights, (rows, upper), lerp)
    return weights


_CUBIC_TABLE_SIZE = 1024


def _bicubic_weights(in_size: int, out_size: int) -> np.ndarray:
    """TensorFlow's ResizeBicubic (half-pixel centres, Keys a=-0.5): four taps around each sample
    position, their weights read from a 1024-entry table of the kernel (so the fraction is rounded
    to 1/1024); taps outside the image are dropped and the others renormalized."""
    positions = (np.arange(out_size, dtype=np.float32) + np.float32(0.5)) * _scale(in_size, out_size)
    positions = positions - np.float32(0.5)
    floor = np.floor(positions).astype(np.int64)
    steps = np.rint((positions - floor) * np.float32(_CUBIC_TABLE_SIZE)).astype(np.int64)
    fraction = steps.astype(np.float64) / _CUBIC_TABLE_SIZE
    weights = np.zeros((out_size, in_size), np.float64)
    for offset, distance in ((-1, 1.0 + fraction), (0, fraction), (1, 1.0 - fraction), (2, 2.0 - fraction)):
        taps = floor + offset
        tap_weights = _keys_cubic(distance).astype(np.float32)
        inside = (taps >= 0) & (taps < in_size)
        np.add.at(weights, (np.arange(out_size)[inside], taps[inside]), tap_weights[inside])
    return weights / weights.sum(axis=1, keepdims=True)


def _area_weights(in_size: int, out_size: int) -> np.ndarray:
    """TensorFlow's ResizeArea: each output pixel averages the input pixels its footprint
    `[i * scale, (i + 1) * scale)` covers, weighted by the covered fraction."""
    scale = np.float64(_scale(in_size, out_size))
    weights = np.zeros((out_size, in_size), np.float64)
    for i in range(out_size):
        start, end = i * scale, (i + 1) * scale
        for j in range(int(np.floor(start)), int(np.ceil(end))):
            overlap = min(end, j + 1.0) - max(start, float(j))
            if overlap > 0:
                weights[i, min(j, in_size - 1)] += overlap / scale
    return weights


def _kernel_weights(in_size: int, out_size: int, method: str, antialias: bool) -> np.ndarray:
    """TensorFlow's ScaleAndTranslate: the kernel centred on each sample position (stretched by
    the downscaling factor when `antialias`), weights normalized over the taps inside the image.
    Positions are float32 as in TensorFlow, so taps right at the kernel's edge agree."""
    kernel, radius = _KERNELS[method]
    f32 = np.float32
    inverse_scale = f32(1.0) / (f32(out_size) / f32(in_size))
    kernel_scale = max(inverse_scale, f32(1.0)) if antialias else f32(1.0)
    centres = (np.arange(out_size, dtype=f32) + f32(0.5)) * inverse_scale
    taps = np.arange(in_size, dtype=f32) + f32(0.5)
    distances = np.abs((taps[None, :] - centres[:, None]) * (f32(1.0) / kernel_scale)).astype(np.float64)
    weights = np.where(distances < radius, kernel(distances), 0.0)
    totals = weights.sum(axis=1, keepdims=True)
    usable = np.abs(totals) >= 1000.0 * np.finfo(np.float32).tiny
    return np.where(usable, weights / np.where(usable, totals, 1.0), 0.0)


@functools.lru_cache(maxsize=256)
def resize_weights(in_size: int, out_size: int, method: str, antialias: bool = False) -> np.ndarray:
    """The float32 `[out_size, in_size]` matrix that resamples one axis with `method`."""
    if method == "area":
        weights = _area_weights(in_size, out_size)
    elif antialias or method not in ("bilinear", "bicubic"):
        weights = _kernel_weights(in_size, out_size, method, antialias)
    elif method == "bilinear":
        weights = _bilinear_weights(in_size, out_size)
    else:
        weights = _bicubic_weights(in_size, out_size)
    return weights.astype(np.float32)


@functools.lru_cache(maxsize=256)
def nearest_indices(in_size: int, out_size: int) -> np.ndarray:
    """TensorFlow's ResizeNearestNeighbor (half-pixel centres): the input pixel under each output
    pixel's centre."""
    positions = (np.arange(out_size, dtype=np.float32) + np.float32(0.5)) * _scale(in_size, out_size)
    return np.clip(np.floor(positions), 0, in_size - 1).astype(np.int32)


# ---- resize ops ----------------------------------------------------------------------------------
def _resample(images, size, method, antialias=False):
    """Resamples the height and width axes (-3, -2) of float32 `images` to `size`."""
    rows = resize_weights(images.shape[-3], size[0], method, antialias)
    columns = resize_weights(images.shape[-2], size[1], method, antialias)
    out = jnp.einsum("oh,...hwc->...owc", rows, images, precision=_HIGHEST)
    return jnp.einsum("pw,...owc->...opc", columns, out, precision=_HIGHEST)


def _resize_impl(method):
    def impl(images, *, size, antialias=False):
        return _resample(images.astype(jnp.float32), size, method, antialias)

    return impl


def _nearest_impl(images, *, size):
    images = jnp.take(images, nearest_indices(images.shape[-3], size[0]), axis=-3)
    return jnp.take(images, nearest_indices(images.shape[-2], size[1]), axis=-2)


_RESIZE_OPS = {
    "bilinear": defop(
        "ResizeBilinear", _resize_impl("bilinear"), inputs=["images: T"], types={"T": _NUMERIC}
    ),
    "bicubic": defop("ResizeBicubic", _resize_impl("bicubic"), inputs=["images: T"], types={"T": _NUMERIC}),
    "area": defop(
        "ResizeArea", _resize_impl("area"), inputs=["images: T"], types={"T": _NUMERIC}, differentiable=False
    ),
    "nearest": defop(
        "ResizeNearestNeighbor", _nearest_impl, inputs=["images: T"], types={"T": _NUMERIC | {dtypes.bool}}
    ),
}
# The kernel methods share one op, like TensorFlow's ScaleAndTranslate; `method` is an attribute.
_SCALE_AND_TRANSLATE = defop(
    "ScaleAndTranslate",
    lambda images, *, size, method, antialias: _resample(images.astype(jnp.float32), size, method, antialias),
    inputs=["images: T"],
    types={"T": _NUMERIC},
)


def _check_images(images, op_name: str):
    rank = images.shape.rank
    if rank is not None and rank not in (3, 4):
        raise ValueError(f"'images' must have either 3 or 4 dimensions. Received: shape={images.shape}")
    if rank is None:
        raise ValueError(f"'images' must have a known rank (3 or 4) for {op_name}.")


def _size_arg(size, op_name: str) -> tuple:
    dims = static_ints(size, "size", op_name)
    if isinstance(dims, int) or len(dims) != 2:
        raise ValueError(
            f"'size' must be a 1-D Tensor of 2 elements: new_height, new_width. Received: {size!r}"
        )
    if dims[0] <= 0 or dims[1] <= 0:
        raise invalid(op_name, f"output dimensions must be positive, got size={list(dims)}")
    return dims


def _aspect_preserving_size(images, size) -> tuple:
    height, width = images.shape[-3], images.shape[-2]
    if height is None or width is None:
        raise ValueError(
            f"preserve_aspect_ratio needs images of known height and width, got shape {images.shape}"
        )
    scale = min(size[0] / height, size[1] / width)
    return (max(int(round(height * scale)), 1), max(int(round(width * scale)), 1))


def resize(
    images, size, method=ResizeMethod.BILINEAR, preserve_aspect_ratio=False, antialias=False, name=None
):
    """Resizes `images` (`[batch, height, width, channels]` or `[height, width, channels]`) to `size`.

    Args:
      images: a 3-D or 4-D numeric tensor.
      size: `[new_height, new_width]` (static positive ints).
      method: one of `tf.image.ResizeMethod`'s names ("bilinear", "nearest", "bicubic", "area",
        "lanczos3", "lanczos5", "gaussian", "mitchellcubic").
      preserve_aspect_ratio: fit inside `size` keeping the aspect ratio.
      antialias: widen the kernel when downsampling (not for "nearest" and "area").

    Returns:
      The resized images: float32, except for "nearest", which keeps the input's dtype.

    Raises:
      ValueError: images of rank other than 3 or 4, a bad `size`, or an unknown method.

    >>> tf.image.resize(tf.ones([1, 2, 2, 1]), [3, 3]).shape
    TensorShape([1, 3, 3, 1])
    """
    images = tensor(images)
    _check_images(images, "ResizeBilinear")
    method = str(method).lower()
    if method not in _RESIZE_OPS and method not in _KERNELS:
        raise ValueError(f"Resize method is not implemented: {method}")
    op_name = _RESIZE_OPS[method].name if method in _RESIZE_OPS else "ScaleAndTranslate"
    size = _size_arg(size, op_name)
    if preserve_aspect_ratio:
        size = _aspect_preserving_size(images, size)
    if method == "nearest":
        return execute(_RESIZE_OPS[method], [images], {"size": size}, name)
    if method == "area" or (method in ("bilinear", "bicubic") and not antialias):
        attrs = {"size": size} if method == "area" else {"size": size, "antialias": False}
        return execute(_RESIZE_OPS[method], [images], attrs, name)
    attrs = {"size": size, "method": method, "antialias": bool(antialias)}
    return execute(_SCALE_AND_TRANSLATE, [images], attrs, name)


# ---- crops that depend on the input's size (known when the op is traced) ----------------------------
def aspect_ratio_box(height: int, width: int, target_height: int, target_width: int) -> tuple:
    """(top, left, crop_height, crop_width): the largest centred box of the target's aspect ratio."""
    crop_height = min(height, int(float(width * target_height) / target_width))
    crop_width = min(width, int(float(height * target_width) / target_height))
    return int((height - crop_height) / 2), int((width - crop_width) / 2), crop_height, crop_width


def _smart_resize(images, height, width, method):
    top, left, crop_height, crop_width = aspect_ratio_box(images.shape[-3], images.shape[-2], height, width)
    images = images[..., top : top + crop_height, left : left + crop_width, :]
    if method == "nearest":
        return _nearest_impl(images, size=(height, width)).astype(jnp.float32)
    return _resample(images.astype(jnp.float32), (height, width), method, False)


_SMART_RESIZE = defop(
    "ImageSmartResize",
    lambda images, *, height, width, method: _smart_resize(images, height, width, method),
    inputs=["images: T"],
    types={"T": _NUMERIC},
)


def smart_resize(images, size, interpolation="bilinear", name=None):
    """Crops the largest centred box of `size`'s aspect ratio, then resizes it to `size` (float32).
    The crop box is computed from the input's size when the op runs."""
    images = tensor(images)
    _check_images(images, "ImageSmartResize")
    height, width = _size_arg(size, "ImageSmartResize")
    attrs = {"height": height, "width": width, "method": interpolation}
    return execute(_SMART_RESIZE, [images], attrs, name)


def _crop_or_smart_resize(images, fraction, *, height, width, center):
    in_height, in_width = images.shape[-3], images.shape[-2]
    if in_height < height or in_width < width:
        return _smart_resize(images, height, width, "bilinear")
    if center:
        top, left = (in_height - height) // 2, (in_width - width) // 2
    else:  # a uniform draw in [0, 1) picks one of the diff + 1 positions
        top = jnp.minimum(jnp.floor(fraction[0] * (in_height - height + 1)), in_height - height).astype(
            jnp.int32
        )
        left = jnp.minimum(jnp.floor(fraction[1] * (in_width - width + 1)), in_width - width).astype(
            jnp.int32
        )
    starts = [jnp.int32(0)] * images.ndim
    starts[-3], starts[-2] = jnp.int32(top), jnp.int32(left)
    sizes = list(images.shape)
    sizes[-3], sizes[-2] = height, width
    return jax.lax.dynamic_slice(images.astype(jnp.float32), starts, sizes)


_CROP_OR_SMART_RESIZE = defop(
    "ImageCropOrSmartResize",
    _crop_or_smart_resize,
    inputs=["images: T", "fraction: F"],
    types={"T": _NUMERIC},
)


def crop_or_smart_resize(images, height, width, fraction=None, name=None):
    """A `height` x `width` window of `images` (float32): centred when `fraction` is None, else at
    `floor(fraction * (diff + 1))` for a `[2]` fraction in [0, 1). Inputs smaller than the window in
    either dimension are smart-resized instead (see `smart_resize`)."""
    images = tensor(images)
    _check_images(images, "ImageCropOrSmartResize")
    center = fraction is None
    fraction = tensor(np.zeros(2, np.float32) if center else fraction, dtype=dtypes.float32)
    attrs = {"height": int(height), "width": int(width), "center": center}
    return execute(_CROP_OR_SMART_RESIZE, [images, fraction], attrs, name)


# ---- projective transforms --------------------------------------------------------------------------
def _map_coordinates(coords, size: int, fill_mode: str):
    """Maps sample coordinates outside `[0, size - 1]` back inside, per `fill_mode`, the way
    TensorFlow's kernel does (including its quirks: reflection clamps at the edges, and "wrap"
    steps by `size` per `size - 1` pixels). Coordinates end clamped to the image."""
    if fill_mode == "CONSTANT":
        return coords
    if size <= 1 and fill_mode in ("REFLECT", "WRAP"):
        return jnp.zeros_like(coords)
    if fill_mode == "REFLECT":
        period = 2.0 * size
        low = jnp.where(coords < -period, period * jnp.trunc(-coords / period) + coords, coords)
        low = jnp.where(low < -size, low + period, -low - 1.0)
        high = coords - period * jnp.trunc(coords / period)
        high = jnp.where(high >= size, period - high - 1.0, high)
        coords = jnp.where(coords < 0, low, jnp.where(coords > size - 1, high, coords))
    elif fill_mode == "WRAP":
        step = size - 1.0
        low = coords + size * (jnp.trunc(-coords / step) + 1.0)
        high = coords - size * jnp.trunc(coords / step)
        coords = jnp.where(coords < 0, low, jnp.where(coords > size - 1, high, coords))
    return jnp.clip(coords, 0.0, size - 1.0)


def _read(images, rows, columns, fill_value):
    """images[b, rows, columns, :] with fill_value where (rows, columns) lies outside the image."""
    height, width = images.shape[1], images.shape[2]
    inside = (rows >= 0) & (rows < height) & (columns >= 0) & (columns < width)
    batch = jnp.arange(images.shape[0])[:, None, None]
    values = images[batch, jnp.clip(rows, 0, height - 1), jnp.clip(columns, 0, width - 1)]
    return jnp.where(inside[..., None], values, fill_value.astype(images.dtype))


def _round_half_away(coords):
    return (jnp.sign(coords) * jnp.floor(jnp.abs(coords) + 0.5)).astype(jnp.int32)


def _transform_impl(images, transforms, fill_value, *, output_shape, interpolation, fill_mode):
    height, width = images.shape[1:3] if output_shape is None else output_shape
    transforms = jnp.broadcast_to(transforms.astype(jnp.float32), (images.shape[0], 8))
    y, x = jnp.meshgrid(
        jnp.arange(height, dtype=jnp.float32), jnp.arange(width, dtype=jnp.float32), indexing="ij"
    )
    a = [transforms[:, i][:, None, None] for i in range(8)]
    k = a[6] * x + a[7] * y + 1.0
    in_x = _map_coordinates((a[0] * x + a[1] * y + a[2]) / k, images.shape[2], fill_mode)
    in_y = _map_coordinates((a[3] * x + a[4] * y + a[5]) / k, images.shape[1], fill_mode)
    if interpolation == "NEAREST":
        rows, columns = _round_half_away(in_y), _round_half_away(in_x)
        return _read(images, rows, columns, fill_value)
    y0, x0 = jnp.floor(in_y), jnp.floor(in_x)
    dy, dx = (in_y - y0)[..., None], (in_x - x0)[..., None]
    y0, x0 = y0.astype(jnp.int32), x0.astype(jnp.int32)
    data = images.astype(jnp.float32)
    fill = fill_value.astype(jnp.float32)
    top = (1 - dx) * _read(data, y0, x0, fill) + dx * _read(data, y0, x0 + 1, fill)
    bottom = (1 - dx) * _read(data, y0 + 1, x0, fill) + dx * _read(data, y0 + 1, x0 + 1, fill)
    return ((1 - dy) * top + dy * bottom).astype(images.dtype)


_TRANSFORM = defop(
    "ImageProjectiveTransformV3",
    _transform_impl,
    inputs=["images: T", "transforms: F", "fill_value: F"],
    types={"T": _NUMERIC, "F": {dtypes.float32}},
)

_FILL_MODES = ("REFLECT", "WRAP", "CONSTANT", "NEAREST")


def transform(
    images,
    transforms,
    fill_mode="reflect",
    fill_value=0.0,
    interpolation="bilinear",
    output_shape=None,
    name=None,
):
    """Applies projective transforms to a `[batch, height, width, channels]` image batch.

    `transforms` is `[batch, 8]` (or `[1, 8]`, shared): a row `[a0, a1, a2, b0, b1, b2, c0, c1]` maps
    the output point `(x, y)` to the input point `((a0 x + a1 y + a2) / k, (b0 x + b1 y + b2) / k)`
    with `k = c0 x + c1 y + 1`. Points outside the input are filled per `fill_mode` ("reflect",
    "wrap", "nearest", or "constant" with `fill_value`); `interpolation` is "bilinear" or "nearest".
    """
    images = tensor(images)
    if images.shape.rank != 4:
        raise ValueError(f"transform expects a rank-4 image batch, received: shape={images.shape}")
    mode = str(fill_mode).upper()
    if mode not in _FILL_MODES:
        raise ValueError(
            f"Unknown fill_mode {fill_mode!r}; expected one of reflect, wrap, constant, nearest."
        )
    method = str(interpolation).upper()
    if method not in ("NEAREST", "BILINEAR"):
        raise ValueError(f"Unknown interpolation {interpolation!r}; expected nearest or bilinear.")
    if output_shape is not None:  # None: the input's size, read when the op runs
        output_shape = tuple(static_ints(list(output_shape), "output_shape", "ImageProjectiveTransformV3"))
    transforms = tensor(transforms, dtype=dtypes.float32)
    fill_value = tensor(fill_value, dtype=dtypes.float32)
    attrs = {"output_shape": output_shape, "interpolation": method, "fill_mode": mode}
    return execute(_TRANSFORM, [images, transforms, fill_value], attrs, name)


def resize_to_factor_size(images, factor, axis, interpolation="bilinear", name=None):
    """Resizes one spatial axis (-3 for height, -2 for width) to `int(size * factor)` for a scalar
    `factor` tensor. The output size depends on the factor's value, so the op runs between compiled
    segments of a graph."""
    images = tensor(images)
    _check_images(images, "ImageResizeByFactor")
    factor = cast(tensor(factor), dtypes.float32)
    return execute(_RESIZE_BY_FACTOR, [images, factor], {"axis": axis, "method": interpolation}, name)


def _resize_by_factor_impl(images, factor, *, axis, method):
    size = [images.shape[-3], images.shape[-2]]
    size[axis + 3] = max(int(np.float32(np.asarray(factor)) * np.float32(size[axis + 3])), 1)
    images = jnp.asarray(images)
    if method == "nearest":
        return _nearest_impl(images, size=tuple(size)).astype(jnp.float32)
    return _resample(images.astype(jnp.float32), tuple(size), method, False)


def _axis_weights(in_size: int, out_size: int, method: str) -> np.ndarray:
    if method == "nearest":  # the gather as a 0/1 matrix
        weights = np.zeros((out_size, in_size), np.float32)
        weights[np.arange(out_size), nearest_indices(in_size, out_size)] = 1.0
        return weights
    return resize_weights(in_size, out_size, method)


def _resize_adjoint_impl(grad, images, *, method):
    """The gradient of a resize with respect to its images: the transposed weights applied to
    the output gradient (sizes read from the two arrays)."""
    rows = _axis_weights(images.shape[-3], grad.shape[-3], method)
    columns = _axis_weights(images.shape[-2], grad.shape[-2], method)
    out = jnp.einsum("oh,...owc->...hwc", rows, jnp.asarray(grad, jnp.float32), precision=_HIGHEST)
    out = jnp.einsum("pw,...hpc->...hwc", columns, out, precision=_HIGHEST)
    return out.astype(images.dtype)


_RESIZE_ADJOINT = defop(
    "ImageResizeAdjoint",
    _resize_adjoint_impl,
    inputs=["grad: F", "images: T"],
    types={"T": dtypes.FLOATING},
    jit=False,
    differentiable=False,
    shape_fn=lambda inputs, attrs: [(inputs[1].dtype, inputs[1].shape)],
)


def _resize_by_factor_grad(ctx, grad):
    images = ctx.inputs[0]
    if not images.dtype.is_floating:
        return [None, None]
    return [execute(_RESIZE_ADJOINT, [grad, images], {"method": ctx.attrs["method"]}), None]


def _resize_by_factor_shape(inputs, attrs):
    dims = inputs[0].shape.as_list()
    dims[attrs["axis"]] = None
    return [(dtypes.float32, TensorShape(dims))]


_RESIZE_BY_FACTOR = defop(
    "ImageResizeByFactor",
    _resize_by_factor_impl,
    inputs=["images: T", "factor: F"],
    types={"T": _NUMERIC},
    jit=False,
    grad=_resize_by_factor_grad,
    shape_fn=_resize_by_factor_shape,
)


# ---- per-image random draws (the batch size may be unknown while a graph is built) --------------------
def _uniform_per_image_impl(images, seed, minval, maxval):
    key = key_from_seed(seed)
    return jax.random.uniform(key, (images.shape[0],), jnp.float32, minval, maxval)


_UNIFORM_PER_IMAGE = defop(
    "StatelessRandomUniformPerImage",
    _uniform_per_image_impl,
    inputs=["images: T", "seed: S", "minval: F", "maxval: F"],
    types={"S": {dtypes.int32, dtypes.int64}, "F": {dtypes.float32}},
    differentiable=False,
)


def random_uniform_per_image(images, seed, minval=0.0, maxval=1.0, name=None):
    """One float32 draw in `[minval, maxval)` per image of a `[batch, ...]` tensor, from a `[2]` seed
    tensor (stateless: equal seeds give equal draws). The batch size is read when the op runs."""
    images = tensor(images)
    seed = tensor(seed)
    minval, maxval = tensor(minval, dtype=dtypes.float32), tensor(maxval, dtype=dtypes.float32)
    return execute(_UNIFORM_PER_IMAGE, [images, seed, minval, maxval], {}, name)
