"""Image ops: tf.image.resize against direct NumPy references (per-pixel bilinear and nearest
formulas, area as exact box averages), dtypes and errors, gradients; projective transforms against
shifted and rotated arrays; the crops the Keras image layers use. Every method's values are also
checked against TensorFlow in tests/golden (topic image_strings)."""

import math

import numpy as np
import pytest

import lamina as tf
from lamina.ops import image_ops


def check_linear_gradient(fn, x, rtol=2e-3, atol=2e-3, eps=1e-2):
    """The tape's gradient of `sum(fn(x) * w)` matches wide central differences (fn is linear and
    computes in float32, so wide steps are exact up to rounding)."""
    weights = np.random.default_rng(1).normal(size=fn(tf.constant(x)).shape).astype(np.float32)
    expected = np.zeros(x.size)
    for j in range(x.size):
        step = np.zeros(x.size, np.float32)
        step[j] = eps
        plus = fn(tf.constant(x + step.reshape(x.shape))).numpy()
        minus = fn(tf.constant(x - step.reshape(x.shape))).numpy()
        expected[j] = np.sum((plus - minus) * weights) / (2 * eps)
    t = tf.constant(x)
    with tf.GradientTape() as tape:
        tape.watch(t)
        out = fn(t)
    got = tape.gradient(out, t, output_gradients=tf.constant(weights))
    np.testing.assert_allclose(got.numpy().ravel(), expected, rtol=rtol, atol=atol)


def _images(shape=(2, 5, 6, 3), seed=0):
    return np.random.default_rng(seed).uniform(-3.0, 3.0, size=shape).astype(np.float32)


def numpy_bilinear(x, out_h, out_w):
    """Half-pixel-centre bilinear resize of [N, H, W, C], one output pixel at a time."""
    n, h, w, c = x.shape
    out = np.zeros((n, out_h, out_w, c))
    for i in range(out_h):
        y = max((i + 0.5) * h / out_h - 0.5, 0.0)
        y0, dy = min(int(math.floor(y)), h - 1), y - math.floor(y)
        y1 = min(y0 + 1, h - 1)
        for j in range(out_w):
            xx = max((j + 0.5) * w / out_w - 0.5, 0.0)
            x0, dx = min(int(math.floor(xx)), w - 1), xx - math.floor(xx)
            x1 = min(x0 + 1, w - 1)
            top = x[:, y0, x0] * (1 - dx) + x[:, y0, x1] * dx
            bottom = x[:, y1, x0] * (1 - dx) + x[:, y1, x1] * dx
            out[:, i, j] = top * (1 - dy) + bottom * dy
    return out


def numpy_nearest(x, out_h, out_w):
    h, w = x.shape[1:3]
    rows = [min(int((i + 0.5) * h / out_h), h - 1) for i in range(out_h)]
    columns = [min(int((j + 0.5) * w / out_w), w - 1) for j in range(out_w)]
    return x[:, rows][:, :, columns]


