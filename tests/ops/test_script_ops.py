import numpy as np
import pytest

import lamina as tf


def test_numpy_function_eager_and_in_a_function():
    doubled = tf.numpy_function(lambda a: a * 2, [tf.constant([1.0, 2.0])], tf.float32)
    np.testing.assert_array_equal(doubled.numpy(), [2.0, 4.0])
    calls = []

    @tf.function
    def sort_then_add(x):
        y = tf.numpy_function(lambda a: (calls.append(1), np.sort(a))[1], [x], tf.float32)
        assert y.shape.rank is None  # unknown while the graph is built, as in TensorFlow
        return y + 1.0

    np.testing.assert_array_equal(sort_then_add(tf.constant([3.0, 1.0, 2.0])).numpy(), [2.0, 3.0, 4.0])
    sort_then_add(tf.constant([5.0, 4.0, 6.0]))
    assert len(calls) == 2  # runs on every call, not at trace time


def test_py_function_is_differentiable_and_checks_tout():
    x = tf.constant(3.0)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.py_function(lambda a: a * a, [x], tf.float32)
    assert y.numpy() == 9.0 and tape.gradient(y, x).numpy() == 6.0
    a, b = tf.py_function(lambda v: (v + 1, tf.cast(v, tf.int32)), [tf.constant(1.5)], [tf.float32, tf.int32])
    assert a.numpy() == 2.5 and b.numpy() == 1
    with pytest.raises(tf.errors.InvalidArgumentError, match="Tout"):
        tf.numpy_function(lambda v: v, [tf.constant(1.0)], tf.int32)
