"""Clipping ops: values against NumPy, gradients against finite differences and TensorFlow's rules at
the bounds, and its error classes."""

import numpy as np
import pytest

import lamina as tf
from tests.ops.harness import OpCase, check_gradient, check_values


def np_clip_by_norm(x, clip_norm, axes=None):
    norm = np.sqrt(np.sum(x * x, axis=axes, keepdims=True))
    return x * clip_norm / np.maximum(norm, clip_norm)


def clip_with_tensor_bounds(x):
    """Bounds that broadcast against x from both sides: one per row, one per column."""
    low, high = tf.constant([[-0.5], [0.0]], x.dtype), tf.constant([1.0, 0.5, 2.0], x.dtype)
    return tf.clip_by_value(x, low, high)


CASES = [
    OpCase("clip_by_value", lambda x: tf.clip_by_value(x, 0, 2), lambda x: np.clip(x, 0, 2),
           dtypes=("float16", "bfloat16", "float32", "int8", "int32", "uint8", "int64")),
    OpCase("clip_by_value_tensor_bounds", clip_with_tensor_bounds,
           lambda x: np.clip(x, [[-0.5], [0.0]], [1.0, 0.5, 2.0]), dtypes=("float32",)),
    OpCase("clip_by_norm", lambda x: tf.clip_by_norm(x, 1.5), lambda x: np_clip_by_norm(x, 1.5),
           dtypes=("float16", "bfloat16", "float32")),
    OpCase("clip_by_norm_axes", lambda x: tf.clip_by_norm(x, 1.0, axes=[1]),
           lambda x: np_clip_by_norm(x, 1.0, axes=1), dtypes=("float32",)),
    OpCase("clip_by_norm_large", lambda x: tf.clip_by_norm(x, 100.0), lambda x: x, dtypes=("float32",)),
]


@pytest.mark.parametrize("case,dtype", [pytest.param(c, d, id=f"{c.name}-{d}")
                                        for c in CASES for d in c.dtypes])
def test_values(case, dtype):
    check_values(case, (2, 3), dtype)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_gradients(case):
    x = np.array([[0.3, -1.7, 2.2], [-0.4, 1.2, 0.6]])
    check_gradient(case.lamina_fn, [x])


def test_clip_by_value_gradient_passes_at_the_bounds():
    x, low, high = tf.constant([-1.0, 0.0, 0.5, 1.0, 2.0]), tf.constant(0.0), tf.constant(1.0)
    with tf.GradientTape() as tape:
        tape.watch([x, low, high])
        y = tf.clip_by_value(x, low, high)
    dx, dlow, dhigh = tape.gradient(y, [x, low, high])
    np.testing.assert_array_equal(dx.numpy(), [0.0, 1.0, 1.0, 1.0, 0.0])
    assert dlow.numpy() == 1.0 and dhigh.numpy() == 1.0


def test_clip_by_value_special_cases_and_errors():
    np.testing.assert_array_equal(tf.clip_by_value(tf.constant([0.0, 5.0]), 1.0, -1.0).numpy(), [1.0, 1.0])
    with pytest.raises(ValueError, match="incompatible"):
        tf.clip_by_value(tf.constant([1.0]), [0.0, 0.0], 1.0)
    with pytest.raises(TypeError):
        tf.clip_by_value(tf.constant([1, 5]), 2.5, 6)
    with pytest.raises(tf.errors.InvalidArgumentError):
        tf.clip_by_value(tf.constant([1.0, 5.0]), tf.constant(2), 6.0)
    with pytest.raises(tf.errors.InvalidArgumentError):
        tf.clip_by_value(tf.constant([1 + 1j]), 0j, 1j)


def test_clip_by_norm_of_zero_and_errors():
    x = tf.constant([0.0, 0.0])
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.clip_by_norm(x, 1.0)
    np.testing.assert_array_equal(y.numpy(), [0.0, 0.0])
    np.testing.assert_array_equal(tape.gradient(y, x).numpy(), [1.0, 1.0])
    np.testing.assert_allclose(tf.clip_by_norm(tf.constant([3.0, 4.0]), [2.0, 10.0]).numpy(), [1.2, 4.0])
    with pytest.raises(tf.errors.InvalidArgumentError):
        tf.clip_by_norm(tf.constant([3, 4]), 2)
    with pytest.raises(tf.errors.InvalidArgumentError):
        tf.clip_by_norm(tf.constant([3.0, 4.0]), tf.constant(2.0, tf.float64))
    with pytest.raises(tf.errors.InvalidArgumentError):
        tf.clip_by_norm(tf.constant([3.0, 4.0]), 2.0, axes=[1])


def test_clip_by_global_norm():
    a, b = np.array([[-3.0, 4.0], [1.0, 0.5]]), np.array([1.0])
    norm = np.sqrt(np.sum(a**2) + np.sum(b**2))
    clipped, global_norm = tf.clip_by_global_norm([tf.constant(a), tf.constant(b), None], 2.0)
    assert isinstance(clipped, list) and clipped[2] is None
    np.testing.assert_allclose(global_norm.numpy(), norm, rtol=1e-6)
    np.testing.assert_allclose(clipped[0].numpy(), a * 2.0 / norm, rtol=1e-6)
    np.testing.assert_allclose(clipped[1].numpy(), b * 2.0 / norm, rtol=1e-6)
    unchanged, _ = tf.clip_by_global_norm((tf.constant(a),), 100.0)
    np.testing.assert_allclose(unchanged[0].numpy(), a)
    given, used = tf.clip_by_global_norm([tf.constant(a)], 2.0, use_norm=10.0)
    assert used.numpy() == 10.0
    np.testing.assert_allclose(given[0].numpy(), a * 0.2, rtol=1e-6)
    np.testing.assert_allclose(tf.linalg.global_norm([tf.constant(a), None]).numpy(), np.sqrt(np.sum(a**2)))


def test_clip_by_global_norm_gradient_and_edge_cases():
    inputs = [np.array([1.0, -2.0]), np.array([0.5])]
    check_gradient(lambda x, y: tf.clip_by_global_norm([x, y], 1.5)[0][0], inputs)
    diverged, norm = tf.clip_by_global_norm([tf.constant([np.inf, 1.0])], 2.0)
    assert norm.numpy() == np.inf and np.all(np.isnan(diverged[0].numpy()))
    half, half_norm = tf.clip_by_global_norm([tf.constant([3.0, 4.0], tf.float16)], 2.0)
    assert half[0].dtype == tf.float16 and half_norm.dtype == tf.float16 and half_norm.numpy() == 5.0
    with pytest.raises(TypeError, match="sequence"):
        tf.clip_by_global_norm(tf.constant([1.0]), 1.0)
    with pytest.raises(tf.errors.InvalidArgumentError):
        tf.clip_by_global_norm([tf.constant([1.0]), tf.constant([1.0], tf.float64)], 1.0)
    with pytest.raises(tf.errors.InvalidArgumentError):
        tf.linalg.global_norm([tf.constant([3, 4])])
