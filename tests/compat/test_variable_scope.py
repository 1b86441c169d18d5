import numpy as np
import pytest

import lamina as tf

tf1 = tf.compat.v1


def test_get_variable_creates_shares_and_refuses():
    g = tf.Graph()
    with g.as_default():
        with tf1.variable_scope("layer") as scope:
            w = tf1.get_variable("w", [2, 3])
            assert scope.name == "layer" and w.name == "layer/w:0" and w.shape == [2, 3]
            assert tf.constant(1.0).name == "layer/Const:0"  # initializer ops live under layer/w/
        with tf1.variable_scope("layer", reuse=True):
            assert tf1.get_variable("w") is w
            assert tf.constant(1.0).name == "layer_1/Const:0"
        with pytest.raises(ValueError, match="already exists, disallowed"):
            with tf1.variable_scope("layer"):
                tf1.get_variable("w", [2, 3])
        with pytest.raises(ValueError, match="does not exist"):
            with tf1.variable_scope("layer", reuse=True):
                tf1.get_variable("missing", [1])
        with pytest.raises(ValueError, match="specified shape"):
            with tf1.variable_scope("layer", reuse=True):
                tf1.get_variable("w", [3, 3])
        with tf1.variable_scope("layer", reuse=tf1.AUTO_REUSE):
            assert tf1.get_variable("w", [2, 3]) is w
            b = tf1.get_variable("b", [3], initializer=tf1.zeros_initializer())
        with tf1.variable_scope("outer"), tf1.variable_scope("inner"):
            count = tf1.get_variable("count", [], dtype=tf.int32)
            assert tf1.get_variable_scope().name == "outer/inner"
        c = tf1.get_variable("c", initializer=tf.constant([1.0, 2.0]))
        step = tf1.train.get_or_create_global_step()
        assert tf1.train.get_or_create_global_step() is step and tf1.train.get_global_step() is step
        init = tf1.global_variables_initializer()
    assert count.name == "outer/inner/count:0" and c.shape == [2] and step.name == "global_step:0"
    assert step.dtype is tf.int64 and not step.trainable
    with tf1.Session(graph=g) as sess:
        sess.run(init)
        kernel = sess.run(w)
        limit = np.sqrt(6.0 / 5.0)  # Glorot uniform for a 2x3 kernel
        assert np.all(np.abs(kernel) <= limit) and kernel.std() > 0
        np.testing.assert_array_equal(sess.run(b), np.zeros(3))
        assert sess.run(count) == 0 and sess.run(step) == 0
        np.testing.assert_array_equal(sess.run(c), [1.0, 2.0])


def test_scope_initializer_default_and_new_variable_needs_a_shape():
    g = tf.Graph()
    with g.as_default():
        with tf1.variable_scope("model", initializer=tf1.constant_initializer(0.5)):
            v = tf1.get_variable("v", [2])
        with pytest.raises(ValueError, match="fully defined"):
            tf1.get_variable("shapeless")
        init = tf1.global_variables_initializer()
    with tf1.Session(graph=g) as sess:
        sess.run(init)
        np.testing.assert_array_equal(sess.run(v), [0.5, 0.5])