def numpy_area(x, out_h, out_w):
    """Box averages, exactly: repeat each pixel to a common multiple of the sizes, then average blocks."""
    n, h, w, c = x.shape
    fine_h, fine_w = math.lcm(h, out_h), math.lcm(w, out_w)
    fine = np.repeat(np.repeat(x.astype(np.float64), fine_h // h, axis=1), fine_w // w, axis=2)
    blocks = fine.reshape(n, out_h, fine_h // out_h, out_w, fine_w // out_w, c)
    return blocks.mean(axis=(2, 4))


@pytest.mark.parametrize("size", [(3, 4), (8, 9), (5, 6), (1, 1), (7, 2)])
def test_resize_bilinear_nearest_area(size):
    x = _images()
    np.testing.assert_allclose(
        tf.image.resize(x, size).numpy(), numpy_bilinear(x, *size), rtol=1e-5, atol=1e-5
    )
    np.testing.assert_array_equal(tf.image.resize(x, size, method="nearest").numpy(), numpy_nearest(x, *size))
    np.testing.assert_allclose(
        tf.image.resize(x, size, method="area").numpy(), numpy_area(x, *size), rtol=1e-5, atol=1e-5
    )


@pytest.mark.parametrize("method", ["bicubic", "lanczos3", "lanczos5", "gaussian", "mitchellcubic"])
def test_resize_kernels_keep_constants_and_identity(method):
    # Weights are normalized, so a constant image stays constant; same-size resizing is the identity.
    flat = np.full((1, 4, 5, 2), 2.5, np.float32)
    np.testing.assert_allclose(tf.image.resize(flat, [7, 3], method=method).numpy(), 2.5, rtol=1e-5)
    x = _images((1, 4, 5, 2))
    if method in ("bicubic", "lanczos3", "lanczos5"):  # interpolating kernels: zero at other taps
        np.testing.assert_allclose(tf.image.resize(x, [4, 5], method=method).numpy(), x, atol=1e-5)


def test_resize_antialias_averages_when_downsampling():
    x = np.zeros((1, 1, 8, 1), np.float32)
    x[0, 0, 3, 0] = 8.0  # a single bright pixel
    plain = tf.image.resize(x, [1, 2], method="bilinear").numpy()
    smooth = tf.image.resize(x, [1, 2], method="bilinear", antialias=True).numpy()
    assert plain.sum() == 0.0  # the two samples (at 1.5 and 5.5) straddle it
    # The triangle kernel stretched 4x reaches it: weights 0.625 and 0.375 over totals of 3.5.
    np.testing.assert_allclose(smooth.ravel(), [8 * 0.625 / 3.5, 8 * 0.375 / 3.5], rtol=1e-5)


def test_resize_dtypes_rank3_and_aspect_ratio():
    ints = np.arange(24, dtype=np.int32).reshape(4, 6, 1)
    assert tf.image.resize(ints, [2, 3]).dtype == tf.float32
    nearest = tf.image.resize(ints.astype(np.uint8), [2, 3], method="nearest")
    assert nearest.dtype == tf.uint8
    np.testing.assert_array_equal(nearest.numpy(), numpy_nearest(ints[None], 2, 3)[0])
    assert tf.image.resize(_images(), [4, 4], preserve_aspect_ratio=True).shape == (2, 3, 4, 3)
    assert tf.image.resize(_images(), [3, 2], method=tf.image.ResizeMethod.BICUBIC).shape == (2, 3, 2, 3)


def test_resize_errors():
    with pytest.raises(ValueError, match="3 or 4 dimensions"):
        tf.image.resize(np.zeros((4, 4), np.float32), [2, 2])
    with pytest.raises(ValueError, match="not implemented: cubic"):
        tf.image.resize(_images(), [2, 2], method="cubic")
    with pytest.raises(tf.errors.InvalidArgumentError, match="must be positive"):
        tf.image.resize(_images(), [0, 2])
    with pytest.raises(ValueError, match="2 elements"):
        tf.image.resize(_images(), [2, 2, 2])


@pytest.mark.parametrize("method", ["bilinear", "bicubic", "nearest", "lanczos3"])
def test_resize_gradient(method):
    x = _images((1, 3, 4, 1), seed=1)
    check_linear_gradient(lambda t: tf.image.resize(t, [5, 2], method=method), x)


def test_resize_in_function_with_unknown_spatial_size():
    resize = tf.function(
        lambda t: tf.image.resize(t, [3, 3]), input_signature=[tf.TensorSpec([None, None, None, 1])]
    )
    x = _images((2, 5, 4, 1))
    np.testing.assert_allclose(resize(x).numpy(), numpy_bilinear(x, 3, 3), rtol=1e-5, atol=1e-5)


# ---- projective transforms ---------------------------------------------------------------------------
def _grid(shape=(1, 4, 5, 1)):
    return np.arange(int(np.prod(shape)), dtype=np.float32).reshape(shape) + 1.0


def test_transform_translation_constant_fill():
    x = _grid()
    out = image_ops.transform(x, [[1, 0, -2, 0, 1, 1, 0, 0]], fill_mode="constant", fill_value=-1.0).numpy()
    expected = np.full_like(x, -1.0)
    expected[:, :3, 2:] = x[:, 1:, :3]  # output (y, x) reads input (y + 1, x - 2)
    np.testing.assert_array_equal(out, expected)


def test_transform_rotation_by_quarter_turn_is_rot90():
    x = _grid((1, 4, 4, 1))
    angle = math.pi / 2
    cos, sin = math.cos(angle), math.sin(angle)
    offset_x = (3 - (cos * 3 - sin * 3)) / 2
    offset_y = (3 - (sin * 3 + cos * 3)) / 2
    out = image_ops.transform(x, [[cos, -sin, offset_x, sin, cos, offset_y, 0, 0]]).numpy()
    np.testing.assert_allclose(out[0, :, :, 0], np.rot90(x[0, :, :, 0]), atol=1e-4)


@pytest.mark.parametrize(
    "mode, expected",
    [
        # sample positions -3 .. 7 along a row of 5 pixels valued 0 .. 4
        ("reflect", [2, 1, 0, 0, 1, 2, 3, 4, 4, 3, 2]),
        ("nearest", [0, 0, 0, 0, 1, 2, 3, 4, 4, 4, 4]),
        ("constant", [9, 9, 9, 0, 1, 2, 3, 4, 9, 9, 9]),
        ("wrap", [2, 3, 4, 0, 1, 2, 3, 4, 0, 1, 2]),
    ],
)
def test_transform_fill_modes(mode, expected):
    row = np.arange(5, dtype=np.float32).reshape(1, 1, 5, 1)
    out = image_ops.transform(
        row, [[1, 0, -3, 0, 1, 0, 0, 0]], fill_mode=mode, fill_value=9.0, output_shape=[1, 11]
    )
    np.testing.assert_array_equal(out.numpy().ravel(), expected)


def test_transform_nearest_rounds_half_away_from_zero():
    row = np.arange(5, dtype=np.float32).reshape(1, 1, 5, 1)
    out = image_ops.transform(row, [[1, 0, 0.5, 0, 1, 0, 0, 0]], interpolation="nearest", fill_mode="nearest")
    np.testing.assert_array_equal(out.numpy().ravel(), [1, 2, 3, 4, 4])


def test_transform_errors():
    with pytest.raises(ValueError, match="fill_mode"):
        image_ops.transform(_grid(), [[1, 0, 0, 0, 1, 0, 0, 0]], fill_mode="mirror")
    with pytest.raises(ValueError, match="rank-4"):
        image_ops.transform(_grid()[0], [[1, 0, 0, 0, 1, 0, 0, 0]])


# ---- crops ---------------------------------------------------------------------------------------------
def test_smart_resize_crops_to_aspect_ratio_first():
    x = _grid((1, 4, 6, 1))
    out = image_ops.smart_resize(x, [2, 2]).numpy()
    np.testing.assert_allclose(out, numpy_bilinear(x[:, :, 1:5], 2, 2), rtol=1e-6)


def test_crop_or_smart_resize():
    x = _grid((2, 5, 6, 1))
    np.testing.assert_array_equal(image_ops.crop_or_smart_resize(x, 3, 2).numpy(), x[:, 1:4, 2:4])
    np.testing.assert_array_equal(
        image_ops.crop_or_smart_resize(x, 3, 2, fraction=[0.0, 0.999]).numpy(), x[:, 0:3, 4:6]
    )
    larger = image_ops.crop_or_smart_resize(x, 6, 6).numpy()  # taller than the input: resized instead
    np.testing.assert_allclose(larger, numpy_bilinear(x[:, :, 0:5], 6, 6), rtol=1e-6)


def test_resize_to_factor_size_and_its_gradient():
    x = _images((1, 4, 5, 2))
    out = image_ops.resize_to_factor_size(x, 1.5, -2)
    np.testing.assert_allclose(out.numpy(), numpy_bilinear(x, 4, 7), rtol=1e-5, atol=1e-5)
    check_linear_gradient(lambda t: image_ops.resize_to_factor_size(t, 0.5, -3, "nearest"), x)
    check_linear_gradient(lambda t: image_ops.resize_to_factor_size(t, 1.7, -2, "bicubic"), x)
