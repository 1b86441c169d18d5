"""Convolutions and pooling against a direct NumPy reference (loops over output positions), gradients
against finite differences, and TensorFlow's errors."""

import itertools

import numpy as np
import pytest

import lamina as tf
from tests.ops.harness import check_vjp


def _pads(sizes, windows, strides, dilations, padding):
    if not isinstance(padding, str):
        return list(padding)
    pads = []
    for size, window, stride, dilation in zip(sizes, windows, strides, dilations, strict=True):
        effective = (window - 1) * dilation + 1
        if padding == "VALID":
            pads.append((0, 0))
            continue
        out = -(-size // stride)
        total = max((out - 1) * stride + effective - size, 0)
        pads.append((total // 2, total - total // 2))
    return pads


def numpy_conv(x, w, strides, padding, dilations=None, groups=1):
    """Channels-last N-D convolution: x [N, *spatial, C], w [*window, C / groups, O]."""
    spatial = x.shape[1:-1]
    dilations = dilations or [1] * len(spatial)
    pads = _pads(spatial, w.shape[:-2], strides, dilations, padding)
    x = np.pad(x, [(0, 0)] + pads + [(0, 0)])
    out_sizes = [
        (x.shape[1 + i] - ((w.shape[i] - 1) * dilations[i] + 1)) // strides[i] + 1
        for i in range(len(spatial))
    ]
    in_per_group, out_channels = w.shape[-2], w.shape[-1]
    out_per_group = out_channels // groups
    out = np.zeros((x.shape[0], *out_sizes, out_channels), dtype=np.float64)
    for position in itertools.product(*[range(s) for s in out_sizes]):
        for offset in itertools.product(*[range(k) for k in w.shape[:-2]]):
            index = tuple(
                p * s + o * d for p, s, o, d in zip(position, strides, offset, dilations, strict=True)
            )
            patch = x[(slice(None), *index)]  # [N, C]
            for g in range(groups):
                inputs = patch[:, g * in_per_group : (g + 1) * in_per_group]
                weights = w[offset][:, g * out_per_group : (g + 1) * out_per_group]
                out[(slice(None), *position, slice(g * out_per_group, (g + 1) * out_per_group))] += (
                    inputs @ weights
                )
    return out


def numpy_pool(x, window, strides, padding, kind, dilations=None):
    spatial = x.shape[1:-1]
    dilations = dilations or [1] * len(spatial)
    pads = _pads(spatial, window, strides, dilations, padding)
    fill = -np.inf if kind == "MAX" else np.nan
    x = np.pad(x.astype(np.float64), [(0, 0)] + pads + [(0, 0)], constant_values=fill)
    out_sizes = [
        (x.shape[1 + i] - ((window[i] - 1) * dilations[i] + 1)) // strides[i] + 1 for i in range(len(spatial))
    ]
    out = np.zeros((x.shape[0], *out_sizes, x.shape[-1]))
    for position in itertools.product(*[range(s) for s in out_sizes]):
        values = np.stack(
            [
                x[
                    (
                        slice(None),
                        *[
                            p * s + o * d
                            for p, s, o, d in zip(position, strides, offset, dilations, strict=True)
                        ],
                    )
                ]
                for offset in itertools.product(*[range(k) for k in window])
            ]
        )
        out[(slice(None), *position)] = values.max(0) if kind == "MAX" else np.nanmean(values, 0)
    return out


_RNG = np.random.default_rng(0)

CONV_CASES = [
    # (name, lamina call, input shape, filter shape, numpy reference kwargs)
    (
        "conv2d_same",
        lambda x, w: tf.nn.conv2d(x, w, 1, "SAME"),
        (2, 5, 5, 3),
        (3, 3, 3, 2),
        dict(strides=[1, 1], padding="SAME"),
    ),
    (
        "conv2d_valid_strided",
        lambda x, w: tf.nn.conv2d(x, w, [2, 1], "VALID"),
        (1, 6, 5, 2),
        (2, 3, 2, 3),
        dict(strides=[2, 1], padding="VALID"),
    ),
    (
        "conv2d_same_strided_odd",
        lambda x, w: tf.nn.conv2d(x, w, [1, 2, 2, 1], "SAME"),
        (1, 5, 6, 2),
        (2, 2, 2, 1),
        dict(strides=[2, 2], padding="SAME"),
    ),
    (
        "conv2d_dilated",
        lambda x, w: tf.nn.conv2d(x, w, 1, "SAME", dilations=2),
        (1, 6, 6, 2),
        (2, 3, 2, 2),
        dict(strides=[1, 1], padding="SAME", dilations=[2, 2]),
    ),
    (
        "conv2d_explicit",
        lambda x, w: tf.nn.conv2d(x, w, 1, [[0, 0], [1, 0], [0, 2], [0, 0]]),
        (1, 4, 4, 2),
        (2, 2, 2, 2),
        dict(strides=[1, 1], padding=[(1, 0), (0, 2)]),
    ),
    (
        "conv2d_grouped",
        lambda x, w: tf.nn.conv2d(x, w, 1, "VALID"),
        (1, 4, 4, 4),
        (2, 2, 2, 4),
        dict(strides=[1, 1], padding="VALID", groups=2),
    ),
    (
        "conv1d",
        lambda x, w: tf.nn.conv1d(x, w, 2, "SAME"),
        (2, 7, 3),
        (3, 3, 4),
        dict(strides=[2], padding="SAME"),
    ),
    (
        "conv3d",
        lambda x, w: tf.nn.conv3d(x, w, [1, 1, 1, 1, 1], "VALID"),
        (1, 3, 4, 3, 2),
        (2, 2, 2, 2, 2),
        dict(strides=[1, 1, 1], padding="VALID"),
    ),
    (
        "convolution",
        lambda x, w: tf.nn.convolution(x, w, strides=2, padding="SAME"),
        (1, 5, 5, 2),
        (3, 3, 2, 2),
        dict(strides=[2, 2], padding="SAME"),
    ),
    (
        "atrous_conv2d",
        lambda x, w: tf.nn.atrous_conv2d(x, w, 2, "VALID"),
        (1, 6, 6, 1),
        (2, 2, 1, 2),
        dict(strides=[1, 1], padding="VALID", dilations=[2, 2]),
    ),
]


@pytest.mark.parametrize("name, fn, x_shape, w_shape, reference", CONV_CASES, ids=[c[0] for c in CONV_CASES])
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_conv_values(name, fn, x_shape, w_shape, reference, dtype):
    x = _RNG.normal(size=x_shape).astype(dtype)
    w = _RNG.normal(size=w_shape).astype(dtype)
    got = fn(tf.constant(x), tf.constant(w))
    assert got.dtype == tf.as_dtype(dtype)
    np.testing.assert_allclose(
        got.numpy(),
        numpy_conv(x.astype(np.float64), w.astype(np.float64), **reference),
        rtol=1e-5 if dtype == "float32" else 1e-12,
        atol=1e-5,
    )


@pytest.mark.parametrize(
    "name, fn, x_shape, w_shape, reference", CONV_CASES[:6:2], ids=[c[0] for c in CONV_CASES[:6:2]]
)
def test_conv_gradient(name, fn, x_shape, w_shape, reference):
    check_vjp(fn, [_RNG.normal(size=x_shape), _RNG.normal(size=w_shape)])


def test_conv2d_half_and_int_and_nchw():
    x = _RNG.normal(size=(1, 4, 4, 2))
    w = _RNG.normal(size=(2, 2, 2, 3))
    expected = numpy_conv(x, w, [1, 1], "SAME")
    half = tf.nn.conv2d(tf.constant(x.astype(np.float16)), tf.constant(w.astype(np.float16)), 1, "SAME")
    assert half.dtype == tf.float16
    np.testing.assert_allclose(half.numpy(), expected, rtol=2e-2, atol=2e-2)
    ints = tf.nn.conv2d(tf.ones([1, 3, 3, 1], tf.int32), tf.ones([2, 2, 1, 1], tf.int32), 1, "VALID")
    assert ints.dtype == tf.int32 and ints.numpy().ravel().tolist() == [4, 4, 4, 4]
    nchw = tf.nn.conv2d(
        tf.constant(x.transpose(0, 3, 1, 2)), tf.constant(w), [1, 1, 1, 1], "SAME", data_format="NCHW"
    )
    np.testing.assert_allclose(nchw.numpy(), expected.transpose(0, 3, 1, 2), rtol=1e-10)


def _transpose_reference(dy, w, output_shape, strides, padding):
    """conv_transpose(dy) = d/dx <conv(x, w), dy>, by linearity: sum over output elements."""
    out = np.zeros(output_shape)
    for index in np.ndindex(*output_shape):
        basis = np.zeros(output_shape)
        basis[index] = 1
        out[index] = np.sum(numpy_conv(basis, w, strides, padding) * dy)
    return out


@pytest.mark.parametrize("padding", ["SAME", "VALID"])
def test_conv2d_transpose(padding):
    output_shape = [1, 5, 4, 2]
    w = _RNG.normal(size=(3, 2, 2, 3))  # [h, w, out_channels, in_channels]
    forward_shape = numpy_conv(np.zeros(output_shape), w.transpose(0, 1, 2, 3), [2, 2], padding).shape
    dy = _RNG.normal(size=forward_shape)
    got = tf.nn.conv2d_transpose(tf.constant(dy), tf.constant(w), output_shape, 2, padding)
    assert got.shape == tuple(output_shape)
    np.testing.assert_allclose(
        got.numpy(), _transpose_reference(dy, w, output_shape, [2, 2], padding), rtol=1e-10
    )
    check_vjp(lambda a, b: tf.nn.conv2d_transpose(a, b, output_shape, 2, padding), [dy, w])


def test_conv1d_and_conv3d_transpose_shapes_and_values():
    w1 = _RNG.normal(size=(2, 4, 2))
    dy1 = _RNG.normal(size=(1, 3, 2))
    got = tf.nn.conv1d_transpose(tf.constant(dy1), tf.constant(w1), [1, 6, 4], 2)
    np.testing.assert_allclose(got.numpy(), _transpose_reference(dy1, w1, (1, 6, 4), [2], "SAME"), rtol=1e-10)
    got3 = tf.nn.conv3d_transpose(tf.ones([1, 2, 2, 2, 2]), tf.ones([2, 2, 2, 3, 2]), [1, 4, 4, 4, 3], 2)
    assert got3.shape == (1, 4, 4, 4, 3) and float(np.sum(got3.numpy())) == 384.0  # TensorFlow 2.15's sum


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_depthwise_and_separable(dtype):
    x = _RNG.normal(size=(2, 5, 5, 3)).astype(dtype)
    depthwise = _RNG.normal(size=(2, 2, 3, 2)).astype(dtype)
    pointwise = _RNG.normal(size=(1, 1, 6, 4)).astype(dtype)
    # Depthwise: channel c's filters are a grouped convolution with one group per input channel.
    grouped = depthwise.reshape(2, 2, 1, 6)
    expected = numpy_conv(x.astype(np.float64), grouped.astype(np.float64), [2, 2], "SAME", groups=3)
    got = tf.nn.depthwise_conv2d(x, depthwise, [1, 2, 2, 1], "SAME")
    tol = 1e-5 if dtype == "float32" else 1e-12
    np.testing.assert_allclose(got.numpy(), expected, rtol=tol, atol=tol)
    separable = tf.nn.separable_conv2d(x, depthwise, pointwise, [1, 2, 2, 1], "SAME")
    np.testing.assert_allclose(
        separable.numpy(), expected @ pointwise[0, 0].astype(np.float64), rtol=tol, atol=tol
    )
    dilated = tf.nn.depthwise_conv2d(x, depthwise, [1, 1, 1, 1], "VALID", dilations=[2, 2])
    np.testing.assert_allclose(
        dilated.numpy(),
        numpy_conv(
            x.astype(np.float64), grouped.astype(np.float64), [1, 1], "VALID", dilations=[2, 2], groups=3
        ),
        rtol=tol,
        atol=tol,
    )


def test_depthwise_gradient():
    check_vjp(
        lambda a, b: tf.nn.depthwise_conv2d(a, b, [1, 1, 1, 1], "SAME"),
        [_RNG.normal(size=(1, 3, 3, 2)), _RNG.normal(size=(2, 2, 2, 2))],
    )


POOL_CASES = [
    (
        "max_pool2d_valid",
        lambda x: tf.nn.max_pool2d(x, 2, 2, "VALID"),
        (2, 4, 5, 2),
        ([2, 2], [2, 2], "VALID", "MAX"),
    ),
    (
        "max_pool2d_same",
        lambda x: tf.nn.max_pool2d(x, [1, 3, 3, 1], [1, 2, 2, 1], "SAME"),
        (1, 5, 5, 2),
        ([3, 3], [2, 2], "SAME", "MAX"),
    ),
    (
        "avg_pool2d_same",
        lambda x: tf.nn.avg_pool2d(x, 3, 2, "SAME"),
        (1, 5, 4, 2),
        ([3, 3], [2, 2], "SAME", "AVG"),
    ),
    (
        "avg_pool_generic",
        lambda x: tf.nn.avg_pool(x, [2, 3], [1, 2], "VALID"),
        (1, 4, 7, 1),
        ([2, 3], [1, 2], "VALID", "AVG"),
    ),
    ("max_pool1d", lambda x: tf.nn.max_pool1d(x, 3, 2, "SAME"), (2, 6, 2), ([3], [2], "SAME", "MAX")),
    ("avg_pool1d", lambda x: tf.nn.avg_pool1d(x, 2, 1, "SAME"), (1, 5, 1), ([2], [1], "SAME", "AVG")),
    (
        "max_pool3d",
        lambda x: tf.nn.max_pool3d(x, 2, 1, "VALID"),
        (1, 3, 3, 3, 1),
        ([2, 2, 2], [1, 1, 1], "VALID", "MAX"),
    ),
    (
        "avg_pool3d",
        lambda x: tf.nn.avg_pool3d(x, 2, 2, "SAME"),
        (1, 3, 3, 3, 2),
        ([2, 2, 2], [2, 2, 2], "SAME", "AVG"),
    ),
    (
        "pool_dilated",
        lambda x: tf.nn.pool(x, [2, 2], "MAX", dilations=[2, 1]),
        (1, 5, 4, 1),
        ([2, 2], [1, 1], "VALID", "MAX", [2, 1]),
    ),
    (
        "pool_avg",
        lambda x: tf.nn.pool(x, [2, 2], "AVG", strides=[2, 2], padding="SAME"),
        (1, 5, 5, 1),
        ([2, 2], [2, 2], "SAME", "AVG"),
    ),
]


@pytest.mark.parametrize("name, fn, shape, reference", POOL_CASES, ids=[c[0] for c in POOL_CASES])
@pytest.mark.parametrize("dtype", ["float16", "float32", "float64"])
def test_pool_values(name, fn, shape, reference, dtype):
    x = _RNG.permutation(np.prod(shape)).reshape(shape).astype(dtype)  # distinct values: no ties
    got = fn(tf.constant(x))
    assert got.dtype == tf.as_dtype(dtype)
    np.testing.assert_allclose(
        got.numpy(), numpy_pool(x, *reference), rtol=2e-3 if dtype == "float16" else 1e-6
    )


@pytest.mark.parametrize("name, fn, shape, reference", POOL_CASES[1:4], ids=[c[0] for c in POOL_CASES[1:4]])
def test_pool_gradient(name, fn, shape, reference):
    check_vjp(fn, [_RNG.permutation(np.prod(shape)).reshape(shape) / 7.0])


def test_pool_integer_and_nchw():
    x = np.arange(16).reshape(1, 4, 4, 1).astype(np.int32)
    got = tf.nn.max_pool(x, 2, 2, "VALID")
    assert got.dtype == tf.int32 and got.numpy().ravel().tolist() == [5, 7, 13, 15]
    nchw = tf.nn.avg_pool2d(
        tf.constant(x.transpose(0, 3, 1, 2).astype(np.float32)), 2, 2, "VALID", data_format="NCHW"
    )
    assert nchw.shape == (1, 1, 2, 2) and nchw.numpy().ravel().tolist() == [2.5, 4.5, 10.5, 12.5]


# ---- errors -------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "fn, error, match",
    [
        (
            lambda: tf.nn.conv2d(tf.ones([1, 4, 4, 3]), tf.ones([2, 2, 2, 2]), 1, "SAME"),
            tf.errors.InvalidArgumentError,
            "input depth must be evenly divisible by filter depth: 3 vs 2",
        ),
        (lambda: tf.nn.conv2d(tf.ones([1, 4, 4, 3]), tf.ones([2, 2, 3, 2]), 1, "FOO"), ValueError, "padding"),
        (
            lambda: tf.nn.conv2d(tf.ones([1, 4, 4, 3]), tf.ones([2, 2, 3, 2]), [1, 2, 2], "SAME"),
            ValueError,
            "strides should be of length 1, 2 or 4",
        ),
        (
            lambda: tf.nn.conv2d(tf.ones([1, 4, 4, 3]), tf.ones([2, 2, 3, 2]), [2, 2, 2, 1], "SAME"),
            tf.errors.UnimplementedError,
            "batch and depth",
        ),
        (
            lambda: tf.nn.conv2d(tf.ones([1, 4, 4, 3]), tf.ones([5, 5, 3, 2]), 1, "VALID"),
            tf.errors.InvalidArgumentError,
            "would be negative",
        ),
        (
            lambda: tf.nn.conv2d(tf.ones([1, 4, 4, 3]), tf.ones([2, 2, 3, 2]), 2, "SAME", dilations=2),
            ValueError,
            "dilation",
        ),
        (lambda: tf.nn.conv2d(tf.ones([4, 4, 3]), tf.ones([2, 2, 3, 2]), 1, "SAME"), ValueError, "rank 4"),
        (
            lambda: tf.nn.conv2d(
                tf.ones([1, 4, 4, 1]), tf.ones([2, 2, 1, 1]), 1, [[1, 0], [1, 0], [0, 1], [0, 0]]
            ),
            tf.errors.InvalidArgumentError,
            "batch or channel",
        ),
        (
            lambda: tf.nn.conv2d_transpose(
                tf.ones([1, 2, 2, 2]), tf.ones([2, 2, 3, 2]), [1, 5, 5, 3], 1, "SAME"
            ),
            tf.errors.InvalidArgumentError,
            "out_backprop",
        ),
        (
            lambda: tf.nn.depthwise_conv2d(
                tf.ones([1, 4, 4, 3]), tf.ones([2, 2, 2, 2]), [1, 1, 1, 1], "SAME"
            ),
            tf.errors.InvalidArgumentError,
            "evenly divisible",
        ),
        (
            lambda: tf.nn.depthwise_conv2d(tf.ones([1, 4, 4, 3]), tf.ones([2, 2, 3, 2]), [2, 2], "VALID"),
            tf.errors.InvalidArgumentError,
            "4 or 5 dimensions",
        ),
        (
            lambda: tf.nn.max_pool2d(tf.ones([1, 4, 4, 1]), [2, 2, 2, 1], 1, "VALID"),
            tf.errors.UnimplementedError,
            "batch dimension",
        ),
        (
            lambda: tf.nn.max_pool2d(tf.ones([1, 4, 4, 1]), [2, 2, 2], 1, "VALID"),
            ValueError,
            "length 1, 2 or 4",
        ),
        (
            lambda: tf.nn.avg_pool(tf.ones([1, 2, 2, 1], tf.int32), 2, 2, "VALID"),
            tf.errors.InvalidArgumentError,
            "int32",
        ),
        (lambda: tf.nn.pool(tf.ones([1, 4, 4, 1]), [2, 2], "MIN"), ValueError, "MAX' or 'AVG"),
        (
            lambda: tf.nn.pool(tf.ones([1, 4, 4, 1]), [2, 2], "MAX", dilations=[2, 2], padding="SAME"),
            ValueError,
            "SAME",
        ),
    ],
)
def test_errors(fn, error, match):
    with pytest.raises(error, match=match):
        fn()


@pytest.mark.parametrize("include_batch", [False, True])
def test_max_pool_with_argmax_values_indices_and_gradient(include_batch):
    x = _RNG.permutation(2 * 4 * 4 * 3).reshape(2, 4, 4, 3).astype(np.float64)
    values, argmax = tf.nn.max_pool_with_argmax(x, 2, 2, "VALID", include_batch_in_index=include_batch)
    assert argmax.dtype is tf.int64 and values.shape == [2, 2, 2, 3]
    flat = x.reshape(-1) if include_batch else x.reshape(2, -1)
    for b, i, j, c in itertools.product(range(2), range(2), range(2), range(3)):
        window = x[b, 2 * i : 2 * i + 2, 2 * j : 2 * j + 2, c]
        assert values.numpy()[b, i, j, c] == window.max()
        index = argmax.numpy()[b, i, j, c]
        assert (flat[index] if include_batch else flat[b, index]) == window.max()
    check_vjp(
        lambda t: tf.nn.max_pool_with_argmax(t, 2, 2, "SAME", include_batch_in_index=include_batch)[0],
        [x[:, :3, :3, :]],
    )


def test_max_pool_with_argmax_rejects_nchw():
    with pytest.raises(ValueError, match="NHWC"):
        tf.nn.max_pool_with_argmax(tf.zeros([1, 2, 2, 1]), 2, 2, "VALID", data_format="NCHW")


@pytest.mark.parametrize(
    "shape, window, padding",
    [
        ((2, 7, 9, 3), 2, "VALID"),
        ((2, 7, 9, 3), 2, "SAME"),
        ((1, 6, 6, 2), 3, "SAME"),
        ((2, 8, 4), 2, "VALID"),
    ],
)
def test_tiled_max_pool_matches_window_max_and_its_gradient(shape, window, padding):
    import jax
    import jax.numpy as jnp

    x = np.random.RandomState(3).normal(size=shape).astype("float32")
    full = (1,) + (window,) * (len(shape) - 2) + (1,)
    pool = tf.nn.max_pool2d if len(shape) == 4 else tf.nn.max_pool1d
    reference, vjp = jax.vjp(lambda v: jax.lax.reduce_window(v, -np.inf, jax.lax.max, full, full, padding), x)
    seed = np.random.RandomState(4).normal(size=reference.shape).astype("float32")
    value = tf.constant(x)
    with tf.GradientTape() as tape:
        tape.watch(value)
        result = pool(value, window, window, padding)
    np.testing.assert_array_equal(result.numpy(), np.asarray(reference))
    gradient = tape.gradient(result, value, output_gradients=tf.constant(seed))
    np.testing.assert_allclose(gradient.numpy(), np.asarray(vjp(jnp.asarray(seed))[0]), rtol=1e-6)


def test_max_pool_gradient_goes_to_the_first_of_tied_maxima():
    x = tf.constant(np.array([[[[1.0], [1.0]], [[0.5], [1.0]]]], "float32"))
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.nn.max_pool2d(x, 2, 2, "VALID")
    np.testing.assert_array_equal(tape.gradient(y, x).numpy().ravel(), [1.0, 0.0, 0.0, 0.0])  # as TensorFlow
