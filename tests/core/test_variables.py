import numpy as np
import pytest

import lamina as tf


def test_variable_basics():
    v = tf.Variable([1.0, 2.0], name="weights")
    assert v.name == "weights:0" and v.dtype is tf.float32 and v.shape == [2]
    assert v.trainable and isinstance(v, tf.Variable) and not isinstance(v, tf.Tensor)
    assert tf.Variable(1.0).name == "Variable:0"
    np.testing.assert_array_equal(v.numpy(), [1.0, 2.0])
    assert (
        repr(v) == "<tf.Variable 'weights:0' shape=(2,) dtype=float32, numpy=array([1., 2.], dtype=float32)>"
    )


def test_initial_value_callable_and_dtype():
    v = tf.Variable(lambda: tf.constant([1, 2]), dtype=tf.int32)
    assert v.dtype is tf.int32
    w = tf.Variable(3, dtype=tf.float64)
    assert w.dtype is tf.float64 and w.numpy() == 3.0


def test_assign_family():
    v = tf.Variable([1.0, 2.0])
    assert v.assign([3.0, 4.0]) is v
    np.testing.assert_array_equal(v.numpy(), [3.0, 4.0])
    v.assign_add([1.0, 1.0])
    np.testing.assert_array_equal(v.numpy(), [4.0, 5.0])
    v.assign_sub(tf.constant([0.5, 0.5]))
    np.testing.assert_array_equal(v.numpy(), [3.5, 4.5])
    assert v.assign([0.0, 0.0], read_value=False) is None


def test_assign_shape_mismatch_is_value_error():
    v = tf.Variable([1.0, 2.0])
    with pytest.raises(ValueError, match="Shape"):
        v.assign([1.0, 2.0, 3.0])


def test_variable_operators_and_conversion():
    v = tf.Variable([1.0, 2.0])
    np.testing.assert_array_equal((v + 1).numpy(), [2.0, 3.0])
    np.testing.assert_array_equal((2.0 * v).numpy(), [2.0, 4.0])
    np.testing.assert_array_equal((v - v).numpy(), [0.0, 0.0])
    np.testing.assert_array_equal(tf.convert_to_tensor(v).numpy(), [1.0, 2.0])
    np.testing.assert_array_equal(np.asarray(v), [1.0, 2.0])
    with pytest.raises(TypeError, match="unhashable"):
        hash(v)
    assert {v.ref(): 1}[v.ref()] == 1


def test_read_value_is_a_snapshot():
    v = tf.Variable(1.0)
    before = v.read_value()
    v.assign(5.0)
    assert before.numpy() == 1.0 and v.numpy() == 5.0


def test_non_trainable_and_constraint():
    v = tf.Variable(1.0, trainable=False, constraint=lambda x: x)
    assert not v.trainable and v.constraint is not None
    with pytest.raises(ValueError):
        tf.Variable(1.0, constraint=3)
    with pytest.raises(ValueError):
        tf.Variable(None)


def test_name_scope_prefixes_variable_names():
    with tf.name_scope("outer"):
        with tf.name_scope("inner") as scope:
            assert scope == "outer/inner/"
            assert tf.Variable(1.0, name="w").name == "outer/inner/w:0"
        with tf.name_scope("abs/") as scope:
            assert scope == "abs/" and tf.Variable(1.0).name == "abs/Variable:0"
    assert tf.Variable(1.0, name="w").name == "w:0"
    with pytest.raises(ValueError):
        tf.name_scope(None)
